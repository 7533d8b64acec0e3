/* Expense claims: lines checked against claims.yaml (standards, invoices
 * seen before, pre-approvals) and the department's budget, decided
 * through the claimant's flow, paid by finance. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

static const char MODULE[] = "claims";

/* ---- Policy lookups ------------------------------------------------------------ */

bool app_name_matches(const char *name, const char *text)
{
    size_t n = strlen(text);
    return strcmp(name, text) == 0 ||
           (n > 0 && strncmp(name, text, n) == 0 && name[n] == ' ');
}

/* The category named by code or name, or -1. */
static int category_of(const policy *p, const char *text)
{
    int i = policy_category_index(p, text);
    for (size_t k = 0; i < 0 && k < p->ncategories; k++)
        if (app_name_matches(p->categories[k].name, text))
            i = (int)k;
    return i;
}

static const char *category_name(const policy *p, const char *code)
{
    int i = policy_category_index(p, code);
    return i >= 0 ? p->categories[i].name : code;
}

/* ---- Checks ------------------------------------------------------------------ */

static void flag(app_claim_detail *d, int i, unsigned f, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void flag(app_claim_detail *d, int i, unsigned f, const char *fmt, ...)
{
    d->line_flags[i] |= f;
    d->flags |= f;
    bd_buf b = {0};
    if (*d->line_why[i])
        bd_buf_printf(&b, "%s; ", d->line_why[i]);
    size_t start = b.len;
    va_list ap;
    va_start(ap, fmt);
    bd_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (d->nnotes < (int)(sizeof d->notes / sizeof d->notes[0])) {
        app_claim_note *n = &d->notes[d->nnotes++];
        n->line = i;
        n->flag = f;
        bd_strlcpy(n->why, bd_buf_str(&b) + start, sizeof n->why);
    }
    bd_strlcpy(d->line_why[i], bd_buf_str(&b), sizeof d->line_why[i]);
    bd_buf_free(&b);
}

/* cap * units, or -1 (no limit) when it does not fit. */
static int64_t cap_times(int64_t cap, int units)
{
    int64_t v;
    return __builtin_mul_overflow(cap, (int64_t)units, &v) ? -1 : v;
}

static bd_status check_standard(app *a, app_claim_detail *d, int i, bd_err *e)
{
    const policy *p = app_policy(a);
    const store_claim_line *l = &d->lines[i];
    int k = policy_standard_index(p, l->standard);
    if (!*l->standard || k < 0)
        return BD_OK;
    const policy_standard *s = &p->standards[k];
    int64_t cap = policy_standard_cap(s, l->place);
    char m1[32], m2[32], m3[32];
    if (s->unit == STD_DAY) {
        int64_t day = 0;
        bd_status st = store_claim_day_spend(a->db, d->claim.author_id, l->standard, l->on_date,
                                             d->claim.id, &day, e);
        if (st != BD_OK)
            return st;
        for (int j = 0; j < d->nlines; j++)
            if (strcmp(d->lines[j].standard, l->standard) == 0 &&
                strcmp(d->lines[j].on_date, l->on_date) == 0)
                day += d->lines[j].amount;
        if (day > cap)
            flag(d, i, CLAIM_FLAG_OVER_STANDARD, "%s: %s on %s is over %s a day", s->name,
                 bd_money_format(day, true, m1, sizeof m1), l->on_date,
                 bd_money_format(cap, true, m2, sizeof m2));
        return BD_OK;
    }
    int units = s->unit == STD_LINE ? 1 : l->quantity;
    int64_t limit = cap_times(cap, units);
    if (limit >= 0 && l->amount > limit)
        flag(d, i, CLAIM_FLAG_OVER_STANDARD, "%s: %s is over %s (%s x %d)", s->name,
             bd_money_format(l->amount, true, m1, sizeof m1),
             bd_money_format(limit, true, m2, sizeof m2), bd_money_format(cap, true, m3, sizeof m3),
             units);
    return BD_OK;
}

static bd_status check_invoice(app *a, app_claim_detail *d, int i, bd_err *e)
{
    const store_claim_line *l = &d->lines[i];
    if (!*l->invoice)
        return BD_OK;
    for (int j = 0; j < i; j++)
        if (strcmp(d->lines[j].invoice, l->invoice) == 0) {
            flag(d, i, CLAIM_FLAG_DUP_INVOICE, "invoice %s is on line %d too", l->invoice,
                 d->lines[j].lineno);
            return BD_OK;
        }
    int64_t other = 0;
    int lineno = 0;
    bd_status st = store_invoice_seen(a->db, l->invoice, d->claim.id, &other, &lineno, e);
    if (st == BD_OK)
        flag(d, i, CLAIM_FLAG_DUP_INVOICE, "invoice %s is on claim #%lld line %d already",
             l->invoice, (long long)other, lineno);
    return st == BD_ERR_NOTFOUND ? BD_OK : st;
}

static bd_status check_preapproval(app *a, app_claim_detail *d, int i, bd_err *e)
{
    const policy *p = app_policy(a);
    const store_claim_line *l = &d->lines[i];
    int c = policy_category_index(p, l->category);
    if (!l->preapproval_id) {
        if (c >= 0 && p->categories[c].preapproval)
            flag(d, i, CLAIM_FLAG_NO_PREAPPROVAL, "%s needs an approved pre-approval",
                 p->categories[c].name);
        return BD_OK;
    }
    store_preapproval pa;
    bd_status st = store_preapproval_get(a->db, NULL, l->preapproval_id, &pa, e);
    if (st != BD_OK)
        return st;
    int64_t allowed = pa.estimate + pa.estimate / 100 * p->preapproval_tolerance_pct +
                      pa.estimate % 100 * p->preapproval_tolerance_pct / 100;
    if (pa.used > allowed) {
        char m1[32], m2[32];
        flag(d, i, CLAIM_FLAG_OVER_ESTIMATE,
             "pre-approval #%lld: %s spent against an estimate of %s (+%d%%)",
             (long long)pa.id, bd_money_format(pa.used, true, m1, sizeof m1),
             bd_money_format(pa.estimate, true, m2, sizeof m2), p->preapproval_tolerance_pct);
    }
    return BD_OK;
}

/* The narrowest budget of the department and category covering date:
 * its month's, its quarter's, else its year's.  period "" when none. */
static bd_status budget_for(app *a, const char *dept, const char *category, const char *date,
                            store_budget *b, bd_err *e)
{
    char cand[3][16];
    int month = atoi(date + 5);
    snprintf(cand[0], sizeof cand[0], "%.7s", date);
    snprintf(cand[1], sizeof cand[1], "%.4s-Q%c", date, (char)('1' + (month + 11) / 3 % 4));
    snprintf(cand[2], sizeof cand[2], "%.4s", date);
    for (int k = 0; k < 3; k++) {
        bd_status st = store_budget_find(a->db, dept, category, cand[k], b, e);
        if (st != BD_ERR_NOTFOUND)
            return st;
    }
    memset(b, 0, sizeof *b);
    return BD_OK;
}

static bd_status check_budgets(app *a, app_claim_detail *d, bd_err *e)
{
    for (int i = 0; i < d->nlines; i++) {
        const store_claim_line *l = &d->lines[i];
        store_budget b;
        bd_status st = budget_for(a, d->claim.department, l->category, l->on_date, &b, e);
        if (st != BD_OK)
            return st;
        int g = 0;
        while (g < d->nbudgets && !(strcmp(d->budgets[g].category, l->category) == 0 &&
                                    strcmp(d->budgets[g].period, b.period) == 0))
            g++;
        if (g == d->nbudgets) {
            if (g == APP_CLAIM_MAX_BUDGETS)
                continue;
            app_claim_budget *nb = &d->budgets[d->nbudgets++];
            memset(nb, 0, sizeof *nb);
            bd_strlcpy(nb->category, l->category, sizeof nb->category);
            bd_strlcpy(nb->period, b.period, sizeof nb->period);
            nb->budget = b.amount;
            if (*b.period) {
                char from[11], to[11];
                store_spend sp;
                store_period_range(b.period, from, to);
                if ((st = store_claim_spend(a->db, d->claim.department, l->category, from, to,
                                            d->claim.id, &sp, e)) != BD_OK)
                    return st;
                nb->spent = sp.committed + sp.paid;
                nb->in_review = sp.in_review;
            }
        }
        d->budgets[g].this_claim += l->amount;
    }
    for (int g = 0; g < d->nbudgets; g++) {
        app_claim_budget *b = &d->budgets[g];
        b->left_after = b->budget - b->spent - b->this_claim;
        for (int i = 0; i < d->nlines; i++) {
            if (strcmp(d->lines[i].category, b->category) != 0)
                continue;
            if (!*b->period)
                flag(d, i, CLAIM_FLAG_NO_BUDGET, "no budget for %s",
                     category_name(app_policy(a), b->category));
            else if (b->left_after < 0)
                flag(d, i, CLAIM_FLAG_OVER_BUDGET, "over the %s budget of %s",
                     category_name(app_policy(a), b->category), b->period);
        }
    }
    return BD_OK;
}

/* Lines, flags and budgets of d->claim. */
static bd_status claim_check(app *a, app_claim_detail *d, bd_err *e)
{
    d->flags = 0;
    d->nbudgets = 0;
    d->nnotes = 0;
    memset(d->line_flags, 0, sizeof d->line_flags);
    memset(d->line_why, 0, sizeof d->line_why);
    bd_status st = store_claim_lines(a->db, d->claim.id, d->lines, APP_CLAIM_MAX_LINES,
                                     &d->nlines, e);
    for (int i = 0; st == BD_OK && i < d->nlines; i++) {
        st = check_standard(a, d, i, e);
        if (st == BD_OK)
            st = check_invoice(a, d, i, e);
        if (st == BD_OK)
            st = check_preapproval(a, d, i, e);
    }
    return st == BD_OK ? check_budgets(a, d, e) : st;
}

/* The flags as words, for the inbox. */
static void flags_text(unsigned f, char *buf, size_t n)
{
    static const struct { unsigned bit; const char *word; } words[] = {
        {CLAIM_FLAG_OVER_STANDARD, "over standard"}, {CLAIM_FLAG_DUP_INVOICE, "duplicate invoice"},
        {CLAIM_FLAG_NO_PREAPPROVAL, "no pre-approval"}, {CLAIM_FLAG_OVER_ESTIMATE, "over estimate"},
        {CLAIM_FLAG_OVER_BUDGET, "over budget"}, {CLAIM_FLAG_NO_BUDGET, "no budget"},
    };
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (f & words[i].bit) {
            size_t used = strlen(buf);
            snprintf(buf + used, n - used, "%s%s", used ? ", " : "", words[i].word);
        }
}

/* The first rule that refuses d (claims.yaml: refuse), as an error naming
 * the line and field; BD_OK when none does. */
static bd_status claim_refusal(app *a, const app_claim_detail *d, bd_err *e)
{
    const policy *p = app_policy(a);
    const struct { unsigned bit; bool refuse; const char *field; } rules[] = {
        {CLAIM_FLAG_NO_PREAPPROVAL, true, "preapproval"},
        {CLAIM_FLAG_DUP_INVOICE, p->duplicate_invoice == RULE_REFUSE, "invoice"},
        {CLAIM_FLAG_OVER_STANDARD, p->over_standard == RULE_REFUSE, "amount"},
        {CLAIM_FLAG_OVER_BUDGET, p->over_budget == RULE_REFUSE, "amount"},
    };
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        if (!rules[r].refuse)
            continue;
        for (int k = 0; k < d->nnotes; k++)
            if (d->notes[k].flag == rules[r].bit)
                return bd_errf(e, BD_ERR_INVALID, "line %d: %s: %s%s",
                               d->lines[d->notes[k].line].lineno, rules[r].field, d->notes[k].why,
                               rules[r].bit == CLAIM_FLAG_OVER_BUDGET
                                   ? " (ask for a budget change first)" : "");
    }
    return BD_OK;
}

