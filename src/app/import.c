/* Lead import: one CSV file, one transaction.  Each row is mapped by the
 * header (policy synonyms or --map), checked like a lead typed by hand,
 * looked up for duplicates, and inserted, updated, skipped, flagged or
 * rejected.  Skipped and rejected rows go to the reject file with their
 * line and reason; a dry run does the same work and rolls it back, so its
 * plan is exactly what the real run would do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app_internal.h"
#include "csvio.h"
#include "io.h"

enum { MAX_COLUMNS = 256, OWNER_CACHE = 16 };
/* Files from this size on are loaded in bulk (store_bulk_begin). */
#define BULK_BYTES (8u << 20)

typedef struct owner_slot {
    char login[33];
    store_user user;
    bd_status status;
    char msg[256];
} owner_slot;

typedef struct import_run {
    app *a;
    const app_import_opts *o;
    app_import_result *r;
    int field_of[MAX_COLUMNS]; /* column -> import field, -1 unused */
    size_t ncols;
    char **header;
    app_side rej, plan;
    owner_slot owners[OWNER_CACHE];
    int nowners;
    int64_t first_id, last_id;
    /* Bulk loads only: every duplicate key the database holds or this
     * import wrote, so a key it has never seen needs no lookup. */
    bd_bloom seen;
    bool use_seen;
} import_run;

/* A row's duplicate keys, in the sizes the store writes them. */
typedef struct row_keys {
    char email[255], phone[64], company[256];
} row_keys;

/* ---- Mapping the header ------------------------------------------------------ */

static bd_status map_header(import_run *run, const csv_record *h, bd_err *e)
{
    const policy *p = app_policy(run->a);
    if (h->nfields > MAX_COLUMNS)
        return bd_errf(e, BD_ERR_INVALID, "%s:%llu: the header has %zu columns (at most %d)",
                       run->o->path, (unsigned long long)h->line, h->nfields, MAX_COLUMNS);
    run->ncols = h->nfields;
    run->header = bd_xcalloc(h->nfields, sizeof *run->header);
    run->rej.header = run->plan.header = run->header;
    run->rej.ncols = run->plan.ncols = h->nfields;
    int col_of[IMP_COUNT];
    for (int f = 0; f < IMP_COUNT; f++)
        col_of[f] = -1;
    bd_buf mapping = {0}, unknown = {0};
    bd_status st = BD_OK;
    for (size_t i = 0; i < h->nfields && st == BD_OK; i++) {
        const char *name = h->fields[i];
        run->header[i] = bd_xstrdup(name);
        /* An override ("Header=field", or "Header=ignore") wins over the
         * policy's synonyms. */
        int field = -1;
        bool overridden = false;
        for (int m = 0; m < run->o->nmaps; m++) {
            const char *eq = strrchr(run->o->maps[m], '=');
            if (eq && (size_t)(eq - run->o->maps[m]) == strlen(name) &&
                strncmp(run->o->maps[m], name, strlen(name)) == 0) {
                field = policy_import_field_from_name(eq + 1);
                overridden = true;
            }
        }
        if (!overridden)
            field = policy_synonym_field(p, name);
        run->field_of[i] = field;
        if (field < 0) {
            bd_buf_printf(&unknown, "%s%s", unknown.len ? ", " : "", *name ? name : "(empty)");
            continue;
        }
        if (col_of[field] >= 0)
            st = bd_errf(e, BD_ERR_INVALID,
                         "%s:%llu: columns %d (%s) and %zu (%s) both fill %s; map one of them to "
                         "another field or ignore it",
                         run->o->path, (unsigned long long)h->line, col_of[field] + 1,
                         h->fields[col_of[field]], i + 1, name,
                         policy_import_field_name((policy_import_field)field));
        col_of[field] = (int)i;
        bd_buf_printf(&mapping, "%s%s->%s", mapping.len ? ", " : "", name,
                      policy_import_field_name((policy_import_field)field));
    }
    if (st == BD_OK && col_of[IMP_COMPANY] < 0)
        st = bd_errf(e, BD_ERR_INVALID,
                     "%s:%llu: no column is the company (the header has: %s); name one with "
                     "--map \"Header=company\", or add the header text to pipeline.yaml",
                     run->o->path, (unsigned long long)h->line, bd_buf_str(&unknown));
    bd_strlcpy(run->r->mapping, bd_buf_str(&mapping), sizeof run->r->mapping);
    bd_strlcpy(run->r->unknown, bd_buf_str(&unknown), sizeof run->r->unknown);
    bd_buf_free(&mapping);
    bd_buf_free(&unknown);
    return st;
}

