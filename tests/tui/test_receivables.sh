# Contracts > Receivables in tmux: finance sees the aging of two customers
# (a CJK and an ASCII one) with each amount under its bucket and a total
# row, and the open receivables with the days overdue; records a partial
# payment in the form (a payment above the balance is refused in it), and
# the balance changes on screen and from the command line; adds collection
# steps and reads them in the log; asks for a write-off; a payment from
# another process shows within the refresh; the whole aging in the pager;
# the search; a resize.  A supervisor and a rep without receivables.record
# are refused the changing keys with the reason; the rep's empty view says
# so.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/contracts.sh"

signed_contracts
# On 2027-02-20: 首付 (due 2026-12-15) is 67 days overdue, in 61-90; Acme's
# (2027-01-15) 36 days, in 31-60; 驗收 (2027-03-01) is not yet due.
export BIZDESK_NOW=2027-02-20T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

# end_of LINE TEXT: the cell column where TEXT ends on LINE.
end_of() { cells "${1%%"$2"*}$2"; }

# aging_check NAME ROW TEXT TITLE: TEXT on the aging row ROW (its first
# line on screen) ends where the bucket title TITLE ends in the header.
aging_check() {
    head=$(tui_line_with "Aging by customer")
    row=$(tui_line_with "$2")
    case $row in
    *"$3"*) check "$1 ($(end_of "$row" "$3") = $(end_of "$head" "$4"))" \
        test "$(end_of "$row" "$3")" = "$(end_of "$head" "$4")" ;;
    *) fail "$1 (no $3 on the row of $2)"; tui_screen | sed 's/^/    | /' ;;
    esac
}

TUI_ENV="$TUI_ENV" tui_start --as zhao.min
tui_wait "finance opens on the Contracts tab" "[Contracts]"
tui_keys 3
tui_wait "3 shows the receivables" "Contracts > Receivables  3 open, 2 overdue, balance 62,000.00"
tui_wait "the aging's buckets from the policy" \
    "Aging by customer   Not due      1-30     31-60     61-90   Over 90     Total"
aging_check "the CJK customer's not yet due" "香港貿易公司" "30,000.00" "Not due"
aging_check "its 20,000.00 overdue is under 61-90" "香港貿易公司" "20,000.00" "61-90"
aging_check "its total" "香港貿易公司" "50,000.00" "Total"
aging_check "the ASCII customer's 12,000.00 is under 31-60" "Acme Ltd" "12,000.00" "31-60"
aging_check "the total row under Total" " Total " "62,000.00" "Total"
aging_check "and under Not due" " Total " "30,000.00" "Not due"
row_wait "an empty bucket shows -" "Acme Ltd" "  -  "
row_wait "the list's first row is the oldest, overdue" "首付" "! HT-2026-0001"
row_wait "with its due date" "首付" "2026-12-15"
row_wait "its days overdue" "首付" "67 days"
row_wait "and the cursor" "首付" ">"
row_wait "Acme's receivable" "all" "36 days"
row_wait "the one not yet due" "驗收" "30,000.00"
check "is not marked" sh -c "! tmux -S '$SOCK' capture-pane -p | grep '驗收' | grep -q '!'"
row_cjk=$(tui_screen | grep -F "首付" | head -1)
row_ascii=$(tui_screen | grep -F "36 days" | head -1)
check "balances end at one column on CJK and ASCII rows" \
    test "$(end_of "$row_cjk" "20,000.00 67 days")" = "$(end_of "$row_ascii" "12,000.00 36 days")"
tui_keys j
row_wait "j moves the cursor" "36 days" ">"
check "the overdue row is bold besides its !" tui_bold "! HT-2026-0001"
tui_keys k
row_wait "k moves it back" "首付" ">"

# A payment above the balance is refused in the form; a partial one is
# recorded.
tui_keys p
tui_wait "p opens the payment form" "Payment on receivable #1: HT-2026-0001 首付, 香港貿易公司"
tui_wait "the amount is the balance" "Amount >20,000.00"
tui_wait "paid today" "Paid on  2027-02-20"
tui_wait "by transfer" "Method  transfer"
tui_keys C-u
tui_type "25,000"
tui_keys Enter
tui_wait "more than the balance is refused" "payment of 25,000.00 is more than the 20,000.00 still open"
tui_wait "also on the status line" "Error: payment of 25,000.00"
tui_keys C-u
tui_type "5,000"
tui_keys Tab Tab Tab
tui_type "TX1"
tui_keys Enter
tui_wait "the payment is recorded" "Recorded 5,000.00 on receivable #1: balance 15,000.00"
row_wait "the row shows it paid" "首付" "20,000.00  5,000.00 15,000.00"
aging_check "the aging follows: 15,000.00 under 61-90" "香港貿易公司" "15,000.00" "61-90"
tui_wait "the title follows" "balance 57,000.00"
run --as zhao.min ar list
row=$(printf '%s\n' "$OUT" | grep -F "首付")
check "ar list shows 5,000.00 paid of 20,000.00" sh -c "echo '$row' | grep -q '20,000.00 *5,000.00  open'"
check "with the method and reference of the form" \
    test "$(sql "SELECT method || ' ' || reference || ' ' || paid_on FROM payments")" = "transfer TX1 2027-02-20"

