/* The figures computed KPIs come from (store_kpi_figure) and the records
 * each one counts (store_kpi_records), for one employee and a range of
 * dates.  One query per figure; the records query of a figure has the same
 * FROM and WHERE, so a review's figure can always be traced to exactly the
 * records behind it.
 *
 * Figures are in hundredths and computed in SQLite's integer arithmetic:
 * an average of n values summing to t is (200 t + n) / 2n, which is t / n
 * rounded half up to the hundredth (4, 5, 4 -> 433; 2.5 days -> 250).
 *
 * The employee's customers are those they own (customers.owner_id).  The
 * indexes each query runs on (EXPLAIN QUERY PLAN):
 *   SIGNED, NEW_CUSTOMERS  contracts_owner_signed (owner_id, signed_on);
 *                  the "first signed contract" test looks at the
 *                  customer's contracts through contracts_customer
 *   SATISFACTION   customers_owner, then satisfaction by customer
 *                  (its UNIQUE (customer_id, survey))
 *   LEADS          opp_owner_created (owner_id, created_at)
 *   CONVERSION     opp_owner_stage (owner_id, stage, stage_since)
 *   RESOLUTION     customers_owner, then complaints_customer
 *                  (customer_id, state = 'closed')
 * The three new indexes are made by migration 007. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

/* ---- The queries -------------------------------------------------------- */

/* Parameters: :emp, :from, :to; :cur (SIGNED); :won, :lost (CONVERSION). */

#define SIGNED_WHERE                                                                        \
    "WHERE c.owner_id = :emp AND c.signed_on BETWEEN :from AND :to AND c.currency = :cur "

/* The employee's contracts signed in the dates that are their customer's
 * first signed contract (any owner; of two signed the same day, the
 * older). */
#define NEW_WHERE                                                                           \
    "WHERE c.owner_id = :emp AND c.signed_on BETWEEN :from AND :to "                        \
    "AND NOT EXISTS (SELECT 1 FROM contracts d WHERE d.customer_id = c.customer_id "        \
    "AND (d.signed_on < c.signed_on OR (d.signed_on = c.signed_on AND d.id < c.id))) "

#define SURVEY_FROM                                                                         \
    "FROM customers cu JOIN satisfaction s ON s.customer_id = cu.id "                       \
    "WHERE cu.owner_id = :emp AND s.on_date BETWEEN :from AND :to "

/* created_at is a UTC timestamp ("2026-11-03T09:00:00Z"): the range is
 * from the first day's start to before the day after the last. */
#define LEADS_FROM                                                                          \
    "FROM opportunities o WHERE o.owner_id = :emp AND o.created_at >= :from "               \
    "AND o.created_at < date(:to, '+1 day') "

#define CLOSED_FROM                                                                         \
    "FROM opportunities o WHERE o.owner_id = :emp AND o.stage IN (:won, :lost) "            \
    "AND o.stage_since BETWEEN :from AND :to "

#define COMPLAINT_DAYS "CAST(round(julianday(k.closed_on) - julianday(k.opened_on)) AS INTEGER)"
#define COMPLAINT_FROM                                                                      \
    "FROM customers cu JOIN complaints k ON k.customer_id = cu.id "                         \
    "WHERE cu.owner_id = :emp AND k.state = 'closed' AND k.closed_on BETWEEN :from AND :to "

/* The average of the values x over the rows, x 100, rounded half up; -1
 * when there are no rows. */
#define AVG100(x) \
    "CASE WHEN count(*) = 0 THEN -1 ELSE (sum(" x ") * 200 + count(*)) / (2 * count(*)) END "

typedef struct kpi_sql {
    const char *name;    /* in messages */
    const char *kind;    /* of the records */
    const char *figure;  /* one row, one integer */
    const char *records; /* id, then the columns its line shows */
} kpi_sql;

