/*
 * Reports: every report of the registry (app/reports.c, what `bizdesk
 * report list` lists) with its title, the parameters it runs with and its
 * output.  The reports the user's role may not run stay in the list,
 * dimmed, with the permission they need in place of the parameters (the
 * text says it, not only the dimming), so a user knows what to ask for;
 * Enter, p or w on one says why on the status line.
 *
 * Enter opens a form of the selected report's parameters (a period, this
 * month by default, or from and to; days ahead; a year; a review period,
 * chosen from those the user may list), its format (txt, csv, html), the
 * page width and length of txt.  Saving checks them with the app
 * (app_report_check): a refusal stays in the form on the field it names.
 * The parameters are kept per report while bizdesk runs.
 *
 * p previews the report as printed text: the app writes it into a
 * temporary file (mkstemp under $TMPDIR, else /tmp; unlinked at once, so
 * nothing is left behind even if bizdesk is killed) and the pager shows
 * it, with a line in place of each form feed, where the printer starts a
 * new page.  w asks for the path (a default name in the current folder:
 * pipeline-2026-11.txt), asks before replacing an existing file (then the
 * app replaces it: force), and writes through the app (app_report_file:
 * a temporary file renamed into place); the status line shows the path
 * written, or the app's refusal.
 *
 * Everything runs through the same app functions as `bizdesk report`; the
 * UI never calls the command line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "ui_internal.h"

enum { C_NAME, C_TITLE, C_PARAMS, C_OUTPUT, NCOLS };
enum { MAX_REPORTS = 64, MAX_PERIODS = 200, PREVIEW_MAX_LINES = 200000 };

/* What a report runs with, as the form holds it. */
typedef struct rep_params {
    char period[16], from[16], to[16], days[16], year[16], lines[16];
    int64_t review;   /* a review period's id; 0: the app's default */
    rpt_format format;
    int width;
} rep_params;

typedef struct rep_row {
    const app_report_info *info;
    char key[8];
    bool allowed;
    char missing[96];  /* "needs audit.read" */
    char reason[256];  /* the app's refusal */
    rep_params p;
    char written[512]; /* the path last written, "" none */
} rep_row;

typedef struct reports_screen {
    app *a;
    rep_row rows[MAX_REPORTS];
    int n, nallowed;
    char month[8];     /* this month, the default period */
    ui_list *list;
    ui_column cols[NCOLS];
    int width;         /* the area width the columns were laid out for */
    /* The review periods the user may list, newest first, for the form. */
    store_review_period periods[MAX_PERIODS];
    int nperiods;
    char period_text[MAX_PERIODS][96];
    const char *period_choices[MAX_PERIODS];
} reports_screen;

static const ui_action reports_hints[] = {UI_A_HELP,         UI_A_REPORT_PARAMS,
                                          UI_A_REPORT_PREVIEW, UI_A_REPORT_WRITE,
                                          UI_A_NEXT_TAB,     UI_A_QUIT};

/* ---- Permissions ----------------------------------------------------------------- */

static bool report_allowed(app *a, const app_report_info *r)
{
    return app_can(a, r->perm) && (r->perm2 == PERM_COUNT || app_can(a, r->perm2));
}

/* A user may open the tab when they may run one report at least. */
static bool reports_may_open(app *a)
{
    for (int i = 0; app_report_at(i); i++)
        if (report_allowed(a, app_report_at(i)))
            return true;
    return false;
}

/* ---- Parameters ------------------------------------------------------------------ */

static void read_periods(reports_screen *s)
{
    bd_err e = {0};
    s->nperiods = 0;
    if (app_review_periods(s->a, s->periods, MAX_PERIODS, &s->nperiods, &e) != BD_OK)
        s->nperiods = 0;
    for (int i = 0; i < s->nperiods; i++) {
        const store_review_period *p = &s->periods[i];
        char text[sizeof s->period_text[i]];
        snprintf(text, sizeof text, "#%lld %s %s (%s)", (long long)p->id, p->department,
                 p->period, p->state);
        memcpy(s->period_text[i], text, sizeof text);
        s->period_choices[i] = s->period_text[i];
    }
}

/* The review period a report runs with: its own choice, else the newest of
 * the user's department (as the app decides); NULL when there is none. */
