# A signed contract's details in tmux: an amendment made in its form (a
# field the app refuses keeps the form open on it), an execution event
# logged, both listed in the details; the amendment reviewed from the
# command line makes version 2, which the details list with version 1.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/contracts.sh"

signed_contracts
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "chen.jing opens on the Pipeline" "[Pipeline]"
tui_keys Tab
tui_wait "the Contracts tab lists his contracts" "Acme support"
tui_keys Home Enter
tui_wait "Enter opens the signed contract's details" "Contract #"
tui_wait "the hint line offers to amend and to log" "m Make amendment  l Log execution"
tui_keys End
tui_wait "a signed contract lists its amendments" "Amendments"
tui_wait "none yet" "Versions (each amendment keeps the one before)"
tui_keys m
tui_wait "m opens the amendment form" "Amend contract #"
tui_keys Down
tui_type "延長維護一年"
tui_keys Down
tui_type "客戶要求"
tui_keys Down C-u
tui_type "2030-01-01"
tui_keys Enter
tui_wait "an effective date outside the contract keeps the form open" "effective: 2030-01-01 is outside the contract"
tui_keys C-u
tui_type "2027-01-01"
tui_keys Enter
tui_wait "the amendment is made" "Amendment #1 made: it goes through its review"
tui_keys End
tui_wait "and listed in the details" "#1 price"
tui_wait "with its content" "延長維護一年"
tui_keys l
tui_wait "l opens the execution form" "Log on the contract"
tui_keys Right
tui_keys Down Down
tui_type "交付延後兩週"
tui_keys Enter
tui_wait "the event is logged" "Logged #1 on contract #"
tui_keys End
tui_wait "and listed as open" "delay"
tui_wait "with its summary" "交付延後兩週"
tui_keys q
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

ID=$(sql "SELECT contract_id FROM amendments WHERE id = 1")
run --as chen.jing contract history "$ID"
expect_out "the command line sees the amendment made in the UI" "延長維護一年"
run --as sun.li amendment approve 1
run --as zhao.min amendment approve 1
expect_out "legal and finance approve it" "approved"
run --as chen.jing contract events "$ID"
expect_out "the event made in the UI" "交付延後兩週"
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_keys Tab
tui_wait "the Contracts tab" "Acme support"
tui_keys Home Enter
tui_keys End
tui_wait "the details list version 2 as current" "version 2: current"
tui_wait "and version 1 as it was" "version 1: until"
tui_keys q q
tui_wait "quit" "[exited 0]"
finish
