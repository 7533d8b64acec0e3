/* Money as an int64 count of minor units: parsing and formatting. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

bd_status bd_money_parse(const char *s, int64_t *out, bd_err *e)
{
    const char *p = s;
    while (*p == ' ' || *p == '\t')
        p++;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = (*p++ == '-');
    if (!isdigit((unsigned char)*p))
        return bd_errf(e, BD_ERR_INVALID, "\"%s\" is not an amount (expected digits such as 1,234.56)", s);

    int64_t units = 0;
    int digits = 0;       /* digits in the current thousands group */
    int groups = 0;       /* separators seen */
    char sep = 0;         /* the separator in use: ',' or ' ' */
    bool overflow = false;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (units > (BD_MONEY_MAX / 100 - (*p - '0')) / 10)
                overflow = true;
            else
                units = units * 10 + (*p - '0');
            digits++;
        } else if ((*p == ',' || *p == ' ') && isdigit((unsigned char)p[1])) {
            if ((sep && *p != sep) || (groups > 0 && digits != 3) || (groups == 0 && digits > 3))
                return bd_errf(e, BD_ERR_INVALID, "\"%s\": thousands separators must split the digits into groups of three", s);
            sep = *p;
            groups++;
            digits = 0;
        } else {
            break;
        }
    }
    if (groups > 0 && digits != 3)
        return bd_errf(e, BD_ERR_INVALID, "\"%s\": thousands separators must split the digits into groups of three", s);

    int64_t cents = 0;
    if (*p == '.') {
        p++;
        int places = 0;
        while (isdigit((unsigned char)*p)) {
            if (++places > 2)
                return bd_errf(e, BD_ERR_INVALID, "\"%s\" has more than two decimals", s);
            cents = cents * 10 + (*p - '0');
            p++;
        }
        if (places == 0)
            return bd_errf(e, BD_ERR_INVALID, "\"%s\": expected digits after the decimal point", s);
        if (places == 1)
            cents *= 10;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p)
        return bd_errf(e, BD_ERR_INVALID, "\"%s\" is not an amount: unexpected \"%c\"", s, *p);
    if (overflow || units * 100 > BD_MONEY_MAX - cents)
        return bd_errf(e, BD_ERR_INVALID, "\"%s\" is too large", s);
    int64_t v = units * 100 + cents;
    *out = neg ? -v : v;
    return BD_OK;
}

char *bd_money_format(int64_t v, bool grouped, char *buf, size_t n)
{
    /* Work on the magnitude as unsigned so INT64_MIN cannot overflow. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char tmp[48];
    int i = (int)sizeof tmp;
    tmp[--i] = '\0';
    tmp[--i] = (char)('0' + mag % 10), mag /= 10;
    tmp[--i] = (char)('0' + mag % 10), mag /= 10;
    tmp[--i] = '.';
    int count = 0;
    do {
        if (grouped && count > 0 && count % 3 == 0)
            tmp[--i] = ',';
        tmp[--i] = (char)('0' + mag % 10);
        mag /= 10;
        count++;
    } while (mag);
    if (v < 0)
        tmp[--i] = '-';
    bd_strlcpy(buf, tmp + i, n);
    return buf;
}
