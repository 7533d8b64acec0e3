#!/bin/sh
# floor.sh SRC_DB DB LOGIN - the import's floor: the rows sqlite3 .import
# loaded into SRC_DB (table leads, bench CSV headers) moved into bizdesk's
# own tables in DB by SQL alone, the way bizdesk's bulk path does it: one
# transaction, the list indexes dropped and built again at the end, the
# duplicate-key indexes kept, one search entry per lead.  No parsing, no
# checks, no duplicate lookups, and a search text without the CJK
# two-character words: what SQLite needs for this schema, less than
# bizdesk's own work.  Prints the wall seconds.
set -eu
src=$1 db=$2 login=$3
q() { sqlite3 -batch -noheader "$db" "$@"; }
owner=$(q "SELECT id FROM users WHERE login = '$login'")
base=$(q "SELECT max(coalesce((SELECT max(id) FROM customers), 0),
                     coalesce((SELECT max(id) FROM contacts), 0),
                     coalesce((SELECT max(id) FROM opportunities), 0))")
indexes=$(q "SELECT sql || ';' FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
             AND tbl_name IN ('customers', 'contacts', 'opportunities')
             AND name NOT LIKE '%\_key' ESCAPE '\'")
drops=$(q "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_schema WHERE type = 'index'
           AND sql IS NOT NULL AND tbl_name IN ('customers', 'contacts', 'opportunities')
           AND name NOT LIKE '%\_key' ESCAPE '\'")
now=2026-01-01T00:00:00Z
start=$(date +%s.%N)
sqlite3 -batch "$db" <<SQL
PRAGMA cache_size = -32768;
ATTACH '$src' AS src;
BEGIN;
$drops
INSERT INTO customers (id, name, name_key, industry, region, city, class, owner_id,
                       created_at, updated_at)
    SELECT rowid + $base, 公司名稱, lower(公司名稱), 行業, 地區, 城市, 'potential', $owner,
           '$now', '$now' FROM src.leads;
INSERT INTO contacts (id, customer_id, name, title, phone, phone_key, email, email_key,
                      created_at)
    SELECT rowid + $base, rowid + $base, 聯繫人, 職位, 電話, replace(電話, '-', ''), 郵箱,
           lower(郵箱), '$now' FROM src.leads;
INSERT INTO opportunities (id, customer_id, contact_id, company, contact_name, title, source,
                           stage, stage_since, value, close_date, needs, owner_id,
                           created_at, updated_at)
    SELECT rowid + $base, rowid + $base, rowid + $base, 公司名稱, 聯繫人, 公司名稱, 來源,
           'new', '2026-01-01', CAST(replace(預估金額, ',', '') AS REAL) * 100, 預計成交日期,
           備註, $owner, '$now', '$now' FROM src.leads;
INSERT INTO opp_search (rowid, body)
    SELECT rowid + $base, 公司名稱 || ' ' || 聯繫人 || ' ' || 郵箱 || ' ' || 電話 FROM src.leads;
$indexes
COMMIT;
SQL
end=$(date +%s.%N)
echo "$start $end" | awk '{ printf "%.2f\n", $2 - $1 }'
