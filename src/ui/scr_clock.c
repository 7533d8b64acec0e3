/*
 * Contracts > Clock: the dates that matter on the contracts the user may
 * see (app_contract_clock applies the role's scope), from those already
 * passed but still open to `days` ahead: renewal talks, the last day to
 * give notice, expiries, milestone payments due, retention ends.  A date
 * before today is shown bold and marked "!" (never by colour alone).  d
 * changes how far ahead it looks; Enter opens the contract's details.
 *
 * The clock is a few dates per contract, so the screen reads it whole (up
 * to MAX_ITEMS) and serves the paged list from memory (ui_list_pick); it is
 * read again when the view is shown, after the details close and when
 * someone else commits.  A row's key is its date, contract and kind, so
 * the cursor stays on the same date across a reload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ITEMS 500

enum { C_MARK, C_DATE, C_KIND, C_NUMBER, C_COMPANY, C_WHAT, NCOLS };

/* The horizons d steps through, in days; the view opens on 90. */
static const int horizons[] = {30, 60, 90, 180, 365};
#define NHORIZONS ((int)(sizeof horizons / sizeof horizons[0]))
#define FIRST_HORIZON 2

typedef struct clock_row {
    app_clock_item it;
    char key[64]; /* "date contract kind n": sorts as the rows show */
} clock_row;

typedef struct clock_screen {
    app *a;
    clock_row *rows; /* sorted by key */
    int n, passed;   /* rows; of them before today */
    bool loaded;
    int horizon;     /* index into horizons */
    char today[11], until[11];
    ui_list *list;
    ui_column cols[NCOLS];
    int width;       /* the area width the columns were laid out for */
} clock_screen;

static const ui_action clock_hints[] = {UI_A_HELP,   UI_A_CLOCK_OPEN, UI_A_CLOCK_DAYS,
                                        UI_A_SEARCH, UI_A_NEXT_TAB,   UI_A_QUIT};

/* ---- Loading ------------------------------------------------------------------ */
static int row_cmp(const void *x, const void *y)
{
    return strcmp(((const clock_row *)x)->key, ((const clock_row *)y)->key);
}

/* Read the clock for the current horizon. */
static void load(clock_screen *s, ui_ctx *u)
{
    int days = horizons[s->horizon];
    app_today(s->today, sizeof s->today);
    bd_date t;
    if (bd_date_parse(s->today, &t, NULL) == BD_OK)
        bd_date_format(bd_date_from_days(bd_date_days(t) + days), s->until, sizeof s->until);
    app_clock_item *items = bd_xcalloc(MAX_ITEMS, sizeof *items);
    int n = 0;
    bd_err e = {0};
    if (app_contract_clock(s->a, days, items, MAX_ITEMS, &n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        n = 0;
    }
    s->n = s->passed = 0;
    for (int i = 0; i < n; i++) {
        clock_row *r = &s->rows[s->n++];
        r->it = items[i];
        /* Dates of one contract and kind on one day are told apart by their
         * order in the clock. */
        int same = 0;
        for (int k = 0; k < i; k++)
            same += strcmp(items[k].date, r->it.date) == 0 &&
                    items[k].contract_id == r->it.contract_id && items[k].kind == r->it.kind;
        snprintf(r->key, sizeof r->key, "%s %012lld %d %03d", r->it.date,
                 (long long)r->it.contract_id, (int)r->it.kind, same);
        s->passed += strcmp(r->it.date, s->today) < 0;
    }
    free(items);
    qsort(s->rows, (size_t)s->n, sizeof *s->rows, row_cmp);
    s->loaded = true;
    s->width = 0; /* lay the columns out for these rows */
}

/* ---- The list's source ---------------------------------------------------------- */
static const char *row_key(void *src, int i)
{
    return ((clock_screen *)src)->rows[i].key;
}

static void number_text(const app_clock_item *it, char *buf, size_t n)
{
    if (it->number[0])
        snprintf(buf, n, "%s", it->number);
    else
        snprintf(buf, n, "#%lld", (long long)it->contract_id);
}

static bool row_matches(void *src, int i, const char *filter)
{
    const app_clock_item *it = &((clock_screen *)src)->rows[i].it;
    char number[64];
    number_text(it, number, sizeof number);
    return ui_text_contains(number, filter) || ui_text_contains(it->company, filter) ||
           ui_text_contains(it->what, filter) ||
           ui_text_contains(app_clock_kind_name(it->kind), filter);
}

static bd_status clock_fetch(void *src, ui_fetch how, const char *key, const char *filter,
                             int max, ui_row *out, int *n, bd_err *e)
{
    clock_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const clock_row *r = &s->rows[idx[i]];
        bool passed = strcmp(r->it.date, s->today) < 0;
        char number[64];
        number_text(&r->it, number, sizeof number);
        bd_strlcpy(out[i].key, r->key, sizeof out[i].key);
        out[i].cells[C_MARK] = bd_xstrdup(passed ? "!" : "");
        out[i].cells[C_DATE] = bd_xstrdup(r->it.date);
        out[i].cells[C_KIND] = bd_xstrdup(app_clock_kind_name(r->it.kind));
        out[i].cells[C_NUMBER] = bd_xstrdup(number);
        out[i].cells[C_COMPANY] = bd_xstrdup(r->it.company);
        out[i].cells[C_WHAT] = bd_xstrdup(r->it.what);
        out[i].bold = passed;
    }
    free(idx);
    return BD_OK;
}

/* ---- Drawing ------------------------------------------------------------------- */

