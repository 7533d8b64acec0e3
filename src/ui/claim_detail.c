/*
 * A claim's details (ui_claim_detail), over the view it was opened from:
 * the header, what the actor may do and why not the rest, the lines with
 * what an approver must look at (marked "!" with the reason), the budget
 * left after it per category, and the history.  The keys of the CLAIM
 * context act on it: the claimant adds a line (a form whose footer shows
 * the claim's new total while the amount is typed) or deletes one while
 * it is a draft or rejected, submits and withdraws; an approver of the
 * current step approves or rejects.
 *
 * The frame (the box, scrolling, the watch on the database, a refusal in
 * full at the top) is detail.c's.  Every decision passes the version of
 * the claim the screen showed, so a claim that moved on in the meantime
 * is refused with the app's message instead of deciding something the
 * person did not see.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

typedef struct claim_view {
    app *a;
    const policy *p;
    int64_t id;
    app_claim_detail *d;
    bd_status st;
    char error[1024];
    app_choices ch;
    bool ch_ok;
} claim_view;

/* ---- Names ---------------------------------------------------------------------- */

static const policy_flow *flow_of(const claim_view *v)
{
    return policy_claims_flow(v->p, CLAIM_FLOW_CLAIM, v->d->claim.department);
}

static const char *step_name(const claim_view *v, int step)
{
    const policy_flow *f = flow_of(v);
    return f && step >= 0 && step < f->nsteps ? f->steps[step].name : "?";
}

/* The name of a step by its code; "" for none (a submission's). */
static const char *step_name_of_code(const claim_view *v, const char *code)
{
    const policy_flow *f = flow_of(v);
    for (int i = 0; f && i < f->nsteps; i++)
        if (strcmp(f->steps[i].code, code) == 0)
            return f->steps[i].name;
    return "";
}

static const char *category_name(const policy *p, const char *code)
{
    int i = policy_category_index(p, code);
    return i >= 0 ? p->categories[i].name : code;
}

static const char *standard_name(const policy *p, const char *code)
{
    int i = policy_standard_index(p, code);
    return i >= 0 ? p->standards[i].name : code;
}

static const char *dept_name(const policy *p, const char *code)
{
    for (size_t i = 0; i < p->ndepts; i++)
        if (strcmp(p->depts[i].code, code) == 0)
            return p->depts[i].name;
    return code;
}

/* "2026-11-24 09:00" of "2026-11-24T09:00:00Z". */
static const char *when(const char *ts, char *buf, size_t n)
{
    snprintf(buf, n, "%.10s %.5s", ts, strlen(ts) > 11 ? ts + 11 : "");
    return buf;
}

