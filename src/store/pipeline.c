/* The pipeline's tables: customers, contacts, opportunities with their
 * search index, and activities.  Visibility is part of every read query
 * (see viewer_sql); lists page by keyset on (sort key, id). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define NOW_UTC "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* ---- Helpers ------------------------------------------------------------ */

/* Bind by name when the statement has that parameter (dynamic SQL only
 * names what it uses). */
static void bind_text_named(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i > 0)
        store_bind_text(st, i, v);
}

static void bind_int_named(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i > 0)
        sqlite3_bind_int64(st, i, v);
}

/* "" binds NULL: optional dates and texts kept as NULL in the table. */
int store_bind_opt(sqlite3_stmt *st, int idx, const char *text)
{
    return store_bind_text(st, idx, text && *text ? text : NULL);
}

static int bind_money(sqlite3_stmt *st, int idx, int64_t v)
{
    return v < 0 ? sqlite3_bind_null(st, idx) : sqlite3_bind_int64(st, idx, v);
}

void store_viewer_sql(bd_buf *b, const store_viewer *v, const char *col)
{
    switch (v->see) {
    case STORE_SEE_OWN:
        bd_buf_printf(b, "%s = :viewer", col);
        break;
    case STORE_SEE_TEAM:
        bd_buf_printf(b, "%s IN (WITH RECURSIVE team(id) AS (SELECT :viewer UNION "
                         "SELECT u.id FROM users u JOIN team ON u.manager_id = team.id) "
                         "SELECT id FROM team)", col);
        break;
    case STORE_SEE_DEPARTMENT:
        bd_buf_printf(b, "%s IN (SELECT id FROM users WHERE department = :viewer_dept)", col);
        break;
    case STORE_SEE_ALL:
        bd_buf_puts(b, "1");
        break;
    }
}

void store_viewer_bind(sqlite3_stmt *st, const store_viewer *v)
{
    bind_int_named(st, ":viewer", v->user_id);
    bind_text_named(st, ":viewer_dept", v->department ? v->department : "");
}

/* Step a statement that writes; BD_OK on SQLITE_DONE. */
bd_status store_step_done(store *s, sqlite3_stmt *st, bd_err *e, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        return BD_OK;
    return store_fail(s, rc, e, "%s", what);
}

/* The text the search index holds for an opportunity. */
static void search_body(bd_buf *b, const char *company, const char *contact, const char *email,
                        const char *phone_key)
{
    bd_search_text(b, company);
    bd_search_text(b, contact);
    bd_search_text(b, email ? email : "");
    bd_search_text(b, phone_key ? phone_key : "");
}

/* ---- Customers and contacts --------------------------------------------- */

#define CUSTOMER_SELECT                                                              \
    "SELECT c.id, c.name, c.industry, c.region, c.city, c.class, c.credit_limit, "   \
    "c.owner_id, w.login, c.last_contact, c.created_at, c.updated_at, c.version "    \
    "FROM customers c JOIN users w ON w.id = c.owner_id "

static void customer_row(sqlite3_stmt *st, void *out)
{
    store_customer *c = out;
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, c->name, sizeof c->name);
    store_column_copy(st, 2, c->industry, sizeof c->industry);
    store_column_copy(st, 3, c->region, sizeof c->region);
    store_column_copy(st, 4, c->city, sizeof c->city);
    store_column_copy(st, 5, c->class_code, sizeof c->class_code);
    c->credit_limit = sqlite3_column_int64(st, 6);
    c->owner_id = sqlite3_column_int64(st, 7);
    store_column_copy(st, 8, c->owner_login, sizeof c->owner_login);
    store_column_copy(st, 9, c->last_contact, sizeof c->last_contact);
    store_column_copy(st, 10, c->created_at, sizeof c->created_at);
    store_column_copy(st, 11, c->updated_at, sizeof c->updated_at);
    c->version = sqlite3_column_int64(st, 12);
}

