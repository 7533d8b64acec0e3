/*
 * Reviews > Calibration (reviews.manage): the sheet of one period of the
 * actor's department (every department's with scope all), the newest open
 * period first, p the others in turn.  The reviews ranked by score (rank,
 * employee, login, supervisor, score, grade, bonus; a grade set at
 * calibration marked *), and under them the grade distribution: per grade
 * the policy's target share, the count and share of the whole period, and
 * each supervisor's count side by side; then the bonus pool.
 *
 * f finalises (asks; when some have yet to rate or their figures are not
 * checked the app refuses naming them, shown in full above the sheet, and
 * a second question finalises anyway), g sets the selected review's grade with a reason (the pool
 * shown changes with it), P publishes, L locks, o opens a period, Enter
 * opens a review's details.  Before finalising the sheet shows the scores
 * as they are now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ROWS 500
#define MAX_PERIODS 64

enum { C_RANK, C_NAME, C_LOGIN, C_SUP, C_SCORE, C_GRADE, C_BONUS, NCOLS };

typedef struct cal_screen {
    app *a;
    const policy *p;
    store_review_period periods[MAX_PERIODS];
    int nperiods, period; /* the period shown: an index, -1 none */
    store_review *rows;
    char (*keys)[12]; /* row i's key: its rank, "00001" */
    int n;
    app_calibration cal;
    bool loaded;
    char error[1024];
    char notice[1200]; /* a refusal in full above the sheet, until the next key */
    ui_list *list;
    ui_column cols[NCOLS];
    int width;
} cal_screen;

static const ui_action cal_hints[] = {UI_A_HELP,    UI_A_CAL_FINALIZE, UI_A_CAL_GRADE,
                                      UI_A_CAL_PUBLISH, UI_A_CAL_PERIOD, UI_A_CAL_NEW,
                                      UI_A_QUIT};

static const store_review_period *period_of(const cal_screen *s)
{
    return s->period >= 0 && s->period < s->nperiods ? &s->periods[s->period] : NULL;
}

static void key_of(int i, char *buf, size_t n)
{
    snprintf(buf, n, "%05d", i + 1);
}

static void load(cal_screen *s)
{
    bd_err e = {0};
    const store_review_period *was = period_of(s);
    int64_t keep = was ? was->id : 0;
    s->loaded = true;
    s->error[0] = '\0';
    s->n = 0;
    s->width = 0;
    memset(&s->cal, 0, sizeof s->cal);
    if (app_review_periods(s->a, s->periods, MAX_PERIODS, &s->nperiods, &e) != BD_OK) {
        bd_strlcpy(s->error, e.msg, sizeof s->error);
        s->nperiods = 0;
    }
    s->period = ui_review_period_pick(s->periods, s->nperiods, keep);
    if (s->period < 0)
        return;
    if (app_review_calibration(s->a, s->periods[s->period].id, s->rows, MAX_ROWS, &s->n, &s->cal,
                               &e) != BD_OK) {
        bd_strlcpy(s->error, e.msg, sizeof s->error);
        s->n = 0;
    }
    for (int i = 0; i < s->n; i++)
        key_of(i, s->keys[i], sizeof s->keys[i]);
}

/* ---- The list's source: the rows in rank order ------------------------------------- */
static const char *row_key(void *src, int i)
{
    return ((cal_screen *)src)->keys[i];
}

static bool row_matches(void *src, int i, const char *filter)
{
    const store_review *r = &((cal_screen *)src)->rows[i];
    return ui_text_contains(r->employee_name, filter) ||
           ui_text_contains(r->employee_login, filter) ||
           ui_text_contains(r->supervisor_login, filter) || ui_text_contains(r->grade, filter);
}

static bd_status cal_fetch(void *src, ui_fetch how, const char *key, const char *filter, int max,
                           ui_row *out, int *n, bd_err *e)
{
    cal_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const store_review *r = &s->rows[idx[i]];
        char buf[64];
        key_of(idx[i], out[i].key, sizeof out[i].key);
        snprintf(buf, sizeof buf, "%d", idx[i] + 1);
        out[i].cells[C_RANK] = bd_xstrdup(buf);
        out[i].cells[C_NAME] = bd_xstrdup(r->employee_name);
        out[i].cells[C_LOGIN] = bd_xstrdup(r->employee_login);
        out[i].cells[C_SUP] = bd_xstrdup(r->supervisor_login[0] ? r->supervisor_login : "-");
        out[i].cells[C_SCORE] = bd_xstrdup(rv_format(r->score, buf, sizeof buf));
        snprintf(buf, sizeof buf, "%s%s", r->grade[0] ? r->grade : "-",
                 r->grade_reason[0] ? " *" : "");
        out[i].cells[C_GRADE] = bd_xstrdup(buf);
        out[i].cells[C_BONUS] = r->bonus < 0 ? bd_xstrdup("-") : ui_money_cell(r->bonus, 14);
    }
    free(idx);
    return BD_OK;
}