/* What the flags ask an approver to look at: "over standard, over budget". */
static void flag_text(unsigned flags, bd_buf *b)
{
    static const struct {
        unsigned flag;
        const char *text;
    } names[] = {
        {CLAIM_FLAG_OVER_STANDARD, "over standard"},
        {CLAIM_FLAG_DUP_INVOICE, "duplicate invoice"},
        {CLAIM_FLAG_NO_PREAPPROVAL, "no pre-approval"},
        {CLAIM_FLAG_OVER_ESTIMATE, "over estimate"},
        {CLAIM_FLAG_OVER_BUDGET, "over budget"},
        {CLAIM_FLAG_NO_BUDGET, "no budget"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (flags & names[i].flag)
            bd_buf_printf(b, "%s%s", b->len ? ", " : "", names[i].text);
}

static bool is_mine(const claim_view *v)
{
    const app_actor *ac = app_actor_get(v->a);
    return ac && ac->user.id == v->d->claim.author_id;
}

static bool is_open(const store_claim *c)
{
    return strcmp(c->state, "draft") == 0 || strcmp(c->state, "rejected") == 0;
}

static bool editable(const claim_view *v)
{
    return v->st == BD_OK && is_mine(v) && is_open(&v->d->claim);
}

static ui_action key_action(apv_action act)
{
    switch (act) {
    case APV_SUBMIT: return UI_A_CLAIM_SUBMIT;
    case APV_APPROVE: return UI_A_CLAIM_APPROVE;
    case APV_REJECT: return UI_A_CLAIM_REJECT;
    case APV_WITHDRAW: return UI_A_CLAIM_WITHDRAW;
    }
    return UI_A_NONE;
}

static const apv_action order[] = {APV_APPROVE, APV_REJECT, APV_SUBMIT, APV_WITHDRAW};

/* ---- The text --------------------------------------------------------------------- */
#define LABEL(l) (snprintf(lead, sizeof lead, "%-12s", l), lead)

static void add_header(claim_view *v, ui_text *t)
{
    const store_claim *c = &v->d->claim;
    char lead[64], money[40], at[40];
    ui_text_add(t, UI_TEXT_HEAD, "#%lld  %s", (long long)c->id, c->title);
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s (%s), %s", LABEL("Claimant"), c->author_name,
                c->author_login, dept_name(v->p, c->department));
    if (strcmp(c->state, "in_review") == 0)
        ui_text_add(t, UI_TEXT_PLAIN, "%sin review, awaiting %s (round %d)", LABEL("State"),
                    v->d->step_name[0] ? v->d->step_name : step_name(v, c->review_step),
                    c->review_round);
    else if (strcmp(c->state, "rejected") == 0)
        ui_text_add(t, UI_TEXT_PLAIN, "%srejected, back with %s (round %d)", LABEL("State"),
                    c->author_login, c->review_round);
    else if (strcmp(c->state, "paid") == 0)
        ui_text_add(t, UI_TEXT_PLAIN, "%spaid on %s by %s%s%s", LABEL("State"), c->paid_on,
                    c->pay_method, c->pay_reference[0] ? ", ref " : "", c->pay_reference);
    else if (strcmp(c->state, "approved") == 0)
        ui_text_add(t, UI_TEXT_PLAIN, "%sapproved on %.10s, awaiting payment", LABEL("State"),
                    c->approved_at);
    else
        ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("State"), c->state);
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s %s in %d line%s", LABEL("Total"),
                bd_money_format(c->total, true, money, sizeof money), v->p->currency,
                v->d->nlines, v->d->nlines == 1 ? "" : "s");
    if (c->submitted_at[0])
        ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("Submitted"),
                    when(c->submitted_at, at, sizeof at));
    if (v->d->flags) {
        bd_buf b = {0};
        flag_text(v->d->flags, &b);
        char text[600];
        snprintf(text, sizeof text, "! %s", bd_buf_str(&b));
        ui_text_wrap(t, UI_TEXT_MARK, LABEL("Look at"), text);
        bd_buf_free(&b);
    }
}

/* What the actor may do now, with the keys, and why not the rest. */
static void add_choices(claim_view *v, ui_text *t)
{
    char lead[64], key[16];
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    if (!v->ch_ok) {
        ui_text_add(t, UI_TEXT_WARN, "%s", "You may: (could not be worked out)");
        return;
    }
    bd_buf b = {0};
    for (int i = 0; i < 4; i++) {
        if (!v->ch.allowed[order[i]])
            continue;
        ui_action_first_key(key_action(order[i]), key, sizeof key);
        bd_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", apv_action_name(order[i]), key);
    }
    if (editable(v)) {
        ui_action_first_key(UI_A_CLAIM_ADD, key, sizeof key);
        bd_buf_printf(&b, "%sadd a line (%s)", b.len ? ", " : "", key);
        if (v->d->nlines) {
            ui_action_first_key(UI_A_CLAIM_DELETE, key, sizeof key);
            bd_buf_printf(&b, ", delete a line (%s)", key);
        }
    }
    if (v->ch.on_behalf[0])
        bd_buf_printf(&b, "  [for %s]", v->ch.on_behalf);
    ui_text_wrap(t, UI_TEXT_HEAD, LABEL("You may"), b.len ? bd_buf_str(&b) : "nothing now");
    bd_buf_free(&b);
    bool first = true;
    for (int i = 0; i < 4; i++) {
        apv_action act = order[i];
        if (v->ch.allowed[act])
            continue;
        char l[200];
        snprintf(l, sizeof l, "%-12s%s: ", first ? "Not" : "", apv_action_name(act));
        ui_text_wrap(t, UI_TEXT_PLAIN, l, v->ch.why[act]);
        first = false;
    }
}

