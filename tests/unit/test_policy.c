/* Policy loading: the shipped folder loads, and every kind of mistake is
 * refused with its exact file:line:column. */
#include <dirent.h>
#include <locale.h>

#include "unit.h"

#include "policy.h"
#include "yaml_tree.h"

#ifndef BD_SRCDIR
#define BD_SRCDIR "."
#endif

/* A valid pair of files: each test breaks one of them. */
static const char good_bizdesk[] = "company:\n"
                                   "  name: Acme\n"
                                   "departments:\n"
                                   "  - code: sales\n"
                                   "    name: Sales\n";

static const char good_roles[] = "roles:\n"
                                 "  - code: admin\n"
                                 "    name: Admin\n"
                                 "    scope: all\n"
                                 "    permissions: [admin.users]\n";

/* The smallest valid pipeline: one open stage and the two closed ones. */
static const char good_pipeline[] = "stages:\n"
                                    "  - {code: new, name: New, probability: 10}\n"
                                    "  - {code: won, name: Won, probability: 100, won: true}\n"
                                    "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                                    "sources:\n"
                                    "  - {code: web, name: Web}\n"
                                    "customer_classes:\n"
                                    "  - {code: key, name: Key, churn_days: 30}\n";

/* The smallest valid contracts.yaml: the manager steps need no role, so
 * it fits any roles.yaml, and the default currencies follow bizdesk.yaml. */
static const char good_contracts[] =
    "flow:\n"
    "  - {code: manager, name: Manager, who: manager}\n"
    "writeoff_flow:\n"
    "  - {code: manager, name: Manager, who: manager}\n"
    "clauses:\n"
    "  - {code: price, name: Price}\n"
    "amendments:\n"
    "  - {code: other, name: Other, flow: [{code: manager, name: Manager, who: manager}]}\n";

/* The smallest valid claims.yaml: manager steps fit any roles.yaml, and no
 * department's flows or key classes refer to the other files. */
static const char good_claims[] =
    "categories:\n"
    "  - {code: travel, name: Travel}\n"
    "flows:\n"
    "  claim: [{code: manager, name: Manager, who: manager}]\n"
    "  preapproval: [{code: manager, name: Manager, who: manager}]\n"
    "  budget_change: [{code: manager, name: Manager, who: manager}]\n";

/* The smallest valid performance.yaml, written into every folder below:
 * its template names no role, so it fits any roles.yaml.  performance.yaml
 * has its own tests (test_policy_performance.c). */
static const char good_performance[] =
    "raters: {supervisor: 100, peer: 0, self: 0, customer: 0}\n"
    "templates:\n"
    "  - code: all\n"
    "    name: All\n"
    "    roles: []\n"
    "    kpis: [{code: work, name: Work, weight: 100, score: rated_5, rated_by: [supervisor]}]\n"
    "grades:\n"
    "  - {grade: A, min: 50}\n"
    "  - {grade: B, min: 0, failing: true}\n"
    "bonus_base: 1000\n";

/* One policy folder in a temporary directory, loaded. */
typedef struct pcase {
    char *dir;
    policy *pol;
    policy_diags d;
    bd_status st;
} pcase;

/* Each text NULL leaves its file out. */
static void pcase_load5(pcase *c, const char *bizdesk, const char *roles, const char *pipeline,
                        const char *contracts, const char *claims)
{
    memset(c, 0, sizeof *c);
    c->dir = unit_tmpdir();
    if (bizdesk)
        free(unit_write(c->dir, "bizdesk.yaml", bizdesk));
    if (roles)
        free(unit_write(c->dir, "roles.yaml", roles));
    if (pipeline)
        free(unit_write(c->dir, "pipeline.yaml", pipeline));
    if (contracts)
        free(unit_write(c->dir, "contracts.yaml", contracts));
    if (claims)
        free(unit_write(c->dir, "claims.yaml", claims));
    free(unit_write(c->dir, "performance.yaml", good_performance));
    c->st = policy_load(c->dir, &c->pol, &c->d);
    if (c->st == BD_OK) {
        assert_non_null(c->pol);
        assert_int_equal(c->d.n, 0);
    } else {
        assert_int_equal(c->st, BD_ERR_POLICY);
        assert_null(c->pol);
        assert_true(c->d.n > 0);
    }
}

/* The first four files as given, with a good claims.yaml. */
static void pcase_load4(pcase *c, const char *bizdesk, const char *roles, const char *pipeline,
                        const char *contracts)
{
    pcase_load5(c, bizdesk, roles, pipeline, contracts, good_claims);
}

/* The first three files as given, with a good contracts.yaml. */
static void pcase_load3(pcase *c, const char *bizdesk, const char *roles, const char *pipeline)
{
    pcase_load4(c, bizdesk, roles, pipeline, good_contracts);
}

/* bizdesk.yaml and roles.yaml as given, with a good pipeline.yaml. */
static void pcase_load(pcase *c, const char *bizdesk, const char *roles)
{
    pcase_load3(c, bizdesk, roles, good_pipeline);
}

/* Good bizdesk.yaml and roles.yaml with the pipeline.yaml given. */
static void pcase_pipeline(pcase *c, const char *pipeline)
{
    pcase_load3(c, good_bizdesk, good_roles, pipeline);
}

static void pcase_free(pcase *c)
{
    policy_free(&c->pol);
    assert_null(c->pol);
    policy_diags_free(&c->d);
    unit_tmpdir_free(c->dir);
}

/* Diagnostic i, formatted, equals "<dir>/<want>" (exact) or starts with it
 * (prefix).  On a mismatch every diagnostic is printed to help. */
static void check_diag(const pcase *c, size_t i, const char *want, bool prefix)
{
    char line[2048], expect[2048];
    snprintf(expect, sizeof expect, "%s/%s", c->dir, want);
    bool ok = i < c->d.n;
    if (ok) {
        policy_diag_format(&c->d.v[i], line, sizeof line);
        ok = prefix ? strncmp(line, expect, strlen(expect)) == 0 : strcmp(line, expect) == 0;
    }
    if (!ok) {
        print_message("wanted [%zu]: %s\n", i, expect);
        for (size_t k = 0; k < c->d.n; k++)
            print_message("got    [%zu]: %s\n", k,
                          policy_diag_format(&c->d.v[k], line, sizeof line));
        fail();
    }
}

#define expect_diag(c, i, want) check_diag((c), (i), (want), false)
#define expect_prefix(c, i, want) check_diag((c), (i), (want), true)

/* Every diagnostic, exactly and in order. */
static void expect_diags(const pcase *c, const char *const *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        expect_diag(c, i, want[i]);
    if (c->d.n != n) {
        char line[2048];
        for (size_t k = n; k < c->d.n; k++)
            print_message("extra  [%zu]: %s\n", k,
                          policy_diag_format(&c->d.v[k], line, sizeof line));
        assert_int_equal(c->d.n, n);
    }
}
#define EXPECT_DIAGS(c, want) expect_diags((c), (want), sizeof(want) / sizeof(want)[0])

/* A case whose one mistake gives exactly one diagnostic, checked exactly. */
static void one_mistake(const char *bizdesk, const char *roles, const char *want)
{
    pcase c;
    pcase_load(&c, bizdesk, roles);
    expect_diag(&c, 0, want);
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);
}

/* ---- The shipped folder ------------------------------------------------ */
static void test_shipped_config_loads(void **state)
{
    (void)state;
    policy_diags d = {0};
    policy *p = NULL;
    bd_status st = policy_load(BD_SRCDIR "/config", &p, &d);
    char line[1024];
    for (size_t i = 0; i < d.n; i++)
        print_message("%s\n", policy_diag_format(&d.v[i], line, sizeof line));
    assert_int_equal(st, BD_OK);
    assert_int_equal(d.n, 0);
    assert_string_equal(p->dir, BD_SRCDIR "/config");
    assert_string_equal(p->currency, "CNY");
    assert_int_equal(p->busy_timeout_ms, 5000);
    assert_int_equal(p->refresh_ms, 1000);
    assert_true(p->company_name && p->company_name[0]);

    /* The codes other code relies on (the demo, init). */
    static const char *const depts[] = {"sales",   "commercial", "presales",
                                        "aftersales", "marketing", "finance",
                                        "legal",   "admin",      "leadership"};
    assert_int_equal(p->ndepts, sizeof depts / sizeof depts[0]);
    for (size_t i = 0; i < sizeof depts / sizeof depts[0]; i++)
        assert_non_null(policy_dept_find(p, depts[i]));
    static const struct {
        const char *code;
        policy_scope scope;
    } roles[] = {
        {"rep", SCOPE_OWN},          {"supervisor", SCOPE_TEAM}, {"sales_manager", SCOPE_DEPARTMENT},
        {"finance", SCOPE_ALL},      {"legal", SCOPE_ALL},       {"dept_head", SCOPE_DEPARTMENT},
        {"leader", SCOPE_ALL},       {"admin", SCOPE_ALL},
    };
    assert_int_equal(p->nroles, sizeof roles / sizeof roles[0]);
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        const policy_role *r = policy_role_find(p, roles[i].code);
        assert_non_null(r);
        assert_int_equal(r->scope, roles[i].scope);
        assert_true(policy_role_has(r, PERM_CLAIMS)); /* everyone claims expenses */
        assert_true(policy_role_has(r, PERM_REVIEWS));
    }
    const policy_role *admin = policy_role_find(p, "admin");
    assert_true(policy_role_has(admin, PERM_ADMIN_USERS));
    assert_true(policy_role_has(admin, PERM_AUDIT_READ));
    const policy_role *rep = policy_role_find(p, "rep");
    assert_true(policy_role_has(rep, PERM_PIPELINE));
    assert_false(policy_role_has(rep, PERM_ADMIN_USERS));
    assert_false(policy_role_has(rep, PERM_REPORTS));
    assert_null(policy_role_find(p, "nobody"));
    assert_null(policy_dept_find(p, "nowhere"));

    /* Reassigning and importing leads: the sales supervisor and manager;
     * never a role without the Pipeline module. */
    for (size_t i = 0; i < p->nroles; i++) {
        const policy_role *r = &p->roles[i];
        bool lead = strcmp(r->code, "supervisor") == 0 || strcmp(r->code, "sales_manager") == 0;
        assert_int_equal(policy_role_has(r, PERM_PIPELINE_REASSIGN), lead);
        assert_int_equal(policy_role_has(r, PERM_PIPELINE_IMPORT), lead);
    }

    /* pipeline.yaml: the stages of the sales process, in order. */
    static const struct {
        const char *code;
        int probability, stale_days;
        uint32_t requires;
        bool won, lost;
    } stages[] = {
#define F(x) (UINT32_C(1) << (x))
        {"new", 10, 14, 0, false, false},
        {"qualified", 20, 21, F(OPP_F_CONTACT), false, false},
        {"needs_analysis", 40, 30, F(OPP_F_CONTACT) | F(OPP_F_NEEDS), false, false},
        {"proposal", 60, 30, F(OPP_F_CONTACT) | F(OPP_F_NEEDS) | F(OPP_F_BUDGET) | F(OPP_F_VALUE),
         false, false},
        {"negotiation", 80, 21,
         F(OPP_F_CONTACT) | F(OPP_F_NEEDS) | F(OPP_F_BUDGET) | F(OPP_F_VALUE) | F(OPP_F_CLOSE_DATE),
         false, false},
        {"won", 100, 0, F(OPP_F_VALUE) | F(OPP_F_CLOSE_DATE), true, false},
        {"lost", 0, 0, F(OPP_F_LOST_REASON), false, true},
#undef F
    };
    assert_int_equal(p->nstages, sizeof stages / sizeof stages[0]);
    for (size_t i = 0; i < p->nstages; i++) {
        const policy_stage *sg = &p->stages[i];
        assert_string_equal(sg->code, stages[i].code);
        assert_true(sg->name && sg->name[0]);
        assert_int_equal(sg->probability, stages[i].probability);
        assert_int_equal(sg->stale_days, stages[i].stale_days);
        assert_int_equal(sg->requires, stages[i].requires);
        assert_int_equal(sg->won, stages[i].won);
        assert_int_equal(sg->lost, stages[i].lost);
        assert_int_equal(policy_stage_index(p, stages[i].code), (int)i);
    }
    assert_string_equal(p->stages[0].name, "新線索 New");
    static const char *const sources[] = {"exhibition",    "web",            "referral",
                                          "partner",       "telemarketing",  "customer_intro",
                                          "market_research"};
    assert_int_equal(p->nsources, sizeof sources / sizeof sources[0]);
    for (size_t i = 0; i < p->nsources; i++) {
        assert_int_equal(policy_source_index(p, sources[i]), (int)i);
        assert_true(p->sources[i].name && p->sources[i].name[0]);
    }
    static const struct {
        const char *code;
        int churn_days;
    } classes[] = {{"key", 30}, {"general", 60}, {"potential", 90}};
    assert_int_equal(p->nclasses, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(policy_class_index(p, classes[i].code), (int)i);
        assert_int_equal(p->classes[i].churn_days, classes[i].churn_days);
    }
    assert_string_equal(p->classes[0].name, "重點客戶 Key");
    assert_int_equal(p->import_max_field_bytes, 65536);
    assert_int_equal(p->dup_keys, POLICY_DUP_EMAIL | POLICY_DUP_PHONE | POLICY_DUP_COMPANY);
    assert_int_equal(p->dup_default, DUP_SKIP);
    assert_int_equal(p->nsynonyms, 68);
    /* Headers as Chinese and English spreadsheets write them. */
    static const struct {
        const char *header;
        int field;
    } headers[] = {
        {"公司名稱", IMP_COMPANY},   {"公司名称", IMP_COMPANY},     {"Company Name", IMP_COMPANY},
        {"聯繫人", IMP_CONTACT_NAME}, {"NAME", IMP_CONTACT_NAME},   {"contact_name", IMP_CONTACT_NAME},
        {"职位", IMP_TITLE},          {"手机", IMP_PHONE},           {"e-mail", IMP_EMAIL},
        {" 电子邮件 ", IMP_EMAIL},    {"行業", IMP_INDUSTRY},        {"省份", IMP_REGION},
        {"City", IMP_CITY},          {"渠道", IMP_SOURCE},          {"预估金额", IMP_VALUE},
        {"expected close", IMP_CLOSE_DATE}, {"負責人", IMP_OWNER}, {"备注", IMP_NEEDS},
        {"Fax", -1},
    };
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
        if (policy_synonym_field(p, headers[i].header) != headers[i].field)
            fail_msg("header '%s' gave %d, wanted %d", headers[i].header,
                     policy_synonym_field(p, headers[i].header), headers[i].field);

    /* contracts.yaml: legal, then finance, then leadership from 100,000.00
     * (000 §4.3, 002 §5). */
    static const struct {
        const char *code, *role;
        apv_who who;
        int64_t min_amount;
    } review[] = {
        {"legal", "legal", APV_ROLE, 0},
        {"finance", "finance", APV_ROLE, 0},
        {"leadership", "leader", APV_LEADERSHIP, 10000000},
    }, writeoff[] = {
        {"finance", "finance", APV_ROLE, 0},
        {"leadership", "leader", APV_LEADERSHIP, 0},
    };
    assert_int_equal(p->contract_flow.nsteps, 3);
    for (int i = 0; i < 3; i++) {
        const apv_step *sp = &p->contract_flow.steps[i];
        assert_string_equal(sp->code, review[i].code);
        assert_string_equal(sp->role, review[i].role);
        assert_int_equal(sp->who, review[i].who);
        assert_int_equal(sp->min_amount, review[i].min_amount);
        assert_non_null(policy_role_find(p, sp->role));
        assert_true(policy_role_has(policy_role_find(p, sp->role), PERM_CONTRACTS));
    }
    assert_string_equal(p->contract_flow.steps[0].name, "法務審核 Legal review");
    assert_int_equal(p->writeoff_flow.nsteps, 2);
    for (int i = 0; i < 2; i++) {
        const apv_step *sp = &p->writeoff_flow.steps[i];
        assert_string_equal(sp->code, writeoff[i].code);
        assert_string_equal(sp->role, writeoff[i].role);
        assert_int_equal(sp->who, writeoff[i].who);
        assert_int_equal(sp->min_amount, writeoff[i].min_amount);
    }
    /* The clauses the documents require, and one optional. */
    static const char *const required[] = {"rights",     "product_spec",  "price", "delivery",
                                           "acceptance", "payment_terms", "breach"};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        int k = policy_clause_index(p, required[i]);
        assert_int_equal(k, (int)i);
        assert_true(p->clauses[k].required);
    }
    assert_int_equal(p->nclauses, 8);
    assert_false(p->clauses[policy_clause_index(p, "confidentiality")].required);
    static const struct {
        const char *code;
        int nsteps;
    } kinds[] = {{"price", 3}, {"dates", 1}, {"scope", 2}, {"other", 1}};
    assert_int_equal(p->namendments, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(policy_amendment_index(p, kinds[i].code), (int)i);
        assert_int_equal(p->amendments[i].flow.nsteps, kinds[i].nsteps);
        assert_string_equal(p->amendments[i].flow.steps[0].code, "legal");
    }
    assert_int_equal(p->amendments[0].flow.steps[2].min_amount, 10000000);
    assert_string_equal(p->number_pattern, "HT-{year}-{seq:04}");
    char num[32];
    assert_true(policy_contract_number(p, 2026, 7, num, sizeof num));
    assert_string_equal(num, "HT-2026-0007");
    assert_true(policy_contract_number(p, 2026, 12345, num, sizeof num));
    assert_string_equal(num, "HT-2026-12345");
    assert_int_equal(p->renewal_days, 60);
    assert_int_equal(p->retention_years, 10);
    assert_int_equal(p->naging, 3);
    assert_int_equal(p->aging_buckets[0], 30);
    assert_int_equal(p->aging_buckets[1], 60);
    assert_int_equal(p->aging_buckets[2], 90);
    static const char *const cur[] = {"CNY", "USD", "HKD", "EUR"};
    assert_int_equal(p->ncurrencies, 4);
    for (size_t i = 0; i < 4; i++)
        assert_true(policy_currency_ok(p, cur[i]));
    assert_false(policy_currency_ok(p, "JPY"));

    /* claims.yaml: the categories of 000 §6.2, the standards, the flows
     * (department head, finance, leadership from 5,000.00; sales claims go
     * to the supervisor first, 001 §5.2) and the rules. */
    static const struct {
        const char *code;
        bool preapproval;
    } cats[] = {{"marketing", false},     {"travel", false}, {"entertainment", true},
                {"communication", false}, {"office", false}};
    assert_int_equal(p->ncategories, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(policy_category_index(p, cats[i].code), (int)i);
        assert_int_equal(p->categories[i].preapproval, cats[i].preapproval);
        assert_true(p->categories[i].name && p->categories[i].name[0]);
    }
    assert_string_equal(p->categories[1].name, "差旅 Travel");
    static const struct {
        const char *code, *category;
        policy_std_unit unit;
        int64_t cap;
        size_t ncity_caps;
    } stds[] = {
        {"hotel", "travel", STD_NIGHT, 40000, 1},
        {"allowance", "travel", STD_DAY, 10000, 0},
        {"meal", "entertainment", STD_PERSON, 20000, 0},
        {"phone", "communication", STD_LINE, 30000, 0},
    };
    assert_int_equal(p->nstandards, 4);
    for (size_t i = 0; i < 4; i++) {
        const policy_standard *sd = &p->standards[i];
        assert_int_equal(policy_standard_index(p, stds[i].code), (int)i);
        assert_int_equal(sd->category, policy_category_index(p, stds[i].category));
        assert_int_equal(sd->unit, stds[i].unit);
        assert_int_equal(sd->cap, stds[i].cap);
        assert_int_equal(sd->ncity_caps, stds[i].ncity_caps);
    }
    assert_string_equal(p->standards[0].name, "住宿 Hotel, per night");
    assert_string_equal(p->standards[1].name, "出差補貼 Travel allowance, per day");
    assert_string_equal(p->standards[2].name, "招待餐費 Meal, per person");
    const policy_standard *hotel = &p->standards[0];
    assert_int_equal(hotel->city_caps[0].ncities, 5);
    static const char *const tier1[] = {"北京", "上海", "廣州", "深圳", "广州"};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(hotel->city_caps[0].cities[i], tier1[i]);
        assert_int_equal(policy_standard_cap(hotel, tier1[i]), 60000);
    }
    assert_int_equal(policy_standard_cap(hotel, "杭州"), 40000);
    assert_int_equal(policy_standard_cap(hotel, NULL), 40000);
    assert_int_equal(policy_standard_cap(&p->standards[2], "北京"), 20000);

    typedef struct want_step {
        const char *code, *role; /* role NULL: a manager step */
        apv_who who;
        int64_t min_amount;
    } want_step;
    static const want_step claim[] = {
        {"dept_head", "dept_head", APV_DEPT_HEAD, 0},
        {"finance", "finance", APV_ROLE, 0},
        {"leadership", "leader", APV_LEADERSHIP, 500000},
    }, pre[] = {
        {"dept_head", "dept_head", APV_DEPT_HEAD, 0},
        {"leadership", "leader", APV_LEADERSHIP, 300000},
    }, budget[] = {
        {"finance", "finance", APV_ROLE, 0},
        {"leadership", "leader", APV_LEADERSHIP, 0},
    }, sales_claim[] = {
        {"supervisor", NULL, APV_MANAGER, 0},
        {"finance", "finance", APV_ROLE, 0},
        {"leadership", "leader", APV_LEADERSHIP, 500000},
    }, sales_pre[] = {
        {"supervisor", NULL, APV_MANAGER, 0},
        {"leadership", "leader", APV_LEADERSHIP, 300000},
    };
    static const struct {
        policy_claim_flow kind;
        const char *dept;
        const want_step *want;
        int n;
    } flows[] = {
        {CLAIM_FLOW_CLAIM, "finance", claim, 3},
        {CLAIM_FLOW_CLAIM, NULL, claim, 3},
        {CLAIM_FLOW_PREAPPROVAL, "finance", pre, 2},
        {CLAIM_FLOW_BUDGET, "finance", budget, 2},
        {CLAIM_FLOW_CLAIM, "sales", sales_claim, 3},
        {CLAIM_FLOW_PREAPPROVAL, "sales", sales_pre, 2},
        {CLAIM_FLOW_BUDGET, "sales", budget, 2}, /* sales has no budget flow of its own */
    };
    for (size_t f = 0; f < sizeof flows / sizeof flows[0]; f++) {
        const policy_flow *fl = policy_claims_flow(p, flows[f].kind, flows[f].dept);
        const want_step *w = flows[f].want;
        assert_non_null(fl);
        assert_int_equal(fl->nsteps, flows[f].n);
        for (int i = 0; i < fl->nsteps; i++) {
            assert_string_equal(fl->steps[i].code, w[i].code);
            assert_int_equal(fl->steps[i].who, w[i].who);
            assert_int_equal(fl->steps[i].min_amount, w[i].min_amount);
            if (w[i].role) {
                assert_string_equal(fl->steps[i].role, w[i].role);
                assert_true(policy_role_has(policy_role_find(p, w[i].role), PERM_CLAIMS));
            } else {
                assert_null(fl->steps[i].role);
            }
        }
    }
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_BUDGET, "sales"),
                     &p->claim_flows[CLAIM_FLOW_BUDGET]);
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_CLAIM, "finance"),
                     &p->claim_flows[CLAIM_FLOW_CLAIM]);
    assert_int_equal(p->ndept_flows, 1);
    assert_string_equal(p->dept_flows[0].department, "sales");
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_CLAIM, "sales"),
                     &p->dept_flows[0].flows[CLAIM_FLOW_CLAIM]);
    assert_string_equal(p->dept_flows[0].flows[CLAIM_FLOW_CLAIM].steps[0].name,
                        "銷售主管 Supervisor");
    assert_int_equal(p->preapproval_tolerance_pct, 10);
    assert_int_equal(p->duplicate_invoice, RULE_REFUSE);
    assert_int_equal(p->over_standard, RULE_FLAG);
    assert_int_equal(p->over_budget, RULE_REFUSE);
    assert_int_equal(p->nkey_classes, 1);
    assert_true(policy_key_class(p, "key"));
    assert_false(policy_key_class(p, "general"));
    static const char *const pays[] = {"bank_transfer", "cash", "cheque"};
    assert_int_equal(p->npay_methods, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(p->pay_methods[i], pays[i]);
        assert_true(policy_pay_method_ok(p, pays[i]));
    }
    assert_false(policy_pay_method_ok(p, "alipay"));
    policy_free(&p);
    assert_null(p);
    policy_free(&p); /* NULL is fine */
}

