/*
 * What the keys of a review on screen do (the REVIEW context, dispatched by
 * ui_review_handle in review_detail.c): the records behind a computed
 * figure in the pager, the rating form, the self evaluation, naming peers,
 * the interview notes, and the supervisor's check of the figures.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_internal.h"

/* ---- The sources of a KPI, in the pager ------------------------------------------- */

typedef struct line_list {
    char **v;
    int n, cap;
} line_list;

static void lines_add(line_list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void lines_add(line_list *l, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = bd_xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = bd_xstrdup(buf);
}

static void lines_free(line_list *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int record_line(void *ctx, const char *kind, int64_t id, const char *what)
{
    line_list *l = ctx;
    char k[40];
    snprintf(k, sizeof k, "%s #%lld", kind, (long long)id);
    lines_add(l, "  %-16s %s", k, what);
    return 0;
}

void rv_show_sources(ui_review *r, ui_ctx *u)
{
    const app_review_detail *d = r->d;
    const app_review_kpi *x = &d->kpis[r->cur];
    const policy_kpi *k = x->kpi;
    line_list l = {0};
    char title[400], a[40], b[40], c[40];
    snprintf(title, sizeof title, "%s of %s, %s", k->name, d->review.employee_name,
             d->review.period);
    if (k->kind == RV_COMPUTED) {
        lines_add(&l, "%s: %s, %s to %s", k->name, policy_kpi_source_help(k->source), d->from,
                  d->to);
        lines_add(&l, "Figure %s against the target %s: %s points (at most %d)",
                  rv_figure_text(k, x->figure, a, sizeof a), rv_figure_text(k, k->target, b, sizeof b),
                  rv_format(x->points, c, sizeof c), k->cap);
        if (!rv_open_state(d->review.state))
            lines_add(&l, "%s", "The figure was kept when the period was finalised; the records "
                                "below are as the data is today.");
        lines_add(&l, "%s", "");
        lines_add(&l, "%s", "The records it counts:");
        int before = l.n;
        bd_err e = {0};
        if (app_review_records(r->a, r->id, k->code, record_line, &l, &e) != BD_OK) {
            ui_status(u, true, "%s", e.msg);
            lines_free(&l);
            return;
        }
        if (l.n == before)
            lines_add(&l, "%s", "  none in the period");
    } else {
        lines_add(&l, "%s: %s points, rated %s", k->name, rv_format(x->points, a, sizeof a),
                  rv_scale_text(k));
        lines_add(&l, "%s", "");
        lines_add(&l, "%-12s %-8s %8s %s", "Source", "Weight", "Points", "Ratings");
        for (int s = 0; s < RATER_COUNT; s++) {
            if (!(k->rated_by & (1u << s)))
                continue;
            char w[16];
            snprintf(w, sizeof w, "%d%%", r->p->rater_weights[s]);
            lines_add(&l, "%-12s %-8s %8s %d", policy_rater_name((policy_rater)s), w,
                      x->source_n[s] ? rv_format(x->source_points[s], a, sizeof a) : "-",
                      x->source_n[s]);
        }
        lines_add(&l, "%s", "");
        lines_add(&l, "%s", "Every rating:");
        int before = l.n;
        for (int i = 0; i < d->nratings; i++) {
            const store_rating *t = &d->ratings[i];
            if (strcmp(t->kpi, k->code) != 0)
                continue;
            lines_add(&l, "  %-10s %-12s %3d  %.10s  %s", t->source, t->rater_login, t->rating,
                      t->at, t->comment);
        }
        if (l.n == before)
            lines_add(&l, "%s", "  none yet");
    }
    ui_pager(u, title, (const char *const *)l.v, l.n);
    lines_free(&l);
}

/* ---- Rating ----------------------------------------------------------------------- */

enum { RF_KPI, RF_AS, RF_RATING, RF_COMMENT, RF_COUNT };
/* The fields as the app's messages name them ("rating: 6 is outside 1-5"). */
static const char *const rate_names[RF_COUNT] = {"kpi", "source", "rating", "comment"};

typedef struct rate_ctx {
    ui_review *r;
    ui_ctx *u;
    const policy_kpi *k;
    const char *sources[2]; /* the sources the app accepts from the actor */
    int nsources;
    bool rated;
    int rating;
    char source[16];
} rate_ctx;

/* Which sources the actor may rate k as: their own relation, and for a
 * supervisor the customers.  Asks the app with a rating no KPI takes
 * (see the top of the file); 0 with the app's reason in why when none. */
static int rate_sources(ui_review *r, const policy_kpi *k, const char **out, char *why, size_t n)
{
    policy_rater rel = rv_relation(r);
    const char *cand[2];
    int ncand = 0, got = 0;
    cand[ncand++] = rel < RATER_COUNT ? policy_rater_name(rel) : NULL;
    if (rel == RATER_SUPERVISOR && (k->rated_by & (1u << RATER_CUSTOMER)))
        cand[ncand++] = policy_rater_name(RATER_CUSTOMER);
    why[0] = '\0';
    for (int i = 0; i < ncand; i++) {
        bd_err e = {0};
        bd_status st = app_review_rate(r->a, r->id, k->code, cand[i], -1, NULL, &e);
        if (st == BD_ERR_INVALID && ui_field_of_message(e.msg, &rate_names[RF_RATING], 1) == 0)
            out[got++] = cand[i];
        else if (!why[0])
            bd_strlcpy(why, st == BD_OK ? "the app took a rating of -1" : e.msg, n);
    }
    return got;
}

static void rate_change(void *ctx, ui_field *f, int n, int changed, char *footer, size_t size)
{
    (void)n;
    rate_ctx *rc = ctx;
    if (changed < 0 || changed == RF_AS) { /* the rating given before as that source */
        const store_rating *x = rv_own_rating(rc->r, rc->k->code, f[RF_AS].value);
        if (x)
            snprintf(f[RF_RATING].value, sizeof f[RF_RATING].value, "%d", x->rating);
        else
            f[RF_RATING].value[0] = '\0';
        bd_strlcpy(f[RF_COMMENT].value, x ? x->comment : "", sizeof f[RF_COMMENT].value);
    }
    char *end;
    const char *typed = f[RF_RATING].value;
    long v = strtol(typed, &end, 10);
    int64_t pts = *typed && !*end && v >= INT_MIN && v <= INT_MAX
                      ? rv_rating_score(rc->k->kind, (int)v)
                      : -1;
    char p[24];
    if (!*typed)
        snprintf(footer, size, "A rating of %s%s", rv_scale_text(rc->k),
                 rc->k->kind == RV_RATED_5 ? ": 1 is 20 points, 5 is 100" : " points");
    else if (pts < 0)
        snprintf(footer, size, "'%s' is not a rating of %s", typed, rv_scale_text(rc->k));
    else
        snprintf(footer, size, "%ld is %s points", v, rv_format(pts, p, sizeof p));
}

static bd_status rate_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    rate_ctx *rc = ctx;
    const char *t = f[RF_RATING].value + strspn(f[RF_RATING].value, " ");
    char *end;
    long v = strtol(t, &end, 10);
    end += strspn(end, " ");
    if (!*t || *end || v < INT_MIN || v > INT_MAX) {
        *bad = RF_RATING;
        return bd_errf(e, BD_ERR_INVALID, "rating: '%s' is not a whole number of %s", t,
                       rv_scale_text(rc->k));
    }
    bd_err err = {0};
    bd_status st = app_review_rate(rc->r->a, rc->r->id, rc->k->code, f[RF_AS].value, (int)v,
                                   f[RF_COMMENT].value, &err);
    if (st == BD_OK) {
        rc->rated = true;
        rc->rating = (int)v;
        bd_strlcpy(rc->source, f[RF_AS].value, sizeof rc->source);
    }
    st = ui_form_app_result(rc->u, st, &err, rate_names, RF_COUNT, bad, e);
    /* A refusal no field of the form can fix (the review moved on) closes it. */
    if (st != BD_OK && (*bad < 0 || f[*bad].readonly))
        return BD_OK;
    return st;
}

void rv_rate(ui_review *r, ui_ctx *u)
{
    const policy_kpi *k = r->d->kpis[r->cur].kpi;
    const store_review *v = &r->d->review;
    rate_ctx rc = {.r = r, .u = u, .k = k};
    char why[1024];
    rc.nsources = rate_sources(r, k, rc.sources, why, sizeof why);
    if (!rc.nsources) {
        ui_status(u, true, "%s", why);
        return;
    }
    if (!rv_open_state(v->state)) {
        ui_status(u, true, "review #%lld is %s; ratings are closed", (long long)v->id, v->state);
        return;
    }
    if (rv_relation(r) == RATER_SELF && strcmp(v->state, "self") != 0) {
        ui_status(u, true, "your self evaluation of review #%lld is submitted already",
                  (long long)v->id);
        return;
    }
    char help_rating[120], help_as[200];
    snprintf(help_rating, sizeof help_rating, "Required: %s%s", rv_scale_text(k),
             k->kind == RV_RATED_5 ? " (5 is the best)" : " points");
    snprintf(help_as, sizeof help_as, "%s", rc.nsources > 1
                 ? "Left/Right or Space: as yourself, or for the customers (their feedback)"
                 : "The relation you rate as");
    ui_field f[RF_COUNT] = {
        [RF_KPI] = {.label = "KPI", .readonly = true},
        [RF_AS] = {.label = "As", .choices = rc.nsources > 1 ? rc.sources : NULL,
                   .nchoices = rc.nsources, .readonly = rc.nsources < 2, .help = help_as},
        [RF_RATING] = {.label = "Rating", .help = help_rating},
        [RF_COMMENT] = {.label = "Comment", .help = "Optional: why; the employee reads it"},
    };
    bd_strlcpy(f[RF_KPI].value, k->name, sizeof f[RF_KPI].value);
    bd_strlcpy(f[RF_AS].value, rc.sources[0], sizeof f[RF_AS].value);
    char title[400];
    if (rv_relation(r) == RATER_SELF)
        snprintf(title, sizeof title, "Rate your %s (review #%lld, %s)", k->name,
                 (long long)v->id, v->period);
    else
        snprintf(title, sizeof title, "Rate %s of %s (review #%lld, %s)", k->name,
                 v->employee_name, (long long)v->id, v->period);
    bool saved = ui_form_run_live(u, title, f, RF_COUNT, rate_submit, rate_change, &rc);
    if (!saved)
        ui_status(u, false, "Left %s as it was", k->name);
    else if (rc.rated) {
        char *name = ui_name_cell(k->name, 16); /* the status line is short */
        ui_status(u, false, "Rated %s %d (of %s) as %s", name, rc.rating, rv_scale_text(k),
                  rc.source);
        free(name);
    }
}

/* ---- The self evaluation, peers, the interview -------------------------------------- */

void rv_submit_self(ui_review *r, ui_ctx *u)
{
    const store_review *v = &r->d->review;
    if (rv_relation(r) != RATER_SELF) {
        ui_status(u, true, "only %s submits their self evaluation", v->employee_login);
        return;
    }
    if (strcmp(v->state, "self") != 0) {
        ui_status(u, true, "review #%lld is %s; the self evaluation is submitted already",
                  (long long)v->id, ui_review_state_text(v->state));
        return;
    }
    char q[300];
    snprintf(q, sizeof q, "Submit your self evaluation of %s? It cannot be changed after.",
             v->period);
    if (!ui_confirm(u, q)) {
        ui_status(u, false, "Your self evaluation is not submitted yet");
        return;
    }
    bd_err e = {0};
    if (app_review_submit_self(r->a, v->id, &e) != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        ui_status(u, false, "Self evaluation of %s submitted: %s rates next", v->period,
                  v->supervisor_login[0] ? v->supervisor_login : "your supervisor");
}

typedef struct app_form_ctx {
    ui_review *r;
    ui_ctx *u;
    bool done;
    int count;
} app_form_ctx;

static bd_status peers_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[] = {"peer"};
    app_form_ctx *fc = ctx;
    char copy[sizeof f[0].value];
    bd_strlcpy(copy, f[0].value, sizeof copy);
    const char *logins[APP_REVIEW_MAX_PEERS + 1];
    int k = 0;
    for (char *save = NULL, *t = strtok_r(copy, " ,;", &save); t;
         t = strtok_r(NULL, " ,;", &save))
        if (k < APP_REVIEW_MAX_PEERS + 1)
            logins[k++] = t;
    bd_err err = {0};
    bd_status st = app_review_peers(fc->r->a, fc->r->id, logins, k, &err);
    fc->done = st == BD_OK;
    fc->count = k;
    return ui_form_app_result(fc->u, st, &err, names, 1, bad, e);
}

void rv_name_peers(ui_review *r, ui_ctx *u)
{
    const app_review_detail *d = r->d;
    const store_review *v = &d->review;
    if (rv_relation(r) != RATER_SUPERVISOR && !app_can(r->a, PERM_REVIEWS_MANAGE)) {
        ui_status(u, true, "the supervisor %s names %s's peers",
                  v->supervisor_login[0] ? v->supervisor_login : "(none)", v->employee_login);
        return;
    }
    /* The peers named so far: those who rated, and those still missing. */
    bd_buf named = {0};
    for (int i = 0; i < d->nratings; i++)
        if (strcmp(d->ratings[i].source, "peer") == 0 &&
            !strstr(bd_buf_str(&named), d->ratings[i].rater_login))
            bd_buf_printf(&named, "%s%s", named.len ? ", " : "", d->ratings[i].rater_login);
    for (const char *m = strstr(d->missing, "peer "); m; m = strstr(m + 5, "peer ")) {
        char login[40];
        if (sscanf(m + 5, "%39[^, ]", login) == 1)
            bd_buf_printf(&named, "%s%s", named.len ? ", " : "", login);
    }
    char help[400], title[400];
    snprintf(help, sizeof help, "Logins separated by spaces%s%s%s", named.len ? " (named: " : "",
             bd_buf_str(&named), named.len ? ")" : "");
    bd_buf_free(&named);
    snprintf(title, sizeof title, "Peers of %s (review #%lld, %s)", v->employee_name,
             (long long)v->id, v->period);
    ui_field f = {.label = "Peers", .help = help};
    app_form_ctx fc = {.r = r, .u = u};
    if (!ui_form_run(u, title, &f, 1, peers_submit, &fc))
        ui_status(u, false, "No peers named");
    else if (fc.done)
        ui_status(u, false, "Named %d peer%s of %s: %s", fc.count, fc.count == 1 ? "" : "s",
                  v->employee_name, f.value);
}

static bd_status interview_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[] = {"notes", "goals"};
    app_form_ctx *fc = ctx;
    bd_err err = {0};
    bd_status st = app_review_interview(fc->r->a, fc->r->id, f[0].value, f[1].value, &err);
    fc->done = st == BD_OK;
    return ui_form_app_result(fc->u, st, &err, names, 2, bad, e);
}

