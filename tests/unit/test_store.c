/* The store on a real temporary SQLite file: opening and recognising files,
 * users with optimistic updates and keyset pages, the audit trail, settings
 * and locks.  A second raw connection plays "another program". */
#include <sqlite3.h>
#include <sys/stat.h>

#include "unit.h"
#include "unit_store.h"

#include "store.h"

/* ---- Helpers -------------------------------------------------------------- */

typedef struct fx {
    char *dir;
    char *path;
    store *s;
} fx;

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    return db;
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
    sqlite3_free(msg);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* sqlite3_exec that is expected to fail; returns the message (caller frees). */
static char *raw_exec_fails(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    assert_int_not_equal(rc, SQLITE_OK);
    char *copy = strdup(msg ? msg : "");
    sqlite3_free(msg);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    return copy;
}

/* Caller frees. */
static char *raw_text(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    return v;
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 65536);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = unit_tmpdir();
    f->path = bd_xasprintf("%s/bizdesk.db", f->dir);
    bd_err e = {0};
    assert_int_equal(store_open(f->path, STORE_CREATE, 2000, &f->s, &e), BD_OK);
    assert_non_null(f->s);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    store_close(&f->s);
    assert_null(f->s);
    unit_tmpdir_free(f->dir);
    free(f->path);
    free(f);
    return 0;
}

static const char T0[] = "2026-11-24T09:30:00Z";
static const char T1[] = "2026-11-25T10:00:00Z";

static store_user make_user(store *s, const char *login, const char *name, int64_t manager_id,
                            bool active)
{
    store_user u = {.active = active, .manager_id = manager_id};
    bd_strlcpy(u.login, login, sizeof u.login);
    bd_strlcpy(u.name, name, sizeof u.name);
    bd_strlcpy(u.department, "sales", sizeof u.department);
    bd_strlcpy(u.role, "rep", sizeof u.role);
    bd_strlcpy(u.created_at, T0, sizeof u.created_at);
    bd_strlcpy(u.updated_at, T0, sizeof u.updated_at);
    bd_err e = {0};
    bd_status st = store_user_insert(s, &u, &e);
    if (st != BD_OK)
        fail_msg("insert %s: %s", login, e.msg);
    assert_true(u.id > 0);
    assert_int_equal(u.version, 1);
    return u;
}

/* ---- Opening ---------------------------------------------------------------- */

static void test_create_and_reopen(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char *path = bd_xasprintf("%s/new.db", dir);
    store *s = NULL;
    bd_err e = {0};
    assert_true(store_schema_latest() >= 1);
    assert_int_equal(store_open(path, STORE_CREATE, 1000, &s, &e), BD_OK);
    assert_non_null(s);
    assert_string_equal(store_path(s), path);
    char app[32];
    assert_int_equal(store_meta_get(s, "application", app, sizeof app, &e), BD_OK);
    assert_string_equal(app, "bizdesk");
    assert_int_equal(store_integrity_check(s, &e), BD_OK);
    store_close(&s);
    assert_null(s);
    store_close(&s); /* twice is harmless */

    assert_int_equal(unit_raw_int(path, "PRAGMA user_version"), store_schema_latest());
    assert_int_equal(unit_raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'users'"), 1);

    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_OK);
    int64_t n = -1;
    assert_int_equal(store_user_count(s, &n, &e), BD_OK);
    assert_int_equal(n, 0);
    store_close(&s);
    free(path);
    unit_tmpdir_free(dir);
}

static void test_create_refuses_existing(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char *path = unit_write(dir, "taken.db", "keep me");
    store *s = NULL;
    bd_err e = {0};
    assert_int_equal(store_open(path, STORE_CREATE, 1000, &s, &e), BD_ERR_INVALID);
    assert_null(s);
    assert_non_null(strstr(e.msg, path));
    assert_non_null(strstr(e.msg, "already exists"));
    char *text = read_all(path);
    assert_string_equal(text, "keep me");
    free(text);

    /* A real bizdesk database is not overwritten either. */
    char *db = bd_xasprintf("%s/real.db", dir);
    assert_int_equal(store_open(db, STORE_CREATE, 1000, &s, &e), BD_OK);
    store_close(&s);
    assert_int_equal(store_open(db, STORE_CREATE, 1000, &s, &e), BD_ERR_INVALID);
    assert_null(s);
    assert_int_equal(unit_raw_int(db, "PRAGMA user_version"), store_schema_latest());
    free(db);
    free(path);
    unit_tmpdir_free(dir);
}

