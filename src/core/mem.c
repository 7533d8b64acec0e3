/* Allocation that fails loudly, string copies, and the growable buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static void out_of_memory(size_t n)
{
    fprintf(stderr, "bizdesk: out of memory (asked for %zu bytes)\n", n);
    abort();
}

void *bd_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *bd_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *bd_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *bd_xstrdup(const char *s)
{
    return bd_xstrndup(s, strlen(s));
}

char *bd_xstrndup(const char *s, size_t n)
{
    char *p = bd_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bd_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        out_of_memory(0);
    char *p = bd_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

bool bd_strlcpy(char *dst, const char *src, size_t n)
{
    if (n == 0)
        return *src == '\0';
    size_t len = strlen(src);
    if (len < n) {
        memcpy(dst, src, len + 1);
        return true;
    }
    size_t cut = n - 1;
    /* Step back over UTF-8 continuation bytes so no character is split. */
    while (cut > 0 && ((unsigned char)src[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(dst, src, cut);
    dst[cut] = '\0';
    return false;
}

static void buf_reserve(bd_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = bd_xrealloc(b->data, cap);
    b->cap = cap;
}

void bd_buf_append(bd_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void bd_buf_puts(bd_buf *b, const char *s)
{
    bd_buf_append(b, s, strlen(s));
}

void bd_buf_vprintf(bd_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n <= 0)
        return;
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void bd_buf_printf(bd_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bd_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void bd_buf_reset(bd_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void bd_buf_free(bd_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *bd_buf_str(const bd_buf *b)
{
    return b->data ? b->data : "";
}

bool bd_strfmt(char *dst, size_t n, const char *fmt, ...)
{
    bd_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    bd_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    bool whole = bd_strlcpy(dst, bd_buf_str(&b), n);
    bd_buf_free(&b);
    return whole;
}
