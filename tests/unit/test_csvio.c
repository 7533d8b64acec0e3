/* Unit tests of the CSV reader and writer (include/csvio.h): every fixture
 * in tests/data/csv (made by its gen.sh), detection, error places, chunk
 * edges, bounded memory on a 20 MB file, writer quoting, the formula guard
 * and round trips through the reader.  Run from the repository root. */
#include <sys/resource.h>

#include "unit.h"

#include "csvio.h"
#include "io.h"

#define FIX "tests/data/csv/"

/* ---- Helpers -------------------------------------------------------------- */

static csv_reader *open_ok(const char *path, const csv_read_opts *o)
{
    csv_reader *r = NULL;
    bd_err e = {0};
    bd_status s = csv_reader_open(path, o, &r, &e);
    if (s != BD_OK)
        fail_msg("%s: %s", path, e.msg);
    assert_non_null(r);
    return r;
}

/* The next record must be number `number`, start on `line` and hold exactly
 * the NULL-terminated list `want`. */
static const csv_record *expect_rec(csv_reader *r, uint64_t number, uint64_t line,
                                    const char *const *want)
{
    const csv_record *rec = NULL;
    bd_err e = {0};
    bd_status s = csv_reader_next(r, &rec, &e);
    if (s != BD_OK)
        fail_msg("record %llu: %s", (unsigned long long)number, e.msg);
    assert_non_null(rec);
    assert_int_equal(rec->number, number);
    assert_int_equal(rec->line, line);
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(rec->nfields, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(rec->fields[i], want[i]);
    return rec;
}

#define REC(r, number, line, ...) expect_rec(r, number, line, (const char *const[]){__VA_ARGS__, NULL})

static void expect_end(csv_reader *r)
{
    static const csv_record sentinel;
    const csv_record *rec = &sentinel; /* must come back NULL */
    bd_err e = {0};
    assert_int_equal(csv_reader_next(r, &rec, &e), BD_OK);
    assert_null(rec);
    /* And it stays at the end. */
    assert_int_equal(csv_reader_next(r, &rec, &e), BD_OK);
    assert_null(rec);
}

/* The next call must fail with code and a message containing `part`. */
static void expect_error(csv_reader *r, bd_status code, const char *part)
{
    const csv_record *rec = NULL;
    bd_err e = {0};
    bd_status s = csv_reader_next(r, &rec, &e);
    if (s == BD_OK)
        fail_msg("expected an error containing '%s', got %s", part,
                 rec ? "a record" : "the end");
    assert_int_equal(s, code);
    assert_null(rec);
    if (!strstr(e.msg, part))
        fail_msg("message '%s' lacks '%s'", e.msg, part);
    /* The error is sticky. */
    bd_err again = {0};
    assert_int_equal(csv_reader_next(r, &rec, &again), code);
    assert_string_equal(again.msg, e.msg);
}

static void expect_open_error(const char *path, const csv_read_opts *o, bd_status code,
                              const char *part)
{
    csv_reader *r = NULL;
    bd_err e = {0};
    assert_int_equal(csv_reader_open(path, o, &r, &e), code);
    assert_null(r);
    if (!strstr(e.msg, part))
        fail_msg("message '%s' lacks '%s'", e.msg, part);
}

/* Write n bytes (which may hold NULs) to dir/name; returns the path. */
static char *write_bytes(const char *dir, const char *name, const char *bytes, size_t n)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    assert_non_null(path);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* ---- Fixtures ------------------------------------------------------------- */

static void test_utf8_plain(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "utf8.csv", NULL);
    assert_string_equal(csv_reader_encoding(r), "UTF-8");
    assert_int_equal(csv_reader_delimiter(r), ',');
    REC(r, 1, 1, "姓名", "公司", "電話", "備註");
    REC(r, 2, 2, "張偉", "北京科技有限公司, 海淀分部", "+86 138 0013 8000", "VIP");
    REC(r, 3, 3, "陳大文", "香港貿易公司", "852-2345-6789", "第一行\n第二行");
    REC(r, 4, 5, "Li, Ming", "Acme Ltd", "", "He said \"hi\"");
    /* Spaces around unquoted fields are kept; a trailing comma is a field. */
    REC(r, 5, 6, "王芳", " 上海 ", "021-5555", "");
    expect_end(r);
    assert_int_equal(csv_reader_size(r), 227);
    assert_int_equal(csv_reader_consumed(r), 227);
    csv_reader_close(&r);
    assert_null(r);
    csv_reader_close(&r); /* NULL-safe */
}

