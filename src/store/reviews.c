/* Reviews (migration 007): review periods per department, one review per
 * employee and period, the ratings of each evaluator source, peers, the
 * scores as they were finalised (per revision) and improvement plans.
 * The computed KPIs' figures are in kpis.c.
 *
 * Periods, reviews and plans are optimistic on their version: an update
 * names the version it read, a stale one is BD_ERR_CONFLICT, a good one
 * bumps it.  A review's score and bonus are NULL until final; the structs
 * carry -1 for NULL.  As every store function these begin no transaction
 * of their own: app/ wraps each action in BEGIN IMMEDIATE. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* ---- Helpers ------------------------------------------------------------ */

/* An id where 0 means "none": 0 binds NULL. */
static int bind_id_opt(sqlite3_stmt *st, int idx, int64_t id)
{
    return id ? sqlite3_bind_int64(st, idx, id) : sqlite3_bind_null(st, idx);
}

/* A number where -1 means "none": -1 binds NULL. */
static int bind_num_opt(sqlite3_stmt *st, int idx, int64_t v)
{
    return v < 0 ? sqlite3_bind_null(st, idx) : sqlite3_bind_int64(st, idx, v);
}

/* The column as a number, NULL reading -1. */
static int64_t column_num_opt(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, col);
}

/* Text for a NOT NULL DEFAULT '' column: NULL binds "". */
static int bind_text0(sqlite3_stmt *st, int idx, const char *text)
{
    return store_bind_text(st, idx, text ? text : "");
}


/* ---- Periods ------------------------------------------------------------ */

#define PERIOD_SELECT                                                                       \
    "SELECT id, department, period, state, opened_by, opened_at, finalised_at, "            \
    "published_at, version FROM review_periods "

static void period_row(sqlite3_stmt *st, void *out)
{
    store_review_period *p = out;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, p->department, sizeof p->department);
    store_column_copy(st, 2, p->period, sizeof p->period);
    store_column_copy(st, 3, p->state, sizeof p->state);
    p->opened_by = sqlite3_column_int64(st, 4);
    store_column_copy(st, 5, p->opened_at, sizeof p->opened_at);
    store_column_copy(st, 6, p->finalised_at, sizeof p->finalised_at);
    store_column_copy(st, 7, p->published_at, sizeof p->published_at);
    p->version = sqlite3_column_int64(st, 8);
}

/* state "" is 'open'; opened_at "" takes SQLite's clock. */
bd_status store_review_period_insert(store *s, store_review_period *p, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO review_periods (department, period, state, opened_by, opened_at, "
        "finalised_at, published_at) VALUES (?1, ?2, coalesce(?3, 'open'), ?4, "
        "coalesce(?5, " NOW_UTC "), ?6, ?7) RETURNING id, state, opened_at, version", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, p->department);
    store_bind_text(st, 2, p->period);
    store_bind_opt(st, 3, p->state);
    sqlite3_bind_int64(st, 4, p->opened_by);
    store_bind_opt(st, 5, p->opened_at);
    bind_text0(st, 6, p->finalised_at);
    bind_text0(st, 7, p->published_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        p->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, p->state, sizeof p->state);
        store_column_copy(st, 2, p->opened_at, sizeof p->opened_at);
        p->version = sqlite3_column_int64(st, 3);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE) {
        if (store_unique_violation(s, rc))
            status = bd_errf(e, BD_ERR_CONFLICT, "department %s has review period %s already",
                             p->department, p->period);
        else
            status = store_fail(s, rc, e, "opening review period %s of %s", p->period,
                                p->department);
    }
    sqlite3_finalize(st);
    return status;
}

/* One period by the query's condition (?1, ?2); missing is NOTFOUND with
 * the message what. */
static bd_status period_one(store *s, const char *sql, int64_t id, const char *department,
                            const char *period, store_review_period *p, const char *what,
                            bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql, &st, e);
    if (status != BD_OK)
        return status;
    if (department) {
        store_bind_text(st, 1, department);
        store_bind_text(st, 2, period);
    } else {
        sqlite3_bind_int64(st, 1, id);
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        period_row(st, p);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no %s", what);
    else
        status = store_fail(s, rc, e, "reading %s", what);
    sqlite3_finalize(st);
    return status;
}

bd_status store_review_period_get(store *s, int64_t id, store_review_period *p, bd_err *e)
{
    char what[64];
    snprintf(what, sizeof what, "review period #%lld", (long long)id);
    return period_one(s, PERIOD_SELECT "WHERE id = ?1", id, NULL, NULL, p, what, e);
}