/* Columns for w cells: names as wide as the widest (up to 16 cells). */
static void layout(cal_screen *s, int w)
{
    int name = bd_text_width("Employee"), login = bd_text_width("Login"),
        sup = bd_text_width("Supervisor");
    for (int i = 0; i < s->n; i++) {
        int cw = bd_text_width(s->rows[i].employee_name);
        if (cw > name)
            name = cw;
        if ((cw = bd_text_width(s->rows[i].employee_login)) > login)
            login = cw;
        if ((cw = bd_text_width(s->rows[i].supervisor_login)) > sup)
            sup = cw;
    }
    name = name > 16 ? 16 : name;
    login = login > 14 ? 14 : login;
    sup = sup > 14 ? 14 : sup;
    static const char *const titles[NCOLS] = {"Rank",  "Employee", "Login", "Supervisor",
                                              "Score", "Grade",    "Bonus"};
    const int widths[NCOLS] = {4, name, login, sup, 7, 7, 14};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c],
                                 .right = c == C_RANK || c == C_SCORE || c == C_BONUS};
    s->width = w;
}

/* ---- Drawing ------------------------------------------------------------------------- */

/* The grade distribution and the bonus pool, at (y, x); its height. */
static int dist_height(const cal_screen *s)
{
    return s->cal.ngrades + 3; /* a blank line, the heading, a line per grade, the pool */
}

static void draw_dist(cal_screen *s, int y, int x, int w)
{
    const app_calibration *c = &s->cal;
    char line[2048], cell[200];
    int len;
    /* Grade, target, all, share, then each supervisor's count. */
    len = snprintf(line, sizeof line, "%-6s %6s %5s %6s", "Grade", "Target", "All", "Share");
    for (int k = 0; k < c->nsupervisors && len < (int)sizeof line - 40; k++) {
        int cw = bd_text_width(c->supervisors[k]);
        len += snprintf(line + len, sizeof line - (size_t)len, "  %*s", cw < 5 ? 5 : cw,
                        c->supervisors[k]);
    }
    attron(ui_attr(UI_COL_HEADER));
    ui_put(y + 1, x, line, w, false);
    attroff(ui_attr(UI_COL_HEADER));
    for (int g = 0; g < c->ngrades; g++) {
        char target[16], share[16];
        if (c->target_pct[g] >= 0)
            snprintf(target, sizeof target, "%d%%", c->target_pct[g]);
        else
            snprintf(target, sizeof target, "-");
        if (c->nreviews)
            snprintf(share, sizeof share, "%d%%", (c->total[g] * 100 + c->nreviews / 2) / c->nreviews);
        else
            snprintf(share, sizeof share, "-");
        len = snprintf(line, sizeof line, "%-6s %6s %5d %6s", c->grades[g], target, c->total[g],
                       share);
        for (int k = 0; k < c->nsupervisors && len < (int)sizeof line - 40; k++) {
            int cw = bd_text_width(c->supervisors[k]);
            len += snprintf(line + len, sizeof line - (size_t)len, "  %*d", cw < 5 ? 5 : cw,
                            c->by_supervisor[k][g]);
        }
        ui_put(y + 2 + g, x, line, w, false);
    }
    char money[40], base[40];
    bool calibrated = false;
    for (int i = 0; i < s->n; i++)
        calibrated |= s->rows[i].grade_reason[0] != '\0';
    snprintf(cell, sizeof cell, "Bonus pool %s %s for %d review%s (bonus base %s)%s",
             bd_money_format(c->bonus_pool, true, money, sizeof money), s->p->currency,
             c->nreviews, c->nreviews == 1 ? "" : "s",
             bd_money_format(s->p->bonus_base, true, base, sizeof base),
             calibrated ? "   * a grade set at calibration" : "");
    attron(A_BOLD);
    ui_put(y + 2 + c->ngrades, x, cell, w, false);
    attroff(A_BOLD);
}

