/*
 * Contracts > Receivables: what customers owe on signed contracts.  At the
 * top, the open balances by customer in the policy's aging buckets of days
 * overdue (app_ar_aging), with a total row; below, the open receivables
 * (app_ar_list, within the role's reach) by due date: contract, customer,
 * due date, amount, paid, balance and days overdue, an overdue one bold
 * and marked "!".  On the selected receivable p records a payment, c a
 * collection step, C shows the collection log, w asks for a bad-debt
 * write-off and Enter opens the contract.  Changing needs
 * receivables.record; without it the screen is the same and the keys that
 * change say why they are refused.
 *
 * Both parts are read whole (up to MAX_ROWS) when the view is shown, after
 * each change and when someone else commits; the list is served from
 * memory (ui_list_pick), keyed by due date and id, so the cursor stays on
 * the same receivable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ROWS 500
#define MAX_COLLECTIONS 64
#define NMONEY (APP_AGING_MAX + 1) /* the aging's money columns: buckets, total */
#define AGING_LABEL "Aging by customer" /* the table's header over the names */

enum { R_MARK, R_NUMBER, R_COMPANY, R_DUE, R_AMOUNT, R_PAID, R_BALANCE, R_LATE, R_MILESTONE, NCOLS };

typedef struct ar_row {
    store_receivable r;
    int64_t late; /* days overdue; 0 when not yet */
    char key[48]; /* "due id" */
} ar_row;

/* Where the aging table's columns go: the customer, then a money column
 * per bucket and the total; amounts with cents or in whole units. */
typedef struct aging_cols {
    int name_w, money_w;
    bool cents;
} aging_cols;

typedef struct ar_screen {
    app *a;
    ar_row *rows; /* open receivables, sorted by key */
    int n, overdue;
    int64_t balance;
    app_aging_row *aging; /* by customer, then the total in aging[naging] */
    int naging;
    int nbuckets;         /* the policy's: not due, one per bound, over the last */
    char titles[NMONEY][24];
    bool loaded;
    char today[11];
    ui_list *list;
    ui_column cols[NCOLS];
    int width;            /* the area width the list's columns were laid out for */
} ar_screen;

static const ui_action ar_hints[] = {UI_A_HELP,   UI_A_AR_PAY,      UI_A_AR_COLLECT,
                                     UI_A_AR_LOG, UI_A_AR_WRITEOFF, UI_A_QUIT};

/* ---- Loading ------------------------------------------------------------------ */

/* The buckets' titles from the policy's bounds (30, 60, 90): "Not due",
 * "1-30", "31-60", "61-90", "Over 90"; then "Total". */
static void bucket_titles(ar_screen *s, const policy *p)
{
    s->nbuckets = p->naging + 2 <= APP_AGING_MAX ? p->naging + 2 : APP_AGING_MAX;
    for (int b = 0; b < s->nbuckets; b++) {
        char *t = s->titles[b];
        size_t n = sizeof s->titles[b];
        if (b == 0)
            snprintf(t, n, "Not due");
        else if (b == s->nbuckets - 1)
            snprintf(t, n, "Over %d", p->naging ? p->aging_buckets[p->naging - 1] : 0);
        else
            snprintf(t, n, "%d-%d", b > 1 ? p->aging_buckets[b - 2] + 1 : 1,
                     p->aging_buckets[b - 1]);
    }
    snprintf(s->titles[s->nbuckets], sizeof s->titles[s->nbuckets], "Total");
}

static int64_t days_late(const char *due, const char *today)
{
    bd_date d, t;
    if (bd_date_parse(due, &d, NULL) != BD_OK || bd_date_parse(today, &t, NULL) != BD_OK)
        return 0;
    int64_t late = bd_date_days(t) - bd_date_days(d);
    return late > 0 ? late : 0;
}

static int row_cmp(const void *x, const void *y)
{
    return strcmp(((const ar_row *)x)->key, ((const ar_row *)y)->key);
}

