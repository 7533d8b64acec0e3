/* Report generators of the Claims module: budget, reimbursements and
 * over-standard (the registry and the run are in reports.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports_internal.h"

/* ---- Small helpers ------------------------------------------------------------------- */

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
    const char *cells[] = {dept, cat, rep_money(m[0], v[0]), rep_money(m[1], v[1]), rep_money(m[2], v[2]),
                           rep_money(m[3], v[3]), rep_percent(pc, v[1] + v[2], v[0])};
    return rep_row(c, kind, cells);
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
        if (rep_cb_status(c, budget_flush(c, bs)))
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
const char *rep_budget_department(rctx *c)
{
    return app_can(c->a, PERM_BUDGETS) || c->v.see == STORE_SEE_ALL ? NULL
                                                                    : c->a->actor.user.department;
}

bd_status gen_budget(rctx *c)
{
    static const rpt_col cols[] = {
        {"Department", "department", RPT_TEXT}, {"Category", "category", RPT_TEXT},
        {"Budget", "budget", RPT_MONEY}, {"Committed", "committed", RPT_MONEY},
        {"Paid", "paid", RPT_MONEY}, {"Left", "left", RPT_MONEY}, {"Used %", "used_pct", RPT_PCT},
    };
    budget_state bs = {0};
    c->state = &bs;
    bd_status st = rep_section(c, "Budget against actual", cols, 7, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_budget(c->a->db, c->year, rep_budget_department(c), budget_cb,
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
    const char *cells[] = {rs->login, rs->name, "Subtotal", "", rep_num(m1, rs->lines),
                           rep_money(m2, rs->amount)};
    bd_status st = rep_row(c, RPT_SUBTOTAL, cells);
    rs->login[0] = '\0';
    rs->lines = rs->amount = 0;
    return st;
}

static int reimb_cb(void *ctx, const store_report_reimb *r)
{
    rctx *c = ctx;
    reimb_state *rs = c->state;
    if (strcmp(rs->login, r->login) != 0) {
        if (rep_cb_status(c, reimb_flush(c, rs)))
            return 1;
        bd_strlcpy(rs->login, r->login, sizeof rs->login);
        bd_strlcpy(rs->name, r->name, sizeof rs->name);
    }
    rs->lines += r->lines, rs->amount += r->amount;
    rs->tlines += r->lines, rs->tamount += r->amount;
    char m1[32], m2[32], m3[32];
    const char *cells[] = {r->login, r->name, category_name(c->p, r->category),
                           rep_num(m1, r->claims), rep_num(m2, r->lines), rep_money(m3, r->amount)};
    return rep_cb_status(c, rep_row(c, RPT_ROW, cells));
}

bd_status gen_reimbursements(rctx *c)
{
    static const rpt_col cols[] = {
        {"Claimant", "claimant", RPT_CODE}, {"Name", "name", RPT_TEXT},
        {"Category", "category", RPT_TEXT}, {"Claims", "claims", RPT_INT},
        {"Lines", "lines", RPT_INT}, {"Amount", "amount", RPT_MONEY},
    };
    reimb_state rs = {0};
    c->state = &rs;
    bd_status st = rep_section(c, "Claims paid, by claimant and category", cols, 6, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_reimbursements(c->a->db, &c->v, c->from, c->to, reimb_cb,
                                                     c, c->e));
    if (st == BD_OK)
        st = reimb_flush(c, &rs);
    if (st == BD_OK && rs.tlines > 0) {
        char m1[32], m2[32];
        const char *cells[] = {"Total", "", "", "", rep_num(m1, rs.tlines), rep_money(m2, rs.tamount)};
        st = rep_row(c, RPT_TOTAL, cells);
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
    if (rep_cb_status(c, app_claim_detail_get(c->a, id, d, c->e)))
        return 1;
    for (int k = 0; k < d->nnotes; k++) {
        const app_claim_note *note = &d->notes[k];
        const store_claim_line *l = &d->lines[note->line];
        if (note->flag != CLAIM_FLAG_OVER_STANDARD || strcmp(l->on_date, c->from) < 0 ||
            strcmp(l->on_date, c->to) > 0)
            continue;
        os->n++, os->amount += l->amount;
        char m1[32], m2[32], m3[32];
        const char *cells[] = {l->on_date, rep_num(m1, id), rep_num(m2, l->lineno), d->claim.author_login,
                               d->claim.state, rep_money(m3, l->amount), note->why};
        if (rep_cb_status(c, rep_row(c, RPT_ROW, cells)))
            return 1;
    }
    return 0;
}

bd_status gen_over_standard(rctx *c)
{
    static const rpt_col cols[] = {
        {"Date", "date", RPT_DATE}, {"Claim", "claim", RPT_INT}, {"Line", "line", RPT_INT},
        {"Claimant", "claimant", RPT_CODE}, {"State", "state", RPT_CODE},
        {"Amount", "amount", RPT_MONEY}, {"Over its standard", "finding", RPT_TEXT},
    };
    over_state os = {.d = bd_xcalloc(1, sizeof(app_claim_detail))};
    c->state = &os;
    bd_status st = rep_section(c, "Claim lines over their standard", cols, 7, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_standard_claims(c->a->db, &c->v, c->from, c->to, over_cb,
                                                      c, c->e));
    if (st == BD_OK && os.n > 0) {
        char what[64], m[32];
        snprintf(what, sizeof what, "%lld line%s", (long long)os.n, os.n == 1 ? "" : "s");
        const char *cells[] = {"Total", "", "", what, "", rep_money(m, os.amount), ""};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    free(os.d);
    return st;
}
