/*
 * Reviews > Team: the reviews of one period in the actor's reach
 * (app_review_list: those they supervise or rate as a peer, their role's
 * scope), for supervisors and managers.  The period is the newest still
 * open at first; p takes the others in turn.  A row: the employee's name
 * (CJK measured in cells), login, state, score (live until the period is
 * finalised), grade, whether the supervisor has checked the computed
 * figures ("checked", "to check"; "-" when the template computes none)
 * and who has yet to rate; Enter opens the review's details
 * (review_detail.c), where the supervisor rates each KPI, names the
 * peers, checks the figures and records the interview.
 *
 * The rows are read whole when the view is shown, after the details close
 * and when someone else commits, and served from memory (ui_list_pick).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ROWS 500
#define MAX_PERIODS 64

enum { C_NAME, C_LOGIN, C_STATE, C_SCORE, C_GRADE, C_FIGURES, C_MISSING, NCOLS };

typedef struct team_row {
    store_review r;
    int64_t score;
    char grade[9];
    const char *figures; /* "checked", "to check", "-" */
    char missing[512];
    bool mine; /* the actor is among those missing */
} team_row;

typedef struct team_screen {
    app *a;
    store_review_period periods[MAX_PERIODS];
    int nperiods, period; /* the period shown: an index, -1 none */
    team_row *rows;
    int n;
    bool loaded;
    char error[1024];
    ui_list *list;
    ui_column cols[NCOLS];
    int width;
} team_screen;

static const ui_action team_hints[] = {UI_A_HELP, UI_A_TEAM_OPEN, UI_A_TEAM_PERIOD, UI_A_QUIT};

static int by_login(const void *x, const void *y)
{
    return strcmp(((const team_row *)x)->r.employee_login, ((const team_row *)y)->r.employee_login);
}

static void load(team_screen *s)
{
    bd_err e = {0};
    int64_t keep = s->period >= 0 && s->period < s->nperiods ? s->periods[s->period].id : 0;
    s->loaded = true;
    s->error[0] = '\0';
    s->n = 0;
    s->width = 0;
    if (app_review_periods(s->a, s->periods, MAX_PERIODS, &s->nperiods, &e) != BD_OK) {
        bd_strlcpy(s->error, e.msg, sizeof s->error);
        s->nperiods = 0;
    }
    s->period = ui_review_period_pick(s->periods, s->nperiods, keep);
    if (s->period < 0)
        return;
    store_review *got = bd_xcalloc(MAX_ROWS, sizeof *got);
    int n = 0;
    if (app_review_list(s->a, s->periods[s->period].id, got, MAX_ROWS, &n, &e) != BD_OK) {
        bd_strlcpy(s->error, e.msg, sizeof s->error);
        n = 0;
    }
    const app_actor *ac = app_actor_get(s->a);
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    for (int i = 0; i < n; i++) {
        team_row *t = &s->rows[s->n++];
        memset(t, 0, sizeof *t);
        t->r = got[i];
        t->score = got[i].score;
        bd_strlcpy(t->grade, got[i].grade, sizeof t->grade);
        t->figures = "-";
        if (app_review_get(s->a, got[i].id, d, NULL) != BD_OK)
            continue;
        t->score = d->score;
        bd_strlcpy(t->grade, d->grade, sizeof t->grade);
        if (d->figures_needed)
            t->figures = d->figures_checked ? "checked" : "to check";
        if (strcmp(d->review.state, "self") == 0 || strcmp(d->review.state, "rating") == 0)
            bd_strlcpy(t->missing, d->missing, sizeof t->missing);
        /* "supervisor chen.jing" or "peer tom.baker": the actor has to rate. */
        for (const char *m = t->missing; ac && (m = strstr(m, ac->user.login)); m++) {
            size_t len = strlen(ac->user.login);
            if (m > t->missing && m[-1] == ' ' && (m[len] == '\0' || m[len] == ','))
                t->mine = true;
        }
    }
    free(d);
    free(got);
    qsort(s->rows, (size_t)s->n, sizeof *s->rows, by_login);
}

/* ---- The list's source ------------------------------------------------------------ */
static const char *row_key(void *src, int i)
{
    return ((team_screen *)src)->rows[i].r.employee_login;
}

static bool row_matches(void *src, int i, const char *filter)
{
    const team_row *t = &((team_screen *)src)->rows[i];
    return ui_text_contains(t->r.employee_name, filter) ||
           ui_text_contains(t->r.employee_login, filter) || ui_text_contains(t->missing, filter);
}

static bd_status team_fetch(void *src, ui_fetch how, const char *key, const char *filter,
                            int max, ui_row *out, int *n, bd_err *e)
{
    team_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const team_row *t = &s->rows[idx[i]];
        char sc[24], miss[600];
        bd_strlcpy(out[i].key, t->r.employee_login, sizeof out[i].key);
        out[i].cells[C_NAME] = bd_xstrdup(t->r.employee_name);
        out[i].cells[C_LOGIN] = bd_xstrdup(t->r.employee_login);
        out[i].cells[C_STATE] = bd_xstrdup(ui_review_state_text(t->r.state));
        out[i].cells[C_SCORE] = bd_xstrdup(rv_format(t->score, sc, sizeof sc));
        out[i].cells[C_GRADE] = bd_xstrdup(t->grade[0] ? t->grade : "-");
        out[i].cells[C_FIGURES] = bd_xstrdup(t->figures);
        snprintf(miss, sizeof miss, "%s%s", t->mine ? "! " : "", t->missing);
        out[i].cells[C_MISSING] = bd_xstrdup(miss);
        out[i].bold = t->mine; /* waits for the actor: marked ! too */
    }
    free(idx);
    return BD_OK;
}

