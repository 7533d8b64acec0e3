/*
 * store.h - the SQLite database: the only module that includes sqlite3.h.
 *
 * One file holds everything.  It is opened in WAL mode with foreign keys on,
 * synchronous=FULL and a busy timeout; its schema is built and upgraded by
 * the numbered migrations in data/migrations (compiled into the binary) and
 * tracked by PRAGMA user_version.  Every statement is prepared with bound
 * parameters and reset as soon as its rows are read, so no read transaction
 * stays open while the UI waits for a key.  Every write runs between
 * store_begin() (BEGIN IMMEDIATE) and store_commit()/store_rollback().
 */
#ifndef BIZDESK_STORE_H
#define BIZDESK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

typedef struct store store;

enum {
    STORE_CREATE = 1 << 0, /* create the file; refuse if it exists */
};

/* The schema version this build creates and understands. */
int store_schema_latest(void);

/* Open (or with STORE_CREATE create) the database at path and bring its
 * schema up to date.  Refuses a database whose user_version is newer than
 * this build knows (BD_ERR_VERSION), a file that is not a bizdesk database,
 * and a missing file without STORE_CREATE (BD_ERR_NOTFOUND).  busy_ms is
 * how long a statement waits for another writer. */
bd_status store_open(const char *path, int flags, int busy_ms, store **out, bd_err *e);
void store_close(store **s);
const char *store_path(const store *s);

/* Write transactions.  store_begin takes the write lock at once (BEGIN
 * IMMEDIATE) so that a transaction never fails half-way on a lock. */
bd_status store_begin(store *s, bd_err *e);
bd_status store_commit(store *s, bd_err *e);
void store_rollback(store *s);

/* PRAGMA data_version: changes when another connection commits.  The UI
 * polls it while idle to refresh what it shows. */
bd_status store_data_version(store *s, int64_t *out, bd_err *e);

/* Settings kept in the database (key/value). */
bd_status store_meta_get(store *s, const char *key, char *buf, size_t n, bd_err *e);
bd_status store_meta_set(store *s, const char *key, const char *value, bd_err *e);

/* PRAGMA integrity_check; BD_OK when it answers "ok". */
bd_status store_integrity_check(store *s, bd_err *e);

/* ---- Users ------------------------------------------------------------- */
typedef struct store_user {
    int64_t id;
    char login[33];
    char name[256];
    char department[33];
    char role[33];
    int64_t manager_id;      /* 0 when none */
    char manager_login[33];  /* "" when none (filled by reads) */
    bool active;
    char bank_account[65];   /* where claims are paid; "" when not on file */
    char created_at[21];
    char updated_at[21];
    int64_t version;         /* bumped by every update */
} store_user;

bd_status store_user_by_login(store *s, const char *login, store_user *u, bd_err *e);
bd_status store_user_by_id(store *s, int64_t id, store_user *u, bd_err *e);
/* Insert u (id and version are set on return).  A taken login is
 * BD_ERR_CONFLICT. */
bd_status store_user_insert(store *s, store_user *u, bd_err *e);
/* Update every field of u where id = u->id and version = u->version; bumps
 * u->version.  BD_ERR_CONFLICT when someone else changed the row first. */
bd_status store_user_update(store *s, store_user *u, bd_err *e);
/* True when `id` is `manager_id` or reports to it through the manager chain
 * (used to refuse a manager loop). */
bd_status store_user_reports_to(store *s, int64_t id, int64_t manager_id, bool *out, bd_err *e);
bd_status store_user_count(store *s, int64_t *out, bd_err *e);

/* A page of users in login order: keyset paging, never OFFSET.
 * With after set: the first `limit` logins greater than it; with before
 * set: the last `limit` logins less than it (returned in ascending order);
 * with from_end: the last page.  filter (may be NULL) matches a substring
 * of login or name.  Returns the number of rows in *n. */
typedef struct store_user_query {
    const char *after;
    const char *before;
    bool from_end;
    const char *filter;
    const char *department;   /* NULL: every department */
    bool include_inactive;
    int limit;
} store_user_query;

