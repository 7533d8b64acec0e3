/* Creating a database: the first administrator, or the demo company. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_internal.h"

/* The demo company: one user for every role, CJK and ASCII names, and a
 * manager chain (leader -> sales manager -> supervisor -> reps) so that
 * approvals and scopes have somebody to route to.  Managers come first. */
static const struct demo_user {
    const char *login, *name, *department, *role, *manager, *bank;
} demo_users[] = {
    {"zhang.wei", "張偉", "leadership", "leader", NULL, "6222 0210 0000 0001"},
    {"admin", "Alex Admin", "admin", "admin", "zhang.wei", ""},
    {"li.na", "李娜", "sales", "sales_manager", "zhang.wei", "6222 0210 0000 0003"},
    {"chen.jing", "陳靜", "sales", "supervisor", "li.na", "6222 0210 0000 0004"},
    {"wang.fang", "王芳", "sales", "rep", "chen.jing", "6222 0210 0000 0005"},
    {"tom.baker", "Tom Baker", "sales", "rep", "chen.jing", ""},
    {"huang.lei", "黃磊", "finance", "dept_head", "zhang.wei", "6222 0210 0000 0007"},
    {"zhao.min", "趙敏", "finance", "finance", "huang.lei", "6222 0210 0000 0008"},
    {"sun.li", "孫麗 Sun Li", "legal", "legal", "zhang.wei", "6222 0210 0000 0009"},
};

/* The sample budgets of this year, in major units (claims.yaml
 * categories the policy lacks are left out). */
static const struct demo_budget {
    const char *department, *category;
    int64_t amount;
} demo_budgets[] = {
    {"sales", "marketing", 200000},   {"sales", "travel", 120000},
    {"sales", "entertainment", 60000}, {"sales", "communication", 12000},
    {"sales", "office", 10000},        {"finance", "travel", 20000},
    {"finance", "office", 10000},      {"finance", "communication", 6000},
    {"legal", "travel", 20000},        {"legal", "office", 8000},
};

/* Insert one user and its audit row, inside the open transaction. */
static bd_status seed_user(app *a, const char *login, const char *name, const char *dept,
                           const char *role, const char *manager, bd_err *e)
{
    store_user u = {.active = true};
    bd_strlcpy(u.login, login, sizeof u.login);
    bd_strlcpy(u.name, name, sizeof u.name);
    bd_strlcpy(u.department, dept, sizeof u.department);
    bd_strlcpy(u.role, role, sizeof u.role);
    if (manager) {
        store_user m;
        bd_status st = store_user_by_login(a->db, manager, &m, e);
        if (st != BD_OK)
            return st;
        u.manager_id = m.id;
    }
    app_timestamp(u.created_at, sizeof u.created_at);
    memcpy(u.updated_at, u.created_at, sizeof u.updated_at);
    bd_status st = store_user_insert(a->db, &u, e);
    if (st != BD_OK)
        return st;
    bd_json j;
    bd_json_begin(&j);
    bd_json_str(&j, "login", login);
    bd_json_str(&j, "name", name);
    bd_json_str(&j, "department", dept);
    bd_json_str(&j, "role", role);
    bd_json_str(&j, "manager", manager);
    bd_json_bool(&j, "active", true);
    st = app_audit_write(a, "user", u.id, "create", NULL, bd_json_end(&j), e);
    bd_buf_free(&j.buf);
    return st;
}

/* Check that the policy has what the demo users need before creating
 * anything, so a failed init leaves no file behind. */
static bd_status check_demo_policy(const policy *pol, bd_err *e)
{
    for (size_t i = 0; i < sizeof demo_users / sizeof demo_users[0]; i++) {
        const struct demo_user *d = &demo_users[i];
        if (!policy_dept_find(pol, d->department))
            return bd_errf(e, BD_ERR_POLICY,
                           "the demo needs a department '%s' in %s/bizdesk.yaml", d->department,
                           pol->dir);
        if (!policy_role_find(pol, d->role))
            return bd_errf(e, BD_ERR_POLICY, "the demo needs a role '%s' in %s/roles.yaml",
                           d->role, pol->dir);
    }
    return BD_OK;
}

