/* The queries behind the reports (app/reports.c).  Each streams its rows
 * to a callback, one at a time, with its statement reset when done: no
 * result is collected in memory.  Who sees what is part of every query
 * (store_viewer_sql), as in the module's own lists. */
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* ---- Helpers ------------------------------------------------------------ */

/* A named text parameter; set only when the statement has it. */
static void bind_named(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i > 0)
        store_bind_text(st, i, v);
}

/* Prepare sql (freed here) with the viewer's parameters bound. */
static bd_status prepare(store *s, bd_buf *sql, const store_viewer *v, sqlite3_stmt **st,
                         bd_err *e)
{
    bd_status status = store_prepare(s, bd_buf_str(sql), st, e);
    bd_buf_free(sql);
    if (status == BD_OK && v)
        store_viewer_bind(*st, v);
    return status;
}

/* Step st to the end, calling row for each row until it returns non-zero;
 * always finalizes st. */
static bd_status each(store *s, sqlite3_stmt *st, int (*row)(sqlite3_stmt *st, void *ctx),
                      void *ctx, const char *what, bd_err *e)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (row(st, ctx)) {
            rc = SQLITE_DONE;
            break;
        }
    bd_status status = rc == SQLITE_DONE ? BD_OK : store_fail(s, rc, e, "%s", what);
    sqlite3_finalize(st);
    return status;
}

static const char *text_or(sqlite3_stmt *st, int col, const char *dflt)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : dflt;
}

/* ---- Pipeline ------------------------------------------------------------ */

struct stage_ctx {
    store_report_stage_cb cb;
    void *ctx;
};

static int stage_row(sqlite3_stmt *st, void *p)
{
    struct stage_ctx *x = p;
    store_report_stage r;
    memset(&r, 0, sizeof r);
    store_column_copy(st, 0, r.login, sizeof r.login);
    store_column_copy(st, 1, r.name, sizeof r.name);
    store_column_copy(st, 2, r.stage, sizeof r.stage);
    r.count = sqlite3_column_int64(st, 3);
    r.value = sqlite3_column_int64(st, 4);
    return x->cb(x->ctx, &r);
}

bd_status store_report_pipeline(store *s, const store_viewer *v, bool by_owner,
                                store_report_stage_cb cb, void *ctx, bd_err *e)
{
    /* A single owner's rows come by its index.  A team, a department or
     * everyone covers most of the table: one pass over it in rowid order
     * (NOT INDEXED) reads the pages in sequence, where the owner index
     * would look every row up in company order, page by random page.
     * The owners' names are joined to the groups, not to every row. */
    const char *table = v->see == STORE_SEE_OWN ? "opportunities o" : "opportunities o NOT INDEXED";
    bd_buf sql = {0};
    bd_buf_printf(&sql, "SELECT %s, g.stage, g.n, g.v FROM (SELECT o.owner_id, o.stage, "
                        "count(*) AS n, coalesce(sum(o.value), 0) AS v FROM %s WHERE ",
                  by_owner ? "w.login, w.name" : "'', ''", table);
    store_viewer_sql(&sql, v, "o.owner_id");
    if (by_owner)
        bd_buf_puts(&sql, " GROUP BY o.owner_id, o.stage) g JOIN users w ON w.id = g.owner_id "
                          "ORDER BY w.login, g.stage");
    else
        bd_buf_puts(&sql, " GROUP BY o.stage) g ORDER BY g.stage");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, v, &st, e);
    if (status != BD_OK)
        return status;
    struct stage_ctx x = {cb, ctx};
    return each(s, st, stage_row, &x, "summing the pipeline", e);
}

/* ---- Sales ----------------------------------------------------------------- */

struct sales_ctx {
    store_report_sales_cb cb;
    void *ctx;
};

static int sales_row(sqlite3_stmt *st, void *p)
{
    struct sales_ctx *x = p;
    store_report_sales_row r;
    memset(&r, 0, sizeof r);
    store_column_copy(st, 0, r.login, sizeof r.login);
    store_column_copy(st, 1, r.name, sizeof r.name);
    store_column_copy(st, 2, r.currency, sizeof r.currency);
    r.contracts = sqlite3_column_int64(st, 3);
    r.amount = sqlite3_column_int64(st, 4);
    r.new_customers = sqlite3_column_int64(st, 5);
    r.previous = sqlite3_column_int64(st, 6);
    return x->cb(x->ctx, &r);
}

