# Claims > Budget in tmux: finance sees every department's budgets of the
# year with the department's Chinese name in aligned cells (two rows
# checked cell for cell), what an approved claim commits and a paid one
# spent, the text bar of the share used with its percentage, "!" on a
# category past 100%, a total row per department that counts a year's
# budget and not its quarters again; a payment from the command line shows
# within the refresh; < and > change the year; a narrow terminal keeps the
# bar whole (amounts in whole units); help; a rep sees only their own
# department.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"
W="--as wang.fang"

# line_is NAME ROW LINE: the screen line holding ROW is exactly LINE
# within the deadline.
line_is() {
    end=$(( $(now_ms) + TUI_DEADLINE * 1000 ))
    while :; do
        if [ "$(tui_line_with "$2")" = "$3" ]; then pass "$1"; return 0; fi
        if [ "$(now_ms)" -ge "$end" ]; then
            fail "$1 (wanted the line: $3)"
            tui_screen | sed 's/^/    | /'
            return 1
        fi
        sleep 0.05
    done
}

run init --demo
expect_rc "demo database" 0
# Sales travel: 5,000.00, of which claim #1 (1,300.00) is approved and
# claim #2 (1,800.00) paid: 3,100.00 used, 62%.
run --as zhao.min budget set sales travel 2026 5,000
expect_rc "finance sets the sales travel budget" 0
run $W claim new "上海出差"
run $W claim add-line 1 --date 2026-11-20 --category travel --reason 酒店 --amount 1,300
run $W claim new "杭州拜訪"
run $W claim add-line 2 --date 2026-11-21 --category travel --reason 高鐵 --amount 1,800
# Communication: a 250.00 phone bill approved within its 12,000.00
# budget, which is then lowered to 200.00 (submission refuses a claim
# beyond the budget): 125%.
run $W claim new "話費"
run $W claim add-line 3 --date 2026-11-10 --category communication --standard phone \
    --reason 十一月話費 --amount 250
for id in 1 2 3; do
    run $W claim submit $id
    run --as chen.jing claim approve $id
    run --as zhao.min claim approve $id
    expect_out "claim #$id approved" "claim #$id approved"
done
run --as zhao.min claim pay 2
expect_out "claim #2 paid" "claim #2 paid: 1,800.00"
run --as zhao.min budget set sales communication 2026 200
expect_rc "the communication budget lowered below what is committed" 0

TUI_ENV="$TUI_ENV" tui_start --as zhao.min
tui_wait "finance opens on the Contracts tab" "[Contracts]"
tui_keys Tab
tui_wait "Tab goes to Claims, on My claims" "Claims > My claims"
tui_wait "the Claims module's views are listed" "4 Payments"
tui_keys 3
tui_wait "3 shows the budgets of this year" "Claims > Budget 2026  [every department]"
tui_wait "with the column titles" \
    " Department     Category Period      Budget  Committed       Paid       Left Used"
line_is "finance's travel row, cell for cell" "財務部 Finance 差旅" \
    " 財務部 Finance 差旅     2026     20,000.00       0.00       0.00  20,000.00 [..........]   0%"
line_is "sales' travel row: committed, paid, left and the bar at 62%" "銷售部 Sales   差旅" \
    " 銷售部 Sales   差旅     2026      5,000.00   1,300.00   1,800.00   1,900.00 [######....]  62%"
line_is "communication past its budget: ! and 125%, left below zero" "銷售部 Sales   通訊" \
    " 銷售部 Sales   通訊     2026        200.00     250.00       0.00     -50.00 [##########]!125%"
line_is "the sales total row" "銷售部 Sales   Total" \
    " 銷售部 Sales   Total            275,200.00   1,550.00   1,800.00 271,850.00 [..........]   1%"
line_is "the legal total row" "法務部 Legal   Total" \
    " 法務部 Legal   Total             28,000.00       0.00       0.00  28,000.00 [..........]   0%"
check "the total row is bold" tui_bold "銷售部 Sales   Total"
check "a category within its budget has no !" sh -c \
    "! tmux -S '$SOCK' capture-pane -p | grep -F '財務部 Finance 差旅' | grep -qF '!'"