bd_status store_customer_insert(store *s, store_customer *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_cached(s, SLOT_CUSTOMER_INSERT,
        "INSERT INTO customers (name, name_key, industry, region, city, class, credit_limit, "
        "owner_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "coalesce(?9, " NOW_UTC "), coalesce(?9, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    char key[256];
    bd_key_company(c->name, key, sizeof key);
    store_bind_text(st, 1, c->name);
    store_bind_text(st, 2, key);
    store_bind_text(st, 3, c->industry);
    store_bind_text(st, 4, c->region);
    store_bind_text(st, 5, c->city);
    store_bind_text(st, 6, c->class_code);
    sqlite3_bind_int64(st, 7, c->credit_limit);
    sqlite3_bind_int64(st, 8, c->owner_id);
    store_bind_opt(st, 9, c->created_at);
    status = store_step_done(s, st, e, "adding a customer");
    sqlite3_reset(st);
    if (status != BD_OK)
        return status;
    c->id = sqlite3_last_insert_rowid(s->db);
    c->version = 1;
    return BD_OK;
}

bd_status store_contact_insert(store *s, store_contact *ct, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_cached(s, SLOT_CONTACT_INSERT,
        "INSERT INTO contacts (customer_id, name, title, phone, phone_key, email, email_key, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    char phone_key[64], email_key[255];
    bd_key_phone(ct->phone, phone_key, sizeof phone_key);
    bd_key_email(ct->email, email_key, sizeof email_key);
    sqlite3_bind_int64(st, 1, ct->customer_id);
    store_bind_text(st, 2, ct->name);
    store_bind_text(st, 3, ct->title);
    store_bind_text(st, 4, ct->phone);
    store_bind_text(st, 5, phone_key);
    store_bind_text(st, 6, ct->email);
    store_bind_text(st, 7, email_key);
    store_bind_opt(st, 8, ct->created_at);
    status = store_step_done(s, st, e, "adding a contact");
    sqlite3_reset(st);
    if (status == BD_OK)
        ct->id = sqlite3_last_insert_rowid(s->db);
    return status;
}

bd_status store_customer_get(store *s, const store_viewer *v, int64_t id, store_customer *c,
                             bd_err *e)
{
    return store_get_by_id(s, CUSTOMER_SELECT "WHERE c.id = :id AND ", v, "c.owner_id", id,
                           customer_row, c, "customer", e);
}

bd_status store_customer_update(store *s, store_customer *c, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "UPDATE customers SET industry = ?1, region = ?2, city = ?3, owner_id = ?4, "
        "class = ?5, credit_limit = ?6, updated_at = coalesce(?7, " NOW_UTC "), "
        "version = version + 1 WHERE id = ?8 AND version = ?9", &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, c->industry);
    store_bind_text(st, 2, c->region);
    store_bind_text(st, 3, c->city);
    sqlite3_bind_int64(st, 4, c->owner_id);
    store_bind_text(st, 5, c->class_code);
    sqlite3_bind_int64(st, 6, c->credit_limit);
    store_bind_opt(st, 7, c->updated_at);
    sqlite3_bind_int64(st, 8, c->id);
    sqlite3_bind_int64(st, 9, c->version);
    status = store_step_done(s, st, e, "changing a customer");
    sqlite3_finalize(st);
    if (status != BD_OK)
        return status;
    if (sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT, "customer #%lld was changed by someone else; reload",
                       (long long)c->id);
    c->version++;
    return BD_OK;
}

#define CONTACT_SELECT \
    "SELECT id, customer_id, name, title, phone, email, created_at FROM contacts "

static void contact_row(sqlite3_stmt *st, void *out)
{
    store_contact *ct = out;
    memset(ct, 0, sizeof *ct);
    ct->id = sqlite3_column_int64(st, 0);
    ct->customer_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, ct->name, sizeof ct->name);
    store_column_copy(st, 3, ct->title, sizeof ct->title);
    store_column_copy(st, 4, ct->phone, sizeof ct->phone);
    store_column_copy(st, 5, ct->email, sizeof ct->email);
    store_column_copy(st, 6, ct->created_at, sizeof ct->created_at);
}

bd_status store_contact_get(store *s, int64_t id, store_contact *ct, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, CONTACT_SELECT "WHERE id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        contact_row(st, ct);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no contact #%lld", (long long)id);
    else
        status = store_fail(s, rc, e, "reading contact #%lld", (long long)id);
    sqlite3_finalize(st);
    return status;
}

bd_status store_contact_list(store *s, int64_t customer_id, store_contact *rows, int max, int *n,
                             bd_err *e)
{
    *n = 0;
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, CONTACT_SELECT "WHERE customer_id = ?1 ORDER BY id LIMIT ?2",
                                     &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, customer_id);
    sqlite3_bind_int(st, 2, max);
    return store_collect(s, st, contact_row, rows, sizeof *rows, max, n,
                         "listing contacts", e);
}

/* ---- Duplicate lookups --------------------------------------------------- */

