/*
 * store_reports.h - the queries behind app's reports (src/store/reports.c):
 * each streams its rows to a callback within the viewer's reach.  They
 * return records of the pipeline and contracts parts, which it includes.
 *
 * Include store.h, not this file: it relies on the types store.h declares
 * (store, store_viewer, store_user, the audit types) before it includes
 * the module parts at its end.
 */
#ifndef BIZDESK_STORE_REPORTS_H
#define BIZDESK_STORE_REPORTS_H

#ifndef BIZDESK_STORE_H
#error "include store.h, not store_reports.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "store_contracts.h"
#include "store_pipeline.h"

/* ---- Reports (src/store/reports.c) ----------------------------------------
 * The queries of app/reports.c.  Each streams its rows to cb, one at a
 * time (cb returns non-zero to stop), and keeps the viewer's reach as the
 * module's own lists do.  Dates are YYYY-MM-DD, from and to inclusive. */

/* The pipeline summed per stage (by_owner false: login and name "") or
 * per owner and stage (ordered by login, then stage code). */
typedef struct store_report_stage {
    char login[33];
    char name[256];
    char stage[33];
    int64_t count;
    int64_t value;            /* sum of the known values */
} store_report_stage;
typedef int (*store_report_stage_cb)(void *ctx, const store_report_stage *r);
bd_status store_report_pipeline(store *s, const store_viewer *v, bool by_owner,
                                store_report_stage_cb cb, void *ctx, bd_err *e);

/* Contracts signed from prev_from to `to`, per owner (contracts.owner_id)
 * and currency, ordered by login: those signed from `from` on count as
 * this period (contracts, amount, new customers: the customer's first
 * signed contract), those before `from` as the previous period. */
typedef struct store_report_sales_row {
    char login[33];
    char name[256];
    char currency[4];
    int64_t contracts, amount, new_customers, previous;
} store_report_sales_row;
typedef int (*store_report_sales_cb)(void *ctx, const store_report_sales_row *r);
bd_status store_report_sales(store *s, const store_viewer *v, const char *from, const char *to,
                             const char *prev_from, store_report_sales_cb cb, void *ctx,
                             bd_err *e);

/* Activities dated from..to logged by someone in v's reach, by actor
 * login, date and id; company is the customer's name. */
typedef int (*store_report_activity_cb)(void *ctx, const store_activity *a, const char *company);
bd_status store_report_activities(store *s, const store_viewer *v, const char *from,
                                  const char *to, store_report_activity_cb cb, void *ctx,
                                  bd_err *e);

/* Customers of class_code in v's reach whose last contact (or, never
 * contacted, creation) is on or before `before`, oldest first (id, name,
 * class, owner, last_contact and created_at are filled). */
typedef int (*store_report_customer_cb)(void *ctx, const store_customer *c);
bd_status store_report_quiet(store *s, const store_viewer *v, const char *class_code,
                             const char *before, store_report_customer_cb cb, void *ctx,
                             bd_err *e);

/* Contracts signed from..to in v's reach, by signing date and number
 * (id, number, customer, company, title, amount, currency, dates, state,
 * owner and signed_on are filled). */
typedef int (*store_report_contract_cb)(void *ctx, const store_contract *c);
bd_status store_report_contracts(store *s, const store_viewer *v, const char *from,
                                 const char *to, store_report_contract_cb cb, void *ctx,
                                 bd_err *e);

/* Collection actions planned or done from..to on receivables of contracts
 * in v's reach, by planned date and id. */
typedef struct store_report_collection {
    store_collection action;
    char contract_number[48];
    char company[256];
} store_report_collection;
typedef int (*store_report_collection_cb)(void *ctx, const store_report_collection *r);
bd_status store_report_collections(store *s, const store_viewer *v, const char *from,
                                   const char *to, store_report_collection_cb cb, void *ctx,
                                   bd_err *e);

/* Budgets of year (YYYY) and what was spent in it, of department (NULL:
 * every one), ordered by department and category: for each pair first its
 * budget rows (spend false: period and amount), then at most one spend
 * row (spend true: committed and paid, the lines of approved and paid
 * claims dated in the year). */
typedef struct store_report_budget_row {
    char department[33];
    char category[33];
    char period[8];
    int64_t amount;
    bool spend;
    int64_t committed, paid;
} store_report_budget_row;
typedef int (*store_report_budget_cb)(void *ctx, const store_report_budget_row *r);
bd_status store_report_budget(store *s, const char *year, const char *department,
                              store_report_budget_cb cb, void *ctx, bd_err *e);

/* Claims paid from..to (paid_on) of claimants in v's reach, summed per
 * claimant and line category, by login and category. */
typedef struct store_report_reimb {
    char login[33];
    char name[256];
    char category[33];
    int64_t claims, lines, amount;
} store_report_reimb;
typedef int (*store_report_reimb_cb)(void *ctx, const store_report_reimb *r);
bd_status store_report_reimbursements(store *s, const store_viewer *v, const char *from,
                                      const char *to, store_report_reimb_cb cb, void *ctx,
                                      bd_err *e);

/* Ids of the claims in v's reach, neither drafts nor withdrawn, with a
 * line under a standard dated from..to, in id order. */
typedef int (*store_report_id_cb)(void *ctx, int64_t id);
bd_status store_report_standard_claims(store *s, const store_viewer *v, const char *from,
                                       const char *to, store_report_id_cb cb, void *ctx,
                                       bd_err *e);

/* Audit rows written at or after `from` and before `before` (timestamps
 * or dates, compared as text), in id order. */
bd_status store_report_audit(store *s, const char *from, const char *before,
                             store_audit_cb cb, void *ctx, bd_err *e);

#endif
