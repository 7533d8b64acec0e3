/* The non-interactive commands: each parses its arguments, calls the app
 * function a UI action would call, and prints the result. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_internal.h"
#include "io.h"

int cli_fail(bd_status st, const bd_err *e)
{
    fprintf(stderr, "bizdesk: %s\n", e->msg[0] ? e->msg : bd_status_text(st));
    return cli_exit_code(st);
}

int cli_usage(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "bizdesk %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'bizdesk --help'.\n");
    return EXIT_USAGE;
}

/* getopt_long over a command's own arguments; reports problems with the
 * command's name.  Returns the option char, -1 at the end, '?' on error. */
int cli_getopt(const char *cmd, int argc, char **argv, const struct option *lo)
{
    /* GNU order: options may come before or after the operands. */
    int c = getopt_long(argc, argv, "o:", lo, NULL);
    if (c == '?' || c == ':') {
        cli_usage(cmd, "%s: unknown option or missing argument", argv[optind - 1]);
        return '?';
    }
    return c;
}

void cli_getopt_reset(void)
{
    optind = 0; /* glibc: full re-initialisation */
    opterr = 0;
}

int cli_session_open(const cli_opts *o, session *s)
{
    int rc = cli_start(o, &s->paths, &s->pol, &s->a);
    if (rc >= 0)
        return rc;
    rc = cli_login(o, s->a);
    if (rc >= 0) {
        app_close(&s->a);
        policy_free(&s->pol);
    }
    return rc;
}

void cli_session_close(session *s)
{
    app_close(&s->a);
    policy_free(&s->pol);
}

