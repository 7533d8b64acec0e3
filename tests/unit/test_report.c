/* Unit tests of the report writer (include/report.h): text pages (the
 * break at the right line, header, footer "Page n of m", the form feed,
 * a section continued on the next page), a Chinese column cut at a cell
 * boundary with the columns still aligned, money right-aligned with
 * thousands separators, subtotal and total rules; CSV (raw values, the
 * formula guard, totals and summaries left out); HTML (escaping, thead,
 * tbody, tfoot). */
#include <locale.h>

#include "unit.h"

#include "report.h"

static int setup(void **state)
{
    (void)state;
    return setlocale(LC_CTYPE, "C.UTF-8") ? 0 : -1;
}

/* ---- Helpers ---------------------------------------------------------------- */

typedef struct out {
    FILE *fp;
    rpt *r;
} out;

static void open_report(out *o, rpt_format format, int width, int lines)
{
    o->fp = tmpfile();
    assert_non_null(o->fp);
    rpt_opts opts = {.format = format, .width = width, .lines = lines,
                     .company = "示例軟件有限公司", .title = "Test report",
                     .params = "Period 2026-11 (2026-11-01 to 2026-11-30)",
                     .run_by = "wang.fang (王芳; scope: own)", .run_at = "2026-11-24 09:00 UTC"};
    bd_err e = {0};
    if (rpt_open(&o->r, o->fp, &opts, &e) != BD_OK)
        fail_msg("rpt_open: %s", e.msg);
}

static void section(out *o, const char *title, const rpt_col *cols, int n, bool summary)
{
    bd_err e = {0};
    if (rpt_section(o->r, title, cols, n, summary, &e) != BD_OK)
        fail_msg("rpt_section: %s", e.msg);
}

static void add(out *o, rpt_kind kind, const char *const *cells)
{
    bd_err e = {0};
    if (rpt_row(o->r, kind, cells, &e) != BD_OK)
        fail_msg("rpt_row: %s", e.msg);
}

#define ROW(o, kind, ...) add(o, kind, (const char *const[]){__VA_ARGS__})

/* Finish, free, and return the whole file (caller frees). */
static char *finish(out *o)
{
    bd_err e = {0};
    if (rpt_finish(o->r, &e) != BD_OK)
        fail_msg("rpt_finish: %s", e.msg);
    rpt_free(&o->r);
    assert_null(o->r);
    long n = ftell(o->fp);
    assert_true(n >= 0);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    rewind(o->fp);
    assert_int_equal(fread(text, 1, (size_t)n, o->fp), (size_t)n);
    text[n] = '\0';
    fclose(o->fp);
    return text;
}

/* Line `no` (1-based) of page `page` (1-based; pages split at '\f'),
 * without its newline, in buf. */
static const char *page_line(const char *text, int page, int no, char *buf, size_t n)
{
    const char *p = text;
    for (int i = 1; i < page; i++) {
        p = strchr(p, '\f');
        assert_non_null(p);
        p++;
    }
    for (int i = 1; i < no; i++) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        p = nl + 1;
    }
    size_t len = strcspn(p, "\n");
    assert_true(len < n);
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}

static int count_char(const char *s, char c)
{
    int k = 0;
    for (; *s; s++)
        k += *s == c;
    return k;
}

static const rpt_col money_cols[] = {
    {"Owner", "owner", RPT_TEXT},
    {"Count", "count", RPT_INT},
    {"Value", "value", RPT_MONEY},
};

/* ---- Text ---------------------------------------------------------------------- */

