/*
 * The Inbox tab: everything awaiting the user's decision in every module
 * (app_work_inbox): contracts, amendments, write-offs, claims,
 * pre-approvals and budget changes, oldest first, with what each is, who
 * asked, for whom when the user decides as a deputy, how long it has
 * waited and what the approver must look at (marked "!").
 *
 * a approves and r rejects the current row, or every selected row at once
 * (Space selects a row, * all or none; a "*" column marks them): one form
 * asks for the comment (the reason, required, for a rejection) for the
 * whole batch, and each item is decided with the version the screen
 * showed, so one that moved on meanwhile is refused, not decided blind.
 * The refused rows stay selected.  Enter opens the item: a contract's or a
 * claim's details, else the request's fields with approve and reject.
 *
 * An inbox is a day's work, so the screen holds it whole (up to MAX_ITEMS)
 * and reads it again when the view is shown, after each decision and when
 * someone else commits; the cursor stays on the same item, or where it was
 * when that item left the inbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ITEMS 500

enum {
    I_KIND,
    I_ID,
    I_PARTY,
    I_WHAT,
    I_AMOUNT,
    I_STEP,
    I_ASKED,
    I_FOR,
    I_WAIT,
    I_FLAGS,
    I_COUNT
};

static const char *const titles[I_COUNT] = {"Kind", "ID",       "Party", "What",    "Amount",
                                            "Step", "Asked by", "For",   "Waiting", "Flags"};

/* The cursor's ">", the selection's "*" and a space come first. */
#define LEAD 3

typedef struct inbox_col {
    int x, w; /* w 0: not shown */
    bool right;
} inbox_col;

typedef struct inbox_screen {
    app *a;
    app_work_item *items;
    int n;
    bool loaded;
    int cursor; /* index into items */
    int top;    /* first item shown */
    int height; /* rows that fit, from the last draw */
    char today[11];
    ui_marks *marks; /* the selected rows' keys (key_of) */
} inbox_screen;

static const ui_action inbox_hints[] = {UI_A_HELP,         UI_A_INBOX_APPROVE, UI_A_INBOX_REJECT,
                                        UI_A_INBOX_SELECT, UI_A_INBOX_OPEN,    UI_A_NEXT_TAB,
                                        UI_A_QUIT};

/* An item's key for the selection: "claims#4". */
static const char *key_of(const app_work_item *it, char *buf, size_t n)
{
    snprintf(buf, n, "%s#%lld", it->module, (long long)it->id);
    return buf;
}

static bool same_item(const app_work_item *x, const app_work_item *y)
{
    return x->id == y->id && strcmp(x->module, y->module) == 0;
}

/* ---- Loading ------------------------------------------------------------------- */
static bool still_there(void *src, const char *key)
{
    const inbox_screen *s = src;
    char k[128];
    for (int i = 0; i < s->n; i++)
        if (strcmp(key_of(&s->items[i], k, sizeof k), key) == 0)
            return true;
    return false;
}

