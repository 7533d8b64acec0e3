/* Reports: a registry of what each report is called, takes and needs, and
 * one generator each, which streams rows from the store (or from the
 * module's own function where the module already computes them: the
 * contract clock, the aging, a claim's checks) into the report writer.
 *
 * Who may run what (decided here, listed by `bizdesk report list`):
 *   - pipeline, activities, churn: pipeline.use; contracts, clock:
 *     contracts.use.  These show the module's own records within the
 *     role's scope, which the person may list in the module anyway, so a
 *     rep gets a report of their own pipeline without reports.use.
 *   - sales, aging, collections: reports.use and contracts.use; budget,
 *     reimbursements, over-standard: reports.use and claims.use.  These
 *     are figures for managers and finance, still within the scope.
 *   - ranking: reports.use and reviews.use, over the reviews of the period
 *     in the actor's reach (app_review_list's rules: their own, those they
 *     supervise or rate as a peer, their role's scope).  calibration:
 *     reviews.manage over the period's department (app_review_calibration).
 *     Both take a review period the actor may list (app_review_periods),
 *     by default the newest of the actor's own department.
 *   - audit: audit.read (the audit trail is not scoped).
 *
 * This file holds the registry, the parameters, the permission checks and
 * the run; the generators are in report_pipeline.c, report_contracts.c,
 * report_claims.c and report_people.c (reports_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports_internal.h"

typedef struct report {
    app_report_info info;
    report_gen gen;
    bool scoped;              /* reads through the actor's viewer */
} report;

/* ---- Small helpers ------------------------------------------------------------------- */

const char *rep_money(char buf[32], int64_t v)
{
    return bd_money_format(v, false, buf, 32);
}

const char *rep_num(char buf[32], int64_t v)
{
    snprintf(buf, 32, "%lld", (long long)v);
    return buf;
}

/* part of whole in percent with one decimal ("12.5"); "" when whole is 0. */
const char *rep_percent(char buf[32], int64_t part, int64_t whole)
{
    if (whole == 0) {
        buf[0] = '\0';
        return buf;
    }
    __int128 t = (__int128)part * 1000;
    __int128 q = t / whole, rem = t % whole;
    if (rem != 0 && 2 * (rem < 0 ? -rem : rem) >= (whole < 0 ? -whole : whole))
        q += ((t < 0) != (whole < 0)) ? -1 : 1;
    long long v = (long long)q;
    long long mag = v < 0 ? -v : v;
    snprintf(buf, 32, "%s%lld.%lld", v < 0 ? "-" : "", mag / 10, mag % 10);
    return buf;
}

void rep_shift(const char *date, int64_t days, char out[11])
{
    bd_date d;
    if (bd_date_parse(date, &d, NULL) != BD_OK) {
        out[0] = '\0';
        return;
    }
    bd_date_format(bd_date_from_days(bd_date_days(d) + days), out, 11);
}

int64_t rep_days_between(const char *from, const char *to)
{
    bd_date a, b;
    if (bd_date_parse(from, &a, NULL) != BD_OK || bd_date_parse(to, &b, NULL) != BD_OK)
        return 0;
    return bd_date_days(b) - bd_date_days(a);
}

bd_status rep_section(rctx *c, const char *title, const rpt_col *cols, int n, bool summary)
{
    return rpt_section(c->w, title, cols, n, summary, c->e);
}

bd_status rep_row(rctx *c, rpt_kind kind, const char *const *cells)
{
    return rpt_row(c->w, kind, cells, c->e);
}

/* In a callback: remember a failure and stop the stream. */
int rep_cb_status(rctx *c, bd_status st)
{
    if (st != BD_OK && c->st == BD_OK)
        c->st = st;
    return st != BD_OK;
}

/* The status of a streamed query: its own, or the callback's. */
bd_status rep_streamed(rctx *c, bd_status st)
{
    return c->st != BD_OK ? c->st : st;
}

/* ---- The registry -------------------------------------------------------------------- */

#define NONE PERM_COUNT

