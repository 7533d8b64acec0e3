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
    X(PERM_REVIEWS, "reviews.use", "open the Reviews module")                   \
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
} policy;

/* Load every policy file from dir.  On success returns BD_OK with *out set
 * (caller frees with policy_free).  On any mistake returns BD_ERR_POLICY,
 * *out NULL, and every mistake found appended to *d (which the caller frees
 * with policy_diags_free).  A missing folder or file is a diagnostic too. */
bd_status policy_load(const char *dir, policy **out, policy_diags *d);
void policy_free(policy **p);

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
/* The contract number for sequence seq in year: the pattern with {year}
 * and {seq} or {seq:0N} (zero-padded to N digits) replaced.  False when it
 * does not fit in n, or for a negative seq or a year outside 0-9999. */
bool policy_contract_number(const policy *p, int year, int64_t seq, char *out, size_t n);

#endif
