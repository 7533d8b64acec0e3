/* Files written for the user: temporary file, then rename.  Each entry
 * point works as the user (io_user_begin): in the installed mode the file
 * is theirs, and a path they name reaches only what they could reach. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"

static void out_free(io_out *o)
{
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    o->fp = NULL;
}

static bd_status out_open(io_out *o, const char *path, bool force, bd_err *e)
{
    memset(o, 0, sizeof *o);
    struct stat st;
    if (!force && lstat(path, &st) == 0)
        return bd_errf(e, BD_ERR_IO, "%s: already exists (use --force to replace it)", path);
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return bd_errf(e, BD_ERR_IO, "%s: not a regular file", path);
    o->path = bd_xstrdup(path);
    o->force = force;
    /* The temporary file lives beside the target so rename() is atomic. */
    for (int attempt = 0; attempt < 100; attempt++) {
        free(o->tmp);
        o->tmp = bd_xasprintf("%s.tmp%ld.%d", path, (long)getpid(), attempt);
        int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
            o->fp = fdopen(fd, "w");
            if (!o->fp) {
                close(fd);
                unlink(o->tmp);
                break;
            }
            return BD_OK;
        }
        if (errno != EEXIST) {
            bd_errf(e, BD_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
            out_free(o);
            return BD_ERR_IO;
        }
    }
    bd_errf(e, BD_ERR_IO, "%s: cannot create a temporary file beside it", path);
    out_free(o);
    return BD_ERR_IO;
}

bd_status io_out_open(io_out *o, const char *path, bool force, bd_err *e)
{
    io_user_begin();
    bd_status st = out_open(o, path, force, e);
    io_user_end();
    return st;
}

static bd_status out_commit(io_out *o, bd_err *e)
{
    int err = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        err = errno ? errno : EIO;
    if (!err && fsync(fileno(o->fp)) != 0)
        err = errno;
    if (fclose(o->fp) != 0 && !err)
        err = errno;
    o->fp = NULL;
    if (!err && !o->force && access(o->path, F_OK) == 0)
        err = EEXIST; /* appeared while we wrote: do not replace it */
    if (!err && rename(o->tmp, o->path) != 0)
        err = errno;
    if (err) {
        bd_errf(e, BD_ERR_IO, "%s: cannot write: %s", o->path, strerror(err));
        unlink(o->tmp);
        out_free(o);
        return BD_ERR_IO;
    }
    out_free(o);
    return BD_OK;
}

bd_status io_out_commit(io_out *o, bd_err *e)
{
    io_user_begin();
    bd_status st = out_commit(o, e);
    io_user_end();
    return st;
}

void io_out_abort(io_out *o)
{
    if (o->fp)
        fclose(o->fp);
    io_user_begin();
    if (o->tmp)
        unlink(o->tmp);
    io_user_end();
    out_free(o);
}
