/* After-sales care: complaints and satisfaction scores (003 §7). */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

#define COMPLAINT_SELECT                                                              \
    "SELECT k.id, k.customer_id, c.name, k.opened_on, k.summary, k.department, k.state, " \
    "k.resolution, k.closed_on, k.created_by, k.updated_at, k.version "               \
    "FROM complaints k JOIN customers c ON c.id = k.customer_id "

static void complaint_row(sqlite3_stmt *st, void *out)
{
    store_complaint *k = out;
    memset(k, 0, sizeof *k);
    k->id = sqlite3_column_int64(st, 0);
    k->customer_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, k->company, sizeof k->company);
    store_column_copy(st, 3, k->opened_on, sizeof k->opened_on);
    store_column_copy(st, 4, k->summary, sizeof k->summary);
    store_column_copy(st, 5, k->department, sizeof k->department);
    store_column_copy(st, 6, k->state, sizeof k->state);
    store_column_copy(st, 7, k->resolution, sizeof k->resolution);
    store_column_copy(st, 8, k->closed_on, sizeof k->closed_on);
    k->created_by = sqlite3_column_int64(st, 9);
    store_column_copy(st, 10, k->updated_at, sizeof k->updated_at);
    k->version = sqlite3_column_int64(st, 11);
}

bd_status store_complaint_insert(store *s, store_complaint *k, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO complaints (customer_id, opened_on, summary, department, state, created_by, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, 'open', ?5, coalesce(?6, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, k->customer_id);
    store_bind_text(st, 2, k->opened_on);
    store_bind_text(st, 3, k->summary);
    store_bind_text(st, 4, k->department);
    sqlite3_bind_int64(st, 5, k->created_by);
    store_bind_text(st, 6, *k->updated_at ? k->updated_at : NULL);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "adding a complaint");
    sqlite3_finalize(st);
    if (status == BD_OK) {
        k->id = sqlite3_last_insert_rowid(s->db);
        k->version = 1;
        bd_strlcpy(k->state, "open", sizeof k->state);
    }
    return status;
}

bd_status store_complaint_get(store *s, const store_viewer *v, int64_t id, store_complaint *k,
                              bd_err *e)
{
    return store_get_by_id(s, COMPLAINT_SELECT "WHERE k.id = :id AND ", v, "c.owner_id", id,
                           complaint_row, k, "complaint", e);
}

bd_status store_complaint_update(store *s, store_complaint *k, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE complaints SET department = ?1, state = ?2, resolution = ?3, closed_on = ?4, "
        "updated_at = coalesce(?5, " NOW_UTC "), version = version + 1 "
        "WHERE id = ?6 AND version = ?7", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, k->department);
    store_bind_text(st, 2, k->state);
    store_bind_text(st, 3, k->resolution);
    store_bind_text(st, 4, *k->closed_on ? k->closed_on : NULL);
    store_bind_text(st, 5, *k->updated_at ? k->updated_at : NULL);
    sqlite3_bind_int64(st, 6, k->id);
    sqlite3_bind_int64(st, 7, k->version);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "changing complaint #%lld", (long long)k->id);
    sqlite3_finalize(st);
    if (status == BD_OK && sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT, "complaint #%lld was changed by someone else; reload",
                       (long long)k->id);
    if (status == BD_OK)
        k->version++;
    return status;
}

bd_status store_complaint_open(store *s, const store_viewer *v, store_complaint *rows, int max,
                               int *n, bd_err *e)
{
    *n = 0;
    bd_buf sql = {0};
    bd_buf_puts(&sql, COMPLAINT_SELECT "WHERE k.state <> 'closed' AND ");
    store_viewer_sql(&sql, v, "c.owner_id");
    bd_buf_puts(&sql, " ORDER BY k.opened_on, k.id LIMIT :max");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":max"), max);
    store_viewer_bind(st, v);
    return store_collect(s, st, complaint_row, rows, sizeof *rows, max, n,
                         "listing complaints", e);
}

bd_status store_satisfaction_add(store *s, int64_t customer_id, const char *survey, int score,
                                 const char *on_date, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO satisfaction (customer_id, survey, score, on_date) VALUES (?1, ?2, ?3, ?4)",
        &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, customer_id);
    store_bind_text(st, 2, survey);
    sqlite3_bind_int(st, 3, score);
    store_bind_text(st, 4, on_date);
    int rc = sqlite3_step(st);
    if (store_unique_violation(s, rc)) {
        status = bd_errf(e, BD_ERR_CONFLICT, "customer #%lld already has a score for survey '%s'",
                         (long long)customer_id, survey);
    } else if (rc != SQLITE_DONE) {
        status = store_fail(s, rc, e, "adding a satisfaction score");
    }
    sqlite3_finalize(st);
    return status;
}

bd_status store_satisfaction_avg(store *s, int64_t customer_id, int64_t *avg100, int64_t *count,
                                 bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT coalesce((sum(score) * 100 + count(*) / 2) / count(*), 0), count(*) "
        "FROM satisfaction WHERE customer_id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, customer_id);
    int rc = sqlite3_step(st);
    *avg100 = *count = 0;
    if (rc == SQLITE_ROW) {
        *avg100 = sqlite3_column_int64(st, 0);
        *count = sqlite3_column_int64(st, 1);
    } else {
        status = store_fail(s, rc, e, "reading satisfaction scores");
    }
    sqlite3_finalize(st);
    return status;
}

bd_status store_complaint_list(store *s, int64_t customer_id, store_complaint *rows, int max,
                               int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, COMPLAINT_SELECT "WHERE k.customer_id = ?1 "
                                        "ORDER BY k.opened_on DESC, k.id DESC LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, customer_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, complaint_row, rows, sizeof *rows, max, n,
                         "listing complaints", e);
}
