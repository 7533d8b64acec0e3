/* Unit tests of the figures check (migration 010) through the app layer,
 * on a real temporary database with the demo users and the shipped
 * policy: the supervisor checks the compiled figures of a review, which
 * freezes them; a contract recorded after the check does not move the
 * score until the figures are checked again; finalising refuses reviews
 * whose figures are unchecked, naming them, unless forced; a template
 * with no computed KPI needs no check; the honours count checked figures.
 *
 * Contracts are written straight into the file (signed, in CNY): the
 * figures only read contracts, and the contract workflow is not what is
 * tested here. */
#include <sqlite3.h>

#include "unit.h"
#include "unit_app.h"

typedef unit_app fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    return unit_app_open(f, NULL, true);
}

static int teardown(void **state)
{
    unit_app_close(*state);
    free(*state);
    return 0;
}

/* A contract of login's, signed on `on` for amount (minor units, CNY), to
 * one of their customers. */
static void signed_contract(fixture *f, const char *login, const char *number, const char *on,
                            int64_t amount)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
        "INSERT INTO contracts (number, customer_id, title, amount, currency, start_date, "
        "end_date, state, owner_id, signed_on, created_at, updated_at) "
        "SELECT ?1, (SELECT min(id) FROM customers), 'test', ?2, 'CNY', ?3, '2027-12-31', "
        "'signed', u.id, ?3, ?3, ?3 FROM users u WHERE u.login = ?4", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, amount);
    sqlite3_bind_text(st, 3, on, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, login, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        fail_msg("contract %s: %s", number, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_changes(db), 1);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* The review of login in period_id. */
static int64_t review_of(app *a, int64_t period_id, const char *login)
{
    store_review rows[16];
    int n = 0;
    bd_err e = {0};
    assert_int_equal(app_review_list(a, period_id, rows, 16, &n, &e), BD_OK);
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].employee_login, login) == 0)
            return rows[i].id;
    fail_msg("no review of %s", login);
    return 0;
}

static int64_t open_period(fixture *f, const char *manager, const char *dept)
{
    app *m = unit_as(f, manager);
    store_review_period p;
    bd_err e = {0};
    assert_int_equal(app_review_open(m, dept, "2026-11", &p, &e), BD_OK);
    app_close(&m);
    return p.id;
}

static app_review_detail *detail(app *a, int64_t id)
{
    app_review_detail *d = calloc(1, sizeof *d);
    bd_err e = {0};
    assert_int_equal(app_review_get(a, id, d, &e), BD_OK);
    return d;
}

static const app_review_kpi *kpi(const app_review_detail *d, const char *code)
{
    for (int i = 0; i < d->nkpis; i++)
        if (strcmp(d->kpis[i].kpi->code, code) == 0)
            return &d->kpis[i];
    fail_msg("no KPI %s", code);
    return NULL;
}

/* Every rating review id waits for (self, then the supervisor), so that
 * only the figures can hold finalising up. */
static void rate_all(fixture *f, int64_t id)
{
    app *m = unit_as(f, "li.na");
    app_review_detail *d = detail(m, id);
    app_close(&m);
    const char *who[2] = {d->review.employee_login, d->review.supervisor_login};
    for (int pass = 0; pass < 2; pass++) {
        app *a = unit_as(f, who[pass]);
        bd_err e = {0};
        for (int i = 0; i < d->nkpis; i++) {
            const policy_kpi *k = d->kpis[i].kpi;
            if (k->kind != RV_COMPUTED && (k->rated_by & (1u << (pass ? RATER_SUPERVISOR
                                                                      : RATER_SELF))))
                assert_int_equal(app_review_rate(a, id, k->code, NULL, 4, "", &e), BD_OK);
        }
        if (pass == 0)
            assert_int_equal(app_review_submit_self(a, id, &e), BD_OK);
        app_close(&a);
    }
    free(d);
}

