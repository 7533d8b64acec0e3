/* The modules whose issues have not landed yet: a tab that says so. */
#include "ui_internal.h"

static const ui_action placeholder_hints[] = {UI_A_HELP, UI_A_NEXT_TAB, UI_A_QUIT};

static void ph_close(void *st) { (void)st; }

static void ph_draw_text(const char *title, const char *what, int y, int x, int h, int w)
{
    int cy = y + h / 3;
    attron(A_BOLD);
    ui_put(cy, x + 4, title, w - 8, false);
    attroff(A_BOLD);
    ui_put(cy + 2, x + 4, what, w - 8, false);
    ui_put(cy + 4, x + 4, "This module is not in this version of bizdesk yet.", w - 8, false);
}

static bool ph_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    (void)st, (void)u, (void)a, (void)key;
    return false;
}

#define PLACEHOLDER(id, title_, perm_, text)                                        \
    static void *id##_open(ui_ctx *u) { (void)u; return (void *)(text); }           \
    static void id##_draw(void *st, ui_ctx *u, int y, int x, int h, int w)          \
    {                                                                               \
        (void)u;                                                                    \
        ph_draw_text(title_, st, y, x, h, w);                                       \
    }                                                                               \
    const ui_screen_ops ui_screen_##id = {                                          \
        .title = title_, .perm = perm_, .context = UI_CTX_GLOBAL,                   \
        .open = id##_open, .close = ph_close, .draw = id##_draw,                    \
        .handle = ph_handle, .reload = NULL,                                        \
        .hints = placeholder_hints, .nhints = 3,                                    \
    };

PLACEHOLDER(claims, "Claims", PERM_CLAIMS,
            "Budgets, entertainment pre-approval and expense reimbursement.")
PLACEHOLDER(reviews, "Reviews", PERM_REVIEWS,
            "Performance reviews: role KPIs, 360 evaluation, grades and bonuses.")
PLACEHOLDER(reports, "Reports", PERM_REPORTS,
            "Printable and spreadsheet reports written to files.")
