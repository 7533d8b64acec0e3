/* Review commands: review open|periods|list|show|rate|submit|peers|figure|
 * check-figures|finalize|grade|calibrate|publish|interview|lock|history|honours, and
 * review plan new|close|list. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

enum { O_SOURCE = 4000, O_COMMENT, O_REASON, O_FORCE, O_NOTES, O_GOALS, O_SUPPORT, O_REVIEW_ON,
       O_RESULT, O_VERSION };

static int need_args(const char *cmd, int argc, int want, const char *what)
{
    return argc - optind == want ? -1 : cli_usage(cmd, "%s", what);
}

/* Parse options of lo into the values (indexed by option - O_SOURCE). */
static int parse(const char *cmd, int argc, char **argv, const struct option *lo,
                 const char **vals)
{
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        if (c < O_SOURCE || c > O_VERSION)
            return EXIT_USAGE;
        vals[c - O_SOURCE] = optarg ? optarg : "1";
    }
    return -1;
}

static const struct option no_opts[] = {{NULL, 0, NULL, 0}};

static int id_at(const char *cmd, char **argv, int i, int64_t *id)
{
    return cli_id_arg(cmd, argv[i], id);
}

static void print_review_row(const store_review *r)
{
    char nm[64], sc[24], m[32];
    printf("%5" PRId64 "  %-7s %-12s %-14s %-12s %-11s %7s %-3s %14s\n", r->id, r->period,
           r->employee_login, bd_text_fit(nm, sizeof nm, r->employee_name, 14, false),
           *r->supervisor_login ? r->supervisor_login : "-", r->state,
           rv_format(r->score, sc, sizeof sc), *r->grade ? r->grade : "-",
           r->bonus < 0 ? "-" : cli_money(r->bonus, m, sizeof m));
}

static int r_open(session *s, const char *cmd, int argc, char **argv)
{
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 2, "give DEPARTMENT PERIOD (2026-11, 2026-Q4, 2026)")) >= 0)
        return rc;
    store_review_period p;
    bd_err e = {0};
    bd_status st = app_review_open(s->a, argv[optind], argv[optind + 1], &p, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    store_review rows[200];
    int n = 0;
    app_review_list(s->a, p.id, rows, 200, &n, NULL);
    printf("review period #%" PRId64 " opened: %s %s, %d reviews\n", p.id, p.department, p.period, n);
    return 0;
}

static int r_periods(session *s, const char *cmd, int argc, char **argv)
{
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 0, "takes no arguments")) >= 0)
        return rc;
    store_review_period rows[200];
    int n = 0;
    bd_err e = {0};
    bd_status st = app_review_periods(s->a, rows, 200, &n, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    if (n == 0)
        printf("no review periods\n");
    for (int i = 0; i < n; i++)
        printf("%5" PRId64 "  %-12s %-7s %-10s opened %s\n", rows[i].id, rows[i].department,
               rows[i].period, rows[i].state, rows[i].opened_at);
    return 0;
}

