/* Unit tests of the approval engine: every transition, guard, tier,
 * delegation window, and the rules no flow can switch off. */
#include "unit.h"

#include "approval.h"

/* legal -> finance -> leadership above 100,000.00 -> top tier above 1,000,000.00 */
static const apv_step contract_steps[] = {
    {"legal", "Legal review", APV_ROLE, "legal", 0},
    {"finance", "Finance review", APV_ROLE, "finance", 0},
    {"leader", "Leadership approval", APV_LEADERSHIP, "leader", 10000000},
    {"board", "Board approval", APV_LEADERSHIP, "chair", 100000000},
};
static const apv_flow contracts = {"contracts", contract_steps, 4};

/* department head (manager for sales) -> finance */
static const apv_step claim_steps[] = {
    {"head", "Department head check", APV_DEPT_HEAD, "dept_head", 0},
    {"mgr", "Manager check", APV_MANAGER, NULL, 0},
    {"finance", "Finance check", APV_ROLE, "finance", 0},
};
static const apv_flow claims = {"claims", claim_steps, 3};

static const apv_person rep = {1, "wang.fang", "rep", "sales", 2};
static const apv_person sup = {2, "chen.jing", "supervisor", "sales", 3};
static const apv_person legal = {4, "sun.li", "legal", "legal", 0};
static const apv_person fin = {5, "zhao.min", "finance", "finance", 6};
static const apv_person fin2 = {9, "qian.li", "finance", "finance", 6};
static const apv_person head_fin = {6, "huang.lei", "dept_head", "finance", 0};
static const apv_person head_sales = {8, "sales.head", "dept_head", "sales", 0};
static const apv_person boss = {7, "zhang.wei", "leader", "leadership", 0};

static apv_ctx as(const apv_person *actor, const apv_person *author)
{
    apv_ctx c = {.actor = actor, .author = author, .today = "2026-11-24"};
    return c;
}

static void test_small_contract_skips_leadership(void **state)
{
    (void)state;
    apv_item it = {.amount = 5000000, .author_id = rep.id};
    bd_err e = {0};
    apv_ctx c = as(&rep, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_SUBMIT, NULL, NULL, &e), BD_OK);
    assert_int_equal(it.state, APV_IN_REVIEW);
    assert_int_equal(it.step, 0);
    c = as(&fin, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_ERR_DENIED);
    assert_non_null(strstr(e.msg, "Legal review is for role legal"));
    c = as(&legal, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_OK);
    assert_int_equal(it.step, 1);
    c = as(&fin, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_OK);
    assert_int_equal(it.state, APV_APPROVED); /* below both tiers */
    /* A step is taken once: nothing more to decide. */
    c = as(&boss, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "approved"));
}

static void test_tiers(void **state)
{
    (void)state;
    assert_int_equal(apv_next_step(&contracts, 2, 9999999), 4);
    assert_int_equal(apv_next_step(&contracts, 2, 10000000), 2);
    assert_int_equal(apv_next_step(&contracts, 3, 50000000), 4);
    assert_int_equal(apv_next_step(&contracts, 3, 100000000), 3);
    apv_item it = {.amount = 20000000, .author_id = rep.id};
    bd_err e = {0};
    apv_ctx c = as(&rep, &rep);
    apv_apply(&contracts, &it, &c, APV_SUBMIT, NULL, NULL, &e);
    c = as(&legal, &rep);
    apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, NULL, &e);
    c = as(&fin, &rep);
    apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, NULL, &e);
    assert_int_equal(it.state, APV_IN_REVIEW);
    assert_int_equal(it.step, 2); /* leadership: over 100,000.00 */
    c = as(&boss, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_OK);
    assert_int_equal(it.state, APV_APPROVED); /* below the board tier */
    assert_int_equal(it.decided_by[0], legal.id);
    assert_int_equal(it.decided_by[2], boss.id);
}

