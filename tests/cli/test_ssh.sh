# A real client over SSH: bizdesk installed setgid into temporary folders,
# sshd on 127.0.0.1 on a spare port with a temporary host key and a test
# user key, and two reps who log in with `ssh -tt` inside tmux and work
# through bizdesk: each sees only their own leads, each action is audited
# under its own login, and sqlite3 cannot open the database.  Needs root;
# skipped otherwise.  sshd, the tmux servers and the users go at exit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/lib.sh"
. "$(dirname "$0")/installed.sh"
SSHD=/usr/sbin/sshd
inst_require ssh ssh-keygen tmux sqlite3
[ -x "$SSHD" ] || inst_skip "no $SSHD here (Debian: openssh-server)"
# Logging in and starting a shell over SSH takes longer than a local start.
TUI_DEADLINE=20

R1=bds1$$
R2=bds2$$
SSHD_PID=""
stop_sshd() {
    [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null && wait "$SSHD_PID" 2>/dev/null
    SSHD_PID=""
}
# First the ssh clients (the tmux servers), then sshd; then the users.
inst_on_cleanup tui_cleanup
inst_on_cleanup stop_sshd

inst_install || { fail "make install"; tail -20 "$T/install.log" | sed 's/^/    /'; finish; }
pass "make install"
for u in "$R1" "$R2"; do
    inst_user "$u" || { fail "useradd $u"; finish; }
done

# root creates the database and is its administrator; the reps are added
# through bizdesk like anyone else.
(cd "$T" && "$BIN" init --admin root --name "Root Admin") >"$T/out" 2>"$T/err"
RC=$?
expect_rc "root creates the shared database" 0
for u in "$R1" "$R2"; do
    (cd "$T" && "$BIN" user add "$u" --name "Rep $u" --dept sales --role rep) >"$T/out" 2>"$T/err"
    RC=$?
    expect_rc "root adds the rep $u" 0
done

# sshd: its own host key, config and log; public keys only, no PAM.
S=$T/ssh
mkdir -p "$S"
ssh-keygen -q -t ed25519 -N '' -f "$S/host_key" || { fail "host key"; finish; }
ssh-keygen -q -t ed25519 -N '' -f "$S/id_test" || { fail "user key"; finish; }
for u in "$R1" "$R2"; do
    cp "$S/id_test.pub" "$S/authorized_keys.$u"
done
chmod 0755 "$S"
chmod 0644 "$S"/authorized_keys.*
# The privilege separation folder the Debian package's service would make.
RUN_SSHD_MADE=""
if [ ! -d /run/sshd ]; then
    mkdir -p /run/sshd && chmod 0755 /run/sshd && RUN_SSHD_MADE=1
fi
inst_on_cleanup '[ -n "$RUN_SSHD_MADE" ] && rmdir /run/sshd 2>/dev/null'

start_sshd() { # start_sshd PORT: 0 once it listens there
    cat >"$S/sshd_config" <<EOF
Port $1
ListenAddress 127.0.0.1
HostKey $S/host_key
PidFile none
AuthorizedKeysFile $S/authorized_keys.%u
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin no
AllowUsers $R1 $R2
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
EOF
    : >"$S/sshd.log"
    "$SSHD" -D -e -f "$S/sshd_config" >>"$S/sshd.log" 2>&1 &
    SSHD_PID=$!
    end=$(( $(now_ms) + 10000 ))
    while [ "$(now_ms)" -lt "$end" ]; do
        grep -q "Server listening on 127.0.0.1 port $1" "$S/sshd.log" && return 0
        kill -0 "$SSHD_PID" 2>/dev/null || break
        sleep 0.1
    done
    stop_sshd
    return 1
}
PORT=""
for try in 1 2 3 4 5 6 7 8; do
    p=$(( 20000 + ($$ * 7 + try * 7919) % 40000 ))
    if start_sshd "$p"; then PORT=$p; break; fi
done
if [ -z "$PORT" ]; then
    fail "sshd listens on a spare port"
    tail -20 "$S/sshd.log" | sed 's/^/    /'
    finish
fi
pass "sshd listens on 127.0.0.1 port $PORT"

# ssh_start USER: a tmux session logged in as USER with ssh -tt, in a
# shell with a UTF-8 locale and a prompt that names the user.
ssh_start() {
    TUI_N=$((TUI_N + 1))
    SOCK="$T/tmux.$TUI_N.sock"
    tmux_ new-session -d -x 100 -y 30 -e "HOME=$HOME" -e "LANG=C.UTF-8" -e "TZ=UTC" \
        "ssh -tt -F /dev/null -i '$S/id_test' -p $PORT -o BatchMode=yes \
         -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
         $1@127.0.0.1; echo '[ssh exited]'; exec sleep 600"
    # The prompt is the login as the shell finds it: the line typed does
    # not hold it, so seeing it proves the login.
    tui_type 'export LANG=C.UTF-8 LC_ALL=C.UTF-8 PS1="$(id -un)> "'
    tui_keys Enter
    tui_wait "$1 logs in over ssh" "$1>"
}
# sh_run TEXT: type a command line in the current session's shell.
sh_run() { tui_type "$1"; tui_keys Enter; }
# ui_quit: q in the UI, and back in the shell with status 0.  Keys typed
# before the UI has left the screen would go to the UI.
ui_quit() {
    tui_keys q
    tui_gone "q leaves the UI" "[Pipeline]"
    sh_run 'echo "[ui $?]"'
    tui_wait "and bizdesk exited with status 0" "[ui 0]"
}

ssh_start "$R1"
S1=$SOCK
sh_run "id -un; $BIN whoami"
tui_wait "bizdesk takes $R1 for $R1" "login:      $R1"
tui_wait "on the shared database" "database:   $STATE/bizdesk.db"
sh_run "$BIN lead add --company 'Rep One Ltd' --contact Ann; echo \"[add \$?]\""
tui_wait "$R1 adds a lead through bizdesk" "[add 0]"
sh_run "clear; sqlite3 '$STATE/bizdesk.db' 'select count(*) from users'; echo \"[sqlite3 \$?]\""
tui_wait "a direct sqlite3 open by $R1 is denied" "[sqlite3 1]"
tui_wait "as sqlite3 says" "unable to open database"
sh_run "cat '$STATE/bizdesk.db' >/dev/null; echo \"[cat \$?]\""
tui_wait "nor can $R1 read the file" "[cat 1]"

# The first rep's UI, left open: only their own lead.  Their bizdesk now
# holds the database open, so the -wal and -shm files are theirs.
sh_run "clear; $BIN"
tui_wait "$R1 opens the UI over ssh" "[Pipeline]"
tui_keys 2
tui_wait "$R1 sees their own lead" "Rep One Ltd"
stat -c '%U:%G %a' "$STATE/bizdesk.db-wal" "$STATE/bizdesk.db-shm" >"$T/wal" 2>&1
check "the -wal and -shm files are $R1's, the group's, 0660" \
    test "$(cat "$T/wal")" = "$R1:$G 660
$R1:$G 660"

# The second rep, at the same time, in the UI over ssh: adds a lead in the
# form (writing to the -wal file the first rep's bizdesk made).
ssh_start "$R2"
S2=$SOCK
sh_run "$BIN"
tui_wait "$R2 opens the UI over ssh" "[Pipeline]"
tui_keys 2
tui_wait "the Opportunities view" "Pipeline > Opportunities"
tui_keys a
tui_wait "a opens the lead form" "Add lead"
tui_type "Rep Two Ltd"
tui_keys Enter
tui_wait "$R2 adds a lead in the UI" "Added lead #"
tui_wait "and sees it" "Rep Two Ltd"
check "$R2 does not see $R1's lead" not_shown "Rep One Ltd"
ui_quit

# Back in the first rep's UI, after a reload: still only their own.
SOCK=$S1
tui_keys C-l
tui_wait "$R1 still sees their own lead" "Rep One Ltd"
check "$R1 does not see $R2's lead" not_shown "Rep Two Ltd"
ui_quit
sh_run "exit"
tui_wait "$R1 logs out" "[ssh exited]"

# The audit, read by the administrator (root) through bizdesk.
(cd "$T" && "$BIN" audit list --entity opportunity) >"$T/out" 2>"$T/err"
RC=$?
expect_rc "the administrator lists the audit" 0
check "$R1's lead is audited under $R1" sh -c "grep -F '$R1' '$T/out' | grep -q create"
check "$R2's lead (added in the UI) is audited under $R2" sh -c "grep -F '$R2' '$T/out' | grep -q create"
is_actor() { sqlite3 "$STATE/bizdesk.db" \
    "select actor from audit where entity = 'opportunity' and after like '%$1%'"; }
check "the row of Rep Two Ltd carries $R2" test "$(is_actor 'Rep Two Ltd')" = "$R2"
check "the row of Rep One Ltd carries $R1" test "$(is_actor 'Rep One Ltd')" = "$R1"

SOCK=$S2
sh_run "exit"
tui_wait "$R2 logs out" "[ssh exited]"
check "sshd accepted both users by key" sh -c \
    "grep -q 'Accepted publickey for $R1' '$S/sshd.log' && grep -q 'Accepted publickey for $R2' '$S/sshd.log'"
finish
