/*
 * One review on screen (ui_review), shared by Reviews > My review, which
 * shows the actor's own in the view, and the review's details
 * (ui_review_detail), which show anyone's over Team, Calibration and the
 * Inbox: the header (employee, template, period, state and what the actor
 * does next, the live or kept score, grade and bonus, flags in words, who
 * has yet to rate), the KPIs with a cursor (weight, computed figure,
 * points, the actor's own rating, each source's points), whether the
 * supervisor has checked the computed figures (and what the records say
 * now where that differs) and the selected KPI's description and ratings.
 *
 * The keys of the REVIEW context act on the KPI under the cursor.  Before
 * the rating form opens, the app is asked with a rating that no KPI takes:
 * it checks the KPI and the rater before the rating and writes nothing
 * when it refuses, so a KPI the actor may not rate (a computed one, one
 * their relation does not rate) is refused with the app's own reason, and
 * the form offers only the sources the app accepts (a supervisor also
 * rates for the customers).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_internal.h"

struct ui_review {
    app *a;
    const policy *p;
    int64_t id;
    app_review_detail *d;
    bool ok;
    char error[1024];  /* why it could not be read */
    char notice[1024]; /* the last action's refusal, until the next key */
    int cur;           /* the KPI under the cursor */
    int top;           /* the first KPI row shown */
};

/* ---- Small helpers --------------------------------------------------------------- */

char *ui_score_bar(int64_t points, int max, char *buf, size_t n)
{
    int blocks = points < 0 ? 0 : (int)(points / (5 * RV_POINT));
    if (blocks > max)
        blocks = max;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < blocks && len + 4 <= n; i++) {
        memcpy(buf + len, "\xe2\x96\x88", 3); /* U+2588 FULL BLOCK */
        len += 3;
        buf[len] = '\0';
    }
    return buf;
}

int ui_put_wrapped(int y, int x, int h, int w, const char *text)
{
    int used = 0;
    const char *p = text;
    while (*p && used < h && w > 0) {
        size_t cut = ui_fit_bytes(p, w);
        if (p[cut]) { /* at the last space that fits, when there is one */
            size_t sp = cut;
            while (sp > 0 && p[sp] != ' ')
                sp--;
            if (sp > cut / 3)
                cut = sp;
        }
        if (cut == 0)
            cut = 1;
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)cut, p);
        if (used == h - 1 && p[cut]) { /* the last line says there is more */
            size_t k = ui_fit_bytes(line, w - 3);
            snprintf(line + k, sizeof line - k, "...");
        }
        ui_put(y + used, x, line, w, false);
        used++;
        p += cut;
        while (*p == ' ')
            p++;
    }
    return used;
}

int ui_review_period_pick(const store_review_period *p, int n, int64_t keep)
{
    for (int i = 0; keep && i < n; i++)
        if (p[i].id == keep)
            return i;
    for (int i = 0; i < n; i++)
        if (strcmp(p[i].state, "open") == 0)
            return i;
    return n ? 0 : -1;
}

const char *ui_review_state_text(const char *state)
{
    static const struct {
        const char *state, *text;
    } names[] = {
        {"self", "self evaluation"},   {"rating", "rating"},
        {"final", "finalised"},        {"published", "published"},
        {"interviewed", "interviewed"}, {"locked", "locked"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].state, state) == 0)
            return names[i].text;
    return state;
}

void ui_review_flag_words(unsigned flags, int streak, char *buf, size_t n)
{
    buf[0] = '\0';
    if (flags & REVIEW_FLAG_IMPROVEMENT)
        snprintf(buf, n, "improvement plan required (%d failing in a row)", streak);
    if (flags & REVIEW_FLAG_ESCALATION)
        snprintf(buf + strlen(buf), n - strlen(buf), "%sescalation", buf[0] ? ", " : "");
    if (flags & REVIEW_FLAG_PROMOTION)
        snprintf(buf + strlen(buf), n - strlen(buf), "%spromotion candidate",
                 buf[0] ? ", " : "");
}

static bool is_open_state(const char *state)
{
    return strcmp(state, "self") == 0 || strcmp(state, "rating") == 0;
}

/* The actor's relation to the review: self, supervisor, peer, or
 * RATER_COUNT for none (a manager who only looks). */
static policy_rater relation(const ui_review *r)
{
    const app_actor *ac = app_actor_get(r->a);
    int64_t me = ac ? ac->user.id : 0;
    const app_review_detail *d = r->d;
    if (me == d->review.employee_id)
        return RATER_SELF;
    if (me && me == d->review.supervisor_id)
        return RATER_SUPERVISOR;
    for (int i = 0; i < d->npeers; i++)
        if (d->peers[i] == me)
            return RATER_PEER;
    return RATER_COUNT;
}

/* The actor's own rating of KPI code as source; NULL for none. */
static const store_rating *own_rating(const ui_review *r, const char *code, const char *source)
{
    const app_actor *ac = app_actor_get(r->a);
    for (int i = 0; ac && i < r->d->nratings; i++) {
        const store_rating *x = &r->d->ratings[i];
        if (x->rater_id == ac->user.id && strcmp(x->kpi, code) == 0 &&
            strcmp(x->source, source) == 0)
            return x;
    }
    return NULL;
}

/* A computed figure (or target) as people read it: money, a count, a
 * percentage, an average, days. */
static const char *figure_text(const policy_kpi *k, int64_t f, char *buf, size_t n)
{
    char num[40];
    if (f < 0) {
        snprintf(buf, n, "-");
        return buf;
    }
    switch (k->source) {
    case KPI_SIGNED_AMOUNT:
    case KPI_PROFIT: return bd_money_format(f, true, buf, n);
    case KPI_GROWTH:
    case KPI_CONVERSION: snprintf(buf, n, "%s%%", rv_format(f, num, sizeof num)); return buf;
    case KPI_NEW_CUSTOMERS:
    case KPI_LEADS:
        if (f % RV_POINT == 0) {
            snprintf(buf, n, "%lld", (long long)(f / RV_POINT));
            return buf;
        }
        return rv_format(f, buf, n);
    case KPI_RESOLUTION_DAYS:
        snprintf(buf, n, "%s days", rv_format(f, num, sizeof num));
        return buf;
    default: return rv_format(f, buf, n);
    }
}

