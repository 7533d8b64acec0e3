/*
 * yaml_tree.h - one policy file as a tree of nodes that remember where they
 * were written, and a binder that turns nodes into C values while
 * collecting "file:line:column: message" diagnostics.
 *
 * Every policy module reads its own file the same way:
 *
 *     ytree *t;
 *     if (ytree_load(path, &t, diags) == BD_OK) {
 *         ybind b;
 *         ybind_init(&b, t, diags);
 *         ybind_table(&b, t->root, top_keys, ntop_keys, &my_struct);
 *         ytree_free(&t);
 *     }
 *
 * where top_keys is a table of {name, required, parse function}; each parse
 * function uses the typed getters below (ybind_int, ybind_string, ...) on
 * its value node.  Getters report the mistake and return false; binding
 * goes on, so one run names every mistake in the file.
 *
 * The YAML accepted is a plain subset: one document, a mapping at the top,
 * no anchors, aliases or tags, scalar keys only, no duplicate keys, UTF-8
 * only.  Scalars are typed as the YAML 1.2 core schema types them, with two
 * narrowings that we document in bizdesk-policy(5): integers are decimal
 * only, and the only booleans are true and false (also True/TRUE,
 * False/FALSE); yes, no, on and off are not booleans.
 *
 * Positions are 1-based; a column counts characters (a CJK character is
 * one column), as libyaml counts them.
 */
#ifndef BIZDESK_YAML_TREE_H
#define BIZDESK_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "policy.h"

/* ---- The tree ---------------------------------------------------------- */
typedef enum ytree_kind {
    YTREE_SCALAR,
    YTREE_MAPPING,
    YTREE_SEQUENCE
} ytree_kind;

typedef struct ytree_node ytree_node;

typedef struct ytree_pair {
    ytree_node *key;   /* a scalar (the loader refuses other keys) */
    ytree_node *value; /* never NULL in a loaded tree */
    bool used;         /* set by ytree_get: somebody asked for this key */
} ytree_pair;

struct ytree_node {
    ytree_kind kind;
    int line, col; /* 1-based; where the node starts */

    /* YTREE_SCALAR: the value, NUL-terminated, valid UTF-8, with no NUL
     * byte inside.  plain is true when it was written without quotes or a
     * block indicator (| >): only plain scalars can be numbers, booleans
     * or null. */
    char *text;
    size_t len;
    bool plain;

    /* YTREE_MAPPING: n pairs in file order.  YTREE_SEQUENCE: n items. */
    ytree_pair *pairs;
    ytree_node **items;
    size_t n, cap;
};

typedef struct ytree {
    char *file;       /* the path as given, used in every diagnostic */
    ytree_node *root; /* always a mapping */
} ytree;

/* Read and parse the file at path.  On success returns BD_OK and *out (free
 * with ytree_free).  Otherwise returns BD_ERR_POLICY, *out NULL, and every
 * mistake found appended to *d: cannot open/read (no position), larger than
 * POLICY_MAX_FILE_BYTES (no position), invalid UTF-8 or a NUL byte, a
 * syntax error (parsing stops there), nesting deeper than POLICY_MAX_DEPTH
 * (parsing stops there), a scalar longer than POLICY_MAX_SCALAR bytes, an
 * anchor, alias or tag, a second document, a key that is not a scalar, a
 * duplicate key, an empty file or a top that is not a mapping. */
bd_status ytree_load(const char *path, ytree **out, policy_diags *d);

/* The same on text already in memory (len bytes of data); file names it in
 * diagnostics.  The size limit applies too. */
bd_status ytree_parse(const char *file, const char *data, size_t len, ytree **out,
                      policy_diags *d);

/* Frees the tree and NULLs *t; NULL and *t == NULL are fine. */
void ytree_free(ytree **t);

/* "a string", "a mapping (key: value)", "a list": for messages. */
const char *ytree_kind_text(ytree_kind k);

/* What a node is, for "expected X, got Y" messages: "'abc'" (quoted, cut
 * to about 48 bytes, control characters shown as '?'), "an empty value",
 * "a list" or "a mapping (key: value)".  buf needs YTREE_SHOWN_SIZE bytes. */
#define YTREE_SHOWN_SIZE 64
const char *ytree_describe(const ytree_node *n, char *buf, size_t size);

/* The value of key in map, marking the key used; NULL when map is NULL, not
 * a mapping, or has no such key. */
ytree_node *ytree_get(ytree_node *map, const char *key);

/* True for a plain scalar that YAML 1.2 reads as null: empty, ~, null,
 * Null, NULL ("name:" with nothing after it is null). */
bool ytree_is_null(const ytree_node *n);