bd_status store_report_sales(store *s, const store_viewer *v, const char *from, const char *to,
                             const char *prev_from, store_report_sales_cb cb, void *ctx,
                             bd_err *e)
{
    /* A new customer: this contract is the customer's first signed one
     * (by date, then id), whoever owns the others. */
    bd_buf sql = {0};
    bd_buf_puts(&sql,
        "SELECT w.login, w.name, c.currency, "
        "sum(c.signed_on >= :from), "
        "sum(CASE WHEN c.signed_on >= :from THEN c.amount ELSE 0 END), "
        "sum(c.signed_on >= :from AND NOT EXISTS (SELECT 1 FROM contracts f "
        "WHERE f.customer_id = c.customer_id AND f.signed_on IS NOT NULL AND "
        "(f.signed_on < c.signed_on OR (f.signed_on = c.signed_on AND f.id < c.id)))), "
        "sum(CASE WHEN c.signed_on < :from THEN c.amount ELSE 0 END) "
        "FROM contracts c JOIN users w ON w.id = c.owner_id "
        "WHERE c.signed_on BETWEEN :prev_from AND :to AND ");
    store_viewer_sql(&sql, v, "c.owner_id");
    bd_buf_puts(&sql, " GROUP BY c.owner_id, c.currency ORDER BY w.login, c.currency");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, v, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":from", from);
    bind_named(st, ":to", to);
    bind_named(st, ":prev_from", prev_from);
    struct sales_ctx x = {cb, ctx};
    return each(s, st, sales_row, &x, "summing sales", e);
}

/* ---- Activities ------------------------------------------------------------- */

struct activity_ctx {
    store_report_activity_cb cb;
    void *ctx;
    store_activity a;
};

static int activity_row(sqlite3_stmt *st, void *p)
{
    struct activity_ctx *x = p;
    store_activity *a = &x->a;
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->customer_id = sqlite3_column_int64(st, 1);
    a->opportunity_id = sqlite3_column_int64(st, 2);
    store_column_copy(st, 3, a->kind, sizeof a->kind);
    store_column_copy(st, 4, a->on_date, sizeof a->on_date);
    a->actor_id = sqlite3_column_int64(st, 5);
    store_column_copy(st, 6, a->actor_login, sizeof a->actor_login);
    store_column_copy(st, 7, a->summary, sizeof a->summary);
    store_column_copy(st, 8, a->created_at, sizeof a->created_at);
    return x->cb(x->ctx, a, text_or(st, 9, ""));
}

bd_status store_report_activities(store *s, const store_viewer *v, const char *from,
                                  const char *to, store_report_activity_cb cb, void *ctx,
                                  bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT a.id, a.customer_id, a.opportunity_id, a.kind, a.on_date, "
                      "a.actor_id, w.login, a.summary, a.created_at, cu.name "
                      "FROM activities a JOIN users w ON w.id = a.actor_id "
                      "JOIN customers cu ON cu.id = a.customer_id "
                      "WHERE a.on_date BETWEEN :from AND :to AND ");
    store_viewer_sql(&sql, v, "a.actor_id");
    bd_buf_puts(&sql, " ORDER BY w.login, a.on_date, a.id");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, v, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":from", from);
    bind_named(st, ":to", to);
    struct activity_ctx *x = bd_xcalloc(1, sizeof *x);
    x->cb = cb;
    x->ctx = ctx;
    status = each(s, st, activity_row, x, "reading activities", e);
    free(x);
    return status;
}

/* ---- Quiet customers ---------------------------------------------------------- */

struct customer_ctx {
    store_report_customer_cb cb;
    void *ctx;
    store_customer c;
};

