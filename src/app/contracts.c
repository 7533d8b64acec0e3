/* Contracts: drafting, review through the approval engine, signing with a
 * number that is never reused, the states after signing, delegations and
 * the inbox. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

static const char MODULE[] = "contracts";

static apv_flow contract_flow(const app *a)
{
    return policy_apv_flow(&a->pol->contract_flow, MODULE);
}

apv_person app_person_of(const store_user *u)
{
    apv_person p = {.id = u->id, .login = u->login, .role = u->role,
                    .department = u->department, .manager_id = u->manager_id};
    return p;
}

static apv_state engine_state(const char *state)
{
    if (strcmp(state, "draft") == 0)
        return APV_DRAFT;
    if (strcmp(state, "in_review") == 0)
        return APV_IN_REVIEW;
    if (strcmp(state, "rejected") == 0)
        return APV_REJECTED;
    return APV_APPROVED;
}

char *app_contract_json(const store_contract *c)
{
    bd_json j;
    char money[32];
    bd_json_begin(&j);
    bd_json_str(&j, "number", *c->number ? c->number : NULL);
    bd_json_str(&j, "title", c->title);
    bd_json_int(&j, "customer", c->customer_id);
    bd_json_str(&j, "amount", bd_money_format(c->amount, false, money, sizeof money));
    if (c->has_cost)
        bd_json_str(&j, "cost", bd_money_format(c->cost, false, money, sizeof money));
    bd_json_str(&j, "currency", c->currency);
    bd_json_str(&j, "start", c->start_date);
    bd_json_str(&j, "end", c->end_date);
    bd_json_str(&j, "state", c->state);
    bd_json_int(&j, "step", c->review_step);
    bd_json_int(&j, "round", c->review_round);
    bd_json_int(&j, "contract_version", c->contract_version);
    bd_json_end(&j);
    return j.buf.data;
}

static bd_status audit_contract(app *a, const char *on_behalf, const store_contract *before,
                                const store_contract *after, const char *action, bd_err *e)
{
    char *b = before ? app_contract_json(before) : NULL, *f = app_contract_json(after);
    bd_status st = app_audit_write_for(a, on_behalf, "contract", after->id, action, b, f, e);
    free(b);
    free(f);
    return st;
}

bool app_is_deputy(app *a, const char *module)
{
    if (!a->logged_in)
        return false;
    store_delegation d[8];
    int n = 0;
    char today[11];
    app_today(today, sizeof today);
    if (store_delegations_to(a->db, a->actor.user.id, today, d, 8, &n, NULL) != BD_OK)
        return false;
    for (int i = 0; i < n; i++)
        if (!*d[i].module || strcmp(d[i].module, module) == 0)
            return true;
    return false;
}

/* contracts.use, or acting today as someone's deputy for contracts: a
 * deputy decides for their approver without the module of their own. */
static bd_status require_reviewer(app *a, const char *what, bd_err *e)
{
    if (app_can(a, PERM_CONTRACTS) || app_is_deputy(a, MODULE))
        return BD_OK;
    return app_require(a, PERM_CONTRACTS, what, e);
}

bd_status app_parse_money(const char *field, const char *text, int64_t *out, bd_err *e)
{
    bd_err pe = {0};
    if (!text || !*text)
        return bd_errf(e, BD_ERR_INVALID, "%s: required", field);
    if (bd_money_parse(text, out, &pe) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "%s: %s", field, pe.msg);
    if (*out < 0)
        return bd_errf(e, BD_ERR_INVALID, "%s: negative", field);
    return BD_OK;
}

bd_status app_parse_date(const char *field, const char *text, char out[11], bd_err *e)
{
    bd_date d;
    bd_err pe = {0};
    if (!text || !*text)
        return bd_errf(e, BD_ERR_INVALID, "%s: required", field);
    if (bd_date_parse(text, &d, &pe) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "%s: %s", field, pe.msg);
    bd_date_format(d, out, 11);
    return BD_OK;
}

typedef struct review review;
static bd_status review_load(app *a, int64_t id, review *r, bd_err *e);

/* ---- Drafting ---------------------------------------------------------------- */

