/* The store's claim tables (migration 006) on a real temporary SQLite file:
 * budget periods, budgets with what approved and paid claims spent against
 * them, budget adjustments and change requests, pre-approvals and what was
 * claimed on them, claims with their lines (the total always the sum of
 * the lines), the invoice and per-day checks, visibility, optimistic
 * updates, and the users' bank accounts.  Users and customers are made
 * through the store itself, so these tests need no policy. */
#include <sqlite3.h>

#include "unit.h"
#include "unit_store.h"

#include "store.h"

/* ---- Fixture ----------------------------------------------------------------
 * sales: boss (manager) <- sup (supervisor) <- rep1, rep2;
 * marketing: mk1; finance: fin, fin2.  Customer: acme (rep1), class B. */

typedef struct fx {
    char *dir;
    char *path;
    store *s;
    int64_t boss, sup, rep1, rep2, mk1, fin, fin2;
    int64_t acme;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (unit_db_open(&f->dir, &f->path, &f->s) != 0)
        return -1;
    unit_team t;
    unit_add_team(f->s, &t);
    f->boss = t.boss, f->sup = t.sup, f->rep1 = t.rep1, f->rep2 = t.rep2, f->fin = t.fin;
    f->mk1 = unit_add_user(f->s, "liu.yang", "劉洋", "marketing", "rep", 0);
    f->fin2 = unit_add_user(f->s, "sun.li", "孫麗", "finance", "finance", 0);
    f->acme = unit_add_customer(f->s, "Acme Ltd", f->rep1);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    unit_db_close(&f->dir, &f->path, &f->s);
    free(f);
    return 0;
}

/* The claim's stored total and the sum of its lines, each by its own
 * query. */
static void assert_total(fx *f, int64_t claim, int64_t want)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT total FROM claims WHERE id = %lld", (long long)claim);
    int64_t total = unit_raw_int(f->path, sql);
    snprintf(sql, sizeof sql, "SELECT coalesce(sum(amount), 0) FROM claim_lines "
                              "WHERE claim_id = %lld", (long long)claim);
    int64_t sum = unit_raw_int(f->path, sql);
    assert_int_equal(total, sum);
    assert_int_equal(total, want);
}

static int64_t new_claim(fx *f, int64_t author, const char *title)
{
    store_claim c = {.author_id = author};
    bd_strlcpy(c.title, title, sizeof c.title);
    bd_err e = {0};
    if (store_claim_insert(f->s, &c, &e) != BD_OK)
        fail_msg("new_claim %s: %s", title, e.msg);
    return c.id;
}

static store_claim_line line(int64_t claim, const char *date, const char *category,
                             int64_t amount)
{
    store_claim_line l = {.claim_id = claim, .amount = amount};
    bd_strlcpy(l.on_date, date, sizeof l.on_date);
    bd_strlcpy(l.category, category, sizeof l.category);
    bd_strlcpy(l.reason, "client visit", sizeof l.reason);
    return l;
}

static int add_line(fx *f, int64_t claim, const char *date, const char *category,
                    int64_t amount)
{
    store_claim_line l = line(claim, date, category, amount);
    bd_err e = {0};
    if (store_claim_line_add(f->s, &l, &e) != BD_OK)
        fail_msg("add_line: %s", e.msg);
    return l.lineno;
}

/* Move a claim to state as the engine would (reads it first for the
 * version). */
static void set_state(fx *f, int64_t claim, const char *state)
{
    store_claim c;
    bd_err e = {0};
    if (store_claim_get(f->s, NULL, claim, &c, &e) != BD_OK)
        fail_msg("set_state get: %s", e.msg);
    bd_strlcpy(c.state, state, sizeof c.state);
    if (store_claim_update(f->s, &c, &e) != BD_OK)
        fail_msg("set_state %s: %s", state, e.msg);
}

/* ---- Periods ------------------------------------------------------------------ */

static void check_period(const char *period, const char *from, const char *to)
{
    char a[11] = "x", b[11] = "x";
    assert_true(store_period_range(period, a, b));
    assert_string_equal(a, from);
    assert_string_equal(b, to);
}

static void test_period_range(void **state)
{
    (void)state;
    check_period("2026", "2026-01-01", "2026-12-31");
    check_period("2026-Q1", "2026-01-01", "2026-03-31");
    check_period("2026-Q2", "2026-04-01", "2026-06-30");
    check_period("2026-Q3", "2026-07-01", "2026-09-30");
    check_period("2026-Q4", "2026-10-01", "2026-12-31");
    check_period("2026-02", "2026-02-01", "2026-02-28");
    check_period("2024-02", "2024-02-01", "2024-02-29");
    check_period("2000-02", "2000-02-01", "2000-02-29");
    check_period("2100-02", "2100-02-01", "2100-02-28");
    check_period("2026-04", "2026-04-01", "2026-04-30");
    check_period("2026-12", "2026-12-01", "2026-12-31");
    check_period("2026-01", "2026-01-01", "2026-01-31");

    static const char *const bad[] = {
        "", "26", "202", "20266", "2026-", "2026-Q", "2026-Q0", "2026-Q5", "2026-q1",
        "2026Q1", "2026-00", "2026-13", "2026-1", "2026-001", "2026-02-01", "abcd",
        "2026-1a", "0999", " 2026", "2026 ", "2026-Q12",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char a[11], b[11];
        if (store_period_range(bad[i], a, b))
            fail_msg("'%s' was taken for a period", bad[i]);
    }
    char a[11], b[11];
    assert_false(store_period_range(NULL, a, b));
}

/* ---- Budgets ------------------------------------------------------------------ */

static store_budget budget(const char *dept, const char *category, const char *period,
                           int64_t amount)
{
    store_budget b = {.amount = amount};
    bd_strlcpy(b.department, dept, sizeof b.department);
    bd_strlcpy(b.category, category, sizeof b.category);
    bd_strlcpy(b.period, period, sizeof b.period);
    return b;
}

static int64_t put_budget(fx *f, const char *dept, const char *category, const char *period,
                          int64_t amount)
{
    store_budget b = budget(dept, category, period, amount);
    bd_err e = {0};
    if (store_budget_put(f->s, &b, &e) != BD_OK)
        fail_msg("put_budget: %s", e.msg);
    return b.id;
}

