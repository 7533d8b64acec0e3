/*
 * Claims > Payments (claims.pay): the approved claims awaiting payment
 * (app_payment_queue), oldest first: claimant, title, total, when it was
 * approved and the claimant's bank account on file.  Space marks rows
 * ("*"), * marks them all (or none); p pays the marked claims, or the one
 * under the cursor, with one form (paid on, default today; the method, a
 * choice of claims.yaml's payment_methods; a reference).  Each claim is
 * paid with the version it was shown with, so one that moved on meanwhile
 * is refused; the status line sums up what was paid and names every
 * refusal with the app's reason ("claim #7: tom.baker has no bank account
 * on file"), and refused claims stay marked.  Enter opens the claim.
 *
 * The account: the app gives the claimant's account to nobody but an
 * administrator (app_user_get needs admin.users), so without that right
 * the column shows "-" and a claimant without one is told at payment.
 *
 * The queue is read whole (up to MAX_ROWS) when the view is shown, after a
 * payment and when someone else commits, and served from memory
 * (ui_list_pick), keyed by claim id (the oldest first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ROWS 1000

enum { Q_ID, Q_CLAIMANT, Q_TITLE, Q_TOTAL, Q_APPROVED, Q_ACCOUNT, NCOLS };

typedef struct pay_row {
    store_claim c;  /* as shown: its version is the one paid */
    char key[24];
    char account[24];
} pay_row;

typedef struct pay_screen {
    app *a;
    const policy *p;
    pay_row *rows;
    int n;
    int64_t sum;
    bool loaded;
    ui_marks *marks;
    const char **methods; /* claims.yaml's payment_methods, for the form */
    int nmethods;
    ui_list *list;
    ui_column cols[NCOLS];
    int width;      /* the area width the columns were laid out for */
} pay_screen;

static const ui_action pay_hints[] = {UI_A_HELP,     UI_A_PAY_SELECT, UI_A_PAY_ALL,
                                      UI_A_PAY_PAY,  UI_A_PAY_OPEN,   UI_A_QUIT};

static void key_of_id(int64_t id, char *buf, size_t n)
{
    snprintf(buf, n, "%013lld", (long long)id);
}

/* ---- Loading ------------------------------------------------------------------ */

/* The claimant's account as the paying clerk sees it: its last four
 * characters, "none", or "-" when it cannot be read. */
static void account_of(pay_screen *s, const store_claim *c, char *buf, size_t n)
{
    char account[65];
    if (app_claim_payee_account(s->a, c, account, sizeof account, NULL) != BD_OK) {
        snprintf(buf, n, "-");
        return;
    }
    size_t len = strlen(account);
    if (!len)
        snprintf(buf, n, "none");
    else
        snprintf(buf, n, "%s%s", len > 4 ? "..." : "", account + (len > 4 ? len - 4 : 0));
}

static bool still_queued(void *src, const char *key)
{
    const pay_screen *s = src;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->rows[i].key, key) == 0)
            return true;
    return false;
}

static void load(pay_screen *s, ui_ctx *u)
{
    store_claim *got = bd_xcalloc(MAX_ROWS, sizeof *got);
    int n = 0;
    bd_err e = {0};
    if (app_payment_queue(s->a, got, MAX_ROWS, &n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        n = 0;
    }
    s->n = 0;
    s->sum = 0;
    for (int i = 0; i < n; i++) {
        pay_row *r = &s->rows[s->n++];
        r->c = got[i];
        key_of_id(got[i].id, r->key, sizeof r->key);
        account_of(s, &got[i], r->account, sizeof r->account);
        s->sum += got[i].total;
    }
    free(got);
    ui_marks_keep(s->marks, still_queued, s); /* paid ones left the queue */
    s->loaded = true;
    s->width = 0; /* lay the columns out for these rows */
}

/* ---- The list's source ---------------------------------------------------------- */
static const char *row_key(void *src, int i)
{
    return ((pay_screen *)src)->rows[i].key;
}

static bool row_matches(void *src, int i, const char *filter)
{
    const store_claim *c = &((pay_screen *)src)->rows[i].c;
    return ui_text_contains(c->title, filter) || ui_text_contains(c->author_login, filter) ||
           ui_text_contains(c->author_name, filter);
}

static bd_status pay_fetch(void *src, ui_fetch how, const char *key, const char *filter, int max,
                           ui_row *out, int *n, bd_err *e)
{
    pay_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const pay_row *r = &s->rows[idx[i]];
        char buf[64];
        bd_strlcpy(out[i].key, r->key, sizeof out[i].key);
        snprintf(buf, sizeof buf, "#%lld", (long long)r->c.id);
        out[i].cells[Q_ID] = bd_xstrdup(buf);
        out[i].cells[Q_CLAIMANT] = bd_xstrdup(r->c.author_name[0] ? r->c.author_name
                                                                  : r->c.author_login);
        out[i].cells[Q_TITLE] = bd_xstrdup(r->c.title);
        out[i].cells[Q_TOTAL] = bd_xstrdup(bd_money_format(r->c.total, true, buf, sizeof buf));
        out[i].cells[Q_APPROVED] = bd_xstrndup(r->c.approved_at, 10);
        out[i].cells[Q_ACCOUNT] = bd_xstrdup(r->account);
    }
    free(idx);
    return BD_OK;
}

