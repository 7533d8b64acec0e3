/*
 * app_pipeline.h - the pipeline's actions (src/app/pipeline.c, import.c,
 * care.c): leads, customers, opportunities and activities, lead import
 * from CSV, the Today agenda, complaints and satisfaction.
 *
 * Include app.h, not this file: it relies on the session types app.h
 * declares (app, app_actor) before it includes the module parts at its end.
 */
#ifndef BIZDESK_APP_PIPELINE_H
#define BIZDESK_APP_PIPELINE_H

#ifndef BIZDESK_APP_H
#error "include app.h, not app_pipeline.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "policy.h"
#include "store.h"

/* ---- Pipeline (pipeline.use) ----------------------------------------- */
/* A new lead, as text fields from a form, the command line or a CSV row.
 * NULL or "" leaves a field empty.  company and contact_name are required
 * (or company alone); owner is a login (default: the actor; another owner
 * needs pipeline.reassign); value and budget are money text; dates are
 * YYYY-MM-DD. */
typedef struct app_lead_input {
    const char *company;
    const char *contact_name;
    const char *title;
    const char *phone;
    const char *email;
    const char *industry;
    const char *region;
    const char *city;
    const char *source;
    const char *value;
    const char *close_date;
    const char *owner;
    const char *needs;
    const char *budget;
    const char *next_followup;
    const char *class_code; /* customer class; default the last class */
} app_lead_input;

/* Check a lead's fields without writing anything: BD_OK, or the first
 * mistake naming the field ("email: 'x@' is not an e-mail address"). */
bd_status app_lead_check(app *a, const app_lead_input *in, bd_err *e);
/* Add a customer, its contact and an opportunity in the first stage. */
bd_status app_lead_add(app *a, const app_lead_input *in, store_opp *out, bd_err *e);

bd_status app_opp_get(app *a, int64_t id, store_opp *out, bd_err *e);
/* The viewer of q is set from the actor; other fields as given. */
bd_status app_opp_page(app *a, store_opp_query *q, store_opp *rows, int *n, bd_err *e);
bd_status app_opp_sums(app *a, store_opp_query *q, store_stage_sum *out, int max, int *n,
                       bd_err *e);
bd_status app_opp_each(app *a, store_opp_query *q, store_opp_cb cb, void *ctx, bd_err *e);

/* Fields that may be set on the way into a stage (NULL: unchanged). */
typedef struct app_opp_change {
    const char *value;
    const char *budget;
    const char *close_date;
    const char *next_followup;
    const char *needs;
    const char *lost_reason;
    /* A new contact for the opportunity (its customer's), when name is
     * given: for a stage that requires a contact. */
    const char *contact_name;
    const char *contact_phone;
    const char *contact_email;
} app_opp_change;

/* The fields stage (index into the policy's stages) requires that o lacks,
 * as bits (1 << policy_opp_field); 0 when it may enter. */
uint32_t app_stage_missing(const policy *p, int stage, const store_opp *o);
/* Move opportunity id into stage (a code), setting ch's fields first.
 * Refused when a field the stage requires is empty, naming every missing
 * one; moving out of a closed stage is refused too.  expected_version 0:
 * whatever is current. */
bd_status app_opp_move(app *a, int64_t id, const char *stage, const app_opp_change *ch,
                       int64_t expected_version, store_opp *out, bd_err *e);
/* Give the opportunity (and its customer) to another owner:
 * pipeline.reassign, and both the record and the new owner within the
 * actor's reach. */
bd_status app_opp_reassign(app *a, int64_t id, const char *owner, bd_err *e);

/* Log an activity on an opportunity's customer; next_followup (may be
 * NULL) schedules the next follow-up on the opportunity. */
typedef struct app_activity_input {
    const char *kind;  /* call, visit, email, meeting, demo, proposal, note, negotiation,
                          retention (a churn warning's action) */
    const char *date;  /* default today */
    const char *summary;
    const char *next_followup;
    /* a negotiation summary's parts */
    const char *background, *goals_met, *disagreements, *lessons;
} app_activity_input;

bd_status app_activity_add(app *a, int64_t opp_id, const app_activity_input *in,
                           store_activity *out, bd_err *e);
bd_status app_activity_list(app *a, int64_t opp_id, store_activity *rows, int max, int *n,
                            bd_err *e);

/* A customer with what belongs to it: contacts, complaints (newest
 * first) and the average satisfaction score; its opportunities come from
 * app_opp_page with q.customer_id.  Large: allocate it. */
enum { APP_CARD_MAX = 16 };
typedef struct app_customer_card {
    store_customer customer;
    store_contact contacts[APP_CARD_MAX];
    int ncontacts;
    store_complaint complaints[APP_CARD_MAX];
    int ncomplaints;
    int64_t satisfaction_avg100; /* 425 = 4.25; 0 when no score */
    int64_t satisfaction_count;
} app_customer_card;

bd_status app_customer_card_get(app *a, int64_t customer_id, app_customer_card *out, bd_err *e);
/* The contact of an opportunity (phone, e-mail); BD_ERR_NOTFOUND when it
 * has none. */
