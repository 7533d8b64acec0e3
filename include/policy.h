/*
 * policy.h - the company's rules, loaded from a folder of YAML files
 * (config/ in the source tree, /etc/bizdesk when installed).
 *
 * Files are read with libyaml's event API into a tree that keeps every
 * node's position, then bound to the plain C structs below by tables of
 * keys.  Every mistake is reported as "file:line:column: message" with
 * 1-based line and column; loading goes on after a mistake so that one run
 * names them all.  See man/bizdesk-policy.5 for every key.
 */
#ifndef BIZDESK_POLICY_H
#define BIZDESK_POLICY_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "approval.h"
#include "core.h"
#include "review.h"

/* Limits that protect the loader from hostile or broken files. */
#define POLICY_MAX_FILE_BYTES (1024 * 1024)
#define POLICY_MAX_DEPTH 32
#define POLICY_MAX_SCALAR 4096

/* ---- Diagnostics ------------------------------------------------------- */
typedef struct policy_diag {
    char *file;  /* path as given */
    int line;    /* 1-based; 0 when the whole file is meant */
    int col;     /* 1-based; 0 when the whole file is meant */
    char *msg;
} policy_diag;

typedef struct policy_diags {
    policy_diag *v;
    size_t n, cap;
} policy_diags;

/* Append a diagnostic; file is copied.  line and col 0 mean the whole file. */
void policy_diag_add(policy_diags *d, const char *file, int line, int col,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void policy_diag_vadd(policy_diags *d, const char *file, int line, int col, const char *fmt,
                      va_list ap) __attribute__((format(printf, 5, 0)));
/* "file:line:column: message" (or "file: message" without a position).
 * buf needs room; the text is cut to fit. */
char *policy_diag_format(const policy_diag *g, char *buf, size_t n);
void policy_diags_free(policy_diags *d);

/* ---- Permissions -------------------------------------------------------
 * The permissions a role can be granted.  Code checks these names, so a
 * policy file that names one not in this list is refused. */
#define POLICY_PERM_LIST(X)                                                     \
    X(PERM_ADMIN_USERS, "admin.users", "add, change and deactivate users")      \
    X(PERM_AUDIT_READ, "audit.read", "read and verify the audit trail")         \
    X(PERM_PIPELINE, "pipeline.use", "open the Pipeline module")                \
    X(PERM_PIPELINE_REASSIGN, "pipeline.reassign", "give a lead or customer to another owner") \
    X(PERM_PIPELINE_IMPORT, "pipeline.import", "import leads from CSV files")   \
    X(PERM_CONTRACTS, "contracts.use", "open the Contracts module")             \
    X(PERM_RECEIVABLES, "receivables.record", "record payments and collection on receivables") \
    X(PERM_CLAIMS, "claims.use", "open the Claims module")                      \
    X(PERM_CLAIMS_PAY, "claims.pay", "record payments of approved claims")      \
    X(PERM_BUDGETS, "budgets.manage", "set budgets and import them from CSV")   \
    X(PERM_REVIEWS, "reviews.use", "open the Reviews module")                   \
    X(PERM_REVIEWS_MANAGE, "reviews.manage", "open review periods, calibrate, finalise and publish") \
    X(PERM_REPORTS, "reports.use", "open the Reports module")

typedef enum policy_perm {
#define POLICY_X_ENUM(id, name, help) id,
    POLICY_PERM_LIST(POLICY_X_ENUM)
#undef POLICY_X_ENUM
    PERM_COUNT
} policy_perm;

const char *policy_perm_name(policy_perm p);
const char *policy_perm_help(policy_perm p);
/* -1 when the name is not a permission. */
int policy_perm_from_name(const char *name);

/* What records of other people a role sees. */
typedef enum policy_scope {
    SCOPE_OWN,        /* only their own */
    SCOPE_TEAM,       /* their own and their direct and indirect reports' */
    SCOPE_DEPARTMENT, /* everyone's in their department */
    SCOPE_ALL         /* everyone's */
} policy_scope;

const char *policy_scope_name(policy_scope s);
/* -1 when the name is not a scope. */
int policy_scope_from_name(const char *name);

/* ---- Pipeline (pipeline.yaml) ------------------------------------------
 * The fields of an opportunity that a stage can require before it may be
 * entered; pipeline.yaml names them in a stage's `requires` list. */
#define POLICY_OPP_FIELD_LIST(X)                                   \
    X(OPP_F_CONTACT, "contact", "a contact person")                \
    X(OPP_F_VALUE, "value", "the estimated value")                 \
    X(OPP_F_CLOSE_DATE, "close_date", "the expected close date")   \
    X(OPP_F_NEXT_FOLLOWUP, "next_followup", "the next follow-up date") \
    X(OPP_F_NEEDS, "needs", "the needs notes")                     \
    X(OPP_F_BUDGET, "budget", "the customer's budget")             \
    X(OPP_F_LOST_REASON, "lost_reason", "the reason it was lost")

typedef enum policy_opp_field {
#define POLICY_X_ENUM(id, name, help) id,
    POLICY_OPP_FIELD_LIST(POLICY_X_ENUM)
#undef POLICY_X_ENUM
    OPP_F_COUNT
} policy_opp_field;

const char *policy_opp_field_name(policy_opp_field f);
const char *policy_opp_field_help(policy_opp_field f);
int policy_opp_field_from_name(const char *name); /* -1 when unknown */

/* The fields a lead CSV column can fill; pipeline.yaml maps header texts
 * (synonyms, any language) to these names. */
#define POLICY_IMPORT_FIELD_LIST(X)                     \
    X(IMP_COMPANY, "company")                           \
    X(IMP_CONTACT_NAME, "contact_name")                 \
    X(IMP_TITLE, "title")                               \
    X(IMP_PHONE, "phone")                               \
    X(IMP_EMAIL, "email")                               \
    X(IMP_INDUSTRY, "industry")                         \
    X(IMP_REGION, "region")                             \
    X(IMP_CITY, "city")                                 \
    X(IMP_SOURCE, "source")                             \
    X(IMP_VALUE, "value")                               \
    X(IMP_CLOSE_DATE, "close_date")                     \
    X(IMP_OWNER, "owner")                               \
    X(IMP_NEEDS, "needs")

typedef enum policy_import_field {
#define POLICY_X_ENUM(id, name) id,
    POLICY_IMPORT_FIELD_LIST(POLICY_X_ENUM)
#undef POLICY_X_ENUM
    IMP_COUNT
} policy_import_field;

const char *policy_import_field_name(policy_import_field f);
int policy_import_field_from_name(const char *name); /* -1 when unknown */

typedef struct policy_stage {
    char code[33];
    char *name;
    int probability;   /* win probability, 0-100 */
    uint32_t requires; /* bits (1 << policy_opp_field) needed to enter it */
    int stale_days;    /* days in this stage after which it is stale; 0 never */
    bool won;          /* a closed stage: won (exactly one stage) */
    bool lost;         /* a closed stage: lost (exactly one stage) */
} policy_stage;

typedef struct policy_source {
    char code[33];
    char *name;
} policy_source;

typedef struct policy_class {
    char code[33];
    char *name;
    int churn_days; /* no contact for this many days raises a churn warning */
} policy_class;

typedef struct policy_synonym {
    char *header;              /* as written in the file; matched without
                                  regard to ASCII case and outer spaces */
    policy_import_field field;
} policy_synonym;

/* Keys that make two leads the same customer (bits of these). */
enum {
    POLICY_DUP_EMAIL = 1 << 0,
    POLICY_DUP_PHONE = 1 << 1,
    POLICY_DUP_COMPANY = 1 << 2,
};

typedef enum policy_dup_action { DUP_SKIP, DUP_UPDATE, DUP_FLAG } policy_dup_action;

/* ---- Contracts (contracts.yaml) -----------------------------------------
 * An approval flow as the engine takes it (approval.h): the steps' strings
 * belong to the policy. */
typedef struct policy_flow {
    apv_step *steps;
    int nsteps;
} policy_flow;

typedef struct policy_clause {
    char code[33];
    char *name;
    bool required; /* submission is refused while it is empty */
} policy_clause;

/* Amendment kinds and the flow each one goes through. */
typedef struct policy_amendment {
    char code[33];     /* e.g. "price", "scope", "dates", "other" */
    char *name;
    policy_flow flow;
} policy_amendment;

/* ---- Claims (claims.yaml) -----------------------------------------------
 * Expense categories, the standards (caps) a claim line is checked
 * against, and the flows of claims, entertainment pre-approvals and budget
 * changes, with a department's own flows where it has them (sales claims
 * go to the claimant's supervisor first). */
typedef struct policy_category {
    char code[33];
    char *name;
    bool preapproval; /* a line of this category must cite an approved pre-approval */
} policy_category;

/* What a standard's cap is counted per. */
typedef enum policy_std_unit {
    STD_LINE,   /* the line's amount */
    STD_DAY,    /* all lines of the standard on one date, per claimant */
    STD_NIGHT,  /* amount / quantity (nights) */
    STD_PERSON, /* amount / quantity (persons) */
} policy_std_unit;

typedef struct policy_city_cap {
    char **cities; /* as written; matched exactly against a line's place */
    size_t ncities;
    int64_t cap;   /* minor units per unit */
} policy_city_cap;

typedef struct policy_standard {
    char code[33];
    char *name;
    int category; /* index into categories */
    policy_std_unit unit;
    int64_t cap;  /* minor units per unit, where no city cap applies */
    policy_city_cap *city_caps;
    size_t ncity_caps;
} policy_standard;

/* The approval flows of claims.yaml. */
typedef enum policy_claim_flow {
    CLAIM_FLOW_CLAIM,       /* a reimbursement claim */
    CLAIM_FLOW_PREAPPROVAL, /* an entertainment pre-approval */
    CLAIM_FLOW_BUDGET,      /* a budget change */
    CLAIM_FLOW_COUNT
} policy_claim_flow;

/* A department's own flows; a flow with nsteps 0 is the company's. */
typedef struct policy_dept_flows {
    char department[33];
    policy_flow flows[CLAIM_FLOW_COUNT];
} policy_dept_flows;

/* What happens to a claim that breaks a rule: refused, or let through
 * with a flag that every approver sees. */
typedef enum policy_rule { RULE_REFUSE, RULE_FLAG } policy_rule;

/* ---- Performance (performance.yaml) -------------------------------------
 * KPI templates per role, who rates what with which weight, grade bands
 * with their bonuses, and the rules of failure streaks, promotion and
 * honours.  The arithmetic is core's (review.h). */

/* The figures bizdesk computes from its data, per employee and period.
 * All are in hundredths: money in minor units, counts and percents x 100
 * (3 customers is 300, 12.5% is 1250), a satisfaction average of 4.25 is
 * 425. */
#define POLICY_KPI_SOURCE_LIST(X)                                                            \
    X(KPI_SIGNED_AMOUNT, "signed_amount", "the value of contracts the employee signed")       \
    X(KPI_GROWTH, "growth", "signed amount against the previous period, in percent")          \
    X(KPI_PROFIT, "profit", "signed amount less cost, of the contracts that record their cost") \
    X(KPI_NEW_CUSTOMERS, "new_customers", "customers whose first contract was signed")        \
    X(KPI_SATISFACTION, "satisfaction", "the average survey score (1-5) of their customers")  \
    X(KPI_LEADS, "leads", "opportunities the employee created")                               \
    X(KPI_CONVERSION, "conversion", "won of the opportunities closed, in percent")            \
    X(KPI_RESOLUTION_DAYS, "resolution_days", "average days to close their customers' complaints")

typedef enum policy_kpi_source {
#define POLICY_X_ENUM(id, name, help) id,
    POLICY_KPI_SOURCE_LIST(POLICY_X_ENUM)
#undef POLICY_X_ENUM
    KPI_SOURCE_COUNT
} policy_kpi_source;

const char *policy_kpi_source_name(policy_kpi_source s);
const char *policy_kpi_source_help(policy_kpi_source s);
int policy_kpi_source_from_name(const char *name); /* -1 when unknown */

/* Who rates: the evaluator sources of a 360 review. */
typedef enum policy_rater {
    RATER_SUPERVISOR, RATER_PEER, RATER_SELF, RATER_CUSTOMER, RATER_COUNT
} policy_rater;

const char *policy_rater_name(policy_rater r); /* "supervisor", "peer", "self", "customer" */
int policy_rater_from_name(const char *name);  /* -1 when unknown */

typedef struct policy_kpi {
    char code[33];
    char *name;
    int weight;              /* percent; a template's weights total 100 */
    rv_kpi_kind kind;        /* computed, rated_5, rated_100 */
    policy_kpi_source source;/* computed */
    int64_t target;          /* computed: hundredths (see above), > 0 */
    int cap;                 /* computed: most points, >= 100; default 100 */
    bool lower_is_better;    /* computed: resolution_days is; others are not */
    unsigned rated_by;       /* rated: bits (1 << policy_rater) */
} policy_kpi;

typedef struct policy_template {
    char code[33];
    char *name;
    char (*roles)[33];       /* the roles of roles.yaml it applies to */
    size_t nroles;
    policy_kpi *kpis;
    size_t nkpis;
} policy_template;

typedef struct policy_grade {
    char grade[9];           /* "A" */
    int64_t min;             /* hundredths of a point */
    int bonus_pct;           /* of bonus_base */
    int64_t bonus_amount;    /* minor units, added */
    bool failing;            /* counts toward the failure streak */
    int target_pct;          /* the target share of a department, -1 none */
} policy_grade;

typedef struct policy_honour {
    char code[33];
    char *name;
    policy_kpi_source source;/* the top figure of the period earns it */
} policy_honour;

/* ---- The loaded policy ------------------------------------------------- */
typedef struct policy_department {
    char code[33];
    char *name;
} policy_department;

typedef struct policy_role {
    char code[33];
    char *name;
    policy_scope scope;
    uint64_t perms; /* bit (1 << policy_perm) */
} policy_role;

typedef struct policy {
    char *dir; /* the folder it was loaded from */

    /* bizdesk.yaml */
    char *company_name;
    char currency[4];         /* ISO 4217, e.g. "CNY" */
    int busy_timeout_ms;      /* how long a writer waits for the lock */
    int refresh_ms;           /* how often an idle screen looks for changes */
    policy_department *depts;
    size_t ndepts;

    /* roles.yaml */
    policy_role *roles;
    size_t nroles;

    /* pipeline.yaml */
    policy_stage *stages;     /* in pipeline order; closed stages last */
    size_t nstages;
    policy_source *sources;
    size_t nsources;
    policy_class *classes;    /* customer classes, e.g. key/general/potential */
    size_t nclasses;
    policy_synonym *synonyms; /* CSV header texts -> import fields */
    size_t nsynonyms;
    unsigned dup_keys;        /* POLICY_DUP_* bits */
    policy_dup_action dup_default;
    int64_t import_max_field_bytes;

    /* contracts.yaml */
    policy_flow contract_flow;     /* draft -> ... -> approved */
    policy_flow writeoff_flow;     /* bad-debt write-off requests */
    policy_clause *clauses;        /* in the order a contract shows them */
    size_t nclauses;
    policy_amendment *amendments;
    size_t namendments;
    char *number_pattern;          /* "HT-{year}-{seq:04}" */
    int renewal_days;              /* renewal talks due this many days before the end */
    int retention_years;           /* archived contracts are kept this long */
    int aging_buckets[8];          /* upper bounds of overdue days, ascending: 30, 60, 90 */
    int naging;                    /* the last bucket is "over the last bound" */
    char (*currencies)[4];         /* ISO 4217 codes a contract may use */
    size_t ncurrencies;
    struct policy_rate {
        char code[4];
        int64_t micros;            /* company currency per unit, x 1,000,000 */
    } *rates;                      /* one for each currency but the company's */
    size_t nrates;

    /* claims.yaml */
    policy_category *categories;
    size_t ncategories;
    policy_standard *standards;
    size_t nstandards;
    policy_flow claim_flows[CLAIM_FLOW_COUNT]; /* the company's flows */
    policy_dept_flows *dept_flows;
    size_t ndept_flows;
    int preapproval_tolerance_pct;  /* actual above estimate by more than this % is flagged */
    policy_rule duplicate_invoice;  /* an invoice number seen on an earlier claim */
    policy_rule over_standard;      /* a line above its standard's cap */
    policy_rule over_budget;        /* a claim beyond its department's budget */
    char (*key_classes)[33];        /* customer classes whose pre-approvals go to
                                       every leadership tier */
    size_t nkey_classes;
    char (*pay_methods)[33];        /* how finance pays a claim */
    size_t npay_methods;

    /* performance.yaml */
    policy_template *templates;
    size_t ntemplates;
    int rater_weights[RATER_COUNT]; /* percent, total 100 */
    policy_grade *grades;           /* highest first; the last has min 0 */
    size_t ngrades;
    int64_t bonus_base;             /* minor units */
    int improvement_after;          /* failing periods in a row -> improvement plan */
    int escalation_after;           /* failing periods in a row -> escalation */
    int promotion_periods;          /* periods in a row at the top grade -> promotion
                                       candidate; 0: no such rule */
    policy_honour *honours;
    size_t nhonours;
    int ratings_close_days;         /* ratings are taken until this many days after
                                       the period ends; 0: until it is finalised */
    bool annual_from_periods;       /* a year's review: the mean of that year's
                                       finalised month and quarter reviews
                                       (else scored on the year's own data) */
} policy;

/* Load every policy file from dir.  On success returns BD_OK with *out set
 * (caller frees with policy_free).  On any mistake returns BD_ERR_POLICY,
 * *out NULL, and every mistake found appended to *d (which the caller frees
 * with policy_diags_free).  A missing folder or file is a diagnostic too. */
bd_status policy_load(const char *dir, policy **out, policy_diags *d);
void policy_free(policy **p);

/* For the installed (setgid) mode, before policy_load: BD_OK when dir and
 * every .yaml file in it belong to root and are not writable by group or
 * others; otherwise BD_ERR_POLICY naming the first file that is not, and
 * how to fix it (src/policy/trust.c). */
bd_status policy_dir_trusted(const char *dir, bd_err *e);
/* After policy_dir_trusted: the same check of the file open as fd, which
 * the loader makes on every file it reads (BD_OK before any such check). */
bd_status policy_fd_trusted(int fd, const char *path, bd_err *e);

const policy_role *policy_role_find(const policy *p, const char *code);
const policy_department *policy_dept_find(const policy *p, const char *code);
bool policy_role_has(const policy_role *r, policy_perm perm);

/* Index of the stage/source/class with that code, or -1. */
int policy_stage_index(const policy *p, const char *code);
int policy_source_index(const policy *p, const char *code);
int policy_class_index(const policy *p, const char *code);
/* The import field a CSV header names (by synonym or by the field's own
 * name), or -1. */
int policy_synonym_field(const policy *p, const char *header);

/* The engine's view of a flow of this policy; module names it in
 * delegations ("contracts"). */
apv_flow policy_apv_flow(const policy_flow *f, const char *module);
int policy_clause_index(const policy *p, const char *code);
int policy_amendment_index(const policy *p, const char *code);
bool policy_currency_ok(const policy *p, const char *code);
/* amount (minor units of currency) in the company currency, rounded half
 * up; false when contracts.yaml has no rate for currency or it overflows. */
bool policy_to_company(const policy *p, const char *currency, int64_t amount, int64_t *out);
/* The contract number for sequence seq in year: the pattern with {year}
 * and {seq} or {seq:0N} (zero-padded to N digits) replaced.  False when it
 * does not fit in n, or for a negative seq or a year outside 0-9999. */
bool policy_contract_number(const policy *p, int year, int64_t seq, char *out, size_t n);

/* Claims lookups: the index of a category or standard by code, or -1. */
int policy_category_index(const policy *p, const char *code);
int policy_standard_index(const policy *p, const char *code);
/* The cap per unit of s for a line whose place is city: the first city cap
 * listing city, else s->cap. */
int64_t policy_standard_cap(const policy_standard *s, const char *city);
/* The flow of kind for a requester in department: the department's own
 * when claims.yaml gives one, else the company's. */
const policy_flow *policy_claims_flow(const policy *p, policy_claim_flow kind,
                                      const char *department);
/* "claim", "preapproval", "budget_change" (the keys of claims.yaml flows). */
const char *policy_claim_flow_name(policy_claim_flow kind);
bool policy_key_class(const policy *p, const char *class_code);
bool policy_pay_method_ok(const policy *p, const char *code);

/* The KPI template of a role, or NULL when performance.yaml has none. */
const policy_template *policy_template_for_role(const policy *p, const char *role);
int policy_kpi_index(const policy_template *t, const char *code);

#endif
