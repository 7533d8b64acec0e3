/* Report generators of the Pipeline module: pipeline, sales, activities
 * and churn (the registry and the run are in reports.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports_internal.h"

/* ---- Small helpers ------------------------------------------------------------------- */

/* Value weighted by a stage's probability, as the pipeline lists do. */
static int64_t weighted(int64_t value, int prob)
{
    return value / 100 * prob + value % 100 * prob / 100;
}

static const char *stage_name(const policy *p, const char *code)
{
    int k = policy_stage_index(p, code);
    return k >= 0 ? p->stages[k].name : code;
}

/* ---- pipeline ---------------------------------------------------------------------------
 * By stage (a summary: the CSV leaves it out) and by owner and stage,
 * from two passes of one grouped query.  Memory: a count and a value per
 * stage of the policy, plus stages the policy no longer has. */

typedef struct stage_acc {
    int nstages;              /* policy stages, then unknown ones */
    int cap;
    char (*code)[33];
    int64_t *count, *value;
} stage_acc;

static void acc_init(stage_acc *s, const policy *p)
{
    memset(s, 0, sizeof *s);
    s->cap = (int)p->nstages + 8;
    s->code = bd_xcalloc((size_t)s->cap, sizeof *s->code);
    s->count = bd_xcalloc((size_t)s->cap, sizeof *s->count);
    s->value = bd_xcalloc((size_t)s->cap, sizeof *s->value);
    for (size_t i = 0; i < p->nstages; i++)
        bd_strlcpy(s->code[i], p->stages[i].code, sizeof s->code[i]);
    s->nstages = (int)p->nstages;
}

static void acc_add(stage_acc *s, const char *code, int64_t count, int64_t value)
{
    int k = 0;
    while (k < s->nstages && strcmp(s->code[k], code) != 0)
        k++;
    if (k == s->nstages) {
        if (s->nstages == s->cap) {
            s->cap *= 2;
            s->code = bd_xrealloc(s->code, (size_t)s->cap * sizeof *s->code);
            s->count = bd_xrealloc(s->count, (size_t)s->cap * sizeof *s->count);
            s->value = bd_xrealloc(s->value, (size_t)s->cap * sizeof *s->value);
        }
        bd_strlcpy(s->code[k], code, sizeof s->code[k]);
        s->count[k] = s->value[k] = 0;
        s->nstages++;
    }
    s->count[k] += count;
    s->value[k] += value;
}

static void acc_clear(stage_acc *s)
{
    memset(s->count, 0, (size_t)s->cap * sizeof *s->count);
    memset(s->value, 0, (size_t)s->cap * sizeof *s->value);
}

static void acc_free(stage_acc *s)
{
    free(s->code);
    free(s->count);
    free(s->value);
}

typedef struct pipe_state {
    stage_acc acc;
    char login[33];
    char name[256];
    int64_t tc, tv, tw;       /* grand total */
} pipe_state;

static int pipe_stage_cb(void *ctx, const store_report_stage *r)
{
    rctx *c = ctx;
    pipe_state *ps = c->state;
    acc_add(&ps->acc, r->stage, r->count, r->value);
    return 0;
}

/* Rows of one owner (or, login NULL, the by-stage rows with their
 * subtotal of the open stages), in policy order; totals added to *t. */
static bd_status pipe_rows(rctx *c, pipe_state *ps, const char *login, const char *name,
                           int64_t t[3])
{
    const policy *p = c->p;
    stage_acc *s = &ps->acc;
    int64_t sub[3] = {0, 0, 0}, open[3] = {0, 0, 0};
    char m1[32], m2[32], m3[32], pr[32];
    bd_status st = BD_OK;
    for (int k = 0; st == BD_OK && k < s->nstages; k++) {
        bool known = k < (int)p->nstages;
        bool closed = known && (p->stages[k].won || p->stages[k].lost);
        int prob = known ? p->stages[k].probability : 0;
        int64_t w = weighted(s->value[k], prob);
        if (!login && closed && (k == 0 || !(p->stages[k - 1].won || p->stages[k - 1].lost))) {
            const char *cells[] = {"Open stages", "", rep_num(m1, open[0]), rep_money(m2, open[1]),
                                   rep_money(m3, open[2])};
            st = rep_row(c, RPT_SUBTOTAL, cells);
        }
        if (st != BD_OK || (login && s->count[k] == 0))
            continue;
        if (login) {
            const char *cells[] = {login, name, stage_name(p, s->code[k]), rep_num(m1, s->count[k]),
                                   rep_money(m2, s->value[k]), rep_money(m3, w)};
            st = rep_row(c, RPT_ROW, cells);
        } else {
            snprintf(pr, sizeof pr, "%d", prob);
            const char *cells[] = {stage_name(p, s->code[k]), known ? pr : "",
                                   rep_num(m1, s->count[k]), rep_money(m2, s->value[k]), rep_money(m3, w)};
            st = rep_row(c, RPT_ROW, cells);
        }
        sub[0] += s->count[k], sub[1] += s->value[k], sub[2] += w;
        if (!closed)
            open[0] += s->count[k], open[1] += s->value[k], open[2] += w;
    }
    if (st == BD_OK && login) {
        const char *cells[] = {"", "", "Subtotal", rep_num(m1, sub[0]), rep_money(m2, sub[1]),
                               rep_money(m3, sub[2])};
        st = rep_row(c, RPT_SUBTOTAL, cells);
    }
    for (int i = 0; i < 3; i++)
        t[i] += sub[i];
    return st;
}

