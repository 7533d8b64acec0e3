/*
 * Pipeline > Opportunities: the opportunities the user may see (the store
 * applies the role's scope), a stage filter, a sort order, a search, the
 * totals of what is listed, and the actions that move an opportunity
 * along: add a lead, next stage, any stage, log an activity, details.
 *
 * The paged list names rows by a text key; here the key is the
 * opportunity's id in decimal.  The store's keyset cursor is a whole row
 * (the sort key and the id), so the screen keeps the cursor fields of the
 * rows it has handed to the list in a small cache and turns a key back
 * into its row from there.  The cached values are the ones on screen, so
 * paging stays consistent with what the person sees until the next reload;
 * a key that has fallen out of the cache is read again with app_opp_get.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_internal.h"

/* Rows whose cursor fields are kept: well above the rows a list holds
 * (256) plus one fetch, so a row on screen is always found. */
#define CURSOR_CACHE 1024
#define MAX_ACTIVITIES 30
#define MAX_SUMS 64

typedef struct opp_cursor {
    int64_t id; /* 0: free slot */
    int64_t value;
    char company[256];
    char close_date[11];
    char next_followup[11];
    char stage_since[11];
} opp_cursor;

enum { C_ID, C_COMPANY, C_CONTACT, C_STAGE, C_VALUE, C_CLOSE, C_FOLLOWUP, C_OWNER, NCOLS };

/* The orders `s` steps through.  Age in stage grows as stage_since goes
 * back, so "age" ascending is stage_since descending. */
static const struct {
    const char *label;
    store_opp_sort sort;
    bool inverted;
} sorts[] = {
    {"company", STORE_OPP_BY_COMPANY, false},  {"value", STORE_OPP_BY_VALUE, false},
    {"close", STORE_OPP_BY_CLOSE, false},      {"follow-up", STORE_OPP_BY_FOLLOWUP, false},
    {"age", STORE_OPP_BY_STAGE_SINCE, true},
};
#define NSORTS ((int)(sizeof sorts / sizeof sorts[0]))

static const char *const activity_kinds[] = {"call", "visit",    "email", "meeting",
                                             "demo", "proposal", "note",  "negotiation"};
#define NKINDS ((int)(sizeof activity_kinds / sizeof activity_kinds[0]))

typedef struct opp_screen {
    app *a;
    const policy *p;
    ui_list *list;
    ui_column cols[NCOLS]; /* widths set for the area by layout() */
    int width;             /* the area width the columns were laid out for */
    int sort;              /* index into sorts */
    bool desc;
    int stage_filter;      /* -1 all, 0..nstages-1 one stage, nstages open ones */
    int64_t owner_id;      /* 0: any owner in reach */
    char owner_login[33];
    int source_filter;     /* -1 any, else an index into policy sources */
    int class_filter;      /* -1 any, else an index into policy classes */
    const char **closed;   /* codes of the won and lost stages */
    int nclosed;
    const char **stage_names;  /* choices for `M` */
    const char **source_names; /* choices for the lead form: "-" then policy's */
    int nsource_names;
    /* Totals for the current filter; recomputed when dirty or the search
     * text changed. */
    bool sums_dirty, sums_ok;
    char sums_search[128];
    int64_t total_count, total_value, total_weighted;
    opp_cursor cache[CURSOR_CACHE];
    int cache_next;
} opp_screen;

/* Fits a 100-column hint line; `?` lists the rest. */
static const ui_action opp_hints[] = {UI_A_HELP,     UI_A_OPP_ADD,    UI_A_OPP_NEXT, UI_A_OPP_LOG,
                                      UI_A_OPP_SORT, UI_A_OPP_FILTER, UI_A_QUIT};

/* ---- Keys and the cursor cache ------------------------------------------- */
static int64_t key_id(const char *key)
{
    char *end;
    long long v = key ? strtoll(key, &end, 10) : 0;
    return key && *key && !*end && v > 0 ? v : 0;
}

static void id_key(int64_t id, char *buf, size_t n)
{
    snprintf(buf, n, "%lld", (long long)id);
}

static void cache_put(opp_screen *s, const store_opp *o)
{
    for (int i = 0; i < CURSOR_CACHE; i++)
        if (s->cache[i].id == o->id)
            s->cache[i].id = 0; /* the newer copy goes in as the newest entry */
    opp_cursor *c = &s->cache[s->cache_next];
    s->cache_next = (s->cache_next + 1) % CURSOR_CACHE;
    c->id = o->id;
    c->value = o->value;
    bd_strlcpy(c->company, o->company, sizeof c->company);
    bd_strlcpy(c->close_date, o->close_date, sizeof c->close_date);
    bd_strlcpy(c->next_followup, o->next_followup, sizeof c->next_followup);
    bd_strlcpy(c->stage_since, o->stage_since, sizeof c->stage_since);
}

