/*
 * Pipeline > Import: leads from a CSV file.  o chooses the file (and, when
 * detection will not do, its encoding and delimiter) and what to do with
 * duplicates; the screen then reads the header and the first rows itself
 * (csvio.h) to show the encoding and delimiter found and, for every
 * column, the lead field it fills (pipeline.yaml's synonyms) beside its
 * first values.  e changes a column's field; those changes go to the
 * import as "Header=field" maps.  d makes a dry run (the plan file says
 * what would happen), i or Enter imports.  Both run app_import_leads,
 * which reads the whole file in one transaction; its progress callback
 * draws a progress bar and lets Esc stop it (nothing is then imported).
 *
 * Only roles with pipeline.import may import; others see which roles may.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "csvio.h"
#include "io.h"
#include "ui_internal.h"

#define MAX_COLS 256   /* as many as the import takes */
#define SAMPLE_ROWS 5  /* rows shown beside each column */
#define FIELD_POLICY (-2) /* a column's field: what pipeline.yaml says */

typedef struct import_screen {
    app *a;
    const policy *p;
    bool allowed;
    /* The file form's values. */
    char path[PATH_MAX];
    char encoding_choice[32]; /* "detect" or an iconv name */
    char delim_choice[16];    /* "detect", "comma", "semicolon", "tab" */
    char dup_choice[16];      /* "skip", "update", "flag" */
    /* The preview of the file. */
    bool loaded;
    char encoding[32];
    char delim;
    int ncols;
    char *header[MAX_COLS];
    int choice[MAX_COLS];     /* FIELD_POLICY, or the field chosen here */
    char *sample[SAMPLE_ROWS][MAX_COLS];
    int nsample;
    char sample_error[1024];  /* a row of the preview that did not read */
    int cursor, top, height;
    /* The last run: its counts, or why it failed. */
    bool have_result, result_dry;
    app_import_result result;
    char result_error[1024];
} import_screen;

static const ui_action import_hints[] = {UI_A_HELP,       UI_A_IMPORT_FILE, UI_A_IMPORT_MAP,
                                         UI_A_IMPORT_DUP, UI_A_IMPORT_DRY,  UI_A_IMPORT_RUN,
                                         UI_A_QUIT};

static const char *const encodings[] = {"detect", "UTF-8", "GB18030", "BIG5", "UTF-16LE",
                                        "UTF-16BE"};
static const char *const delimiters[] = {"detect", "comma", "semicolon", "tab"};
static const char *const dup_names[] = {"skip", "update", "flag"};
#define COUNT(a) ((int)(sizeof a / sizeof a[0]))

/* ---- The preview -------------------------------------------------------------- */
static void free_preview(import_screen *s)
{
    for (int i = 0; i < s->ncols; i++) {
        free(s->header[i]);
        s->header[i] = NULL;
        for (int r = 0; r < SAMPLE_ROWS; r++) {
            free(s->sample[r][i]);
            s->sample[r][i] = NULL;
        }
    }
    s->ncols = s->nsample = 0;
    s->loaded = false;
    s->sample_error[0] = '\0';
}

static char delim_of_choice(const char *c)
{
    if (strcmp(c, "comma") == 0)
        return ',';
    if (strcmp(c, "semicolon") == 0)
        return ';';
    if (strcmp(c, "tab") == 0)
        return '\t';
    return 0;
}

/* The path as the person wrote it, with a leading ~/ for their home. */
static void expand_path(const char *in, char *out, size_t n)
{
    const char *home = getenv("HOME");
    if (in[0] == '~' && in[1] == '/' && home && *home)
        snprintf(out, n, "%s%s", home, in + 1);
    else
        bd_strlcpy(out, in, n);
}