static void cal_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    cal_screen *s = st;
    if (!s->loaded)
        load(s);
    if (w != s->width) {
        layout(s, w);
        ui_list_reload(s->list, u);
    }
    char title[400];
    const store_review_period *p = period_of(s);
    if (p)
        snprintf(title, sizeof title, "Reviews > Calibration  %s %s (%s)", p->department,
                 p->period, p->state);
    else
        snprintf(title, sizeof title, "Reviews > Calibration");
    ui_title(u, y, x, w, title);
    int top = y + 1;
    if (s->notice[0]) {
        char text[1300];
        snprintf(text, sizeof text, "Refused: %s", s->notice);
        attron(A_BOLD);
        top += ui_put_wrapped(top, x + 1, 4, w - 2, text);
        attroff(A_BOLD);
    }
    if (s->error[0]) {
        attron(A_BOLD);
        ui_put_wrapped(top + 1, x + 2, 3, w - 4, s->error);
        attroff(A_BOLD);
        return;
    }
    char key[16];
    ui_action_first_key(UI_A_CAL_NEW, key, sizeof key);
    if (!p) {
        char msg[300];
        snprintf(msg, sizeof msg, "No review period is open for your department; %s opens one "
                 "(the department and the month).", key);
        ui_put_wrapped(top + 1, x + 2, 2, w - 4, msg);
        return;
    }
    if (!s->n) {
        ui_put_wrapped(top + 1, x + 2, 2, w - 4, "No reviews in this period: nobody of the "
                       "department has a role with a KPI template (performance.yaml).");
        return;
    }
    int dist = dist_height(s);
    int list_h = y + h - top - dist;
    if (list_h < 3) {
        list_h = 3;
        dist = y + h - top - list_h;
    }
    ui_list_draw(s->list, u, top, x, list_h, w);
    if (dist > 2)
        draw_dist(s, top + list_h, x + 1, w - 2);
}

/* ---- Keys ------------------------------------------------------------------------------ */

static const store_review *selected(cal_screen *s, ui_ctx *u)
{
    const ui_row *sel = ui_list_selected(s->list);
    int i = sel ? atoi(sel->key) - 1 : -1;
    if (i >= 0 && i < s->n)
        return &s->rows[i];
    ui_status(u, false, "No review here");
    return NULL;
}

/* Reload, keeping the cursor on review id when it is still there. */
static void reload_on(cal_screen *s, ui_ctx *u, int64_t id)
{
    load(s);
    for (int i = 0; i < s->n; i++)
        if (s->rows[i].id == id) {
            char key[16];
            key_of(i, key, sizeof key);
            ui_list_goto(s->list, u, key);
            return;
        }
    ui_list_reload(s->list, u);
}

static void finalize(cal_screen *s, ui_ctx *u, const store_review_period *p)
{
    char q[300];
    snprintf(q, sizeof q, "Finalise %s %s? Scores, grades and bonuses are kept as they are now.",
             p->department, p->period);
    if (!ui_confirm(u, q)) {
        ui_status(u, false, "Not finalised");
        return;
    }
    bd_err e = {0};
    bd_status st = app_review_finalize(s->a, p->id, false, &e);
    if (st == BD_ERR_INVALID && strcmp(p->state, "open") == 0) {
        /* Some have yet to rate, or their figures are not checked: the
         * app names them.  Shown in full above the sheet while the second
         * question is asked. */
        bd_strlcpy(s->notice, e.msg, sizeof s->notice);
        ui_status(u, true, "%s", e.msg);
        bool anyway = ui_confirm(u, "Finalise anyway? Missing ratings stay out, unchecked figures count "
                                  "as of today.");
        s->notice[0] = '\0';
        if (!anyway) {
            ui_status(u, false, "Not finalised: %s", e.msg);
            return;
        }
        bd_err_clear(&e);
        st = app_review_finalize(s->a, p->id, true, &e);
    }
    if (st != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        ui_status(u, false, "Finalised %s %s: %d reviews", p->department, p->period, s->n);
}

enum { GF_REVIEW, GF_GRADE, GF_REASON, GF_COUNT };

typedef struct grade_ctx {
    cal_screen *s;
    ui_ctx *u;
    const store_review *r;
    bool done;
} grade_ctx;

static bd_status grade_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[GF_COUNT] = {"review", "grade", "reason"};
    grade_ctx *gc = ctx;
    bd_err err = {0};
    bd_status st = app_review_grade(gc->s->a, gc->r->id, f[GF_GRADE].value, f[GF_REASON].value,
                                    gc->r->version, &err);
    gc->done = st == BD_OK;
    st = ui_form_app_result(gc->u, st, &err, names, GF_COUNT, bad, e);
    if (st != BD_OK && (*bad < 0 || f[*bad].readonly))
        return BD_OK; /* nothing in the form fixes it (the review moved on) */
    return st;
}

