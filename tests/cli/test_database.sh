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
finish
