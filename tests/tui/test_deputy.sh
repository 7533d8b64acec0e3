# A deputy without the Contracts module of their own (a department head
# standing in for the leader) sees the contract in the Inbox tab, and
# decides there for the leader.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
run init --demo
C="--as chen.jing"
run $C contract draft --customer 6 --title "Platform" --amount 200,000 --start 2027-01-01 --end 2027-12-31
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    run $C contract clause 1 $cl "x"
done
run $C contract milestones 1 "all|2027-06-30|200,000"
run $C contract submit 1
run --as sun.li contract approve 1
run --as zhao.min contract approve 1
expect_out "the contract waits for leadership" "領導審批 Leadership approval"

TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW" tui_start --as huang.lei
tui_wait "the department head opens bizdesk" "黃磊"
check "no Contracts tab before any delegation" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -q Contracts"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

run --as zhang.wei delegate huang.lei --from 2026-11-20 --to 2026-11-30 --module contracts
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW" tui_start --as huang.lei
tui_wait "the department head opens bizdesk again" "黃磊"
tui_keys Tab
tui_wait "the Inbox tab" "[Inbox]"
tui_wait "has the contract for the deputy" "Inbox  1 awaiting your decision"
tui_wait "showing the contract for the leader" "for zhang.wei"
check "and still no Contracts tab" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -q Contracts"
tui_keys a
tui_keys Enter
tui_gone "approving takes it out of the inbox" "for zhang.wei"
tui_keys q
tui_wait "quit" "[exited 0]"
run $C contract show 1
expect_out "the contract is approved" "state:     approved"
run --as admin audit list --entity contract --limit 1
expect_out "recorded as the deputy for the leader" "huang.lei for zhang.wei	approve	contract#1"
finish
