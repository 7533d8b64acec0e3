/* Text prepared for the full-text index, and queries prepared to match it
 * (see core.h for the why). */
#include <string.h>

#include "core.h"
#include "core_internal.h"

/* Characters written without spaces between words: CJK ideographs,
 * kana and hangul. */
static bool is_cjk(unsigned long cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
           (cp >= 0x3400 && cp <= 0x4DBF) ||   /* extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* unified ideographs */
           (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* hangul */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility */
           (cp >= 0x20000 && cp <= 0x3FFFF);   /* extensions B.. */
}

/* One piece of text: a run of CJK characters, or a run of anything else. */
typedef struct run {
    const char *s;
    size_t len;
    bool cjk;
} run;

/* The next run starting at *p (advances *p); false at the end. */
static bool next_run(const char **p, run *r)
{
    const unsigned char *s = (const unsigned char *)*p;
    if (!*s)
        return false;
    size_t n = strlen(*p), i = 0;
    bool first = true;
    while (i < n) {
        unsigned long cp;
        size_t len = core_utf8_decode(s + i, n - i, &cp);
        bool cjk = len > 0 && is_cjk(cp);
        if (len == 0)
            len = 1;
        if (first)
            r->cjk = cjk, first = false;
        else if (cjk != r->cjk)
            break;
        i += len;
    }
    r->s = *p;
    r->len = i;
    *p += i;
    return true;
}

/* Byte offsets of the first characters of a CJK run (at most max of them;
 * a longer query term is cut), with starts[count] the end of the last. */
static size_t char_starts(const run *r, size_t *starts, size_t max)
{
    size_t count = 0, i = 0;
    while (i < r->len && count < max) {
        unsigned long cp;
        size_t len = core_utf8_decode((const unsigned char *)r->s + i, r->len - i, &cp);
        starts[count++] = i;
        i += len ? len : 1;
    }
    starts[count] = i;
    return count;
}

static void put_lower(bd_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        bd_buf_append(out, &c, 1);
    }
}

void bd_search_text(bd_buf *out, const char *text)
{
    const char *p = text;
    run r;
    while (next_run(&p, &r)) {
        bd_buf_puts(out, " ");
        if (!r.cjk) {
            put_lower(out, r.s, r.len);
            continue;
        }
        /* the pairs, then the last character alone */
        const unsigned char *u = (const unsigned char *)r.s;
        size_t prev = 0, i = 0;
        bool have_prev = false;
        while (i < r.len) {
            unsigned long cp;
            size_t len = core_utf8_decode(u + i, r.len - i, &cp);
            if (len == 0)
                len = 1;
            if (have_prev) {
                bd_buf_append(out, r.s + prev, i + len - prev);
                bd_buf_puts(out, " ");
            }
            prev = i, have_prev = true;
            i += len;
        }
        bd_buf_append(out, r.s + prev, r.len - prev);
    }
}

/* Append one FTS5 string token, quoted ("" doubles a quote). */
static void put_quoted(bd_buf *out, const char *s, size_t n)
{
    bd_buf_puts(out, "\"");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            bd_buf_puts(out, "\"");
        bd_buf_append(out, s + i, 1);
    }
    bd_buf_puts(out, "\"");
}

static bool is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

bool bd_search_query(bd_buf *out, const char *q)
{
    bd_buf expr = {0};
    const char *p = q;
    run r;
    int terms = 0;
    while (next_run(&p, &r)) {
        if (r.cjk) {
            size_t starts[65];
            size_t k = char_starts(&r, starts, 64);
            if (terms++)
                bd_buf_puts(&expr, " ");
            if (k == 1) {
                put_quoted(&expr, r.s, starts[1]);
                bd_buf_puts(&expr, "*");
                continue;
            }
            /* the phrase of the pairs: "陳大 大文" */
            bd_buf pairs = {0};
            for (size_t i = 0; i + 1 < k; i++) {
                if (i)
                    bd_buf_puts(&pairs, " ");
                bd_buf_append(&pairs, r.s + starts[i], starts[i + 2] - starts[i]);
            }
            put_quoted(&expr, pairs.data, pairs.len);
            bd_buf_free(&pairs);
            continue;
        }
        /* Other text: each word (letters, digits, non-ASCII) a prefix. */
        const unsigned char *s = (const unsigned char *)r.s;
        for (size_t i = 0; i < r.len;) {
            while (i < r.len && !is_word_byte(s[i]))
                i++;
            size_t start = i;
            while (i < r.len && is_word_byte(s[i]))
                i++;
            if (i == start)
                continue;
            bd_buf word = {0};
            put_lower(&word, r.s + start, i - start);
            if (terms++)
                bd_buf_puts(&expr, " ");
            put_quoted(&expr, word.data, word.len);
            bd_buf_puts(&expr, "*");
            bd_buf_free(&word);
        }
    }
    if (terms)
        bd_buf_append(out, bd_buf_str(&expr), expr.len);
    bd_buf_free(&expr);
    return terms > 0;
}
