/* The policy folder: bizdesk.yaml (company, database, ui, departments),
 * roles.yaml (roles and their permissions), pipeline.yaml (bound in
 * pipeline.c), contracts.yaml (bound in contracts.c), claims.yaml (bound
 * in claims.c) and performance.yaml (bound in performance.c), each bound by
 * tables of keys. */
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "yaml_tree.h"

/* ---- Names -------------------------------------------------------------- */
static const char *const perm_names[] = {
#define POLICY_X_NAME(id, name, help) [id] = name,
    POLICY_PERM_LIST(POLICY_X_NAME)
#undef POLICY_X_NAME
};

static const char *const perm_helps[] = {
#define POLICY_X_HELP(id, name, help) [id] = help,
    POLICY_PERM_LIST(POLICY_X_HELP)
#undef POLICY_X_HELP
};

static const char *const scope_names[] = {
    [SCOPE_OWN] = "own",
    [SCOPE_TEAM] = "team",
    [SCOPE_DEPARTMENT] = "department",
    [SCOPE_ALL] = "all",
};
#define NSCOPES (sizeof scope_names / sizeof scope_names[0])

const char *policy_perm_name(policy_perm p)
{
    return (unsigned)p < PERM_COUNT ? perm_names[p] : "?";
}

const char *policy_perm_help(policy_perm p)
{
    return (unsigned)p < PERM_COUNT ? perm_helps[p] : "?";
}

int policy_perm_from_name(const char *name)
{
    for (int i = 0; i < PERM_COUNT; i++)
        if (strcmp(name, perm_names[i]) == 0)
            return i;
    return -1;
}

const char *policy_scope_name(policy_scope s)
{
    return (unsigned)s < NSCOPES ? scope_names[s] : "?";
}

int policy_scope_from_name(const char *name)
{
    for (size_t i = 0; i < NSCOPES; i++)
        if (strcmp(name, scope_names[i]) == 0)
            return (int)i;
    return -1;
}

/* ---- bizdesk.yaml ------------------------------------------------------- */
static bool company_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((policy *)obj)->company_name);
}

static bool company_currency(ybind *b, ytree_node *v, void *obj)
{
    policy *p = obj;
    char *s = NULL;
    if (!ybind_string(b, v, 0, &s))
        return false;
    bool ok = strlen(s) == 3;
    for (size_t i = 0; ok && i < 3; i++)
        ok = s[i] >= 'A' && s[i] <= 'Z';
    if (ok) {
        memcpy(p->currency, s, 4);
    } else {
        char buf[YTREE_SHOWN_SIZE];
        ybind_errf(b, v, "invalid currency %s: expected an ISO 4217 code of three capital letters, like CNY or USD",
                   ytree_describe(v, buf, sizeof buf));
    }
    free(s);
    return ok;
}

static const ybind_key company_keys[] = {
    {"name", true, company_name},
    {"currency", false, company_currency},
};

static bool busy_timeout(ybind *b, ytree_node *v, void *obj)
{
    int64_t ms;
    if (!ybind_int(b, v, 100, 600000, &ms))
        return false;
    ((policy *)obj)->busy_timeout_ms = (int)ms;
    return true;
}

static const ybind_key database_keys[] = {
    {"busy_timeout_ms", false, busy_timeout},
};

static bool refresh(ybind *b, ytree_node *v, void *obj)
{
    int64_t ms;
    if (!ybind_int(b, v, 200, 60000, &ms))
        return false;
    ((policy *)obj)->refresh_ms = (int)ms;
    return true;
}

static const ybind_key ui_keys[] = {
    {"refresh_ms", false, refresh},
};

static bool dept_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((policy_department *)obj)->code);
}

static bool dept_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((policy_department *)obj)->name);
}

static const ybind_key dept_keys[] = {
    {"code", true, dept_code},
    {"name", true, dept_name},
};

#define NKEYS(t) (sizeof(t) / sizeof(t)[0])

#define SECTION(fn, table)                                      \
    static bool fn(ybind *b, ytree_node *v, void *obj)          \
    {                                                           \
        return ybind_table(b, v, table, NKEYS(table), obj);     \
    }
SECTION(company, company_keys)
SECTION(database, database_keys)
SECTION(ui, ui_keys)
#undef SECTION

