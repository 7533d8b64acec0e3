# Reports to file (issue 7) with the demo users: every report from fixed
# demo data at a fixed date (BIZDESK_NOW), compared byte for byte with its
# golden file in tests/cli/golden/reports/ (text, and for some CSV and
# HTML), with a page break, Chinese columns (one cut at a cell boundary)
# and totals; who sees what (a rep's pipeline report holds only the rep's
# own); refusals by permission and by parameter; an existing file kept
# without --force; a folder that cannot be written leaves nothing behind;
# the performance ranking and the calibration sheet of a small review
# cycle, with who may run them for which period.
#
# To write the golden files again after a deliberate change:
#   REPORTS_UPDATE_GOLDEN=1 BIZDESK=$PWD/build/bizdesk sh tests/cli/test_reports.sh
# and read the diff before committing it.
. "$(dirname "$0")/../lib.sh"

G="$SRC/tests/cli/golden/reports"
W="--as wang.fang"
TB="--as tom.baker"
C="--as chen.jing"
F="--as zhao.min"
LI="--as li.na"

# A step of the fixed data: it must work.
must() {
    run "$@"
    if [ "$RC" -ne 0 ]; then fail "setup: bizdesk $*"; show; fi
}

# expect_report NAME GOLDEN: the report last written to $T/r/GOLDEN equals
# the golden file byte for byte (or, with REPORTS_UPDATE_GOLDEN, becomes it).
expect_report() {
    if [ -n "${REPORTS_UPDATE_GOLDEN:-}" ]; then
        mkdir -p "$G" && cp "$T/r/$2" "$G/$2"
    fi
    if cmp -s "$T/r/$2" "$G/$2"; then pass "$1"; else
        fail "$1 ($T/r/$2 differs from $G/$2)"
        diff -u "$G/$2" "$T/r/$2" | head -40 | sed 's/^/    /'
    fi
}

# report AS NAME FILE [ARGS...]: write report NAME to $T/r/FILE as AS.
report() {
    who=$1 name=$2 file=$3
    shift 3
    run --as "$who" report "$name" "$@" -o "$T/r/$file"
}

mkdir -p "$T/r"

# ---- The fixed data ------------------------------------------------------------
# The demo company is made in August, so the customers nobody contacted
# since are quiet by November.
export BIZDESK_NOW=2026-08-03T09:00:00Z
must init --demo
export BIZDESK_NOW=2026-10-12T09:00:00Z
must $W lead add --company 深圳創新科技股份有限公司 --contact 周明 --phone 0755-8888-0101 \
    --source web --value 36,500 --class key
must $W activity add 1 --kind call --summary "電話跟進方案報價"
must $W lead move 1 negotiation
must $TB activity add 4 --kind meeting --summary "Demo of the 40-seat setup"
# October: a first contract for 香港貿易公司, signed by chen.jing.
must $C contract draft --customer 6 --title "Support 2027" --amount 10,000 --start 2027-01-01 --end 2027-12-31
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    must $C contract clause 1 $cl "約定 $cl"
done
must $C contract milestones 1 "全款|2027-01-15|10,000"
must $C contract submit 1
must --as sun.li contract approve 1
must $F contract approve 1
must $C contract sign 1 --date 2026-10-20
# November: stages move, activities, the won opportunity's contract is
# signed and partly paid, a collection call, two claims paid.
export BIZDESK_NOW=2026-11-24T09:00:00Z
must $W lead move 2 qualified
must $TB lead move 5 lost --reason "選了別家 chose a competitor"
must $W activity add 1 --kind visit --date 2026-11-18 \
    --summary "拜訪客戶，討論五十個座席的雲端方案、導入時程與報價細節，客戶希望下個月簽約"
must $W activity add 3 --kind email --date 2026-11-20 --summary "寄出需求問卷"
must $TB activity add 4 --kind proposal --date 2026-11-19 --summary "Sent the revised quote, 40 seats on site"
must $C contract draft --opportunity 6 --start 2026-12-01 --end 2027-11-30
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    must $C contract clause 2 $cl "約定 $cl"
done
must $C contract milestones 2 "首付|2026-12-15|20,000" "驗收|2027-03-01|30,000"
must $C contract submit 2
must --as sun.li contract approve 2
must $F contract approve 2
must $C contract sign 2 --date 2026-11-05
must $F ar pay 2 5,000 --method transfer --ref TX1
must $F ar collect 3 phone --date 2026-11-20 --done 2026-11-21 --outcome "答應月底付款"
must $F ar collect 3 visit --date 2026-11-28
must $W claim new "上海出差 Shanghai trip"
must $W claim add-line 1 --date 2026-11-20 --place 上海 --category travel --standard hotel \
    --qty 2 --reason "酒店兩晚" --amount 1,300 --invoice INV-1