static void load(ar_screen *s, ui_ctx *u)
{
    app_today(s->today, sizeof s->today);
    bd_err e = {0};
    if (app_ar_aging(s->a, s->aging, MAX_ROWS, &s->naging, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        s->naging = 0;
    }
    app_aging_row *total = &s->aging[s->naging];
    memset(total, 0, sizeof *total);
    for (int i = 0; i < s->naging; i++) {
        for (int b = 0; b < s->nbuckets; b++)
            total->bucket[b] += s->aging[i].bucket[b];
        total->total += s->aging[i].total;
    }
    store_receivable *open = bd_xcalloc(MAX_ROWS, sizeof *open);
    int n = 0;
    if (app_ar_list(s->a, 0, false, open, MAX_ROWS, &n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        n = 0;
    }
    s->n = s->overdue = 0;
    s->balance = 0;
    for (int i = 0; i < n; i++) {
        ar_row *r = &s->rows[s->n++];
        r->r = open[i];
        r->late = days_late(open[i].due_date, s->today);
        snprintf(r->key, sizeof r->key, "%s %012lld", open[i].due_date, (long long)open[i].id);
        s->overdue += r->late > 0;
        s->balance += app_ar_open_company(s->a, &open[i]);
    }
    free(open);
    qsort(s->rows, (size_t)s->n, sizeof *s->rows, row_cmp);
    s->loaded = true;
    s->width = 0; /* lay the columns out for these rows */
}

/* ---- The list's source ----------------------------------------------------------- */
static const char *row_key(void *src, int i)
{
    return ((ar_screen *)src)->rows[i].key;
}

static bool row_matches(void *src, int i, const char *filter)
{
    const store_receivable *r = &((ar_screen *)src)->rows[i].r;
    return ui_text_contains(r->contract_number, filter) || ui_text_contains(r->company, filter) ||
           ui_text_contains(r->milestone, filter);
}

static void late_text(int64_t late, char *buf, size_t n)
{
    if (late > 0)
        snprintf(buf, n, "%lld day%s", (long long)late, late == 1 ? "" : "s");
    else
        snprintf(buf, n, "%s", "");
}

/* An amount of r's, with its currency when that is not the company's. */
static char *money(const ar_screen *s, const store_receivable *r, int64_t v)
{
    char buf[48];
    return bd_xstrdup(app_money_in(s->a, v, r->currency, buf, sizeof buf));
}

static bd_status ar_fetch(void *src, ui_fetch how, const char *key, const char *filter, int max,
                          ui_row *out, int *n, bd_err *e)
{
    ar_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const ar_row *ar = &s->rows[idx[i]];
        const store_receivable *r = &ar->r;
        char buf[64];
        bd_strlcpy(out[i].key, ar->key, sizeof out[i].key);
        out[i].cells[R_MARK] = bd_xstrdup(ar->late > 0 ? "!" : "");
        out[i].cells[R_NUMBER] = bd_xstrdup(r->contract_number); /* from its signing */
        out[i].cells[R_COMPANY] = bd_xstrdup(r->company);
        out[i].cells[R_DUE] = bd_xstrdup(r->due_date);
        out[i].cells[R_AMOUNT] = money(s, r, r->amount);
        out[i].cells[R_PAID] = money(s, r, r->paid);
        out[i].cells[R_BALANCE] = money(s, r, r->amount - r->paid);
        late_text(ar->late, buf, sizeof buf);
        out[i].cells[R_LATE] = bd_xstrdup(buf);
        out[i].cells[R_MILESTONE] = bd_xstrdup(r->milestone);
        out[i].bold = ar->late > 0;
    }
    free(idx);
    return BD_OK;
}

/* The list's columns for an area w cells wide: amounts and days as wide as
 * the widest (never cut), the customer what is left up to 30 cells, the
 * milestone the rest. */
static void layout_list(ar_screen *s, int w)
{
    enum { COMPANY_MIN = 8, COMPANY_MAX = 30, MILESTONE_MIN = 8 };
    int number = 8, money_w = 7, late = 7, company = COMPANY_MIN;
    for (int i = 0; i < s->n; i++) {
        const store_receivable *r = &s->rows[i].r;
        char buf[64];
        int cw;
        if ((cw = bd_text_width(r->contract_number)) > number)
            number = cw;
        if ((cw = bd_text_width(app_money_in(s->a, r->amount, r->currency, buf, sizeof buf))) >
            money_w)
            money_w = cw;
        late_text(s->rows[i].late, buf, sizeof buf);
        if ((cw = bd_text_width(buf)) > late)
            late = cw;
        if ((cw = bd_text_width(r->company)) > company)
            company = cw;
    }
    int used = 1 + (2 + 1) + (number + 1) + (10 + 1) + 3 * (money_w + 1) + (late + 1) + 1;
    if (company > COMPANY_MAX)
        company = COMPANY_MAX;
    if (company > w - used - MILESTONE_MIN)
        company = w - used - MILESTONE_MIN;
    if (company < COMPANY_MIN)
        company = COMPANY_MIN; /* the milestone goes off the edge */
    static const char *const titles[NCOLS] = {"",     "Contract", "Customer", "Due",      "Amount",
                                              "Paid", "Balance",  "Overdue",  "Milestone"};
    const int widths[NCOLS] = {[R_MARK] = 2,        [R_NUMBER] = number,  [R_COMPANY] = company,
                               [R_DUE] = 10,        [R_AMOUNT] = money_w, [R_PAID] = money_w,
                               [R_BALANCE] = money_w, [R_LATE] = late,    [R_MILESTONE] = 0};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c],
                                 .right = c == R_MARK || (c >= R_AMOUNT && c <= R_LATE)};
    s->width = w;
}