/* The role and department the first administrator gets: the first role
 * holding admin.users, and the department "admin" if there is one. */
static bd_status admin_defaults(const policy *pol, const char **role, const char **dept,
                                bd_err *e)
{
    *role = NULL;
    for (size_t i = 0; i < pol->nroles && !*role; i++)
        if (policy_role_has(&pol->roles[i], PERM_ADMIN_USERS))
            *role = pol->roles[i].code;
    if (!*role)
        return bd_errf(e, BD_ERR_POLICY, "%s/roles.yaml: no role holds admin.users", pol->dir);
    const policy_department *d = policy_dept_find(pol, "admin");
    *dept = d ? d->code : pol->depts[0].code;
    return BD_OK;
}

/* A few customers and opportunities for the demo, so that each role's
 * Pipeline view has something to show.  Dates are relative to today. */
static const struct demo_lead {
    const char *owner, *company, *contact, *phone, *email, *source, *stage;
    int64_t value, budget; /* major units; -1 unknown */
    const char *needs;
    int close_in, followup_in; /* days from today; 0 none, 999 means today */
} demo_leads[] = {
    {"wang.fang", "華南科技有限公司", "陳大文", "+86 138 0013 8000", "dw.chen@huanan.example",
     "exhibition", "proposal", 120000, 100000, "CRM 50 seats, cloud", 30, 999},
    {"wang.fang", "東海貿易有限公司", "林美玲", "021-5555-0101", "mlin@donghai.example", "web",
     "new", -1, -1, "", 0, -2},
    {"wang.fang", "北方軟件股份有限公司", "王大明", "010-6666-0202", "", "referral",
     "needs_analysis", -1, -1, "ERP integration", 0, 7},
    {"tom.baker", "Acme Ltd", "John Smith", "(852) 2345 6789", "john@acme.example", "partner",
     "negotiation", 80000, 90000, "40 seats, on site", 14, 3},
    {"tom.baker", "Blue Sky Trading", "Mary Lee", "", "mary@bluesky.example", "telemarketing",
     "qualified", -1, -1, "", 0, 0},
    {"chen.jing", "香港貿易公司", "張偉", "852-2345-6789", "", "customer_intro", "won", 50000,
     50000, "renewal", -3, 0},
};

static void demo_date(int days, char out[11])
{
    char today[11];
    bd_date d;
    app_today(today, sizeof today);
    bd_date_parse(today, &d, NULL);
    bd_date_format(bd_date_from_days(bd_date_days(d) + (days == 999 ? 0 : days)), out, 11);
}

static bd_status seed_leads(app *a, bd_err *e)
{
    bd_status st = BD_OK;
    for (size_t i = 0; st == BD_OK && i < sizeof demo_leads / sizeof demo_leads[0]; i++) {
        const struct demo_lead *d = &demo_leads[i];
        store_user u;
        if ((st = store_user_by_login(a->db, d->owner, &u, e)) != BD_OK)
            break;
        if (policy_stage_index(a->pol, d->stage) < 0 || policy_source_index(a->pol, d->source) < 0)
            continue; /* a company's own policy may not have these */
        store_customer c = {.owner_id = u.id};
        store_contact ct = {0};
        store_opp o = {.owner_id = u.id, .value = d->value < 0 ? -1 : d->value * 100,
                       .budget = d->budget < 0 ? -1 : d->budget * 100};
        bd_strlcpy(c.name, d->company, sizeof c.name);
        if (a->pol->nclasses)
            bd_strlcpy(c.class_code, a->pol->classes[i % a->pol->nclasses].code, sizeof c.class_code);
        bd_strlcpy(ct.name, d->contact, sizeof ct.name);
        bd_strlcpy(ct.phone, d->phone, sizeof ct.phone);
        bd_strlcpy(ct.email, d->email, sizeof ct.email);
        bd_strlcpy(o.company, d->company, sizeof o.company);
        bd_strlcpy(o.contact_name, d->contact, sizeof o.contact_name);
        bd_strlcpy(o.title, d->company, sizeof o.title);
        bd_strlcpy(o.source, d->source, sizeof o.source);
        bd_strlcpy(o.stage, d->stage, sizeof o.stage);
        bd_strlcpy(o.needs, d->needs, sizeof o.needs);
        app_today(o.stage_since, sizeof o.stage_since);
        if (d->close_in)
            demo_date(d->close_in, o.close_date);
        if (d->followup_in)
            demo_date(d->followup_in, o.next_followup);
        st = app_lead_insert(a, &c, &ct, &o, e);
    }
    return st;
}

