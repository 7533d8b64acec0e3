/* Reports: a registry of what each report is called, takes and needs, and
 * one generator each, which streams rows from the store (or from the
 * module's own function where the module already computes them: the
 * contract clock, the aging, a claim's checks) into the report writer.
 *
 * Who may run what (decided here, listed by `bizdesk report list`):
 *   - pipeline, activities, churn: pipeline.use; contracts, clock:
 *     contracts.use.  These show the module's own records within the
 *     role's scope, which the person may list in the module anyway, so a
 *     rep gets a report of their own pipeline without reports.use.
 *   - sales, aging, collections: reports.use and contracts.use; budget,
 *     reimbursements, over-standard: reports.use and claims.use.  These
 *     are figures for managers and finance, still within the scope.
 *   - ranking: reports.use and reviews.use, over the reviews of the period
 *     in the actor's reach (app_review_list's rules: their own, those they
 *     supervise or rate as a peer, their role's scope).  calibration:
 *     reviews.manage over the period's department (app_review_calibration).
 *     Both take a review period the actor may list (app_review_periods),
 *     by default the newest of the actor's own department.
 *   - audit: audit.read (the audit trail is not scoped). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "review.h"

typedef struct rctx rctx;
typedef bd_status (*report_gen)(rctx *c);

typedef struct report {
    app_report_info info;
    report_gen gen;
    bool scoped;              /* reads through the actor's viewer */
} report;

struct rctx {
    app *a;
    const policy *p;
    const report *r;
    rpt *w;
    bd_err *e;
    bd_status st;             /* the first failure inside a callback */
    store_viewer v;
    char today[11];
    char from[11], to[11];    /* the period */
    char prev_from[11], prev_to[11];
    int days;
    char year[5];
    char params[256];         /* the header's parameter line */
    char scope[64];           /* what the actor's reach covers */
    store_review_period rp;   /* the review period */
    void *state;              /* the generator's own */
};

/* ---- Small helpers ------------------------------------------------------------------- */

static const char *money(char buf[32], int64_t v)
{
    return bd_money_format(v, false, buf, 32);
}

static const char *num(char buf[32], int64_t v)
{
    snprintf(buf, 32, "%lld", (long long)v);
    return buf;
}

/* Value weighted by a stage's probability, as the pipeline lists do. */
static int64_t weighted(int64_t value, int prob)
{
    return value / 100 * prob + value % 100 * prob / 100;
}

/* part of whole in percent with one decimal ("12.5"); "" when whole is 0. */
static const char *percent(char buf[32], int64_t part, int64_t whole)
{
    if (whole == 0) {
        buf[0] = '\0';
        return buf;
    }
    __int128 t = (__int128)part * 1000;
    __int128 q = t / whole, rem = t % whole;
    if (rem != 0 && 2 * (rem < 0 ? -rem : rem) >= (whole < 0 ? -whole : whole))
        q += ((t < 0) != (whole < 0)) ? -1 : 1;
    long long v = (long long)q;
    long long mag = v < 0 ? -v : v;
    snprintf(buf, 32, "%s%lld.%lld", v < 0 ? "-" : "", mag / 10, mag % 10);
    return buf;
}

static void shift(const char *date, int64_t days, char out[11])
{
    bd_date d;
    if (bd_date_parse(date, &d, NULL) != BD_OK) {
        out[0] = '\0';
        return;
    }
    bd_date_format(bd_date_from_days(bd_date_days(d) + days), out, 11);
}

static int64_t days_between(const char *from, const char *to)
{
    bd_date a, b;
    if (bd_date_parse(from, &a, NULL) != BD_OK || bd_date_parse(to, &b, NULL) != BD_OK)
        return 0;
    return bd_date_days(b) - bd_date_days(a);
}

static bd_status section(rctx *c, const char *title, const rpt_col *cols, int n, bool summary)
{
    return rpt_section(c->w, title, cols, n, summary, c->e);
}

static bd_status row(rctx *c, rpt_kind kind, const char *const *cells)
{
    return rpt_row(c->w, kind, cells, c->e);
}

/* In a callback: remember a failure and stop the stream. */
static int cb_status(rctx *c, bd_status st)
{
    if (st != BD_OK && c->st == BD_OK)
        c->st = st;
    return st != BD_OK;
}

/* The status of a streamed query: its own, or the callback's. */
static bd_status streamed(rctx *c, bd_status st)
{
    return c->st != BD_OK ? c->st : st;
}

static const char *stage_name(const policy *p, const char *code)
{
    int k = policy_stage_index(p, code);
    return k >= 0 ? p->stages[k].name : code;
}

static const char *dept_name(const policy *p, const char *code)
{
    const policy_department *d = policy_dept_find(p, code);
    return d ? d->name : code;
}

static const char *category_name(const policy *p, const char *code)
{
    int k = policy_category_index(p, code);
    return k >= 0 ? p->categories[k].name : code;
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
            const char *cells[] = {"Open stages", "", num(m1, open[0]), money(m2, open[1]),
                                   money(m3, open[2])};
            st = row(c, RPT_SUBTOTAL, cells);
        }
        if (st != BD_OK || (login && s->count[k] == 0))
            continue;
        if (login) {
            const char *cells[] = {login, name, stage_name(p, s->code[k]), num(m1, s->count[k]),
                                   money(m2, s->value[k]), money(m3, w)};
            st = row(c, RPT_ROW, cells);
        } else {
            snprintf(pr, sizeof pr, "%d", prob);
            const char *cells[] = {stage_name(p, s->code[k]), known ? pr : "",
                                   num(m1, s->count[k]), money(m2, s->value[k]), money(m3, w)};
            st = row(c, RPT_ROW, cells);
        }
        sub[0] += s->count[k], sub[1] += s->value[k], sub[2] += w;
        if (!closed)
            open[0] += s->count[k], open[1] += s->value[k], open[2] += w;
    }
    if (st == BD_OK && login) {
        const char *cells[] = {"", "", "Subtotal", num(m1, sub[0]), money(m2, sub[1]),
                               money(m3, sub[2])};
        st = row(c, RPT_SUBTOTAL, cells);
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
        if (cb_status(c, pipe_flush(c, ps)))
            return 1;
        bd_strlcpy(ps->login, r->login, sizeof ps->login);
        bd_strlcpy(ps->name, r->name, sizeof ps->name);
    }
    acc_add(&ps->acc, r->stage, r->count, r->value);
    return 0;
}

static bd_status gen_pipeline(rctx *c)
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
    bd_status st = streamed(c, store_report_pipeline(c->a->db, &c->v, false, pipe_stage_cb, c,
                                                     c->e));
    if (st == BD_OK)
        st = section(c, "By stage", by_stage, 5, true);
    int64_t t[3] = {0, 0, 0};
    if (st == BD_OK)
        st = pipe_rows(c, &ps, NULL, NULL, t);
    if (st == BD_OK) {
        const char *cells[] = {"All stages", "", num(m1, t[0]), money(m2, t[1]), money(m3, t[2])};
        st = row(c, RPT_TOTAL, cells);
    }
    acc_clear(&ps.acc);
    if (st == BD_OK)
        st = section(c, "By owner", by_owner, 6, false);
    if (st == BD_OK)
        st = streamed(c, store_report_pipeline(c->a->db, &c->v, true, pipe_owner_cb, c, c->e));
    if (st == BD_OK)
        st = pipe_flush(c, &ps);
    if (st == BD_OK && ps.tc > 0) {
        const char *cells[] = {"Total", "", "", num(m1, ps.tc), money(m2, ps.tv),
                               money(m3, ps.tw)};
        st = row(c, RPT_TOTAL, cells);
    }
    acc_free(&ps.acc);
    return st;
}

