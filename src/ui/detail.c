/*
 * A record's details over the current view (a contract's, a claim's): the
 * text, built for the width of the screen, in a box that scrolls with the
 * pager's keys, and the loop around it.
 *
 * The details are a modal like the pager, but with keys of their own (the
 * record's context, handed to the record's code) and a watch on the
 * database while they are open: a decision someone else takes shows
 * without closing them.  The box is drawn as the shell's overlay, so the
 * dialogs an action opens show over the details.  After every action the
 * record is read again, and a refusal is shown in full at the top (the
 * status line may be too short for it).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_internal.h"

typedef struct text_line {
    char *text;
    ui_text_kind kind;
} text_line;

struct ui_text {
    text_line *v;
    int n, cap;
    int width; /* the cells a line may take */
};

void ui_text_add(ui_text *t, ui_text_kind kind, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->v = bd_xrealloc(t->v, (size_t)t->cap * sizeof *t->v);
    }
    t->v[t->n++] = (text_line){bd_xstrdup(buf), kind};
}

int ui_text_width(const ui_text *t)
{
    return t->width;
}

void ui_wrap(const char *lead, const char *text, int width,
             void (*line)(void *ctx, const char *prefix, const char *s, int n), void *ctx)
{
    char indent[64];
    int lead_w = bd_text_width(lead);
    snprintf(indent, sizeof indent, "%*s", lead_w < 63 ? lead_w : 63, "");
    if (width < 10)
        width = 10;
    bool first = true;
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t plen = nl ? (size_t)(nl - p) : strlen(p);
        size_t i = 0;
        do {
            size_t start = i, j = i, cut = plen, space = 0;
            int cells = 0;
            mbstate_t ps;
            memset(&ps, 0, sizeof ps);
            while (j < plen) {
                wchar_t wc;
                int cw;
                size_t k = ui_next_char(p, plen, j, &ps, &wc, &cw);
                if (cells + cw > width) {
                    cut = space > start ? space : j;
                    break;
                }
                if (wc == L' ')
                    space = j;
                cells += cw;
                j += k;
            }
            if (cut == start) /* never stall on a character wider than the line */
                cut = j < plen ? j + 1 : plen;
            line(ctx, first ? lead : indent, p + start, (int)(cut - start));
            first = false;
            i = cut;
            while (i < plen && p[i] == ' ')
                i++;
        } while (i < plen);
        if (!nl)
            break;
        p = nl + 1;
    }
}

typedef struct wrap_to_text {
    ui_text *t;
    ui_text_kind kind;
} wrap_to_text;

static void text_line_of(void *ctx, const char *prefix, const char *s, int n)
{
    wrap_to_text *w = ctx;
    ui_text_add(w->t, w->kind, "%s%.*s", prefix, n, s);
}

/* text after lead, wrapped to lines of at most the text's width (at a
 * space when there is one), the later lines indented as far as lead; a
 * newline in text starts a new line. */
void ui_text_wrap(ui_text *t, ui_text_kind kind, const char *lead, const char *text)
{
    wrap_to_text w = {t, kind};
    ui_wrap(lead, text, t->width - bd_text_width(lead), text_line_of, &w);
}

static void text_clear(ui_text *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->v[i].text);
    t->n = 0;
}

/* ---- The loop ------------------------------------------------------------------ */
typedef struct runner {
    const ui_detail_ops *ops;
    void *st;
    ui_text text;
    bool stale; /* the text is rebuilt before the next draw */
    int top;
    /* The refusal of the last action, in full at the top; "" for none. */
    char notice[1024];
    ui_action hints[20];
    int nhints;
} runner;

static void load(runner *r)
{
    r->ops->load(r->st);
    r->stale = true;
    /* The hint line offers what the actor may do now, then the pager's
     * keys. */
    r->nhints = r->ops->hints ? r->ops->hints(r->st, r->hints, 16) : 0;
    r->hints[r->nhints++] = UI_A_PAGER_DOWN;
    r->hints[r->nhints++] = UI_A_HELP;
    r->hints[r->nhints++] = UI_A_PAGER_CLOSE;
}

