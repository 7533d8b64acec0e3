# The UI shell in tmux: picker, tabs, help, the Admin > Users form with a
# Chinese name, alignment, live refresh, resize and quit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

run init --demo
expect_rc "demo database for the UI" 0

tui_start
tui_wait "a demo database opens on the picker" "demo: pick a user"
tui_wait "the picker lists CJK names" "張偉"
# The picker is in login order; the admin is the first row.
tui_keys g Enter
# Tabs follow the role's permissions: the demo admin has no Pipeline or
# Contracts, so it opens on Claims.
tui_wait "picking a user opens the tabs" "[Claims]"
tui_wait "the status bar greets the user" "Welcome, Alex Admin"
tui_wait "the demo marker shows" "[DEMO]"
check "tabs the role lacks are not shown" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -q Pipeline"

tui_keys Tab
tui_wait "Tab moves to the next module" "[Inbox]"
tui_keys BTab
tui_wait "BTab moves back" "[Claims]"

# Admin is the last tab.
tui_keys BTab
tui_wait "the Admin tab lists users" "Admin > Users"
tui_wait "users are listed" "wang.fang"

tui_keys '?'
tui_wait "? opens help" "Keys of this screen first"
tui_wait "help is made from the action table" "Deactivate or reactivate the selected user"
tui_keys q
tui_gone "q closes help" "Keys of this screen first"

tui_keys a
tui_wait "a opens the add form" "Add user"
tui_type "chen.xm"
tui_keys Tab
tui_type "陳小明"
tui_keys Tab Right Tab Tab
tui_type "chen.jing"
tui_keys Enter
tui_wait "the form saves" "Added chen.xm"
tui_wait "the new user is in the list" "陳小明"

# Names are aligned by cells: the Department column starts at the same
# screen column on the row of a CJK name as on an ASCII one.
row_cjk=$(tui_line_with "chen.xm")
row_ascii=$(tui_line_with "tom.baker")
pre_cjk=$(cells "${row_cjk%%commercial*}")
pre_ascii=$(cells "${row_ascii%%sales*}")
check "CJK and ASCII rows align (columns $pre_cjk and $pre_ascii)" test "$pre_cjk" = "$pre_ascii"

# A refused save keeps the form open and says why.
tui_keys a
tui_wait "the add form opens again" "Add user"
tui_type "chen.xm"
tui_keys Tab
tui_type "Dup"
tui_keys Enter
tui_wait "a taken login is refused in the form" "login 'chen.xm' is taken"
tui_keys Escape
tui_wait "Esc on a changed form asks" "Discard your changes?"
tui_keys y
tui_gone "the form is gone" "Add user"

# Another user's change shows up without a restart.
run --as admin user add live.one --name "即時 Live" --dept sales --role rep
expect_rc "a second process adds a user" 0
tui_wait "the open list shows it within the refresh" "live.one"

# Resize below 80x24 shows the notice; back to size restores the screen.
tui_resize 60 20
tui_wait "a small terminal shows the notice" "Terminal too small: 60x20"
tui_resize 100 30
tui_wait "back to size redraws the list" "Admin > Users"

tui_keys q
tui_wait "q quits with status 0" "[exited 0]"

# The change made in the UI is in the audit trail, with the UI's user.
run --as admin audit list --entity user
expect_out "the UI's add was audited as admin" "admin	create	user#"
expect_out "with the Chinese name" "陳小明"

finish
