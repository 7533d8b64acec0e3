/*
 * Contracts > Inbox: the contracts awaiting the user's decision (app_inbox),
 * oldest first: the customer, the amount, the step that waits for them,
 * who asked and since when, and for whom when they decide as a deputy.
 * a approves, r rejects (with the reason), Enter opens the details.
 *
 * An inbox is a day's work, so the screen holds it whole (up to MAX_ITEMS)
 * and reads it again when the view is shown, after each decision and when
 * someone else commits; the cursor stays on the same contract, or where it
 * was when that contract left the inbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ITEMS 500

enum { I_ID, I_COMPANY, I_AMOUNT, I_CUR, I_STEP, I_ASKED, I_SINCE, I_FOR, I_COUNT };

typedef struct inbox_col {
    int x, w; /* w 0: not shown */
    bool right;
} inbox_col;

typedef struct inbox_screen {
    app *a;
    app_inbox_item *items;
    int n;
    bool loaded;
    int cursor; /* index into items */
    int top;    /* first item shown */
    int height; /* rows that fit, from the last draw */
    char today[11];
} inbox_screen;

static const ui_action inbox_hints[] = {UI_A_HELP,     UI_A_INBOX_APPROVE, UI_A_INBOX_REJECT,
                                        UI_A_INBOX_OPEN, UI_A_NEXT_TAB,    UI_A_QUIT};

/* ---- Loading ------------------------------------------------------------------- */
static void load(inbox_screen *s, ui_ctx *u)
{
    int64_t was = s->loaded && s->cursor < s->n ? s->items[s->cursor].contract.id : 0;
    bd_err e = {0};
    app_today(s->today, sizeof s->today);
    if (app_inbox(s->a, s->items, MAX_ITEMS, &s->n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        s->n = 0;
    }
    s->loaded = true;
    for (int i = 0; was && i < s->n; i++)
        if (s->items[i].contract.id == was) {
            s->cursor = i;
            return;
        }
    /* Gone (decided): the next one comes under the cursor. */
    if (s->cursor >= s->n)
        s->cursor = s->n ? s->n - 1 : 0;
}

/* ---- Drawing ------------------------------------------------------------------- */

static void put_col(const inbox_col *c, int y, int x, int w, const char *text)
{
    if (!c->w || c->x >= w)
        return;
    ui_put(y, x + c->x, text, c->w < w - c->x ? c->w : w - c->x, c->right);
}

/* "2026-11-20  4d": since when, and how many days that is. */
static void since_cell(const inbox_screen *s, const char *since, char *buf, size_t n)
{
    bd_date d, t;
    snprintf(buf, n, "%.10s", since);
    if (bd_date_parse(buf, &d, NULL) != BD_OK || bd_date_parse(s->today, &t, NULL) != BD_OK)
        return;
    int64_t days = bd_date_days(t) - bd_date_days(d);
    if (days > 0)
        snprintf(buf, n, "%.10s %lldd", since, (long long)days);
}

/* Where the columns go in an area w cells wide.  The columns but the
 * customer's are as wide as their widest cell; the customer gets what they
 * leave (the step's name shortens to its first word first).  The For
 * column shows only when some row is a deputy's. */
static void layout(const inbox_screen *s, int w, inbox_col *c)
{
    enum { STEP_MAX = 28, COMPANY_MIN = 16, COMPANY_MAX = 32 };
    int width[I_COUNT] = {[I_ID] = 2,    [I_AMOUNT] = 6, [I_CUR] = 3, [I_STEP] = 8,
                          [I_ASKED] = 8, [I_SINCE] = 5,  [I_FOR] = 0}; /* the titles' */
    for (int i = 0; i < s->n; i++) {
        const app_inbox_item *it = &s->items[i];
        char buf[64];
        int cw;
        snprintf(buf, sizeof buf, "#%lld", (long long)it->contract.id);
        if ((cw = bd_text_width(buf)) > width[I_ID])
            width[I_ID] = cw;
        bd_money_format(it->contract.amount, true, buf, sizeof buf);
        if ((cw = bd_text_width(buf)) > width[I_AMOUNT])
            width[I_AMOUNT] = cw;
        if ((cw = bd_text_width(it->step_name)) > width[I_STEP])
            width[I_STEP] = cw < STEP_MAX ? cw : STEP_MAX;
        if ((cw = bd_text_width(it->asked_by)) > width[I_ASKED])
            width[I_ASKED] = cw;
        since_cell(s, it->waiting_since, buf, sizeof buf);
        if ((cw = bd_text_width(buf)) > width[I_SINCE])
            width[I_SINCE] = cw;
        if (it->on_behalf[0] && (cw = 4 + bd_text_width(it->on_behalf)) > width[I_FOR])
            width[I_FOR] = cw;
    }
    int company = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass)
            width[I_STEP] = 10;
        int used = 2; /* the cursor marker and a space */
        for (int i = 0; i < I_COUNT; i++)
            if (i != I_COMPANY && width[i])
                used += width[i] + 1;
        company = w - used - 1;
        if (company >= COMPANY_MIN)
            break;
    }
    if (company > COMPANY_MAX)
        company = COMPANY_MAX;
    if (company < 8)
        company = 8; /* the columns on the right go off the edge */
    width[I_COMPANY] = company;
    int x = 2;
    for (int i = 0; i < I_COUNT; i++) {
        c[i] = (inbox_col){.x = x, .w = width[i], .right = i == I_ID || i == I_AMOUNT};
        if (width[i])
            x += width[i] + 1;
    }
}

