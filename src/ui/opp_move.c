/*
 * Moving an opportunity between stages, shared by Pipeline > Opportunities
 * (m, M) and Pipeline > Board (m): the stage's rules come from policy, and
 * a form asks for exactly the fields the stage requires that the
 * opportunity lacks, so a move is one step for the person.  The app
 * (app_opp_move) decides; this only asks and reports.
 */
#include <stdio.h>
#include <string.h>

#include "ui_internal.h"

/* What a field of the move form sets. */
typedef enum move_field {
    MF_VALUE,
    MF_BUDGET,
    MF_CLOSE_DATE,
    MF_NEEDS,
    MF_NEXT_FOLLOWUP,
    MF_LOST_REASON,
    MF_CONTACT_NAME,
    MF_CONTACT_PHONE,
    MF_CONTACT_EMAIL,
    MF_COUNT
} move_field;

/* The names app messages start with ("budget: ..."), to put the cursor
 * on the field a refusal is about. */
static const char *const move_field_names[MF_COUNT] = {
    [MF_VALUE] = "value",          [MF_BUDGET] = "budget",
    [MF_CLOSE_DATE] = "close_date", [MF_NEEDS] = "needs",
    [MF_NEXT_FOLLOWUP] = "next_followup", [MF_LOST_REASON] = "lost_reason",
    [MF_CONTACT_NAME] = "contact_name",   [MF_CONTACT_PHONE] = "phone",
    [MF_CONTACT_EMAIL] = "email",
};

typedef struct move_ctx {
    app *a;
    const policy *p;
    const store_opp *o;
    int to;
    move_field fields[MF_COUNT]; /* what each form field sets */
    store_opp out;
} move_ctx;

static const char *stage_name(const policy *p, const char *code)
{
    int i = policy_stage_index(p, code);
    return i >= 0 ? p->stages[i].name : code;
}

static bool stage_closed(const policy *p, int i)
{
    return i >= 0 && i < (int)p->nstages && (p->stages[i].won || p->stages[i].lost);
}

static bd_status move_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    move_ctx *mc = ctx;
    app_opp_change ch = {0};
    const char *names[MF_COUNT];
    for (int i = 0; i < n; i++) {
        names[i] = move_field_names[mc->fields[i]];
        const char *v = f[i].value;
        switch (mc->fields[i]) {
        case MF_VALUE: ch.value = v; break;
        case MF_BUDGET: ch.budget = v; break;
        case MF_CLOSE_DATE: ch.close_date = v; break;
        case MF_NEXT_FOLLOWUP: ch.next_followup = v; break;
        case MF_NEEDS: ch.needs = v; break;
        case MF_LOST_REASON: ch.lost_reason = v; break;
        case MF_CONTACT_NAME: ch.contact_name = v; break;
        case MF_CONTACT_PHONE: ch.contact_phone = v; break;
        case MF_CONTACT_EMAIL: ch.contact_email = v; break;
        default: break;
        }
    }
    bd_status st = app_opp_move(mc->a, mc->o->id, mc->p->stages[mc->to].code, &ch,
                                mc->o->version, &mc->out, e);
    if (st != BD_OK) {
        *bad = ui_field_of_message(e->msg, names, n);
        /* Refused for a field left empty: go to the first empty one. */
        for (int i = 0; *bad < 0 && i < n; i++)
            if (!f[i].value[0] && mc->fields[i] != MF_CONTACT_PHONE &&
                mc->fields[i] != MF_CONTACT_EMAIL)
                *bad = i;
    }
    return st;
}

/* "field (what it is), ..." for the bits of missing. */
static void missing_text(uint32_t missing, char *buf, size_t n)
{
    bd_buf b = {0};
    for (int f = 0; f < OPP_F_COUNT; f++)
        if (missing & (1u << f))
            bd_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "",
                          policy_opp_field_name((policy_opp_field)f),
                          policy_opp_field_help((policy_opp_field)f));
    bd_strlcpy(buf, bd_buf_str(&b), n);
    bd_buf_free(&b);
}

static bool moved(ui_ctx *u, const policy *p, const store_opp *o, store_opp *out)
{
    *out = *o;
    ui_status(u, false, "Moved #%lld to %s", (long long)o->id, stage_name(p, o->stage));
    return true;
}

