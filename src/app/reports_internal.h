/* Shared by the report files of src/app (reports.c and report_*.c): a
 * report's run (rctx), the small helpers the generators share, and the
 * generators the registry in reports.c lists. */
#ifndef BIZDESK_REPORTS_INTERNAL_H
#define BIZDESK_REPORTS_INTERNAL_H

#include "app_internal.h"

typedef struct rctx rctx;
typedef struct report report;  /* the registry's entry (reports.c) */
typedef bd_status (*report_gen)(rctx *c);

struct rctx {
    app *a;
    const policy *p;
    const report *r;
    rpt *w;
    bd_err *e;
    bd_status st;             /* the first failure inside a callback */
    store_viewer v;
    char today[11];
    char from[11], to[11];    /* the period */
    char prev_from[11], prev_to[11];
    int days;
    char year[5];
    char params[256];         /* the header's parameter line */
    char scope[64];           /* what the actor's reach covers */
    store_review_period rp;   /* the review period */
    void *state;              /* the generator's own */
};

/* ---- Small helpers (reports.c) ------------------------------------------------------ */

const char *rep_money(char buf[32], int64_t v);
const char *rep_num(char buf[32], int64_t v);
/* part of whole in percent with one decimal ("12.5"); "" when whole is 0. */
const char *rep_percent(char buf[32], int64_t part, int64_t whole);
void rep_shift(const char *date, int64_t days, char out[11]);
int64_t rep_days_between(const char *from, const char *to);
bd_status rep_section(rctx *c, const char *title, const rpt_col *cols, int n, bool summary);
bd_status rep_row(rctx *c, rpt_kind kind, const char *const *cells);
/* In a callback: remember a failure and stop the stream. */
int rep_cb_status(rctx *c, bd_status st);
/* The status of a streamed query: its own, or the callback's. */
bd_status rep_streamed(rctx *c, bd_status st);

/* Totals per currency of the sales report and the contract register: the
 * total of currency in t (*n of max used), added when new; NULL when full
 * (report_pipeline.c). */
typedef struct rep_cur_total {
    char currency[4];
    int64_t n, amount, news, previous;
} rep_cur_total;

typedef struct rep_sales_state {
    rep_cur_total t[16];
    int nt;
} rep_sales_state;
rep_cur_total *rep_cur_find(rep_cur_total *t, int *n, int max, const char *currency);

/* Budgets are the company's plan: the department the budget report
 * covers, or NULL for every department (report_claims.c). */
const char *rep_budget_department(rctx *c);

/* ---- The generators ----------------------------------------------------------------- */

/* report_pipeline.c */
bd_status gen_pipeline(rctx *c);
bd_status gen_sales(rctx *c);
bd_status gen_activities(rctx *c);
bd_status gen_churn(rctx *c);
/* report_contracts.c */
bd_status gen_contracts(rctx *c);
bd_status gen_clock(rctx *c);
bd_status gen_aging(rctx *c);
bd_status gen_collections(rctx *c);
/* report_claims.c */
bd_status gen_budget(rctx *c);
bd_status gen_reimbursements(rctx *c);
bd_status gen_over_standard(rctx *c);
/* report_people.c */
bd_status gen_audit(rctx *c);
bd_status gen_ranking(rctx *c);
bd_status gen_calibration(rctx *c);

#endif