static void draw_row(const inbox_screen *s, const app_inbox_item *it, bool sel, const inbox_col *c,
                     int y, int x, int w)
{
    char id[32], money[40], since[40], forw[64];
    attr_t at = sel ? ui_attr(UI_COL_SELECTED) : 0;
    attron(at);
    ui_put(y, x, "", w, false);
    ui_put(y, x, sel ? ">" : " ", 1, false);
    snprintf(id, sizeof id, "#%lld", (long long)it->contract.id);
    put_col(&c[I_ID], y, x, w, id);
    put_col(&c[I_COMPANY], y, x, w, it->contract.company);
    put_col(&c[I_AMOUNT], y, x, w, bd_money_format(it->contract.amount, true, money, sizeof money));
    put_col(&c[I_CUR], y, x, w, it->contract.currency);
    char *step = ui_name_cell(it->step_name, c[I_STEP].w);
    put_col(&c[I_STEP], y, x, w, step);
    free(step);
    put_col(&c[I_ASKED], y, x, w, it->asked_by);
    since_cell(s, it->waiting_since, since, sizeof since);
    put_col(&c[I_SINCE], y, x, w, since);
    snprintf(forw, sizeof forw, "%s%s", it->on_behalf[0] ? "for " : "", it->on_behalf);
    put_col(&c[I_FOR], y, x, w, forw);
    attroff(at);
}

static void inbox_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    inbox_screen *s = st;
    if (!s->loaded)
        load(s, u);
    char title[200];
    if (s->n)
        snprintf(title, sizeof title, "Contracts > Inbox  %d awaiting your decision%s", s->n,
                 s->n == MAX_ITEMS ? " (the oldest ones)" : "");
    else
        snprintf(title, sizeof title, "Contracts > Inbox");
    ui_title(u, y, x, w, title);
    if (s->n == 0) {
        ui_put(y + 2, x + 2, "Nothing awaits your decision.", w - 4, false);
        ui_put(y + 4, x + 2, "2 lists the contracts you may see.", w - 4, false);
        return;
    }
    inbox_col c[I_COUNT];
    layout(s, w, c);
    static const char *const titles[I_COUNT] = {"ID",       "Customer", "Amount", "Cur",
                                                "Awaiting", "Asked by", "Since",  "For"};
    attr_t hd = ui_attr(UI_COL_HEADER);
    attron(hd);
    ui_put(y + 1, x, "", w, false);
    for (int i = 0; i < I_COUNT; i++)
        put_col(&c[i], y + 1, x, w, titles[i]);
    attroff(hd);
    s->height = h - 3;
    if (s->height < 1)
        s->height = 1;
    if (s->cursor < s->top)
        s->top = s->cursor;
    if (s->cursor >= s->top + s->height)
        s->top = s->cursor - s->height + 1;
    if (s->top > s->n - s->height)
        s->top = s->n - s->height;
    if (s->top < 0)
        s->top = 0;
    for (int r = 0; r < s->height && s->top + r < s->n; r++)
        draw_row(s, &s->items[s->top + r], s->top + r == s->cursor, c, y + 2 + r, x, w);
    char foot[200];
    int more = s->n - (s->top + s->height);
    snprintf(foot, sizeof foot, "%d contract%s, oldest first%s", s->n, s->n == 1 ? "" : "s",
             more > 0 ? "; more below (Down, PgDn)" : "");
    ui_put(y + h - 1, x + 1, foot, w - 2, false);
}

