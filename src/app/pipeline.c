/* The pipeline's use cases: leads, stage moves, owners and activities.
 * Stage rules come from pipeline.yaml; visibility from the role's scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app_internal.h"

store_viewer app_viewer(const app *a)
{
    store_viewer v = {.see = STORE_SEE_OWN};
    if (!a->logged_in)
        return v;
    v.user_id = a->actor.user.id;
    v.department = a->actor.user.department;
    switch (a->actor.role ? a->actor.role->scope : SCOPE_OWN) {
    case SCOPE_OWN: v.see = STORE_SEE_OWN; break;
    case SCOPE_TEAM: v.see = STORE_SEE_TEAM; break;
    case SCOPE_DEPARTMENT: v.see = STORE_SEE_DEPARTMENT; break;
    case SCOPE_ALL: v.see = STORE_SEE_ALL; break;
    }
    return v;
}

char *app_today(char *buf, size_t n)
{
    char ts[32];
    bd_timestamp_format(app_now(), ts, sizeof ts);
    ts[10] = '\0';
    bd_strlcpy(buf, ts, n);
    return buf;
}

/* ---- Field checks ---------------------------------------------------------- */

/* in trimmed of ASCII spaces into out (size n); false when it did not fit. */
static bool trim_copy(const char *in, char *out, size_t n)
{
    if (!in)
        in = "";
    while (*in == ' ' || *in == '\t')
        in++;
    size_t len = strlen(in);
    while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t'))
        len--;
    if (len >= n) {
        bd_strlcpy(out, "", n);
        return false;
    }
    memcpy(out, in, len);
    out[len] = '\0';
    return true;
}