static bd_status find_pair(store *s, store_slot slot, const char *sql, const char *key,
                           int64_t *customer_id, int64_t *contact_id, bd_err *e)
{
    *customer_id = 0;
    if (contact_id)
        *contact_id = 0;
    if (!key || !*key)
        return BD_OK;
    sqlite3_stmt *st;
    bd_status status = store_cached(s, slot, sql, &st, e);
    if (status != BD_OK)
        return status;
    store_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *customer_id = sqlite3_column_int64(st, 0);
        if (contact_id)
            *contact_id = sqlite3_column_int64(st, 1);
    } else if (rc != SQLITE_DONE) {
        status = store_fail(s, rc, e, "looking for duplicates");
    }
    sqlite3_reset(st);
    return status;
}

bd_status store_find_by_email(store *s, const char *email_key, int64_t *customer_id,
                              int64_t *contact_id, bd_err *e)
{
    return find_pair(s, SLOT_FIND_EMAIL,
                     "SELECT customer_id, id FROM contacts WHERE email_key = ?1 AND email_key <> '' "
                     "ORDER BY id LIMIT 1", email_key, customer_id, contact_id, e);
}

bd_status store_find_by_phone(store *s, const char *phone_key, int64_t *customer_id,
                              int64_t *contact_id, bd_err *e)
{
    return find_pair(s, SLOT_FIND_PHONE,
                     "SELECT customer_id, id FROM contacts WHERE phone_key = ?1 AND phone_key <> '' "
                     "ORDER BY id LIMIT 1", phone_key, customer_id, contact_id, e);
}

bd_status store_find_by_company(store *s, const char *name_key, int64_t *customer_id, bd_err *e)
{
    return find_pair(s, SLOT_FIND_COMPANY,
                     "SELECT id FROM customers WHERE name_key = ?1 ORDER BY id LIMIT 1", name_key,
                     customer_id, NULL, e);
}

/* The keys as the three lookups above see them, each read from its index. */
#define DUP_KEYS                                                                     \
    "SELECT 'e', email_key FROM contacts WHERE email_key <> '' "                     \
    "UNION ALL SELECT 'p', phone_key FROM contacts WHERE phone_key <> '' "           \
    "UNION ALL SELECT 'c', name_key FROM customers WHERE name_key <> ''"

bd_status store_dup_key_count(store *s, int64_t *n, bd_err *e)
{
    return store_query_int(s, "SELECT count(*) FROM (" DUP_KEYS ")", n, e);
}

bd_status store_dup_keys(store *s, void (*fn)(void *ctx, char kind, const char *key), void *ctx,
                         bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, DUP_KEYS, &st, e);
    if (status != BD_OK)
        return status;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, (char)sqlite3_column_text(st, 0)[0], (const char *)sqlite3_column_text(st, 1));
    if (rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "reading the duplicate keys");
    sqlite3_finalize(st);
    return status;
}

bd_status store_opp_of_customer(store *s, int64_t customer_id, int64_t *opp_id, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_prepare(s,
        "SELECT max(id) FROM opportunities WHERE customer_id = ?1", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, customer_id);
    int rc = sqlite3_step(st);
    *opp_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "reading a customer's opportunities");
    sqlite3_finalize(st);
    return status;
}

/* ---- Opportunities ------------------------------------------------------- */

#define OPP_COLUMNS                                                                  \
    "o.id, o.customer_id, o.contact_id, o.company, o.contact_name, o.title, o.source, " \
    "o.stage, o.stage_since, o.value, o.budget, o.close_date, o.next_followup, o.needs, " \
    "o.lost_reason, o.owner_id, w.login, o.flagged, o.created_at, o.updated_at, o.version, " \
    "ct.email, ct.phone, ct.title "
#define OPP_FROM                                                                     \
    "FROM opportunities o JOIN users w ON w.id = o.owner_id "                        \
    "LEFT JOIN contacts ct ON ct.id = o.contact_id "