static void test_budget_put_find(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_budget b = budget("sales", "travel", "2026-Q2", 500000);
    bd_strlcpy(b.updated_at, "2026-03-01T08:00:00Z", sizeof b.updated_at);
    assert_int_equal(store_budget_put(f->s, &b, &e), BD_OK);
    assert_true(b.id > 0);
    assert_int_equal(b.version, 1);
    int64_t id = b.id;

    store_budget g;
    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026-Q2", &g, &e), BD_OK);
    assert_int_equal(g.id, id);
    assert_int_equal(g.amount, 500000);
    assert_int_equal(g.committed, 0);
    assert_int_equal(g.paid, 0);
    assert_string_equal(g.updated_at, "2026-03-01T08:00:00Z");
    assert_string_equal(g.period, "2026-Q2");

    /* The same key again changes the amount of the same budget. */
    b = budget("sales", "travel", "2026-Q2", 0);
    bd_strlcpy(b.updated_at, "2026-03-02T08:00:00Z", sizeof b.updated_at);
    assert_int_equal(store_budget_put(f->s, &b, &e), BD_OK);
    assert_int_equal(b.id, id);
    assert_int_equal(b.version, 2);
    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026-Q2", &g, &e), BD_OK);
    assert_int_equal(g.amount, 0);
    assert_string_equal(g.updated_at, "2026-03-02T08:00:00Z");
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM budgets"), 1);

    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026-Q3", &g, &e),
                     BD_ERR_NOTFOUND);
    assert_string_equal(e.msg, "no budget for sales/travel/2026-Q3");
    assert_int_equal(store_budget_find(f->s, "sales", "meals", "2026-Q2", &g, &e),
                     BD_ERR_NOTFOUND);

    b = budget("sales", "travel", "2026-Q2", -1);
    assert_int_equal(store_budget_put(f->s, &b, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "below 0"));
    b = budget("sales", "travel", "2026-Q5", 1);
    assert_int_equal(store_budget_put(f->s, &b, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "2026-Q5"));
    b = budget("", "travel", "2026", 1);
    assert_int_equal(store_budget_put(f->s, &b, &e), BD_ERR_INVALID);
    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026-Q2", &g, &e), BD_OK);
    assert_int_equal(g.amount, 0);
}

/* Claims of every state in sales and one in marketing; budgets of several
 * periods.  What counts: approved lines as committed, paid lines as paid,
 * of the budget's department and category, dated within its period. */
static void test_budget_spend(void **state)
{
    fx *f = *state;
    bd_err e = {0};

    int64_t draft = new_claim(f, f->rep1, "draft");
    add_line(f, draft, "2026-05-10", "travel", 100);

    int64_t review = new_claim(f, f->rep1, "in review");
    add_line(f, review, "2026-05-11", "travel", 200);
    set_state(f, review, "in_review");

    int64_t approved = new_claim(f, f->rep2, "approved");
    add_line(f, approved, "2026-06-30", "travel", 300); /* last day of Q2 */
    add_line(f, approved, "2026-07-01", "travel", 400); /* first day of Q3 */
    add_line(f, approved, "2026-05-12", "meals", 50);
    set_state(f, approved, "approved");

    int64_t approved2 = new_claim(f, f->sup, "approved too");
    add_line(f, approved2, "2026-05-31", "travel", 30);
    set_state(f, approved2, "approved");

    int64_t paid = new_claim(f, f->rep1, "paid");
    add_line(f, paid, "2026-04-01", "travel", 1000);
    add_line(f, paid, "2025-12-31", "travel", 7); /* the year before */
    set_state(f, paid, "approved");
    set_state(f, paid, "paid");

    int64_t withdrawn = new_claim(f, f->rep1, "withdrawn");
    add_line(f, withdrawn, "2026-05-13", "travel", 5000);
    set_state(f, withdrawn, "withdrawn");

    int64_t rejected = new_claim(f, f->rep1, "rejected");
    add_line(f, rejected, "2026-05-14", "travel", 60000);
    set_state(f, rejected, "rejected");

    int64_t marketing = new_claim(f, f->mk1, "marketing");
    add_line(f, marketing, "2026-05-15", "travel", 20000);
    set_state(f, marketing, "approved");

    put_budget(f, "sales", "travel", "2026", 100000);
    put_budget(f, "sales", "travel", "2026-Q2", 40000);
    put_budget(f, "sales", "travel", "2026-Q3", 40000);
    put_budget(f, "sales", "travel", "2026-05", 9000);
    put_budget(f, "sales", "travel", "2026-06", 9000);
    put_budget(f, "sales", "meals", "2026", 5000);
    put_budget(f, "marketing", "travel", "2026", 70000);
    put_budget(f, "sales", "travel", "2025", 1);
    put_budget(f, "sales", "travel", "2027", 1);

    store_budget rows[16];
    int n = -1;
    assert_int_equal(store_budget_list(f->s, "2026", NULL, rows, 16, &n, &e), BD_OK);
    assert_int_equal(n, 7);
    static const struct {
        const char *dept, *category, *period;
        int64_t amount, committed, paid;
    } want[] = {
        {"marketing", "travel", "2026", 70000, 20000, 0},
        {"sales", "meals", "2026", 5000, 50, 0},
        {"sales", "travel", "2026", 100000, 300 + 400 + 30, 1000},
        {"sales", "travel", "2026-05", 9000, 30, 0},
        {"sales", "travel", "2026-06", 9000, 300, 0},
        {"sales", "travel", "2026-Q2", 40000, 300 + 30, 1000},
        {"sales", "travel", "2026-Q3", 40000, 400, 0},
    };
    for (int i = 0; i < n; i++) {
        assert_string_equal(rows[i].department, want[i].dept);
        assert_string_equal(rows[i].category, want[i].category);
        assert_string_equal(rows[i].period, want[i].period);
        assert_int_equal(rows[i].amount, want[i].amount);
        if (rows[i].committed != want[i].committed || rows[i].paid != want[i].paid)
            fail_msg("%s/%s/%s: committed %lld paid %lld, want %lld %lld", want[i].dept,
                     want[i].category, want[i].period, (long long)rows[i].committed,
                     (long long)rows[i].paid, (long long)want[i].committed,
                     (long long)want[i].paid);
        assert_int_equal(rows[i].version, 1);
    }

    assert_int_equal(store_budget_list(f->s, "2026", "sales", rows, 16, &n, &e), BD_OK);
    assert_int_equal(n, 6);
    assert_string_equal(rows[0].category, "meals");
    assert_int_equal(store_budget_list(f->s, "2026", "finance", rows, 16, &n, &e), BD_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_budget_list(f->s, "2026", NULL, rows, 2, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[1].category, "meals");
    assert_int_equal(store_budget_list(f->s, "2025", NULL, rows, 16, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].paid, 7);
    assert_int_equal(rows[0].committed, 0);
    assert_int_equal(store_budget_list(f->s, "26", NULL, rows, 16, &n, &e), BD_ERR_INVALID);
    assert_int_equal(store_budget_list(f->s, "2026-Q1", NULL, rows, 16, &n, &e),
                     BD_ERR_INVALID);

    /* find fills the same sums. */
    store_budget g;
    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026-Q2", &g, &e), BD_OK);
    assert_int_equal(g.committed, 330);
    assert_int_equal(g.paid, 1000);

    /* The spend of a range: in review, approved, paid; one claim left out. */
    store_spend sp;
    assert_int_equal(store_claim_spend(f->s, "sales", "travel", "2026-04-01", "2026-06-30", 0,
                                       &sp, &e), BD_OK);
    assert_int_equal(sp.in_review, 200);
    assert_int_equal(sp.committed, 330);
    assert_int_equal(sp.paid, 1000);
    assert_int_equal(store_claim_spend(f->s, "sales", "travel", "2026-04-01", "2026-06-30",
                                       approved, &sp, &e), BD_OK);
    assert_int_equal(sp.committed, 30);
    assert_int_equal(store_claim_spend(f->s, "sales", "travel", "2026-04-01", "2026-06-30",
                                       review, &sp, &e), BD_OK);
    assert_int_equal(sp.in_review, 0);
    assert_int_equal(store_claim_spend(f->s, "marketing", "travel", "2026-01-01", "2026-12-31",
                                       0, &sp, &e), BD_OK);
    assert_int_equal(sp.committed, 20000);
    assert_int_equal(sp.in_review + sp.paid, 0);
    assert_int_equal(store_claim_spend(f->s, "sales", "hotel", "2026-01-01", "2026-12-31", 0,
                                       &sp, &e), BD_OK);
    assert_int_equal(sp.in_review + sp.committed + sp.paid, 0);

    /* Paying the approved claim moves its lines from committed to paid. */
    set_state(f, approved, "paid");
    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026", &g, &e), BD_OK);
    assert_int_equal(g.committed, 30);
    assert_int_equal(g.paid, 1700);
}

static void test_budget_adjust(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_budget g;
    /* None yet: inserted at the delta. */
    assert_int_equal(store_budget_adjust(f->s, "sales", "travel", "2026-Q2", 50000,
                                         "2026-04-02T09:00:00Z", &e), BD_OK);
    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026-Q2", &g, &e), BD_OK);
    assert_int_equal(g.amount, 50000);
    assert_int_equal(g.version, 1);
    assert_string_equal(g.updated_at, "2026-04-02T09:00:00Z");

    assert_int_equal(store_budget_adjust(f->s, "sales", "travel", "2026-Q2", 20000, NULL, &e),
                     BD_OK);
    assert_int_equal(store_budget_adjust(f->s, "sales", "travel", "2026-Q2", -70000,
                                         "2026-04-03T09:00:00Z", &e), BD_OK);
    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026-Q2", &g, &e), BD_OK);
    assert_int_equal(g.amount, 0);
    assert_int_equal(g.version, 3);
    assert_string_equal(g.updated_at, "2026-04-03T09:00:00Z");

    /* Below zero: refused, naming the budget; nothing changes. */
    assert_int_equal(store_budget_adjust(f->s, "sales", "travel", "2026-Q2", -1, NULL, &e),
                     BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "sales/travel/2026-Q2"));
    assert_non_null(strstr(e.msg, "below 0"));
    assert_int_equal(store_budget_find(f->s, "sales", "travel", "2026-Q2", &g, &e), BD_OK);
    assert_int_equal(g.amount, 0);
    assert_int_equal(g.version, 3);
    /* ...also when there is no budget at all. */
    assert_int_equal(store_budget_adjust(f->s, "marketing", "meals", "2026", -500, NULL, &e),
                     BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "marketing/meals/2026"));
    assert_int_equal(store_budget_find(f->s, "marketing", "meals", "2026", &g, &e),
                     BD_ERR_NOTFOUND);
    assert_int_equal(store_budget_adjust(f->s, "sales", "travel", "2026-Q9", 1, NULL, &e),
                     BD_ERR_INVALID);
    assert_int_equal(store_budget_adjust(f->s, "sales", "travel", "2026-Q2", INT64_MIN, NULL,
                                         &e), BD_ERR_INVALID);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM budgets"), 1);
}

