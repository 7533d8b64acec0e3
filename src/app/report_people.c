/* Report generators over people and the record: audit, ranking and
 * calibration (the registry and the run are in reports.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports_internal.h"
#include "review.h"

/* ---- audit --------------------------------------------------------------------------- */

typedef struct audit_state {
    int64_t n;
} audit_state;

static int audit_cb(void *ctx, const bd_audit_row *r, const char *hash)
{
    rctx *c = ctx;
    audit_state *as = c->state;
    (void)hash;
    as->n++;
    char id[32], actor[80], rec[96];
    snprintf(actor, sizeof actor, "%s%s%s", r->actor, r->on_behalf ? " for " : "",
             r->on_behalf ? r->on_behalf : "");
    snprintf(rec, sizeof rec, "%s#%lld", r->entity, (long long)r->entity_id);
    const char *cells[] = {rep_num(id, r->id), r->at, actor, r->action, rec,
                           r->before ? r->before : "", r->after ? r->after : ""};
    return rep_cb_status(c, rep_row(c, RPT_ROW, cells));
}

bd_status gen_audit(rctx *c)
{
    static const rpt_col cols[] = {
        {"#", "id", RPT_INT}, {"At", "at", RPT_DATE}, {"Actor", "actor", RPT_CODE},
        {"Action", "action", RPT_CODE}, {"Record", "record", RPT_CODE},
        {"Before", "before", RPT_TEXT}, {"After", "after", RPT_TEXT},
    };
    audit_state as = {0};
    c->state = &as;
    char before[11];
    rep_shift(c->to, 1, before);
    bd_status st = rep_section(c, "Changes", cols, 7, false);
    if (st == BD_OK)
        st = rep_streamed(c, store_report_audit(c->a->db, c->from, before, audit_cb, c, c->e));
    if (st == BD_OK && as.n > 0) {
        char what[64];
        snprintf(what, sizeof what, "%lld change%s", (long long)as.n, as.n == 1 ? "" : "s");
        const char *cells[] = {"", "Total", "", "", what, "", ""};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    return st;
}

/* ---- ranking, calibration ---------------------------------------------------------------
 * The Reviews module's own functions read the reviews: app_review_list
 * (the reviews of the period in the actor's reach: their own, those they
 * supervise or rate as a peer, their role's scope) for the ranking, and
 * app_review_calibration (reviews.manage over the period's department:
 * every review, ranked, with the grade counts per supervisor, the
 * policy's target shares and the bonus pool) for the calibration sheet.
 * A period is a department's reviews, at most REVIEWS_MAX: a larger one
 * is refused rather than cut short.  Until the period is finalised a
 * review has no kept score: both reports show it as it scores now, as
 * the calibration sheet of `review calibrate` does, and say so. */
enum { REVIEWS_MAX = 500 };

static const rpt_col review_cols[] = {
    {"Rank", "rank", RPT_INT}, {"Employee", "employee", RPT_CODE}, {"Name", "name", RPT_TEXT},
    {"Supervisor", "supervisor", RPT_CODE}, {"Score", "score", RPT_INT},
    {"Grade", "grade", RPT_CODE}, {"Bonus", "bonus", RPT_MONEY},
};

static bool review_final(const store_review *r)
{
    return r->score >= 0;
}

static int review_by_score(const void *x, const void *y)
{
    const store_review *a = x, *b = y;
    if (a->score != b->score)
        return a->score < b->score ? 1 : -1;
    return strcmp(a->employee_login, b->employee_login);
}

/* The reviews ranked, with a total of their bonuses; *bonuses the sum. */
static bd_status review_rows(rctx *c, const char *title, const store_review *rows, int n,
                             int64_t *bonuses)
{
    bd_status st = rep_section(c, title, review_cols, 7, false);
    int64_t total = 0;
    for (int i = 0; st == BD_OK && i < n; i++) {
        const store_review *r = &rows[i];
        char rank[32], sc[24], m[32];
        snprintf(rank, sizeof rank, "%d", i + 1);
        if (r->bonus > 0)
            total += r->bonus;
        const char *cells[] = {r->score < 0 ? "" : rank, r->employee_login, r->employee_name,
                               *r->supervisor_login ? r->supervisor_login : "-",
                               r->score < 0 ? "" : rv_format(r->score, sc, sizeof sc), r->grade,
                               r->bonus < 0 ? "" : rep_money(m, r->bonus)};
        st = rep_row(c, RPT_ROW, cells);
    }
    if (st == BD_OK && n > 0) {
        char what[64], m[32];
        snprintf(what, sizeof what, "%d review%s", n, n == 1 ? "" : "s");
        const char *cells[] = {"", "Total", what, "", "", "", rep_money(m, total)};
        st = rep_row(c, RPT_TOTAL, cells);
    }
    *bonuses = total;
    return st;
}

bd_status gen_ranking(rctx *c)
{
    store_review *rows = bd_xcalloc(REVIEWS_MAX, sizeof *rows);
    app_review_detail *d = bd_xcalloc(1, sizeof *d);
    int n = 0;
    bd_status st = app_review_list(c->a, c->rp.id, rows, REVIEWS_MAX, &n, c->e);
    if (st == BD_OK && n == REVIEWS_MAX)
        st = bd_errf(c->e, BD_ERR_INVALID, "review-period: more than %d reviews",
                     REVIEWS_MAX - 1);
    /* A review not finalised yet scores as it stands (app_review_get). */
    for (int i = 0; st == BD_OK && i < n; i++) {
        if (review_final(&rows[i]))
            continue;
        if ((st = app_review_get(c->a, rows[i].id, d, c->e)) == BD_OK) {
            rows[i].score = d->score;
            bd_strlcpy(rows[i].grade, d->grade, sizeof rows[i].grade);
            rows[i].bonus = d->bonus;
        }
    }
    free(d);
    int64_t bonuses = 0;
    if (st == BD_OK) {
        qsort(rows, (size_t)n, sizeof *rows, review_by_score);
        st = review_rows(c, "Reviews ranked by score", rows, n, &bonuses);
    }
    free(rows);
    return st;
}

bd_status gen_calibration(rctx *c)
{
    store_review *rows = bd_xcalloc(REVIEWS_MAX, sizeof *rows);
    app_calibration *cal = bd_xcalloc(1, sizeof *cal);
    int n = 0;
    int64_t bonuses = 0;
    bd_status st = app_review_calibration(c->a, c->rp.id, rows, REVIEWS_MAX, &n, cal, c->e);
    if (st == BD_OK && n == REVIEWS_MAX)
        st = bd_errf(c->e, BD_ERR_INVALID, "review-period: more than %d reviews",
                     REVIEWS_MAX - 1);
    if (st == BD_OK)
        st = review_rows(c, "Reviews ranked by score", rows, n, &bonuses);

    /* Each grade: how many got it, their share against the target share,
     * and what its bonuses cost (the policy's bonus in percent of the
     * base; the sum of the reviews' bonuses, calibrated grades included). */
    static const rpt_col grade_cols[] = {
        {"Grade", "grade", RPT_CODE}, {"Reviews", "reviews", RPT_INT},
        {"Share %", "share_pct", RPT_PCT}, {"Target %", "target_pct", RPT_PCT},
        {"Bonus % of base", "bonus_pct", RPT_PCT}, {"Bonuses", "bonuses", RPT_MONEY},
    };
    if (st == BD_OK)
        st = rep_section(c, "Grades against the target shares, and the bonus pool", grade_cols, 6,
                     true);
    int targets = 0;
    for (int g = 0; st == BD_OK && g < cal->ngrades; g++) {
        int64_t sum = 0;
        for (int i = 0; i < n; i++)
            if (strcmp(rows[i].grade, cal->grades[g]) == 0 && rows[i].bonus > 0)
                sum += rows[i].bonus;
        const policy_grade *pg = NULL;
        for (size_t k = 0; k < c->p->ngrades; k++)
            if (strcmp(c->p->grades[k].grade, cal->grades[g]) == 0)
                pg = &c->p->grades[k];
        char k1[32], k2[32], k3[32], k4[32], m[32];
        if (cal->target_pct[g] >= 0)
            targets += cal->target_pct[g];
        const char *cells[] = {cal->grades[g], rep_num(k1, cal->total[g]),
                               rep_percent(k2, cal->total[g], cal->nreviews),
                               cal->target_pct[g] < 0 ? "" : rep_num(k3, cal->target_pct[g]),
                               pg ? rep_num(k4, pg->bonus_pct) : "", rep_money(m, sum)};
        st = rep_row(c, RPT_ROW, cells);
    }
    if (st == BD_OK) {
        char k1[32], k2[32], k3[32], m[32];
        int graded = 0;
        for (int g = 0; g < cal->ngrades; g++)
            graded += cal->total[g];
        const char *cells[] = {"Bonus pool", rep_num(k1, graded), rep_percent(k2, graded, cal->nreviews),
                               rep_num(k3, targets), "", rep_money(m, cal->bonus_pool)};
        st = rep_row(c, RPT_TOTAL, cells);
    }

    /* Per supervisor: how many of their reviews got each grade and what
     * share, under the target shares. */
    rpt_col cols[RPT_MAX_COLS];
    char titles[RPT_MAX_COLS][32], keys[RPT_MAX_COLS][32];
    int ncols = 2;
    cols[0] = (rpt_col){"Supervisor", "supervisor", RPT_CODE};
    cols[1] = (rpt_col){"Reviews", "reviews", RPT_INT};
    for (int g = 0; g < cal->ngrades && ncols + 2 <= RPT_MAX_COLS; g++) {
        snprintf(titles[ncols], sizeof titles[0], "%s", cal->grades[g]);
        snprintf(keys[ncols], sizeof keys[0], "grade_%s", cal->grades[g]);
        cols[ncols] = (rpt_col){titles[ncols], keys[ncols], RPT_INT};
        ncols++;
        snprintf(titles[ncols], sizeof titles[0], "%s %%", cal->grades[g]);
        snprintf(keys[ncols], sizeof keys[0], "grade_%s_pct", cal->grades[g]);
        cols[ncols] = (rpt_col){titles[ncols], keys[ncols], RPT_PCT};
        ncols++;
    }
    if (st == BD_OK)
        st = rep_section(c, "Grades by supervisor against the target shares", cols, ncols, true);
    char v[RPT_MAX_COLS][32];
    const char *cells[RPT_MAX_COLS];
    if (st == BD_OK) {
        cells[0] = "Target";
        cells[1] = "";
        for (int g = 0, k = 2; g < cal->ngrades && k + 1 < ncols; g++, k += 2) {
            cells[k] = "";
            cells[k + 1] = cal->target_pct[g] < 0 ? "" : rep_num(v[k + 1], cal->target_pct[g]);
        }
        st = rep_row(c, RPT_ROW, cells);
    }
    /* Supervisors by login, then all of them. */
    int order[APP_CAL_MAX_SUPERVISORS];
    for (int s = 0; s < cal->nsupervisors; s++) {
        int k = s;
        while (k > 0 && strcmp(cal->supervisors[order[k - 1]], cal->supervisors[s]) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = s;
    }
    for (int i = 0; st == BD_OK && i <= cal->nsupervisors; i++) {
        bool all = i == cal->nsupervisors;
        int s = all ? 0 : order[i];
        const int *counts = all ? cal->total : cal->by_supervisor[s];
        int64_t sum = 0;
        for (int g = 0; g < cal->ngrades; g++)
            sum += counts[g];
        cells[0] = all ? "All" : cal->supervisors[s];
        cells[1] = rep_num(v[1], sum);
        for (int g = 0, k = 2; g < cal->ngrades && k + 1 < ncols; g++, k += 2) {
            cells[k] = rep_num(v[k], counts[g]);
            cells[k + 1] = rep_percent(v[k + 1], counts[g], sum);
        }
        st = rep_row(c, all ? RPT_TOTAL : RPT_ROW, cells);
    }
    free(cal);
    free(rows);
    return st;
}