/* ---- The request kind ----------------------------------------------------------- */

static char *claim_json(const void *rec)
{
    const store_claim *c = rec;
    bd_json j;
    char m[32];
    bd_json_begin(&j);
    bd_json_str(&j, "title", c->title);
    bd_json_str(&j, "total", bd_money_format(c->total, false, m, sizeof m));
    bd_json_str(&j, "state", c->state);
    bd_json_int(&j, "step", c->review_step);
    bd_json_int(&j, "round", c->review_round);
    if (*c->paid_on) {
        bd_json_str(&j, "paid_on", c->paid_on);
        bd_json_str(&j, "method", c->pay_method);
        bd_json_str(&j, "reference", c->pay_reference);
        bd_json_str(&j, "account", c->pay_account);
    }
    bd_json_end(&j);
    return j.buf.data;
}

static bd_status claim_load(app *a, int64_t id, void *rec, app_request *r, bd_err *e)
{
    store_claim *c = rec;
    bd_status st = store_claim_get(a->db, NULL, id, c, e);
    if (st != BD_OK)
        return st;
    *r = (app_request){.id = c->id, .author_id = c->author_id, .version = c->version,
                       .review_step = c->review_step, .review_round = c->review_round,
                       .amount = c->total};
    bd_strlcpy(r->state, c->state, sizeof r->state);
    return BD_OK;
}

