/* Claims (migration 006): entertainment pre-approvals, expense claims and
 * their lines, and the checks the claim rules need (invoices claimed
 * twice, per-day spend).
 *
 * Claims and pre-approvals are owned by their author: reads take a viewer
 * and limit author_id through store_viewer_sql; a NULL viewer reads without
 * a limit (for callers that checked the reach some other way, such as a
 * reviewer's inbox or the payment queue), as in contracts.c.
 *
 * A claim's total is kept by the store: every line added or removed sets
 * it again to the sum of the claim's lines, in the same transaction.  As
 * every store function, these begin no transaction of their own: app/
 * wraps each action in BEGIN IMMEDIATE and rolls back on failure, so a
 * line write and the total move together or not at all. */
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* ---- Helpers ------------------------------------------------------------ */

/* The viewer's condition on col; NULL sees everything. */
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

/* An id where 0 means "none": 0 binds NULL. */
static int bind_id_opt(sqlite3_stmt *st, int idx, int64_t id)
{
    return id ? sqlite3_bind_int64(st, idx, id) : sqlite3_bind_null(st, idx);
}

/* Text for a NOT NULL DEFAULT '' column: NULL binds "". */
static int bind_text0(sqlite3_stmt *st, int idx, const char *text)
{
    return store_bind_text(st, idx, text ? text : "");
}

static int named(sqlite3_stmt *st, const char *name)
{
    return sqlite3_bind_parameter_index(st, name);
}

/* ---- Pre-approvals ------------------------------------------------------ */

/* used: the lines citing the pre-approval (claim_lines_preapproval) on
 * claims that are not withdrawn. */
#define PREAPPROVAL_SELECT                                                                  \
    "SELECT p.id, p.author_id, u.login, p.department, p.customer_id, cu.name, cu.class, "   \
    "p.reason, p.on_date, p.place, p.participants, p.estimate, "                            \
    "(SELECT coalesce(sum(l.amount), 0) FROM claim_lines l JOIN claims c "                  \
    " ON c.id = l.claim_id WHERE l.preapproval_id = p.id AND c.state <> 'withdrawn'), "     \
    "p.state, p.review_step, p.review_round, p.created_at, p.version "                      \
    "FROM preapprovals p JOIN users u ON u.id = p.author_id "                               \
    "LEFT JOIN customers cu ON cu.id = p.customer_id "

static void preapproval_row(sqlite3_stmt *st, void *out)
{
    store_preapproval *p = out;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->author_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, p->author_login, sizeof p->author_login);
    store_column_copy(st, 3, p->department, sizeof p->department);
    p->customer_id = sqlite3_column_int64(st, 4);
    store_column_copy(st, 5, p->company, sizeof p->company);
    store_column_copy(st, 6, p->class_code, sizeof p->class_code);
    store_column_copy(st, 7, p->reason, sizeof p->reason);
    store_column_copy(st, 8, p->on_date, sizeof p->on_date);
    store_column_copy(st, 9, p->place, sizeof p->place);
    store_column_copy(st, 10, p->participants, sizeof p->participants);
    p->estimate = sqlite3_column_int64(st, 11);
    p->used = sqlite3_column_int64(st, 12);
    store_column_copy(st, 13, p->state, sizeof p->state);
    p->review_step = sqlite3_column_int(st, 14);
    p->review_round = sqlite3_column_int(st, 15);
    store_column_copy(st, 16, p->created_at, sizeof p->created_at);
    p->version = sqlite3_column_int64(st, 17);
}

bd_status store_preapproval_insert(store *s, store_preapproval *p, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO preapprovals (author_id, department, customer_id, reason, on_date, place, "
        "participants, estimate, state, review_step, review_round, created_at) VALUES (?1, "
        "coalesce(nullif(?2, ''), (SELECT department FROM users WHERE id = ?1)), ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, coalesce(?12, " NOW_UTC ")) "
        "RETURNING id, department, created_at", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, p->author_id);
    bind_text0(st, 2, p->department);
    bind_id_opt(st, 3, p->customer_id);
    bind_text0(st, 4, p->reason);
    bind_text0(st, 5, p->on_date);
    bind_text0(st, 6, p->place);
    bind_text0(st, 7, p->participants);
    sqlite3_bind_int64(st, 8, p->estimate);
    store_bind_text(st, 9, *p->state ? p->state : "in_review");
    sqlite3_bind_int(st, 10, p->review_step);
    sqlite3_bind_int(st, 11, p->review_round ? p->review_round : 1);
    store_bind_opt(st, 12, p->created_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        p->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, p->department, sizeof p->department);
        store_column_copy(st, 2, p->created_at, sizeof p->created_at);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "adding a pre-approval");
    sqlite3_finalize(st);
    if (status == BD_OK) {
        p->version = 1;
        p->used = 0;
        if (!*p->state)
            bd_strlcpy(p->state, "in_review", sizeof p->state);
        if (!p->review_round)
            p->review_round = 1;
    }
    return status;
}