/* Read the header and the first rows of path into the preview. */
static bd_status load_preview(import_screen *s, const char *path, bd_err *e)
{
    csv_read_opts ro = {
        .encoding = strcmp(s->encoding_choice, "detect") ? s->encoding_choice : NULL,
        .delimiter = delim_of_choice(s->delim_choice),
        .max_field_bytes = (size_t)s->p->import_max_field_bytes,
    };
    csv_reader *r = NULL;
    bd_status st = csv_reader_open(path, &ro, &r, e);
    if (st != BD_OK)
        return st;
    const csv_record *rec;
    if ((st = csv_reader_next(r, &rec, e)) == BD_OK && !rec)
        st = bd_errf(e, BD_ERR_INVALID, "%s: no header row (the file has no records)", path);
    if (st == BD_OK && rec->nfields > MAX_COLS)
        st = bd_errf(e, BD_ERR_INVALID, "%s: the header has %zu columns (at most %d)", path,
                     rec->nfields, MAX_COLS);
    if (st != BD_OK) {
        csv_reader_close(&r);
        return st;
    }
    bool same_header = s->loaded && strcmp(s->path, path) == 0 && s->ncols == (int)rec->nfields;
    for (int i = 0; same_header && i < s->ncols; i++)
        same_header = strcmp(s->header[i], rec->fields[i]) == 0;
    int keep[MAX_COLS];
    memcpy(keep, s->choice, sizeof keep);
    free_preview(s);
    s->ncols = (int)rec->nfields;
    for (int i = 0; i < s->ncols; i++) {
        s->header[i] = bd_xstrdup(rec->fields[i]);
        /* The same file again keeps the choices made for its columns. */
        s->choice[i] = same_header ? keep[i] : FIELD_POLICY;
    }
    bd_strlcpy(s->encoding, csv_reader_encoding(r), sizeof s->encoding);
    s->delim = csv_reader_delimiter(r);
    bd_err re = {0};
    while (s->nsample < SAMPLE_ROWS) {
        if (csv_reader_next(r, &rec, &re) != BD_OK) {
            bd_strlcpy(s->sample_error, re.msg, sizeof s->sample_error);
            break;
        }
        if (!rec)
            break;
        for (int i = 0; i < s->ncols; i++)
            s->sample[s->nsample][i] = bd_xstrdup(csv_record_field(rec, (size_t)i));
        s->nsample++;
    }
    csv_reader_close(&r);
    bd_strlcpy(s->path, path, sizeof s->path);
    s->loaded = true;
    s->cursor = s->top = 0;
    s->have_result = false;
    return BD_OK;
}

/* The field column i fills: the choice made here, else pipeline.yaml's;
 * -1 for none. */
static int field_of(const import_screen *s, int i)
{
    if (s->choice[i] != FIELD_POLICY)
        return s->choice[i];
    return policy_synonym_field(s->p, s->header[i]);
}

/* Another column that fills the same field as column i; -1 when none. */
static int clash_of(const import_screen *s, int i)
{
    int f = field_of(s, i);
    for (int k = 0; f >= 0 && k < s->ncols; k++)
        if (k != i && field_of(s, k) == f)
            return k;
    return -1;
}

static const char *delim_name(char d)
{
    switch (d) {
    case ',': return "comma (,)";
    case ';': return "semicolon (;)";
    case '\t': return "tab";
    default: return "?";
    }
}

/* ---- Drawing -------------------------------------------------------------------- */
static void draw_denied(import_screen *s, int y, int x, int w)
{
    const app_actor *ac = app_actor_get(s->a);
    bd_buf roles = {0};
    for (size_t i = 0; i < s->p->nroles; i++)
        if (policy_role_has(&s->p->roles[i], PERM_PIPELINE_IMPORT))
            bd_buf_printf(&roles, "%s%s", roles.len ? ", " : "", s->p->roles[i].name);
    char line[600];
    ui_put(y + 2, x + 2, "Importing leads needs the pipeline.import permission.", w - 4, false);
    snprintf(line, sizeof line, "Your role, %s, does not have it.",
             ac && ac->role ? ac->role->name : "?");
    ui_put(y + 3, x + 2, line, w - 4, false);
    snprintf(line, sizeof line, "Roles that may import: %s.",
             roles.len ? bd_buf_str(&roles) : "none in roles.yaml");
    ui_put(y + 5, x + 2, line, w - 4, false);
    ui_put(y + 6, x + 2, "Ask one of them to import the file, or add leads one by one (2, then a).",
           w - 4, false);
    bd_buf_free(&roles);
}

