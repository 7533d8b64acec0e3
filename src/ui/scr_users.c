/* Admin > Users: the list of users and the user form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

typedef struct users_screen {
    ui_list *list;
    app *a;
    bool show_inactive;
    /* Choices for the form, from policy. */
    const char **roles;
    int nroles;
    const char **depts;
    int ndepts;
} users_screen;

static const ui_column user_cols[] = {
    {"Login", 16, false}, {"Name", 22, false},    {"Department", 12, false},
    {"Role", 14, false},  {"Manager", 14, false}, {"Status", 0, false},
};
#define NCOLS ((int)(sizeof user_cols / sizeof user_cols[0]))

static const ui_action users_hints[] = {UI_A_HELP,       UI_A_USER_ADD, UI_A_USER_EDIT,
                                        UI_A_USER_ACTIVE, UI_A_SEARCH,  UI_A_NEXT_TAB,
                                        UI_A_QUIT};

static bd_status users_fetch(void *src, ui_fetch how, const char *key, const char *filter,
                             int max, ui_row *out, int *n, bd_err *e)
{
    users_screen *s = src;
    store_user_query q = {
        .after = how == UI_FETCH_AFTER ? key : NULL,
        .before = how == UI_FETCH_BEFORE ? key : NULL,
        .from_end = how == UI_FETCH_LAST,
        .filter = filter,
        .include_inactive = s->show_inactive,
        .limit = max,
    };
    store_user *rows = bd_xcalloc((size_t)max, sizeof *rows);
    bd_status st = app_user_page(s->a, &q, rows, n, e);
    for (int i = 0; st == BD_OK && i < *n; i++) {
        const store_user *u = &rows[i];
        bd_strlcpy(out[i].key, u->login, sizeof out[i].key);
        out[i].cells[0] = bd_xstrdup(u->login);
        out[i].cells[1] = bd_xstrdup(u->name);
        out[i].cells[2] = bd_xstrdup(u->department);
        out[i].cells[3] = bd_xstrdup(u->role);
        out[i].cells[4] = bd_xstrdup(u->manager_login[0] ? u->manager_login : "-");
        out[i].cells[5] = bd_xstrdup(u->active ? "active" : "inactive");
        out[i].dim = !u->active;
    }
    free(rows);
    return st;
}

static void *users_open(ui_ctx *u)
{
    users_screen *s = bd_xcalloc(1, sizeof *s);
    s->a = ui_app(u);
    const policy *p = app_policy(s->a);
    s->roles = bd_xcalloc(p->nroles, sizeof *s->roles);
    for (size_t i = 0; i < p->nroles; i++)
        s->roles[s->nroles++] = p->roles[i].code;
    s->depts = bd_xcalloc(p->ndepts, sizeof *s->depts);
    for (size_t i = 0; i < p->ndepts; i++)
        s->depts[s->ndepts++] = p->depts[i].code;
    s->list = ui_list_new(user_cols, NCOLS, users_fetch, s);
    return s;
}

static void users_close(void *st)
{
    users_screen *s = st;
    ui_list_delete(&s->list);
    free(s->roles);
    free(s->depts);
    free(s);
}

static void users_draw(void *st, ui_ctx *u, int y, int x, int h, int w)
{
    users_screen *s = st;
    char title[200];
    const char *f = ui_list_filter(s->list);
    snprintf(title, sizeof title, "Admin > Users%s%s%s%s", s->show_inactive ? "  (with deactivated)" : "",
             f[0] ? "  filter: \"" : "", f, f[0] ? "\"" : "");
    ui_title(u, y, x, w, title);
    ui_list_draw(s->list, u, y + 1, x, h - 1, w);
}

/* ---- The user form ------------------------------------------------------ */
enum { F_LOGIN, F_NAME, F_DEPT, F_ROLE, F_MANAGER, F_COUNT };

typedef struct form_ctx {
    users_screen *s;
    bool adding;
    int64_t version; /* what the person saw, to catch concurrent edits */
    char saved_login[33];
} form_ctx;

/* Which field an app error message is about ("name: ..."). */
static int field_of_message(const char *msg)
{
    static const char *const prefixes[F_COUNT] = {"login:", "name:", "department:", "role:",
                                                  "manager:"};
    for (int i = 0; i < F_COUNT; i++)
        if (strncmp(msg, prefixes[i], strlen(prefixes[i])) == 0)
            return i;
    return -1;
}

