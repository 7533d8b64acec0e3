/* Performance reviews: scoring (review_score.c).  A review's computed KPI
 * figures, what is missing, the streaks of grades, the score with core's
 * arithmetic (review.h) and the annual roll-up; the calibration sheet and
 * the honours, which score a period's reviews. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reviews_internal.h"

/* ---- Small lookups ------------------------------------------------------------------ */

/* The policy's grade bands as core takes them (at most 8). */
static int bands_of(const policy *p, rv_band *b)
{
    int n = 0;
    for (size_t i = 0; i < p->ngrades && n < 8; i++)
        b[n++] = (rv_band){p->grades[i].grade, p->grades[i].min, p->grades[i].failing};
    return n;
}

/* The period before period, of the same length ("2026-01" -> "2025-12",
 * "2026-Q1" -> "2025-Q4", "2026" -> "2025"); out needs 8 bytes. */
static void prev_period(const char *period, char *out)
{
    int y = atoi(period);
    char buf[32];
    if (strlen(period) == 4)
        snprintf(buf, sizeof buf, "%04d", y - 1);
    else if (period[5] == 'Q' && period[6] == '1')
        snprintf(buf, sizeof buf, "%04d-Q4", y - 1);
    else if (period[5] == 'Q')
        snprintf(buf, sizeof buf, "%04d-Q%c", y, period[6] - 1);
    else if (atoi(period + 5) == 1)
        snprintf(buf, sizeof buf, "%04d-12", y - 1);
    else
        snprintf(buf, sizeof buf, "%04d-%02d", y, atoi(period + 5) - 1);
    bd_strlcpy(out, buf, 8);
}

/* ---- Scoring ------------------------------------------------------------------------ */

/* The store's query for computed KPI k of employee r in from..to. */
store_kpi_query review_kpi_query(app *a, const store_review *r, const policy_kpi *k,
                          const char *from, const char *to)
{
    static const store_kpi to_store[KPI_SOURCE_COUNT] = {
        [KPI_SIGNED_AMOUNT] = STORE_KPI_SIGNED, [KPI_GROWTH] = STORE_KPI_SIGNED,
        [KPI_PROFIT] = STORE_KPI_PROFIT,
        [KPI_NEW_CUSTOMERS] = STORE_KPI_NEW_CUSTOMERS, [KPI_SATISFACTION] = STORE_KPI_SATISFACTION,
        [KPI_LEADS] = STORE_KPI_LEADS, [KPI_CONVERSION] = STORE_KPI_CONVERSION,
        [KPI_RESOLUTION_DAYS] = STORE_KPI_RESOLUTION,
    };
    const policy *p = a->pol;
    store_kpi_query q = {.kpi = to_store[k->source], .employee_id = r->employee_id, .from = from,
                         .to = to, .currency = p->currency, .won_stage = "", .lost_stage = ""};
    for (size_t i = 0; i < p->nstages; i++) {
        if (p->stages[i].won)
            q.won_stage = p->stages[i].code;
        if (p->stages[i].lost)
            q.lost_stage = p->stages[i].code;
    }
    return q;
}

/* The figure of computed KPI k for review r in from..to (hundredths, -1
 * when there is nothing to compute it from). */
static bd_status kpi_figure(app *a, const store_review *r, const policy_kpi *k, const char *from,
                            const char *to, int64_t *out, bd_err *e)
{
    store_kpi_query q = review_kpi_query(a, r, k, from, to);
    bd_status st = store_kpi_figure(a->db, &q, out, e);
    if (st != BD_OK || k->source != KPI_GROWTH)
        return st;
    /* Growth: this period's signed amount against the one before. */
    char prev[8], pf[11], pt[11];
    prev_period(r->period, prev);
    store_period_range(prev, pf, pt);
    int64_t before = 0, now = *out;
    q.from = pf, q.to = pt;
    if ((st = store_kpi_figure(a->db, &q, &before, e)) != BD_OK)
        return st;
    if (before <= 0) {
        *out = -1; /* nothing to grow from */
        return BD_OK;
    }
    __int128 g = ((__int128)(now - before) * 10000 * 2 + before) / (2 * before);
    *out = g < 0 ? 0 : g > INT64_MAX ? INT64_MAX : (int64_t)g;
    return BD_OK;
}

