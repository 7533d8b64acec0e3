/* Amendments of signed contracts through the approval engine, and the
 * versions they make. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

static const char MODULE[] = "amendments";

static char *amendment_json(const void *rec)
{
    const store_amendment *m = rec;
    bd_json j;
    char money[32];
    bd_json_begin(&j);
    bd_json_int(&j, "contract", m->contract_id);
    bd_json_str(&j, "kind", m->kind);
    bd_json_str(&j, "content", m->content);
    bd_json_str(&j, "reason", m->reason);
    bd_json_str(&j, "effective", m->effective_date);
    bd_json_str(&j, "new_amount", m->new_amount < 0 ? NULL
                                  : bd_money_format(m->new_amount, false, money, sizeof money));
    bd_json_str(&j, "new_end", *m->new_end_date ? m->new_end_date : NULL);
    bd_json_str(&j, "state", m->state);
    bd_json_int(&j, "step", m->review_step);
    bd_json_end(&j);
    return j.buf.data;
}

/* The contract becomes its next version: the old one is kept. */
static bd_status apply_amendment(app *a, void *rec, bd_err *e)
{
    const store_amendment *m = rec;
    store_viewer all = {.see = STORE_SEE_ALL};
    store_contract c, before;
    bd_status st = store_contract_get(a->db, &all, m->contract_id, &c, e);
    if (st != BD_OK)
        return st;
    before = c;
    store_version v = {.contract_id = c.id, .version_no = c.contract_version,
                       .amendment_id = m->id};
    char *snap = app_contract_json(&c);
    bd_strlcpy(v.snapshot, snap, sizeof v.snapshot);
    free(snap);
    app_timestamp(v.created_at, sizeof v.created_at);
    if ((st = store_version_insert(a->db, &v, e)) != BD_OK)
        return st;
    if (m->new_amount >= 0)
        c.amount = m->new_amount;
    if (*m->new_end_date)
        bd_strlcpy(c.end_date, m->new_end_date, sizeof c.end_date);
    c.contract_version++;
    app_timestamp(c.updated_at, sizeof c.updated_at);
    if ((st = store_contract_update(a->db, &c, e)) != BD_OK)
        return st;
    char *b = app_contract_json(&before), *f = app_contract_json(&c);
    st = app_audit_write(a, "contract", c.id, "amended", b, f, e);
    free(b);
    free(f);
    return st;
}

