/* contracts.yaml: the contract review flow, the bad-debt write-off flow,
 * the clauses a contract has, the kinds of amendment and the flow each one
 * goes through, the contract number pattern, the contract clock (renewal,
 * retention), the aging buckets of receivables and the currencies a
 * contract may use.  Bound by tables of keys like the other files.
 *
 * The file is read last because it refers to the others: a step's role
 * must be a role of roles.yaml, and the currencies must hold bizdesk.yaml's
 * company currency.  Those checks are made only when the other file had no
 * mistake of its own (policy_contracts_ctx): against a half-read roles.yaml
 * every role would look unknown, and the typo that matters is the one in
 * roles.yaml.  The checks that span a list (rising tiers, rising bounds)
 * skip an item whose own value was wrong, for the same reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "yaml_tree.h"

#define NKEYS(t) (sizeof(t) / sizeof(t)[0])

enum {
    MAX_PATTERN = 64,
    MAX_RENEWAL_DAYS = 3650,
    DEFAULT_RENEWAL_DAYS = 60,
    MAX_RETENTION_YEARS = 100,
    DEFAULT_RETENTION_YEARS = 10,
    MAX_AGING = 7,
    MAX_AGING_DAYS = 3650,
};

#define DEFAULT_PATTERN "HT-{year}-{seq:04}"

_Static_assert(MAX_AGING <= sizeof((policy *)0)->aging_buckets / sizeof(int),
               "aging_buckets holds every bound");

/* In the order of apv_who. */
static const char *const who_names[] = {
    [APV_ROLE] = "role",
    [APV_MANAGER] = "manager",
    [APV_DEPT_HEAD] = "dept_head",
    [APV_LEADERSHIP] = "leadership",
};
#define NWHO (sizeof who_names / sizeof who_names[0])

/* Report duplicate codes among the items of list (mappings with a code). */
static void unique_codes(ybind *b, ytree_node *list, const char *what)
{
    ytree_node **v = bd_xcalloc(list->n ? list->n : 1, sizeof *v);
    for (size_t i = 0; i < list->n; i++)
        v[i] = ytree_get(list->items[i], "code");
    ybind_unique(b, v, list->n, what);
    free(v);
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

/* Money as people write it ("100,000.00", "50000"); core's parser, so the
 * forms are those of every amount bizdesk reads. */
static bool step_min_amount(ybind *b, ytree_node *v, void *obj)
{
    step_ctx *sc = obj;
    sc->amount = v;
    sc->amount_bad = true;
    char *s = NULL;
    if (!ybind_string(b, v, 64, &s))
        return false;
    int64_t amount = 0;
    bd_err e = {0};
    bool ok = bd_money_parse(s, &amount, &e) == BD_OK;
    if (!ok)
        ybind_errf(b, v, "invalid min_amount: %s", e.msg);
    else if (amount < 0)
        ybind_errf(b, v, "invalid min_amount: %s is below 0", s);
    free(s);
    if (!ok || amount < 0)
        return false;
    sc->st->min_amount = amount;
    sc->amount_bad = false;
    return true;
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
static void check_role(ybind *b, const policy_contracts_ctx *cx, const step_ctx *sc)
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
    if (!sc->st->role || !cx->roles_ok || policy_role_find(cx->p, sc->st->role))
        return;
    bd_buf known = {0};
    for (size_t i = 0; i < cx->p->nroles; i++)
        bd_buf_printf(&known, "%s%s", i ? ", " : "", cx->p->roles[i].code);
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

/* A list of steps into f. */
static bool bind_flow(ybind *b, ytree_node *v, const policy_contracts_ctx *cx, policy_flow *f)
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
        check_role(b, cx, &sc[i]);
    }
    unique_codes(b, v, "step code");
    check_tiers(b, sc, v->n);
    free(sc);
    return b->errors == before;
}

static void free_flow(policy_flow *f)
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

static bool flow(ybind *b, ytree_node *v, void *obj)
{
    policy_contracts_ctx *cx = obj;
    return bind_flow(b, v, cx, &cx->p->contract_flow);
}

static bool writeoff_flow(ybind *b, ytree_node *v, void *obj)
{
    policy_contracts_ctx *cx = obj;
    return bind_flow(b, v, cx, &cx->p->writeoff_flow);
}

/* ---- clauses ------------------------------------------------------------ */
static bool clause_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((policy_clause *)obj)->code);
}

static bool clause_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((policy_clause *)obj)->name);
}