bd_status store_review_period_find(store *s, const char *department, const char *period,
                                   store_review_period *p, bd_err *e)
{
    if (!department || !period)
        return bd_errf(e, BD_ERR_INVALID, "a review period needs a department and a period");
    char what[128];
    snprintf(what, sizeof what, "review period %s of %s", period, department);
    return period_one(s, PERIOD_SELECT "WHERE department = ?1 AND period = ?2", 0, department,
                      period, p, what, e);
}

/* The state and the timestamps; opened_at "" keeps the one the period was
 * opened with. */
bd_status store_review_period_update(store *s, store_review_period *p, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE review_periods SET state = ?1, opened_at = coalesce(?2, opened_at), "
        "finalised_at = ?3, published_at = ?4, version = version + 1 "
        "WHERE id = ?5 AND version = ?6 RETURNING opened_at, version", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, p->state);
    store_bind_opt(st, 2, p->opened_at);
    bind_text0(st, 3, p->finalised_at);
    bind_text0(st, 4, p->published_at);
    sqlite3_bind_int64(st, 5, p->id);
    sqlite3_bind_int64(st, 6, p->version);
    bool changed = false;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        changed = true;
        store_column_copy(st, 0, p->opened_at, sizeof p->opened_at);
        p->version = sqlite3_column_int64(st, 1);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "changing review period #%lld", (long long)p->id);
    sqlite3_finalize(st);
    if (status == BD_OK && !changed)
        return bd_errf(e, BD_ERR_CONFLICT,
                       "review period #%lld was changed by someone else; reload",
                       (long long)p->id);
    return status;
}

bd_status store_review_period_list(store *s, const char *department, store_review_period *rows,
                                   int max, int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, department
        ? PERIOD_SELECT "WHERE department = ?1 ORDER BY period DESC, id LIMIT ?2"
        : PERIOD_SELECT "WHERE ?1 IS NULL ORDER BY period DESC, department, id LIMIT ?2",
        &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, department);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, period_row, rows, sizeof *rows, max, n,
                         "listing review periods", e);
}

/* ---- Reviews ------------------------------------------------------------ */

#define REVIEW_SELECT                                                                       \
    "SELECT r.id, r.period_id, p.period, p.department, r.employee_id, u.login, u.name, "    \
    "u.role, r.supervisor_id, sv.login, r.template, r.state, r.score, r.grade, r.bonus, "   \
    "r.grade_reason, r.revision, r.self_done_at, r.interview, r.goals, r.interviewed_at, "  \
    "r.updated_at, r.version, r.figures_checked_by, fc.login, r.figures_checked_at "       \
    "FROM reviews r "                                                                       \
    "JOIN review_periods p ON p.id = r.period_id JOIN users u ON u.id = r.employee_id "     \
    "LEFT JOIN users sv ON sv.id = r.supervisor_id "                                        \
    "LEFT JOIN users fc ON fc.id = r.figures_checked_by "

static void review_row(sqlite3_stmt *st, void *out)
{
    store_review *r = out;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->period_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, r->period, sizeof r->period);
    store_column_copy(st, 3, r->department, sizeof r->department);
    r->employee_id = sqlite3_column_int64(st, 4);
    store_column_copy(st, 5, r->employee_login, sizeof r->employee_login);
    store_column_copy(st, 6, r->employee_name, sizeof r->employee_name);
    store_column_copy(st, 7, r->employee_role, sizeof r->employee_role);
    r->supervisor_id = sqlite3_column_int64(st, 8); /* NULL reads as 0 */
    store_column_copy(st, 9, r->supervisor_login, sizeof r->supervisor_login);
    store_column_copy(st, 10, r->template_code, sizeof r->template_code);
    store_column_copy(st, 11, r->state, sizeof r->state);
    r->score = column_num_opt(st, 12);
    store_column_copy(st, 13, r->grade, sizeof r->grade);
    r->bonus = column_num_opt(st, 14);
    store_column_copy(st, 15, r->grade_reason, sizeof r->grade_reason);
    r->revision = sqlite3_column_int(st, 16);
    store_column_copy(st, 17, r->self_done_at, sizeof r->self_done_at);
    store_column_copy(st, 18, r->interview, sizeof r->interview);
    store_column_copy(st, 19, r->goals, sizeof r->goals);
    store_column_copy(st, 20, r->interviewed_at, sizeof r->interviewed_at);
    store_column_copy(st, 21, r->updated_at, sizeof r->updated_at);
    r->version = sqlite3_column_int64(st, 22);
    r->figures_checked_by = sqlite3_column_int64(st, 23); /* NULL reads as 0 */
    store_column_copy(st, 24, r->figures_checked_by_login, sizeof r->figures_checked_by_login);
    store_column_copy(st, 25, r->figures_checked_at, sizeof r->figures_checked_at);
}

