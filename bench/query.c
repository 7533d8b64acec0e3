/* query - time opportunity list queries on a large bizdesk database.
 *
 *   query DB LOGIN [RUNS]
 *
 * Opens DB with store_open (as bizdesk does) and times store_opp_page, the
 * call behind every opportunity list, as LOGIN would run it: LOGIN's
 * department-scope viewer (the sales manager's scope in config/roles.yaml)
 * and first pages of 50 rows sorted by company:
 *   (a) owner = LOGIN, the first page
 *   (b) owner = LOGIN, the page after the row 90% of the way into that
 *       list (row 900,000 of a million): keyset paging with `after`;
 *       the cursor row is found with one OFFSET query beforehand, untimed
 *   (c) search 大文 (a CJK substring of contact names)
 *   (d) search globex (an English word of the e-mail domains)
 * Each query runs RUNS times (default 20): the median and the slowest are
 * printed in milliseconds against the 10 ms target, one line each:
 *   QUERY|ROWS|MEDIAN_MS|MAX_MS|TARGET_MS|ok or MISSED
 * The statements are prepared on every run, as the UI does. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store.h"

enum { PAGE = 50, MAX_RUNS = 1000 };
static const double target_ms = 10.0;

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Run q `runs` times; print its line; false on a store error. */
static bool time_query(store *s, const char *label, const store_opp_query *q, int runs,
                       store_opp *rows, int *nrows)
{
    double ms[MAX_RUNS];
    bd_err e = {0};
    for (int r = 0; r < runs; r++) {
        double t0 = mono_ms();
        bd_status st = store_opp_page(s, q, rows, nrows, &e);
        ms[r] = mono_ms() - t0;
        if (st != BD_OK) {
            fprintf(stderr, "query: %s: %s\n", label, e.msg);
            return false;
        }
    }
    qsort(ms, (size_t)runs, sizeof ms[0], cmp_double);
    double median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    printf("%s|%d|%.2f|%.2f|%.0f|%s\n", label, *nrows, median, ms[runs - 1], target_ms,
           median < target_ms ? "ok" : "MISSED");
    return true;
}

/* The row `offset` rows into owner's list in company order (id and
 * company are all a cursor needs); false when there is none. */
static bool row_at(const char *path, int64_t owner, int64_t *offset, store_opp *out)
{
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "query: %s: %s\n", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return false;
    }
    int64_t count = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM opportunities WHERE owner_id = ?1", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, owner);
        if (sqlite3_step(st) == SQLITE_ROW)
            count = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    *offset = count * 9 / 10;
    if (count > 0 &&
        sqlite3_prepare_v2(db, "SELECT id, company FROM opportunities WHERE owner_id = ?1 "
                               "ORDER BY company, id LIMIT 1 OFFSET ?2", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, owner);
        sqlite3_bind_int64(st, 2, *offset - 1);
        if (sqlite3_step(st) == SQLITE_ROW) {
            memset(out, 0, sizeof *out);
            out->id = sqlite3_column_int64(st, 0);
            snprintf(out->company, sizeof out->company, "%s",
                     (const char *)sqlite3_column_text(st, 1));
            found = true;
        }
        sqlite3_finalize(st);
    }
    if (!found)
        fprintf(stderr, "query: %s: no row %" PRId64 " in the owner's list: %s\n", path, *offset,
                sqlite3_errmsg(db));
    sqlite3_close(db);
    return found;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: query DB LOGIN [RUNS]\n");
        return 2;
    }
    const char *path = argv[1], *login = argv[2];
    int runs = argc == 4 ? atoi(argv[3]) : 20;
    if (runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "query: RUNS must be 1 to %d\n", MAX_RUNS);
        return 2;
    }
    store *s = NULL;
    bd_err e = {0};
    store_user u;
    if (store_open(path, 0, 5000, &s, &e) != BD_OK ||
        store_user_by_login(s, login, &u, &e) != BD_OK) {
        fprintf(stderr, "query: %s: %s\n", path, e.msg);
        store_close(&s);
        return 1;
    }
    store_opp cursor;
    int64_t offset = 0;
    if (!row_at(path, u.id, &offset, &cursor)) {
        store_close(&s);
        return 1;
    }

    store_opp *rows = bd_xcalloc(PAGE, sizeof *rows);
    int n = 0;
    bool ok = true;
    const store_opp_query base = {
        .viewer = {.user_id = u.id, .see = STORE_SEE_DEPARTMENT, .department = u.department},
        .sort = STORE_OPP_BY_COMPANY,
        .limit = PAGE,
    };
    char label[128];

    store_opp_query q = base;
    q.owner_id = u.id;
    snprintf(label, sizeof label, "(a) owner %s, by company, first page", login);
    ok = ok && time_query(s, label, &q, runs, rows, &n);

    q.after = &cursor;
    snprintf(label, sizeof label, "(b) owner %s, by company, after row %" PRId64, login, offset);
    ok = ok && time_query(s, label, &q, runs, rows, &n);

    q = base;
    q.search = "大文";
    ok = ok && time_query(s, "(c) search 大文, by company, first page", &q, runs, rows, &n);
    for (int i = 0; ok && i < n; i++)
        if (!strstr(rows[i].contact_name, "大文") && !strstr(rows[i].company, "大文")) {
            fprintf(stderr, "query: search 大文 returned #%" PRId64 " (%s, %s)\n", rows[i].id,
                    rows[i].company, rows[i].contact_name);
            ok = false;
        }

    q.search = "globex";
    ok = ok && time_query(s, "(d) search globex, by company, first page", &q, runs, rows, &n);

    free(rows);
    store_close(&s);
    return ok ? 0 : 1;
}