bd_status store_preapproval_get(store *s, const store_viewer *v, int64_t id,
                                store_preapproval *p, bd_err *e)
{
    return store_get_by_id(s, PREAPPROVAL_SELECT "WHERE p.id = :id AND ", v, "p.author_id", id,
                           preapproval_row, p, "pre-approval", e);
}

/* The engine's fields (state, review_step, review_round), as a write-off's;
 * what was asked for stays as it was filed. */
bd_status store_preapproval_update(store *s, store_preapproval *p, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE preapprovals SET state = ?1, review_step = ?2, review_round = ?3, "
        "version = version + 1 WHERE id = ?4 AND version = ?5", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, p->state);
    sqlite3_bind_int(st, 2, p->review_step);
    sqlite3_bind_int(st, 3, p->review_round);
    sqlite3_bind_int64(st, 4, p->id);
    sqlite3_bind_int64(st, 5, p->version);
    status = store_step_done(s, st, e, "changing a pre-approval");
    sqlite3_finalize(st);
    if (status == BD_OK && sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT, "pre-approval #%lld moved on while you looked; reload",
                       (long long)p->id);
    if (status == BD_OK)
        p->version++;
    return status;
}

bd_status store_preapproval_list(store *s, const store_viewer *v, const char *state,
                                 store_preapproval *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    bd_buf sql = {0};
    bd_buf_puts(&sql, PREAPPROVAL_SELECT "WHERE ");
    viewer_where(&sql, v, "p.author_id");
    if (state)
        bd_buf_puts(&sql, " AND p.state = :state");
    bd_buf_puts(&sql, " ORDER BY p.id DESC LIMIT :limit");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    viewer_bind(st, v);
    if (state)
        store_bind_text(st, named(st, ":state"), state);
    sqlite3_bind_int(st, named(st, ":limit"), max);
    return store_collect(s, st, preapproval_row, rows, sizeof *rows, max, n,
                         "listing pre-approvals", e);
}

/* ---- Claims ------------------------------------------------------------- */

#define CLAIM_SELECT                                                                        \
    "SELECT c.id, c.author_id, u.login, u.name, c.department, c.title, c.total, "           \
    "(SELECT count(*) FROM claim_lines l WHERE l.claim_id = c.id), c.state, "               \
    "c.review_step, c.review_round, c.submitted_at, c.approved_at, c.paid_on, "             \
    "c.pay_method, c.pay_reference, c.pay_account, c.paid_by, c.created_at, c.updated_at, " \
    "c.version FROM claims c JOIN users u ON u.id = c.author_id "

static void claim_row(sqlite3_stmt *st, void *out)
{
    store_claim *c = out;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    c->author_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, c->author_login, sizeof c->author_login);
    store_column_copy(st, 3, c->author_name, sizeof c->author_name);
    store_column_copy(st, 4, c->department, sizeof c->department);
    store_column_copy(st, 5, c->title, sizeof c->title);
    c->total = sqlite3_column_int64(st, 6);
    c->nlines = sqlite3_column_int(st, 7);
    store_column_copy(st, 8, c->state, sizeof c->state);
    c->review_step = sqlite3_column_int(st, 9);
    c->review_round = sqlite3_column_int(st, 10);
    store_column_copy(st, 11, c->submitted_at, sizeof c->submitted_at);
    store_column_copy(st, 12, c->approved_at, sizeof c->approved_at);
    store_column_copy(st, 13, c->paid_on, sizeof c->paid_on);
    store_column_copy(st, 14, c->pay_method, sizeof c->pay_method);
    store_column_copy(st, 15, c->pay_reference, sizeof c->pay_reference);
    store_column_copy(st, 16, c->pay_account, sizeof c->pay_account);
    c->paid_by = sqlite3_column_int64(st, 17); /* NULL reads as 0 */
    store_column_copy(st, 18, c->created_at, sizeof c->created_at);
    store_column_copy(st, 19, c->updated_at, sizeof c->updated_at);
    c->version = sqlite3_column_int64(st, 20);
}

/* A new claim is a draft without lines (total 0), whatever c held there;
 * department "" takes the author's.  created_at and updated_at "" take
 * SQLite's clock. */
