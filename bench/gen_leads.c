/* gen_leads - write a deterministic lead list for the import benchmark.
 *
 *   gen_leads ROWS FILE     (FILE "-" is standard output)
 *
 * The same ROWS always give the same bytes, on any machine: the numbers
 * come from a fixed-seed splitmix64, never from libc's rand().  The header
 * uses texts that config/pipeline.yaml's import.synonyms map to the twelve
 * lead fields, so bizdesk takes every column without --map.
 *
 * Every row is a new customer for each duplicate key the policy may use
 * (e-mail, phone and company), so a clean import inserts all ROWS:
 *   company  <region><trade><6-digit number>有限公司, the number a
 *            permutation of the row number (unique, not in row order)
 *   contact  surname + two-character given name; 大文 is one of the given
 *            names, so 陳大文 occurs (about one row in 20 has 大文)
 *   email    <given>.<surname><row>@<domain>.com in pinyin; one domain in
 *            16, e.g. "globex", for the English-word search
 *   phone    139-XXXX-XXXX from the row number
 *   value    thousands separators and two decimals ("120,000.00"), so the
 *            field is quoted
 *   needs    plain text; one row in 10 holds a quoted comma, one in 50 a
 *            quoted newline
 * Lines end in LF (a newline inside a field is LF too: bizdesk refuses a CR
 * in a text field). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng_state = 0x2026121520261215ULL;

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static unsigned rng_below(unsigned n)
{
    return (unsigned)(rng_next() % n);
}

static const char *const regions_co[] = {"華南", "北方", "東海", "西部", "中原", "江南", "嶺南", "華北"};
static const char *const trades[] = {"科技", "貿易", "軟件", "電子", "物流", "網絡", "實業", "諮詢"};

/* Surnames and given names with their pinyin, for the e-mail address. */
static const struct name { const char *cjk, *pinyin; } surnames[] = {
    {"陳", "chen"}, {"李", "li"},     {"王", "wang"}, {"張", "zhang"}, {"劉", "liu"},
    {"楊", "yang"}, {"黃", "huang"},  {"趙", "zhao"}, {"吳", "wu"},    {"周", "zhou"},
    {"徐", "xu"},   {"孫", "sun"},    {"馬", "ma"},   {"朱", "zhu"},   {"胡", "hu"},
    {"郭", "guo"},  {"何", "he"},     {"高", "gao"},  {"林", "lin"},   {"羅", "luo"},
};
static const struct name givens[] = {
    {"大文", "dawen"},   {"志強", "zhiqiang"}, {"秀英", "xiuying"}, {"建華", "jianhua"},
    {"麗娟", "lijuan"},  {"海濤", "haitao"},   {"曉明", "xiaoming"}, {"美玲", "meiling"},
    {"俊傑", "junjie"},  {"雅婷", "yating"},   {"國平", "guoping"}, {"文靜", "wenjing"},
    {"子軒", "zixuan"},  {"欣怡", "xinyi"},    {"永康", "yongkang"}, {"淑芬", "shufen"},
    {"家豪", "jiahao"},  {"詩涵", "shihan"},   {"明輝", "minghui"}, {"佳慧", "jiahui"},
};
static const char *const titles[] = {"總經理", "採購經理", "技術總監", "IT主管", "財務經理",
                                     "運營總監", "CTO", "項目經理"};
static const char *const domains[] = {"acme", "globex", "initech", "umbrella", "hooli",
                                      "vandelay", "soylent", "cyberdyne", "tyrell", "wonka",
                                      "oscorp", "aperture", "monarch", "stark", "wayne",
                                      "nakatomi"};