/* The message of a second review of one employee and period, naming both
 * when they can be read. */
static bd_status review_taken(store *s, const store_review *r, bd_err *e)
{
    char login[33] = "", period[8] = "";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT (SELECT login FROM users WHERE id = ?1), "
                           "(SELECT period FROM review_periods WHERE id = ?2)",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, r->employee_id);
        sqlite3_bind_int64(st, 2, r->period_id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            store_column_copy(st, 0, login, sizeof login);
            store_column_copy(st, 1, period, sizeof period);
        }
    }
    sqlite3_finalize(st);
    if (*login && *period)
        return bd_errf(e, BD_ERR_CONFLICT, "%s has a review of period %s already", login, period);
    return bd_errf(e, BD_ERR_CONFLICT, "user #%lld has a review of period #%lld already",
                   (long long)r->employee_id, (long long)r->period_id);
}

/* state "" is 'self', revision 0 is 1, score and bonus -1 are NULL,
 * supervisor_id 0 is none; updated_at "" takes SQLite's clock. */
bd_status store_review_insert(store *s, store_review *r, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO reviews (period_id, employee_id, supervisor_id, template, state, score, "
        "grade, bonus, grade_reason, revision, self_done_at, interview, goals, interviewed_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, coalesce(?5, 'self'), ?6, ?7, ?8, ?9, "
        "coalesce(nullif(?10, 0), 1), ?11, ?12, ?13, ?14, coalesce(?15, " NOW_UTC ")) "
        "RETURNING id, state, revision, updated_at, version", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, r->period_id);
    sqlite3_bind_int64(st, 2, r->employee_id);
    bind_id_opt(st, 3, r->supervisor_id);
    bind_text0(st, 4, r->template_code);
    store_bind_opt(st, 5, r->state);
    bind_num_opt(st, 6, r->score);
    bind_text0(st, 7, r->grade);
    bind_num_opt(st, 8, r->bonus);
    bind_text0(st, 9, r->grade_reason);
    sqlite3_bind_int(st, 10, r->revision);
    bind_text0(st, 11, r->self_done_at);
    bind_text0(st, 12, r->interview);
    bind_text0(st, 13, r->goals);
    bind_text0(st, 14, r->interviewed_at);
    store_bind_opt(st, 15, r->updated_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        r->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, r->state, sizeof r->state);
        r->revision = sqlite3_column_int(st, 2);
        store_column_copy(st, 3, r->updated_at, sizeof r->updated_at);
        r->version = sqlite3_column_int64(st, 4);
        rc = sqlite3_step(st);
    }
    bool taken = false;
    if (rc != SQLITE_DONE) {
        if (store_unique_violation(s, rc))
            taken = true;
        else
            status = store_fail(s, rc, e, "adding a review");
    }
    sqlite3_finalize(st);
    if (taken)
        status = review_taken(s, r, e);
    return status;
}

bd_status store_review_get(store *s, int64_t id, store_review *r, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, REVIEW_SELECT "WHERE r.id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        review_row(st, r);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no review #%lld", (long long)id);
    else
        status = store_fail(s, rc, e, "reading review #%lld", (long long)id);
    sqlite3_finalize(st);
    return status;
}

/* Every field but id, period_id, employee_id, supervisor_id, the template
 * and the filled ones.  updated_at "" takes SQLite's clock; updated_at and
 * version are read back. */