static bd_status claim_save(app *a, void *rec, const app_request *r, bd_err *e)
{
    store_claim *c = rec;
    char now[21];
    app_timestamp(now, sizeof now);
    if (strcmp(r->state, "in_review") == 0 && strcmp(c->state, "in_review") != 0)
        bd_strlcpy(c->submitted_at, now, sizeof c->submitted_at);
    if (strcmp(r->state, "approved") == 0)
        bd_strlcpy(c->approved_at, now, sizeof c->approved_at);
    bd_strlcpy(c->state, r->state, sizeof c->state);
    c->review_step = r->review_step;
    c->review_round = r->review_round;
    bd_strlcpy(c->updated_at, now, sizeof c->updated_at);
    return store_claim_update(a->db, c, e);
}

static const policy_flow *claim_flow(app *a, const void *rec, bd_err *e)
{
    (void)e;
    return policy_claims_flow(app_policy(a), CLAIM_FLOW_CLAIM, ((const store_claim *)rec)->department);
}

static bd_status claim_guard(app *a, void *rec, apv_action act, bool final, bd_err *e)
{
    store_claim *c = rec;
    if (act == APV_APPROVE && !final)
        return BD_OK;
    if (act == APV_SUBMIT && c->total <= 0)
        return bd_errf(e, BD_ERR_INVALID, "claim #%lld has no lines: add what you spent first",
                       (long long)c->id);
    app_claim_detail *d = bd_xcalloc(1, sizeof *d);
    d->claim = *c;
    bd_status st = claim_check(a, d, e);
    if (st == BD_OK && (st = claim_refusal(a, d, e)) != BD_OK)
        bd_err_prefix(e, "claim #%lld", (long long)c->id);
    free(d);
    return st;
}

