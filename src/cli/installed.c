/* The start of an installed (setgid) bizdesk: nothing the user passes in
 * may point the group's privilege elsewhere or change how bizdesk behaves.
 *
 * Command-line options that choose other files or another identity (--db,
 * --config, --as) are refused: the user asked for them explicitly and must
 * not believe they took effect.  The environment is rebuilt from a short
 * list of harmless variables; bizdesk's own variables that were set are
 * named on stderr as ignored, since they are easily left exported from
 * other work.  Everything else (LD_*, SQLITE_TMPDIR, TMPDIR, PATH, PAGER,
 * EDITOR, TERMINFO...) is dropped without a word: the dynamic linker has
 * already ignored its variables under AT_SECURE, and bizdesk runs no other
 * program (its pager is built in). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "io.h"

extern char **environ;

/* A locale or time zone naming a file by path could make the C library
 * read a file the user chose. */
static bool no_path(const char *v)
{
    return !strchr(v, '/') && !strstr(v, "..");
}

static bool tz_ok(const char *v)
{
    return v[0] != '/' && strncmp(v, ":/", 2) != 0 && !strstr(v, "..");
}

/* May NAME=value stay? */
static bool keep(const char *name, size_t n, const char *value)
{
#define IS(s) (n == sizeof s - 1 && memcmp(name, s, n) == 0)
    if (IS("TERM") || IS("HOME") || IS("USER") || IS("LOGNAME") || IS("COLUMNS") ||
        IS("LINES") || IS("NO_COLOR"))
        return true;
    if (IS("LANG") || (n > 3 && memcmp(name, "LC_", 3) == 0))
        return no_path(value);
    if (IS("TZ"))
        return tz_ok(value);
    return false;
#undef IS
}

static void scrub_environment(void)
{
    size_t count = 0;
    for (char **e = environ; e && *e; e++)
        count++;
    char **kept = bd_xcalloc(count + 1, sizeof *kept);
    size_t nk = 0;
    bd_buf ignored = {0};
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq)
            continue;
        size_t n = (size_t)(eq - *e);
        if (keep(*e, n, eq + 1))
            kept[nk++] = bd_xstrdup(*e);
        else if (n > 8 && memcmp(*e, "BIZDESK_", 8) == 0)
            bd_buf_printf(&ignored, "%s%.*s", ignored.len ? ", " : "", (int)n, *e);
    }
    clearenv();
    for (size_t i = 0; i < nk; i++) {
        char *eq = strchr(kept[i], '=');
        *eq = '\0';
        setenv(kept[i], eq + 1, 1);
        free(kept[i]);
    }
    free(kept);
    setenv("PATH", "/usr/bin:/bin", 1);
    if (ignored.len)
        fprintf(stderr,
                "bizdesk: installed setgid: ignoring %s from the environment (the shared "
                "database and the installed policy are always used)\n",
                bd_buf_str(&ignored));
    bd_buf_free(&ignored);
}

int cli_installed(const cli_opts *o)
{
    if (!io_priv_setgid())
        return -1;
    const char *refused = o->db ? "--db" : o->config ? "--config" : o->as ? "--as" : NULL;
    if (refused) {
        fprintf(stderr,
                "bizdesk: %s is refused: this bizdesk is installed setgid, so it always "
                "uses the shared database, the installed policy and your own login\n",
                refused);
        return EXIT_USAGE;
    }
    scrub_environment();
    return -1;
}