static void test_check_freezes_figures(void **state)
{
    fixture *f = *state;
    signed_contract(f, "wang.fang", "T-1", "2026-11-10", 8000000);
    int64_t pid = open_period(f, "li.na", "sales");
    app *c = unit_as(f, "chen.jing");
    int64_t wf = review_of(c, pid, "wang.fang");
    bd_err e = {0};

    app_review_detail *d = detail(c, wf);
    assert_true(d->figures_needed);
    assert_false(d->figures_checked);
    assert_int_equal(kpi(d, "sales_amount")->figure, 8000000);
    free(d);

    /* The employee and a stale version are refused; nothing is kept. */
    app *w = unit_as(f, "wang.fang");
    assert_int_equal(app_review_check_figures(w, wf, 0, &e), BD_ERR_DENIED);
    assert_non_null(strstr(e.msg, "the supervisor chen.jing checks wang.fang's figures"));
    app_close(&w);
    assert_int_equal(app_review_check_figures(c, wf, 999, &e), BD_ERR_CONFLICT);
    d = detail(c, wf);
    assert_false(d->figures_checked);
    int64_t version = d->review.version;
    free(d);

    assert_int_equal(app_review_check_figures(c, wf, version, &e), BD_OK);
    d = detail(c, wf);
    assert_true(d->figures_checked);
    assert_string_equal(d->review.figures_checked_by_login, "chen.jing");
    assert_string_equal(d->review.figures_checked_at, "2026-11-24T09:00:00Z");
    int64_t score = d->score;
    free(d);

    /* A contract recorded after the check: the live figure moves, the
     * checked one and the score do not. */
    signed_contract(f, "wang.fang", "T-2", "2026-11-20", 4000000);
    d = detail(c, wf);
    assert_true(d->figures_checked);
    assert_int_equal(kpi(d, "sales_amount")->figure, 8000000);
    assert_int_equal(kpi(d, "sales_amount")->live, 12000000);
    assert_true(kpi(d, "sales_amount")->checked);
    assert_int_equal(d->score, score);
    free(d);

    /* Checking again takes the new figures. */
    assert_int_equal(app_review_check_figures(c, wf, 0, &e), BD_OK);
    d = detail(c, wf);
    assert_int_equal(kpi(d, "sales_amount")->figure, 12000000);
    assert_true(d->score > score);
    free(d);
    app_close(&c);
}

static void test_finalise_refuses_unchecked(void **state)
{
    fixture *f = *state;
    signed_contract(f, "wang.fang", "T-1", "2026-11-10", 8000000);
    int64_t pid = open_period(f, "li.na", "sales");
    app *m = unit_as(f, "li.na");
    const char *logins[] = {"chen.jing", "li.na", "tom.baker", "wang.fang"};
    int64_t ids[4];
    for (int i = 0; i < 4; i++) {
        ids[i] = review_of(m, pid, logins[i]);
        rate_all(f, ids[i]);
    }
    bd_err e = {0};
    /* Everyone has rated; no figure is checked: refused, naming each. */
    assert_int_equal(app_review_finalize(m, pid, false, &e), BD_ERR_INVALID);
    assert_null(strstr(e.msg, "not everyone has rated"));
    assert_non_null(strstr(e.msg, "the supervisor has not checked the figures of "));
    for (int i = 0; i < 4; i++) {
        char name[64];
        snprintf(name, sizeof name, "#%lld %s", (long long)ids[i], logins[i]);
        assert_non_null(strstr(e.msg, name));
    }
    /* Refused means nothing changed. */
    app_review_detail *d = detail(m, ids[3]);
    assert_string_equal(d->review.state, "rating");
    free(d);

    /* wang.fang's supervisor checks hers; the others are still named. */
    app *c = unit_as(f, "chen.jing");
    assert_int_equal(app_review_check_figures(c, ids[3], 0, &e), BD_OK);
    assert_int_equal(app_review_check_figures(c, ids[2], 0, &e), BD_OK);
    app_close(&c);
    /* A manager of the department may check too (li.na's own supervisor
     * is zhang.wei; chen.jing's is li.na). */
    assert_int_equal(app_review_check_figures(m, ids[0], 0, &e), BD_OK);
    assert_int_equal(app_review_finalize(m, pid, false, &e), BD_ERR_INVALID);
    char name[64];
    snprintf(name, sizeof name, "of #%lld li.na (finalise", (long long)ids[1]);
    assert_non_null(strstr(e.msg, name));
    assert_null(strstr(e.msg, "wang.fang"));

    /* A late contract after the check: the final score keeps the checked
     * figure (80,000.00 of 300,000.00 is 26.67 points). */
    signed_contract(f, "wang.fang", "T-2", "2026-11-20", 4000000);
    assert_int_equal(app_review_check_figures(m, ids[1], 0, &e), BD_OK);
    assert_int_equal(app_review_finalize(m, pid, false, &e), BD_OK);
    d = detail(m, ids[3]);
    assert_string_equal(d->review.state, "final");
    assert_int_equal(kpi(d, "sales_amount")->figure, 8000000);
    assert_int_equal(kpi(d, "sales_amount")->points, 2667);
    free(d);
    /* Finalised: no more checking. */
    assert_int_equal(app_review_check_figures(m, ids[3], 0, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "is final"));
    app_close(&m);
}

