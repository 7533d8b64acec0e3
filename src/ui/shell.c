/*
 * The shell: terminal set-up, the tab bar of modules, the status and hint
 * lines, the key loop, resize and the "too small" notice, and watching the
 * database for other people's changes while idle.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui.h"
#include "ui_internal.h"

/* The modules, in tab order, and the views of each, in the order of the
 * number keys; a module opens on its first view.  The Pipeline opens on
 * Today: a rep's day starts with what needs doing.  The Inbox is a module
 * of its own, for everyone: what waits for the user's decision in every
 * module (a department head decides claims without the Contracts module). */
typedef struct module_def {
    const char *title; /* tab title */
    int perm;          /* policy_perm needed to see the tab */
    const ui_screen_ops *const *views;
    int nviews;
    /* The context of its number keys (actions.def), when it has several
     * views: each module's help names its own views. */
    ui_context views_ctx;
} module_def;

#define MAX_VIEWS 9 /* views of a module; actions.def has keys for the first four */

static const ui_screen_ops *const pipeline_views[] = {&ui_screen_today, &ui_screen_opportunities,
                                                      &ui_screen_board, &ui_screen_import};
static const ui_screen_ops *const contracts_views[] = {&ui_screen_contracts,
                                                       &ui_screen_clock, &ui_screen_receivables};
static const ui_screen_ops *const claims_views[] = {&ui_screen_claims, &ui_screen_preapprovals,
                                                    &ui_screen_budgets, &ui_screen_payments};
static const ui_screen_ops *const inbox_views[] = {&ui_screen_inbox};
static const ui_screen_ops *const reviews_views[] = {&ui_screen_myreview, &ui_screen_team,
                                                     &ui_screen_calibration};
static const ui_screen_ops *const reports_views[] = {&ui_screen_reports};
static const ui_screen_ops *const admin_views[] = {&ui_screen_users};
#define VIEWS(v) v, (int)(sizeof v / sizeof v[0])

static const module_def all_modules[] = {
    {"Pipeline", PERM_PIPELINE, VIEWS(pipeline_views), UI_CTX_VIEWS},
    {"Contracts", PERM_CONTRACTS, VIEWS(contracts_views), UI_CTX_CONTRACT_VIEWS},
    {"Claims", PERM_CLAIMS, VIEWS(claims_views), UI_CTX_CLAIM_VIEWS},
    {"Inbox", -1, VIEWS(inbox_views), UI_CTX_GLOBAL}, /* its view's may_open decides */
    {"Reviews", PERM_REVIEWS, VIEWS(reviews_views), UI_CTX_REVIEW_VIEWS},
    {"Reports", -1, VIEWS(reports_views), UI_CTX_GLOBAL}, /* for whoever may run a report */
    {"Admin", PERM_ADMIN_USERS, VIEWS(admin_views), UI_CTX_GLOBAL},
};
#define MAX_TABS (sizeof all_modules / sizeof all_modules[0])

typedef struct view {
    const ui_screen_ops *ops;
    void *st;
} view;

typedef struct tab {
    const module_def *m;
    view views[MAX_VIEWS];
    int nviews, cur; /* the views this user may see; the current one */
} tab;

struct ui_ctx {
    app *a;
    const app_paths *paths;
    tab tabs[MAX_TABS];
    int ntabs, cur;
    char status[512];
    bool status_error;
    const ui_action *hints;
    int nhints;
    bool colors;
    bool too_small;
    int64_t data_version;
    int refresh_ms;
    void (*overlay)(void *st, ui_ctx *u); /* ui_set_overlay */
    void *overlay_st;
    ui_keeper keeper; /* ui_set_keeper */
};

/* Set by signal handlers only; the loop acts on it. */
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
    got_signal = sig;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a signal interrupts get_wch so the loop sees it. */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* ---- Colours ------------------------------------------------------------ */
static bool colors_on;

