# tests/cli/installed.sh - shared by the tests of the installed multi-user
# mode (after tests/lib.sh): they need root, install bizdesk setgid into
# temporary folders with a temporary group, and add temporary Unix users.
#
# inst_require CMD...   skip the script (a SKIP: line) unless root, the
#                       normal build and every CMD are there
# inst_install          make install into $P (binary $BIN), $ETC, $STATE,
#                       group $G; 0 on success, the log in $T/install.log
# inst_user NAME        a Unix user NAME (own group, home $T/home-NAME,
#                       no password: key or runuser only)
# inst_cleanup          kill the test users' processes, remove them, the
#                       group and $T: the EXIT trap, set by inst_require
# Names carry the script's pid, so nothing clashes with a real account.

G=bdg$$
P=$T/prefix
ETC=$T/etc
STATE=$T/state
BIN=$P/bin/bizdesk
INST_USERS=""
INST_CLEANUPS=""

inst_skip() { echo "SKIP: $(basename "$0"): $*"; exit 0; }

inst_require() {
    [ "$(id -u)" -eq 0 ] || inst_skip "needs root (make install, useradd); run the tests as root"
    # The installed binary is built without sanitizers (a setgid process
    # is not dumpable, which LeakSanitizer needs): one run, on the normal build.
    case $BIZDESK in */san/bizdesk) inst_skip "runs on the normal build only" ;; esac
    [ -z "$VALGRIND" ] ||
        inst_skip "the installed binary runs setgid, which valgrind cannot run with its group"
    for c in useradd userdel groupdel runuser make "$@"; do
        command -v "$c" >/dev/null 2>&1 || inst_skip "no $c here"
    done
    trap inst_cleanup EXIT
    trap 'exit 130' INT TERM HUP
    # The users must reach the installed files and their own folders.
    chmod 0755 "$T"
}

inst_install() {
    make -C "$SRC" --no-print-directory install BUILD="$T/build" PREFIX="$P" \
        SYSCONFDIR="$ETC" STATEDIR="$STATE" BIZDESK_GROUP="$G" >"$T/install.log" 2>&1
}

inst_user() {
    useradd -U -M -p '*' -d "$T/home-$1" -s /bin/sh "$1" || return 1
    INST_USERS="$INST_USERS $1"
    mkdir -p "$T/home-$1" && chown "$1:$1" "$T/home-$1"
}

# inst_on_cleanup CMD: run CMD first at cleanup (a test's own servers).
inst_on_cleanup() { INST_CLEANUPS="$INST_CLEANUPS$1;"; }

# inst_pids UID: the processes running as UID (from /proc: procps may be
# missing on a fresh machine; the real uid, since a setgid process's /proc
# entry belongs to root).
inst_pids() {
    for d in /proc/[0-9]*; do
        u=$(sed -n 's/^Uid:[[:space:]]*\([0-9]*\).*/\1/p' "$d/status" 2>/dev/null)
        [ "$u" = "$1" ] && echo "${d#/proc/}"
    done
}

inst_cleanup() {
    [ -n "$INST_CLEANUPS" ] && eval "$INST_CLEANUPS"
    for u in $INST_USERS; do
        # Only this script's own test users: whatever they still run goes.
        uid=$(id -u "$u" 2>/dev/null) || continue
        i=0
        while [ -n "$(inst_pids "$uid")" ] && [ "$i" -lt 50 ]; do
            kill -KILL $(inst_pids "$uid") 2>/dev/null
            sleep 0.1
            i=$((i + 1))
        done
        userdel "$u" 2>/dev/null
        getent group "$u" >/dev/null && groupdel "$u" 2>/dev/null
    done
    getent group "$G" >/dev/null && groupdel "$G"
    rm -rf "$T"
}
