/*
 * Forms and the one-line editor inside them.  The text being edited is
 * held as wide characters so the cursor moves by character and is placed
 * by cell width (CJK takes two cells); it is UTF-8 again when saved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_internal.h"

#define EDIT_MAX 256

typedef struct editor {
    wchar_t text[EDIT_MAX];
    int len;
    int cursor; /* index in text */
} editor;

static void editor_load(editor *ed, const char *utf8)
{
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    const char *s = utf8;
    size_t n = mbsrtowcs(ed->text, &s, EDIT_MAX - 1, &ps);
    if (n == (size_t)-1)
        n = 0; /* not valid in this locale: start empty rather than garbled */
    ed->text[n] = L'\0';
    ed->len = (int)n;
    ed->cursor = ed->len;
}

static void editor_store(const editor *ed, char *out, size_t n)
{
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    const wchar_t *w = ed->text;
    size_t r = wcsrtombs(out, &w, n - 1, &ps);
    if (r == (size_t)-1)
        r = 0;
    out[r < n ? r : n - 1] = '\0';
}

static int wc_cells(wchar_t c)
{
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
}

/* The UTF-8 length the text would have with c inserted must fit `limit`. */
static bool editor_fits(const editor *ed, wchar_t c, size_t limit)
{
    char tmp[MB_LEN_MAX];
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    size_t bytes = 0;
    for (int i = 0; i < ed->len; i++) {
        size_t k = wcrtomb(tmp, ed->text[i], &ps);
        bytes += k == (size_t)-1 ? 1 : k;
    }
    size_t k = wcrtomb(tmp, c, &ps);
    return k != (size_t)-1 && bytes + k < limit && ed->len < EDIT_MAX - 1;
}

/* Apply an EDIT action or insert a printable key; true when handled. */
static bool editor_key(editor *ed, ui_action a, ui_key k, size_t limit)
{
    switch (a) {
    case UI_A_EDIT_LEFT: if (ed->cursor > 0) ed->cursor--; return true;
    case UI_A_EDIT_RIGHT: if (ed->cursor < ed->len) ed->cursor++; return true;
    case UI_A_EDIT_HOME: ed->cursor = 0; return true;
    case UI_A_EDIT_END: ed->cursor = ed->len; return true;
    case UI_A_EDIT_BACKSPACE:
        if (ed->cursor == 0)
            return true;
        ed->cursor--;
        /* fall through */
    case UI_A_EDIT_DELETE:
        if (ed->cursor < ed->len) {
            memmove(ed->text + ed->cursor, ed->text + ed->cursor + 1,
                    (size_t)(ed->len - ed->cursor) * sizeof(wchar_t));
            ed->len--;
        }
        return true;
    case UI_A_EDIT_KILL: ed->len = ed->cursor; ed->text[ed->len] = 0; return true;
    case UI_A_EDIT_CLEAR: ed->len = ed->cursor = 0; ed->text[0] = 0; return true;
    default: break;
    }
    if (k < ' ' || (k & UI_KEY_FN) || k == 127 || !iswprint((wint_t)k))
        return false;
    if (!editor_fits(ed, (wchar_t)k, limit)) {
        beep();
        return true;
    }
    memmove(ed->text + ed->cursor + 1, ed->text + ed->cursor,
            (size_t)(ed->len - ed->cursor + 1) * sizeof(wchar_t));
    ed->text[ed->cursor++] = (wchar_t)k;
    ed->len++;
    return true;
}

/* Draw the editor in `cols` cells at (y, x), scrolled so the cursor shows;
 * returns the screen column of the cursor. */
static int editor_draw(const editor *ed, int y, int x, int cols)
{
    int start = 0, width = 0;
    for (int i = 0; i < ed->cursor; i++)
        width += wc_cells(ed->text[i]);
    while (width >= cols && start < ed->cursor)
        width -= wc_cells(ed->text[start++]);
    int cx = 0;
    move(y, x);
    for (int i = start; i < ed->len; i++) {
        int cw = wc_cells(ed->text[i]);
        if (cx + cw > cols)
            break;
        wchar_t s[2] = {iswprint((wint_t)ed->text[i]) ? ed->text[i] : L'?', 0};
        addwstr(s);
        cx += cw;
    }
    for (; cx < cols; cx++)
        addch(' ');
    return x + width;
}

/* ---- Forms -------------------------------------------------------------- */
static const ui_action form_hints[] = {UI_A_FORM_SAVE, UI_A_FORM_NEXT, UI_A_FORM_CANCEL,
                                       UI_A_CHOICE_NEXT};

static int choice_index(const ui_field *f)
{
    for (int i = 0; i < f->nchoices; i++)
        if (strcmp(f->choices[i], f->value) == 0)
            return i;
    return -1;
}