static void test_utf8_bom_crlf(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "utf8-bom-crlf.csv", NULL);
    assert_string_equal(csv_reader_encoding(r), "UTF-8 (BOM)");
    assert_int_equal(csv_reader_delimiter(r), ',');
    REC(r, 1, 1, "name", "city"); /* no mark in the first field */
    REC(r, 2, 2, "張偉", "台北");
    REC(r, 3, 3, "陳大文", "香港\r\n九龍");
    REC(r, 4, 5, "李明", "深圳");
    expect_end(r);
    assert_int_equal(csv_reader_consumed(r), csv_reader_size(r));
    csv_reader_close(&r);
}

static void test_utf16le(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "utf16le.csv", NULL);
    assert_string_equal(csv_reader_encoding(r), "UTF-16LE");
    assert_int_equal(csv_reader_delimiter(r), ',');
    REC(r, 1, 1, "聯繫人", "電話");
    REC(r, 2, 2, "張偉", "0912-345-678");
    REC(r, 3, 3, "陳大文", "02-2345-6789");
    expect_end(r);
    assert_int_equal(csv_reader_consumed(r), 92);
    csv_reader_close(&r);
}

static void test_gb18030(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "gb18030.csv", NULL);
    assert_string_equal(csv_reader_encoding(r), "GB18030");
    REC(r, 1, 1, "联系人", "公司名称", "电话");
    REC(r, 2, 2, "张伟", "北京科技有限公司", "010-12345678");
    REC(r, 3, 3, "王芳", "上海贸易有限公司", "021-87654321");
    expect_end(r);
    csv_reader_close(&r);
}

static void test_big5(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "big5.csv", NULL);
    assert_string_equal(csv_reader_encoding(r), "BIG5");
    REC(r, 1, 1, "聯繫人", "公司名稱", "電話");
    REC(r, 2, 2, "陳大文", "台北科技有限公司", "02-2345-6789");
    REC(r, 3, 3, "林美玲", "高雄貿易股份有限公司", "07-1234567");
    expect_end(r);
    csv_reader_close(&r);
}

static void test_semicolon(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "semicolon.csv", NULL);
    assert_int_equal(csv_reader_delimiter(r), ';');
    REC(r, 1, 1, "name", "amount", "note");
    REC(r, 2, 2, "張偉", "1,234.50", "a;b");
    REC(r, 3, 3, "陳大文", "-12,00", "x");
    expect_end(r);
    csv_reader_close(&r);
}

static void test_tab(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "tab.csv", NULL);
    assert_int_equal(csv_reader_delimiter(r), '\t');
    REC(r, 1, 1, "姓名", "金額", "備註");
    REC(r, 2, 2, "張偉", "1,234.50", "含,逗號");
    REC(r, 3, 3, "陳大文", "99", "tab\there");
    expect_end(r);
    csv_reader_close(&r);
}

static void test_ragged(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "ragged.csv", NULL);
    REC(r, 1, 1, "a", "b", "c");
    const csv_record *rec = REC(r, 2, 2, "1", "2");
    assert_string_equal(csv_record_field(rec, 1), "2");
    assert_string_equal(csv_record_field(rec, 2), ""); /* missing: "" */
    REC(r, 3, 3, "1", "2", "3", "4");
    REC(r, 4, 5, "5"); /* line 4 is blank: skipped, still counted */
    expect_end(r);
    csv_reader_close(&r);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "unterminated.csv", NULL);
    REC(r, 1, 1, "name", "note");
    REC(r, 2, 2, "張偉", "ok");
    /* Named by the line where the quoted field opened. */
    expect_error(r, BD_ERR_INVALID,
                 FIX "unterminated.csv:3: record 3, field 2: quoted field never closed");
    csv_reader_close(&r);
}

static void test_invalid_utf8_line3(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "invalid-utf8.csv", NULL);
    assert_string_equal(csv_reader_encoding(r), "UTF-8");
    REC(r, 1, 1, "姓名", "城市");
    REC(r, 2, 2, "張偉", "台北");
    expect_error(r, BD_ERR_INVALID,
                 FIX "invalid-utf8.csv:3:6: record 3, field 2: not valid UTF-8 (byte 0xFF)");
    csv_reader_close(&r);
}

