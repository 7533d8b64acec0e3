/*
 * Claims > My claims: the user's expense claims (app_claim_list, mine),
 * newest first, with a state filter f (all, then draft, in review,
 * rejected, approved, paid) and o to show every claim in the role's reach
 * too (a supervisor's team, finance everyone's).  A row: the claim's id,
 * title, total, state and the step it waits for (or the day it was
 * submitted), and with o its claimant.  n starts a claim: a form asks its
 * title, then its details open (ui_claim_detail) to add lines and submit.
 * Enter opens the details; the list is read again when they close.
 *
 * The list is read whole (up to MAX_ROWS) when the view is shown, after a
 * change and when someone else commits, and served from memory
 * (ui_list_pick), keyed so that the newest sorts first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ROWS 1000
#define KEY_BASE 1000000000000LL /* keys are KEY_BASE - id: the newest first */

enum { C_ID, C_TITLE, C_TOTAL, C_STATE, C_STEP, C_CLAIMANT, NCOLS };

/* The state filter's steps, in the order f takes them. */
static const char *const states[] = {NULL, "draft", "in_review", "rejected", "approved", "paid"};
#define NSTATES ((int)(sizeof states / sizeof states[0]))

typedef struct claim_row {
    store_claim c;
    char key[24];
} claim_row;

typedef struct claims_screen {
    app *a;
    const policy *p;
    claim_row *rows;
    int n;
    bool loaded;
    int state;      /* index into states */
    bool everyone;  /* every claim in reach, not only the user's */
    ui_list *list;
    ui_column cols[NCOLS];
    int width;      /* the area width the columns were laid out for */
} claims_screen;

static const ui_action claims_hints[] = {UI_A_HELP,         UI_A_CLAIMS_NEW,   UI_A_CLAIMS_OPEN,
                                         UI_A_CLAIMS_FILTER, UI_A_CLAIMS_WHOSE, UI_A_QUIT};

static void key_of_id(int64_t id, char *buf, size_t n)
{
    snprintf(buf, n, "%013lld", (long long)(KEY_BASE - id));
}

/* "in review" for in_review: states as people say them. */
static const char *state_text(const char *state)
{
    return strcmp(state, "in_review") == 0 ? "in review" : state;
}

/* ---- Loading ------------------------------------------------------------------ */
static void load(claims_screen *s, ui_ctx *u)
{
    store_claim *got = bd_xcalloc(MAX_ROWS, sizeof *got);
    int n = 0;
    bd_err e = {0};
    if (app_claim_list(s->a, states[s->state], !s->everyone, got, MAX_ROWS, &n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        n = 0;
    }
    s->n = 0;
    for (int i = 0; i < n; i++) {
        claim_row *r = &s->rows[s->n++];
        r->c = got[i];
        key_of_id(got[i].id, r->key, sizeof r->key);
    }
    free(got);
    /* The app lists the newest first: the keys ascend already. */
    s->loaded = true;
    s->width = 0; /* lay the columns out for these rows */
}

/* The step a claim in review waits for ("" when none). */
static const char *step_name(const claims_screen *s, const store_claim *c)
{
    if (strcmp(c->state, "in_review") != 0)
        return "";
    const policy_flow *f = policy_claims_flow(s->p, CLAIM_FLOW_CLAIM, c->department);
    return f && c->review_step >= 0 && c->review_step < f->nsteps ? f->steps[c->review_step].name
                                                                   : "";
}

/* ---- The list's source ---------------------------------------------------------- */
static const char *row_key(void *src, int i)
{
    return ((claims_screen *)src)->rows[i].key;
}

static bool row_matches(void *src, int i, const char *filter)
{
    const store_claim *c = &((claims_screen *)src)->rows[i].c;
    return ui_text_contains(c->title, filter) || ui_text_contains(c->author_login, filter) ||
           ui_text_contains(c->author_name, filter);
}

static bd_status claims_fetch(void *src, ui_fetch how, const char *key, const char *filter,
                              int max, ui_row *out, int *n, bd_err *e)
{
    claims_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const store_claim *c = &s->rows[idx[i]].c;
        char buf[64];
        bd_strlcpy(out[i].key, s->rows[idx[i]].key, sizeof out[i].key);
        snprintf(buf, sizeof buf, "#%lld", (long long)c->id);
        out[i].cells[C_ID] = bd_xstrdup(buf);
        out[i].cells[C_TITLE] = bd_xstrdup(c->title);
        out[i].cells[C_TOTAL] = bd_xstrdup(bd_money_format(c->total, true, buf, sizeof buf));
        out[i].cells[C_STATE] = bd_xstrdup(state_text(c->state));
        const char *step = step_name(s, c);
        if (*step)
            out[i].cells[C_STEP] = ui_name_cell(step, s->cols[C_STEP].width);
        else if (c->submitted_at[0])
            out[i].cells[C_STEP] = bd_xstrndup(c->submitted_at, 10);
        else
            out[i].cells[C_STEP] = bd_xstrdup("-");
        out[i].cells[C_CLAIMANT] = bd_xstrdup(s->everyone ? c->author_login : "");
        out[i].dim = strcmp(c->state, "withdrawn") == 0;
        out[i].bold = strcmp(c->state, "rejected") == 0; /* back to the claimant to fix */
    }
    free(idx);
    return BD_OK;
}