/* ---- Drafts -------------------------------------------------------------
 * When bizdesk must stop in the middle of a form (SIGHUP: the SSH link or
 * the terminal went away; SIGTERM), what was typed is kept in the database
 * as a draft of that form for that user, and the next time the same form
 * opens it is offered back.  The signal handler only sets a flag; the key
 * wait of whatever loop runs over the form (the form's own, or a question
 * it asked) sees it and calls form_keep_draft through the shell's keeper
 * hook, which saves in one transaction; the shell then restores the
 * terminal and exits.  No transaction is ever open while a key is awaited,
 * so nothing half-made is written.  A save or a cancel of the form clears
 * a draft it was offered. */
typedef struct form_draft {
    ui_ctx *u;
    char *form;                    /* the form's identity (draft_key) */
    ui_field *f;
    int n;
    const char (*orig)[sizeof ((ui_field *)0)->value];
} form_draft;

/* Which form this is: its title, and the values of its read-only fields,
 * which name the record a form is about when the title does not ("Change
 * user" for one login or another).  A new string. */
static char *draft_key(const char *title, const ui_field *f, int n)
{
    bd_buf b = {0};
    bd_buf_puts(&b, title);
    for (int i = 0; i < n; i++)
        if (f[i].readonly)
            bd_buf_printf(&b, " [%s %s]", f[i].label, f[i].value);
    char *key = bd_xstrdup(bd_buf_str(&b));
    bd_buf_free(&b);
    return key;
}

static bool draft_editable(const ui_field *f)
{
    return !f->readonly && !f->choices;
}

/* The keeper the shell calls when it must stop: the draft is kept when
 * text typed into the form would otherwise be lost (a changed choice
 * alone is quick to redo). */
static bool form_keep_draft(void *st)
{
    form_draft *d = st;
    bool typed = false;
    for (int i = 0; i < d->n; i++)
        typed |= draft_editable(&d->f[i]) && strcmp(d->orig[i], d->f[i].value) != 0;
    if (!typed)
        return false;
    const char **names = bd_xcalloc((size_t)d->n, sizeof *names);
    const char **values = bd_xcalloc((size_t)d->n, sizeof *values);
    int k = 0;
    for (int i = 0; i < d->n; i++) {
        if (d->f[i].readonly)
            continue;
        names[k] = d->f[i].label;
        values[k++] = d->f[i].value;
    }
    bd_err e = {0};
    bd_status status = app_draft_save(ui_app(d->u), d->form, names, values, k, &e);
    free(names);
    free(values);
    return status == BD_OK;
}

typedef struct draft_fill {
    ui_field *f;
    int n;
    bool *set; /* fields already given a value (labels may repeat) */
} draft_fill;

static int draft_fill_field(void *ctx, const char *name, const char *value)
{
    draft_fill *df = ctx;
    for (int i = 0; i < df->n; i++) {
        ui_field *f = &df->f[i];
        if (df->set[i] || f->readonly || strcmp(f->label, name) != 0)
            continue;
        df->set[i] = true;
        bool ok = !f->choices;
        for (int c = 0; f->choices && c < f->nchoices; c++)
            ok |= strcmp(f->choices[c], value) == 0;
        if (ok) /* a choice that is no longer offered keeps the form's */
            bd_strlcpy(f->value, value, sizeof f->value);
        break;
    }
    return 0;
}

/* A draft of this form, when there is one: offer it.  y puts its text in
 * the fields (and true: the draft is cleared when the form is saved or
 * left); n deletes it. */
static bool draft_offer(ui_ctx *u, const char *form, ui_field *f, int n)
{
    char saved[21] = "";
    bd_err e = {0};
    /* Read once to learn whether there is one, and fill only on yes. */
    bool *set = bd_xcalloc((size_t)n, sizeof *set);
    draft_fill none = {.f = NULL, .n = 0, .set = set};
    bd_status st = app_draft_load(ui_app(u), form, saved, draft_fill_field, &none, &e);
    bool restored = false;
    if (st == BD_OK) {
        char q[160];
        /* "2026-11-26T02:55:00Z" shown as "2026-11-26 02:55 UTC". */
        snprintf(q, sizeof q, "Restore the unsaved draft of this form from %.10s %.5s UTC?",
                 saved, saved[0] ? saved + 11 : "");
        if (ui_confirm(u, q)) {
            draft_fill df = {.f = f, .n = n, .set = set};
            st = app_draft_load(ui_app(u), form, saved, draft_fill_field, &df, &e);
            restored = st == BD_OK;
        } else if (!ui_stopping()) { /* a hang-up is no answer: keep it */
            st = app_draft_clear(ui_app(u), form, &e);
        }
    }
    if (st != BD_OK && st != BD_ERR_NOTFOUND)
        ui_status(u, true, "%s", e.msg);
    free(set);
    return restored;
}