bd_status review_figures_now(app *a, const store_review *r, store_review_figure *rows, int *n,
                             bd_err *e)
{
    *n = 0;
    const policy_template *t = review_template(a->pol, r->template_code);
    if (!t)
        return bd_errf(e, BD_ERR_POLICY, "review #%lld uses the KPI template '%s', which "
                       "performance.yaml no longer has", (long long)r->id, r->template_code);
    char from[11], to[11];
    store_period_range(r->period, from, to);
    bd_status st = BD_OK;
    for (size_t i = 0; st == BD_OK && i < t->nkpis && *n < APP_REVIEW_MAX_KPIS; i++) {
        if (t->kpis[i].kind != RV_COMPUTED)
            continue;
        store_review_figure *f = &rows[*n];
        bd_strlcpy(f->kpi, t->kpis[i].code, sizeof f->kpi);
        if ((st = kpi_figure(a, r, &t->kpis[i], from, to, &f->figure, e)) == BD_OK)
            (*n)++;
    }
    return st;
}

/* Who has yet to rate review d, into d->missing. */
static void find_missing(app *a, app_review_detail *d)
{
    bd_buf b = {0};
    unsigned wanted = 0;
    for (int i = 0; i < d->nkpis; i++)
        if (d->kpis[i].kpi->kind != RV_COMPUTED)
            wanted |= d->kpis[i].kpi->rated_by;
    bool self = false, sup = false;
    for (int i = 0; i < d->nratings; i++) {
        self |= strcmp(d->ratings[i].source, "self") == 0;
        sup |= strcmp(d->ratings[i].source, "supervisor") == 0;
    }
    if ((wanted & (1u << RATER_SELF)) && (!self || !*d->review.self_done_at))
        bd_buf_printf(&b, "self");
    if ((wanted & (1u << RATER_SUPERVISOR)) && !sup)
        bd_buf_printf(&b, "%ssupervisor %s", b.len ? ", " : "",
                      *d->review.supervisor_login ? d->review.supervisor_login : "(none)");
    for (int k = 0; (wanted & (1u << RATER_PEER)) && k < d->npeers; k++) {
        bool rated = false;
        for (int i = 0; i < d->nratings; i++)
            rated |= d->ratings[i].rater_id == d->peers[k] &&
                     strcmp(d->ratings[i].source, "peer") == 0;
        store_user u;
        if (!rated && store_user_by_id(a->db, d->peers[k], &u, NULL) == BD_OK)
            bd_buf_printf(&b, "%speer %s", b.len ? ", " : "", u.login);
    }
    bd_strlcpy(d->missing, bd_buf_str(&b), sizeof d->missing);
    bd_buf_free(&b);
}

/* Failing periods in a row and promotion, over the employee's finalised
 * reviews before this one and this one's grade. */
bd_status review_streaks(app *a, app_review_detail *d, bd_err *e)
{
    const policy *p = a->pol;
    enum { MAX = 64 };
    store_review *h = bd_xcalloc(MAX, sizeof *h);
    int n = 0;
    bd_status st = store_review_history(a->db, d->review.employee_id, h, MAX, &n, e);
    bool fail[MAX + 1], top[MAX + 1];
    int k = 0;
    /* History is newest first: take the older finalised ones, oldest first. */
    for (int i = n - 1; st == BD_OK && i >= 0; i--) {
        if (h[i].id == d->review.id || !*h[i].grade || strcmp(h[i].period, d->review.period) > 0)
            continue;
        const policy_grade *g = review_grade_of(p, h[i].grade);
        fail[k] = g && g->failing;
        top[k++] = p->ngrades && strcmp(h[i].grade, p->grades[0].grade) == 0;
    }
    if (st == BD_OK && *d->grade) {
        const policy_grade *g = review_grade_of(p, d->grade);
        fail[k] = g && g->failing;
        top[k++] = p->ngrades && strcmp(d->grade, p->grades[0].grade) == 0;
        d->streak = rv_failure_streak(fail, k);
        if (p->improvement_after && d->streak >= p->improvement_after)
            d->flags |= REVIEW_FLAG_IMPROVEMENT;
        if (p->escalation_after && d->streak >= p->escalation_after)
            d->flags |= REVIEW_FLAG_ESCALATION;
        if (p->promotion_periods && rv_failure_streak(top, k) >= p->promotion_periods)
            d->flags |= REVIEW_FLAG_PROMOTION;
    }
    free(h);
    return st;
}

