/* Global options and the start-up shared by the commands and the UI. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_internal.h"
#include "io.h"

#ifndef BD_VERSION
#define BD_VERSION "0"
#endif

const char *cli_version(void)
{
    return "bizdesk " BD_VERSION;
}

static void usage(FILE *f)
{
    fputs("usage: bizdesk [--db PATH] [--config DIR] [--as LOGIN] [COMMAND [ARGS...]]\n"
          "\n"
          "With no command, opens the terminal UI.  Commands:\n"
          "  init --demo [--no-sample] | init --admin LOGIN [--name NAME]   create the database\n"
          "  whoami                                        who bizdesk takes you for\n"
          "  user list [--all] [--filter TEXT]             list users\n"
          "  user show LOGIN\n"
          "  user add LOGIN --name NAME --dept CODE --role CODE [--manager LOGIN]\n"
          "  user set LOGIN [--name NAME] [--dept CODE] [--role CODE] [--manager LOGIN]\n"
          "  user deactivate LOGIN | user activate LOGIN\n"
          "  audit list [--entity E] [--id N] [--actor LOGIN] [--limit N] [-o FILE [--force]]\n"
          "  audit verify                                  check the audit hash chain\n"
          "  policy check [DIR]                            validate a policy folder\n"
          "  backup FILE [--force]                         a consistent copy, while others work\n"
          "  check                                         database integrity and audit chain\n"
          "  lead add --company NAME [--contact NAME] [--phone P] [--email E] [--value V] ...\n"
          "  lead list [--stage S] [--owner LOGIN] [--search TEXT] [--open] [--sort COL]\n"
          "  lead show ID | lead move ID STAGE [--needs T] [--budget B] ... | lead assign ID LOGIN\n"
          "  activity add ID --kind KIND --summary TEXT [--next DATE]\n"
          "  today                                         follow-ups, stale, churn, complaints\n"
          "  complaint add CUSTOMER --summary TEXT | complaint step ID STATE [--dept D]\n"
          "  survey add CUSTOMER --survey NAME --score 1-5\n"
          "  customer show CUSTOMER                        contacts, opportunities, complaints\n"
          "  customer set CUSTOMER [--credit-limit A] [--class C]\n"
          "  contract draft|list|show|clause|milestones|submit|approve|reject|withdraw|\n"
          "           changed|sign|state|clock|amend|history|log|resolve|events ...\n"
          "  amendment approve|reject|withdraw ID [--comment TEXT]\n"
          "  inbox | delegate LOGIN --from D --to D [--module M] [--max AMOUNT]\n"
          "  ar list [--all] | ar pay ID AMOUNT --method M | ar aging | ar collect|show ID ...\n"
          "  ar writeoff ID --reason T | writeoff approve|reject|withdraw ID [--comment T]\n"
          "  claim new TITLE | claim add-line ID --date D --category C --reason T --amount A\n"
          "        [--place P] [--standard S [--qty N]] [--invoice NO] [--preapproval ID]\n"
          "  claim submit|approve|reject|withdraw|show ID | claim remove-line ID LINE\n"
          "  claim list [--state S] [--mine]\n"
          "  claim queue | claim pay ID [--method M] [--ref REF]     (finance)\n"
          "  preapproval new --reason T --date D --place P --participants T --estimate A\n"
          "  preapproval approve|reject|withdraw|show ID | preapproval list\n"
          "  budget list [--year Y] | budget set DEPT CATEGORY PERIOD AMOUNT\n"
          "  budget request --category C --period P --amount A --reason T | budget changes\n"
          "  budget approve|reject|withdraw ID | user bank ACCOUNT [--user LOGIN]\n"
          "  review open DEPT PERIOD | review periods | review list PERIOD | review show ID\n"
          "  review rate ID KPI RATING [--source customer] [--comment T] | review submit ID\n"
          "  review peers ID LOGIN... | review figure ID KPI | review history [LOGIN]\n"
          "  review check-figures ID [--version N]         the supervisor checks the figures\n"
          "  review finalize PERIOD [--force] | review calibrate PERIOD | review honours PERIOD\n"
          "  review grade ID GRADE --reason T | review publish|lock PERIOD\n"
          "  review interview ID --notes T [--goals T] | review plan new|close|list ...\n"
          "  import leads FILE [--dry-run] [--map H=field] [--on-duplicate skip|update|flag]\n"
          "  import budgets FILE [--rejects FILE] [--force]\n"
          "  export leads|customers FILE [--force]         spreadsheet-safe CSV\n"
          "  report list                                   the reports and their parameters\n"
          "  report NAME [--period P | --from D --to D] [--days N] [--year Y]\n"
          "         [--review-period ID] [--format txt|csv|html] [--width 80|132]\n"
          "         [--lines N] -o FILE [--force]\n"
          "\n"
          "Options:\n"
          "  --db PATH      the database (default: $BIZDESK_DB, the installed one, or\n"
          "                 demo.db in the source tree)\n"
          "  --config DIR   the policy folder (default: $BIZDESK_CONFIG, the installed\n"
          "                 one, or config/ in the source tree)\n"
          "  --as LOGIN     act as another user (demo databases only)\n"
          "                 (installed setgid, these three are refused: bizdesk(1))\n"
          "  -h, --help     this help;  -V, --version  the version\n"
          "\n"
          "See bizdesk(1) and bizdesk-policy(5).\n",
          f);
}

int cli_parse(int argc, char **argv, cli_opts *o)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"config", required_argument, NULL, 'c'},
        {"as", required_argument, NULL, 'a'},     {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    opterr = 0;
    optind = 1;
    int c;
    /* '+' stops at the first non-option: the rest belongs to the command. */
    while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'c': o->config = optarg; break;
        case 'a': o->as = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'V': puts(cli_version()); return 0;
        default:
            if (optopt)
                fprintf(stderr, "bizdesk: option -%c: %s\n", optopt,
                        strchr("hV", optopt) ? "takes no argument" : "unknown option");
            else
                fprintf(stderr, "bizdesk: %s: unknown option or missing argument\n",
                        argv[optind - 1]);
            fputs("Try 'bizdesk --help'.\n", stderr);
            return EXIT_USAGE;
        }
    }
    o->argc = argc - optind;
    o->argv = argv + optind;
    return -1;
}

