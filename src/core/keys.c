/* Normalised keys that decide whether two leads are the same customer. */
#include <ctype.h>
#include <string.h>

#include "core.h"
#include "core_internal.h"

static void put(char *out, size_t n, size_t *at, const char *s, size_t len)
{
    if (*at + len < n) {
        memcpy(out + *at, s, len);
        *at += len;
    }
}

bool bd_email_valid(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            return false;
    return true;
}

void bd_key_email(const char *in, char *out, size_t n)
{
    size_t at = 0;
    while (*in == ' ' || *in == '\t')
        in++;
    size_t len = strlen(in);
    while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t'))
        len--;
    char tmp[256];
    if (len >= sizeof tmp) {
        out[0] = '\0';
        return;
    }
    memcpy(tmp, in, len);
    tmp[len] = '\0';
    if (!bd_email_valid(tmp)) {
        out[0] = '\0';
        return;
    }
    for (size_t i = 0; i < len; i++) {
        char c = (char)tolower((unsigned char)tmp[i]);
        put(out, n, &at, &c, 1);
    }
    out[at] = '\0';
}

void bd_key_phone(const char *in, char *out, size_t n)
{
    char digits[64];
    size_t k = 0;
    for (const char *p = in; *p && k + 1 < sizeof digits; p++)
        if (*p >= '0' && *p <= '9')
            digits[k++] = *p;
    digits[k] = '\0';
    const char *d = digits;
    bool plus = strchr(in, '+') != NULL;
    /* China's country code, written +86 or 0086, before a full number. */
    if (plus && k > 11 && digits[0] == '8' && digits[1] == '6')
        d += 2;
    else if (k > 13 && memcmp(digits, "0086", 4) == 0)
        d += 4;
    if (strlen(d) < 5)
        d = "";
    bd_strlcpy(out, d, n);
}

/* Company suffixes that do not tell two companies apart, compared after
 * the rest of the normalisation (so without spaces or punctuation). */
static const char *const company_suffixes[] = {
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "公司",
    "coltd", "ltd", "limited", "inc", "llc", "corp", "co", "gmbh",
};

void bd_key_company(const char *in, char *out, size_t n)
{
    size_t at = 0, len = strlen(in);
    const unsigned char *s = (const unsigned char *)in;
    for (size_t i = 0; i < len;) {
        unsigned long cp;
        size_t l = core_utf8_decode(s + i, len - i, &cp);
        if (l == 0) {
            i++;
            continue;
        }
        /* Full-width ASCII forms (Ａ, １, （) fold to ASCII. */
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        if (cp < 0x80) {
            char c = (char)tolower((int)cp);
            if (isalnum((unsigned char)c))
                put(out, n, &at, &c, 1);
        } else if (!(cp >= 0x3000 && cp <= 0x303F)) { /* CJK spaces and punctuation go */
            put(out, n, &at, in + i, l);
        }
        i += l;
    }
    out[at] = '\0';
    /* Drop trailing suffixes, repeatedly ("Acme Co., Ltd." -> "acme"). */
    bool dropped = true;
    while (dropped) {
        dropped = false;
        for (size_t k = 0; k < sizeof company_suffixes / sizeof company_suffixes[0]; k++) {
            size_t sl = strlen(company_suffixes[k]);
            if (at > sl && memcmp(out + at - sl, company_suffixes[k], sl) == 0) {
                at -= sl;
                out[at] = '\0';
                dropped = true;
            }
        }
    }
}