static int r_list(session *s, const char *cmd, int argc, char **argv)
{
    int64_t pid;
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give the PERIOD id")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &pid)) >= 0)
        return rc;
    store_review rows[500];
    int n = 0;
    bd_err e = {0};
    bd_status st = app_review_list(s->a, pid, rows, 500, &n, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    if (n == 0)
        printf("no reviews that you may see\n");
    for (int i = 0; i < n; i++)
        print_review_row(&rows[i]);
    return 0;
}

static bool review_open_state(const char *state)
{
    return strcmp(state, "self") == 0 || strcmp(state, "rating") == 0;
}

static int r_show(session *s, const char *cmd, int argc, char **argv)
{
    int64_t id;
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give one review ID")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &id)) >= 0)
        return rc;
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    bd_err e = {0};
    bd_status st = app_review_get(s->a, id, d, &e);
    if (st != BD_OK) {
        free(d);
        return cli_fail(st, &e);
    }
    const store_review *r = &d->review;
    char sc[24], m[32], f[32], nm[80];
    printf("review:     #%" PRId64 " %s %s (%s)\nemployee:   %s %s, %s\nsupervisor: %s\n"
           "state:      %s (revision %d)\nperiod:     %s to %s\n",
           r->id, r->department, r->period, d->tpl ? d->tpl->name : r->template_code,
           r->employee_login, r->employee_name, r->employee_role,
           *r->supervisor_login ? r->supervisor_login : "-", r->state, r->revision, d->from, d->to);
    printf("KPIs:\n");
    for (int i = 0; i < d->nkpis; i++) {
        const app_review_kpi *k = &d->kpis[i];
        if (k->kpi->kind == RV_COMPUTED)
            snprintf(f, sizeof f, "%s", k->figure < 0 ? "no data" : rv_format(k->figure, m, sizeof m));
        else
            snprintf(f, sizeof f, "rated");
        printf("  %-14s %-24s %3d%%  %-12s %7s\n", k->kpi->code,
               bd_text_fit(nm, sizeof nm, k->kpi->name, 24, false), k->kpi->weight, f,
               rv_format(k->points, sc, sizeof sc));
    }
    if (d->figures_needed) {
        /* The figures the score uses, and what the records say now when
         * that differs (a record added or changed since the check). */
        if (d->figures_checked)
            printf("figures:    checked by %s at %s\n", r->figures_checked_by_login,
                   r->figures_checked_at);
        else if (!review_open_state(r->state))
            printf("figures:    not checked (finalised with the figures of the day)\n");
        else
            printf("figures:    not checked yet (the supervisor: review check-figures %" PRId64
                   ")\n", r->id);
        for (int i = 0; review_open_state(r->state) && i < d->nkpis; i++) {
            const app_review_kpi *k = &d->kpis[i];
            if (k->kpi->kind == RV_COMPUTED && k->checked && k->live != k->figure)
                printf("  %-14s checked %s, now %s\n", k->kpi->code,
                       k->figure < 0 ? "no data" : rv_format(k->figure, sc, sizeof sc),
                       k->live < 0 ? "no data" : rv_format(k->live, m, sizeof m));
        }
    }
    if (d->annual_periods)
        printf("annual:     the mean of %d finalised review%s of %.4s\n", d->annual_periods,
               d->annual_periods == 1 ? "" : "s", r->period);
    printf("score:      %s\ngrade:      %s\nbonus:      %s\n", rv_format(d->score, sc, sizeof sc),
           *d->grade ? d->grade : "-", d->bonus < 0 ? "-" : cli_money(d->bonus, m, sizeof m));
    if (*r->grade_reason)
        printf("calibrated: %s\n", r->grade_reason);
    if (d->flags)
        printf("flags:     %s%s%s (%d failing in a row)\n",
               d->flags & REVIEW_FLAG_IMPROVEMENT ? " improvement plan required" : "",
               d->flags & REVIEW_FLAG_ESCALATION ? " escalation" : "",
               d->flags & REVIEW_FLAG_PROMOTION ? " promotion candidate" : "", d->streak);
    if (*d->missing && strcmp(r->state, "self") * strcmp(r->state, "rating") == 0)
        printf("waiting:    %s\n", d->missing);
    if (d->nratings)
        printf("ratings:\n");
    for (int i = 0; i < d->nratings; i++)
        printf("  %-14s %-10s %-12s %3d  %s\n", d->ratings[i].kpi, d->ratings[i].source,
               d->ratings[i].rater_login, d->ratings[i].rating, d->ratings[i].comment);
    if (*r->interview)
        printf("interview:  %s\ngoals:      %s\n", r->interview, r->goals);
    free(d);
    return 0;
}

static int r_rate(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"source", required_argument, NULL, O_SOURCE}, {"comment", required_argument, NULL, O_COMMENT},
        {NULL, 0, NULL, 0},
    };
    const char *v[O_VERSION - O_SOURCE + 1] = {0};
    int64_t id;
    int rc = parse(cmd, argc, argv, lo, v);
    if (rc >= 0 || (rc = need_args(cmd, argc, 3, "give the review ID, the KPI and the RATING")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &id)) >= 0)
        return rc;
    char *end;
    long rating = strtol(argv[optind + 2], &end, 10);
    if (*end || !*argv[optind + 2])
        return cli_usage(cmd, "'%s' is not a rating", argv[optind + 2]);
    bd_err e = {0};
    bd_status st = app_review_rate(s->a, id, argv[optind + 1], v[O_SOURCE - O_SOURCE], (int)rating,
                                   v[O_COMMENT - O_SOURCE], &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("review #%" PRId64 ": %s rated %ld\n", id, argv[optind + 1], rating);
    return 0;
}

