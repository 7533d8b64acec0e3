/*
 * A contract's details, and the review actions the Inbox and the details
 * share: approve and reject (with a comment on the whole contract or on one
 * clause), submit and withdraw (the author), editing a clause (the author).
 *
 * The details are a modal over the current view, like the pager, but with
 * keys of their own (the CONTRACT context) and a watch on the database
 * while they are open: a decision someone else takes shows without closing
 * them.  Every action passes the version of the contract the screen showed,
 * so acting on a contract that moved on in the meantime is refused with the
 * app's message instead of deciding something the person did not see.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_internal.h"

char *ui_name_cell(const char *name, int cols)
{
    if (bd_text_width(name) <= cols)
        return bd_xstrdup(name);
    const char *sp = strchr(name, ' ');
    if (sp) {
        char *first = bd_xstrndup(name, (size_t)(sp - name));
        if (bd_text_width(first) <= cols)
            return first;
        free(first);
    }
    return bd_xstrdup(name);
}

/* The name of step `step` of the contract flow, or "?". */
static const char *step_name(const policy *p, int step)
{
    return step >= 0 && step < p->contract_flow.nsteps ? p->contract_flow.steps[step].name : "?";
}

/* The name of a flow step by its code, or NULL. */
static const char *step_name_of_code(const policy *p, const char *code)
{
    for (int i = 0; i < p->contract_flow.nsteps; i++)
        if (strcmp(p->contract_flow.steps[i].code, code) == 0)
            return p->contract_flow.steps[i].name;
    return NULL;
}

/* "2026-11-24 09:00" of "2026-11-24T09:00:00Z". */
static const char *when(const char *ts, char *buf, size_t n)
{
    snprintf(buf, n, "%.10s %.5s", ts, strlen(ts) > 11 ? ts + 11 : "");
    return buf;
}

static const char *clause_name(const policy *p, const char *code)
{
    int i = policy_clause_index(p, code);
    return i >= 0 ? p->clauses[i].name : code;
}

static bool is_me(app *a, int64_t user_id)
{
    const app_actor *ac = app_actor_get(a);
    return ac && ac->user.id == user_id;
}

/* ---- Approve and reject ---------------------------------------------------- */
enum { D_COMMENT, D_CLAUSE, D_COUNT };

typedef struct decide_ctx {
    app *a;
    const store_contract *c;
    apv_action act;
    const char *const *clause_names; /* [0] the whole contract, then policy order */
    bd_status st;
    bd_err err;
    store_contract out;
} decide_ctx;

static bd_status decide_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    decide_ctx *dc = ctx;
    const policy *p = app_policy(dc->a);
    const char *clause = NULL;
    for (size_t i = 0; i < p->nclauses; i++)
        if (strcmp(f[D_CLAUSE].value, dc->clause_names[i + 1]) == 0)
            clause = p->clauses[i].code;
    bd_err_clear(&dc->err);
    dc->st = app_contract_act(dc->a, dc->c->id, dc->act, clause, f[D_COMMENT].value,
                              dc->c->version, &dc->out, &dc->err);
    /* A missing reason is fixed in the form; anything else (the item moved
     * on, it is not the person's to decide) closes it with the message. */
    if (dc->st == BD_ERR_INVALID && strstr(dc->err.msg, "comment:")) {
        *bad = D_COMMENT;
        *e = dc->err;
        return dc->st;
    }
    return BD_OK;
}

bool ui_contract_decide(ui_ctx *u, const store_contract *c, apv_action act, const char *on_behalf)
{
    app *a = ui_app(u);
    const policy *p = app_policy(a);
    bool reject = act == APV_REJECT;
    const char **names = bd_xcalloc(p->nclauses + 1, sizeof *names);
    names[0] = "(the whole contract)";
    for (size_t i = 0; i < p->nclauses; i++)
        names[i + 1] = p->clauses[i].name;
    char help[300], title[400];
    if (reject)
        snprintf(help, sizeof help, "Required: why it goes back to %s", c->owner_login);
    else
        snprintf(help, sizeof help, "Optional: a word for %s and the next reviewers",
                 c->owner_login);
    snprintf(title, sizeof title, "%s #%lld %s%s%s", reject ? "Reject" : "Approve",
             (long long)c->id, c->company, on_behalf && *on_behalf ? " for " : "",
             on_behalf ? on_behalf : "");
    ui_field f[D_COUNT] = {
        [D_COMMENT] = {.label = reject ? "Reason" : "Comment", .help = help},
        [D_CLAUSE] = {.label = "On clause",
                      .choices = names,
                      .nchoices = (int)p->nclauses + 1,
                      .help = "Left/Right or Space: the clause the comment is about"},
    };
    bd_strlcpy(f[D_CLAUSE].value, names[0], sizeof f[D_CLAUSE].value);
    decide_ctx dc = {.a = a, .c = c, .act = act, .clause_names = names};
    bool saved = ui_form_run(u, title, f, D_COUNT, decide_submit, &dc);
    free(names);
    if (!saved) {
        ui_status(u, false, "Left #%lld undecided", (long long)c->id);
        return false;
    }
    if (dc.st != BD_OK) {
        ui_status(u, true, "%s", dc.err.msg);
        return false;
    }
    if (reject)
        ui_status(u, false, "Rejected #%lld: back to %s with your reason", (long long)c->id,
                  dc.out.owner_login[0] ? dc.out.owner_login : c->owner_login);
    else if (strcmp(dc.out.state, "in_review") == 0)
        ui_status(u, false, "Approved #%lld: it goes on to %s", (long long)c->id,
                  step_name(p, dc.out.review_step));
    else
        ui_status(u, false, "Approved #%lld: it is %s", (long long)c->id, dc.out.state);
    return true;
}

