/* The audit trail: the chain's tail, appending, and streaming rows out.
 * The table refuses UPDATE and DELETE by trigger (001_init.sql). */
#include <string.h>

#include "store_internal.h"

bd_status store_audit_tail(store *s, int64_t *last_id, char hash[65], bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status =
        store_prepare(s, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st, e);
    if (status != BD_OK)
        return status;
    *last_id = 0;
    hash[0] = '\0';
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *last_id = sqlite3_column_int64(st, 0);
        store_column_copy(st, 1, hash, 65);
    } else if (rc != SQLITE_DONE) {
        status = store_fail(s, rc, e, "reading the end of the audit trail");
    }
    sqlite3_finalize(st);
    return status;
}

/* r->id is written as given (the hash covers it); 0 lets SQLite choose. */
bd_status store_audit_insert(store *s, const bd_audit_row *r, const char *hash, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
                                     "INSERT INTO audit(id, at, actor, on_behalf, entity, "
                                     "entity_id, action, before, after, prev_hash, hash) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                                     &st, e);
    if (status != BD_OK)
        return status;
    int rc = r->id ? sqlite3_bind_int64(st, 1, r->id) : sqlite3_bind_null(st, 1);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 2, r->at);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 3, r->actor);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 4, r->on_behalf);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 5, r->entity);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 6, r->entity_id);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 7, r->action);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 8, r->before);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 9, r->after);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 10, r->prev_hash);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 11, hash);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        status = bd_errf(e, BD_ERR_CONFLICT,
                         "%s: audit row %lld exists already (written by another bizdesk?)",
                         s->path, (long long)r->id);
    else if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "writing the audit trail");
    sqlite3_finalize(st);
    return status;
}

static const char *column_or(sqlite3_stmt *st, int col, const char *dflt)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : dflt;
}

bd_status store_audit_each(store *s, const store_audit_query *q, store_audit_cb cb, void *ctx,
                           bd_err *e)
{
    /* The SQL text varies only by which constant conditions are present;
     * every value is bound. */
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT id, at, actor, on_behalf, entity, entity_id, action, before, "
                      "after, prev_hash, hash FROM audit WHERE id > ?4");
    if (q->entity)
        bd_buf_puts(&sql, " AND entity = ?1");
    if (q->entity_id)
        bd_buf_puts(&sql, " AND entity_id = ?2");
    if (q->actor)
        bd_buf_puts(&sql, " AND actor = ?3");
    bd_buf_puts(&sql, q->newest_first ? " ORDER BY id DESC" : " ORDER BY id");
    bd_buf_puts(&sql, " LIMIT ?5");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, bd_buf_str(&sql), &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    int rc = store_bind_text(st, 1, q->entity);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 2, q->entity_id);
    if (rc == SQLITE_OK)
        rc = store_bind_text(st, 3, q->actor);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 4, q->after_id);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int(st, 5, q->limit > 0 ? q->limit : -1); /* -1: no limit */
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* The strings point into the row: valid until the next step. */
        bd_audit_row r = {
            .id = sqlite3_column_int64(st, 0),
            .at = column_or(st, 1, ""),
            .actor = column_or(st, 2, ""),
            .on_behalf = column_or(st, 3, NULL),
            .entity = column_or(st, 4, ""),
            .entity_id = sqlite3_column_int64(st, 5),
            .action = column_or(st, 6, ""),
            .before = column_or(st, 7, NULL),
            .after = column_or(st, 8, NULL),
            .prev_hash = column_or(st, 9, ""),
        };
        const char *hash = column_or(st, 10, "");
        if (cb(ctx, &r, hash) != 0) {
            rc = SQLITE_DONE;
            break;
        }
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "reading the audit trail");
    sqlite3_finalize(st);
    return status;
}
