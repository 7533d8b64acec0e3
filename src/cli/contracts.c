/* Contract and receivable commands: contract ..., inbox, delegate, ar ... */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

int cli_id_arg(const char *cmd, const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < 1)
        return cli_usage(cmd, "'%s' is not a number", s);
    *out = v;
    return -1;
}

const char *cli_money(int64_t v, char *buf, size_t n)
{
    return bd_money_format(v, true, buf, n);
}

enum { O_OPP = 2000, O_CUSTOMER, O_TITLE, O_AMOUNT, O_CURRENCY, O_START, O_END, O_NOTICE,
       O_STATE, O_COMMENT, O_CLAUSE, O_DATE, O_NOTE, O_VERSION, O_FROM, O_TO, O_MODULE, O_MAX,
       O_METHOD, O_REF, O_ALL, O_COST };

static void print_contract_row(const store_contract *c)
{
    char co[100], ti[100], m[32];
    printf("%5" PRId64 "  %-14s  %s  %s  %16s %s  %-10s  %-10s  %s\n", c->id,
           *c->number ? c->number : "-", bd_text_fit(co, sizeof co, c->company, 20, false),
           bd_text_fit(ti, sizeof ti, c->title, 20, false), cli_money(c->amount, m, sizeof m),
           c->currency, c->state, c->end_date, c->owner_login);
}

