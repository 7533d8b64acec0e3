/* Shared by the files of src/cli. */
#ifndef BIZDESK_CLI_INTERNAL_H
#define BIZDESK_CLI_INTERNAL_H

#include "cli.h"

int cli_policy_check(const char *dir);

/* Print "bizdesk: message" for a failed status and return its exit code. */
int cli_fail(bd_status st, const bd_err *e);

#endif
