# Reviews in tmux, a monthly cycle of the sales team of the demo data set
# up through the CLI as tests/cli/test_reviews.sh does (October finalised
# with every grade D, wang.fang's contract signed in November):
# - wang.fang's My review: the KPIs with their CJK names aligned, her
#   signed contract in the pager behind sales_amount, a computed KPI and
#   one she does not rate refused with the app's reasons, teamwork rated in
#   the form (a rating outside 1-5 refused in it), the self evaluation
#   submitted; her live D after October's D flagged in words.
# - tom.baker rates her as a peer from the Inbox.
# - chen.jing's Team: 王芳 and Tom Baker aligned with who is missing and
#   whether their figures are checked; her details: rated as supervisor and
#   for the customers, the score checked against the hand-worked 49.75 of
#   tests/cli/test_reviews.sh, her figures checked with c (the question
#   shows them; n leaves them unchecked).
# - li.na's Calibration: finalising refused naming who has not rated and
#   whose figures are unchecked, then finalised anyway; 王芳's grade set to C with a reason, the bonus pool
#   from 0.00 to 2,500.00; published.
# - chen.jing records the interview; wang.fang's grade history with its
#   chart after publication; a resize; help.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

# end_of LINE TEXT: the cell column where TEXT ends on LINE.
end_of() { cells "${1%%"$2"*}$2"; }
# start_of LINE TEXT: the cell column where TEXT starts on LINE.
start_of() { cells "${1%%"$2"*}"; }

run init --demo
expect_rc "demo database" 0

# ---- Set-up: wang.fang signs a contract in November; October is closed ----
CUST=$(sql "SELECT customer_id FROM opportunities WHERE id = 1")
run --as wang.fang contract draft --customer "$CUST" --title "華南 ERP" --amount 80,000 \
    --start 2026-11-01 --end 2027-10-31
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    run --as wang.fang contract clause 1 $cl "約定 $cl"
done
run --as wang.fang contract milestones 1 "全款|2026-12-15|80,000"
run --as wang.fang contract submit 1
run --as sun.li contract approve 1
run --as zhao.min contract approve 1
run --as wang.fang contract sign 1 --date 2026-11-10
expect_out "wang.fang's contract is signed on 2026-11-10" "HT-2026-0001"
run --as li.na review open sales 2026-10
run --as li.na review finalize 1 --force
run --as li.na review publish 1
expect_out "October is finalised and published" "review period #1 published"
run --as li.na review open sales 2026-11
expect_out "November is open: four reviews" "review period #2 opened: sales 2026-11, 4 reviews"
rid() { sql "SELECT r.id FROM reviews r JOIN users u ON u.id = r.employee_id WHERE u.login = '$1' AND r.period_id = 2"; }
WF=$(rid wang.fang)
TB=$(rid tom.baker)

# ---- wang.fang: My review, the self evaluation --------------------------------
TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "wang.fang opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab Tab Tab
tui_wait "the Reviews tab opens on her open review" \
    "Reviews > My review  sales 2026-11 (self evaluation)"
tui_wait "its header" "#$WF 王芳 (wang.fang), 銷售 Sales, 2026-11; supervisor chen.jing"
tui_wait "what she does next" "self evaluation: rate the KPIs marked ? (r), then submit (s)"
tui_wait "the live score" "Score       34.45 (live until finalised)   grade D   bonus 0.00"
tui_wait "who has yet to rate" "Waiting for self, supervisor chen.jing"
tui_wait "a second D in a row is flagged in words" \
    "Flags       improvement plan required (2 failing in a row)"