static void test_budget_changes(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_budget_change c = {.delta = 150000, .author_id = f->boss};
    bd_strlcpy(c.department, "sales", sizeof c.department);
    bd_strlcpy(c.category, "travel", sizeof c.category);
    bd_strlcpy(c.period, "2026-Q3", sizeof c.period);
    bd_strlcpy(c.reason, "trade fair in Shenzhen", sizeof c.reason);
    bd_strlcpy(c.created_at, "2026-06-01T09:00:00Z", sizeof c.created_at);
    assert_int_equal(store_budget_change_insert(f->s, &c, &e), BD_OK);
    assert_true(c.id > 0);
    assert_int_equal(c.version, 1);
    assert_string_equal(c.state, "in_review");
    assert_int_equal(c.review_round, 1);

    store_budget_change lower = c;
    lower.delta = -20000;
    lower.created_at[0] = '\0';
    bd_strlcpy(lower.category, "meals", sizeof lower.category);
    assert_int_equal(store_budget_change_insert(f->s, &lower, &e), BD_OK);
    assert_true(lower.id > c.id);
    assert_string_not_equal(lower.created_at, "");

    store_budget_change g;
    assert_int_equal(store_budget_change_get(f->s, c.id, &g, &e), BD_OK);
    assert_string_equal(g.author_login, "li.na");
    assert_string_equal(g.department, "sales");
    assert_string_equal(g.category, "travel");
    assert_string_equal(g.period, "2026-Q3");
    assert_int_equal(g.delta, 150000);
    assert_string_equal(g.reason, "trade fair in Shenzhen");
    assert_string_equal(g.state, "in_review");
    assert_int_equal(g.review_step, 0);
    assert_int_equal(g.review_round, 1);
    assert_string_equal(g.created_at, "2026-06-01T09:00:00Z");
    assert_int_equal(g.version, 1);

    /* Two deciders on the same version: the second one conflicts. */
    store_budget_change other = g;
    g.review_step = 1;
    assert_int_equal(store_budget_change_update(f->s, &g, &e), BD_OK);
    assert_int_equal(g.version, 2);
    bd_strlcpy(other.state, "rejected", sizeof other.state);
    assert_int_equal(store_budget_change_update(f->s, &other, &e), BD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "moved on"));
    assert_int_equal(other.version, 1);
    bd_strlcpy(g.state, "approved", sizeof g.state);
    assert_int_equal(store_budget_change_update(f->s, &g, &e), BD_OK);
    assert_int_equal(store_budget_change_get(f->s, c.id, &g, &e), BD_OK);
    assert_string_equal(g.state, "approved");
    assert_int_equal(g.review_step, 1);
    assert_int_equal(g.version, 3);
    bd_strlcpy(g.state, "bogus", sizeof g.state);
    assert_int_equal(store_budget_change_update(f->s, &g, &e), BD_ERR_INVALID);

    store_budget_change rows[4];
    int n = -1;
    assert_int_equal(store_budget_change_list(f->s, NULL, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, lower.id); /* newest first */
    assert_int_equal(rows[1].id, c.id);
    assert_string_equal(rows[0].author_login, "li.na");
    assert_int_equal(store_budget_change_list(f->s, "in_review", rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, lower.id);
    assert_int_equal(store_budget_change_list(f->s, "approved", rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, c.id);
    assert_int_equal(store_budget_change_list(f->s, NULL, rows, 1, &n, &e), BD_OK);
    assert_int_equal(n, 1);

    assert_int_equal(store_budget_change_get(f->s, 9999, &g, &e), BD_ERR_NOTFOUND);
    store_budget_change zero = c;
    zero.delta = 0;
    assert_int_equal(store_budget_change_insert(f->s, &zero, &e), BD_ERR_INVALID);
    store_budget_change badp = c;
    bd_strlcpy(badp.period, "2026-13", sizeof badp.period);
    assert_int_equal(store_budget_change_insert(f->s, &badp, &e), BD_ERR_INVALID);
}

/* ---- Pre-approvals ------------------------------------------------------------ */

static void test_preapprovals(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_preapproval p = {.author_id = f->rep1, .customer_id = f->acme, .estimate = 80000};
    bd_strlcpy(p.reason, "dinner after the demo", sizeof p.reason);
    bd_strlcpy(p.on_date, "2026-05-20", sizeof p.on_date);
    bd_strlcpy(p.place, "北京飯店", sizeof p.place);
    bd_strlcpy(p.participants, "Acme CTO, CFO; wang.fang", sizeof p.participants);
    bd_strlcpy(p.created_at, "2026-05-18T10:00:00Z", sizeof p.created_at);
    assert_int_equal(store_preapproval_insert(f->s, &p, &e), BD_OK);
    assert_true(p.id > 0);
    assert_int_equal(p.version, 1);
    assert_string_equal(p.state, "in_review");
    assert_string_equal(p.department, "sales"); /* the author's */

    store_preapproval plain = {.author_id = f->rep2, .estimate = 1000};
    bd_strlcpy(plain.department, "sales", sizeof plain.department);
    bd_strlcpy(plain.reason, "team lunch", sizeof plain.reason);
    bd_strlcpy(plain.on_date, "2026-05-21", sizeof plain.on_date);
    bd_strlcpy(plain.place, "canteen", sizeof plain.place);
    bd_strlcpy(plain.participants, "team", sizeof plain.participants);
    assert_int_equal(store_preapproval_insert(f->s, &plain, &e), BD_OK);

    store_preapproval g;
    assert_int_equal(store_preapproval_get(f->s, NULL, p.id, &g, &e), BD_OK);
    assert_string_equal(g.author_login, "wang.fang");
    assert_int_equal(g.customer_id, f->acme);
    assert_string_equal(g.company, "Acme Ltd");
    assert_string_equal(g.class_code, "B");
    assert_string_equal(g.place, "北京飯店");
    assert_int_equal(g.estimate, 80000);
    assert_int_equal(g.used, 0);
    assert_string_equal(g.created_at, "2026-05-18T10:00:00Z");
    assert_int_equal(store_preapproval_get(f->s, NULL, plain.id, &g, &e), BD_OK);
    assert_int_equal(g.customer_id, 0);
    assert_string_equal(g.company, "");
    assert_string_equal(g.class_code, "");

    /* used: lines citing it, on claims not withdrawn. */
    int64_t c1 = new_claim(f, f->rep1, "dinner");
    store_claim_line l = line(c1, "2026-05-20", "entertainment", 30000);
    l.preapproval_id = p.id;
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    l = line(c1, "2026-05-20", "entertainment", 5000); /* not citing it */
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    int64_t c2 = new_claim(f, f->rep1, "dinner, part 2");
    l = line(c2, "2026-05-20", "entertainment", 20000);
    l.preapproval_id = p.id;
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    set_state(f, c2, "approved");
    int64_t c3 = new_claim(f, f->rep1, "dinner, withdrawn");
    l = line(c3, "2026-05-20", "entertainment", 70000);
    l.preapproval_id = p.id;
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    set_state(f, c3, "withdrawn");
    l = line(c1, "2026-05-20", "entertainment", 1);
    l.preapproval_id = 9999;
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_ERR_INVALID);
    assert_total(f, c1, 35000);

    assert_int_equal(store_preapproval_get(f->s, NULL, p.id, &g, &e), BD_OK);
    assert_int_equal(g.used, 50000);

    /* Visibility through the author. */
    store_viewer own2 = {.user_id = f->rep2, .see = STORE_SEE_OWN, .department = "sales"};
    assert_int_equal(store_preapproval_get(f->s, &own2, p.id, &g, &e), BD_ERR_NOTFOUND);
    assert_int_equal(store_preapproval_get(f->s, &own2, plain.id, &g, &e), BD_OK);
    store_viewer team = {.user_id = f->sup, .see = STORE_SEE_TEAM, .department = "sales"};
    assert_int_equal(store_preapproval_get(f->s, &team, p.id, &g, &e), BD_OK);
    store_viewer mkt = {.user_id = f->mk1, .see = STORE_SEE_DEPARTMENT,
                        .department = "marketing"};
    assert_int_equal(store_preapproval_get(f->s, &mkt, p.id, &g, &e), BD_ERR_NOTFOUND);

    store_preapproval rows[4];
    int n = -1;
    assert_int_equal(store_preapproval_list(f->s, &team, NULL, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, plain.id); /* newest first */
    assert_int_equal(rows[1].used, 50000);
    assert_int_equal(store_preapproval_list(f->s, &own2, NULL, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_preapproval_list(f->s, &mkt, NULL, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 0);

    /* Optimistic updates. */
    assert_int_equal(store_preapproval_get(f->s, NULL, p.id, &g, &e), BD_OK);
    store_preapproval stale = g;
    bd_strlcpy(g.state, "approved", sizeof g.state);
    g.review_step = 2;
    assert_int_equal(store_preapproval_update(f->s, &g, &e), BD_OK);
    assert_int_equal(g.version, 2);
    bd_strlcpy(stale.state, "rejected", sizeof stale.state);
    assert_int_equal(store_preapproval_update(f->s, &stale, &e), BD_ERR_CONFLICT);
    assert_int_equal(store_preapproval_list(f->s, NULL, "approved", rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, p.id);
    assert_int_equal(rows[0].review_step, 2);
    assert_int_equal(store_preapproval_list(f->s, NULL, "rejected", rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

/* ---- Claims ------------------------------------------------------------------- */

static void test_claim_insert_get(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    /* Whatever the caller put there: a new claim is a draft with total 0. */
    store_claim c = {.author_id = f->rep1, .total = 999, .review_step = 3};
    bd_strlcpy(c.state, "paid", sizeof c.state);
    bd_strlcpy(c.title, "五月出差 Shanghai", sizeof c.title);
    bd_strlcpy(c.created_at, "2026-05-02T09:00:00Z", sizeof c.created_at);
    assert_int_equal(store_claim_insert(f->s, &c, &e), BD_OK);
    assert_true(c.id > 0);
    assert_string_equal(c.state, "draft");
    assert_int_equal(c.total, 0);
    assert_int_equal(c.version, 1);
    assert_string_equal(c.department, "sales");
    assert_string_equal(c.updated_at, "2026-05-02T09:00:00Z");

    store_claim g;
    assert_int_equal(store_claim_get(f->s, NULL, c.id, &g, &e), BD_OK);
    assert_string_equal(g.author_login, "wang.fang");
    assert_string_equal(g.author_name, "王芳");
    assert_string_equal(g.department, "sales");
    assert_string_equal(g.title, "五月出差 Shanghai");
    assert_string_equal(g.state, "draft");
    assert_int_equal(g.total, 0);
    assert_int_equal(g.nlines, 0);
    assert_int_equal(g.review_step, 0);
    assert_int_equal(g.review_round, 0);
    assert_string_equal(g.submitted_at, "");
    assert_string_equal(g.paid_on, "");
    assert_int_equal(g.paid_by, 0);
    assert_string_equal(g.created_at, "2026-05-02T09:00:00Z");
    assert_int_equal(g.version, 1);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM claims WHERE state = 'draft' "
                                      "AND total = 0"), 1);

    /* A department given is kept (the claimant's when the claim was made). */
    store_claim m = {.author_id = f->rep1};
    bd_strlcpy(m.department, "marketing", sizeof m.department);
    bd_strlcpy(m.title, "lent out", sizeof m.title);
    assert_int_equal(store_claim_insert(f->s, &m, &e), BD_OK);
    assert_int_equal(store_claim_get(f->s, NULL, m.id, &g, &e), BD_OK);
    assert_string_equal(g.department, "marketing");
    assert_string_not_equal(g.created_at, "");

    assert_int_equal(store_claim_get(f->s, NULL, 9999, &g, &e), BD_ERR_NOTFOUND);
    store_claim nobody = {.author_id = 9999};
    bd_strlcpy(nobody.title, "x", sizeof nobody.title);
    bd_strlcpy(nobody.department, "sales", sizeof nobody.department);
    assert_int_equal(store_claim_insert(f->s, &nobody, &e), BD_ERR_INVALID);
}

/* Add and remove lines: numbers close up, the total is the sum of the
 * lines after every change (checked by a query of its own), each change
 * bumps the claim's version. */
static void test_claim_total(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t c = new_claim(f, f->rep1, "trip");
    assert_total(f, c, 0);

    store_claim_line l = line(c, "2026-05-03", "travel", 12050);
    bd_strlcpy(l.place, "上海", sizeof l.place);
    bd_strlcpy(l.standard, "train", sizeof l.standard);
    bd_strlcpy(l.invoice, "INV-0001", sizeof l.invoice);
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    assert_int_equal(l.lineno, 1);
    assert_int_equal(l.quantity, 1);
    assert_true(l.id > 0);
    assert_total(f, c, 12050);

    l = line(c, "2026-05-03", "hotel", 45000);
    l.quantity = 2;
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    assert_int_equal(l.lineno, 2);
    assert_total(f, c, 57050);
    assert_int_equal(add_line(f, c, "2026-05-04", "meals", 800), 3);
    assert_int_equal(add_line(f, c, "2026-05-05", "taxi", 3300), 4);
    assert_total(f, c, 61150);

    store_claim g;
    assert_int_equal(store_claim_get(f->s, NULL, c, &g, &e), BD_OK);
    assert_int_equal(g.total, 61150);
    assert_int_equal(g.nlines, 4);
    assert_int_equal(g.version, 5); /* 1 + four lines */

    /* Remove the second: 3 and 4 move up. */
    assert_int_equal(store_claim_line_remove(f->s, c, 2, &e), BD_OK);
    assert_total(f, c, 16150);
    store_claim_line rows[8];
    int n = -1;
    assert_int_equal(store_claim_lines(f->s, c, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].lineno, 1);
    assert_int_equal(rows[0].amount, 12050);
    assert_string_equal(rows[0].place, "上海");
    assert_string_equal(rows[0].standard, "train");
    assert_string_equal(rows[0].invoice, "INV-0001");
    assert_string_equal(rows[0].reason, "client visit");
    assert_int_equal(rows[0].claim_id, c);
    assert_int_equal(rows[0].preapproval_id, 0);
    assert_int_equal(rows[1].lineno, 2);
    assert_string_equal(rows[1].category, "meals");
    assert_int_equal(rows[1].amount, 800);
    assert_int_equal(rows[2].lineno, 3);
    assert_string_equal(rows[2].category, "taxi");

    /* The last, then the first. */
    assert_int_equal(store_claim_line_remove(f->s, c, 3, &e), BD_OK);
    assert_total(f, c, 12850);
    assert_int_equal(store_claim_line_remove(f->s, c, 1, &e), BD_OK);
    assert_total(f, c, 800);
    assert_int_equal(store_claim_lines(f->s, c, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].lineno, 1);
    assert_string_equal(rows[0].category, "meals");
    /* A new line follows the last one. */
    assert_int_equal(add_line(f, c, "2026-05-06", "taxi", 1200), 2);
    assert_total(f, c, 2000);

    /* A line that is not there; a claim that is not there. */
    assert_int_equal(store_claim_line_remove(f->s, c, 7, &e), BD_ERR_NOTFOUND);
    char want[64];
    snprintf(want, sizeof want, "claim #%lld has no line 7", (long long)c);
    assert_string_equal(e.msg, want);
    assert_int_equal(store_claim_line_remove(f->s, 9999, 1, &e), BD_ERR_NOTFOUND);
    l = line(9999, "2026-05-03", "travel", 1);
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_ERR_NOTFOUND);
    /* Amounts must be positive; the total does not move. */
    l = line(c, "2026-05-03", "travel", 0);
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_ERR_INVALID);
    l = line(c, "2026-05-03", "travel", -500);
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_ERR_INVALID);
    assert_total(f, c, 2000);

    assert_int_equal(store_claim_get(f->s, NULL, c, &g, &e), BD_OK);
    assert_int_equal(g.nlines, 2);
    assert_int_equal(g.version, 9); /* 5 + three removals + one line; refusals change nothing */

    /* Many lines, removed from the middle one by one. */
    int64_t big = new_claim(f, f->rep2, "many");
    int64_t sum = 0;
    for (int i = 1; i <= 20; i++) {
        add_line(f, big, "2026-05-07", "misc", i * 100);
        sum += i * 100;
    }
    assert_total(f, big, sum);
    for (int k = 0; k < 10; k++) {
        store_claim_line all[20];
        assert_int_equal(store_claim_lines(f->s, big, all, 20, &n, &e), BD_OK);
        int mid = n / 2 + 1;
        sum -= all[mid - 1].amount;
        assert_int_equal(store_claim_line_remove(f->s, big, mid, &e), BD_OK);
        assert_total(f, big, sum);
        assert_int_equal(store_claim_lines(f->s, big, all, 20, &n, &e), BD_OK);
        for (int i = 0; i < n; i++)
            assert_int_equal(all[i].lineno, i + 1);
    }
    assert_total(f, c, 2000); /* the other claim untouched */
}

static void test_claim_lines_locked(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t c = new_claim(f, f->rep1, "trip");
    add_line(f, c, "2026-05-03", "travel", 1000);
    add_line(f, c, "2026-05-04", "travel", 2000);
    set_state(f, c, "in_review");

    store_claim_line l = line(c, "2026-05-05", "travel", 500);
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_ERR_INVALID);
    char want[96];
    snprintf(want, sizeof want, "claim #%lld is in_review; only a draft or rejected claim is "
                                "edited", (long long)c);
    assert_string_equal(e.msg, want);
    assert_int_equal(store_claim_line_remove(f->s, c, 1, &e), BD_ERR_INVALID);
    assert_string_equal(e.msg, want);
    assert_total(f, c, 3000);

    static const char *const locked[] = {"approved", "paid", "withdrawn"};
    for (size_t i = 0; i < sizeof locked / sizeof locked[0]; i++) {
        set_state(f, c, locked[i]);
        assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_ERR_INVALID);
        assert_non_null(strstr(e.msg, locked[i]));
        assert_int_equal(store_claim_line_remove(f->s, c, 2, &e), BD_ERR_INVALID);
    }
    assert_total(f, c, 3000);

    /* Rejected goes back to its author: editable again. */
    set_state(f, c, "rejected");
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    assert_int_equal(store_claim_line_remove(f->s, c, 1, &e), BD_OK);
    assert_total(f, c, 2500);
}

static void test_invoice_seen(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t a = new_claim(f, f->rep1, "a");
    add_line(f, a, "2026-05-03", "travel", 100);
    store_claim_line l = line(a, "2026-05-03", "hotel", 200);
    bd_strlcpy(l.invoice, "FP-2026-001", sizeof l.invoice);
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    int64_t w = new_claim(f, f->rep2, "withdrawn");
    l = line(w, "2026-05-03", "hotel", 200);
    bd_strlcpy(l.invoice, "FP-2026-002", sizeof l.invoice);
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    set_state(f, w, "withdrawn");
    int64_t b = new_claim(f, f->rep2, "b");
    add_line(f, b, "2026-05-03", "travel", 100); /* no invoice: "" */

    int64_t claim = -1;
    int lineno = -1;
    /* Seen on another claim. */
    assert_int_equal(store_invoice_seen(f->s, "FP-2026-001", b, &claim, &lineno, &e), BD_OK);
    assert_int_equal(claim, a);
    assert_int_equal(lineno, 2);
    assert_int_equal(store_invoice_seen(f->s, "FP-2026-001", 0, &claim, &lineno, &e), BD_OK);
    assert_int_equal(claim, a);
    /* Not against the claim itself. */
    assert_int_equal(store_invoice_seen(f->s, "FP-2026-001", a, &claim, &lineno, &e),
                     BD_ERR_NOTFOUND);
    /* Not on a withdrawn claim. */
    assert_int_equal(store_invoice_seen(f->s, "FP-2026-002", b, &claim, &lineno, &e),
                     BD_ERR_NOTFOUND);
    assert_int_equal(store_invoice_seen(f->s, "FP-2026-003", 0, &claim, &lineno, &e),
                     BD_ERR_NOTFOUND);
    /* Lines without an invoice never match. */
    assert_int_equal(store_invoice_seen(f->s, "", 0, &claim, &lineno, &e), BD_ERR_NOTFOUND);
    assert_int_equal(store_invoice_seen(f->s, "", b, &claim, &lineno, &e), BD_ERR_NOTFOUND);
    assert_int_equal(store_invoice_seen(f->s, NULL, 0, &claim, &lineno, &e), BD_ERR_NOTFOUND);

    /* Withdrawn, but on a second live claim it is seen again. */
    int64_t c2 = new_claim(f, f->rep2, "again");
    l = line(c2, "2026-05-03", "hotel", 200);
    bd_strlcpy(l.invoice, "FP-2026-002", sizeof l.invoice);
    assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
    assert_int_equal(store_invoice_seen(f->s, "FP-2026-002", b, &claim, &lineno, &e), BD_OK);
    assert_int_equal(claim, c2);
    assert_int_equal(lineno, 1);
}

static void test_day_spend(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    struct {
        int64_t author;
        const char *state, *standard, *date;
        int64_t amount;
    } lines[] = {
        {f->rep1, NULL, "meal_allowance", "2026-05-01", 100},
        {f->rep1, "approved", "meal_allowance", "2026-05-01", 200},
        {f->rep1, "paid", "meal_allowance", "2026-05-01", 400},
        {f->rep1, "withdrawn", "meal_allowance", "2026-05-01", 999},
        {f->rep1, NULL, "meal_allowance", "2026-05-02", 50},
        {f->rep1, NULL, "hotel_tier1", "2026-05-01", 70},
        {f->rep2, NULL, "meal_allowance", "2026-05-01", 80},
    };
    int64_t ids[7];
    for (int i = 0; i < 7; i++) {
        ids[i] = new_claim(f, lines[i].author, "day");
        store_claim_line l = line(ids[i], lines[i].date, "meals", lines[i].amount);
        bd_strlcpy(l.standard, lines[i].standard, sizeof l.standard);
        assert_int_equal(store_claim_line_add(f->s, &l, &e), BD_OK);
        if (lines[i].state && strcmp(lines[i].state, "paid") == 0)
            set_state(f, ids[i], "approved");
        if (lines[i].state)
            set_state(f, ids[i], lines[i].state);
    }
    int64_t sum = -1;
    assert_int_equal(store_claim_day_spend(f->s, f->rep1, "meal_allowance", "2026-05-01", 0,
                                           &sum, &e), BD_OK);
    assert_int_equal(sum, 700);
    assert_int_equal(store_claim_day_spend(f->s, f->rep1, "meal_allowance", "2026-05-01",
                                           ids[0], &sum, &e), BD_OK);
    assert_int_equal(sum, 600);
    assert_int_equal(store_claim_day_spend(f->s, f->rep1, "meal_allowance", "2026-05-02", 0,
                                           &sum, &e), BD_OK);
    assert_int_equal(sum, 50);
    assert_int_equal(store_claim_day_spend(f->s, f->rep2, "meal_allowance", "2026-05-01", 0,
                                           &sum, &e), BD_OK);
    assert_int_equal(sum, 80);
    assert_int_equal(store_claim_day_spend(f->s, f->rep1, "hotel_tier1", "2026-05-01", 0, &sum,
                                           &e), BD_OK);
    assert_int_equal(sum, 70);
    assert_int_equal(store_claim_day_spend(f->s, f->sup, "meal_allowance", "2026-05-01", 0,
                                           &sum, &e), BD_OK);
    assert_int_equal(sum, 0);
}

static void test_claim_visibility(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t r1a = new_claim(f, f->rep1, "rep1 a");
    int64_t r2 = new_claim(f, f->rep2, "rep2");
    int64_t sp = new_claim(f, f->sup, "sup");
    int64_t bs = new_claim(f, f->boss, "boss");
    int64_t mk = new_claim(f, f->mk1, "marketing");
    int64_t r1b = new_claim(f, f->rep1, "rep1 b");
    set_state(f, r2, "in_review");
    set_state(f, r1a, "in_review");
    set_state(f, mk, "in_review");

    store_claim c;
    store_viewer own = {.user_id = f->rep1, .see = STORE_SEE_OWN, .department = "sales"};
    assert_int_equal(store_claim_get(f->s, &own, r1a, &c, &e), BD_OK);
    assert_int_equal(store_claim_get(f->s, &own, r2, &c, &e), BD_ERR_NOTFOUND);
    char want[64];
    snprintf(want, sizeof want, "no claim #%lld that you may see", (long long)r2);
    assert_string_equal(e.msg, want);
    store_viewer team = {.user_id = f->sup, .see = STORE_SEE_TEAM, .department = "sales"};
    assert_int_equal(store_claim_get(f->s, &team, r2, &c, &e), BD_OK);
    assert_int_equal(store_claim_get(f->s, &team, bs, &c, &e), BD_ERR_NOTFOUND);
    store_viewer dept = {.user_id = f->mk1, .see = STORE_SEE_DEPARTMENT,
                         .department = "marketing"};
    assert_int_equal(store_claim_get(f->s, &dept, mk, &c, &e), BD_OK);
    assert_int_equal(store_claim_get(f->s, &dept, r1a, &c, &e), BD_ERR_NOTFOUND);
    store_viewer all = {.user_id = f->fin, .see = STORE_SEE_ALL, .department = "finance"};
    assert_int_equal(store_claim_get(f->s, &all, bs, &c, &e), BD_OK);
    assert_int_equal(store_claim_get(f->s, &all, 9999, &c, &e), BD_ERR_NOTFOUND);

    store_claim rows[10];
    int n = -1;
    store_claim_query q = {.viewer = own, .limit = 10};
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, r1b); /* newest first */
    assert_int_equal(rows[1].id, r1a);
    assert_string_equal(rows[0].author_login, "wang.fang");

    q.viewer = team;
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 4);
    assert_int_equal(rows[0].id, r1b);
    assert_int_equal(rows[1].id, sp);
    assert_int_equal(rows[2].id, r2);
    assert_int_equal(rows[3].id, r1a);
    q.viewer = (store_viewer){.user_id = f->boss, .see = STORE_SEE_TEAM, .department = "sales"};
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 5);
    q.viewer = (store_viewer){.user_id = f->boss, .see = STORE_SEE_DEPARTMENT,
                              .department = "sales"};
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 5);
    q.viewer = dept;
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, mk);
    q.viewer = (store_viewer){.user_id = f->fin, .see = STORE_SEE_DEPARTMENT,
                              .department = "finance"};
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0);
    q.viewer = all;
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 6);

    /* Filters and the limit, within the reach. */
    q.state = "in_review";
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, mk);
    q.viewer = team;
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    q.state = NULL;
    q.author_id = f->rep2;
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, r2);
    q.viewer = own;
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0); /* rep2's, outside rep1's reach */
    q.author_id = 0;
    q.limit = 1;
    assert_int_equal(store_claim_list(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, r1b);

    /* The queue: every author, oldest first. */
    assert_int_equal(store_claims_in_state(f->s, "in_review", rows, 10, &n, &e), BD_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, r1a);
    assert_int_equal(rows[1].id, r2);
    assert_int_equal(rows[2].id, mk);
    assert_int_equal(store_claims_in_state(f->s, "in_review", rows, 2, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(store_claims_in_state(f->s, "paid", rows, 10, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

/* Two clerks open the same approved claim and both press "pay": the
 * second finds it moved on. */
static void test_claim_pay_conflict(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t id = new_claim(f, f->rep1, "trip");
    add_line(f, id, "2026-05-03", "travel", 12000);
    set_state(f, id, "approved");

    store_claim one, two;
    assert_int_equal(store_claim_get(f->s, NULL, id, &one, &e), BD_OK);
    assert_int_equal(store_claim_get(f->s, NULL, id, &two, &e), BD_OK);
    int64_t v = one.version;

    bd_strlcpy(one.state, "paid", sizeof one.state);
    bd_strlcpy(one.paid_on, "2026-05-20", sizeof one.paid_on);
    bd_strlcpy(one.pay_method, "transfer", sizeof one.pay_method);
    bd_strlcpy(one.pay_reference, "BOC-778812", sizeof one.pay_reference);
    bd_strlcpy(one.pay_account, "6222 0000 1111", sizeof one.pay_account);
    bd_strlcpy(one.updated_at, "2026-05-20T10:00:00Z", sizeof one.updated_at);
    one.paid_by = f->fin;
    one.total = 1; /* not the store's to take from the caller */
    assert_int_equal(store_claim_update(f->s, &one, &e), BD_OK);
    assert_int_equal(one.version, v + 1);
    assert_int_equal(one.total, 12000);

    bd_strlcpy(two.state, "paid", sizeof two.state);
    bd_strlcpy(two.paid_on, "2026-05-21", sizeof two.paid_on);
    bd_strlcpy(two.pay_method, "cash", sizeof two.pay_method);
    two.paid_by = f->fin2;
    assert_int_equal(store_claim_update(f->s, &two, &e), BD_ERR_CONFLICT);
    char want[80];
    snprintf(want, sizeof want, "claim #%lld was changed by someone else; reload", (long long)id);
    assert_string_equal(e.msg, want);

    store_claim g;
    assert_int_equal(store_claim_get(f->s, NULL, id, &g, &e), BD_OK);
    assert_string_equal(g.state, "paid");
    assert_string_equal(g.paid_on, "2026-05-20");
    assert_string_equal(g.pay_method, "transfer");
    assert_string_equal(g.pay_reference, "BOC-778812");
    assert_string_equal(g.pay_account, "6222 0000 1111");
    assert_int_equal(g.paid_by, f->fin);
    assert_string_equal(g.updated_at, "2026-05-20T10:00:00Z");
    assert_int_equal(g.total, 12000);
    assert_int_equal(g.nlines, 1);
    assert_int_equal(g.version, v + 1);

    /* The title and the engine's fields; updated_at "" takes the clock. */
    bd_strlcpy(g.title, "trip (corrected)", sizeof g.title);
    bd_strlcpy(g.submitted_at, "2026-05-04T08:00:00Z", sizeof g.submitted_at);
    bd_strlcpy(g.approved_at, "2026-05-10T08:00:00Z", sizeof g.approved_at);
    g.review_step = 2;
    g.review_round = 1;
    g.updated_at[0] = '\0';
    assert_int_equal(store_claim_update(f->s, &g, &e), BD_OK);
    assert_string_not_equal(g.updated_at, "");
    store_claim h;
    assert_int_equal(store_claim_get(f->s, NULL, id, &h, &e), BD_OK);
    assert_string_equal(h.title, "trip (corrected)");
    assert_string_equal(h.submitted_at, "2026-05-04T08:00:00Z");
    assert_string_equal(h.approved_at, "2026-05-10T08:00:00Z");
    assert_int_equal(h.review_step, 2);
    assert_int_equal(h.review_round, 1);
    assert_string_equal(h.updated_at, g.updated_at);
    assert_int_equal(h.version, g.version);

    /* A state the schema does not know. */
    bd_strlcpy(h.state, "lost", sizeof h.state);
    assert_int_equal(store_claim_update(f->s, &h, &e), BD_ERR_INVALID);
    /* A claim that is not there conflicts (nothing matched id and version). */
    h.id = 9999;
    bd_strlcpy(h.state, "paid", sizeof h.state);
    assert_int_equal(store_claim_update(f->s, &h, &e), BD_ERR_CONFLICT);
}

/* ---- Bank accounts ------------------------------------------------------------ */

static void test_user_bank(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_user u;
    assert_int_equal(store_user_by_login(f->s, "wang.fang", &u, &e), BD_OK);
    assert_string_equal(u.bank_account, "");
    int64_t v = u.version;

    assert_int_equal(store_user_set_bank(f->s, f->rep1, "6222 0212 3456 7890", v, &e), BD_OK);
    assert_int_equal(store_user_by_id(f->s, f->rep1, &u, &e), BD_OK);
    assert_string_equal(u.bank_account, "6222 0212 3456 7890");
    assert_int_equal(u.version, v + 1);
    /* Stale version: refused and unchanged. */
    assert_int_equal(store_user_set_bank(f->s, f->rep1, "0000", v, &e), BD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "wang.fang"));
    /* 0: whatever the version. */
    assert_int_equal(store_user_set_bank(f->s, f->rep1, "6222 9999", 0, &e), BD_OK);
    assert_int_equal(store_user_by_login(f->s, "wang.fang", &u, &e), BD_OK);
    assert_string_equal(u.bank_account, "6222 9999");
    assert_int_equal(u.version, v + 2);
    assert_int_equal(store_user_set_bank(f->s, 9999, "1", 0, &e), BD_ERR_NOTFOUND);
    char longer[80];
    memset(longer, '7', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(store_user_set_bank(f->s, f->rep1, longer, 0, &e), BD_ERR_INVALID);

    /* Every read fills it; an update of other fields keeps it. */
    bd_strlcpy(u.name, "王芳芳", sizeof u.name);
    assert_int_equal(store_user_update(f->s, &u, &e), BD_OK);
    assert_int_equal(store_user_by_id(f->s, f->rep1, &u, &e), BD_OK);
    assert_string_equal(u.bank_account, "6222 9999");
    store_user rows[10];
    int n = -1;
    store_user_query q = {.filter = "wang", .limit = 10};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].bank_account, "6222 9999");

    /* A new user may come with one. */
    store_user w = {.active = true};
    bd_strlcpy(w.login, "new.hire", sizeof w.login);
    bd_strlcpy(w.name, "New Hire", sizeof w.name);
    bd_strlcpy(w.department, "sales", sizeof w.department);
    bd_strlcpy(w.role, "rep", sizeof w.role);
    bd_strlcpy(w.bank_account, "ICBC 1234", sizeof w.bank_account);
    assert_int_equal(store_user_insert(f->s, &w, &e), BD_OK);
    assert_int_equal(store_user_by_login(f->s, "new.hire", &u, &e), BD_OK);
    assert_string_equal(u.bank_account, "ICBC 1234");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_range),
        cmocka_unit_test_setup_teardown(test_budget_put_find, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_budget_spend, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_budget_adjust, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_budget_changes, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_preapprovals, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_claim_insert_get, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_claim_total, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_claim_lines_locked, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_invoice_seen, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_day_spend, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_claim_visibility, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_claim_pay_conflict, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_user_bank, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