void rv_interview(ui_review *r, ui_ctx *u)
{
    const store_review *v = &r->d->review;
    ui_field f[2] = {
        {.label = "Notes", .help = "Required: what was said in the feedback interview"},
        {.label = "Goals", .help = "The goals agreed for the next period"},
    };
    bd_strlcpy(f[0].value, v->interview, sizeof f[0].value);
    bd_strlcpy(f[1].value, v->goals, sizeof f[1].value);
    char title[400];
    snprintf(title, sizeof title, "Interview with %s (review #%lld, %s)", v->employee_name,
             (long long)v->id, v->period);
    app_form_ctx fc = {.r = r, .u = u};
    if (!ui_form_run(u, title, f, 2, interview_submit, &fc))
        ui_status(u, false, "No interview recorded");
    else if (fc.done)
        ui_status(u, false, "Recorded the interview with %s (review #%lld)", v->employee_name,
                  (long long)v->id);
}

/* ---- Checking the figures ----------------------------------------------------------- */

void rv_check_figures(ui_review *r, ui_ctx *u)
{
    const app_review_detail *d = r->d;
    const store_review *v = &d->review;
    if (rv_relation(r) != RATER_SUPERVISOR && !app_can(r->a, PERM_REVIEWS_MANAGE)) {
        ui_status(u, true, "the supervisor %s checks %s's figures",
                  v->supervisor_login[0] ? v->supervisor_login : "(none)", v->employee_login);
        return;
    }
    if (!rv_open_state(v->state)) {
        ui_status(u, true, "review #%lld is %s; its figures are checked before the period is "
                  "finalised", (long long)v->id, ui_review_state_text(v->state));
        return;
    }
    if (!d->figures_needed) {
        ui_status(u, true, "review #%lld has no computed figure to check", (long long)v->id);
        return;
    }
    /* The question shows the figures the check keeps: the records' now. */
    char *lines[APP_REVIEW_MAX_KPIS + 2];
    int n = 0;
    char buf[600], f[40];
    snprintf(buf, sizeof buf, "Check the figures of %s, %s? The score keeps these:",
             v->employee_name, v->period);
    lines[n++] = bd_xstrdup(buf);
    for (int i = 0; i < d->nkpis; i++) {
        const app_review_kpi *k = &d->kpis[i];
        if (k->kpi->kind != RV_COMPUTED)
            continue;
        char name[200];
        bd_text_fit(name, sizeof name, k->kpi->name, 24, false);
        snprintf(buf, sizeof buf, "  %s  %s%s", name, rv_figure_text(k->kpi, k->live, f, sizeof f),
                 k->checked && k->live != k->figure ? "  (was checked " : "");
        if (k->checked && k->live != k->figure) {
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, "%s)", rv_figure_text(k->kpi, k->figure, f,
                                                                  sizeof f));
        }
        lines[n++] = bd_xstrdup(buf);
    }
    bool yes = ui_confirm_lines(u, (const char *const *)lines, n);
    for (int i = 0; i < n; i++)
        free(lines[i]);
    if (!yes) {
        ui_status(u, false, "The figures of %s are %s", v->employee_name,
                  d->figures_checked ? "as checked before" : "not checked yet");
        return;
    }
    bd_err e = {0};
    if (app_review_check_figures(r->a, v->id, v->version, &e) != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        ui_status(u, false, "Checked the figures of %s (review #%lld)", v->employee_name,
                  (long long)v->id);
}

