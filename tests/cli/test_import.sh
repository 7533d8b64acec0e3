# Lead import and export through the CLI: encodings, mapping, validation,
# duplicates, reject and plan files, one transaction, formula-safe export.
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
run init --demo --no-sample
expect_rc "demo database" 0
M="--as li.na"   # the sales manager: may import
L="$SRC/tests/data/leads"
C="$SRC/tests/data/csv"
cp "$L/leads.csv" "$T/leads.csv"
opps() { sql "SELECT count(*) FROM opportunities"; }

run --as wang.fang import leads "$T/leads.csv"
expect_rc "a rep may not import" 1
expect_err "and is told which right is missing" "pipeline.import"

run $M import leads "$T/leads.csv" --dry-run --plan "$T/plan.csv" --rejects "$T/dry-rejects.csv"
expect_rc "dry run" 0
expect_out "dry run says nothing is saved" "dry run, nothing saved: 7 rows: 4 inserted, 0 updated, 1 skipped, 0 flagged, 2 rejected"
check "dry run leaves the database empty" test "$(opps)" = 0
check "the plan has a line per row (and a header)" test "$(grep -c '' "$T/plan.csv")" -ge 8
expect_file_has() { if grep -qF -- "$2" "$3"; then pass "$1"; else fail "$1 (no '$2' in $3)"; sed 's/^/    | /' "$3"; fi; }
expect_file_has "the plan names the skip" ",7,skip,skipped: same phone as customer" "$T/plan.csv"

run $M import leads "$T/leads.csv" --rejects "$T/rejects.csv"
expect_rc "import" 0
expect_out "encoding and delimiter are reported" "UTF-8, delimiter ','"
expect_out "Chinese headers are mapped" "公司名稱->company"
expect_out "an unknown column is reported, not dropped silently" "not imported (no field takes them): Fax"
expect_out "counts" "7 rows: 4 inserted, 0 updated, 1 skipped, 0 flagged, 2 rejected"
expect_out "the reject file is named" "rejects: $T/rejects.csv"
check "four opportunities" test "$(opps)" = 4
check "the Chinese company is stored" test "$(sql "SELECT count(*) FROM customers WHERE name = '華南科技有限公司'")" = 1
check "money with a thousands separator" test "$(sql "SELECT value FROM opportunities WHERE company = '東海貿易'")" = 123450
check "a quoted newline survives" test "$(sql "SELECT needs FROM opportunities WHERE company = 'Acme Ltd'" | wc -l)" = 2
check "the source name maps to its code" test "$(sql "SELECT source FROM opportunities WHERE company = '東海貿易'")" = referral
expect_file_has "the bad e-mail is rejected with its line" ",5,email: 'wang@' is not an e-mail address" "$T/rejects.csv"
expect_file_has "the bad date is rejected with its line" ',6,"close_date:' "$T/rejects.csv"
expect_file_has "the duplicate is in the reject file too" ",7,skipped: same phone" "$T/rejects.csv"
check "rejected rows keep every original field" grep -qF "Bad Mail Co,王芳,13912345678,wang@" "$T/rejects.csv"
run --as admin audit list --entity import
expect_out "the import is one audit row" '"inserted":4'

run $M import leads "$T/leads.csv" --rejects "$T/rejects2.csv"
expect_out "re-running with skip changes nothing" "0 inserted, 0 updated, 5 skipped"
check "still four" test "$(opps)" = 4
run $M import leads "$T/leads.csv" --rejects "$T/rejects.csv"
expect_rc "an existing reject file is not overwritten" 1
expect_err "and says so" "exists"
check "and the refused run saved nothing" test "$(opps)" = 4

run $M import leads "$T/leads.csv" --on-duplicate flag --rejects "$T/rejects3.csv"
expect_out "flag inserts duplicates, marked" "0 inserted, 0 updated, 0 skipped, 5 flagged"
check "flagged rows say why" test "$(sql "SELECT count(*) FROM opportunities WHERE flagged LIKE 'possible duplicate of customer #%'")" = 5