static bd_status claim_in_review(app *a, int64_t *ids, int max, int *n, bd_err *e)
{
    store_claim *rows = bd_xcalloc((size_t)max, sizeof *rows);
    bd_status st = store_claims_in_state(a->db, "in_review", rows, max, n, e);
    for (int i = 0; st == BD_OK && i < *n; i++)
        ids[i] = rows[i].id;
    free(rows);
    return st;
}

static void claim_describe(app *a, const void *rec, app_work_item *w)
{
    const store_claim *c = rec;
    const policy_department *dept = policy_dept_find(app_policy(a), c->department);
    bd_strlcpy(w->what, c->title, sizeof w->what);
    bd_strlcpy(w->party, dept ? dept->name : c->department, sizeof w->party);
    bd_strlcpy(w->waiting_since, c->submitted_at, sizeof w->waiting_since);
    app_claim_detail *d = bd_xcalloc(1, sizeof *d);
    d->claim = *c;
    if (claim_check(a, d, NULL) == BD_OK)
        flags_text(d->flags, w->flags, sizeof w->flags);
    free(d);
}

const app_request_kind app_kind_claim = {
    .module = MODULE, .entity = "claim", .noun = "claim", .perm = PERM_CLAIMS, .size = sizeof(store_claim),
    .resubmit = true, .load = claim_load, .save = claim_save, .flow = claim_flow,
    .guard = claim_guard, .json = claim_json, .in_review = claim_in_review,
    .describe = claim_describe,
};

