/* Which filesystems cannot hold the database: SQLite's WAL keeps its index
 * in shared memory (the -shm file, mmap'd), which works only when every
 * process using the database runs on the same host, and its locks rely on
 * POSIX advisory locks that network filesystems often get wrong.  The
 * numbers are the f_type values statfs(2) reports (linux/magic.h and the
 * filesystems' own sources); they are written out here so the list builds
 * without kernel headers and can be tested as a table. */
#include "core.h"

static const struct {
    uint32_t magic;
    const char *name;
} network_fs[] = {
    {0x6969u, "NFS"},
    {0x517Bu, "SMB"},
    {0xFF534D42u, "SMB/CIFS"},
    {0xFE534D42u, "SMB2"},
    {0x5346414Fu, "AFS"},
    {0x6B414653u, "AFS (kAFS)"},
    {0x73757245u, "CODA"},
    {0x564Cu, "NCP (NetWare)"},
    {0x01021997u, "9P"},
    {0x65735546u, "FUSE (such as sshfs)"},
    {0x00C36400u, "CEPH"},
    {0x01161970u, "GFS2"},
    {0x7461636Fu, "OCFS2"},
    {0x0BD00BD0u, "Lustre"},
    {0x47504653u, "GPFS"},
    {0x20030528u, "OrangeFS"},
};

const char *bd_fs_network_name(uint64_t f_type)
{
    /* The kernel's magics are 32-bit; where f_type is a signed 32-bit
     * long, CIFS's 0xFF534D42 arrives sign-extended. */
    uint32_t m = (uint32_t)f_type;
    for (size_t i = 0; i < sizeof network_fs / sizeof network_fs[0]; i++)
        if (network_fs[i].magic == m)
            return network_fs[i].name;
    return NULL;
}
