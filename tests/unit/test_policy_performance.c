/* performance.yaml: the shipped file loads with the values it says, and
 * every kind of mistake is refused with its exact file:line:column.  Each
 * case copies the shipped policy folder (config/) to a temporary folder
 * and replaces performance.yaml, so the other files are the real ones
 * (roles rep, supervisor, sales_manager, finance, legal, dept_head, leader,
 * admin). */
#include <locale.h>

#include "unit.h"

#include "policy.h"

#ifndef BD_SRCDIR
#define BD_SRCDIR "."
#endif

/* One policy folder: the shipped one with performance.yaml replaced. */
typedef struct pcase {
    char *dir;
    policy *pol;
    policy_diags d;
    bd_status st;
} pcase;

/* Copy config/ into a new temporary folder; performance.yaml becomes text
 * (NULL: left out), and roles.yaml becomes roles when that is not NULL. */
static void pcase_load2(pcase *c, const char *text, const char *roles)
{
    memset(c, 0, sizeof *c);
    c->dir = unit_tmpdir();
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp '" BD_SRCDIR "'/config/*.yaml '%s/' && rm '%s/performance.yaml'",
             c->dir, c->dir);
    assert_int_equal(system(cmd), 0);
    if (text)
        free(unit_write(c->dir, "performance.yaml", text));
    if (roles)
        free(unit_write(c->dir, "roles.yaml", roles));
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

static void pcase_load(pcase *c, const char *text)
{
    pcase_load2(c, text, NULL);
}

static void pcase_free(pcase *c)
{
    policy_free(&c->pol);
    assert_null(c->pol);
    policy_diags_free(&c->d);
    unit_tmpdir_free(c->dir);
}

/* Every diagnostic, exactly and in order: want[i] is "<line>:<col>: msg"
 * of performance.yaml, or a whole "<file>..." when it starts with '/'
 * relative to the folder ("/roles.yaml:..."). */
static void expect_diags(const pcase *c, const char *const *want, size_t n)
{
    char line[2048], expect[2048];
    bool ok = c->d.n == n;
    for (size_t i = 0; ok && i < n; i++) {
        if (want[i][0] == '/')
            snprintf(expect, sizeof expect, "%s%s", c->dir, want[i]);
        else
            snprintf(expect, sizeof expect, "%s/performance.yaml:%s", c->dir, want[i]);
        ok = strcmp(policy_diag_format(&c->d.v[i], line, sizeof line), expect) == 0;
    }
    if (!ok) {
        for (size_t i = 0; i < n; i++)
            print_message("wanted [%zu]: %s\n", i, want[i]);
        for (size_t k = 0; k < c->d.n; k++)
            print_message("got    [%zu]: %s\n", k,
                          policy_diag_format(&c->d.v[k], line, sizeof line));
        fail();
    }
}
#define EXPECT_DIAGS(c, want) expect_diags((c), (want), sizeof(want) / sizeof(want)[0])

/* A file whose mistakes give exactly these diagnostics. */
static void mistakes(const char *text, const char *const *want, size_t n)
{
    pcase c;
    pcase_load(&c, text);
    expect_diags(&c, want, n);
    pcase_free(&c);
}
#define MISTAKES(text, want) mistakes((text), (want), sizeof(want) / sizeof(want)[0])

/* A file whose one mistake gives exactly one diagnostic. */
static void one_mistake(const char *text, const char *want)
{
    const char *const w[] = {want};
    mistakes(text, w, 1);
}

/* The pieces of a small valid file, for building broken ones. */
#define RATERS "raters: {supervisor: 50, peer: 20, self: 10, customer: 20}\n"
#define GRADES                               \
    "grades:\n"                              \
    "  - {grade: A, min: 90}\n"              \
    "  - {grade: B, min: 0, failing: true}\n"
#define BONUS "bonus_base: 5000\n"

/* Lines 2-8: one template. */
#define TEMPLATE                                                                                 \
    "templates:\n"                                                                               \
    "  - code: sales\n"                                                                          \
    "    name: Sales\n"                                                                          \
    "    roles: [rep, supervisor]\n"                                                             \
    "    kpis:\n"                                                                                \
    "      - {code: amount, name: Amount, weight: 60, score: computed, source: signed_amount, "  \
    "target: \"300,000.00\"}\n"                                                                  \
    "      - {code: teamwork, name: Teamwork, weight: 40, score: rated_5, rated_by: [supervisor, " \
    "peer]}\n"

/* ---- The shipped file --------------------------------------------------- */
static void test_shipped_loads(void **state)
{
    (void)state;
    policy_diags d = {0};
    policy *p = NULL;
    bd_status st = policy_load(BD_SRCDIR "/config", &p, &d);
    for (size_t i = 0; i < d.n; i++) {
        char line[1024];
        print_message("%s\n", policy_diag_format(&d.v[i], line, sizeof line));
    }
    assert_int_equal(st, BD_OK);
    assert_non_null(p);

    assert_int_equal(p->rater_weights[RATER_SUPERVISOR], 50);
    assert_int_equal(p->rater_weights[RATER_PEER], 20);
    assert_int_equal(p->rater_weights[RATER_SELF], 10);
    assert_int_equal(p->rater_weights[RATER_CUSTOMER], 20);

    assert_int_equal(p->ntemplates, 2);
    const policy_template *sales = &p->templates[0];
    assert_string_equal(sales->code, "sales");
    assert_string_equal(sales->name, "銷售 Sales");
    assert_int_equal(sales->nroles, 3);
    assert_string_equal(sales->roles[0], "rep");
    assert_string_equal(sales->roles[2], "sales_manager");
    assert_int_equal(sales->nkpis, 6);
    const policy_kpi *k = &sales->kpis[0];
    assert_string_equal(k->code, "sales_amount");
    assert_string_equal(k->name, "銷售額 Sales amount");
    assert_int_equal(k->weight, 40);
    assert_int_equal(k->kind, RV_COMPUTED);
    assert_int_equal(k->source, KPI_SIGNED_AMOUNT);
    assert_int_equal(k->target, 30000000); /* "300,000.00" */
    assert_int_equal(k->cap, 120);
    assert_false(k->lower_is_better);
    assert_int_equal(k->rated_by, 0);
    k = &sales->kpis[1];
    assert_string_equal(k->code, "growth");
    assert_int_equal(k->weight, 5);
    assert_int_equal(k->source, KPI_GROWTH);
    assert_int_equal(k->target, 1000); /* 10 percent */
    assert_int_equal(k->cap, 150);
    k = &sales->kpis[2];
    assert_string_equal(k->code, "profit");
    assert_int_equal(k->weight, 5);
    assert_int_equal(k->source, KPI_PROFIT);
    assert_int_equal(k->target, 6000000); /* "60,000.00" */
    k = &sales->kpis[3];
    assert_int_equal(k->source, KPI_NEW_CUSTOMERS);
    assert_int_equal(k->target, 200); /* 2 customers */
    assert_int_equal(k->weight, 20);
    k = &sales->kpis[4];
    assert_string_equal(k->code, "satisfaction");
    assert_int_equal(k->kind, RV_RATED_5);
    assert_int_equal(k->weight, 15);
    assert_int_equal(k->rated_by, (1u << RATER_CUSTOMER) | (1u << RATER_SUPERVISOR));
    k = &sales->kpis[5];
    assert_int_equal(k->rated_by,
                     (1u << RATER_SUPERVISOR) | (1u << RATER_PEER) | (1u << RATER_SELF));
    int total = 0;
    for (size_t i = 0; i < sales->nkpis; i++)
        total += sales->kpis[i].weight;
    assert_int_equal(total, 100);

    const policy_template *office = &p->templates[1];
    assert_string_equal(office->code, "office");
    assert_int_equal(office->nroles, 4);
    assert_int_equal(office->nkpis, 3);
    assert_int_equal(office->kpis[0].weight, 40);
    assert_int_equal(office->kpis[1].weight, 40);
    assert_int_equal(office->kpis[2].weight, 20);
    assert_int_equal(office->kpis[1].rated_by, (1u << RATER_SUPERVISOR) | (1u << RATER_PEER));

    assert_int_equal(p->ngrades, 4);
    static const struct {
        const char *grade;
        int64_t min;
        int bonus_pct, target_pct;
        bool failing;
    } g[] = {{"A", 9000, 150, 20, false},
             {"B", 7500, 100, 40, false},
             {"C", 6000, 50, 30, false},
             {"D", 0, 0, 10, true}};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(p->grades[i].grade, g[i].grade);
        assert_int_equal(p->grades[i].min, g[i].min);
        assert_int_equal(p->grades[i].bonus_pct, g[i].bonus_pct);
        assert_int_equal(p->grades[i].bonus_amount, 0);
        assert_int_equal(p->grades[i].target_pct, g[i].target_pct);
        assert_int_equal(p->grades[i].failing, g[i].failing);
    }
    assert_int_equal(p->bonus_base, 500000);
    assert_int_equal(p->improvement_after, 2);
    assert_int_equal(p->escalation_after, 3);
    assert_int_equal(p->promotion_periods, 3);
    assert_int_equal(p->nhonours, 1);
    assert_string_equal(p->honours[0].code, "sales_champion");
    assert_string_equal(p->honours[0].name, "銷售冠軍 Sales champion");
    assert_int_equal(p->honours[0].source, KPI_SIGNED_AMOUNT);

    assert_ptr_equal(policy_template_for_role(p, "rep"), sales);
    assert_ptr_equal(policy_template_for_role(p, "sales_manager"), sales);
    assert_ptr_equal(policy_template_for_role(p, "finance"), office);
    assert_ptr_equal(policy_template_for_role(p, "dept_head"), office);
    assert_null(policy_template_for_role(p, "leader"));
    assert_null(policy_template_for_role(p, "nobody"));
    assert_null(policy_template_for_role(p, NULL));
    assert_null(policy_template_for_role(NULL, "rep"));
    assert_int_equal(policy_kpi_index(sales, "sales_amount"), 0);
    assert_int_equal(policy_kpi_index(sales, "teamwork"), 5);
    assert_int_equal(policy_kpi_index(office, "teamwork"), 2);
    assert_int_equal(policy_kpi_index(sales, "tasks"), -1);
    assert_int_equal(policy_kpi_index(NULL, "tasks"), -1);

    policy_free(&p);
    assert_null(p);
    policy_diags_free(&d);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(policy_kpi_source_name(KPI_SIGNED_AMOUNT), "signed_amount");
    assert_string_equal(policy_kpi_source_name(KPI_RESOLUTION_DAYS), "resolution_days");
    assert_string_equal(policy_kpi_source_name(KPI_SOURCE_COUNT), "?");
    assert_string_equal(policy_kpi_source_help(KPI_LEADS), "opportunities the employee created");
    assert_string_equal(policy_kpi_source_help((policy_kpi_source)-1), "?");
    for (int s = 0; s < KPI_SOURCE_COUNT; s++)
        assert_int_equal(policy_kpi_source_from_name(policy_kpi_source_name((policy_kpi_source)s)),
                         s);
    assert_int_equal(policy_kpi_source_from_name("revenue"), -1);
    assert_int_equal(policy_kpi_source_from_name(NULL), -1);

    static const char *const raters[] = {"supervisor", "peer", "self", "customer"};
    for (int r = 0; r < RATER_COUNT; r++) {
        assert_string_equal(policy_rater_name((policy_rater)r), raters[r]);
        assert_int_equal(policy_rater_from_name(raters[r]), r);
    }
    assert_string_equal(policy_rater_name(RATER_COUNT), "?");
    assert_int_equal(policy_rater_from_name("boss"), -1);
    assert_int_equal(policy_rater_from_name("Supervisor"), -1);
    assert_int_equal(policy_rater_from_name(NULL), -1);
}

