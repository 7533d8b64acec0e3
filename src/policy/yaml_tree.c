/* One YAML file into a position-keeping tree (libyaml's event API), and
 * the binder that turns nodes into C values.  See yaml_tree.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "yaml_tree.h"

/* ---- Small helpers ------------------------------------------------------ */

/* How a value is shown inside a message: quoted by the caller, cut so that a
 * 4 KiB scalar does not swamp the line, control characters (a newline in a
 * block scalar) shown as '?' so that a diagnostic stays one line. */
#define SHOWN_MAX 48
_Static_assert(SHOWN_MAX + 8 <= YTREE_SHOWN_SIZE, "room for quotes and dots");

static const char *shown(const char *text, char *buf, size_t size)
{
    bool cut = !bd_strlcpy(buf, text, size < SHOWN_MAX ? size : SHOWN_MAX);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    if (cut) {
        size_t n = strlen(buf);
        if (n + 4 <= size)
            memcpy(buf + n, "...", 4);
    }
    return buf;
}

/* "'abc'", "an empty value", "a list", ...: what was found instead. */
const char *ytree_describe(const ytree_node *n, char *buf, size_t size)
{
    if (n->kind != YTREE_SCALAR)
        return ytree_kind_text(n->kind);
    if (ytree_is_null(n) || n->len == 0)
        return "an empty value";
    char tmp[SHOWN_MAX + 4];
    snprintf(buf, size, "'%s'", shown(n->text, tmp, sizeof tmp));
    return buf;
}

const char *ytree_kind_text(ytree_kind k)
{
    switch (k) {
    case YTREE_SCALAR: return "a string";
    case YTREE_MAPPING: return "a mapping (key: value)";
    case YTREE_SEQUENCE: return "a list";
    }
    return "?";
}

bool ytree_is_null(const ytree_node *n)
{
    if (!n || n->kind != YTREE_SCALAR || !n->plain)
        return false;
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        if (strcmp(n->text, nulls[i]) == 0)
            return true;
    return false;
}

static void node_free(ytree_node *n)
{
    if (!n)
        return;
    free(n->text);
    for (size_t i = 0; i < n->n; i++) {
        if (n->kind == YTREE_MAPPING) {
            node_free(n->pairs[i].key);
            node_free(n->pairs[i].value);
        } else if (n->kind == YTREE_SEQUENCE) {
            node_free(n->items[i]);
        }
    }
    free(n->pairs);
    free(n->items);
    free(n);
}

void ytree_free(ytree **t)
{
    if (!t || !*t)
        return;
    node_free((*t)->root);
    free((*t)->file);
    free(*t);
    *t = NULL;
}

ytree_node *ytree_get(ytree_node *map, const char *key)
{
    if (!map || map->kind != YTREE_MAPPING)
        return NULL;
    for (size_t i = 0; i < map->n; i++) {
        ytree_pair *p = &map->pairs[i];
        if (p->key->kind == YTREE_SCALAR && strcmp(p->key->text, key) == 0) {
            p->used = true;
            return p->value;
        }
    }
    return NULL;
}

/* Order for duplicate finding: by text, then by position, so the first of
 * a run of equal texts is the one written first. */
