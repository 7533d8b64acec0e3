/* performance.yaml: the Reviews module's policy (management policies 000
 * §5, 001 §4, 002 §2.4, 003 §5).  Who rates and with what weight, the KPI
 * templates of the roles (computed KPIs against a target, rated ones by
 * evaluators), the grade bands with their bonuses and target shares, the
 * bonus base, the rules of failing streaks and promotion, and the honours
 * of a period.  Bound by tables of keys like the other files; the
 * arithmetic that uses it is core's (review.h).
 *
 * The file is read last.  It refers to roles.yaml only (a template's
 * roles), and that check is made only when roles.yaml had no mistake of its
 * own (policy_performance_ctx): against a half-read roles.yaml every role
 * would look unknown.  Inside the file, the checks that span several values
 * (weights that total 100, falling grade mins, a rater with weight 0)
 * skip a value that was itself written wrong, for the same reason: the
 * mistake to report is that one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "yaml_tree.h"

#define NKEYS(t) (sizeof(t) / sizeof(t)[0])

enum {
    MAX_KPIS = 16,
    MIN_GRADES = 2,
    MAX_GRADES = 8, /* the calibration sheet shows this many (app.h) */
    MAX_GRADE_LEN = 8,
    MIN_CAP = 100,
    MAX_CAP = 1000,
    DEFAULT_CAP = 100,
    MAX_BONUS_PCT = 1000,
    MAX_STREAK = 12,
    DEFAULT_IMPROVEMENT_AFTER = 2,
    DEFAULT_ESCALATION_AFTER = 3,
    DEFAULT_PROMOTION_PERIODS = 0,
};

_Static_assert(MAX_GRADE_LEN < sizeof((policy_grade *)0)->grade, "a grade fits its array");

static const char *const source_names[] = {
#define POLICY_X_NAME(id, name, help) [id] = name,
    POLICY_KPI_SOURCE_LIST(POLICY_X_NAME)
#undef POLICY_X_NAME
};

static const char *const source_helps[] = {
#define POLICY_X_HELP(id, name, help) [id] = help,
    POLICY_KPI_SOURCE_LIST(POLICY_X_HELP)
#undef POLICY_X_HELP
};

/* In the order of policy_rater: the keys of raters and the words of
 * rated_by. */
static const char *const rater_names[] = {
    [RATER_SUPERVISOR] = "supervisor",
    [RATER_PEER] = "peer",
    [RATER_SELF] = "self",
    [RATER_CUSTOMER] = "customer",
};
_Static_assert(sizeof rater_names / sizeof rater_names[0] == RATER_COUNT,
               "a name for every rater");

/* In the order of rv_kpi_kind: the values of a KPI's score. */
static const char *const kind_names[] = {
    [RV_COMPUTED] = "computed",
    [RV_RATED_5] = "rated_5",
    [RV_RATED_100] = "rated_100",
};
#define NKINDS (sizeof kind_names / sizeof kind_names[0])

/* "90" or "87.5": hundredths of a point as people write points. */
static char *points_text(int64_t hundredths, char *buf, size_t n)
{
    long long whole = (long long)(hundredths / 100), part = (long long)(hundredths % 100);
    if (part == 0)
        snprintf(buf, n, "%lld", whole);
    else if (part % 10 == 0)
        snprintf(buf, n, "%lld.%lld", whole, part / 10);
    else
        snprintf(buf, n, "%lld.%02lld", whole, part);
    return buf;
}

/* The key node of key in map (where "kpis:" is written), or map itself. */
static const ytree_node *key_at(const ytree_node *map, const char *key)
{
    if (map && map->kind == YTREE_MAPPING)
        for (size_t i = 0; i < map->n; i++)
            if (strcmp(map->pairs[i].key->text, key) == 0)
                return map->pairs[i].key;
    return map;
}

/* The written code of a list item, for messages ("?" when there is none). */
static const char *code_of(ytree_node *item)
{
    ytree_node *c = item && item->kind == YTREE_MAPPING ? ytree_get(item, "code") : NULL;
    return c && c->kind == YTREE_SCALAR && !ytree_is_null(c) ? c->text : "?";
}

