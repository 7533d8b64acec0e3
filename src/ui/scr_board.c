/*
 * Pipeline > Board: a column per stage of pipeline.yaml, each headed by
 * the stage's name, its count, probability, value and weighted value
 * (app_opp_sums), with the stage's opportunities as cards (company and
 * value), largest value first.  Left/Right move between columns, Up/Down
 * between cards, m moves the selected card to the next stage with the same
 * form as the Opportunities view (opp_move.c), Enter shows the card in
 * the Opportunities view.
 *
 * A column holds only the cards on screen and fetches the next or previous
 * one by keyset (app_opp_page with q.after / q.before on the sort key), as
 * the paged list does, so a stage of a million leads scrolls like one of
 * ten.  Columns are at least MIN_COL cells wide: seven stages fit in 100
 * columns; in a narrower terminal the board shows as many columns as fit
 * and scrolls sideways to keep the selected one in view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MIN_COL 13   /* cells of a column: a marker and "1,200,000.00" */
#define MAX_CARDS 64 /* cards a column shows at most (a 140-line terminal) */
#define HEAD_LINES 4 /* name, count and probability, value, weighted */

typedef struct board_col {
    int stage;               /* index into the policy's stages */
    int64_t count, value, weighted;
    store_opp *cards;        /* the window: cards on screen, in order (vis) */
    int n;
    int sel;                 /* selected card, index into cards */
    bool above;              /* cards before the window */
} board_col;

typedef struct board_screen {
    app *a;
    const policy *p;
    board_col *cols;
    int ncols;
    int cur;    /* the selected column */
    int first;  /* the first column shown */
    int shown;  /* columns that fit, from the last draw */
    int vis;    /* cards that fit in a column, from the last draw */
    bool loaded;
    bool sums_ok;
    int64_t total_count, total_value, total_weighted;
} board_screen;

static const ui_action board_hints[] = {UI_A_HELP, UI_A_BOARD_NEXT, UI_A_BOARD_OPEN, UI_A_NEXT_TAB,
                                        UI_A_QUIT};

/* ---- Fetching --------------------------------------------------------------- */
static void query_init(const board_screen *s, const board_col *c, store_opp_query *q)
{
    memset(q, 0, sizeof *q);
    q->stage = s->p->stages[c->stage].code;
    q->sort = STORE_OPP_BY_VALUE;
    q->desc = true; /* the largest deals on top */
}

/* Up to max cards of column c: the first ones (how 0), the ones after
 * edge (1), before edge (-1) or the last ones (2); in column order. */