/* Columns for w cells: the name as wide as the widest (8 to 16 cells),
 * the login likewise, who is missing the rest. */
static void layout(team_screen *s, int w)
{
    int name = bd_text_width("Employee"), login = bd_text_width("Login");
    for (int i = 0; i < s->n; i++) {
        int cw = bd_text_width(s->rows[i].r.employee_name);
        if (cw > name)
            name = cw;
        if ((cw = bd_text_width(s->rows[i].r.employee_login)) > login)
            login = cw;
    }
    if (name > 16)
        name = 16;
    if (login > 14)
        login = 14;
    int state = 15, score = 7, grade = 5, figures = 8, missing = 0; /* the rest */
    static const char *const titles[NCOLS] = {"Employee", "Login",   "State",      "Score",
                                              "Grade",    "Figures", "Waiting for"};
    const int widths[NCOLS] = {name, login, state, score, grade, figures, missing};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c], .right = c == C_SCORE};
    s->width = w;
}

/* ---- Drawing ------------------------------------------------------------------------ */
static void team_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    team_screen *s = st;
    if (!s->loaded)
        load(s);
    if (w != s->width) {
        layout(s, w);
        ui_list_reload(s->list, u);
    }
    char title[400];
    const store_review_period *p = s->period >= 0 ? &s->periods[s->period] : NULL;
    if (p)
        snprintf(title, sizeof title, "Reviews > Team  %s %s (%s): %d review%s", p->department,
                 p->period, p->state, s->n, s->n == 1 ? "" : "s");
    else
        snprintf(title, sizeof title, "Reviews > Team");
    ui_title(u, y, x, w, title);
    if (s->error[0]) {
        attron(A_BOLD);
        ui_put_wrapped(y + 2, x + 2, 3, w - 4, s->error);
        attroff(A_BOLD);
        return;
    }
    if (!p) {
        ui_put_wrapped(y + 2, x + 2, 2, w - 4, "No review period is open for your department; "
                       "a manager opens one (Calibration, o).");
        return;
    }
    if (!s->n) {
        char msg[300], key[16];
        ui_action_first_key(UI_A_TEAM_PERIOD, key, sizeof key);
        snprintf(msg, sizeof msg, "No reviews of %s %s in your reach: you supervise nobody in "
                 "it and rate nobody as a peer.", p->department, p->period);
        ui_put_wrapped(y + 2, x + 2, 2, w - 4, msg);
        snprintf(msg, sizeof msg, "%s: another period (%d in all).", key, s->nperiods);
        ui_put_wrapped(y + 5, x + 2, 1, w - 4, msg);
        return;
    }
    ui_list_draw(s->list, u, y + 1, x, h - 1, w);
}

/* ---- Keys ------------------------------------------------------------------------------ */
static void next_period(team_screen *s, ui_ctx *u)
{
    if (s->nperiods < 2) {
        ui_status(u, false, "%s", s->nperiods ? "There is only this period"
                                               : "There is no review period yet");
        return;
    }
    s->period = (s->period + 1) % s->nperiods;
    load(s);
    ui_list_handle(s->list, u, UI_A_TOP);
    const store_review_period *p = &s->periods[s->period];
    ui_status(u, false, "Showing %s %s (%s): %d reviews", p->department, p->period, p->state,
              s->n);
}

static bool team_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    team_screen *s = st;
    (void)key;
    switch (a) {
    case UI_A_TEAM_PERIOD: next_period(s, u); return true;
    case UI_A_TEAM_OPEN:
    case UI_A_OPEN: {
        const ui_row *sel = ui_list_selected(s->list);
        for (int i = 0; sel && i < s->n; i++)
            if (strcmp(s->rows[i].r.employee_login, sel->key) == 0) {
                ui_review_detail(u, s->rows[i].r.id);
                load(s);
                ui_list_reload(s->list, u);
                return true;
            }
        ui_status(u, false, "No review here to open");
        return true;
    }
    default: return ui_list_handle(s->list, u, a);
    }
}

static void team_reload(void *st, ui_ctx *u)
{
    team_screen *s = st;
    load(s);
    ui_list_reload(s->list, u);
}

static void *team_open(ui_ctx *u)
{
    team_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->period = -1;
    s->rows = bd_xcalloc(MAX_ROWS, sizeof *s->rows);
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, team_fetch, s);
    return s;
}

static void team_close(void *st)
{
    team_screen *s = st;
    ui_list_delete(&s->list);
    free(s->rows);
    free(s);
}

/* Supervisors and managers: a role that sees others' records, or manages
 * reviews.  Peers reach the reviews they rate from the Inbox. */
static bool team_may_open(app *a)
{
    const app_actor *ac = app_actor_get(a);
    return ac && app_can(a, PERM_REVIEWS) &&
           (ac->role->scope != SCOPE_OWN || app_can(a, PERM_REVIEWS_MANAGE));
}

const ui_screen_ops ui_screen_team = {
    .title = "Team",
    .perm = PERM_REVIEWS,
    .may_open = team_may_open,
    .context = UI_CTX_TEAM,
    .open = team_open,
    .close = team_close,
    .draw = team_draw,
    .handle = team_handle,
    .reload = team_reload,
    .hints = team_hints,
    .nhints = (int)(sizeof team_hints / sizeof team_hints[0]),
};