/* ---- raters ------------------------------------------------------------- */
static bool bind_rater(ybind *b, ytree_node *v, void *obj, policy_rater r)
{
    int64_t n;
    if (!ybind_int(b, v, 0, 100, &n))
        return false;
    ((policy_performance_ctx *)obj)->p->rater_weights[r] = (int)n;
    return true;
}

static bool rater_supervisor(ybind *b, ytree_node *v, void *obj)
{
    return bind_rater(b, v, obj, RATER_SUPERVISOR);
}

static bool rater_peer(ybind *b, ytree_node *v, void *obj)
{
    return bind_rater(b, v, obj, RATER_PEER);
}

static bool rater_self(ybind *b, ytree_node *v, void *obj)
{
    return bind_rater(b, v, obj, RATER_SELF);
}

static bool rater_customer(ybind *b, ytree_node *v, void *obj)
{
    return bind_rater(b, v, obj, RATER_CUSTOMER);
}

static const ybind_key rater_keys[] = {
    {"supervisor", true, rater_supervisor},
    {"peer", true, rater_peer},
    {"self", true, rater_self},
    {"customer", true, rater_customer},
};

static bool raters(ybind *b, ytree_node *v, void *obj)
{
    policy_performance_ctx *cx = obj;
    const policy *p = cx->p;
    if (!ybind_table(b, v, rater_keys, NKEYS(rater_keys), cx))
        return false;
    int total = 0;
    for (int r = 0; r < RATER_COUNT; r++)
        total += p->rater_weights[r];
    if (total != 100) {
        ybind_errf(b, v, "the rater weights total %d (supervisor %d, peer %d, self %d, "
                         "customer %d); they must total 100",
                   total, p->rater_weights[RATER_SUPERVISOR], p->rater_weights[RATER_PEER],
                   p->rater_weights[RATER_SELF], p->rater_weights[RATER_CUSTOMER]);
        return false;
    }
    cx->raters_ok = true;
    return true;
}

/* ---- A template's KPIs -------------------------------------------------- */
typedef struct kpi_ctx {
    policy_kpi *k;
    const policy_performance_ctx *cx;
    /* The value nodes of the keys that depend on score, when written. */
    ytree_node *source, *target, *cap, *rated_by;
    bool kind_ok;   /* score was bound */
    bool weight_ok; /* weight was bound */
} kpi_ctx;

static bool kpi_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((kpi_ctx *)obj)->k->code);
}

static bool kpi_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((kpi_ctx *)obj)->k->name);
}

static bool kpi_weight(ybind *b, ytree_node *v, void *obj)
{
    kpi_ctx *kc = obj;
    int64_t n;
    if (!ybind_int(b, v, 1, 100, &n))
        return false;
    kc->k->weight = (int)n;
    kc->weight_ok = true;
    return true;
}

static bool kpi_score(ybind *b, ytree_node *v, void *obj)
{
    kpi_ctx *kc = obj;
    int kind;
    if (!ybind_enum(b, v, "score", kind_names, NKINDS, &kind))
        return false;
    kc->k->kind = (rv_kpi_kind)kind;
    kc->kind_ok = true;
    return true;
}

static bool kpi_source(ybind *b, ytree_node *v, void *obj)
{
    kpi_ctx *kc = obj;
    int s;
    kc->source = v;
    if (!ybind_enum(b, v, "source", source_names, KPI_SOURCE_COUNT, &s))
        return false;
    kc->k->source = (policy_kpi_source)s;
    /* Fewer days to close a complaint is better; every other figure is
     * better higher.  Not a key: it follows from what is measured. */
    kc->k->lower_is_better = s == KPI_RESOLUTION_DAYS;
    return true;
}