static void load(inbox_screen *s, ui_ctx *u)
{
    app_work_item was = {0};
    bool had = s->loaded && s->cursor < s->n;
    if (had)
        was = s->items[s->cursor];
    bd_err e = {0};
    app_today(s->today, sizeof s->today);
    if (app_work_inbox(s->a, s->items, MAX_ITEMS, &s->n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        s->n = 0;
    }
    s->loaded = true;
    /* A selected item that left the inbox is no longer selected. */
    ui_marks_keep(s->marks, still_there, s);
    for (int i = 0; had && i < s->n; i++)
        if (same_item(&s->items[i], &was)) {
            s->cursor = i;
            return;
        }
    /* Gone (decided): the next one comes under the cursor. */
    if (s->cursor >= s->n)
        s->cursor = s->n ? s->n - 1 : 0;
}

/* ---- Cells ------------------------------------------------------------------- */

/* "3d": how many days the item has waited. */
static void wait_cell(const char *today, const char *since, char *buf, size_t n)
{
    bd_date d, t;
    char day[11];
    snprintf(day, sizeof day, "%.10s", since);
    snprintf(buf, n, "?");
    if (bd_date_parse(day, &d, NULL) != BD_OK || bd_date_parse(today, &t, NULL) != BD_OK)
        return;
    int64_t days = bd_date_days(t) - bd_date_days(d);
    snprintf(buf, n, "%lldd", (long long)(days > 0 ? days : 0));
}

/* "1,300.00 CNY" */
static void amount_cell(const app_work_item *it, char *buf, size_t n)
{
    char money[40];
    snprintf(buf, n, "%s %s", bd_money_format(it->amount, true, money, sizeof money),
             it->currency);
}

/* The text of column i of item it (the step's name whole). */
static void cell(const inbox_screen *s, const app_work_item *it, int i, char *buf, size_t n)
{
    switch (i) {
    case I_KIND: snprintf(buf, n, "%s", app_work_noun(it->module)); break;
    case I_ID: snprintf(buf, n, "#%lld", (long long)it->id); break;
    case I_PARTY: snprintf(buf, n, "%s", it->party); break;
    case I_WHAT: snprintf(buf, n, "%s", it->what); break;
    case I_AMOUNT: amount_cell(it, buf, n); break;
    case I_STEP: snprintf(buf, n, "%s", it->step_name); break;
    case I_ASKED: snprintf(buf, n, "%s", it->asked_by); break;
    case I_FOR: snprintf(buf, n, "%s%s", it->on_behalf[0] ? "for " : "", it->on_behalf); break;
    case I_WAIT: wait_cell(s->today, it->waiting_since, buf, n); break;
    case I_FLAGS: snprintf(buf, n, "%s%s", it->flags[0] ? "! " : "", it->flags); break;
    default: buf[0] = '\0'; break;
    }
}

/* The widest first word of the step names ("銷售主管" of "銷售主管
 * Supervisor"): how narrow the step column may get. */
static int step_words_width(const inbox_screen *s)
{
    int w = bd_text_width(titles[I_STEP]);
    for (int i = 0; i < s->n; i++) {
        const char *name = s->items[i].step_name;
        char *first = bd_xstrndup(name, strcspn(name, " "));
        if (bd_text_width(first) > w)
            w = bd_text_width(first);
        free(first);
    }
    return w;
}

/* Where the columns go in an area w cells wide.  Each column is as wide
 * as its widest cell (party, what and step up to a cap); when that is too
 * wide, the step shortens to its first word, then what, the party and the
 * flags give way in turns, down to a floor.  For shows only when some row is a
 * deputy's, Flags when some row has flags; Flags takes what is left. */
static void layout(const inbox_screen *s, int w, inbox_col *c)
{
    static const int cap[I_COUNT] = {[I_PARTY] = 24, [I_WHAT] = 32, [I_STEP] = 28,
                                     [I_FLAGS] = 48};
    int width[I_COUNT];
    bool any_for = false, any_flags = false;
    for (int i = 0; i < I_COUNT; i++)
        width[i] = bd_text_width(titles[i]);
    for (int r = 0; r < s->n; r++) {
        any_for |= s->items[r].on_behalf[0] != '\0';
        any_flags |= s->items[r].flags[0] != '\0';
        for (int i = 0; i < I_COUNT; i++) {
            char buf[600];
            cell(s, &s->items[r], i, buf, sizeof buf);
            int cw = bd_text_width(buf);
            if (cap[i] && cw > cap[i])
                cw = cap[i];
            if (cw > width[i])
                width[i] = cw;
        }
    }
    if (!any_for)
        width[I_FOR] = 0;
    if (!any_flags)
        width[I_FLAGS] = 0;
    /* Give way, in this order, down to these widths. */
    const struct {
        int col, floor;
    } shrink[] = {
        {I_STEP, step_words_width(s)}, {I_WHAT, 16}, {I_PARTY, 12}, {I_WHAT, 12},
        {I_FLAGS, 15},                 {I_PARTY, 10}, {I_FLAGS, 9}, {I_WHAT, 8},
        {I_PARTY, 8},                  {I_STEP, 4},   {I_ASKED, 6},
    };
    for (size_t k = 0; k < sizeof shrink / sizeof shrink[0]; k++) {
        int used = LEAD;
        for (int i = 0; i < I_COUNT; i++)
            if (width[i])
                used += width[i] + 1;
        int over = used - 1 - w;
        if (over <= 0)
            break;
        int col = shrink[k].col;
        if (!width[col] || width[col] <= shrink[k].floor)
            continue;
        int can = width[col] - shrink[k].floor;
        width[col] -= over < can ? over : can;
    }
    int x = LEAD;
    for (int i = 0; i < I_COUNT; i++) {
        c[i] = (inbox_col){.x = x, .w = width[i], .right = i == I_ID || i == I_AMOUNT};
        if (width[i])
            x += width[i] + 1;
    }
    if (width[I_FLAGS] && w - c[I_FLAGS].x > width[I_FLAGS])
        c[I_FLAGS].w = w - c[I_FLAGS].x; /* the flags may say more */
}

/* ---- Drawing ------------------------------------------------------------------- */

static void put_col(const inbox_col *c, int y, int x, int w, const char *text)
{
    if (!c->w || c->x >= w)
        return;
    ui_put(y, x + c->x, text, c->w < w - c->x ? c->w : w - c->x, c->right);
}

static bool is_marked(const inbox_screen *s, const app_work_item *it)
{
    char k[128];
    return ui_marks_has(s->marks, key_of(it, k, sizeof k));
}

static void draw_row(const inbox_screen *s, const app_work_item *it, bool cur, const inbox_col *c,
                     int y, int x, int w)
{
    bool marked = is_marked(s, it);
    attr_t at = cur ? ui_attr(UI_COL_SELECTED) : 0;
    if (marked)
        at |= A_BOLD;
    attron(at);
    ui_put(y, x, "", w, false);
    /* '>' on the cursor's row and '*' on a selected one: no colour needed. */
    ui_put(y, x, cur ? ">" : " ", 1, false);
    ui_put(y, x + 1, marked ? "*" : " ", 1, false);
    for (int i = 0; i < I_COUNT; i++) {
        char buf[600];
        cell(s, it, i, buf, sizeof buf);
        if (i == I_STEP) {
            char *step = ui_name_cell(buf, c[i].w);
            put_col(&c[i], y, x, w, step);
            free(step);
        } else {
            put_col(&c[i], y, x, w, buf);
        }
    }
    attroff(at);
}

static void inbox_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    inbox_screen *s = st;
    if (!s->loaded)
        load(s, u);
    char title[200];
    int nsel = ui_marks_count(s->marks);
    char sel[40] = "";
    if (nsel)
        snprintf(sel, sizeof sel, ", %d selected", nsel);
    if (s->n)
        snprintf(title, sizeof title, "Inbox  %d awaiting your decision%s%s", s->n,
                 s->n == MAX_ITEMS ? " (the oldest ones)" : "", sel);
    else
        snprintf(title, sizeof title, "Inbox");
    ui_title(u, y, x, w, title);
    if (s->n == 0) {
        ui_put(y + 2, x + 2, "Nothing awaits your decision.", w - 4, false);
        return;
    }
    inbox_col c[I_COUNT];
    layout(s, w, c);
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
    snprintf(foot, sizeof foot, "%d item%s, oldest first%s%s", s->n, s->n == 1 ? "" : "s", sel,
             more > 0 ? "; more below (Down, PgDn)" : "");
    ui_put(y + h - 1, x + 1, foot, w - 2, false);
}

