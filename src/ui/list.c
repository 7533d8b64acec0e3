/*
 * The paged list.  It holds exactly the rows that are visible and asks its
 * source for the next or previous screenful by key (keyset paging), so its
 * cost does not grow with the table.  Moving past an edge is one query.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_ROWS 256 /* taller terminals show this many rows */

struct ui_list {
    const ui_column *cols;
    int ncols;
    ui_list_fetch fetch;
    void *src;
    ui_row rows[MAX_ROWS];
    int n;        /* rows held (= visible, or fewer at the end) */
    int cursor;   /* index into rows */
    int height;   /* rows that fit, from the last draw */
    bool loaded;
    bool at_end;  /* the last fetch forward returned fewer rows than asked */
    char filter[128];
    ui_marks *marks; /* rows marked "*" (ui_list_set_marks); not owned */
};

ui_list *ui_list_new(const ui_column *cols, int ncols, ui_list_fetch fetch, void *src)
{
    ui_list *l = bd_xcalloc(1, sizeof *l);
    l->cols = cols;
    l->ncols = ncols;
    l->fetch = fetch;
    l->src = src;
    l->height = 10;
    return l;
}

static void free_row(ui_list *l, ui_row *r)
{
    if (!r->cells)
        return;
    for (int c = 0; c < l->ncols; c++)
        free(r->cells[c]);
    free(r->cells);
    r->cells = NULL;
}

static void free_rows(ui_list *l, ui_row *rows, int n)
{
    for (int i = 0; i < n; i++)
        free_row(l, &rows[i]);
}

void ui_list_delete(ui_list **pl)
{
    if (!pl || !*pl)
        return;
    free_rows(*pl, (*pl)->rows, (*pl)->n);
    free(*pl);
    *pl = NULL;
}

/* Fetch up to max rows into out; each row gets a cells array to fill. */
static int fetch(ui_list *l, ui_ctx *u, ui_fetch how, const char *key, int max, ui_row *out)
{
    bd_err e = {0};
    int n = 0;
    if (max > MAX_ROWS)
        max = MAX_ROWS;
    for (int i = 0; i < max; i++) {
        out[i].cells = bd_xcalloc((size_t)l->ncols, sizeof(char *));
        out[i].key[0] = '\0';
        out[i].dim = false;
        out[i].bold = false;
    }
    bd_status st = l->fetch(l->src, how, key, l->filter[0] ? l->filter : NULL, max, out, &n, &e);
    if (st != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        n = 0;
    }
    for (int i = n; i < max; i++)
        free_row(l, &out[i]);
    return n;
}

/* Replace the held rows with rows[0..n). */
static void take(ui_list *l, ui_row *rows, int n)
{
    free_rows(l, l->rows, l->n);
    memcpy(l->rows, rows, (size_t)n * sizeof *rows);
    l->n = n;
    if (l->cursor >= n)
        l->cursor = n > 0 ? n - 1 : 0;
}

static void load_first(ui_list *l, ui_ctx *u)
{
    ui_row tmp[MAX_ROWS];
    int n = fetch(l, u, UI_FETCH_FIRST, NULL, l->height, tmp);
    take(l, tmp, n);
    l->cursor = 0;
    l->loaded = true;
}

static void load_last(ui_list *l, ui_ctx *u)
{
    ui_row tmp[MAX_ROWS];
    int n = fetch(l, u, UI_FETCH_LAST, NULL, l->height, tmp);
    take(l, tmp, n);
    l->cursor = n > 0 ? n - 1 : 0;
    l->loaded = true;
}

/* A screenful starting at key (inclusive): the row before key, then the
 * rows after it. */