/* The smallest file: the optional keys take their defaults. */
static void test_minimal_and_defaults(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c, RATERS TEMPLATE GRADES BONUS);
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    assert_int_equal(p->improvement_after, 2);
    assert_int_equal(p->escalation_after, 3);
    assert_int_equal(p->promotion_periods, 0);
    assert_true(p->annual_from_periods);
    assert_int_equal(p->ratings_close_days, 15);
    assert_int_equal(p->nhonours, 0);
    assert_int_equal(p->bonus_base, 500000);
    const policy_kpi *k = &p->templates[0].kpis[0];
    assert_int_equal(k->cap, 100);
    assert_int_equal(k->target, 30000000);
    for (size_t i = 0; i < p->ngrades; i++) {
        assert_int_equal(p->grades[i].target_pct, -1);
        assert_int_equal(p->grades[i].bonus_pct, 0);
        assert_int_equal(p->grades[i].bonus_amount, 0);
    }
    assert_false(p->grades[0].failing);
    assert_true(p->grades[1].failing);
    assert_null(policy_template_for_role(p, "finance"));
    pcase_free(&c);
}

/* Every key at an edge of what it takes. */
static void test_all_keys_at_their_bounds(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c, "raters: {supervisor: 100, peer: 0, self: 0, customer: 0}\n"
                   "templates:\n"
                   "  - code: service\n"
                   "    name: 售後 After-sales\n"
                   "    roles: []\n"
                   "    kpis:\n"
                   "      - {code: days, name: Days, weight: 1, score: computed, "
                   "source: resolution_days, target: \"2.5\", cap: 1000}\n"
                   "      - {code: quality, name: Quality, weight: 99, score: rated_100, "
                   "rated_by: [supervisor]}\n"
                   "grades:\n"
                   "  - {grade: A+, min: 100, bonus_pct: 1000, bonus_amount: \"1,000.50\", "
                   "target_pct: 0}\n"
                   "  - {grade: B-1, min: \"87.5\", target_pct: 100}\n"
                   "  - {grade: abcdefgh, min: \"0.01\", target_pct: 0}\n"
                   "  - {grade: D, min: 0.00, failing: true, target_pct: 0}\n"
                   "bonus_base: \"0.01\"\n"
                   "improvement_after: 0\n"
                   "escalation_after: 12\n"
                   "promotion_periods: 12\n"
                   "honours: []\n");
    assert_int_equal(c.st, BD_OK);
    const policy *p = c.pol;
    const policy_kpi *k = &p->templates[0].kpis[0];
    assert_int_equal(k->source, KPI_RESOLUTION_DAYS);
    assert_true(k->lower_is_better); /* from the source, not a key */
    assert_int_equal(k->target, 250);
    assert_int_equal(k->cap, 1000);
    assert_int_equal(k->weight, 1);
    assert_int_equal(p->templates[0].kpis[1].kind, RV_RATED_100);
    assert_int_equal(p->templates[0].nroles, 0);
    assert_string_equal(p->grades[0].grade, "A+");
    assert_int_equal(p->grades[0].min, 10000);
    assert_int_equal(p->grades[0].bonus_pct, 1000);
    assert_int_equal(p->grades[0].bonus_amount, 100050);
    assert_int_equal(p->grades[1].min, 8750);
    assert_int_equal(p->grades[1].target_pct, 100);
    assert_string_equal(p->grades[2].grade, "abcdefgh");
    assert_int_equal(p->grades[2].min, 1);
    assert_int_equal(p->grades[3].min, 0);
    assert_int_equal(p->bonus_base, 1);
    assert_int_equal(p->improvement_after, 0);
    assert_int_equal(p->escalation_after, 12);
    assert_int_equal(p->promotion_periods, 12);
    assert_int_equal(p->nhonours, 0);
    pcase_free(&c);
}