static void opp_row(sqlite3_stmt *st, store_opp *o, store_contact *ct)
{
    memset(o, 0, sizeof *o);
    o->id = sqlite3_column_int64(st, 0);
    o->customer_id = sqlite3_column_int64(st, 1);
    o->contact_id = sqlite3_column_int64(st, 2);
    store_column_copy(st, 3, o->company, sizeof o->company);
    store_column_copy(st, 4, o->contact_name, sizeof o->contact_name);
    store_column_copy(st, 5, o->title, sizeof o->title);
    store_column_copy(st, 6, o->source, sizeof o->source);
    store_column_copy(st, 7, o->stage, sizeof o->stage);
    store_column_copy(st, 8, o->stage_since, sizeof o->stage_since);
    o->value = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 9);
    o->budget = sqlite3_column_type(st, 10) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 10);
    store_column_copy(st, 11, o->close_date, sizeof o->close_date);
    store_column_copy(st, 12, o->next_followup, sizeof o->next_followup);
    store_column_copy(st, 13, o->needs, sizeof o->needs);
    store_column_copy(st, 14, o->lost_reason, sizeof o->lost_reason);
    o->owner_id = sqlite3_column_int64(st, 15);
    store_column_copy(st, 16, o->owner_login, sizeof o->owner_login);
    store_column_copy(st, 17, o->flagged, sizeof o->flagged);
    store_column_copy(st, 18, o->created_at, sizeof o->created_at);
    store_column_copy(st, 19, o->updated_at, sizeof o->updated_at);
    o->version = sqlite3_column_int64(st, 20);
    if (ct) {
        memset(ct, 0, sizeof *ct);
        ct->id = o->contact_id;
        ct->customer_id = o->customer_id;
        bd_strlcpy(ct->name, o->contact_name, sizeof ct->name);
        store_column_copy(st, 21, ct->email, sizeof ct->email);
        store_column_copy(st, 22, ct->phone, sizeof ct->phone);
        store_column_copy(st, 23, ct->title, sizeof ct->title);
    }
}

static bd_status search_add(store *s, int64_t id, const char *body, bool remove, bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_cached(s, SLOT_SEARCH_INSERT,
        "INSERT INTO opp_search (opp_search, rowid, body) VALUES (?1, ?2, ?3)", &st, e);
    if (status != BD_OK)
        return status;
    if (remove)
        store_bind_text(st, 1, "delete");
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_int64(st, 2, id);
    store_bind_text(st, 3, body);
    status = store_step_done(s, st, e, "updating the search index");
    sqlite3_reset(st);
    return status;
}

bd_status store_opp_insert(store *s, store_opp *o, const char *email, const char *phone_key,
                           bd_err *e)
{
    sqlite3_stmt *st;
    bd_status status = store_cached(s, SLOT_OPP_INSERT,
        "INSERT INTO opportunities (customer_id, contact_id, company, contact_name, title, "
        "source, stage, stage_since, value, budget, close_date, next_followup, needs, "
        "lost_reason, owner_id, flagged, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, coalesce(?17, " NOW_UTC "), "
        "coalesce(?17, " NOW_UTC "))", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, o->customer_id);
    if (o->contact_id)
        sqlite3_bind_int64(st, 2, o->contact_id);
    store_bind_text(st, 3, o->company);
    store_bind_text(st, 4, o->contact_name);
    store_bind_text(st, 5, o->title);
    store_bind_text(st, 6, o->source);
    store_bind_text(st, 7, o->stage);
    store_bind_text(st, 8, o->stage_since);
    bind_money(st, 9, o->value);
    bind_money(st, 10, o->budget);
    store_bind_opt(st, 11, o->close_date);
    store_bind_opt(st, 12, o->next_followup);
    store_bind_text(st, 13, o->needs);
    store_bind_text(st, 14, o->lost_reason);
    sqlite3_bind_int64(st, 15, o->owner_id);
    store_bind_text(st, 16, o->flagged);
    store_bind_opt(st, 17, o->created_at);
    status = store_step_done(s, st, e, "adding an opportunity");
    sqlite3_reset(st);
    if (status != BD_OK)
        return status;
    o->id = sqlite3_last_insert_rowid(s->db);
    o->version = 1;
    bd_buf body = {0};
    search_body(&body, o->company, o->contact_name, email, phone_key);
    status = search_add(s, o->id, bd_buf_str(&body), false, e);
    bd_buf_free(&body);
    return status;
}

bd_status store_opp_get(store *s, const store_viewer *v, int64_t id, store_opp *o, bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT " OPP_COLUMNS OPP_FROM "WHERE o.id = :id AND ");
    store_viewer_sql(&sql, v, "o.owner_id");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    bind_int_named(st, ":id", id);
    store_viewer_bind(st, v);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        opp_row(st, o, NULL);
    else if (rc == SQLITE_DONE)
        status = bd_errf(e, BD_ERR_NOTFOUND, "no opportunity #%lld that you may see",
                         (long long)id);
    else
        status = store_fail(s, rc, e, "reading opportunity #%lld", (long long)id);
    sqlite3_finalize(st);
    return status;
}

