/* The database file: opening and recognising it, schema migrations,
 * transactions, settings, and the error messages every store file shares. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "migrations.h"
#include "store_internal.h"

/* ---- Errors ------------------------------------------------------------- */

/* The one place SQLite result codes become statuses.  where may be "". */
static bd_status fail_with(const char *path, int rc, const char *msg, const char *where,
                           bd_err *e)
{
    const char *sep = *where ? ": " : "";
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        /* Which statement waited does not help the person: the cure is the
         * same.  Callers roll back, so nothing is half-done. */
        return bd_errf(e, BD_ERR_BUSY,
                       "%s: database is busy (another bizdesk is writing); try again", path);
    case SQLITE_NOTADB:
        return bd_errf(e, BD_ERR_DB, "%s: not a bizdesk database (%s)", path, msg);
    case SQLITE_NOMEM:
        return bd_errf(e, BD_ERR_NOMEM, "%s: %s%s%s", path, where, sep, msg);
    case SQLITE_FULL:
        /* SQLite's "database or disk is full" reads like a limit of the
         * database; it is the file system that is full.  Callers roll back,
         * so what the person asked for is not half-done. */
        return bd_errf(e, BD_ERR_IO, "%s: disk full writing the database%s%s%s", path,
                       *where ? " (" : "", where, *where ? ")" : "");
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return bd_errf(e, BD_ERR_IO, "%s: %s%s%s", path, where, sep, msg);
    case SQLITE_CONSTRAINT:
        return bd_errf(e, BD_ERR_INVALID, "%s: %s%s%s", path, where, sep, msg);
    default:
        return bd_errf(e, BD_ERR_DB, "%s: %s%s%s", path, where, sep, msg);
    }
}

bool store_unique_violation(const store *s, int rc)
{
    if ((rc & 0xff) != SQLITE_CONSTRAINT)
        return false;
    int x = sqlite3_extended_errcode(s->db);
    return x == SQLITE_CONSTRAINT_UNIQUE || x == SQLITE_CONSTRAINT_PRIMARYKEY;
}

bd_status store_fail(const store *s, int rc, bd_err *e, const char *what, ...)
{
    char where[512];
    va_list ap;
    va_start(ap, what);
    vsnprintf(where, sizeof where, what, ap);
    va_end(ap);
    /* After sqlite3_open_v2 fails the handle may be NULL; after our own
     * checks the connection's last message may be stale ("not an error"). */
    const char *msg = s->db && sqlite3_errcode(s->db) != SQLITE_OK ? sqlite3_errmsg(s->db)
                                                                     : sqlite3_errstr(rc);
    /* A write that failed for want of space may come back as an I/O error. */
    if ((rc & 0xff) == SQLITE_IOERR && s->db && sqlite3_system_errno(s->db) == ENOSPC)
        rc = SQLITE_FULL;
    return fail_with(s->path, rc, msg, where, e);
}

bd_status store_prepare(const store *s, const char *sql, sqlite3_stmt **st, bd_err *e)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        bd_status status = store_fail(s, rc, e, "preparing a query");
        sqlite3_finalize(*st);
        *st = NULL;
        return status;
    }
    return BD_OK;
}

bd_status store_cached(store *s, store_slot slot, const char *sql, sqlite3_stmt **st, bd_err *e)
{
    if (!s->cached[slot]) {
        bd_status status = store_prepare(s, sql, &s->cached[slot], e);
        if (status != BD_OK)
            return status;
    }
    *st = s->cached[slot];
    sqlite3_reset(*st);
    sqlite3_clear_bindings(*st);
    return BD_OK;
}

bd_status store_collect(store *s, sqlite3_stmt *st, store_row_reader read, void *rows,
                        size_t size, int max, int *n, const char *what, bd_err *e)
{
    bd_status status = BD_OK;
    int rc = SQLITE_DONE;
    *n = 0;
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
        read(st, (char *)rows + size * (size_t)(*n)++);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "%s", what);
    sqlite3_finalize(st);
    return status;
}

