/* Streaming CSV reader: chunked reading, encoding detection and iconv
 * conversion to UTF-8, delimiter detection, and libcsv parsing.
 *
 * libcsv reports neither positions nor record starts, so the converted
 * text is fed to it one segment at a time: the bytes up to and including
 * the next CR or LF (or to the end of the converted chunk).  Within a
 * segment the physical line is constant, a record can only end at the
 * segment's last byte, and on a strict-mode error csv_parse() returns the
 * offset of the offending byte.  That gives exact lines and columns for
 * errors, the first line of every record, and at most one record queued. */
#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <csv.h>

#include "csvio.h"
#include "io.h"

enum {
    RAW_CHUNK = 64 * 1024,             /* bytes read from the file at a time */
    TEXT_CAP = 4 * RAW_CHUNK + 16,     /* UTF-8 from one chunk: at most 4x */
    SNIFF_LINES = 20,                  /* lines looked at for the delimiter */
    PARSER_BLOCK = 4096,               /* libcsv's field buffer growth step */
};

typedef enum { DEC_UTF8, DEC_ICONV } dec_kind;

/* A decoding problem found ahead of the parser; reported once the text
 * before it has been parsed, so that its line is known. */
typedef enum { DERR_NONE, DERR_INVALID, DERR_TRUNCATED, DERR_NUL } dec_err;

struct csv_reader {
    char *path;
    FILE *fp;
    uint64_t size;     /* st_size of a regular file, else 0 */
    uint64_t consumed; /* raw bytes converted (or skipped as a BOM) */

    unsigned char *raw; /* raw[raw_pos, raw_len) not yet converted */
    size_t raw_pos, raw_len;
    bool raw_eof;

    dec_kind dec;
    iconv_t cd;
    char enc[40];
    bool stream_start; /* nothing converted yet: strip a U+FEFF */
    dec_err derr;
    unsigned char derr_bytes[4];
    size_t derr_nbytes;

    char *text; /* converted UTF-8, NUL-terminated; text[text_pos, text_len) unparsed */
    size_t text_pos, text_len;

    struct csv_parser parser;
    bool parser_ready;
    char delim;
    size_t max_field, max_fields;

    uint64_t line;  /* physical line of the next byte to parse (1-based) */
    uint64_t col;   /* characters already parsed on that line */
    bool prev_cr;   /* the last byte parsed was CR (so a LF ends no line) */
    bool in_record; /* a record has begun and not yet ended */
    uint64_t rec_line, field_line;

    bd_buf fields;  /* the record being built: fields with their NULs */
    size_t *offs;   /* start of each field in `fields` */
    size_t nfields, offs_cap;
    bool rec_done;

    const char **ptrs; /* the record handed out */
    size_t ptrs_cap;
    csv_record rec;
    uint64_t nrecords;

    bool finished;   /* csv_fini has run */
    bd_status fail;  /* sticky error */
    bd_err err;
};

/* ---- Errors --------------------------------------------------------------- */

/* Record the sticky error "PATH:LINE[:COL]: [record R[, field F]: ]msg".
 * field == 0 leaves the field out, line == 0 the position. */
