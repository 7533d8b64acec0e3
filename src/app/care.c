/* Today's agenda, complaints and satisfaction scores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"

const char *app_agenda_kind_name(app_agenda_kind k)
{
    static const char *const names[] = {
        [AGENDA_OVERDUE] = "overdue", [AGENDA_DUE] = "due today", [AGENDA_STALE] = "stale",
        [AGENDA_CHURN] = "churn risk", [AGENDA_COMPLAINT] = "complaint",
    };
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static app_agenda_item *agenda_add(app_agenda_item *rows, int max, int *n, app_agenda_kind kind)
{
    if (*n >= max)
        return NULL;
    app_agenda_item *it = &rows[(*n)++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

static char *days_before(const char *today, int days, char out[11])
{
    bd_date d;
    bd_date_parse(today, &d, NULL);
    return bd_date_format(bd_date_from_days(bd_date_days(d) - days), out, 11);
}

/* The open (not won or lost) stages, for queries. */
static int closed_stages(const policy *p, const char **out, int max)
{
    int n = 0;
    for (size_t i = 0; i < p->nstages && n < max; i++)
        if (p->stages[i].won || p->stages[i].lost)
            out[n++] = p->stages[i].code;
    return n;
}

bd_status app_agenda(app *a, app_agenda_item *rows, int max, int *n, bd_err *e)
{
    *n = 0;
    bd_status st = app_require(a, PERM_PIPELINE, "reading today's agenda", e);
    if (st != BD_OK)
        return st;
    const policy *p = a->pol;
    char today[11];
    app_today(today, sizeof today);
    store_viewer v = app_viewer(a);
    const char *closed[8];
    int nclosed = closed_stages(p, closed, 8);
    enum { PAGE = 50 };
    store_opp *page = bd_xcalloc(PAGE, sizeof *page);
    int got = 0;

    /* My follow-ups: overdue first, then today's. */
    store_opp_query q = {
        .viewer = v, .owner_id = a->actor.user.id, .followup_by = today, .open_only = true,
        .closed_stages = closed, .nclosed = nclosed, .sort = STORE_OPP_BY_FOLLOWUP, .limit = PAGE,
    };
    st = store_opp_page(a->db, &q, page, &got, e);
    for (int i = 0; st == BD_OK && i < got; i++) {
        bool overdue = strcmp(page[i].next_followup, today) < 0;
        app_agenda_item *it = agenda_add(rows, max, n, overdue ? AGENDA_OVERDUE : AGENDA_DUE);
        if (!it)
            break;
        it->opp_id = page[i].id, it->customer_id = page[i].customer_id;
        bd_strlcpy(it->date, page[i].next_followup, sizeof it->date);
        bd_strlcpy(it->company, page[i].company, sizeof it->company);
        snprintf(it->what, sizeof it->what, "follow up #%lld %s", (long long)page[i].id,
                 page[i].contact_name);
    }
    /* Stale: in an open stage longer than the stage allows. */
    for (size_t k = 0; st == BD_OK && k < p->nstages; k++) {
        const policy_stage *sg = &p->stages[k];
        if (sg->won || sg->lost || sg->stale_days <= 0)
            continue;
        char by[11];
        store_opp_query sq = {.viewer = v, .stage = sg->code, .limit = PAGE,
                              .stage_since_by = days_before(today, sg->stale_days, by),
                              .sort = STORE_OPP_BY_STAGE_SINCE};
        st = store_opp_page(a->db, &sq, page, &got, e);
        for (int i = 0; st == BD_OK && i < got; i++) {
            app_agenda_item *it = agenda_add(rows, max, n, AGENDA_STALE);
            if (!it)
                break;
            it->opp_id = page[i].id, it->customer_id = page[i].customer_id;
            bd_strlcpy(it->date, page[i].stage_since, sizeof it->date);
            bd_strlcpy(it->company, page[i].company, sizeof it->company);
            snprintf(it->what, sizeof it->what, "#%lld in %s since %s (over %d days)",
                     (long long)page[i].id, sg->name, page[i].stage_since, sg->stale_days);
        }
    }
    free(page);
    /* Churn: customers quiet for longer than their class allows. */
    store_customer quiet[PAGE];
    for (size_t k = 0; st == BD_OK && k < p->nclasses; k++) {
        char by[11];
        st = store_customer_quiet(a->db, &v, p->classes[k].code,
                                  days_before(today, p->classes[k].churn_days, by), quiet, PAGE,
                                  &got, e);
        for (int i = 0; st == BD_OK && i < got; i++) {
            app_agenda_item *it = agenda_add(rows, max, n, AGENDA_CHURN);
            if (!it)
                break;
            it->customer_id = quiet[i].id;
            st = store_opp_of_customer(a->db, quiet[i].id, &it->opp_id, e);
            bd_strlcpy(it->date, *quiet[i].last_contact ? quiet[i].last_contact : quiet[i].created_at,
                       sizeof it->date);
            bd_strlcpy(it->company, quiet[i].name, sizeof it->company);
            snprintf(it->what, sizeof it->what, "%s customer, no contact since %s (over %d days)",
                     p->classes[k].name, it->date, p->classes[k].churn_days);
        }
    }
    /* Complaints not closed. */
    store_complaint open[PAGE / 2];
    if (st == BD_OK)
        st = store_complaint_open(a->db, &v, open, PAGE / 2, &got, e);
    for (int i = 0; st == BD_OK && i < got; i++) {
        app_agenda_item *it = agenda_add(rows, max, n, AGENDA_COMPLAINT);
        if (!it)
            break;
        it->customer_id = open[i].customer_id;
        it->ref_id = open[i].id;
        st = store_opp_of_customer(a->db, open[i].customer_id, &it->opp_id, e);
        bd_strlcpy(it->date, open[i].opened_on, sizeof it->date);
        bd_strlcpy(it->company, open[i].company, sizeof it->company);
        snprintf(it->what, sizeof it->what, "complaint #%lld (%s): %s", (long long)open[i].id,
                 open[i].state, open[i].summary);
    }
    return st;
}