bd_status store_get_by_id(store *s, const char *select_sql, const store_viewer *v,
                          const char *owner_col, int64_t id, store_row_reader read, void *out,
                          const char *noun, bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, select_sql);
    if (v)
        store_viewer_sql(&sql, v, owner_col);
    else
        bd_buf_puts(&sql, "1");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":id"), id);
    if (v)
        store_viewer_bind(st, v);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read(st, out);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no %s #%lld that you may see", noun, (long long)id);
    else
        status = store_fail(s, rc, e, "reading %s #%lld", noun, (long long)id);
    sqlite3_finalize(st);
    return status;
}

int store_bind_text(sqlite3_stmt *st, int idx, const char *text)
{
    if (!text)
        return sqlite3_bind_null(st, idx);
    return sqlite3_bind_text(st, idx, text, -1, SQLITE_STATIC);
}

void store_column_copy(sqlite3_stmt *st, int col, char *dst, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    bd_strlcpy(dst, t ? (const char *)t : "", n);
}

bd_status store_query_int(const store *s, const char *sql, int64_t *out, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql, &st, e);
    if (status != BD_OK)
        return status;
    *out = 0;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "reading");
    sqlite3_finalize(st);
    return status;
}

/* Statements without parameters only (BEGIN, COMMIT, pragmas, the
 * migrations themselves). */
static bd_status exec(const store *s, const char *sql, const char *what, bd_err *e)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    bd_status status = BD_OK;
    if (rc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_IOERR && sqlite3_system_errno(s->db) == ENOSPC)
            rc = SQLITE_FULL;
        status = fail_with(s->path, rc, msg ? msg : sqlite3_errmsg(s->db), what, e);
    }
    sqlite3_free(msg);
    return status;
}

/* ---- Opening ------------------------------------------------------------ */

int store_schema_latest(void)
{
    return store_migrations_count > 0 ? store_migrations[store_migrations_count - 1].version
                                      : 0;
}

/* True when the meta table says application=bizdesk.  A missing meta table
 * is "not ours", not an error. */
static bd_status is_ours(const store *s, bool *ours, bd_err *e)
{
    sqlite3_stmt *st;
    *ours = false;
    int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL);
    if ((rc & 0xff) == SQLITE_ERROR) { /* no such table */
        sqlite3_finalize(st);
        return BD_OK;
    }
    if (rc != SQLITE_OK) {
        bd_status status = store_fail(s, rc, e, "reading the settings");
        sqlite3_finalize(st);
        return status;
    }
    bd_status status = BD_OK;
    rc = store_bind_text(st, 1, "application");
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        *ours = v && strcmp((const char *)v, "bizdesk") == 0;
    } else if (rc != SQLITE_DONE) {
        status = store_fail(s, rc, e, "reading the settings");
    }
    sqlite3_finalize(st);
    return status;
}

/* Decide whether the file is ours, and at which schema version, before
 * anything writes to it: a foreign or newer file is left exactly as it was. */
static bd_status check_file(const store *s, bool created, int64_t *version, bd_err *e)
{
    bd_status st = store_query_int(s, "PRAGMA user_version", version, e);
    if (st != BD_OK)
        return st;
    if (*version == 0 && created)
        return BD_OK;
    if (*version == 0) {
        int64_t n;
        st = store_query_int(s, "SELECT count(*) FROM sqlite_master", &n, e);
        if (st != BD_OK)
            return st;
        if (n > 0)
            return bd_errf(e, BD_ERR_DB,
                           "%s: not a bizdesk database (it holds another program's tables)",
                           s->path);
        /* An empty file: never turn it into a database behind the
         * person's back; `bizdesk init` creates one on purpose. */
        return bd_errf(e, BD_ERR_DB,
                       "%s: not a bizdesk database (the file is empty; "
                       "create a database with `bizdesk init`)",
                       s->path);
    }
    bool ours;
    if ((st = is_ours(s, &ours, e)) != BD_OK)
        return st;
    if (!ours)
        return bd_errf(e, BD_ERR_DB, "%s: not a bizdesk database", s->path);
    if (*version > store_schema_latest())
        return bd_errf(e, BD_ERR_VERSION,
                       "%s: made by a newer bizdesk (schema %lld, this build knows %d); "
                       "upgrade bizdesk",
                       s->path, (long long)*version, store_schema_latest());
    return BD_OK;
}