static void set_grade(cal_screen *s, ui_ctx *u)
{
    const store_review *sel = selected(s, u);
    if (!sel)
        return;
    store_review r = *sel; /* a reload while the form is open must not change it */
    const char *grades[APP_CAL_MAX_GRADES];
    int ng = 0;
    for (size_t i = 0; i < s->p->ngrades && ng < APP_CAL_MAX_GRADES; i++)
        grades[ng++] = s->p->grades[i].grade;
    if (!ng) {
        ui_status(u, true, "performance.yaml has no grades");
        return;
    }
    char sc[24], money[40];
    ui_field f[GF_COUNT] = {
        [GF_REVIEW] = {.label = "Review", .readonly = true},
        [GF_GRADE] = {.label = "Grade", .choices = grades, .nchoices = ng,
                      .help = "Left/Right or Space: a grade of performance.yaml; the bonus follows it"},
        [GF_REASON] = {.label = "Reason", .help = "Required: why the grade differs from the score's"},
    };
    bd_strfmt(f[GF_REVIEW].value, sizeof f[GF_REVIEW].value, "%s (%s): %s, grade %s, bonus %s",
              r.employee_name, r.employee_login, rv_format(r.score, sc, sizeof sc),
              r.grade[0] ? r.grade : "-",
              r.bonus < 0 ? "-" : bd_money_format(r.bonus, true, money, sizeof money));
    bd_strlcpy(f[GF_GRADE].value, r.grade[0] ? r.grade : grades[0], sizeof f[GF_GRADE].value);
    char title[400];
    snprintf(title, sizeof title, "Grade of %s (review #%lld, %s)", r.employee_name,
             (long long)r.id, r.period);
    int64_t before = s->cal.bonus_pool;
    grade_ctx gc = {.s = s, .u = u, .r = &r};
    if (!ui_form_run(u, title, f, GF_COUNT, grade_submit, &gc)) {
        ui_status(u, false, "The grade of %s stays %s", r.employee_name,
                  r.grade[0] ? r.grade : "-");
        return;
    }
    reload_on(s, u, r.id);
    if (!gc.done)
        return; /* the refusal is on the status line */
    char was[40], now[40];
    ui_status(u, false, "%s: grade %s; bonus pool %s (was %s)", r.employee_name,
              f[GF_GRADE].value, bd_money_format(s->cal.bonus_pool, true, now, sizeof now),
              bd_money_format(before, true, was, sizeof was));
}

static void period_step(cal_screen *s, ui_ctx *u, const store_review_period *p, bool publish)
{
    char q[300];
    if (publish)
        snprintf(q, sizeof q, "Publish %s %s? Each employee sees their score, grade and bonus.",
                 p->department, p->period);
    else
        snprintf(q, sizeof q, "Lock %s %s? Nothing in it changes after, not even a correction.",
                 p->department, p->period);
    if (!ui_confirm(u, q)) {
        ui_status(u, false, "%s", publish ? "Not published" : "Not locked");
        return;
    }
    bd_err e = {0};
    bd_status st = publish ? app_review_publish(s->a, p->id, &e) : app_review_lock(s->a, p->id, &e);
    if (st != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else if (publish)
        ui_status(u, false, "Published %s %s: interviews next", p->department, p->period);
    else
        ui_status(u, false, "Locked %s %s", p->department, p->period);
}

enum { OF_DEPT, OF_PERIOD, OF_COUNT };

typedef struct open_ctx {
    cal_screen *s;
    ui_ctx *u;
    store_review_period made;
    bool done;
} open_ctx;

static bd_status open_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[OF_COUNT] = {"department", "period"};
    open_ctx *oc = ctx;
    bd_err err = {0};
    bd_status st = app_review_open(oc->s->a, f[OF_DEPT].value, f[OF_PERIOD].value, &oc->made, &err);
    oc->done = st == BD_OK;
    return ui_form_app_result(oc->u, st, &err, names, OF_COUNT, bad, e);
}

