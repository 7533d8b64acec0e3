/*
 * store_claims.h - expense claims in the database (migration 006): budgets
 * and budget change requests, entertainment pre-approvals, claims and
 * their lines, and users' bank accounts (src/store/claims.c, budgets.c,
 * users.c).
 *
 * Include store.h, not this file: it relies on the types store.h declares
 * (store, store_viewer, store_user, the audit types) before it includes
 * the module parts at its end.
 */
#ifndef BIZDESK_STORE_CLAIMS_H
#define BIZDESK_STORE_CLAIMS_H

#ifndef BIZDESK_STORE_H
#error "include store.h, not store_claims.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

/* ---- Claims (migration 006) ---------------------------------------------
 * Budgets per department x category x period, budget change requests,
 * entertainment pre-approvals and claims with lines.  The requests keep
 * their engine state (state, review_step, review_round) like a write-off;
 * updates are optimistic on version (BD_ERR_CONFLICT when it moved on) and
 * bump it.  Claims and pre-approvals are owned by their author: reads take
 * a viewer and a row outside its reach reads as not found. */

/* A budget period: "2026" (the year), "2026-Q1".."2026-Q4", "2026-01"..
 * "2026-12".  Its first and last day into from/to (11 bytes each); false
 * when the text is not a period. */
bool store_period_range(const char *period, char *from, char *to);

typedef struct store_budget {
    int64_t id;
    char department[33];
    char category[33];
    char period[8];
    int64_t amount;
    int64_t committed;        /* filled by reads: lines of approved claims in the period */
    int64_t paid;             /* filled by reads: lines of paid claims in the period */
    char updated_at[21];
    int64_t version;
} store_budget;

/* Set the amount of (department, category, period), inserting the budget
 * when it is new (b->id and b->version are set on return). */
bd_status store_budget_put(store *s, store_budget *b, bd_err *e);
/* BD_ERR_NOTFOUND when there is none. */
bd_status store_budget_find(store *s, const char *department, const char *category,
                            const char *period, store_budget *b, bd_err *e);
/* Budgets whose period is in year (YYYY), of department (NULL: every
 * one), ordered by department, category, period; committed and paid
 * filled in. */
bd_status store_budget_list(store *s, const char *year, const char *department,
                            store_budget *rows, int max, int *n, bd_err *e);
/* Add delta to the amount (a budget change), inserting the budget at
 * delta when there is none; BD_ERR_INVALID when it would go below 0. */
bd_status store_budget_adjust(store *s, const char *department, const char *category,
                              const char *period, int64_t delta, const char *at, bd_err *e);

/* What department spent on category with line dates from..to (inclusive):
 * lines of claims in review, approved (committed) and paid, leaving out
 * the lines of claim exclude_id (0: none). */
typedef struct store_spend {
    int64_t in_review, committed, paid;
} store_spend;
bd_status store_claim_spend(store *s, const char *department, const char *category,
                            const char *from, const char *to, int64_t exclude_id,
                            store_spend *out, bd_err *e);

typedef struct store_budget_change {
    int64_t id;
    char department[33];
    char category[33];
    char period[8];
    int64_t delta;            /* minor units; negative lowers the budget */
    char reason[1024];
    char state[16];           /* in_review rejected approved withdrawn */
    int review_step;
    int review_round;
    int64_t author_id;
    char author_login[33];    /* filled by reads */
    char created_at[21];
    int64_t version;
} store_budget_change;

bd_status store_budget_change_insert(store *s, store_budget_change *c, bd_err *e);
bd_status store_budget_change_get(store *s, int64_t id, store_budget_change *c, bd_err *e);
bd_status store_budget_change_update(store *s, store_budget_change *c, bd_err *e);
/* Newest first; state NULL: every state. */
bd_status store_budget_change_list(store *s, const char *state, store_budget_change *rows,
                                   int max, int *n, bd_err *e);

typedef struct store_preapproval {
    int64_t id;
    int64_t author_id;
    char author_login[33];    /* filled by reads */
    char department[33];
    int64_t customer_id;      /* 0 when none */
    char company[256];        /* filled by reads */
    char class_code[33];      /* the customer's class, filled by reads */
    char reason[1024];
    char on_date[11];
    char place[256];
    char participants[1024];
    int64_t estimate;
    int64_t used;             /* filled by reads: lines citing it on claims not
                                 withdrawn */
    char state[16];           /* in_review rejected approved withdrawn */
    int review_step;
    int review_round;
    char created_at[21];
    int64_t version;
} store_preapproval;