static int customer_row(sqlite3_stmt *st, void *p)
{
    struct customer_ctx *x = p;
    store_customer *c = &x->c;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, c->name, sizeof c->name);
    store_column_copy(st, 2, c->class_code, sizeof c->class_code);
    c->owner_id = sqlite3_column_int64(st, 3);
    store_column_copy(st, 4, c->owner_login, sizeof c->owner_login);
    store_column_copy(st, 5, c->last_contact, sizeof c->last_contact);
    store_column_copy(st, 6, c->created_at, sizeof c->created_at);
    return x->cb(x->ctx, c);
}

bd_status store_report_quiet(store *s, const store_viewer *v, const char *class_code,
                             const char *before, store_report_customer_cb cb, void *ctx,
                             bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT c.id, c.name, c.class, c.owner_id, w.login, c.last_contact, "
                      "c.created_at FROM customers c JOIN users w ON w.id = c.owner_id "
                      "WHERE c.class = :class AND "
                      "coalesce(c.last_contact, substr(c.created_at, 1, 10)) <= :before AND ");
    store_viewer_sql(&sql, v, "c.owner_id");
    bd_buf_puts(&sql, " ORDER BY coalesce(c.last_contact, substr(c.created_at, 1, 10)), c.id");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, v, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":class", class_code);
    bind_named(st, ":before", before);
    struct customer_ctx *x = bd_xcalloc(1, sizeof *x);
    x->cb = cb;
    x->ctx = ctx;
    status = each(s, st, customer_row, x, "looking for quiet customers", e);
    free(x);
    return status;
}

/* ---- Contract register ---------------------------------------------------------- */

struct contract_ctx {
    store_report_contract_cb cb;
    void *ctx;
    store_contract c;
};

static int contract_row(sqlite3_stmt *st, void *p)
{
    struct contract_ctx *x = p;
    store_contract *c = &x->c;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, c->number, sizeof c->number);
    c->customer_id = sqlite3_column_int64(st, 2);
    store_column_copy(st, 3, c->company, sizeof c->company);
    store_column_copy(st, 4, c->title, sizeof c->title);
    c->amount = sqlite3_column_int64(st, 5);
    store_column_copy(st, 6, c->currency, sizeof c->currency);
    store_column_copy(st, 7, c->start_date, sizeof c->start_date);
    store_column_copy(st, 8, c->end_date, sizeof c->end_date);
    store_column_copy(st, 9, c->state, sizeof c->state);
    c->owner_id = sqlite3_column_int64(st, 10);
    store_column_copy(st, 11, c->owner_login, sizeof c->owner_login);
    store_column_copy(st, 12, c->signed_on, sizeof c->signed_on);
    return x->cb(x->ctx, c);
}

bd_status store_report_contracts(store *s, const store_viewer *v, const char *from,
                                 const char *to, store_report_contract_cb cb, void *ctx,
                                 bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT c.id, c.number, c.customer_id, cu.name, c.title, c.amount, "
                      "c.currency, c.start_date, c.end_date, c.state, c.owner_id, w.login, "
                      "c.signed_on FROM contracts c JOIN customers cu ON cu.id = c.customer_id "
                      "JOIN users w ON w.id = c.owner_id "
                      "WHERE c.signed_on BETWEEN :from AND :to AND ");
    store_viewer_sql(&sql, v, "c.owner_id");
    bd_buf_puts(&sql, " ORDER BY c.signed_on, c.number");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, v, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":from", from);
    bind_named(st, ":to", to);
    struct contract_ctx *x = bd_xcalloc(1, sizeof *x);
    x->cb = cb;
    x->ctx = ctx;
    status = each(s, st, contract_row, x, "reading contracts", e);
    free(x);
    return status;
}

/* ---- Collection log ---------------------------------------------------------------- */

struct collection_ctx {
    store_report_collection_cb cb;
    void *ctx;
    store_report_collection r;
};

static int collection_row(sqlite3_stmt *st, void *p)
{
    struct collection_ctx *x = p;
    store_report_collection *r = &x->r;
    memset(r, 0, sizeof *r);
    store_collection *c = &r->action;
    c->id = sqlite3_column_int64(st, 0);
    c->receivable_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, c->kind, sizeof c->kind);
    store_column_copy(st, 3, c->planned_on, sizeof c->planned_on);
    store_column_copy(st, 4, c->done_on, sizeof c->done_on);
    store_column_copy(st, 5, c->outcome, sizeof c->outcome);
    c->actor_id = sqlite3_column_int64(st, 6);
    store_column_copy(st, 7, c->actor_login, sizeof c->actor_login);
    store_column_copy(st, 8, c->at, sizeof c->at);
    store_column_copy(st, 9, r->contract_number, sizeof r->contract_number);
    store_column_copy(st, 10, r->company, sizeof r->company);
    return x->cb(x->ctx, r);
}