static void load_from(ui_list *l, ui_ctx *u, const char *key)
{
    ui_row before[1], tmp[MAX_ROWS];
    int nb = fetch(l, u, UI_FETCH_BEFORE, key, 1, before);
    int n;
    if (nb == 1) {
        n = fetch(l, u, UI_FETCH_AFTER, before[0].key, l->height, tmp);
        free_row(l, &before[0]);
    } else {
        n = fetch(l, u, UI_FETCH_FIRST, NULL, l->height, tmp);
    }
    take(l, tmp, n);
    l->loaded = true;
    /* Fill a short last page from above so the screen stays full. */
    if (n > 0 && n < l->height) {
        int want = l->height - n;
        ui_row more[MAX_ROWS];
        int m = fetch(l, u, UI_FETCH_BEFORE, l->rows[0].key, want, more);
        if (m > 0) {
            memmove(l->rows + m, l->rows, (size_t)l->n * sizeof *l->rows);
            memcpy(l->rows, more, (size_t)m * sizeof *more);
            l->n += m;
        }
    }
}

static int find_key(const ui_list *l, const char *key)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->rows[i].key, key) == 0)
            return i;
    return -1;
}

void ui_list_goto(ui_list *l, ui_ctx *u, const char *key)
{
    load_from(l, u, key);
    int i = find_key(l, key);
    l->cursor = i >= 0 ? i : 0;
}

void ui_list_reload(ui_list *l, ui_ctx *u)
{
    if (!l->loaded || l->n == 0) {
        load_first(l, u);
        return;
    }
    char top[128], cur[128];
    int cursor_row = l->cursor;
    bd_strlcpy(top, l->rows[0].key, sizeof top);
    bd_strlcpy(cur, l->rows[l->cursor].key, sizeof cur);
    load_from(l, u, top);
    int i = find_key(l, cur);
    if (i >= 0)
        l->cursor = i;
    else
        l->cursor = cursor_row < l->n ? cursor_row : (l->n ? l->n - 1 : 0);
}

/* Scroll by `by` rows (negative: up), fetching past the edges. */
static void scroll_by(ui_list *l, ui_ctx *u, int by)
{
    if (l->n == 0)
        return;
    int target = l->cursor + by;
    if (target >= 0 && target < l->n) {
        l->cursor = target;
        return;
    }
    ui_row tmp[MAX_ROWS];
    if (target >= l->n) {
        int need = target - (l->n - 1);
        int m = fetch(l, u, UI_FETCH_AFTER, l->rows[l->n - 1].key, need, tmp);
        if (m == 0) {
            l->cursor = l->n - 1;
            return;
        }
        /* Keep a full screen: drop rows from the top, append the new ones. */
        int keep = l->n + m > l->height ? l->height - m : l->n;
        if (keep < 0)
            keep = 0;
        int drop = l->n - keep;
        free_rows(l, l->rows, drop);
        memmove(l->rows, l->rows + drop, (size_t)keep * sizeof *l->rows);
        memcpy(l->rows + keep, tmp, (size_t)m * sizeof *tmp);
        l->n = keep + m;
        l->cursor = target - drop;
        if (l->cursor >= l->n)
            l->cursor = l->n - 1;
    } else {
        int need = -target;
        int m = fetch(l, u, UI_FETCH_BEFORE, l->rows[0].key, need, tmp);
        if (m == 0) {
            l->cursor = 0;
            return;
        }
        int keep = l->n + m > l->height ? l->height - m : l->n;
        if (keep < 0)
            keep = 0;
        free_rows(l, l->rows + keep, l->n - keep);
        memmove(l->rows + m, l->rows, (size_t)keep * sizeof *l->rows);
        memcpy(l->rows, tmp, (size_t)m * sizeof *tmp);
        l->n = keep + m;
        l->cursor = target + m;
        if (l->cursor < 0)
            l->cursor = 0;
    }
}