static void test_txt_page_break(void **state)
{
    (void)state;
    /* 16 lines a page: 6 of header, 2 of footer, 8 of body: the section's
     * title, column titles and rule, then 5 rows; the sixth goes over. */
    out o;
    open_report(&o, RPT_TXT, 80, 16);
    section(&o, "By owner", money_cols, 3, false);
    for (int i = 1; i <= 6; i++) {
        char owner[16], count[16];
        snprintf(owner, sizeof owner, "rep%d", i);
        snprintf(count, sizeof count, "%d", i);
        ROW(&o, RPT_ROW, owner, count, "100.00");
    }
    char *t = finish(&o);
    char line[512];
    assert_int_equal(count_char(t, '\f'), 1);
    assert_int_equal(count_char(t, '\n'), 32); /* two full pages of 16 lines */
    assert_string_equal(page_line(t, 1, 1, line, sizeof line), "示例軟件有限公司");
    assert_string_equal(page_line(t, 1, 2, line, sizeof line), "Test report");
    assert_string_equal(page_line(t, 1, 3, line, sizeof line),
                        "Period 2026-11 (2026-11-01 to 2026-11-30)");
    assert_string_equal(page_line(t, 1, 4, line, sizeof line),
                        "Run by wang.fang (王芳; scope: own) at 2026-11-24 09:00 UTC");
    assert_int_equal(strlen(page_line(t, 1, 5, line, sizeof line)), 80);
    assert_int_equal(strspn(line, "="), 80);
    assert_string_equal(page_line(t, 1, 7, line, sizeof line), "By owner");
    assert_string_equal(page_line(t, 1, 8, line, sizeof line), "Owner  Count   Value");
    assert_string_equal(page_line(t, 1, 9, line, sizeof line), "-----  -----  ------");
    assert_string_equal(page_line(t, 1, 10, line, sizeof line), "rep1       1  100.00");
    assert_string_equal(page_line(t, 1, 14, line, sizeof line), "rep5       5  100.00");
    assert_string_equal(page_line(t, 1, 15, line, sizeof line), "");
    /* The footer on the page's last line, centred: (80 - 11) / 2 spaces. */
    assert_int_equal(strspn(page_line(t, 1, 16, line, sizeof line), " "), 34);
    assert_string_equal(line + 34, "Page 1 of 2");
    /* Page 2: the header again, the section continued, the sixth row. */
    assert_string_equal(page_line(t, 2, 1, line, sizeof line), "示例軟件有限公司");
    assert_string_equal(page_line(t, 2, 7, line, sizeof line), "By owner (continued)");
    assert_string_equal(page_line(t, 2, 8, line, sizeof line), "Owner  Count   Value");
    assert_string_equal(page_line(t, 2, 10, line, sizeof line), "rep6       6  100.00");
    assert_string_equal(page_line(t, 2, 11, line, sizeof line), "");
    assert_int_equal(strspn(page_line(t, 2, 16, line, sizeof line), " "), 34);
    assert_string_equal(line + 34, "Page 2 of 2");
    assert_int_equal(t[strlen(t) - 1], '\n');
    free(t);
}

static void test_txt_one_page(void **state)
{
    (void)state;
    out o;
    open_report(&o, RPT_TXT, 132, 0);
    section(&o, "Empty", money_cols, 3, false);
    char *t = finish(&o);
    char line[512];
    assert_int_equal(count_char(t, '\f'), 0);
    assert_int_equal(count_char(t, '\n'), 66);
    assert_int_equal(strlen(page_line(t, 1, 5, line, sizeof line)), 132);
    assert_string_equal(page_line(t, 1, 10, line, sizeof line), "(none)");
    /* Centred: (132 - 11) / 2 = 60 spaces before it. */
    assert_int_equal(strspn(page_line(t, 1, 66, line, sizeof line), " "), 60);
    assert_string_equal(line + 60, "Page 1 of 1");
    free(t);
}

