/* Unit tests of the pipeline's rules through the app layer, on a real
 * temporary database with the shipped policy: who sees what, stage
 * requirements, search, owners, paging. */
#include "unit.h"
#include "unit_app.h"

typedef unit_app fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    return unit_app_open(f, NULL, false);
}

static int teardown(void **state)
{
    unit_app_close(*state);
    free(*state);
    return 0;
}

static int64_t add_lead(app *a, const char *company, const char *contact, const char *email)
{
    app_lead_input in = {.company = company, .contact_name = contact, .email = email};
    store_opp o;
    bd_err e = {0};
    bd_status st = app_lead_add(a, &in, &o, &e);
    if (st != BD_OK)
        fprintf(stderr, "add_lead: %s\n", e.msg);
    assert_int_equal(st, BD_OK);
    return o.id;
}

static int count_visible(app *a, const char *search)
{
    store_opp rows[100];
    int n = 0;
    store_opp_query q = {.limit = 100, .search = search};
    bd_err e = {0};
    assert_int_equal(app_opp_page(a, &q, rows, &n, &e), BD_OK);
    return n;
}

static void test_visibility(void **state)
{
    fixture *f = *state;
    app *wang = unit_as(f, "wang.fang"), *tom = unit_as(f, "tom.baker"), *chen = unit_as(f, "chen.jing");
    app *li = unit_as(f, "li.na"), *zhao = unit_as(f, "zhao.min");
    int64_t id = add_lead(wang, "華南科技有限公司", "陳大文", "dw@hn.cn");
    add_lead(tom, "Acme Ltd", "Tom's contact", NULL);

    store_opp o;
    bd_err e = {0};
    assert_int_equal(app_opp_get(wang, id, &o, &e), BD_OK);
    /* Another rep: not found (not even "denied": the row does not exist for them). */
    assert_int_equal(app_opp_get(tom, id, &o, &e), BD_ERR_NOTFOUND);
    assert_int_equal(count_visible(tom, NULL), 1);
    assert_int_equal(count_visible(wang, NULL), 1);
    /* The supervisor sees the team; the manager the department. */
    assert_int_equal(count_visible(chen, NULL), 2);
    assert_int_equal(count_visible(li, NULL), 2);
    assert_int_equal(app_opp_get(chen, id, &o, &e), BD_OK);
    /* Finance has no pipeline.use at all. */
    store_opp rows[4];
    int n;
    store_opp_query q = {.limit = 4};
    assert_int_equal(app_opp_page(zhao, &q, rows, &n, &e), BD_ERR_DENIED);
    /* A rep cannot give a lead away; the supervisor can, and it is audited. */
    assert_int_equal(app_opp_reassign(wang, id, "tom.baker", &e), BD_ERR_DENIED);
    assert_int_equal(app_opp_reassign(chen, id, "tom.baker", &e), BD_OK);
    assert_int_equal(app_opp_get(tom, id, &o, &e), BD_OK);
    assert_string_equal(o.owner_login, "tom.baker");
    assert_int_equal(app_opp_get(wang, id, &o, &e), BD_ERR_NOTFOUND);
    /* ...but not to someone outside their team. */
    assert_int_equal(app_opp_reassign(chen, id, "zhao.min", &e), BD_ERR_DENIED);
    app_close(&wang), app_close(&tom), app_close(&chen), app_close(&li), app_close(&zhao);
}

