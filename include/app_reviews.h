/*
 * app_reviews.h - the performance reviews' actions (src/app/reviews.c):
 * review periods, self, supervisor, peer and customer ratings, computed
 * KPIs, finalising and improvement plans.
 *
 * Include app.h, not this file: it relies on the session types app.h
 * declares (app, app_actor) before it includes the module parts at its end.
 */
#ifndef BIZDESK_APP_REVIEWS_H
#define BIZDESK_APP_REVIEWS_H

#ifndef BIZDESK_APP_H
#error "include app.h, not app_reviews.h"
#endif

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "policy.h"
#include "store.h"

/* ---- Reviews (reviews.use; reviews.manage to run a cycle) -----------------
 * A period (a month, a quarter, a year) is opened for a department; each
 * active member whose role has a KPI template (performance.yaml) gets a
 * review.  The employee rates themself and submits; the supervisor (their
 * manager), the peers the supervisor names, and the supervisor on the
 * customers' behalf rate the rated KPIs; computed KPIs come from the
 * data.  The manager finalises the period (scores, grades, bonuses kept as
 * they are), calibrates grades with a reason, publishes; the supervisor
 * records the feedback interview; the manager locks.  A finalised review
 * is never edited: a correction is a new, audited revision. */
bd_status app_review_open(app *a, const char *department, const char *period,
                          store_review_period *out, bd_err *e);
/* Periods of the actor's department (every department's with scope all),
 * newest first. */
bd_status app_review_periods(app *a, store_review_period *rows, int max, int *n, bd_err *e);
/* Reviews of a period in the actor's reach: their own, those they
 * supervise or rate as a peer, their role's scope. */
bd_status app_review_list(app *a, int64_t period_id, store_review *rows, int max, int *n,
                          bd_err *e);

enum { APP_REVIEW_MAX_KPIS = 16, APP_REVIEW_MAX_RATINGS = 128, APP_REVIEW_MAX_PEERS = 8 };

/* One KPI of a review, as it scores now (or as it was finalised). */
typedef struct app_review_kpi {
    const policy_kpi *kpi;
    int64_t figure;           /* computed: hundredths; -1 no data.  The figure
                                 as checked when checked, else as the records
                                 give it now (once final: as finalised) */
    int64_t live;             /* computed: the records' figure now; -1 no data */
    bool checked;             /* computed: figure is the supervisor's checked one */
    int64_t points;           /* hundredths; -1 not scored */
    int64_t source_points[RATER_COUNT]; /* rated: average per source, -1 none */
    int source_n[RATER_COUNT];
} app_review_kpi;

/* What to look at besides the score. */
enum {
    REVIEW_FLAG_IMPROVEMENT = 1 << 0, /* failing periods in a row >= improvement_after */
    REVIEW_FLAG_ESCALATION = 1 << 1,  /* >= escalation_after */
    REVIEW_FLAG_PROMOTION = 1 << 2,   /* top grade promotion_periods in a row */
};

typedef struct app_review_detail {
    store_review review;
    const policy_template *tpl;
    app_review_kpi kpis[APP_REVIEW_MAX_KPIS];
    int nkpis;
    int64_t score;            /* hundredths; -1 none (live until final) */
    char grade[9];
    int64_t bonus;            /* minor units; -1 none */
    unsigned flags;
    int streak;               /* failing periods in a row, this one included */
    store_rating ratings[APP_REVIEW_MAX_RATINGS]; /* peers' raters hidden from
                                                     the rated employee */
    int nratings;
    int64_t peers[APP_REVIEW_MAX_PEERS];
    int npeers;
    char missing[512];        /* who has yet to rate: "self, supervisor chen.jing" */
    bool figures_needed;      /* computed KPIs count toward the score: the
                                 supervisor checks their figures */
    bool figures_checked;     /* checked (review.figures_checked_by, _at), every
                                 computed KPI's figure frozen as checked */
    int annual_periods;       /* a year's score: the mean of this many finalised
                                 month and quarter reviews (0: its own data) */
    char from[11], to[11];    /* the period's dates */
} app_review_detail;

/* Large: allocate it. */
bd_status app_review_get(app *a, int64_t id, app_review_detail *out, bd_err *e);
/* Rate one KPI (1-5 or 0-100 as the KPI says) as the actor's relation to
 * the employee (self, supervisor, peer); source "customer" is entered by
 * the supervisor for the customers.  Replaces the actor's earlier rating.
 * source NULL: the actor's own relation. */
