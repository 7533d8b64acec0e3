/*
 * A contract's details, and the review actions the Inbox and the details
 * share: approve and reject (with a comment on the whole contract or on one
 * clause), submit and withdraw (the author), editing a clause (the author).
 *
 * The details are a modal over the current view (detail.c) with keys of
 * their own (the CONTRACT context) and a watch on the database while they
 * are open: a decision someone else takes shows without closing them.
 * Every action passes the version of the contract the screen showed,
 * so acting on a contract that moved on in the meantime is refused with the
 * app's message instead of deciding something the person did not see.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    /* After signing: amendments, the versions they made, execution events. */
    store_amendment *amends; /* APP_DETAIL_MAX of each */
    int namends;
    store_version *versions;
    int nversions;
    store_event *events;
    int nevents;
} detail;

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

static void add_header(detail *s, ui_text *t)
{
    const store_contract *c = &s->d->contract;
    const policy *p = s->p;
    char money[40], lead[64];
#define LABEL(l) (snprintf(lead, sizeof lead, "%-12s", l), lead)
    ui_text_add(t, UI_TEXT_HEAD, "#%lld  %s", (long long)c->id, c->company);
    ui_text_wrap(t, UI_TEXT_PLAIN, LABEL("Title"), c->title);
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("Number"),
             c->number[0] ? c->number : "(not signed yet)");
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s (#%lld)", LABEL("Customer"), c->company, (long long)c->customer_id);
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s %s", LABEL("Amount"),
             bd_money_format(c->amount, true, money, sizeof money), c->currency);
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s to %s, notice %d days", LABEL("Dates"), c->start_date, c->end_date,
             c->notice_days);
    if (strcmp(c->state, "in_review") == 0)
        ui_text_add(t, UI_TEXT_PLAIN, "%sin review, awaiting %s (round %d)", LABEL("State"),
                 step_name(p, c->review_step), c->review_round);
    else if (strcmp(c->state, "rejected") == 0)
        ui_text_add(t, UI_TEXT_PLAIN, "%srejected, back with %s (round %d)", LABEL("State"), c->owner_login,
                 c->review_round);
    else
        ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("State"), c->state);
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
        ui_text_wrap(t, UI_TEXT_WARN, LABEL("Empty"), bd_buf_str(&missing));
    bd_buf_free(&missing);
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("Author"), c->owner_login);
    if (c->signed_on[0])
        ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("Signed on"), c->signed_on);
    if (c->terminated_on[0]) {
        char term[1000];
        snprintf(term, sizeof term, "%s (notice %s): %s", c->terminated_on, c->notice_date,
                 c->settlement_note);
        ui_text_wrap(t, UI_TEXT_PLAIN, LABEL("Terminated"), term);
    }
    if (c->archived_on[0])
        ui_text_add(t, UI_TEXT_PLAIN, "%s%s, kept until %s", LABEL("Archived"), c->archived_on,
                 c->retention_until);
    char at[40];
    ui_text_add(t, UI_TEXT_PLAIN, "%s%s", LABEL("Updated"), when(c->updated_at, at, sizeof at));
#undef LABEL
}