must $W claim add-line 1 --date 2026-11-21 --place 上海 --category 差旅 --reason "高鐵" \
    --amount 553.5 --invoice INV-2
must $W claim submit 1
must $C claim approve 1
must $F claim approve 1
must $F claim pay 1 --ref T-1
must $TB claim new "客戶拜訪"
must $TB claim add-line 2 --date 2026-11-23 --category travel --reason 機票 --amount 900 --invoice INV-9
must $TB claim submit 2
must $C claim approve 2
must $F claim approve 2
must $F claim pay 2 --method cash

# ---- The list ----------------------------------------------------------------------
run report list
expect_rc "report list" 0
expect_out "names the pipeline report with its permission" "pipeline        -                            pipeline.use"
expect_out "and a report's parameters" "sales           --period P | --from D --to D reports.use, contracts.use  Sales by rep"
expect_out "and the audit extract" "audit"
expect_out "the performance ranking takes a review period" "ranking         --review-period ID           reports.use, reviews.use    Performance ranking"
expect_out "the calibration sheet needs reviews.manage" "calibration     --review-period ID           reviews.manage              Calibration sheet"

# ---- Every report against its golden file --------------------------------------------
report li.na pipeline pipeline.txt --lines 40
expect_rc "the pipeline report is written" 0
expect_out "its path and pages are printed" "wrote $T/r/pipeline.txt (2 pages)"
expect_report "pipeline: by stage and owner, a page break, CJK stages and names, totals" pipeline.txt
check "the page break is a form feed" [ "$(tr -cd '\f' < "$T/r/pipeline.txt" | wc -c)" -eq 1 ]
check "each page has its footer" grep -q "Page 2 of 2" "$T/r/pipeline.txt"
report li.na pipeline pipeline.csv
expect_out "a .csv file is written as CSV" "wrote $T/r/pipeline.csv"
expect_report "pipeline as CSV: raw values, no totals" pipeline.csv
report li.na pipeline pipeline.html
expect_report "pipeline as HTML: thead, tbody, tfoot" pipeline.html

report li.na sales sales.txt --period 2026-11
expect_report "sales by rep: against October, growth" sales.txt
report li.na sales q4.txt --period 2026-Q4
check "the quarter's sales count the new customer, with no growth against an empty quarter" \
    grep -Eq "^chen\.jing +陳靜 +CNY +2 +60,000\.00 +1 +0\.00$" "$T/r/q4.txt"
report li.na activities activities.txt
expect_report "activities by rep, a long Chinese summary cut at a cell boundary" activities.txt
report li.na churn churn.txt
expect_report "churn: quiet customers by class" churn.txt
report zhao.min contracts contracts.txt --period 2026-Q4 --width 132
expect_report "the contract register of the quarter, 132 columns" contracts.txt
report zhao.min contracts contracts.csv --period 2026-Q4
expect_report "the contract register as CSV" contracts.csv
report zhao.min clock clock.txt --days 120
expect_report "the contract clock" clock.txt
report zhao.min collections collections.txt --width 132
expect_report "the collection log" collections.txt
report zhao.min collections collections.html
expect_report "the collection log as HTML" collections.html
report zhao.min budget budget.txt --year 2026
expect_report "budget against actual, Chinese categories cut at 80 columns" budget.txt
report zhao.min reimbursements reimbursements.txt
expect_report "the reimbursement ledger with subtotals" reimbursements.txt
report zhao.min reimbursements reimbursements.csv
expect_report "the reimbursement ledger as CSV" reimbursements.csv
report zhao.min over-standard over-standard.txt --width 132
expect_report "claim lines over their standard" over-standard.txt
report zhang.wei audit audit.txt --from 2026-11-24 --to 2026-11-24 --width 132 --lines 30
expect_report "the audit extract of a day, over pages" audit.txt
# Aging on a later day, when two receivables are overdue.
export BIZDESK_NOW=2027-02-20T09:00:00Z
report zhao.min aging aging.txt
expect_report "receivables aging in the policy's buckets" aging.txt
export BIZDESK_NOW=2026-11-24T09:00:00Z

