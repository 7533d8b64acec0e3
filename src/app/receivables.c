/* Receivables: the payment milestones of signed contracts, payments and
 * aging in the policy's buckets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

bd_status app_ar_list(app *a, int64_t customer_id, bool include_closed, store_receivable *rows,
                      int max, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CONTRACTS, "reading receivables", e);
    if (st != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    return store_receivable_list(a->db, &v, customer_id, include_closed, rows, max, n, e);
}

bd_status app_ar_pay(app *a, int64_t receivable_id, const char *amount, const char *paid_on,
                     const char *method, const char *reference, store_receivable *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_RECEIVABLES, "recording a payment", e);
    if (st != BD_OK)
        return st;
    int64_t cents;
    bd_err pe = {0};
    if (!amount || bd_money_parse(amount, &cents, &pe) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "amount: %s", amount ? pe.msg : "required");
    if (cents <= 0)
        return bd_errf(e, BD_ERR_INVALID, "amount: must be more than zero");
    char on[11];
    if (paid_on && *paid_on) {
        bd_date d;
        if (bd_date_parse(paid_on, &d, &pe) != BD_OK)
            return bd_errf(e, BD_ERR_INVALID, "date: %s", pe.msg);
        bd_date_format(d, on, sizeof on);
    } else {
        app_today(on, sizeof on);
    }
    if (!method || !*method || strlen(method) > 32)
        return bd_errf(e, BD_ERR_INVALID, "method: say how it was paid (transfer, cheque, cash...)");
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_receivable r;
    char at[21];
    st = store_receivable_get(a->db, &v, receivable_id, &r, e);
    int64_t paid_before = r.paid;
    if (st == BD_OK)
        st = store_payment_insert(a->db, &r, cents, on, method, reference ? reference : "",
                                  a->actor.user.id, app_timestamp(at, sizeof at), e);
    if (st == BD_OK) {
        char m1[32], m2[32], m3[32];
        bd_json j;
        bd_json_begin(&j);
        bd_json_str(&j, "contract", r.contract_number);
        bd_json_str(&j, "amount", bd_money_format(cents, false, m1, sizeof m1));
        bd_json_str(&j, "paid_before", bd_money_format(paid_before, false, m2, sizeof m2));
        bd_json_str(&j, "paid_after", bd_money_format(r.paid, false, m3, sizeof m3));
        bd_json_str(&j, "date", on);
        bd_json_str(&j, "method", method);
        bd_json_str(&j, "state", r.state);
        bd_json_end(&j);
        st = app_audit_write(a, "receivable", r.id, "payment", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = r;
    return st;
}

/* The aging bucket of a receivable due on `due`, seen `today`. */
static int bucket_of(const policy *p, const char *due, const char *today)
{
    bd_date d, t;
    if (bd_date_parse(due, &d, NULL) != BD_OK || bd_date_parse(today, &t, NULL) != BD_OK)
        return 0;
    int64_t late = bd_date_days(t) - bd_date_days(d);
    if (late <= 0)
        return 0;
    for (int i = 0; i < p->naging; i++)
        if (late <= p->aging_buckets[i])
            return i + 1;
    return p->naging + 1;
}

bd_status app_ar_aging(app *a, app_aging_row *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CONTRACTS, "reading receivables", e);
    if (st != BD_OK)
        return st;
    if (a->pol->naging + 2 > APP_AGING_MAX)
        return bd_errf(e, BD_ERR_POLICY, "contracts.yaml: too many aging buckets");
    enum { LIMIT = 20000 };
    store_receivable *open = bd_xcalloc(LIMIT, sizeof *open);
    int got = 0;
    store_viewer v = app_viewer(a);
    st = store_receivable_list(a->db, &v, 0, false, open, LIMIT, &got, e);
    char today[11];
    app_today(today, sizeof today);
    for (int i = 0; st == BD_OK && i < got; i++) {
        int k = 0;
        while (k < *n && rows[k].customer_id != open[i].customer_id)
            k++;
        if (k == *n) {
            if (*n >= max)
                continue;
            memset(&rows[k], 0, sizeof rows[k]);
            rows[k].customer_id = open[i].customer_id;
            bd_strlcpy(rows[k].company, open[i].company, sizeof rows[k].company);
            (*n)++;
        }
        int64_t due = app_ar_open_company(a, &open[i]);
        rows[k].bucket[bucket_of(a->pol, open[i].due_date, today)] += due;
        rows[k].total += due;
    }
    free(open);
    return st;
}

/* ---- The contract clock ------------------------------------------------------------ */