bd_status store_claim_insert(store *s, store_claim *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO claims (author_id, department, title, total, state, created_at, "
        "updated_at) VALUES (?1, coalesce(nullif(?2, ''), "
        "(SELECT department FROM users WHERE id = ?1)), ?3, 0, 'draft', "
        "coalesce(?4, " NOW_UTC "), coalesce(?5, ?4, " NOW_UTC ")) "
        "RETURNING id, department, created_at, updated_at, review_round", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, c->author_id);
    bind_text0(st, 2, c->department);
    bind_text0(st, 3, c->title);
    store_bind_opt(st, 4, c->created_at);
    store_bind_opt(st, 5, c->updated_at);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        c->id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, c->department, sizeof c->department);
        store_column_copy(st, 2, c->created_at, sizeof c->created_at);
        store_column_copy(st, 3, c->updated_at, sizeof c->updated_at);
        c->review_round = sqlite3_column_int(st, 4);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "adding a claim");
    sqlite3_finalize(st);
    if (status == BD_OK) {
        c->total = 0;
        c->nlines = 0;
        c->review_step = 0;
        bd_strlcpy(c->state, "draft", sizeof c->state);
        c->version = 1;
    }
    return status;
}

bd_status store_claim_get(store *s, const store_viewer *v, int64_t id, store_claim *c,
                          bd_err *e)
{
    return store_get_by_id(s, CLAIM_SELECT "WHERE c.id = :id AND ", v, "c.author_id", id,
                           claim_row, c, "claim", e);
}

/* Writes the title, the engine's fields and the payment fields; never the
 * author, department or total (the lines keep the total).  updated_at is
 * what c holds (app/ sets it from its clock); "" takes SQLite's clock, as
 * contracts.c does.  Optimistic on c->version, which it bumps; c's total,
 * updated_at and version are read back from the row. */
bd_status store_claim_update(store *s, store_claim *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE claims SET title = ?1, state = ?2, review_step = ?3, review_round = ?4, "
        "submitted_at = ?5, approved_at = ?6, paid_on = ?7, pay_method = ?8, "
        "pay_reference = ?9, pay_account = ?10, paid_by = ?11, "
        "updated_at = coalesce(?12, " NOW_UTC "), version = version + 1 "
        "WHERE id = ?13 AND version = ?14 RETURNING total, updated_at, version", &st, e);
    if (status != BD_OK)
        return status;
    bind_text0(st, 1, c->title);
    store_bind_text(st, 2, c->state);
    sqlite3_bind_int(st, 3, c->review_step);
    sqlite3_bind_int(st, 4, c->review_round);
    bind_text0(st, 5, c->submitted_at);
    bind_text0(st, 6, c->approved_at);
    bind_text0(st, 7, c->paid_on);
    bind_text0(st, 8, c->pay_method);
    bind_text0(st, 9, c->pay_reference);
    bind_text0(st, 10, c->pay_account);
    bind_id_opt(st, 11, c->paid_by);
    store_bind_opt(st, 12, c->updated_at);
    sqlite3_bind_int64(st, 13, c->id);
    sqlite3_bind_int64(st, 14, c->version);
    bool changed = false;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        changed = true;
        c->total = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, c->updated_at, sizeof c->updated_at);
        c->version = sqlite3_column_int64(st, 2);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "changing claim #%lld", (long long)c->id);
    sqlite3_finalize(st);
    if (status == BD_OK && !changed)
        return bd_errf(e, BD_ERR_CONFLICT, "claim #%lld was changed by someone else; reload",
                       (long long)c->id);
    return status;
}

bd_status store_claim_list(store *s, const store_claim_query *q, store_claim *rows, int *n,
                           bd_err *e)
{
    *n = 0;
    if (q->limit <= 0)
        return BD_OK;
    bd_buf sql = {0};
    bd_buf_puts(&sql, CLAIM_SELECT "WHERE ");
    store_viewer_sql(&sql, &q->viewer, "c.author_id");
    if (q->state)
        bd_buf_puts(&sql, " AND c.state = :state");
    if (q->author_id)
        bd_buf_puts(&sql, " AND c.author_id = :author");
    bd_buf_puts(&sql, " ORDER BY c.id DESC LIMIT :limit");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    store_viewer_bind(st, &q->viewer);
    if (q->state)
        store_bind_text(st, named(st, ":state"), q->state);
    if (q->author_id)
        sqlite3_bind_int64(st, named(st, ":author"), q->author_id);
    sqlite3_bind_int(st, named(st, ":limit"), q->limit);
    return store_collect(s, st, claim_row, rows, sizeof *rows, q->limit, n, "listing claims", e);
}

