/*
 * store_contracts.h - contracts in the database (migration 003): contracts,
 * their milestones, amendments and versions, approval decisions,
 * execution events, receivables, write-offs and collection actions
 * (src/store/contracts.c, amendments.c, events.c, receivables.c,
 * writeoffs.c).
 *
 * Include store.h, not this file: it relies on the types store.h declares
 * (store, store_viewer, store_user, the audit types) before it includes
 * the module parts at its end.
 */
#ifndef BIZDESK_STORE_CONTRACTS_H
#define BIZDESK_STORE_CONTRACTS_H

#ifndef BIZDESK_STORE_H
#error "include store.h, not store_contracts.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

/* ---- Contracts (migration 003) -------------------------------------------
 * A contract's owner is its author (the rep who drafted it); visibility
 * follows the viewer like the pipeline's.  Reviews go through the
 * approval engine (core's approval.h); its decisions are rows of
 * approval_decisions, whose unique index lets one decision per step and
 * round stand when two reviewers press at once (the second gets
 * BD_ERR_CONFLICT). */
typedef struct store_contract {
    int64_t id;
    char number[48];          /* "" until signed */
    int64_t opportunity_id;   /* 0 when drafted blank */
    int64_t customer_id;
    char company[256];        /* filled by reads */
    char title[256];
    int64_t amount;
    char currency[4];
    char start_date[11];
    char end_date[11];
    int notice_days;
    char state[16];           /* draft in_review rejected approved signed executing
                                 completed terminated archived */
    int review_step;
    int review_round;
    int64_t owner_id;
    char owner_login[33];     /* filled by reads */
    int contract_version;
    char signed_on[11];
    char notice_date[11];
    char terminated_on[11];
    char settlement_note[512];
    char archived_on[11];
    char retention_until[11];
    char created_at[21];
    char updated_at[21];
    int64_t version;
    bool has_cost;            /* the cost of delivering it is recorded (profit) */
    int64_t cost;             /* minor units, in the contract's currency */
} store_contract;

bd_status store_contract_insert(store *s, store_contract *c, bd_err *e);
bd_status store_contract_get(store *s, const store_viewer *v, int64_t id, store_contract *c,
                             bd_err *e);
/* Optimistic on c->version; BD_ERR_CONFLICT when someone changed it. */
bd_status store_contract_update(store *s, store_contract *c, bd_err *e);

typedef struct store_contract_query {
    store_viewer viewer;
    const char *state;        /* NULL: any */
    int64_t customer_id;      /* 0: any */
    int64_t after_id;         /* keyset: ids greater than this */
    int limit;
} store_contract_query;

/* In id order.  With viewer.see STORE_SEE_ALL and state "in_review" this
 * is also how the inbox finds what waits for a decision. */
bd_status store_contract_page(store *s, const store_contract_query *q, store_contract *rows,
                              int *n, bd_err *e);

typedef struct store_clause {
    char clause[33];
    char body[4096];
    int updated_round;        /* the review round of its last change */
} store_clause;

bd_status store_clause_set(store *s, int64_t contract_id, const char *clause, const char *body,
                           int round, bd_err *e);
bd_status store_clause_list(store *s, int64_t contract_id, store_clause *rows, int max, int *n,
                            bd_err *e);

typedef struct store_milestone {
    int64_t id;
    int64_t contract_id;
    int seq;
    char name[128];
    char due_date[11];
    int64_t amount;
} store_milestone;

/* Replace all milestones of a contract with rows[0..n), in the caller's
 * transaction (seq 0 means position i+1).  Refused once the contract has
 * receivables. */
bd_status store_milestones_replace(store *s, int64_t contract_id, const store_milestone *rows,
                                   int n, bd_err *e);
bd_status store_milestone_list(store *s, int64_t contract_id, store_milestone *rows, int max,
                               int *n, bd_err *e);

