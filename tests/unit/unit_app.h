/* Shared by the unit tests that go through the app layer: a database with
 * the demo users in a temporary folder, under the shipped policy (or a
 * folder of the test's), with the locale and clock pinned, and a session
 * as one of the users.  Include after unit.h. */
#ifndef BIZDESK_UNIT_APP_H
#define BIZDESK_UNIT_APP_H

#include <locale.h>

#include "app.h"

typedef struct unit_app {
    char *dir; /* the temporary folder, removed by unit_app_close */
    char *db;  /* dir/t.db */
    policy *pol;
} unit_app;

/* dir/t.db with the demo users (and the sample records with sample),
 * under the policy folder config (NULL: config/).  f->dir is made first,
 * so a test may write a policy folder into it and then call this.
 * 0, or -1 with the reasons on stderr. */
static inline int unit_app_open(unit_app *f, const char *config, bool sample)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    setenv("BIZDESK_NOW", "2026-11-24T09:00:00Z", 1);
    if (!f->dir)
        f->dir = unit_tmpdir();
    f->db = bd_xasprintf("%s/t.db", f->dir);
    policy_diags d = {0};
    if (policy_load(config ? config : BD_SRCDIR "/config", &f->pol, &d) != BD_OK) {
        for (size_t i = 0; i < d.n; i++)
            fprintf(stderr, "%s:%d:%d: %s\n", d.v[i].file, d.v[i].line, d.v[i].col, d.v[i].msg);
        policy_diags_free(&d);
        return -1;
    }
    app_init_opts o = {.demo = true, .sample_data = sample};
    bd_err e = {0};
    if (app_init_db(f->db, f->pol, &o, &e) != BD_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    return 0;
}

static inline void unit_app_close(unit_app *f)
{
    policy_free(&f->pol);
    unit_tmpdir_free(f->dir);
    free(f->db);
    f->dir = f->db = NULL;
}

/* A session on f's database as login; the test closes it (app_close). */
static inline app *unit_as(unit_app *f, const char *login)
{
    app *a = NULL;
    bd_err e = {0};
    assert_int_equal(app_open(f->db, f->pol, &a, &e), BD_OK);
    assert_int_equal(app_login_as(a, login, &e), BD_OK);
    return a;
}

#endif
