/* Bad-debt write-off requests and marking receivables written off. */
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

bd_status store_writeoff_insert(store *s, store_writeoff *w, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO writeoffs (receivable_id, amount, reason, state, review_step, review_round, "
        "author_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, " NOW_UTC "))",
        &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, w->receivable_id);
    sqlite3_bind_int64(st, 2, w->amount);
    store_bind_text(st, 3, w->reason);
    store_bind_text(st, 4, *w->state ? w->state : "in_review");
    sqlite3_bind_int(st, 5, w->review_step);
    sqlite3_bind_int(st, 6, w->review_round ? w->review_round : 1);
    sqlite3_bind_int64(st, 7, w->author_id);
    store_bind_opt(st, 8, w->created_at);
    status = store_step_done(s, st, e, "adding a write-off request");
    sqlite3_finalize(st);
    if (status == BD_OK) {
        w->id = sqlite3_last_insert_rowid(s->db);
        w->version = 1;
    }
    return status;
}

#define WRITEOFF_SELECT                                                                      \
    "SELECT w.id, w.receivable_id, w.amount, w.reason, w.state, w.review_step, w.review_round, " \
    "w.author_id, u.login, w.created_at, w.version FROM writeoffs w "                        \
    "JOIN users u ON u.id = w.author_id "

static void writeoff_row(sqlite3_stmt *st, void *out)
{
    store_writeoff *w = out;
    memset(w, 0, sizeof *w);
    w->id = sqlite3_column_int64(st, 0);
    w->receivable_id = sqlite3_column_int64(st, 1);
    w->amount = sqlite3_column_int64(st, 2);
    store_column_copy(st, 3, w->reason, sizeof w->reason);
    store_column_copy(st, 4, w->state, sizeof w->state);
    w->review_step = sqlite3_column_int(st, 5);
    w->review_round = sqlite3_column_int(st, 6);
    w->author_id = sqlite3_column_int64(st, 7);
    store_column_copy(st, 8, w->author_login, sizeof w->author_login);
    store_column_copy(st, 9, w->created_at, sizeof w->created_at);
    w->version = sqlite3_column_int64(st, 10);
}

bd_status store_writeoff_get(store *s, int64_t id, store_writeoff *w, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, WRITEOFF_SELECT "WHERE w.id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        writeoff_row(st, w);
    } else if (rc == SQLITE_DONE) {
        status = bd_errf(e, BD_ERR_NOTFOUND, "no write-off request #%lld", (long long)id);
    } else {
        status = store_fail(s, rc, e, "reading write-off request #%lld", (long long)id);
    }
    sqlite3_finalize(st);
    return status;
}

bd_status store_writeoff_update(store *s, store_writeoff *w, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE writeoffs SET state = ?1, review_step = ?2, review_round = ?3, "
        "version = version + 1 WHERE id = ?4 AND version = ?5", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, w->state);
    sqlite3_bind_int(st, 2, w->review_step);
    sqlite3_bind_int(st, 3, w->review_round);
    sqlite3_bind_int64(st, 4, w->id);
    sqlite3_bind_int64(st, 5, w->version);
    status = store_step_done(s, st, e, "changing a write-off request");
    sqlite3_finalize(st);
    if (status == BD_OK && sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT, "write-off request #%lld moved on while you looked; "
                       "reload", (long long)w->id);
    if (status == BD_OK)
        w->version++;
    return status;
}

bd_status store_receivable_write_off(store *s, int64_t receivable_id, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE receivables SET state = 'written_off', version = version + 1 "
        "WHERE id = ?1 AND state = 'open'", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, receivable_id);
    status = store_step_done(s, st, e, "writing off a receivable");
    sqlite3_finalize(st);
    if (status == BD_OK && sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT, "receivable #%lld is no longer open",
                       (long long)receivable_id);
    return status;
}

bd_status store_writeoffs_in_review(store *s, store_writeoff *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, WRITEOFF_SELECT "WHERE w.state = 'in_review' ORDER BY w.id "
                                        "LIMIT ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int(st, 1, max);
    return store_collect(s, st, writeoff_row, rows, sizeof *rows, max, n,
                         "listing write-offs in review", e);
}
