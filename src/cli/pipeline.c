/* Pipeline commands: lead add/list/show/move/assign, activity add/list,
 * import leads, export leads. */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_internal.h"
#include "csvio.h"
#include "io.h"

static int parse_id(const char *cmd, const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*s == '#')
        v = strtoll(s + 1, &end, 10);
    if (!*s || *end || v < 1)
        return cli_usage(cmd, "'%s' is not an opportunity number", s);
    *out = v;
    return -1;
}

static const char *money_text(int64_t v, char *buf, size_t n)
{
    if (v < 0)
        return bd_strlcpy(buf, "-", n), buf;
    return bd_money_format(v, true, buf, n);
}

/* ---- Filters shared by list and export ------------------------------------ */

enum { OPT_STAGE = 1000, OPT_OWNER, OPT_SOURCE, OPT_CLASS, OPT_SEARCH, OPT_SORT, OPT_DESC,
       OPT_OPEN, OPT_FORCE, OPT_COMPANY, OPT_CONTACT, OPT_TITLE, OPT_PHONE, OPT_EMAIL,
       OPT_INDUSTRY, OPT_REGION, OPT_CITY, OPT_VALUE, OPT_BUDGET, OPT_CLOSE, OPT_FOLLOWUP,
       OPT_NEEDS, OPT_REASON, OPT_KIND, OPT_SUMMARY, OPT_DATE, OPT_BACKGROUND, OPT_GOALS,
       OPT_DISAGREE, OPT_LESSONS, OPT_ENCODING, OPT_DELIM, OPT_MAP, OPT_ONDUP, OPT_DRY,
       OPT_REJECTS, OPT_PLAN, OPT_QUIET, OPT_SAVEMAP, OPT_USEMAP, OPT_CPHONE, OPT_CEMAIL };

#define FILTER_OPTIONS                                                                  \
    {"stage", required_argument, NULL, OPT_STAGE},                                      \
    {"owner", required_argument, NULL, OPT_OWNER},                                      \
    {"source", required_argument, NULL, OPT_SOURCE},                                    \
    {"class", required_argument, NULL, OPT_CLASS},                                      \
    {"search", required_argument, NULL, OPT_SEARCH},                                    \
    {"sort", required_argument, NULL, OPT_SORT},                                        \
    {"desc", no_argument, NULL, OPT_DESC},                                              \
    {"open", no_argument, NULL, OPT_OPEN}

typedef struct filters {
    store_opp_query q;
    const char *owner;
    const char *closed[8];
} filters;

/* One filter option into f; -1 to go on, else an exit status. */
static int filter_option(const char *cmd, int c, filters *f, const policy *p)
{
    static const struct { const char *name; store_opp_sort sort; } sorts[] = {
        {"company", STORE_OPP_BY_COMPANY}, {"value", STORE_OPP_BY_VALUE},
        {"close", STORE_OPP_BY_CLOSE},     {"followup", STORE_OPP_BY_FOLLOWUP},
        {"age", STORE_OPP_BY_STAGE_SINCE}, {"id", STORE_OPP_BY_ID},
    };
    switch (c) {
    case OPT_STAGE:
        if (policy_stage_index(p, optarg) < 0)
            return cli_usage(cmd, "'%s' is not a stage in pipeline.yaml", optarg);
        f->q.stage = optarg;
        return -1;
    case OPT_OWNER: f->owner = optarg; return -1;
    case OPT_SOURCE: f->q.source = optarg; return -1;
    case OPT_CLASS: f->q.class_code = optarg; return -1;
    case OPT_SEARCH: f->q.search = optarg; return -1;
    case OPT_DESC: f->q.desc = true; return -1;
    case OPT_OPEN: {
        int n = 0;
        for (size_t i = 0; i < p->nstages && n < 8; i++)
            if (p->stages[i].won || p->stages[i].lost)
                f->closed[n++] = p->stages[i].code;
        f->q.open_only = true;
        f->q.closed_stages = f->closed;
        f->q.nclosed = n;
        return -1;
    }
    case OPT_SORT:
        for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
            if (strcmp(optarg, sorts[i].name) == 0) {
                f->q.sort = sorts[i].sort;
                return -1;
            }
        return cli_usage(cmd, "--sort '%s': use company, value, close, followup, age or id", optarg);
    default:
        return EXIT_USAGE;
    }
}

/* Resolve --owner LOGIN to an id. */
static int filter_owner(session *s, filters *f)
{
    if (!f->owner)
        return -1;
    store_user u;
    bd_err e = {0};
    bd_status st = app_user_get(s->a, f->owner, &u, &e);
    if (st == BD_ERR_DENIED) {
        /* Reading users is an admin right; the owner filter only needs the id. */
        const app_actor *me = app_actor_get(s->a);
        if (strcmp(me->user.login, f->owner) == 0) {
            f->q.owner_id = me->user.id;
            return -1;
        }
    }
    if (st != BD_OK) {
        fprintf(stderr, "bizdesk: --owner: no user '%s' that you may see\n", f->owner);
        return EXIT_FAIL;
    }
    f->q.owner_id = u.id;
    return -1;
}

