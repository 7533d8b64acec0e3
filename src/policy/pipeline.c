/* pipeline.yaml: the stages of an opportunity, the sources of leads, the
 * customer classes, and how CSV lead lists are imported (header synonyms,
 * the duplicate rule).  Bound by tables of keys like the other files; the
 * checks that span a list (one won stage, closed stages last, rising
 * probabilities, a header naming one field) run after its items are bound
 * and are skipped where an item's own mistake would make them guess. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "yaml_tree.h"

#define NKEYS(t) (sizeof(t) / sizeof(t)[0])

enum {
    MIN_STAGES = 2,
    MAX_STAGES = 32,
    MAX_STALE_DAYS = 3650,
    MAX_CHURN_DAYS = 3650,
    MIN_FIELD_BYTES = 1024,
    MAX_FIELD_BYTES = 1024 * 1024,
    DEFAULT_FIELD_BYTES = 65536,
};

_Static_assert(OPP_F_COUNT <= 32, "a stage's requires is a uint32_t of bits");

/* ---- Names -------------------------------------------------------------- */
static const char *const opp_names[] = {
#define POLICY_X_NAME(id, name, help) [id] = name,
    POLICY_OPP_FIELD_LIST(POLICY_X_NAME)
#undef POLICY_X_NAME
};

static const char *const opp_helps[] = {
#define POLICY_X_HELP(id, name, help) [id] = help,
    POLICY_OPP_FIELD_LIST(POLICY_X_HELP)
#undef POLICY_X_HELP
};

static const char *const import_names[] = {
#define POLICY_X_NAME(id, name) [id] = name,
    POLICY_IMPORT_FIELD_LIST(POLICY_X_NAME)
#undef POLICY_X_NAME
};

/* In the order of the POLICY_DUP_* bits. */
static const char *const dup_key_names[] = {"email", "phone", "company"};
#define NDUP_KEYS (sizeof dup_key_names / sizeof dup_key_names[0])
_Static_assert(POLICY_DUP_EMAIL == 1 << 0 && POLICY_DUP_PHONE == 1 << 1 &&
                   POLICY_DUP_COMPANY == 1 << 2,
               "dup_key_names follows the bits");

static const char *const dup_action_names[] = {
    [DUP_SKIP] = "skip",
    [DUP_UPDATE] = "update",
    [DUP_FLAG] = "flag",
};
#define NDUP_ACTIONS (sizeof dup_action_names / sizeof dup_action_names[0])

static int find_name(const char *const *names, int count, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < count; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const char *policy_opp_field_name(policy_opp_field f)
{
    return (unsigned)f < OPP_F_COUNT ? opp_names[f] : "?";
}

const char *policy_opp_field_help(policy_opp_field f)
{
    return (unsigned)f < OPP_F_COUNT ? opp_helps[f] : "?";
}

int policy_opp_field_from_name(const char *name)
{
    return find_name(opp_names, OPP_F_COUNT, name);
}

const char *policy_import_field_name(policy_import_field f)
{
    return (unsigned)f < IMP_COUNT ? import_names[f] : "?";
}

int policy_import_field_from_name(const char *name)
{
    return find_name(import_names, IMP_COUNT, name);
}

static void join(bd_buf *out, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        bd_buf_printf(out, "%s%s", i ? ", " : "", names[i]);
}

/* ---- Header texts --------------------------------------------------------
 * A CSV header is matched without its outer spaces and without regard to
 * the case of A-Z.  Spaces are ASCII white space and the two a spreadsheet
 * leaves most often: the no-break space U+00A0 and the ideographic space
 * U+3000.  Letters beyond ASCII are compared as written: folding them needs
 * tables, and Chinese has no case. */

/* Length of the space at s[0..n) (0 when none). */
static size_t space_at(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
        return 1;
    if (n >= 2 && s[0] == 0xc2 && s[1] == 0xa0)
        return 2;
    if (n >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

/* Length of the space ending at s[n) (0 when none). */
static size_t space_before(const unsigned char *s, size_t n)
{
    if (n >= 1 && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
        return 1;
    if (n >= 2 && s[n - 2] == 0xc2 && s[n - 1] == 0xa0)
        return 2;
    if (n >= 3 && s[n - 3] == 0xe3 && s[n - 2] == 0x80 && s[n - 1] == 0x80)
        return 3;
    return 0;
}

/* The header without its outer spaces: *len bytes from the result. */
static const char *trim(const char *text, size_t *len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), k;
    while ((k = space_at(s, n)) != 0)
        s += k, n -= k;
    while ((k = space_before(s, n)) != 0)
        n -= k;
    *len = n;
    return (const char *)s;
}

static int fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Order of two trimmed texts, ignoring ASCII case; 0 when they match. */
static int header_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    size_t n = na < nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
        int x = fold((unsigned char)a[i]), y = fold((unsigned char)b[i]);
        if (x != y)
            return x < y ? -1 : 1;
    }
    return (na > nb) - (na < nb);
}

static bool header_match(const char *a, const char *b)
{
    size_t na, nb;
    const char *ta = trim(a, &na), *tb = trim(b, &nb);
    return header_cmp(ta, na, tb, nb) == 0;
}

/* ---- Shared pieces ------------------------------------------------------ */

/* Report duplicate codes among the items of list (mappings with a code). */
static void unique_codes(ybind *b, ytree_node *list, const char *what)
{
    ytree_node **v = bd_xcalloc(list->n ? list->n : 1, sizeof *v);
    for (size_t i = 0; i < list->n; i++)
        v[i] = ytree_get(list->items[i], "code");
    ybind_unique(b, v, list->n, what);
    free(v);
}

/* ", column C" of first when it shares a line with later: the line alone
 * is no help. */
static void place_col(char *buf, size_t n, const ytree_node *first, const ytree_node *later)
{
    buf[0] = '\0';
    if (first->line == later->line)
        snprintf(buf, n, ", column %d", first->col);
}

/* ---- stages ------------------------------------------------------------- */
typedef struct stage_ctx {
    policy_stage *st;
    ytree_node *item;       /* the stage's mapping */
    ytree_node *prob;       /* the probability, when it was bound */
    ytree_node *stale;      /* stale_days, when bound and not 0 */
    ytree_node *won, *lost; /* the value nodes, when bound and true */
    bool flags_bad;         /* won or lost was not true or false */
} stage_ctx;

static bool stage_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((stage_ctx *)obj)->st->code);
}