/* ---- Deciding ------------------------------------------------------------------- */

/* One form for the batch; each item decided with the version shown. */
typedef struct decide_ctx {
    app *a;
    apv_action act;
    const app_work_item *items;
    int n;
    bd_status *st; /* each item's outcome */
    bd_err *err;
} decide_ctx;

static bd_status decide_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    decide_ctx *dc = ctx;
    int done = 0;
    for (int i = 0; i < dc->n; i++) {
        const app_work_item *it = &dc->items[i];
        bd_err_clear(&dc->err[i]);
        dc->st[i] = app_work_act(dc->a, it->module, it->id, dc->act, f[0].value, it->version,
                                 &dc->err[i]);
        /* A missing reason is fixed in the form (it would be missing for
         * every item); anything else is the item's own refusal. */
        if (dc->st[i] == BD_ERR_INVALID && strstr(dc->err[i].msg, "comment:") && !done) {
            *bad = 0;
            *e = dc->err[i];
            return dc->st[i];
        }
        done += dc->st[i] == BD_OK;
    }
    return BD_OK;
}

/* Approve or reject items (n of them, as the screen showed them): asks for
 * the comment once, decides each, and says how it went on the status line.
 * ok[i] (when given) tells which were decided.  false when the form was
 * left. */
static bool decide(ui_ctx *u, const app_work_item *items, int n, apv_action act, bool *ok)
{
    bool reject = act == APV_REJECT;
    const char *verb = reject ? "Reject" : "Approve";
    char title[600], help[300];
    if (n == 1) {
        const app_work_item *it = &items[0];
        snprintf(title, sizeof title, "%s %s #%lld %s%s%s", verb, app_work_noun(it->module),
                 (long long)it->id, it->what, it->on_behalf[0] ? " for " : "", it->on_behalf);
        if (reject)
            snprintf(help, sizeof help, "Required: why it goes back to %s", it->asked_by);
        else
            snprintf(help, sizeof help, "Optional: a word for %s and the next approvers",
                     it->asked_by);
    } else {
        snprintf(title, sizeof title, "%s %d selected items", verb, n);
        snprintf(help, sizeof help, reject ? "Required: why they go back (one reason for all %d)"
                                           : "Optional: one comment for all %d", n);
    }
    ui_field f = {.label = reject ? "Reason" : "Comment", .help = help};
    decide_ctx dc = {.a = ui_app(u), .act = act, .items = items, .n = n};
    dc.st = bd_xcalloc((size_t)n, sizeof *dc.st);
    dc.err = bd_xcalloc((size_t)n, sizeof *dc.err);
    bool saved = ui_form_run(u, title, &f, 1, decide_submit, &dc);
    int nok = 0, nbad = 0, first_bad = -1;
    for (int i = 0; saved && i < n; i++) {
        if (ok)
            ok[i] = dc.st[i] == BD_OK;
        if (dc.st[i] == BD_OK)
            nok++;
        else if (nbad++ == 0)
            first_bad = i;
    }
    const char *done = reject ? "rejected" : "approved";
    if (!saved)
        ui_status(u, false, "Left %s undecided", n == 1 ? "it" : "them");
    else if (n == 1 && nok)
        ui_status(u, false, "%s %s #%lld%s%s%s", reject ? "Rejected" : "Approved",
                  app_work_noun(items[0].module), (long long)items[0].id,
                  reject ? ": back to " : "", reject ? items[0].asked_by : "",
                  reject ? " with your reason" : "");
    else if (n == 1)
        ui_status(u, true, "%s", dc.err[0].msg);
    else if (!nbad)
        ui_status(u, false, "%s %d", done, nok);
    else
        ui_status(u, true, "%s %d; %d refused: %s%s", done, nok, nbad, dc.err[first_bad].msg,
                  nbad > 1 ? " (and the others still selected)" : "");
    free(dc.st);
    free(dc.err);
    return saved;
}

