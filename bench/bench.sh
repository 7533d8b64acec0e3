#!/bin/sh
# bench.sh - lead import and list query figures (run by `make bench`).
#
#   sh bench/bench.sh [BUILD]       BUILD defaults to build
#
# 1. build/bench/gen_leads writes a deterministic CSV of $BENCH_ROWS leads
#    (default 1,000,000; 12 columns, CJK names, quoted amounts, quoted
#    commas and newlines) into a temporary folder, removed at the end.
# 2. sqlite3's own `.import --csv` loads it into an empty database: the
#    baseline rows/s.
# 3. bench/floor.sh moves those rows into a fresh bizdesk database by SQL
#    alone (no parsing, checks or duplicate lookups): what SQLite itself
#    needs for bizdesk's tables, indexes and search index.
#    bench/floor_min.sh does the same into one table with only the indexes
#    the other promises need: the least any design could cost.
# 4. `bizdesk import leads` loads it into a fresh demo database as li.na
#    (sales_manager: holds pipeline.import): rows/s and peak RSS, measured
#    by build/bench/rss (wait4's ru_maxrss, so GNU time is not needed).
# 5. build/bench/query times first pages of the opportunity list on that
#    database: median of $BENCH_RUNS runs (default 20).
# 6. `bizdesk report pipeline` on that database as li.na (her department's
#    pipeline: every lead), written as text: wall time and peak RSS.
# Targets: bizdesk imports at least half as many rows/s as sqlite3, in less
# than 100 MiB; every list query takes less than 10 ms; the pipeline report
# takes less than 3 s.  A missed target is
# reported, not an error: the exit status is non-zero only when something
# could not be measured.
set -eu

cd "$(dirname "$0")/.."
BUILD=${1:-build}
ROWS=${BENCH_ROWS:-1000000}
RUNS=${BENCH_RUNS:-20}
IMPORTER=li.na

for f in "$BUILD/bizdesk" "$BUILD/bench/gen_leads" "$BUILD/bench/rss" "$BUILD/bench/query"; do
    [ -x "$f" ] || { echo "bench: $f is missing (run make bench)" >&2; exit 1; }