bd_status store_preapproval_insert(store *s, store_preapproval *p, bd_err *e);
/* v NULL: whoever owns it. */
bd_status store_preapproval_get(store *s, const store_viewer *v, int64_t id,
                                store_preapproval *p, bd_err *e);
bd_status store_preapproval_update(store *s, store_preapproval *p, bd_err *e);
/* In v's reach, of state (NULL every state), newest first. */
bd_status store_preapproval_list(store *s, const store_viewer *v, const char *state,
                                 store_preapproval *rows, int max, int *n, bd_err *e);

typedef struct store_claim {
    int64_t id;
    int64_t author_id;
    char author_login[33];    /* filled by reads */
    char author_name[256];    /* filled by reads */
    char department[33];      /* the claimant's when the claim was made */
    char title[256];
    int64_t total;            /* always the sum of the lines (kept by the store) */
    int nlines;               /* filled by reads */
    char state[16];           /* draft in_review rejected approved paid withdrawn */
    int review_step;
    int review_round;
    char submitted_at[21];
    char approved_at[21];
    char paid_on[11];
    char pay_method[33];
    char pay_reference[129];
    char pay_account[65];
    int64_t paid_by;          /* 0 until paid */
    char created_at[21];
    char updated_at[21];
    int64_t version;
} store_claim;

typedef struct store_claim_line {
    int64_t id;
    int64_t claim_id;
    int lineno;               /* 1, 2, ... in the claim */
    char on_date[11];
    char place[129];
    char category[33];
    char standard[33];        /* "" when none */
    int quantity;             /* nights, persons; 1 otherwise */
    char reason[512];
    int64_t amount;
    char invoice[65];         /* "" when none */
    int64_t preapproval_id;   /* 0 when none */
} store_claim_line;

bd_status store_claim_insert(store *s, store_claim *c, bd_err *e);
/* v NULL: whoever owns it. */
bd_status store_claim_get(store *s, const store_viewer *v, int64_t id, store_claim *c,
                          bd_err *e);
/* The engine and payment fields (state, review_step, review_round,
 * submitted_at, approved_at, paid_*, pay_*) and the title. */
bd_status store_claim_update(store *s, store_claim *c, bd_err *e);

typedef struct store_claim_query {
    store_viewer viewer;
    const char *state;        /* NULL: every state */
    int64_t author_id;        /* 0: every author in reach */
    int limit;
} store_claim_query;
/* Newest first. */
bd_status store_claim_list(store *s, const store_claim_query *q, store_claim *rows, int *n,
                           bd_err *e);
/* Every claim in state (in_review, approved: the payment queue), oldest
 * first, whoever owns it. */
bd_status store_claims_in_state(store *s, const char *state, store_claim *rows, int max,
                                int *n, bd_err *e);

/* Add line l to its claim as the next lineno (set on return) and keep the
 * total; bumps the claim's version.  Line and claim edits are refused
 * (BD_ERR_INVALID) unless the claim is a draft or rejected. */
bd_status store_claim_line_add(store *s, store_claim_line *l, bd_err *e);
/* Remove line lineno; the later lines move up one. */
bd_status store_claim_line_remove(store *s, int64_t claim_id, int lineno, bd_err *e);
bd_status store_claim_lines(store *s, int64_t claim_id, store_claim_line *rows, int max,
                            int *n, bd_err *e);
/* A line of another claim (not claim exclude_id, not withdrawn) with this
 * invoice number: BD_OK with its claim and lineno, or BD_ERR_NOTFOUND. */
bd_status store_invoice_seen(store *s, const char *invoice, int64_t exclude_id,
                             int64_t *claim_id, int *lineno, bd_err *e);
/* Sum of the amounts of the claimant's lines of standard on date in claims
 * not withdrawn, leaving out claim exclude_id (for per-day caps). */
bd_status store_claim_day_spend(store *s, int64_t author_id, const char *standard,
                                const char *date, int64_t exclude_id, int64_t *sum, bd_err *e);

/* Set a user's bank account (bumps version; optimistic on version when
 * expected_version is not 0). */
bd_status store_user_set_bank(store *s, int64_t user_id, const char *account,
                              int64_t expected_version, bd_err *e);

#endif
