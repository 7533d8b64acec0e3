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

/* A named text parameter of a report; a NULL name ends a list. */
typedef struct param {
    const char *name;
    const char *text;
} param;

/* The callback a report was given: one member for each report's type. */
typedef union report_cb {
    store_report_stage_cb stage;
    store_report_sales_cb sales;
    store_report_activity_cb activity;
    store_report_customer_cb customer;
    store_report_contract_cb contract;
    store_report_collection_cb collection;
    store_report_budget_cb budget;
    store_report_reimb_cb reimb;
    store_report_id_cb id;
    store_audit_cb audit;
} report_cb;

/* Reads the current row into row (zeroed, of the size stream was given)
 * and hands it to cb; non-zero stops the report. */
typedef int (*row_reader)(sqlite3_stmt *st, void *row, report_cb cb, void *ctx);

/* Prepare sql (freed here) with the viewer's parameters (v may be NULL)
 * and params bound, then step it to the end, reading each row into one
 * zeroed row of `size` bytes with read until it returns non-zero.  what
 * names the query in the message of a failure. */
static bd_status stream(store *s, bd_buf *sql, const store_viewer *v, const param *params,
                        row_reader read, size_t size, report_cb cb, void *ctx, const char *what,
                        bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, bd_buf_str(sql), &st, e);
    bd_buf_free(sql);
    if (status != BD_OK)
        return status;
    if (v)
        store_viewer_bind(st, v);
    for (const param *p = params; p && p->name; p++)
        bind_named(st, p->name, p->text);
    void *row = bd_xcalloc(1, size);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(row, 0, size);
        if (read(st, row, cb, ctx)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    status = rc == SQLITE_DONE ? BD_OK : store_fail(s, rc, e, "%s", what);
    sqlite3_finalize(st);
    free(row);
    return status;
}

static const char *text_or(sqlite3_stmt *st, int col, const char *dflt)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : dflt;
}

/* ---- Pipeline ------------------------------------------------------------ */

static int stage_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    store_report_stage *r = row;
    store_column_copy(st, 0, r->login, sizeof r->login);
    store_column_copy(st, 1, r->name, sizeof r->name);
    store_column_copy(st, 2, r->stage, sizeof r->stage);
    r->count = sqlite3_column_int64(st, 3);
    r->value = sqlite3_column_int64(st, 4);
    return cb.stage(ctx, r);
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
    return stream(s, &sql, v, NULL, stage_row, sizeof(store_report_stage),
                  (report_cb){.stage = cb}, ctx, "summing the pipeline", e);
}

/* ---- Sales ----------------------------------------------------------------- */

static int sales_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    store_report_sales_row *r = row;
    store_column_copy(st, 0, r->login, sizeof r->login);
    store_column_copy(st, 1, r->name, sizeof r->name);
    store_column_copy(st, 2, r->currency, sizeof r->currency);
    r->contracts = sqlite3_column_int64(st, 3);
    r->amount = sqlite3_column_int64(st, 4);
    r->new_customers = sqlite3_column_int64(st, 5);
    r->previous = sqlite3_column_int64(st, 6);
    return cb.sales(ctx, r);
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
    const param params[] = {{":from", from}, {":to", to}, {":prev_from", prev_from}, {0}};
    return stream(s, &sql, v, params, sales_row, sizeof(store_report_sales_row),
                  (report_cb){.sales = cb}, ctx, "summing sales", e);
}

/* ---- Activities ------------------------------------------------------------- */

static int activity_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    store_activity *a = row;
    a->id = sqlite3_column_int64(st, 0);
    a->customer_id = sqlite3_column_int64(st, 1);
    a->opportunity_id = sqlite3_column_int64(st, 2);
    store_column_copy(st, 3, a->kind, sizeof a->kind);
    store_column_copy(st, 4, a->on_date, sizeof a->on_date);
    a->actor_id = sqlite3_column_int64(st, 5);
    store_column_copy(st, 6, a->actor_login, sizeof a->actor_login);
    store_column_copy(st, 7, a->summary, sizeof a->summary);
    store_column_copy(st, 8, a->created_at, sizeof a->created_at);
    return cb.activity(ctx, a, text_or(st, 9, ""));
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
    const param params[] = {{":from", from}, {":to", to}, {0}};
    return stream(s, &sql, v, params, activity_row, sizeof(store_activity),
                  (report_cb){.activity = cb}, ctx, "reading activities", e);
}

/* ---- Quiet customers ---------------------------------------------------------- */