static const char *scale_text(const policy_kpi *k)
{
    return k->kind == RV_RATED_5 ? "1-5" : "0-100";
}

/* "supervisor 80.00, peer -, self 80.00": each source that rates k. */
static void sources_text(const app_review_kpi *k, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int s = 0; s < RATER_COUNT; s++) {
        if (!(k->kpi->rated_by & (1u << s)))
            continue;
        char pts[24] = "-";
        if (k->source_n[s]) { /* whole points without their ".00" */
            rv_format(k->source_points[s], pts, sizeof pts);
            char *dot = strstr(pts, ".00");
            if (dot && !dot[3])
                *dot = '\0';
        }
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%s %s", buf[0] ? ", " : "",
                 policy_rater_name((policy_rater)s), pts);
    }
}

/* ---- Reading ---------------------------------------------------------------------- */

ui_review *ui_review_new(app *a)
{
    ui_review *r = bd_xcalloc(1, sizeof *r);
    r->a = a;
    r->p = app_policy(a);
    r->d = bd_xcalloc(1, sizeof *r->d);
    return r;
}

void ui_review_delete(ui_review **r)
{
    if (!*r)
        return;
    free((*r)->d);
    free(*r);
    *r = NULL;
}

bool ui_review_load(ui_review *r, int64_t id)
{
    char code[33] = "";
    if (r->ok && r->id == id && r->cur < r->d->nkpis)
        bd_strlcpy(code, r->d->kpis[r->cur].kpi->code, sizeof code);
    if (r->id != id)
        r->cur = r->top = 0;
    r->id = id;
    bd_err e = {0};
    r->ok = app_review_get(r->a, id, r->d, &e) == BD_OK;
    bd_strlcpy(r->error, e.msg, sizeof r->error);
    if (!r->ok)
        return false;
    for (int i = 0; code[0] && i < r->d->nkpis; i++)
        if (strcmp(r->d->kpis[i].kpi->code, code) == 0)
            r->cur = i;
    if (r->cur >= r->d->nkpis)
        r->cur = r->d->nkpis ? r->d->nkpis - 1 : 0;
    return true;
}

/* ---- Drawing ---------------------------------------------------------------------- */

/* The figures line: "checked by chen.jing at 2026-11-24T09:00:00Z; now
 * Sales amount 120,000.00" (what the records say since, while it can
 * still be checked again), or "not checked yet". */
static void figures_state(const ui_review *r, char *buf, size_t n)
{
    const app_review_detail *d = r->d;
    const store_review *v = &d->review;
    if (!d->figures_checked) {
        char key[16];
        ui_action_first_key(UI_A_REVIEW_CHECK, key, sizeof key);
        if (is_open_state(v->state))
            snprintf(buf, n, "not checked yet (the supervisor checks them: %s)", key);
        else
            snprintf(buf, n, "not checked (finalised with the figures of the day)");
        return;
    }
    snprintf(buf, n, "checked by %s at %s", v->figures_checked_by_login, v->figures_checked_at);
    bool first = true;
    for (int i = 0; is_open_state(v->state) && i < d->nkpis; i++) {
        const app_review_kpi *k = &d->kpis[i];
        if (k->kpi->kind != RV_COMPUTED || !k->checked || k->live == k->figure)
            continue;
        char f[40];
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s %s", first ? "; now " : ", ", k->kpi->name,
                 figure_text(k->kpi, k->live, f, sizeof f));
        first = false;
    }
}

/* What the state means for the actor, with the keys that move it on. */
static void state_line(const ui_review *r, char *buf, size_t n)
{
    const store_review *v = &r->d->review;
    policy_rater rel = relation(r);
    char k1[16], k2[16];
    const char *st = ui_review_state_text(v->state);
    if (strcmp(v->state, "self") == 0 && rel == RATER_SELF) {
        ui_action_first_key(UI_A_REVIEW_RATE, k1, sizeof k1);
        ui_action_first_key(UI_A_REVIEW_SUBMIT, k2, sizeof k2);
        snprintf(buf, n, "%s: rate the KPIs marked ? (%s), then submit (%s)", st, k1, k2);
    } else if (is_open_state(v->state) && rel == RATER_SUPERVISOR) {
        char k3[16];
        ui_action_first_key(UI_A_REVIEW_RATE, k1, sizeof k1);
        ui_action_first_key(UI_A_REVIEW_PEERS, k2, sizeof k2);
        ui_action_first_key(UI_A_REVIEW_CHECK, k3, sizeof k3);
        if (r->d->figures_needed && !r->d->figures_checked)
            snprintf(buf, n, "%s: rate the KPIs marked ? (%s); name the peers (%s); check the "
                     "figures (%s)", st, k1, k2, k3);
        else
            snprintf(buf, n, "%s: rate the KPIs marked ? (%s); name the peers (%s)", st, k1, k2);
    } else if (strcmp(v->state, "rating") == 0 && rel == RATER_PEER) {
        ui_action_first_key(UI_A_REVIEW_RATE, k1, sizeof k1);
        snprintf(buf, n, "%s: rate the KPIs marked ? as a peer (%s)", st, k1);
    } else if (strcmp(v->state, "rating") == 0) {
        snprintf(buf, n, "%s by the supervisor, peers and customers", st);
    } else if (strcmp(v->state, "final") == 0) {
        snprintf(buf, n, "%s; the results are published by the manager", st);
    } else if (strcmp(v->state, "published") == 0 && rel == RATER_SUPERVISOR) {
        ui_action_first_key(UI_A_REVIEW_INTERVIEW, k1, sizeof k1);
        snprintf(buf, n, "%s: record the feedback interview (%s)", st, k1);
    } else {
        snprintf(buf, n, "%s", st);
    }
    if (v->revision > 1)
        snprintf(buf + strlen(buf), n - strlen(buf), " (revision %d)", v->revision);
}