static void test_txt_cjk_cut(void **state)
{
    (void)state;
    /* A Chinese text wider than the page is cut at a cell boundary: no
     * half character, every row exactly as wide as the page, so the money
     * column after it stays aligned. */
    static const rpt_col cols[] = {{"Customer", "customer", RPT_TEXT},
                                   {"Amount", "amount", RPT_MONEY}};
    const char *longname = "華南科技有限公司華南科技有限公司華南科技有限公司"
                           "華南科技有限公司華南科技有限公司陳大文";  /* 86 cells */
    out o;
    open_report(&o, RPT_TXT, 80, 0);
    section(&o, "Customers", cols, 2, false);
    ROW(&o, RPT_ROW, longname, "1234567.5");
    ROW(&o, RPT_ROW, "Acme Ltd", "12");
    ROW(&o, RPT_ROW, "x陳大文", "-5");
    char *t = finish(&o);
    char l1[512], l2[512], l3[512];
    page_line(t, 1, 10, l1, sizeof l1);
    page_line(t, 1, 11, l2, sizeof l2);
    page_line(t, 1, 12, l3, sizeof l3);
    assert_true(bd_utf8_valid(l1, strlen(l1)));
    /* Amount: 12 cells ("1,234,567.50"), one space, so 67 for the name:
     * 33 characters of two cells and the 67th cell a space. */
    assert_int_equal(bd_text_width(l1), 80);
    assert_int_equal(bd_text_width(l2), 80);
    assert_int_equal(bd_text_width(l3), 80);
    assert_int_equal(strncmp(l1, longname, 33 * 3), 0);
    assert_string_equal(l1 + 33 * 3, "  1,234,567.50");
    assert_string_equal(l2 + strlen(l2) - 13, "        12.00");
    assert_string_equal(l3 + strlen(l3) - 13, "        -5.00");
    assert_int_equal(strncmp(l3, "x陳大文 ", strlen("x陳大文 ")), 0);
    free(t);
}

static void test_txt_money_and_totals(void **state)
{
    (void)state;
    out o;
    open_report(&o, RPT_TXT, 80, 0);
    section(&o, "By owner", money_cols, 3, false);
    ROW(&o, RPT_ROW, "wang.fang", "2", "120000");
    ROW(&o, RPT_ROW, "wang.fang", "1", "0.5");
    ROW(&o, RPT_SUBTOTAL, "Subtotal", "3", "120000.50");
    ROW(&o, RPT_ROW, "王芳", "1", "");
    ROW(&o, RPT_TOTAL, "Total", "4", "120000.50");
    char *t = finish(&o);
    char line[512];
    assert_string_equal(page_line(t, 1, 8, line, sizeof line), "Owner      Count       Value");
    assert_string_equal(page_line(t, 1, 9, line, sizeof line), "---------  -----  ----------");
    assert_string_equal(page_line(t, 1, 10, line, sizeof line), "wang.fang      2  120,000.00");
    assert_string_equal(page_line(t, 1, 11, line, sizeof line), "wang.fang      1        0.50");
    assert_string_equal(page_line(t, 1, 12, line, sizeof line), "           -----  ----------");
    assert_string_equal(page_line(t, 1, 13, line, sizeof line), "Subtotal       3  120,000.50");
    assert_string_equal(page_line(t, 1, 14, line, sizeof line), "王芳           1");
    assert_string_equal(page_line(t, 1, 15, line, sizeof line), "           =====  ==========");
    assert_string_equal(page_line(t, 1, 16, line, sizeof line), "Total          4  120,000.50");
    free(t);
}

static void test_txt_rule_and_row_stay_together(void **state)
{
    (void)state;
    /* 8 body lines: head (3) and 4 rows leave one line; a total needs its
     * rule too, so both go to the next page. */
    out o;
    open_report(&o, RPT_TXT, 80, 16);
    section(&o, "S", money_cols, 3, false);
    for (int i = 0; i < 4; i++)
        ROW(&o, RPT_ROW, "a", "1", "1");
    ROW(&o, RPT_TOTAL, "Total", "4", "4");
    char *t = finish(&o);
    char line[512];
    assert_string_equal(page_line(t, 1, 14, line, sizeof line), "");
    assert_string_equal(page_line(t, 2, 7, line, sizeof line), "S (continued)");
    assert_string_equal(page_line(t, 2, 10, line, sizeof line), "       =====  =====");
    assert_string_equal(page_line(t, 2, 11, line, sizeof line), "Total      4   4.00");
    free(t);
}