tui_wait "the table's columns" "KPI                              Weight    Figure Points Yours  Sources"
row_wait "sales amount: weight, figure, points" "銷售額 Sales amount" "40% 80,000.00  26.67"
row_wait "and its target" "銷售額 Sales amount" "target 300,000.00"
row_wait "growth has no data (nothing signed in October)" "增長率 Growth rate" " 5%         -      -"
row_wait "profit has none either (no contract records its cost)" "利潤 Profit" " 5%         -      -        target 60,000.00"
row_wait "one new customer: 50 points" "新客戶 New customers" "20%         1  50.00"
row_wait "teamwork waits for her rating" "團隊合作 Teamwork" "15% rated 1-5      -     ?"
row_wait "the cursor is on the first KPI" "銷售額 Sales amount" "> 銷售額"
r1=$(tui_line_with "銷售額 Sales amount")
r2=$(tui_line_with "客戶滿意度 Customer satisfaction")
r3=$(tui_line_with "團隊合作 Teamwork")
check "the weights end at one cell on CJK rows of different widths ($(end_of "$r1" "40%"))" \
    sh -c "[ $(end_of "$r1" "40%") = $(end_of "$r2" "15%") ] && [ $(end_of "$r2" "15%") = $(end_of "$r3" "15%") ]"
row_wait "her history: October's D" "2026-10  published" "D      0.00"
row_wait "and November, live" "2026-11  self evaluation" "D     34.45*  ██████"

tui_keys Enter
tui_wait "Enter shows the records of her sales figure" "銷售額 Sales amount of 王芳, 2026-11"
tui_wait "against its target" "Figure 80,000.00 against the target 300,000.00: 26.67 points (at most 120)"
tui_wait "her signed contract counted" \
    "contract #1      HT-2026-0001 華南科技有限公司 80,000.00 CNY signed 2026-11-10"
tui_keys q
tui_gone "q closes the pager" "The records it counts:"
tui_keys r
tui_wait "a computed KPI is not rated: the app's reason" \
    "Refused: kpi: sales_amount is computed from the data, not rated"
check "and no form opened" not_shown "Rate your"
tui_keys j j j j
row_wait "j moves the cursor" "客戶滿意度 Customer satisfaction" "> 客戶滿意度"
tui_keys r
tui_wait "she does not rate her customers' satisfaction" \
    "Refused: kpi: satisfaction is not rated by the self (performance.yaml rated_by)"
tui_keys j r
tui_wait "r on teamwork opens the form" "Rate your 團隊合作 Teamwork (review #$WF, 2026-11)"
tui_wait "as herself" "As  self"
tui_type "6"
tui_keys Enter
tui_wait "a rating outside 1-5 is refused in the form" "rating: 6 is outside 1-5"
tui_keys C-u
tui_type "4"
tui_wait "the form shows the points of the rating" "4 is 80.00 points"
tui_keys Tab
tui_type "主動協助同事"
tui_keys Enter
tui_wait "she rated teamwork 4" "Rated 團隊合作 4 (of 1-5) as self"
row_wait "her rating is on the row" "團隊合作 Teamwork" "rated 1-5  80.00     4  supervisor -, peer -, self 80"
tui_wait "with her comment" "self       wang.fang      4  主動協助同事"
tui_wait "the live score follows" "Score       43.56 (live until finalised)"
run --as wang.fang review show "$WF"
expect_out "the rating is kept" "teamwork       self       wang.fang      4  主動協助同事"
tui_keys s
tui_wait "s asks first" "Submit your self evaluation of 2026-11? It cannot be changed after."
tui_keys y
tui_wait "the self evaluation is submitted" "Self evaluation of 2026-11 submitted: chen.jing rates"
tui_wait "the review is being rated" "Reviews > My review  sales 2026-11 (rating)"
check "in the database too" test "$(sql "SELECT state FROM reviews WHERE id = $WF")" = "rating"
tui_keys r
tui_wait "she cannot rate again" "Refused: your self evaluation of review #$WF is submitted already"
tui_keys c
tui_wait "she does not check her own figures" \
    "Refused: the supervisor chen.jing checks wang.fang's figures"
tui_wait "they are not checked yet" "Figures     not checked yet (the supervisor checks them: c)"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