static void draw_result(const import_screen *s, int y, int x, int w)
{
    const app_import_result *r = &s->result;
    char line[PATH_MAX + 300];
    const char *name = strrchr(s->path, '/') ? strrchr(s->path, '/') + 1 : s->path;
    if (s->result_error[0]) {
        snprintf(line, sizeof line, "%s %s: nothing was %s.", s->result_dry ? "The dry run of" :
                 "The import of", name, s->result_dry ? "planned" : "imported");
        attron(A_BOLD);
        ui_put(y, x + 1, line, w - 2, false);
        attroff(A_BOLD);
        /* Long messages (a CSV error names file, line and column) wrap once. */
        attron(ui_attr(UI_COL_ERROR));
        snprintf(line, sizeof line, "Error: %s", s->result_error);
        ui_put(y + 1, x + 1, line, w - 2, false);
        attroff(ui_attr(UI_COL_ERROR));
        if (bd_text_width(line) > w - 2) {
            char rest[PATH_MAX + 300];
            /* the part after what fitted on the first line */
            char first[PATH_MAX + 300];
            bd_text_fit(first, sizeof first, line, w - 2, false);
            size_t cut = strlen(first);
            while (cut > 0 && first[cut - 1] == ' ')
                cut--;
            bd_strlcpy(rest, line + (cut < strlen(line) ? cut : strlen(line)), sizeof rest);
            attron(ui_attr(UI_COL_ERROR));
            ui_put(y + 2, x + 1, rest, w - 2, false);
            attroff(ui_attr(UI_COL_ERROR));
        }
        return;
    }
    if (s->result_dry)
        snprintf(line, sizeof line,
                 "Dry run of %s: %lld rows: %lld would be added, %lld updated, %lld skipped, "
                 "%lld flagged, %lld rejected; nothing was changed",
                 name, (long long)r->rows, (long long)r->inserted, (long long)r->updated,
                 (long long)r->skipped, (long long)r->flagged, (long long)r->rejected);
    else
        snprintf(line, sizeof line,
                 "Imported %s: %lld rows: %lld added, %lld updated, %lld skipped, %lld flagged, "
                 "%lld rejected",
                 name, (long long)r->rows, (long long)r->inserted, (long long)r->updated,
                 (long long)r->skipped, (long long)r->flagged, (long long)r->rejected);
    attron(A_BOLD);
    ui_put(y, x + 1, line, w - 2, false);
    attroff(A_BOLD);
    if (r->plan_path[0]) {
        snprintf(line, sizeof line, "Plan: %s", r->plan_path);
        ui_put(y + 1, x + 1, line, w - 2, false);
    }
    if (r->reject_path[0]) {
        snprintf(line, sizeof line, "Rows not taken, with the reason: %s", r->reject_path);
        ui_put(y + (r->plan_path[0] ? 2 : 1), x + 1, line, w - 2, false);
    }
}