bd_status store_user_page(store *s, const store_user_query *q, store_user *rows,
                          int *n, bd_err *e);

/* ---- Audit trail -------------------------------------------------------
 * Append-only (triggers refuse UPDATE and DELETE).  Rows carry the hash
 * chain computed by core's bd_audit_hash. */
bd_status store_audit_tail(store *s, int64_t *last_id, char hash[65], bd_err *e);
bd_status store_audit_insert(store *s, const bd_audit_row *r, const char *hash, bd_err *e);

typedef struct store_audit_query {
    const char *entity;   /* NULL: every entity */
    int64_t entity_id;    /* 0: every id */
    const char *actor;    /* NULL: every actor */
    int64_t after_id;     /* rows with id > after_id */
    int limit;            /* 0: no limit */
    bool newest_first;
} store_audit_query;

/* Calls cb for each row (hash is the stored hash); cb returns non-zero to
 * stop.  Rows are streamed, never collected. */
typedef int (*store_audit_cb)(void *ctx, const bd_audit_row *r, const char *hash);
bd_status store_audit_each(store *s, const store_audit_query *q, store_audit_cb cb,
                           void *ctx, bd_err *e);

/* ---- Pipeline ----------------------------------------------------------
 * Who sees which records is decided here, in the queries, from a viewer
 * that app/ builds from the user's role: no screen or command filters
 * rows itself.  A record outside the viewer's reach reads as not found. */
typedef enum store_see {
    STORE_SEE_OWN,        /* owner is the viewer */
    STORE_SEE_TEAM,       /* owner is the viewer or reports to them */
    STORE_SEE_DEPARTMENT, /* owner is in the viewer's department */
    STORE_SEE_ALL
} store_see;

typedef struct store_viewer {
    int64_t user_id;
    store_see see;
    const char *department;
} store_viewer;

typedef struct store_customer {
    int64_t id;
    char name[256];
    char industry[65];
    char region[65];
    char city[65];
    char class_code[33];
    int64_t credit_limit;
    int64_t owner_id;
    char owner_login[33];    /* filled by reads */
    char last_contact[11];   /* "" when never */
    char created_at[21];
    char updated_at[21];
    int64_t version;
} store_customer;

typedef struct store_contact {
    int64_t id;
    int64_t customer_id;
    char name[129];
    char title[129];
    char phone[65];
    char email[255];
    char created_at[21];
} store_contact;

typedef struct store_opp {
    int64_t id;
    int64_t customer_id;
    int64_t contact_id;      /* 0 when none */
    char company[256];
    char contact_name[129];
    char title[256];
    char source[33];
    char stage[33];
    char stage_since[11];
    int64_t value;           /* minor units; -1 when not known */
    int64_t budget;          /* minor units; -1 when not known */
    char close_date[11];     /* "" when not set */
    char next_followup[11];  /* "" when not set */
    char needs[1024];
    char lost_reason[256];
    int64_t owner_id;
    char owner_login[33];    /* filled by reads */
    char flagged[128];       /* "" or why the import flagged it */
    char created_at[21];
    char updated_at[21];
    int64_t version;
} store_opp;

/* Insert c / ct / o (ids, versions and read-only fields are set on
 * return).  email and phone_key of the opportunity's contact go into the
 * search index with the company and contact name. */
bd_status store_customer_insert(store *s, store_customer *c, bd_err *e);
bd_status store_contact_insert(store *s, store_contact *ct, bd_err *e);
bd_status store_opp_insert(store *s, store_opp *o, const char *email, const char *phone_key,
                           bd_err *e);

bd_status store_customer_get(store *s, const store_viewer *v, int64_t id, store_customer *c,
                             bd_err *e);
bd_status store_opp_get(store *s, const store_viewer *v, int64_t id, store_opp *o, bd_err *e);
/* Update every field of o where id and version match; bumps o->version.
 * BD_ERR_CONFLICT when someone else changed it first. */
bd_status store_opp_update(store *s, store_opp *o, bd_err *e);
/* Update the customer's import-filled fields (industry, region, city) and
 * owner where id and version match. */