/* A year's review under performance.yaml's annual: periods: the mean of
 * the employee's finalised month and quarter scores of that year, when
 * there are any (core's rv_annual). */
static bd_status annual_score(app *a, app_review_detail *d, bd_err *e)
{
    d->annual_periods = 0;
    if (!a->pol->annual_from_periods || strlen(d->review.period) != 4)
        return BD_OK;
    enum { MAX = 64 };
    store_review *h = bd_xcalloc(MAX, sizeof *h);
    int n = 0, k = 0;
    int64_t scores[MAX];
    bd_status st = store_review_history(a->db, d->review.employee_id, h, MAX, &n, e);
    for (int i = 0; st == BD_OK && i < n; i++)
        if (h[i].id != d->review.id && strncmp(h[i].period, d->review.period, 4) == 0 &&
            h[i].period[4] == '-' && review_is_final(&h[i]) && h[i].score >= 0)
            scores[k++] = h[i].score;
    free(h);
    if (st == BD_OK && k > 0) {
        d->score = rv_annual(scores, k);
        d->annual_periods = k;
    }
    return st;
}

/* Score review d->review now: figures, ratings, points, grade, bonus. */
bd_status review_score(app *a, app_review_detail *d, bd_err *e)
{
    const policy *p = a->pol;
    store_review *r = &d->review;
    d->tpl = review_template(p, r->template_code);
    if (!d->tpl)
        return bd_errf(e, BD_ERR_POLICY, "review #%lld uses the KPI template '%s', which "
                       "performance.yaml no longer has", (long long)r->id, r->template_code);
    store_period_range(r->period, d->from, d->to);
    bd_status st = store_rating_list(a->db, r->id, d->ratings, APP_REVIEW_MAX_RATINGS,
                                     &d->nratings, e);
    if (st == BD_OK)
        st = store_review_peers(a->db, r->id, d->peers, APP_REVIEW_MAX_PEERS, &d->npeers, e);
    store_review_figure checked[APP_REVIEW_MAX_KPIS];
    int nchecked = 0, ncomputed = 0, nfound = 0;
    if (st == BD_OK && *r->figures_checked_at)
        st = store_review_figures(a->db, r->id, checked, APP_REVIEW_MAX_KPIS, &nchecked, e);
    rv_kpi core[APP_REVIEW_MAX_KPIS];
    int64_t points[APP_REVIEW_MAX_KPIS];
    d->nkpis = 0;
    for (size_t i = 0; st == BD_OK && i < d->tpl->nkpis && d->nkpis < APP_REVIEW_MAX_KPIS; i++) {
        const policy_kpi *k = &d->tpl->kpis[i];
        app_review_kpi *x = &d->kpis[d->nkpis];
        memset(x, 0, sizeof *x);
        x->kpi = k;
        x->figure = -1;
        core[d->nkpis] = (rv_kpi){k->code, k->weight, k->kind, k->target, k->cap,
                                  k->lower_is_better};
        if (k->kind == RV_COMPUTED) {
            /* The figure the supervisor checked counts; the records' figure
             * of today is kept beside it to show a change since. */
            st = kpi_figure(a, r, k, d->from, d->to, &x->live, e);
            x->figure = x->live;
            bool found = false;
            for (int c = 0; c < nchecked && !found; c++)
                if (strcmp(checked[c].kpi, k->code) == 0) {
                    x->figure = checked[c].figure;
                    found = true;
                }
            x->checked = found;
            ncomputed++;
            nfound += found;
            x->points = x->figure < 0 ? -1 : rv_computed_score(&core[d->nkpis], x->figure);
        } else {
            rv_source_score src[RATER_COUNT];
            for (int s = 0; s < RATER_COUNT; s++) {
                int64_t pts[APP_REVIEW_MAX_RATINGS];
                int np = 0;
                for (int j = 0; j < d->nratings; j++)
                    if (strcmp(d->ratings[j].kpi, k->code) == 0 &&
                        strcmp(d->ratings[j].source, policy_rater_name((policy_rater)s)) == 0)
                        pts[np++] = rv_rating_score(k->kind, d->ratings[j].rating);
                bool counts = (k->rated_by & (1u << s)) != 0;
                x->source_n[s] = counts ? np : 0;
                x->source_points[s] = counts && np ? rv_average(pts, np) : -1;
                src[s] = (rv_source_score){p->rater_weights[s], x->source_points[s],
                                           x->source_n[s]};
            }
            x->points = rv_rated_score(src, RATER_COUNT);
        }
        points[d->nkpis++] = x->points;
    }
    if (st != BD_OK)
        return st;
    d->score = rv_weighted(core, points, d->nkpis);
    if ((st = annual_score(a, d, e)) != BD_OK)
        return st;
    /* A year scored from its months uses no figure of its own: no check. */
    d->figures_needed = ncomputed > 0 && d->annual_periods == 0;
    d->figures_checked = ncomputed > 0 && nfound == ncomputed && *r->figures_checked_at;
    rv_band bands[8];
    const rv_band *band = d->score >= 0 ? rv_grade(bands, bands_of(p, bands), d->score) : NULL;
    bd_strlcpy(d->grade, band ? band->grade : "", sizeof d->grade);
    d->bonus = -1;
    const policy_grade *g = band ? review_grade_of(p, band->grade) : NULL;
    if (g && (st = rv_bonus(p->bonus_base, g->bonus_pct, g->bonus_amount, &d->bonus, e)) != BD_OK)
        return st;
    find_missing(a, d);
    return BD_OK;
}