static bd_status text_field(const char *name, const char *in, char *out, size_t n, bool required,
                            bd_err *e)
{
    if (!trim_copy(in, out, n))
        return bd_errf(e, BD_ERR_INVALID, "%s: too long (at most %zu bytes)", name, n - 1);
    if (required && !*out)
        return bd_errf(e, BD_ERR_INVALID, "%s: required", name);
    /* Line ends inside a text (a quoted CSV newline) are kept as LF. */
    char *w = out;
    for (const char *r = out; *r; r++)
        if (!(r[0] == '\r' && r[1] == '\n'))
            *w++ = *r;
    *w = '\0';
    for (const char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n')
            return bd_errf(e, BD_ERR_INVALID, "%s: holds a control character", name);
    return BD_OK;
}

/* Money text into minor units; "" is unknown (-1). */
static bd_status money_field(const char *name, const char *in, int64_t *out, bd_err *e)
{
    char buf[64];
    if (!trim_copy(in, buf, sizeof buf))
        return bd_errf(e, BD_ERR_INVALID, "%s: too long for an amount", name);
    if (!*buf) {
        *out = -1;
        return BD_OK;
    }
    bd_err pe = {0};
    if (bd_money_parse(buf, out, &pe) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "%s: %s", name, pe.msg);
    if (*out < 0)
        return bd_errf(e, BD_ERR_INVALID, "%s: '%s' is negative", name, buf);
    return BD_OK;
}

static bd_status date_field(const char *name, const char *in, char out[11], bd_err *e)
{
    char buf[64];
    if (!trim_copy(in, buf, sizeof buf))
        return bd_errf(e, BD_ERR_INVALID, "%s: not a date (expected YYYY-MM-DD)", name);
    out[0] = '\0';
    if (!*buf)
        return BD_OK;
    bd_date d;
    bd_err pe = {0};
    if (bd_date_parse(buf, &d, &pe) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "%s: %s", name, pe.msg);
    bd_date_format(d, out, 11);
    return BD_OK;
}

/* A source by code or by its name (or either word of "展會 Exhibition"). */
static int source_match(const policy *p, const char *text)
{
    int i = policy_source_index(p, text);
    if (i >= 0)
        return i;
    for (size_t k = 0; k < p->nsources; k++) {
        const char *name = p->sources[k].name;
        if (strcasecmp(name, text) == 0)
            return (int)k;
        const char *sp = strchr(name, ' ');
        if (sp && ((size_t)(sp - name) == strlen(text) && strncmp(name, text, strlen(text)) == 0))
            return (int)k;
        if (sp && strcasecmp(sp + 1, text) == 0)
            return (int)k;
    }
    return -1;
}

/* The owner a lead gets: the actor, or another active user within the
 * actor's reach when the actor may reassign. */
bd_status app_lead_owner(app *a, const char *login, store_user *out, bd_err *e)
{
    char buf[64];
    trim_copy(login, buf, sizeof buf);
    if (!*buf || strcmp(buf, a->actor.user.login) == 0) {
        *out = a->actor.user;
        return BD_OK;
    }
    if (!app_can(a, PERM_PIPELINE_REASSIGN))
        return bd_errf(e, BD_ERR_DENIED,
                       "owner: your role (%s) may not give leads to others (pipeline.reassign)",
                       a->actor.role ? a->actor.role->code : "-");
    if (store_user_by_login(a->db, buf, out, NULL) != BD_OK)
        return bd_errf(e, BD_ERR_INVALID, "owner: no user '%s'", buf);
    if (!out->active)
        return bd_errf(e, BD_ERR_INVALID, "owner: '%s' is deactivated", buf);
    store_viewer v = app_viewer(a);
    bool reach = v.see == STORE_SEE_ALL ||
                 (v.see == STORE_SEE_DEPARTMENT && strcmp(out->department, v.department) == 0);
    if (!reach && v.see == STORE_SEE_TEAM) {
        bool under = false;
        if (store_user_reports_to(a->db, out->id, v.user_id, &under, e) != BD_OK)
            return e ? e->code : BD_ERR_DB;
        reach = under;
    }
    if (!reach)
        return bd_errf(e, BD_ERR_DENIED, "owner: '%s' is outside the people you manage", buf);
    return BD_OK;
}

bd_status app_lead_build(app *a, const app_lead_input *in, store_customer *c, store_contact *ct,
                         store_opp *o, bd_err *e)
{
    const policy *p = a->pol;
    memset(c, 0, sizeof *c);
    memset(ct, 0, sizeof *ct);
    memset(o, 0, sizeof *o);
    bd_status st;
    if ((st = text_field("company", in->company, c->name, sizeof c->name, true, e)) != BD_OK ||
        (st = text_field("contact_name", in->contact_name, ct->name, sizeof ct->name, false, e)) ||
        (st = text_field("title", in->title, ct->title, sizeof ct->title, false, e)) ||
        (st = text_field("phone", in->phone, ct->phone, sizeof ct->phone, false, e)) ||
        (st = text_field("email", in->email, ct->email, sizeof ct->email, false, e)) ||
        (st = text_field("industry", in->industry, c->industry, sizeof c->industry, false, e)) ||
        (st = text_field("region", in->region, c->region, sizeof c->region, false, e)) ||
        (st = text_field("city", in->city, c->city, sizeof c->city, false, e)) ||
        (st = text_field("needs", in->needs, o->needs, sizeof o->needs, false, e)))
        return st;
    if (*ct->email && !bd_email_valid(ct->email))
        return bd_errf(e, BD_ERR_INVALID, "email: '%s' is not an e-mail address", ct->email);
    if (*ct->phone) {
        for (const char *q = ct->phone; *q; q++)
            if (!strchr("0123456789+-() .", *q))
                return bd_errf(e, BD_ERR_INVALID,
                               "phone: '%s' holds '%c' (digits, spaces and + - ( ) only)",
                               ct->phone, *q);
        char key[64];
        bd_key_phone(ct->phone, key, sizeof key);
        if (!*key)
            return bd_errf(e, BD_ERR_INVALID, "phone: '%s' has too few digits", ct->phone);
    }
    if ((st = money_field("value", in->value, &o->value, e)) != BD_OK ||
        (st = money_field("budget", in->budget, &o->budget, e)) != BD_OK ||
        (st = date_field("close_date", in->close_date, o->close_date, e)) != BD_OK ||
        (st = date_field("next_followup", in->next_followup, o->next_followup, e)) != BD_OK)
        return st;
    char src[128];
    trim_copy(in->source, src, sizeof src);
    if (*src) {
        int k = source_match(p, src);
        if (k < 0)
            return bd_errf(e, BD_ERR_INVALID, "source: '%s' is not a source in pipeline.yaml", src);
        bd_strlcpy(o->source, p->sources[k].code, sizeof o->source);
    }
    char cls[64];
    trim_copy(in->class_code, cls, sizeof cls);
    if (*cls) {
        if (policy_class_index(p, cls) < 0)
            return bd_errf(e, BD_ERR_INVALID, "class: '%s' is not a customer class", cls);
        bd_strlcpy(c->class_code, cls, sizeof c->class_code);
    } else if (p->nclasses > 0) {
        bd_strlcpy(c->class_code, p->classes[p->nclasses - 1].code, sizeof c->class_code);
    }
    store_user owner;
    if ((st = app_lead_owner(a, in->owner, &owner, e)) != BD_OK)
        return st;
    c->owner_id = owner.id;
    bd_strlcpy(c->owner_login, owner.login, sizeof c->owner_login);

    o->owner_id = owner.id;
    bd_strlcpy(o->owner_login, owner.login, sizeof o->owner_login);
    bd_strlcpy(o->company, c->name, sizeof o->company);
    bd_strlcpy(o->contact_name, ct->name, sizeof o->contact_name);
    bd_strlcpy(o->title, c->name, sizeof o->title);
    bd_strlcpy(o->stage, p->nstages ? p->stages[0].code : "new", sizeof o->stage);
    app_today(o->stage_since, sizeof o->stage_since);
    return BD_OK;
}

bd_status app_lead_check(app *a, const app_lead_input *in, bd_err *e)
{
    store_customer c;
    store_contact ct;
    store_opp o;
    bd_status st = app_require(a, PERM_PIPELINE, "adding a lead", e);
    return st != BD_OK ? st : app_lead_build(a, in, &c, &ct, &o, e);
}

char *app_opp_json(const store_opp *o)
{
    bd_json j;
    char money[32];
    bd_json_begin(&j);
    bd_json_str(&j, "company", o->company);
    bd_json_str(&j, "contact", o->contact_name);
    bd_json_str(&j, "stage", o->stage);
    bd_json_str(&j, "source", o->source);
    bd_json_str(&j, "value", o->value < 0 ? NULL : bd_money_format(o->value, false, money, sizeof money));
    bd_json_str(&j, "budget", o->budget < 0 ? NULL : bd_money_format(o->budget, false, money, sizeof money));
    bd_json_str(&j, "close_date", *o->close_date ? o->close_date : NULL);
    bd_json_str(&j, "next_followup", *o->next_followup ? o->next_followup : NULL);
    bd_json_str(&j, "lost_reason", *o->lost_reason ? o->lost_reason : NULL);
    bd_json_str(&j, "owner", o->owner_login);
    bd_json_end(&j);
    return j.buf.data;
}

/* Insert a built lead: the customer, its contact, the opportunity. */
bd_status app_lead_insert(app *a, store_customer *c, store_contact *ct, store_opp *o, bd_err *e)
{
    char now[32];
    app_timestamp(now, sizeof now);
    bd_strlcpy(c->created_at, now, sizeof c->created_at);
    bd_status st = store_customer_insert(a->db, c, e);
    if (st != BD_OK)
        return st;
    o->customer_id = c->id;
    char phone_key[64] = "";
    if (*ct->name || *ct->phone || *ct->email) {
        ct->customer_id = c->id;
        bd_strlcpy(ct->created_at, now, sizeof ct->created_at);
        if ((st = store_contact_insert(a->db, ct, e)) != BD_OK)
            return st;
        o->contact_id = ct->id;
        bd_key_phone(ct->phone, phone_key, sizeof phone_key);
    }
    bd_strlcpy(o->created_at, now, sizeof o->created_at);
    return store_opp_insert(a->db, o, ct->email, phone_key, e);
}

bd_status app_lead_add(app *a, const app_lead_input *in, store_opp *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "adding a lead", e);
    if (st != BD_OK)
        return st;
    store_customer c;
    store_contact ct;
    store_opp o;
    if ((st = app_lead_build(a, in, &c, &ct, &o, e)) != BD_OK)
        return st;
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    st = app_lead_insert(a, &c, &ct, &o, e);
    if (st == BD_OK) {
        char *after = app_opp_json(&o);
        st = app_audit_write(a, "opportunity", o.id, "create", NULL, after, e);
        free(after);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = o;
    return st;
}

bd_status app_opp_get(app *a, int64_t id, store_opp *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "reading opportunities", e);
    if (st != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    return store_opp_get(a->db, &v, id, out, e);
}

bd_status app_opp_page(app *a, store_opp_query *q, store_opp *rows, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_PIPELINE, "listing opportunities", e);
    if (st != BD_OK)
        return st;
    q->viewer = app_viewer(a);
    return store_opp_page(a->db, q, rows, n, e);
}

