/* Performance reviews: periods, ratings, computed KPIs, scoring with
 * core's arithmetic (review.h), finalising, calibration, publication,
 * interviews and corrections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

/* ---- Small lookups ------------------------------------------------------------------ */

static const policy_template *template_of(const policy *p, const char *code)
{
    for (size_t i = 0; i < p->ntemplates; i++)
        if (strcmp(p->templates[i].code, code) == 0)
            return &p->templates[i];
    return NULL;
}

static const policy_grade *grade_of(const policy *p, const char *grade)
{
    for (size_t i = 0; i < p->ngrades; i++)
        if (strcmp(p->grades[i].grade, grade) == 0)
            return &p->grades[i];
    return NULL;
}

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

/* Whether `who` reports to `boss`, directly or not. */
static bool reports_to(app *a, int64_t who, int64_t boss)
{
    store_user u;
    for (int depth = 0; who && depth < 32; depth++) {
        if (store_user_by_id(a->db, who, &u, NULL) != BD_OK)
            return false;
        if (u.manager_id == boss)
            return true;
        who = u.manager_id;
    }
    return false;
}

static bool is_peer(app *a, int64_t review_id, int64_t user)
{
    int64_t ids[APP_REVIEW_MAX_PEERS];
    int n = 0;
    if (store_review_peers(a->db, review_id, ids, APP_REVIEW_MAX_PEERS, &n, NULL) != BD_OK)
        return false;
    for (int i = 0; i < n; i++)
        if (ids[i] == user)
            return true;
    return false;
}

/* May the actor read review r? */
static bool may_see(app *a, const store_review *r)
{
    int64_t me = a->actor.user.id;
    if (r->employee_id == me || r->supervisor_id == me || is_peer(a, r->id, me))
        return true;
    switch (app_viewer(a).see) {
    case STORE_SEE_ALL: return true;
    case STORE_SEE_DEPARTMENT: return strcmp(r->department, a->actor.user.department) == 0;
    case STORE_SEE_TEAM: return reports_to(a, r->employee_id, me);
    case STORE_SEE_OWN: break;
    }
    return false;
}

/* Read review id if the actor may see it. */
static bd_status review_read(app *a, int64_t id, store_review *r, bd_err *e)
{
    bd_status st = app_require(a, PERM_REVIEWS, "reading reviews", e);
    if (st == BD_OK)
        st = store_review_get(a->db, id, r, e);
    if (st == BD_ERR_NOTFOUND || (st == BD_OK && !may_see(a, r)))
        return bd_errf(e, BD_ERR_NOTFOUND, "no review #%lld that you may see", (long long)id);
    return st;
}

/* reviews.manage over department's periods: the same department, or a
 * role that sees every department. */
static bd_status may_manage(app *a, const char *department, const char *what, bd_err *e)
{
    bd_status st = app_require(a, PERM_REVIEWS_MANAGE, what, e);
    if (st == BD_OK && app_viewer(a).see != STORE_SEE_ALL &&
        strcmp(department, a->actor.user.department) != 0)
        st = bd_errf(e, BD_ERR_DENIED, "%s: the period is %s's; you manage reviews of %s", what,
                     department, a->actor.user.department);
    return st;
}

static bd_status period_read(app *a, int64_t id, store_review_period *p, bd_err *e)
{
    bd_status st = store_review_period_get(a->db, id, p, e);
    if (st == BD_ERR_NOTFOUND)
        return bd_errf(e, st, "there is no review period #%lld", (long long)id);
    return st;
}

static bd_status audit_review(app *a, const store_review *before, const store_review *after,
                              const char *action, bd_err *e)
{
    char *j[2] = {NULL, NULL};
    const store_review *r[2] = {before, after};
    for (int i = 0; i < 2; i++) {
        if (!r[i])
            continue;
        bd_json js;
        char m[32], sc[24];
        bd_json_begin(&js);
        bd_json_str(&js, "employee", r[i]->employee_login);
        bd_json_str(&js, "period", r[i]->period);
        bd_json_str(&js, "state", r[i]->state);
        bd_json_str(&js, "score", rv_format(r[i]->score, sc, sizeof sc));
        bd_json_str(&js, "grade", r[i]->grade);
        bd_json_str(&js, "bonus", r[i]->bonus < 0 ? NULL : bd_money_format(r[i]->bonus, false, m,
                                                                          sizeof m));
        bd_json_int(&js, "revision", r[i]->revision);
        if (*r[i]->grade_reason)
            bd_json_str(&js, "reason", r[i]->grade_reason);
        bd_json_end(&js);
        j[i] = js.buf.data;
    }
    bd_status st = app_audit_write(a, "review", after ? after->id : before->id, action, j[0], j[1],
                                   e);
    free(j[0]);
    free(j[1]);
    return st;
}