/* A contract decided alone keeps its own form (a comment on one clause). */
static void decide_contract(ui_ctx *u, const app_work_item *it, apv_action act)
{
    store_contract c = {.id = it->id, .version = it->version};
    bd_strlcpy(c.company, it->party, sizeof c.company);
    bd_strlcpy(c.owner_login, it->asked_by, sizeof c.owner_login);
    ui_contract_decide(u, &c, act, it->on_behalf);
}

/* a or r: on the selected rows, else on the current one. */
static void decide_rows(inbox_screen *s, ui_ctx *u, apv_action act)
{
    if (s->n == 0) {
        ui_status(u, false, "Nothing awaits your decision");
        return;
    }
    /* The rows as the person saw them: their versions go with the
     * decisions, so one that moved on meanwhile is refused. */
    app_work_item *rows = bd_xcalloc((size_t)s->n, sizeof *rows);
    int n = 0;
    for (int i = 0; i < s->n; i++)
        if (is_marked(s, &s->items[i]))
            rows[n++] = s->items[i];
    if (!n) {
        rows[n++] = s->items[s->cursor];
        if (strcmp(rows[0].module, "contracts") == 0) {
            decide_contract(u, &rows[0], act);
            free(rows);
            load(s, u);
            return;
        }
    }
    bool *ok = bd_xcalloc((size_t)n, sizeof *ok);
    if (decide(u, rows, n, act, ok)) {
        /* The decided leave the selection; the refused stay in it. */
        for (int i = 0; i < n; i++) {
            char k[128];
            if (ok[i])
                ui_marks_set(s->marks, key_of(&rows[i], k, sizeof k), false);
        }
    }
    free(ok);
    free(rows);
    bool error = false;
    char msg[512];
    bd_strlcpy(msg, ui_status_text(u, &error), sizeof msg);
    load(s, u);
    ui_status(u, error, "%s", msg); /* after a failed reload too */
}

