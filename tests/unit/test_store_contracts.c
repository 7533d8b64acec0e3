/* The store's contract tables (migration 003) on a real temporary SQLite
 * file: contracts with optimistic updates and visibility, clauses,
 * milestones, approval decisions (one per step and round), comments,
 * delegations, the yearly number sequence, receivables with payments and
 * collection work.  Users and customers are made through the store itself,
 * so these tests need no policy. */
#include <sqlite3.h>

#include "unit.h"
#include "unit_store.h"

#include "store.h"

/* ---- Fixture ----------------------------------------------------------------
 * sales: boss (manager) <- sup (supervisor) <- rep1, rep2;
 * finance: fin.  Customers: acme (rep1), 華南科技 (rep2). */

typedef struct fx {
    char *dir;
    char *path;
    store *s;
    int64_t boss, sup, rep1, rep2, fin;
    int64_t acme, huanan;
} fx;

static int fx_setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (unit_db_open(&f->dir, &f->path, &f->s) != 0)
        return -1;
    unit_team t;
    unit_add_team(f->s, &t);
    f->boss = t.boss, f->sup = t.sup, f->rep1 = t.rep1, f->rep2 = t.rep2, f->fin = t.fin;
    f->acme = unit_add_customer(f->s, "Acme Ltd", f->rep1);
    f->huanan = unit_add_customer(f->s, "華南科技有限公司", f->rep2);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    fx *f = *state;
    unit_db_close(&f->dir, &f->path, &f->s);
    free(f);
    return 0;
}

static store_contract draft(int64_t customer, int64_t owner, const char *title, int64_t amount)
{
    store_contract c = {.customer_id = customer, .owner_id = owner, .amount = amount,
                        .notice_days = 30};
    bd_strlcpy(c.title, title, sizeof c.title);
    bd_strlcpy(c.currency, "CNY", sizeof c.currency);
    bd_strlcpy(c.start_date, "2026-01-01", sizeof c.start_date);
    bd_strlcpy(c.end_date, "2026-12-31", sizeof c.end_date);
    return c;
}

static int64_t add_contract(fx *f, int64_t customer, int64_t owner, const char *title,
                            const char *state)
{
    store_contract c = draft(customer, owner, title, 100000);
    if (state)
        bd_strlcpy(c.state, state, sizeof c.state);
    bd_err e = {0};
    if (store_contract_insert(f->s, &c, &e) != BD_OK)
        fail_msg("add_contract %s: %s", title, e.msg);
    return c.id;
}

static store_milestone milestone(int seq, const char *name, const char *due, int64_t amount)
{
    store_milestone m = {.seq = seq, .amount = amount};
    bd_strlcpy(m.name, name, sizeof m.name);
    bd_strlcpy(m.due_date, due, sizeof m.due_date);
    return m;
}

/* ---- Contracts ---------------------------------------------------------------- */

