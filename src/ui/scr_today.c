/*
 * Pipeline > Today: what needs doing, from app_agenda: the user's own
 * follow-ups overdue and due today, then within their reach the
 * opportunities stale in their stage, customers gone quiet (churn risks)
 * and complaints not closed.  One group per kind, each under a header with
 * its count; Enter opens the item's opportunity in the Opportunities view.
 *
 * The agenda is short by nature (a day's work), so the screen holds it
 * whole (up to MAX_ITEMS) and scrolls through it; it is read again when
 * the view is shown and when someone changes the data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ITEMS 500
#define NKINDS (AGENDA_COMPLAINT + 1)

/* A line of the screen: a group's header or one item. */
#define LINE_HEADER (-1)
#define LINE_BLANK (-2)

typedef struct today_line {
    int item; /* index into items; LINE_HEADER, LINE_BLANK */
    app_agenda_kind kind;
} today_line;

typedef struct today_screen {
    app *a;
    app_agenda_item *items;
    int n;
    int count[NKINDS];
    today_line *lines; /* headers and items, in display order */
    int nlines;
    bool loaded;
    int cursor; /* index into lines; always an item's line when there are items */
    int top;    /* first line shown */
    int height; /* lines that fit, from the last draw */
    char today[11];
} today_screen;

static const ui_action today_hints[] = {UI_A_HELP, UI_A_TODAY_OPEN, UI_A_NEXT_TAB, UI_A_QUIT};

static const char *group_title(app_agenda_kind k)
{
    switch (k) {
    case AGENDA_OVERDUE: return "Overdue follow-ups";
    case AGENDA_DUE: return "Follow-ups due today";
    case AGENDA_STALE: return "Stale: too long in their stage";
    case AGENDA_CHURN: return "Churn risks: customers gone quiet";
    case AGENDA_COMPLAINT: return "Open complaints";
    }
    return "?";
}

/* ---- Loading ---------------------------------------------------------------- */

/* The lines for the items: the kinds in order, a header before each kind
 * that has items. */
static void build_lines(today_screen *s)
{
    memset(s->count, 0, sizeof s->count);
    for (int i = 0; i < s->n; i++)
        if ((int)s->items[i].kind >= 0 && s->items[i].kind < NKINDS)
            s->count[s->items[i].kind]++;
    s->nlines = 0;
    for (int k = 0; k < NKINDS; k++) {
        if (!s->count[k])
            continue;
        if (s->nlines)
            s->lines[s->nlines++] = (today_line){.item = LINE_BLANK, .kind = (app_agenda_kind)k};
        s->lines[s->nlines++] = (today_line){.item = LINE_HEADER, .kind = (app_agenda_kind)k};
        for (int i = 0; i < s->n; i++)
            if (s->items[i].kind == (app_agenda_kind)k)
                s->lines[s->nlines++] = (today_line){.item = i, .kind = (app_agenda_kind)k};
    }
}

static bool same_item(const app_agenda_item *x, const app_agenda_item *y)
{
    return x->kind == y->kind && x->opp_id == y->opp_id && x->customer_id == y->customer_id &&
           x->ref_id == y->ref_id;
}

static int first_item_line(const today_screen *s, int from, int step)
{
    for (int i = from; i >= 0 && i < s->nlines; i += step)
        if (s->lines[i].item >= 0)
            return i;
    return -1;
}

/* Read the agenda again, keeping the cursor on the same item (or at the
 * same place when it is gone). */