/* ---- An item's details (those without details of their own) -------------------- */
typedef struct item_view {
    app *a;
    app_work_item item;      /* as last read */
    bool waiting;            /* still in the inbox */
    char error[1024];
    char today[11];
} item_view;

static void item_load(void *st)
{
    item_view *v = st;
    app_work_item *rows = bd_xcalloc(MAX_ITEMS, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    app_today(v->today, sizeof v->today);
    v->waiting = false;
    v->error[0] = '\0';
    if (app_work_inbox(v->a, rows, MAX_ITEMS, &n, &e) != BD_OK)
        bd_strlcpy(v->error, e.msg, sizeof v->error);
    for (int i = 0; i < n; i++)
        if (same_item(&rows[i], &v->item)) {
            v->item = rows[i];
            v->waiting = true;
        }
    free(rows);
}

static void item_title(void *st, char *buf, size_t n)
{
    item_view *v = st;
    char noun[64];
    snprintf(noun, sizeof noun, "%s", app_work_noun(v->item.module));
    if (noun[0] >= 'a' && noun[0] <= 'z')
        noun[0] = (char)(noun[0] - 'a' + 'A');
    snprintf(buf, n, "%s #%lld", noun, (long long)v->item.id);
}

static void item_build(void *st, ui_text *t)
{
    item_view *v = st;
    const app_work_item *it = &v->item;
    char lead[64], buf[600];
#define LABEL(l) (snprintf(lead, sizeof lead, "%-12s", l), lead)
    if (v->error[0])
        ui_text_wrap(t, UI_TEXT_WARN, "", v->error);
    ui_text_add(t, UI_TEXT_HEAD, "%s #%lld", app_work_noun(it->module), (long long)it->id);
    ui_text_wrap(t, UI_TEXT_PLAIN, LABEL("What"), it->what);
    ui_text_wrap(t, UI_TEXT_PLAIN, LABEL("Party"), it->party);
    amount_cell(it, buf, sizeof buf);
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("Amount"), buf);
    ui_text_wrap(t, UI_TEXT_PLAIN, LABEL("Step"), it->step_name);
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("Asked by"), it->asked_by);
    if (it->on_behalf[0])
        ui_text_add(t, UI_TEXT_PLAIN, "%syou decide for %s (as their deputy)", LABEL("For"),
                    it->on_behalf);
    wait_cell(v->today, it->waiting_since, buf, sizeof buf);
    ui_text_add(t, UI_TEXT_PLAIN, "%ssince %.10s (%s)", LABEL("Waiting"), it->waiting_since, buf);
    if (it->flags[0]) {
        snprintf(buf, sizeof buf, "! %s", it->flags);
        ui_text_wrap(t, UI_TEXT_MARK, LABEL("Look at"), buf);
    }
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    if (v->waiting)
        ui_text_add(t, UI_TEXT_HEAD, "%sapprove (a), reject (r)", LABEL("You may"));
    else
        ui_text_add(t, UI_TEXT_WARN, "%snothing: it no longer waits for your decision",
                    LABEL("You may"));
#undef LABEL
}

static int item_hints(void *st, ui_action *out, int max)
{
    item_view *v = st;
    if (!v->waiting || max < 2)
        return 0;
    out[0] = UI_A_ITEM_APPROVE;
    out[1] = UI_A_ITEM_REJECT;
    return 2;
}