/* ---- Submit and withdraw (the author) ---------------------------------------- */
static bool submit_or_withdraw(ui_ctx *u, const store_contract *c, apv_action act)
{
    app *a = ui_app(u);
    const policy *p = app_policy(a);
    char q[400];
    if (act == APV_SUBMIT)
        snprintf(q, sizeof q, "Submit #%lld for review? It goes to %s.", (long long)c->id,
                 step_name(p, 0));
    else
        snprintf(q, sizeof q, "Withdraw #%lld from review? It becomes a draft again.",
                 (long long)c->id);
    if (!ui_confirm(u, q)) {
        ui_status(u, false, "Left #%lld as it was", (long long)c->id);
        return false;
    }
    store_contract out;
    bd_err e = {0};
    if (app_contract_act(a, c->id, act, NULL, NULL, c->version, &out, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        return false;
    }
    if (act == APV_SUBMIT && strcmp(out.state, "in_review") == 0)
        ui_status(u, false, "Submitted #%lld: it waits for %s", (long long)c->id,
                  step_name(p, out.review_step));
    else if (act == APV_SUBMIT)
        ui_status(u, false, "Submitted #%lld: it is %s", (long long)c->id, out.state);
    else
        ui_status(u, false, "Withdrew #%lld: it is a draft again", (long long)c->id);
    return true;
}

/* ---- Editing a clause (the author) --------------------------------------------- */
typedef struct clause_ctx {
    app *a;
    int64_t id;
    const char *code;
} clause_ctx;

static bd_status pick_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)ctx, (void)f, (void)n, (void)bad, (void)e;
    return BD_OK;
}

static bd_status clause_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    clause_ctx *cc = ctx;
    bd_status st = app_contract_clause(cc->a, cc->id, cc->code, f[0].value, e);
    if (st != BD_OK)
        *bad = 0;
    return st;
}

static void edit_clause(ui_ctx *u, const app_contract_detail *d)
{
    app *a = ui_app(u);
    const policy *p = app_policy(a);
    const store_contract *c = &d->contract;
    if (!is_me(a, c->owner_id)) {
        ui_status(u, true, "Only its author (%s) edits contract #%lld", c->owner_login,
                  (long long)c->id);
        return;
    }
    if (strcmp(c->state, "draft") != 0 && strcmp(c->state, "rejected") != 0) {
        ui_status(u, true, "Contract #%lld is %s: %s", (long long)c->id, c->state,
                  strcmp(c->state, "in_review") == 0 ? "withdraw it (w) to edit it"
                                                     : "a signed contract changes by amendment");
        return;
    }
    if (p->nclauses == 0)
        return;
    const char **names = bd_xcalloc(p->nclauses, sizeof *names);
    int first_empty = -1;
    for (size_t i = 0; i < p->nclauses; i++) {
        names[i] = p->clauses[i].name;
        bool filled = false;
        for (int k = 0; k < d->nclauses; k++)
            if (strcmp(d->clauses[k].clause, p->clauses[i].code) == 0 && d->clauses[k].body[0])
                filled = true;
        if (!filled && p->clauses[i].required && first_empty < 0)
            first_empty = (int)i;
    }
    ui_field pick = {.label = "Clause", .choices = names, .nchoices = (int)p->nclauses,
                     .help = "Left/Right or Space: the clause to edit   Enter: edit it"};
    bd_strlcpy(pick.value, names[first_empty >= 0 ? first_empty : 0], sizeof pick.value);
    char title[400];
    snprintf(title, sizeof title, "Edit a clause of #%lld", (long long)c->id);
    bool chosen = ui_form_run(u, title, &pick, 1, pick_submit, NULL);
    int k = -1;
    for (size_t i = 0; chosen && i < p->nclauses; i++)
        if (strcmp(pick.value, names[i]) == 0)
            k = (int)i;
    free(names);
    if (k < 0)
        return;
    const char *body = "";
    for (int i = 0; i < d->nclauses; i++)
        if (strcmp(d->clauses[i].clause, p->clauses[k].code) == 0)
            body = d->clauses[i].body;
    ui_field text = {.label = "Text", .help = "The clause as the contract says it; Enter saves"};
    if (strlen(body) >= sizeof text.value) {
        ui_status(u, true, "%s is %zu bytes, more than this editor holds (%zu); change it with "
                  "bizdesk contract clause",
                  p->clauses[k].name, strlen(body), sizeof text.value - 1);
        return;
    }
    bd_strlcpy(text.value, body, sizeof text.value);
    snprintf(title, sizeof title, "%s of #%lld", p->clauses[k].name, (long long)c->id);
    clause_ctx cc = {.a = a, .id = c->id, .code = p->clauses[k].code};
    if (ui_form_run(u, title, &text, 1, clause_submit, &cc))
        ui_status(u, false, "Saved %s of #%lld", p->clauses[k].name, (long long)c->id);
    else
        ui_status(u, false, "Left %s as it was", p->clauses[k].name);
}