/* A cell of `cols` cells for a line of the text. */
static const char *fit(char *buf, size_t n, const char *s, int cols, bool right)
{
    return bd_text_fit(buf, n, s, cols, right);
}

static void add_lines(claim_view *v, ui_text *t)
{
    const app_claim_detail *d = v->d;
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "Lines (what an approver must look at marked !)");
    if (!d->nlines) {
        ui_text_add(t, UI_TEXT_PLAIN, "%s", editable(v) ? "  none yet: a adds one" : "  none");
        return;
    }
    char place[200], cat[200], std[200], qty[16], amt[80], money[40];
    ui_text_add(t, UI_TEXT_PLAIN, "   %2s %-10s  %s  %s  %s  %s  %s  %s", "#", "Date",
                fit(place, sizeof place, "Place", 10, false),
                fit(cat, sizeof cat, "Category", 14, false),
                fit(std, sizeof std, "Standard", 14, false), fit(qty, sizeof qty, "Qty", 3, true),
                fit(amt, sizeof amt, "Amount", 12, true), "Reason");
    for (int i = 0; i < d->nlines; i++) {
        const store_claim_line *l = &d->lines[i];
        bool marked = d->line_flags[i] != 0;
        char *cname = ui_name_cell(category_name(v->p, l->category), 14);
        char *sname = ui_name_cell(l->standard[0] ? standard_name(v->p, l->standard) : "-", 14);
        char q[16];
        snprintf(q, sizeof q, "%d", l->quantity);
        char lead[600];
        snprintf(lead, sizeof lead, " %s %2d %-10s  %s  %s  %s  %s  %s  ", marked ? "!" : " ",
                 l->lineno, l->on_date, fit(place, sizeof place, l->place, 10, false),
                 fit(cat, sizeof cat, cname, 14, false), fit(std, sizeof std, sname, 14, false),
                 fit(qty, sizeof qty, q, 3, true),
                 fit(amt, sizeof amt, bd_money_format(l->amount, true, money, sizeof money), 12,
                     true));
        free(cname);
        free(sname);
        ui_text_wrap(t, marked ? UI_TEXT_MARK : UI_TEXT_PLAIN, lead, l->reason);
        if (l->invoice[0] || l->preapproval_id) {
            char extra[300] = "";
            if (l->invoice[0])
                snprintf(extra, sizeof extra, "invoice %s", l->invoice);
            if (l->preapproval_id)
                snprintf(extra + strlen(extra), sizeof extra - strlen(extra),
                         "%spre-approval #%lld", extra[0] ? ", " : "",
                         (long long)l->preapproval_id);
            ui_text_wrap(t, UI_TEXT_PLAIN, "      ", extra);
        }
        if (marked) {
            char why[300];
            snprintf(why, sizeof why, "! %s", d->line_why[i]);
            ui_text_wrap(t, UI_TEXT_MARK, "      ", why);
        }
    }
}

static void add_budgets(claim_view *v, ui_text *t)
{
    const app_claim_detail *d = v->d;
    if (!d->nbudgets)
        return;
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "Budget left after this claim");
    enum { CAT_W = 12, MONEY_W = 12 };
    char c[200], m[6][80], money[40];
    ui_text_add(t, UI_TEXT_PLAIN, "   %s  %-7s  %s %s %s %s %s",
                fit(c, sizeof c, "Category", CAT_W, false), "Period",
                fit(m[0], sizeof m[0], "Budget", MONEY_W, true),
                fit(m[1], sizeof m[1], "Spent", MONEY_W, true),
                fit(m[2], sizeof m[2], "In review", MONEY_W, true),
                fit(m[3], sizeof m[3], "This claim", MONEY_W, true),
                fit(m[4], sizeof m[4], "Left after", MONEY_W, true));
    for (int i = 0; i < d->nbudgets; i++) {
        const app_claim_budget *b = &d->budgets[i];
        char *name = ui_name_cell(category_name(v->p, b->category), CAT_W);
        fit(c, sizeof c, name, CAT_W, false);
        free(name);
        if (!b->period[0]) {
            ui_text_add(t, UI_TEXT_MARK, " ! %s  no budget for %s", c,
                        dept_name(v->p, d->claim.department));
            continue;
        }
        const int64_t vals[5] = {b->budget, b->spent, b->in_review, b->this_claim, b->left_after};
        for (int k = 0; k < 5; k++)
            fit(m[k], sizeof m[k], bd_money_format(vals[k], true, money, sizeof money), MONEY_W,
                true);
        bool over = b->left_after < 0;
        ui_text_add(t, over ? UI_TEXT_MARK : UI_TEXT_PLAIN, " %s %s  %-7s  %s %s %s %s %s%s",
                    over ? "!" : " ", c, b->period, m[0], m[1], m[2], m[3], m[4],
                    over ? "  over budget" : "");
    }
}

