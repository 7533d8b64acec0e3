/* bizdesk report list | report NAME [parameters] [--format F] -o FILE [--force]:
 * the reports of app/reports.c written to a file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

/* Dispatched from commands.c's table. */
int cli_cmd_report(const cli_opts *o, int argc, char **argv);

static int report_list(int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("report list", "unexpected argument '%s'", argv[1]);
    char name[64], params[96], perms[96];
    printf("%-15s %-28s %-27s %s\n", "NAME", "PARAMETERS", "PERMISSION", "TITLE");
    for (int i = 0; app_report_at(i); i++) {
        const app_report_info *r = app_report_at(i);
        char p[64], q[64];
        app_report_params_text(r, p, sizeof p);
        app_report_perms_text(r, q, sizeof q);
        printf("%s %s %s %s\n", bd_text_fit(name, sizeof name, r->name, 15, false),
               bd_text_fit(params, sizeof params, p, 28, false),
               bd_text_fit(perms, sizeof perms, q, 27, false), r->title);
    }
    return 0;
}

/* A whole number option in lo..hi into *out: -1, else the usage status. */
static int int_opt(const char *cmd, const char *opt, const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) {
        fprintf(stderr, "bizdesk %s: %s: '%s' is not a whole number from %d to %d\n"
                        "Try 'bizdesk --help'.\n", cmd, opt, s, lo, hi);
        return EXIT_USAGE;
    }
    *out = (int)v;
    return -1;
}

/* The format a file name suggests: .csv, .html/.htm, else text. */
static rpt_format format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && strchr(dot, '/') == NULL) {
        if (strcmp(dot, ".csv") == 0)
            return RPT_CSV;
        if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0)
            return RPT_HTML;
    }
    return RPT_TXT;
}

/* A refusal that names a parameter ("period: ...") is a mistake on the
 * command line: say so with the option's name. */
static int report_fail(const char *cmd, bd_status st, const bd_err *e)
{
    static const char *const params[] = {"period", "from", "to", "days", "year", "width",
                                         "lines", "review-period"};
    for (size_t i = 0; st != BD_ERR_DENIED && i < sizeof params / sizeof params[0]; i++) {
        size_t n = strlen(params[i]);
        if (strncmp(e->msg, params[i], n) == 0 && e->msg[n] == ':') {
            fprintf(stderr, "bizdesk %s: --%s\nTry 'bizdesk --help'.\n", cmd, e->msg);
            return EXIT_USAGE;
        }
    }
    return cli_fail(st, e);
}

int cli_cmd_report(const cli_opts *o, int argc, char **argv)
{
    enum { O_PERIOD = 1000, O_FROM, O_TO, O_DAYS, O_YEAR, O_FORMAT, O_WIDTH, O_LINES, O_FORCE,
           O_REVIEW };
    static const struct option lo[] = {
        {"period", required_argument, NULL, O_PERIOD},
        {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},
        {"days", required_argument, NULL, O_DAYS},
        {"year", required_argument, NULL, O_YEAR},
        {"format", required_argument, NULL, O_FORMAT},
        {"width", required_argument, NULL, O_WIDTH},
        {"lines", required_argument, NULL, O_LINES},
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, O_FORCE},
        {"review-period", required_argument, NULL, O_REVIEW},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2)
        return cli_usage("report", "%s", "give list, or a report's NAME and -o FILE");
    if (strcmp(argv[1], "list") == 0)
        return report_list(argc - 1, argv + 1);
    const char *name = argv[1];
    if (!app_report_find(name))
        return cli_usage("report", "'%s' is not a report ('bizdesk report list' names them)",
                         name);
    char cmd[64];
    snprintf(cmd, sizeof cmd, "report %s", name);
    app_report_params p = {.days = -1};
    const char *path = NULL;
    bool force = false, format_set = false;
    int c, rc = -1;
    argc--, argv++;
    cli_getopt_reset();
    while (rc < 0 && (c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        switch (c) {
        case O_PERIOD: p.period = optarg; break;
        case O_FROM: p.from = optarg; break;
        case O_TO: p.to = optarg; break;
        case O_YEAR: p.year = optarg; break;
        case 'o': path = optarg; break;
        case O_FORCE: force = true; break;
        case O_REVIEW: {
            char *end;
            long long v = strtoll(optarg, &end, 10);
            if (!*optarg || *end || v < 1)
                rc = cli_usage(cmd, "--review-period '%s': give a review period's id "
                               "('bizdesk review periods' lists them)", optarg);
            else
                p.review_period = v;
            break;
        }
        case O_DAYS: rc = int_opt(cmd, "--days", optarg, 0, 3650, &p.days); break;
        case O_WIDTH: rc = int_opt(cmd, "--width", optarg, 1, 1000, &p.width); break;
        case O_LINES: rc = int_opt(cmd, "--lines", optarg, 1, 100000, &p.lines); break;
        case O_FORMAT:
            format_set = true;
            if (!rpt_format_parse(optarg, &p.format))
                rc = cli_usage(cmd, "--format '%s': give txt, csv or html", optarg);
            break;
        default: rc = EXIT_USAGE;
        }
    }
    if (rc >= 0)
        return rc;
    if (optind < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    if (!path || !*path)
        return cli_usage(cmd, "%s", "give -o FILE: where to write the report");
    if (!format_set)
        p.format = format_of(path);
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    bd_err e = {0};
    int pages = 0;
    bd_status st = app_report_file(s.a, name, &p, path, force, &pages, &e);
    if (st == BD_OK) {
        if (p.format == RPT_TXT)
            printf("wrote %s (%d page%s)\n", path, pages, pages == 1 ? "" : "s");
        else
            printf("wrote %s\n", path);
        rc = 0;
    } else {
        rc = report_fail(cmd, st, &e);
    }
    cli_session_close(&s);
    return rc;
}