/* annual: periods (the default) or figures; nothing else. */
static void test_annual_rule(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c, RATERS TEMPLATE GRADES BONUS "annual: figures\n");
    assert_int_equal(c.st, BD_OK);
    assert_false(c.pol->annual_from_periods);
    pcase_free(&c);
    one_mistake(RATERS TEMPLATE GRADES BONUS "annual: mean\n",
                "13:9: invalid annual rule 'mean' (expected one of: periods, figures)");
}

/* ---- The file itself ---------------------------------------------------- */
static void test_missing_file(void **state)
{
    (void)state;
    pcase c;
    pcase_load(&c, NULL);
    static const char *const want[] = {
        "/performance.yaml: cannot open: No such file or directory",
    };
    EXPECT_DIAGS(&c, want);
    pcase_free(&c);

    one_mistake("", "1:1: the file is empty; expected a mapping (key: value lines) at the top");
    static const char *const missing[] = {
        "1:1: missing required key 'raters'",
        "1:1: missing required key 'templates'",
        "1:1: missing required key 'grades'",
        "1:1: missing required key 'bonus_base'",
    };
    MISTAKES("honours: []\n", missing);
}

static void test_unknown_key(void **state)
{
    (void)state;
    one_mistake(RATERS TEMPLATE GRADES BONUS "bonus: 5\n",
                "13:1: unknown key 'bonus' (known keys: raters, templates, improvement_after, "
                "escalation_after, promotion_periods, ratings_close_days, annual, grades, "
                "bonus_base, honours)");
    one_mistake(RATERS
                "templates:\n"
                "  - code: sales\n"
                "    name: Sales\n"
                "    role: [rep]\n"
                "    roles: [rep]\n"
                "    kpis: [{code: a, name: A, weight: 100, score: rated_5, rated_by: [self]}]\n"
                GRADES BONUS,
                "5:5: unknown key 'role' (known keys: code, name, roles, kpis)");
    one_mistake(RATERS
                "templates:\n"
                "  - code: sales\n"
                "    name: Sales\n"
                "    roles: [rep]\n"
                "    kpis: [{code: a, name: A, weight: 100, score: rated_5, rated_by: [self], "
                "lower_is_better: true}]\n" GRADES BONUS,
                "6:78: unknown key 'lower_is_better' (known keys: code, name, weight, score, "
                "source, target, cap, rated_by)");
    static const char *const misspelt[] = {
        "1:9: missing required key 'peer'",
        "1:26: unknown key 'peers' (known keys: supervisor, peer, self, customer)",
    };
    MISTAKES("raters: {supervisor: 50, peers: 20, self: 10, customer: 20}\n" TEMPLATE GRADES BONUS,
             misspelt);
}