static bd_status user_submit(void *ctx, ui_field *f, int n, int *bad, bd_err *e)
{
    (void)n;
    form_ctx *fc = ctx;
    app_user_input in = {
        .login = f[F_LOGIN].value,
        .name = f[F_NAME].value,
        .department = f[F_DEPT].value,
        .role = f[F_ROLE].value,
        .manager = f[F_MANAGER].value,
    };
    store_user out;
    bd_status st = fc->adding ? app_user_add(fc->s->a, &in, &out, e)
                              : app_user_set(fc->s->a, f[F_LOGIN].value, &in, fc->version,
                                             &out, e);
    if (st != BD_OK) {
        *bad = field_of_message(e->msg);
        return st;
    }
    bd_strlcpy(fc->saved_login, out.login, sizeof fc->saved_login);
    return BD_OK;
}

static void user_form(users_screen *s, ui_ctx *u, const store_user *existing)
{
    ui_field f[F_COUNT] = {
        [F_LOGIN] = {.label = "Login", .help = "The person's Unix login name (a-z 0-9 _ . -)"},
        [F_NAME] = {.label = "Name", .help = "Display name; Chinese is fine"},
        [F_DEPT] = {.label = "Department", .choices = s->depts, .nchoices = s->ndepts},
        [F_ROLE] = {.label = "Role", .choices = s->roles, .nchoices = s->nroles},
        [F_MANAGER] = {.label = "Manager", .help = "Login of the direct superior; empty for none"},
    };
    form_ctx fc = {.s = s, .adding = existing == NULL};
    if (existing) {
        bd_strlcpy(f[F_LOGIN].value, existing->login, sizeof f[F_LOGIN].value);
        bd_strlcpy(f[F_NAME].value, existing->name, sizeof f[F_NAME].value);
        bd_strlcpy(f[F_DEPT].value, existing->department, sizeof f[F_DEPT].value);
        bd_strlcpy(f[F_ROLE].value, existing->role, sizeof f[F_ROLE].value);
        bd_strlcpy(f[F_MANAGER].value, existing->manager_login, sizeof f[F_MANAGER].value);
        f[F_LOGIN].readonly = true;
        fc.version = existing->version;
    } else {
        bd_strlcpy(f[F_DEPT].value, s->ndepts ? s->depts[0] : "", sizeof f[F_DEPT].value);
        bd_strlcpy(f[F_ROLE].value, s->nroles ? s->roles[0] : "", sizeof f[F_ROLE].value);
    }
    if (ui_form_run(u, existing ? "Change user" : "Add user", f, F_COUNT, user_submit, &fc)) {
        ui_list_goto(s->list, u, fc.saved_login);
        ui_status(u, false, "%s %s", existing ? "Saved" : "Added", fc.saved_login);
    }
}

static bool users_handle(void *st, ui_ctx *u, ui_action a, ui_key key)
{
    users_screen *s = st;
    (void)key;
    const ui_row *sel = ui_list_selected(s->list);
    bd_err e = {0};
    switch (a) {
    case UI_A_USER_ADD:
        user_form(s, u, NULL);
        return true;
    case UI_A_USER_EDIT:
    case UI_A_OPEN: {
        if (!sel)
            return true;
        store_user cur;
        if (app_user_get(s->a, sel->key, &cur, &e) != BD_OK) {
            ui_status(u, true, "%s", e.msg);
            return true;
        }
        user_form(s, u, &cur);
        return true;
    }
    case UI_A_USER_ACTIVE: {
        if (!sel)
            return true;
        store_user cur;
        if (app_user_get(s->a, sel->key, &cur, &e) != BD_OK) {
            ui_status(u, true, "%s", e.msg);
            return true;
        }
        char q[400];
        snprintf(q, sizeof q, "%s %s (%s)?", cur.active ? "Deactivate" : "Reactivate", cur.login,
                 cur.name);
        if (!ui_confirm(u, q))
            return true;
        if (app_user_set_active(s->a, cur.login, !cur.active, &e) != BD_OK)
            ui_status(u, true, "%s", e.msg);
        else
            ui_status(u, false, "%s %s", cur.active ? "Deactivated" : "Reactivated", cur.login);
        ui_list_reload(s->list, u);
        return true;
    }
    case UI_A_USER_INACTIVE:
        s->show_inactive = !s->show_inactive;
        ui_list_reload(s->list, u);
        ui_status(u, false, s->show_inactive ? "Showing deactivated users too"
                                             : "Hiding deactivated users");
        return true;
    default:
        return ui_list_handle(s->list, u, a);
    }
}

static void users_reload(void *st, ui_ctx *u)
{
    users_screen *s = st;
    ui_list_reload(s->list, u);
}

const ui_screen_ops ui_screen_users = {
    .title = "Users",
    .perm = PERM_ADMIN_USERS,
    .context = UI_CTX_USERS,
    .open = users_open,
    .close = users_close,
    .draw = users_draw,
    .handle = users_handle,
    .reload = users_reload,
    .hints = users_hints,
    .nhints = (int)(sizeof users_hints / sizeof users_hints[0]),
};