static void import_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    import_screen *s = st;
    ui_title(u, y, x, w, "Pipeline > Import");
    if (!s->allowed) {
        draw_denied(s, y, x, w);
        return;
    }
    char line[PATH_MAX + 200];
    snprintf(line, sizeof line, "File          %s", s->loaded ? s->path : "(none yet)");
    ui_put(y + 1, x + 1, line, w - 2, false);
    if (!s->loaded) {
        ui_put(y + 3, x + 2, "o chooses a CSV file of leads: UTF-8, GB18030, Big5 or UTF-16, "
                             "comma, semicolon or tab.",
               w - 4, false);
        ui_put(y + 4, x + 2, "Its first rows show here, with the lead field of each column, "
                             "before anything is imported.",
               w - 4, false);
        return;
    }
    snprintf(line, sizeof line, "Encoding      %s%s   Delimiter  %s%s   Columns  %d",
             s->encoding, strcmp(s->encoding_choice, "detect") ? "" : " (detected)",
             delim_name(s->delim), strcmp(s->delim_choice, "detect") ? "" : " (detected)",
             s->ncols);
    ui_put(y + 2, x + 1, line, w - 2, false);
    snprintf(line, sizeof line, "On duplicates %s (u changes it)", s->dup_choice);
    ui_put(y + 3, x + 1, line, w - 2, false);

    /* Result lines at the bottom, the table between. */
    int result_h = s->have_result ? 3 : 0;
    int table_y = y + 5;
    int notes_y = y + h - result_h - 1;
    s->height = notes_y - (table_y + 1);
    if (s->height < 1)
        s->height = 1;
    if (s->cursor < s->top)
        s->top = s->cursor;
    if (s->cursor >= s->top + s->height)
        s->top = s->cursor - s->height + 1;

    enum { COL_W = 20, FIELD_W = 16 };
    int sample_x = x + 1 + COL_W + 1 + FIELD_W + 1;
    attr_t hd = ui_attr(UI_COL_HEADER);
    attron(hd);
    ui_put(table_y, x, "", w, false);
    ui_put(table_y, x + 1, "Column", COL_W, false);
    ui_put(table_y, x + 2 + COL_W, "Lead field", FIELD_W, false);
    snprintf(line, sizeof line, "First %d row%s", s->nsample, s->nsample == 1 ? "" : "s");
    ui_put(table_y, sample_x, line, x + w - sample_x, false);
    attroff(hd);
    int clash = -1;
    for (int r = 0; r < s->height && s->top + r < s->ncols; r++) {
        int i = s->top + r;
        int ly = table_y + 1 + r;
        bool sel = i == s->cursor;
        int f = field_of(s, i);
        int other = clash_of(s, i);
        if (other >= 0 && clash < 0)
            clash = i;
        char field[80];
        if (f < 0)
            snprintf(field, sizeof field, "- (left out)");
        else
            snprintf(field, sizeof field, "%s%s%s",
                     policy_import_field_name((policy_import_field)f),
                     s->choice[i] != FIELD_POLICY ? " *" : "", other >= 0 ? " !" : "");
        bd_buf b = {0};
        for (int k = 0; k < s->nsample; k++)
            bd_buf_printf(&b, "%s%s", k ? " | " : "", s->sample[k][i] ? s->sample[k][i] : "");
        /* Line breaks inside a quoted field would break the table. */
        for (char *c = b.data; c && *c; c++)
            if (*c == '\n' || *c == '\r' || *c == '\t')
                *c = ' ';
        attr_t at = sel ? ui_attr(UI_COL_SELECTED) : (f < 0 ? ui_attr(UI_COL_DIM) : 0);
        attron(at);
        ui_put(ly, x, sel ? ">" : " ", 1, false);
        ui_put(ly, x + 1, "", w - 1, false);
        ui_put(ly, x + 1, s->header[i][0] ? s->header[i] : "(empty)", COL_W, false);
        ui_put(ly, x + 2 + COL_W, field, FIELD_W, false);
        ui_put(ly, sample_x, bd_buf_str(&b), x + w - sample_x, false);
        attroff(at);
        bd_buf_free(&b);
    }
    for (int i = 0; clash < 0 && i < s->ncols; i++)
        if (clash_of(s, i) >= 0)
            clash = i;
    if (clash >= 0) {
        int other = clash_of(s, clash);
        snprintf(line, sizeof line,
                 "Columns %d (%s) and %d (%s) both fill %s: e on one of them chooses another field",
                 clash + 1, s->header[clash], other + 1, s->header[other],
                 policy_import_field_name((policy_import_field)field_of(s, clash)));
        attron(ui_attr(UI_COL_ERROR));
        ui_put(notes_y, x + 1, line, w - 2, false);
        attroff(ui_attr(UI_COL_ERROR));
    } else if (s->sample_error[0]) {
        snprintf(line, sizeof line, "Error in the first rows: %s", s->sample_error);
        attron(ui_attr(UI_COL_ERROR));
        ui_put(notes_y, x + 1, line, w - 2, false);
        attroff(ui_attr(UI_COL_ERROR));
    } else {
        ui_put(notes_y, x + 1,
               "* chosen here (e)   ! two columns fill one field   d dry run   i import",
               w - 2, false);
    }
    if (s->have_result)
        draw_result(s, notes_y + 1, x, w);
}

/* ---- Choosing the file ------------------------------------------------------------ */
enum { F_PATH, F_ENCODING, F_DELIM, F_DUP, F_COUNT };