# ---- tom.baker rates her as a peer, from the Inbox ------------------------------
run --as chen.jing review peers "$WF" tom.baker
expect_out "the supervisor names tom.baker" "review #$WF: 1 peers named"
TUI_ENV="$TUI_ENV" tui_start --as tom.baker
tui_wait "tom.baker opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab Tab
tui_wait "his inbox asks for the peer rating" "peer rating"
i=0
while ! tui_line_with "peer rating" | grep -qF ">" && [ $i -lt 5 ]; do tui_keys j; i=$((i + 1)); done
row_wait "the cursor is on it" "peer rating" ">"
tui_keys Enter
tui_wait "Enter opens the review's details" "Review #$WF: 王芳, 2026-11"
tui_wait "he rates as a peer" "rating: rate the KPIs marked ? as a peer (r)"
tui_keys j j j j j r
tui_wait "the form rates her teamwork" "Rate 團隊合作 Teamwork of 王芳 (review #$WF, 2026-11)"
tui_wait "as a peer, the only source he has" "As  peer"
tui_type "3"
tui_keys Enter
tui_wait "he rated it 3" "Rated 團隊合作 3 (of 1-5) as peer"
tui_keys q
tui_gone "q closes the details" "Review #$WF: 王芳"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop
run --as wang.fang review show "$WF"
expect_out "the peer's rating stays anonymous to her" "teamwork       peer       (a peer)       3"

# ---- chen.jing: Team -------------------------------------------------------------
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "chen.jing opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab Tab Tab 2
tui_wait "Team shows November's reviews in his reach" "Reviews > Team  sales 2026-11 (open): 3 reviews"
tui_wait "its columns" "Employee  Login     State             Score Grade Figures  Waiting for"
row_wait "王芳 waits for him, her figures too" "wang.fang" \
    "王芳      wang.fang rating            40.89 D     to check ! supervisor chen.jing"
row_wait "Tom Baker waits for himself and him" "tom.baker" \
    "Tom Baker tom.baker self evaluation    0.00 D     to check ! self, supervisor chen.jing"
row_wait "his own review waits for him and li.na" "chen.jing self" "self, supervisor li.na"
rw=$(tui_line_with "wang.fang")
rt=$(tui_line_with "tom.baker")
check "the logins start at one cell after a CJK and an ASCII name ($(start_of "$rw" "wang.fang"))" \
    test "$(start_of "$rw" "wang.fang")" = "$(start_of "$rt" "tom.baker")"
check "so do who is missing ($(start_of "$rw" "! supervisor"))" \
    test "$(start_of "$rw" "! supervisor")" = "$(start_of "$rt" "! self")"
