/* Performance reviews: the cycle after rating (review_cycle.c): finalising
 * a period (keeping each review's scores), setting a grade against the
 * score, publishing and locking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reviews_internal.h"

/* ---- Finalising, grading, publication ----------------------------------------------- */

bd_status app_review_finalize(app *a, int64_t period_id, bool force, bd_err *e)
{
    store_review_period rp;
    bd_status st = app_require(a, PERM_REVIEWS_MANAGE, "finalising reviews", e);
    if (st == BD_OK)
        st = review_period_read(a, period_id, &rp, e);
    if (st == BD_OK)
        st = review_may_manage(a, rp.department, "finalising reviews", e);
    if (st == BD_OK && strcmp(rp.state, "open") != 0)
        st = bd_errf(e, BD_ERR_INVALID, "period #%lld is %s already", (long long)period_id,
                     rp.state);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    enum { LIMIT = 500 };
    store_review *rows = bd_xcalloc(LIMIT, sizeof *rows);
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    bd_buf missing = {0}, unchecked = {0};
    int n = 0;
    st = store_review_list(a->db, period_id, rows, LIMIT, &n, e);
    for (int i = 0; st == BD_OK && i < n; i++) {
        memset(d, 0, sizeof *d);
        d->review = rows[i];
        if ((st = review_score(a, d, e)) != BD_OK)
            break;
        if (*d->missing)
            bd_buf_printf(&missing, "%s#%lld %s: %s", missing.len ? "; " : "",
                          (long long)rows[i].id, rows[i].employee_login, d->missing);
        /* Unchecked figures are scored as the records give them today. */
        if (d->figures_needed && !d->figures_checked)
            bd_buf_printf(&unchecked, "%s#%lld %s", unchecked.len ? ", " : "",
                          (long long)rows[i].id, rows[i].employee_login);
        store_review_score sc[APP_REVIEW_MAX_KPIS];
        for (int k = 0; k < d->nkpis; k++) {
            bd_strlcpy(sc[k].kpi, d->kpis[k].kpi->code, sizeof sc[k].kpi);
            sc[k].figure = d->kpis[k].figure;
            sc[k].points = d->kpis[k].points;
        }
        st = store_review_scores_put(a->db, rows[i].id, rows[i].revision, sc, d->nkpis, e);
        store_review before = rows[i];
        rows[i].score = d->score;
        bd_strlcpy(rows[i].grade, d->grade, sizeof rows[i].grade);
        rows[i].bonus = d->bonus;
        bd_strlcpy(rows[i].state, "final", sizeof rows[i].state);
        app_timestamp(rows[i].updated_at, sizeof rows[i].updated_at);
        if (st == BD_OK)
            st = store_review_update(a->db, &rows[i], e);
        if (st == BD_OK)
            st = review_audit(a, &before, &rows[i], "finalize", e);
    }
    if (st == BD_OK && (missing.len || unchecked.len) && !force) {
        bd_buf why = {0};
        if (missing.len)
            bd_buf_printf(&why, "not everyone has rated: %s", bd_buf_str(&missing));
        if (unchecked.len)
            bd_buf_printf(&why, "%sthe supervisor has not checked the figures of %s",
                          why.len ? "; " : "", bd_buf_str(&unchecked));
        st = bd_errf(e, BD_ERR_INVALID, "%s (finalise anyway with force)", bd_buf_str(&why));
        bd_buf_free(&why);
    }
    if (st == BD_OK) {
        bd_strlcpy(rp.state, "finalised", sizeof rp.state);
        app_timestamp(rp.finalised_at, sizeof rp.finalised_at);
        st = store_review_period_update(a->db, &rp, e);
    }
    if (st == BD_OK)
        st = app_audit_write(a, "review_period", period_id, "finalize", NULL, NULL, e);
    bd_buf_free(&missing);
    bd_buf_free(&unchecked);
    free(d);
    free(rows);
    return app_tx_end(a, st, e);
}

typedef struct grade_arg {
    const char *grade, *reason;
} grade_arg;

