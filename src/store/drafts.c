/* Drafts: a form's unsaved text, per user and form (009_drafts.sql).  The
 * fields are one JSON object, written by app with core's JSON writer and
 * read back here with SQLite's json_each, so there is no JSON parser of
 * our own. */
#include "store_internal.h"

bd_status store_draft_put(store *s, int64_t user_id, const char *form, const char *fields,
                          const char *saved_at, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
                                     "INSERT INTO drafts (user_id, form, fields, saved_at) "
                                     "VALUES (?1, ?2, ?3, ?4) "
                                     "ON CONFLICT (user_id, form) DO UPDATE SET "
                                     "fields = excluded.fields, saved_at = excluded.saved_at",
                                     &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, user_id);
    store_bind_text(st, 2, form);
    store_bind_text(st, 3, fields);
    store_bind_text(st, 4, saved_at);
    status = store_step_done(s, st, e, "keeping the draft");
    sqlite3_finalize(st);
    return status;
}

bd_status store_draft_get(store *s, int64_t user_id, const char *form, char saved_at[21],
                          store_draft_cb cb, void *ctx, bd_err *e)
{
    sqlite3_stmt *st;
    /* The draft's row joined with its fields; a draft of no fields still
     * gives its row (LEFT JOIN), so it is found and can be cleared. */
    bd_status status = store_prepare(s,
                                     "SELECT d.saved_at, j.key, j.value FROM drafts d "
                                     "LEFT JOIN json_each(d.fields) j "
                                     "WHERE d.user_id = ?1 AND d.form = ?2 ORDER BY j.id",
                                     &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, user_id);
    store_bind_text(st, 2, form);
    int rc, rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows++ == 0)
            store_column_copy(st, 0, saved_at, 21);
        const char *name = (const char *)sqlite3_column_text(st, 1);
        const char *value = (const char *)sqlite3_column_text(st, 2);
        if (name && cb(ctx, name, value ? value : "") != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "reading the draft of %s", form);
    else if (rows == 0)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no draft of %s", form);
    sqlite3_finalize(st);
    return status;
}

bd_status store_draft_delete(store *s, int64_t user_id, const char *form, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status =
        store_prepare(s, "DELETE FROM drafts WHERE user_id = ?1 AND form = ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, user_id);
    store_bind_text(st, 2, form);
    status = store_step_done(s, st, e, "clearing the draft");
    sqlite3_finalize(st);
    return status;
}