/* What the actor may do now, with the keys, and why not the rest. */
static void add_choices(detail *s, ui_text *t)
{
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    if (!s->ch_ok) {
        ui_text_add(t, UI_TEXT_WARN, "%s", "You may: (could not be worked out)");
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
    ui_text_wrap(t, UI_TEXT_HEAD, "You may     ", b.len ? bd_buf_str(&b) : "nothing now");
    bd_buf_free(&b);
    bool first = true;
    for (int i = 0; i < 4; i++) {
        apv_action act = order[i];
        if (s->ch.allowed[act])
            continue;
        char lead[200];
        snprintf(lead, sizeof lead, "%-12s%s: ", first ? "Not" : "", apv_action_name(act));
        ui_text_wrap(t, UI_TEXT_PLAIN, lead, s->ch.why[act]);
        first = false;
    }
}

/* For a reviewer: the clauses changed since their last decision. */
static void add_changed(detail *s, ui_text *t)
{
    const store_contract *c = &s->d->contract;
    if (is_me(s->a, c->owner_id))
        return; /* the author wrote the changes */
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    int last = my_last_round(s);
    if (!s->changed_ok) {
        ui_text_add(t, UI_TEXT_WARN, "%s", "Changed since your last look: (could not be read)");
        return;
    }
    if (!last) {
        ui_text_add(t, UI_TEXT_HEAD, "%s", "Changed since your last look");
        ui_text_add(t, UI_TEXT_PLAIN, "%s", "  Your first look: you have not decided on it before.");
        return;
    }
    ui_text_add(t, UI_TEXT_HEAD, "Changed since your last look (your decision in round %d): %d clause%s",
             last, s->nchanged, s->nchanged == 1 ? "" : "s");
    if (!s->nchanged)
        ui_text_add(t, UI_TEXT_PLAIN, "%s", "  Nothing: no clause changed since then.");
    for (int i = 0; i < s->nchanged; i++) {
        char lead[300];
        snprintf(lead, sizeof lead, "* %s (round %d): ", clause_name(s->p, s->changed[i].clause),
                 s->changed[i].updated_round);
        ui_text_wrap(t, UI_TEXT_MARK, lead,
                     s->changed[i].body[0] ? s->changed[i].body : "(emptied)");
    }
}

static void add_clause(detail *s, const char *code, const char *name, bool required,
                       const store_clause *cl, ui_text *t)
{
    bool empty = !cl || !cl->body[strspn(cl->body, " \t\n")];
    bool changed = !is_me(s->a, s->d->contract.owner_id) && my_last_round(s) && was_changed(s, code);
    ui_text_add(t, changed ? UI_TEXT_MARK : empty && required ? UI_TEXT_WARN : UI_TEXT_PLAIN, "%s %s%s%s",
             changed ? "*" : " ", name, changed ? "  [changed since your last look]" : "",
             empty && required ? "  [required, empty]" : "");
    ui_text_wrap(t, UI_TEXT_PLAIN, "    ", empty ? "(empty)" : cl->body);
    for (int i = 0; i < s->d->ncomments; i++) {
        const store_comment *cm = &s->d->comments[i];
        if (strcmp(cm->clause, code) != 0)
            continue;
        char lead[200];
        snprintf(lead, sizeof lead, "    - %s, round %d: ", cm->author_login, cm->round);
        ui_text_wrap(t, UI_TEXT_PLAIN, lead, cm->body);
    }
}

static void add_clauses(detail *s, ui_text *t)
{
    const app_contract_detail *d = s->d;
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "Clauses (comments on a clause under it)");
    for (size_t i = 0; i < s->p->nclauses; i++) {
        const policy_clause *pc = &s->p->clauses[i];
        const store_clause *cl = NULL;
        for (int k = 0; k < d->nclauses; k++)
            if (strcmp(d->clauses[k].clause, pc->code) == 0)
                cl = &d->clauses[k];
        add_clause(s, pc->code, pc->name, pc->required, cl, t);
    }
    /* A clause the policy no longer lists is still part of the contract. */
    for (int k = 0; k < d->nclauses; k++)
        if (policy_clause_index(s->p, d->clauses[k].clause) < 0)
            add_clause(s, d->clauses[k].clause, d->clauses[k].clause, false, &d->clauses[k], t);
}

static void add_milestones(detail *s, ui_text *t)
{
    const app_contract_detail *d = s->d;
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "Payment milestones");
    if (!d->nmilestones)
        ui_text_add(t, UI_TEXT_PLAIN, "%s", "  none yet");
    int64_t sum = 0;
    for (int i = 0; i < d->nmilestones; i++) {
        const store_milestone *m = &d->milestones[i];
        char name[200], money[40], cell[80];
        bd_text_fit(name, sizeof name, m->name, 24, false);
        bd_text_fit(cell, sizeof cell, bd_money_format(m->amount, true, money, sizeof money), 16,
                    true);
        ui_text_add(t, UI_TEXT_PLAIN, "  %2d. %s  %s %s", m->seq, name, m->due_date, cell);
        sum += m->amount;
    }
    if (d->nmilestones && sum != d->contract.amount) {
        char a1[40], a2[40];
        ui_text_add(t, UI_TEXT_WARN, "  They add up to %s, not the amount %s.",
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

static void add_history(detail *s, ui_text *t)
{
    const app_contract_detail *d = s->d;
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "Review history (oldest first)");
    if (!d->ndecisions)
        ui_text_add(t, UI_TEXT_PLAIN, "%s", "  none yet");
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
        ui_text_add(t, UI_TEXT_PLAIN, "  %s  round %-2d %-9s%s %s", when(x->at, at, sizeof at), x->round,
                 x->action, step, who);
        if (x->comment[0]) {
            const char *cl = comment_clause(s, x);
            char text[1400];
            snprintf(text, sizeof text, "\"%s\"%s%s", x->comment, cl ? "  on " : "",
                     cl ? clause_name(s->p, cl) : "");
            ui_text_wrap(t, UI_TEXT_PLAIN, "      ", text);
        }
    }
}

