/*
 * The parts of the UI: terminal set-up, keys and actions, the screens'
 * ops, and the shared widgets (paged list, form, dialogs, pager).
 *
 * Drawing model: every loop (the shell's, and a modal widget's) redraws the
 * whole frame from state before it waits for a key: the base (tabs, the
 * current screen, status and hint lines), then the modal on top; curses
 * sends only what changed.  Handlers change state and return; they never
 * call refresh().
 */
#ifndef BIZDESK_UI_INTERNAL_H
#define BIZDESK_UI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

#include "app.h"

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24

/* ---- Actions (expanded from actions.def) ------------------------------- */
typedef enum ui_context {
#define UI_CONTEXT(id, title) UI_CTX_##id,
#include "contexts.def"
#undef UI_CONTEXT
    UI_CTX_COUNT
} ui_context;

typedef enum ui_action {
    UI_A_NONE = 0,
#define UI_ACTION(id, ctx, keys, help) UI_A_##id,
#include "actions.def"
#undef UI_ACTION
    UI_A_COUNT
} ui_action;

/* A key: a character (wint_t) or, with UI_KEY_FN set, a curses KEY_ code. */
typedef int ui_key;
#define UI_KEY_FN 0x40000000
#define UI_KEY_NONE (-1)
#define UI_KEY_TIMEOUT (-2) /* nothing pressed within the wait */
#define UI_KEY_RESIZE (-3)  /* the terminal changed size: redraw */

/* Parse the key names of actions.def once; false (with a message on
 * stderr) if the table has a name this code does not know. */
bool ui_keys_init(void);
/* The action bound to key in the first of ctxs (n of them) that has one. */
ui_action ui_keys_lookup(ui_key key, const ui_context *ctxs, int n);
const char *ui_action_help(ui_action a);
const char *ui_action_keys(ui_action a); /* as written in actions.def */
ui_context ui_action_context(ui_action a);
const char *ui_context_title(ui_context c);
/* The first key name of an action ("a", "F2"), for hints. */
void ui_action_first_key(ui_action a, char *buf, size_t n);

/* ---- Colours named by meaning ----------------------------------------- */
typedef enum ui_color {
    UI_COL_NORMAL,
    UI_COL_TABS,
    UI_COL_TAB_ACTIVE,
    UI_COL_HEADER,
    UI_COL_SELECTED,
    UI_COL_STATUS,
    UI_COL_HINT,
    UI_COL_ERROR,
    UI_COL_DIM,
    UI_COL_DIALOG,
    UI_COL_COUNT
} ui_color;

/* Attributes for an element: a colour pair when colours are on, and always
 * an attribute (reverse, bold, underline) so colour is never the only signal. */
attr_t ui_attr(ui_color c);

/* ---- The session shared by the shell, screens and widgets -------------- */
typedef struct ui_ctx ui_ctx;

/* Read one key, waiting at most timeout_ms (-1: forever).  Handles a
 * resize (returns UI_KEY_RESIZE) and a terminal below the minimum size
 * (shows a notice and waits; 'q' there returns 'q'). */
ui_key ui_getkey(ui_ctx *u, int timeout_ms);
/* Draw the base frame: tabs, current screen, status, hints.  Modal widgets
 * call it before drawing themselves. */
