/* The installed (setgid) mode: bizdesk runs with the group that owns the
 * database folder, and gives it up while it touches the user's own files.
 *
 * A setgid program can switch its effective group between the real group
 * (the user's) and the saved set-group-ID (bizdesk's) at will, so the
 * user's files are opened, created, renamed and removed with the real
 * group (io_user_begin/io_user_end) and with the user's umask: a report
 * belongs to the user's group, and a path the user names can reach only
 * what the user could reach without bizdesk.  Everything else runs with
 * umask 007, so the database SQLite creates, and its -wal and -shm files
 * (which copy the database's mode), are 0660 for the group. */
#define _GNU_SOURCE /* setresgid, getresgid */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"

static bool setgid_mode;
static gid_t priv_gid;     /* the group the setgid bit gave */
static mode_t user_umask;  /* the user's, for their files */
static int user_depth;     /* io_user_begin nesting */

void io_priv_init(void)
{
    priv_gid = getegid();
    /* AT_SECURE also covers a setuid or file-capability start. */
    setgid_mode = priv_gid != getgid() || getauxval(AT_SECURE) != 0;
    if (setgid_mode)
        user_umask = umask(007);
}

bool io_priv_setgid(void) { return setgid_mode; }

bool io_priv_group_file(int fd)
{
    struct stat sb;
    return setgid_mode && fstat(fd, &sb) == 0 && sb.st_gid == priv_gid;
}

/* Going on with the wrong group would write the user's file as bizdesk's
 * or the database as the user's: never. */
static void must(int rc, const char *what)
{
    if (rc != 0) {
        fprintf(stderr, "bizdesk: %s: %s\n", what, strerror(errno));
        abort();
    }
}

void io_user_begin(void)
{
    if (!setgid_mode || user_depth++ > 0)
        return;
    must(setegid(getgid()), "cannot switch to your own group");
    umask(user_umask);
}

void io_user_end(void)
{
    if (!setgid_mode || user_depth == 0 || --user_depth > 0)
        return;
    umask(007);
    must(setegid(priv_gid), "cannot switch back to bizdesk's group");
}

bd_status io_priv_drop(bd_err *e)
{
    if (!setgid_mode)
        return BD_OK;
    gid_t g = getgid();
    if (setresgid(g, g, g) != 0)
        return bd_errf(e, BD_ERR_IO, "cannot give up bizdesk's group: %s", strerror(errno));
    gid_t r, ef, sv;
    if (getresgid(&r, &ef, &sv) != 0 || r != g || ef != g || sv != g)
        return bd_errf(e, BD_ERR_IO, "bizdesk's group is still held after giving it up");
    umask(user_umask);
    setgid_mode = false;
    return BD_OK;
}
