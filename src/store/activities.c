/* Activities: calls, visits, meetings... on a customer. */
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

bd_status store_activity_insert(store *s, store_activity *a, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO activities (customer_id, opportunity_id, kind, on_date, actor_id, summary, "
        "background, goals_met, disagreements, lessons, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, coalesce(?11, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, a->customer_id);
    if (a->opportunity_id)
        sqlite3_bind_int64(st, 2, a->opportunity_id);
    store_bind_text(st, 3, a->kind);
    store_bind_text(st, 4, a->on_date);
    sqlite3_bind_int64(st, 5, a->actor_id);
    store_bind_text(st, 6, a->summary);
    store_bind_text(st, 7, a->background);
    store_bind_text(st, 8, a->goals_met);
    store_bind_text(st, 9, a->disagreements);
    store_bind_text(st, 10, a->lessons);
    store_bind_opt(st, 11, a->created_at);
    status = store_step_done(s, st, e, "adding an activity");
    sqlite3_finalize(st);
    if (status != BD_OK)
        return status;
    a->id = sqlite3_last_insert_rowid(s->db);
    status = store_prepare(s,
        "UPDATE customers SET last_contact = ?1 WHERE id = ?2 "
        "AND (last_contact IS NULL OR last_contact < ?1)", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, a->on_date);
    sqlite3_bind_int64(st, 2, a->customer_id);
    status = store_step_done(s, st, e, "noting the last contact");
    sqlite3_finalize(st);
    return status;
}

static void activity_row(sqlite3_stmt *st, void *out)
{
    store_activity *a = out;
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->customer_id = sqlite3_column_int64(st, 1);
    a->opportunity_id = sqlite3_column_int64(st, 2);
    store_column_copy(st, 3, a->kind, sizeof a->kind);
    store_column_copy(st, 4, a->on_date, sizeof a->on_date);
    a->actor_id = sqlite3_column_int64(st, 5);
    store_column_copy(st, 6, a->actor_login, sizeof a->actor_login);
    store_column_copy(st, 7, a->summary, sizeof a->summary);
    store_column_copy(st, 8, a->background, sizeof a->background);
    store_column_copy(st, 9, a->goals_met, sizeof a->goals_met);
    store_column_copy(st, 10, a->disagreements, sizeof a->disagreements);
    store_column_copy(st, 11, a->lessons, sizeof a->lessons);
    store_column_copy(st, 12, a->created_at, sizeof a->created_at);
}

bd_status store_activity_list(store *s, int64_t customer_id, store_activity *rows, int max,
                              int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT a.id, a.customer_id, a.opportunity_id, a.kind, a.on_date, a.actor_id, w.login, "
        "a.summary, a.background, a.goals_met, a.disagreements, a.lessons, a.created_at "
        "FROM activities a JOIN users w ON w.id = a.actor_id WHERE a.customer_id = ?1 "
        "ORDER BY a.on_date DESC, a.id DESC LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, customer_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, activity_row, rows, sizeof *rows, max, n,
                         "reading activities", e);
}