/* ---- Making a claim ---------------------------------------------------------------- */

bd_status app_claim_new(app *a, const char *title, store_claim *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_CLAIMS, "making a claim", e);
    if (st != BD_OK)
        return st;
    store_claim c = {.author_id = a->actor.user.id};
    if (!title || !*title || !bd_strlcpy(c.title, title, sizeof c.title))
        return bd_errf(e, BD_ERR_INVALID, "title: say what the claim is for (up to 255 bytes)");
    bd_strlcpy(c.department, a->actor.user.department, sizeof c.department);
    bd_strlcpy(c.state, "draft", sizeof c.state);
    app_timestamp(c.created_at, sizeof c.created_at);
    bd_strlcpy(c.updated_at, c.created_at, sizeof c.updated_at);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    st = store_claim_insert(a->db, &c, e);
    if (st == BD_OK) {
        char *after = claim_json(&c);
        st = app_audit_write(a, "claim", c.id, "create", NULL, after, e);
        free(after);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = c;
    return st;
}

/* The claim id as the claimant may edit it: theirs, a draft or rejected. */
static bd_status own_draft(app *a, int64_t id, store_claim *c, bd_err *e)
{
    store_viewer v = app_viewer(a);
    bd_status st = store_claim_get(a->db, &v, id, c, e);
    if (st != BD_OK)
        return st;
    if (c->author_id != a->actor.user.id)
        return bd_errf(e, BD_ERR_DENIED, "claim #%lld is %s's; only the claimant changes it",
                       (long long)id, c->author_login);
    if (strcmp(c->state, "draft") != 0 && strcmp(c->state, "rejected") != 0)
        return bd_errf(e, BD_ERR_INVALID, "claim #%lld is %s; only a draft or rejected claim is "
                       "changed", (long long)id, c->state);
    return BD_OK;
}