bd_status store_opp_update(store *s, store_opp *o, bd_err *e)
{
    /* The old row, to take its words out of the search index. */
    store_viewer all = {.see = STORE_SEE_ALL};
    store_opp old;
    bd_status status = store_opp_get(s, &all, o->id, &old, e);
    if (status != BD_OK)
        return status;
    if (old.version != o->version)
        return bd_errf(e, BD_ERR_CONFLICT,
                       "opportunity #%lld was changed by someone else; reload", (long long)o->id);
    sqlite3_stmt *st;
    status = store_prepare(s,
        "UPDATE opportunities SET customer_id = ?1, contact_id = ?2, company = ?3, "
        "contact_name = ?4, title = ?5, source = ?6, stage = ?7, stage_since = ?8, "
        "value = ?9, budget = ?10, close_date = ?11, next_followup = ?12, needs = ?13, "
        "lost_reason = ?14, owner_id = ?15, flagged = ?16, "
        "updated_at = coalesce(?17, " NOW_UTC "), version = version + 1 "
        "WHERE id = ?18 AND version = ?19", &st, e);
    if (status != BD_OK)
        return status;
    sqlite3_bind_int64(st, 1, o->customer_id);
    if (o->contact_id)
        sqlite3_bind_int64(st, 2, o->contact_id);
    store_bind_text(st, 3, o->company);
    store_bind_text(st, 4, o->contact_name);
    store_bind_text(st, 5, o->title);
    store_bind_text(st, 6, o->source);
    store_bind_text(st, 7, o->stage);
    store_bind_text(st, 8, o->stage_since);
    bind_money(st, 9, o->value);
    bind_money(st, 10, o->budget);
    store_bind_opt(st, 11, o->close_date);
    store_bind_opt(st, 12, o->next_followup);
    store_bind_text(st, 13, o->needs);
    store_bind_text(st, 14, o->lost_reason);
    sqlite3_bind_int64(st, 15, o->owner_id);
    store_bind_text(st, 16, o->flagged);
    store_bind_opt(st, 17, o->updated_at);
    sqlite3_bind_int64(st, 18, o->id);
    sqlite3_bind_int64(st, 19, o->version);
    status = store_step_done(s, st, e, "changing an opportunity");
    sqlite3_finalize(st);
    if (status != BD_OK)
        return status;
    if (sqlite3_changes(s->db) == 0)
        return bd_errf(e, BD_ERR_CONFLICT,
                       "opportunity #%lld was changed by someone else; reload", (long long)o->id);
    o->version++;
    if (strcmp(old.company, o->company) != 0 || strcmp(old.contact_name, o->contact_name) != 0 ||
        old.contact_id != o->contact_id) {
        /* Contact details come from the contact rows, old and new. */
        char email[2][255] = {"", ""}, phone[2][64] = {"", ""};
        int64_t ids[2] = {old.contact_id, o->contact_id};
        for (int i = 0; i < 2; i++) {
            if (!ids[i])
                continue;
            sqlite3_stmt *c;
            if (store_prepare(s, "SELECT email, phone_key FROM contacts WHERE id = ?1", &c, e) != BD_OK)
                return e ? e->code : BD_ERR_DB;
            sqlite3_bind_int64(c, 1, ids[i]);
            if (sqlite3_step(c) == SQLITE_ROW) {
                store_column_copy(c, 0, email[i], sizeof email[i]);
                store_column_copy(c, 1, phone[i], sizeof phone[i]);
            }
            sqlite3_finalize(c);
        }
        bd_buf body = {0};
        search_body(&body, old.company, old.contact_name, email[0], phone[0]);
        status = search_add(s, o->id, bd_buf_str(&body), true, e);
        bd_buf_reset(&body);
        search_body(&body, o->company, o->contact_name, email[1], phone[1]);
        if (status == BD_OK)
            status = search_add(s, o->id, bd_buf_str(&body), false, e);
        bd_buf_free(&body);
    }
    return status;
}

/* ---- Opportunity lists ----------------------------------------------------- */

/* The sort key of each order as SQL, and the same key of a row in C. */
static const char *sort_sql(store_opp_sort sort)
{
    switch (sort) {
    case STORE_OPP_BY_COMPANY: return "o.company";
    case STORE_OPP_BY_VALUE: return "coalesce(o.value, -1)";
    case STORE_OPP_BY_CLOSE: return "coalesce(o.close_date, '9999-12-31')";
    case STORE_OPP_BY_FOLLOWUP: return "coalesce(o.next_followup, '9999-12-31')";
    case STORE_OPP_BY_STAGE_SINCE: return "o.stage_since";
    case STORE_OPP_BY_ID: return "o.id";
    }
    return "o.id";
}

