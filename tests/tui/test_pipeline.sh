# Pipeline > Opportunities in tmux: CJK and ASCII companies aligned, the
# totals line, search, stage moves that ask for what a stage requires (and
# say what is missing when the form is left), an activity shown in the
# details, a lead added in the UI and one added by another process, sort
# and stage filter, help, and that another rep does not see these leads.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

# totals LOGIN: the totals line the UI should show, from `lead list`
# ("N opportunities, value X, weighted Y CNY"), which sums the same way.
totals() {
    run --as "$1" lead list
    printf '%s\n' "$OUT" | tail -1 | sed 's/, /  /g'
}

# lead_id: the number of the lead the last `run ... lead add` added.
lead_id() { printf '%s\n' "$OUT" | sed -n 's/^added lead #\([0-9]*\).*/\1/p'; }

run init --demo
expect_rc "demo database" 0
run --as wang.fang lead add --company 嶺南精工有限公司 --contact 歐陽曉峰 \
    --phone "+86 138 0013 8000" --value 1,200,000 --source exhibition
expect_rc "a CJK lead" 0
A=$(lead_id)
run --as wang.fang lead add --company "Zephyr Analytics Ltd" --contact "Nora Quinn" \
    --email nora@zephyr.example --value 950,000 --source web
expect_rc "an ASCII lead" 0
Z=$(lead_id)
run --as wang.fang lead add --company 西湖雲數據 --contact 沈一鳴 --value 30,000.50 \
    --source referral
expect_rc "another CJK lead" 0
run --as tom.baker lead add --company "Quartz Tools Ltd" --contact "Bob Stone" --value 9,999
expect_rc "another rep's lead" 0
check "lead numbers are known ($A, $Z)" test -n "$A" -a -n "$Z"
all_wang=$(totals wang.fang)

TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "a rep opens on the Pipeline tab" "[Pipeline]"
tui_keys 2
tui_wait "the title names filter and sort" \
    "Pipeline > Opportunities  [stage: all] [sort: company ↑]"
tui_wait "the CJK company is listed" "嶺南精工有限公司"
tui_wait "the ASCII company is listed" "Zephyr Analytics"
row_wait "stage names come from the policy" "嶺南精工有限公司" "新線索 New"
row_wait "money is grouped" "嶺南精工有限公司" "1,200,000.00"
check "another rep's lead is not listed" not_shown "Quartz Tools"
tui_wait "the totals line is that of lead list ($all_wang)" "$all_wang"

# Alignment by cells: the Stage column starts, and the Value column ends,
# at the same screen column on a CJK row as on an ASCII one.
row_cjk=$(tui_line_with "嶺南精工有限公司")
row_ascii=$(tui_line_with "Zephyr Analytics")
pre_cjk=$(cells "${row_cjk%%新線索*}")
pre_ascii=$(cells "${row_ascii%%新線索*}")
check "Stage starts at one column on CJK and ASCII rows ($pre_cjk, $pre_ascii)" \
    test "$pre_cjk" = "$pre_ascii"
end_cjk=$(cells "${row_cjk%%1,200,000.00*}1,200,000.00")
end_ascii=$(cells "${row_ascii%%950,000.00*}950,000.00")
check "amounts are right-aligned ($end_cjk, $end_ascii)" test "$end_cjk" = "$end_ascii"

# Search: the list filter prompt searches company, contact, phone and
# e-mail; two Chinese characters find them inside a name.
tui_keys /
tui_wait "/ opens the filter prompt" "Filter"
tui_type "曉峰"
tui_keys Enter
tui_wait "the title shows the search" "[search: 曉峰]"
tui_gone "the search narrows the list" "Zephyr Analytics"
tui_wait "to the one lead" "嶺南精工有限公司"
tui_wait "the totals follow the search" \
    "1 opportunity  value 1,200,000.00  weighted 120,000.00 CNY"

# Next stage: qualified needs a contact, which the lead has.
tui_keys m
tui_wait "m moves a new lead to qualified" "Moved #$A to 已確認 Qualified"
row_wait "the row shows the new stage" "嶺南精工有限公司" "已確認 Qualified"
tui_wait "the weighted total follows the stage" "weighted 240,000.00 CNY"

# Needs analysis requires needs: a form asks for them.
tui_keys m
tui_wait "m asks for what needs analysis requires" "Move #$A to 需求分析 Needs analysis"
tui_wait "the form has the needs field" "Needs >"
tui_type "ERP 系統升級"
tui_keys Enter
tui_wait "filling needs moves it" "Moved #$A to 需求分析 Needs analysis"

