/* Budgets per department x category x period: set by finance (by hand or
 * from a CSV file), changed through a budget change request decided by
 * claims.yaml's budget_change flow, and drawn on by claims (claims.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app_internal.h"

static const char MODULE[] = "budget_changes";

/* The department and category codes named by code or name, into dept and
 * cat (33 bytes each); the message names the field. */
static bd_status resolve(app *a, const char *department, const char *category, char *dept,
                         char *cat, bd_err *e)
{
    const policy *p = app_policy(a);
    const char *d = NULL, *c = NULL;
    for (size_t i = 0; department && !d && i < p->ndepts; i++)
        if (strcmp(p->depts[i].code, department) == 0 || app_name_matches(p->depts[i].name, department))
            d = p->depts[i].code;
    for (size_t i = 0; category && !c && i < p->ncategories; i++)
        if (strcmp(p->categories[i].code, category) == 0 ||
            app_name_matches(p->categories[i].name, category))
            c = p->categories[i].code;
    if (!d)
        return bd_errf(e, BD_ERR_INVALID, "department: '%s' is not a department of bizdesk.yaml",
                       department ? department : "");
    if (!c)
        return bd_errf(e, BD_ERR_INVALID, "category: '%s' is not a category of claims.yaml",
                       category ? category : "");
    bd_strlcpy(dept, d, 33);
    bd_strlcpy(cat, c, 33);
    return BD_OK;
}

static bd_status check_period(const char *period, bd_err *e)
{
    char from[11], to[11];
    if (!period || strlen(period) > 7 || !store_period_range(period, from, to))
        return bd_errf(e, BD_ERR_INVALID, "period: '%s' is not a year (2026), a quarter "
                       "(2026-Q1) or a month (2026-01)", period ? period : "");
    return BD_OK;
}

bd_status app_budget_list(app *a, const char *year, store_budget *rows, int max, int *n,
                          bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CLAIMS, "reading budgets", e);
    if (st != BD_OK)
        return st;
    char y[5];
    if (year && *year) {
        if (strlen(year) != 4 || strspn(year, "0123456789") != 4)
            return bd_errf(e, BD_ERR_INVALID, "year: '%s' is not a year like 2026", year);
        bd_strlcpy(y, year, sizeof y);
    } else {
        app_today(y, sizeof y);
    }
    /* Budgets are the company's plan, not personal data: a role that sees
     * everyone's records sees every department's; others their own. */
    bool all = app_can(a, PERM_BUDGETS) || app_viewer(a).see == STORE_SEE_ALL;
    return store_budget_list(a->db, y, all ? NULL : a->actor.user.department, rows, max, n, e);
}

/* Set one budget and audit it (inside the caller's transaction). */
static bd_status budget_put(app *a, const char *dept, const char *cat, const char *period,
                            int64_t amount, bd_err *e)
{
    store_budget b = {.amount = amount};
    char before[32] = "", after[32];
    bd_strlcpy(b.department, dept, sizeof b.department);
    bd_strlcpy(b.category, cat, sizeof b.category);
    bd_strlcpy(b.period, period, sizeof b.period);
    store_budget old;
    bd_status st = store_budget_find(a->db, dept, cat, period, &old, e);
    if (st == BD_OK)
        bd_money_format(old.amount, false, before, sizeof before);
    else if (st != BD_ERR_NOTFOUND)
        return st;
    app_timestamp(b.updated_at, sizeof b.updated_at);
    if ((st = store_budget_put(a->db, &b, e)) != BD_OK)
        return st;
    bd_json j;
    bd_json_begin(&j);
    bd_json_str(&j, "department", dept);
    bd_json_str(&j, "category", cat);
    bd_json_str(&j, "period", period);
    bd_json_str(&j, "amount", bd_money_format(amount, false, after, sizeof after));
    if (*before)
        bd_json_str(&j, "was", before);
    bd_json_end(&j);
    st = app_audit_write(a, "budget", b.id, "set", NULL, j.buf.data, e);
    bd_buf_free(&j.buf);
    return st;
}

bd_status app_budget_set(app *a, const char *department, const char *category,
                         const char *period, const char *amount, bd_err *e)
{
    bd_status st = app_require(a, PERM_BUDGETS, "setting a budget", e);
    char dept[33], cat[33];
    int64_t cents = 0;
    if (st == BD_OK)
        st = resolve(a, department, category, dept, cat, e);
    if (st == BD_OK)
        st = check_period(period, e);
    if (st == BD_OK)
        st = app_parse_money("amount", amount, &cents, e);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    return app_tx_end(a, budget_put(a, dept, cat, period, cents, e), e);
}