static void bind_cursor(sqlite3_stmt *st, store_opp_sort sort, const store_opp *c)
{
    int i = sqlite3_bind_parameter_index(st, ":k");
    bind_int_named(st, ":kid", c->id);
    if (i <= 0)
        return;
    switch (sort) {
    case STORE_OPP_BY_COMPANY: store_bind_text(st, i, c->company); break;
    case STORE_OPP_BY_VALUE: sqlite3_bind_int64(st, i, c->value < 0 ? -1 : c->value); break;
    case STORE_OPP_BY_CLOSE:
        store_bind_text(st, i, *c->close_date ? c->close_date : "9999-12-31");
        break;
    case STORE_OPP_BY_FOLLOWUP:
        store_bind_text(st, i, *c->next_followup ? c->next_followup : "9999-12-31");
        break;
    case STORE_OPP_BY_STAGE_SINCE: store_bind_text(st, i, c->stage_since); break;
    case STORE_OPP_BY_ID: sqlite3_bind_int64(st, i, c->id); break;
    }
}

/* A search that matches many rows would make the planner drive the query
 * by the matches (fetch every hit, sort them all), or, told not to, build a
 * b-tree of every match for "o.id IN (...)" before the first row.  For a
 * common word the list query instead walks the sort order's index and
 * checks each row with bd_search_hit(o.id, :hits): a binary search in the
 * matches' rowids, which FTS5 hands over in order.  A rare word is better
 * driven by its few matches. */
enum { COMMON_HITS = 2000 };

typedef struct search_hits {
    int64_t *ids; /* ascending */
    size_t n, cap;
} search_hits;

#define HITS_POINTER "bizdesk_search_hits"

static void search_hit_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const search_hits *h = sqlite3_value_pointer(argv[1], HITS_POINTER);
    int64_t id = sqlite3_value_int64(argv[0]);
    size_t lo = 0, hi = h ? h->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    sqlite3_result_int(cx, h && lo < h->n && h->ids[lo] == id);
}

bd_status store_search_init(store *s, bd_err *e)
{
    int rc = sqlite3_create_function(s->db, "bd_search_hit", 2,
                                     SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, search_hit_fn,
                                     NULL, NULL);
    return rc == SQLITE_OK ? BD_OK : store_fail(s, rc, e, "registering the search function");
}

/* The matches of a search, when there are at least COMMON_HITS of them;
 * h->n == 0 (and nothing kept) for a rare word. */