# ---- Who sees what ---------------------------------------------------------------------
report wang.fang pipeline rep.txt
expect_rc "a rep runs the pipeline report without reports.use" 0
check "the rep's report holds her own opportunities" grep -q "^wang\.fang  王芳" "$T/r/rep.txt"
check "and not another rep's" sh -c "! grep -q 'tom.baker\|Tom Baker' '$T/r/rep.txt'"
check "its totals are hers: four opportunities" grep -Eq "^All stages +4 " "$T/r/rep.txt"
check "the header says whose view it is" grep -q "Run by wang.fang (王芳; scope: own)" "$T/r/rep.txt"
report tom.baker activities tom.txt
check "a rep's activity log is their own" sh -c "grep -q 'Sent the revised quote' '$T/r/tom.txt' && ! grep -q 'wang.fang' '$T/r/tom.txt'"
report huang.lei budget dept.txt --year 2026
expect_rc "a department head runs the budget report" 0
check "for their own department only" sh -c "grep -q '財務部 Finance' '$T/r/dept.txt' && ! grep -q '銷售部' '$T/r/dept.txt'"

# ---- Refusals ----------------------------------------------------------------------------
report zhao.min pipeline refused.txt
expect_rc "finance has no pipeline report" 1
expect_err "the refusal names the permission" "report pipeline: your role 'finance' lacks the permission 'pipeline.use'"
check "and writes nothing" [ ! -e "$T/r/refused.txt" ]
report wang.fang sales refused.txt
expect_err "a rep has no sales report (reports.use)" "lacks the permission 'reports.use'"
report li.na audit refused.txt
expect_err "the audit extract needs audit.read" "lacks the permission 'audit.read'"
report li.na pipeline refused.txt --period 2026-11
expect_rc "a period for a report without one is a usage error" 2
expect_err "naming the parameter" "bizdesk report pipeline: --period: report pipeline takes no period"
report li.na sales refused.txt --period 2026-13
expect_err "a bad period is named" "--period: '2026-13' is not a month (2026-10), a quarter (2026-Q4) or a year (2026)"
report li.na sales refused.txt --from 2026-11-01
expect_err "from without to" "--to: required with from"
report li.na sales refused.txt --from 2026-11-09 --to 2026-11-01
expect_err "a range backwards" "--to: 2026-11-01 is before from 2026-11-09"
report li.na sales refused.txt --width 100
expect_err "a page width other than 80 or 132" "--width: 100 is not 80 or 132"
report li.na sales refused.txt --lines 5
expect_err "too few lines a page" "--lines: 5 is not from 16 to 10000"
report zhao.min clock refused.txt --days soon
expect_err "days that are not a number" "--days: 'soon' is not a whole number"
report li.na sales refused.txt --format pdf
expect_err "an unknown format" "--format 'pdf': give txt, csv or html"
run $LI report nosuch -o "$T/r/x.txt"
expect_err "an unknown report" "'nosuch' is not a report"
run $LI report sales
expect_err "a report needs -o FILE" "give -o FILE"
check "no refused report left a file" [ ! -e "$T/r/refused.txt" ]

# ---- Existing files and folders that cannot be written ----------------------------------
echo "keep me" > "$T/r/existing.txt"
report li.na pipeline existing.txt
expect_rc "an existing file is refused" 1
expect_err "saying how to replace it" "already exists (use --force to replace it)"
check "and is left as it was" [ "$(cat "$T/r/existing.txt")" = "keep me" ]
report li.na pipeline existing.txt --force
expect_rc "with --force it is replaced" 0
check "by the report" grep -q "Pipeline by stage and owner" "$T/r/existing.txt"

# nothing_left DIR: DIR holds no file (no report, no temporary file).
nothing_left() { [ -z "$(ls -A "$1" 2>/dev/null)" ]; }
mkdir "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
    chmod 555 "$T/ro"
    run $LI report pipeline -o "$T/ro/p.txt"
    expect_rc "a report into a read-only folder fails" 1
    expect_err "with a message naming the file" "$T/ro/p.txt: cannot write: Permission denied"
    check "and leaves nothing behind" nothing_left "$T/ro"
    chmod 755 "$T/ro"
else
    echo "note: running as root, which ignores permissions: the read-only folder check is skipped;"
    echo "      a missing folder and a file in place of a folder are checked instead"