/* ---- Signing and the states after ---------------------------------------------------- */

/* The states a contract in `state` may be taken to (app_contract_state's
 * moves); their count. */
static int next_states(const char *state, const char **out)
{
    static const struct {
        const char *from, *to[2];
    } moves[] = {
        {"signed", {"executing", "terminated"}},
        {"executing", {"completed", "terminated"}},
        {"completed", {"archived", NULL}},
        {"terminated", {"archived", NULL}},
    };
    for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
        if (strcmp(moves[i].from, state) != 0)
            continue;
        int n = 0;
        for (int k = 0; k < 2 && moves[i].to[k]; k++)
            out[n++] = moves[i].to[k];
        return n;
    }
    return 0;
}

static void sign(ui_ctx *u, const store_contract *c)
{
    app *a = ui_app(u);
    if (strcmp(c->state, "approved") != 0) {
        ui_status(u, true, "Contract #%lld is %s; only an approved contract is signed",
                  (long long)c->id, c->state);
        return;
    }
    char today[11], q[300];
    app_today(today, sizeof today);
    snprintf(q, sizeof q, "Sign #%lld today (%s)? It gets the next contract number.",
             (long long)c->id, today);
    if (!ui_confirm(u, q)) {
        ui_status(u, false, "Left #%lld unsigned", (long long)c->id);
        return;
    }
    store_contract out;
    bd_err e = {0};
    if (app_contract_sign(a, c->id, NULL, c->version, &out, &e) != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        ui_status(u, false, "Signed #%lld as %s on %s", (long long)c->id, out.number,
                  out.signed_on);
}

enum { S_STATE, S_NOTICE, S_NOTE, S_COUNT };

typedef struct state_ctx {
    app *a;
    int64_t id;
    int64_t version; /* as shown */
    store_contract out;
} state_ctx;

static bd_status state_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[S_COUNT] = {"state", "notice", "settlement"};
    state_ctx *sc = ctx;
    bool term = strcmp(f[S_STATE].value, "terminated") == 0;
    bd_status st = app_contract_state(sc->a, sc->id, f[S_STATE].value,
                                      term ? f[S_NOTICE].value : NULL,
                                      term ? f[S_NOTE].value : NULL, sc->version, &sc->out, e);
    if (st != BD_OK)
        *bad = ui_field_of_message(e->msg, names, S_COUNT);
    return st;
}

static void change_state(ui_ctx *u, const store_contract *c)
{
    const char *to[2];
    int n = next_states(c->state, to);
    if (!n) {
        ui_status(u, true, "Contract #%lld is %s: %s", (long long)c->id, c->state,
                  strcmp(c->state, "archived") == 0 ? "nothing comes after archived"
                                                    : "it is signed first (S, once approved)");
        return;
    }
    ui_field f[S_COUNT] = {
        [S_STATE] = {.label = "State", .choices = to, .nchoices = n,
                     .help = "Left/Right or Space: the state it goes to"},
        [S_NOTICE] = {.label = "Notice date",
                      .help = "Terminated only: when notice was given, YYYY-MM-DD"},
        [S_NOTE] = {.label = "Settlement",
                    .help = "Terminated only: how the termination is settled"},
    };
    bd_strlcpy(f[S_STATE].value, to[0], sizeof f[S_STATE].value);
    char title[300];
    snprintf(title, sizeof title, "Take #%lld on from %s", (long long)c->id, c->state);
    state_ctx sc = {.a = ui_app(u), .id = c->id, .version = c->version};
    if (ui_form_run(u, title, f, S_COUNT, state_submit, &sc))
        ui_status(u, false, "Contract #%lld is %s", (long long)c->id, sc.out.state);
    else
        ui_status(u, false, "Left #%lld %s", (long long)c->id, c->state);
}

/* ---- The details' text --------------------------------------------------------- */
typedef enum line_kind { L_TEXT, L_HEAD, L_CHANGED, L_WARN } line_kind;