static void test_empty_file(void **state)
{
    (void)state;
    expect_open_error(FIX "empty.csv", NULL, BD_ERR_INVALID, FIX "empty.csv: empty file");
}

static void test_binary_file(void **state)
{
    (void)state;
    expect_open_error(FIX "binary.csv", NULL, BD_ERR_INVALID,
                      FIX "binary.csv: a binary file (NUL byte at offset 5)");
}

static void test_field_above_cap(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "big-field.csv", NULL);
    REC(r, 1, 1, "id", "notes");
    REC(r, 2, 2, "1", "short");
    expect_error(r, BD_ERR_INVALID,
                 FIX "big-field.csv:3: record 3, field 2: field longer than 65536 bytes");
    csv_reader_close(&r);

    /* A larger cap lets it through. */
    csv_read_opts o = {.max_field_bytes = 100000};
    r = open_ok(FIX "big-field.csv", &o);
    REC(r, 1, 1, "id", "notes");
    REC(r, 2, 2, "1", "short");
    const csv_record *rec = NULL;
    assert_int_equal(csv_reader_next(r, &rec, NULL), BD_OK);
    assert_non_null(rec);
    assert_int_equal(strlen(rec->fields[1]), 70000);
    REC(r, 4, 4, "3", "after");
    expect_end(r);
    csv_reader_close(&r);
}

static void test_cr_only(void **state)
{
    (void)state;
    csv_reader *r = open_ok(FIX "cr-only.csv", NULL);
    assert_int_equal(csv_reader_delimiter(r), ',');
    REC(r, 1, 1, "name", "city");
    REC(r, 2, 2, "張偉", "台北");
    REC(r, 3, 3, "陳大文", "香港\r九龍");
    REC(r, 4, 5, "李明", "高雄");
    expect_end(r);
    csv_reader_close(&r);
}

/* ---- Options, detection and errors ---------------------------------------- */

static void test_forced_options(void **state)
{
    (void)state;
    csv_read_opts o = {.encoding = "GBK"};
    csv_reader *r = open_ok(FIX "gb18030.csv", &o);
    assert_string_equal(csv_reader_encoding(r), "GBK");
    REC(r, 1, 1, "联系人", "公司名称", "电话");
    csv_reader_close(&r);

    /* Forced UTF-8 on a file with a mark: the mark is still not data. */
    o = (csv_read_opts){.encoding = "utf-8"};
    r = open_ok(FIX "utf8-bom-crlf.csv", &o);
    assert_string_equal(csv_reader_encoding(r), "UTF-8");
    REC(r, 1, 1, "name", "city");
    csv_reader_close(&r);

    /* A forced comma on a semicolon file: the quote in field 2 of line 2 is
     * then inside an unquoted field. */
    o = (csv_read_opts){.delimiter = ','};
    r = open_ok(FIX "semicolon.csv", &o);
    assert_int_equal(csv_reader_delimiter(r), ',');
    REC(r, 1, 1, "name;amount;note");
    expect_error(r, BD_ERR_INVALID,
                 FIX "semicolon.csv:2:13: record 2, field 2: quote inside an unquoted field");
    csv_reader_close(&r);

    o = (csv_read_opts){.encoding = "NO-SUCH-CHARSET"};
    expect_open_error(FIX "utf8.csv", &o, BD_ERR_INVALID, "unknown encoding 'NO-SUCH-CHARSET'");
    o = (csv_read_opts){.delimiter = '"'};
    expect_open_error(FIX "utf8.csv", &o, BD_ERR_USAGE, "unusable delimiter");
    expect_open_error(FIX "no-such-file.csv", NULL, BD_ERR_IO,
                      FIX "no-such-file.csv: cannot open");
    expect_open_error("tests/data/csv", NULL, BD_ERR_IO, "is a directory");
}

