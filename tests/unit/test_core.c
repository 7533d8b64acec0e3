/* Unit tests of core: text widths, money, dates, JSON, SHA-256, the audit
 * hash and field validation. */
#include <locale.h>

#include "unit.h"

#include "core.h"

static int setup_locale(void **state)
{
    (void)state;
    /* Widths come from wcwidth() under a UTF-8 LC_CTYPE. */
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        return -1;
    return 0;
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(bd_utf8_valid("abc", 3));
    assert_true(bd_utf8_valid("張偉", strlen("張偉")));
    assert_true(bd_utf8_valid("\xF0\x9F\x98\x80", 4));   /* U+1F600 */
    assert_false(bd_utf8_valid("\xC0\xAF", 2));          /* overlong '/' */
    assert_false(bd_utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
    assert_false(bd_utf8_valid("\xE5\xBC", 2));          /* truncated */
    assert_false(bd_utf8_valid("\xF4\x90\x80\x80", 4));  /* > U+10FFFF */
    assert_false(bd_utf8_valid("a\xFF", 2));
}

static void test_text_width(void **state)
{
    (void)state;
    assert_int_equal(bd_text_width(""), 0);
    assert_int_equal(bd_text_width("admin"), 5);
    assert_int_equal(bd_text_width("張偉"), 4);
    assert_int_equal(bd_text_width("孫麗 Sun Li"), 11);
    assert_int_equal(bd_text_width("a\tb"), 3);     /* control: one cell */
    assert_int_equal(bd_text_width("a\xFF" "b"), 3); /* invalid byte: one cell */
    assert_int_equal(bd_text_width("e\xCC\x81"), 1); /* combining accent: zero */
}

static void test_text_fit(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(bd_text_fit(buf, sizeof buf, "abc", 5, false), "abc  ");
    assert_string_equal(bd_text_fit(buf, sizeof buf, "abc", 5, true), "  abc");
    assert_string_equal(bd_text_fit(buf, sizeof buf, "abcdef", 4, false), "abcd");
    /* A wide character that would straddle the edge becomes a space. */
    assert_string_equal(bd_text_fit(buf, sizeof buf, "張偉明", 5, false), "張偉 ");
    assert_int_equal(bd_text_width(buf), 5);
    assert_string_equal(bd_text_fit(buf, sizeof buf, "陳小明", 6, false), "陳小明");
    assert_string_equal(bd_text_fit(buf, sizeof buf, "a\nb", 3, false), "a?b");
    assert_string_equal(bd_text_fit(buf, sizeof buf, "x", 0, false), "");
    /* A small buffer is never overrun and stays NUL-terminated. */
    char small[4];
    bd_text_fit(small, sizeof small, "張偉", 10, false);
    assert_true(strlen(small) < sizeof small);
}

static void test_money_parse(void **state)
{
    (void)state;
    int64_t v = 0;
    bd_err e = {0};
    assert_int_equal(bd_money_parse("1234", &v, &e), BD_OK);
    assert_int_equal(v, 123400);
    assert_int_equal(bd_money_parse("1,234.5", &v, &e), BD_OK);
    assert_int_equal(v, 123450);
    assert_int_equal(bd_money_parse("-1 234.56", &v, &e), BD_OK);
    assert_int_equal(v, -123456);
    assert_int_equal(bd_money_parse(" 0.07 ", &v, &e), BD_OK);
    assert_int_equal(v, 7);
    assert_int_equal(bd_money_parse("99999999999999.99", &v, &e), BD_OK);
    assert_int_equal(v, INT64_C(9999999999999999));

    assert_int_equal(bd_money_parse("1.234", &v, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "more than two decimals"));
    assert_int_equal(bd_money_parse("12,34", &v, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "groups of three"));
    assert_int_equal(bd_money_parse("1,2345", &v, &e), BD_ERR_INVALID);
    assert_int_equal(bd_money_parse("1,234 567", &v, &e), BD_ERR_INVALID);
    assert_int_equal(bd_money_parse("abc", &v, &e), BD_ERR_INVALID);
    assert_int_equal(bd_money_parse("", &v, &e), BD_ERR_INVALID);
    assert_int_equal(bd_money_parse("¥12", &v, &e), BD_ERR_INVALID);
    assert_int_equal(bd_money_parse("12.", &v, &e), BD_ERR_INVALID);
    assert_int_equal(bd_money_parse("10000000000000000", &v, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "too large"));
    assert_int_equal(bd_money_parse("99999999999999999999999", &v, &e), BD_ERR_INVALID);
}

static void test_money_format(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(bd_money_format(0, true, buf, sizeof buf), "0.00");
    assert_string_equal(bd_money_format(7, true, buf, sizeof buf), "0.07");
    assert_string_equal(bd_money_format(123456, true, buf, sizeof buf), "1,234.56");
    assert_string_equal(bd_money_format(123456, false, buf, sizeof buf), "1234.56");
    assert_string_equal(bd_money_format(-100000000, true, buf, sizeof buf), "-1,000,000.00");
    assert_string_equal(bd_money_format(INT64_MIN, false, buf, sizeof buf),
                        "-92233720368547758.08");
    /* Round trip. */
    int64_t back = 0;
    bd_money_format(-98765432101, true, buf, sizeof buf);
    assert_int_equal(bd_money_parse(buf, &back, NULL), BD_OK);
    assert_int_equal(back, -98765432101);
}

static void test_dates(void **state)
{
    (void)state;
    bd_date d;
    bd_err e = {0};
    char buf[32];
    assert_int_equal(bd_date_parse("1970-01-01", &d, &e), BD_OK);
    assert_int_equal(bd_date_days(d), 0);
    assert_int_equal(bd_date_parse("2024-02-29", &d, &e), BD_OK);
    assert_int_equal(bd_date_days(d), 19782);
    assert_int_equal(bd_date_parse("2026-11-25", &d, &e), BD_OK);
    assert_string_equal(bd_date_format(bd_date_from_days(bd_date_days(d) + 36), buf, sizeof buf),
                        "2026-12-31");
    assert_string_equal(bd_date_format(bd_date_from_days(bd_date_days(d) + 37), buf, sizeof buf),
                        "2027-01-01");
    assert_string_equal(bd_date_format(bd_date_from_days(-1), buf, sizeof buf), "1969-12-31");

    assert_int_equal(bd_date_parse("2023-02-29", &d, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "has no day 29"));
    assert_int_equal(bd_date_parse("1900-02-29", &d, &e), BD_ERR_INVALID);
    assert_int_equal(bd_date_parse("2000-02-29", &d, &e), BD_OK);
    assert_int_equal(bd_date_parse("2026-13-01", &d, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "month 13"));
    assert_int_equal(bd_date_parse("2026-1-01", &d, &e), BD_ERR_INVALID);
    assert_int_equal(bd_date_parse("2026/01/01", &d, &e), BD_ERR_INVALID);
    assert_int_equal(bd_date_parse("1899-12-31", &d, &e), BD_ERR_INVALID);
    assert_int_equal(bd_date_parse("2026-01-01x", &d, &e), BD_ERR_INVALID);
    assert_int_equal(bd_date_parse("", &d, &e), BD_ERR_INVALID);

    /* Every day of 1900..2100 survives the round trip. */
    bd_date start = {1900, 1, 1};
    for (int64_t n = bd_date_days(start), i = 0; i < 73414; i++, n++) {
        bd_date x = bd_date_from_days(n);
        char s[16];
        bd_date y;
        assert_int_equal(bd_date_parse(bd_date_format(x, s, sizeof s), &y, NULL), BD_OK);
        assert_int_equal(bd_date_days(y), n);
    }

    assert_string_equal(bd_timestamp_format(0, buf, sizeof buf), "1970-01-01T00:00:00Z");
    assert_string_equal(bd_timestamp_format(1795600200, buf, sizeof buf), "2026-11-25T09:50:00Z");
    assert_string_equal(bd_timestamp_format(-1, buf, sizeof buf), "1969-12-31T23:59:59Z");
}

static void test_json(void **state)
{
    (void)state;
    bd_json j;
    bd_json_begin(&j);
    bd_json_str(&j, "login", "chen.xm");
    bd_json_str(&j, "name", "陳小明 \"X\"\\\n\x01");
    bd_json_str(&j, "manager", NULL);
    bd_json_int(&j, "id", -42);
    bd_json_bool(&j, "active", true);
    assert_string_equal(bd_json_end(&j),
                        "{\"login\":\"chen.xm\",\"name\":\"陳小明 \\\"X\\\"\\\\\\n\\u0001\","
                        "\"manager\":null,\"id\":-42,\"active\":true}");
    bd_buf_free(&j.buf);
    bd_json_begin(&j);
    assert_string_equal(bd_json_end(&j), "{}");
    bd_buf_free(&j.buf);
}

static void test_sha256(void **state)
{
    (void)state;
    char hex[65];
    /* NIST FIPS 180-4 examples. */
    bd_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    bd_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    bd_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* One million 'a', fed in uneven pieces. */
    bd_sha256 c;
    unsigned char out[32];
    char chunk[997];
    memset(chunk, 'a', sizeof chunk);
    bd_sha256_init(&c);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof chunk ? left : sizeof chunk;
        bd_sha256_update(&c, chunk, n);
        left -= n;
    }
    bd_sha256_final(&c, out);
    assert_int_equal(out[0], 0xcd);
    assert_int_equal(out[1], 0xc7);
    assert_int_equal(out[31], 0xd0);
}

