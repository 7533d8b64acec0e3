/* Users: add, change, deactivate, list (permission admin.users). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

/* The JSON image of a user kept in the audit trail; caller frees. */
static char *user_json(const store_user *u)
{
    bd_json j;
    bd_json_begin(&j);
    bd_json_str(&j, "login", u->login);
    bd_json_str(&j, "name", u->name);
    bd_json_str(&j, "department", u->department);
    bd_json_str(&j, "role", u->role);
    bd_json_str(&j, "manager", u->manager_login[0] ? u->manager_login : NULL);
    bd_json_bool(&j, "active", u->active);
    bd_json_end(&j);
    return j.buf.data;
}

static bd_status write_audit(app *a, const store_user *before, const store_user *after,
                             const char *action, bd_err *e)
{
    char *b = before ? user_json(before) : NULL;
    char *f = after ? user_json(after) : NULL;
    bd_status st = app_audit_write(a, "user", after ? after->id : before->id, action, b, f, e);
    free(b);
    free(f);
    return st;
}

/* Apply the non-NULL fields of in to u, checking each against policy and
 * the database.  Messages name the field. */
static bd_status apply_input(app *a, store_user *u, const app_user_input *in, bd_err *e)
{
    if (in->name) {
        if (!bd_name_valid(in->name, e)) {
            bd_err_prefix(e, "name");
            return BD_ERR_INVALID;
        }
        bd_strlcpy(u->name, in->name, sizeof u->name);
    }
    if (in->department) {
        if (!policy_dept_find(a->pol, in->department))
            return bd_errf(e, BD_ERR_INVALID,
                           "department: '%s' is not a department in %s/bizdesk.yaml",
                           in->department, a->pol->dir);
        bd_strlcpy(u->department, in->department, sizeof u->department);
    }
    if (in->role) {
        if (!policy_role_find(a->pol, in->role))
            return bd_errf(e, BD_ERR_INVALID, "role: '%s' is not a role in %s/roles.yaml",
                           in->role, a->pol->dir);
        bd_strlcpy(u->role, in->role, sizeof u->role);
    }
    if (in->manager) {
        if (!*in->manager) {
            u->manager_id = 0;
            u->manager_login[0] = '\0';
            return BD_OK;
        }
        store_user m;
        bd_status st = store_user_by_login(a->db, in->manager, &m, e);
        if (st == BD_ERR_NOTFOUND)
            return bd_errf(e, BD_ERR_INVALID, "manager: no user '%s'", in->manager);
        if (st != BD_OK)
            return st;
        if (!m.active)
            return bd_errf(e, BD_ERR_INVALID, "manager: '%s' is deactivated", in->manager);
        if (u->id && m.id == u->id)
            return bd_errf(e, BD_ERR_INVALID, "manager: nobody is their own manager");
        if (u->id) {
            bool loop = false;
            st = store_user_reports_to(a->db, m.id, u->id, &loop, e);
            if (st != BD_OK)
                return st;
            if (loop)
                return bd_errf(e, BD_ERR_INVALID,
                               "manager: '%s' reports to '%s' already; that would make a loop",
                               m.login, u->login);
        }
        u->manager_id = m.id;
        bd_strlcpy(u->manager_login, m.login, sizeof u->manager_login);
    }
    return BD_OK;
}

bd_status app_user_add(app *a, const app_user_input *in, store_user *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_ADMIN_USERS, "adding a user", e);
    if (st != BD_OK)
        return st;
    if (!in->login || !bd_login_valid(in->login))
        return bd_errf(e, BD_ERR_INVALID,
                       "login: '%s' is not a valid login (1-32 of a-z 0-9 _ . -, "
                       "starting with a letter or _)",
                       in->login ? in->login : "");
    const char *missing = !in->name         ? "name"
                          : !in->department ? "department"
                          : !in->role       ? "role"
                                            : NULL;
    if (missing)
        return bd_errf(e, BD_ERR_INVALID, "%s: required", missing);

    store_user u = {.active = true};
    bd_strlcpy(u.login, in->login, sizeof u.login);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    st = apply_input(a, &u, in, e);
    if (st == BD_OK) {
        app_timestamp(u.created_at, sizeof u.created_at);
        memcpy(u.updated_at, u.created_at, sizeof u.updated_at);
        st = store_user_insert(a->db, &u, e);
    }
    if (st == BD_OK)
        st = write_audit(a, NULL, &u, "create", e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = u;
    return st;
}

