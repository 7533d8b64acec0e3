/* Users: reads with the manager's login, optimistic updates, the manager
 * chain and keyset pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Every read names the same columns in the same order (see user_row). */
#define USER_SELECT                                                                  \
    "SELECT u.id, u.login, u.name, u.department, u.role, u.manager_id, m.login, "   \
    "u.active, u.created_at, u.updated_at, u.version, u.bank_account "            \
    "FROM users u LEFT JOIN users m ON m.id = u.manager_id "

/* Timestamps come from the caller (the clock is read in app/); an empty one
 * falls back to SQLite's clock so that a row is never without one. */
#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

static void user_row(sqlite3_stmt *st, store_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, u->login, sizeof u->login);
    store_column_copy(st, 2, u->name, sizeof u->name);
    store_column_copy(st, 3, u->department, sizeof u->department);
    store_column_copy(st, 4, u->role, sizeof u->role);
    u->manager_id = sqlite3_column_int64(st, 5); /* NULL reads as 0 */
    store_column_copy(st, 6, u->manager_login, sizeof u->manager_login);
    u->active = sqlite3_column_int(st, 7) != 0;
    store_column_copy(st, 8, u->created_at, sizeof u->created_at);
    store_column_copy(st, 9, u->updated_at, sizeof u->updated_at);
    u->version = sqlite3_column_int64(st, 10);
    store_column_copy(st, 11, u->bank_account, sizeof u->bank_account);
}

/* One user by a bound key; what names it in the not-found message. */
static bd_status user_one(store *s, sqlite3_stmt *st, store_user *u, const char *what,
                          bd_err *e)
{
    bd_status status = BD_OK;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        user_row(st, u);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no user %s", what);
    else
        status = store_fail(s, rc, e, "reading user %s", what);
    sqlite3_finalize(st);
    return status;
}

bd_status store_user_by_login(store *s, const char *login, store_user *u, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, USER_SELECT "WHERE u.login = ?1", &st, e);
    if (status != BD_OK)
        return status;
    char what[64];
    snprintf(what, sizeof what, "'%s'", login);
    int rc = store_bind_text(st, 1, login);
    if (rc != SQLITE_OK) {
        status = store_fail(s, rc, e, "reading user %s", what);
        sqlite3_finalize(st);
        return status;
    }
    return user_one(s, st, u, what, e);
}

bd_status store_user_by_id(store *s, int64_t id, store_user *u, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, USER_SELECT "WHERE u.id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    char what[64];
    snprintf(what, sizeof what, "with id %lld", (long long)id);
    int rc = sqlite3_bind_int64(st, 1, id);
    if (rc != SQLITE_OK) {
        status = store_fail(s, rc, e, "reading user %s", what);
        sqlite3_finalize(st);
        return status;
    }
    return user_one(s, st, u, what, e);
}

/* A failed write: a taken login is a conflict, a missing manager or a
 * broken CHECK is invalid input, the rest as store_fail says. */
static bd_status write_fail(store *s, int rc, const store_user *u, const char *what, bd_err *e)
{
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
        return bd_errf(e, BD_ERR_CONFLICT, "login '%s' is taken", u->login);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return bd_errf(e, BD_ERR_INVALID, "manager: no user with id %lld",
                       (long long)u->manager_id);
    default:
        return store_fail(s, rc, e, "%s user '%s'", what, u->login);
    }
}

/* The columns a write returns, so that u shows what was stored. */
#define USER_RETURNING                                                              \
    " RETURNING id, version, created_at, updated_at, "                              \
    "(SELECT m.login FROM users m WHERE m.id = users.manager_id)"

static void returned_row(sqlite3_stmt *st, store_user *u)
{
    u->id = sqlite3_column_int64(st, 0);
    u->version = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, u->created_at, sizeof u->created_at);
    store_column_copy(st, 3, u->updated_at, sizeof u->updated_at);
    store_column_copy(st, 4, u->manager_login, sizeof u->manager_login);
}

/* Bind the fields every write sets, ?1..?7 and ?10 (the bank account);
 * the caller binds the rest. */
static int bind_fields(sqlite3_stmt *st, const store_user *u)
{
    int rc = store_bind_text(st, 1, u->login);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 2, u->name);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 3, u->department);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 4, u->role);
    if (rc == SQLITE_OK)
        rc = u->manager_id ? sqlite3_bind_int64(st, 5, u->manager_id) : sqlite3_bind_null(st, 5);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int(st, 6, u->active ? 1 : 0);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 7, u->updated_at);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 10, u->bank_account);
    return rc;
}

bd_status store_user_insert(store *s, store_user *u, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(
        s,
        "INSERT INTO users(login, name, department, role, manager_id, active, "
        "created_at, updated_at, version, bank_account) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "COALESCE(NULLIF(?8, ''), NULLIF(?7, ''), " NOW_UTC "), "
        "COALESCE(NULLIF(?7, ''), NULLIF(?8, ''), " NOW_UTC "), 1, ?10)" USER_RETURNING,
        &st, e);
    if (status != BD_OK)
        return status;
    int rc = bind_fields(st, u);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 8, u->created_at);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        returned_row(st, u);
        rc = sqlite3_step(st); /* finishes the insert */
    }
    if (rc != SQLITE_DONE)
        status = write_fail(s, rc, u, "adding", e);
    sqlite3_finalize(st);
    return status;
}