static bool signed_state(const store_contract *c)
{
    return strcmp(c->state, "signed") == 0 || strcmp(c->state, "executing") == 0;
}

static void add_amendments(detail *s, ui_text *t)
{
    if (!s->namends && !s->nversions && !signed_state(&s->d->contract))
        return;
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "Amendments");
    if (!s->namends)
        ui_text_add(t, UI_TEXT_PLAIN, "%s", "  none");
    for (int i = 0; i < s->namends; i++) {
        const store_amendment *m = &s->amends[i];
        char money[40] = "", line[400];
        if (m->new_amount >= 0)
            bd_money_format(m->new_amount, true, money, sizeof money);
        bd_strfmt(line, sizeof line, "  #%lld %-8s %-10s effective %s%s%s%s%s  by %s",
                  (long long)m->id, m->kind, m->state, m->effective_date, *money ? "  amount " : "",
                  money, *m->new_end_date ? "  end " : "", m->new_end_date, m->author_login);
        ui_text_add(t, UI_TEXT_PLAIN, "%s", line);
        ui_text_wrap(t, UI_TEXT_PLAIN, "      ", m->content);
    }
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "Versions (each amendment keeps the one before)");
    ui_text_add(t, UI_TEXT_PLAIN, "  version %d: current", s->d->contract.contract_version);
    for (int i = s->nversions - 1; i >= 0; i--) {
        char at[40];
        const store_version *v = &s->versions[i];
        ui_text_add(t, UI_TEXT_PLAIN, "  version %d: until %s (amendment #%lld)", v->version_no,
                    when(v->created_at, at, sizeof at), (long long)v->amendment_id);
    }
}

static void add_events(detail *s, ui_text *t)
{
    if (!s->nevents && !signed_state(&s->d->contract))
        return;
    ui_text_add(t, UI_TEXT_PLAIN, "%s", "");
    ui_text_add(t, UI_TEXT_HEAD, "%s", "Execution (change requests, delays, disputes)");
    if (!s->nevents)
        ui_text_add(t, UI_TEXT_PLAIN, "%s", "  none logged");
    for (int i = 0; i < s->nevents; i++) {
        const store_event *ev = &s->events[i];
        ui_text_add(t, *ev->resolved_on ? UI_TEXT_PLAIN : UI_TEXT_WARN, "  #%lld %s %-14s %s",
                    (long long)ev->id, ev->on_date, ev->kind,
                    *ev->resolved_on ? "resolved" : "open");
        ui_text_wrap(t, UI_TEXT_PLAIN, "      ", ev->summary);
        if (*ev->resolved_on) {
            char text[1100];
            bd_strfmt(text, sizeof text, "%s: %s", ev->resolved_on, ev->resolution);
            ui_text_wrap(t, UI_TEXT_PLAIN, "      ", text);
        }
    }
}

static void build(void *st, ui_text *t)
{
    detail *s = st;
    if (s->st != BD_OK) {
        ui_text_wrap(t, UI_TEXT_WARN, "", s->error);
        return;
    }
    add_header(s, t);
    add_choices(s, t);
    add_changed(s, t);
    add_clauses(s, t);
    add_milestones(s, t);
    add_amendments(s, t);
    add_events(s, t);
    add_history(s, t);
}

static void load(void *st)
{
    detail *s = st;
    bd_err e = {0};
    s->st = app_contract_detail_get(s->a, s->id, s->d, &e);
    bd_strlcpy(s->error, e.msg, sizeof s->error);
    if (s->st != BD_OK)
        return;
    s->ch_ok = app_contract_choices(s->a, s->id, &s->ch, NULL) == BD_OK;
    s->changed_ok = app_contract_changed(s->a, s->id, s->changed, APP_DETAIL_MAX, &s->nchanged,
                                         NULL) == BD_OK;
    s->namends = s->nversions = s->nevents = 0;
    app_amendment_list(s->a, s->id, s->amends, APP_DETAIL_MAX, &s->namends, NULL);
    app_contract_versions(s->a, s->id, s->versions, APP_DETAIL_MAX, &s->nversions, NULL);
    app_contract_events(s->a, s->id, s->events, APP_DETAIL_MAX, &s->nevents, NULL);
}

