/*
 * app_inbox.h - the inbox (src/app/inbox.c): everything awaiting the
 * actor's decision across modules (contracts, amendments, write-offs,
 * claims, pre-approvals, budget changes), and acting on one item.
 *
 * Include app.h, not this file: it relies on the session types app.h
 * declares (app, app_actor) before it includes the module parts at its end.
 */
#ifndef BIZDESK_APP_INBOX_H
#define BIZDESK_APP_INBOX_H

#ifndef BIZDESK_APP_H
#error "include app.h, not app_inbox.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "approval.h"
#include "core.h"

/* ---- Everything awaiting a decision ---------------------------------------
 * The inbox across modules: contracts, amendments, write-offs, claims,
 * pre-approvals and budget changes whose current step the actor may
 * decide (also as someone's deputy), oldest first.  Each row says what the
 * decision is about. */
typedef struct app_work_item {
    char module[16];          /* contracts amendments writeoffs claims preapprovals
                                 budget_changes */
    int64_t id;
    int64_t version;          /* as read: pass it back to app_work_act */
    char what[256];           /* "Acme support", "差旅 Shanghai trip" */
    char party[256];          /* the customer or the claimant's department */
    int64_t amount;
    char currency[4];
    char step_name[128];
    char on_behalf[33];       /* "" unless as a deputy */
    char asked_by[33];
    char waiting_since[21];
    char flags[256];          /* what the approver must look at ("" none) */
} app_work_item;

bd_status app_work_inbox(app *a, app_work_item *rows, int max, int *n, bd_err *e);
/* Approve, reject (comment required) or withdraw one inbox item;
 * expected_version as in app_contract_act. */
bd_status app_work_act(app *a, const char *module, int64_t id, apv_action act,
                       const char *comment, int64_t expected_version, bd_err *e);
/* The singular noun of a module's items ("claim"), for messages. */
const char *app_work_noun(const char *module);

#endif
