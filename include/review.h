/*
 * review.h - the arithmetic of performance reviews: KPI scores, the
 * weighted score of a review, grades, bonuses, failure streaks and the
 * annual roll-up.  Part of core: no I/O, no clock, no SQLite; the caller
 * passes the template (from performance.yaml), the figures and ratings.
 *
 * Scores are integers in hundredths of a point (87.50 is 8750), so the
 * same inputs give the same grade on every machine; each step rounds half
 * up to the hundredth.  A score is 0 to 100 points, or up to a KPI's cap
 * (e.g. 120) when a computed figure beats its target.
 */
#ifndef BIZDESK_REVIEW_H
#define BIZDESK_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

#define RV_POINT 100            /* one point in hundredths */
#define RV_FULL (100 * RV_POINT) /* 100.00 points */

/* How a KPI is scored. */
typedef enum rv_kpi_kind {
    RV_COMPUTED, /* a figure from the data, against a target */
    RV_RATED_5,  /* rated 1-5 by evaluators: 1 is 20 points, 5 is 100 */
    RV_RATED_100 /* rated 0-100 by evaluators */
} rv_kpi_kind;

typedef struct rv_kpi {
    const char *code;
    int weight;           /* percent of the review; a role's weights total 100 */
    rv_kpi_kind kind;
    int64_t target;       /* computed: the figure worth 100 points (> 0) */
    int cap;              /* computed: the most points it can earn (>= 100) */
    bool lower_is_better; /* computed: e.g. days to resolve a complaint */
} rv_kpi;

/* The points (hundredths) a computed figure earns: figure / target of 100
 * points, at most cap; with lower_is_better, target / figure (a figure of
 * 0 earns the cap).  A negative figure earns 0. */
int64_t rv_computed_score(const rv_kpi *k, int64_t figure);

/* The points of one rating (1-5 or 0-100); -1 when out of range. */
int64_t rv_rating_score(rv_kpi_kind kind, int rating);

/* The evaluators of a rated KPI: each source (supervisor, peers, self,
 * customer) with its weight and the average points of its ratings. */
typedef struct rv_source_score {
    int weight;     /* percent; the sources of the policy total 100 */
    int64_t points; /* hundredths; ignored when n == 0 */
    int n;          /* how many ratings the source gave (0: none) */
} rv_source_score;

/* Average points of n ratings (hundredths, rounded half up). */
int64_t rv_average(const int64_t *points, int n);

/* A rated KPI's points: the sources' points weighted by their weights,
 * over the sources that rated it (a source that gave no rating does not
 * count, and the others' weights are taken in proportion).  -1 when no
 * source rated it. */
int64_t rv_rated_score(const rv_source_score *s, int n);

/* The review's weighted score: sum of weight x points over the KPIs
 * divided by the sum of their weights, rounded half up.  A KPI that could
 * not be scored (points[i] < 0: no figure to compute it from, nobody rated
 * it) is left out and the others' weights are taken in proportion, as for
 * rated KPIs' sources.  -1 when none was scored. */
int64_t rv_weighted(const rv_kpi *k, const int64_t *points, int n);

/* Grade bands, highest first: a score of at least min (hundredths) earns
 * the band; the last band has min 0. */
typedef struct rv_band {
    const char *grade;  /* "A" */
    int64_t min;        /* hundredths */
    bool failing;       /* counts toward the consecutive-failure rule */
} rv_band;

/* The band of score, or NULL when bands are empty. */
const rv_band *rv_grade(const rv_band *bands, int n, int64_t score);

/* A grade's bonus: base x multiplier_pct / 100, plus amount (minor
 * units, rounded half up).  BD_ERR_INVALID when it overflows. */
bd_status rv_bonus(int64_t base, int multiplier_pct, int64_t amount, int64_t *out, bd_err *e);

/* How many periods in a row, ending with the last of n (oldest first),
 * had a failing grade. */
int rv_failure_streak(const bool *failing, int n);

/* The annual score from the periods' scores (n of them, < 0: missing):
 * their mean over the periods that have one, rounded half up; -1 when
 * none has. */
int64_t rv_annual(const int64_t *scores, int n);

/* "87.50" of 8750; buf needs 24 bytes. */
char *rv_format(int64_t points, char *buf, size_t n);

#endif
