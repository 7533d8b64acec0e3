# Terminals the UI must refuse or cope with.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

run init --demo
TUI_ENV="TERM=no-such-terminal" tui_start --as admin
tui_wait "an unknown TERM is named" "unknown terminal type 'no-such-terminal'"
tui_wait "and exits with status 2" "[exited 2]"
tui_stop

TUI_COLS=70 TUI_LINES=20 tui_start --as admin
tui_wait "starting small shows the notice" "Terminal too small: 70x20"
tui_keys q
tui_wait "q quits from the notice" "[exited 0]"
tui_stop

TUI_ENV="NO_COLOR=1" tui_start --as admin
tui_wait "NO_COLOR still marks the current tab" "[Claims]"
tui_keys BTab
tui_wait "NO_COLOR: the cursor row is marked without colour" ">admin"
tui_keys q
tui_wait "quit" "[exited 0]"

finish
