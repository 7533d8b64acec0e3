/*
 * Claims > Pre-approvals: business entertainment asked for before it
 * happens (app_preapproval_list: the pre-approvals in the role's reach),
 * newest first: date, reason, customer, estimate, what claims have used
 * of it (claimed), state (the step it waits for) and who asked.  n asks
 * for a new one in a form (it goes for approval at once), w withdraws one
 * of the user's own while it is in review, Enter shows its details.
 *
 * The list is read whole (up to MAX_ROWS) when the view is shown, after a
 * change and when someone else commits, and served from memory
 * (ui_list_pick), keyed so that the newest sorts first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ROWS 500
#define KEY_BASE 1000000000000LL /* keys are KEY_BASE - id: the newest first */

enum { P_ID, P_DATE, P_REASON, P_COMPANY, P_ESTIMATE, P_USED, P_STATE, P_AUTHOR, NCOLS };

typedef struct pa_row {
    store_preapproval p;
    char key[24];
} pa_row;

typedef struct pa_screen {
    app *a;
    const policy *p;
    pa_row *rows;
    int n;
    bool loaded;
    ui_list *list;
    ui_column cols[NCOLS];
    int width; /* the area width the columns were laid out for */
} pa_screen;

static const ui_action pa_hints[] = {UI_A_HELP,   UI_A_PA_NEW,   UI_A_PA_WITHDRAW,
                                     UI_A_PA_OPEN, UI_A_NEXT_TAB, UI_A_QUIT};

static void key_of_id(int64_t id, char *buf, size_t n)
{
    snprintf(buf, n, "%013lld", (long long)(KEY_BASE - id));
}

/* ---- Loading ------------------------------------------------------------------ */
static void load(pa_screen *s, ui_ctx *u)
{
    store_preapproval *got = bd_xcalloc(MAX_ROWS, sizeof *got);
    int n = 0;
    bd_err e = {0};
    if (app_preapproval_list(s->a, NULL, got, MAX_ROWS, &n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        n = 0;
    }
    s->n = 0;
    for (int i = 0; i < n; i++) {
        pa_row *r = &s->rows[s->n++];
        r->p = got[i];
        key_of_id(got[i].id, r->key, sizeof r->key);
    }
    free(got);
    /* The app lists the newest first: the keys ascend already. */
    s->loaded = true;
}

/* The step a pre-approval in review waits for ("" when none). */
static const char *step_name(const pa_screen *s, const store_preapproval *p)
{
    if (strcmp(p->state, "in_review") != 0)
        return "";
    const policy_flow *f = policy_claims_flow(s->p, CLAIM_FLOW_PREAPPROVAL, p->department);
    return f && p->review_step >= 0 && p->review_step < f->nsteps ? f->steps[p->review_step].name
                                                                   : "";
}

/* "in review: 上級" when the column is wide enough, else the state. */
static char *state_cell(const pa_screen *s, const store_preapproval *p, int cols)
{
    const char *step = step_name(s, p);
    if (*step) {
        char *word = ui_name_cell(step, cols - 11);
        char buf[300];
        snprintf(buf, sizeof buf, "in review: %s", word);
        free(word);
        if (bd_text_width(buf) <= cols)
            return bd_xstrdup(buf);
        return bd_xstrdup("in review");
    }
    return bd_xstrdup(p->state);
}

static char *money(int64_t v)
{
    char buf[40];
    return bd_xstrdup(bd_money_format(v, true, buf, sizeof buf));
}

/* ---- The list's source ---------------------------------------------------------- */
static const char *row_key(void *src, int i)
{
    return ((pa_screen *)src)->rows[i].key;
}

static bool row_matches(void *src, int i, const char *filter)
{
    const store_preapproval *p = &((pa_screen *)src)->rows[i].p;
    return ui_text_contains(p->reason, filter) || ui_text_contains(p->company, filter) ||
           ui_text_contains(p->place, filter) || ui_text_contains(p->participants, filter) ||
           ui_text_contains(p->author_login, filter) || ui_text_contains(p->state, filter);
}

static bd_status pa_fetch(void *src, ui_fetch how, const char *key, const char *filter, int max,
                          ui_row *out, int *n, bd_err *e)
{
    pa_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const pa_row *r = &s->rows[idx[i]];
        const store_preapproval *p = &r->p;
        char buf[32];
        bd_strlcpy(out[i].key, r->key, sizeof out[i].key);
        snprintf(buf, sizeof buf, "%lld", (long long)p->id);
        out[i].cells[P_ID] = bd_xstrdup(buf);
        out[i].cells[P_DATE] = bd_xstrdup(p->on_date);
        out[i].cells[P_REASON] = bd_xstrdup(p->reason);
        out[i].cells[P_COMPANY] = bd_xstrdup(p->customer_id ? p->company : "-");
        out[i].cells[P_ESTIMATE] = money(p->estimate);
        out[i].cells[P_USED] = money(p->used);
        out[i].cells[P_STATE] = state_cell(s, p, s->cols[P_STATE].width);
        out[i].cells[P_AUTHOR] = bd_xstrdup(p->author_login);
        out[i].dim = strcmp(p->state, "withdrawn") == 0 || strcmp(p->state, "rejected") == 0;
        out[i].bold = p->used > p->estimate;
    }
    free(idx);
    return BD_OK;
}