static bd_status reader_fail(csv_reader *r, bd_status code, uint64_t line, uint64_t col,
                             size_t field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static bd_status reader_fail(csv_reader *r, bd_status code, uint64_t line, uint64_t col,
                             size_t field, const char *fmt, ...)
{
    if (r->fail != BD_OK)
        return r->fail; /* the first error stands */
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char where[160] = " ";
    if (line && col)
        snprintf(where, sizeof where, "%" PRIu64 ":%" PRIu64 ": ", line, col);
    else if (line)
        snprintf(where, sizeof where, "%" PRIu64 ": ", line);
    char rec[96] = "";
    if (line && field)
        snprintf(rec, sizeof rec, "record %" PRIu64 ", field %zu: ", r->nrecords + 1, field);
    else if (line)
        snprintf(rec, sizeof rec, "record %" PRIu64 ": ", r->nrecords + 1);
    bd_errf(&r->err, code, "%s:%s%s%s", r->path, where, rec, msg);
    r->fail = code;
    return code;
}

static bd_status reader_error(const csv_reader *r, bd_err *e)
{
    if (e)
        *e = r->err;
    return r->fail;
}

/* ---- UTF-8 ---------------------------------------------------------------- */

typedef enum { U8_OK, U8_TRUNCATED, U8_INVALID } u8_status;

/* Length of the longest well-formed UTF-8 prefix of s[0, n) (no overlongs,
 * surrogates or values past U+10FFFF); *st says why it stopped: at the end,
 * at a sequence cut by the end, or at an invalid byte. */
static size_t utf8_prefix(const unsigned char *s, size_t n, u8_status *st)
{
    size_t i = 0;
    while (i < n) {
        /* Most CSV bytes are ASCII: step over them eight at a time. */
        uint64_t w;
        while (i + 8 <= n && (memcpy(&w, s + i, 8), (w & UINT64_C(0x8080808080808080)) == 0))
            i += 8;
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c == 0xE0)
            need = 2, lo = 0xA0;
        else if (c == 0xED)
            need = 2, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF)
            need = 2;
        else if (c == 0xF0)
            need = 3, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            need = 3;
        else if (c == 0xF4)
            need = 3, hi = 0x8F;
        else {
            *st = U8_INVALID;
            return i;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n) {
                *st = U8_TRUNCATED;
                return i;
            }
            unsigned char t = s[i + k];
            if (t < (k == 1 ? lo : 0x80) || t > (k == 1 ? hi : 0xBF)) {
                *st = U8_INVALID;
                return i;
            }
        }
        i += need + 1;
    }
    *st = U8_OK;
    return n;
}

