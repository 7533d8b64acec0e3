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
#include <string.h>
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
/* What keeps unsaved work when bizdesk must stop.  When a signal that
 * leaves nobody to ask arrives (SIGHUP: the terminal went away; SIGTERM)
 * or the terminal hangs up, the next key wait calls keep(st) (a form
 * saves its text as a draft; true when it kept something), then restores
 * the terminal and exits.  ui_set_keeper installs k (keep NULL: none) and
 * returns the one before, which the caller puts back when done. */
typedef struct ui_keeper {
    bool (*keep)(void *st);
    void *st;
} ui_keeper;
ui_keeper ui_set_keeper(ui_ctx *u, ui_keeper k);
/* Whether bizdesk has been told to stop (a signal, or the terminal hung
 * up): a "no" read from a question then means nobody answered. */
bool ui_stopping(void);

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
     * (the Inbox opens for everyone logged in). */
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
/* The Inbox module (everything awaiting the user's decision). */
extern const ui_screen_ops ui_screen_inbox;
/* The Contracts module's views, in the order of its number keys. */
extern const ui_screen_ops ui_screen_contracts;
extern const ui_screen_ops ui_screen_clock;
extern const ui_screen_ops ui_screen_receivables;
/* The Claims module's views, in the order of its number keys (Payments
 * only with claims.pay). */
extern const ui_screen_ops ui_screen_claims; /* My claims */
extern const ui_screen_ops ui_screen_preapprovals;
extern const ui_screen_ops ui_screen_budgets;
extern const ui_screen_ops ui_screen_payments;
/* The Reviews module's views, in the order of its number keys (Team for
 * whoever sees others' reviews, Calibration with reviews.manage). */
extern const ui_screen_ops ui_screen_myreview;
extern const ui_screen_ops ui_screen_team;
extern const ui_screen_ops ui_screen_calibration;
/* The Reports module (scr_reports.c): every report of app/reports.c, for
 * whoever may run one of them (the others dimmed, with what they need). */
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

/* Claims (claim_detail.c), shared by My claims, the Inbox and Payments.
 *
 * ui_claim_detail: a claim's details over the current view until the
 * person closes them: header (claimant, department, state and the step it
 * waits for, total), its lines with what each approver must look at
 * (marked "!" with the reason), the budget left after it per category,
 * and the history; the keys of the CLAIM context act on it: the claimant
 * adds a line (a form whose total updates as the amount is typed) or
 * removes one while it is a draft or rejected, submits and withdraws; an
 * approver of the current step approves or rejects (with the version the
 * person saw).  Reloads while open when someone else commits.  Messages go
 * to the status line; the caller reloads its view after. */
void ui_claim_detail(ui_ctx *u, int64_t id);

/* Reviews (review_detail.c): one review as My review shows it and as its
 * details show it over Team, Calibration and the Inbox.
 *
 * ui_review: the header (employee, template, period, state, the live or
 * kept score, grade, bonus, flags in words, who has yet to rate), the KPIs
 * (weight, computed figure, points, the actor's own rating, the sources'
 * points) with a cursor, and the selected KPI's ratings and comments.
 * The keys of the REVIEW context act on the KPI under the cursor: Enter
 * shows a computed figure's records (app_review_records) or a rated KPI's
 * ratings in the pager; r rates it (a form; a refused KPI shows the app's
 * reason instead); s submits the self evaluation; n names peers; i
 * records the interview.  Messages go to the status line; a refusal is
 * also shown in full at the top until the next key. */
typedef struct ui_review ui_review;
ui_review *ui_review_new(app *a);
void ui_review_delete(ui_review **r);
/* Read review id (again, keeping the cursor on the same KPI); false with
 * the app's message kept for drawing when it cannot be read. */
bool ui_review_load(ui_review *r, int64_t id);
/* Draw into (y, x, h, w) with the background attributes bg; returns the
 * lines used. */
int ui_review_draw(ui_review *r, int y, int x, int h, int w, attr_t bg);
/* An action of REVIEW (or LIST's Up and Down for the cursor); true when
 * handled.  Reads the review again after a change. */
bool ui_review_handle(ui_review *r, ui_ctx *u, ui_action a);
/* The review's details over the current view until q or Esc; the caller
 * reloads its view after. */
