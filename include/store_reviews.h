/*
 * store_reviews.h - performance reviews in the database (migration 007):
 * review periods, reviews and their ratings, peers, finalised scores,
 * improvement plans and the figures computed KPIs come from
 * (src/store/reviews.c, kpis.c).
 *
 * Include store.h, not this file: it relies on the types store.h declares
 * (store, store_viewer, store_user, the audit types) before it includes
 * the module parts at its end.
 */
#ifndef BIZDESK_STORE_REVIEWS_H
#define BIZDESK_STORE_REVIEWS_H

#ifndef BIZDESK_STORE_H
#error "include store.h, not store_reviews.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

/* ---- Reviews (migration 007) ----------------------------------------------
 * Review periods per department, one review per employee with the KPI
 * template of their role, ratings by source, peers, the scores as they
 * were finalised (per revision), improvement plans, and the figures the
 * computed KPIs come from.  Updates are optimistic on version (stale:
 * BD_ERR_CONFLICT) and bump it. */
typedef struct store_review_period {
    int64_t id;
    char department[33];
    char period[8];           /* 2026-11, 2026-Q4 or 2026 */
    char state[16];           /* open finalised published locked */
    int64_t opened_by;
    char opened_at[21];
    char finalised_at[21];
    char published_at[21];
    int64_t version;
} store_review_period;

/* BD_ERR_CONFLICT when the department has that period already. */
bd_status store_review_period_insert(store *s, store_review_period *p, bd_err *e);
bd_status store_review_period_get(store *s, int64_t id, store_review_period *p, bd_err *e);
bd_status store_review_period_find(store *s, const char *department, const char *period,
                                   store_review_period *p, bd_err *e);
/* state and the timestamps. */
bd_status store_review_period_update(store *s, store_review_period *p, bd_err *e);
/* Of department (NULL: every one), newest period first. */
bd_status store_review_period_list(store *s, const char *department, store_review_period *rows,
                                   int max, int *n, bd_err *e);

typedef struct store_review {
    int64_t id;
    int64_t period_id;
    char period[8];           /* filled by reads */
    char department[33];      /* filled by reads: the period's */
    int64_t employee_id;
    char employee_login[33];  /* filled by reads */
    char employee_name[256];  /* filled by reads */
    char employee_role[33];   /* filled by reads */
    int64_t supervisor_id;    /* 0 when none */
    char supervisor_login[33];/* filled by reads */
    char template_code[33];
    char state[16];           /* self rating final published interviewed locked */
    int64_t score;            /* hundredths; -1 until final */
    char grade[9];
    int64_t bonus;            /* minor units; -1 until final */
    char grade_reason[512];   /* why calibration set the grade, "" none */
    int revision;
    char self_done_at[21];
    char interview[2048];
    char goals[1024];
    char interviewed_at[21];
    int64_t figures_checked_by;     /* who checked the computed figures; 0 none */
    char figures_checked_by_login[33]; /* filled by reads */
    char figures_checked_at[21];    /* "" until checked (migration 010) */
    char updated_at[21];
    int64_t version;
} store_review;

/* BD_ERR_CONFLICT when the employee has a review of that period. */
bd_status store_review_insert(store *s, store_review *r, bd_err *e);
bd_status store_review_get(store *s, int64_t id, store_review *r, bd_err *e);
/* Every field but the ids (figures_checked_by is written), template and
 * the filled ones. */
bd_status store_review_update(store *s, store_review *r, bd_err *e);
/* The reviews of a period, by employee login. */
bd_status store_review_list(store *s, int64_t period_id, store_review *rows, int max, int *n,
                            bd_err *e);
/* An employee's reviews, newest period first (the period text sorts). */
bd_status store_review_history(store *s, int64_t employee_id, store_review *rows, int max,
                               int *n, bd_err *e);

typedef struct store_rating {
    int64_t id;
    int64_t review_id;
    char kpi[33];
    char source[16];          /* supervisor peer self customer */
    int64_t rater_id;
    char rater_login[33];     /* filled by reads */
    int rating;
    char comment[512];
    char at[21];
} store_rating;

/* Insert, or replace the rating and comment of the same review, KPI,
 * source and rater. */
bd_status store_rating_put(store *s, store_rating *r, bd_err *e);
bd_status store_rating_list(store *s, int64_t review_id, store_rating *rows, int max, int *n,
                            bd_err *e);

bd_status store_review_peer_add(store *s, int64_t review_id, int64_t peer_id, bd_err *e);
bd_status store_review_peers(store *s, int64_t review_id, int64_t *ids, int max, int *n,
                             bd_err *e);