static void add_history(claim_view *v, ui_text *t)
{
    const app_claim_detail *d = v->d;
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "History (oldest first)");
    if (!d->ndecisions)
        ui_text_add(t, UI_TEXT_PLAIN, "%s", "  none yet");
    for (int i = 0; i < d->ndecisions; i++) {
        const store_decision *x = &d->decisions[i];
        char at[40], step[200];
        fit(step, sizeof step, step_name_of_code(v, x->step_code), 22, false);
        ui_text_add(t, UI_TEXT_PLAIN, "  %s  round %-2d %-9s%s %s%s%s", when(x->at, at, sizeof at),
                    x->round, x->action, step, x->actor_login,
                    x->on_behalf_login[0] ? " for " : "", x->on_behalf_login);
        if (x->comment[0]) {
            char text[1100];
            snprintf(text, sizeof text, "\"%s\"", x->comment);
            ui_text_wrap(t, UI_TEXT_PLAIN, "      ", text);
        }
    }
}
#undef LABEL

static void build(void *st, ui_text *t)
{
    claim_view *v = st;
    if (v->st != BD_OK) {
        ui_text_wrap(t, UI_TEXT_WARN, "", v->error);
        return;
    }
    add_header(v, t);
    add_choices(v, t);
    add_lines(v, t);
    add_budgets(v, t);
    add_history(v, t);
}

static void load(void *st)
{
    claim_view *v = st;
    bd_err e = {0};
    v->st = app_claim_detail_get(v->a, v->id, v->d, &e);
    bd_strlcpy(v->error, e.msg, sizeof v->error);
    if (v->st == BD_OK)
        v->ch_ok = app_claim_choices(v->a, v->id, &v->ch, NULL) == BD_OK;
}

static void title(void *st, char *buf, size_t n)
{
    claim_view *v = st;
    snprintf(buf, n, "Claim #%lld", (long long)v->id);
}

/* The hint line offers what the actor may do now. */
static int hints(void *st, ui_action *out, int max)
{
    claim_view *v = st;
    int n = 0;
    if (v->st != BD_OK || max < 6)
        return 0;
    if (editable(v)) {
        out[n++] = UI_A_CLAIM_ADD;
        if (v->d->nlines)
            out[n++] = UI_A_CLAIM_DELETE;
    }
    for (int i = 0; v->ch_ok && i < 4; i++)
        if (v->ch.allowed[order[i]])
            out[n++] = key_action(order[i]);
    return n;
}

/* ---- Adding a line ---------------------------------------------------------------- */
enum { F_DATE, F_PLACE, F_CATEGORY, F_STANDARD, F_QTY, F_REASON, F_AMOUNT, F_INVOICE, F_PRE,
       F_COUNT };

/* The fields as the app's messages name them ("amount: must be more than 0"). */
static const char *const field_names[F_COUNT] = {
    "date", "place", "category", "standard", "quantity", "reason", "amount", "invoice",
    "preapproval",
};

#define NO_STANDARD "(none)"

typedef struct line_ctx {
    claim_view *v;
    int64_t total;                /* the claim's total as shown */
    const char **categories;      /* the policy's category names */
    const char **standards;       /* NO_STANDARD, then the chosen category's */
    int nstandards;
    bd_status st;                 /* the app's answer, when it closed the form */
    bd_err err;
    store_claim_line out;
} line_ctx;