/* ---- sales --------------------------------------------------------------------------- */

typedef struct cur_total {
    char currency[4];
    int64_t n, amount, news, previous;
} cur_total;

typedef struct sales_state {
    cur_total t[16];
    int nt;
} sales_state;

static cur_total *cur_find(cur_total *t, int *n, int max, const char *currency)
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
    sales_state *ss = c->state;
    char m1[32], m2[32], m3[32], m4[32], m5[32];
    const char *cells[] = {r->login, r->name, r->currency, num(m1, r->contracts),
                           money(m2, r->amount), num(m3, r->new_customers),
                           money(m4, r->previous),
                           percent(m5, r->amount - r->previous, r->previous)};
    cur_total *t = cur_find(ss->t, &ss->nt, 16, r->currency);
    if (!t)
        return cb_status(c, bd_errf(c->e, BD_ERR_INVALID, "more than 16 currencies"));
    t->n += r->contracts, t->amount += r->amount, t->news += r->new_customers;
    t->previous += r->previous;
    return cb_status(c, row(c, RPT_ROW, cells));
}

static bd_status gen_sales(rctx *c)
{
    static const rpt_col cols[] = {
        {"Rep", "rep", RPT_CODE}, {"Name", "name", RPT_TEXT}, {"Cur.", "currency", RPT_CODE},
        {"Signed", "contracts", RPT_INT}, {"Amount", "amount", RPT_MONEY},
        {"New cust.", "new_customers", RPT_INT}, {"Previous", "previous_amount", RPT_MONEY},
        {"Growth %", "growth_pct", RPT_PCT},
    };
    sales_state ss = {0};
    c->state = &ss;
    bd_status st = section(c, "Contracts signed by rep", cols, 8, false);
    if (st == BD_OK)
        st = streamed(c, store_report_sales(c->a->db, &c->v, c->from, c->to, c->prev_from,
                                            sales_cb, c, c->e));
    for (int i = 0; st == BD_OK && i < ss.nt; i++) {
        cur_total *t = &ss.t[i];
        char m1[32], m2[32], m3[32], m4[32], m5[32];
        const char *cells[] = {"Total", "", t->currency, num(m1, t->n), money(m2, t->amount),
                               num(m3, t->news), money(m4, t->previous),
                               percent(m5, t->amount - t->previous, t->previous)};
        st = row(c, RPT_TOTAL, cells);
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
    bd_status st = row(c, RPT_SUBTOTAL, cells);
    as->login[0] = '\0';
    as->n = 0;
    return st;
}

static int act_cb(void *ctx, const store_activity *a, const char *company)
{
    rctx *c = ctx;
    act_state *as = c->state;
    if (strcmp(as->login, a->actor_login) != 0) {
        if (cb_status(c, act_flush(c, as)))
            return 1;
        bd_strlcpy(as->login, a->actor_login, sizeof as->login);
    }
    as->n++, as->total++;
    const char *cells[] = {a->actor_login, a->on_date, a->kind, company, a->summary};
    return cb_status(c, row(c, RPT_ROW, cells));
}

static bd_status gen_activities(rctx *c)
{
    static const rpt_col cols[] = {
        {"Rep", "rep", RPT_CODE}, {"Date", "date", RPT_DATE}, {"Kind", "kind", RPT_CODE},
        {"Customer", "customer", RPT_TEXT}, {"Summary", "summary", RPT_TEXT},
    };
    act_state as = {0};
    c->state = &as;
    bd_status st = section(c, "Activities by rep", cols, 5, false);
    if (st == BD_OK)
        st = streamed(c, store_report_activities(c->a->db, &c->v, c->from, c->to, act_cb, c,
                                                 c->e));
    if (st == BD_OK)
        st = act_flush(c, &as);
    if (st == BD_OK && as.total > 0) {
        char what[64];
        snprintf(what, sizeof what, "%lld activit%s", (long long)as.total,
                 as.total == 1 ? "y" : "ies");
        const char *cells[] = {"Total", "", "", what, ""};
        st = row(c, RPT_TOTAL, cells);
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
                           num(d1, days_between(last, c->today)), num(d2, cs->cls->churn_days)};
    return cb_status(c, row(c, RPT_ROW, cells));
}

static bd_status gen_churn(rctx *c)
{
    static const rpt_col cols[] = {
        {"Class", "class", RPT_TEXT}, {"Customer", "customer", RPT_TEXT},
        {"Owner", "owner", RPT_CODE}, {"Last contact", "last_contact", RPT_DATE},
        {"Days quiet", "days_quiet", RPT_INT}, {"Allowed", "churn_days", RPT_INT},
    };
    churn_state cs = {0};
    c->state = &cs;
    bd_status st = section(c, "Customers quiet for longer than their class allows", cols, 6, false);
    for (size_t k = 0; st == BD_OK && k < c->p->nclasses; k++) {
        cs.cls = &c->p->classes[k];
        cs.n = 0;
        char before[11];
        shift(c->today, -cs.cls->churn_days, before);
        st = streamed(c, store_report_quiet(c->a->db, &c->v, cs.cls->code, before, churn_cb, c,
                                            c->e));
        if (st == BD_OK && cs.n > 0) {
            char what[64];
            snprintf(what, sizeof what, "%lld customer%s", (long long)cs.n, cs.n == 1 ? "" : "s");
            const char *cells[] = {cs.cls->name, what, "", "", "", ""};
            st = row(c, RPT_SUBTOTAL, cells);
        }
    }
    if (st == BD_OK && cs.total > 0) {
        char what[64];
        snprintf(what, sizeof what, "%lld customer%s", (long long)cs.total,
                 cs.total == 1 ? "" : "s");
        const char *cells[] = {"Total", what, "", "", "", ""};
        st = row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- contracts ----------------------------------------------------------------------- */

static int contracts_cb(void *ctx, const store_contract *k)
{
    rctx *c = ctx;
    sales_state *ss = c->state;
    cur_total *t = cur_find(ss->t, &ss->nt, 16, k->currency);
    if (!t)
        return cb_status(c, bd_errf(c->e, BD_ERR_INVALID, "more than 16 currencies"));
    t->n++, t->amount += k->amount;
    char m[32];
    const char *cells[] = {k->number, k->company, money(m, k->amount), k->currency, k->state,
                           k->signed_on, k->start_date, k->end_date};
    return cb_status(c, row(c, RPT_ROW, cells));
}

static bd_status gen_contracts(rctx *c)
{
    static const rpt_col cols[] = {
        {"Number", "number", RPT_CODE}, {"Customer", "customer", RPT_TEXT},
        {"Amount", "amount", RPT_MONEY}, {"Cur.", "currency", RPT_CODE},
        {"State", "state", RPT_CODE}, {"Signed", "signed_on", RPT_DATE},
        {"Start", "start_date", RPT_DATE}, {"End", "end_date", RPT_DATE},
    };
    sales_state ss = {0};
    c->state = &ss;
    bd_status st = section(c, "Contracts signed", cols, 8, false);
    if (st == BD_OK)
        st = streamed(c, store_report_contracts(c->a->db, &c->v, c->from, c->to, contracts_cb, c,
                                                c->e));
    for (int i = 0; st == BD_OK && i < ss.nt; i++) {
        char what[64], m[32];
        snprintf(what, sizeof what, "%lld contract%s", (long long)ss.t[i].n,
                 ss.t[i].n == 1 ? "" : "s");
        const char *cells[] = {"Total", what, money(m, ss.t[i].amount), ss.t[i].currency,
                               "", "", "", ""};
        st = row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- clock ------------------------------------------------------------------------------
 * The contract clock's own function decides the dates (renewal, notice,
 * expiry, payments, retention); it sorts them, so it returns them as an
 * array, of at most CLOCK_MAX items: a longer clock is refused rather
 * than cut short. */
enum { CLOCK_MAX = 20000, AGING_MAX = 20000 };

static bd_status gen_clock(rctx *c)
{
    static const rpt_col cols[] = {
        {"Date", "date", RPT_DATE}, {"What", "what", RPT_TEXT}, {"Number", "number", RPT_CODE},
        {"Customer", "customer", RPT_TEXT}, {"Detail", "detail", RPT_TEXT},
    };
    app_clock_item *items = bd_xcalloc(CLOCK_MAX, sizeof *items);
    int n = 0;
    bd_status st = app_contract_clock(c->a, c->days, items, CLOCK_MAX, &n, c->e);
    if (st == BD_OK && n == CLOCK_MAX)
        st = bd_errf(c->e, BD_ERR_INVALID,
                     "days: more than %d dates in %d days; ask for fewer days", CLOCK_MAX - 1,
                     c->days);
    if (st == BD_OK)
        st = section(c, "Contract dates", cols, 5, false);
    for (int i = 0; st == BD_OK && i < n; i++) {
        char what[64];
        snprintf(what, sizeof what, "%s%s", app_clock_kind_name(items[i].kind),
                 strcmp(items[i].date, c->today) < 0 ? " (passed)" : "");
        const char *cells[] = {items[i].date, what, items[i].number, items[i].company,
                               items[i].what};
        st = row(c, RPT_ROW, cells);
    }
    if (st == BD_OK && n > 0) {
        char what[64];
        snprintf(what, sizeof what, "%d date%s", n, n == 1 ? "" : "s");
        const char *cells[] = {"Total", what, "", "", ""};
        st = row(c, RPT_TOTAL, cells);
    }
    free(items);
    return st;
}

/* ---- aging ------------------------------------------------------------------------------
 * The module's aging (app_ar_aging: the policy's buckets) sums the open
 * receivables per customer; its rows are one per customer. */

static int aging_cmp(const void *x, const void *y)
{
    const app_aging_row *a = x, *b = y;
    int k = strcmp(a->company, b->company);
    return k ? k : (a->customer_id > b->customer_id) - (a->customer_id < b->customer_id);
}

static bd_status gen_aging(rctx *c)
{
    const policy *p = c->p;
    int nb = p->naging + 2; /* not due, each bound, over the last */
    if (nb + 2 > RPT_MAX_COLS || nb > APP_AGING_MAX)
        return bd_errf(c->e, BD_ERR_POLICY, "contracts.yaml: too many aging buckets");
    app_aging_row *rows = bd_xcalloc(AGING_MAX, sizeof *rows);
    int n = 0;
    bd_status st = app_ar_aging(c->a, rows, AGING_MAX, &n, c->e);
    if (st == BD_OK && n == AGING_MAX)
        st = bd_errf(c->e, BD_ERR_INVALID, "more than %d customers owe money", AGING_MAX - 1);
    rpt_col cols[RPT_MAX_COLS];
    char titles[RPT_MAX_COLS][32], keys[RPT_MAX_COLS][32];
    cols[0] = (rpt_col){"Customer", "customer", RPT_TEXT};
    for (int b = 0; b < nb; b++) {
        if (b == 0) {
            bd_strlcpy(titles[b], "Not due", sizeof titles[b]);
            bd_strlcpy(keys[b], "not_due", sizeof keys[b]);
        } else if (b <= p->naging) {
            int lo = b == 1 ? 1 : p->aging_buckets[b - 2] + 1, hi = p->aging_buckets[b - 1];
            snprintf(titles[b], sizeof titles[b], "%d-%d days", lo, hi);
            snprintf(keys[b], sizeof keys[b], "days_%d_%d", lo, hi);
        } else {
            int last = p->naging ? p->aging_buckets[p->naging - 1] : 0;
            snprintf(titles[b], sizeof titles[b], "Over %d", last);
            snprintf(keys[b], sizeof keys[b], "over_%d", last);
        }
        cols[b + 1] = (rpt_col){titles[b], keys[b], RPT_MONEY};
    }
    cols[nb + 1] = (rpt_col){"Total", "total", RPT_MONEY};
    if (st == BD_OK) {
        qsort(rows, (size_t)n, sizeof *rows, aging_cmp);
        st = section(c, "Open receivables by customer and days overdue", cols, nb + 2, false);
    }
    int64_t total[APP_AGING_MAX + 1] = {0};
    char m[RPT_MAX_COLS][32];
    const char *cells[RPT_MAX_COLS];
    for (int i = 0; st == BD_OK && i < n; i++) {
        cells[0] = rows[i].company;
        for (int b = 0; b < nb; b++) {
            cells[b + 1] = money(m[b], rows[i].bucket[b]);
            total[b] += rows[i].bucket[b];
        }
        cells[nb + 1] = money(m[nb], rows[i].total);
        total[nb] += rows[i].total;
        st = row(c, RPT_ROW, cells);
    }
    if (st == BD_OK && n > 0) {
        cells[0] = "Total";
        for (int b = 0; b <= nb; b++)
            cells[b + 1] = money(m[b], total[b]);
        st = row(c, RPT_TOTAL, cells);
    }
    free(rows);
    return st;
}

/* ---- collections --------------------------------------------------------------------- */

typedef struct coll_state {
    int64_t n, done;
} coll_state;

static int coll_cb(void *ctx, const store_report_collection *r)
{
    rctx *c = ctx;
    coll_state *cs = c->state;
    const store_collection *k = &r->action;
    cs->n++;
    cs->done += *k->done_on != '\0';
    const char *cells[] = {k->planned_on, k->kind, k->done_on, r->contract_number, r->company,
                           k->actor_login, k->outcome};
    return cb_status(c, row(c, RPT_ROW, cells));
}

static bd_status gen_collections(rctx *c)
{
    static const rpt_col cols[] = {
        {"Planned", "planned_on", RPT_DATE}, {"Action", "action", RPT_CODE},
        {"Done", "done_on", RPT_DATE}, {"Contract", "contract", RPT_CODE},
        {"Customer", "customer", RPT_TEXT}, {"By", "by", RPT_CODE},
        {"Outcome", "outcome", RPT_TEXT},
    };
    coll_state cs = {0};
    c->state = &cs;
    bd_status st = section(c, "Collection actions", cols, 7, false);
    if (st == BD_OK)
        st = streamed(c, store_report_collections(c->a->db, &c->v, c->from, c->to, coll_cb, c,
                                                  c->e));
    if (st == BD_OK && cs.n > 0) {
        char what[96];
        snprintf(what, sizeof what, "%lld action%s, %lld done", (long long)cs.n,
                 cs.n == 1 ? "" : "s", (long long)cs.done);
        const char *cells[] = {"Total", "", "", "", what, "", ""};
        st = row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- budget -----------------------------------------------------------------------------
 * Per department and category, the year's budget: the year's own when
 * there is one, else the quarters', a quarter without its own budget
 * counting its months'.  Actual: lines of approved (committed) and paid
 * claims dated in the year.  One group (department, category) is held at
 * a time. */

typedef struct budget_group {
    char dept[33], cat[33];
    int64_t year;             /* -1: none */
    int64_t quarter[4];       /* -1: none */
    int64_t months[4];        /* sum of the quarter's month budgets; -1: none */
    int64_t committed, paid;
} budget_group;

typedef struct budget_state {
    budget_group g;
    bool open;
    char dept[33];            /* department of the subtotal being summed */
    int64_t sub[4], total[4]; /* budget, committed, paid, left */
} budget_state;

static int64_t group_budget(const budget_group *g)
{
    if (g->year >= 0)
        return g->year;
    int64_t b = 0;
    for (int q = 0; q < 4; q++)
        b += g->quarter[q] >= 0 ? g->quarter[q] : g->months[q] >= 0 ? g->months[q] : 0;
    return b;
}

static bd_status budget_cells(rctx *c, rpt_kind kind, const char *dept, const char *cat,
                              const int64_t v[4])
{
    char m[4][32], pc[32];
    const char *cells[] = {dept, cat, money(m[0], v[0]), money(m[1], v[1]), money(m[2], v[2]),
                           money(m[3], v[3]), percent(pc, v[1] + v[2], v[0])};
    return row(c, kind, cells);
}

static bd_status budget_subtotal(rctx *c, budget_state *bs)
{
    if (!*bs->dept)
        return BD_OK;
    bd_status st = budget_cells(c, RPT_SUBTOTAL, dept_name(c->p, bs->dept), "Subtotal", bs->sub);
    memset(bs->sub, 0, sizeof bs->sub);
    bs->dept[0] = '\0';
    return st;
}

static bd_status budget_flush(rctx *c, budget_state *bs)
{
    if (!bs->open)
        return BD_OK;
    bs->open = false;
    budget_group *g = &bs->g;
    int64_t b = group_budget(g);
    int64_t v[4] = {b, g->committed, g->paid, b - g->committed - g->paid};
    bd_status st = BD_OK;
    if (strcmp(bs->dept, g->dept) != 0) {
        st = budget_subtotal(c, bs);
        bd_strlcpy(bs->dept, g->dept, sizeof bs->dept);
    }
    if (st == BD_OK)
        st = budget_cells(c, RPT_ROW, dept_name(c->p, g->dept), category_name(c->p, g->cat), v);
    for (int i = 0; i < 4; i++)
        bs->sub[i] += v[i], bs->total[i] += v[i];
    return st;
}

static int budget_cb(void *ctx, const store_report_budget_row *r)
{
    rctx *c = ctx;
    budget_state *bs = c->state;
    budget_group *g = &bs->g;
    if (!bs->open || strcmp(g->dept, r->department) != 0 || strcmp(g->cat, r->category) != 0) {
        if (cb_status(c, budget_flush(c, bs)))
            return 1;
        memset(g, 0, sizeof *g);
        bd_strlcpy(g->dept, r->department, sizeof g->dept);
        bd_strlcpy(g->cat, r->category, sizeof g->cat);
        g->year = -1;
        for (int q = 0; q < 4; q++)
            g->quarter[q] = g->months[q] = -1;
        bs->open = true;
    }
    if (r->spend) {
        g->committed += r->committed;
        g->paid += r->paid;
    } else if (strlen(r->period) == 4) {
        g->year = r->amount;
    } else if (r->period[5] == 'Q') {
        g->quarter[(r->period[6] - '1') & 3] = r->amount;
    } else {
        int q = ((atoi(r->period + 5) - 1) / 3) & 3;
        g->months[q] = (g->months[q] < 0 ? 0 : g->months[q]) + r->amount;
    }
    return 0;
}

/* Budgets are the company's plan: as in the Claims module, a role that
 * keeps budgets or sees everyone's records sees every department's, the
 * rest their own department's. */
static const char *budget_department(rctx *c)
{
    return app_can(c->a, PERM_BUDGETS) || c->v.see == STORE_SEE_ALL ? NULL
                                                                    : c->a->actor.user.department;
}

static bd_status gen_budget(rctx *c)
{
    static const rpt_col cols[] = {
        {"Department", "department", RPT_TEXT}, {"Category", "category", RPT_TEXT},
        {"Budget", "budget", RPT_MONEY}, {"Committed", "committed", RPT_MONEY},
        {"Paid", "paid", RPT_MONEY}, {"Left", "left", RPT_MONEY}, {"Used %", "used_pct", RPT_PCT},
    };
    budget_state bs = {0};
    c->state = &bs;
    bd_status st = section(c, "Budget against actual", cols, 7, false);
    if (st == BD_OK)
        st = streamed(c, store_report_budget(c->a->db, c->year, budget_department(c), budget_cb,
                                             c, c->e));
    if (st == BD_OK)
        st = budget_flush(c, &bs);
    if (st == BD_OK)
        st = budget_subtotal(c, &bs);
    if (st == BD_OK && (bs.total[0] || bs.total[1] || bs.total[2]))
        st = budget_cells(c, RPT_TOTAL, "Total", "", bs.total);
    return st;
}

/* ---- reimbursements ------------------------------------------------------------------ */

typedef struct reimb_state {
    char login[33], name[256];
    int64_t lines, amount, tlines, tamount;
} reimb_state;

static bd_status reimb_flush(rctx *c, reimb_state *rs)
{
    if (!*rs->login)
        return BD_OK;
    char m1[32], m2[32];
    const char *cells[] = {rs->login, rs->name, "Subtotal", "", num(m1, rs->lines),
                           money(m2, rs->amount)};
    bd_status st = row(c, RPT_SUBTOTAL, cells);
    rs->login[0] = '\0';
    rs->lines = rs->amount = 0;
    return st;
}

static int reimb_cb(void *ctx, const store_report_reimb *r)
{
    rctx *c = ctx;
    reimb_state *rs = c->state;
    if (strcmp(rs->login, r->login) != 0) {
        if (cb_status(c, reimb_flush(c, rs)))
            return 1;
        bd_strlcpy(rs->login, r->login, sizeof rs->login);
        bd_strlcpy(rs->name, r->name, sizeof rs->name);
    }
    rs->lines += r->lines, rs->amount += r->amount;
    rs->tlines += r->lines, rs->tamount += r->amount;
    char m1[32], m2[32], m3[32];
    const char *cells[] = {r->login, r->name, category_name(c->p, r->category),
                           num(m1, r->claims), num(m2, r->lines), money(m3, r->amount)};
    return cb_status(c, row(c, RPT_ROW, cells));
}

static bd_status gen_reimbursements(rctx *c)
{
    static const rpt_col cols[] = {
        {"Claimant", "claimant", RPT_CODE}, {"Name", "name", RPT_TEXT},
        {"Category", "category", RPT_TEXT}, {"Claims", "claims", RPT_INT},
        {"Lines", "lines", RPT_INT}, {"Amount", "amount", RPT_MONEY},
    };
    reimb_state rs = {0};
    c->state = &rs;
    bd_status st = section(c, "Claims paid, by claimant and category", cols, 6, false);
    if (st == BD_OK)
        st = streamed(c, store_report_reimbursements(c->a->db, &c->v, c->from, c->to, reimb_cb,
                                                     c, c->e));
    if (st == BD_OK)
        st = reimb_flush(c, &rs);
    if (st == BD_OK && rs.tlines > 0) {
        char m1[32], m2[32];
        const char *cells[] = {"Total", "", "", "", num(m1, rs.tlines), money(m2, rs.tamount)};
        st = row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- over-standard ----------------------------------------------------------------------
 * The claims with a line under a standard in the period are streamed by
 * id; each is checked by the Claims module's own checks
 * (app_claim_detail_get), and its over-standard notes on lines of the
 * period become rows.  One claim's detail is held at a time. */

typedef struct over_state {
    app_claim_detail *d;
    int64_t n, amount;
} over_state;

static int over_cb(void *ctx, int64_t id)
{
    rctx *c = ctx;
    over_state *os = c->state;
    app_claim_detail *d = os->d;
    if (cb_status(c, app_claim_detail_get(c->a, id, d, c->e)))
        return 1;
    for (int k = 0; k < d->nnotes; k++) {
        const app_claim_note *note = &d->notes[k];
        const store_claim_line *l = &d->lines[note->line];
        if (note->flag != CLAIM_FLAG_OVER_STANDARD || strcmp(l->on_date, c->from) < 0 ||
            strcmp(l->on_date, c->to) > 0)
            continue;
        os->n++, os->amount += l->amount;
        char m1[32], m2[32], m3[32];
        const char *cells[] = {l->on_date, num(m1, id), num(m2, l->lineno), d->claim.author_login,
                               d->claim.state, money(m3, l->amount), note->why};
        if (cb_status(c, row(c, RPT_ROW, cells)))
            return 1;
    }
    return 0;
}

static bd_status gen_over_standard(rctx *c)
{
    static const rpt_col cols[] = {
        {"Date", "date", RPT_DATE}, {"Claim", "claim", RPT_INT}, {"Line", "line", RPT_INT},
        {"Claimant", "claimant", RPT_CODE}, {"State", "state", RPT_CODE},
        {"Amount", "amount", RPT_MONEY}, {"Over its standard", "finding", RPT_TEXT},
    };
    over_state os = {.d = bd_xcalloc(1, sizeof(app_claim_detail))};
    c->state = &os;
    bd_status st = section(c, "Claim lines over their standard", cols, 7, false);
    if (st == BD_OK)
        st = streamed(c, store_report_standard_claims(c->a->db, &c->v, c->from, c->to, over_cb,
                                                      c, c->e));
    if (st == BD_OK && os.n > 0) {
        char what[64], m[32];
        snprintf(what, sizeof what, "%lld line%s", (long long)os.n, os.n == 1 ? "" : "s");
        const char *cells[] = {"Total", "", "", what, "", money(m, os.amount), ""};
        st = row(c, RPT_TOTAL, cells);
    }
    free(os.d);
    return st;
}

/* ---- audit --------------------------------------------------------------------------- */

typedef struct audit_state {
    int64_t n;
} audit_state;

static int audit_cb(void *ctx, const bd_audit_row *r, const char *hash)
{
    rctx *c = ctx;
    audit_state *as = c->state;
    (void)hash;
    as->n++;
    char id[32], actor[80], rec[96];
    snprintf(actor, sizeof actor, "%s%s%s", r->actor, r->on_behalf ? " for " : "",
             r->on_behalf ? r->on_behalf : "");
    snprintf(rec, sizeof rec, "%s#%lld", r->entity, (long long)r->entity_id);
    const char *cells[] = {num(id, r->id), r->at, actor, r->action, rec,
                           r->before ? r->before : "", r->after ? r->after : ""};
    return cb_status(c, row(c, RPT_ROW, cells));
}

static bd_status gen_audit(rctx *c)
{
    static const rpt_col cols[] = {
        {"#", "id", RPT_INT}, {"At", "at", RPT_DATE}, {"Actor", "actor", RPT_CODE},
        {"Action", "action", RPT_CODE}, {"Record", "record", RPT_CODE},
        {"Before", "before", RPT_TEXT}, {"After", "after", RPT_TEXT},
    };
    audit_state as = {0};
    c->state = &as;
    char before[11];
    shift(c->to, 1, before);
    bd_status st = section(c, "Changes", cols, 7, false);
    if (st == BD_OK)
        st = streamed(c, store_report_audit(c->a->db, c->from, before, audit_cb, c, c->e));
    if (st == BD_OK && as.n > 0) {
        char what[64];
        snprintf(what, sizeof what, "%lld change%s", (long long)as.n, as.n == 1 ? "" : "s");
        const char *cells[] = {"", "Total", "", "", what, "", ""};
        st = row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- ranking, calibration ---------------------------------------------------------------
 * The Reviews module's own functions read the reviews: app_review_list
 * (the reviews of the period in the actor's reach: their own, those they
 * supervise or rate as a peer, their role's scope) for the ranking, and
 * app_review_calibration (reviews.manage over the period's department:
 * every review, ranked, with the grade counts per supervisor, the
 * policy's target shares and the bonus pool) for the calibration sheet.
 * A period is a department's reviews, at most REVIEWS_MAX: a larger one
 * is refused rather than cut short.  Until the period is finalised a
 * review has no kept score: both reports show it as it scores now, as
 * the calibration sheet of `review calibrate` does, and say so. */
enum { REVIEWS_MAX = 500 };

static const rpt_col review_cols[] = {
    {"Rank", "rank", RPT_INT}, {"Employee", "employee", RPT_CODE}, {"Name", "name", RPT_TEXT},
    {"Supervisor", "supervisor", RPT_CODE}, {"Score", "score", RPT_INT},
    {"Grade", "grade", RPT_CODE}, {"Bonus", "bonus", RPT_MONEY},
};

static bool review_final(const store_review *r)
{
    return r->score >= 0;
}

static int review_by_score(const void *x, const void *y)
{
    const store_review *a = x, *b = y;
    if (a->score != b->score)
        return a->score < b->score ? 1 : -1;
    return strcmp(a->employee_login, b->employee_login);
}

/* The reviews ranked, with a total of their bonuses; *bonuses the sum. */
static bd_status review_rows(rctx *c, const char *title, const store_review *rows, int n,
                             int64_t *bonuses)
{
    bd_status st = section(c, title, review_cols, 7, false);
    int64_t total = 0;
    for (int i = 0; st == BD_OK && i < n; i++) {
        const store_review *r = &rows[i];
        char rank[32], sc[24], m[32];
        snprintf(rank, sizeof rank, "%d", i + 1);
        if (r->bonus > 0)
            total += r->bonus;
        const char *cells[] = {r->score < 0 ? "" : rank, r->employee_login, r->employee_name,
                               *r->supervisor_login ? r->supervisor_login : "-",
                               r->score < 0 ? "" : rv_format(r->score, sc, sizeof sc), r->grade,
                               r->bonus < 0 ? "" : money(m, r->bonus)};
        st = row(c, RPT_ROW, cells);
    }
    if (st == BD_OK && n > 0) {
        char what[64], m[32];
        snprintf(what, sizeof what, "%d review%s", n, n == 1 ? "" : "s");
        const char *cells[] = {"", "Total", what, "", "", "", money(m, total)};
        st = row(c, RPT_TOTAL, cells);
    }
    *bonuses = total;
    return st;
}

static bd_status gen_ranking(rctx *c)
{
    store_review *rows = bd_xcalloc(REVIEWS_MAX, sizeof *rows);
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    int n = 0;
    bd_status st = app_review_list(c->a, c->rp.id, rows, REVIEWS_MAX, &n, c->e);
    if (st == BD_OK && n == REVIEWS_MAX)
        st = bd_errf(c->e, BD_ERR_INVALID, "review-period: more than %d reviews",
                     REVIEWS_MAX - 1);
    /* A review not finalised yet scores as it stands (app_review_get). */
    for (int i = 0; st == BD_OK && i < n; i++) {
        if (review_final(&rows[i]))
            continue;
        if ((st = app_review_get(c->a, rows[i].id, d, c->e)) == BD_OK) {
            rows[i].score = d->score;
            bd_strlcpy(rows[i].grade, d->grade, sizeof rows[i].grade);
            rows[i].bonus = d->bonus;
        }
    }
    free(d);
    int64_t bonuses = 0;
    if (st == BD_OK) {
        qsort(rows, (size_t)n, sizeof *rows, review_by_score);
        st = review_rows(c, "Reviews ranked by score", rows, n, &bonuses);
    }
    free(rows);
    return st;
}

static bd_status gen_calibration(rctx *c)
{
    store_review *rows = bd_xcalloc(REVIEWS_MAX, sizeof *rows);
    app_calibration *cal = bd_xcalloc(1, sizeof *cal);
    int n = 0;
    int64_t bonuses = 0;
    bd_status st = app_review_calibration(c->a, c->rp.id, rows, REVIEWS_MAX, &n, cal, c->e);
    if (st == BD_OK && n == REVIEWS_MAX)
        st = bd_errf(c->e, BD_ERR_INVALID, "review-period: more than %d reviews",
                     REVIEWS_MAX - 1);
    if (st == BD_OK)
        st = review_rows(c, "Reviews ranked by score", rows, n, &bonuses);

    /* Each grade: how many got it, their share against the target share,
     * and what its bonuses cost (the policy's bonus in percent of the
     * base; the sum of the reviews' bonuses, calibrated grades included). */
    static const rpt_col grade_cols[] = {
        {"Grade", "grade", RPT_CODE}, {"Reviews", "reviews", RPT_INT},
        {"Share %", "share_pct", RPT_PCT}, {"Target %", "target_pct", RPT_PCT},
        {"Bonus % of base", "bonus_pct", RPT_PCT}, {"Bonuses", "bonuses", RPT_MONEY},
    };
    if (st == BD_OK)
        st = section(c, "Grades against the target shares, and the bonus pool", grade_cols, 6,
                     true);
    int targets = 0;
    for (int g = 0; st == BD_OK && g < cal->ngrades; g++) {
        int64_t sum = 0;
        for (int i = 0; i < n; i++)
            if (strcmp(rows[i].grade, cal->grades[g]) == 0 && rows[i].bonus > 0)
                sum += rows[i].bonus;
        const policy_grade *pg = NULL;
        for (size_t k = 0; k < c->p->ngrades; k++)
            if (strcmp(c->p->grades[k].grade, cal->grades[g]) == 0)
                pg = &c->p->grades[k];
        char k1[32], k2[32], k3[32], k4[32], m[32];
        if (cal->target_pct[g] >= 0)
            targets += cal->target_pct[g];
        const char *cells[] = {cal->grades[g], num(k1, cal->total[g]),
                               percent(k2, cal->total[g], cal->nreviews),
                               cal->target_pct[g] < 0 ? "" : num(k3, cal->target_pct[g]),
                               pg ? num(k4, pg->bonus_pct) : "", money(m, sum)};
        st = row(c, RPT_ROW, cells);
    }
    if (st == BD_OK) {
        char k1[32], k2[32], k3[32], m[32];
        int graded = 0;
        for (int g = 0; g < cal->ngrades; g++)
            graded += cal->total[g];
        const char *cells[] = {"Bonus pool", num(k1, graded), percent(k2, graded, cal->nreviews),
                               num(k3, targets), "", money(m, cal->bonus_pool)};
        st = row(c, RPT_TOTAL, cells);
    }

    /* Per supervisor: how many of their reviews got each grade and what
     * share, under the target shares. */
    rpt_col cols[RPT_MAX_COLS];
    char titles[RPT_MAX_COLS][32], keys[RPT_MAX_COLS][32];
    int ncols = 2;
    cols[0] = (rpt_col){"Supervisor", "supervisor", RPT_CODE};
    cols[1] = (rpt_col){"Reviews", "reviews", RPT_INT};
    for (int g = 0; g < cal->ngrades && ncols + 2 <= RPT_MAX_COLS; g++) {
        snprintf(titles[ncols], sizeof titles[0], "%s", cal->grades[g]);
        snprintf(keys[ncols], sizeof keys[0], "grade_%s", cal->grades[g]);
        cols[ncols] = (rpt_col){titles[ncols], keys[ncols], RPT_INT};
        ncols++;
        snprintf(titles[ncols], sizeof titles[0], "%s %%", cal->grades[g]);
        snprintf(keys[ncols], sizeof keys[0], "grade_%s_pct", cal->grades[g]);
        cols[ncols] = (rpt_col){titles[ncols], keys[ncols], RPT_PCT};
        ncols++;
    }
    if (st == BD_OK)
        st = section(c, "Grades by supervisor against the target shares", cols, ncols, true);
    char v[RPT_MAX_COLS][32];
    const char *cells[RPT_MAX_COLS];
    if (st == BD_OK) {
        cells[0] = "Target";
        cells[1] = "";
        for (int g = 0, k = 2; g < cal->ngrades && k + 1 < ncols; g++, k += 2) {
            cells[k] = "";
            cells[k + 1] = cal->target_pct[g] < 0 ? "" : num(v[k + 1], cal->target_pct[g]);
        }
        st = row(c, RPT_ROW, cells);
    }
    /* Supervisors by login, then all of them. */
    int order[APP_CAL_MAX_SUPERVISORS];
    for (int s = 0; s < cal->nsupervisors; s++) {
        int k = s;
        while (k > 0 && strcmp(cal->supervisors[order[k - 1]], cal->supervisors[s]) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = s;
    }
    for (int i = 0; st == BD_OK && i <= cal->nsupervisors; i++) {
        bool all = i == cal->nsupervisors;
        int s = all ? 0 : order[i];
        const int *counts = all ? cal->total : cal->by_supervisor[s];
        int64_t sum = 0;
        for (int g = 0; g < cal->ngrades; g++)
            sum += counts[g];
        cells[0] = all ? "All" : cal->supervisors[s];
        cells[1] = num(v[1], sum);
        for (int g = 0, k = 2; g < cal->ngrades && k + 1 < ncols; g++, k += 2) {
            cells[k] = num(v[k], counts[g]);
            cells[k + 1] = percent(v[k + 1], counts[g], sum);
        }
        st = row(c, all ? RPT_TOTAL : RPT_ROW, cells);
    }
    free(cal);
    free(rows);
    return st;
}

/* ---- The registry -------------------------------------------------------------------- */

#define NONE PERM_COUNT

static const report reports[] = {
    {{"pipeline", "Pipeline by stage and owner", 0, PERM_PIPELINE, NONE}, gen_pipeline, true},
    {{"sales", "Sales by rep", APP_REPORT_PERIOD, PERM_REPORTS, PERM_CONTRACTS}, gen_sales, true},
    {{"activities", "Activity log by rep", APP_REPORT_PERIOD, PERM_PIPELINE, NONE},
     gen_activities, true},
    {{"churn", "Churn risk: quiet customers", 0, PERM_PIPELINE, NONE}, gen_churn, true},
    {{"contracts", "Contract register", APP_REPORT_PERIOD, PERM_CONTRACTS, NONE}, gen_contracts,
     true},
    {{"clock", "Contract clock", APP_REPORT_DAYS, PERM_CONTRACTS, NONE}, gen_clock, true},
    {{"aging", "Receivables aging by customer", 0, PERM_REPORTS, PERM_CONTRACTS}, gen_aging, true},
    {{"collections", "Collection log", APP_REPORT_PERIOD, PERM_REPORTS, PERM_CONTRACTS},
     gen_collections, true},
    {{"budget", "Budget against actual", APP_REPORT_YEAR, PERM_REPORTS, PERM_CLAIMS}, gen_budget,
     false},
    {{"reimbursements", "Reimbursement ledger", APP_REPORT_PERIOD, PERM_REPORTS, PERM_CLAIMS},
     gen_reimbursements, true},
    {{"over-standard", "Claim lines over their standard", APP_REPORT_PERIOD, PERM_REPORTS,
      PERM_CLAIMS}, gen_over_standard, true},
    {{"ranking", "Performance ranking", APP_REPORT_REVIEW, PERM_REPORTS, PERM_REVIEWS},
     gen_ranking, true},
    {{"calibration", "Calibration sheet", APP_REPORT_REVIEW, PERM_REVIEWS_MANAGE, NONE},
     gen_calibration, false},
    {{"audit", "Audit trail extract", APP_REPORT_PERIOD, PERM_AUDIT_READ, NONE}, gen_audit, false},
};

enum { NREPORTS = sizeof reports / sizeof reports[0] };

const app_report_info *app_report_at(int i)
{
    return i >= 0 && i < NREPORTS ? &reports[i].info : NULL;
}

static const report *report_find(const char *name)
{
    for (int i = 0; name && i < NREPORTS; i++)
        if (strcmp(reports[i].info.name, name) == 0)
            return &reports[i];
    return NULL;
}

const app_report_info *app_report_find(const char *name)
{
    const report *r = report_find(name);
    return r ? &r->info : NULL;
}

void app_report_params_text(const app_report_info *r, char *buf, size_t n)
{
    bd_buf b = {0};
    if (r->params & APP_REPORT_PERIOD)
        bd_buf_puts(&b, "--period P | --from D --to D");
    if (r->params & APP_REPORT_DAYS)
        bd_buf_printf(&b, "%s--days N", b.len ? " " : "");
    if (r->params & APP_REPORT_YEAR)
        bd_buf_printf(&b, "%s--year Y", b.len ? " " : "");
    if (r->params & APP_REPORT_REVIEW)
        bd_buf_printf(&b, "%s--review-period ID", b.len ? " " : "");
    bd_strlcpy(buf, b.len ? bd_buf_str(&b) : "-", n);
    bd_buf_free(&b);
}

void app_report_perms_text(const app_report_info *r, char *buf, size_t n)
{
    if (r->perm2 != NONE)
        snprintf(buf, n, "%s, %s", policy_perm_name(r->perm), policy_perm_name(r->perm2));
    else
        snprintf(buf, n, "%s", policy_perm_name(r->perm));
}

/* ---- Parameters ---------------------------------------------------------------------- */

/* The previous period of the same kind: the month, quarter or year
 * before; for from/to, as many days right before. */
static void previous_period(const char *period, rctx *c)
{
    shift(c->from, -1, c->prev_to);
    size_t len = period ? strlen(period) : 0;
    if (len == 4)
        snprintf(c->prev_from, sizeof c->prev_from, "%.4s-01-01", c->prev_to);
    else if (len == 7 && period[5] == 'Q') {
        char buf[32];
        int m = atoi(c->prev_to + 5);
        snprintf(buf, sizeof buf, "%.4s-%02d-01", c->prev_to, (m - 1) / 3 * 3 + 1);
        bd_strlcpy(c->prev_from, buf, sizeof c->prev_from);
    } else if (len == 7)
        snprintf(c->prev_from, sizeof c->prev_from, "%.7s-01", c->prev_to);
    else
        shift(c->from, -(days_between(c->from, c->to) + 1), c->prev_from);
}

/* The review period id of a review report (0: the newest of the actor's
 * department) into c->rp, and the parameter line.  Only a period the
 * actor may list (app_review_periods: their department's, every one with
 * scope all) is taken. */
static bd_status review_period(rctx *c, int64_t id, bd_err *e)
{
    enum { MAXP = 500 };
    store_review_period *rows = bd_xcalloc(MAXP, sizeof *rows);
    int n = 0;
    const char *dept = c->a->actor.user.department;
    bd_status st = app_review_periods(c->a, rows, MAXP, &n, e);
    int k = -1;
    for (int i = 0; st == BD_OK && i < n && k < 0; i++)
        if (id ? rows[i].id == id : strcmp(rows[i].department, dept) == 0)
            k = i;
    if (st == BD_OK && k < 0 && id)
        st = bd_errf(e, BD_ERR_INVALID, "review-period: there is no review period #%lld of "
                     "yours ('bizdesk review periods' lists them)", (long long)id);
    else if (st == BD_OK && k < 0)
        st = bd_errf(e, BD_ERR_INVALID, "review-period: %s has no review period yet; give "
                     "one's id ('bizdesk review periods' lists them)", dept);
    if (st == BD_OK) {
        c->rp = rows[k];
        bool live = strcmp(c->rp.state, "open") == 0;
        snprintf(c->params, sizeof c->params, "Review period #%lld: %s %s (%s%s)",
                 (long long)c->rp.id, c->rp.department, c->rp.period, c->rp.state,
                 live ? ": scores as they stand" : "");
    }
    free(rows);
    return st;
}

/* Check p against report r and fill c's dates and parameter line. */
static bd_status resolve(const report *r, const app_report_params *p, rctx *c, bd_err *e)
{
    const char *name = r->info.name;
    unsigned takes = r->info.params;
    app_today(c->today, sizeof c->today);
    bool ranged = (p->from && *p->from) || (p->to && *p->to);
    bool period = p->period && *p->period;
    if (!(takes & APP_REPORT_PERIOD) && (period || ranged))
        return bd_errf(e, BD_ERR_USAGE, "%s: report %s takes no period", period ? "period" : "from",
                       name);
    if (!(takes & APP_REPORT_DAYS) && p->days >= 0)
        return bd_errf(e, BD_ERR_USAGE, "days: report %s takes no days", name);
    if (!(takes & APP_REPORT_YEAR) && p->year)
        return bd_errf(e, BD_ERR_USAGE, "year: report %s takes no year", name);
    if (!(takes & APP_REPORT_REVIEW) && p->review_period)
        return bd_errf(e, BD_ERR_USAGE, "review-period: report %s takes no review period", name);
    if (p->width && p->width != RPT_WIDTH_NARROW && p->width != RPT_WIDTH_WIDE)
        return bd_errf(e, BD_ERR_USAGE, "width: %d is not %d or %d", p->width, RPT_WIDTH_NARROW,
                       RPT_WIDTH_WIDE);
    if (p->lines && (p->lines < RPT_LINES_MIN || p->lines > RPT_LINES_MAX))
        return bd_errf(e, BD_ERR_USAGE, "lines: %d is not from %d to %d", p->lines,
                       RPT_LINES_MIN, RPT_LINES_MAX);
    bd_status st;
    if (takes & APP_REPORT_PERIOD) {
        char month[8];
        const char *per = p->period;
        if (period && ranged)
            return bd_errf(e, BD_ERR_USAGE, "period: give a period or from and to, not both");
        if (ranged) {
            if (!p->from || !*p->from)
                return bd_errf(e, BD_ERR_USAGE, "from: required with to");
            if (!p->to || !*p->to)
                return bd_errf(e, BD_ERR_USAGE, "to: required with from");
            if ((st = app_parse_date("from", p->from, c->from, e)) != BD_OK ||
                (st = app_parse_date("to", p->to, c->to, e)) != BD_OK)
                return st;
            if (strcmp(c->to, c->from) < 0)
                return bd_errf(e, BD_ERR_INVALID, "to: %s is before from %s", c->to, c->from);
            per = NULL;
            snprintf(c->params, sizeof c->params, "From %s to %s", c->from, c->to);
        } else {
            if (!period) {
                snprintf(month, sizeof month, "%.7s", c->today);
                per = month;
            }
            if (strlen(per) > 7 || !store_period_range(per, c->from, c->to))
                return bd_errf(e, BD_ERR_INVALID, "period: '%s' is not a month (2026-10), a "
                               "quarter (2026-Q4) or a year (2026)", per);
            snprintf(c->params, sizeof c->params, "Period %s (%s to %s)", per, c->from, c->to);
        }
        previous_period(per, c);
        if (strcmp(name, "sales") == 0) {
            size_t used = strlen(c->params);
            snprintf(c->params + used, sizeof c->params - used, " against %s to %s",
                     c->prev_from, c->prev_to);
        }
    } else if (takes & APP_REPORT_DAYS) {
        c->days = p->days >= 0 ? p->days : 90;
        if (c->days > 3650)
            return bd_errf(e, BD_ERR_INVALID, "days: %d is not from 0 to 3650", c->days);
        char until[11];
        shift(c->today, c->days, until);
        snprintf(c->params, sizeof c->params, "Next %d days (%s to %s)", c->days, c->today, until);
    } else if (takes & APP_REPORT_YEAR) {
        const char *y = p->year ? p->year : c->today;
        if (p->year && (strlen(y) != 4 || strspn(y, "0123456789") != 4 || atoi(y) < 1900))
            return bd_errf(e, BD_ERR_INVALID, "year: '%s' is not a year like 2026", y);
        snprintf(c->year, sizeof c->year, "%.4s", y);
        snprintf(c->params, sizeof c->params, "Year %s", c->year);
    } else if (takes & APP_REPORT_REVIEW) {
        return review_period(c, p->review_period, e);
    } else {
        snprintf(c->params, sizeof c->params, "As of %s", c->today);
    }
    return BD_OK;
}

/* What part of the records the report covers, for the header's "Run by"
 * line: the role's scope ("" for the audit trail, which has none). */
static void scope_text(rctx *c)
{
    if (strcmp(c->r->info.name, "budget") == 0) {
        const char *d = budget_department(c);
        if (d)
            snprintf(c->scope, sizeof c->scope, "department %s", d);
        else
            snprintf(c->scope, sizeof c->scope, "every department");
    } else if (strcmp(c->r->info.name, "calibration") == 0) {
        snprintf(c->scope, sizeof c->scope, "department %s", c->rp.department);
    } else if (c->r->scoped) {
        snprintf(c->scope, sizeof c->scope, "scope: %s",
                 c->v.see == STORE_SEE_OWN ? "own" : c->v.see == STORE_SEE_TEAM ? "team"
                 : c->v.see == STORE_SEE_DEPARTMENT ? "department" : "all");
    }
}

static bd_status prepare(app *a, const char *name, const app_report_params *p, rctx *c,
                         bd_err *e)
{
    memset(c, 0, sizeof *c);
    c->r = report_find(name);
    if (!c->r)
        return bd_errf(e, BD_ERR_USAGE, "'%s' is not a report (bizdesk report list names them)",
                       name ? name : "");
    char what[64];
    snprintf(what, sizeof what, "report %s", name);
    bd_status st = app_require(a, c->r->info.perm, what, e);
    if (st == BD_OK && c->r->info.perm2 != NONE)
        st = app_require(a, c->r->info.perm2, what, e);
    if (st != BD_OK)
        return st;
    c->a = a;
    c->p = a->pol;
    c->e = e;
    c->v = app_viewer(a);
    if ((st = resolve(c->r, p, c, e)) != BD_OK)
        return st;
    scope_text(c);
    return BD_OK;
}

bd_status app_report_check(app *a, const char *name, const app_report_params *p, bd_err *e)
{
    rctx c;
    return prepare(a, name, p, &c, e);
}

bd_status app_report_write(app *a, const char *name, const app_report_params *p, FILE *fp,
                           int *pages, bd_err *e)
{
    if (pages)
        *pages = 0;
    rctx c;
    bd_status st = prepare(a, name, p, &c, e);
    if (st != BD_OK)
        return st;
    char at[32], run_at[40], run_by[400];
    app_timestamp(at, sizeof at);
    snprintf(run_at, sizeof run_at, "%.10s %.5s UTC", at, at + 11);
    snprintf(run_by, sizeof run_by, "%s (%s%s%s)", a->actor.user.login, a->actor.user.name,
             *c.scope ? "; " : "", c.scope);
    rpt_opts o = {.format = p->format, .width = p->width, .lines = p->lines,
                  .company = c.p->company_name, .title = c.r->info.title, .params = c.params,
                  .run_by = run_by, .run_at = run_at};
    if ((st = rpt_open(&c.w, fp, &o, e)) != BD_OK)
        return st;
    st = c.r->gen(&c);
    if (st == BD_OK)
        st = rpt_finish(c.w, e);
    if (st == BD_OK && pages)
        *pages = rpt_pages(c.w);
    rpt_free(&c.w);
    return st;
}

bd_status app_report_file(app *a, const char *name, const app_report_params *p, const char *path,
                          bool force, int *pages, bd_err *e)
{
    bd_status st = app_report_check(a, name, p, e);
    if (st != BD_OK)
        return st;
    io_out out = {0};
    if ((st = io_out_open(&out, path, force, e)) != BD_OK)
        return st;
    st = app_report_write(a, name, p, out.fp, pages, e);
    if (st == BD_OK)
        st = io_out_commit(&out, e);
    io_out_abort(&out);
    return st;
}
