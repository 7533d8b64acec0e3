/*
 * app_contracts.h - the contracts' actions (src/app/contracts.c,
 * amendments.c, receivables.c, writeoffs.c): drafting, review through the
 * approval engine, signing, amendments, receivables, write-offs, collection
 * and the aging of what is owed.
 *
 * Include app.h, not this file: it relies on the session types app.h
 * declares (app, app_actor) before it includes the module parts at its end.
 */
#ifndef BIZDESK_APP_CONTRACTS_H
#define BIZDESK_APP_CONTRACTS_H

#ifndef BIZDESK_APP_H
#error "include app.h, not app_contracts.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "approval.h"
#include "core.h"
#include "policy.h"
#include "store.h"

/* ---- Contracts (contracts.use) -------------------------------------------
 * Drafted by a rep (from a won opportunity or blank), reviewed through the
 * approval engine with contracts.yaml's flow, signed with a number from the
 * policy's pattern, executed, completed, terminated or archived.  A signed
 * contract is never edited: amendments make new versions. */
typedef struct app_contract_input {
    int64_t opportunity_id;   /* 0: blank (then customer_id) */
    int64_t customer_id;
    const char *title;
    const char *amount;       /* money text */
    const char *currency;     /* default the company's */
    const char *cost;         /* what delivering it costs, for profit; NULL or "": not known */
    const char *start_date;
    const char *end_date;
    int notice_days;          /* -1: default 30 */
} app_contract_input;

bd_status app_contract_draft(app *a, const app_contract_input *in, store_contract *out,
                             bd_err *e);
bd_status app_contract_get(app *a, int64_t id, store_contract *out, bd_err *e);
bd_status app_contract_page(app *a, store_contract_query *q, store_contract *rows, int *n,
                            bd_err *e);
/* A contract with its clauses, milestones, decisions and review comments
 * (oldest first).  Large: allocate it. */
enum { APP_DETAIL_MAX = 64 };
typedef struct app_contract_detail {
    store_contract contract;
    store_clause clauses[APP_DETAIL_MAX];
    int nclauses;
    store_milestone milestones[APP_DETAIL_MAX];
    int nmilestones;
    store_decision decisions[APP_DETAIL_MAX];
    int ndecisions;
    store_comment comments[APP_DETAIL_MAX];
    int ncomments;
} app_contract_detail;

bd_status app_contract_detail_get(app *a, int64_t id, app_contract_detail *out, bd_err *e);

/* Set a clause's text (draft or rejected only; the author). */
bd_status app_contract_clause(app *a, int64_t id, const char *clause, const char *body, bd_err *e);

/* Milestones as text: name, due date, amount.  They must add up to the
 * contract's amount and fall between its start and end. */
typedef struct app_milestone_input {
    const char *name;
    const char *due_date;
    const char *amount;
} app_milestone_input;

bd_status app_contract_milestones(app *a, int64_t id, const app_milestone_input *m, int n,
                                  bd_err *e);

/* The review: submit (the author; refused naming each empty required
 * clause or a milestone sum that does not match), approve, reject (with
 * a reason), withdraw.  clause and comment: an approval or rejection may
 * carry a comment on one clause (clause NULL: the whole contract).
 * expected_version 0: whatever is current; else BD_ERR_CONFLICT when the
 * item moved on. */
bd_status app_contract_act(app *a, int64_t id, apv_action act, const char *clause,
                           const char *comment, int64_t expected_version, store_contract *out,
                           bd_err *e);
/* Which actions the actor may take on the contract now, and why not the
 * others (why[i] is "" for an allowed action). */
typedef struct app_choices {
    bool allowed[APV_ACTION_COUNT];
    char why[APV_ACTION_COUNT][256];
    char on_behalf[33];       /* the approver the actor would act for, or "" */
} app_choices;

bd_status app_contract_choices(app *a, int64_t id, app_choices *out, bd_err *e);

/* Sign an approved contract: assigns the next number of the policy's
 * pattern (never reused) and turns its milestones into receivables.
 * expected_version (here and in app_contract_state): the version the
 * person saw, or 0 for whatever is current; a newer one is
 * BD_ERR_CONFLICT. */
bd_status app_contract_sign(app *a, int64_t id, const char *signed_on, int64_t expected_version,
                            store_contract *out, bd_err *e);
/* signed -> executing -> completed; terminated (notice date, settlement
 * note) from signed or executing; archived (retention from policy) from
 * completed or terminated.  state is the target state's name. */
bd_status app_contract_state(app *a, int64_t id, const char *state, const char *notice_date,
                             const char *note, int64_t expected_version, store_contract *out,
                             bd_err *e);

/* Changes since the reviewer's last decision: the clauses changed in a
 * later round than the one the actor last decided on (all clauses when
 * they never did). */
bd_status app_contract_changed(app *a, int64_t id, store_clause *rows, int max, int *n,
                               bd_err *e);

/* A deputy for the actor's decisions: to_login acts for them from start to
 * end (inclusive), on module (NULL all), up to max_amount ("" no limit). */
bd_status app_delegate(app *a, const char *to_login, const char *module, const char *start,
                       const char *end, const char *max_amount, bd_err *e);

/* A warning (true, text in buf) when the customer's open receivables plus
 * amount (in currency, converted to the company's with contracts.yaml's
 * rates) would pass its credit limit; false when within it or it has no
 * limit. */
bool app_credit_warning(app *a, int64_t customer_id, int64_t amount, const char *currency,
                        char *buf, size_t n);

/* Execution tracking on a signed or executing contract the actor may see:
 * a change request, a delivery delay or a quality dispute, open until
 * resolved with a resolution.  Audited. */