bd_status app_contract_draft(app *a, const app_contract_input *in, store_contract *out, bd_err *e)
{
    const policy *p = a->pol;
    bd_status st = app_require(a, PERM_CONTRACTS, "drafting a contract", e);
    if (st != BD_OK)
        return st;
    store_contract c = {.owner_id = a->actor.user.id, .notice_days = in->notice_days < 0 ? 30 : in->notice_days};
    store_viewer v = app_viewer(a);
    if (in->opportunity_id) {
        store_opp o;
        if ((st = store_opp_get(a->db, &v, in->opportunity_id, &o, e)) != BD_OK)
            return st;
        int k = policy_stage_index(p, o.stage);
        if (k < 0 || !p->stages[k].won)
            return bd_errf(e, BD_ERR_INVALID, "opportunity #%lld is not won (it is %s)",
                           (long long)o.id, k >= 0 ? p->stages[k].name : o.stage);
        c.opportunity_id = o.id;
        c.customer_id = o.customer_id;
        bd_strlcpy(c.title, o.title, sizeof c.title);
        c.amount = o.value < 0 ? 0 : o.value;
    } else {
        store_customer cu;
        if (!in->customer_id)
            return bd_errf(e, BD_ERR_INVALID, "customer: give a customer or a won opportunity");
        if ((st = store_customer_get(a->db, &v, in->customer_id, &cu, e)) != BD_OK)
            return st;
        c.customer_id = cu.id;
    }
    if (in->title && *in->title && !bd_strlcpy(c.title, in->title, sizeof c.title))
        return bd_errf(e, BD_ERR_INVALID, "title: too long");
    if (!*c.title)
        return bd_errf(e, BD_ERR_INVALID, "title: required");
    if ((in->amount || !in->opportunity_id) && (st = app_parse_money("amount", in->amount, &c.amount, e)))
        return st;
    if (in->cost && *in->cost) {
        if ((st = app_parse_money("cost", in->cost, &c.cost, e)) != BD_OK)
            return st;
        c.has_cost = true;
    }
    bd_strlcpy(c.currency, in->currency && *in->currency ? in->currency : p->currency, sizeof c.currency);
    int64_t converted;
    if (!policy_currency_ok(p, c.currency))
        return bd_errf(e, BD_ERR_INVALID, "currency: '%s' is not one of contracts.yaml's currencies",
                       in->currency ? in->currency : "");
    if (!policy_to_company(p, c.currency, 0, &converted))
        return bd_errf(e, BD_ERR_INVALID, "currency: %s has no rate in contracts.yaml's "
                       "exchange_rates", c.currency);
    if ((st = app_parse_date("start", in->start_date, c.start_date, e)) != BD_OK ||
        (st = app_parse_date("end", in->end_date, c.end_date, e)) != BD_OK)
        return st;
    if (strcmp(c.end_date, c.start_date) < 0)
        return bd_errf(e, BD_ERR_INVALID, "end: %s is before the start %s", c.end_date, c.start_date);
    if (c.notice_days < 0 || c.notice_days > 3650)
        return bd_errf(e, BD_ERR_INVALID, "notice: %d days is out of range (0-3650)", c.notice_days);
    bd_strlcpy(c.state, "draft", sizeof c.state);
    app_timestamp(c.created_at, sizeof c.created_at);
    bd_strlcpy(c.updated_at, c.created_at, sizeof c.updated_at);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    st = store_contract_insert(a->db, &c, e);
    for (size_t i = 0; st == BD_OK && i < p->nclauses; i++)
        st = store_clause_set(a->db, c.id, p->clauses[i].code, "", 1, e);
    if (st == BD_OK)
        st = store_contract_get(a->db, &v, c.id, &c, e);
    if (st == BD_OK)
        st = audit_contract(a, NULL, NULL, &c, "create", e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = c;
    return st;
}

bd_status app_contract_get(app *a, int64_t id, store_contract *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_CONTRACTS, "reading contracts", e);
    if (st != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    return store_contract_get(a->db, &v, id, out, e);
}

bd_status app_contract_page(app *a, store_contract_query *q, store_contract *rows, int *n,
                            bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CONTRACTS, "listing contracts", e);
    if (st != BD_OK)
        return st;
    q->viewer = app_viewer(a);
    return store_contract_page(a->db, q, rows, n, e);
}

/* Load a contract the actor may see and check the author may edit it. */
static bd_status editable(app *a, int64_t id, store_contract *c, bd_err *e)
{
    store_viewer v = app_viewer(a);
    bd_status st = store_contract_get(a->db, &v, id, c, e);
    if (st != BD_OK)
        return st;
    if (c->owner_id != a->actor.user.id)
        return bd_errf(e, BD_ERR_DENIED, "only its author (%s) edits contract #%lld",
                       c->owner_login, (long long)id);
    if (strcmp(c->state, "draft") != 0 && strcmp(c->state, "rejected") != 0)
        return bd_errf(e, BD_ERR_INVALID, "contract #%lld is %s: %s", (long long)id, c->state,
                       strcmp(c->state, "in_review") == 0 ? "withdraw it to edit it"
                                                           : "a signed contract changes by amendment");
    return BD_OK;
}