bd_status app_review_rate(app *a, int64_t id, const char *kpi, const char *source, int rating,
                          const char *comment, bd_err *e);
/* The employee's self evaluation is done: the review goes to rating. */
bd_status app_review_submit_self(app *a, int64_t id, bd_err *e);
/* The supervisor names the peers (logins) who rate the employee. */
bd_status app_review_peers(app *a, int64_t id, const char *const *logins, int n, bd_err *e);
/* The records a computed KPI's figure comes from (as of today, for the
 * review's period): cb as store_kpi_records'. */
bd_status app_review_records(app *a, int64_t id, const char *kpi, store_kpi_cb cb, void *ctx,
                             bd_err *e);
/* The supervisor checks the figures compiled for review id (POLICIES:
 * "compiled by sales admin and checked by the supervisor"): the computed
 * KPIs' figures as the records give them now are kept with who checked
 * them and when, and the score uses those from then on; checking again
 * takes the figures anew.  The review's supervisor or a reviews.manage
 * holder of its department, while the review is in self or rating of an
 * open period; a template with no computed KPI needs no check (refused).
 * expected_version 0: no check of the version; a stale one is
 * BD_ERR_CONFLICT.  Audited with the figures before and after. */
bd_status app_review_check_figures(app *a, int64_t id, int64_t expected_version, bd_err *e);
/* reviews.manage: score every review of the period and keep the scores;
 * the period is finalised.  Refused naming who has not rated and the
 * reviews whose figures the supervisor has not checked, unless force
 * (then an unchecked review is scored with the figures of the day). */
bd_status app_review_finalize(app *a, int64_t period_id, bool force, bd_err *e);
/* reviews.manage, a finalised period: set a review's grade with a reason
 * (its bonus follows the grade).  After publication the same is a
 * correction: a new revision with its reason. */
bd_status app_review_grade(app *a, int64_t id, const char *grade, const char *reason,
                           int64_t expected_version, bd_err *e);
bd_status app_review_publish(app *a, int64_t period_id, bd_err *e);
/* The supervisor records the feedback interview of a published review. */
bd_status app_review_interview(app *a, int64_t id, const char *notes, const char *goals,
                               bd_err *e);
bd_status app_review_lock(app *a, int64_t period_id, bd_err *e);

/* The calibration sheet of a period: each review with its rank, and per
 * supervisor how many got each grade, against the policy's target shares. */
enum { APP_CAL_MAX_GRADES = 8, APP_CAL_MAX_SUPERVISORS = 16 };
typedef struct app_calibration {
    store_review_period period;
    int ngrades;
    char grades[APP_CAL_MAX_GRADES][9];
    int target_pct[APP_CAL_MAX_GRADES];      /* -1 none */
    int total[APP_CAL_MAX_GRADES];           /* reviews per grade */
    char supervisors[APP_CAL_MAX_SUPERVISORS][33];
    int by_supervisor[APP_CAL_MAX_SUPERVISORS][APP_CAL_MAX_GRADES];
    int nsupervisors;
    int64_t bonus_pool;                      /* sum of the bonuses */
    int nreviews;
} app_calibration;

/* rows (max of them, by score, highest first; rank 1 is the best) and
 * the summary. */
bd_status app_review_calibration(app *a, int64_t period_id, store_review *rows, int max, int *n,
                                 app_calibration *out, bd_err *e);
/* The actor's own reviews (or, in reach, login's), newest first. */
bd_status app_review_history(app *a, const char *login, store_review *rows, int max, int *n,
                             bd_err *e);
/* Honours of a period: the review whose figure of each honour's source is
 * the highest (none when nobody has one above 0).  A review whose figures
 * the supervisor checked competes with the checked figure, as its score
 * does. */
typedef struct app_honour {
    const policy_honour *honour;
    char login[33];
    char name[256];
    int64_t figure;
} app_honour;
bd_status app_review_honours(app *a, int64_t period_id, app_honour *rows, int max, int *n,
                             bd_err *e);
/* Improvement plans: reviews.manage or the employee's supervisor. */
bd_status app_plan_new(app *a, int64_t review_id, const char *goals, const char *support,
                       const char *review_on, store_improvement_plan *out, bd_err *e);
bd_status app_plan_close(app *a, int64_t plan_id, const char *state, const char *result,
                         bd_err *e);
bd_status app_plan_list(app *a, const char *login, store_improvement_plan *rows, int max, int *n,
                        bd_err *e);

#endif
