# Pipeline > Board in tmux: a column per stage with counts, probability
# and values, cards largest first with "+N more", CJK cards aligned; m
# moves a card with the same form as the Opportunities view and the
# selection follows it; a refused move says why; Enter shows the card in
# the Opportunities view; seven stages fit in 100 columns and the board
# scrolls sideways at 80.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

lead_id() { printf '%s\n' "$OUT" | sed -n 's/^added lead #\([0-9]*\).*/\1/p'; }

run init --demo --no-sample
expect_rc "demo database without sample data" 0
run --as wang.fang lead add --company 嶺南精工有限公司 --contact 歐陽曉峰 --value 1,200,000
expect_rc "a CJK lead" 0
A=$(lead_id)
run --as wang.fang lead add --company "Zephyr Analytics Ltd" --contact "Nora Quinn" --value 950,000
expect_rc "an ASCII lead" 0
Z=$(lead_id)
run --as wang.fang lead add --company "Solo Trading"
expect_rc "a lead without a contact" 0
S=$(lead_id)
i=1
while [ $i -le 10 ]; do
    run --as wang.fang lead add --company "Bulk $i Ltd" --contact "Rep $i" --value "$i,000"
    i=$((i + 1))
done
expect_rc "ten more leads" 0

TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "the Pipeline opens" "Pipeline > Today"
tui_keys 3
tui_wait "3 shows the Board" "Pipeline > Board"
tui_wait "every stage has a column, all seven in 100 columns" \
    "新線索 New  │ 已確認      │ 需求分析    │ 方案報價    │ 商務談判    │ 贏單 Won    │ 輸單 Lost"
tui_wait "the first column counts its cards and shows the probability" "(13) 10%"
tui_wait "empty stages count none" "(0) 20%"
tui_wait "the stage's value" "2,205,000.00"
tui_wait "and its weighted value" "~220,500.00"
tui_wait "the totals" "13 opportunities  value 2,205,000.00  weighted (~) 220,500.00 CNY"
row_wait "the largest card is first, selected" "嶺南精工有限" ">"
tui_wait "with its value" "1,200,000.00"
tui_wait "cards that do not fit are counted" "+4 more"

# The column separators line up on CJK and ASCII cards.
row_cjk=$(tui_line_with "嶺南精工有限")
row_ascii=$(tui_line_with "Zephyr Analy")
check "CJK and ASCII cards align ($(cells "${row_cjk%%│*}"), $(cells "${row_ascii%%│*}"))" \
    test "$(cells "${row_cjk%%│*}")" = "$(cells "${row_ascii%%│*}")"

# Down past the bottom fetches the next card; G the last; g the first.
tui_keys G
row_wait "G selects the last card" "Solo Trading" ">"
tui_keys g
row_wait "g the first again" "嶺南精工有限" ">"

# m moves the card on; the selection follows it into the next column.
tui_keys m
tui_wait "m moves it to qualified" "Moved #$A to 已確認 Qualified"
tui_wait "the counts follow" "(12) 10%"
tui_wait "its new column counts it" "(1) 20%"
row_wait "the selection followed it" "嶺南精工有限" ">"
tui_keys m
tui_wait "needs analysis asks for the needs" "Move #$A to 需求分析 Needs analysis"
tui_wait "in the Opportunities view's form" "Needs >"
tui_type "ERP 系統升級"
tui_keys Enter
tui_wait "filling them moves it" "Moved #$A to 需求分析 Needs analysis"
tui_wait "the third column counts it" "(1) 40%"
run --as wang.fang lead show "$A"
expect_out "the move is stored" "需求分析 Needs analysis (40%)"
expect_out "with the needs" "ERP 系統升級"

# A refused move says why: a lead without a contact cannot be qualified.
tui_keys h h
tui_keys G
row_wait "the lead without a contact is selected" "Solo Trading" ">"
tui_keys m
tui_wait "the form asks for a contact" "Move #$S to 已確認 Qualified"
tui_keys Enter
tui_wait "an empty contact is refused in the form" "cannot enter 已確認 Qualified without: contact"
tui_keys Escape
tui_gone "Esc leaves the form" "Move #$S to"
tui_wait "the status line says what is missing" "Error: #$S needs contact"
check "the card stayed" sh -c "tmux -S '$SOCK' capture-pane -p | grep -qF '(12) 10%'"

# Giving the contact in the form moves it.
tui_keys m
tui_wait "the contact form again" "Move #$S to 已確認 Qualified"
tui_wait "with the contact's phone and e-mail" "Contact e-mail"
tui_type "金智恩 Kim"
tui_keys Tab
tui_type "+82 2 1234 5678"
tui_keys Enter
tui_wait "a contact moves it" "Moved #$S to 已確認 Qualified"
row_wait "the selection followed it" "Solo Trading" ">"
run --as wang.fang lead show "$S"
expect_out "the contact is stored" "金智恩 Kim"

# Another process moves a card: the board follows, the selection stays.
run --as wang.fang lead move "$Z" qualified
expect_rc "a second process qualifies a lead" 0
tui_wait "the board shows it within the refresh" "(2) 20%"
row_wait "the larger card comes first" "Zephyr Analy" "│"
row_wait "and the selection stayed" "Solo Trading" ">"

# Enter shows the selected card in the Opportunities view.
tui_keys k
row_wait "k goes up a card" "Zephyr Analy" ">"
tui_keys Enter
tui_wait "Enter opens the Opportunities view" "Pipeline > Opportunities"
row_wait "on that opportunity" "Zephyr Analytics" ">"
tui_keys 3
tui_wait "back on the board" "Pipeline > Board"

# At 80 columns five columns show; the board scrolls to the selected one.
tui_resize 80 24
tui_wait "at 80 columns the board scrolls sideways" "Pipeline > Board  stages 1-5 of 7 >"
tui_keys l l l l l l
tui_wait "moving right scrolls" "Pipeline > Board  < stages 3-7 of 7"
tui_wait "to the lost column" "輸單 Lost"
tui_resize 100 30
tui_wait "back at 100 columns every stage shows" "輸單 Lost"
tui_gone "without the scroll marks" "stages 3-7"

tui_keys '?'
tui_wait "help lists the Board's keys" "Pipeline > Board"
tui_wait "with the move" "Move card to the next stage"
tui_keys q
tui_keys q
tui_wait "q quits with status 0" "[exited 0]"

finish