static void test_missing_refused(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char *path = bd_xasprintf("%s/nothing.db", dir);
    store *s = NULL;
    bd_err e = {0};
    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_ERR_NOTFOUND);
    assert_null(s);
    assert_non_null(strstr(e.msg, path));
    assert_non_null(strstr(e.msg, "bizdesk init"));
    assert_false(exists(path));
    free(path);

    /* A missing folder is the same. */
    path = bd_xasprintf("%s/no/such/dir.db", dir);
    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, path));
    free(path);
    unit_tmpdir_free(dir);
}

static void test_newer_version_refused(void **state)
{
    fx *f = *state;
    store_close(&f->s);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_schema_latest() + 1);
    raw_exec(f->path, sql);
    bd_err e = {0};
    assert_int_equal(store_open(f->path, 0, 1000, &f->s, &e), BD_ERR_VERSION);
    assert_null(f->s);
    assert_non_null(strstr(e.msg, f->path));
    assert_non_null(strstr(e.msg, "made by a newer bizdesk"));
    char want[64];
    snprintf(want, sizeof want, "schema %d", store_schema_latest() + 1);
    assert_non_null(strstr(e.msg, want));
    /* Left exactly as it was. */
    assert_int_equal(unit_raw_int(f->path, "PRAGMA user_version"), store_schema_latest() + 1);
}

static void test_not_a_database(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char junk[4097];
    for (size_t i = 0; i < sizeof junk - 1; i++)
        junk[i] = (char)('a' + (i * 7) % 26);
    junk[sizeof junk - 1] = '\0';
    char *path = unit_write(dir, "junk.db", junk);
    store *s = NULL;
    bd_err e = {0};
    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_ERR_DB);
    assert_null(s);
    assert_non_null(strstr(e.msg, path));
    assert_non_null(strstr(e.msg, "not a bizdesk database"));
    char *text = read_all(path);
    assert_string_equal(text, junk);
    free(text);
    free(path);

    /* An empty file is not silently turned into a database. */
    path = unit_write(dir, "empty.db", "");
    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_ERR_DB);
    assert_non_null(strstr(e.msg, "not a bizdesk database"));
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    free(path);

    /* Neither is a directory. */
    assert_int_not_equal(store_open(dir, 0, 1000, &s, &e), BD_OK);
    assert_null(s);
    unit_tmpdir_free(dir);
}

static void test_foreign_sqlite_refused(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    store *s = NULL;
    bd_err e = {0};

    /* Another program's tables, user_version 0. */
    char *path = bd_xasprintf("%s/other.db", dir);
    raw_exec(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_ERR_DB);
    assert_null(s);
    assert_non_null(strstr(e.msg, path));
    assert_non_null(strstr(e.msg, "not a bizdesk database"));
    assert_int_equal(unit_raw_int(path, "SELECT count(*) FROM sqlite_master"), 1);
    char *mode = raw_text(path, "PRAGMA journal_mode");
    assert_string_equal(mode, "delete"); /* not switched to WAL */
    free(mode);
    free(path);

    /* A user_version but no meta table. */
    path = bd_xasprintf("%s/versioned.db", dir);
    raw_exec(path, "CREATE TABLE t(x); PRAGMA user_version = 1;");
    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_ERR_DB);
    assert_non_null(strstr(e.msg, "not a bizdesk database"));
    free(path);

    /* A meta table that names another application. */
    path = bd_xasprintf("%s/meta.db", dir);
    raw_exec(path, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
                   "INSERT INTO meta VALUES ('application', 'other');"
                   "PRAGMA user_version = 1;");
    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_ERR_DB);
    assert_non_null(strstr(e.msg, "not a bizdesk database"));
    free(path);

    /* Even with a newer-looking version, a foreign file is called foreign. */
    path = bd_xasprintf("%s/high.db", dir);
    raw_exec(path, "CREATE TABLE t(x); PRAGMA user_version = 999;");
    assert_int_equal(store_open(path, 0, 1000, &s, &e), BD_ERR_DB);
    assert_non_null(strstr(e.msg, "not a bizdesk database"));
    free(path);
    unit_tmpdir_free(dir);
}