bd_status app_opp_contact(app *a, int64_t opp_id, store_contact *out, bd_err *e);

/* Set a customer's credit limit (money text; "0" for none) and/or class
 * (NULL: unchanged).  The credit limit is finance's or the owner's
 * manager's decision: receivables.record or pipeline.reassign. */
bd_status app_customer_set(app *a, int64_t customer_id, const char *credit_limit,
                           const char *class_code, bd_err *e);

/* Every customer the actor may see, with its first contact. */
bd_status app_customer_each(app *a, store_customer_cb cb, void *ctx, bd_err *e);

/* Today's date as YYYY-MM-DD (from app_now); buf needs 11 bytes. */
char *app_today(char *buf, size_t n);

/* ---- Lead import (pipeline.import) ---------------------------------------
 * One CSV file in one transaction: either every accepted row is in the
 * database or none is.  Rows that cannot be taken go to the reject file
 * with their line and the reason; nothing is dropped silently. */
typedef struct app_import_opts {
    const char *path;
    const char *encoding;        /* NULL: detect */
    char delimiter;              /* 0: detect */
    const char *const *maps;     /* "Header=field" overrides; "Header=ignore"
                                    leaves a column out */
    int nmaps;
    bool on_dup_set;             /* else policy's default */
    policy_dup_action on_dup;
    bool dry_run;                /* plan only; nothing is written to the db */
    const char *reject_path;     /* NULL: PATH.rejects.csv beside the input */
    const char *plan_path;       /* dry run: NULL: PATH.plan.csv */
    bool force;                  /* overwrite existing reject/plan files */
    /* Called now and then with rows read and bytes of total consumed. */
    void (*progress)(void *ctx, uint64_t rows, uint64_t bytes, uint64_t total);
    /* Called (with the same ctx) when every row is read and the import
     * goes on to work with nothing to count, which cancel no longer
     * stops: "building the list indexes", "saving". */
    void (*step)(void *ctx, const char *what);
    void *progress_ctx;
    const volatile int *cancel;  /* non-zero: stop and roll back */
} app_import_opts;

typedef struct app_import_result {
    int64_t rows, inserted, updated, skipped, flagged, rejected;
    char encoding[32];
    char delimiter;
    char mapping[1024];          /* "Header->field, ..." */
    char unknown[1024];          /* columns no field takes, comma-separated */
    char reject_path[4096];      /* "" when nothing was rejected */
    char plan_path[4096];        /* dry run */
} app_import_result;

bd_status app_import_leads(app *a, const app_import_opts *o, app_import_result *r, bd_err *e);

/* Column mappings saved by name ("Header=field" lines), so a file that
 * arrives every month maps the same way.  Saving needs pipeline.import
 * and is audited; a name is 1-32 of a-z 0-9 _ -.  load fills buf (size n)
 * with the lines. */
bd_status app_import_map_save(app *a, const char *name, const char *const *maps, int nmaps,
                              bd_err *e);
bd_status app_import_map_load(app *a, const char *name, char *buf, size_t n, bd_err *e);

/* ---- Today: what needs doing -------------------------------------------
 * The actor's own follow-ups due today or overdue; and within their reach:
 * opportunities stale in their stage (pipeline.yaml stale_days),
 * customers quiet for longer than their class allows (churn warnings),
 * complaints not closed.  Each item names the opportunity to open. */
typedef enum app_agenda_kind {
    AGENDA_OVERDUE,
    AGENDA_DUE,
    AGENDA_STALE,
    AGENDA_CHURN,
    AGENDA_COMPLAINT,
} app_agenda_kind;

typedef struct app_agenda_item {
    app_agenda_kind kind;
    int64_t opp_id;      /* the opportunity to open; 0 when the customer has none */
    int64_t customer_id;
    int64_t ref_id;      /* the complaint's id for AGENDA_COMPLAINT */
    char date[11];       /* due / in stage since / last contact / opened */
    char company[256];
    char what[256];      /* one line for a person */
} app_agenda_item;

const char *app_agenda_kind_name(app_agenda_kind k);
/* At most max items, in the order of the kinds above. */
bd_status app_agenda(app *a, app_agenda_item *rows, int max, int *n, bd_err *e);

/* ---- Complaints and satisfaction (003 §7) -------------------------------
 * A complaint moves forward through open -> routed (to a department) ->
 * investigating -> resolved (with a resolution) -> replied (to the
 * customer) -> visited (follow-up visit) -> closed; steps may be skipped
 * but never taken back, and closing needs a resolution. */
bd_status app_complaint_add(app *a, int64_t customer_id, const char *summary,
                            store_complaint *out, bd_err *e);
bd_status app_complaint_step(app *a, int64_t id, const char *state, const char *department,
                             const char *resolution, store_complaint *out, bd_err *e);
bd_status app_satisfaction_add(app *a, int64_t customer_id, const char *survey, int score,
                               bd_err *e);

#endif