static bool stage_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((stage_ctx *)obj)->st->name);
}

static bool stage_probability(ybind *b, ytree_node *v, void *obj)
{
    stage_ctx *sc = obj;
    int64_t n;
    if (!ybind_int(b, v, 0, 100, &n))
        return false;
    sc->st->probability = (int)n;
    sc->prob = v;
    return true;
}

static bool stage_stale_days(ybind *b, ytree_node *v, void *obj)
{
    stage_ctx *sc = obj;
    int64_t n;
    if (!ybind_int(b, v, 0, MAX_STALE_DAYS, &n))
        return false;
    sc->st->stale_days = (int)n;
    if (n)
        sc->stale = v;
    return true;
}

static bool stage_requires(ybind *b, ytree_node *v, void *obj)
{
    stage_ctx *sc = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *it = v->items[i];
        char buf[YTREE_SHOWN_SIZE];
        if (it->kind != YTREE_SCALAR || ytree_is_null(it)) {
            ybind_errf(b, it, "expected a field name, got %s", ytree_describe(it, buf, sizeof buf));
            continue;
        }
        int f = policy_opp_field_from_name(it->text);
        if (f < 0) {
            bd_buf known = {0};
            join(&known, opp_names, OPP_F_COUNT);
            ybind_errf(b, it, "unknown field %s (known fields: %s)",
                       ytree_describe(it, buf, sizeof buf), bd_buf_str(&known));
            bd_buf_free(&known);
            continue;
        }
        sc->st->requires |= UINT32_C(1) << f;
    }
    ybind_unique(b, v->items, v->n, "field");
    return b->errors == before;
}

static bool stage_flag(ybind *b, ytree_node *v, stage_ctx *sc, bool *out, ytree_node **node)
{
    if (!ybind_bool(b, v, out)) {
        sc->flags_bad = true;
        return false;
    }
    if (*out)
        *node = v;
    return true;
}

static bool stage_won(ybind *b, ytree_node *v, void *obj)
{
    stage_ctx *sc = obj;
    return stage_flag(b, v, sc, &sc->st->won, &sc->won);
}

static bool stage_lost(ybind *b, ytree_node *v, void *obj)
{
    stage_ctx *sc = obj;
    return stage_flag(b, v, sc, &sc->st->lost, &sc->lost);
}

static const ybind_key stage_keys[] = {
    {"code", true, stage_code},
    {"name", true, stage_name},
    {"probability", true, stage_probability},
    {"stale_days", false, stage_stale_days},
    {"requires", false, stage_requires},
    {"won", false, stage_won},
    {"lost", false, stage_lost},
};

/* Exactly one stage with flag (won or lost): the second and later are
 * reported where they say so, none at the list. */