bool ui_form_run(ui_ctx *u, const char *title, ui_field *f, int n, ui_form_submit submit,
                 void *ctx)
{
    return ui_form_run_live(u, title, f, n, submit, NULL, ctx);
}

static bool form_run(ui_ctx *u, const char *title, ui_field *f, int n, ui_form_submit submit,
                     ui_form_change change, void *ctx, bool drafts);

bool ui_form_run_live(ui_ctx *u, const char *title, ui_field *f, int n, ui_form_submit submit,
                      ui_form_change change, void *ctx)
{
    return form_run(u, title, f, n, submit, change, ctx, true);
}

/* drafts: keep and offer drafts (a form); false for a one-line prompt
 * (a filter, a file name), which is quicker to retype than to be asked. */
static bool form_run(ui_ctx *u, const char *title, ui_field *f, int n, ui_form_submit submit,
                     ui_form_change change, void *ctx, bool drafts)
{
    editor ed;
    char footer[512] = "";
    int focus = 0;
    while (focus < n && f[focus].readonly)
        focus++;
    if (focus == n)
        focus = 0;
    char (*orig)[sizeof f->value] = bd_xcalloc((size_t)n, sizeof *orig);
    for (int i = 0; i < n; i++)
        memcpy(orig[i], f[i].value, sizeof orig[i]);
    form_draft draft = {.u = u, .form = draft_key(title, f, n), .f = f, .n = n, .orig = orig};
    /* The draft's text counts as changed: leaving asks, as for typing. */
    bool offered = drafts && app_actor_get(ui_app(u)) && draft_offer(u, draft.form, f, n);
    editor_load(&ed, f[focus].value);
    ui_keeper prev = ui_set_keeper(u, drafts ? (ui_keeper){form_keep_draft, &draft}
                                             : (ui_keeper){NULL, NULL});
    char message[1024] = "";
    bool saved = false, done = false;
    ui_set_hints(u, form_hints, (int)(sizeof form_hints / sizeof form_hints[0]));
    if (change)
        change(ctx, f, n, -1, footer, sizeof footer);

    while (!done) {
        int label_w = 0;
        for (int i = 0; i < n; i++)
            if (bd_text_width(f[i].label) > label_w)
                label_w = bd_text_width(f[i].label);
        int w = COLS - 8 < 76 ? COLS - 8 : 76;
        int h = n + 7;
        int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
        int field_w = w - label_w - 7;

        ui_draw_base(u);
        ui_box(y0, x0, h, w, title);
        attron(ui_attr(UI_COL_DIALOG));
        int cur_y = y0 + 2, cur_x = x0 + 2;
        for (int i = 0; i < n; i++) {
            int fy = y0 + 2 + i;
            ui_put(fy, x0 + 2, f[i].label, label_w, true);
            attroff(ui_attr(UI_COL_DIALOG));
            bool on = i == focus;
            attr_t at = on ? A_REVERSE | A_BOLD : A_UNDERLINE;
            if (f[i].readonly)
                at = A_NORMAL;
            attron(at);
            mvaddstr(fy, x0 + 3 + label_w, on ? ">" : " ");
            if (on && !f[i].choices && !f[i].readonly) {
                cur_x = editor_draw(&ed, fy, x0 + 4 + label_w, field_w);
                cur_y = fy;
            } else if (f[i].choices) {
                char shown[300];
                snprintf(shown, sizeof shown, "< %s >", f[i].value);
                ui_put(fy, x0 + 4 + label_w, shown, field_w, false);
            } else {
                ui_put(fy, x0 + 4 + label_w, f[i].value, field_w, false);
            }
            attroff(at);
            attron(ui_attr(UI_COL_DIALOG));
        }
        if (change) /* the line under the fields */
            ui_put(y0 + n + 2, x0 + 4 + label_w, footer, field_w, false);
        const char *help = f[focus].help ? f[focus].help
                           : f[focus].choices ? "Left/Right or Space: choose"
                                              : "";
        ui_put(y0 + n + 3, x0 + 2, help, w - 4, false);
        attroff(ui_attr(UI_COL_DIALOG));
        if (message[0]) {
            /* Two lines: a file's error names the path before the reason. */
            int cut = (int)ui_fit_bytes(message, w - 4);
            if (message[cut]) /* at a space when there is one late enough */
                for (int i = cut; i > cut / 2; i--)
                    if (message[i] == ' ') {
                        cut = i + 1;
                        break;
                    }
            char first[sizeof message];
            snprintf(first, sizeof first, "%.*s", cut, message);
            attron(ui_attr(UI_COL_ERROR));
            ui_put(y0 + n + 4, x0 + 2, first, w - 4, false);
            if (message[cut])
                ui_put(y0 + n + 5, x0 + 2, message + cut, w - 4, false);
            attroff(ui_attr(UI_COL_ERROR));
        }
        bool editing = !f[focus].choices && !f[focus].readonly;
        curs_set(editing ? 1 : 0);
        if (editing)
            move(cur_y, cur_x);
        refresh();

        ui_key k = ui_getkey(u, -1);
        if (k == UI_KEY_RESIZE || k == UI_KEY_TIMEOUT)
            continue;
        ui_context ctxs[2] = {editing ? UI_CTX_EDIT : UI_CTX_CHOICE, UI_CTX_FORM};
        ui_action a = ui_keys_lookup(k, ctxs, 2);
        if (editing && editor_key(&ed, a, k, sizeof f->value)) {
            editor_store(&ed, f[focus].value, sizeof f->value);
            if (change)
                change(ctx, f, n, focus, footer, sizeof footer);
            continue;
        }
        if (f[focus].choices && (a == UI_A_CHOICE_NEXT || a == UI_A_CHOICE_PREV)) {
            int i = choice_index(&f[focus]);
            int step = a == UI_A_CHOICE_NEXT ? 1 : -1;
            i = (i + step + f[focus].nchoices) % f[focus].nchoices;
            bd_strlcpy(f[focus].value, f[focus].choices[i], sizeof f->value);
            if (change)
                change(ctx, f, n, focus, footer, sizeof footer);
            continue;
        }
        int to = focus;
        switch (a) {
        case UI_A_FORM_NEXT:
        case UI_A_FORM_PREV: {
            int step = a == UI_A_FORM_NEXT ? 1 : n - 1;
            do
                to = (to + step) % n;
            while (f[to].readonly && to != focus);
            break;
        }
        case UI_A_FORM_SAVE: {
            bd_err e = {0};
            int bad = -1;
            if (submit(ctx, f, n, &bad, &e) == BD_OK) {
                saved = done = true;
            } else {
                bd_strlcpy(message, e.msg, sizeof message);
                if (bad >= 0 && bad < n)
                    to = bad;
            }
            break;
        }
        case UI_A_FORM_CANCEL: {
            bool changed = false;
            for (int i = 0; i < n; i++)
                changed |= strcmp(orig[i], f[i].value) != 0;
            /* A one-field prompt is quick to retype: only forms ask. */
            if (!changed || n == 1 || ui_confirm(u, "Discard your changes?"))
                done = true;
            ui_set_hints(u, form_hints, (int)(sizeof form_hints / sizeof form_hints[0]));
            break;
        }
        default:
            break;
        }
        if (to != focus) {
            focus = to;
            editor_load(&ed, f[focus].value);
        }
    }
    ui_set_keeper(u, prev);
    if (offered) { /* saved or left: the draft has served */
        bd_err e = {0};
        if (app_draft_clear(ui_app(u), draft.form, &e) != BD_OK)
            ui_status(u, true, "%s", e.msg);
    }
    curs_set(0);
    free(draft.form);
    free(orig);
    ui_set_hints(u, NULL, 0);
    return saved;
}