/* ---- Budget changes ----------------------------------------------------------------- */

static char *change_json(const void *rec)
{
    const store_budget_change *c = rec;
    bd_json j;
    char m[32];
    bd_json_begin(&j);
    bd_json_str(&j, "department", c->department);
    bd_json_str(&j, "category", c->category);
    bd_json_str(&j, "period", c->period);
    bd_json_str(&j, "delta", bd_money_format(c->delta, false, m, sizeof m));
    bd_json_str(&j, "reason", c->reason);
    bd_json_str(&j, "state", c->state);
    bd_json_int(&j, "step", c->review_step);
    bd_json_end(&j);
    return j.buf.data;
}

static bd_status change_load(app *a, int64_t id, void *rec, app_request *r, bd_err *e)
{
    store_budget_change *c = rec;
    bd_status st = store_budget_change_get(a->db, id, c, e);
    if (st != BD_OK)
        return st;
    *r = (app_request){.id = c->id, .author_id = c->author_id, .version = c->version,
                       .review_step = c->review_step, .review_round = c->review_round,
                       .amount = c->delta < 0 ? -c->delta : c->delta};
    bd_strlcpy(r->state, c->state, sizeof r->state);
    return BD_OK;
}

static bd_status change_save(app *a, void *rec, const app_request *r, bd_err *e)
{
    store_budget_change *c = rec;
    bd_strlcpy(c->state, r->state, sizeof c->state);
    c->review_step = r->review_step;
    c->review_round = r->review_round;
    return store_budget_change_update(a->db, c, e);
}

static const policy_flow *change_flow(app *a, const void *rec, bd_err *e)
{
    (void)e;
    return policy_claims_flow(app_policy(a), CLAIM_FLOW_BUDGET,
                              ((const store_budget_change *)rec)->department);
}

static bd_status change_approved(app *a, void *rec, bd_err *e)
{
    const store_budget_change *c = rec;
    char now[21];
    app_timestamp(now, sizeof now);
    return store_budget_adjust(a->db, c->department, c->category, c->period, c->delta, now, e);
}

static bd_status change_in_review(app *a, int64_t *ids, int max, int *n, bd_err *e)
{
    store_budget_change *rows = bd_xcalloc((size_t)max, sizeof *rows);
    bd_status st = store_budget_change_list(a->db, "in_review", rows, max, n, e);
    for (int i = 0; st == BD_OK && i < *n; i++)
        ids[i] = rows[*n - 1 - i].id; /* oldest first */
    free(rows);
    return st;
}

static void change_describe(app *a, const void *rec, app_work_item *w)
{
    const store_budget_change *c = rec;
    const policy_department *d = policy_dept_find(app_policy(a), c->department);
    int k = policy_category_index(app_policy(a), c->category);
    bd_strfmt(w->what, sizeof w->what, "%s %s %s: %s",
             k >= 0 ? app_policy(a)->categories[k].name : c->category, c->period,
             c->delta < 0 ? "down" : "up", c->reason);
    bd_strlcpy(w->party, d ? d->name : c->department, sizeof w->party);
    bd_strlcpy(w->waiting_since, c->created_at, sizeof w->waiting_since);
    w->amount = c->delta;
}

const app_request_kind app_kind_budget_change = {
    .module = MODULE, .entity = "budget_change", .noun = "budget change", .perm = PERM_CLAIMS,
    .size = sizeof(store_budget_change), .load = change_load, .save = change_save,
    .flow = change_flow, .approved = change_approved, .json = change_json,
    .in_review = change_in_review, .describe = change_describe,
};

