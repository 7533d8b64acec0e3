# kill -9 at random moments during approvals, many times: afterwards the
# file's integrity and the audit chain hold, and each approval is wholly
# there (the claim moved to finance, its decision row and its audit row)
# or wholly absent (none of the three).
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
N=${KILL_ROUNDS:-24}
# Under valgrind bizdesk takes far longer than 29 ms to start, so every
# kill would land before it began: the kills are skipped, and a few claims
# are enough to take the approvals through memcheck.
[ -n "$VALGRIND" ] && N=${KILL_ROUNDS:-4}
run init --demo --no-sample
i=1
while [ "$i" -le "$N" ]; do
    run --as wang.fang claim new "差旅 $i"
    run --as wang.fang claim add-line "$i" --date 2026-11-20 --category office --reason r \
        --amount 10
    run --as wang.fang claim submit "$i"
    i=$((i + 1))
done
check "$N claims wait for the supervisor" \
    test "$(sql "SELECT count(*) FROM claims WHERE state = 'in_review' AND review_step = 0")" -eq "$N"

# Each approval is killed after 0 to 29 ms: some before they begin, some
# in the middle, some after they commit.
if [ -n "$VALGRIND" ]; then
    skip "kill -9 during approvals: under valgrind every kill lands before bizdesk starts"
else
    i=1
    while [ "$i" -le "$N" ]; do
        "$BIZDESK" --as chen.jing claim approve "$i" >/dev/null 2>&1 &
        pid=$!
        sleep "0.0$(( (i * 7) % 3 ))$(( (i * 3) % 10 ))"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        i=$((i + 1))
    done

    check "integrity_check is ok after $N kills" test "$(sql 'PRAGMA integrity_check')" = ok
    run --as admin audit verify
    expect_rc "the audit chain verifies" 0
    moved=$(sql "SELECT count(*) FROM claims WHERE review_step = 1")
    decided=$(sql "SELECT count(*) FROM approval_decisions WHERE module = 'claims' AND action = 'approve'")
    audited=$(sql "SELECT count(*) FROM audit WHERE entity = 'claim' AND action = 'approve'")
    echo "note: of $N approvals killed at random, $moved went through"
    check "each approval is whole: moved $moved, decisions $decided, audit rows $audited" \
        sh -c "[ '$moved' = '$decided' ] && [ '$decided' = '$audited' ]"
    check "the same claims: every moved claim has its decision" test "$(sql "SELECT count(*) FROM claims c WHERE (c.review_step = 1) <> EXISTS (SELECT 1 FROM approval_decisions d WHERE d.module = 'claims' AND d.item_id = c.id AND d.action = 'approve')")" -eq 0
    check "and nothing is half-moved" test "$(sql "SELECT count(*) FROM claims WHERE state <> 'in_review'")" -eq 0
fi
# What was cut off can be done again.
i=1
while [ "$i" -le "$N" ]; do
    if [ "$(sql "SELECT review_step FROM claims WHERE id = $i")" = 0 ]; then
        "$BIZDESK" --as chen.jing claim approve "$i" >/dev/null 2>&1 || echo x >>"$T/retry.fail"
    fi
    i=$((i + 1))
done
check "every cut-off approval succeeds when tried again" test ! -e "$T/retry.fail"
check "then all $N are with finance" test "$(sql "SELECT count(*) FROM claims WHERE review_step = 1")" -eq "$N"
run --as admin audit verify
expect_rc "the audit chain verifies at the end" 0
finish
