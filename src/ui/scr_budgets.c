/*
 * Claims > Budget: the budgets of one year (app_budget_list: every
 * department's for a role that sees everyone's or manages budgets, else the
 * user's own department's), a row per department, category and period
 * with the budget, what approved claims commit, what paid claims spent,
 * what is left and a text bar of the share used, (committed + paid) /
 * budget: "[######....]  62%", marked "!" past 100% (readable without
 * colour).  Each department ends with a bold total row.  < and > go to the
 * previous and next year; the view opens on this year.
 *
 * A year's budgets are few, so the screen reads them whole (up to MAX_ROWS)
 * and serves the paged list from memory (ui_list_pick), keyed by the
 * department's place and the row's, so the cursor stays put on a reload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ROWS 1000
#define BAR_W 10        /* the bar's # and . between its brackets */
#define USED_W 18       /* "[##########]!>999%" */

enum { B_DEPT, B_CAT, B_PERIOD, B_BUDGET, B_COMMITTED, B_PAID, B_LEFT, B_USED, NCOLS };

typedef struct budget_row {
    store_budget b;   /* a total row: the sums, in amount, committed and paid */
    bool total;
    char key[32];     /* "dept row": sorts as the rows show */
} budget_row;

typedef struct budget_screen {
    app *a;
    const policy *p;
    int year;
    budget_row *rows;
    int n, ndepts;
    bool loaded;
    bool all;         /* the user sees every department's */
    bool cents;       /* amounts with cents (else whole units: narrow) */
    bool dept_short, cat_short; /* names by their first words (narrow) */
    ui_list *list;
    ui_column cols[NCOLS];
    int width;        /* the area width the columns were laid out for */
} budget_screen;

static const ui_action budget_hints[] = {UI_A_HELP,   UI_A_BUDGET_PREV, UI_A_BUDGET_NEXT,
                                         UI_A_SEARCH, UI_A_NEXT_TAB,    UI_A_QUIT};

/* ---- Names and cells ------------------------------------------------------------ */
static const char *dept_name(const budget_screen *s, const char *code)
{
    const policy_department *d = policy_dept_find(s->p, code);
    return d ? d->name : code;
}

static const char *cat_name(const budget_screen *s, const char *code)
{
    int i = policy_category_index(s->p, code);
    return i >= 0 ? s->p->categories[i].name : code;
}

/* The first word of a name ("銷售部" of "銷售部 Sales"), or the whole when
 * not short; a new string. */
static char *name_cell(const char *name, bool short_)
{
    const char *sp = short_ ? strchr(name, ' ') : NULL;
    return sp ? bd_xstrndup(name, (size_t)(sp - name)) : bd_xstrdup(name);
}

static int first_word_width(const char *name)
{
    char *w = name_cell(name, true);
    int cells = bd_text_width(w);
    free(w);
    return cells;
}

/* Money with cents, or in whole units (cut, as ui_money_cell does);
 * negative amounts (over budget: left below zero) keep their sign. */
static char *money(int64_t v, bool cents)
{
    char buf[40];
    bd_money_format(v, true, buf, sizeof buf);
    if (!cents) {
        char *dot = strrchr(buf, '.');
        if (dot)
            *dot = '\0';
    }
    return bd_xstrdup(buf);
}

static int64_t left_of(const store_budget *b)
{
    return b->amount - b->committed - b->paid;
}