bd_status store_claims_in_state(store *s, const char *state, store_claim *rows, int max,
                                int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, CLAIM_SELECT "WHERE c.state = ?1 ORDER BY c.id LIMIT ?2",
                                     &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, state);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, claim_row, rows, sizeof *rows, max, n,
                         "listing claims by state", e);
}

/* ---- Lines -------------------------------------------------------------- */

/* The claim may have its lines changed: it exists (else NOTFOUND) and is a
 * draft or rejected (else INVALID, naming its state). */
static bd_status claim_editable(store *s, int64_t claim_id, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "SELECT state FROM claims WHERE id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, claim_id);
    char state[16] = "";
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        store_column_copy(st, 0, state, sizeof state);
    if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no claim #%lld", (long long)claim_id);
    else if (rc != SQLITE_ROW)
        status = store_fail(s, rc, e, "reading claim #%lld", (long long)claim_id);
    sqlite3_finalize(st);
    if (status == BD_OK && strcmp(state, "draft") != 0 && strcmp(state, "rejected") != 0)
        status = bd_errf(e, BD_ERR_INVALID,
                         "claim #%lld is %s; only a draft or rejected claim is edited",
                         (long long)claim_id, state);
    return status;
}

/* Set the claim's total to the sum of its lines and bump its version. */
static bd_status claim_retotal(store *s, int64_t claim_id, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE claims SET total = (SELECT coalesce(sum(amount), 0) FROM claim_lines "
        "WHERE claim_id = ?1), version = version + 1 WHERE id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, claim_id);
    status = store_step_done(s, st, e, "totalling the claim");
    sqlite3_finalize(st);
    return status;
}

bd_status store_claim_line_add(store *s, store_claim_line *l, bd_err *e)
{
    char a[32];
    if (l->amount <= 0)
        return bd_errf(e, BD_ERR_INVALID, "a claim line must be more than zero (got %s)",
                       bd_money_format(l->amount, true, a, sizeof a));
    if (l->quantity < 0)
        return bd_errf(e, BD_ERR_INVALID, "quantity: at least 1 (got %d)", l->quantity);
    bd_status status = claim_editable(s, l->claim_id, e);
    if (status != BD_OK)
        return status;
    sqlite3_stmt *st;
    status = store_prepare(s,
        "INSERT INTO claim_lines (claim_id, lineno, on_date, place, category, standard, "
        "quantity, reason, amount, invoice, preapproval_id) VALUES (?1, "
        "(SELECT coalesce(max(lineno), 0) + 1 FROM claim_lines WHERE claim_id = ?1), "
        "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id, lineno", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, l->claim_id);
    bind_text0(st, 2, l->on_date);
    bind_text0(st, 3, l->place);
    bind_text0(st, 4, l->category);
    bind_text0(st, 5, l->standard);
    sqlite3_bind_int(st, 6, l->quantity ? l->quantity : 1);
    bind_text0(st, 7, l->reason);
    sqlite3_bind_int64(st, 8, l->amount);
    bind_text0(st, 9, l->invoice);
    bind_id_opt(st, 10, l->preapproval_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        l->id = sqlite3_column_int64(st, 0);
        l->lineno = sqlite3_column_int(st, 1);
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE) {
        if (rc == SQLITE_CONSTRAINT_FOREIGNKEY && l->preapproval_id)
            status = bd_errf(e, BD_ERR_INVALID, "no pre-approval #%lld",
                             (long long)l->preapproval_id);
        else
            status = store_fail(s, rc, e, "adding a line to claim #%lld",
                                (long long)l->claim_id);
    }
    sqlite3_finalize(st);
    if (status == BD_OK && !l->quantity)
        l->quantity = 1;
    if (status == BD_OK)
        status = claim_retotal(s, l->claim_id, e);
    return status;
}

bd_status store_claim_line_remove(store *s, int64_t claim_id, int lineno, bd_err *e)
{
    bd_status status = claim_editable(s, claim_id, e);
    if (status != BD_OK)
        return status;
    sqlite3_stmt *st;
    status = store_prepare(s, "DELETE FROM claim_lines WHERE claim_id = ?1 AND lineno = ?2",
                           &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, claim_id);
    sqlite3_bind_int(st, 2, lineno);
    status = store_step_done(s, st, e, "removing a claim line");
    sqlite3_finalize(st);
    if (status == BD_OK && sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_NOTFOUND, "claim #%lld has no line %d", (long long)claim_id,
                       lineno);
    if (status != BD_OK)
        return status;
    /* The later lines move up one.  UNIQUE (claim_id, lineno) is checked
     * row by row in no promised order, so they pass through negative
     * numbers, which no line has. */
    static const char *const renumber[] = {
        "UPDATE claim_lines SET lineno = 1 - lineno WHERE claim_id = ?1 AND lineno > ?2",
        "UPDATE claim_lines SET lineno = -lineno WHERE claim_id = ?1 AND lineno < 0",
    };
    for (size_t i = 0; i < sizeof renumber / sizeof renumber[0] && status == BD_OK; i++) {
        status = store_prepare(s, renumber[i], &st, e);
        if (status != BD_OK)
            return status;
        sqlite3_bind_int64(st, 1, claim_id);
        sqlite3_bind_int(st, 2, lineno);
        status = store_step_done(s, st, e, "numbering the claim's lines");
        sqlite3_finalize(st);
    }
    if (status == BD_OK)
        status = claim_retotal(s, claim_id, e);
    return status;
}

static void line_row(sqlite3_stmt *st, void *out)
{
    store_claim_line *l = out;
    memset(l, 0, sizeof *l);
    l->id = sqlite3_column_int64(st, 0);
    l->claim_id = sqlite3_column_int64(st, 1);
    l->lineno = sqlite3_column_int(st, 2);
    store_column_copy(st, 3, l->on_date, sizeof l->on_date);
    store_column_copy(st, 4, l->place, sizeof l->place);
    store_column_copy(st, 5, l->category, sizeof l->category);
    store_column_copy(st, 6, l->standard, sizeof l->standard);
    l->quantity = sqlite3_column_int(st, 7);
    store_column_copy(st, 8, l->reason, sizeof l->reason);
    l->amount = sqlite3_column_int64(st, 9);
    store_column_copy(st, 10, l->invoice, sizeof l->invoice);
    l->preapproval_id = sqlite3_column_int64(st, 11);
}

bd_status store_claim_lines(store *s, int64_t claim_id, store_claim_line *rows, int max,
                            int *n, bd_err *e)
{
    *n = 0;
    if (max <= 0)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT id, claim_id, lineno, on_date, place, category, standard, quantity, reason, "
        "amount, invoice, preapproval_id FROM claim_lines WHERE claim_id = ?1 "
        "ORDER BY lineno LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, claim_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, line_row, rows, sizeof *rows, max, n, "listing claim lines", e);
}

/* ---- Checks for the claim rules ----------------------------------------- */

bd_status store_invoice_seen(store *s, const char *invoice, int64_t exclude_id,
                             int64_t *claim_id, int *lineno, bd_err *e)
{
    *claim_id = 0;
    *lineno = 0;
    if (!invoice || !*invoice)
        return bd_errf(e, BD_ERR_NOTFOUND, "no invoice number");
    /* "invoice <> ''" lets SQLite use the partial index claim_lines_invoice. */
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT l.claim_id, l.lineno FROM claim_lines l JOIN claims c ON c.id = l.claim_id "
        "WHERE l.invoice = ?1 AND l.invoice <> '' AND l.claim_id <> ?2 "
        "AND c.state <> 'withdrawn' ORDER BY l.claim_id, l.lineno LIMIT 1", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, invoice);
    sqlite3_bind_int64(st, 2, exclude_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *claim_id = sqlite3_column_int64(st, 0);
        *lineno = sqlite3_column_int(st, 1);
    } else if (rc == SQLITE_DONE) {
        status = bd_errf(e, BD_ERR_NOTFOUND, "invoice %s is on no other claim", invoice);
    } else {
        status = store_fail(s, rc, e, "looking for invoice %s", invoice);
    }
    sqlite3_finalize(st);
    return status;
}

bd_status store_claim_day_spend(store *s, int64_t author_id, const char *standard,
                                const char *date, int64_t exclude_id, int64_t *sum, bd_err *e)
{
    *sum = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT coalesce(sum(l.amount), 0) FROM claims c JOIN claim_lines l "
        "ON l.claim_id = c.id WHERE c.author_id = ?1 AND c.state <> 'withdrawn' "
        "AND c.id <> ?4 AND l.standard = ?2 AND l.on_date = ?3", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, author_id);
    bind_text0(st, 2, standard);
    bind_text0(st, 3, date);
    sqlite3_bind_int64(st, 4, exclude_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *sum = sqlite3_column_int64(st, 0);
    else
        status = store_fail(s, rc == SQLITE_DONE ? SQLITE_ERROR : rc, e,
                            "summing the day's claims of user %lld", (long long)author_id);
    sqlite3_finalize(st);
    return status;
}