/* Whether the actor still has to rate KPI k (marked ? on its row). */
static bool to_rate(const ui_review *r, const policy_kpi *k)
{
    policy_rater rel = relation(r);
    const char *state = r->d->review.state;
    if (k->kind == RV_COMPUTED || rel == RATER_COUNT || !(k->rated_by & (1u << rel)))
        return false;
    if (rel == RATER_SELF ? strcmp(state, "self") != 0 : !is_open_state(state))
        return false;
    return !own_rating(r, k->code, policy_rater_name(rel));
}

/* The "Yours" cell: the actor's rating, "?" when still to give. */
static void yours_text(const ui_review *r, const policy_kpi *k, char *buf, size_t n)
{
    policy_rater rel = relation(r);
    buf[0] = '\0';
    if (k->kind == RV_COMPUTED || rel == RATER_COUNT)
        return;
    const store_rating *x = own_rating(r, k->code, policy_rater_name(rel));
    if (x)
        snprintf(buf, n, "%d", x->rating);
    else if (to_rate(r, k))
        snprintf(buf, n, "?");
}

typedef struct layout {
    int name_w, figure_w, sources_w;
} layout;

enum { MARK_W = 2, WEIGHT_W = 6, POINTS_W = 6, YOURS_W = 5 };

static layout table_layout(const ui_review *r, int w)
{
    layout l;
    int name = 8, figure = bd_text_width("Figure");
    for (int i = 0; i < r->d->nkpis; i++) {
        const app_review_kpi *k = &r->d->kpis[i];
        int cw = bd_text_width(k->kpi->name);
        if (cw > name)
            name = cw;
        char f[40];
        if (k->kpi->kind == RV_COMPUTED)
            figure_text(k->kpi, k->figure, f, sizeof f);
        else
            snprintf(f, sizeof f, "rated %s", scale_text(k->kpi));
        if ((cw = bd_text_width(f)) > figure)
            figure = cw;
    }
    l.figure_w = figure;
    int fixed = MARK_W + 1 + WEIGHT_W + 1 + figure + 1 + POINTS_W + 1 + YOURS_W + 2;
    int most = w - fixed - 10; /* at least some of the sources */
    if (name > most)
        name = most;
    if (name < 8)
        name = 8;
    l.name_w = name;
    l.sources_w = w - fixed - name;
    return l;
}

static void table_row(char *out, size_t n, const layout *l, const char *mark, const char *name,
                      const char *weight, const char *figure, const char *points,
                      const char *yours, const char *sources)
{
    char c[6][600];
    snprintf(out, n, "%-2s%s %s %s %s %s  %s", mark, bd_text_fit(c[0], sizeof c[0], name, l->name_w, false),
             bd_text_fit(c[1], sizeof c[1], weight, WEIGHT_W, true),
             bd_text_fit(c[2], sizeof c[2], figure, l->figure_w, true),
             bd_text_fit(c[3], sizeof c[3], points, POINTS_W, true),
             bd_text_fit(c[4], sizeof c[4], yours, YOURS_W, true),
             l->sources_w > 0 ? bd_text_fit(c[5], sizeof c[5], sources, l->sources_w, false) : "");
}

/* The lines about the selected KPI, into lines (each a new string). */
static int selected_lines(const ui_review *r, char **lines, int max)
{
    const app_review_kpi *x = &r->d->kpis[r->cur];
    const policy_kpi *k = x->kpi;
    int n = 0;
    char buf[1200], a[40], key[16];
    ui_action_first_key(UI_A_REVIEW_SOURCES, key, sizeof key);
    if (k->kind == RV_COMPUTED) {
        snprintf(buf, sizeof buf, "%s: %s; %s is 100 points, at most %d.  %s: the records it "
                 "counts.", k->name, policy_kpi_source_help(k->source),
                 figure_text(k, k->target, a, sizeof a), k->cap, key);
        lines[n++] = bd_xstrdup(buf);
        return n;
    }
    bd_buf s = {0};
    for (int i = 0; i < RATER_COUNT; i++)
        if (k->rated_by & (1u << i))
            bd_buf_printf(&s, "%s%s %s (weight %d%%)", s.len ? ", " : "",
                          policy_rater_name((policy_rater)i),
                          x->source_n[i] ? rv_format(x->source_points[i], a, sizeof a) : "-",
                          r->p->rater_weights[i]);
    snprintf(buf, sizeof buf, "%s: rated %s; %s.  %s: every rating.", k->name, scale_text(k),
             bd_buf_str(&s), key);
    bd_buf_free(&s);
    lines[n++] = bd_xstrdup(buf);
    for (int i = 0; i < r->d->nratings && n < max; i++) {
        const store_rating *t = &r->d->ratings[i];
        if (strcmp(t->kpi, k->code) != 0)
            continue;
        snprintf(buf, sizeof buf, "  %-10s %-12s %3d  %s", t->source, t->rater_login, t->rating,
                 t->comment);
        lines[n++] = bd_xstrdup(buf);
    }
    return n;
}