static void search_hits_load(store *s, const char *match, search_hits *h)
{
    memset(h, 0, sizeof *h);
    sqlite3_stmt *st;
    if (store_prepare(s, "SELECT rowid FROM opp_search WHERE opp_search MATCH ?1 ORDER BY rowid",
                      &st, NULL) != BD_OK)
        return;
    store_bind_text(st, 1, match);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (h->n == h->cap) {
            h->cap = h->cap ? h->cap * 2 : 4096;
            h->ids = bd_xrealloc(h->ids, h->cap * sizeof *h->ids);
        }
        h->ids[h->n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    if (h->n < COMMON_HITS) {
        free(h->ids);
        memset(h, 0, sizeof *h);
    }
}

/* The WHERE clause of a query's filters (no cursor). */
static void filter_sql(bd_buf *b, const store_opp_query *q, bool common)
{
    bd_buf_puts(b, "WHERE ");
    /* A team or department covers many owners: left to itself the planner
     * gathers every row of every owner and sorts them, which is slow for a
     * large department.  "+" makes it walk the sort order's index and
     * check the owner instead, so the first page comes at once.  A single
     * owner (a rep, or an owner filter) keeps its own index. */
    bool walk = !q->owner_id && q->sort != STORE_OPP_BY_ID &&
                (q->viewer.see == STORE_SEE_TEAM || q->viewer.see == STORE_SEE_DEPARTMENT);
    store_viewer_sql(b, &q->viewer, walk ? "+o.owner_id" : "o.owner_id");
    if (q->stage)
        bd_buf_puts(b, " AND o.stage = :stage");
    if (q->owner_id)
        bd_buf_puts(b, " AND o.owner_id = :owner");
    if (q->source)
        bd_buf_puts(b, " AND o.source = :source");
    if (q->customer_id)
        bd_buf_puts(b, " AND o.customer_id = :customer");
    if (q->class_code)
        bd_buf_puts(b, " AND o.customer_id IN (SELECT id FROM customers WHERE class = :class)");
    if (q->followup_by)
        bd_buf_puts(b, " AND o.next_followup <= :followup_by");
    if (q->stage_since_by)
        bd_buf_puts(b, " AND o.stage_since <= :stage_since_by");
    if (q->open_only && q->nclosed > 0) {
        bd_buf_puts(b, " AND o.stage NOT IN (");
        for (int i = 0; i < q->nclosed; i++)
            bd_buf_printf(b, "%s:closed%d", i ? ", " : "", i);
        bd_buf_puts(b, ")");
    }
    if (q->search && common)
        bd_buf_puts(b, " AND bd_search_hit(o.id, :hits)");
    else if (q->search)
        bd_buf_puts(b, " AND o.id IN (SELECT rowid FROM opp_search WHERE opp_search MATCH :search)");
}

/* Bind the filters; false when the search has nothing to look for. */
static void bind_filters(sqlite3_stmt *st, const store_opp_query *q, const char *match,
                         search_hits *hits)
{
    store_viewer_bind(st, &q->viewer);
    bind_text_named(st, ":stage", q->stage);
    bind_int_named(st, ":owner", q->owner_id);
    bind_text_named(st, ":source", q->source);
    bind_int_named(st, ":customer", q->customer_id);
    bind_text_named(st, ":class", q->class_code);
    bind_text_named(st, ":followup_by", q->followup_by);
    bind_text_named(st, ":stage_since_by", q->stage_since_by);
    for (int i = 0; q->open_only && i < q->nclosed; i++) {
        char name[32];
        snprintf(name, sizeof name, ":closed%d", i);
        bind_text_named(st, name, q->closed_stages[i]);
    }
    bind_text_named(st, ":search", match);
    int i = sqlite3_bind_parameter_index(st, ":hits");
    if (i > 0 && hits)
        sqlite3_bind_pointer(st, i, hits, HITS_POINTER, NULL);
}

/* The search as an FTS5 expression in m; a search with nothing to look
 * for matches nothing searchable, so it is dropped. */
static const char *search_match(const store_opp_query *q, bd_buf *m)
{
    if (!q->search || !bd_search_query(m, q->search))
        return NULL;
    return bd_buf_str(m);
}

/* Build the list query: reverse=true reads backwards from the cursor. */
static void list_sql(bd_buf *b, const store_opp_query *q, bool has_match, bool common,
                     bool reverse, const store_opp *cursor, int limit)
{
    store_opp_query f = *q;
    if (!has_match)
        f.search = NULL;
    const char *key = sort_sql(q->sort);
    bool desc = q->desc != reverse;
    bd_buf_puts(b, "SELECT " OPP_COLUMNS OPP_FROM);
    filter_sql(b, &f, common);
    if (cursor) {
        if (q->sort == STORE_OPP_BY_ID)
            bd_buf_printf(b, " AND o.id %s :kid", desc ? "<" : ">");
        else
            bd_buf_printf(b, " AND (%s, o.id) %s (:k, :kid)", key, desc ? "<" : ">");
    }
    if (q->sort == STORE_OPP_BY_ID)
        bd_buf_printf(b, " ORDER BY o.id %s", desc ? "DESC" : "ASC");
    else
        bd_buf_printf(b, " ORDER BY %s %s, o.id %s", key, desc ? "DESC" : "ASC",
                      desc ? "DESC" : "ASC");
    if (limit > 0)
        bd_buf_puts(b, " LIMIT :limit");
}

bd_status store_opp_page(store *s, const store_opp_query *q, store_opp *rows, int *n, bd_err *e)
{
    *n = 0;
    bd_buf m = {0}, sql = {0};
    const char *match = search_match(q, &m);
    bool reverse = q->before != NULL || q->from_end;
    const store_opp *cursor = q->before ? q->before : q->after;
    search_hits hits = {0};
    if (match && q->sort != STORE_OPP_BY_ID)
        search_hits_load(s, match, &hits);
    list_sql(&sql, q, match != NULL, hits.n > 0, reverse, cursor, q->limit);
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status == BD_OK) {
        bind_filters(st, q, match, &hits);
        bind_int_named(st, ":limit", q->limit);
        if (cursor)
            bind_cursor(st, q->sort, cursor);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < q->limit)
            opp_row(st, &rows[(*n)++], NULL);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            status = store_fail(s, rc, e, "listing opportunities");
        sqlite3_finalize(st);
    }
    free(hits.ids);
    bd_buf_free(&m);
    if (status == BD_OK && reverse) {
        for (int i = 0, j = *n - 1; i < j; i++, j--) {
            store_opp t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
    }
    return status;
}