static bd_status pipe_flush(rctx *c, pipe_state *ps)
{
    if (!*ps->login)
        return BD_OK;
    int64_t t[3] = {0, 0, 0};
    bd_status st = pipe_rows(c, ps, ps->login, ps->name, t);
    ps->tc += t[0], ps->tv += t[1], ps->tw += t[2];
    acc_clear(&ps->acc);
    ps->login[0] = '\0';
    return st;
}

static int pipe_owner_cb(void *ctx, const store_report_stage *r)
{
    rctx *c = ctx;
    pipe_state *ps = c->state;
    if (strcmp(ps->login, r->login) != 0) {
        if (rep_cb_status(c, pipe_flush(c, ps)))
            return 1;
        bd_strlcpy(ps->login, r->login, sizeof ps->login);
        bd_strlcpy(ps->name, r->name, sizeof ps->name);
    }
    acc_add(&ps->acc, r->stage, r->count, r->value);
    return 0;
}

bd_status gen_pipeline(rctx *c)
{
    static const rpt_col by_stage[] = {
        {"Stage", "stage", RPT_TEXT}, {"Prob. %", "probability", RPT_INT},
        {"Count", "count", RPT_INT}, {"Value", "value", RPT_MONEY},
        {"Weighted", "weighted", RPT_MONEY},
    };
    static const rpt_col by_owner[] = {
        {"Owner", "owner", RPT_CODE}, {"Name", "name", RPT_TEXT}, {"Stage", "stage", RPT_TEXT},
        {"Count", "count", RPT_INT}, {"Value", "value", RPT_MONEY},
        {"Weighted", "weighted", RPT_MONEY},
    };
    pipe_state ps = {0};
    acc_init(&ps.acc, c->p);
    c->state = &ps;
    char m1[32], m2[32], m3[32];
    bd_status st = rep_streamed(c, store_report_pipeline(c->a->db, &c->v, false, pipe_stage_cb, c,
                                                     c->e));
    if (st == BD_OK)
        st = rep_section(c, "By stage", by_stage, 5, true);
    int64_t t[3] = {0, 0, 0};
    if (st == BD_OK)
        st = pipe_rows(c, &ps, NULL, NULL, t);
    if (st == BD_OK) {
        const char *cells[] = {"All stages", "", rep_num(m1, t[0]), rep_money(m2, t[1]), rep_money(m3, t[2])};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    acc_clear(&ps.acc);
    if (st == BD_OK)
        st = rep_section(c, "By owner", by_owner, 6, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_pipeline(c->a->db, &c->v, true, pipe_owner_cb, c, c->e));
    if (st == BD_OK)
        st = pipe_flush(c, &ps);
    if (st == BD_OK && ps.tc > 0) {
        const char *cells[] = {"Total", "", "", rep_num(m1, ps.tc), rep_money(m2, ps.tv),
                               rep_money(m3, ps.tw)};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    acc_free(&ps.acc);
    return st;
}

/* ---- sales --------------------------------------------------------------------------- */

rep_cur_total *rep_cur_find(rep_cur_total *t, int *n, int max, const char *currency)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(t[i].currency, currency) == 0)
            return &t[i];
    if (*n == max)
        return NULL;
    memset(&t[*n], 0, sizeof t[*n]);
    bd_strlcpy(t[*n].currency, currency, sizeof t[*n].currency);
    return &t[(*n)++];
}

static int sales_cb(void *ctx, const store_report_sales_row *r)
{
    rctx *c = ctx;
    rep_sales_state *ss = c->state;
    char m1[32], m2[32], m3[32], m4[32], m5[32];
    const char *cells[] = {r->login, r->name, r->currency, rep_num(m1, r->contracts),
                           rep_money(m2, r->amount), rep_num(m3, r->new_customers),
                           rep_money(m4, r->previous),
                           rep_percent(m5, r->amount - r->previous, r->previous)};
    rep_cur_total *t = rep_cur_find(ss->t, &ss->nt, 16, r->currency);
    if (!t)
        return rep_cb_status(c, bd_errf(c->e, BD_ERR_INVALID, "more than 16 currencies"));
    t->n += r->contracts, t->amount += r->amount, t->news += r->new_customers;
    t->previous += r->previous;
    return rep_cb_status(c, rep_row(c, RPT_ROW, cells));
}

