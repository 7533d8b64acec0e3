#!/bin/sh
# tests/run.sh [--valgrind] BUILD_DIR... - run every test against each
# build: the cmocka unit tests, then the CLI and UI scripts.  Ends with
# "N passed, N failed" and exits non-zero when anything failed.
# --valgrind runs only the CLI scripts, each bizdesk in valgrind's memcheck
# (see tests/lib.sh); checks that cannot work there print "SKIP: ...",
# counted apart.
SRC=$(cd "$(dirname "$0")/.." && pwd)
cd "$SRC" || exit 2
valgrind=
if [ "${1:-}" = --valgrind ]; then
    valgrind=1
    shift
fi
passed=0
failed=0
skipped=0
failures=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # count LABEL: tally PASS/FAIL lines and cmocka summaries in $log
    p=$(grep -c '^PASS: ' "$log")
    f=$(grep -c '^FAIL: ' "$log")
    cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
    p=$((p + ${cp:-0}))
    f=$((f + ${cf:-0}))
    if [ "$1" != ok ] && [ "$f" -eq 0 ]; then
        f=1 # the script or binary died without saying why: a failure
        echo "FAIL: $2 exited with status $1"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    [ "$f" -gt 0 ] && failures="$failures $2"
}

for build in "$@"; do
    echo "=== $build"
    for t in "$build"/tests/test_*; do
        [ -x "$t" ] && [ -z "$valgrind" ] || continue
        name="$build/$(basename "$t")"
        if "$t" >"$log" 2>&1; then st=ok; else st=$?; fi
        grep -E '^\[ +(PASSED|FAILED) +\]|^\[  ERROR|^\[  FAILED' "$log" | sed "s|^|$name: |"
        [ "$st" = ok ] || cat "$log"
        count "$st" "$name"
    done
    scripts="tests/cli/test_*.sh tests/tui/test_*.sh"
    [ -n "$valgrind" ] && scripts="tests/cli/test_*.sh"
    for t in $scripts; do
        [ -f "$t" ] || continue
        name="$build:$t"
        if BIZDESK="$SRC/$build/bizdesk" BIZDESK_VALGRIND=$valgrind sh "$t" >"$log" 2>&1; then
            st=ok
        else
            st=$?
        fi
        sed "s|^|$name: |" "$log" | grep -v ': PASS: '
        count "$st" "$name"
        s=$(grep -c '^SKIP: ' "$log")
        skipped=$((skipped + s))
        msg="$(grep -c '^PASS: ' "$log") passed"
        [ "$s" -gt 0 ] && msg="$msg, $s skipped"
        echo "$name: $msg"
    done
done
[ -n "$failures" ] && echo "failed in:$failures"
[ "$skipped" -gt 0 ] && echo "$skipped skipped (neither passed nor failed)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
