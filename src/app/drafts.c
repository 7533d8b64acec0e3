/* Drafts of forms, for the UI: kept when the terminal goes away in the
 * middle of a form, offered back when the same form opens again.  Only
 * the logged-in user's own drafts are read or written. */
#include "app_internal.h"

static bd_status need_login(const app *a, bd_err *e)
{
    if (!a->logged_in)
        return bd_errf(e, BD_ERR_DENIED, "nobody is logged in");
    return BD_OK;
}

bd_status app_draft_save(app *a, const char *form, const char *const *names,
                         const char *const *values, int n, bd_err *e)
{
    bd_status st = need_login(a, e);
    if (st != BD_OK)
        return st;
    bd_json j;
    bd_json_begin(&j);
    for (int i = 0; i < n; i++)
        bd_json_str(&j, names[i], values[i]);
    char now[21];
    app_timestamp(now, sizeof now);
    st = app_tx_begin(a, e);
    if (st == BD_OK)
        st = app_tx_end(a, store_draft_put(a->db, a->actor.user.id, form, bd_json_end(&j), now, e),
                        e);
    bd_buf_free(&j.buf);
    return st;
}

bd_status app_draft_load(app *a, const char *form, char saved_at[21], store_draft_cb cb,
                         void *ctx, bd_err *e)
{
    bd_status st = need_login(a, e);
    if (st != BD_OK)
        return st;
    return store_draft_get(a->db, a->actor.user.id, form, saved_at, cb, ctx, e);
}

bd_status app_draft_clear(app *a, const char *form, bd_err *e)
{
    bd_status st = need_login(a, e);
    if (st != BD_OK)
        return st;
    st = app_tx_begin(a, e);
    if (st == BD_OK)
        st = app_tx_end(a, store_draft_delete(a->db, a->actor.user.id, form, e), e);
    return st;
}