static const store_review_period *review_of(const reports_screen *s, const rep_row *r)
{
    const app_actor *ac = app_actor_get(s->a);
    for (int i = 0; i < s->nperiods; i++)
        if (r->p.review ? s->periods[i].id == r->p.review
                        : ac && strcmp(s->periods[i].department, ac->user.department) == 0)
            return &s->periods[i];
    return NULL;
}

/* The app's parameters of r (pointing into r); only those the report
 * takes, since the app refuses the others. */
static void to_app(const rep_row *r, app_report_params *p)
{
    unsigned takes = r->info->params;
    memset(p, 0, sizeof *p);
    p->days = -1;
    if (takes & APP_REPORT_PERIOD) {
        p->period = r->p.period[0] ? r->p.period : NULL;
        p->from = r->p.from[0] ? r->p.from : NULL;
        p->to = r->p.to[0] ? r->p.to : NULL;
    }
    if (takes & APP_REPORT_DAYS)
        p->days = atoi(r->p.days);
    if (takes & APP_REPORT_YEAR)
        p->year = r->p.year[0] ? r->p.year : NULL;
    if (takes & APP_REPORT_REVIEW)
        p->review_period = r->p.review;
    p->format = r->p.format;
    p->width = r->p.width;
    p->lines = atoi(r->p.lines);
}

/* What the report runs with, for the list and the panel. */
static void params_text(const reports_screen *s, const rep_row *r, char *buf, size_t n)
{
    unsigned takes = r->info->params;
    if (takes & APP_REPORT_PERIOD) {
        if (r->p.from[0] || r->p.to[0])
            snprintf(buf, n, "%s to %s", r->p.from, r->p.to);
        else
            snprintf(buf, n, "period %s", r->p.period);
    } else if (takes & APP_REPORT_DAYS) {
        snprintf(buf, n, "next %s days", r->p.days);
    } else if (takes & APP_REPORT_YEAR) {
        snprintf(buf, n, "year %s", r->p.year);
    } else if (takes & APP_REPORT_REVIEW) {
        const store_review_period *p = review_of(s, r);
        if (p)
            snprintf(buf, n, "review #%lld %s %s", (long long)p->id, p->department, p->period);
        else
            snprintf(buf, n, "no review period yet");
    } else {
        snprintf(buf, n, "as of today");
    }
}

static void output_text(const rep_row *r, char *buf, size_t n)
{
    if (r->p.format == RPT_TXT)
        snprintf(buf, n, "txt %d", r->p.width ? r->p.width : RPT_WIDTH_NARROW);
    else
        snprintf(buf, n, "%s", rpt_format_name(r->p.format));
}

/* A file name from s, with what a file name should not hold replaced. */
static void name_part(char *out, size_t n, const char *s)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++)
        out[k++] = (*s == '/' || *s == ' ' || *s == '\\' || *s == ':') ? '-' : *s;
    out[k] = '\0';
}

/* The default file name: the report's name, what it covers, the format's
 * extension ("pipeline-2026-11.txt", "sales-2026-Q4.csv",
 * "ranking-sales-2026-11.txt"); a report as of today has this month. */
static void default_name(const reports_screen *s, const rep_row *r, char *buf, size_t n)
{
    unsigned takes = r->info->params;
    char what[96], safe[96];
    if ((takes & APP_REPORT_PERIOD) && (r->p.from[0] || r->p.to[0]))
        snprintf(what, sizeof what, "%s_%s", r->p.from, r->p.to);
    else if (takes & APP_REPORT_PERIOD)
        snprintf(what, sizeof what, "%s", r->p.period);
    else if (takes & APP_REPORT_YEAR)
        snprintf(what, sizeof what, "%s", r->p.year);
    else if ((takes & APP_REPORT_REVIEW) && review_of(s, r))
        snprintf(what, sizeof what, "%s-%s", review_of(s, r)->department,
                 review_of(s, r)->period);
    else
        snprintf(what, sizeof what, "%s", s->month);
    name_part(safe, sizeof safe, what);
    snprintf(buf, n, "%s-%s.%s", r->info->name, safe, rpt_format_name(r->p.format));
}

/* The defaults: this month, 90 days, this year, the newest review period,
 * txt of 80 columns and 66 lines. */
static void default_params(reports_screen *s, rep_params *p)
{
    char today[11];
    app_today(today, sizeof today);
    memset(p, 0, sizeof *p);
    snprintf(s->month, sizeof s->month, "%.7s", today);
    snprintf(p->period, sizeof p->period, "%.7s", today);
    snprintf(p->days, sizeof p->days, "90");
    snprintf(p->year, sizeof p->year, "%.4s", today);
    snprintf(p->lines, sizeof p->lines, "%d", RPT_LINES_DEFAULT);
    p->format = RPT_TXT;
    p->width = RPT_WIDTH_NARROW;
}