static void test_audit_hash(void **state)
{
    (void)state;
    bd_audit_row r = {
        .id = 1, .at = "2026-11-25T09:00:00Z", .actor = "admin", .on_behalf = NULL,
        .entity = "user", .entity_id = 7, .action = "create",
        .before = NULL, .after = "{\"login\":\"chen.xm\"}", .prev_hash = "",
    };
    char a[65], b[65];
    bd_audit_hash(&r, a);
    bd_audit_hash(&r, b);
    assert_string_equal(a, b);
    assert_int_equal(strlen(a), 64);
    /* Every field counts. */
    r.entity_id = 8;
    bd_audit_hash(&r, b);
    assert_string_not_equal(a, b);
    r.entity_id = 7;
    r.before = "";
    bd_audit_hash(&r, b);
    assert_string_not_equal(a, b); /* NULL and "" differ */
    r.before = NULL;
    r.prev_hash = "00";
    bd_audit_hash(&r, b);
    assert_string_not_equal(a, b);
    /* Moving text from one field to the next changes the hash. */
    bd_audit_row s = r, t = r;
    s.actor = "ad", s.on_behalf = "min";
    t.actor = "adm", t.on_behalf = "in";
    bd_audit_hash(&s, a);
    bd_audit_hash(&t, b);
    assert_string_not_equal(a, b);
}

