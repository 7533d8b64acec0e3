/*
 * app.h - the use cases of bizdesk: one function per user action, shared by
 * the UI and the CLI.
 *
 * Each action checks the actor's rights from policy, validates its input
 * with core, runs in one write transaction (BEGIN IMMEDIATE) and writes its
 * audit row in that same transaction, so a change and its audit row are
 * either both there or both absent.  Errors come back as a status and a
 * message naming the field.
 */
#ifndef BIZDESK_APP_H
#define BIZDESK_APP_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "approval.h"
#include "core.h"
#include "policy.h"
#include "store.h"

/* ---- Where things are --------------------------------------------------
 * The database and policy folder are resolved here and nowhere else:
 * the command-line option, else $BIZDESK_DB / $BIZDESK_CONFIG, else the
 * installed location when it exists, else the source tree's. */
typedef struct app_paths {
    char db[PATH_MAX];
    char config[PATH_MAX];
    const char *db_from;     /* "--db", "BIZDESK_DB", "installed", "source tree" */
    const char *config_from;
} app_paths;

void app_paths_resolve(const char *opt_db, const char *opt_config, app_paths *out);

/* ---- The clock ----------------------------------------------------------
 * The only place bizdesk reads the time.  $BIZDESK_NOW ("2026-11-24" or
 * "2026-11-24T09:30:00Z") pins it, so tests and golden reports are stable. */
int64_t app_now(void);
/* BD_ERR_INVALID when $BIZDESK_NOW is set but is not a valid time. */
bd_status app_clock_check(bd_err *e);

/* ---- A session ---------------------------------------------------------- */
typedef struct app app;

typedef struct app_actor {
    store_user user;
    const policy_role *role;
} app_actor;

/* Open the database at path under policy pol (borrowed: it must outlive the
 * app).  No one is logged in yet. */
bd_status app_open(const char *path, const policy *pol, app **out, bd_err *e);
void app_close(app **a);

bool app_is_demo(const app *a);
const policy *app_policy(const app *a);
const char *app_db_path(const app *a);

/* Log in as the Unix user running the program (getuid -> getpwuid_r; never
 * $USER).  Unknown or inactive logins are refused with a message that says
 * who to ask. */
bd_status app_login_unix(app *a, bd_err *e);
/* Log in as another user: only on a demo database (--as). */
bd_status app_login_as(app *a, const char *login, bd_err *e);
/* NULL before login. */
const app_actor *app_actor_get(const app *a);
bool app_can(const app *a, policy_perm perm);

/* The Unix login running the program ("" if it has none). */
void app_unix_login(char *buf, size_t n);

/* PRAGMA data_version of this connection: changes when others commit. */
bd_status app_data_version(app *a, int64_t *out, bd_err *e);

/* ---- Creating a database ----------------------------------------------- */
typedef struct app_init_opts {
    const char *admin_login; /* required unless demo */
    const char *admin_name;  /* NULL: the login */
    bool demo;               /* demo users for every role; allows --as */
    bool sample_data;        /* demo only: a few customers and opportunities */
} app_init_opts;

bd_status app_init_db(const char *path, const policy *pol, const app_init_opts *o, bd_err *e);

/* The demo users, for the picker shown when a demo database is opened
 * without --as.  Refused on a real database. */
bd_status app_demo_users(app *a, store_user *rows, int max, int *n, bd_err *e);

/* ---- Users (admin.users) ------------------------------------------------
 * Fields left NULL in app_user_input are not changed (set) or take their
 * default (add: active). */
typedef struct app_user_input {
    const char *login;
    const char *name;
    const char *department;
    const char *role;
    const char *manager;  /* login; "" for none */
} app_user_input;

bd_status app_user_add(app *a, const app_user_input *in, store_user *out, bd_err *e);
/* Change the user `login`.  expected_version: the version the caller showed
 * the person (0: whatever is current); a newer one is BD_ERR_CONFLICT. */
bd_status app_user_set(app *a, const char *login, const app_user_input *in,
                       int64_t expected_version, store_user *out, bd_err *e);
bd_status app_user_set_active(app *a, const char *login, bool active, bd_err *e);
bd_status app_user_get(app *a, const char *login, store_user *out, bd_err *e);
bd_status app_user_page(app *a, const store_user_query *q, store_user *rows, int *n,
                        bd_err *e);

/* ---- Audit trail (audit.read) ------------------------------------------- */
bd_status app_audit_each(app *a, const store_audit_query *q, store_audit_cb cb, void *ctx,
                         bd_err *e);
/* Recompute the hash chain.  *rows counts the rows checked; on a mismatch
 * returns BD_ERR_INVALID with the first bad row's id in *bad_id. */
bd_status app_audit_verify(app *a, int64_t *rows, int64_t *bad_id, bd_err *e);

/* Write an audit row for a change inside the caller's open transaction.
 * For app modules only. */
bd_status app_audit_write(app *a, const char *entity, int64_t entity_id, const char *action,
                          const char *before, const char *after, bd_err *e);
/* The same for a deputy's decision: recorded as "actor for on_behalf". */
bd_status app_audit_write_for(app *a, const char *on_behalf, const char *entity, int64_t entity_id,
                              const char *action, const char *before, const char *after, bd_err *e);

/* ---- Pipeline (pipeline.use) --------------------------------------------
 * What a user sees follows their role's scope (roles.yaml): own, team,
 * department or all; the store applies it in every query. */
store_viewer app_viewer(const app *a);

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
 * amount would pass its credit limit; false when within it or it has no
 * limit. */
bool app_credit_warning(app *a, int64_t customer_id, int64_t amount, char *buf, size_t n);

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
