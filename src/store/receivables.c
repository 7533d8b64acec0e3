/* Receivables (migration 003): one per payment milestone of a signed
 * contract, the payments against them and the collection work.  Who sees
 * a receivable goes through its contract's owner (c.owner_id); a NULL
 * viewer reads without a limit, as in contracts.c. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

#define RECEIVABLE_SELECT                                                                \
    "SELECT r.id, r.contract_id, c.number, r.milestone_id, m.name, r.customer_id, cu.name, " \
    "r.due_date, r.amount, r.paid, r.state, r.version, c.currency FROM receivables r "   \
    "JOIN contracts c ON c.id = r.contract_id "                                          \
    "JOIN contract_milestones m ON m.id = r.milestone_id "                               \
    "JOIN customers cu ON cu.id = r.customer_id "

static void receivable_row(sqlite3_stmt *st, void *out)
{
    store_receivable *r = out;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->contract_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, r->contract_number, sizeof r->contract_number);
    r->milestone_id = sqlite3_column_int64(st, 3);
    store_column_copy(st, 4, r->milestone, sizeof r->milestone);
    r->customer_id = sqlite3_column_int64(st, 5);
    store_column_copy(st, 6, r->company, sizeof r->company);
    store_column_copy(st, 7, r->due_date, sizeof r->due_date);
    r->amount = sqlite3_column_int64(st, 8);
    r->paid = sqlite3_column_int64(st, 9);
    store_column_copy(st, 10, r->state, sizeof r->state);
    r->version = sqlite3_column_int64(st, 11);
    store_column_copy(st, 12, r->currency, sizeof r->currency);
}

static void viewer_where(bd_buf *b, const store_viewer *v, const char *col)
{
    if (v)
        store_viewer_sql(b, v, col);
    else
        bd_buf_puts(b, "1");
}

static void viewer_bind(sqlite3_stmt *st, const store_viewer *v)
{
    if (v)
        store_viewer_bind(st, v);
}

bd_status store_receivables_create(store *s, int64_t contract_id, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO receivables (contract_id, milestone_id, customer_id, due_date, amount) "
        "SELECT m.contract_id, m.id, c.customer_id, m.due_date, m.amount "
        "FROM contract_milestones m JOIN contracts c ON c.id = m.contract_id "
        "WHERE m.contract_id = ?1 ORDER BY m.seq", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        /* receivables.milestone_id is unique: the contract has them already. */
        if (store_unique_violation(s, rc))
            status = bd_errf(e, BD_ERR_CONFLICT, "contract #%lld has its receivables already",
                             (long long)contract_id);
        else
            status = store_fail(s, rc, e, "adding the receivables of contract #%lld",
                                (long long)contract_id);
    }
    sqlite3_finalize(st);
    return status;
}

bd_status store_receivable_get(store *s, const store_viewer *v, int64_t id, store_receivable *r,
                               bd_err *e)
{
    return store_get_by_id(s, RECEIVABLE_SELECT "WHERE r.id = :id AND ", v, "c.owner_id", id,
                           receivable_row, r, "receivable", e);
}

bd_status store_receivable_list(store *s, const store_viewer *v, int64_t customer_id,
                                bool include_closed, store_receivable *rows, int max, int *n,
                                bd_err *e)
{
    *n = 0;
    bd_buf sql = {0};
    bd_buf_puts(&sql, RECEIVABLE_SELECT "WHERE ");
    viewer_where(&sql, v, "c.owner_id");
    if (!include_closed)
        bd_buf_puts(&sql, " AND r.state = 'open'");
    if (customer_id)
        bd_buf_puts(&sql, " AND r.customer_id = :customer");
    bd_buf_puts(&sql, " ORDER BY r.due_date, r.id LIMIT :max");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    viewer_bind(st, v);
    if (customer_id)
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":customer"), customer_id);
    sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":max"), max);
    return store_collect(s, st, receivable_row, rows, sizeof *rows, max, n,
                         "listing receivables", e);
}

/* Two statements in the caller's transaction: the receivable (optimistic on
 * r->version, and only while open) and the payment row.  r changes only
 * when both are written. */
