# The Inbox tab in tmux: what awaits a decision in every module, as its own
# tab after Claims.  The supervisor's claims with their flags ("!") and a
# CJK party aligned; selecting rows (Space, *) and approving them in bulk;
# finance approving in bulk while another process approves one of the
# claims (refused as moved on, the other approved); a bulk rejection that
# needs its reason, with a claim that moved on but still waits (refused,
# it stays selected, and is approved next with the version now shown); a
# department head without contracts.use deciding a claim there.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"
W="--as wang.fang"
TB="--as tom.baker"

run init --demo
expect_rc "demo database" 0
# wang.fang's hotel is over its standard (600.00 a night in 上海): flagged.
run $W claim new "上海出差 Shanghai trip"
expect_out "wang.fang drafts a claim" "claim #1 drafted: 上海出差 Shanghai trip"
run $W claim add-line 1 --date 2026-11-20 --place 上海 --category travel --standard hotel \
    --qty 2 --reason "酒店兩晚" --amount 1,300 --invoice INV-1
expect_out "a hotel line over the standard" "claim #1 line 1: travel 1,300.00"
run $W claim submit 1
expect_out "submitted to the supervisor" "claim #1 in_review: 銷售主管 Supervisor"
run $TB claim new "Client visit"
run $TB claim add-line 2 --date 2026-11-21 --category travel --reason taxi --amount 88
expect_out "tom.baker's plain line" "claim #2 line 1: travel 88.00"
run $TB claim submit 2
expect_out "submitted too" "claim #2 in_review: 銷售主管 Supervisor"

# ---- The supervisor: both claims, flags, alignment, bulk approval ------------
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "the supervisor still starts on the Pipeline" "[Pipeline]"
tui_wait "on Today" "Pipeline > Today"
tui_wait "the Inbox is a tab after Claims" "Claims   Inbox   Reviews"
tui_keys Tab Tab Tab
tui_wait "Tab reaches it" "Claims  [Inbox]"
tui_wait "with both claims" "Inbox  2 awaiting your decision"
tui_wait "the columns" "Kind  ID Party        What"
row_wait "wang.fang's claim: kind and number" "上海出差" "claim #1 銷售部 Sales"
row_wait "its amount and currency" "上海出差" "1,300.00 CNY"
row_wait "the step" "上海出差" "銷售主管"
row_wait "who asked" "上海出差" "wang.fang"
row_wait "waiting since today" "上海出差" " 0d "
row_wait "flagged over its standard with !" "上海出差" "! over standard"
row_wait "tom.baker's claim" "Client visit" "claim #2 銷售部 Sales"
row_wait "with its amount" "Client visit" "88.00 CNY"
check "and no flag" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -F 'Client visit' | grep -qF '!'"
row_cjk=$(tui_line_with "上海出差")
row_ascii=$(tui_line_with "Client visit")
what_cjk=$(cells "${row_cjk%%上海出差*}")
what_ascii=$(cells "${row_ascii%%Client visit*}")
check "after the CJK party, what starts at one column ($what_cjk, $what_ascii)" \
    test "$what_cjk" = "$what_ascii"
end_cjk=$(cells "${row_cjk%%1,300.00 CNY*}1,300.00 CNY")
end_ascii=$(cells "${row_ascii%%88.00 CNY*}88.00 CNY")
check "amounts end at one column ($end_cjk, $end_ascii)" test "$end_cjk" = "$end_ascii"
asked_cjk=$(cells "${row_cjk%%wang.fang*}")
asked_ascii=$(cells "${row_ascii%%tom.baker*}")
check "who asked starts at one column ($asked_cjk, $asked_ascii)" test "$asked_cjk" = "$asked_ascii"
row_wait "the cursor is on the oldest" "上海出差" ">  claim #1"

tui_keys Space
tui_wait "Space selects the row" "2 awaiting your decision, 1 selected"
row_wait "marked with *" "上海出差" " * claim #1"
row_wait "and moves down" "Client visit" ">  claim #2"
tui_keys Space
tui_wait "the second too" "2 awaiting your decision, 2 selected"
row_wait "marked too" "Client visit" ">* claim #2"
tui_keys '*'
tui_gone "* with all selected clears them" "2 selected"
check "no row is marked" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -q '^.\\* claim'"
tui_keys '*'
tui_wait "* again selects all" "2 awaiting your decision, 2 selected"
tui_keys a
tui_wait "one form for the batch" "Approve 2 selected items"
tui_wait "its comment is optional" "Optional: one comment for all 2"
tui_type "已核"
tui_keys Enter
tui_wait "both are approved" "approved 2"
tui_wait "and leave the inbox" "Nothing awaits your decision."
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

run --as zhao.min inbox
expect_out "finance's inbox has wang.fang's claim" "claim #1"
expect_out "and tom.baker's" "claim #2"
expect_out "at the finance step" "財務審核 Finance review"
run --as admin audit list --entity claim
expect_out "the supervisor's decisions are audited" "chen.jing	approve	claim#1"
expect_out "both" "chen.jing	approve	claim#2"