/* Characters (code points) in s[0, n) of valid UTF-8. */
static uint64_t utf8_chars(const char *s, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Line (1-based) of offset `at` in s, counting CR, LF and CRLF as one end. */
static uint64_t line_of(const unsigned char *s, size_t at)
{
    uint64_t line = 1;
    for (size_t i = 0; i < at; i++)
        if (s[i] == '\r' || (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')))
            line++;
    return line;
}

/* ---- Reading and converting ---------------------------------------------- */

/* Top up raw[] from the file (after moving the unconverted rest to the front). */
static bd_status fill_raw(csv_reader *r)
{
    if (r->raw_pos > 0) {
        memmove(r->raw, r->raw + r->raw_pos, r->raw_len - r->raw_pos);
        r->raw_len -= r->raw_pos;
        r->raw_pos = 0;
    }
    while (!r->raw_eof && r->raw_len < RAW_CHUNK) {
        size_t got = fread(r->raw + r->raw_len, 1, RAW_CHUNK - r->raw_len, r->fp);
        r->raw_len += got;
        if (got == 0) {
            if (ferror(r->fp))
                return reader_fail(r, BD_ERR_IO, 0, 0, 0, "read error: %s", strerror(errno));
            r->raw_eof = true;
        }
    }
    return BD_OK;
}

static void set_derr(csv_reader *r, dec_err kind, const unsigned char *at, size_t avail)
{
    r->derr = kind;
    /* Enough bytes to show the bad character: one for UTF-8 (its lead
     * byte), four for UTF-32, two for the others. */
    size_t n = r->dec == DEC_UTF8 ? 1 : strncmp(r->enc, "UTF-32", 6) == 0 ? 4 : 2;
    if (n > avail)
        n = avail;
    memcpy(r->derr_bytes, at, n);
    r->derr_nbytes = n;
}

/* Convert as much of raw[] as fits into text[] (which must be fully
 * parsed).  Problems are left in r->derr for later. */
static void convert(csv_reader *r)
{
    r->text_pos = r->text_len = 0;
    size_t start = r->raw_pos;
    unsigned char *in = r->raw + r->raw_pos;
    size_t inleft = r->raw_len - r->raw_pos;
    if (r->dec == DEC_UTF8) {
        u8_status st;
        size_t v = utf8_prefix(in, inleft, &st);
        memcpy(r->text, in, v);
        r->text_len = v;
        r->raw_pos += v;
        if (st == U8_INVALID)
            set_derr(r, DERR_INVALID, in + v, inleft - v);
        else if (st == U8_TRUNCATED && r->raw_eof)
            set_derr(r, DERR_TRUNCATED, in + v, inleft - v);
    } else {
        char *src = (char *)in, *out = r->text;
        size_t outleft = TEXT_CAP - 1;
        size_t rc = iconv(r->cd, &src, &inleft, &out, &outleft);
        int err = rc == (size_t)-1 ? errno : 0;
        r->raw_pos = (size_t)((unsigned char *)src - r->raw);
        if (err == EILSEQ)
            set_derr(r, DERR_INVALID, (unsigned char *)src, inleft);
        else if (err == EINVAL && r->raw_eof)
            set_derr(r, DERR_TRUNCATED, (unsigned char *)src, inleft);
        else if (!err && r->raw_eof)
            iconv(r->cd, NULL, NULL, &out, &outleft); /* end a stateful encoding */
        r->text_len = (size_t)(out - r->text);
    }
    r->consumed += r->raw_pos - start;
    r->text[r->text_len] = '\0';
    if (r->stream_start && r->text_len > 0) {
        r->stream_start = false;
        if (r->text_len >= 3 && memcmp(r->text, "\xEF\xBB\xBF", 3) == 0)
            r->text_pos = 3; /* a forced encoding read its own byte order mark */
    }
    /* NUL would end a field early and silently: it is an error. */
    char *nul = memchr(r->text + r->text_pos, '\0', r->text_len - r->text_pos);
    if (nul) {
        r->text_len = (size_t)(nul - r->text);
        r->derr = DERR_NUL;
    }
}

/* Read and convert the next chunk. */
static bd_status refill(csv_reader *r)
{
    if (fill_raw(r) != BD_OK)
        return r->fail;
    convert(r);
    return BD_OK;
}

/* ---- Encoding detection --------------------------------------------------- */

/* Count, for the GB18030 (gb) or Big5 reading of s, the double-byte
 * characters and those in the charset's frequently-used hanzi table:
 * GB2312 level 1 (rows 0xB0-0xD7) or Big5 level 1 (0xA440-0xC67E). */
static void hanzi_share(const unsigned char *s, size_t n, bool gb, size_t *total,
                        size_t *common)
{
    *total = *common = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (i + 1 >= n)
            break;
        unsigned char t = s[i + 1];
        if (gb && t >= 0x30 && t <= 0x39) { /* GB18030 four-byte: rare */
            (*total)++;
            i += 4;
            continue;
        }
        (*total)++;
        if (gb)
            *common += c >= 0xB0 && c <= 0xD7 && t >= 0xA1 && t <= 0xFE;
        else
            *common += (c >= 0xA4 && c <= 0xC5) || (c == 0xC6 && t <= 0x7E);
        i += 2;
    }
}

/* Does s[0, n) convert from `name` without error (a character cut by the
 * end of the sample is fine unless eof)? */
static bool converts(const char *name, const unsigned char *s, size_t n, bool eof)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return false;
    char *out = bd_xmalloc(4 * n + 16);
    char *src = (char *)s, *dst = out;
    size_t inleft = n, outleft = 4 * n + 16;
    size_t rc = iconv(cd, &src, &inleft, &dst, &outleft);
    bool ok = rc != (size_t)-1 || (errno == EINVAL && !eof);
    free(out);
    iconv_close(cd);
    return ok;
}

static bd_status use_iconv(csv_reader *r, const char *from, const char *name)
{
    r->cd = iconv_open("UTF-8", from);
    if (r->cd == (iconv_t)-1)
        return bd_errf(&r->err, BD_ERR_INVALID, "%s: unknown encoding '%s'", r->path, from);
    r->dec = DEC_ICONV;
    bd_strlcpy(r->enc, name, sizeof r->enc);
    return BD_OK;
}

/* Decide the encoding from the first chunk in raw[]. */
static bd_status detect_encoding(csv_reader *r)
{
    const unsigned char *s = r->raw;
    size_t n = r->raw_len;
    static const struct {
        const char *bom;
        size_t len;
        const char *name;
    } boms[] = {
        /* UTF-32LE's mark begins with UTF-16LE's: test it first. */
        {"\xFF\xFE\x00\x00", 4, "UTF-32LE"},
        {"\x00\x00\xFE\xFF", 4, "UTF-32BE"},
        {"\xEF\xBB\xBF", 3, "UTF-8 (BOM)"},
        {"\xFF\xFE", 2, "UTF-16LE"},
        {"\xFE\xFF", 2, "UTF-16BE"},
    };
    for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++) {
        if (n < boms[i].len || memcmp(s, boms[i].bom, boms[i].len) != 0)
            continue;
        r->raw_pos = r->consumed = boms[i].len;
        if (boms[i].len == 3) {
            r->dec = DEC_UTF8;
            bd_strlcpy(r->enc, boms[i].name, sizeof r->enc);
            return BD_OK;
        }
        return use_iconv(r, boms[i].name, boms[i].name);
    }

    const unsigned char *nul = memchr(s, 0, n);
    if (nul)
        return bd_errf(&r->err, BD_ERR_INVALID,
                       "%s: a binary file (NUL byte at offset %zu), not CSV text", r->path,
                       (size_t)(nul - s));

    /* UTF-8, or UTF-8 with a few stray bytes (reported later, by line). */
    size_t mb_ok = 0, bad = 0, first_bad = n, i = 0;
    while (i < n) {
        u8_status st;
        size_t v = utf8_prefix(s + i, n - i, &st);
        for (size_t k = i; k < i + v; k++)
            mb_ok += (s[k] & 0xC0) == 0xC0;
        i += v;
        if (st == U8_OK || (st == U8_TRUNCATED && !r->raw_eof))
            break;
        if (first_bad == n)
            first_bad = i;
        bad++;
        i++;
    }
    if (bad == 0 || (mb_ok > 0 && bad * 4 <= mb_ok)) {
        r->dec = DEC_UTF8;
        bd_strlcpy(r->enc, "UTF-8", sizeof r->enc);
        return BD_OK;
    }

    /* GB18030 or Big5: both read most of each other's bytes without error,
     * so the reading that gives the larger share of common hanzi wins. */
    size_t gb_total, gb_common, b5_total, b5_common;
    hanzi_share(s, n, true, &gb_total, &gb_common);
    hanzi_share(s, n, false, &b5_total, &b5_common);
    bool gb = gb_total > 0 && gb_common * 2 >= gb_total && converts("GB18030", s, n, r->raw_eof);
    bool b5 = b5_total > 0 && b5_common * 2 >= b5_total && converts("BIG5", s, n, r->raw_eof);
    if (gb && b5) {
        /* Compare gb_common / gb_total with b5_common / b5_total. */
        if ((uint64_t)b5_common * gb_total > (uint64_t)gb_common * b5_total)
            gb = false;
        else
            b5 = false;
    }
    if (gb)
        return use_iconv(r, "GB18030", "GB18030");
    if (b5)
        return use_iconv(r, "BIG5", "BIG5");
    return bd_errf(&r->err, BD_ERR_INVALID,
                   "%s:%" PRIu64 ": not UTF-8 (byte 0x%02X), and not GB18030 or Big5 "
                   "Chinese text either: save the file as UTF-8 or name its encoding",
                   r->path, line_of(s, first_bad), s[first_bad]);
}