bd_status app_contract_clause(app *a, int64_t id, const char *clause, const char *body, bd_err *e)
{
    bd_status st = app_require(a, PERM_CONTRACTS, "editing a contract", e);
    if (st != BD_OK)
        return st;
    if (policy_clause_index(a->pol, clause ? clause : "") < 0)
        return bd_errf(e, BD_ERR_INVALID, "clause: '%s' is not a clause in contracts.yaml",
                       clause ? clause : "");
    if (!body || strlen(body) >= sizeof ((store_clause *)0)->body)
        return bd_errf(e, BD_ERR_INVALID, "%s: too long (at most 4095 bytes)", clause);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_contract c;
    st = editable(a, id, &c, e);
    if (st == BD_OK)
        st = store_clause_set(a->db, id, clause, body, c.review_round + 1, e);
    if (st == BD_OK) {
        bd_json j;
        bd_json_begin(&j);
        bd_json_str(&j, "clause", clause);
        bd_json_str(&j, "body", body);
        bd_json_end(&j);
        st = app_audit_write(a, "contract", id, "clause", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    return app_tx_end(a, st, e);
}

bd_status app_contract_milestones(app *a, int64_t id, const app_milestone_input *m, int n,
                                  bd_err *e)
{
    bd_status st = app_require(a, PERM_CONTRACTS, "editing a contract", e);
    if (st != BD_OK)
        return st;
    if (n < 1 || n > 64)
        return bd_errf(e, BD_ERR_INVALID, "milestones: give 1 to 64");
    store_milestone *rows = bd_xcalloc((size_t)n, sizeof *rows);
    if ((st = app_tx_begin(a, e)) != BD_OK) {
        free(rows);
        return st;
    }
    store_contract c;
    st = editable(a, id, &c, e);
    int64_t sum = 0;
    for (int i = 0; st == BD_OK && i < n; i++) {
        char field[48];
        rows[i].seq = i + 1;
        if (!m[i].name || !*m[i].name || !bd_strlcpy(rows[i].name, m[i].name, sizeof rows[i].name))
            st = bd_errf(e, BD_ERR_INVALID, "milestone %d: a name of up to 127 bytes", i + 1);
        snprintf(field, sizeof field, "milestone %d: due", i + 1);
        if (st == BD_OK)
            st = app_parse_date(field, m[i].due_date, rows[i].due_date, e);
        snprintf(field, sizeof field, "milestone %d: amount", i + 1);
        if (st == BD_OK)
            st = app_parse_money(field, m[i].amount, &rows[i].amount, e);
        if (st == BD_OK && rows[i].amount == 0)
            st = bd_errf(e, BD_ERR_INVALID, "milestone %d: amount is zero", i + 1);
        if (st == BD_OK && (strcmp(rows[i].due_date, c.start_date) < 0 ||
                            strcmp(rows[i].due_date, c.end_date) > 0))
            st = bd_errf(e, BD_ERR_INVALID, "milestone %d: due %s is outside the contract (%s to %s)",
                         i + 1, rows[i].due_date, c.start_date, c.end_date);
        if (st == BD_OK && sum > BD_MONEY_MAX - rows[i].amount)
            st = bd_errf(e, BD_ERR_INVALID, "milestones: the sum is too large");
        sum += st == BD_OK ? rows[i].amount : 0;
    }
    if (st == BD_OK && sum != c.amount) {
        char s1[32], s2[32];
        st = bd_errf(e, BD_ERR_INVALID, "milestones add up to %s; the contract is for %s",
                     bd_money_format(sum, true, s1, sizeof s1),
                     bd_money_format(c.amount, true, s2, sizeof s2));
    }
    if (st == BD_OK)
        st = store_milestones_replace(a->db, id, rows, n, e);
    if (st == BD_OK) {
        char money[32];
        bd_json j;
        bd_json_begin(&j);
        bd_json_int(&j, "count", n);
        bd_json_str(&j, "total", bd_money_format(sum, false, money, sizeof money));
        bd_json_end(&j);
        st = app_audit_write(a, "contract", id, "milestones", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    free(rows);
    return app_tx_end(a, st, e);
}

/* ---- Review ------------------------------------------------------------------- */

struct review {
    store_contract c;
    apv_item item;
    app_engine en;
};

bd_status app_engine_load(app *a, int64_t author_id, app_engine *en, bd_err *e)
{
    memset(en, 0, sizeof *en);
    bd_status st = store_user_by_id(a->db, author_id, &en->author_user, e);
    if (st != BD_OK)
        return st;
    en->author = app_person_of(&en->author_user);
    en->actor = app_person_of(&a->actor.user);
    app_today(en->today, sizeof en->today);
    if ((st = store_delegations_to(a->db, a->actor.user.id, en->today, en->dels, APP_MAX_DELEGATIONS,
                                   &en->ndels, e)) != BD_OK)
        return st;
    for (int i = 0; i < en->ndels; i++) {
        store_delegation *d = &en->dels[i];
        en->adels[i] = (apv_delegation){
            .from = {.id = d->from_id, .login = d->from_login, .role = d->from_role,
                     .department = d->from_department, .manager_id = d->from_manager_id},
            .to_id = d->to_id, .module = *d->module ? d->module : NULL,
            .start = d->start_date, .end = d->end_date, .max_amount = d->max_amount,
        };
    }
    en->ctx = (apv_ctx){.actor = &en->actor, .author = &en->author, .today = en->today,
                        .delegations = en->adels, .ndelegations = en->ndels};
    return BD_OK;
}

bd_status app_engine_decided(app *a, const char *module, int64_t item_id, int round,
                             apv_item *item, bd_err *e)
{
    store_decision *d = bd_xcalloc(64, sizeof *d);
    int nd = 0;
    bd_status st = store_decision_list(a->db, module, item_id, d, 64, &nd, e);
    for (int i = 0; st == BD_OK && i < nd; i++)
        if (d[i].round == round && strcmp(d[i].action, "approve") == 0 && d[i].step >= 0 &&
            d[i].step < APV_MAX_STEPS)
            item->decided_by[d[i].step] = d[i].actor_id;
    free(d);
    return st;
}

bd_status app_engine_record(app *a, const char *module, int64_t item_id, int round, int step,
                            const apv_flow *f, apv_action act, const apv_person *behalf,
                            const char *comment, bd_err *e)
{
    store_decision d = {.item_id = item_id, .round = round,
                        .step = act == APV_APPROVE || act == APV_REJECT ? step : -1,
                        .actor_id = a->actor.user.id, .on_behalf_id = behalf ? behalf->id : 0};
    bd_strlcpy(d.module, module, sizeof d.module);
    bd_strlcpy(d.step_code, d.step >= 0 && d.step < f->nsteps ? f->steps[d.step].code
                                                              : apv_action_name(act),
               sizeof d.step_code);
    bd_strlcpy(d.action, apv_action_name(act), sizeof d.action);
    bd_strlcpy(d.comment, comment ? comment : "", sizeof d.comment);
    app_timestamp(d.at, sizeof d.at);
    return store_decision_insert(a->db, &d, e);
}

static bd_status review_load(app *a, int64_t id, review *r, bd_err *e)
{
    memset(r, 0, sizeof *r);
    store_viewer all = {.see = STORE_SEE_ALL};
    store_viewer v = app_viewer(a);
    bd_status st = store_contract_get(a->db, &v, id, &r->c, e);
    /* A reviewer sees what waits for them even outside their scope. */
    if (st == BD_ERR_NOTFOUND && store_contract_get(a->db, &all, id, &r->c, NULL) == BD_OK &&
        strcmp(r->c.state, "in_review") == 0)
        st = BD_OK;
    if (st == BD_OK)
        st = app_engine_load(a, r->c.owner_id, &r->en, e);
    if (st != BD_OK)
        return st;
    r->item.state = engine_state(r->c.state);
    r->item.step = r->c.review_step;
    /* Tiers are in the company currency. */
    if (!policy_to_company(a->pol, r->c.currency, r->c.amount, &r->item.amount))
        return bd_errf(e, BD_ERR_POLICY, "contract #%lld is in %s, which has no rate in "
                       "contracts.yaml's exchange_rates", (long long)id, r->c.currency);
    r->item.author_id = r->c.owner_id;
    return app_engine_decided(a, MODULE, id, r->c.review_round, &r->item, e);
}

bd_status app_contract_detail_get(app *a, int64_t id, app_contract_detail *out, bd_err *e)
{
    memset(out, 0, sizeof *out);
    review *r = bd_xcalloc(1, sizeof *r);
    bd_status st = require_reviewer(a, "reading contracts", e);
    if (st == BD_OK)
        st = review_load(a, id, r, e); /* a reviewer may read what waits for them */
    if (st == BD_OK)
        out->contract = r->c;
    free(r);
    if (st == BD_OK)
        st = store_clause_list(a->db, id, out->clauses, APP_DETAIL_MAX, &out->nclauses, e);
    if (st == BD_OK)
        st = store_milestone_list(a->db, id, out->milestones, APP_DETAIL_MAX, &out->nmilestones, e);
    if (st == BD_OK)
        st = store_decision_list(a->db, MODULE, id, out->decisions, APP_DETAIL_MAX,
                                 &out->ndecisions, e);
    if (st == BD_OK)
        st = store_comment_list(a->db, id, out->comments, APP_DETAIL_MAX, &out->ncomments, e);
    return st;
}

/* Submission needs every required clause and milestones that add up. */
static bd_status ready_to_submit(app *a, const store_contract *c, bd_err *e)
{
    store_clause *cl = bd_xcalloc(64, sizeof *cl);
    int n = 0;
    bd_status st = store_clause_list(a->db, c->id, cl, 64, &n, e);
    bd_buf missing = {0};
    for (size_t i = 0; st == BD_OK && i < a->pol->nclauses; i++) {
        const policy_clause *pc = &a->pol->clauses[i];
        bool filled = false;
        for (int k = 0; k < n; k++)
            if (strcmp(cl[k].clause, pc->code) == 0 && cl[k].body[strspn(cl[k].body, " \t\n")])
                filled = true;
        if (pc->required && !filled)
            bd_buf_printf(&missing, "%s%s (%s)", missing.len ? ", " : "", pc->code, pc->name);
    }
    free(cl);
    if (st == BD_OK && missing.len)
        st = bd_errf(e, BD_ERR_INVALID, "contract #%lld cannot be submitted: empty required clauses: %s",
                     (long long)c->id, bd_buf_str(&missing));
    bd_buf_free(&missing);
    if (st != BD_OK)
        return st;
    store_milestone ms[64];
    int nm = 0;
    if ((st = store_milestone_list(a->db, c->id, ms, 64, &nm, e)) != BD_OK)
        return st;
    int64_t sum = 0;
    for (int i = 0; i < nm; i++)
        sum += ms[i].amount;
    if (nm == 0)
        return bd_errf(e, BD_ERR_INVALID, "contract #%lld cannot be submitted: no payment milestones",
                       (long long)c->id);
    if (sum != c->amount)
        return bd_errf(e, BD_ERR_INVALID, "contract #%lld cannot be submitted: milestones do not add "
                       "up to the amount", (long long)c->id);
    return BD_OK;
}

bd_status app_contract_act(app *a, int64_t id, apv_action act, const char *clause,
                           const char *comment, int64_t expected_version, store_contract *out,
                           bd_err *e)
{
    bd_status st = require_reviewer(a, "reviewing a contract", e);
    if (st != BD_OK)
        return st;
    if (clause && *clause && policy_clause_index(a->pol, clause) < 0)
        return bd_errf(e, BD_ERR_INVALID, "clause: '%s' is not a clause in contracts.yaml", clause);
    apv_flow f = contract_flow(a);
    review *r = bd_xcalloc(1, sizeof *r);
    if ((st = app_tx_begin(a, e)) != BD_OK) {
        free(r);
        return st;
    }
    st = review_load(a, id, r, e);
    if (st == BD_OK && expected_version && r->c.version != expected_version)
        st = bd_errf(e, BD_ERR_CONFLICT, "contract #%lld moved on while you looked (it is %s now); "
                     "reload", (long long)id, r->c.state);
    if (st == BD_OK && act == APV_SUBMIT)
        st = ready_to_submit(a, &r->c, e);
    const apv_person *behalf = NULL;
    store_contract before = r->c;
    int step = r->item.step;
    if (st == BD_OK) {
        st = apv_apply(&f, &r->item, &r->en.ctx, act, comment, &behalf, e);
        if (st != BD_OK)
            bd_err_prefix(e, "contract #%lld", (long long)id);
    }
    if (st == BD_OK) {
        store_contract *c = &r->c;
        if (act == APV_SUBMIT)
            c->review_round++;
        c->review_step = r->item.step;
        bd_strlcpy(c->state, r->item.state == APV_DRAFT ? "draft"
                             : r->item.state == APV_IN_REVIEW ? "in_review"
                             : r->item.state == APV_REJECTED ? "rejected" : "approved",
                   sizeof c->state);
        app_timestamp(c->updated_at, sizeof c->updated_at);
        st = store_contract_update(a->db, c, e);
    }
    if (st == BD_OK)
        st = app_engine_record(a, MODULE, id, r->c.review_round, step, &f, act, behalf, comment, e);
    if (st == BD_OK && comment && *comment && (act == APV_APPROVE || act == APV_REJECT)) {
        store_comment cm = {.contract_id = id, .round = r->c.review_round,
                            .author_id = a->actor.user.id};
        bd_strlcpy(cm.clause, clause ? clause : "", sizeof cm.clause);
        bd_strlcpy(cm.body, comment, sizeof cm.body);
        app_timestamp(cm.at, sizeof cm.at);
        st = store_comment_insert(a->db, &cm, e);
    }
    if (st == BD_OK)
        st = audit_contract(a, behalf ? behalf->login : NULL, &before, &r->c, apv_action_name(act), e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = r->c;
    free(r);
    return st;
}

bd_status app_contract_choices(app *a, int64_t id, app_choices *out, bd_err *e)
{
    memset(out, 0, sizeof *out);
    bd_status st = require_reviewer(a, "reviewing a contract", e);
    if (st != BD_OK)
        return st;
    apv_flow f = contract_flow(a);
    review *r = bd_xcalloc(1, sizeof *r);
    st = review_load(a, id, r, e);
    for (int i = 0; st == BD_OK && i < APV_ACTION_COUNT; i++) {
        const apv_person *behalf = NULL;
        bd_err why = {0};
        out->allowed[i] = apv_check(&f, &r->item, &r->en.ctx, (apv_action)i, &behalf, &why) == BD_OK;
        bd_strlcpy(out->why[i], out->allowed[i] ? "" : why.msg, sizeof out->why[i]);
        if (out->allowed[i] && behalf && i == APV_APPROVE)
            bd_strlcpy(out->on_behalf, behalf->login, sizeof out->on_behalf);
    }
    free(r);
    return st;
}

bd_status app_contract_changed(app *a, int64_t id, store_clause *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = require_reviewer(a, "reviewing a contract", e);
    if (st != BD_OK)
        return st;
    store_decision d[64];
    int nd = 0, last_round = 0;
    if ((st = store_decision_list(a->db, MODULE, id, d, 64, &nd, e)) != BD_OK)
        return st;
    for (int i = 0; i < nd; i++)
        if (d[i].actor_id == a->actor.user.id && (strcmp(d[i].action, "approve") == 0 ||
                                                  strcmp(d[i].action, "reject") == 0))
            last_round = d[i].round;
    store_clause *all = bd_xcalloc(64, sizeof *all);
    int na = 0;
    st = store_clause_list(a->db, id, all, 64, &na, e);
    for (int i = 0; st == BD_OK && i < na && *n < max; i++)
        if (all[i].updated_round > last_round)
            rows[(*n)++] = all[i];
    free(all);
    return st;
}

/* ---- Signing and after ------------------------------------------------------------ */

static bd_status check_version(const store_contract *c, int64_t expected, bd_err *e)
{
    if (expected && c->version != expected)
        return bd_errf(e, BD_ERR_CONFLICT, "contract #%lld moved on while you looked (it is %s "
                       "now); reload", (long long)c->id, c->state);
    return BD_OK;
}

bd_status app_contract_sign(app *a, int64_t id, const char *signed_on, int64_t expected_version,
                            store_contract *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_CONTRACTS, "signing a contract", e);
    if (st != BD_OK)
        return st;
    char on[11];
    if (signed_on && *signed_on) {
        if ((st = app_parse_date("signed", signed_on, on, e)) != BD_OK)
            return st;
    } else {
        app_today(on, sizeof on);
    }
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_contract before, c;
    st = store_contract_get(a->db, &v, id, &before, e);
    if (st == BD_OK)
        st = check_version(&before, expected_version, e);
    if (st == BD_OK && strcmp(before.state, "approved") != 0)
        st = bd_errf(e, BD_ERR_INVALID, "contract #%lld is %s; only an approved contract is signed",
                     (long long)id, before.state);
    c = before;
    /* The next number of the pattern; a number already used (say the
     * pattern has no {year}) is skipped, never given twice. */
    for (int tries = 0; st == BD_OK && tries < 1000; tries++) {
        int64_t seq = 0;
        bool taken = false;
        int year = atoi(on);
        if ((st = store_contract_seq_next(a->db, year, &seq, e)) != BD_OK)
            break;
        if (!policy_contract_number(a->pol, year, seq, c.number, sizeof c.number)) {
            st = bd_errf(e, BD_ERR_POLICY, "contracts.yaml number_pattern makes a number too long");
            break;
        }
        if ((st = store_contract_number_taken(a->db, c.number, &taken, e)) != BD_OK || !taken)
            break;
    }
    if (st == BD_OK) {
        bd_strlcpy(c.state, "signed", sizeof c.state);
        bd_strlcpy(c.signed_on, on, sizeof c.signed_on);
        app_timestamp(c.updated_at, sizeof c.updated_at);
        st = store_contract_update(a->db, &c, e);
    }
    if (st == BD_OK)
        st = store_receivables_create(a->db, id, e);
    if (st == BD_OK)
        st = audit_contract(a, NULL, &before, &c, "sign", e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = c;
    return st;
}

bd_status app_contract_state(app *a, int64_t id, const char *state, const char *notice_date,
                             const char *note, int64_t expected_version, store_contract *out,
                             bd_err *e)
{
    static const struct { const char *to; const char *from[2]; } moves[] = {
        {"executing", {"signed", NULL}},
        {"completed", {"executing", NULL}},
        {"terminated", {"signed", "executing"}},
        {"archived", {"completed", "terminated"}},
    };
    bd_status st = app_require(a, PERM_CONTRACTS, "changing a contract", e);
    if (st != BD_OK)
        return st;
    int k = -1;
    for (int i = 0; i < 4; i++)
        if (state && strcmp(state, moves[i].to) == 0)
            k = i;
    if (k < 0)
        return bd_errf(e, BD_ERR_INVALID, "state: '%s' is not one of executing, completed, "
                       "terminated, archived", state ? state : "");
    char notice[11] = "";
    if (k == 2) {
        if ((st = app_parse_date("notice", notice_date, notice, e)) != BD_OK)
            return st;
        if (!note || !*note)
            return bd_errf(e, BD_ERR_INVALID, "settlement: say how the termination is settled");
    }
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_contract before, c;
    st = store_contract_get(a->db, &v, id, &before, e);
    if (st == BD_OK)
        st = check_version(&before, expected_version, e);
    if (st == BD_OK && !(strcmp(before.state, moves[k].from[0]) == 0 ||
                         (moves[k].from[1] && strcmp(before.state, moves[k].from[1]) == 0)))
        st = bd_errf(e, BD_ERR_INVALID, "contract #%lld is %s; it cannot become %s", (long long)id,
                     before.state, state);
    c = before;
    if (st == BD_OK) {
        char today[11];
        app_today(today, sizeof today);
        bd_strlcpy(c.state, moves[k].to, sizeof c.state);
        if (k == 2) {
            bd_strlcpy(c.notice_date, notice, sizeof c.notice_date);
            bd_strlcpy(c.terminated_on, today, sizeof c.terminated_on);
            bd_strlcpy(c.settlement_note, note, sizeof c.settlement_note);
        } else if (k == 3) {
            bd_date d;
            bd_date_parse(today, &d, NULL);
            bd_strlcpy(c.archived_on, today, sizeof c.archived_on);
            d.y += a->pol->retention_years;
            if (d.m == 2 && d.d == 29)
                d.d = 28;
            bd_date_format(d, c.retention_until, sizeof c.retention_until);
        }
        app_timestamp(c.updated_at, sizeof c.updated_at);
        st = store_contract_update(a->db, &c, e);
    }
    if (st == BD_OK)
        st = audit_contract(a, NULL, &before, &c, moves[k].to, e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = c;
    return st;
}

/* ---- Delegation and the inbox ------------------------------------------------------- */

bd_status app_delegate(app *a, const char *to_login, const char *module, const char *start,
                       const char *end, const char *max_amount, bd_err *e)
{
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "nobody is logged in");
    store_delegation d = {.from_id = a->actor.user.id};
    store_user to;
    bd_status st;
    if (!to_login || store_user_by_login(a->db, to_login, &to, NULL) != BD_OK || !to.active)
        return bd_errf(e, BD_ERR_INVALID, "deputy: no active user '%s'", to_login ? to_login : "");
    if (to.id == d.from_id)
        return bd_errf(e, BD_ERR_INVALID, "deputy: you cannot be your own deputy");
    static const char *const modules[] = {"contracts", "amendments", "writeoffs", "claims"};
    bool known = !module || !*module;
    for (size_t i = 0; !known && i < sizeof modules / sizeof modules[0]; i++)
        known = strcmp(module, modules[i]) == 0;
    if (!known)
        return bd_errf(e, BD_ERR_INVALID, "module: '%s' is not contracts, amendments, writeoffs "
                       "or claims", module);
    if ((st = app_parse_date("from", start, d.start_date, e)) != BD_OK ||
        (st = app_parse_date("to", end, d.end_date, e)) != BD_OK)
        return st;
    if (strcmp(d.end_date, d.start_date) < 0)
        return bd_errf(e, BD_ERR_INVALID, "to: %s is before %s", d.end_date, d.start_date);
    if (max_amount && *max_amount && (st = app_parse_money("max", max_amount, &d.max_amount, e)))
        return st;
    d.to_id = to.id;
    bd_strlcpy(d.module, module ? module : "", sizeof d.module);
    app_timestamp(d.created_at, sizeof d.created_at);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    st = store_delegation_insert(a->db, &d, e);
    if (st == BD_OK) {
        bd_json j;
        char money[32];
        bd_json_begin(&j);
        bd_json_str(&j, "deputy", to.login);
        bd_json_str(&j, "module", *d.module ? d.module : NULL);
        bd_json_str(&j, "from", d.start_date);
        bd_json_str(&j, "to", d.end_date);
        bd_json_str(&j, "max", d.max_amount ? bd_money_format(d.max_amount, false, money, sizeof money) : NULL);
        bd_json_end(&j);
        st = app_audit_write(a, "delegation", d.id, "create", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    return app_tx_end(a, st, e);
}

bd_status app_inbox(app *a, app_inbox_item *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = require_reviewer(a, "reading the inbox", e);
    if (st != BD_OK)
        return st;
    apv_flow f = contract_flow(a);
    enum { PAGE = 100 };
    store_contract *page = bd_xcalloc(PAGE, sizeof *page);
    review *r = bd_xcalloc(1, sizeof *r);
    store_contract_query q = {.viewer = {.see = STORE_SEE_ALL}, .state = "in_review", .limit = PAGE};
    int got = 0;
    do {
        if ((st = store_contract_page(a->db, &q, page, &got, e)) != BD_OK)
            break;
        for (int i = 0; st == BD_OK && i < got && *n < max; i++) {
            if ((st = review_load(a, page[i].id, r, e)) != BD_OK)
                break;
            const apv_person *behalf = NULL;
            if (apv_check(&f, &r->item, &r->en.ctx, APV_APPROVE, &behalf, NULL) != BD_OK)
                continue;
            app_inbox_item *it = &rows[(*n)++];
            memset(it, 0, sizeof *it);
            it->contract = r->c;
            bd_strlcpy(it->step_name, f.steps[r->item.step].name, sizeof it->step_name);
            bd_strlcpy(it->on_behalf, behalf ? behalf->login : "", sizeof it->on_behalf);
            bd_strlcpy(it->asked_by, r->c.owner_login, sizeof it->asked_by);
            bd_strlcpy(it->waiting_since, r->c.updated_at, sizeof it->waiting_since);
        }
        if (got > 0)
            q.after_id = page[got - 1].id;
    } while (st == BD_OK && got == PAGE && *n < max);
    free(r);
    free(page);
    return st;
}

/* ---- Execution tracking --------------------------------------------------------------- */

static bd_status audit_event(app *a, const store_event *ev, const char *action, bd_err *e)
{
    bd_json j;
    bd_json_begin(&j);
    bd_json_int(&j, "contract", ev->contract_id);
    bd_json_str(&j, "kind", ev->kind);
    bd_json_str(&j, "date", ev->on_date);
    bd_json_str(&j, "summary", ev->summary);
    bd_json_str(&j, "resolution", ev->resolution);
    bd_json_end(&j);
    bd_status st = app_audit_write(a, "contract_event", ev->id, action, NULL, j.buf.data, e);
    bd_buf_free(&j.buf);
    return st;
}

bd_status app_contract_event(app *a, int64_t contract_id, const char *kind, const char *date,
                             const char *summary, store_event *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_CONTRACTS, "logging on a contract", e);
    if (st != BD_OK)
        return st;
    static const char *const kinds[] = {"change_request", "delay", "dispute"};
    bool known = false;
    for (int i = 0; i < 3; i++)
        known |= kind && strcmp(kind, kinds[i]) == 0;
    if (!known)
        return bd_errf(e, BD_ERR_INVALID, "kind: '%s' is not change_request, delay or dispute",
                       kind ? kind : "");
    store_event ev = {.contract_id = contract_id, .actor_id = a->actor.user.id};
    bd_strlcpy(ev.kind, kind, sizeof ev.kind);
    if (!summary || !*summary || !bd_strlcpy(ev.summary, summary, sizeof ev.summary))
        return bd_errf(e, BD_ERR_INVALID, "summary: say what happened (up to 1023 bytes)");
    if (date && *date) {
        if ((st = app_parse_date("date", date, ev.on_date, e)) != BD_OK)
            return st;
    } else {
        app_today(ev.on_date, sizeof ev.on_date);
    }
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_contract c;
    st = store_contract_get(a->db, &v, contract_id, &c, e);
    if (st == BD_OK && strcmp(c.state, "signed") != 0 && strcmp(c.state, "executing") != 0)
        st = bd_errf(e, BD_ERR_INVALID, "contract #%lld is %s; execution is tracked on a signed "
                     "or executing contract", (long long)contract_id, c.state);
    app_timestamp(ev.at, sizeof ev.at);
    if (st == BD_OK)
        st = store_event_insert(a->db, &ev, e);
    if (st == BD_OK)
        st = audit_event(a, &ev, "create", e);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = ev;
    return st;
}

bd_status app_contract_event_resolve(app *a, int64_t event_id, const char *resolution, bd_err *e)
{
    bd_status st = app_require(a, PERM_CONTRACTS, "resolving a contract event", e);
    if (st != BD_OK)
        return st;
    if (!resolution || !*resolution)
        return bd_errf(e, BD_ERR_INVALID, "resolution: say how it was resolved");
    char today[11];
    app_today(today, sizeof today);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_event ev;
    store_contract c;
    store_viewer v = app_viewer(a);
    st = store_event_get(a->db, event_id, &ev, e);
    if (st == BD_OK)
        st = store_contract_get(a->db, &v, ev.contract_id, &c, e);
    if (st == BD_OK)
        st = store_event_resolve(a->db, event_id, resolution, today, e);
    if (st == BD_OK) {
        bd_strlcpy(ev.resolution, resolution, sizeof ev.resolution);
        st = audit_event(a, &ev, "resolve", e);
    }
    return app_tx_end(a, st, e);
}

bd_status app_contract_events(app *a, int64_t contract_id, store_event *rows, int max, int *n,
                              bd_err *e)
{
    *n = 0;
    store_contract c;
    bd_status st = app_contract_get(a, contract_id, &c, e);
    return st == BD_OK ? store_event_list(a->db, contract_id, rows, max, n, e) : st;
}
