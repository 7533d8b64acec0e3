/*
 * app_reports.h - the reports (src/app/reports.c): the registry of
 * reports, their parameters and permissions, and writing one to a FILE or
 * a path through report.h's writer.
 *
 * Include app.h, not this file: it relies on the session types app.h
 * declares (app, app_actor) before it includes the module parts at its end.
 */
#ifndef BIZDESK_APP_REPORTS_H
#define BIZDESK_APP_REPORTS_H

#ifndef BIZDESK_APP_H
#error "include app.h, not app_reports.h"
#endif

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core.h"
#include "policy.h"
#include "report.h"

/* ---- Reports ----------------------------------------------------------------
 * The printable, spreadsheet and HTML reports of every module (report.h
 * writes them).  Each report has a name, a title, the parameters it takes
 * and the permissions it needs (app/reports.c's registry; the Reports part
 * of bizdesk(1) COMMANDS), and reads through the actor's viewer, so it
 * holds only what the actor may see in that module: a rep's pipeline
 * report is the rep's own pipeline.  Rows are streamed from the store
 * into the writer, never collected (the clock and the aging come from
 * the module's own functions, which sort: up to 20,000 rows, refused
 * beyond). */
enum {
    APP_REPORT_PERIOD = 1 << 0, /* period or from/to; default the current month */
    APP_REPORT_DAYS = 1 << 1,   /* days ahead, 0-3650; default 90 */
    APP_REPORT_YEAR = 1 << 2,   /* a year; default the current one */
    APP_REPORT_REVIEW = 1 << 3, /* a review period's id; default the newest of the
                                   actor's department */
};

typedef struct app_report_info {
    const char *name;         /* "pipeline" */
    const char *title;        /* "Pipeline by stage and owner" */
    unsigned params;          /* APP_REPORT_ bits */
    policy_perm perm;         /* needed */
    policy_perm perm2;        /* needed too; PERM_COUNT: nothing more */
} app_report_info;

/* The registry, in the order `report list` shows it: NULL past the end. */
const app_report_info *app_report_at(int i);
const app_report_info *app_report_find(const char *name);
/* The parameters ("--period P | --from D --to D") and permissions
 * ("reports.use, contracts.use") of a report as text. */
void app_report_params_text(const app_report_info *r, char *buf, size_t n);
void app_report_perms_text(const app_report_info *r, char *buf, size_t n);

typedef struct app_report_params {
    const char *period;       /* "2026-10", "2026-Q4", "2026"; NULL: from/to or this month */
    const char *from, *to;    /* YYYY-MM-DD, both or neither */
    int days;                 /* -1: the default */
    const char *year;         /* NULL: this year */
    rpt_format format;
    int width;                /* text: 80 or 132; 0: 80 */
    int lines;                /* text: lines per page; 0: 66 */
    int64_t review_period;    /* a review period's id; 0: the newest of the actor's
                                 department */
} app_report_params;

/* Whether the actor may run report name with p: BD_OK, or the refusal
 * naming the permission (BD_ERR_DENIED) or the parameter ("period: ...",
 * BD_ERR_USAGE / BD_ERR_INVALID).  Writes nothing. */
bd_status app_report_check(app *a, const char *name, const app_report_params *p, bd_err *e);
/* Write report name to fp (a FILE the caller owns, e.g. a preview's);
 * *pages (may be NULL) gets the text format's page count. */
bd_status app_report_write(app *a, const char *name, const app_report_params *p, FILE *fp,
                           int *pages, bd_err *e);
/* Write it to path through io_out (a temporary file renamed into place):
 * on any failure nothing is left behind; an existing file is replaced
 * only with force. */
bd_status app_report_file(app *a, const char *name, const app_report_params *p, const char *path,
                          bool force, int *pages, bd_err *e);

#endif
