#!/bin/sh
# tests/fuzz/run.sh FUZZ_BUILD SECONDS TARGET... - what `make fuzz` runs.
#
# Runs each libFuzzer target FUZZ_BUILD/TARGET for SECONDS, one at a time,
# on FUZZ_BUILD/corpus/TARGET: a working copy that starts as the seeds and
# crash inputs of tests/fuzz/TARGET and keeps what earlier runs added, so
# the repository's corpus only grows by what someone copies back into it.
# Whatever a target finds (crash-*, leak-*, timeout-*, oom-*) is written
# to FUZZ_BUILD/artifacts/TARGET/, its log to FUZZ_BUILD/logs/TARGET.log.
# Prints one line per target (seconds, runs, coverage) and exits non-zero
# when any target found something.
set -u
[ $# -ge 3 ] || { echo "usage: tests/fuzz/run.sh FUZZ_BUILD SECONDS TARGET..." >&2; exit 2; }
SRC=$(cd "$(dirname "$0")/../.." && pwd)
build=$1
secs=$2
shift 2
export BIZDESK_FUZZ_CONFIG="$SRC/config"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1"
status=0
for t in "$@"; do
    bin=$build/$t
    corpus=$build/corpus/$t
    art=$build/artifacts/$t
    log=$build/logs/$t.log
    mkdir -p "$corpus" "$art" "$build/logs"
    [ -x "$bin" ] || { echo "$t: $bin is missing (make fuzz-build)"; status=1; continue; }
    cp "$SRC/tests/fuzz/$t"/* "$corpus"/ 2>/dev/null
    start=$(date +%s)
    if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$art/" "$corpus" >"$log" 2>&1; then
        result=ok
    else
        result="FOUND something: $(ls -t "$art" | head -1) (see $log)"
        status=1
    fi
    took=$(( $(date +%s) - start ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "$t: ${took} s, ${runs:-?} runs, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) files: $result"
done
exit "$status"
