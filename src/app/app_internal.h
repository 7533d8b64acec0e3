/* Shared by the files of src/app: the session struct and small helpers. */
#ifndef BIZDESK_APP_INTERNAL_H
#define BIZDESK_APP_INTERNAL_H

#include "app.h"
#include "csvio.h"
#include "io.h"

struct app {
    store *db;
    const policy *pol;
    bool demo;
    bool logged_in;
    app_actor actor;
};

/* The current time as a stored timestamp; buf needs 21 bytes. */
char *app_timestamp(char *buf, size_t n);

/* BD_ERR_DENIED unless someone is logged in and holds perm; the message
 * names what was asked. */
bd_status app_require(const app *a, policy_perm perm, const char *what, bd_err *e);

/* Run in a write transaction: begin, then on failure roll back.  The
 * caller commits with app_tx_end(a, BD_OK, e). */
bd_status app_tx_begin(app *a, bd_err *e);
bd_status app_tx_end(app *a, bd_status st, bd_err *e);

/* Pipeline, shared with the import: check and build a lead from text
 * fields; insert a built lead (customer, contact, opportunity) inside the
 * caller's transaction; an opportunity as audit JSON (caller frees). */
bd_status app_lead_build(app *a, const app_lead_input *in, store_customer *c, store_contact *ct,
                         store_opp *o, bd_err *e);
bd_status app_lead_insert(app *a, store_customer *c, store_contact *ct, store_opp *o, bd_err *e);
char *app_opp_json(const store_opp *o);
/* The owner named by login ("" or NULL: the actor), checked against the
 * actor's right to reassign and reach. */
bd_status app_lead_owner(app *a, const char *login, store_user *out, bd_err *e);

/* The approval engine's view of the people around an item: its author,
 * the actor and the actor's delegations today (contracts.c). */
enum { APP_MAX_DELEGATIONS = 16 };
typedef struct app_engine {
    store_user author_user;
    apv_person author, actor;
    store_delegation dels[APP_MAX_DELEGATIONS];
    apv_delegation adels[APP_MAX_DELEGATIONS];
    int ndels;
    char today[11];
    apv_ctx ctx;
} app_engine;

bd_status app_engine_load(app *a, int64_t author_id, app_engine *en, bd_err *e);
/* Fill item->decided_by from the approvals of that round. */
bd_status app_engine_decided(app *a, const char *module, int64_t item_id, int round,
                             apv_item *item, bd_err *e);
/* Write one decision row (BD_ERR_CONFLICT when the step was decided). */
bd_status app_engine_record(app *a, const char *module, int64_t item_id, int round, int step,
                            const apv_flow *f, apv_action act, const apv_person *behalf,
                            const char *comment, bd_err *e);
apv_person app_person_of(const store_user *u);
/* A contract as audit JSON (caller frees). */
char *app_contract_json(const store_contract *c);


/* Whether a policy name is meant by text: its full text or its first
 * word ("差旅" of "差旅 Travel"), so people can type either (claims.c). */
bool app_name_matches(const char *name, const char *text);

/* Text fields of a form, checked: money (required, not negative) and a
 * date (required, YYYY-MM-DD); the message names the field. */
bd_status app_parse_money(const char *field, const char *text, int64_t *out, bd_err *e);
bd_status app_parse_date(const char *field, const char *text, char out[11], bd_err *e);

/* ---- Requests through the approval engine ----------------------------------
 * A kind of request (a claim, a pre-approval, a budget change, a
 * write-off, an amendment) is a table of what differs; app_request_act
 * does the rest the same way for all: one transaction, the expected
 * version, the engine's check and move, the decision row, the side effect
 * of the final approval, the audit row "X for Y". */
typedef struct app_request {
    int64_t id;
    int64_t author_id;
    int64_t version;
    char state[16];           /* the record's own state name */
    int review_step;
    int review_round;
    int64_t amount;           /* what tiers and deputies' limits compare */
} app_request;