bd_status store_user_update(store *s, store_user *u, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(
        s,
        "UPDATE users SET login = ?1, name = ?2, department = ?3, role = ?4, "
        "manager_id = ?5, active = ?6, updated_at = COALESCE(NULLIF(?7, ''), " NOW_UTC "), "
        "bank_account = ?10, version = version + 1 "
        "WHERE id = ?8 AND version = ?9" USER_RETURNING,
        &st, e);
    if (status != BD_OK)
        return status;
    int rc = bind_fields(st, u);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 8, u->id);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 9, u->version);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    bool changed = false;
    if (rc == SQLITE_ROW) {
        returned_row(st, u);
        changed = true;
        rc = sqlite3_step(st);
    }
    if (rc != SQLITE_DONE)
        status = write_fail(s, rc, u, "changing", e);
    else if (!changed)
        status = bd_errf(e, BD_ERR_CONFLICT,
                         "user '%s' was changed by someone else; reload and try again",
                         u->login);
    sqlite3_finalize(st);
    return status;
}

/* Only the bank account and the version: updated_at stays, since no
 * timestamp is passed in (the audit row written with it has the time). */
bd_status store_user_set_bank(store *s, int64_t user_id, const char *account,
                              int64_t expected_version, bd_err *e)
{
    if (!account)
        account = "";
    if (strlen(account) >= sizeof ((store_user *)0)->bank_account)
        return bd_errf(e, BD_ERR_INVALID, "bank account: at most %zu bytes",
                       sizeof ((store_user *)0)->bank_account - 1);
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE users SET bank_account = ?1, version = version + 1 "
        "WHERE id = ?2 AND (?3 = 0 OR version = ?3)", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, account);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, expected_version);
    status = store_step_done(s, st, e, "setting a bank account");
    sqlite3_finalize(st);
    if (status != BD_OK || sqlite3_changes(s->db) > 0)
        return status;
    /* Nothing changed: the user is gone or has moved on. */
    store_user u;
    status = store_user_by_id(s, user_id, &u, e);
    if (status == BD_OK)
        status = bd_errf(e, BD_ERR_CONFLICT,
                         "user '%s' was changed by someone else; reload and try again", u.login);
    return status;
}

bd_status store_user_reports_to(store *s, int64_t id, int64_t manager_id, bool *out, bd_err *e)
{
    /* UNION (not UNION ALL) drops an id already seen, so a loop already in
     * the data ends the walk instead of running forever; the LIMIT bounds
     * it again should the table ever be huge. */
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
                                     "WITH RECURSIVE chain(id) AS ("
                                     "  SELECT ?1"
                                     "  UNION"
                                     "  SELECT u.manager_id FROM users u JOIN chain c"
                                     "    ON u.id = c.id WHERE u.manager_id IS NOT NULL"
                                     "  LIMIT 1000000"
                                     ") SELECT EXISTS (SELECT 1 FROM chain WHERE id = ?2)",
                                     &st, e);
    if (status != BD_OK)
        return status;
    *out = false;
    int rc = sqlite3_bind_int64(st, 1, id);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 2, manager_id);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(st, 0) != 0;
    else
        status = store_fail(s, rc == SQLITE_DONE ? SQLITE_ERROR : rc, e,
                            "walking the managers of user %lld", (long long)id);
    sqlite3_finalize(st);
    return status;
}

bd_status store_user_count(store *s, int64_t *out, bd_err *e)
{
    return store_query_int(s, "SELECT count(*) FROM users", out, e);
}

/* '%text%' for LIKE, with LIKE's own characters taken literally. */
static char *like_pattern(const char *text)
{
    bd_buf b = {0};
    bd_buf_puts(&b, "%");
    for (const char *p = text; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            bd_buf_puts(&b, "\\");
        bd_buf_append(&b, p, 1);
    }
    bd_buf_puts(&b, "%");
    return b.data;
}

/* The SQL text varies only by which constant conditions are present; every
 * value is bound.  LIKE matches ASCII letters in either case, so "tom"
 * finds "Tom Baker"; other characters (CJK) must match exactly. */
bd_status store_user_page(store *s, const store_user_query *q, store_user *rows, int *n,
                          bd_err *e)
{
    *n = 0;
    if (q->limit <= 0)
        return BD_OK;
    const char *filter = q->filter && *q->filter ? q->filter : NULL;
    /* Forward from the start or from `after`; backward from `before` or
     * from the end, then turned round so rows come in login order. */
    bool backward = !q->after && (q->before || q->from_end);
    bd_buf sql = {0};
    bd_buf_puts(&sql, USER_SELECT "WHERE 1");
    if (!q->include_inactive)
        bd_buf_puts(&sql, " AND u.active = 1");
    if (filter)
        bd_buf_puts(&sql, " AND (u.login LIKE ?1 ESCAPE '\\' OR u.name LIKE ?1 ESCAPE '\\')");
    if (q->after)
        bd_buf_puts(&sql, " AND u.login > ?2");
    if (q->before)
        bd_buf_puts(&sql, " AND u.login < ?3");
    if (q->department)
        bd_buf_puts(&sql, " AND u.department = ?5");
    bd_buf_puts(&sql, backward ? " ORDER BY u.login DESC" : " ORDER BY u.login");
    bd_buf_puts(&sql, " LIMIT ?4");

    sqlite3_stmt *st;
    bd_status status = store_prepare(s, bd_buf_str(&sql), &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    char *pattern = filter ? like_pattern(filter) : NULL;
    int rc = store_bind_text(st, 1, pattern);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 2, q->after);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 3, q->before);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int(st, 4, q->limit);
    if (rc == SQLITE_OK && q->department)
        rc = store_bind_text(st, 5, q->department);
    int count = 0;
    while (rc == SQLITE_OK && count < q->limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        user_row(st, &rows[count++]);
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "listing users");
    sqlite3_finalize(st);
    free(pattern);
    if (status != BD_OK)
        return status;
    if (backward) {
        for (int i = 0, j = count - 1; i < j; i++, j--) {
            store_user t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
    }
    *n = count;
    return BD_OK;
}