/* Once a review is final its kept score, grade and bonus are what count. */
void review_use_kept(app_review_detail *d)
{
    if (d->review.score < 0 && !*d->review.grade)
        return;
    d->score = d->review.score;
    bd_strlcpy(d->grade, d->review.grade, sizeof d->grade);
    d->bonus = d->review.bonus;
}

/* ---- Calibration and honours -------------------------------------------------------- */

static int by_score(const void *x, const void *y)
{
    const store_review *a = x, *b = y;
    if (a->score != b->score)
        return a->score < b->score ? 1 : -1;
    return strcmp(a->employee_login, b->employee_login);
}

bd_status app_review_calibration(app *a, int64_t period_id, store_review *rows, int max, int *n,
                                 app_calibration *out, bd_err *e)
{
    *n = 0;
    memset(out, 0, sizeof *out);
    bd_status st = app_require(a, PERM_REVIEWS_MANAGE, "reading the calibration sheet", e);
    if (st == BD_OK)
        st = review_period_read(a, period_id, &out->period, e);
    if (st == BD_OK)
        st = review_may_manage(a, out->period.department, "reading the calibration sheet", e);
    if (st == BD_OK)
        st = store_review_list(a->db, period_id, rows, max, n, e);
    if (st != BD_OK)
        return st;
    const policy *p = a->pol;
    for (size_t g = 0; g < p->ngrades && out->ngrades < APP_CAL_MAX_GRADES; g++) {
        bd_strlcpy(out->grades[out->ngrades], p->grades[g].grade, sizeof out->grades[0]);
        out->target_pct[out->ngrades++] = p->grades[g].target_pct;
    }
    /* Before finalising, the sheet shows the scores as they are now. */
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    for (int i = 0; st == BD_OK && i < *n; i++) {
        if (!review_is_final(&rows[i])) {
            memset(d, 0, sizeof *d);
            d->review = rows[i];
            if ((st = review_score(a, d, e)) == BD_OK) {
                rows[i].score = d->score;
                bd_strlcpy(rows[i].grade, d->grade, sizeof rows[i].grade);
                rows[i].bonus = d->bonus;
            }
        }
        out->nreviews++;
        if (rows[i].bonus > 0)
            out->bonus_pool += rows[i].bonus;
        int g = 0;
        while (g < out->ngrades && strcmp(out->grades[g], rows[i].grade) != 0)
            g++;
        if (g == out->ngrades)
            continue;
        out->total[g]++;
        const char *sup = *rows[i].supervisor_login ? rows[i].supervisor_login : "-";
        int s = 0;
        while (s < out->nsupervisors && strcmp(out->supervisors[s], sup) != 0)
            s++;
        if (s == out->nsupervisors && s < APP_CAL_MAX_SUPERVISORS)
            bd_strlcpy(out->supervisors[out->nsupervisors++], sup, sizeof out->supervisors[0]);
        if (s < out->nsupervisors)
            out->by_supervisor[s][g]++;
    }
    free(d);
    if (st == BD_OK)
        qsort(rows, (size_t)*n, sizeof *rows, by_score);
    return st;
}

