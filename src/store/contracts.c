/* Contracts (migration 003): the contracts themselves, their clauses and
 * payment milestones, the approval engine's decisions, review comments,
 * delegations and the yearly number sequence.  Visibility follows the
 * contract's owner (c.owner_id) through store_viewer_sql, as the
 * pipeline's does; a NULL viewer reads without a limit (for callers that
 * have checked the reach some other way, such as a reviewer's inbox). */
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

/* ---- Contracts ---------------------------------------------------------- */

#define CONTRACT_SELECT                                                                   \
    "SELECT c.id, c.number, c.opportunity_id, c.customer_id, cu.name, c.title, c.amount, " \
    "c.currency, c.start_date, c.end_date, c.notice_days, c.state, c.review_step, "       \
    "c.review_round, c.owner_id, w.login, c.contract_version, c.signed_on, c.notice_date, " \
    "c.terminated_on, c.settlement_note, c.archived_on, c.retention_until, c.created_at, "  \
    "c.updated_at, c.version, c.cost "                                                    \
    "FROM contracts c JOIN customers cu ON cu.id = c.customer_id "                        \
    "JOIN users w ON w.id = c.owner_id "

static void contract_row(sqlite3_stmt *st, void *out)
{
    store_contract *c = out;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, c->number, sizeof c->number);
    c->opportunity_id = sqlite3_column_int64(st, 2);
    c->customer_id = sqlite3_column_int64(st, 3);
    store_column_copy(st, 4, c->company, sizeof c->company);
    store_column_copy(st, 5, c->title, sizeof c->title);
    c->amount = sqlite3_column_int64(st, 6);
    store_column_copy(st, 7, c->currency, sizeof c->currency);
    store_column_copy(st, 8, c->start_date, sizeof c->start_date);
    store_column_copy(st, 9, c->end_date, sizeof c->end_date);
    c->notice_days = sqlite3_column_int(st, 10);
    store_column_copy(st, 11, c->state, sizeof c->state);
    c->review_step = sqlite3_column_int(st, 12);
    c->review_round = sqlite3_column_int(st, 13);
    c->owner_id = sqlite3_column_int64(st, 14);
    store_column_copy(st, 15, c->owner_login, sizeof c->owner_login);
    c->contract_version = sqlite3_column_int(st, 16);
    store_column_copy(st, 17, c->signed_on, sizeof c->signed_on);
    store_column_copy(st, 18, c->notice_date, sizeof c->notice_date);
    store_column_copy(st, 19, c->terminated_on, sizeof c->terminated_on);
    store_column_copy(st, 20, c->settlement_note, sizeof c->settlement_note);
    store_column_copy(st, 21, c->archived_on, sizeof c->archived_on);
    store_column_copy(st, 22, c->retention_until, sizeof c->retention_until);
    store_column_copy(st, 23, c->created_at, sizeof c->created_at);
    store_column_copy(st, 24, c->updated_at, sizeof c->updated_at);
    c->version = sqlite3_column_int64(st, 25);
    c->has_cost = sqlite3_column_type(st, 26) != SQLITE_NULL;
    c->cost = c->has_cost ? sqlite3_column_int64(st, 26) : 0;
}

/* Parameters ?1..?20: the fields an insert and an update both write.
 * Optional dates and the number bind NULL when "". */
static void bind_contract(sqlite3_stmt *st, const store_contract *c)
{
    store_bind_opt(st, 1, c->number);
    bind_id_opt(st, 2, c->opportunity_id);
    sqlite3_bind_int64(st, 3, c->customer_id);
    store_bind_text(st, 4, c->title);
    sqlite3_bind_int64(st, 5, c->amount);
    store_bind_text(st, 6, c->currency);
    store_bind_text(st, 7, c->start_date);
    store_bind_text(st, 8, c->end_date);
    sqlite3_bind_int(st, 9, c->notice_days);
    store_bind_opt(st, 10, c->state);
    sqlite3_bind_int(st, 11, c->review_step);
    sqlite3_bind_int(st, 12, c->review_round);
    sqlite3_bind_int64(st, 13, c->owner_id);
    sqlite3_bind_int(st, 14, c->contract_version);
    store_bind_opt(st, 15, c->signed_on);
    store_bind_opt(st, 16, c->notice_date);
    store_bind_opt(st, 17, c->terminated_on);
    store_bind_text(st, 18, c->settlement_note);
    store_bind_opt(st, 19, c->archived_on);
    store_bind_opt(st, 20, c->retention_until);
    if (c->has_cost)
        sqlite3_bind_int64(st, 30, c->cost);
    else
        sqlite3_bind_null(st, 30);
}