/* The overlay (ui_set_overlay): drawn by ui_draw_base over the view. */
static void draw(void *st, ui_ctx *u)
{
    runner *r = st;
    (void)u;
    int h = LINES - 3; /* the tab row, status and hint lines stay */
    int body = h - 2;
    if (r->stale || r->text.width != COLS - 4) {
        text_clear(&r->text);
        r->text.width = COLS - 4;
        if (r->notice[0]) {
            ui_text_wrap(&r->text, UI_TEXT_WARN, "Refused:    ", r->notice);
            ui_text_add(&r->text, UI_TEXT_PLAIN, "%s", "");
        }
        r->ops->build(r->st, &r->text);
        r->stale = false;
    }
    int n = r->text.n;
    if (r->top > n - body)
        r->top = n - body;
    if (r->top < 0)
        r->top = 0;
    char title[400];
    r->ops->title(r->st, title, sizeof title);
    ui_box(1, 0, h, COLS, title);
    attron(ui_attr(UI_COL_DIALOG));
    for (int i = 0; i < body && r->top + i < n; i++) {
        const text_line *ln = &r->text.v[r->top + i];
        attr_t at = ln->kind == UI_TEXT_HEAD   ? A_BOLD | A_UNDERLINE
                    : ln->kind == UI_TEXT_MARK ? A_BOLD | A_STANDOUT
                    : ln->kind == UI_TEXT_WARN ? A_BOLD
                                               : A_NORMAL;
        attron(at);
        ui_put(2 + i, 2, ln->text, COLS - 4, false);
        attroff(at);
    }
    char pos[64];
    snprintf(pos, sizeof pos, " %d-%d of %d ", n ? r->top + 1 : 0,
             r->top + body < n ? r->top + body : n, n);
    ui_put(h, COLS - 2 - bd_text_width(pos), pos, bd_text_width(pos), false);
    attroff(ui_attr(UI_COL_DIALOG));
}

void ui_detail_run(ui_ctx *u, const ui_detail_ops *ops, void *st)
{
    app *a = ui_app(u);
    runner r = {.ops = ops, .st = st};
    load(&r);
    int64_t seen = 0;
    app_data_version(a, &seen, NULL);
    int refresh_ms = app_policy(a)->refresh_ms > 0 ? app_policy(a)->refresh_ms : 1000;
    ui_set_overlay(u, draw, &r);
    for (;;) {
        ui_set_hints(u, r.hints, r.nhints);
        ui_draw_base(u);
        refresh();
        ui_key k = ui_getkey(u, refresh_ms);
        if (k == UI_KEY_TIMEOUT) {
            int64_t v;
            if (app_data_version(a, &v, NULL) == BD_OK && v != seen) {
                seen = v;
                load(&r);
            }
            continue;
        }
        if (k == UI_KEY_RESIZE)
            continue;
        ui_status(u, false, "%s", "");
        if (r.notice[0]) {
            r.notice[0] = '\0';
            r.stale = true;
        }
        int body = LINES - 5;
        ui_context ctxs[] = {ops->context, UI_CTX_PAGER, UI_CTX_GLOBAL};
        ui_action act = ui_keys_lookup(k, ctxs, 3);
        bool done = false;
        switch (act) {
        case UI_A_PAGER_UP: r.top--; break;
        case UI_A_PAGER_DOWN: r.top++; break;
        case UI_A_PAGER_PGUP: r.top -= body; break;
        case UI_A_PAGER_PGDN: r.top += body; break;
        case UI_A_PAGER_TOP: r.top = 0; break;
        case UI_A_PAGER_BOTTOM: r.top = r.text.n; break;
        case UI_A_HELP: ui_help(u, ctxs, 2); break;
        case UI_A_PAGER_CLOSE:
        case UI_A_QUIT: done = true; break;
        default:
            if (act != UI_A_NONE && ui_action_context(act) == ops->context) {
                ops->act(st, u, act);
                /* After a dialog: what it changed (or what changed while
                 * it was open) is read now, and a refusal is shown in full. */
                app_data_version(a, &seen, NULL);
                load(&r);
                bool error = false;
                const char *msg = ui_status_text(u, &error);
                if (error) {
                    bd_strlcpy(r.notice, msg, sizeof r.notice);
                    r.top = 0;
                }
            } else {
                ui_status(u, false, "That key does nothing here; q closes, ? shows the keys");
            }
            break;
        }
        if (done)
            break;
    }
    ui_set_overlay(u, NULL, NULL);
    ui_set_hints(u, NULL, 0);
    text_clear(&r.text);
    free(r.text.v);
}