bd_status app_budget_request(app *a, const char *department, const char *category,
                             const char *period, const char *delta, const char *reason,
                             store_budget_change *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_CLAIMS, "asking for a budget change", e);
    store_budget_change c = {.author_id = a->actor.user.id, .review_round = 1};
    if (st == BD_OK)
        st = resolve(a, department && *department ? department : a->actor.user.department,
                     category, c.department, c.category, e);
    if (st == BD_OK && strcmp(c.department, a->actor.user.department) != 0 &&
        !app_can(a, PERM_BUDGETS))
        st = bd_errf(e, BD_ERR_DENIED, "department: you ask for your own department's budget "
                     "(%s); finance asks for others'", a->actor.user.department);
    if (st == BD_OK && (st = check_period(period, e)) == BD_OK)
        bd_strlcpy(c.period, period, sizeof c.period);
    bd_err pe = {0};
    if (st == BD_OK && (!delta || bd_money_parse(delta, &c.delta, &pe) != BD_OK || c.delta == 0))
        st = bd_errf(e, BD_ERR_INVALID, "amount: %s", *pe.msg ? pe.msg
                     : "the change, more than 0 to raise the budget or less than 0 to lower it");
    if (st == BD_OK && (!reason || !*reason || !bd_strlcpy(c.reason, reason, sizeof c.reason)))
        st = bd_errf(e, BD_ERR_INVALID, "reason: say why the budget must change (up to %zu "
                     "bytes)", sizeof c.reason - 1);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_budget b;
    if (c.delta < 0) {
        /* Lowering below what is already spent is refused now, not at the end. */
        if ((st = store_budget_find(a->db, c.department, c.category, c.period, &b, e)) ==
            BD_ERR_NOTFOUND)
            st = bd_errf(e, BD_ERR_INVALID, "there is no %s budget of %s for %s to lower",
                         c.category, c.department, c.period);
        else if (st == BD_OK && b.amount + c.delta < 0)
            st = bd_errf(e, BD_ERR_INVALID, "amount: the budget is only %s", bd_money_format(
                         b.amount, true, (char[32]){0}, 32));
    }
    if (st == BD_OK) {
        c.review_step = app_request_first_step(change_flow(a, &c, e),
                                               c.delta < 0 ? -c.delta : c.delta, c.state);
        app_timestamp(c.created_at, sizeof c.created_at);
        st = store_budget_change_insert(a->db, &c, e);
    }
    if (st == BD_OK)
        st = app_request_created(a, &app_kind_budget_change, &c, c.id, e);
    if (st == BD_OK && strcmp(c.state, "approved") == 0)
        st = change_approved(a, &c, e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        st = store_budget_change_get(a->db, c.id, out, e);
    return st;
}

bd_status app_budget_change_act(app *a, int64_t id, apv_action act, const char *comment,
                                int64_t expected_version, store_budget_change *out, bd_err *e)
{
    return app_request_act(a, &app_kind_budget_change, id, act, comment, expected_version, out,
                           e);
}

bd_status app_budget_changes(app *a, const char *state, store_budget_change *rows, int max,
                             int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CLAIMS, "reading budget changes", e);
    if (st != BD_OK)
        return st;
    store_budget_change *all = bd_xcalloc((size_t)max, sizeof *all);
    int got = 0;
    st = store_budget_change_list(a->db, state && *state ? state : NULL, all, max, &got, e);
    bool everyone = app_can(a, PERM_BUDGETS) || app_viewer(a).see == STORE_SEE_ALL;
    for (int i = 0; st == BD_OK && i < got; i++)
        if (everyone || strcmp(all[i].department, a->actor.user.department) == 0 ||
            app_request_awaits(a, &app_kind_budget_change, all[i].id))
            rows[(*n)++] = all[i];
    free(all);
    return st;
}

/* ---- Import ------------------------------------------------------------------------- */

enum { COL_DEPT, COL_CAT, COL_PERIOD, COL_AMOUNT, NCOLS };

/* The header texts each column goes by. */
static const char *const col_names[NCOLS][7] = {
    [COL_DEPT] = {"department", "dept", "部門", "部门", NULL},
    [COL_CAT] = {"category", "類別", "类别", "費用類別", "费用类别", NULL},
    [COL_PERIOD] = {"period", "year", "期間", "期间", "年度", NULL},
    [COL_AMOUNT] = {"amount", "budget", "預算", "预算", "金額", "金额", NULL},
};

static int column_of(const char *header)
{
    while (*header == ' ')
        header++;
    size_t n = strlen(header);
    while (n && header[n - 1] == ' ')
        n--;
    for (int c = 0; c < NCOLS; c++)
        for (int k = 0; col_names[c][k]; k++)
            if (strlen(col_names[c][k]) == n && strncasecmp(col_names[c][k], header, n) == 0)
                return c;
    return -1;
}

typedef struct budget_run {
    app *a;
    int col[NCOLS];
    bd_buf seen;              /* "dept|cat|period|line\n" of rows taken */
    app_side rej;
    app_budget_import_result *r;
} budget_run;

