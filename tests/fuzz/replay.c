/* Replay inputs through a fuzz target without libFuzzer:
 *
 *     fuzz_import FILE|DIR...
 *
 * feeds each FILE, and each file of each DIR (in name order, leaving out
 * names starting with '.' and README*), to LLVMFuzzerTestOneInput, one
 * call per file, and prints "ok NAME" after each.  A crash or a sanitizer
 * report ends the process there, so the last name printed is the input
 * before the culprit.  Exit status 0 when every file was fed, 2 when one
 * could not be read.  Linked with the normal compiler, so `make check`
 * replays the corpus on the normal and the sanitizer build. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int feed(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "replay: %s: not a readable file\n", path);
        return 2;
    }
    size_t n;
    char *data = fuzz_read_file(path, &n);
    LLVMFuzzerTestOneInput((const uint8_t *)data, n);
    free(data);
    printf("ok %s\n", path);
    fflush(stdout);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int feed_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return 2;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.' || strncmp(ent->d_name, "README", 6) == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            if (!names)
                abort();
        }
        size_t len = strlen(dir) + strlen(ent->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n])
            abort();
        snprintf(names[n++], len, "%s/%s", dir, ent->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (feed(names[i]) != 0)
            rc = 2;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        int r = stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode) ? feed_dir(argv[i])
                                                               : feed(argv[i]);
        if (r != 0)
            rc = r;
    }
    return rc;
}
