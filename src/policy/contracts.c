/* contracts.yaml: the contract review flow, the bad-debt write-off flow,
 * the clauses a contract has, the kinds of amendment and the flow each one
 * goes through, the contract number pattern, the contract clock (renewal,
 * retention), the aging buckets of receivables and the currencies a
 * contract may use.  Bound by tables of keys like the other files; the
 * flows' steps are bound by flow.c, which claims.yaml shares.
 *
 * The file is read after the first three because it refers to them: a
 * step's role must be a role of roles.yaml, and the currencies must hold
 * bizdesk.yaml's company currency.  Those checks are made only when the other file had no
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

/* ---- The flows (steps: flow.c) ------------------------------------------ */
static bool flow(ybind *b, ytree_node *v, void *obj)
{
    policy_contracts_ctx *cx = obj;
    return policy_bind_flow(b, v, cx->p, cx->roles_ok, &cx->p->contract_flow);
}

static bool writeoff_flow(ybind *b, ytree_node *v, void *obj)
{
    policy_contracts_ctx *cx = obj;
    return policy_bind_flow(b, v, cx->p, cx->roles_ok, &cx->p->writeoff_flow);
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
    policy_unique_codes(b, v, "clause code");
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
    return policy_bind_flow(b, v, ac->cx->p, ac->cx->roles_ok, &ac->a->flow);
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
    policy_unique_codes(b, v, "amendment code");
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

static const struct policy_rate *rate_of(const policy *p, const char *code)
{
    for (size_t i = 0; i < p->nrates; i++)
        if (strcmp(p->rates[i].code, code) == 0)
            return &p->rates[i];
    return NULL;
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
    /* Tiers and credit limits are in the company currency: every other
     * currency needs its rate. */
    for (size_t i = 0; b->errors == before && cx->company_ok && i < p->ncurrencies; i++)
        if (strcmp(p->currencies[i], p->currency) != 0 && !rate_of(p, p->currencies[i]))
            ybind_errf(b, v, "%s has no rate in exchange_rates: amounts in it are compared with "
                             "the approval tiers and credit limits in %s",
                       p->currencies[i], p->currency);
    return b->errors == before;
}

/* A rate: digits with up to six decimals, more than 0, into millionths. */
static bool parse_rate(const char *s, int64_t *out)
{
    int64_t v = 0;
    int decimals = -1;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (*s < '0' || *s > '9' || decimals == 6 || v > INT64_C(100000000000))
            return false;
        v = v * 10 + (*s - '0');
        if (decimals >= 0)
            decimals++;
    }
    for (int d = decimals < 0 ? 0 : decimals; d < 6; d++)
        v *= 10;
    *out = v;
    return v > 0;
}

/* exchange_rates: {USD: 7.10, ...}.  Bound before currencies, which
 * checks that every foreign currency has one. */
static bool exchange_rates(ybind *b, ytree_node *v, void *obj)
{
    policy_contracts_ctx *cx = obj;
    policy *p = cx->p;
    size_t before = b->errors;
    if (!ybind_mapping(b, v))
        return false;
    free(p->rates);
    p->rates = bd_xcalloc(v->n ? v->n : 1, sizeof *p->rates);
    /* the keys of a mapping are scalars (yaml_tree.c refuses others) */
    p->nrates = 0;
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *k = v->pairs[i].key, *val = v->pairs[i].value;
        char buf[YTREE_SHOWN_SIZE];
        char *text = NULL;
        if (!currency_shape(k->text)) {
            ybind_errf(b, k, "invalid currency %s: expected an ISO 4217 code of three capital "
                             "letters, like USD", ytree_describe(k, buf, sizeof buf));
            continue;
        }
        if (!ybind_string(b, val, 0, &text))
            continue;
        int64_t micros = 0;
        /* Kept even when wrong, so that currencies does not report it
         * missing too: the file is refused either way. */
        memcpy(p->rates[p->nrates].code, k->text, 4);
        p->rates[p->nrates++].micros = 0;
        if (!parse_rate(text, &micros))
            ybind_errf(b, val, "invalid rate %s: expected how much of the company currency one "
                               "%s is worth, more than 0, with up to 6 decimals, like 7.10",
                       ytree_describe(val, buf, sizeof buf), k->text);
        else if (cx->company_ok && strcmp(k->text, p->currency) == 0)
            ybind_errf(b, k, "%s is the company currency (bizdesk.yaml): it needs no rate",
                       k->text);
        else
            p->rates[p->nrates - 1].micros = micros;
        free(text);
    }
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
    {"exchange_rates", false, exchange_rates},
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
    policy_flow_free(&p->contract_flow);
    policy_flow_free(&p->writeoff_flow);
    for (size_t i = 0; i < p->nclauses; i++)
        free(p->clauses[i].name);
    for (size_t i = 0; i < p->namendments; i++) {
        free(p->amendments[i].name);
        policy_flow_free(&p->amendments[i].flow);
    }
    free(p->clauses);
    free(p->amendments);
    free(p->number_pattern);
    free(p->currencies);
    free(p->rates);
    p->rates = NULL;
    p->nrates = 0;
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
bool policy_to_company(const policy *p, const char *currency, int64_t amount, int64_t *out)
{
    if (!currency || !*currency || strcmp(currency, p->currency) == 0) {
        *out = amount;
        return true;
    }
    const struct policy_rate *r = rate_of(p, currency);
    if (!r)
        return false;
    __int128 v = ((__int128)amount * r->micros + (amount < 0 ? -500000 : 500000)) / 1000000;
    if (v > BD_MONEY_MAX || v < -BD_MONEY_MAX)
        return false;
    *out = (int64_t)v;
    return true;
}

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
