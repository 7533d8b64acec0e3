/* claims.yaml: the Claims module's policy (management policies 000
 * §6.1-6.2, 001 §5, 002 §6, 003 §6).  The expense categories, the standards
 * (caps) a claim line is checked against, with higher caps in some cities,
 * the flows of claims, entertainment pre-approvals and budget changes, a
 * department's own flows, what happens to a claim that breaks a rule, the
 * key customer classes whose pre-approvals go to every leadership tier, and
 * how finance pays.  Bound by tables of keys like the other files; the
 * flows' steps are bound by flow.c, as contracts.yaml's are.
 *
 * The file is read last because it refers to the others: a step's role is
 * a role of roles.yaml, a department's flows name a department of
 * bizdesk.yaml, and the key customer classes are classes of pipeline.yaml.
 * Each of those checks is made only when the other file had no mistake of
 * its own (policy_claims_ctx), and a standard's category is checked only
 * when the categories themselves had none: against a half-read list every
 * code would look unknown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "yaml_tree.h"

#define NKEYS(t) (sizeof(t) / sizeof(t)[0])

enum {
    MAX_TOLERANCE_PCT = 100,
    DEFAULT_TOLERANCE_PCT = 10,
};

#define DEFAULT_KEY_CLASS "key"
#define DEFAULT_PAY_METHOD "bank_transfer"

/* In the order of policy_std_unit. */
static const char *const unit_names[] = {
    [STD_LINE] = "line",
    [STD_DAY] = "day",
    [STD_NIGHT] = "night",
    [STD_PERSON] = "person",
};
#define NUNITS (sizeof unit_names / sizeof unit_names[0])

/* In the order of policy_rule. */
static const char *const rule_names[] = {
    [RULE_REFUSE] = "refuse",
    [RULE_FLAG] = "flag",
};
#define NRULES (sizeof rule_names / sizeof rule_names[0])

/* In the order of policy_claim_flow: the keys of flows. */
static const char *const flow_names[] = {
    [CLAIM_FLOW_CLAIM] = "claim",
    [CLAIM_FLOW_PREAPPROVAL] = "preapproval",
    [CLAIM_FLOW_BUDGET] = "budget_change",
};
_Static_assert(sizeof flow_names / sizeof flow_names[0] == CLAIM_FLOW_COUNT,
               "a name for every claims flow");

/* ---- categories --------------------------------------------------------- */
static bool category_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((policy_category *)obj)->code);
}

static bool category_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((policy_category *)obj)->name);
}

static bool category_preapproval(ybind *b, ytree_node *v, void *obj)
{
    return ybind_bool(b, v, &((policy_category *)obj)->preapproval);
}

static const ybind_key category_keys[] = {
    {"code", true, category_code},
    {"name", true, category_name},
    {"preapproval", false, category_preapproval},
};

static bool categories(ybind *b, ytree_node *v, void *obj)
{
    policy_claims_ctx *cx = obj;
    policy *p = cx->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one category is needed");
        return false;
    }
    p->categories = bd_xcalloc(v->n, sizeof *p->categories);
    p->ncategories = v->n;
    for (size_t i = 0; i < v->n; i++)
        ybind_table(b, v->items[i], category_keys, NKEYS(category_keys), &p->categories[i]);
    policy_unique_codes(b, v, "category code");
    cx->categories_ok = b->errors == before;
    return cx->categories_ok;
}

/* ---- standards ---------------------------------------------------------- */
typedef struct standard_ctx {
    policy_standard *s;
    const policy_claims_ctx *cx;
} standard_ctx;

static bool standard_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((standard_ctx *)obj)->s->code);
}

static bool standard_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((standard_ctx *)obj)->s->name);
}