static int cmp_text_pos(const void *a, const void *b)
{
    const ytree_node *x = *(ytree_node *const *)a, *y = *(ytree_node *const *)b;
    int c = strcmp(x->text, y->text);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

/* Shared by the loader (duplicate keys) and ybind_unique (duplicate codes):
 * sorting makes a hostile file with 100k keys cost n log n, not n^2.
 * Returns how many duplicates were reported. */
static size_t report_dups(policy_diags *d, const char *file, ytree_node *const *nodes, size_t n,
                          const char *what, bool skip_null)
{
    ytree_node **v = bd_xcalloc(n ? n : 1, sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (nodes[i] && nodes[i]->kind == YTREE_SCALAR && !(skip_null && ytree_is_null(nodes[i])))
            v[m++] = nodes[i];
    qsort(v, m, sizeof *v, cmp_text_pos);
    size_t found = 0;
    for (size_t i = 1; i < m; i++) {
        size_t first = i - 1;
        while (i < m && strcmp(v[i]->text, v[first]->text) == 0) {
            char tmp[SHOWN_MAX + 4], col[32] = "";
            if (v[i]->line == v[first]->line) /* [a, b, a]: the line alone is no help */
                snprintf(col, sizeof col, ", column %d", v[first]->col);
            policy_diag_add(d, file, v[i]->line, v[i]->col,
                            "duplicate %s '%s' (first at line %d%s)", what,
                            shown(v[i]->text, tmp, sizeof tmp), v[first]->line, col);
            found++;
            i++;
        }
    }
    free(v);
    return found;
}

/* ---- Reading UTF-8 ------------------------------------------------------
 * libyaml checks encoding too, but reports a byte offset without a line and
 * column, and would read a UTF-16 file with a BOM as UTF-16.  Policy files
 * are UTF-8, so we check first and name the place. */

/* Decode one character at s[0..n): returns its length (0 when invalid) and
 * sets *cp.  Refuses overlongs, surrogates and values past U+10FFFF. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        len = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

/* The characters YAML 1.1 (and so libyaml) allows in a stream. */
static bool yaml_printable(uint32_t c)
{
    return c == 0x09 || c == 0x0a || c == 0x0d || (c >= 0x20 && c <= 0x7e) || c == 0x85 ||
           (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
           (c >= 0x10000 && c <= 0x10ffff);
}

/* Line breaks as libyaml counts them: LF, CR, CR LF, NEL, LS, PS. */
static bool is_break(uint32_t c)
{
    return c == 0x0a || c == 0x0d || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* Walk data[0..len) character by character, keeping the 1-based line and
 * column as libyaml counts them; a UTF-8 BOM at the start is not a column.
 * Stops at the first bad character (returns false with *bad_at its offset)
 * or at byte offset stop (returns true). */
typedef struct walker {
    int line, col;
    size_t at;   /* byte offset reached */
    uint32_t cp; /* the bad character, when known */
    bool bad_utf8;
} walker;

static bool walk(const char *data, size_t len, size_t stop, walker *w)
{
    const unsigned char *s = (const unsigned char *)data;
    w->line = 1, w->col = 1, w->at = 0, w->cp = 0, w->bad_utf8 = false;
    if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        w->at = 3;
    while (w->at < len && w->at < stop) {
        uint32_t c;
        size_t k = utf8_decode(s + w->at, len - w->at, &c);
        if (k == 0) {
            w->bad_utf8 = true;
            w->cp = s[w->at];
            return false;
        }
        if (!yaml_printable(c)) {
            w->cp = c;
            return false;
        }
        w->at += k;
        if (c == 0x0d && w->at < len && s[w->at] == 0x0a)
            continue; /* CR LF is one break: count it at the LF */
        if (is_break(c))
            w->line++, w->col = 1;
        else
            w->col++;
    }
    return true;
}

/* Byte offset of the character with libyaml's 0-based index idx (the BOM
 * is not counted). */
static size_t offset_of_index(const char *data, size_t len, size_t idx)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t at = (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) ? 3 : 0;
    while (idx > 0 && at < len) {
        uint32_t c;
        size_t k = utf8_decode(s + at, len - at, &c);
        at += k ? k : 1;
        idx--;
    }
    return at;
}

/* ---- Building the tree from events -------------------------------------- */
typedef struct builder {
    const char *file;
    const char *data;
    size_t len;
    policy_diags *d;
    size_t errors;
    ytree_node *root;
    ytree_node *stack[POLICY_MAX_DEPTH]; /* open mappings and lists */
    int depth;
    int docs;
} builder;

static void berr(builder *bl, yaml_mark_t m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void berr(builder *bl, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    policy_diag_vadd(bl->d, bl->file, (int)m.line + 1, (int)m.column + 1, fmt, ap);
    va_end(ap);
    bl->errors++;
}

static ytree_node *node_new(ytree_kind k, yaml_mark_t m)
{
    ytree_node *n = bd_xcalloc(1, sizeof *n);
    n->kind = k;
    n->line = (int)m.line + 1;
    n->col = (int)m.column + 1;
    return n;
}

/* Hang a new node under the innermost open collection at once, before its
 * children arrive, so everything built is reachable from the root and one
 * node_free cleans up after an error anywhere. */
static void attach(builder *bl, ytree_node *n)
{
    if (bl->depth == 0) {
        if (!bl->root)
            bl->root = n;
        else
            node_free(n); /* cannot happen: a second document stops parsing */
        return;
    }
    ytree_node *p = bl->stack[bl->depth - 1];
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        if (p->kind == YTREE_MAPPING)
            p->pairs = bd_xrealloc(p->pairs, p->cap * sizeof *p->pairs);
        else
            p->items = bd_xrealloc(p->items, p->cap * sizeof *p->items);
    }
    if (p->kind == YTREE_SEQUENCE) {
        p->items[p->n++] = n;
        return;
    }
    if (p->n > 0 && !p->pairs[p->n - 1].value) {
        p->pairs[p->n - 1].value = n;
        return;
    }
    p->pairs[p->n++] = (ytree_pair){.key = n};
    if (n->kind != YTREE_SCALAR) {
        policy_diag_add(bl->d, bl->file, n->line, n->col, "a key must be plain text, not %s",
                        ytree_kind_text(n->kind));
        bl->errors++;
    }
}

/* Anchors and tags are refused: a policy file should read the same to a
 * person as to the program. */
static void check_props(builder *bl, const yaml_event_t *ev, const yaml_char_t *anchor,
                        const yaml_char_t *tag)
{
    if (anchor)
        berr(bl, ev->start_mark,
             "anchors (&%s) are not allowed in policy files; write the value out in full",
             (const char *)anchor);
    if (tag)
        berr(bl, ev->start_mark, "tags (%s) are not allowed in policy files", (const char *)tag);
}

static void on_scalar(builder *bl, const yaml_event_t *ev)
{
    const char *text = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    check_props(bl, ev, ev->data.scalar.anchor, ev->data.scalar.tag);
    if (len > POLICY_MAX_SCALAR)
        berr(bl, ev->start_mark, "value too long: %zu bytes, the limit is %d bytes", len,
             POLICY_MAX_SCALAR);
    /* "\0" in a double-quoted string: everything after treats text as C. */
    if (memchr(text, '\0', len))
        berr(bl, ev->start_mark, "a value may not contain a NUL character (\\0)");
    ytree_node *n = node_new(YTREE_SCALAR, ev->start_mark);
    n->text = bd_xstrndup(text, len);
    n->len = len;
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    attach(bl, n);
}

/* Returns false when parsing must stop (too deep). */
static bool on_collection_start(builder *bl, const yaml_event_t *ev, ytree_kind k)
{
    if (k == YTREE_MAPPING)
        check_props(bl, ev, ev->data.mapping_start.anchor, ev->data.mapping_start.tag);
    else
        check_props(bl, ev, ev->data.sequence_start.anchor, ev->data.sequence_start.tag);
    if (bl->depth == POLICY_MAX_DEPTH) {
        berr(bl, ev->start_mark, "nested more than %d levels deep, the limit", POLICY_MAX_DEPTH);
        return false;
    }
    ytree_node *n = node_new(k, ev->start_mark);
    attach(bl, n);
    bl->stack[bl->depth++] = n;
    return true;
}

static void on_mapping_end(builder *bl)
{
    ytree_node *m = bl->stack[--bl->depth];
    if (m->n == 0)
        return;
    ytree_node **keys = bd_xcalloc(m->n, sizeof *keys);
    for (size_t i = 0; i < m->n; i++)
        keys[i] = m->pairs[i].key;
    bl->errors += report_dups(bl->d, bl->file, keys, m->n, "key", false);
    free(keys);
}

/* libyaml's message, with the place it was in ("while scanning a simple
 * key") and a hint for the commonest mistake, a tab in the indentation. */
static void syntax_error(builder *bl, const yaml_parser_t *ps)
{
    if (ps->error == YAML_MEMORY_ERROR) {
        policy_diag_add(bl->d, bl->file, 0, 0, "out of memory while parsing");
        bl->errors++;
        return;
    }
    if (ps->error == YAML_READER_ERROR) {
        /* Not expected after our own check; the offset is in bytes. */
        walker w;
        walk(bl->data, bl->len, ps->problem_offset, &w);
        policy_diag_add(bl->d, bl->file, w.line, w.col, "cannot read: %s",
                        ps->problem ? ps->problem : "unknown problem");
        bl->errors++;
        return;
    }
    size_t off = offset_of_index(bl->data, bl->len, ps->problem_mark.index);
    const char *problem = ps->problem ? ps->problem : "unknown problem";
    const char *hint = "";
    if (off < bl->len && bl->data[off] == '\t' && !strstr(problem, "tab"))
        hint = "; a tab cannot indent YAML, use spaces";
    /* The context's place only when it adds something. */
    bd_buf ctx = {0};
    if (ps->context && (ps->context_mark.line != ps->problem_mark.line ||
                        ps->context_mark.column != ps->problem_mark.column))
        bd_buf_printf(&ctx, " (%s at line %d, column %d)", ps->context,
                      (int)ps->context_mark.line + 1, (int)ps->context_mark.column + 1);
    else if (ps->context)
        bd_buf_printf(&ctx, " (%s)", ps->context);
    berr(bl, ps->problem_mark, "syntax error: %s%s%s", problem, bd_buf_str(&ctx), hint);
    bd_buf_free(&ctx);
}

static void run_parser(builder *bl)
{
    yaml_parser_t ps;
    if (!yaml_parser_initialize(&ps)) {
        policy_diag_add(bl->d, bl->file, 0, 0, "out of memory while parsing");
        bl->errors++;
        return;
    }
    yaml_parser_set_input_string(&ps, (const unsigned char *)bl->data, bl->len);
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&ps, &ev)) {
            syntax_error(bl, &ps);
            break;
        }
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++bl->docs > 1) {
                berr(bl, ev.start_mark,
                     "a second document starts here; a policy file holds one document");
                done = true;
            }
            break;
        case YAML_SCALAR_EVENT:
            on_scalar(bl, &ev);
            break;
        case YAML_ALIAS_EVENT:
            berr(bl, ev.start_mark,
                 "aliases (*%s) are not allowed in policy files; write the value out in full",
                 (const char *)ev.data.alias.anchor);
            {
                /* An empty placeholder keeps keys and values paired. */
                ytree_node *ph = node_new(YTREE_SCALAR, ev.start_mark);
                ph->text = bd_xstrdup("");
                attach(bl, ph);
            }
            break;
        case YAML_MAPPING_START_EVENT:
            done = !on_collection_start(bl, &ev, YTREE_MAPPING);
            break;
        case YAML_SEQUENCE_START_EVENT:
            done = !on_collection_start(bl, &ev, YTREE_SEQUENCE);
            break;
        case YAML_MAPPING_END_EVENT:
            on_mapping_end(bl);
            break;
        case YAML_SEQUENCE_END_EVENT:
            bl->depth--;
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&ps);
}