static void test_limits(void **state)
{
    (void)state;
    csv_read_opts o = {.max_fields = 3};
    csv_reader *r = open_ok(FIX "ragged.csv", &o);
    REC(r, 1, 1, "a", "b", "c");
    REC(r, 2, 2, "1", "2");
    expect_error(r, BD_ERR_INVALID, FIX "ragged.csv:3: record 3: more than 3 fields");
    csv_reader_close(&r);

    o = (csv_read_opts){.max_field_bytes = 8};
    r = open_ok(FIX "utf8.csv", &o);
    REC(r, 1, 1, "姓名", "公司", "電話", "備註");
    expect_error(r, BD_ERR_INVALID, FIX "utf8.csv:2: record 2, field 2: field longer than 8 bytes");
    csv_reader_close(&r);

    /* A quote left open over 1 MB with a 1000-byte cap: stopped early, with
     * the field's own line, long before the end of the file. */
    char *dir = unit_tmpdir();
    size_t n = 1 << 20;
    char *big = malloc(n + 32);
    assert_non_null(big);
    strcpy(big, "a,b\n1,\"");
    memset(big + 7, 'y', n);
    char *path = write_bytes(dir, "open.csv", big, n + 7);
    o = (csv_read_opts){.max_field_bytes = 1000};
    r = open_ok(path, &o);
    REC(r, 1, 1, "a", "b");
    expect_error(r, BD_ERR_INVALID, ":2: record 2, field 2: field longer than 1000 bytes");
    assert_true(csv_reader_consumed(r) < csv_reader_size(r) / 4);
    csv_reader_close(&r);
    free(big);
    free(path);
    unit_tmpdir_free(dir);
}

static void test_strict_errors(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char *p = unit_write(dir, "q1.csv", "a,b\n1,x\"y\n");
    csv_reader *r = open_ok(p, NULL);
    REC(r, 1, 1, "a", "b");
    expect_error(r, BD_ERR_INVALID, "q1.csv:2:4: record 2, field 2: quote inside an unquoted field");
    csv_reader_close(&r);
    free(p);

    p = unit_write(dir, "q2.csv", "a,b\n\"張偉\"x,y\n");
    r = open_ok(p, NULL);
    REC(r, 1, 1, "a", "b");
    expect_error(r, BD_ERR_INVALID,
                 "q2.csv:2:5: record 2, field 1: text after the closing quote");
    csv_reader_close(&r);
    free(p);

    /* A space before an opening quote (not trimmed, so not a quoted field). */
    p = unit_write(dir, "q3.csv", "a,b\n1, \"x\"\n");
    r = open_ok(p, NULL);
    REC(r, 1, 1, "a", "b");
    expect_error(r, BD_ERR_INVALID, "q3.csv:2:4: record 2, field 2: quote inside an unquoted "
                                    "field (a quoted field must start with its quote");
    csv_reader_close(&r);
    free(p);
    unit_tmpdir_free(dir);
}

static void test_blank_lines_and_last_line(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    /* Blank lines (LF, CRLF, CR) are skipped; the last line has no end. */
    char *p = unit_write(dir, "blank.csv", "\n\na,b\n\r\n\r\rc,d");
    csv_reader *r = open_ok(p, NULL);
    REC(r, 1, 3, "a", "b");
    REC(r, 2, 7, "c", "d");
    expect_end(r);
    csv_reader_close(&r);
    free(p);

    /* A mark alone is an empty file. */
    p = unit_write(dir, "bom.csv", "\xEF\xBB\xBF");
    expect_open_error(p, NULL, BD_ERR_INVALID, "empty file");
    free(p);

    /* A single field per line: no delimiter to find, ',' it is. */
    p = unit_write(dir, "one.csv", "name\n張偉\n");
    r = open_ok(p, NULL);
    assert_int_equal(csv_reader_delimiter(r), ',');
    REC(r, 1, 1, "name");
    REC(r, 2, 2, "張偉");
    expect_end(r);
    csv_reader_close(&r);
    free(p);
    unit_tmpdir_free(dir);
}