/* ---- raters ------------------------------------------------------------- */
static void test_rater_weights(void **state)
{
    (void)state;
    one_mistake("raters:\n"
                "  supervisor: 50\n"
                "  peer: 20\n"
                "  self: 0\n"
                "  customer: 20\n" TEMPLATE GRADES BONUS,
                "2:3: the rater weights total 90 (supervisor 50, peer 20, self 0, customer 20); "
                "they must total 100");
    static const char *const want[] = {
        "1:9: missing required key 'customer'",
        "1:22: expected an integer from 0 to 100, got 101",
        "1:33: expected an integer, got 'x'",
        "1:46: unknown key 'boss' (known keys: supervisor, peer, self, customer)",
    };
    /* Missing and wrong weights are the mistakes; no total is claimed. */
    MISTAKES("raters: {supervisor: 101, peer: x, self: 10, boss: 20}\n" TEMPLATE GRADES BONUS,
             want);
    one_mistake("raters: [50, 20, 10, 20]\n" TEMPLATE GRADES BONUS,
                "1:9: expected a mapping (key: value), got a list");
}

/* ---- templates and KPIs ------------------------------------------------- */
static void test_weights_total_100(void **state)
{
    (void)state;
    /* At the template's kpis key, naming the total. */
    one_mistake(RATERS
                "templates:\n"
                "  - code: sales\n"
                "    name: Sales\n"
                "    roles: [rep, supervisor]\n"
                "    kpis:\n"
                "      - {code: amount, name: Amount, weight: 55, score: computed, "
                "source: signed_amount, target: \"300,000.00\"}\n"
                "      - {code: teamwork, name: Teamwork, weight: 40, score: rated_5, "
                "rated_by: [supervisor, peer]}\n" GRADES BONUS,
                "6:5: the KPI weights of template 'sales' total 95; they must total exactly 100");
    /* A wrong weight is the mistake; the total is not claimed. */
    static const char *const want[] = {
        "4:44: expected an integer from 1 to 100, got 0",
        "5:48: expected an integer, got the quoted string '40' (write numbers without quotes)",
    };
    MISTAKES(RATERS
             "templates:\n"
             "  - {code: sales, name: Sales, roles: [rep], kpis: [\n"
             "      {code: amount, name: Amount, weight: 0, score: computed, "
             "source: signed_amount, target: 1},\n"
             "      {code: teamwork, name: Teamwork, weight: \"40\", score: rated_5, "
             "rated_by: [self]}]}\n" GRADES BONUS,
             want);
}

static void test_computed_kpis(void **state)
{
    (void)state;
    static const char *const want[] = {
        "4:7: missing required key 'target': a computed KPI needs the figure that is worth 100 "
        "points",
        "5:7: missing required key 'source': a computed KPI names the figure it is scored on "
        "(one of: signed_amount, growth, profit, new_customers, satisfaction, leads, "
        "conversion, resolution_days)",
        "6:63: invalid source 'revenue' (expected one of: signed_amount, growth, profit, "
        "new_customers, satisfaction, leads, conversion, resolution_days)",
        "7:91: a computed KPI takes no rated_by: its score comes from the data; leave out "
        "rated_by",
        "8:78: invalid target: 0 is not above 0",
        "9:86: expected an integer from 100 to 1000, got 99",
        "10:78: invalid target: \"abc\" is not an amount (expected digits such as 1,234.56)",
    };
    MISTAKES(RATERS
             "templates:\n"
             "  - {code: sales, name: Sales, roles: [rep], kpis: [\n"
             "      {code: a, name: A, weight: 10, score: computed, source: signed_amount},\n"
             "      {code: b, name: B, weight: 10, score: computed, target: 5},\n"
             "      {code: c, name: C, weight: 10, score: computed, source: revenue, target: 5},\n"
             "      {code: d, name: D, weight: 10, score: computed, source: leads, target: 5, "
             "rated_by: [self]},\n"
             "      {code: e, name: E, weight: 10, score: computed, source: leads, target: 0},\n"
             "      {code: f, name: F, weight: 10, score: computed, source: leads, target: 5, "
             "cap: 99},\n"
             "      {code: g, name: G, weight: 40, score: computed, source: leads, "
             "target: abc}]}\n" GRADES BONUS,
             want);
}

