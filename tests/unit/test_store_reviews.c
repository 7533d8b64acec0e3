/* The store's review tables (migration 007) on a real temporary SQLite
 * file: review periods (one per department and period, optimistic
 * updates, newest first), reviews with the fields reads fill in (score and
 * bonus -1 for NULL), ratings replaced per review, KPI, source and rater,
 * peers and the reviews waiting for a peer's rating, the scores of each
 * revision, improvement plans, and the figures of the computed KPIs with
 * the records each counts.  Users, customers, contracts, opportunities,
 * complaints and surveys are made through the store itself, so these
 * tests need no policy. */
#include <sqlite3.h>

#include "unit.h"
#include "unit_store.h"

#include "store.h"

/* ---- Fixture ----------------------------------------------------------------
 * sales: boss (manager) <- sup (supervisor) <- rep1, rep2; finance: fin. */

typedef struct fx {
    char *dir;
    char *path;
    store *s;
    int64_t boss, sup, rep1, rep2, fin;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (unit_db_open(&f->dir, &f->path, &f->s) != 0)
        return -1;
    unit_team t;
    unit_add_team(f->s, &t);
    f->boss = t.boss, f->sup = t.sup, f->rep1 = t.rep1, f->rep2 = t.rep2, f->fin = t.fin;
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

static int64_t add_period(fx *f, const char *department, const char *period)
{
    store_review_period p = {.opened_by = f->boss};
    bd_strlcpy(p.department, department, sizeof p.department);
    bd_strlcpy(p.period, period, sizeof p.period);
    bd_err e = {0};
    if (store_review_period_insert(f->s, &p, &e) != BD_OK)
        fail_msg("add_period %s %s: %s", department, period, e.msg);
    return p.id;
}

static store_review new_review(int64_t period, int64_t employee, int64_t supervisor)
{
    store_review r = {.period_id = period, .employee_id = employee,
                      .supervisor_id = supervisor, .score = -1, .bonus = -1};
    bd_strlcpy(r.template_code, "sales_rep", sizeof r.template_code);
    return r;
}

static int64_t add_review(fx *f, int64_t period, int64_t employee, const char *state)
{
    store_review r = new_review(period, employee, f->sup);
    if (state)
        bd_strlcpy(r.state, state, sizeof r.state);
    bd_err e = {0};
    if (store_review_insert(f->s, &r, &e) != BD_OK)
        fail_msg("add_review: %s", e.msg);
    return r.id;
}

/* ---- Periods -------------------------------------------------------------- */

static void test_periods(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_review_period p = {.opened_by = f->boss};
    bd_strlcpy(p.department, "sales", sizeof p.department);
    bd_strlcpy(p.period, "2026-11", sizeof p.period);
    bd_strlcpy(p.opened_at, "2026-12-01T09:00:00Z", sizeof p.opened_at);
    assert_int_equal(store_review_period_insert(f->s, &p, &e), BD_OK);
    assert_true(p.id > 0);
    assert_string_equal(p.state, "open");
    assert_int_equal(p.version, 1);

    /* One period per department and period. */
    store_review_period dup = p;
    dup.id = 0;
    assert_int_equal(store_review_period_insert(f->s, &dup, &e), BD_ERR_CONFLICT);
    assert_string_equal(e.msg, "department sales has review period 2026-11 already");
    int64_t mk = add_period(f, "marketing", "2026-11");
    assert_true(mk != p.id);

    store_review_period g;
    assert_int_equal(store_review_period_find(f->s, "sales", "2026-11", &g, &e), BD_OK);
    assert_int_equal(g.id, p.id);
    assert_string_equal(g.department, "sales");
    assert_string_equal(g.period, "2026-11");
    assert_string_equal(g.state, "open");
    assert_int_equal(g.opened_by, f->boss);
    assert_string_equal(g.opened_at, "2026-12-01T09:00:00Z");
    assert_string_equal(g.finalised_at, "");
    assert_string_equal(g.published_at, "");
    assert_int_equal(g.version, 1);
    assert_int_equal(store_review_period_find(f->s, "sales", "2026-10", &g, &e),
                     BD_ERR_NOTFOUND);
    assert_int_equal(store_review_period_get(f->s, 999, &g, &e), BD_ERR_NOTFOUND);

    /* Update: the state and the timestamps; a stale version is refused. */
    assert_int_equal(store_review_period_get(f->s, p.id, &g, &e), BD_OK);
    store_review_period stale = g;
    bd_strlcpy(g.state, "finalised", sizeof g.state);
    bd_strlcpy(g.finalised_at, "2026-12-05T10:00:00Z", sizeof g.finalised_at);
    assert_int_equal(store_review_period_update(f->s, &g, &e), BD_OK);
    assert_int_equal(g.version, 2);
    bd_strlcpy(stale.state, "locked", sizeof stale.state);
    assert_int_equal(store_review_period_update(f->s, &stale, &e), BD_ERR_CONFLICT);
    char want[96];
    snprintf(want, sizeof want, "review period #%lld was changed by someone else; reload",
             (long long)p.id);
    assert_string_equal(e.msg, want);
    bd_strlcpy(g.state, "published", sizeof g.state);
    bd_strlcpy(g.published_at, "2026-12-06T10:00:00Z", sizeof g.published_at);
    g.opened_at[0] = '\0'; /* "" keeps it */
    assert_int_equal(store_review_period_update(f->s, &g, &e), BD_OK);
    assert_int_equal(g.version, 3);
    assert_string_equal(g.opened_at, "2026-12-01T09:00:00Z");
    store_review_period h;
    assert_int_equal(store_review_period_get(f->s, p.id, &h, &e), BD_OK);
    assert_string_equal(h.state, "published");
    assert_string_equal(h.opened_at, "2026-12-01T09:00:00Z");
    assert_string_equal(h.finalised_at, "2026-12-05T10:00:00Z");
    assert_string_equal(h.published_at, "2026-12-06T10:00:00Z");
    assert_int_equal(h.version, 3);
    /* The schema's own check still holds. */
    bd_strlcpy(h.state, "bogus", sizeof h.state);
    assert_int_equal(store_review_period_update(f->s, &h, &e), BD_ERR_INVALID);

    /* Newest period first (the text sorts: a quarter after its months). */
    add_period(f, "sales", "2026-10");
    add_period(f, "sales", "2026-Q4");
    add_period(f, "sales", "2026");
    store_review_period rows[8];
    int n = 0;
    assert_int_equal(store_review_period_list(f->s, "sales", rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 4);
    assert_string_equal(rows[0].period, "2026-Q4");
    assert_string_equal(rows[1].period, "2026-11");
    assert_string_equal(rows[2].period, "2026-10");
    assert_string_equal(rows[3].period, "2026");
    assert_int_equal(store_review_period_list(f->s, NULL, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 5);
    assert_string_equal(rows[0].period, "2026-Q4");
    assert_string_equal(rows[1].department, "marketing"); /* 2026-11: by department */
    assert_string_equal(rows[2].department, "sales");
    assert_int_equal(store_review_period_list(f->s, NULL, rows, 2, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(store_review_period_list(f->s, "finance", rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

/* ---- Reviews -------------------------------------------------------------- */

static void test_reviews(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t nov = add_period(f, "sales", "2026-11");
    store_review r = new_review(nov, f->rep1, f->sup);
    bd_strlcpy(r.updated_at, "2026-12-01T09:00:00Z", sizeof r.updated_at);
    assert_int_equal(store_review_insert(f->s, &r, &e), BD_OK);
    assert_true(r.id > 0);
    assert_string_equal(r.state, "self");
    assert_int_equal(r.revision, 1);
    assert_int_equal(r.version, 1);

    store_review dup = new_review(nov, f->rep1, f->sup);
    assert_int_equal(store_review_insert(f->s, &dup, &e), BD_ERR_CONFLICT);
    assert_string_equal(e.msg, "wang.fang has a review of period 2026-11 already");

    store_review g;
    assert_int_equal(store_review_get(f->s, r.id, &g, &e), BD_OK);
    assert_int_equal(g.period_id, nov);
    assert_string_equal(g.period, "2026-11");
    assert_string_equal(g.department, "sales");
    assert_int_equal(g.employee_id, f->rep1);
    assert_string_equal(g.employee_login, "wang.fang");
    assert_string_equal(g.employee_name, "王芳");
    assert_string_equal(g.employee_role, "rep");
    assert_int_equal(g.supervisor_id, f->sup);
    assert_string_equal(g.supervisor_login, "chen.jing");
    assert_string_equal(g.template_code, "sales_rep");
    assert_string_equal(g.state, "self");
    assert_int_equal(g.score, -1);
    assert_int_equal(g.bonus, -1);
    assert_string_equal(g.grade, "");
    assert_string_equal(g.grade_reason, "");
    assert_int_equal(g.revision, 1);
    assert_string_equal(g.self_done_at, "");
    assert_string_equal(g.interview, "");
    assert_string_equal(g.goals, "");
    assert_string_equal(g.interviewed_at, "");
    assert_string_equal(g.updated_at, "2026-12-01T09:00:00Z");
    assert_int_equal(g.version, 1);
    assert_int_equal(store_review_get(f->s, 999, &g, &e), BD_ERR_NOTFOUND);

    /* Every mutable field round-trips. */
    store_review stale = g;
    bd_strlcpy(g.state, "interviewed", sizeof g.state);
    g.score = 8750;
    bd_strlcpy(g.grade, "B", sizeof g.grade);
    g.bonus = 1234500;
    bd_strlcpy(g.grade_reason, "calibrated down: team quota missed", sizeof g.grade_reason);
    g.revision = 2;
    bd_strlcpy(g.self_done_at, "2026-12-02T08:00:00Z", sizeof g.self_done_at);
    bd_strlcpy(g.interview, "談了第四季度的客戶", sizeof g.interview);
    bd_strlcpy(g.goals, "two new accounts", sizeof g.goals);
    bd_strlcpy(g.interviewed_at, "2026-12-10T15:00:00Z", sizeof g.interviewed_at);
    bd_strlcpy(g.updated_at, "2026-12-10T15:00:01Z", sizeof g.updated_at);
    assert_int_equal(store_review_update(f->s, &g, &e), BD_OK);
    assert_int_equal(g.version, 2);
    store_review h;
    assert_int_equal(store_review_get(f->s, r.id, &h, &e), BD_OK);
    assert_string_equal(h.state, "interviewed");
    assert_int_equal(h.score, 8750);
    assert_string_equal(h.grade, "B");
    assert_int_equal(h.bonus, 1234500);
    assert_string_equal(h.grade_reason, "calibrated down: team quota missed");
    assert_int_equal(h.revision, 2);
    assert_string_equal(h.self_done_at, "2026-12-02T08:00:00Z");
    assert_string_equal(h.interview, "談了第四季度的客戶");
    assert_string_equal(h.goals, "two new accounts");
    assert_string_equal(h.interviewed_at, "2026-12-10T15:00:00Z");
    assert_string_equal(h.updated_at, "2026-12-10T15:00:01Z");
    assert_int_equal(h.version, 2);
    assert_int_equal(h.supervisor_id, f->sup);
    assert_string_equal(h.template_code, "sales_rep");

    /* A score of 0 is a score; -1 is NULL again. */
    h.score = 0;
    h.bonus = -1;
    assert_int_equal(store_review_update(f->s, &h, &e), BD_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT score IS 0 AND bonus IS NULL FROM reviews WHERE id = %lld",
             (long long)r.id);
    assert_int_equal(unit_raw_int(f->path, sql), 1);
    h.score = -1;
    assert_int_equal(store_review_update(f->s, &h, &e), BD_OK);
    snprintf(sql, sizeof sql, "SELECT score IS NULL FROM reviews WHERE id = %lld",
             (long long)r.id);
    assert_int_equal(unit_raw_int(f->path, sql), 1);
    assert_int_equal(store_review_get(f->s, r.id, &g, &e), BD_OK);
    assert_int_equal(g.score, -1);
    assert_int_equal(g.bonus, -1);

    /* The stale copy is refused and changes nothing. */
    bd_strlcpy(stale.grade, "A", sizeof stale.grade);
    assert_int_equal(store_review_update(f->s, &stale, &e), BD_ERR_CONFLICT);
    char want[80];
    snprintf(want, sizeof want, "review #%lld was changed by someone else; reload",
             (long long)r.id);
    assert_string_equal(e.msg, want);
    assert_int_equal(store_review_get(f->s, r.id, &g, &e), BD_OK);
    assert_string_equal(g.grade, "B");

    /* Without a supervisor. */
    store_review lone = new_review(nov, f->boss, 0);
    assert_int_equal(store_review_insert(f->s, &lone, &e), BD_OK);
    assert_int_equal(store_review_get(f->s, lone.id, &g, &e), BD_OK);
    assert_int_equal(g.supervisor_id, 0);
    assert_string_equal(g.supervisor_login, "");

    /* A period's reviews by login. */
    add_review(f, nov, f->rep2, NULL);
    add_review(f, nov, f->sup, NULL);
    store_review rows[8];
    int n = 0;
    assert_int_equal(store_review_list(f->s, nov, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 4);
    assert_string_equal(rows[0].employee_login, "chen.jing");
    assert_string_equal(rows[1].employee_login, "li.na");
    assert_string_equal(rows[2].employee_login, "tom.baker");
    assert_string_equal(rows[3].employee_login, "wang.fang");
    assert_string_equal(rows[3].period, "2026-11");
    assert_int_equal(rows[3].score, -1);

    /* An employee's history, newest period first whatever the insert order. */
    int64_t oct = add_period(f, "sales", "2026-10");
    int64_t dec = add_period(f, "sales", "2026-12");
    int64_t fin_nov = add_period(f, "finance", "2026-11");
    add_review(f, dec, f->rep1, NULL);
    add_review(f, oct, f->rep1, NULL);
    add_review(f, fin_nov, f->fin, NULL);
    assert_int_equal(store_review_history(f->s, f->rep1, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].period, "2026-12");
    assert_string_equal(rows[1].period, "2026-11");
    assert_string_equal(rows[2].period, "2026-10");
    assert_int_equal(rows[1].id, r.id);
    assert_int_equal(store_review_history(f->s, f->rep1, rows, 1, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].period, "2026-12");
    assert_int_equal(store_review_list(f->s, fin_nov, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].department, "finance");
}

/* ---- Ratings -------------------------------------------------------------- */

static store_rating rating(int64_t review, const char *kpi, const char *source, int64_t rater,
                           int value, const char *comment)
{
    store_rating r = {.review_id = review, .rater_id = rater, .rating = value};
    bd_strlcpy(r.kpi, kpi, sizeof r.kpi);
    bd_strlcpy(r.source, source, sizeof r.source);
    bd_strlcpy(r.comment, comment, sizeof r.comment);
    return r;
}

static void test_ratings(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t nov = add_period(f, "sales", "2026-11");
    int64_t rv = add_review(f, nov, f->rep1, NULL);
    int64_t other = add_review(f, nov, f->rep2, NULL);

    store_rating a = rating(rv, "teamwork", "supervisor", f->sup, 4, "helpful");
    bd_strlcpy(a.at, "2026-12-01T10:00:00Z", sizeof a.at);
    assert_int_equal(store_rating_put(f->s, &a, &e), BD_OK);
    assert_true(a.id > 0);
    store_rating b = rating(rv, "teamwork", "peer", f->rep2, 3, "");
    assert_int_equal(store_rating_put(f->s, &b, &e), BD_OK);
    store_rating c = rating(rv, "teamwork", "self", f->rep1, 5, "我很努力");
    assert_int_equal(store_rating_put(f->s, &c, &e), BD_OK);
    store_rating d = rating(rv, "attitude", "supervisor", f->sup, 5, "");
    assert_int_equal(store_rating_put(f->s, &d, &e), BD_OK);
    store_rating x = rating(other, "teamwork", "supervisor", f->sup, 1, "elsewhere");
    assert_int_equal(store_rating_put(f->s, &x, &e), BD_OK);

    /* The same review, KPI, source and rater: replaced in place. */
    store_rating again = rating(rv, "teamwork", "supervisor", f->sup, 2, "on second thought");
    bd_strlcpy(again.at, "2026-12-02T10:00:00Z", sizeof again.at);
    assert_int_equal(store_rating_put(f->s, &again, &e), BD_OK);
    assert_int_equal(again.id, a.id);

    store_rating rows[8];
    int n = 0;
    assert_int_equal(store_rating_list(f->s, rv, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 4);
    /* By KPI, source, rater. */
    assert_string_equal(rows[0].kpi, "attitude");
    assert_int_equal(rows[0].rating, 5);
    assert_string_equal(rows[1].source, "peer");
    assert_int_equal(rows[1].rater_id, f->rep2);
    assert_string_equal(rows[1].rater_login, "tom.baker");
    assert_int_equal(rows[1].rating, 3);
    assert_string_equal(rows[2].source, "self");
    assert_int_equal(rows[2].rating, 5);
    assert_string_equal(rows[2].comment, "我很努力");
    assert_string_equal(rows[3].source, "supervisor");
    assert_int_equal(rows[3].id, a.id);
    assert_int_equal(rows[3].review_id, rv);
    assert_string_equal(rows[3].kpi, "teamwork");
    assert_string_equal(rows[3].rater_login, "chen.jing");
    assert_int_equal(rows[3].rating, 2);
    assert_string_equal(rows[3].comment, "on second thought");
    assert_string_equal(rows[3].at, "2026-12-02T10:00:00Z");

    assert_int_equal(store_rating_list(f->s, other, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].rating, 1);

    /* The schema's check on the source still holds. */
    store_rating bad = rating(rv, "teamwork", "boss", f->boss, 1, "");
    assert_int_equal(store_rating_put(f->s, &bad, &e), BD_ERR_INVALID);
}

/* ---- Peers ---------------------------------------------------------------- */

static void test_peers(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t nov = add_period(f, "sales", "2026-11");
    int64_t fin_nov = add_period(f, "finance", "2026-11");
    int64_t r_rep1 = add_review(f, nov, f->rep1, "self");
    int64_t r_sup = add_review(f, nov, f->sup, "rating");
    int64_t r_boss = add_review(f, nov, f->boss, "final");
    int64_t r_fin = add_review(f, fin_nov, f->fin, "self");

    assert_int_equal(store_review_peer_add(f->s, r_rep1, f->fin, &e), BD_OK);
    assert_int_equal(store_review_peer_add(f->s, r_rep1, f->rep2, &e), BD_OK);
    assert_int_equal(store_review_peer_add(f->s, r_sup, f->rep2, &e), BD_OK);
    assert_int_equal(store_review_peer_add(f->s, r_boss, f->rep2, &e), BD_OK);
    assert_int_equal(store_review_peer_add(f->s, r_fin, f->rep1, &e), BD_OK);
    assert_int_equal(store_review_peer_add(f->s, r_rep1, f->rep2, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "a peer of review"));

    int64_t ids[8];
    int n = 0;
    assert_int_equal(store_review_peers(f->s, r_rep1, ids, 8, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], f->rep2); /* by id: rep2 was made before fin */
    assert_int_equal(ids[1], f->fin);
    assert_int_equal(store_review_peers(f->s, r_boss, ids, 8, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_review_peers(f->s, 999, ids, 8, &n, &e), BD_OK);
    assert_int_equal(n, 0);

    /* rep2 rates rep1's (self) and sup's (rating), not boss's (final). */
    store_review rows[8];
    assert_int_equal(store_reviews_to_rate_as_peer(f->s, f->rep2, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, r_rep1);
    assert_string_equal(rows[0].employee_login, "wang.fang");
    assert_int_equal(rows[1].id, r_sup);
    assert_string_equal(rows[1].employee_login, "chen.jing");

    /* Once rep1's review moves on, it leaves rep2's list. */
    store_review g;
    assert_int_equal(store_review_get(f->s, r_rep1, &g, &e), BD_OK);
    bd_strlcpy(g.state, "final", sizeof g.state);
    assert_int_equal(store_review_update(f->s, &g, &e), BD_OK);
    assert_int_equal(store_reviews_to_rate_as_peer(f->s, f->rep2, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, r_sup);

    assert_int_equal(store_reviews_to_rate_as_peer(f->s, f->rep1, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, r_fin);
    assert_string_equal(rows[0].department, "finance");
    assert_int_equal(store_reviews_to_rate_as_peer(f->s, f->boss, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

/* ---- Scores --------------------------------------------------------------- */

static store_review_score score(const char *kpi, int64_t figure, int64_t points)
{
    store_review_score s = {.figure = figure, .points = points};
    bd_strlcpy(s.kpi, kpi, sizeof s.kpi);
    return s;
}

static void test_scores(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t nov = add_period(f, "sales", "2026-11");
    int64_t rv = add_review(f, nov, f->rep1, NULL);
    int64_t other = add_review(f, nov, f->rep2, NULL);

    const store_review_score rev1[] = {
        score("signed", 13115688900, 12000), score("teamwork", -1, 8000),
        score("attitude", -1, -1),
    };
    assert_int_equal(store_review_scores_put(f->s, rv, 1, rev1, 3, &e), BD_OK);
    const store_review_score elsewhere[] = {score("signed", 0, 0)};
    assert_int_equal(store_review_scores_put(f->s, other, 1, elsewhere, 1, &e), BD_OK);

    store_review_score rows[8];
    int n = 0;
    assert_int_equal(store_review_scores(f->s, rv, 1, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 3);
    /* In the order put. */
    assert_string_equal(rows[0].kpi, "signed");
    assert_int_equal(rows[0].figure, 13115688900);
    assert_int_equal(rows[0].points, 12000);
    assert_string_equal(rows[1].kpi, "teamwork");
    assert_int_equal(rows[1].figure, -1);
    assert_int_equal(rows[1].points, 8000);
    assert_string_equal(rows[2].kpi, "attitude");
    assert_int_equal(rows[2].figure, -1);
    assert_int_equal(rows[2].points, -1);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM review_scores WHERE review_id = %lld "
                              "AND figure IS NULL", (long long)rv);
    assert_int_equal(unit_raw_int(f->path, sql), 2);

    /* A second revision; then revision 1 again replaces only itself. */
    const store_review_score rev2[] = {score("signed", 100, 50), score("teamwork", -1, 9000)};
    assert_int_equal(store_review_scores_put(f->s, rv, 2, rev2, 2, &e), BD_OK);
    const store_review_score rev1b[] = {score("teamwork", -1, 7000), score("signed", 5, 6)};
    assert_int_equal(store_review_scores_put(f->s, rv, 1, rev1b, 2, &e), BD_OK);
    assert_int_equal(store_review_scores(f->s, rv, 1, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].kpi, "teamwork");
    assert_int_equal(rows[0].points, 7000);
    assert_string_equal(rows[1].kpi, "signed");
    assert_int_equal(rows[1].figure, 5);
    assert_int_equal(rows[1].points, 6);
    assert_int_equal(store_review_scores(f->s, rv, 2, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].figure, 100);
    assert_int_equal(rows[1].points, 9000);
    assert_int_equal(store_review_scores(f->s, other, 1, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].figure, 0);
    assert_int_equal(rows[0].points, 0);

    /* Nothing: the revision is emptied. */
    assert_int_equal(store_review_scores_put(f->s, rv, 2, NULL, 0, &e), BD_OK);
    assert_int_equal(store_review_scores(f->s, rv, 2, rows, 8, &n, &e), BD_OK);
    assert_int_equal(n, 0);

    /* A KPI twice is refused (the caller's transaction rolls it back). */
    const store_review_score twice[] = {score("signed", 1, 1), score("signed", 2, 2)};
    assert_int_equal(store_review_scores_put(f->s, rv, 3, twice, 2, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "KPI signed is scored twice"));
    /* So is a checked figure twice. */
    const store_review_figure fig2[] = {{.kpi = "signed", .figure = 1}, {.kpi = "signed", .figure = 2}};
    assert_int_equal(store_review_figures_put(f->s, rv, fig2, 2, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "KPI signed is checked twice"));
}

/* ---- Improvement plans ---------------------------------------------------- */

static void test_plans(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t nov = add_period(f, "sales", "2026-11");
    int64_t rv1 = add_review(f, nov, f->rep1, NULL);
    int64_t rv2 = add_review(f, nov, f->rep2, NULL);

    store_improvement_plan p = {.employee_id = f->rep1, .review_id = rv1};
    bd_strlcpy(p.goals, "三個新客戶", sizeof p.goals);
    bd_strlcpy(p.support, "weekly coaching", sizeof p.support);
    bd_strlcpy(p.review_on, "2027-02-28", sizeof p.review_on);
    bd_strlcpy(p.created_at, "2026-12-12T09:00:00Z", sizeof p.created_at);
    assert_int_equal(store_plan_insert(f->s, &p, &e), BD_OK);
    assert_true(p.id > 0);
    assert_string_equal(p.state, "open");
    assert_int_equal(p.version, 1);
    store_improvement_plan q = {.employee_id = f->rep2, .review_id = rv2};
    bd_strlcpy(q.goals, "follow up every lead", sizeof q.goals);
    bd_strlcpy(q.review_on, "2027-01-31", sizeof q.review_on);
    assert_int_equal(store_plan_insert(f->s, &q, &e), BD_OK);
    assert_int_equal(strlen(q.created_at), 20); /* SQLite's clock */

    store_improvement_plan g;
    assert_int_equal(store_plan_get(f->s, p.id, &g, &e), BD_OK);
    assert_int_equal(g.employee_id, f->rep1);
    assert_string_equal(g.employee_login, "wang.fang");
    assert_int_equal(g.review_id, rv1);
    assert_string_equal(g.goals, "三個新客戶");
    assert_string_equal(g.support, "weekly coaching");
    assert_string_equal(g.review_on, "2027-02-28");
    assert_string_equal(g.result, "");
    assert_string_equal(g.state, "open");
    assert_string_equal(g.created_at, "2026-12-12T09:00:00Z");
    assert_int_equal(g.version, 1);
    assert_int_equal(store_plan_get(f->s, 999, &g, &e), BD_ERR_NOTFOUND);

    store_improvement_plan stale = g;
    bd_strlcpy(g.result, "two of three signed", sizeof g.result);
    bd_strlcpy(g.state, "passed", sizeof g.state);
    bd_strlcpy(g.goals, "not written", sizeof g.goals); /* update writes result and state */
    assert_int_equal(store_plan_update(f->s, &g, &e), BD_OK);
    assert_int_equal(g.version, 2);
    bd_strlcpy(stale.state, "failed", sizeof stale.state);
    assert_int_equal(store_plan_update(f->s, &stale, &e), BD_ERR_CONFLICT);
    store_improvement_plan h;
    assert_int_equal(store_plan_get(f->s, p.id, &h, &e), BD_OK);
    assert_string_equal(h.result, "two of three signed");
    assert_string_equal(h.state, "passed");
    assert_string_equal(h.goals, "三個新客戶");
    assert_int_equal(h.version, 2);

    store_improvement_plan rows[4];
    int n = 0;
    assert_int_equal(store_plan_list(f->s, f->rep1, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, p.id);
    assert_int_equal(store_plan_list(f->s, 0, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, q.id); /* newest first */
    assert_string_equal(rows[0].employee_login, "tom.baker");
    assert_int_equal(rows[1].id, p.id);
    assert_int_equal(store_plan_list(f->s, f->fin, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

/* ---- KPI figures -------------------------------------------------------------
 * November 2026 for rep1 (wang.fang).  rep1 owns Acme, 香港貿易公司 (hk),
 * Gamma and Epsilon; rep2 owns Delta and Theta. */

typedef struct kfx {
    int64_t acme, hk, gamma, delta, epsilon, theta;
    int64_t c_acme, c_hk, c_gamma, c_delta, c_epsilon, c_hk_last; /* counted contracts */
    int64_t s_acme, s_hk, s_gamma;                               /* counted surveys */
    int64_t o_new1, o_new2, o_won1, o_won2, o_lost;              /* counted opportunities */
    int64_t k_acme, k_hk;                                        /* counted complaints */
} kfx;

static int64_t kcustomer(fx *f, const char *name, int64_t owner)
{
    store_customer c = {.owner_id = owner};
    bd_strlcpy(c.name, name, sizeof c.name);
    bd_strlcpy(c.class_code, "B", sizeof c.class_code);
    bd_err e = {0};
    if (store_customer_insert(f->s, &c, &e) != BD_OK)
        fail_msg("customer %s: %s", name, e.msg);
    return c.id;
}

/* A contract; signed_on NULL leaves it a draft. */
static int64_t kcontract(fx *f, int64_t customer, int64_t owner, const char *number,
                         int64_t amount, const char *currency, const char *signed_on)
{
    store_contract c = {.customer_id = customer, .owner_id = owner, .amount = amount,
                        .notice_days = 30};
    bd_strlcpy(c.title, "licence", sizeof c.title);
    bd_strlcpy(c.currency, currency, sizeof c.currency);
    bd_strlcpy(c.start_date, "2026-01-01", sizeof c.start_date);
    bd_strlcpy(c.end_date, "2027-12-31", sizeof c.end_date);
    if (signed_on) {
        bd_strlcpy(c.state, "signed", sizeof c.state);
        bd_strlcpy(c.signed_on, signed_on, sizeof c.signed_on);
        bd_strlcpy(c.number, number, sizeof c.number);
    }
    bd_err e = {0};
    if (store_contract_insert(f->s, &c, &e) != BD_OK)
        fail_msg("contract %s: %s", number, e.msg);
    return c.id;
}

static int64_t kopp(fx *f, int64_t customer, const char *company, int64_t owner,
                    const char *title, const char *stage, const char *stage_since,
                    const char *created_at)
{
    store_opp o = {.customer_id = customer, .owner_id = owner, .value = -1, .budget = -1};
    bd_strlcpy(o.company, company, sizeof o.company);
    bd_strlcpy(o.title, title, sizeof o.title);
    bd_strlcpy(o.stage, stage, sizeof o.stage);
    bd_strlcpy(o.stage_since, stage_since, sizeof o.stage_since);
    bd_strlcpy(o.created_at, created_at, sizeof o.created_at);
    bd_err e = {0};
    if (store_opp_insert(f->s, &o, NULL, NULL, &e) != BD_OK)
        fail_msg("opportunity %s: %s", title, e.msg);
    return o.id;
}

/* A complaint opened on opened; closed on closed when not NULL. */
static int64_t kcomplaint(fx *f, int64_t customer, const char *opened, const char *closed)
{
    store_complaint k = {.customer_id = customer, .created_by = f->rep1};
    bd_strlcpy(k.opened_on, opened, sizeof k.opened_on);
    bd_strlcpy(k.summary, "late delivery", sizeof k.summary);
    bd_err e = {0};
    if (store_complaint_insert(f->s, &k, &e) != BD_OK)
        fail_msg("complaint: %s", e.msg);
    bd_strlcpy(k.department, "service", sizeof k.department);
    bd_strlcpy(k.state, closed ? "closed" : "investigating", sizeof k.state);
    if (closed) {
        bd_strlcpy(k.resolution, "replaced", sizeof k.resolution);
        bd_strlcpy(k.closed_on, closed, sizeof k.closed_on);
    }
    if (store_complaint_update(f->s, &k, &e) != BD_OK)
        fail_msg("complaint: %s", e.msg);
    return k.id;
}

static void ksurvey(fx *f, int64_t customer, const char *survey, int score, const char *on)
{
    bd_err e = {0};
    if (store_satisfaction_add(f->s, customer, survey, score, on, &e) != BD_OK)
        fail_msg("survey: %s", e.msg);
}

/* The id of the last satisfaction row. */
static int64_t last_survey(fx *f)
{
    return unit_raw_int(f->path, "SELECT max(id) FROM satisfaction");
}

static void kpi_fixture(fx *f, kfx *k)
{
    k->acme = kcustomer(f, "Acme Ltd", f->rep1);
    k->hk = kcustomer(f, "香港貿易公司", f->rep1);
    k->gamma = kcustomer(f, "Gamma AG", f->rep1);
    k->delta = kcustomer(f, "Delta Inc", f->rep2);
    k->epsilon = kcustomer(f, "Epsilon GmbH", f->rep1);
    k->theta = kcustomer(f, "Theta Co", f->rep2);

    /* Contracts. */
    k->c_acme = kcontract(f, k->acme, f->rep1, "HT-2026-0001", 5000000, "CNY", "2026-11-03");
    k->c_hk = kcontract(f, k->hk, f->rep1, "", 123456789, "CNY", "2026-11-20");
    kcontract(f, k->acme, f->rep1, "HT-2026-0003", 800000, "USD", "2026-11-10"); /* currency */
    kcontract(f, k->gamma, f->rep1, "HT-2026-0004", 3000000, "CNY", "2026-10-15"); /* before */
    k->c_gamma = kcontract(f, k->gamma, f->rep1, "HT-2026-0005", 2000000, "CNY", "2026-11-15");
    kcontract(f, k->acme, f->rep1, "HT-2026-0006", 1000000, "CNY", "2026-12-01"); /* after */
    kcontract(f, k->delta, f->rep2, "HT-2026-0007", 900000, "CNY", "2026-11-02"); /* rep2's */
    k->c_delta = kcontract(f, k->delta, f->rep1, "HT-2026-0008", 700000, "CNY", "2026-11-05");
    k->c_epsilon = kcontract(f, k->epsilon, f->rep1, "HT-2026-0009", 500000, "USD",
                             "2026-11-25");
    kcontract(f, k->epsilon, f->rep1, "draft", 999999, "CNY", NULL); /* never signed */
    k->c_hk_last = kcontract(f, k->hk, f->rep1, "HT-2026-0011", 100, "CNY", "2026-11-30");
    /* Theta: rep2 and rep1 sign the same day; rep2's is the older. */
    kcontract(f, k->theta, f->rep2, "HT-2026-0012", 100000, "CNY", "2026-11-12");
    kcontract(f, k->theta, f->rep1, "HT-2026-0013", 100000, "USD", "2026-11-12");

    /* Surveys. */
    ksurvey(f, k->acme, "2026-10 pulse", 1, "2026-10-31"); /* before */
    ksurvey(f, k->acme, "2026-11 pulse", 4, "2026-11-10");
    k->s_acme = last_survey(f);
    ksurvey(f, k->hk, "2026-11 pulse", 5, "2026-11-12");
    k->s_hk = last_survey(f);
    ksurvey(f, k->gamma, "2026-11 pulse", 4, "2026-11-30");
    k->s_gamma = last_survey(f);
    ksurvey(f, k->delta, "2026-11 pulse", 1, "2026-11-15"); /* rep2's customer */
    ksurvey(f, k->epsilon, "2026-12 pulse", 1, "2026-12-01"); /* after */

    /* Opportunities: leads by creation, closed ones by stage_since. */
    k->o_new1 = kopp(f, k->acme, "Acme Ltd", f->rep1, "ERP rollout", "lead", "2026-11-02",
                     "2026-11-01T00:00:00Z");
    k->o_new2 = kopp(f, k->hk, "香港貿易公司", f->rep1, "倉庫系統", "qualified", "2026-11-30",
                     "2026-11-30T23:59:59Z");
    kopp(f, k->acme, "Acme Ltd", f->rep1, "too late", "lead", "2026-12-01",
         "2026-12-01T00:00:00Z");
    kopp(f, k->acme, "Acme Ltd", f->rep1, "too early", "lead", "2026-10-31",
         "2026-10-31T23:59:59Z");
    kopp(f, k->delta, "Delta Inc", f->rep2, "rep2's lead", "lead", "2026-11-05",
         "2026-11-05T10:00:00Z");
    k->o_won1 = kopp(f, k->acme, "Acme Ltd", f->rep1, "Support renewal", "won", "2026-11-10",
                     "2026-09-01T10:00:00Z");
    k->o_won2 = kopp(f, k->gamma, "Gamma AG", f->rep1, "Upgrade", "won", "2026-11-20",
                     "2026-09-02T10:00:00Z");
    k->o_lost = kopp(f, k->epsilon, "Epsilon GmbH", f->rep1, "Pilot", "lost", "2026-11-15",
                     "2026-09-03T10:00:00Z");
    kopp(f, k->gamma, "Gamma AG", f->rep1, "Old win", "won", "2026-10-30",
         "2026-09-04T10:00:00Z");
    kopp(f, k->gamma, "Gamma AG", f->rep1, "Still open", "proposal", "2026-11-12",
         "2026-09-05T10:00:00Z");
    kopp(f, k->delta, "Delta Inc", f->rep2, "rep2's win", "won", "2026-11-12",
         "2026-09-06T10:00:00Z");

    /* Complaints: closed in November, 2 and 3 days. */
    k->k_acme = kcomplaint(f, k->acme, "2026-11-01", "2026-11-03");
    k->k_hk = kcomplaint(f, k->hk, "2026-10-30", "2026-11-02");
    kcomplaint(f, k->gamma, "2026-11-20", NULL);           /* open */
    kcomplaint(f, k->acme, "2026-10-01", "2026-10-05");    /* closed before */
    kcomplaint(f, k->delta, "2026-11-01", "2026-11-20");   /* rep2's customer */
}

static store_kpi_query kq(fx *f, store_kpi kpi)
{
    store_kpi_query q = {.kpi = kpi, .employee_id = f->rep1, .from = "2026-11-01",
                         .to = "2026-11-30", .currency = "CNY", .won_stage = "won",
                         .lost_stage = "lost"};
    return q;
}

static int64_t figure(fx *f, const store_kpi_query *q)
{
    bd_err e = {0};
    int64_t v = -2;
    if (store_kpi_figure(f->s, q, &v, &e) != BD_OK)
        fail_msg("figure %d: %s", (int)q->kpi, e.msg);
    return v;
}

/* The records as "kind id line" lines, one string. */
typedef struct collected {
    bd_buf text;
    int n, stop_after;
} collected;

static int collect(void *ctx, const char *kind, int64_t id, const char *what)
{
    collected *c = ctx;
    bd_buf_printf(&c->text, "%s %lld %s\n", kind, (long long)id, what);
    c->n++;
    return c->stop_after && c->n >= c->stop_after;
}

static void assert_records(fx *f, const store_kpi_query *q, const char *want)
{
    collected c = {0};
    bd_err e = {0};
    assert_int_equal(store_kpi_records(f->s, q, collect, &c, &e), BD_OK);
    assert_string_equal(bd_buf_str(&c.text), want);
    bd_buf_free(&c.text);
}

/* Record cost on contract id (through the store, as the app does). */
static void set_cost(fx *f, int64_t id, int64_t cost)
{
    store_viewer all = {.see = STORE_SEE_ALL};
    store_contract c;
    bd_err e = {0};
    if (store_contract_get(f->s, &all, id, &c, &e) != BD_OK)
        fail_msg("contract %lld: %s", (long long)id, e.msg);
    c.has_cost = true;
    c.cost = cost;
    if (store_contract_update(f->s, &c, &e) != BD_OK)
        fail_msg("contract %lld: %s", (long long)id, e.msg);
}

static void test_kpi_profit(void **state)
{
    fx *f = *state;
    kfx k;
    kpi_fixture(f, &k);
    store_kpi_query q = kq(f, STORE_KPI_PROFIT);
    /* No contract records its cost: nothing to compute profit from. */
    assert_int_equal(figure(f, &q), -1);
    set_cost(f, k.c_acme, 1000000);   /* 50,000.00 - 10,000.00 */
    set_cost(f, k.c_gamma, 2500000);  /* 20,000.00 - 25,000.00: a loss */
    set_cost(f, k.c_epsilon, 100);    /* USD: another currency, left out */
    assert_int_equal(figure(f, &q), (5000000 - 1000000) + (2000000 - 2500000));
    char want[512];
    snprintf(want, sizeof want,
             "contract %lld HT-2026-0001 Acme Ltd 50,000.00 less cost 10,000.00 CNY signed "
             "2026-11-03\n"
             "contract %lld HT-2026-0005 Gamma AG 20,000.00 less cost 25,000.00 CNY signed "
             "2026-11-15\n",
             (long long)k.c_acme, (long long)k.c_gamma);
    assert_records(f, &q, want);
}

static void test_kpi_signed(void **state)
{
    fx *f = *state;
    kfx k;
    kpi_fixture(f, &k);
    store_kpi_query q = kq(f, STORE_KPI_SIGNED);
    /* 50,000.00 + 1,234,567.89 + 20,000.00 + 7,000.00 + 1.00 (CNY only, in
     * the dates, rep1's). */
    assert_int_equal(figure(f, &q), 5000000 + 123456789 + 2000000 + 700000 + 100);
    char want[1024];
    snprintf(want, sizeof want,
             "contract %lld HT-2026-0001 Acme Ltd 50,000.00 CNY signed 2026-11-03\n"
             "contract %lld HT-2026-0008 Delta Inc 7,000.00 CNY signed 2026-11-05\n"
             "contract %lld HT-2026-0005 Gamma AG 20,000.00 CNY signed 2026-11-15\n"
             "contract %lld #%lld 香港貿易公司 1,234,567.89 CNY signed 2026-11-20\n"
             "contract %lld HT-2026-0011 香港貿易公司 1.00 CNY signed 2026-11-30\n",
             (long long)k.c_acme, (long long)k.c_delta, (long long)k.c_gamma,
             (long long)k.c_hk, (long long)k.c_hk, (long long)k.c_hk_last);
    assert_records(f, &q, want);

    /* The other currency by itself. */
    q.currency = "USD";
    assert_int_equal(figure(f, &q), 800000 + 500000 + 100000);
    /* Nobody's: 0, not -1 (a sum of nothing is known). */
    q.employee_id = f->fin;
    assert_int_equal(figure(f, &q), 0);
    assert_records(f, &q, "");
    /* A currency is required. */
    q.currency = NULL;
    int64_t v = 7;
    bd_err e = {0};
    assert_int_equal(store_kpi_figure(f->s, &q, &v, &e), BD_ERR_INVALID);
}

static void test_kpi_new_customers(void **state)
{
    fx *f = *state;
    kfx k;
    kpi_fixture(f, &k);
    store_kpi_query q = kq(f, STORE_KPI_NEW_CUSTOMERS);
    /* Acme, 香港貿易公司 and Epsilon (in USD: any currency counts).  Not
     * Gamma (first signed in October), Delta (rep2 signed first) or Theta
     * (rep2's contract of the same day is the older). */
    assert_int_equal(figure(f, &q), 300);
    char want[1024];
    snprintf(want, sizeof want,
             "customer %lld Acme Ltd first contract HT-2026-0001 signed 2026-11-03\n"
             "customer %lld 香港貿易公司 first contract #%lld signed 2026-11-20\n"
             "customer %lld Epsilon GmbH first contract HT-2026-0009 signed 2026-11-25\n",
             (long long)k.acme, (long long)k.hk, (long long)k.c_hk, (long long)k.epsilon);
    assert_records(f, &q, want);

    /* rep2 has Delta (2 Nov) and Theta (12 Nov). */
    q.employee_id = f->rep2;
    assert_int_equal(figure(f, &q), 200);
    /* October: Gamma. */
    q.employee_id = f->rep1;
    q.from = "2026-10-01";
    q.to = "2026-10-31";
    assert_int_equal(figure(f, &q), 100);
}

static void test_kpi_satisfaction(void **state)
{
    fx *f = *state;
    kfx k;
    kpi_fixture(f, &k);
    store_kpi_query q = kq(f, STORE_KPI_SATISFACTION);
    /* (4 + 5 + 4) / 3 = 4.333 -> 433. */
    assert_int_equal(figure(f, &q), 433);
    char want[1024];
    snprintf(want, sizeof want,
             "survey %lld Acme Ltd survey 2026-11 pulse score 4 on 2026-11-10\n"
             "survey %lld 香港貿易公司 survey 2026-11 pulse score 5 on 2026-11-12\n"
             "survey %lld Gamma AG survey 2026-11 pulse score 4 on 2026-11-30\n",
             (long long)k.s_acme, (long long)k.s_hk, (long long)k.s_gamma);
    assert_records(f, &q, want);

    /* Rounded half up: (4 + 5) / 2 = 4.5 -> 450; (4 + 5 + 5) / 3 = 4.667 -> 467. */
    q.to = "2026-11-12";
    assert_int_equal(figure(f, &q), 450);
    ksurvey(f, k.epsilon, "2026-11 extra", 5, "2026-11-11");
    assert_int_equal(figure(f, &q), 467);
    /* One score per customer and survey. */
    bd_err e = {0};
    assert_int_equal(store_satisfaction_add(f->s, k.epsilon, "2026-11 extra", 3, "2026-11-12", &e),
                     BD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "already has a score for survey '2026-11 extra'"));
    assert_int_equal(figure(f, &q), 467);

    /* No survey: -1. */
    q.employee_id = f->sup;
    assert_int_equal(figure(f, &q), -1);
    assert_records(f, &q, "");
    q.employee_id = f->rep1;
    q.from = "2027-01-01";
    q.to = "2027-01-31";
    assert_int_equal(figure(f, &q), -1);
}

static void test_kpi_leads(void **state)
{
    fx *f = *state;
    kfx k;
    kpi_fixture(f, &k);
    store_kpi_query q = kq(f, STORE_KPI_LEADS);
    /* Created 1 Nov 00:00:00 and 30 Nov 23:59:59; not 31 Oct or 1 Dec. */
    assert_int_equal(figure(f, &q), 200);
    char want[1024];
    snprintf(want, sizeof want,
             "opportunity %lld Acme Ltd / ERP rollout (lead) created 2026-11-01\n"
             "opportunity %lld 香港貿易公司 / 倉庫系統 (qualified) created 2026-11-30\n",
             (long long)k.o_new1, (long long)k.o_new2);
    assert_records(f, &q, want);
    q.employee_id = f->rep2;
    assert_int_equal(figure(f, &q), 100);
    q.employee_id = f->fin;
    assert_int_equal(figure(f, &q), 0);
}

static void test_kpi_conversion(void **state)
{
    fx *f = *state;
    kfx k;
    kpi_fixture(f, &k);
    store_kpi_query q = kq(f, STORE_KPI_CONVERSION);
    /* 2 won of 3 closed in November: 66.67% -> 6667. */
    assert_int_equal(figure(f, &q), 6667);
    char want[1024];
    snprintf(want, sizeof want,
             "opportunity %lld Acme Ltd / Support renewal won 2026-11-10\n"
             "opportunity %lld Epsilon GmbH / Pilot lost 2026-11-15\n"
             "opportunity %lld Gamma AG / Upgrade won 2026-11-20\n",
             (long long)k.o_won1, (long long)k.o_lost, (long long)k.o_won2);
    assert_records(f, &q, want);

    /* rep2: 1 of 1. */
    q.employee_id = f->rep2;
    assert_int_equal(figure(f, &q), 10000);
    /* None closed: -1. */
    q.employee_id = f->rep1;
    q.from = "2026-12-01";
    q.to = "2026-12-31";
    assert_int_equal(figure(f, &q), -1);
    /* Only lost: 0. */
    q.from = "2026-11-15";
    q.to = "2026-11-15";
    assert_int_equal(figure(f, &q), 0);
    /* The stages are required. */
    q.lost_stage = "";
    int64_t v;
    bd_err e = {0};
    assert_int_equal(store_kpi_figure(f->s, &q, &v, &e), BD_ERR_INVALID);
}

static void test_kpi_resolution(void **state)
{
    fx *f = *state;
    kfx k;
    kpi_fixture(f, &k);
    store_kpi_query q = kq(f, STORE_KPI_RESOLUTION);
    /* (2 + 3) / 2 days = 2.5 -> 250. */
    assert_int_equal(figure(f, &q), 250);
    char want[1024];
    snprintf(want, sizeof want,
             "complaint %lld 香港貿易公司 opened 2026-10-30 closed 2026-11-02 (3 days)\n"
             "complaint %lld Acme Ltd opened 2026-11-01 closed 2026-11-03 (2 days)\n",
             (long long)k.k_hk, (long long)k.k_acme);
    assert_records(f, &q, want);

    /* One closed the same day: (2 + 3 + 0) / 3 = 1.667 -> 167. */
    kcomplaint(f, k.epsilon, "2026-11-18", "2026-11-18");
    assert_int_equal(figure(f, &q), 167);
    /* None closed: -1. */
    q.employee_id = f->sup;
    assert_int_equal(figure(f, &q), -1);
    q.employee_id = f->rep1;
    q.from = "2026-12-01";
    q.to = "2026-12-31";
    assert_int_equal(figure(f, &q), -1);
}

static void test_kpi_records_stop_and_checks(void **state)
{
    fx *f = *state;
    kfx k;
    kpi_fixture(f, &k);
    store_kpi_query q = kq(f, STORE_KPI_SIGNED);
    collected c = {.stop_after = 2};
    bd_err e = {0};
    assert_int_equal(store_kpi_records(f->s, &q, collect, &c, &e), BD_OK);
    assert_int_equal(c.n, 2);
    bd_buf_free(&c.text);

    int64_t v = 0;
    q.from = "2026-11-31";
    assert_int_equal(store_kpi_figure(f->s, &q, &v, &e), BD_ERR_INVALID);
    assert_int_equal(store_kpi_records(f->s, &q, collect, &c, &e), BD_ERR_INVALID);
    q.from = NULL;
    assert_int_equal(store_kpi_figure(f->s, &q, &v, &e), BD_ERR_INVALID);
    q.from = "2026-11-01";
    q.kpi = (store_kpi)42;
    assert_int_equal(store_kpi_figure(f->s, &q, &v, &e), BD_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_periods, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reviews, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ratings, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_peers, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_scores, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_plans, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_signed, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_profit, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_new_customers, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_satisfaction, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_leads, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_conversion, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_resolution, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_kpi_records_stop_and_checks, fx_setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
