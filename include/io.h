/*
 * io.h - files bizdesk writes for the user: reports, exports, reject files.
 *
 * Every such file goes through io_out_open/io_out_commit: the content is
 * written to a temporary file beside the target and renamed over it only
 * when complete, so a reader never sees half a file and a failure leaves
 * nothing behind.  An existing file is refused unless `force` is set.
 * When bizdesk runs setgid, all of it is done as the user (io_user_begin).
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

/* Create the temporary file for path (mode 0666 less the user's umask;
 * created with O_EXCL|O_NOFOLLOW, never through a symlink; a path that is
 * a symlink or not a regular file is refused, and the final rename
 * replaces, never follows, whatever is at path).  Refuses when path exists and
 * force is false. */
bd_status io_out_open(io_out *o, const char *path, bool force, bd_err *e);
/* Flush, fsync and rename into place; on failure removes the temporary file. */
bd_status io_out_commit(io_out *o, bd_err *e);
/* Remove the temporary file; safe after commit and on a zeroed io_out. */
void io_out_abort(io_out *o);

/* ---- The installed (setgid) mode (src/io/priv.c) --------------------------
 * Call io_priv_init first thing in main.  It notes whether bizdesk runs
 * with a group the setgid bit gave it (getegid() != getgid(), or the
 * kernel's AT_SECURE); if so it keeps the user's umask for their files and
 * sets umask 007, so the database and its -wal/-shm files are 0660. */
void io_priv_init(void);
/* True when running setgid (until io_priv_drop). */
bool io_priv_setgid(void);
/* True when running setgid and the open file fd belongs to bizdesk's own
 * group: one of its shared files, reached by a name such as
 * /proc/self/fd/N, which a user's file never is. */
bool io_priv_group_file(int fd);
/* Between these two, act as the user: the real group and the user's
 * umask.  Every open, create, rename and removal of a file the user names
 * (io_out_*, csv_reader_open) runs between them.  They nest, do nothing
 * when not setgid, and abort if the switch fails. */
void io_user_begin(void);
void io_user_end(void);
/* Give up bizdesk's group for good (real, effective and saved group set to
 * the user's): for work that needs no database. */
bd_status io_priv_drop(bd_err *e);

#endif