bd_status app_contract_event(app *a, int64_t contract_id, const char *kind, const char *date,
                             const char *summary, store_event *out, bd_err *e);
bd_status app_contract_event_resolve(app *a, int64_t event_id, const char *resolution,
                                     bd_err *e);
bd_status app_contract_events(app *a, int64_t contract_id, store_event *rows, int max, int *n,
                              bd_err *e);

/* Whether someone named the actor their deputy for module ("contracts")
 * today: a deputy decides from the inbox without the module's permission. */
bool app_is_deputy(app *a, const char *module);

/* The inbox: contracts waiting for a decision the actor may take (also as
 * a deputy), oldest first. */
typedef struct app_inbox_item {
    store_contract contract;
    char step_name[128];
    char on_behalf[33];       /* "" unless as a deputy */
    char asked_by[33];
    char waiting_since[21];
} app_inbox_item;

bd_status app_inbox(app *a, app_inbox_item *rows, int max, int *n, bd_err *e);

/* The contract clock: the dates that matter in the next `days` days (and
 * those already passed but still open): renewal talks (contracts.yaml
 * renewal_days before the end), the last day to give notice (the end less
 * the notice period), expiries, milestone payments due, retention ends of
 * archived contracts.  A rep sees their own; legal and finance all (the
 * role's scope).  Sorted by date. */
typedef enum app_clock_kind {
    CLOCK_RENEWAL, CLOCK_NOTICE, CLOCK_EXPIRY, CLOCK_PAYMENT, CLOCK_RETENTION,
} app_clock_kind;

typedef struct app_clock_item {
    app_clock_kind kind;
    char date[11];
    int64_t contract_id;
    char number[48];
    char company[256];
    char what[256];
} app_clock_item;

const char *app_clock_kind_name(app_clock_kind k);
bd_status app_contract_clock(app *a, int days, app_clock_item *rows, int max, int *n, bd_err *e);

/* Amendments: a signed (or executing) contract is never edited; an
 * amendment states its kind (contracts.yaml amendments), content, reason
 * and effective date, and optionally a new amount or end date; it goes
 * through its kind's flow (the engine's rules, module "amendments") and
 * when approved makes a new version of the contract (the old one is kept
 * in the version history).  A rejection ends it: a new amendment is the
 * way to try again. */
typedef struct app_amend_input {
    const char *kind;
    const char *content;
    const char *reason;
    const char *effective_date;
    const char *new_amount;   /* NULL or "": unchanged */
    const char *new_end_date; /* NULL or "": unchanged */
} app_amend_input;

bd_status app_amend(app *a, int64_t contract_id, const app_amend_input *in, store_amendment *out,
                    bd_err *e);
/* approve, reject (comment required) or withdraw (the author). */
bd_status app_amendment_act(app *a, int64_t id, apv_action act, const char *comment,
                            store_amendment *out, bd_err *e);
bd_status app_amendment_list(app *a, int64_t contract_id, store_amendment *rows, int max, int *n,
                             bd_err *e);
/* Amendments in review whose current step the actor may decide. */
bd_status app_amendments_awaiting(app *a, store_amendment *rows, int max, int *n, bd_err *e);
bd_status app_contract_versions(app *a, int64_t contract_id, store_version *rows, int max, int *n,
                                bd_err *e);

/* ---- Receivables (receivables.record to change) --------------------------- */
/* What is still open of r, in the company currency (contracts.yaml's
 * rate for its contract's currency, rounded half up). */
int64_t app_ar_open_company(const app *a, const store_receivable *r);
/* v as money with its currency code after it when that is not the
 * company's ("10,000.00 USD", "10,000.00"); returns buf. */
const char *app_money_in(const app *a, int64_t v, const char *currency, char *buf, size_t n);
bd_status app_ar_list(app *a, int64_t customer_id, bool include_closed, store_receivable *rows,
                      int max, int *n, bd_err *e);
bd_status app_ar_pay(app *a, int64_t receivable_id, const char *amount, const char *paid_on,
                     const char *method, const char *reference, store_receivable *out,
                     bd_err *e);

/* A collection plan for an overdue receivable: an action (phone, email,
 * visit, legal) planned for a date; done_on and outcome when it is done
 * (a later call with the same planned action records the outcome as a new
 * row).  receivables.record. */
bd_status app_ar_collect(app *a, int64_t receivable_id, const char *kind, const char *planned_on,
                         const char *done_on, const char *outcome, bd_err *e);
bd_status app_ar_collections(app *a, int64_t receivable_id, store_collection *rows, int max,
                             int *n, bd_err *e);

/* Bad-debt write-off: a request (receivables.record) for the open
 * balance of a receivable, with a reason, decided through contracts.yaml's
 * writeoff_flow by the engine's rules (module "writeoffs"); once approved
 * the receivable is marked written off.  A rejection ends the request. */
bd_status app_writeoff_request(app *a, int64_t receivable_id, const char *reason,
                               store_writeoff *out, bd_err *e);
bd_status app_writeoff_act(app *a, int64_t id, apv_action act, const char *comment,
                           store_writeoff *out, bd_err *e);
/* Write-off requests whose current step the actor may decide. */
bd_status app_writeoffs_awaiting(app *a, store_writeoff *rows, int max, int *n, bd_err *e);

/* Aging of open receivables by customer in the policy's buckets of days
 * overdue: bucket[0] not yet due, then one per bound, then over the last. */
enum { APP_AGING_MAX = 10 };
typedef struct app_aging_row {
    int64_t customer_id;
    char company[256];
    int64_t bucket[APP_AGING_MAX];
    int64_t total;
} app_aging_row;

bd_status app_ar_aging(app *a, app_aging_row *rows, int max, int *n, bd_err *e);

#endif