# Proposal requires a budget: leaving the form says so.
tui_keys m
tui_wait "m asks for the budget for a proposal" "Move #$A to 方案報價 Proposal"
tui_wait "the form has the budget field" "Budget >"
tui_keys Escape
tui_gone "Esc leaves the unchanged form" "Move #$A to 方案報價 Proposal"
tui_wait "the refusal names budget" "Error: #$A needs budget (the customer's budget)"
row_wait "the stage did not change" "嶺南精工有限公司" "需求分析"

# A bad amount is refused in the form; a good one moves it.
tui_keys m
tui_wait "the budget form opens again" "Move #$A to 方案報價 Proposal"
tui_type "abc"
tui_keys Enter
tui_wait "a bad amount is refused in the form" 'budget: "abc" is not an amount'
tui_keys C-u
tui_type "800,000"
tui_keys Enter
tui_wait "a budget moves it to proposal" "Moved #$A to 方案報價 Proposal"
row_wait "the row shows the proposal stage" "嶺南精工有限公司" "方案報價"

# Log a call with the next follow-up; it shows in the list and the details.
tui_keys c
tui_wait "c opens the activity form" "Log activity on #$A"
tui_wait "the date defaults to today" "Date  2026-11-24"
tui_keys Tab Tab
tui_type "首次電話 demo next week"
tui_keys Tab
tui_type "2026-12-03"
tui_keys Enter
tui_wait "the call is logged" "Logged call on #$A"
row_wait "the follow-up date is in the row" "嶺南精工有限公司" "2026-12-03"
tui_keys Enter
tui_wait "Enter shows the details" "Opportunity #$A"
tui_wait "with the budget" "Budget          800,000.00 CNY"
tui_wait "with the needs" "Needs           ERP 系統升級"
tui_wait "with the stage and its probability" "方案報價 Proposal (60%) since 2026-11-24"
tui_wait "the customer's file: its class" "Class           潛在客戶 Potential"
tui_wait "and its contacts with phone" "Contacts        歐陽曉峰"
tui_keys End
tui_wait "and the activity" "2026-11-24  call        wang.fang    首次電話 demo next week"
tui_keys q
tui_gone "q closes the details" "Opportunity #$A"

# Clear the search.
tui_keys /
tui_wait "the prompt holds the search" "Text: >曉峰"
tui_keys C-u Enter
tui_wait "an empty search lists everything again" "Zephyr Analytics"
tui_gone "the title drops the search" "[search:"

# Add a lead in the UI; a mistake is named in the form.
tui_keys a
tui_wait "a opens the lead form" "Add lead"
tui_type "深圳創新軟件"
tui_keys Tab
tui_type "周杰"
tui_keys Tab
tui_type "0755 1234 5678"
tui_keys Tab
tui_type "zhou@example"
tui_keys Tab Right Tab
tui_type "25,000"
tui_keys Tab
tui_type "2027-03-31"
tui_keys Enter
tui_wait "a bad e-mail is refused in the form" "email: 'zhou@example' is not an e-mail address"
tui_type ".cn"
tui_keys Enter
tui_wait "the lead is added" "(深圳創新軟件)"
N=$(tui_line_with "Added lead #" | sed -n 's/.*Added lead #\([0-9]*\).*/\1/p')
row_wait "and listed with its close date" "深圳創新軟件" "2027-03-31"
tui_wait "the totals count it ($(totals wang.fang))" "$(totals wang.fang)"

# Another process adds a lead: it shows without a restart.
run --as wang.fang lead add --company "Delta Systems" --contact "Ann Lee" --value 10,000
expect_rc "a second process adds a lead" 0
tui_wait "the open list shows it within the refresh" "Delta Systems"
tui_wait "and the totals ($(totals wang.fang))" "$(totals wang.fang)"

# Sort and reverse.
tui_keys s
tui_wait "s sorts by value" "[sort: value ↑]"
tui_keys S
tui_wait "S reverses it" "[sort: value ↓]"
first_row() { tui_screen | sed -n 4p | grep -qF -- "$1"; }
check "the largest value is first" first_row "嶺南精工有限公司"

# Another process changes the selected lead's value: the list reorders and
# the cursor stays on that lead.
row_wait "the cursor is on the lead added in the UI" "深圳創新軟件" ">"
run --as wang.fang lead move "$N" new --value 5,000
expect_rc "a second process changes its value (#$N)" 0
row_wait "the list shows the new value" "深圳創新軟件" " 5,000.00"
row_wait "and the cursor stayed on it" "深圳創新軟件" ">"
line_delta=$(tui_screen | grep -n -F "Delta Systems" | head -1 | cut -d: -f1)
line_moved=$(tui_screen | grep -n -F "深圳創新軟件" | head -1 | cut -d: -f1)
check "it moved below a lead of 10,000 (lines $line_delta, $line_moved)" \
    test "$line_delta" -lt "$line_moved"

