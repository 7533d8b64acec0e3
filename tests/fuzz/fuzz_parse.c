/* fuzz_parse: the small parsers of core (and the form-field checks of app
 * built on them) on one string.
 *
 * The input is the text (cut at its first NUL byte, as a C string reaches
 * these functions); its last byte also picks the buffer sizes and widths
 * for the functions that cut their output.  Besides "no crash, no
 * sanitizer report", each contract that can be checked from outside is:
 * a parsed amount or date formats back to text that parses to the same
 * value, the normalised keys fit their buffer, a fitted text takes exactly
 * the columns asked for.  A broken contract aborts, which libFuzzer and
 * the replay report as a crash. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "core.h"
#include "fuzz.h"

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "fuzz_parse: %s:%d: broken: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                          \
            abort();                                                                 \
        }                                                                            \
    } while (0)

static void money(const char *s)
{
    int64_t v = 0;
    bd_err e = {0};
    if (bd_money_parse(s, &v, &e) != BD_OK) {
        CHECK(e.code == BD_ERR_INVALID && *e.msg);
        return;
    }
    CHECK(v >= -BD_MONEY_MAX && v <= BD_MONEY_MAX);
    for (int grouped = 0; grouped < 2; grouped++) {
        char buf[32];
        int64_t back = 0;
        bd_money_format(v, grouped, buf, sizeof buf);
        CHECK(bd_money_parse(buf, &back, NULL) == BD_OK && back == v);
    }
    int64_t checked = 0;
    bd_status st = app_parse_money("amount", s, &checked, &e);
    CHECK(st == (v < 0 ? BD_ERR_INVALID : BD_OK));
}

static void date(const char *s)
{
    bd_date d;
    bd_err e = {0};
    char out[11];
    if (bd_date_parse(s, &d, &e) != BD_OK) {
        CHECK(e.code == BD_ERR_INVALID && *e.msg);
        CHECK(app_parse_date("date", s, out, NULL) == BD_ERR_INVALID);
        return;
    }
    /* Only YYYY-MM-DD parses, so the text is the date's one spelling. */
    char buf[11];
    CHECK(strcmp(bd_date_format(d, buf, sizeof buf), s) == 0);
    bd_date back = bd_date_from_days(bd_date_days(d));
    CHECK(back.y == d.y && back.m == d.m && back.d == d.d);
    CHECK(app_parse_date("date", s, out, NULL) == BD_OK && strcmp(out, s) == 0);
    char ts[21];
    bd_timestamp_format(bd_date_days(d) * 86400 + 86399, ts, sizeof ts);
    CHECK(strncmp(ts, s, 10) == 0 && strcmp(ts + 10, "T23:59:59Z") == 0);
}

/* Each key into a buffer of exactly n bytes, so that a byte past it is an
 * ASan report. */
static void keys(const char *s, size_t n)
{
    void (*const fns[])(const char *, char *, size_t) = {bd_key_email, bd_key_phone,
                                                         bd_key_company};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        char *out = malloc(n);
        CHECK(out != NULL);
        fns[i](s, out, n);
        CHECK(strlen(out) < n);
        free(out);
    }
    char email[256];
    bd_key_email(s, email, sizeof email);
    if (*email)
        CHECK(bd_email_valid(email));
    bd_email_valid(s);
}

static void search(const char *s)
{
    bd_buf b = {0};
    bd_search_text(&b, s);
    if (bd_utf8_valid(s, strlen(s)))
        CHECK(bd_utf8_valid(bd_buf_str(&b), b.len));
    bd_buf_reset(&b);
    if (!bd_search_query(&b, s))
        CHECK(b.len == 0);
    bd_buf_free(&b);
}

static void text(const char *s, const uint8_t *data, size_t size, unsigned k)
{
    /* The raw bytes, NULs and all, in a buffer of their own size. */
    char *raw = malloc(size ? size : 1);
    CHECK(raw != NULL);
    if (size)
        memcpy(raw, data, size);
    bd_utf8_valid(raw, size);
    free(raw);

    int width = bd_text_width(s);
    CHECK(width >= 0);
    int cols = (int)(k % 40);
    for (int right = 0; right < 2; right++) {
        /* Room for every byte and every pad: exactly cols columns. */
        size_t roomy = strlen(s) + (size_t)cols + 1;
        char *dst = malloc(roomy);
        CHECK(dst != NULL);
        bd_text_fit(dst, roomy, s, cols, right);
        CHECK(bd_text_width(dst) == cols);
        free(dst);
        /* A tight buffer: cut, but never past its end. */
        size_t tight = k % 7 + 1;
        dst = malloc(tight);
        CHECK(dst != NULL);
        bd_text_fit(dst, tight, s, cols, right);
        CHECK(strlen(dst) < tight);
        free(dst);
    }

    size_t n = k % 13 + 1;
    char *cut = malloc(n);
    CHECK(cut != NULL);
    bool whole = bd_strlcpy(cut, s, n);
    CHECK(strlen(cut) < n && whole == (strlen(s) < n));
    if (bd_utf8_valid(s, strlen(s)))
        CHECK(bd_utf8_valid(cut, strlen(cut)));
    free(cut);
}

static void fields(const char *s)
{
    bd_err e = {0};
    if (bd_login_valid(s))
        CHECK(*s && strlen(s) <= 32);
    if (bd_code_valid(s))
        CHECK(*s && strlen(s) <= 32);
    if (bd_name_valid(s, &e))
        CHECK(bd_utf8_valid(s, strlen(s)) && bd_text_width(s) <= 64);
    app_name_matches(s, "差旅 Travel");
    app_name_matches("差旅 Travel", s);

    bd_json j;
    bd_json_begin(&j);
    bd_json_str(&j, s, s);
    const char *json = bd_json_end(&j);
    CHECK(json[0] == '{' && json[strlen(json) - 1] == '}');
    bd_buf_free(&j.buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        /* Widths come from wcwidth() under a UTF-8 locale, as in bizdesk. */
        setlocale(LC_ALL, "C.UTF-8");
        ready = true;
    }
    char *s = fuzz_cstr(data, size);
    unsigned k = size ? data[size - 1] : 0;
    money(s);
    date(s);
    keys(s, k % 24 + 1);
    search(s);
    text(s, data, size, k);
    fields(s);
    free(s);
    return 0;
}
