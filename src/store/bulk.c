/* Bulk loading for large imports (see store_bulk_begin in store_pipeline.h). */
#include <stdio.h>
#include <stdlib.h>

#include "store_internal.h"

/* ---- Bulk loading ------------------------------------------------------------ */

/* Indexes that only lists and joins read; duplicate checks use the
 * *_key indexes, which stay, and an update of a duplicate finds the
 * customer's opportunity by opp_customer, which stays too (new rows only
 * append to it: their customer ids grow). */
static const char *const bulk_indexes[] = {
    "opp_owner_company", "opp_company", "opp_followup", "customers_owner",
    "contacts_customer", "opp_owner_created", "opp_owner_stage",
};
enum { NBULK = sizeof bulk_indexes / sizeof bulk_indexes[0] };

bd_status store_bulk_begin(store *s, bd_err *e)
{
    /* 32 MiB of page cache: a million-row load otherwise spills pages to
     * the WAL and reads them back; more would pass the 100 MiB the import
     * may use (make bench measures it). */
    int rc = sqlite3_exec(s->db, "PRAGMA cache_size = -32768", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_fail(s, rc, e, "enlarging the page cache");
    s->bulk_sql = bd_xcalloc(NBULK, sizeof *s->bulk_sql);
    s->nbulk = 0;
    for (int i = 0; i < NBULK; i++) {
        sqlite3_stmt *st;
        bd_status status = store_prepare(s,
            "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1", &st, e);
        if (status != BD_OK)
            return status;
        store_bind_text(st, 1, bulk_indexes[i]);
        char *sql = NULL;
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            sql = bd_xstrdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        if (!sql)
            continue; /* a later migration may have dropped it */
        char drop[96];
        snprintf(drop, sizeof drop, "DROP INDEX %s", bulk_indexes[i]);
        rc = sqlite3_exec(s->db, drop, NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            free(sql);
            return store_fail(s, rc, e, "preparing a bulk load");
        }
        s->bulk_sql[s->nbulk++] = sql;
    }
    return BD_OK;
}

bd_status store_bulk_end(store *s, bool rebuild, bd_err *e)
{
    bd_status status = BD_OK;
    /* Building the indexes is a sort of every row.  Measured on a million
     * leads (make bench), a 4 MiB cache and two sorter helper threads build
     * them in half the time the 32 MiB cache took (10.8 s -> 5.3 s): the
     * sorter's runs stay small enough for the CPU's caches, and runs are
     * sorted beside the merge. */
    if (rebuild)
        sqlite3_exec(s->db, "PRAGMA cache_size = -4096; PRAGMA threads = 2", NULL, NULL, NULL);
    for (int i = 0; i < s->nbulk; i++) {
        if (rebuild && status == BD_OK) {
            int rc = sqlite3_exec(s->db, s->bulk_sql[i], NULL, NULL, NULL);
            if (rc != SQLITE_OK)
                status = store_fail(s, rc, e, "building an index again");
        }
        free(s->bulk_sql[i]);
    }
    free(s->bulk_sql);
    s->bulk_sql = NULL;
    s->nbulk = 0;
    sqlite3_exec(s->db, "PRAGMA cache_size = -2000; PRAGMA threads = 0", NULL, NULL, NULL);
    return status;
}