static int customer_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    store_customer *c = row;
    c->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, c->name, sizeof c->name);
    store_column_copy(st, 2, c->class_code, sizeof c->class_code);
    c->owner_id = sqlite3_column_int64(st, 3);
    store_column_copy(st, 4, c->owner_login, sizeof c->owner_login);
    store_column_copy(st, 5, c->last_contact, sizeof c->last_contact);
    store_column_copy(st, 6, c->created_at, sizeof c->created_at);
    return cb.customer(ctx, c);
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
    const param params[] = {{":class", class_code}, {":before", before}, {0}};
    return stream(s, &sql, v, params, customer_row, sizeof(store_customer),
                  (report_cb){.customer = cb}, ctx, "looking for quiet customers", e);
}

/* ---- Contract register ---------------------------------------------------------- */

static int contract_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    store_contract *c = row;
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
    return cb.contract(ctx, c);
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
    const param params[] = {{":from", from}, {":to", to}, {0}};
    return stream(s, &sql, v, params, contract_row, sizeof(store_contract),
                  (report_cb){.contract = cb}, ctx, "reading contracts", e);
}

/* ---- Collection log ---------------------------------------------------------------- */

static int collection_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    store_report_collection *r = row;
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
    return cb.collection(ctx, r);
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
    const param params[] = {{":from", from}, {":to", to}, {0}};
    return stream(s, &sql, v, params, collection_row, sizeof(store_report_collection),
                  (report_cb){.collection = cb}, ctx, "reading the collection log", e);
}

/* ---- Budget against actual ----------------------------------------------------------- */

static int budget_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    store_report_budget_row *r = row;
    store_column_copy(st, 0, r->department, sizeof r->department);
    store_column_copy(st, 1, r->category, sizeof r->category);
    store_column_copy(st, 2, r->period, sizeof r->period);
    r->amount = sqlite3_column_int64(st, 3);
    r->committed = sqlite3_column_int64(st, 4);
    r->paid = sqlite3_column_int64(st, 5);
    r->spend = sqlite3_column_int(st, 6) != 0;
    return cb.budget(ctx, r);
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
    const param params[] = {
        {":year", year},
        {":dept", department},
        {":from", from},
        {":to", to},
        {0},
    };
    return stream(s, &sql, NULL, params, budget_row, sizeof(store_report_budget_row),
                  (report_cb){.budget = cb}, ctx, "reading budgets", e);
}

/* ---- Reimbursements ---------------------------------------------------------------- */

static int reimb_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    store_report_reimb *r = row;
    store_column_copy(st, 0, r->login, sizeof r->login);
    store_column_copy(st, 1, r->name, sizeof r->name);
    store_column_copy(st, 2, r->category, sizeof r->category);
    r->claims = sqlite3_column_int64(st, 3);
    r->lines = sqlite3_column_int64(st, 4);
    r->amount = sqlite3_column_int64(st, 5);
    return cb.reimb(ctx, r);
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
    const param params[] = {{":from", from}, {":to", to}, {0}};
    return stream(s, &sql, v, params, reimb_row, sizeof(store_report_reimb),
                  (report_cb){.reimb = cb}, ctx, "summing paid claims", e);
}

/* ---- Claims with standards ------------------------------------------------------------ */

static int id_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    int64_t *id = row;
    *id = sqlite3_column_int64(st, 0);
    return cb.id(ctx, *id);
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
    const param params[] = {{":from", from}, {":to", to}, {0}};
    return stream(s, &sql, v, params, id_row, sizeof(int64_t),
                  (report_cb){.id = cb}, ctx, "reading claims", e);
}

/* ---- Audit extract -------------------------------------------------------------------- */

static int audit_row(sqlite3_stmt *st, void *row, report_cb cb, void *ctx)
{
    bd_audit_row *r = row;
    *r = (bd_audit_row){
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
    return cb.audit(ctx, r, text_or(st, 10, ""));
}

bd_status store_report_audit(store *s, const char *from, const char *before,
                             store_audit_cb cb, void *ctx, bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT id, at, actor, on_behalf, entity, entity_id, action, before, "
                      "after, prev_hash, hash FROM audit WHERE at >= :from AND at < :before "
                      "ORDER BY id");
    const param params[] = {{":from", from}, {":before", before}, {0}};
    return stream(s, &sql, NULL, params, audit_row, sizeof(bd_audit_row),
                  (report_cb){.audit = cb}, ctx, "reading the audit trail", e);
}
