/*
 * Contracts > Contracts: every contract the user may see (app_contract_page
 * applies the role's scope), in id order, with a state filter (f) and a
 * text search (/) over number, customer, title and author; Enter opens the
 * details.
 *
 * The paged list names rows by the contract id in decimal.  The app pages
 * contracts forward only (store_contract_query has after_id, no before
 * and no reverse order, and no text search), so going forward is one
 * query per screenful while going back (Up at the top, PgUp, End) reads
 * forward from the start and keeps the last rows before the edge: its cost
 * grows with the number of contracts before the edge.  The search is
 * applied to the rows as they are read, the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

enum { C_ID, C_NUMBER, C_COMPANY, C_TITLE, C_AMOUNT, C_STATE, C_OWNER, NCOLS };

/* The state filter's steps: all, then every state a contract can be in. */
static const char *const states[] = {NULL,     "draft",     "in_review", "rejected",
                                     "approved", "signed",    "executing", "completed",
                                     "terminated", "archived"};
#define NSTATES ((int)(sizeof states / sizeof states[0]))

#define PAGE 200 /* contracts read per query */

typedef struct contracts_screen {
    app *a;
    const policy *p;
    ui_list *list;
    ui_column cols[NCOLS];
    int width; /* the area width the columns were laid out for */
    int state; /* index into states */
} contracts_screen;

static const ui_action contracts_hints[] = {UI_A_HELP,   UI_A_CONTRACTS_OPEN, UI_A_CONTRACTS_FILTER,
                                            UI_A_SEARCH, UI_A_NEXT_TAB,       UI_A_QUIT};

static int64_t key_id(const char *key)
{
    char *end;
    long long v = key ? strtoll(key, &end, 10) : 0;
    return key && *key && !*end && v > 0 ? v : 0;
}

/* ---- Layout and cells ---------------------------------------------------------- */
static void layout(contracts_screen *s, int w)
{
    enum { OWNER_W = 9, COMPANY_MAX = 30 };
    int state_w = w >= 100 ? 19 : 10;
    int used = 1 + (5 + 1) + (12 + 1) + (17 + 1) + (state_w + 1);
    int rest = w - used - 1;
    bool owner = rest - (OWNER_W + 1) >= 30;
    if (owner)
        rest -= OWNER_W + 1;
    int title = rest * 2 / 5, company = rest - title - 1;
    if (company > COMPANY_MAX) {
        title += company - COMPANY_MAX;
        company = COMPANY_MAX;
    }
    if (company < 8)
        company = 8;
    if (title < 4)
        title = 4; /* the owner, then the title, go off the edge */
    static const char *const titles[NCOLS] = {"ID",     "Number", "Customer", "Title",
                                              "Amount", "State",  "Author"};
    const int widths[NCOLS] = {[C_ID] = 5,     [C_NUMBER] = 12,     [C_COMPANY] = company,
                               [C_TITLE] = title, [C_AMOUNT] = 17, [C_STATE] = state_w,
                               [C_OWNER] = OWNER_W};
    for (int c = 0; c < NCOLS; c++) {
        s->cols[c].title = titles[c];
        s->cols[c].width = widths[c];
        s->cols[c].right = c == C_ID || c == C_AMOUNT;
    }
    s->width = w;
}

/* "in review: 法務審核" for a contract in review when the column is wide
 * enough, else the state's code. */
static char *state_cell(const contracts_screen *s, const store_contract *c, int cols)
{
    if (strcmp(c->state, "in_review") == 0 && c->review_step >= 0 &&
        c->review_step < s->p->contract_flow.nsteps) {
        const char *name = s->p->contract_flow.steps[c->review_step].name;
        char *word = ui_name_cell(name, cols - 11);
        char buf[300];
        snprintf(buf, sizeof buf, "in review: %s", word);
        free(word);
        if (bd_text_width(buf) <= cols)
            return bd_xstrdup(buf);
    }
    return bd_xstrdup(c->state);
}

static void fill_row(const contracts_screen *s, const store_contract *c, ui_row *r)
{
    char buf[64], money[40];
    snprintf(r->key, sizeof r->key, "%lld", (long long)c->id);
    snprintf(buf, sizeof buf, "%lld", (long long)c->id);
    r->cells[C_ID] = bd_xstrdup(buf);
    r->cells[C_NUMBER] = bd_xstrdup(c->number[0] ? c->number : "-");
    r->cells[C_COMPANY] = bd_xstrdup(c->company);
    r->cells[C_TITLE] = bd_xstrdup(c->title);
    snprintf(buf, sizeof buf, "%s %s", bd_money_format(c->amount, true, money, sizeof money),
             c->currency);
    r->cells[C_AMOUNT] = bd_xstrdup(buf);
    r->cells[C_STATE] = state_cell(s, c, s->cols[C_STATE].width);
    r->cells[C_OWNER] = bd_xstrdup(c->owner_login);
    r->dim = strcmp(c->state, "terminated") == 0 || strcmp(c->state, "archived") == 0;
}