static void test_other_encodings(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    /* UTF-16BE with its mark: "a,張\n" */
    static const char be[] = "\xFE\xFF\x00" "a\x00,\x5F\x35\x00\n";
    char *p = write_bytes(dir, "be.csv", be, sizeof be - 1);
    csv_reader *r = open_ok(p, NULL);
    assert_string_equal(csv_reader_encoding(r), "UTF-16BE");
    REC(r, 1, 1, "a", "張");
    expect_end(r);
    csv_reader_close(&r);
    free(p);

    /* Latin-1 is neither UTF-8 nor Chinese: refused, naming the line ... */
    p = unit_write(dir, "latin1.csv", "name,city\nJos\xE9,M\xE1laga\n");
    expect_open_error(p, NULL, BD_ERR_INVALID,
                      "latin1.csv:2: not UTF-8 (byte 0xE9), and not GB18030 or Big5");
    /* ... and read when named. */
    csv_read_opts o = {.encoding = "ISO-8859-1"};
    r = open_ok(p, &o);
    REC(r, 1, 1, "name", "city");
    REC(r, 2, 2, "José", "Málaga");
    expect_end(r);
    csv_reader_close(&r);
    free(p);

    /* A file that ends inside a UTF-8 character. */
    p = unit_write(dir, "cut.csv", "姓名,城市\n張偉,台北\n陳大文,香\xE6\xB8");
    r = open_ok(p, NULL);
    REC(r, 1, 1, "姓名", "城市");
    REC(r, 2, 2, "張偉", "台北");
    expect_error(r, BD_ERR_INVALID, "cut.csv:3:6: record 3, field 2: the file ends inside a "
                                    "UTF-8 character (0xE6)");
    csv_reader_close(&r);
    free(p);

    /* Bytes that do not convert from a named encoding.  (Detection would
     * refuse this file: the bad byte is in its sample.) */
    p = unit_write(dir, "badgb.csv", "\xC1\xAA\xCF\xB5\xC8\xCB,\xB5\xE7\xBB\xB0\n"
                                     "\xD5\xC5\xCE\xB0,\x80x\n");
    expect_open_error(p, NULL, BD_ERR_INVALID, "badgb.csv:1: not UTF-8 (byte 0xC1)");
    o = (csv_read_opts){.encoding = "GB18030"};
    r = open_ok(p, &o);
    assert_string_equal(csv_reader_encoding(r), "GB18030");
    REC(r, 1, 1, "联系人", "电话");
    expect_error(r, BD_ERR_INVALID,
                 "badgb.csv:2:4: record 2, field 2: not valid GB18030 (bytes 0x80 0x78)");
    csv_reader_close(&r);
    free(p);
    unit_tmpdir_free(dir);
}

static void test_nul_after_first_chunk(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    size_t lines = 20000; /* 80000 bytes: past the first 64 KiB */
    char *buf = malloc(lines * 4 + 16);
    assert_non_null(buf);
    for (size_t i = 0; i < lines; i++)
        memcpy(buf + 4 * i, "a,b\n", 4);
    memcpy(buf + 4 * lines, "c,\0d\n", 5);
    char *p = write_bytes(dir, "nul.csv", buf, 4 * lines + 5);
    csv_reader *r = open_ok(p, NULL);
    const csv_record *rec = NULL;
    uint64_t n = 0;
    bd_err e = {0};
    while (csv_reader_next(r, &rec, &e) == BD_OK && rec)
        n++;
    assert_int_equal(n, lines);
    assert_non_null(strstr(e.msg, "nul.csv:20001:3: record 20001, field 2: NUL character"));
    csv_reader_close(&r);
    free(p);
    free(buf);
    unit_tmpdir_free(dir);
}

/* A file of `count` copies of `line` after a header sized so that byte
 * 65536 (the first chunk's edge) falls at offset `at` inside a line. */
static char *edge_file(const char *dir, const char *name, const char *line, size_t at,
                       size_t count)
{
    size_t ll = strlen(line);
    size_t h = 4;
    while ((65536 - h) % ll != at)
        h++;
    size_t n = h + ll * count;
    char *buf = malloc(n);
    assert_non_null(buf);
    memset(buf, 'h', h);
    buf[1] = ',';
    buf[h - 1] = '\n';
    for (size_t i = 0; i < count; i++)
        memcpy(buf + h + i * ll, line, ll);
    char *p = write_bytes(dir, name, buf, n);
    free(buf);
    return p;
}

static void read_edge(const char *path, const char *enc, const char *first, size_t count)
{
    csv_reader *r = open_ok(path, NULL);
    assert_string_equal(csv_reader_encoding(r), enc);
    const csv_record *rec = NULL;
    assert_int_equal(csv_reader_next(r, &rec, NULL), BD_OK); /* header */
    for (size_t i = 0; i < count; i++) {
        bd_err e = {0};
        if (csv_reader_next(r, &rec, &e) != BD_OK || !rec)
            fail_msg("record %zu: %s", i + 2, rec ? e.msg : "missing");
        assert_int_equal(rec->nfields, 2);
        assert_string_equal(rec->fields[0], first);
        assert_int_equal(rec->line, i + 2);
    }
    expect_end(r);
    assert_int_equal(csv_reader_consumed(r), csv_reader_size(r));
    csv_reader_close(&r);
}