# ---- Finance: another process decides one of the selected meanwhile ----------
run --as admin user add qian.cai --name 錢財 --dept finance --role finance --manager huang.lei
expect_rc "a second finance clerk" 0
TUI_ENV="$TUI_ENV" tui_start --as zhao.min
tui_wait "finance starts on Contracts" "[Contracts]"
tui_keys Tab Tab
tui_wait "finance's inbox" "Inbox  2 awaiting your decision"
row_wait "the flag is there for finance too" "上海出差" "! over standard"
tui_keys '*' a
tui_wait "the approval form for both" "Approve 2 selected items"
run --as qian.cai claim approve 2
expect_out "another clerk approves #2 meanwhile" "claim #2 approved"
tui_keys Enter
tui_wait "#2 is refused as moved on, #1 approved" \
    "approved 1; 1 refused: claim #2 moved on while you looked"
tui_wait "the inbox is empty" "Nothing awaits your decision."
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop
run $W claim show 1
expect_out "#1 is approved (below the leadership tier)" "state:      approved"
check "one finance decision on #2, qian.cai's" \
    test "$(sql "SELECT group_concat(u.login) FROM approval_decisions d JOIN users u ON u.id = d.actor_id WHERE d.module = 'claims' AND d.item_id = 2 AND d.action = 'approve' AND d.step = 1")" = "qian.cai"

# ---- A bulk rejection needs its reason; a refused row stays selected ---------
run $W claim new "北京 trip"
run $W claim add-line 3 --date 2026-11-22 --place 北京 --category travel --reason 機票 --amount 900
run $W claim submit 3
expect_out "claim #3 waits for the supervisor" "claim #3 in_review: 銷售主管 Supervisor"
run $TB claim new "Taxi"
run $TB claim add-line 4 --date 2026-11-23 --category travel --reason taxi --amount 45
run $TB claim submit 4
expect_out "claim #4 too" "claim #4 in_review: 銷售主管 Supervisor"
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "the supervisor again" "[Pipeline]"
tui_keys BTab BTab BTab
tui_wait "BTab reaches the Inbox from the other side" "[Inbox]"
tui_wait "two claims" "Inbox  2 awaiting your decision"
tui_keys '*' r
tui_wait "one rejection form for both" "Reject 2 selected items"
tui_wait "the reason is required" "Required: why they go back (one reason for all 2)"
tui_keys Enter
tui_wait "an empty reason keeps the form open, saying why" "comment: a rejection says why"
tui_wait "the form is still there" "Reject 2 selected items"
check "nothing was rejected" test "$(sql "SELECT group_concat(state) FROM claims WHERE id IN (3, 4)")" = "in_review,in_review"
tui_type "請附發票"
# tom.baker withdraws #4 and submits it again: it still waits for chen.jing,
# but not as the screen showed it.
run $TB claim withdraw 4
run $TB claim submit 4
expect_out "#4 is back at the supervisor" "claim #4 in_review: 銷售主管 Supervisor"
tui_keys Enter
tui_wait "#4 is refused as moved on, #3 rejected" \
    "rejected 1; 1 refused: claim #4 moved on while you looked"
tui_wait "#4 still waits" "Inbox  1 awaiting your decision, 1 selected"
row_wait "and stays selected" "Taxi" "* claim #4"
tui_gone "#3 left" "北京 trip"
tui_keys a
tui_wait "a acts on the selection" "Approve claim #4 Taxi"
tui_keys Enter
tui_wait "#4 is approved as now shown" "Approved claim #4"
tui_wait "nothing left" "Nothing awaits your decision."
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop
run $W claim show 3
expect_out "#3 was rejected" "state:      rejected"
expect_out "with the batch's reason" "請附發票"
run $TB claim show 4
expect_out "#4 went on to finance" "財務審核 Finance review"

# ---- A department head without contracts.use decides claims in the Inbox ------
run --as zhao.min claim new "培訓 Training"
run --as zhao.min claim add-line 5 --date 2026-11-23 --category office --reason 教材 --amount 260
run --as zhao.min claim submit 5
expect_out "a finance clerk's claim goes to the department head" "claim #5 in_review: 部門負責人 Department head"
TUI_ENV="$TUI_ENV" tui_start --as huang.lei
tui_wait "the department head opens bizdesk" "黃磊"
check "without a Contracts tab" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -q Contracts"
tui_keys Tab
tui_wait "the Inbox tab is there" "Claims  [Inbox]"
row_wait "with zhao.min's claim" "培訓 Training" "zhao.min"
row_wait "at the department head's step" "培訓 Training" "部門負責人"
row_wait "with the finance department as the party" "培訓 Training" "財務部"
tui_keys Enter
tui_wait "Enter opens the claim's details" "Claim #5"
tui_wait "where the head may decide it" "You may     approve (A), reject (R)"
tui_keys A
tui_wait "A approves" "Approve claim #5 培訓 Training"
tui_keys Enter
tui_wait "approved on to finance" "Approved claim #5: it goes on to 財務審核"
tui_keys q
tui_gone "q closes the details" "Claim #5"
tui_wait "and the inbox follows" "Nothing awaits your decision."
tui_keys '?'
tui_wait "help lists the Inbox keys first" "Inbox: everything awaiting your decision"
tui_wait "with the selection" "Select row or unselect it (marked *), and move down"
tui_keys q
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

run --as admin audit verify
expect_rc "the audit chain holds" 0
man=$(dirname "$BIZDESK")/bizdesk.1
check "bizdesk(1) lists the Inbox keys" grep -q "Select all rows, or none when all are selected" "$man"
finish
