/* Shared by the store's unit tests: a fresh database file in a temporary
 * folder, and users and customers made through the store itself (so these
 * tests need no policy).  Include after unit.h. */
#ifndef BIZDESK_UNIT_STORE_H
#define BIZDESK_UNIT_STORE_H

#include <sqlite3.h>

#include "store.h"

/* A new database dir/t.db (migrated); 0, or -1 with the reason on stderr. */
static inline int unit_db_open(char **dir, char **path, store **s)
{
    *dir = unit_tmpdir();
    *path = bd_xasprintf("%s/t.db", *dir);
    bd_err e = {0};
    if (store_open(*path, STORE_CREATE, 2000, s, &e) != BD_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    return 0;
}

static inline void unit_db_close(char **dir, char **path, store **s)
{
    store_close(s);
    unit_tmpdir_free(*dir);
    free(*path);
    *dir = *path = NULL;
}

/* An active user (name NULL: the login); its id. */
static inline int64_t unit_add_user(store *s, const char *login, const char *name,
                                    const char *dept, const char *role, int64_t manager)
{
    store_user u = {.manager_id = manager, .active = true};
    bd_strlcpy(u.login, login, sizeof u.login);
    bd_strlcpy(u.name, name ? name : login, sizeof u.name);
    bd_strlcpy(u.department, dept, sizeof u.department);
    bd_strlcpy(u.role, role, sizeof u.role);
    bd_err e = {0};
    if (store_user_insert(s, &u, &e) != BD_OK)
        fail_msg("add_user %s: %s", login, e.msg);
    return u.id;
}

/* A customer of class B; its id. */
static inline int64_t unit_add_customer(store *s, const char *name, int64_t owner)
{
    store_customer c = {.owner_id = owner};
    bd_strlcpy(c.name, name, sizeof c.name);
    bd_strlcpy(c.class_code, "B", sizeof c.class_code);
    bd_err e = {0};
    if (store_customer_insert(s, &c, &e) != BD_OK)
        fail_msg("add_customer %s: %s", name, e.msg);
    return c.id;
}


/* One integer from a query on a read-only connection of its own: what is
 * in the file, seen from outside the store. */
static inline int64_t unit_raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    return v;
}

/* The sales team most store tests need: li.na (manager) <- chen.jing
 * (supervisor) <- wang.fang, tom.baker (reps); zhao.min in finance. */
typedef struct unit_team {
    int64_t boss, sup, rep1, rep2, fin;
} unit_team;

static inline void unit_add_team(store *s, unit_team *t)
{
    t->boss = unit_add_user(s, "li.na", "李娜", "sales", "manager", 0);
    t->sup = unit_add_user(s, "chen.jing", "陳靜", "sales", "supervisor", t->boss);
    t->rep1 = unit_add_user(s, "wang.fang", "王芳", "sales", "rep", t->sup);
    t->rep2 = unit_add_user(s, "tom.baker", "Tom Baker", "sales", "rep", t->sup);
    t->fin = unit_add_user(s, "zhao.min", "趙敏", "finance", "finance", 0);
}

#endif