static void test_rated_kpis(void **state)
{
    (void)state;
    static const char *const want[] = {
        "4:7: missing required key 'rated_by': a rated_5 KPI names who rates it (one or more "
        "of: supervisor, peer, self, customer)",
        "5:62: a rated_5 KPI takes no target: evaluators score it; leave out target (or make it "
        "score: computed)",
        "6:64: a rated_100 KPI takes no source: evaluators score it; leave out source (or make "
        "it score: computed)",
        "6:76: a rated_100 KPI takes no cap: evaluators score it; leave out cap (or make it "
        "score: computed)",
        "7:77: invalid rater 'boss' (expected one of: supervisor, peer, self, customer)",
        "8:71: duplicate rater 'self' (first at line 8, column 65)",
        "9:64: at least one rater is needed (supervisor, peer, self, customer)",
        "10:45: invalid score 'rated_10' (expected one of: computed, rated_5, rated_100)",
    };
    MISTAKES(RATERS
             "templates:\n"
             "  - {code: sales, name: Sales, roles: [rep], kpis: [\n"
             "      {code: a, name: A, weight: 10, score: rated_5},\n"
             "      {code: b, name: B, weight: 10, score: rated_5, target: 5, rated_by: [self]},\n"
             "      {code: c, name: C, weight: 10, score: rated_100, source: leads, cap: 120, "
             "rated_by: [self]},\n"
             "      {code: d, name: D, weight: 10, score: rated_5, rated_by: [supervisor, boss]},\n"
             "      {code: e, name: E, weight: 10, score: rated_5, rated_by: [self, self]},\n"
             "      {code: f, name: F, weight: 10, score: rated_5, rated_by: []},\n"
             "      {code: g, name: G, weight: 40, score: rated_10, rated_by: [self]}]}\n"
             GRADES BONUS,
             want);
}

/* A source with no weight cannot rate; checked only when the raters
 * themselves are right. */
static void test_rater_with_no_weight(void **state)
{
    (void)state;
    one_mistake("raters: {supervisor: 80, peer: 0, self: 0, customer: 20}\n"
                "templates:\n"
                "  - {code: sales, name: Sales, roles: [rep], kpis: [\n"
                "      {code: a, name: A, weight: 100, score: rated_5, "
                "rated_by: [supervisor, peer]}]}\n" GRADES BONUS,
                "4:78: rater 'peer' has weight 0 in raters: it cannot rate a KPI; give it a "
                "weight there or leave it out of rated_by");
    one_mistake("raters: {supervisor: 70, peer: 0, self: 0, customer: 20}\n"
                "templates:\n"
                "  - {code: sales, name: Sales, roles: [rep], kpis: [\n"
                "      {code: a, name: A, weight: 100, score: rated_5, "
                "rated_by: [supervisor, peer]}]}\n" GRADES BONUS,
                "1:9: the rater weights total 90 (supervisor 70, peer 0, self 0, customer 20); "
                "they must total 100");
}

static void test_kpi_and_template_lists(void **state)
{
    (void)state;
    static const char *const want[] = {
        "3:12: invalid code 'Sales': a code is 1 to 32 characters of a-z, 0-9 and _, starting "
        "with a letter",
        "3:49: expected from 1 to 16 KPIs, got 0",
        "4:5: missing required key 'name'",
        "4:5: missing required key 'kpis'",
        "5:12: duplicate template code 'sales2' (first at line 4)",
        "7:14: duplicate KPI code 'a' (first at line 6)",
        "8:33: expected a list, got 'rep'",
        "9:5: expected a mapping (key: value), got 'office'",
    };
    MISTAKES(RATERS
             "templates:\n"
             "  - {code: Sales, name: Sales, roles: [], kpis: []}\n"
             "  - {code: sales2, roles: []}\n"
             "  - {code: sales2, name: S, roles: [], kpis: [\n"
             "      {code: a, name: A, weight: 50, score: rated_5, rated_by: [self]},\n"
             "      {code: a, name: A, weight: 50, score: rated_5, rated_by: [self]}]}\n"
             "  - {code: s3, name: S3, roles: rep, kpis: [{code: a, name: A, weight: 100, "
             "score: rated_5, rated_by: [self]}]}\n"
             "  - office\n" GRADES BONUS,
             want);
    one_mistake(RATERS "templates: []\n" GRADES BONUS,
                "2:12: at least one KPI template is needed");

    /* 17 KPIs is one too many. */
    bd_buf t = {0};
    bd_buf_puts(&t, RATERS "templates:\n  - code: big\n    name: Big\n    roles: []\n    kpis:\n");
    for (int i = 0; i < 17; i++)
        bd_buf_printf(&t, "      - {code: k%d, name: K, weight: 5, score: rated_5, "
                          "rated_by: [self]}\n", i);
    bd_buf_puts(&t, GRADES BONUS);
    one_mistake(bd_buf_str(&t), "7:7: expected from 1 to 16 KPIs, got 17");
    bd_buf_free(&t);
}

