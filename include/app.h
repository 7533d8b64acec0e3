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
 * installed location when it exists, else the source tree's.  When
 * bizdesk runs setgid (io_priv_setgid) it is always the installed ones:
 * STATEDIR/bizdesk.db and SYSCONFDIR/bizdesk. */
typedef struct app_paths {
    char db[PATH_MAX];
    char config[PATH_MAX];
    const char *db_from;     /* "command line", "BIZDESK_DB", "installed",
                                "installed, setgid", "source tree" */
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
/* Log in as another user: only on a demo database (--as), and never when
 * installed setgid (io_priv_setgid). */
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

/* ---- Drafts of forms ------------------------------------------------------
 * The logged-in user's unsaved form text (store.h's drafts), for the UI.
 * form names the form (its title and the record it is about).
 * app_draft_save: keep the n fields (names[i] -> values[i], UTF-8) as the
 * draft of form, replacing an older one, in one transaction.
 * app_draft_load: the draft of form: saved_at (21 bytes) and cb for each
 * field; BD_ERR_NOTFOUND when there is none.
 * app_draft_clear: delete it (none is not an error).
 * All three: BD_ERR_DENIED when nobody is logged in. */
bd_status app_draft_save(app *a, const char *form, const char *const *names,
                         const char *const *values, int n, bd_err *e);
bd_status app_draft_load(app *a, const char *form, char saved_at[21], store_draft_cb cb,
                         void *ctx, bd_err *e);
bd_status app_draft_clear(app *a, const char *form, bd_err *e);

/* ---- The viewer ---------------------------------------------------------
 * What a user sees follows their role's scope (roles.yaml): own, team,
 * department or all; the store applies it in every query. */
store_viewer app_viewer(const app *a);

/* ---- The module parts ---------------------------------------------------
 * Each module's actions are in a header of its own, included here after
 * the session types above that they use. */
#include "app_pipeline.h"
#include "app_contracts.h"
#include "app_inbox.h"
#include "app_claims.h"
#include "app_reports.h"
#include "app_reviews.h"

#endif
