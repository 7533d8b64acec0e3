/* UTF-8 checks and text measured in terminal cells.
 *
 * Decoding is done here (so invalid bytes can be shown as '?', one cell,
 * instead of stopping the line); widths come from the C library's wcwidth()
 * under the current LC_CTYPE, never from a table of our own. */
#include <string.h>
#include <wchar.h>

#include "core.h"
#include "core_internal.h"

size_t core_utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool bd_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned long cp;
        size_t len = core_utf8_decode(p + i, n - i, &cp);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

/* One step through s: the byte length of the next unit, its width in
 * cells, and whether it must be shown as '?' (invalid or control). */
struct unit {
    size_t len;
    int width;
    bool replace;
};

static struct unit next_unit(const char *s, size_t n)
{
    struct unit u = {1, 1, true};
    unsigned long cp;
    size_t len = core_utf8_decode((const unsigned char *)s, n, &cp);
    if (len == 0)
        return u;
    u.len = len;
    int w = wcwidth((wchar_t)cp);
    if (w < 0) {
        /* Control characters, or a character the locale cannot show. */
        return u;
    }
    u.width = w;
    u.replace = false;
    return u;
}

int bd_text_width(const char *s)
{
    size_t n = strlen(s);
    int width = 0;
    for (size_t i = 0; i < n;) {
        struct unit u = next_unit(s + i, n - i);
        width += u.width;
        i += u.len;
    }
    return width;
}

char *bd_text_fit(char *dst, size_t dstsize, const char *s, int cols, bool right)
{
    if (dstsize == 0)
        return dst;
    if (cols < 0)
        cols = 0;
    size_t n = strlen(s), out = 0;
    int used = 0;
    /* Leave room for padding: at most `cols` spaces plus the NUL. */
    for (size_t i = 0; i < n;) {
        struct unit u = next_unit(s + i, n - i);
        if (used + u.width > cols)
            break; /* a straddling wide character becomes padding */
        size_t need = u.replace ? 1 : u.len;
        if (out + need + (size_t)(cols - used - u.width) + 1 > dstsize)
            break;
        if (u.replace)
            dst[out++] = '?';
        else
            memcpy(dst + out, s + i, u.len), out += u.len;
        used += u.width;
        i += u.len;
    }
    int pad = cols - used;
    if (right && pad > 0 && out + (size_t)pad + 1 <= dstsize) {
        memmove(dst + pad, dst, out);
        memset(dst, ' ', (size_t)pad);
        out += (size_t)pad;
        pad = 0;
    }
    while (pad-- > 0 && out + 1 < dstsize)
        dst[out++] = ' ';
    dst[out] = '\0';
    return dst;
}