static bool kpi_target(ybind *b, ytree_node *v, void *obj)
{
    kpi_ctx *kc = obj;
    kc->target = v;
    /* Every figure is in hundredths (policy.h), as money is in minor
     * units: one parser reads "300,000.00" and "2" alike. */
    return policy_bind_money(b, v, "target", true, &kc->k->target);
}

static bool kpi_cap(ybind *b, ytree_node *v, void *obj)
{
    kpi_ctx *kc = obj;
    int64_t n;
    kc->cap = v;
    if (!ybind_int(b, v, MIN_CAP, MAX_CAP, &n))
        return false;
    kc->k->cap = (int)n;
    return true;
}

static bool kpi_rated_by(ybind *b, ytree_node *v, void *obj)
{
    kpi_ctx *kc = obj;
    const policy *p = kc->cx->p;
    size_t before = b->errors;
    kc->rated_by = v;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one rater is needed (supervisor, peer, self, customer)");
        return false;
    }
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *it = v->items[i];
        int r;
        if (!ybind_enum(b, it, "rater", rater_names, RATER_COUNT, &r))
            continue;
        /* A source with no weight would rate for nothing. */
        if (kc->cx->raters_ok && p->rater_weights[r] == 0) {
            ybind_errf(b, it, "rater '%s' has weight 0 in raters: it cannot rate a KPI; give "
                              "it a weight there or leave it out of rated_by",
                       rater_names[r]);
            continue;
        }
        kc->k->rated_by |= 1u << r;
    }
    ybind_unique(b, v->items, v->n, "rater");
    return b->errors == before;
}

static const ybind_key kpi_keys[] = {
    {"code", true, kpi_code},
    {"name", true, kpi_name},
    {"weight", true, kpi_weight},
    {"score", true, kpi_score},
    {"source", false, kpi_source},
    {"target", false, kpi_target},
    {"cap", false, kpi_cap},
    {"rated_by", false, kpi_rated_by},
};

/* The keys a KPI needs and may not have, by how it is scored. */
static void check_kpi(ybind *b, ytree_node *item, const kpi_ctx *kc)
{
    if (!kc->kind_ok)
        return;
    const char *kind = kind_names[kc->k->kind];
    if (kc->k->kind == RV_COMPUTED) {
        if (!kc->source) {
            bd_buf known = {0};
            for (int s = 0; s < KPI_SOURCE_COUNT; s++)
                bd_buf_printf(&known, "%s%s", s ? ", " : "", source_names[s]);
            ybind_errf(b, item, "missing required key 'source': a computed KPI names the figure "
                                "it is scored on (one of: %s)",
                       bd_buf_str(&known));
            bd_buf_free(&known);
        }
        if (!kc->target)
            ybind_errf(b, item, "missing required key 'target': a computed KPI needs the figure "
                                "that is worth 100 points");
        if (kc->rated_by)
            ybind_errf(b, kc->rated_by, "a computed KPI takes no rated_by: its score comes from "
                                        "the data; leave out rated_by");
        return;
    }
    if (!kc->rated_by)
        ybind_errf(b, item, "missing required key 'rated_by': a %s KPI names who rates it (one "
                            "or more of: supervisor, peer, self, customer)",
                   kind);
    const struct {
        const char *key;
        ytree_node *at;
    } computed_only[] = {{"source", kc->source}, {"target", kc->target}, {"cap", kc->cap}};
    for (size_t i = 0; i < NKEYS(computed_only); i++)
        if (computed_only[i].at)
            ybind_errf(b, computed_only[i].at,
                       "a %s KPI takes no %s: evaluators score it; leave out %s (or make it "
                       "score: computed)",
                       kind, computed_only[i].key, computed_only[i].key);
}

/* ---- templates ---------------------------------------------------------- */
typedef struct template_ctx {
    policy_template *t;
    const policy_performance_ctx *cx;
    ytree_node *item; /* the template's mapping */
} template_ctx;

static bool template_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((template_ctx *)obj)->t->code);
}

static bool template_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((template_ctx *)obj)->t->name);
}

/* Roles of roles.yaml.  A role in two templates is found by templates(),
 * across the list. */