typedef struct app_request_kind {
    const char *module;       /* decisions and delegations name it: "claims" */
    const char *entity;       /* in the audit trail: "claim" */
    const char *noun;         /* in messages: "claim", "pre-approval" */
    policy_perm perm;         /* needed to act (a deputy for module needs none);
                                 PERM_COUNT: none, the engine alone decides */
    size_t size;              /* of the record */
    bool resubmit;            /* a rejected or withdrawn one goes back to its
                                 author as a draft to fix and submit again;
                                 else a rejection or withdrawal ends it */
    /* Read record id (whoever owns it) and its engine fields. */
    bd_status (*load)(app *a, int64_t id, void *rec, app_request *r, bd_err *e);
    /* Write r's state, step and round into rec and the store
     * (optimistic on the version read). */
    bd_status (*save)(app *a, void *rec, const app_request *r, bd_err *e);
    const policy_flow *(*flow)(app *a, const void *rec, bd_err *e);
    /* Optional: refuse act on rec (final: it is the last approval). */
    bd_status (*guard)(app *a, void *rec, apv_action act, bool final, bd_err *e);
    /* Optional: what an approval that completes the flow does. */
    bd_status (*approved)(app *a, void *rec, bd_err *e);
    char *(*json)(const void *rec);
    /* Ids of those in review, oldest first. */
    bd_status (*in_review)(app *a, int64_t *ids, int max, int *n, bd_err *e);
    /* An inbox row's what, party, amount and flags. */
    void (*describe)(app *a, const void *rec, app_work_item *w);
} app_request_kind;

extern const app_request_kind app_kind_claim, app_kind_preapproval, app_kind_budget_change,
    app_kind_writeoff, app_kind_amendment;

/* Act on request id of kind k; out (k->size bytes, may be NULL) gets the
 * record after. */
bd_status app_request_act(app *a, const app_request_kind *k, int64_t id, apv_action act,
                          const char *comment, int64_t expected_version, void *out, bd_err *e);
/* Record a request made in review at once (a write-off, a pre-approval):
 * the submit decision and the create audit row; the caller has set its
 * state and step with app_request_first_step. */
bd_status app_request_created(app *a, const app_request_kind *k, const void *rec, int64_t id,
                              bd_err *e);
/* The first step a new request of amount stops at under flow f, and its
 * state: in_review, or approved when no step applies. */
int app_request_first_step(const policy_flow *f, int64_t amount, char state[16]);
bd_status app_request_choices(app *a, const app_request_kind *k, int64_t id, app_choices *out,
                              bd_err *e);
/* Whether the actor may decide request id now (its current step). */
bool app_request_awaits(app *a, const app_request_kind *k, int64_t id);
/* Those of kind k awaiting the actor, as inbox rows. */
bd_status app_request_inbox(app *a, const app_request_kind *k, app_work_item *rows, int max,
                            int *n, bd_err *e);
/* The name of the step request id waits for ("" when not in review). */
void app_request_step_name(app *a, const app_request_kind *k, int64_t id, char *buf, size_t n);


/* Reviews waiting for the actor's rating, as inbox rows (reviews.c). */
bd_status app_review_inbox(app *a, app_work_item *rows, int max, int *n, bd_err *e);

/* ---- Side files of an import (sidefile.c) ------------------------------------
 * The reject file or a dry run's plan: the input's header and rows, plus
 * columns of its own (line, reason...).  Set the fields, call
 * app_side_row for each row (the file is made on the first), then
 * app_side_commit when the import stands, and app_side_abort always. */
typedef struct app_side {
    const char *path;         /* the name the person gave, or NULL */
    const char *input;        /* else INPUT.WHAT-TIME.csv beside the input */
    const char *what;         /* "rejects", "plan" */
    bool force;               /* overwrite an existing file */
    char *const *header;      /* the input's header row */
    size_t ncols;
    const char *const *extra; /* titles of the columns added after it */
    size_t nextra;
    char *out_path;           /* gets the path when the file is made */
    size_t out_n;
    io_out file;
    csv_writer *w;
} app_side;

bd_status app_side_row(app_side *s, const csv_record *rec, const char *const *extra, bd_err *e);
bd_status app_side_commit(app_side *s, bd_err *e);
void app_side_abort(app_side *s);

#endif
