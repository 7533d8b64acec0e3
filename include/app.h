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
#include "report.h"
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

/* An administrator's checks (admin.users or audit.read): a consistent
 * copy of the database to path while others work, and the integrity of
 * the file and of the audit chain (report: what was found, "ok" lines
 * when sound). */
bd_status app_backup(app *a, const char *path, bool force, bd_err *e);
bd_status app_check(app *a, char *report, size_t n, bd_err *e);

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

/* ---- Claims (claims.use) ---------------------------------------------------
 * An employee's expense claim: lines (date, place, category, standard,
 * quantity, reason, amount, invoice, pre-approval) checked against
 * claims.yaml's standards, the department's budget, invoices seen before
 * and entertainment pre-approvals; decided through the claimant's flow
 * (claims.yaml: the department's own or the company's), then paid by
 * finance (claims.pay).  Money is exact: the total is the sum of the
 * lines. */
typedef struct app_claim_line_input {
    const char *date;         /* YYYY-MM-DD, not in the future */
    const char *place;
    const char *category;     /* a category code or name of claims.yaml */
    const char *standard;     /* NULL or "": none */
    const char *quantity;     /* nights or persons; NULL or "": 1 */
    const char *reason;
    const char *amount;       /* money text, > 0 */
    const char *invoice;      /* NULL or "": none */
    int64_t preapproval_id;   /* 0: none */
} app_claim_line_input;

bd_status app_claim_new(app *a, const char *title, store_claim *out, bd_err *e);
/* Add a line to a draft or rejected claim of the actor's; refused naming
 * the line's field (a rule set to refuse in claims.yaml included). */
bd_status app_claim_line_add(app *a, int64_t claim_id, const app_claim_line_input *in,
                             store_claim_line *out, bd_err *e);
bd_status app_claim_line_remove(app *a, int64_t claim_id, int lineno, bd_err *e);

/* What an approver looks at on a claim. */
enum {
    CLAIM_FLAG_OVER_STANDARD = 1 << 0, /* a line above its standard's cap */
    CLAIM_FLAG_DUP_INVOICE = 1 << 1,   /* an invoice number seen on another claim */
    CLAIM_FLAG_NO_PREAPPROVAL = 1 << 2,/* a line that needs a pre-approval has none */
    CLAIM_FLAG_OVER_ESTIMATE = 1 << 3, /* above the pre-approval's estimate + tolerance */
    CLAIM_FLAG_OVER_BUDGET = 1 << 4,   /* the budget left after it is below zero */
    CLAIM_FLAG_NO_BUDGET = 1 << 5,     /* no budget for the department and category */
};
enum { APP_CLAIM_MAX_LINES = 64, APP_CLAIM_MAX_BUDGETS = 16 };

/* The budget of one category (and period) that a claim's lines draw on. */
typedef struct app_claim_budget {
    char category[33];
    char period[8];           /* "" when there is no budget */
    int64_t budget;
    int64_t spent;            /* committed and paid before this claim */
    int64_t in_review;        /* other claims in review */
    int64_t this_claim;
    int64_t left_after;       /* budget - spent - this_claim */
} app_claim_budget;

/* One finding on one line, with what it says. */
typedef struct app_claim_note {
    int line;                 /* index into lines */
    unsigned flag;            /* one CLAIM_FLAG_ */
    char why[256];
} app_claim_note;

typedef struct app_claim_detail {
    store_claim claim;
    store_claim_line lines[APP_CLAIM_MAX_LINES];
    int nlines;
    unsigned line_flags[APP_CLAIM_MAX_LINES];
    char line_why[APP_CLAIM_MAX_LINES][256]; /* the line's notes joined by "; " */
    app_claim_note notes[2 * APP_CLAIM_MAX_LINES];
    int nnotes;
    app_claim_budget budgets[APP_CLAIM_MAX_BUDGETS];
    int nbudgets;
    unsigned flags;           /* every line's flags and the budgets' */
    store_decision decisions[APP_DETAIL_MAX];
    int ndecisions;
    char step_name[128];      /* the step it waits for ("" unless in review) */
} app_claim_detail;

/* A claim the actor may see (the claimant, the role's scope, or one
 * waiting for the actor's decision), with its checks.  Large: allocate. */
bd_status app_claim_detail_get(app *a, int64_t id, app_claim_detail *out, bd_err *e);
/* Claims in the actor's reach; state NULL every state; mine: only the
 * actor's own.  Newest first. */
bd_status app_claim_list(app *a, const char *state, bool mine, store_claim *rows, int max,
                         int *n, bd_err *e);
/* submit (the claimant; refused when it has no line, or by a rule that
 * claims.yaml sets to refuse, naming the line and field), approve, reject
 * (reason required: back to the claimant, who fixes it and submits again),
 * withdraw. */