bool ui_list_handle(ui_list *l, ui_ctx *u, ui_action a)
{
    switch (a) {
    case UI_A_UP: scroll_by(l, u, -1); return true;
    case UI_A_DOWN: scroll_by(l, u, 1); return true;
    case UI_A_PAGE_UP: scroll_by(l, u, -l->height); return true;
    case UI_A_PAGE_DOWN: scroll_by(l, u, l->height); return true;
    case UI_A_TOP: load_first(l, u); return true;
    case UI_A_BOTTOM: load_last(l, u); return true;
    case UI_A_SEARCH: {
        char buf[sizeof l->filter];
        bd_strlcpy(buf, l->filter, sizeof buf);
        if (ui_prompt(u, "Filter", "Text:", buf, sizeof buf)) {
            bd_strlcpy(l->filter, buf, sizeof l->filter);
            load_first(l, u);
            if (l->filter[0])
                ui_status(u, false, "Filter \"%s\": %s", l->filter,
                          l->n ? "matching rows shown" : "nothing matches");
        }
        return true;
    }
    default: return false;
    }
}

const ui_row *ui_list_selected(const ui_list *l)
{
    return l->n ? &l->rows[l->cursor] : NULL;
}

const char *ui_list_filter(const ui_list *l)
{
    return l->filter;
}

void ui_list_set_filter(ui_list *l, const char *text)
{
    bd_strlcpy(l->filter, text ? text : "", sizeof l->filter);
}

void ui_list_draw(ui_list *l, ui_ctx *u, int y, int x, int h, int w)
{
    int rows_h = h - 1;
    if (rows_h < 1)
        return;
    if (rows_h > MAX_ROWS)
        rows_h = MAX_ROWS;
    if (rows_h != l->height || !l->loaded) {
        l->height = rows_h;
        ui_list_reload(l, u);
    }
    /* Column widths: fixed ones as given, the flexible one takes the rest. */
    int widths[32], fixed = 0, flex = -1;
    for (int c = 0; c < l->ncols && c < 32; c++) {
        widths[c] = l->cols[c].width;
        if (widths[c] == 0)
            flex = c;
        fixed += widths[c] + 1;
    }
    /* The cursor's column, and with marks the column of "*". */
    int lead = l->marks ? 2 : 1;
    if (flex >= 0)
        widths[flex] = w - fixed - lead > 4 ? w - fixed - lead : 4;

    attr_t hd = ui_attr(UI_COL_HEADER);
    attron(hd);
    int cx = x + lead - 1;
    ui_put(y, x, "", w, false);
    for (int c = 0; c < l->ncols && cx < x + w; c++) {
        int cw = widths[c] < x + w - cx ? widths[c] : x + w - cx;
        ui_put(y, cx + 1, l->cols[c].title, cw, l->cols[c].right);
        cx += widths[c] + 1;
    }
    attroff(hd);

    if (l->n == 0) {
        ui_put(y + 2, x + 2, l->filter[0] ? "Nothing matches the filter (/ to change it)."
                                          : "Nothing here yet.",
               w - 4, false);
        return;
    }
    for (int r = 0; r < l->n && r < rows_h; r++) {
        bool sel = r == l->cursor;
        attr_t at = sel ? ui_attr(UI_COL_SELECTED) : l->rows[r].dim ? ui_attr(UI_COL_DIM) : 0;
        bool marked = l->marks && ui_marks_has(l->marks, l->rows[r].key);
        if (l->rows[r].bold || marked)
            at |= A_BOLD;
        attron(at);
        /* A marker column: '>' on the cursor row, so it shows without colour. */
        ui_put(y + 1 + r, x, sel ? ">" : " ", 1, false);
        if (l->marks)
            ui_put(y + 1 + r, x + 1, marked ? "*" : " ", 1, false);
        cx = x + lead;
        for (int c = 0; c < l->ncols && cx < x + w; c++) {
            int cw = widths[c] < x + w - cx ? widths[c] : x + w - cx;
            ui_put(y + 1 + r, cx, l->rows[r].cells[c] ? l->rows[r].cells[c] : "", cw,
                   l->cols[c].right);
            cx += cw;
            if (cx < x + w) {
                ui_put(y + 1 + r, cx, " ", 1, false);
                cx++;
            }
        }
        attroff(at);
    }
}

/* ---- Marked rows ------------------------------------------------------------ */

struct ui_marks {
    char (*keys)[sizeof ((ui_row *)0)->key];
    int n, cap;
};