int ui_field_of_message(const char *msg, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        size_t len = names[i] ? strlen(names[i]) : 0;
        if (len && strncmp(msg, names[i], len) == 0 && msg[len] == ':')
            return i;
    }
    return -1;
}

bd_status ui_form_app_result(ui_ctx *u, bd_status st, const bd_err *err,
                             const char *const *names, int n, int *bad, bd_err *e)
{
    if (st == BD_OK)
        return BD_OK;
    ui_status(u, true, "%s", err->msg);
    if (st != BD_ERR_INVALID)
        return BD_OK; /* closes the form; the caller reports it */
    *bad = ui_field_of_message(err->msg, names, n);
    *e = *err;
    return st;
}

/* ---- One-line prompt ---------------------------------------------------- */
static bd_status prompt_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)ctx, (void)f, (void)n, (void)bad, (void)e;
    return BD_OK;
}

bool ui_prompt(ui_ctx *u, const char *title, const char *label, char *buf, size_t n)
{
    ui_field f = {.label = label, .help = "Enter: done   Esc: cancel"};
    bd_strlcpy(f.value, buf, sizeof f.value < n ? sizeof f.value : n);
    if (!form_run(u, title, &f, 1, prompt_submit, NULL, NULL, false))
        return false;
    bd_strlcpy(buf, f.value, n);
    return true;
}