/* ---- lead ----------------------------------------------------------------------- */

static void print_opp_row(const store_opp *o)
{
    char co[160], ct[64], stg[64], val[32];
    char money[32];
    printf("%6" PRId64 "  %s  %s  %s  %s  %-10s  %-10s  %s\n", o->id,
           bd_text_fit(co, sizeof co, o->company, 24, false),
           bd_text_fit(ct, sizeof ct, *o->contact_name ? o->contact_name : "-", 12, false),
           bd_text_fit(stg, sizeof stg, o->stage, 14, false),
           bd_text_fit(val, sizeof val, money_text(o->value, money, sizeof money), 16, true),
           *o->close_date ? o->close_date : "-", *o->next_followup ? o->next_followup : "-",
           o->owner_login);
}

static int lead_list(session *s, int argc, char **argv)
{
    static const struct option lo[] = {FILTER_OPTIONS, {NULL, 0, NULL, 0}};
    filters f = {.q = {.limit = 200}};
    const policy *p = app_policy(s->a);
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt("lead list", argc, argv, lo)) != -1)
        if (c == '?' || (rc = filter_option("lead list", c, &f, p)) >= 0)
            return c == '?' ? EXIT_USAGE : rc;
    if (optind < argc)
        return cli_usage("lead list", "unexpected argument '%s'", argv[optind]);
    if ((rc = filter_owner(s, &f)) >= 0)
        return rc;
    store_opp *rows = bd_xcalloc(200, sizeof *rows);
    store_opp last;
    bd_err e = {0};
    bd_status st = BD_OK;
    printf("%6s  %-24s  %-12s  %-14s  %16s  %-10s  %-10s  %s\n", "ID", "COMPANY", "CONTACT",
           "STAGE", "VALUE", "CLOSE", "FOLLOW-UP", "OWNER");
    for (;;) {
        int n = 0;
        if ((st = app_opp_page(s->a, &f.q, rows, &n, &e)) != BD_OK)
            break;
        for (int i = 0; i < n; i++)
            print_opp_row(&rows[i]);
        if (n < f.q.limit)
            break;
        last = rows[n - 1];
        f.q.after = &last;
    }
    free(rows);
    if (st != BD_OK)
        return cli_fail(st, &e);
    /* Totals for the filter: count, value, probability-weighted value. */
    store_stage_sum sums[64];
    int n = 0;
    if ((st = app_opp_sums(s->a, &f.q, sums, 64, &n, &e)) != BD_OK)
        return cli_fail(st, &e);
    int64_t count = 0, value = 0, weighted = 0;
    for (int i = 0; i < n; i++) {
        int k = policy_stage_index(p, sums[i].stage);
        count += sums[i].count;
        value += sums[i].value;
        weighted += k >= 0 ? sums[i].value / 100 * p->stages[k].probability +
                                 sums[i].value % 100 * p->stages[k].probability / 100
                           : 0;
    }
    char v1[32], v2[32];
    printf("%" PRId64 " opportunit%s, value %s, weighted %s %s\n", count, count == 1 ? "y" : "ies",
           bd_money_format(value, true, v1, sizeof v1), bd_money_format(weighted, true, v2, sizeof v2),
           p->currency);
    return 0;
}