typedef struct dline {
    char *text;
    line_kind kind;
} dline;

typedef struct detail {
    app *a;
    const policy *p;
    int64_t id;
    app_contract_detail *d;
    bd_status st;
    char error[1024];
    app_choices ch;
    bool ch_ok;
    store_clause *changed; /* APP_DETAIL_MAX of them */
    int nchanged;
    bool changed_ok;
    dline *lines;
    int n, cap;
    ui_action hints[12]; /* the keys that work on it now, for the hint line */
    int nhints;
    int width; /* the text width the lines were made for */
    int top;
    /* The refusal of the last action, in full at the top (the status line
     * may be too short for it); "" for none. */
    char notice[1024];
} detail;

static void add_line(detail *s, line_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_line(detail *s, line_kind kind, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->lines = bd_xrealloc(s->lines, (size_t)s->cap * sizeof *s->lines);
    }
    s->lines[s->n++] = (dline){bd_xstrdup(buf), kind};
}

static void free_lines(detail *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->lines[i].text);
    s->n = 0;
}

/* text after lead, wrapped to lines of at most `width` cells (at a space
 * when there is one), the later lines indented as far as lead; a newline
 * in text starts a new line. */
static void add_wrapped(detail *s, line_kind kind, const char *lead, const char *text, int width)
{
    char indent[64];
    int lead_w = bd_text_width(lead);
    snprintf(indent, sizeof indent, "%*s", lead_w < 63 ? lead_w : 63, "");
    width -= lead_w;
    if (width < 10)
        width = 10;
    bool first = true;
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t plen = nl ? (size_t)(nl - p) : strlen(p);
        size_t i = 0;
        do {
            size_t start = i, j = i, cut = plen, space = 0;
            int cells = 0;
            mbstate_t ps;
            memset(&ps, 0, sizeof ps);
            while (j < plen) {
                wchar_t wc;
                size_t k = mbrtowc(&wc, p + j, plen - j, &ps);
                if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
                    k = 1;
                    wc = L'?';
                    memset(&ps, 0, sizeof ps);
                }
                int cw = wcwidth(wc);
                if (cw < 0)
                    cw = 1;
                if (cells + cw > width) {
                    cut = space > start ? space : j;
                    break;
                }
                if (wc == L' ')
                    space = j;
                cells += cw;
                j += k;
            }
            if (cut == start) /* never stall on a character wider than the line */
                cut = j < plen ? j + 1 : plen;
            add_line(s, kind, "%s%.*s", first ? lead : indent, (int)(cut - start), p + start);
            first = false;
            i = cut;
            while (i < plen && p[i] == ' ')
                i++;
        } while (i < plen);
        if (!nl)
            break;
        p = nl + 1;
    }
}

static bool was_changed(const detail *s, const char *code)
{
    for (int i = 0; s->changed_ok && i < s->nchanged; i++)
        if (strcmp(s->changed[i].clause, code) == 0)
            return true;
    return false;
}

/* The round of the actor's last approval or rejection of it; 0: none. */
static int my_last_round(const detail *s)
{
    int round = 0;
    for (int i = 0; i < s->d->ndecisions; i++) {
        const store_decision *x = &s->d->decisions[i];
        if (is_me(s->a, x->actor_id) &&
            (strcmp(x->action, "approve") == 0 || strcmp(x->action, "reject") == 0))
            round = x->round;
    }
    return round;
}

static ui_action key_action(apv_action act)
{
    switch (act) {
    case APV_SUBMIT: return UI_A_DETAIL_SUBMIT;
    case APV_APPROVE: return UI_A_DETAIL_APPROVE;
    case APV_REJECT: return UI_A_DETAIL_REJECT;
    case APV_WITHDRAW: return UI_A_DETAIL_WITHDRAW;
    }
    return UI_A_NONE;
}

static bool editable(const detail *s)
{
    const store_contract *c = &s->d->contract;
    return is_me(s->a, c->owner_id) &&
           (strcmp(c->state, "draft") == 0 || strcmp(c->state, "rejected") == 0);
}