bd_status app_claim_act(app *a, int64_t id, apv_action act, const char *comment,
                        int64_t expected_version, store_claim *out, bd_err *e);
bd_status app_claim_choices(app *a, int64_t id, app_choices *out, bd_err *e);
/* Record the payment of an approved claim (claims.pay) to the claimant's
 * bank account on file (method bank_transfer needs one).  paid_on NULL:
 * today.  expected_version: as in app_claim_act; two clerks paying the
 * same claim: one wins, the other gets BD_ERR_CONFLICT. */
bd_status app_claim_pay(app *a, int64_t id, const char *paid_on, const char *method,
                        const char *reference, int64_t expected_version, store_claim *out,
                        bd_err *e);
/* Approved claims awaiting payment, oldest first (claims.pay). */
bd_status app_payment_queue(app *a, store_claim *rows, int max, int *n, bd_err *e);

/* Entertainment pre-approvals: asked for (and submitted) at once, decided
 * through the pre-approval flow; a key customer's (claims.yaml
 * key_customer_classes) goes through every leadership tier whatever the
 * estimate.  A rejection ends it. */
typedef struct app_preapproval_input {
    const char *reason;
    const char *date;         /* when the entertainment takes place */
    const char *place;
    const char *participants; /* customer contacts and staff */
    const char *estimate;     /* money text */
    int64_t customer_id;      /* 0: none */
} app_preapproval_input;

bd_status app_preapproval_new(app *a, const app_preapproval_input *in, store_preapproval *out,
                              bd_err *e);
bd_status app_preapproval_act(app *a, int64_t id, apv_action act, const char *comment,
                              int64_t expected_version, store_preapproval *out, bd_err *e);
bd_status app_preapproval_get(app *a, int64_t id, store_preapproval *out, bd_err *e);
bd_status app_preapproval_list(app *a, const char *state, store_preapproval *rows, int max,
                               int *n, bd_err *e);

/* ---- Budgets ---------------------------------------------------------------
 * Per department x category x period (store_period_range).  Everyone sees
 * their own department's; a role with scope all sees every department's.
 * Setting and importing need budgets.manage; a change of an existing
 * budget is a request through claims.yaml's budget_change flow, which any
 * claims.use user may make for their own department (budgets.manage: for
 * any). */
bd_status app_budget_list(app *a, const char *year, store_budget *rows, int max, int *n,
                          bd_err *e);
/* department and category: a code or a name of the policy. */
bd_status app_budget_set(app *a, const char *department, const char *category,
                         const char *period, const char *amount, bd_err *e);
bd_status app_budget_request(app *a, const char *department, const char *category,
                             const char *period, const char *delta, const char *reason,
                             store_budget_change *out, bd_err *e);
bd_status app_budget_change_act(app *a, int64_t id, apv_action act, const char *comment,
                                int64_t expected_version, store_budget_change *out, bd_err *e);
bd_status app_budget_changes(app *a, const char *state, store_budget_change *rows, int max,
                             int *n, bd_err *e);

/* Budgets from a CSV file with the columns department, category, period
 * and amount (English or Chinese headers), in one transaction; rows that
 * cannot be taken go to the reject file with their line and reason. */
typedef struct app_budget_import_result {
    int64_t rows, set, rejected;
    char reject_path[4096];   /* "" when nothing was rejected */
} app_budget_import_result;

bd_status app_budget_import(app *a, const char *path, const char *reject_path, bool force,
                            app_budget_import_result *r, bd_err *e);

/* The id of the active user login, for filters (any logged-in user). */
bd_status app_user_id(app *a, const char *login, int64_t *id, bd_err *e);

/* Set the actor's own bank account (where claims are paid), or, with
 * admin.users, anyone's (login NULL: the actor). */
bd_status app_user_bank(app *a, const char *login, const char *account, bd_err *e);

/* ---- Reports ----------------------------------------------------------------
 * The printable, spreadsheet and HTML reports of every module (report.h
 * writes them).  Each report has a name, a title, the parameters it takes
 * and the permissions it needs (app/reports.c's registry; the Reports part
 * of bizdesk(1) COMMANDS), and reads through the actor's viewer, so it
 * holds only what the actor may see in that module: a rep's pipeline
 * report is the rep's own pipeline.  Rows are streamed from the store
 * into the writer, never collected (the clock and the aging come from
 * the module's own functions, which sort: up to 20,000 rows, refused
 * beyond). */