/* Reviews in state 'self' or 'rating' where user is a peer, oldest first. */
bd_status store_reviews_to_rate_as_peer(store *s, int64_t user_id, store_review *rows, int max,
                                        int *n, bd_err *e);

typedef struct store_review_score {
    char kpi[33];
    int64_t figure;           /* computed KPIs, hundredths; -1 none */
    int64_t points;           /* hundredths; -1 not scored */
} store_review_score;

/* Replace the scores of (review, revision). */
bd_status store_review_scores_put(store *s, int64_t review_id, int revision,
                                  const store_review_score *rows, int n, bd_err *e);
bd_status store_review_scores(store *s, int64_t review_id, int revision,
                              store_review_score *rows, int max, int *n, bd_err *e);

/* The computed KPI figures of a review as its supervisor checked them
 * (migration 010): one per computed KPI, hundredths, -1 no data. */
typedef struct store_review_figure {
    char kpi[33];
    int64_t figure;
} store_review_figure;

/* Replace every checked figure of review_id with rows. */
bd_status store_review_figures_put(store *s, int64_t review_id, const store_review_figure *rows,
                                   int n, bd_err *e);
/* The checked figures of review_id, by KPI code; none (n 0) until checked. */
bd_status store_review_figures(store *s, int64_t review_id, store_review_figure *rows, int max,
                               int *n, bd_err *e);

typedef struct store_improvement_plan {
    int64_t id;
    int64_t employee_id;
    char employee_login[33];  /* filled by reads */
    int64_t review_id;
    char goals[1024];
    char support[1024];
    char review_on[11];
    char result[1024];
    char state[16];           /* open passed failed escalated */
    char created_at[21];
    int64_t version;
} store_improvement_plan;

bd_status store_plan_insert(store *s, store_improvement_plan *p, bd_err *e);
bd_status store_plan_get(store *s, int64_t id, store_improvement_plan *p, bd_err *e);
/* result and state. */
bd_status store_plan_update(store *s, store_improvement_plan *p, bd_err *e);
/* Of employee (0: everyone), newest first. */
bd_status store_plan_list(store *s, int64_t employee_id, store_improvement_plan *rows, int max,
                          int *n, bd_err *e);

/* The figures computed KPIs come from, for one employee and the dates
 * from..to (inclusive), in hundredths (-1: no data to compute it from):
 *   SIGNED         contracts the employee owns signed in the dates, in
 *                  currency (other currencies are left out), summed
 *   NEW_CUSTOMERS  customers whose first signed contract (any owner) is
 *                  the employee's and falls in the dates, x 100
 *   SATISFACTION   average survey score of the employee's customers in the
 *                  dates, x 100 (-1 when no survey)
 *   LEADS          opportunities the employee owns created in the dates, x 100
 *   CONVERSION     of the employee's opportunities that entered won_stage
 *                  or lost_stage in the dates, the won share in percent x 100
 *                  (-1 when none closed)
 *   PROFIT         as SIGNED, amount less cost, over the contracts that
 *                  record their cost (-1 when none does)
 *   RESOLUTION     average days from opened_on to closed_on of the
 *                  complaints of the employee's customers closed in the
 *                  dates, x 100 (-1 when none closed) */
typedef enum store_kpi {
    STORE_KPI_SIGNED, STORE_KPI_NEW_CUSTOMERS, STORE_KPI_SATISFACTION, STORE_KPI_LEADS,
    STORE_KPI_CONVERSION, STORE_KPI_RESOLUTION, STORE_KPI_PROFIT,
} store_kpi;

typedef struct store_kpi_query {
    store_kpi kpi;
    int64_t employee_id;
    const char *from, *to;
    const char *currency;     /* SIGNED */
    const char *won_stage, *lost_stage; /* CONVERSION */
} store_kpi_query;

bd_status store_kpi_figure(store *s, const store_kpi_query *q, int64_t *figure, bd_err *e);
/* The records the figure counts, one call each: the record's kind
 * ("contract", "customer", "survey", "opportunity", "complaint"), its id
 * and a line describing it ("HT-2026-0001 香港貿易公司 50,000.00 CNY
 * signed 2026-11-03"); cb returns non-zero to stop. */
typedef int (*store_kpi_cb)(void *ctx, const char *kind, int64_t id, const char *what);
bd_status store_kpi_records(store *s, const store_kpi_query *q, store_kpi_cb cb, void *ctx,
                            bd_err *e);

#endif