/* ---- Names -------------------------------------------------------------- */
static void test_names(void **state)
{
    (void)state;
    for (int i = 0; i < PERM_COUNT; i++) {
        assert_int_equal(policy_perm_from_name(policy_perm_name((policy_perm)i)), i);
        assert_true(strlen(policy_perm_help((policy_perm)i)) > 0);
    }
    assert_string_equal(policy_perm_name(PERM_ADMIN_USERS), "admin.users");
    assert_int_equal(policy_perm_from_name("admin.user"), -1);
    assert_int_equal(policy_scope_from_name("department"), SCOPE_DEPARTMENT);
    assert_string_equal(policy_scope_name(SCOPE_TEAM), "team");
    assert_int_equal(policy_scope_from_name("global"), -1);

    for (int i = 0; i < OPP_F_COUNT; i++) {
        assert_int_equal(policy_opp_field_from_name(policy_opp_field_name((policy_opp_field)i)), i);
        assert_true(strlen(policy_opp_field_help((policy_opp_field)i)) > 0);
    }
    assert_string_equal(policy_opp_field_name(OPP_F_LOST_REASON), "lost_reason");
    assert_string_equal(policy_opp_field_help(OPP_F_CONTACT), "a contact person");
    assert_string_equal(policy_opp_field_name(OPP_F_COUNT), "?");
    assert_int_equal(policy_opp_field_from_name("Contact"), -1);
    assert_int_equal(policy_opp_field_from_name(NULL), -1);
    for (int i = 0; i < IMP_COUNT; i++)
        assert_int_equal(policy_import_field_from_name(
                             policy_import_field_name((policy_import_field)i)), i);
    assert_string_equal(policy_import_field_name(IMP_CONTACT_NAME), "contact_name");
    assert_string_equal(policy_import_field_name(IMP_COUNT), "?");
    assert_int_equal(policy_import_field_from_name("Email"), -1);
    assert_string_equal(policy_perm_name(PERM_PIPELINE_REASSIGN), "pipeline.reassign");
    assert_string_equal(policy_perm_name(PERM_PIPELINE_IMPORT), "pipeline.import");
}

static void test_diag_format(void **state)
{
    (void)state;
    policy_diags d = {0};
    policy_diag_add(&d, "a.yaml", 3, 7, "bad %s", "thing");
    policy_diag_add(&d, "b.yaml", 0, 0, "cannot open: %s", "No such file or directory");
    policy_diag_add(&d, "c.yaml", 1, 1, "名稱 %d", 42);
    char buf[64];
    assert_string_equal(policy_diag_format(&d.v[0], buf, sizeof buf), "a.yaml:3:7: bad thing");
    assert_string_equal(policy_diag_format(&d.v[1], buf, sizeof buf),
                        "b.yaml: cannot open: No such file or directory");
    /* Cut to fit, never inside a UTF-8 character: "c.yaml:1:1: " is 12
     * bytes and 名 is 3, so 14 bytes of room keep only the prefix. */
    char small[15];
    assert_string_equal(policy_diag_format(&d.v[2], small, sizeof small), "c.yaml:1:1: ");
    policy_diags_free(&d);
    assert_null(d.v);
    assert_int_equal(d.n, 0);
}

/* ---- Refusals from reading the file ------------------------------------- */
static void test_missing_file(void **state)
{
    (void)state;
    one_mistake(good_bizdesk, NULL, "roles.yaml: cannot open: No such file or directory");
}

static void test_missing_folder(void **state)
{
    (void)state;
    policy_diags d = {0};
    policy *p = NULL;
    assert_int_equal(policy_load("/nonexistent/policy", &p, &d), BD_ERR_POLICY);
    assert_null(p);
    assert_int_equal(d.n, 6);
    char line[256];
    assert_string_equal(policy_diag_format(&d.v[0], line, sizeof line),
                        "/nonexistent/policy/bizdesk.yaml: cannot open: No such file or directory");
    assert_string_equal(policy_diag_format(&d.v[1], line, sizeof line),
                        "/nonexistent/policy/roles.yaml: cannot open: No such file or directory");
    assert_string_equal(policy_diag_format(&d.v[2], line, sizeof line),
                        "/nonexistent/policy/pipeline.yaml: cannot open: No such file or directory");
    assert_string_equal(policy_diag_format(&d.v[3], line, sizeof line),
                        "/nonexistent/policy/contracts.yaml: cannot open: No such file or directory");
    assert_string_equal(policy_diag_format(&d.v[4], line, sizeof line),
                        "/nonexistent/policy/claims.yaml: cannot open: No such file or directory");
    assert_string_equal(policy_diag_format(&d.v[5], line, sizeof line),
                        "/nonexistent/policy/performance.yaml: cannot open: No such file or directory");
    policy_diags_free(&d);
}

static void test_syntax_error(void **state)
{
    (void)state;
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: admin\n"
                "    name: Admin\n"
                "    scope: all\n"
                "    permissions: [admin.users\n",
                "roles.yaml:6:1: syntax error: did not find expected ',' or ']' "
                "(while parsing a flow sequence at line 5, column 18)");
}

static void test_syntax_error_indent(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name: Acme\n"
                " currency: CNY\n"
                "departments: []\n",
                good_roles,
                "bizdesk.yaml:3:2: syntax error: did not find expected key "
                "(while parsing a block mapping at line 1, column 1)");
}

static void test_tab_indentation(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c,
               "company:\n"
               "\tname: Acme\n"
               "departments:\n"
               "  - code: sales\n"
               "    name: Sales\n",
               good_roles);
    expect_prefix(&c, 0, "bizdesk.yaml:2:1: syntax error: ");
    char line[512];
    policy_diag_format(&c.d.v[0], line, sizeof line);
    assert_non_null(strstr(line, "tab"));
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name: Acme\n"
                "  currency: CNY\n"
                "  name: Other\n"
                "departments:\n"
                "  - code: sales\n"
                "    name: Sales\n",
                good_roles, "bizdesk.yaml:4:3: duplicate key 'name' (first at line 2)");
}

static void test_duplicate_keys_all_reported(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c,
               "company: {name: A, name: B}\n"
               "departments: []\n"
               "departments: []\n",
               good_roles);
    expect_diag(&c, 0, "bizdesk.yaml:1:20: duplicate key 'name' (first at line 1, column 11)");
    expect_diag(&c, 1, "bizdesk.yaml:3:1: duplicate key 'departments' (first at line 2)");
    assert_int_equal(c.d.n, 2);
    pcase_free(&c);
}

static void test_anchor_and_alias(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c, good_bizdesk,
               "roles:\n"
               "  - code: admin\n"
               "    name: Admin\n"
               "    scope: all\n"
               "    permissions: &perms [admin.users]\n"
               "  - code: admin2\n"
               "    name: Admin 2\n"
               "    scope: all\n"
               "    permissions: *perms\n");
    expect_diag(&c, 0,
                "roles.yaml:5:18: anchors (&perms) are not allowed in policy files; "
                "write the value out in full");
    expect_diag(&c, 1,
                "roles.yaml:9:18: aliases (*perms) are not allowed in policy files; "
                "write the value out in full");
    assert_int_equal(c.d.n, 2);
    pcase_free(&c);
}

static void test_alias_alone(void **state)
{
    (void)state;
    /* An alias to an anchor that was never defined is a libyaml error. */
    pcase c;
    pcase_load(&c, good_bizdesk, "roles: *r\n");
    expect_prefix(&c, 0, "roles.yaml:1:8: ");
    pcase_free(&c);
}

static void test_tag(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name: !!str Acme\n"
                "departments:\n"
                "  - code: sales\n"
                "    name: Sales\n",
                good_roles, "bizdesk.yaml:2:9: tags (tag:yaml.org,2002:str) are not allowed in policy files");
}

static void test_two_documents(void **state)
{
    (void)state;
    one_mistake(good_bizdesk, "roles: []\n---\nroles: []\n",
                "roles.yaml:2:1: a second document starts here; a policy file holds one document");
}

static void test_one_explicit_document_is_fine(void **state)
{
    (void)state;
    pcase c;
    char text[512];
    snprintf(text, sizeof text, "%%YAML 1.2\n---\n%s...\n", good_roles);
    pcase_load(&c, good_bizdesk, text);
    assert_int_equal(c.st, BD_OK);
    pcase_free(&c);
}

static void test_too_deep(void **state)
{
    (void)state;
    /* The top mapping is level 1, so the 32nd '[' opens level 33. */
    char text[256] = "roles: ";
    for (int i = 0; i < 40; i++)
        strcat(text, "[");
    for (int i = 0; i < 40; i++)
        strcat(text, "]");
    strcat(text, "\n");
    one_mistake(good_bizdesk, text, "roles.yaml:1:39: nested more than 32 levels deep, the limit");
}

static void test_depth_at_the_limit(void **state)
{
    (void)state;
    /* 31 nested lists under the top mapping: 32 levels, parsed; the
     * binder then refuses the shape, which shows parsing went through. */
    char text[256] = "roles: ";
    for (int i = 0; i < 31; i++)
        strcat(text, "[");
    for (int i = 0; i < 31; i++)
        strcat(text, "]");
    strcat(text, "\n");
    one_mistake(good_bizdesk, text, "roles.yaml:1:9: expected a mapping (key: value), got a list");
}

static void test_file_too_large(void **state)
{
    (void)state;
    size_t n = POLICY_MAX_FILE_BYTES + 1;
    char *big = malloc(n + 1);
    assert_non_null(big);
    /* Comment lines: valid YAML, so only the size can refuse it. */
    for (size_t i = 0; i < n; i++)
        big[i] = i % 64 == 0 ? '#' : i % 64 == 63 ? '\n' : 'x';
    big[n] = '\0';
    one_mistake(big, good_roles, "bizdesk.yaml: file too large: 1048577 bytes, the limit is 1048576 bytes");
    free(big);
}

static void test_scalar_too_long(void **state)
{
    (void)state;
    char *text = malloc(POLICY_MAX_SCALAR + 200);
    assert_non_null(text);
    strcpy(text, "company:\n  name: ");
    size_t at = strlen(text);
    memset(text + at, 'x', POLICY_MAX_SCALAR + 1);
    strcpy(text + at + POLICY_MAX_SCALAR + 1, "\ndepartments:\n  - code: sales\n    name: Sales\n");
    one_mistake(text, good_roles, "bizdesk.yaml:2:9: value too long: 4097 bytes, the limit is 4096 bytes");
    free(text);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name: Caf\xe9\n" /* Latin-1, not UTF-8 */
                "departments:\n"
                "  - code: sales\n"
                "    name: Sales\n",
                good_roles,
                "bizdesk.yaml:2:12: invalid UTF-8 (byte 0xe9); policy files must be UTF-8");
}

static void test_invalid_utf8_after_cjk(void **state)
{
    (void)state;
    /* Columns count characters: 銷售 is two columns, not six. */
    one_mistake("company:\n"
                "  name: 銷售\xc0\xaf\n" /* an overlong '/' */
                "departments:\n"
                "  - code: sales\n"
                "    name: Sales\n",
                good_roles,
                "bizdesk.yaml:2:11: invalid UTF-8 (byte 0xc0); policy files must be UTF-8");
}

static void test_control_character(void **state)
{
    (void)state;
    one_mistake("company:\n  name: A\x01""B\ndepartments:\n  - code: sales\n    name: Sales\n",
                good_roles, "bizdesk.yaml:2:10: control character U+0001 is not allowed");
}

static void test_nul_escape(void **state)
{
    (void)state;
    one_mistake("company:\n  name: \"A\\0B\"\ndepartments:\n  - code: sales\n    name: Sales\n",
                good_roles, "bizdesk.yaml:2:9: a value may not contain a NUL character (\\0)");
}

static void test_empty_file(void **state)
{
    (void)state;
    one_mistake(good_bizdesk, "",
                "roles.yaml:1:1: the file is empty; expected a mapping (key: value lines) at the top");
}

static void test_comments_only(void **state)
{
    (void)state;
    one_mistake(good_bizdesk, "# nothing yet\n\n",
                "roles.yaml:1:1: the file is empty; expected a mapping (key: value lines) at the top");
}

static void test_top_not_mapping(void **state)
{
    (void)state;
    one_mistake(good_bizdesk,
                "# roles\n"
                "- code: admin\n",
                "roles.yaml:2:1: expected a mapping (key: value lines) at the top of the file, "
                "got a list");
}

static void test_top_scalar(void **state)
{
    (void)state;
    one_mistake(good_bizdesk, "roles\n",
                "roles.yaml:1:1: expected a mapping (key: value lines) at the top of the file, "
                "got 'roles'");
}

static void test_non_scalar_key(void **state)
{
    (void)state;
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: admin\n"
                "    name: Admin\n"
                "    scope: all\n"
                "    permissions: [admin.users]\n"
                "? [a, b]\n"
                ": c\n",
                "roles.yaml:6:3: a key must be plain text, not a list");
}

/* ---- Refusals from binding ---------------------------------------------- */
static void test_wrong_type(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name: [Acme, Other]\n"
                "departments:\n"
                "  - code: sales\n"
                "    name: Sales\n",
                good_roles, "bizdesk.yaml:2:9: expected a string, got a list");
}

static void test_mapping_expected(void **state)
{
    (void)state;
    one_mistake("company: Acme\n"
                "departments:\n"
                "  - code: sales\n"
                "    name: Sales\n",
                good_roles, "bizdesk.yaml:1:10: expected a mapping (key: value), got 'Acme'");
}

static void test_unknown_key_in_role(void **state)
{
    (void)state;
    /* The same file the CLI test uses. */
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: rep\n"
                "    name: Rep\n"
                "    scope: own\n"
                "    permissions: [pipeline.use, admin.users]\n"
                "    colour: blue\n",
                "roles.yaml:6:5: unknown key 'colour' (known keys: code, name, scope, permissions)");
}

static void test_unknown_top_key(void **state)
{
    (void)state;
    char text[512];
    snprintf(text, sizeof text, "%sdatabse:\n  busy_timeout_ms: 100\n", good_bizdesk);
    one_mistake(text, good_roles,
                "bizdesk.yaml:6:1: unknown key 'databse' (known keys: company, database, ui, departments)");
}

static void test_unknown_permission(void **state)
{
    (void)state;
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: admin\n"
                "    name: Admin\n"
                "    scope: all\n"
                "    permissions: [admin.users, contract.use]\n",
                "roles.yaml:5:32: unknown permission 'contract.use' (known permissions: admin.users, "
                "audit.read, pipeline.use, pipeline.reassign, pipeline.import, contracts.use, "
                "receivables.record, claims.use, claims.pay, budgets.manage, reviews.use, reviews.manage, "
                "reports.use)");
}

static void test_duplicate_permission(void **state)
{
    (void)state;
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: admin\n"
                "    name: Admin\n"
                "    scope: all\n"
                "    permissions:\n"
                "      - admin.users\n"
                "      - admin.users\n",
                "roles.yaml:7:9: duplicate permission 'admin.users' (first at line 6)");
}

static void test_invalid_scope(void **state)
{
    (void)state;
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: admin\n"
                "    name: Admin\n"
                "    scope: company\n"
                "    permissions: [admin.users]\n",
                "roles.yaml:4:12: invalid scope 'company' (expected one of: own, team, department, all)");
}

static void test_duplicate_role_code(void **state)
{
    (void)state;
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: admin\n"
                "    name: Admin\n"
                "    scope: all\n"
                "    permissions: [admin.users]\n"
                "  - code: admin\n"
                "    name: Second admin\n"
                "    scope: own\n"
                "    permissions: []\n",
                "roles.yaml:6:11: duplicate role code 'admin' (first at line 2)");
}

static void test_duplicate_department_code(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name: Acme\n"
                "departments:\n"
                "  - {code: sales, name: Sales}\n"
                "  - {code: legal, name: Legal}\n"
                "  - {code: sales, name: More sales}\n",
                good_roles, "bizdesk.yaml:6:12: duplicate department code 'sales' (first at line 4)");
}