/* The share used as a bar: "[######....]  62%", "[##########]!123%". */
static void used_bar(int64_t used, int64_t amount, char *buf, size_t n)
{
    char bar[BAR_W + 1], pct[16];
    int filled;
    if (amount > 0) {
        /* In parts so a large amount cannot overflow. */
        int64_t p = used / amount * 100 + used % amount * 100 / amount;
        filled = p >= 100 ? BAR_W : (int)(p * BAR_W / 100);
        if (p > 999)
            snprintf(pct, sizeof pct, ">999%%");
        else
            snprintf(pct, sizeof pct, "%3lld%%", (long long)p);
    } else {
        filled = used > 0 ? BAR_W : 0;
        snprintf(pct, sizeof pct, "%4s", "-");
    }
    for (int i = 0; i < BAR_W; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[BAR_W] = '\0';
    snprintf(buf, n, "[%s]%c%s", bar, used > amount ? '!' : ' ', pct);
}

/* ---- Loading ------------------------------------------------------------------ */

/* A period's months as numbers year*12 + month - 1, first and last. */
static bool period_months(const char *period, int *from, int *to)
{
    int y, k;
    char c;
    if (sscanf(period, "%4d-Q%1d%c", &y, &k, &c) == 2 && k >= 1 && k <= 4) {
        *from = y * 12 + (k - 1) * 3;
        *to = *from + 2;
    } else if (sscanf(period, "%4d-%2d%c", &y, &k, &c) == 2 && k >= 1 && k <= 12) {
        *from = *to = y * 12 + k - 1;
    } else if (sscanf(period, "%4d%c", &y, &c) == 1) {
        *from = y * 12;
        *to = *from + 11;
    } else {
        return false;
    }
    return true;
}

/* Whether another budget of the same department and category covers b's
 * period (a year its quarters and months, a quarter its months): the
 * department's total counts the widest budget only. */
static bool covered(const store_budget *rows, int n, const store_budget *b)
{
    int f, t;
    if (!period_months(b->period, &f, &t))
        return false;
    for (int i = 0; i < n; i++) {
        const store_budget *o = &rows[i];
        int of, ot;
        if (o == b || strcmp(o->department, b->department) != 0 ||
            strcmp(o->category, b->category) != 0 || !period_months(o->period, &of, &ot))
            continue;
        if (of <= f && t <= ot && ot - of > t - f)
            return true;
    }
    return false;
}

static void load(budget_screen *s, ui_ctx *u)
{
    store_budget *got = bd_xcalloc(MAX_ROWS, sizeof *got);
    int n = 0;
    char year[8];
    snprintf(year, sizeof year, "%04d", s->year);
    bd_err e = {0};
    if (app_budget_list(s->a, year, got, MAX_ROWS, &n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        n = 0;
    }
    /* The store orders by department, category, period; each department
     * gets its total after its rows. */
    s->n = s->ndepts = 0;
    for (int i = 0; i < n;) {
        int d = s->ndepts++, k = 0;
        budget_row *total = NULL;
        store_budget sum = {0};
        bd_strlcpy(sum.department, got[i].department, sizeof sum.department);
        for (; i < n && strcmp(got[i].department, sum.department) == 0; i++, k++) {
            budget_row *r = &s->rows[s->n++];
            r->b = got[i];
            r->total = false;
            snprintf(r->key, sizeof r->key, "%05d %05d", d, k);
            if (!covered(got, n, &got[i])) {
                sum.amount += got[i].amount;
                sum.committed += got[i].committed;
                sum.paid += got[i].paid;
            }
        }
        total = &s->rows[s->n++];
        total->b = sum;
        total->total = true;
        snprintf(total->key, sizeof total->key, "%05d %05d", d, 99999);
    }
    free(got);
    s->loaded = true;
    s->width = 0; /* lay the columns out for these rows */
}

/* ---- The list's source ---------------------------------------------------------- */
static const char *row_key(void *src, int i)
{
    return ((budget_screen *)src)->rows[i].key;
}

static bool row_matches(void *src, int i, const char *filter)
{
    const budget_screen *s = src;
    const store_budget *b = &s->rows[i].b;
    return ui_text_contains(dept_name(s, b->department), filter) ||
           ui_text_contains(b->department, filter) ||
           (!s->rows[i].total && (ui_text_contains(cat_name(s, b->category), filter) ||
                                  ui_text_contains(b->category, filter) ||
                                  ui_text_contains(b->period, filter)));
}

static bd_status budget_fetch(void *src, ui_fetch how, const char *key, const char *filter,
                              int max, ui_row *out, int *n, bd_err *e)
{
    budget_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const budget_row *r = &s->rows[idx[i]];
        const store_budget *b = &r->b;
        char bar[64];
        bd_strlcpy(out[i].key, r->key, sizeof out[i].key);
        out[i].cells[B_DEPT] = name_cell(dept_name(s, b->department), s->dept_short);
        out[i].cells[B_CAT] = r->total ? bd_xstrdup("Total")
                                       : name_cell(cat_name(s, b->category), s->cat_short);
        out[i].cells[B_PERIOD] = bd_xstrdup(r->total ? "" : b->period);
        out[i].cells[B_BUDGET] = money(b->amount, s->cents);
        out[i].cells[B_COMMITTED] = money(b->committed, s->cents);
        out[i].cells[B_PAID] = money(b->paid, s->cents);
        out[i].cells[B_LEFT] = money(left_of(b), s->cents);
        used_bar(b->committed + b->paid, b->amount, bar, sizeof bar);
        out[i].cells[B_USED] = bd_xstrdup(bar);
        out[i].bold = r->total;
    }
    free(idx);
    return BD_OK;
}

/* The columns for an area w cells wide: period and the bar fixed, the
 * amounts as wide as the widest (with cents when the names keep at least
 * their first words, else in whole units); the names whole when they fit,
 * else every name of the column by its first word ("銷售部"), the
 * categories' first. */
static void layout(budget_screen *s, int w)
{
    static const char *const titles[NCOLS] = {"Department", "Category", "Period", "Budget",
                                              "Committed",  "Paid",     "Left",   "Used"};
    int dept_full = 0, dept_first = 0, cat_full = 5 /* "Total" */, cat_first = 5;
    for (int i = 0; i < s->n; i++) {
        const char *d = dept_name(s, s->rows[i].b.department);
        if (bd_text_width(d) > dept_full)
            dept_full = bd_text_width(d);
        if (first_word_width(d) > dept_first)
            dept_first = first_word_width(d);
        if (s->rows[i].total)
            continue;
        const char *c = cat_name(s, s->rows[i].b.category);
        if (bd_text_width(c) > cat_full)
            cat_full = bd_text_width(c);
        if (first_word_width(c) > cat_first)
            cat_first = first_word_width(c);
    }
    int money_w = 0, avail = 0;
    for (int pass = 0; pass < 2; pass++) {
        s->cents = pass == 0;
        money_w = 6; /* "Budget"; "Committed" gives way to "Commit" */
        for (int i = 0; i < s->n; i++) {
            const store_budget *b = &s->rows[i].b;
            const int64_t v[4] = {b->amount, b->committed, b->paid, left_of(b)};
            for (int k = 0; k < 4; k++) {
                char *m = money(v[k], s->cents);
                if (bd_text_width(m) > money_w)
                    money_w = bd_text_width(m);
                free(m);
            }
        }
        /* The cursor's column, period, four amounts and the bar, each
         * with the space after it; then the two names' spaces. */
        avail = w - 1 - (7 + 1) - 4 * (money_w + 1) - (USED_W + 1) - 2;
        if (avail >= dept_first + cat_first)
            break;
    }
    s->cat_short = dept_full + cat_full > avail;
    s->dept_short = dept_full + cat_first > avail;
    int dept = s->dept_short ? dept_first : dept_full;
    int cat = s->cat_short ? cat_first : cat_full;
    if (dept < 4)
        dept = 4;
    const int widths[NCOLS] = {[B_DEPT] = dept,       [B_CAT] = cat,     [B_PERIOD] = 7,
                               [B_BUDGET] = money_w,  [B_COMMITTED] = money_w,
                               [B_PAID] = money_w,    [B_LEFT] = money_w, [B_USED] = USED_W};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c],
                                 .right = c >= B_BUDGET && c <= B_LEFT};
    if (money_w < bd_text_width(titles[B_COMMITTED]))
        s->cols[B_COMMITTED].title = "Commit";
    if (dept < bd_text_width(titles[B_DEPT]))
        s->cols[B_DEPT].title = "Dept.";
    s->width = w;
}