/* Note what happened to a row: in the plan (dry run), and in the reject
 * file when the row was not taken. */
static bd_status note_row(import_run *run, const csv_record *rec, const char *action,
                          const char *why, bool reject, bd_err *e)
{
    char line[32];
    snprintf(line, sizeof line, "%llu", (unsigned long long)rec->line);
    bd_status st = BD_OK;
    if (run->o->dry_run) {
        const char *extra[] = {line, action, why};
        if ((st = app_side_row(&run->plan, rec, extra, e)) != BD_OK)
            return st;
    }
    if (reject) {
        const char *extra[] = {line, why};
        st = app_side_row(&run->rej, rec, extra, e);
    }
    return st;
}

/* ---- One row ------------------------------------------------------------------------ */

/* The row's text for field f.  A leading ' before = + - @ is the mark a
 * spreadsheet-safe export (ours included) puts on such text: it is taken
 * off, so an exported or rejected file imports again as it was. */
static const char *field(const import_run *run, const csv_record *rec, policy_import_field f)
{
    for (size_t i = 0; i < run->ncols; i++) {
        if (run->field_of[i] != (int)f)
            continue;
        const char *v = csv_record_field(rec, i);
        if (v[0] == '\'' && v[1] && strchr("=+-@\t\r", v[1]))
            v++;
        return v;
    }
    return NULL;
}

static const owner_slot *owner_lookup(import_run *run, const char *login)
{
    char key[33];
    bd_strlcpy(key, login, sizeof key);
    for (int i = 0; i < run->nowners; i++)
        if (strcmp(run->owners[i].login, key) == 0)
            return &run->owners[i];
    owner_slot *s = &run->owners[run->nowners < OWNER_CACHE ? run->nowners++ : OWNER_CACHE - 1];
    memset(s, 0, sizeof *s);
    bd_strlcpy(s->login, key, sizeof s->login);
    bd_err oe = {0};
    s->status = app_lead_owner(run->a, login, &s->user, &oe);
    bd_strlcpy(s->msg, oe.msg, sizeof s->msg);
    return s;
}

/* Find an existing customer the row duplicates; 0 when none. */
static bd_status find_dup(import_run *run, const row_keys *k, int64_t *customer, const char **by,
                          bd_err *e)
{
    const policy *p = app_policy(run->a);
    store *db = run->a->db;
    int64_t contact = 0;
    bd_status st = BD_OK;
    *customer = 0;
    if ((p->dup_keys & POLICY_DUP_EMAIL) && *k->email &&
        (!run->use_seen || bd_bloom_maybe(&run->seen, 'e', k->email))) {
        st = store_find_by_email(db, k->email, customer, &contact, e);
        *by = "e-mail";
    }
    if (st == BD_OK && !*customer && (p->dup_keys & POLICY_DUP_PHONE) && *k->phone &&
        (!run->use_seen || bd_bloom_maybe(&run->seen, 'p', k->phone))) {
        st = store_find_by_phone(db, k->phone, customer, &contact, e);
        *by = "phone";
    }
    if (st == BD_OK && !*customer && (p->dup_keys & POLICY_DUP_COMPANY) && *k->company &&
        (!run->use_seen || bd_bloom_maybe(&run->seen, 'c', k->company))) {
        st = store_find_by_company(db, k->company, customer, e);
        *by = "company";
    }
    return st;
}