static void test_options(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    rpt *r = NULL;
    bd_err e = {0};
    rpt_opts o = {.format = RPT_TXT, .width = 100};
    assert_int_equal(rpt_open(&r, f, &o, &e), BD_ERR_USAGE);
    assert_null(r);
    assert_string_equal(e.msg, "width: 100 is not 80 or 132");
    o.width = 132;
    o.lines = 10;
    assert_int_equal(rpt_open(&r, f, &o, &e), BD_ERR_USAGE);
    assert_string_equal(e.msg, "lines: 10 is not from 16 to 10000");
    rpt_format fmt;
    assert_true(rpt_format_parse("html", &fmt));
    assert_int_equal(fmt, RPT_HTML);
    assert_false(rpt_format_parse("pdf", &fmt));
    fclose(f);
}

/* ---- CSV ----------------------------------------------------------------------- */

static void test_csv(void **state)
{
    (void)state;
    out o;
    open_report(&o, RPT_CSV, 0, 0);
    section(&o, "Summary", money_cols, 3, true);
    ROW(&o, RPT_ROW, "left out", "1", "1");
    section(&o, "Detail", money_cols, 3, false);
    ROW(&o, RPT_ROW, "=cmd|' /C calc'!A0", "2", "1234.5");
    ROW(&o, RPT_ROW, "陳大文, Jr.", "-3", "-12.00");
    ROW(&o, RPT_SUBTOTAL, "Subtotal", "5", "1246.50");
    ROW(&o, RPT_TOTAL, "Total", "5", "1246.50");
    char *t = finish(&o);
    assert_string_equal(t, "\xEF\xBB\xBF"
                           "owner,count,value\r\n"
                           "'=cmd|' /C calc'!A0,2,1234.5\r\n"
                           "\"陳大文, Jr.\",-3,-12.00\r\n");
    free(t);
}

/* ---- HTML ---------------------------------------------------------------------- */

static void test_html(void **state)
{
    (void)state;
    out o;
    open_report(&o, RPT_HTML, 0, 0);
    section(&o, "A <b> & \"c\"", money_cols, 3, false);
    ROW(&o, RPT_ROW, "<script>x&y</script>", "1", "1234.5");
    ROW(&o, RPT_SUBTOTAL, "Subtotal", "1", "1234.5");
    ROW(&o, RPT_TOTAL, "Total", "1", "1234.5");
    section(&o, "Empty", money_cols, 3, false);
    char *t = finish(&o);
    assert_non_null(strstr(t, "<!DOCTYPE html>\n"));
    assert_non_null(strstr(t, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(t, "@media print"));
    assert_non_null(strstr(t, "<title>Test report - 示例軟件有限公司</title>"));
    assert_non_null(strstr(t, "<h2>A &lt;b&gt; &amp; &quot;c&quot;</h2>"));
    assert_null(strstr(t, "<script>"));
    assert_non_null(strstr(t, "<td>&lt;script&gt;x&amp;y&lt;/script&gt;</td>"
                              "<td class=\"num\">1</td><td class=\"num\">1,234.50</td>"));
    assert_non_null(strstr(t, "<thead>\n<tr><th>Owner</th><th class=\"num\">Count</th>"));
    assert_non_null(strstr(t, "<tr class=\"subtotal\"><td>Subtotal</td>"));
    assert_non_null(strstr(t, "</tbody>\n<tfoot>\n<tr class=\"total\"><td>Total</td>"));
    assert_non_null(strstr(t, "</tfoot>\n</table>\n</section>\n"));
    assert_non_null(strstr(t, "<td class=\"none\" colspan=\"3\">(none)</td>"));
    assert_non_null(strstr(t, "</body>\n</html>\n"));
    free(t);
}

static void test_misuse(void **state)
{
    (void)state;
    out o;
    open_report(&o, RPT_TXT, 80, 0);
    bd_err e = {0};
    assert_int_equal(rpt_row(o.r, RPT_ROW, (const char *const[]){"a"}, &e), BD_ERR_USAGE);
    assert_int_equal(rpt_section(o.r, "x", money_cols, 0, false, &e), BD_ERR_USAGE);
    char *t = finish(&o);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_txt_page_break),
        cmocka_unit_test(test_txt_one_page),
        cmocka_unit_test(test_txt_cjk_cut),
        cmocka_unit_test(test_txt_money_and_totals),
        cmocka_unit_test(test_txt_rule_and_row_stay_together),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_misuse),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