bd_status store_customer_update(store *s, store_customer *c, bd_err *e);

/* Duplicate lookups by normalised key (see core's bd_key_*): the first
 * matching customer (and contact) id, 0 when none.  Not scoped: an import
 * must see duplicates the importing user cannot read. */
bd_status store_find_by_email(store *s, const char *email_key, int64_t *customer_id,
                              int64_t *contact_id, bd_err *e);
bd_status store_find_by_phone(store *s, const char *phone_key, int64_t *customer_id,
                              int64_t *contact_id, bd_err *e);
bd_status store_find_by_company(store *s, const char *name_key, int64_t *customer_id,
                                bd_err *e);
/* The newest opportunity of a customer, 0 when none. */
bd_status store_opp_of_customer(store *s, int64_t customer_id, int64_t *opp_id, bd_err *e);

/* A contact by id (no scope: callers reach it through a record they may
 * see); the contacts of a customer, oldest first. */
bd_status store_contact_get(store *s, int64_t id, store_contact *ct, bd_err *e);
bd_status store_contact_list(store *s, int64_t customer_id, store_contact *rows, int max, int *n,
                             bd_err *e);
/* The columns an opportunity list can be sorted by. */
typedef enum store_opp_sort {
    STORE_OPP_BY_COMPANY,
    STORE_OPP_BY_VALUE,
    STORE_OPP_BY_CLOSE,
    STORE_OPP_BY_FOLLOWUP,
    STORE_OPP_BY_STAGE_SINCE,
    STORE_OPP_BY_ID,
} store_opp_sort;

/* Filters, order and a keyset cursor for opportunity lists.  The cursor
 * is the row at the edge of the current page: with after set, rows after
 * it in the sort order; with before set, the rows before it (returned in
 * list order); with from_end, the last page. */
typedef struct store_opp_query {
    store_viewer viewer;
    const char *stage;        /* NULL: any */
    int64_t owner_id;         /* 0: any (within the viewer's reach) */
    const char *source;       /* NULL: any */
    const char *class_code;   /* customer class; NULL: any */
    int64_t customer_id;      /* 0: any */
    const char *search;       /* words; CJK substrings of two characters up */
    const char *followup_by;  /* next follow-up on or before this date */
    const char *stage_since_by; /* in its stage since this date or earlier */
    bool open_only;           /* leave out the closed stages listed below */
    const char *const *closed_stages;
    int nclosed;
    store_opp_sort sort;
    bool desc;
    const store_opp *after;
    const store_opp *before;
    bool from_end;
    int limit;
} store_opp_query;

bd_status store_opp_page(store *s, const store_opp_query *q, store_opp *rows, int *n,
                         bd_err *e);

/* Count and value summed per stage for the query's filters (cursor and
 * order ignored); at most max stages. */
typedef struct store_stage_sum {
    char stage[33];
    int64_t count;
    int64_t value; /* sum of known values */
} store_stage_sum;

bd_status store_opp_sums(store *s, const store_opp_query *q, store_stage_sum *out, int max,
                         int *n, bd_err *e);

/* Stream every opportunity the query selects, in its order, with the
 * contact's e-mail and phone; cb returns non-zero to stop. */
typedef int (*store_opp_cb)(void *ctx, const store_opp *o, const store_contact *ct);
bd_status store_opp_each(store *s, const store_opp_query *q, store_opp_cb cb, void *ctx,
                         bd_err *e);

/* Activities: a call, visit, meeting...  Inserting one moves the
 * customer's last_contact forward to its date. */
typedef struct store_activity {
    int64_t id;
    int64_t customer_id;
    int64_t opportunity_id; /* 0 when none */
    char kind[33];
    char on_date[11];
    int64_t actor_id;
    char actor_login[33];   /* filled by reads */
    char summary[1024];
    char background[1024];
    char goals_met[1024];
    char disagreements[1024];
    char lessons[1024];
    char created_at[21];
} store_activity;