/* The form's fields for what stage `to` requires and o lacks; the count. */
static int ask_fields(const policy *p, const store_opp *o, int to, uint32_t missing,
                      move_ctx *mc, ui_field *f, char (*help)[200])
{
    const policy_stage *ts = &p->stages[to];
    static const struct {
        move_field mf;
        policy_opp_field needs; /* the requirement that asks for it */
        const char *label;
    } askable[] = {
        {MF_CONTACT_NAME, OPP_F_CONTACT, "Contact"},
        {MF_CONTACT_PHONE, OPP_F_CONTACT, "Contact phone"},
        {MF_CONTACT_EMAIL, OPP_F_CONTACT, "Contact e-mail"},
        {MF_VALUE, OPP_F_VALUE, "Value"},
        {MF_BUDGET, OPP_F_BUDGET, "Budget"},
        {MF_CLOSE_DATE, OPP_F_CLOSE_DATE, "Close date"},
        {MF_NEEDS, OPP_F_NEEDS, "Needs"},
        {MF_NEXT_FOLLOWUP, OPP_F_NEXT_FOLLOWUP, "Next follow-up"},
        {MF_LOST_REASON, OPP_F_LOST_REASON, "Lost reason"},
    };
    int n = 0;
    for (size_t k = 0; k < sizeof askable / sizeof askable[0]; k++) {
        move_field mf = askable[k].mf;
        policy_opp_field need = askable[k].needs;
        if (!(missing & (1u << need)) && !(mf == MF_LOST_REASON && ts->lost))
            continue;
        mc->fields[n] = mf;
        f[n].label = askable[k].label;
        if (mf == MF_CONTACT_PHONE || mf == MF_CONTACT_EMAIL)
            snprintf(help[n], sizeof help[n], "The new contact's %s; may be left empty",
                     mf == MF_CONTACT_PHONE ? "phone" : "e-mail");
        else if (mf == MF_CONTACT_NAME)
            snprintf(help[n], sizeof help[n], "%s requires a contact: the person's name",
                     ts->name);
        else
            snprintf(help[n], sizeof help[n], "%s requires %s%s", ts->name,
                     policy_opp_field_help(need),
                     mf == MF_CLOSE_DATE || mf == MF_NEXT_FOLLOWUP ? " (YYYY-MM-DD)" : "");
        f[n].help = help[n];
        if (mf == MF_LOST_REASON)
            bd_strlcpy(f[n].value, o->lost_reason, sizeof f[n].value);
        n++;
    }
    return n;
}

bool ui_opp_move_to(ui_ctx *u, const store_opp *o, int to, store_opp *out)
{
    app *a = ui_app(u);
    const policy *p = app_policy(a);
    const policy_stage *ts = &p->stages[to];
    int from = policy_stage_index(p, o->stage);
    bd_err e = {0};
    if (from == to) {
        ui_status(u, false, "#%lld is already in %s", (long long)o->id, ts->name);
        return false;
    }
    if (stage_closed(p, from)) {
        ui_status(u, true, "#%lld is closed (%s); it cannot move to %s", (long long)o->id,
                  p->stages[from].name, ts->name);
        return false;
    }
    uint32_t missing = app_stage_missing(p, to, o);
    move_ctx mc = {.a = a, .p = p, .o = o, .to = to};
    ui_field f[MF_COUNT];
    char help[MF_COUNT][200];
    memset(f, 0, sizeof f);
    int n = ask_fields(p, o, to, missing, &mc, f, help);
    store_opp done;
    if (n == 0) {
        if (ts->won || ts->lost) {
            char q[400];
            snprintf(q, sizeof q, "Close #%lld as %s? It cannot move again.", (long long)o->id,
                     ts->name);
            if (!ui_confirm(u, q)) {
                ui_status(u, false, "#%lld not moved", (long long)o->id);
                return false;
            }
        }
        if (app_opp_move(a, o->id, ts->code, NULL, o->version, &done, &e) != BD_OK) {
            ui_status(u, true, "%s", e.msg);
            return false;
        }
        return moved(u, p, &done, out);
    }
    char title[300];
    snprintf(title, sizeof title, "Move #%lld to %s", (long long)o->id, ts->name);
    if (ui_form_run(u, title, f, n, move_submit, &mc))
        return moved(u, p, &mc.out, out);
    if (missing) {
        char what[600];
        missing_text(missing, what, sizeof what);
        /* What is missing first: the status line is shared with the database path. */
        ui_status(u, true, "#%lld needs %s to enter %s", (long long)o->id, what, ts->name);
    } else {
        ui_status(u, false, "#%lld not moved", (long long)o->id);
    }
    return false;
}

bool ui_opp_move_next(ui_ctx *u, const store_opp *o, store_opp *out)
{
    const policy *p = app_policy(ui_app(u));
    int from = policy_stage_index(p, o->stage);
    if (from < 0) {
        ui_status(u, true, "#%lld is in stage '%s', which pipeline.yaml no longer has; "
                           "Opportunities' M moves it",
                  (long long)o->id, o->stage);
        return false;
    }
    if (stage_closed(p, from) || from + 1 >= (int)p->nstages) {
        ui_status(u, true, "#%lld is closed (%s); it cannot move", (long long)o->id,
                  p->stages[from].name);
        return false;
    }
    return ui_opp_move_to(u, o, from + 1, out);
}