bd_status app_amend(app *a, int64_t contract_id, const app_amend_input *in, store_amendment *out,
                    bd_err *e)
{
    bd_status st = app_require(a, PERM_CONTRACTS, "amending a contract", e);
    if (st != BD_OK)
        return st;
    const policy *p = a->pol;
    int k = policy_amendment_index(p, in->kind ? in->kind : "");
    if (k < 0)
        return bd_errf(e, BD_ERR_INVALID, "kind: '%s' is not an amendment kind in contracts.yaml",
                       in->kind ? in->kind : "");
    store_amendment m = {.contract_id = contract_id, .author_id = a->actor.user.id, .new_amount = -1,
                         .review_round = 1};
    bd_strlcpy(m.kind, in->kind, sizeof m.kind);
    if (!in->content || !*in->content || !bd_strlcpy(m.content, in->content, sizeof m.content))
        return bd_errf(e, BD_ERR_INVALID, "content: say what changes (up to 2047 bytes)");
    if (!in->reason || !*in->reason || !bd_strlcpy(m.reason, in->reason, sizeof m.reason))
        return bd_errf(e, BD_ERR_INVALID, "reason: say why (up to 1023 bytes)");
    bd_date d;
    bd_err pe = {0};
    if (!in->effective_date || bd_date_parse(in->effective_date, &d, &pe) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "effective: %s", in->effective_date ? pe.msg : "required");
    bd_date_format(d, m.effective_date, sizeof m.effective_date);
    if (in->new_amount && *in->new_amount) {
        if (bd_money_parse(in->new_amount, &m.new_amount, &pe) != BD_OK)
            return bd_errf(e, BD_ERR_INVALID, "amount: %s", pe.msg);
        if (m.new_amount < 0)
            return bd_errf(e, BD_ERR_INVALID, "amount: negative");
    }
    if (in->new_end_date && *in->new_end_date) {
        if (bd_date_parse(in->new_end_date, &d, &pe) != BD_OK)
            return bd_errf(e, BD_ERR_INVALID, "end: %s", pe.msg);
        bd_date_format(d, m.new_end_date, sizeof m.new_end_date);
    }
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_contract c;
    st = store_contract_get(a->db, &v, contract_id, &c, e);
    if (st == BD_OK && strcmp(c.state, "signed") != 0 && strcmp(c.state, "executing") != 0)
        st = bd_errf(e, BD_ERR_INVALID, "contract #%lld is %s; only a signed contract is amended "
                     "(a draft is edited)", (long long)contract_id, c.state);
    if (st == BD_OK && *m.new_end_date && strcmp(m.new_end_date, c.start_date) < 0)
        st = bd_errf(e, BD_ERR_INVALID, "end: %s is before the start %s", m.new_end_date, c.start_date);
    if (st == BD_OK && (strcmp(m.effective_date, c.start_date) < 0 ||
                        strcmp(m.effective_date, *m.new_end_date ? m.new_end_date : c.end_date) > 0))
        st = bd_errf(e, BD_ERR_INVALID, "effective: %s is outside the contract", m.effective_date);
    int64_t amount = st == BD_OK && m.new_amount >= 0 ? m.new_amount : c.amount;
    if (st == BD_OK && !policy_to_company(p, c.currency, amount, &amount))
        st = bd_errf(e, BD_ERR_POLICY, "contract #%lld is in %s, which has no rate in "
                     "contracts.yaml's exchange_rates", (long long)c.id, c.currency);
    if (st == BD_OK) {
        m.review_step = app_request_first_step(&p->amendments[k].flow, amount, m.state);
        app_timestamp(m.created_at, sizeof m.created_at);
        st = store_amendment_insert(a->db, &m, e);
    }
    if (st == BD_OK)
        st = app_request_created(a, &app_kind_amendment, &m, m.id, e);
    if (st == BD_OK && strcmp(m.state, "approved") == 0)
        st = apply_amendment(a, &m, e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = m;
    return st;
}

static bd_status am_load(app *a, int64_t id, void *rec, app_request *r, bd_err *e)
{
    store_amendment *m = rec;
    bd_status st = store_amendment_get(a->db, id, m, e);
    store_viewer all = {.see = STORE_SEE_ALL};
    store_contract c;
    if (st == BD_OK)
        st = store_contract_get(a->db, &all, m->contract_id, &c, e);
    if (st != BD_OK)
        return st;
    *r = (app_request){.id = m->id, .author_id = m->author_id, .version = m->version,
                       .review_step = m->review_step, .review_round = m->review_round};
    if (!policy_to_company(a->pol, c.currency, m->new_amount >= 0 ? m->new_amount : c.amount,
                           &r->amount))
        return bd_errf(e, BD_ERR_POLICY, "contract #%lld is in %s, which has no rate in "
                       "contracts.yaml's exchange_rates", (long long)c.id, c.currency);
    bd_strlcpy(r->state, m->state, sizeof r->state);
    return BD_OK;
}

static bd_status am_save(app *a, void *rec, const app_request *r, bd_err *e)
{
    store_amendment *m = rec;
    bd_strlcpy(m->state, r->state, sizeof m->state);
    m->review_step = r->review_step;
    m->review_round = r->review_round;
    return store_amendment_update(a->db, m, e);
}

/* The flow of the amendment's kind. */
static const policy_flow *am_flow(app *a, const void *rec, bd_err *e)
{
    const store_amendment *m = rec;
    int k = policy_amendment_index(a->pol, m->kind);
    if (k < 0) {
        bd_errf(e, BD_ERR_POLICY, "amendment #%lld is of kind '%s', which contracts.yaml no "
                "longer has", (long long)m->id, m->kind);
        return NULL;
    }
    return &a->pol->amendments[k].flow;
}

static bd_status am_in_review(app *a, int64_t *ids, int max, int *n, bd_err *e)
{
    store_amendment *rows = bd_xcalloc((size_t)max, sizeof *rows);
    bd_status st = store_amendments_in_review(a->db, rows, max, n, e);
    for (int i = 0; st == BD_OK && i < *n; i++)
        ids[i] = rows[i].id;
    free(rows);
    return st;
}

static void am_describe(app *a, const void *rec, app_work_item *w)
{
    const store_amendment *m = rec;
    store_viewer all = {.see = STORE_SEE_ALL};
    store_contract c;
    bd_strfmt(w->what, sizeof w->what, "amend #%lld (%s): %s", (long long)m->contract_id, m->kind,
             m->content);
    if (store_contract_get(a->db, &all, m->contract_id, &c, NULL) == BD_OK) {
        bd_strlcpy(w->party, c.company, sizeof w->party);
        bd_strlcpy(w->currency, c.currency, sizeof w->currency);
    }
    bd_strlcpy(w->waiting_since, m->created_at, sizeof w->waiting_since);
}

const app_request_kind app_kind_amendment = {
    .module = MODULE, .entity = "amendment", .noun = "amendment", .perm = PERM_CONTRACTS,
    .size = sizeof(store_amendment), .load = am_load, .save = am_save, .flow = am_flow,
    .approved = apply_amendment, .json = amendment_json, .in_review = am_in_review,
    .describe = am_describe,
};

bd_status app_amendment_act(app *a, int64_t id, apv_action act, const char *comment,
                            store_amendment *out, bd_err *e)
{
    return app_request_act(a, &app_kind_amendment, id, act, comment, 0, out, e);
}

bd_status app_amendments_awaiting(app *a, store_amendment *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    app_work_item *w = bd_xcalloc((size_t)max, sizeof *w);
    int got = 0;
    bd_status st = app_request_inbox(a, &app_kind_amendment, w, max, &got, e);
    for (int i = 0; st == BD_OK && i < got; i++)
        if ((st = store_amendment_get(a->db, w[i].id, &rows[*n], e)) == BD_OK)
            (*n)++;
    free(w);
    return st;
}

bd_status app_amendment_list(app *a, int64_t contract_id, store_amendment *rows, int max, int *n,
                             bd_err *e)
{
    *n = 0;
    store_contract c;
    bd_status st = app_contract_get(a, contract_id, &c, e);
    return st == BD_OK ? store_amendment_list(a->db, contract_id, rows, max, n, e) : st;
}

bd_status app_contract_versions(app *a, int64_t contract_id, store_version *rows, int max, int *n,
                                bd_err *e)
{
    *n = 0;
    store_contract c;
    bd_status st = app_contract_get(a, contract_id, &c, e);
    return st == BD_OK ? store_version_list(a->db, contract_id, rows, max, n, e) : st;
}