static void test_chunk_edges(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    /* A UTF-8 character cut by the first chunk's edge (detection and reading). */
    char *p = edge_file(dir, "u8.csv", "張偉,1\n", 1, 10000);
    read_edge(p, "UTF-8", "張偉", 10000);
    free(p);
    /* The same in GB18030 (iconv sees an incomplete character). */
    p = edge_file(dir, "gb.csv", "\xD5\xC5\xCE\xB0,1\n", 1, 12000);
    read_edge(p, "GB18030", "张伟", 12000);
    free(p);
    /* A CRLF split by the edge is still one line end. */
    p = edge_file(dir, "crlf.csv", "ab,c\r\n", 5, 15000);
    read_edge(p, "UTF-8", "ab", 15000);
    free(p);
    unit_tmpdir_free(dir);
}

static long max_rss_kib(void)
{
    struct rusage ru;
    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_maxrss;
}

static void test_streaming_20mb(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char *path = malloc(strlen(dir) + 16);
    assert_non_null(path);
    sprintf(path, "%s/big.csv", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("id,name,company,note,phone\n", f);
    uint64_t line = 2, rows = 0, last_line = 0;
    for (unsigned i = 1; ftell(f) < 20 * 1024 * 1024; i++, rows++) {
        last_line = line;
        if (i % 1000 == 0) { /* now and then a quoted line end */
            fprintf(f, "%u,張偉%u,\"Acme, Ltd \"\"%u\"\"\",\"line one\nline two\",138%08u\n", i,
                    i, i, i);
            line += 2;
        } else {
            fprintf(f, "%u,張偉%u,\"Acme, Ltd \"\"%u\"\"\",a note with some words,138%08u\n",
                    i, i, i, i);
            line += 1;
        }
    }
    assert_int_equal(fclose(f), 0);

    csv_reader *r = open_ok(path, NULL);
    long before = max_rss_kib();
    const csv_record *rec = NULL;
    uint64_t n = 0, got_last_line = 0;
    char last_company[64] = "";
    bd_err e = {0};
    while (csv_reader_next(r, &rec, &e) == BD_OK && rec) {
        n++;
        assert_int_equal(rec->number, n);
        assert_int_equal(rec->nfields, 5);
        got_last_line = rec->line;
        bd_strlcpy(last_company, rec->fields[2], sizeof last_company);
    }
    assert_string_equal(e.msg, "");
    long after = max_rss_kib();
    assert_int_equal(n, rows + 1);
    assert_int_equal(got_last_line, last_line);
    char want[64];
    snprintf(want, sizeof want, "Acme, Ltd \"%llu\"", (unsigned long long)rows);
    assert_string_equal(last_company, want);
    assert_true(csv_reader_size(r) >= 20u * 1024 * 1024);
    assert_int_equal(csv_reader_consumed(r), csv_reader_size(r));
    /* Reading 20 MB must not hold it: allow a few MB for buffers. */
    if (after - before > 8 * 1024)
        fail_msg("max RSS grew by %ld KiB while reading", after - before);
    csv_reader_close(&r);
    free(path);
    unit_tmpdir_free(dir);
}

/* ---- Writer --------------------------------------------------------------- */

/* Run rows through a writer with opts into memory; returns the text. */
static char *write_rows(const csv_write_opts *o, const char *const *const *rows)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    csv_writer *w = NULL;
    bd_err e = {0};
    assert_int_equal(csv_writer_new(f, o, &w, &e), BD_OK);
    for (size_t i = 0; rows[i]; i++) {
        size_t n = 0;
        while (rows[i][n])
            n++;
        if (csv_writer_row(w, rows[i], n, &e) != BD_OK)
            fail_msg("row %zu: %s", i + 1, e.msg);
    }
    csv_writer_free(&w);
    assert_null(w);
    assert_int_equal(fclose(f), 0);
    return text;
}

#define ROW(...) ((const char *const[]){__VA_ARGS__, NULL})
#define ROWS(...) ((const char *const *const[]){__VA_ARGS__, NULL})