bd_status ytree_parse(const char *file, const char *data, size_t len, ytree **out,
                      policy_diags *d)
{
    *out = NULL;
    size_t from = d->n;
    if (len > POLICY_MAX_FILE_BYTES) {
        policy_diag_add(d, file, 0, 0, "file too large: %zu bytes, the limit is %d bytes", len,
                        POLICY_MAX_FILE_BYTES);
        return BD_ERR_POLICY;
    }
    walker w;
    if (!walk(data, len, len, &w)) {
        if (w.bad_utf8)
            policy_diag_add(d, file, w.line, w.col,
                            "invalid UTF-8 (byte 0x%02x); policy files must be UTF-8",
                            (unsigned)w.cp);
        else if (w.cp == 0)
            policy_diag_add(d, file, w.line, w.col, "a NUL byte is not allowed");
        else
            policy_diag_add(d, file, w.line, w.col,
                            "control character U+%04X is not allowed", (unsigned)w.cp);
        return BD_ERR_POLICY;
    }

    builder bl = {.file = file, .data = data, .len = len, .d = d};
    run_parser(&bl);
    if (bl.errors == 0) {
        yaml_mark_t top = {0};
        if (!bl.root || ytree_is_null(bl.root)) {
            if (bl.root)
                top.line = (size_t)bl.root->line - 1, top.column = (size_t)bl.root->col - 1;
            berr(&bl, top, "the file is empty; expected a mapping (key: value lines) at the top");
        } else if (bl.root->kind != YTREE_MAPPING) {
            char buf[YTREE_SHOWN_SIZE];
            top.line = (size_t)bl.root->line - 1, top.column = (size_t)bl.root->col - 1;
            berr(&bl, top, "expected a mapping (key: value lines) at the top of the file, got %s",
                 ytree_describe(bl.root, buf, sizeof buf));
        }
    }
    if (bl.errors) {
        ytree_diags_sort(d, from);
        node_free(bl.root);
        return BD_ERR_POLICY;
    }
    ytree *t = bd_xcalloc(1, sizeof *t);
    t->file = bd_xstrdup(file);
    t->root = bl.root;
    *out = t;
    return BD_OK;
}