/* ---- Delimiter detection -------------------------------------------------- */

/* Choose among ',', ';' and TAB from the first lines of s[0, n) (whole:
 * n is the entire file, so a last line without its end counts). */
static char detect_delimiter(const char *s, size_t n, bool whole)
{
    static const char cand[] = {',', ';', '\t'};
    enum { NCAND = sizeof cand };
    unsigned counts[NCAND][SNIFF_LINES];
    memset(counts, 0, sizeof counts);
    size_t lines = 0;
    bool quoted = false, content = false;
    for (size_t i = 0; i < n && lines < SNIFF_LINES; i++) {
        char c = s[i];
        if (c == '"') {
            quoted = !quoted; /* a doubled quote toggles twice */
            content = true;
        } else if (quoted) {
            continue;
        } else if (c == '\r' || c == '\n') {
            if (content)
                lines++;
            content = false;
        } else {
            content = true;
            for (size_t k = 0; k < NCAND; k++)
                counts[k][lines] += c == cand[k];
        }
    }
    if (content && lines < SNIFF_LINES && (whole || lines == 0))
        lines++; /* the last line, or a first line longer than the sample */

    char best = ',';
    size_t best_same = 0;
    unsigned best_count = 0;
    for (size_t k = 0; k < NCAND; k++) {
        unsigned first = counts[k][0];
        if (first == 0)
            continue;
        size_t same = 0;
        for (size_t l = 0; l < lines; l++)
            same += counts[k][l] == first;
        if (same > best_same || (same == best_same && first > best_count)) {
            best = cand[k];
            best_same = same;
            best_count = first;
        }
    }
    return best;
}