static bool departments(ybind *b, ytree_node *v, void *obj)
{
    policy *p = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one department is needed");
        return false;
    }
    p->depts = bd_xcalloc(v->n, sizeof *p->depts);
    p->ndepts = v->n;
    for (size_t i = 0; i < v->n; i++)
        ybind_table(b, v->items[i], dept_keys, NKEYS(dept_keys), &p->depts[i]);
    policy_unique_codes(b, v, "department code");
    return b->errors == before;
}

static const ybind_key bizdesk_keys[] = {
    {"company", true, company},
    {"database", false, database},
    {"ui", false, ui},
    {"departments", true, departments},
};

/* ---- roles.yaml --------------------------------------------------------- */
typedef struct role_ctx {
    policy_role *role;
    bool perms_bad; /* a permission was not understood */
} role_ctx;

static bool role_code(ybind *b, ytree_node *v, void *obj)
{
    return ybind_code(b, v, ((role_ctx *)obj)->role->code);
}

static bool role_name(ybind *b, ytree_node *v, void *obj)
{
    return ybind_name(b, v, &((role_ctx *)obj)->role->name);
}

static bool role_scope(ybind *b, ytree_node *v, void *obj)
{
    int s;
    if (!ybind_enum(b, v, "scope", scope_names, NSCOPES, &s))
        return false;
    ((role_ctx *)obj)->role->scope = (policy_scope)s;
    return true;
}

static bool role_perms(ybind *b, ytree_node *v, void *obj)
{
    role_ctx *rc = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v)) {
        rc->perms_bad = true;
        return false;
    }
    for (size_t i = 0; i < v->n; i++) {
        ytree_node *it = v->items[i];
        if (it->kind != YTREE_SCALAR || ytree_is_null(it)) {
            char buf[YTREE_SHOWN_SIZE];
            ybind_errf(b, it, "expected a permission name, got %s",
                       ytree_describe(it, buf, sizeof buf));
            continue;
        }
        int perm = policy_perm_from_name(it->text);
        if (perm < 0) {
            bd_buf known = {0};
            for (int k = 0; k < PERM_COUNT; k++)
                bd_buf_printf(&known, "%s%s", k ? ", " : "", perm_names[k]);
            char buf[YTREE_SHOWN_SIZE];
            ybind_errf(b, it, "unknown permission %s (known permissions: %s)",
                       ytree_describe(it, buf, sizeof buf), bd_buf_str(&known));
            bd_buf_free(&known);
            continue;
        }
        rc->role->perms |= UINT64_C(1) << perm;
    }
    ybind_unique(b, v->items, v->n, "permission");
    if (b->errors != before)
        rc->perms_bad = true;
    return b->errors == before;
}

static const ybind_key role_keys[] = {
    {"code", true, role_code},
    {"name", true, role_name},
    {"scope", true, role_scope},
    {"permissions", true, role_perms},
};

static bool roles(ybind *b, ytree_node *v, void *obj)
{
    policy *p = obj;
    size_t before = b->errors;
    if (!ybind_sequence(b, v))
        return false;
    if (v->n == 0) {
        ybind_errf(b, v, "at least one role is needed");
        return false;
    }
    p->roles = bd_xcalloc(v->n, sizeof *p->roles);
    p->nroles = v->n;
    bool perms_bad = false;
    for (size_t i = 0; i < v->n; i++) {
        role_ctx rc = {.role = &p->roles[i]};
        if (!ybind_table(b, v->items[i], role_keys, NKEYS(role_keys), &rc))
            perms_bad = perms_bad || rc.perms_bad || !ytree_get(v->items[i], "permissions");
    }
    policy_unique_codes(b, v, "role code");

    /* Somebody must be able to manage users, or the first mistake in the
     * users table could never be fixed.  Skipped when a permission list was
     * itself wrong: the typo is the mistake to report, not this. */
    bool admin = false;
    for (size_t i = 0; i < p->nroles; i++)
        admin = admin || policy_role_has(&p->roles[i], PERM_ADMIN_USERS);
    if (!admin && !perms_bad)
        ybind_errf(b, v, "no role has the permission admin.users: at least one must, "
                         "or nobody can manage users");
    return b->errors == before;
}

static const ybind_key roles_keys[] = {
    {"roles", true, roles},
};

/* ---- Loading ------------------------------------------------------------ */