ui_marks *ui_marks_new(void)
{
    return bd_xcalloc(1, sizeof(ui_marks));
}

void ui_marks_delete(ui_marks **m)
{
    if (!m || !*m)
        return;
    free((*m)->keys);
    free(*m);
    *m = NULL;
}

static int marks_find(const ui_marks *m, const char *key)
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->keys[i], key) == 0)
            return i;
    return -1;
}

bool ui_marks_has(const ui_marks *m, const char *key)
{
    return m && key && marks_find(m, key) >= 0;
}

void ui_marks_set(ui_marks *m, const char *key, bool on)
{
    int i = marks_find(m, key);
    if (!on) {
        if (i >= 0)
            memmove(m->keys + i, m->keys + i + 1, (size_t)(--m->n - i) * sizeof *m->keys);
        return;
    }
    if (i >= 0)
        return;
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        m->keys = bd_xrealloc(m->keys, (size_t)m->cap * sizeof *m->keys);
    }
    bd_strlcpy(m->keys[m->n++], key, sizeof *m->keys);
}

void ui_marks_clear(ui_marks *m)
{
    m->n = 0;
}

int ui_marks_count(const ui_marks *m)
{
    return m ? m->n : 0;
}

void ui_marks_keep(ui_marks *m, bool (*keep)(void *src, const char *key), void *src)
{
    int k = 0;
    for (int i = 0; i < m->n; i++)
        if (keep(src, m->keys[i]))
            memmove(m->keys[k++], m->keys[i], sizeof *m->keys);
    m->n = k;
}

void ui_list_set_marks(ui_list *l, ui_marks *m)
{
    l->marks = m;
}

bool ui_list_toggle_mark(ui_list *l, ui_ctx *u)
{
    if (!l->marks || l->n == 0)
        return false;
    const char *key = l->rows[l->cursor].key;
    ui_marks_set(l->marks, key, !ui_marks_has(l->marks, key));
    scroll_by(l, u, 1);
    return true;
}

/* ---- Sources held in memory, and cells ------------------------------------ */

int ui_list_pick(void *src, int n, const char *(*key_of)(void *src, int i),
                 bool (*match)(void *src, int i, const char *filter), ui_fetch how,
                 const char *key, const char *filter, int max, int *idx)
{
    /* Forward the first max rows past the edge; backward the last max
     * before it, sliding through them. */
    bool back = how == UI_FETCH_BEFORE || how == UI_FETCH_LAST;
    int got = 0;
    for (int i = 0; i < n && max > 0; i++) {
        int c = how == UI_FETCH_AFTER || how == UI_FETCH_BEFORE
                    ? strcmp(key_of(src, i), key ? key : "")
                    : 0;
        if (how == UI_FETCH_AFTER && c <= 0)
            continue;
        if (how == UI_FETCH_BEFORE && c >= 0)
            break;
        if (filter && *filter && !match(src, i, filter))
            continue;
        if (back && got == max)
            memmove(idx, idx + 1, (size_t)--got * sizeof *idx);
        idx[got++] = i;
        if (!back && got == max)
            break;
    }
    return got;
}

bool ui_text_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        while (i < n && h[i] &&
               tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return n == 0;
}

char *ui_money_cell(int64_t v, int cols)
{
    char buf[40];
    if (v < 0)
        return bd_xstrdup("-");
    bd_money_format(v, true, buf, sizeof buf);
    if (bd_text_width(buf) > cols) {
        char *dot = strrchr(buf, '.');
        if (dot)
            *dot = '\0';
    }
    return bd_xstrdup(buf);
}

size_t ui_fit_bytes(const char *s, int cols)
{
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    size_t len = strlen(s), i = 0;
    int cells = 0;
    while (i < len) {
        wchar_t wc;
        int cw;
        size_t k = ui_next_char(s, len, i, &ps, &wc, &cw);
        if (cells + cw > cols)
            break;
        cells += cw;
        i += k;
    }
    return i;
}
