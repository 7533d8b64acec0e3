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

#endif
