# Claims through the CLI with the demo users: a rep's claim from draft to
# payment through the sales flow (supervisor, finance, leadership above
# 5,000.00), every kind of bad line refused naming its field, standards
# and duplicate invoices, rejection and resubmission, over budget until a
# budget change is approved, entertainment pre-approvals (a key customer
# goes to leadership), two clerks paying the same claim at once, budget
# import with a reject file, and the audit chain at the end.
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
W="--as wang.fang"
C="--as chen.jing"
F="--as zhao.min"
L="--as zhang.wei"

run init --demo
expect_rc "demo database" 0

# ---- A claim and its lines ---------------------------------------------------
run $W claim new "上海出差 Shanghai trip"
expect_out "a rep drafts a claim" "claim #1 drafted: 上海出差 Shanghai trip"
run $W claim add-line 1 --date 2026-11-20 --place 上海 --category travel --standard hotel \
    --qty 2 --reason "酒店兩晚" --amount 1,300 --invoice INV-1
expect_out "a hotel line for two nights" "claim #1 line 1: travel 1,300.00"
run $W claim add-line 1 --date 2026-11-21 --place 上海 --category 差旅 --reason "高鐵" \
    --amount 553.5 --invoice INV-2
expect_out "a category by its Chinese name" "claim #1 line 2: travel 553.50"

run $W claim add-line 1 --date 2026-11-21 --category travel --reason x --amount -5
expect_err "a negative amount names the line and field" "line 3: amount: negative"
run $W claim add-line 1 --date 2026-11-21 --category travel --reason x --amount 0
expect_err "a zero amount" "line 3: amount: must be more than 0"
run $W claim add-line 1 --date 2026-12-01 --category travel --reason x --amount 5
expect_err "a date in the future" "line 3: date: 2026-12-01 is in the future (today is 2026-11-24)"
run $W claim add-line 1 --date 2026-02-30 --category travel --reason x --amount 5
expect_err "an impossible date" "line 3: date:"
run $W claim add-line 1 --date 2026-11-21 --category golf --reason x --amount 5
expect_err "an unknown category, with the known ones" "line 3: category: 'golf' is not a category of claims.yaml (marketing, travel"
run $W claim add-line 1 --date 2026-11-21 --category office --standard hotel --reason x --amount 5
expect_err "a standard of another category" "line 3: standard: hotel is a standard of 差旅 Travel"
run $W claim add-line 1 --date 2026-11-21 --category travel --reason x --amount 5 --invoice INV-1
expect_err "an invoice number used on this claim is refused" "line 3: invoice: invoice INV-1 is on line 1 too"
run $W claim add-line 1 --date 2026-11-21 --category entertainment --reason 晚餐 --amount 800
expect_err "entertainment needs a pre-approval" "line 3: preapproval: a line of 業務招待 Business entertainment must cite an approved pre-approval"
run $W claim add-line 1 --date 2026-11-21 --category travel --reason x --amount 99999999999999999999
expect_err "an amount that overflows" "line 3: amount:"
check "no refused line was saved" [ "$(sql 'SELECT count(*), sum(amount) FROM claim_lines WHERE claim_id = 1')" = "2|185350" ]
check "the total is the sum of the lines" [ "$(sql 'SELECT total FROM claims WHERE id = 1')" = "185350" ]

run $W claim show 1
expect_out "the hotel line is flagged over its standard (600.00 a night in 上海)" "住宿 Hotel, per night: 1,300.00 is over 1,200.00 (600.00 x 2)"
expect_out "the travel budget left after this claim" "travel         2026    budget 120,000.00, spent 0.00, left after this claim 118,146.50"

run $W claim add-line 1 --date 2026-11-22 --category travel --reason 計程車 --amount 20
run $W claim remove-line 1 3
expect_out "a line is removed" "claim #1: line 3 removed"
check "and the total follows" [ "$(sql 'SELECT total FROM claims WHERE id = 1')" = "185350" ]

# ---- Review: the sales flow --------------------------------------------------
run $W claim approve 1
expect_err "a draft is not approved" "claim #1"
run $W claim submit 1
expect_out "submitted to the supervisor (sales' own flow)" "claim #1 in_review: 銷售主管 Supervisor"
run $W claim add-line 1 --date 2026-11-22 --category travel --reason x --amount 5
expect_err "lines are fixed while it is in review" "claim #1 is in_review; only a draft or rejected claim is changed"
run --as tom.baker claim approve 1
expect_err "another rep cannot approve it" "claim #1"
run $C inbox
expect_out "the supervisor's inbox shows it with its flag" "上海出差 Shanghai trip"
expect_out "flagged over standard" "! over standard"
run $C claim reject 1
expect_err "a rejection needs a reason" "comment: a rejection says why"
run $C claim reject 1 --comment "酒店超標，請附說明"
expect_out "rejected back to the claimant" "claim #1 rejected"
run $W claim remove-line 1 1
run $W claim add-line 1 --date 2026-11-20 --place 上海 --category travel --standard hotel \
    --qty 2 --reason "酒店兩晚" --amount 1,200 --invoice INV-1
