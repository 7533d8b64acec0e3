/* The demo user picker: shown when a demo database opens without --as, so
 * a newcomer can try every role's view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_internal.h"

#define MAX_DEMO 64

typedef struct picker {
    store_user users[MAX_DEMO];
    int n;
} picker;

static const ui_column picker_cols[] = {
    {"Name", 20, false}, {"Login", 14, false}, {"Role", 16, false}, {"Department", 0, false},
};

/* An in-memory source: keys are the row indexes, zero-padded to sort. */
static bd_status picker_fetch(void *src, ui_fetch how, const char *key, const char *filter,
                              int max, ui_row *out, int *n, bd_err *e)
{
    (void)filter, (void)e;
    picker *p = src;
    int from = 0, to = p->n; /* [from, to) */
    int k = key ? atoi(key) : 0;
    if (how == UI_FETCH_AFTER)
        from = k + 1;
    else if (how == UI_FETCH_BEFORE)
        to = k;
    if (how == UI_FETCH_LAST || how == UI_FETCH_BEFORE)
        from = to - max > 0 ? to - max : 0;
    else if (to - from > max)
        to = from + max;
    *n = 0;
    for (int i = from; i < to; i++) {
        ui_row *r = &out[(*n)++];
        snprintf(r->key, sizeof r->key, "%06d", i);
        r->cells[0] = bd_xstrdup(p->users[i].name);
        r->cells[1] = bd_xstrdup(p->users[i].login);
        r->cells[2] = bd_xstrdup(p->users[i].role);
        r->cells[3] = bd_xstrdup(p->users[i].department);
    }
    return BD_OK;
}

static const ui_action picker_hints[] = {UI_A_PICK, UI_A_DOWN, UI_A_HELP, UI_A_QUIT};

bool ui_pick_demo_user(ui_ctx *u)
{
    picker p;
    bd_err e = {0};
    if (app_demo_users(ui_app(u), p.users, MAX_DEMO, &p.n, &e) != BD_OK) {
        ui_status(u, true, "%s", e.msg);
        return false;
    }
    ui_list *l = ui_list_new(picker_cols, 4, picker_fetch, &p);
    bool picked = false;
    ui_set_hints(u, picker_hints, 4);
    ui_status(u, false, "Demo database: choose whose view to try");
    for (;;) {
        erase();
        if (COLS >= UI_MIN_COLS && LINES >= UI_MIN_LINES) {
            attron(ui_attr(UI_COL_TABS));
            ui_put(0, 0, " bizdesk  demo: pick a user (every role is here)", COLS, false);
            attroff(ui_attr(UI_COL_TABS));
            ui_list_draw(l, u, 2, 0, LINES - 5, COLS);
            ui_put(LINES - 2, 0, "Enter: work as this user   ?: help   q: quit", COLS, false);
        }
        refresh();
        ui_key k = ui_getkey(u, -1);
        if (k == UI_KEY_RESIZE || k == UI_KEY_TIMEOUT)
            continue;
        ui_context ctxs[] = {UI_CTX_PICKER, UI_CTX_LIST, UI_CTX_GLOBAL};
        ui_action a = ui_keys_lookup(k, ctxs, 3);
        if (a == UI_A_QUIT)
            break;
        if (a == UI_A_HELP) {
            ui_help(u, ctxs, 2);
            ui_set_hints(u, picker_hints, 4);
            continue;
        }
        if (a == UI_A_PICK && ui_list_selected(l)) {
            int i = atoi(ui_list_selected(l)->key);
            if (app_login_as(ui_app(u), p.users[i].login, &e) == BD_OK) {
                picked = true;
                break;
            }
            ui_status(u, true, "%s", e.msg);
            continue;
        }
        if (a != UI_A_SEARCH)
            ui_list_handle(l, u, a);
    }
    ui_list_delete(&l);
    ui_set_hints(u, NULL, 0);
    return picked;
}