static const char *const industries[] = {"軟件", "製造", "零售", "金融", "教育", "醫療", "物流", "能源"};
static const struct place { const char *region, *city; } places[] = {
    {"廣東", "深圳"}, {"廣東", "廣州"}, {"北京", "北京"}, {"上海", "上海"},
    {"浙江", "杭州"}, {"江蘇", "南京"}, {"四川", "成都"}, {"湖北", "武漢"},
};
/* The source codes of config/pipeline.yaml. */
static const char *const sources[] = {"exhibition", "web", "referral", "partner",
                                      "telemarketing", "customer_intro", "market_research"};
static const char *const needs_plain[] = {"CRM系統選型", "ERP升級", "需要報價", "雲端部署",
                                          "數據遷移", "移動辦公", "培訓服務", "年度維保"};
static const char *const needs_comma[] = {"\"ERP升級, 預算待定\"", "\"CRM, OA and BI\"",
                                          "\"先試用, 再採購\""};
static const char *const needs_newline[] = {"\"第一期: 培訓\n第二期: 實施\"",
                                            "\"Phase 1: pilot\nPhase 2: rollout\""};

/* "1,234,567" into buf: the whole part of an amount, grouped by three. */
static void grouped(unsigned long v, char *buf, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lu", v);
    size_t at = 0;
    for (int i = 0; i < len && at + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[at++] = ',';
        buf[at++] = digits[i];
    }
    buf[at] = '\0';
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen_leads ROWS FILE\n");
        return 2;
    }
    char *end;
    unsigned long rows = strtoul(argv[1], &end, 10);
    if (*end || rows == 0 || rows > 1000000) {
        fprintf(stderr, "gen_leads: ROWS must be 1 to 1000000\n");
        return 2;
    }
    FILE *out = strcmp(argv[2], "-") == 0 ? stdout : fopen(argv[2], "w");
    if (!out) {
        perror(argv[2]);
        return 1;
    }
    static char obuf[1 << 20];
    setvbuf(out, obuf, _IOFBF, sizeof obuf);

    fputs("公司名稱,聯繫人,職位,電話,郵箱,行業,地區,城市,來源,預估金額,預計成交日期,備註\n", out);
    for (unsigned long i = 0; i < rows; i++) {
        /* 7919 is prime to 10^6, so this is a permutation of 0..999999. */
        unsigned long co_no = (i * 7919UL + 104729UL) % 1000000UL;
        /* One draw per statement: the order of a call's arguments is
         * unspecified, and the file must not depend on the compiler. */
        const char *co_region = regions_co[rng_below(N(regions_co))];
        const char *trade = trades[rng_below(N(trades))];
        const struct name *sn = &surnames[rng_below(N(surnames))];
        const struct name *gn = &givens[rng_below(N(givens))];
        const char *title = titles[rng_below(N(titles))];
        const char *domain = domains[rng_below(N(domains))];
        const char *industry = industries[rng_below(N(industries))];
        const struct place *pl = &places[rng_below(N(places))];
        const char *source = sources[rng_below(N(sources))];
        char money[32];
        grouped(1000UL + rng_below(5000000U), money, sizeof money);
        unsigned cents = rng_below(100);
        unsigned day = 1 + rng_below(31);
        unsigned pick = rng_below(100);
        const char *needs;
        if (pick < 2)
            needs = needs_newline[rng_below(N(needs_newline))];
        else if (pick < 12)
            needs = needs_comma[rng_below(N(needs_comma))];
        else
            needs = needs_plain[rng_below(N(needs_plain))];
        fprintf(out, "%s%s%06lu有限公司,%s%s,%s,139-%04lu-%04lu,%s.%s%lu@%s.com,%s,%s,%s,%s,"
                     "\"%s.%02u\",2026-12-%02u,%s\n",
                co_region, trade, co_no, sn->cjk, gn->cjk, title, i / 10000, i % 10000,
                gn->pinyin, sn->pinyin, i, domain, industry, pl->region, pl->city, source,
                money, cents, day, needs);
    }
    if (fflush(out) != 0 || ferror(out) || (out != stdout && fclose(out) != 0)) {
        perror(argv[2]);
        return 1;
    }
    return 0;
}