static const struct {
    short fg, bg;
    attr_t mono; /* always applied: colour is never the only signal */
} palette[UI_COL_COUNT] = {
    [UI_COL_NORMAL] = {-1, -1, A_NORMAL},
    [UI_COL_TABS] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL},
    [UI_COL_TAB_ACTIVE] = {COLOR_BLACK, COLOR_CYAN, A_BOLD | A_REVERSE},
    [UI_COL_HEADER] = {COLOR_CYAN, -1, A_BOLD | A_UNDERLINE},
    [UI_COL_SELECTED] = {COLOR_BLACK, COLOR_CYAN, A_REVERSE},
    [UI_COL_STATUS] = {COLOR_BLACK, COLOR_WHITE, A_REVERSE},
    [UI_COL_HINT] = {-1, -1, A_NORMAL},
    [UI_COL_ERROR] = {COLOR_WHITE, COLOR_RED, A_BOLD | A_REVERSE},
    [UI_COL_DIM] = {-1, -1, A_DIM},
    [UI_COL_DIALOG] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL},
};

static void colors_init(void)
{
    const char *no = getenv("NO_COLOR");
    colors_on = has_colors() && !(no && *no);
    if (!colors_on)
        return;
    start_color();
    use_default_colors();
    for (int i = 1; i < UI_COL_COUNT; i++)
        init_pair((short)i, palette[i].fg, palette[i].bg);
}

attr_t ui_attr(ui_color c)
{
    if (!colors_on)
        return palette[c].mono;
    /* With colour, reverse would undo the pair; keep bold/underline/dim. */
    attr_t keep = palette[c].mono & (A_BOLD | A_UNDERLINE | A_DIM);
    if (c == UI_COL_SELECTED || c == UI_COL_ERROR)
        keep |= A_BOLD;
    return (attr_t)COLOR_PAIR(c) | keep;
}

/* ---- Drawing ------------------------------------------------------------ */
void ui_put(int y, int x, const char *s, int cols, bool right)
{
    if (cols <= 0)
        return;
    char buf[2048];
    if ((size_t)cols * 4 + 1 > sizeof buf)
        cols = (int)(sizeof buf - 1) / 4;
    mvaddstr(y, x, bd_text_fit(buf, sizeof buf, s ? s : "", cols, right));
}

/* The screen column where the character covering column col of line y
 * starts (col itself, or col - 1 for the right half of a wide character),
 * from what stdscr holds: walked from the start of the line, since curses
 * reports a wide character's right half like its left. */
static int cell_start(int y, int col)
{
    int c = 0;
    while (c < col) {
        cchar_t cc;
        wchar_t wc[CCHARW_MAX + 1];
        attr_t at;
        short pair;
        int w = 1;
        if (mvin_wch(y, c, &cc) != ERR && getcchar(&cc, wc, &at, &pair, NULL) != ERR &&
            wcwidth(wc[0]) == 2)
            w = 2;
        if (c + w > col)
            return c;
        c += w;
    }
    return c;
}

/* Blank the cell at (y, col) keeping its attributes. */
static void blank_cell(int y, int col)
{
    cchar_t cc, sp;
    wchar_t wc[CCHARW_MAX + 1];
    attr_t at = A_NORMAL;
    short pair = 0;
    if (mvin_wch(y, col, &cc) == ERR || getcchar(&cc, wc, &at, &pair, NULL) == ERR)
        at = A_NORMAL, pair = 0;
    setcchar(&sp, L" ", at, pair, NULL);
    mvadd_wch(y, col, &sp);
}

/* A box over text cuts the wide characters under its left and right edges
 * in half.  A terminal (xterm, tmux) blanks the whole character when half
 * of it is overwritten, while curses keeps believing the other half is
 * there; when the box goes away curses then redraws only the covered half,
 * and the line shows garbled (a character missing, the rest shifted).
 * Blanking such a character whole in stdscr first keeps curses and the
 * terminal in agreement, so the next frame redraws it correctly. */
static void blank_cut_wide(int y, int x, int h, int w)
{
    for (int r = y; r < y + h && r < LINES; r++) {
        if (x > 0 && cell_start(r, x) == x - 1)
            blank_cell(r, x - 1);
        int right = x + w; /* the first column right of the box */
        if (right < COLS && cell_start(r, right) == right - 1)
            blank_cell(r, right);
    }
}