/* ---- Opening a period --------------------------------------------------------------- */

bd_status app_review_open(app *a, const char *department, const char *period,
                          store_review_period *out, bd_err *e)
{
    const policy *p = a->pol;
    char from[11], to[11];
    if (!department || !*department)
        department = a->logged_in ? a->actor.user.department : "";
    bd_status st = may_manage(a, department, "opening a review period", e);
    if (st != BD_OK)
        return st;
    if (!policy_dept_find(p, department))
        return bd_errf(e, BD_ERR_INVALID, "department: '%s' is not a department of bizdesk.yaml",
                       department);
    if (!period || strlen(period) > 7 || !store_period_range(period, from, to))
        return bd_errf(e, BD_ERR_INVALID, "period: '%s' is not a month (2026-11), a quarter "
                       "(2026-Q4) or a year (2026)", period ? period : "");
    char today[11];
    app_today(today, sizeof today);
    if (strcmp(from, today) > 0)
        return bd_errf(e, BD_ERR_INVALID, "period: %s has not begun (it starts on %s)", period,
                       from);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_review_period rp = {.opened_by = a->actor.user.id};
    bd_strlcpy(rp.department, department, sizeof rp.department);
    bd_strlcpy(rp.period, period, sizeof rp.period);
    bd_strlcpy(rp.state, "open", sizeof rp.state);
    app_timestamp(rp.opened_at, sizeof rp.opened_at);
    if ((st = store_review_period_insert(a->db, &rp, e)) == BD_ERR_CONFLICT)
        st = bd_errf(e, st, "%s has a review period %s already", department, period);
    /* One review for each active member whose role has a template. */
    enum { PAGE = 200 };
    store_user *users = bd_xcalloc(PAGE, sizeof *users);
    store_user_query q = {.department = department, .limit = PAGE};
    char last[33] = "";
    int n = 0, made = 0;
    do {
        q.after = *last ? last : NULL;
        if (st == BD_OK)
            st = store_user_page(a->db, &q, users, &n, e);
        for (int i = 0; st == BD_OK && i < n; i++) {
            const policy_template *t = policy_template_for_role(p, users[i].role);
            if (!t)
                continue;
            store_review r = {.period_id = rp.id, .employee_id = users[i].id,
                              .supervisor_id = users[i].manager_id, .score = -1, .bonus = -1,
                              .revision = 1};
            bd_strlcpy(r.template_code, t->code, sizeof r.template_code);
            bd_strlcpy(r.state, "self", sizeof r.state);
            app_timestamp(r.updated_at, sizeof r.updated_at);
            if ((st = store_review_insert(a->db, &r, e)) == BD_OK)
                made++;
        }
        if (n > 0)
            bd_strlcpy(last, users[n - 1].login, sizeof last);
    } while (st == BD_OK && n == PAGE);
    free(users);
    if (st == BD_OK && made == 0)
        st = bd_errf(e, BD_ERR_INVALID, "%s has nobody whose role has a KPI template in "
                     "performance.yaml", department);
    if (st == BD_OK) {
        bd_json j;
        bd_json_begin(&j);
        bd_json_str(&j, "department", department);
        bd_json_str(&j, "period", period);
        bd_json_int(&j, "reviews", made);
        bd_json_end(&j);
        st = app_audit_write(a, "review_period", rp.id, "open", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = rp;
    return st;
}

bd_status app_review_periods(app *a, store_review_period *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_REVIEWS, "reading reviews", e);
    if (st != BD_OK)
        return st;
    bool all = app_viewer(a).see == STORE_SEE_ALL;
    return store_review_period_list(a->db, all ? NULL : a->actor.user.department, rows, max, n, e);
}

bd_status app_review_list(app *a, int64_t period_id, store_review *rows, int max, int *n,
                          bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_REVIEWS, "reading reviews", e);
    enum { LIMIT = 500 };
    store_review *all = bd_xcalloc(LIMIT, sizeof *all);
    int got = 0;
    if (st == BD_OK)
        st = store_review_list(a->db, period_id, all, LIMIT, &got, e);
    for (int i = 0; st == BD_OK && i < got && *n < max; i++)
        if (may_see(a, &all[i]))
            rows[(*n)++] = all[i];
    free(all);
    return st;
}

/* ---- Scoring ------------------------------------------------------------------------ */