/* The columns for an area w cells wide: the total as wide as the widest,
 * the claimant up to 16 cells, the title the rest. */
static void layout(pay_screen *s, int w)
{
    enum { CLAIMANT_MIN = 8, CLAIMANT_MAX = 16, TITLE_MIN = 12, ACCOUNT_W = 8 };
    int money_w = 8, claimant = CLAIMANT_MIN;
    for (int i = 0; i < s->n; i++) {
        char buf[40];
        const store_claim *c = &s->rows[i].c;
        int cw = bd_text_width(bd_money_format(c->total, true, buf, sizeof buf));
        if (cw > money_w)
            money_w = cw;
        cw = bd_text_width(c->author_name[0] ? c->author_name : c->author_login);
        if (cw > claimant)
            claimant = cw;
    }
    if (claimant > CLAIMANT_MAX)
        claimant = CLAIMANT_MAX;
    /* The cursor's and the marks' columns, then each column and its space. */
    int title = w - 2 - (5 + 1) - (claimant + 1) - (money_w + 1) - (10 + 1) - (ACCOUNT_W + 1) - 1;
    if (title < TITLE_MIN)
        title = TITLE_MIN; /* the account goes off the edge */
    static const char *const titles[NCOLS] = {"ID",    "Claimant", "Title",
                                              "Total", "Approved", "Account"};
    const int widths[NCOLS] = {[Q_ID] = 5,         [Q_CLAIMANT] = claimant, [Q_TITLE] = title,
                               [Q_TOTAL] = money_w, [Q_APPROVED] = 10,     [Q_ACCOUNT] = ACCOUNT_W};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c],
                                 .right = c == Q_ID || c == Q_TOTAL};
    s->width = w;
}

/* ---- Drawing --------------------------------------------------------------------- */

/* The marked claims' count and sum. */
static int64_t marked_sum(const pay_screen *s, int *count)
{
    int64_t sum = 0;
    *count = 0;
    for (int i = 0; i < s->n; i++)
        if (ui_marks_has(s->marks, s->rows[i].key)) {
            sum += s->rows[i].c.total;
            ++*count;
        }
    return sum;
}

static void pay_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    pay_screen *s = st;
    if (!s->loaded)
        load(s, u);
    if (w != s->width)
        layout(s, w); /* the cells do not depend on the widths: no reload */
    const char *f = ui_list_filter(s->list);
    char title[500], m1[40], m2[40], marked[120] = "";
    int count;
    int64_t sum = marked_sum(s, &count);
    if (count)
        snprintf(marked, sizeof marked, "  [%d selected: %s]", count,
                 bd_money_format(sum, true, m2, sizeof m2));
    snprintf(title, sizeof title, "Claims > Payments  %d awaiting, %s%s%s%s%s", s->n,
             bd_money_format(s->sum, true, m1, sizeof m1), marked, f[0] ? " [search: " : "", f,
             f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    if (s->n == 0) {
        ui_put(y + 2, x + 2, "No approved claims await payment.", w - 4, false);
        ui_put(y + 4, x + 2, "A claim comes here when its last approver approves it; it "
               "leaves when it is paid.", w - 4, false);
        return;
    }
    ui_list_draw(s->list, u, y + 1, x, h - 1, w);
}