bd_status store_review_update(store *s, store_review *r, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE reviews SET state = ?1, score = ?2, grade = ?3, bonus = ?4, grade_reason = ?5, "
        "revision = ?6, self_done_at = ?7, interview = ?8, goals = ?9, interviewed_at = ?10, "
        "updated_at = coalesce(?11, " NOW_UTC "), figures_checked_by = ?14, "
        "figures_checked_at = ?15, version = version + 1 "
        "WHERE id = ?12 AND version = ?13 RETURNING updated_at, version", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, r->state);
    bind_num_opt(st, 2, r->score);
    bind_text0(st, 3, r->grade);
    bind_num_opt(st, 4, r->bonus);
    bind_text0(st, 5, r->grade_reason);
    sqlite3_bind_int(st, 6, r->revision);
    bind_text0(st, 7, r->self_done_at);
    bind_text0(st, 8, r->interview);
    bind_text0(st, 9, r->goals);
    bind_text0(st, 10, r->interviewed_at);
    store_bind_opt(st, 11, r->updated_at);
    sqlite3_bind_int64(st, 12, r->id);
    sqlite3_bind_int64(st, 13, r->version);
    bind_id_opt(st, 14, r->figures_checked_by);
    bind_text0(st, 15, r->figures_checked_at);
    bool changed = false;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        changed = true;
        store_column_copy(st, 0, r->updated_at, sizeof r->updated_at);
        r->version = sqlite3_column_int64(st, 1);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "changing review #%lld", (long long)r->id);
    sqlite3_finalize(st);
    if (status == BD_OK && !changed)
        return bd_errf(e, BD_ERR_CONFLICT, "review #%lld was changed by someone else; reload",
                       (long long)r->id);
    return status;
}

bd_status store_review_list(store *s, int64_t period_id, store_review *rows, int max, int *n,
                            bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, REVIEW_SELECT "WHERE r.period_id = ?1 "
                                        "ORDER BY u.login LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, period_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, review_row, rows, sizeof *rows, max, n, "listing reviews", e);
}

bd_status store_review_history(store *s, int64_t employee_id, store_review *rows, int max,
                               int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, REVIEW_SELECT "WHERE r.employee_id = ?1 "
                                        "ORDER BY p.period DESC, r.id DESC LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, employee_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, review_row, rows, sizeof *rows, max, n,
                         "listing a review history", e);
}

/* ---- Ratings ------------------------------------------------------------ */

static void rating_row(sqlite3_stmt *st, void *out)
{
    store_rating *r = out;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->review_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, r->kpi, sizeof r->kpi);
    store_column_copy(st, 3, r->source, sizeof r->source);
    r->rater_id = sqlite3_column_int64(st, 4);
    store_column_copy(st, 5, r->rater_login, sizeof r->rater_login);
    r->rating = sqlite3_column_int(st, 6);
    store_column_copy(st, 7, r->comment, sizeof r->comment);
    store_column_copy(st, 8, r->at, sizeof r->at);
}

/* A second rating by the same rater of the same review, KPI and source
 * replaces the rating, the comment and when it was given (at "" takes
 * SQLite's clock); r->id is the row's either way. */
bd_status store_rating_put(store *s, store_rating *r, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO review_ratings (review_id, kpi, source, rater_id, rating, comment, at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, " NOW_UTC ")) "
        "ON CONFLICT (review_id, kpi, source, rater_id) DO UPDATE SET "
        "rating = excluded.rating, comment = excluded.comment, at = excluded.at "
        "RETURNING id, at", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, r->review_id);
    bind_text0(st, 2, r->kpi);
    bind_text0(st, 3, r->source);
    sqlite3_bind_int64(st, 4, r->rater_id);
    sqlite3_bind_int(st, 5, r->rating);
    bind_text0(st, 6, r->comment);
    store_bind_opt(st, 7, r->at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        r->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, r->at, sizeof r->at);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "rating %s of review #%lld", r->kpi,
                            (long long)r->review_id);
    sqlite3_finalize(st);
    return status;
}

/* By KPI, source and rater login. */
bd_status store_rating_list(store *s, int64_t review_id, store_rating *rows, int max, int *n,
                            bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT r.id, r.review_id, r.kpi, r.source, r.rater_id, u.login, r.rating, r.comment, "
        "r.at FROM review_ratings r JOIN users u ON u.id = r.rater_id WHERE r.review_id = ?1 "
        "ORDER BY r.kpi, r.source, u.login, r.id LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, review_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, rating_row, rows, sizeof *rows, max, n, "listing ratings", e);
}

/* ---- Peers -------------------------------------------------------------- */

/* A peer named twice is BD_ERR_INVALID (the header promises no conflict
 * here; nothing races for it). */
bd_status store_review_peer_add(store *s, int64_t review_id, int64_t peer_id, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO review_peers (review_id, peer_id) VALUES (?1, ?2)", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, review_id);
    sqlite3_bind_int64(st, 2, peer_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        if (store_unique_violation(s, rc))
            status = bd_errf(e, BD_ERR_INVALID, "user #%lld is a peer of review #%lld already",
                             (long long)peer_id, (long long)review_id);
        else
            status = store_fail(s, rc, e, "adding a peer to review #%lld",
                                (long long)review_id);
    }
    sqlite3_finalize(st);
    return status;
}

