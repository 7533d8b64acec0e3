/* Whether a policy folder may be trusted by an installed (setgid) bizdesk:
 * the rules every user is held to must be the administrator's, so the
 * folder and every .yaml file in it must belong to root and be writable by
 * nobody else.  The folder is read whole rather than through the loader's
 * list of names, so a file added to the loader is covered too; and once
 * the folder is checked, every file the loader opens is checked again on
 * its open handle. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "policy.h"

static bool root_only; /* set by policy_dir_trusted: every file read is checked */

static bd_status check_stat(const struct stat *sb, const char *path, bd_err *e)
{
    if (sb->st_uid != 0)
        return bd_errf(e, BD_ERR_POLICY,
                       "%s belongs to user id %ld, not root: installed bizdesk reads policy "
                       "only from root's files (as root: chown root %s)",
                       path, (long)sb->st_uid, path);
    if (sb->st_mode & (S_IWGRP | S_IWOTH))
        return bd_errf(e, BD_ERR_POLICY,
                       "%s is writable by %s (mode %04o): installed bizdesk refuses it "
                       "(as root: chmod go-w %s)",
                       path, sb->st_mode & S_IWOTH ? "everyone" : "its group",
                       (unsigned)(sb->st_mode & 07777), path);
    return BD_OK;
}

static bd_status trusted(const char *path, bd_err *e)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return bd_errf(e, BD_ERR_POLICY, "%s: %s", path, strerror(errno));
    return check_stat(&sb, path, e);
}

bd_status policy_fd_trusted(int fd, const char *path, bd_err *e)
{
    struct stat sb;
    if (!root_only)
        return BD_OK;
    if (fstat(fd, &sb) != 0)
        return bd_errf(e, BD_ERR_POLICY, "%s: %s", path, strerror(errno));
    return check_stat(&sb, path, e);
}

bd_status policy_dir_trusted(const char *dir, bd_err *e)
{
    bd_status st = trusted(dir, e);
    if (st != BD_OK)
        return st;
    DIR *d = opendir(dir);
    if (!d)
        return bd_errf(e, BD_ERR_POLICY, "%s: %s", dir, strerror(errno));
    struct dirent *de;
    while (st == BD_OK && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n <= 5 || strcmp(de->d_name + n - 5, ".yaml") != 0)
            continue;
        char *path = bd_xasprintf("%s/%s", dir, de->d_name);
        st = trusted(path, e);
        free(path);
    }
    closedir(d);
    /* A name checked here could be another file by the time it is read
     * (a folder above swapped by whoever may write it): the loader checks
     * each file again on the handle it reads from (policy_fd_trusted). */
    root_only = true;
    return st;
}