/* ---- Drawing --------------------------------------------------------------------- */
static void budget_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    budget_screen *s = st;
    if (!s->loaded)
        load(s, u);
    if (w != s->width) {
        layout(s, w);
        ui_list_reload(s->list, u); /* names are fitted to their columns when read */
    }
    const char *f = ui_list_filter(s->list);
    char title[600], whose[300];
    if (s->all)
        snprintf(whose, sizeof whose, "every department");
    else
        snprintf(whose, sizeof whose, "%s",
                 dept_name(s, app_actor_get(s->a)->user.department));
    snprintf(title, sizeof title, "Claims > Budget %04d  [%s]%s%s%s", s->year, whose,
             f[0] ? " [search: " : "", f, f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    if (s->n == 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "No budgets for %04d that you may see.", s->year);
        ui_put(y + 2, x + 2, msg, w - 4, false);
        ui_put(y + 4, x + 2, "< and > go to the previous and next year; finance sets budgets "
               "(bizdesk budget set, budget import).", w - 4, false);
        return;
    }
    ui_list_draw(s->list, u, y + 1, x, h - 1, w);
}

/* ---- Keys -------------------------------------------------------------------------- */
static void go_year(budget_screen *s, ui_ctx *u, int by)
{
    if (s->year + by < 1 || s->year + by > 9999)
        return;
    s->year += by;
    load(s, u);
    ui_list_handle(s->list, u, UI_A_TOP);
    ui_status(u, false, "Budgets of %04d: %d row%s", s->year, s->n - s->ndepts,
              s->n - s->ndepts == 1 ? "" : "s");
}