static void id_row(sqlite3_stmt *st, void *out)
{
    *(int64_t *)out = sqlite3_column_int64(st, 0);
}

/* In the order of their ids. */
bd_status store_review_peers(store *s, int64_t review_id, int64_t *ids, int max, int *n,
                             bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "SELECT peer_id FROM review_peers WHERE review_id = ?1 "
                                        "ORDER BY peer_id LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, review_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, id_row, ids, sizeof *ids, max, n, "listing review peers", e);
}

/* Through review_peers_peer (peer_id, review_id), then each review by id. */
bd_status store_reviews_to_rate_as_peer(store *s, int64_t user_id, store_review *rows, int max,
                                        int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        REVIEW_SELECT "JOIN review_peers rp ON rp.review_id = r.id "
        "WHERE rp.peer_id = ?1 AND r.state IN ('self', 'rating') ORDER BY rp.review_id LIMIT ?2",
        &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, review_row, rows, sizeof *rows, max, n,
                         "listing the reviews to rate as a peer", e);
}

/* ---- Scores ------------------------------------------------------------- */

/* Step the statement writing KPI kpi's row of a review: a second row of
 * the same KPI is the caller's mistake ("KPI x is scored twice"). */
static bd_status step_kpi_row(store *s, sqlite3_stmt *st, const char *kpi, const char *done,
                              const char *what, bd_err *e)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        return BD_OK;
    if (store_unique_violation(s, rc))
        return bd_errf(e, BD_ERR_INVALID, "KPI %s is %s twice", kpi, done);
    return store_fail(s, rc, e, "writing the %s of %s", what, kpi);
}

/* The rows replace every score of (review, revision), in the caller's
 * transaction; figure and points -1 are NULL.  A KPI twice in rows is
 * BD_ERR_INVALID (the primary key). */
bd_status store_review_scores_put(store *s, int64_t review_id, int revision,
                                  const store_review_score *rows, int n, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "DELETE FROM review_scores WHERE review_id = ?1 AND revision = ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, review_id);
    sqlite3_bind_int(st, 2, revision);
    status = store_step_done(s, st, e, "replacing the scores of a review");
    sqlite3_finalize(st);
    if (status != BD_OK || n <= 0)
        return status;
    status = store_prepare(s,
        "INSERT INTO review_scores (review_id, revision, kpi, figure, points) "
        "VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
    if (status != BD_OK)
        return status;
    for (int i = 0; i < n && status == BD_OK; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, review_id);
        sqlite3_bind_int(st, 2, revision);
        store_bind_text(st, 3, rows[i].kpi);
        bind_num_opt(st, 4, rows[i].figure);
        bind_num_opt(st, 5, rows[i].points);
        status = step_kpi_row(s, st, rows[i].kpi, "scored", "score", e);
    }
    sqlite3_finalize(st);
    return status;
}

static void score_row(sqlite3_stmt *st, void *out)
{
    store_review_score *r = out;
    memset(r, 0, sizeof *r);
    store_column_copy(st, 0, r->kpi, sizeof r->kpi);
    r->figure = column_num_opt(st, 1);
    r->points = column_num_opt(st, 2);
}

/* In the order they were put (the template's). */
bd_status store_review_scores(store *s, int64_t review_id, int revision,
                              store_review_score *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT kpi, figure, points FROM review_scores WHERE review_id = ?1 AND revision = ?2 "
        "ORDER BY rowid LIMIT ?3", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, review_id);
    sqlite3_bind_int(st, 2, revision);
    sqlite3_bind_int(st, 3, max);
    return store_collect(s, st, score_row, rows, sizeof *rows, max, n,
                         "listing the scores of a review", e);
}

/* ---- Checked figures (migration 010) ------------------------------------ */

/* In the caller's transaction; figure -1 is NULL. */
bd_status store_review_figures_put(store *s, int64_t review_id, const store_review_figure *rows,
                                   int n, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "DELETE FROM review_figures WHERE review_id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, review_id);
    status = store_step_done(s, st, e, "replacing the checked figures of a review");
    sqlite3_finalize(st);
    if (status != BD_OK || n <= 0)
        return status;
    status = store_prepare(s, "INSERT INTO review_figures (review_id, kpi, figure) "
                              "VALUES (?1, ?2, ?3)", &st, e);
    if (status != BD_OK)
        return status;
    for (int i = 0; i < n && status == BD_OK; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, review_id);
        store_bind_text(st, 2, rows[i].kpi);
        bind_num_opt(st, 3, rows[i].figure);
        status = step_kpi_row(s, st, rows[i].kpi, "checked", "checked figure", e);
    }
    sqlite3_finalize(st);
    return status;
}

