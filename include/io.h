/*
 * io.h - files bizdesk writes for the user: reports, exports, reject files.
 *
 * Every such file goes through io_out_open/io_out_commit: the content is
 * written to a temporary file beside the target and renamed over it only
 * when complete, so a reader never sees half a file and a failure leaves
 * nothing behind.  An existing file is refused unless `force` is set.
 */
#ifndef BIZDESK_IO_H
#define BIZDESK_IO_H

#include <stdbool.h>
#include <stdio.h>

#include "core.h"

typedef struct io_out {
    FILE *fp;        /* write here */
    char *path;      /* the final name */
    char *tmp;       /* the temporary name */
    bool force;
} io_out;

/* Create the temporary file for path (mode 0644 less the umask; created
 * with O_EXCL, never through a symlink).  Refuses when path exists and
 * force is false. */
bd_status io_out_open(io_out *o, const char *path, bool force, bd_err *e);
/* Flush, fsync and rename into place; on failure removes the temporary file. */
bd_status io_out_commit(io_out *o, bd_err *e);
/* Remove the temporary file; safe after commit and on a zeroed io_out. */
void io_out_abort(io_out *o);

#endif