expect_out "the claimant fixes the line" "claim #1 line 2: travel 1,200.00"
run $W claim submit 1
expect_out "and submits again" "claim #1 in_review: 銷售主管 Supervisor"
run $C claim approve 1 --comment ok
expect_out "the supervisor approves" "claim #1 in_review: 財務審核 Finance review"
run $C claim approve 1
expect_err "one person decides one step" "claim #1"
run $F claim approve 1
expect_out "finance approves; under 5,000.00 no leadership step" "claim #1 approved"
run $W claim show 1
expect_out "the history has the rejection and its reason" "reject   supervisor   chen.jing: 酒店超標，請附說明"
run $W budget list
expect_out "the approved claim is committed against the budget" "sales        travel         2026          120,000.00         1,753.50             0.00       118,246.50"

# ---- Payment -----------------------------------------------------------------
run $W claim pay 1
expect_err "a rep cannot pay" "lacks the permission 'claims.pay'"
run $F claim queue
expect_out "the payment queue lists it" "上海出差 Shanghai trip"
run --as admin user add qian.cai --name 錢財 --dept finance --role finance --manager huang.lei
run --as admin user bank 6222-0000-1111 --user qian.cai
expect_out "an administrator sets a bank account" "bank account of qian.cai set"
# Two clerks pay the same claim at the same moment: one wins, one is told.
"$BIZDESK" $F claim pay 1 --ref T-1 >"$T/p1" 2>&1 &
p1=$!
"$BIZDESK" --as qian.cai claim pay 1 --ref T-2 >"$T/p2" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "exactly one of two clerks paying at once succeeds" [ $((r1 + r2)) -ne 0 ] && [ $((r1 * r2)) -eq 0 ]
check "the other is told it is paid already" grep -q "is paid already\|moved on" "$T/p1" "$T/p2"
check "one payment row, to the claimant's account" [ "$(sql "SELECT state, pay_account FROM claims WHERE id = 1")" = "paid|6222 0210 0000 0005" ]
run $W budget list
expect_out "paid moves from committed to paid" "sales        travel         2026          120,000.00             0.00         1,753.50       118,246.50"

run --as tom.baker claim new "客戶拜訪"
run --as tom.baker claim add-line 2 --date 2026-11-23 --category travel --reason 機票 --amount 900 --invoice INV-2
expect_err "an invoice on an earlier claim is refused (claims.yaml: refuse)" "line 1: invoice: invoice INV-2 is on claim #1 line 1 already"
run --as tom.baker claim add-line 2 --date 2026-11-23 --category travel --reason 機票 --amount 900
run --as tom.baker claim submit 2
run $C claim approve 2
run $F claim approve 2
run $F claim pay 2
expect_err "a claimant without a bank account is not paid by transfer" "tom.baker has no bank account on file"
run $F claim pay 2 --method cash
expect_out "but in cash" "claim #2 paid: 900.00 on 2026-11-24 by cash"
run $F claim pay 2 --method cash
expect_err "paying twice is refused" "claim #2 is paid already"

# ---- Over budget, then a budget change ---------------------------------------
run $F budget set sales communication 2026 100
run $W claim new "話費"
run $W claim add-line 3 --date 2026-11-10 --category communication --standard phone --reason 十一月話費 --amount 250
run $W claim submit 3
expect_err "a claim beyond the budget is refused naming the line" "claim #3: line 1: amount: over the 通訊 Communication budget of 2026 (ask for a budget change first)"
run $W budget request --category communication --period 2026 --amount 500 --reason "新增業務電話"
expect_out "a budget change is asked for" "budget change #1 in_review"
run $W budget request --dept finance --category travel --period 2026 --amount 500 --reason x
expect_err "only for one's own department" "department: you ask for your own department's budget"
run $W budget approve 1
expect_err "not by the one who asked" "budget change #1"
run $F budget approve 1
expect_out "finance reviews it" "budget change #1 in_review"
run $L budget approve 1
expect_out "leadership approves it" "budget change #1 approved"
run $W claim submit 3
expect_out "now the claim fits" "claim #3 in_review"
check "the change raised the budget" [ "$(sql "SELECT amount FROM budgets WHERE department = 'sales' AND category = 'communication'")" = "60000" ]