static void one_closed(ybind *b, ytree_node *list, const stage_ctx *sc, size_t n, bool won)
{
    const stage_ctx *first = NULL;
    const char *what = won ? "won" : "lost";
    for (size_t i = 0; i < n; i++) {
        ytree_node *at = won ? sc[i].won : sc[i].lost;
        if (!at)
            continue;
        if (!first) {
            first = &sc[i];
            continue;
        }
        ybind_errf(b, at, "only one stage can be %s: stage '%s' (line %d) already is", what,
                   first->st->code, first->item->line);
    }
    if (!first)
        ybind_errf(b, list,
                   "no stage has %s: true; exactly one must, the stage a %s opportunity ends in",
                   what, what);
}

/* The checks that span the list, once every stage is bound. */
static void check_stages(ybind *b, ytree_node *list, stage_ctx *sc, size_t n)
{
    bool flags_bad = false;
    for (size_t i = 0; i < n; i++) {
        flags_bad = flags_bad || sc[i].flags_bad;
        if (sc[i].won && sc[i].lost)
            ybind_errf(b, sc[i].lost, "a stage cannot be both won and lost");
        if (sc[i].stale && (sc[i].won || sc[i].lost))
            ybind_errf(b, sc[i].stale,
                       "a closed stage (won or lost) never goes stale: leave out stale_days");
    }
    /* A won: yes is its own mistake: counting it as open would add three. */
    if (flags_bad)
        return;
    one_closed(b, list, sc, n, true);
    one_closed(b, list, sc, n, false);

    /* Closed stages last, and open stages in order of rising probability,
     * so that the order on the screen is the order of the forecast. */
    const stage_ctx *closed = NULL, *prev = NULL;
    size_t open = 0;
    for (size_t i = 0; i < n; i++) {
        const stage_ctx *s = &sc[i];
        if (s->won || s->lost) {
            closed = closed ? closed : s;
            continue;
        }
        open++;
        if (closed)
            ybind_errf(b, s->item,
                       "open stage '%s' comes after the closed stage '%s' (line %d): "
                       "the won and lost stages come last",
                       s->st->code, closed->st->code, closed->item->line);
        if (!s->prob)
            continue;
        if (prev && s->st->probability < prev->st->probability)
            ybind_errf(b, s->prob,
                       "probability %d is lower than the %d of the stage before it ('%s', "
                       "line %d): open stages go in order of rising probability",
                       s->st->probability, prev->st->probability, prev->st->code,
                       prev->item->line);
        prev = s;
    }
    if (open == 0 && n > 0)
        ybind_errf(b, list, "no open stage: at least one stage must be neither won nor lost");
}

static bool stages(ybind *b, ytree_node *v, void *obj)
{
    policy *p = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n < MIN_STAGES || v->n > MAX_STAGES)
        ybind_errf(b, v, "expected from %d to %d stages, got %zu", MIN_STAGES, MAX_STAGES, v->n);
    if (v->n == 0)
        return false;
    p->stages = bd_xcalloc(v->n, sizeof *p->stages);
    p->nstages = v->n;
    stage_ctx *sc = bd_xcalloc(v->n, sizeof *sc);
    for (size_t i = 0; i < v->n; i++) {
        sc[i] = (stage_ctx){.st = &p->stages[i], .item = v->items[i]};
        ybind_table(b, v->items[i], stage_keys, NKEYS(stage_keys), &sc[i]);
    }
    unique_codes(b, v, "stage code");
    /* One stage is too few to say more about: it could not be open, won
     * and lost at once. */
    if (v->n >= MIN_STAGES)
        check_stages(b, v, sc, v->n);
    free(sc);
    return b->errors == before;
}

/* ---- sources ------------------------------------------------------------ */
static bool source_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((policy_source *)obj)->code);
}

static bool source_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((policy_source *)obj)->name);
}

static const ybind_key source_keys[] = {
    {"code", true, source_code},
    {"name", true, source_name},
};

static bool sources(ybind *b, ytree_node *v, void *obj)
{
    policy *p = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one source is needed");
        return false;
    }
    p->sources = bd_xcalloc(v->n, sizeof *p->sources);
    p->nsources = v->n;
    for (size_t i = 0; i < v->n; i++)
        ybind_table(b, v->items[i], source_keys, NKEYS(source_keys), &p->sources[i]);
    unique_codes(b, v, "source code");
    return b->errors == before;
}

/* ---- customer_classes --------------------------------------------------- */
static bool class_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((policy_class *)obj)->code);
}

static bool class_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((policy_class *)obj)->name);
}