fi
run $LI report pipeline -o "$T/ro/missing/p.txt"
expect_rc "a report into a folder that does not exist fails" 1
expect_err "with a message naming the file" "$T/ro/missing/p.txt: cannot write: No such file or directory"
echo x > "$T/ro/file"
run $LI report pipeline -o "$T/ro/file/p.txt"
expect_rc "a report under a file fails" 1
expect_err "with a message" "$T/ro/file/p.txt: cannot write: Not a directory"
check "nothing is left behind" [ "$(ls -A "$T/ro")" = "file" ]
check "no temporary file anywhere in the reports folder" sh -c "! ls -A '$T/r' | grep -q '\.tmp'"


# ---- Performance: the ranking and the calibration sheet ----------------------------------
# A small review cycle of the sales team in November (as tests/cli/test_reviews.sh
# runs one): the manager opens the period, the reps rate themselves, the
# supervisor rates them, the manager rates the supervisor.
export BIZDESK_NOW=2026-11-30T09:00:00Z
must $LI review open sales 2026-11
RV() { sql "SELECT r.id FROM reviews r JOIN users u ON u.id = r.employee_id WHERE u.login = '$1'"; }
WF=$(RV wang.fang) TBR=$(RV tom.baker) CJ=$(RV chen.jing) LN=$(RV li.na)
must $W review rate "$WF" teamwork 4
must $W review submit "$WF"
must $TB review rate "$TBR" teamwork 3
must $TB review submit "$TBR"
must $C review rate "$CJ" teamwork 4
must $C review submit "$CJ"
must $C review rate "$WF" satisfaction 4
must $C review rate "$WF" satisfaction 5 --source customer
must $C review rate "$WF" teamwork 5
must $C review rate "$TBR" satisfaction 3
must $C review rate "$TBR" teamwork 3
must $LI review rate "$CJ" satisfaction 4
must $LI review rate "$CJ" teamwork 4

report chen.jing ranking open.txt
expect_rc "a supervisor runs the ranking of the open period" 0
check "it is the newest period of his department, as it stands" \
    grep -q "^Review period #1: sales 2026-11 (open: scores as they stand)$" "$T/r/open.txt"
check "it holds his team's reviews" sh -c "grep -q '^ *[0-9] *wang\.fang' '$T/r/open.txt' && grep -q 'tom\.baker' '$T/r/open.txt'"
check "and not his manager's" sh -c "! grep -Eq '^ +[0-9]+  li\.na ' '$T/r/open.txt'"
check "the header says whose view it is" grep -q "Run by chen.jing (陳靜; scope: team)" "$T/r/open.txt"

must $LI review finalize 1 --force
must $LI review grade "$WF" B --reason "新客戶開拓突出"
must $LI review grade "$TBR" C --reason "團隊合作良好"
report li.na ranking ranking.txt --review-period 1
expect_rc "the manager's ranking of the finalised period" 0
expect_report "ranking: rank, CJK names, scores, grades, bonuses and their total" ranking.txt
report li.na ranking ranking.csv --review-period 1
expect_report "the ranking as CSV" ranking.csv
report li.na calibration calibration.txt
expect_rc "the calibration sheet of the newest period" 0
expect_report "calibration: the ranking, grades against target shares, the bonus pool, per supervisor" calibration.txt
report li.na calibration calibration.csv
expect_report "the calibration sheet as CSV: the reviews only" calibration.csv

report wang.fang ranking refused.txt
expect_rc "a rep has no ranking report" 1
expect_err "it needs reports.use" "report ranking: your role 'rep' lacks the permission 'reports.use'"
report chen.jing calibration refused.txt
expect_err "the calibration sheet needs reviews.manage" "report calibration: your role 'supervisor' lacks the permission 'reviews.manage'"
report huang.lei calibration refused.txt --review-period 1
expect_rc "another department's period is refused" 2
expect_err "by its id" "--review-period: there is no review period #1 of yours"
report huang.lei ranking refused.txt
expect_err "a department without a period is told to give one" "--review-period: finance has no review period yet"
report li.na ranking refused.txt --review-period x
expect_err "an id that is not a number" "--review-period 'x': give a review period's id"
report li.na pipeline refused.txt --review-period 1
expect_err "a report without a review period" "--review-period: report pipeline takes no review period"
check "no refused report left a file" [ ! -e "$T/r/refused.txt" ]
report zhang.wei ranking leader.txt --review-period 1
expect_rc "leadership ranks any department's period by its id" 0
check "with every review of it" [ "$(grep -c '^ *[1-4]  ' "$T/r/leader.txt")" -eq 4 ]

finish