/* ---- The aging table ------------------------------------------------------------ */

/* A bucket's amount as shown: "-" for none; whole units unless cents. */
static char *aging_cell(int64_t v, bool cents)
{
    return v ? ui_money_cell(v, cents ? 64 : 1) : bd_xstrdup("-");
}

static int64_t aging_value(const ar_screen *s, const app_aging_row *r, int c)
{
    return c < s->nbuckets ? r->bucket[c] : r->total;
}

/* Columns for a line w cells wide: the money columns all as wide as the
 * widest title or amount; when that leaves the customer too little, every
 * amount drops its cents rather than be cut. */
static void aging_layout(const ar_screen *s, int w, aging_cols *c)
{
    enum { CUSTOMER_MIN = 12, CUSTOMER_MAX = 32 };
    for (int pass = 0; pass < 2; pass++) {
        c->cents = pass == 0;
        c->money_w = 0;
        for (int k = 0; k <= s->nbuckets; k++) {
            if (bd_text_width(s->titles[k]) > c->money_w)
                c->money_w = bd_text_width(s->titles[k]);
            for (int i = 0; i <= s->naging; i++) {
                char *cell = aging_cell(aging_value(s, &s->aging[i], k), c->cents);
                if (bd_text_width(cell) > c->money_w)
                    c->money_w = bd_text_width(cell);
                free(cell);
            }
        }
        c->name_w = w - (s->nbuckets + 1) * (c->money_w + 1);
        if (c->name_w >= CUSTOMER_MIN)
            break;
    }
    int widest = bd_text_width(AGING_LABEL); /* no wider than the names need */
    for (int i = 0; i < s->naging; i++)
        if (bd_text_width(s->aging[i].company) > widest)
            widest = bd_text_width(s->aging[i].company);
    if (c->name_w > (widest < CUSTOMER_MAX ? widest : CUSTOMER_MAX))
        c->name_w = widest < CUSTOMER_MAX ? widest : CUSTOMER_MAX;
    if (c->name_w < 8)
        c->name_w = 8; /* the total goes off the edge */
}

/* One line of the table: name, then the amounts of r (titles when r is
 * NULL).  A new string. */
static char *aging_line(const ar_screen *s, const aging_cols *c, const char *name,
                        const app_aging_row *r)
{
    bd_buf b = {0};
    char fit[1200];
    bd_buf_puts(&b, bd_text_fit(fit, sizeof fit, name, c->name_w, false));
    for (int k = 0; k <= s->nbuckets; k++) {
        char *cell = r ? aging_cell(aging_value(s, r, k), c->cents) : bd_xstrdup(s->titles[k]);
        bd_buf_printf(&b, " %s", bd_text_fit(fit, sizeof fit, cell, c->money_w, true));
        free(cell);
    }
    char *line = bd_xstrdup(bd_buf_str(&b));
    bd_buf_free(&b);
    return line;
}