typedef struct store_decision {
    int64_t id;
    char module[16];
    int64_t item_id;
    int round;
    int step;
    char step_code[33];
    char action[16];
    int64_t actor_id;
    char actor_login[33];     /* filled by reads */
    int64_t on_behalf_id;     /* 0 when acting for themselves */
    char on_behalf_login[33]; /* filled by reads */
    char comment[1024];
    char at[21];
} store_decision;

/* BD_ERR_CONFLICT when that step of that round was decided already. */
bd_status store_decision_insert(store *s, store_decision *d, bd_err *e);
/* Oldest first. */
bd_status store_decision_list(store *s, const char *module, int64_t item_id, store_decision *rows,
                              int max, int *n, bd_err *e);

typedef struct store_comment {
    int64_t id;
    int64_t contract_id;
    int round;
    char clause[33];          /* "" for the whole contract */
    int64_t author_id;
    char author_login[33];
    char body[1024];
    char at[21];
} store_comment;

bd_status store_comment_insert(store *s, store_comment *c, bd_err *e);
bd_status store_comment_list(store *s, int64_t contract_id, store_comment *rows, int max, int *n,
                             bd_err *e);

typedef struct store_delegation {
    int64_t id;
    int64_t from_id;
    char from_login[33], from_role[33], from_department[33]; /* filled by reads */
    int64_t from_manager_id;
    int64_t to_id;
    char to_login[33];
    char module[33];          /* "" every module */
    char start_date[11];
    char end_date[11];
    int64_t max_amount;       /* 0 no limit */
    char created_at[21];
} store_delegation;

bd_status store_delegation_insert(store *s, store_delegation *d, bd_err *e);
/* The delegations to user to_id whose range includes today. */
bd_status store_delegations_to(store *s, int64_t to_id, const char *today, store_delegation *rows,
                               int max, int *n, bd_err *e);

/* The next contract number of a year (1, 2, ...), counted in the caller's
 * transaction: a rollback gives the number back, so committed contracts
 * never share one.  A taken number on insert/update is BD_ERR_CONFLICT. */
bd_status store_contract_seq_next(store *s, int year, int64_t *seq, bd_err *e);
/* Whether a contract already carries that number. */
bd_status store_contract_number_taken(store *s, const char *number, bool *taken, bd_err *e);

/* Amendments of signed contracts and the versions they make. */
typedef struct store_amendment {
    int64_t id;
    int64_t contract_id;
    char kind[33];
    char content[2048];
    char reason[1024];
    char effective_date[11];
    int64_t new_amount;       /* -1: unchanged */
    char new_end_date[11];    /* "": unchanged */
    char state[16];           /* in_review rejected approved withdrawn */
    int review_step;
    int review_round;
    int64_t author_id;
    char author_login[33];    /* filled by reads */
    char created_at[21];
    int64_t version;
} store_amendment;

bd_status store_amendment_insert(store *s, store_amendment *m, bd_err *e);
bd_status store_amendment_get(store *s, int64_t id, store_amendment *m, bd_err *e);
/* Optimistic on m->version. */
bd_status store_amendment_update(store *s, store_amendment *m, bd_err *e);
bd_status store_amendment_list(store *s, int64_t contract_id, store_amendment *rows, int max,
                               int *n, bd_err *e);

/* Amendments waiting for a decision, oldest first. */
bd_status store_amendments_in_review(store *s, store_amendment *rows, int max, int *n, bd_err *e);

typedef struct store_version {
    int64_t contract_id;
    int version_no;
    int64_t amendment_id;     /* 0 for none */
    char snapshot[4096];      /* JSON of the contract as it was */
    char created_at[21];
} store_version;

bd_status store_version_insert(store *s, const store_version *v, bd_err *e);
bd_status store_version_list(store *s, int64_t contract_id, store_version *rows, int max, int *n,
                             bd_err *e);

