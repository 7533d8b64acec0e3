/* bizdesk: a command runs non-interactively; no command opens the UI. */
#include <ctype.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "io.h"
#include "ui.h"

/* Whether a locale name says UTF-8 ("en_US.UTF-8", "zh_TW.utf8"). */
static bool names_utf8(const char *name)
{
    for (const char *p = name; p && *p; p++)
        if (tolower((unsigned char)p[0]) == 'u' && tolower((unsigned char)p[1]) == 't' &&
            tolower((unsigned char)p[2]) == 'f' &&
            (p[3] == '8' || (p[3] == '-' && p[4] == '8')))
            return true;
    return false;
}

/* The locale of the environment.  When it names one that is not installed
 * (a UTF-8 locale sent along by an SSH client, say), everything would stay
 * "C", and the UI could not show a Chinese name: for a name that says
 * UTF-8 the terminal does speak it, so the character type falls back to
 * C.UTF-8, which every glibc has.  Anything else is left as it is; the UI
 * refuses a locale that is not UTF-8 with a message that says what to set. */
static void locale_init(void)
{
    if (setlocale(LC_ALL, "") || setlocale(LC_CTYPE, ""))
        return;
    const char *name = NULL;
    const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !name; i++)
        if (getenv(vars[i]) && *getenv(vars[i]))
            name = getenv(vars[i]);
    if (names_utf8(name))
        setlocale(LC_CTYPE, "C.UTF-8");
}

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
    locale_init();
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