enum {
    APP_REPORT_PERIOD = 1 << 0, /* period or from/to; default the current month */
    APP_REPORT_DAYS = 1 << 1,   /* days ahead, 0-3650; default 90 */
    APP_REPORT_YEAR = 1 << 2,   /* a year; default the current one */
    APP_REPORT_REVIEW = 1 << 3, /* a review period's id; default the newest of the
                                   actor's department */
};

typedef struct app_report_info {
    const char *name;         /* "pipeline" */
    const char *title;        /* "Pipeline by stage and owner" */
    unsigned params;          /* APP_REPORT_ bits */
    policy_perm perm;         /* needed */
    policy_perm perm2;        /* needed too; PERM_COUNT: nothing more */
} app_report_info;

/* The registry, in the order `report list` shows it: NULL past the end. */
const app_report_info *app_report_at(int i);
const app_report_info *app_report_find(const char *name);
/* The parameters ("--period P | --from D --to D") and permissions
 * ("reports.use, contracts.use") of a report as text. */
void app_report_params_text(const app_report_info *r, char *buf, size_t n);
void app_report_perms_text(const app_report_info *r, char *buf, size_t n);

typedef struct app_report_params {
    const char *period;       /* "2026-10", "2026-Q4", "2026"; NULL: from/to or this month */
    const char *from, *to;    /* YYYY-MM-DD, both or neither */
    int days;                 /* -1: the default */
    const char *year;         /* NULL: this year */
    rpt_format format;
    int width;                /* text: 80 or 132; 0: 80 */
    int lines;                /* text: lines per page; 0: 66 */
    int64_t review_period;    /* a review period's id; 0: the newest of the actor's
                                 department */
} app_report_params;

/* Whether the actor may run report name with p: BD_OK, or the refusal
 * naming the permission (BD_ERR_DENIED) or the parameter ("period: ...",
 * BD_ERR_USAGE / BD_ERR_INVALID).  Writes nothing. */
bd_status app_report_check(app *a, const char *name, const app_report_params *p, bd_err *e);
/* Write report name to fp (a FILE the caller owns, e.g. a preview's);
 * *pages (may be NULL) gets the text format's page count. */
bd_status app_report_write(app *a, const char *name, const app_report_params *p, FILE *fp,
                           int *pages, bd_err *e);
/* Write it to path through io_out (a temporary file renamed into place):
 * on any failure nothing is left behind; an existing file is replaced
 * only with force. */
bd_status app_report_file(app *a, const char *name, const app_report_params *p, const char *path,
                          bool force, int *pages, bd_err *e);


/* ---- Reviews (reviews.use; reviews.manage to run a cycle) -----------------
 * A period (a month, a quarter, a year) is opened for a department; each
 * active member whose role has a KPI template (performance.yaml) gets a
 * review.  The employee rates themself and submits; the supervisor (their
 * manager), the peers the supervisor names, and the supervisor on the
 * customers' behalf rate the rated KPIs; computed KPIs come from the
 * data.  The manager finalises the period (scores, grades, bonuses kept as
 * they are), calibrates grades with a reason, publishes; the supervisor
 * records the feedback interview; the manager locks.  A finalised review
 * is never edited: a correction is a new, audited revision. */
bd_status app_review_open(app *a, const char *department, const char *period,
                          store_review_period *out, bd_err *e);
/* Periods of the actor's department (every department's with scope all),
 * newest first. */
bd_status app_review_periods(app *a, store_review_period *rows, int max, int *n, bd_err *e);
/* Reviews of a period in the actor's reach: their own, those they
 * supervise or rate as a peer, their role's scope. */
bd_status app_review_list(app *a, int64_t period_id, store_review *rows, int max, int *n,
                          bd_err *e);

enum { APP_REVIEW_MAX_KPIS = 16, APP_REVIEW_MAX_RATINGS = 128, APP_REVIEW_MAX_PEERS = 8 };

/* One KPI of a review, as it scores now (or as it was finalised). */
typedef struct app_review_kpi {
    const policy_kpi *kpi;
    int64_t figure;           /* computed: hundredths; -1 no data */
    int64_t points;           /* hundredths; -1 not scored */
    int64_t source_points[RATER_COUNT]; /* rated: average per source, -1 none */
    int source_n[RATER_COUNT];
} app_review_kpi;

/* What to look at besides the score. */
enum {
    REVIEW_FLAG_IMPROVEMENT = 1 << 0, /* failing periods in a row >= improvement_after */
    REVIEW_FLAG_ESCALATION = 1 << 1,  /* >= escalation_after */
    REVIEW_FLAG_PROMOTION = 1 << 2,   /* top grade promotion_periods in a row */
};

