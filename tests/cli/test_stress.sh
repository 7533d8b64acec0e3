# Load: eight processes at once against one database through the CLI.
# Five reps each do ROUNDS rounds of mixed work (a lead, an activity on it,
# a stage move; a claim with two lines, submitted; a contract drafted with
# its seven clauses and a milestone, submitted), then sign their contracts
# once approved.  At the same time the supervisor approves the claims,
# legal the contracts, and finance approves both, pays the claims and
# records the customers' payments of the receivables.  Afterwards: no
# operation failed (busy waits happen inside bizdesk, never "database is
# locked" to the user), every operation has exactly one audit row, claim
# totals equal their lines, the receivables' paid amounts equal the
# payments recorded, everything ended where it should, the file's
# integrity and the audit chain hold.  The throughput is printed, not
# asserted (timing is for make bench).
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
ROUNDS=${STRESS_ROUNDS:-12}
# Under valgrind each operation is many times slower: two rounds still
# take eight processes through the busy waits, in memcheck, and the wait
# for another's write is allowed a minute instead of the policy's 5 s.
if [ -n "$VALGRIND" ]; then
    ROUNDS=${STRESS_ROUNDS:-2}
    mkdir -p "$T/cfg"
    cp "$SRC"/config/*.yaml "$T/cfg/"
    sed -i 's/^\( *busy_timeout_ms:\).*/\1 60000/' "$T/cfg/bizdesk.yaml"
    export BIZDESK_CONFIG="$T/cfg"
fi
REPS=5
ITEMS=$((REPS * ROUNDS))           # claims, contracts and leads, each
DEADLINE=$(( $(date +%s) + ${STRESS_SECONDS:-600} ))
run init --demo --no-sample
expect_rc "an empty demo database" 0
audit_before=$(sql "SELECT count(*) FROM audit")

# op N WHO ARGS...: one bizdesk operation of worker N; its output in
# $T/op.N.  A success is counted in ok.N, a failure in fail.N with its
# message in err.N.
op() {
    n=$1 who=$2
    shift 2
    if "$BIZDESK" --as "$who" "$@" >"$T/op.$n" 2>>"$T/err.$n"; then
        echo "$*" >>"$T/ok.$n"
        return 0
    fi
    echo "$who $*" >>"$T/fail.$n"
    return 1
}

# The ids of the KIND (claim, contract) waiting in WHO's inbox.
waiting() {
    "$BIZDESK" --as "$1" inbox 2>>"$T/err.poll" | sed -n "s/^$2 #\([0-9][0-9]*\) .*/\1/p"
}

late() {
    if [ "$(date +%s)" -gt "$DEADLINE" ]; then
        echo "worker $1 gave up: $2" >>"$T/fail.$1"
        return 0
    fi
    return 1
}

rep() {
    n=$1 who=$2 i=0
    : >"$T/contracts.$n"
    while [ "$i" -lt "$ROUNDS" ]; do
        i=$((i + 1))
        op "$n" "$who" lead add --company "壓力 $n-$i 有限公司" --contact "C $n $i" --value 1,000 ||
            continue
        id=$(sed -n 's/^added lead #\([0-9][0-9]*\).*/\1/p' "$T/op.$n")
        op "$n" "$who" activity add "$id" --kind call --summary "call $i"
        op "$n" "$who" lead move "$id" qualified
        # The lead's customer, for its contract (read-only: not counted).
        customer=$("$BIZDESK" --as "$who" lead show "$id" 2>>"$T/err.$n" |
                   sed -n 's/^customer: *#\([0-9][0-9]*\).*/\1/p')
        if op "$n" "$who" claim new "出差 $n-$i"; then
            cid=$(sed -n 's/^claim #\([0-9][0-9]*\).*/\1/p' "$T/op.$n")
            for a in 12.34 56.78; do
                op "$n" "$who" claim add-line "$cid" --date 2026-11-20 --category office \
                    --reason "紙 $a" --amount "$a"
            done
            op "$n" "$who" claim submit "$cid"
        fi
        op "$n" "$who" contract draft --customer "$customer" --title "合同 $n-$i" \
            --amount 1,000 --start 2027-01-01 --end 2027-12-31 || continue
        k=$(sed -n 's/^drafted contract #\([0-9][0-9]*\).*/\1/p' "$T/op.$n")
        for cl in rights product_spec price delivery acceptance payment_terms breach; do
            op "$n" "$who" contract clause "$k" "$cl" "約定 $cl $n-$i"
        done
        op "$n" "$who" contract milestones "$k" "全款|2027-06-30|1,000"
        op "$n" "$who" contract submit "$k" && echo "$k" >>"$T/contracts.$n"
    done
    # Sign each contract once legal and finance have approved it.
    for k in $(cat "$T/contracts.$n"); do
        until "$BIZDESK" --as "$who" contract show "$k" 2>>"$T/err.$n" |
              grep -q '^state: *approved'; do
            late "$n" "contract #$k never approved" && return
            sleep 0.2
        done
        op "$n" "$who" contract sign "$k" --date 2026-11-25
    done
}