static void test_force_overrides(void **state)
{
    fixture *f = *state;
    signed_contract(f, "wang.fang", "T-1", "2026-11-10", 8000000);
    int64_t pid = open_period(f, "li.na", "sales");
    app *m = unit_as(f, "li.na");
    int64_t wf = review_of(m, pid, "wang.fang");
    bd_err e = {0};
    assert_int_equal(app_review_finalize(m, pid, false, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "the supervisor has not checked the figures of"));
    /* Forced, an unchecked review is scored with the figures of the day. */
    signed_contract(f, "wang.fang", "T-2", "2026-11-20", 4000000);
    assert_int_equal(app_review_finalize(m, pid, true, &e), BD_OK);
    app_review_detail *d = detail(m, wf);
    assert_string_equal(d->review.state, "final");
    assert_false(d->figures_checked);
    assert_int_equal(kpi(d, "sales_amount")->figure, 12000000);
    free(d);
    app_close(&m);
}

static void test_no_computed_kpi_no_check(void **state)
{
    fixture *f = *state;
    /* Finance's roles have the office template: rated KPIs only. */
    int64_t pid = open_period(f, "huang.lei", "finance");
    app *m = unit_as(f, "huang.lei");
    store_review rows[16];
    int n = 0;
    bd_err e = {0};
    assert_int_equal(app_review_list(m, pid, rows, 16, &n, &e), BD_OK);
    assert_true(n > 0);
    app_review_detail *d = detail(m, rows[0].id);
    assert_false(d->figures_needed);
    free(d);
    assert_int_equal(app_review_check_figures(m, rows[0].id, 0, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "no computed KPI"));
    /* Finalising names who has yet to rate, never figures. */
    assert_int_equal(app_review_finalize(m, pid, false, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "not everyone has rated"));
    assert_null(strstr(e.msg, "figures"));
    app_close(&m);
}

/* The honours count a checked review's checked figure, as its score does:
 * a contract recorded after the check does not make its owner champion. */
static void test_honours_use_checked_figures(void **state)
{
    fixture *f = *state;
    signed_contract(f, "wang.fang", "H-1", "2026-11-10", 8000000);
    signed_contract(f, "tom.baker", "H-2", "2026-11-12", 9000000);
    int64_t pid = open_period(f, "li.na", "sales");
    app *c = unit_as(f, "chen.jing");
    int64_t wf = review_of(c, pid, "wang.fang");
    bd_err e = {0};
    assert_int_equal(app_review_check_figures(c, wf, 0, &e), BD_OK);
    signed_contract(f, "wang.fang", "H-3", "2026-11-20", 4000000);

    app *m = unit_as(f, "li.na");
    app_honour h[4];
    int n = 0;
    assert_int_equal(app_review_honours(m, pid, h, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].honour->code, "sales_champion");
    assert_string_equal(h[0].login, "tom.baker");
    assert_int_equal(h[0].figure, 9000000);

    /* Checked again, the later contract counts. */
    assert_int_equal(app_review_check_figures(c, wf, 0, &e), BD_OK);
    assert_int_equal(app_review_honours(m, pid, h, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].login, "wang.fang");
    assert_int_equal(h[0].figure, 12000000);
    app_close(&m);
    app_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_check_freezes_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finalise_refuses_unchecked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_force_overrides, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_computed_kpi_no_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_honours_use_checked_figures, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