# ---- A claim over the leadership threshold -----------------------------------
run $W claim new "展會佈置"
run $W claim add-line 4 --date 2026-11-15 --category marketing --reason 展位 --amount 8,000
run $W claim submit 4
run $C claim approve 4
run $F claim approve 4
expect_out "5,000.00 or more goes to leadership" "claim #4 in_review: 領導審批 Leadership approval"
run $L claim approve 4
expect_out "leadership approves" "claim #4 approved"

# ---- Entertainment pre-approval ----------------------------------------------
run $W preapproval new --reason "宴請客戶" --date 2026-11-25 --place 北京飯店 \
    --participants "客戶 2 人, 王芳" --estimate 1,000
expect_out "a pre-approval goes to the supervisor" "pre-approval #1 in_review: 上級 Superior"
run $W preapproval new --reason x --date 2026-11-25 --place x --participants x --estimate 0
expect_err "a zero estimate is refused" "estimate: must be more than 0"
run $W lead show 1
KEY=$(sql "SELECT id FROM customers WHERE class = 'key' AND owner_id = (SELECT id FROM users WHERE login = 'wang.fang') LIMIT 1")
if [ -n "$KEY" ]; then
    run $W preapproval new --reason "重點客戶" --date 2026-11-26 --place 會所 \
        --participants "客戶" --estimate 500 --customer "$KEY"
    expect_out "a key customer's small estimate still starts at the supervisor" "pre-approval #2 in_review"
    run $C preapproval approve 2
    expect_out "then goes to leadership whatever the amount" "pre-approval #2 in_review"
else
    fail "the demo data has no key customer of wang.fang's"
fi
run $W claim new "招待"
run $W claim add-line 5 --date 2026-11-24 --category entertainment --reason 晚餐 --amount 800 --preapproval 1
expect_err "a pre-approval not yet approved cannot be cited" "preapproval: pre-approval #1 is in_review; only an approved one is cited"
run $C preapproval approve 1
expect_out "the supervisor approves the pre-approval" "pre-approval #1 approved"
run $W claim add-line 5 --date 2026-11-24 --category entertainment --standard meal --qty 4 --reason 晚餐 --amount 1,150 --preapproval 1
expect_out "an entertainment line cites it" "claim #5 line 1: entertainment 1,150.00"
run --as tom.baker claim new "x"
run --as tom.baker claim add-line 6 --date 2026-11-24 --category entertainment --reason x --amount 10 --preapproval 1
expect_err "nobody cites someone else's pre-approval" "preapproval: pre-approval #1 is wang.fang's; a claim cites its claimant's own"
run $W claim show 5
expect_out "above the estimate by more than 10% is flagged" "pre-approval #1: 1,150.00 spent against an estimate of 1,000.00 (+10%)"

# ---- Budget import -----------------------------------------------------------
printf '部門,類別,期間,預算\nsales,travel,2027,150000\n銷售部,差旅,2027-Q1,40000\nsales,golf,2027,5\nsales,office,2027-13,5\nsales,office,2027,-5\nsales,travel,2027,1\n' >"$T/budgets.csv"
run $W import budgets "$T/budgets.csv"
expect_err "a rep cannot import budgets" "lacks the permission 'budgets.manage'"
run $F import budgets "$T/budgets.csv"
expect_out "good rows are set, bad ones rejected" "6 rows: 2 budgets set, 4 rejected"
REJ=$(printf '%s\n' "$OUT" | sed -n 's/^rejects: //p')
check "the reject file names the line and the field" grep -q "golf.*,4,category: 'golf' is not a category" "$REJ"
check "a bad period" grep -q "period: '2027-13'" "$REJ"
check "a negative amount" grep -q ",6,amount: negative" "$REJ"
check "a budget set twice in one file" grep -q ",7,line 2 set this budget already" "$REJ"
run $F budget list --year 2027
expect_out "the imported quarter" "sales        travel         2027-Q1        40,000.00"
printf 'department,category\nsales,travel\n' >"$T/bad.csv"
run $F budget import "$T/bad.csv"
expect_err "a file without the amount column is refused, naming it" "bad.csv:1: no period column"

# ---- Everything was audited --------------------------------------------------
run --as admin audit verify
expect_rc "the audit chain verifies" 0
check "claims, payments and budget changes are in the audit" [ "$(sql "SELECT count(DISTINCT action) FROM audit WHERE entity IN ('claim', 'budget_change', 'preapproval', 'budget')")" -ge 8 ]

finish