static bool class_churn_days(ybind *b, ytree_node *v, void *obj)
{
    int64_t n;
    if (!ybind_int(b, v, 1, MAX_CHURN_DAYS, &n))
        return false;
    ((policy_class *)obj)->churn_days = (int)n;
    return true;
}

static const ybind_key class_keys[] = {
    {"code", true, class_code},
    {"name", true, class_name},
    {"churn_days", true, class_churn_days},
};

static bool classes(ybind *b, ytree_node *v, void *obj)
{
    policy *p = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one customer class is needed");
        return false;
    }
    p->classes = bd_xcalloc(v->n, sizeof *p->classes);
    p->nclasses = v->n;
    for (size_t i = 0; i < v->n; i++)
        ybind_table(b, v->items[i], class_keys, NKEYS(class_keys), &p->classes[i]);
    unique_codes(b, v, "class code");
    return b->errors == before;
}

/* ---- import ------------------------------------------------------------- */
static bool max_field_bytes(ybind *b, ytree_node *v, void *obj)
{
    int64_t n;
    if (!ybind_int(b, v, MIN_FIELD_BYTES, MAX_FIELD_BYTES, &n))
        return false;
    ((policy *)obj)->import_max_field_bytes = n;
    return true;
}

/* One header text as written, trimmed for comparing, with its field. */
typedef struct header_ref {
    ytree_node *node;
    const char *text; /* trimmed: len bytes */
    size_t len;
    policy_import_field field;
    size_t seq; /* file order */
} header_ref;

static int cmp_header_ref(const void *a, const void *b)
{
    const header_ref *x = a, *y = b;
    int c = header_cmp(x->text, x->len, y->text, y->len);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* A header names one field: not another field's own name, and not given
 * twice.  Sorted, so a hostile list costs n log n. */
static void check_headers(ybind *b, header_ref *h, size_t n)
{
    char buf[YTREE_SHOWN_SIZE], col[32];
    for (size_t i = 0; i < n; i++) {
        for (int f = 0; f < IMP_COUNT; f++) {
            if ((policy_import_field)f == h[i].field ||
                header_cmp(h[i].text, h[i].len, import_names[f], strlen(import_names[f])))
                continue;
            ybind_errf(b, h[i].node, "header %s is the name of the field %s, so it cannot name %s",
                       ytree_describe(h[i].node, buf, sizeof buf), import_names[f],
                       import_names[h[i].field]);
        }
    }
    qsort(h, n, sizeof *h, cmp_header_ref);
    for (size_t i = 1; i < n; i++) {
        size_t first = i - 1;
        while (i < n && header_cmp(h[i].text, h[i].len, h[first].text, h[first].len) == 0) {
            const header_ref *a = &h[first], *x = &h[i];
            place_col(col, sizeof col, a->node, x->node);
            if (x->field == a->field)
                ybind_errf(b, x->node, "duplicate header %s for %s (first at line %d%s)",
                           ytree_describe(x->node, buf, sizeof buf), import_names[x->field],
                           a->node->line, col);
            else
                ybind_errf(b, x->node,
                           "header %s names both %s (line %d%s) and %s: a header can name "
                           "only one field",
                           ytree_describe(x->node, buf, sizeof buf), import_names[a->field],
                           a->node->line, col, import_names[x->field]);
            i++;
        }
    }
}

static bool synonyms(ybind *b, ytree_node *v, void *obj)
{
    policy *p = obj;
    size_t before = b->errors;
    if (!ybind_mapping(b, v))
        return false;
    size_t total = 0;
    for (size_t i = 0; i < v->n; i++)
        if (v->pairs[i].value->kind == YTREE_SEQUENCE)
            total += v->pairs[i].value->n;
    p->synonyms = bd_xcalloc(total ? total : 1, sizeof *p->synonyms);
    header_ref *refs = bd_xcalloc(total ? total : 1, sizeof *refs);
    size_t nrefs = 0;
    char buf[YTREE_SHOWN_SIZE];
    for (size_t i = 0; i < v->n; i++) {
        ytree_pair *pr = &v->pairs[i];
        int field = policy_import_field_from_name(pr->key->text);
        if (field < 0) {
            bd_buf known = {0};
            join(&known, import_names, IMP_COUNT);
            ybind_errf(b, pr->key, "unknown import field %s (known fields: %s)",
                       ytree_describe(pr->key, buf, sizeof buf), bd_buf_str(&known));
            bd_buf_free(&known);
        }
        if (!ybind_sequence(b, pr->value))
            continue;
        for (size_t k = 0; k < pr->value->n; k++) {
            ytree_node *it = pr->value->items[k];
            char *text = NULL;
            if (!ybind_string(b, it, 0, &text))
                continue;
            size_t len;
            const char *t = trim(text, &len);
            if (len == 0) {
                ybind_errf(b, it, "a header of only spaces: it would match no column");
                free(text);
                continue;
            }
            if (field < 0) {
                free(text);
                continue;
            }
            p->synonyms[p->nsynonyms++] =
                (policy_synonym){.header = text, .field = (policy_import_field)field};
            refs[nrefs] = (header_ref){.node = it, .text = t, .len = len,
                                       .field = (policy_import_field)field, .seq = nrefs};
            nrefs++;
        }
    }
    check_headers(b, refs, nrefs);
    free(refs);
    return b->errors == before;
}

static const ybind_key import_keys[] = {
    {"max_field_bytes", false, max_field_bytes},
    {"synonyms", false, synonyms},
};

/* ---- duplicates --------------------------------------------------------- */
static bool dup_keys(ybind *b, ytree_node *v, void *obj)
{
    policy *p = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one key is needed (one of: email, phone, company)");
        return false;
    }
    unsigned bits = 0;
    for (size_t i = 0; i < v->n; i++) {
        int k;
        if (ybind_enum(b, v->items[i], "key field", dup_key_names, NDUP_KEYS, &k))
            bits |= 1u << k;
    }
    ybind_unique(b, v->items, v->n, "key field");
    if (b->errors != before)
        return false;
    p->dup_keys = bits;
    return true;
}