static void test_validate(void **state)
{
    (void)state;
    assert_true(bd_login_valid("chen.xm"));
    assert_true(bd_login_valid("_svc-1"));
    assert_false(bd_login_valid(""));
    assert_false(bd_login_valid("Chen"));
    assert_false(bd_login_valid("1abc"));
    assert_false(bd_login_valid("a b"));
    assert_false(bd_login_valid("abcdefghijabcdefghijabcdefghijabc")); /* 33 */
    assert_true(bd_code_valid("sales_manager"));
    assert_false(bd_code_valid("sales-manager"));
    assert_false(bd_code_valid("_x"));

    bd_err e = {0};
    assert_true(bd_name_valid("陳小明", &e));
    assert_true(bd_name_valid("Alex Admin", &e));
    assert_false(bd_name_valid("", &e));
    assert_false(bd_name_valid("a\tb", &e));
    assert_non_null(strstr(e.msg, "control"));
    assert_false(bd_name_valid("\xFF", &e));
    assert_non_null(strstr(e.msg, "UTF-8"));
    assert_false(bd_name_valid(" lead", &e));
    char wide[200] = "";
    for (int i = 0; i < 33; i++)
        strcat(wide, "張"); /* 66 cells */
    assert_false(bd_name_valid(wide, &e));
    assert_non_null(strstr(e.msg, "66 cells"));
}

static void test_strlcpy_and_errors(void **state)
{
    (void)state;
    char buf[6];
    assert_true(bd_strlcpy(buf, "abc", sizeof buf));
    assert_false(bd_strlcpy(buf, "張偉", sizeof buf)); /* 6 bytes + NUL */
    assert_string_equal(buf, "張");
    bd_err e = {0};
    assert_int_equal(bd_errf(&e, BD_ERR_NOTFOUND, "user %s", "x"), BD_ERR_NOTFOUND);
    bd_err_prefix(&e, "%s", "demo.db");
    assert_string_equal(e.msg, "demo.db: user x");
    assert_string_equal(bd_status_text(BD_ERR_DENIED), "permission denied");
    assert_int_equal(bd_errf(NULL, BD_ERR_IO, "ignored"), BD_ERR_IO);
}