static const report reports[] = {
    {{"pipeline", "Pipeline by stage and owner", 0, PERM_PIPELINE, NONE}, gen_pipeline, true},
    {{"sales", "Sales by rep", APP_REPORT_PERIOD, PERM_REPORTS, PERM_CONTRACTS}, gen_sales, true},
    {{"activities", "Activity log by rep", APP_REPORT_PERIOD, PERM_PIPELINE, NONE},
     gen_activities, true},
    {{"churn", "Churn risk: quiet customers", 0, PERM_PIPELINE, NONE}, gen_churn, true},
    {{"contracts", "Contract register", APP_REPORT_PERIOD, PERM_CONTRACTS, NONE}, gen_contracts,
     true},
    {{"clock", "Contract clock", APP_REPORT_DAYS, PERM_CONTRACTS, NONE}, gen_clock, true},
    {{"aging", "Receivables aging by customer", 0, PERM_REPORTS, PERM_CONTRACTS}, gen_aging, true},
    {{"collections", "Collection log", APP_REPORT_PERIOD, PERM_REPORTS, PERM_CONTRACTS},
     gen_collections, true},
    {{"budget", "Budget against actual", APP_REPORT_YEAR, PERM_REPORTS, PERM_CLAIMS}, gen_budget,
     false},
    {{"reimbursements", "Reimbursement ledger", APP_REPORT_PERIOD, PERM_REPORTS, PERM_CLAIMS},
     gen_reimbursements, true},
    {{"over-standard", "Claim lines over their standard", APP_REPORT_PERIOD, PERM_REPORTS,
      PERM_CLAIMS}, gen_over_standard, true},
    {{"ranking", "Performance ranking", APP_REPORT_REVIEW, PERM_REPORTS, PERM_REVIEWS},
     gen_ranking, true},
    {{"calibration", "Calibration sheet", APP_REPORT_REVIEW, PERM_REVIEWS_MANAGE, NONE},
     gen_calibration, false},
    {{"audit", "Audit trail extract", APP_REPORT_PERIOD, PERM_AUDIT_READ, NONE}, gen_audit, false},
};

enum { NREPORTS = sizeof reports / sizeof reports[0] };

const app_report_info *app_report_at(int i)
{
    return i >= 0 && i < NREPORTS ? &reports[i].info : NULL;
}

static const report *report_find(const char *name)
{
    for (int i = 0; name && i < NREPORTS; i++)
        if (strcmp(reports[i].info.name, name) == 0)
            return &reports[i];
    return NULL;
}

const app_report_info *app_report_find(const char *name)
{
    const report *r = report_find(name);
    return r ? &r->info : NULL;
}

void app_report_params_text(const app_report_info *r, char *buf, size_t n)
{
    bd_buf b = {0};
    if (r->params & APP_REPORT_PERIOD)
        bd_buf_puts(&b, "--period P | --from D --to D");
    if (r->params & APP_REPORT_DAYS)
        bd_buf_printf(&b, "%s--days N", b.len ? " " : "");
    if (r->params & APP_REPORT_YEAR)
        bd_buf_printf(&b, "%s--year Y", b.len ? " " : "");
    if (r->params & APP_REPORT_REVIEW)
        bd_buf_printf(&b, "%s--review-period ID", b.len ? " " : "");
    bd_strlcpy(buf, b.len ? bd_buf_str(&b) : "-", n);
    bd_buf_free(&b);
}

void app_report_perms_text(const app_report_info *r, char *buf, size_t n)
{
    if (r->perm2 != NONE)
        snprintf(buf, n, "%s, %s", policy_perm_name(r->perm), policy_perm_name(r->perm2));
    else
        snprintf(buf, n, "%s", policy_perm_name(r->perm));
}

/* ---- Parameters ---------------------------------------------------------------------- */

/* The previous period of the same kind: the month, quarter or year
 * before; for from/to, as many days right before. */
static void previous_period(const char *period, rctx *c)
{
    rep_shift(c->from, -1, c->prev_to);
    size_t len = period ? strlen(period) : 0;
    if (len == 4)
        snprintf(c->prev_from, sizeof c->prev_from, "%.4s-01-01", c->prev_to);
    else if (len == 7 && period[5] == 'Q') {
        char buf[32];
        int m = atoi(c->prev_to + 5);
        snprintf(buf, sizeof buf, "%.4s-%02d-01", c->prev_to, (m - 1) / 3 * 3 + 1);
        bd_strlcpy(c->prev_from, buf, sizeof c->prev_from);
    } else if (len == 7)
        snprintf(c->prev_from, sizeof c->prev_from, "%.7s-01", c->prev_to);
    else
        rep_shift(c->from, -(rep_days_between(c->from, c->to) + 1), c->prev_from);
}

/* The review period id of a review report (0: the newest of the actor's
 * department) into c->rp, and the parameter line.  Only a period the
 * actor may list (app_review_periods: their department's, every one with
 * scope all) is taken. */