static bd_status configure(const store *s, bool created, bd_err *e)
{
    /* 8 KiB pages for a database bizdesk creates (before WAL fixes the
     * size): measured on a million-lead import (make bench) 31.1 s with
     * 4 KiB pages, 28.4 s with 8 KiB, with the list and search queries as
     * fast; 16 KiB imported a little faster again but searched 10% slower.
     * An older database keeps the size it was made with. */
    if (created) {
        bd_status status = exec(s, "PRAGMA page_size = 8192", "setting the page size", e);
        if (status != BD_OK)
            return status;
    }
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "PRAGMA journal_mode = WAL", &st, e);
    if (status != BD_OK)
        return status;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *mode = sqlite3_column_text(st, 0);
        if (!mode || strcasecmp((const char *)mode, "wal") != 0)
            status = bd_errf(e, BD_ERR_DB,
                             "%s: cannot use write-ahead logging (journal mode stays '%s'); "
                             "bizdesk needs a local file system",
                             s->path, mode ? (const char *)mode : "?");
    } else {
        status = store_fail(s, rc == SQLITE_DONE ? SQLITE_ERROR : rc, e,
                            "setting the journal mode");
    }
    sqlite3_finalize(st);
    if (status == BD_OK)
        status = exec(s, "PRAGMA synchronous = FULL", "setting synchronous", e);
    /* Off while migrating: a migration that rebuilds a table must be able
     * to drop and recreate it; run_migration checks references itself. */
    if (status == BD_OK)
        status = exec(s, "PRAGMA foreign_keys = OFF", "setting foreign keys", e);
    return status;
}

/* The rows a migration left pointing at nothing, if any: named in e. */
static bd_status check_references(const store *s, const char *name, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "PRAGMA foreign_key_check", &st, e);
    if (status != BD_OK)
        return status;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *table = sqlite3_column_text(st, 0);
        status = bd_errf(e, BD_ERR_DB,
                         "%s: migration %s: rows of %s refer to rows that do not exist",
                         s->path, name, table ? (const char *)table : "?");
    } else if (rc != SQLITE_DONE) {
        status = store_fail(s, rc, e, "migration %s: checking references", name);
    }
    sqlite3_finalize(st);
    return status;
}

static bd_status mark_ours(const store *s, const char *name, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "INSERT INTO meta(key, value) VALUES (?1, ?2)", &st, e);
    if (status != BD_OK)
        return status;
    int rc = store_bind_text(st, 1, "application");
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 2, "bizdesk");
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "migration %s: marking the file as bizdesk's", name);
    sqlite3_finalize(st);
    return status;
}

/* One migration in one transaction: its SQL, the application mark (on a
 * file we created), the new user_version, a reference check. */