typedef struct app_review_detail {
    store_review review;
    const policy_template *tpl;
    app_review_kpi kpis[APP_REVIEW_MAX_KPIS];
    int nkpis;
    int64_t score;            /* hundredths; -1 none (live until final) */
    char grade[9];
    int64_t bonus;            /* minor units; -1 none */
    unsigned flags;
    int streak;               /* failing periods in a row, this one included */
    store_rating ratings[APP_REVIEW_MAX_RATINGS]; /* peers' raters hidden from
                                                     the rated employee */
    int nratings;
    int64_t peers[APP_REVIEW_MAX_PEERS];
    int npeers;
    char missing[512];        /* who has yet to rate: "self, supervisor chen.jing" */
    int annual_periods;       /* a year's score: the mean of this many finalised
                                 month and quarter reviews (0: its own data) */
    char from[11], to[11];    /* the period's dates */
} app_review_detail;

/* Large: allocate it. */
bd_status app_review_get(app *a, int64_t id, app_review_detail *out, bd_err *e);
/* Rate one KPI (1-5 or 0-100 as the KPI says) as the actor's relation to
 * the employee (self, supervisor, peer); source "customer" is entered by
 * the supervisor for the customers.  Replaces the actor's earlier rating.
 * source NULL: the actor's own relation. */
bd_status app_review_rate(app *a, int64_t id, const char *kpi, const char *source, int rating,
                          const char *comment, bd_err *e);
/* The employee's self evaluation is done: the review goes to rating. */
bd_status app_review_submit_self(app *a, int64_t id, bd_err *e);
/* The supervisor names the peers (logins) who rate the employee. */
bd_status app_review_peers(app *a, int64_t id, const char *const *logins, int n, bd_err *e);
/* The records a computed KPI's figure comes from (as of today, for the
 * review's period): cb as store_kpi_records'. */
bd_status app_review_records(app *a, int64_t id, const char *kpi, store_kpi_cb cb, void *ctx,
                             bd_err *e);
/* reviews.manage: score every review of the period and keep the scores;
 * the period is finalised.  Refused naming who has not rated unless
 * force. */
bd_status app_review_finalize(app *a, int64_t period_id, bool force, bd_err *e);
/* reviews.manage, a finalised period: set a review's grade with a reason
 * (its bonus follows the grade).  After publication the same is a
 * correction: a new revision with its reason. */
bd_status app_review_grade(app *a, int64_t id, const char *grade, const char *reason,
                           int64_t expected_version, bd_err *e);
bd_status app_review_publish(app *a, int64_t period_id, bd_err *e);
/* The supervisor records the feedback interview of a published review. */
bd_status app_review_interview(app *a, int64_t id, const char *notes, const char *goals,
                               bd_err *e);
bd_status app_review_lock(app *a, int64_t period_id, bd_err *e);

/* The calibration sheet of a period: each review with its rank, and per
 * supervisor how many got each grade, against the policy's target shares. */
enum { APP_CAL_MAX_GRADES = 8, APP_CAL_MAX_SUPERVISORS = 16 };
typedef struct app_calibration {
    store_review_period period;
    int ngrades;
    char grades[APP_CAL_MAX_GRADES][9];
    int target_pct[APP_CAL_MAX_GRADES];      /* -1 none */
    int total[APP_CAL_MAX_GRADES];           /* reviews per grade */
    char supervisors[APP_CAL_MAX_SUPERVISORS][33];
    int by_supervisor[APP_CAL_MAX_SUPERVISORS][APP_CAL_MAX_GRADES];
    int nsupervisors;
    int64_t bonus_pool;                      /* sum of the bonuses */
    int nreviews;
} app_calibration;

/* rows (max of them, by score, highest first; rank 1 is the best) and
 * the summary. */
bd_status app_review_calibration(app *a, int64_t period_id, store_review *rows, int max, int *n,
                                 app_calibration *out, bd_err *e);
/* The actor's own reviews (or, in reach, login's), newest first. */
bd_status app_review_history(app *a, const char *login, store_review *rows, int max, int *n,
                             bd_err *e);
/* Honours of a period: the review whose figure of each honour's source is
 * the highest (none when nobody has one above 0). */
typedef struct app_honour {
    const policy_honour *honour;
    char login[33];
    char name[256];
    int64_t figure;
} app_honour;
bd_status app_review_honours(app *a, int64_t period_id, app_honour *rows, int max, int *n,
                             bd_err *e);
/* Improvement plans: reviews.manage or the employee's supervisor. */
bd_status app_plan_new(app *a, int64_t review_id, const char *goals, const char *support,
                       const char *review_on, store_improvement_plan *out, bd_err *e);
bd_status app_plan_close(app *a, int64_t plan_id, const char *state, const char *result,
                         bd_err *e);
bd_status app_plan_list(app *a, const char *login, store_improvement_plan *rows, int max, int *n,
                        bd_err *e);

#endif