/* The row's keys are in the database now (a superset is harmless: it only
 * costs a lookup). */
static void saw_keys(import_run *run, const row_keys *k)
{
    if (!run->use_seen)
        return;
    if (*k->email)
        bd_bloom_add(&run->seen, 'e', k->email);
    if (*k->phone)
        bd_bloom_add(&run->seen, 'p', k->phone);
    if (*k->company)
        bd_bloom_add(&run->seen, 'c', k->company);
}

static void see_key(void *ctx, char kind, const char *key)
{
    bd_bloom_add(ctx, kind, key);
}

/* Fill the filter with the keys the database holds, sized for them and
 * for three keys in every 48 bytes of the file, in at most 8 MiB.  A
 * database with more keys than that tells apart (10 bits each) gets no
 * filter: nearly every answer would be "maybe", after reading them all. */
static bd_status load_seen(import_run *run, uint64_t file_bytes, bd_err *e)
{
    enum { FILTER_BYTES = 8u << 20 };
    int64_t have = 0;
    bd_status st = store_dup_key_count(run->a->db, &have, e);
    if (st != BD_OK || (uint64_t)have > (uint64_t)FILTER_BYTES * 8 / 10)
        return st;
    bd_bloom_init(&run->seen, (uint64_t)have + file_bytes / 16, FILTER_BYTES);
    run->use_seen = true;
    return store_dup_keys(run->a->db, see_key, &run->seen, e);
}

/* Update the customer and its newest opportunity with the row's non-empty
 * fields. */
static bd_status update_dup(import_run *run, int64_t customer_id, const store_customer *c,
                            const store_opp *o, bd_err *e)
{
    store *db = run->a->db;
    store_viewer all = {.see = STORE_SEE_ALL};
    store_customer old;
    bd_status st = store_customer_get(db, &all, customer_id, &old, e);
    if (st != BD_OK)
        return st;
    store_customer nc = old;
    if (*c->industry)
        bd_strlcpy(nc.industry, c->industry, sizeof nc.industry);
    if (*c->region)
        bd_strlcpy(nc.region, c->region, sizeof nc.region);
    if (*c->city)
        bd_strlcpy(nc.city, c->city, sizeof nc.city);
    app_timestamp(nc.updated_at, sizeof nc.updated_at);
    if ((st = store_customer_update(db, &nc, e)) != BD_OK)
        return st;
    int64_t opp_id = 0;
    if ((st = store_opp_of_customer(db, customer_id, &opp_id, e)) != BD_OK || !opp_id)
        return st;
    store_opp old_o, no;
    if ((st = store_opp_get(db, &all, opp_id, &old_o, e)) != BD_OK)
        return st;
    no = old_o;
    if (o->value >= 0)
        no.value = o->value;
    if (o->budget >= 0)
        no.budget = o->budget;
    if (*o->close_date)
        bd_strlcpy(no.close_date, o->close_date, sizeof no.close_date);
    if (*o->next_followup)
        bd_strlcpy(no.next_followup, o->next_followup, sizeof no.next_followup);
    if (*o->needs)
        bd_strlcpy(no.needs, o->needs, sizeof no.needs);
    if (*o->source)
        bd_strlcpy(no.source, o->source, sizeof no.source);
    app_timestamp(no.updated_at, sizeof no.updated_at);
    return store_opp_update(db, &no, e);
}

