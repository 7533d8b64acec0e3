/* Budgets (migration 006): the amount per department x category x period,
 * what the department's claims spent against it, and the requests that
 * change it (budget_changes).
 *
 * What a budget has spent is computed, never stored: committed is the sum
 * of the lines of the department's approved claims of the budget's
 * category dated within its period, paid the same for paid claims.  The
 * lines are found through claim_lines_spend (category, on_date) and their
 * claims by primary key.
 *
 * Like every store function these run inside the caller's transaction
 * (app/ wraps each action in BEGIN IMMEDIATE) and begin none of their own. */
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* ---- Periods ------------------------------------------------------------ */

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool digits(const char *p, int n)
{
    for (int i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return true;
}

/* "YYYY-MM-DD" from the year's four digits, a month and a day. */
static void put_date(char *dst, const char *year, int month, int day)
{
    memcpy(dst, year, 4);
    dst[4] = '-';
    dst[5] = (char)('0' + month / 10);
    dst[6] = (char)('0' + month % 10);
    dst[7] = '-';
    dst[8] = (char)('0' + day / 10);
    dst[9] = (char)('0' + day % 10);
    dst[10] = '\0';
}

/* Years as core's dates know them (1900-9999). */
bool store_period_range(const char *period, char *from, char *to)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!period || strlen(period) < 4 || !digits(period, 4))
        return false;
    int year = (period[0] - '0') * 1000 + (period[1] - '0') * 100 + (period[2] - '0') * 10 +
               (period[3] - '0');
    if (year < 1900)
        return false;
    int first, last; /* months */
    size_t len = strlen(period);
    if (len == 4) {
        first = 1;
        last = 12;
    } else if (len == 7 && period[4] == '-' && period[5] == 'Q' && period[6] >= '1' &&
               period[6] <= '4') {
        first = (period[6] - '0') * 3 - 2;
        last = first + 2;
    } else if (len == 7 && period[4] == '-' && digits(period + 5, 2)) {
        first = (period[5] - '0') * 10 + (period[6] - '0');
        if (first < 1 || first > 12)
            return false;
        last = first;
    } else {
        return false;
    }
    put_date(from, period, first, 1);
    put_date(to, period, last, last == 2 && leap(year) ? 29 : mdays[last - 1]);
    return true;
}

/* The first and last day of the period in column p, in SQL; the same
 * answer as store_period_range for every period it accepts (and budgets
 * only hold those: put and adjust check). */
#define PFROM(p)                                                                            \
    "(CASE WHEN length(" p ") = 4 THEN " p " || '-01-01' "                                  \
    "WHEN substr(" p ", 6, 1) = 'Q' THEN substr(" p ", 1, 5) || "                           \
    "printf('%02d', substr(" p ", 7, 1) * 3 - 2) || '-01' "                                 \
    "ELSE " p " || '-01' END)"
#define PTO(p)                                                                              \
    "date(" PFROM(p) ", CASE WHEN length(" p ") = 4 THEN '+12 months' "                     \
    "WHEN substr(" p ", 6, 1) = 'Q' THEN '+3 months' ELSE '+1 month' END, '-1 day')"

/* ---- Budgets ------------------------------------------------------------ */

/* One budget with its committed and paid sums (store_budget_find).  The
 * LEFT JOINs keep the order budget -> lines (by claim_lines_spend:
 * category, then the date range) -> claims (by id), so the cost is the
 * lines of the budget's category and period, not the whole table. */
#define BUDGET_SELECT                                                                       \
    "SELECT b.id, b.department, b.category, b.period, b.amount, "                           \
    "coalesce(sum(CASE WHEN c.state = 'approved' THEN l.amount END), 0), "                  \
    "coalesce(sum(CASE WHEN c.state = 'paid' THEN l.amount END), 0), "                      \
    "b.updated_at, b.version FROM budgets b "                                               \
    "LEFT JOIN claim_lines l ON l.category = b.category "                                   \
    "AND l.on_date BETWEEN " PFROM("b.period") " AND " PTO("b.period") " "                  \
    "LEFT JOIN claims c ON c.id = l.claim_id AND c.department = b.department "              \
    "AND c.state IN ('approved', 'paid') "

static void budget_row(sqlite3_stmt *st, void *out)
{
    store_budget *b = out;
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, b->department, sizeof b->department);
    store_column_copy(st, 2, b->category, sizeof b->category);
    store_column_copy(st, 3, b->period, sizeof b->period);
    b->amount = sqlite3_column_int64(st, 4);
    b->committed = sqlite3_column_int64(st, 5);
    b->paid = sqlite3_column_int64(st, 6);
    store_column_copy(st, 7, b->updated_at, sizeof b->updated_at);
    b->version = sqlite3_column_int64(st, 8);
}