void ui_box(int y, int x, int h, int w, const char *title)
{
    blank_cut_wide(y, x, h, w);
    attr_t at = ui_attr(UI_COL_DIALOG);
    attron(at);
    for (int r = 0; r < h; r++)
        ui_put(y + r, x, "", w, false);
    attroff(at);
    attron(at);
    mvaddch(y, x, ACS_ULCORNER);
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    if (title && *title) {
        char t[256];
        snprintf(t, sizeof t, " %s ", title);
        int tw = bd_text_width(t);
        if (tw > w - 4)
            tw = w - 4;
        attron(A_BOLD);
        ui_put(y, x + 2, t, tw, false);
        attroff(A_BOLD);
    }
    attroff(at);
}

static void draw_tabs(ui_ctx *u)
{
    attr_t bar = ui_attr(UI_COL_TABS);
    attron(bar);
    ui_put(0, 0, " bizdesk ", COLS, false);
    int x = 10;
    for (int i = 0; i < u->ntabs; i++) {
        char t[64];
        bool on = i == u->cur;
        /* Brackets mark the current tab without colour. */
        snprintf(t, sizeof t, on ? "[%s]" : " %s ", u->tabs[i].m->title);
        int w = bd_text_width(t);
        if (x + w >= COLS)
            break;
        if (on) {
            attroff(bar);
            attron(ui_attr(UI_COL_TAB_ACTIVE));
        }
        ui_put(0, x, t, w, false);
        if (on) {
            attroff(ui_attr(UI_COL_TAB_ACTIVE));
            attron(bar);
        }
        x += w + 1;
    }
    const app_actor *ac = app_actor_get(u->a);
    if (ac) {
        char who[300];
        snprintf(who, sizeof who, "%s (%s) ", ac->user.name, ac->role->code);
        int w = bd_text_width(who);
        if (x + w < COLS)
            ui_put(0, COLS - w, who, w, false);
    }
    attroff(bar);
}

static void draw_status(ui_ctx *u)
{
    attr_t at = ui_attr(u->status_error ? UI_COL_ERROR : UI_COL_STATUS);
    char right[600], left[600];
    snprintf(right, sizeof right, " %s%s ", app_is_demo(u->a) ? "[DEMO] " : "",
             app_db_path(u->a));
    snprintf(left, sizeof left, " %s%s", u->status_error ? "Error: " : "", u->status);
    int rw = bd_text_width(right);
    if (rw > COLS / 2)
        rw = COLS / 2;
    /* An error is read in full first: the path gives way to it. */
    if (u->status_error && bd_text_width(left) > COLS - rw)
        rw = 0;
    attron(at);
    ui_put(LINES - 2, 0, left, COLS - rw, false);
    ui_put(LINES - 2, COLS - rw, right, rw, true);
    attroff(at);
}

static void draw_hints(ui_ctx *u)
{
    bd_buf b = {0};
    bd_buf_puts(&b, " ");
    for (int i = 0; i < u->nhints; i++) {
        char key[16];
        ui_action_first_key(u->hints[i], key, sizeof key);
        /* The first words of the help text make the hint. */
        const char *h = ui_action_help(u->hints[i]);
        int words = 0;
        size_t len = 0;
        while (h[len] && !(h[len] == ' ' && ++words == 2))
            len++;
        bd_buf_printf(&b, "%s %.*s  ", key, (int)len, h);
    }
    attr_t at = ui_attr(UI_COL_HINT);
    attron(at);
    ui_put(LINES - 1, 0, bd_buf_str(&b), COLS, false);
    attroff(at);
    bd_buf_free(&b);
}

static void draw_too_small(void)
{
    erase();
    char msg[128];
    snprintf(msg, sizeof msg, "Terminal too small: %dx%d.", COLS, LINES);
    const char *need = "bizdesk needs at least 80x24.";
    const char *quit = "Enlarge the window, or press q to quit.";
    int y = LINES / 2 - 1;
    if (y < 0)
        y = 0;
    ui_put(y, 0, msg, COLS, false);
    if (y + 1 < LINES)
        ui_put(y + 1, 0, need, COLS, false);
    if (y + 2 < LINES)
        ui_put(y + 2, 0, quit, COLS, false);
}

