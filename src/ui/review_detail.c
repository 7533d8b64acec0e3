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
 * The keys of the REVIEW context act on the KPI under the cursor
 * (ui_review_handle; the actions themselves are in review_act.c).  Before
 * the rating form opens, the app is asked with a rating that no KPI takes:
 * it checks the KPI and the rater before the rating and writes nothing
 * when it refuses, so a KPI the actor may not rate (a computed one, one
 * their relation does not rate) is refused with the app's own reason, and
 * the form offers only the sources the app accepts (a supervisor also
 * rates for the customers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review_internal.h"

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

bool rv_open_state(const char *state)
{
    return strcmp(state, "self") == 0 || strcmp(state, "rating") == 0;
}

/* The actor's relation to the review: self, supervisor, peer, or
 * RATER_COUNT for none (a manager who only looks). */
policy_rater rv_relation(const ui_review *r)
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
const store_rating *rv_own_rating(const ui_review *r, const char *code, const char *source)
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
const char *rv_figure_text(const policy_kpi *k, int64_t f, char *buf, size_t n)
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

const char *rv_scale_text(const policy_kpi *k)
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
        if (rv_open_state(v->state))
            snprintf(buf, n, "not checked yet (the supervisor checks them: %s)", key);
        else
            snprintf(buf, n, "not checked (finalised with the figures of the day)");
        return;
    }
    snprintf(buf, n, "checked by %s at %s", v->figures_checked_by_login, v->figures_checked_at);
    bool first = true;
    for (int i = 0; rv_open_state(v->state) && i < d->nkpis; i++) {
        const app_review_kpi *k = &d->kpis[i];
        if (k->kpi->kind != RV_COMPUTED || !k->checked || k->live == k->figure)
            continue;
        char f[40];
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s %s", first ? "; now " : ", ", k->kpi->name,
                 rv_figure_text(k->kpi, k->live, f, sizeof f));
        first = false;
    }
}

/* What the state means for the actor, with the keys that move it on. */
static void state_line(const ui_review *r, char *buf, size_t n)
{
    const store_review *v = &r->d->review;
    policy_rater rel = rv_relation(r);
    char k1[16], k2[16];
    const char *st = ui_review_state_text(v->state);
    if (strcmp(v->state, "self") == 0 && rel == RATER_SELF) {
        ui_action_first_key(UI_A_REVIEW_RATE, k1, sizeof k1);
        ui_action_first_key(UI_A_REVIEW_SUBMIT, k2, sizeof k2);
        snprintf(buf, n, "%s: rate the KPIs marked ? (%s), then submit (%s)", st, k1, k2);
    } else if (rv_open_state(v->state) && rel == RATER_SUPERVISOR) {
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
    policy_rater rel = rv_relation(r);
    const char *state = r->d->review.state;
    if (k->kind == RV_COMPUTED || rel == RATER_COUNT || !(k->rated_by & (1u << rel)))
        return false;
    if (rel == RATER_SELF ? strcmp(state, "self") != 0 : !rv_open_state(state))
        return false;
    return !rv_own_rating(r, k->code, policy_rater_name(rel));
}

/* The "Yours" cell: the actor's rating, "?" when still to give. */
static void yours_text(const ui_review *r, const policy_kpi *k, char *buf, size_t n)
{
    policy_rater rel = rv_relation(r);
    buf[0] = '\0';
    if (k->kind == RV_COMPUTED || rel == RATER_COUNT)
        return;
    const store_rating *x = rv_own_rating(r, k->code, policy_rater_name(rel));
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
            rv_figure_text(k->kpi, k->figure, f, sizeof f);
        else
            snprintf(f, sizeof f, "rated %s", rv_scale_text(k->kpi));
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
                 rv_figure_text(k, k->target, a, sizeof a), k->cap, key);
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
    snprintf(buf, sizeof buf, "%s: rated %s; %s.  %s: every rating.", k->name, rv_scale_text(k),
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
                 rv_open_state(v->state) ? " (live until finalised)" : "",
                 d->grade[0] ? d->grade : "-",
                 d->bonus < 0 ? "-" : bd_money_format(d->bonus, true, s2, sizeof s2));
        ui_put(y + row++, x, buf, w, false);
    }
    if (row < h && rv_open_state(v->state)) {
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
            rv_figure_text(k->kpi, k->figure, fig, sizeof fig);
            char t[40];
            snprintf(src, sizeof src, "target %s", rv_figure_text(k->kpi, k->kpi->target, t, sizeof t));
        } else {
            snprintf(fig, sizeof fig, "rated %s", rv_scale_text(k->kpi));
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
    case UI_A_REVIEW_SOURCES: rv_show_sources(r, u); break;
    case UI_A_REVIEW_RATE: rv_rate(r, u); changes = true; break;
    case UI_A_REVIEW_SUBMIT: rv_submit_self(r, u); changes = true; break;
    case UI_A_REVIEW_PEERS: rv_name_peers(r, u); changes = true; break;
    case UI_A_REVIEW_CHECK: rv_check_figures(r, u); changes = true; break;
    case UI_A_REVIEW_INTERVIEW: rv_interview(r, u); changes = true; break;
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
    policy_rater rel = rv_relation(r);
    if (rel == RATER_SELF && strcmp(state, "self") == 0) {
        out[n++] = UI_A_REVIEW_RATE;
        out[n++] = UI_A_REVIEW_SUBMIT;
    } else if (rv_open_state(state) && rel != RATER_COUNT && rel != RATER_SELF) {
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
