/* Side files of an import: the reject file (rows not taken, each with its
 * line and reason) and the plan of a dry run.  Opened on the first row,
 * so a clean import leaves none; written beside the input under a name
 * stamped with the time unless the person named one; put in place only
 * when the import stands (io_out: never half a file). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_internal.h"

/* A default side-file name beside the input, stamped with the time so a
 * re-run never collides with an earlier one. */
static char *side_name(const char *input, const char *what)
{
    char ts[32];
    bd_timestamp_format(app_now(), ts, sizeof ts);
    for (char *c = ts; *c; c++)
        if (*c == ':' || *c == '-')
            memmove(c, c + 1, strlen(c));
    char *path = bd_xasprintf("%s.%s-%s.csv", input, what, ts);
    /* Two runs in the same second get -2, -3...: never each other's file. */
    for (int n = 2; access(path, F_OK) == 0 && n < 1000; n++) {
        free(path);
        path = bd_xasprintf("%s.%s-%s-%d.csv", input, what, ts, n);
    }
    return path;
}

static bd_status side_open(app_side *s, bd_err *e)
{
    char *path = s->path ? bd_xstrdup(s->path) : side_name(s->input, s->what);
    bd_status st = io_out_open(&s->file, path, s->force, e);
    if (st == BD_OK) {
        csv_write_opts wo = {.neutralise_formulas = true, .bom = true, .crlf = true};
        st = csv_writer_new(s->file.fp, &wo, &s->w, e);
    }
    if (st == BD_OK)
        bd_strlcpy(s->out_path, path, s->out_n);
    free(path);
    for (size_t i = 0; i < s->ncols && st == BD_OK; i++)
        st = csv_writer_field(s->w, s->header[i], e);
    for (size_t i = 0; i < s->nextra && st == BD_OK; i++)
        st = csv_writer_field(s->w, s->extra[i], e);
    return st == BD_OK ? csv_writer_end_row(s->w, e) : st;
}

bd_status app_side_row(app_side *s, const csv_record *rec, const char *const *extra, bd_err *e)
{
    bd_status st = s->w ? BD_OK : side_open(s, e);
    for (size_t i = 0; i < s->ncols && st == BD_OK; i++)
        st = csv_writer_field(s->w, csv_record_field(rec, i), e);
    /* Fields beyond the header are kept too: nothing of the row is lost. */
    for (size_t i = s->ncols; i < rec->nfields && st == BD_OK; i++)
        st = csv_writer_field(s->w, rec->fields[i], e);
    for (size_t i = 0; i < s->nextra && st == BD_OK; i++)
        st = csv_writer_field(s->w, extra[i], e);
    return st == BD_OK ? csv_writer_end_row(s->w, e) : st;
}

bd_status app_side_commit(app_side *s, bd_err *e)
{
    csv_writer_free(&s->w);
    return s->file.fp ? io_out_commit(&s->file, e) : BD_OK;
}

void app_side_abort(app_side *s)
{
    csv_writer_free(&s->w);
    io_out_abort(&s->file);
}