int ui_review_draw(ui_review *r, int y, int x, int h, int w, attr_t bg)
{
    int row = 0;
    attron(bg);
    if (!r->ok) {
        attron(A_BOLD);
        row += ui_put_wrapped(y, x, h, w, r->error[0] ? r->error : "No review to show.");
        attroff(A_BOLD);
        attroff(bg);
        return row;
    }
    const app_review_detail *d = r->d;
    const store_review *v = &d->review;
    char buf[2048], s1[40], s2[40];
    if (r->notice[0] && row < h) {
        attron(A_BOLD);
        snprintf(buf, sizeof buf, "Refused: %s", r->notice);
        row += ui_put_wrapped(y + row, x, h - row < 3 ? h - row : 3, w, buf);
        attroff(A_BOLD);
    }
    if (row < h) {
        snprintf(buf, sizeof buf, "#%lld %s (%s), %s, %s; supervisor %s", (long long)v->id,
                 v->employee_name, v->employee_login, d->tpl ? d->tpl->name : v->template_code,
                 v->period, v->supervisor_login[0] ? v->supervisor_login : "none");
        attron(A_BOLD);
        ui_put(y + row++, x, buf, w, false);
        attroff(A_BOLD);
    }
    if (row < h) {
        char st[400];
        state_line(r, st, sizeof st);
        snprintf(buf, sizeof buf, "%-12s%s", "State", st);
        ui_put(y + row++, x, buf, w, false);
    }
    if (row < h) {
        snprintf(buf, sizeof buf, "%-12s%s%s   grade %s   bonus %s", "Score",
                 rv_format(d->score, s1, sizeof s1),
                 is_open_state(v->state) ? " (live until finalised)" : "",
                 d->grade[0] ? d->grade : "-",
                 d->bonus < 0 ? "-" : bd_money_format(d->bonus, true, s2, sizeof s2));
        ui_put(y + row++, x, buf, w, false);
    }
    if (row < h && is_open_state(v->state)) {
        snprintf(buf, sizeof buf, "%-12s%s", "Waiting for", d->missing[0] ? d->missing : "nobody");
        row += ui_put_wrapped(y + row, x, h - row < 2 ? h - row : 2, w, buf);
    }
    if (row < h && d->figures_needed) {
        char what[400];
        figures_state(r, what, sizeof what);
        snprintf(buf, sizeof buf, "%-12s%s", "Figures", what);
        row += ui_put_wrapped(y + row, x, h - row < 2 ? h - row : 2, w, buf);
    }
    if (row < h && v->grade_reason[0]) {
        snprintf(buf, sizeof buf, "%-12s%s", "Calibrated", v->grade_reason);
        row += ui_put_wrapped(y + row, x, h - row < 2 ? h - row : 2, w, buf);
    }
    if (row < h && d->flags) {
        char words[300];
        ui_review_flag_words(d->flags, d->streak, words, sizeof words);
        snprintf(buf, sizeof buf, "%-12s%s", "Flags", words);
        attron(A_BOLD);
        row += ui_put_wrapped(y + row, x, h - row < 2 ? h - row : 2, w, buf);
        attroff(A_BOLD);
    }
    if (row < h && v->interview[0]) {
        bd_strfmt(buf, sizeof buf, "%-12s%s%s%s", "Interview", v->interview,
                  v->goals[0] ? "  Goals: " : "", v->goals);
        row += ui_put_wrapped(y + row, x, h - row < 2 ? h - row : 2, w, buf);
    }
    row++; /* a blank line */
    if (row >= h || !d->nkpis) {
        attroff(bg);
        return row < h ? row : h;
    }
    /* The KPI table: as many rows as fit, the cursor's always. */
    layout l = table_layout(r, w);
    table_row(buf, sizeof buf, &l, "", "KPI", "Weight", "Figure", "Points", "Yours",
              "Sources");
    attron(A_UNDERLINE);
    ui_put(y + row++, x, buf, w, false);
    attroff(A_UNDERLINE);
    int vis = h - row;
    if (vis > d->nkpis)
        vis = d->nkpis;
    if (vis < 1)
        vis = 1;
    if (r->cur < r->top)
        r->top = r->cur;
    if (r->cur >= r->top + vis)
        r->top = r->cur - vis + 1;
    if (r->top > d->nkpis - vis)
        r->top = d->nkpis - vis;
    if (r->top < 0)
        r->top = 0;
    for (int i = r->top; i < r->top + vis && row < h; i++) {
        const app_review_kpi *k = &d->kpis[i];
        char weight[16], fig[40], pts[24], yours[16], src[300];
        snprintf(weight, sizeof weight, "%d%%", k->kpi->weight);
        if (k->kpi->kind == RV_COMPUTED) {
            figure_text(k->kpi, k->figure, fig, sizeof fig);
            char t[40];
            snprintf(src, sizeof src, "target %s", figure_text(k->kpi, k->kpi->target, t, sizeof t));
        } else {
            snprintf(fig, sizeof fig, "rated %s", scale_text(k->kpi));
            sources_text(k, src, sizeof src);
        }
        yours_text(r, k->kpi, yours, sizeof yours);
        rv_format(k->points, pts, sizeof pts);
        bool on = i == r->cur;
        table_row(buf, sizeof buf, &l, on ? ">" : "", k->kpi->name, weight, fig, pts, yours, src);
        attr_t at = on ? ui_attr(UI_COL_SELECTED) : A_NORMAL;
        if (on)
            attroff(bg);
        attron(at);
        ui_put(y + row++, x, buf, w, false);
        attroff(at);
        if (on)
            attron(bg);
    }
    /* The selected KPI, when there is room after a blank line. */
    if (row + 1 < h) {
        row++;
        char *lines[APP_REVIEW_MAX_RATINGS + 1];
        int n = selected_lines(r, lines, APP_REVIEW_MAX_RATINGS + 1);
        for (int i = 0; i < n; i++) {
            if (row < h)
                row += ui_put_wrapped(y + row, x, i == 0 ? (h - row < 2 ? h - row : 2) : 1, w,
                                      lines[i]);
            free(lines[i]);
        }
    }
    attroff(bg);
    return row < h ? row : h;
}

/* ---- The sources of a KPI, in the pager ------------------------------------------- */

typedef struct line_list {
    char **v;
    int n, cap;
} line_list;