fin=$(tui_line_with "財務部 Finance 差旅")
sal=$(tui_line_with "銷售部 Sales   差旅")
check "the period starts at one cell on both rows ($(cells "${fin%%2026*}"))" \
    test "$(cells "${fin%%2026*}")" = "$(cells "${sal%%2026*}")"

# A payment from another process moves the 1,300.00 from committed to paid.
run --as zhao.min claim pay 1 --method cash
expect_out "claim #1 paid from the command line" "claim #1 paid: 1,300.00"
line_is "the screen follows within the refresh" "銷售部 Sales   差旅" \
    " 銷售部 Sales   差旅     2026      5,000.00       0.00   3,100.00   1,900.00 [######....]  62%"

# Years.
tui_keys '<'
tui_wait "< shows the year before" "Claims > Budget 2025  [every department]"
tui_wait "which has no budgets" "No budgets for 2025 that you may see."
tui_keys '>' '>'
tui_wait "> twice shows next year" "Claims > Budget 2027"
tui_wait "empty too" "No budgets for 2027 that you may see."
run --as zhao.min budget set sales travel 2027 9,000
run --as zhao.min budget set sales travel 2027-Q1 3,000
expect_rc "next year's budgets set from the command line" 0
line_is "the year's budget shows within the refresh, columns fitted to it" "Travel 2027 " \
    ">銷售部 Sales 差旅 Travel 2027    9,000.00     0.00     0.00 9,000.00 [..........]   0%"
row_wait "and its first quarter's" "2027-Q1" "3,000.00"
line_is "the total counts the year, not its quarter again" "銷售部 Sales Total" \
    " 銷售部 Sales Total               9,000.00     0.00     0.00 9,000.00 [..........]   0%"
tui_keys ','
tui_wait ", goes back a year too" "Claims > Budget 2026"
row_wait "with this year's rows" "銷售部 Sales   通訊" "[##########]!125%"

tui_keys '?'
tui_wait "help lists the budget keys" "Claims > Budget"
tui_wait "with the year keys" "Previous year of budgets"
tui_keys q

# At 80 columns the amounts drop their cents so the bar stays whole.
tui_resize 80 24
line_is "at 80x24 the over-budget row keeps its bar and !" "銷售部 通訊" \
    " 銷售部 通訊     2026        200     250       0     -50 [##########]!125%"
tui_wait "the titles are shortened" " Dept.  Category Period   Budget  Commit    Paid    Left Used"
tui_keys q
tui_wait "q quits" "[exited 0]"
tui_stop

# ---- A rep sees their own department's budgets --------------------------------
TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "wang.fang opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab 3
tui_wait "her budgets are her department's" "Claims > Budget 2026  [銷售部 Sales]"
line_is "with the sales travel row, the name as wide as it needs" "銷售部 Sales 差旅" \
    " 銷售部 Sales 差旅     2026      5,000.00       0.00   3,100.00   1,900.00 [######....]  62%"
check "not finance's" not_shown "財務部"
check "nor legal's" not_shown "法務部"
check "and no Payments view for a rep" not_shown "Payments"
# She asks for more travel budget from the screen; setting it is finance's.
tui_keys /
tui_type "差旅"
tui_keys Enter
tui_wait "the search keeps the travel row" "[search: 差旅]"
tui_keys e
tui_wait "a rep cannot set a budget" "lacks the permission 'budgets.manage'; ask for a change with r"
tui_keys r
tui_wait "r asks for the change" "Ask to change budget 銷售部 Sales 差旅 Travel 2026"
tui_type "2,000"
tui_keys Enter
tui_wait "the reason is required" "reason: say why the budget must change"
tui_type "展會季出差增加"
tui_keys Enter
tui_wait "the change is asked for" "Budget change #1 asked for: in review"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop
run --as zhao.min budget changes
expect_out "finance sees the request from the screen" "sales        travel         2026            2,000.00  in_review  wang.fang  展會季出差增加"

man=$(dirname "$BIZDESK")/bizdesk.1
check "bizdesk(1) has the budget keys" grep -q "Claims > Budget" "$man"

finish