bd_status app_opp_sums(app *a, store_opp_query *q, store_stage_sum *out, int max, int *n,
                       bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_PIPELINE, "summing opportunities", e);
    if (st != BD_OK)
        return st;
    q->viewer = app_viewer(a);
    return store_opp_sums(a->db, q, out, max, n, e);
}

bd_status app_opp_each(app *a, store_opp_query *q, store_opp_cb cb, void *ctx, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "reading opportunities", e);
    if (st != BD_OK)
        return st;
    q->viewer = app_viewer(a);
    return store_opp_each(a->db, q, cb, ctx, e);
}

/* ---- Stages ------------------------------------------------------------------ */

static bool opp_has(const store_opp *o, policy_opp_field f)
{
    switch (f) {
    case OPP_F_CONTACT: return o->contact_id != 0 || *o->contact_name;
    case OPP_F_VALUE: return o->value >= 0;
    case OPP_F_CLOSE_DATE: return *o->close_date != '\0';
    case OPP_F_NEXT_FOLLOWUP: return *o->next_followup != '\0';
    case OPP_F_NEEDS: return *o->needs != '\0';
    case OPP_F_BUDGET: return o->budget >= 0;
    case OPP_F_LOST_REASON: return *o->lost_reason != '\0';
    case OPP_F_COUNT: break;
    }
    return true;
}