static void lines_add(line_list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void lines_add(line_list *l, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = bd_xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = bd_xstrdup(buf);
}

static void lines_free(line_list *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int record_line(void *ctx, const char *kind, int64_t id, const char *what)
{
    line_list *l = ctx;
    char k[40];
    snprintf(k, sizeof k, "%s #%lld", kind, (long long)id);
    lines_add(l, "  %-16s %s", k, what);
    return 0;
}

static void show_sources(ui_review *r, ui_ctx *u)
{
    const app_review_detail *d = r->d;
    const app_review_kpi *x = &d->kpis[r->cur];
    const policy_kpi *k = x->kpi;
    line_list l = {0};
    char title[400], a[40], b[40], c[40];
    snprintf(title, sizeof title, "%s of %s, %s", k->name, d->review.employee_name,
             d->review.period);
    if (k->kind == RV_COMPUTED) {
        lines_add(&l, "%s: %s, %s to %s", k->name, policy_kpi_source_help(k->source), d->from,
                  d->to);
        lines_add(&l, "Figure %s against the target %s: %s points (at most %d)",
                  figure_text(k, x->figure, a, sizeof a), figure_text(k, k->target, b, sizeof b),
                  rv_format(x->points, c, sizeof c), k->cap);
        if (!is_open_state(d->review.state))
            lines_add(&l, "%s", "The figure was kept when the period was finalised; the records "
                                "below are as the data is today.");
        lines_add(&l, "%s", "");
        lines_add(&l, "%s", "The records it counts:");
        int before = l.n;
        bd_err e = {0};
        if (app_review_records(r->a, r->id, k->code, record_line, &l, &e) != BD_OK) {
            ui_status(u, true, "%s", e.msg);
            lines_free(&l);
            return;
        }
        if (l.n == before)
            lines_add(&l, "%s", "  none in the period");
    } else {
        lines_add(&l, "%s: %s points, rated %s", k->name, rv_format(x->points, a, sizeof a),
                  scale_text(k));
        lines_add(&l, "%s", "");
        lines_add(&l, "%-12s %-8s %8s %s", "Source", "Weight", "Points", "Ratings");
        for (int s = 0; s < RATER_COUNT; s++) {
            if (!(k->rated_by & (1u << s)))
                continue;
            char w[16];
            snprintf(w, sizeof w, "%d%%", r->p->rater_weights[s]);
            lines_add(&l, "%-12s %-8s %8s %d", policy_rater_name((policy_rater)s), w,
                      x->source_n[s] ? rv_format(x->source_points[s], a, sizeof a) : "-",
                      x->source_n[s]);
        }
        lines_add(&l, "%s", "");
        lines_add(&l, "%s", "Every rating:");
        int before = l.n;
        for (int i = 0; i < d->nratings; i++) {
            const store_rating *t = &d->ratings[i];
            if (strcmp(t->kpi, k->code) != 0)
                continue;
            lines_add(&l, "  %-10s %-12s %3d  %.10s  %s", t->source, t->rater_login, t->rating,
                      t->at, t->comment);
        }
        if (l.n == before)
            lines_add(&l, "%s", "  none yet");
    }
    ui_pager(u, title, (const char *const *)l.v, l.n);
    lines_free(&l);
}

/* ---- Rating ----------------------------------------------------------------------- */

enum { RF_KPI, RF_AS, RF_RATING, RF_COMMENT, RF_COUNT };
/* The fields as the app's messages name them ("rating: 6 is outside 1-5"). */
static const char *const rate_names[RF_COUNT] = {"kpi", "source", "rating", "comment"};

typedef struct rate_ctx {
    ui_review *r;
    ui_ctx *u;
    const policy_kpi *k;
    const char *sources[2]; /* the sources the app accepts from the actor */
    int nsources;
    bool rated;
    int rating;
    char source[16];
} rate_ctx;

/* Which sources the actor may rate k as: their own relation, and for a
 * supervisor the customers.  Asks the app with a rating no KPI takes
 * (see the top of the file); 0 with the app's reason in why when none. */
static int rate_sources(ui_review *r, const policy_kpi *k, const char **out, char *why, size_t n)
{
    policy_rater rel = relation(r);
    const char *cand[2];
    int ncand = 0, got = 0;
    cand[ncand++] = rel < RATER_COUNT ? policy_rater_name(rel) : NULL;
    if (rel == RATER_SUPERVISOR && (k->rated_by & (1u << RATER_CUSTOMER)))
        cand[ncand++] = policy_rater_name(RATER_CUSTOMER);
    why[0] = '\0';
    for (int i = 0; i < ncand; i++) {
        bd_err e = {0};
        bd_status st = app_review_rate(r->a, r->id, k->code, cand[i], -1, NULL, &e);
        if (st == BD_ERR_INVALID && ui_field_of_message(e.msg, &rate_names[RF_RATING], 1) == 0)
            out[got++] = cand[i];
        else if (!why[0])
            bd_strlcpy(why, st == BD_OK ? "the app took a rating of -1" : e.msg, n);
    }
    return got;
}

static void rate_change(void *ctx, ui_field *f, int n, int changed, char *footer, size_t size)
{
    (void)n;
    rate_ctx *rc = ctx;
    if (changed < 0 || changed == RF_AS) { /* the rating given before as that source */
        const store_rating *x = own_rating(rc->r, rc->k->code, f[RF_AS].value);
        if (x)
            snprintf(f[RF_RATING].value, sizeof f[RF_RATING].value, "%d", x->rating);
        else
            f[RF_RATING].value[0] = '\0';
        bd_strlcpy(f[RF_COMMENT].value, x ? x->comment : "", sizeof f[RF_COMMENT].value);
    }
    char *end;
    const char *typed = f[RF_RATING].value;
    long v = strtol(typed, &end, 10);
    int64_t pts = *typed && !*end && v >= INT_MIN && v <= INT_MAX
                      ? rv_rating_score(rc->k->kind, (int)v)
                      : -1;
    char p[24];
    if (!*typed)
        snprintf(footer, size, "A rating of %s%s", scale_text(rc->k),
                 rc->k->kind == RV_RATED_5 ? ": 1 is 20 points, 5 is 100" : " points");
    else if (pts < 0)
        snprintf(footer, size, "'%s' is not a rating of %s", typed, scale_text(rc->k));
    else
        snprintf(footer, size, "%ld is %s points", v, rv_format(pts, p, sizeof p));
}

static bd_status rate_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    rate_ctx *rc = ctx;
    const char *t = f[RF_RATING].value + strspn(f[RF_RATING].value, " ");
    char *end;
    long v = strtol(t, &end, 10);
    end += strspn(end, " ");
    if (!*t || *end || v < INT_MIN || v > INT_MAX) {
        *bad = RF_RATING;
        return bd_errf(e, BD_ERR_INVALID, "rating: '%s' is not a whole number of %s", t,
                       scale_text(rc->k));
    }
    bd_err err = {0};
    bd_status st = app_review_rate(rc->r->a, rc->r->id, rc->k->code, f[RF_AS].value, (int)v,
                                   f[RF_COMMENT].value, &err);
    if (st == BD_OK) {
        rc->rated = true;
        rc->rating = (int)v;
        bd_strlcpy(rc->source, f[RF_AS].value, sizeof rc->source);
    }
    st = ui_form_app_result(rc->u, st, &err, rate_names, RF_COUNT, bad, e);
    /* A refusal no field of the form can fix (the review moved on) closes it. */
    if (st != BD_OK && (*bad < 0 || f[*bad].readonly))
        return BD_OK;
    return st;
}

static void rate(ui_review *r, ui_ctx *u)
{
    const policy_kpi *k = r->d->kpis[r->cur].kpi;
    const store_review *v = &r->d->review;
    rate_ctx rc = {.r = r, .u = u, .k = k};
    char why[1024];
    rc.nsources = rate_sources(r, k, rc.sources, why, sizeof why);
    if (!rc.nsources) {
        ui_status(u, true, "%s", why);
        return;
    }
    if (!is_open_state(v->state)) {
        ui_status(u, true, "review #%lld is %s; ratings are closed", (long long)v->id, v->state);
        return;
    }
    if (relation(r) == RATER_SELF && strcmp(v->state, "self") != 0) {
        ui_status(u, true, "your self evaluation of review #%lld is submitted already",
                  (long long)v->id);
        return;
    }
    char help_rating[120], help_as[200];
    snprintf(help_rating, sizeof help_rating, "Required: %s%s", scale_text(k),
             k->kind == RV_RATED_5 ? " (5 is the best)" : " points");
    snprintf(help_as, sizeof help_as, "%s", rc.nsources > 1
                 ? "Left/Right or Space: as yourself, or for the customers (their feedback)"
                 : "The relation you rate as");
    ui_field f[RF_COUNT] = {
        [RF_KPI] = {.label = "KPI", .readonly = true},
        [RF_AS] = {.label = "As", .choices = rc.nsources > 1 ? rc.sources : NULL,
                   .nchoices = rc.nsources, .readonly = rc.nsources < 2, .help = help_as},
        [RF_RATING] = {.label = "Rating", .help = help_rating},
        [RF_COMMENT] = {.label = "Comment", .help = "Optional: why; the employee reads it"},
    };
    bd_strlcpy(f[RF_KPI].value, k->name, sizeof f[RF_KPI].value);
    bd_strlcpy(f[RF_AS].value, rc.sources[0], sizeof f[RF_AS].value);
    char title[400];
    if (relation(r) == RATER_SELF)
        snprintf(title, sizeof title, "Rate your %s (review #%lld, %s)", k->name,
                 (long long)v->id, v->period);
    else
        snprintf(title, sizeof title, "Rate %s of %s (review #%lld, %s)", k->name,
                 v->employee_name, (long long)v->id, v->period);
    bool saved = ui_form_run_live(u, title, f, RF_COUNT, rate_submit, rate_change, &rc);
    if (!saved)
        ui_status(u, false, "Left %s as it was", k->name);
    else if (rc.rated) {
        char *name = ui_name_cell(k->name, 16); /* the status line is short */
        ui_status(u, false, "Rated %s %d (of %s) as %s", name, rc.rating, scale_text(k),
                  rc.source);
        free(name);
    }
}

/* ---- The self evaluation, peers, the interview -------------------------------------- */

static void submit_self(ui_review *r, ui_ctx *u)
{
    const store_review *v = &r->d->review;
    if (relation(r) != RATER_SELF) {
        ui_status(u, true, "only %s submits their self evaluation", v->employee_login);
        return;
    }
    if (strcmp(v->state, "self") != 0) {
        ui_status(u, true, "review #%lld is %s; the self evaluation is submitted already",
                  (long long)v->id, ui_review_state_text(v->state));
        return;
    }
    char q[300];
    snprintf(q, sizeof q, "Submit your self evaluation of %s? It cannot be changed after.",
             v->period);
    if (!ui_confirm(u, q)) {
        ui_status(u, false, "Your self evaluation is not submitted yet");
        return;
    }
    bd_err e = {0};
    if (app_review_submit_self(r->a, v->id, &e) != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        ui_status(u, false, "Self evaluation of %s submitted: %s rates next", v->period,
                  v->supervisor_login[0] ? v->supervisor_login : "your supervisor");
}

typedef struct app_form_ctx {
    ui_review *r;
    ui_ctx *u;
    bool done;
    int count;
} app_form_ctx;

static bd_status peers_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[] = {"peer"};
    app_form_ctx *fc = ctx;
    char copy[sizeof f[0].value];
    bd_strlcpy(copy, f[0].value, sizeof copy);
    const char *logins[APP_REVIEW_MAX_PEERS + 1];
    int k = 0;
    for (char *save = NULL, *t = strtok_r(copy, " ,;", &save); t;
         t = strtok_r(NULL, " ,;", &save))
        if (k < APP_REVIEW_MAX_PEERS + 1)
            logins[k++] = t;
    bd_err err = {0};
    bd_status st = app_review_peers(fc->r->a, fc->r->id, logins, k, &err);
    fc->done = st == BD_OK;
    fc->count = k;
    return ui_form_app_result(fc->u, st, &err, names, 1, bad, e);
}

static void name_peers(ui_review *r, ui_ctx *u)
{
    const app_review_detail *d = r->d;
    const store_review *v = &d->review;
    if (relation(r) != RATER_SUPERVISOR && !app_can(r->a, PERM_REVIEWS_MANAGE)) {
        ui_status(u, true, "the supervisor %s names %s's peers",
                  v->supervisor_login[0] ? v->supervisor_login : "(none)", v->employee_login);
        return;
    }
    /* The peers named so far: those who rated, and those still missing. */
    bd_buf named = {0};
    for (int i = 0; i < d->nratings; i++)
        if (strcmp(d->ratings[i].source, "peer") == 0 &&
            !strstr(bd_buf_str(&named), d->ratings[i].rater_login))
            bd_buf_printf(&named, "%s%s", named.len ? ", " : "", d->ratings[i].rater_login);
    for (const char *m = strstr(d->missing, "peer "); m; m = strstr(m + 5, "peer ")) {
        char login[40];
        if (sscanf(m + 5, "%39[^, ]", login) == 1)
            bd_buf_printf(&named, "%s%s", named.len ? ", " : "", login);
    }
    char help[400], title[400];
    snprintf(help, sizeof help, "Logins separated by spaces%s%s%s", named.len ? " (named: " : "",
             bd_buf_str(&named), named.len ? ")" : "");
    bd_buf_free(&named);
    snprintf(title, sizeof title, "Peers of %s (review #%lld, %s)", v->employee_name,
             (long long)v->id, v->period);
    ui_field f = {.label = "Peers", .help = help};
    app_form_ctx fc = {.r = r, .u = u};
    if (!ui_form_run(u, title, &f, 1, peers_submit, &fc))
        ui_status(u, false, "No peers named");
    else if (fc.done)
        ui_status(u, false, "Named %d peer%s of %s: %s", fc.count, fc.count == 1 ? "" : "s",
                  v->employee_name, f.value);
}

static bd_status interview_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    static const char *const names[] = {"notes", "goals"};
    app_form_ctx *fc = ctx;
    bd_err err = {0};
    bd_status st = app_review_interview(fc->r->a, fc->r->id, f[0].value, f[1].value, &err);
    fc->done = st == BD_OK;
    return ui_form_app_result(fc->u, st, &err, names, 2, bad, e);
}