/* in's text fields checked into l; messages name the field. */
static bd_status line_build(app *a, const store_claim *c, const app_claim_line_input *in,
                            store_claim_line *l, bd_err *e)
{
    const policy *p = app_policy(a);
    char today[11];
    app_today(today, sizeof today);
    bd_status st = app_parse_date("date", in->date, l->on_date, e);
    if (st != BD_OK)
        return st;
    if (strcmp(l->on_date, today) > 0)
        return bd_errf(e, BD_ERR_INVALID, "date: %s is in the future (today is %s)", l->on_date,
                       today);
    if (!bd_strlcpy(l->place, in->place ? in->place : "", sizeof l->place))
        return bd_errf(e, BD_ERR_INVALID, "place: longer than %zu bytes", sizeof l->place - 1);
    int cat = in->category ? category_of(p, in->category) : -1;
    if (cat < 0) {
        bd_buf known = {0};
        for (size_t i = 0; i < p->ncategories; i++)
            bd_buf_printf(&known, "%s%s", i ? ", " : "", p->categories[i].code);
        st = bd_errf(e, BD_ERR_INVALID, "category: '%s' is not a category of claims.yaml (%s)",
                     in->category ? in->category : "", bd_buf_str(&known));
        bd_buf_free(&known);
        return st;
    }
    bd_strlcpy(l->category, p->categories[cat].code, sizeof l->category);
    if (in->standard && *in->standard) {
        int s = policy_standard_index(p, in->standard);
        if (s < 0)
            return bd_errf(e, BD_ERR_INVALID, "standard: '%s' is not a standard of claims.yaml",
                           in->standard);
        if (p->standards[s].category != cat)
            return bd_errf(e, BD_ERR_INVALID, "standard: %s is a standard of %s, not of %s",
                           in->standard, p->categories[p->standards[s].category].name,
                           p->categories[cat].name);
        bd_strlcpy(l->standard, in->standard, sizeof l->standard);
    }
    l->quantity = 1;
    if (in->quantity && *in->quantity) {
        char *end;
        long q = strtol(in->quantity, &end, 10);
        if (*end || q < 1 || q > 999)
            return bd_errf(e, BD_ERR_INVALID, "quantity: '%s' is not a whole number from 1 to 999",
                           in->quantity);
        l->quantity = (int)q;
    }
    if (!in->reason || !*in->reason || !bd_strlcpy(l->reason, in->reason, sizeof l->reason))
        return bd_errf(e, BD_ERR_INVALID, "reason: say what it was for (up to %zu bytes)",
                       sizeof l->reason - 1);
    if ((st = app_parse_money("amount", in->amount, &l->amount, e)) != BD_OK)
        return st;
    if (l->amount == 0)
        return bd_errf(e, BD_ERR_INVALID, "amount: must be more than 0");
    if (l->amount > BD_MONEY_MAX - c->total)
        return bd_errf(e, BD_ERR_INVALID, "amount: the claim's total would be too large");
    if (!bd_strlcpy(l->invoice, in->invoice ? in->invoice : "", sizeof l->invoice))
        return bd_errf(e, BD_ERR_INVALID, "invoice: longer than %zu bytes", sizeof l->invoice - 1);
    if (in->preapproval_id) {
        store_preapproval pa;
        if ((st = store_preapproval_get(a->db, NULL, in->preapproval_id, &pa, e)) != BD_OK)
            return st == BD_ERR_NOTFOUND
                       ? bd_errf(e, st, "preapproval: there is no pre-approval #%lld",
                                 (long long)in->preapproval_id)
                       : st;
        if (pa.author_id != c->author_id)
            return bd_errf(e, BD_ERR_DENIED, "preapproval: pre-approval #%lld is %s's; a claim "
                           "cites its claimant's own", (long long)pa.id, pa.author_login);
        if (strcmp(pa.state, "approved") != 0)
            return bd_errf(e, BD_ERR_INVALID, "preapproval: pre-approval #%lld is %s; only an "
                           "approved one is cited", (long long)pa.id, pa.state);
        l->preapproval_id = pa.id;
    } else if (p->categories[cat].preapproval) {
        return bd_errf(e, BD_ERR_INVALID, "preapproval: a line of %s must cite an approved "
                       "pre-approval", p->categories[cat].name);
    }
    return BD_OK;
}

static char *line_json(const store_claim_line *l)
{
    bd_json j;
    char m[32];
    bd_json_begin(&j);
    bd_json_int(&j, "line", l->lineno);
    bd_json_str(&j, "date", l->on_date);
    bd_json_str(&j, "place", l->place);
    bd_json_str(&j, "category", l->category);
    bd_json_str(&j, "standard", l->standard);
    bd_json_int(&j, "quantity", l->quantity);
    bd_json_str(&j, "reason", l->reason);
    bd_json_str(&j, "amount", bd_money_format(l->amount, false, m, sizeof m));
    bd_json_str(&j, "invoice", l->invoice);
    bd_json_int(&j, "preapproval", l->preapproval_id);
    bd_json_end(&j);
    return j.buf.data;
}