void ui_review_detail(ui_ctx *u, int64_t id);
/* A bar of `points` (hundredths) for a history chart: one block per 5
 * points, at most `max` blocks; buf needs 3 * max + 1 bytes. */
char *ui_score_bar(int64_t points, int max, char *buf, size_t n);
/* A review's state as people say it ("self evaluation" of "self"). */
const char *ui_review_state_text(const char *state);
/* A review's flags in words: "improvement plan required (2 failing in a
 * row), promotion candidate"; "" for none. */
void ui_review_flag_words(unsigned flags, int streak, char *buf, size_t n);
/* Of periods p (newest first), the one to show: keep's when it is there,
 * else the newest open one, else the newest; -1 when n is 0. */
int ui_review_period_pick(const store_review_period *p, int n, int64_t keep);
/* text wrapped at spaces into at most h lines of w cells at (y, x) (the
 * last ends in "..." when cut); returns the lines used. */
int ui_put_wrapped(int y, int x, int h, int w, const char *text);

/* A record's details over the current view (detail.c), the frame of
 * ui_contract_detail and ui_claim_detail: a box of text built for the
 * screen's width that scrolls with the PAGER keys; the record's own keys
 * (ops->context) go to ops->act.  The record is read again while open
 * when someone else commits, and after every action, whose refusal (an
 * error on the status line) is then shown in full at the top.  Closes on
 * q or Esc. */
