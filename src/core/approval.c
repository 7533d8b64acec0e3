/* The approval engine (see approval.h for the rules). */
#include <string.h>

#include "approval.h"

const char *apv_action_name(apv_action a)
{
    static const char *const names[] = {"submit", "approve", "reject", "withdraw"};
    return (unsigned)a < APV_ACTION_COUNT ? names[a] : "?";
}

const char *apv_state_name(apv_state s)
{
    static const char *const names[] = {"draft", "in review", "approved", "rejected"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

int apv_next_step(const apv_flow *f, int from, int64_t amount)
{
    int i = from < 0 ? 0 : from;
    while (i < f->nsteps && amount < f->steps[i].min_amount)
        i++;
    return i;
}

/* Could person p decide step st of an item by author? */
static bool decides(const apv_step *st, const apv_person *p, const apv_person *author)
{
    switch (st->who) {
    case APV_ROLE:
    case APV_LEADERSHIP:
        return same(p->role, st->role);
    case APV_MANAGER:
        return author->manager_id != 0 && p->id == author->manager_id;
    case APV_DEPT_HEAD:
        return same(p->role, st->role) && same(p->department, author->department);
    }
    return false;
}

static bool delegation_covers(const apv_delegation *d, const apv_flow *f, const apv_ctx *ctx,
                              int64_t amount)
{
    if (d->to_id != ctx->actor->id)
        return false;
    if (d->module && f->module && strcmp(d->module, f->module) != 0)
        return false;
    if (!ctx->today || !d->start || !d->end || strcmp(ctx->today, d->start) < 0 ||
        strcmp(ctx->today, d->end) > 0)
        return false;
    return d->max_amount == 0 || amount <= d->max_amount;
}

/* Whether anyone decided another step of this item already: the same
 * person (directly) may not decide two steps. */
static bool decided_before(const apv_item *item, int64_t person)
{
    for (int i = 0; i < APV_MAX_STEPS; i++)
        if (item->decided_by[i] == person)
            return true;
    return false;
}

static bd_status check_decision(const apv_flow *f, const apv_item *item, const apv_ctx *ctx,
                                const apv_person **on_behalf, bd_err *e)
{
    if (item->state != APV_IN_REVIEW)
        return bd_errf(e, BD_ERR_INVALID, "it is %s, not waiting for a decision",
                       apv_state_name(item->state));
    if (item->step < 0 || item->step >= f->nsteps)
        return bd_errf(e, BD_ERR_INVALID, "it is at no step of the %s flow", f->module);
    const apv_step *st = &f->steps[item->step];
    if (ctx->actor->id == ctx->author->id)
        return bd_errf(e, BD_ERR_DENIED, "you asked for it yourself; nobody decides their own request");
    if (decided_before(item, ctx->actor->id))
        return bd_errf(e, BD_ERR_DENIED, "you decided an earlier step of it; one person decides one step");
    if (decides(st, ctx->actor, ctx->author))
        return BD_OK;
    /* As someone's deputy: the approver must be able to decide, and must
     * not be the author or have decided an earlier step. */
    for (int i = 0; i < ctx->ndelegations; i++) {
        const apv_delegation *d = &ctx->delegations[i];
        if (!delegation_covers(d, f, ctx, item->amount) || !decides(st, &d->from, ctx->author))
            continue;
        if (d->from.id == ctx->author->id || decided_before(item, d->from.id))
            continue;
        if (on_behalf)
            *on_behalf = &ctx->delegations[i].from;
        return BD_OK;
    }
    switch (st->who) {
    case APV_MANAGER:
        return bd_errf(e, BD_ERR_DENIED, "%s is for the requester's manager", st->name);
    case APV_DEPT_HEAD:
        return bd_errf(e, BD_ERR_DENIED, "%s is for the %s of department %s", st->name, st->role,
                       ctx->author->department ? ctx->author->department : "-");
    default:
        return bd_errf(e, BD_ERR_DENIED, "%s is for role %s", st->name, st->role);
    }
}

bd_status apv_check(const apv_flow *f, const apv_item *item, const apv_ctx *ctx, apv_action a,
                    const apv_person **on_behalf, bd_err *e)
{
    if (on_behalf)
        *on_behalf = NULL;
    if (f->nsteps > APV_MAX_STEPS)
        return bd_errf(e, BD_ERR_POLICY, "the %s flow has %d steps (at most %d)", f->module,
                       f->nsteps, APV_MAX_STEPS);
    switch (a) {
    case APV_SUBMIT:
        if (ctx->actor->id != ctx->author->id)
            return bd_errf(e, BD_ERR_DENIED, "only its author submits it");
        if (item->state != APV_DRAFT && item->state != APV_REJECTED)
            return bd_errf(e, BD_ERR_INVALID, "it is %s already", apv_state_name(item->state));
        if (item->amount < 0)
            return bd_errf(e, BD_ERR_INVALID, "amount: negative");
        return BD_OK;
    case APV_WITHDRAW:
        if (ctx->actor->id != ctx->author->id)
            return bd_errf(e, BD_ERR_DENIED, "only its author withdraws it");
        if (item->state != APV_IN_REVIEW)
            return bd_errf(e, BD_ERR_INVALID, "it is %s, not in review", apv_state_name(item->state));
        return BD_OK;
    case APV_APPROVE:
    case APV_REJECT:
        return check_decision(f, item, ctx, on_behalf, e);
    }
    return bd_errf(e, BD_ERR_INVALID, "unknown action");
}

bd_status apv_apply(const apv_flow *f, apv_item *item, const apv_ctx *ctx, apv_action a,
                    const char *comment, const apv_person **on_behalf, bd_err *e)
{
    bd_status st = apv_check(f, item, ctx, a, on_behalf, e);
    if (st != BD_OK)
        return st;
    switch (a) {
    case APV_SUBMIT:
        memset(item->decided_by, 0, sizeof item->decided_by);
        item->step = apv_next_step(f, 0, item->amount);
        item->state = item->step >= f->nsteps ? APV_APPROVED : APV_IN_REVIEW;
        break;
    case APV_WITHDRAW:
        item->state = APV_DRAFT;
        item->step = 0;
        memset(item->decided_by, 0, sizeof item->decided_by);
        break;
    case APV_APPROVE:
        item->decided_by[item->step] = ctx->actor->id;
        item->step = apv_next_step(f, item->step + 1, item->amount);
        if (item->step >= f->nsteps)
            item->state = APV_APPROVED;
        break;
    case APV_REJECT:
        if (!comment || !*comment) {
            if (on_behalf)
                *on_behalf = NULL;
            return bd_errf(e, BD_ERR_INVALID, "comment: a rejection says why");
        }
        item->state = APV_REJECTED;
        break;
    }
    return BD_OK;
}
