/* The review arithmetic (review.h) against examples worked by hand; the
 * numbers are spelled out next to each assertion.  Points are hundredths:
 * 97.25 points is 9725. */
#include "unit.h"

#include "review.h"

/* Example 1: a sales rep's month.  KPIs and weights (total 100):
 *   sales amount 40%   computed, target 500,000.00, cap 120
 *   profit       20%   computed, target 100,000.00, cap 120
 *   growth rate  10%   computed, target 10 (%),      cap 150
 *   new customers 15%  computed, target 4,           cap 150
 *   satisfaction 15%   rated 1-5 by customers only */
static void test_worked_sales(void **state)
{
    (void)state;
    const rv_kpi k[] = {
        {"sales", 40, RV_COMPUTED, 50000000, 120, false},
        {"profit", 20, RV_COMPUTED, 10000000, 120, false},
        {"growth", 10, RV_COMPUTED, 10, 150, false},
        {"new_customers", 15, RV_COMPUTED, 4, 150, false},
        {"satisfaction", 15, RV_RATED_5, 0, 0, false},
    };
    int64_t p[5];
    /* 450,000.00 of 500,000.00 = 90.00 points */
    p[0] = rv_computed_score(&k[0], 45000000);
    assert_int_equal(p[0], 9000);
    /* 130,000.00 of 100,000.00 = 130.00, capped at 120.00 */
    p[1] = rv_computed_score(&k[1], 13000000);
    assert_int_equal(p[1], 12000);
    /* growth 5 of 10 = 50.00 */
    p[2] = rv_computed_score(&k[2], 5);
    assert_int_equal(p[2], 5000);
    /* 5 new customers of 4 = 125.00 (under the cap of 150) */
    p[3] = rv_computed_score(&k[3], 5);
    assert_int_equal(p[3], 12500);
    /* two customers rate 4 and 5: 80.00 and 100.00, average 90.00 */
    int64_t r[] = {rv_rating_score(RV_RATED_5, 4), rv_rating_score(RV_RATED_5, 5)};
    assert_int_equal(r[0], 8000);
    assert_int_equal(r[1], 10000);
    rv_source_score src[] = {{.weight = 20, .points = rv_average(r, 2), .n = 2}};
    p[4] = rv_rated_score(src, 1);
    assert_int_equal(p[4], 9000);
    /* (9000x40 + 12000x20 + 5000x10 + 12500x15 + 9000x15) / 100
     * = (360000 + 240000 + 50000 + 187500 + 135000) / 100 = 9725 */
    int64_t total = rv_weighted(k, p, 5);
    assert_int_equal(total, 9725);
    char buf[24];
    assert_string_equal(rv_format(total, buf, sizeof buf), "97.25");
    const rv_band bands[] = {{"A", 9000, false}, {"B", 7500, false}, {"C", 6000, false},
                             {"D", 0, true}};
    assert_string_equal(rv_grade(bands, 4, total)->grade, "A");
    /* A: 150% of a 5,000.00 base = 7,500.00 */
    int64_t bonus;
    bd_err e = {0};
    assert_int_equal(rv_bonus(500000, 150, 0, &bonus, &e), BD_OK);
    assert_int_equal(bonus, 750000);
}

/* Example 2: a finance clerk rated by supervisor 60%, peers 20%, self 20%.
 *   task completion 40%, quality 40%, teamwork 20%, all rated 1-5 */
