/*
 * Reviews > My review: the actor's review of the newest period still being
 * rated (else of the latest), drawn by review_detail.c with its keys (the
 * KPIs with their figures and points, Enter on a computed one shows the
 * records it counts, r rates a KPI in the self evaluation, s submits it),
 * and under it the history of the actor's grades: a line per period with
 * its state, grade, score, a bar of one block per 5 points and the flags
 * in words.
 *
 * Read when the view is shown, after every action and when someone else
 * commits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_HISTORY 24
#define BAR_MAX 24 /* blocks: 120 points, the most a capped KPI lifts a score to */

typedef struct hist_row {
    store_review r;
    int64_t score;
    char grade[9];
    unsigned flags;
    int streak;
} hist_row;

typedef struct my_screen {
    app *a;
    ui_review *rv;
    int64_t id; /* the review shown; 0 none */
    hist_row hist[MAX_HISTORY];
    int nhist;
    bool loaded;
    char error[1024];
} my_screen;

static const ui_action my_hints[] = {UI_A_HELP, UI_A_REVIEW_RATE, UI_A_REVIEW_SUBMIT,
                                     UI_A_REVIEW_SOURCES, UI_A_QUIT};

static bool is_open_state(const char *state)
{
    return strcmp(state, "self") == 0 || strcmp(state, "rating") == 0;
}

static void load(my_screen *s)
{
    store_review *rows = bd_xcalloc(MAX_HISTORY, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    s->loaded = true;
    s->error[0] = '\0';
    s->nhist = 0;
    if (app_review_history(s->a, NULL, rows, MAX_HISTORY, &n, &e) != BD_OK) {
        bd_strlcpy(s->error, e.msg, sizeof s->error);
        n = 0;
    }
    /* Newest first: the first still being rated, else the newest. */
    s->id = n ? rows[0].id : 0;
    for (int i = 0; i < n; i++)
        if (is_open_state(rows[i].state)) {
            s->id = rows[i].id;
            break;
        }
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    for (int i = 0; i < n; i++) {
        hist_row *h = &s->hist[s->nhist++];
        memset(h, 0, sizeof *h);
        h->r = rows[i];
        h->score = rows[i].score;
        bd_strlcpy(h->grade, rows[i].grade, sizeof h->grade);
        if (app_review_get(s->a, rows[i].id, d, NULL) == BD_OK) {
            h->score = d->score;
            bd_strlcpy(h->grade, d->grade, sizeof h->grade);
            h->flags = d->flags;
            h->streak = d->streak;
        }
    }
    free(d);
    free(rows);
    if (s->id)
        ui_review_load(s->rv, s->id);
}

/* What to do when there is no review: why, and who opens one. */
static void draw_empty(my_screen *s, int y, int x, int w)
{
    const app_actor *ac = app_actor_get(s->a);
    const policy *p = app_policy(s->a);
    char msg[400];
    if (s->error[0]) {
        attron(A_BOLD);
        ui_put_wrapped(y, x, 3, w, s->error);
        attroff(A_BOLD);
        return;
    }
    if (ac && !policy_template_for_role(p, ac->role->code)) {
        snprintf(msg, sizeof msg, "Your role '%s' has no KPI template in performance.yaml, so "
                 "you are not reviewed.", ac->role->code);
        ui_put_wrapped(y, x, 2, w, msg);
        return;
    }
    ui_put_wrapped(y, x, 2, w, "You have no review yet: no review period is open for your "
                   "department.");
    ui_put_wrapped(y + 3, x, 2, w, "A manager opens one (Reviews > Calibration, o); your self "
                   "evaluation then waits here, and in the Inbox.");
}

static void draw_history(my_screen *s, int y, int x, int h, int w)
{
    if (h < 2 || !s->nhist)
        return;
    attron(A_BOLD | A_UNDERLINE);
    ui_put(y, x, "Your grades by period (a block is 5 points)", w, false);
    attroff(A_BOLD | A_UNDERLINE);
    int bar_w = 10; /* the bars' column: as wide as the longest */
    for (int i = 0; i < s->nhist; i++) {
        int64_t blocks = s->hist[i].score / (5 * RV_POINT);
        if (blocks > bar_w)
            bar_w = blocks < BAR_MAX ? (int)blocks : BAR_MAX;
    }
    for (int i = 0; i < s->nhist && 1 + i < h; i++) {
        const hist_row *r = &s->hist[i];
        char sc[24], bar[4 * BAR_MAX], fbar[4 * BAR_MAX + 8], words[300], line[1200];
        ui_score_bar(r->score, bar_w, bar, sizeof bar);
        ui_review_flag_words(r->flags, r->streak, words, sizeof words);
        bool open = is_open_state(r->r.state);
        rv_format(r->score, sc, sizeof sc);
        snprintf(line, sizeof line, "  %-7s  %-15s  %-3s %7s%s  %s  %s", r->r.period,
                 ui_review_state_text(r->r.state), r->grade[0] ? r->grade : "-", sc,
                 open ? "*" : " ", bd_text_fit(fbar, sizeof fbar, bar, bar_w, false), words);
        ui_put(y + 1 + i, x, line, w, false);
    }
    bool any_open = false;
    for (int i = 0; i < s->nhist; i++)
        any_open |= is_open_state(s->hist[i].r.state);
    if (any_open && 1 + s->nhist < h)
        ui_put(y + 1 + s->nhist, x, "  * live: the score follows the ratings until the "
               "period is finalised", w, false);
}

static void my_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    my_screen *s = st;
    if (!s->loaded)
        load(s);
    char title[300];
    const hist_row *cur = NULL;
    for (int i = 0; i < s->nhist; i++)
        if (s->hist[i].r.id == s->id)
            cur = &s->hist[i];
    if (cur)
        snprintf(title, sizeof title, "Reviews > My review  %s %s (%s)", cur->r.department,
                 cur->r.period, ui_review_state_text(cur->r.state));
    else
        snprintf(title, sizeof title, "Reviews > My review");
    ui_title(u, y, x, w, title);
    if (!s->id) {
        draw_empty(s, y + 2, x + 2, w - 4);
        return;
    }
    /* The history keeps up to a third of the height (at least its heading
     * and the newest period), and takes what the review leaves. */
    int body = h - 1;
    int hist_h = s->nhist + 3 < body / 3 ? s->nhist + 3 : body / 3;
    if (hist_h < 3)
        hist_h = 3;
    int used = ui_review_draw(s->rv, y + 1, x + 1, body - hist_h, w - 2, A_NORMAL);
    draw_history(s, y + 2 + used, x + 1, body - used - 1, w - 2);
}