/* The hint line offers what the actor may do now. */
static int hints(void *st, ui_action *out, int max)
{
    detail *s = st;
    int n = 0;
    if (s->st != BD_OK || max < 6)
        return 0;
    static const apv_action order[] = {APV_APPROVE, APV_REJECT, APV_SUBMIT, APV_WITHDRAW};
    for (int i = 0; s->ch_ok && i < 4; i++)
        if (s->ch.allowed[order[i]])
            out[n++] = key_action(order[i]);
    if (editable(s))
        out[n++] = UI_A_DETAIL_CLAUSE;
    const char *to[2];
    if (strcmp(s->d->contract.state, "approved") == 0)
        out[n++] = UI_A_DETAIL_SIGN;
    else if (next_states(s->d->contract.state, to))
        out[n++] = UI_A_DETAIL_STATE;
    if (signed_state(&s->d->contract) && n + 2 <= max) {
        out[n++] = UI_A_DETAIL_AMEND;
        out[n++] = UI_A_DETAIL_EVENT;
    }
    return n;
}

static void title(void *st, char *buf, size_t n)
{
    detail *s = st;
    const store_contract *c = &s->d->contract;
    if (s->st == BD_OK)
        snprintf(buf, n, "Contract #%lld%s%s", (long long)c->id, c->number[0] ? " " : "",
                 c->number);
    else
        snprintf(buf, n, "Contract #%lld", (long long)s->id);
}

/* ---- The actions ------------------------------------------------------------------ */

/* An amendment or an execution event, from a form; the app's message on a
 * field keeps the form open there. */
enum { AM_KIND, AM_CONTENT, AM_REASON, AM_EFFECTIVE, AM_AMOUNT, AM_END, NAM };
enum { EV_KIND, EV_DATE, EV_SUMMARY, NEV };

typedef struct signed_ctx {
    ui_ctx *u;
    app *a;
    int64_t id;
    bd_status st;
    bd_err err;
    int64_t made;
} signed_ctx;

static bd_status amend_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    signed_ctx *c = ctx;
    static const char *const names[NAM] = {"kind", "content", "reason", "effective", "amount",
                                           "end"};
    app_amend_input in = {.kind = f[AM_KIND].value, .content = f[AM_CONTENT].value,
                          .reason = f[AM_REASON].value, .effective_date = f[AM_EFFECTIVE].value,
                          .new_amount = f[AM_AMOUNT].value, .new_end_date = f[AM_END].value};
    store_amendment m = {0};
    memset(&c->err, 0, sizeof c->err);
    c->st = app_amend(c->a, c->id, &in, &m, &c->err);
    c->made = m.id;
    return ui_form_app_result(c->u, c->st, &c->err, names, NAM, bad, e);
}

static void amend(detail *s, ui_ctx *u)
{
    const policy *p = s->p;
    const char **kinds = bd_xcalloc(p->namendments ? p->namendments : 1, sizeof *kinds);
    for (size_t i = 0; i < p->namendments; i++)
        kinds[i] = p->amendments[i].code;
    ui_field f[NAM] = {
        [AM_KIND] = {.label = "Kind", .choices = kinds, .nchoices = (int)p->namendments},
        [AM_CONTENT] = {.label = "Content", .help = "what changes"},
        [AM_REASON] = {.label = "Reason", .help = "why it changes"},
        [AM_EFFECTIVE] = {.label = "Effective", .help = "YYYY-MM-DD, within the contract"},
        [AM_AMOUNT] = {.label = "New amount", .help = "blank: the amount stays"},
        [AM_END] = {.label = "New end", .help = "blank: the end date stays"},
    };
    if (p->namendments)
        bd_strlcpy(f[AM_KIND].value, kinds[0], sizeof f[AM_KIND].value);
    app_today(f[AM_EFFECTIVE].value, sizeof f[AM_EFFECTIVE].value);
    signed_ctx c = {.u = u, .a = s->a, .id = s->id};
    char title[80];
    bd_strfmt(title, sizeof title, "Amend contract #%lld", (long long)s->id);
    if (ui_form_run(u, title, f, NAM, amend_submit, &c) && c.st == BD_OK)
        ui_status(u, false, "Amendment #%lld made: it goes through its review",
                  (long long)c.made);
    free(kinds);
}