/* Names SQLite treats specially are plain files to bizdesk. */
static void test_relative_special_names(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char old[4096];
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(dir), 0);
    store *s = NULL;
    bd_err e = {0};
    assert_int_equal(store_open("file:x.db", STORE_CREATE, 1000, &s, &e), BD_OK);
    assert_non_null(s);
    store_close(&s);
    assert_true(exists("file:x.db"));
    assert_int_equal(store_open(":memory:", STORE_CREATE, 1000, &s, &e), BD_OK);
    store_close(&s);
    assert_true(exists(":memory:"));
    assert_int_equal(store_open(":memory:", 0, 1000, &s, &e), BD_OK);
    store_close(&s);
    assert_int_equal(chdir(old), 0);
    unit_tmpdir_free(dir);
}

static void test_wal_and_foreign_keys(void **state)
{
    fx *f = *state;
    char *mode = raw_text(f->path, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    /* Foreign keys are enforced on the store's connection. */
    store_user u = {.active = true, .manager_id = 9999};
    bd_strlcpy(u.login, "orphan", sizeof u.login);
    bd_strlcpy(u.name, "Orphan", sizeof u.name);
    bd_strlcpy(u.department, "sales", sizeof u.department);
    bd_strlcpy(u.role, "rep", sizeof u.role);
    bd_err e = {0};
    assert_int_equal(store_user_insert(f->s, &u, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "manager"));
    int64_t n = -1;
    assert_int_equal(store_user_count(f->s, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

/* ---- Users ---------------------------------------------------------------- */

static void test_user_insert_get_update(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_user alice = make_user(f->s, "alice", "Alice Liddell", 0, true);
    store_user bob = make_user(f->s, "bob", "鮑勃", alice.id, true);
    assert_string_equal(bob.manager_login, "alice"); /* filled on insert too */

    store_user got;
    assert_int_equal(store_user_by_login(f->s, "bob", &got, &e), BD_OK);
    assert_int_equal(got.id, bob.id);
    assert_string_equal(got.name, "鮑勃");
    assert_string_equal(got.department, "sales");
    assert_string_equal(got.role, "rep");
    assert_int_equal(got.manager_id, alice.id);
    assert_string_equal(got.manager_login, "alice");
    assert_true(got.active);
    assert_string_equal(got.created_at, T0);
    assert_string_equal(got.updated_at, T0);
    assert_int_equal(got.version, 1);

    assert_int_equal(store_user_by_id(f->s, alice.id, &got, &e), BD_OK);
    assert_string_equal(got.login, "alice");
    assert_int_equal(got.manager_id, 0);
    assert_string_equal(got.manager_login, "");

    assert_int_equal(store_user_by_login(f->s, "nobody", &got, &e), BD_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "nobody"));
    assert_int_equal(store_user_by_id(f->s, 424242, &got, &e), BD_ERR_NOTFOUND);

    /* An update bumps the version; a copy holding the old one is refused. */
    store_user stale = bob;
    store_user u = bob;
    bd_strlcpy(u.name, "Bob Builder", sizeof u.name);
    bd_strlcpy(u.role, "supervisor", sizeof u.role);
    bd_strlcpy(u.updated_at, T1, sizeof u.updated_at);
    u.manager_id = 0;
    u.active = false;
    assert_int_equal(store_user_update(f->s, &u, &e), BD_OK);
    assert_int_equal(u.version, 2);
    assert_string_equal(u.manager_login, "");
    assert_int_equal(store_user_by_login(f->s, "bob", &got, &e), BD_OK);
    assert_string_equal(got.name, "Bob Builder");
    assert_string_equal(got.role, "supervisor");
    assert_int_equal(got.manager_id, 0);
    assert_false(got.active);
    assert_string_equal(got.created_at, T0);
    assert_string_equal(got.updated_at, T1);
    assert_int_equal(got.version, 2);

    bd_strlcpy(stale.name, "Lost Update", sizeof stale.name);
    assert_int_equal(store_user_update(f->s, &stale, &e), BD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "someone else"));
    assert_int_equal(stale.version, 1);
    assert_int_equal(store_user_by_login(f->s, "bob", &got, &e), BD_OK);
    assert_string_equal(got.name, "Bob Builder");
    assert_int_equal(got.version, 2);

    /* A manager set by update is read back with its login. */
    got.manager_id = alice.id;
    assert_int_equal(store_user_update(f->s, &got, &e), BD_OK);
    assert_string_equal(got.manager_login, "alice");
    assert_int_equal(got.version, 3);

    /* Nobody manages themselves (schema CHECK). */
    store_user self = got;
    self.manager_id = self.id;
    assert_int_equal(store_user_update(f->s, &self, &e), BD_ERR_INVALID);

    int64_t n = 0;
    assert_int_equal(store_user_count(f->s, &n, &e), BD_OK);
    assert_int_equal(n, 2);
}

static void test_user_timestamp_fallback(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_user u = {.active = true};
    bd_strlcpy(u.login, "carol", sizeof u.login);
    bd_strlcpy(u.name, "Carol", sizeof u.name);
    bd_strlcpy(u.department, "sales", sizeof u.department);
    bd_strlcpy(u.role, "rep", sizeof u.role);
    assert_int_equal(store_user_insert(f->s, &u, &e), BD_OK);
    assert_int_equal(strlen(u.created_at), 20);
    assert_int_equal(u.created_at[10], 'T');
    assert_int_equal(u.created_at[19], 'Z');
    assert_string_equal(u.created_at, u.updated_at);
    store_user got;
    assert_int_equal(store_user_by_login(f->s, "carol", &got, &e), BD_OK);
    assert_string_equal(got.created_at, u.created_at);
}

static void test_duplicate_login(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    make_user(f->s, "alice", "Alice", 0, true);
    store_user u = {.active = true};
    bd_strlcpy(u.login, "alice", sizeof u.login);
    bd_strlcpy(u.name, "Another Alice", sizeof u.name);
    bd_strlcpy(u.department, "sales", sizeof u.department);
    bd_strlcpy(u.role, "rep", sizeof u.role);
    assert_int_equal(store_user_insert(f->s, &u, &e), BD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "login 'alice' is taken"));
    int64_t n = 0;
    assert_int_equal(store_user_count(f->s, &n, &e), BD_OK);
    assert_int_equal(n, 1);

    /* Renaming onto a taken login is the same conflict. */
    store_user b = make_user(f->s, "bob", "Bob", 0, true);
    bd_strlcpy(b.login, "alice", sizeof b.login);
    assert_int_equal(store_user_update(f->s, &b, &e), BD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "taken"));
}

