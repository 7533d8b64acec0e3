# The database file: schema version, foreign files, locks, integrity.
. "$(dirname "$0")/../lib.sh"

run init --demo
expect_rc "demo database" 0
check "user_version is set" test "$(sql 'PRAGMA user_version')" -ge 1
check "foreign keys are declared" test "$(sql "SELECT count(*) FROM pragma_foreign_key_list('users')")" -ge 1

# A database from a newer bizdesk is refused, and left alone.
cp "$BIZDESK_DB" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 999"
run --db "$T/newer.db" --as admin whoami
expect_rc "a newer schema is refused" 4
expect_err "the refusal says why" "made by a newer bizdesk"
check "the newer file is unchanged" test "$(sqlite3 "$T/newer.db" 'PRAGMA user_version')" = 999

# Files that are not bizdesk databases.
head -c 4096 /dev/urandom > "$T/random.db"
run --db "$T/random.db" --as admin whoami
expect_rc "random bytes are refused" 4
expect_err "named" "$T/random.db"
sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
run --db "$T/other.db" --as admin whoami
expect_rc "another program's database is refused" 4
expect_err "as not bizdesk's" "not a bizdesk database"
check "and left as it was" test "$(sqlite3 "$T/other.db" 'SELECT count(*) FROM sqlite_master')" = 1

# A writer holding the lock makes a change wait, then fail cleanly.
mkdir -p "$T/cfg"
cp "$SRC"/config/*.yaml "$T/cfg/"
sed -i 's/^\( *busy_timeout_ms:\).*/\1 300/' "$T/cfg/bizdesk.yaml"
grep -q 'busy_timeout_ms: 300' "$T/cfg/bizdesk.yaml" || echo "FAIL: could not set busy_timeout_ms in the test policy"
(printf 'BEGIN IMMEDIATE;\nSELECT 1;\n'; sleep 3; printf 'COMMIT;\n') | sqlite3 "$BIZDESK_DB" >/dev/null &
locker=$!
sleep 0.5
BIZDESK_CONFIG="$T/cfg" run --as admin user add waiter --name W --dept sales --role rep
expect_rc "a locked database gives status 4" 4
expect_err "and says it is busy" "busy"
wait $locker
check "the refused add left nothing" test "$(sql "SELECT count(*) FROM users WHERE login='waiter'")" = 0
BIZDESK_CONFIG="$T/cfg" run --as admin user add waiter --name W --dept sales --role rep
expect_rc "after the lock is gone the add works" 0

check "integrity_check is ok" test "$(sql 'PRAGMA integrity_check')" = ok

# ---- backup and check ---------------------------------------------------------
run --as wang.fang backup "$T/copy.db"
expect_err "a rep may not copy the database" "lacks the permission 'audit.read'"
# A copy taken while another process keeps adding leads is consistent:
# whole leads only, integrity ok, the audit chain verifies.
( for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
      "$BIZDESK" --as wang.fang lead add --company "Busy $i Ltd" --contact "C $i" >/dev/null 2>&1
  done ) &
writer=$!
run --as admin backup "$T/copy.db"
expect_out "the administrator copies the database while a writer works" "copied the database to $T/copy.db"
wait $writer
check "the copy is sound" test "$(sqlite3 "$T/copy.db" 'PRAGMA integrity_check')" = ok
check "and holds whole leads (an opportunity for each Busy customer)" test \
    "$(sqlite3 "$T/copy.db" "SELECT count(*) FROM customers c WHERE c.name LIKE 'Busy %' AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.customer_id = c.id)")" = 0
BIZDESK_DB="$T/copy.db" run --as admin audit verify
expect_rc "its audit chain verifies" 0
run --as admin backup "$T/copy.db"
expect_err "an existing file is kept" "copy.db exists; give --force to replace it"
run --as admin backup "$T/copy.db" --force
expect_rc "unless --force" 0
run --as admin backup "$T/no/such/dir/copy.db"
check "a copy into a missing folder fails" test "$RC" -ne 0
expect_err "naming the file" "copying the database to $T/no/such/dir/copy.db"
check "and leaves nothing behind" test -z "$(ls "$T"/no 2>/dev/null)"
run --as admin check
expect_out "check finds the file sound" "integrity: ok"
expect_out "and verifies the audit chain" "audit: "
# A damaged copy: overwrite a page in the middle.
cp "$T/copy.db" "$T/bad.db"
size=$(wc -c < "$T/bad.db")
dd if=/dev/urandom of="$T/bad.db" bs=4096 seek=$((size / 4096 / 2)) count=2 conv=notrunc 2>/dev/null
BIZDESK_DB="$T/bad.db" run --as admin check
check "check fails on a damaged file" test "$RC" -ne 0
expect_err "and says so" "the database file is damaged"
expect_out "with SQLite's findings" "Page "
finish
