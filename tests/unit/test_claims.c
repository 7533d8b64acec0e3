/* Unit tests of the claims rules through the app layer, on a real
 * temporary database and real policy files: standards (per night by city,
 * per person, per day across lines and claims), budget arithmetic
 * (committed vs paid), duplicate invoices (refused, or flagged when
 * claims.yaml says so), routing by amount and by the claimant's
 * department, and the inbox across modules. */
#include "unit.h"
#include "unit_app.h"

typedef unit_app fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    return unit_app_open(f, NULL, false);
}

/* The shipped policy with claims.yaml's duplicate_invoice set to flag. */
static int setup_flag(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = unit_tmpdir();
    *state = f;
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "mkdir '%s/config' && cp '" BD_SRCDIR "'/config/*.yaml '%s/config/' && "
             "sed -i 's/^duplicate_invoice: refuse/duplicate_invoice: flag/' '%s/config/claims.yaml'"
             " && grep -q '^duplicate_invoice: flag' '%s/config/claims.yaml'",
             f->dir, f->dir, f->dir, f->dir);
    if (system(cmd) != 0)
        return -1;
    char config[512];
    snprintf(config, sizeof config, "%s/config", f->dir);
    return unit_app_open(f, config, false);
}

static int teardown(void **state)
{
    unit_app_close(*state);
    free(*state);
    return 0;
}

static int64_t new_claim(app *a, const char *title)
{
    store_claim c;
    bd_err e = {0};
    assert_int_equal(app_claim_new(a, title, &c, &e), BD_OK);
    return c.id;
}

/* Add a line; returns the status (the message on stderr when refused). */
static bd_status line(app *a, int64_t claim, const char *date, const char *place,
                      const char *category, const char *standard, const char *qty,
                      const char *amount, const char *invoice)
{
    app_claim_line_input in = {.date = date, .place = place, .category = category,
                               .standard = standard, .quantity = qty, .reason = "test",
                               .amount = amount, .invoice = invoice};
    bd_err e = {0};
    bd_status st = app_claim_line_add(a, claim, &in, NULL, &e);
    if (st != BD_OK)
        fprintf(stderr, "  (line refused: %s)\n", e.msg);
    return st;
}

static app_claim_detail *detail(app *a, int64_t id)
{
    app_claim_detail *d = calloc(1, sizeof *d);
    bd_err e = {0};
    assert_int_equal(app_claim_detail_get(a, id, d, &e), BD_OK);
    return d;
}

static void act(app *a, int64_t id, apv_action x, const char *expect_state)
{
    store_claim c;
    bd_err e = {0};
    bd_status st = app_claim_act(a, id, x, x == APV_REJECT ? "no" : NULL, 0, &c, &e);
    if (st != BD_OK)
        fprintf(stderr, "  (act refused: %s)\n", e.msg);
    assert_int_equal(st, BD_OK);
    assert_string_equal(c.state, expect_state);
}

static void test_standards(void **state)
{
    fixture *f = *state;
    app *w = unit_as(f, "wang.fang");
    int64_t c = new_claim(w, "trip");
    /* hotel: 600.00 a night in 上海 (a city cap), 400.00 elsewhere. */
    assert_int_equal(line(w, c, "2026-11-20", "上海", "travel", "hotel", "2", "1200", ""), BD_OK);
    assert_int_equal(line(w, c, "2026-11-20", "蘇州", "travel", "hotel", "1", "401", ""), BD_OK);
    /* allowance: 100.00 a day, whatever the lines. */
    assert_int_equal(line(w, c, "2026-11-20", "", "travel", "allowance", "", "60", ""), BD_OK);
    assert_int_equal(line(w, c, "2026-11-20", "", "travel", "allowance", "", "50", ""), BD_OK);
    app_claim_detail *d = detail(w, c);
    assert_int_equal(d->nlines, 4);
    assert_false(d->line_flags[0] & CLAIM_FLAG_OVER_STANDARD); /* 600 x 2 in 上海 */
    assert_true(d->line_flags[1] & CLAIM_FLAG_OVER_STANDARD);  /* 401 > 400 in 蘇州 */
    assert_non_null(strstr(d->line_why[1], "401.00 is over 400.00"));
    /* 60 + 50 on one date is over, on both lines. */
    assert_true(d->line_flags[2] & CLAIM_FLAG_OVER_STANDARD);
    assert_true(d->line_flags[3] & CLAIM_FLAG_OVER_STANDARD);
    assert_non_null(strstr(d->line_why[3], "110.00 on 2026-11-20 is over 100.00 a day"));
    assert_int_equal(d->claim.total, 120000 + 40100 + 6000 + 5000);
    free(d);

    /* The per-day cap counts the claimant's other claims of that day. */
    int64_t c2 = new_claim(w, "second");
    assert_int_equal(line(w, c2, "2026-11-21", "", "travel", "allowance", "", "70", ""), BD_OK);
    d = detail(w, c2);
    assert_false(d->line_flags[0] & CLAIM_FLAG_OVER_STANDARD);
    free(d);
    assert_int_equal(line(w, c, "2026-11-21", "", "travel", "allowance", "", "40", ""), BD_OK);
    d = detail(w, c2);
    assert_true(d->line_flags[0] & CLAIM_FLAG_OVER_STANDARD);
    free(d);
    app_close(&w);
}

