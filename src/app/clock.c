/* The one place bizdesk reads the time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"

/* $BIZDESK_NOW as epoch seconds; false when unset or not a valid time. */
static bool env_now(int64_t *out, bd_err *e)
{
    const char *s = getenv("BIZDESK_NOW");
    if (!s || !*s)
        return false;
    char date[11];
    bd_date d;
    int hh = 0, mm = 0, ss = 0;
    size_t len = strlen(s);
    if (len != 10 && !(len == 20 && s[10] == 'T' && s[19] == 'Z'))
        return bd_errf(e, BD_ERR_INVALID,
                       "BIZDESK_NOW=\"%s\": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ", s),
               false;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (bd_date_parse(date, &d, e) != BD_OK) {
        bd_err_prefix(e, "BIZDESK_NOW");
        return false;
    }
    if (len == 20) {
        char tail[12];
        if (sscanf(s + 11, "%2d:%2d:%2d%11s", &hh, &mm, &ss, tail) != 4 || hh > 23 || mm > 59 ||
            ss > 59 || strcmp(tail, "Z") != 0)
            return bd_errf(e, BD_ERR_INVALID, "BIZDESK_NOW=\"%s\": bad time of day", s), false;
    }
    *out = bd_date_days(d) * 86400 + hh * 3600 + mm * 60 + ss;
    return true;
}

int64_t app_now(void)
{
    int64_t t;
    if (env_now(&t, NULL))
        return t;
    return (int64_t)time(NULL);
}

bd_status app_clock_check(bd_err *e)
{
    int64_t t;
    bd_err_clear(e);
    if (!env_now(&t, e) && e && e->code != BD_OK)
        return e->code;
    return BD_OK;
}