static void add_header(detail *s, int width)
{
    const store_contract *c = &s->d->contract;
    const policy *p = s->p;
    char money[40], lead[64];
#define LABEL(l) (snprintf(lead, sizeof lead, "%-12s", l), lead)
    add_line(s, L_HEAD, "#%lld  %s", (long long)c->id, c->company);
    add_wrapped(s, L_TEXT, LABEL("Title"), c->title, width);
    add_line(s, L_TEXT, "%s%s", LABEL("Number"),
             c->number[0] ? c->number : "(not signed yet)");
    add_line(s, L_TEXT, "%s%s (#%lld)", LABEL("Customer"), c->company, (long long)c->customer_id);
    add_line(s, L_TEXT, "%s%s %s", LABEL("Amount"),
             bd_money_format(c->amount, true, money, sizeof money), c->currency);
    add_line(s, L_TEXT, "%s%s to %s, notice %d days", LABEL("Dates"), c->start_date, c->end_date,
             c->notice_days);
    if (strcmp(c->state, "in_review") == 0)
        add_line(s, L_TEXT, "%sin review, awaiting %s (round %d)", LABEL("State"),
                 step_name(p, c->review_step), c->review_round);
    else if (strcmp(c->state, "rejected") == 0)
        add_line(s, L_TEXT, "%srejected, back with %s (round %d)", LABEL("State"), c->owner_login,
                 c->review_round);
    else
        add_line(s, L_TEXT, "%s%s", LABEL("State"), c->state);
    /* What keeps a draft from review, where the author sees it first. */
    bd_buf missing = {0};
    for (size_t i = 0; i < p->nclauses; i++) {
        if (!p->clauses[i].required)
            continue;
        bool filled = false;
        for (int k = 0; k < s->d->nclauses; k++)
            if (strcmp(s->d->clauses[k].clause, p->clauses[i].code) == 0 &&
                s->d->clauses[k].body[strspn(s->d->clauses[k].body, " \t\n")])
                filled = true;
        if (!filled)
            bd_buf_printf(&missing, "%s%s", missing.len ? ", " : "", p->clauses[i].name);
    }
    if (missing.len)
        add_wrapped(s, L_WARN, LABEL("Empty"), bd_buf_str(&missing), width);
    bd_buf_free(&missing);
    add_line(s, L_TEXT, "%s%s", LABEL("Author"), c->owner_login);
    if (c->signed_on[0])
        add_line(s, L_TEXT, "%s%s", LABEL("Signed on"), c->signed_on);
    if (c->terminated_on[0]) {
        char t[1000];
        snprintf(t, sizeof t, "%s (notice %s): %s", c->terminated_on, c->notice_date,
                 c->settlement_note);
        add_wrapped(s, L_TEXT, LABEL("Terminated"), t, width);
    }
    if (c->archived_on[0])
        add_line(s, L_TEXT, "%s%s, kept until %s", LABEL("Archived"), c->archived_on,
                 c->retention_until);
    char at[40];
    add_line(s, L_TEXT, "%s%s", LABEL("Updated"), when(c->updated_at, at, sizeof at));
#undef LABEL
}

/* What the actor may do now, with the keys, and why not the rest. */
static void add_choices(detail *s, int width)
{
    add_line(s, L_TEXT, "%s", "");
    if (!s->ch_ok) {
        add_line(s, L_WARN, "%s", "You may: (could not be worked out)");
        return;
    }
    bd_buf b = {0};
    static const apv_action order[] = {APV_APPROVE, APV_REJECT, APV_SUBMIT, APV_WITHDRAW};
    for (int i = 0; i < 4; i++) {
        apv_action act = order[i];
        if (!s->ch.allowed[act])
            continue;
        char key[16];
        ui_action_first_key(key_action(act), key, sizeof key);
        bd_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", apv_action_name(act), key);
    }
    if (editable(s)) {
        char key[16];
        ui_action_first_key(UI_A_DETAIL_CLAUSE, key, sizeof key);
        bd_buf_printf(&b, "%sedit clauses (%s)", b.len ? ", " : "", key);
    }
    const char *to[2];
    if (strcmp(s->d->contract.state, "approved") == 0) {
        char key[16];
        ui_action_first_key(UI_A_DETAIL_SIGN, key, sizeof key);
        bd_buf_printf(&b, "%ssign (%s)", b.len ? ", " : "", key);
    }
    int nto = next_states(s->d->contract.state, to);
    for (int i = 0; i < nto; i++) {
        char key[16];
        ui_action_first_key(UI_A_DETAIL_STATE, key, sizeof key);
        bd_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "", to[i], key);
    }
    if (s->ch.on_behalf[0])
        bd_buf_printf(&b, "  [for %s]", s->ch.on_behalf);
    add_wrapped(s, L_HEAD, "You may     ", b.len ? bd_buf_str(&b) : "nothing now", width);
    bd_buf_free(&b);
    bool first = true;
    for (int i = 0; i < 4; i++) {
        apv_action act = order[i];
        if (s->ch.allowed[act])
            continue;
        char lead[200];
        snprintf(lead, sizeof lead, "%-12s%s: ", first ? "Not" : "", apv_action_name(act));
        add_wrapped(s, L_TEXT, lead, s->ch.why[act], width);
        first = false;
    }
}