bd_status app_claim_line_add(app *a, int64_t claim_id, const app_claim_line_input *in,
                             store_claim_line *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_CLAIMS, "changing a claim", e);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_claim c;
    store_claim_line l = {.claim_id = claim_id};
    app_claim_detail *d = NULL;
    st = own_draft(a, claim_id, &c, e);
    if (st == BD_OK && c.nlines >= APP_CLAIM_MAX_LINES)
        st = bd_errf(e, BD_ERR_INVALID, "claim #%lld has %d lines, the most a claim holds; make "
                     "another claim", (long long)claim_id, APP_CLAIM_MAX_LINES);
    if (st == BD_OK && (st = line_build(a, &c, in, &l, e)) != BD_OK)
        bd_err_prefix(e, "line %d", c.nlines + 1);
    if (st == BD_OK)
        st = store_claim_line_add(a->db, &l, e);
    if (st == BD_OK) {
        /* A rule set to refuse stops the line now, not at submission. */
        d = bd_xcalloc(1, sizeof *d);
        if ((st = store_claim_get(a->db, NULL, claim_id, &d->claim, e)) == BD_OK &&
            (st = claim_check(a, d, e)) == BD_OK) {
            /* Only the new line's notes, and not the budget: that is
             * checked when the claim is submitted. */
            app_claim_detail *one = bd_xcalloc(1, sizeof *one);
            one->nlines = 1;
            one->lines[0] = d->lines[d->nlines - 1];
            for (int k = 0; k < d->nnotes; k++)
                if (d->notes[k].line == d->nlines - 1 && d->notes[k].flag != CLAIM_FLAG_OVER_BUDGET) {
                    one->notes[one->nnotes] = d->notes[k];
                    one->notes[one->nnotes++].line = 0;
                }
            st = claim_refusal(a, one, e);
            free(one);
        }
    }
    if (st == BD_OK) {
        char *after = line_json(&l);
        st = app_audit_write(a, "claim", claim_id, "add_line", NULL, after, e);
        free(after);
    }
    free(d);
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = l;
    return st;
}

bd_status app_claim_line_remove(app *a, int64_t claim_id, int lineno, bd_err *e)
{
    bd_status st = app_require(a, PERM_CLAIMS, "changing a claim", e);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_claim c;
    st = own_draft(a, claim_id, &c, e);
    if (st == BD_OK && (st = store_claim_line_remove(a->db, claim_id, lineno, e)) == BD_ERR_NOTFOUND)
        st = bd_errf(e, st, "claim #%lld has no line %d", (long long)claim_id, lineno);
    if (st == BD_OK) {
        char buf[32];
        snprintf(buf, sizeof buf, "{\"line\":%d}", lineno);
        st = app_audit_write(a, "claim", claim_id, "remove_line", buf, NULL, e);
    }
    return app_tx_end(a, st, e);
}

/* ---- Reading ------------------------------------------------------------------------ */

/* Claim id if the actor may read it: in their reach, or waiting for them. */
static bd_status readable(app *a, int64_t id, store_claim *c, bd_err *e)
{
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "nobody is logged in");
    store_viewer v = app_viewer(a);
    bd_status st = store_claim_get(a->db, &v, id, c, e);
    if (st == BD_ERR_NOTFOUND && app_request_awaits(a, &app_kind_claim, id))
        st = store_claim_get(a->db, NULL, id, c, e);
    if (st == BD_ERR_NOTFOUND)
        return bd_errf(e, st, "no claim #%lld that you may see", (long long)id);
    return st;
}

bd_status app_claim_detail_get(app *a, int64_t id, app_claim_detail *out, bd_err *e)
{
    memset(out, 0, sizeof *out);
    bd_status st = readable(a, id, &out->claim, e);
    if (st == BD_OK)
        st = claim_check(a, out, e);
    if (st == BD_OK)
        st = store_decision_list(a->db, MODULE, id, out->decisions, APP_DETAIL_MAX,
                                 &out->ndecisions, e);
    if (st == BD_OK)
        app_request_step_name(a, &app_kind_claim, id, out->step_name, sizeof out->step_name);
    return st;
}

bd_status app_claim_list(app *a, const char *state, bool mine, store_claim *rows, int max,
                         int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CLAIMS, "reading claims", e);
    if (st != BD_OK)
        return st;
    store_claim_query q = {.viewer = app_viewer(a), .state = state && *state ? state : NULL,
                           .author_id = mine ? a->actor.user.id : 0, .limit = max};
    return store_claim_list(a->db, &q, rows, n, e);
}

bd_status app_claim_act(app *a, int64_t id, apv_action act, const char *comment,
                        int64_t expected_version, store_claim *out, bd_err *e)
{
    return app_request_act(a, &app_kind_claim, id, act, comment, expected_version, out, e);
}

bd_status app_claim_choices(app *a, int64_t id, app_choices *out, bd_err *e)
{
    return app_request_choices(a, &app_kind_claim, id, out, e);
}

