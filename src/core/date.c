/* Calendar dates (proleptic Gregorian) and UTC timestamps, without the C
 * library's time zone machinery: the caller passes the time in. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bd_status bd_date_parse(const char *s, bd_date *out, bd_err *e)
{
    static const char shape[] = "dddd-dd-dd";
    size_t len = strlen(s);
    bool ok = len == sizeof shape - 1;
    for (size_t i = 0; ok && i < len; i++)
        ok = shape[i] == 'd' ? isdigit((unsigned char)s[i]) != 0 : s[i] == shape[i];
    if (!ok)
        return bd_errf(e, BD_ERR_INVALID, "\"%s\" is not a date (expected YYYY-MM-DD)", s);
    bd_date d = {
        .y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
        .m = (s[5] - '0') * 10 + (s[6] - '0'),
        .d = (s[8] - '0') * 10 + (s[9] - '0'),
    };
    if (d.y < 1900)
        return bd_errf(e, BD_ERR_INVALID, "\"%s\": year %d is out of range (1900-9999)", s, d.y);
    if (d.m < 1 || d.m > 12)
        return bd_errf(e, BD_ERR_INVALID, "\"%s\": month %d does not exist", s, d.m);
    if (d.d < 1 || d.d > month_days(d.y, d.m))
        return bd_errf(e, BD_ERR_INVALID, "\"%s\": %04d-%02d has no day %d", s, d.y, d.m, d.d);
    *out = d;
    return BD_OK;
}

/* Days from civil date, after the well-known era-based method: shift the
 * year to start in March so the leap day is last. */
int64_t bd_date_days(bd_date d)
{
    int64_t y = d.y - (d.m <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bd_date bd_date_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    bd_date d;
    d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.y = (int)(yoe + era * 400 + (d.m <= 2));
    return d;
}

char *bd_date_format(bd_date d, char *buf, size_t n)
{
    snprintf(buf, n, "%04d-%02d-%02d", d.y, d.m, d.d);
    return buf;
}

char *bd_timestamp_format(int64_t t, char *buf, size_t n)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    bd_date d = bd_date_from_days(days);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.y, d.m, d.d,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    return buf;
}