static bd_status check_key(const char *department, const char *category, const char *period,
                           bd_err *e)
{
    char from[11], to[11];
    if (!department || !*department)
        return bd_errf(e, BD_ERR_INVALID, "budget: a department is required");
    if (!category || !*category)
        return bd_errf(e, BD_ERR_INVALID, "budget: a category is required");
    if (!store_period_range(period, from, to))
        return bd_errf(e, BD_ERR_INVALID,
                       "budget period '%s' is not a year (2026), quarter (2026-Q2) or month "
                       "(2026-02)", period ? period : "");
    return BD_OK;
}

bd_status store_budget_put(store *s, store_budget *b, bd_err *e)
{
    char a[32];
    bd_status status = check_key(b->department, b->category, b->period, e);
    if (status != BD_OK)
        return status;
    if (b->amount < 0)
        return bd_errf(e, BD_ERR_INVALID, "budget %s/%s/%s: the amount cannot be below 0 (got %s)",
                       b->department, b->category, b->period,
                       bd_money_format(b->amount, true, a, sizeof a));
    sqlite3_stmt *st;
    status = store_prepare(s,
        "INSERT INTO budgets (department, category, period, amount, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, coalesce(?5, " NOW_UTC ")) "
        "ON CONFLICT (department, category, period) DO UPDATE SET amount = excluded.amount, "
        "updated_at = excluded.updated_at, version = budgets.version + 1 "
        "RETURNING id, updated_at, version", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, b->department);
    store_bind_text(st, 2, b->category);
    store_bind_text(st, 3, b->period);
    sqlite3_bind_int64(st, 4, b->amount);
    store_bind_opt(st, 5, b->updated_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        b->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, b->updated_at, sizeof b->updated_at);
        b->version = sqlite3_column_int64(st, 2);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "setting budget %s/%s/%s", b->department, b->category,
                            b->period);
    sqlite3_finalize(st);
    return status;
}

bd_status store_budget_find(store *s, const char *department, const char *category,
                            const char *period, store_budget *b, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, BUDGET_SELECT "WHERE b.department = ?1 AND "
                                        "b.category = ?2 AND b.period = ?3 GROUP BY b.id",
                                     &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, department);
    store_bind_text(st, 2, category);
    store_bind_text(st, 3, period);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        budget_row(st, b);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no budget for %s/%s/%s", department, category,
                         period);
    else
        status = store_fail(s, rc, e, "reading budget %s/%s/%s", department, category, period);
    sqlite3_finalize(st);
    return status;
}

/* The first and last month (1-12) of the period in column p. */
#define PMONTH1(p)                                                                          \
    "(CASE WHEN length(" p ") = 4 THEN 1 WHEN substr(" p ", 6, 1) = 'Q' "                   \
    "THEN substr(" p ", 7, 1) * 3 - 2 ELSE CAST(substr(" p ", 6, 2) AS INTEGER) END)"
#define PMONTH2(p)                                                                          \
    "(CASE WHEN length(" p ") = 4 THEN 12 WHEN substr(" p ", 6, 1) = 'Q' "                  \
    "THEN substr(" p ", 7, 1) * 3 ELSE CAST(substr(" p ", 6, 2) AS INTEGER) END)"

/* A year's budgets, many of them over the same lines (the year, its
 * quarters and months): per-budget sums read each line once per budget
 * covering it (3 s for 1,700 budgets over 100,000 lines).  Instead the
 * year's lines of approved and paid claims of the budgeted categories are
 * read once and summed per department, category and month; every period
 * is whole months, so each budget adds up at most twelve of those sums.
 * SQLite reaches the lines either through claim_lines_spend (category and
 * date) joined to claims by id, or from claims_state to the lines of each
 * claim; it picks the second, which measured faster at 100,000 lines
 * (1,700 budgets: 45-90 ms against 55-230 ms; one department: 10 ms
 * against 35-180 ms), so the join is left to the planner. */