/* The row a list key stands for, as a keyset cursor; false when it is no
 * longer there for this user. */
static bool cursor_row(opp_screen *s, const char *key, store_opp *out)
{
    int64_t id = key_id(key);
    if (!id)
        return false;
    for (int i = 0; i < CURSOR_CACHE; i++) {
        const opp_cursor *c = &s->cache[i];
        if (c->id != id)
            continue;
        memset(out, 0, sizeof *out);
        out->id = c->id;
        out->value = c->value;
        bd_strlcpy(out->company, c->company, sizeof out->company);
        bd_strlcpy(out->close_date, c->close_date, sizeof out->close_date);
        bd_strlcpy(out->next_followup, c->next_followup, sizeof out->next_followup);
        bd_strlcpy(out->stage_since, c->stage_since, sizeof out->stage_since);
        return true;
    }
    if (app_opp_get(s->a, id, out, NULL) != BD_OK)
        return false;
    cache_put(s, out);
    return true;
}

/* ---- Query, cells and layout --------------------------------------------- */
static int nstages(const opp_screen *s)
{
    return (int)s->p->nstages;
}

static void query_init(const opp_screen *s, store_opp_query *q, const char *search)
{
    memset(q, 0, sizeof *q);
    q->sort = sorts[s->sort].sort;
    q->desc = s->desc != sorts[s->sort].inverted;
    if (s->stage_filter >= 0 && s->stage_filter < nstages(s)) {
        q->stage = s->p->stages[s->stage_filter].code;
    } else if (s->stage_filter == nstages(s)) {
        q->open_only = true;
        q->closed_stages = s->closed;
        q->nclosed = s->nclosed;
    }
    q->search = search && *search ? search : NULL;
    q->owner_id = s->owner_id;
    if (s->source_filter >= 0)
        q->source = s->p->sources[s->source_filter].code;
    if (s->class_filter >= 0)
        q->class_code = s->p->classes[s->class_filter].code;
}

static const char *stage_name(const opp_screen *s, const char *code)
{
    int i = policy_stage_index(s->p, code);
    return i >= 0 ? s->p->stages[i].name : code;
}

static bool stage_closed(const opp_screen *s, int i)
{
    return i >= 0 && i < nstages(s) && (s->p->stages[i].won || s->p->stages[i].lost);
}

/* A stage name for a column `cols` cells wide: whole when it fits, else
 * its first word ("需求分析" of "需求分析 Needs analysis"), else cut when
 * drawn. */
static char *stage_cell(const char *name, int cols)
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

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* Column widths for an area w cells wide.  The company name gets what the
 * fixed columns leave (narrower contact and stage columns first, then the
 * owner column gives way); the owner column takes the rest. */
static void layout(opp_screen *s, int w)
{
    static const int wide[NCOLS] = {[C_ID] = 5,    [C_CONTACT] = 10, [C_STAGE] = 16,
                                    [C_VALUE] = 13, [C_CLOSE] = 10,  [C_FOLLOWUP] = 10};
    static const int narrow[NCOLS] = {[C_ID] = 5,    [C_CONTACT] = 8, [C_STAGE] = 8,
                                      [C_VALUE] = 13, [C_CLOSE] = 10, [C_FOLLOWUP] = 10};
    enum { COMPANY_MIN = 16, COMPANY_MAX = 32, OWNER_W = 9 };
    const int *wd = wide;
    int used = 0, company = 0;
    for (int pass = 0; pass < 2; pass++) {
        wd = pass ? narrow : wide;
        used = 1; /* the cursor marker */
        for (int c = 0; c < NCOLS; c++)
            if (c != C_COMPANY && c != C_OWNER)
                used += wd[c] + 1;
        company = w - used - 1 - (OWNER_W + 1);
        if (company >= COMPANY_MIN)
            break;
    }
    if (company < COMPANY_MIN)
        company = w - used - 1; /* the owner column goes off the edge */
    if (company > COMPANY_MAX)
        company = COMPANY_MAX;
    if (company < 8)
        company = 8;
    static const char *const titles[NCOLS] = {"ID",    "Company", "Contact",   "Stage",
                                              "Value", "Close",   "Follow-up", "Owner"};
    for (int c = 0; c < NCOLS; c++) {
        s->cols[c].title = titles[c];
        s->cols[c].width = c == C_COMPANY ? company : wd[c];
        s->cols[c].right = c == C_ID || c == C_VALUE;
    }
    s->width = w;
}