static bool standard_category(ybind *b, ytree_node *v, void *obj)
{
    standard_ctx *sc = obj;
    const policy *p = sc->cx->p;
    char code[33];
    if (!ybind_code(b, v, code))
        return false;
    sc->s->category = POLICY_CODE_INDEX(policy_category, p->categories, p->ncategories, code);
    if (sc->s->category >= 0 || !sc->cx->categories_ok)
        return true;
    bd_buf known = {0};
    for (size_t i = 0; i < p->ncategories; i++)
        bd_buf_printf(&known, "%s%s", i ? ", " : "", p->categories[i].code);
    char buf[YTREE_SHOWN_SIZE];
    ybind_errf(b, v, "unknown category %s: claims.yaml has no such category above "
                     "(categories: %s)",
               ytree_describe(v, buf, sizeof buf), bd_buf_str(&known));
    bd_buf_free(&known);
    return false;
}

static bool standard_unit(ybind *b, ytree_node *v, void *obj)
{
    int u;
    if (!ybind_enum(b, v, "unit", unit_names, NUNITS, &u))
        return false;
    ((standard_ctx *)obj)->s->unit = (policy_std_unit)u;
    return true;
}

static bool standard_cap(ybind *b, ytree_node *v, void *obj)
{
    return policy_bind_money(b, v, "cap", true, &((standard_ctx *)obj)->s->cap);
}

/* A city as a claim line names its place: display text, matched exactly. */
static bool city_cap_cities(ybind *b, ytree_node *v, void *obj)
{
    policy_city_cap *cc = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one city is needed");
        return false;
    }
    cc->cities = bd_xcalloc(v->n, sizeof *cc->cities);
    cc->ncities = 0;
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *it = v->items[i];
        char *s = NULL;
        if (!ybind_string(b, it, 0, &s))
            continue;
        bd_err e = {0};
        if (!bd_name_valid(s, &e)) {
            char buf[YTREE_SHOWN_SIZE];
            ybind_errf(b, it, "invalid city %s: %s", ytree_describe(it, buf, sizeof buf), e.msg);
            free(s);
            continue;
        }
        cc->cities[cc->ncities++] = s;
    }
    return b->errors == before;
}

static bool city_cap_cap(ybind *b, ytree_node *v, void *obj)
{
    return policy_bind_money(b, v, "cap", true, &((policy_city_cap *)obj)->cap);
}

static const ybind_key city_cap_keys[] = {
    {"cities", true, city_cap_cities},
    {"cap", true, city_cap_cap},
};

static bool standard_city_caps(ybind *b, ytree_node *v, void *obj)
{
    policy_standard *s = ((standard_ctx *)obj)->s;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    s->city_caps = bd_xcalloc(v->n ? v->n : 1, sizeof *s->city_caps);
    s->ncity_caps = v->n;
    size_t ncities = 0;
    for (size_t i = 0; i < v->n; i++) {
        ybind_table(b, v->items[i], city_cap_keys, NKEYS(city_cap_keys), &s->city_caps[i]);
        ytree_node *c = ytree_get(v->items[i], "cities");
        if (c && c->kind == YTREE_SEQUENCE)
            ncities += c->n;
    }
    /* The first entry naming a city decides its cap: a city in a second
     * entry would never get that one. */
    ytree_node **all = bd_xcalloc(ncities ? ncities : 1, sizeof *all);
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *c = ytree_get(v->items[i], "cities");
        if (c && c->kind == YTREE_SEQUENCE)
            for (size_t k = 0; k < c->n; k++)
                all[n++] = c->items[k];
    }
    ybind_unique(b, all, n, "city");
    free(all);
    return b->errors == before;
}

static const ybind_key standard_keys[] = {
    {"code", true, standard_code},
    {"name", true, standard_name},
    {"category", true, standard_category},
    {"unit", true, standard_unit},
    {"cap", true, standard_cap},
    {"city_caps", false, standard_city_caps},
};

static bool standards(ybind *b, ytree_node *v, void *obj)
{
    policy_claims_ctx *cx = obj;
    policy *p = cx->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    p->standards = bd_xcalloc(v->n ? v->n : 1, sizeof *p->standards);
    p->nstandards = v->n;
    for (size_t i = 0; i < v->n; i++) {
        p->standards[i].category = -1;
        standard_ctx sc = {.s = &p->standards[i], .cx = cx};
        ybind_table(b, v->items[i], standard_keys, NKEYS(standard_keys), &sc);
    }
    policy_unique_codes(b, v, "standard code");
    return b->errors == before;
}