# approver N WHO KIND: approve every KIND waiting for WHO until ITEMS
# were approved.
approver() {
    n=$1 who=$2 kind=$3 done=0
    while [ "$done" -lt "$ITEMS" ]; do
        ids=$(waiting "$who" "$kind")
        [ -z "$ids" ] && { late "$n" "$done of $ITEMS ${kind}s approved" && return; sleep 0.1; }
        for id in $ids; do
            op "$n" "$who" "$kind" approve "$id" && done=$((done + 1))
        done
    done
}

# Finance: approves claims and contracts at its step, pays the approved
# claims, and records the payment of every open receivable.
finance() {
    n=$1 who=zhao.min claims=0 contracts=0 paid=0 received=0
    while [ "$claims" -lt "$ITEMS" ] || [ "$contracts" -lt "$ITEMS" ] ||
          [ "$paid" -lt "$ITEMS" ] || [ "$received" -lt "$ITEMS" ]; do
        busy=0
        for id in $(waiting "$who" claim); do
            op "$n" "$who" claim approve "$id" && claims=$((claims + 1))
            busy=1
        done
        for id in $(waiting "$who" contract); do
            op "$n" "$who" contract approve "$id" && contracts=$((contracts + 1))
            busy=1
        done
        for id in $("$BIZDESK" --as "$who" claim queue 2>>"$T/err.poll" |
                    awk '$NF ~ /T/ && / approved / { print $1 }'); do
            op "$n" "$who" claim pay "$id" --method cash && paid=$((paid + 1))
            busy=1
        done
        for id in $("$BIZDESK" --as "$who" ar list 2>>"$T/err.poll" |
                    awk '$NF == "open" { print $1 }'); do
            op "$n" "$who" ar pay "$id" 1,000 --method transfer && received=$((received + 1))
            busy=1
        done
        if [ "$busy" = 0 ]; then
            late "$n" "finance: $claims/$contracts approved, $paid paid, $received received" &&
                return
            sleep 0.1
        fi
    done
}

start=$(date +%s.%N)
pids=""
n=0
for who in wang.fang tom.baker wang.fang tom.baker wang.fang; do
    n=$((n + 1))
    rep "$n" "$who" &
    pids="$pids $!"
done
approver 6 chen.jing claim &
pids="$pids $!"
approver 7 sun.li contract &
pids="$pids $!"
finance 8 &
pids="$pids $!"
for p in $pids; do wait "$p"; done
end=$(date +%s.%N)

ops=$(cat "$T"/ok.* 2>/dev/null | wc -l)
fails=$(cat "$T"/fail.* 2>/dev/null | wc -l)
if [ "$fails" -eq 0 ]; then
    pass "no operation of 8 processes failed ($ops operations)"
else
    fail "no operation of 8 processes failed ($fails failed of $((ops + fails)))"
    cat "$T"/fail.* | head -5 | sed 's/^/    /'
    cat "$T"/err.* 2>/dev/null | head -5 | sed 's/^/    /'
fi
if grep -qil "locked\|busy" "$T"/err.* 2>/dev/null; then
    fail "nobody was told the database is locked or busy"
    grep -ih "locked\|busy" "$T"/err.* | head -5 | sed 's/^/    /'
else
    pass "nobody was told the database is locked or busy"
fi
for n in 1 2 3 4 5; do
    check "rep $n did all its $((ROUNDS * 18)) operations" \
        test "$(wc -l <"$T/ok.$n")" -eq $((ROUNDS * 18))
done
check "every lead is there, moved once" \
    test "$(sql "SELECT count(*) FROM opportunities WHERE company LIKE '壓力 %' AND stage = 'qualified'")" -eq "$ITEMS"
check "every claim is paid, with its two lines" \
    test "$(sql "SELECT count(*) FROM claims WHERE state = 'paid' AND (SELECT count(*) FROM claim_lines WHERE claim_id = claims.id) = 2")" -eq "$ITEMS"
check "claim totals equal the sum of their lines" \
    test "$(sql 'SELECT count(*) FROM claims c WHERE total <> (SELECT coalesce(sum(amount), 0) FROM claim_lines WHERE claim_id = c.id)')" -eq 0
check "every contract is signed with its seven clauses" \
    test "$(sql "SELECT count(*) FROM contracts WHERE state = 'signed' AND (SELECT count(*) FROM contract_clauses WHERE contract_id = contracts.id AND body <> '') = 7")" -eq "$ITEMS"
check "every receivable is paid" \
    test "$(sql "SELECT count(*) FROM receivables WHERE state = 'paid' AND paid = amount")" -eq "$ITEMS"
check "what receivables say is paid equals the payments recorded" \
    test "$(sql 'SELECT (SELECT sum(paid) FROM receivables) = (SELECT sum(amount) FROM payments)')" = 1
check "every approval is recorded once: two steps of each claim and contract" \
    test "$(sql "SELECT count(*) FROM approval_decisions WHERE action = 'approve'")" -eq $((4 * ITEMS))
check "every operation has its audit row, once ($ops)" \
    test "$(sql "SELECT count(*) FROM audit")" -eq $((audit_before + ops))
check "integrity_check is ok" test "$(sql 'PRAGMA integrity_check')" = ok
run --as admin audit verify
expect_rc "the audit chain verifies" 0
rate=$(echo "$ops $start $end" | awk '{ printf "%.0f", $1 / ($3 - $2) }')
echo "note: $ops operations by 8 processes in $(echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }') s: $rate operations/s"
finish