const char *app_clock_kind_name(app_clock_kind k)
{
    static const char *const names[] = {
        [CLOCK_RENEWAL] = "renewal talks", [CLOCK_NOTICE] = "notice by",
        [CLOCK_EXPIRY] = "expires", [CLOCK_PAYMENT] = "payment due",
        [CLOCK_RETENTION] = "retention ends",
    };
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static void shift_date(const char *from, int days, char out[11])
{
    bd_date d;
    if (bd_date_parse(from, &d, NULL) != BD_OK) {
        out[0] = '\0';
        return;
    }
    bd_date_format(bd_date_from_days(bd_date_days(d) + days), out, 11);
}

static void clock_add(app_clock_item *rows, int max, int *n, app_clock_kind kind,
                      const char *date, const char *until, const store_contract *c,
                      const char *what)
{
    if (*n >= max || !*date || strcmp(date, until) > 0)
        return;
    app_clock_item *it = &rows[(*n)++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    bd_strlcpy(it->date, date, sizeof it->date);
    it->contract_id = c ? c->id : 0;
    if (c) {
        bd_strlcpy(it->number, c->number, sizeof it->number);
        bd_strlcpy(it->company, c->company, sizeof it->company);
    }
    bd_strlcpy(it->what, what, sizeof it->what);
}

static int clock_cmp(const void *x, const void *y)
{
    const app_clock_item *a = x, *b = y;
    int c = strcmp(a->date, b->date);
    return c ? c : (a->contract_id > b->contract_id) - (a->contract_id < b->contract_id);
}

bd_status app_contract_clock(app *a, int days, app_clock_item *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_CONTRACTS, "reading the contract clock", e);
    if (st != BD_OK)
        return st;
    if (days < 0 || days > 3650)
        return bd_errf(e, BD_ERR_INVALID, "days: %d is out of range (0-3650)", days);
    char today[11], until[11];
    app_today(today, sizeof today);
    shift_date(today, days, until);
    store_viewer v = app_viewer(a);
    static const char *const states[] = {"signed", "executing", "archived"};
    enum { PAGE = 200 };
    store_contract *page = bd_xcalloc(PAGE, sizeof *page);
    for (size_t s = 0; st == BD_OK && s < 3; s++) {
        store_contract_query q = {.viewer = v, .state = states[s], .limit = PAGE};
        int got;
        do {
            if ((st = store_contract_page(a->db, &q, page, &got, e)) != BD_OK)
                break;
            for (int i = 0; i < got; i++) {
                const store_contract *c = &page[i];
                char d[11], what[256];
                if (s == 2) {
                    snprintf(what, sizeof what, "archived %s; may be destroyed after this", c->archived_on);
                    if (strcmp(c->retention_until, today) >= 0)
                        clock_add(rows, max, n, CLOCK_RETENTION, c->retention_until, until, c, what);
                    continue;
                }
                if (strcmp(c->end_date, today) < 0)
                    continue; /* over: its receivables still show below */
                shift_date(c->end_date, -a->pol->renewal_days, d);
                snprintf(what, sizeof what, "talk about renewal (ends %s)", c->end_date);
                clock_add(rows, max, n, CLOCK_RENEWAL, d, until, c, what);
                shift_date(c->end_date, -c->notice_days, d);
                snprintf(what, sizeof what, "last day to give notice (%d days before %s)",
                         c->notice_days, c->end_date);
                clock_add(rows, max, n, CLOCK_NOTICE, d, until, c, what);
                clock_add(rows, max, n, CLOCK_EXPIRY, c->end_date, until, c, "the contract ends");
            }
            if (got > 0)
                q.after_id = page[got - 1].id;
        } while (st == BD_OK && got == PAGE);
    }
    free(page);
    enum { LIMIT = 2000 };
    store_receivable *open = st == BD_OK ? bd_xcalloc(LIMIT, sizeof *open) : NULL;
    int got = 0;
    if (st == BD_OK)
        st = store_receivable_list(a->db, &v, 0, false, open, LIMIT, &got, e);
    for (int i = 0; st == BD_OK && i < got; i++) {
        char what[256], m[40];
        store_contract c = {.id = open[i].contract_id};
        bd_strlcpy(c.number, open[i].contract_number, sizeof c.number);
        bd_strlcpy(c.company, open[i].company, sizeof c.company);
        snprintf(what, sizeof what, "%s: %s open%s", open[i].milestone,
                 app_money_in(a, open[i].amount - open[i].paid, open[i].currency, m, sizeof m),
                 strcmp(open[i].due_date, today) < 0 ? " (overdue)" : "");
        clock_add(rows, max, n, CLOCK_PAYMENT, open[i].due_date, until, &c, what);
    }
    free(open);
    if (st == BD_OK)
        qsort(rows, (size_t)*n, sizeof *rows, clock_cmp);
    return st;
}

/* ---- Collection ---------------------------------------------------------------------- */

bd_status app_ar_collect(app *a, int64_t receivable_id, const char *kind, const char *planned_on,
                         const char *done_on, const char *outcome, bd_err *e)
{
    bd_status st = app_require(a, PERM_RECEIVABLES, "planning collection", e);
    if (st != BD_OK)
        return st;
    static const char *const kinds[] = {"phone", "email", "visit", "legal"};
    bool known = false;
    for (int i = 0; i < 4; i++)
        known |= kind && strcmp(kind, kinds[i]) == 0;
    if (!known)
        return bd_errf(e, BD_ERR_INVALID, "kind: '%s' is not phone, email, visit or legal",
                       kind ? kind : "");
    store_collection c = {.receivable_id = receivable_id, .actor_id = a->actor.user.id};
    bd_strlcpy(c.kind, kind, sizeof c.kind);
    bd_date d;
    bd_err pe = {0};
    if (!planned_on || bd_date_parse(planned_on, &d, &pe) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "date: %s", planned_on ? pe.msg : "required");
    bd_date_format(d, c.planned_on, sizeof c.planned_on);
    if (done_on && *done_on) {
        if (bd_date_parse(done_on, &d, &pe) != BD_OK)
            return bd_errf(e, BD_ERR_INVALID, "done: %s", pe.msg);
        bd_date_format(d, c.done_on, sizeof c.done_on);
    }
    if (outcome && !bd_strlcpy(c.outcome, outcome, sizeof c.outcome))
        return bd_errf(e, BD_ERR_INVALID, "outcome: too long");
    if (*c.done_on && !*c.outcome)
        return bd_errf(e, BD_ERR_INVALID, "outcome: say what came of it");
    app_timestamp(c.at, sizeof c.at);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_receivable r;
    st = store_receivable_get(a->db, &v, receivable_id, &r, e);
    if (st == BD_OK && strcmp(r.state, "open") != 0)
        st = bd_errf(e, BD_ERR_INVALID, "receivable #%lld is %s; nothing to collect",
                     (long long)receivable_id, r.state);
    if (st == BD_OK)
        st = store_collection_insert(a->db, &c, e);
    if (st == BD_OK) {
        bd_json j;
        bd_json_begin(&j);
        bd_json_str(&j, "kind", c.kind);
        bd_json_str(&j, "planned", c.planned_on);
        bd_json_str(&j, "done", *c.done_on ? c.done_on : NULL);
        bd_json_str(&j, "outcome", c.outcome);
        bd_json_end(&j);
        st = app_audit_write(a, "receivable", receivable_id, "collection", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    return app_tx_end(a, st, e);
}

bd_status app_ar_collections(app *a, int64_t receivable_id, store_collection *rows, int max,
                             int *n, bd_err *e)
{
    *n = 0;
    store_receivable r;
    store_viewer v = app_viewer(a);
    bd_status st = app_require(a, PERM_CONTRACTS, "reading receivables", e);
    if (st == BD_OK)
        st = store_receivable_get(a->db, &v, receivable_id, &r, e);
    return st == BD_OK ? store_collection_list(a->db, receivable_id, rows, max, n, e) : st;
}

int64_t app_ar_open_company(const app *a, const store_receivable *r)
{
    int64_t open = r->amount - r->paid, out;
    /* A currency whose rate has since left contracts.yaml counts as it is:
     * loading the policy refuses a list without rates, so this is rare. */
    return policy_to_company(a->pol, r->currency, open, &out) ? out : open;
}

const char *app_money_in(const app *a, int64_t v, const char *currency, char *buf, size_t n)
{
    char m[32];
    bd_money_format(v, true, m, sizeof m);
    if (currency && *currency && strcmp(currency, a->pol->currency) != 0)
        snprintf(buf, n, "%s %s", m, currency);
    else
        snprintf(buf, n, "%s", m);
    return buf;
}

bool app_credit_warning(app *a, int64_t customer_id, int64_t amount, const char *currency,
                        char *buf, size_t n)
{
    /* The limit is in the company currency. */
    if (!policy_to_company(a->pol, currency, amount, &amount))
        return false;
    store_viewer all = {.see = STORE_SEE_ALL};
    store_customer c;
    if (store_customer_get(a->db, &all, customer_id, &c, NULL) != BD_OK || c.credit_limit <= 0)
        return false;
    enum { LIMIT = 2000 };
    store_receivable *open = bd_xcalloc(LIMIT, sizeof *open);
    int got = 0;
    int64_t owed = 0;
    if (store_receivable_list(a->db, &all, customer_id, false, open, LIMIT, &got, NULL) == BD_OK)
        for (int i = 0; i < got; i++)
            owed += app_ar_open_company(a, &open[i]);
    free(open);
    if (owed + amount <= c.credit_limit)
        return false;
    char m1[32], m2[32], m3[32];
    snprintf(buf, n, "%s owes %s and this adds %s: past its credit limit of %s", c.name,
             bd_money_format(owed, true, m1, sizeof m1), bd_money_format(amount, true, m2, sizeof m2),
             bd_money_format(c.credit_limit, true, m3, sizeof m3));
    return true;
}