static void item_act(void *st, ui_ctx *u, ui_action a)
{
    item_view *v = st;
    if (a != UI_A_ITEM_APPROVE && a != UI_A_ITEM_REJECT)
        return;
    if (!v->waiting) {
        ui_status(u, true, "%s #%lld no longer waits for your decision",
                  app_work_noun(v->item.module), (long long)v->item.id);
        return;
    }
    app_work_item seen = v->item;
    decide(u, &seen, 1, a == UI_A_ITEM_APPROVE ? APV_APPROVE : APV_REJECT, NULL);
}

static const ui_detail_ops item_ops = {
    .context = UI_CTX_ITEM,
    .load = item_load,
    .title = item_title,
    .build = item_build,
    .hints = item_hints,
    .act = item_act,
};

static void open_item(ui_ctx *u, const app_work_item *it)
{
    if (strcmp(it->module, "contracts") == 0) {
        ui_contract_detail(u, it->id);
    } else if (strcmp(it->module, "claims") == 0) {
        ui_claim_detail(u, it->id);
    } else if (strcmp(it->module, "reviews") == 0) {
        ui_review_detail(u, it->id); /* rated there, not approved */
    } else {
        item_view v = {.a = ui_app(u), .item = *it};
        ui_detail_run(u, &item_ops, &v);
    }
}

/* ---- Keys ----------------------------------------------------------------------- */
static void move_cursor(inbox_screen *s, int by)
{
    s->cursor += by;
    if (s->cursor >= s->n)
        s->cursor = s->n - 1;
    if (s->cursor < 0)
        s->cursor = 0;
}

static void select_all(inbox_screen *s)
{
    char k[128];
    bool all = ui_marks_count(s->marks) == s->n;
    ui_marks_clear(s->marks);
    for (int i = 0; !all && i < s->n; i++)
        ui_marks_set(s->marks, key_of(&s->items[i], k, sizeof k), true);
}

static bool inbox_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    inbox_screen *s = st;
    (void)key;
    int page = s->height > 1 ? s->height - 1 : 1;
    char k[128];
    switch (a) {
    case UI_A_UP: move_cursor(s, -1); return true;
    case UI_A_DOWN: move_cursor(s, 1); return true;
    case UI_A_PAGE_UP: move_cursor(s, -page); return true;
    case UI_A_PAGE_DOWN: move_cursor(s, page); return true;
    case UI_A_TOP: move_cursor(s, -s->n); return true;
    case UI_A_BOTTOM: move_cursor(s, s->n); return true;
    case UI_A_INBOX_SELECT:
        if (s->n) {
            const char *key_s = key_of(&s->items[s->cursor], k, sizeof k);
            ui_marks_set(s->marks, key_s, !ui_marks_has(s->marks, key_s));
            move_cursor(s, 1);
        }
        return true;
    case UI_A_INBOX_ALL: select_all(s); return true;
    case UI_A_INBOX_APPROVE: decide_rows(s, u, APV_APPROVE); return true;
    case UI_A_INBOX_REJECT: decide_rows(s, u, APV_REJECT); return true;
    case UI_A_INBOX_OPEN:
    case UI_A_OPEN: {
        if (s->n == 0) {
            ui_status(u, false, "Nothing awaits your decision");
            return true;
        }
        app_work_item it = s->items[s->cursor];
        open_item(u, &it);
        bool error = false;
        char msg[512];
        bd_strlcpy(msg, ui_status_text(u, &error), sizeof msg);
        load(s, u);
        ui_status(u, error, "%s", msg);
        return true;
    }
    case UI_A_SEARCH: ui_status(u, false, "The inbox is not filtered: it is what waits for you");
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
    s->marks = ui_marks_new();
    return s;
}

static void inbox_close(void *st)
{
    inbox_screen *s = st;
    ui_marks_delete(&s->marks);
    free(s->items);
    free(s);
}

/* Everyone logged in: what waits for them comes from every module, also
 * one they lack but decide in (a department head's claims, a deputy's
 * contracts). */
static bool inbox_may_open(app *a)
{
    return app_actor_get(a) != NULL;
}

const ui_screen_ops ui_screen_inbox = {
    .title = "Inbox",
    .perm = -1,
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