static bd_status opp_fetch(void *src, ui_fetch how, const char *key, const char *filter, int max,
                           ui_row *out, int *n, bd_err *e)
{
    opp_screen *s = src;
    *n = 0;
    store_opp_query q;
    query_init(s, &q, filter);
    q.limit = max;
    q.from_end = how == UI_FETCH_LAST;
    store_opp edge;
    if (how == UI_FETCH_AFTER || how == UI_FETCH_BEFORE) {
        if (!cursor_row(s, key, &edge))
            return BD_OK; /* the edge row is gone: the list starts over */
        if (how == UI_FETCH_AFTER)
            q.after = &edge;
        else
            q.before = &edge;
    }
    store_opp *rows = bd_xcalloc((size_t)max, sizeof *rows);
    bd_status st = app_opp_page(s->a, &q, rows, n, e);
    for (int i = 0; st == BD_OK && i < *n; i++) {
        const store_opp *o = &rows[i];
        char id[32];
        cache_put(s, o);
        id_key(o->id, out[i].key, sizeof out[i].key);
        id_key(o->id, id, sizeof id);
        out[i].cells[C_ID] = bd_xstrdup(id);
        out[i].cells[C_COMPANY] = bd_xstrdup(o->company);
        out[i].cells[C_CONTACT] = bd_xstrdup(or_dash(o->contact_name));
        out[i].cells[C_STAGE] = stage_cell(stage_name(s, o->stage), s->cols[C_STAGE].width);
        out[i].cells[C_VALUE] = ui_money_cell(o->value, s->cols[C_VALUE].width);
        out[i].cells[C_CLOSE] = bd_xstrdup(or_dash(o->close_date));
        out[i].cells[C_FOLLOWUP] = bd_xstrdup(or_dash(o->next_followup));
        out[i].cells[C_OWNER] = bd_xstrdup(o->owner_login);
        out[i].dim = stage_closed(s, policy_stage_index(s->p, o->stage));
    }
    free(rows);
    return st;
}

/* ---- Totals --------------------------------------------------------------- */
static void sums_update(opp_screen *s, ui_ctx *u)
{
    const char *f = ui_list_filter(s->list);
    if (!s->sums_dirty && strcmp(f, s->sums_search) == 0)
        return;
    s->sums_dirty = false;
    bd_strlcpy(s->sums_search, f, sizeof s->sums_search);
    store_opp_query q;
    query_init(s, &q, f);
    store_stage_sum sums[MAX_SUMS];
    int n = 0;
    bd_err e = {0};
    s->sums_ok = app_opp_sums(s->a, &q, sums, MAX_SUMS, &n, &e) == BD_OK;
    if (!s->sums_ok) {
        ui_status(u, true, "%s", e.msg);
        return;
    }
    s->total_count = s->total_value = s->total_weighted = 0;
    for (int i = 0; i < n; i++) {
        int k = policy_stage_index(s->p, sums[i].stage);
        int64_t prob = k >= 0 ? s->p->stages[k].probability : 0;
        int64_t v = sums[i].value;
        s->total_count += sums[i].count;
        s->total_value += v;
        /* v * prob / 100 without overflowing for large sums. */
        s->total_weighted += v / 100 * prob + v % 100 * prob / 100;
    }
}

/* ---- Drawing ---------------------------------------------------------------- */
static void opp_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    opp_screen *s = st;
    if (w != s->width) {
        /* Stage names and amounts are fitted to their columns when fetched. */
        layout(s, w);
        ui_list_reload(s->list, u);
    }
    char stage[128], title[400];
    if (s->stage_filter >= 0 && s->stage_filter < nstages(s))
        bd_strlcpy(stage, s->p->stages[s->stage_filter].name, sizeof stage);
    else
        bd_strlcpy(stage, s->stage_filter < 0 ? "all" : "open only", sizeof stage);
    const char *f = ui_list_filter(s->list);
    char more[300] = "";
    if (s->owner_id)
        bd_strfmt(more, sizeof more, " [owner: %s]", s->owner_login);
    if (s->source_filter >= 0)
        bd_strfmt(more + strlen(more), sizeof more - strlen(more), " [source: %s]",
                  s->p->sources[s->source_filter].name);
    if (s->class_filter >= 0)
        bd_strfmt(more + strlen(more), sizeof more - strlen(more), " [class: %s]",
                  s->p->classes[s->class_filter].name);
    bd_strfmt(title, sizeof title, "Pipeline > Opportunities  [stage: %s]%s [sort: %s %s]%s%s%s",
              stage, more, sorts[s->sort].label, s->desc ? "↓" : "↑", f[0] ? " [search: " : "",
              f, f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    ui_list_draw(s->list, u, y + 1, x, h - 2, w);
    sums_update(s, u);
    if (s->sums_ok) {
        char line[300], value[40], weighted[40];
        snprintf(line, sizeof line, "%lld opportunit%s  value %s  weighted %s %s",
                 (long long)s->total_count, s->total_count == 1 ? "y" : "ies",
                 bd_money_format(s->total_value, true, value, sizeof value),
                 bd_money_format(s->total_weighted, true, weighted, sizeof weighted),
                 s->p->currency);
        ui_put(y + h - 1, x + 1, line, w - 2, false);
    }
}

