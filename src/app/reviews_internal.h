/* Shared by the review files of src/app: reviews.c, review_score.c and
 * review_cycle.c. */
#ifndef BIZDESK_REVIEWS_INTERNAL_H
#define BIZDESK_REVIEWS_INTERNAL_H

#include "app_internal.h"

/* ---- reviews.c ---------------------------------------------------------------------- */

const policy_template *review_template(const policy *p, const char *code);
const policy_grade *review_grade_of(const policy *p, const char *grade);
bool review_is_final(const store_review *r);
/* reviews.manage over department's periods: the same department, or a
 * role that sees every department. */
bd_status review_may_manage(app *a, const char *department, const char *what, bd_err *e);
bd_status review_period_read(app *a, int64_t id, store_review_period *p, bd_err *e);
bd_status review_audit(app *a, const store_review *before, const store_review *after,
                       const char *action, bd_err *e);
/* Change review id under fn, in one transaction with its audit row. */
bd_status review_change(app *a, int64_t id, int64_t expected_version,
                        bd_status (*fn)(app *, store_review *, const void *, bd_err *),
                        const void *arg, const char *action, bd_err *e);

/* ---- review_score.c ----------------------------------------------------------------- */

/* The store's query for computed KPI k of employee r in from..to. */
store_kpi_query review_kpi_query(app *a, const store_review *r, const policy_kpi *k,
                          const char *from, const char *to);
/* Failing periods in a row and promotion, over the employee's finalised
 * reviews before this one and this one's grade. */
bd_status review_streaks(app *a, app_review_detail *d, bd_err *e);
/* The computed KPI figures of review r as the records give them now, one
 * per computed KPI of its template (at most APP_REVIEW_MAX_KPIS). */
bd_status review_figures_now(app *a, const store_review *r, store_review_figure *rows, int *n,
                             bd_err *e);
/* Score review d->review now: figures (the checked ones where the
 * supervisor checked them, d->kpis[].live beside), ratings, points,
 * grade, bonus. */
bd_status review_score(app *a, app_review_detail *d, bd_err *e);
/* Once a review is final its kept score, grade and bonus are what count. */
void review_use_kept(app_review_detail *d);

#endif
