/*
 * app_claims.h - the expense claims' actions (src/app/claims.c,
 * preapprovals.c, budgets.c, users.c): claims and their lines,
 * entertainment pre-approvals, budgets, budget change requests and import,
 * and the bank account claims are paid to.
 *
 * Include app.h, not this file: it relies on the session types app.h
 * declares (app, app_actor) before it includes the module parts at its end.
 */
#ifndef BIZDESK_APP_CLAIMS_H
#define BIZDESK_APP_CLAIMS_H

#ifndef BIZDESK_APP_H
#error "include app.h, not app_claims.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "approval.h"
#include "core.h"
#include "policy.h"
#include "store.h"

/* ---- Claims (claims.use) ---------------------------------------------------
 * An employee's expense claim: lines (date, place, category, standard,
 * quantity, reason, amount, invoice, pre-approval) checked against
 * claims.yaml's standards, the department's budget, invoices seen before
 * and entertainment pre-approvals; decided through the claimant's flow
 * (claims.yaml: the department's own or the company's), then paid by
 * finance (claims.pay).  Money is exact: the total is the sum of the
 * lines. */
typedef struct app_claim_line_input {
    const char *date;         /* YYYY-MM-DD, not in the future */
    const char *place;
    const char *category;     /* a category code or name of claims.yaml */
    const char *standard;     /* NULL or "": none */
    const char *quantity;     /* nights or persons; NULL or "": 1 */
    const char *reason;
    const char *amount;       /* money text, > 0 */
    const char *invoice;      /* NULL or "": none */
    int64_t preapproval_id;   /* 0: none */
} app_claim_line_input;

bd_status app_claim_new(app *a, const char *title, store_claim *out, bd_err *e);
/* Add a line to a draft or rejected claim of the actor's; refused naming
 * the line's field (a rule set to refuse in claims.yaml included). */
bd_status app_claim_line_add(app *a, int64_t claim_id, const app_claim_line_input *in,
                             store_claim_line *out, bd_err *e);
bd_status app_claim_line_remove(app *a, int64_t claim_id, int lineno, bd_err *e);

/* What an approver looks at on a claim. */
enum {
    CLAIM_FLAG_OVER_STANDARD = 1 << 0, /* a line above its standard's cap */
    CLAIM_FLAG_DUP_INVOICE = 1 << 1,   /* an invoice number seen on another claim */
    CLAIM_FLAG_NO_PREAPPROVAL = 1 << 2,/* a line that needs a pre-approval has none */
    CLAIM_FLAG_OVER_ESTIMATE = 1 << 3, /* above the pre-approval's estimate + tolerance */
    CLAIM_FLAG_OVER_BUDGET = 1 << 4,   /* the budget left after it is below zero */
    CLAIM_FLAG_NO_BUDGET = 1 << 5,     /* no budget for the department and category */
};
enum { APP_CLAIM_MAX_LINES = 64, APP_CLAIM_MAX_BUDGETS = 16 };

/* The budget of one category (and period) that a claim's lines draw on. */
typedef struct app_claim_budget {
    char category[33];
    char period[8];           /* "" when there is no budget */
    int64_t budget;
    int64_t spent;            /* committed and paid before this claim */
    int64_t in_review;        /* other claims in review */
    int64_t this_claim;
    int64_t left_after;       /* budget - spent - this_claim */
} app_claim_budget;

/* One finding on one line, with what it says. */
typedef struct app_claim_note {
    int line;                 /* index into lines */
    unsigned flag;            /* one CLAIM_FLAG_ */
    char why[256];
} app_claim_note;

typedef struct app_claim_detail {
    store_claim claim;
    store_claim_line lines[APP_CLAIM_MAX_LINES];
    int nlines;
    unsigned line_flags[APP_CLAIM_MAX_LINES];
    char line_why[APP_CLAIM_MAX_LINES][256]; /* the line's notes joined by "; " */
    app_claim_note notes[2 * APP_CLAIM_MAX_LINES];
    int nnotes;
    app_claim_budget budgets[APP_CLAIM_MAX_BUDGETS];
    int nbudgets;
    unsigned flags;           /* every line's flags and the budgets' */
    store_decision decisions[APP_DETAIL_MAX];
    int ndecisions;
    char step_name[128];      /* the step it waits for ("" unless in review) */
} app_claim_detail;

/* A claim the actor may see (the claimant, the role's scope, or one
 * waiting for the actor's decision), with its checks.  Large: allocate. */