static bool on_duplicate(ybind *b, ytree_node *v, void *obj)
{
    int a;
    if (!ybind_enum(b, v, "on_duplicate", dup_action_names, NDUP_ACTIONS, &a))
        return false;
    ((policy *)obj)->dup_default = (policy_dup_action)a;
    return true;
}

static const ybind_key duplicates_keys[] = {
    {"keys", false, dup_keys},
    {"on_duplicate", false, on_duplicate},
};

/* ---- The file ----------------------------------------------------------- */
static bool import_section(ybind *b, ytree_node *v, void *obj)
{
    return ybind_table(b, v, import_keys, NKEYS(import_keys), obj);
}

static bool duplicates_section(ybind *b, ytree_node *v, void *obj)
{
    return ybind_table(b, v, duplicates_keys, NKEYS(duplicates_keys), obj);
}

const ybind_key policy_pipeline_keys[] = {
    {"stages", true, stages},
    {"sources", true, sources},
    {"customer_classes", true, classes},
    {"import", false, import_section},
    {"duplicates", false, duplicates_section},
};
const size_t policy_pipeline_nkeys = NKEYS(policy_pipeline_keys);

void policy_pipeline_defaults(policy *p)
{
    p->dup_keys = POLICY_DUP_EMAIL | POLICY_DUP_PHONE | POLICY_DUP_COMPANY;
    p->dup_default = DUP_SKIP;
    p->import_max_field_bytes = DEFAULT_FIELD_BYTES;
}

void policy_pipeline_free(policy *p)
{
    for (size_t i = 0; i < p->nstages; i++)
        free(p->stages[i].name);
    for (size_t i = 0; i < p->nsources; i++)
        free(p->sources[i].name);
    for (size_t i = 0; i < p->nclasses; i++)
        free(p->classes[i].name);
    for (size_t i = 0; i < p->nsynonyms; i++)
        free(p->synonyms[i].header);
    free(p->stages);
    free(p->sources);
    free(p->classes);
    free(p->synonyms);
    p->stages = NULL, p->sources = NULL, p->classes = NULL, p->synonyms = NULL;
    p->nstages = p->nsources = p->nclasses = p->nsynonyms = 0;
}

/* ---- Lookups ------------------------------------------------------------ */
int policy_stage_index(const policy *p, const char *code)
{
    return p ? POLICY_CODE_INDEX(policy_stage, p->stages, p->nstages, code) : -1;
}

int policy_source_index(const policy *p, const char *code)
{
    return p ? POLICY_CODE_INDEX(policy_source, p->sources, p->nsources, code) : -1;
}

int policy_class_index(const policy *p, const char *code)
{
    return p ? POLICY_CODE_INDEX(policy_class, p->classes, p->nclasses, code) : -1;
}

/* The loader refuses a header that names two fields, so the first match is
 * the only one.  A NULL policy matches the field names alone. */
int policy_synonym_field(const policy *p, const char *header)
{
    if (!header)
        return -1;
    if (p)
        for (size_t i = 0; i < p->nsynonyms; i++)
            if (header_match(p->synonyms[i].header, header))
                return (int)p->synonyms[i].field;
    for (int f = 0; f < IMP_COUNT; f++)
        if (header_match(import_names[f], header))
            return f;
    return -1;
}