static int r_submit(session *s, const char *cmd, int argc, char **argv)
{
    int64_t id;
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give one review ID")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &id)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_review_submit_self(s->a, id, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("review #%" PRId64 ": self evaluation submitted\n", id);
    return 0;
}

static int r_peers(session *s, const char *cmd, int argc, char **argv)
{
    int64_t id;
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0)
        return rc;
    if (argc - optind < 2)
        return cli_usage(cmd, "%s", "give the review ID and one or more LOGINs");
    if ((rc = id_at(cmd, argv, optind, &id)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_review_peers(s->a, id, (const char *const *)argv + optind + 1,
                                    argc - optind - 1, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("review #%" PRId64 ": %d peers named\n", id, argc - optind - 1);
    return 0;
}

static int print_record(void *ctx, const char *kind, int64_t id, const char *what)
{
    (*(int *)ctx)++;
    printf("  %-12s #%-6" PRId64 " %s\n", kind, id, what);
    return 0;
}

static int r_figure(session *s, const char *cmd, int argc, char **argv)
{
    int64_t id;
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 2, "give the review ID and a computed KPI")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &id)) >= 0)
        return rc;
    int n = 0;
    bd_err e = {0};
    bd_status st = app_review_records(s->a, id, argv[optind + 1], print_record, &n, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    if (n == 0)
        printf("  no records count toward it\n");
    return 0;
}