static bool clause_required(ybind *b, ytree_node *v, void *obj)
{
    return ybind_bool(b, v, &((policy_clause *)obj)->required);
}

static const ybind_key clause_keys[] = {
    {"code", true, clause_code},
    {"name", true, clause_name},
    {"required", false, clause_required},
};

static bool clauses(ybind *b, ytree_node *v, void *obj)
{
    policy *p = ((policy_contracts_ctx *)obj)->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one clause is needed");
        return false;
    }
    p->clauses = bd_xcalloc(v->n, sizeof *p->clauses);
    p->nclauses = v->n;
    for (size_t i = 0; i < v->n; i++) {
        p->clauses[i].required = true; /* the documents' clauses all are */
        ybind_table(b, v->items[i], clause_keys, NKEYS(clause_keys), &p->clauses[i]);
    }
    unique_codes(b, v, "clause code");
    return b->errors == before;
}

/* ---- amendments --------------------------------------------------------- */
typedef struct amendment_ctx {
    policy_amendment *a;
    const policy_contracts_ctx *cx;
} amendment_ctx;

static bool amendment_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((amendment_ctx *)obj)->a->code);
}

static bool amendment_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((amendment_ctx *)obj)->a->name);
}

static bool amendment_flow(ybind *b, ytree_node *v, void *obj)
{
    amendment_ctx *ac = obj;
    return bind_flow(b, v, ac->cx, &ac->a->flow);
}

static const ybind_key amendment_keys[] = {
    {"code", true, amendment_code},
    {"name", true, amendment_name},
    {"flow", true, amendment_flow},
};

static bool amendments(ybind *b, ytree_node *v, void *obj)
{
    policy_contracts_ctx *cx = obj;
    policy *p = cx->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one kind of amendment is needed: a signed contract changes "
                         "only by amendment");
        return false;
    }
    p->amendments = bd_xcalloc(v->n, sizeof *p->amendments);
    p->namendments = v->n;
    for (size_t i = 0; i < v->n; i++) {
        amendment_ctx ac = {.a = &p->amendments[i], .cx = cx};
        ybind_table(b, v->items[i], amendment_keys, NKEYS(amendment_keys), &ac);
    }
    unique_codes(b, v, "amendment code");
    return b->errors == before;
}

/* ---- number_pattern ------------------------------------------------------
 * A pattern is literal text with placeholders: {year}, and one {seq} or
 * {seq:0N} (N from 1 to 9).  Braces appear only in placeholders, so that
 * a typo such as {yaer} is refused rather than printed on every contract. */
typedef enum piece_kind {
    PIECE_TEXT,
    PIECE_YEAR,
    PIECE_SEQ,
    PIECE_UNKNOWN,  /* {...} that is no placeholder */
    PIECE_UNOPENED, /* } alone */
    PIECE_UNCLOSED, /* { alone */
} piece_kind;

typedef struct piece {
    piece_kind kind;
    size_t len; /* bytes of the pattern it takes */
    int width;  /* PIECE_SEQ: zero-padded to this many digits; 0 none */
} piece;

/* The piece at s (not at its end). */
static piece next_piece(const char *s)
{
    piece pc = {.kind = PIECE_TEXT};
    if (*s == '}')
        return (piece){.kind = PIECE_UNOPENED, .len = 1};
    if (*s != '{') {
        pc.len = strcspn(s, "{}");
        return pc;
    }
    size_t close = strcspn(s + 1, "{}") + 1;
    if (s[close] != '}')
        return (piece){.kind = PIECE_UNCLOSED, .len = 1};
    pc.len = close + 1;
    if (pc.len == 6 && memcmp(s, "{year}", 6) == 0)
        pc.kind = PIECE_YEAR;
    else if (pc.len == 5 && memcmp(s, "{seq}", 5) == 0)
        pc.kind = PIECE_SEQ;
    else if (pc.len == 8 && memcmp(s, "{seq:0", 6) == 0 && s[6] >= '1' && s[6] <= '9')
        pc.kind = PIECE_SEQ, pc.width = s[6] - '0';
    else
        pc.kind = PIECE_UNKNOWN;
    return pc;
}

