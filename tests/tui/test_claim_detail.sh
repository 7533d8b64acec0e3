# A claim's details in tmux: opened from the Inbox by the supervisor (the
# header, what the actor may do and why not, the line flagged over its
# standard with the reason, the budget left, the history; lines are the
# claimant's to change; a rejection needs its reason), then by the
# claimant from Claims > My claims: the line editor, whose total follows
# the amount as it is typed, whose standards follow the category, which
# stays open on the field the app refuses, and whose saved line shows with
# the new total; deleting asks first; submitting again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"
W="--as wang.fang"

run init --demo
expect_rc "demo database" 0
run $W claim new "上海出差 Shanghai trip"
expect_out "wang.fang drafts a claim" "claim #1 drafted: 上海出差 Shanghai trip"
run $W claim add-line 1 --date 2026-11-20 --place 上海 --category travel --standard hotel \
    --qty 2 --reason "酒店兩晚" --amount 1,300 --invoice INV-1
expect_out "a hotel line over the standard" "claim #1 line 1: travel 1,300.00"
run $W claim submit 1
expect_out "submitted to the supervisor" "claim #1 in_review: 銷售主管 Supervisor"

# ---- The supervisor, from the Inbox ------------------------------------------------
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "chen.jing starts on the Pipeline" "[Pipeline]"
tui_keys Tab Tab Tab
tui_wait "her inbox" "Inbox  1 awaiting your decision"
tui_keys Enter
tui_wait "Enter opens the claim's details" "Claim #1"
tui_wait "the title" "#1  上海出差 Shanghai trip"
tui_wait "the claimant and department" "Claimant    王芳 (wang.fang), 銷售部 Sales"
tui_wait "the state and the step" "State       in review, awaiting 銷售主管 Supervisor (round 1)"
tui_wait "the total" "Total       1,300.00 CNY in 1 line"
tui_wait "what to look at" "Look at     ! over standard"
tui_wait "what the supervisor may do" "You may     approve (A), reject (R)"
tui_wait "and why not the rest" "submit: only its author submits it"
row_wait "the line, marked !" "2026-11-20  上海" " !  1 "
row_wait "with its category and amount" "2026-11-20  上海" "差旅 Travel"
row_wait "its amount" "2026-11-20  上海" "1,300.00  酒店兩晚"
tui_wait "the reason of the mark under it" "! 住宿 Hotel, per night: 1,300.00 is over 1,200.00 (600.00 x 2)"
tui_wait "its invoice" "invoice INV-1"
row_wait "the budget left after it" "差旅 Travel   2026" "120,000.00"
row_wait "left after" "差旅 Travel   2026" "118,700.00"
row_wait "the history" "round 1  submit" "wang.fang"
tui_keys a
tui_wait "lines are the claimant's, and the keys to decide are named" \
    "Refused:    Only its claimant (wang.fang) changes claim #1; A approves it, R rejects it"
tui_keys R
tui_wait "R asks for the reason" "Reject claim #1 上海出差 Shanghai trip"
tui_keys Enter
tui_wait "an empty reason is refused in the form" "comment: a rejection says why"
tui_type "酒店超標，請改"
tui_keys Enter
tui_wait "rejected back to the claimant" "Rejected claim #1: back to wang.fang with your reason"
tui_wait "the details follow" "State       rejected, back with wang.fang (round 1)"
tui_wait "the supervisor may do nothing more" "You may     nothing now"
tui_keys G
row_wait "the rejection is in the history" "round 1  reject" "chen.jing"
tui_wait "with its reason" "\"酒店超標，請改\""
tui_keys q
tui_gone "q closes the details" "Claim #1"
tui_wait "the inbox is empty" "Nothing awaits your decision."
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

# ---- The claimant: the line editor -------------------------------------------------
TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "wang.fang starts on the Pipeline" "[Pipeline]"
tui_keys Tab Tab
tui_wait "the Claims tab lists her claim" "上海出差 Shanghai trip"
tui_keys Enter
tui_wait "Enter opens its details" "Claim #1"
tui_wait "she may add and delete lines, and submit" \
    "You may     submit (s), add a line (a), delete a line (d)"