bd_status store_activity_insert(store *s, store_activity *a, bd_err *e);
/* The newest activities of a customer first; at most max. */
bd_status store_activity_list(store *s, int64_t customer_id, store_activity *rows, int max,
                              int *n, bd_err *e);

/* Customers of class_code (NULL: any) in the viewer's reach whose last
 * contact (or, never contacted, creation) is on or before `before`:
 * churn warnings.  Oldest contact first; at most max. */
bd_status store_customer_quiet(store *s, const store_viewer *v, const char *class_code,
                               const char *before, store_customer *rows, int max, int *n,
                               bd_err *e);

/* Bulk loading, inside the caller's write transaction: store_bulk_begin
 * gives the connection a large page cache and drops the pipeline indexes
 * that no duplicate check reads (keeping their SQL); store_bulk_end builds
 * them again, which sorts once instead of inserting a million keys in
 * random order.  A rollback brings the indexes back with everything else.
 * store_bulk_end must run before the commit, and also on failure (it
 * restores the cache size). */
bd_status store_bulk_begin(store *s, bd_err *e);
bd_status store_bulk_end(store *s, bool rebuild, bd_err *e);

/* Stream the customers in the viewer's reach in id order, each with its
 * first contact (zeroed when none); cb returns non-zero to stop. */
typedef int (*store_customer_cb)(void *ctx, const store_customer *c, const store_contact *ct);
bd_status store_customer_each(store *s, const store_viewer *v, store_customer_cb cb, void *ctx,
                              bd_err *e);

/* ---- Complaints and satisfaction (003 §7) -------------------------------- */
typedef struct store_complaint {
    int64_t id;
    int64_t customer_id;
    char company[256];     /* filled by reads */
    char opened_on[11];
    char summary[1024];
    char department[33];   /* routed to; "" until routed */
    char state[16];        /* open routed investigating resolved replied visited closed */
    char resolution[1024];
    char closed_on[11];
    int64_t created_by;
    char updated_at[21];
    int64_t version;
} store_complaint;

bd_status store_complaint_insert(store *s, store_complaint *c, bd_err *e);
bd_status store_complaint_get(store *s, const store_viewer *v, int64_t id, store_complaint *c,
                              bd_err *e);
/* Optimistic: BD_ERR_CONFLICT when the version moved. */
bd_status store_complaint_update(store *s, store_complaint *c, bd_err *e);
/* Complaints of one customer, newest first. */
bd_status store_complaint_list(store *s, int64_t customer_id, store_complaint *rows, int max,
                               int *n, bd_err *e);
/* Complaints not closed, of customers in the viewer's reach; oldest first. */
bd_status store_complaint_open(store *s, const store_viewer *v, store_complaint *rows, int max,
                               int *n, bd_err *e);

/* One score (1-5) per customer per survey; a second for the same survey
 * is BD_ERR_CONFLICT. */
bd_status store_satisfaction_add(store *s, int64_t customer_id, const char *survey, int score,
                                 const char *on_date, bd_err *e);
/* Average score (x100, rounded) and count for a customer; 0 when none. */
bd_status store_satisfaction_avg(store *s, int64_t customer_id, int64_t *avg100, int64_t *count,
                                 bd_err *e);

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


/* ---- Reviews (migration 007) ----------------------------------------------
 * Review periods per department, one review per employee with the KPI
 * template of their role, ratings by source, peers, the scores as they
 * were finalised (per revision), improvement plans, and the figures the
 * computed KPIs come from.  Updates are optimistic on version (stale:
 * BD_ERR_CONFLICT) and bump it. */
typedef struct store_review_period {
    int64_t id;
    char department[33];
    char period[8];           /* 2026-11, 2026-Q4 or 2026 */
    char state[16];           /* open finalised published locked */
    int64_t opened_by;
    char opened_at[21];
    char finalised_at[21];
    char published_at[21];
    int64_t version;
} store_review_period;

/* BD_ERR_CONFLICT when the department has that period already. */
bd_status store_review_period_insert(store *s, store_review_period *p, bd_err *e);
bd_status store_review_period_get(store *s, int64_t id, store_review_period *p, bd_err *e);
bd_status store_review_period_find(store *s, const char *department, const char *period,
                                   store_review_period *p, bd_err *e);