static bool template_roles(ybind *b, ytree_node *v, void *obj)
{
    template_ctx *tc = obj;
    const policy *p = tc->cx->p;
    policy_template *t = tc->t;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    t->roles = bd_xcalloc(v->n ? v->n : 1, sizeof *t->roles);
    t->nroles = 0;
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *it = v->items[i];
        char code[33];
        if (!ybind_code(b, it, code))
            continue;
        if (tc->cx->roles_ok && !policy_role_find(p, code)) {
            bd_buf known = {0};
            for (size_t k = 0; k < p->nroles; k++)
                bd_buf_printf(&known, "%s%s", k ? ", " : "", p->roles[k].code);
            char buf[YTREE_SHOWN_SIZE];
            ybind_errf(b, it, "unknown role %s: roles.yaml has no such role (roles: %s)",
                       ytree_describe(it, buf, sizeof buf), bd_buf_str(&known));
            bd_buf_free(&known);
            continue;
        }
        memcpy(t->roles[t->nroles++], code, sizeof code);
    }
    return b->errors == before;
}

static bool template_kpis(ybind *b, ytree_node *v, void *obj)
{
    template_ctx *tc = obj;
    policy_template *t = tc->t;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n < 1 || v->n > MAX_KPIS) {
        ybind_errf(b, v, "expected from 1 to %d KPIs, got %zu", MAX_KPIS, v->n);
        return false;
    }
    t->kpis = bd_xcalloc(v->n, sizeof *t->kpis);
    t->nkpis = v->n;
    bool weights_ok = true;
    int total = 0;
    for (size_t i = 0; i < v->n; i++) {
        kpi_ctx kc = {.k = &t->kpis[i], .cx = tc->cx};
        kc.k->cap = DEFAULT_CAP;
        ybind_table(b, v->items[i], kpi_keys, NKEYS(kpi_keys), &kc);
        if (v->items[i]->kind == YTREE_MAPPING)
            check_kpi(b, v->items[i], &kc);
        weights_ok = weights_ok && kc.weight_ok;
        total += kc.k->weight;
    }
    policy_unique_codes(b, v, "KPI code");
    /* At the key: the list may be long, and the key is where it starts. */
    if (weights_ok && total != 100)
        ybind_errf(b, key_at(tc->item, "kpis"),
                   "the KPI weights of template '%s' total %d; they must total exactly 100",
                   code_of(tc->item), total);
    return b->errors == before;
}

static const ybind_key template_keys[] = {
    {"code", true, template_code},
    {"name", true, template_name},
    {"roles", true, template_roles},
    {"kpis", true, template_kpis},
};

/* A role written in a template, for finding roles in two templates. */
typedef struct role_use {
    ytree_node *at;
    size_t tmpl; /* index of the template */
} role_use;

static int cmp_role_use(const void *a, const void *b)
{
    const role_use *x = a, *y = b;
    int c = strcmp(x->at->text, y->at->text);
    if (c)
        return c;
    if (x->at->line != y->at->line)
        return x->at->line < y->at->line ? -1 : 1;
    return (x->at->col > y->at->col) - (x->at->col < y->at->col);
}

/* A role has one template: a second mention is refused, naming the first.
 * Sorted, so a long list costs n log n. */