static int contract_draft(session *s, int argc, char **argv)
{
    static const struct option lo[] = {
        {"opportunity", required_argument, NULL, O_OPP}, {"customer", required_argument, NULL, O_CUSTOMER},
        {"title", required_argument, NULL, O_TITLE},     {"amount", required_argument, NULL, O_AMOUNT},
        {"cost", required_argument, NULL, O_COST},
        {"currency", required_argument, NULL, O_CURRENCY}, {"start", required_argument, NULL, O_START},
        {"end", required_argument, NULL, O_END},         {"notice", required_argument, NULL, O_NOTICE},
        {NULL, 0, NULL, 0},
    };
    app_contract_input in = {.notice_days = -1};
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt("contract draft", argc, argv, lo)) != -1) {
        switch (c) {
        case O_OPP: if ((rc = cli_id_arg("contract draft", optarg, &in.opportunity_id)) >= 0) return rc; break;
        case O_CUSTOMER: if ((rc = cli_id_arg("contract draft", optarg, &in.customer_id)) >= 0) return rc; break;
        case O_TITLE: in.title = optarg; break;
        case O_AMOUNT: in.amount = optarg; break;
        case O_COST: in.cost = optarg; break;
        case O_CURRENCY: in.currency = optarg; break;
        case O_START: in.start_date = optarg; break;
        case O_END: in.end_date = optarg; break;
        case O_NOTICE: in.notice_days = atoi(optarg); break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage("contract draft", "unexpected argument '%s'", argv[optind]);
    store_contract k;
    bd_err e = {0};
    bd_status st = app_contract_draft(s->a, &in, &k, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("drafted contract #%" PRId64 " (%s)\n", k.id, k.title);
    char warn[512];
    if (app_credit_warning(s->a, k.customer_id, k.amount, k.currency, warn, sizeof warn))
        printf("warning: %s\n", warn);
    return 0;
}

static int contract_list(session *s, int argc, char **argv)
{
    static const struct option lo[] = {
        {"state", required_argument, NULL, O_STATE}, {"customer", required_argument, NULL, O_CUSTOMER},
        {NULL, 0, NULL, 0},
    };
    store_contract_query q = {.limit = 100};
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt("contract list", argc, argv, lo)) != -1) {
        if (c == O_STATE)
            q.state = optarg;
        else if (c == O_CUSTOMER) {
            if ((rc = cli_id_arg("contract list", optarg, &q.customer_id)) >= 0)
                return rc;
        } else
            return EXIT_USAGE;
    }
    store_contract *rows = bd_xcalloc(100, sizeof *rows);
    bd_err e = {0};
    bd_status st;
    int n;
    printf("%5s  %-14s  %-20s  %-20s  %16s %s  %-10s  %-10s  %s\n", "ID", "NUMBER", "CUSTOMER",
           "TITLE", "AMOUNT", "CUR", "STATE", "END", "OWNER");
    while ((st = app_contract_page(s->a, &q, rows, &n, &e)) == BD_OK) {
        for (int i = 0; i < n; i++)
            print_contract_row(&rows[i]);
        if (n < q.limit)
            break;
        q.after_id = rows[n - 1].id;
    }
    free(rows);
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

static int contract_show(session *s, int64_t id)
{
    app_contract_detail *d = bd_xcalloc(1, sizeof *d);
    bd_err e = {0};
    bd_status st = app_contract_detail_get(s->a, id, d, &e);
    if (st != BD_OK) {
        free(d);
        return cli_fail(st, &e);
    }
    const store_contract *k = &d->contract;
    const policy *p = app_policy(s->a);
    char m[32];
    printf("contract:  #%" PRId64 "  %s\ntitle:     %s\ncustomer:  %s\namount:    %s %s\n"
           "dates:     %s to %s, notice %d days\nstate:     %s (round %d)\nowner:     %s\n"
           "version:   %d\n",
           k->id, *k->number ? k->number : "(unsigned)", k->title, k->company,
           cli_money(k->amount, m, sizeof m), k->currency, k->start_date, k->end_date, k->notice_days,
           k->state, k->review_round, k->owner_login, k->contract_version);
    if (k->has_cost)
        printf("cost:      %s %s\n", cli_money(k->cost, m, sizeof m), k->currency);
    if (strcmp(k->state, "in_review") == 0 && k->review_step < p->contract_flow.nsteps)
        printf("waiting:   %s\n", p->contract_flow.steps[k->review_step].name);
    if (*k->signed_on)
        printf("signed:    %s\n", k->signed_on);
    if (*k->terminated_on)
        printf("terminated: %s (notice %s): %s\n", k->terminated_on, k->notice_date,
               k->settlement_note);
    if (*k->archived_on)
        printf("archived:  %s, kept until %s\n", k->archived_on, k->retention_until);
    printf("clauses:\n");
    for (int i = 0; i < d->nclauses; i++) {
        int c = policy_clause_index(p, d->clauses[i].clause);
        printf("  %-14s %s%s\n", d->clauses[i].clause, *d->clauses[i].body ? d->clauses[i].body : "(empty)",
               c >= 0 && p->clauses[c].required && !*d->clauses[i].body ? "  [required]" : "");
    }
    printf("milestones:\n");
    for (int i = 0; i < d->nmilestones; i++)
        printf("  %d. %-20s %s %16s\n", d->milestones[i].seq, d->milestones[i].name,
               d->milestones[i].due_date, cli_money(d->milestones[i].amount, m, sizeof m));
    if (d->ndecisions)
        printf("review:\n");
    for (int i = 0; i < d->ndecisions; i++) {
        const store_decision *x = &d->decisions[i];
        printf("  %s  round %d  %-10s %-9s %s%s%s%s%s\n", x->at, x->round, x->step_code, x->action,
               x->actor_login, *x->on_behalf_login ? " for " : "", x->on_behalf_login,
               *x->comment ? ": " : "", x->comment);
    }
    for (int i = 0; i < d->ncomments; i++)
        printf("  comment (round %d%s%s) by %s: %s\n", d->comments[i].round,
               *d->comments[i].clause ? ", " : "", d->comments[i].clause,
               d->comments[i].author_login, d->comments[i].body);
    app_choices ch;
    if (app_contract_choices(s->a, id, &ch, &e) == BD_OK) {
        printf("you may:  ");
        int any = 0;
        for (int i = 0; i < APV_ACTION_COUNT; i++)
            if (ch.allowed[i])
                printf("%s%s", any++ ? ", " : "", apv_action_name((apv_action)i));
        if (*ch.on_behalf)
            printf(" (for %s)", ch.on_behalf);
        printf("%s\n", any ? "" : "nothing");
        for (int i = 0; i < APV_ACTION_COUNT; i++)
            if (!ch.allowed[i])
                printf("  not %s: %s\n", apv_action_name((apv_action)i), ch.why[i]);
    }
    free(d);
    return 0;
}

static int contract_act(session *s, apv_action act, int argc, char **argv)
{
    static const struct option lo[] = {
        {"comment", required_argument, NULL, O_COMMENT}, {"clause", required_argument, NULL, O_CLAUSE},
        {"version", required_argument, NULL, O_VERSION}, {NULL, 0, NULL, 0},
    };
    const char *comment = NULL, *clause = NULL;
    int64_t version = 0, id = 0;
    int c, rc;
    char cmd[32];
    snprintf(cmd, sizeof cmd, "contract %s", apv_action_name(act));
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        if (c == O_COMMENT)
            comment = optarg;
        else if (c == O_CLAUSE)
            clause = optarg;
        else if (c == O_VERSION) {
            if ((rc = cli_id_arg(cmd, optarg, &version)) >= 0)
                return rc;
        } else
            return EXIT_USAGE;
    }
    if (argc - optind != 1)
        return cli_usage(cmd, "%s", "give one contract number");
    if ((rc = cli_id_arg(cmd, argv[optind], &id)) >= 0)
        return rc;
    store_contract k;
    bd_err e = {0};
    bd_status st = app_contract_act(s->a, id, act, clause, comment, version, &k, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    const policy *p = app_policy(s->a);
    if (strcmp(k.state, "in_review") == 0 && k.review_step < p->contract_flow.nsteps)
        printf("contract #%" PRId64 " is in review: %s\n", id, p->contract_flow.steps[k.review_step].name);
    else
        printf("contract #%" PRId64 " is %s\n", id, k.state);
    return 0;
}

static int contract_sub(session *s, int k, int argc, char **argv)
{
    static const struct option lo[] = {
        {"date", required_argument, NULL, O_DATE}, {"notice", required_argument, NULL, O_NOTICE},
        {"note", required_argument, NULL, O_NOTE}, {"version", required_argument, NULL, O_VERSION},
        {NULL, 0, NULL, 0},
    };
    const char *date = NULL, *notice = NULL, *note = NULL;
    int64_t version = 0;
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt("contract", argc, argv, lo)) != -1) {
        if (c == O_DATE)
            date = optarg;
        else if (c == O_NOTICE)
            notice = optarg;
        else if (c == O_NOTE)
            note = optarg;
        else if (c == O_VERSION) {
            if ((rc = cli_id_arg("contract", optarg, &version)) >= 0)
                return rc;
        } else
            return EXIT_USAGE;
    }
    int64_t id = 0;
    int want = k == 0 ? 1 : k == 1 ? 3 : k == 2 ? 2 : 1; /* sign ID | clause ID CODE TEXT | state ID STATE | show/changed ID */
    if (k == 3) /* milestones ID M... */
        want = argc - optind >= 2 ? argc - optind : 2;
    if (argc - optind != want)
        return cli_usage("contract", "%s", "wrong number of arguments (see bizdesk --help)");
    if ((rc = cli_id_arg("contract", argv[optind], &id)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = BD_OK;
    store_contract out;
    switch (k) {
    case 0: {
        char warn[512] = "";
        store_contract before;
        bool warned = app_contract_get(s->a, id, &before, NULL) == BD_OK &&
                      app_credit_warning(s->a, before.customer_id, before.amount, before.currency, warn,
                                         sizeof warn);
        if ((st = app_contract_sign(s->a, id, date, version, &out, &e)) == BD_OK) {
            printf("contract #%" PRId64 " signed as %s on %s\n", id, out.number, out.signed_on);
            if (warned)
                printf("warning: %s\n", warn);
        }
        break;
    }
    case 1:
        if ((st = app_contract_clause(s->a, id, argv[optind + 1], argv[optind + 2], &e)) == BD_OK)
            printf("contract #%" PRId64 ": %s set\n", id, argv[optind + 1]);
        break;
    case 2:
        if ((st = app_contract_state(s->a, id, argv[optind + 1], notice, note, version, &out, &e)) == BD_OK)
            printf("contract #%" PRId64 " is %s\n", id, out.state);
        break;
    case 3: {
        int n = argc - optind - 1;
        app_milestone_input *m = bd_xcalloc((size_t)n, sizeof *m);
        char **copies = bd_xcalloc((size_t)n, sizeof *copies);
        for (int i = 0; i < n; i++) {
            /* "name|YYYY-MM-DD|amount" */
            copies[i] = bd_xstrdup(argv[optind + 1 + i]);
            char *p1 = strchr(copies[i], '|'), *p2 = p1 ? strchr(p1 + 1, '|') : NULL;
            if (!p2) {
                st = bd_errf(&e, BD_ERR_USAGE, "milestone %d: write \"name|YYYY-MM-DD|amount\"", i + 1);
                break;
            }
            *p1 = *p2 = '\0';
            m[i] = (app_milestone_input){copies[i], p1 + 1, p2 + 1};
        }
        if (st == BD_OK && (st = app_contract_milestones(s->a, id, m, n, &e)) == BD_OK)
            printf("contract #%" PRId64 ": %d milestones\n", id, n);
        for (int i = 0; i < n; i++)
            free(copies[i]);
        free(copies);
        free(m);
        break;
    }
    case 4: {
        store_clause rows[64];
        int n = 0;
        if ((st = app_contract_changed(s->a, id, rows, 64, &n, &e)) == BD_OK) {
            for (int i = 0; i < n; i++)
                printf("%-14s (round %d) %s\n", rows[i].clause, rows[i].updated_round, rows[i].body);
            if (n == 0)
                printf("nothing changed since your last decision\n");
        }
        break;
    }
    default:
        return contract_show(s, id);
    }
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

static int contract_clock(session *s, int argc, char **argv)
{
    static const struct option lo[] = {{"days", required_argument, NULL, O_NOTICE}, {NULL, 0, NULL, 0}};
    int days = 90, c;
    cli_getopt_reset();
    while ((c = cli_getopt("contract clock", argc, argv, lo)) != -1) {
        char *end;
        if (c != O_NOTICE)
            return EXIT_USAGE;
        days = (int)strtol(optarg, &end, 10);
        if (!*optarg || *end)
            return cli_usage("contract clock", "--days '%s': a whole number", optarg);
    }
    if (optind < argc)
        return cli_usage("contract clock", "unexpected argument '%s'", argv[optind]);
    app_clock_item *rows = bd_xcalloc(500, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    bd_status st = app_contract_clock(s->a, days, rows, 500, &n, &e);
    char co[100];
    for (int i = 0; st == BD_OK && i < n; i++)
        printf("%s  %-14s  %-14s  %s  %s\n", rows[i].date, app_clock_kind_name(rows[i].kind),
               *rows[i].number ? rows[i].number : "-",
               bd_text_fit(co, sizeof co, rows[i].company, 20, false), rows[i].what);
    if (st == BD_OK && n == 0)
        printf("no contract dates in the next %d days\n", days);
    free(rows);
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

static int contract_amend(session *s, int argc, char **argv)
{
    static const struct option lo[] = {
        {"kind", required_argument, NULL, O_STATE},     {"content", required_argument, NULL, O_NOTE},
        {"reason", required_argument, NULL, O_COMMENT}, {"effective", required_argument, NULL, O_DATE},
        {"amount", required_argument, NULL, O_AMOUNT},  {"end", required_argument, NULL, O_END},
        {NULL, 0, NULL, 0},
    };
    app_amend_input in = {0};
    int64_t id = 0;
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt("contract amend", argc, argv, lo)) != -1) {
        switch (c) {
        case O_STATE: in.kind = optarg; break;
        case O_NOTE: in.content = optarg; break;
        case O_COMMENT: in.reason = optarg; break;
        case O_DATE: in.effective_date = optarg; break;
        case O_AMOUNT: in.new_amount = optarg; break;
        case O_END: in.new_end_date = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage("contract amend", "%s", "give one contract number");
    if ((rc = cli_id_arg("contract amend", argv[optind], &id)) >= 0)
        return rc;
    store_amendment m;
    bd_err e = {0};
    bd_status st = app_amend(s->a, id, &in, &m, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("amendment #%" PRId64 " of contract #%" PRId64 " is %s\n", m.id, id,
           strcmp(m.state, "in_review") == 0 ? "in review" : m.state);
    return 0;
}

static int contract_history(session *s, int argc, char **argv)
{
    int64_t id = 0;
    int rc;
    if (argc != 2)
        return cli_usage("contract history", "%s", "give one contract number");
    if ((rc = cli_id_arg("contract history", argv[1], &id)) >= 0)
        return rc;
    store_amendment *am = bd_xcalloc(64, sizeof *am);
    store_version *vs = bd_xcalloc(64, sizeof *vs);
    int na = 0, nv = 0;
    bd_err e = {0};
    bd_status st = app_amendment_list(s->a, id, am, 64, &na, &e);
    if (st == BD_OK)
        st = app_contract_versions(s->a, id, vs, 64, &nv, &e);
    char m1[32];
    for (int i = 0; st == BD_OK && i < na; i++)
        printf("amendment #%" PRId64 "  %-8s %-10s effective %s  by %s: %s (%s)%s%s\n", am[i].id,
               am[i].kind, am[i].state, am[i].effective_date, am[i].author_login, am[i].content,
               am[i].reason, am[i].new_amount >= 0 ? "  amount " : "",
               am[i].new_amount >= 0 ? cli_money(am[i].new_amount, m1, sizeof m1) : "");
    for (int i = 0; st == BD_OK && i < nv; i++)
        printf("version %d (until amendment #%" PRId64 "): %s\n", vs[i].version_no,
               vs[i].amendment_id, vs[i].snapshot);
    if (st == BD_OK && na == 0)
        printf("no amendments\n");
    free(am);
    free(vs);
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

/* Deciding a request of one kind: acts and gives the state after. */
typedef bd_status (*decide_fn)(app *a, int64_t id, apv_action act, const char *comment,
                               char *state, size_t n, bd_err *e);

static bd_status decide_writeoff(app *a, int64_t id, apv_action act, const char *comment,
                                 char *state, size_t n, bd_err *e)
{
    store_writeoff w;
    bd_status st = app_writeoff_act(a, id, act, comment, &w, e);
    if (st == BD_OK)
        bd_strlcpy(state, w.state, n);
    return st;
}

static bd_status decide_amendment(app *a, int64_t id, apv_action act, const char *comment,
                                  char *state, size_t n, bd_err *e)
{
    store_amendment m;
    bd_status st = app_amendment_act(a, id, act, comment, &m, e);
    if (st == BD_OK)
        bd_strlcpy(state, m.state, n);
    return st;
}

/* CMD approve|reject|withdraw ID [--comment TEXT] for requests of NOUN. */
static int decide_cmd(const cli_opts *o, int argc, char **argv, const char *cmd,
                      const char *noun, decide_fn fn)
{
    static const struct option lo[] = {{"comment", required_argument, NULL, O_COMMENT},
                                       {NULL, 0, NULL, 0}};
    apv_action act;
    if (argc >= 2 && strcmp(argv[1], "approve") == 0)
        act = APV_APPROVE;
    else if (argc >= 2 && strcmp(argv[1], "reject") == 0)
        act = APV_REJECT;
    else if (argc >= 2 && strcmp(argv[1], "withdraw") == 0)
        act = APV_WITHDRAW;
    else
        return cli_usage(cmd, "%s", "give approve, reject or withdraw ID");
    const char *comment = NULL;
    int64_t id = 0;
    int c, rc;
    argc--, argv++;
    cli_getopt_reset();
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        if (c != O_COMMENT)
            return EXIT_USAGE;
        comment = optarg;
    }
    char what[64];
    snprintf(what, sizeof what, "give one %s number", noun);
    if (argc - optind != 1)
        return cli_usage(cmd, "%s", what);
    if ((rc = cli_id_arg(cmd, argv[optind], &id)) >= 0)
        return rc;
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    char state[16] = "";
    bd_err e = {0};
    bd_status st = fn(s.a, id, act, comment, state, sizeof state, &e);
    if (st == BD_OK)
        printf("%s #%" PRId64 " is %s\n", noun, id,
               strcmp(state, "in_review") == 0 ? "in review" : state);
    rc = st == BD_OK ? 0 : cli_fail(st, &e);
    cli_session_close(&s);
    return rc;
}

int cli_cmd_writeoff(const cli_opts *o, int argc, char **argv)
{
    return decide_cmd(o, argc, argv, "writeoff", "write-off", decide_writeoff);
}

int cli_cmd_amendment(const cli_opts *o, int argc, char **argv)
{
    return decide_cmd(o, argc, argv, "amendment", "amendment", decide_amendment);
}

/* contract log ID KIND SUMMARY [--date D] | contract resolve EVENT TEXT | contract events ID */
static int contract_events_cmd(session *s, const char *sub, int argc, char **argv)
{
    static const struct option lo[] = {{"date", required_argument, NULL, O_DATE}, {NULL, 0, NULL, 0}};
    const char *date = NULL;
    int c, rc;
    int64_t id = 0;
    cli_getopt_reset();
    while ((c = cli_getopt("contract", argc, argv, lo)) != -1) {
        if (c != O_DATE)
            return EXIT_USAGE;
        date = optarg;
    }
    bool log = strcmp(sub, "log") == 0, resolve = strcmp(sub, "resolve") == 0;
    int want = log ? 3 : resolve ? 2 : 1;
    if (argc - optind != want)
        return cli_usage("contract", "%s", log ? "give ID change_request|delay|dispute SUMMARY"
                                           : resolve ? "give EVENT RESOLUTION" : "give ID");
    if ((rc = cli_id_arg("contract", argv[optind], &id)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st;
    if (log) {
        store_event ev;
        if ((st = app_contract_event(s->a, id, argv[optind + 1], date, argv[optind + 2], &ev, &e)) == BD_OK)
            printf("event #%" PRId64 " (%s) logged on contract #%" PRId64 "\n", ev.id, ev.kind, id);
    } else if (resolve) {
        if ((st = app_contract_event_resolve(s->a, id, argv[optind + 1], &e)) == BD_OK)
            printf("event #%" PRId64 " resolved\n", id);
    } else {
        store_event rows[64];
        int n = 0;
        if ((st = app_contract_events(s->a, id, rows, 64, &n, &e)) == BD_OK) {
            for (int i = 0; i < n; i++)
                printf("#%" PRId64 "  %s  %-14s %-10s %s%s%s\n", rows[i].id, rows[i].on_date,
                       rows[i].kind, *rows[i].resolved_on ? "resolved" : "open", rows[i].summary,
                       *rows[i].resolution ? " -> " : "", rows[i].resolution);
            if (n == 0)
                printf("no change requests, delays or disputes\n");
        }
    }
    return st == BD_OK ? 0 : cli_fail(st, &e);
}

int cli_cmd_contract(const cli_opts *o, int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "log") == 0 || strcmp(argv[1], "resolve") == 0 ||
                      strcmp(argv[1], "events") == 0)) {
        session s;
        int rc = cli_session_open(o, &s);
        if (rc >= 0)
            return rc;
        rc = contract_events_cmd(&s, argv[1], argc - 1, argv + 1);
        cli_session_close(&s);
        return rc;
    }
    if (argc >= 2 && (strcmp(argv[1], "amend") == 0 || strcmp(argv[1], "history") == 0)) {
        session s;
        int rc = cli_session_open(o, &s);
        if (rc >= 0)
            return rc;
        rc = strcmp(argv[1], "amend") == 0 ? contract_amend(&s, argc - 1, argv + 1)
                                           : contract_history(&s, argc - 1, argv + 1);
        cli_session_close(&s);
        return rc;
    }
    if (argc >= 2 && strcmp(argv[1], "clock") == 0) {
        session s;
        int rc = cli_session_open(o, &s);
        if (rc >= 0)
            return rc;
        rc = contract_clock(&s, argc - 1, argv + 1);
        cli_session_close(&s);
        return rc;
    }
    static const char *const subs[] = {"sign", "clause", "state", "milestones", "changed", "show",
                                       "draft", "list", "submit", "approve", "reject", "withdraw"};
    int k = -1;
    for (int i = 0; argc >= 2 && i < 12; i++)
        if (strcmp(argv[1], subs[i]) == 0)
            k = i;
    if (k < 0)
        return cli_usage("contract", "%s", "give draft, list, show, clause, milestones, submit, "
                         "approve, reject, withdraw, changed, sign, state, clock, amend, history, "
                         "log, resolve or events");
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    if (k == 6)
        rc = contract_draft(&s, argc - 1, argv + 1);
    else if (k == 7)
        rc = contract_list(&s, argc - 1, argv + 1);
    else if (k >= 8)
        rc = contract_act(&s, k == 8 ? APV_SUBMIT : k == 9 ? APV_APPROVE : k == 10 ? APV_REJECT
                                                                                   : APV_WITHDRAW,
                          argc - 1, argv + 1);
    else
        rc = contract_sub(&s, k, argc - 1, argv + 1);
    cli_session_close(&s);
    return rc;
}

int cli_cmd_inbox(const cli_opts *o, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("inbox", "unexpected argument '%s'", argv[1]);
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    enum { MAX = 500 };
    app_work_item *rows = bd_xcalloc(MAX, sizeof *rows);
    int n = 0;
    bd_err e = {0};
    bd_status st = app_work_inbox(s.a, rows, MAX, &n, &e);
    for (int i = 0; st == BD_OK && i < n; i++) {
        const app_work_item *w = &rows[i];
        char m[32], what[100], party[64], id[48];
        snprintf(id, sizeof id, "%s #%" PRId64, app_work_noun(w->module), w->id);
        printf("%-18s %s %s %16s %s  %-22s asked by %-10s since %s%s%s%s%s\n", id,
               bd_text_fit(party, sizeof party, w->party, 16, false),
               bd_text_fit(what, sizeof what, w->what, 24, false),
               *w->currency ? cli_money(w->amount, m, sizeof m) : "",
               w->currency, w->step_name, w->asked_by, w->waiting_since,
               *w->on_behalf ? "  for " : "", w->on_behalf, *w->flags ? "  ! " : "", w->flags);
    }
    if (st == BD_OK && n == 0)
        printf("nothing waits for your decision\n");
    rc = st == BD_OK ? 0 : cli_fail(st, &e);
    free(rows);
    cli_session_close(&s);
    return rc;
}

int cli_cmd_delegate(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        {"from", required_argument, NULL, O_FROM}, {"to", required_argument, NULL, O_TO},
        {"module", required_argument, NULL, O_MODULE}, {"max", required_argument, NULL, O_MAX},
        {NULL, 0, NULL, 0},
    };
    const char *from = NULL, *to = NULL, *module = NULL, *max = NULL;
    int c, rc;
    cli_getopt_reset();
    while ((c = cli_getopt("delegate", argc, argv, lo)) != -1) {
        switch (c) {
        case O_FROM: from = optarg; break;
        case O_TO: to = optarg; break;
        case O_MODULE: module = optarg; break;
        case O_MAX: max = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage("delegate", "%s", "give the deputy's LOGIN --from DATE --to DATE");
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_delegate(s.a, argv[optind], module, from, to, max, &e);
    if (st == BD_OK)
        printf("%s acts for you from %s to %s\n", argv[optind], from, to);
    rc = st == BD_OK ? 0 : cli_fail(st, &e);
    cli_session_close(&s);
    return rc;
}

int cli_cmd_ar(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        {"customer", required_argument, NULL, O_CUSTOMER}, {"all", no_argument, NULL, O_ALL},
        {"method", required_argument, NULL, O_METHOD},     {"date", required_argument, NULL, O_DATE},
        {"ref", required_argument, NULL, O_REF},           {"done", required_argument, NULL, O_END},
        {"outcome", required_argument, NULL, O_NOTE},      {"reason", required_argument, NULL, O_COMMENT},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "pay") && strcmp(argv[1], "aging") &&
                     strcmp(argv[1], "collect") && strcmp(argv[1], "show") &&
                     strcmp(argv[1], "writeoff")))
        return cli_usage("ar", "%s", "give list, show, pay, collect, writeoff or aging");
    const char *done = NULL, *outcome = NULL, *reason = NULL;
    const char *sub = argv[1], *method = NULL, *date = NULL, *ref = NULL;
    int64_t customer = 0;
    bool all = false;
    int c, rc;
    argc--, argv++;
    cli_getopt_reset();
    while ((c = cli_getopt("ar", argc, argv, lo)) != -1) {
        switch (c) {
        case O_CUSTOMER: if ((rc = cli_id_arg("ar", optarg, &customer)) >= 0) return rc; break;
        case O_ALL: all = true; break;
        case O_METHOD: method = optarg; break;
        case O_DATE: date = optarg; break;
        case O_REF: ref = optarg; break;
        case O_END: done = optarg; break;
        case O_NOTE: outcome = optarg; break;
        case O_COMMENT: reason = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    bool pay = strcmp(sub, "pay") == 0, collect = strcmp(sub, "collect") == 0;
    bool show = strcmp(sub, "show") == 0, writeoff = strcmp(sub, "writeoff") == 0;
    int want = pay || collect ? 2 : show || writeoff ? 1 : 0;
    if (argc - optind != want)
        return cli_usage("ar", "%s", pay ? "give RECEIVABLE AMOUNT --method M"
                                     : collect ? "give RECEIVABLE phone|email|visit|legal --date D"
                                     : show ? "give RECEIVABLE" : "no operands");
    int64_t rid = 0;
    if (want && (rc = cli_id_arg("ar", argv[optind], &rid)) >= 0)
        return rc;
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = BD_OK;
    char m1[32], m2[32], co[100];
    const policy *p = app_policy(s.a);
    if (writeoff) {
        store_writeoff w;
        if ((st = app_writeoff_request(s.a, rid, reason, &w, &e)) == BD_OK)
            printf("write-off #%" PRId64 " of %s for receivable #%" PRId64 " is %s\n", w.id,
                   cli_money(w.amount, m1, sizeof m1), rid,
                   strcmp(w.state, "in_review") == 0 ? "in review" : w.state);
    } else if (collect) {
        if ((st = app_ar_collect(s.a, rid, argv[optind + 1], date, done, outcome, &e)) == BD_OK)
            printf("receivable #%" PRId64 ": %s %s %s\n", rid, argv[optind + 1],
                   done ? "done" : "planned for", done ? done : date);
    } else if (show) {
        store_collection rows[64];
        int n = 0;
        if ((st = app_ar_collections(s.a, rid, rows, 64, &n, &e)) == BD_OK) {
            printf("collection of receivable #%" PRId64 ":\n", rid);
            for (int i = 0; i < n; i++)
                printf("  %s  %-6s %-10s %s%s%s\n", rows[i].planned_on, rows[i].kind,
                       *rows[i].done_on ? rows[i].done_on : "planned", rows[i].actor_login,
                       *rows[i].outcome ? ": " : "", rows[i].outcome);
            if (n == 0)
                printf("  no collection actions yet\n");
        }
    } else if (pay) {
        store_receivable r;
        if ((st = app_ar_pay(s.a, rid, argv[optind + 1], date, method, ref, &r, &e)) == BD_OK)
            printf("receivable #%" PRId64 " (%s): paid %s of %s, %s\n", r.id, r.contract_number,
                   cli_money(r.paid, m1, sizeof m1),
                   app_money_in(s.a, r.amount, r.currency, m2, sizeof m2), r.state);
    } else if (strcmp(sub, "list") == 0) {
        store_receivable *rows = bd_xcalloc(500, sizeof *rows);
        int n = 0;
        if ((st = app_ar_list(s.a, customer, all, rows, 500, &n, &e)) == BD_OK) {
            printf("%5s  %-14s  %-20s  %-16s  %-10s  %16s  %16s  %s\n", "ID", "CONTRACT", "CUSTOMER",
                   "MILESTONE", "DUE", "AMOUNT", "PAID", "STATE");
            for (int i = 0; i < n; i++) {
                char ms[80];
                printf("%5" PRId64 "  %-14s  %s  %s  %-10s  %16s  %16s  %s\n", rows[i].id,
                       rows[i].contract_number, bd_text_fit(co, sizeof co, rows[i].company, 20, false),
                       bd_text_fit(ms, sizeof ms, rows[i].milestone, 16, false), rows[i].due_date,
                       app_money_in(s.a, rows[i].amount, rows[i].currency, m1, sizeof m1),
                       cli_money(rows[i].paid, m2, sizeof m2),
                       rows[i].state);
            }
        }
        free(rows);
    } else {
        app_aging_row *rows = bd_xcalloc(500, sizeof *rows);
        int n = 0;
        if ((st = app_ar_aging(s.a, rows, 500, &n, &e)) == BD_OK) {
            printf("%-20s  %14s", "CUSTOMER", "NOT DUE");
            for (int i = 0; i < p->naging; i++) {
                char h[32];
                snprintf(h, sizeof h, "%d-%d", i ? p->aging_buckets[i - 1] + 1 : 1, p->aging_buckets[i]);
                printf("  %14s", h);
            }
            printf("  %13s%d  %14s\n", "OVER ", p->naging ? p->aging_buckets[p->naging - 1] : 0, "TOTAL");
            for (int i = 0; i < n; i++) {
                printf("%s", bd_text_fit(co, sizeof co, rows[i].company, 20, false));
                for (int b = 0; b < p->naging + 2; b++)
                    printf("  %14s", cli_money(rows[i].bucket[b], m1, sizeof m1));
                printf("  %14s\n", cli_money(rows[i].total, m1, sizeof m1));
            }
        }
        free(rows);
    }
    rc = st == BD_OK ? 0 : cli_fail(st, &e);
    cli_session_close(&s);
    return rc;
}