/* The message of a failed contract write: a taken number is a conflict
 * (two signings racing for one number), the rest what SQLite said. */
static bd_status contract_write_fail(store *s, int rc, const store_contract *c, const char *what,
                                     bd_err *e)
{
    if (store_unique_violation(s, rc))
        return bd_errf(e, BD_ERR_CONFLICT, "contract number %s is taken", c->number);
    return store_fail(s, rc, e, "%s", what);
}

bd_status store_contract_insert(store *s, store_contract *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO contracts (number, opportunity_id, customer_id, title, amount, currency, "
        "start_date, end_date, notice_days, state, review_step, review_round, owner_id, "
        "contract_version, signed_on, notice_date, terminated_on, settlement_note, archived_on, "
        "retention_until, created_at, updated_at, version, cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, coalesce(?10, 'draft'), ?11, ?12, ?13, coalesce(nullif(?14, 0), 1), ?15, "
        "?16, ?17, ?18, ?19, ?20, coalesce(?21, " NOW_UTC "), coalesce(?22, ?21, " NOW_UTC "), "
        "1, ?30) "
        "RETURNING id, state, contract_version, created_at, updated_at", &st, e);
    if (status != BD_OK)
        return status;
    bind_contract(st, c);
    store_bind_opt(st, 21, c->created_at);
    store_bind_opt(st, 22, c->updated_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, c->state, sizeof c->state);
        c->contract_version = sqlite3_column_int(st, 2);
        store_column_copy(st, 3, c->created_at, sizeof c->created_at);
        store_column_copy(st, 4, c->updated_at, sizeof c->updated_at);
        c->version = 1;
        rc = sqlite3_step(st); /* finishes the statement */
    }
    if (rc != SQLITE_DONE)
        status = contract_write_fail(s, rc, c, "adding a contract", e);
    sqlite3_finalize(st);
    return status;
}

bd_status store_contract_get(store *s, const store_viewer *v, int64_t id, store_contract *c,
                             bd_err *e)
{
    return store_get_by_id(s, CONTRACT_SELECT "WHERE c.id = :id AND ", v, "c.owner_id", id,
                           contract_row, c, "contract", e);
}

bd_status store_contract_update(store *s, store_contract *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE contracts SET number = ?1, opportunity_id = ?2, customer_id = ?3, title = ?4, "
        "amount = ?5, currency = ?6, start_date = ?7, end_date = ?8, notice_days = ?9, "
        "state = coalesce(?10, state), review_step = ?11, review_round = ?12, owner_id = ?13, "
        "contract_version = coalesce(nullif(?14, 0), contract_version), signed_on = ?15, "
        "notice_date = ?16, terminated_on = ?17, settlement_note = ?18, archived_on = ?19, "
        "retention_until = ?20, updated_at = coalesce(?21, " NOW_UTC "), cost = ?30, "
        "version = version + 1 WHERE id = ?22 AND version = ?23 "
        "RETURNING state, contract_version, updated_at, version", &st, e);
    if (status != BD_OK)
        return status;
    bind_contract(st, c);
    store_bind_opt(st, 21, c->updated_at);
    sqlite3_bind_int64(st, 22, c->id);
    sqlite3_bind_int64(st, 23, c->version);
    bool changed = false;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        changed = true;
        store_column_copy(st, 0, c->state, sizeof c->state);
        c->contract_version = sqlite3_column_int(st, 1);
        store_column_copy(st, 2, c->updated_at, sizeof c->updated_at);
        c->version = sqlite3_column_int64(st, 3);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = contract_write_fail(s, rc, c, "changing a contract", e);
    sqlite3_finalize(st);
    if (status == BD_OK && !changed)
        return bd_errf(e, BD_ERR_CONFLICT, "contract #%lld was changed by someone else; reload",
                       (long long)c->id);
    return status;
}