static void test_budget_arithmetic(void **state)
{
    fixture *f = *state;
    app *fin = unit_as(f, "zhao.min"), *w = unit_as(f, "wang.fang"), *s = unit_as(f, "chen.jing");
    bd_err e = {0};
    assert_int_equal(app_budget_set(fin, "sales", "office", "2026", "1,000", &e), BD_OK);
    int64_t paid = new_claim(w, "paid"), approved = new_claim(w, "approved"),
            review = new_claim(w, "in review"), draft = new_claim(w, "draft");
    assert_int_equal(line(w, paid, "2026-11-01", "", "office", "", "", "100", ""), BD_OK);
    assert_int_equal(line(w, approved, "2026-11-02", "", "office", "", "", "200", ""), BD_OK);
    assert_int_equal(line(w, review, "2026-11-03", "", "office", "", "", "300", ""), BD_OK);
    assert_int_equal(line(w, draft, "2026-11-04", "", "office", "", "", "350", ""), BD_OK);
    int64_t both[] = {paid, approved};
    for (int i = 0; i < 2; i++) {
        act(w, both[i], APV_SUBMIT, "in_review");
        act(s, both[i], APV_APPROVE, "in_review");
        act(fin, both[i], APV_APPROVE, "approved");
    }
    /* The paying clerk reads the account a claim goes to; the claimant's
     * supervisor, without claims.pay, does not. */
    app_claim_detail *pd = detail(fin, paid);
    char account[65];
    assert_int_equal(app_claim_payee_account(fin, &pd->claim, account, sizeof account, &e), BD_OK);
    assert_string_equal(account, "6222 0210 0000 0005");
    assert_int_equal(app_claim_payee_account(s, &pd->claim, account, sizeof account, &e),
                     BD_ERR_DENIED);
    free(pd);
    assert_string_equal(account, "");
    assert_int_equal(app_claim_pay(fin, paid, NULL, NULL, "T", 0, NULL, &e), BD_OK);
    act(w, review, APV_SUBMIT, "in_review");

    store_budget rows[32];
    int n = 0;
    assert_int_equal(app_budget_list(w, "2026", rows, 32, &n, &e), BD_OK);
    const store_budget *b = NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].category, "office") == 0)
            b = &rows[i];
    assert_non_null(b);
    assert_int_equal(b->amount, 100000);
    assert_int_equal(b->paid, 10000);      /* paid claims */
    assert_int_equal(b->committed, 20000); /* approved, not yet paid */

    /* The draft's view: spent = committed + paid; left after it. */
    app_claim_detail *d = detail(w, draft);
    assert_int_equal(d->nbudgets, 1);
    assert_string_equal(d->budgets[0].period, "2026");
    assert_int_equal(d->budgets[0].spent, 30000);
    assert_int_equal(d->budgets[0].in_review, 30000);
    assert_int_equal(d->budgets[0].this_claim, 35000);
    assert_int_equal(d->budgets[0].left_after, 100000 - 30000 - 35000);
    assert_false(d->flags & CLAIM_FLAG_OVER_BUDGET);
    free(d);

    /* 700 more is over: refused at submission (claims.yaml: refuse). */
    assert_int_equal(line(w, draft, "2026-11-04", "", "office", "", "", "700", ""), BD_OK);
    d = detail(w, draft);
    assert_true(d->flags & CLAIM_FLAG_OVER_BUDGET);
    assert_int_equal(d->budgets[0].left_after, 100000 - 30000 - 105000);
    free(d);
    store_claim c;
    assert_int_equal(app_claim_act(w, draft, APV_SUBMIT, NULL, 0, &c, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "budget"));

    /* A month's budget is the narrower one and is used first. */
    assert_int_equal(app_budget_set(fin, "sales", "office", "2026-11", "2,000", &e), BD_OK);
    d = detail(w, draft);
    assert_string_equal(d->budgets[0].period, "2026-11");
    assert_false(d->flags & CLAIM_FLAG_OVER_BUDGET);
    free(d);
    app_close(&fin);
    app_close(&w);
    app_close(&s);
}

static void test_duplicate_invoice_refused(void **state)
{
    fixture *f = *state;
    app *w = unit_as(f, "wang.fang"), *t = unit_as(f, "tom.baker");
    int64_t c1 = new_claim(w, "one"), c2 = new_claim(t, "two");
    assert_int_equal(line(w, c1, "2026-11-01", "", "office", "", "", "10", "INV-9"), BD_OK);
    assert_int_equal(line(w, c1, "2026-11-01", "", "office", "", "", "10", "INV-9"), BD_ERR_INVALID);
    assert_int_equal(line(t, c2, "2026-11-01", "", "office", "", "", "10", "INV-9"), BD_ERR_INVALID);
    assert_int_equal(line(t, c2, "2026-11-01", "", "office", "", "", "10", "inv-9"), BD_OK);
    assert_int_equal(line(t, c2, "2026-11-01", "", "office", "", "", "10", ""), BD_OK);
    assert_int_equal(line(t, c2, "2026-11-01", "", "office", "", "", "10", ""), BD_OK);
    app_close(&w);
    app_close(&t);
}

