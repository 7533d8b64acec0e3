/* CSV writer: RFC 4180 quoting (libcsv's csv_fwrite does the quoting and
 * doubling) and the formula-injection guard described in csvio.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvio.h"

struct csv_writer {
    FILE *fp;
    char delim;
    const char *eol;
    bool guard;
    uint64_t rows;     /* rows completed */
    size_t nfields;    /* fields written in the current row */
    bool first_empty;  /* the current row's first field was empty */
    bd_buf scratch;    /* a guarded field: "'" + field */
    bd_status fail;    /* sticky write error */
    bd_err err;
};

static bd_status writer_io_error(csv_writer *w, bd_err *e)
{
    if (w->fail == BD_OK) {
        bd_errf(&w->err, BD_ERR_IO, "write error: %s", strerror(errno ? errno : EIO));
        w->fail = BD_ERR_IO;
    }
    if (e)
        *e = w->err;
    return w->fail;
}

/* ^[+-]?[0-9][0-9,]*(\.[0-9]+)?$ : a plain number, which holds no function
 * call or cell reference and so stays a number under the guard. */
static bool plain_number(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    while ((*s >= '0' && *s <= '9') || *s == ',')
        s++;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* Would a spreadsheet take s as a formula? (OWASP's list of first bytes.) */
static bool formula_like(const char *s)
{
    return *s != '\0' && strchr("=+-@\t\r", *s) && !plain_number(s);
}

static bool edge_space(char c)
{
    return c == ' ' || c == '\t';
}

static bool needs_quotes(const char *s, size_t n, char delim)
{
    if (n == 0)
        return false;
    if (edge_space(s[0]) || edge_space(s[n - 1]))
        return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] == delim || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return false;
}

bd_status csv_writer_new(FILE *fp, const csv_write_opts *o, csv_writer **out, bd_err *e)
{
    static const csv_write_opts defaults = {0};
    *out = NULL;
    if (!o)
        o = &defaults;
    char d = o->delimiter ? o->delimiter : ',';
    if (d == '"' || d == '\r' || d == '\n' || (unsigned char)d >= 0x80)
        return bd_errf(e, BD_ERR_USAGE, "unusable CSV delimiter 0x%02X", (unsigned char)d);
    csv_writer *w = bd_xcalloc(1, sizeof *w);
    w->fp = fp;
    w->delim = d;
    w->eol = o->crlf ? "\r\n" : "\n";
    w->guard = o->neutralise_formulas;
    if (o->bom && fputs("\xEF\xBB\xBF", fp) == EOF) {
        bd_status s = writer_io_error(w, e);
        csv_writer_free(&w);
        return s;
    }
    *out = w;
    return BD_OK;
}

bd_status csv_writer_field(csv_writer *w, const char *field, bd_err *e)
{
    if (w->fail != BD_OK) {
        if (e)
            *e = w->err;
        return w->fail;
    }
    const char *s = field ? field : "";
    size_t n = strlen(s);
    if (!bd_utf8_valid(s, n))
        return bd_errf(e, BD_ERR_INVALID, "row %" PRIu64 ", field %zu: not valid UTF-8",
                       w->rows + 1, w->nfields + 1);
    if (w->guard && formula_like(s)) {
        bd_buf_reset(&w->scratch);
        bd_buf_append(&w->scratch, "'", 1);
        bd_buf_append(&w->scratch, s, n);
        s = w->scratch.data;
        n = w->scratch.len;
    }
    errno = 0;
    if (w->nfields > 0 && fputc(w->delim, w->fp) == EOF)
        return writer_io_error(w, e);
    if (w->nfields == 0)
        w->first_empty = n == 0;
    w->nfields++;
    int rc = 0;
    if (needs_quotes(s, n, w->delim))
        rc = csv_fwrite(w->fp, s, n);
    else if (n > 0 && fwrite(s, 1, n, w->fp) != n)
        rc = EOF;
    return rc == EOF ? writer_io_error(w, e) : BD_OK;
}

bd_status csv_writer_end_row(csv_writer *w, bd_err *e)
{
    if (w->fail != BD_OK) {
        if (e)
            *e = w->err;
        return w->fail;
    }
    if (w->nfields == 0)
        return bd_errf(e, BD_ERR_USAGE, "row %" PRIu64 ": a row needs at least one field",
                       w->rows + 1);
    errno = 0;
    /* A lone empty field would be a blank line, which readers skip. */
    if (w->nfields == 1 && w->first_empty && fputs("\"\"", w->fp) == EOF)
        return writer_io_error(w, e);
    if (fputs(w->eol, w->fp) == EOF)
        return writer_io_error(w, e);
    w->rows++;
    w->nfields = 0;
    return BD_OK;
}

bd_status csv_writer_row(csv_writer *w, const char *const *fields, size_t n, bd_err *e)
{
    if (n == 0)
        return bd_errf(e, BD_ERR_USAGE, "row %" PRIu64 ": a row needs at least one field",
                       w->rows + 1);
    /* Check the whole row first, so that a refused row leaves nothing behind. */
    for (size_t i = 0; i < n; i++)
        if (fields[i] && !bd_utf8_valid(fields[i], strlen(fields[i])))
            return bd_errf(e, BD_ERR_INVALID, "row %" PRIu64 ", field %zu: not valid UTF-8",
                           w->rows + 1, w->nfields + i + 1);
    for (size_t i = 0; i < n; i++) {
        bd_status s = csv_writer_field(w, fields[i], e);
        if (s != BD_OK)
            return s;
    }
    return csv_writer_end_row(w, e);
}

uint64_t csv_writer_rows(const csv_writer *w)
{
    return w->rows;
}

void csv_writer_free(csv_writer **wp)
{
    csv_writer *w = wp ? *wp : NULL;
    if (!w)
        return;
    bd_buf_free(&w->scratch);
    free(w);
    *wp = NULL;
}