static int r_check_figures(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {{"version", required_argument, NULL, O_VERSION},
                                       {NULL, 0, NULL, 0}};
    const char *v[O_VERSION - O_SOURCE + 1] = {0};
    int64_t id, version = 0;
    int rc = parse(cmd, argc, argv, lo, v);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give one review ID")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &id)) >= 0)
        return rc;
    if (v[O_VERSION - O_SOURCE] && (rc = cli_id_arg(cmd, v[O_VERSION - O_SOURCE], &version)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_review_check_figures(s->a, id, version, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    if ((st = app_review_get(s->a, id, d, &e)) != BD_OK) {
        free(d);
        return cli_fail(st, &e);
    }
    printf("review #%" PRId64 ": figures checked\n", id);
    for (int i = 0; i < d->nkpis; i++) {
        char f[24];
        if (d->kpis[i].kpi->kind == RV_COMPUTED)
            printf("  %-14s %s\n", d->kpis[i].kpi->code,
                   d->kpis[i].figure < 0 ? "no data" : rv_format(d->kpis[i].figure, f, sizeof f));
    }
    free(d);
    return 0;
}

static int r_finalize(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {{"force", no_argument, NULL, O_FORCE}, {NULL, 0, NULL, 0}};
    const char *v[O_VERSION - O_SOURCE + 1] = {0};
    int64_t pid;
    int rc = parse(cmd, argc, argv, lo, v);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give the PERIOD id")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &pid)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_review_finalize(s->a, pid, v[O_FORCE - O_SOURCE] != NULL, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("review period #%" PRId64 " finalised\n", pid);
    return 0;
}

static int r_grade(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"reason", required_argument, NULL, O_REASON}, {"version", required_argument, NULL, O_VERSION},
        {NULL, 0, NULL, 0},
    };
    const char *v[O_VERSION - O_SOURCE + 1] = {0};
    int64_t id, version = 0;
    int rc = parse(cmd, argc, argv, lo, v);
    if (rc >= 0 || (rc = need_args(cmd, argc, 2, "give the review ID and the GRADE")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &id)) >= 0)
        return rc;
    if (v[O_VERSION - O_SOURCE] && (rc = cli_id_arg(cmd, v[O_VERSION - O_SOURCE], &version)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_review_grade(s->a, id, argv[optind + 1], v[O_REASON - O_SOURCE], version, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("review #%" PRId64 ": grade %s\n", id, argv[optind + 1]);
    return 0;
}

static int r_calibrate(session *s, const char *cmd, int argc, char **argv)
{
    int64_t pid;
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give the PERIOD id")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &pid)) >= 0)
        return rc;
    store_review *rows = bd_xcalloc(500, sizeof *rows);
    app_calibration c;
    int n = 0;
    bd_err e = {0};
    bd_status st = app_review_calibration(s->a, pid, rows, 500, &n, &c, &e);
    if (st != BD_OK) {
        free(rows);
        return cli_fail(st, &e);
    }
    printf("calibration: %s %s (%s), %d reviews\n", c.period.department, c.period.period,
           c.period.state, c.nreviews);
    printf(" RANK  ID     EMPLOYEE     NAME           SUPERVISOR   STATE         SCORE GRADE"
           "          BONUS\n");
    for (int i = 0; i < n; i++) {
        printf("%5d", i + 1);
        print_review_row(&rows[i]);
    }
    printf("grades:      ");
    for (int g = 0; g < c.ngrades; g++)
        printf("%-10s", c.grades[g]);
    printf("\nall:         ");
    for (int g = 0; g < c.ngrades; g++) {
        char cell[32];
        snprintf(cell, sizeof cell, "%d (%d%%)", c.total[g],
                 c.nreviews ? (c.total[g] * 100 + c.nreviews / 2) / c.nreviews : 0);
        printf("%-10s", cell);
    }
    if (c.ngrades && c.target_pct[0] >= 0) {
        printf("\ntarget:      ");
        for (int g = 0; g < c.ngrades; g++) {
            char cell[16];
            snprintf(cell, sizeof cell, "%d%%", c.target_pct[g]);
            printf("%-10s", cell);
        }
    }
    for (int sv = 0; sv < c.nsupervisors; sv++) {
        printf("\n%-12s ", c.supervisors[sv]);
        for (int g = 0; g < c.ngrades; g++)
            printf("%-10d", c.by_supervisor[sv][g]);
    }
    char m[32];
    printf("\nbonus pool:  %s\n", cli_money(c.bonus_pool, m, sizeof m));
    free(rows);
    return 0;
}

static int period_cmd(session *s, const char *cmd, int argc, char **argv,
                      bd_status (*fn)(app *, int64_t, bd_err *), const char *done)
{
    int64_t pid;
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give the PERIOD id")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &pid)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = fn(s->a, pid, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("review period #%" PRId64 " %s\n", pid, done);
    return 0;
}

static int r_publish(session *s, const char *cmd, int argc, char **argv)
{
    return period_cmd(s, cmd, argc, argv, app_review_publish, "published");
}

static int r_lock(session *s, const char *cmd, int argc, char **argv)
{
    return period_cmd(s, cmd, argc, argv, app_review_lock, "locked");
}

static int r_interview(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"notes", required_argument, NULL, O_NOTES}, {"goals", required_argument, NULL, O_GOALS},
        {NULL, 0, NULL, 0},
    };
    const char *v[O_VERSION - O_SOURCE + 1] = {0};
    int64_t id;
    int rc = parse(cmd, argc, argv, lo, v);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give one review ID")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &id)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_review_interview(s->a, id, v[O_NOTES - O_SOURCE], v[O_GOALS - O_SOURCE], &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("review #%" PRId64 ": interview recorded\n", id);
    return 0;
}

static int r_history(session *s, const char *cmd, int argc, char **argv)
{
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0)
        return rc;
    if (argc - optind > 1)
        return cli_usage(cmd, "%s", "give at most one LOGIN");
    store_review rows[200];
    int n = 0;
    bd_err e = {0};
    bd_status st = app_review_history(s->a, argc > optind ? argv[optind] : NULL, rows, 200, &n, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    if (n == 0)
        printf("no reviews\n");
    /* A bar per period: one # for every 5 points. */
    for (int i = 0; i < n; i++) {
        char sc[24], bar[32] = "";
        int len = rows[i].score < 0 ? 0 : (int)(rows[i].score / 500);
        for (int k = 0; k < len && k < 24; k++)
            bar[k] = '#';
        bar[len < 24 ? len : 24] = '\0';
        printf("%-7s %-11s %7s %-3s %s\n", rows[i].period, rows[i].state,
               rv_format(rows[i].score, sc, sizeof sc), *rows[i].grade ? rows[i].grade : "-", bar);
    }
    return 0;
}

static int r_honours(session *s, const char *cmd, int argc, char **argv)
{
    int64_t pid;
    int rc = parse(cmd, argc, argv, no_opts, NULL);
    if (rc >= 0 || (rc = need_args(cmd, argc, 1, "give the PERIOD id")) >= 0 ||
        (rc = id_at(cmd, argv, optind, &pid)) >= 0)
        return rc;
    app_honour rows[16];
    int n = 0;
    bd_err e = {0};
    bd_status st = app_review_honours(s->a, pid, rows, 16, &n, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    if (n == 0)
        printf("no honours this period\n");
    for (int i = 0; i < n; i++) {
        char f[32];
        printf("%s: %s %s (%s)\n", rows[i].honour->name, rows[i].login, rows[i].name,
               rv_format(rows[i].figure, f, sizeof f));
    }
    return 0;
}

static int r_plan(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"goals", required_argument, NULL, O_GOALS},     {"support", required_argument, NULL, O_SUPPORT},
        {"review-on", required_argument, NULL, O_REVIEW_ON}, {"result", required_argument, NULL, O_RESULT},
        {NULL, 0, NULL, 0},
    };
    const char *v[O_VERSION - O_SOURCE + 1] = {0};
    if (argc < 2)
        return cli_usage(cmd, "%s", "give new, close or list");
    const char *sub = argv[1];
    argc--, argv++;
    int rc = parse(cmd, argc, argv, lo, v);
    if (rc >= 0)
        return rc;
    bd_err e = {0};
    bd_status st;
    int64_t id;
    if (strcmp(sub, "new") == 0) {
        if ((rc = need_args(cmd, argc, 1, "give the review ID")) >= 0 ||
            (rc = id_at(cmd, argv, optind, &id)) >= 0)
            return rc;
        store_improvement_plan p;
        st = app_plan_new(s->a, id, v[O_GOALS - O_SOURCE], v[O_SUPPORT - O_SOURCE],
                          v[O_REVIEW_ON - O_SOURCE], &p, &e);
        if (st == BD_OK)
            printf("improvement plan #%" PRId64 " for %s, review on %s\n", p.id,
                   argv[optind], p.review_on);
    } else if (strcmp(sub, "close") == 0) {
        if ((rc = need_args(cmd, argc, 2, "give the plan ID and passed, failed or escalated")) >= 0 ||
            (rc = id_at(cmd, argv, optind, &id)) >= 0)
            return rc;
        st = app_plan_close(s->a, id, argv[optind + 1], v[O_RESULT - O_SOURCE], &e);
        if (st == BD_OK)
            printf("improvement plan #%" PRId64 " %s\n", id, argv[optind + 1]);
    } else if (strcmp(sub, "list") == 0) {
        store_improvement_plan rows[100];
        int n = 0;
        st = app_plan_list(s->a, argc > optind ? argv[optind] : NULL, rows, 100, &n, &e);
        for (int i = 0; st == BD_OK && i < n; i++)
            printf("%5" PRId64 "  %-12s %-9s review on %s  %s\n", rows[i].id, rows[i].employee_login,
                   rows[i].state, rows[i].review_on, rows[i].goals);
        if (st == BD_OK && n == 0)
            printf("no improvement plans\n");
    } else {
        return cli_usage(cmd, "'%s' is not new, close or list", sub);
    }
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

int cli_cmd_review(const cli_opts *o, int argc, char **argv)
{
    static const cli_subcmd t[] = {
        {"open", r_open},         {"periods", r_periods},   {"list", r_list},
        {"show", r_show},         {"rate", r_rate},         {"submit", r_submit},
        {"peers", r_peers},       {"figure", r_figure},     {"check-figures", r_check_figures},
        {"finalize", r_finalize},
        {"grade", r_grade},       {"calibrate", r_calibrate}, {"publish", r_publish},
        {"interview", r_interview}, {"lock", r_lock},       {"history", r_history},
        {"honours", r_honours},   {"plan", r_plan},
    };
    return cli_dispatch(o, "review", t, sizeof t / sizeof t[0], argc, argv);
}