/* ---- Receivables --------------------------------------------------------- */
typedef struct store_receivable {
    int64_t id;
    int64_t contract_id;
    char contract_number[48]; /* filled by reads */
    int64_t milestone_id;
    char milestone[128];      /* its name, filled by reads */
    int64_t customer_id;
    char company[256];        /* filled by reads */
    char due_date[11];
    int64_t amount;
    int64_t paid;
    char state[16];           /* open paid written_off */
    int64_t version;
    char currency[4];         /* the contract's, filled by reads */
} store_receivable;

/* One receivable per milestone of the contract (at signing). */
bd_status store_receivables_create(store *s, int64_t contract_id, bd_err *e);
bd_status store_receivable_get(store *s, const store_viewer *v, int64_t id, store_receivable *r,
                               bd_err *e);
/* Open receivables (or all with include_closed) in the viewer's reach
 * (through the contract's owner), by due date; keyset on (due_date, id)
 * is not needed at this size: at most max rows. */
bd_status store_receivable_list(store *s, const store_viewer *v, int64_t customer_id,
                                bool include_closed, store_receivable *rows, int max, int *n,
                                bd_err *e);
/* Record a payment: adds to paid, marks paid when complete.  Optimistic on
 * r->version. */
bd_status store_payment_insert(store *s, store_receivable *r, int64_t amount, const char *paid_on,
                               const char *method, const char *reference, int64_t recorded_by,
                               const char *at, bd_err *e);

/* Execution tracking (migration 005). */
typedef struct store_event {
    int64_t id;
    int64_t contract_id;
    char kind[16];            /* change_request delay dispute */
    char on_date[11];
    char summary[1024];
    char resolution[1024];
    char resolved_on[11];     /* "" while open */
    int64_t actor_id;
    char actor_login[33];     /* filled by reads */
    char at[21];
    int64_t version;
} store_event;

bd_status store_event_insert(store *s, store_event *ev, bd_err *e);
/* Resolve an open event: BD_ERR_CONFLICT when it is resolved already. */
bd_status store_event_resolve(store *s, int64_t id, const char *resolution, const char *on,
                              bd_err *e);
bd_status store_event_get(store *s, int64_t id, store_event *ev, bd_err *e);
bd_status store_event_list(store *s, int64_t contract_id, store_event *rows, int max, int *n,
                           bd_err *e);

/* Bad-debt write-off requests (migration 004). */
typedef struct store_writeoff {
    int64_t id;
    int64_t receivable_id;
    int64_t amount;
    char reason[1024];
    char state[16];           /* in_review rejected approved withdrawn */
    int review_step;
    int review_round;
    int64_t author_id;
    char author_login[33];    /* filled by reads */
    char created_at[21];
    int64_t version;
} store_writeoff;

bd_status store_writeoff_insert(store *s, store_writeoff *w, bd_err *e);
bd_status store_writeoff_get(store *s, int64_t id, store_writeoff *w, bd_err *e);
/* state, review_step and review_round; optimistic on w->version. */
bd_status store_writeoff_update(store *s, store_writeoff *w, bd_err *e);
/* Write-off requests waiting for a decision, oldest first. */
bd_status store_writeoffs_in_review(store *s, store_writeoff *rows, int max, int *n, bd_err *e);
/* Mark an open receivable written off; BD_ERR_CONFLICT when it is no
 * longer open. */
bd_status store_receivable_write_off(store *s, int64_t receivable_id, bd_err *e);

typedef struct store_collection {
    int64_t id;
    int64_t receivable_id;
    char kind[16];            /* phone email visit legal */
    char planned_on[11];
    char done_on[11];
    char outcome[512];
    int64_t actor_id;
    char actor_login[33];
    char at[21];
} store_collection;

bd_status store_collection_insert(store *s, store_collection *c, bd_err *e);
bd_status store_collection_list(store *s, int64_t receivable_id, store_collection *rows, int max,
                                int *n, bd_err *e);

#endif