/* The store's query for computed KPI k of employee r in from..to. */
static store_kpi_query kpi_query(app *a, const store_review *r, const policy_kpi *k,
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
    store_kpi_query q = kpi_query(a, r, k, from, to);
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
static bd_status streaks(app *a, app_review_detail *d, bd_err *e)
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
        const policy_grade *g = grade_of(p, h[i].grade);
        fail[k] = g && g->failing;
        top[k++] = p->ngrades && strcmp(h[i].grade, p->grades[0].grade) == 0;
    }
    if (st == BD_OK && *d->grade) {
        const policy_grade *g = grade_of(p, d->grade);
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

static bool is_final(const store_review *r)
{
    return strcmp(r->state, "self") != 0 && strcmp(r->state, "rating") != 0;
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
            h[i].period[4] == '-' && is_final(&h[i]) && h[i].score >= 0)
            scores[k++] = h[i].score;
    free(h);
    if (st == BD_OK && k > 0) {
        d->score = rv_annual(scores, k);
        d->annual_periods = k;
    }
    return st;
}

/* Score review d->review now: figures, ratings, points, grade, bonus. */
static bd_status score(app *a, app_review_detail *d, bd_err *e)
{
    const policy *p = a->pol;
    store_review *r = &d->review;
    d->tpl = template_of(p, r->template_code);
    if (!d->tpl)
        return bd_errf(e, BD_ERR_POLICY, "review #%lld uses the KPI template '%s', which "
                       "performance.yaml no longer has", (long long)r->id, r->template_code);
    store_period_range(r->period, d->from, d->to);
    bd_status st = store_rating_list(a->db, r->id, d->ratings, APP_REVIEW_MAX_RATINGS,
                                     &d->nratings, e);
    if (st == BD_OK)
        st = store_review_peers(a->db, r->id, d->peers, APP_REVIEW_MAX_PEERS, &d->npeers, e);
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
            st = kpi_figure(a, r, k, d->from, d->to, &x->figure, e);
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
    rv_band bands[8];
    const rv_band *band = d->score >= 0 ? rv_grade(bands, bands_of(p, bands), d->score) : NULL;
    bd_strlcpy(d->grade, band ? band->grade : "", sizeof d->grade);
    d->bonus = -1;
    const policy_grade *g = band ? grade_of(p, band->grade) : NULL;
    if (g && (st = rv_bonus(p->bonus_base, g->bonus_pct, g->bonus_amount, &d->bonus, e)) != BD_OK)
        return st;
    find_missing(a, d);
    return BD_OK;
}

/* Once a review is final its kept score, grade and bonus are what count. */
static void use_kept(app_review_detail *d)
{
    if (d->review.score < 0 && !*d->review.grade)
        return;
    d->score = d->review.score;
    bd_strlcpy(d->grade, d->review.grade, sizeof d->grade);
    d->bonus = d->review.bonus;
}

bd_status app_review_get(app *a, int64_t id, app_review_detail *out, bd_err *e)
{
    memset(out, 0, sizeof *out);
    bd_status st = review_read(a, id, &out->review, e);
    if (st == BD_OK)
        st = score(a, out, e);
    if (st != BD_OK)
        return st;
    if (is_final(&out->review)) {
        /* The figures as they were finalised, not as the data is today. */
        store_review_score kept[APP_REVIEW_MAX_KPIS];
        int nk = 0;
        st = store_review_scores(a->db, id, out->review.revision, kept, APP_REVIEW_MAX_KPIS, &nk,
                                 e);
        for (int i = 0; st == BD_OK && i < nk; i++)
            for (int k = 0; k < out->nkpis; k++)
                if (strcmp(out->kpis[k].kpi->code, kept[i].kpi) == 0) {
                    out->kpis[k].figure = kept[i].figure;
                    out->kpis[k].points = kept[i].points;
                }
        use_kept(out);
    }
    if (st == BD_OK)
        st = streaks(a, out, e);
    /* Peer ratings are anonymous to the rated employee. */
    if (out->review.employee_id == a->actor.user.id)
        for (int i = 0; i < out->nratings; i++)
            if (strcmp(out->ratings[i].source, "peer") == 0) {
                out->ratings[i].rater_id = 0;
                bd_strlcpy(out->ratings[i].rater_login, "(a peer)",
                           sizeof out->ratings[i].rater_login);
            }
    return st;
}

/* ---- Rating ------------------------------------------------------------------------- */