static bd_status file_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    import_screen *s = ctx;
    if (!f[F_PATH].value[0]) {
        *bad = F_PATH;
        return bd_errf(e, BD_ERR_INVALID, "file: give the path of a CSV file");
    }
    char given[PATH_MAX], path[PATH_MAX];
    expand_path(f[F_PATH].value, given, sizeof given);
    /* The whole path: the reject and plan files are named after it, and
     * the person should see where they are. */
    /* As the user, like the reading itself: with bizdesk's group the
     * answer would tell what exists where only the group may look. */
    io_user_begin();
    bool resolved = realpath(given, path) != NULL;
    io_user_end();
    if (!resolved)
        bd_strlcpy(path, given, sizeof path); /* the reader names what is wrong */
    /* The preview reads with the choices; they stand only with a file read. */
    char enc[sizeof s->encoding_choice], delim[sizeof s->delim_choice];
    bd_strlcpy(enc, s->encoding_choice, sizeof enc);
    bd_strlcpy(delim, s->delim_choice, sizeof delim);
    bd_strlcpy(s->encoding_choice, f[F_ENCODING].value, sizeof s->encoding_choice);
    bd_strlcpy(s->delim_choice, f[F_DELIM].value, sizeof s->delim_choice);
    bd_status st = load_preview(s, path, e);
    if (st != BD_OK) {
        bd_strlcpy(s->encoding_choice, enc, sizeof s->encoding_choice);
        bd_strlcpy(s->delim_choice, delim, sizeof s->delim_choice);
        *bad = F_PATH; /* the message names the file, its line and what is wrong */
        return st;
    }
    bd_strlcpy(s->dup_choice, f[F_DUP].value, sizeof s->dup_choice);
    return BD_OK;
}

static void choose_file(import_screen *s, ui_ctx *u)
{
    ui_field f[F_COUNT] = {
        [F_PATH] = {.label = "File", .help = "The CSV file: a path from where bizdesk started, "
                                             "or ~/..."},
        [F_ENCODING] = {.label = "Encoding", .choices = encodings, .nchoices = COUNT(encodings),
                        .help = "detect reads the byte order mark, else UTF-8, GB18030 or Big5"},
        [F_DELIM] = {.label = "Delimiter", .choices = delimiters, .nchoices = COUNT(delimiters),
                     .help = "detect counts commas, semicolons and tabs in the first lines"},
        [F_DUP] = {.label = "On duplicates", .choices = dup_names, .nchoices = COUNT(dup_names),
                   .help = "A lead with the e-mail, phone or company of a customer already "
                           "there: skip, update or flag it"},
    };
    bd_strlcpy(f[F_PATH].value, s->loaded ? s->path : "", sizeof f[F_PATH].value);
    bd_strlcpy(f[F_ENCODING].value, s->encoding_choice, sizeof f[F_ENCODING].value);
    bd_strlcpy(f[F_DELIM].value, s->delim_choice, sizeof f[F_DELIM].value);
    bd_strlcpy(f[F_DUP].value, s->dup_choice, sizeof f[F_DUP].value);
    if (ui_form_run(u, "Import leads from a CSV file", f, F_COUNT, file_submit, s))
        ui_status(u, false, "Read %s: %s, %s, %d columns; e changes a column's field, "
                            "d dry run, i import",
                  s->path, s->encoding, delim_name(s->delim), s->ncols);
}

/* ---- Changing a column's field ----------------------------------------------------- */
#define LEAVE_OUT "(leave out)"

typedef struct map_ctx {
    import_screen *s;
    int col;
} map_ctx;

static bd_status map_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n, (void)bad;
    map_ctx *mc = ctx;
    import_screen *s = mc->s;
    int policy_field = policy_synonym_field(s->p, s->header[mc->col]);
    int chosen = policy_import_field_from_name(f[0].value);
    (void)e;
    s->choice[mc->col] = chosen == policy_field ? FIELD_POLICY : chosen;
    return BD_OK;
}