tui_keys j j
row_wait "the cursor on 王芳" "wang.fang" ">王芳"
tui_keys Enter
tui_wait "her details" "Review #$WF: 王芳, 2026-11"
tui_wait "what he does" "rating: rate the KPIs marked ? (r); name the peers (n); check the figures (c)"
tui_wait "her figures are not checked yet" "Figures     not checked yet (the supervisor checks them: c)"
tui_keys c
tui_wait "c asks first, showing the figures it keeps" "Check the figures of 王芳, 2026-11? The score keeps these:"
tui_wait "her sales amount among them" "銷售額 Sales amount       80,000.00"
tui_wait "and the new customers" "新客戶 New customers      1"
tui_keys n
tui_wait "n leaves them unchecked" "The figures of 王芳 are not checked yet"
check "nothing kept" test "$(sql "SELECT figures_checked_at FROM reviews WHERE id = $WF")" = ""
tui_keys c
tui_wait "asked again" "Check the figures of 王芳, 2026-11?"
tui_keys y
tui_wait "checked" "Checked the figures of 王芳 (review #$WF)"
tui_wait "who checked them and when" "Figures     checked by chen.jing at 2026-11-24T09:00:00Z"
check "in the database too" test "$(sql "SELECT figure FROM review_figures WHERE review_id = $WF AND kpi = 'sales_amount'")" = "8000000"
tui_wait "no more asking to check" "rating: rate the KPIs marked ? (r); name the peers (n)"
check "the state line no longer asks" not_shown "check the figures (c)"
tui_keys j j j j r
tui_wait "he rates satisfaction" "Rate 客戶滿意度 Customer satisfaction of 王芳 (review #$WF, 2026-11)"
tui_wait "as supervisor, or for the customers" "As >< supervisor >"
tui_keys Tab
tui_type "4"
tui_keys Enter
tui_wait "as supervisor" "Rated 客戶滿意度 4 (of 1-5) as supervisor"
tui_keys r Right
tui_wait "the customers' source" "As >< customer >"
tui_keys Tab
tui_type "5"
tui_keys Enter
tui_wait "and for the customers" "Rated 客戶滿意度 5 (of 1-5) as customer"
row_wait "both sources score it" "客戶滿意度 Customer satisfaction" "85.71     4  supervisor 80, customer 100"
tui_keys j r
tui_wait "teamwork: as supervisor only" "As  supervisor"
tui_type "4"
tui_keys Enter
tui_wait "and teamwork" "Rated 團隊合作 4 (of 1-5) as supervisor"
row_wait "supervisor, peer and self: 75.00" "團隊合作 Teamwork" "75.00     4  supervisor 80, peer 60"
tui_wait "the hand-worked score of tests/cli/test_reviews.sh" \
    "Score       49.75 (live until finalised)   grade D"
tui_wait "nobody is missing" "Waiting for nobody"
tui_keys q
tui_gone "q closes the details" "Review #$WF: 王芳"
row_wait "the row follows, her figures checked" "wang.fang" "rating            49.75 D     checked"
check "nobody is missing on her row" sh -c "! tmux -S '$SOCK' capture-pane -p | grep wang.fang | grep -q '! supervisor'"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

# ---- li.na: Calibration --------------------------------------------------------------
TUI_ENV="$TUI_ENV" tui_start --as li.na
tui_wait "li.na opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab Tab Tab 3
tui_wait "the calibration sheet of November" "Reviews > Calibration  sales 2026-11 (open)"
tui_wait "its columns" "Rank Employee  Login     Supervisor   Score Grade            Bonus"
row_wait "王芳 ranks first" "wang.fang" "1 王芳      wang.fang chen.jing    49.75 D                 0.00"
tui_wait "the distribution: grades, targets, each supervisor" \
    "Grade  Target   All  Share  li.na  zhang.wei  chen.jing"
row_wait "all four D" "D         10%" "D         10%     4   100%      1          1          2"
tui_wait "the bonus pool" "Bonus pool 0.00 CNY for 4 reviews (bonus base 5,000.00)"
tui_keys f
tui_wait "f asks first" "Finalise sales 2026-11? Scores, grades and bonuses are kept as they are now."
tui_keys y
tui_wait "refused, naming who has not rated" \
    "Refused: not everyone has rated: #5 chen.jing: self, supervisor li.na; #6 li.na: self,"