static void check_roles_once(ybind *b, ytree_node *list)
{
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++) {
        ytree_node *r = ytree_get(list->items[i], "roles");
        if (r && r->kind == YTREE_SEQUENCE)
            n += r->n;
    }
    role_use *v = bd_xcalloc(n ? n : 1, sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < list->n; i++) {
        ytree_node *r = ytree_get(list->items[i], "roles");
        if (!r || r->kind != YTREE_SEQUENCE)
            continue;
        for (size_t k = 0; k < r->n; k++)
            if (r->items[k]->kind == YTREE_SCALAR && !ytree_is_null(r->items[k]))
                v[m++] = (role_use){.at = r->items[k], .tmpl = i};
    }
    qsort(v, m, sizeof *v, cmp_role_use);
    for (size_t i = 0; i < m;) {
        size_t end = i + 1; /* v[i..end) is one role, the first mention first */
        while (end < m && strcmp(v[end].at->text, v[i].at->text) == 0)
            end++;
        const ytree_node *f = v[i].at;
        for (size_t k = i + 1; k < end; k++) {
            const ytree_node *at = v[k].at;
            char buf[YTREE_SHOWN_SIZE];
            if (v[k].tmpl == v[i].tmpl) {
                char col[32] = "";
                if (f->line == at->line) /* [a, b, a]: the line alone is no help */
                    snprintf(col, sizeof col, ", column %d", f->col);
                ybind_errf(b, at, "duplicate role %s (first at line %d%s)",
                           ytree_describe(at, buf, sizeof buf), f->line, col);
            } else {
                ybind_errf(b, at,
                           "role %s is in two templates: '%s' (line %d) and '%s' (line %d); a "
                           "role has at most one KPI template",
                           ytree_describe(at, buf, sizeof buf), code_of(list->items[v[i].tmpl]),
                           f->line, code_of(list->items[v[k].tmpl]), at->line);
            }
        }
        i = end;
    }
    free(v);
}

static bool templates(ybind *b, ytree_node *v, void *obj)
{
    policy_performance_ctx *cx = obj;
    policy *p = cx->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one KPI template is needed");
        return false;
    }
    p->templates = bd_xcalloc(v->n, sizeof *p->templates);
    p->ntemplates = v->n;
    for (size_t i = 0; i < v->n; i++) {
        template_ctx tc = {.t = &p->templates[i], .cx = cx, .item = v->items[i]};
        ybind_table(b, v->items[i], template_keys, NKEYS(template_keys), &tc);
    }
    policy_unique_codes(b, v, "template code");
    check_roles_once(b, v);
    return b->errors == before;
}

/* ---- Failing streaks and promotion -------------------------------------- */
static bool improvement_after(ybind *b, ytree_node *v, void *obj)
{
    policy_performance_ctx *cx = obj;
    int64_t n;
    cx->improvement = v;
    if (!ybind_int(b, v, 0, MAX_STREAK, &n)) {
        cx->streaks_bad = true;
        return false;
    }
    cx->p->improvement_after = (int)n;
    return true;
}

static bool escalation_after(ybind *b, ytree_node *v, void *obj)
{
    policy_performance_ctx *cx = obj;
    int64_t n;
    cx->escalation = v;
    if (!ybind_int(b, v, 0, MAX_STREAK, &n)) {
        cx->streaks_bad = true;
        return false;
    }
    cx->p->escalation_after = (int)n;
    return true;
}

static bool promotion_periods(ybind *b, ytree_node *v, void *obj)
{
    int64_t n;
    if (!ybind_int(b, v, 0, MAX_STREAK, &n))
        return false;
    ((policy_performance_ctx *)obj)->p->promotion_periods = (int)n;
    return true;
}

/* Escalation comes after the improvement plan, when both rules are on.
 * Either value may be the default, so this runs once both keys have been
 * bound: from grades, which comes after them in the table and is
 * required (without it the file is refused anyway). */
static void check_streaks(ybind *b, const policy_performance_ctx *cx)
{
    const policy *p = cx->p;
    if (cx->streaks_bad || !p->improvement_after || !p->escalation_after ||
        p->escalation_after > p->improvement_after)
        return;
    if (cx->escalation) {
        char where[48] = " (the default)";
        if (cx->improvement)
            snprintf(where, sizeof where, " (line %d)", cx->improvement->line);
        ybind_errf(b, cx->escalation,
                   "escalation_after %d is not above improvement_after %d%s: escalation comes "
                   "after more failing periods than the improvement plan (0 turns it off)",
                   p->escalation_after, p->improvement_after, where);
    } else if (cx->improvement) {
        ybind_errf(b, cx->improvement,
                   "improvement_after %d is not below escalation_after %d (the default): the "
                   "improvement plan comes before escalation; set escalation_after higher, or "
                   "0 to turn it off",
                   p->improvement_after, p->escalation_after);
    }
}