static void test_search_text(void **state)
{
    (void)state;
    bd_buf b = {0};
    bd_search_text(&b, "陳大文 Acme-Soft");
    assert_string_equal(bd_buf_str(&b), " 陳大 大文 文  acme-soft"); /* runs kept apart */
    bd_buf_reset(&b);
    bd_search_text(&b, "張");
    assert_string_equal(bd_buf_str(&b), " 張");
    bd_buf_reset(&b);
    assert_true(bd_search_query(&b, "大文"));
    assert_string_equal(bd_buf_str(&b), "\"大文\"");
    bd_buf_reset(&b);
    assert_true(bd_search_query(&b, "陳大文"));
    assert_string_equal(bd_buf_str(&b), "\"陳大 大文\"");
    bd_buf_reset(&b);
    assert_true(bd_search_query(&b, "陳 ACME"));
    assert_string_equal(bd_buf_str(&b), "\"陳\"* \"acme\"*");
    bd_buf_reset(&b);
    /* Quotes and FTS5 operators in a query are only text. */
    assert_true(bd_search_query(&b, "a\"b OR"));
    assert_string_equal(bd_buf_str(&b), "\"a\"* \"b\"* \"or\"*");
    bd_buf_reset(&b);
    assert_false(bd_search_query(&b, " -- \"\" "));
    assert_int_equal(b.len, 0);
    bd_buf_free(&b);
}

static void test_keys(void **state)
{
    (void)state;
    char k[256];
    bd_key_email("  Wang.Fang@Example.COM ", k, sizeof k);
    assert_string_equal(k, "wang.fang@example.com");
    bd_key_email("not-an-address", k, sizeof k);
    assert_string_equal(k, "");
    bd_key_phone("+86 138-0013-8000", k, sizeof k);
    assert_string_equal(k, "13800138000");
    bd_key_phone("0086 138 0013 8000", k, sizeof k);
    assert_string_equal(k, "13800138000");
    bd_key_phone("(852) 2345 6789", k, sizeof k);
    assert_string_equal(k, "85223456789");
    bd_key_phone("12-3", k, sizeof k);
    assert_string_equal(k, "");
    bd_key_company("華南科技有限公司", k, sizeof k);
    assert_string_equal(k, "華南科技");
    char k2[256];
    bd_key_company("華南科技股份有限公司", k2, sizeof k2);
    assert_string_equal(k, k2);
    bd_key_company("Acme Co., Ltd.", k, sizeof k);
    assert_string_equal(k, "acme");
    bd_key_company("ＡＣＭＥ", k2, sizeof k2);
    assert_string_equal(k, k2);
    assert_true(bd_email_valid("a@b.cn"));
    assert_false(bd_email_valid("a@b"));
    assert_false(bd_email_valid("a b@c.cn"));
    assert_false(bd_email_valid("@c.cn"));
    assert_false(bd_email_valid("a@@c.cn"));
}

/* The filter never forgets a string, keeps kinds apart, and says "maybe"
 * wrongly about as rarely as its size promises. */
static void test_bloom(void **state)
{
    (void)state;
    bd_bloom b;
    bd_bloom_init(&b, 20000, 1u << 20);
    char key[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "u%d@x.cn", i);
        bd_bloom_add(&b, 'e', key);
    }
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "u%d@x.cn", i);
        assert_true(bd_bloom_maybe(&b, 'e', key));
    }
    int wrong = 0, kind = 0;
    for (int i = 20000; i < 40000; i++) {
        snprintf(key, sizeof key, "u%d@x.cn", i);
        wrong += bd_bloom_maybe(&b, 'e', key);
    }
    for (int i = 0; i < 20000; i++) {
        snprintf(key, sizeof key, "u%d@x.cn", i);
        kind += bd_bloom_maybe(&b, 'p', key);
    }
    /* 10 bits a string and 7 probes: about 1%; 2% allows for chance. */
    assert_in_range(wrong, 0, 400);
    assert_in_range(kind, 0, 400);
    bd_bloom_free(&b);
    assert_null(b.words);

    /* Held to its size: more strings only make "maybe" more common. */
    bd_bloom_init(&b, 1000000, 8192);
    assert_int_equal(b.mask + 1, 8192 * 8);
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "%d", i);
        bd_bloom_add(&b, 'c', key);
    }
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "%d", i);
        assert_true(bd_bloom_maybe(&b, 'c', key));
    }
    bd_bloom_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_text_width),
        cmocka_unit_test(test_text_fit),
        cmocka_unit_test(test_money_parse),
        cmocka_unit_test(test_money_format),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_audit_hash),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_strlcpy_and_errors),
        cmocka_unit_test(test_search_text),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_bloom),
    };
    return cmocka_run_group_tests(tests, setup_locale, NULL);
}