# Encodings that Chinese Excel writes, and the other shapes of CSV.
run $M import leads "$C/gb18030.csv" --rejects "$T/r-gb.csv"
expect_out "GB18030 is detected" "GB18030"
expect_out "and imported" "2 rows: 2 inserted"
check "GB18030 text is stored as UTF-8" test "$(sql "SELECT count(*) FROM customers WHERE name = '上海贸易有限公司'")" = 1
run $M import leads "$C/big5.csv" --rejects "$T/r-big5.csv"
expect_out "Big5 is detected" "BIG5"
check "Big5 text is stored as UTF-8" test "$(sql "SELECT count(*) FROM customers WHERE name = '高雄貿易股份有限公司'")" = 1
run $M import leads "$C/utf8-bom-crlf.csv" --map "name=contact_name" --map "city=company" --rejects "$T/r-bom.csv"
expect_out "a BOM is recognised" "UTF-8 (BOM)"
check "the BOM is not part of the first header" test "$(sql "SELECT count(*) FROM contacts WHERE name = '張偉'")" -ge 1
run $M import leads "$C/utf16le.csv" --map "聯繫人=company" --rejects "$T/r-16.csv"
expect_out "UTF-16 with a BOM is converted" "UTF-16LE"
run $M import leads "$C/utf16le.csv" --map "聯繫人=company" --save-map tw-contacts --on-duplicate flag --rejects "$T/r-16b.csv"
expect_out "a mapping is saved by name" "mapping saved as 'tw-contacts'"
run $M import leads "$C/utf16le.csv" --use-map tw-contacts --on-duplicate flag --rejects "$T/r-16c.csv"
expect_out "and used again" "聯繫人->company"
run $M import leads "$C/utf16le.csv" --use-map nope --rejects "$T/r-16d.csv"
expect_err "an unknown mapping is named" "no saved mapping 'nope'"
run $M import leads "$T/leads.csv" --dry-run --map "需求=ignore" --plan "$T/plan-ignore.csv" --rejects "$T/rej-ignore.csv"
expect_out "a mapped column can be ignored" "not imported (no field takes them): 需求, Fax"
run $M import leads "$C/semicolon.csv" --map "name=company" --map "amount=value" --map "note=needs" --rejects "$T/r-semi.csv"
expect_out "a semicolon delimiter is detected" "delimiter ';'"
run $M import leads "$C/ragged.csv" --map "a=company" --rejects "$T/r-ragged.csv"
expect_rc "a ragged file imports its good rows" 0
expect_file_has "short rows are rejected with their field count" "has 2 fields; the header has 3" "$T/r-ragged.csv"

before=$(opps)
run $M import leads "$C/unterminated.csv" --map "name=company"
expect_rc "an unterminated quote stops the import" 1
expect_err "naming the line" "unterminated.csv:3"
check "and nothing of that file is saved" test "$(opps)" = "$before"
run $M import leads "$C/invalid-utf8.csv" --map "姓名=company"
expect_rc "invalid UTF-8 stops the import" 1
expect_err "naming line and column" "invalid-utf8.csv:3:"
run $M import leads "$C/empty.csv"
expect_rc "an empty file is refused" 1
expect_err "as empty" "empty"
run $M import leads "$C/binary.csv"
expect_rc "a binary file is refused" 1
expect_err "as binary" "binary"
run $M import leads "$T/no-such.csv"
expect_rc "a missing file is refused" 1
expect_err "naming it" "no-such.csv"
run $M import leads "$T/leads.csv" --on-duplicate maybe
expect_rc "a bad option value is a usage error" 2
check "nothing was saved by the refusals" test "$(opps)" = "$before"

# Export: spreadsheet-safe.
run $M export leads "$T/out.csv"
expect_rc "export" 0
expect_out "export counts rows" "wrote $before leads"
check "a formula is neutralised" grep -qF "'=HYPERLINK" "$T/out.csv"
check "numbers stay numbers" grep -q ',1234.50,' "$T/out.csv"
run $M export leads "$T/out.csv"
expect_rc "an existing export is not overwritten" 1
run --as wang.fang export leads "$T/mine.csv"
check "a rep exports only what they see (nothing of the manager's)" test "$(grep -c '' "$T/mine.csv")" = 1

run $M export customers "$T/customers.csv"
expect_out "customers export too" "customers to $T/customers.csv"
check "with their contact" grep -qF "陳大文" "$T/customers.csv"
check "and the formula guard" grep -qF "'=HYPERLINK" "$T/customers.csv"

# An exported file imports again as it was (the formula mark comes off).
run $M import leads "$T/out.csv" --on-duplicate flag --rejects "$T/r-again.csv"
check "the company comes back without the mark" test "$(sql "SELECT count(*) FROM customers WHERE name LIKE '=HYPERLINK%'")" -ge 2