static int fetch(board_screen *s, ui_ctx *u, const board_col *c, int how, const store_opp *edge,
                 int max, store_opp *out)
{
    store_opp_query q;
    query_init(s, c, &q);
    q.limit = max;
    if (how == 1)
        q.after = edge;
    else if (how == -1)
        q.before = edge;
    else if (how == 2)
        q.from_end = true;
    int n = 0;
    bd_err e = {0};
    if (max <= 0)
        return 0;
    if (app_opp_page(s->a, &q, out, &n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        return 0;
    }
    return n;
}

static bool has_before(board_screen *s, ui_ctx *u, const board_col *c, const store_opp *edge)
{
    store_opp one;
    return fetch(s, u, c, -1, edge, 1, &one) == 1;
}

static int find_card(const board_col *c, int64_t id)
{
    for (int i = 0; i < c->n; i++)
        if (c->cards[i].id == id)
            return i;
    return -1;
}

/* Fill the window with the cards from `from` on (NULL: from the first),
 * topping a short window up from above so the column stays full. */
static void col_load_from(board_screen *s, ui_ctx *u, board_col *c, const store_opp *from)
{
    int vis = s->vis;
    store_opp before;
    if (from && fetch(s, u, c, -1, from, 1, &before) == 1) {
        c->n = fetch(s, u, c, 1, &before, vis, c->cards);
        c->above = true;
    } else {
        c->n = fetch(s, u, c, 0, NULL, vis, c->cards);
        c->above = false;
    }
    if (c->above && c->n < vis) {
        store_opp *more = bd_xcalloc((size_t)vis, sizeof *more);
        int m = c->n ? fetch(s, u, c, -1, &c->cards[0], vis - c->n, more)
                     : fetch(s, u, c, 2, NULL, vis, more);
        if (m > 0) {
            memmove(c->cards + m, c->cards, (size_t)c->n * sizeof *c->cards);
            memcpy(c->cards, more, (size_t)m * sizeof *more);
            c->n += m;
        }
        free(more);
        c->above = c->n > 0 && has_before(s, u, c, &c->cards[0]);
    }
}

/* Reload column c keeping its window and selection where they were. */
static void col_reload(board_screen *s, ui_ctx *u, board_col *c)
{
    int64_t sel_id = c->n ? c->cards[c->sel].id : 0;
    store_opp top;
    bool had = c->n > 0;
    if (had)
        top = c->cards[0];
    col_load_from(s, u, c, had ? &top : NULL);
    int i = sel_id ? find_card(c, sel_id) : -1;
    if (i >= 0)
        c->sel = i;
    else if (c->sel >= c->n)
        c->sel = c->n ? c->n - 1 : 0;
}

/* Counts and values of every stage in one query. */
static void load_sums(board_screen *s, ui_ctx *u)
{
    store_opp_query q;
    memset(&q, 0, sizeof q);
    store_stage_sum *sums = bd_xcalloc(s->p->nstages + 16, sizeof *sums);
    int n = 0;
    bd_err e = {0};
    s->sums_ok = app_opp_sums(s->a, &q, sums, (int)s->p->nstages + 16, &n, &e) == BD_OK;
    if (!s->sums_ok)
        ui_status(u, true, "%s", e.msg);
    s->total_count = s->total_value = s->total_weighted = 0;
    for (int c = 0; c < s->ncols; c++)
        s->cols[c].count = s->cols[c].value = s->cols[c].weighted = 0;
    for (int i = 0; s->sums_ok && i < n; i++) {
        int k = policy_stage_index(s->p, sums[i].stage);
        int64_t v = sums[i].value;
        int64_t prob = k >= 0 ? s->p->stages[k].probability : 0;
        /* v * prob / 100 without overflowing for large sums. */
        int64_t weighted = v / 100 * prob + v % 100 * prob / 100;
        s->total_count += sums[i].count;
        s->total_value += v;
        s->total_weighted += weighted;
        if (k >= 0 && k < s->ncols) {
            s->cols[k].count = sums[i].count;
            s->cols[k].value = v;
            s->cols[k].weighted = weighted;
        }
    }
    free(sums);
}

static void load_all(board_screen *s, ui_ctx *u)
{
    load_sums(s, u);
    for (int c = 0; c < s->ncols; c++)
        col_reload(s, u, &s->cols[c]);
    s->loaded = true;
}

/* ---- Moving the cursor ---------------------------------------------------------- */
static void card_down(board_screen *s, ui_ctx *u, board_col *c)
{
    if (!c->n)
        return;
    if (c->sel < c->n - 1) {
        c->sel++;
        return;
    }
    store_opp next;
    if (fetch(s, u, c, 1, &c->cards[c->n - 1], 1, &next) != 1)
        return;
    if (c->n < s->vis) {
        c->cards[c->n++] = next;
    } else {
        memmove(c->cards, c->cards + 1, (size_t)(c->n - 1) * sizeof *c->cards);
        c->cards[c->n - 1] = next;
        c->above = true;
    }
    c->sel = c->n - 1;
}

static void card_up(board_screen *s, ui_ctx *u, board_col *c)
{
    if (!c->n)
        return;
    if (c->sel > 0) {
        c->sel--;
        return;
    }
    store_opp prev;
    if (!c->above || fetch(s, u, c, -1, &c->cards[0], 1, &prev) != 1) {
        c->above = false;
        return;
    }
    int keep = c->n < s->vis ? c->n : s->vis - 1;
    memmove(c->cards + 1, c->cards, (size_t)keep * sizeof *c->cards);
    c->cards[0] = prev;
    c->n = keep + 1;
    c->above = has_before(s, u, c, &c->cards[0]);
}

static void card_top(board_screen *s, ui_ctx *u, board_col *c)
{
    col_load_from(s, u, c, NULL);
    c->sel = 0;
}

static void card_bottom(board_screen *s, ui_ctx *u, board_col *c)
{
    c->n = fetch(s, u, c, 2, NULL, s->vis, c->cards);
    c->above = c->n > 0 && has_before(s, u, c, &c->cards[0]);
    c->sel = c->n ? c->n - 1 : 0;
}

/* Keep the selected column among those shown. */
static void scroll_columns(board_screen *s)
{
    if (s->shown <= 0)
        return;
    if (s->cur < s->first)
        s->first = s->cur;
    if (s->cur >= s->first + s->shown)
        s->first = s->cur - s->shown + 1;
    if (s->first > s->ncols - s->shown)
        s->first = s->ncols - s->shown;
    if (s->first < 0)
        s->first = 0;
}

/* ---- Drawing ---------------------------------------------------------------------- */

/* A stage name for `cols` cells: whole when it fits, else its first word
 * ("需求分析" of "需求分析 Needs analysis"), else cut. */
static void stage_label(const char *name, int cols, char *buf, size_t n)
{
    bd_strlcpy(buf, name, n);
    if (bd_text_width(buf) <= cols)
        return;
    char *sp = strchr(buf, ' ');
    if (sp)
        *sp = '\0';
}

/* Money for `cols` cells: with cents when they fit, else whole units, else
 * in thousands ("12,346K"); cutting digits off would misstate it. */
static void money_fit(int64_t v, int cols, const char *prefix, char *buf, size_t n)
{
    char m[48];
    if (v < 0) {
        snprintf(buf, n, "%s-", prefix);
        return;
    }
    bd_money_format(v, true, m, sizeof m);
    snprintf(buf, n, "%s%s", prefix, m);
    if (bd_text_width(buf) <= cols)
        return;
    char *dot = strrchr(m, '.');
    if (dot)
        *dot = '\0';
    snprintf(buf, n, "%s%s", prefix, m);
    if (bd_text_width(buf) <= cols)
        return;
    bd_money_format(v / 100000 * 100, true, m, sizeof m); /* thousands, whole */
    dot = strrchr(m, '.');
    if (dot)
        *dot = '\0';
    snprintf(buf, n, "%s%sK", prefix, m);
}

static void draw_column(board_screen *s, const board_col *c, bool on, int y, int x, int w,
                        int cards_h)
{
    const policy_stage *sg = &s->p->stages[c->stage];
    int tw = w - 1; /* a marker cell, then the text */
    char buf[128];
    attr_t head = on ? ui_attr(UI_COL_SELECTED) : ui_attr(UI_COL_HEADER);
    attron(head);
    stage_label(sg->name, tw, buf, sizeof buf);
    ui_put(y, x, on ? ">" : " ", 1, false);
    ui_put(y, x + 1, buf, tw, false);
    attroff(head);
    snprintf(buf, sizeof buf, "(%lld) %d%%", (long long)c->count, sg->probability);
    ui_put(y + 1, x + 1, buf, tw, false);
    if (c->count) {
        money_fit(c->value, tw, "", buf, sizeof buf);
        ui_put(y + 2, x + 1, buf, tw, true);
        money_fit(c->weighted, tw, "~", buf, sizeof buf);
        ui_put(y + 3, x + 1, buf, tw, true);
    }
    move(y + 4, x);
    hline(ACS_HLINE, w);

    int cy = y + HEAD_LINES + 1;
    if (c->above) {
        ui_put(cy - 1, x + w / 2 - 1, " ^ ", 3, false);
    }
    if (c->n == 0) {
        attr_t at = on ? ui_attr(UI_COL_SELECTED) : ui_attr(UI_COL_DIM);
        attron(at);
        ui_put(cy, x, on ? ">" : " ", 1, false);
        ui_put(cy, x + 1, "(none)", tw, false);
        attroff(at);
        return;
    }
    int shown = 0;
    for (int i = 0; i < c->n && 2 * (i + 1) <= cards_h; i++, shown++) {
        const store_opp *o = &c->cards[i];
        bool sel = on && i == c->sel;
        attr_t at = sel ? ui_attr(UI_COL_SELECTED) : 0;
        attron(at);
        ui_put(cy + 2 * i, x, sel ? ">" : " ", 1, false);
        ui_put(cy + 2 * i, x + 1, o->company, tw, false);
        money_fit(o->value, tw, "", buf, sizeof buf);
        ui_put(cy + 2 * i + 1, x, "", 1, false);
        ui_put(cy + 2 * i + 1, x + 1, buf, tw, true);
        attroff(at);
    }
    /* What the column does not show: above the window and below it. */
    int64_t hidden = c->count - shown;
    if (hidden > 0) {
        snprintf(buf, sizeof buf, "+%lld more", (long long)hidden);
        attron(ui_attr(UI_COL_DIM));
        ui_put(cy + 2 * shown, x + 1, buf, tw, false);
        attroff(ui_attr(UI_COL_DIM));
    }
}

static void board_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    board_screen *s = st;
    /* Lines: title, the heads and a rule, the cards (two lines each and a
     * line for "+N more"), the totals. */
    int cards_h = h - 1 - (HEAD_LINES + 1) - 1;
    int vis = (cards_h - 1) / 2;
    if (vis < 1)
        vis = 1;
    if (vis > MAX_CARDS)
        vis = MAX_CARDS;
    if (s->ncols == 0) {
        ui_title(u, y, x, w, "Pipeline > Board");
        ui_put(y + 2, x + 2, "pipeline.yaml has no stages.", w - 4, false);
        return;
    }
    if (vis != s->vis || !s->loaded) {
        if (vis > s->vis)
            for (int c = 0; c < s->ncols; c++)
                s->cols[c].cards = bd_xrealloc(s->cols[c].cards,
                                               (size_t)vis * sizeof *s->cols[c].cards);
        s->vis = vis;
        for (int c = 0; c < s->ncols; c++)
            if (s->cols[c].n > vis)
                s->cols[c].n = vis;
        load_all(s, u);
    }
    s->shown = (w + 1) / (MIN_COL + 1);
    if (s->shown > s->ncols)
        s->shown = s->ncols;
    if (s->shown < 1)
        s->shown = 1;
    scroll_columns(s);
    int cw = (w - (s->shown - 1)) / s->shown;

    char title[100] = "Pipeline > Board";
    if (s->shown < s->ncols)
        snprintf(title, sizeof title, "Pipeline > Board  %sstages %d-%d of %d%s",
                 s->first > 0 ? "< " : "", s->first + 1, s->first + s->shown, s->ncols,
                 s->first + s->shown < s->ncols ? " >" : "");
    ui_title(u, y, x, w, title);
    for (int k = 0; k < s->shown; k++) {
        int ci = s->first + k;
        int cx = x + k * (cw + 1);
        draw_column(s, &s->cols[ci], ci == s->cur, y + 1, cx, cw, cards_h);
        if (k + 1 < s->shown) {
            move(y + 1, cx + cw);
            vline(ACS_VLINE, h - 2);
            mvaddch(y + 1 + HEAD_LINES, cx + cw, ACS_PLUS);
        }
    }
    char line[400] = "", value[48], weighted[48];
    if (s->sums_ok)
        snprintf(line, sizeof line, "%lld opportunit%s  value %s  weighted (~) %s %s",
                 (long long)s->total_count, s->total_count == 1 ? "y" : "ies",
                 bd_money_format(s->total_value, true, value, sizeof value),
                 bd_money_format(s->total_weighted, true, weighted, sizeof weighted),
                 s->p->currency);
    ui_put(y + h - 1, x + 1, line, w - 2, false);
}