/* Draw the table from line y, at most `room` lines: the header, the
 * customers that fit, the total.  Returns the lines used. */
static int draw_aging(const ar_screen *s, int y, int x, int w, int room)
{
    aging_cols c;
    aging_layout(s, w - 2, &c);
    int shown = s->naging <= room - 2 ? s->naging : room - 3; /* keep a line for "more" */
    if (shown < 0)
        shown = 0;
    int line = 0;
    const char *label = bd_text_width(AGING_LABEL) <= c.name_w ? AGING_LABEL : "Customer";
    char *text = aging_line(s, &c, label, NULL);
    attr_t hd = ui_attr(UI_COL_HEADER);
    attron(hd);
    ui_put(y + line++, x + 1, text, w - 2, false);
    attroff(hd);
    free(text);
    for (int i = 0; i < shown; i++) {
        text = aging_line(s, &c, s->aging[i].company, &s->aging[i]);
        ui_put(y + line++, x + 1, text, w - 2, false);
        free(text);
    }
    if (shown < s->naging) {
        char more[200], key[16];
        ui_action_first_key(UI_A_AR_AGING, key, sizeof key);
        snprintf(more, sizeof more, "... and %d more customer%s, in the total (%s shows them all)",
                 s->naging - shown, s->naging - shown == 1 ? "" : "s", key);
        attron(ui_attr(UI_COL_DIM));
        ui_put(y + line++, x + 1, more, w - 2, false);
        attroff(ui_attr(UI_COL_DIM));
    }
    text = aging_line(s, &c, "Total", &s->aging[s->naging]);
    attron(A_BOLD);
    ui_put(y + line++, x + 1, text, w - 2, false);
    attroff(A_BOLD);
    free(text);
    return line;
}