static bd_status do_grade(app *a, store_review *r, const void *arg, bd_err *e)
{
    const grade_arg *g = arg;
    const policy_grade *pg = review_grade_of(a->pol, g->grade ? g->grade : "");
    store_review_period rp;
    bd_status st = review_period_read(a, r->period_id, &rp, e);
    if (st == BD_OK)
        st = review_may_manage(a, rp.department, "setting a grade", e);
    if (st != BD_OK)
        return st;
    if (!review_is_final(r))
        return bd_errf(e, BD_ERR_INVALID, "review #%lld is not finalised yet; its grade comes "
                       "from its score", (long long)r->id);
    if (strcmp(r->state, "locked") == 0)
        return bd_errf(e, BD_ERR_INVALID, "review #%lld is locked", (long long)r->id);
    if (!pg) {
        bd_buf known = {0};
        for (size_t i = 0; i < a->pol->ngrades; i++)
            bd_buf_printf(&known, "%s%s", i ? ", " : "", a->pol->grades[i].grade);
        st = bd_errf(e, BD_ERR_INVALID, "grade: '%s' is not a grade of performance.yaml (%s)",
                     g->grade ? g->grade : "", bd_buf_str(&known));
        bd_buf_free(&known);
        return st;
    }
    if (!g->reason || !*g->reason || !bd_strlcpy(r->grade_reason, g->reason, sizeof r->grade_reason))
        return bd_errf(e, BD_ERR_INVALID, "reason: say why the grade differs from the score's "
                       "(up to %zu bytes)", sizeof r->grade_reason - 1);
    /* After publication a change is a correction: a new revision, with
     * the scores carried over so the revision stands on its own. */
    if (strcmp(r->state, "final") != 0) {
        store_review_score sc[APP_REVIEW_MAX_KPIS];
        int n = 0;
        if ((st = store_review_scores(a->db, r->id, r->revision, sc, APP_REVIEW_MAX_KPIS, &n,
                                      e)) != BD_OK)
            return st;
        r->revision++;
        if ((st = store_review_scores_put(a->db, r->id, r->revision, sc, n, e)) != BD_OK)
            return st;
    }
    bd_strlcpy(r->grade, pg->grade, sizeof r->grade);
    return rv_bonus(a->pol->bonus_base, pg->bonus_pct, pg->bonus_amount, &r->bonus, e);
}

bd_status app_review_grade(app *a, int64_t id, const char *grade, const char *reason,
                           int64_t expected_version, bd_err *e)
{
    grade_arg g = {grade, reason};
    return review_change(a, id, expected_version, do_grade, &g, "grade", e);
}

/* Move a period and its reviews from `from` to `to` (reviews in
 * review_from). */
static bd_status period_step(app *a, int64_t period_id, const char *from, const char *to,
                             const char *review_from, const char *review_to, const char *what,
                             bd_err *e)
{
    store_review_period rp;
    bd_status st = app_require(a, PERM_REVIEWS_MANAGE, what, e);
    if (st == BD_OK)
        st = review_period_read(a, period_id, &rp, e);
    if (st == BD_OK)
        st = review_may_manage(a, rp.department, what, e);
    if (st == BD_OK && strcmp(rp.state, from) != 0)
        st = bd_errf(e, BD_ERR_INVALID, "%s: period #%lld is %s; it must be %s first", what,
                     (long long)period_id, rp.state, from);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    enum { LIMIT = 500 };
    store_review *rows = bd_xcalloc(LIMIT, sizeof *rows);
    int n = 0;
    st = store_review_list(a->db, period_id, rows, LIMIT, &n, e);
    for (int i = 0; st == BD_OK && i < n; i++) {
        if (review_from && strcmp(rows[i].state, review_from) != 0 &&
            strcmp(review_from, "*") != 0)
            continue;
        store_review before = rows[i];
        bd_strlcpy(rows[i].state, review_to, sizeof rows[i].state);
        app_timestamp(rows[i].updated_at, sizeof rows[i].updated_at);
        if ((st = store_review_update(a->db, &rows[i], e)) == BD_OK)
            st = review_audit(a, &before, &rows[i], to, e);
    }
    free(rows);
    if (st == BD_OK) {
        bd_strlcpy(rp.state, to, sizeof rp.state);
        if (strcmp(to, "published") == 0)
            app_timestamp(rp.published_at, sizeof rp.published_at);
        st = store_review_period_update(a->db, &rp, e);
    }
    if (st == BD_OK)
        st = app_audit_write(a, "review_period", period_id, to, NULL, NULL, e);
    return app_tx_end(a, st, e);
}

bd_status app_review_publish(app *a, int64_t period_id, bd_err *e)
{
    return period_step(a, period_id, "finalised", "published", "final", "published",
                       "publishing reviews", e);
}

bd_status app_review_lock(app *a, int64_t period_id, bd_err *e)
{
    return period_step(a, period_id, "published", "locked", "*", "locked", "locking reviews", e);
}