static bd_status seed_budgets(app *a, bd_err *e)
{
    char year[5];
    app_today(year, sizeof year);
    bd_status st = BD_OK;
    for (size_t i = 0; st == BD_OK && i < sizeof demo_budgets / sizeof demo_budgets[0]; i++) {
        const struct demo_budget *d = &demo_budgets[i];
        if (!policy_dept_find(a->pol, d->department) ||
            policy_category_index(a->pol, d->category) < 0)
            continue;
        store_budget b = {.amount = d->amount * 100};
        bd_strlcpy(b.department, d->department, sizeof b.department);
        bd_strlcpy(b.category, d->category, sizeof b.category);
        bd_strlcpy(b.period, year, sizeof b.period);
        app_timestamp(b.updated_at, sizeof b.updated_at);
        st = store_budget_put(a->db, &b, e);
    }
    return st;
}

bd_status app_init_db(const char *path, const policy *pol, const app_init_opts *o, bd_err *e)
{
    const char *role = NULL, *dept = NULL;
    bd_status st;
    if (o->demo) {
        st = check_demo_policy(pol, e);
    } else {
        if (!o->admin_login || !bd_login_valid(o->admin_login))
            return bd_errf(e, BD_ERR_USAGE, "--admin: '%s' is not a valid login",
                           o->admin_login ? o->admin_login : "");
        if (o->admin_name && !bd_name_valid(o->admin_name, e)) {
            bd_err_prefix(e, "--name");
            return BD_ERR_INVALID;
        }
        st = admin_defaults(pol, &role, &dept, e);
    }
    if (st != BD_OK)
        return st;

    store *db = NULL;
    st = store_open(path, STORE_CREATE, pol->busy_timeout_ms, &db, e);
    if (st != BD_OK)
        return st;
    app a = {.db = db, .pol = pol, .demo = o->demo};
    char now[21];
    st = store_begin(db, e);
    if (st == BD_OK)
        st = store_meta_set(db, "demo", o->demo ? "1" : "0", e);
    if (st == BD_OK)
        st = store_meta_set(db, "created_at", app_timestamp(now, sizeof now), e);
    if (o->demo) {
        for (size_t i = 0; st == BD_OK && i < sizeof demo_users / sizeof demo_users[0]; i++) {
            const struct demo_user *d = &demo_users[i];
            st = seed_user(&a, d->login, d->name, d->department, d->role, d->manager, e);
            store_user u;
            if (st == BD_OK && *d->bank &&
                (st = store_user_by_login(db, d->login, &u, e)) == BD_OK)
                st = store_user_set_bank(db, u.id, d->bank, 0, e);
        }
        if (st == BD_OK && o->sample_data)
            st = seed_leads(&a, e);
        if (st == BD_OK && o->sample_data)
            st = seed_budgets(&a, e);
    } else if (st == BD_OK) {
        st = seed_user(&a, o->admin_login, o->admin_name ? o->admin_name : o->admin_login, dept,
                       role, NULL, e);
    }
    st = app_tx_end(&a, st, e);
    store_close(&db);
    if (st != BD_OK) {
        /* Nothing half-made stays behind: the file was new. */
        char side[PATH_MAX + 8];
        unlink(path);
        snprintf(side, sizeof side, "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", path);
        unlink(side);
    }
    return st;
}

bd_status app_demo_users(app *a, store_user *rows, int max, int *n, bd_err *e)
{
    if (!a->demo)
        return bd_errf(e, BD_ERR_DENIED, "%s is not a demo database", store_path(a->db));
    store_user_query q = {.limit = max};
    return store_user_page(a->db, &q, rows, n, e);
}