typedef enum ui_text_kind {
    UI_TEXT_PLAIN,
    UI_TEXT_HEAD, /* a heading: bold, underlined */
    UI_TEXT_MARK, /* what the reader must look at: standout (and a mark in the text) */
    UI_TEXT_WARN, /* bold */
} ui_text_kind;
typedef struct ui_text ui_text;
void ui_text_add(ui_text *t, ui_text_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* text after lead, wrapped to the width (at a space when there is one),
 * the later lines indented as far as lead; a newline starts a new line. */
void ui_text_wrap(ui_text *t, ui_text_kind kind, const char *lead, const char *text);
int ui_text_width(const ui_text *t); /* the cells a line may take */
/* The wrapping of ui_text_wrap, for any list of lines: text after lead,
 * cut into lines of at most `width` cells (at least 10; at a space when
 * there is one), each newline in text starting a new line.  Calls
 * line(ctx, prefix, s, n) for each: prefix is lead on the first line and
 * as many spaces on the later ones, s the line's n bytes of text. */
void ui_wrap(const char *lead, const char *text, int width,
             void (*line)(void *ctx, const char *prefix, const char *s, int n), void *ctx);

typedef struct ui_detail_ops {
    ui_context context;                          /* the record's keys */
    void (*load)(void *st);                      /* read the record (again) */
    void (*title)(void *st, char *buf, size_t n); /* the box's title */
    void (*build)(void *st, ui_text *t);         /* its text, for t's width */
    /* The record's actions that work now, for the hint line (at most
     * max); NULL: none. */
    int (*hints)(void *st, ui_action *out, int max);
    void (*act)(void *st, ui_ctx *u, ui_action a); /* an action of context */
} ui_detail_ops;

void ui_detail_run(ui_ctx *u, const ui_detail_ops *ops, void *st);

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

/* ---- Marked rows: a selection of several rows for one action -------------
 * Shared (list.c), added with Claims > Payments (bulk payment); the
 * Inbox's bulk decisions are meant to use it too, so extend it here rather
 * than keep a second one.  A set of row keys a view keeps beside its list:
 * attached with ui_list_set_marks, every row whose key is in the set shows
 * "*" in a column after the cursor's ">" (never colour alone) and is drawn
 * bold.  Marks are keys, so they stay across paging and reloads; drop those
 * of rows that left (ui_marks_keep) after a reload. */
typedef struct ui_marks ui_marks;

ui_marks *ui_marks_new(void);
void ui_marks_delete(ui_marks **m);
bool ui_marks_has(const ui_marks *m, const char *key);
void ui_marks_set(ui_marks *m, const char *key, bool on);
void ui_marks_clear(ui_marks *m);
int ui_marks_count(const ui_marks *m);
/* Keep only the keys keep(src, key) says yes to. */
void ui_marks_keep(ui_marks *m, bool (*keep)(void *src, const char *key), void *src);
/* Show m's marks in l (NULL: none; the list does not own m). */
void ui_list_set_marks(ui_list *l, ui_marks *m);
/* Mark the cursor's row, or unmark it when marked, and move down one
 * (Space in a view that acts on several rows); false when the list is
 * empty. */
bool ui_list_toggle_mark(ui_list *l, ui_ctx *u);

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
/* A form that answers as the person types: change(ctx, f, n, i, footer,
 * size) is called when it opens (i -1) and after every change of field i's
 * value (a key typed, a choice changed).  It may change the fields (their
 * values, their choices) and writes the line shown under the fields
 * (footer; "" for none), e.g. a total that follows an amount. */
typedef void (*ui_form_change)(void *ctx, ui_field *f, int n, int changed, char *footer,
                               size_t size);
bool ui_form_run_live(ui_ctx *u, const char *title, ui_field *f, int n, ui_form_submit submit,
                      ui_form_change change, void *ctx);
/* Which of the n field names an app message is about ("value: ..." is
 * about "value"): its index, or -1. */
int ui_field_of_message(const char *msg, const char *const *names, int n);
/* What a form's submit() returns after calling the app (st, err): BD_OK
 * closes the form; a mistake in the input (BD_ERR_INVALID) keeps it open
 * with the message, on the field of names (n, as app messages name them)
 * it is about; anything else (refused, gone, moved on) closes it too.  A
 * failure's message goes to the status line as an error either way. */
bd_status ui_form_app_result(ui_ctx *u, bd_status st, const bd_err *err,
                             const char *const *names, int n, int *bad, bd_err *e);

/* ---- Dialogs and the pager ---------------------------------------------- */
bool ui_confirm(ui_ctx *u, const char *question);
/* The same with n lines of text above the answer (as many as fit). */
bool ui_confirm_lines(ui_ctx *u, const char *const *lines, int n);
/* One-line text input; true when confirmed, buf holds the text. */
bool ui_prompt(ui_ctx *u, const char *title, const char *label, char *buf, size_t n);
/* Show lines (UTF-8) in a scrollable full-screen pager. */
void ui_pager(ui_ctx *u, const char *title, const char *const *lines, int n);
/* The help screen: every action of the given contexts first, then all. */
void ui_help(ui_ctx *u, const ui_context *ctxs, int n);

/* ---- Drawing helpers ---------------------------------------------------- */
/* Write s at (y, x) in exactly `cols` cells (cut or padded). */
void ui_put(int y, int x, const char *s, int cols, bool right);
/* The next character of s (len bytes) at s[i], read with ps: returns its
 * length in bytes, sets *wc to it and *cells to its width.  An invalid or
 * cut byte counts as one '?' (and resets ps); a character with no width
 * (a control) takes 1 cell. */
static inline size_t ui_next_char(const char *s, size_t len, size_t i, mbstate_t *ps,
                                  wchar_t *wc, int *cells)
{
    size_t k = mbrtowc(wc, s + i, len - i, ps);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        k = 1;
        *wc = L'?';
        memset(ps, 0, sizeof *ps);
    }
    int cw = wcwidth(*wc);
    *cells = cw < 0 ? 1 : cw;
    return k;
}
/* The length in bytes of the longest start of s that takes at most cols
 * cells (list.c). */
size_t ui_fit_bytes(const char *s, int cols);
/* A box with a title, cleared inside.  A wide (CJK) character of the
 * screen under it that its edge would cut in half is blanked whole, so the
 * terminal and curses agree on the line and it is redrawn correctly when
 * the box goes away (see shell.c). */
void ui_box(int y, int x, int h, int w, const char *title);

/* ---- Start-up ----------------------------------------------------------- */
/* A terminal type the UI can draw on: known to terminfo, and able to put
 * the cursor anywhere (TERM=dumb and printing terminals cannot; curses
 * would print the screens one after the other).  false, with a message on
 * stderr that says what to use, otherwise (terminal.c). */
bool ui_terminal_ok(const char *term);

/* ---- Demo user picker --------------------------------------------------- */
/* Lets the person pick a demo user and logs in as them; false on quit. */
bool ui_pick_demo_user(ui_ctx *u);

#endif
