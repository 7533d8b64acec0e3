/* fuzz_import: bytes in, through the real lead import (app_import_leads:
 * encoding detection, libcsv, header mapping, the checks of a lead typed
 * by hand, duplicate lookup, insert/update/skip/flag, reject and plan
 * files, the audit row) into a database made by bizdesk's own migrations.
 *
 * The first byte picks the options, the rest is the file:
 *   bits 0-1  duplicates: the policy's default, skip, update, flag
 *   bit  2    dry run
 *   bits 3-5  encoding: detected (0-3), UTF-8, GB18030, BIG5, UTF-16LE
 *   bits 6-7  delimiter: detected (0-1), ';', TAB
 * so a seed is one option byte followed by a CSV file (the seeds use '0',
 * '1', '2', ... : detection, the policy's default or skip).
 *
 * On the first input a demo database (users for every role, sample leads
 * to be duplicates of) is made in a private folder under the policy of
 * fuzz_config_dir, and its bytes are kept.  Each input starts from a copy
 * of those bytes, so an input does the same thing however it is run; the
 * import runs as li.na (a sales manager, who may import and reassign).
 * With $FUZZ_VERBOSE set, each input's outcome is printed on stderr. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "fuzz.h"

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "fuzz_import: %s:%d: broken: %s\n", __FILE__, __LINE__,  \
                    #cond);                                                          \
            abort();                                                                 \
        }                                                                            \
    } while (0)

static policy *pol;
static char *template_db;
static size_t template_len;
static char db_path[4096], csv_path[4096], rejects_path[4096], plan_path[4096];

static void join(char *out, size_t n, const char *dir, const char *name)
{
    if ((size_t)snprintf(out, n, "%s/%s", dir, name) >= n)
        abort();
}

static void setup(void)
{
    /* As bizdesk runs: a UTF-8 locale, and a pinned clock so that dates
     * relative to today do not depend on the day of the run. */
    setlocale(LC_ALL, "C.UTF-8");
    setenv("BIZDESK_NOW", "2026-11-24T09:30:00Z", 1);
    policy_diags d = {0};
    if (policy_load(fuzz_config_dir(), &pol, &d) != BD_OK) {
        fprintf(stderr, "fuzz_import: the policy in %s does not load\n", fuzz_config_dir());
        abort();
    }
    policy_diags_free(&d);

    const char *dir = fuzz_tmpdir();
    char made[4096];
    join(made, sizeof made, dir, "template.db");
    join(db_path, sizeof db_path, dir, "work.db");
    join(csv_path, sizeof csv_path, dir, "leads.csv");
    join(rejects_path, sizeof rejects_path, dir, "rejects.csv");
    join(plan_path, sizeof plan_path, dir, "plan.csv");
    app_init_opts io = {.demo = true, .sample_data = true};
    bd_err e = {0};
    if (app_init_db(made, pol, &io, &e) != BD_OK) {
        fprintf(stderr, "fuzz_import: cannot make the database: %s\n", e.msg);
        abort();
    }
    /* Closed cleanly, the database is this one file (no -wal left). */
    template_db = fuzz_read_file(made, &template_len);
}

/* A fresh copy of the template; nothing of the last input's database. */
static void reset_db(void)
{
    char side[4200];
    snprintf(side, sizeof side, "%s-wal", db_path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db_path);
    unlink(side);
    fuzz_write_file(db_path, template_db, template_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const encodings[] = {NULL, NULL, NULL, NULL,
                                            "UTF-8", "GB18030", "BIG5", "UTF-16LE"};
    static const char delimiters[] = {0, 0, ';', '\t'};
    static const policy_dup_action dups[] = {DUP_SKIP, DUP_SKIP, DUP_UPDATE, DUP_FLAG};
    if (!pol)
        setup();
    if (size == 0)
        return 0;
    unsigned opt = data[0];
    fuzz_write_file(csv_path, data + 1, size - 1);
    reset_db();

    app *a = NULL;
    bd_err e = {0};
    CHECK(app_open(db_path, pol, &a, &e) == BD_OK);
    CHECK(app_login_as(a, "li.na", &e) == BD_OK);
    app_import_opts o = {
        .path = csv_path,
        .encoding = encodings[(opt >> 3) & 7],
        .delimiter = delimiters[(opt >> 6) & 3],
        .on_dup_set = (opt & 3) != 0,
        .on_dup = dups[opt & 3],
        .dry_run = (opt & 4) != 0,
        .reject_path = rejects_path,
        .plan_path = plan_path,
        .force = true,
    };
    app_import_result r;
    bd_status st = app_import_leads(a, &o, &r, &e);
    if (getenv("FUZZ_VERBOSE"))
        fprintf(stderr, "opt 0x%02x: %s, %s %lld rows: +%lld ~%lld -%lld !%lld x%lld %s\n", opt,
                bd_status_text(st), r.encoding, (long long)r.rows, (long long)r.inserted,
                (long long)r.updated, (long long)r.skipped, (long long)r.flagged,
                (long long)r.rejected, e.msg);
    if (st == BD_OK) {
        CHECK(r.rows == r.inserted + r.updated + r.skipped + r.flagged + r.rejected);
        CHECK(r.rows >= 0 && *r.encoding);
    } else {
        /* A refusal says why, and is not a broken database. */
        CHECK(e.code == st && *e.msg);
        CHECK(st == BD_ERR_INVALID || st == BD_ERR_USAGE || st == BD_ERR_IO);
    }
    app_close(&a);
    CHECK(a == NULL);
    return 0;
}