bd_status ytree_load(const char *path, ytree **out, policy_diags *d)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        policy_diag_add(d, path, 0, 0, "cannot open: %s", strerror(errno));
        return BD_ERR_POLICY;
    }
    bd_err te = {0};
    if (policy_fd_trusted(fileno(f), path, &te) != BD_OK) {
        policy_diag_add(d, path, 0, 0, "%s", te.msg);
        fclose(f);
        return BD_ERR_POLICY;
    }
    /* The size is checked before reading, and reading stops one byte past
     * the limit, so a huge file or a device never fills memory. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            policy_diag_add(d, path, 0, 0, "cannot read: %s", strerror(EISDIR));
            fclose(f);
            return BD_ERR_POLICY;
        }
        if (S_ISREG(st.st_mode) && st.st_size > POLICY_MAX_FILE_BYTES) {
            policy_diag_add(d, path, 0, 0, "file too large: %lld bytes, the limit is %d bytes",
                            (long long)st.st_size, POLICY_MAX_FILE_BYTES);
            fclose(f);
            return BD_ERR_POLICY;
        }
    }
    char *data = bd_xmalloc(POLICY_MAX_FILE_BYTES + 1);
    size_t len = fread(data, 1, POLICY_MAX_FILE_BYTES + 1, f);
    if (ferror(f)) {
        policy_diag_add(d, path, 0, 0, "cannot read: %s", strerror(errno));
        free(data);
        fclose(f);
        return BD_ERR_POLICY;
    }
    fclose(f);
    bd_status st2 = ytree_parse(path, data, len, out, d);
    free(data);
    return st2;
}

/* ---- The binder --------------------------------------------------------- */