static bd_status import_row(import_run *run, const csv_record *rec, bd_err *e)
{
    app_import_result *r = run->r;
    r->rows++;
    if (rec->nfields != run->ncols) {
        char why[128];
        snprintf(why, sizeof why, "record %llu has %zu fields; the header has %zu",
                 (unsigned long long)rec->number, rec->nfields, run->ncols);
        r->rejected++;
        return note_row(run, rec, "reject", why, true, e);
    }
    app_lead_input in = {
        .company = field(run, rec, IMP_COMPANY),
        .contact_name = field(run, rec, IMP_CONTACT_NAME),
        .title = field(run, rec, IMP_TITLE),
        .phone = field(run, rec, IMP_PHONE),
        .email = field(run, rec, IMP_EMAIL),
        .industry = field(run, rec, IMP_INDUSTRY),
        .region = field(run, rec, IMP_REGION),
        .city = field(run, rec, IMP_CITY),
        .source = field(run, rec, IMP_SOURCE),
        .value = field(run, rec, IMP_VALUE),
        .close_date = field(run, rec, IMP_CLOSE_DATE),
        .needs = field(run, rec, IMP_NEEDS),
    };
    store_customer c;
    store_contact ct;
    store_opp o;
    bd_err re = {0};
    bd_status st = app_lead_build(run->a, &in, &c, &ct, &o, &re);
    const char *owner = field(run, rec, IMP_OWNER);
    if (st == BD_OK && owner && *owner) {
        const owner_slot *s = owner_lookup(run, owner);
        if (s->status != BD_OK) {
            st = s->status;
            bd_strlcpy(re.msg, s->msg, sizeof re.msg);
        } else {
            c.owner_id = o.owner_id = s->user.id;
            bd_strlcpy(o.owner_login, s->user.login, sizeof o.owner_login);
        }
    }
    if (st != BD_OK) {
        r->rejected++;
        return note_row(run, rec, "reject", re.msg, true, e);
    }
    row_keys k;
    bd_key_email(ct.email, k.email, sizeof k.email);
    bd_key_phone(ct.phone, k.phone, sizeof k.phone);
    bd_key_company(c.name, k.company, sizeof k.company);
    int64_t dup = 0;
    const char *by = "";
    if ((st = find_dup(run, &k, &dup, &by, e)) != BD_OK)
        return st;
    char why[160];
    if (dup) {
        switch (run->o->on_dup) {
        case DUP_SKIP:
            snprintf(why, sizeof why, "skipped: same %s as customer #%lld", by, (long long)dup);
            r->skipped++;
            return note_row(run, rec, "skip", why, true, e);
        case DUP_UPDATE:
            snprintf(why, sizeof why, "updated customer #%lld (same %s)", (long long)dup, by);
            if ((st = update_dup(run, dup, &c, &o, e)) != BD_OK)
                return st;
            saw_keys(run, &k);
            r->updated++;
            return note_row(run, rec, "update", why, false, e);
        case DUP_FLAG:
            snprintf(o.flagged, sizeof o.flagged, "possible duplicate of customer #%lld (same %s)",
                     (long long)dup, by);
            break;
        }
    }
    if ((st = app_lead_insert(run->a, &c, &ct, &o, e)) != BD_OK)
        return st;
    saw_keys(run, &k);
    if (!run->first_id)
        run->first_id = o.id;
    run->last_id = o.id;
    if (dup) {
        r->flagged++;
        return note_row(run, rec, "flag", o.flagged, false, e);
    }
    r->inserted++;
    return run->o->dry_run ? note_row(run, rec, "insert", "", false, e) : BD_OK;
}

/* ---- The whole file ------------------------------------------------------------------- */

static bd_status audit_import(import_run *run, bd_err *e)
{
    const app_import_result *r = run->r;
    bd_json j;
    bd_json_begin(&j);
    bd_json_str(&j, "file", run->o->path);
    bd_json_str(&j, "encoding", r->encoding);
    bd_json_int(&j, "rows", r->rows);
    bd_json_int(&j, "inserted", r->inserted);
    bd_json_int(&j, "updated", r->updated);
    bd_json_int(&j, "skipped", r->skipped);
    bd_json_int(&j, "flagged", r->flagged);
    bd_json_int(&j, "rejected", r->rejected);
    bd_json_int(&j, "first_id", run->first_id);
    bd_json_int(&j, "last_id", run->last_id);
    bd_json_end(&j);
    bd_status st = app_audit_write(run->a, "import", run->first_id, "import", NULL, j.buf.data, e);
    bd_buf_free(&j.buf);
    return st;
}