void ui_draw_base(ui_ctx *u);
/* A message on the status line until the next key (error: shown as one). */
void ui_status(ui_ctx *u, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The status line's message now ("" for none), and whether it is an error. */
const char *ui_status_text(const ui_ctx *u, bool *error);
app *ui_app(ui_ctx *u);
/* A modal that opens dialogs of its own (a contract's details) draws
 * itself here, so ui_draw_base puts it over the view and under the
 * dialog; draw NULL when it closes. */
void ui_set_overlay(ui_ctx *u, void (*draw)(void *st, ui_ctx *u), void *st);
/* The hint line's actions, set by the current screen or widget. */
void ui_set_hints(ui_ctx *u, const ui_action *acts, int n);

/* ---- Screens ------------------------------------------------------------
 * One file per screen (a view), each exporting one ops struct.  A module
 * (a tab) is a list of views: the shell's table of modules lists them, the
 * number keys 1-9 switch between the views of the current module, and the
 * title line (ui_title) names them.  State is private to the screen; the
 * shell opens every view of a module once and keeps its state while the
 * person moves between views and tabs. */
typedef struct ui_screen_ops {
    const char *title;          /* the view's name ("Opportunities") */
    int perm;                   /* policy_perm needed to see the view */
    /* When set, decides instead of perm whether the user may open it
     * (the Inbox also opens for someone's deputy). */
    bool (*may_open)(app *a);
    ui_context context;         /* its own actions (besides LIST, GLOBAL) */
    void *(*open)(ui_ctx *u);
    void (*close)(void *st);
    /* Draw into the area (y, x, h, w) of stdscr. */
    void (*draw)(void *st, ui_ctx *u, int y, int x, int h, int w);
    /* Handle an action or key; true when handled. */
    bool (*handle)(void *st, ui_ctx *u, ui_action a, ui_key key);
    /* Someone changed the data: reload, keeping the cursor. */
    void (*reload)(void *st, ui_ctx *u);
    const ui_action *hints;     /* shown on the hint line */
    int nhints;
} ui_screen_ops;

extern const ui_screen_ops ui_screen_users;
/* The Pipeline module's views, in the order of its number keys. */
extern const ui_screen_ops ui_screen_today;
extern const ui_screen_ops ui_screen_opportunities;
extern const ui_screen_ops ui_screen_board;
extern const ui_screen_ops ui_screen_import;
/* The Contracts module's views, in the order of its number keys. */
extern const ui_screen_ops ui_screen_inbox;
extern const ui_screen_ops ui_screen_contracts;
extern const ui_screen_ops ui_screen_clock;
extern const ui_screen_ops ui_screen_receivables;
extern const ui_screen_ops ui_screen_claims;
extern const ui_screen_ops ui_screen_reviews;
extern const ui_screen_ops ui_screen_reports;

/* Draw a screen's title line at (y, x), w cells wide: title in bold and,
 * when the current module has several views, their number keys and names
 * on the right with the current one in brackets (shortened when the line
 * is narrow; the title is kept whole first). */
void ui_title(ui_ctx *u, int y, int x, int w, const char *title);
/* Make `view` the current view (of the current module, else of the module
 * that has it) and reload it; its state, or NULL when no module shown to
 * this user has it. */
void *ui_show_view(ui_ctx *u, const ui_screen_ops *view);

/* Pipeline > Opportunities (st: its state, from ui_show_view): put the
 * cursor on opportunity id, first clearing a stage filter or search that
 * would hide it.  false (with the reason on the status line) when the
 * user cannot see it. */
bool ui_opportunities_select(void *st, ui_ctx *u, int64_t id);

/* Moving an opportunity between stages (opp_move.c), shared by the
 * Opportunities and Board views.  Asks in a form for the fields stage `to`
 * requires that o lacks (a contact, the value, ...; for the lost stage the
 * reason) and confirms closing it as won or lost.  true when it moved, with
 * the moved opportunity in *out and "Moved #N to STAGE" on the status line;
 * false when refused or left, with the reason on the status line. */
bool ui_opp_move_to(ui_ctx *u, const store_opp *o, int to, store_opp *out);
/* The same to the stage after o's (refused for a closed or unknown stage). */
bool ui_opp_move_next(ui_ctx *u, const store_opp *o, store_opp *out);

/* Contracts (contract_detail.c), shared by the Contracts module's views.
 *
 * ui_contract_detail: a contract's details over the current view until
 * the person closes them (q, Esc): header, what the actor may do and why
 * not the rest, what changed since their last decision, clauses with their
 * comments, milestones and the review history; the keys of the CONTRACT
 * context act on it.  Reloads while open when someone else commits.
 * Messages go to the status line; the caller reloads its view after.
 *
 * ui_contract_decide: approve or reject c (APV_APPROVE, APV_REJECT) as the
 * person saw it: asks in a form for the comment (the reason, required, for
 * a rejection) and the clause it is about, then acts with c->version as the
 * expected version, so an item that moved on meanwhile is refused with the
 * app's message.  on_behalf: the approver the actor acts for ("" or NULL:
 * themselves), for the form's title.  true when decided; the outcome or
 * the refusal is on the status line either way. */
void ui_contract_detail(ui_ctx *u, int64_t id);
bool ui_contract_decide(ui_ctx *u, const store_contract *c, apv_action act, const char *on_behalf);

/* The first word of a policy name ("法務審核" of "法務審核 Legal review")
 * when the whole does not fit `cols` cells; a new string. */
char *ui_name_cell(const char *name, int cols);

/* ---- Paged list ---------------------------------------------------------
 * Shows rows of a source that it fetches a screenful at a time with keyset
 * paging: it holds only the visible rows, so a million rows scroll as fast
 * as ten.  Rows are identified by a text key that orders them. */
typedef struct ui_column {
    const char *title;
    int width;  /* cells; 0: takes the remaining width */
    bool right; /* right-aligned (numbers, money) */
} ui_column;

typedef struct ui_row {
    char key[128];
    char **cells; /* ncols strings, owned by the list */
    bool dim;     /* shown dimmed and marked (e.g. inactive) */
    bool bold;    /* shown bold (e.g. overdue); the source marks it in a cell too */
} ui_row;

typedef enum ui_fetch { UI_FETCH_FIRST, UI_FETCH_LAST, UI_FETCH_AFTER, UI_FETCH_BEFORE } ui_fetch;

/* Fills up to max rows (ascending) into out; *n the count.  For AFTER and
 * BEFORE, key is the boundary (exclusive).  The source sets each row's key
 * and cells (strings the list takes ownership of, from bd_xstrdup). */
typedef bd_status (*ui_list_fetch)(void *src, ui_fetch how, const char *key, const char *filter,
                                   int max, ui_row *out, int *n, bd_err *e);

typedef struct ui_list ui_list;

ui_list *ui_list_new(const ui_column *cols, int ncols, ui_list_fetch fetch, void *src);
void ui_list_delete(ui_list **l);
/* Draw at (y, x, h, w): a header line, then rows.  Fetches on first draw or
 * after a size change. */
void ui_list_draw(ui_list *l, ui_ctx *u, int y, int x, int h, int w);
/* Handle a LIST action; true when handled. */
bool ui_list_handle(ui_list *l, ui_ctx *u, ui_action a);
/* Reload the visible rows, keeping the cursor on the same key (or the
 * nearest row after it). */
void ui_list_reload(ui_list *l, ui_ctx *u);
/* Reload with the cursor on key (e.g. a record just added). */
void ui_list_goto(ui_list *l, ui_ctx *u, const char *key);
/* The selected row, NULL when the list is empty. */
const ui_row *ui_list_selected(const ui_list *l);
const char *ui_list_filter(const ui_list *l);
/* Set the filter text without asking; the next load (reload, goto) uses it. */
void ui_list_set_filter(ui_list *l, const char *text);

/* A source that holds all its rows in memory (a short agenda, the open
 * receivables) answers a fetch by picking from them: its n rows sorted by
 * key in strcmp order, row i's key key_of(src, i); when a filter is given,
 * only rows match(src, i, filter) says yes to.  Fills idx with the indices
 * of the rows the fetch gets (at most max, ascending); returns the count. */
int ui_list_pick(void *src, int n, const char *(*key_of)(void *src, int i),
                 bool (*match)(void *src, int i, const char *filter), ui_fetch how,
                 const char *key, const char *filter, int max, int *idx);
/* Whether needle (ASCII letters in any case; other bytes as they are) is
 * in hay: how a source that filters the rows itself applies the list's
 * filter. */
bool ui_text_contains(const char *hay, const char *needle);
/* Money for a column `cols` cells wide (a new string); "-" when unknown
 * (negative).  Whole units when the cents do not fit: cutting digits off
 * an amount would misstate it. */
char *ui_money_cell(int64_t v, int cols);

/* ---- Forms --------------------------------------------------------------
 * A modal form of labelled one-line fields.  Text fields edit UTF-8 (CJK
 * included) measured in cells; choice fields cycle through fixed values.
 * submit() is called on save; it returns BD_OK to close the form, or an
 * error whose message is shown while the form stays open, with the cursor
 * on the field it names (*bad_field, -1 for none). */
typedef struct ui_field {
    const char *label;
    char value[256];
    const char *const *choices; /* NULL: free text */
    int nchoices;
    bool readonly;
    const char *help;           /* shown under the form for the focused field */
} ui_field;

typedef bd_status (*ui_form_submit)(void *ctx, ui_field *f, int n, int *bad_field, bd_err *e);

/* true when saved, false when cancelled. */
bool ui_form_run(ui_ctx *u, const char *title, ui_field *f, int n, ui_form_submit submit,
                 void *ctx);
/* Which of the n field names an app message is about ("value: ..." is
 * about "value"): its index, or -1. */
int ui_field_of_message(const char *msg, const char *const *names, int n);

/* ---- Dialogs and the pager ---------------------------------------------- */
bool ui_confirm(ui_ctx *u, const char *question);
/* One-line text input; true when confirmed, buf holds the text. */
bool ui_prompt(ui_ctx *u, const char *title, const char *label, char *buf, size_t n);
/* Show lines (UTF-8) in a scrollable full-screen pager. */
void ui_pager(ui_ctx *u, const char *title, const char *const *lines, int n);
/* The help screen: every action of the given contexts first, then all. */
void ui_help(ui_ctx *u, const ui_context *ctxs, int n);

/* ---- Drawing helpers ---------------------------------------------------- */
/* Write s at (y, x) in exactly `cols` cells (cut or padded). */
void ui_put(int y, int x, const char *s, int cols, bool right);
/* A box with a title, cleared inside.  A wide (CJK) character of the
 * screen under it that its edge would cut in half is blanked whole, so the
 * terminal and curses agree on the line and it is redrawn correctly when
 * the box goes away (see shell.c). */
void ui_box(int y, int x, int h, int w, const char *title);

/* ---- Demo user picker --------------------------------------------------- */
/* Lets the person pick a demo user and logs in as them; false on quit. */
bool ui_pick_demo_user(ui_ctx *u);

#endif
