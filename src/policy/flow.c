/* Approval flows as the policy files write them: a list of steps, each a
 * mapping of code, name, who, role and min_amount.  contracts.yaml (the
 * contract review, write-offs, amendments) and claims.yaml (claims,
 * pre-approvals, budget changes, a department's own flows) bind their flows
 * here, so a step reads and is checked the same way in every file.
 *
 * A step's role is checked against roles.yaml only when roles.yaml had no
 * mistake of its own: against a half-read roles.yaml every role would look
 * unknown, and the typo that matters is the one in roles.yaml.  The rising
 * tiers skip a step whose own amount was wrong, for the same reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "yaml_tree.h"

#define NKEYS(t) (sizeof(t) / sizeof(t)[0])

/* In the order of apv_who. */
static const char *const who_names[] = {
    [APV_ROLE] = "role",
    [APV_MANAGER] = "manager",
    [APV_DEPT_HEAD] = "dept_head",
    [APV_LEADERSHIP] = "leadership",
};
#define NWHO (sizeof who_names / sizeof who_names[0])

void policy_unique_codes(ybind *b, ytree_node *list, const char *what)
{
    ytree_node **v = bd_xcalloc(list->n ? list->n : 1, sizeof *v);
    for (size_t i = 0; i < list->n; i++)
        v[i] = ytree_get(list->items[i], "code");
    ybind_unique(b, v, list->n, what);
    free(v);
}

/* Money as people write it ("100,000.00", "50000"); core's parser, so the
 * forms are those of every amount bizdesk reads. */
bool policy_bind_money(ybind *b, ytree_node *v, const char *what, bool positive, int64_t *out)
{
    char *s = NULL;
    if (!ybind_string(b, v, 64, &s))
        return false;
    int64_t amount = 0;
    bd_err e = {0};
    bool ok = bd_money_parse(s, &amount, &e) == BD_OK;
    if (!ok)
        ybind_errf(b, v, "invalid %s: %s", what, e.msg);
    else if (!positive && amount < 0)
        ybind_errf(b, v, "invalid %s: %s is below 0", what, s);
    else if (positive && amount <= 0)
        ybind_errf(b, v, "invalid %s: %s is not above 0", what, s);
    free(s);
    if (!ok || amount < 0 || (positive && amount == 0))
        return false;
    *out = amount;
    return true;
}

/* A code bound into a new string: the engine's steps hold pointers. */
static bool code_dup(ybind *b, ytree_node *v, const char **out)
{
    char code[33];
    if (!ybind_code(b, v, code))
        return false;
    free((char *)*out);
    *out = bd_xstrdup(code);
    return true;
}

/* ---- Steps -------------------------------------------------------------- */
typedef struct step_ctx {
    apv_step *st;
    ytree_node *item;   /* the step's mapping */
    ytree_node *role;   /* role's value node, when written */
    ytree_node *amount; /* min_amount's value node, when written */
    bool who_ok;        /* who was bound */
    bool amount_bad;    /* min_amount was written wrong */
} step_ctx;

static bool step_code(ybind *b, ytree_node *v, void *obj)
{
    return code_dup(b, v, &((step_ctx *)obj)->st->code);
}

static bool step_name(ybind *b, ytree_node *v, void *obj)
{
    step_ctx *sc = obj;
    char *name = NULL;
    if (!ybind_name(b, v, &name))
        return false;
    free((char *)sc->st->name);
    sc->st->name = name;
    return true;
}

static bool step_who(ybind *b, ytree_node *v, void *obj)
{
    step_ctx *sc = obj;
    int w;
    if (!ybind_enum(b, v, "who", who_names, NWHO, &w))
        return false;
    sc->st->who = (apv_who)w;
    sc->who_ok = true;
    return true;
}

static bool step_role(ybind *b, ytree_node *v, void *obj)
{
    step_ctx *sc = obj;
    sc->role = v;
    return code_dup(b, v, &sc->st->role);
}