static void change_map(import_screen *s, ui_ctx *u)
{
    if (!s->loaded || s->ncols == 0) {
        ui_status(u, false, "No file yet: o chooses one");
        return;
    }
    const char *choices[IMP_COUNT + 1];
    int n = 0;
    choices[n++] = LEAVE_OUT;
    for (int f = 0; f < IMP_COUNT; f++)
        choices[n++] = policy_import_field_name((policy_import_field)f);
    int col = s->cursor;
    int policy_field = policy_synonym_field(s->p, s->header[col]);
    char help[300];
    snprintf(help, sizeof help, "Left/Right: the lead field; pipeline.yaml says %s",
             policy_field >= 0 ? policy_import_field_name((policy_import_field)policy_field)
                               : "none (left out)");
    ui_field f = {.label = "Fills", .choices = choices, .nchoices = n, .help = help};
    int cur = field_of(s, col);
    bd_strlcpy(f.value, cur >= 0 ? policy_import_field_name((policy_import_field)cur) : LEAVE_OUT,
               sizeof f.value);
    char title[300];
    snprintf(title, sizeof title, "Column %d: %s", col + 1, s->header[col]);
    map_ctx mc = {.s = s, .col = col};
    if (!ui_form_run(u, title, &f, 1, map_submit, &mc))
        return;
    int now = field_of(s, col);
    if (now >= 0)
        ui_status(u, false, "Column %s fills %s", s->header[col],
                  policy_import_field_name((policy_import_field)now));
    else
        ui_status(u, false, "Column %s is left out", s->header[col]);
}

/* ---- Running the import ------------------------------------------------------------- */
typedef struct progress_ctx {
    ui_ctx *u;
    const char *title;
    struct timespec start;
    volatile int cancel;
    uint64_t rows, bytes, total; /* as last drawn */
    const char *step;            /* once the rows are read; NULL before */
    double read_secs;            /* the time the rows took, from the first step */
} progress_ctx;

/* Seconds since the import started.  A monotonic clock, not app_now():
 * this measures a rate for the person watching, not business time (which
 * $BIZDESK_NOW may pin). */
static double elapsed(const progress_ctx *pc)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - pc->start.tv_sec) +
           (double)(now.tv_nsec - pc->start.tv_nsec) / 1e9;
}

/* n with thousands separators ("1,234,567"). */
static char *grouped(uint64_t n, char *buf, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    size_t k = 0;
    for (int i = 0; i < len && k + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}

/* Called inside app_import_leads, which holds the write transaction: it
 * draws at once (there is no loop to return to) and looks for Esc. */
static void on_progress(void *ctx, uint64_t rows, uint64_t bytes, uint64_t total)
{
    progress_ctx *pc = ctx;
    ui_ctx *u = pc->u;
    pc->rows = rows, pc->bytes = bytes, pc->total = total;
    int pct = total ? (int)(bytes * 100 / total) : 0;
    if (pct > 100)
        pct = 100;
    double t = elapsed(pc);
    double rate_t = pc->step ? pc->read_secs : t; /* the reading's rate */
    double rate = rate_t > 0.001 ? (double)rows / rate_t : 0;
    int w = COLS - 8 < 70 ? COLS - 8 : 70, h = 7;
    int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
    ui_draw_base(u);
    ui_box(y0, x0, h, w, pc->title);
    attron(ui_attr(UI_COL_DIALOG));
    int bar_w = w - 14; /* "[" bar "] 100%" in w - 6 */
    char bar[256];
    int full = bar_w * pct / 100;
    int k = 0;
    bar[k++] = '[';
    for (int i = 0; i < bar_w && k < (int)sizeof bar - 3; i++)
        bar[k++] = i < full ? '#' : '.';
    bar[k++] = ']';
    bar[k] = '\0';
    char line[400];
    snprintf(line, sizeof line, "%s %3d%%", bar, pct);
    ui_put(y0 + 2, x0 + 3, line, w - 6, false);
    char nrows[40], nrate[40];
    snprintf(line, sizeof line, "%s rows   %s rows/s   %.1f s", grouped(rows, nrows, sizeof nrows),
             grouped((uint64_t)rate, nrate, sizeof nrate), t);
    ui_put(y0 + 3, x0 + 3, line, w - 6, false);
    if (pc->step) {
        snprintf(line, sizeof line, "Now %s; Esc no longer stops it",
                 pc->step);
        ui_put(y0 + 4, x0 + 3, line, w - 6, false);
    } else {
        ui_put(y0 + 4, x0 + 3, pc->cancel ? "Stopping: nothing will be imported"
                                          : "Esc stops it (then nothing is imported)",
               w - 6, false);
    }
    attroff(ui_attr(UI_COL_DIALOG));
    refresh();
    if (pc->step)
        return;
    /* Keys typed meanwhile: Esc (or F10, or a signal, which reads as F10)
     * stops it; others are dropped.  Not while the terminal is too small:
     * ui_getkey would wait there for it to grow. */
    if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES)
        return;
    for (int i = 0; i < 32; i++) {
        ui_key key = ui_getkey(u, 0);
        if (key == UI_KEY_TIMEOUT)
            break;
        if (key == 27 || key == (UI_KEY_FN | KEY_F(10)))
            pc->cancel = 1;
    }
}