static const kpi_sql kpis[] = {
    [STORE_KPI_SIGNED] = {
        "signed contracts", "contract",
        "SELECT coalesce(sum(c.amount), 0) FROM contracts c " SIGNED_WHERE,
        "SELECT c.id, c.number, cu.name, c.amount, c.currency, c.signed_on FROM contracts c "
        "JOIN customers cu ON cu.id = c.customer_id " SIGNED_WHERE "ORDER BY c.signed_on, c.id",
    },
    [STORE_KPI_NEW_CUSTOMERS] = {
        "new customers", "customer",
        "SELECT count(*) * 100 FROM contracts c " NEW_WHERE,
        "SELECT cu.id, cu.name, c.number, c.id, c.signed_on FROM contracts c "
        "JOIN customers cu ON cu.id = c.customer_id " NEW_WHERE "ORDER BY c.signed_on, cu.id",
    },
    [STORE_KPI_SATISFACTION] = {
        "satisfaction", "survey",
        "SELECT " AVG100("s.score") SURVEY_FROM,
        "SELECT s.id, cu.name, s.survey, s.score, s.on_date " SURVEY_FROM
        "ORDER BY s.on_date, s.id",
    },
    [STORE_KPI_LEADS] = {
        "leads", "opportunity",
        "SELECT count(*) * 100 " LEADS_FROM,
        "SELECT o.id, o.company, o.title, o.stage, substr(o.created_at, 1, 10) " LEADS_FROM
        "ORDER BY o.created_at, o.id",
    },
    [STORE_KPI_CONVERSION] = {
        "conversion", "opportunity",
        "SELECT CASE WHEN count(*) = 0 THEN -1 ELSE "
        "(sum(o.stage = :won) * 20000 + count(*)) / (2 * count(*)) END " CLOSED_FROM,
        "SELECT o.id, o.company, o.title, o.stage, o.stage_since " CLOSED_FROM
        "ORDER BY o.stage_since, o.id",
    },
    [STORE_KPI_PROFIT] = {
        "profit", "contract",
        "SELECT CASE WHEN count(*) = 0 THEN -1 ELSE sum(c.amount - c.cost) END "
        "FROM contracts c " SIGNED_WHERE "AND c.cost IS NOT NULL ",
        "SELECT c.id, c.number, cu.name, c.amount, c.currency, c.signed_on, c.cost "
        "FROM contracts c JOIN customers cu ON cu.id = c.customer_id " SIGNED_WHERE
        "AND c.cost IS NOT NULL ORDER BY c.signed_on, c.id",
    },
    [STORE_KPI_RESOLUTION] = {
        "complaint resolution", "complaint",
        "SELECT " AVG100(COMPLAINT_DAYS) COMPLAINT_FROM,
        "SELECT k.id, cu.name, k.opened_on, k.closed_on, " COMPLAINT_DAYS " " COMPLAINT_FROM
        "ORDER BY k.closed_on, k.id",
    },
};
enum { NKPIS = sizeof kpis / sizeof kpis[0] };

/* ---- Helpers ------------------------------------------------------------ */

static bd_status check_query(const store_kpi_query *q, bd_err *e)
{
    if ((int)q->kpi < 0 || (int)q->kpi >= NKPIS)
        return bd_errf(e, BD_ERR_INVALID, "no computed KPI %d", (int)q->kpi);
    bd_date d;
    bd_err ignored = {0};
    if (!q->from || !q->to || bd_date_parse(q->from, &d, &ignored) != BD_OK ||
        bd_date_parse(q->to, &d, &ignored) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "%s: the dates must be YYYY-MM-DD (got %s..%s)",
                       kpis[q->kpi].name, q->from ? q->from : "", q->to ? q->to : "");
    if ((q->kpi == STORE_KPI_SIGNED || q->kpi == STORE_KPI_PROFIT) &&
        (!q->currency || !*q->currency))
        return bd_errf(e, BD_ERR_INVALID, "%s: a currency is required", kpis[q->kpi].name);
    if (q->kpi == STORE_KPI_CONVERSION && (!q->won_stage || !*q->won_stage || !q->lost_stage ||
                                           !*q->lost_stage))
        return bd_errf(e, BD_ERR_INVALID, "%s: the won and lost stages are required",
                       kpis[q->kpi].name);
    return BD_OK;
}

/* Bind the parameters the statement has (each query uses some of them). */
static void bind_query(sqlite3_stmt *st, const store_kpi_query *q)
{
    int i;
    if ((i = sqlite3_bind_parameter_index(st, ":emp")))
        sqlite3_bind_int64(st, i, q->employee_id);
    if ((i = sqlite3_bind_parameter_index(st, ":from")))
        store_bind_text(st, i, q->from);
    if ((i = sqlite3_bind_parameter_index(st, ":to")))
        store_bind_text(st, i, q->to);
    if ((i = sqlite3_bind_parameter_index(st, ":cur")))
        store_bind_text(st, i, q->currency);
    if ((i = sqlite3_bind_parameter_index(st, ":won")))
        store_bind_text(st, i, q->won_stage);
    if ((i = sqlite3_bind_parameter_index(st, ":lost")))
        store_bind_text(st, i, q->lost_stage);
}

