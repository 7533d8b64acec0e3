/* Keeping the database file sound: a consistent copy while others work,
 * and SQLite's own integrity check. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_internal.h"

bd_status store_backup(store *s, const char *path, bool force, bd_err *e)
{
    if (!force && access(path, F_OK) == 0)
        return bd_errf(e, BD_ERR_INVALID, "%s exists; give --force to replace it", path);
    /* VACUUM INTO reads one snapshot (a read transaction: writers go on)
     * and writes a compact copy; it refuses a file that exists, so it
     * writes beside the target and the copy is renamed into place only
     * when complete. */
    char *tmp = bd_xasprintf("%s.tmp-%ld", path, (long)getpid());
    unlink(tmp);
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "VACUUM INTO ?1", &st, e);
    if (status == BD_OK) {
        store_bind_text(st, 1, tmp);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            status = store_fail(s, rc, e, "copying the database to %s", path);
    }
    if (status == BD_OK && rename(tmp, path) != 0)
        status = bd_errf(e, BD_ERR_IO, "%s: %s", path, strerror(errno));
    if (status != BD_OK)
        unlink(tmp);
    free(tmp);
    return status;
}

bd_status store_integrity(store *s, char *report, size_t n, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, "PRAGMA integrity_check(20)", &st, e);
    if (status != BD_OK)
        return status;
    bd_buf b = {0};
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        bd_buf_printf(&b, "%s%s", b.len ? "\n" : "", line ? line : "");
    }
    sqlite3_finalize(st);
    bd_strlcpy(report, bd_buf_str(&b), n);
    if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
        status = bd_errf(e, BD_ERR_DB, "the database file is damaged (%s)", sqlite3_errstr(rc));
    else if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "checking the database");
    bd_buf_free(&b);
    if (status == BD_OK && strcmp(report, "ok") != 0)
        status = bd_errf(e, BD_ERR_DB, "the database file is damaged: %s", report);
    return status;
}