static void test_writer_quoting(void **state)
{
    (void)state;
    char *t = write_rows(NULL, ROWS(ROW("plain", "a,b", "say \"hi\"", "line\nbreak", " lead",
                                        "trail ", "", "張偉", "tab\tin", "\tedge", "cr\rx")));
    assert_string_equal(t, "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\" lead\","
                           "\"trail \",,張偉,tab\tin,\"\tedge\",\"cr\rx\"\n");
    free(t);

    /* CRLF, a mark and ';': the comma needs no quotes, the semicolon does. */
    csv_write_opts o = {.delimiter = ';', .crlf = true, .bom = true};
    t = write_rows(&o, ROWS(ROW("a;b", "c,d"), ROW("x")));
    assert_string_equal(t, "\xEF\xBB\xBF\"a;b\";c,d\r\nx\r\n");
    free(t);

    /* A lone empty field is "", not a blank line. */
    t = write_rows(NULL, ROWS(ROW(""), ROW("", "")));
    assert_string_equal(t, "\"\"\n,\n");
    free(t);

    /* A NULL field is written empty. */
    size_t len = 0;
    FILE *f = open_memstream(&t, &len);
    assert_non_null(f);
    csv_writer *w = NULL;
    bd_err e = {0};
    assert_int_equal(csv_writer_new(f, NULL, &w, &e), BD_OK);
    const char *const row[] = {NULL, "x"};
    assert_int_equal(csv_writer_row(w, row, 2, &e), BD_OK);
    assert_int_equal(csv_writer_row(w, row, 1, &e), BD_OK);
    csv_writer_free(&w);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(t, ",x\n\"\"\n");
    free(t);
}

static void test_writer_formula_guard(void **state)
{
    (void)state;
    csv_write_opts o = {.neutralise_formulas = true};
    char *t = write_rows(&o, ROWS(ROW("=1+2", "+86 138 0013 8000", "-12.50", "+3", "-1,234.5",
                                      "@SUM(A1)", "\tx", "\rx", "-", "1-2", "safe", "=", "-.5",
                                      "+1,2,3", "'quoted", "")));
    assert_string_equal(t, "'=1+2,'+86 138 0013 8000,-12.50,+3,\"-1,234.5\",'@SUM(A1),'\tx,"
                           "\"'\rx\",'-,1-2,safe,'=,'-.5,\"+1,2,3\",'quoted,\n");
    free(t);

    /* Off by default. */
    t = write_rows(NULL, ROWS(ROW("=1+2", "@x")));
    assert_string_equal(t, "=1+2,@x\n");
    free(t);
}

static void test_writer_errors(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    csv_writer *w = NULL;
    bd_err e = {0};
    assert_int_equal(csv_writer_new(f, NULL, &w, &e), BD_OK);
    /* Invalid UTF-8 refuses the whole row: nothing is written. */
    assert_int_equal(csv_writer_row(w, ROW("ok", "bad\xFF"), 2, &e), BD_ERR_INVALID);
    assert_string_equal(e.msg, "row 1, field 2: not valid UTF-8");
    assert_int_equal(csv_writer_row(w, ROW("x"), 0, &e), BD_ERR_USAGE);
    assert_int_equal(csv_writer_end_row(w, &e), BD_ERR_USAGE);
    /* Field at a time. */
    assert_int_equal(csv_writer_field(w, "a", &e), BD_OK);
    assert_int_equal(csv_writer_field(w, "b c", &e), BD_OK);
    assert_int_equal(csv_writer_end_row(w, &e), BD_OK);
    assert_int_equal(csv_writer_rows(w), 1);
    csv_writer_free(&w);
    csv_writer_free(&w); /* NULL-safe */
    assert_int_equal(fclose(f), 0);
    assert_string_equal(text, "a,b c\n");
    free(text);

    csv_write_opts o = {.delimiter = '\n'};
    assert_int_equal(csv_writer_new(stdout, &o, &w, &e), BD_ERR_USAGE);
    assert_null(w);

    /* A stream that cannot be written: the error sticks. */
    f = fopen("/dev/null", "r");
    assert_non_null(f);
    assert_int_equal(csv_writer_new(f, NULL, &w, &e), BD_OK);
    assert_int_equal(csv_writer_row(w, ROW("a", "b"), 2, &e), BD_ERR_IO);
    assert_non_null(strstr(e.msg, "write error"));
    assert_int_equal(csv_writer_row(w, ROW("a"), 1, &e), BD_ERR_IO);
    csv_writer_free(&w);
    fclose(f);
}

