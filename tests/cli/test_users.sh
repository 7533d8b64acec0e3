# Users through the CLI: add, list, set, deactivate, and every refusal.
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
run init --demo
expect_rc "demo database" 0
A="--as admin"

run $A user add chen.xm --name "陳小明" --dept sales --role rep --manager chen.jing
expect_rc "add a user with a Chinese name" 0
run $A user show chen.xm
expect_out "show has the name" "name:       陳小明"
expect_out "show has the manager" "manager:    chen.jing"

run $A user list
expect_rc "list" 0
expect_golden "list aligns CJK names in cells" "$SRC/tests/cli/golden/user_list.txt"

run $A user list --filter 陳
expect_out "filter by a CJK substring finds 陳小明" "chen.xm"
expect_no_out "filter leaves out others" "wang.fang"

run $A user add chen.xm --name "Again" --dept sales --role rep
expect_rc "duplicate login refused" 1
expect_err "duplicate login named" "login 'chen.xm' is taken"
run $A user add x1 --name "X" --dept nowhere --role rep
expect_err "unknown department named" "department: 'nowhere'"
run $A user add x1 --name "X" --dept sales --role king
expect_err "unknown role named" "role: 'king'"
run $A user add x1 --name "X" --dept sales --role rep --manager ghost
expect_err "unknown manager named" "manager: no user 'ghost'"
run $A user add 'X Y' --name "X" --dept sales --role rep
expect_err "bad login named" "login: 'X Y' is not a valid login"
run $A user add x1 --dept sales --role rep
expect_err "missing name named" "name: required"
run $A user add x1 --name "" --dept sales --role rep
expect_rc "empty name refused" 1

run $A user set chen.jing --manager chen.xm
expect_rc "a manager loop is refused" 1
expect_err "the loop is explained" "loop"

run $A user set chen.xm --role supervisor --name "陳小明 Ming"
expect_rc "set role and name" 0
run $A user show chen.xm
expect_out "set took effect" "role:       supervisor"
expect_out "version bumped" "version:    2"

run $A user deactivate chen.xm
expect_rc "deactivate" 0
run $A user list
expect_no_out "deactivated users are hidden" "chen.xm"
run $A user list --all
expect_out "--all shows them" "inactive"
run --as chen.xm whoami
expect_rc "a deactivated user cannot log in" 1
expect_err "deactivated message" "deactivated"
run $A user activate chen.xm
expect_rc "reactivate" 0

run $A user deactivate admin
expect_rc "an admin cannot deactivate themself" 1
run $A user set admin --role rep
expect_err "an admin cannot drop their own admin right" "lacks admin.users"

run --as wang.fang user add y1 --name Y --dept sales --role rep
expect_rc "a rep may not add users" 1
expect_err "the refusal names the permission" "admin.users"

# Every change above left one audit row, in the same transaction.
run $A audit list --entity user --limit 3
expect_rc "audit list" 0
expect_out "audit shows who and what" "admin	activate	user#"
check "one audit row per change" test "$(sql "SELECT count(*) FROM audit WHERE entity_id=(SELECT id FROM users WHERE login='chen.xm')")" -eq 4
run $A audit verify
expect_rc "the audit chain verifies" 0
expect_out "verify counts rows" "rows, hash chain intact"

run $A audit list -o "$T/audit.txt"
expect_rc "audit list to a file" 0
check "the file has the rows" grep -q "陳小明" "$T/audit.txt"
run $A audit list -o "$T/audit.txt"
expect_rc "an existing file is not overwritten" 1
expect_err "and the message says --force" "--force"
run $A audit list -o "$T/audit.txt" --force
expect_rc "--force replaces it" 0
check "no temporary files left" test -z "$(ls "$T" | grep '\.tmp')"

# The audit trail is append-only and tamper-evident.
check "UPDATE on audit is refused by the database" sh -c "! sqlite3 '$BIZDESK_DB' \"UPDATE audit SET actor='x' WHERE id=3\" 2>/dev/null"
check "DELETE on audit is refused by the database" sh -c "! sqlite3 '$BIZDESK_DB' 'DELETE FROM audit WHERE id=3' 2>/dev/null"
sqlite3 "$BIZDESK_DB" "DROP TRIGGER audit_no_update; UPDATE audit SET actor='mallory' WHERE id=3;"
run $A audit verify
expect_rc "verify finds a changed row" 1
expect_err "verify names the row" "audit row 3 was changed"

finish