/* Why row rec cannot be taken ("" when it can), into why. */
static bd_status budget_row(budget_run *run, const csv_record *rec, char *why, size_t n,
                            bd_err *e)
{
    const char *f[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        f[c] = csv_record_field(rec, (size_t)run->col[c]);
    char dept[33], cat[33];
    int64_t cents = 0;
    bd_err re = {0};
    if (resolve(run->a, f[COL_DEPT], f[COL_CAT], dept, cat, &re) != BD_OK ||
        check_period(f[COL_PERIOD], &re) != BD_OK ||
        app_parse_money("amount", f[COL_AMOUNT], &cents, &re) != BD_OK) {
        bd_strlcpy(why, re.msg, n);
        return BD_OK;
    }
    char key[128];
    int len = snprintf(key, sizeof key, "%s|%s|%s|", dept, cat, f[COL_PERIOD]);
    const char *at = strstr(bd_buf_str(&run->seen), key);
    if (at && (at == bd_buf_str(&run->seen) || at[-1] == '\n')) {
        snprintf(why, n, "line %ld set this budget already", strtol(at + len, NULL, 10));
        return BD_OK;
    }
    bd_buf_printf(&run->seen, "%s%llu\n", key, (unsigned long long)rec->line);
    why[0] = '\0';
    return budget_put(run->a, dept, cat, f[COL_PERIOD], cents, e);
}

static bd_status budget_file(budget_run *run, csv_reader *rd, const char *path, bd_err *e)
{
    const csv_record *rec;
    bd_status st = csv_reader_next(rd, &rec, e);
    if (st != BD_OK)
        return st;
    if (!rec)
        return bd_errf(e, BD_ERR_INVALID, "%s: no header row (the file has no records)", path);
    for (int c = 0; c < NCOLS; c++)
        run->col[c] = -1;
    for (size_t i = 0; i < rec->nfields; i++) {
        int c = column_of(rec->fields[i]);
        if (c >= 0 && run->col[c] < 0)
            run->col[c] = (int)i;
    }
    for (int c = 0; c < NCOLS; c++)
        if (run->col[c] < 0)
            return bd_errf(e, BD_ERR_INVALID, "%s:%llu: no %s column: the header needs "
                           "department, category, period and amount (or 部門, 類別, 期間, 預算)",
                           path, (unsigned long long)rec->line, col_names[c][0]);
    char **header = bd_xcalloc(rec->nfields, sizeof *header);
    for (size_t i = 0; i < rec->nfields; i++)
        header[i] = bd_xstrdup(rec->fields[i]);
    run->rej.header = header;
    run->rej.ncols = rec->nfields;
    char why[1024];
    while (st == BD_OK && (st = csv_reader_next(rd, &rec, e)) == BD_OK && rec) {
        run->r->rows++;
        if ((st = budget_row(run, rec, why, sizeof why, e)) != BD_OK)
            break;
        if (!*why) {
            run->r->set++;
            continue;
        }
        run->r->rejected++;
        char line[32];
        snprintf(line, sizeof line, "%llu", (unsigned long long)rec->line);
        const char *extra[] = {line, why};
        st = app_side_row(&run->rej, rec, extra, e);
    }
    run->rej.header = NULL;
    for (size_t i = 0; i < run->rej.ncols; i++)
        free(header[i]);
    free(header);
    return st;
}

bd_status app_budget_import(app *a, const char *path, const char *reject_path, bool force,
                            app_budget_import_result *r, bd_err *e)
{
    memset(r, 0, sizeof *r);
    bd_status st = app_require(a, PERM_BUDGETS, "importing budgets", e);
    if (st != BD_OK)
        return st;
    csv_read_opts ro = {0};
    csv_reader *rd = NULL;
    if ((st = csv_reader_open(path, &ro, &rd, e)) != BD_OK)
        return st;
    static const char *const rej_cols[] = {"line", "reason"};
    budget_run run = {
        .a = a, .r = r,
        .rej = {.path = reject_path, .input = path, .what = "rejects", .force = force,
                .extra = rej_cols, .nextra = 2, .out_path = r->reject_path,
                .out_n = sizeof r->reject_path},
    };
    if ((st = app_tx_begin(a, e)) == BD_OK)
        st = app_tx_end(a, budget_file(&run, rd, path, e), e);
    csv_reader_close(&rd);
    /* The reject file is put in place only for an import that stands. */
    if (st != BD_OK)
        r->reject_path[0] = '\0';
    else if ((st = app_side_commit(&run.rej, e)) != BD_OK)
        bd_err_prefix(e, "the budgets are saved, but the reject file is not");
    app_side_abort(&run.rej);
    bd_buf_free(&run.seen);
    return st;
}