/* For a reviewer: the clauses changed since their last decision. */
static void add_changed(detail *s, int width)
{
    const store_contract *c = &s->d->contract;
    if (is_me(s->a, c->owner_id))
        return; /* the author wrote the changes */
    add_line(s, L_TEXT, "%s", "");
    int last = my_last_round(s);
    if (!s->changed_ok) {
        add_line(s, L_WARN, "%s", "Changed since your last look: (could not be read)");
        return;
    }
    if (!last) {
        add_line(s, L_HEAD, "%s", "Changed since your last look");
        add_line(s, L_TEXT, "%s", "  Your first look: you have not decided on it before.");
        return;
    }
    add_line(s, L_HEAD, "Changed since your last look (your decision in round %d): %d clause%s",
             last, s->nchanged, s->nchanged == 1 ? "" : "s");
    if (!s->nchanged)
        add_line(s, L_TEXT, "%s", "  Nothing: no clause changed since then.");
    for (int i = 0; i < s->nchanged; i++) {
        char lead[300];
        snprintf(lead, sizeof lead, "* %s (round %d): ", clause_name(s->p, s->changed[i].clause),
                 s->changed[i].updated_round);
        add_wrapped(s, L_CHANGED, lead, s->changed[i].body[0] ? s->changed[i].body : "(emptied)",
                    width);
    }
}

static void add_clause(detail *s, const char *code, const char *name, bool required,
                       const store_clause *cl, int width)
{
    bool empty = !cl || !cl->body[strspn(cl->body, " \t\n")];
    bool changed = !is_me(s->a, s->d->contract.owner_id) && my_last_round(s) && was_changed(s, code);
    add_line(s, changed ? L_CHANGED : empty && required ? L_WARN : L_TEXT, "%s %s%s%s",
             changed ? "*" : " ", name, changed ? "  [changed since your last look]" : "",
             empty && required ? "  [required, empty]" : "");
    add_wrapped(s, L_TEXT, "    ", empty ? "(empty)" : cl->body, width);
    for (int i = 0; i < s->d->ncomments; i++) {
        const store_comment *cm = &s->d->comments[i];
        if (strcmp(cm->clause, code) != 0)
            continue;
        char lead[200];
        snprintf(lead, sizeof lead, "    - %s, round %d: ", cm->author_login, cm->round);
        add_wrapped(s, L_TEXT, lead, cm->body, width);
    }
}

static void add_clauses(detail *s, int width)
{
    const app_contract_detail *d = s->d;
    add_line(s, L_TEXT, "%s", "");
    add_line(s, L_HEAD, "%s", "Clauses (comments on a clause under it)");
    for (size_t i = 0; i < s->p->nclauses; i++) {
        const policy_clause *pc = &s->p->clauses[i];
        const store_clause *cl = NULL;
        for (int k = 0; k < d->nclauses; k++)
            if (strcmp(d->clauses[k].clause, pc->code) == 0)
                cl = &d->clauses[k];
        add_clause(s, pc->code, pc->name, pc->required, cl, width);
    }
    /* A clause the policy no longer lists is still part of the contract. */
    for (int k = 0; k < d->nclauses; k++)
        if (policy_clause_index(s->p, d->clauses[k].clause) < 0)
            add_clause(s, d->clauses[k].clause, d->clauses[k].clause, false, &d->clauses[k], width);
}

static void add_milestones(detail *s)
{
    const app_contract_detail *d = s->d;
    add_line(s, L_TEXT, "%s", "");
    add_line(s, L_HEAD, "%s", "Payment milestones");
    if (!d->nmilestones)
        add_line(s, L_TEXT, "%s", "  none yet");
    int64_t sum = 0;
    for (int i = 0; i < d->nmilestones; i++) {
        const store_milestone *m = &d->milestones[i];
        char name[200], money[40], cell[80];
        bd_text_fit(name, sizeof name, m->name, 24, false);
        bd_text_fit(cell, sizeof cell, bd_money_format(m->amount, true, money, sizeof money), 16,
                    true);
        add_line(s, L_TEXT, "  %2d. %s  %s %s", m->seq, name, m->due_date, cell);
        sum += m->amount;
    }
    if (d->nmilestones && sum != d->contract.amount) {
        char a1[40], a2[40];
        add_line(s, L_WARN, "  They add up to %s, not the amount %s.",
                 bd_money_format(sum, true, a1, sizeof a1),
                 bd_money_format(d->contract.amount, true, a2, sizeof a2));
    }
}

/* The clause a decision's comment was about, or NULL. */
static const char *comment_clause(const detail *s, const store_decision *x)
{
    for (int i = 0; i < s->d->ncomments; i++) {
        const store_comment *cm = &s->d->comments[i];
        if (cm->round == x->round && cm->author_id == x->actor_id && cm->clause[0] &&
            strcmp(cm->body, x->comment) == 0)
            return cm->clause;
    }
    return NULL;
}