/* ---- The list's source ------------------------------------------------------------ */

static const char *row_key(void *src, int i)
{
    return ((reports_screen *)src)->rows[i].key;
}

static bool row_matches(void *src, int i, const char *filter)
{
    const rep_row *r = &((reports_screen *)src)->rows[i];
    return ui_text_contains(r->info->name, filter) || ui_text_contains(r->info->title, filter);
}

static bd_status reports_fetch(void *src, ui_fetch how, const char *key, const char *filter,
                               int max, ui_row *out, int *n, bd_err *e)
{
    reports_screen *s = src;
    (void)e;
    int *idx = bd_xcalloc((size_t)max, sizeof *idx);
    *n = ui_list_pick(s, s->n, row_key, row_matches, how, key, filter, max, idx);
    for (int i = 0; i < *n; i++) {
        const rep_row *r = &s->rows[idx[i]];
        char params[128], output[32];
        params_text(s, r, params, sizeof params);
        output_text(r, output, sizeof output);
        bd_strlcpy(out[i].key, r->key, sizeof out[i].key);
        out[i].cells[C_NAME] = bd_xstrdup(r->info->name);
        out[i].cells[C_TITLE] = bd_xstrdup(r->info->title);
        out[i].cells[C_PARAMS] = bd_xstrdup(r->allowed ? params : r->missing);
        out[i].cells[C_OUTPUT] = bd_xstrdup(r->allowed ? output : "-");
        out[i].dim = !r->allowed;
    }
    free(idx);
    return BD_OK;
}

/* The selected report; NULL when the filter hides them all. */
static rep_row *selected(reports_screen *s)
{
    const ui_row *sel = ui_list_selected(s->list);
    for (int i = 0; sel && i < s->n; i++)
        if (strcmp(s->rows[i].key, sel->key) == 0)
            return &s->rows[i];
    return NULL;
}

/* ---- Drawing ------------------------------------------------------------------------- */

/* The name as wide as the longest, the output as "txt 132"; the
 * parameters from 20 to 32 cells, leaving the title 32 where it can. */
static void layout(reports_screen *s, int w)
{
    int name = 6;
    for (int i = 0; i < s->n; i++)
        if (bd_text_width(s->rows[i].info->name) > name)
            name = bd_text_width(s->rows[i].info->name);
    int output = 7;
    int params = w - (1 + name + 1 + output + 1) - 32 - 1;
    if (params > 32)
        params = 32;
    if (params < 20)
        params = 20;
    static const char *const titles[NCOLS] = {"Report", "Title", "Parameters", "Output"};
    const int widths[NCOLS] = {[C_NAME] = name, [C_TITLE] = 0, [C_PARAMS] = params,
                               [C_OUTPUT] = output};
    for (int c = 0; c < NCOLS; c++)
        s->cols[c] = (ui_column){.title = titles[c], .width = widths[c], .right = false};
    s->width = w;
}

static void reports_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    reports_screen *s = st;
    if (w != s->width)
        layout(s, w);
    const char *f = ui_list_filter(s->list);
    char title[300];
    snprintf(title, sizeof title, "Reports  %d you may run, of %d%s%s%s", s->nallowed, s->n,
             f[0] ? "  [search: " : "", f, f[0] ? "]" : "");
    ui_title(u, y, x, w, title);
    /* The list, then three lines about the selected report. */
    ui_list_draw(s->list, u, y + 1, x, h - 4, w);
    const rep_row *r = selected(s);
    if (!r)
        return;
    char line[1024], params[128], output[32];
    snprintf(line, sizeof line, "%s: %s", r->info->name, r->info->title);
    attron(A_BOLD);
    ui_put(y + h - 3, x + 1, line, w - 2, false);
    attroff(A_BOLD);
    if (!r->allowed) {
        snprintf(line, sizeof line, "Not for you: %s", r->reason);
        ui_put(y + h - 2, x + 1, line, w - 2, false);
        return;
    }
    params_text(s, r, params, sizeof params);
    output_text(r, output, sizeof output);
    if (r->p.format == RPT_TXT) /* "txt 80 columns, 66 lines" */
        snprintf(line, sizeof line, "%s; %s columns, %s lines   (Enter: change, p: preview, "
                 "w: write)", params, output, r->p.lines);
    else
        snprintf(line, sizeof line, "%s; %s   (Enter: change, p: preview, w: write)", params,
                 output);
    ui_put(y + h - 2, x + 1, line, w - 2, false);
    if (r->written[0]) {
        snprintf(line, sizeof line, "Last written: %s", r->written);
        ui_put(y + h - 1, x + 1, line, w - 2, false);
    }
}