static const char *text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

/* The line of the current row of kpi's records query. */
static void describe(store_kpi kpi, sqlite3_stmt *st, bd_buf *b)
{
    char money[32], ref[32];
    int64_t id = sqlite3_column_int64(st, 0);
    bd_buf_reset(b);
    switch (kpi) {
    case STORE_KPI_SIGNED:
        if (*text(st, 1))
            bd_strlcpy(ref, text(st, 1), sizeof ref);
        else
            snprintf(ref, sizeof ref, "#%lld", (long long)id);
        bd_buf_printf(b, "%s %s %s %s signed %s", ref, text(st, 2),
                      bd_money_format(sqlite3_column_int64(st, 3), true, money, sizeof money),
                      text(st, 4), text(st, 5));
        break;
    case STORE_KPI_PROFIT: {
        char cost[32];
        if (*text(st, 1))
            bd_strlcpy(ref, text(st, 1), sizeof ref);
        else
            snprintf(ref, sizeof ref, "#%lld", (long long)id);
        bd_buf_printf(b, "%s %s %s less cost %s %s signed %s", ref, text(st, 2),
                      bd_money_format(sqlite3_column_int64(st, 3), true, money, sizeof money),
                      bd_money_format(sqlite3_column_int64(st, 6), true, cost, sizeof cost),
                      text(st, 4), text(st, 5));
        break;
    }
    case STORE_KPI_NEW_CUSTOMERS:
        if (*text(st, 2))
            bd_strlcpy(ref, text(st, 2), sizeof ref);
        else
            snprintf(ref, sizeof ref, "#%lld", (long long)sqlite3_column_int64(st, 3));
        bd_buf_printf(b, "%s first contract %s signed %s", text(st, 1), ref, text(st, 4));
        break;
    case STORE_KPI_SATISFACTION:
        bd_buf_printf(b, "%s survey %s score %d on %s", text(st, 1), text(st, 2),
                      sqlite3_column_int(st, 3), text(st, 4));
        break;
    case STORE_KPI_LEADS:
        bd_buf_printf(b, "%s / %s (%s) created %s", text(st, 1), text(st, 2), text(st, 3),
                      text(st, 4));
        break;
    case STORE_KPI_CONVERSION:
        bd_buf_printf(b, "%s / %s %s %s", text(st, 1), text(st, 2), text(st, 3), text(st, 4));
        break;
    case STORE_KPI_RESOLUTION: {
        int64_t days = sqlite3_column_int64(st, 4);
        bd_buf_printf(b, "%s opened %s closed %s (%lld day%s)", text(st, 1), text(st, 2),
                      text(st, 3), (long long)days, days == 1 ? "" : "s");
        break;
    }
    }
}

/* ---- Figures and records ------------------------------------------------ */

bd_status store_kpi_figure(store *s, const store_kpi_query *q, int64_t *figure, bd_err *e)
{
    *figure = -1;
    bd_status status = check_query(q, e);
    if (status != BD_OK)
        return status;
    const kpi_sql *k = &kpis[q->kpi];
    sqlite3_stmt *st;
    status = store_prepare(s, k->figure, &st, e);
    if (status != BD_OK)
        return status;
    bind_query(st, q);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *figure = sqlite3_column_int64(st, 0);
    else
        status = store_fail(s, rc == SQLITE_DONE ? SQLITE_ERROR : rc, e,
                            "computing %s of user #%lld", k->name, (long long)q->employee_id);
    sqlite3_finalize(st);
    return status;
}

bd_status store_kpi_records(store *s, const store_kpi_query *q, store_kpi_cb cb, void *ctx,
                            bd_err *e)
{
    bd_status status = check_query(q, e);
    if (status != BD_OK)
        return status;
    const kpi_sql *k = &kpis[q->kpi];
    sqlite3_stmt *st;
    status = store_prepare(s, k->records, &st, e);
    if (status != BD_OK)
        return status;
    bind_query(st, q);
    bd_buf line = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        describe(q->kpi, st, &line);
        if (cb(ctx, k->kind, sqlite3_column_int64(st, 0), bd_buf_str(&line)) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "listing the records of %s of user #%lld", k->name,
                            (long long)q->employee_id);
    sqlite3_finalize(st);
    bd_buf_free(&line);
    return status;
}
