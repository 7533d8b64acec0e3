/* Requests through the approval engine: the steps every kind of request
 * takes the same way (app_internal.h, app_request_kind).  A kind says how
 * to read and write its record, which flow it follows, what it checks
 * before a decision and what a final approval does; this file loads the
 * people around it, asks the engine, records the decision and audits it,
 * all in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

/* The engine's state of a record's state name. */
static apv_state engine_state(const char *state)
{
    if (strcmp(state, "in_review") == 0)
        return APV_IN_REVIEW;
    if (strcmp(state, "rejected") == 0)
        return APV_REJECTED;
    if (strcmp(state, "draft") == 0 || strcmp(state, "withdrawn") == 0)
        return APV_DRAFT;
    return APV_APPROVED; /* approved, paid */
}

/* A request as the engine sees it, with the people around it. */
typedef struct engine_view {
    app_request r;
    apv_flow flow;
    apv_item item;
    app_engine en;
} engine_view;

static bd_status view_load(app *a, const app_request_kind *k, void *rec, engine_view *v,
                           bd_err *e)
{
    const policy_flow *pf = k->flow(a, rec, e);
    if (!pf)
        return BD_ERR_POLICY;
    v->flow = policy_apv_flow(pf, k->module);
    bd_status st = app_engine_load(a, v->r.author_id, &v->en, e);
    if (st != BD_OK)
        return st;
    memset(&v->item, 0, sizeof v->item);
    v->item.state = engine_state(v->r.state);
    v->item.step = v->r.review_step;
    v->item.amount = v->r.amount;
    v->item.author_id = v->r.author_id;
    return app_engine_decided(a, k->module, v->r.id, v->r.review_round, &v->item, e);
}

/* The state name after the engine moved the item for act. */
static const char *state_after(const app_request_kind *k, apv_action act, apv_state s)
{
    if (act == APV_WITHDRAW)
        return k->resubmit ? "draft" : "withdrawn";
    switch (s) {
    case APV_APPROVED: return "approved";
    case APV_REJECTED: return "rejected";
    case APV_IN_REVIEW: return "in_review";
    case APV_DRAFT: break;
    }
    return "draft";
}

/* Whether the actor may act on requests of kind k at all (the engine
 * then says which ones). */
static bool kind_open(app *a, const app_request_kind *k)
{
    return a->logged_in && (k->perm == PERM_COUNT || app_can(a, k->perm) ||
                            app_is_deputy(a, k->module));
}

static bd_status may_act(app *a, const app_request_kind *k, bd_err *e)
{
    if (kind_open(a, k))
        return BD_OK;
    char what[64];
    snprintf(what, sizeof what, "deciding on a %s", k->noun);
    return app_require(a, k->perm, what, e);
}

bd_status app_request_act(app *a, const app_request_kind *k, int64_t id, apv_action act,
                          const char *comment, int64_t expected_version, void *out, bd_err *e)
{
    bd_status st = may_act(a, k, e);
    if (st != BD_OK)
        return st;
    if (act == APV_SUBMIT && !k->resubmit)
        return bd_errf(e, BD_ERR_INVALID, "a %s is submitted when it is made", k->noun);
    void *rec = bd_xcalloc(1, k->size), *before = bd_xcalloc(1, k->size);
    engine_view *v = bd_xcalloc(1, sizeof *v);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        goto out;
    st = k->load(a, id, rec, &v->r, e);
    if (st == BD_OK && expected_version && v->r.version != expected_version)
        st = bd_errf(e, BD_ERR_CONFLICT, "%s #%lld moved on while you looked (it is %s now); "
                     "look again", k->noun, (long long)id, v->r.state);
    if (st == BD_OK) {
        memcpy(before, rec, k->size);
        st = view_load(a, k, rec, v, e);
    }
    const apv_person *behalf = NULL;
    int step = v->item.step;
    if (st == BD_OK && act == APV_SUBMIT) {
        /* A new round: the decisions of the last one no longer count. */
        v->r.review_round++;
        memset(v->item.decided_by, 0, sizeof v->item.decided_by);
    }
    if (st == BD_OK &&
        (st = apv_apply(&v->flow, &v->item, &v->en.ctx, act, comment, &behalf, e)) != BD_OK)
        bd_err_prefix(e, "%s #%lld", k->noun, (long long)id);
    bool final = st == BD_OK && v->item.state == APV_APPROVED;
    if (st == BD_OK && k->guard && (act == APV_SUBMIT || act == APV_APPROVE))
        st = k->guard(a, rec, act, final, e);
    if (st == BD_OK) {
        v->r.review_step = v->item.step;
        bd_strlcpy(v->r.state, state_after(k, act, v->item.state), sizeof v->r.state);
        st = k->save(a, rec, &v->r, e);
    }
    if (st == BD_OK)
        st = app_engine_record(a, k->module, id, v->r.review_round, act == APV_SUBMIT ? -1 : step,
                               &v->flow, act, behalf, comment, e);
    if (st == BD_OK && final && k->approved)
        st = k->approved(a, rec, e);
    if (st == BD_OK) {
        char *b = k->json(before), *af = k->json(rec);
        st = app_audit_write_for(a, behalf ? behalf->login : NULL, k->entity, id,
                                 apv_action_name(act), b, af, e);
        free(b);
        free(af);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        memcpy(out, rec, k->size);
out:
    free(v);
    free(before);
    free(rec);
    return st;
}

int app_request_first_step(const policy_flow *f, int64_t amount, char state[16])
{
    apv_flow af = policy_apv_flow(f, NULL);
    int step = apv_next_step(&af, 0, amount);
    bd_strlcpy(state, step >= af.nsteps ? "approved" : "in_review", 16);
    return step;
}

bd_status app_request_created(app *a, const app_request_kind *k, const void *rec, int64_t id,
                              bd_err *e)
{
    const policy_flow *pf = k->flow(a, rec, e);
    if (!pf)
        return BD_ERR_POLICY;
    apv_flow f = policy_apv_flow(pf, k->module);
    bd_status st = app_engine_record(a, k->module, id, 1, -1, &f, APV_SUBMIT, NULL, NULL, e);
    if (st == BD_OK) {
        char *after = k->json(rec);
        st = app_audit_write(a, k->entity, id, "create", NULL, after, e);
        free(after);
    }
    return st;
}

bd_status app_request_choices(app *a, const app_request_kind *k, int64_t id, app_choices *out,
                              bd_err *e)
{
    memset(out, 0, sizeof *out);
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "nobody is logged in");
    void *rec = bd_xcalloc(1, k->size);
    engine_view *v = bd_xcalloc(1, sizeof *v);
    bd_status st = k->load(a, id, rec, &v->r, e);
    if (st == BD_OK)
        st = view_load(a, k, rec, v, e);
    for (int i = 0; st == BD_OK && i < APV_ACTION_COUNT; i++) {
        const apv_person *behalf = NULL;
        bd_err why = {0};
        out->allowed[i] = apv_check(&v->flow, &v->item, &v->en.ctx, (apv_action)i, &behalf,
                                    &why) == BD_OK;
        if (i == APV_SUBMIT && !k->resubmit && !out->allowed[i])
            bd_strlcpy(why.msg, "it was submitted when it was made", sizeof why.msg);
        if (i == APV_SUBMIT && !k->resubmit)
            out->allowed[i] = false;
        bd_strlcpy(out->why[i], out->allowed[i] ? "" : why.msg, sizeof out->why[i]);
        if (out->allowed[i] && behalf && i == APV_APPROVE)
            bd_strlcpy(out->on_behalf, behalf->login, sizeof out->on_behalf);
    }
    free(v);
    free(rec);
    return st;
}