/* The columns for an area w cells wide: amounts as wide as the widest,
 * the customer as wide as its longest name up to 24 cells, the reason the
 * rest; who asked goes last and off the edge when the rest needs it. */
static void layout(pa_screen *s, int w)
{
    enum { AUTHOR_W = 10, COMPANY_MIN = 8, COMPANY_MAX = 24, REASON_MIN = 12 };
    int money_w = 8, company = COMPANY_MIN; /* "Estimate", "Customer" */
    for (int i = 0; i < s->n; i++) {
        char buf[40];
        int cw;
        if ((cw = bd_text_width(bd_money_format(s->rows[i].p.estimate, true, buf, sizeof buf))) >
            money_w)
            money_w = cw;
        if ((cw = bd_text_width(bd_money_format(s->rows[i].p.used, true, buf, sizeof buf))) >
            money_w)
            money_w = cw;
        if ((cw = bd_text_width(s->rows[i].p.company)) > company)
            company = cw;
    }
    int state_w = w >= 100 ? 17 : 10;
    int rest = w - 1 - (4 + 1) - (10 + 1) - 2 * (money_w + 1) - (state_w + 1) - 2;
    if (rest - (AUTHOR_W + 1) >= REASON_MIN + COMPANY_MIN)
        rest -= AUTHOR_W + 1;
    if (company > COMPANY_MAX)
        company = COMPANY_MAX;
    if (company > rest - REASON_MIN)
        company = rest - REASON_MIN;
    if (company < COMPANY_MIN)
        company = COMPANY_MIN;
    int reason = rest - company;
    if (reason < REASON_MIN)
        reason = REASON_MIN; /* who asked goes off the edge */
    static const char *const titles[NCOLS] = {"ID",       "Date",    "Reason", "Customer",
                                              "Estimate", "Claimed", "State",  "Asked by"};
    const int widths[NCOLS] = {[P_ID] = 4,          [P_DATE] = 10,     [P_REASON] = reason,
                               [P_COMPANY] = company, [P_ESTIMATE] = money_w,
                               [P_USED] = money_w,  [P_STATE] = state_w, [P_AUTHOR] = AUTHOR_W};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c],
                                 .right = c == P_ID || c == P_ESTIMATE || c == P_USED};
    s->width = w;
}

/* ---- Drawing --------------------------------------------------------------------- */
static void pa_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    pa_screen *s = st;
    if (!s->loaded) {
        load(s, u);
        s->width = 0;
    }
    if (w != s->width) {
        layout(s, w);
        ui_list_reload(s->list, u); /* state cells are fitted to their column when read */
    }
    const char *f = ui_list_filter(s->list);
    char title[400];
    snprintf(title, sizeof title, "Claims > Pre-approvals  %d%s%s%s", s->n,
             f[0] ? " [search: " : "", f, f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    if (s->n == 0) {
        ui_put(y + 2, x + 2, "No pre-approvals that you may see.", w - 4, false);
        ui_put(y + 4, x + 2, "n: new pre-approval. Entertainment is approved before it "
               "happens; its claim line cites it.", w - 4, false);
        return;
    }
    ui_list_draw(s->list, u, y + 1, x, h - 1, w);
}

/* ---- Acting ---------------------------------------------------------------------- */

/* The pre-approval under the cursor, copied; false (with the reason on the
 * status line) when there is none. */
