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
        int64_t due = open[i].amount - open[i].paid;
        rows[k].bucket[bucket_of(a->pol, open[i].due_date, today)] += due;
        rows[k].total += due;
    }
    free(open);
    return st;
}
