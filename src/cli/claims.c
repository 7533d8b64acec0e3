/* Claims commands: claim ..., preapproval ..., budget ..., import budgets. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

enum { O_DATE = 3000, O_PLACE, O_CATEGORY, O_STANDARD, O_QTY, O_REASON, O_AMOUNT, O_INVOICE,
       O_PRE, O_COMMENT, O_VERSION, O_METHOD, O_REF, O_STATE, O_MINE, O_PARTICIPANTS,
       O_ESTIMATE, O_CUSTOMER, O_YEAR, O_DEPT, O_PERIOD, O_REJECTS, O_FORCE, O_USER };

/* The one ID argument after the options. */
static int one_id(const char *cmd, int argc, char **argv, int64_t *id)
{
    if (argc - optind != 1)
        return cli_usage(cmd, "%s", "give one ID");
    return cli_id_arg(cmd, argv[optind], id);
}

/* A command whose one option is --NAME VALUE (into *value) and which takes
 * no other argument: -1, or the exit status of the usage message. */
static int one_option(const char *cmd, int argc, char **argv, const char *name,
                      const char **value)
{
    const struct option lo[] = {{name, required_argument, NULL, 'v'}, {NULL, 0, NULL, 0}};
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        if (c != 'v')
            return EXIT_USAGE;
        *value = optarg;
    }
    return optind < argc ? cli_usage(cmd, "unexpected argument '%s'", argv[optind]) : -1;
}

/* approve / reject / withdraw / submit with --comment and --version. */
typedef struct decide_args {
    int64_t id, version;
    const char *comment;
} decide_args;

static int decide_parse(const char *cmd, int argc, char **argv, decide_args *d)
{
    static const struct option lo[] = {
        {"comment", required_argument, NULL, O_COMMENT}, {"version", required_argument, NULL, O_VERSION},
        {NULL, 0, NULL, 0},
    };
    memset(d, 0, sizeof *d);
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        if (c == O_COMMENT)
            d->comment = optarg;
        else if (c == O_VERSION) {
            if ((rc = cli_id_arg(cmd, optarg, &d->version)) >= 0)
                return rc;
        } else
            return EXIT_USAGE;
    }
    return one_id(cmd, argc, argv, &d->id);
}

/* The action named by the last word of cmd ("claim approve"). */
static apv_action action_of(const char *cmd)
{
    const char *w = strrchr(cmd, ' ') + 1;
    return strcmp(w, "submit") == 0 ? APV_SUBMIT : strcmp(w, "approve") == 0 ? APV_APPROVE
           : strcmp(w, "reject") == 0 ? APV_REJECT : APV_WITHDRAW;
}

/* ---- claim ------------------------------------------------------------------------- */

static int claim_new(session *s, const char *cmd, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(cmd, "%s", "give the TITLE (what the claim is for)");
    store_claim c;
    bd_err e = {0};
    bd_status st = app_claim_new(s->a, argv[1], &c, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("claim #%" PRId64 " drafted: %s\n", c.id, c.title);
    return 0;
}

static int claim_add_line(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"date", required_argument, NULL, O_DATE},         {"place", required_argument, NULL, O_PLACE},
        {"category", required_argument, NULL, O_CATEGORY}, {"standard", required_argument, NULL, O_STANDARD},
        {"qty", required_argument, NULL, O_QTY},           {"reason", required_argument, NULL, O_REASON},
        {"amount", required_argument, NULL, O_AMOUNT},     {"invoice", required_argument, NULL, O_INVOICE},
        {"preapproval", required_argument, NULL, O_PRE},   {NULL, 0, NULL, 0},
    };
    app_claim_line_input in = {0};
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        switch (c) {
        case O_DATE: in.date = optarg; break;
        case O_PLACE: in.place = optarg; break;
        case O_CATEGORY: in.category = optarg; break;
        case O_STANDARD: in.standard = optarg; break;
        case O_QTY: in.quantity = optarg; break;
        case O_REASON: in.reason = optarg; break;
        case O_AMOUNT: in.amount = optarg; break;
        case O_INVOICE: in.invoice = optarg; break;
        case O_PRE: if ((rc = cli_id_arg(cmd, optarg, &in.preapproval_id)) >= 0) return rc; break;
        default: return EXIT_USAGE;
        }
    }
    int64_t id;
    if ((rc = one_id(cmd, argc, argv, &id)) >= 0)
        return rc;
    store_claim_line l;
    bd_err e = {0};
    bd_status st = app_claim_line_add(s->a, id, &in, &l, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    char m[32];
    printf("claim #%" PRId64 " line %d: %s %s\n", id, l.lineno, l.category,
           cli_money(l.amount, m, sizeof m));
    return 0;
}