static void test_worked_rated(void **state)
{
    (void)state;
    const rv_kpi k[] = {
        {"tasks", 40, RV_RATED_5, 0, 0, false},
        {"quality", 40, RV_RATED_5, 0, 0, false},
        {"teamwork", 20, RV_RATED_5, 0, 0, false},
    };
    int64_t p[3];
    /* tasks: supervisor 4 (80.00); peers 3 and 4 (60.00, 80.00: 70.00);
     * self 5 (100.00): (8000x60 + 7000x20 + 10000x20) / 100 = 8200 */
    int64_t peers1[] = {6000, 8000};
    rv_source_score s1[] = {{60, 8000, 1}, {20, rv_average(peers1, 2), 2}, {20, 10000, 1}};
    p[0] = rv_rated_score(s1, 3);
    assert_int_equal(p[0], 8200);
    /* quality: supervisor 3 (60), peers 3 and 3 (60), self 4 (80):
     * (6000x60 + 6000x20 + 8000x20) / 100 = 6400 */
    rv_source_score s2[] = {{60, 6000, 1}, {20, 6000, 2}, {20, 8000, 1}};
    p[1] = rv_rated_score(s2, 3);
    assert_int_equal(p[1], 6400);
    /* teamwork: supervisor 5 (100), no peer rated it, self 4 (80): the
     * weights present are 60 + 20 = 80: (10000x60 + 8000x20) / 80 = 9500 */
    rv_source_score s3[] = {{60, 10000, 1}, {20, 0, 0}, {20, 8000, 1}};
    p[2] = rv_rated_score(s3, 3);
    assert_int_equal(p[2], 9500);
    /* (8200x40 + 6400x40 + 9500x20) / 100 = (328000 + 256000 + 190000) / 100 = 7740 */
    assert_int_equal(rv_weighted(k, p, 3), 7740);
    const rv_band bands[] = {{"A", 9000, false}, {"B", 7500, false}, {"C", 6000, false},
                             {"D", 0, true}};
    assert_string_equal(rv_grade(bands, 4, 7740)->grade, "B");
    /* B: 100% of 5,000.00 plus a fixed 300.00 = 5,300.00 */
    int64_t bonus;
    bd_err e = {0};
    assert_int_equal(rv_bonus(500000, 100, 30000, &bonus, &e), BD_OK);
    assert_int_equal(bonus, 530000);
}

/* Example 3: after-sales, where less is better for resolution time.
 *   resolution timeliness 50%  computed, target 48 hours, lower is better, cap 120
 *   maintenance success   30%  computed, target 95 (%), cap 100
 *   complaint satisfaction 20% rated 0-100 by customers */
static void test_worked_aftersales(void **state)
{
    (void)state;
    const rv_kpi k[] = {
        {"resolution", 50, RV_COMPUTED, 48, 120, true},
        {"maintenance", 30, RV_COMPUTED, 95, 100, false},
        {"complaints", 20, RV_RATED_100, 0, 0, false},
    };
    int64_t p[3];
    /* 64 hours against 48: 48 / 64 = 75.00 */
    p[0] = rv_computed_score(&k[0], 64);
    assert_int_equal(p[0], 7500);
    /* 40 hours: 48 / 40 = 120.00 (the cap) and 0 hours earns the cap */
    assert_int_equal(rv_computed_score(&k[0], 40), 12000);
    assert_int_equal(rv_computed_score(&k[0], 0), 12000);
    /* 80 of 95: 84.2105... rounds to 84.21 */
    p[1] = rv_computed_score(&k[1], 80);
    assert_int_equal(p[1], 8421);
    /* customers rate 70 and 55: average 62.50 */
    int64_t r[] = {rv_rating_score(RV_RATED_100, 70), rv_rating_score(RV_RATED_100, 55)};
    rv_source_score s[] = {{20, rv_average(r, 2), 2}};
    p[2] = rv_rated_score(s, 1);
    assert_int_equal(p[2], 6250);
    /* (7500x50 + 8421x30 + 6250x20) / 100 = (375000 + 252630 + 125000) / 100
     * = 7526.30, rounded to 7526 */
    assert_int_equal(rv_weighted(k, p, 3), 7526);
    /* No customer rated the complaints: the other two count in proportion,
     * (7500x50 + 8421x30) / 80 = (375000 + 252630) / 80 = 7845.375 -> 7845 */
    p[2] = -1;
    assert_int_equal(rv_weighted(k, p, 3), 7845);
    /* Nothing scored at all: no score. */
    const int64_t none[] = {-1, -1, -1};
    assert_int_equal(rv_weighted(k, none, 3), -1);
}