/* 25 users user01..user25; user05 and user17 inactive; CJK names. */
static const char *const page_names[25] = {
    "張偉",      "Tom Baker", "李娜",      "陳靜",     "王芳",     "Tommy Lee", "黃磊",
    "趙敏",      "孫麗 Sun",  "陳小明",    "Ann_50%",  "Bob",      "劉洋",      "楊帆",
    "吳軍",      "周杰",      "徐静蕾",    "朱婷",     "Zoe",      "高圓圓",    "林青霞",
    "何炅",      "馬雲",      "羅志祥",    "Émile",
};

static void seed_page_users(store *s)
{
    assert_int_equal(store_begin(s, NULL), BD_OK);
    for (int i = 0; i < 25; i++) {
        char login[32];
        snprintf(login, sizeof login, "user%02d", i + 1);
        make_user(s, login, page_names[i], 0, i + 1 != 5 && i + 1 != 17);
    }
    assert_int_equal(store_commit(s, NULL), BD_OK);
}

static void assert_logins(const store_user *rows, int n, const char *const *want, int nwant)
{
    assert_int_equal(n, nwant);
    for (int i = 0; i < n; i++)
        assert_string_equal(rows[i].login, want[i]);
}

static void test_user_paging(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    seed_page_users(f->s);
    store_user rows[30];
    int n = -1;

    /* Forward through everyone, 10 at a time: 10, 10, 5, then nothing. */
    store_user_query q = {.include_inactive = true, .limit = 10};
    char last[33] = "";
    int total = 0, pages = 0;
    for (;;) {
        q.after = last[0] ? last : NULL;
        assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
        for (int i = 0; i < n; i++) {
            char want[32];
            snprintf(want, sizeof want, "user%02d", total + i + 1);
            assert_string_equal(rows[i].login, want);
            assert_string_equal(rows[i].name, page_names[total + i]);
        }
        total += n;
        pages++;
        if (n < q.limit)
            break;
        bd_strlcpy(last, rows[n - 1].login, sizeof last);
    }
    assert_int_equal(total, 25);
    assert_int_equal(pages, 3);

    /* Active only: user05 and user17 are left out. */
    q = (store_user_query){.limit = 30};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 23);
    for (int i = 0; i < n; i++) {
        assert_string_not_equal(rows[i].login, "user05");
        assert_string_not_equal(rows[i].login, "user17");
        assert_true(rows[i].active);
    }

    /* Backward from a key: the rows just before it, in ascending order. */
    q = (store_user_query){.before = "user11", .limit = 3, .include_inactive = true};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user08", "user09", "user10"}, 3);
    q = (store_user_query){.before = "user07", .limit = 3};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user03", "user04", "user06"}, 3);
    q = (store_user_query){.before = "user02", .limit = 5};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user01"}, 1);
    q = (store_user_query){.before = "user01", .limit = 5};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0);

    /* The last page. */
    q = (store_user_query){.from_end = true, .limit = 4};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user22", "user23", "user24", "user25"}, 4);
    q = (store_user_query){.from_end = true, .limit = 10, .filter = "user1"};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 9); /* user10..user19 without user17 */
    assert_string_equal(rows[0].login, "user10");
    assert_string_equal(rows[8].login, "user19");

    q = (store_user_query){.after = "user25", .limit = 5};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0);

    /* Filters: a CJK substring of the name, a login substring, ASCII
     * letters in either case, LIKE's own characters taken literally. */
    q = (store_user_query){.filter = "陳", .limit = 30};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user04", "user10"}, 2);
    q = (store_user_query){.filter = "tom", .limit = 30};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user02", "user06"}, 2);
    q = (store_user_query){.filter = "%", .limit = 30};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user11"}, 1);
    q = (store_user_query){.filter = "_5", .limit = 30};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user11"}, 1);
    q = (store_user_query){.filter = "徐静", .limit = 30};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0); /* user17 is inactive */
    q.include_inactive = true;
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user17"}, 1);
    /* Filter and keyset together. */
    q = (store_user_query){.filter = "user2", .after = "user21", .limit = 2};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_logins(rows, n, (const char *const[]){"user22", "user23"}, 2);

    q = (store_user_query){.limit = 0};
    assert_int_equal(store_user_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

static void test_reports_to(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_user a = make_user(f->s, "a", "A", 0, true);
    store_user b = make_user(f->s, "b", "B", a.id, true);
    store_user c = make_user(f->s, "c", "C", b.id, true);
    store_user d = make_user(f->s, "d", "D", 0, true);
    bool r = false;
    assert_int_equal(store_user_reports_to(f->s, c.id, a.id, &r, &e), BD_OK);
    assert_true(r);
    assert_int_equal(store_user_reports_to(f->s, c.id, b.id, &r, &e), BD_OK);
    assert_true(r);
    assert_int_equal(store_user_reports_to(f->s, a.id, a.id, &r, &e), BD_OK);
    assert_true(r);
    assert_int_equal(store_user_reports_to(f->s, a.id, c.id, &r, &e), BD_OK);
    assert_false(r);
    assert_int_equal(store_user_reports_to(f->s, d.id, a.id, &r, &e), BD_OK);
    assert_false(r);

    /* A loop already in the data (the store does not refuse it: app does)
     * must not make the walk run forever. */
    a.manager_id = c.id;
    assert_int_equal(store_user_update(f->s, &a, &e), BD_OK);
    assert_int_equal(store_user_reports_to(f->s, a.id, d.id, &r, &e), BD_OK);
    assert_false(r);
    assert_int_equal(store_user_reports_to(f->s, a.id, b.id, &r, &e), BD_OK);
    assert_true(r);
}

/* ---- Audit ---------------------------------------------------------------- */

typedef struct seen {
    int n;
    int stop_after;
    int64_t ids[16];
    char actor[16][16];
    bool on_behalf_null[16];
    bool before_null[16];
    char hash[16][65];
    char prev[16][65];
} seen;

static int collect(void *ctx, const bd_audit_row *r, const char *hash)
{
    seen *s = ctx;
    assert_true(s->n < 16);
    s->ids[s->n] = r->id;
    bd_strlcpy(s->actor[s->n], r->actor, sizeof s->actor[0]);
    s->on_behalf_null[s->n] = r->on_behalf == NULL;
    s->before_null[s->n] = r->before == NULL;
    bd_strlcpy(s->hash[s->n], hash, sizeof s->hash[0]);
    bd_strlcpy(s->prev[s->n], r->prev_hash, sizeof s->prev[0]);
    s->n++;
    return s->stop_after && s->n >= s->stop_after;
}

static void audit_add(store *s, int64_t id, const char *actor, const char *on_behalf,
                      const char *entity, int64_t entity_id, const char *before)
{
    char prev[65], hash[65];
    int64_t last = -1;
    bd_err e = {0};
    assert_int_equal(store_audit_tail(s, &last, prev, &e), BD_OK);
    snprintf(hash, sizeof hash, "hash-%lld", (long long)id);
    bd_audit_row r = {
        .id = id,
        .at = T0,
        .actor = actor,
        .on_behalf = on_behalf,
        .entity = entity,
        .entity_id = entity_id,
        .action = before ? "update" : "create",
        .before = before,
        .after = "{\"name\":\"張偉\"}",
        .prev_hash = prev,
    };
    bd_status st = store_audit_insert(s, &r, hash, &e);
    if (st != BD_OK)
        fail_msg("audit insert %lld: %s", (long long)id, e.msg);
}

static void run_audit(store *s, store_audit_query q, seen *out)
{
    bd_err e = {0};
    int stop = out->stop_after;
    memset(out, 0, sizeof *out);
    out->stop_after = stop;
    assert_int_equal(store_audit_each(s, &q, collect, out, &e), BD_OK);
}

static void test_audit(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t last = -1;
    char hash[65] = "x";
    assert_int_equal(store_audit_tail(f->s, &last, hash, &e), BD_OK);
    assert_int_equal(last, 0);
    assert_string_equal(hash, "");

    audit_add(f->s, 1, "admin", NULL, "user", 1, NULL);
    audit_add(f->s, 2, "admin", NULL, "user", 2, NULL);
    audit_add(f->s, 3, "li.na", "zhang.wei", "user", 1, "{}");
    audit_add(f->s, 4, "li.na", NULL, "contract", 1, NULL);
    audit_add(f->s, 5, "admin", NULL, "user", 1, "{}");
    assert_int_equal(store_audit_tail(f->s, &last, hash, &e), BD_OK);
    assert_int_equal(last, 5);
    assert_string_equal(hash, "hash-5");

    seen s = {0};
    run_audit(f->s, (store_audit_query){0}, &s);
    assert_int_equal(s.n, 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(s.ids[i], i + 1);
        char want[32];
        snprintf(want, sizeof want, "hash-%d", i + 1);
        assert_string_equal(s.hash[i], want);
    }
    assert_string_equal(s.prev[0], "");
    assert_string_equal(s.prev[1], "hash-1");
    assert_true(s.on_behalf_null[0]);
    assert_false(s.on_behalf_null[2]);
    assert_true(s.before_null[0]);
    assert_false(s.before_null[2]);

    run_audit(f->s, (store_audit_query){.newest_first = true, .limit = 2}, &s);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.ids[0], 5);
    assert_int_equal(s.ids[1], 4);

    run_audit(f->s, (store_audit_query){.entity = "user", .entity_id = 1}, &s);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.ids[0], 1);
    assert_int_equal(s.ids[1], 3);
    assert_int_equal(s.ids[2], 5);

    run_audit(f->s, (store_audit_query){.entity = "contract"}, &s);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], 4);

    run_audit(f->s, (store_audit_query){.actor = "li.na"}, &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.actor[0], "li.na");
    assert_int_equal(s.ids[1], 4);

    run_audit(f->s, (store_audit_query){.after_id = 3}, &s);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.ids[0], 4);

    run_audit(f->s, (store_audit_query){.entity_id = 2}, &s);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], 2);

    /* The callback stops the stream. */
    s.stop_after = 2;
    run_audit(f->s, (store_audit_query){0}, &s);
    assert_int_equal(s.n, 2);
    s.stop_after = 0;

    /* An id that exists is a conflict; id 0 lets SQLite choose. */
    bd_audit_row r = {.at = T0, .actor = "x", .entity = "user", .entity_id = 1,
                      .action = "create", .prev_hash = "hash-5", .id = 3};
    assert_int_equal(store_audit_insert(f->s, &r, "dup", &e), BD_ERR_CONFLICT);
    r.id = 0;
    assert_int_equal(store_audit_insert(f->s, &r, "hash-6", &e), BD_OK);
    assert_int_equal(store_audit_tail(f->s, &last, hash, &e), BD_OK);
    assert_int_equal(last, 6);
    assert_string_equal(hash, "hash-6");

    /* Append-only: the database itself refuses changes and removals. */
    char *msg = raw_exec_fails(f->path, "UPDATE audit SET actor = 'mallory' WHERE id = 3");
    assert_non_null(strstr(msg, "append-only"));
    free(msg);
    msg = raw_exec_fails(f->path, "DELETE FROM audit WHERE id = 1");
    assert_non_null(strstr(msg, "append-only"));
    free(msg);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM audit"), 6);
    char *actor = raw_text(f->path, "SELECT actor FROM audit WHERE id = 3");
    assert_string_equal(actor, "li.na");
    free(actor);
}