static void interview(ui_review *r, ui_ctx *u)
{
    const store_review *v = &r->d->review;
    ui_field f[2] = {
        {.label = "Notes", .help = "Required: what was said in the feedback interview"},
        {.label = "Goals", .help = "The goals agreed for the next period"},
    };
    bd_strlcpy(f[0].value, v->interview, sizeof f[0].value);
    bd_strlcpy(f[1].value, v->goals, sizeof f[1].value);
    char title[400];
    snprintf(title, sizeof title, "Interview with %s (review #%lld, %s)", v->employee_name,
             (long long)v->id, v->period);
    app_form_ctx fc = {.r = r, .u = u};
    if (!ui_form_run(u, title, f, 2, interview_submit, &fc))
        ui_status(u, false, "No interview recorded");
    else if (fc.done)
        ui_status(u, false, "Recorded the interview with %s (review #%lld)", v->employee_name,
                  (long long)v->id);
}

/* ---- Checking the figures ----------------------------------------------------------- */

static void check_figures(ui_review *r, ui_ctx *u)
{
    const app_review_detail *d = r->d;
    const store_review *v = &d->review;
    if (relation(r) != RATER_SUPERVISOR && !app_can(r->a, PERM_REVIEWS_MANAGE)) {
        ui_status(u, true, "the supervisor %s checks %s's figures",
                  v->supervisor_login[0] ? v->supervisor_login : "(none)", v->employee_login);
        return;
    }
    if (!is_open_state(v->state)) {
        ui_status(u, true, "review #%lld is %s; its figures are checked before the period is "
                  "finalised", (long long)v->id, ui_review_state_text(v->state));
        return;
    }
    if (!d->figures_needed) {
        ui_status(u, true, "review #%lld has no computed figure to check", (long long)v->id);
        return;
    }
    /* The question shows the figures the check keeps: the records' now. */
    char *lines[APP_REVIEW_MAX_KPIS + 2];
    int n = 0;
    char buf[600], f[40];
    snprintf(buf, sizeof buf, "Check the figures of %s, %s? The score keeps these:",
             v->employee_name, v->period);
    lines[n++] = bd_xstrdup(buf);
    for (int i = 0; i < d->nkpis; i++) {
        const app_review_kpi *k = &d->kpis[i];
        if (k->kpi->kind != RV_COMPUTED)
            continue;
        char name[200];
        bd_text_fit(name, sizeof name, k->kpi->name, 24, false);
        snprintf(buf, sizeof buf, "  %s  %s%s", name, figure_text(k->kpi, k->live, f, sizeof f),
                 k->checked && k->live != k->figure ? "  (was checked " : "");
        if (k->checked && k->live != k->figure) {
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, "%s)", figure_text(k->kpi, k->figure, f,
                                                                  sizeof f));
        }
        lines[n++] = bd_xstrdup(buf);
    }
    bool yes = ui_confirm_lines(u, (const char *const *)lines, n);
    for (int i = 0; i < n; i++)
        free(lines[i]);
    if (!yes) {
        ui_status(u, false, "The figures of %s are %s", v->employee_name,
                  d->figures_checked ? "as checked before" : "not checked yet");
        return;
    }
    bd_err e = {0};
    if (app_review_check_figures(r->a, v->id, v->version, &e) != BD_OK)
        ui_status(u, true, "%s", e.msg);
    else
        ui_status(u, false, "Checked the figures of %s (review #%lld)", v->employee_name,
                  (long long)v->id);
}