static int chosen_category(const line_ctx *lc, const ui_field *f)
{
    const policy *p = lc->v->p;
    for (size_t i = 0; i < p->ncategories; i++)
        if (strcmp(f[F_CATEGORY].value, lc->categories[i]) == 0)
            return (int)i;
    return -1;
}

/* The form's live part: the standards follow the category, and the
 * footer the claim's total with the amount being typed. */
static void line_change(void *ctx, ui_field *f, int n, int changed, char *footer, size_t size)
{
    (void)n;
    line_ctx *lc = ctx;
    const policy *p = lc->v->p;
    if (changed < 0 || changed == F_CATEGORY) {
        int cat = chosen_category(lc, f);
        lc->nstandards = 0;
        lc->standards[lc->nstandards++] = NO_STANDARD;
        bool kept = false;
        for (size_t i = 0; i < p->nstandards; i++) {
            if (p->standards[i].category != cat)
                continue;
            lc->standards[lc->nstandards++] = p->standards[i].name;
            kept |= strcmp(f[F_STANDARD].value, p->standards[i].name) == 0;
        }
        f[F_STANDARD].choices = lc->standards;
        f[F_STANDARD].nchoices = lc->nstandards;
        if (!kept)
            bd_strlcpy(f[F_STANDARD].value, NO_STANDARD, sizeof f[F_STANDARD].value);
    }
    char now[40], with[40], amt[40];
    int64_t amount = 0;
    const char *typed = f[F_AMOUNT].value + strspn(f[F_AMOUNT].value, " ");
    bd_money_format(lc->total, true, now, sizeof now);
    if (!*typed)
        snprintf(footer, size, "Claim total %s %s; the amount adds to it", now, p->currency);
    else if (bd_money_parse(typed, &amount, NULL) != BD_OK || amount <= 0)
        snprintf(footer, size, "New total ? (%s + an amount that is not money yet)", now);
    else
        snprintf(footer, size, "New total %s %s (%s + %s)",
                 bd_money_format(lc->total + amount, true, with, sizeof with), p->currency, now,
                 bd_money_format(amount, true, amt, sizeof amt));
}

/* The field an app message is about: "line 3: amount: ..." names amount. */
static int field_of(const char *msg)
{
    const char *m = msg;
    if (strncmp(m, "line ", 5) == 0) {
        const char *colon = strstr(m, ": ");
        if (colon)
            m = colon + 2;
    }
    return ui_field_of_message(m, field_names, F_COUNT);
}

static bd_status line_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    line_ctx *lc = ctx;
    const policy *p = lc->v->p;
    int cat = chosen_category(lc, f);
    const char *standard = NULL;
    for (size_t i = 0; i < p->nstandards; i++)
        if (strcmp(f[F_STANDARD].value, p->standards[i].name) == 0)
            standard = p->standards[i].code;
    int64_t pre = 0;
    const char *pt = f[F_PRE].value + strspn(f[F_PRE].value, " #");
    if (*pt) {
        char *end;
        long long k = strtoll(pt, &end, 10);
        if (*end || k <= 0) {
            *bad = F_PRE;
            return bd_errf(e, BD_ERR_INVALID, "preapproval: '%s' is not the number of a "
                           "pre-approval", f[F_PRE].value);
        }
        pre = k;
    }
    app_claim_line_input in = {
        .date = f[F_DATE].value,
        .place = f[F_PLACE].value,
        .category = cat >= 0 ? p->categories[cat].code : f[F_CATEGORY].value,
        .standard = standard,
        .quantity = f[F_QTY].value,
        .reason = f[F_REASON].value,
        .amount = f[F_AMOUNT].value,
        .invoice = f[F_INVOICE].value,
        .preapproval_id = pre,
    };
    bd_err_clear(&lc->err);
    lc->st = app_claim_line_add(lc->v->a, lc->v->id, &in, &lc->out, &lc->err);
    if (lc->st == BD_OK)
        return BD_OK;
    /* A message about a field keeps the form open on it; anything else
     * (the claim moved on, it is not the actor's) closes it. */
    int k = field_of(lc->err.msg);
    if (k < 0)
        return BD_OK;
    *bad = k;
    *e = lc->err;
    return lc->st;
}