/* Columns for an area w cells wide: the kind and the number as wide as
 * their widest, the customer as its widest up to 30 cells while what is
 * left for the description stays readable; the description takes the rest. */
static void layout(clock_screen *s, int w)
{
    enum { COMPANY_MIN = 8, COMPANY_MAX = 30, WHAT_MIN = 24 };
    int kind = 4, number = 8, company = COMPANY_MIN;
    for (int k = CLOCK_RENEWAL; k <= CLOCK_RETENTION; k++)
        if (bd_text_width(app_clock_kind_name((app_clock_kind)k)) > kind)
            kind = bd_text_width(app_clock_kind_name((app_clock_kind)k));
    for (int i = 0; i < s->n; i++) {
        char buf[64];
        number_text(&s->rows[i].it, buf, sizeof buf);
        if (bd_text_width(buf) > number)
            number = bd_text_width(buf);
        if (bd_text_width(s->rows[i].it.company) > company)
            company = bd_text_width(s->rows[i].it.company);
    }
    int used = 1 + (2 + 1) + (10 + 1) + (kind + 1) + (number + 1) + 1;
    if (company > COMPANY_MAX)
        company = COMPANY_MAX;
    if (company > w - used - WHAT_MIN)
        company = w - used - WHAT_MIN;
    if (company < COMPANY_MIN)
        company = COMPANY_MIN; /* the description goes off the edge */
    static const char *const titles[NCOLS] = {"", "Date", "Kind", "Contract", "Customer", "What"};
    const int widths[NCOLS] = {[C_MARK] = 2,        [C_DATE] = 10,         [C_KIND] = kind,
                               [C_NUMBER] = number, [C_COMPANY] = company, [C_WHAT] = 0};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c], .right = c == C_MARK};
    s->width = w;
}

static void clock_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    clock_screen *s = st;
    if (!s->loaded)
        load(s, u);
    if (w != s->width)
        layout(s, w); /* the cells do not depend on the widths: no reload */
    const char *f = ui_list_filter(s->list);
    char title[300];
    snprintf(title, sizeof title, "Contracts > Clock  next %d days, to %s%s%s%s",
             horizons[s->horizon], s->until, f[0] ? "  [search: " : "", f, f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    if (s->n == 0) {
        char msg[200];
        snprintf(msg, sizeof msg, "Nothing on the clock in the next %d days: no renewal, notice, "
                 "expiry, payment or retention date.", horizons[s->horizon]);
        ui_put(y + 2, x + 2, msg, w - 4, false);
        ui_put(y + 4, x + 2, "d looks further ahead; 2 lists the contracts.", w - 4, false);
        return;
    }
    ui_list_draw(s->list, u, y + 1, x, h - 2, w);
    /* The horizons, the current one in brackets, so d says where it goes. */
    char ways[80] = "", foot[300];
    for (int i = 0; i < NHORIZONS; i++) {
        size_t len = strlen(ways);
        snprintf(ways + len, sizeof ways - len, i == s->horizon ? " [%d]" : " %d", horizons[i]);
    }
    snprintf(foot, sizeof foot, "%d date%s%s, %d passed (marked !)    d: days ahead%s", s->n,
             s->n == 1 ? "" : "s", s->n == MAX_ITEMS ? " (the first ones)" : "", s->passed, ways);
    ui_put(y + h - 1, x + 1, foot, w - 2, false);
}

/* ---- Keys ---------------------------------------------------------------------- */
static void reload(clock_screen *s, ui_ctx *u)
{
    load(s, u);
    ui_list_reload(s->list, u);
}

static void open_selected(clock_screen *s, ui_ctx *u)
{
    const ui_row *sel = ui_list_selected(s->list);
    const clock_row *r = NULL;
    for (int i = 0; sel && i < s->n && !r; i++)
        if (strcmp(s->rows[i].key, sel->key) == 0)
            r = &s->rows[i];
    if (!r) {
        ui_status(u, false, "No date here to open%s",
                  ui_list_filter(s->list)[0] ? " (/ changes the search)" : "");
        return;
    }
    ui_contract_detail(u, r->it.contract_id);
    reload(s, u);
}

static bool clock_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    clock_screen *s = st;
    (void)key;
    switch (a) {
    case UI_A_CLOCK_DAYS:
        s->horizon = (s->horizon + 1) % NHORIZONS;
        reload(s, u);
        ui_status(u, false, "The clock looks %d days ahead, to %s: %d date%s",
                  horizons[s->horizon], s->until, s->n, s->n == 1 ? "" : "s");
        return true;
    case UI_A_CLOCK_OPEN:
    case UI_A_OPEN: open_selected(s, u); return true;
    default: return ui_list_handle(s->list, u, a);
    }
}

static void clock_reload(void *st, ui_ctx *u)
{
    reload(st, u);
}

static void *clock_open(ui_ctx *u)
{
    clock_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->rows = bd_xcalloc(MAX_ITEMS, sizeof *s->rows);
    s->horizon = FIRST_HORIZON;
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, clock_fetch, s);
    return s;
}

static void clock_close(void *st)
{
    clock_screen *s = st;
    ui_list_delete(&s->list);
    free(s->rows);
    free(s);
}

const ui_screen_ops ui_screen_clock = {
    .title = "Clock",
    .perm = PERM_CONTRACTS,
    .context = UI_CTX_CLOCK,
    .open = clock_open,
    .close = clock_close,
    .draw = clock_draw,
    .handle = clock_handle,
    .reload = clock_reload,
    .hints = clock_hints,
    .nhints = (int)(sizeof clock_hints / sizeof clock_hints[0]),
};