static bool matches(const store_contract *c, const char *filter)
{
    return !filter || !*filter || ui_text_contains(c->number, filter) ||
           ui_text_contains(c->company, filter) || ui_text_contains(c->title, filter) ||
           ui_text_contains(c->owner_login, filter);
}

static bd_status contracts_fetch(void *src, ui_fetch how, const char *key, const char *filter,
                                 int max, ui_row *out, int *n, bd_err *e)
{
    contracts_screen *s = src;
    *n = 0;
    int64_t edge = key_id(key);
    if ((how == UI_FETCH_AFTER || how == UI_FETCH_BEFORE) && !edge)
        return BD_OK;
    bool forward = how == UI_FETCH_FIRST || how == UI_FETCH_AFTER;
    store_contract_query q = {.state = states[s->state], .limit = PAGE,
                              .after_id = how == UI_FETCH_AFTER ? edge : 0};
    store_contract *page = bd_xcalloc(PAGE, sizeof *page);
    /* Going back: the last max matching rows before the edge, in a ring. */
    store_contract *ring = forward ? NULL : bd_xcalloc((size_t)max, sizeof *ring);
    int nring = 0, head = 0;
    bd_status st = BD_OK;
    bool done = false;
    while (!done) {
        int got = 0;
        if ((st = app_contract_page(s->a, &q, page, &got, e)) != BD_OK)
            break;
        for (int i = 0; i < got && !done; i++) {
            const store_contract *c = &page[i];
            if (how == UI_FETCH_BEFORE && c->id >= edge) {
                done = true;
                break;
            }
            if (!matches(c, filter))
                continue;
            if (forward) {
                fill_row(s, c, &out[(*n)++]);
                done = *n == max;
            } else {
                ring[(head + nring) % max] = *c;
                if (nring < max)
                    nring++;
                else
                    head = (head + 1) % max;
            }
        }
        if (got < PAGE)
            break;
        q.after_id = page[got - 1].id;
    }
    for (int i = 0; st == BD_OK && i < nring; i++)
        fill_row(s, &ring[(head + i) % max], &out[(*n)++]);
    free(ring);
    free(page);
    return st;
}

/* ---- Drawing ---------------------------------------------------------------------- */
static void contracts_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    contracts_screen *s = st;
    if (w != s->width) {
        layout(s, w); /* state cells are fitted to their column when read */
        ui_list_reload(s->list, u);
    }
    const char *f = ui_list_filter(s->list);
    char title[400];
    snprintf(title, sizeof title, "Contracts > Contracts  [state: %s]%s%s%s",
             states[s->state] ? states[s->state] : "all", f[0] ? " [search: " : "", f,
             f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    ui_list_draw(s->list, u, y + 1, x, h - 1, w);
}

/* ---- Keys -------------------------------------------------------------------------- */
static void next_filter(contracts_screen *s, ui_ctx *u)
{
    s->state = (s->state + 1) % NSTATES;
    /* Keep the cursor on the same contract when it is still listed. */
    const ui_row *sel = ui_list_selected(s->list);
    store_contract c;
    if (sel && app_contract_get(s->a, key_id(sel->key), &c, NULL) == BD_OK &&
        (!states[s->state] || strcmp(c.state, states[s->state]) == 0)) {
        char key[128];
        bd_strlcpy(key, sel->key, sizeof key);
        ui_list_goto(s->list, u, key);
    } else {
        ui_list_handle(s->list, u, UI_A_TOP);
    }
    if (states[s->state])
        ui_status(u, false, "Showing %s contracts", states[s->state]);
    else
        ui_status(u, false, "Showing contracts in every state");
}

static bool contracts_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    contracts_screen *s = st;
    (void)key;
    switch (a) {
    case UI_A_CONTRACTS_FILTER: next_filter(s, u); return true;
    case UI_A_CONTRACTS_OPEN:
    case UI_A_OPEN: {
        const ui_row *sel = ui_list_selected(s->list);
        if (!sel) {
            ui_status(u, false, "No contract here%s",
                      states[s->state] || ui_list_filter(s->list)[0]
                          ? " (f changes the state filter, / the search)"
                          : "");
            return true;
        }
        ui_contract_detail(u, key_id(sel->key));
        ui_list_reload(s->list, u);
        return true;
    }
    default: return ui_list_handle(s->list, u, a);
    }
}

static void contracts_reload(void *st, ui_ctx *u)
{
    contracts_screen *s = st;
    ui_list_reload(s->list, u);
}

static void *contracts_open(ui_ctx *u)
{
    contracts_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, contracts_fetch, s);
    return s;
}

static void contracts_close(void *st)
{
    contracts_screen *s = st;
    ui_list_delete(&s->list);
    free(s);
}

const ui_screen_ops ui_screen_contracts = {
    .title = "Contracts",
    .perm = PERM_CONTRACTS,
    .context = UI_CTX_CONTRACTS,
    .open = contracts_open,
    .close = contracts_close,
    .draw = contracts_draw,
    .handle = contracts_handle,
    .reload = contracts_reload,
    .hints = contracts_hints,
    .nhints = (int)(sizeof contracts_hints / sizeof contracts_hints[0]),
};