static bd_status import_file(import_run *run, csv_reader *rd, bd_err *e)
{
    const csv_record *rec;
    bd_status st = csv_reader_next(rd, &rec, e);
    if (st != BD_OK)
        return st;
    if (!rec)
        return bd_errf(e, BD_ERR_INVALID, "%s: no header row (the file has no records)",
                       run->o->path);
    if ((st = map_header(run, rec, e)) != BD_OK)
        return st;
    while ((st = csv_reader_next(rd, &rec, e)) == BD_OK && rec) {
        if (run->o->cancel && *run->o->cancel)
            return bd_errf(e, BD_ERR_INVALID, "import interrupted at line %llu; nothing was imported",
                           (unsigned long long)rec->line);
        if ((st = import_row(run, rec, e)) != BD_OK)
            return st;
        if (run->o->progress && run->r->rows % 4096 == 0)
            run->o->progress(run->o->progress_ctx, (uint64_t)run->r->rows,
                             csv_reader_consumed(rd), csv_reader_size(rd));
    }
    if (st == BD_OK && run->o->progress)
        run->o->progress(run->o->progress_ctx, (uint64_t)run->r->rows, csv_reader_size(rd),
                         csv_reader_size(rd));
    return st;
}

static bd_status stopped(bd_err *e)
{
    return bd_errf(e, BD_ERR_INVALID, "import interrupted after every row was read; nothing "
                   "was imported");
}

bd_status app_import_leads(app *a, const app_import_opts *o, app_import_result *r, bd_err *e)
{
    memset(r, 0, sizeof *r);
    bd_status st = app_require(a, PERM_PIPELINE, "importing leads", e);
    if (st == BD_OK)
        st = app_require(a, PERM_PIPELINE_IMPORT, "importing leads", e);
    if (st != BD_OK)
        return st;
    app_import_opts opts = *o;
    if (!opts.on_dup_set)
        opts.on_dup = app_policy(a)->dup_default;
    csv_read_opts ro = {
        .encoding = o->encoding,
        .delimiter = o->delimiter,
        .max_field_bytes = (size_t)app_policy(a)->import_max_field_bytes,
    };
    csv_reader *rd = NULL;
    if ((st = csv_reader_open(o->path, &ro, &rd, e)) != BD_OK)
        return st;
    bd_strlcpy(r->encoding, csv_reader_encoding(rd), sizeof r->encoding);
    r->delimiter = csv_reader_delimiter(rd);

    static const char *const rej_cols[] = {"line", "reason"};
    static const char *const plan_cols[] = {"line", "action", "detail"};
    import_run run = {
        .a = a, .o = &opts, .r = r,
        .rej = {.path = o->reject_path, .input = o->path, .what = "rejects", .force = o->force,
                .extra = rej_cols, .nextra = 2, .out_path = r->reject_path,
                .out_n = sizeof r->reject_path},
        .plan = {.path = o->plan_path, .input = o->path, .what = "plan", .force = o->force,
                 .extra = plan_cols, .nextra = 3, .out_path = r->plan_path,
                 .out_n = sizeof r->plan_path},
    };
    if ((st = app_tx_begin(a, e)) != BD_OK) {
        csv_reader_close(&rd);
        return st;
    }
    /* A large file loads faster with the list indexes built once at the
     * end; a small one is not worth rebuilding them for. */
    bool bulk = csv_reader_size(rd) >= BULK_BYTES;
    if (bulk)
        st = store_bulk_begin(a->db, e);
    if (bulk && st == BD_OK)
        st = load_seen(&run, csv_reader_size(rd), e);
    if (st == BD_OK)
        st = import_file(&run, rd, e);
    if (st == BD_OK && opts.cancel && *opts.cancel)
        st = stopped(e);
    if (bulk) {
        if (st == BD_OK && !opts.dry_run && opts.step)
            opts.step(opts.progress_ctx, "building the list indexes");
        bd_status end = store_bulk_end(a->db, st == BD_OK && !opts.dry_run, st == BD_OK ? e : NULL);
        if (st == BD_OK)
            st = end;
    }
    if (st == BD_OK && opts.cancel && *opts.cancel)
        st = stopped(e); /* while the indexes were built: not saved yet */
    if (st == BD_OK && !opts.dry_run)
        st = audit_import(&run, e);
    if (st == BD_OK && opts.dry_run) {
        /* The plan is made; the database goes back to what it was. */
        app_tx_end(a, BD_ERR_INVALID, NULL);
    } else {
        if (st == BD_OK && opts.step)
            opts.step(opts.progress_ctx, "saving");
        st = app_tx_end(a, st, e);
        /* One transaction: whatever stopped it (a bad byte, a full disk),
         * the person must know that no row of the file went in. */
        if (st != BD_OK && e) {
            size_t len = strlen(e->msg);
            snprintf(e->msg + len, sizeof e->msg - len,
                     ": the import was rolled back, nothing was saved");
        }
    }
    csv_reader_close(&rd);

    /* Side files are put in place only for an import that stands (or a
     * dry run): a failed import leaves nothing but its message. */
    if (st == BD_OK) {
        if ((st = app_side_commit(&run.rej, e)) != BD_OK)
            bd_err_prefix(e, "the import is saved, but its reject file is not");
        if (st == BD_OK)
            st = app_side_commit(&run.plan, e);
    } else {
        r->reject_path[0] = r->plan_path[0] = '\0';
    }
    app_side_abort(&run.rej);
    app_side_abort(&run.plan);
    for (size_t i = 0; i < run.ncols; i++)
        free(run.header[i]);
    free(run.header);
    if (run.use_seen)
        bd_bloom_free(&run.seen);
    return st;
}