bd_status store_contract_page(store *s, const store_contract_query *q, store_contract *rows,
                              int *n, bd_err *e)
{
    *n = 0;
    bd_buf sql = {0};
    bd_buf_puts(&sql, CONTRACT_SELECT "WHERE c.id > :after AND ");
    store_viewer_sql(&sql, &q->viewer, "c.owner_id");
    if (q->state)
        bd_buf_puts(&sql, " AND c.state = :state");
    if (q->customer_id)
        bd_buf_puts(&sql, " AND c.customer_id = :customer");
    bd_buf_puts(&sql, " ORDER BY c.id LIMIT :limit");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    store_viewer_bind(st, &q->viewer);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":after"), q->after_id);
    sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":limit"), q->limit);
    if (q->state)
        store_bind_text(st, sqlite3_bind_parameter_index(st, ":state"), q->state);
    if (q->customer_id)
        sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":customer"), q->customer_id);
    return store_collect(s, st, contract_row, rows, sizeof *rows, q->limit, n,
                         "listing contracts", e);
}

/* ---- Clauses and milestones --------------------------------------------- */

bd_status store_clause_set(store *s, int64_t contract_id, const char *clause, const char *body,
                           int round, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO contract_clauses (contract_id, clause, body, updated_round) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (contract_id, clause) DO UPDATE SET "
        "body = excluded.body, updated_round = excluded.updated_round", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    store_bind_text(st, 2, clause);
    store_bind_text(st, 3, body ? body : "");
    sqlite3_bind_int(st, 4, round);
    status = store_step_done(s, st, e, "writing a contract clause");
    sqlite3_finalize(st);
    return status;
}

static void clause_row(sqlite3_stmt *st, void *out)
{
    store_clause *c = out;
    memset(c, 0, sizeof *c);
    store_column_copy(st, 0, c->clause, sizeof c->clause);
    store_column_copy(st, 1, c->body, sizeof c->body);
    c->updated_round = sqlite3_column_int(st, 2);
}

bd_status store_clause_list(store *s, int64_t contract_id, store_clause *rows, int max, int *n,
                            bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT clause, body, updated_round FROM contract_clauses WHERE contract_id = ?1 "
        "ORDER BY clause LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, clause_row, rows, sizeof *rows, max, n,
                         "listing contract clauses", e);
}

/* Runs inside the caller's transaction, so a failure half-way leaves the
 * old milestones once the caller rolls back. */
bd_status store_milestones_replace(store *s, int64_t contract_id, const store_milestone *rows,
                                   int n, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "DELETE FROM contract_milestones WHERE contract_id = ?1",
                                     &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        /* Receivables point at the milestones once a contract is signed. */
        if ((rc & 0xff) == SQLITE_CONSTRAINT &&
            sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
            status = bd_errf(e, BD_ERR_INVALID,
                             "contract #%lld has receivables; its milestones cannot change",
                             (long long)contract_id);
        else
            status = store_fail(s, rc, e, "replacing the milestones of contract #%lld",
                                (long long)contract_id);
    }
    sqlite3_finalize(st);
    if (status != BD_OK || n <= 0)
        return status;
    status = store_prepare(s,
        "INSERT INTO contract_milestones (contract_id, seq, name, due_date, amount) "
        "VALUES (?1, ?2, ?3, ?4, ?5)", &st, e);
    if (status != BD_OK)
        return status;
    for (int i = 0; i < n && status == BD_OK; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, contract_id);
        sqlite3_bind_int(st, 2, rows[i].seq ? rows[i].seq : i + 1);
        store_bind_text(st, 3, rows[i].name);
        store_bind_text(st, 4, rows[i].due_date);
        sqlite3_bind_int64(st, 5, rows[i].amount);
        status = store_step_done(s, st, e, "adding a contract milestone");
    }
    sqlite3_finalize(st);
    return status;
}

