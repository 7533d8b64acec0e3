/* Shared by the files of src/app: the session struct and small helpers. */
#ifndef BIZDESK_APP_INTERNAL_H
#define BIZDESK_APP_INTERNAL_H

#include "app.h"

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

#endif
