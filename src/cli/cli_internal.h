/* Shared by the files of src/cli. */
#ifndef BIZDESK_CLI_INTERNAL_H
#define BIZDESK_CLI_INTERNAL_H

#include <getopt.h>

#include "cli.h"

int cli_policy_check(const char *dir);

/* Print "bizdesk: message" for a failed status and return its exit code. */
int cli_fail(bd_status st, const bd_err *e);

/* "bizdesk CMD: message" and the --help hint on stderr; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, const char *arg);
/* getopt_long over a command's own arguments (call cli_getopt_reset
 * first); problems are reported with the command's name.  Returns the
 * option, -1 at the end, '?' on a mistake. */
int cli_getopt(const char *cmd, int argc, char **argv, const struct option *lo);
void cli_getopt_reset(void);

/* A session for commands that act as somebody: start-up and login.
 * Returns -1 when open, else the exit status (nothing to close). */
typedef struct session {
    app_paths paths;
    policy *pol;
    app *a;
} session;

int cli_session_open(const cli_opts *o, session *s);
/* Installed setgid: refuse a policy folder root does not hold alone
 * (policy_dir_trusted), printing why.  Returns -1 to go on, or EXIT_POLICY. */
int cli_policy_trusted(const char *dir);
void cli_session_close(session *s);

/* An id argument (a positive number) into *out: -1, else the exit
 * status of the usage message (contracts.c). */
int cli_id_arg(const char *cmd, const char *s, int64_t *out);
/* Money with thousands separators; buf needs 32 bytes. */
const char *cli_money(int64_t v, char *buf, size_t n);

/* A command's subcommands: cli_dispatch opens the session, runs the one
 * named by argv[1] with argv from it (argv[0] the subcommand's name) and
 * "cmd sub" as its name for messages, and closes the session. */
typedef struct cli_subcmd {
    const char *name;
    int (*run)(session *s, const char *cmd, int argc, char **argv);
} cli_subcmd;
int cli_dispatch(const cli_opts *o, const char *cmd, const cli_subcmd *t, size_t n, int argc,
                 char **argv);

/* Pipeline commands (cli/pipeline.c). */
int cli_cmd_lead(const cli_opts *o, int argc, char **argv);
int cli_cmd_activity(const cli_opts *o, int argc, char **argv);
int cli_cmd_import(const cli_opts *o, int argc, char **argv);
int cli_cmd_export(const cli_opts *o, int argc, char **argv);
int cli_cmd_today(const cli_opts *o, int argc, char **argv);
int cli_cmd_complaint(const cli_opts *o, int argc, char **argv);
int cli_cmd_survey(const cli_opts *o, int argc, char **argv);
int cli_cmd_customer(const cli_opts *o, int argc, char **argv);

/* Contract commands (cli/contracts.c). */
int cli_cmd_contract(const cli_opts *o, int argc, char **argv);
int cli_cmd_inbox(const cli_opts *o, int argc, char **argv);
int cli_cmd_delegate(const cli_opts *o, int argc, char **argv);
int cli_cmd_ar(const cli_opts *o, int argc, char **argv);
int cli_cmd_amendment(const cli_opts *o, int argc, char **argv);
int cli_cmd_writeoff(const cli_opts *o, int argc, char **argv);

/* Claims commands (cli/claims.c). */
int cli_cmd_claim(const cli_opts *o, int argc, char **argv);
int cli_cmd_preapproval(const cli_opts *o, int argc, char **argv);
int cli_cmd_budget(const cli_opts *o, int argc, char **argv);
/* import budgets FILE ... (argv as the import command's: argv[1] is "budgets"). */
int cli_import_budgets(const cli_opts *o, int argc, char **argv);

/* Review commands (cli/reviews.c). */
int cli_cmd_review(const cli_opts *o, int argc, char **argv);

/* Reports to file (cli/reports.c). */
int cli_cmd_report(const cli_opts *o, int argc, char **argv);

#endif