/* The columns for an area w cells wide: the total as wide as the widest,
 * the step as wide as its longest name up to 24 cells (the first word of
 * a longer one), the claimant (with o) last, the title the rest. */
static void layout(claims_screen *s, int w)
{
    enum { CLAIMANT_W = 10, TITLE_MIN = 12, STEP_MIN = 10, STEP_MAX = 24 };
    int money_w = 8, step_w = bd_text_width("Step / submitted");
    for (int i = 0; i < s->n; i++) {
        char buf[40];
        int cw = bd_text_width(bd_money_format(s->rows[i].c.total, true, buf, sizeof buf));
        if (cw > money_w)
            money_w = cw;
        if ((cw = bd_text_width(step_name(s, &s->rows[i].c))) > step_w)
            step_w = cw;
    }
    if (step_w > STEP_MAX)
        step_w = STEP_MAX;
    int claimant = s->everyone ? CLAIMANT_W : 1;
    int title = w - 1 - (5 + 1) - (money_w + 1) - (9 + 1) - (step_w + 1) - (claimant + 1);
    if (title < TITLE_MIN) {
        step_w -= TITLE_MIN - title;
        if (step_w < STEP_MIN)
            step_w = STEP_MIN;
        title = TITLE_MIN; /* the claimant goes off the edge */
    }
    static const char *const titles[NCOLS] = {"ID",    "Title", "Total", "State",
                                              "Step / submitted", "Claimant"};
    const int widths[NCOLS] = {[C_ID] = 5,         [C_TITLE] = title, [C_TOTAL] = money_w,
                               [C_STATE] = 9,      [C_STEP] = step_w, [C_CLAIMANT] = claimant};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c],
                                 .right = c == C_ID || c == C_TOTAL};
    if (!s->everyone)
        s->cols[C_CLAIMANT].title = "";
    s->width = w;
}

/* ---- Drawing --------------------------------------------------------------------- */
static void claims_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    claims_screen *s = st;
    if (!s->loaded)
        load(s, u);
    if (w != s->width) {
        layout(s, w);
        ui_list_reload(s->list, u); /* step names are fitted to their column when read */
    }
    const char *f = ui_list_filter(s->list);
    char title[400];
    snprintf(title, sizeof title, "Claims > My claims  [%s] [state: %s]%s%s%s",
             s->everyone ? "all in your reach" : "yours",
             states[s->state] ? state_text(states[s->state]) : "all", f[0] ? " [search: " : "",
             f, f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    if (s->n == 0) {
        char msg[200];
        if (states[s->state] && strcmp(states[s->state], "draft") == 0)
            snprintf(msg, sizeof msg, "No draft claims here (f changes the state filter).");
        else if (states[s->state])
            snprintf(msg, sizeof msg, "No claims %s here (f changes the state filter).",
                     state_text(states[s->state]));
        else
            snprintf(msg, sizeof msg, "No claims here yet.");
        ui_put(y + 2, x + 2, msg, w - 4, false);
        ui_put(y + 4, x + 2, "n: new claim. Give it a title, then add its lines and submit it.",
               w - 4, false);
        return;
    }
    ui_list_draw(s->list, u, y + 1, x, h - 1, w);
}

/* ---- Keys -------------------------------------------------------------------------- */

/* The claim under the cursor; 0 (with the reason on the status line)
 * when there is none. */