static void milestone_row(sqlite3_stmt *st, void *out)
{
    store_milestone *m = out;
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    m->contract_id = sqlite3_column_int64(st, 1);
    m->seq = sqlite3_column_int(st, 2);
    store_column_copy(st, 3, m->name, sizeof m->name);
    store_column_copy(st, 4, m->due_date, sizeof m->due_date);
    m->amount = sqlite3_column_int64(st, 5);
}

bd_status store_milestone_list(store *s, int64_t contract_id, store_milestone *rows, int max,
                               int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT id, contract_id, seq, name, due_date, amount FROM contract_milestones "
        "WHERE contract_id = ?1 ORDER BY seq LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, milestone_row, rows, sizeof *rows, max, n,
                         "listing contract milestones", e);
}

/* ---- Approval decisions -------------------------------------------------- */

bd_status store_decision_insert(store *s, store_decision *d, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO approval_decisions (module, item_id, round, step, step_code, action, "
        "actor_id, on_behalf_id, comment, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "coalesce(?10, " NOW_UTC ")) RETURNING id, at", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, d->module);
    sqlite3_bind_int64(st, 2, d->item_id);
    sqlite3_bind_int(st, 3, d->round);
    sqlite3_bind_int(st, 4, d->step);
    store_bind_text(st, 5, d->step_code);
    store_bind_text(st, 6, d->action);
    sqlite3_bind_int64(st, 7, d->actor_id);
    bind_id_opt(st, 8, d->on_behalf_id);
    store_bind_text(st, 9, d->comment);
    store_bind_opt(st, 10, d->at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        d->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, d->at, sizeof d->at);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE) {
        /* approval_step_once: two reviewers pressed at once and the other
         * was first. */
        if (store_unique_violation(s, rc))
            status = bd_errf(e, BD_ERR_CONFLICT,
                             "someone decided this step already; it has moved on");
        else
            status = store_fail(s, rc, e, "recording a decision");
    }
    sqlite3_finalize(st);
    return status;
}

static void decision_row(sqlite3_stmt *st, void *out)
{
    store_decision *d = out;
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, d->module, sizeof d->module);
    d->item_id = sqlite3_column_int64(st, 2);
    d->round = sqlite3_column_int(st, 3);
    d->step = sqlite3_column_int(st, 4);
    store_column_copy(st, 5, d->step_code, sizeof d->step_code);
    store_column_copy(st, 6, d->action, sizeof d->action);
    d->actor_id = sqlite3_column_int64(st, 7);
    store_column_copy(st, 8, d->actor_login, sizeof d->actor_login);
    d->on_behalf_id = sqlite3_column_int64(st, 9);
    store_column_copy(st, 10, d->on_behalf_login, sizeof d->on_behalf_login);
    store_column_copy(st, 11, d->comment, sizeof d->comment);
    store_column_copy(st, 12, d->at, sizeof d->at);
}

bd_status store_decision_list(store *s, const char *module, int64_t item_id, store_decision *rows,
                              int max, int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT d.id, d.module, d.item_id, d.round, d.step, d.step_code, d.action, d.actor_id, "
        "a.login, d.on_behalf_id, b.login, d.comment, d.at FROM approval_decisions d "
        "JOIN users a ON a.id = d.actor_id LEFT JOIN users b ON b.id = d.on_behalf_id "
        "WHERE d.module = ?1 AND d.item_id = ?2 ORDER BY d.id LIMIT ?3", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, module);
    sqlite3_bind_int64(st, 2, item_id);
    sqlite3_bind_int(st, 3, max);
    return store_collect(s, st, decision_row, rows, sizeof *rows, max, n,
                         "listing decisions", e);
}

/* ---- Review comments ----------------------------------------------------- */

bd_status store_comment_insert(store *s, store_comment *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO review_comments (contract_id, round, clause, author_id, body, at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, " NOW_UTC ")) RETURNING id, at", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, c->contract_id);
    sqlite3_bind_int(st, 2, c->round);
    store_bind_opt(st, 3, c->clause);
    sqlite3_bind_int64(st, 4, c->author_id);
    store_bind_text(st, 5, c->body);
    store_bind_opt(st, 6, c->at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, c->at, sizeof c->at);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "adding a review comment");
    sqlite3_finalize(st);
    return status;
}