/* ---- Complaints ---------------------------------------------------------------- */

static const char *const complaint_states[] = {
    "open", "routed", "investigating", "resolved", "replied", "visited", "closed",
};
enum { NSTATES = sizeof complaint_states / sizeof complaint_states[0] };

static int state_index(const char *s)
{
    for (int i = 0; i < NSTATES; i++)
        if (s && strcmp(s, complaint_states[i]) == 0)
            return i;
    return -1;
}

static char *complaint_json(const store_complaint *k)
{
    bd_json j;
    bd_json_begin(&j);
    bd_json_int(&j, "customer", k->customer_id);
    bd_json_str(&j, "state", k->state);
    bd_json_str(&j, "department", k->department);
    bd_json_str(&j, "summary", k->summary);
    bd_json_str(&j, "resolution", k->resolution);
    bd_json_end(&j);
    return j.buf.data;
}

bd_status app_complaint_add(app *a, int64_t customer_id, const char *summary,
                            store_complaint *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "recording a complaint", e);
    if (st != BD_OK)
        return st;
    if (!summary || !*summary)
        return bd_errf(e, BD_ERR_INVALID, "summary: required");
    store_complaint k = {.customer_id = customer_id, .created_by = a->actor.user.id};
    if (!bd_strlcpy(k.summary, summary, sizeof k.summary))
        return bd_errf(e, BD_ERR_INVALID, "summary: too long (at most %zu bytes)", sizeof k.summary - 1);
    app_today(k.opened_on, sizeof k.opened_on);
    app_timestamp(k.updated_at, sizeof k.updated_at);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_customer c;
    st = store_customer_get(a->db, &v, customer_id, &c, e);
    if (st == BD_OK)
        st = store_complaint_insert(a->db, &k, e);
    if (st == BD_OK) {
        bd_strlcpy(k.company, c.name, sizeof k.company);
        char *after = complaint_json(&k);
        st = app_audit_write(a, "complaint", k.id, "create", NULL, after, e);
        free(after);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = k;
    return st;
}

