/*
 * store.h - the SQLite database: the only module that includes sqlite3.h.
 *
 * One file holds everything.  It is opened in WAL mode with foreign keys on,
 * synchronous=FULL and a busy timeout; its schema is built and upgraded by
 * the numbered migrations in data/migrations (compiled into the binary) and
 * tracked by PRAGMA user_version.  Every statement is prepared with bound
 * parameters and reset as soon as its rows are read, so no read transaction
 * stays open while the UI waits for a key.  Every write runs between
 * store_begin() (BEGIN IMMEDIATE) and store_commit()/store_rollback().
 */
#ifndef BIZDESK_STORE_H
#define BIZDESK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

typedef struct store store;

enum {
    STORE_CREATE = 1 << 0, /* create the file; refuse if it exists */
};

/* The schema version this build creates and understands. */
int store_schema_latest(void);

/* Open (or with STORE_CREATE create) the database at path and bring its
 * schema up to date.  Refuses a database whose user_version is newer than
 * this build knows (BD_ERR_VERSION), a file that is not a bizdesk database,
 * a missing file without STORE_CREATE (BD_ERR_NOTFOUND), and a file on a
 * network filesystem (BD_ERR_DB, naming it: bd_fs_network_name).  busy_ms is
 * how long a statement waits for another writer. */
bd_status store_open(const char *path, int flags, int busy_ms, store **out, bd_err *e);
void store_close(store **s);
const char *store_path(const store *s);

/* Write transactions.  store_begin takes the write lock at once (BEGIN
 * IMMEDIATE) so that a transaction never fails half-way on a lock. */
bd_status store_begin(store *s, bd_err *e);
bd_status store_commit(store *s, bd_err *e);
void store_rollback(store *s);

/* PRAGMA data_version: changes when another connection commits.  The UI
 * polls it while idle to refresh what it shows. */
bd_status store_data_version(store *s, int64_t *out, bd_err *e);

/* Settings kept in the database (key/value). */
bd_status store_meta_get(store *s, const char *key, char *buf, size_t n, bd_err *e);
bd_status store_meta_set(store *s, const char *key, const char *value, bd_err *e);

/* PRAGMA integrity_check; BD_OK when it answers "ok". */
bd_status store_integrity_check(store *s, bd_err *e);

/* ---- Users ------------------------------------------------------------- */
typedef struct store_user {
    int64_t id;
    char login[33];
    char name[256];
    char department[33];
    char role[33];
    int64_t manager_id;      /* 0 when none */
    char manager_login[33];  /* "" when none (filled by reads) */
    bool active;
    char bank_account[65];   /* where claims are paid; "" when not on file */
    char created_at[21];
    char updated_at[21];
    int64_t version;         /* bumped by every update */
} store_user;

bd_status store_user_by_login(store *s, const char *login, store_user *u, bd_err *e);
bd_status store_user_by_id(store *s, int64_t id, store_user *u, bd_err *e);
/* Insert u (id and version are set on return).  A taken login is
 * BD_ERR_CONFLICT. */
bd_status store_user_insert(store *s, store_user *u, bd_err *e);
/* Update every field of u where id = u->id and version = u->version; bumps
 * u->version.  BD_ERR_CONFLICT when someone else changed the row first. */
bd_status store_user_update(store *s, store_user *u, bd_err *e);
/* True when `id` is `manager_id` or reports to it through the manager chain
 * (used to refuse a manager loop). */
bd_status store_user_reports_to(store *s, int64_t id, int64_t manager_id, bool *out, bd_err *e);
bd_status store_user_count(store *s, int64_t *out, bd_err *e);

/* A page of users in login order: keyset paging, never OFFSET.
 * With after set: the first `limit` logins greater than it; with before
 * set: the last `limit` logins less than it (returned in ascending order);
 * with from_end: the last page.  filter (may be NULL) matches a substring
 * of login or name.  Returns the number of rows in *n. */
