/*
 * fuzz.h - what the fuzz targets in tests/fuzz/ share.
 *
 * Each target (fuzz_*.c) defines LLVMFuzzerTestOneInput and is linked two
 * ways: with libFuzzer by clang (`make fuzz`, build/fuzz/), and with
 * replay.c by the normal compiler into $(BUILD)/tests/fuzz_*, which feeds
 * it the files of its corpus so that `make check` replays every seed and
 * every crash found (tests/cli/test_fuzz.sh).  A target sets itself up on
 * its first input and keeps that state for the life of the process.
 */
#ifndef BIZDESK_FUZZ_H
#define BIZDESK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The entry point libFuzzer and replay.c call; always returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A new private folder for this process, removed with everything in it
 * when the process exits normally.  Under /dev/shm when it can (the
 * targets write a file or a database per input), else $TMPDIR or /tmp.
 * Aborts when none can be made: a target cannot run without it. */
const char *fuzz_tmpdir(void);

/* The policy folder the targets load: $BIZDESK_FUZZ_CONFIG, else the
 * source tree's config/. */
const char *fuzz_config_dir(void);

/* Replace the file at path with data[0..n); aborts on failure. */
void fuzz_write_file(const char *path, const void *data, size_t n);

/* The whole file at path in a new buffer (*n bytes, plus a NUL after
 * them); aborts on failure.  The caller frees. */
char *fuzz_read_file(const char *path, size_t *n);

/* A NUL-terminated copy of data[0..n), cut at the first NUL (the way a C
 * string reaches the code under test).  The caller frees. */
char *fuzz_cstr(const uint8_t *data, size_t n);

#endif
