# A monthly review cycle for the sales team of the demo data through the
# CLI: the manager opens November; wang.fang rates herself and submits;
# her supervisor names a peer, who rates her anonymously; the supervisor
# rates for himself and for the customers; her signed contract is her
# computed sales figure, traced to the contract; the supervisor checks the
# compiled figures (finalising names the reviews whose figures are not
# checked); the manager finalises,
# calibrates a grade with a reason, publishes; the interview; a correction
# after publication is a new revision; the lock.  The score is checked
# against a hand-worked example (the numbers are spelled out below).
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
W="--as wang.fang"
C="--as chen.jing"
M="--as li.na"

run init --demo
expect_rc "demo database" 0

# ---- wang.fang signs a contract in November: her sales figure ------------------
CUST=$(sql "SELECT customer_id FROM opportunities WHERE id = 1")
run $W contract draft --customer "$CUST" --title "華南 ERP" --amount 80,000 \
    --start 2026-11-01 --end 2027-10-31
expect_out "wang.fang drafts a contract" "drafted contract #1"
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    run $W contract clause 1 $cl "約定 $cl"
done
run $W contract milestones 1 "全款|2026-12-15|80,000"
run $W contract submit 1
run --as sun.li contract approve 1
run --as zhao.min contract approve 1
run $W contract sign 1 --date 2026-11-10
expect_out "and signs it on 2026-11-10" "HT-2026-"

# ---- Opening the period ------------------------------------------------------
run $W review open sales 2026-11
expect_err "a rep cannot open a period" "lacks the permission 'reviews.manage'"
run --as huang.lei review open sales 2026-11
expect_err "a finance head cannot open sales' period" "the period is sales's; you manage reviews of finance"
run $M review open sales 2026-12
expect_err "a period that has not begun" "period: 2026-12 has not begun"
run $M review open sales 2026-13
expect_err "a period that is not one" "period: '2026-13' is not a month"
run $M review open sales 2026-11
expect_out "the manager opens November for sales: one review per member" "review period #1 opened: sales 2026-11, 4 reviews"
run $M review open sales 2026-11
expect_err "only once" "sales has a review period 2026-11 already"
WF=$(sql "SELECT r.id FROM reviews r JOIN users u ON u.id = r.employee_id WHERE u.login = 'wang.fang'")
TB=$(sql "SELECT r.id FROM reviews r JOIN users u ON u.id = r.employee_id WHERE u.login = 'tom.baker'")

run $W inbox
expect_out "her self evaluation waits in her inbox" "王芳 2026-11                                self evaluation        asked by wang.fang"
run $C inbox
expect_out "the supervisor's inbox asks for his ratings" "Tom Baker 2026-11                           supervisor rating      asked by tom.baker"
expect_out "and for her figures to be checked" "王芳 2026-11                                check figures          asked by wang.fang"

# ---- Self evaluation ------------------------------------------------------------
run $W review rate "$WF" sales_amount 5
expect_err "a computed KPI is not rated" "kpi: sales_amount is computed from the data, not rated"
run $W review rate "$WF" satisfaction 5
expect_err "she does not rate her own customers' satisfaction" "kpi: satisfaction is not rated by the self"
run $W review rate "$WF" teamwork 6
expect_err "a rating outside 1-5" "rating: 6 is outside 1-5"
run $W review submit "$WF"
expect_err "teamwork must be rated before submitting" "rate teamwork"
run $W review rate "$WF" teamwork 4 --comment "主動協助同事"
expect_out "she rates her teamwork 4" "review #$WF: teamwork rated 4"
run $W review submit "$WF"
expect_out "and submits" "review #$WF: self evaluation submitted"
run $W review rate "$WF" teamwork 5
expect_err "her self evaluation is closed" "submitted already"

# ---- Peers and supervisor ----------------------------------------------------------
run --as tom.baker review rate "$WF" teamwork 3
expect_err "a colleague not asked to rate cannot even see it" "no review #$WF that you may see"
run --as tom.baker review peers "$WF" tom.baker
expect_err "nor name its peers" "no review #$WF that you may see"
run $C review peers "$WF" wang.fang
expect_err "she is not her own peer" "peer: wang.fang rates as self, not as a peer"
run $C review peers "$WF" tom.baker
expect_out "the supervisor names tom.baker" "review #$WF: 1 peers named"
run --as tom.baker inbox
expect_out "the peer's inbox asks for his rating" "王芳 2026-11                                peer rating            asked by wang.fang"
run --as tom.baker review rate "$WF" teamwork 3
expect_out "the peer rates her teamwork 3" "teamwork rated 3"
run $C review rate "$WF" satisfaction 4
run $C review rate "$WF" satisfaction 5 --source customer
expect_out "the supervisor enters the customers' rating" "satisfaction rated 5"
run $C review rate "$WF" teamwork 4
run $W review rate "$WF" teamwork 2 --source customer
expect_err "only the supervisor enters customers' ratings" "source: you rate as self"