static void add_line(claim_view *v, ui_ctx *u)
{
    const policy *p = v->p;
    const store_claim *c = &v->d->claim;
    if (!p->ncategories) {
        ui_status(u, true, "claims.yaml has no category to claim under");
        return;
    }
    line_ctx lc = {.v = v, .total = c->total};
    lc.categories = bd_xcalloc(p->ncategories, sizeof *lc.categories);
    lc.standards = bd_xcalloc(p->nstandards + 1, sizeof *lc.standards);
    for (size_t i = 0; i < p->ncategories; i++)
        lc.categories[i] = p->categories[i].name;
    ui_field f[F_COUNT] = {
        [F_DATE] = {.label = "Date", .help = "YYYY-MM-DD: when the expense was made (not later than today)"},
        [F_PLACE] = {.label = "Place", .help = "The city: a standard's cap may depend on it"},
        [F_CATEGORY] = {.label = "Category", .choices = lc.categories,
                        .nchoices = (int)p->ncategories,
                        .help = "Left/Right or Space: the category of claims.yaml"},
        [F_STANDARD] = {.label = "Standard",
                        .help = "Left/Right or Space: the category's standard (cap) it is under"},
        [F_QTY] = {.label = "Quantity", .help = "Nights or persons, for a standard counted so"},
        [F_REASON] = {.label = "Reason", .help = "Required: what it was for"},
        [F_AMOUNT] = {.label = "Amount", .help = "Required: 88 or 1,234.50 (the total below follows it)"},
        [F_INVOICE] = {.label = "Invoice", .help = "The invoice number, if there is one"},
        [F_PRE] = {.label = "Pre-approval", .help = "The number of an approved pre-approval (entertainment)"},
    };
    app_today(f[F_DATE].value, sizeof f[F_DATE].value);
    bd_strlcpy(f[F_CATEGORY].value, lc.categories[0], sizeof f[F_CATEGORY].value);
    bd_strlcpy(f[F_STANDARD].value, NO_STANDARD, sizeof f[F_STANDARD].value);
    bd_strlcpy(f[F_QTY].value, "1", sizeof f[F_QTY].value);
    char title[400];
    snprintf(title, sizeof title, "New line of claim #%lld %s", (long long)c->id, c->title);
    bool saved = ui_form_run_live(u, title, f, F_COUNT, line_submit, line_change, &lc);
    free(lc.categories);
    free(lc.standards);
    char money[40];
    if (!saved)
        ui_status(u, false, "Left claim #%lld as it was", (long long)c->id);
    else if (lc.st != BD_OK)
        ui_status(u, true, "%s", lc.err.msg);
    else
        ui_status(u, false, "Added line %d to claim #%lld: %s %s", lc.out.lineno,
                  (long long)c->id, category_name(p, lc.out.category),
                  bd_money_format(lc.out.amount, true, money, sizeof money));
}

/* ---- Deleting a line ---------------------------------------------------------------- */
static bd_status pick_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)ctx, (void)f, (void)n, (void)bad, (void)e;
    return BD_OK;
}