bd_status gen_sales(rctx *c)
{
    static const rpt_col cols[] = {
        {"Rep", "rep", RPT_CODE}, {"Name", "name", RPT_TEXT}, {"Cur.", "currency", RPT_CODE},
        {"Signed", "contracts", RPT_INT}, {"Amount", "amount", RPT_MONEY},
        {"New cust.", "new_customers", RPT_INT}, {"Previous", "previous_amount", RPT_MONEY},
        {"Growth %", "growth_pct", RPT_PCT},
    };
    rep_sales_state ss = {0};
    c->state = &ss;
    bd_status st = rep_section(c, "Contracts signed by rep", cols, 8, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_sales(c->a->db, &c->v, c->from, c->to, c->prev_from,
                                            sales_cb, c, c->e));
    for (int i = 0; st == BD_OK && i < ss.nt; i++) {
        rep_cur_total *t = &ss.t[i];
        char m1[32], m2[32], m3[32], m4[32], m5[32];
        const char *cells[] = {"Total", "", t->currency, rep_num(m1, t->n), rep_money(m2, t->amount),
                               rep_num(m3, t->news), rep_money(m4, t->previous),
                               rep_percent(m5, t->amount - t->previous, t->previous)};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- activities ---------------------------------------------------------------------- */

typedef struct act_state {
    char login[33];
    int64_t n, total;
} act_state;

static bd_status act_flush(rctx *c, act_state *as)
{
    if (!*as->login)
        return BD_OK;
    char what[64];
    snprintf(what, sizeof what, "%lld activit%s", (long long)as->n, as->n == 1 ? "y" : "ies");
    const char *cells[] = {as->login, "", "", what, ""};
    bd_status st = rep_row(c, RPT_SUBTOTAL, cells);
    as->login[0] = '\0';
    as->n = 0;
    return st;
}

static int act_cb(void *ctx, const store_activity *a, const char *company)
{
    rctx *c = ctx;
    act_state *as = c->state;
    if (strcmp(as->login, a->actor_login) != 0) {
        if (rep_cb_status(c, act_flush(c, as)))
            return 1;
        bd_strlcpy(as->login, a->actor_login, sizeof as->login);
    }
    as->n++, as->total++;
    const char *cells[] = {a->actor_login, a->on_date, a->kind, company, a->summary};
    return rep_cb_status(c, rep_row(c, RPT_ROW, cells));
}

bd_status gen_activities(rctx *c)
{
    static const rpt_col cols[] = {
        {"Rep", "rep", RPT_CODE}, {"Date", "date", RPT_DATE}, {"Kind", "kind", RPT_CODE},
        {"Customer", "customer", RPT_TEXT}, {"Summary", "summary", RPT_TEXT},
    };
    act_state as = {0};
    c->state = &as;
    bd_status st = rep_section(c, "Activities by rep", cols, 5, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_activities(c->a->db, &c->v, c->from, c->to, act_cb, c,
                                                 c->e));
    if (st == BD_OK)
        st = act_flush(c, &as);
    if (st == BD_OK && as.total > 0) {
        char what[64];
        snprintf(what, sizeof what, "%lld activit%s", (long long)as.total,
                 as.total == 1 ? "y" : "ies");
        const char *cells[] = {"Total", "", "", what, ""};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- churn --------------------------------------------------------------------------- */

typedef struct churn_state {
    const policy_class *cls;
    int64_t n, total;
} churn_state;

static int churn_cb(void *ctx, const store_customer *cu)
{
    rctx *c = ctx;
    churn_state *cs = c->state;
    char last[11], d1[32], d2[32];
    bd_strlcpy(last, *cu->last_contact ? cu->last_contact : cu->created_at, sizeof last);
    cs->n++, cs->total++;
    const char *cells[] = {cs->cls->name, cu->name, cu->owner_login, last,
                           rep_num(d1, rep_days_between(last, c->today)), rep_num(d2, cs->cls->churn_days)};
    return rep_cb_status(c, rep_row(c, RPT_ROW, cells));
}

bd_status gen_churn(rctx *c)
{
    static const rpt_col cols[] = {
        {"Class", "class", RPT_TEXT}, {"Customer", "customer", RPT_TEXT},
        {"Owner", "owner", RPT_CODE}, {"Last contact", "last_contact", RPT_DATE},
        {"Days quiet", "days_quiet", RPT_INT}, {"Allowed", "churn_days", RPT_INT},
    };
    churn_state cs = {0};
    c->state = &cs;
    bd_status st = rep_section(c, "Customers quiet for longer than their class allows", cols, 6, false);
    for (size_t k = 0; st == BD_OK && k < c->p->nclasses; k++) {
        cs.cls = &c->p->classes[k];
        cs.n = 0;
        char before[11];
        rep_shift(c->today, -cs.cls->churn_days, before);
        st = rep_streamed(c, store_report_quiet(c->a->db, &c->v, cs.cls->code, before, churn_cb, c,
                                            c->e));
        if (st == BD_OK && cs.n > 0) {
            char what[64];
            snprintf(what, sizeof what, "%lld customer%s", (long long)cs.n, cs.n == 1 ? "" : "s");
            const char *cells[] = {cs.cls->name, what, "", "", "", ""};
            st = rep_row(c, RPT_SUBTOTAL, cells);
        }
    }
    if (st == BD_OK && cs.total > 0) {
        char what[64];
        snprintf(what, sizeof what, "%lld customer%s", (long long)cs.total,
                 cs.total == 1 ? "" : "s");
        const char *cells[] = {"Total", what, "", "", "", ""};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    return st;
}