/* ---- The binder -------------------------------------------------------- */
typedef struct ybind {
    const char *file;   /* borrowed from the tree */
    policy_diags *d;    /* where diagnostics go */
    size_t errors;      /* diagnostics this binder has added */
} ybind;

void ybind_init(ybind *b, const ytree *t, policy_diags *d);

/* Add a diagnostic at node's position (the whole file when at is NULL). */
void ybind_errf(ybind *b, const ytree_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Kind checks: true when n is a mapping / a list; otherwise report
 * "expected a mapping (key: value), got a list" at n and return false. */
bool ybind_mapping(ybind *b, const ytree_node *n);
bool ybind_sequence(ybind *b, const ytree_node *n);

/* A string of 1..max_bytes bytes (0: POLICY_MAX_SCALAR).  Any non-null
 * scalar counts, so "name: 2024" is the string "2024".  *out is a new
 * copy (caller frees) and is left alone on failure. */
bool ybind_string(ybind *b, const ytree_node *n, size_t max_bytes, char **out);

/* The same into buf (size bytes, so at most size-1 bytes of text). */
bool ybind_string_buf(ybind *b, const ytree_node *n, char *buf, size_t size);

/* A decimal integer within [min, max] written as a plain scalar ("5000",
 * "-3", "+7"; not "5e3", "0x10", "5 000" or "'5000'"). */
bool ybind_int(ybind *b, const ytree_node *n, int64_t min, int64_t max, int64_t *out);

/* A code (what other tables and files refer to): a string that core's
 * bd_code_valid accepts, 1 to 32 characters of a-z, 0-9 and _, starting
 * with a letter.  out is left alone on failure. */
bool ybind_code(ybind *b, const ytree_node *n, char out[33]);

/* A display name (core's bd_name_valid: 1 to 64 terminal columns, no
 * control characters).  *out is freed and replaced by a new copy (caller
 * frees); left alone on failure. */
bool ybind_name(ybind *b, const ytree_node *n, char **out);

/* true or false (also True, TRUE, False, FALSE), plain. */
bool ybind_bool(ybind *b, const ytree_node *n, bool *out);

/* One of names[0..count): *out is its index.  what names the field in the
 * message: "invalid scope 'global' (expected one of: own, team, ...)". */
bool ybind_enum(ybind *b, const ytree_node *n, const char *what, const char *const *names,
                size_t count, int *out);

/* The value of key in map, or NULL after reporting "missing required key
 * 'key'" at map's position. */
ytree_node *ybind_require(ybind *b, ytree_node *map, const char *key);

/* Report every key of map that nobody asked for with ytree_get as
 * "unknown key 'k' (known keys: <known>)".  known is the text to list. */
void ybind_unused(ybind *b, ytree_node *map, const char *known);

/* Report each scalar in nodes[0..n) whose text equals an earlier one's:
 * "duplicate <what> 'x' (first at line L)" (", column C" added when both
 * are on one line).  NULL entries, lists,
 * mappings and empty values (reported elsewhere) are skipped.
 * Sorts a copy: fine for large lists. */
void ybind_unique(ybind *b, ytree_node *const *nodes, size_t n, const char *what);

/* Sort the diagnostics d->v[from..n), which are all about one file, by
 * position (whole-file ones first), keeping the order of equal positions:
 * a table reports a missing key after the keys it did find, but a person
 * reads the file top to bottom. */
void ytree_diags_sort(policy_diags *d, size_t from);

/* ---- Table-driven binding ----------------------------------------------
 * A table of the keys a mapping may hold, each with the function that binds
 * its value into obj.  A parse function returns false when it reported a
 * mistake. */
typedef bool (*ybind_fn)(ybind *b, ytree_node *value, void *obj);

typedef struct ybind_key {
    const char *name;
    bool required;
    ybind_fn parse;
} ybind_key;

/* Bind map with keys[0..nkeys): checks that map is a mapping, calls each
 * present key's parse function in table order, reports missing required
 * keys at map's position and every other key as unknown (listing the
 * table's names).  Returns true when it added no diagnostic. */
bool ybind_table(ybind *b, ytree_node *map, const ybind_key *keys, size_t nkeys, void *obj);

/* ---- Policy files bound outside policy.c --------------------------------
 * policy.c loads every file of the folder with its table of top keys (obj
 * is the policy being filled); the tables of the other files live with
 * their binders. */

/* pipeline.yaml (pipeline.c). */
extern const ybind_key policy_pipeline_keys[];
extern const size_t policy_pipeline_nkeys;
/* Set the defaults of pipeline.yaml's optional keys; before binding. */
void policy_pipeline_defaults(policy *p);
/* Free what binding pipeline.yaml allocated in p (not p itself). */
void policy_pipeline_free(policy *p);

/* Approval flows (flow.c), shared by contracts.yaml and claims.yaml: a
 * list of 1 to APV_MAX_STEPS steps, each a mapping of code, name, who,
 * role and min_amount.  Binds v into f (whose strings it allocates; free
 * with policy_flow_free, also after a mistake).  A step's role is looked
 * up in p's roles only when roles_ok (roles.yaml had no mistake).  Returns
 * true when it added no diagnostic. */
bool policy_bind_flow(ybind *b, ytree_node *v, const policy *p, bool roles_ok, policy_flow *f);
/* Free f's steps and empty it; an empty flow is fine. */
void policy_flow_free(policy_flow *f);
/* Report duplicate codes among the items of list (a list of mappings with
 * a code): "duplicate <what> 'x' (first at line L)". */
void policy_unique_codes(ybind *b, ytree_node *list, const char *what);
/* Money as people write it ("100,000.00", "50000", quoted or not) into
 * *out (minor units), at least 0, or above 0 when positive.  Reports
 * "invalid <what>: <why>" and leaves *out alone on a mistake. */
bool policy_bind_money(ybind *b, ytree_node *v, const char *what, bool positive, int64_t *out);

/* contracts.yaml (contracts.c).  It refers to the other files (a step's
 * role is a role of roles.yaml; the currencies hold bizdesk.yaml's), so it
 * is bound last, and its table's obj is this context rather than the
 * policy.  A check against another file is made only when that file had
 * no mistake: a half-read file would make every reference look wrong. */
typedef struct policy_contracts_ctx {
    policy *p;
    bool company_ok; /* bizdesk.yaml loaded without a mistake */
    bool roles_ok;   /* roles.yaml loaded without a mistake */
} policy_contracts_ctx;
extern const ybind_key policy_contracts_keys[];
extern const size_t policy_contracts_nkeys;
/* Set the defaults of contracts.yaml's optional keys; after bizdesk.yaml
 * is bound (the default currencies are its currency alone) and before
 * contracts.yaml is. */
void policy_contracts_defaults(policy *p);
/* Free what binding contracts.yaml allocated in p (not p itself). */
void policy_contracts_free(policy *p);

/* claims.yaml (claims.c), bound after contracts.yaml.  It refers to the
 * other files (a step's role is a role of roles.yaml, a department's flows
 * name a department of bizdesk.yaml, the key customer classes are classes
 * of pipeline.yaml); like contracts.yaml, each check against another file
 * is made only when that file had no mistake. */
typedef struct policy_claims_ctx {
    policy *p;
    bool company_ok;  /* bizdesk.yaml loaded without a mistake */
    bool roles_ok;    /* roles.yaml loaded without a mistake */
    bool pipeline_ok; /* pipeline.yaml loaded without a mistake */
    bool categories_ok; /* set while binding: claims.yaml's categories had
                           no mistake (a standard's category is checked
                           only then); start false */
} policy_claims_ctx;
extern const ybind_key policy_claims_keys[];
extern const size_t policy_claims_nkeys;
/* Set the defaults of claims.yaml's optional keys; after pipeline.yaml is
 * bound (the default key customer classes are its class "key", when it has
 * one) and before claims.yaml is. */
void policy_claims_defaults(policy *p);
/* Free what binding claims.yaml allocated in p (not p itself). */
void policy_claims_free(policy *p);

/* performance.yaml (performance.c), bound after claims.yaml.  It refers
 * to roles.yaml only (a KPI template's roles), checked only when
 * roles.yaml had no mistake. */
typedef struct policy_performance_ctx {
    policy *p;
    bool roles_ok;     /* roles.yaml loaded without a mistake */
    /* Set while binding; start false and NULL: */
    bool raters_ok;    /* raters had no mistake (a KPI's rated_by is checked
                          against the weights only then) */
    ytree_node *improvement, *escalation; /* the values, when written */
    bool streaks_bad;  /* one of them was written wrong */
} policy_performance_ctx;
extern const ybind_key policy_performance_keys[];
extern const size_t policy_performance_nkeys;
/* Set the defaults of performance.yaml's optional keys; before binding. */
void policy_performance_defaults(policy *p);
/* Free what binding performance.yaml allocated in p (not p itself). */
void policy_performance_free(policy *p);

/* The index of the item whose code (a char array at code_offset in each
 * item of `size` bytes) is `code`, or -1.  Every policy list (stages,
 * roles, clauses...) is looked up through it. */
int policy_code_index(const void *items, size_t n, size_t size, size_t code_offset,
                      const char *code);
#define POLICY_CODE_INDEX(type, arr, n, code) \
    policy_code_index((arr), (n), sizeof(type), offsetof(type, code), (code))

#endif