/* ---- Parsing -------------------------------------------------------------- */

/* Spaces are data: libcsv must not trim them (see csvio.h). */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void on_field(void *data, size_t len, void *ud)
{
    csv_reader *r = ud;
    if (r->fail != BD_OK)
        return;
    if (len > r->max_field) {
        reader_fail(r, BD_ERR_INVALID, r->field_line, 0, r->nfields + 1,
                    "field longer than %zu bytes", r->max_field);
        return;
    }
    if (r->nfields >= r->max_fields) {
        reader_fail(r, BD_ERR_INVALID, r->rec_line, 0, 0, "more than %zu fields",
                    r->max_fields);
        return;
    }
    if (r->nfields == r->offs_cap) {
        r->offs_cap = r->offs_cap ? 2 * r->offs_cap : 16;
        r->offs = bd_xrealloc(r->offs, r->offs_cap * sizeof *r->offs);
    }
    r->offs[r->nfields++] = r->fields.len;
    /* CSV_APPEND_NULL: data[len] is '\0'; keep it as the separator. */
    bd_buf_append(&r->fields, data, len + 1);
    r->field_line = r->line; /* the next field starts after this delimiter */
}

static void on_record(int c, void *ud)
{
    (void)c;
    csv_reader *r = ud;
    if (r->fail != BD_OK)
        return;
    r->rec_done = true;
    r->in_record = false;
}

/* Why libcsv stopped at byte c in strict mode. */
static const char *strict_reason(const char *seg, size_t at)
{
    if (seg[at] == '"') {
        if (at > 0 && (seg[at - 1] == ' ' || seg[at - 1] == '\t'))
            return "quote inside an unquoted field (a quoted field must start with "
                   "its quote, with no space before it)";
        return "quote inside an unquoted field (quote the whole field and double "
               "the quotes in it)";
    }
    return "text after the closing quote of a quoted field (a quote inside a "
           "quoted field must be doubled)";
}

/* Parse the next segment of text[]. */
static bd_status feed_segment(csv_reader *r)
{
    const char *s = r->text + r->text_pos;
    size_t n = strcspn(s, "\r\n"); /* text[] holds no NUL but its end */
    bool term = r->text_pos + n < r->text_len;
    size_t len = n + term;
    if (!r->in_record && n > 0) {
        r->in_record = true;
        r->rec_line = r->field_line = r->line;
    }
    size_t done = csv_parse(&r->parser, s, len, on_field, on_record, r);
    if (r->fail != BD_OK)
        return r->fail;
    if (done < len) {
        if (csv_error(&r->parser) == CSV_EPARSE)
            return reader_fail(r, BD_ERR_INVALID, r->line, r->col + utf8_chars(s, done) + 1,
                               r->nfields + 1, "%s", strict_reason(s, done));
        return reader_fail(r, BD_ERR_NOMEM, r->line, 0, r->nfields + 1, "%s",
                           csv_strerror(csv_error(&r->parser)));
    }
    /* The field in progress: libcsv's buffer only grows past max_field +
     * one block when it does; stop it before it eats the machine. */
    if (csv_get_buffer_size(&r->parser) > r->max_field + PARSER_BLOCK + 2)
        return reader_fail(r, BD_ERR_INVALID, r->field_line, 0, r->nfields + 1,
                           "field longer than %zu bytes", r->max_field);
    r->text_pos += len;
    if (!term) {
        r->col += utf8_chars(s, n);
        r->prev_cr = false;
    } else if (s[n] == '\r') {
        r->line++, r->col = 0, r->prev_cr = true;
    } else {
        if (!(n == 0 && r->prev_cr)) /* the LF of a CRLF ends no second line */
            r->line++;
        r->col = 0, r->prev_cr = false;
    }
    return BD_OK;
}