BIZDESK_NOW=2026-12-16T09:00:00Z run $C review rate "$TB" satisfaction 3 --source customer
expect_err "ratings close 15 days after the period" "ratings of 2026-11 closed on 2026-12-15"
BIZDESK_NOW=2026-12-15T09:00:00Z run $C review rate "$TB" satisfaction 3 --source customer
expect_out "the last day still takes them" "satisfaction rated 3"
run $W review show "$WF"
expect_out "the peer stays anonymous to her" "teamwork       peer       (a peer)       3"
expect_no_out "the peer's login is not shown to her" "tom.baker"
run $W review figure "$WF" sales_amount
expect_out "her sales figure is traced to the contract" "華南科技有限公司 80,000.00 CNY signed 2026-11-10"

# ---- The supervisor checks the compiled figures ------------------------------------
run $C review show "$WF"
expect_out "her figures are not checked yet" "figures:    not checked yet (the supervisor: review check-figures $WF)"
run $W review check-figures "$WF"
expect_err "she does not check her own figures" "the supervisor chen.jing checks wang.fang's figures (or a manager of sales)"
run --as tom.baker review check-figures "$WF"
expect_err "nor does her peer, who sees the review" "the supervisor chen.jing checks wang.fang's figures"
run $C review check-figures "$WF" --version 1
expect_err "a stale version is refused" "changed while you looked"
run $C review check-figures "$WF"
expect_out "her supervisor checks them" "review #$WF: figures checked"
expect_out "the check lists the sales figure it keeps" "sales_amount   80000.00"
run $C inbox
expect_no_out "checked, they leave his inbox" "王芳 2026-11                                check figures"
expect_out "tom.baker's are still to check" "Tom Baker 2026-11                           check figures          asked by tom.baker"
run $C review show "$WF"
expect_out "who checked them and when" "figures:    checked by chen.jing at 2026-11-24T09:00:00Z"
expect_no_out "nothing changed since the check" "checked 80000.00, now"
check "the figures as checked are kept" [ "$(sql "SELECT figure FROM review_figures WHERE review_id = $WF AND kpi = 'sales_amount'")" = "8000000" ]
check "the check is audited with the figures" [ "$(sql "SELECT json_extract(after, '$.\"figure.sales_amount\"') FROM audit WHERE entity = 'review' AND entity_id = $WF AND action = 'check_figures'")" = "80000.00" ]

# tom.baker's figures are checked with nothing signed; a contract of his
# recorded after (written straight into the file: only its figure matters
# here) shows beside the checked figure and does not move his score.
run $C review check-figures "$TB"
expect_out "his supervisor checks tom.baker's figures: nothing signed" "sales_amount   0.00"
run $C review show "$TB"
TB_SCORE=$(sed -n 's/^score: *//p' "$T/out")
check "his score before ($TB_SCORE)" [ -n "$TB_SCORE" ]
sql "INSERT INTO contracts (number, customer_id, title, amount, currency, start_date, end_date,
     state, owner_id, signed_on, created_at, updated_at)
     SELECT 'HT-LATE-1', $CUST, 'late', 1000000, 'CNY', '2026-11-20', '2027-11-19', 'signed', id,
     '2026-11-20', '2026-11-24T10:00:00Z', '2026-11-24T10:00:00Z' FROM users WHERE login = 'tom.baker'"
run $C review show "$TB"
expect_out "the live figure shows beside the checked one" "sales_amount   checked 0.00, now 10000.00"
expect_out "his score keeps the checked figures" "score:      $TB_SCORE"

# The score, by hand (performance.yaml's sales template):
#   sales_amount  40%  80,000.00 of 300,000.00            = 26.67 points
#   growth        10%  nothing signed in October: not scored, left out
#   new_customers 20%  1 of 2 (華南科技's first contract)  = 50.00
#   satisfaction  15%  supervisor 4 -> 80 (weight 50), customer 5 -> 100 (20)
#                      (8000x50 + 10000x20) / 70           = 85.71
#   teamwork      15%  supervisor 4 -> 80 (50), peer 3 -> 60 (20), self 4 -> 80 (10)
#                      (8000x50 + 6000x20 + 8000x10) / 80  = 75.00
#   weighted over the scored 90%:
#   (2667x40 + 5000x20 + 8571x15 + 7500x15) / 90 = 447745 / 90 = 4974.9 -> 49.75: D
run $C review show "$WF"
expect_out "sales amount scores 26.67" "80000.00       26.67"
expect_out "new customers 50.00" "1.00           50.00"
expect_out "the weighted score" "score:      49.75"
expect_out "grade D" "grade:      D"
run $C review show "$TB"
expect_out "who has yet to rate is listed" "waiting:    self, supervisor chen.jing"