static void test_stage_rules(void **state)
{
    fixture *f = *state;
    app *a = unit_as(f, "wang.fang");
    int64_t id = add_lead(a, "Stage Test Co", "Ms Lee", NULL);
    store_opp o;
    bd_err e = {0};
    assert_int_equal(app_opp_move(a, id, "proposal", NULL, 0, &o, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "needs"));
    assert_non_null(strstr(e.msg, "budget"));
    assert_non_null(strstr(e.msg, "value"));
    assert_null(strstr(e.msg, "contact")); /* it has one */
    assert_int_equal(app_opp_move(a, id, "nowhere", NULL, 0, &o, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "one of: new, qualified"));

    app_opp_change ch = {.needs = "CRM, 50 seats", .budget = "100,000", .value = "150000"};
    assert_int_equal(app_opp_move(a, id, "proposal", &ch, 0, &o, &e), BD_OK);
    assert_string_equal(o.stage, "proposal");
    assert_int_equal(o.budget, 10000000);
    /* A stale version is refused. */
    assert_int_equal(app_opp_move(a, id, "negotiation", NULL, 1, &o, &e), BD_ERR_CONFLICT);
    /* Lost needs a reason; a closed opportunity stays closed. */
    assert_int_equal(app_opp_move(a, id, "lost", NULL, 0, &o, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "lost_reason"));
    app_opp_change why = {.lost_reason = "price"};
    assert_int_equal(app_opp_move(a, id, "lost", &why, 0, &o, &e), BD_OK);
    assert_int_equal(app_opp_move(a, id, "new", NULL, 0, &o, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "closed"));
    /* Bad field values name the field. */
    app_lead_input bad = {.company = "X", .email = "x@"};
    assert_int_equal(app_lead_check(a, &bad, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "email:"));
    app_lead_input bad2 = {.company = "X", .close_date = "2026-02-30"};
    assert_int_equal(app_lead_check(a, &bad2, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "close_date:"));
    app_lead_input bad3 = {.company = "X", .value = "12.345"};
    assert_int_equal(app_lead_check(a, &bad3, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "value:"));
    app_lead_input bad4 = {.company = "  "};
    assert_int_equal(app_lead_check(a, &bad4, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "company: required"));
    app_close(&a);
}