tui_wait "the rest of the names" "#7 tom.baker: self, supervisor chen.jing"
tui_wait "and whose figures are unchecked" "#5 chen.jing, #6 li.na, #7 tom.baker (finalise anyway with force)"
check "wang.fang's are checked: not named" not_shown "#$WF wang.fang"
tui_wait "then asked again" "Finalise anyway? Missing ratings stay out, unchecked figures count as of today."
check "nothing finalised yet" test "$(sql "SELECT state FROM review_periods WHERE id = 2")" = "open"
tui_keys y
tui_wait "finalised anyway" "Finalised sales 2026-11: 4 reviews"
tui_wait "the title follows" "Reviews > Calibration  sales 2026-11 (finalised)"
check "in the database too" test "$(sql "SELECT state FROM review_periods WHERE id = 2")" = "finalised"
tui_keys g
tui_wait "g opens the grade form on the first row" "Grade of 王芳 (review #$WF, 2026-11)"
tui_wait "with her score and grade" "王芳 (wang.fang): 49.75, grade D, bonus 0.00"
tui_keys Left Tab Enter
tui_wait "a reason is required" "reason: say why the grade differs from the score's"
tui_type "新客戶開拓突出"
tui_keys Enter
tui_wait "her grade is C and the pool changed" "王芳: grade C; bonus pool 2,500.00 (was 0.00)"
tui_wait "the pool on the sheet" "Bonus pool 2,500.00 CNY for 4 reviews (bonus base 5,000.00)"
row_wait "her row: C, calibrated, 2,500.00" "wang.fang" "49.75 C *           2,500.00"
row_wait "one C of chen.jing's" "C         30%" "C         30%     1    25%      0          0          1"
run --as li.na review show "$WF"
expect_out "the bonus follows the grade" "bonus:      2,500.00"
expect_out "with the reason" "calibrated: 新客戶開拓突出"
tui_keys P
tui_wait "P asks first" "Publish sales 2026-11? Each employee sees their score, grade and bonus."
tui_keys y
tui_wait "published" "Published sales 2026-11: interviews next"
check "in the database too" test "$(sql "SELECT state FROM review_periods WHERE id = 2")" = "published"
tui_keys '?'
tui_wait "help lists the calibration's keys first" "Reviews > Calibration"
tui_wait "the grade key" "Adjust grade of the selected review"
tui_keys q q
tui_wait "quit" "[exited 0]"
tui_stop

# ---- chen.jing records the interview -----------------------------------------------
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "chen.jing again" "[Pipeline]"
tui_keys Tab Tab Tab Tab 2
tui_wait "Team after publication" "Reviews > Team  sales 2026-11 (published)"
tui_keys j j Enter
tui_wait "her details" "published: record the feedback interview (i)"
tui_keys i
tui_wait "i opens the interview form" "Interview with 王芳 (review #$WF, 2026-11)"
tui_keys Enter
tui_wait "notes are required" "notes: what was said"
tui_type "討論新客戶策略"
tui_keys Tab
tui_type "十二月簽兩單"
tui_keys Enter
tui_wait "recorded" "Recorded the interview with 王芳 (review #$WF)"
tui_wait "shown in the details" "Interview   討論新客戶策略  Goals: 十二月簽兩單"
tui_keys q q
tui_wait "quit" "[exited 0]"
tui_stop

# ---- wang.fang's history after publication -------------------------------------------
TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "wang.fang again" "[Pipeline]"
tui_keys Tab Tab Tab Tab
tui_wait "her latest review, interviewed" "Reviews > My review  sales 2026-11 (interviewed)"
tui_wait "her published grade and bonus" "Score       49.75   grade C   bonus 2,500.00"
tui_wait "why it differs from the score" "Calibrated  新客戶開拓突出"
tui_wait "no flag after a C" "Your grades by period (a block is 5 points)"
check "the flag is gone" not_shown "improvement plan required"
row_wait "the chart: 49.75 is nine blocks" "2026-11  interviewed" "C     49.75   █████████"
check "exactly nine" sh -c "tmux -S '$SOCK' capture-pane -p | grep '2026-11  interviewed' | grep -vq '██████████'"
row_wait "October's D has no bar" "2026-10  published" "D      0.00"
check "the live mark is gone" not_shown "* live:"
tui_keys '?'
tui_wait "help lists a review's keys first" "A review: Reviews > My review"
tui_wait "the rating key" "Rate selected KPI"
tui_wait "the figures check key" "Check compiled figures of the computed KPIs"
tui_keys q
tui_resize 80 24
tui_wait "at 80x24 the KPIs are still there" "團隊合作 Teamwork"
row_wait "with their points" "新客戶 New customers" "50.00"
tui_wait "and the history" "2026-11  interviewed"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

finish