/* ---- flows and department_flows ------------------------------------------
 * The same three keys in both: the company's flows (all required) and a
 * department's own (any of them). */
typedef struct flows_ctx {
    policy_flow *flows;          /* CLAIM_FLOW_COUNT of them */
    const policy_claims_ctx *cx;
    policy_dept_flows *dept;     /* department_flows: the item being bound */
} flows_ctx;

static bool bind_kind(ybind *b, ytree_node *v, void *obj, policy_claim_flow kind)
{
    flows_ctx *fc = obj;
    return policy_bind_flow(b, v, fc->cx->p, fc->cx->roles_ok, &fc->flows[kind]);
}

static bool flow_claim(ybind *b, ytree_node *v, void *obj)
{
    return bind_kind(b, v, obj, CLAIM_FLOW_CLAIM);
}

static bool flow_preapproval(ybind *b, ytree_node *v, void *obj)
{
    return bind_kind(b, v, obj, CLAIM_FLOW_PREAPPROVAL);
}

static bool flow_budget(ybind *b, ytree_node *v, void *obj)
{
    return bind_kind(b, v, obj, CLAIM_FLOW_BUDGET);
}

static const ybind_key company_flow_keys[] = {
    {"claim", true, flow_claim},
    {"preapproval", true, flow_preapproval},
    {"budget_change", true, flow_budget},
};

static bool flows(ybind *b, ytree_node *v, void *obj)
{
    const policy_claims_ctx *cx = ((policy_claims_ctx *)obj);
    flows_ctx fc = {.flows = cx->p->claim_flows, .cx = cx};
    return ybind_table(b, v, company_flow_keys, NKEYS(company_flow_keys), &fc);
}

/* A department of bizdesk.yaml. */
static bool dept_department(ybind *b, ytree_node *v, void *obj)
{
    flows_ctx *fc = obj;
    const policy *p = fc->cx->p;
    if (!ybind_code(b, v, fc->dept->department))
        return false;
    if (!fc->cx->company_ok || policy_dept_find(p, fc->dept->department))
        return true;
    bd_buf known = {0};
    for (size_t i = 0; i < p->ndepts; i++)
        bd_buf_printf(&known, "%s%s", i ? ", " : "", p->depts[i].code);
    char buf[YTREE_SHOWN_SIZE];
    ybind_errf(b, v, "unknown department %s: bizdesk.yaml has no such department "
                     "(departments: %s)",
               ytree_describe(v, buf, sizeof buf), bd_buf_str(&known));
    bd_buf_free(&known);
    return false;
}

static const ybind_key dept_flow_keys[] = {
    {"department", true, dept_department},
    {"claim", false, flow_claim},
    {"preapproval", false, flow_preapproval},
    {"budget_change", false, flow_budget},
};

static bool department_flows(ybind *b, ytree_node *v, void *obj)
{
    const policy_claims_ctx *cx = ((policy_claims_ctx *)obj);
    policy *p = cx->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    p->dept_flows = bd_xcalloc(v->n ? v->n : 1, sizeof *p->dept_flows);
    p->ndept_flows = v->n;
    ytree_node **depts = bd_xcalloc(v->n ? v->n : 1, sizeof *depts);
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *it = v->items[i];
        flows_ctx fc = {.flows = p->dept_flows[i].flows, .cx = cx, .dept = &p->dept_flows[i]};
        if (!ybind_table(b, it, dept_flow_keys, NKEYS(dept_flow_keys), &fc) &&
            it->kind != YTREE_MAPPING)
            continue;
        depts[i] = ytree_get(it, "department");
        bool any = false;
        for (int k = 0; k < CLAIM_FLOW_COUNT; k++)
            any = any || ytree_get(it, flow_names[k]);
        if (!any)
            ybind_errf(b, it, "no flow for the department: give at least one of claim, "
                              "preapproval and budget_change (the flows it replaces), or "
                              "leave the department out");
    }
    ybind_unique(b, depts, v->n, "department");
    free(depts);
    return b->errors == before;
}