bd_status app_review_rate(app *a, int64_t id, const char *kpi, const char *source, int rating,
                          const char *comment, bd_err *e)
{
    store_review r;
    bd_status st = review_read(a, id, &r, e);
    if (st != BD_OK)
        return st;
    const policy_template *t = template_of(a->pol, r.template_code);
    int k = t ? policy_kpi_index(t, kpi ? kpi : "") : -1;
    if (k < 0)
        return bd_errf(e, BD_ERR_INVALID, "kpi: '%s' is not a KPI of the template '%s'",
                       kpi ? kpi : "", r.template_code);
    const policy_kpi *pk = &t->kpis[k];
    if (pk->kind == RV_COMPUTED)
        return bd_errf(e, BD_ERR_INVALID, "kpi: %s is computed from the data, not rated",
                       pk->code);
    int64_t me = a->actor.user.id;
    policy_rater rel = me == r.employee_id       ? RATER_SELF
                       : me == r.supervisor_id   ? RATER_SUPERVISOR
                       : is_peer(a, id, me)      ? RATER_PEER
                                                 : RATER_COUNT;
    int src = source && *source ? policy_rater_from_name(source) : (int)rel;
    if (src < 0)
        return bd_errf(e, BD_ERR_INVALID, "source: '%s' is not supervisor, peer, self or customer",
                       source);
    if (rel == RATER_COUNT)
        return bd_errf(e, BD_ERR_DENIED, "you are not asked to rate %s's review: only they, "
                       "their supervisor and the peers named rate it", r.employee_login);
    if (src != (int)rel && !(src == RATER_CUSTOMER && rel == RATER_SUPERVISOR))
        return bd_errf(e, BD_ERR_DENIED, "source: you rate as %s%s", policy_rater_name(rel),
                       rel == RATER_SUPERVISOR ? " (or customer, for the customers)" : "");
    if (!(pk->rated_by & (1u << src)))
        return bd_errf(e, BD_ERR_INVALID, "kpi: %s is not rated by the %s (performance.yaml "
                       "rated_by)", pk->code, policy_rater_name((policy_rater)src));
    if (rv_rating_score(pk->kind, rating) < 0)
        return bd_errf(e, BD_ERR_INVALID, "rating: %d is outside %s", rating,
                       pk->kind == RV_RATED_5 ? "1-5" : "0-100");
    if (is_final(&r))
        return bd_errf(e, BD_ERR_INVALID, "review #%lld is %s; ratings are closed", (long long)id,
                       r.state);
    char from[11], to[11], today[11];
    store_period_range(r.period, from, to);
    app_today(today, sizeof today);
    if (a->pol->ratings_close_days > 0) {
        bd_date d;
        char closes[11];
        bd_date_parse(to, &d, NULL);
        bd_date_format(bd_date_from_days(bd_date_days(d) + a->pol->ratings_close_days), closes,
                       sizeof closes);
        if (strcmp(today, closes) > 0)
            return bd_errf(e, BD_ERR_INVALID, "ratings of %s closed on %s "
                           "(performance.yaml ratings_close_days); the manager finalises with "
                           "what is there", r.period, closes);
    }
    if (src == RATER_SELF && strcmp(r.state, "self") != 0)
        return bd_errf(e, BD_ERR_INVALID, "your self evaluation of review #%lld is submitted "
                       "already", (long long)id);
    store_rating rt = {.review_id = id, .rater_id = me, .rating = rating};
    bd_strlcpy(rt.kpi, pk->code, sizeof rt.kpi);
    bd_strlcpy(rt.source, policy_rater_name((policy_rater)src), sizeof rt.source);
    if (comment && !bd_strlcpy(rt.comment, comment, sizeof rt.comment))
        return bd_errf(e, BD_ERR_INVALID, "comment: longer than %zu bytes", sizeof rt.comment - 1);
    app_timestamp(rt.at, sizeof rt.at);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    st = store_rating_put(a->db, &rt, e);
    if (st == BD_OK) {
        char buf[160];
        /* A peer's name stays out of what the rated person may read. */
        snprintf(buf, sizeof buf, "{\"kpi\":\"%s\",\"source\":\"%s\",\"rating\":%d}", rt.kpi,
                 rt.source, rating);
        st = app_audit_write(a, "review", id, "rate", NULL, buf, e);
    }
    return app_tx_end(a, st, e);
}

/* Change review id under fn, in one transaction with its audit row. */
static bd_status review_change(app *a, int64_t id, int64_t expected_version,
                               bd_status (*fn)(app *, store_review *, const void *, bd_err *),
                               const void *arg, const char *action, bd_err *e)
{
    store_review r, before;
    bd_status st = review_read(a, id, &r, e);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    if ((st = store_review_get(a->db, id, &r, e)) == BD_OK && expected_version &&
        r.version != expected_version)
        st = bd_errf(e, BD_ERR_CONFLICT, "review #%lld changed while you looked; look again",
                     (long long)id);
    if (st == BD_OK) {
        before = r;
        st = fn(a, &r, arg, e);
    }
    if (st == BD_OK) {
        app_timestamp(r.updated_at, sizeof r.updated_at);
        st = store_review_update(a->db, &r, e);
    }
    if (st == BD_OK)
        st = audit_review(a, &before, &r, action, e);
    return app_tx_end(a, st, e);
}