/* ---- grades ------------------------------------------------------------- */
typedef struct grade_ctx {
    policy_grade *g;
    ytree_node *min;    /* min's value node, when written */
    ytree_node *target; /* target_pct's value node, when written */
    bool grade_ok, min_ok, target_ok;
} grade_ctx;

static bool grade_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '-';
}

static bool grade_grade(ybind *b, ytree_node *v, void *obj)
{
    grade_ctx *gc = obj;
    char *s = NULL;
    if (!ybind_string(b, v, 0, &s))
        return false;
    size_t len = strlen(s);
    bool ok = len >= 1 && len <= MAX_GRADE_LEN;
    for (size_t i = 0; ok && i < len; i++)
        ok = grade_char(s[i]);
    if (ok) {
        memcpy(gc->g->grade, s, len + 1);
        gc->grade_ok = true;
    } else {
        char buf[YTREE_SHOWN_SIZE];
        ybind_errf(b, v, "invalid grade %s: a grade is 1 to %d characters of A-Z, a-z, 0-9, + "
                         "and -, like A or B+",
                   ytree_describe(v, buf, sizeof buf), MAX_GRADE_LEN);
    }
    free(s);
    return ok;
}

/* Points from 0 to 100 as people write them ("90", "87.5"), into
 * hundredths: the money parser, which reads two decimals exactly. */
static bool grade_min(ybind *b, ytree_node *v, void *obj)
{
    grade_ctx *gc = obj;
    gc->min = v;
    char *s = NULL;
    if (!ybind_string(b, v, 64, &s))
        return false;
    int64_t n = 0;
    bd_err e = {0};
    bool ok = bd_money_parse(s, &n, &e) == BD_OK && n >= 0 && n <= RV_FULL;
    free(s);
    if (!ok) {
        char buf[YTREE_SHOWN_SIZE];
        ybind_errf(b, v, "invalid min %s: expected points from 0 to 100, like 90 or \"87.5\" "
                         "(at most two decimals)",
                   ytree_describe(v, buf, sizeof buf));
        return false;
    }
    gc->g->min = n;
    gc->min_ok = true;
    return true;
}

static bool grade_bonus_pct(ybind *b, ytree_node *v, void *obj)
{
    int64_t n;
    if (!ybind_int(b, v, 0, MAX_BONUS_PCT, &n))
        return false;
    ((grade_ctx *)obj)->g->bonus_pct = (int)n;
    return true;
}

static bool grade_bonus_amount(ybind *b, ytree_node *v, void *obj)
{
    return policy_bind_money(b, v, "bonus_amount", false, &((grade_ctx *)obj)->g->bonus_amount);
}

static bool grade_failing(ybind *b, ytree_node *v, void *obj)
{
    return ybind_bool(b, v, &((grade_ctx *)obj)->g->failing);
}

static bool grade_target_pct(ybind *b, ytree_node *v, void *obj)
{
    grade_ctx *gc = obj;
    int64_t n;
    gc->target = v;
    if (!ybind_int(b, v, 0, 100, &n))
        return false;
    gc->g->target_pct = (int)n;
    gc->target_ok = true;
    return true;
}

static const ybind_key grade_keys[] = {
    {"grade", true, grade_grade},
    {"min", true, grade_min},
    {"bonus_pct", false, grade_bonus_pct},
    {"bonus_amount", false, grade_bonus_amount},
    {"failing", false, grade_failing},
    {"target_pct", false, grade_target_pct},
};

