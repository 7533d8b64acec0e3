/*
 * csvio.h - CSV files in and out: a streaming reader for imports (leads,
 * budgets) and a writer for exports and reports.
 *
 * Parsing is libcsv's (strict mode); character sets are converted with
 * glibc iconv.  Neither this header nor its code uses curses or SQLite.
 *
 * ---- Reader ------------------------------------------------------------
 *
 * The reader pulls one record at a time from a file of any size in bounded
 * memory: the file is read in 64 KiB chunks, converted to UTF-8 and fed to
 * libcsv one physical line at a time, and at most one record is held.
 *
 * Encoding (unless forced by csv_read_opts.encoding):
 *   - a byte order mark decides: UTF-8 ("UTF-8 (BOM)"), UTF-16LE/BE,
 *     UTF-32LE/BE; the mark is not part of the first field;
 *   - else a NUL byte in the first 64 KiB means a binary file: refused;
 *   - else valid UTF-8 in the first 64 KiB (a character cut at the chunk
 *     edge is fine) means "UTF-8"; so does text that is UTF-8 but for a few
 *     stray bytes (at least four good multibyte characters per bad byte):
 *     the stray bytes are then reported by csv_reader_next with their line;
 *   - else GB18030 and Big5 are tried: each reading must convert without
 *     error, and of the double-byte characters at least half must fall in
 *     that character set's own frequently-used hanzi table (GB2312 level 1
 *     for GB18030, Big5 level 1 for Big5).  The reading with the larger
 *     share wins ("GB18030" on a tie).  When neither fits, open fails with
 *     the line of the first byte that is not UTF-8.
 * Whatever the encoding, bytes that do not convert are an error naming the
 * line, never replaced or skipped.  An empty file (or one holding only a
 * byte order mark) is an error.
 *
 * Delimiter (unless forced): ',', ';' or TAB, chosen from the first 20
 * lines by counting each outside double quotes: the candidate that occurs
 * on the first line and whose count is the same on the most lines wins
 * (then the larger count, then that order); ',' when none occurs.
 *
 * Format: RFC 4180 quoting in libcsv's strict mode: a field that holds a
 * quote must be quoted as a whole with the quote doubled; nothing may
 * follow a closing quote but a delimiter or a line end; a quote left open
 * at the end of the file is an error.  Quoted fields may hold delimiters
 * and line ends (kept as they are in the file).  Lines end in CRLF, LF or
 * CR, freely mixed.  Blank lines are skipped (they still count as lines).
 * Fields are returned exactly as written: no space or tab is trimmed, not
 * even around unquoted fields (libcsv's trimming is switched off; it would
 * also strip the edges the writer quotes to keep).  Callers that want
 * trimmed values trim them while validating.  A consequence of strict mode
 * without trimming: `a, "b"` (a space before the opening quote) is an error.
 * Records may have different numbers of fields; the caller decides.
 *
 * Errors from csv_reader_next read "PATH:LINE:COL: record R, field F: ..."
 * (COL in characters, 1-based).  A field too long or a quote left open
 * names the line where that field began, without COL; too many fields
 * names the line where the record began, without the field.
 */
#ifndef BIZDESK_CSVIO_H
#define BIZDESK_CSVIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core.h"

#define CSV_DEFAULT_MAX_FIELD_BYTES ((size_t)64 * 1024)
#define CSV_DEFAULT_MAX_FIELDS ((size_t)1024)

/* Options for csv_reader_open; a zeroed struct (or NULL) means defaults. */
typedef struct csv_read_opts {
    const char *encoding;   /* iconv name ("GBK", "CP1252", "UTF-16LE"), NULL = detect */
    char delimiter;         /* any ASCII byte but '"', CR, LF; 0 = detect */
    size_t max_field_bytes; /* a longer field (UTF-8 bytes) is an error; 0 = 64 KiB */
    size_t max_fields;      /* a record with more fields is an error; 0 = 1024 */
} csv_read_opts;

/* One record.  Owned by the reader: valid until the next csv_reader_next
 * or csv_reader_close on that reader. */
typedef struct csv_record {
    const char *const *fields; /* nfields NUL-terminated UTF-8 strings */
    size_t nfields;            /* at least 1 */
    uint64_t number;           /* 1-based; the header row is record 1 */
    uint64_t line;             /* physical line (1-based) where the record starts */
} csv_record;

typedef struct csv_reader csv_reader;