static void delete_line(claim_view *v, ui_ctx *u)
{
    const app_claim_detail *d = v->d;
    const store_claim *c = &d->claim;
    if (!d->nlines) {
        ui_status(u, true, "Claim #%lld has no line to delete", (long long)c->id);
        return;
    }
    char (*texts)[200] = bd_xcalloc((size_t)d->nlines, sizeof *texts);
    const char **names = bd_xcalloc((size_t)d->nlines, sizeof *names);
    for (int i = 0; i < d->nlines; i++) {
        char money[40];
        const store_claim_line *l = &d->lines[i];
        snprintf(texts[i], sizeof texts[i], "%d  %s  %s  %s", l->lineno, l->on_date,
                 bd_money_format(l->amount, true, money, sizeof money), l->reason);
        names[i] = texts[i];
    }
    ui_field pick = {.label = "Line", .choices = names, .nchoices = d->nlines,
                     .help = "Left/Right or Space: the line to delete   Enter: delete it"};
    bd_strlcpy(pick.value, names[0], sizeof pick.value);
    char title[400];
    snprintf(title, sizeof title, "Delete a line of claim #%lld", (long long)c->id);
    int k = -1;
    if (ui_form_run(u, title, &pick, 1, pick_submit, NULL))
        for (int i = 0; i < d->nlines; i++)
            if (strcmp(pick.value, names[i]) == 0)
                k = i;
    char q[400];
    if (k >= 0)
        snprintf(q, sizeof q, "Delete line %s of claim #%lld?", texts[k], (long long)c->id);
    free(names);
    free(texts);
    if (k < 0 || !ui_confirm(u, q)) {
        ui_status(u, false, "Left claim #%lld as it was", (long long)c->id);
        return;
    }
    int lineno = d->lines[k].lineno;
    bd_err e = {0};
    if (app_claim_line_remove(v->a, c->id, lineno, &e) != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        ui_status(u, false, "Deleted line %d of claim #%lld", lineno, (long long)c->id);
}

/* ---- The review ---------------------------------------------------------------------- */
typedef struct decide_ctx {
    app *a;
    const store_claim *c;
    apv_action act;
    bd_status st;
    bd_err err;
    store_claim out;
} decide_ctx;

static bd_status decide_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    decide_ctx *dc = ctx;
    bd_err_clear(&dc->err);
    dc->st = app_claim_act(dc->a, dc->c->id, dc->act, f[0].value, dc->c->version, &dc->out,
                           &dc->err);
    /* A missing reason is fixed in the form; anything else (the claim
     * moved on, it is not the person's to decide) closes it. */
    if (dc->st == BD_ERR_INVALID && strstr(dc->err.msg, "comment:")) {
        *bad = 0;
        *e = dc->err;
        return dc->st;
    }
    return BD_OK;
}

/* After a decision: where the claim is now. */
static void say_where(ui_ctx *u, claim_view *v, const char *done, const store_claim *out)
{
    if (strcmp(out->state, "in_review") == 0)
        ui_status(u, false, "%s claim #%lld: it %s %s", done, (long long)out->id,
                  strcmp(done, "Submitted") == 0 ? "waits for" : "goes on to",
                  step_name(v, out->review_step));
    else if (strcmp(out->state, "rejected") == 0)
        ui_status(u, false, "%s claim #%lld: back to %s with your reason", done,
                  (long long)out->id, out->author_login[0] ? out->author_login
                                                           : v->d->claim.author_login);
    else if (strcmp(out->state, "draft") == 0)
        ui_status(u, false, "%s claim #%lld: it is a draft again", done, (long long)out->id);
    else
        ui_status(u, false, "%s claim #%lld: it is %s", done, (long long)out->id, out->state);
}

static void decide(claim_view *v, ui_ctx *u, const store_claim *c, apv_action act)
{
    bool reject = act == APV_REJECT;
    char help[300], title[600];
    if (reject)
        snprintf(help, sizeof help, "Required: why it goes back to %s", c->author_login);
    else
        snprintf(help, sizeof help, "Optional: a word for %s and the next approvers",
                 c->author_login);
    snprintf(title, sizeof title, "%s claim #%lld %s%s%s", reject ? "Reject" : "Approve",
             (long long)c->id, c->title, v->ch.on_behalf[0] ? " for " : "", v->ch.on_behalf);
    ui_field f = {.label = reject ? "Reason" : "Comment", .help = help};
    decide_ctx dc = {.a = v->a, .c = c, .act = act};
    if (!ui_form_run(u, title, &f, 1, decide_submit, &dc))
        ui_status(u, false, "Left claim #%lld undecided", (long long)c->id);
    else if (dc.st != BD_OK)
        ui_status(u, true, "%s", dc.err.msg);
    else
        say_where(u, v, reject ? "Rejected" : "Approved", &dc.out);
}