/* The current view of the current tab; NULL when there is no tab. */
static view *cur_view(ui_ctx *u)
{
    if (!u->ntabs)
        return NULL;
    tab *t = &u->tabs[u->cur];
    return &t->views[t->cur];
}

/* The view list of the title line at a level of detail: 0 every name,
 * 1 the names but the current one's (the title says it), 2 the keys only.
 * Items go into out[] (text, whether current); returns the width. */
typedef struct view_item {
    char text[80];
    bool on;
} view_item;

static int view_items(const tab *t, int level, view_item *out)
{
    int width = 0;
    for (int i = 0; i < t->nviews; i++) {
        bool on = i == t->cur;
        bool named = level == 0 || (level == 1 && !on);
        char label[64];
        if (named)
            snprintf(label, sizeof label, "%d %s", i + 1, t->views[i].ops->title);
        else
            snprintf(label, sizeof label, "%d", i + 1);
        /* Brackets mark the current view without colour, as on the tab bar. */
        snprintf(out[i].text, sizeof out[i].text, on ? "[%s]" : " %s ", label);
        out[i].on = on;
        width += bd_text_width(out[i].text);
    }
    return width;
}

void ui_title(ui_ctx *u, int y, int x, int w, const char *title)
{
    const tab *t = u->ntabs ? &u->tabs[u->cur] : NULL;
    view_item items[MAX_VIEWS];
    int bar = 0;
    if (t && t->nviews > 1) {
        int tw = bd_text_width(title);
        for (int level = 0; level < 3; level++) {
            bar = view_items(t, level, items);
            if (1 + tw + 2 + bar <= w)
                break;
        }
        if (1 + tw + 2 + bar > w && bar > w / 2)
            bar = 0; /* the title first */
    }
    attron(A_BOLD);
    ui_put(y, x + 1, title, w - 1 - (bar ? bar + 2 : 1), false);
    attroff(A_BOLD);
    if (!bar)
        return;
    int cx = x + w - bar;
    for (int i = 0; i < t->nviews; i++) {
        int iw = bd_text_width(items[i].text);
        attr_t at = items[i].on ? ui_attr(UI_COL_TAB_ACTIVE) : A_NORMAL;
        attron(at);
        ui_put(y, cx, items[i].text, iw, false);
        attroff(at);
        cx += iw;
    }
}

void ui_draw_base(ui_ctx *u)
{
    u->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
    if (u->too_small) {
        draw_too_small();
        return;
    }
    erase();
    draw_tabs(u);
    view *v = cur_view(u);
    if (v) {
        const ui_screen_ops *ops = v->ops;
        ops->draw(v->st, u, 1, 0, LINES - 3, COLS);
        if (!u->hints) {
            u->hints = ops->hints;
            u->nhints = ops->nhints;
        }
    }
    if (u->overlay)
        u->overlay(u->overlay_st, u);
    draw_status(u);
    draw_hints(u);
}

void ui_status(ui_ctx *u, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(u->status, sizeof u->status, fmt, ap);
    va_end(ap);
    u->status_error = error;
}

app *ui_app(ui_ctx *u) { return u->a; }

const char *ui_status_text(const ui_ctx *u, bool *error)
{
    if (error)
        *error = u->status_error;
    return u->status;
}

void ui_set_overlay(ui_ctx *u, void (*draw)(void *st, ui_ctx *u), void *st)
{
    u->overlay = draw;
    u->overlay_st = draw ? st : NULL;
}

void ui_set_hints(ui_ctx *u, const ui_action *acts, int n)
{
    u->hints = acts;
    u->nhints = n;
}

bool ui_stopping(void)
{
    return got_signal != 0;
}

ui_keeper ui_set_keeper(ui_ctx *u, ui_keeper k)
{
    ui_keeper prev = u->keeper;
    u->keeper = k;
    return prev;
}