/* Whether the actor may approve rec now; *behalf as apv_check's. */
static bool awaits(app *a, const app_request_kind *k, const void *rec, engine_view *v,
                   const apv_person **behalf, bd_err *e)
{
    if (view_load(a, k, (void *)rec, v, e) != BD_OK)
        return false;
    return apv_check(&v->flow, &v->item, &v->en.ctx, APV_APPROVE, behalf, NULL) == BD_OK;
}

bool app_request_awaits(app *a, const app_request_kind *k, int64_t id)
{
    engine_view *v = bd_xcalloc(1, sizeof *v);
    void *rec = bd_xcalloc(1, k->size);
    bool yes = k->load(a, id, rec, &v->r, NULL) == BD_OK && awaits(a, k, rec, v, NULL, NULL);
    free(rec);
    free(v);
    return yes;
}

void app_request_step_name(app *a, const app_request_kind *k, int64_t id, char *buf, size_t n)
{
    buf[0] = '\0';
    app_request r = {0};
    void *rec = bd_xcalloc(1, k->size);
    const policy_flow *pf = NULL;
    if (k->load(a, id, rec, &r, NULL) == BD_OK && strcmp(r.state, "in_review") == 0 &&
        (pf = k->flow(a, rec, NULL)) != NULL && r.review_step >= 0 && r.review_step < pf->nsteps)
        bd_strlcpy(buf, pf->steps[r.review_step].name, n);
    free(rec);
}

bd_status app_request_inbox(app *a, const app_request_kind *k, app_work_item *rows, int max,
                            int *n, bd_err *e)
{
    *n = 0;
    if (!kind_open(a, k))
        return BD_OK;
    enum { LIMIT = 500 };
    int64_t *ids = bd_xcalloc(LIMIT, sizeof *ids);
    void *rec = bd_xcalloc(1, k->size);
    engine_view *v = bd_xcalloc(1, sizeof *v);
    int got = 0;
    bd_status st = k->in_review(a, ids, LIMIT, &got, e);
    for (int i = 0; st == BD_OK && i < got && *n < max; i++) {
        if ((st = k->load(a, ids[i], rec, &v->r, e)) != BD_OK)
            break;
        const apv_person *behalf = NULL;
        if (!awaits(a, k, rec, v, &behalf, NULL))
            continue;
        app_work_item *w = &rows[(*n)++];
        memset(w, 0, sizeof *w);
        bd_strlcpy(w->module, k->module, sizeof w->module);
        w->id = ids[i];
        w->version = v->r.version;
        w->amount = v->r.amount;
        bd_strlcpy(w->currency, app_policy(a)->currency, sizeof w->currency);
        bd_strlcpy(w->step_name, v->flow.steps[v->item.step].name, sizeof w->step_name);
        bd_strlcpy(w->on_behalf, behalf ? behalf->login : "", sizeof w->on_behalf);
        bd_strlcpy(w->asked_by, v->en.author.login, sizeof w->asked_by);
        k->describe(a, rec, w);
    }
    free(v);
    free(rec);
    free(ids);
    return st;
}
