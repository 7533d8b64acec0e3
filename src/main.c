/* bizdesk: a command runs non-interactively; no command opens the UI. */
#include <locale.h>
#include <stdio.h>

#include "cli.h"
#include "io.h"
#include "ui.h"

int main(int argc, char **argv)
{
    /* First: whether this is the installed setgid bizdesk, whose umask
     * makes the shared files 0660 (src/io/priv.c). */
    io_priv_init();
    cli_opts o;
    int rc = cli_parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if ((rc = cli_installed(&o)) >= 0)
        return rc;
    /* After cli_installed: the locale comes from the environment it kept. */
    setlocale(LC_ALL, "");
    if (o.argc > 0)
        return cli_run(&o);

    app_paths paths;
    policy *pol;
    app *a;
    rc = cli_start(&o, &paths, &pol, &a);
    if (rc >= 0)
        return rc;
    /* A demo database opened without --as starts with the user picker;
     * installed setgid, there is no picker (app_login_as refuses). */
    if (o.as || !app_is_demo(a) || io_priv_setgid())
        rc = cli_login(&o, a);
    if (rc < 0)
        rc = ui_main(a, &paths);
    app_close(&a);
    policy_free(&pol);
    return rc;
}