# Stage filter: new leads only; then close one as lost from the stage list.
tui_keys f
tui_wait "f filters by the first stage" "[stage: 新線索 New]"
tui_gone "leads in other stages leave the list" "嶺南精工有限公司"
check "the largest new lead is first" first_row "Zephyr Analytics"
tui_keys g M
tui_wait "M offers the stages" "Stage >< 新線索 New >"
tui_keys Left
tui_wait "Left wraps to the last stage" "< 輸單 Lost >"
tui_keys Enter
tui_wait "lost asks for the reason" "Move #$Z to 輸單 Lost"
tui_type "價格太高"
tui_keys Enter
tui_wait "the lead is lost" "Moved #$Z to 輸單 Lost"
tui_gone "and leaves the new-leads list" "Zephyr Analytics"
tui_keys f f f f f f f
tui_wait "f cycles to open ones only" "[stage: open only]"
tui_wait "open ones are listed" "嶺南精工有限公司"
check "a lost lead is not open" not_shown "Zephyr Analytics"
tui_keys f
tui_wait "and back to all" "[stage: all]"
row_wait "the lost lead is listed again" "Zephyr Analytics" "輸單 Lost"
# By value, largest first: the second row.
tui_keys g j
tui_wait "the cursor is on the lost lead" ">    $Z Zephyr Analytics"
tui_keys m
tui_wait "a closed lead does not move" "is closed (輸單 Lost)"

# A narrow terminal keeps the columns that matter.
tui_resize 80 24
tui_wait "at 80 columns the list is still drawn" "Follow-up"
tui_wait "with the CJK company" "嶺南精工有限公司"
check "the owner column gives way" not_shown "Owner"
tui_resize 100 30
tui_wait "back at 100 columns the owner shows" "Owner"

tui_keys '?'
tui_wait "? opens help" "Keys of this screen first"
tui_wait "help lists the Pipeline context first" "Pipeline > Opportunities"
tui_wait "with the next-stage action" "Next stage for the selected row"
tui_keys q
tui_gone "q closes help" "Keys of this screen first"

tui_keys q
tui_wait "q quits with status 0" "[exited 0]"
tui_stop

# What the UI did is in the database and the audit trail.
run --as wang.fang lead show "$A"
expect_out "the UI's moves are stored" "方案報價 Proposal (60%)"
expect_out "with the budget" "800,000.00"
expect_out "and the call" "首次電話 demo next week"
run --as admin audit list --entity opportunity
expect_out "moves are audited as wang.fang" "wang.fang	move	opportunity#$A"

# Another rep sees only their own (the store applies the role's scope).
all_tom=$(totals tom.baker)
TUI_ENV="$TUI_ENV" tui_start --as tom.baker
tui_wait "tom.baker opens on the Pipeline tab" "[Pipeline]"
tui_keys 2
tui_wait "tom.baker sees his lead" "Quartz Tools Ltd"
tui_wait "and his totals ($all_tom)" "$all_tom"
check "tom.baker does not see wang.fang's CJK lead" not_shown "嶺南精工有限公司"
check "nor the ASCII one" not_shown "Zephyr Analytics"
tui_keys q
tui_wait "q quits" "[exited 0]"

# The sales manager sees the department and filters it by owner.
TUI_ENV="$TUI_ENV" tui_start --as li.na
tui_wait "li.na opens on the Pipeline tab" "[Pipeline]"
tui_keys 2
tui_wait "the manager sees wang.fang's lead" "嶺南精工有限公司"
tui_wait "and tom.baker's" "Quartz Tools Ltd"
tui_keys F
tui_wait "F opens the filter form" "Filter opportunities"
tui_type "nobody"
tui_keys Enter
tui_wait "an unknown owner is refused in the form" "owner: no active user 'nobody'"
tui_keys BSpace BSpace BSpace BSpace BSpace BSpace
tui_type "tom.baker"
tui_keys Enter
tui_wait "the title names the owner filter" "[owner: tom.baker]"
tui_wait "the totals are tom.baker's alone ($all_tom)" "$all_tom"
check "wang.fang's lead is filtered out" not_shown "嶺南精工有限公司"
tui_wait "tom.baker's stays" "Quartz Tools Ltd"
tui_keys q
tui_wait "q quits" "[exited 0]"

finish
