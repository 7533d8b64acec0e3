# The terminal goes away in the middle of a form (an SSH drop, a killed
# tmux): bizdesk must end, not spin, and save nothing half-made; what was
# typed is kept as a draft that the same form offers back next time.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

# wait_gone NAME PID: PASS when process PID ends within 5 seconds.
wait_gone() {
    end=$(( $(now_ms) + 5000 ))
    while [ -n "$2" ] && kill -0 "$2" 2>/dev/null && [ "$(now_ms)" -lt "$end" ]; do sleep 0.05; done
    if [ -n "$2" ] && kill -0 "$2" 2>/dev/null; then
        fail "$1 (pid $2 still runs)"
        kill -9 "$2" 2>/dev/null
    else
        pass "$1"
    fi
}
drafts() { sql "SELECT count(*) FROM drafts"; }

run init --demo --no-sample
tui_start --as wang.fang
tui_wait "the Pipeline opens" "Pipeline > Today"
tui_keys 2
tui_wait "the list" "Pipeline > Opportunities"
tui_keys a
tui_wait "the add form is open" "─ Add lead ─"
tui_type "半途公司"
tui_keys Tab
tui_type "張半途"
row_wait "the contact is typed" "│    Contact" "張半途"
pid=$(pgrep -f -n "$BIZDESK --as wang.fang" || true)
check "bizdesk is running ($pid)" test -n "$pid"
tui_stop
wait_gone "bizdesk ends when its terminal goes away" "$pid"
check "nothing half-saved" test "$(sql "SELECT count(*) FROM opportunities")" = 0
check "the database is intact" test "$(sql "PRAGMA integrity_check")" = ok
check "the typed text is kept as one draft" test "$(drafts)" = 1
check "the draft is wang.fang's, of the add form" test \
    "$(sql "SELECT u.login || '|' || d.form FROM drafts d JOIN users u ON u.id = d.user_id")" = \
    "wang.fang|Add lead"
check "the draft holds both fields" test \
    "$(sql "SELECT json_extract(fields, '\$.Company') || '|' || json_extract(fields, '\$.Contact') FROM drafts")" = \
    "半途公司|張半途"
check "and when it was saved" test -n "$(sql "SELECT saved_at FROM drafts WHERE saved_at LIKE '____-__-__T__:__:__Z'")"

# Another user does not see wang.fang's draft.
tui_start --as chen.jing
tui_wait "chen.jing's Pipeline opens" "Pipeline > Today"
tui_keys 2
tui_wait "chen.jing's list" "Pipeline > Opportunities"
tui_keys a
tui_wait "chen.jing's add form opens" "─ Add lead ─"
check "without offering another user's draft" not_shown "Restore the unsaved draft"
tui_keys Escape
tui_gone "chen.jing leaves the empty form" "─ Add lead ─"
tui_keys q
tui_wait "chen.jing quits" "[exited 0]"
tui_stop

# Next time, the same form offers the draft; yes puts the text back.
tui_start --as wang.fang
tui_wait "the Pipeline opens again" "Pipeline > Today"
tui_keys 2
tui_wait "the list again" "Pipeline > Opportunities"
tui_keys a
tui_wait "the same form offers the draft" "Restore the unsaved draft of this form"
tui_keys y
tui_wait "the form opens" "─ Add lead ─"
row_wait "with the company typed before" "│    Company" "半途公司"
row_wait "and the contact" "│    Contact" "張半途"
check "the draft stays until the form is saved" test "$(drafts)" = 1
tui_keys Enter
tui_gone "the form is saved" "─ Add lead ─"
row_wait "the lead is in the list" "半途公司" "張半途"
check "the record exists" test "$(sql "SELECT count(*) FROM opportunities o JOIN customers c ON c.id = o.customer_id WHERE c.name = '半途公司'")" = 1
check "and the draft is gone" test "$(drafts)" = 0

# No: the draft is discarded and the form opens empty.
tui_keys a
tui_wait "the form opens for a second lead" "─ Add lead ─"
tui_type "第二家"
row_wait "a second company is typed" "│    Company" "第二家"
pid=$(pgrep -f -n "$BIZDESK --as wang.fang" || true)
tui_stop
wait_gone "bizdesk ends again when its terminal goes away" "$pid"
check "a second draft is kept" test "$(drafts)" = 1

# A hang-up while the offer is asked is no answer: the draft stays.
tui_start --as wang.fang
tui_wait "the Pipeline opens for the offer" "Pipeline > Today"
tui_keys 2 a
tui_wait "the offer is asked" "Restore the unsaved draft of this form"
pid=$(pgrep -f -n "$BIZDESK --as wang.fang" || true)
tui_stop
wait_gone "bizdesk ends during the offer" "$pid"
check "the draft is not discarded by the hang-up" test "$(drafts)" = 1
check "and still holds its text" test "$(sql "SELECT json_extract(fields, '\$.Company') FROM drafts")" = 第二家
tui_start --as wang.fang
tui_wait "the Pipeline opens a third time" "Pipeline > Today"
tui_keys 2 a
tui_wait "the draft is offered again" "Restore the unsaved draft of this form"
tui_keys n
tui_wait "the form opens" "─ Add lead ─"
check "n: the form is empty" not_shown "第二家"
check "n: the draft is deleted" test "$(drafts)" = 0
tui_keys Escape
tui_gone "the empty form is left" "─ Add lead ─"
tui_keys q
tui_wait "quit" "[exited 0]"
check "the second lead was never saved" test "$(sql "SELECT count(*) FROM opportunities")" = 1
check "the database is intact at the end" test "$(sql "PRAGMA integrity_check")" = ok

# SIGTERM (a shutdown, an administrator's kill) in a form: the same as a
# hang-up, with the terminal still there to be given back.
tui_start --as wang.fang
tui_wait "the Pipeline opens for the SIGTERM case" "Pipeline > Today"
tui_keys 2 a
tui_wait "the add form is open again" "─ Add lead ─"
tui_type "終止公司"
row_wait "the company is typed" "│    Company" "終止公司"
pid=$(pgrep -f -n "$BIZDESK --as wang.fang" || true)
check "bizdesk is running ($pid)" test -n "$pid"
kill -TERM "$pid"
wait_gone "bizdesk ends on SIGTERM" "$pid"
tui_wait "and gives the terminal back (the pane's shell runs on)" "[exited "
check "the screen is the shell's again, not the form" not_shown "─ Add lead ─"
check "the SIGTERM draft is kept" test "$(sql "SELECT json_extract(fields, '\$.Company') FROM drafts")" = 終止公司
check "nothing half-saved by SIGTERM" test "$(sql "SELECT count(*) FROM opportunities")" = 1
tui_stop
tui_start --as wang.fang
tui_wait "the Pipeline opens after SIGTERM" "Pipeline > Today"
tui_keys 2 a
tui_wait "the SIGTERM draft is offered" "Restore the unsaved draft of this form"
tui_keys y
row_wait "yes restores its text" "│    Company" "終止公司"
tui_keys Escape
tui_wait "leaving asks before the restored text is thrown away" "Discard your changes?"
tui_keys y
tui_gone "the form is left" "─ Add lead ─"
check "discarding the changes discards the draft" test "$(drafts)" = 0
tui_keys q
tui_wait "quit after SIGTERM's draft" "[exited 0]"
finish
