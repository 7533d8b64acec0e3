/* Execution tracking: change requests, delays and disputes of a contract. */
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
#define EVENT_SELECT                                                                       \
    "SELECT v.id, v.contract_id, v.kind, v.on_date, v.summary, v.resolution, v.resolved_on, " \
    "v.actor_id, u.login, v.at, v.version FROM contract_events v JOIN users u ON u.id = v.actor_id "

static void event_row(sqlite3_stmt *st, void *out)
{
    store_event *ev = out;
    memset(ev, 0, sizeof *ev);
    ev->id = sqlite3_column_int64(st, 0);
    ev->contract_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, ev->kind, sizeof ev->kind);
    store_column_copy(st, 3, ev->on_date, sizeof ev->on_date);
    store_column_copy(st, 4, ev->summary, sizeof ev->summary);
    store_column_copy(st, 5, ev->resolution, sizeof ev->resolution);
    store_column_copy(st, 6, ev->resolved_on, sizeof ev->resolved_on);
    ev->actor_id = sqlite3_column_int64(st, 7);
    store_column_copy(st, 8, ev->actor_login, sizeof ev->actor_login);
    store_column_copy(st, 9, ev->at, sizeof ev->at);
    ev->version = sqlite3_column_int64(st, 10);
}

bd_status store_event_insert(store *s, store_event *ev, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO contract_events (contract_id, kind, on_date, summary, actor_id, at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, ev->contract_id);
    store_bind_text(st, 2, ev->kind);
    store_bind_text(st, 3, ev->on_date);
    store_bind_text(st, 4, ev->summary);
    sqlite3_bind_int64(st, 5, ev->actor_id);
    store_bind_opt(st, 6, ev->at);
    status = store_step_done(s, st, e, "logging a contract event");
    sqlite3_finalize(st);
    if (status == BD_OK) {
        ev->id = sqlite3_last_insert_rowid(s->db);
        ev->version = 1;
    }
    return status;
}

bd_status store_event_resolve(store *s, int64_t id, const char *resolution, const char *on,
                              bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE contract_events SET resolution = ?1, resolved_on = ?2, version = version + 1 "
        "WHERE id = ?3 AND resolved_on IS NULL", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, resolution);
    store_bind_text(st, 2, on);
    sqlite3_bind_int64(st, 3, id);
    status = store_step_done(s, st, e, "resolving a contract event");
    sqlite3_finalize(st);
    if (status == BD_OK && sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT, "event #%lld is resolved already", (long long)id);
    return status;
}

bd_status store_event_get(store *s, int64_t id, store_event *ev, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, EVENT_SELECT "WHERE v.id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        event_row(st, ev);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no contract event #%lld", (long long)id);
    else
        status = store_fail(s, rc, e, "reading contract event #%lld", (long long)id);
    sqlite3_finalize(st);
    return status;
}

bd_status store_event_list(store *s, int64_t contract_id, store_event *rows, int max, int *n,
                           bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, EVENT_SELECT "WHERE v.contract_id = ?1 ORDER BY v.id "
                                        "LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, event_row, rows, sizeof *rows, max, n,
                         "listing contract events", e);
}
