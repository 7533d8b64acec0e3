/* A session: the open database, the policy and who is logged in. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_internal.h"

bd_status app_open(const char *path, const policy *pol, app **out, bd_err *e)
{
    *out = NULL;
    store *db = NULL;
    bd_status st = store_open(path, 0, pol->busy_timeout_ms, &db, e);
    if (st != BD_OK)
        return st;
    app *a = bd_xcalloc(1, sizeof *a);
    a->db = db;
    a->pol = pol;
    char flag[8];
    a->demo = store_meta_get(db, "demo", flag, sizeof flag, NULL) == BD_OK &&
              strcmp(flag, "1") == 0;
    *out = a;
    return BD_OK;
}

void app_close(app **a)
{
    if (!a || !*a)
        return;
    store_close(&(*a)->db);
    free(*a);
    *a = NULL;
}

bool app_is_demo(const app *a) { return a->demo; }
const policy *app_policy(const app *a) { return a->pol; }
const char *app_db_path(const app *a) { return store_path(a->db); }

const app_actor *app_actor_get(const app *a)
{
    return a->logged_in ? &a->actor : NULL;
}

bool app_can(const app *a, policy_perm perm)
{
    return a->logged_in && a->actor.role && policy_role_has(a->actor.role, perm);
}

bd_status app_require(const app *a, policy_perm perm, const char *what, bd_err *e)
{
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "%s: nobody is logged in", what);
    if (!app_can(a, perm))
        return bd_errf(e, BD_ERR_DENIED, "%s: your role '%s' lacks the permission '%s'", what,
                       a->actor.user.role, policy_perm_name(perm));
    return BD_OK;
}

void app_unix_login(char *buf, size_t n)
{
    struct passwd pw, *res = NULL;
    long sz = sysconf(_SC_GETPW_R_SIZE_MAX);
    size_t bufsz = sz > 0 ? (size_t)sz : 16384;
    char *tmp = bd_xmalloc(bufsz);
    buf[0] = '\0';
    if (getpwuid_r(getuid(), &pw, tmp, bufsz, &res) == 0 && res)
        bd_strlcpy(buf, pw.pw_name, n);
    free(tmp);
}

static bd_status login(app *a, const char *who, bd_err *e)
{
    store_user u;
    bd_status st = store_user_by_login(a->db, who, &u, e);
    if (st == BD_ERR_NOTFOUND)
        return bd_errf(e, BD_ERR_DENIED,
                       "'%s' is not a bizdesk user of %s: ask an administrator to add you "
                       "(bizdesk user add %s ...)",
                       who, store_path(a->db), who);
    if (st != BD_OK)
        return st;
    if (!u.active)
        return bd_errf(e, BD_ERR_DENIED,
                       "'%s' is deactivated in %s: ask an administrator to reactivate you", who,
                       store_path(a->db));
    const policy_role *r = policy_role_find(a->pol, u.role);
    if (!r)
        return bd_errf(e, BD_ERR_POLICY,
                       "'%s' has the role '%s', which the policy in %s does not define", who,
                       u.role, a->pol->dir);
    a->actor.user = u;
    a->actor.role = r;
    a->logged_in = true;
    return BD_OK;
}

bd_status app_login_unix(app *a, bd_err *e)
{
    char who[64];
    app_unix_login(who, sizeof who);
    if (!*who)
        return bd_errf(e, BD_ERR_DENIED, "user id %ld has no login name on this system",
                       (long)getuid());
    return login(a, who, e);
}

bd_status app_login_as(app *a, const char *who, bd_err *e)
{
    /* Installed setgid, everyone is who the kernel says: even a demo
     * database there (which only root could make) takes no one's word. */
    if (io_priv_setgid())
        return bd_errf(e, BD_ERR_DENIED,
                       "acting as another user is refused: this bizdesk is installed setgid");
    if (!a->demo)
        return bd_errf(e, BD_ERR_DENIED,
                       "--as works only on a demo database (made with `bizdesk init --demo`); "
                       "%s is a real one",
                       store_path(a->db));
    return login(a, who, e);
}

bd_status app_data_version(app *a, int64_t *out, bd_err *e)
{
    return store_data_version(a->db, out, e);
}

char *app_timestamp(char *buf, size_t n)
{
    return bd_timestamp_format(app_now(), buf, n);
}

bd_status app_tx_begin(app *a, bd_err *e)
{
    return store_begin(a->db, e);
}

bd_status app_tx_end(app *a, bd_status st, bd_err *e)
{
    if (st == BD_OK)
        st = store_commit(a->db, e);
    if (st != BD_OK)
        store_rollback(a->db);
    return st;
}