/* The rows are read: say what comes next, which Esc no longer stops. */
static void on_step(void *ctx, const char *what)
{
    progress_ctx *pc = ctx;
    if (!pc->step)
        pc->read_secs = elapsed(pc);
    pc->step = what;
    on_progress(pc, pc->rows, pc->bytes, pc->total);
}

/* "Header=field" for every column whose field was chosen here, and
 * "Header=ignore" for one left out. */
static int build_maps(const import_screen *s, char **maps)
{
    int n = 0;
    for (int i = 0; i < s->ncols; i++)
        if (s->choice[i] != FIELD_POLICY)
            maps[n++] = bd_xasprintf("%s=%s", s->header[i],
                                     s->choice[i] >= 0
                                         ? policy_import_field_name((policy_import_field)s->choice[i])
                                         : "ignore");
    return n;
}

static void run_import(import_screen *s, ui_ctx *u, bool dry)
{
    if (!s->loaded) {
        choose_file(s, u);
        return;
    }
    const char *name = strrchr(s->path, '/') ? strrchr(s->path, '/') + 1 : s->path;
    if (!dry) {
        char q[PATH_MAX + 200];
        snprintf(q, sizeof q, "Import the leads of %s? On duplicates: %s.", name, s->dup_choice);
        if (!ui_confirm(u, q))
            return;
    }
    char *maps[MAX_COLS];
    int nmaps = build_maps(s, maps);
    char title[PATH_MAX + 50];
    snprintf(title, sizeof title, "%s %s", dry ? "Dry run of" : "Importing", name);
    progress_ctx pc = {.u = u, .title = title};
    app_import_opts o = {
        .path = s->path,
        .encoding = strcmp(s->encoding_choice, "detect") ? s->encoding_choice : NULL,
        .delimiter = delim_of_choice(s->delim_choice),
        .maps = (const char *const *)maps,
        .nmaps = nmaps,
        .on_dup_set = true,
        .dry_run = dry,
        .progress = on_progress,
        .step = on_step,
        .progress_ctx = &pc,
        .cancel = &pc.cancel,
    };
    for (int i = 0; i < COUNT(dup_names); i++)
        if (strcmp(s->dup_choice, dup_names[i]) == 0)
            o.on_dup = (policy_dup_action)i;
    static const ui_action no_hints[] = {UI_A_QUIT};
    ui_set_hints(u, no_hints, 0);
    bd_err e = {0};
    bd_status st;
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &pc.start);
        pc.cancel = 0;
        pc.step = NULL;
        on_progress(&pc, 0, 0, 1);
        st = app_import_leads(ui_app(u), &o, &s->result, &e);
        /* Keys typed while the indexes were built or the rows saved had
         * nothing to read them (Esc no longer stopped it): drop them. */
        flushinp();
        /* The side files are named by the clock to the second: a second
         * run within it (or with the clock pinned) finds them there. */
        const char *ex = st == BD_ERR_IO && !o.force ? strstr(e.msg, ": already exists") : NULL;
        if (!ex)
            break;
        char q[1200];
        snprintf(q, sizeof q, "%.*s exists. Replace it?", (int)(ex - e.msg), e.msg);
        if (!ui_confirm(u, q))
            break;
        o.force = true;
    }
    ui_set_hints(u, NULL, 0);
    for (int i = 0; i < nmaps; i++)
        free(maps[i]);
    s->have_result = true;
    s->result_dry = dry;
    if (st != BD_OK) {
        /* The status line is short; the view shows the whole message. */
        bd_strlcpy(s->result_error, e.msg, sizeof s->result_error);
        ui_status(u, true, "%s", e.msg);
        return;
    }
    s->result_error[0] = '\0';
    s->result_dry = dry;
    const app_import_result *r = &s->result;
    if (dry)
        ui_status(u, false, "Dry run: %lld would be added, %lld rejected; the plan is in %s",
                  (long long)r->inserted, (long long)r->rejected, r->plan_path);
    else
        ui_status(u, false, "Imported %lld of %lld rows (%lld updated, %lld skipped, %lld flagged, "
                            "%lld rejected)",
                  (long long)r->inserted, (long long)r->rows, (long long)r->updated,
                  (long long)r->skipped, (long long)r->flagged, (long long)r->rejected);
}