/* ---- Settings, transactions, locks ------------------------------------------ */

static void test_meta(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    char buf[64];
    assert_int_equal(store_meta_get(f->s, "colour", buf, sizeof buf, &e), BD_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "colour"));
    assert_int_equal(store_meta_set(f->s, "colour", "blue", &e), BD_OK);
    assert_int_equal(store_meta_get(f->s, "colour", buf, sizeof buf, &e), BD_OK);
    assert_string_equal(buf, "blue");
    assert_int_equal(store_meta_set(f->s, "colour", "藍色", &e), BD_OK);
    assert_int_equal(store_meta_get(f->s, "colour", buf, sizeof buf, &e), BD_OK);
    assert_string_equal(buf, "藍色");
    char small[4];
    assert_int_equal(store_meta_get(f->s, "colour", small, sizeof small, &e), BD_ERR_INVALID);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM meta WHERE key = 'colour'"), 1);
}

/* ---- Drafts ------------------------------------------------------------------ */

typedef struct draft_seen {
    char text[512];
    int n;
} draft_seen;

static int draft_collect(void *ctx, const char *name, const char *value)
{
    draft_seen *d = ctx;
    size_t len = strlen(d->text);
    snprintf(d->text + len, sizeof d->text - len, "%s%s=%s", d->n++ ? ";" : "", name, value);
    return 0;
}

