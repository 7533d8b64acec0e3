/* The parts of the review on screen (review_detail.c) that its actions
 * (review_act.c) share: the struct and a few readings of it. */
#ifndef BIZDESK_UI_REVIEW_INTERNAL_H
#define BIZDESK_UI_REVIEW_INTERNAL_H

#include "ui_internal.h"

struct ui_review {
    app *a;
    const policy *p;
    int64_t id;
    app_review_detail *d;
    bool ok;
    char error[1024];  /* why it could not be read */
    char notice[1024]; /* the last action's refusal, until the next key */
    int cur;           /* the KPI under the cursor */
    int top;           /* the first KPI row shown */
};

/* review_detail.c */
bool rv_open_state(const char *state);
policy_rater rv_relation(const ui_review *r);
const store_rating *rv_own_rating(const ui_review *r, const char *code, const char *source);
const char *rv_figure_text(const policy_kpi *k, int64_t f, char *buf, size_t n);
const char *rv_scale_text(const policy_kpi *k);

/* review_act.c: what the keys of the REVIEW context do */
void rv_show_sources(ui_review *r, ui_ctx *u);
void rv_rate(ui_review *r, ui_ctx *u);
void rv_submit_self(ui_review *r, ui_ctx *u);
void rv_name_peers(ui_review *r, ui_ctx *u);
void rv_interview(ui_review *r, ui_ctx *u);
void rv_check_figures(ui_review *r, ui_ctx *u);

#endif