/* ---- The parameter form ------------------------------------------------------------- */

enum { F_MAX = 10 };

typedef struct form_ctx {
    reports_screen *s;
    rep_row *r;
    ui_ctx *u;
    const char *names[F_MAX]; /* each field's name in the app's messages */
    rep_params p;             /* the values saved */
    bool checked;             /* the app took them */
} form_ctx;

static int field_of(const form_ctx *c, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(c->names[i], name) == 0)
            return i;
    return -1;
}

static const char *field_value(const form_ctx *c, ui_field *f, int n, const char *name)
{
    int i = field_of(c, n, name);
    return i >= 0 ? f[i].value : "";
}

/* A whole number in lo..hi, or the refusal naming the field. */
static bd_status whole(const char *name, const char *s, int lo, int hi, bd_err *e)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        return bd_errf(e, BD_ERR_INVALID, "%s: '%s' is not a whole number from %d to %d", name,
                       s, lo, hi);
    return BD_OK;
}

/* The value of the form's field `name` into dst, when the form has it. */
static void take(const form_ctx *c, ui_field *f, int n, const char *name, char *dst, size_t size)
{
    if (field_of(c, n, name) >= 0)
        bd_strlcpy(dst, field_value(c, f, n, name), size);
}

static bd_status form_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    form_ctx *c = ctx;
    rep_params p = c->r->p;
    take(c, f, n, "period", p.period, sizeof p.period);
    take(c, f, n, "from", p.from, sizeof p.from);
    take(c, f, n, "to", p.to, sizeof p.to);
    take(c, f, n, "days", p.days, sizeof p.days);
    take(c, f, n, "year", p.year, sizeof p.year);
    take(c, f, n, "lines", p.lines, sizeof p.lines);
    if (field_of(c, n, "review-period") >= 0) {
        const char *rv = field_value(c, f, n, "review-period");
        p.review = rv[0] == '#' ? strtoll(rv + 1, NULL, 10) : 0;
    }
    rpt_format_parse(field_value(c, f, n, "format"), &p.format);
    p.width = atoi(field_value(c, f, n, "width"));
    bd_err err = {0};
    bd_status st = BD_OK;
    if (field_of(c, n, "days") >= 0)
        st = whole("days", p.days, 0, 3650, &err);
    if (st == BD_OK)
        st = whole("lines", p.lines, RPT_LINES_MIN, RPT_LINES_MAX, &err);
    if (st == BD_OK) {
        rep_row tmp = *c->r;
        tmp.p = p;
        app_report_params ap;
        to_app(&tmp, &ap);
        st = app_report_check(c->s->a, c->r->info->name, &ap, &err);
    }
    /* A parameter the app finds wrong in how it is given (from without
     * to, a period and a range) is a mistake in the form, like a bad
     * value: it stays open on that field. */
    if (st == BD_ERR_USAGE)
        st = BD_ERR_INVALID;
    if (st == BD_OK) {
        c->p = p;
        c->checked = true;
    }
    return ui_form_app_result(c->u, st, &err, c->names, n, bad, e);
}

