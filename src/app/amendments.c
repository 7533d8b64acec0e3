/* Amendments of signed contracts through the approval engine, and the
 * versions they make. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

static const char MODULE[] = "amendments";

static apv_state amendment_state(const char *state)
{
    if (strcmp(state, "in_review") == 0)
        return APV_IN_REVIEW;
    if (strcmp(state, "rejected") == 0)
        return APV_REJECTED;
    if (strcmp(state, "withdrawn") == 0)
        return APV_DRAFT;
    return APV_APPROVED;
}

static char *amendment_json(const store_amendment *m)
{
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
static bd_status apply_amendment(app *a, const store_amendment *m, bd_err *e)
{
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
    apv_flow f = policy_apv_flow(&p->amendments[k].flow, MODULE);
    int64_t amount = m.new_amount >= 0 ? m.new_amount : c.amount;
    if (st == BD_OK) {
        m.review_step = apv_next_step(&f, 0, amount);
        bd_strlcpy(m.state, m.review_step >= f.nsteps ? "approved" : "in_review", sizeof m.state);
        app_timestamp(m.created_at, sizeof m.created_at);
        st = store_amendment_insert(a->db, &m, e);
    }
    if (st == BD_OK)
        st = app_engine_record(a, MODULE, m.id, 1, -1, &f, APV_SUBMIT, NULL, NULL, e);
    if (st == BD_OK && strcmp(m.state, "approved") == 0)
        st = apply_amendment(a, &m, e);
    if (st == BD_OK) {
        char *after = amendment_json(&m);
        st = app_audit_write(a, "amendment", m.id, "create", NULL, after, e);
        free(after);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = m;
    return st;
}

/* The engine's view of amendment m: its kind's flow, the item and the
 * people around it. */
static bd_status amendment_engine(app *a, const store_amendment *m, apv_flow *f, apv_item *item,
                                  app_engine *en, bd_err *e)
{
    store_viewer all = {.see = STORE_SEE_ALL};
    store_contract c;
    bd_status st = store_contract_get(a->db, &all, m->contract_id, &c, e);
    int k = st == BD_OK ? policy_amendment_index(a->pol, m->kind) : -1;
    if (st == BD_OK && k < 0)
        return bd_errf(e, BD_ERR_POLICY, "amendment #%lld is of kind '%s', which contracts.yaml no "
                       "longer has", (long long)m->id, m->kind);
    if (st != BD_OK)
        return st;
    *f = policy_apv_flow(&a->pol->amendments[k].flow, MODULE);
    if ((st = app_engine_load(a, m->author_id, en, e)) != BD_OK)
        return st;
    memset(item, 0, sizeof *item);
    item->state = amendment_state(m->state);
    item->step = m->review_step;
    item->amount = m->new_amount >= 0 ? m->new_amount : c.amount;
    item->author_id = m->author_id;
    return app_engine_decided(a, MODULE, m->id, m->review_round, item, e);
}

bd_status app_amendment_act(app *a, int64_t id, apv_action act, const char *comment,
                            store_amendment *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_CONTRACTS, "reviewing an amendment", e);
    if (st != BD_OK)
        return st;
    if (act == APV_SUBMIT)
        return bd_errf(e, BD_ERR_INVALID, "an amendment is submitted when it is made");
    app_engine *en = bd_xcalloc(1, sizeof *en);
    if ((st = app_tx_begin(a, e)) != BD_OK) {
        free(en);
        return st;
    }
    store_amendment m, before;
    apv_flow f = {0};
    apv_item item = {0};
    st = store_amendment_get(a->db, id, &m, e);
    if (st == BD_OK) {
        before = m;
        st = amendment_engine(a, &m, &f, &item, en, e);
    }
    const apv_person *behalf = NULL;
    int step = item.step;
    if (st == BD_OK && (st = apv_apply(&f, &item, &en->ctx, act, comment, &behalf, e)) != BD_OK)
        bd_err_prefix(e, "amendment #%lld", (long long)id);
    if (st == BD_OK) {
        m.review_step = item.step;
        bd_strlcpy(m.state, act == APV_WITHDRAW ? "withdrawn"
                            : item.state == APV_APPROVED ? "approved"
                            : item.state == APV_REJECTED ? "rejected" : "in_review",
                   sizeof m.state);
        st = store_amendment_update(a->db, &m, e);
    }
    if (st == BD_OK)
        st = app_engine_record(a, MODULE, id, m.review_round, step, &f, act, behalf, comment, e);
    if (st == BD_OK && strcmp(m.state, "approved") == 0)
        st = apply_amendment(a, &m, e);
    if (st == BD_OK) {
        char *b = amendment_json(&before), *af = amendment_json(&m);
        st = app_audit_write_for(a, behalf ? behalf->login : NULL, "amendment", id,
                                 apv_action_name(act), b, af, e);
        free(b);
        free(af);
    }
    st = app_tx_end(a, st, e);
    free(en);
    if (st == BD_OK && out)
        *out = m;
    return st;
}

bd_status app_amendments_awaiting(app *a, store_amendment *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    if (!app_can(a, PERM_CONTRACTS) && !app_is_deputy(a, MODULE))
        return BD_OK;
    enum { LIMIT = 200 };
    store_amendment *all = bd_xcalloc(LIMIT, sizeof *all);
    app_engine *en = bd_xcalloc(1, sizeof *en);
    int got = 0;
    bd_status st = store_amendments_in_review(a->db, all, LIMIT, &got, e);
    for (int i = 0; st == BD_OK && i < got && *n < max; i++) {
        apv_flow f;
        apv_item item;
        if ((st = amendment_engine(a, &all[i], &f, &item, en, e)) != BD_OK)
            break;
        if (apv_check(&f, &item, &en->ctx, APV_APPROVE, NULL, NULL) == BD_OK)
            rows[(*n)++] = all[i];
    }
    free(en);
    free(all);
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
