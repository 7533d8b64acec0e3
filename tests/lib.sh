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
ME=$(id -un)

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAILED=1; }
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

# At the end of every script: sanitizer reports are failures.
finish() {
    for f in "$T"/asan.* "$T"/ubsan.*; do
        [ -e "$f" ] || continue
        fail "sanitizer report $(basename "$f")"
        head -30 "$f" | sed 's/^/    /'
    done
    exit "$FAILED"
}