static void edit_params(reports_screen *s, ui_ctx *u, rep_row *r)
{
    static const char *const formats[] = {"txt", "csv", "html"};
    static const char *const widths[] = {"80", "132"};
    unsigned takes = r->info->params;
    ui_field f[F_MAX];
    form_ctx c = {.s = s, .r = r, .u = u};
    int n = 0;
    memset(f, 0, sizeof f);
    if (takes & APP_REPORT_PERIOD) {
        f[n] = (ui_field){.label = "Period", .help = "A month 2026-11, a quarter 2026-Q4 or a "
                          "year 2026; empty to give From and To"};
        bd_strlcpy(f[n].value, r->p.period, sizeof f[n].value);
        c.names[n++] = "period";
        f[n] = (ui_field){.label = "From", .help = "The first day, YYYY-MM-DD (with To, and "
                          "no Period)"};
        bd_strlcpy(f[n].value, r->p.from, sizeof f[n].value);
        c.names[n++] = "from";
        f[n] = (ui_field){.label = "To", .help = "The last day, YYYY-MM-DD (with From)"};
        bd_strlcpy(f[n].value, r->p.to, sizeof f[n].value);
        c.names[n++] = "to";
    }
    if (takes & APP_REPORT_DAYS) {
        f[n] = (ui_field){.label = "Days ahead", .help = "How far ahead: 0 to 3650 days"};
        bd_strlcpy(f[n].value, r->p.days, sizeof f[n].value);
        c.names[n++] = "days";
    }
    if (takes & APP_REPORT_YEAR) {
        f[n] = (ui_field){.label = "Year", .help = "A year like 2026"};
        bd_strlcpy(f[n].value, r->p.year, sizeof f[n].value);
        c.names[n++] = "year";
    }
    if (takes & APP_REPORT_REVIEW) {
        read_periods(s);
        const store_review_period *cur = review_of(s, r);
        f[n] = (ui_field){.label = "Review period",
                          .help = "Left/Right or Space: the review periods you may see"};
        if (s->nperiods > 0) {
            f[n].choices = s->period_choices;
            f[n].nchoices = s->nperiods;
            int k = cur ? (int)(cur - s->periods) : 0;
            bd_strlcpy(f[n].value, s->period_text[k], sizeof f[n].value);
        } else {
            f[n].readonly = true;
            bd_strlcpy(f[n].value, "none yet: a manager opens one (Reviews)",
                       sizeof f[n].value);
        }
        c.names[n++] = "review-period";
    }
    f[n] = (ui_field){.label = "Format", .choices = formats, .nchoices = 3,
                      .help = "txt to print (lp FILE), csv for a spreadsheet, html for a "
                              "browser"};
    bd_strlcpy(f[n].value, rpt_format_name(r->p.format), sizeof f[n].value);
    c.names[n++] = "format";
    f[n] = (ui_field){.label = "Width (txt)", .choices = widths, .nchoices = 2,
                      .help = "Columns of a txt page: 80 or 132"};
    snprintf(f[n].value, sizeof f[n].value, "%d", r->p.width ? r->p.width : RPT_WIDTH_NARROW);
    c.names[n++] = "width";
    f[n] = (ui_field){.label = "Lines (txt)", .help = "Lines of a txt page (a form feed after "
                      "each): 16 to 10000"};
    bd_strlcpy(f[n].value, r->p.lines, sizeof f[n].value);
    c.names[n++] = "lines";

    char title[200];
    snprintf(title, sizeof title, "%s: %s", r->info->name, r->info->title);
    if (!ui_form_run(u, title, f, n, form_submit, &c) || !c.checked)
        return; /* left, or refused (the reason is on the status line) */
    r->p = c.p;
    char params[128], output[32];
    params_text(s, r, params, sizeof params);
    output_text(r, output, sizeof output);
    ui_status(u, false, "%s: %s, %s; p previews it, w writes it to a file", r->info->name,
              params, output);
    ui_list_reload(s->list, u);
}

/* ---- Preview ------------------------------------------------------------------------ */

typedef struct lines {
    char **v;
    int n, cap;
} lines;

static void lines_add(lines *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = bd_xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = s;
}