/* ---- Keys --------------------------------------------------------------- */
static ui_key read_key(int timeout_ms)
{
    wint_t ch;
    timeout(timeout_ms);
    int r = get_wch(&ch);
    if (r == ERR) {
        /* No key: a timeout, or the terminal is gone (the SSH link or the
         * tmux server dropped), when get_wch fails at once, for ever.  A
         * hang-up on stdin is treated as SIGHUP, or the loop would spin. */
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
        if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
            got_signal = SIGHUP;
        return UI_KEY_TIMEOUT;
    }
    if (r == KEY_CODE_YES) {
        if (ch == KEY_RESIZE)
            return UI_KEY_RESIZE;
        if (ch == KEY_ENTER)
            return '\n';
        if (ch == KEY_BACKSPACE)
            return 127;
        return UI_KEY_FN | (int)ch;
    }
    if (ch == '\r')
        return '\n';
    if (ch == 8)
        return 127;
    return (int)ch;
}

ui_key ui_getkey(ui_ctx *u, int timeout_ms)
{
    static int signal_seen;
    for (;;) {
        if (got_signal && got_signal != SIGINT && u->keeper.keep) {
            /* Nobody is there to answer (the terminal went away) or
             * there is no time to ask: keep the form's text as a draft,
             * in one transaction, then restore the terminal and go. */
            int sig = (int)got_signal;
            bool kept = u->keeper.keep(u->keeper.st);
            endwin();
            if (kept)
                fprintf(stderr,
                        "bizdesk: ended by signal %d; the form's unsaved text was kept as a "
                        "draft: bizdesk offers it when you open the form again\n",
                        sig);
            else
                fprintf(stderr, "bizdesk: ended by signal %d; nothing unsaved was written\n",
                        sig);
            exit(128 + sig);
        }
        if (got_signal) {
            /* First ask politely: F10 quits from every screen.  A modal
             * that asks for a key again instead ends here: the terminal
             * is restored and the process exits; nothing unsaved is
             * written (no transaction is open while waiting for a key). */
            if (signal_seen++ == 0)
                return UI_KEY_FN | KEY_F(10);
            endwin();
            fprintf(stderr, "bizdesk: ended by signal %d; unsaved changes were not kept\n",
                    (int)got_signal);
            exit(128 + (int)got_signal);
        }
        ui_key k = read_key(u->too_small ? -1 : timeout_ms);
        if (k == UI_KEY_RESIZE) {
            bool was_small = u->too_small;
            u->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
            if (u->too_small) {
                draw_too_small();
                refresh();
                continue;
            }
            (void)was_small;
            return UI_KEY_RESIZE;
        }
        if (u->too_small) {
            if (k == 'q' || k == 27)
                return 'q';
            continue;
        }
        return k;
    }
}

/* ---- Tabs, views and the loop --------------------------------------------- */
static bool may_see(ui_ctx *u, int perm)
{
    return perm < 0 || app_can(u->a, (policy_perm)perm);
}

/* A view the user may open: its own rule, else its permission. */
static bool may_see_view(ui_ctx *u, const ui_screen_ops *ops)
{
    return ops->may_open ? ops->may_open(u->a) : may_see(u, ops->perm);
}

static void open_tabs(ui_ctx *u)
{
    for (size_t i = 0; i < MAX_TABS; i++) {
        const module_def *m = &all_modules[i];
        /* A module shows when one of its views may be seen. */
        tab *t = &u->tabs[u->ntabs];
        memset(t, 0, sizeof *t);
        t->m = m;
        for (int k = 0; k < m->nviews && t->nviews < MAX_VIEWS; k++) {
            const ui_screen_ops *ops = m->views[k];
            if (!may_see_view(u, ops))
                continue;
            t->views[t->nviews].ops = ops;
            t->views[t->nviews].st = ops->open(u);
            t->nviews++;
        }
        if (t->nviews)
            u->ntabs++;
    }
}

static void close_tabs(ui_ctx *u)
{
    for (int i = 0; i < u->ntabs; i++)
        for (int k = 0; k < u->tabs[i].nviews; k++)
            u->tabs[i].views[k].ops->close(u->tabs[i].views[k].st);
    u->ntabs = 0;
}

