/* The installed mode's policy trust (src/policy/trust.c): once the folder
 * is checked, each file the loader opens is checked again on its handle,
 * so a file swapped in after the folder's check is refused.  Needs root
 * (files of root's and of another user); skipped otherwise.  A binary of
 * its own: the check, once on, stays on for the process. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "policy.h"
#include "yaml_tree.h"

static char *write_file(const char *dir, const char *name, const char *text)
{
    char *path = bd_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, 0644), 0);
    return path;
}

static void test_swapped_file_refused(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip(); /* chown to another user needs root */
    char *dir = unit_tmpdir();
    assert_int_equal(chmod(dir, 0755), 0);
    char *path = write_file(dir, "roles.yaml", "roles: []\n");
    bd_err e = {0};
    ytree *t = NULL;
    policy_diags d = {0};
    /* Before the folder is checked nothing is checked on open. */
    assert_int_equal(chown(path, 65534, 65534), 0);
    assert_int_equal(ytree_load(path, &t, &d), BD_OK);
    ytree_free(&t);
    policy_diags_free(&d);
    /* Root's file passes the folder's check... */
    assert_int_equal(chown(path, 0, 0), 0);
    assert_int_equal(policy_dir_trusted(dir, &e), BD_OK);
    assert_int_equal(ytree_load(path, &t, &d), BD_OK);
    ytree_free(&t);
    policy_diags_free(&d);
    /* ...and a file that is no longer root's when it is read is refused,
     * as is one made group-writable. */
    assert_int_equal(chown(path, 65534, 65534), 0);
    assert_int_equal(ytree_load(path, &t, &d), BD_ERR_POLICY);
    assert_null(t);
    assert_true(d.n > 0 && strstr(d.v[0].msg, "belongs to user id 65534"));
    policy_diags_free(&d);
    assert_int_equal(chown(path, 0, 0), 0);
    assert_int_equal(chmod(path, 0664), 0);
    assert_int_equal(ytree_load(path, &t, &d), BD_ERR_POLICY);
    assert_true(d.n > 0 && strstr(d.v[0].msg, "writable by its group"));
    policy_diags_free(&d);
    free(path);
    unit_tmpdir_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_swapped_file_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