/* The whole table in the pager. */
static void show_aging(ar_screen *s, ui_ctx *u)
{
    aging_cols c;
    aging_layout(s, COLS - 4, &c);
    int n = s->naging + 2;
    char **lines = bd_xcalloc((size_t)n, sizeof *lines);
    lines[0] = aging_line(s, &c, "Customer", NULL);
    for (int i = 0; i < s->naging; i++)
        lines[i + 1] = aging_line(s, &c, s->aging[i].company, &s->aging[i]);
    lines[n - 1] = aging_line(s, &c, "Total", &s->aging[s->naging]);
    char title[100];
    snprintf(title, sizeof title, "Aging of open balances by customer, days overdue (%s)",
             s->today);
    ui_pager(u, title, (const char *const *)lines, n);
    for (int i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

/* ---- Drawing --------------------------------------------------------------------- */
static void ar_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    ar_screen *s = st;
    if (!s->loaded)
        load(s, u);
    if (w != s->width)
        layout_list(s, w); /* the cells do not depend on the widths: no reload */
    const char *f = ui_list_filter(s->list);
    char title[400], bal[40], counts[200] = "";
    if (s->n)
        snprintf(counts, sizeof counts, "  %d open%s, %d overdue, balance %s", s->n,
                 s->n == MAX_ROWS ? " (the first due)" : "", s->overdue,
                 bd_money_format(s->balance, true, bal, sizeof bal));
    snprintf(title, sizeof title, "Contracts > Receivables%s%s%s%s", counts,
             f[0] ? "  [search: " : "", f, f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    if (s->n == 0 && s->naging == 0) {
        ui_put(y + 2, x + 2, "No open receivables: nothing is owed on the contracts you may see.",
               w - 4, false);
        ui_put(y + 4, x + 2, "A contract's payment milestones become receivables when it is "
               "signed; 3 shows the dates ahead.", w - 4, false);
        return;
    }
    /* The aging takes up to half, the list the rest (its header and rows). */
    int used = 1 + draw_aging(s, y + 1, x, w, (h - 1) / 2 - 1);
    used++; /* a blank line between them */
    ui_list_draw(s->list, u, y + used, x, h - used, w);
}

/* ---- Acting on a receivable --------------------------------------------------------- */

/* Changing needs receivables.record: said before any form opens.  what:
 * "record a payment". */
static bool may_change(ar_screen *s, ui_ctx *u, const char *what)
{
    if (app_can(s->a, PERM_RECEIVABLES))
        return true;
    const app_actor *ac = app_actor_get(s->a);
    ui_status(u, true, "Cannot %s: your role '%s' lacks the permission '%s'", what,
              ac ? ac->role->code : "?", policy_perm_name(PERM_RECEIVABLES));
    return false;
}

/* The selected receivable, copied (a reload must not change what a form
 * acts on); false with the reason on the status line when there is none. */
static bool selected(ar_screen *s, ui_ctx *u, store_receivable *out)
{
    const ui_row *sel = ui_list_selected(s->list);
    for (int i = 0; sel && i < s->n; i++)
        if (strcmp(s->rows[i].key, sel->key) == 0) {
            *out = s->rows[i].r;
            return true;
        }
    ui_status(u, false, "No open receivable here%s",
              ui_list_filter(s->list)[0] ? " (/ changes the search)" : "");
    return false;
}

/* A form's call to the app.  A mistake in the input (BD_ERR_INVALID)
 * keeps the form open, on the field the message names; anything else
 * (refused, gone, moved on) closes it.  Either way the message goes to the
 * status line too. */
typedef struct act_ctx {
    ui_ctx *u;
    app *a;
    const store_receivable *r;
    const char *const *names; /* the form's fields as app messages name them */
    int nnames;
    bd_status st;
    bd_err err;
    store_receivable paid;    /* results */
    store_writeoff writeoff;
} act_ctx;

static bd_status act_result(act_ctx *ac, bd_status st, int *bad, bd_err *e)
{
    ac->st = st;
    return ui_form_app_result(ac->u, st, &ac->err, ac->names, ac->nnames, bad, e);
}

/* After a form: the refusal on the status line, or the list read again. */
static bool act_done(ar_screen *s, ui_ctx *u, const act_ctx *ac, bool saved)
{
    if (!saved) {
        ui_status(u, false, "Left receivable #%lld as it was", (long long)ac->r->id);
        return false;
    }
    load(s, u);
    ui_list_reload(s->list, u);
    if (ac->st != BD_OK) {
        ui_status(u, true, "%s", ac->err.msg);
        return false;
    }
    return true;
}

enum { P_AMOUNT, P_DATE, P_METHOD, P_REF, P_COUNT };

static bd_status pay_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    act_ctx *ac = ctx;
    bd_err_clear(&ac->err);
    bd_status st = app_ar_pay(ac->a, ac->r->id, f[P_AMOUNT].value, f[P_DATE].value,
                              f[P_METHOD].value, f[P_REF].value, &ac->paid, &ac->err);
    return act_result(ac, st, bad, e);
}

static void pay(ar_screen *s, ui_ctx *u)
{
    store_receivable r;
    if (!may_change(s, u, "record a payment") || !selected(s, u, &r))
        return;
    static const char *const names[P_COUNT] = {"amount", "date", "method", "reference"};
    ui_field f[P_COUNT] = {
        [P_AMOUNT] = {.label = "Amount", .help = "What was received; at most the balance"},
        [P_DATE] = {.label = "Paid on", .help = "When it arrived, YYYY-MM-DD"},
        [P_METHOD] = {.label = "Method", .help = "How it was paid: transfer, cheque, cash..."},
        [P_REF] = {.label = "Reference", .help = "Optional: the bank's or the cheque's number"},
    };
    bd_money_format(r.amount - r.paid, true, f[P_AMOUNT].value, sizeof f[P_AMOUNT].value);
    app_today(f[P_DATE].value, sizeof f[P_DATE].value);
    bd_strlcpy(f[P_METHOD].value, "transfer", sizeof f[P_METHOD].value);
    char title[600];
    snprintf(title, sizeof title, "Payment on receivable #%lld: %s %s, %s", (long long)r.id,
             r.contract_number, r.milestone, r.company);
    act_ctx ac = {.u = u, .a = s->a, .r = &r, .names = names, .nnames = P_COUNT};
    if (!act_done(s, u, &ac, ui_form_run(u, title, f, P_COUNT, pay_submit, &ac)))
        return;
    char m1[40], m2[40];
    ui_status(u, false, "Recorded %s on receivable #%lld: balance %s",
              bd_money_format(ac.paid.paid - r.paid, true, m1, sizeof m1), (long long)r.id,
              bd_money_format(ac.paid.amount - ac.paid.paid, true, m2, sizeof m2));
}

enum { K_KIND, K_PLANNED, K_DONE, K_OUTCOME, K_COUNT };

static bd_status collect_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    act_ctx *ac = ctx;
    bd_err_clear(&ac->err);
    bd_status st = app_ar_collect(ac->a, ac->r->id, f[K_KIND].value, f[K_PLANNED].value,
                                  f[K_DONE].value, f[K_OUTCOME].value, &ac->err);
    return act_result(ac, st, bad, e);
}