/* Open path for reading, detect its encoding and delimiter (unless o
 * forces them) and return the reader in *out (NULL on failure).  o may be
 * NULL.  Fails with BD_ERR_IO (cannot open or read, a directory),
 * BD_ERR_INVALID (empty file, binary file, unknown or undetectable
 * encoding) or BD_ERR_USAGE (unusable delimiter), the message starting
 * with "PATH:".  Close a reader with csv_reader_close. */
bd_status csv_reader_open(const char *path, const csv_read_opts *o, csv_reader **out,
                          bd_err *e);

/* The next record.  Returns BD_OK with *rec set, or BD_OK with *rec = NULL
 * at the end of the file.  On an error (BD_ERR_INVALID for the content,
 * BD_ERR_IO for reading) *rec is NULL and the message names the place as
 * described above; the records before the error were delivered, and every
 * later call returns the same error. */
bd_status csv_reader_next(csv_reader *r, const csv_record **rec, bd_err *e);

/* Field i of rec, or "" when the record has fewer fields (ragged rows). */
const char *csv_record_field(const csv_record *rec, size_t i);

/* The encoding read: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE",
 * "UTF-32LE", "UTF-32BE", "GB18030", "BIG5", or the forced name. */
const char *csv_reader_encoding(const csv_reader *r);
/* The delimiter in use (detected or forced). */
char csv_reader_delimiter(const csv_reader *r);
/* For a progress bar: bytes of the file consumed so far (it moves in steps
 * of up to 64 KiB and equals the size at the end) and the file's size
 * (0 when it is not a regular file). */
uint64_t csv_reader_consumed(const csv_reader *r);
uint64_t csv_reader_size(const csv_reader *r);

/* Close the file, free everything and set *r to NULL; NULL-safe. */
void csv_reader_close(csv_reader **r);

/* ---- Writer ------------------------------------------------------------
 *
 * Writes UTF-8 CSV to a FILE * the caller owns (open it with io_out_open
 * and commit it with io_out_commit; the writer never closes or flushes it).
 *
 * A field is quoted when it holds the delimiter, a double quote, CR or LF,
 * or begins or ends with a space or TAB; quotes inside are doubled.  A row
 * of one empty field is written as "" so that it is not a blank line.
 * Fields must be valid UTF-8 (else BD_ERR_INVALID naming row and field).
 *
 * Formula injection (OWASP "CSV Injection"), with neutralise_formulas:
 * a field whose first byte is '=', '+', '-', '@', TAB or CR is written
 * with a single quote (') in front, so that spreadsheets show it as text,
 * unless the whole field is a plain number:
 *     ^[+-]?[0-9][0-9,]*(\.[0-9]+)?$      e.g. "-12.50", "+3", "-1,234.5"
 * Such a field can hold no function call or cell reference, so it stays a
 * number.  "+86 138 0013 8000" (spaces) becomes "'+86 138 0013 8000", and
 * "=SUM(A1)" becomes "'=SUM(A1)".  The reader does not undo the prefix.
 */
typedef struct csv_write_opts {
    char delimiter;           /* any ASCII byte but '"', CR, LF; 0 = ',' */
    bool crlf;                /* CRLF line ends (RFC 4180, Excel); false = LF */
    bool neutralise_formulas; /* the rule above */
    bool bom;                 /* start with a UTF-8 byte order mark (Excel needs
                                 it to take the file as UTF-8) */
} csv_write_opts;

typedef struct csv_writer csv_writer;

/* A writer on fp (o may be NULL: ',', LF, no guard, no mark); writes the
 * byte order mark when asked.  Fails on a bad delimiter (BD_ERR_USAGE) or
 * a write error (BD_ERR_IO). */
bd_status csv_writer_new(FILE *fp, const csv_write_opts *o, csv_writer **out, bd_err *e);

/* Write one row of n >= 1 fields (a NULL field is written empty). */
bd_status csv_writer_row(csv_writer *w, const char *const *fields, size_t n, bd_err *e);

/* The same, a field at a time: csv_writer_field for each field, then
 * csv_writer_end_row. */
bd_status csv_writer_field(csv_writer *w, const char *field, bd_err *e);
bd_status csv_writer_end_row(csv_writer *w, bd_err *e);

/* Rows written so far. */
uint64_t csv_writer_rows(const csv_writer *w);

/* Free the writer (not fp) and set *w to NULL; NULL-safe. */
void csv_writer_free(csv_writer **w);

#endif
