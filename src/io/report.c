/* The report writer (report.h): printable text in pages, CSV and HTML.
 *
 * Text is written in two steps.  While the rows come, each is turned into
 * the cells it shows ("1,234.56") and appended to a temporary file
 * (tmpfile()), and each column's widest cell is noted.  rpt_finish then
 * fits the columns to the page width and lays the pages out twice from
 * that file with the same code: once only counting (to know m of "Page n
 * of m"), once writing.  So memory holds the columns, never the rows. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "io.h"
#include "report.h"

enum { HEAD_LINES = 6, FOOT_LINES = 2, MIN_TEXT_CELLS = 4 };

typedef struct sect {
    char *title;
    int ncols;
    char *ctitle[RPT_MAX_COLS];
    char *ckey[RPT_MAX_COLS];
    rpt_type type[RPT_MAX_COLS];
    int natural[RPT_MAX_COLS]; /* the widest cell, title included */
    int width[RPT_MAX_COLS];   /* after fitting the page */
    int gap;                   /* spaces between columns */
    bool summary;
} sect;

struct rpt {
    FILE *fp;
    rpt_format fmt;
    int width, lines;
    char *company, *title, *params, *run_by, *run_at;
    sect *sects;
    int nsects, cap;
    bool finished;
    bd_status fail;            /* sticky */
    bd_err err;
    /* text */
    FILE *tmp;
    int pages;
    bd_buf cell[RPT_MAX_COLS]; /* display texts of the row being handled */
    /* csv */
    csv_writer *csv;
    int csv_sections;
    int64_t sect_rows;         /* rows of the current section (csv, html) */
    /* html */
    bool in_foot;
};

bool rpt_format_parse(const char *name, rpt_format *out)
{
    static const char *const names[] = {"txt", "csv", "html"};
    for (int i = 0; name && i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (rpt_format)i;
            return true;
        }
    return false;
}

const char *rpt_format_name(rpt_format f)
{
    return f == RPT_CSV ? "csv" : f == RPT_HTML ? "html" : "txt";
}

static bool is_number(rpt_type t)
{
    return t == RPT_INT || t == RPT_MONEY || t == RPT_PCT;
}

/* Remember the first failure; later calls return it. */
static bd_status fail_io(rpt *r, bd_err *e, const char *what)
{
    if (r->fail == BD_OK) {
        bd_errf(&r->err, BD_ERR_IO, "%s: %s", what, strerror(errno ? errno : EIO));
        r->fail = BD_ERR_IO;
    }
    if (e)
        *e = r->err;
    return r->fail;
}

static bd_status sticky(rpt *r, bd_err *e)
{
    if (e && r->fail != BD_OK)
        *e = r->err;
    return r->fail;
}

/* The text a cell shows in txt and HTML: money grouped, a percentage with
 * its sign; in text, line ends and tabs become spaces when `flat`. */
static void display(bd_buf *out, rpt_type t, const char *raw, bool flat)
{
    bd_buf_reset(out);
    if (!raw || !*raw) {
        bd_buf_puts(out, "");
        return;
    }
    if (t == RPT_MONEY) {
        int64_t v;
        char m[32];
        if (bd_money_parse(raw, &v, NULL) == BD_OK) {
            bd_buf_puts(out, bd_money_format(v, true, m, sizeof m));
            return;
        }
    }
    if (t == RPT_PCT) {
        bd_buf_printf(out, "%s%%", raw);
        return;
    }
    bd_buf_puts(out, raw);
    if (flat)
        for (size_t i = 0; i < out->len; i++)
            if (out->data[i] == '\n' || out->data[i] == '\r' || out->data[i] == '\t')
                out->data[i] = ' ';
}

/* ---- Opening and sections ------------------------------------------------------ */

static char *dup0(const char *s)
{
    return bd_xstrdup(s ? s : "");
}

static void html_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