static bd_status decode_error(csv_reader *r)
{
    char bytes[32] = "";
    size_t k = 0;
    for (size_t i = 0; i < r->derr_nbytes; i++)
        k += (size_t)snprintf(bytes + k, sizeof bytes - k, "%s0x%02X", i ? " " : "",
                              r->derr_bytes[i]);
    const char *enc = r->dec == DEC_UTF8 ? "UTF-8" : r->enc;
    size_t field = r->in_record ? r->nfields + 1 : 0;
    switch (r->derr) {
    case DERR_NUL:
        return reader_fail(r, BD_ERR_INVALID, r->line, r->col + 1, field,
                           "NUL character: binary data, not CSV text");
    case DERR_TRUNCATED:
        return reader_fail(r, BD_ERR_INVALID, r->line, r->col + 1, field,
                           "the file ends inside a %s character (%s)", enc, bytes);
    case DERR_INVALID:
    case DERR_NONE:
        break;
    }
    return reader_fail(r, BD_ERR_INVALID, r->line, r->col + 1, field,
                       "not valid %s (%s %s)", enc, r->derr_nbytes > 1 ? "bytes" : "byte",
                       bytes);
}

static void emit(csv_reader *r, const csv_record **rec)
{
    if (r->nfields > r->ptrs_cap) {
        r->ptrs_cap = r->nfields;
        r->ptrs = bd_xrealloc(r->ptrs, r->ptrs_cap * sizeof *r->ptrs);
    }
    for (size_t i = 0; i < r->nfields; i++)
        r->ptrs[i] = r->fields.data + r->offs[i];
    r->nrecords++;
    r->rec = (csv_record){
        .fields = r->ptrs,
        .nfields = r->nfields,
        .number = r->nrecords,
        .line = r->rec_line,
    };
    *rec = &r->rec;
}

bd_status csv_reader_next(csv_reader *r, const csv_record **rec, bd_err *e)
{
    *rec = NULL;
    if (r->fail != BD_OK)
        return reader_error(r, e);
    if (r->finished)
        return BD_OK;
    bd_buf_reset(&r->fields); /* the previous record's storage */
    r->nfields = 0;
    r->rec_done = false;
    for (;;) {
        if (r->text_pos < r->text_len) {
            if (feed_segment(r) != BD_OK)
                return reader_error(r, e);
            if (r->rec_done) {
                emit(r, rec);
                return BD_OK;
            }
            continue;
        }
        if (r->derr != DERR_NONE) {
            decode_error(r);
            return reader_error(r, e);
        }
        if (r->raw_eof && r->raw_pos == r->raw_len) {
            r->finished = true;
            if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
                reader_fail(r, BD_ERR_INVALID, r->field_line, 0, r->nfields + 1,
                            "quoted field never closed (its closing quote is missing "
                            "before the end of the file)");
                return reader_error(r, e);
            }
            if (r->fail != BD_OK)
                return reader_error(r, e);
            if (r->rec_done)
                emit(r, rec);
            return BD_OK;
        }
        if (refill(r) != BD_OK)
            return reader_error(r, e);
    }
}

/* ---- Opening and closing -------------------------------------------------- */