/* ---- roles -------------------------------------------------------------- */
static void test_role_in_two_templates(void **state)
{
    (void)state;
    static const char *const want[] = {
        "6:26: duplicate role 'rep' (first at line 6, column 13)",
        "9:14: role 'rep' is in two templates: 'sales' (line 6) and 'office' (line 9); a role "
        "has at most one KPI template",
        "10:27: role 'finance' is in two templates: 'office' (line 8) and 'legal' (line 10); a "
        "role has at most one KPI template",
    };
    MISTAKES(RATERS
             "templates:\n"
             "  - code: sales\n"
             "    name: Sales\n"
             "    kpis: [{code: a, name: A, weight: 100, score: rated_5, rated_by: [self]}]\n"
             "    roles: [rep, leader, rep]\n"
             "  - {code: office, name: Office, kpis: [{code: a, name: A, weight: 100, "
             "score: rated_5, rated_by: [self]}],\n"
             "     roles: [finance,\n"
             "             rep]}\n"
             "  - {code: legal, roles: [finance], name: Legal, kpis: [{code: a, name: A, "
             "weight: 100, score: rated_5, rated_by: [self]}]}\n" GRADES BONUS,
             want);
}

static void test_unknown_role(void **state)
{
    (void)state;
    static const char *const want[] = {
        "5:18: unknown role 'ceo': roles.yaml has no such role (roles: rep, supervisor, "
        "sales_manager, finance, legal, dept_head, leader, admin)",
        "5:23: invalid code 'Rep': a code is 1 to 32 characters of a-z, 0-9 and _, starting "
        "with a letter",
    };
    MISTAKES(RATERS
             "templates:\n"
             "  - code: sales\n"
             "    name: Sales\n"
             "    roles: [rep, ceo, Rep]\n"
             "    kpis: [{code: a, name: A, weight: 100, score: rated_5, rated_by: [self]}]\n"
             GRADES BONUS,
             want);

    /* Against a roles.yaml with a mistake of its own every role would look
     * unknown: only that mistake is reported. */
    pcase c;
    pcase_load2(&c,
                RATERS
                "templates:\n"
                "  - code: sales\n"
                "    name: Sales\n"
                "    roles: [rep, ceo]\n"
                "    kpis: [{code: a, name: A, weight: 100, score: rated_5, rated_by: [self]}]\n"
                GRADES BONUS,
                "roles:\n"
                "  - {code: admin, name: Admin, scope: all, permissions: [admin.users], x: 1}\n");
    static const char *const only_roles[] = {
        "/roles.yaml:2:72: unknown key 'x' (known keys: code, name, scope, permissions)",
    };
    EXPECT_DIAGS(&c, only_roles);
    pcase_free(&c);
}

/* ---- grades ------------------------------------------------------------- */
static void test_grades_fall(void **state)
{
    (void)state;
    static const char *const want[] = {
        "11:21: min 90 is not below the 90 of grade 'A' (line 10): grades go from the highest "
        "down, each with a lower min",
        "13:21: min 80.5 is not below the 75 of grade 'C' (line 12): grades go from the highest "
        "down, each with a lower min",
    };
    MISTAKES(RATERS TEMPLATE
             "grades:\n"
             "  - {grade: A, min: 90}\n"
             "  - {grade: B, min: 90}\n"
             "  - {grade: C, min: 75}\n"
             "  - {grade: D, min: \"80.5\"}\n"
             "  - {grade: E, min: 0}\n" BONUS,
             want);
    one_mistake(RATERS TEMPLATE
                "grades:\n"
                "  - {grade: A, min: 90}\n"
                "  - {grade: B, min: 75}\n"
                "  - {grade: C, min: 60, failing: true}\n" BONUS,
                "12:21: the last grade's min is 60; it must be 0, so that every score earns a "
                "grade");
    one_mistake(RATERS TEMPLATE
                "grades:\n"
                "  - {grade: A, min: 90}\n"
                "  - {grade: D, min: \"0.05\"}\n" BONUS,
                "11:21: the last grade's min is 0.05; it must be 0, so that every score earns a "
                "grade");
}

static void test_grade_values(void **state)
{
    (void)state;
    static const char *const want[] = {
        "10:13: invalid grade 'A*': a grade is 1 to 8 characters of A-Z, a-z, 0-9, + and -, "
        "like A or B+",
        "10:22: invalid min '100.5': expected points from 0 to 100, like 90 or \"87.5\" (at most "
        "two decimals)",
        "11:13: invalid grade 'excellent': a grade is 1 to 8 characters of A-Z, a-z, 0-9, + and "
        "-, like A or B+",
        "11:29: invalid min '87.125': expected points from 0 to 100, like 90 or \"87.5\" (at "
        "most two decimals)",
        "12:27: expected an integer from 0 to 1000, got 1001",
        "13:13: duplicate grade 'B' (first at line 12)",
        "13:21: invalid min '-1': expected points from 0 to 100, like 90 or \"87.5\" (at most "
        "two decimals)",
        "14:5: missing required key 'min'",
        "14:30: invalid bonus_amount: -1 is below 0",
        "14:43: expected true or false, got 'yes'",
    };
    MISTAKES(RATERS TEMPLATE
             "grades:\n"
             "  - {grade: A*, min: \"100.5\"}\n"
             "  - {grade: excellent, min: \"87.125\"}\n"
             "  - {grade: B, bonus_pct: 1001, min: 70}\n"
             "  - {grade: B, min: -1}\n"
             "  - {grade: C, bonus_amount: -1, failing: yes}\n"
             "  - {grade: D, min: 0}\n" BONUS,
             want);
    one_mistake(RATERS TEMPLATE "grades:\n  - {grade: A, min: 0}\n" BONUS,
                "10:3: expected from 2 to 8 grades, got 1");
    one_mistake(RATERS TEMPLATE "grades: {A: 90}\n" BONUS,
                "9:9: expected a list, got a mapping (key: value)");

    bd_buf t = {0};
    bd_buf_puts(&t, RATERS TEMPLATE "grades:\n");
    for (int i = 0; i < 9; i++)
        bd_buf_printf(&t, "  - {grade: G%d, min: %d}\n", i, 80 - i * 10);
    bd_buf_puts(&t, BONUS);
    one_mistake(bd_buf_str(&t), "10:3: expected from 2 to 8 grades, got 9");
    bd_buf_free(&t);
}

