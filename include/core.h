/*
 * core.h - the domain layer of bizdesk: status codes, text measured in
 * terminal cells, money, dates, a growable buffer, a JSON writer, SHA-256
 * and the audit hash chain.
 *
 * Nothing here does I/O, reads the clock or includes curses or SQLite:
 * every function is given what it decides on (see docs/ARCHITECTURE.md).
 */
#ifndef BIZDESK_CORE_H
#define BIZDESK_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Status codes ------------------------------------------------------
 * One list, expanded into the enum and the name table.  Every function
 * that can fail returns one of these and fills a bd_err with a message
 * that names the place (file:line:column, row, field). */
#define BD_STATUS_LIST(X)                                       \
    X(BD_OK, "ok")                                              \
    X(BD_ERR_USAGE, "usage error")                              \
    X(BD_ERR_INVALID, "invalid input")                          \
    X(BD_ERR_NOTFOUND, "not found")                             \
    X(BD_ERR_DENIED, "permission denied")                       \
    X(BD_ERR_CONFLICT, "changed by someone else")               \
    X(BD_ERR_BUSY, "database busy")                             \
    X(BD_ERR_IO, "i/o error")                                   \
    X(BD_ERR_DB, "database error")                              \
    X(BD_ERR_POLICY, "policy error")                            \
    X(BD_ERR_VERSION, "incompatible version")                   \
    X(BD_ERR_NOMEM, "out of memory")

typedef enum bd_status {
#define BD_X_ENUM(name, text) name,
    BD_STATUS_LIST(BD_X_ENUM)
#undef BD_X_ENUM
} bd_status;

/* The text of a status code ("permission denied"). */
const char *bd_status_text(bd_status s);

/* An error: the status and a message for a person.  msg is "" when code is
 * BD_OK.  Functions take a bd_err * that may be NULL when the caller does
 * not want the message. */
typedef struct bd_err {
    bd_status code;
    char msg[1024];
} bd_err;

/* Set *e (if not NULL) to code and the formatted message; returns code so
 * that callers can write `return bd_errf(e, BD_ERR_INVALID, "...")`. */