void ybind_init(ybind *b, const ytree *t, policy_diags *d)
{
    b->file = t->file;
    b->d = d;
    b->errors = 0;
}

void ybind_errf(ybind *b, const ytree_node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    policy_diag_vadd(b->d, b->file, at ? at->line : 0, at ? at->col : 0, fmt, ap);
    va_end(ap);
    b->errors++;
}

static bool expect_kind(ybind *b, const ytree_node *n, ytree_kind k)
{
    if (n->kind == k)
        return true;
    char buf[YTREE_SHOWN_SIZE];
    ybind_errf(b, n, "expected %s, got %s", ytree_kind_text(k), ytree_describe(n, buf, sizeof buf));
    return false;
}

bool ybind_mapping(ybind *b, const ytree_node *n)
{
    return expect_kind(b, n, YTREE_MAPPING);
}

bool ybind_sequence(ybind *b, const ytree_node *n)
{
    return expect_kind(b, n, YTREE_SEQUENCE);
}

/* A non-empty, non-null scalar of at most max bytes. */
static bool check_string(ybind *b, const ytree_node *n, size_t max)
{
    if (!expect_kind(b, n, YTREE_SCALAR))
        return false;
    if (ytree_is_null(n) || n->len == 0) {
        ybind_errf(b, n, "expected a string, got an empty value");
        return false;
    }
    if (n->len > max) {
        ybind_errf(b, n, "too long: %zu bytes, at most %zu", n->len, max);
        return false;
    }
    return true;
}