/* ---- Helpers for the actions ----------------------------------------------- */

static bool selected_opp(opp_screen *s, ui_ctx *u, store_opp *o)
{
    const ui_row *sel = ui_list_selected(s->list);
    if (!sel) {
        ui_status(u, false, "No opportunity here yet: a adds a lead");
        return false;
    }
    bd_err e = {0};
    if (app_opp_get(s->a, key_id(sel->key), o, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        ui_list_reload(s->list, u);
        return false;
    }
    return true;
}

/* Show o (just written) in the list with the cursor on it. */
static void show_opp(opp_screen *s, ui_ctx *u, const store_opp *o)
{
    char key[32];
    cache_put(s, o);
    id_key(o->id, key, sizeof key);
    ui_list_goto(s->list, u, key);
    s->sums_dirty = true;
}

/* ---- Add a lead ------------------------------------------------------------- */
enum { L_COMPANY, L_CONTACT, L_PHONE, L_EMAIL, L_SOURCE, L_VALUE, L_CLOSE, L_COUNT };

typedef struct lead_ctx {
    opp_screen *s;
    store_opp out;
} lead_ctx;

static bd_status lead_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[L_COUNT] = {"company", "contact_name", "phone", "email",
                                               "source",  "value",        "close_date"};
    lead_ctx *lc = ctx;
    const char *source = NULL;
    for (int i = 1; i < lc->s->nsource_names; i++)
        if (strcmp(f[L_SOURCE].value, lc->s->source_names[i]) == 0)
            source = lc->s->p->sources[i - 1].code;
    app_lead_input in = {
        .company = f[L_COMPANY].value,
        .contact_name = f[L_CONTACT].value,
        .phone = f[L_PHONE].value,
        .email = f[L_EMAIL].value,
        .source = source,
        .value = f[L_VALUE].value,
        .close_date = f[L_CLOSE].value,
    };
    bd_status st = app_lead_add(lc->s->a, &in, &lc->out, e);
    if (st != BD_OK)
        *bad = ui_field_of_message(e->msg, names, L_COUNT);
    return st;
}

static void lead_form(opp_screen *s, ui_ctx *u)
{
    ui_field f[L_COUNT] = {
        [L_COMPANY] = {.label = "Company", .help = "The customer's name; Chinese is fine"},
        [L_CONTACT] = {.label = "Contact", .help = "The contact person's name"},
        [L_PHONE] = {.label = "Phone", .help = "Digits, spaces and + - ( )"},
        [L_EMAIL] = {.label = "E-mail"},
        [L_SOURCE] = {.label = "Source",
                      .choices = s->source_names,
                      .nchoices = s->nsource_names,
                      .help = "Where the lead came from (Left/Right or Space); - if not known"},
        [L_VALUE] = {.label = "Value",
                     .help = "Estimated value, e.g. 120,000 or 98000.50; empty if not known"},
        [L_CLOSE] = {.label = "Close date", .help = "Expected close date, YYYY-MM-DD; or empty"},
    };
    bd_strlcpy(f[L_SOURCE].value, s->source_names[0], sizeof f[L_SOURCE].value);
    lead_ctx lc = {.s = s};
    if (ui_form_run(u, "Add lead", f, L_COUNT, lead_submit, &lc)) {
        show_opp(s, u, &lc.out);
        ui_status(u, false, "Added lead #%lld (%s)", (long long)lc.out.id, lc.out.company);
    }
}

/* ---- Moving between stages (the form is shared with the Board: opp_move.c) ---- */
static void move_next(opp_screen *s, ui_ctx *u)
{
    store_opp o, out;
    if (selected_opp(s, u, &o) && ui_opp_move_next(u, &o, &out))
        show_opp(s, u, &out);
}

static bd_status choose_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)ctx, (void)f, (void)n, (void)bad, (void)e;
    return BD_OK;
}

static void move_any(opp_screen *s, ui_ctx *u)
{
    store_opp o;
    if (!selected_opp(s, u, &o))
        return;
    ui_field f = {.label = "Stage", .choices = s->stage_names, .nchoices = nstages(s),
                  .help = "Left/Right or Space: choose   Enter: move there   Esc: cancel"};
    bd_strlcpy(f.value, stage_name(s, o.stage), sizeof f.value);
    char title[300];
    snprintf(title, sizeof title, "Move #%lld %s", (long long)o.id, o.company);
    if (!ui_form_run(u, title, &f, 1, choose_submit, NULL))
        return;
    store_opp out;
    for (int i = 0; i < nstages(s); i++)
        if (strcmp(f.value, s->stage_names[i]) == 0) {
            if (ui_opp_move_to(u, &o, i, &out))
                show_opp(s, u, &out);
            return;
        }
}

