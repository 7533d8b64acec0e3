/* Status codes and error messages. */
#include <stdio.h>
#include <string.h>

#include "core.h"

static const char *const status_text[] = {
#define BD_X_TEXT(name, text) [name] = text,
    BD_STATUS_LIST(BD_X_TEXT)
#undef BD_X_TEXT
};

const char *bd_status_text(bd_status s)
{
    if ((size_t)s < sizeof status_text / sizeof status_text[0] && status_text[s])
        return status_text[s];
    return "unknown status";
}

bd_status bd_verrf(bd_err *e, bd_status code, const char *fmt, va_list ap)
{
    if (e) {
        e->code = code;
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    }
    return code;
}

bd_status bd_errf(bd_err *e, bd_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bd_verrf(e, code, fmt, ap);
    va_end(ap);
    return code;
}

void bd_err_prefix(bd_err *e, const char *fmt, ...)
{
    if (!e)
        return;
    char prefix[512], old[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    if (snprintf(e->msg, sizeof e->msg, "%s: %s", prefix, old) >= (int)sizeof e->msg)
        bd_strlcpy(e->msg + sizeof e->msg - 4, "...", 4); /* cut: say so */
}

void bd_err_clear(bd_err *e)
{
    if (e) {
        e->code = BD_OK;
        e->msg[0] = '\0';
    }
}
