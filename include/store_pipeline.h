/*
 * store_pipeline.h - the pipeline's records in the database: customers,
 * contacts, opportunities and their stages, activities, complaints and
 * satisfaction scores and bulk loading for imports (src/store/pipeline.c,
 * activities.c, care.c, bulk.c), read within a viewer's reach.
 *
 * Include store.h, not this file: it relies on the types store.h declares
 * (store, store_viewer, store_user, the audit types) before it includes
 * the module parts at its end.
 */
#ifndef BIZDESK_STORE_PIPELINE_H
#define BIZDESK_STORE_PIPELINE_H

#ifndef BIZDESK_STORE_H
#error "include store.h, not store_pipeline.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

/* ---- Pipeline ------------------------------------------------------- */
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
/* Every duplicate key the database holds, to fn with its kind: 'e' e-mail,
 * 'p' phone, 'c' company; store_dup_key_count counts them first. */
bd_status store_dup_key_count(store *s, int64_t *n, bd_err *e);
bd_status store_dup_keys(store *s, void (*fn)(void *ctx, char kind, const char *key), void *ctx,
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

#endif