/* ---- Saved mappings -------------------------------------------------------------------- */

static bd_status map_key(const char *name, char *key, size_t n, bd_err *e)
{
    size_t len = name ? strlen(name) : 0;
    bool ok = len > 0 && len <= 32;
    for (size_t i = 0; ok && i < len; i++)
        ok = (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
             name[i] == '_' || name[i] == '-';
    if (!ok)
        return bd_errf(e, BD_ERR_INVALID, "mapping name: '%s' is not 1-32 of a-z 0-9 _ -",
                       name ? name : "");
    snprintf(key, n, "import.map.%s", name);
    return BD_OK;
}

bd_status app_import_map_save(app *a, const char *name, const char *const *maps, int nmaps,
                              bd_err *e)
{
    char key[64];
    bd_status st = app_require(a, PERM_PIPELINE_IMPORT, "saving a column mapping", e);
    if (st == BD_OK)
        st = map_key(name, key, sizeof key, e);
    if (st != BD_OK)
        return st;
    bd_buf text = {0};
    for (int i = 0; i < nmaps; i++)
        bd_buf_printf(&text, "%s\n", maps[i]);
    if ((st = app_tx_begin(a, e)) == BD_OK) {
        st = store_meta_set(a->db, key, bd_buf_str(&text), e);
        if (st == BD_OK) {
            bd_json j;
            bd_json_begin(&j);
            bd_json_str(&j, "name", name);
            bd_json_str(&j, "maps", bd_buf_str(&text));
            bd_json_end(&j);
            st = app_audit_write(a, "import_map", 0, "save", NULL, j.buf.data, e);
            bd_buf_free(&j.buf);
        }
        st = app_tx_end(a, st, e);
    }
    bd_buf_free(&text);
    return st;
}

bd_status app_import_map_load(app *a, const char *name, char *buf, size_t n, bd_err *e)
{
    char key[64];
    bd_status st = app_require(a, PERM_PIPELINE, "reading a column mapping", e);
    if (st == BD_OK)
        st = map_key(name, key, sizeof key, e);
    if (st != BD_OK)
        return st;
    st = store_meta_get(a->db, key, buf, n, e);
    if (st == BD_ERR_NOTFOUND)
        return bd_errf(e, BD_ERR_NOTFOUND, "no saved mapping '%s' (save one with --save-map)", name);
    return st;
}