/* ---- Keys and the ops ----------------------------------------------------------------- */
static bool import_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    import_screen *s = st;
    (void)key;
    if (!s->allowed) {
        if (ui_action_context(a) != UI_CTX_IMPORT)
            return false;
        ui_status(u, true, "your role may not import leads (it needs pipeline.import)");
        return true;
    }
    switch (a) {
    case UI_A_IMPORT_FILE: choose_file(s, u); return true;
    case UI_A_IMPORT_MAP: change_map(s, u); return true;
    case UI_A_IMPORT_DUP:
        for (int i = 0; i < COUNT(dup_names); i++)
            if (strcmp(s->dup_choice, dup_names[i]) == 0) {
                bd_strlcpy(s->dup_choice, dup_names[(i + 1) % COUNT(dup_names)],
                           sizeof s->dup_choice);
                break;
            }
        ui_status(u, false, "On duplicates: %s", s->dup_choice);
        return true;
    case UI_A_IMPORT_DRY: run_import(s, u, true); return true;
    case UI_A_IMPORT_RUN: run_import(s, u, false); return true;
    case UI_A_UP:
        if (s->cursor > 0)
            s->cursor--;
        return true;
    case UI_A_DOWN:
        if (s->cursor < s->ncols - 1)
            s->cursor++;
        return true;
    case UI_A_PAGE_UP:
        s->cursor = s->cursor > s->height ? s->cursor - s->height : 0;
        return true;
    case UI_A_PAGE_DOWN:
        s->cursor = s->cursor + s->height < s->ncols ? s->cursor + s->height
                                                     : (s->ncols ? s->ncols - 1 : 0);
        return true;
    case UI_A_TOP: s->cursor = 0; return true;
    case UI_A_BOTTOM: s->cursor = s->ncols ? s->ncols - 1 : 0; return true;
    default: return false;
    }
}

static void *import_open(ui_ctx *u)
{
    import_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    s->p = app_policy(s->a);
    s->allowed = app_can(s->a, PERM_PIPELINE_IMPORT);
    bd_strlcpy(s->encoding_choice, "detect", sizeof s->encoding_choice);
    bd_strlcpy(s->delim_choice, "detect", sizeof s->delim_choice);
    int d = (int)s->p->dup_default;
    bd_strlcpy(s->dup_choice, d >= 0 && d < COUNT(dup_names) ? dup_names[d] : "skip",
               sizeof s->dup_choice);
    s->height = 10;
    return s;
}

static void import_close(void *st)
{
    import_screen *s = st;
    free_preview(s);
    free(s);
}

const ui_screen_ops ui_screen_import = {
    .title = "Import",
    .perm = PERM_PIPELINE,
    .context = UI_CTX_IMPORT,
    .open = import_open,
    .close = import_close,
    .draw = import_draw,
    .handle = import_handle,
    .reload = NULL,
    .hints = import_hints,
    .nhints = (int)(sizeof import_hints / sizeof import_hints[0]),
};