/* NULL when s is a valid pattern, else why not (into buf). */
static const char *pattern_problem(const char *s, char *buf, size_t n)
{
    size_t len = strlen(s);
    if (len > MAX_PATTERN) {
        snprintf(buf, n, "%zu characters, at most %d", len, MAX_PATTERN);
        return buf;
    }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return "only printable ASCII characters (letters, digits, punctuation, space) may be "
                   "used: the number goes into file names and other systems";
    int seqs = 0;
    for (const char *at = s; *at;) {
        piece pc = next_piece(at);
        switch (pc.kind) {
        case PIECE_UNKNOWN:
            snprintf(buf, n, "unknown placeholder %.*s (known: {year}, {seq}, {seq:0N} with N "
                             "from 1 to 9)",
                     (int)(pc.len > 24 ? 24 : pc.len), at);
            return buf;
        case PIECE_UNOPENED:
            return "a '}' without its '{'; braces are only for {year} and {seq}";
        case PIECE_UNCLOSED:
            return "a '{' without its '}'; braces are only for {year} and {seq}";
        case PIECE_SEQ:
            seqs++;
            break;
        default:
            break;
        }
        at += pc.len;
    }
    if (seqs == 0)
        return "no {seq}: the pattern needs one {seq} or {seq:0N} for the running number";
    if (seqs > 1)
        return "more than one {seq}: the pattern needs exactly one";
    return NULL;
}

static bool number_pattern(ybind *b, ytree_node *v, void *obj)
{
    policy *p = ((policy_contracts_ctx *)obj)->p;
    char *s = NULL;
    if (!ybind_string(b, v, 0, &s))
        return false;
    char why[128], buf[YTREE_SHOWN_SIZE];
    const char *problem = pattern_problem(s, why, sizeof why);
    if (problem) {
        ybind_errf(b, v, "invalid number_pattern %s: %s", ytree_describe(v, buf, sizeof buf),
                   problem);
        free(s);
        return false;
    }
    free(p->number_pattern);
    p->number_pattern = s;
    return true;
}

/* ---- The clock and receivables ------------------------------------------ */
static bool renewal_days(ybind *b, ytree_node *v, void *obj)
{
    int64_t n;
    if (!ybind_int(b, v, 1, MAX_RENEWAL_DAYS, &n))
        return false;
    ((policy_contracts_ctx *)obj)->p->renewal_days = (int)n;
    return true;
}

static bool retention_years(ybind *b, ytree_node *v, void *obj)
{
    int64_t n;
    if (!ybind_int(b, v, 1, MAX_RETENTION_YEARS, &n))
        return false;
    ((policy_contracts_ctx *)obj)->p->retention_years = (int)n;
    return true;
}

static bool aging_buckets(ybind *b, ytree_node *v, void *obj)
{
    policy *p = ((policy_contracts_ctx *)obj)->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n < 1 || v->n > MAX_AGING) {
        ybind_errf(b, v, "expected from 1 to %d bounds, got %zu", MAX_AGING, v->n);
        return false;
    }
    int bounds[MAX_AGING];
    bool have_prev = false;
    int prev_days = 0;
    for (size_t i = 0; i < v->n; i++) {
        int64_t days;
        if (!ybind_int(b, v->items[i], 1, MAX_AGING_DAYS, &days))
            continue;
        bounds[i] = (int)days;
        if (have_prev && days <= prev_days)
            ybind_errf(b, v->items[i],
                       "%d is not above the %d before it: the bounds go in rising order, each "
                       "the last day overdue of its bucket",
                       (int)days, prev_days);
        have_prev = true;
        prev_days = (int)days;
    }
    if (b->errors != before)
        return false;
    memcpy(p->aging_buckets, bounds, v->n * sizeof bounds[0]);
    p->naging = (int)v->n;
    return true;
}

static bool currency_shape(const char *s)
{
    if (strlen(s) != 3)
        return false;
    for (size_t i = 0; i < 3; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return true;
}

static bool currencies(ybind *b, ytree_node *v, void *obj)
{
    policy_contracts_ctx *cx = obj;
    policy *p = cx->p;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one currency is needed");
        return false;
    }
    free(p->currencies);
    p->currencies = bd_xcalloc(v->n, sizeof *p->currencies);
    p->ncurrencies = 0;
    bool company = false;
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *it = v->items[i];
        char *s = NULL;
        if (!ybind_string(b, it, 0, &s))
            continue;
        if (currency_shape(s)) {
            memcpy(p->currencies[p->ncurrencies++], s, 4);
            company = company || strcmp(s, p->currency) == 0;
        } else {
            char buf[YTREE_SHOWN_SIZE];
            ybind_errf(b, it, "invalid currency %s: expected an ISO 4217 code of three capital "
                              "letters, like CNY or USD",
                       ytree_describe(it, buf, sizeof buf));
        }
        free(s);
    }
    ybind_unique(b, v->items, v->n, "currency");
    /* A misspelt code in the list is the mistake to report, not this. */
    if (b->errors == before && cx->company_ok && !company)
        ybind_errf(b, v, "the company currency %s (bizdesk.yaml) is not in the list: "
                         "amounts are kept in it, so contracts must be able to use it",
                   p->currency);
    return b->errors == before;
}