static bd_status do_submit_self(app *a, store_review *r, const void *arg, bd_err *e)
{
    (void)arg;
    if (r->employee_id != a->actor.user.id)
        return bd_errf(e, BD_ERR_DENIED, "only %s submits their self evaluation",
                       r->employee_login);
    if (strcmp(r->state, "self") != 0)
        return bd_errf(e, BD_ERR_INVALID, "review #%lld is %s; the self evaluation is submitted "
                       "already", (long long)r->id, r->state);
    store_rating *rows = bd_xcalloc(APP_REVIEW_MAX_RATINGS, sizeof *rows);
    int n = 0;
    bd_status st = store_rating_list(a->db, r->id, rows, APP_REVIEW_MAX_RATINGS, &n, e);
    const policy_template *t = template_of(a->pol, r->template_code);
    for (size_t k = 0; st == BD_OK && t && k < t->nkpis; k++) {
        if (!(t->kpis[k].rated_by & (1u << RATER_SELF)))
            continue;
        bool rated = false;
        for (int i = 0; i < n; i++)
            rated |= strcmp(rows[i].kpi, t->kpis[k].code) == 0 && strcmp(rows[i].source, "self") == 0;
        if (!rated)
            st = bd_errf(e, BD_ERR_INVALID, "rate %s (%s) before submitting", t->kpis[k].code,
                         t->kpis[k].name);
    }
    free(rows);
    if (st != BD_OK)
        return st;
    bd_strlcpy(r->state, "rating", sizeof r->state);
    app_timestamp(r->self_done_at, sizeof r->self_done_at);
    return BD_OK;
}

bd_status app_review_submit_self(app *a, int64_t id, bd_err *e)
{
    return review_change(a, id, 0, do_submit_self, NULL, "submit_self", e);
}

bd_status app_review_peers(app *a, int64_t id, const char *const *logins, int n, bd_err *e)
{
    store_review r;
    bd_status st = review_read(a, id, &r, e);
    if (st != BD_OK)
        return st;
    if (r.supervisor_id != a->actor.user.id && !app_can(a, PERM_REVIEWS_MANAGE))
        return bd_errf(e, BD_ERR_DENIED, "the supervisor %s names %s's peers",
                       *r.supervisor_login ? r.supervisor_login : "(none)", r.employee_login);
    if (is_final(&r))
        return bd_errf(e, BD_ERR_INVALID, "review #%lld is %s; ratings are closed", (long long)id,
                       r.state);
    if (n < 1 || n > APP_REVIEW_MAX_PEERS)
        return bd_errf(e, BD_ERR_INVALID, "name 1 to %d peers", APP_REVIEW_MAX_PEERS);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    for (int i = 0; st == BD_OK && i < n; i++) {
        store_user u;
        if ((st = store_user_by_login(a->db, logins[i], &u, e)) == BD_ERR_NOTFOUND)
            st = bd_errf(e, st, "peer: no user '%s'", logins[i]);
        else if (st == BD_OK && (u.id == r.employee_id || u.id == r.supervisor_id))
            st = bd_errf(e, BD_ERR_INVALID, "peer: %s rates as %s, not as a peer", u.login,
                         u.id == r.employee_id ? "self" : "supervisor");
        else if (st == BD_OK && !u.active)
            st = bd_errf(e, BD_ERR_INVALID, "peer: %s is deactivated", u.login);
        else if (st == BD_OK && !is_peer(a, id, u.id))
            st = store_review_peer_add(a->db, id, u.id, e);
    }
    if (st == BD_OK)
        st = app_audit_write(a, "review", id, "peers", NULL, NULL, e);
    return app_tx_end(a, st, e);
}

bd_status app_review_records(app *a, int64_t id, const char *kpi, store_kpi_cb cb, void *ctx,
                             bd_err *e)
{
    store_review r;
    bd_status st = review_read(a, id, &r, e);
    if (st != BD_OK)
        return st;
    const policy_template *t = template_of(a->pol, r.template_code);
    int k = t ? policy_kpi_index(t, kpi ? kpi : "") : -1;
    if (k < 0 || t->kpis[k].kind != RV_COMPUTED)
        return bd_errf(e, BD_ERR_INVALID, "kpi: '%s' is not a computed KPI of the template '%s'",
                       kpi ? kpi : "", r.template_code);
    char from[11], to[11];
    store_period_range(r.period, from, to);
    store_kpi_query q = kpi_query(a, &r, &t->kpis[k], from, to);
    return store_kpi_records(a->db, &q, cb, ctx, e);
}