/* ---- Activities -------------------------------------------------------------- */
enum { A_KIND, A_DATE, A_SUMMARY, A_NEXT, A_COUNT };

typedef struct activity_ctx {
    opp_screen *s;
    int64_t opp_id;
} activity_ctx;

static bd_status activity_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[A_COUNT] = {"kind", "date", "summary", "next_followup"};
    activity_ctx *ac = ctx;
    app_activity_input in = {
        .kind = f[A_KIND].value,
        .date = f[A_DATE].value,
        .summary = f[A_SUMMARY].value,
        .next_followup = f[A_NEXT].value[0] ? f[A_NEXT].value : NULL,
    };
    store_activity out;
    bd_status st = app_activity_add(ac->s->a, ac->opp_id, &in, &out, e);
    if (st != BD_OK)
        *bad = ui_field_of_message(e->msg, names, A_COUNT);
    return st;
}

static void activity_form(opp_screen *s, ui_ctx *u)
{
    store_opp o;
    if (!selected_opp(s, u, &o))
        return;
    char next_help[200];
    snprintf(next_help, sizeof next_help, "YYYY-MM-DD; empty keeps the current one (%s)",
             or_dash(o.next_followup));
    ui_field f[A_COUNT] = {
        [A_KIND] = {.label = "Kind", .choices = activity_kinds, .nchoices = NKINDS},
        [A_DATE] = {.label = "Date", .help = "When it happened, YYYY-MM-DD"},
        [A_SUMMARY] = {.label = "Summary", .help = "What was said or done; Chinese is fine"},
        [A_NEXT] = {.label = "Next follow-up", .help = next_help},
    };
    bd_strlcpy(f[A_KIND].value, activity_kinds[0], sizeof f[A_KIND].value);
    app_today(f[A_DATE].value, sizeof f[A_DATE].value);
    char title[300];
    snprintf(title, sizeof title, "Log activity on #%lld %s", (long long)o.id, o.company);
    activity_ctx ac = {.s = s, .opp_id = o.id};
    if (!ui_form_run(u, title, f, A_COUNT, activity_submit, &ac))
        return;
    bd_err e = {0};
    if (app_opp_get(s->a, o.id, &o, &e) == BD_OK)
        show_opp(s, u, &o);
    ui_status(u, false, "Logged %s on #%lld", f[A_KIND].value, (long long)o.id);
}

/* ---- Details ------------------------------------------------------------------ */
typedef struct text_lines {
    char **v;
    int n, cap;
} text_lines;

static void tl_add(text_lines *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tl_add(text_lines *t, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->v = bd_xrealloc(t->v, (size_t)t->cap * sizeof *t->v);
    }
    t->v[t->n++] = bd_xstrdup(buf);
}