/* Review r's figure of source: the one its supervisor checked, when the
 * review's template has a computed KPI of that source and the figures are
 * checked (as its score counts them); otherwise the records' figure now. */
static bd_status honour_figure(app *a, const store_review *r, policy_kpi_source source,
                               int64_t *out, bd_err *e)
{
    const policy_template *t = review_template(a->pol, r->template_code);
    for (size_t i = 0; t && *r->figures_checked_at && i < t->nkpis; i++) {
        if (t->kpis[i].kind != RV_COMPUTED || t->kpis[i].source != source)
            continue;
        store_review_figure checked[APP_REVIEW_MAX_KPIS];
        int n = 0;
        bd_status st = store_review_figures(a->db, r->id, checked, APP_REVIEW_MAX_KPIS, &n, e);
        if (st != BD_OK)
            return st;
        for (int c = 0; c < n; c++)
            if (strcmp(checked[c].kpi, t->kpis[i].code) == 0) {
                *out = checked[c].figure;
                return BD_OK;
            }
        break;
    }
    policy_kpi k = {.kind = RV_COMPUTED, .source = source};
    char from[11], to[11];
    store_period_range(r->period, from, to);
    return kpi_figure(a, r, &k, from, to, out, e);
}

bd_status app_review_honours(app *a, int64_t period_id, app_honour *rows, int max, int *n,
                             bd_err *e)
{
    *n = 0;
    enum { LIMIT = 500 };
    store_review *rv = bd_xcalloc(LIMIT, sizeof *rv);
    int got = 0;
    bd_status st = app_review_list(a, period_id, rv, LIMIT, &got, e);
    const policy *p = a->pol;
    for (size_t h = 0; st == BD_OK && h < p->nhonours && *n < max; h++) {
        app_honour best = {.honour = &p->honours[h], .figure = 0};
        for (int i = 0; st == BD_OK && i < got; i++) {
            int64_t f = -1;
            st = honour_figure(a, &rv[i], p->honours[h].source, &f, e);
            if (st == BD_OK && f > best.figure) {
                best.figure = f;
                bd_strlcpy(best.login, rv[i].employee_login, sizeof best.login);
                bd_strlcpy(best.name, rv[i].employee_name, sizeof best.name);
            }
        }
        if (st == BD_OK && *best.login)
            rows[(*n)++] = best;
    }
    free(rv);
    return st;
}