bd_status store_budget_list(store *s, const char *year, const char *department,
                            store_budget *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    if (!year || strlen(year) != 4 || !digits(year, 4))
        return bd_errf(e, BD_ERR_INVALID, "'%s' is not a year (YYYY)", year ? year : "");
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "WITH chosen AS (SELECT * FROM budgets "
        "  WHERE (period = ?1 OR period LIKE ?1 || '-%') AND (?2 IS NULL OR department = ?2)), "
        "spend AS MATERIALIZED (SELECT c.department AS department, l.category AS category, "
        "  CAST(substr(l.on_date, 6, 2) AS INTEGER) AS month, "
        "  sum(CASE WHEN c.state = 'approved' THEN l.amount ELSE 0 END) AS committed, "
        "  sum(CASE WHEN c.state = 'paid' THEN l.amount ELSE 0 END) AS paid "
        "  FROM claim_lines l JOIN claims c ON c.id = l.claim_id "
        "  WHERE l.category IN (SELECT category FROM chosen) "
        "  AND l.on_date BETWEEN ?1 || '-01-01' AND ?1 || '-12-31' "
        "  AND c.state IN ('approved', 'paid') AND (?2 IS NULL OR c.department = ?2) "
        "  GROUP BY 1, 2, 3) "
        "SELECT b.id, b.department, b.category, b.period, b.amount, "
        "coalesce((SELECT sum(x.committed) FROM spend x WHERE x.department = b.department "
        "  AND x.category = b.category AND x.month BETWEEN " PMONTH1("b.period") " AND "
        PMONTH2("b.period") "), 0), "
        "coalesce((SELECT sum(x.paid) FROM spend x WHERE x.department = b.department "
        "  AND x.category = b.category AND x.month BETWEEN " PMONTH1("b.period") " AND "
        PMONTH2("b.period") "), 0), "
        "b.updated_at, b.version FROM chosen b "
        "ORDER BY b.department, b.category, b.period LIMIT ?3", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, year);
    store_bind_text(st, 2, department);
    sqlite3_bind_int(st, 3, max);
    return store_collect(s, st, budget_row, rows, sizeof *rows, max, n, "listing budgets", e);
}

bd_status store_budget_adjust(store *s, const char *department, const char *category,
                              const char *period, int64_t delta, const char *at, bd_err *e)
{
    bd_status status = check_key(department, category, period, e);
    if (status != BD_OK)
        return status;
    /* The current amount, 0 when there is no budget yet.  The caller's
     * write transaction keeps it from moving before the write below. */
    sqlite3_stmt *st;
    status = store_prepare(s, "SELECT amount FROM budgets WHERE department = ?1 AND "
                              "category = ?2 AND period = ?3", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, department);
    store_bind_text(st, 2, category);
    store_bind_text(st, 3, period);
    int64_t cur = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        cur = sqlite3_column_int64(st, 0);
        rc = SQLITE_DONE;
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "reading budget %s/%s/%s", department, category, period);
    sqlite3_finalize(st);
    if (status != BD_OK)
        return status;
    int64_t next;
    char a[32], d[32];
    if (__builtin_add_overflow(cur, delta, &next) || next < 0)
        return bd_errf(e, BD_ERR_INVALID,
                       "budget %s/%s/%s would go below 0 (it is %s, the change is %s)",
                       department, category, period, bd_money_format(cur, true, a, sizeof a),
                       bd_money_format(delta, true, d, sizeof d));

    status = store_prepare(s,
        "INSERT INTO budgets (department, category, period, amount, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, coalesce(?5, " NOW_UTC ")) "
        "ON CONFLICT (department, category, period) DO UPDATE SET amount = excluded.amount, "
        "updated_at = excluded.updated_at, version = budgets.version + 1", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, department);
    store_bind_text(st, 2, category);
    store_bind_text(st, 3, period);
    sqlite3_bind_int64(st, 4, next);
    store_bind_opt(st, 5, at);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "changing budget %s/%s/%s", department, category, period);
    sqlite3_finalize(st);
    return status;
}

bd_status store_claim_spend(store *s, const char *department, const char *category,
                            const char *from, const char *to, int64_t exclude_id,
                            store_spend *out, bd_err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT coalesce(sum(CASE WHEN c.state = 'in_review' THEN l.amount END), 0), "
        "coalesce(sum(CASE WHEN c.state = 'approved' THEN l.amount END), 0), "
        "coalesce(sum(CASE WHEN c.state = 'paid' THEN l.amount END), 0) "
        "FROM claim_lines l JOIN claims c ON c.id = l.claim_id "
        "WHERE l.category = ?2 AND l.on_date BETWEEN ?3 AND ?4 AND c.department = ?1 "
        "AND c.state IN ('in_review', 'approved', 'paid') AND c.id <> ?5", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, department);
    store_bind_text(st, 2, category);
    store_bind_text(st, 3, from);
    store_bind_text(st, 4, to);
    sqlite3_bind_int64(st, 5, exclude_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->in_review = sqlite3_column_int64(st, 0);
        out->committed = sqlite3_column_int64(st, 1);
        out->paid = sqlite3_column_int64(st, 2);
    } else {
        status = store_fail(s, rc == SQLITE_DONE ? SQLITE_ERROR : rc, e,
                            "summing the claims of %s on %s", department, category);
    }
    sqlite3_finalize(st);
    return status;
}