tui_keys A
tui_wait "she may not approve her own" "Refused:    Cannot approve claim #1:"
tui_keys a
tui_wait "a opens the line form" "New line of claim #1 上海出差 Shanghai trip"
tui_wait "the date is today" "Date >2026-11-24"
tui_wait "the footer shows the claim's total" "Claim total 1,300.00 CNY; the amount adds to it"
tui_keys Tab
tui_type "上海"
tui_keys Tab
tui_wait "the first category" "< 市場推廣 Marketing promotion >"
tui_keys Tab Right
tui_wait "marketing has no standard" "Standard >< (none) >"
tui_keys BTab Right
tui_wait "the category changes" "< 差旅 Travel >"
tui_keys Tab Right
tui_wait "travel's standards follow it" "Standard >< 住宿 Hotel, per night >"
tui_keys Left
tui_wait "and back to none" "Standard >< (none) >"
tui_keys Tab Tab
tui_type "高鐵"
tui_keys Tab
tui_type "5"
tui_wait "the total follows the amount as it is typed" "New total 1,305.00 CNY (1,300.00 + 5.00)"
tui_type "53.5"
tui_wait "digit by digit" "New total 1,853.50 CNY (1,300.00 + 553.50)"
tui_type "x"
tui_wait "text that is not money yet shows ?" "New total ? (1,300.00 + an amount that is not money yet)"
tui_keys BSpace
tui_wait "and back" "New total 1,853.50 CNY (1,300.00 + 553.50)"
check "nothing is saved while typing" test "$(sql "SELECT count(*) FROM claim_lines WHERE claim_id = 1")" = 1
tui_keys Tab
tui_type "INV-1"
tui_keys Enter
tui_wait "an invoice used on line 1 is refused, naming the field" \
    "line 2: invoice: invoice INV-1 is on line 1 too"
tui_wait "the form stays open on that field" "Invoice >INV-1"
tui_wait "with what was typed" "New total 1,853.50 CNY (1,300.00 + 553.50)"
tui_keys C-u
tui_type "INV-2"
tui_keys Enter
tui_wait "the line is saved" "Added line 2 to claim #1: 差旅 Travel 553.50"
tui_gone "the form closed" "New line of claim #1"
tui_wait "the details show the new total" "Total       1,853.50 CNY in 2 lines"
row_wait "and the line" "2026-11-24  上海" "553.50  高鐵"
check "saved with its fields" test "$(sql "SELECT on_date, place, category, standard, amount, invoice FROM claim_lines WHERE claim_id = 1 AND lineno = 2")" = "2026-11-24|上海|travel||55350|INV-2"

# Delete asks which line, then asks first.
tui_keys d
tui_wait "d asks which line" "Delete a line of claim #1"
tui_keys Right
tui_wait "the second line" "< 2  2026-11-24  553.50  高鐵 >"
tui_keys Enter
tui_wait "then asks first" "Delete line 2  2026-11-24  553.50  高鐵 of claim #1?"
tui_keys n
tui_wait "no keeps it" "Left claim #1 as it was"
tui_wait "the total is as it was" "Total       1,853.50 CNY in 2 lines"

tui_keys s
tui_wait "s asks first" "Submit claim #1 (1,853.50 CNY) for review?"
tui_keys y
tui_wait "submitted again" "Submitted claim #1: it waits for 銷售主管 Supervisor"
tui_wait "round 2" "State       in review, awaiting 銷售主管 Supervisor (round 2)"
tui_wait "now she may only withdraw" "You may     withdraw (w)"
tui_keys '?'
tui_wait "help lists the details' keys first" "A claim's details"
tui_wait "the line editor" "Add line to it, in a form that shows the new total as you type"
tui_keys q
tui_wait "back on the details" "Claim #1"
tui_keys q
tui_gone "q closes them" "Claim #1"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

run $W claim show 1
expect_out "the CLI sees the line added in the UI" "total:      1,853.50"
run --as admin audit list --entity claim
expect_out "the line is audited as the claimant's" "wang.fang	add_line	claim#1"
expect_out "the rejection as the supervisor's" "chen.jing	reject	claim#1"
run --as admin audit verify
expect_rc "the audit chain holds" 0
man=$(dirname "$BIZDESK")/bizdesk.1
check "bizdesk(1) lists the details' keys" grep -q "A claim's details" "$man"
finish