static bool my_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    my_screen *s = st;
    (void)key;
    if (!s->id) {
        switch (a) {
        case UI_A_REVIEW_SOURCES:
        case UI_A_REVIEW_RATE:
        case UI_A_REVIEW_SUBMIT:
        case UI_A_REVIEW_PEERS:
        case UI_A_REVIEW_INTERVIEW:
            ui_status(u, true, "You have no review to act on yet");
            return true;
        default: return false;
        }
    }
    bool changes = a == UI_A_REVIEW_RATE || a == UI_A_REVIEW_SUBMIT || a == UI_A_REVIEW_PEERS ||
                   a == UI_A_REVIEW_INTERVIEW;
    if (!ui_review_handle(s->rv, u, a))
        return false;
    if (changes) /* the history's live score follows */
        load(s);
    return true;
}

static void my_reload(void *st, ui_ctx *u)
{
    (void)u;
    load(st);
}

static void *my_open(ui_ctx *u)
{
    my_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->rv = ui_review_new(s->a);
    return s;
}

static void my_close(void *st)
{
    my_screen *s = st;
    ui_review_delete(&s->rv);
    free(s);
}

const ui_screen_ops ui_screen_myreview = {
    .title = "My review",
    .perm = PERM_REVIEWS,
    .context = UI_CTX_REVIEW,
    .open = my_open,
    .close = my_close,
    .draw = my_draw,
    .handle = my_handle,
    .reload = my_reload,
    .hints = my_hints,
    .nhints = (int)(sizeof my_hints / sizeof my_hints[0]),
};