static void collect(ar_screen *s, ui_ctx *u)
{
    store_receivable r;
    if (!may_change(s, u, "plan collection") || !selected(s, u, &r))
        return;
    static const char *const kinds[] = {"phone", "email", "visit", "legal"};
    static const char *const names[K_COUNT] = {"kind", "date", "done", "outcome"};
    ui_field f[K_COUNT] = {
        [K_KIND] = {.label = "Step", .choices = kinds, .nchoices = 4,
                    .help = "Left/Right or Space: a phone call, e-mail, visit or legal step"},
        [K_PLANNED] = {.label = "Planned on", .help = "When it is to be taken, YYYY-MM-DD"},
        [K_DONE] = {.label = "Done on", .help = "When it was taken; empty while only planned"},
        [K_OUTCOME] = {.label = "Outcome", .help = "What came of it (needed with a done date)"},
    };
    bd_strlcpy(f[K_KIND].value, kinds[0], sizeof f[K_KIND].value);
    app_today(f[K_PLANNED].value, sizeof f[K_PLANNED].value);
    char title[600];
    snprintf(title, sizeof title, "Collection of receivable #%lld: %s %s, %s", (long long)r.id,
             r.contract_number, r.milestone, r.company);
    act_ctx ac = {.u = u, .a = s->a, .r = &r, .names = names, .nnames = K_COUNT};
    if (!act_done(s, u, &ac, ui_form_run(u, title, f, K_COUNT, collect_submit, &ac)))
        return;
    if (f[K_DONE].value[0])
        ui_status(u, false, "Recorded %s done %s on receivable #%lld", f[K_KIND].value,
                  f[K_DONE].value, (long long)r.id);
    else
        ui_status(u, false, "Planned %s for %s on receivable #%lld", f[K_KIND].value,
                  f[K_PLANNED].value, (long long)r.id);
}