static void test_invalid_code(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name: Acme\n"
                "departments:\n"
                "  - code: Sales-EU\n"
                "    name: Sales\n",
                good_roles,
                "bizdesk.yaml:4:11: invalid code 'Sales-EU': a code is 1 to 32 characters of a-z, "
                "0-9 and _, starting with a letter");
}

static void test_missing_required_key(void **state)
{
    (void)state;
    /* Reported at the mapping that lacks it: the role's first key. */
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: admin\n"
                "    name: Admin\n"
                "    permissions: [admin.users]\n",
                "roles.yaml:2:5: missing required key 'scope'");
}

static void test_missing_top_key(void **state)
{
    (void)state;
    one_mistake("# no departments\n"
                "company:\n"
                "  name: Acme\n",
                good_roles, "bizdesk.yaml:2:1: missing required key 'departments'");
}

static void test_empty_value(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name:\n"
                "departments:\n"
                "  - code: sales\n"
                "    name: Sales\n",
                good_roles, "bizdesk.yaml:2:8: expected a string, got an empty value");
}

static void test_currency(void **state)
{
    (void)state;
    one_mistake("company:\n"
                "  name: Acme\n"
                "  currency: RMB1\n"
                "departments:\n"
                "  - code: sales\n"
                "    name: Sales\n",
                good_roles,
                "bizdesk.yaml:3:13: invalid currency 'RMB1': expected an ISO 4217 code of three "
                "capital letters, like CNY or USD");
}

static void test_ranges(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c,
               "company:\n"
               "  name: Acme\n"
               "database:\n"
               "  busy_timeout_ms: 99\n"
               "ui:\n"
               "  refresh_ms: 60001\n"
               "departments:\n"
               "  - code: sales\n"
               "    name: Sales\n",
               good_roles);
    expect_diag(&c, 0, "bizdesk.yaml:4:20: expected an integer from 100 to 600000, got 99");
    expect_diag(&c, 1, "bizdesk.yaml:6:15: expected an integer from 200 to 60000, got 60001");
    assert_int_equal(c.d.n, 2);
    pcase_free(&c);
}

static void test_integer_forms(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c,
               "company:\n"
               "  name: Acme\n"
               "database:\n"
               "  busy_timeout_ms: \"5000\"\n"
               "ui:\n"
               "  refresh_ms: 1e3\n"
               "departments:\n"
               "  - code: sales\n"
               "    name: Sales\n",
               good_roles);
    expect_diag(&c, 0,
                "bizdesk.yaml:4:20: expected an integer, got the quoted string '5000' "
                "(write numbers without quotes)");
    expect_diag(&c, 1, "bizdesk.yaml:6:15: expected an integer, got '1e3'");
    assert_int_equal(c.d.n, 2);
    pcase_free(&c);
}

static void test_bounds_accepted_and_defaults(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c,
               "company:\n"
               "  name: Acme\n"
               "database:\n"
               "  busy_timeout_ms: 600000\n"
               "ui:\n"
               "  refresh_ms: +200\n"
               "departments:\n"
               "  - code: sales\n"
               "    name: Sales\n",
               good_roles);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->busy_timeout_ms, 600000);
    assert_int_equal(c.pol->refresh_ms, 200);
    pcase_free(&c);

    pcase_load(&c, good_bizdesk, good_roles);
    assert_int_equal(c.st, BD_OK);
    assert_string_equal(c.pol->currency, "CNY");
    assert_int_equal(c.pol->busy_timeout_ms, 5000);
    assert_int_equal(c.pol->refresh_ms, 1000);
    assert_int_equal(c.pol->ndepts, 1);
    assert_int_equal(c.pol->nroles, 1);
    assert_int_equal(c.pol->roles[0].perms, UINT64_C(1) << PERM_ADMIN_USERS);
    pcase_free(&c);
}

static void test_at_least_one(void **state)
{
    (void)state;
    one_mistake("company:\n  name: Acme\ndepartments: []\n", good_roles,
                "bizdesk.yaml:3:14: at least one department is needed");
    one_mistake(good_bizdesk, "roles: []\n", "roles.yaml:1:8: at least one role is needed");
    one_mistake(good_bizdesk,
                "roles:\n"
                "  - code: rep\n"
                "    name: Rep\n"
                "    scope: own\n"
                "    permissions: [pipeline.use]\n",
                "roles.yaml:2:3: no role has the permission admin.users: at least one must, "
                "or nobody can manage users");
}

static void test_bom(void **state)
{
    (void)state;
    /* libyaml skips a UTF-8 BOM; columns on line 1 are not shifted by it. */
    pcase c;
    pcase_load(&c, "\xef\xbb\xbf" "company:\n  name: Acme\ndepartments:\n  - code: sales\n    name: Sales\n",
               good_roles);
    assert_int_equal(c.st, BD_OK);
    pcase_free(&c);

    one_mistake("\xef\xbb\xbf" "company: 5\ndepartments:\n  - code: sales\n    name: Sales\n",
                good_roles, "bizdesk.yaml:1:10: expected a mapping (key: value), got '5'");
}

static void test_utf16_refused(void **state)
{
    (void)state;
    /* A UTF-16 BOM is not UTF-8, so the file is refused at its first byte
     * rather than read as UTF-16. */
    one_mistake("\xff\xfe" "c\0", good_roles,
                "bizdesk.yaml:1:1: invalid UTF-8 (byte 0xff); policy files must be UTF-8");
}

static void test_cjk_round_trip(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c,
               "company:\n"
               "  name: 示例軟件有限公司\n"
               "departments:\n"
               "  - code: sales\n"
               "    name: 銷售部 Sales\n"
               "  - code: legal\n"
               "    name: \"法務部\"\n",
               "roles:\n"
               "  - code: admin\n"
               "    name: 系統管理員\n"
               "    scope: all\n"
               "    permissions: [admin.users]\n");
    assert_int_equal(c.st, BD_OK);
    assert_string_equal(c.pol->company_name, "示例軟件有限公司");
    assert_string_equal(policy_dept_find(c.pol, "sales")->name, "銷售部 Sales");
    assert_string_equal(policy_dept_find(c.pol, "legal")->name, "法務部");
    assert_string_equal(policy_role_find(c.pol, "admin")->name, "系統管理員");
    pcase_free(&c);

    /* A mistake after CJK text: the column counts characters. */
    one_mistake("company:\n"
                "  name: 示例\n"
                "departments:\n"
                "  - {name: 銷售部, code: Sales}\n",
                good_roles,
                "bizdesk.yaml:4:23: invalid code 'Sales': a code is 1 to 32 characters of a-z, "
                "0-9 and _, starting with a letter");
}

static void test_many_errors_one_file(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c,
               "company:\n"
               "  name: [a, b]\n"
               "  currency: cny\n"
               "database:\n"
               "  busy_timeout_ms: abc\n"
               "ui:\n"
               "  refresh_ms: 50\n"
               "  colour: red\n"
               "departments:\n"
               "  - code: Sales\n"
               "    name: 銷售部\n"
               "  - code: sales2\n"
               "  - code: sales2\n"
               "    name: x\n",
               "roles:\n"
               "  - code: rep\n"
               "    name: Rep\n"
               "    scope: global\n"
               "    permissions: [pipeline.use, foo.bar, pipeline.use]\n"
               "    colour: blue\n"
               "  - code: rep\n"
               "    name: Rep2\n"
               "    scope: own\n"
               "    permissions: claims.use\n"
               "  - name: x\n");
    static const char *const want[] = {
        "bizdesk.yaml:2:9: expected a string, got a list",
        "bizdesk.yaml:3:13: invalid currency 'cny': expected an ISO 4217 code of three capital "
        "letters, like CNY or USD",
        "bizdesk.yaml:5:20: expected an integer, got 'abc'",
        "bizdesk.yaml:7:15: expected an integer from 200 to 60000, got 50",
        "bizdesk.yaml:8:3: unknown key 'colour' (known keys: refresh_ms)",
        "bizdesk.yaml:10:11: invalid code 'Sales': a code is 1 to 32 characters of a-z, 0-9 "
        "and _, starting with a letter",
        "bizdesk.yaml:12:5: missing required key 'name'",
        "bizdesk.yaml:13:11: duplicate department code 'sales2' (first at line 12)",
        "roles.yaml:4:12: invalid scope 'global' (expected one of: own, team, department, all)",
        "roles.yaml:5:33: unknown permission 'foo.bar' (known permissions: admin.users, "
        "audit.read, pipeline.use, pipeline.reassign, pipeline.import, contracts.use, "
        "receivables.record, claims.use, claims.pay, budgets.manage, reviews.use, reviews.manage, "
        "reports.use)",
        "roles.yaml:5:42: duplicate permission 'pipeline.use' (first at line 5, column 19)",
        "roles.yaml:6:5: unknown key 'colour' (known keys: code, name, scope, permissions)",
        "roles.yaml:7:11: duplicate role code 'rep' (first at line 2)",
        "roles.yaml:10:18: expected a list, got 'claims.use'",
        "roles.yaml:11:5: missing required key 'code'",
        "roles.yaml:11:5: missing required key 'scope'",
        "roles.yaml:11:5: missing required key 'permissions'",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        expect_diag(&c, i, want[i]);
    assert_int_equal(c.d.n, sizeof want / sizeof want[0]);
    pcase_free(&c);
}

static void test_both_files_reported(void **state)
{
    (void)state;
    /* A broken bizdesk.yaml does not hide roles.yaml's mistakes. */
    pcase c;
    pcase_load(&c, "company: [\n", "roles: {}\n");
    expect_prefix(&c, 0, "bizdesk.yaml:2:1: syntax error: ");
    expect_diag(&c, 1, "roles.yaml:1:8: expected a list, got a mapping (key: value)");
    assert_int_equal(c.d.n, 2);
    pcase_free(&c);
}

/* ---- pipeline.yaml ------------------------------------------------------ */

/* good_pipeline with its stages replaced by the text given. */
static char *with_stages(const char *stages)
{
    const char *rest = strstr(good_pipeline, "sources:");
    char *text = malloc(strlen(stages) + strlen(rest) + 16);
    assert_non_null(text);
    sprintf(text, "stages:\n%s%s", stages, rest);
    return text;
}

/* A pipeline.yaml whose one mistake gives exactly one diagnostic. */
static void pipeline_mistake(const char *pipeline, const char *want)
{
    pcase c;
    pcase_pipeline(&c, pipeline);
    expect_diag(&c, 0, want);
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);
}

/* The same with stages replaced. */
static void stages_mistake(const char *stages, const char *want)
{
    char *text = with_stages(stages);
    pipeline_mistake(text, want);
    free(text);
}

static void test_pipeline_minimal_and_defaults(void **state)
{
    (void)state;
    pcase c;
    pcase_pipeline(&c, good_pipeline);
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    assert_int_equal(p->nstages, 3);
    assert_string_equal(p->stages[0].code, "new");
    assert_string_equal(p->stages[0].name, "New");
    assert_int_equal(p->stages[0].probability, 10);
    assert_int_equal(p->stages[0].stale_days, 0); /* never stale */
    assert_int_equal(p->stages[0].requires, 0);
    assert_false(p->stages[0].won || p->stages[0].lost);
    assert_true(p->stages[1].won);
    assert_false(p->stages[1].lost);
    assert_true(p->stages[2].lost);
    assert_int_equal(policy_stage_index(p, "lost"), 2);
    assert_int_equal(policy_stage_index(p, "Lost"), -1);
    assert_int_equal(policy_stage_index(p, NULL), -1);
    assert_int_equal(policy_stage_index(NULL, "new"), -1);
    assert_int_equal(policy_source_index(p, "web"), 0);
    assert_int_equal(policy_source_index(p, "fax"), -1);
    assert_int_equal(policy_class_index(p, "key"), 0);
    assert_int_equal(policy_class_index(p, "vip"), -1);
    assert_int_equal(p->classes[0].churn_days, 30);
    /* Without import and duplicates: the defaults. */
    assert_int_equal(p->nsynonyms, 0);
    assert_int_equal(p->import_max_field_bytes, 65536);
    assert_int_equal(p->dup_keys, POLICY_DUP_EMAIL | POLICY_DUP_PHONE | POLICY_DUP_COMPANY);
    assert_int_equal(p->dup_default, DUP_SKIP);
    /* Only the fields' own names are headers then. */
    assert_int_equal(policy_synonym_field(p, "company"), IMP_COMPANY);
    assert_int_equal(policy_synonym_field(p, " Close_Date\t"), IMP_CLOSE_DATE);
    assert_int_equal(policy_synonym_field(p, "公司"), -1);
    pcase_free(&c);
}

static void test_pipeline_all_keys(void **state)
{
    (void)state;
    pcase c;
    pcase_pipeline(&c,
                   "stages:\n"
                   "  - code: new\n"
                   "    name: 新線索\n"
                   "    probability: 0\n"
                   "    stale_days: 3650\n"
                   "    requires: []\n"
                   "    won: false\n"
                   "    lost: FALSE\n"
                   "  - code: same\n"
                   "    name: Same\n"
                   "    probability: 0\n"
                   "    stale_days: 0\n"
                   "    requires: [contact, value, close_date, next_followup, needs, budget, "
                   "lost_reason]\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: True, stale_days: 0}\n"
                   "  - {code: won, name: Won, probability: 100, won: TRUE}\n"
                   "sources: [{code: web, name: Web}, {code: fair, name: 展會}]\n"
                   "customer_classes:\n"
                   "  - {code: a, name: A, churn_days: 1}\n"
                   "  - {code: b, name: B, churn_days: 3650}\n"
                   "import:\n"
                   "  max_field_bytes: 1048576\n"
                   "  synonyms:\n"
                   "    email: [\"  E-Mail \", 郵箱, Email]\n"
                   "    phone: []\n"
                   "    owner: [銷售]\n"
                   "duplicates:\n"
                   "  keys: [company]\n"
                   "  on_duplicate: update\n");
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    assert_int_equal(p->nstages, 4);
    assert_int_equal(p->stages[0].stale_days, 3650);
    assert_int_equal(p->stages[1].requires, (UINT32_C(1) << OPP_F_COUNT) - 1);
    assert_true(p->stages[2].lost); /* lost may come before won */
    assert_true(p->stages[3].won);
    assert_int_equal(p->nsources, 2);
    assert_string_equal(p->sources[1].name, "展會");
    assert_int_equal(p->classes[1].churn_days, 3650);
    assert_int_equal(p->import_max_field_bytes, 1048576);
    assert_int_equal(p->nsynonyms, 4);
    assert_string_equal(p->synonyms[0].header, "  E-Mail "); /* as written */
    assert_int_equal(p->synonyms[0].field, IMP_EMAIL);
    assert_int_equal(p->synonyms[3].field, IMP_OWNER);
    assert_int_equal(p->dup_keys, POLICY_DUP_COMPANY);
    assert_int_equal(p->dup_default, DUP_UPDATE);
    pcase_free(&c);
}