bd_status store_opp_sums(store *s, const store_opp_query *q, store_stage_sum *out, int max,
                         int *n, bd_err *e)
{
    *n = 0;
    bd_buf m = {0}, sql = {0};
    const char *match = search_match(q, &m);
    store_opp_query f = *q;
    if (!match)
        f.search = NULL;
    bd_buf_puts(&sql, "SELECT o.stage, count(*), coalesce(sum(o.value), 0) FROM opportunities o ");
    filter_sql(&sql, &f, false);
    bd_buf_puts(&sql, " GROUP BY o.stage");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status == BD_OK) {
        bind_filters(st, &f, match, NULL);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
            store_stage_sum *x = &out[(*n)++];
            store_column_copy(st, 0, x->stage, sizeof x->stage);
            x->count = sqlite3_column_int64(st, 1);
            x->value = sqlite3_column_int64(st, 2);
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            status = store_fail(s, rc, e, "summing opportunities");
        sqlite3_finalize(st);
    }
    bd_buf_free(&m);
    return status;
}

bd_status store_opp_each(store *s, const store_opp_query *q, store_opp_cb cb, void *ctx,
                         bd_err *e)
{
    bd_buf m = {0}, sql = {0};
    const char *match = search_match(q, &m);
    list_sql(&sql, q, match != NULL, false, false, NULL, 0);
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status == BD_OK) {
        bind_filters(st, q, match, NULL);
        store_opp *o = bd_xmalloc(sizeof *o);
        store_contact ct;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            opp_row(st, o, &ct);
            if (cb(ctx, o, &ct))
                break;
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            status = store_fail(s, rc, e, "reading opportunities");
        free(o);
        sqlite3_finalize(st);
    }
    bd_buf_free(&m);
    return status;
}

bd_status store_customer_quiet(store *s, const store_viewer *v, const char *class_code,
                               const char *before, store_customer *rows, int max, int *n,
                               bd_err *e)
{
    *n = 0;
    bd_buf sql = {0};
    bd_buf_puts(&sql, CUSTOMER_SELECT "WHERE coalesce(c.last_contact, substr(c.created_at, 1, 10)) "
                      "<= :before AND (:class IS NULL OR c.class = :class) AND ");
    store_viewer_sql(&sql, v, "c.owner_id");
    bd_buf_puts(&sql, " ORDER BY coalesce(c.last_contact, substr(c.created_at, 1, 10)), c.id "
                      "LIMIT :max");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    bind_text_named(st, ":before", before);
    bind_text_named(st, ":class", class_code);
    bind_int_named(st, ":max", max);
    store_viewer_bind(st, v);
    return store_collect(s, st, customer_row, rows, sizeof *rows, max, n,
                         "looking for quiet customers", e);
}

bd_status store_customer_each(store *s, const store_viewer *v, store_customer_cb cb, void *ctx,
                              bd_err *e)
{
    bd_buf sql = {0};
    bd_buf_puts(&sql, "SELECT c.id, c.name, c.industry, c.region, c.city, c.class, c.credit_limit, "
                      "c.owner_id, w.login, c.last_contact, c.created_at, c.updated_at, c.version, "
                      "ct.id, ct.name, ct.title, ct.phone, ct.email "
                      "FROM customers c JOIN users w ON w.id = c.owner_id "
                      "LEFT JOIN contacts ct ON ct.id = (SELECT min(id) FROM contacts "
                      "WHERE customer_id = c.id) WHERE ");
    store_viewer_sql(&sql, v, "c.owner_id");
    bd_buf_puts(&sql, " ORDER BY c.id");
    sqlite3_stmt *st;
    bd_status status = store_prepare(s, sql.data, &st, e);
    bd_buf_free(&sql);
    if (status != BD_OK)
        return status;
    store_viewer_bind(st, v);
    store_customer c;
    store_contact ct;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        customer_row(st, &c);
        memset(&ct, 0, sizeof ct);
        ct.id = sqlite3_column_int64(st, 13);
        ct.customer_id = c.id;
        store_column_copy(st, 14, ct.name, sizeof ct.name);
        store_column_copy(st, 15, ct.title, sizeof ct.title);
        store_column_copy(st, 16, ct.phone, sizeof ct.phone);
        store_column_copy(st, 17, ct.email, sizeof ct.email);
        if (cb(ctx, &c, &ct))
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = store_fail(s, rc, e, "reading customers");
    sqlite3_finalize(st);
    return status;
}
