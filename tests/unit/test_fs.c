/* Unit test of the network filesystem classifier that store_open uses to
 * refuse a database SQLite's WAL cannot share safely. */
#include <sys/vfs.h>

#include "unit.h"

#include "core.h"

static void test_network_refused(void **state)
{
    (void)state;
    assert_string_equal(bd_fs_network_name(0x6969), "NFS");
    assert_string_equal(bd_fs_network_name(0x517B), "SMB");
    assert_string_equal(bd_fs_network_name(0xFF534D42u), "SMB/CIFS");
    assert_string_equal(bd_fs_network_name(0xFE534D42u), "SMB2");
    assert_string_equal(bd_fs_network_name(0x5346414F), "AFS");
    assert_string_equal(bd_fs_network_name(0x6B414653), "AFS (kAFS)");
    assert_string_equal(bd_fs_network_name(0x73757245), "CODA");
    assert_string_equal(bd_fs_network_name(0x564C), "NCP (NetWare)");
    assert_string_equal(bd_fs_network_name(0x01021997), "9P");
    assert_string_equal(bd_fs_network_name(0x65735546), "FUSE (such as sshfs)");
    assert_string_equal(bd_fs_network_name(0x00C36400), "CEPH");
    assert_string_equal(bd_fs_network_name(0x01161970), "GFS2");
    assert_string_equal(bd_fs_network_name(0x7461636F), "OCFS2");
    assert_string_equal(bd_fs_network_name(0x0BD00BD0), "Lustre");
    assert_string_equal(bd_fs_network_name(0x47504653), "GPFS");
    assert_string_equal(bd_fs_network_name(0x20030528), "OrangeFS");
    /* A 32-bit long carries CIFS's magic sign-extended. */
    assert_string_equal(bd_fs_network_name((uint64_t)(int64_t)(int32_t)0xFF534D42u),
                        "SMB/CIFS");
}

static void test_local_allowed(void **state)
{
    (void)state;
    assert_null(bd_fs_network_name(0xEF53));      /* ext2/3/4 */
    assert_null(bd_fs_network_name(0x58465342));  /* xfs */
    assert_null(bd_fs_network_name(0x9123683E));  /* btrfs */
    assert_null(bd_fs_network_name(0x01021994));  /* tmpfs */
    assert_null(bd_fs_network_name(0x794C7630));  /* overlayfs (containers) */
    assert_null(bd_fs_network_name(0));
}

/* The folder the tests run in is on a local filesystem: statfs and the
 * classifier agree with store_open, which would refuse it otherwise. */
static void test_here_is_local(void **state)
{
    (void)state;
    struct statfs sf;
    assert_int_equal(statfs(".", &sf), 0);
    assert_null(bd_fs_network_name((uint64_t)sf.f_type));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_network_refused),
        cmocka_unit_test(test_local_allowed),
        cmocka_unit_test(test_here_is_local),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
