/*
 * cli.h - the command line: global options, the non-interactive commands,
 * and the start-up that the commands and the UI share (paths, policy,
 * database, identity).
 *
 * Exit status: 0 success; 1 the action failed or was refused; 2 usage
 * error; 3 the policy files are invalid; 4 the database cannot be used.
 */
#ifndef BIZDESK_CLI_H
#define BIZDESK_CLI_H

#include "app.h"

enum { EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_POLICY = 3, EXIT_DB = 4 };

typedef struct cli_opts {
    const char *db;     /* --db */
    const char *config; /* --config */
    const char *as;     /* --as */
    int argc;           /* the command and its arguments */
    char **argv;
} cli_opts;

/* Parse the global options.  Returns -1 to go on, or an exit status after
 * --help, --version or a usage error (message printed). */
int cli_parse(int argc, char **argv, cli_opts *o);

/* The installed (setgid) mode's start, after cli_parse and before anything
 * else reads the environment: refuses --db, --config and --as (exit
 * status 2, message printed), and rebuilds the environment from the
 * variables that cannot change bizdesk's behaviour, naming the BIZDESK_*
 * ones it drops on stderr.  Returns -1 to go on.  Does nothing unless
 * io_priv_setgid() (src/cli/installed.c). */
int cli_installed(const cli_opts *o);

/* Run the command in o->argv; returns the exit status. */
int cli_run(const cli_opts *o);

/* Shared start-up: resolve paths, load and check the policy, open the
 * database.  Prints what went wrong to stderr and returns an exit status,
 * or -1 with *pol and *a set (caller closes both). */
int cli_start(const cli_opts *o, app_paths *paths, policy **pol, app **a);

/* Log in: --as on a demo database, else the Unix login.  Prints the
 * refusal and returns an exit status, or -1. */
int cli_login(const cli_opts *o, app *a);

/* Exit status for a status code. */
int cli_exit_code(bd_status st);

/* The version line printed by --version. */
const char *cli_version(void);

#endif