static int64_t selected_id(claims_screen *s, ui_ctx *u)
{
    const ui_row *sel = ui_list_selected(s->list);
    for (int i = 0; sel && i < s->n; i++)
        if (strcmp(s->rows[i].key, sel->key) == 0)
            return s->rows[i].c.id;
    ui_status(u, false, "No claim here%s",
              states[s->state] || ui_list_filter(s->list)[0]
                  ? " (f changes the state filter, / the search)"
                  : "; n starts one");
    return 0;
}

/* Read again with the cursor on claim id. */
static void reload_on(claims_screen *s, ui_ctx *u, int64_t id)
{
    load(s, u);
    char key[24];
    key_of_id(id, key, sizeof key);
    ui_list_goto(s->list, u, key);
}

static void open_claim(claims_screen *s, ui_ctx *u, int64_t id)
{
    ui_claim_detail(u, id);
    reload_on(s, u, id);
}

typedef struct new_ctx {
    ui_ctx *u;
    app *a;
    store_claim made;
} new_ctx;

static bd_status new_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[] = {"title"};
    new_ctx *nc = ctx;
    bd_err err = {0};
    bd_status st = app_claim_new(nc->a, f[0].value, &nc->made, &err);
    return ui_form_app_result(nc->u, st, &err, names, 1, bad, e);
}

static void new_claim(claims_screen *s, ui_ctx *u)
{
    ui_field f = {.label = "Title",
                  .help = "What the claim is for, e.g. 上海出差 Shanghai trip; lines come next"};
    new_ctx nc = {.u = u, .a = s->a};
    if (!ui_form_run(u, "New claim", &f, 1, new_submit, &nc)) {
        ui_status(u, false, "No claim started");
        return;
    }
    if (nc.made.id == 0) { /* refused: the reason is on the status line */
        load(s, u);
        ui_list_reload(s->list, u);
        return;
    }
    /* A new claim is a draft: a filter that hides drafts gives way. */
    if (states[s->state] && strcmp(states[s->state], "draft") != 0)
        s->state = 0;
    reload_on(s, u, nc.made.id);
    ui_status(u, false, "Claim #%lld drafted: %s. Add its lines, then submit it.",
              (long long)nc.made.id, nc.made.title);
    open_claim(s, u, nc.made.id);
}

static void next_filter(claims_screen *s, ui_ctx *u)
{
    s->state = (s->state + 1) % NSTATES;
    load(s, u);
    ui_list_handle(s->list, u, UI_A_TOP);
    if (states[s->state])
        ui_status(u, false, "Showing claims %s: %d", state_text(states[s->state]), s->n);
    else
        ui_status(u, false, "Showing claims in every state: %d", s->n);
}

static void toggle_whose(claims_screen *s, ui_ctx *u)
{
    s->everyone = !s->everyone;
    load(s, u);
    ui_list_handle(s->list, u, UI_A_TOP);
    ui_status(u, false, s->everyone ? "Showing every claim in your reach: %d"
                                    : "Showing your own claims: %d",
              s->n);
}

static bool claims_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    claims_screen *s = st;
    (void)key;
    int64_t id;
    switch (a) {
    case UI_A_CLAIMS_NEW: new_claim(s, u); return true;
    case UI_A_CLAIMS_FILTER: next_filter(s, u); return true;
    case UI_A_CLAIMS_WHOSE: toggle_whose(s, u); return true;
    case UI_A_CLAIMS_OPEN:
    case UI_A_OPEN:
        if ((id = selected_id(s, u)) != 0)
            open_claim(s, u, id);
        return true;
    default: return ui_list_handle(s->list, u, a);
    }
}

static void claims_reload(void *st, ui_ctx *u)
{
    claims_screen *s = st;
    load(s, u);
    ui_list_reload(s->list, u);
}

static void *claims_open(ui_ctx *u)
{
    claims_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    s->rows = bd_xcalloc(MAX_ROWS, sizeof *s->rows);
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, claims_fetch, s);
    return s;
}

static void claims_close(void *st)
{
    claims_screen *s = st;
    ui_list_delete(&s->list);
    free(s->rows);
    free(s);
}

const ui_screen_ops ui_screen_claims = {
    .title = "My claims",
    .perm = PERM_CLAIMS,
    .context = UI_CTX_MYCLAIMS,
    .open = claims_open,
    .close = claims_close,
    .draw = claims_draw,
    .handle = claims_handle,
    .reload = claims_reload,
    .hints = claims_hints,
    .nhints = (int)(sizeof claims_hints / sizeof claims_hints[0]),
};
