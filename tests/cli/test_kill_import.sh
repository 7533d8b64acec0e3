# kill -9 at random moments during a large lead import, many times: after
# each kill the file's integrity and the audit chain hold, the list
# indexes (dropped for a bulk load and built again at its end) are all
# there, and the import is wholly there or wholly absent: the lead count
# is the one before, or the one before plus every row of the file.
#
# KILL_ROUNDS (8), KILL_ROWS (40000; 8000 on the sanitizer build, which is
# several times slower) and KILL_SEED (the clock) may be set; the seed is
# printed so a failing run can be repeated.
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
case "$BIZDESK" in
*/san/*) rows=${KILL_ROWS:-8000} ;;
*) rows=${KILL_ROWS:-40000} ;;
esac
N=${KILL_ROUNDS:-8}
seed=${KILL_SEED:-$(date +%s)}
M="--as li.na" # the sales manager: may import
ms() { date +%s%3N; }
opps() { sql "SELECT count(*) FROM opportunities"; }
imports() { sql "SELECT count(*) FROM audit WHERE entity = 'import' AND action = 'import'"; }
indexes() { sql "SELECT count(*) FROM sqlite_schema WHERE type = 'index'"; }
# leads R: a file of $rows leads that no other round shares (company,
# phone and e-mail carry the round), so a whole import adds every row.
# Notes pad the file past 8 MiB, the size from which an import loads in
# bulk (the list indexes dropped, then built again before the commit):
# the path a kill can hurt most.
pad=$(( (8 * 1048576 + 262144) / rows - 64 ))
[ "$pad" -gt 0 ] || pad=0
leads() {
    awk -v r="$1" -v n="$rows" -v pad="$pad" 'BEGIN {
        p = ""
        for (k = 0; k < pad; k++) p = p "x"
        print "公司名稱,聯繫人,電話,郵箱,備註"
        for (i = 0; i < n; i++)
            printf "第%d輪公司%d,聯繫人%d,13%d%08d,r%du%d@x.cn,%s\n", r, i, i, r % 10, i, r, i, p
    }' > "$T/round$1.csv"
}

run init --demo --no-sample
expect_rc "demo database" 0
start=$(ms)

# Round 0 goes through whole: how long an import takes on this machine
# (shared, perhaps loaded) sets the window the kills are spread over.
leads 0
t0=$(ms)
run $M import leads "$T/round0.csv" --quiet --rejects "$T/r0.csv"
full=$(( $(ms) - t0 ))
expect_out "round 0: the whole file imports ($rows rows in $full ms)" "$rows rows: $rows inserted"
idx=$(indexes)
check "the files are large enough to load in bulk (8 MiB)" \
    test "$(stat -c %s "$T/round0.csv")" -ge 8388608
echo "note: seed $seed, $N kills over $((full * 16 / 10)) ms, $rows rows per file"

# Round i is killed after a delay drawn from the i-th of N equal slices of
# 0 .. 1.6 x the full run (later rounds load into a larger database): the
# first before the import has begun, the last perhaps after it committed,
# the rest in between (parsing, loading, rebuilding the indexes,
# committing).
delays=$(awk -v s="$seed" -v n="$N" -v w="$((full * 16 / 10))" 'BEGIN {
    srand(s)
    for (i = 0; i < n; i++) printf "%d\n", (i + rand()) / n * w
}')
i=1
whole=0
for d in $delays; do
    leads "$i"
    before=$(opps)
    audited=$(imports)
    "$BIZDESK" $M import leads "$T/round$i.csv" --quiet --rejects "$T/r$i.csv" >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v d="$d" 'BEGIN { printf "%.3f", d / 1000 }')"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    after=$(opps)
    check "round $i (killed after $d ms): integrity_check is ok" test "$(sql 'PRAGMA integrity_check')" = ok
    run --as admin audit verify
    expect_rc "round $i: the audit chain verifies" 0
    if [ "$after" -eq "$before" ]; then
        check "round $i: wholly absent ($after leads) and not audited" test "$(imports)" -eq "$audited"
    elif [ "$after" -eq $((before + rows)) ]; then
        whole=$((whole + 1))
        check "round $i: wholly there ($after leads) with its audit row" test "$(imports)" -eq $((audited + 1))
    else
        fail "round $i: half an import: $before leads before, $after after (file of $rows)"
    fi
    check "round $i: every index is there ($idx)" test "$(indexes)" -eq "$idx"
    i=$((i + 1))
done
echo "note: of $N imports killed at random, $whole went through whole; $(( $(ms) - start )) ms in all"

# What was cut off can be done again, and the database takes it.
run $M import leads "$T/round1.csv" --quiet --rejects "$T/r1-again.csv"
expect_rc "a killed file imports when tried again" 0
check "round 1's rows are all there once" \
    test "$(sql "SELECT count(*) FROM customers WHERE name LIKE '第1輪公司%'")" -eq "$rows"
finish