static bd_status run_migration(const store *s, const struct store_migration *m, bool created,
                               bd_err *e)
{
    char what[256];
    snprintf(what, sizeof what, "migration %s", m->name);
    bd_status st = exec(s, "BEGIN IMMEDIATE", what, e);
    if (st != BD_OK)
        return st;
    /* Another bizdesk may have migrated while we waited for the lock. */
    int64_t cur;
    st = store_query_int(s, "PRAGMA user_version", &cur, e);
    if (st == BD_OK && cur >= m->version)
        return exec(s, "COMMIT", what, e);
    if (st == BD_OK && cur != m->version - 1)
        st = bd_errf(e, BD_ERR_DB, "%s: %s: the schema is at version %lld, expected %d",
                     s->path, what, (long long)cur, m->version - 1);
    if (st == BD_OK)
        st = exec(s, m->sql, what, e);
    if (st == BD_OK && m->version == 1 && created)
        st = mark_ours(s, m->name, e);
    if (st == BD_OK) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", m->version);
        st = exec(s, sql, what, e);
    }
    if (st == BD_OK)
        st = check_references(s, m->name, e);
    if (st == BD_OK)
        st = exec(s, "COMMIT", what, e);
    if (st != BD_OK && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static bd_status migrate(const store *s, int64_t from, bool created, bd_err *e)
{
    for (int i = 0; i < store_migrations_count; i++) {
        const struct store_migration *m = &store_migrations[i];
        if (m->version <= from)
            continue;
        bd_status st = run_migration(s, m, created, e);
        if (st != BD_OK)
            return st;
    }
    return BD_OK;
}

static bd_status foreign_keys_on(const store *s, bd_err *e)
{
    bd_status st = exec(s, "PRAGMA foreign_keys = ON", "turning on foreign keys", e);
    int64_t on = 0;
    if (st == BD_OK)
        st = store_query_int(s, "PRAGMA foreign_keys", &on, e);
    if (st == BD_OK && on != 1)
        st = bd_errf(e, BD_ERR_DB, "%s: this SQLite cannot enforce foreign keys", s->path);
    return st;
}

/* Remove a file we created and everything SQLite put beside it. */
static void remove_created(const char *path)
{
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        char *p = bd_xasprintf("%s%s", path, sides[i]);
        unlink(p);
        free(p);
    }
}

/* Make the file exist, exclusively, so two `bizdesk init` runs cannot
 * both believe they created it. */
static bd_status create_file(const char *path, bd_err *e)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
        close(fd);
        return BD_OK;
    }
    if (errno == EEXIST)
        return bd_errf(e, BD_ERR_INVALID,
                       "%s already exists; bizdesk never overwrites a database "
                       "(remove it or choose another path)",
                       path);
    return bd_errf(e, BD_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
}

static bd_status check_exists(const char *path, bd_err *e)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return bd_errf(e, BD_ERR_NOTFOUND,
                           "%s: no database here; create one with "
                           "`bizdesk init --admin LOGIN` (or `bizdesk init --demo`)",
                           path);
        return bd_errf(e, BD_ERR_IO, "%s: %s", path, strerror(errno));
    }
    if (!S_ISREG(sb.st_mode))
        return bd_errf(e, BD_ERR_IO, "%s: not a regular file", path);
    return BD_OK;
}

/* SQLite's WAL needs every process on one host (src/core/fs.c): refuse a
 * database on a network filesystem.  The file itself is asked when it
 * exists (it may be a symlink to elsewhere), else its folder. */
static bd_status check_local(const char *path, bd_err *e)
{
    struct statfs sf;
    int rc = statfs(path, &sf);
    if (rc != 0) {
        char *dir = bd_xstrdup(path);
        char *slash = strrchr(dir, '/');
        if (!slash)
            strcpy(dir, ".");
        else if (slash == dir)
            dir[1] = '\0';
        else
            *slash = '\0';
        rc = statfs(dir, &sf);
        free(dir);
    }
    if (rc != 0)
        return BD_OK; /* cannot tell: opening will say what is wrong */
    const char *net = bd_fs_network_name((uint64_t)sf.f_type);
    if (net)
        return bd_errf(e, BD_ERR_DB,
                       "%s is on a network filesystem (%s): SQLite's write-ahead log needs "
                       "the database on a disk of this host; move it to a local folder",
                       path, net);
    return BD_OK;
}