# kill -9 in the middle of a large import: the database is as before.
awk 'BEGIN { print "公司名稱,聯繫人,電話,郵箱"; for (i = 0; i < 200000; i++) printf "公司%d,聯繫人%d,139%08d,u%d@x.cn\n", i, i, i, i }' > "$T/big.csv"
before=$(opps)
"$BIZDESK" $M import leads "$T/big.csv" --quiet --rejects "$T/r-big.csv" > /dev/null 2>&1 &
pid=$!
# Wait until it is writing (the WAL grows), then kill it.
end=$(( $(date +%s) + 30 ))
while [ "$(stat -c %s "$BIZDESK_DB-wal" 2>/dev/null || echo 0)" -lt 2000000 ] && [ "$(date +%s)" -lt "$end" ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "the import was killed mid-way" test ! -e "$T/r-big.csv"
check "integrity_check is ok after kill -9" test "$(sql "PRAGMA integrity_check")" = ok
check "no row of the killed import is there" test "$(opps)" = "$before"
run --as admin audit verify
expect_rc "the audit chain is intact" 0

# The same file to the end: a file this size is loaded in bulk, with the
# list indexes built once at the end.
indexes=$(sql "SELECT count(*) FROM sqlite_schema WHERE type = 'index'")
run $M import leads "$T/big.csv" --quiet --rejects "$T/r-big.csv"
expect_out "the large file imports" "200000 rows: 200000 inserted"
check "every index is there again" test "$(sql "SELECT count(*) FROM sqlite_schema WHERE type = 'index'")" = "$indexes"
check "integrity_check is ok after a bulk load" test "$(sql "PRAGMA integrity_check")" = ok
run $M lead list --search 聯繫人199999
expect_out "and the last row is searchable" "公司199999"

# Duplicates on the bulk path, where a filter of the keys the database
# holds decides which rows need a lookup: rows new to the database, then
# one row each sharing an e-mail, a phone and a company with the load
# above, and one repeating a new row of this file.
awk 'BEGIN { print "公司名稱,聯繫人,電話,郵箱"
             for (i = 0; i < 200000; i++) printf "新公司%d,新人%d,136%08d,n%d@y.cn\n", i, i, i, i
             print "另一家甲,甲,137-0000-0001,U7@X.CN"
             print "另一家乙,乙,+86 139 0000 0123,z1@z.cn"
             print "公司42,丙,,"
             print "新公司5 有限公司,丁,," }' > "$T/big2.csv"
before=$(opps)
run $M import leads "$T/big2.csv" --quiet --rejects "$T/r-big2.csv"
expect_out "the bulk load finds every duplicate" "200004 rows: 200000 inserted, 0 updated, 4 skipped"
check "the e-mail duplicate is named" grep -q "same e-mail as customer" "$T/r-big2.csv"
check "the phone duplicate is named" grep -q "same phone as customer" "$T/r-big2.csv"
check "the company duplicates are named" test "$(grep -c "same company as customer" "$T/r-big2.csv")" = 2
check "only the new rows went in" test "$(opps)" = "$((before + 200000))"

# Update and flag on the bulk path (8 MiB from 20,001 rows with long
# needs): ten rows share an e-mail with the load above, and the last
# repeats the phone of a row earlier in the same file.
awk 'BEGIN { note = "長備註"; while (length(note) < 420) note = note "需求說明"
             print "公司名稱,聯繫人,電話,郵箱,備註"
             for (i = 0; i < 10; i++) printf "更新公司%d,更新人%d,,n%d@y.cn,%s\n", i, i, i, note
             for (i = 10; i < 20000; i++) printf "長備註公司%d,人%d,134%08d,l%d@z.cn,%s\n", i, i, i, i, note
             printf "另一長備註公司,人X,134-0000-0010,,%s\n", note }' > "$T/big3.csv"
check "the update file is over 8 MiB" test "$(wc -c < "$T/big3.csv")" -gt 8388608
before=$(opps)
run $M import leads "$T/big3.csv" --quiet --on-duplicate update --rejects "$T/r-big3.csv"
expect_out "bulk update finds the database's and the file's duplicates" \
    "20001 rows: 19990 inserted, 11 updated, 0 skipped, 0 flagged, 0 rejected"
check "an updated lead took the row's needs" \
    test "$(sql "SELECT substr(o.needs, 1, 3) FROM opportunities o JOIN contacts c ON c.id = o.contact_id WHERE c.email = 'n5@y.cn'")" = 長備註
check "the update added only the new rows" test "$(opps)" = "$((before + 19990))"
run $M import leads "$T/big3.csv" --quiet --on-duplicate flag --rejects "$T/r-big3f.csv"
expect_out "bulk flag marks every row, each a duplicate now" \
    "20001 rows: 0 inserted, 0 updated, 0 skipped, 20001 flagged, 0 rejected"

finish