/* The budget under the cursor, or NULL (none, or a total row). */
static const store_budget *selected(const budget_screen *s)
{
    const ui_row *sel = ui_list_selected(s->list);
    for (int i = 0; sel && i < s->n; i++)
        if (!s->rows[i].total && strcmp(s->rows[i].key, sel->key) == 0)
            return &s->rows[i].b;
    return NULL;
}

/* Setting the selected budget (budgets.manage) or asking to change it. */
typedef struct change_ctx {
    budget_screen *s;
    ui_ctx *u;
    const store_budget *b;
    bool set;
    bd_status st;
    bd_err err;
    store_budget_change out;
} change_ctx;

static bd_status change_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    change_ctx *c = ctx;
    static const char *const names[] = {"amount", "reason"};
    const store_budget *b = c->b;
    memset(&c->err, 0, sizeof c->err);
    c->st = c->set ? app_budget_set(c->s->a, b->department, b->category, b->period, f[0].value,
                                    &c->err)
                   : app_budget_request(c->s->a, b->department, b->category, b->period,
                                        f[0].value, f[1].value, &c->out, &c->err);
    return ui_form_app_result(c->u, c->st, &c->err, names, 2, bad, e);
}

static void change_budget(budget_screen *s, ui_ctx *u, bool set)
{
    const store_budget *b = selected(s);
    if (!b) {
        ui_status(u, true, "Put the cursor on a budget row first (not a total)");
        return;
    }
    if (set && !app_can(s->a, PERM_BUDGETS)) {
        ui_status(u, true, "Setting a budget: your role lacks the permission 'budgets.manage'; "
                           "ask for a change with r");
        return;
    }
    store_budget copy = *b;
    change_ctx c = {.s = s, .u = u, .b = &copy, .set = set};
    ui_field f[2] = {
        {.label = set ? "New amount" : "Change by",
         .help = set ? "the whole budget, e.g. 120,000" : "more than 0 raises it, less lowers it"},
        {.label = "Reason", .help = "why the budget must change (required)"},
    };
    if (set)
        bd_money_format(copy.amount, true, f[0].value, sizeof f[0].value);
    char title[200];
    bd_strfmt(title, sizeof title, "%s %s %s %s", set ? "Set budget" : "Ask to change budget",
              dept_name(s, copy.department), cat_name(s, copy.category), copy.period);
    if (!ui_form_run(u, title, f, set ? 1 : 2, change_submit, &c))
        return;
    load(s, u);
    ui_list_reload(s->list, u);
    if (c.st != BD_OK)
        return; /* the refusal is on the status line */
    if (set)
        ui_status(u, false, "Budget %s %s %s set", copy.department, copy.category, copy.period);
    else
        ui_status(u, false, "Budget change #%lld asked for: %s", (long long)c.out.id,
                  strcmp(c.out.state, "approved") == 0 ? "approved" : "in review");
}

static bool budget_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    budget_screen *s = st;
    (void)key;
    switch (a) {
    case UI_A_BUDGET_PREV: go_year(s, u, -1); return true;
    case UI_A_BUDGET_NEXT: go_year(s, u, 1); return true;
    case UI_A_BUDGET_REQUEST: change_budget(s, u, false); return true;
    case UI_A_BUDGET_SET: change_budget(s, u, true); return true;
    default: return ui_list_handle(s->list, u, a);
    }
}

static void budget_reload(void *st, ui_ctx *u)
{
    budget_screen *s = st;
    load(s, u);
    ui_list_reload(s->list, u);
}

static void *budget_open(ui_ctx *u)
{
    budget_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    char today[11];
    app_today(today, sizeof today);
    s->year = atoi(today);
    const app_actor *ac = app_actor_get(s->a);
    s->all = app_can(s->a, PERM_BUDGETS) || (ac && ac->role->scope == SCOPE_ALL);
    s->rows = bd_xcalloc(2 * MAX_ROWS, sizeof *s->rows); /* rows and a total per department */
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, budget_fetch, s);
    return s;
}

static void budget_close(void *st)
{
    budget_screen *s = st;
    ui_list_delete(&s->list);
    free(s->rows);
    free(s);
}

const ui_screen_ops ui_screen_budgets = {
    .title = "Budget",
    .perm = PERM_CLAIMS,
    .context = UI_CTX_BUDGETS,
    .open = budget_open,
    .close = budget_close,
    .draw = budget_draw,
    .handle = budget_handle,
    .reload = budget_reload,
    .hints = budget_hints,
    .nhints = (int)(sizeof budget_hints / sizeof budget_hints[0]),
};