typedef struct store_user_query {
    const char *after;
    const char *before;
    bool from_end;
    const char *filter;
    const char *department;   /* NULL: every department */
    bool include_inactive;
    int limit;
} store_user_query;

bd_status store_user_page(store *s, const store_user_query *q, store_user *rows,
                          int *n, bd_err *e);

/* ---- Audit trail -------------------------------------------------------
 * Append-only (triggers refuse UPDATE and DELETE).  Rows carry the hash
 * chain computed by core's bd_audit_hash. */
bd_status store_audit_tail(store *s, int64_t *last_id, char hash[65], bd_err *e);
bd_status store_audit_insert(store *s, const bd_audit_row *r, const char *hash, bd_err *e);

typedef struct store_audit_query {
    const char *entity;   /* NULL: every entity */
    int64_t entity_id;    /* 0: every id */
    const char *actor;    /* NULL: every actor */
    int64_t after_id;     /* rows with id > after_id */
    int limit;            /* 0: no limit */
    bool newest_first;
} store_audit_query;

/* Calls cb for each row (hash is the stored hash); cb returns non-zero to
 * stop.  Rows are streamed, never collected. */
typedef int (*store_audit_cb)(void *ctx, const bd_audit_row *r, const char *hash);
bd_status store_audit_each(store *s, const store_audit_query *q, store_audit_cb cb,
                           void *ctx, bd_err *e);

/* ---- The viewer --------------------------------------------------------
 * Who sees which records is decided here, in the queries, from a viewer
 * that app/ builds from the user's role: no screen or command filters
 * rows itself.  A record outside the viewer's reach reads as not found. */
typedef enum store_see {
    STORE_SEE_OWN,        /* owner is the viewer */
    STORE_SEE_TEAM,       /* owner is the viewer or reports to them */
    STORE_SEE_DEPARTMENT, /* owner is in the viewer's department */
    STORE_SEE_ALL
} store_see;

typedef struct store_viewer {
    int64_t user_id;
    store_see see;
    const char *department;
} store_viewer;

/* ---- Maintenance ------------------------------------------------------------
 * A consistent copy of the database while others work (one read snapshot;
 * the copy is renamed into place only when complete; an existing file is
 * refused unless force), and SQLite's integrity check: report gets "ok"
 * or its findings (BD_ERR_DB then). */
bd_status store_backup(store *s, const char *path, bool force, bd_err *e);
bd_status store_integrity(store *s, char *report, size_t n, bd_err *e);

/* ---- Drafts -------------------------------------------------------------
 * What a person had typed into a form when bizdesk had to stop (their
 * terminal went away): one row per user and form (`form` names it),
 * `fields` a flat JSON object of field name -> text, saved_at a stored
 * timestamp.  Not audited: a draft is the person's scratch, not a record.
 *
 * store_draft_put: insert or replace user_id's draft of form, inside the
 * caller's transaction.
 * store_draft_get: user_id's draft of form: saved_at (21 bytes) filled and
 * cb(ctx, name, value) called for each field in the order saved (cb
 * returns non-zero to stop); BD_ERR_NOTFOUND when there is none.
 * store_draft_delete: remove it (no draft is not an error). */
typedef int (*store_draft_cb)(void *ctx, const char *name, const char *value);
bd_status store_draft_put(store *s, int64_t user_id, const char *form, const char *fields,
                          const char *saved_at, bd_err *e);
bd_status store_draft_get(store *s, int64_t user_id, const char *form, char saved_at[21],
                          store_draft_cb cb, void *ctx, bd_err *e);
bd_status store_draft_delete(store *s, int64_t user_id, const char *form, bd_err *e);

/* ---- The module parts ---------------------------------------------------
 * Each module's records and queries are in a header of its own, included
 * here after the types above that they use. */
#include "store_pipeline.h"
#include "store_contracts.h"
#include "store_claims.h"
#include "store_reviews.h"
#include "store_reports.h"

#endif
