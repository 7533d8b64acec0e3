/* Performance reviews: periods, ratings, computed KPIs, scoring with
 * core's arithmetic (review.h), finalising, calibration, publication,
 * interviews and corrections.  This file opens periods, reads and rates
 * reviews, records interviews and keeps the improvement plans and the
 * inbox; the scoring, the calibration sheet and the honours are in
 * review_score.c, finalising, grading, publishing and locking in
 * review_cycle.c (reviews_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reviews_internal.h"

/* ---- Small lookups ------------------------------------------------------------------ */

const policy_template *review_template(const policy *p, const char *code)
{
    for (size_t i = 0; i < p->ntemplates; i++)
        if (strcmp(p->templates[i].code, code) == 0)
            return &p->templates[i];
    return NULL;
}

const policy_grade *review_grade_of(const policy *p, const char *grade)
{
    for (size_t i = 0; i < p->ngrades; i++)
        if (strcmp(p->grades[i].grade, grade) == 0)
            return &p->grades[i];
    return NULL;
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
bd_status review_may_manage(app *a, const char *department, const char *what, bd_err *e)
{
    bd_status st = app_require(a, PERM_REVIEWS_MANAGE, what, e);
    if (st == BD_OK && app_viewer(a).see != STORE_SEE_ALL &&
        strcmp(department, a->actor.user.department) != 0)
        st = bd_errf(e, BD_ERR_DENIED, "%s: the period is %s's; you manage reviews of %s", what,
                     department, a->actor.user.department);
    return st;
}

bd_status review_period_read(app *a, int64_t id, store_review_period *p, bd_err *e)
{
    bd_status st = store_review_period_get(a->db, id, p, e);
    if (st == BD_ERR_NOTFOUND)
        return bd_errf(e, st, "there is no review period #%lld", (long long)id);
    return st;
}

bd_status review_audit(app *a, const store_review *before, const store_review *after,
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

bool review_is_final(const store_review *r)
{
    return strcmp(r->state, "self") != 0 && strcmp(r->state, "rating") != 0;
}

/* ---- Opening a period --------------------------------------------------------------- */

bd_status app_review_open(app *a, const char *department, const char *period,
                          store_review_period *out, bd_err *e)
{
    const policy *p = a->pol;
    char from[11], to[11];
    if (!department || !*department)
        department = a->logged_in ? a->actor.user.department : "";
    bd_status st = review_may_manage(a, department, "opening a review period", e);
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

/* ---- Reading a review --------------------------------------------------------------- */

bd_status app_review_get(app *a, int64_t id, app_review_detail *out, bd_err *e)
{
    memset(out, 0, sizeof *out);
    bd_status st = review_read(a, id, &out->review, e);
    if (st == BD_OK)
        st = review_score(a, out, e);
    if (st != BD_OK)
        return st;
    if (review_is_final(&out->review)) {
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
        review_use_kept(out);
    }
    if (st == BD_OK)
        st = review_streaks(a, out, e);
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
    const policy_template *t = review_template(a->pol, r.template_code);
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
    if (review_is_final(&r))
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
bd_status review_change(app *a, int64_t id, int64_t expected_version,
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
        st = review_audit(a, &before, &r, action, e);
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
    const policy_template *t = review_template(a->pol, r->template_code);
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
    if (review_is_final(&r))
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
    const policy_template *t = review_template(a->pol, r.template_code);
    int k = t ? policy_kpi_index(t, kpi ? kpi : "") : -1;
    if (k < 0 || t->kpis[k].kind != RV_COMPUTED)
        return bd_errf(e, BD_ERR_INVALID, "kpi: '%s' is not a computed KPI of the template '%s'",
                       kpi ? kpi : "", r.template_code);
    char from[11], to[11];
    store_period_range(r.period, from, to);
    store_kpi_query q = review_kpi_query(a, &r, &t->kpis[k], from, to);
    return store_kpi_records(a->db, &q, cb, ctx, e);
}

/* ---- Checking the compiled figures ---------------------------------------------------- */

/* The audit image of a review's figures check: who, when, and each
 * computed KPI's figure ("figure.sales_amount": "80000.00", null none). */
static char *figures_json(const store_review *r, const char *by, const store_review_figure *f,
                          int n)
{
    bd_json j;
    bd_json_begin(&j);
    bd_json_str(&j, "employee", r->employee_login);
    bd_json_str(&j, "period", r->period);
    bd_json_str(&j, "figures_checked_by", *by ? by : NULL);
    bd_json_str(&j, "figures_checked_at", *r->figures_checked_at ? r->figures_checked_at : NULL);
    for (int i = 0; i < n; i++) {
        char key[48], v[24];
        snprintf(key, sizeof key, "figure.%s", f[i].kpi);
        bd_json_str(&j, key, f[i].figure < 0 ? NULL : rv_format(f[i].figure, v, sizeof v));
    }
    bd_json_end(&j);
    return j.buf.data;
}

bd_status app_review_check_figures(app *a, int64_t id, int64_t expected_version, bd_err *e)
{
    store_review r;
    bd_status st = review_read(a, id, &r, e);
    if (st != BD_OK || (st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_review_period rp;
    store_review_figure old[APP_REVIEW_MAX_KPIS], now[APP_REVIEW_MAX_KPIS];
    int nold = 0, nnow = 0;
    if ((st = store_review_get(a->db, id, &r, e)) == BD_OK && expected_version &&
        r.version != expected_version)
        st = bd_errf(e, BD_ERR_CONFLICT, "review #%lld changed while you looked; look again",
                     (long long)id);
    if (st == BD_OK && r.supervisor_id != a->actor.user.id) {
        bd_err why = {0};
        if (review_may_manage(a, r.department, "checking the figures", &why) != BD_OK)
            st = bd_errf(e, BD_ERR_DENIED, "the supervisor %s checks %s's figures (or a manager "
                         "of %s)", *r.supervisor_login ? r.supervisor_login : "(none)",
                         r.employee_login, r.department);
    }
    if (st == BD_OK)
        st = review_period_read(a, r.period_id, &rp, e);
    if (st == BD_OK && (strcmp(rp.state, "open") != 0 || review_is_final(&r)))
        st = bd_errf(e, BD_ERR_INVALID, "review #%lld is %s; its figures are checked before "
                     "the period is finalised", (long long)id, r.state);
    if (st == BD_OK)
        st = review_figures_now(a, &r, now, &nnow, e);
    if (st == BD_OK && nnow == 0)
        st = bd_errf(e, BD_ERR_INVALID, "review #%lld has no computed KPI (template '%s'); "
                     "there are no figures to check", (long long)id, r.template_code);
    if (st == BD_OK && *r.figures_checked_at)
        st = store_review_figures(a->db, id, old, APP_REVIEW_MAX_KPIS, &nold, e);
    if (st == BD_OK)
        st = store_review_figures_put(a->db, id, now, nnow, e);
    if (st == BD_OK) {
        store_review before = r;
        r.figures_checked_by = a->actor.user.id;
        bd_strlcpy(r.figures_checked_by_login, a->actor.user.login,
                   sizeof r.figures_checked_by_login);
        app_timestamp(r.figures_checked_at, sizeof r.figures_checked_at);
        app_timestamp(r.updated_at, sizeof r.updated_at);
        if ((st = store_review_update(a->db, &r, e)) == BD_OK) {
            char *jb = figures_json(&before, before.figures_checked_by_login, old, nold);
            char *ja = figures_json(&r, r.figures_checked_by_login, now, nnow);
            st = app_audit_write(a, "review", id, "check_figures", jb, ja, e);
            free(jb);
            free(ja);
        }
    }
    return app_tx_end(a, st, e);
}

/* ---- Interviews and history --------------------------------------------------------- */

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

/* Whether review r's figures wait for its supervisor's check, as
 * finalising will ask (a template with a computed KPI, not a year scored
 * from its months, not checked since a KPI was added). */
static bool figures_due(app *a, const store_review *r)
{
    const policy_template *t = review_template(a->pol, r->template_code);
    bool computed = false;
    for (size_t i = 0; t && i < t->nkpis && !computed; i++)
        computed = t->kpis[i].kind == RV_COMPUTED;
    if (!computed || review_is_final(r))
        return false;
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    d->review = *r;
    bool due = review_score(a, d, NULL) == BD_OK && d->figures_needed && !d->figures_checked;
    free(d);
    return due;
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
            if (*n < max && rv[i].supervisor_id == me && figures_due(a, &rv[i]))
                inbox_row(&rv[i], "check figures", &rows[(*n)++]);
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