/* ---- Keys ------------------------------------------------------------------------- */

bool ui_review_handle(ui_review *r, ui_ctx *u, ui_action a)
{
    r->notice[0] = '\0';
    bool changes = false;
    switch (a) {
    case UI_A_UP:
    case UI_A_DOWN:
    case UI_A_TOP:
    case UI_A_BOTTOM:
    case UI_A_PAGE_UP:
    case UI_A_PAGE_DOWN:
        if (!r->ok)
            return true;
        r->cur += a == UI_A_UP ? -1 : a == UI_A_DOWN ? 1 : a == UI_A_TOP || a == UI_A_PAGE_UP
                                                             ? -r->d->nkpis
                                                             : r->d->nkpis;
        if (r->cur >= r->d->nkpis)
            r->cur = r->d->nkpis - 1;
        if (r->cur < 0)
            r->cur = 0;
        return true;
    case UI_A_REVIEW_SOURCES:
    case UI_A_REVIEW_RATE:
    case UI_A_REVIEW_SUBMIT:
    case UI_A_REVIEW_PEERS:
    case UI_A_REVIEW_CHECK:
    case UI_A_REVIEW_INTERVIEW: break;
    default: return false;
    }
    if (!r->ok || !r->d->nkpis) {
        ui_status(u, true, "%s", r->ok ? "this review has no KPI" : r->error);
        return true;
    }
    switch (a) {
    case UI_A_REVIEW_SOURCES: show_sources(r, u); break;
    case UI_A_REVIEW_RATE: rate(r, u); changes = true; break;
    case UI_A_REVIEW_SUBMIT: submit_self(r, u); changes = true; break;
    case UI_A_REVIEW_PEERS: name_peers(r, u); changes = true; break;
    case UI_A_REVIEW_CHECK: check_figures(r, u); changes = true; break;
    case UI_A_REVIEW_INTERVIEW: interview(r, u); changes = true; break;
    default: break;
    }
    if (changes)
        ui_review_load(r, r->id);
    bool error = false;
    const char *msg = ui_status_text(u, &error);
    if (error)
        bd_strlcpy(r->notice, msg, sizeof r->notice);
    return true;
}