/* ---- The file ----------------------------------------------------------- */
const ybind_key policy_contracts_keys[] = {
    {"flow", true, flow},
    {"writeoff_flow", true, writeoff_flow},
    {"clauses", true, clauses},
    {"amendments", true, amendments},
    {"number_pattern", false, number_pattern},
    {"renewal_days", false, renewal_days},
    {"retention_years", false, retention_years},
    {"aging_buckets", false, aging_buckets},
    {"currencies", false, currencies},
};
const size_t policy_contracts_nkeys = NKEYS(policy_contracts_keys);

void policy_contracts_defaults(policy *p)
{
    static const int aging[] = {30, 60, 90};
    free(p->number_pattern);
    p->number_pattern = bd_xstrdup(DEFAULT_PATTERN);
    p->renewal_days = DEFAULT_RENEWAL_DAYS;
    p->retention_years = DEFAULT_RETENTION_YEARS;
    memcpy(p->aging_buckets, aging, sizeof aging);
    p->naging = (int)(sizeof aging / sizeof aging[0]);
    free(p->currencies);
    p->currencies = bd_xcalloc(1, sizeof *p->currencies);
    memcpy(p->currencies[0], p->currency, 4);
    p->ncurrencies = 1;
}

void policy_contracts_free(policy *p)
{
    free_flow(&p->contract_flow);
    free_flow(&p->writeoff_flow);
    for (size_t i = 0; i < p->nclauses; i++)
        free(p->clauses[i].name);
    for (size_t i = 0; i < p->namendments; i++) {
        free(p->amendments[i].name);
        free_flow(&p->amendments[i].flow);
    }
    free(p->clauses);
    free(p->amendments);
    free(p->number_pattern);
    free(p->currencies);
    p->clauses = NULL, p->amendments = NULL, p->number_pattern = NULL, p->currencies = NULL;
    p->nclauses = p->namendments = p->ncurrencies = 0;
}

/* ---- Lookups ------------------------------------------------------------ */
apv_flow policy_apv_flow(const policy_flow *f, const char *module)
{
    return (apv_flow){
        .module = module,
        .steps = f ? f->steps : NULL,
        .nsteps = f ? f->nsteps : 0,
    };
}

int policy_clause_index(const policy *p, const char *code)
{
    return p ? POLICY_CODE_INDEX(policy_clause, p->clauses, p->nclauses, code) : -1;
}

int policy_amendment_index(const policy *p, const char *code)
{
    return p ? POLICY_CODE_INDEX(policy_amendment, p->amendments, p->namendments, code) : -1;
}

bool policy_currency_ok(const policy *p, const char *code)
{
    if (!p || !code)
        return false;
    for (size_t i = 0; i < p->ncurrencies; i++)
        if (strcmp(p->currencies[i], code) == 0)
            return true;
    return false;
}

/* Also false for a negative seq, a year outside 0-9999 and a pattern the
 * loader would refuse: a number is never made up from a bad input. */
bool policy_contract_number(const policy *p, int year, int64_t seq, char *out, size_t n)
{
    if (!out || n == 0)
        return false;
    out[0] = '\0';
    if (!p || !p->number_pattern || seq < 0 || year < 0 || year > 9999)
        return false;
    size_t used = 0;
    for (const char *at = p->number_pattern; *at;) {
        piece pc = next_piece(at);
        char num[32];
        const char *text = at;
        size_t len = pc.len;
        switch (pc.kind) {
        case PIECE_TEXT:
            break;
        case PIECE_YEAR:
            len = (size_t)snprintf(num, sizeof num, "%d", year);
            text = num;
            break;
        case PIECE_SEQ:
            len = (size_t)snprintf(num, sizeof num, "%0*lld", pc.width, (long long)seq);
            text = num;
            break;
        default:
            out[0] = '\0';
            return false;
        }
        if (len >= n - used) {
            out[0] = '\0';
            return false;
        }
        memcpy(out + used, text, len);
        used += len;
        out[used] = '\0';
        at += pc.len;
    }
    return true;
}