uint32_t app_stage_missing(const policy *p, int stage, const store_opp *o)
{
    if (stage < 0 || (size_t)stage >= p->nstages)
        return 0;
    uint32_t missing = 0;
    for (int f = 0; f < OPP_F_COUNT; f++)
        if ((p->stages[stage].requires & (1u << f)) && !opp_has(o, (policy_opp_field)f))
            missing |= 1u << f;
    return missing;
}

static bd_status apply_change(store_opp *o, const app_opp_change *ch, bd_err *e)
{
    if (!ch)
        return BD_OK;
    bd_status st = BD_OK;
    if (ch->value && (st = money_field("value", ch->value, &o->value, e)) != BD_OK)
        return st;
    if (ch->budget && (st = money_field("budget", ch->budget, &o->budget, e)) != BD_OK)
        return st;
    if (ch->close_date && (st = date_field("close_date", ch->close_date, o->close_date, e)))
        return st;
    if (ch->next_followup &&
        (st = date_field("next_followup", ch->next_followup, o->next_followup, e)))
        return st;
    if (ch->needs && (st = text_field("needs", ch->needs, o->needs, sizeof o->needs, false, e)))
        return st;
    if (ch->lost_reason && (st = text_field("lost_reason", ch->lost_reason, o->lost_reason,
                                            sizeof o->lost_reason, false, e)))
        return st;
    return BD_OK;
}

