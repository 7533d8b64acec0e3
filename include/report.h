/*
 * report.h - the report writer: rows of tables streamed into a printable
 * text file, a spreadsheet-ready CSV file or one self-contained HTML file.
 *
 * Part of the io layer: no SQLite, no curses.  The caller opens the FILE
 * (for a user's file through io_out_open, so that a failure leaves
 * nothing behind) and commits it after rpt_finish; the writer never closes
 * or flushes it.
 *
 * A report is a header (company, title, parameters, run by, run at) and
 * one or more sections, each a table with its own columns.  Rows are given
 * as text, one cell per column, in raw form:
 *     RPT_TEXT   any UTF-8 text (line ends and tabs are shown as spaces in
 *                text; the CSV keeps them)
 *     RPT_CODE   text that is never cut: a login, a contract number, a state
 *     RPT_DATE   "YYYY-MM-DD" (or a timestamp)
 *     RPT_INT    "12"
 *     RPT_MONEY  a plain decimal "1234.56" (bd_money_format, not grouped)
 *     RPT_PCT    a plain decimal "12.5", meaning 12.5 %
 * "" is an empty cell in every type.
 *
 * Text (txt): pages of a fixed width (80 or 132 cells) and length (66
 * lines unless asked otherwise), a form feed between pages; every page
 * starts with the header (company, title, parameters, "Run by ... at ...",
 * a rule) and ends with the footer "Page n of m" on its last line.  Each
 * section starts with its title, the column titles and a rule; a section
 * that goes on to the next page repeats them there ("(continued)").
 * Columns are as wide as their widest cell (measured in terminal cells
 * with core's bd_text_width, so Chinese text aligns); when a table is
 * wider than the page, the gap between columns narrows from two spaces to
 * one, then the widest RPT_TEXT columns are cut, at a cell boundary, until
 * it fits (down to 4 cells; only a page too narrow even then cuts the
 * other columns).  Numbers and money are right-aligned, money
 * with thousands separators; a number too wide for its column shows as
 * '#'s rather than a wrong number.  A subtotal row has a rule of '-' above
 * its number columns, a total row a rule of '='.  To know m and the column
 * widths before the first line is written, the rows are streamed to a
 * temporary file (tmpfile()) and the pages written from it in
 * rpt_finish: the writer never holds the rows in memory.
 *
 * CSV: a header row of the columns' keys and the data rows with their raw
 * values (ISO dates, money as "1234.56"), UTF-8 with a byte order mark and
 * CRLF line ends, formula injection neutralised as the lead export does
 * (csvio.h's neutralise_formulas).  Subtotal and total rows are left out
 * (a spreadsheet sums the rows), and so are summary sections (their
 * figures are sums of a detail section).  A report with two detail
 * sections writes the second's header after an empty row.
 *
 * HTML: one file with inline CSS and a print stylesheet (the header row of
 * a table repeats on every printed page), every text HTML-escaped; each
 * section is a table with thead (the column titles), tbody (rows and
 * subtotals) and tfoot (the total rows, which end a section).
 */
#ifndef BIZDESK_REPORT_H
#define BIZDESK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core.h"

typedef enum rpt_format { RPT_TXT, RPT_CSV, RPT_HTML } rpt_format;

/* "txt", "csv" or "html" into *out; false for anything else. */
bool rpt_format_parse(const char *name, rpt_format *out);
const char *rpt_format_name(rpt_format f);

typedef enum rpt_type { RPT_TEXT, RPT_CODE, RPT_DATE, RPT_INT, RPT_MONEY, RPT_PCT } rpt_type;

typedef struct rpt_col {
    const char *title;  /* shown in txt and HTML */
    const char *key;    /* the CSV header; NULL: the title */
    rpt_type type;
} rpt_col;

typedef enum rpt_kind { RPT_ROW, RPT_SUBTOTAL, RPT_TOTAL } rpt_kind;

/* Page sizes the text format accepts. */
enum { RPT_WIDTH_NARROW = 80, RPT_WIDTH_WIDE = 132, RPT_LINES_DEFAULT = 66,
       RPT_LINES_MIN = 16, RPT_LINES_MAX = 10000, RPT_MAX_COLS = 32 };

typedef struct rpt_opts {
    rpt_format format;
    int width;            /* txt: 80 or 132; 0: 80 */
    int lines;            /* txt: lines per page, RPT_LINES_MIN..MAX; 0: 66 */
    const char *company;  /* the header's texts; NULL is "" */
    const char *title;
    const char *params;   /* one line: "Period 2026-11 (2026-11-01 to 2026-11-30)" */
    const char *run_by;   /* "wang.fang (王芳)" */
    const char *run_at;   /* "2026-11-24 09:00 UTC" */
} rpt_opts;

typedef struct rpt rpt;

/* A writer on fp.  BD_ERR_USAGE naming "width" or "lines" when they are
 * out of range; BD_ERR_IO when the temporary file cannot be made. */
bd_status rpt_open(rpt **out, FILE *fp, const rpt_opts *o, bd_err *e);

/* Start a section: a table of ncols (1..RPT_MAX_COLS) columns.  The
 * writer copies what it needs.  summary: the section sums up a detail
 * section of the same report, so the CSV leaves it out. */
bd_status rpt_section(rpt *r, const char *title, const rpt_col *cols, int ncols, bool summary,
                      bd_err *e);

/* One row of the current section: ncols cells (NULL is ""). */
bd_status rpt_row(rpt *r, rpt_kind kind, const char *const *cells, bd_err *e);

/* Write what waits (the text format's pages); rows and sections after it
 * are refused.  The file is complete when this returns BD_OK. */
bd_status rpt_finish(rpt *r, bd_err *e);

/* Text format: the number of pages written (after rpt_finish); 0 for the
 * other formats. */
int rpt_pages(const rpt *r);

/* Free the writer (not fp) and its temporary file; NULL-safe. */
void rpt_free(rpt **r);

#endif
