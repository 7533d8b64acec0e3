# tests/lib.sh - shared by the CLI and UI test scripts (POSIX sh).
#
# A test script sources this file, then calls `check NAME CMD...` or the
# expect_* helpers; each prints "PASS: name" or "FAIL: name" (with what was
# seen), which tests/run.sh counts.  Everything runs in a fresh temporary
# folder $T with a pinned environment, against the binary $BIZDESK.

: "${BIZDESK:?run through tests/run.sh (BIZDESK=path/to/bizdesk)}"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/bizdesk-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

export HOME="$T/home" TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset BIZDESK_DB BIZDESK_CONFIG BIZDESK_NOW NO_COLOR
mkdir -p "$HOME"
export BIZDESK_CONFIG="$SRC/config"
export BIZDESK_DB="$T/bizdesk.db"
# Sanitizer reports go to files that every test script checks at its end.
export ASAN_OPTIONS="log_path=$T/asan:abort_on_error=0:detect_leaks=1"
export UBSAN_OPTIONS="log_path=$T/ubsan:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"
# Valgrind mode (tests/run.sh --valgrind): every bizdesk the script starts
# runs in memcheck through tests/valgrind/bizdesk, logging to
# $T/valgrind.PID, and finish fails on a log with an error or a leak.  The
# wrapper execs valgrind on a link to the binary whose path ends with the
# wrapper's own, so `pgrep -f "$BIZDESK ..."` still finds the program.
VALGRIND=
BIZDESK_BIN=$BIZDESK # the binary itself, whatever runs it
if [ -n "${BIZDESK_VALGRIND:-}" ]; then
    VALGRIND=1
    case $BIZDESK in /*) ;; *) BIZDESK=$PWD/$BIZDESK ;; esac
    vg_wrapper=$SRC/tests/valgrind/bizdesk
    mkdir -p "$T/vg${vg_wrapper%/*}"
    ln -s "$BIZDESK" "$T/vg$vg_wrapper"
    export BIZDESK_REAL="$T/vg$vg_wrapper" VALGRIND_LOG="$T/valgrind.%p"
    BIZDESK=$vg_wrapper
fi
# The harness's switch, not bizdesk's: the installed-mode tests check that
# bizdesk names exactly the BIZDESK_* variables it ignores.
unset BIZDESK_VALGRIND
ME=$(id -un)

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAILED=1; }
# skip WHAT: a check that cannot work in this mode (tests/run.sh counts
# it as neither passed nor failed).
skip() { echo "SKIP: $*"; }
FAILED=0

# Run bizdesk; output in $OUT, errors in $ERR, status in $RC.
run() {
    "$BIZDESK" "$@" >"$T/out" 2>"$T/err" </dev/null
    RC=$?
    OUT=$(cat "$T/out")
    ERR=$(cat "$T/err")
}

show() {
    echo "    status: $RC"
    sed 's/^/    out: /' "$T/out" | head -20
    sed 's/^/    err: /' "$T/err" | head -20
}

# expect_rc NAME CODE: the last run exited with CODE.
expect_rc() {
    if [ "$RC" -eq "$2" ]; then pass "$1"; else fail "$1 (wanted status $2)"; show; fi
}

# expect_out NAME TEXT / expect_err NAME TEXT: the last run printed TEXT
# (a fixed string) on stdout / stderr.
expect_out() {
    if grep -qF -- "$2" "$T/out"; then pass "$1"; else fail "$1 (wanted on stdout: $2)"; show; fi
}
expect_err() {
    if grep -qF -- "$2" "$T/err"; then pass "$1"; else fail "$1 (wanted on stderr: $2)"; show; fi
}
expect_no_out() {
    if grep -qF -- "$2" "$T/out"; then fail "$1 (did not want on stdout: $2)"; show; else pass "$1"; fi
}

# expect_golden NAME FILE: stdout equals FILE byte for byte.
expect_golden() {
    if cmp -s "$T/out" "$2"; then pass "$1"; else
        fail "$1 (stdout differs from $2)"
        diff -u "$2" "$T/out" | head -40 | sed 's/^/    /'
    fi
}

# check NAME CMD...: CMD (a shell test) succeeds.
check() {
    name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

# sqlite3 on the test database, for checks from outside bizdesk.
sql() { sqlite3 -batch -noheader "$BIZDESK_DB" "$@"; }

# A memcheck log that reports an error or a leak: its summary counts one,
# or, cut off by a kill before the summary, it shows an error's first line.
vg_bad() {
    grep -qE '^==[0-9]+== ERROR SUMMARY: [1-9]' "$1" && return 0
    grep -q '^==[0-9]*== ERROR SUMMARY: ' "$1" && return 1
    grep -qE '^==[0-9]+== (Invalid |Mismatched |Conditional jump|Use of uninitialised|Syscall param|Source and destination overlap|Argument .* fishy|.* are (definitely|indirectly|possibly) lost)' "$1"
}

# At the end of every script: sanitizer reports and memcheck logs with
# errors or leaks are failures.
finish() {
    for f in "$T"/asan.* "$T"/ubsan.*; do
        [ -e "$f" ] || continue
        fail "sanitizer report $(basename "$f")"
        head -30 "$f" | sed 's/^/    /'
    done
    for f in "$T"/valgrind.*; do
        [ -e "$f" ] && vg_bad "$f" || continue
        fail "valgrind report $(basename "$f"): $(sed -n 's/^==[0-9]*== Command: //p' "$f")"
        sed '1,/^==[0-9]*== Parent PID/d' "$f" | head -60 | sed 's/^/    /'
    done
    exit "$FAILED"
}
