/* The arithmetic of performance reviews (review.h): integers in
 * hundredths of a point, each division rounded half up. */
#include <stdio.h>

#include "review.h"

/* a / b rounded half up, for a >= 0 and b > 0 (no overflow for the
 * magnitudes of money and points we see: callers keep a below 2^62). */
static int64_t div_round(int64_t a, int64_t b)
{
    return (a + b / 2) / b;
}

/* a * b / c rounded half up, through 128-bit so large figures don't
 * overflow; a, b >= 0, c > 0.  Saturates at INT64_MAX. */
static int64_t muldiv(int64_t a, int64_t b, int64_t c)
{
    __int128 r = ((__int128)a * b + c / 2) / c;
    return r > INT64_MAX ? INT64_MAX : (int64_t)r;
}

int64_t rv_computed_score(const rv_kpi *k, int64_t figure)
{
    int64_t cap = (int64_t)(k->cap < 100 ? 100 : k->cap) * RV_POINT;
    if (k->target <= 0 || figure < 0)
        return 0;
    int64_t s;
    if (k->lower_is_better)
        s = figure == 0 ? cap : muldiv(k->target, RV_FULL, figure);
    else
        s = muldiv(figure, RV_FULL, k->target);
    return s > cap ? cap : s;
}

int64_t rv_rating_score(rv_kpi_kind kind, int rating)
{
    if (kind == RV_RATED_5)
        return rating >= 1 && rating <= 5 ? (int64_t)rating * 20 * RV_POINT : -1;
    if (kind == RV_RATED_100)
        return rating >= 0 && rating <= 100 ? (int64_t)rating * RV_POINT : -1;
    return -1;
}

int64_t rv_average(const int64_t *points, int n)
{
    if (n <= 0)
        return -1;
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += points[i];
    return div_round(sum, n);
}

int64_t rv_rated_score(const rv_source_score *s, int n)
{
    int64_t sum = 0, weights = 0;
    for (int i = 0; i < n; i++) {
        if (s[i].n <= 0 || s[i].weight <= 0)
            continue;
        sum += s[i].points * s[i].weight;
        weights += s[i].weight;
    }
    return weights ? div_round(sum, weights) : -1;
}

int64_t rv_weighted(const rv_kpi *k, const int64_t *points, int n)
{
    int64_t sum = 0, weights = 0;
    for (int i = 0; i < n; i++)
        if (points[i] >= 0 && k[i].weight > 0) {
            sum += points[i] * k[i].weight;
            weights += k[i].weight;
        }
    return weights ? div_round(sum, weights) : -1;
}

const rv_band *rv_grade(const rv_band *bands, int n, int64_t score)
{
    for (int i = 0; i < n; i++)
        if (score >= bands[i].min)
            return &bands[i];
    return n > 0 ? &bands[n - 1] : NULL;
}

bd_status rv_bonus(int64_t base, int multiplier_pct, int64_t amount, int64_t *out, bd_err *e)
{
    if (base < 0 || multiplier_pct < 0 || amount < 0)
        return bd_errf(e, BD_ERR_INVALID, "a bonus is made of amounts of 0 or more");
    int64_t part = muldiv(base, multiplier_pct, 100), total;
    if (part == INT64_MAX || __builtin_add_overflow(part, amount, &total) || total > BD_MONEY_MAX)
        return bd_errf(e, BD_ERR_INVALID, "the bonus is too large");
    *out = total;
    return BD_OK;
}

int rv_failure_streak(const bool *failing, int n)
{
    int k = 0;
    while (k < n && failing[n - 1 - k])
        k++;
    return k;
}

int64_t rv_annual(const int64_t *scores, int n)
{
    int64_t sum = 0;
    int have = 0;
    for (int i = 0; i < n; i++)
        if (scores[i] >= 0) {
            sum += scores[i];
            have++;
        }
    return have ? div_round(sum, have) : -1;
}

char *rv_format(int64_t points, char *buf, size_t n)
{
    if (points < 0)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%lld.%02lld", (long long)(points / RV_POINT),
                 (long long)(points % RV_POINT));
    return buf;
}