static void test_duplicate_invoice_flagged(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->pol->duplicate_invoice, RULE_FLAG);
    app *w = unit_as(f, "wang.fang"), *t = unit_as(f, "tom.baker");
    int64_t c1 = new_claim(w, "one"), c2 = new_claim(t, "two");
    assert_int_equal(line(w, c1, "2026-11-01", "", "office", "", "", "10", "INV-9"), BD_OK);
    assert_int_equal(line(t, c2, "2026-11-01", "", "office", "", "", "10", "INV-9"), BD_OK);
    app_claim_detail *d = detail(t, c2);
    assert_true(d->line_flags[0] & CLAIM_FLAG_DUP_INVOICE);
    assert_non_null(strstr(d->line_why[0], "invoice INV-9 is on claim #1 line 1 already"));
    free(d);
    /* Flagged, not refused: it goes to review, and the approver sees it. */
    act(t, c2, APV_SUBMIT, "in_review");
    app *s = unit_as(f, "chen.jing");
    app_work_item rows[16];
    int n = 0;
    bd_err e = {0};
    assert_int_equal(app_work_inbox(s, rows, 16, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].module, "claims");
    assert_non_null(strstr(rows[0].flags, "duplicate invoice"));
    app_close(&s);
    app_close(&w);
    app_close(&t);
}

/* Whose inbox holds claim id now. */
static bool waits_for(fixture *f, const char *login, int64_t id)
{
    app *a = unit_as(f, login);
    app_work_item rows[32];
    int n = 0;
    bd_err e = {0};
    assert_int_equal(app_work_inbox(a, rows, 32, &n, &e), BD_OK);
    bool found = false;
    for (int i = 0; i < n; i++)
        found |= strcmp(rows[i].module, "claims") == 0 && rows[i].id == id;
    app_close(&a);
    return found;
}

static void test_routing(void **state)
{
    fixture *f = *state;
    /* A sales rep's claim: their supervisor first (sales' own flow). */
    app *w = unit_as(f, "wang.fang");
    int64_t small = new_claim(w, "small"), big = new_claim(w, "big");
    assert_int_equal(line(w, small, "2026-11-01", "", "marketing", "", "", "4,999.99", ""), BD_OK);
    assert_int_equal(line(w, big, "2026-11-01", "", "marketing", "", "", "5,000", ""), BD_OK);
    act(w, small, APV_SUBMIT, "in_review");
    act(w, big, APV_SUBMIT, "in_review");
    assert_true(waits_for(f, "chen.jing", small));
    assert_false(waits_for(f, "li.na", small));
    assert_false(waits_for(f, "huang.lei", small));
    app *s = unit_as(f, "chen.jing"), *fin = unit_as(f, "zhao.min"), *l = unit_as(f, "zhang.wei");
    act(s, small, APV_APPROVE, "in_review");
    act(s, big, APV_APPROVE, "in_review");
    assert_true(waits_for(f, "zhao.min", small));
    act(fin, small, APV_APPROVE, "approved");   /* below 5,000.00: no leadership */
    act(fin, big, APV_APPROVE, "in_review");    /* 5,000.00: leadership */
    assert_true(waits_for(f, "zhang.wei", big));
    act(l, big, APV_APPROVE, "approved");

    /* A finance clerk's claim: the head of finance first (the company's flow). */
    int64_t own = new_claim(fin, "clerk's");
    assert_int_equal(line(fin, own, "2026-11-01", "", "office", "", "", "50", ""), BD_OK);
    act(fin, own, APV_SUBMIT, "in_review");
    assert_true(waits_for(f, "huang.lei", own));
    assert_false(waits_for(f, "chen.jing", own));
    /* A rejection goes back to the claimant, who submits it again. */
    app *h = unit_as(f, "huang.lei");
    act(h, own, APV_REJECT, "rejected");
    assert_false(waits_for(f, "huang.lei", own));
    act(fin, own, APV_SUBMIT, "in_review");
    assert_true(waits_for(f, "huang.lei", own));
    act(h, own, APV_APPROVE, "in_review");
    /* Nobody decides their own: the clerk cannot approve it at finance. */
    assert_false(waits_for(f, "zhao.min", own));
    store_claim c;
    bd_err e = {0};
    assert_int_equal(app_claim_act(fin, own, APV_APPROVE, NULL, 0, &c, &e), BD_ERR_DENIED);
    assert_non_null(strstr(e.msg, "yourself"));
    app_close(&h);
    app_close(&w);
    app_close(&s);
    app_close(&fin);
    app_close(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_standards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_budget_arithmetic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_invoice_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_invoice_flagged, setup_flag, teardown),
        cmocka_unit_test_setup_teardown(test_routing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