static void reload_current(ui_ctx *u)
{
    view *v = cur_view(u);
    if (v && v->ops->reload)
        v->ops->reload(v->st, u);
}

static void switch_tab(ui_ctx *u, int to)
{
    if (!u->ntabs)
        return;
    u->cur = (to + u->ntabs) % u->ntabs;
    u->hints = NULL;
    reload_current(u);
}

/* Show view k of the current tab; false when it has no such view. */
static bool switch_view(ui_ctx *u, int k)
{
    tab *t = &u->tabs[u->cur];
    if (k < 0 || k >= t->nviews)
        return false;
    t->cur = k;
    u->hints = NULL;
    reload_current(u);
    return true;
}

void *ui_show_view(ui_ctx *u, const ui_screen_ops *ops)
{
    for (int n = 0; n < u->ntabs; n++) {
        int i = (u->cur + n) % u->ntabs; /* the current tab first */
        for (int k = 0; k < u->tabs[i].nviews; k++) {
            if (u->tabs[i].views[k].ops != ops)
                continue;
            u->cur = i;
            switch_view(u, k);
            return u->tabs[i].views[k].st;
        }
    }
    return NULL;
}

/* Someone else committed: reload what is on screen, keeping the cursor. */
static void watch_data(ui_ctx *u)
{
    int64_t v;
    if (app_data_version(u->a, &v, NULL) != BD_OK || v == u->data_version)
        return;
    u->data_version = v;
    reload_current(u);
}

/* The view an action of a module's number keys picks (0-based), or -1. */
static int view_of_action(ui_action a)
{
    static const ui_action keys[][4] = {
        {UI_A_VIEW_1, UI_A_VIEW_2, UI_A_VIEW_3, UI_A_VIEW_4},
        {UI_A_CVIEW_1, UI_A_CVIEW_2, UI_A_CVIEW_3, UI_A_NONE},
        {UI_A_KVIEW_1, UI_A_KVIEW_2, UI_A_KVIEW_3, UI_A_KVIEW_4},
        {UI_A_RVIEW_1, UI_A_RVIEW_2, UI_A_RVIEW_3, UI_A_NONE},
    };
    for (int m = 0; m < (int)(sizeof keys / sizeof keys[0]); m++)
        for (int i = 0; i < 4; i++)
            if (keys[m][i] != UI_A_NONE && keys[m][i] == a)
                return i;
    return -1;
}

static void run_loop(ui_ctx *u)
{
    app_data_version(u->a, &u->data_version, NULL);
    for (;;) {
        ui_draw_base(u);
        refresh();
        ui_key k = ui_getkey(u, u->refresh_ms);
        if (k == UI_KEY_TIMEOUT) {
            watch_data(u);
            continue;
        }
        if (k == UI_KEY_RESIZE)
            continue;
        u->status[0] = '\0';
        u->status_error = false;
        const ui_screen_ops *ops = cur_view(u)->ops;
        void *st = cur_view(u)->st;
        /* The screen's own keys first: a view may take a key the shell
         * would otherwise use (the Board's Left and Right). */
        ui_context ctxs[4];
        int nctx = 0;
        ctxs[nctx++] = ops->context;
        if (u->tabs[u->cur].nviews > 1)
            ctxs[nctx++] = u->tabs[u->cur].m->views_ctx;
        ctxs[nctx++] = UI_CTX_LIST;
        ctxs[nctx++] = UI_CTX_GLOBAL;
        ui_action a = ui_keys_lookup(k, ctxs, nctx);
        if (ops->handle(st, u, a, k))
            continue;
        int to_view = view_of_action(a);
        if (to_view >= 0) {
            if (!switch_view(u, to_view))
                ui_status(u, false, "This module has views 1 to %d", u->tabs[u->cur].nviews);
            continue;
        }
        switch (a) {
        case UI_A_QUIT:
            return;
        case UI_A_HELP:
            ui_help(u, ctxs, nctx);
            break;
        case UI_A_NEXT_TAB: switch_tab(u, u->cur + 1); break;
        case UI_A_PREV_TAB: switch_tab(u, u->cur - 1); break;
        case UI_A_REDRAW:
            clearok(curscr, TRUE);
            if (ops->reload)
                ops->reload(st, u);
            break;
        default:
            if (k != UI_KEY_TIMEOUT)
                ui_status(u, false, "That key does nothing here; press ? for help");
            break;
        }
    }
}

