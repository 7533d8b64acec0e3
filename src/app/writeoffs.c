/* Bad-debt write-offs through the approval engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

static const char MODULE[] = "writeoffs";

static char *writeoff_json(const void *rec)
{
    const store_writeoff *w = rec;
    bd_json j;
    char money[32];
    bd_json_begin(&j);
    bd_json_int(&j, "receivable", w->receivable_id);
    bd_json_str(&j, "amount", bd_money_format(w->amount, false, money, sizeof money));
    bd_json_str(&j, "reason", w->reason);
    bd_json_str(&j, "state", w->state);
    bd_json_int(&j, "step", w->review_step);
    bd_json_end(&j);
    return j.buf.data;
}

static bd_status wo_approved(app *a, void *rec, bd_err *e);

bd_status app_writeoff_request(app *a, int64_t receivable_id, const char *reason,
                               store_writeoff *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_RECEIVABLES, "asking for a write-off", e);
    if (st != BD_OK)
        return st;
    store_writeoff w = {.receivable_id = receivable_id, .author_id = a->actor.user.id,
                        .review_round = 1};
    if (!reason || !*reason || !bd_strlcpy(w.reason, reason, sizeof w.reason))
        return bd_errf(e, BD_ERR_INVALID, "reason: say why the debt cannot be collected");
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_receivable r;
    st = store_receivable_get(a->db, &v, receivable_id, &r, e);
    if (st == BD_OK && strcmp(r.state, "open") != 0)
        st = bd_errf(e, BD_ERR_INVALID, "receivable #%lld is %s; only an open one is written off",
                     (long long)receivable_id, r.state);
    if (st == BD_OK) {
        w.amount = r.amount - r.paid;
        w.review_step = app_request_first_step(&a->pol->writeoff_flow, w.amount, w.state);
        app_timestamp(w.created_at, sizeof w.created_at);
        st = store_writeoff_insert(a->db, &w, e);
    }
    if (st == BD_OK)
        st = app_request_created(a, &app_kind_writeoff, &w, w.id, e);
    if (st == BD_OK && strcmp(w.state, "approved") == 0)
        st = wo_approved(a, &w, e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = w;
    return st;
}

static bd_status wo_load(app *a, int64_t id, void *rec, app_request *r, bd_err *e)
{
    store_writeoff *w = rec;
    bd_status st = store_writeoff_get(a->db, id, w, e);
    if (st != BD_OK)
        return st;
    *r = (app_request){.id = w->id, .author_id = w->author_id, .version = w->version,
                       .review_step = w->review_step, .review_round = w->review_round,
                       .amount = w->amount};
    bd_strlcpy(r->state, w->state, sizeof r->state);
    return BD_OK;
}

static bd_status wo_save(app *a, void *rec, const app_request *r, bd_err *e)
{
    store_writeoff *w = rec;
    bd_strlcpy(w->state, r->state, sizeof w->state);
    w->review_step = r->review_step;
    w->review_round = r->review_round;
    return store_writeoff_update(a->db, w, e);
}

static const policy_flow *wo_flow(app *a, const void *rec, bd_err *e)
{
    (void)rec, (void)e;
    return &a->pol->writeoff_flow;
}

static bd_status wo_approved(app *a, void *rec, bd_err *e)
{
    return store_receivable_write_off(a->db, ((store_writeoff *)rec)->receivable_id, e);
}

static bd_status wo_in_review(app *a, int64_t *ids, int max, int *n, bd_err *e)
{
    store_writeoff *rows = bd_xcalloc((size_t)max, sizeof *rows);
    bd_status st = store_writeoffs_in_review(a->db, rows, max, n, e);
    for (int i = 0; st == BD_OK && i < *n; i++)
        ids[i] = rows[i].id;
    free(rows);
    return st;
}

static void wo_describe(app *a, const void *rec, app_work_item *w)
{
    const store_writeoff *wo = rec;
    store_viewer all = {.see = STORE_SEE_ALL};
    store_receivable r;
    bd_strfmt(w->what, sizeof w->what, "write off receivable #%lld: %s",
             (long long)wo->receivable_id, wo->reason);
    if (store_receivable_get(a->db, &all, wo->receivable_id, &r, NULL) == BD_OK)
        bd_strlcpy(w->party, r.company, sizeof w->party);
    bd_strlcpy(w->waiting_since, wo->created_at, sizeof w->waiting_since);
}

const app_request_kind app_kind_writeoff = {
    .module = MODULE, .entity = "writeoff", .noun = "write-off", .perm = PERM_COUNT,
    .size = sizeof(store_writeoff), .load = wo_load, .save = wo_save, .flow = wo_flow,
    .approved = wo_approved, .json = writeoff_json, .in_review = wo_in_review,
    .describe = wo_describe,
};

bd_status app_writeoff_act(app *a, int64_t id, apv_action act, const char *comment,
                           store_writeoff *out, bd_err *e)
{
    return app_request_act(a, &app_kind_writeoff, id, act, comment, 0, out, e);
}

bd_status app_writeoffs_awaiting(app *a, store_writeoff *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    app_work_item *w = bd_xcalloc((size_t)max, sizeof *w);
    int got = 0;
    bd_status st = app_request_inbox(a, &app_kind_writeoff, w, max, &got, e);
    for (int i = 0; st == BD_OK && i < got; i++)
        if ((st = store_writeoff_get(a->db, w[i].id, &rows[*n], e)) == BD_OK)
            (*n)++;
    free(w);
    return st;
}