/* Write rows to a file through io_out, read them back, compare. */
static void round_trip(const char *dir, const char *name, const csv_write_opts *o,
                       const char *const *const *rows, const char *const *const *want,
                       const char *enc)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    assert_non_null(path);
    sprintf(path, "%s/%s", dir, name);
    io_out out;
    bd_err e = {0};
    assert_int_equal(io_out_open(&out, path, false, &e), BD_OK);
    csv_writer *w = NULL;
    assert_int_equal(csv_writer_new(out.fp, o, &w, &e), BD_OK);
    size_t nrows = 0;
    for (; rows[nrows]; nrows++) {
        size_t n = 0;
        while (rows[nrows][n])
            n++;
        assert_int_equal(csv_writer_row(w, rows[nrows], n, &e), BD_OK);
    }
    csv_writer_free(&w);
    assert_int_equal(io_out_commit(&out, &e), BD_OK);

    csv_reader *r = open_ok(path, NULL);
    assert_string_equal(csv_reader_encoding(r), enc);
    assert_int_equal(csv_reader_delimiter(r), o->delimiter ? o->delimiter : ',');
    for (size_t i = 0; i < nrows; i++) {
        const csv_record *rec = NULL;
        if (csv_reader_next(r, &rec, &e) != BD_OK || !rec)
            fail_msg("%s record %zu: %s", name, i + 1, rec ? e.msg : "missing");
        assert_int_equal(rec->number, i + 1);
        size_t n = 0;
        while (want[i][n])
            n++;
        assert_int_equal(rec->nfields, n);
        for (size_t k = 0; k < n; k++)
            assert_string_equal(rec->fields[k], want[i][k]);
    }
    expect_end(r);
    csv_reader_close(&r);
    free(path);
}

static void test_round_trip(void **state)
{
    (void)state;
    const char *const *const *rows = ROWS(
        ROW("name", "note", "amount"),
        ROW("張偉", "a,b;c\td", "1,234.50"),
        ROW(" 陳大文 ", "say \"hi\"\r\nnext line", "-12.50"),
        ROW("", "", "=cmd|' /C calc'!A0"),
        ROW("@x", "\rstarts with CR", "+86 138 0013 8000"),
        ROW("only\nnewline", "\"", "'"),
        ROW(""));
    const char *const *const *guarded = ROWS(
        ROW("name", "note", "amount"),
        ROW("張偉", "a,b;c\td", "1,234.50"),
        ROW(" 陳大文 ", "say \"hi\"\r\nnext line", "-12.50"),
        ROW("", "", "'=cmd|' /C calc'!A0"),
        ROW("'@x", "'\rstarts with CR", "'+86 138 0013 8000"),
        ROW("only\nnewline", "\"", "'"),
        ROW(""));
    char *dir = unit_tmpdir();
    round_trip(dir, "lf.csv", &(csv_write_opts){0}, rows, rows, "UTF-8");
    round_trip(dir, "crlf.csv", &(csv_write_opts){.crlf = true, .bom = true}, rows, rows,
               "UTF-8 (BOM)");
    round_trip(dir, "semi.csv", &(csv_write_opts){.delimiter = ';'}, rows, rows, "UTF-8");
    round_trip(dir, "tab.csv", &(csv_write_opts){.delimiter = '\t', .crlf = true}, rows, rows,
               "UTF-8");
    round_trip(dir, "guard.csv", &(csv_write_opts){.neutralise_formulas = true}, rows, guarded,
               "UTF-8");
    unit_tmpdir_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_plain),
        cmocka_unit_test(test_utf8_bom_crlf),
        cmocka_unit_test(test_utf16le),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_big5),
        cmocka_unit_test(test_semicolon),
        cmocka_unit_test(test_tab),
        cmocka_unit_test(test_ragged),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_invalid_utf8_line3),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_binary_file),
        cmocka_unit_test(test_field_above_cap),
        cmocka_unit_test(test_cr_only),
        cmocka_unit_test(test_forced_options),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_strict_errors),
        cmocka_unit_test(test_blank_lines_and_last_line),
        cmocka_unit_test(test_other_encodings),
        cmocka_unit_test(test_nul_after_first_chunk),
        cmocka_unit_test(test_chunk_edges),
        cmocka_unit_test(test_streaming_20mb),
        cmocka_unit_test(test_writer_quoting),
        cmocka_unit_test(test_writer_formula_guard),
        cmocka_unit_test(test_writer_errors),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