/* state and the timestamps. */
bd_status store_review_period_update(store *s, store_review_period *p, bd_err *e);
/* Of department (NULL: every one), newest period first. */
bd_status store_review_period_list(store *s, const char *department, store_review_period *rows,
                                   int max, int *n, bd_err *e);

typedef struct store_review {
    int64_t id;
    int64_t period_id;
    char period[8];           /* filled by reads */
    char department[33];      /* filled by reads: the period's */
    int64_t employee_id;
    char employee_login[33];  /* filled by reads */
    char employee_name[256];  /* filled by reads */
    char employee_role[33];   /* filled by reads */
    int64_t supervisor_id;    /* 0 when none */
    char supervisor_login[33];/* filled by reads */
    char template_code[33];
    char state[16];           /* self rating final published interviewed locked */
    int64_t score;            /* hundredths; -1 until final */
    char grade[9];
    int64_t bonus;            /* minor units; -1 until final */
    char grade_reason[512];   /* why calibration set the grade, "" none */
    int revision;
    char self_done_at[21];
    char interview[2048];
    char goals[1024];
    char interviewed_at[21];
    char updated_at[21];
    int64_t version;
} store_review;

/* BD_ERR_CONFLICT when the employee has a review of that period. */
bd_status store_review_insert(store *s, store_review *r, bd_err *e);
bd_status store_review_get(store *s, int64_t id, store_review *r, bd_err *e);
/* Every field but the ids, template and the filled ones. */
bd_status store_review_update(store *s, store_review *r, bd_err *e);
/* The reviews of a period, by employee login. */
bd_status store_review_list(store *s, int64_t period_id, store_review *rows, int max, int *n,
                            bd_err *e);
/* An employee's reviews, newest period first (the period text sorts). */
bd_status store_review_history(store *s, int64_t employee_id, store_review *rows, int max,
                               int *n, bd_err *e);

typedef struct store_rating {
    int64_t id;
    int64_t review_id;
    char kpi[33];
    char source[16];          /* supervisor peer self customer */
    int64_t rater_id;
    char rater_login[33];     /* filled by reads */
    int rating;
    char comment[512];
    char at[21];
} store_rating;

/* Insert, or replace the rating and comment of the same review, KPI,
 * source and rater. */
bd_status store_rating_put(store *s, store_rating *r, bd_err *e);
bd_status store_rating_list(store *s, int64_t review_id, store_rating *rows, int max, int *n,
                            bd_err *e);

bd_status store_review_peer_add(store *s, int64_t review_id, int64_t peer_id, bd_err *e);
bd_status store_review_peers(store *s, int64_t review_id, int64_t *ids, int max, int *n,
                             bd_err *e);
/* Reviews in state 'self' or 'rating' where user is a peer, oldest first. */
bd_status store_reviews_to_rate_as_peer(store *s, int64_t user_id, store_review *rows, int max,
                                        int *n, bd_err *e);

typedef struct store_review_score {
    char kpi[33];
    int64_t figure;           /* computed KPIs, hundredths; -1 none */
    int64_t points;           /* hundredths; -1 not scored */
} store_review_score;

/* Replace the scores of (review, revision). */
bd_status store_review_scores_put(store *s, int64_t review_id, int revision,
                                  const store_review_score *rows, int n, bd_err *e);
bd_status store_review_scores(store *s, int64_t review_id, int revision,
                              store_review_score *rows, int max, int *n, bd_err *e);

typedef struct store_improvement_plan {
    int64_t id;
    int64_t employee_id;
    char employee_login[33];  /* filled by reads */
    int64_t review_id;
    char goals[1024];
    char support[1024];
    char review_on[11];
    char result[1024];
    char state[16];           /* open passed failed escalated */
    char created_at[21];
    int64_t version;
} store_improvement_plan;