static bd_status event_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    signed_ctx *c = ctx;
    static const char *const names[NEV] = {"kind", "date", "summary"};
    store_event ev = {0};
    memset(&c->err, 0, sizeof c->err);
    c->st = app_contract_event(c->a, c->id, f[EV_KIND].value, f[EV_DATE].value,
                               f[EV_SUMMARY].value, &ev, &c->err);
    c->made = ev.id;
    return ui_form_app_result(c->u, c->st, &c->err, names, NEV, bad, e);
}

static void log_event(detail *s, ui_ctx *u)
{
    static const char *const kinds[] = {"change_request", "delay", "dispute"};
    ui_field f[NEV] = {
        [EV_KIND] = {.label = "Kind", .choices = kinds, .nchoices = 3},
        [EV_DATE] = {.label = "Date", .help = "YYYY-MM-DD"},
        [EV_SUMMARY] = {.label = "Summary", .help = "what happened"},
    };
    bd_strlcpy(f[EV_KIND].value, kinds[0], sizeof f[EV_KIND].value);
    app_today(f[EV_DATE].value, sizeof f[EV_DATE].value);
    signed_ctx c = {.u = u, .a = s->a, .id = s->id};
    if (ui_form_run(u, "Log on the contract", f, NEV, event_submit, &c) && c.st == BD_OK)
        ui_status(u, false, "Logged #%lld on contract #%lld", (long long)c.made,
                  (long long)s->id);
}

/* An action of the review: refused here with the engine's reason when the
 * actor may not take it, else asked for and taken. */
static void review_action(detail *s, ui_ctx *u, apv_action act)
{
    const store_contract *c = &s->d->contract;
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

static void act(void *st, ui_ctx *u, ui_action a)
{
    detail *s = st;
    if (s->st != BD_OK)
        return;
    switch (a) {
    case UI_A_DETAIL_APPROVE: review_action(s, u, APV_APPROVE); break;
    case UI_A_DETAIL_REJECT: review_action(s, u, APV_REJECT); break;
    case UI_A_DETAIL_SUBMIT: review_action(s, u, APV_SUBMIT); break;
    case UI_A_DETAIL_WITHDRAW: review_action(s, u, APV_WITHDRAW); break;
    case UI_A_DETAIL_CLAUSE: edit_clause(u, s->d); break;
    case UI_A_DETAIL_SIGN: sign(u, &s->d->contract); break;
    case UI_A_DETAIL_STATE: change_state(u, &s->d->contract); break;
    case UI_A_DETAIL_AMEND:
        if (signed_state(&s->d->contract))
            amend(s, u);
        else
            ui_status(u, true, "Contract #%lld is %s; only a signed contract is amended",
                      (long long)s->id, s->d->contract.state);
        break;
    case UI_A_DETAIL_EVENT:
        if (signed_state(&s->d->contract))
            log_event(s, u);
        else
            ui_status(u, true, "Contract #%lld is %s; execution is logged on a signed contract",
                      (long long)s->id, s->d->contract.state);
        break;
    default: break;
    }
}

static const ui_detail_ops contract_ops = {
    .context = UI_CTX_CONTRACT,
    .load = load,
    .title = title,
    .build = build,
    .hints = hints,
    .act = act,
};

void ui_contract_detail(ui_ctx *u, int64_t id)
{
    detail s = {.a = ui_app(u), .p = app_policy(ui_app(u)), .id = id};
    s.d = bd_xcalloc(1, sizeof *s.d);
    s.changed = bd_xcalloc(APP_DETAIL_MAX, sizeof *s.changed);
    s.amends = bd_xcalloc(APP_DETAIL_MAX, sizeof *s.amends);
    s.versions = bd_xcalloc(APP_DETAIL_MAX, sizeof *s.versions);
    s.events = bd_xcalloc(APP_DETAIL_MAX, sizeof *s.events);
    ui_detail_run(u, &contract_ops, &s);
    free(s.events);
    free(s.versions);
    free(s.amends);
    free(s.changed);
    free(s.d);
}