/* The mins fall strictly from the first grade to the last, which is 0. */
static void check_mins(ybind *b, const grade_ctx *gc, size_t n)
{
    const grade_ctx *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!gc[i].min_ok)
            continue;
        if (prev && gc[i].g->min >= prev->g->min) {
            char now[32], before[32];
            ybind_errf(b, gc[i].min,
                       "min %s is not below the %s of grade '%s' (line %d): grades go from the "
                       "highest down, each with a lower min",
                       points_text(gc[i].g->min, now, sizeof now),
                       points_text(prev->g->min, before, sizeof before),
                       prev->grade_ok ? prev->g->grade : "?", prev->min->line);
        }
        prev = &gc[i];
    }
    const grade_ctx *last = &gc[n - 1];
    if (last->min_ok && last->g->min != 0) {
        char now[32];
        ybind_errf(b, last->min,
                   "the last grade's min is %s; it must be 0, so that every score earns a grade",
                   points_text(last->g->min, now, sizeof now));
    }
}

/* target_pct for every grade or for none, totalling 100. */
static void check_targets(ybind *b, ytree_node *list, const grade_ctx *gc, size_t n)
{
    const grade_ctx *first = NULL;
    for (size_t i = 0; i < n && !first; i++)
        if (gc[i].target)
            first = &gc[i];
    if (!first)
        return;
    bool all_ok = true;
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        all_ok = all_ok && gc[i].target_ok;
        total += gc[i].target_ok ? gc[i].g->target_pct : 0;
        if (!gc[i].target && list->items[i]->kind == YTREE_MAPPING)
            ybind_errf(b, list->items[i],
                       "missing key 'target_pct': grade '%s' has one (line %d), and then every "
                       "grade needs one",
                       first->grade_ok ? first->g->grade : "?", first->target->line);
    }
    if (all_ok && total != 100)
        ybind_errf(b, list, "the target_pct of the grades total %d; they must total 100", total);
}

static bool grades(ybind *b, ytree_node *v, void *obj)
{
    policy_performance_ctx *cx = obj;
    policy *p = cx->p;
    check_streaks(b, cx);
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n < MIN_GRADES || v->n > MAX_GRADES) {
        ybind_errf(b, v, "expected from %d to %d grades, got %zu", MIN_GRADES, MAX_GRADES, v->n);
        return false;
    }
    p->grades = bd_xcalloc(v->n, sizeof *p->grades);
    p->ngrades = v->n;
    grade_ctx *gc = bd_xcalloc(v->n, sizeof *gc);
    for (size_t i = 0; i < v->n; i++) {
        gc[i] = (grade_ctx){.g = &p->grades[i]};
        gc[i].g->target_pct = -1;
        ybind_table(b, v->items[i], grade_keys, NKEYS(grade_keys), &gc[i]);
    }
    ytree_node **names = bd_xcalloc(v->n, sizeof *names);
    for (size_t i = 0; i < v->n; i++)
        names[i] = ytree_get(v->items[i], "grade");
    ybind_unique(b, names, v->n, "grade");
    free(names);
    check_mins(b, gc, v->n);
    check_targets(b, v, gc, v->n);
    free(gc);
    return b->errors == before;
}

static bool bonus_base(ybind *b, ytree_node *v, void *obj)
{
    policy *p = ((policy_performance_ctx *)obj)->p;
    return policy_bind_money(b, v, "bonus_base", true, &p->bonus_base);
}

/* ---- honours ------------------------------------------------------------ */
static bool honour_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((policy_honour *)obj)->code);
}

static bool honour_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((policy_honour *)obj)->name);
}

static bool honour_source(ybind *b, ytree_node *v, void *obj)
{
    int s;
    if (!ybind_enum(b, v, "source", source_names, KPI_SOURCE_COUNT, &s))
        return false;
    ((policy_honour *)obj)->source = (policy_kpi_source)s;
    return true;
}

static const ybind_key honour_keys[] = {
    {"code", true, honour_code},
    {"name", true, honour_name},
    {"source", true, honour_source},
};

static bool honours(ybind *b, ytree_node *v, void *obj)
{
    policy *p = ((policy_performance_ctx *)obj)->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    p->honours = bd_xcalloc(v->n ? v->n : 1, sizeof *p->honours);
    p->nhonours = v->n;
    for (size_t i = 0; i < v->n; i++)
        ybind_table(b, v->items[i], honour_keys, NKEYS(honour_keys), &p->honours[i]);
    policy_unique_codes(b, v, "honour code");
    return b->errors == before;
}