bd_status store_plan_insert(store *s, store_improvement_plan *p, bd_err *e);
bd_status store_plan_get(store *s, int64_t id, store_improvement_plan *p, bd_err *e);
/* result and state. */
bd_status store_plan_update(store *s, store_improvement_plan *p, bd_err *e);
/* Of employee (0: everyone), newest first. */
bd_status store_plan_list(store *s, int64_t employee_id, store_improvement_plan *rows, int max,
                          int *n, bd_err *e);

/* The figures computed KPIs come from, for one employee and the dates
 * from..to (inclusive), in hundredths (-1: no data to compute it from):
 *   SIGNED         contracts the employee owns signed in the dates, in
 *                  currency (other currencies are left out), summed
 *   NEW_CUSTOMERS  customers whose first signed contract (any owner) is
 *                  the employee's and falls in the dates, x 100
 *   SATISFACTION   average survey score of the employee's customers in the
 *                  dates, x 100 (-1 when no survey)
 *   LEADS          opportunities the employee owns created in the dates, x 100
 *   CONVERSION     of the employee's opportunities that entered won_stage
 *                  or lost_stage in the dates, the won share in percent x 100
 *                  (-1 when none closed)
 *   PROFIT         as SIGNED, amount less cost, over the contracts that
 *                  record their cost (-1 when none does)
 *   RESOLUTION     average days from opened_on to closed_on of the
 *                  complaints of the employee's customers closed in the
 *                  dates, x 100 (-1 when none closed) */
typedef enum store_kpi {
    STORE_KPI_SIGNED, STORE_KPI_NEW_CUSTOMERS, STORE_KPI_SATISFACTION, STORE_KPI_LEADS,
    STORE_KPI_CONVERSION, STORE_KPI_RESOLUTION, STORE_KPI_PROFIT,
} store_kpi;

typedef struct store_kpi_query {
    store_kpi kpi;
    int64_t employee_id;
    const char *from, *to;
    const char *currency;     /* SIGNED */
    const char *won_stage, *lost_stage; /* CONVERSION */
} store_kpi_query;

bd_status store_kpi_figure(store *s, const store_kpi_query *q, int64_t *figure, bd_err *e);
/* The records the figure counts, one call each: the record's kind
 * ("contract", "customer", "survey", "opportunity", "complaint"), its id
 * and a line describing it ("HT-2026-0001 香港貿易公司 50,000.00 CNY
 * signed 2026-11-03"); cb returns non-zero to stop. */
typedef int (*store_kpi_cb)(void *ctx, const char *kind, int64_t id, const char *what);
bd_status store_kpi_records(store *s, const store_kpi_query *q, store_kpi_cb cb, void *ctx,
                            bd_err *e);

/* ---- Reports (src/store/reports.c) ----------------------------------------
 * The queries of app/reports.c.  Each streams its rows to cb, one at a
 * time (cb returns non-zero to stop), and keeps the viewer's reach as the
 * module's own lists do.  Dates are YYYY-MM-DD, from and to inclusive. */

/* The pipeline summed per stage (by_owner false: login and name "") or
 * per owner and stage (ordered by login, then stage code). */
typedef struct store_report_stage {
    char login[33];
    char name[256];
    char stage[33];
    int64_t count;
    int64_t value;            /* sum of the known values */
} store_report_stage;
typedef int (*store_report_stage_cb)(void *ctx, const store_report_stage *r);
bd_status store_report_pipeline(store *s, const store_viewer *v, bool by_owner,
                                store_report_stage_cb cb, void *ctx, bd_err *e);

/* Contracts signed from prev_from to `to`, per owner (contracts.owner_id)
 * and currency, ordered by login: those signed from `from` on count as
 * this period (contracts, amount, new customers: the customer's first
 * signed contract), those before `from` as the previous period. */
typedef struct store_report_sales_row {
    char login[33];
    char name[256];
    char currency[4];
    int64_t contracts, amount, new_customers, previous;
} store_report_sales_row;
typedef int (*store_report_sales_cb)(void *ctx, const store_report_sales_row *r);
bd_status store_report_sales(store *s, const store_viewer *v, const char *from, const char *to,
                             const char *prev_from, store_report_sales_cb cb, void *ctx,
                             bd_err *e);