/* Read dir/name and bind it with keys into obj (the policy, or a file's
 * context holding it); diagnostics sorted by place. */
static void load_file(const char *dir, const char *name, const ybind_key *keys, size_t nkeys,
                      void *obj, policy_diags *d)
{
    size_t n = strlen(dir);
    char *path = n && dir[n - 1] == '/' ? bd_xasprintf("%s%s", dir, name)
                                        : bd_xasprintf("%s/%s", dir, name);
    size_t from = d->n;
    ytree *t = NULL;
    if (ytree_load(path, &t, d) == BD_OK) {
        ybind b;
        ybind_init(&b, t, d);
        ybind_table(&b, t->root, keys, nkeys, obj);
        ytree_free(&t);
    }
    ytree_diags_sort(d, from);
    free(path);
}

bd_status policy_load(const char *dir, policy **out, policy_diags *d)
{
    *out = NULL;
    policy *p = bd_xcalloc(1, sizeof *p);
    p->dir = bd_xstrdup(dir);
    memcpy(p->currency, "CNY", 4);
    p->busy_timeout_ms = 5000;
    p->refresh_ms = 1000;
    policy_pipeline_defaults(p);

    size_t from = d->n;
    load_file(dir, "bizdesk.yaml", bizdesk_keys, NKEYS(bizdesk_keys), p, d);
    size_t after_company = d->n;
    load_file(dir, "roles.yaml", roles_keys, NKEYS(roles_keys), p, d);
    size_t after_roles = d->n;
    load_file(dir, "pipeline.yaml", policy_pipeline_keys, policy_pipeline_nkeys, p, d);
    size_t after_pipeline = d->n;
    /* Then the files that refer to the first three: contracts.yaml to the
     * company currency and the roles, claims.yaml to the departments, the
     * roles and the customer classes. */
    policy_contracts_ctx cx = {
        .p = p,
        .company_ok = after_company == from,
        .roles_ok = after_roles == after_company,
    };
    policy_contracts_defaults(p);
    load_file(dir, "contracts.yaml", policy_contracts_keys, policy_contracts_nkeys, &cx, d);
    policy_claims_ctx ccx = {
        .p = p,
        .company_ok = after_company == from,
        .roles_ok = after_roles == after_company,
        .pipeline_ok = after_pipeline == after_roles,
    };
    policy_claims_defaults(p);
    load_file(dir, "claims.yaml", policy_claims_keys, policy_claims_nkeys, &ccx, d);
    /* Last: its templates name roles of roles.yaml. */
    policy_performance_ctx pcx = {.p = p, .roles_ok = after_roles == after_company};
    policy_performance_defaults(p);
    load_file(dir, "performance.yaml", policy_performance_keys, policy_performance_nkeys, &pcx, d);
    if (d->n > from) {
        policy_free(&p);
        return BD_ERR_POLICY;
    }
    *out = p;
    return BD_OK;
}

void policy_free(policy **pp)
{
    if (!pp || !*pp)
        return;
    policy *p = *pp;
    for (size_t i = 0; i < p->ndepts; i++)
        free(p->depts[i].name);
    for (size_t i = 0; i < p->nroles; i++)
        free(p->roles[i].name);
    free(p->depts);
    free(p->roles);
    policy_pipeline_free(p);
    policy_contracts_free(p);
    policy_claims_free(p);
    policy_performance_free(p);
    free(p->company_name);
    free(p->dir);
    free(p);
    *pp = NULL;
}

int policy_code_index(const void *items, size_t n, size_t size, size_t code_offset,
                      const char *code)
{
    if (!items || !code)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp((const char *)items + i * size + code_offset, code) == 0)
            return (int)i;
    return -1;
}

const policy_role *policy_role_find(const policy *p, const char *code)
{
    int i = p ? POLICY_CODE_INDEX(policy_role, p->roles, p->nroles, code) : -1;
    return i < 0 ? NULL : &p->roles[i];
}

const policy_department *policy_dept_find(const policy *p, const char *code)
{
    int i = p ? POLICY_CODE_INDEX(policy_department, p->depts, p->ndepts, code) : -1;
    return i < 0 ? NULL : &p->depts[i];
}

bool policy_role_has(const policy_role *r, policy_perm perm)
{
    return r && (unsigned)perm < PERM_COUNT && (r->perms >> perm) & 1;
}