static void load(today_screen *s, ui_ctx *u)
{
    app_agenda_item was = {0};
    bool had = s->loaded && s->cursor < s->nlines && s->lines[s->cursor].item >= 0;
    if (had)
        was = s->items[s->lines[s->cursor].item];
    int old_cursor = s->cursor;
    bd_err e = {0};
    app_today(s->today, sizeof s->today);
    if (app_agenda(s->a, s->items, MAX_ITEMS, &s->n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        s->n = 0;
    }
    s->loaded = true;
    build_lines(s);
    s->cursor = -1;
    for (int i = 0; had && i < s->nlines; i++)
        if (s->lines[i].item >= 0 && same_item(&s->items[s->lines[i].item], &was))
            s->cursor = i;
    if (s->cursor < 0) {
        int c = old_cursor < s->nlines ? old_cursor : s->nlines - 1;
        s->cursor = first_item_line(s, c < 0 ? 0 : c, 1);
        if (s->cursor < 0)
            s->cursor = first_item_line(s, s->nlines - 1, -1);
        if (s->cursor < 0)
            s->cursor = 0;
    }
}

/* ---- Drawing -------------------------------------------------------------------- */

/* Keep the cursor's line on screen, with its group's header when the
 * cursor is on the group's first item. */
static void scroll_to_cursor(today_screen *s)
{
    int want = s->cursor;
    while (want > 0 && s->lines[want - 1].item < 0)
        want--;
    if (want < s->top)
        s->top = want;
    if (s->cursor >= s->top + s->height)
        s->top = s->cursor - s->height + 1;
    if (s->top > s->nlines - s->height)
        s->top = s->nlines - s->height;
    if (s->top < 0)
        s->top = 0;
}

static void draw_item(const app_agenda_item *it, bool sel, int y, int x, int w)
{
    /* Date, company and what, at fixed cells so CJK names line up. */
    int company_w = w / 3 < 30 ? w / 3 : 30;
    attr_t at = sel ? ui_attr(UI_COL_SELECTED) : 0;
    attron(at);
    ui_put(y, x, sel ? ">" : " ", 1, false);
    ui_put(y, x + 1, "", w - 1, false);
    ui_put(y, x + 3, it->date[0] ? it->date : "-", 10, false);
    ui_put(y, x + 15, it->company, company_w, false);
    ui_put(y, x + 17 + company_w, it->what, w - 18 - company_w, false);
    attroff(at);
}

static void today_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    today_screen *s = st;
    if (!s->loaded)
        load(s, u);
    char title[200];
    snprintf(title, sizeof title, "Pipeline > Today  %s", s->today);
    ui_title(u, y, x, w, title);
    s->height = h - 3;
    if (s->height < 1)
        s->height = 1;
    if (s->nlines == 0) {
        ui_put(y + 2, x + 2, "Nothing needs doing today: no follow-ups due, nothing stale, no "
                             "customer gone quiet, no open complaint.",
               w - 4, false);
        ui_put(y + 4, x + 2, "2 lists the opportunities; 3 shows them on the board.", w - 4,
               false);
        return;
    }
    scroll_to_cursor(s);
    for (int r = 0; r < s->height && s->top + r < s->nlines; r++) {
        const today_line *ln = &s->lines[s->top + r];
        int ly = y + 2 + r;
        if (ln->item == LINE_BLANK)
            continue;
        if (ln->item == LINE_HEADER) {
            char head[200];
            snprintf(head, sizeof head, "%s (%d)", group_title(ln->kind), s->count[ln->kind]);
            attr_t at = ui_attr(UI_COL_HEADER);
            attron(at);
            ui_put(ly, x + 1, head, w - 2, false);
            attroff(at);
            continue;
        }
        draw_item(&s->items[ln->item], s->top + r == s->cursor, ly, x, w);
    }
    char foot[300];
    int more = s->nlines - (s->top + s->height);
    snprintf(foot, sizeof foot, "%d item%s%s%s", s->n, s->n == 1 ? "" : "s",
             s->n == MAX_ITEMS ? " (the first ones)" : "",
             more > 0 ? "; more below (Down, PgDn)" : "");
    ui_put(y + h - 1, x + 1, foot, w - 2, false);
}

/* ---- Keys --------------------------------------------------------------------- */
static void move_cursor(today_screen *s, int by)
{
    int step = by < 0 ? -1 : 1;
    int c = s->cursor;
    for (int left = by < 0 ? -by : by; left > 0; left--) {
        int next = first_item_line(s, c + step, step);
        if (next < 0)
            break;
        c = next;
    }
    s->cursor = c;
}

static void open_item(today_screen *s, ui_ctx *u)
{
    if (s->nlines == 0 || s->lines[s->cursor].item < 0) {
        ui_status(u, false, "Nothing to open");
        return;
    }
    const app_agenda_item *it = &s->items[s->lines[s->cursor].item];
    if (!it->opp_id) {
        ui_status(u, false, "%s has no opportunity to open", it->company);
        return;
    }
    int64_t id = it->opp_id;
    store_opp o;
    bd_err e = {0};
    if (app_opp_get(s->a, id, &o, &e) != BD_OK) { /* gone, or out of reach: stay here */
        ui_status(u, true, "%s", e.msg);
        return;
    }
    void *opp = ui_show_view(u, &ui_screen_opportunities);
    if (!opp) {
        ui_status(u, true, "The Opportunities view is not open to you");
        return;
    }
    ui_opportunities_select(opp, u, id);
}

static bool today_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    today_screen *s = st;
    (void)key;
    switch (a) {
    case UI_A_UP: move_cursor(s, -1); return true;
    case UI_A_DOWN: move_cursor(s, 1); return true;
    case UI_A_PAGE_UP: move_cursor(s, -(s->height > 1 ? s->height - 1 : 1)); return true;
    case UI_A_PAGE_DOWN: move_cursor(s, s->height > 1 ? s->height - 1 : 1); return true;
    case UI_A_TOP: move_cursor(s, -s->nlines); return true;
    case UI_A_BOTTOM: move_cursor(s, s->nlines); return true;
    case UI_A_TODAY_OPEN:
    case UI_A_OPEN: open_item(s, u); return true;
    default: return false;
    }
}

static void today_reload(void *st, ui_ctx *u)
{
    load(st, u);
}

static void *today_open(ui_ctx *u)
{
    today_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->items = bd_xcalloc(MAX_ITEMS, sizeof *s->items);
    s->lines = bd_xcalloc(MAX_ITEMS + 2 * NKINDS, sizeof *s->lines);
    s->height = 10;
    return s;
}

static void today_close(void *st)
{
    today_screen *s = st;
    free(s->items);
    free(s->lines);
    free(s);
}

const ui_screen_ops ui_screen_today = {
    .title = "Today",
    .perm = PERM_PIPELINE,
    .context = UI_CTX_TODAY,
    .open = today_open,
    .close = today_close,
    .draw = today_draw,
    .handle = today_handle,
    .reload = today_reload,
    .hints = today_hints,
    .nhints = (int)(sizeof today_hints / sizeof today_hints[0]),
};