static void figure_row(sqlite3_stmt *st, void *out)
{
    store_review_figure *r = out;
    memset(r, 0, sizeof *r);
    store_column_copy(st, 0, r->kpi, sizeof r->kpi);
    r->figure = column_num_opt(st, 1);
}

bd_status store_review_figures(store *s, int64_t review_id, store_review_figure *rows, int max,
                               int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "SELECT kpi, figure FROM review_figures "
                                        "WHERE review_id = ?1 ORDER BY kpi LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, review_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, figure_row, rows, sizeof *rows, max, n,
                         "listing the checked figures of a review", e);
}

/* ---- Improvement plans -------------------------------------------------- */

#define PLAN_SELECT                                                                         \
    "SELECT p.id, p.employee_id, u.login, p.review_id, p.goals, p.support, p.review_on, "   \
    "p.result, p.state, p.created_at, p.version FROM improvement_plans p "                  \
    "JOIN users u ON u.id = p.employee_id "

static void plan_row(sqlite3_stmt *st, void *out)
{
    store_improvement_plan *p = out;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->employee_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, p->employee_login, sizeof p->employee_login);
    p->review_id = sqlite3_column_int64(st, 3);
    store_column_copy(st, 4, p->goals, sizeof p->goals);
    store_column_copy(st, 5, p->support, sizeof p->support);
    store_column_copy(st, 6, p->review_on, sizeof p->review_on);
    store_column_copy(st, 7, p->result, sizeof p->result);
    store_column_copy(st, 8, p->state, sizeof p->state);
    store_column_copy(st, 9, p->created_at, sizeof p->created_at);
    p->version = sqlite3_column_int64(st, 10);
}

/* state "" is 'open'; created_at "" takes SQLite's clock. */
bd_status store_plan_insert(store *s, store_improvement_plan *p, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO improvement_plans (employee_id, review_id, goals, support, review_on, "
        "result, state, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, 'open'), "
        "coalesce(?8, " NOW_UTC ")) RETURNING id, state, created_at, version", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, p->employee_id);
    sqlite3_bind_int64(st, 2, p->review_id);
    bind_text0(st, 3, p->goals);
    bind_text0(st, 4, p->support);
    bind_text0(st, 5, p->review_on);
    bind_text0(st, 6, p->result);
    store_bind_opt(st, 7, p->state);
    store_bind_opt(st, 8, p->created_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        p->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, p->state, sizeof p->state);
        store_column_copy(st, 2, p->created_at, sizeof p->created_at);
        p->version = sqlite3_column_int64(st, 3);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "adding an improvement plan");
    sqlite3_finalize(st);
    return status;
}

bd_status store_plan_get(store *s, int64_t id, store_improvement_plan *p, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, PLAN_SELECT "WHERE p.id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        plan_row(st, p);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no improvement plan #%lld", (long long)id);
    else
        status = store_fail(s, rc, e, "reading improvement plan #%lld", (long long)id);
    sqlite3_finalize(st);
    return status;
}

bd_status store_plan_update(store *s, store_improvement_plan *p, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE improvement_plans SET result = ?1, state = ?2, version = version + 1 "
        "WHERE id = ?3 AND version = ?4 RETURNING version", &st, e);
    if (status != BD_OK)
        return status;
    bind_text0(st, 1, p->result);
    store_bind_text(st, 2, p->state);
    sqlite3_bind_int64(st, 3, p->id);
    sqlite3_bind_int64(st, 4, p->version);
    bool changed = false;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        changed = true;
        p->version = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "changing improvement plan #%lld", (long long)p->id);
    sqlite3_finalize(st);
    if (status == BD_OK && !changed)
        return bd_errf(e, BD_ERR_CONFLICT,
                       "improvement plan #%lld was changed by someone else; reload",
                       (long long)p->id);
    return status;
}

bd_status store_plan_list(store *s, int64_t employee_id, store_improvement_plan *rows, int max,
                          int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, employee_id
        ? PLAN_SELECT "WHERE p.employee_id = ?1 ORDER BY p.id DESC LIMIT ?2"
        : PLAN_SELECT "WHERE ?1 = 0 ORDER BY p.id DESC LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, employee_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, plan_row, rows, sizeof *rows, max, n,
                         "listing improvement plans", e);
}