/* ---- Keys ----------------------------------------------------------------------- */
static const app_inbox_item *selected(inbox_screen *s, ui_ctx *u)
{
    if (s->n == 0) {
        ui_status(u, false, "Nothing awaits your decision");
        return NULL;
    }
    return &s->items[s->cursor];
}

static void move_cursor(inbox_screen *s, int by)
{
    s->cursor += by;
    if (s->cursor >= s->n)
        s->cursor = s->n - 1;
    if (s->cursor < 0)
        s->cursor = 0;
}

static bool inbox_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    inbox_screen *s = st;
    (void)key;
    const app_inbox_item *it;
    int page = s->height > 1 ? s->height - 1 : 1;
    switch (a) {
    case UI_A_UP: move_cursor(s, -1); return true;
    case UI_A_DOWN: move_cursor(s, 1); return true;
    case UI_A_PAGE_UP: move_cursor(s, -page); return true;
    case UI_A_PAGE_DOWN: move_cursor(s, page); return true;
    case UI_A_TOP: move_cursor(s, -s->n); return true;
    case UI_A_BOTTOM: move_cursor(s, s->n); return true;
    case UI_A_INBOX_APPROVE:
    case UI_A_INBOX_REJECT:
        if ((it = selected(s, u))) {
            /* The row as the person saw it: its version goes with the
             * decision, so one that moved on meanwhile is refused. */
            app_inbox_item seen = *it;
            ui_contract_decide(u, &seen.contract,
                               a == UI_A_INBOX_APPROVE ? APV_APPROVE : APV_REJECT, seen.on_behalf);
            load(s, u);
        }
        return true;
    case UI_A_INBOX_OPEN:
    case UI_A_OPEN:
        if ((it = selected(s, u))) {
            ui_contract_detail(u, it->contract.id);
            load(s, u);
        }
        return true;
    case UI_A_SEARCH:
        ui_status(u, false, "The inbox is not filtered; 2 lists and searches every contract");
        return true;
    default: return false;
    }
}

static void inbox_reload(void *st, ui_ctx *u)
{
    load(st, u);
}

static void *inbox_open(ui_ctx *u)
{
    inbox_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->items = bd_xcalloc(MAX_ITEMS, sizeof *s->items);
    s->height = 10;
    return s;
}

static void inbox_close(void *st)
{
    inbox_screen *s = st;
    free(s->items);
    free(s);
}

/* A deputy for contracts decides from the Inbox without the module of
 * their own. */
static bool inbox_may_open(app *a)
{
    return app_can(a, PERM_CONTRACTS) || app_is_deputy(a, "contracts");
}

const ui_screen_ops ui_screen_inbox = {
    .title = "Inbox",
    .perm = PERM_CONTRACTS,
    .may_open = inbox_may_open,
    .context = UI_CTX_INBOX,
    .open = inbox_open,
    .close = inbox_close,
    .draw = inbox_draw,
    .handle = inbox_handle,
    .reload = inbox_reload,
    .hints = inbox_hints,
    .nhints = (int)(sizeof inbox_hints / sizeof inbox_hints[0]),
};