static bool selected(pa_screen *s, ui_ctx *u, store_preapproval *out)
{
    const ui_row *sel = ui_list_selected(s->list);
    for (int i = 0; sel && i < s->n; i++)
        if (strcmp(s->rows[i].key, sel->key) == 0) {
            *out = s->rows[i].p;
            return true;
        }
    ui_status(u, false, "No pre-approval here%s",
              ui_list_filter(s->list)[0] ? " (/ changes the search)" : "; n asks for one");
    return false;
}

static void reload_on(pa_screen *s, ui_ctx *u, int64_t id)
{
    load(s, u);
    s->width = 0;
    char key[24];
    key_of_id(id, key, sizeof key);
    ui_list_goto(s->list, u, key);
}

enum { F_REASON, F_DATE, F_PLACE, F_PEOPLE, F_ESTIMATE, F_CUSTOMER, F_COUNT };
static const char *const new_names[F_COUNT] = {"reason",       "date",     "place",
                                               "participants", "estimate", "customer"};

typedef struct new_ctx {
    ui_ctx *u;
    app *a;
    store_preapproval made;
} new_ctx;

static bd_status new_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    new_ctx *nc = ctx;
    bd_err err = {0};
    bd_status st;
    int64_t customer = 0;
    const char *c = f[F_CUSTOMER].value;
    if (*c == '#')
        c++;
    if (*c) {
        char *end;
        long long v = strtoll(c, &end, 10);
        if (*end || v <= 0) {
            st = bd_errf(&err, BD_ERR_INVALID,
                         "customer: give the customer's number (as in #12), or leave it empty");
            return ui_form_app_result(nc->u, st, &err, new_names, F_COUNT, bad, e);
        }
        customer = v;
    }
    app_preapproval_input in = {.reason = f[F_REASON].value,
                                .date = f[F_DATE].value,
                                .place = f[F_PLACE].value,
                                .participants = f[F_PEOPLE].value,
                                .estimate = f[F_ESTIMATE].value,
                                .customer_id = customer};
    st = app_preapproval_new(nc->a, &in, &nc->made, &err);
    return ui_form_app_result(nc->u, st, &err, new_names, F_COUNT, bad, e);
}

static void new_preapproval(pa_screen *s, ui_ctx *u)
{
    ui_field f[F_COUNT] = {
        [F_REASON] = {.label = "Reason", .help = "Why the entertainment is needed"},
        [F_DATE] = {.label = "Date", .help = "When it takes place, YYYY-MM-DD"},
        [F_PLACE] = {.label = "Place", .help = "Where: the restaurant, the city"},
        [F_PEOPLE] = {.label = "Participants",
                      .help = "The customer's people and the staff who go"},
        [F_ESTIMATE] = {.label = "Estimate", .help = "What it is expected to cost, e.g. 1,000"},
        [F_CUSTOMER] = {.label = "Customer",
                        .help = "Optional: the customer's number, e.g. 12; key customers "
                                "go to leadership"},
    };
    app_today(f[F_DATE].value, sizeof f[F_DATE].value);
    new_ctx nc = {.u = u, .a = s->a};
    if (!ui_form_run(u, "New pre-approval for business entertainment", f, F_COUNT, new_submit,
                     &nc)) {
        ui_status(u, false, "No pre-approval asked for");
        return;
    }
    const store_preapproval *p = &nc.made;
    if (p->id == 0) {
        load(s, u); /* refused outside the input: the message is on the status line */
        ui_list_reload(s->list, u);
        return;
    }
    reload_on(s, u, p->id);
    const char *step = step_name(s, p);
    if (*step)
        ui_status(u, false, "Pre-approval #%lld is in review: %s", (long long)p->id, step);
    else
        ui_status(u, false, "Pre-approval #%lld is %s", (long long)p->id, p->state);
}