static bool step_min_amount(ybind *b, ytree_node *v, void *obj)
{
    step_ctx *sc = obj;
    sc->amount = v;
    sc->amount_bad = !policy_bind_money(b, v, "min_amount", false, &sc->st->min_amount);
    return !sc->amount_bad;
}

static const ybind_key step_keys[] = {
    {"code", true, step_code},
    {"name", true, step_name},
    {"who", true, step_who},
    {"role", false, step_role},
    {"min_amount", false, step_min_amount},
};

/* Who decides needs a role, except the requester's manager, who is found
 * from the users table.  The role must be one of roles.yaml. */
static void check_role(ybind *b, const policy *p, bool roles_ok, const step_ctx *sc)
{
    if (!sc->who_ok)
        return;
    const char *who = who_names[sc->st->who];
    if (sc->st->who == APV_MANAGER) {
        if (sc->role)
            ybind_errf(b, sc->role,
                       "a manager step takes no role: the requester's own manager decides it; "
                       "leave out role");
        return;
    }
    if (!sc->role) {
        ybind_errf(b, sc->item, "missing required key 'role': a %s step names the role that "
                                "decides it", who);
        return;
    }
    if (!sc->st->role || !roles_ok || policy_role_find(p, sc->st->role))
        return;
    bd_buf known = {0};
    for (size_t i = 0; i < p->nroles; i++)
        bd_buf_printf(&known, "%s%s", i ? ", " : "", p->roles[i].code);
    char buf[YTREE_SHOWN_SIZE];
    ybind_errf(b, sc->role, "unknown role %s: roles.yaml has no such role (roles: %s)",
               ytree_describe(sc->role, buf, sizeof buf), bd_buf_str(&known));
    bd_buf_free(&known);
}

/* Leadership tiers go up: a later leadership step applies from the same
 * amount or a higher one, so the list reads as the ladder it is. */
static void check_tiers(ybind *b, const step_ctx *sc, size_t n)
{
    const step_ctx *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        const step_ctx *s = &sc[i];
        if (!s->who_ok || s->st->who != APV_LEADERSHIP || s->amount_bad)
            continue;
        if (prev && s->st->min_amount < prev->st->min_amount) {
            char now[32], before[32];
            bd_money_format(s->st->min_amount, true, now, sizeof now);
            bd_money_format(prev->st->min_amount, true, before, sizeof before);
            ybind_errf(b, s->amount ? s->amount : s->item,
                       "min_amount %s is lower than the %s of the leadership step before it "
                       "('%s', line %d): leadership tiers go in order of rising amount",
                       now, before, prev->st->code ? prev->st->code : "?", prev->item->line);
        }
        prev = s;
    }
}

bool policy_bind_flow(ybind *b, ytree_node *v, const policy *p, bool roles_ok, policy_flow *f)
{
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n < 1 || v->n > APV_MAX_STEPS)
        ybind_errf(b, v, "expected from 1 to %d steps, got %zu", APV_MAX_STEPS, v->n);
    if (v->n == 0)
        return false;
    f->steps = bd_xcalloc(v->n, sizeof *f->steps);
    f->nsteps = (int)v->n;
    step_ctx *sc = bd_xcalloc(v->n, sizeof *sc);
    for (size_t i = 0; i < v->n; i++) {
        sc[i] = (step_ctx){.st = &f->steps[i], .item = v->items[i]};
        ybind_table(b, v->items[i], step_keys, NKEYS(step_keys), &sc[i]);
        check_role(b, p, roles_ok, &sc[i]);
    }
    policy_unique_codes(b, v, "step code");
    check_tiers(b, sc, v->n);
    free(sc);
    return b->errors == before;
}

void policy_flow_free(policy_flow *f)
{
    for (int i = 0; i < f->nsteps; i++) {
        free((char *)f->steps[i].code);
        free((char *)f->steps[i].name);
        free((char *)f->steps[i].role);
    }
    free(f->steps);
    f->steps = NULL;
    f->nsteps = 0;
}