/* ---- Paying ----------------------------------------------------------------------- */
enum { F_DATE, F_METHOD, F_REF, F_COUNT };
static const char *const pay_names[F_COUNT] = {"paid on", "method", "reference"};

typedef struct pay_ctx {
    ui_ctx *u;
    pay_screen *s;
    const int *targets; /* indices into s->rows, in queue order */
    int ntargets;
    int paid, refused;
    int64_t paid_sum;
    bool *was_paid;     /* per target */
    bd_buf refusals;    /* "claim #7: ...; claim #9: ..." */
} pay_ctx;

/* Pay every target with the version it was shown with.  A mistake in the
 * form (a date, a method: the app names the field) is found on the first
 * claim, before any is paid: the form stays open on it.  Anything else is
 * a refusal of that claim, and the rest are still paid. */
static bd_status pay_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    pay_ctx *pc = ctx;
    pay_screen *s = pc->s;
    for (int t = 0; t < pc->ntargets; t++) {
        if (pc->was_paid[t])
            continue;
        const store_claim *c = &s->rows[pc->targets[t]].c;
        bd_err err = {0};
        store_claim out;
        bd_status st = app_claim_pay(s->a, c->id, f[F_DATE].value, f[F_METHOD].value,
                                     f[F_REF].value, c->version, &out, &err);
        if (st == BD_OK) {
            pc->was_paid[t] = true;
            pc->paid++;
            pc->paid_sum += c->total;
            continue;
        }
        if (st == BD_ERR_INVALID && pc->paid == 0 && pc->refused == 0 &&
            ui_field_of_message(err.msg, pay_names, F_COUNT) >= 0) {
            *bad = ui_field_of_message(err.msg, pay_names, F_COUNT);
            *e = err;
            return st;
        }
        char self[32];
        snprintf(self, sizeof self, "claim #%lld", (long long)c->id);
        bool named = strncmp(err.msg, self, strlen(self)) == 0; /* the app's own "claim #7 ..." */
        bd_buf_printf(&pc->refusals, "%s%s%s%s", pc->refused ? "; " : "", named ? "" : self,
                      named ? "" : ": ", err.msg);
        pc->refused++;
    }
    return BD_OK;
}

static void pay(pay_screen *s, ui_ctx *u)
{
    int *targets = bd_xcalloc((size_t)(s->n ? s->n : 1), sizeof *targets);
    int nt = 0;
    for (int i = 0; i < s->n; i++)
        if (ui_marks_has(s->marks, s->rows[i].key))
            targets[nt++] = i;
    if (nt == 0) {
        const ui_row *sel = ui_list_selected(s->list);
        for (int i = 0; sel && i < s->n; i++)
            if (strcmp(s->rows[i].key, sel->key) == 0)
                targets[nt++] = i;
    }
    if (nt == 0) {
        ui_status(u, false, "No claim awaits payment here");
        free(targets);
        return;
    }
    int64_t sum = 0;
    for (int t = 0; t < nt; t++)
        sum += s->rows[targets[t]].c.total;
    char title[600], m[40];
    bd_money_format(sum, true, m, sizeof m);
    if (nt == 1) {
        const store_claim *c = &s->rows[targets[0]].c;
        snprintf(title, sizeof title, "Pay claim #%lld: %s, %s, %s", (long long)c->id, c->title,
                 c->author_name[0] ? c->author_name : c->author_login, m);
    } else {
        snprintf(title, sizeof title, "Pay %d claims: %s in total", nt, m);
    }
    ui_field f[F_COUNT] = {
        [F_DATE] = {.label = "Paid on", .help = "The day the money went out, YYYY-MM-DD"},
        [F_METHOD] = {.label = "Method", .choices = s->methods, .nchoices = s->nmethods,
                      .help = "Left/Right or Space: how it is paid (a transfer needs the "
                              "claimant's bank account on file)"},
        [F_REF] = {.label = "Reference", .help = "Optional: the bank's or the cheque's number"},
    };
    app_today(f[F_DATE].value, sizeof f[F_DATE].value);
    if (s->nmethods)
        bd_strlcpy(f[F_METHOD].value, s->methods[0], sizeof f[F_METHOD].value);
    pay_ctx pc = {.u = u, .s = s, .targets = targets, .ntargets = nt,
                  .was_paid = bd_xcalloc((size_t)nt, sizeof(bool))};
    bool saved = ui_form_run(u, title, f, F_COUNT, pay_submit, &pc);
    if (!saved) {
        ui_status(u, false, "Nothing paid");
    } else {
        bd_money_format(pc.paid_sum, true, m, sizeof m);
        if (pc.refused)
            ui_status(u, true, "Paid %d; %d refused: %s", pc.paid, pc.refused,
                      bd_buf_str(&pc.refusals));
        else
            ui_status(u, false, "Paid %d claim%s, %s in total, by %s on %s", pc.paid,
                      pc.paid == 1 ? "" : "s", m, f[F_METHOD].value, f[F_DATE].value);
        for (int t = 0; t < nt; t++) /* the refused stay marked; the paid leave */
            if (pc.was_paid[t])
                ui_marks_set(s->marks, s->rows[targets[t]].key, false);
        load(s, u);
        ui_list_reload(s->list, u);
    }
    bd_buf_free(&pc.refusals);
    free(pc.was_paid);
    free(targets);
}