static void open_period(cal_screen *s, ui_ctx *u)
{
    const app_actor *ac = app_actor_get(s->a);
    const char **depts = bd_xcalloc(s->p->ndepts + 1, sizeof *depts);
    int nd = 0;
    for (size_t i = 0; i < s->p->ndepts; i++)
        depts[nd++] = s->p->depts[i].code;
    ui_field f[OF_COUNT] = {
        [OF_DEPT] = {.label = "Department", .choices = depts, .nchoices = nd,
                     .help = "Left/Right or Space: the department whose members are reviewed"},
        [OF_PERIOD] = {.label = "Period",
                       .help = "A month 2026-11, a quarter 2026-Q4 or a year 2026, begun already"},
    };
    if (ac)
        bd_strlcpy(f[OF_DEPT].value, ac->user.department, sizeof f[OF_DEPT].value);
    if (!nd) { /* no departments in policy: type it */
        f[OF_DEPT].choices = NULL;
        f[OF_DEPT].help = "The department's code";
    }
    char today[11];
    app_today(today, sizeof today);
    snprintf(f[OF_PERIOD].value, sizeof f[OF_PERIOD].value, "%.7s", today);
    open_ctx oc = {.s = s, .u = u};
    bool saved = ui_form_run(u, "Open a review period", f, OF_COUNT, open_submit, &oc);
    free(depts);
    if (!saved) {
        ui_status(u, false, "No period opened");
        return;
    }
    if (!oc.done)
        return;
    s->period = -1;
    load(s);
    for (int i = 0; i < s->nperiods; i++)
        if (s->periods[i].id == oc.made.id)
            s->period = i;
    load(s);
    ui_list_handle(s->list, u, UI_A_TOP);
    ui_status(u, false, "Opened %s %s: %d reviews", oc.made.department, oc.made.period, s->n);
}

static bool cal_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    cal_screen *s = st;
    (void)key;
    s->notice[0] = '\0';
    const store_review_period *p = period_of(s);
    store_review_period seen;
    if (p)
        seen = *p;
    switch (a) {
    case UI_A_CAL_NEW: open_period(s, u); return true;
    case UI_A_CAL_PERIOD:
        if (s->nperiods < 2) {
            ui_status(u, false, "%s", s->nperiods ? "There is only this period"
                                                   : "There is no review period yet");
            return true;
        }
        s->period = (s->period + 1) % s->nperiods;
        load(s);
        ui_list_handle(s->list, u, UI_A_TOP);
        ui_status(u, false, "Showing %s %s (%s)", s->periods[s->period].department,
                  s->periods[s->period].period, s->periods[s->period].state);
        return true;
    case UI_A_CAL_FINALIZE:
    case UI_A_CAL_PUBLISH:
    case UI_A_CAL_LOCK:
        if (!p) {
            ui_status(u, true, "There is no review period here yet");
            return true;
        }
        if (a == UI_A_CAL_FINALIZE)
            finalize(s, u, &seen);
        else
            period_step(s, u, &seen, a == UI_A_CAL_PUBLISH);
        load(s);
        ui_list_reload(s->list, u);
        return true;
    case UI_A_CAL_GRADE: set_grade(s, u); return true;
    case UI_A_CAL_OPEN:
    case UI_A_OPEN: {
        const store_review *r = selected(s, u);
        if (r) {
            int64_t id = r->id;
            ui_review_detail(u, id);
            reload_on(s, u, id);
        }
        return true;
    }
    default: return ui_list_handle(s->list, u, a);
    }
}

static void cal_reload(void *st, ui_ctx *u)
{
    cal_screen *s = st;
    load(s);
    ui_list_reload(s->list, u);
}

static void *cal_open(ui_ctx *u)
{
    cal_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    s->period = -1;
    s->rows = bd_xcalloc(MAX_ROWS, sizeof *s->rows);
    s->keys = bd_xcalloc(MAX_ROWS, sizeof *s->keys);
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, cal_fetch, s);
    return s;
}

static void cal_close(void *st)
{
    cal_screen *s = st;
    ui_list_delete(&s->list);
    free(s->rows);
    free(s->keys);
    free(s);
}

const ui_screen_ops ui_screen_calibration = {
    .title = "Calibration",
    .perm = PERM_REVIEWS_MANAGE,
    .context = UI_CTX_CALIBRATION,
    .open = cal_open,
    .close = cal_close,
    .draw = cal_draw,
    .handle = cal_handle,
    .reload = cal_reload,
    .hints = cal_hints,
    .nhints = (int)(sizeof cal_hints / sizeof cal_hints[0]),
};