static void tl_free(text_lines *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

static void tl_line(void *ctx, const char *prefix, const char *s, int n)
{
    tl_add(ctx, "%s%.*s", prefix, n, s);
}

/* text after lead, wrapped to lines of at most `width` cells (ui_wrap). */
static void tl_wrapped(text_lines *t, const char *lead, const char *text, int width)
{
    ui_wrap(lead, text, width, tl_line, t);
}

static void details(opp_screen *s, ui_ctx *u)
{
    store_opp o;
    if (!selected_opp(s, u, &o))
        return;
    const policy *p = s->p;
    int width = COLS - 4; /* what the pager shows of a line */
    text_lines t = {0};
    char money[40], lead[200];
    const char *cur = p->currency;
#define LABEL(l) (snprintf(lead, sizeof lead, "%-16s", l), lead)
    tl_add(&t, "#%lld  %s", (long long)o.id, o.company);
    tl_add(&t, "%s", "");
    tl_add(&t, "%s%s", LABEL("Contact"), or_dash(o.contact_name));
    int k = policy_stage_index(p, o.stage);
    if (k >= 0)
        tl_add(&t, "%s%s (%d%%) since %s", LABEL("Stage"), p->stages[k].name,
               p->stages[k].probability, o.stage_since);
    else
        tl_add(&t, "%s%s since %s", LABEL("Stage"), o.stage, o.stage_since);
    int src = policy_source_index(p, o.source);
    tl_add(&t, "%s%s", LABEL("Source"), src >= 0 ? p->sources[src].name : or_dash(o.source));
    if (o.value >= 0)
        tl_add(&t, "%s%s %s", LABEL("Value"), bd_money_format(o.value, true, money, sizeof money),
               cur);
    else
        tl_add(&t, "%s-", LABEL("Value"));
    if (o.budget >= 0)
        tl_add(&t, "%s%s %s", LABEL("Budget"),
               bd_money_format(o.budget, true, money, sizeof money), cur);
    else
        tl_add(&t, "%s-", LABEL("Budget"));
    tl_add(&t, "%s%s", LABEL("Close date"), or_dash(o.close_date));
    tl_add(&t, "%s%s", LABEL("Next follow-up"), or_dash(o.next_followup));
    tl_add(&t, "%s%s", LABEL("Owner"), o.owner_login);
    tl_wrapped(&t, LABEL("Needs"), or_dash(o.needs), width - 16);
    if (o.lost_reason[0])
        tl_wrapped(&t, LABEL("Lost reason"), o.lost_reason, width - 16);
    if (o.flagged[0])
        tl_wrapped(&t, LABEL("Flagged"), o.flagged, width - 16);
    tl_add(&t, "%s%s", LABEL("Created"), o.created_at);
    tl_add(&t, "%s%s", LABEL("Updated"), o.updated_at);
    tl_add(&t, "%s", "");

    /* The customer: class, contacts, satisfaction, complaints and its other
     * opportunities, so this page is the customer's file. */
    app_customer_card *card = bd_xcalloc(1, sizeof *card);
    bd_err ce = {0};
    if (app_customer_card_get(s->a, o.customer_id, card, &ce) != BD_OK) {
        tl_add(&t, "The customer could not be read: %s", ce.msg);
    } else {
        const store_customer *c = &card->customer;
        int cl = policy_class_index(p, c->class_code);
        tl_add(&t, "Customer #%lld  %s", (long long)c->id, c->name);
        tl_add(&t, "%s%s", LABEL("Class"), cl >= 0 ? p->classes[cl].name : or_dash(c->class_code));
        tl_add(&t, "%s%s", LABEL("Last contact"), c->last_contact[0] ? c->last_contact : "never");
        if (card->satisfaction_count)
            tl_add(&t, "%s%lld.%02lld of 5 (%lld surveys)", LABEL("Satisfaction"),
                   (long long)(card->satisfaction_avg100 / 100),
                   (long long)(card->satisfaction_avg100 % 100),
                   (long long)card->satisfaction_count);
        for (int i = 0; i < card->ncontacts; i++) {
            const store_contact *ct = &card->contacts[i];
            tl_add(&t, "%s%s  %s  %s  %s", LABEL(i ? "" : "Contacts"), ct->name, or_dash(ct->title),
                   or_dash(ct->phone), or_dash(ct->email));
        }
        for (int i = 0; i < card->ncomplaints; i++) {
            const store_complaint *kp = &card->complaints[i];
            snprintf(lead, sizeof lead, "%-16s#%lld %s %-13s ", i ? "" : "Complaints",
                     (long long)kp->id, kp->opened_on, kp->state);
            tl_wrapped(&t, lead, kp->summary, width - bd_text_width(lead));
        }
        store_opp *others = bd_xcalloc(20, sizeof *others);
        int no = 0;
        store_opp_query q = {.customer_id = o.customer_id, .sort = STORE_OPP_BY_ID, .limit = 20};
        if (app_opp_page(s->a, &q, others, &no, &ce) == BD_OK) {
            for (int i = 0, shown = 0; i < no; i++) {
                if (others[i].id == o.id)
                    continue;
                int sk = policy_stage_index(p, others[i].stage);
                tl_add(&t, "%s#%lld %s, %s", LABEL(shown++ ? "" : "Opportunities"),
                       (long long)others[i].id, sk >= 0 ? p->stages[sk].name : others[i].stage,
                       others[i].value >= 0 ? bd_money_format(others[i].value, true, money, sizeof money)
                                            : "-");
            }
        }
        free(others);
    }
    free(card);
#undef LABEL
    tl_add(&t, "%s", "");

    store_activity *acts = bd_xcalloc(MAX_ACTIVITIES, sizeof *acts);
    int n = 0;
    bd_err e = {0};
    if (app_activity_list(s->a, o.id, acts, MAX_ACTIVITIES, &n, &e) != BD_OK) {
        tl_add(&t, "Activities could not be read: %s", e.msg);
    } else {
        if (n == MAX_ACTIVITIES)
            tl_add(&t, "The customer's latest %d activities (newest first)", n);
        else
            tl_add(&t, "The customer's activities (newest first)");
        if (n == 0)
            tl_add(&t, "  none yet (c logs one)");
        for (int i = 0; i < n; i++) {
            const store_activity *ac = &acts[i];
            char kind[64], who[64];
            bd_text_fit(kind, sizeof kind, ac->kind, 11, false);
            bd_text_fit(who, sizeof who, ac->actor_login, 12, false);
            snprintf(lead, sizeof lead, "  %s  %s %s ", ac->on_date, kind, who);
            tl_wrapped(&t, lead, ac->summary, width - bd_text_width(lead));
            const struct {
                const char *label, *text;
            } parts[] = {{"background: ", ac->background},
                         {"goals met: ", ac->goals_met},
                         {"disagreements: ", ac->disagreements},
                         {"lessons: ", ac->lessons}};
            for (size_t j = 0; j < sizeof parts / sizeof parts[0]; j++) {
                if (!parts[j].text[0])
                    continue;
                char sub[200];
                snprintf(sub, sizeof sub, "%*s%s", bd_text_width(lead), "", parts[j].label);
                tl_wrapped(&t, sub, parts[j].text, width - bd_text_width(sub));
            }
        }
    }
    free(acts);
    char title[300];
    snprintf(title, sizeof title, "Opportunity #%lld and its customer", (long long)o.id);
    ui_pager(u, title, (const char *const *)t.v, t.n);
    tl_free(&t);
}

/* ---- Sort and filter ------------------------------------------------------------ */

/* Show the list in its new order with the cursor on the same opportunity. */
static void relist_keep(opp_screen *s, ui_ctx *u)
{
    const ui_row *sel = ui_list_selected(s->list);
    if (sel) {
        char key[128];
        bd_strlcpy(key, sel->key, sizeof key);
        ui_list_goto(s->list, u, key);
    } else {
        ui_list_handle(s->list, u, UI_A_TOP);
    }
}

/* Whether an opportunity in stage k passes the stage filter. */
static bool stage_shown(const opp_screen *s, int k)
{
    return s->stage_filter < 0 || s->stage_filter == k ||
           (s->stage_filter == nstages(s) && !stage_closed(s, k));
}

/* The next stage filter; the cursor stays on the same opportunity when it
 * is still listed, else goes to the top. */
static void next_filter(opp_screen *s, ui_ctx *u)
{
    s->stage_filter = s->stage_filter >= nstages(s) ? -1 : s->stage_filter + 1;
    s->sums_dirty = true;
    const ui_row *sel = ui_list_selected(s->list);
    store_opp o;
    if (sel && app_opp_get(s->a, key_id(sel->key), &o, NULL) == BD_OK &&
        stage_shown(s, policy_stage_index(s->p, o.stage)))
        relist_keep(s, u);
    else
        ui_list_handle(s->list, u, UI_A_TOP);
    if (s->stage_filter < 0)
        ui_status(u, false, "Showing every stage");
    else if (s->stage_filter == nstages(s))
        ui_status(u, false, "Showing open opportunities only");
    else
        ui_status(u, false, "Showing stage %s", s->p->stages[s->stage_filter].name);
}

/* The owner, source and class filters, from a form: blank or "any" for
 * all.  The owner is a login; the others are choices from the policy. */
enum { FF_OWNER, FF_SOURCE, FF_CLASS, NFF };

static bd_status filters_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    opp_screen *s = ctx;
    int64_t owner = 0;
    if (*f[FF_OWNER].value && strcmp(f[FF_OWNER].value, "any") != 0) {
        bd_status st = app_user_id(s->a, f[FF_OWNER].value, &owner, e);
        if (st != BD_OK) {
            *bad = FF_OWNER;
            return st;
        }
    }
    s->owner_id = owner;
    bd_strlcpy(s->owner_login, owner ? f[FF_OWNER].value : "", sizeof s->owner_login);
    s->source_filter = -1;
    for (size_t i = 0; i < s->p->nsources; i++)
        if (strcmp(f[FF_SOURCE].value, s->p->sources[i].name) == 0)
            s->source_filter = (int)i;
    s->class_filter = -1;
    for (size_t i = 0; i < s->p->nclasses; i++)
        if (strcmp(f[FF_CLASS].value, s->p->classes[i].name) == 0)
            s->class_filter = (int)i;
    return BD_OK;
}