bd_status app_opp_move(app *a, int64_t id, const char *stage, const app_opp_change *ch,
                       int64_t expected_version, store_opp *out, bd_err *e)
{
    const policy *p = a->pol;
    bd_status st = app_require(a, PERM_PIPELINE, "moving an opportunity", e);
    if (st != BD_OK)
        return st;
    int to = policy_stage_index(p, stage);
    if (to < 0) {
        bd_buf list = {0};
        for (size_t i = 0; i < p->nstages; i++)
            bd_buf_printf(&list, "%s%s", i ? ", " : "", p->stages[i].code);
        st = bd_errf(e, BD_ERR_INVALID, "stage: '%s' is not a stage (one of: %s)", stage,
                     bd_buf_str(&list));
        bd_buf_free(&list);
        return st;
    }
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_opp before, o;
    st = store_opp_get(a->db, &v, id, &before, e);
    if (st == BD_OK && expected_version && before.version != expected_version)
        st = bd_errf(e, BD_ERR_CONFLICT, "opportunity #%lld was changed by someone else; reload",
                     (long long)id);
    int from = st == BD_OK ? policy_stage_index(p, before.stage) : -1;
    if (st == BD_OK && from >= 0 && (p->stages[from].won || p->stages[from].lost) && from != to)
        st = bd_errf(e, BD_ERR_INVALID, "#%lld is closed (%s); it cannot move to %s",
                     (long long)id, p->stages[from].name, p->stages[to].name);
    if (st == BD_OK) {
        o = before;
        st = apply_change(&o, ch, e);
    }
    if (st == BD_OK && ch && ch->contact_name && *ch->contact_name) {
        app_lead_input in = {.company = o.company, .contact_name = ch->contact_name,
                             .phone = ch->contact_phone, .email = ch->contact_email};
        store_customer c;
        store_contact ct;
        store_opp tmp;
        st = app_lead_build(a, &in, &c, &ct, &tmp, e);
        if (st == BD_OK) {
            ct.customer_id = o.customer_id;
            app_timestamp(ct.created_at, sizeof ct.created_at);
            st = store_contact_insert(a->db, &ct, e);
        }
        if (st == BD_OK) {
            o.contact_id = ct.id;
            bd_strlcpy(o.contact_name, ct.name, sizeof o.contact_name);
        }
    }
    if (st == BD_OK) {
        uint32_t missing = app_stage_missing(p, to, &o);
        if (missing) {
            bd_buf list = {0};
            for (int f = 0; f < OPP_F_COUNT; f++)
                if (missing & (1u << f))
                    bd_buf_printf(&list, "%s%s (%s)", list.len ? ", " : "",
                                  policy_opp_field_name((policy_opp_field)f),
                                  policy_opp_field_help((policy_opp_field)f));
            st = bd_errf(e, BD_ERR_INVALID, "#%lld cannot enter %s without: %s", (long long)id,
                         p->stages[to].name, bd_buf_str(&list));
            bd_buf_free(&list);
        }
    }
    if (st == BD_OK) {
        if (strcmp(o.stage, p->stages[to].code) != 0) {
            bd_strlcpy(o.stage, p->stages[to].code, sizeof o.stage);
            app_today(o.stage_since, sizeof o.stage_since);
        }
        app_timestamp(o.updated_at, sizeof o.updated_at);
        st = store_opp_update(a->db, &o, e);
    }
    if (st == BD_OK) {
        char *b = app_opp_json(&before), *f = app_opp_json(&o);
        st = app_audit_write(a, "opportunity", id, from == to ? "update" : "move", b, f, e);
        free(b);
        free(f);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = o;
    return st;
}

bd_status app_opp_reassign(app *a, int64_t id, const char *owner, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE_REASSIGN, "giving a lead to another owner", e);
    if (st != BD_OK)
        return st;
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_opp before, o;
    store_user u;
    store_customer c;
    st = store_opp_get(a->db, &v, id, &before, e);
    if (st == BD_OK)
        st = app_lead_owner(a, owner, &u, e);
    if (st == BD_OK) {
        o = before;
        o.owner_id = u.id;
        bd_strlcpy(o.owner_login, u.login, sizeof o.owner_login);
        app_timestamp(o.updated_at, sizeof o.updated_at);
        st = store_opp_update(a->db, &o, e);
    }
    if (st == BD_OK)
        st = store_customer_get(a->db, &v, o.customer_id, &c, e);
    if (st == BD_OK && c.owner_id != u.id) {
        c.owner_id = u.id;
        app_timestamp(c.updated_at, sizeof c.updated_at);
        st = store_customer_update(a->db, &c, e);
    }
    if (st == BD_OK) {
        char *b = app_opp_json(&before), *f = app_opp_json(&o);
        st = app_audit_write(a, "opportunity", id, "reassign", b, f, e);
        free(b);
        free(f);
    }
    return app_tx_end(a, st, e);
}