static bd_status setup(csv_reader *r, const csv_read_opts *o)
{
    struct stat st;
    if (fstat(fileno(r->fp), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return bd_errf(&r->err, BD_ERR_IO, "%s: is a directory", r->path);
        if (S_ISREG(st.st_mode))
            r->size = (uint64_t)st.st_size;
    }
    if (o->delimiter && (o->delimiter == '"' || o->delimiter == '\r' || o->delimiter == '\n' ||
                         (unsigned char)o->delimiter >= 0x80))
        return bd_errf(&r->err, BD_ERR_USAGE, "%s: unusable delimiter 0x%02X", r->path,
                       (unsigned char)o->delimiter);

    if (fill_raw(r) != BD_OK)
        return r->fail;
    if (r->raw_len == 0)
        return bd_errf(&r->err, BD_ERR_INVALID, "%s: empty file", r->path);

    bd_status st_enc;
    if (o->encoding && (strcasecmp(o->encoding, "UTF-8") == 0 ||
                        strcasecmp(o->encoding, "UTF8") == 0)) {
        r->dec = DEC_UTF8;
        bd_strlcpy(r->enc, "UTF-8", sizeof r->enc);
        st_enc = BD_OK;
    } else if (o->encoding) {
        st_enc = use_iconv(r, o->encoding, o->encoding);
    } else {
        st_enc = detect_encoding(r);
    }
    if (st_enc != BD_OK)
        return st_enc;

    convert(r);
    if (r->text_len == r->text_pos && r->derr == DERR_NONE && r->raw_eof &&
        r->raw_pos == r->raw_len)
        return bd_errf(&r->err, BD_ERR_INVALID, "%s: empty file", r->path);

    r->delim = o->delimiter ? o->delimiter
                            : detect_delimiter(r->text + r->text_pos, r->text_len - r->text_pos,
                                               r->raw_eof && r->raw_pos == r->raw_len);

    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return bd_errf(&r->err, BD_ERR_NOMEM, "%s: cannot start the CSV parser", r->path);
    r->parser_ready = true;
    csv_set_delim(&r->parser, (unsigned char)r->delim);
    csv_set_space_func(&r->parser, no_space);
    csv_set_realloc_func(&r->parser, bd_xrealloc); /* out of memory fails loudly */
    csv_set_blk_size(&r->parser, PARSER_BLOCK);
    r->max_field = o->max_field_bytes ? o->max_field_bytes : CSV_DEFAULT_MAX_FIELD_BYTES;
    if (r->max_field > SIZE_MAX / 4)
        r->max_field = SIZE_MAX / 4;
    r->max_fields = o->max_fields ? o->max_fields : CSV_DEFAULT_MAX_FIELDS;
    r->line = 1;
    return BD_OK;
}

bd_status csv_reader_open(const char *path, const csv_read_opts *o, csv_reader **out,
                          bd_err *e)
{
    *out = NULL;
    static const csv_read_opts defaults = {0};
    if (!o)
        o = &defaults;
    csv_reader *r = bd_xcalloc(1, sizeof *r);
    r->path = bd_xstrdup(path);
    r->cd = (iconv_t)-1;
    r->stream_start = true;
    /* As the user: in the installed mode a file readable only by bizdesk's
     * group (the database itself) must not be importable, nor its bytes
     * echoed in a plan or reject file. */
    io_user_begin();
    r->fp = fopen(path, "rbe");
    int err = errno;
    io_user_end();
    if (!r->fp) {
        bd_status s = bd_errf(e, BD_ERR_IO, "%s: cannot open: %s", path, strerror(err));
        csv_reader_close(&r);
        return s;
    }
    /* The user may open a shared file bizdesk itself has open (the -wal
     * of a database the user's own bizdesk created belongs to the user)
     * by /proc/self/fd/N: what belongs to bizdesk's group is never input. */
    if (io_priv_group_file(fileno(r->fp))) {
        bd_status s = bd_errf(e, BD_ERR_DENIED, "%s: a file of bizdesk's own group is not "
                              "imported", path);
        csv_reader_close(&r);
        return s;
    }
    r->raw = bd_xmalloc(RAW_CHUNK);
    r->text = bd_xmalloc(TEXT_CAP);
    r->text[0] = '\0';
    bd_status s = setup(r, o);
    if (s != BD_OK) {
        if (e)
            *e = r->err;
        csv_reader_close(&r);
        return s;
    }
    *out = r;
    return BD_OK;
}

void csv_reader_close(csv_reader **rp)
{
    csv_reader *r = rp ? *rp : NULL;
    if (!r)
        return;
    if (r->fp)
        fclose(r->fp);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    if (r->parser_ready)
        csv_free(&r->parser);
    bd_buf_free(&r->fields);
    free(r->offs);
    free(r->ptrs);
    free(r->raw);
    free(r->text);
    free(r->path);
    free(r);
    *rp = NULL;
}

const char *csv_record_field(const csv_record *rec, size_t i)
{
    return i < rec->nfields ? rec->fields[i] : "";
}

const char *csv_reader_encoding(const csv_reader *r)
{
    return r->enc;
}

char csv_reader_delimiter(const csv_reader *r)
{
    return r->delim;
}

uint64_t csv_reader_consumed(const csv_reader *r)
{
    return r->consumed;
}

uint64_t csv_reader_size(const csv_reader *r)
{
    return r->size;
}
