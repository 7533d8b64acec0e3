/* Report generators of the Contracts module: contracts, clock, aging and
 * collections (the registry and the run are in reports.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports_internal.h"

/* ---- contracts ----------------------------------------------------------------------- */

static int contracts_cb(void *ctx, const store_contract *k)
{
    rctx *c = ctx;
    rep_sales_state *ss = c->state;
    rep_cur_total *t = rep_cur_find(ss->t, &ss->nt, 16, k->currency);
    if (!t)
        return rep_cb_status(c, bd_errf(c->e, BD_ERR_INVALID, "more than 16 currencies"));
    t->n++, t->amount += k->amount;
    char m[32];
    const char *cells[] = {k->number, k->company, rep_money(m, k->amount), k->currency, k->state,
                           k->signed_on, k->start_date, k->end_date};
    return rep_cb_status(c, rep_row(c, RPT_ROW, cells));
}

bd_status gen_contracts(rctx *c)
{
    static const rpt_col cols[] = {
        {"Number", "number", RPT_CODE}, {"Customer", "customer", RPT_TEXT},
        {"Amount", "amount", RPT_MONEY}, {"Cur.", "currency", RPT_CODE},
        {"State", "state", RPT_CODE}, {"Signed", "signed_on", RPT_DATE},
        {"Start", "start_date", RPT_DATE}, {"End", "end_date", RPT_DATE},
    };
    rep_sales_state ss = {0};
    c->state = &ss;
    bd_status st = rep_section(c, "Contracts signed", cols, 8, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_contracts(c->a->db, &c->v, c->from, c->to, contracts_cb, c,
                                                c->e));
    for (int i = 0; st == BD_OK && i < ss.nt; i++) {
        char what[64], m[32];
        snprintf(what, sizeof what, "%lld contract%s", (long long)ss.t[i].n,
                 ss.t[i].n == 1 ? "" : "s");
        const char *cells[] = {"Total", what, rep_money(m, ss.t[i].amount), ss.t[i].currency,
                               "", "", "", ""};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- clock ------------------------------------------------------------------------------
 * The contract clock's own function decides the dates (renewal, notice,
 * expiry, payments, retention); it sorts them, so it returns them as an
 * array, of at most CLOCK_MAX items: a longer clock is refused rather
 * than cut short. */
enum { CLOCK_MAX = 20000, AGING_MAX = 20000 };

bd_status gen_clock(rctx *c)
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
        st = rep_section(c, "Contract dates", cols, 5, false);
    for (int i = 0; st == BD_OK && i < n; i++) {
        char what[64];
        snprintf(what, sizeof what, "%s%s", app_clock_kind_name(items[i].kind),
                 strcmp(items[i].date, c->today) < 0 ? " (passed)" : "");
        const char *cells[] = {items[i].date, what, items[i].number, items[i].company,
                               items[i].what};
        st = rep_row(c, RPT_ROW, cells);
    }
    if (st == BD_OK && n > 0) {
        char what[64];
        snprintf(what, sizeof what, "%d date%s", n, n == 1 ? "" : "s");
        const char *cells[] = {"Total", what, "", "", ""};
        st = rep_row(c, RPT_TOTAL, cells);
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

bd_status gen_aging(rctx *c)
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
        st = rep_section(c, "Open receivables by customer and days overdue", cols, nb + 2, false);
    }
    int64_t total[APP_AGING_MAX + 1] = {0};
    char m[RPT_MAX_COLS][32];
    const char *cells[RPT_MAX_COLS];
    for (int i = 0; st == BD_OK && i < n; i++) {
        cells[0] = rows[i].company;
        for (int b = 0; b < nb; b++) {
            cells[b + 1] = rep_money(m[b], rows[i].bucket[b]);
            total[b] += rows[i].bucket[b];
        }
        cells[nb + 1] = rep_money(m[nb], rows[i].total);
        total[nb] += rows[i].total;
        st = rep_row(c, RPT_ROW, cells);
    }
    if (st == BD_OK && n > 0) {
        cells[0] = "Total";
        for (int b = 0; b <= nb; b++)
            cells[b + 1] = rep_money(m[b], total[b]);
        st = rep_row(c, RPT_TOTAL, cells);
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
    return rep_cb_status(c, rep_row(c, RPT_ROW, cells));
}

bd_status gen_collections(rctx *c)
{
    static const rpt_col cols[] = {
        {"Planned", "planned_on", RPT_DATE}, {"Action", "action", RPT_CODE},
        {"Done", "done_on", RPT_DATE}, {"Contract", "contract", RPT_CODE},
        {"Customer", "customer", RPT_TEXT}, {"By", "by", RPT_CODE},
        {"Outcome", "outcome", RPT_TEXT},
    };
    coll_state cs = {0};
    c->state = &cs;
    bd_status st = rep_section(c, "Collection actions", cols, 7, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_collections(c->a->db, &c->v, c->from, c->to, coll_cb, c,
                                                  c->e));
    if (st == BD_OK && cs.n > 0) {
        char what[96];
        snprintf(what, sizeof what, "%lld action%s, %lld done", (long long)cs.n,
                 cs.n == 1 ? "" : "s", (long long)cs.done);
        const char *cells[] = {"Total", "", "", "", what, "", ""};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    return st;
}