static void test_contract_insert_get_update(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    store_contract c = draft(f->huanan, f->rep2, "年度維護合同", 12345678);
    bd_strlcpy(c.created_at, "2026-11-24T09:00:00Z", sizeof c.created_at);
    assert_int_equal(store_contract_insert(f->s, &c, &e), BD_OK);
    assert_true(c.id > 0);
    assert_int_equal(c.version, 1);
    assert_string_equal(c.state, "draft");
    assert_int_equal(c.contract_version, 1);
    assert_string_equal(c.updated_at, "2026-11-24T09:00:00Z");

    store_contract g;
    assert_int_equal(store_contract_get(f->s, NULL, c.id, &g, &e), BD_OK);
    assert_string_equal(g.company, "華南科技有限公司");
    assert_string_equal(g.owner_login, "tom.baker");
    assert_string_equal(g.title, "年度維護合同");
    assert_string_equal(g.number, "");
    assert_int_equal(g.opportunity_id, 0);
    assert_string_equal(g.signed_on, "");
    assert_int_equal(g.amount, 12345678);
    assert_int_equal(g.notice_days, 30);
    assert_string_equal(g.created_at, "2026-11-24T09:00:00Z");
    assert_int_equal(g.version, 1);

    /* A second reader holds the same version. */
    store_contract stale = g;
    bd_strlcpy(g.state, "signed", sizeof g.state);
    bd_strlcpy(g.number, "HT-2026-0001", sizeof g.number);
    bd_strlcpy(g.signed_on, "2026-11-25", sizeof g.signed_on);
    bd_strlcpy(g.updated_at, "2026-11-25T10:00:00Z", sizeof g.updated_at);
    g.review_round = 2;
    assert_int_equal(store_contract_update(f->s, &g, &e), BD_OK);
    assert_int_equal(g.version, 2);
    store_contract h;
    assert_int_equal(store_contract_get(f->s, NULL, c.id, &h, &e), BD_OK);
    assert_string_equal(h.state, "signed");
    assert_string_equal(h.number, "HT-2026-0001");
    assert_string_equal(h.signed_on, "2026-11-25");
    assert_string_equal(h.updated_at, "2026-11-25T10:00:00Z");
    assert_int_equal(h.review_round, 2);
    assert_int_equal(h.version, 2);

    bd_strlcpy(stale.title, "overwritten", sizeof stale.title);
    assert_int_equal(store_contract_update(f->s, &stale, &e), BD_ERR_CONFLICT);
    char want[80];
    snprintf(want, sizeof want, "contract #%lld was changed by someone else; reload",
             (long long)c.id);
    assert_string_equal(e.msg, want);
    assert_int_equal(stale.version, 1);
    assert_int_equal(store_contract_get(f->s, NULL, c.id, &h, &e), BD_OK);
    assert_string_equal(h.title, "年度維護合同");

    /* Numbers. */
    bool taken = false;
    assert_int_equal(store_contract_number_taken(f->s, "HT-2026-0001", &taken, &e), BD_OK);
    assert_true(taken);
    assert_int_equal(store_contract_number_taken(f->s, "HT-2026-0002", &taken, &e), BD_OK);
    assert_false(taken);
    store_contract other = draft(f->acme, f->rep1, "other", 1);
    bd_strlcpy(other.number, "HT-2026-0001", sizeof other.number);
    assert_int_equal(store_contract_insert(f->s, &other, &e), BD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "HT-2026-0001"));
    /* Two drafts without a number are fine (NULL, not ""). */
    add_contract(f, f->acme, f->rep1, "blank 1", NULL);
    add_contract(f, f->acme, f->rep1, "blank 2", NULL);

    /* The schema's own checks still hold. */
    store_contract bad = draft(f->acme, f->rep1, "backwards", 1);
    bd_strlcpy(bad.end_date, "2025-01-01", sizeof bad.end_date);
    assert_int_equal(store_contract_insert(f->s, &bad, &e), BD_ERR_INVALID);
}

static void test_contract_visibility(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t mine = add_contract(f, f->acme, f->rep1, "rep1's", NULL);
    int64_t theirs = add_contract(f, f->huanan, f->rep2, "rep2's", NULL);
    store_contract c;

    store_viewer own = {.user_id = f->rep1, .see = STORE_SEE_OWN, .department = "sales"};
    assert_int_equal(store_contract_get(f->s, &own, mine, &c, &e), BD_OK);
    assert_int_equal(store_contract_get(f->s, &own, theirs, &c, &e), BD_ERR_NOTFOUND);
    char want[64];
    snprintf(want, sizeof want, "no contract #%lld that you may see", (long long)theirs);
    assert_string_equal(e.msg, want);

    store_viewer team = {.user_id = f->sup, .see = STORE_SEE_TEAM, .department = "sales"};
    assert_int_equal(store_contract_get(f->s, &team, mine, &c, &e), BD_OK);
    assert_int_equal(store_contract_get(f->s, &team, theirs, &c, &e), BD_OK);
    /* A rep's team is themselves. */
    store_viewer rep_team = {.user_id = f->rep1, .see = STORE_SEE_TEAM, .department = "sales"};
    assert_int_equal(store_contract_get(f->s, &rep_team, theirs, &c, &e), BD_ERR_NOTFOUND);

    store_viewer dept = {.user_id = f->fin, .see = STORE_SEE_DEPARTMENT, .department = "finance"};
    assert_int_equal(store_contract_get(f->s, &dept, mine, &c, &e), BD_ERR_NOTFOUND);
    store_viewer sales = {.user_id = f->boss, .see = STORE_SEE_DEPARTMENT, .department = "sales"};
    assert_int_equal(store_contract_get(f->s, &sales, theirs, &c, &e), BD_OK);

    store_viewer all = {.user_id = f->fin, .see = STORE_SEE_ALL, .department = "finance"};
    assert_int_equal(store_contract_get(f->s, &all, mine, &c, &e), BD_OK);
    assert_int_equal(store_contract_get(f->s, &all, theirs, &c, &e), BD_OK);
    assert_int_equal(store_contract_get(f->s, &all, 9999, &c, &e), BD_ERR_NOTFOUND);

    store_contract rows[8];
    int n = -1;
    store_contract_query q = {.viewer = own, .limit = 8};
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, mine);
    q.viewer = team;
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    q.viewer = dept;
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