static void edit_filters(opp_screen *s, ui_ctx *u)
{
    size_t nsrc = s->p->nsources + 1, ncls = s->p->nclasses + 1;
    const char **src = bd_xcalloc(nsrc, sizeof *src), **cls = bd_xcalloc(ncls, sizeof *cls);
    src[0] = cls[0] = "any";
    for (size_t i = 0; i < s->p->nsources; i++)
        src[i + 1] = s->p->sources[i].name;
    for (size_t i = 0; i < s->p->nclasses; i++)
        cls[i + 1] = s->p->classes[i].name;
    ui_field f[NFF] = {
        [FF_OWNER] = {.label = "Owner", .help = "a login, or blank for every owner you may see"},
        [FF_SOURCE] = {.label = "Source", .choices = src, .nchoices = (int)nsrc},
        [FF_CLASS] = {.label = "Customer class", .choices = cls, .nchoices = (int)ncls},
    };
    bd_strlcpy(f[FF_OWNER].value, s->owner_login, sizeof f[FF_OWNER].value);
    bd_strlcpy(f[FF_SOURCE].value, src[s->source_filter + 1], sizeof f[FF_SOURCE].value);
    bd_strlcpy(f[FF_CLASS].value, cls[s->class_filter + 1], sizeof f[FF_CLASS].value);
    if (ui_form_run(u, "Filter opportunities", f, NFF, filters_submit, s)) {
        s->sums_dirty = true;
        ui_list_handle(s->list, u, UI_A_TOP);
        ui_status(u, false, "%s", s->owner_id || s->source_filter >= 0 || s->class_filter >= 0
                                      ? "Filtered" : "Showing every owner, source and class");
    }
    free(src);
    free(cls);
}