# Collection: a step done needs its outcome; the log shows every step.
tui_keys c
tui_wait "c opens the collection form" "Collection of receivable #1: HT-2026-0001 首付, 香港貿易公司"
tui_wait "a phone call at first" "< phone >"
tui_keys Tab Tab
tui_type "2027-02-20"
tui_keys Enter
tui_wait "done without an outcome is refused" "outcome: say what came of it"
tui_type "答應月底付款"
tui_keys Enter
tui_wait "the step is recorded" "Recorded phone done 2027-02-20 on receivable #1"
tui_keys c Right Right Tab C-u
tui_type "2027-03-01"
tui_keys Enter
tui_wait "a visit is planned" "Planned visit for 2027-03-01 on receivable #1"
tui_keys C
tui_wait "C shows the collection log" "Collection log of receivable #1"
tui_wait "with what is open" "Due 2026-12-15, amount 20,000.00, paid 5,000.00, balance 15,000.00"
row_wait "the call with its outcome" "答應月底付款" "2027-02-20  phone   2027-02-20  zhao.min"
row_wait "the planned visit" "2027-03-01  visit" "planned"
tui_keys q
tui_gone "q closes the log" "Collection log of receivable #1"
run --as zhao.min ar show 1
expect_out "ar show has the call" "phone  2027-02-20 zhao.min: 答應月底付款"

# A write-off needs its reason and goes for approval.
tui_keys w
tui_wait "w asks for the reason" "Write off 15,000.00 of receivable #1"
tui_keys Enter
tui_wait "an empty reason is refused" "reason: say why the debt cannot be collected"
tui_type "客戶破產"
tui_keys Enter
tui_wait "the request is in review" "Write-off #1 of 15,000.00 is in review (receivable #1)"
run --as admin audit list --entity writeoff
expect_out "it is audited as finance's request" "zhao.min	create	writeoff#1"
expect_out "with its reason" "客戶破產"

# Another process records a payment: it shows within the refresh.
run --as zhao.min ar pay 3 2,000 --method cash
expect_out "a payment on Acme's receivable from the command line" "paid 2,000.00 of 12,000.00"
row_wait "the screen shows it" "36 days" "12,000.00  2,000.00 10,000.00"

tui_keys v
tui_wait "v shows the aging in the pager" "Aging of open balances by customer, days overdue (2027-02-20)"
row_wait "with Acme's balance" "Acme Ltd" "10,000.00"
tui_keys q
tui_keys /
tui_type "acme"
tui_keys Enter
tui_wait "the search is in the title" "[search: acme]"
tui_gone "the CJK customer's receivables leave the list" "首付"
row_wait "Acme's stays" "36 days" "Acme Ltd"
tui_keys / C-u Enter
tui_wait "all again" "首付"

tui_keys Enter
tui_wait "Enter opens the contract" "Contract #1 HT-2026-0001"
tui_keys q
tui_gone "q closes it" "Contract #1 HT-2026-0001"

tui_keys '?'
tui_wait "help lists the receivables' keys first" "Contracts > Receivables"
tui_wait "the payment key" "Record payment on the selected receivable"
tui_keys q

tui_resize 80 24
tui_wait "at 80x24 the aging is still there" "Aging by customer"
aging_check "amounts are not cut" "香港貿易公司" "15,000.00" "61-90"
aging_check "and the total" " Total " "55,000.00" "Total"
tui_keys q
tui_wait "q quits" "[exited 0]"
tui_stop

# ---- Without receivables.record: looking is fine, changing is refused -------
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "chen.jing opens on the Pipeline" "[Pipeline]"
tui_keys Tab 3
tui_wait "she sees her contracts' receivables" "Contracts > Receivables  3 open"
row_wait "with the payment" "首付" "5,000.00"
tui_keys p
tui_wait "p is refused with the reason" \
    "Error: Cannot record a payment: your role 'supervisor' lacks the permission 'receivables.record'"
check "no form opened" not_shown "Payment on receivable"
tui_keys c
tui_wait "c too" "Error: Cannot plan collection: your role 'supervisor' lacks"
tui_keys w
tui_wait "and w" "Error: Cannot ask for a write-off: your role 'supervisor' lacks"
tui_keys C
tui_wait "the log may be read" "Collection log of receivable #1"
tui_keys q q
tui_wait "quit" "[exited 0]"
tui_stop
run --as zhao.min ar list
row=$(printf '%s\n' "$OUT" | grep -F "首付")
check "nothing more was paid" sh -c "echo '$row' | grep -q '20,000.00 *5,000.00  open'"

TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "wang.fang opens on the Pipeline" "[Pipeline]"
tui_keys Tab 3
tui_wait "a rep with no contract sees none, and is told" \
    "No open receivables: nothing is owed on the contracts you may see."
tui_keys p
tui_wait "and is refused the payment key" \
    "Error: Cannot record a payment: your role 'rep' lacks the permission 'receivables.record'"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

man=$(dirname "$BIZDESK")/bizdesk.1
check "bizdesk(1) has the receivables' keys" grep -q "Contracts > Receivables" "$man"

finish
