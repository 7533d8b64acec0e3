/* Whether the terminal type can carry the UI, asked of terminfo before
 * curses starts.  A file of its own: <term.h> defines a macro for every
 * capability name (lines, tab, ...), which would clash with other code. */
#include <stdio.h>
#include <unistd.h>

#include "ui_internal.h"

#include <term.h>

bool ui_terminal_ok(const char *term)
{
    int err = 0;
    if (setupterm(term, STDOUT_FILENO, &err) != OK) {
        if (err == 0)
            fprintf(stderr,
                    "bizdesk: unknown terminal type '%s': set TERM to one this system knows "
                    "(e.g. xterm-256color or linux)\n",
                    term);
        else
            fprintf(stderr, "bizdesk: no terminfo database found for TERM '%s'\n", term);
        return false;
    }
    const char *cup = tigetstr("cup");
    bool ok = cup && cup != (char *)-1;
    del_curterm(cur_term);
    if (!ok)
        fprintf(stderr,
                "bizdesk: the terminal type '%s' cannot move the cursor, which the full-screen "
                "UI needs;\n  use a terminal such as xterm-256color, vt100 or linux, or "
                "a command for scripts (bizdesk --help)\n",
                term);
    return ok;
}