static bd_status review_period(rctx *c, int64_t id, bd_err *e)
{
    enum { MAXP = 500 };
    store_review_period *rows = bd_xcalloc(MAXP, sizeof *rows);
    int n = 0;
    const char *dept = c->a->actor.user.department;
    bd_status st = app_review_periods(c->a, rows, MAXP, &n, e);
    int k = -1;
    for (int i = 0; st == BD_OK && i < n && k < 0; i++)
        if (id ? rows[i].id == id : strcmp(rows[i].department, dept) == 0)
            k = i;
    if (st == BD_OK && k < 0 && id)
        st = bd_errf(e, BD_ERR_INVALID, "review-period: there is no review period #%lld of "
                     "yours ('bizdesk review periods' lists them)", (long long)id);
    else if (st == BD_OK && k < 0)
        st = bd_errf(e, BD_ERR_INVALID, "review-period: %s has no review period yet; give "
                     "one's id ('bizdesk review periods' lists them)", dept);
    if (st == BD_OK) {
        c->rp = rows[k];
        bool live = strcmp(c->rp.state, "open") == 0;
        snprintf(c->params, sizeof c->params, "Review period #%lld: %s %s (%s%s)",
                 (long long)c->rp.id, c->rp.department, c->rp.period, c->rp.state,
                 live ? ": scores as they stand" : "");
    }
    free(rows);
    return st;
}

/* Check p against report r and fill c's dates and parameter line. */
static bd_status resolve(const report *r, const app_report_params *p, rctx *c, bd_err *e)
{
    const char *name = r->info.name;
    unsigned takes = r->info.params;
    app_today(c->today, sizeof c->today);
    bool ranged = (p->from && *p->from) || (p->to && *p->to);
    bool period = p->period && *p->period;
    if (!(takes & APP_REPORT_PERIOD) && (period || ranged))
        return bd_errf(e, BD_ERR_USAGE, "%s: report %s takes no period", period ? "period" : "from",
                       name);
    if (!(takes & APP_REPORT_DAYS) && p->days >= 0)
        return bd_errf(e, BD_ERR_USAGE, "days: report %s takes no days", name);
    if (!(takes & APP_REPORT_YEAR) && p->year)
        return bd_errf(e, BD_ERR_USAGE, "year: report %s takes no year", name);
    if (!(takes & APP_REPORT_REVIEW) && p->review_period)
        return bd_errf(e, BD_ERR_USAGE, "review-period: report %s takes no review period", name);
    if (p->width && p->width != RPT_WIDTH_NARROW && p->width != RPT_WIDTH_WIDE)
        return bd_errf(e, BD_ERR_USAGE, "width: %d is not %d or %d", p->width, RPT_WIDTH_NARROW,
                       RPT_WIDTH_WIDE);
    if (p->lines && (p->lines < RPT_LINES_MIN || p->lines > RPT_LINES_MAX))
        return bd_errf(e, BD_ERR_USAGE, "lines: %d is not from %d to %d", p->lines,
                       RPT_LINES_MIN, RPT_LINES_MAX);
    bd_status st;
    if (takes & APP_REPORT_PERIOD) {
        char month[8];
        const char *per = p->period;
        if (period && ranged)
            return bd_errf(e, BD_ERR_USAGE, "period: give a period or from and to, not both");
        if (ranged) {
            if (!p->from || !*p->from)
                return bd_errf(e, BD_ERR_USAGE, "from: required with to");
            if (!p->to || !*p->to)
                return bd_errf(e, BD_ERR_USAGE, "to: required with from");
            if ((st = app_parse_date("from", p->from, c->from, e)) != BD_OK ||
                (st = app_parse_date("to", p->to, c->to, e)) != BD_OK)
                return st;
            if (strcmp(c->to, c->from) < 0)
                return bd_errf(e, BD_ERR_INVALID, "to: %s is before from %s", c->to, c->from);
            per = NULL;
            snprintf(c->params, sizeof c->params, "From %s to %s", c->from, c->to);
        } else {
            if (!period) {
                snprintf(month, sizeof month, "%.7s", c->today);
                per = month;
            }
            if (strlen(per) > 7 || !store_period_range(per, c->from, c->to))
                return bd_errf(e, BD_ERR_INVALID, "period: '%s' is not a month (2026-10), a "
                               "quarter (2026-Q4) or a year (2026)", per);
            snprintf(c->params, sizeof c->params, "Period %s (%s to %s)", per, c->from, c->to);
        }
        previous_period(per, c);
        if (strcmp(name, "sales") == 0) {
            size_t used = strlen(c->params);
            snprintf(c->params + used, sizeof c->params - used, " against %s to %s",
                     c->prev_from, c->prev_to);
        }
    } else if (takes & APP_REPORT_DAYS) {
        c->days = p->days >= 0 ? p->days : 90;
        if (c->days > 3650)
            return bd_errf(e, BD_ERR_INVALID, "days: %d is not from 0 to 3650", c->days);
        char until[11];
        rep_shift(c->today, c->days, until);
        snprintf(c->params, sizeof c->params, "Next %d days (%s to %s)", c->days, c->today, until);
    } else if (takes & APP_REPORT_YEAR) {
        const char *y = p->year ? p->year : c->today;
        if (p->year && (strlen(y) != 4 || strspn(y, "0123456789") != 4 || atoi(y) < 1900))
            return bd_errf(e, BD_ERR_INVALID, "year: '%s' is not a year like 2026", y);
        snprintf(c->year, sizeof c->year, "%.4s", y);
        snprintf(c->params, sizeof c->params, "Year %s", c->year);
    } else if (takes & APP_REPORT_REVIEW) {
        return review_period(c, p->review_period, e);
    } else {
        snprintf(c->params, sizeof c->params, "As of %s", c->today);
    }
    return BD_OK;
}