bd_status store_report_collections(store *s, const store_viewer *v, const char *from,
                                   const char *to, store_report_collection_cb cb, void *ctx,
                                   bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT k.id, k.receivable_id, k.kind, k.planned_on, k.done_on, k.outcome, "
                      "k.actor_id, w.login, k.at, c.number, cu.name "
                      "FROM collection_actions k JOIN receivables r ON r.id = k.receivable_id "
                      "JOIN contracts c ON c.id = r.contract_id "
                      "JOIN customers cu ON cu.id = r.customer_id "
                      "JOIN users w ON w.id = k.actor_id "
                      "WHERE (k.planned_on BETWEEN :from AND :to "
                      "OR k.done_on BETWEEN :from AND :to) AND ");
    store_viewer_sql(&sql, v, "c.owner_id");
    bd_buf_puts(&sql, " ORDER BY k.planned_on, k.id");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, v, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":from", from);
    bind_named(st, ":to", to);
    struct collection_ctx *x = bd_xcalloc(1, sizeof *x);
    x->cb = cb;
    x->ctx = ctx;
    status = each(s, st, collection_row, x, "reading the collection log", e);
    free(x);
    return status;
}

/* ---- Budget against actual ----------------------------------------------------------- */

struct budget_ctx {
    store_report_budget_cb cb;
    void *ctx;
};

static int budget_row(sqlite3_stmt *st, void *p)
{
    struct budget_ctx *x = p;
    store_report_budget_row r;
    memset(&r, 0, sizeof r);
    store_column_copy(st, 0, r.department, sizeof r.department);
    store_column_copy(st, 1, r.category, sizeof r.category);
    store_column_copy(st, 2, r.period, sizeof r.period);
    r.amount = sqlite3_column_int64(st, 3);
    r.committed = sqlite3_column_int64(st, 4);
    r.paid = sqlite3_column_int64(st, 5);
    r.spend = sqlite3_column_int(st, 6) != 0;
    return x->cb(x->ctx, &r);
}

bd_status store_report_budget(store *s, const char *year, const char *department,
                              store_report_budget_cb cb, void *ctx, bd_err *e)
{
    char from[11], to[11];
    if (!store_period_range(year, from, to) || strlen(year) != 4)
        return bd_errf(e, BD_ERR_INVALID, "year: '%s' is not a year", year ? year : "");
    /* Budgets of the year's periods, then what was spent: lines of
     * approved (committed) and paid claims dated in the year, by the
     * claim's department (as store_budget_list counts them). */
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT department, category, period, amount, 0, 0, 0 FROM budgets "
                      "WHERE substr(period, 1, 4) = :year");
    if (department)
        bd_buf_puts(&sql, " AND department = :dept");
    bd_buf_puts(&sql, " UNION ALL SELECT c.department, l.category, '', 0, "
                      "coalesce(sum(CASE WHEN c.state = 'approved' THEN l.amount END), 0), "
                      "coalesce(sum(CASE WHEN c.state = 'paid' THEN l.amount END), 0), 1 "
                      "FROM claim_lines l JOIN claims c ON c.id = l.claim_id "
                      "WHERE l.on_date BETWEEN :from AND :to AND c.state IN ('approved', 'paid')");
    if (department)
        bd_buf_puts(&sql, " AND c.department = :dept");
    bd_buf_puts(&sql, " GROUP BY c.department, l.category ORDER BY 1, 2, 7, 3");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, NULL, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":year", year);
    bind_named(st, ":dept", department);
    bind_named(st, ":from", from);
    bind_named(st, ":to", to);
    struct budget_ctx x = {cb, ctx};
    return each(s, st, budget_row, &x, "reading budgets", e);
}

/* ---- Reimbursements ---------------------------------------------------------------- */

