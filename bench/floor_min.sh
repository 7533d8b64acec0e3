#!/bin/sh
# floor_min.sh SRC_DB DB - the least SQLite work any design could do for
# what the import promises besides speed: the rows sqlite3 .import loaded
# into SRC_DB (table leads, bench CSV headers) copied by SQL alone into a
# new database DB holding ONE table (the 12 fields, an owner and the three
# duplicate keys), with only the indexes the other promises need (owner
# and company for the list, one per duplicate key) and the leanest search
# index (no positions, no sizes, no CJK pairs).  No parsing, no checks, no
# duplicate lookups, no customers or contacts.  Prints the wall seconds.
set -eu
src=$1 db=$2
rm -f "$db" "$db-wal" "$db-shm"
start=$(date +%s.%N)
sqlite3 -batch "$db" >/dev/null <<SQL
PRAGMA page_size = 8192;
PRAGMA journal_mode = WAL;
PRAGMA cache_size = -32768;
CREATE TABLE lead (id INTEGER PRIMARY KEY, owner_id INTEGER, company TEXT, contact TEXT,
                   title TEXT, phone TEXT, email TEXT, industry TEXT, region TEXT, city TEXT,
                   source TEXT, value INTEGER, close_date TEXT, needs TEXT,
                   company_key TEXT, email_key TEXT, phone_key TEXT);
CREATE VIRTUAL TABLE lead_search USING fts5(body, content='', detail=none, columnsize=0);
ATTACH '$src' AS src;
BEGIN;
INSERT INTO lead SELECT rowid, 1, 公司名稱, 聯繫人, 職位, 電話, 郵箱, 行業, 地區, 城市, 來源,
       CAST(replace(預估金額, ',', '') AS REAL) * 100, 預計成交日期, 備註,
       lower(公司名稱), lower(郵箱), replace(電話, '-', '') FROM src.leads;
INSERT INTO lead_search (rowid, body)
    SELECT rowid, 公司名稱 || ' ' || 聯繫人 || ' ' || 郵箱 || ' ' || 電話 FROM src.leads;
CREATE INDEX lead_owner_company ON lead(owner_id, company, id);
CREATE INDEX lead_company_key ON lead(company_key);
CREATE INDEX lead_email_key ON lead(email_key);
CREATE INDEX lead_phone_key ON lead(phone_key);
COMMIT;
SQL
end=$(date +%s.%N)
echo "$start $end" | awk '{ printf "%.2f\n", $2 - $1 }'