/* What part of the records the report covers, for the header's "Run by"
 * line: the role's scope ("" for the audit trail, which has none). */
static void scope_text(rctx *c)
{
    if (strcmp(c->r->info.name, "budget") == 0) {
        const char *d = rep_budget_department(c);
        if (d)
            snprintf(c->scope, sizeof c->scope, "department %s", d);
        else
            snprintf(c->scope, sizeof c->scope, "every department");
    } else if (strcmp(c->r->info.name, "calibration") == 0) {
        snprintf(c->scope, sizeof c->scope, "department %s", c->rp.department);
    } else if (c->r->scoped) {
        snprintf(c->scope, sizeof c->scope, "scope: %s",
                 c->v.see == STORE_SEE_OWN ? "own" : c->v.see == STORE_SEE_TEAM ? "team"
                 : c->v.see == STORE_SEE_DEPARTMENT ? "department" : "all");
    }
}

static bd_status prepare(app *a, const char *name, const app_report_params *p, rctx *c,
                         bd_err *e)
{
    memset(c, 0, sizeof *c);
    c->r = report_find(name);
    if (!c->r)
        return bd_errf(e, BD_ERR_USAGE, "'%s' is not a report (bizdesk report list names them)",
                       name ? name : "");
    char what[64];
    snprintf(what, sizeof what, "report %s", name);
    bd_status st = app_require(a, c->r->info.perm, what, e);
    if (st == BD_OK && c->r->info.perm2 != NONE)
        st = app_require(a, c->r->info.perm2, what, e);
    if (st != BD_OK)
        return st;
    c->a = a;
    c->p = a->pol;
    c->e = e;
    c->v = app_viewer(a);
    if ((st = resolve(c->r, p, c, e)) != BD_OK)
        return st;
    scope_text(c);
    return BD_OK;
}

bd_status app_report_check(app *a, const char *name, const app_report_params *p, bd_err *e)
{
    rctx c;
    return prepare(a, name, p, &c, e);
}

bd_status app_report_write(app *a, const char *name, const app_report_params *p, FILE *fp,
                           int *pages, bd_err *e)
{
    if (pages)
        *pages = 0;
    rctx c;
    bd_status st = prepare(a, name, p, &c, e);
    if (st != BD_OK)
        return st;
    char at[32], run_at[40], run_by[400];
    app_timestamp(at, sizeof at);
    snprintf(run_at, sizeof run_at, "%.10s %.5s UTC", at, at + 11);
    snprintf(run_by, sizeof run_by, "%s (%s%s%s)", a->actor.user.login, a->actor.user.name,
             *c.scope ? "; " : "", c.scope);
    rpt_opts o = {.format = p->format, .width = p->width, .lines = p->lines,
                  .company = c.p->company_name, .title = c.r->info.title, .params = c.params,
                  .run_by = run_by, .run_at = run_at};
    if ((st = rpt_open(&c.w, fp, &o, e)) != BD_OK)
        return st;
    st = c.r->gen(&c);
    if (st == BD_OK)
        st = rpt_finish(c.w, e);
    if (st == BD_OK && pages)
        *pages = rpt_pages(c.w);
    rpt_free(&c.w);
    return st;
}

bd_status app_report_file(app *a, const char *name, const app_report_params *p, const char *path,
                          bool force, int *pages, bd_err *e)
{
    bd_status st = app_report_check(a, name, p, e);
    if (st != BD_OK)
        return st;
    io_out out = {0};
    if ((st = io_out_open(&out, path, force, e)) != BD_OK)
        return st;
    st = app_report_write(a, name, p, out.fp, pages, e);
    if (st == BD_OK)
        st = io_out_commit(&out, e);
    io_out_abort(&out);
    return st;
}