static void withdraw(pa_screen *s, ui_ctx *u)
{
    store_preapproval p;
    if (!selected(s, u, &p))
        return;
    const app_actor *ac = app_actor_get(s->a);
    if (!ac || p.author_id != ac->user.id) {
        ui_status(u, true, "Pre-approval #%lld is %s's; only the one who asked withdraws it",
                  (long long)p.id, p.author_login);
        return;
    }
    if (strcmp(p.state, "in_review") != 0) {
        ui_status(u, true, "Pre-approval #%lld is %s; only one in review is withdrawn",
                  (long long)p.id, p.state);
        return;
    }
    char q[1200];
    snprintf(q, sizeof q, "Withdraw pre-approval #%lld (%s)?", (long long)p.id, p.reason);
    if (!ui_confirm(u, q)) {
        ui_status(u, false, "Left pre-approval #%lld in review", (long long)p.id);
        return;
    }
    bd_err e = {0};
    store_preapproval out;
    bd_status st = app_preapproval_act(s->a, p.id, APV_WITHDRAW, NULL, p.version, &out, &e);
    reload_on(s, u, p.id);
    if (st != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        ui_status(u, false, "Withdrew pre-approval #%lld", (long long)p.id);
}

/* Details in the pager: every field, with the step it waits for. */
static void show(pa_screen *s, ui_ctx *u)
{
    store_preapproval p;
    if (!selected(s, u, &p))
        return;
    bd_err e = {0};
    if (app_preapproval_get(s->a, p.id, &p, &e) != BD_OK) { /* as it is now */
        ui_status(u, true, "%s", e.msg);
        return;
    }
    char lines[12][1200], m1[40], m2[40];
    int n = 0;
    const char *step = step_name(s, &p);
    snprintf(lines[n++], sizeof lines[0], "Reason:        %s", p.reason);
    snprintf(lines[n++], sizeof lines[0], "Date:          %s", p.on_date);
    snprintf(lines[n++], sizeof lines[0], "Place:         %s", p.place);
    snprintf(lines[n++], sizeof lines[0], "Participants:  %s", p.participants);
    if (p.customer_id)
        snprintf(lines[n++], sizeof lines[0], "Customer:      #%lld %s%s%s%s", (long long)p.customer_id,
                 p.company, p.class_code[0] ? " (" : "", p.class_code, p.class_code[0] ? ")" : "");
    else
        snprintf(lines[n++], sizeof lines[0], "Customer:      -");
    snprintf(lines[n++], sizeof lines[0], "Estimate:      %s",
             bd_money_format(p.estimate, true, m1, sizeof m1));
    snprintf(lines[n++], sizeof lines[0], "Claimed:       %s on claim lines citing it",
             bd_money_format(p.used, true, m2, sizeof m2));
    if (*step)
        snprintf(lines[n++], sizeof lines[0], "State:         in review, waiting for %s (round %d)",
                 step, p.review_round);
    else
        snprintf(lines[n++], sizeof lines[0], "State:         %s", p.state);
    const policy_department *d = policy_dept_find(s->p, p.department);
    snprintf(lines[n++], sizeof lines[0], "Asked by:      %s (%s), %s", p.author_login,
             d ? d->name : p.department, p.created_at);
    const char *ptrs[12];
    for (int i = 0; i < n; i++)
        ptrs[i] = lines[i];
    char title[100];
    snprintf(title, sizeof title, "Pre-approval #%lld", (long long)p.id);
    ui_pager(u, title, ptrs, n);
}

/* ---- Keys -------------------------------------------------------------------------- */
static bool pa_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    pa_screen *s = st;
    (void)key;
    switch (a) {
    case UI_A_PA_NEW: new_preapproval(s, u); return true;
    case UI_A_PA_WITHDRAW: withdraw(s, u); return true;
    case UI_A_PA_OPEN:
    case UI_A_OPEN: show(s, u); return true;
    default: return ui_list_handle(s->list, u, a);
    }
}

static void pa_reload(void *st, ui_ctx *u)
{
    pa_screen *s = st;
    load(s, u);
    s->width = 0;
    ui_list_reload(s->list, u);
}

static void *pa_open(ui_ctx *u)
{
    pa_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    s->rows = bd_xcalloc(MAX_ROWS, sizeof *s->rows);
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, pa_fetch, s);
    return s;
}

static void pa_close(void *st)
{
    pa_screen *s = st;
    ui_list_delete(&s->list);
    free(s->rows);
    free(s);
}

const ui_screen_ops ui_screen_preapprovals = {
    .title = "Pre-approvals",
    .perm = PERM_CLAIMS,
    .context = UI_CTX_PREAPPROVALS,
    .open = pa_open,
    .close = pa_close,
    .draw = pa_draw,
    .handle = pa_handle,
    .reload = pa_reload,
    .hints = pa_hints,
    .nhints = (int)(sizeof pa_hints / sizeof pa_hints[0]),
};