/* ---- Activities ----------------------------------------------------------------- */

static const char *const activity_kinds[] = {
    "call", "visit", "email", "meeting", "demo", "proposal", "note", "negotiation", "retention",
};

bd_status app_activity_add(app *a, int64_t opp_id, const app_activity_input *in,
                           store_activity *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "logging an activity", e);
    if (st != BD_OK)
        return st;
    store_activity act = {0};
    bool kind_ok = false;
    for (size_t i = 0; i < sizeof activity_kinds / sizeof activity_kinds[0]; i++)
        kind_ok |= in->kind && strcmp(in->kind, activity_kinds[i]) == 0;
    if (!kind_ok)
        return bd_errf(e, BD_ERR_INVALID, "kind: '%s' is not one of call, visit, email, meeting, "
                       "demo, proposal, note, negotiation, retention", in->kind ? in->kind : "");
    bd_strlcpy(act.kind, in->kind, sizeof act.kind);
    if ((st = text_field("summary", in->summary, act.summary, sizeof act.summary, true, e)) ||
        (st = text_field("background", in->background, act.background, sizeof act.background, false, e)) ||
        (st = text_field("goals_met", in->goals_met, act.goals_met, sizeof act.goals_met, false, e)) ||
        (st = text_field("disagreements", in->disagreements, act.disagreements, sizeof act.disagreements, false, e)) ||
        (st = text_field("lessons", in->lessons, act.lessons, sizeof act.lessons, false, e)))
        return st;
    if (in->date && *in->date) {
        if ((st = date_field("date", in->date, act.on_date, e)) != BD_OK)
            return st;
    } else {
        app_today(act.on_date, sizeof act.on_date);
    }
    char next[11] = "";
    if (in->next_followup && (st = date_field("next_followup", in->next_followup, next, e)))
        return st;
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_opp o;
    st = store_opp_get(a->db, &v, opp_id, &o, e);
    if (st == BD_OK) {
        act.customer_id = o.customer_id;
        act.opportunity_id = o.id;
        act.actor_id = a->actor.user.id;
        bd_strlcpy(act.actor_login, a->actor.user.login, sizeof act.actor_login);
        app_timestamp(act.created_at, sizeof act.created_at);
        st = store_activity_insert(a->db, &act, e);
    }
    if (st == BD_OK && *next) {
        bd_strlcpy(o.next_followup, next, sizeof o.next_followup);
        app_timestamp(o.updated_at, sizeof o.updated_at);
        st = store_opp_update(a->db, &o, e);
    }
    if (st == BD_OK) {
        bd_json j;
        bd_json_begin(&j);
        bd_json_int(&j, "opportunity", o.id);
        bd_json_str(&j, "kind", act.kind);
        bd_json_str(&j, "date", act.on_date);
        bd_json_str(&j, "summary", act.summary);
        bd_json_str(&j, "next_followup", *next ? next : NULL);
        bd_json_end(&j);
        st = app_audit_write(a, "activity", act.id, "create", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = act;
    return st;
}

bd_status app_activity_list(app *a, int64_t opp_id, store_activity *rows, int max, int *n,
                            bd_err *e)
{
    *n = 0;
    store_opp o;
    bd_status st = app_opp_get(a, opp_id, &o, e);
    return st != BD_OK ? st : store_activity_list(a->db, o.customer_id, rows, max, n, e);
}

bd_status app_customer_card_get(app *a, int64_t customer_id, app_customer_card *out, bd_err *e)
{
    memset(out, 0, sizeof *out);
    bd_status st = app_require(a, PERM_PIPELINE, "reading a customer", e);
    if (st != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    if ((st = store_customer_get(a->db, &v, customer_id, &out->customer, e)) != BD_OK)
        return st;
    if ((st = store_contact_list(a->db, customer_id, out->contacts, APP_CARD_MAX,
                                 &out->ncontacts, e)) != BD_OK)
        return st;
    if ((st = store_complaint_list(a->db, customer_id, out->complaints, APP_CARD_MAX,
                                   &out->ncomplaints, e)) != BD_OK)
        return st;
    return store_satisfaction_avg(a->db, customer_id, &out->satisfaction_avg100,
                                  &out->satisfaction_count, e);
}

bd_status app_opp_contact(app *a, int64_t opp_id, store_contact *out, bd_err *e)
{
    store_opp o;
    bd_status st = app_opp_get(a, opp_id, &o, e);
    if (st != BD_OK)
        return st;
    if (!o.contact_id)
        return bd_errf(e, BD_ERR_NOTFOUND, "#%lld has no contact", (long long)opp_id);
    return store_contact_get(a->db, o.contact_id, out, e);
}

bd_status app_customer_each(app *a, store_customer_cb cb, void *ctx, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "reading customers", e);
    if (st != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    return store_customer_each(a->db, &v, cb, ctx, e);
}

bd_status app_customer_set(app *a, int64_t customer_id, const char *credit_limit,
                           const char *class_code, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "changing a customer", e);
    if (st != BD_OK && app_can(a, PERM_RECEIVABLES))
        st = BD_OK; /* finance sets limits without the pipeline */
    if (st != BD_OK)
        return st;
    if (credit_limit && !app_can(a, PERM_RECEIVABLES) && !app_can(a, PERM_PIPELINE_REASSIGN))
        return bd_errf(e, BD_ERR_DENIED, "credit limit: your role (%s) may not set credit limits "
                       "(receivables.record or pipeline.reassign)",
                       a->actor.role ? a->actor.role->code : "-");
    int64_t limit = 0;
    if (credit_limit) {
        bd_err pe = {0};
        if (bd_money_parse(credit_limit, &limit, &pe) != BD_OK)
            return bd_errf(e, BD_ERR_INVALID, "credit limit: %s", pe.msg);
        if (limit < 0)
            return bd_errf(e, BD_ERR_INVALID, "credit limit: negative");
    }
    if (class_code && policy_class_index(a->pol, class_code) < 0)
        return bd_errf(e, BD_ERR_INVALID, "class: '%s' is not a customer class", class_code);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_customer before, c;
    st = store_customer_get(a->db, &v, customer_id, &before, e);
    if (st == BD_OK) {
        c = before;
        if (credit_limit)
            c.credit_limit = limit;
        if (class_code)
            bd_strlcpy(c.class_code, class_code, sizeof c.class_code);
        app_timestamp(c.updated_at, sizeof c.updated_at);
        st = store_customer_update(a->db, &c, e);
    }
    if (st == BD_OK) {
        char m1[32], m2[32];
        bd_json jb, ja;
        bd_json_begin(&jb);
        bd_json_str(&jb, "credit_limit", bd_money_format(before.credit_limit, false, m1, sizeof m1));
        bd_json_str(&jb, "class", before.class_code);
        bd_json_end(&jb);
        bd_json_begin(&ja);
        bd_json_str(&ja, "credit_limit", bd_money_format(c.credit_limit, false, m2, sizeof m2));
        bd_json_str(&ja, "class", c.class_code);
        bd_json_end(&ja);
        st = app_audit_write(a, "customer", customer_id, "update", jb.buf.data, ja.buf.data, e);
        bd_buf_free(&jb.buf);
        bd_buf_free(&ja.buf);
    }
    return app_tx_end(a, st, e);
}