done
command -v sqlite3 >/dev/null 2>&1 || { echo "bench: no sqlite3 (sh scripts/deps.sh test)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bizdesk-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

csv=$tmp/leads.csv
rss() { "$BUILD/bench/rss" "$@"; }
# field N of a result line written by rss
res() { awk -v n="$2" '{ print $n }' "$1"; }

echo "bizdesk bench: $ROWS leads, $(nproc 2>/dev/null || echo '?') CPUs, sqlite3 $(sqlite3 --version | cut -d' ' -f1), in $tmp"

rss "$tmp/gen.res" "$BUILD/bench/gen_leads" "$ROWS" "$csv"
csv_bytes=$(wc -c < "$csv")
echo "generated $csv_bytes bytes in $(res "$tmp/gen.res" 1) s"

# ---- sqlite3 baseline ------------------------------------------------------------
if ! rss "$tmp/sqlite.res" sqlite3 "$tmp/sqlite.db" ".import --csv $csv leads" >"$tmp/sqlite.out" 2>&1; then
    echo "bench: sqlite3 .import failed:" >&2
    cat "$tmp/sqlite.out" >&2
    exit 1
fi
sq_rows=$(sqlite3 "$tmp/sqlite.db" "SELECT count(*) FROM leads")
sq_secs=$(res "$tmp/sqlite.res" 1)
sq_kib=$(res "$tmp/sqlite.res" 2)

# ---- the same rows by SQL alone into bizdesk's tables -----------------------------
"$BUILD/bizdesk" --db "$tmp/floor.db" --config config init --demo >/dev/null
if ! fl_secs=$(sh bench/floor.sh "$tmp/sqlite.db" "$tmp/floor.db" "$IMPORTER" 2>"$tmp/floor.err"); then
    echo "bench: bench/floor.sh failed:" >&2
    cat "$tmp/floor.err" >&2
    exit 1
fi
if ! mn_secs=$(sh bench/floor_min.sh "$tmp/sqlite.db" "$tmp/min.db" 2>"$tmp/min.err"); then
    echo "bench: bench/floor_min.sh failed:" >&2
    cat "$tmp/min.err" >&2
    exit 1
fi
rm -f "$tmp/sqlite.db" "$tmp/floor.db"* "$tmp/min.db"*

# ---- bizdesk ----------------------------------------------------------------------
db=$tmp/bizdesk.db
"$BUILD/bizdesk" --db "$db" --config config init --demo >/dev/null
if ! rss "$tmp/bizdesk.res" "$BUILD/bizdesk" --db "$db" --config config --as "$IMPORTER" \
        import leads --quiet "$csv" >"$tmp/bizdesk.out" 2>&1; then
    echo "bench: bizdesk import failed:" >&2
    cat "$tmp/bizdesk.out" >&2
    exit 1
fi
bd_secs=$(res "$tmp/bizdesk.res" 1)
bd_kib=$(res "$tmp/bizdesk.res" 2)
# "N rows: N inserted, N updated, ..."
bd_summary=$(grep -E '^[0-9]+ rows: ' "$tmp/bizdesk.out" || true)
bd_inserted=$(echo "$bd_summary" | sed -n 's/^[0-9]* rows: \([0-9]*\) inserted.*/\1/p')
db_bytes=$(( $(wc -c < "$db") + $( [ -f "$db-wal" ] && wc -c < "$db-wal" || echo 0) ))

# ---- queries ----------------------------------------------------------------------
if ! "$BUILD/bench/query" "$db" "$IMPORTER" "$RUNS" >"$tmp/query.out" 2>"$tmp/query.err"; then
    echo "bench: the list queries failed:" >&2
    cat "$tmp/query.out" "$tmp/query.err" >&2
    exit 1
fi

# ---- the pipeline report ----------------------------------------------------------
if ! rss "$tmp/report.res" "$BUILD/bizdesk" --db "$db" --config config --as "$IMPORTER" \
        report pipeline -o "$tmp/pipeline.txt" >"$tmp/report.out" 2>&1; then
    echo "bench: bizdesk report pipeline failed:" >&2
    cat "$tmp/report.out" >&2
    exit 1
fi
rp_secs=$(res "$tmp/report.res" 1)
rp_kib=$(res "$tmp/report.res" 2)
rp_count=$(sed -n 's/^All stages  *\([0-9]*\) .*/\1/p' "$tmp/pipeline.txt")

# ---- report -----------------------------------------------------------------------
awk -v rows="$ROWS" -v csvb="$csv_bytes" \
    -v rps="$rp_secs" -v rpk="$rp_kib" -v rpn="${rp_count:-0}" -v who="$IMPORTER" \
    -v sqs="$sq_secs" -v sqk="$sq_kib" -v sqr="$sq_rows" -v fls="$fl_secs" -v mns="$mn_secs" \
    -v bds="$bd_secs" -v bdk="$bd_kib" -v bdi="${bd_inserted:-0}" -v summary="$bd_summary" \
    -v dbb="$db_bytes" -v runs="$RUNS" -v qfile="$tmp/query.out" '
function mib(k) { return k / 1024 }
function verdict(ok) { met += ok; missed += !ok; return ok ? "ok" : "MISSED" }
BEGIN {
    sq_rate = sqs > 0 ? sqr / sqs : 0
    bd_rate = bds > 0 ? bdi / bds : 0
    ratio = sq_rate > 0 ? bd_rate / sq_rate : 0
    printf "\nImport of %d rows (%.1f MiB CSV)\n", rows, csvb / 1048576
    printf "  %-22s %10s %12s %12s %10s\n", "", "rows", "seconds", "rows/s", "peak RSS"
    printf "  %-22s %10d %12.2f %12.0f %7.1f MiB\n", "sqlite3 .import --csv", sqr, sqs, sq_rate, mib(sqk)
    printf "  %-22s %10d %12.2f %12.0f %7.1f MiB\n", "bizdesk import leads", bdi, bds, bd_rate, mib(bdk)
    printf "  %-22s %10d %12.2f %12.0f  (bench/floor.sh: SQLite alone, same tables: %.2fx)\n", "SQL into bizdesk schema", sqr, fls, (fls > 0 ? sqr / fls : 0), (fls > 0 && sq_rate > 0 ? sqr / fls / sq_rate : 0)
    printf "  %-22s %10d %12.2f %12.0f  (bench/floor_min.sh: one table, 4 indexes, lean search: %.2fx)\n", "SQL, least possible", sqr, mns, (mns > 0 ? sqr / mns : 0), (mns > 0 && sq_rate > 0 ? sqr / mns / sq_rate : 0)
    printf "  bizdesk said: %s\n", summary
    printf "  bizdesk database after import: %.1f MiB\n", dbb / 1048576
    printf "\n  %-44s %14s %10s  %s\n", "target", "measured", "wanted", ""
    printf "  %-44s %13.2fx %9s  %s\n", "bizdesk rows/s vs sqlite3 rows/s", ratio, ">= 0.50x", verdict(ratio >= 0.5)
    printf "  %-44s %10.1f MiB %10s  %s\n", "bizdesk peak RSS", mib(bdk), "< 100 MiB", verdict(mib(bdk) < 100)
    printf "  %-44s %14d %10d  %s\n", "rows inserted by bizdesk", bdi, rows, verdict(bdi == rows)

    printf "\nList queries (store_opp_page, 50 rows, median of %d runs)\n", runs
    # The query text goes last: it may hold CJK, which printf pads by bytes.
    printf "  %5s %10s %9s %10s %7s  %s\n", "rows", "median ms", "max ms", "wanted", "", "query"
    FS = "|"
    while ((getline line < qfile) > 0) {
        split(line, f, "|")
        printf "  %5d %10.2f %9.2f %6s ms %7s  %s\n", f[2], f[3], f[4], "< " f[5],
               verdict(f[3] + 0 < f[5] + 0), f[1]
    }
    printf "\nPipeline report (bizdesk report pipeline as %s, text)\n", who
    printf "  %-44s %14s %10s  %s\n", "", "measured", "wanted", ""
    printf "  %-44s %12.2f s %8s s  %s\n", "wall time", rps, "< 3", verdict(rps < 3)
    printf "  %-44s %10.1f MiB %10s\n", "peak RSS", mib(rpk), ""
    printf "  %-44s %14d %10d  %s\n", "opportunities in its total", rpn, rows + 0, verdict(rpn >= rows)

    printf "\n%d targets met, %d missed\n", met, missed
}'
