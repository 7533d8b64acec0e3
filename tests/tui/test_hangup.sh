# The terminal goes away in the middle of a form (an SSH drop, a killed
# tmux): bizdesk must end, not spin, and save nothing half-made.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

run init --demo --no-sample
tui_start --as wang.fang
tui_wait "the Pipeline opens" "Pipeline > Today"
tui_keys 2
tui_wait "the list" "Pipeline > Opportunities"
tui_keys a
tui_wait "the add form is open" "Add lead"
tui_type "半途公司"
pid=$(pgrep -f -n "$BIZDESK --as wang.fang" || true)
check "bizdesk is running ($pid)" test -n "$pid"
tui_stop
end=$(( $(now_ms) + 5000 ))
while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(now_ms)" -lt "$end" ]; do sleep 0.05; done
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    fail "bizdesk ends when its terminal goes away (pid $pid still runs)"
    kill -9 "$pid" 2>/dev/null
else
    pass "bizdesk ends when its terminal goes away"
fi
check "nothing half-saved" test "$(sql "SELECT count(*) FROM opportunities")" = 0
check "the database is intact" test "$(sql "PRAGMA integrity_check")" = ok
finish