static int claim_remove_line(session *s, const char *cmd, int argc, char **argv)
{
    int64_t id, line;
    int rc;
    if (argc != 3)
        return cli_usage(cmd, "%s", "give the claim ID and the LINE number");
    if ((rc = cli_id_arg(cmd, argv[1], &id)) >= 0 || (rc = cli_id_arg(cmd, argv[2], &line)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_claim_line_remove(s->a, id, (int)line, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("claim #%" PRId64 ": line %" PRId64 " removed\n", id, line);
    return 0;
}

static int claim_decide(session *s, const char *cmd, int argc, char **argv)
{
    decide_args d;
    int rc = decide_parse(cmd, argc, argv, &d);
    if (rc >= 0)
        return rc;
    store_claim c;
    bd_err e = {0};
    bd_status st = app_claim_act(s->a, d.id, action_of(cmd), d.comment, d.version, &c, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    char step[128] = "";
    if (strcmp(c.state, "in_review") == 0) {
        app_claim_detail *det = bd_xcalloc(1, sizeof *det);
        if (app_claim_detail_get(s->a, c.id, det, NULL) == BD_OK)
            bd_strfmt(step, sizeof step, ": %s", det->step_name);
        free(det);
    }
    printf("claim #%" PRId64 " %s%s\n", c.id, c.state, step);
    return 0;
}

static void print_claim_row(const store_claim *c)
{
    char t[100], m[32];
    printf("%5" PRId64 "  %-28s %-12s %16s  %-10s %-12s %s\n", c->id,
           bd_text_fit(t, sizeof t, c->title, 28, false), c->author_login,
           cli_money(c->total, m, sizeof m), c->state, c->department,
           *c->submitted_at ? c->submitted_at : c->created_at);
}

static int claim_list(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"state", required_argument, NULL, O_STATE}, {"mine", no_argument, NULL, O_MINE},
        {NULL, 0, NULL, 0},
    };
    const char *state = NULL;
    bool mine = false;
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        if (c == O_STATE)
            state = optarg;
        else if (c == O_MINE)
            mine = true;
        else
            return EXIT_USAGE;
    }
    if (optind < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    enum { MAX = 500 };
    store_claim *rows = bd_xcalloc(MAX, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    bd_status st = app_claim_list(s->a, state, mine, rows, MAX, &n, &e);
    if (st == BD_OK && n == 0)
        printf("no claims\n");
    for (int i = 0; st == BD_OK && i < n; i++)
        print_claim_row(&rows[i]);
    free(rows);
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

static int claim_show(session *s, const char *cmd, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage(cmd, "%s", "give one ID");
    int64_t id;
    int rc = cli_id_arg(cmd, argv[1], &id);
    if (rc >= 0)
        return rc;
    app_claim_detail *d = bd_xcalloc(1, sizeof *d);
    bd_err e = {0};
    bd_status st = app_claim_detail_get(s->a, id, d, &e);
    if (st != BD_OK) {
        free(d);
        return cli_fail(st, &e);
    }
    const store_claim *c = &d->claim;
    char m[32], m2[32], m3[32], pl[64], re[100];
    printf("claim:      #%" PRId64 " %s\nclaimant:   %s (%s), %s\nstate:      %s%s%s\n"
           "total:      %s\nversion:    %" PRId64 "\n",
           c->id, c->title, c->author_login, c->author_name, c->department, c->state,
           *d->step_name ? ": " : "", d->step_name, cli_money(c->total, m, sizeof m), c->version);
    if (*c->paid_on)
        printf("paid:       %s by %s, ref %s, to %s\n", c->paid_on, c->pay_method,
               *c->pay_reference ? c->pay_reference : "-", *c->pay_account ? c->pay_account : "-");
    printf("lines:\n");
    for (int i = 0; i < d->nlines; i++) {
        const store_claim_line *l = &d->lines[i];
        printf("  %2d %s %-14s %-14s %s x%d %16s %s%s\n", l->lineno, l->on_date,
               bd_text_fit(pl, sizeof pl, l->place, 14, false), l->category,
               *l->standard ? l->standard : "-", l->quantity, cli_money(l->amount, m, sizeof m),
               bd_text_fit(re, sizeof re, l->reason, 24, false), "");
        if (*l->invoice || l->preapproval_id)
            printf("     invoice %s%s%.0" PRId64 "\n", *l->invoice ? l->invoice : "-",
                   l->preapproval_id ? ", pre-approval #" : "", l->preapproval_id);
        if (d->line_flags[i])
            printf("     ! %s\n", d->line_why[i]);
    }
    if (d->nbudgets)
        printf("budgets:\n");
    for (int i = 0; i < d->nbudgets; i++) {
        const app_claim_budget *b = &d->budgets[i];
        if (!*b->period)
            printf("  %-14s no budget\n", b->category);
        else
            printf("  %-14s %-7s budget %s, spent %s, left after this claim %s%s\n", b->category,
                   b->period, cli_money(b->budget, m, sizeof m), cli_money(b->spent, m2, sizeof m2),
                   cli_money(b->left_after, m3, sizeof m3), b->left_after < 0 ? "  ! over" : "");
    }
    if (d->ndecisions)
        printf("history:\n");
    for (int i = 0; i < d->ndecisions; i++) {
        const store_decision *x = &d->decisions[i];
        printf("  %s  %-8s %-12s %s%s%s%s%s\n", x->at, x->action, x->step_code, x->actor_login,
               *x->on_behalf_login ? " for " : "", x->on_behalf_login, *x->comment ? ": " : "",
               x->comment);
    }
    free(d);
    return 0;
}

static int claim_pay(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"date", required_argument, NULL, O_DATE}, {"method", required_argument, NULL, O_METHOD},
        {"ref", required_argument, NULL, O_REF},   {"version", required_argument, NULL, O_VERSION},
        {NULL, 0, NULL, 0},
    };
    const char *date = NULL, *method = NULL, *ref = NULL;
    int64_t version = 0, id;
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        switch (c) {
        case O_DATE: date = optarg; break;
        case O_METHOD: method = optarg; break;
        case O_REF: ref = optarg; break;
        case O_VERSION: if ((rc = cli_id_arg(cmd, optarg, &version)) >= 0) return rc; break;
        default: return EXIT_USAGE;
        }
    }
    if ((rc = one_id(cmd, argc, argv, &id)) >= 0)
        return rc;
    store_claim k;
    bd_err e = {0};
    bd_status st = app_claim_pay(s->a, id, date, method, ref, version, &k, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    char m[32];
    printf("claim #%" PRId64 " paid: %s on %s by %s\n", k.id, cli_money(k.total, m, sizeof m),
           k.paid_on, k.pay_method);
    return 0;
}

static int claim_queue(session *s, const char *cmd, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage(cmd, "unexpected argument '%s'", argv[1]);
    enum { MAX = 500 };
    store_claim *rows = bd_xcalloc(MAX, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    bd_status st = app_payment_queue(s->a, rows, MAX, &n, &e);
    if (st == BD_OK && n == 0)
        printf("no approved claims await payment\n");
    for (int i = 0; st == BD_OK && i < n; i++)
        print_claim_row(&rows[i]);
    free(rows);
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

int cli_cmd_claim(const cli_opts *o, int argc, char **argv)
{
    static const cli_subcmd t[] = {
        {"new", claim_new},         {"add-line", claim_add_line}, {"remove-line", claim_remove_line},
        {"submit", claim_decide},   {"approve", claim_decide},    {"reject", claim_decide},
        {"withdraw", claim_decide}, {"pay", claim_pay},           {"list", claim_list},
        {"show", claim_show},       {"queue", claim_queue},
    };
    return cli_dispatch(o, "claim", t, sizeof t / sizeof t[0], argc, argv);
}

/* ---- preapproval --------------------------------------------------------------------- */

static void print_pa(const store_preapproval *p)
{
    char r[100], co[64], m[32];
    printf("%5" PRId64 "  %s  %-24s %-16s %14s  %-10s %s\n", p->id, p->on_date,
           bd_text_fit(r, sizeof r, p->reason, 24, false),
           bd_text_fit(co, sizeof co, *p->company ? p->company : "-", 16, false),
           cli_money(p->estimate, m, sizeof m), p->state, p->author_login);
}

static int pa_new(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"reason", required_argument, NULL, O_REASON},   {"date", required_argument, NULL, O_DATE},
        {"place", required_argument, NULL, O_PLACE},     {"participants", required_argument, NULL, O_PARTICIPANTS},
        {"estimate", required_argument, NULL, O_ESTIMATE}, {"customer", required_argument, NULL, O_CUSTOMER},
        {NULL, 0, NULL, 0},
    };
    app_preapproval_input in = {0};
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        switch (c) {
        case O_REASON: in.reason = optarg; break;
        case O_DATE: in.date = optarg; break;
        case O_PLACE: in.place = optarg; break;
        case O_PARTICIPANTS: in.participants = optarg; break;
        case O_ESTIMATE: in.estimate = optarg; break;
        case O_CUSTOMER: if ((rc = cli_id_arg(cmd, optarg, &in.customer_id)) >= 0) return rc; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    store_preapproval p;
    bd_err e = {0};
    bd_status st = app_preapproval_new(s->a, &in, &p, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    char step[128] = "";
    if (strcmp(p.state, "in_review") == 0) {
        const policy_flow *f = policy_claims_flow(app_policy(s->a), CLAIM_FLOW_PREAPPROVAL,
                                                  p.department);
        bd_strfmt(step, sizeof step, ": %s", f->steps[p.review_step].name);
    }
    printf("pre-approval #%" PRId64 " %s%s\n", p.id, p.state, step);
    return 0;
}

static int pa_decide(session *s, const char *cmd, int argc, char **argv)
{
    decide_args d;
    int rc = decide_parse(cmd, argc, argv, &d);
    if (rc >= 0)
        return rc;
    store_preapproval p;
    bd_err e = {0};
    bd_status st = app_preapproval_act(s->a, d.id, action_of(cmd), d.comment, d.version, &p, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("pre-approval #%" PRId64 " %s\n", p.id, p.state);
    return 0;
}

static int pa_list(session *s, const char *cmd, int argc, char **argv)
{
    const char *state = NULL;
    int rc = one_option(cmd, argc, argv, "state", &state);
    if (rc >= 0)
        return rc;
    enum { MAX = 500 };
    store_preapproval *rows = bd_xcalloc(MAX, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    bd_status st = app_preapproval_list(s->a, state, rows, MAX, &n, &e);
    if (st == BD_OK && n == 0)
        printf("no pre-approvals\n");
    for (int i = 0; st == BD_OK && i < n; i++)
        print_pa(&rows[i]);
    free(rows);
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

static int pa_show(session *s, const char *cmd, int argc, char **argv)
{
    int64_t id;
    int rc;
    if (argc != 2)
        return cli_usage(cmd, "%s", "give one ID");
    if ((rc = cli_id_arg(cmd, argv[1], &id)) >= 0)
        return rc;
    store_preapproval p;
    bd_err e = {0};
    bd_status st = app_preapproval_get(s->a, id, &p, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    char m[32], m2[32];
    printf("pre-approval: #%" PRId64 "\nasked by:     %s (%s)\nstate:        %s\nreason:       %s\n"
           "date:         %s\nplace:        %s\nparticipants: %s\ncustomer:     %s\n"
           "estimate:     %s\nclaimed:      %s\nversion:      %" PRId64 "\n",
           p.id, p.author_login, p.department, p.state, p.reason, p.on_date, p.place,
           p.participants, *p.company ? p.company : "-", cli_money(p.estimate, m, sizeof m),
           cli_money(p.used, m2, sizeof m2), p.version);
    return 0;
}

int cli_cmd_preapproval(const cli_opts *o, int argc, char **argv)
{
    static const cli_subcmd t[] = {
        {"new", pa_new},         {"approve", pa_decide}, {"reject", pa_decide},
        {"withdraw", pa_decide}, {"list", pa_list},      {"show", pa_show},
    };
    return cli_dispatch(o, "preapproval", t, sizeof t / sizeof t[0], argc, argv);
}

/* ---- budget -------------------------------------------------------------------------- */

static int budget_list(session *s, const char *cmd, int argc, char **argv)
{
    const char *year = NULL;
    int rc = one_option(cmd, argc, argv, "year", &year);
    if (rc >= 0)
        return rc;
    enum { MAX = 1000 };
    store_budget *rows = bd_xcalloc(MAX, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    bd_status st = app_budget_list(s->a, year, rows, MAX, &n, &e);
    if (st == BD_OK)
        printf("%-12s %-14s %-7s %16s %16s %16s %16s\n", "DEPARTMENT", "CATEGORY", "PERIOD",
               "BUDGET", "COMMITTED", "PAID", "LEFT");
    for (int i = 0; st == BD_OK && i < n; i++) {
        const store_budget *b = &rows[i];
        char m1[32], m2[32], m3[32], m4[32];
        printf("%-12s %-14s %-7s %16s %16s %16s %16s\n", b->department, b->category, b->period,
               cli_money(b->amount, m1, sizeof m1), cli_money(b->committed, m2, sizeof m2),
               cli_money(b->paid, m3, sizeof m3),
               cli_money(b->amount - b->committed - b->paid, m4, sizeof m4));
    }
    if (st == BD_OK && n == 0)
        printf("no budgets for that year\n");
    free(rows);
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

static int budget_set(session *s, const char *cmd, int argc, char **argv)
{
    if (argc != 5)
        return cli_usage(cmd, "%s", "give DEPARTMENT CATEGORY PERIOD AMOUNT");
    bd_err e = {0};
    bd_status st = app_budget_set(s->a, argv[1], argv[2], argv[3], argv[4], &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("budget set: %s %s %s %s\n", argv[1], argv[2], argv[3], argv[4]);
    return 0;
}

static int budget_request(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"dept", required_argument, NULL, O_DEPT},         {"category", required_argument, NULL, O_CATEGORY},
        {"period", required_argument, NULL, O_PERIOD},     {"amount", required_argument, NULL, O_AMOUNT},
        {"reason", required_argument, NULL, O_REASON},     {NULL, 0, NULL, 0},
    };
    const char *dept = NULL, *cat = NULL, *period = NULL, *amount = NULL, *reason = NULL;
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        switch (c) {
        case O_DEPT: dept = optarg; break;
        case O_CATEGORY: cat = optarg; break;
        case O_PERIOD: period = optarg; break;
        case O_AMOUNT: amount = optarg; break;
        case O_REASON: reason = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    store_budget_change b;
    bd_err e = {0};
    bd_status st = app_budget_request(s->a, dept, cat, period, amount, reason, &b, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("budget change #%" PRId64 " %s\n", b.id, b.state);
    return 0;
}

static int budget_decide(session *s, const char *cmd, int argc, char **argv)
{
    decide_args d;
    int rc = decide_parse(cmd, argc, argv, &d);
    if (rc >= 0)
        return rc;
    store_budget_change b;
    bd_err e = {0};
    bd_status st = app_budget_change_act(s->a, d.id, action_of(cmd), d.comment, d.version, &b, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("budget change #%" PRId64 " %s\n", b.id, b.state);
    return 0;
}

static int budget_changes(session *s, const char *cmd, int argc, char **argv)
{
    const char *state = NULL;
    int rc = one_option(cmd, argc, argv, "state", &state);
    if (rc >= 0)
        return rc;
    enum { MAX = 500 };
    store_budget_change *rows = bd_xcalloc(MAX, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    bd_status st = app_budget_changes(s->a, state, rows, MAX, &n, &e);
    if (st == BD_OK && n == 0)
        printf("no budget changes\n");
    for (int i = 0; st == BD_OK && i < n; i++) {
        char m[32], r[100];
        printf("%5" PRId64 "  %-12s %-14s %-7s %16s  %-10s %-10s %s\n", rows[i].id,
               rows[i].department, rows[i].category, rows[i].period,
               cli_money(rows[i].delta, m, sizeof m), rows[i].state, rows[i].author_login,
               bd_text_fit(r, sizeof r, rows[i].reason, 30, false));
    }
    free(rows);
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

static int budget_import(session *s, const char *cmd, int argc, char **argv)
{
    static const struct option lo[] = {
        {"rejects", required_argument, NULL, O_REJECTS}, {"force", no_argument, NULL, O_FORCE},
        {NULL, 0, NULL, 0},
    };
    const char *rejects = NULL;
    bool force = false;
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        if (c == O_REJECTS)
            rejects = optarg;
        else if (c == O_FORCE)
            force = true;
        else
            return EXIT_USAGE;
    }
    if (argc - optind != 1)
        return cli_usage(cmd, "%s", "give one FILE");
    app_budget_import_result r;
    bd_err e = {0};
    bd_status st = app_budget_import(s->a, argv[optind], rejects, force, &r, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("%" PRId64 " rows: %" PRId64 " budgets set, %" PRId64 " rejected\n", r.rows, r.set,
           r.rejected);
    if (*r.reject_path)
        printf("rejects: %s\n", r.reject_path);
    return 0;
}

int cli_cmd_budget(const cli_opts *o, int argc, char **argv)
{
    static const cli_subcmd t[] = {
        {"list", budget_list},       {"set", budget_set},         {"import", budget_import},
        {"request", budget_request}, {"approve", budget_decide},  {"reject", budget_decide},
        {"withdraw", budget_decide}, {"changes", budget_changes},
    };
    return cli_dispatch(o, "budget", t, sizeof t / sizeof t[0], argc, argv);
}

int cli_import_budgets(const cli_opts *o, int argc, char **argv)
{
    /* "import budgets FILE" is "budget import FILE". */
    static const cli_subcmd t[] = {{"budgets", budget_import}};
    return cli_dispatch(o, "import", t, 1, argc, argv);
}