/* ---- Keys -------------------------------------------------------------------------- */
static void mark_all(pay_screen *s, ui_ctx *u)
{
    const char *f = ui_list_filter(s->list);
    int shown = 0, marked = 0;
    for (int i = 0; i < s->n; i++)
        if (!f[0] || row_matches(s, i, f)) {
            shown++;
            marked += ui_marks_has(s->marks, s->rows[i].key);
        }
    bool on = marked < shown;
    for (int i = 0; i < s->n; i++)
        if (!f[0] || row_matches(s, i, f))
            ui_marks_set(s->marks, s->rows[i].key, on);
    int count;
    char m[40];
    bd_money_format(marked_sum(s, &count), true, m, sizeof m);
    ui_status(u, false, on ? "Selected %d claim%s: %s" : "None selected", count,
              count == 1 ? "" : "s", m);
}

static bool pay_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    pay_screen *s = st;
    (void)key;
    const ui_row *sel;
    switch (a) {
    case UI_A_PAY_SELECT:
        if (!ui_list_toggle_mark(s->list, u))
            ui_status(u, false, "No claim awaits payment here");
        return true;
    case UI_A_PAY_ALL: mark_all(s, u); return true;
    case UI_A_PAY_PAY: pay(s, u); return true;
    case UI_A_PAY_OPEN:
    case UI_A_OPEN:
        if (!(sel = ui_list_selected(s->list))) {
            ui_status(u, false, "No claim awaits payment here");
            return true;
        }
        ui_claim_detail(u, strtoll(sel->key, NULL, 10));
        load(s, u);
        ui_list_reload(s->list, u);
        return true;
    default: return ui_list_handle(s->list, u, a);
    }
}

static void pay_reload(void *st, ui_ctx *u)
{
    pay_screen *s = st;
    load(s, u);
    ui_list_reload(s->list, u);
}

static void *pay_open(ui_ctx *u)
{
    pay_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    s->rows = bd_xcalloc(MAX_ROWS, sizeof *s->rows);
    s->marks = ui_marks_new();
    s->nmethods = (int)s->p->npay_methods;
    s->methods = bd_xcalloc((size_t)(s->nmethods ? s->nmethods : 1), sizeof *s->methods);
    for (int i = 0; i < s->nmethods; i++)
        s->methods[i] = s->p->pay_methods[i];
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, pay_fetch, s);
    ui_list_set_marks(s->list, s->marks);
    return s;
}

static void pay_close(void *st)
{
    pay_screen *s = st;
    ui_list_delete(&s->list);
    ui_marks_delete(&s->marks);
    free(s->methods);
    free(s->rows);
    free(s);
}

const ui_screen_ops ui_screen_payments = {
    .title = "Payments",
    .perm = PERM_CLAIMS_PAY,
    .context = UI_CTX_PAYMENTS,
    .open = pay_open,
    .close = pay_close,
    .draw = pay_draw,
    .handle = pay_handle,
    .reload = pay_reload,
    .hints = pay_hints,
    .nhints = (int)(sizeof pay_hints / sizeof pay_hints[0]),
};