/* The actions that work for the actor now, for the hint line. */
static int review_hints(const ui_review *r, ui_action *out, int max)
{
    int n = 0;
    if (!r->ok || max < 4)
        return 0;
    const char *state = r->d->review.state;
    policy_rater rel = relation(r);
    if (rel == RATER_SELF && strcmp(state, "self") == 0) {
        out[n++] = UI_A_REVIEW_RATE;
        out[n++] = UI_A_REVIEW_SUBMIT;
    } else if (is_open_state(state) && rel != RATER_COUNT && rel != RATER_SELF) {
        out[n++] = UI_A_REVIEW_RATE;
        if (rel == RATER_SUPERVISOR)
            out[n++] = UI_A_REVIEW_PEERS;
        if (rel == RATER_SUPERVISOR && r->d->figures_needed)
            out[n++] = UI_A_REVIEW_CHECK;
    } else if (strcmp(state, "published") == 0 &&
               (rel == RATER_SUPERVISOR || app_can(r->a, PERM_REVIEWS_MANAGE))) {
        out[n++] = UI_A_REVIEW_INTERVIEW;
    }
    out[n++] = UI_A_REVIEW_SOURCES;
    return n;
}

/* ---- The details over another view -------------------------------------------------- */

static void detail_draw(void *st, ui_ctx *u)
{
    ui_review *r = st;
    (void)u;
    int h = LINES - 3;
    char title[400];
    if (r->ok)
        snprintf(title, sizeof title, "Review #%lld: %s, %s", (long long)r->id,
                 r->d->review.employee_name, r->d->review.period);
    else
        snprintf(title, sizeof title, "Review #%lld", (long long)r->id);
    ui_box(1, 0, h, COLS, title);
    ui_review_draw(r, 2, 2, h - 2, COLS - 4, ui_attr(UI_COL_DIALOG));
}

void ui_review_detail(ui_ctx *u, int64_t id)
{
    app *a = ui_app(u);
    ui_review *r = ui_review_new(a);
    ui_review_load(r, id);
    int64_t seen = 0;
    app_data_version(a, &seen, NULL);
    int refresh_ms = app_policy(a)->refresh_ms > 0 ? app_policy(a)->refresh_ms : 1000;
    ui_action hints[12];
    ui_set_overlay(u, detail_draw, r);
    for (;;) {
        int n = review_hints(r, hints, 8);
        hints[n++] = UI_A_HELP;
        hints[n++] = UI_A_PAGER_CLOSE;
        ui_set_hints(u, hints, n);
        ui_draw_base(u);
        refresh();
        ui_key k = ui_getkey(u, refresh_ms);
        if (k == UI_KEY_TIMEOUT) {
            int64_t v;
            if (app_data_version(a, &v, NULL) == BD_OK && v != seen) {
                seen = v;
                ui_review_load(r, id);
            }
            continue;
        }
        if (k == UI_KEY_RESIZE)
            continue;
        ui_status(u, false, "%s", "");
        ui_context ctxs[] = {UI_CTX_REVIEW, UI_CTX_LIST, UI_CTX_PAGER, UI_CTX_GLOBAL};
        ui_action act = ui_keys_lookup(k, ctxs, 4);
        if (act == UI_A_PAGER_CLOSE || act == UI_A_QUIT)
            break;
        if (act == UI_A_HELP) {
            ui_context help[] = {UI_CTX_REVIEW, UI_CTX_PAGER};
            ui_help(u, help, 2);
            continue;
        }
        if (!ui_review_handle(r, u, act)) {
            r->notice[0] = '\0';
            ui_status(u, false, "That key does nothing here; q closes, ? shows the keys");
        }
        app_data_version(a, &seen, NULL);
    }
    ui_set_overlay(u, NULL, NULL);
    ui_set_hints(u, NULL, 0);
    ui_review_delete(&r);
}