static void add_history(detail *s, int width)
{
    const app_contract_detail *d = s->d;
    add_line(s, L_TEXT, "%s", "");
    add_line(s, L_HEAD, "%s", "Review history (oldest first)");
    if (!d->ndecisions)
        add_line(s, L_TEXT, "%s", "  none yet");
    int step_w = 4; /* the step names' column: as wide as the longest */
    for (int i = 0; i < s->p->contract_flow.nsteps; i++)
        if (bd_text_width(s->p->contract_flow.steps[i].name) > step_w)
            step_w = bd_text_width(s->p->contract_flow.steps[i].name);
    if (step_w > 40)
        step_w = 40;
    for (int i = 0; i < d->ndecisions; i++) {
        const store_decision *x = &d->decisions[i];
        char at[40], step[200], who[100];
        const char *name = step_name_of_code(s->p, x->step_code);
        bd_text_fit(step, sizeof step, name ? name : "", step_w, false);
        snprintf(who, sizeof who, "%s%s%s", x->actor_login, x->on_behalf_login[0] ? " for " : "",
                 x->on_behalf_login);
        add_line(s, L_TEXT, "  %s  round %-2d %-9s%s %s", when(x->at, at, sizeof at), x->round,
                 x->action, step, who);
        if (x->comment[0]) {
            const char *cl = comment_clause(s, x);
            char text[1400];
            snprintf(text, sizeof text, "\"%s\"%s%s", x->comment, cl ? "  on " : "",
                     cl ? clause_name(s->p, cl) : "");
            add_wrapped(s, L_TEXT, "      ", text, width);
        }
    }
}

static void build(detail *s, int width)
{
    free_lines(s);
    s->width = width;
    if (s->st != BD_OK) {
        add_wrapped(s, L_WARN, "", s->error, width);
        return;
    }
    if (s->notice[0]) {
        add_wrapped(s, L_WARN, "Refused:    ", s->notice, width);
        add_line(s, L_TEXT, "%s", "");
    }
    add_header(s, width);
    add_choices(s, width);
    add_changed(s, width);
    add_clauses(s, width);
    add_milestones(s);
    add_history(s, width);
}

static void load(detail *s)
{
    bd_err e = {0};
    s->st = app_contract_detail_get(s->a, s->id, s->d, &e);
    bd_strlcpy(s->error, e.msg, sizeof s->error);
    if (s->st != BD_OK)
        return;
    s->ch_ok = app_contract_choices(s->a, s->id, &s->ch, NULL) == BD_OK;
    s->changed_ok = app_contract_changed(s->a, s->id, s->changed, APP_DETAIL_MAX, &s->nchanged,
                                         NULL) == BD_OK;
    s->width = 0; /* rebuild the lines */
    /* The hint line offers what the actor may do now. */
    s->nhints = 0;
    static const apv_action order[] = {APV_APPROVE, APV_REJECT, APV_SUBMIT, APV_WITHDRAW};
    for (int i = 0; s->ch_ok && i < 4; i++)
        if (s->ch.allowed[order[i]])
            s->hints[s->nhints++] = key_action(order[i]);
    if (editable(s))
        s->hints[s->nhints++] = UI_A_DETAIL_CLAUSE;
    const char *to[2];
    if (strcmp(s->d->contract.state, "approved") == 0)
        s->hints[s->nhints++] = UI_A_DETAIL_SIGN;
    else if (next_states(s->d->contract.state, to))
        s->hints[s->nhints++] = UI_A_DETAIL_STATE;
    s->hints[s->nhints++] = UI_A_PAGER_DOWN;
    s->hints[s->nhints++] = UI_A_HELP;
    s->hints[s->nhints++] = UI_A_PAGER_CLOSE;
}

/* ---- The modal ------------------------------------------------------------------- */

/* The overlay (ui_set_overlay): drawn by ui_draw_base over the view, so
 * the dialogs the details open show over them. */
static void draw(void *st, ui_ctx *u)
{
    detail *s = st;
    (void)u;
    int h = LINES - 3; /* the tab row, status and hint lines stay */
    int body = h - 2;
    if (COLS - 4 != s->width)
        build(s, COLS - 4);
    if (s->top > s->n - body)
        s->top = s->n - body;
    if (s->top < 0)
        s->top = 0;
    char title[400];
    const store_contract *c = &s->d->contract;
    if (s->st == BD_OK)
        snprintf(title, sizeof title, "Contract #%lld%s%s", (long long)c->id,
                 c->number[0] ? " " : "", c->number);
    else
        snprintf(title, sizeof title, "Contract #%lld", (long long)s->id);
    ui_box(1, 0, h, COLS, title);
    attron(ui_attr(UI_COL_DIALOG));
    for (int r = 0; r < body && s->top + r < s->n; r++) {
        const dline *ln = &s->lines[s->top + r];
        attr_t at = ln->kind == L_HEAD      ? A_BOLD | A_UNDERLINE
                    : ln->kind == L_CHANGED ? A_BOLD | A_STANDOUT
                    : ln->kind == L_WARN    ? A_BOLD
                                            : A_NORMAL;
        attron(at);
        ui_put(2 + r, 2, ln->text, COLS - 4, false);
        attroff(at);
    }
    char pos[64];
    snprintf(pos, sizeof pos, " %d-%d of %d ", s->n ? s->top + 1 : 0,
             s->top + body < s->n ? s->top + body : s->n, s->n);
    ui_put(h, COLS - 2 - bd_text_width(pos), pos, bd_text_width(pos), false);
    attroff(ui_attr(UI_COL_DIALOG));
}