bd_status app_complaint_step(app *a, int64_t id, const char *state, const char *department,
                             const char *resolution, store_complaint *out, bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "working on a complaint", e);
    if (st != BD_OK)
        return st;
    int to = state_index(state);
    if (to < 0)
        return bd_errf(e, BD_ERR_INVALID, "state: '%s' is not one of open, routed, investigating, "
                       "resolved, replied, visited, closed", state ? state : "");
    if (department && *department && !policy_dept_find(a->pol, department))
        return bd_errf(e, BD_ERR_INVALID, "department: '%s' is not a department in bizdesk.yaml",
                       department);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_complaint before, k;
    st = store_complaint_get(a->db, &v, id, &before, e);
    if (st == BD_OK) {
        k = before;
        int from = state_index(before.state);
        if (to <= from)
            st = bd_errf(e, BD_ERR_INVALID, "complaint #%lld is %s; it can only move forward",
                         (long long)id, before.state);
    }
    if (st == BD_OK) {
        if (department && *department)
            bd_strlcpy(k.department, department, sizeof k.department);
        if (resolution && *resolution)
            bd_strlcpy(k.resolution, resolution, sizeof k.resolution);
        if (to >= state_index("routed") && !*k.department)
            st = bd_errf(e, BD_ERR_INVALID, "department: a complaint is routed to a department first");
        else if (to >= state_index("resolved") && !*k.resolution)
            st = bd_errf(e, BD_ERR_INVALID, "resolution: say how it was resolved");
    }
    if (st == BD_OK) {
        bd_strlcpy(k.state, complaint_states[to], sizeof k.state);
        if (to == NSTATES - 1)
            app_today(k.closed_on, sizeof k.closed_on);
        app_timestamp(k.updated_at, sizeof k.updated_at);
        st = store_complaint_update(a->db, &k, e);
    }
    if (st == BD_OK) {
        char *b = complaint_json(&before), *f = complaint_json(&k);
        st = app_audit_write(a, "complaint", id, complaint_states[to], b, f, e);
        free(b);
        free(f);
    }
    st = app_tx_end(a, st, e);
    if (st == BD_OK && out)
        *out = k;
    return st;
}

bd_status app_satisfaction_add(app *a, int64_t customer_id, const char *survey, int score,
                               bd_err *e)
{
    bd_status st = app_require(a, PERM_PIPELINE, "recording a satisfaction score", e);
    if (st != BD_OK)
        return st;
    if (score < 1 || score > 5)
        return bd_errf(e, BD_ERR_INVALID, "score: %d is not from 1 to 5", score);
    if (!survey || !*survey || strlen(survey) > 64)
        return bd_errf(e, BD_ERR_INVALID, "survey: give a name such as 2026-Q4 (up to 64 bytes)");
    char today[11];
    app_today(today, sizeof today);
    if ((st = app_tx_begin(a, e)) != BD_OK)
        return st;
    store_viewer v = app_viewer(a);
    store_customer c;
    st = store_customer_get(a->db, &v, customer_id, &c, e);
    if (st == BD_OK)
        st = store_satisfaction_add(a->db, customer_id, survey, score, today, e);
    if (st == BD_OK) {
        bd_json j;
        bd_json_begin(&j);
        bd_json_str(&j, "survey", survey);
        bd_json_int(&j, "score", score);
        bd_json_end(&j);
        st = app_audit_write(a, "satisfaction", customer_id, "create", NULL, j.buf.data, e);
        bd_buf_free(&j.buf);
    }
    return app_tx_end(a, st, e);
}
