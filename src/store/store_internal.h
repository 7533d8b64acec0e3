/* Shared by the files of src/store: the connection struct and the helpers
 * that turn SQLite result codes into bizdesk statuses and messages.  Only
 * src/store includes this header (and so sqlite3.h). */
#ifndef BIZDESK_STORE_INTERNAL_H
#define BIZDESK_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store.h"

/* Statements used in tight loops (an import inserts a million rows) are
 * prepared once and kept; the rest are prepared per call. */
typedef enum store_slot {
    SLOT_CUSTOMER_INSERT,
    SLOT_CONTACT_INSERT,
    SLOT_OPP_INSERT,
    SLOT_SEARCH_INSERT,
    SLOT_FIND_EMAIL,
    SLOT_FIND_PHONE,
    SLOT_FIND_COMPANY,
    SLOT_COUNT
} store_slot;

struct store {
    sqlite3 *db;
    char *path; /* as the caller gave it: every message names it */
    sqlite3_stmt *cached[SLOT_COUNT];
    char **bulk_sql;   /* CREATE INDEX statements dropped by store_bulk_begin */
    int nbulk;
};

/* The kept statement for slot, prepared from sql on first use, reset and
 * with its bindings cleared.  Never finalize it: store_close does. */
bd_status store_cached(store *s, store_slot slot, const char *sql, sqlite3_stmt **st, bd_err *e);

/* Fill e from the SQLite result code rc and the connection's last message:
 * "PATH: what: sqlite message".  Lock errors (SQLITE_BUSY, SQLITE_LOCKED)
 * become BD_ERR_BUSY with a message that says "busy"; "not a database"
 * becomes BD_ERR_DB; I/O trouble BD_ERR_IO; constraint failures
 * BD_ERR_INVALID; the rest BD_ERR_DB.  Call it before anything else runs
 * on the connection, so the message is still the failing statement's.
 * Returns the status. */
bd_status store_fail(const store *s, int rc, bd_err *e, const char *what, ...)
    __attribute__((format(printf, 4, 5)));
/* rc (a step's result) is a UNIQUE or PRIMARY KEY violation: a row that is
 * there already, for the caller to name in the person's words. */
bool store_unique_violation(const store *s, int rc);

/* sqlite3_prepare_v2 of sql; on failure *st is NULL and e says which
 * statement failed. */
/* Register bd_search_hit(), the list queries' check of a common word's
 * matches (pipeline.c); store_open calls it on every connection. */
bd_status store_search_init(store *s, bd_err *e);

bd_status store_prepare(const store *s, const char *sql, sqlite3_stmt **st, bd_err *e);

/* Bind text (NULL binds SQL NULL).  The text must outlive the statement's
 * use, which it does: every statement is finalized before its function
 * returns.  Returns the SQLite result code. */
int store_bind_text(sqlite3_stmt *st, int idx, const char *text);

/* Copy column col of the current row into dst (size n); NULL becomes "". */
void store_column_copy(sqlite3_stmt *st, int col, char *dst, size_t n);

/* Run one statement that returns at most one row and whose first column
 * is an integer (PRAGMA user_version, SELECT count(*)...).  *out is 0 when
 * there is no row. */
bd_status store_query_int(const store *s, const char *sql, int64_t *out, bd_err *e);

/* Step a statement that writes: BD_OK when it ran, else the failure
 * described as `what`. */
bd_status store_step_done(store *s, sqlite3_stmt *st, bd_err *e, const char *what);
/* Bind text, with "" binding NULL (optional dates and texts). */
int store_bind_opt(sqlite3_stmt *st, int idx, const char *text);

/* Reads one result row into *row (a struct of the caller's type). */
typedef void (*store_row_reader)(sqlite3_stmt *st, void *row);

/* Step st and read up to max rows of `size` bytes each into rows with
 * read; *n counts them.  Always finalizes st.  what names the query in
 * the message of a failure ("listing contracts"). */
bd_status store_collect(store *s, sqlite3_stmt *st, store_row_reader read, void *rows,
                        size_t size, int max, int *n, const char *what, bd_err *e);

/* The SQL condition limiting the owner column col to what v may see (own,
 * team through the manager chain, department, all), with its parameters
 * :viewer and :viewer_dept; store_viewer_bind binds them. */
void store_viewer_sql(bd_buf *b, const store_viewer *v, const char *col);
void store_viewer_bind(sqlite3_stmt *st, const store_viewer *v);

/* Read the one row of id: select_sql ends in its condition on :id and
 * "AND " (CLAIM_SELECT "WHERE c.id = :id AND "), to which the viewer's
 * condition on owner_col is added; a NULL viewer reads without a limit.
 * read fills out from the row.  No row is BD_ERR_NOTFOUND, "no NOUN #ID
 * that you may see"; a failure says "reading NOUN #ID". */
bd_status store_get_by_id(store *s, const char *select_sql, const store_viewer *v,
                          const char *owner_col, int64_t id, store_row_reader read, void *out,
                          const char *noun, bd_err *e);

#endif