/* An action of the review: refused here with the engine's reason when the
 * actor may not take it, else asked for and taken. */
static void review_action(detail *s, ui_ctx *u, apv_action act)
{
    const store_contract *c = &s->d->contract;
    if (s->st != BD_OK)
        return;
    if (s->ch_ok && !s->ch.allowed[act]) {
        ui_status(u, true, "Cannot %s #%lld: %s", apv_action_name(act), (long long)c->id,
                  s->ch.why[act]);
        return;
    }
    /* The form and the confirmation work on a copy: a reload while they
     * are open must not change what the person is deciding on. */
    store_contract seen = *c;
    if (act == APV_APPROVE || act == APV_REJECT)
        ui_contract_decide(u, &seen, act, s->ch.on_behalf);
    else
        submit_or_withdraw(u, &seen, act);
}

void ui_contract_detail(ui_ctx *u, int64_t id)
{
    detail s = {.a = ui_app(u), .p = app_policy(ui_app(u)), .id = id};
    s.d = bd_xcalloc(1, sizeof *s.d);
    s.changed = bd_xcalloc(APP_DETAIL_MAX, sizeof *s.changed);
    load(&s);
    int64_t seen = 0;
    app_data_version(s.a, &seen, NULL);
    int refresh_ms = s.p->refresh_ms > 0 ? s.p->refresh_ms : 1000;
    ui_set_overlay(u, draw, &s);
    for (;;) {
        ui_set_hints(u, s.hints, s.nhints);
        ui_draw_base(u);
        refresh();
        ui_key k = ui_getkey(u, refresh_ms);
        if (k == UI_KEY_TIMEOUT) {
            int64_t v;
            if (app_data_version(s.a, &v, NULL) == BD_OK && v != seen) {
                seen = v;
                load(&s);
            }
            continue;
        }
        if (k == UI_KEY_RESIZE)
            continue;
        ui_status(u, false, "%s", "");
        if (s.notice[0]) {
            s.notice[0] = '\0';
            s.width = 0;
        }
        int body = LINES - 5;
        ui_context ctxs[] = {UI_CTX_CONTRACT, UI_CTX_PAGER, UI_CTX_GLOBAL};
        ui_action a = ui_keys_lookup(k, ctxs, 3);
        bool done = false;
        switch (a) {
        case UI_A_PAGER_UP: s.top--; break;
        case UI_A_PAGER_DOWN: s.top++; break;
        case UI_A_PAGER_PGUP: s.top -= body; break;
        case UI_A_PAGER_PGDN: s.top += body; break;
        case UI_A_PAGER_TOP: s.top = 0; break;
        case UI_A_PAGER_BOTTOM: s.top = s.n; break;
        case UI_A_DETAIL_APPROVE: review_action(&s, u, APV_APPROVE); break;
        case UI_A_DETAIL_REJECT: review_action(&s, u, APV_REJECT); break;
        case UI_A_DETAIL_SUBMIT: review_action(&s, u, APV_SUBMIT); break;
        case UI_A_DETAIL_WITHDRAW: review_action(&s, u, APV_WITHDRAW); break;
        case UI_A_DETAIL_CLAUSE:
            if (s.st == BD_OK)
                edit_clause(u, s.d);
            break;
        case UI_A_DETAIL_SIGN:
            if (s.st == BD_OK)
                sign(u, &s.d->contract);
            break;
        case UI_A_DETAIL_STATE:
            if (s.st == BD_OK)
                change_state(u, &s.d->contract);
            break;
        case UI_A_HELP:
            ui_help(u, ctxs, 2);
            break;
        case UI_A_PAGER_CLOSE:
        case UI_A_QUIT: done = true; break;
        default:
            ui_status(u, false, "That key does nothing here; q closes, ? shows the keys");
            break;
        }
        if (done)
            break;
        if (ui_action_context(a) == UI_CTX_CONTRACT) {
            /* After a dialog: what it changed (or what changed while it
             * was open) is read now, and a refusal is shown in full. */
            app_data_version(s.a, &seen, NULL);
            load(&s);
            bool error = false;
            const char *msg = ui_status_text(u, &error);
            if (error) {
                bd_strlcpy(s.notice, msg, sizeof s.notice);
                s.width = 0;
                s.top = 0;
            }
        }
    }
    ui_set_overlay(u, NULL, NULL);
    ui_set_hints(u, NULL, 0);
    free_lines(&s);
    free(s.lines);
    free(s.changed);
    free(s.d);
}