/* Load, change with fn, store and audit one user in one transaction. */
static bd_status change_user(app *a, const char *login, int64_t expected_version,
                             bd_status (*fn)(app *, store_user *, const void *, bd_err *),
                             const void *arg, const char *action, store_user *out, bd_err *e)
{
    store_user before, u;
    bd_status st = app_tx_begin(a, e);
    if (st != BD_OK)
        return st;
    st = store_user_by_login(a->db, login, &before, e);
    if (st == BD_ERR_NOTFOUND)
        bd_errf(e, st, "no user '%s'", login);
    if (st == BD_OK && expected_version && before.version != expected_version)
        st = bd_errf(e, BD_ERR_CONFLICT,
                     "user '%s' was changed by someone else while you edited it; "
                     "reload and try again",
                     login);
    if (st == BD_OK) {
        u = before;
        st = fn(a, &u, arg, e);
    }
    if (st == BD_OK) {
        app_timestamp(u.updated_at, sizeof u.updated_at);
        st = store_user_update(a->db, &u, e);
    }
    if (st == BD_OK)
        st = write_audit(a, &before, &u, action, e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = u;
    return st;
}

/* Refuse changes that would lock the acting admin out of their own rights. */
static bd_status guard_self(app *a, const store_user *u, bd_err *e)
{
    if (strcmp(u->login, a->actor.user.login) != 0)
        return BD_OK;
    if (!u->active)
        return bd_errf(e, BD_ERR_INVALID, "you cannot deactivate yourself");
    const policy_role *r = policy_role_find(a->pol, u->role);
    if (!r || !policy_role_has(r, PERM_ADMIN_USERS))
        return bd_errf(e, BD_ERR_INVALID,
                       "role: '%s' lacks admin.users; you cannot take that right from yourself",
                       u->role);
    return BD_OK;
}

static bd_status set_fields(app *a, store_user *u, const void *arg, bd_err *e)
{
    const app_user_input *in = arg;
    if (in->login && strcmp(in->login, u->login) != 0)
        return bd_errf(e, BD_ERR_INVALID, "login: a login cannot be changed");
    bd_status st = apply_input(a, u, in, e);
    return st == BD_OK ? guard_self(a, u, e) : st;
}

bd_status app_user_set(app *a, const char *login, const app_user_input *in,
                       int64_t expected_version, store_user *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_ADMIN_USERS, "changing a user", e);
    if (st != BD_OK)
        return st;
    return change_user(a, login, expected_version, set_fields, in, "update", out, e);
}

static bd_status set_active(app *a, store_user *u, const void *arg, bd_err *e)
{
    u->active = *(const bool *)arg;
    return guard_self(a, u, e);
}

bd_status app_user_set_active(app *a, const char *login, bool active, bd_err *e)
{
    bd_status st = app_require(a, PERM_ADMIN_USERS,
                               active ? "reactivating a user" : "deactivating a user", e);
    if (st != BD_OK)
        return st;
    return change_user(a, login, 0, set_active, &active, active ? "activate" : "deactivate",
                       NULL, e);
}

bd_status app_user_get(app *a, const char *login, store_user *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_ADMIN_USERS, "reading users", e);
    if (st != BD_OK)
        return st;
    st = store_user_by_login(a->db, login, out, e);
    if (st == BD_ERR_NOTFOUND)
        bd_errf(e, st, "no user '%s'", login);
    return st;
}

bd_status app_user_page(app *a, const store_user_query *q, store_user *rows, int *n, bd_err *e)
{
    bd_status st = app_require(a, PERM_ADMIN_USERS, "listing users", e);
    if (st != BD_OK)
        return st;
    return store_user_page(a->db, q, rows, n, e);
}

/* The account as the audit trail keeps it: its last four characters. */
static void account_tail(const char *account, char out[16])
{
    size_t n = strlen(account);
    bd_strfmt(out, 16, "%s%s", n > 4 ? "..." : "", account + (n > 4 ? n - 4 : 0));
}

bd_status app_user_bank(app *a, const char *login, const char *account, bd_err *e)
{
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "setting a bank account: nobody is logged in");
    bool own = !login || !*login || strcmp(login, a->actor.user.login) == 0;
    bd_status st = own ? BD_OK
                       : app_require(a, PERM_ADMIN_USERS, "setting someone else's bank account", e);
    if (st != BD_OK)
        return st;
    size_t len = account ? strlen(account) : 0;
    if (len == 0 || len > 64 || strspn(account, "0123456789 -ABCDEFGHIJKLMNOPQRSTUVWXYZ") != len)
        return bd_errf(e, BD_ERR_INVALID, "account: 1 to 64 digits, capital letters, spaces or "
                       "dashes (an IBAN or a bank card number)");
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_user u;
    st = store_user_by_login(a->db, own ? a->actor.user.login : login, &u, e);
    if (st == BD_ERR_NOTFOUND)
        st = bd_errf(e, st, "no user '%s'", login);
    if (st == BD_OK)
        st = store_user_set_bank(a->db, u.id, account, u.version, e);
    if (st == BD_OK) {
        char was[16], now[16], b[64], f[64];
        account_tail(u.bank_account, was);
        account_tail(account, now);
        snprintf(b, sizeof b, "{\"bank_account\":\"%s\"}", was);
        snprintf(f, sizeof f, "{\"bank_account\":\"%s\"}", now);
        st = app_audit_write(a, "user", u.id, "bank", *u.bank_account ? b : NULL, f, e);
    }
    return app_tx_end(a, st, e);
}

bd_status app_user_id(app *a, const char *login, int64_t *id, bd_err *e)
{
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "nobody is logged in");
    store_user u;
    bd_status st = store_user_by_login(a->db, login ? login : "", &u, e);
    if (st == BD_ERR_NOTFOUND || (st == BD_OK && !u.active))
        return bd_errf(e, BD_ERR_NOTFOUND, "owner: no active user '%s'", login ? login : "");
    if (st == BD_OK)
        *id = u.id;
    return st;
}