static void test_contract_page(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t ids[6];
    ids[0] = add_contract(f, f->acme, f->rep1, "a0", NULL);
    ids[1] = add_contract(f, f->acme, f->rep1, "a1", "in_review");
    ids[2] = add_contract(f, f->huanan, f->rep2, "h2", "in_review");
    ids[3] = add_contract(f, f->acme, f->rep1, "a3", "signed");
    ids[4] = add_contract(f, f->huanan, f->rep2, "h4", NULL);
    ids[5] = add_contract(f, f->acme, f->rep1, "a5", "in_review");
    store_viewer all = {.user_id = f->fin, .see = STORE_SEE_ALL, .department = "finance"};
    store_contract rows[10];
    int n;

    /* The inbox: everything in review, in id order. */
    store_contract_query q = {.viewer = all, .state = "in_review", .limit = 10};
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, ids[1]);
    assert_int_equal(rows[1].id, ids[2]);
    assert_int_equal(rows[2].id, ids[5]);
    assert_string_equal(rows[1].company, "華南科技有限公司");
    assert_string_equal(rows[1].owner_login, "tom.baker");

    q = (store_contract_query){.viewer = all, .customer_id = f->acme, .limit = 10};
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 4);
    q.state = "in_review";
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 2);

    /* Keyset pages of two. */
    q = (store_contract_query){.viewer = all, .limit = 2};
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, ids[0]);
    assert_int_equal(rows[1].id, ids[1]);
    q.after_id = rows[1].id;
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, ids[2]);
    assert_int_equal(rows[1].id, ids[3]);
    q.after_id = ids[5];
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0);

    /* Filters and the viewer together. */
    store_viewer own = {.user_id = f->rep2, .see = STORE_SEE_OWN, .department = "sales"};
    q = (store_contract_query){.viewer = own, .state = "draft", .limit = 10};
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, ids[4]);
    q.customer_id = f->acme;
    assert_int_equal(store_contract_page(f->s, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

/* ---- Clauses and milestones ----------------------------------------------------- */

static void test_clauses(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t id = add_contract(f, f->acme, f->rep1, "clauses", NULL);
    int64_t other = add_contract(f, f->acme, f->rep1, "other", NULL);
    assert_int_equal(store_clause_set(f->s, id, "payment", "30 days net", 0, &e), BD_OK);
    assert_int_equal(store_clause_set(f->s, id, "confidentiality", "五年保密", 0, &e), BD_OK);
    assert_int_equal(store_clause_set(f->s, other, "payment", "cash", 0, &e), BD_OK);
    /* Changed in round 2: one row, new body and round. */
    assert_int_equal(store_clause_set(f->s, id, "payment", "60 days net", 2, &e), BD_OK);

    store_clause rows[4];
    int n;
    assert_int_equal(store_clause_list(f->s, id, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].clause, "confidentiality");
    assert_string_equal(rows[0].body, "五年保密");
    assert_int_equal(rows[0].updated_round, 0);
    assert_string_equal(rows[1].clause, "payment");
    assert_string_equal(rows[1].body, "60 days net");
    assert_int_equal(rows[1].updated_round, 2);
    assert_int_equal(store_clause_list(f->s, id, rows, 1, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_clause_list(f->s, other, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].body, "cash");
}

static void test_milestones(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t id = add_contract(f, f->acme, f->rep1, "milestones", NULL);
    store_milestone in[3] = {
        milestone(0, "預付款", "2026-02-01", 30000),
        milestone(0, "Delivery", "2026-06-01", 50000),
        milestone(0, "Acceptance", "2026-09-01", 20000),
    };
    assert_int_equal(store_begin(f->s, &e), BD_OK);
    assert_int_equal(store_milestones_replace(f->s, id, in, 3, &e), BD_OK);
    assert_int_equal(store_commit(f->s, &e), BD_OK);
    store_milestone rows[5];
    int n;
    assert_int_equal(store_milestone_list(f->s, id, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rows[i].seq, i + 1);
        assert_int_equal(rows[i].contract_id, id);
        assert_true(rows[i].id > 0);
    }
    assert_string_equal(rows[0].name, "預付款");
    assert_string_equal(rows[2].due_date, "2026-09-01");
    assert_int_equal(rows[1].amount, 50000);

    /* Replaced by two, with their own sequence numbers (listed by seq). */
    store_milestone two[2] = {
        milestone(20, "Final", "2026-12-01", 60000),
        milestone(10, "Advance", "2026-03-01", 40000),
    };
    assert_int_equal(store_begin(f->s, &e), BD_OK);
    assert_int_equal(store_milestones_replace(f->s, id, two, 2, &e), BD_OK);
    assert_int_equal(store_commit(f->s, &e), BD_OK);
    assert_int_equal(store_milestone_list(f->s, id, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].seq, 10);
    assert_string_equal(rows[0].name, "Advance");
    assert_int_equal(rows[1].seq, 20);

    /* A failing row: the caller's rollback keeps the old milestones. */
    store_milestone bad[2] = {
        milestone(1, "ok", "2026-03-01", 1),
        milestone(2, "zero", "2026-04-01", 0),
    };
    assert_int_equal(store_begin(f->s, &e), BD_OK);
    assert_int_equal(store_milestones_replace(f->s, id, bad, 2, &e), BD_ERR_INVALID);
    store_rollback(f->s);
    assert_int_equal(store_milestone_list(f->s, id, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 2);

    /* None at all. */
    assert_int_equal(store_milestones_replace(f->s, id, NULL, 0, &e), BD_OK);
    assert_int_equal(store_milestone_list(f->s, id, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

/* ---- Decisions, comments, delegations --------------------------------------------- */

static store_decision decision(int64_t item, int round, int step, const char *action,
                               int64_t actor, int64_t on_behalf)
{
    store_decision d = {.item_id = item, .round = round, .step = step, .actor_id = actor,
                        .on_behalf_id = on_behalf};
    bd_strlcpy(d.module, "contracts", sizeof d.module);
    bd_strlcpy(d.step_code, step == 0 ? "legal" : "finance", sizeof d.step_code);
    bd_strlcpy(d.action, action, sizeof d.action);
    return d;
}

static void test_decisions(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t id = add_contract(f, f->acme, f->rep1, "reviewed", "in_review");
    store_decision d = decision(id, 1, 0, "submit", f->rep1, 0);
    bd_strlcpy(d.at, "2026-11-24T09:00:00Z", sizeof d.at);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_OK);
    assert_true(d.id > 0);
    d = decision(id, 1, 0, "approve", f->sup, 0);
    bd_strlcpy(d.comment, "看過了", sizeof d.comment);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_OK);
    assert_int_not_equal(d.at[0], '\0'); /* "now" when not given */

    /* The same step of the same round again, approve or reject: refused. */
    d = decision(id, 1, 0, "approve", f->boss, 0);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_ERR_CONFLICT);
    assert_string_equal(e.msg, "someone decided this step already; it has moved on");
    d = decision(id, 1, 0, "reject", f->boss, 0);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_ERR_CONFLICT);
    /* Another module with the same item id is another item. */
    d = decision(id, 1, 0, "approve", f->boss, 0);
    bd_strlcpy(d.module, "amendments", sizeof d.module);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_OK);

    /* The next step, decided by a deputy for finance. */
    d = decision(id, 1, 1, "reject", f->boss, f->fin);
    bd_strlcpy(d.comment, "price too low", sizeof d.comment);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_OK);
    /* Round 2 starts again from step 0; submits are never unique. */
    d = decision(id, 2, 0, "submit", f->rep1, 0);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_OK);
    d = decision(id, 2, 0, "submit", f->rep1, 0);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_OK);
    d = decision(id, 2, 0, "approve", f->sup, 0);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_OK);
    /* An action the schema does not know. */
    d = decision(id, 2, 1, "maybe", f->sup, 0);
    assert_int_equal(store_decision_insert(f->s, &d, &e), BD_ERR_INVALID);

    store_decision rows[10];
    int n;
    assert_int_equal(store_decision_list(f->s, "contracts", id, rows, 10, &n, &e), BD_OK);
    assert_int_equal(n, 6);
    assert_string_equal(rows[0].action, "submit");
    assert_string_equal(rows[0].actor_login, "wang.fang");
    assert_string_equal(rows[0].at, "2026-11-24T09:00:00Z");
    assert_int_equal(rows[0].on_behalf_id, 0);
    assert_string_equal(rows[0].on_behalf_login, "");
    assert_string_equal(rows[1].comment, "看過了");
    assert_string_equal(rows[1].actor_login, "chen.jing");
    assert_string_equal(rows[2].action, "reject");
    assert_int_equal(rows[2].step, 1);
    assert_string_equal(rows[2].step_code, "finance");
    assert_string_equal(rows[2].actor_login, "li.na");
    assert_int_equal(rows[2].on_behalf_id, f->fin);
    assert_string_equal(rows[2].on_behalf_login, "zhao.min");
    assert_int_equal(rows[5].round, 2);
    for (int i = 1; i < n; i++)
        assert_true(rows[i].id > rows[i - 1].id);
    assert_int_equal(store_decision_list(f->s, "amendments", id, rows, 10, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].module, "amendments");
}