static void test_drafts(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_user a = make_user(f->s, "wang.fang", "王芳", 0, true);
    store_user b = make_user(f->s, "chen.jing", "陳靜", 0, true);
    char saved[21];
    draft_seen d = {0};
    assert_int_equal(store_draft_get(f->s, a.id, "Add lead", saved, draft_collect, &d, &e),
                     BD_ERR_NOTFOUND);

    /* Kept in the field order, quotes and Chinese as typed. */
    assert_int_equal(store_draft_put(f->s, a.id, "Add lead",
                                     "{\"Company\":\"半途\\\"公司\\\"\",\"Contact\":\"\"}", T0, &e),
                     BD_OK);
    assert_int_equal(store_draft_get(f->s, a.id, "Add lead", saved, draft_collect, &d, &e), BD_OK);
    assert_string_equal(saved, T0);
    assert_string_equal(d.text, "Company=半途\"公司\";Contact=");

    /* Per user: another's draft of the same form is not seen. */
    memset(&d, 0, sizeof d);
    assert_int_equal(store_draft_get(f->s, b.id, "Add lead", saved, draft_collect, &d, &e),
                     BD_ERR_NOTFOUND);

    /* A second save of the same form replaces the first. */
    assert_int_equal(store_draft_put(f->s, a.id, "Add lead", "{\"Company\":\"第二\"}", T1, &e),
                     BD_OK);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM drafts"), 1);
    assert_int_equal(store_draft_get(f->s, a.id, "Add lead", saved, draft_collect, &d, &e), BD_OK);
    assert_string_equal(saved, T1);
    assert_string_equal(d.text, "Company=第二");

    /* A draft of no fields is still found, so it can be offered and cleared. */
    assert_int_equal(store_draft_put(f->s, b.id, "New claim", "{}", T0, &e), BD_OK);
    memset(&d, 0, sizeof d);
    assert_int_equal(store_draft_get(f->s, b.id, "New claim", saved, draft_collect, &d, &e), BD_OK);
    assert_int_equal(d.n, 0);

    /* Not JSON is refused by the table. */
    assert_int_equal(store_draft_put(f->s, a.id, "Bad", "not json", T0, &e), BD_ERR_INVALID);

    assert_int_equal(store_draft_delete(f->s, a.id, "Add lead", &e), BD_OK);
    assert_int_equal(store_draft_delete(f->s, a.id, "Add lead", &e), BD_OK); /* none: fine */
    assert_int_equal(store_draft_get(f->s, a.id, "Add lead", saved, draft_collect, &d, &e),
                     BD_ERR_NOTFOUND);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM drafts"), 1); /* b's */
}

