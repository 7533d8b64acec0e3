/* Writing, listing and verifying the audit trail. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_internal.h"

bd_status app_audit_write(app *a, const char *entity, int64_t entity_id, const char *action,
                          const char *before, const char *after, bd_err *e)
{
    return app_audit_write_for(a, NULL, entity, entity_id, action, before, after, e);
}

bd_status app_audit_write_for(app *a, const char *on_behalf, const char *entity, int64_t entity_id,
                              const char *action, const char *before, const char *after, bd_err *e)
{
    int64_t last_id;
    char prev[65], hash[65], at[21];
    bd_status st = store_audit_tail(a->db, &last_id, prev, e);
    if (st != BD_OK)
        return st;
    char who[64];
    if (a->logged_in)
        bd_strlcpy(who, a->actor.user.login, sizeof who);
    else
        app_unix_login(who, sizeof who); /* bizdesk init, before anyone exists */
    bd_audit_row r = {
        .id = last_id + 1,
        .at = app_timestamp(at, sizeof at),
        .actor = who,
        .on_behalf = on_behalf,
        .entity = entity,
        .entity_id = entity_id,
        .action = action,
        .before = before,
        .after = after,
        .prev_hash = prev,
    };
    bd_audit_hash(&r, hash);
    return store_audit_insert(a->db, &r, hash, e);
}

bd_status app_audit_each(app *a, const store_audit_query *q, store_audit_cb cb, void *ctx,
                         bd_err *e)
{
    bd_status st = app_require(a, PERM_AUDIT_READ, "reading the audit trail", e);
    if (st != BD_OK)
        return st;
    return store_audit_each(a->db, q, cb, ctx, e);
}

struct verify {
    char prev[65];
    int64_t rows;
    int64_t bad_id;
    const char *why;
};

static int verify_row(void *ctx, const bd_audit_row *r, const char *hash)
{
    struct verify *v = ctx;
    char want[65];
    v->rows++;
    if (strcmp(r->prev_hash, v->prev) != 0) {
        v->bad_id = r->id;
        v->why = "does not follow the row before it (a row was removed or reordered)";
        return 1;
    }
    bd_audit_hash(r, want);
    if (strcmp(want, hash) != 0) {
        v->bad_id = r->id;
        v->why = "was changed after it was written";
        return 1;
    }
    memcpy(v->prev, hash, sizeof v->prev);
    return 0;
}

bd_status app_audit_verify(app *a, int64_t *rows, int64_t *bad_id, bd_err *e)
{
    bd_status st = app_require(a, PERM_AUDIT_READ, "verifying the audit trail", e);
    if (st != BD_OK)
        return st;
    struct verify v = {.prev = ""};
    store_audit_query q = {0};
    st = store_audit_each(a->db, &q, verify_row, &v, e);
    *rows = v.rows;
    *bad_id = v.bad_id;
    if (st != BD_OK)
        return st;
    if (v.bad_id)
        return bd_errf(e, BD_ERR_INVALID, "audit row %lld %s", (long long)v.bad_id, v.why);
    return BD_OK;
}

/* Maintenance is for whoever keeps the users or reads the audit trail. */
static bd_status require_admin(app *a, const char *what, bd_err *e)
{
    if (app_can(a, PERM_ADMIN_USERS))
        return BD_OK;
    return app_require(a, PERM_AUDIT_READ, what, e);
}

/* Installed setgid, SQLite would create the copy with bizdesk's group at a
 * path the user chose.  So the copy is made beside the database, where only
 * the group reaches, and its bytes go into the user's file through io_out,
 * which creates it as the user. */
static bd_status backup_as_user(app *a, const char *path, bool force, bd_err *e)
{
    io_out out;
    bd_status st = io_out_open(&out, path, force, e);
    if (st != BD_OK)
        return st;
    const char *db = app_db_path(a);
    const char *slash = strrchr(db, '/');
    char *tmp = slash ? bd_xasprintf("%.*s/.backup-%ld.db", (int)(slash - db), db, (long)getpid())
                      : bd_xasprintf(".backup-%ld.db", (long)getpid());
    unlink(tmp);
    st = store_backup(a->db, tmp, false, e);
    if (st == BD_OK) {
        FILE *in = fopen(tmp, "rbe");
        if (!in)
            st = bd_errf(e, BD_ERR_IO, "%s: %s", tmp, strerror(errno));
        char buf[65536];
        size_t n;
        while (st == BD_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
            if (fwrite(buf, 1, n, out.fp) != n)
                st = bd_errf(e, BD_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
        if (st == BD_OK && ferror(in))
            st = bd_errf(e, BD_ERR_IO, "%s: cannot read: %s", tmp, strerror(errno));
        if (in)
            fclose(in);
    }
    unlink(tmp);
    free(tmp);
    if (st == BD_OK)
        return io_out_commit(&out, e);
    io_out_abort(&out);
    return st;
}

bd_status app_backup(app *a, const char *path, bool force, bd_err *e)
{
    bd_status st = require_admin(a, "backing up the database", e);
    if (st != BD_OK)
        return st;
    if (!path || !*path)
        return bd_errf(e, BD_ERR_USAGE, "give the FILE to copy the database to");
    st = io_priv_setgid() ? backup_as_user(a, path, force, e) : store_backup(a->db, path, force, e);
    if (st != BD_OK)
        return st;
    bd_json j;
    bd_json_begin(&j);
    bd_json_str(&j, "file", path);
    bd_json_end(&j);
    /* The copy is taken first, so it does not hold this row. */
    if ((st = app_tx_begin(a, e)) == BD_OK)
        st = app_tx_end(a, app_audit_write(a, "database", 0, "backup", NULL, j.buf.data, e), e);
    bd_buf_free(&j.buf);
    return st;
}

bd_status app_check(app *a, char *report, size_t n, bd_err *e)
{
    bd_status st = require_admin(a, "checking the database", e);
    if (st != BD_OK)
        return st;
    char integrity[2048];
    st = store_integrity(a->db, integrity, sizeof integrity, e);
    if (st != BD_OK) {
        bd_strfmt(report, n, "integrity: %s", integrity);
        return st;
    }
    int64_t rows = 0, bad = 0;
    bool may_audit = app_can(a, PERM_AUDIT_READ);
    if (may_audit)
        st = app_audit_verify(a, &rows, &bad, e);
    bd_strfmt(report, n, "integrity: ok\naudit: %s%lld rows%s", st == BD_OK ? "" : "FAILED: ",
              (long long)rows, may_audit ? "" : " (not checked: needs audit.read)");
    return st;
}
