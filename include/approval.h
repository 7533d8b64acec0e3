/*
 * approval.h - the approval engine: one set of rules for every workflow
 * that needs someone's yes (contracts, claims, pre-approvals, budget
 * changes, write-offs).  Part of core: no I/O, no clock, no SQLite; the
 * caller passes the flow (from policy), the item, the people and today.
 *
 * A flow is an ordered list of steps.  Each step says who decides it: a
 * role, the requester's manager, the head of the requester's department,
 * or leadership; a step may apply only from an amount on (tiers).  An
 * item is a draft, then in review at one step, then approved; a rejection
 * returns it to its author (rejected), who may submit it again from the
 * first step.
 *
 * Rules no flow can switch off: nobody decides their own request, not
 * even as someone's deputy; one person decides at most one step of an
 * item; a rejection needs a reason; only the author submits or withdraws.
 * A deputy acts for an approver within a date range, a module and an
 * amount, and the decision is recorded as "deputy for approver".
 */
#ifndef BIZDESK_APPROVAL_H
#define BIZDESK_APPROVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

typedef enum apv_who {
    APV_ROLE,       /* anyone holding step.role */
    APV_MANAGER,    /* the requester's manager */
    APV_DEPT_HEAD,  /* a holder of step.role in the requester's department */
    APV_LEADERSHIP, /* anyone holding step.role (leadership), for tiers */
} apv_who;

typedef struct apv_step {
    const char *code;   /* "legal_review" */
    const char *name;   /* for people */
    apv_who who;
    const char *role;   /* APV_ROLE, APV_DEPT_HEAD, APV_LEADERSHIP */
    int64_t min_amount; /* the step applies when amount >= this; 0 always */
} apv_step;

typedef struct apv_flow {
    const char *module; /* "contracts", "claims"...: delegations name it */
    const apv_step *steps;
    int nsteps;
} apv_flow;

typedef struct apv_person {
    int64_t id;
    const char *login;
    const char *role;
    const char *department;
    int64_t manager_id; /* 0 when none */
} apv_person;

typedef enum apv_state { APV_DRAFT, APV_IN_REVIEW, APV_APPROVED, APV_REJECTED } apv_state;

#define APV_MAX_STEPS 16

typedef struct apv_item {
    apv_state state;
    int step;                          /* current step while in review */
    int64_t amount;                    /* minor units */
    int64_t author_id;
    int64_t decided_by[APV_MAX_STEPS]; /* who approved each step (0 none) */
} apv_item;

/* A deputy acting for `from` on `module` (NULL: every module), from
 * `start` to `end` (YYYY-MM-DD, both included), for amounts up to
 * max_amount (0: no limit). */
typedef struct apv_delegation {
    apv_person from;
    int64_t to_id;
    const char *module;
    const char *start, *end;
    int64_t max_amount;
} apv_delegation;

/* Everything a decision depends on besides the flow and the item. */
typedef struct apv_ctx {
    const apv_person *actor;
    const apv_person *author;
    const char *today; /* YYYY-MM-DD */
    const apv_delegation *delegations;
    int ndelegations;
} apv_ctx;

typedef enum apv_action { APV_SUBMIT, APV_APPROVE, APV_REJECT, APV_WITHDRAW } apv_action;
#define APV_ACTION_COUNT 4

const char *apv_action_name(apv_action a);
const char *apv_state_name(apv_state s);

/* May ctx->actor take action a on item now?  BD_OK, or BD_ERR_DENIED /
 * BD_ERR_INVALID with the reason in e ("you asked for it yourself").
 * When the actor acts as someone's deputy, *on_behalf (if not NULL) is
 * set to that approver (else NULL). */
bd_status apv_check(const apv_flow *f, const apv_item *item, const apv_ctx *ctx, apv_action a,
                    const apv_person **on_behalf, bd_err *e);

/* Check, then apply: move the item to its next state.  comment is the
 * reason of a rejection (required).  On refusal the item is unchanged. */
bd_status apv_apply(const apv_flow *f, apv_item *item, const apv_ctx *ctx, apv_action a,
                    const char *comment, const apv_person **on_behalf, bd_err *e);

/* The first step at or after `from` that applies to amount; nsteps when
 * none is left (approved). */
int apv_next_step(const apv_flow *f, int from, int64_t amount);

#endif
