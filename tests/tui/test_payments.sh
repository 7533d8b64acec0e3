# Claims > Payments in tmux: finance sees the approved claims awaiting
# payment, oldest first, with the end of the account each is paid to;
# Space marks two (shown "*"), * marks all and
# none; Enter opens a claim's details; p pays the marked claims with one
# form, which stays open on a date in the future; the claimant without a
# bank account on file is refused with the app's reason while the other
# claim is paid (checked with `bizdesk claim show`), and the refused claim
# stays marked; then it is paid in cash; the queue empties.  A rep has no
# Payments view.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

run init --demo
expect_rc "demo database" 0
# #1 wang.fang's (a bank account on file), #2 tom.baker's (none in the
# demo), both approved by the supervisor and finance.
run --as wang.fang claim new "上海出差 Shanghai trip"
run --as wang.fang claim add-line 1 --date 2026-11-20 --category travel --reason 酒店 --amount 1,300
run --as tom.baker claim new "Client visit"
run --as tom.baker claim add-line 2 --date 2026-11-23 --category travel --reason 機票 --amount 900
for id in 1 2; do
    [ $id = 1 ] && who=wang.fang || who=tom.baker
    run --as $who claim submit $id
    run --as chen.jing claim approve $id
    run --as zhao.min claim approve $id
    expect_out "claim #$id approved" "claim #$id approved"
done

TUI_ENV="$TUI_ENV" tui_start --as zhao.min
tui_wait "finance opens on the Contracts tab" "[Contracts]"
tui_keys Tab 4
tui_wait "4 shows the payment queue" "Claims > Payments  2 awaiting, 2,200.00"
tui_wait "the title line names the view" "[4 Payments]"
tui_wait "with its columns" "     ID Claimant  Title                   "
row_wait "the oldest first, with the cursor" "#1 王芳" ">    #1 王芳      上海出差 Shanghai trip"
row_wait "its total, when it was approved and the account's end" "#1 王芳" \
    "1,300.00 2026-11-24 ...0005"
row_wait "tom.baker's claim" "#2 Tom Baker" "Client visit"
row_wait "its total, and no account on file" "#2 Tom Baker" "900.00 2026-11-24 none"
row1=$(tui_line_with "#1 王芳")
row2=$(tui_line_with "#2 Tom Baker")
check "totals end at one cell on CJK and ASCII rows" \
    test "$(cells "${row1%%1,300.00*}1,300.00")" = "$(cells "${row2%%900.00*}900.00")"

tui_keys Enter
tui_wait "Enter opens the claim's details" "Claim #1"
tui_keys q
tui_gone "q closes them" "Claim #1 "

# Marks.
tui_keys '*'
tui_wait "* marks every claim" "[2 selected: 2,200.00]"
row_wait "the first marked" "#1 王芳" ">*   #1"
row_wait "the second marked" "#2 Tom Baker" " *   #2"
tui_keys '*'
tui_wait "* again marks none" "None selected"
check "no mark left" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -qF '*   #'"
tui_keys Space
row_wait "Space marks the row" "#1 王芳" " *   #1"
row_wait "and moves down" "#2 Tom Baker" ">    #2"
tui_wait "the title sums the marked" "[1 selected: 1,300.00]"
tui_keys Space
row_wait "Space marks the second" "#2 Tom Baker" ">*   #2"
tui_wait "both marked" "[2 selected: 2,200.00]"

# Pay both with one form.
tui_keys p
tui_wait "p opens one form for the marked claims" "Pay 2 claims: 2,200.00 in total"
tui_wait "paid today" "Paid on >2026-11-24"
tui_wait "the method a choice of claims.yaml's" "Method  < bank_transfer >"
tui_keys C-u
tui_type "2026-12-01"
tui_keys Enter
tui_wait "a date in the future keeps the form open" \
    "paid on: 2026-12-01 is in the future (today is 2026-11-24)"
check "nothing was paid" test "$(sql "SELECT count(*) FROM claims WHERE state = 'paid'")" = 0
tui_keys C-u
tui_type "2026-11-24"
tui_keys Tab Tab
tui_type "TX-77"
tui_keys Enter
tui_wait "one paid, one refused with the app's reason" \
    "Error: Paid 1; 1 refused: claim #2: tom.baker has no bank account on file"
tui_wait "the queue holds the refused one" "Claims > Payments  1 awaiting, 900.00  [1 selected: 900.00]"
row_wait "still marked" "#2 Tom Baker" ">*   #2"
check "the paid one left" not_shown "上海出差"
run --as zhao.min claim show 1
expect_out "claim show: #1 is paid" "state:      paid"
expect_out "to the account on file, with the form's reference" \
    "paid:       2026-11-24 by bank_transfer, ref TX-77, to 6222 0210 0000 0005"
run --as zhao.min claim show 2
expect_out "claim show: #2 is still approved" "state:      approved"

# The refused one in cash.
tui_keys p
tui_wait "one marked claim: its own title" "Pay claim #2: Client visit, Tom Baker, 900.00"
tui_keys Tab Right
tui_wait "Right picks the next method" "Method >< cash >"
tui_keys Enter
tui_wait "paid in cash" "Paid 1 claim, 900.00 in total, by cash on 2026-11-24"
tui_wait "the queue is empty, and says so" "No approved claims await payment."
run --as zhao.min claim show 2
expect_out "claim show: #2 is paid in cash" "paid:       2026-11-24 by cash"
tui_keys p
tui_wait "p on an empty queue says so" "No claim awaits payment here"

tui_keys '?'
tui_wait "help lists the payment keys" "Claims > Payments"
tui_wait "with the marking key" "Select row or unselect it (marked *), and move down"
tui_keys q
tui_keys q
tui_wait "q quits" "[exited 0]"
tui_stop

# ---- A rep: no Payments view -----------------------------------------------------
TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "wang.fang opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab
tui_wait "her Claims module has three views" "[1 My claims] 2 Pre-approvals  3 Budget"
check "and no Payments" not_shown "Payments"
tui_keys 4
tui_wait "4 is not a view of hers" "This module has views 1 to 3"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

finish