bd_status store_open(const char *path, int flags, int busy_ms, store **out, bd_err *e)
{
    *out = NULL;
    if (!path || !*path)
        return bd_errf(e, BD_ERR_USAGE, "no database path given");
    bool create = flags & STORE_CREATE;
    bd_status st = check_local(path, e);
    if (st != BD_OK)
        return st;
    st = create ? create_file(path, e) : check_exists(path, e);
    if (st != BD_OK)
        return st;

    store *s = bd_xcalloc(1, sizeof *s);
    s->path = bd_xstrdup(path);
    /* A relative name such as ":memory:" or "file:x" means something
     * special to SQLite; "./" makes it the plain file it is. */
    char *name = path[0] == '/' ? bd_xstrdup(path) : bd_xasprintf("./%s", path);
    int rc = sqlite3_open_v2(name, &s->db, SQLITE_OPEN_READWRITE, NULL);
    free(name);
    int64_t version = 0;
    if (rc != SQLITE_OK) {
        st = store_fail(s, rc, e, "cannot open");
    } else {
        sqlite3_extended_result_codes(s->db, 1);
        sqlite3_busy_timeout(s->db, busy_ms > 0 ? busy_ms : 0);
        /* SQLite quietly opens a write-protected file read-only; every
         * change would then fail late, so say it now. */
        if (sqlite3_db_readonly(s->db, "main") == 1)
            st = bd_errf(e, BD_ERR_IO, "%s: no permission to write to the database", path);
    }
    if (st == BD_OK)
        st = check_file(s, create, &version, e);
    if (st == BD_OK)
        st = configure(s, create, e);
    if (st == BD_OK)
        st = migrate(s, version, create, e);
    if (st == BD_OK)
        st = foreign_keys_on(s, e);
    if (st == BD_OK)
        st = store_search_init(s, e);
    if (st != BD_OK) {
        sqlite3_close_v2(s->db);
        if (create)
            remove_created(path);
        free(s->path);
        free(s);
        return st;
    }
    *out = s;
    return BD_OK;
}

void store_close(store **s)
{
    if (!s || !*s)
        return;
    for (int i = 0; i < SLOT_COUNT; i++)
        sqlite3_finalize((*s)->cached[i]);
    sqlite3_close_v2((*s)->db);
    free((*s)->path);
    free(*s);
    *s = NULL;
}

const char *store_path(const store *s)
{
    return s->path;
}

/* ---- Transactions ------------------------------------------------------- */

bd_status store_begin(store *s, bd_err *e)
{
    return exec(s, "BEGIN IMMEDIATE", "starting a change", e);
}

bd_status store_commit(store *s, bd_err *e)
{
    return exec(s, "COMMIT", "saving the change", e);
}

void store_rollback(store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

bd_status store_data_version(store *s, int64_t *out, bd_err *e)
{
    return store_query_int(s, "PRAGMA data_version", out, e);
}

/* ---- Settings ----------------------------------------------------------- */

bd_status store_meta_get(store *s, const char *key, char *buf, size_t n, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "SELECT value FROM meta WHERE key = ?1", &st, e);
    if (status != BD_OK)
        return status;
    int rc = store_bind_text(st, 1, key);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        if (!bd_strlcpy(buf, v ? (const char *)v : "", n))
            status = bd_errf(e, BD_ERR_INVALID, "%s: setting '%s' is longer than %zu bytes",
                             s->path, key, n ? n - 1 : 0);
    } else if (rc == SQLITE_DONE) {
        status = bd_errf(e, BD_ERR_NOTFOUND, "%s: no setting '%s'", s->path, key);
    } else {
        status = store_fail(s, rc, e, "reading setting '%s'", key);
    }
    sqlite3_finalize(st);
    return status;
}

bd_status store_meta_set(store *s, const char *key, const char *value, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
                                     "INSERT INTO meta(key, value) VALUES (?1, ?2) "
                                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                     &st, e);
    if (status != BD_OK)
        return status;
    int rc = store_bind_text(st, 1, key);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 2, value);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "saving setting '%s'", key);
    sqlite3_finalize(st);
    return status;
}

bd_status store_integrity_check(store *s, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "PRAGMA integrity_check", &st, e);
    if (status != BD_OK)
        return status;
    char first[512] = "";
    int problems = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        const char *line = v ? (const char *)v : "";
        if (strcmp(line, "ok") == 0)
            continue;
        if (problems++ == 0)
            bd_strlcpy(first, line, sizeof first);
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "checking integrity");
    else if (problems > 0)
        status = bd_errf(e, BD_ERR_DB, "%s: integrity check failed: %s%s", s->path, first,
                         problems > 1 ? " (and more)" : "");
    sqlite3_finalize(st);
    return status;
}
