# Pipeline > Today in tmux, and the views of the Pipeline module: the tab
# opens on Today; follow-ups overdue and due, stale opportunities, churn
# risks and complaints in groups with counts, CJK aligned; Enter opens the
# opportunity in the Opportunities view even through a filter that hides
# it; another process's change shows; the number keys switch views and the
# title line marks the current one without colour; help and the man page
# list the views.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

lead_id() { printf '%s\n' "$OUT" | sed -n 's/^added lead #\([0-9]*\).*/\1/p'; }

run init --demo --no-sample
expect_rc "demo database without sample data" 0
# In New since August: stale (over 14 days), and its customer quiet for
# longer than the potential class allows (90 days): a churn risk.
BIZDESK_NOW=2026-08-01 run --as wang.fang lead add --company 嶺南精工有限公司 --contact 歐陽曉峰 \
    --value 1,200,000
expect_rc "an old lead" 0
OLD=$(lead_id)
BIZDESK_NOW=2026-11-01 run --as wang.fang lead add --company "Zephyr Analytics Ltd" \
    --contact "Nora Quinn" --value 950,000 --followup 2026-11-20
expect_rc "a lead with an overdue follow-up" 0
Z=$(lead_id)
run --as wang.fang lead add --company 西湖雲數據 --contact 沈一鳴 --followup 2026-11-24
expect_rc "a lead due today (CJK)" 0
X=$(lead_id)
run --as wang.fang lead add --company "Delta Systems" --contact "Ann Lee" --followup 2026-11-24
expect_rc "a lead due today (ASCII)" 0
run --as wang.fang lead show "$X"
XC=$(printf '%s\n' "$OUT" | sed -n 's/^customer: *#\([0-9]*\).*/\1/p')
run --as wang.fang complaint add "$XC" --summary "發票開錯了 wrong invoice"
expect_rc "a complaint on the CJK customer (#$XC)" 0
run --as tom.baker lead add --company "Quartz Tools Ltd" --contact "Bob Stone" --followup 2026-11-20
expect_rc "another rep's overdue lead" 0

TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "the Pipeline tab opens" "[Pipeline]"
tui_wait "on the Today view" "Pipeline > Today  2026-11-24"
tui_wait "the title line names the views, the current in brackets" \
    "[1 Today] 2 Opportunities  3 Board  4 Import"
tui_wait "overdue follow-ups with their count" "Overdue follow-ups (1)"
tui_wait "follow-ups due today with theirs" "Follow-ups due today (2)"
tui_wait "stale opportunities" "Stale: too long in their stage (2)"
tui_wait "churn risks" "Churn risks: customers gone quiet (1)"
tui_wait "open complaints" "Open complaints (1)"
tui_wait "the complaint's text" "complaint #1 (open): 發票開錯了 wrong invoice"
tui_wait "the item counts" "7 items"
check "another rep's follow-up is not listed" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -q Quartz"

# Aligned by cells: the date, company and text columns start at the same
# screen column on a CJK row as on an ASCII one.
row_cjk=$(tui_line_with "follow up #$X")
row_ascii=$(tui_line_with "Ann Lee")
pre_cjk=$(cells "${row_cjk%%follow up*}")
pre_ascii=$(cells "${row_ascii%%follow up*}")
check "the text starts at one column on CJK and ASCII rows ($pre_cjk, $pre_ascii)" \
    test "$pre_cjk" = "$pre_ascii"
check "the CJK company starts where the ASCII one does" \
    test "$(cells "${row_cjk%%西湖雲數據*}")" = "$(cells "${row_ascii%%Delta Systems*}")"

# The cursor starts on the first item; Enter opens it in the Opportunities
# view with the cursor on it.
row_wait "the cursor is on the overdue follow-up" "follow up #$Z" ">"
tui_keys Down
row_wait "Down moves to the next item, over the group header" "follow up #$X" ">"
tui_keys Enter
tui_wait "Enter opens the Opportunities view" "Pipeline > Opportunities"
tui_wait "with the view marked in the title line" "1 Today [2] 3 Board  4 Import"
tui_wait "and the opportunity named" "#$X 西湖雲數據"
row_wait "the cursor is on it" "西湖雲數據" ">"

# A stage filter that hides it is cleared on the way.
tui_keys f f
tui_wait "a filter for another stage" "[stage: 已確認 Qualified]"
tui_gone "hides the lead" "西湖雲數據"
tui_keys 1
tui_wait "1 goes back to Today" "Pipeline > Today"
row_wait "with the cursor where it was" "follow up #$X" ">"
tui_keys G
row_wait "G goes to the last item, the complaint" "complaint #1" ">"
tui_keys Enter
tui_wait "Enter opens the complaint's opportunity" "#$X 西湖雲數據"
tui_wait "with the filter cleared" "[stage: all]"
row_wait "and the cursor on it" "西湖雲數據" ">"

# Another process logs the overdue call: Today follows without a restart.
tui_keys 1
tui_wait "back on Today" "Overdue follow-ups (1)"
run --as wang.fang activity add "$Z" --kind call --summary "called back" --next 2026-12-01
expect_rc "a second process logs the call" 0
tui_gone "the overdue group goes within the refresh" "Overdue follow-ups"
tui_wait "and the count follows" "6 items"

# Views: 3 and 4 switch, a number with no view says so, Tab still
# changes modules, and the module keeps its view.
tui_keys 3
tui_wait "3 shows the Board" "1 Today  2 Opportunities [3 Board] 4 Import"
tui_keys 4
tui_wait "4 shows Import" "[4 Import]"
tui_keys 5
tui_wait "5 is no view" "That key does nothing here"
tui_keys Tab
tui_wait "Tab goes to the next module" "[Contracts]"
tui_wait "which has views of its own" "[1 Contracts] 2 Clock"
tui_keys Tab
tui_wait "and on" "[Claims]"
tui_keys Tab
tui_wait "to the Inbox, a module of its own" "[Inbox]"
tui_keys 2
tui_wait "a module of one view has no number keys" "That key does nothing here"
tui_keys BTab BTab BTab
tui_wait "back on the Pipeline, on the view it had" "[4 Import]"
tui_keys 1

tui_keys '?'
tui_wait "help lists this view's keys first" "Pipeline > Today"
tui_wait "and the view keys" "Views of the Pipeline module"
tui_wait "with what each view is" "Board: a column per stage"
tui_keys q
tui_gone "q closes help" "Keys of this screen first"

tui_keys q
tui_wait "q quits with status 0" "[exited 0]"
tui_stop

# Without colour the current view is still marked.
TUI_ENV="$TUI_ENV NO_COLOR=1" tui_start --as wang.fang
tui_wait "NO_COLOR: the current view is in brackets" "[1 Today]"
tui_keys 3
tui_wait "NO_COLOR: and follows the number keys" "[3 Board]"
tui_keys q
tui_wait "quit" "[exited 0]"

# The man page lists the views' keys (generated from actions.def).
man=$(dirname "$BIZDESK")/bizdesk.1
check "bizdesk(1) has the Today keys" grep -q "Pipeline > Today" "$man"
check "bizdesk(1) has the Board keys" grep -q "Pipeline > Board" "$man"
check "bizdesk(1) has the Import keys" grep -q "Pipeline > Import" "$man"

finish