static void submit_or_withdraw(claim_view *v, ui_ctx *u, const store_claim *c, apv_action act)
{
    char q[400], money[40];
    if (act == APV_SUBMIT)
        snprintf(q, sizeof q, "Submit claim #%lld (%s %s) for review?", (long long)c->id,
                 bd_money_format(c->total, true, money, sizeof money), v->p->currency);
    else
        snprintf(q, sizeof q, "Withdraw claim #%lld from review? It becomes a draft again.",
                 (long long)c->id);
    if (!ui_confirm(u, q)) {
        ui_status(u, false, "Left claim #%lld as it was", (long long)c->id);
        return;
    }
    store_claim out;
    bd_err e = {0};
    if (app_claim_act(v->a, c->id, act, NULL, c->version, &out, &e) != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        say_where(u, v, act == APV_SUBMIT ? "Submitted" : "Withdrew", &out);
}

/* An action of the review: refused here with the engine's reason when the
 * actor may not take it, else asked for and taken. */
static void review_action(claim_view *v, ui_ctx *u, apv_action act)
{
    const store_claim *c = &v->d->claim;
    if (v->ch_ok && !v->ch.allowed[act]) {
        ui_status(u, true, "Cannot %s claim #%lld: %s", apv_action_name(act), (long long)c->id,
                  v->ch.why[act]);
        return;
    }
    /* The dialogs work on a copy: a reload while they are open must not
     * change what the person is deciding on. */
    store_claim seen = *c;
    if (act == APV_APPROVE || act == APV_REJECT)
        decide(v, u, &seen, act);
    else
        submit_or_withdraw(v, u, &seen, act);
}

/* Whether the actor may change the lines now; when not, why on the status
 * line. */
static bool may_edit(claim_view *v, ui_ctx *u)
{
    const store_claim *c = &v->d->claim;
    if (editable(v))
        return true;
    if (!is_mine(v)) {
        char key[2][16];
        ui_action_first_key(UI_A_CLAIM_APPROVE, key[0], sizeof key[0]);
        ui_action_first_key(UI_A_CLAIM_REJECT, key[1], sizeof key[1]);
        bool decides = v->ch_ok && v->ch.allowed[APV_APPROVE];
        ui_status(u, true, "Only its claimant (%s) changes claim #%lld%s%s%s%s%s", c->author_login,
                  (long long)c->id, decides ? "; " : "", decides ? key[0] : "",
                  decides ? " approves it, " : "", decides ? key[1] : "",
                  decides ? " rejects it" : "");
    } else if (strcmp(c->state, "in_review") == 0) {
        char key[16];
        ui_action_first_key(UI_A_CLAIM_WITHDRAW, key, sizeof key);
        ui_status(u, true, "Claim #%lld is in review: withdraw it (%s) to change it",
                  (long long)c->id, key);
    } else {
        ui_status(u, true, "Claim #%lld is %s; only a draft or rejected claim is changed",
                  (long long)c->id, c->state);
    }
    return false;
}

static void act(void *st, ui_ctx *u, ui_action a)
{
    claim_view *v = st;
    if (v->st != BD_OK)
        return;
    switch (a) {
    case UI_A_CLAIM_ADD:
        if (may_edit(v, u))
            add_line(v, u);
        break;
    case UI_A_CLAIM_DELETE:
        if (may_edit(v, u))
            delete_line(v, u);
        break;
    case UI_A_CLAIM_SUBMIT: review_action(v, u, APV_SUBMIT); break;
    case UI_A_CLAIM_WITHDRAW: review_action(v, u, APV_WITHDRAW); break;
    case UI_A_CLAIM_APPROVE: review_action(v, u, APV_APPROVE); break;
    case UI_A_CLAIM_REJECT: review_action(v, u, APV_REJECT); break;
    default: break;
    }
}

static const ui_detail_ops claim_ops = {
    .context = UI_CTX_CLAIM,
    .load = load,
    .title = title,
    .build = build,
    .hints = hints,
    .act = act,
};

void ui_claim_detail(ui_ctx *u, int64_t id)
{
    claim_view v = {.a = ui_app(u), .p = app_policy(ui_app(u)), .id = id};
    v.d = bd_xcalloc(1, sizeof *v.d);
    ui_detail_run(u, &claim_ops, &v);
    free(v.d);
}
