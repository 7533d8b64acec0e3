/* Yes/no questions, the pager and the help screen built from the action table. */
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

static const ui_action dialog_hints[] = {UI_A_YES, UI_A_NO};

bool ui_confirm(ui_ctx *u, const char *question)
{
    return ui_confirm_lines(u, &question, 1);
}

bool ui_confirm_lines(ui_ctx *u, const char *const *lines, int n)
{
    ui_set_hints(u, dialog_hints, 2);
    bool answer = false;
    for (;;) {
        int qw = 0;
        for (int i = 0; i < n; i++)
            if (bd_text_width(lines[i]) > qw)
                qw = bd_text_width(lines[i]);
        int w = qw + 8 < 40 ? 40 : qw + 8;
        if (w > COLS - 4)
            w = COLS - 4;
        int shown = n < LINES - 8 ? n : LINES - 8; /* the box fits the screen */
        if (shown < 1)
            shown = 1;
        int h = shown + 5;
        int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
        ui_draw_base(u);
        ui_box(y0, x0, h, w, "Confirm");
        attron(ui_attr(UI_COL_DIALOG));
        for (int i = 0; i < shown; i++)
            ui_put(y0 + 2 + i, x0 + 3, lines[i], w - 6, false);
        ui_put(y0 + 2 + shown, x0 + 3, "[y] Yes   [n] No", w - 6, false);
        attroff(ui_attr(UI_COL_DIALOG));
        refresh();
        ui_key k = ui_getkey(u, -1);
        if (k == UI_KEY_RESIZE || k == UI_KEY_TIMEOUT)
            continue;
        ui_context c = UI_CTX_DIALOG;
        ui_action a = ui_keys_lookup(k, &c, 1);
        if (a == UI_A_YES || a == UI_A_NO) {
            answer = a == UI_A_YES;
            break;
        }
        if (k == 'q' || k == (UI_KEY_FN | KEY_F(10)))
            break;
    }
    ui_set_hints(u, NULL, 0);
    return answer;
}

static const ui_action pager_hints[] = {UI_A_PAGER_DOWN, UI_A_PAGER_PGDN, UI_A_PAGER_CLOSE};

void ui_pager(ui_ctx *u, const char *title, const char *const *lines, int n)
{
    int top = 0;
    ui_set_hints(u, pager_hints, 3);
    for (;;) {
        int h = LINES - 3; /* tab row, status and hint lines stay */
        int body = h - 2;
        if (top > n - body)
            top = n - body;
        if (top < 0)
            top = 0;
        ui_draw_base(u);
        ui_box(1, 0, h, COLS, title);
        attron(ui_attr(UI_COL_DIALOG));
        for (int r = 0; r < body && top + r < n; r++)
            ui_put(2 + r, 2, lines[top + r], COLS - 4, false);
        char pos[64];
        snprintf(pos, sizeof pos, " %d-%d of %d ", n ? top + 1 : 0,
                 top + body < n ? top + body : n, n);
        ui_put(h, COLS - 2 - bd_text_width(pos), pos, bd_text_width(pos), false);
        attroff(ui_attr(UI_COL_DIALOG));
        refresh();
        ui_key k = ui_getkey(u, -1);
        if (k == UI_KEY_RESIZE || k == UI_KEY_TIMEOUT)
            continue;
        ui_context c = UI_CTX_PAGER;
        switch (ui_keys_lookup(k, &c, 1)) {
        case UI_A_PAGER_UP: top--; break;
        case UI_A_PAGER_DOWN: top++; break;
        case UI_A_PAGER_PGUP: top -= body; break;
        case UI_A_PAGER_PGDN: top += body; break;
        case UI_A_PAGER_TOP: top = 0; break;
        case UI_A_PAGER_BOTTOM: top = n; break;
        case UI_A_PAGER_CLOSE:
            ui_set_hints(u, NULL, 0);
            return;
        default:
            if (k == (UI_KEY_FN | KEY_F(10)) || k == (UI_KEY_FN | KEY_F(1)) || k == '?') {
                ui_set_hints(u, NULL, 0);
                return;
            }
            break;
        }
    }
}

/* Add one context's actions to the help text. */
static void help_section(bd_buf *text, int *nlines, ui_context c)
{
    bd_buf_printf(text, "%s\n", ui_context_title(c));
    (*nlines)++;
    for (int a = 1; a < UI_A_COUNT; a++) {
        if (ui_action_context((ui_action)a) != c)
            continue;
        char keys[64], fitted[256];
        bd_strlcpy(keys, ui_action_keys((ui_action)a), sizeof keys);
        bd_buf_printf(text, "  %s %s\n", bd_text_fit(fitted, sizeof fitted, keys, 22, false),
                      ui_action_help((ui_action)a));
        (*nlines)++;
    }
    bd_buf_puts(text, "\n");
    (*nlines)++;
}

void ui_help(ui_ctx *u, const ui_context *ctxs, int n)
{
    bd_buf text = {0};
    int nlines = 0;
    bool shown[UI_CTX_COUNT] = {false};
    bd_buf_puts(&text, "Keys of this screen first, then every other.  See also man bizdesk.\n\n");
    nlines += 2;
    for (int i = 0; i < n; i++) {
        if (shown[ctxs[i]])
            continue;
        help_section(&text, &nlines, ctxs[i]);
        shown[ctxs[i]] = true;
    }
    for (int c = 0; c < UI_CTX_COUNT; c++)
        if (!shown[c])
            help_section(&text, &nlines, (ui_context)c);
    /* Split into lines in place for the pager. */
    const char **lines = bd_xcalloc((size_t)nlines + 1, sizeof *lines);
    int k = 0;
    for (char *p = text.data; p && *p && k < nlines + 1;) {
        lines[k++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    ui_pager(u, "Help", lines, k);
    free(lines);
    bd_buf_free(&text);
}
