/* Amendments of signed contracts and the contract versions they make. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

#define AMENDMENT_SELECT                                                                 \
    "SELECT m.id, m.contract_id, m.kind, m.content, m.reason, m.effective_date, "       \
    "m.new_amount, m.new_end_date, m.state, m.review_step, m.review_round, m.author_id, " \
    "u.login, m.created_at, m.version FROM amendments m JOIN users u ON u.id = m.author_id "

static void amendment_row(sqlite3_stmt *st, void *out)
{
    store_amendment *m = out;
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    m->contract_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, m->kind, sizeof m->kind);
    store_column_copy(st, 3, m->content, sizeof m->content);
    store_column_copy(st, 4, m->reason, sizeof m->reason);
    store_column_copy(st, 5, m->effective_date, sizeof m->effective_date);
    m->new_amount = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 6);
    store_column_copy(st, 7, m->new_end_date, sizeof m->new_end_date);
    store_column_copy(st, 8, m->state, sizeof m->state);
    m->review_step = sqlite3_column_int(st, 9);
    m->review_round = sqlite3_column_int(st, 10);
    m->author_id = sqlite3_column_int64(st, 11);
    store_column_copy(st, 12, m->author_login, sizeof m->author_login);
    store_column_copy(st, 13, m->created_at, sizeof m->created_at);
    m->version = sqlite3_column_int64(st, 14);
}

bd_status store_amendment_insert(store *s, store_amendment *m, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO amendments (contract_id, kind, content, reason, effective_date, new_amount, "
        "new_end_date, state, review_step, review_round, author_id, created_at) VALUES (?1, ?2, "
        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, coalesce(?12, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, m->contract_id);
    store_bind_text(st, 2, m->kind);
    store_bind_text(st, 3, m->content);
    store_bind_text(st, 4, m->reason);
    store_bind_text(st, 5, m->effective_date);
    if (m->new_amount >= 0)
        sqlite3_bind_int64(st, 6, m->new_amount);
    store_bind_opt(st, 7, m->new_end_date);
    store_bind_text(st, 8, *m->state ? m->state : "in_review");
    sqlite3_bind_int(st, 9, m->review_step);
    sqlite3_bind_int(st, 10, m->review_round ? m->review_round : 1);
    sqlite3_bind_int64(st, 11, m->author_id);
    store_bind_opt(st, 12, m->created_at);
    status = store_step_done(s, st, e, "adding an amendment");
    sqlite3_finalize(st);
    if (status == BD_OK) {
        m->id = sqlite3_last_insert_rowid(s->db);
        m->version = 1;
    }
    return status;
}

bd_status store_amendment_get(store *s, int64_t id, store_amendment *m, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, AMENDMENT_SELECT "WHERE m.id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        amendment_row(st, m);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no amendment #%lld", (long long)id);
    else
        status = store_fail(s, rc, e, "reading amendment #%lld", (long long)id);
    sqlite3_finalize(st);
    return status;
}

bd_status store_amendment_update(store *s, store_amendment *m, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE amendments SET state = ?1, review_step = ?2, review_round = ?3, "
        "version = version + 1 WHERE id = ?4 AND version = ?5", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, m->state);
    sqlite3_bind_int(st, 2, m->review_step);
    sqlite3_bind_int(st, 3, m->review_round);
    sqlite3_bind_int64(st, 4, m->id);
    sqlite3_bind_int64(st, 5, m->version);
    status = store_step_done(s, st, e, "changing an amendment");
    sqlite3_finalize(st);
    if (status == BD_OK && sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT, "amendment #%lld moved on while you looked; reload",
                       (long long)m->id);
    if (status == BD_OK)
        m->version++;
    return status;
}

bd_status store_amendment_list(store *s, int64_t contract_id, store_amendment *rows, int max,
                               int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, AMENDMENT_SELECT "WHERE m.contract_id = ?1 ORDER BY m.id "
                                        "LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, amendment_row, rows, sizeof *rows, max, n,
                         "listing amendments", e);
}

bd_status store_version_insert(store *s, const store_version *v, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "INSERT INTO contract_versions (contract_id, version_no, amendment_id, snapshot, "
        "created_at) VALUES (?1, ?2, ?3, ?4, coalesce(?5, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, v->contract_id);
    sqlite3_bind_int(st, 2, v->version_no);
    if (v->amendment_id)
        sqlite3_bind_int64(st, 3, v->amendment_id);
    store_bind_text(st, 4, v->snapshot);
    store_bind_opt(st, 5, v->created_at);
    status = store_step_done(s, st, e, "keeping a contract version");
    sqlite3_finalize(st);
    return status;
}

static void version_row(sqlite3_stmt *st, void *out)
{
    store_version *v = out;
    memset(v, 0, sizeof *v);
    v->contract_id = sqlite3_column_int64(st, 0);
    v->version_no = sqlite3_column_int(st, 1);
    v->amendment_id = sqlite3_column_int64(st, 2);
    store_column_copy(st, 3, v->snapshot, sizeof v->snapshot);
    store_column_copy(st, 4, v->created_at, sizeof v->created_at);
}

bd_status store_version_list(store *s, int64_t contract_id, store_version *rows, int max, int *n,
                             bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT contract_id, version_no, amendment_id, snapshot, created_at FROM contract_versions "
        "WHERE contract_id = ?1 ORDER BY version_no LIMIT ?2", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, contract_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, version_row, rows, sizeof *rows, max, n,
                         "listing contract versions", e);
}

bd_status store_amendments_in_review(store *s, store_amendment *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, AMENDMENT_SELECT "WHERE m.state = 'in_review' ORDER BY m.id "
                                        "LIMIT ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int(st, 1, max);
    return store_collect(s, st, amendment_row, rows, sizeof *rows, max, n,
                         "listing amendments in review", e);
}