bool ybind_string(ybind *b, const ytree_node *n, size_t max_bytes, char **out)
{
    if (!check_string(b, n, max_bytes ? max_bytes : POLICY_MAX_SCALAR))
        return false;
    *out = bd_xstrdup(n->text);
    return true;
}

bool ybind_string_buf(ybind *b, const ytree_node *n, char *buf, size_t size)
{
    if (size == 0 || !check_string(b, n, size - 1))
        return false;
    memcpy(buf, n->text, n->len + 1);
    return true;
}

/* A code (role, department, stage, ...): other files and the database refer
 * to it, so it must be short, lower-case ASCII and stable. */
bool ybind_code(ybind *b, const ytree_node *n, char out[33])
{
    if (!check_string(b, n, POLICY_MAX_SCALAR))
        return false;
    if (bd_code_valid(n->text)) {
        bd_strlcpy(out, n->text, 33);
        return true;
    }
    char buf[YTREE_SHOWN_SIZE];
    ybind_errf(b, n,
               "invalid code %s: a code is 1 to 32 characters of a-z, 0-9 and _, "
               "starting with a letter",
               ytree_describe(n, buf, sizeof buf));
    return false;
}

/* A display name: shown in lists, so it must fit a column (core's rule). */
bool ybind_name(ybind *b, const ytree_node *n, char **out)
{
    if (!check_string(b, n, POLICY_MAX_SCALAR))
        return false;
    bd_err e = {0};
    if (!bd_name_valid(n->text, &e)) {
        ybind_errf(b, n, "invalid name: %s", e.msg[0] ? e.msg : "not a valid display name");
        return false;
    }
    free(*out);
    *out = bd_xstrdup(n->text);
    return true;
}

/* Decimal only: "[-+]?[0-9]+", no overflow.  The YAML 1.2 core schema's
 * 0o17 and 0x1F are left out on purpose: nobody writes a timeout in hex,
 * and a leading 0x is more likely a typo than a wish. */
static bool parse_int(const char *s, int64_t *out)
{
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (!*s)
        return false;
    uint64_t v = 0, lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        unsigned dg = (unsigned)(*s - '0');
        if (v > (lim - dg) / 10)
            return false;
        v = v * 10 + dg;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

bool ybind_int(ybind *b, const ytree_node *n, int64_t min, int64_t max, int64_t *out)
{
    char buf[YTREE_SHOWN_SIZE];
    if (n->kind != YTREE_SCALAR || ytree_is_null(n)) {
        ybind_errf(b, n, "expected an integer, got %s", ytree_describe(n, buf, sizeof buf));
        return false;
    }
    if (!n->plain) {
        ybind_errf(b, n, "expected an integer, got the quoted string %s (write numbers without quotes)",
                   ytree_describe(n, buf, sizeof buf));
        return false;
    }
    int64_t v;
    bool ok = parse_int(n->text, &v);
    if (!ok) {
        /* All digits but too big is a range problem, not a type problem. */
        const char *p = n->text + (n->text[0] == '-' || n->text[0] == '+');
        if (*p && strspn(p, "0123456789") == strlen(p)) {
            ybind_errf(b, n, "expected an integer from %lld to %lld, got %s", (long long)min,
                       (long long)max, ytree_describe(n, buf, sizeof buf));
            return false;
        }
        ybind_errf(b, n, "expected an integer, got %s", ytree_describe(n, buf, sizeof buf));
        return false;
    }
    if (v < min || v > max) {
        ybind_errf(b, n, "expected an integer from %lld to %lld, got %lld", (long long)min,
                   (long long)max, (long long)v);
        return false;
    }
    *out = v;
    return true;
}

bool ybind_bool(ybind *b, const ytree_node *n, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE"};
    static const char *const no[] = {"false", "False", "FALSE"};
    if (n->kind == YTREE_SCALAR && n->plain) {
        for (size_t i = 0; i < 3; i++) {
            if (strcmp(n->text, yes[i]) == 0)
                return *out = true, true;
            if (strcmp(n->text, no[i]) == 0)
                return *out = false, true;
        }
    }
    char buf[YTREE_SHOWN_SIZE];
    ybind_errf(b, n, "expected true or false, got %s", ytree_describe(n, buf, sizeof buf));
    return false;
}

static void join_names(bd_buf *out, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i)
            bd_buf_puts(out, ", ");
        bd_buf_puts(out, names[i]);
    }
}

