/*
 * keydoc - write the man page with its KEYS section made from the UI's
 * action table (src/ui/actions.def, src/ui/contexts.def), so the manual lists the keys that
 * work.  Copies the template, replacing a line "@KEYS@".
 *
 *   keydoc man/bizdesk.1.in > bizdesk.1
 */
#include <stdio.h>
#include <string.h>

static const struct {
    const char *ctx, *keys, *help;
} defs[] = {
#define UI_ACTION(id, ctx, keys, help) {#ctx, keys, help},
#include "actions.def"
#undef UI_ACTION
};

static const struct {
    const char *ctx, *title;
} sections[] = {
#define UI_CONTEXT(id, title) {#id, title},
#include "contexts.def"
#undef UI_CONTEXT
};

/* roff needs a backslash before a leading dot and every backslash. */
static void roff(const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", stdout);
        else if (*s == '-')
            fputs("\\-", stdout);
        else
            putchar(*s);
    }
}

static void keys_section(void)
{
    for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
        printf(".SS %s\n", sections[s].title);
        for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
            if (strcmp(defs[i].ctx, sections[s].ctx) != 0)
                continue;
            fputs(".TP\n.B ", stdout);
            /* "Up k" -> "Up, k" */
            for (const char *p = defs[i].keys; *p; p++) {
                if (*p == ' ')
                    fputs(", ", stdout);
                else {
                    char c[2] = {*p, 0};
                    roff(c);
                }
            }
            putchar('\n');
            roff(defs[i].help);
            fputs(".\n", stdout);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: keydoc TEMPLATE\n", stderr);
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    char line[4096];
    while (fgets(line, sizeof line, in)) {
        if (strcmp(line, "@KEYS@\n") == 0)
            keys_section();
        else
            fputs(line, stdout);
    }
    fclose(in);
    return 0;
}