/* ---- Finalising, calibration, publication -------------------------------------------- */

bd_status app_review_finalize(app *a, int64_t period_id, bool force, bd_err *e)
{
    store_review_period rp;
    bd_status st = app_require(a, PERM_REVIEWS_MANAGE, "finalising reviews", e);
    if (st == BD_OK)
        st = period_read(a, period_id, &rp, e);
    if (st == BD_OK)
        st = may_manage(a, rp.department, "finalising reviews", e);
    if (st == BD_OK && strcmp(rp.state, "open") != 0)
        st = bd_errf(e, BD_ERR_INVALID, "period #%lld is %s already", (long long)period_id,
                     rp.state);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    enum { LIMIT = 500 };
    store_review *rows = bd_xcalloc(LIMIT, sizeof *rows);
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    bd_buf missing = {0};
    int n = 0;
    st = store_review_list(a->db, period_id, rows, LIMIT, &n, e);
    for (int i = 0; st == BD_OK && i < n; i++) {
        memset(d, 0, sizeof *d);
        d->review = rows[i];
        if ((st = score(a, d, e)) != BD_OK)
            break;
        if (*d->missing)
            bd_buf_printf(&missing, "%s#%lld %s: %s", missing.len ? "; " : "",
                          (long long)rows[i].id, rows[i].employee_login, d->missing);
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
            st = audit_review(a, &before, &rows[i], "finalize", e);
    }
    if (st == BD_OK && missing.len && !force)
        st = bd_errf(e, BD_ERR_INVALID, "not everyone has rated: %s (finalise anyway with force)",
                     bd_buf_str(&missing));
    if (st == BD_OK) {
        bd_strlcpy(rp.state, "finalised", sizeof rp.state);
        app_timestamp(rp.finalised_at, sizeof rp.finalised_at);
        st = store_review_period_update(a->db, &rp, e);
    }
    if (st == BD_OK)
        st = app_audit_write(a, "review_period", period_id, "finalize", NULL, NULL, e);
    bd_buf_free(&missing);
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
    const policy_grade *pg = grade_of(a->pol, g->grade ? g->grade : "");
    store_review_period rp;
    bd_status st = period_read(a, r->period_id, &rp, e);
    if (st == BD_OK)
        st = may_manage(a, rp.department, "setting a grade", e);
    if (st != BD_OK)
        return st;
    if (!is_final(r))
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
        st = period_read(a, period_id, &rp, e);
    if (st == BD_OK)
        st = may_manage(a, rp.department, what, e);
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
            st = audit_review(a, &before, &rows[i], to, e);
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

typedef struct interview_arg {
    const char *notes, *goals;
} interview_arg;

static bd_status do_interview(app *a, store_review *r, const void *arg, bd_err *e)
{
    const interview_arg *x = arg;
    if (r->supervisor_id != a->actor.user.id && !app_can(a, PERM_REVIEWS_MANAGE))
        return bd_errf(e, BD_ERR_DENIED, "the supervisor %s records %s's interview",
                       *r->supervisor_login ? r->supervisor_login : "(none)", r->employee_login);
    if (strcmp(r->state, "published") != 0 && strcmp(r->state, "interviewed") != 0)
        return bd_errf(e, BD_ERR_INVALID, "review #%lld is %s; the interview follows "
                       "publication", (long long)r->id, r->state);
    if (!x->notes || !*x->notes || !bd_strlcpy(r->interview, x->notes, sizeof r->interview))
        return bd_errf(e, BD_ERR_INVALID, "notes: what was said (up to %zu bytes)",
                       sizeof r->interview - 1);
    if (!bd_strlcpy(r->goals, x->goals ? x->goals : "", sizeof r->goals))
        return bd_errf(e, BD_ERR_INVALID, "goals: longer than %zu bytes", sizeof r->goals - 1);
    bd_strlcpy(r->state, "interviewed", sizeof r->state);
    app_timestamp(r->interviewed_at, sizeof r->interviewed_at);
    return BD_OK;
}

bd_status app_review_interview(app *a, int64_t id, const char *notes, const char *goals,
                               bd_err *e)
{
    interview_arg x = {notes, goals};
    return review_change(a, id, 0, do_interview, &x, "interview", e);
}

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
        st = period_read(a, period_id, &out->period, e);
    if (st == BD_OK)
        st = may_manage(a, out->period.department, "reading the calibration sheet", e);
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
        if (!is_final(&rows[i])) {
            memset(d, 0, sizeof *d);
            d->review = rows[i];
            if ((st = score(a, d, e)) == BD_OK) {
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

bd_status app_review_history(app *a, const char *login, store_review *rows, int max, int *n,
                             bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_REVIEWS, "reading reviews", e);
    store_user u = a->actor.user;
    if (st == BD_OK && login && *login && strcmp(login, u.login) != 0 &&
        (st = store_user_by_login(a->db, login, &u, e)) == BD_ERR_NOTFOUND)
        st = bd_errf(e, st, "no user '%s'", login);
    enum { LIMIT = 200 };
    store_review *all = bd_xcalloc(LIMIT, sizeof *all);
    int got = 0;
    if (st == BD_OK)
        st = store_review_history(a->db, u.id, all, LIMIT, &got, e);
    for (int i = 0; st == BD_OK && i < got && *n < max; i++)
        if (may_see(a, &all[i]))
            rows[(*n)++] = all[i];
    free(all);
    return st;
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
            policy_kpi k = {.kind = RV_COMPUTED, .source = p->honours[h].source};
            int64_t f = -1;
            char from[11], to[11];
            store_period_range(rv[i].period, from, to);
            st = kpi_figure(a, &rv[i], &k, from, to, &f, e);
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

/* ---- Improvement plans ----------------------------------------------------------------- */

bd_status app_plan_new(app *a, int64_t review_id, const char *goals, const char *support,
                       const char *review_on, store_improvement_plan *out, bd_err *e)
{
    store_review r;
    bd_status st = review_read(a, review_id, &r, e);
    if (st != BD_OK)
        return st;
    if (r.supervisor_id != a->actor.user.id && !app_can(a, PERM_REVIEWS_MANAGE))
        return bd_errf(e, BD_ERR_DENIED, "the supervisor or a manager makes an improvement plan");
    store_improvement_plan p = {.employee_id = r.employee_id, .review_id = review_id};
    if (!goals || !*goals || !bd_strlcpy(p.goals, goals, sizeof p.goals))
        return bd_errf(e, BD_ERR_INVALID, "goals: what must improve (up to %zu bytes)",
                       sizeof p.goals - 1);
    if (!bd_strlcpy(p.support, support ? support : "", sizeof p.support))
        return bd_errf(e, BD_ERR_INVALID, "support: longer than %zu bytes", sizeof p.support - 1);
    if ((st = app_parse_date("review on", review_on, p.review_on, e)) != BD_OK)
        return st;
    bd_strlcpy(p.state, "open", sizeof p.state);
    app_timestamp(p.created_at, sizeof p.created_at);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    st = store_plan_insert(a->db, &p, e);
    if (st == BD_OK) {
        bd_json j;
        bd_json_begin(&j);
        bd_json_str(&j, "employee", r.employee_login);
        bd_json_int(&j, "review", review_id);
        bd_json_str(&j, "goals", p.goals);
        bd_json_str(&j, "review_on", p.review_on);
        bd_json_end(&j);
        st = app_audit_write(a, "improvement_plan", p.id, "create", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = p;
    return st;
}

bd_status app_plan_close(app *a, int64_t plan_id, const char *state, const char *result,
                         bd_err *e)
{
    bd_status st = app_require(a, PERM_REVIEWS, "closing an improvement plan", e);
    static const char *const states[] = {"passed", "failed", "escalated"};
    bool known = false;
    for (int i = 0; i < 3; i++)
        known |= state && strcmp(state, states[i]) == 0;
    if (st == BD_OK && !known)
        st = bd_errf(e, BD_ERR_INVALID, "state: '%s' is not passed, failed or escalated",
                     state ? state : "");
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_improvement_plan p;
    store_review r;
    if ((st = store_plan_get(a->db, plan_id, &p, e)) == BD_ERR_NOTFOUND)
        st = bd_errf(e, st, "there is no improvement plan #%lld", (long long)plan_id);
    if (st == BD_OK && (st = store_review_get(a->db, p.review_id, &r, e)) == BD_OK &&
        r.supervisor_id != a->actor.user.id && !app_can(a, PERM_REVIEWS_MANAGE))
        st = bd_errf(e, BD_ERR_DENIED, "the supervisor or a manager closes an improvement plan");
    if (st == BD_OK && strcmp(p.state, "open") != 0)
        st = bd_errf(e, BD_ERR_INVALID, "improvement plan #%lld is %s already", (long long)plan_id,
                     p.state);
    if (st == BD_OK && (!result || !*result || !bd_strlcpy(p.result, result, sizeof p.result)))
        st = bd_errf(e, BD_ERR_INVALID, "result: what came of it (up to %zu bytes)",
                     sizeof p.result - 1);
    if (st == BD_OK) {
        bd_strlcpy(p.state, state, sizeof p.state);
        st = store_plan_update(a->db, &p, e);
    }
    if (st == BD_OK) {
        char buf[64];
        snprintf(buf, sizeof buf, "{\"state\":\"%s\"}", state);
        st = app_audit_write(a, "improvement_plan", plan_id, "close", NULL, buf, e);
    }
    return app_tx_end(a, st, e);
}

bd_status app_plan_list(app *a, const char *login, store_improvement_plan *rows, int max, int *n,
                        bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_REVIEWS, "reading improvement plans", e);
    store_user u = a->actor.user;
    if (st == BD_OK && login && *login && strcmp(login, u.login) != 0) {
        if ((st = store_user_by_login(a->db, login, &u, e)) == BD_ERR_NOTFOUND)
            return bd_errf(e, st, "no user '%s'", login);
        if (st == BD_OK && !app_can(a, PERM_REVIEWS_MANAGE) &&
            !reports_to(a, u.id, a->actor.user.id))
            return bd_errf(e, BD_ERR_DENIED, "%s's plans are for them, their supervisors and "
                           "managers", login);
    }
    return st == BD_OK ? store_plan_list(a->db, u.id, rows, max, n, e) : st;
}

/* ---- The inbox ------------------------------------------------------------------------ */

/* Whether rater has rated review id as source. */
static bool has_rated(app *a, int64_t id, int64_t rater, const char *source)
{
    store_rating *rows = bd_xcalloc(APP_REVIEW_MAX_RATINGS, sizeof *rows);
    int n = 0;
    bool yes = false;
    if (store_rating_list(a->db, id, rows, APP_REVIEW_MAX_RATINGS, &n, NULL) == BD_OK)
        for (int i = 0; i < n && !yes; i++)
            yes = rows[i].rater_id == rater && strcmp(rows[i].source, source) == 0;
    free(rows);
    return yes;
}

static void inbox_row(const store_review *r, const char *step, app_work_item *w)
{
    memset(w, 0, sizeof *w);
    bd_strlcpy(w->module, "reviews", sizeof w->module);
    w->id = r->id;
    w->version = r->version;
    bd_strfmt(w->what, sizeof w->what, "%s %s", r->employee_name, r->period);
    bd_strlcpy(w->party, r->department, sizeof w->party);
    bd_strlcpy(w->step_name, step, sizeof w->step_name);
    bd_strlcpy(w->asked_by, r->employee_login, sizeof w->asked_by);
    bd_strlcpy(w->waiting_since, r->updated_at, sizeof w->waiting_since);
}

bd_status app_review_inbox(app *a, app_work_item *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    if (!a->logged_in || !app_can(a, PERM_REVIEWS))
        return BD_OK;
    int64_t me = a->actor.user.id;
    enum { LIMIT = 200 };
    store_review_period *periods = bd_xcalloc(LIMIT, sizeof *periods);
    store_review *rv = bd_xcalloc(LIMIT * 2, sizeof *rv);
    int np = 0, nr = 0;
    bd_status st = store_review_period_list(a->db, NULL, periods, LIMIT, &np, e);
    for (int p = 0; st == BD_OK && p < np && *n < max; p++) {
        if (strcmp(periods[p].state, "open") != 0)
            continue;
        if ((st = store_review_list(a->db, periods[p].id, rv, LIMIT * 2, &nr, e)) != BD_OK)
            break;
        for (int i = 0; i < nr && *n < max; i++) {
            if (rv[i].employee_id == me && strcmp(rv[i].state, "self") == 0)
                inbox_row(&rv[i], "self evaluation", &rows[(*n)++]);
            else if (rv[i].supervisor_id == me && !has_rated(a, rv[i].id, me, "supervisor"))
                inbox_row(&rv[i], "supervisor rating", &rows[(*n)++]);
        }
    }
    if (st == BD_OK)
        st = store_reviews_to_rate_as_peer(a->db, me, rv, LIMIT * 2, &nr, e);
    for (int i = 0; st == BD_OK && i < nr && *n < max; i++)
        if (!has_rated(a, rv[i].id, me, "peer"))
            inbox_row(&rv[i], "peer rating", &rows[(*n)++]);
    free(rv);
    free(periods);
    return st;
}