static void test_transactions(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t n = -1;
    assert_int_equal(store_begin(f->s, &e), BD_OK);
    make_user(f->s, "temp", "Temp", 0, true);
    store_rollback(f->s);
    assert_int_equal(store_user_count(f->s, &n, &e), BD_OK);
    assert_int_equal(n, 0);
    store_rollback(f->s); /* nothing open: harmless */

    assert_int_equal(store_begin(f->s, &e), BD_OK);
    make_user(f->s, "kept", "Kept", 0, true);
    assert_int_equal(store_commit(f->s, &e), BD_OK);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM users"), 1);

    /* Another connection's commit changes data_version. */
    int64_t v1 = 0, v2 = 0;
    assert_int_equal(store_data_version(f->s, &v1, &e), BD_OK);
    raw_exec(f->path, "INSERT INTO meta(key, value) VALUES ('poke', '1')");
    assert_int_equal(store_data_version(f->s, &v2, &e), BD_OK);
    assert_int_not_equal(v1, v2);

    assert_int_equal(store_integrity_check(f->s, &e), BD_OK);
}

static void test_busy(void **state)
{
    fx *f = *state;
    store_close(&f->s);
    bd_err e = {0};
    assert_int_equal(store_open(f->path, 0, 50, &f->s, &e), BD_OK);

    sqlite3 *other = raw_open(f->path);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_begin(f->s, &e), BD_ERR_BUSY);
    assert_non_null(strstr(e.msg, "busy"));
    assert_non_null(strstr(e.msg, f->path));
    /* Reading still works while another connection writes (WAL). */
    int64_t n = -1;
    assert_int_equal(store_user_count(f->s, &n, &e), BD_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(other), SQLITE_OK);

    assert_int_equal(store_begin(f->s, &e), BD_OK);
    store_rollback(f->s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_reopen),
        cmocka_unit_test(test_create_refuses_existing),
        cmocka_unit_test(test_missing_refused),
        cmocka_unit_test_setup_teardown(test_newer_version_refused, fx_setup, fx_teardown),
        cmocka_unit_test(test_not_a_database),
        cmocka_unit_test(test_foreign_sqlite_refused),
        cmocka_unit_test(test_relative_special_names),
        cmocka_unit_test_setup_teardown(test_wal_and_foreign_keys, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_user_insert_get_update, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_user_timestamp_fallback, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_login, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_user_paging, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reports_to, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_audit, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_meta, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_drafts, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_transactions, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_busy, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
