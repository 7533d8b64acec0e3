/* fuzz_policy: the policy loader on one bad file among good ones.
 *
 * The first byte picks the file (its value modulo six: bizdesk.yaml,
 * roles.yaml, pipeline.yaml, contracts.yaml, claims.yaml,
 * performance.yaml); the rest is that file's text.  On the first input
 * the good files of the policy folder (fuzz_config_dir) are copied into a
 * private folder, without their comments; each input replaces its file there, loads the whole
 * folder with policy_load as bizdesk does, then puts the good file back.
 * The same text also goes through ytree_parse alone.
 *
 * What must hold: a refused policy has at least one diagnostic and no
 * policy; an accepted one has none; every diagnostic formats; nothing
 * leaks (LeakSanitizer checks after each input). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "policy.h"
#include "yaml_tree.h"

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "fuzz_policy: %s:%d: broken: %s\n", __FILE__, __LINE__,  \
                    #cond);                                                          \
            abort();                                                                 \
        }                                                                            \
    } while (0)

static const char *const files[] = {
    "bizdesk.yaml", "roles.yaml", "pipeline.yaml",
    "contracts.yaml", "claims.yaml", "performance.yaml",
};
enum { NFILES = sizeof files / sizeof files[0] };

static struct {
    char path[4096];
    char *good;
    size_t len;
} file[NFILES];

static const char *dir;

/* Drop the comment and blank lines of a good file in place: every input
 * loads all six files, and most of their bytes are comments, which only
 * slow each run down. */
static size_t strip_comments(char *text, size_t len)
{
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        if (end < len)
            end++;
        size_t k = i;
        while (k < end && text[k] == ' ')
            k++;
        if (k < end && text[k] != '#' && text[k] != '\n') {
            memmove(text + out, text + i, end - i);
            out += end - i;
        }
        i = end;
    }
    return out;
}

static void setup(void)
{
    dir = fuzz_tmpdir();
    for (int i = 0; i < NFILES; i++) {
        char from[4096];
        snprintf(from, sizeof from, "%s/%s", fuzz_config_dir(), files[i]);
        file[i].good = fuzz_read_file(from, &file[i].len);
        file[i].len = strip_comments(file[i].good, file[i].len);
        snprintf(file[i].path, sizeof file[i].path, "%s/%s", dir, files[i]);
        fuzz_write_file(file[i].path, file[i].good, file[i].len);
    }
    /* The good folder must load, or every input would test the same
     * refusal. */
    policy *p = NULL;
    policy_diags d = {0};
    if (policy_load(dir, &p, &d) != BD_OK) {
        fprintf(stderr, "fuzz_policy: %s does not load as it is\n", fuzz_config_dir());
        abort();
    }
    policy_free(&p);
    policy_diags_free(&d);
}

static void check_diags(const policy_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        char buf[512];
        policy_diag_format(&d->v[i], buf, sizeof buf);
        CHECK(*buf != '\0' && strlen(buf) < sizeof buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir)
        setup();
    if (size == 0)
        return 0;
    int which = data[0] % NFILES;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    /* The tree alone, on the bytes as they are. */
    ytree *t = NULL;
    policy_diags d = {0};
    bd_status st = ytree_parse(files[which], text, len, &t, &d);
    CHECK((st == BD_OK) == (t != NULL));
    CHECK(st == BD_OK ? d.n == 0 : d.n > 0);
    check_diags(&d);
    ytree_free(&t);
    CHECK(t == NULL);
    policy_diags_free(&d);

    /* The whole folder with this file in it. */
    fuzz_write_file(file[which].path, text, len);
    policy *p = NULL;
    st = policy_load(dir, &p, &d);
    CHECK((st == BD_OK) == (p != NULL));
    CHECK(st == BD_OK ? d.n == 0 : st == BD_ERR_POLICY && d.n > 0);
    check_diags(&d);
    policy_free(&p);
    CHECK(p == NULL);
    policy_diags_free(&d);
    fuzz_write_file(file[which].path, file[which].good, file[which].len);
    return 0;
}