static void test_ratings_and_limits(void **state)
{
    (void)state;
    assert_int_equal(rv_rating_score(RV_RATED_5, 1), 2000);
    assert_int_equal(rv_rating_score(RV_RATED_5, 0), -1);
    assert_int_equal(rv_rating_score(RV_RATED_5, 6), -1);
    assert_int_equal(rv_rating_score(RV_RATED_100, 100), 10000);
    assert_int_equal(rv_rating_score(RV_RATED_100, 101), -1);
    assert_int_equal(rv_rating_score(RV_COMPUTED, 3), -1);
    rv_kpi k = {"x", 10, RV_COMPUTED, 0, 120, false};
    assert_int_equal(rv_computed_score(&k, 5), 0); /* no target: nothing earned */
    k.target = 3;
    assert_int_equal(rv_computed_score(&k, -1), 0);
    /* 1 of 3 = 33.333... -> 33.33; 2 of 3 = 66.666... -> 66.67 */
    assert_int_equal(rv_computed_score(&k, 1), 3333);
    assert_int_equal(rv_computed_score(&k, 2), 6667);
    /* a huge figure against a tiny target saturates at the cap */
    assert_int_equal(rv_computed_score(&k, INT64_C(999999999999999999)), 12000);
    rv_source_score none[] = {{50, 9000, 0}};
    assert_int_equal(rv_rated_score(none, 1), -1);
    assert_int_equal(rv_average(NULL, 0), -1);
    int64_t bonus;
    bd_err e = {0};
    assert_int_equal(rv_bonus(BD_MONEY_MAX, 200, 0, &bonus, &e), BD_ERR_INVALID);
    assert_int_equal(rv_bonus(-1, 100, 0, &bonus, &e), BD_ERR_INVALID);
    /* 333.33 x 150% = 499.995 -> 500.00 (half up) */
    assert_int_equal(rv_bonus(33333, 150, 0, &bonus, &e), BD_OK);
    assert_int_equal(bonus, 50000);
}

static void test_band_boundaries(void **state)
{
    (void)state;
    const rv_band b[] = {{"A", 9000, false}, {"B", 7500, false}, {"C", 6000, false},
                         {"D", 0, true}};
    assert_string_equal(rv_grade(b, 4, 10000)->grade, "A");
    assert_string_equal(rv_grade(b, 4, 9000)->grade, "A");
    assert_string_equal(rv_grade(b, 4, 8999)->grade, "B");
    assert_string_equal(rv_grade(b, 4, 7500)->grade, "B");
    assert_string_equal(rv_grade(b, 4, 7499)->grade, "C");
    assert_string_equal(rv_grade(b, 4, 6000)->grade, "C");
    assert_string_equal(rv_grade(b, 4, 5999)->grade, "D");
    assert_string_equal(rv_grade(b, 4, 0)->grade, "D");
    assert_true(rv_grade(b, 4, 0)->failing);
    assert_null(rv_grade(b, 0, 5000));
}

static void test_streaks_and_annual(void **state)
{
    (void)state;
    /* D D C D D: the last two fail -> 2 (improvement plan); C breaks it */
    const bool m[] = {true, true, false, true, true};
    assert_int_equal(rv_failure_streak(m, 5), 2);
    const bool three[] = {false, true, true, true};
    assert_int_equal(rv_failure_streak(three, 4), 3);
    const bool ok[] = {true, false};
    assert_int_equal(rv_failure_streak(ok, 2), 0);
    assert_int_equal(rv_failure_streak(NULL, 0), 0);
    /* the year: 70.00, (no review), 80.00, 90.01 -> 240.01 / 3 = 80.0033 -> 80.00 */
    const int64_t q[] = {7000, -1, 8000, 9001};
    assert_int_equal(rv_annual(q, 4), 8000);
    const int64_t none[] = {-1, -1};
    assert_int_equal(rv_annual(none, 2), -1);
    char buf[24];
    assert_string_equal(rv_format(5, buf, sizeof buf), "0.05");
    assert_string_equal(rv_format(-1, buf, sizeof buf), "-");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_sales),       cmocka_unit_test(test_worked_rated),
        cmocka_unit_test(test_worked_aftersales),  cmocka_unit_test(test_ratings_and_limits),
        cmocka_unit_test(test_band_boundaries),    cmocka_unit_test(test_streaks_and_annual),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