/* ---- The rules ---------------------------------------------------------- */
static bool tolerance(ybind *b, ytree_node *v, void *obj)
{
    int64_t n;
    if (!ybind_int(b, v, 0, MAX_TOLERANCE_PCT, &n))
        return false;
    ((policy_claims_ctx *)obj)->p->preapproval_tolerance_pct = (int)n;
    return true;
}

static bool bind_rule(ybind *b, ytree_node *v, const char *what, policy_rule *out)
{
    int r;
    if (!ybind_enum(b, v, what, rule_names, NRULES, &r))
        return false;
    *out = (policy_rule)r;
    return true;
}

static bool duplicate_invoice(ybind *b, ytree_node *v, void *obj)
{
    return bind_rule(b, v, "duplicate_invoice", &((policy_claims_ctx *)obj)->p->duplicate_invoice);
}

static bool over_standard(ybind *b, ytree_node *v, void *obj)
{
    return bind_rule(b, v, "over_standard", &((policy_claims_ctx *)obj)->p->over_standard);
}

static bool over_budget(ybind *b, ytree_node *v, void *obj)
{
    return bind_rule(b, v, "over_budget", &((policy_claims_ctx *)obj)->p->over_budget);
}

/* ---- Lists of codes ----------------------------------------------------- */
static bool key_customer_classes(ybind *b, ytree_node *v, void *obj)
{
    const policy_claims_ctx *cx = ((policy_claims_ctx *)obj);
    policy *p = cx->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    free(p->key_classes);
    p->key_classes = bd_xcalloc(v->n ? v->n : 1, sizeof *p->key_classes);
    p->nkey_classes = 0;
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *it = v->items[i];
        char code[33];
        if (!ybind_code(b, it, code))
            continue;
        if (cx->pipeline_ok && policy_class_index(p, code) < 0) {
            bd_buf known = {0};
            for (size_t k = 0; k < p->nclasses; k++)
                bd_buf_printf(&known, "%s%s", k ? ", " : "", p->classes[k].code);
            char buf[YTREE_SHOWN_SIZE];
            ybind_errf(b, it, "unknown customer class %s: pipeline.yaml has no such class "
                              "(customer classes: %s)",
                       ytree_describe(it, buf, sizeof buf), bd_buf_str(&known));
            bd_buf_free(&known);
            continue;
        }
        memcpy(p->key_classes[p->nkey_classes++], code, sizeof code);
    }
    ybind_unique(b, v->items, v->n, "customer class");
    return b->errors == before;
}

static bool payment_methods(ybind *b, ytree_node *v, void *obj)
{
    policy *p = ((policy_claims_ctx *)obj)->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one payment method is needed: finance pays every approved "
                         "claim");
        return false;
    }
    free(p->pay_methods);
    p->pay_methods = bd_xcalloc(v->n, sizeof *p->pay_methods);
    p->npay_methods = 0;
    for (size_t i = 0; i < v->n; i++) {
        char code[33];
        if (ybind_code(b, v->items[i], code))
            memcpy(p->pay_methods[p->npay_methods++], code, sizeof code);
    }
    ybind_unique(b, v->items, v->n, "payment method");
    return b->errors == before;
}

/* ---- The file ----------------------------------------------------------- */
/* In this order: the standards look up the categories. */
const ybind_key policy_claims_keys[] = {
    {"categories", true, categories},
    {"standards", false, standards},
    {"flows", true, flows},
    {"department_flows", false, department_flows},
    {"preapproval_tolerance_percent", false, tolerance},
    {"duplicate_invoice", false, duplicate_invoice},
    {"over_standard", false, over_standard},
    {"over_budget", false, over_budget},
    {"key_customer_classes", false, key_customer_classes},
    {"payment_methods", false, payment_methods},
};

const size_t policy_claims_nkeys = NKEYS(policy_claims_keys);