static void test_synonym_field(void **state)
{
    (void)state;
    pcase c;
    pcase_pipeline(&c, "stages:\n"
                       "  - {code: new, name: New, probability: 10}\n"
                       "  - {code: won, name: Won, probability: 100, won: true}\n"
                       "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                       "sources: [{code: web, name: Web}]\n"
                       "customer_classes: [{code: key, name: Key, churn_days: 30}]\n"
                       "import:\n"
                       "  synonyms:\n"
                       "    contact_name: [姓名, Contact Name, \" Name \"]\n"
                       "    company: [Ｃｏｍｐａｎｙ]\n"
                       "duplicates: {on_duplicate: flag}\n");
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    assert_int_equal(p->dup_default, DUP_FLAG);
    static const struct {
        const char *header;
        int field;
    } cases[] = {
        {"姓名", IMP_CONTACT_NAME},
        {"  姓名  ", IMP_CONTACT_NAME},
        {"\xe3\x80\x80姓名\xc2\xa0", IMP_CONTACT_NAME}, /* ideographic, no-break spaces */
        {"CONTACT NAME", IMP_CONTACT_NAME},
        {"contact name", IMP_CONTACT_NAME},
        {"contact  name", -1}, /* inner spaces count */
        {"name", IMP_CONTACT_NAME},
        {"\tNAME\r\n", IMP_CONTACT_NAME},
        {"contact_name", IMP_CONTACT_NAME}, /* the field's own name */
        {"EMAIL", IMP_EMAIL},
        {"Ｃｏｍｐａｎｙ", IMP_COMPANY},    /* full-width, as written */
        {"ｃｏｍｐａｎｙ", -1},             /* no case folding beyond ASCII */
        {"姓", -1},
        {"", -1},
        {"   ", -1},
        {NULL, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (policy_synonym_field(p, cases[i].header) != cases[i].field)
            fail_msg("case %zu ('%s') gave %d, wanted %d", i,
                     cases[i].header ? cases[i].header : "(null)",
                     policy_synonym_field(p, cases[i].header), cases[i].field);
    /* Without a policy, only the fields' own names. */
    assert_int_equal(policy_synonym_field(NULL, "Phone"), IMP_PHONE);
    assert_int_equal(policy_synonym_field(NULL, "姓名"), -1);
    pcase_free(&c);
}

static void test_pipeline_missing(void **state)
{
    (void)state;
    pcase c;
    pcase_load3(&c, good_bizdesk, good_roles, NULL);
    expect_diag(&c, 0, "pipeline.yaml: cannot open: No such file or directory");
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);

    pipeline_mistake("# nothing\n",
                     "pipeline.yaml:1:1: the file is empty; expected a mapping (key: value lines) "
                     "at the top");
    pcase_pipeline(&c, "# only the optional sections\n"
                       "import: {}\n"
                       "duplicates: {}\n");
    static const char *const want[] = {
        "pipeline.yaml:2:1: missing required key 'stages'",
        "pipeline.yaml:2:1: missing required key 'sources'",
        "pipeline.yaml:2:1: missing required key 'customer_classes'",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_pipeline_unknown_keys(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%sstage: []\n", good_pipeline);
    pipeline_mistake(text, "pipeline.yaml:9:1: unknown key 'stage' (known keys: stages, sources, "
                           "customer_classes, import, duplicates)");
    snprintf(text, sizeof text, "%simport:\n  max_bytes: 100\n", good_pipeline);
    pipeline_mistake(text, "pipeline.yaml:10:3: unknown key 'max_bytes' (known keys: "
                           "max_field_bytes, synonyms)");
    snprintf(text, sizeof text, "%sduplicates:\n  key: [email]\n", good_pipeline);
    pipeline_mistake(text, "pipeline.yaml:10:3: unknown key 'key' (known keys: keys, on_duplicate)");
    stages_mistake("  - {code: new, name: New, probability: 10, colour: red}\n"
                   "  - {code: won, name: Won, probability: 100, won: true}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true}\n",
                   "pipeline.yaml:2:45: unknown key 'colour' (known keys: code, name, probability, "
                   "stale_days, requires, won, lost)");
}

static void test_stage_values(void **state)
{
    (void)state;
    pcase c;
    char *text = with_stages("  - code: New\n"
                             "    name: [a]\n"
                             "    probability: 101\n"
                             "    stale_days: 3651\n"
                             "  - code: second\n"
                             "    name: Second\n"
                             "    probability: '20'\n"
                             "    stale_days: -1\n"
                             "    requires: contact\n"
                             "  - code: third\n"
                             "    name: Third\n"
                             "  - {code: won, name: Won, probability: 100, won: true}\n"
                             "  - {code: lost, name: Lost, probability: 0, lost: true}\n");
    pcase_pipeline(&c, text);
    free(text);
    static const char *const want[] = {
        "pipeline.yaml:2:11: invalid code 'New': a code is 1 to 32 characters of a-z, 0-9 and _, "
        "starting with a letter",
        "pipeline.yaml:3:11: expected a string, got a list",
        "pipeline.yaml:4:18: expected an integer from 0 to 100, got 101",
        "pipeline.yaml:5:17: expected an integer from 0 to 3650, got 3651",
        "pipeline.yaml:8:18: expected an integer, got the quoted string '20' (write numbers "
        "without quotes)",
        "pipeline.yaml:9:17: expected an integer from 0 to 3650, got -1",
        "pipeline.yaml:10:15: expected a list, got 'contact'",
        "pipeline.yaml:11:5: missing required key 'probability'",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_stage_requires(void **state)
{
    (void)state;
    pcase c;
    char *text = with_stages("  - code: new\n"
                             "    name: New\n"
                             "    probability: 10\n"
                             "    requires: [contact, budgets, contact, [needs], ~]\n"
                             "  - {code: won, name: Won, probability: 100, won: true}\n"
                             "  - {code: lost, name: Lost, probability: 0, lost: true}\n");
    pcase_pipeline(&c, text);
    free(text);
    static const char *const want[] = {
        "pipeline.yaml:5:25: unknown field 'budgets' (known fields: contact, value, close_date, "
        "next_followup, needs, budget, lost_reason)",
        "pipeline.yaml:5:34: duplicate field 'contact' (first at line 5, column 16)",
        "pipeline.yaml:5:43: expected a field name, got a list",
        "pipeline.yaml:5:52: expected a field name, got an empty value",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_stage_count(void **state)
{
    (void)state;
    stages_mistake("  - {code: won, name: Won, probability: 100, won: true, lost: false}\n",
                   "pipeline.yaml:2:3: expected from 2 to 32 stages, got 1");
    pipeline_mistake("stages: []\n"
                     "sources: [{code: web, name: Web}]\n"
                     "customer_classes: [{code: key, name: Key, churn_days: 30}]\n",
                     "pipeline.yaml:1:9: expected from 2 to 32 stages, got 0");

    /* 30 open stages and the two closed ones: the most there may be. */
    char stages[8192] = "";
    for (int i = 0; i < 30; i++)
        snprintf(stages + strlen(stages), sizeof stages - strlen(stages),
                 "  - {code: s%d, name: S%d, probability: %d}\n", i, i, i);
    strcat(stages, "  - {code: won, name: Won, probability: 100, won: true}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true}\n");
    char *text = with_stages(stages);
    pcase c;
    pcase_pipeline(&c, text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->nstages, 32);
    pcase_free(&c);
    free(text);

    /* One more is refused. */
    char more[8300];
    snprintf(more, sizeof more, "  - {code: extra, name: Extra, probability: 0}\n%s", stages);
    stages_mistake(more, "pipeline.yaml:2:3: expected from 2 to 32 stages, got 33");
}

static void test_stage_duplicate_code(void **state)
{
    (void)state;
    stages_mistake("  - {code: new, name: New, probability: 10}\n"
                   "  - {code: new, name: New again, probability: 20}\n"
                   "  - {code: won, name: Won, probability: 100, won: true}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true}\n",
                   "pipeline.yaml:3:12: duplicate stage code 'new' (first at line 2)");
}

static void test_won_and_lost_stages(void **state)
{
    (void)state;
    stages_mistake("  - {code: new, name: New, probability: 10}\n"
                   "  - {code: won, name: Won, probability: 100, won: true}\n"
                   "  - {code: signed, name: Signed, probability: 100, won: true}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true}\n",
                   "pipeline.yaml:4:57: only one stage can be won: stage 'won' (line 3) already is");
    stages_mistake("  - {code: new, name: New, probability: 10}\n"
                   "  - {code: won, name: Won, probability: 100, won: true}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                   "  - {code: dead, name: Dead, probability: 0, lost: true}\n",
                   "pipeline.yaml:5:52: only one stage can be lost: stage 'lost' (line 4) already is");
    stages_mistake("  - {code: new, name: New, probability: 10}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true}\n",
                   "pipeline.yaml:2:3: no stage has won: true; exactly one must, the stage a won "
                   "opportunity ends in");
    stages_mistake("  - {code: new, name: New, probability: 10}\n"
                   "  - {code: won, name: Won, probability: 100, won: true}\n",
                   "pipeline.yaml:2:3: no stage has lost: true; exactly one must, the stage a lost "
                   "opportunity ends in");

    pcase c;
    char *text = with_stages("  - {code: new, name: New, probability: 10}\n"
                             "  - {code: closed, name: Closed, probability: 50, won: true, "
                             "lost: true}\n");
    pcase_pipeline(&c, text);
    free(text);
    static const char *const want[] = {
        "pipeline.yaml:3:68: a stage cannot be both won and lost",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    /* Only closed stages: nowhere for a new opportunity to start. */
    stages_mistake("  - {code: won, name: Won, probability: 100, won: true}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true}\n",
                   "pipeline.yaml:2:3: no open stage: at least one stage must be neither won nor "
                   "lost");
}

static void test_won_not_a_boolean(void **state)
{
    (void)state;
    /* "won: yes" is its own mistake; it does not also count as no won
     * stage, or as an open stage after a closed one. */
    stages_mistake("  - {code: new, name: New, probability: 10}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                   "  - {code: won, name: Won, probability: 100, won: yes}\n",
                   "pipeline.yaml:4:51: expected true or false, got 'yes'");
}

static void test_closed_stages_last(void **state)
{
    (void)state;
    pcase c;
    char *text = with_stages("  - {code: new, name: New, probability: 10}\n"
                             "  - {code: won, name: Won, probability: 100, won: true}\n"
                             "  - {code: proposal, name: Proposal, probability: 60}\n"
                             "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                             "  - {code: again, name: Again, probability: 70}\n");
    pcase_pipeline(&c, text);
    free(text);
    static const char *const want[] = {
        "pipeline.yaml:4:5: open stage 'proposal' comes after the closed stage 'won' (line 3): the "
        "won and lost stages come last",
        "pipeline.yaml:6:5: open stage 'again' comes after the closed stage 'won' (line 3): the won "
        "and lost stages come last",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_probabilities_rise(void **state)
{
    (void)state;
    pcase c;
    /* Equal is fine; lower than the open stage before is not (closed
     * stages are not compared: lost is 0). */
    char *text = with_stages("  - {code: new, name: New, probability: 20}\n"
                             "  - {code: qualified, name: Qualified, probability: 20}\n"
                             "  - {code: analysis, name: Analysis, probability: 10}\n"
                             "  - {code: proposal, name: Proposal, probability: [x]}\n"
                             "  - {code: deal, name: Deal, probability: 5}\n"
                             "  - {code: won, name: Won, probability: 100, won: true}\n"
                             "  - {code: lost, name: Lost, probability: 0, lost: true}\n");
    pcase_pipeline(&c, text);
    free(text);
    static const char *const want[] = {
        "pipeline.yaml:4:51: probability 10 is lower than the 20 of the stage before it "
        "('qualified', line 3): open stages go in order of rising probability",
        "pipeline.yaml:5:51: expected an integer, got a list",
        "pipeline.yaml:6:43: probability 5 is lower than the 10 of the stage before it "
        "('analysis', line 4): open stages go in order of rising probability",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_closed_stage_never_stale(void **state)
{
    (void)state;
    stages_mistake("  - {code: new, name: New, probability: 10, stale_days: 14}\n"
                   "  - {code: won, name: Won, probability: 100, won: true, stale_days: 0}\n"
                   "  - {code: lost, name: Lost, probability: 0, lost: true, stale_days: 30}\n",
                   "pipeline.yaml:4:70: a closed stage (won or lost) never goes stale: leave out "
                   "stale_days");
}

static void test_sources_and_classes(void **state)
{
    (void)state;
    pcase c;
    pcase_pipeline(&c, "stages:\n"
                       "  - {code: new, name: New, probability: 10}\n"
                       "  - {code: won, name: Won, probability: 100, won: true}\n"
                       "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                       "sources:\n"
                       "  - {code: web, name: Web}\n"
                       "  - {code: Web2, name: Web}\n"
                       "  - {code: web, name: Web again}\n"
                       "  - {code: fair}\n"
                       "customer_classes:\n"
                       "  - {code: key, name: Key, churn_days: 0}\n"
                       "  - {code: general, name: General}\n"
                       "  - {code: key, name: Key again, churn_days: 3651}\n"
                       "  - {code: vip, name: \"\\tVIP\", churn_days: 10}\n");
    static const char *const want[] = {
        "pipeline.yaml:7:12: invalid code 'Web2': a code is 1 to 32 characters of a-z, 0-9 and "
        "_, starting with a letter",
        "pipeline.yaml:8:12: duplicate source code 'web' (first at line 6)",
        "pipeline.yaml:9:5: missing required key 'name'",
        "pipeline.yaml:11:40: expected an integer from 1 to 3650, got 0",
        "pipeline.yaml:12:5: missing required key 'churn_days'",
        "pipeline.yaml:13:12: duplicate class code 'key' (first at line 11)",
        "pipeline.yaml:13:46: expected an integer from 1 to 3650, got 3651",
        "pipeline.yaml:14:23: invalid name: the name holds a control character",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    pipeline_mistake("stages:\n"
                     "  - {code: new, name: New, probability: 10}\n"
                     "  - {code: won, name: Won, probability: 100, won: true}\n"
                     "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                     "sources: []\n"
                     "customer_classes: [{code: key, name: Key, churn_days: 30}]\n",
                     "pipeline.yaml:5:10: at least one source is needed");
    pipeline_mistake("stages:\n"
                     "  - {code: new, name: New, probability: 10}\n"
                     "  - {code: won, name: Won, probability: 100, won: true}\n"
                     "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                     "sources: [{code: web, name: Web}]\n"
                     "customer_classes: []\n",
                     "pipeline.yaml:6:19: at least one customer class is needed");
    pipeline_mistake("stages:\n"
                     "  - {code: new, name: New, probability: 10}\n"
                     "  - {code: won, name: Won, probability: 100, won: true}\n"
                     "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                     "sources: {code: web, name: Web}\n"
                     "customer_classes: [{code: key, name: Key, churn_days: 30}]\n",
                     "pipeline.yaml:5:10: expected a list, got a mapping (key: value)");
}

static void test_import_section(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%simport:\n  max_field_bytes: 1023\n", good_pipeline);
    pipeline_mistake(text, "pipeline.yaml:10:20: expected an integer from 1024 to 1048576, got 1023");
    snprintf(text, sizeof text, "%simport:\n  max_field_bytes: 1048577\n", good_pipeline);
    pipeline_mistake(text,
                     "pipeline.yaml:10:20: expected an integer from 1024 to 1048576, got 1048577");
    snprintf(text, sizeof text, "%simport: [a]\n", good_pipeline);
    pipeline_mistake(text, "pipeline.yaml:9:9: expected a mapping (key: value), got a list");
    snprintf(text, sizeof text, "%simport:\n  synonyms: [email]\n", good_pipeline);
    pipeline_mistake(text, "pipeline.yaml:10:13: expected a mapping (key: value), got a list");
    snprintf(text, sizeof text, "%simport:\n  synonyms:\n    email: E-mail\n", good_pipeline);
    pipeline_mistake(text, "pipeline.yaml:11:12: expected a list, got 'E-mail'");
}

static void test_synonym_mistakes(void **state)
{
    (void)state;
    pcase c;
    char text[2048];
    snprintf(text, sizeof text,
             "%simport:\n"
             "  synonyms:\n"
             "    mail: [郵箱]\n"
             "    email: [郵箱, Email, \" email \", '   ', '', [x]]\n"
             "    company: [公司, Name, Title]\n"
             "    contact_name: [姓名, \" NAME\"]\n"
             "    title: [職位]\n"
             "    owner: [\"公司 \"]\n",
             good_pipeline);
    pcase_pipeline(&c, text);
    static const char *const want[] = {
        "pipeline.yaml:11:5: unknown import field 'mail' (known fields: company, contact_name, "
        "title, phone, email, industry, region, city, source, value, close_date, owner, needs)",
        "pipeline.yaml:12:24: duplicate header ' email ' for email (first at line 12, column 17)",
        "pipeline.yaml:12:35: a header of only spaces: it would match no column",
        "pipeline.yaml:12:42: expected a string, got an empty value",
        "pipeline.yaml:12:46: expected a string, got a list",
        "pipeline.yaml:13:25: header 'Title' is the name of the field title, so it cannot name "
        "company",
        "pipeline.yaml:14:24: header ' NAME' names both company (line 13) and "
        "contact_name: a header can name only one field",
        "pipeline.yaml:16:13: header '公司 ' names both company (line 13) and owner: a "
        "header can name only one field",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_duplicates_section(void **state)
{
    (void)state;
    pcase c;
    char text[1024];
    snprintf(text, sizeof text,
             "%sduplicates:\n"
             "  keys: [email, fax, email, [phone]]\n"
             "  on_duplicate: merge\n",
             good_pipeline);
    pcase_pipeline(&c, text);
    static const char *const want[] = {
        "pipeline.yaml:10:17: invalid key field 'fax' (expected one of: email, phone, company)",
        "pipeline.yaml:10:22: duplicate key field 'email' (first at line 10, column 10)",
        "pipeline.yaml:10:29: expected the key field as one of: email, phone, company; got a list",
        "pipeline.yaml:11:17: invalid on_duplicate 'merge' (expected one of: skip, update, flag)",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    snprintf(text, sizeof text, "%sduplicates:\n  keys: []\n", good_pipeline);
    pipeline_mistake(text,
                     "pipeline.yaml:10:9: at least one key is needed (one of: email, phone, company)");
    snprintf(text, sizeof text, "%sduplicates:\n  keys: [phone, email]\n", good_pipeline);
    pcase_pipeline(&c, text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->dup_keys, POLICY_DUP_PHONE | POLICY_DUP_EMAIL);
    assert_int_equal(c.pol->dup_default, DUP_SKIP);
    pcase_free(&c);
}

static void test_pipeline_all_files_reported(void **state)
{
    (void)state;
    /* A broken pipeline.yaml is reported after the other files' mistakes,
     * and does not hide them. */
    pcase c;
    pcase_load3(&c, "company: [\n", "roles: {}\n", "stages: 5\n");
    expect_prefix(&c, 0, "bizdesk.yaml:2:1: syntax error: ");
    expect_diag(&c, 1, "roles.yaml:1:8: expected a list, got a mapping (key: value)");
    expect_diag(&c, 2, "pipeline.yaml:1:1: missing required key 'sources'");
    expect_diag(&c, 3, "pipeline.yaml:1:1: missing required key 'customer_classes'");
    expect_diag(&c, 4, "pipeline.yaml:1:9: expected a list, got '5'");
    assert_int_equal(c.d.n, 5);
    pcase_free(&c);
}

/* ---- contracts.yaml ----------------------------------------------------- */

/* Roles a contracts.yaml can name; admin keeps roles.yaml valid. */
static const char contract_roles[] =
    "roles:\n"
    "  - {code: admin, name: Admin, scope: all, permissions: [admin.users]}\n"
    "  - {code: legal, name: Legal, scope: all, permissions: [contracts.use]}\n"
    "  - {code: finance, name: Finance, scope: all, permissions: [contracts.use]}\n"
    "  - {code: leader, name: Leader, scope: all, permissions: [contracts.use]}\n";

/* Good bizdesk.yaml, pipeline.yaml and the roles above, with the
 * contracts.yaml given. */
static void pcase_contracts(pcase *c, const char *contracts)
{
    pcase_load4(c, good_bizdesk, contract_roles, good_pipeline, contracts);
}

/* A contracts.yaml whose one mistake gives exactly one diagnostic. */
static void contracts_mistake(const char *contracts, const char *want)
{
    pcase c;
    pcase_contracts(&c, contracts);
    expect_diag(&c, 0, want);
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);
}

/* good_contracts with its flow replaced by the steps given (line 2 on). */
static char *with_flow(const char *steps)
{
    const char *rest = strstr(good_contracts, "writeoff_flow:");
    char *text = malloc(strlen(steps) + strlen(rest) + 16);
    assert_non_null(text);
    sprintf(text, "flow:\n%s%s", steps, rest);
    return text;
}

static void flow_mistake(const char *steps, const char *want)
{
    char *text = with_flow(steps);
    contracts_mistake(text, want);
    free(text);
}

/* good_contracts and more keys after it (line 9 on). */
static char *with_extra(const char *extra)
{
    char *text = malloc(sizeof good_contracts + strlen(extra));
    assert_non_null(text);
    sprintf(text, "%s%s", good_contracts, extra);
    return text;
}

static void extra_mistake(const char *extra, const char *want)
{
    char *text = with_extra(extra);
    contracts_mistake(text, want);
    free(text);
}

static void test_contracts_minimal_and_defaults(void **state)
{
    (void)state;
    pcase c;
    pcase_contracts(&c, good_contracts);
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    assert_int_equal(p->contract_flow.nsteps, 1);
    const apv_step *st = &p->contract_flow.steps[0];
    assert_string_equal(st->code, "manager");
    assert_string_equal(st->name, "Manager");
    assert_int_equal(st->who, APV_MANAGER);
    assert_null(st->role);
    assert_int_equal(st->min_amount, 0);
    assert_int_equal(p->writeoff_flow.nsteps, 1);
    assert_int_equal(p->nclauses, 1);
    assert_string_equal(p->clauses[0].code, "price");
    assert_true(p->clauses[0].required); /* by default */
    assert_int_equal(p->namendments, 1);
    assert_string_equal(p->amendments[0].code, "other");
    assert_int_equal(p->amendments[0].flow.nsteps, 1);
    /* The optional keys' defaults. */
    assert_string_equal(p->number_pattern, "HT-{year}-{seq:04}");
    assert_int_equal(p->renewal_days, 60);
    assert_int_equal(p->retention_years, 10);
    assert_int_equal(p->naging, 3);
    assert_int_equal(p->aging_buckets[0], 30);
    assert_int_equal(p->aging_buckets[1], 60);
    assert_int_equal(p->aging_buckets[2], 90);
    assert_int_equal(p->ncurrencies, 1); /* the company currency alone */
    assert_string_equal(p->currencies[0], "CNY");
    assert_true(policy_currency_ok(p, "CNY"));
    assert_false(policy_currency_ok(p, "USD"));
    pcase_free(&c);

    /* The default currencies follow bizdesk.yaml. */
    pcase_load4(&c,
                "company: {name: Acme, currency: HKD}\n"
                "departments: [{code: sales, name: Sales}]\n",
                good_roles, good_pipeline, good_contracts);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->ncurrencies, 1);
    assert_string_equal(c.pol->currencies[0], "HKD");
    assert_true(policy_currency_ok(c.pol, "HKD"));
    assert_false(policy_currency_ok(c.pol, "CNY"));
    pcase_free(&c);
}

static void test_contracts_all_keys(void **state)
{
    (void)state;
    pcase c;
    pcase_contracts(&c,
                    "flow:\n"
                    "  - {code: head, name: 部門負責人, who: dept_head, role: leader}\n"
                    "  - {code: mgr, name: Manager, who: manager, min_amount: 0}\n"
                    "  - {code: legal, name: Legal, who: role, role: legal, min_amount: 1000}\n"
                    "  - code: tier1\n"
                    "    name: Tier 1\n"
                    "    who: leadership\n"
                    "    role: leader\n"
                    "    min_amount: \"100,000.00\"\n"
                    "  - {code: tier2, name: Tier 2, who: leadership, role: leader, "
                    "min_amount: '100,000'}\n"
                    "  - {code: tier3, name: Tier 3, who: leadership, role: admin, "
                    "min_amount: \"1 000 000.5\"}\n"
                    "writeoff_flow:\n"
                    "  - {code: finance, name: Finance, who: role, role: finance}\n"
                    "  - {code: legal, name: Legal, who: role, role: legal}\n"
                    "clauses:\n"
                    "  - {code: rights, name: 權利義務, required: TRUE}\n"
                    "  - {code: secret, name: 保密, required: false}\n"
                    "  - {code: price, name: Price}\n"
                    "amendments:\n"
                    "  - code: price\n"
                    "    name: 價格變更\n"
                    "    flow:\n"
                    "      - {code: legal, name: Legal, who: role, role: legal}\n"
                    "      - {code: finance, name: Finance, who: role, role: finance}\n"
                    "  - {code: dates, name: Dates, flow: [{code: legal, name: Legal, who: role, "
                    "role: legal}]}\n"
                    "number_pattern: '{seq:09}/{year}'\n"
                    "renewal_days: 3650\n"
                    "retention_years: 100\n"
                    "aging_buckets: [1, 2, 3, 4, 5, 6, 3650]\n"
                    "currencies: [USD, CNY]\n"
                    "exchange_rates: {USD: 7.123456}\n");
    char line[512];
    for (size_t i = 0; i < c.d.n; i++)
        print_message("%s\n", policy_diag_format(&c.d.v[i], line, sizeof line));
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    const policy_flow *f = &p->contract_flow;
    assert_int_equal(f->nsteps, 6);
    assert_int_equal(f->steps[0].who, APV_DEPT_HEAD);
    assert_string_equal(f->steps[0].role, "leader");
    assert_string_equal(f->steps[0].name, "部門負責人");
    assert_int_equal(f->steps[1].who, APV_MANAGER);
    assert_int_equal(f->steps[2].who, APV_ROLE);
    assert_int_equal(f->steps[2].min_amount, 100000); /* 1000.00 in fen */
    assert_int_equal(f->steps[3].who, APV_LEADERSHIP);
    assert_int_equal(f->steps[3].min_amount, 10000000);
    assert_int_equal(f->steps[4].min_amount, 10000000); /* equal tiers are fine */
    assert_int_equal(f->steps[5].min_amount, 100000050);
    assert_string_equal(f->steps[5].role, "admin");

    /* The engine's view of it. */
    apv_flow af = policy_apv_flow(f, "contracts");
    assert_string_equal(af.module, "contracts");
    assert_ptr_equal(af.steps, f->steps);
    assert_int_equal(af.nsteps, 6);
    assert_int_equal(apv_next_step(&af, 0, 0), 0);
    assert_int_equal(apv_next_step(&af, 3, 9999999), 6); /* below every tier: approved */
    assert_int_equal(apv_next_step(&af, 3, 10000000), 3);
    af = policy_apv_flow(NULL, "claims");
    assert_null(af.steps);
    assert_int_equal(af.nsteps, 0);

    assert_int_equal(p->writeoff_flow.nsteps, 2);
    assert_string_equal(p->writeoff_flow.steps[1].role, "legal");
    assert_int_equal(p->nclauses, 3);
    assert_true(p->clauses[0].required);
    assert_false(p->clauses[1].required);
    assert_true(p->clauses[2].required);
    assert_string_equal(p->clauses[1].name, "保密");
    assert_int_equal(policy_clause_index(p, "secret"), 1);
    assert_int_equal(policy_clause_index(p, "Price"), -1);
    assert_int_equal(policy_clause_index(p, NULL), -1);
    assert_int_equal(policy_clause_index(NULL, "price"), -1);
    assert_int_equal(p->namendments, 2);
    assert_int_equal(policy_amendment_index(p, "dates"), 1);
    assert_int_equal(policy_amendment_index(p, "scope"), -1);
    assert_int_equal(policy_amendment_index(NULL, "dates"), -1);
    assert_string_equal(p->amendments[0].name, "價格變更");
    assert_int_equal(p->amendments[0].flow.nsteps, 2);
    assert_string_equal(p->amendments[0].flow.steps[1].code, "finance");
    assert_string_equal(p->number_pattern, "{seq:09}/{year}");
    assert_int_equal(p->renewal_days, 3650);
    assert_int_equal(p->retention_years, 100);
    assert_int_equal(p->naging, 7);
    assert_int_equal(p->aging_buckets[6], 3650);
    assert_int_equal(p->ncurrencies, 2);
    assert_int_equal(p->nrates, 1);
    assert_int_equal(p->rates[0].micros, 7123456);
    int64_t cny = 0;
    /* 1,000.00 USD at 7.123456 = 7,123.456 -> 7,123.46 CNY (half up) */
    assert_true(policy_to_company(p, "USD", 100000, &cny));
    assert_int_equal(cny, 712346);
    assert_true(policy_to_company(p, "CNY", 100000, &cny));
    assert_int_equal(cny, 100000);
    assert_false(policy_to_company(p, "EUR", 100000, &cny));
    assert_true(policy_currency_ok(p, "USD"));
    assert_true(policy_currency_ok(p, "CNY"));
    assert_false(policy_currency_ok(p, "usd"));
    assert_false(policy_currency_ok(p, NULL));
    assert_false(policy_currency_ok(NULL, "CNY"));
    char num[32];
    assert_true(policy_contract_number(p, 2026, 42, num, sizeof num));
    assert_string_equal(num, "000000042/2026");
    pcase_free(&c);
}

static void test_contracts_missing(void **state)
{
    (void)state;
    pcase c;
    pcase_load4(&c, good_bizdesk, good_roles, good_pipeline, NULL);
    expect_diag(&c, 0, "contracts.yaml: cannot open: No such file or directory");
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);

    contracts_mistake("", "contracts.yaml:1:1: the file is empty; expected a mapping (key: value "
                          "lines) at the top");
    pcase_contracts(&c, "# only the optional keys\n"
                        "renewal_days: 30\n");
    static const char *const want[] = {
        "contracts.yaml:2:1: missing required key 'flow'",
        "contracts.yaml:2:1: missing required key 'writeoff_flow'",
        "contracts.yaml:2:1: missing required key 'clauses'",
        "contracts.yaml:2:1: missing required key 'amendments'",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_contracts_unknown_keys(void **state)
{
    (void)state;
    extra_mistake("renewal: 30\n",
                  "contracts.yaml:9:1: unknown key 'renewal' (known keys: flow, writeoff_flow, "
                  "clauses, amendments, number_pattern, renewal_days, retention_years, "
                  "aging_buckets, exchange_rates, currencies)");
    flow_mistake("  - {code: legal, name: Legal, who: role, role: legal, amount: 5}\n",
                 "contracts.yaml:2:56: unknown key 'amount' (known keys: code, name, who, role, "
                 "min_amount)");
    pcase c;
    pcase_contracts(&c, "flow: [{code: m, name: M, who: manager}]\n"
                        "writeoff_flow: [{code: m, name: M, who: manager}]\n"
                        "clauses:\n"
                        "  - {code: price, name: Price, optional: true}\n"
                        "amendments:\n"
                        "  - {code: other, name: Other, steps: []}\n");
    static const char *const want[] = {
        "contracts.yaml:4:32: unknown key 'optional' (known keys: code, name, required)",
        "contracts.yaml:6:5: missing required key 'flow'",
        "contracts.yaml:6:32: unknown key 'steps' (known keys: code, name, flow)",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_step_values(void **state)
{
    (void)state;
    pcase c;
    char *text = with_flow("  - code: Legal\n"
                           "    name: [a]\n"
                           "    who: boss\n"
                           "  - code: finance\n"
                           "    name: Finance\n"
                           "    who: role\n"
                           "    role: Finance-Dept\n"
                           "    min_amount: abc\n"
                           "  - {code: a, name: A, who: manager, min_amount: \"-5.00\"}\n"
                           "  - {code: b, name: B, who: manager, min_amount: '1.005'}\n"
                           "  - {code: c, name: C, who: manager, min_amount: [1]}\n"
                           "  - {code: d, name: D, who: ~}\n"
                           "  - {name: E, who: manager}\n");
    pcase_contracts(&c, text);
    free(text);
    static const char *const want[] = {
        "contracts.yaml:2:11: invalid code 'Legal': a code is 1 to 32 characters of a-z, 0-9 "
        "and _, starting with a letter",
        "contracts.yaml:3:11: expected a string, got a list",
        "contracts.yaml:4:10: invalid who 'boss' (expected one of: role, manager, dept_head, "
        "leadership)",
        "contracts.yaml:8:11: invalid code 'Finance-Dept': a code is 1 to 32 characters of "
        "a-z, 0-9 and _, starting with a letter",
        "contracts.yaml:9:17: invalid min_amount: \"abc\" is not an amount (expected digits such "
        "as 1,234.56)",
        "contracts.yaml:10:50: invalid min_amount: -5.00 is below 0",
        "contracts.yaml:11:50: invalid min_amount: \"1.005\" has more than two decimals",
        "contracts.yaml:12:50: expected a string, got a list",
        "contracts.yaml:13:29: expected the who as one of: role, manager, dept_head, "
        "leadership; got an empty value",
        "contracts.yaml:14:5: missing required key 'code'",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_step_roles(void **state)
{
    (void)state;
    pcase c;
    char *text = with_flow("  - {code: a, name: A, who: manager, role: leader}\n"
                           "  - {code: b, name: B, who: role}\n"
                           "  - {code: c, name: C, who: dept_head}\n"
                           "  - {code: d, name: D, who: leadership}\n"
                           "  - {code: e, name: E, who: role, role: lawyer}\n"
                           "  - {code: f, name: F, who: dept_head, role: legal}\n");
    pcase_contracts(&c, text);
    free(text);
    static const char *const want[] = {
        "contracts.yaml:2:44: a manager step takes no role: the requester's own manager decides "
        "it; leave out role",
        "contracts.yaml:3:5: missing required key 'role': a role step names the role that "
        "decides it",
        "contracts.yaml:4:5: missing required key 'role': a dept_head step names the role that "
        "decides it",
        "contracts.yaml:5:5: missing required key 'role': a leadership step names the role that "
        "decides it",
        "contracts.yaml:6:41: unknown role 'lawyer': roles.yaml has no such role (roles: admin, "
        "legal, finance, leader)",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    /* Roles are checked in amendment and write-off flows too. */
    contracts_mistake("flow: [{code: m, name: M, who: manager}]\n"
                      "writeoff_flow: [{code: m, name: M, who: role, role: finance}]\n"
                      "clauses: [{code: price, name: Price}]\n"
                      "amendments:\n"
                      "  - code: other\n"
                      "    name: Other\n"
                      "    flow:\n"
                      "      - {code: boss, name: Boss, who: leadership, role: ceo}\n",
                      "contracts.yaml:8:57: unknown role 'ceo': roles.yaml has no such role "
                      "(roles: admin, legal, finance, leader)");

    /* A roles.yaml with its own mistake: that mistake is reported, and the
     * roles are not guessed at. */
    text = with_flow("  - {code: e, name: E, who: role, role: lawyer}\n");
    pcase_load4(&c, good_bizdesk,
                "roles:\n"
                "  - {code: admin, name: Admin, scope: everyone, permissions: [admin.users]}\n",
                good_pipeline, text);
    free(text);
    expect_diag(&c, 0, "roles.yaml:2:39: invalid scope 'everyone' (expected one of: own, team, "
                       "department, all)");
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);
}

static void test_step_count(void **state)
{
    (void)state;
    flow_mistake("  []\n", "contracts.yaml:2:3: expected from 1 to 16 steps, got 0");
    contracts_mistake("flow: {code: m, name: M, who: manager}\n"
                      "writeoff_flow: [{code: m, name: M, who: manager}]\n"
                      "clauses: [{code: price, name: Price}]\n"
                      "amendments: [{code: other, name: Other, flow: [{code: m, name: M, who: "
                      "manager}]}]\n",
                      "contracts.yaml:1:7: expected a list, got a mapping (key: value)");
    contracts_mistake("flow: [{code: m, name: M, who: manager}]\n"
                      "writeoff_flow: [{code: m, name: M, who: manager}]\n"
                      "clauses: [{code: price, name: Price}]\n"
                      "amendments: [{code: other, name: Other, flow: []}]\n",
                      "contracts.yaml:4:47: expected from 1 to 16 steps, got 0");

    /* 16 steps, the engine's limit, are fine; 17 are not. */
    char steps[4096] = "";
    for (int i = 0; i < APV_MAX_STEPS; i++)
        snprintf(steps + strlen(steps), sizeof steps - strlen(steps),
                 "  - {code: s%d, name: S%d, who: role, role: legal}\n", i, i);
    char *text = with_flow(steps);
    pcase c;
    pcase_contracts(&c, text);
    free(text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->contract_flow.nsteps, APV_MAX_STEPS);
    pcase_free(&c);
    strcat(steps, "  - {code: more, name: More, who: manager}\n");
    flow_mistake(steps, "contracts.yaml:2:3: expected from 1 to 16 steps, got 17");
}

static void test_step_duplicate_code(void **state)
{
    (void)state;
    flow_mistake("  - {code: legal, name: Legal, who: role, role: legal}\n"
                 "  - {code: finance, name: Finance, who: role, role: finance}\n"
                 "  - {code: legal, name: Legal again, who: role, role: legal}\n",
                 "contracts.yaml:4:12: duplicate step code 'legal' (first at line 2)");
    /* The same code in two flows is fine: codes are unique within one. */
    pcase c;
    pcase_contracts(&c, "flow: [{code: legal, name: Legal, who: role, role: legal}]\n"
                        "writeoff_flow: [{code: legal, name: Legal, who: role, role: legal}]\n"
                        "clauses: [{code: legal, name: Legal}]\n"
                        "amendments:\n"
                        "  - {code: legal, name: Legal, flow: [{code: legal, name: Legal, who: "
                        "role, role: legal}]}\n");
    assert_int_equal(c.st, BD_OK);
    pcase_free(&c);
}

static void test_tiers_rise(void **state)
{
    (void)state;
    pcase c;
    char *text = with_flow("  - {code: t1, name: T1, who: leadership, role: leader, "
                           "min_amount: \"100,000.00\"}\n"
                           "  - {code: fin, name: Fin, who: role, role: finance, min_amount: 5}\n"
                           "  - {code: t2, name: T2, who: leadership, role: leader, "
                           "min_amount: \"50,000\"}\n"
                           "  - {code: t3, name: T3, who: leadership, role: leader, "
                           "min_amount: x}\n"
                           "  - {code: t4, name: T4, who: leadership, role: leader}\n");
    pcase_contracts(&c, text);
    free(text);
    /* Steps that are not leadership are not compared (fin); a tier whose
     * amount is wrong is skipped (t3); a tier without one applies from 0
     * (t4), so it comes before the others, not after. */
    static const char *const want[] = {
        "contracts.yaml:4:69: min_amount 50,000.00 is lower than the 100,000.00 of the "
        "leadership step before it ('t1', line 2): leadership tiers go in order of rising amount",
        "contracts.yaml:5:69: invalid min_amount: \"x\" is not an amount (expected digits such "
        "as 1,234.56)",
        "contracts.yaml:6:5: min_amount 0.00 is lower than the 50,000.00 of the leadership step "
        "before it ('t2', line 4): leadership tiers go in order of rising amount",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_clauses_and_amendments(void **state)
{
    (void)state;
    pcase c;
    pcase_contracts(&c, "flow: [{code: m, name: M, who: manager}]\n"
                        "writeoff_flow: [{code: m, name: M, who: manager}]\n"
                        "clauses:\n"
                        "  - {code: price, name: Price}\n"
                        "  - {code: price, name: Price again}\n"
                        "  - {code: breach, name: Breach, required: yes}\n"
                        "  - {code: scope}\n"
                        "amendments:\n"
                        "  - {code: other, name: Other, flow: [{code: m, name: M, who: manager}]}\n"
                        "  - {code: other, name: More, flow: [{code: m, name: M, who: manager}]}\n"
                        "  - {code: dates, name: \"\", flow: [{code: m, name: M, who: manager}]}\n");
    static const char *const want[] = {
        "contracts.yaml:5:12: duplicate clause code 'price' (first at line 4)",
        "contracts.yaml:6:44: expected true or false, got 'yes'",
        "contracts.yaml:7:5: missing required key 'name'",
        "contracts.yaml:10:12: duplicate amendment code 'other' (first at line 9)",
        "contracts.yaml:11:25: expected a string, got an empty value",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    contracts_mistake("flow: [{code: m, name: M, who: manager}]\n"
                      "writeoff_flow: [{code: m, name: M, who: manager}]\n"
                      "clauses: []\n"
                      "amendments: [{code: other, name: Other, flow: [{code: m, name: M, who: "
                      "manager}]}]\n",
                      "contracts.yaml:3:10: at least one clause is needed");
    contracts_mistake("flow: [{code: m, name: M, who: manager}]\n"
                      "writeoff_flow: [{code: m, name: M, who: manager}]\n"
                      "clauses: [{code: price, name: Price}]\n"
                      "amendments: []\n",
                      "contracts.yaml:4:13: at least one kind of amendment is needed: a signed "
                      "contract changes only by amendment");
}

static void test_number_pattern(void **state)
{
    (void)state;
    static const struct {
        const char *pattern, *why;
    } bad[] = {
        {"HT-{year}", "no {seq}: the pattern needs one {seq} or {seq:0N} for the running number"},
        {"{seq}-{seq:04}", "more than one {seq}: the pattern needs exactly one"},
        {"HT-{yaer}-{seq}", "unknown placeholder {yaer} (known: {year}, {seq}, {seq:0N} with N "
                            "from 1 to 9)"},
        {"{seq:4}", "unknown placeholder {seq:4} (known: {year}, {seq}, {seq:0N} with N from 1 "
                    "to 9)"},
        {"{seq:00}", "unknown placeholder {seq:00} (known: {year}, {seq}, {seq:0N} with N from "
                     "1 to 9)"},
        {"{seq:010}", "unknown placeholder {seq:010} (known: {year}, {seq}, {seq:0N} with N "
                      "from 1 to 9)"},
        {"{}{seq}", "unknown placeholder {} (known: {year}, {seq}, {seq:0N} with N from 1 to 9)"},
        {"HT-{seq", "a '{' without its '}'; braces are only for {year} and {seq}"},
        {"HT-{{seq}", "a '{' without its '}'; braces are only for {year} and {seq}"},
        {"HT}-{seq}", "a '}' without its '{'; braces are only for {year} and {seq}"},
        {"合同-{seq}", "only printable ASCII characters (letters, digits, punctuation, space) may "
                       "be used: the number goes into file names and other systems"},
        {"HT\\t{seq}", "only printable ASCII characters (letters, digits, punctuation, space) "
                       "may be used: the number goes into file names and other systems"},
        {"{seq}-01234567890123456789012345678901234567890123456789012345678",
         "65 characters, at most 64"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char extra[256], want[512], shown[64];
        snprintf(extra, sizeof extra, "number_pattern: \"%s\"\n", bad[i].pattern);
        /* As ytree_describe shows it: a tab as '?', cut to 47 bytes. */
        if (strcmp(bad[i].pattern, "HT\\t{seq}") == 0)
            snprintf(shown, sizeof shown, "HT?{seq}");
        else if (strlen(bad[i].pattern) > 48)
            snprintf(shown, sizeof shown, "%.47s...", bad[i].pattern);
        else
            snprintf(shown, sizeof shown, "%s", bad[i].pattern);
        snprintf(want, sizeof want, "contracts.yaml:9:17: invalid number_pattern '%s': %s", shown,
                 bad[i].why);
        extra_mistake(extra, want);
    }
    extra_mistake("number_pattern: ''\n", "contracts.yaml:9:17: expected a string, got an empty value");

    static const char *const good[] = {
        "{seq}", "{seq:01}", "{seq:09}", "HT {year} No. {seq}", "{year}{year}-{seq:02}x",
        "{seq}-0123456789012345678901234567890123456789012345678901234567",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char extra[256];
        snprintf(extra, sizeof extra, "number_pattern: '%s'\n", good[i]);
        char *text = with_extra(extra);
        pcase c;
        pcase_contracts(&c, text);
        free(text);
        if (c.st != BD_OK)
            fail_msg("pattern '%s' was refused", good[i]);
        pcase_free(&c);
    }
}

static void test_contract_number(void **state)
{
    (void)state;
    policy p = {0};
    char buf[64];
    assert_false(policy_contract_number(&p, 2026, 7, buf, sizeof buf)); /* no pattern */
    assert_string_equal(buf, "");
    p.number_pattern = "HT-{year}-{seq:04}";
    assert_true(policy_contract_number(&p, 2026, 7, buf, sizeof buf));
    assert_string_equal(buf, "HT-2026-0007");
    assert_true(policy_contract_number(&p, 2026, 0, buf, sizeof buf));
    assert_string_equal(buf, "HT-2026-0000");
    assert_true(policy_contract_number(&p, 2026, 9999, buf, sizeof buf));
    assert_string_equal(buf, "HT-2026-9999");
    /* A longer number is written in full, never cut. */
    assert_true(policy_contract_number(&p, 2026, 12345, buf, sizeof buf));
    assert_string_equal(buf, "HT-2026-12345");
    assert_true(policy_contract_number(&p, 2026, INT64_MAX, buf, sizeof buf));
    assert_string_equal(buf, "HT-2026-9223372036854775807");
    /* Room: "HT-2026-0007" is 12 bytes and its NUL. */
    char small[13];
    assert_true(policy_contract_number(&p, 2026, 7, small, 13));
    assert_string_equal(small, "HT-2026-0007");
    assert_false(policy_contract_number(&p, 2026, 7, small, 12));
    assert_string_equal(small, "");
    assert_false(policy_contract_number(&p, 2026, 12345, small, 13));
    assert_false(policy_contract_number(&p, 2026, 7, small, 0));
    assert_false(policy_contract_number(&p, 2026, 7, NULL, 10));
    /* A number is never made from a bad input. */
    assert_false(policy_contract_number(&p, 2026, -1, buf, sizeof buf));
    assert_false(policy_contract_number(&p, -1, 1, buf, sizeof buf));
    assert_false(policy_contract_number(&p, 10000, 1, buf, sizeof buf));
    assert_false(policy_contract_number(NULL, 2026, 1, buf, sizeof buf));

    p.number_pattern = "{seq}";
    assert_true(policy_contract_number(&p, 2026, 7, buf, sizeof buf));
    assert_string_equal(buf, "7");
    p.number_pattern = "No. {seq:09} / {year}";
    assert_true(policy_contract_number(&p, 1999, 42, buf, sizeof buf));
    assert_string_equal(buf, "No. 000000042 / 1999");
    p.number_pattern = "{year}{seq:1}"; /* refused by the loader: so here too */
    assert_false(policy_contract_number(&p, 2026, 1, buf, sizeof buf));
    assert_string_equal(buf, "");
}

static void test_clock_values(void **state)
{
    (void)state;
    pcase c;
    char *text = with_extra("renewal_days: 0\n"
                            "retention_years: 101\n");
    pcase_contracts(&c, text);
    free(text);
    static const char *const want[] = {
        "contracts.yaml:9:15: expected an integer from 1 to 3650, got 0",
        "contracts.yaml:10:18: expected an integer from 1 to 100, got 101",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
    extra_mistake("renewal_days: 3651\n",
                  "contracts.yaml:9:15: expected an integer from 1 to 3650, got 3651");
    extra_mistake("retention_years: '10'\n",
                  "contracts.yaml:9:18: expected an integer, got the quoted string '10' (write "
                  "numbers without quotes)");
    text = with_extra("renewal_days: 1\nretention_years: 1\n");
    pcase_contracts(&c, text);
    free(text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->renewal_days, 1);
    assert_int_equal(c.pol->retention_years, 1);
    pcase_free(&c);
}

static void test_aging_buckets(void **state)
{
    (void)state;
    pcase c;
    char *text = with_extra("aging_buckets: [30, 60, 60, 45, x, 0, 90]\n");
    pcase_contracts(&c, text);
    free(text);
    static const char *const want[] = {
        "contracts.yaml:9:25: 60 is not above the 60 before it: the bounds go in rising order, "
        "each the last day overdue of its bucket",
        "contracts.yaml:9:29: 45 is not above the 60 before it: the bounds go in rising order, "
        "each the last day overdue of its bucket",
        "contracts.yaml:9:33: expected an integer, got 'x'",
        "contracts.yaml:9:36: expected an integer from 1 to 3650, got 0",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
    extra_mistake("aging_buckets: []\n", "contracts.yaml:9:16: expected from 1 to 7 bounds, got 0");
    extra_mistake("aging_buckets: [1, 2, 3, 4, 5, 6, 7, 8]\n",
                  "contracts.yaml:9:16: expected from 1 to 7 bounds, got 8");
    extra_mistake("aging_buckets: 30\n", "contracts.yaml:9:16: expected a list, got '30'");
    text = with_extra("aging_buckets: [45]\n");
    pcase_contracts(&c, text);
    free(text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->naging, 1);
    assert_int_equal(c.pol->aging_buckets[0], 45);
    pcase_free(&c);
}

static void test_currencies(void **state)
{
    (void)state;
    pcase c;
    char *text = with_extra("currencies: [CNY, usd, EURO, \"U$D\", CNY, ~, [HKD]]\n");
    pcase_contracts(&c, text);
    free(text);
    static const char *const want[] = {
        "contracts.yaml:9:19: invalid currency 'usd': expected an ISO 4217 code of three "
        "capital letters, like CNY or USD",
        "contracts.yaml:9:24: invalid currency 'EURO': expected an ISO 4217 code of three "
        "capital letters, like CNY or USD",
        "contracts.yaml:9:30: invalid currency 'U$D': expected an ISO 4217 code of three "
        "capital letters, like CNY or USD",
        "contracts.yaml:9:37: duplicate currency 'CNY' (first at line 9, column 14)",
        "contracts.yaml:9:42: expected a string, got an empty value",
        "contracts.yaml:9:45: expected a string, got a list",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
    extra_mistake("currencies: []\n", "contracts.yaml:9:13: at least one currency is needed");

    /* The company currency must be one of them. */
    extra_mistake("currencies:\n  - USD\n  - EUR\n",
                  "contracts.yaml:10:3: the company currency CNY (bizdesk.yaml) is not in the "
                  "list: amounts are kept in it, so contracts must be able to use it");
    /* ...unless bizdesk.yaml has a mistake of its own: that one is told. */
    text = with_extra("currencies: [USD]\n");
    pcase_load4(&c, "company: {name: Acme, currency: usd}\n"
                    "departments: [{code: sales, name: Sales}]\n",
                good_roles, good_pipeline, text);
    free(text);
    expect_diag(&c, 0, "bizdesk.yaml:1:33: invalid currency 'usd': expected an ISO 4217 code of "
                       "three capital letters, like CNY or USD");
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);

    /* Every currency but the company's needs a rate... */
    extra_mistake("currencies: [CNY, USD]\n",
                  "contracts.yaml:9:13: USD has no rate in exchange_rates: amounts in it are "
                  "compared with the approval tiers and credit limits in CNY");
    /* ...of up to 6 decimals, above 0, and none for the company currency. */
    extra_mistake("exchange_rates: {USD: 7.1234567}\ncurrencies: [CNY, USD]\n",
                  "contracts.yaml:9:23: invalid rate '7.1234567': expected how much of the "
                  "company currency one USD is worth, more than 0, with up to 6 decimals, like "
                  "7.10");
    extra_mistake("exchange_rates: {USD: 0}\ncurrencies: [CNY, USD]\n",
                  "contracts.yaml:9:23: invalid rate '0': expected how much of the company "
                  "currency one USD is worth, more than 0, with up to 6 decimals, like 7.10");
    extra_mistake("exchange_rates: {CNY: 1, USD: 7}\ncurrencies: [CNY, USD]\n",
                  "contracts.yaml:9:18: CNY is the company currency (bizdesk.yaml): it needs no "
                  "rate");
    text = with_extra("currencies: [USD, HKD]\nexchange_rates: {USD: 7.8}\n");
    pcase_load4(&c, "company: {name: Acme, currency: HKD}\n"
                    "departments: [{code: sales, name: Sales}]\n",
                good_roles, good_pipeline, text);
    free(text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->ncurrencies, 2);
    assert_string_equal(c.pol->currencies[0], "USD");
    assert_true(policy_currency_ok(c.pol, "HKD"));
    assert_false(policy_currency_ok(c.pol, "CNY"));
    assert_false(policy_currency_ok(c.pol, "HK"));
    pcase_free(&c);
}

static void test_contracts_all_files_reported(void **state)
{
    (void)state;
    /* contracts.yaml is read last; its mistakes follow the others'. */
    pcase c;
    pcase_load4(&c, good_bizdesk, "roles: 5\n", "stages: 5\n", "flow: 5\n");
    static const char *const want[] = {
        "roles.yaml:1:8: expected a list, got '5'",
        "pipeline.yaml:1:1: missing required key 'sources'",
        "pipeline.yaml:1:1: missing required key 'customer_classes'",
        "pipeline.yaml:1:9: expected a list, got '5'",
        "contracts.yaml:1:1: missing required key 'writeoff_flow'",
        "contracts.yaml:1:1: missing required key 'clauses'",
        "contracts.yaml:1:1: missing required key 'amendments'",
        "contracts.yaml:1:7: expected a list, got '5'",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

/* ---- claims.yaml -------------------------------------------------------- */

/* Departments and roles a claims.yaml can name; admin keeps roles.yaml
 * valid. */
static const char claims_bizdesk[] = "company:\n"
                                     "  name: Acme\n"
                                     "departments:\n"
                                     "  - {code: sales, name: Sales}\n"
                                     "  - {code: finance, name: Finance}\n";

static const char claims_roles[] =
    "roles:\n"
    "  - {code: admin, name: Admin, scope: all, permissions: [admin.users]}\n"
    "  - {code: finance, name: Finance, scope: all, permissions: [claims.use]}\n"
    "  - {code: dept_head, name: Head, scope: department, permissions: [claims.use]}\n"
    "  - {code: leader, name: Leader, scope: all, permissions: [claims.use]}\n";

/* Good bizdesk.yaml, roles.yaml, pipeline.yaml and contracts.yaml with the
 * claims.yaml given. */
static void pcase_claims(pcase *c, const char *claims)
{
    pcase_load5(c, claims_bizdesk, claims_roles, good_pipeline, good_contracts, claims);
}

/* A claims.yaml whose one mistake gives exactly one diagnostic. */
static void claims_mistake(const char *claims, const char *want)
{
    pcase c;
    pcase_claims(&c, claims);
    expect_diag(&c, 0, want);
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);
}

/* good_claims and more keys after it (line 7 on). */
static char *with_claims(const char *extra)
{
    char *text = malloc(sizeof good_claims + strlen(extra));
    assert_non_null(text);
    sprintf(text, "%s%s", good_claims, extra);
    return text;
}

static void claims_extra_mistake(const char *extra, const char *want)
{
    char *text = with_claims(extra);
    claims_mistake(text, want);
    free(text);
}

/* good_claims with its flows replaced by the text given (line 3 on). */
static char *with_claim_flows(const char *flows)
{
    const char *end = strstr(good_claims, "flows:");
    char *text = malloc(sizeof good_claims + strlen(flows));
    assert_non_null(text);
    sprintf(text, "%.*s%s", (int)(end - good_claims), good_claims, flows);
    return text;
}

static void test_claims_minimal_and_defaults(void **state)
{
    (void)state;
    pcase c;
    pcase_claims(&c, good_claims);
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    assert_int_equal(p->ncategories, 1);
    assert_string_equal(p->categories[0].code, "travel");
    assert_string_equal(p->categories[0].name, "Travel");
    assert_false(p->categories[0].preapproval); /* by default */
    assert_int_equal(policy_category_index(p, "travel"), 0);
    assert_int_equal(policy_category_index(p, "office"), -1);
    for (int k = 0; k < CLAIM_FLOW_COUNT; k++) {
        assert_int_equal(p->claim_flows[k].nsteps, 1);
        assert_int_equal(p->claim_flows[k].steps[0].who, APV_MANAGER);
        assert_string_equal(p->claim_flows[k].steps[0].code, "manager");
        assert_null(p->claim_flows[k].steps[0].role);
    }
    /* The optional keys' defaults. */
    assert_int_equal(p->nstandards, 0);
    assert_int_equal(policy_standard_index(p, "hotel"), -1);
    assert_int_equal(p->ndept_flows, 0);
    assert_int_equal(p->preapproval_tolerance_pct, 10);
    assert_int_equal(p->duplicate_invoice, RULE_REFUSE);
    assert_int_equal(p->over_standard, RULE_FLAG);
    assert_int_equal(p->over_budget, RULE_REFUSE);
    assert_int_equal(p->nkey_classes, 1); /* pipeline.yaml has the class key */
    assert_string_equal(p->key_classes[0], "key");
    assert_true(policy_key_class(p, "key"));
    assert_int_equal(p->npay_methods, 1);
    assert_string_equal(p->pay_methods[0], "bank_transfer");
    assert_true(policy_pay_method_ok(p, "bank_transfer"));
    assert_false(policy_pay_method_ok(p, "cash"));
    /* No department has its own flows: everyone's are the company's. */
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_CLAIM, "sales"),
                     &p->claim_flows[CLAIM_FLOW_CLAIM]);
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_BUDGET, NULL),
                     &p->claim_flows[CLAIM_FLOW_BUDGET]);
    pcase_free(&c);

    /* Without a class key in pipeline.yaml, no class is a key class. */
    pcase_load5(&c, claims_bizdesk, claims_roles,
                "stages:\n"
                "  - {code: new, name: New, probability: 10}\n"
                "  - {code: won, name: Won, probability: 100, won: true}\n"
                "  - {code: lost, name: Lost, probability: 0, lost: true}\n"
                "sources: [{code: web, name: Web}]\n"
                "customer_classes: [{code: vip, name: VIP, churn_days: 30}]\n",
                good_contracts, good_claims);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->nkey_classes, 0);
    assert_false(policy_key_class(c.pol, "key"));
    assert_false(policy_key_class(c.pol, "vip"));
    pcase_free(&c);
}

static void test_claims_all_keys(void **state)
{
    (void)state;
    pcase c;
    pcase_claims(&c,
                 "categories:\n"
                 "  - {code: travel, name: 差旅 Travel}\n"
                 "  - {code: entertainment, name: 招待 Entertainment, preapproval: true}\n"
                 "  - {code: office, name: Office, preapproval: false}\n"
                 "standards:\n"
                 "  - code: hotel\n"
                 "    name: 住宿 Hotel, per night\n"
                 "    category: travel\n"
                 "    unit: night\n"
                 "    cap: \"400.00\"\n"
                 "    city_caps:\n"
                 "      - {cities: [北京, 上海], cap: \"600.00\"}\n"
                 "      - {cities: [杭州], cap: 450}\n"
                 "  - {code: meal, name: Meal, category: entertainment, unit: person, cap: 200}\n"
                 "  - {code: allowance, name: Allowance, category: travel, unit: day, cap: 100.5}\n"
                 "  - {code: paper, name: Paper, category: office, unit: line, cap: \"1,000\"}\n"
                 "flows:\n"
                 "  claim:\n"
                 "    - {code: head, name: Head, who: dept_head, role: dept_head}\n"
                 "    - {code: finance, name: Finance, who: role, role: finance}\n"
                 "    - {code: lead, name: Lead, who: leadership, role: leader, min_amount: 5000}\n"
                 "  preapproval: [{code: head, name: Head, who: dept_head, role: dept_head}]\n"
                 "  budget_change: [{code: finance, name: Finance, who: role, role: finance}]\n"
                 "department_flows:\n"
                 "  - department: sales\n"
                 "    budget_change: [{code: m, name: M, who: manager}]\n"
                 "  - department: finance\n"
                 "    claim: [{code: lead, name: Lead, who: leadership, role: leader}]\n"
                 "    preapproval: [{code: m, name: M, who: manager}]\n"
                 "preapproval_tolerance_percent: 0\n"
                 "duplicate_invoice: flag\n"
                 "over_standard: refuse\n"
                 "over_budget: flag\n"
                 "key_customer_classes: []\n"
                 "payment_methods: [cash, cheque]\n");
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    assert_int_equal(p->ncategories, 3);
    assert_false(p->categories[0].preapproval);
    assert_true(p->categories[1].preapproval);
    assert_false(p->categories[2].preapproval);
    assert_string_equal(p->categories[1].name, "招待 Entertainment");

    assert_int_equal(p->nstandards, 4);
    const policy_standard *hotel = &p->standards[policy_standard_index(p, "hotel")];
    assert_string_equal(hotel->name, "住宿 Hotel, per night");
    assert_int_equal(hotel->category, policy_category_index(p, "travel"));
    assert_int_equal(hotel->unit, STD_NIGHT);
    assert_int_equal(hotel->cap, 40000);
    assert_int_equal(hotel->ncity_caps, 2);
    assert_int_equal(hotel->city_caps[0].ncities, 2);
    assert_string_equal(hotel->city_caps[0].cities[1], "上海");
    assert_int_equal(hotel->city_caps[1].cap, 45000);
    assert_int_equal(policy_standard_cap(hotel, "北京"), 60000);
    assert_int_equal(policy_standard_cap(hotel, "上海"), 60000);
    assert_int_equal(policy_standard_cap(hotel, "杭州"), 45000);
    assert_int_equal(policy_standard_cap(hotel, "南京"), 40000); /* no city cap */
    assert_int_equal(policy_standard_cap(hotel, "北京市"), 40000); /* exactly, not a prefix */
    assert_int_equal(policy_standard_cap(hotel, NULL), 40000);
    const policy_standard *meal = &p->standards[1];
    assert_string_equal(meal->code, "meal");
    assert_int_equal(meal->category, 1);
    assert_int_equal(meal->unit, STD_PERSON);
    assert_int_equal(meal->cap, 20000);
    assert_int_equal(meal->ncity_caps, 0);
    assert_int_equal(policy_standard_cap(meal, "北京"), 20000);
    assert_int_equal(p->standards[2].unit, STD_DAY);
    assert_int_equal(p->standards[2].cap, 10050);
    assert_int_equal(p->standards[3].unit, STD_LINE);
    assert_int_equal(p->standards[3].category, 2);
    assert_int_equal(p->standards[3].cap, 100000);

    const policy_flow *claim = &p->claim_flows[CLAIM_FLOW_CLAIM];
    assert_int_equal(claim->nsteps, 3);
    assert_int_equal(claim->steps[0].who, APV_DEPT_HEAD);
    assert_string_equal(claim->steps[0].role, "dept_head");
    assert_int_equal(claim->steps[2].who, APV_LEADERSHIP);
    assert_int_equal(claim->steps[2].min_amount, 500000);
    assert_int_equal(p->claim_flows[CLAIM_FLOW_PREAPPROVAL].nsteps, 1);
    assert_int_equal(p->claim_flows[CLAIM_FLOW_BUDGET].nsteps, 1);

    assert_int_equal(p->ndept_flows, 2);
    assert_string_equal(p->dept_flows[0].department, "sales");
    assert_int_equal(p->dept_flows[0].flows[CLAIM_FLOW_CLAIM].nsteps, 0);
    assert_int_equal(p->dept_flows[0].flows[CLAIM_FLOW_BUDGET].nsteps, 1);
    /* A department's flow where it gives one, else the company's. */
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_BUDGET, "sales"),
                     &p->dept_flows[0].flows[CLAIM_FLOW_BUDGET]);
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_CLAIM, "sales"), claim);
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_CLAIM, "finance"),
                     &p->dept_flows[1].flows[CLAIM_FLOW_CLAIM]);
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_PREAPPROVAL, "finance"),
                     &p->dept_flows[1].flows[CLAIM_FLOW_PREAPPROVAL]);
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_BUDGET, "finance"),
                     &p->claim_flows[CLAIM_FLOW_BUDGET]);
    assert_ptr_equal(policy_claims_flow(p, CLAIM_FLOW_CLAIM, "legal"), claim);

    assert_int_equal(p->preapproval_tolerance_pct, 0);
    assert_int_equal(p->duplicate_invoice, RULE_FLAG);
    assert_int_equal(p->over_standard, RULE_REFUSE);
    assert_int_equal(p->over_budget, RULE_FLAG);
    assert_int_equal(p->nkey_classes, 0); /* [] is none, not the default */
    assert_false(policy_key_class(p, "key"));
    assert_int_equal(p->npay_methods, 2);
    assert_true(policy_pay_method_ok(p, "cash"));
    assert_true(policy_pay_method_ok(p, "cheque"));
    assert_false(policy_pay_method_ok(p, "bank_transfer"));
    pcase_free(&c);

    /* The limits of the tolerance are accepted. */
    char *text = with_claims("preapproval_tolerance_percent: 100\n"
                             "key_customer_classes: [key]\n");
    pcase_claims(&c, text);
    free(text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->preapproval_tolerance_pct, 100);
    assert_true(policy_key_class(c.pol, "key"));
    pcase_free(&c);
}

static void test_claims_missing(void **state)
{
    (void)state;
    pcase c;
    pcase_load5(&c, good_bizdesk, good_roles, good_pipeline, good_contracts, NULL);
    expect_diag(&c, 0, "claims.yaml: cannot open: No such file or directory");
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);

    claims_mistake("", "claims.yaml:1:1: the file is empty; expected a mapping (key: value "
                       "lines) at the top");
    pcase_claims(&c, "# only the optional keys\n"
                     "over_budget: flag\n");
    static const char *const want[] = {
        "claims.yaml:2:1: missing required key 'categories'",
        "claims.yaml:2:1: missing required key 'flows'",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    /* flows needs all three. */
    char *text = with_claim_flows("flows:\n"
                                  "  claim: [{code: m, name: M, who: manager}]\n"
                                  "  preapproval: [{code: m, name: M, who: manager}]\n");
    claims_mistake(text, "claims.yaml:4:3: missing required key 'budget_change'");
    free(text);
    text = with_claim_flows("flows: {}\n");
    pcase_claims(&c, text);
    free(text);
    static const char *const want3[] = {
        "claims.yaml:3:8: missing required key 'claim'",
        "claims.yaml:3:8: missing required key 'preapproval'",
        "claims.yaml:3:8: missing required key 'budget_change'",
    };
    EXPECT_DIAGS(&c, want3);
    pcase_free(&c);
}

static void test_claims_unknown_keys(void **state)
{
    (void)state;
    claims_extra_mistake("standard: []\n",
                         "claims.yaml:7:1: unknown key 'standard' (known keys: categories, "
                         "standards, flows, department_flows, preapproval_tolerance_percent, "
                         "duplicate_invoice, over_standard, over_budget, key_customer_classes, "
                         "payment_methods)");
    pcase c;
    pcase_claims(&c, "categories:\n"
                     "  - {code: travel, name: Travel, pre_approval: true}\n"
                     "standards:\n"
                     "  - {code: a, name: A, category: travel, unit: line, cap: 1, max: 2}\n"
                     "  - code: b\n"
                     "    name: B\n"
                     "    category: travel\n"
                     "    unit: line\n"
                     "    cap: 1\n"
                     "    city_caps: [{cities: [x], cap: 1, city: y}]\n"
                     "flows:\n"
                     "  claim: [{code: m, name: M, who: manager}]\n"
                     "  preapproval: [{code: m, name: M, who: manager}]\n"
                     "  budget: [{code: m, name: M, who: manager}]\n"
                     "department_flows:\n"
                     "  - {department: sales, claims: [{code: m, name: M, who: manager}]}\n");
    static const char *const want[] = {
        "claims.yaml:2:34: unknown key 'pre_approval' (known keys: code, name, preapproval)",
        "claims.yaml:4:62: unknown key 'max' (known keys: code, name, category, unit, cap, "
        "city_caps)",
        "claims.yaml:10:39: unknown key 'city' (known keys: cities, cap)",
        "claims.yaml:12:3: missing required key 'budget_change'",
        "claims.yaml:14:3: unknown key 'budget' (known keys: claim, preapproval, budget_change)",
        "claims.yaml:16:5: no flow for the department: give at least one of claim, preapproval "
        "and budget_change (the flows it replaces), or leave the department out",
        "claims.yaml:16:25: unknown key 'claims' (known keys: department, claim, preapproval, "
        "budget_change)",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

static void test_claims_categories(void **state)
{
    (void)state;
    pcase c;
    pcase_claims(&c, "categories:\n"
                     "  - {code: travel, name: Travel}\n"
                     "  - {code: office, name: Office, preapproval: yes}\n"
                     "  - {code: travel, name: Travel again}\n"
                     "  - {code: meals}\n"
                     "  - {code: Phone, name: Phone}\n"
                     "standards:\n"
                     "  - {code: taxi, name: Taxi, category: transport, unit: line, cap: 1}\n"
                     "flows:\n"
                     "  claim: [{code: m, name: M, who: manager}]\n"
                     "  preapproval: [{code: m, name: M, who: manager}]\n"
                     "  budget_change: [{code: m, name: M, who: manager}]\n");
    /* The categories have mistakes of their own: the unknown category of
     * the standard is not guessed at. */
    static const char *const want[] = {
        "claims.yaml:3:47: expected true or false, got 'yes'",
        "claims.yaml:4:12: duplicate category code 'travel' (first at line 2)",
        "claims.yaml:5:5: missing required key 'name'",
        "claims.yaml:6:12: invalid code 'Phone': a code is 1 to 32 characters of a-z, 0-9 and "
        "_, starting with a letter",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
    claims_mistake("categories: []\n"
                   "flows:\n"
                   "  claim: [{code: m, name: M, who: manager}]\n"
                   "  preapproval: [{code: m, name: M, who: manager}]\n"
                   "  budget_change: [{code: m, name: M, who: manager}]\n",
                   "claims.yaml:1:13: at least one category is needed");
    claims_mistake("categories: {code: travel, name: Travel}\n"
                   "flows:\n"
                   "  claim: [{code: m, name: M, who: manager}]\n"
                   "  preapproval: [{code: m, name: M, who: manager}]\n"
                   "  budget_change: [{code: m, name: M, who: manager}]\n",
                   "claims.yaml:1:13: expected a list, got a mapping (key: value)");
}

/* Every mistake a standard can have, all reported in one run. */
static void test_claims_standards(void **state)
{
    (void)state;
    pcase c;
    char *text = with_claims(
        "standards:\n"
        "  - {code: hotel, name: Hotel, category: travel, unit: week, cap: \"400.00\"}\n"
        "  - {code: meal, name: Meal, category: food, unit: person, cap: 0}\n"
        "  - {code: taxi, name: Taxi, category: travel, unit: line, cap: \"-5.00\"}\n"
        "  - {code: phone, name: Phone, category: travel, unit: line, cap: abc}\n"
        "  - {code: hotel, name: Hotel 2, category: travel, unit: day, cap: 1}\n"
        "  - code: flight\n"
        "    name: Flight\n"
        "    category: Travel\n"
        "    unit: ~\n"
        "    cap: '1.005'\n"
        "  - {code: bus, name: Bus, unit: line}\n"
        "  - {code: train, name: Train, category: travel, unit: line, cap: \"0.00\"}\n");
    pcase_claims(&c, text);
    free(text);
    static const char *const want[] = {
        "claims.yaml:8:56: invalid unit 'week' (expected one of: line, day, night, person)",
        "claims.yaml:9:40: unknown category 'food': claims.yaml has no such category above "
        "(categories: travel)",
        "claims.yaml:9:65: invalid cap: 0 is not above 0",
        "claims.yaml:10:65: invalid cap: -5.00 is not above 0",
        "claims.yaml:11:67: invalid cap: \"abc\" is not an amount (expected digits such as "
        "1,234.56)",
        "claims.yaml:12:12: duplicate standard code 'hotel' (first at line 8)",
        "claims.yaml:15:15: invalid code 'Travel': a code is 1 to 32 characters of a-z, 0-9 "
        "and _, starting with a letter",
        "claims.yaml:16:11: expected the unit as one of: line, day, night, person; got an empty "
        "value",
        "claims.yaml:17:10: invalid cap: \"1.005\" has more than two decimals",
        "claims.yaml:18:5: missing required key 'category'",
        "claims.yaml:18:5: missing required key 'cap'",
        "claims.yaml:19:67: invalid cap: 0.00 is not above 0",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    claims_extra_mistake("standards: {code: a}\n",
                         "claims.yaml:7:12: expected a list, got a mapping (key: value)");
    /* No standards at all is fine: no line is capped. */
    text = with_claims("standards: []\n");
    pcase_claims(&c, text);
    free(text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->nstandards, 0);
    pcase_free(&c);
}

static void test_claims_city_caps(void **state)
{
    (void)state;
    pcase c;
    char *text = with_claims("standards:\n"
                             "  - code: hotel\n"
                             "    name: Hotel\n"
                             "    category: travel\n"
                             "    unit: night\n"
                             "    cap: 400\n"
                             "    city_caps:\n"
                             "      - {cities: [北京, 上海], cap: 600}\n"
                             "      - {cities: [], cap: 500}\n"
                             "      - {cities: [深圳, 北京], cap: 0}\n"
                             "      - {cities: [~, ' 廣州', [x]], cap: 700}\n"
                             "      - {cities: 廣州, cap: 700}\n"
                             "      - {cap: 700}\n"
                             "  - {code: meal, name: Meal, category: travel, unit: person, cap: 1,\n"
                             "     city_caps: {cities: [北京], cap: 2}}\n");
    pcase_claims(&c, text);
    free(text);
    static const char *const want[] = {
        "claims.yaml:15:18: at least one city is needed",
        "claims.yaml:16:23: duplicate city '北京' (first at line 14)",
        "claims.yaml:16:33: invalid cap: 0 is not above 0",
        "claims.yaml:17:19: expected a string, got an empty value",
        "claims.yaml:17:22: invalid city ' 廣州': the name starts or ends with a space",
        "claims.yaml:17:29: expected a string, got a list",
        "claims.yaml:18:18: expected a list, got '廣州'",
        "claims.yaml:19:9: missing required key 'cities'",
        "claims.yaml:21:17: expected a list, got a mapping (key: value)",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    /* An empty list of city caps is none. */
    text = with_claims("standards:\n"
                       "  - {code: a, name: A, category: travel, unit: line, cap: 1, city_caps: []}\n");
    pcase_claims(&c, text);
    free(text);
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->standards[0].ncity_caps, 0);
    assert_int_equal(policy_standard_cap(&c.pol->standards[0], "北京"), 100);
    pcase_free(&c);
}

static void test_claims_flows(void **state)
{
    (void)state;
    char *text = with_claim_flows("flows:\n"
                                  "  - {code: m, name: M, who: manager}\n");
    claims_mistake(text, "claims.yaml:4:3: expected a mapping (key: value), got a list");
    free(text);

    /* Steps are read as contracts.yaml's: the same checks, the same words. */
    pcase c;
    text = with_claim_flows("flows:\n"
                            "  claim:\n"
                            "    - {code: boss, name: Boss, who: leadership, role: ceo}\n"
                            "    - {code: head, name: Head, who: dept_head}\n"
                            "    - {code: m, name: M, who: manager, role: leader}\n"
                            "    - {code: boss, name: Boss 2, who: role, role: finance}\n"
                            "  preapproval: []\n"
                            "  budget_change:\n"
                            "    - {code: a, name: A, who: leadership, role: leader, min_amount: 900}\n"
                            "    - {code: b, name: B, who: leadership, role: leader, min_amount: 90}\n"
                            "    - {code: c, name: C, who: boss}\n");
    pcase_claims(&c, text);
    free(text);
    static const char *const want[] = {
        "claims.yaml:5:55: unknown role 'ceo': roles.yaml has no such role (roles: admin, "
        "finance, dept_head, leader)",
        "claims.yaml:6:7: missing required key 'role': a dept_head step names the role that "
        "decides it",
        "claims.yaml:7:46: a manager step takes no role: the requester's own manager decides "
        "it; leave out role",
        "claims.yaml:8:14: duplicate step code 'boss' (first at line 5)",
        "claims.yaml:9:16: expected from 1 to 16 steps, got 0",
        "claims.yaml:12:69: min_amount 90.00 is lower than the 900.00 of the leadership step "
        "before it ('a', line 11): leadership tiers go in order of rising amount",
        "claims.yaml:13:31: invalid who 'boss' (expected one of: role, manager, dept_head, "
        "leadership)",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    /* A roles.yaml with its own mistake: that mistake is reported, and the
     * roles are not guessed at. */
    text = with_claim_flows("flows:\n"
                            "  claim: [{code: boss, name: Boss, who: leadership, role: ceo}]\n"
                            "  preapproval: [{code: m, name: M, who: manager}]\n"
                            "  budget_change: [{code: m, name: M, who: manager}]\n");
    pcase_load5(&c, claims_bizdesk,
                "roles:\n"
                "  - {code: admin, name: Admin, scope: everyone, permissions: [admin.users]}\n",
                good_pipeline, good_contracts, text);
    free(text);
    expect_diag(&c, 0, "roles.yaml:2:39: invalid scope 'everyone' (expected one of: own, team, "
                       "department, all)");
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);
}

static void test_claims_department_flows(void **state)
{
    (void)state;
    pcase c;
    char *text = with_claims(
        "department_flows:\n"
        "  - department: sails\n"
        "    claim: [{code: m, name: M, who: manager}]\n"
        "  - department: sales\n"
        "    budget_change: [{code: f, name: F, who: role, role: finance}]\n"
        "  - department: sales\n"
        "    claim: [{code: m, name: M, who: manager}]\n"
        "  - department: finance\n"
        "  - {claim: [{code: m, name: M, who: manager}]}\n"
        "  - department: Finance\n"
        "    preapproval: [{code: x, name: X, who: role, role: boss}]\n"
        "    claim: []\n"
        "  - finance\n");
    pcase_claims(&c, text);
    free(text);
    static const char *const want[] = {
        "claims.yaml:8:17: unknown department 'sails': bizdesk.yaml has no such department "
        "(departments: sales, finance)",
        "claims.yaml:12:17: duplicate department 'sales' (first at line 10)",
        "claims.yaml:14:5: no flow for the department: give at least one of claim, preapproval "
        "and budget_change (the flows it replaces), or leave the department out",
        "claims.yaml:15:5: missing required key 'department'",
        "claims.yaml:16:17: invalid code 'Finance': a code is 1 to 32 characters of a-z, 0-9 "
        "and _, starting with a letter",
        "claims.yaml:17:55: unknown role 'boss': roles.yaml has no such role (roles: admin, "
        "finance, dept_head, leader)",
        "claims.yaml:18:12: expected from 1 to 16 steps, got 0",
        "claims.yaml:19:5: expected a mapping (key: value), got 'finance'",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    claims_extra_mistake("department_flows: {department: sales}\n",
                         "claims.yaml:7:19: expected a list, got a mapping (key: value)");

    /* A bizdesk.yaml with its own mistake: the departments are not guessed
     * at. */
    text = with_claims("department_flows:\n"
                       "  - {department: sails, claim: [{code: m, name: M, who: manager}]}\n");
    pcase_load5(&c, "company: {name: Acme, currency: cny}\n"
                    "departments: [{code: sales, name: Sales}]\n",
                claims_roles, good_pipeline, good_contracts, text);
    free(text);
    expect_prefix(&c, 0, "bizdesk.yaml:1:33: invalid currency 'cny'");
    assert_int_equal(c.d.n, 1);
    pcase_free(&c);
}

static void test_claims_rules(void **state)
{
    (void)state;
    pcase c;
    char *text = with_claims("preapproval_tolerance_percent: 101\n"
                             "duplicate_invoice: block\n"
                             "over_standard: warn\n"
                             "over_budget: [refuse]\n");
    pcase_claims(&c, text);
    free(text);
    static const char *const want[] = {
        "claims.yaml:7:32: expected an integer from 0 to 100, got 101",
        "claims.yaml:8:20: invalid duplicate_invoice 'block' (expected one of: refuse, flag)",
        "claims.yaml:9:16: invalid over_standard 'warn' (expected one of: refuse, flag)",
        "claims.yaml:10:14: expected the over_budget as one of: refuse, flag; got a list",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
    claims_extra_mistake("preapproval_tolerance_percent: -1\n",
                         "claims.yaml:7:32: expected an integer from 0 to 100, got -1");
    claims_extra_mistake("preapproval_tolerance_percent: 10%\n",
                         "claims.yaml:7:32: expected an integer, got '10%'");
}

static void test_claims_code_lists(void **state)
{
    (void)state;
    pcase c;
    char *text = with_claims("key_customer_classes: [key, vip, key, Key]\n"
                             "payment_methods: [cash, Bank-Transfer, cash, ~]\n");
    pcase_claims(&c, text);
    free(text);
    static const char *const want[] = {
        "claims.yaml:7:29: unknown customer class 'vip': pipeline.yaml has no such class "
        "(customer classes: key)",
        "claims.yaml:7:34: duplicate customer class 'key' (first at line 7, column 24)",
        "claims.yaml:7:39: invalid code 'Key': a code is 1 to 32 characters of a-z, 0-9 and _, "
        "starting with a letter",
        "claims.yaml:8:25: invalid code 'Bank-Transfer': a code is 1 to 32 characters of a-z, "
        "0-9 and _, starting with a letter",
        "claims.yaml:8:40: duplicate payment method 'cash' (first at line 8, column 19)",
        "claims.yaml:8:46: expected a string, got an empty value",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
    claims_extra_mistake("payment_methods: []\n",
                         "claims.yaml:7:18: at least one payment method is needed: finance "
                         "pays every approved claim");
    claims_extra_mistake("key_customer_classes: key\n",
                         "claims.yaml:7:23: expected a list, got 'key'");

    /* A pipeline.yaml with its own mistake: the classes are not guessed at. */
    text = with_claims("key_customer_classes: [vip]\n");
    pcase_load5(&c, claims_bizdesk, claims_roles, "stages: 5\nsources: []\ncustomer_classes: []\n",
                good_contracts, text);
    free(text);
    for (size_t i = 0; i < c.d.n; i++) {
        char line[1024];
        assert_null(strstr(policy_diag_format(&c.d.v[i], line, sizeof line), "claims.yaml"));
    }
    assert_true(c.d.n > 0);
    pcase_free(&c);
}

static void test_claims_lookups(void **state)
{
    (void)state;
    assert_string_equal(policy_claim_flow_name(CLAIM_FLOW_CLAIM), "claim");
    assert_string_equal(policy_claim_flow_name(CLAIM_FLOW_PREAPPROVAL), "preapproval");
    assert_string_equal(policy_claim_flow_name(CLAIM_FLOW_BUDGET), "budget_change");
    assert_string_equal(policy_claim_flow_name(CLAIM_FLOW_COUNT), "?");

    char *cities1[] = {"北京", "上海"}, *cities2[] = {"上海", "深圳"};
    policy_city_cap caps[] = {{cities1, 2, 600}, {cities2, 2, 700}};
    policy_standard s = {.code = "hotel", .cap = 400, .city_caps = caps, .ncity_caps = 2};
    assert_int_equal(policy_standard_cap(&s, "北京"), 600);
    assert_int_equal(policy_standard_cap(&s, "上海"), 600); /* the first entry listing it */
    assert_int_equal(policy_standard_cap(&s, "深圳"), 700);
    assert_int_equal(policy_standard_cap(&s, "广州"), 400);
    assert_int_equal(policy_standard_cap(&s, ""), 400);
    assert_int_equal(policy_standard_cap(&s, NULL), 400);
    s.ncity_caps = 0;
    assert_int_equal(policy_standard_cap(&s, "北京"), 400);
    assert_int_equal(policy_standard_cap(NULL, "北京"), 0);

    /* A department's empty flow (nsteps 0) is the company's. */
    apv_step step = {.code = "m", .name = "M", .who = APV_MANAGER};
    policy_dept_flows df = {.department = "sales"};
    df.flows[CLAIM_FLOW_PREAPPROVAL] = (policy_flow){&step, 1};
    policy p = {.dept_flows = &df, .ndept_flows = 1};
    assert_ptr_equal(policy_claims_flow(&p, CLAIM_FLOW_CLAIM, "sales"),
                     &p.claim_flows[CLAIM_FLOW_CLAIM]);
    assert_ptr_equal(policy_claims_flow(&p, CLAIM_FLOW_PREAPPROVAL, "sales"),
                     &df.flows[CLAIM_FLOW_PREAPPROVAL]);
    assert_ptr_equal(policy_claims_flow(&p, CLAIM_FLOW_PREAPPROVAL, "sale"),
                     &p.claim_flows[CLAIM_FLOW_PREAPPROVAL]);
    assert_null(policy_claims_flow(&p, CLAIM_FLOW_COUNT, "sales"));
    assert_null(policy_claims_flow(NULL, CLAIM_FLOW_CLAIM, "sales"));
    assert_int_equal(policy_category_index(NULL, "travel"), -1);
    assert_int_equal(policy_standard_index(NULL, "hotel"), -1);
    assert_false(policy_key_class(NULL, "key"));
    assert_false(policy_key_class(&p, NULL));
    assert_false(policy_pay_method_ok(NULL, "cash"));
    assert_false(policy_pay_method_ok(&p, "cash"));
}

static void test_claims_all_files_reported(void **state)
{
    (void)state;
    /* claims.yaml is read last; its mistakes follow the others'. */
    pcase c;
    pcase_load5(&c, good_bizdesk, good_roles, good_pipeline, "flow: 5\n", "categories: 5\n");
    static const char *const want[] = {
        "contracts.yaml:1:1: missing required key 'writeoff_flow'",
        "contracts.yaml:1:1: missing required key 'clauses'",
        "contracts.yaml:1:1: missing required key 'amendments'",
        "contracts.yaml:1:7: expected a list, got '5'",
        "claims.yaml:1:1: missing required key 'flows'",
        "claims.yaml:1:13: expected a list, got '5'",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);
}

/* The broken-policy folders the CLI tests use: run from the source tree
 * with the relative folder, as `bizdesk policy check tests/data/policy/X`
 * would, each gives the diagnostic line written in its "expected" file. */
static void test_data_cases(void **state)
{
    (void)state;
    char here[4096];
    assert_non_null(getcwd(here, sizeof here));
    assert_int_equal(chdir(BD_SRCDIR), 0);
    DIR *dir = opendir("tests/data/policy");
    assert_non_null(dir);
    int cases = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[512], want[2048] = "", line[2048];
        snprintf(path, sizeof path, "tests/data/policy/%s/expected", de->d_name);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        if (!fgets(want, sizeof want, f))
            want[0] = '\0';
        fclose(f);
        want[strcspn(want, "\n")] = '\0';
        snprintf(path, sizeof path, "tests/data/policy/%s", de->d_name);
        policy_diags d = {0};
        policy *p = NULL;
        assert_int_equal(policy_load(path, &p, &d), BD_ERR_POLICY);
        bool found = false;
        for (size_t i = 0; i < d.n && !found; i++)
            found = strcmp(policy_diag_format(&d.v[i], line, sizeof line), want) == 0;
        if (!found) {
            print_message("%s: wanted %s\n", path, want);
            for (size_t i = 0; i < d.n; i++)
                print_message("  got %s\n", policy_diag_format(&d.v[i], line, sizeof line));
        }
        policy_diags_free(&d);
        assert_true(found);
        cases++;
    }
    closedir(dir);
    assert_int_equal(chdir(here), 0);
    assert_true(cases >= 6);
}

/* bizdesk-policy(5) is written by hand: this keeps it from drifting away
 * from the permission table, the scopes and the limits. */
static void test_man_page_matches(void **state)
{
    (void)state;
    FILE *f = fopen(BD_SRCDIR "/man/bizdesk-policy.5", "r");
    assert_non_null(f);
    static char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char want[256];
    for (int i = 0; i < PERM_COUNT; i++) {
        snprintf(want, sizeof want, ".TP\n.B %s\n%s\n", policy_perm_name((policy_perm)i),
                 policy_perm_help((policy_perm)i));
        if (!strstr(text, want))
            fail_msg("man page lacks: %s", want);
    }
    for (int s = SCOPE_OWN; s <= SCOPE_ALL; s++) {
        snprintf(want, sizeof want, ".TP\n.B %s\n", policy_scope_name((policy_scope)s));
        if (!strstr(text, want))
            fail_msg("man page lacks the scope %s", want);
    }
    for (int i = 0; i < OPP_F_COUNT; i++) {
        snprintf(want, sizeof want, ".TP\n.B %s\n%s\n", policy_opp_field_name((policy_opp_field)i),
                 policy_opp_field_help((policy_opp_field)i));
        if (!strstr(text, want))
            fail_msg("man page lacks the opportunity field: %s", want);
    }
    const char *imports = strstr(text, ".SH IMPORT FIELDS\n");
    assert_non_null(imports);
    for (int i = 0; i < IMP_COUNT; i++) {
        snprintf(want, sizeof want, " %s ", policy_import_field_name((policy_import_field)i));
        const char *at = strstr(imports, want);
        if (!at || at > strstr(imports, ".SH PERMISSIONS"))
            fail_msg("man page lacks the import field %s", want);
    }
    /* Every key of pipeline.yaml, with its type, default and limits. */
    static const char *const pipeline_keys[] = {
        ".BR stages \" (list of mappings, required, from 2 to 32)\"\n",
        ".BR probability \" (integer, required, from 0 to 100)\"\n",
        ".BR stale_days \" (integer, default 0, from 0 to 3650)\"\n",
        ".BR requires \" (list of opportunity field names, default \" [] )\n",
        ".BR won \" (boolean, default \" false )\n",
        ".BR lost \" (boolean, default \" false )\n",
        ".BR sources \" (list of mappings, required, at least one)\"\n",
        ".BR customer_classes \" (list of mappings, required, at least one)\"\n",
        ".BR churn_days \" (integer, required, from 1 to 3650)\"\n",
        ".BR import \" (mapping, optional)\"\n",
        ".BR max_field_bytes \" (integer, default 65536, from 1024 to 1048576)\"\n",
        ".BR synonyms \" (",
        ".BR duplicates \" (mapping, optional)\"\n",
        ".BR keys \" (list of key fields, default \" \"[email, phone, company]\" \", at least one)\"\n",
        ".BR on_duplicate \" (one of \" skip \", \" update \", \" flag \"; default \" skip )\n",
    };
    for (size_t i = 0; i < sizeof pipeline_keys / sizeof pipeline_keys[0]; i++)
        if (!strstr(text, pipeline_keys[i]))
            fail_msg("man page lacks: %s", pipeline_keys[i]);
    assert_non_null(strstr(text, ".IR DIR /pipeline.yaml\n"));

    /* Every key of contracts.yaml, and every approver a step can name. */
    static const char *const contracts_keys[] = {
        ".BR code \" (code, required)\"\nWhat the records of decisions refer to",
        ".BR who \" (one of the approvers below, required)\"\n",
        ".BR role \" (code of a role in roles.yaml; required for \" role \", \" dept_head \" and \" "
        "leadership )\n",
        ".BR min_amount \" (money, default 0, at least 0)\"\n",
        ".BR flow \" (list of steps, required, from 1 to 16)\"\nThe review of a contract",
        ".BR writeoff_flow \" (list of steps, required, from 1 to 16)\"\n",
        ".BR clauses \" (list of mappings, required, at least one)\"\n",
        ".BR required \" (boolean, default \" true )\n",
        ".BR amendments \" (list of mappings, required, at least one)\"\n",
        ".BR flow \" (list of steps, required, from 1 to 16)\"\nThe steps of its review",
        ".BR number_pattern \" (string, default \" \\(dqHT\\-{year}\\-{seq:04}\\(dq \", at most 64 "
        "characters)\"\n",
        ".BR renewal_days \" (integer, default 60, from 1 to 3650)\"\n",
        ".BR retention_years \" (integer, default 10, from 1 to 100)\"\n",
        ".BR aging_buckets \" (list of integers, default \" \"[30, 60, 90]\" \", from 1 to 7 numbers, "
        "each from 1 to 3650)\"\n",
        ".BR currencies \" (list of strings, default: the company currency alone, at least one)\"\n",
        ".IR DIR /contracts.yaml\n",
    };
    for (size_t i = 0; i < sizeof contracts_keys / sizeof contracts_keys[0]; i++)
        if (!strstr(text, contracts_keys[i]))
            fail_msg("man page lacks: %s", contracts_keys[i]);
    /* Every key of claims.yaml. */
    static const char *const claims_keys[] = {
        ".BR categories \" (list of mappings, required, at least one)\"\n",
        ".BR preapproval \" (boolean, default \" false )\n",
        ".BR standards \" (list of mappings, default none)\"\n",
        ".BR category \" (code of a category above, required)\"\n",
        ".BR unit \" (one of \" line \", \" day \", \" night \", \" person \"; required)\"\n",
        ".BR cap \" (money, required, above 0)\"\n",
        ".BR city_caps \" (list of mappings, default none)\"\n",
        ".BR flows \" (mapping, required)\"\n",
        ".BR claim \" (list of steps, required, from 1 to 16)\"\n",
        ".BR preapproval \" (list of steps, required, from 1 to 16)\"\n",
        ".BR budget_change \" (list of steps, required, from 1 to 16)\"\n",
        ".BR department_flows \" (list of mappings, default none)\"\n",
        ".BR department \" (code of a department in bizdesk.yaml, required)\"\n",
        ".BR preapproval_tolerance_percent \" (integer, default 10, from 0 to 100)\"\n",
        ".BR duplicate_invoice \" (one of \" refuse \", \" flag \"; default \" refuse )\n",
        ".BR over_standard \" (one of \" refuse \", \" flag \"; default \" flag )\n",
        ".BR over_budget \" (one of \" refuse \", \" flag \"; default \" refuse )\n",
        ".BR key_customer_classes \" (list of codes, default \" [key] \" when pipeline.yaml has the "
        "class \" key \", else none)\"\n",
        ".BR payment_methods \" (list of codes, default \" [bank_transfer] \", at least one)\"\n",
        ".IR DIR /claims.yaml\n",
        ".SH CLAIMS.YAML\n",
    };
    for (size_t i = 0; i < sizeof claims_keys / sizeof claims_keys[0]; i++)
        if (!strstr(text, claims_keys[i]))
            fail_msg("man page lacks: %s", claims_keys[i]);
    _Static_assert(APV_LEADERSHIP == 3, "four approvers, as below");
    static const char *const approvers[] = {"role", "manager", "dept_head", "leadership"};
    const char *apv = strstr(text, ".SH APPROVERS\n");
    assert_non_null(apv);
    for (size_t i = 0; i < 4; i++) {
        snprintf(want, sizeof want, ".TP\n.B %s\n", approvers[i]);
        const char *at = strstr(apv, want);
        if (!at || at > strstr(apv, ".SH OPPORTUNITY FIELDS"))
            fail_msg("man page lacks the approver %s", approvers[i]);
    }
    snprintf(want, sizeof want, ".B %d bytes\nthe largest policy file", POLICY_MAX_FILE_BYTES);
    assert_non_null(strstr(text, want));
    snprintf(want, sizeof want, ".B %d levels\n", POLICY_MAX_DEPTH);
    assert_non_null(strstr(text, want));
    snprintf(want, sizeof want, ".B %d bytes\nthe longest single value", POLICY_MAX_SCALAR);
    assert_non_null(strstr(text, want));
}

/* ---- The tree and binder API, as later policy modules use it ------------- */
static ytree *parse_ok(const char *text)
{
    policy_diags d = {0};
    ytree *t = NULL;
    assert_int_equal(ytree_parse("t.yaml", text, strlen(text), &t, &d), BD_OK);
    assert_int_equal(d.n, 0);
    return t;
}

static void test_tree_positions(void **state)
{
    (void)state;
    ytree *t = parse_ok("a: 1\n"
                        "b:\n"
                        "  - x\n"
                        "  - 'y'\n"
                        "c: {d: 銷售, e: f}\n");
    assert_int_equal(t->root->kind, YTREE_MAPPING);
    assert_int_equal(t->root->n, 3);
    ytree_node *b = ytree_get(t->root, "b");
    assert_int_equal(b->kind, YTREE_SEQUENCE);
    assert_int_equal(b->n, 2);
    assert_int_equal(b->items[1]->line, 4);
    assert_int_equal(b->items[1]->col, 5);
    assert_false(b->items[1]->plain);
    assert_true(b->items[0]->plain);
    ytree_node *c = ytree_get(t->root, "c");
    ytree_node *e = ytree_get(c, "e");
    assert_string_equal(e->text, "f");
    assert_int_equal(e->line, 5);
    assert_int_equal(e->col, 15); /* 銷售 counts as two columns */
    assert_null(ytree_get(t->root, "z"));
    assert_null(ytree_get(b, "x")); /* not a mapping */
    ytree_free(&t);
    assert_null(t);
}

static void test_binder_getters(void **state)
{
    (void)state;
    ytree *t = parse_ok("on: true\n"
                        "off: FALSE\n"
                        "yes_no: yes\n"
                        "quoted: 'true'\n"
                        "n: -42\n"
                        "big: 99999999999999999999\n"
                        "kind: team\n"
                        "name: 2024\n"
                        "long: abcdef\n"
                        "extra: 1\n"
                        "null1: ~\n");
    policy_diags d = {0};
    ybind b;
    ybind_init(&b, t, &d);
    bool v = false;
    assert_true(ybind_bool(&b, ytree_get(t->root, "on"), &v));
    assert_true(v);
    assert_true(ybind_bool(&b, ytree_get(t->root, "off"), &v));
    assert_false(v);
    assert_false(ybind_bool(&b, ytree_get(t->root, "yes_no"), &v));
    assert_false(ybind_bool(&b, ytree_get(t->root, "quoted"), &v));
    int64_t i = 0;
    assert_true(ybind_int(&b, ytree_get(t->root, "n"), -100, 100, &i));
    assert_int_equal(i, -42);
    assert_false(ybind_int(&b, ytree_get(t->root, "big"), 0, INT64_MAX, &i));
    static const char *const kinds[] = {"own", "team"};
    int k = -1;
    assert_true(ybind_enum(&b, ytree_get(t->root, "kind"), "scope", kinds, 2, &k));
    assert_int_equal(k, 1);
    char *s = NULL;
    assert_true(ybind_string(&b, ytree_get(t->root, "name"), 0, &s));
    assert_string_equal(s, "2024"); /* any scalar is text where text is wanted */
    free(s);
    char buf[4];
    assert_false(ybind_string_buf(&b, ytree_get(t->root, "long"), buf, sizeof buf));
    assert_false(ybind_string(&b, ytree_get(t->root, "null1"), 0, &s));
    ybind_unused(&b, t->root, "on, off");
    assert_int_equal(b.errors, d.n);
    ytree_diags_sort(&d, 0);

    static const char *const want[] = {
        "t.yaml:3:9: expected true or false, got 'yes'",
        "t.yaml:4:9: expected true or false, got 'true'",
        "t.yaml:6:6: expected an integer from 0 to 9223372036854775807, got '99999999999999999999'",
        "t.yaml:9:7: too long: 6 bytes, at most 3",
        "t.yaml:10:1: unknown key 'extra' (known keys: on, off)",
        "t.yaml:11:8: expected a string, got an empty value",
    };
    char line[512];
    for (size_t j = 0; j < sizeof want / sizeof want[0]; j++) {
        assert_true(j < d.n);
        assert_string_equal(policy_diag_format(&d.v[j], line, sizeof line), want[j]);
    }
    assert_int_equal(d.n, sizeof want / sizeof want[0]);
    policy_diags_free(&d);
    ytree_free(&t);
}

/* A table as a later module writes one. */
typedef struct thing {
    bool enabled;
    int64_t weight;
} thing;

static bool thing_enabled(ybind *b, ytree_node *v, void *obj)
{
    return ybind_bool(b, v, &((thing *)obj)->enabled);
}

static bool thing_weight(ybind *b, ytree_node *v, void *obj)
{
    return ybind_int(b, v, 0, 100, &((thing *)obj)->weight);
}

static void test_binder_table(void **state)
{
    (void)state;
    static const ybind_key keys[] = {
        {"enabled", false, thing_enabled},
        {"weight", true, thing_weight},
    };
    ytree *t = parse_ok("enabled: true\nweight: 40\n");
    policy_diags d = {0};
    ybind b;
    ybind_init(&b, t, &d);
    thing th = {0};
    assert_true(ybind_table(&b, t->root, keys, 2, &th));
    assert_true(th.enabled);
    assert_int_equal(th.weight, 40);
    ytree_free(&t);

    t = parse_ok("enable: true\n");
    ybind_init(&b, t, &d);
    assert_false(ybind_table(&b, t->root, keys, 2, &th));
    ytree_diags_sort(&d, 0);
    assert_int_equal(d.n, 2);
    char line[256];
    assert_string_equal(policy_diag_format(&d.v[0], line, sizeof line),
                        "t.yaml:1:1: missing required key 'weight'");
    assert_string_equal(policy_diag_format(&d.v[1], line, sizeof line),
                        "t.yaml:1:1: unknown key 'enable' (known keys: enabled, weight)");
    policy_diags_free(&d);
    ytree_free(&t);
}

static void test_long_value_cut_in_message(void **state)
{
    (void)state;
    /* A long wrong value is cut in the message and a newline shows as '?'. */
    pcase c;
    pcase_load(&c, good_bizdesk,
               "roles:\n"
               "  - code: admin\n"
               "    name: Admin\n"
               "    scope: |\n"
               "      aaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb cccccccccccccccccccc\n"
               "    permissions: [admin.users]\n");
    expect_diag(&c, 0,
                "roles.yaml:4:12: invalid scope 'aaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb ccccc...' "
                "(expected one of: own, team, department, all)");
    pcase_free(&c);
}

int main(void)
{
    /* Display names are measured in terminal cells (core's wcwidth). */
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_config_loads),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_diag_format),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_syntax_error_indent),
        cmocka_unit_test(test_tab_indentation),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_duplicate_keys_all_reported),
        cmocka_unit_test(test_anchor_and_alias),
        cmocka_unit_test(test_alias_alone),
        cmocka_unit_test(test_tag),
        cmocka_unit_test(test_two_documents),
        cmocka_unit_test(test_one_explicit_document_is_fine),
        cmocka_unit_test(test_too_deep),
        cmocka_unit_test(test_depth_at_the_limit),
        cmocka_unit_test(test_file_too_large),
        cmocka_unit_test(test_scalar_too_long),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_invalid_utf8_after_cjk),
        cmocka_unit_test(test_control_character),
        cmocka_unit_test(test_nul_escape),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_comments_only),
        cmocka_unit_test(test_top_not_mapping),
        cmocka_unit_test(test_top_scalar),
        cmocka_unit_test(test_non_scalar_key),
        cmocka_unit_test(test_wrong_type),
        cmocka_unit_test(test_mapping_expected),
        cmocka_unit_test(test_unknown_key_in_role),
        cmocka_unit_test(test_unknown_top_key),
        cmocka_unit_test(test_unknown_permission),
        cmocka_unit_test(test_duplicate_permission),
        cmocka_unit_test(test_invalid_scope),
        cmocka_unit_test(test_duplicate_role_code),
        cmocka_unit_test(test_duplicate_department_code),
        cmocka_unit_test(test_invalid_code),
        cmocka_unit_test(test_missing_required_key),
        cmocka_unit_test(test_missing_top_key),
        cmocka_unit_test(test_empty_value),
        cmocka_unit_test(test_currency),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_integer_forms),
        cmocka_unit_test(test_bounds_accepted_and_defaults),
        cmocka_unit_test(test_at_least_one),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_utf16_refused),
        cmocka_unit_test(test_cjk_round_trip),
        cmocka_unit_test(test_many_errors_one_file),
        cmocka_unit_test(test_both_files_reported),
        cmocka_unit_test(test_pipeline_minimal_and_defaults),
        cmocka_unit_test(test_pipeline_all_keys),
        cmocka_unit_test(test_synonym_field),
        cmocka_unit_test(test_pipeline_missing),
        cmocka_unit_test(test_pipeline_unknown_keys),
        cmocka_unit_test(test_stage_values),
        cmocka_unit_test(test_stage_requires),
        cmocka_unit_test(test_stage_count),
        cmocka_unit_test(test_stage_duplicate_code),
        cmocka_unit_test(test_won_and_lost_stages),
        cmocka_unit_test(test_won_not_a_boolean),
        cmocka_unit_test(test_closed_stages_last),
        cmocka_unit_test(test_probabilities_rise),
        cmocka_unit_test(test_closed_stage_never_stale),
        cmocka_unit_test(test_sources_and_classes),
        cmocka_unit_test(test_import_section),
        cmocka_unit_test(test_synonym_mistakes),
        cmocka_unit_test(test_duplicates_section),
        cmocka_unit_test(test_pipeline_all_files_reported),
        cmocka_unit_test(test_contracts_minimal_and_defaults),
        cmocka_unit_test(test_contracts_all_keys),
        cmocka_unit_test(test_contracts_missing),
        cmocka_unit_test(test_contracts_unknown_keys),
        cmocka_unit_test(test_step_values),
        cmocka_unit_test(test_step_roles),
        cmocka_unit_test(test_step_count),
        cmocka_unit_test(test_step_duplicate_code),
        cmocka_unit_test(test_tiers_rise),
        cmocka_unit_test(test_clauses_and_amendments),
        cmocka_unit_test(test_number_pattern),
        cmocka_unit_test(test_contract_number),
        cmocka_unit_test(test_clock_values),
        cmocka_unit_test(test_aging_buckets),
        cmocka_unit_test(test_currencies),
        cmocka_unit_test(test_contracts_all_files_reported),
        cmocka_unit_test(test_claims_minimal_and_defaults),
        cmocka_unit_test(test_claims_all_keys),
        cmocka_unit_test(test_claims_missing),
        cmocka_unit_test(test_claims_unknown_keys),
        cmocka_unit_test(test_claims_categories),
        cmocka_unit_test(test_claims_standards),
        cmocka_unit_test(test_claims_city_caps),
        cmocka_unit_test(test_claims_flows),
        cmocka_unit_test(test_claims_department_flows),
        cmocka_unit_test(test_claims_rules),
        cmocka_unit_test(test_claims_code_lists),
        cmocka_unit_test(test_claims_lookups),
        cmocka_unit_test(test_claims_all_files_reported),
        cmocka_unit_test(test_data_cases),
        cmocka_unit_test(test_man_page_matches),
        cmocka_unit_test(test_tree_positions),
        cmocka_unit_test(test_binder_getters),
        cmocka_unit_test(test_binder_table),
        cmocka_unit_test(test_long_value_cut_in_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