/* ---- The file ----------------------------------------------------------- */
/* In this order: a KPI's rated_by looks at the raters' weights, and grades
 * checks the streak keys before it once both are known. */
/* ratings_close_days: 0..366. */
static bool ratings_close_days(ybind *b, ytree_node *v, void *obj)
{
    int64_t n;
    if (!ybind_int(b, v, 0, 366, &n))
        return false;
    ((policy_performance_ctx *)obj)->p->ratings_close_days = (int)n;
    return true;
}

/* annual: periods | figures. */
static bool annual(ybind *b, ytree_node *v, void *obj)
{
    static const char *const names[] = {"periods", "figures"};
    int k;
    if (!ybind_enum(b, v, "annual rule", names, 2, &k))
        return false;
    ((policy_performance_ctx *)obj)->p->annual_from_periods = k == 0;
    return true;
}

const ybind_key policy_performance_keys[] = {
    {"raters", true, raters},
    {"templates", true, templates},
    {"improvement_after", false, improvement_after},
    {"escalation_after", false, escalation_after},
    {"promotion_periods", false, promotion_periods},
    {"ratings_close_days", false, ratings_close_days},
    {"annual", false, annual},
    {"grades", true, grades},
    {"bonus_base", true, bonus_base},
    {"honours", false, honours},
};
const size_t policy_performance_nkeys = NKEYS(policy_performance_keys);

void policy_performance_defaults(policy *p)
{
    p->improvement_after = DEFAULT_IMPROVEMENT_AFTER;
    p->escalation_after = DEFAULT_ESCALATION_AFTER;
    p->promotion_periods = DEFAULT_PROMOTION_PERIODS;
    p->annual_from_periods = true;
    p->ratings_close_days = 15;
}

void policy_performance_free(policy *p)
{
    for (size_t i = 0; i < p->ntemplates; i++) {
        policy_template *t = &p->templates[i];
        free(t->name);
        free(t->roles);
        for (size_t k = 0; k < t->nkpis; k++)
            free(t->kpis[k].name);
        free(t->kpis);
    }
    for (size_t i = 0; i < p->nhonours; i++)
        free(p->honours[i].name);
    free(p->templates);
    free(p->grades);
    free(p->honours);
    p->templates = NULL, p->grades = NULL, p->honours = NULL;
    p->ntemplates = p->ngrades = p->nhonours = 0;
}

/* ---- Lookups ------------------------------------------------------------ */
const char *policy_kpi_source_name(policy_kpi_source s)
{
    return (unsigned)s < KPI_SOURCE_COUNT ? source_names[s] : "?";
}

const char *policy_kpi_source_help(policy_kpi_source s)
{
    return (unsigned)s < KPI_SOURCE_COUNT ? source_helps[s] : "?";
}

int policy_kpi_source_from_name(const char *name)
{
    for (int i = 0; name && i < KPI_SOURCE_COUNT; i++)
        if (strcmp(name, source_names[i]) == 0)
            return i;
    return -1;
}

const char *policy_rater_name(policy_rater r)
{
    return (unsigned)r < RATER_COUNT ? rater_names[r] : "?";
}

int policy_rater_from_name(const char *name)
{
    for (int i = 0; name && i < RATER_COUNT; i++)
        if (strcmp(name, rater_names[i]) == 0)
            return i;
    return -1;
}

const policy_template *policy_template_for_role(const policy *p, const char *role)
{
    if (!p || !role)
        return NULL;
    for (size_t i = 0; i < p->ntemplates; i++)
        for (size_t k = 0; k < p->templates[i].nroles; k++)
            if (strcmp(p->templates[i].roles[k], role) == 0)
                return &p->templates[i];
    return NULL;
}

int policy_kpi_index(const policy_template *t, const char *code)
{
    return t ? POLICY_CODE_INDEX(policy_kpi, t->kpis, t->nkpis, code) : -1;
}
