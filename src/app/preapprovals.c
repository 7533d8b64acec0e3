/* Entertainment pre-approvals: asked for before the entertainment takes
 * place, decided through claims.yaml's pre-approval flow; a claim line of
 * a category that needs one cites it (claims.c). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

static const char MODULE[] = "preapprovals";

static char *pa_json(const void *rec)
{
    const store_preapproval *p = rec;
    bd_json j;
    char m[32];
    bd_json_begin(&j);
    bd_json_str(&j, "reason", p->reason);
    bd_json_str(&j, "date", p->on_date);
    bd_json_str(&j, "place", p->place);
    bd_json_str(&j, "participants", p->participants);
    bd_json_str(&j, "estimate", bd_money_format(p->estimate, false, m, sizeof m));
    bd_json_int(&j, "customer", p->customer_id);
    bd_json_str(&j, "state", p->state);
    bd_json_int(&j, "step", p->review_step);
    bd_json_end(&j);
    return j.buf.data;
}

/* What the tiers compare: the estimate, or for a key customer more than
 * any tier, so that it goes to every leadership step. */
static int64_t routing_amount(app *a, const store_preapproval *p)
{
    return *p->class_code && policy_key_class(app_policy(a), p->class_code) ? INT64_MAX
                                                                           : p->estimate;
}

static bd_status pa_load(app *a, int64_t id, void *rec, app_request *r, bd_err *e)
{
    store_preapproval *p = rec;
    bd_status st = store_preapproval_get(a->db, NULL, id, p, e);
    if (st != BD_OK)
        return st;
    *r = (app_request){.id = p->id, .author_id = p->author_id, .version = p->version,
                       .review_step = p->review_step, .review_round = p->review_round,
                       .amount = routing_amount(a, p)};
    bd_strlcpy(r->state, p->state, sizeof r->state);
    return BD_OK;
}

static bd_status pa_save(app *a, void *rec, const app_request *r, bd_err *e)
{
    store_preapproval *p = rec;
    bd_strlcpy(p->state, r->state, sizeof p->state);
    p->review_step = r->review_step;
    p->review_round = r->review_round;
    return store_preapproval_update(a->db, p, e);
}

static const policy_flow *pa_flow(app *a, const void *rec, bd_err *e)
{
    (void)e;
    return policy_claims_flow(app_policy(a), CLAIM_FLOW_PREAPPROVAL,
                              ((const store_preapproval *)rec)->department);
}

static bd_status pa_in_review(app *a, int64_t *ids, int max, int *n, bd_err *e)
{
    store_viewer all = {.see = STORE_SEE_ALL};
    store_preapproval *rows = bd_xcalloc((size_t)max, sizeof *rows);
    bd_status st = store_preapproval_list(a->db, &all, "in_review", rows, max, n, e);
    /* The list is newest first; the inbox wants the oldest first. */
    for (int i = 0; st == BD_OK && i < *n; i++)
        ids[i] = rows[*n - 1 - i].id;
    free(rows);
    return st;
}

static void pa_describe(app *a, const void *rec, app_work_item *w)
{
    const store_preapproval *p = rec;
    bd_strlcpy(w->what, p->reason, sizeof w->what);
    bd_strlcpy(w->party, p->company, sizeof w->party);
    bd_strlcpy(w->waiting_since, p->created_at, sizeof w->waiting_since);
    w->amount = p->estimate;
    if (routing_amount(a, p) != p->estimate)
        bd_strlcpy(w->flags, "key customer", sizeof w->flags);
}

const app_request_kind app_kind_preapproval = {
    .module = MODULE, .entity = "preapproval", .noun = "pre-approval", .perm = PERM_CLAIMS,
    .size = sizeof(store_preapproval), .load = pa_load, .save = pa_save, .flow = pa_flow,
    .json = pa_json, .in_review = pa_in_review, .describe = pa_describe,
};

static bd_status text_field(const char *field, const char *text, char *out, size_t n,
                            const char *hint, bd_err *e)
{
    if (!text || !*text || !bd_strlcpy(out, text, n))
        return bd_errf(e, BD_ERR_INVALID, "%s: %s (up to %zu bytes)", field, hint, n - 1);
    return BD_OK;
}

bd_status app_preapproval_new(app *a, const app_preapproval_input *in, store_preapproval *out,
                              bd_err *e)
{
    bd_status st = app_require(a, PERM_CLAIMS, "asking for a pre-approval", e);
    if (st != BD_OK)
        return st;
    store_preapproval p = {.author_id = a->actor.user.id, .review_round = 1};
    bd_strlcpy(p.department, a->actor.user.department, sizeof p.department);
    if ((st = text_field("reason", in->reason, p.reason, sizeof p.reason,
                         "say why the entertainment is needed", e)) != BD_OK ||
        (st = app_parse_date("date", in->date, p.on_date, e)) != BD_OK ||
        (st = text_field("place", in->place, p.place, sizeof p.place, "say where", e)) != BD_OK ||
        (st = text_field("participants", in->participants, p.participants,
                         sizeof p.participants, "name the customer's people and the staff",
                         e)) != BD_OK ||
        (st = app_parse_money("estimate", in->estimate, &p.estimate, e)) != BD_OK)
        return st;
    if (p.estimate == 0)
        return bd_errf(e, BD_ERR_INVALID, "estimate: must be more than 0");
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    if (in->customer_id) {
        store_viewer v = app_viewer(a);
        store_customer c;
        if ((st = store_customer_get(a->db, &v, in->customer_id, &c, e)) == BD_ERR_NOTFOUND)
            st = bd_errf(e, st, "customer: no customer #%lld that you may see",
                         (long long)in->customer_id);
        if (st == BD_OK) {
            p.customer_id = in->customer_id;
            bd_strlcpy(p.class_code, c.class_code, sizeof p.class_code);
        }
    }
    if (st == BD_OK) {
        const policy_flow *f = pa_flow(a, &p, e);
        p.review_step = app_request_first_step(f, routing_amount(a, &p), p.state);
        app_timestamp(p.created_at, sizeof p.created_at);
        st = store_preapproval_insert(a->db, &p, e);
    }
    if (st == BD_OK)
        st = app_request_created(a, &app_kind_preapproval, &p, p.id, e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        st = store_preapproval_get(a->db, NULL, p.id, out, e);
    return st;
}

bd_status app_preapproval_act(app *a, int64_t id, apv_action act, const char *comment,
                              int64_t expected_version, store_preapproval *out, bd_err *e)
{
    return app_request_act(a, &app_kind_preapproval, id, act, comment, expected_version, out, e);
}

bd_status app_preapproval_get(app *a, int64_t id, store_preapproval *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_CLAIMS, "reading pre-approvals", e);
    if (st != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    st = store_preapproval_get(a->db, &v, id, out, e);
    if (st == BD_ERR_NOTFOUND && app_request_awaits(a, &app_kind_preapproval, id))
        st = store_preapproval_get(a->db, NULL, id, out, e);
    if (st == BD_ERR_NOTFOUND)
        return bd_errf(e, st, "no pre-approval #%lld that you may see", (long long)id);
    return st;
}

bd_status app_preapproval_list(app *a, const char *state, store_preapproval *rows, int max,
                               int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CLAIMS, "reading pre-approvals", e);
    if (st != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    return store_preapproval_list(a->db, &v, state && *state ? state : NULL, rows, max, n, e);
}
