#!/bin/sh
# The fuzz targets' corpora (tests/fuzz/<target>/: hand-written seeds and
# every input that once crashed, named crash-*) replayed through the
# targets linked with tests/fuzz/replay.c ($BUILD/tests/fuzz_*, built by
# `make unit`).  A crash, a broken check or a sanitizer report is a FAIL.
. "$(dirname "$0")/../lib.sh"

B=$(dirname "$BIZDESK_BIN")
export BIZDESK_FUZZ_CONFIG="$SRC/config"

for src in "$SRC"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    [ "$name" = fuzz_util ] && continue
    bin=$B/tests/$name
    dir=$SRC/tests/fuzz/$name
    if [ ! -x "$bin" ]; then
        fail "$name: no replay binary $bin (built by make unit)"
        continue
    fi
    want=$(find "$dir" -maxdepth 1 -type f ! -name '.*' ! -name 'README*' | wc -l)
    if [ "$want" -eq 0 ]; then
        fail "$name: no inputs in $dir"
        continue
    fi
    "$bin" "$dir" >"$T/replay.out" 2>"$T/replay.err"
    rc=$?
    got=$(grep -c '^ok ' "$T/replay.out")
    if [ "$rc" -eq 0 ] && [ "$got" -eq "$want" ]; then
        pass "$name replays its $want inputs"
    else
        fail "$name: replay status $rc after $got of $want inputs (last: $(tail -1 "$T/replay.out"))"
        head -30 "$T/replay.err" | sed 's/^/    /'
    fi
    crashes=$(find "$dir" -maxdepth 1 -type f -name 'crash-*' | wc -l)
    [ "$crashes" -gt 0 ] && pass "$name: $crashes crash inputs replay cleanly"
done

# The replay refuses what it cannot read, so a lost input is not a pass.
"$B/tests/fuzz_parse" "$T/no-such-input" >/dev/null 2>&1
RC=$?
check "replay fails on a missing input" [ "$RC" -ne 0 ]

finish