/* ---- init --------------------------------------------------------------- */
static int cmd_init(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        {"demo", no_argument, NULL, 'D'},
        {"no-sample", no_argument, NULL, 'S'},
        {"admin", required_argument, NULL, 'A'},
        {"name", required_argument, NULL, 'N'},
        {NULL, 0, NULL, 0},
    };
    app_init_opts io = {0};
    bool no_sample = false;
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt("init", argc, argv, lo)) != -1) {
        switch (c) {
        case 'D': io.demo = io.sample_data = true; break;
        case 'S': no_sample = true; break;
        case 'A': io.admin_login = optarg; break;
        case 'N': io.admin_name = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage("init", "unexpected argument '%s'", argv[optind]);
    if (!io.demo && !io.admin_login)
        return cli_usage("init", "%s", "give --admin LOGIN (the first administrator) or --demo");
    if (no_sample && !io.demo)
        return cli_usage("init", "%s", "--no-sample goes with --demo");
    io.sample_data = io.demo && !no_sample;
    if (io.demo && io.admin_login)
        return cli_usage("init", "%s", "--demo makes its own users; drop --admin");

    /* Installed, whoever creates the shared database names its first
     * administrator: only root may. */
    if (io_priv_setgid() && getuid() != 0) {
        fprintf(stderr, "bizdesk: init: only root creates the shared database of an "
                        "installed bizdesk\n");
        return EXIT_FAIL;
    }
    app_paths p;
    app_paths_resolve(o->db, o->config, &p);
    int rc = cli_policy_trusted(p.config);
    if (rc >= 0)
        return rc;
    policy_diags d = {0};
    policy *pol = NULL;
    if (policy_load(p.config, &pol, &d) != BD_OK) {
        policy_diags_free(&d);
        return cli_policy_check(p.config); /* prints every mistake */
    }
    policy_diags_free(&d);
    bd_err e = {0};
    bd_status st = app_init_db(p.db, pol, &io, &e);
    policy_free(&pol);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("created %s%s\n", p.db, io.demo ? " (demo: open it with --as LOGIN or the picker)" : "");
    return 0;
}

/* ---- whoami ------------------------------------------------------------ */
static int cmd_whoami(const cli_opts *o, int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return cli_usage("whoami", "unexpected argument '%s'", argv[1]);
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    const app_actor *ac = app_actor_get(s.a);
    printf("login:      %s\nname:       %s\nrole:       %s (%s)\ndepartment: %s\n"
           "database:   %s%s\npolicy:     %s\n",
           ac->user.login, ac->user.name, ac->role->code, ac->role->name, ac->user.department,
           s.paths.db, app_is_demo(s.a) ? " (demo)" : "", s.paths.config);
    cli_session_close(&s);
    return 0;
}

/* ---- user --------------------------------------------------------------- */
static void print_user_row(const store_user *u)
{
    char login[64], name[128], dept[64], role[64], mgr[64];
    printf("%s %s %s %s %s %s\n", bd_text_fit(login, sizeof login, u->login, 16, false),
           bd_text_fit(name, sizeof name, u->name, 20, false),
           bd_text_fit(dept, sizeof dept, u->department, 12, false),
           bd_text_fit(role, sizeof role, u->role, 14, false),
           bd_text_fit(mgr, sizeof mgr, u->manager_login[0] ? u->manager_login : "-", 16, false),
           u->active ? "active" : "inactive");
}

static int user_list(session *s, int argc, char **argv)
{
    static const struct option lo[] = {
        {"all", no_argument, NULL, 'a'},
        {"filter", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    store_user_query q = {.limit = 200};
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt("user list", argc, argv, lo)) != -1) {
        if (c == 'a')
            q.include_inactive = true;
        else if (c == 'f')
            q.filter = optarg;
        else
            return EXIT_USAGE;
    }
    if (optind < argc)
        return cli_usage("user list", "unexpected argument '%s'", argv[optind]);
    store_user rows[200];
    char last[33] = "";
    bd_err e = {0};
    printf("%-16s %-20s %-12s %-14s %-16s %s\n", "LOGIN", "NAME", "DEPARTMENT", "ROLE",
           "MANAGER", "STATUS");
    /* Page through with the keyset, as the UI does: never all rows at once. */
    for (;;) {
        int n = 0;
        q.after = last[0] ? last : NULL;
        bd_status st = app_user_page(s->a, &q, rows, &n, &e);
        if (st != BD_OK)
            return cli_fail(st, &e);
        for (int i = 0; i < n; i++)
            print_user_row(&rows[i]);
        if (n < q.limit)
            break;
        bd_strlcpy(last, rows[n - 1].login, sizeof last);
    }
    return 0;
}

static int user_show(session *s, int argc, char **argv)
{
    if (argc != 2)
        return cli_usage("user show", "%s", "give one LOGIN");
    store_user u;
    bd_err e = {0};
    bd_status st = app_user_get(s->a, argv[1], &u, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("login:      %s\nname:       %s\ndepartment: %s\nrole:       %s\nmanager:    %s\n"
           "status:     %s\ncreated:    %s\nupdated:    %s\nversion:    %" PRId64 "\n",
           u.login, u.name, u.department, u.role, u.manager_login[0] ? u.manager_login : "-",
           u.active ? "active" : "inactive", u.created_at, u.updated_at, u.version);
    return 0;
}

/* user add / user set share their field options. */
static int user_fields(const char *cmd, int argc, char **argv, app_user_input *in)
{
    static const struct option lo[] = {
        {"name", required_argument, NULL, 'n'},
        {"dept", required_argument, NULL, 'd'},
        {"department", required_argument, NULL, 'd'},
        {"role", required_argument, NULL, 'r'},
        {"manager", required_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    int c;
    if (argc < 2 || argv[1][0] == '-')
        return cli_usage(cmd, "%s", "give the LOGIN first");
    in->login = argv[1];
    cli_getopt_reset();
    argc--, argv++; /* getopt starts after the LOGIN */
    while ((c = cli_getopt(cmd, argc, argv, lo)) != -1) {
        switch (c) {
        case 'n': in->name = optarg; break;
        case 'd': in->department = optarg; break;
        case 'r': in->role = optarg; break;
        case 'm': in->manager = optarg; break;
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
    return -1;
}

static int user_add(session *s, int argc, char **argv)
{
    app_user_input in = {0};
    int rc = user_fields("user add", argc, argv, &in);
    if (rc >= 0)
        return rc;
    store_user u;
    bd_err e = {0};
    bd_status st = app_user_add(s->a, &in, &u, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("added %s (%s)\n", u.login, u.name);
    return 0;
}

static int user_set(session *s, int argc, char **argv)
{
    app_user_input in = {0};
    int rc = user_fields("user set", argc, argv, &in);
    if (rc >= 0)
        return rc;
    const char *login = in.login;
    in.login = NULL;
    if (!in.name && !in.department && !in.role && !in.manager)
        return cli_usage("user set", "%s", "nothing to change: give --name, --dept, --role or --manager");
    bd_err e = {0};
    bd_status st = app_user_set(s->a, login, &in, 0, NULL, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("changed %s\n", login);
    return 0;
}

/* user bank ACCOUNT [--user LOGIN]: where the user's claims are paid. */
static int user_bank(session *s, int argc, char **argv)
{
    static const struct option lo[] = {{"user", required_argument, NULL, 'u'}, {NULL, 0, NULL, 0}};
    const char *login = NULL;
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt("user bank", argc, argv, lo)) != -1) {
        if (c != 'u')
            return EXIT_USAGE;
        login = optarg;
    }
    if (argc - optind != 1)
        return cli_usage("user bank", "%s", "give the ACCOUNT number");
    bd_err e = {0};
    bd_status st = app_user_bank(s->a, login, argv[optind], &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("bank account of %s set\n", login ? login : "you");
    return 0;
}

static int user_active(session *s, int argc, char **argv, bool active)
{
    if (argc != 2)
        return cli_usage(active ? "user activate" : "user deactivate", "%s", "give one LOGIN");
    bd_err e = {0};
    bd_status st = app_user_set_active(s->a, argv[1], active, &e);
    if (st != BD_OK)
        return cli_fail(st, &e);
    printf("%s %s\n", active ? "activated" : "deactivated", argv[1]);
    return 0;
}

static int cmd_user(const cli_opts *o, int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("user", "%s", "give list, show, add, set, bank, activate or deactivate");
    const char *sub = argv[1];
    static const char *const subs[] = {"list", "show", "add", "set", "bank", "activate",
                                       "deactivate"};
    bool known = false;
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        known |= strcmp(sub, subs[i]) == 0;
    if (!known)
        return cli_usage("user", "'%s' is not a user command", sub);
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    argc--, argv++;
    if (strcmp(sub, "list") == 0)
        rc = user_list(&s, argc, argv);
    else if (strcmp(sub, "show") == 0)
        rc = user_show(&s, argc, argv);
    else if (strcmp(sub, "add") == 0)
        rc = user_add(&s, argc, argv);
    else if (strcmp(sub, "bank") == 0)
        rc = user_bank(&s, argc, argv);
    else if (strcmp(sub, "set") == 0)
        rc = user_set(&s, argc, argv);
    else
        rc = user_active(&s, argc, argv, strcmp(sub, "activate") == 0);
    cli_session_close(&s);
    return rc;
}

/* ---- audit -------------------------------------------------------------- */
static int print_audit_row(void *ctx, const bd_audit_row *r, const char *hash)
{
    FILE *f = ctx;
    (void)hash;
    fprintf(f, "%" PRId64 "\t%s\t%s%s%s\t%s\t%s#%" PRId64 "\t%s\t%s\n", r->id, r->at, r->actor,
            r->on_behalf ? " for " : "", r->on_behalf ? r->on_behalf : "", r->action, r->entity,
            r->entity_id, r->before ? r->before : "-", r->after ? r->after : "-");
    return ferror(f) ? 1 : 0;
}

static int audit_list(session *s, int argc, char **argv)
{
    static const struct option lo[] = {
        {"entity", required_argument, NULL, 'e'}, {"id", required_argument, NULL, 'i'},
        {"actor", required_argument, NULL, 'a'},  {"limit", required_argument, NULL, 'l'},
        {"output", required_argument, NULL, 'o'}, {"force", no_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    /* Newest first, like git log: --limit N shows the last N changes. */
    store_audit_query q = {.newest_first = true};
    const char *out = NULL;
    bool force = false;
    int c;
    char *end;
    cli_getopt_reset();
    while ((c = cli_getopt("audit list", argc, argv, lo)) != -1) {
        switch (c) {
        case 'e': q.entity = optarg; break;
        case 'a': q.actor = optarg; break;
        case 'o': out = optarg; break;
        case 'F': force = true; break;
        case 'i':
        case 'l': {
            long long v = strtoll(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || v < 1 || v > INT32_MAX)
                return cli_usage("audit list", "'%s' is not a positive whole number", optarg);
            if (c == 'i')
                q.entity_id = v;
            else
                q.limit = (int)v;
            break;
        }
        default: return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return cli_usage("audit list", "unexpected argument '%s'", argv[optind]);
    bd_err e = {0};
    io_out o = {0};
    FILE *f = stdout;
    if (out) {
        bd_status st = io_out_open(&o, out, force, &e);
        if (st != BD_OK)
            return cli_fail(st, &e);
        f = o.fp;
    }
    bd_status st = app_audit_each(s->a, &q, print_audit_row, f, &e);
    if (st == BD_OK && out)
        st = io_out_commit(&o, &e);
    if (st != BD_OK) {
        io_out_abort(&o);
        return cli_fail(st, &e);
    }
    if (out)
        printf("wrote %s\n", out);
    return 0;
}

/* backup FILE [--force] */
static int cmd_backup(const cli_opts *o, int argc, char **argv)
{
    static const struct option lo[] = {{"force", no_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
    bool force = false;
    int c;
    cli_getopt_reset();
    while ((c = cli_getopt("backup", argc, argv, lo)) != -1) {
        if (c != 'f')
            return EXIT_USAGE;
        force = true;
    }
    if (argc - optind != 1)
        return cli_usage("backup", "%s", "give the FILE to copy the database to");
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    bd_err e = {0};
    bd_status st = app_backup(s.a, argv[optind], force, &e);
    if (st == BD_OK)
        printf("copied the database to %s\n", argv[optind]);
    rc = st == BD_OK ? 0 : cli_fail(st, &e);
    cli_session_close(&s);
    return rc;
}

static int cmd_check(const cli_opts *o, int argc, char **argv)
{
    if (argc > 1)
        return cli_usage("check", "unexpected argument '%s'", argv[1]);
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    char report[4096] = "";
    bd_err e = {0};
    bd_status st = app_check(s.a, report, sizeof report, &e);
    if (*report)
        printf("%s\n", report);
    rc = st == BD_OK ? 0 : cli_fail(st, &e);
    cli_session_close(&s);
    return rc;
}

static int cmd_audit(const cli_opts *o, int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "verify") != 0))
        return cli_usage("audit", "%s", "give list or verify");
    session s;
    int rc = cli_session_open(o, &s);
    if (rc >= 0)
        return rc;
    if (strcmp(argv[1], "list") == 0) {
        rc = audit_list(&s, argc - 1, argv + 1);
    } else if (argc > 2) {
        rc = cli_usage("audit verify", "unexpected argument '%s'", argv[2]);
    } else {
        int64_t rows = 0, bad = 0;
        bd_err e = {0};
        bd_status st = app_audit_verify(s.a, &rows, &bad, &e);
        if (st == BD_OK) {
            printf("audit trail ok: %" PRId64 " rows, hash chain intact\n", rows);
            rc = 0;
        } else {
            rc = cli_fail(st, &e);
        }
    }
    cli_session_close(&s);
    return rc;
}

/* ---- policy ------------------------------------------------------------- */
static int cmd_policy(const cli_opts *o, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "check") != 0)
        return cli_usage("policy", "%s", "give check [DIR]");
    if (argc > 3)
        return cli_usage("policy check", "unexpected argument '%s'", argv[3]);
    if (argc == 3) {
        /* Someone's own folder needs no database: installed, bizdesk's
         * group is given up for good before reading it. */
        bd_err e = {0};
        if (io_priv_drop(&e) != BD_OK)
            return cli_fail(BD_ERR_IO, &e);
        return cli_policy_check(argv[2]);
    }
    app_paths p;
    app_paths_resolve(o->db, o->config, &p);
    return cli_policy_check(p.config);
}

/* ---- dispatch ----------------------------------------------------------- */

static const struct command {
    const char *name;
    int (*run)(const cli_opts *o, int argc, char **argv);
} commands[] = {
    {"init", cmd_init},   {"whoami", cmd_whoami}, {"user", cmd_user},
    {"audit", cmd_audit}, {"backup", cmd_backup}, {"check", cmd_check}, {"policy", cmd_policy}, {"lead", cli_cmd_lead},
    {"activity", cli_cmd_activity}, {"import", cli_cmd_import}, {"export", cli_cmd_export},
    {"today", cli_cmd_today}, {"complaint", cli_cmd_complaint}, {"survey", cli_cmd_survey},
    {"customer", cli_cmd_customer}, {"contract", cli_cmd_contract}, {"inbox", cli_cmd_inbox},
    {"delegate", cli_cmd_delegate}, {"ar", cli_cmd_ar}, {"amendment", cli_cmd_amendment},
    {"writeoff", cli_cmd_writeoff}, {"claim", cli_cmd_claim}, {"preapproval", cli_cmd_preapproval},
    {"budget", cli_cmd_budget}, {"review", cli_cmd_review}, {"report", cli_cmd_report},
};

int cli_run(const cli_opts *o)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(o->argv[0], commands[i].name) == 0)
            return commands[i].run(o, o->argc, o->argv);
    fprintf(stderr, "bizdesk: '%s' is not a command\nTry 'bizdesk --help'.\n", o->argv[0]);
    return EXIT_USAGE;
}

int cli_dispatch(const cli_opts *o, const char *cmd, const cli_subcmd *t, size_t n, int argc,
                 char **argv)
{
    bd_buf names = {0};
    for (size_t i = 0; i < n; i++)
        bd_buf_printf(&names, "%s%s", i ? ", " : "give ", t[i].name);
    const cli_subcmd *sc = NULL;
    for (size_t i = 0; argc >= 2 && i < n; i++)
        if (strcmp(argv[1], t[i].name) == 0)
            sc = &t[i];
    int rc;
    if (!sc) {
        rc = argc < 2 ? cli_usage(cmd, "%s", bd_buf_str(&names))
                      : cli_usage(cmd, "'%s' is not a command here", argv[1]);
        bd_buf_free(&names);
        return rc;
    }
    bd_buf_free(&names);
    char full[64];
    snprintf(full, sizeof full, "%s %s", cmd, sc->name);
    session s;
    if ((rc = cli_session_open(o, &s)) >= 0)
        return rc;
    rc = sc->run(&s, full, argc - 1, argv + 1);
    cli_session_close(&s);
    return rc;
}