bool ybind_enum(ybind *b, const ytree_node *n, const char *what, const char *const *names,
                size_t count, int *out)
{
    if (n->kind == YTREE_SCALAR && !ytree_is_null(n))
        for (size_t i = 0; i < count; i++)
            if (strcmp(n->text, names[i]) == 0)
                return *out = (int)i, true;
    bd_buf list = {0};
    join_names(&list, names, count);
    char buf[YTREE_SHOWN_SIZE];
    if (n->kind == YTREE_SCALAR && !ytree_is_null(n) && n->len)
        ybind_errf(b, n, "invalid %s %s (expected one of: %s)", what, ytree_describe(n, buf, sizeof buf),
                   bd_buf_str(&list));
    else
        ybind_errf(b, n, "expected the %s as one of: %s; got %s", what, bd_buf_str(&list),
                   ytree_describe(n, buf, sizeof buf));
    bd_buf_free(&list);
    return false;
}

ytree_node *ybind_require(ybind *b, ytree_node *map, const char *key)
{
    ytree_node *v = ytree_get(map, key);
    if (!v)
        ybind_errf(b, map, "missing required key '%s'", key);
    return v;
}

void ybind_unused(ybind *b, ytree_node *map, const char *known)
{
    if (!map || map->kind != YTREE_MAPPING)
        return;
    for (size_t i = 0; i < map->n; i++) {
        const ytree_pair *p = &map->pairs[i];
        if (p->used || p->key->kind != YTREE_SCALAR)
            continue;
        char tmp[SHOWN_MAX + 4];
        ybind_errf(b, p->key, "unknown key '%s' (known keys: %s)",
                   shown(p->key->text, tmp, sizeof tmp), known);
    }
}

void ybind_unique(ybind *b, ytree_node *const *nodes, size_t n, const char *what)
{
    b->errors += report_dups(b->d, b->file, nodes, n, what, true);
}

bool ybind_table(ybind *b, ytree_node *map, const ybind_key *keys, size_t nkeys, void *obj)
{
    size_t before = b->errors;
    if (!ybind_mapping(b, map))
        return false;
    for (size_t i = 0; i < nkeys; i++) {
        ytree_node *v = keys[i].required ? ybind_require(b, map, keys[i].name)
                                         : ytree_get(map, keys[i].name);
        if (v)
            keys[i].parse(b, v, obj);
    }
    bd_buf known = {0};
    for (size_t i = 0; i < nkeys; i++) {
        if (i)
            bd_buf_puts(&known, ", ");
        bd_buf_puts(&known, keys[i].name);
    }
    ybind_unused(b, map, bd_buf_str(&known));
    bd_buf_free(&known);
    return b->errors == before;
}

/* qsort is not stable: the original index breaks ties. */
typedef struct sort_item {
    policy_diag g;
    size_t seq;
} sort_item;

static int cmp_diag(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->g.line != y->g.line)
        return x->g.line < y->g.line ? -1 : 1;
    if (x->g.col != y->g.col)
        return x->g.col < y->g.col ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

void ytree_diags_sort(policy_diags *d, size_t from)
{
    if (from >= d->n || d->n - from < 2)
        return;
    size_t m = d->n - from;
    sort_item *v = bd_xcalloc(m, sizeof *v);
    for (size_t i = 0; i < m; i++)
        v[i] = (sort_item){.g = d->v[from + i], .seq = i};
    qsort(v, m, sizeof *v, cmp_diag);
    for (size_t i = 0; i < m; i++)
        d->v[from + i] = v[i].g;
    free(v);
}