static void test_no_self_approval(void **state)
{
    (void)state;
    /* The finance clerk's own claim: finance may not approve it, even
     * though the step is theirs; another clerk may. */
    apv_item it = {.amount = 1000, .author_id = fin.id};
    bd_err e = {0};
    apv_ctx c = as(&fin, &fin);
    apv_apply(&claims, &it, &c, APV_SUBMIT, NULL, NULL, &e);
    c = as(&head_fin, &fin);
    assert_int_equal(apv_apply(&claims, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_OK);
    /* step 2: the requester's manager is huang.lei (6), who decided step 1 */
    assert_int_equal(apv_apply(&claims, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_ERR_DENIED);
    assert_non_null(strstr(e.msg, "one person decides one step"));
    apv_item it2 = {.state = APV_IN_REVIEW, .step = 2, .amount = 1000, .author_id = fin.id};
    c = as(&fin, &fin);
    assert_int_equal(apv_apply(&claims, &it2, &c, APV_APPROVE, NULL, NULL, &e), BD_ERR_DENIED);
    assert_non_null(strstr(e.msg, "nobody decides their own request"));
    c = as(&fin2, &fin);
    assert_int_equal(apv_apply(&claims, &it2, &c, APV_APPROVE, NULL, NULL, &e), BD_OK);
    assert_int_equal(it2.state, APV_APPROVED);
}

static void test_dept_head_and_manager(void **state)
{
    (void)state;
    apv_item it = {.amount = 1000, .author_id = rep.id};
    bd_err e = {0};
    apv_ctx c = as(&rep, &rep);
    apv_apply(&claims, &it, &c, APV_SUBMIT, NULL, NULL, &e);
    c = as(&head_fin, &rep);
    assert_int_equal(apv_apply(&claims, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_ERR_DENIED);
    assert_non_null(strstr(e.msg, "department sales"));
    c = as(&head_sales, &rep);
    assert_int_equal(apv_apply(&claims, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_OK);
    c = as(&boss, &rep);
    assert_int_equal(apv_apply(&claims, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_ERR_DENIED);
    assert_non_null(strstr(e.msg, "requester's manager"));
    c = as(&sup, &rep);
    assert_int_equal(apv_apply(&claims, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_OK);
    assert_int_equal(it.step, 2);
}

static void test_reject_and_resubmit(void **state)
{
    (void)state;
    apv_item it = {.amount = 5000000, .author_id = rep.id};
    bd_err e = {0};
    apv_ctx c = as(&rep, &rep);
    apv_apply(&contracts, &it, &c, APV_SUBMIT, NULL, NULL, &e);
    c = as(&legal, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_REJECT, "", NULL, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "says why"));
    assert_int_equal(it.state, APV_IN_REVIEW); /* unchanged */
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_REJECT, "clause 7 missing", NULL, &e), BD_OK);
    assert_int_equal(it.state, APV_REJECTED);
    /* Only the author submits again, from the first step. */
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_SUBMIT, NULL, NULL, &e), BD_ERR_DENIED);
    c = as(&rep, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_SUBMIT, NULL, NULL, &e), BD_OK);
    assert_int_equal(it.state, APV_IN_REVIEW);
    assert_int_equal(it.step, 0);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_SUBMIT, NULL, NULL, &e), BD_ERR_INVALID);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_WITHDRAW, NULL, NULL, &e), BD_OK);
    assert_int_equal(it.state, APV_DRAFT);
    c = as(&legal, &rep);
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, NULL, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "draft"));
}

static void test_delegation(void **state)
{
    (void)state;
    const apv_person deputy = {10, "li.si", "rep", "legal", 4};
    apv_delegation d = {.from = legal, .to_id = deputy.id, .module = "contracts",
                        .start = "2026-11-20", .end = "2026-11-30", .max_amount = 10000000};
    apv_item base = {.state = APV_IN_REVIEW, .step = 0, .amount = 5000000, .author_id = rep.id};
    bd_err e = {0};
    const apv_person *behalf = NULL;
    apv_ctx c = {.actor = &deputy, .author = &rep, .today = "2026-11-24", .delegations = &d,
                 .ndelegations = 1};
    apv_item it = base;
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, &behalf, &e), BD_OK);
    assert_non_null(behalf);
    assert_string_equal(behalf->login, "sun.li"); /* recorded "li.si for sun.li" */
    /* Outside the window, the module or the amount: refused. */
    it = base;
    c.today = "2026-12-01";
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, &behalf, &e), BD_ERR_DENIED);
    assert_null(behalf);
    c.today = "2026-11-19";
    assert_int_equal(apv_apply(&contracts, &it, &c, APV_APPROVE, NULL, &behalf, &e), BD_ERR_DENIED);
    c.today = "2026-11-30";
    assert_int_equal(apv_check(&contracts, &it, &c, APV_APPROVE, &behalf, &e), BD_OK);
    it.amount = 10000001;
    assert_int_equal(apv_check(&contracts, &it, &c, APV_APPROVE, &behalf, &e), BD_ERR_DENIED);
    it.amount = 5000000;
    d.module = "claims";
    assert_int_equal(apv_check(&contracts, &it, &c, APV_APPROVE, &behalf, &e), BD_ERR_DENIED);
    d.module = NULL; /* every module */
    assert_int_equal(apv_check(&contracts, &it, &c, APV_APPROVE, &behalf, &e), BD_OK);
    /* A deputy never decides their own request, nor one of the approver's. */
    apv_item own = {.state = APV_IN_REVIEW, .step = 0, .amount = 100, .author_id = deputy.id};
    c.author = &deputy;
    assert_int_equal(apv_check(&contracts, &own, &c, APV_APPROVE, &behalf, &e), BD_ERR_DENIED);
    apv_item legals = {.state = APV_IN_REVIEW, .step = 0, .amount = 100, .author_id = legal.id};
    c.author = &legal;
    assert_int_equal(apv_check(&contracts, &legals, &c, APV_APPROVE, &behalf, &e), BD_ERR_DENIED);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(apv_action_name(APV_REJECT), "reject");
    assert_string_equal(apv_state_name(APV_IN_REVIEW), "in review");
    assert_string_equal(apv_action_name((apv_action)99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_contract_skips_leadership),
        cmocka_unit_test(test_tiers),
        cmocka_unit_test(test_no_self_approval),
        cmocka_unit_test(test_dept_head_and_manager),
        cmocka_unit_test(test_reject_and_resubmit),
        cmocka_unit_test(test_delegation),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