/* The UI draws UTF-8 text (Chinese names) measured by wcwidth: under a
 * locale of another character set it would show mojibake or question
 * marks, so it says what to set instead.  false (with the message on
 * stderr) when the locale is not UTF-8. */
static bool locale_ok(void)
{
    const char *cs = nl_langinfo(CODESET);
    if (strcmp(cs, "UTF-8") == 0)
        return true;
    const char *var = NULL, *val = NULL;
    const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !var; i++)
        if (getenv(vars[i]) && *getenv(vars[i]))
            var = vars[i], val = getenv(vars[i]);
    const char *now = setlocale(LC_CTYPE, NULL);
    if (!var)
        fprintf(stderr, "bizdesk: the UI needs a UTF-8 locale, and LANG and LC_ALL are not set");
    else if (now && (strcmp(now, "C") == 0 || strcmp(now, "POSIX") == 0) &&
             strcmp(val, "C") != 0 && strcmp(val, "POSIX") != 0)
        fprintf(stderr,
                "bizdesk: the UI needs a UTF-8 locale, and %s=%s is not installed on this host",
                var, val);
    else
        fprintf(stderr,
                "bizdesk: the UI needs a UTF-8 locale, and %s=%s gives the character set %s",
                var, val, cs);
    /* The variable that decided is the one to change (LC_ALL overrides LANG). */
    const char *fix = var ? var : "LANG";
    fprintf(stderr,
            ";\n  set %s to a UTF-8 locale (locale -a lists those installed), "
            "e.g. export %s=C.UTF-8\n",
            fix, fix);
    return false;
}

int ui_main(app *a, const app_paths *paths)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fputs("bizdesk: the UI needs a terminal; for scripts use a command "
              "(bizdesk --help)\n",
              stderr);
        return EXIT_USAGE;
    }
    const char *term = getenv("TERM");
    if (!term || !*term) {
        fputs("bizdesk: TERM is not set; set it to your terminal's type (e.g. xterm-256color)\n",
              stderr);
        return EXIT_USAGE;
    }
    if (!ui_terminal_ok(term) || !locale_ok())
        return EXIT_USAGE;
    if (!ui_keys_init())
        return EXIT_FAIL;
    /* Lines and corners as Unicode, not the terminal's alternate character
     * set: the locale is UTF-8 (checked above), and a terminal type such
     * as vt100 under tmux or another UTF-8 terminal would show the ACS
     * letters themselves ("lqqk") instead of a box. */
    setenv("NCURSES_NO_UTF8_ACS", "1", 1);
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        fprintf(stderr,
                "bizdesk: unknown terminal type '%s': set TERM to one this system knows "
                "(e.g. xterm-256color or linux)\n",
                term);
        return EXIT_USAGE;
    }
    set_term(scr);
    install_signals();
    set_escdelay(25);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    colors_init();

    ui_ctx u = {.a = a, .paths = paths, .refresh_ms = app_policy(a)->refresh_ms};
    bool ok = true;
    if (!app_actor_get(a))
        ok = ui_pick_demo_user(&u);
    if (ok) {
        open_tabs(&u);
        if (u.ntabs == 0)
            ui_status(&u, true, "your role '%s' has no module to open",
                      app_actor_get(a)->role->code);
        switch_tab(&u, 0);
        ui_status(&u, false, "Welcome, %s. Press ? for help.", app_actor_get(a)->user.name);
        if (u.ntabs)
            run_loop(&u);
        else {
            ui_draw_base(&u);
            refresh();
            ui_getkey(&u, -1);
        }
        close_tabs(&u);
    }
    endwin();
    delscreen(scr);
    if (got_signal && got_signal != SIGINT)
        fprintf(stderr, "bizdesk: stopped by signal %d; nothing unsaved was written\n",
                (int)got_signal);
    return 0;
}