void policy_claims_defaults(policy *p)
{
    p->preapproval_tolerance_pct = DEFAULT_TOLERANCE_PCT;
    p->duplicate_invoice = RULE_REFUSE;
    p->over_standard = RULE_FLAG;
    p->over_budget = RULE_REFUSE;
    free(p->key_classes);
    p->key_classes = NULL;
    p->nkey_classes = 0;
    if (policy_class_index(p, DEFAULT_KEY_CLASS) >= 0) {
        p->key_classes = bd_xcalloc(1, sizeof *p->key_classes);
        bd_strlcpy(p->key_classes[0], DEFAULT_KEY_CLASS, sizeof p->key_classes[0]);
        p->nkey_classes = 1;
    }
    free(p->pay_methods);
    p->pay_methods = bd_xcalloc(1, sizeof *p->pay_methods);
    bd_strlcpy(p->pay_methods[0], DEFAULT_PAY_METHOD, sizeof p->pay_methods[0]);
    p->npay_methods = 1;
}

void policy_claims_free(policy *p)
{
    for (size_t i = 0; i < p->ncategories; i++)
        free(p->categories[i].name);
    for (size_t i = 0; i < p->nstandards; i++) {
        policy_standard *s = &p->standards[i];
        free(s->name);
        for (size_t k = 0; k < s->ncity_caps; k++) {
            for (size_t c = 0; c < s->city_caps[k].ncities; c++)
                free(s->city_caps[k].cities[c]);
            free(s->city_caps[k].cities);
        }
        free(s->city_caps);
    }
    for (int k = 0; k < CLAIM_FLOW_COUNT; k++)
        policy_flow_free(&p->claim_flows[k]);
    for (size_t i = 0; i < p->ndept_flows; i++)
        for (int k = 0; k < CLAIM_FLOW_COUNT; k++)
            policy_flow_free(&p->dept_flows[i].flows[k]);
    free(p->categories);
    free(p->standards);
    free(p->dept_flows);
    free(p->key_classes);
    free(p->pay_methods);
    p->categories = NULL, p->standards = NULL, p->dept_flows = NULL;
    p->key_classes = NULL, p->pay_methods = NULL;
    p->ncategories = p->nstandards = p->ndept_flows = p->nkey_classes = p->npay_methods = 0;
}

/* ---- Lookups ------------------------------------------------------------ */
int policy_category_index(const policy *p, const char *code)
{
    return p ? POLICY_CODE_INDEX(policy_category, p->categories, p->ncategories, code) : -1;
}

int policy_standard_index(const policy *p, const char *code)
{
    return p ? POLICY_CODE_INDEX(policy_standard, p->standards, p->nstandards, code) : -1;
}

int64_t policy_standard_cap(const policy_standard *s, const char *city)
{
    if (!s)
        return 0;
    if (city)
        for (size_t k = 0; k < s->ncity_caps; k++)
            for (size_t c = 0; c < s->city_caps[k].ncities; c++)
                if (strcmp(s->city_caps[k].cities[c], city) == 0)
                    return s->city_caps[k].cap;
    return s->cap;
}

const policy_flow *policy_claims_flow(const policy *p, policy_claim_flow kind,
                                      const char *department)
{
    if (!p || (unsigned)kind >= CLAIM_FLOW_COUNT)
        return NULL;
    int i = policy_code_index(p->dept_flows, p->ndept_flows, sizeof *p->dept_flows,
                              offsetof(policy_dept_flows, department), department);
    if (i >= 0 && p->dept_flows[i].flows[kind].nsteps > 0)
        return &p->dept_flows[i].flows[kind];
    return &p->claim_flows[kind];
}

const char *policy_claim_flow_name(policy_claim_flow kind)
{
    return (unsigned)kind < CLAIM_FLOW_COUNT ? flow_names[kind] : "?";
}

static bool in_codes(const char (*codes)[33], size_t n, const char *code)
{
    if (!codes || !code)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return true;
    return false;
}

bool policy_key_class(const policy *p, const char *class_code)
{
    return p && in_codes((const char (*)[33])p->key_classes, p->nkey_classes, class_code);
}

bool policy_pay_method_ok(const policy *p, const char *code)
{
    return p && in_codes((const char (*)[33])p->pay_methods, p->npay_methods, code);
}