static void test_target_pct(void **state)
{
    (void)state;
    one_mistake(RATERS TEMPLATE
                "grades:\n"
                "  - {grade: A, min: 90, target_pct: 20}\n"
                "  - {grade: B, min: 75, target_pct: 40}\n"
                "  - {grade: C, min: 60, target_pct: 20}\n"
                "  - {grade: D, min: 0, failing: true, target_pct: 10}\n" BONUS,
                "10:3: the target_pct of the grades total 90; they must total 100");
    static const char *const want[] = {
        "10:5: missing key 'target_pct': grade 'B' has one (line 11), and then every grade needs "
        "one",
        "12:5: missing key 'target_pct': grade 'B' has one (line 11), and then every grade needs "
        "one",
    };
    MISTAKES(RATERS TEMPLATE
             "grades:\n"
             "  - {grade: A, min: 90}\n"
             "  - {grade: B, min: 75, target_pct: 100}\n"
             "  - {grade: C, min: 0}\n" BONUS,
             want);
    one_mistake(RATERS TEMPLATE
                "grades:\n"
                "  - {grade: A, min: 90, target_pct: 101}\n"
                "  - {grade: B, min: 0, target_pct: 0}\n" BONUS,
                "10:37: expected an integer from 0 to 100, got 101");
}

/* ---- Money, streaks and honours ----------------------------------------- */
static void test_bonus_base(void **state)
{
    (void)state;
    one_mistake(RATERS TEMPLATE GRADES "bonus_base: 0\n",
                "12:13: invalid bonus_base: 0 is not above 0");
    one_mistake(RATERS TEMPLATE GRADES "bonus_base: \"5,000.001\"\n",
                "12:13: invalid bonus_base: \"5,000.001\" has more than two decimals");
}

static void test_streaks(void **state)
{
    (void)state;
    one_mistake(RATERS TEMPLATE GRADES BONUS "improvement_after: 3\nescalation_after: 3\n",
                "14:19: escalation_after 3 is not above improvement_after 3 (line 13): "
                "escalation comes after more failing periods than the improvement plan (0 turns "
                "it off)");
    one_mistake(RATERS TEMPLATE GRADES BONUS "escalation_after: 2\n",
                "13:19: escalation_after 2 is not above improvement_after 2 (the default): "
                "escalation comes after more failing periods than the improvement plan (0 turns "
                "it off)");
    one_mistake(RATERS TEMPLATE GRADES BONUS "improvement_after: 4\n",
                "13:20: improvement_after 4 is not below escalation_after 3 (the default): the "
                "improvement plan comes before escalation; set escalation_after higher, or 0 to "
                "turn it off");
    /* Written before grades in the file: still checked, once. */
    one_mistake(RATERS TEMPLATE "escalation_after: 1\nimprovement_after: 1\n" GRADES BONUS,
                "9:19: escalation_after 1 is not above improvement_after 1 (line 10): "
                "escalation comes after more failing periods than the improvement plan (0 turns "
                "it off)");
    /* A rule that is off needs no order. */
    pcase c;
    pcase_load(&c, RATERS TEMPLATE GRADES BONUS "improvement_after: 5\nescalation_after: 0\n");
    assert_int_equal(c.st, BD_OK);
    assert_int_equal(c.pol->improvement_after, 5);
    assert_int_equal(c.pol->escalation_after, 0);
    pcase_free(&c);
    pcase_load(&c, RATERS TEMPLATE GRADES BONUS "improvement_after: 0\nescalation_after: 1\n");
    assert_int_equal(c.st, BD_OK);
    pcase_free(&c);
    /* A value out of range is the mistake, not the order. */
    static const char *const want[] = {
        "13:20: expected an integer from 0 to 12, got 13",
        "14:20: expected an integer from 0 to 12, got -1",
    };
    MISTAKES(RATERS TEMPLATE GRADES BONUS "improvement_after: 13\npromotion_periods: -1\n",
             want);
}

static void test_honours(void **state)
{
    (void)state;
    static const char *const want[] = {
        "14:41: invalid source 'margin' (expected one of: signed_amount, growth, profit, "
        "new_customers, satisfaction, leads, conversion, resolution_days)",
        "15:5: missing required key 'source'",
        "15:12: duplicate honour code 'best' (first at line 14)",
    };
    MISTAKES(RATERS TEMPLATE GRADES BONUS
             "honours:\n"
             "  - {code: best, name: 最佳 Best, source: margin}\n"
             "  - {code: best, name: Best}\n"
             "  - {code: fast, name: 最快 Fastest, source: resolution_days}\n",
             want);
}

