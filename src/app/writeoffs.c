/* Bad-debt write-offs through the approval engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

static const char MODULE[] = "writeoffs";

static char *writeoff_json(const store_writeoff *w)
{
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
    apv_flow f = policy_apv_flow(&a->pol->writeoff_flow, MODULE);
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
        w.review_step = apv_next_step(&f, 0, w.amount);
        bd_strlcpy(w.state, w.review_step >= f.nsteps ? "approved" : "in_review", sizeof w.state);
        app_timestamp(w.created_at, sizeof w.created_at);
        st = store_writeoff_insert(a->db, &w, e);
    }
    if (st == BD_OK)
        st = app_engine_record(a, MODULE, w.id, 1, -1, &f, APV_SUBMIT, NULL, NULL, e);
    if (st == BD_OK && strcmp(w.state, "approved") == 0)
        st = store_receivable_write_off(a->db, receivable_id, e);
    if (st == BD_OK) {
        char *after = writeoff_json(&w);
        st = app_audit_write(a, "writeoff", w.id, "create", NULL, after, e);
        free(after);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = w;
    return st;
}

/* The engine's view of write-off w. */
static bd_status writeoff_engine(app *a, const store_writeoff *w, apv_item *item, app_engine *en,
                                 bd_err *e)
{
    bd_status st = app_engine_load(a, w->author_id, en, e);
    if (st != BD_OK)
        return st;
    memset(item, 0, sizeof *item);
    item->state = strcmp(w->state, "in_review") == 0 ? APV_IN_REVIEW
                  : strcmp(w->state, "rejected") == 0 ? APV_REJECTED
                  : strcmp(w->state, "withdrawn") == 0 ? APV_DRAFT : APV_APPROVED;
    item->step = w->review_step;
    item->amount = w->amount;
    item->author_id = w->author_id;
    return app_engine_decided(a, MODULE, w->id, w->review_round, item, e);
}

bd_status app_writeoff_act(app *a, int64_t id, apv_action act, const char *comment,
                           store_writeoff *out, bd_err *e)
{
    if (act == APV_SUBMIT)
        return bd_errf(e, BD_ERR_INVALID, "a write-off is submitted when it is asked for");
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "nobody is logged in");
    apv_flow f = policy_apv_flow(&a->pol->writeoff_flow, MODULE);
    app_engine *en = bd_xcalloc(1, sizeof *en);
    bd_status st = app_tx_begin(a, e);
    if (st != BD_OK) {
        free(en);
        return st;
    }
    store_writeoff w, before;
    apv_item item = {0};
    st = store_writeoff_get(a->db, id, &w, e);
    if (st == BD_OK) {
        before = w;
        st = writeoff_engine(a, &w, &item, en, e);
    }
    const apv_person *behalf = NULL;
    int step = item.step;
    if (st == BD_OK && (st = apv_apply(&f, &item, &en->ctx, act, comment, &behalf, e)) != BD_OK)
        bd_err_prefix(e, "write-off #%lld", (long long)id);
    if (st == BD_OK) {
        w.review_step = item.step;
        bd_strlcpy(w.state, act == APV_WITHDRAW ? "withdrawn"
                            : item.state == APV_APPROVED ? "approved"
                            : item.state == APV_REJECTED ? "rejected" : "in_review",
                   sizeof w.state);
        st = store_writeoff_update(a->db, &w, e);
    }
    if (st == BD_OK)
        st = app_engine_record(a, MODULE, id, w.review_round, step, &f, act, behalf, comment, e);
    if (st == BD_OK && strcmp(w.state, "approved") == 0)
        st = store_receivable_write_off(a->db, w.receivable_id, e);
    if (st == BD_OK) {
        char *b = writeoff_json(&before), *af = writeoff_json(&w);
        st = app_audit_write_for(a, behalf ? behalf->login : NULL, "writeoff", id,
                                 apv_action_name(act), b, af, e);
        free(b);
        free(af);
    }
    st = app_tx_end(a, st, e);
    free(en);
    if (st == BD_OK && out)
        *out = w;
    return st;
}

bd_status app_writeoffs_awaiting(app *a, store_writeoff *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    if (!a->logged_in)
        return BD_OK;
    apv_flow f = policy_apv_flow(&a->pol->writeoff_flow, MODULE);
    enum { LIMIT = 200 };
    store_writeoff *all = bd_xcalloc(LIMIT, sizeof *all);
    app_engine *en = bd_xcalloc(1, sizeof *en);
    int got = 0;
    bd_status st = store_writeoffs_in_review(a->db, all, LIMIT, &got, e);
    for (int i = 0; st == BD_OK && i < got && *n < max; i++) {
        apv_item item;
        if ((st = writeoff_engine(a, &all[i], &item, en, e)) != BD_OK)
            break;
        if (apv_check(&f, &item, &en->ctx, APV_APPROVE, NULL, NULL) == BD_OK)
            rows[(*n)++] = all[i];
    }
    free(en);
    free(all);
    return st;
}