struct reimb_ctx {
    store_report_reimb_cb cb;
    void *ctx;
};

static int reimb_row(sqlite3_stmt *st, void *p)
{
    struct reimb_ctx *x = p;
    store_report_reimb r;
    memset(&r, 0, sizeof r);
    store_column_copy(st, 0, r.login, sizeof r.login);
    store_column_copy(st, 1, r.name, sizeof r.name);
    store_column_copy(st, 2, r.category, sizeof r.category);
    r.claims = sqlite3_column_int64(st, 3);
    r.lines = sqlite3_column_int64(st, 4);
    r.amount = sqlite3_column_int64(st, 5);
    return x->cb(x->ctx, &r);
}

bd_status store_report_reimbursements(store *s, const store_viewer *v, const char *from,
                                      const char *to, store_report_reimb_cb cb, void *ctx,
                                      bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT w.login, w.name, l.category, count(DISTINCT c.id), count(*), "
                      "sum(l.amount) FROM claims c JOIN claim_lines l ON l.claim_id = c.id "
                      "JOIN users w ON w.id = c.author_id "
                      "WHERE c.state = 'paid' AND c.paid_on BETWEEN :from AND :to AND ");
    store_viewer_sql(&sql, v, "c.author_id");
    bd_buf_puts(&sql, " GROUP BY c.author_id, l.category ORDER BY w.login, l.category");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, v, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":from", from);
    bind_named(st, ":to", to);
    struct reimb_ctx x = {cb, ctx};
    return each(s, st, reimb_row, &x, "summing paid claims", e);
}

/* ---- Claims with standards ------------------------------------------------------------ */

struct id_ctx {
    store_report_id_cb cb;
    void *ctx;
};

static int id_row(sqlite3_stmt *st, void *p)
{
    struct id_ctx *x = p;
    return x->cb(x->ctx, sqlite3_column_int64(st, 0));
}

bd_status store_report_standard_claims(store *s, const store_viewer *v, const char *from,
                                       const char *to, store_report_id_cb cb, void *ctx,
                                       bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT c.id FROM claims c WHERE c.state NOT IN ('draft', 'withdrawn') "
                      "AND EXISTS (SELECT 1 FROM claim_lines l WHERE l.claim_id = c.id "
                      "AND l.standard <> '' AND l.on_date BETWEEN :from AND :to) AND ");
    store_viewer_sql(&sql, v, "c.author_id");
    bd_buf_puts(&sql, " ORDER BY c.id");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, v, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":from", from);
    bind_named(st, ":to", to);
    struct id_ctx x = {cb, ctx};
    return each(s, st, id_row, &x, "reading claims", e);
}

/* ---- Audit extract -------------------------------------------------------------------- */

struct audit_ctx {
    store_audit_cb cb;
    void *ctx;
};

static int audit_row(sqlite3_stmt *st, void *p)
{
    struct audit_ctx *x = p;
    bd_audit_row r = {
        .id = sqlite3_column_int64(st, 0),
        .at = text_or(st, 1, ""),
        .actor = text_or(st, 2, ""),
        .on_behalf = text_or(st, 3, NULL),
        .entity = text_or(st, 4, ""),
        .entity_id = sqlite3_column_int64(st, 5),
        .action = text_or(st, 6, ""),
        .before = text_or(st, 7, NULL),
        .after = text_or(st, 8, NULL),
        .prev_hash = text_or(st, 9, ""),
    };
    return x->cb(x->ctx, &r, text_or(st, 10, ""));
}

bd_status store_report_audit(store *s, const char *from, const char *before,
                             store_audit_cb cb, void *ctx, bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT id, at, actor, on_behalf, entity, entity_id, action, before, "
                      "after, prev_hash, hash FROM audit WHERE at >= :from AND at < :before "
                      "ORDER BY id");
    sqlite3_stmt *st;
    bd_status status = prepare(s, &sql, NULL, &st, e);
    if (status != BD_OK)
        return status;
    bind_named(st, ":from", from);
    bind_named(st, ":before", before);
    struct audit_ctx x = {cb, ctx};
    return each(s, st, audit_row, &x, "reading the audit trail", e);
}
