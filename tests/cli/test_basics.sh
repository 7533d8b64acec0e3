# The command line: options, usage errors, init, identity, --as.
. "$(dirname "$0")/../lib.sh"

run --version
expect_rc "version exits 0" 0
expect_out "version names bizdesk" "bizdesk "

run --help
expect_rc "help exits 0" 0
expect_out "help lists user add" "user add LOGIN"

run --bogus
expect_rc "unknown option is a usage error" 2
expect_err "unknown option is named" "--bogus"

run frobnicate
expect_rc "unknown command is a usage error" 2
expect_err "unknown command is named" "'frobnicate' is not a command"

run whoami
expect_rc "no database yet: refused" 1
expect_err "missing database names the path and the fix" "$T/bizdesk.db: no database here"

run init
expect_rc "init without --admin or --demo is a usage error" 2

run init --admin 'Bad Login'
expect_rc "init refuses a bad login" 2
check "a refused init leaves no file" test ! -e "$T/bizdesk.db"

# A real database: the first admin is whoever runs the tests.
run init --admin "$ME" --name "管理員"
expect_rc "init --admin creates the database" 0
expect_out "init says where" "created $T/bizdesk.db"
check "database file exists" test -f "$T/bizdesk.db"
check "journal mode is WAL" test "$(sql 'PRAGMA journal_mode')" = wal
check "a new database has 8 KiB pages" test "$(sql 'PRAGMA page_size')" = 8192

run init --admin "$ME"
expect_rc "init refuses an existing database" 1
expect_err "init names the existing file" "already exists"

run whoami
expect_rc "whoami as the Unix login" 0
expect_out "whoami shows the login" "login:      $ME"
expect_out "whoami shows the CJK name" "管理員"

run --as someone whoami
expect_rc "--as refused on a real database" 1
expect_err "--as refusal explains" "--as works only on a demo database"

# The identity is the Unix login, never $USER.
USER=zhang.wei LOGNAME=zhang.wei run whoami
expect_out "\$USER is ignored" "login:      $ME"

# A login bizdesk does not know is refused with who to ask.
run user add nobody1 --name "No Body" --dept sales --role rep
expect_rc "admin adds a user" 0
sqlite3 "$BIZDESK_DB" "PRAGMA foreign_keys=OFF; UPDATE users SET login='renamed-$ME' WHERE login='$ME';" 2>/dev/null
run whoami
expect_rc "unknown login refused" 1
expect_err "unknown login message" "'$ME' is not a bizdesk user"
sqlite3 "$BIZDESK_DB" "UPDATE users SET login='$ME' WHERE login='renamed-$ME';"

# Demo database: --as works, and every role has a user.
export BIZDESK_DB="$T/demo.db"
run init --demo
expect_rc "init --demo" 0
run --as wang.fang whoami
expect_rc "--as on a demo database" 0
expect_out "--as shows the demo user" "王芳"
for role in rep supervisor sales_manager finance legal dept_head leader admin; do
    check "demo has a $role" test "$(sql "SELECT count(*) FROM users WHERE role='$role'")" -ge 1
done
run --as nobody whoami
expect_rc "--as an unknown demo login" 1

# A bad BIZDESK_NOW is named, not ignored.
BIZDESK_NOW=2026-02-30 run --as admin whoami
expect_rc "bad BIZDESK_NOW refused" 2
expect_err "bad BIZDESK_NOW named" "BIZDESK_NOW"

# The UI needs a terminal; scripts get a clear message.
run --as admin
expect_rc "UI without a terminal is refused" 2
expect_err "UI without a terminal says why" "needs a terminal"

finish