static void test_comments(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t id = add_contract(f, f->acme, f->rep1, "commented", "in_review");
    store_comment c = {.contract_id = id, .round = 1, .author_id = f->sup};
    bd_strlcpy(c.clause, "payment", sizeof c.clause);
    bd_strlcpy(c.body, "付款期限太長", sizeof c.body);
    bd_strlcpy(c.at, "2026-11-24T09:00:00Z", sizeof c.at);
    assert_int_equal(store_comment_insert(f->s, &c, &e), BD_OK);
    assert_true(c.id > 0);
    store_comment whole = {.contract_id = id, .round = 1, .author_id = f->fin};
    bd_strlcpy(whole.body, "fine otherwise", sizeof whole.body);
    assert_int_equal(store_comment_insert(f->s, &whole, &e), BD_OK);
    assert_int_not_equal(whole.at[0], '\0');
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM review_comments WHERE clause IS NULL"),
                     1);

    store_comment rows[4];
    int n;
    assert_int_equal(store_comment_list(f->s, id, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].clause, "payment");
    assert_string_equal(rows[0].author_login, "chen.jing");
    assert_string_equal(rows[0].body, "付款期限太長");
    assert_string_equal(rows[0].at, "2026-11-24T09:00:00Z");
    assert_int_equal(rows[0].round, 1);
    assert_string_equal(rows[1].clause, "");
    assert_string_equal(rows[1].author_login, "zhao.min");
    assert_int_equal(store_comment_list(f->s, 9999, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

static store_delegation delegation(int64_t from, int64_t to, const char *module,
                                   const char *start, const char *end, int64_t max)
{
    store_delegation d = {.from_id = from, .to_id = to, .max_amount = max};
    bd_strlcpy(d.module, module, sizeof d.module);
    bd_strlcpy(d.start_date, start, sizeof d.start_date);
    bd_strlcpy(d.end_date, end, sizeof d.end_date);
    return d;
}

static int count_to(fx *f, int64_t to, const char *today, store_delegation *rows)
{
    int n = -1;
    bd_err e = {0};
    assert_int_equal(store_delegations_to(f->s, to, today, rows, 4, &n, &e), BD_OK);
    return n;
}

static void test_delegations(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    /* The manager is away for a week; the supervisor decides contracts. */
    store_delegation d = delegation(f->boss, f->sup, "contracts", "2026-12-01", "2026-12-07", 0);
    assert_int_equal(store_delegation_insert(f->s, &d, &e), BD_OK);
    assert_true(d.id > 0);
    assert_int_not_equal(d.created_at[0], '\0');
    /* Finance hands over everything for one day, up to 5,000.00. */
    d = delegation(f->fin, f->sup, "", "2026-12-07", "2026-12-07", 500000);
    assert_int_equal(store_delegation_insert(f->s, &d, &e), BD_OK);
    /* To someone else. */
    d = delegation(f->boss, f->rep1, "", "2026-12-01", "2026-12-31", 0);
    assert_int_equal(store_delegation_insert(f->s, &d, &e), BD_OK);
    /* Not to oneself, not backwards. */
    d = delegation(f->boss, f->boss, "", "2026-12-01", "2026-12-31", 0);
    assert_int_equal(store_delegation_insert(f->s, &d, &e), BD_ERR_INVALID);
    d = delegation(f->boss, f->sup, "", "2026-12-31", "2026-12-01", 0);
    assert_int_equal(store_delegation_insert(f->s, &d, &e), BD_ERR_INVALID);

    store_delegation rows[4];
    assert_int_equal(count_to(f, f->sup, "2026-11-30", rows), 0);
    assert_int_equal(count_to(f, f->sup, "2026-12-01", rows), 1);
    assert_string_equal(rows[0].from_login, "li.na");
    assert_string_equal(rows[0].from_role, "manager");
    assert_string_equal(rows[0].from_department, "sales");
    assert_int_equal(rows[0].from_manager_id, 0);
    assert_string_equal(rows[0].to_login, "chen.jing");
    assert_string_equal(rows[0].module, "contracts");
    assert_string_equal(rows[0].start_date, "2026-12-01");
    assert_string_equal(rows[0].end_date, "2026-12-07");
    assert_int_equal(count_to(f, f->sup, "2026-12-04", rows), 1);
    assert_int_equal(count_to(f, f->sup, "2026-12-07", rows), 2);
    assert_string_equal(rows[1].from_login, "zhao.min");
    assert_string_equal(rows[1].from_department, "finance");
    assert_string_equal(rows[1].module, "");
    assert_int_equal(rows[1].max_amount, 500000);
    assert_int_equal(count_to(f, f->sup, "2026-12-08", rows), 0);
    assert_int_equal(count_to(f, f->rep1, "2026-12-08", rows), 1);
    assert_int_equal(count_to(f, f->boss, "2026-12-04", rows), 0);
    /* The delegator's own manager comes along (for "nobody decides their
     * own request"). */
    d = delegation(f->rep1, f->rep2, "", "2026-01-01", "2026-01-31", 0);
    assert_int_equal(store_delegation_insert(f->s, &d, &e), BD_OK);
    assert_int_equal(count_to(f, f->rep2, "2026-01-15", rows), 1);
    assert_int_equal(rows[0].from_manager_id, f->sup);
}

/* ---- Numbering ---------------------------------------------------------------------- */

static int64_t seq_next(fx *f, int year)
{
    int64_t seq = -1;
    bd_err e = {0};
    assert_int_equal(store_contract_seq_next(f->s, year, &seq, &e), BD_OK);
    return seq;
}

static void test_sequence(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    assert_int_equal(seq_next(f, 2026), 1);
    assert_int_equal(seq_next(f, 2026), 2);
    assert_int_equal(seq_next(f, 2027), 1);
    assert_int_equal(seq_next(f, 2026), 3);
    assert_int_equal(seq_next(f, 2027), 2);
    /* Inside a transaction; a rolled-back signing gives its number back. */
    assert_int_equal(store_begin(f->s, &e), BD_OK);
    assert_int_equal(seq_next(f, 2026), 4);
    store_rollback(f->s);
    assert_int_equal(store_begin(f->s, &e), BD_OK);
    assert_int_equal(seq_next(f, 2026), 4);
    assert_int_equal(store_commit(f->s, &e), BD_OK);
    assert_int_equal(seq_next(f, 2026), 5);
    assert_int_equal(unit_raw_int(f->path, "SELECT last FROM contract_sequence WHERE year = 2027"), 2);
}

/* ---- Receivables ------------------------------------------------------------------------ */

/* A signed contract of rep1's with two milestones, and one of rep2's with
 * one; returns rep1's contract id. */
static int64_t signed_contracts(fx *f, int64_t *theirs)
{
    bd_err e = {0};
    int64_t id = add_contract(f, f->acme, f->rep1, "signed", NULL);
    store_contract c;
    assert_int_equal(store_contract_get(f->s, NULL, id, &c, &e), BD_OK);
    bd_strlcpy(c.state, "signed", sizeof c.state);
    bd_strlcpy(c.number, "HT-2026-0007", sizeof c.number);
    assert_int_equal(store_contract_update(f->s, &c, &e), BD_OK);
    store_milestone ms[2] = {
        milestone(0, "Delivery", "2026-06-01", 100000),
        milestone(0, "預付款", "2026-02-01", 50000),
    };
    assert_int_equal(store_milestones_replace(f->s, id, ms, 2, &e), BD_OK);
    *theirs = add_contract(f, f->huanan, f->rep2, "theirs", "signed");
    store_milestone one = milestone(1, "All", "2026-03-01", 70000);
    assert_int_equal(store_milestones_replace(f->s, *theirs, &one, 1, &e), BD_OK);
    return id;
}

static void test_receivables(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t theirs;
    int64_t id = signed_contracts(f, &theirs);
    assert_int_equal(store_begin(f->s, &e), BD_OK);
    assert_int_equal(store_receivables_create(f->s, id, &e), BD_OK);
    assert_int_equal(store_receivables_create(f->s, theirs, &e), BD_OK);
    assert_int_equal(store_commit(f->s, &e), BD_OK);
    /* Twice: refused, and nothing added. */
    assert_int_equal(store_receivables_create(f->s, id, &e), BD_ERR_CONFLICT);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM receivables"), 3);
    /* Milestones with receivables stay as they are. */
    store_milestone m = milestone(1, "x", "2026-01-01", 1);
    assert_int_equal(store_milestones_replace(f->s, id, &m, 1, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "receivables"));

    store_viewer all = {.user_id = f->fin, .see = STORE_SEE_ALL, .department = "finance"};
    store_receivable rows[5];
    int n;
    assert_int_equal(store_receivable_list(f->s, &all, 0, false, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].due_date, "2026-02-01");
    assert_string_equal(rows[0].milestone, "預付款");
    assert_string_equal(rows[0].contract_number, "HT-2026-0007");
    assert_string_equal(rows[0].company, "Acme Ltd");
    assert_int_equal(rows[0].amount, 50000);
    assert_int_equal(rows[0].paid, 0);
    assert_string_equal(rows[0].state, "open");
    assert_int_equal(rows[0].version, 1);
    assert_string_equal(rows[1].due_date, "2026-03-01");
    assert_string_equal(rows[1].company, "華南科技有限公司");
    assert_string_equal(rows[1].contract_number, ""); /* signed without a number here */
    assert_string_equal(rows[2].due_date, "2026-06-01");
    int64_t delivery = rows[2].id, theirs_r = rows[1].id;

    /* Visibility through the contract's owner; customer filter. */
    store_viewer own = {.user_id = f->rep1, .see = STORE_SEE_OWN, .department = "sales"};
    assert_int_equal(store_receivable_list(f->s, &own, 0, false, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    store_receivable r;
    assert_int_equal(store_receivable_get(f->s, &own, theirs_r, &r, &e), BD_ERR_NOTFOUND);
    assert_non_null(strstr(e.msg, "that you may see"));
    assert_int_equal(store_receivable_list(f->s, &all, f->huanan, false, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, theirs_r);
    assert_int_equal(store_receivable_list(f->s, &all, 0, false, rows, 2, &n, &e), BD_OK);
    assert_int_equal(n, 2);

    /* Payments: partial, then a stale copy, too much, then the rest. */
    assert_int_equal(store_receivable_get(f->s, &own, delivery, &r, &e), BD_OK);
    assert_string_equal(r.milestone, "Delivery");
    store_receivable stale = r;
    assert_int_equal(store_begin(f->s, &e), BD_OK);
    assert_int_equal(store_payment_insert(f->s, &r, 40000, "2026-06-03", "transfer", "TX-1",
                                          f->fin, "2026-06-03T10:00:00Z", &e), BD_OK);
    assert_int_equal(store_commit(f->s, &e), BD_OK);
    assert_int_equal(r.paid, 40000);
    assert_string_equal(r.state, "open");
    assert_int_equal(r.version, 2);

    assert_int_equal(store_payment_insert(f->s, &stale, 10000, "2026-06-04", "transfer", "",
                                          f->fin, "", &e), BD_ERR_CONFLICT);
    assert_non_null(strstr(e.msg, "changed by someone else"));
    assert_int_equal(stale.version, 1);
    assert_int_equal(stale.paid, 0);

    assert_int_equal(store_payment_insert(f->s, &r, 60001, "2026-06-04", "transfer", "", f->fin,
                                          "", &e), BD_ERR_INVALID);
    assert_string_equal(e.msg, "payment of 600.01 is more than the 600.00 still open");
    assert_int_equal(store_payment_insert(f->s, &r, 0, "2026-06-04", "cash", "", f->fin, "", &e),
                     BD_ERR_INVALID);
    assert_int_equal(store_payment_insert(f->s, &r, -5, "2026-06-04", "cash", "", f->fin, "", &e),
                     BD_ERR_INVALID);
    assert_int_equal(r.paid, 40000);
    assert_int_equal(r.version, 2);

    assert_int_equal(store_payment_insert(f->s, &r, 60000, "2026-06-05", "cash", NULL, f->fin, "",
                                          &e), BD_OK);
    assert_int_equal(r.paid, 100000);
    assert_string_equal(r.state, "paid");
    assert_int_equal(r.version, 3);
    store_receivable g;
    assert_int_equal(store_receivable_get(f->s, NULL, delivery, &g, &e), BD_OK);
    assert_int_equal(g.paid, 100000);
    assert_string_equal(g.state, "paid");
    assert_int_equal(g.version, 3);
    /* Paid: no more payments. */
    assert_int_equal(store_payment_insert(f->s, &r, 1, "2026-06-06", "cash", "", f->fin, "", &e),
                     BD_ERR_INVALID);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM payments"), 2);
    assert_int_equal(unit_raw_int(f->path, "SELECT sum(amount) FROM payments"), 100000);
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM payments WHERE at = "
                                      "'2026-06-03T10:00:00Z' AND reference = 'TX-1'"), 1);

    /* The paid one leaves the open list, stays in the full one. */
    assert_int_equal(store_receivable_list(f->s, &own, 0, false, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].milestone, "預付款");
    assert_int_equal(store_receivable_list(f->s, &own, 0, true, rows, 5, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(rows[1].state, "paid");
}

static void test_collections(void **state)
{
    fx *f = *state;
    bd_err e = {0};
    int64_t theirs;
    int64_t id = signed_contracts(f, &theirs);
    assert_int_equal(store_receivables_create(f->s, id, &e), BD_OK);
    store_receivable rows[2];
    int n;
    assert_int_equal(store_receivable_list(f->s, NULL, 0, false, rows, 2, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    int64_t rid = rows[0].id;

    store_collection c = {.receivable_id = rid, .actor_id = f->fin};
    bd_strlcpy(c.kind, "visit", sizeof c.kind);
    bd_strlcpy(c.planned_on, "2026-03-10", sizeof c.planned_on);
    assert_int_equal(store_collection_insert(f->s, &c, &e), BD_OK);
    assert_true(c.id > 0);
    assert_int_not_equal(c.at[0], '\0');
    c = (store_collection){.receivable_id = rid, .actor_id = f->rep1};
    bd_strlcpy(c.kind, "phone", sizeof c.kind);
    bd_strlcpy(c.planned_on, "2026-03-01", sizeof c.planned_on);
    bd_strlcpy(c.done_on, "2026-03-02", sizeof c.done_on);
    bd_strlcpy(c.outcome, "答應月底付款", sizeof c.outcome);
    bd_strlcpy(c.at, "2026-03-02T08:00:00Z", sizeof c.at);
    assert_int_equal(store_collection_insert(f->s, &c, &e), BD_OK);
    c = (store_collection){.receivable_id = rid, .actor_id = f->rep1};
    bd_strlcpy(c.kind, "fax", sizeof c.kind);
    bd_strlcpy(c.planned_on, "2026-03-01", sizeof c.planned_on);
    assert_int_equal(store_collection_insert(f->s, &c, &e), BD_ERR_INVALID);

    store_collection list[4];
    assert_int_equal(store_collection_list(f->s, rid, list, 4, &n, &e), BD_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].kind, "phone");
    assert_string_equal(list[0].done_on, "2026-03-02");
    assert_string_equal(list[0].outcome, "答應月底付款");
    assert_string_equal(list[0].actor_login, "wang.fang");
    assert_string_equal(list[0].at, "2026-03-02T08:00:00Z");
    assert_string_equal(list[1].kind, "visit");
    assert_string_equal(list[1].done_on, "");
    assert_string_equal(list[1].outcome, "");
    assert_string_equal(list[1].actor_login, "zhao.min");
    assert_int_equal(unit_raw_int(f->path, "SELECT count(*) FROM collection_actions "
                                      "WHERE done_on IS NULL"), 1);
    assert_int_equal(store_collection_list(f->s, rows[1].id, list, 4, &n, &e), BD_OK);
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_contract_insert_get_update, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_contract_visibility, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_contract_page, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_clauses, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_milestones, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_decisions, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_comments, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_delegations, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_sequence, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_receivables, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_collections, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