/* ---- Budget change requests --------------------------------------------- */

#define CHANGE_SELECT                                                                       \
    "SELECT b.id, b.department, b.category, b.period, b.delta, b.reason, b.state, "         \
    "b.review_step, b.review_round, b.author_id, u.login, b.created_at, b.version "         \
    "FROM budget_changes b JOIN users u ON u.id = b.author_id "

static void change_row(sqlite3_stmt *st, void *out)
{
    store_budget_change *c = out;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, c->department, sizeof c->department);
    store_column_copy(st, 2, c->category, sizeof c->category);
    store_column_copy(st, 3, c->period, sizeof c->period);
    c->delta = sqlite3_column_int64(st, 4);
    store_column_copy(st, 5, c->reason, sizeof c->reason);
    store_column_copy(st, 6, c->state, sizeof c->state);
    c->review_step = sqlite3_column_int(st, 7);
    c->review_round = sqlite3_column_int(st, 8);
    c->author_id = sqlite3_column_int64(st, 9);
    store_column_copy(st, 10, c->author_login, sizeof c->author_login);
    store_column_copy(st, 11, c->created_at, sizeof c->created_at);
    c->version = sqlite3_column_int64(st, 12);
}

bd_status store_budget_change_insert(store *s, store_budget_change *c, bd_err *e)
{
    bd_status status = check_key(c->department, c->category, c->period, e);
    if (status != BD_OK)
        return status;
    if (c->delta == 0)
        return bd_errf(e, BD_ERR_INVALID, "a budget change must change the amount");
    sqlite3_stmt *st;
    status = store_prepare(s,
        "INSERT INTO budget_changes (department, category, period, delta, reason, state, "
        "review_step, review_round, author_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9, coalesce(?10, " NOW_UTC ")) RETURNING id, created_at", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, c->department);
    store_bind_text(st, 2, c->category);
    store_bind_text(st, 3, c->period);
    sqlite3_bind_int64(st, 4, c->delta);
    store_bind_text(st, 5, c->reason);
    store_bind_text(st, 6, *c->state ? c->state : "in_review");
    sqlite3_bind_int(st, 7, c->review_step);
    sqlite3_bind_int(st, 8, c->review_round ? c->review_round : 1);
    sqlite3_bind_int64(st, 9, c->author_id);
    store_bind_opt(st, 10, c->created_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, c->created_at, sizeof c->created_at);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "adding a budget change request");
    sqlite3_finalize(st);
    if (status == BD_OK) {
        c->version = 1;
        if (!*c->state)
            bd_strlcpy(c->state, "in_review", sizeof c->state);
        if (!c->review_round)
            c->review_round = 1;
    }
    return status;
}

bd_status store_budget_change_get(store *s, int64_t id, store_budget_change *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, CHANGE_SELECT "WHERE b.id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        change_row(st, c);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no budget change request #%lld", (long long)id);
    else
        status = store_fail(s, rc, e, "reading budget change request #%lld", (long long)id);
    sqlite3_finalize(st);
    return status;
}

/* The engine's fields (state, review_step, review_round), as a write-off's;
 * what was asked for (department, category, period, delta, reason) stays
 * as it was filed. */
bd_status store_budget_change_update(store *s, store_budget_change *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE budget_changes SET state = ?1, review_step = ?2, review_round = ?3, "
        "version = version + 1 WHERE id = ?4 AND version = ?5", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, c->state);
    sqlite3_bind_int(st, 2, c->review_step);
    sqlite3_bind_int(st, 3, c->review_round);
    sqlite3_bind_int64(st, 4, c->id);
    sqlite3_bind_int64(st, 5, c->version);
    status = store_step_done(s, st, e, "changing a budget change request");
    sqlite3_finalize(st);
    if (status == BD_OK && sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT,
                       "budget change request #%lld moved on while you looked; reload",
                       (long long)c->id);
    if (status == BD_OK)
        c->version++;
    return status;
}

bd_status store_budget_change_list(store *s, const char *state, store_budget_change *rows,
                                   int max, int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, CHANGE_SELECT "WHERE (?1 IS NULL OR b.state = ?1) "
                                        "ORDER BY b.id DESC LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, state);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, change_row, rows, sizeof *rows, max, n,
                         "listing budget change requests", e);
}