/* ---- Actions ---------------------------------------------------------------------- */
static bool selected_card(board_screen *s, ui_ctx *u, store_opp *o)
{
    board_col *c = &s->cols[s->cur];
    if (!c->n) {
        ui_status(u, false, "No opportunity in %s", s->p->stages[c->stage].name);
        return false;
    }
    bd_err e = {0};
    /* Read it again: the move needs its current fields and version. */
    if (app_opp_get(s->a, c->cards[c->sel].id, o, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        col_reload(s, u, c);
        return false;
    }
    return true;
}

static void move_card(board_screen *s, ui_ctx *u)
{
    store_opp o, out;
    if (!selected_card(s, u, &o) || !ui_opp_move_next(u, &o, &out))
        return;
    /* Follow the card into its new column, so m again moves it on. */
    load_sums(s, u);
    col_reload(s, u, &s->cols[s->cur]);
    int to = policy_stage_index(s->p, out.stage);
    if (to < 0 || to >= s->ncols)
        return;
    s->cur = to;
    board_col *c = &s->cols[to];
    col_load_from(s, u, c, &out);
    int i = find_card(c, out.id);
    c->sel = i >= 0 ? i : 0;
}

static void open_card(board_screen *s, ui_ctx *u)
{
    board_col *c = &s->cols[s->cur];
    if (!c->n) {
        ui_status(u, false, "No opportunity in %s", s->p->stages[c->stage].name);
        return;
    }
    int64_t id = c->cards[c->sel].id;
    void *opp = ui_show_view(u, &ui_screen_opportunities);
    if (opp)
        ui_opportunities_select(opp, u, id);
}

static bool board_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    board_screen *s = st;
    (void)key;
    if (s->ncols == 0 || s->vis == 0)
        return false;
    board_col *c = &s->cols[s->cur];
    switch (a) {
    case UI_A_BOARD_LEFT:
        if (s->cur > 0)
            s->cur--;
        return true;
    case UI_A_BOARD_RIGHT:
        if (s->cur < s->ncols - 1)
            s->cur++;
        return true;
    case UI_A_UP: card_up(s, u, c); return true;
    case UI_A_DOWN: card_down(s, u, c); return true;
    case UI_A_PAGE_UP:
        for (int i = 0; i < s->vis; i++)
            card_up(s, u, c);
        return true;
    case UI_A_PAGE_DOWN:
        for (int i = 0; i < s->vis; i++)
            card_down(s, u, c);
        return true;
    case UI_A_TOP: card_top(s, u, c); return true;
    case UI_A_BOTTOM: card_bottom(s, u, c); return true;
    case UI_A_BOARD_NEXT: move_card(s, u); return true;
    case UI_A_BOARD_OPEN:
    case UI_A_OPEN: open_card(s, u); return true;
    default: return false;
    }
}

static void board_reload(void *st, ui_ctx *u)
{
    board_screen *s = st;
    if (s->vis > 0)
        load_all(s, u);
}

static void *board_open(ui_ctx *u)
{
    board_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    s->ncols = (int)s->p->nstages;
    s->cols = bd_xcalloc((size_t)s->ncols, sizeof *s->cols);
    for (int c = 0; c < s->ncols; c++)
        s->cols[c].stage = c; /* cards are allocated for the height when drawn */
    return s;
}

static void board_close(void *st)
{
    board_screen *s = st;
    for (int c = 0; c < s->ncols; c++)
        free(s->cols[c].cards);
    free(s->cols);
    free(s);
}

const ui_screen_ops ui_screen_board = {
    .title = "Board",
    .perm = PERM_PIPELINE,
    .context = UI_CTX_BOARD,
    .open = board_open,
    .close = board_close,
    .draw = board_draw,
    .handle = board_handle,
    .reload = board_reload,
    .hints = board_hints,
    .nhints = (int)(sizeof board_hints / sizeof board_hints[0]),
};