static const char HTML_STYLE[] =
    "body{font-family:\"Noto Sans CJK TC\",\"Microsoft JhengHei\",\"PingFang TC\",sans-serif;"
    "margin:2em;color:#111;background:#fff}\n"
    "header p{margin:.2em 0}\n"
    ".company{font-weight:bold}\n"
    "h1{font-size:1.4em;margin:.3em 0}\n"
    "h2{font-size:1.1em;margin:1.6em 0 .4em}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "th,td{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\n"
    "th{background:#f2f2f2;border-bottom:2px solid #999}\n"
    ".num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n"
    "tr.subtotal td{font-weight:bold;border-top:1px solid #999}\n"
    "tfoot td{font-weight:bold;border-top:2px solid #333}\n"
    "td.none{color:#666;font-style:italic}\n"
    "@media print{\n"
    "@page{margin:12mm}\n"
    "body{margin:0;font-size:9pt}\n"
    "thead{display:table-header-group}\n"
    "tfoot{display:table-row-group}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "h2{break-after:avoid;page-break-after:avoid}\n"
    "th{background:none}\n"
    "}\n";

static void html_head(rpt *r)
{
    FILE *f = r->fp;
    fputs("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    html_escape(f, r->title);
    if (*r->company) {
        fputs(" - ", f);
        html_escape(f, r->company);
    }
    fputs("</title>\n<style>\n", f);
    fputs(HTML_STYLE, f);
    fputs("</style>\n</head>\n<body>\n<header>\n<p class=\"company\">", f);
    html_escape(f, r->company);
    fputs("</p>\n<h1>", f);
    html_escape(f, r->title);
    fputs("</h1>\n<p class=\"params\">", f);
    html_escape(f, r->params);
    fputs("</p>\n<p class=\"run\">Run by ", f);
    html_escape(f, r->run_by);
    fputs(" at ", f);
    html_escape(f, r->run_at);
    fputs("</p>\n</header>\n", f);
}

bd_status rpt_open(rpt **out, FILE *fp, const rpt_opts *o, bd_err *e)
{
    *out = NULL;
    int width = o->width ? o->width : RPT_WIDTH_NARROW;
    int lines = o->lines ? o->lines : RPT_LINES_DEFAULT;
    if (width != RPT_WIDTH_NARROW && width != RPT_WIDTH_WIDE)
        return bd_errf(e, BD_ERR_USAGE, "width: %d is not %d or %d", width, RPT_WIDTH_NARROW,
                       RPT_WIDTH_WIDE);
    if (lines < RPT_LINES_MIN || lines > RPT_LINES_MAX)
        return bd_errf(e, BD_ERR_USAGE, "lines: %d is not from %d to %d", lines, RPT_LINES_MIN,
                       RPT_LINES_MAX);
    rpt *r = bd_xcalloc(1, sizeof *r);
    r->fp = fp;
    r->fmt = o->format;
    r->width = width;
    r->lines = lines;
    r->company = dup0(o->company);
    r->title = dup0(o->title);
    r->params = dup0(o->params);
    r->run_by = dup0(o->run_by);
    r->run_at = dup0(o->run_at);
    bd_status st = BD_OK;
    errno = 0;
    if (r->fmt == RPT_TXT) {
        /* The user's scratch file, made as the user (it holds only what
         * the user may read, and is unlinked at once). */
        io_user_begin();
        r->tmp = tmpfile();
        int err = errno;
        io_user_end();
        if (!r->tmp)
            st = bd_errf(e, BD_ERR_IO, "cannot make a temporary file for the report: %s",
                         strerror(err ? err : EIO));
    } else if (r->fmt == RPT_CSV) {
        csv_write_opts wo = {.neutralise_formulas = true, .bom = true, .crlf = true};
        st = csv_writer_new(fp, &wo, &r->csv, e);
    } else {
        html_head(r);
        if (ferror(fp))
            st = fail_io(r, e, "writing the report");
    }
    if (st != BD_OK) {
        rpt_free(&r);
        return st;
    }
    *out = r;
    return BD_OK;
}

/* Close the HTML table of the current section. */
static void html_end_section(rpt *r)
{
    if (r->nsects == 0)
        return;
    const sect *s = &r->sects[r->nsects - 1];
    if (r->sect_rows == 0)
        fprintf(r->fp, "<tr><td class=\"none\" colspan=\"%d\">(none)</td></tr>\n", s->ncols);
    fputs(r->in_foot ? "</tfoot>\n" : "</tbody>\n", r->fp);
    fputs("</table>\n</section>\n", r->fp);
}

/* ---- Text: the record file ------------------------------------------------------
 * 'S' int32 section, or a row: 'R' / 's' / 'T' then each cell as uint32
 * length and bytes (the display text). */

static bool put_u32(FILE *f, uint32_t v)
{
    return fwrite(&v, sizeof v, 1, f) == 1;
}

static bool get_u32(FILE *f, uint32_t *v)
{
    return fread(v, sizeof *v, 1, f) == 1;
}

bd_status rpt_section(rpt *r, const char *title, const rpt_col *cols, int ncols, bool summary,
                      bd_err *e)
{
    if (r->fail != BD_OK)
        return sticky(r, e);
    if (r->finished)
        return bd_errf(e, BD_ERR_USAGE, "the report is finished");
    if (ncols < 1 || ncols > RPT_MAX_COLS)
        return bd_errf(e, BD_ERR_USAGE, "a section has 1 to %d columns, not %d", RPT_MAX_COLS,
                       ncols);
    if (r->fmt == RPT_HTML)
        html_end_section(r);
    if (r->nsects == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 4;
        r->sects = bd_xrealloc(r->sects, (size_t)r->cap * sizeof *r->sects);
    }
    sect *s = &r->sects[r->nsects++];
    memset(s, 0, sizeof *s);
    s->title = dup0(title);
    s->ncols = ncols;
    s->summary = summary;
    for (int i = 0; i < ncols; i++) {
        s->ctitle[i] = dup0(cols[i].title);
        s->ckey[i] = dup0(cols[i].key ? cols[i].key : cols[i].title);
        s->type[i] = cols[i].type;
        s->natural[i] = bd_text_width(s->ctitle[i]);
    }
    r->sect_rows = 0;
    r->in_foot = false;
    errno = 0;
    if (r->fmt == RPT_TXT) {
        if (fputc('S', r->tmp) == EOF || !put_u32(r->tmp, (uint32_t)(r->nsects - 1)))
            return fail_io(r, e, "writing the report's temporary file");
    } else if (r->fmt == RPT_CSV) {
        if (summary)
            return BD_OK;
        bd_status st = BD_OK;
        if (r->csv_sections++ > 0) {
            st = csv_writer_field(r->csv, "", e);
            if (st == BD_OK)
                st = csv_writer_end_row(r->csv, e);
        }
        for (int i = 0; st == BD_OK && i < ncols; i++)
            st = csv_writer_field(r->csv, s->ckey[i], e);
        if (st == BD_OK)
            st = csv_writer_end_row(r->csv, e);
        if (st != BD_OK && r->fail == BD_OK) {
            r->fail = st;
            if (e)
                r->err = *e;
        }
        return st;
    } else {
        FILE *f = r->fp;
        fputs("<section>\n<h2>", f);
        html_escape(f, s->title);
        fputs("</h2>\n<table>\n<thead>\n<tr>", f);
        for (int i = 0; i < ncols; i++) {
            fputs(is_number(s->type[i]) ? "<th class=\"num\">" : "<th>", f);
            html_escape(f, s->ctitle[i]);
            fputs("</th>", f);
        }
        fputs("</tr>\n</thead>\n<tbody>\n", f);
        if (ferror(f))
            return fail_io(r, e, "writing the report");
    }
    return BD_OK;
}

bd_status rpt_row(rpt *r, rpt_kind kind, const char *const *cells, bd_err *e)
{
    if (r->fail != BD_OK)
        return sticky(r, e);
    if (r->finished)
        return bd_errf(e, BD_ERR_USAGE, "the report is finished");
    if (r->nsects == 0)
        return bd_errf(e, BD_ERR_USAGE, "a row before the first section");
    sect *s = &r->sects[r->nsects - 1];
    r->sect_rows++;
    errno = 0;
    if (r->fmt == RPT_TXT) {
        static const char kinds[] = {[RPT_ROW] = 'R', [RPT_SUBTOTAL] = 's', [RPT_TOTAL] = 'T'};
        if (fputc(kinds[kind], r->tmp) == EOF)
            return fail_io(r, e, "writing the report's temporary file");
        for (int i = 0; i < s->ncols; i++) {
            bd_buf *b = &r->cell[i];
            display(b, s->type[i], cells[i], true);
            /* A subtotal's or total's label may run on over the empty
             * cells after it, so it does not widen its column. */
            bool spills = kind != RPT_ROW && !is_number(s->type[i]) && i + 1 < s->ncols &&
                          (!cells[i + 1] || !*cells[i + 1]);
            int w = bd_text_width(bd_buf_str(b));
            if (w > s->natural[i] && !spills)
                s->natural[i] = w;
            if (!put_u32(r->tmp, (uint32_t)b->len) ||
                (b->len && fwrite(b->data, 1, b->len, r->tmp) != b->len))
                return fail_io(r, e, "writing the report's temporary file");
        }
        return BD_OK;
    }
    if (r->fmt == RPT_CSV) {
        if (kind != RPT_ROW || s->summary)
            return BD_OK;
        bd_status st = csv_writer_row(r->csv, cells, (size_t)s->ncols, e);
        if (st != BD_OK && r->fail == BD_OK) {
            r->fail = st;
            if (e)
                r->err = *e;
        }
        return st;
    }
    FILE *f = r->fp;
    if (kind == RPT_TOTAL && !r->in_foot) {
        fputs("</tbody>\n<tfoot>\n", f);
        r->in_foot = true;
    }
    fputs(kind == RPT_SUBTOTAL ? "<tr class=\"subtotal\">" : kind == RPT_TOTAL
                                                              ? "<tr class=\"total\">" : "<tr>", f);
    bd_buf *b = &r->cell[0];
    for (int i = 0; i < s->ncols; i++) {
        display(b, s->type[i], cells[i], false);
        fputs(is_number(s->type[i]) ? "<td class=\"num\">" : "<td>", f);
        html_escape(f, bd_buf_str(b));
        fputs("</td>", f);
    }
    fputs("</tr>\n", f);
    return ferror(f) ? fail_io(r, e, "writing the report") : BD_OK;
}

/* ---- Text: fitting the columns to the page ---------------------------------------- */

static int table_width(const sect *s, int gap)
{
    int w = gap * (s->ncols - 1);
    for (int i = 0; i < s->ncols; i++)
        w += s->width[i];
    return w;
}

static void fit_columns(sect *s, int page)
{
    for (int i = 0; i < s->ncols; i++)
        s->width[i] = s->natural[i] > 0 ? s->natural[i] : 1;
    s->gap = 2;
    if (table_width(s, 2) <= page)
        return;
    s->gap = 1;
    /* Cut the widest text column, one cell at a time; then, only if the
     * numbers alone are wider than the page, the widest other column. */
    for (int pass = 0; pass < 2; pass++) {
        while (table_width(s, 1) > page) {
            int best = -1;
            for (int i = 0; i < s->ncols; i++) {
                bool text = s->type[i] == RPT_TEXT;
                int floor = pass == 0 ? (s->natural[i] < MIN_TEXT_CELLS ? s->natural[i]
                                                                        : MIN_TEXT_CELLS) : 1;
                if ((pass == 0) != text || s->width[i] <= floor)
                    continue;
                if (best < 0 || s->width[i] > s->width[best])
                    best = i;
            }
            if (best < 0)
                break;
            s->width[best]--;
        }
    }
}

/* ---- Text: pages ------------------------------------------------------------------ */

typedef struct pager {
    rpt *r;
    bool emit;          /* false: only count */
    int page;           /* 0 before the first */
    int used;           /* body lines used on this page */
    int body;           /* body lines a page holds */
    int cur;            /* current section, -1 none */
    int64_t rows;       /* rows of the current section */
    bd_buf line;
} pager;

/* Write one line of the page (trailing spaces dropped). */
static void out_line(pager *p, const char *s)
{
    if (!p->emit)
        return;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    fwrite(s, 1, n, p->r->fp);
    fputc('\n', p->r->fp);
}

static void out_fit(pager *p, const char *s)
{
    size_t cap = strlen(s) + (size_t)p->r->width + 1;
    char *buf = bd_xmalloc(cap);
    out_line(p, bd_text_fit(buf, cap, s, p->r->width, false));
    free(buf);
}

static void body_line(pager *p, const char *s)
{
    out_line(p, s);
    p->used++;
}

static void page_end(pager *p)
{
    while (p->used < p->body)
        body_line(p, "");
    out_line(p, "");
    if (p->emit) {
        char foot[64];
        snprintf(foot, sizeof foot, "Page %d of %d", p->page, p->r->pages);
        int w = (int)strlen(foot), left = (p->r->width - w) / 2;
        char line[RPT_WIDTH_WIDE + 64];
        snprintf(line, sizeof line, "%*s%s", left > 0 ? left : 0, "", foot);
        out_line(p, line);
    }
}

static void page_start(pager *p)
{
    if (p->page > 0) {
        page_end(p);
        if (p->emit)
            fputc('\f', p->r->fp);
    }
    p->page++;
    p->used = 0;
    rpt *r = p->r;
    out_fit(p, r->company);
    out_fit(p, r->title);
    out_fit(p, r->params);
    bd_buf run = {0};
    bd_buf_printf(&run, "Run by %s at %s", r->run_by, r->run_at);
    out_fit(p, bd_buf_str(&run));
    bd_buf_free(&run);
    char rule[RPT_WIDTH_WIDE + 1];
    memset(rule, '=', (size_t)r->width);
    rule[r->width] = '\0';
    out_line(p, rule);
    out_line(p, "");
}

/* Append cell text t fitted to w cells to p->line. */
static void put_cell(pager *p, const char *t, int w, rpt_type type)
{
    size_t cap = strlen(t) + (size_t)w + 1;
    char *buf = bd_xmalloc(cap);
    if (is_number(type) && bd_text_width(t) > w) {
        memset(buf, '#', (size_t)w);
        buf[w] = '\0';
    } else {
        bd_text_fit(buf, cap, t, w, is_number(type));
    }
    bd_buf_puts(&p->line, buf);
    free(buf);
}

static void put_gap(pager *p, const sect *s, int i)
{
    if (i > 0)
        bd_buf_printf(&p->line, "%*s", s->gap, "");
}

static void section_head(pager *p, bool continued)
{
    const sect *s = &p->r->sects[p->cur];
    bd_buf t = {0};
    bd_buf_printf(&t, "%s%s", s->title, continued ? " (continued)" : "");
    size_t cap = t.len + (size_t)p->r->width + 1;
    char *buf = bd_xmalloc(cap);
    body_line(p, bd_text_fit(buf, cap, bd_buf_str(&t), p->r->width, false));
    free(buf);
    bd_buf_free(&t);
    bd_buf_reset(&p->line);
    for (int i = 0; i < s->ncols; i++) {
        put_gap(p, s, i);
        size_t tcap = strlen(s->ctitle[i]) + (size_t)s->width[i] + 1;
        char *tb = bd_xmalloc(tcap);
        bd_buf_puts(&p->line, bd_text_fit(tb, tcap, s->ctitle[i], s->width[i],
                                          is_number(s->type[i])));
        free(tb);
    }
    body_line(p, bd_buf_str(&p->line));
    bd_buf_reset(&p->line);
    for (int i = 0; i < s->ncols; i++) {
        put_gap(p, s, i);
        for (int k = 0; k < s->width[i]; k++)
            bd_buf_puts(&p->line, "-");
    }
    body_line(p, bd_buf_str(&p->line));
}

/* Room for n more body lines on this page, else a new page (continuing
 * the current section's head). */
static void need(pager *p, int n)
{
    if (p->page > 0 && p->used + n <= p->body)
        return;
    page_start(p);
    if (p->cur >= 0)
        section_head(p, true);
}

static void section_end(pager *p)
{
    if (p->cur < 0 || p->rows > 0)
        return;
    need(p, 1);
    body_line(p, "(none)");
}

static void section_begin(pager *p, int idx)
{
    section_end(p);
    int lead = p->page > 0 && p->used > 0 ? 1 : 0;
    /* The head and at least one row (or a rule and a total) together. */
    if (p->page == 0 || p->used + lead + 5 > p->body) {
        p->cur = -1;
        page_start(p);
        lead = 0;
    }
    if (lead)
        body_line(p, "");
    p->cur = idx;
    p->rows = 0;
    section_head(p, false);
}

static void row_lines(pager *p, char kind)
{
    const sect *s = &p->r->sects[p->cur];
    p->rows++;
    bool rule = kind != 'R';
    need(p, rule ? 2 : 1);
    if (rule) {
        /* Under the row's figures; when it has none, under its cells but
         * the first (the label). */
        bool figures = false;
        for (int i = 0; i < s->ncols; i++)
            figures |= is_number(s->type[i]) && p->r->cell[i].len > 0;
        bd_buf_reset(&p->line);
        for (int i = 0; i < s->ncols; i++) {
            bool under = p->r->cell[i].len > 0 && (figures ? is_number(s->type[i]) : i > 0);
            put_gap(p, s, i);
            for (int k = 0; k < s->width[i]; k++)
                bd_buf_puts(&p->line, under ? (kind == 'T' ? "=" : "-") : " ");
        }
        body_line(p, bd_buf_str(&p->line));
    }
    bd_buf_reset(&p->line);
    for (int i = 0; i < s->ncols; i++) {
        put_gap(p, s, i);
        int w = s->width[i], j = i;
        /* A subtotal's or total's label runs on over the empty cells after it. */
        if (kind != 'R' && !is_number(s->type[i]) && p->r->cell[i].len > 0)
            while (j + 1 < s->ncols && p->r->cell[j + 1].len == 0)
                w += s->gap + s->width[++j];
        put_cell(p, bd_buf_str(&p->r->cell[i]), w, s->type[i]);
        i = j;
    }
    body_line(p, bd_buf_str(&p->line));
}

/* Lay the pages out from the record file; with emit, write them. */
static bd_status paginate(rpt *r, bool emit, bd_err *e)
{
    pager p = {.r = r, .emit = emit, .body = r->lines - HEAD_LINES - FOOT_LINES, .cur = -1};
    errno = 0;
    if (fseek(r->tmp, 0, SEEK_SET) != 0)
        return fail_io(r, e, "reading the report's temporary file");
    int c;
    bd_status st = BD_OK;
    while (st == BD_OK && (c = fgetc(r->tmp)) != EOF) {
        uint32_t v;
        if (c == 'S') {
            if (!get_u32(r->tmp, &v) || (int)v >= r->nsects) {
                st = fail_io(r, e, "reading the report's temporary file");
                break;
            }
            section_begin(&p, (int)v);
            continue;
        }
        const sect *s = p.cur >= 0 ? &r->sects[p.cur] : NULL;
        if (!s) {
            st = fail_io(r, e, "reading the report's temporary file");
            break;
        }
        for (int i = 0; i < s->ncols; i++) {
            bd_buf *b = &r->cell[i];
            bd_buf_reset(b);
            bd_buf_puts(b, "");
            if (!get_u32(r->tmp, &v)) {
                st = fail_io(r, e, "reading the report's temporary file");
                break;
            }
            char chunk[4096];
            while (v > 0) {
                size_t n = v < sizeof chunk ? v : sizeof chunk;
                if (fread(chunk, 1, n, r->tmp) != n)
                    break;
                bd_buf_append(b, chunk, n);
                v -= (uint32_t)n;
            }
            if (v > 0) {
                st = fail_io(r, e, "reading the report's temporary file");
                break;
            }
        }
        if (st == BD_OK)
            row_lines(&p, (char)c);
    }
    if (st == BD_OK && ferror(r->tmp))
        st = fail_io(r, e, "reading the report's temporary file");
    if (st == BD_OK) {
        section_end(&p);
        if (p.page == 0)
            page_start(&p);
        page_end(&p);
        if (!emit)
            r->pages = p.page;
    }
    bd_buf_free(&p.line);
    return st;
}

bd_status rpt_finish(rpt *r, bd_err *e)
{
    if (r->fail != BD_OK)
        return sticky(r, e);
    if (r->finished)
        return bd_errf(e, BD_ERR_USAGE, "the report is finished");
    r->finished = true;
    errno = 0;
    if (r->fmt == RPT_TXT) {
        for (int i = 0; i < r->nsects; i++)
            fit_columns(&r->sects[i], r->width);
        bd_status st = paginate(r, false, e);
        if (st == BD_OK)
            st = paginate(r, true, e);
        if (st != BD_OK)
            return st;
    } else if (r->fmt == RPT_HTML) {
        html_end_section(r);
        fputs("</body>\n</html>\n", r->fp);
    }
    if (ferror(r->fp))
        return fail_io(r, e, "writing the report");
    return BD_OK;
}

int rpt_pages(const rpt *r)
{
    return r->fmt == RPT_TXT && r->finished ? r->pages : 0;
}

void rpt_free(rpt **rp)
{
    rpt *r = rp ? *rp : NULL;
    if (!r)
        return;
    for (int i = 0; i < r->nsects; i++) {
        sect *s = &r->sects[i];
        free(s->title);
        for (int k = 0; k < s->ncols; k++) {
            free(s->ctitle[k]);
            free(s->ckey[k]);
        }
    }
    free(r->sects);
    for (int i = 0; i < RPT_MAX_COLS; i++)
        bd_buf_free(&r->cell[i]);
    if (r->tmp)
        fclose(r->tmp);
    csv_writer_free(&r->csv);
    free(r->company);
    free(r->title);
    free(r->params);
    free(r->run_by);
    free(r->run_at);
    free(r);
    *rp = NULL;
}