/* Activities dated from..to logged by someone in v's reach, by actor
 * login, date and id; company is the customer's name. */
typedef int (*store_report_activity_cb)(void *ctx, const store_activity *a, const char *company);
bd_status store_report_activities(store *s, const store_viewer *v, const char *from,
                                  const char *to, store_report_activity_cb cb, void *ctx,
                                  bd_err *e);

/* Customers of class_code in v's reach whose last contact (or, never
 * contacted, creation) is on or before `before`, oldest first (id, name,
 * class, owner, last_contact and created_at are filled). */
typedef int (*store_report_customer_cb)(void *ctx, const store_customer *c);
bd_status store_report_quiet(store *s, const store_viewer *v, const char *class_code,
                             const char *before, store_report_customer_cb cb, void *ctx,
                             bd_err *e);

/* Contracts signed from..to in v's reach, by signing date and number
 * (id, number, customer, company, title, amount, currency, dates, state,
 * owner and signed_on are filled). */
typedef int (*store_report_contract_cb)(void *ctx, const store_contract *c);
bd_status store_report_contracts(store *s, const store_viewer *v, const char *from,
                                 const char *to, store_report_contract_cb cb, void *ctx,
                                 bd_err *e);

/* Collection actions planned or done from..to on receivables of contracts
 * in v's reach, by planned date and id. */
typedef struct store_report_collection {
    store_collection action;
    char contract_number[48];
    char company[256];
} store_report_collection;
typedef int (*store_report_collection_cb)(void *ctx, const store_report_collection *r);
bd_status store_report_collections(store *s, const store_viewer *v, const char *from,
                                   const char *to, store_report_collection_cb cb, void *ctx,
                                   bd_err *e);

/* Budgets of year (YYYY) and what was spent in it, of department (NULL:
 * every one), ordered by department and category: for each pair first its
 * budget rows (spend false: period and amount), then at most one spend
 * row (spend true: committed and paid, the lines of approved and paid
 * claims dated in the year). */
typedef struct store_report_budget_row {
    char department[33];
    char category[33];
    char period[8];
    int64_t amount;
    bool spend;
    int64_t committed, paid;
} store_report_budget_row;
typedef int (*store_report_budget_cb)(void *ctx, const store_report_budget_row *r);
bd_status store_report_budget(store *s, const char *year, const char *department,
                              store_report_budget_cb cb, void *ctx, bd_err *e);

/* Claims paid from..to (paid_on) of claimants in v's reach, summed per
 * claimant and line category, by login and category. */
typedef struct store_report_reimb {
    char login[33];
    char name[256];
    char category[33];
    int64_t claims, lines, amount;
} store_report_reimb;
typedef int (*store_report_reimb_cb)(void *ctx, const store_report_reimb *r);
bd_status store_report_reimbursements(store *s, const store_viewer *v, const char *from,
                                      const char *to, store_report_reimb_cb cb, void *ctx,
                                      bd_err *e);

/* Ids of the claims in v's reach, neither drafts nor withdrawn, with a
 * line under a standard dated from..to, in id order. */
typedef int (*store_report_id_cb)(void *ctx, int64_t id);
bd_status store_report_standard_claims(store *s, const store_viewer *v, const char *from,
                                       const char *to, store_report_id_cb cb, void *ctx,
                                       bd_err *e);

/* Audit rows written at or after `from` and before `before` (timestamps
 * or dates, compared as text), in id order. */
bd_status store_report_audit(store *s, const char *from, const char *before,
                             store_audit_cb cb, void *ctx, bd_err *e);


/* ---- Maintenance ------------------------------------------------------------
 * A consistent copy of the database while others work (one read snapshot;
 * the copy is renamed into place only when complete; an existing file is
 * refused unless force), and SQLite's integrity check: report gets "ok"
 * or its findings (BD_ERR_DB then). */
bd_status store_backup(store *s, const char *path, bool force, bd_err *e);
bd_status store_integrity(store *s, char *report, size_t n, bd_err *e);

#endif