bd_status bd_errf(bd_err *e, bd_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bd_status bd_verrf(bd_err *e, bd_status code, const char *fmt, va_list ap);
/* Prefix the existing message with "prefix: " (e.g. a file name). */
void bd_err_prefix(bd_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void bd_err_clear(bd_err *e);

/* ---- Allocation that fails loudly --------------------------------------
 * Out of memory prints a message and aborts: there is no sensible way for
 * an interactive tool to go on, and callers stay readable. */
void *bd_xmalloc(size_t n);
void *bd_xcalloc(size_t n, size_t size);
void *bd_xrealloc(void *p, size_t n);
char *bd_xstrdup(const char *s);
char *bd_xstrndup(const char *s, size_t n);
char *bd_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copy src into dst (size n), always NUL-terminated, cutting at a UTF-8
 * character boundary.  Returns true when nothing was cut. */
bool bd_strlcpy(char *dst, const char *src, size_t n);
/* Format into dst (size n) like snprintf, cutting at a UTF-8 character
 * boundary.  Returns true when nothing was cut. */
bool bd_strfmt(char *dst, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- Growable byte buffer ---------------------------------------------- */
typedef struct bd_buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
} bd_buf;

void bd_buf_append(bd_buf *b, const char *s, size_t n);
void bd_buf_puts(bd_buf *b, const char *s);
void bd_buf_printf(bd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bd_buf_vprintf(bd_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void bd_buf_reset(bd_buf *b);  /* length 0, keeps the memory */
void bd_buf_free(bd_buf *b);
/* The contents, "" when empty; valid until the next append. */
const char *bd_buf_str(const bd_buf *b);

/* ---- JSON writer -------------------------------------------------------
 * Builds one flat JSON object, used for the before/after images in the
 * audit trail.  Keys appear in the order they are added. */
typedef struct bd_json {
    bd_buf buf;
    int count;
} bd_json;

void bd_json_begin(bd_json *j);
void bd_json_str(bd_json *j, const char *key, const char *val); /* NULL -> null */
void bd_json_int(bd_json *j, const char *key, int64_t val);
void bd_json_bool(bd_json *j, const char *key, bool val);
/* Closes the object and returns it; the caller frees with bd_buf_free(&j->buf). */
const char *bd_json_end(bd_json *j);

/* ---- UTF-8 and terminal cells ------------------------------------------
 * Widths come from the C library's wcwidth() under the current LC_CTYPE,
 * which must be a UTF-8 locale (the UI and tests set one).  Invalid bytes
 * and control characters count as one cell each (they are shown as '?'). */

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
bool bd_utf8_valid(const char *s, size_t n);

/* Columns that s takes on a terminal. */
int bd_text_width(const char *s);

/* Write s into dst (size dstsize) so that it takes exactly `cols` cells:
 * cut at a character boundary (a wide character that would straddle the
 * edge is replaced by a space) and padded with spaces; with right=true the
 * text is right-aligned.  Control characters become '?'.  Returns dst. */
char *bd_text_fit(char *dst, size_t dstsize, const char *s, int cols, bool right);

/* ---- Money -------------------------------------------------------------
 * Money is an int64 count of minor units (cents/fen) plus a currency code
 * kept beside it; never floating point.  Two decimals. */
#define BD_MONEY_MAX INT64_C(999999999999999999) /* about 10^16 in major units */

/* Parse "1234", "1,234.5", "-1 234.56", "¥1,234.00" style text (the
 * currency sign is not accepted: currency is a separate field).  Thousands
 * separators must be in groups of three.  Refuses more than two decimals and
 * values beyond BD_MONEY_MAX with a message. */
bd_status bd_money_parse(const char *s, int64_t *out, bd_err *e);
/* Format as "1,234.56" (grouped=true) or "1234.56".  buf needs 32 bytes. */
char *bd_money_format(int64_t v, bool grouped, char *buf, size_t n);

/* ---- Dates -------------------------------------------------------------
 * Calendar dates are ISO 8601 text "YYYY-MM-DD" (years 1900-9999).
 * Timestamps are "YYYY-MM-DDTHH:MM:SSZ" in UTC. */
typedef struct bd_date {
    int y, m, d;
} bd_date;

bd_status bd_date_parse(const char *s, bd_date *out, bd_err *e);
/* Days since 1970-01-01 (negative before). */
int64_t bd_date_days(bd_date d);
bd_date bd_date_from_days(int64_t days);
/* "YYYY-MM-DD"; buf needs 11 bytes. */
char *bd_date_format(bd_date d, char *buf, size_t n);
/* A UTC timestamp from seconds since the epoch; buf needs 21 bytes. */
char *bd_timestamp_format(int64_t epoch_seconds, char *buf, size_t n);

/* ---- Validation of common fields -------------------------------------- */
/* A Unix login name: 1-32 chars of [a-z0-9_.-], starting with a letter or _. */
bool bd_login_valid(const char *login);
/* A policy code (role, department): 1-32 chars of [a-z0-9_], starting a-z. */
bool bd_code_valid(const char *code);
/* A person's display name: 1-64 cells, valid UTF-8, no control characters. */
bool bd_name_valid(const char *name, bd_err *e);

/* ---- Search text -------------------------------------------------------
 * The full-text index (SQLite FTS5, unicode61 tokenizer) cuts text at
 * spaces and punctuation, which leaves a Chinese name as one word: 大文
 * would not find 陳大文.  So text is prepared before indexing: each run of
 * CJK characters becomes its overlapping two-character pairs plus its last
 * character alone (陳大文 -> "陳大 大文 文"), other text is kept, ASCII is
 * lower-cased.  A query is prepared the same way into an FTS5 expression:
 * a CJK term of two or more characters becomes the phrase of its pairs, a
 * single CJK character a prefix of a pair, any other word a prefix; terms
 * are ANDed.  Both append to out. */
void bd_search_text(bd_buf *out, const char *text);
/* Returns false (out untouched) when q holds nothing searchable. */
bool bd_search_query(bd_buf *out, const char *q);

/* ---- Normalised keys for duplicate checks -------------------------------
 * email: trimmed, lower-cased; "" when it is not a plausible address.
 * phone: digits only, a leading +86/0086 country code dropped; "" when
 * fewer than 5 digits.  company: lower-cased ASCII, spaces and punctuation
 * removed, full-width forms folded, common suffixes (有限公司, 股份有限公司,
 * Co., Ltd, Inc, LLC) dropped.  Each writes at most n-1 bytes to out. */
void bd_key_email(const char *in, char *out, size_t n);
void bd_key_phone(const char *in, char *out, size_t n);
void bd_key_company(const char *in, char *out, size_t n);
/* A plausible e-mail address: one @, a non-empty local part, a domain with
 * a dot and no spaces. */
bool bd_email_valid(const char *s);

/* ---- Bloom filter --------------------------------------------------------
 * A set of strings, each with a kind byte, that answers "certainly not
 * added" or "maybe added" (about 1% wrongly "maybe" at the size asked
 * for).  The lead import asks it before each duplicate lookup: a key it
 * never added costs no index search.  init sizes it for expected strings,
 * at most max_bytes (more strings than that only raise the false "maybe"
 * rate); the memory is freed by bd_bloom_free. */
typedef struct bd_bloom {
    uint64_t *words;
    uint64_t mask; /* bits - 1; bits is a power of two */
} bd_bloom;
void bd_bloom_init(bd_bloom *b, uint64_t expected, size_t max_bytes);
void bd_bloom_add(bd_bloom *b, char kind, const char *s);
bool bd_bloom_maybe(const bd_bloom *b, char kind, const char *s);
void bd_bloom_free(bd_bloom *b);

/* ---- SHA-256 -----------------------------------------------------------
 * No chosen dependency offers a digest, so core carries the FIPS 180-4
 * algorithm (tested against the NIST vectors). */
typedef struct bd_sha256 {
    uint32_t h[8];
    uint64_t total;
    unsigned char block[64];
    size_t used;
} bd_sha256;

void bd_sha256_init(bd_sha256 *c);
void bd_sha256_update(bd_sha256 *c, const void *data, size_t n);
void bd_sha256_final(bd_sha256 *c, unsigned char out[32]);
/* Hex digest of data; hex needs 65 bytes. */
void bd_sha256_hex(const void *data, size_t n, char hex[65]);

/* ---- Audit hash chain --------------------------------------------------
 * Each audit row's hash covers the previous row's hash and every field of
 * the row, so changing, removing or reordering rows breaks the chain from
 * that row on.  The first row's prev is the empty string. */
typedef struct bd_audit_row {
    int64_t id;
    const char *at;       /* timestamp */
    const char *actor;    /* login that acted */
    const char *on_behalf;/* login acted for (delegation), or NULL */
    const char *entity;   /* "user", "contract", ... */
    int64_t entity_id;
    const char *action;   /* "create", "update", "approve", ... */
    const char *before;   /* JSON or NULL */
    const char *after;    /* JSON or NULL */
    const char *prev_hash;/* hex, "" for the first row */
} bd_audit_row;

void bd_audit_hash(const bd_audit_row *r, char hex[65]);

/* ---- Filesystems --------------------------------------------------------
 * The name of the network or cluster filesystem whose statfs(2) f_type is
 * f_type (NFS, SMB/CIFS, SMB2, AFS, CODA, NCP, 9P, FUSE, CEPH, GFS2,
 * OCFS2, Lustre, GPFS, OrangeFS), or NULL for any other (a local disk,
 * tmpfs, overlayfs).  A database on one of these is refused (src/core/fs.c
 * says why). */
const char *bd_fs_network_name(uint64_t f_type);

#endif
