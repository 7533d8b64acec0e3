/* A writer for one flat JSON object (the audit trail's before/after). */
#include <stdio.h>
#include <string.h>

#include "core.h"

static void put_string(bd_buf *b, const char *s)
{
    bd_buf_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': bd_buf_puts(b, "\\\""); break;
        case '\\': bd_buf_puts(b, "\\\\"); break;
        case '\n': bd_buf_puts(b, "\\n"); break;
        case '\r': bd_buf_puts(b, "\\r"); break;
        case '\t': bd_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                bd_buf_printf(b, "\\u%04x", *p);
            else
                bd_buf_append(b, (const char *)p, 1);
        }
    }
    bd_buf_puts(b, "\"");
}

static void put_key(bd_json *j, const char *key)
{
    if (j->count++ > 0)
        bd_buf_puts(&j->buf, ",");
    put_string(&j->buf, key);
    bd_buf_puts(&j->buf, ":");
}

void bd_json_begin(bd_json *j)
{
    memset(j, 0, sizeof *j);
    bd_buf_puts(&j->buf, "{");
}

void bd_json_str(bd_json *j, const char *key, const char *val)
{
    put_key(j, key);
    if (val)
        put_string(&j->buf, val);
    else
        bd_buf_puts(&j->buf, "null");
}

void bd_json_int(bd_json *j, const char *key, int64_t val)
{
    put_key(j, key);
    bd_buf_printf(&j->buf, "%lld", (long long)val);
}

void bd_json_bool(bd_json *j, const char *key, bool val)
{
    put_key(j, key);
    bd_buf_puts(&j->buf, val ? "true" : "false");
}

const char *bd_json_end(bd_json *j)
{
    bd_buf_puts(&j->buf, "}");
    return bd_buf_str(&j->buf);
}