bd_status app_claim_detail_get(app *a, int64_t id, app_claim_detail *out, bd_err *e);
/* Claims in the actor's reach; state NULL every state; mine: only the
 * actor's own.  Newest first. */
bd_status app_claim_list(app *a, const char *state, bool mine, store_claim *rows, int max,
                         int *n, bd_err *e);
/* submit (the claimant; refused when it has no line, or by a rule that
 * claims.yaml sets to refuse, naming the line and field), approve, reject
 * (reason required: back to the claimant, who fixes it and submits again),
 * withdraw. */
bd_status app_claim_act(app *a, int64_t id, apv_action act, const char *comment,
                        int64_t expected_version, store_claim *out, bd_err *e);
bd_status app_claim_choices(app *a, int64_t id, app_choices *out, bd_err *e);
/* Record the payment of an approved claim (claims.pay) to the claimant's
 * bank account on file (method bank_transfer needs one).  paid_on NULL:
 * today.  expected_version: as in app_claim_act; two clerks paying the
 * same claim: one wins, the other gets BD_ERR_CONFLICT. */
bd_status app_claim_pay(app *a, int64_t id, const char *paid_on, const char *method,
                        const char *reference, int64_t expected_version, store_claim *out,
                        bd_err *e);
/* The account a claim would be paid to, for the clerk who pays it
 * (claims.pay): the claimant's bank account on file, "" when none. */
bd_status app_claim_payee_account(app *a, const store_claim *c, char *buf, size_t n, bd_err *e);
/* Approved claims awaiting payment, oldest first (claims.pay). */
bd_status app_payment_queue(app *a, store_claim *rows, int max, int *n, bd_err *e);

/* Entertainment pre-approvals: asked for (and submitted) at once, decided
 * through the pre-approval flow; a key customer's (claims.yaml
 * key_customer_classes) goes through every leadership tier whatever the
 * estimate.  A rejection ends it. */
typedef struct app_preapproval_input {
    const char *reason;
    const char *date;         /* when the entertainment takes place */
    const char *place;
    const char *participants; /* customer contacts and staff */
    const char *estimate;     /* money text */
    int64_t customer_id;      /* 0: none */
} app_preapproval_input;

bd_status app_preapproval_new(app *a, const app_preapproval_input *in, store_preapproval *out,
                              bd_err *e);
bd_status app_preapproval_act(app *a, int64_t id, apv_action act, const char *comment,
                              int64_t expected_version, store_preapproval *out, bd_err *e);
bd_status app_preapproval_get(app *a, int64_t id, store_preapproval *out, bd_err *e);
bd_status app_preapproval_list(app *a, const char *state, store_preapproval *rows, int max,
                               int *n, bd_err *e);

/* ---- Budgets ---------------------------------------------------------------
 * Per department x category x period (store_period_range).  Everyone sees
 * their own department's; a role with scope all sees every department's.
 * Setting and importing need budgets.manage; a change of an existing
 * budget is a request through claims.yaml's budget_change flow, which any
 * claims.use user may make for their own department (budgets.manage: for
 * any). */
bd_status app_budget_list(app *a, const char *year, store_budget *rows, int max, int *n,
                          bd_err *e);
/* department and category: a code or a name of the policy. */
bd_status app_budget_set(app *a, const char *department, const char *category,
                         const char *period, const char *amount, bd_err *e);
bd_status app_budget_request(app *a, const char *department, const char *category,
                             const char *period, const char *delta, const char *reason,
                             store_budget_change *out, bd_err *e);
bd_status app_budget_change_act(app *a, int64_t id, apv_action act, const char *comment,
                                int64_t expected_version, store_budget_change *out, bd_err *e);
bd_status app_budget_changes(app *a, const char *state, store_budget_change *rows, int max,
                             int *n, bd_err *e);

/* Budgets from a CSV file with the columns department, category, period
 * and amount (English or Chinese headers), in one transaction; rows that
 * cannot be taken go to the reject file with their line and reason. */
typedef struct app_budget_import_result {
    int64_t rows, set, rejected;
    char reject_path[4096];   /* "" when nothing was rejected */
} app_budget_import_result;

bd_status app_budget_import(app *a, const char *path, const char *reject_path, bool force,
                            app_budget_import_result *r, bd_err *e);

/* The id of the active user login, for filters (any logged-in user). */
bd_status app_user_id(app *a, const char *login, int64_t *id, bd_err *e);

/* Set the actor's own bank account (where claims are paid), or, with
 * admin.users, anyone's (login NULL: the actor). */
bd_status app_user_bank(app *a, const char *login, const char *account, bd_err *e);

#endif