static void lines_free(lines *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* The line that stands for a form feed: where page `page` of `pages`
 * starts, `width` cells wide. */
static char *page_break(int page, int pages, int width)
{
    char mid[64];
    snprintf(mid, sizeof mid, " page break: page %d of %d ", page, pages);
    int len = (int)strlen(mid);
    int left = (width - len) / 2, right = width - len - left;
    if (left < 4)
        left = 4;
    if (right < 4)
        right = 4;
    char *s = bd_xcalloc((size_t)(left + len + right + 1), 1);
    memset(s, '-', (size_t)left);
    memcpy(s + left, mid, (size_t)len);
    memset(s + left + len, '-', (size_t)right);
    return s;
}

/* The text of fp as the pager's lines, each form feed a line of its own. */
static bool read_lines(FILE *fp, int pages, int width, lines *out)
{
    char *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    int page = 1;
    bool whole = true;
    while ((len = getline(&buf, &cap, fp)) >= 0) {
        if (out->n >= PREVIEW_MAX_LINES) {
            whole = false;
            break;
        }
        if (len > 0 && buf[len - 1] == '\n')
            buf[--len] = '\0';
        char *p = buf;
        char *ff;
        while ((ff = strchr(p, '\f')) != NULL) {
            *ff = '\0';
            if (*p)
                lines_add(out, bd_xstrdup(p));
            lines_add(out, page_break(++page, pages, width));
            p = ff + 1;
        }
        lines_add(out, bd_xstrdup(p));
    }
    free(buf);
    if (!whole)
        lines_add(out, bd_xstrdup("(The preview stops here: w writes the whole report to a "
                                  "file.)"));
    return whole;
}

static void preview(reports_screen *s, ui_ctx *u, rep_row *r)
{
    app_report_params p;
    to_app(r, &p);
    p.format = RPT_TXT; /* what a printer gets */
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/bizdesk-preview-XXXXXX", dir && *dir ? dir : "/tmp");
    /* As the user (installed setgid: see io.h), like every file bizdesk
     * makes outside the database's folder. */
    io_user_begin();
    int fd = mkstemp(path);
    int err = errno;
    /* Unlinked at once: the open file is all the preview needs, and
     * nothing stays behind however bizdesk ends. */
    if (fd >= 0)
        unlink(path);
    io_user_end();
    if (fd < 0) {
        ui_status(u, true, "%s: cannot make the preview's file: %s", path, strerror(err));
        return;
    }
    FILE *fp = fdopen(fd, "w+");
    if (!fp) {
        ui_status(u, true, "%s: cannot open the preview's file: %s", path, strerror(errno));
        close(fd);
        return;
    }
    bd_err e = {0};
    int pages = 0;
    if (app_report_write(s->a, r->info->name, &p, fp, &pages, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        fclose(fp);
        return;
    }
    lines l = {0};
    bool whole = fflush(fp) == 0 && fseek(fp, 0, SEEK_SET) == 0;
    if (whole)
        whole = read_lines(fp, pages, p.width ? p.width : RPT_WIDTH_NARROW, &l);
    if (ferror(fp)) {
        ui_status(u, true, "%s: cannot read the preview back: %s", path, strerror(errno));
        fclose(fp);
        lines_free(&l);
        return;
    }
    fclose(fp);
    char title[300];
    snprintf(title, sizeof title, "Preview: %s, %d page%s as printed", r->info->title, pages,
             pages == 1 ? "" : "s");
    ui_pager(u, title, (const char *const *)l.v, l.n);
    lines_free(&l);
    ui_status(u, false, "Previewed %s: %d page%s%s; w writes it to a file", r->info->name, pages,
              pages == 1 ? "" : "s", whole ? "" : " (the preview was cut short)");
}

/* ---- Write -------------------------------------------------------------------------- */

/* path made absolute for the status line (the current folder before a
 * relative one). */
static void absolute(const char *path, char *out, size_t n)
{
    char cwd[4096];
    if (path[0] == '/' || !getcwd(cwd, sizeof cwd)) {
        bd_strlcpy(out, path, n);
        return;
    }
    bd_buf b = {0};
    bd_buf_printf(&b, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd,
                  strncmp(path, "./", 2) == 0 ? path + 2 : path);
    bd_strlcpy(out, bd_buf_str(&b), n);
    bd_buf_free(&b);
}

static void write_report(reports_screen *s, ui_ctx *u, rep_row *r)
{
    app_report_params p;
    to_app(r, &p);
    bd_err e = {0};
    /* Refused before asking for a path, when it would be. */
    if (app_report_check(s->a, r->info->name, &p, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        return;
    }
    char path[256], given[256], title[200];
    default_name(s, r, path, sizeof path);
    snprintf(title, sizeof title, "Write %s (%s)", r->info->name, rpt_format_name(r->p.format));
    if (!ui_prompt(u, title, "File:", path, sizeof path)) {
        ui_status(u, false, "Not written");
        return;
    }
    /* Spaces around the name are not meant; ~/ is the home folder. */
    char *b = path, *end = path + strlen(path);
    while (*b == ' ')
        b++;
    while (end > b && end[-1] == ' ')
        *--end = '\0';
    const char *home = getenv("HOME");
    if (strncmp(b, "~/", 2) == 0 && home && *home)
        snprintf(given, sizeof given, "%s/%s", home, b + 2);
    else
        snprintf(given, sizeof given, "%s", b);
    if (!given[0]) {
        ui_status(u, true, "Not written: give a file name");
        return;
    }
    bool force = false;
    struct stat sb;
    /* Asked as the user, like the write itself (io.h). */
    io_user_begin();
    int found = stat(given, &sb);
    io_user_end();
    if (found == 0) {
        if (S_ISDIR(sb.st_mode)) {
            ui_status(u, true, "%s is a folder: give a file name in it", given);
            return;
        }
        char q[400];
        snprintf(q, sizeof q, "%s exists. Replace it?", given);
        if (!ui_confirm(u, q)) {
            ui_status(u, false, "Not written: %s is kept as it was", given);
            return;
        }
        force = true;
    }
    int pages = 0;
    if (app_report_file(s->a, r->info->name, &p, given, force, &pages, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        return;
    }
    absolute(given, r->written, sizeof r->written);
    if (r->p.format == RPT_TXT)
        ui_status(u, false, "Wrote %s (%d page%s)", r->written, pages, pages == 1 ? "" : "s");
    else
        ui_status(u, false, "Wrote %s", r->written);
}

/* ---- Keys --------------------------------------------------------------------------- */

/* The selected report when the user may run it; else the reason on the
 * status line and NULL. */
static rep_row *runnable(reports_screen *s, ui_ctx *u)
{
    rep_row *r = selected(s);
    if (!r)
        ui_status(u, false, "No report here%s",
                  ui_list_filter(s->list)[0] ? " (/ changes the search)" : "");
    else if (!r->allowed)
        ui_status(u, true, "%s", r->reason);
    return r && r->allowed ? r : NULL;
}

static bool reports_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    reports_screen *s = st;
    rep_row *r;
    (void)key;
    switch (a) {
    case UI_A_REPORT_PARAMS:
    case UI_A_OPEN:
        if ((r = runnable(s, u)) != NULL)
            edit_params(s, u, r);
        return true;
    case UI_A_REPORT_PREVIEW:
        if ((r = runnable(s, u)) != NULL)
            preview(s, u, r);
        return true;
    case UI_A_REPORT_WRITE:
        if ((r = runnable(s, u)) != NULL)
            write_report(s, u, r);
        return true;
    default: return ui_list_handle(s->list, u, a);
    }
}

static void reports_reload(void *st, ui_ctx *u)
{
    reports_screen *s = st;
    read_periods(s); /* a period opened meanwhile names the default file */
    ui_list_reload(s->list, u);
}

static void *reports_open(ui_ctx *u)
{
    reports_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    for (int i = 0; app_report_at(i) && s->n < MAX_REPORTS; i++) {
        rep_row *r = &s->rows[s->n];
        r->info = app_report_at(i);
        snprintf(r->key, sizeof r->key, "%03d", s->n);
        default_params(s, &r->p);
        r->allowed = report_allowed(s->a, r->info);
        if (!r->allowed) {
            /* The permissions it lacks, and the app's own words. */
            policy_perm need[2] = {r->info->perm, r->info->perm2};
            size_t len = (size_t)snprintf(r->missing, sizeof r->missing, "needs");
            for (int k = 0; k < 2; k++)
                if (need[k] != PERM_COUNT && !app_can(s->a, need[k]) && len < sizeof r->missing)
                    len += (size_t)snprintf(r->missing + len, sizeof r->missing - len, "%s %s",
                                            len > 5 ? "," : "", policy_perm_name(need[k]));
            app_report_params p;
            to_app(r, &p);
            bd_err e = {0};
            app_report_check(s->a, r->info->name, &p, &e);
            bd_strlcpy(r->reason, e.msg, sizeof r->reason);
        }
        s->nallowed += r->allowed;
        s->n++;
    }
    read_periods(s);
    layout(s, COLS);
    s->list = ui_list_new(s->cols, NCOLS, reports_fetch, s);
    return s;
}

static void reports_close(void *st)
{
    reports_screen *s = st;
    ui_list_delete(&s->list);
    free(s);
}

const ui_screen_ops ui_screen_reports = {
    .title = "Reports",
    .perm = PERM_REPORTS,
    .may_open = reports_may_open,
    .context = UI_CTX_REPORTS,
    .open = reports_open,
    .close = reports_close,
    .draw = reports_draw,
    .handle = reports_handle,
    .reload = reports_reload,
    .hints = reports_hints,
    .nhints = (int)(sizeof reports_hints / sizeof reports_hints[0]),
};