static void show_log(ar_screen *s, ui_ctx *u)
{
    store_receivable r;
    if (!selected(s, u, &r))
        return;
    store_collection *rows = bd_xcalloc(MAX_COLLECTIONS, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    if (app_ar_collections(s->a, r.id, rows, MAX_COLLECTIONS, &n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        free(rows);
        return;
    }
    enum { HEAD = 4 }; /* the receivable on two lines, a blank, the titles */
    int nlines = n + HEAD;
    char **lines = bd_xcalloc((size_t)nlines, sizeof *lines);
    char m1[40], m2[40], m3[40], buf[1200];
    snprintf(buf, sizeof buf, "%s %s, %s", r.contract_number, r.milestone, r.company);
    lines[0] = bd_xstrdup(buf);
    snprintf(buf, sizeof buf, "Due %s, amount %s, paid %s, balance %s", r.due_date,
             bd_money_format(r.amount, true, m1, sizeof m1),
             bd_money_format(r.paid, true, m2, sizeof m2),
             bd_money_format(r.amount - r.paid, true, m3, sizeof m3));
    lines[1] = bd_xstrdup(buf);
    lines[2] = bd_xstrdup("");
    lines[3] = bd_xstrdup(n ? "Planned     Step    Done        By                Outcome"
                            : "No collection steps yet; c plans one.");
    for (int i = 0; i < n; i++) {
        const store_collection *c = &rows[i];
        snprintf(buf, sizeof buf, "%-10s  %-6s  %-10s  %-16s  %s", c->planned_on, c->kind,
                 c->done_on[0] ? c->done_on : "planned", c->actor_login, c->outcome);
        lines[HEAD + i] = bd_xstrdup(buf);
    }
    char title[100];
    snprintf(title, sizeof title, "Collection log of receivable #%lld", (long long)r.id);
    ui_pager(u, title, (const char *const *)lines, nlines);
    for (int i = 0; i < nlines; i++)
        free(lines[i]);
    free(lines);
    free(rows);
}

static bd_status writeoff_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    act_ctx *ac = ctx;
    bd_err_clear(&ac->err);
    bd_status st = app_writeoff_request(ac->a, ac->r->id, f[0].value, &ac->writeoff, &ac->err);
    return act_result(ac, st, bad, e);
}

static void writeoff(ar_screen *s, ui_ctx *u)
{
    store_receivable r;
    if (!may_change(s, u, "ask for a write-off") || !selected(s, u, &r))
        return;
    static const char *const names[] = {"reason"};
    char bal[40], title[600];
    bd_money_format(r.amount - r.paid, true, bal, sizeof bal);
    snprintf(title, sizeof title, "Write off %s of receivable #%lld: %s %s, %s", bal,
             (long long)r.id, r.contract_number, r.milestone, r.company);
    ui_field f = {.label = "Reason",
                  .help = "Required: why it cannot be collected; the request goes for approval"};
    act_ctx ac = {.u = u, .a = s->a, .r = &r, .names = names, .nnames = 1};
    if (!act_done(s, u, &ac, ui_form_run(u, title, &f, 1, writeoff_submit, &ac)))
        return;
    const store_writeoff *w = &ac.writeoff;
    bd_money_format(w->amount, true, bal, sizeof bal);
    if (strcmp(w->state, "approved") == 0)
        ui_status(u, false, "Wrote off %s of receivable #%lld (write-off #%lld)", bal,
                  (long long)r.id, (long long)w->id);
    else
        ui_status(u, false, "Write-off #%lld of %s is %s (receivable #%lld)", (long long)w->id,
                  bal, strcmp(w->state, "in_review") == 0 ? "in review" : w->state,
                  (long long)r.id);
}

/* ---- Keys -------------------------------------------------------------------------- */
static bool ar_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    ar_screen *s = st;
    (void)key;
    store_receivable r;
    switch (a) {
    case UI_A_AR_PAY: pay(s, u); return true;
    case UI_A_AR_COLLECT: collect(s, u); return true;
    case UI_A_AR_LOG: show_log(s, u); return true;
    case UI_A_AR_WRITEOFF: writeoff(s, u); return true;
    case UI_A_AR_AGING: show_aging(s, u); return true;
    case UI_A_AR_OPEN:
    case UI_A_OPEN:
        if (selected(s, u, &r)) {
            ui_contract_detail(u, r.contract_id);
            load(s, u);
            ui_list_reload(s->list, u);
        }
        return true;
    default: return ui_list_handle(s->list, u, a);
    }
}

static void ar_reload(void *st, ui_ctx *u)
{
    ar_screen *s = st;
    load(s, u);
    ui_list_reload(s->list, u);
}

static void *ar_open(ui_ctx *u)
{
    ar_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->rows = bd_xcalloc(MAX_ROWS, sizeof *s->rows);
    s->aging = bd_xcalloc(MAX_ROWS + 1, sizeof *s->aging);
    bucket_titles(s, app_policy(s->a));
    layout_list(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, ar_fetch, s);
    return s;
}

static void ar_close(void *st)
{
    ar_screen *s = st;
    ui_list_delete(&s->list);
    free(s->rows);
    free(s->aging);
    free(s);
}

const ui_screen_ops ui_screen_receivables = {
    .title = "Receivables",
    .perm = PERM_CONTRACTS,
    .context = UI_CTX_RECEIVABLES,
    .open = ar_open,
    .close = ar_close,
    .draw = ar_draw,
    .handle = ar_handle,
    .reload = ar_reload,
    .hints = ar_hints,
    .nhints = (int)(sizeof ar_hints / sizeof ar_hints[0]),
};