/* ---- Payment ------------------------------------------------------------------------ */

bd_status app_claim_payee_account(app *a, const store_claim *c, char *buf, size_t n, bd_err *e)
{
    buf[0] = '\0';
    bd_status st = app_require(a, PERM_CLAIMS_PAY, "reading where a claim is paid", e);
    store_user u;
    if (st == BD_OK)
        st = store_user_by_id(a->db, c->author_id, &u, e);
    if (st == BD_OK)
        bd_strlcpy(buf, u.bank_account, n);
    return st;
}

bd_status app_claim_pay(app *a, int64_t id, const char *paid_on, const char *method,
                        const char *reference, int64_t expected_version, store_claim *out,
                        bd_err *e)
{
    bd_status st = app_require(a, PERM_CLAIMS_PAY, "paying a claim", e);
    if (st != BD_OK)
        return st;
    const policy *p = app_policy(a);
    char on[11], today[11];
    app_today(today, sizeof today);
    if (paid_on && *paid_on) {
        if ((st = app_parse_date("paid on", paid_on, on, e)) != BD_OK)
            return st;
        if (strcmp(on, today) > 0)
            return bd_errf(e, BD_ERR_INVALID, "paid on: %s is in the future (today is %s)", on,
                           today);
    } else {
        bd_strlcpy(on, today, sizeof on);
    }
    if (!method || !*method)
        method = p->npay_methods ? p->pay_methods[0] : "bank_transfer";
    if (!policy_pay_method_ok(p, method))
        return bd_errf(e, BD_ERR_INVALID, "method: '%s' is not a payment method of claims.yaml",
                       method);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_claim c, before;
    store_user u;
    st = store_claim_get(a->db, NULL, id, &c, e);
    if (st == BD_ERR_NOTFOUND)
        st = bd_errf(e, st, "there is no claim #%lld", (long long)id);
    if (st == BD_OK && expected_version && c.version != expected_version)
        st = bd_errf(e, BD_ERR_CONFLICT, "claim #%lld moved on while you looked (it is %s now); "
                     "look again", (long long)id, c.state);
    if (st == BD_OK && strcmp(c.state, "approved") != 0)
        st = bd_errf(e, strcmp(c.state, "paid") == 0 ? BD_ERR_CONFLICT : BD_ERR_INVALID,
                     "claim #%lld is %s%s; only an approved claim is paid", (long long)id, c.state,
                     strcmp(c.state, "paid") == 0 ? " already" : "");
    if (st == BD_OK && c.author_id == a->actor.user.id)
        st = bd_errf(e, BD_ERR_DENIED, "claim #%lld is your own; another clerk pays it",
                     (long long)id);
    if (st == BD_OK)
        st = store_user_by_id(a->db, c.author_id, &u, e);
    if (st == BD_OK && strcmp(method, "bank_transfer") == 0 && !*u.bank_account)
        st = bd_errf(e, BD_ERR_INVALID, "%s has no bank account on file; they set it with "
                     "'bizdesk user bank ACCOUNT'", u.login);
    if (st == BD_OK) {
        before = c;
        bd_strlcpy(c.state, "paid", sizeof c.state);
        bd_strlcpy(c.paid_on, on, sizeof c.paid_on);
        bd_strlcpy(c.pay_method, method, sizeof c.pay_method);
        bd_strlcpy(c.pay_reference, reference ? reference : "", sizeof c.pay_reference);
        bd_strlcpy(c.pay_account, u.bank_account, sizeof c.pay_account);
        c.paid_by = a->actor.user.id;
        app_timestamp(c.updated_at, sizeof c.updated_at);
        st = store_claim_update(a->db, &c, e);
    }
    if (st == BD_OK) {
        char *b = claim_json(&before), *af = claim_json(&c);
        st = app_audit_write(a, "claim", id, "pay", b, af, e);
        free(b);
        free(af);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = c;
    return st;
}

bd_status app_payment_queue(app *a, store_claim *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CLAIMS_PAY, "reading the payment queue", e);
    return st == BD_OK ? store_claims_in_state(a->db, "approved", rows, max, n, e) : st;
}