bd_status store_payment_insert(store *s, store_receivable *r, int64_t amount, const char *paid_on,
                               const char *method, const char *reference, int64_t recorded_by,
                               const char *at, bd_err *e)
{
    char a[32], left[32];
    if (amount <= 0)
        return bd_errf(e, BD_ERR_INVALID, "a payment must be more than zero (got %s)",
                       bd_money_format(amount, true, a, sizeof a));
    if (strcmp(r->state, "open") != 0)
        return bd_errf(e, BD_ERR_INVALID, "receivable #%lld is %s; it takes no payments",
                       (long long)r->id, r->state);
    if (amount > r->amount - r->paid)
        return bd_errf(e, BD_ERR_INVALID, "payment of %s is more than the %s still open",
                       bd_money_format(amount, true, a, sizeof a),
                       bd_money_format(r->amount - r->paid, true, left, sizeof left));

    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE receivables SET paid = paid + ?1, "
        "state = CASE WHEN paid + ?1 = amount THEN 'paid' ELSE state END, "
        "version = version + 1 WHERE id = ?2 AND version = ?3 AND state = 'open' "
        "RETURNING paid, state, version", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, amount);
    sqlite3_bind_int64(st, 2, r->id);
    sqlite3_bind_int64(st, 3, r->version);
    bool changed = false;
    int64_t paid = 0, version = 0;
    char state[sizeof r->state] = "";
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        changed = true;
        paid = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, state, sizeof state);
        version = sqlite3_column_int64(st, 2);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "recording a payment on receivable #%lld", (long long)r->id);
    sqlite3_finalize(st);
    if (status != BD_OK)
        return status;
    if (!changed)
        return bd_errf(e, BD_ERR_CONFLICT,
                       "receivable #%lld was changed by someone else; reload", (long long)r->id);

    status = store_prepare(s,
        "INSERT INTO payments (receivable_id, paid_on, amount, method, reference, recorded_by, "
        "at) VALUES (?1, ?2, ?3, ?4, coalesce(?5, ''), ?6, coalesce(?7, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, r->id);
    store_bind_text(st, 2, paid_on);
    sqlite3_bind_int64(st, 3, amount);
    store_bind_text(st, 4, method);
    store_bind_text(st, 5, reference);
    sqlite3_bind_int64(st, 6, recorded_by);
    store_bind_opt(st, 7, at);
    status = store_step_done(s, st, e, "recording a payment");
    sqlite3_finalize(st);
    if (status != BD_OK)
        return status;
    r->paid = paid;
    bd_strlcpy(r->state, state, sizeof r->state);
    r->version = version;
    return BD_OK;
}

bd_status store_collection_insert(store *s, store_collection *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO collection_actions (receivable_id, kind, planned_on, done_on, outcome, "
        "actor_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, " NOW_UTC ")) "
        "RETURNING id, at", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, c->receivable_id);
    store_bind_text(st, 2, c->kind);
    store_bind_text(st, 3, c->planned_on);
    store_bind_opt(st, 4, c->done_on);
    store_bind_text(st, 5, c->outcome);
    sqlite3_bind_int64(st, 6, c->actor_id);
    store_bind_opt(st, 7, c->at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, c->at, sizeof c->at);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "adding a collection action");
    sqlite3_finalize(st);
    return status;
}

static void collection_row(sqlite3_stmt *st, void *out)
{
    store_collection *c = out;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    c->receivable_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, c->kind, sizeof c->kind);
    store_column_copy(st, 3, c->planned_on, sizeof c->planned_on);
    store_column_copy(st, 4, c->done_on, sizeof c->done_on);
    store_column_copy(st, 5, c->outcome, sizeof c->outcome);
    c->actor_id = sqlite3_column_int64(st, 6);
    store_column_copy(st, 7, c->actor_login, sizeof c->actor_login);
    store_column_copy(st, 8, c->at, sizeof c->at);
}

bd_status store_collection_list(store *s, int64_t receivable_id, store_collection *rows, int max,
                                int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT k.id, k.receivable_id, k.kind, k.planned_on, k.done_on, k.outcome, k.actor_id, "
        "u.login, k.at FROM collection_actions k JOIN users u ON u.id = k.actor_id "
        "WHERE k.receivable_id = ?1 ORDER BY k.planned_on, k.id LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, receivable_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, collection_row, rows, sizeof *rows, max, n,
                         "listing collection actions", e);
}