/* Several mistakes in one file are all reported, top to bottom. */
static void test_many_mistakes(void **state)
{
    (void)state;
    static const char *const want[] = {
        "2:3: the rater weights total 90 (supervisor 50, peer 20, self 0, customer 20); they "
        "must total 100",
        "11:5: the KPI weights of template 'sales' total 95; they must total exactly 100",
        "12:69: invalid source 'revenue' (expected one of: signed_amount, growth, profit, "
        "new_customers, satisfaction, leads, conversion, resolution_days)",
        "13:9: missing required key 'target': a computed KPI needs the figure that is worth 100 "
        "points",
        "14:64: a rated_5 KPI takes no target: evaluators score it; leave out target (or make "
        "it score: computed)",
        "14:78: invalid rater 'boss' (expected one of: supervisor, peer, self, customer)",
        "18:13: role 'rep' is in two templates: 'sales' (line 10) and 'office' (line 18); a role "
        "has at most one KPI template",
        "18:18: unknown role 'ceo': roles.yaml has no such role (roles: rep, supervisor, "
        "sales_manager, finance, legal, dept_head, leader, admin)",
        "21:3: the target_pct of the grades total 90; they must total 100",
        "22:21: min 75 is not below the 60 of grade 'A' (line 21): grades go from the highest "
        "down, each with a lower min",
        "23:21: the last grade's min is 10; it must be 0, so that every score earns a grade",
        "25:19: escalation_after 2 is not above improvement_after 2 (line 24): escalation comes "
        "after more failing periods than the improvement plan (0 turns it off)",
        "26:1: unknown key 'colour' (known keys: raters, templates, improvement_after, "
        "escalation_after, promotion_periods, ratings_close_days, annual, grades, bonus_base, "
        "honours)",
    };
    MISTAKES("raters:\n"                                                                 /* 1 */
             "  supervisor: 50\n"                                                        /* 2 */
             "  peer: 20\n"                                                              /* 3 */
             "  self: 0\n"                                                               /* 4 */
             "  customer: 20\n"                                                          /* 5 */
             "templates:\n"                                                              /* 6 */
             "  - code: sales\n"                                                         /* 7 */
             "    name: 銷售 Sales\n"                                                    /* 8 */
             "    roles:\n"                                                              /* 9 */
             "      [rep]\n"                                                             /* 10 */
             "    kpis:\n"                                                               /* 11 */
             "      - {code: a, name: 銷售額 A, weight: 40, score: computed, source: revenue, "
             "target: 5}\n"                                                              /* 12 */
             "      - {code: b, name: B, weight: 40, score: computed, source: leads}\n"  /* 13 */
             "      - {code: c, name: C, weight: 15, score: rated_5, target: 5, rated_by: [boss]}\n"
             "  - code: office\n"                                                        /* 15 */
             "    name: Office\n"                                                        /* 16 */
             "    kpis: [{code: a, name: A, weight: 100, score: rated_5, rated_by: [self]}]\n"
             "    roles: [rep, ceo]\n"                                                   /* 18 */
             "bonus_base: 5000\n"                                                        /* 19 */
             "grades:\n"                                                                 /* 20 */
             "  - {grade: A, min: 60, target_pct: 50}\n"                                 /* 21 */
             "  - {grade: B, min: 75, target_pct: 30}\n"                                 /* 22 */
             "  - {grade: C, min: 10, target_pct: 10}\n"                                 /* 23 */
             "improvement_after: 2\n"                                                    /* 24 */
             "escalation_after: 2\n"                                                     /* 25 */
             "colour: red\n",                                                            /* 26 */
             want);
}

/* Every source bizdesk computes is documented in bizdesk-policy(5) with
 * the help text the code has. */
static void test_man_page_lists_sources(void **state)
{
    (void)state;
    FILE *f = fopen(BD_SRCDIR "/man/bizdesk-policy.5", "r");
    assert_non_null(f);
    static char text[1 << 17];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_non_null(strstr(text, ".SH PERFORMANCE.YAML\n"));
    char want[256];
    for (int s = 0; s < KPI_SOURCE_COUNT; s++) {
        snprintf(want, sizeof want, ".TP\n.B %s\n%s", policy_kpi_source_name((policy_kpi_source)s),
                 policy_kpi_source_help((policy_kpi_source)s));
        if (!strstr(text, want))
            fail_msg("man page lacks: %s", want);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_loads),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_minimal_and_defaults),
        cmocka_unit_test(test_annual_rule),
        cmocka_unit_test(test_all_keys_at_their_bounds),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_rater_weights),
        cmocka_unit_test(test_weights_total_100),
        cmocka_unit_test(test_computed_kpis),
        cmocka_unit_test(test_rated_kpis),
        cmocka_unit_test(test_rater_with_no_weight),
        cmocka_unit_test(test_kpi_and_template_lists),
        cmocka_unit_test(test_role_in_two_templates),
        cmocka_unit_test(test_unknown_role),
        cmocka_unit_test(test_grades_fall),
        cmocka_unit_test(test_grade_values),
        cmocka_unit_test(test_target_pct),
        cmocka_unit_test(test_bonus_base),
        cmocka_unit_test(test_streaks),
        cmocka_unit_test(test_honours),
        cmocka_unit_test(test_many_mistakes),
        cmocka_unit_test(test_man_page_lists_sources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
