# Contracts > Clock in tmux: the dates of two signed contracts, a CJK and
# an ASCII customer's, in aligned columns; a payment date already passed
# marked ! and bold; d changing how far ahead the clock looks and what it
# lists; Enter opening the contract's details; a payment recorded from the
# command line showing within the refresh; the search; an empty clock;
# help; a resize.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/contracts.sh"

signed_contracts
# Seen on 2027-01-10: 首付 (due 2026-12-15) has passed, nothing else has.
export BIZDESK_NOW=2027-01-10T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

TUI_ENV="$TUI_ENV" tui_start --as sun.li
tui_wait "legal opens on the Contracts tab" "[Contracts]"
tui_keys 2
tui_wait "2 shows the clock, 90 days ahead at first" "Contracts > Clock  next 90 days, to 2027-04-10"
tui_wait "the title line names the view" "[2 Clock]"
row_wait "the passed payment of the CJK customer" "首付: 20,000.00 open (overdue)" "2026-12-15"
row_wait "with its kind" "首付:" "payment due"
row_wait "its contract's number" "首付:" "HT-2026-0001"
row_wait "and its customer" "首付:" "香港貿易公司"
row_wait "marked ! before its date" "首付:" "! 2026-12-15"
row_wait "the ASCII customer's payment" "all: 12,000.00 open" "Acme Ltd"
row_wait "the second milestone of #1" "驗收: 30,000.00 open" "2027-03-01"
row_wait "Acme's renewal talks, 60 days before its end" "talk about renewal (ends 2027-05-31)" "2027-04-01"
check "a date still ahead is not marked" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -qF '! 2027-01-15'"
check "the last day of notice of Acme (2027-05-01) is beyond 90 days" not_shown "last day to give notice"
tui_wait "the foot counts the dates and the passed ones" "4 dates, 1 passed (marked !)"
row_cjk=$(tui_line_with "首付:")
row_ascii=$(tui_line_with "all: 12,000.00")
pre_cjk=$(cells "${row_cjk%%首付:*}")
pre_ascii=$(cells "${row_ascii%%all:*}")
check "what is due starts at one column on CJK and ASCII rows ($pre_cjk, $pre_ascii)" \
    test "$pre_cjk" = "$pre_ascii"
co_cjk=$(cells "${row_cjk%%香港貿易公司*}")
co_ascii=$(cells "${row_ascii%%Acme Ltd*}")
check "the customers start at one column ($co_cjk, $co_ascii)" test "$co_cjk" = "$co_ascii"
row_wait "the cursor is on the first date" "首付:" ">"
tui_keys j
row_wait "j moves it" "all: 12,000.00" ">"
check "the passed date is bold besides its !" tui_bold "! 2026-12-15"

# How far ahead: 180, 365, 30 days, then back to 90.
tui_keys d
tui_wait "d looks 180 days ahead" "Contracts > Clock  next 180 days, to 2027-07-09"
row_wait "Acme's last day to give notice comes in" "2027-05-01 notice by" "last day to give notice"
row_wait "and its end" "2027-05-31 expires" "the contract ends"
check "#1's renewal (2027-10-01) is beyond 180 days" not_shown "(ends 2027-11-30)"
row_wait "the cursor stayed on the same date" "all: 12,000.00" ">"
tui_keys d
tui_wait "d looks 365 days ahead" "next 365 days, to 2028-01-10"
row_wait "#1's renewal talks" "talk about renewal (ends 2027-11-30)" "2027-10-01"
row_wait "#1's notice" "2027-10-31 notice by" "HT-2026-0001"
tui_wait "the foot counts them" "9 dates, 1 passed (marked !)"
tui_keys d
tui_wait "d looks 30 days ahead" "next 30 days, to 2027-02-09"
tui_gone "the March payment goes" "驗收"
tui_wait "two dates are left" "2 dates, 1 passed (marked !)"
tui_keys d d
tui_wait "and d twice is back at 90" "next 90 days, to 2027-04-10"

# Enter opens the contract of the date under the cursor.
tui_keys g j Enter
tui_wait "Enter opens the details of Acme's contract" "Contract #2 HT-2026-0002"
tui_keys q
tui_gone "q closes them" "Contract #2 HT-2026-0002"
row_wait "back on the clock, on the same date" "all: 12,000.00" ">"

# Someone records a payment: the clock shows the new open amount.
run --as zhao.min ar pay 1 5,000 --method transfer
expect_out "finance records 5,000.00 on 首付" "paid 5,000.00 of 20,000.00"
row_wait "the clock shows what is still open within the refresh" "首付:" "15,000.00 open (overdue)"

# The search keeps the rows that match.
tui_keys /
tui_type "Acme"
tui_keys Enter
tui_wait "the title shows the search" "[search: Acme]"
tui_gone "the CJK customer's dates leave" "首付:"
row_wait "Acme's stay" "all: 12,000.00" "Acme Ltd"
tui_keys / C-u Enter
tui_wait "an empty search shows all again" "首付:"

tui_keys '?'
tui_wait "? lists the clock's keys first" "Contracts > Clock"
tui_wait "with d" "Days ahead change in turn: 30, 60, 90, 180, 365"
tui_wait "and the module's views" "Clock: renewal, notice, expiry, payment and retention dates ahead"
tui_keys q
tui_gone "q closes help" "Keys of this screen first"

# The smallest terminal: the columns still line up.
tui_resize 80 24
tui_wait "at 80x24 the clock is still there" "Contracts > Clock"
row_cjk=$(tui_line_with "首付:")
row_ascii=$(tui_line_with "all: 12,000.00")
check "what is due still starts at one column" \
    test "$(cells "${row_cjk%%首付:*}")" = "$(cells "${row_ascii%%all:*}")"
tui_keys q
tui_wait "q quits with status 0" "[exited 0]"
tui_stop

# A rep with no contract: an empty clock that says so.
TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "wang.fang opens on the Pipeline" "[Pipeline]"
tui_keys Tab 2
tui_wait "her clock is empty and says so" "Nothing on the clock in the next 90 days"
tui_keys Enter
tui_wait "Enter has nothing to open" "No date here to open"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

man=$(dirname "$BIZDESK")/bizdesk.1
check "bizdesk(1) has the clock's keys" grep -q "Contracts > Clock" "$man"
check "and describes the view" grep -q "Clock (the renewal" "$man"

finish