# ---- Finalising, calibration, publication ----------------------------------------
run $C review finalize 1
expect_err "a supervisor does not finalise" "lacks the permission 'reviews.manage'"
run $M review finalize 1
expect_err "not while people have yet to rate" "#$TB tom.baker: self, supervisor chen.jing"
expect_err "nor while figures are unchecked, naming the reviews" "the supervisor has not checked the figures of "
CJ=$(sql "SELECT r.id FROM reviews r JOIN users u ON u.id = r.employee_id WHERE u.login = 'chen.jing'")
LN=$(sql "SELECT r.id FROM reviews r JOIN users u ON u.id = r.employee_id WHERE u.login = 'li.na'")
expect_err "chen.jing's and li.na's: wang.fang's and tom.baker's are checked" "the supervisor has not checked the figures of #$CJ chen.jing, #$LN li.na (finalise anyway with force)"
check "wang.fang's figures are checked: not named" sh -c "! grep -qF 'of #$WF wang.fang' '$T/err' && ! grep -qF ', #$WF wang.fang' '$T/err'"
check "nothing was finalised" [ "$(sql "SELECT count(*) FROM reviews WHERE state = 'final'")" = "0" ]
run $M review finalize 1 --force
expect_out "the manager finalises anyway" "review period #1 finalised"
run $C review rate "$WF" teamwork 5
expect_err "ratings are closed once final" "review #$WF is final; ratings are closed"
run $C review check-figures "$WF"
expect_err "figures are checked before finalising" "review #$WF is final; its figures are checked before the period is finalised"
run $C review show "$TB"
expect_out "tom.baker's final score kept the checked figures" "score:      $TB_SCORE"
run $C review show "$CJ"
expect_out "a review finalised unchecked says so" "figures:    not checked (finalised with the figures of the day)"
run $M review calibrate 1
expect_out "the calibration sheet ranks wang.fang with her score" "wang.fang    王芳"
expect_out "and counts grades per supervisor" "chen.jing"
expect_out "against the target distribution" "target:      20%"
run $M review grade "$WF" C
expect_err "a calibrated grade needs a reason" "reason: say why the grade differs"
run $M review grade "$WF" E --reason x
expect_err "an unknown grade lists the known ones" "grade: 'E' is not a grade of performance.yaml (A, B, C, D)"
run $M review grade "$WF" C --reason "新客戶開拓突出，業績受季節影響"
expect_out "the manager calibrates her grade" "review #$WF: grade C"
run $W review show "$WF"
expect_out "the bonus follows the grade: 50% of 5,000.00" "bonus:      2,500.00"
expect_out "the reason is kept" "calibrated: 新客戶開拓突出"
run $M review publish 1
expect_out "published" "review period #1 published"
run $C review interview "$WF"
expect_err "an interview needs notes" "notes: what was said"
run $C review interview "$WF" --notes "討論新客戶策略" --goals "十二月簽兩單"
expect_out "the supervisor records the interview" "review #$WF: interview recorded"

# ---- A correction is a new revision; the lock ------------------------------------
run $M review grade "$WF" B --reason "補錄十一月回款"
expect_out "a correction after publication" "review #$WF: grade B"
check "it is revision 2, with the scores carried over" [ "$(sql "SELECT revision, grade FROM reviews WHERE id = $WF")" = "2|B" ]
check "the first revision's scores are kept" [ "$(sql "SELECT count(*) FROM review_scores WHERE review_id = $WF AND revision = 1")" = "6" ]
run $M review lock 1
expect_out "the period is locked" "review period #1 locked"
run $M review grade "$WF" A --reason x
expect_err "a locked review is not changed" "review #$WF is locked"
run $W review history
expect_out "her history has the period, grade and a bar" "2026-11 locked"
run $M review honours 1
expect_out "the sales champion of the period" "銷售冠軍 Sales champion: wang.fang 王芳 (80000.00)"

# ---- The year: the mean of the year's finalised periods (annual: periods) ---------
run $M review open sales 2026
expect_out "the manager opens the year" "review period #2 opened: sales 2026, 4 reviews"
WFY=$(sql "SELECT r.id FROM reviews r JOIN users u ON u.id = r.employee_id JOIN review_periods p ON p.id = r.period_id WHERE u.login = 'wang.fang' AND p.period = '2026'")
run $C review show "$WFY"
expect_out "her year is the mean of her finalised November" "annual:     the mean of 1 finalised review of 2026"
expect_out "whose score it takes (not the corrected grade's)" "score:      49.75"

# ---- Improvement plans ----------------------------------------------------------------
run $C review plan new "$TB" --goals "每週拜訪五家客戶" --review-on 2026-12-31
expect_out "the supervisor opens an improvement plan" "improvement plan #1"
run $C review plan close 1 passed
expect_err "closing needs a result" "result: what came of it"
run $C review plan close 1 passed --result "完成"
expect_out "and closes it" "improvement plan #1 passed"

run --as admin audit verify
expect_rc "the audit chain verifies" 0
finish
