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

#endif