static void test_search(void **state)
{
    fixture *f = *state;
    app *a = unit_as(f, "li.na");
    add_lead(a, "東海貿易", "陳大文", "chan@east.hk");
    add_lead(a, "北方軟件", "王大明", "wang@north.cn");
    assert_int_equal(count_visible(a, "大文"), 1);
    assert_int_equal(count_visible(a, "陳大文"), 1);
    assert_int_equal(count_visible(a, "文"), 1);
    assert_int_equal(count_visible(a, "大"), 2);
    assert_int_equal(count_visible(a, "大明"), 1);
    assert_int_equal(count_visible(a, "文大"), 0);
    assert_int_equal(count_visible(a, "north"), 1);
    assert_int_equal(count_visible(a, "EAST"), 1);
    assert_int_equal(count_visible(a, "東海 陳"), 1);
    assert_int_equal(count_visible(a, "東海 王"), 0);
    /* Renaming the company moves it in the index. */
    store_opp rows[2];
    int n;
    store_opp_query q = {.limit = 2, .search = "北方"};
    bd_err e = {0};
    assert_int_equal(app_opp_page(a, &q, rows, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    app_close(&a);
}

/* A word in thousands of rows takes the list's other plan (its matches
 * checked row by row, see store_opp_page): the pages must be the same as
 * for a rare word, forwards and backwards, with every match once. */
static void test_common_search(void **state)
{
    fixture *f = *state;
    enum { ROWS = 3000, HITS = 2400 }; /* more than store's COMMON_HITS */
    char path[4096];
    snprintf(path, sizeof path, "%s/many.csv", f->dir);
    FILE *csv = fopen(path, "w");
    assert_non_null(csv);
    fputs("company,contact_name,email\n", csv);
    for (int i = 0; i < ROWS; i++) {
        /* Company order differs from id order: numbers count down. */
        if (i % 5)
            fprintf(csv, "Globex %04d,Hank %d,hank%d@globex.test\n", ROWS - i, i, i);
        else
            fprintf(csv, "Initech %04d,Bill %d,bill%d@initech.test\n", ROWS - i, i, i);
    }
    assert_int_equal(fclose(csv), 0);
    app *a = unit_as(f, "li.na");
    app_import_opts o = {.path = path};
    app_import_result r;
    bd_err e = {0};
    assert_int_equal(app_import_leads(a, &o, &r, &e), BD_OK);
    assert_int_equal(r.inserted, ROWS);

    static store_opp page[50], cursor;
    const char *words[] = {"globex", "initech"};
    const int want[] = {HITS, ROWS - HITS};
    for (int w = 0; w < 2; w++) {
        store_opp_query q = {.limit = 50, .sort = STORE_OPP_BY_COMPANY, .search = words[w]};
        int seen = 0, m = 0;
        char last[128] = "";
        do {
            assert_int_equal(app_opp_page(a, &q, page, &m, &e), BD_OK);
            for (int i = 0; i < m; i++) {
                assert_true(strncasecmp(page[i].company, words[w], strlen(words[w])) == 0);
                assert_true(strcmp(last, page[i].company) < 0);
                snprintf(last, sizeof last, "%s", page[i].company);
            }
            seen += m;
            if (m > 0) {
                cursor = page[m - 1];
                q.after = &cursor;
            }
        } while (m == 50);
        assert_int_equal(seen, want[w]);
        /* The last page from the end, then back one page from it. */
        store_opp_query end = {.limit = 50, .sort = STORE_OPP_BY_COMPANY, .search = words[w],
                               .from_end = true};
        assert_int_equal(app_opp_page(a, &end, page, &m, &e), BD_OK);
        assert_int_equal(m, 50);
        assert_string_equal(page[49].company, last);
        cursor = page[0];
        store_opp_query back = {.limit = 50, .sort = STORE_OPP_BY_COMPANY, .search = words[w],
                                .before = &cursor};
        assert_int_equal(app_opp_page(a, &back, page, &m, &e), BD_OK);
        assert_int_equal(m, 50);
        assert_true(strcmp(page[49].company, cursor.company) < 0);
        store_stage_sum sums[8];
        assert_int_equal(app_opp_sums(a, &q, sums, 8, &m, &e), BD_OK);
        assert_int_equal(m, 1);
        assert_int_equal(sums[0].count, want[w]);
    }
    app_close(&a);
}

static void test_paging(void **state)
{
    fixture *f = *state;
    app *a = unit_as(f, "tom.baker");
    char name[64];
    for (int i = 0; i < 30; i++) {
        snprintf(name, sizeof name, "%s %02d", i % 2 ? "公司" : "Company", 29 - i);
        add_lead(a, name, NULL, NULL);
    }
    store_opp all[40], page[10];
    int n = 0, m = 0;
    store_opp_query q = {.limit = 40, .sort = STORE_OPP_BY_COMPANY};
    bd_err e = {0};
    assert_int_equal(app_opp_page(a, &q, all, &n, &e), BD_OK);
    assert_int_equal(n, 30);
    for (int i = 1; i < n; i++)
        assert_true(strcmp(all[i - 1].company, all[i].company) <= 0);
    /* Forward in pages of 10 gives the same order... */
    store_opp_query p = {.limit = 10, .sort = STORE_OPP_BY_COMPANY};
    for (int start = 0; start < 30; start += 10) {
        assert_int_equal(app_opp_page(a, &p, page, &m, &e), BD_OK);
        assert_int_equal(m, 10);
        for (int i = 0; i < 10; i++)
            assert_int_equal(page[i].id, all[start + i].id);
        static store_opp cursor;
        cursor = page[9];
        p.after = &cursor;
    }
    /* ...the last page from the end, and back from it. */
    store_opp_query last = {.limit = 10, .sort = STORE_OPP_BY_COMPANY, .from_end = true};
    assert_int_equal(app_opp_page(a, &last, page, &m, &e), BD_OK);
    assert_int_equal(page[0].id, all[20].id);
    store_opp edge = page[0];
    store_opp_query back = {.limit = 10, .sort = STORE_OPP_BY_COMPANY, .before = &edge};
    assert_int_equal(app_opp_page(a, &back, page, &m, &e), BD_OK);
    assert_int_equal(m, 10);
    assert_int_equal(page[0].id, all[10].id);
    assert_int_equal(page[9].id, all[19].id);
    /* Descending by id. */
    store_opp_query d = {.limit = 3, .sort = STORE_OPP_BY_ID, .desc = true};
    assert_int_equal(app_opp_page(a, &d, page, &m, &e), BD_OK);
    assert_true(page[0].id > page[1].id && page[1].id > page[2].id);
    /* Sums for the same filter. */
    store_stage_sum sums[8];
    assert_int_equal(app_opp_sums(a, &q, sums, 8, &m, &e), BD_OK);
    assert_int_equal(m, 1);
    assert_int_equal(sums[0].count, 30);
    app_close(&a);
}

static void test_activity(void **state)
{
    fixture *f = *state;
    app *a = unit_as(f, "wang.fang");
    int64_t id = add_lead(a, "Activity Co", "Mr Chan", NULL);
    app_activity_input in = {.kind = "visit", .summary = "拜訪, demo", .next_followup = "2026-12-01"};
    store_activity act;
    bd_err e = {0};
    assert_int_equal(app_activity_add(a, id, &in, &act, &e), BD_OK);
    store_opp o;
    assert_int_equal(app_opp_get(a, id, &o, &e), BD_OK);
    assert_string_equal(o.next_followup, "2026-12-01");
    app_activity_input bad = {.kind = "party", .summary = "x"};
    assert_int_equal(app_activity_add(a, id, &bad, &act, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "kind:"));
    store_activity rows[4];
    int n;
    assert_int_equal(app_activity_list(a, id, rows, 4, &n, &e), BD_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].summary, "拜訪, demo");
    app_close(&a);
}

/* The import's callbacks: progress while rows are read, then its steps;
 * a cancel seen at the very end (the last progress call) still stops it. */
typedef struct steps_seen {
    int cancel_at_end;
    volatile int cancel;
    char steps[128];
} steps_seen;

static void note_progress(void *ctx, uint64_t rows, uint64_t bytes, uint64_t total)
{
    steps_seen *s = ctx;
    (void)rows;
    if (s->cancel_at_end && bytes == total)
        s->cancel = 1;
}

static void note_step(void *ctx, const char *what)
{
    steps_seen *s = ctx;
    size_t len = strlen(s->steps);
    snprintf(s->steps + len, sizeof s->steps - len, "%s;", what);
}

static void test_import_steps(void **state)
{
    fixture *f = *state;
    char path[4096];
    snprintf(path, sizeof path, "%s/three.csv", f->dir);
    FILE *csv = fopen(path, "w");
    assert_non_null(csv);
    fputs("company,contact_name,email\nAcme,Ann,ann@acme.test\nBeta,Bob,bob@beta.test\n"
          "Gamma,Gus,gus@gamma.test\n", csv);
    assert_int_equal(fclose(csv), 0);
    app *a = unit_as(f, "li.na");
    app_import_result r;
    bd_err e = {0};

    steps_seen s = {.cancel_at_end = 1};
    app_import_opts o = {.path = path, .progress = note_progress, .step = note_step,
                         .progress_ctx = &s, .cancel = &s.cancel};
    assert_int_equal(app_import_leads(a, &o, &r, &e), BD_ERR_INVALID);
    assert_non_null(strstr(e.msg, "interrupted after every row was read; nothing was imported"));
    assert_string_equal(s.steps, "");

    s = (steps_seen){0};
    o.dry_run = true;
    assert_int_equal(app_import_leads(a, &o, &r, &e), BD_OK);
    assert_string_equal(s.steps, "");

    o.dry_run = false;
    assert_int_equal(app_import_leads(a, &o, &r, &e), BD_OK);
    assert_int_equal(r.inserted, 3); /* so neither run before saved a row */
    assert_string_equal(s.steps, "saving;");
    app_close(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_visibility, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stage_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_common_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_activity, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
