/* The inbox across modules: every item whose current step the actor may
 * decide, as one list, and one way to decide any of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

/* The kinds that go through app_request_act, in the inbox's order after
 * contracts. */
static const app_request_kind *const kinds[] = {
    &app_kind_amendment, &app_kind_writeoff, &app_kind_claim, &app_kind_preapproval,
    &app_kind_budget_change,
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

static const app_request_kind *kind_of(const char *module)
{
    for (size_t i = 0; module && i < NKINDS; i++)
        if (strcmp(kinds[i]->module, module) == 0)
            return kinds[i];
    return NULL;
}

const char *app_work_noun(const char *module)
{
    const app_request_kind *k = kind_of(module);
    if (k)
        return k->noun;
    return !module ? "item" : strcmp(module, "contracts") == 0 ? "contract"
                            : strcmp(module, "reviews") == 0   ? "review" : "item";
}

/* Contracts waiting for the actor, as inbox rows. */
static bd_status contract_rows(app *a, app_work_item *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    if (!app_can(a, PERM_CONTRACTS) && !app_is_deputy(a, "contracts"))
        return BD_OK;
    app_inbox_item *c = bd_xcalloc((size_t)max, sizeof *c);
    int got = 0;
    bd_status st = app_inbox(a, c, max, &got, e);
    for (int i = 0; st == BD_OK && i < got; i++) {
        app_work_item *w = &rows[(*n)++];
        const store_contract *k = &c[i].contract;
        memset(w, 0, sizeof *w);
        bd_strlcpy(w->module, "contracts", sizeof w->module);
        w->id = k->id;
        w->version = k->version;
        bd_strlcpy(w->what, k->title, sizeof w->what);
        bd_strlcpy(w->party, k->company, sizeof w->party);
        w->amount = k->amount;
        bd_strlcpy(w->currency, k->currency, sizeof w->currency);
        bd_strlcpy(w->step_name, c[i].step_name, sizeof w->step_name);
        bd_strlcpy(w->on_behalf, c[i].on_behalf, sizeof w->on_behalf);
        bd_strlcpy(w->asked_by, c[i].asked_by, sizeof w->asked_by);
        bd_strlcpy(w->waiting_since, c[i].waiting_since, sizeof w->waiting_since);
    }
    free(c);
    return st;
}

static int by_waiting(const void *x, const void *y)
{
    const app_work_item *a = x, *b = y;
    int c = strcmp(a->waiting_since, b->waiting_since);
    return c ? c : strcmp(a->module, b->module) ? strcmp(a->module, b->module)
                                                : (a->id > b->id) - (a->id < b->id);
}

bd_status app_work_inbox(app *a, app_work_item *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "reading the inbox: nobody is logged in");
    int got = 0;
    bd_status st = contract_rows(a, rows, max, &got, e);
    *n = got;
    for (size_t k = 0; st == BD_OK && k < NKINDS && *n < max; k++) {
        st = app_request_inbox(a, kinds[k], rows + *n, max - *n, &got, e);
        *n += got;
    }
    if (st == BD_OK && *n < max) {
        st = app_review_inbox(a, rows + *n, max - *n, &got, e);
        *n += got;
    }
    if (st == BD_OK)
        qsort(rows, (size_t)*n, sizeof *rows, by_waiting);
    return st;
}

bd_status app_work_act(app *a, const char *module, int64_t id, apv_action act,
                       const char *comment, int64_t expected_version, bd_err *e)
{
    if (module && strcmp(module, "contracts") == 0)
        return app_contract_act(a, id, act, NULL, comment, expected_version, NULL, e);
    if (module && strcmp(module, "reviews") == 0)
        return bd_errf(e, BD_ERR_INVALID, "review #%lld is rated, not approved: open it and give "
                       "your ratings", (long long)id);
    const app_request_kind *k = kind_of(module);
    if (!k)
        return bd_errf(e, BD_ERR_INVALID, "'%s' is not a kind of inbox item (contracts, "
                       "amendments, writeoffs, claims, preapprovals, budget_changes)",
                       module ? module : "");
    return app_request_act(a, k, id, act, comment, expected_version, NULL, e);
}
