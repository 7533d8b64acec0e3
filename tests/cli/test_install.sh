# The installed multi-user mode: `make install` as root into temporary
# folders with a temporary group, then two test Unix users work through the
# setgid binary.  Needs root (useradd, chown); skipped otherwise.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/installed.sh"
inst_require sqlite3

# A sales supervisor ("the rep") and an administrator.
R=bdr$$
A=bda$$

inst_install
RC=$?
if [ "$RC" -ne 0 ]; then
    fail "make install (status $RC)"
    tail -20 "$T/install.log" | sed 's/^/    /'
    finish
fi
pass "make install"
check "install created the group" sh -c "getent group '$G' >/dev/null"
check "install says so" grep -qF "created the group $G" "$T/install.log"
check "install tells how to create the database" grep -qF "init --admin LOGIN" "$T/install.log"

owner_mode() { stat -c '%U:%G %a' "$1"; }
is() { # is NAME WANT GOT
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1 (wanted '$2', got '$3')"; fi
}
is "binary root:$G 2755 (setgid)" "root:$G 2755" "$(owner_mode "$BIN")"
is "database folder root:$G 2770" "root:$G 2770" "$(owner_mode "$STATE")"
is "policy folder root:root 755" "root:root 755" "$(owner_mode "$ETC/bizdesk")"
bad=""
for f in "$ETC"/bizdesk/*.yaml; do
    [ "$(owner_mode "$f")" = "root:root 644" ] || bad="$bad $f"
done
is "policy files root:root 644" "" "$bad"

for u in "$R" "$A"; do
    inst_user "$u" || { fail "useradd $u"; finish; }
done

# urun USER ARGS...: the installed bizdesk as USER in their home folder,
# with the test environment (BIZDESK_DB and BIZDESK_CONFIG are set).
urun() {
    u=$1
    shift
    (cd "$T/home-$u" && runuser -u "$u" -- "$BIN" "$@") >"$T/out" 2>"$T/err" </dev/null
    RC=$?
}

urun "$R" init --admin "$R"
expect_rc "a user cannot create the shared database" 1
expect_err "and is told only root may" "only root creates the shared database"
run_root() { (cd "$T" && "$BIN" "$@") >"$T/out" 2>"$T/err" </dev/null; RC=$?; }
run_root init --admin "$A" --name "Admin Test"
expect_rc "root creates the database" 0
expect_out "in the database folder" "created $STATE/bizdesk.db"
is "database root:$G 660" "root:$G 660" "$(owner_mode "$STATE/bizdesk.db")"

# A supervisor: the role that may also import leads.
urun "$A" user add "$R" --name "Rep Test" --dept sales --role supervisor
expect_rc "the administrator adds the user through bizdesk" 0
urun "$R" whoami
expect_rc "the rep uses the installed bizdesk" 0
expect_out "as their own login" "login:      $R"
expect_out "on the shared database" "database:   $STATE/bizdesk.db"
expect_out "with the installed policy" "policy:     $ETC/bizdesk"
expect_err "the test's BIZDESK_DB and BIZDESK_CONFIG are ignored, and said so" \
    "ignoring BIZDESK_CONFIG, BIZDESK_DB from the environment"
urun "$R" lead add --company "Install Test Ltd" --contact "Ann" --email ann@example.com
expect_rc "the rep adds a lead" 0
is "the audit row carries the rep's login" "$R" \
    "$(sqlite3 "$STATE/bizdesk.db" "select actor from audit where entity <> 'user' order by id desc limit 1")"
is "the user row's audit carries the administrator's login" "$A" \
    "$(sqlite3 "$STATE/bizdesk.db" "select actor from audit where entity = 'user' order by id desc limit 1")"

# Around bizdesk, the data is out of reach.
runuser -u "$R" -- sqlite3 "$STATE/bizdesk.db" "select count(*) from users" >"$T/out" 2>"$T/err"
RC=$?
check "a direct sqlite3 open by the rep is denied" test "$RC" -ne 0
check "and no row comes out" test ! -s "$T/out"
check "the rep cannot read the file either" sh -c "! runuser -u '$R' -- cat '$STATE/bizdesk.db' >/dev/null 2>&1"

# Overrides: the options are refused, the variables ignored.
urun "$R" --db "$T/home-$R/mine.db" whoami
expect_rc "--db is refused" 2
expect_err "naming --db" "--db is refused: this bizdesk is installed setgid"
urun "$R" --config "$T/home-$R" whoami
expect_rc "--config is refused" 2
expect_err "naming --config" "--config is refused"
urun "$R" --as "$A" user list
expect_rc "--as cannot impersonate the administrator" 2
expect_err "naming --as" "--as is refused"
(cd "$T/home-$R" && runuser -u "$R" -- env BIZDESK_DB="$T/home-$R/x.db" \
    BIZDESK_NOW=2001-01-01 "$BIN" lead add --company "Clock Test") >"$T/out" 2>"$T/err"
RC=$?
expect_rc "with BIZDESK_DB and BIZDESK_NOW set, the shared database is used" 0
expect_err "both named as ignored" "BIZDESK_DB, BIZDESK_NOW"
check "no database appeared where BIZDESK_DB pointed" test ! -e "$T/home-$R/x.db"
is "the clock was not pinned to 2001" "" \
    "$(sqlite3 "$STATE/bizdesk.db" "select at from audit where at like '2001%'")"

# Files the user asks for are theirs, never through a symlink.
urun "$R" export leads "$T/home-$R/leads.csv"
expect_rc "the rep exports leads" 0
is "the export belongs to the rep and the rep's own group" "$R:$R" \
    "$(stat -c %U:%G "$T/home-$R/leads.csv")"
check "with their lead" grep -qF "Install Test Ltd" "$T/home-$R/leads.csv"
(cd "$T/home-$R" && runuser -u "$R" -- sh -c 'umask 077; exec "$0" "$@"' "$BIN" \
    export customers "$T/home-$R/customers.csv") >"$T/out" 2>"$T/err"
RC=$?
expect_rc "an export with the rep's umask 077" 0
is "is made with the rep's umask, not bizdesk's" "600" "$(stat -c %a "$T/home-$R/customers.csv")"
urun "$R" report pipeline -o "$T/home-$R/pipeline.txt"
expect_rc "the rep writes a report" 0
is "the report belongs to the rep's own group" "$R:$R" \
    "$(stat -c %U:%G "$T/home-$R/pipeline.txt")"
# A file of the group, and symlinks to it and to a new file in the
# database folder planted where the rep writes.
printf 'kept\n' >"$STATE/victim.csv"
chown root:"$G" "$STATE/victim.csv"
chmod 0660 "$STATE/victim.csv"
runuser -u "$R" -- ln -s "$STATE/victim.csv" "$T/home-$R/planted.csv"
runuser -u "$R" -- ln -s "$STATE/new.csv" "$T/home-$R/dangling.csv"
urun "$R" export leads "$T/home-$R/planted.csv" --force
expect_rc "an export onto a planted symlink is refused" 1
expect_err "as not a regular file" "not a regular file"
urun "$R" export leads "$T/home-$R/dangling.csv"
expect_rc "an export onto a dangling symlink is refused" 1
urun "$R" audit list -o "$T/home-$R/planted.csv" --force
urun "$R" export leads "$STATE/new.csv"
expect_rc "an export into the database folder is denied" 1
expect_err "with the system's reason" "Permission denied"
is "the group's file is untouched" "kept" "$(cat "$STATE/victim.csv")"
check "nothing was created in the database folder" test ! -e "$STATE/new.csv"
check "the symlinks are still symlinks" test -L "$T/home-$R/planted.csv" -a -L "$T/home-$R/dangling.csv"
rm -f "$STATE/victim.csv"

# Reading files the user names happens as the user too.
urun "$R" import leads "$STATE/bizdesk.db" --dry-run
expect_rc "importing the database file itself is denied" 1
expect_err "with the system's reason" "Permission denied"
# Nor bizdesk's own shared files through the descriptors it holds open
# (the -wal a user's bizdesk created belongs to that user).
reads="" refused=0
for fd in 3 4 5 6 7 8 9; do
    urun "$R" import leads "/proc/self/fd/$fd" --dry-run
    grep -qE "empty file|binary file|NUL|rows:" "$T/out" "$T/err" && reads="$reads $fd"
    grep -q "a file of bizdesk's own group is not imported" "$T/err" && refused=$((refused + 1))
done
is "no descriptor of bizdesk's own files is read as input" "" "$reads"
check "the group's open files are refused by name ($refused)" test "$refused" -ge 1
urun "$R" policy check "$STATE"
check "policy check of the database folder cannot read it" test "$RC" -ne 0
expect_err "with the system's reason" "Permission denied"

# The administrator's backup is theirs, and a whole database.
urun "$A" backup "$T/home-$A/copy.db"
expect_rc "the administrator backs up" 0
is "the backup belongs to the administrator's own group" "$A:$A" \
    "$(stat -c %U:%G "$T/home-$A/copy.db")"
is "the backup holds the users" "2" "$(sqlite3 "$T/home-$A/copy.db" "select count(*) from users")"
check "no temporary copy is left in the database folder" sh -c "! ls -A '$STATE' | grep -q backup"
urun "$R" backup "$T/home-$R/copy.db"
expect_rc "a rep may not back up" 1

# Policy the users are held to is root's alone.
urun "$R" whoami
expect_rc "policy as installed is accepted" 0
chmod g+w "$ETC/bizdesk/roles.yaml"
urun "$R" whoami
expect_rc "a group-writable policy file is refused" 3
expect_err "naming the file" "$ETC/bizdesk/roles.yaml is writable by its group"
chmod g-w "$ETC/bizdesk/roles.yaml"
chown "$R" "$ETC/bizdesk/claims.yaml"
urun "$R" whoami
expect_rc "a policy file not owned by root is refused" 3
expect_err "naming the file and the owner" "$ETC/bizdesk/claims.yaml belongs to user id $(id -u "$R"), not root"
chown root "$ETC/bizdesk/claims.yaml"
chmod o+w "$ETC/bizdesk"
urun "$R" whoami
expect_rc "a world-writable policy folder is refused" 3
expect_err "naming the folder" "$ETC/bizdesk is writable by everyone"
chmod o-w "$ETC/bizdesk"
urun "$R" whoami
expect_rc "fixed, it is accepted again" 0

# Without the setgid bit (a packaging step left undone), nothing works for
# the user: the database is out of their reach.
chmod g-s "$BIN"
urun "$R" --db "$STATE/bizdesk.db" whoami
check "without setgid the user cannot open the database" test "$RC" -ne 0
chmod g+s "$BIN"

# Installing into DESTDIR as a package build does: no owners, said so.
make -C "$SRC" --no-print-directory install BUILD="$T/build" PREFIX=/usr \
    STATEDIR=/var/lib/bizdesk BIZDESK_GROUP="nosuch$$" DESTDIR="$T/dest" >"$T/dest.log" 2>&1
RC=$?
expect_rc "make install into DESTDIR" 0
check "says it skipped the owners" grep -qF "skipped the owners" "$T/dest.log"
check "installed the binary there" test -x "$T/dest/usr/bin/bizdesk"
check "and the policy" test -f "$T/dest/etc/bizdesk/roles.yaml"
check "and the database folder" test -d "$T/dest/var/lib/bizdesk"
check "and created no group" sh -c "! getent group nosuch$$"

# Not root: the files only, saying what is left to do.
if runuser -u "$R" -- test -r "$SRC/scripts/install.sh"; then
    (cd "$SRC" && runuser -u "$R" -- env BUILD="$T/build" DESTDIR="$T/home-$R/pkg" \
        BINDIR=/usr/bin MANDIR=/usr/share/man SYSCONFDIR=/etc STATEDIR=/var/lib/bizdesk \
        GROUP="$G" sh scripts/install.sh) >"$T/user.log" 2>&1
    RC=$?
    expect_rc "install as a user into DESTDIR" 0
    check "says it skipped the group and the owners" \
        grep -qF "not root: skipped the group $G, the owners and the setgid bit" "$T/user.log"
    check "and prints what root must do" grep -qF "chmod 2755 /usr/bin/bizdesk" "$T/user.log"
    is "the binary is there, not setgid" "755" "$(stat -c %a "$T/home-$R/pkg/usr/bin/bizdesk")"
else
    echo "SKIP: install as a user: $R cannot read $SRC"
fi

finish