int cli_exit_code(bd_status st)
{
    switch (st) {
    case BD_OK: return 0;
    case BD_ERR_USAGE: return EXIT_USAGE;
    case BD_ERR_POLICY: return EXIT_POLICY;
    case BD_ERR_DB:
    case BD_ERR_BUSY:
    case BD_ERR_VERSION: return EXIT_DB;
    default: return EXIT_FAIL;
    }
}

int cli_policy_trusted(const char *dir)
{
    bd_err e = {0};
    if (!io_priv_setgid() || policy_dir_trusted(dir, &e) == BD_OK)
        return -1;
    fprintf(stderr, "bizdesk: %s\n", e.msg);
    return EXIT_POLICY;
}

/* Load the policy folder, printing every mistake as file:line:column. */
static int load_policy(const char *dir, policy **pol)
{
    int rc = cli_policy_trusted(dir);
    if (rc >= 0)
        return rc;
    policy_diags d = {0};
    if (policy_load(dir, pol, &d) == BD_OK) {
        policy_diags_free(&d);
        return -1;
    }
    char line[2048];
    for (size_t i = 0; i < d.n; i++)
        fprintf(stderr, "%s\n", policy_diag_format(&d.v[i], line, sizeof line));
    fprintf(stderr, "bizdesk: the policy in %s has %zu error%s; fix %s and try again\n", dir,
            d.n, d.n == 1 ? "" : "s", d.n == 1 ? "it" : "them");
    policy_diags_free(&d);
    return EXIT_POLICY;
}

int cli_start(const cli_opts *o, app_paths *paths, policy **pol, app **a)
{
    bd_err e = {0};
    *pol = NULL;
    *a = NULL;
    if (app_clock_check(&e) != BD_OK) {
        fprintf(stderr, "bizdesk: %s\n", e.msg);
        return EXIT_USAGE;
    }
    app_paths_resolve(o->db, o->config, paths);
    int rc = load_policy(paths->config, pol);
    if (rc >= 0)
        return rc;
    bd_status st = app_open(paths->db, *pol, a, &e);
    if (st != BD_OK) {
        fprintf(stderr, "bizdesk: %s\n", e.msg);
        policy_free(pol);
        return cli_exit_code(st);
    }
    return -1;
}

int cli_login(const cli_opts *o, app *a)
{
    bd_err e = {0};
    bd_status st = o->as ? app_login_as(a, o->as, &e) : app_login_unix(a, &e);
    if (st != BD_OK) {
        fprintf(stderr, "bizdesk: %s\n", e.msg);
        return cli_exit_code(st);
    }
    return -1;
}

int cli_policy_check(const char *dir)
{
    policy *pol = NULL;
    int rc = load_policy(dir, &pol);
    if (rc >= 0)
        return rc;
    printf("%s: ok (%zu departments, %zu roles, %zu pipeline stages, %zu lead sources, "
           "%d contract review steps, %zu clauses)\n", dir, pol->ndepts, pol->nroles, pol->nstages,
           pol->nsources, pol->contract_flow.nsteps, pol->nclauses);
    policy_free(&pol);
    return 0;
}