static int lead_show(session *s, int argc, char **argv)
{
    int64_t id;
    int rc;
    if (argc != 2)
        return cli_usage("lead show", "%s", "give one opportunity number");
    if ((rc = parse_id("lead show", argv[1], &id)) >= 0)
        return rc;
    store_opp o;
    bd_err e = {0};
    bd_status st = app_opp_get(s->a, id, &o, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    const policy *p = app_policy(s->a);
    int k = policy_stage_index(p, o.stage);
    char v[32], b[32];
    printf("opportunity: #%" PRId64 "\ncustomer:    #%" PRId64 "\ncompany:     %s\ncontact:     %s\nstage:       %s (%d%%) since %s\n"
           "source:      %s\nvalue:       %s\nbudget:      %s\nclose date:  %s\nfollow-up:   %s\n"
           "needs:       %s\nlost reason: %s\nowner:       %s\n",
           o.id, o.customer_id, o.company, *o.contact_name ? o.contact_name : "-",
           k >= 0 ? p->stages[k].name : o.stage, k >= 0 ? p->stages[k].probability : 0,
           o.stage_since, *o.source ? o.source : "-", money_text(o.value, v, sizeof v),
           money_text(o.budget, b, sizeof b), *o.close_date ? o.close_date : "-",
           *o.next_followup ? o.next_followup : "-", *o.needs ? o.needs : "-",
           *o.lost_reason ? o.lost_reason : "-", o.owner_login);
    if (*o.flagged)
        printf("flagged:     %s\n", o.flagged);
    printf("version:     %" PRId64 "\n", o.version);
    store_activity acts[20];
    int n = 0;
    if (app_activity_list(s->a, id, acts, 20, &n, &e) == BD_OK && n > 0) {
        printf("activities:\n");
        for (int i = 0; i < n; i++)
            printf("  %s  %-11s %-12s %s\n", acts[i].on_date, acts[i].kind, acts[i].actor_login,
                   acts[i].summary);
    }
    return 0;
}

#define LEAD_FIELD_OPTIONS                                                              \
    {"company", required_argument, NULL, OPT_COMPANY},                                  \
    {"contact", required_argument, NULL, OPT_CONTACT},                                  \
    {"title", required_argument, NULL, OPT_TITLE},                                      \
    {"phone", required_argument, NULL, OPT_PHONE},                                      \
    {"email", required_argument, NULL, OPT_EMAIL},                                      \
    {"industry", required_argument, NULL, OPT_INDUSTRY},                                \
    {"region", required_argument, NULL, OPT_REGION},                                    \
    {"city", required_argument, NULL, OPT_CITY},                                        \
    {"source", required_argument, NULL, OPT_SOURCE},                                    \
    {"class", required_argument, NULL, OPT_CLASS},                                      \
    {"owner", required_argument, NULL, OPT_OWNER}

#define CHANGE_OPTIONS                                                                  \
    {"value", required_argument, NULL, OPT_VALUE},                                      \
    {"budget", required_argument, NULL, OPT_BUDGET},                                    \
    {"close", required_argument, NULL, OPT_CLOSE},                                      \
    {"followup", required_argument, NULL, OPT_FOLLOWUP},                                \
    {"needs", required_argument, NULL, OPT_NEEDS}

static int lead_add(session *s, int argc, char **argv)
{
    static const struct option lo[] = {LEAD_FIELD_OPTIONS, CHANGE_OPTIONS, {NULL, 0, NULL, 0}};
    app_lead_input in = {0};
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt("lead add", argc, argv, lo)) != -1) {
        switch (c) {
        case OPT_COMPANY: in.company = optarg; break;
        case OPT_CONTACT: in.contact_name = optarg; break;
        case OPT_TITLE: in.title = optarg; break;
        case OPT_PHONE: in.phone = optarg; break;
        case OPT_EMAIL: in.email = optarg; break;
        case OPT_INDUSTRY: in.industry = optarg; break;
        case OPT_REGION: in.region = optarg; break;
        case OPT_CITY: in.city = optarg; break;
        case OPT_SOURCE: in.source = optarg; break;
        case OPT_CLASS: in.class_code = optarg; break;
        case OPT_OWNER: in.owner = optarg; break;
        case OPT_VALUE: in.value = optarg; break;
        case OPT_BUDGET: in.budget = optarg; break;
        case OPT_CLOSE: in.close_date = optarg; break;
        case OPT_FOLLOWUP: in.next_followup = optarg; break;
        case OPT_NEEDS: in.needs = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage("lead add", "unexpected argument '%s'", argv[optind]);
    store_opp o;
    bd_err e = {0};
    bd_status st = app_lead_add(s->a, &in, &o, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("added lead #%" PRId64 " (%s) for %s\n", o.id, o.company, o.owner_login);
    return 0;
}

static int lead_move(session *s, int argc, char **argv)
{
    static const struct option lo[] = {CHANGE_OPTIONS, {"reason", required_argument, NULL, OPT_REASON},
                                       {"contact", required_argument, NULL, OPT_CONTACT},
                                       {"contact-phone", required_argument, NULL, OPT_CPHONE},
                                       {"contact-email", required_argument, NULL, OPT_CEMAIL},
                                       {NULL, 0, NULL, 0}};
    app_opp_change ch = {0};
    int c, rc;
    /* ID STAGE come first; the fields to set follow them. */
    if (argc < 3 || argv[1][0] == '-' || argv[2][0] == '-')
        return cli_usage("lead move", "%s", "give ID STAGE [--value ...]");
    const char *id_text = argv[1], *stage = argv[2];
    argv += 2, argc -= 2;
    cli_getopt_reset();
    while ((c = cli_getopt("lead move", argc, argv, lo)) != -1) {
        switch (c) {
        case OPT_VALUE: ch.value = optarg; break;
        case OPT_BUDGET: ch.budget = optarg; break;
        case OPT_CLOSE: ch.close_date = optarg; break;
        case OPT_FOLLOWUP: ch.next_followup = optarg; break;
        case OPT_NEEDS: ch.needs = optarg; break;
        case OPT_REASON: ch.lost_reason = optarg; break;
        case OPT_CONTACT: ch.contact_name = optarg; break;
        case OPT_CPHONE: ch.contact_phone = optarg; break;
        case OPT_CEMAIL: ch.contact_email = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage("lead move", "unexpected argument '%s'", argv[optind]);
    int64_t id;
    if ((rc = parse_id("lead move", id_text, &id)) >= 0)
        return rc;
    store_opp o;
    bd_err e = {0};
    bd_status st = app_opp_move(s->a, id, stage, &ch, 0, &o, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("#%" PRId64 " is now in %s\n", o.id, o.stage);
    return 0;
}

static int lead_assign(session *s, int argc, char **argv)
{
    int64_t id;
    int rc;
    if (argc != 3)
        return cli_usage("lead assign", "%s", "give ID LOGIN");
    if ((rc = parse_id("lead assign", argv[1], &id)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_opp_reassign(s->a, id, argv[2], &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("#%" PRId64 " now belongs to %s\n", id, argv[2]);
    return 0;
}

static int print_customer_opp(void *ctx, const store_opp *o, const store_contact *ct)
{
    (void)ctx, (void)ct;
    print_opp_row(o);
    return 0;
}

static int customer_set(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        {"credit-limit", required_argument, NULL, OPT_VALUE},
        {"class", required_argument, NULL, OPT_CLASS},
        {NULL, 0, NULL, 0},
    };
    const char *limit = NULL, *cls = NULL;
    int c, rc;
    int64_t id;
    cli_getopt_reset();
    while ((c = cli_getopt("customer set", argc, argv, lo)) != -1) {
        if (c == OPT_VALUE)
            limit = optarg;
        else if (c == OPT_CLASS)
            cls = optarg;
        else
            return EXIT_USAGE;
    }
    if (argc - optind != 1 || (!limit && !cls))
        return cli_usage("customer set", "%s", "give CUSTOMER --credit-limit AMOUNT and/or --class CODE");
    if ((rc = parse_id("customer set", argv[optind], &id)) >= 0)
        return rc;
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_customer_set(s.a, id, limit, cls, &e);
    if (st == BD_OK)
        printf("customer #%" PRId64 " changed\n", id);
    rc = st == BD_OK ? 0 : cli_fail(st, &e);
    cli_session_close(&s);
    return rc;
}

int cli_cmd_customer(const cli_opts *o, int argc, char **argv)
{
    int64_t id;
    int rc;
    if (argc >= 2 && strcmp(argv[1], "set") == 0)
        return customer_set(o, argc - 1, argv + 1);
    if (argc != 3 || strcmp(argv[1], "show") != 0)
        return cli_usage("customer", "%s", "give show CUSTOMER or set CUSTOMER ...");
    if ((rc = parse_id("customer show", argv[2], &id)) >= 0)
        return rc;
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    app_customer_card *card = bd_xcalloc(1, sizeof *card);
    bd_err e = {0};
    bd_status st = app_customer_card_get(s.a, id, card, &e);
    if (st == BD_OK) {
        const store_customer *c = &card->customer;
        const policy *p = app_policy(s.a);
        int k = policy_class_index(p, c->class_code);
        char limit[32];
        printf("customer:     #%" PRId64 "\nname:         %s\nclass:        %s\nindustry:     %s\n"
               "region/city:  %s %s\ncredit limit: %s\nowner:        %s\nlast contact: %s\n",
               c->id, c->name, k >= 0 ? p->classes[k].name : c->class_code,
               *c->industry ? c->industry : "-", c->region, c->city,
               bd_money_format(c->credit_limit, true, limit, sizeof limit), c->owner_login,
               *c->last_contact ? c->last_contact : "never");
        if (card->satisfaction_count)
            printf("satisfaction: %" PRId64 ".%02" PRId64 " of 5 (%" PRId64 " surveys)\n",
                   card->satisfaction_avg100 / 100, card->satisfaction_avg100 % 100,
                   card->satisfaction_count);
        printf("contacts:\n");
        for (int i = 0; i < card->ncontacts; i++)
            printf("  %s  %s  %s  %s\n", card->contacts[i].name,
                   *card->contacts[i].title ? card->contacts[i].title : "-",
                   *card->contacts[i].phone ? card->contacts[i].phone : "-",
                   *card->contacts[i].email ? card->contacts[i].email : "-");
        printf("opportunities:\n");
        store_opp_query q = {.customer_id = id, .sort = STORE_OPP_BY_ID};
        st = app_opp_each(s.a, &q, print_customer_opp, NULL, &e);
        if (card->ncomplaints)
            printf("complaints:\n");
        for (int i = 0; i < card->ncomplaints; i++)
            printf("  #%" PRId64 "  %s  %-13s %s\n", card->complaints[i].id,
                   card->complaints[i].opened_on, card->complaints[i].state,
                   card->complaints[i].summary);
    }
    rc = st == BD_OK ? 0 : cli_fail(st, &e);
    free(card);
    cli_session_close(&s);
    return rc;
}

int cli_cmd_lead(const cli_opts *o, int argc, char **argv)
{
    static const char *const subs[] = {"add", "list", "show", "move", "assign"};
    int k = -1;
    for (int i = 0; argc >= 2 && i < 5; i++)
        if (strcmp(argv[1], subs[i]) == 0)
            k = i;
    if (k < 0)
        return cli_usage("lead", "%s", "give add, list, show, move or assign");
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    switch (k) {
    case 0: rc = lead_add(&s, argc - 1, argv + 1); break;
    case 1: rc = lead_list(&s, argc - 1, argv + 1); break;
    case 2: rc = lead_show(&s, argc - 1, argv + 1); break;
    case 3: rc = lead_move(&s, argc - 1, argv + 1); break;
    default: rc = lead_assign(&s, argc - 1, argv + 1); break;
    }
    cli_session_close(&s);
    return rc;
}

/* ---- activity -------------------------------------------------------------------- */

int cli_cmd_activity(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        {"kind", required_argument, NULL, OPT_KIND},
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"date", required_argument, NULL, OPT_DATE},
        {"next", required_argument, NULL, OPT_FOLLOWUP},
        {"background", required_argument, NULL, OPT_BACKGROUND},
        {"goals-met", required_argument, NULL, OPT_GOALS},
        {"disagreements", required_argument, NULL, OPT_DISAGREE},
        {"lessons", required_argument, NULL, OPT_LESSONS},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "add") != 0)
        return cli_usage("activity", "%s", "give add ID --kind KIND --summary TEXT");
    app_activity_input in = {0};
    int c, rc;
    const char *id_text = NULL;
    argc--, argv++;
    if (argc >= 2 && argv[1][0] != '-') { /* ID first, then the options */
        id_text = argv[1];
        argc--, argv++;
    }
    cli_getopt_reset();
    while ((c = cli_getopt("activity add", argc, argv, lo)) != -1) {
        switch (c) {
        case OPT_KIND: in.kind = optarg; break;
        case OPT_SUMMARY: in.summary = optarg; break;
        case OPT_DATE: in.date = optarg; break;
        case OPT_FOLLOWUP: in.next_followup = optarg; break;
        case OPT_BACKGROUND: in.background = optarg; break;
        case OPT_GOALS: in.goals_met = optarg; break;
        case OPT_DISAGREE: in.disagreements = optarg; break;
        case OPT_LESSONS: in.lessons = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (!id_text && optind < argc)
        id_text = argv[optind++];
    if (!id_text || optind < argc)
        return cli_usage("activity add", "%s", "give one opportunity number");
    int64_t id;
    if ((rc = parse_id("activity add", id_text, &id)) >= 0)
        return rc;
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    store_activity act;
    bd_err e = {0};
    bd_status st = app_activity_add(s.a, id, &in, &act, &e);
    if (st == BD_OK) {
        printf("logged %s on #%" PRId64 " (%s)\n", act.kind, id, act.on_date);
        rc = 0;
    } else {
        rc = cli_fail(st, &e);
    }
    cli_session_close(&s);
    return rc;
}

/* ---- import leads ------------------------------------------------------------------ */

static volatile int import_cancel;

static void on_interrupt(int sig)
{
    (void)sig;
    import_cancel = 1;
}

/* The progress bar's clock is the wall clock, not app_now: it measures
 * this run, it does not date anything. */
static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress_line {
    double start;
    bool stepped; /* the steps' line is begun */
} progress_line;

/* The bar, rows and rows/s, drawn again in place (under 80 columns). */
static void show_progress(void *ctx, uint64_t rows, uint64_t bytes, uint64_t total)
{
    const progress_line *p = ctx;
    double secs = mono_seconds() - p->start;
    int pct = total ? (int)(bytes * 100 / total) : 100;
    char bar[41];
    for (int i = 0; i < 40; i++)
        bar[i] = i < pct * 40 / 100 ? '#' : '.';
    bar[40] = '\0';
    fprintf(stdout, "\r[%s] %3d%%  %" PRIu64 " rows  %.0f rows/s ", bar, pct, rows,
            secs > 0 ? (double)rows / secs : 0.0);
    fflush(stdout);
}

/* Once the rows are read: what takes the time now, on a line of its own
 * under the bar, each step over the last. */
static void show_step(void *ctx, const char *what)
{
    progress_line *p = ctx;
    if (!p->stepped)
        fputc('\n', stdout);
    p->stepped = true;
    char doing[64];
    snprintf(doing, sizeof doing, "%s...", what);
    fprintf(stdout, "\r%-40s", doing);
    fflush(stdout);
}

int cli_cmd_import(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"delimiter", required_argument, NULL, OPT_DELIM},
        {"map", required_argument, NULL, OPT_MAP},
        {"on-duplicate", required_argument, NULL, OPT_ONDUP},
        {"dry-run", no_argument, NULL, OPT_DRY},
        {"rejects", required_argument, NULL, OPT_REJECTS},
        {"plan", required_argument, NULL, OPT_PLAN},
        {"force", no_argument, NULL, OPT_FORCE},
        {"quiet", no_argument, NULL, OPT_QUIET},
        {"save-map", required_argument, NULL, OPT_SAVEMAP},
        {"use-map", required_argument, NULL, OPT_USEMAP},
        {NULL, 0, NULL, 0},
    };
    if (argc >= 2 && strcmp(argv[1], "budgets") == 0)
        return cli_import_budgets(o, argc, argv);
    if (argc < 2 || strcmp(argv[1], "leads") != 0)
        return cli_usage("import", "%s", "give leads FILE or budgets FILE");
    const char *save_map = NULL, *use_map = NULL;
    char saved[4096];
    app_import_opts io = {0};
    const char *maps[64];
    bool quiet = false;
    int c, rc;
    argc--, argv++;
    cli_getopt_reset();
    while ((c = cli_getopt("import leads", argc, argv, lo)) != -1) {
        switch (c) {
        case OPT_ENCODING: io.encoding = optarg; break;
        case OPT_DELIM:
            if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0)
                io.delimiter = '\t';
            else if (strlen(optarg) == 1 && strchr(",;\t|", optarg[0]))
                io.delimiter = optarg[0];
            else
                return cli_usage("import leads", "--delimiter '%s': use , ; | or tab", optarg);
            break;
        case OPT_MAP:
            if (!strchr(optarg, '=') || io.nmaps >= 64)
                return cli_usage("import leads", "--map '%s': write \"Header=field\"", optarg);
            maps[io.nmaps++] = optarg;
            break;
        case OPT_ONDUP:
            io.on_dup_set = true;
            if (strcmp(optarg, "skip") == 0)
                io.on_dup = DUP_SKIP;
            else if (strcmp(optarg, "update") == 0)
                io.on_dup = DUP_UPDATE;
            else if (strcmp(optarg, "flag") == 0)
                io.on_dup = DUP_FLAG;
            else
                return cli_usage("import leads", "--on-duplicate '%s': use skip, update or flag", optarg);
            break;
        case OPT_DRY: io.dry_run = true; break;
        case OPT_REJECTS: io.reject_path = optarg; break;
        case OPT_PLAN: io.plan_path = optarg; break;
        case OPT_FORCE: io.force = true; break;
        case OPT_QUIET: quiet = true; break;
        case OPT_SAVEMAP: save_map = optarg; break;
        case OPT_USEMAP: use_map = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage("import leads", "%s", "give one FILE");
    io.path = argv[optind];
    io.maps = maps;
    for (int i = 0; i < io.nmaps; i++) {
        const char *f = strrchr(maps[i], '=') + 1;
        if (policy_import_field_from_name(f) < 0 && strcmp(f, "ignore") != 0)
            return cli_usage("import leads", "--map: '%s' is not a lead field (company, "
                             "contact_name, title, phone, email, industry, region, city, source, "
                             "value, close_date, owner, needs; or ignore)", f);
    }
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = BD_OK;
    if (use_map) {
        /* The saved lines come first; --map given now overrides them. */
        if ((st = app_import_map_load(s.a, use_map, saved, sizeof saved, &e)) != BD_OK) {
            cli_session_close(&s);
            return cli_fail(st, &e);
        }
        const char *now[64];
        int nnow = io.nmaps;
        memcpy(now, maps, sizeof(const char *) * (size_t)nnow);
        io.nmaps = 0;
        for (char *line = strtok(saved, "\n"); line && io.nmaps < 64; line = strtok(NULL, "\n"))
            maps[io.nmaps++] = line;
        for (int i = 0; i < nnow && io.nmaps < 64; i++)
            maps[io.nmaps++] = now[i];
    }
    progress_line line = {.start = mono_seconds()};
    bool tty = !quiet && isatty(STDOUT_FILENO);
    if (tty) {
        io.progress = show_progress;
        io.step = show_step;
        io.progress_ctx = &line;
    }
    struct sigaction sa = {.sa_handler = on_interrupt}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    io.cancel = &import_cancel;
    app_import_result r;
    st = app_import_leads(s.a, &io, &r, &e);
    if (st == BD_OK && save_map && !io.dry_run)
        st = app_import_map_save(s.a, save_map, maps, io.nmaps, &e);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (tty)
        printf("\n");
    if (st != BD_OK) {
        rc = cli_fail(st, &e);
    } else {
        char delim[8];
        snprintf(delim, sizeof delim, r.delimiter == '\t' ? "tab" : "'%c'", r.delimiter);
        printf("%s: %s, delimiter %s\n", io.path, r.encoding, delim);
        printf("columns: %s\n", r.mapping);
        if (*r.unknown)
            printf("not imported (no field takes them): %s\n", r.unknown);
        printf("%s%" PRId64 " rows: %" PRId64 " inserted, %" PRId64 " updated, %" PRId64
               " skipped, %" PRId64 " flagged, %" PRId64 " rejected\n",
               io.dry_run ? "dry run, nothing saved: " : "", r.rows, r.inserted, r.updated,
               r.skipped, r.flagged, r.rejected);
        if (*r.plan_path)
            printf("plan: %s\n", r.plan_path);
        if (*r.reject_path)
            printf("rejects: %s\n", r.reject_path);
        if (save_map && !io.dry_run)
            printf("mapping saved as '%s'\n", save_map);
        rc = 0;
    }
    cli_session_close(&s);
    return rc;
}

/* ---- export leads -------------------------------------------------------------------- */

typedef struct export_state {
    csv_writer *w;
    bd_err *e;
    bd_status st;
    int64_t rows;
} export_state;

static int export_row(void *ctx, const store_opp *o, const store_contact *ct)
{
    export_state *x = ctx;
    char id[24], value[32], budget[32];
    snprintf(id, sizeof id, "%" PRId64, o->id);
    const char *f[] = {
        id, o->company, o->contact_name, ct->title, ct->phone, ct->email, o->source, o->stage,
        o->value < 0 ? "" : bd_money_format(o->value, false, value, sizeof value),
        o->budget < 0 ? "" : bd_money_format(o->budget, false, budget, sizeof budget),
        o->close_date, o->next_followup, o->owner_login, o->needs, o->lost_reason,
    };
    x->st = csv_writer_row(x->w, f, sizeof f / sizeof f[0], x->e);
    x->rows++;
    return x->st != BD_OK;
}

static int export_customer(void *ctx, const store_customer *c, const store_contact *ct)
{
    export_state *x = ctx;
    char id[24], limit[32];
    snprintf(id, sizeof id, "%" PRId64, c->id);
    const char *f[] = {
        id, c->name, c->class_code, c->industry, c->region, c->city,
        bd_money_format(c->credit_limit, false, limit, sizeof limit), c->owner_login,
        c->last_contact, ct->name, ct->title, ct->phone, ct->email,
    };
    x->st = csv_writer_row(x->w, f, sizeof f / sizeof f[0], x->e);
    x->rows++;
    return x->st != BD_OK;
}

int cli_cmd_export(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {FILTER_OPTIONS, {"force", no_argument, NULL, OPT_FORCE},
                                       {NULL, 0, NULL, 0}};
    bool customers = argc >= 2 && strcmp(argv[1], "customers") == 0;
    if (argc < 2 || (!customers && strcmp(argv[1], "leads") != 0))
        return cli_usage("export", "%s", "give leads FILE or customers FILE");
    const char *cmd = customers ? "export customers" : "export leads";
    argc--, argv++;
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    filters f = {.q = {.sort = STORE_OPP_BY_ID}};
    bool force = false;
    int c;
    cli_getopt_reset();
    while (rc < 0 && (c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        if (c == OPT_FORCE)
            force = true;
        else if (c == '?' || customers)
            rc = c == '?' ? EXIT_USAGE : cli_usage(cmd, "%s", "takes only FILE and --force");
        else
            rc = filter_option(cmd, c, &f, app_policy(s.a));
    }
    if (rc < 0 && argc - optind != 1)
        rc = cli_usage(cmd, "%s", "give one FILE");
    if (rc < 0)
        rc = filter_owner(&s, &f);
    if (rc >= 0) {
        cli_session_close(&s);
        return rc;
    }
    const char *path = argv[optind];
    bd_err e = {0};
    io_out out = {0};
    export_state x = {.e = &e};
    csv_write_opts wo = {.neutralise_formulas = true, .bom = true, .crlf = true};
    bd_status st = io_out_open(&out, path, force, &e);
    if (st == BD_OK)
        st = csv_writer_new(out.fp, &wo, &x.w, &e);
    if (st == BD_OK && customers) {
        const char *h[] = {"id", "company", "class", "industry", "region", "city", "credit_limit",
                           "owner", "last_contact", "contact_name", "title", "phone", "email"};
        st = csv_writer_row(x.w, h, sizeof h / sizeof h[0], &e);
        if (st == BD_OK)
            st = app_customer_each(s.a, export_customer, &x, &e);
    } else if (st == BD_OK) {
        const char *h[] = {"id", "company", "contact_name", "title", "phone", "email", "source",
                           "stage", "value", "budget", "close_date", "next_followup", "owner",
                           "needs", "lost_reason"};
        st = csv_writer_row(x.w, h, sizeof h / sizeof h[0], &e);
        if (st == BD_OK)
            st = app_opp_each(s.a, &f.q, export_row, &x, &e);
    }
    if (st == BD_OK)
        st = x.st;
    csv_writer_free(&x.w);
    if (st == BD_OK)
        st = io_out_commit(&out, &e);
    io_out_abort(&out);
    if (st == BD_OK) {
        printf("wrote %" PRId64 " %s to %s\n", x.rows, customers ? "customers" : "leads", path);
        rc = 0;
    } else {
        rc = cli_fail(st, &e);
    }
    cli_session_close(&s);
    return rc;
}

/* ---- today, complaint, survey ------------------------------------------------------ */

int cli_cmd_today(const cli_opts *o, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("today", "unexpected argument '%s'", argv[1]);
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    enum { MAX = 200 };
    app_agenda_item *rows = bd_xcalloc(MAX, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    bd_status st = app_agenda(s.a, rows, MAX, &n, &e);
    if (st == BD_OK) {
        char kind[32], co[96];
        for (int i = 0; i < n; i++)
            printf("%s  %-10s  %s  %s\n", bd_text_fit(kind, sizeof kind,
                   app_agenda_kind_name(rows[i].kind), 10, false), rows[i].date,
                   bd_text_fit(co, sizeof co, rows[i].company, 24, false), rows[i].what);
        if (n == 0)
            printf("nothing due: no follow-ups, stale opportunities, churn risks or open complaints\n");
        rc = 0;
    } else {
        rc = cli_fail(st, &e);
    }
    free(rows);
    cli_session_close(&s);
    return rc;
}

int cli_cmd_complaint(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"dept", required_argument, NULL, OPT_OWNER},
        {"resolution", required_argument, NULL, OPT_REASON},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "step") != 0))
        return cli_usage("complaint", "%s", "give add CUSTOMER --summary TEXT, or step ID STATE");
    bool add = strcmp(argv[1], "add") == 0;
    const char *summary = NULL, *dept = NULL, *resolution = NULL;
    int c, rc;
    argc--, argv++;
    cli_getopt_reset();
    while ((c = cli_getopt(add ? "complaint add" : "complaint step", argc, argv, lo)) != -1) {
        switch (c) {
        case OPT_SUMMARY: summary = optarg; break;
        case OPT_OWNER: dept = optarg; break;
        case OPT_REASON: resolution = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (argc - optind != (add ? 1 : 2))
        return cli_usage(add ? "complaint add" : "complaint step", "%s",
                         add ? "give one customer number" : "give ID STATE");
    int64_t id;
    if ((rc = parse_id("complaint", argv[optind], &id)) >= 0)
        return rc;
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    store_complaint k;
    bd_err e = {0};
    bd_status st = add ? app_complaint_add(s.a, id, summary, &k, &e)
                       : app_complaint_step(s.a, id, argv[optind + 1], dept, resolution, &k, &e);
    if (st == BD_OK) {
        printf("complaint #%" PRId64 " (%s) is %s\n", k.id, k.company, k.state);
        rc = 0;
    } else {
        rc = cli_fail(st, &e);
    }
    cli_session_close(&s);
    return rc;
}

int cli_cmd_survey(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        {"survey", required_argument, NULL, OPT_SUMMARY},
        {"score", required_argument, NULL, OPT_VALUE},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "add") != 0)
        return cli_usage("survey", "%s", "give add CUSTOMER --survey NAME --score 1-5");
    const char *survey = NULL, *score = NULL;
    int c, rc;
    argc--, argv++;
    cli_getopt_reset();
    while ((c = cli_getopt("survey add", argc, argv, lo)) != -1) {
        if (c == OPT_SUMMARY)
            survey = optarg;
        else if (c == OPT_VALUE)
            score = optarg;
        else
            return EXIT_USAGE;
    }
    if (argc - optind != 1)
        return cli_usage("survey add", "%s", "give one customer number");
    int64_t id;
    if ((rc = parse_id("survey add", argv[optind], &id)) >= 0)
        return rc;
    if (!score || strlen(score) != 1 || score[0] < '1' || score[0] > '5')
        return cli_usage("survey add", "--score '%s': give a whole number from 1 to 5",
                         score ? score : "");
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_satisfaction_add(s.a, id, survey, score[0] - '0', &e);
    if (st == BD_OK) {
        printf("customer #%" PRId64 " scored %s in %s\n", id, score, survey);
        rc = 0;
    } else {
        rc = cli_fail(st, &e);
    }
    cli_session_close(&s);
    return rc;
}