/* ---- The screen's ops --------------------------------------------------------- */
static void *opp_open(ui_ctx *u)
{
    opp_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    s->stage_filter = -1;
    s->source_filter = s->class_filter = -1;
    s->sums_dirty = true;
    size_t ns = s->p->nstages;
    s->closed = bd_xcalloc(ns + 1, sizeof *s->closed);
    s->stage_names = bd_xcalloc(ns + 1, sizeof *s->stage_names);
    for (size_t i = 0; i < ns; i++) {
        s->stage_names[i] = s->p->stages[i].name;
        if (s->p->stages[i].won || s->p->stages[i].lost)
            s->closed[s->nclosed++] = s->p->stages[i].code;
    }
    s->source_names = bd_xcalloc(s->p->nsources + 1, sizeof *s->source_names);
    s->source_names[s->nsource_names++] = "-";
    for (size_t i = 0; i < s->p->nsources; i++)
        s->source_names[s->nsource_names++] = s->p->sources[i].name;
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, opp_fetch, s);
    return s;
}

static void opp_close(void *st)
{
    opp_screen *s = st;
    ui_list_delete(&s->list);
    free(s->closed);
    free(s->stage_names);
    free(s->source_names);
    free(s);
}

static bool opp_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    opp_screen *s = st;
    (void)key;
    switch (a) {
    case UI_A_OPP_ADD: lead_form(s, u); return true;
    case UI_A_OPP_NEXT: move_next(s, u); return true;
    case UI_A_OPP_STAGE: move_any(s, u); return true;
    case UI_A_OPP_LOG: activity_form(s, u); return true;
    case UI_A_OPEN: details(s, u); return true;
    case UI_A_OPP_SORT:
        s->sort = (s->sort + 1) % NSORTS;
        s->desc = false;
        relist_keep(s, u);
        ui_status(u, false, "Sorted by %s", sorts[s->sort].label);
        return true;
    case UI_A_OPP_REVERSE:
        s->desc = !s->desc;
        relist_keep(s, u);
        ui_status(u, false, "Sorted by %s, %s", sorts[s->sort].label,
                  s->desc ? "descending" : "ascending");
        return true;
    case UI_A_OPP_FILTER: next_filter(s, u); return true;
    case UI_A_OPP_FILTERS: edit_filters(s, u); return true;
    default: return ui_list_handle(s->list, u, a);
    }
}

/* Someone changed the data: reload, keeping the cursor on the same
 * opportunity even when its sort key changed and it moved away from the
 * rows on screen. */
static void opp_reload(void *st, ui_ctx *u)
{
    opp_screen *s = st;
    s->sums_dirty = true;
    const ui_row *sel = ui_list_selected(s->list);
    char key[128] = "";
    if (sel)
        bd_strlcpy(key, sel->key, sizeof key);
    ui_list_reload(s->list, u);
    sel = ui_list_selected(s->list);
    if (!key[0] || (sel && strcmp(sel->key, key) == 0))
        return;
    store_opp o;
    if (app_opp_get(s->a, key_id(key), &o, NULL) != BD_OK)
        return; /* gone from this user's view: the cursor stays where it is */
    if (stage_shown(s, policy_stage_index(s->p, o.stage))) {
        cache_put(s, &o);
        ui_list_goto(s->list, u, key);
    }
}

bool ui_opportunities_select(void *st, ui_ctx *u, int64_t id)
{
    opp_screen *s = st;
    store_opp o;
    bd_err e = {0};
    if (app_opp_get(s->a, id, &o, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        return false;
    }
    if (!stage_shown(s, policy_stage_index(s->p, o.stage))) {
        s->stage_filter = -1;
        s->sums_dirty = true;
    }
    /* A search may hide it too; the person asked for this one. */
    if (ui_list_filter(s->list)[0])
        ui_list_set_filter(s->list, "");
    show_opp(s, u, &o);
    ui_status(u, false, "#%lld %s", (long long)o.id, o.company);
    return true;
}

const ui_screen_ops ui_screen_opportunities = {
    .title = "Opportunities",
    .perm = PERM_PIPELINE,
    .context = UI_CTX_PIPELINE,
    .open = opp_open,
    .close = opp_close,
    .draw = opp_draw,
    .handle = opp_handle,
    .reload = opp_reload,
    .hints = opp_hints,
    .nhints = (int)(sizeof opp_hints / sizeof opp_hints[0]),
};