static void comment_row(sqlite3_stmt *st, void *out)
{
    store_comment *c = out;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    c->contract_id = sqlite3_column_int64(st, 1);
    c->round = sqlite3_column_int(st, 2);
    store_column_copy(st, 3, c->clause, sizeof c->clause);
    c->author_id = sqlite3_column_int64(st, 4);
    store_column_copy(st, 5, c->author_login, sizeof c->author_login);
    store_column_copy(st, 6, c->body, sizeof c->body);
    store_column_copy(st, 7, c->at, sizeof c->at);
}

bd_status store_comment_list(store *s, int64_t contract_id, store_comment *rows, int max, int *n,
                             bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT k.id, k.contract_id, k.round, k.clause, k.author_id, u.login, k.body, k.at "
        "FROM review_comments k JOIN users u ON u.id = k.author_id "
        "WHERE k.contract_id = ?1 ORDER BY k.id LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, comment_row, rows, sizeof *rows, max, n,
                         "listing review comments", e);
}

/* ---- Delegations --------------------------------------------------------- */

bd_status store_delegation_insert(store *s, store_delegation *d, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO delegations (from_id, to_id, module, start_date, end_date, max_amount, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, " NOW_UTC ")) "
        "RETURNING id, created_at", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, d->from_id);
    sqlite3_bind_int64(st, 2, d->to_id);
    store_bind_opt(st, 3, d->module);
    store_bind_text(st, 4, d->start_date);
    store_bind_text(st, 5, d->end_date);
    sqlite3_bind_int64(st, 6, d->max_amount);
    store_bind_opt(st, 7, d->created_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        d->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, d->created_at, sizeof d->created_at);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "adding a delegation");
    sqlite3_finalize(st);
    return status;
}

static void delegation_row(sqlite3_stmt *st, void *out)
{
    store_delegation *d = out;
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    d->from_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, d->from_login, sizeof d->from_login);
    store_column_copy(st, 3, d->from_role, sizeof d->from_role);
    store_column_copy(st, 4, d->from_department, sizeof d->from_department);
    d->from_manager_id = sqlite3_column_int64(st, 5);
    d->to_id = sqlite3_column_int64(st, 6);
    store_column_copy(st, 7, d->to_login, sizeof d->to_login);
    store_column_copy(st, 8, d->module, sizeof d->module);
    store_column_copy(st, 9, d->start_date, sizeof d->start_date);
    store_column_copy(st, 10, d->end_date, sizeof d->end_date);
    d->max_amount = sqlite3_column_int64(st, 11);
    store_column_copy(st, 12, d->created_at, sizeof d->created_at);
}

bd_status store_delegations_to(store *s, int64_t to_id, const char *today, store_delegation *rows,
                               int max, int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT d.id, d.from_id, f.login, f.role, f.department, f.manager_id, d.to_id, t.login, "
        "d.module, d.start_date, d.end_date, d.max_amount, d.created_at FROM delegations d "
        "JOIN users f ON f.id = d.from_id JOIN users t ON t.id = d.to_id "
        "WHERE d.to_id = ?1 AND d.start_date <= ?2 AND d.end_date >= ?2 ORDER BY d.id LIMIT ?3",
        &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, to_id);
    store_bind_text(st, 2, today);
    sqlite3_bind_int(st, 3, max);
    return store_collect(s, st, delegation_row, rows, sizeof *rows, max, n,
                         "listing delegations", e);
}

/* ---- Numbering ------------------------------------------------------------ */

bd_status store_contract_seq_next(store *s, int year, int64_t *seq, bd_err *e)
{
    *seq = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO contract_sequence (year, last) VALUES (?1, 1) "
        "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "taking the next contract number of %d", year);
    sqlite3_finalize(st);
    return status;
}

bd_status store_contract_number_taken(store *s, const char *number, bool *taken, bd_err *e)
{
    *taken = false;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT EXISTS (SELECT 1 FROM contracts WHERE number = ?1)", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, number);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *taken = sqlite3_column_int(st, 0) != 0;
    else
        status = store_fail(s, rc, e, "looking up contract number %s", number);
    sqlite3_finalize(st);
    return status;
}
