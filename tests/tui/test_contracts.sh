# The Contracts module and the Inbox tab in tmux: the Inbox of legal with a
# CJK and an ASCII customer aligned; a rejection that needs its reason; the changed clause
# in the details after the author resubmits; approving from the details and
# from the Inbox; finance's approval; a second process deciding while the
# approval form is open (the screen's own attempt is refused as moved on);
# a deputy's "for"; the author's list with its state filter, the details
# with the review history, and submit, withdraw and a clause edited in the
# UI; help; quit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/contracts.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"
C="--as chen.jing"

run init --demo
expect_rc "demo database" 0
run $C contract draft --opportunity 6 --start 2026-12-01 --end 2027-11-30
expect_out "chen.jing drafts #1 from the won opportunity" "drafted contract #1 (香港貿易公司)"
fill 1
run $C contract milestones 1 "首付|2026-12-15|20,000" "驗收|2027-03-01|30000"
expect_rc "with milestones that add up" 0
run $C contract submit 1
expect_out "and submits it" "in review: 法務審核 Legal review"
run $C lead show 4
ACME=$(printf '%s\n' "$OUT" | sed -n 's/^customer: *#\([0-9]*\).*/\1/p')
run $C contract draft --customer "$ACME" --title "Acme support" --amount 12,000 \
    --start 2026-12-01 --end 2027-05-31
expect_out "a second contract, for an ASCII customer (#$ACME)" "drafted contract #2 (Acme support)"
fill 2
run $C contract milestones 2 "all|2027-01-15|12,000"
run $C contract submit 2
expect_out "submitted too" "in review: 法務審核 Legal review"

# ---- Legal: the Inbox, a rejection, the changes, approvals -----------------
TUI_ENV="$TUI_ENV" tui_start --as sun.li
tui_wait "legal opens on the Contracts tab" "[Contracts]"
tui_wait "on the contract list" "Contracts > Contracts"
tui_wait "the title line names the views" "[1 Contracts] 2 Clock  3 Receivables"
tui_keys Tab Tab
tui_wait "the Inbox is a tab of its own, after Claims" "Claims  [Inbox]"
tui_wait "on it the contracts awaiting legal" "Inbox  2 awaiting your decision"
row_wait "the CJK customer's contract is listed" "香港貿易公司" "contract #1"
row_wait "with its amount and currency" "香港貿易公司" "50,000.00 CNY"
row_wait "the step awaiting legal" "香港貿易公司" "法務審核 Legal review"
row_wait "who asked" "香港貿易公司" "chen.jing"
row_wait "waiting since today" "香港貿易公司" " 0d"
row_wait "the ASCII customer's contract" "Acme Ltd" "12,000.00 CNY"
row_cjk=$(tui_line_with "香港貿易公司")
row_ascii=$(tui_line_with "Acme Ltd")
end_cjk=$(cells "${row_cjk%%50,000.00*}50,000.00")
end_ascii=$(cells "${row_ascii%%12,000.00*}12,000.00")
check "amounts end at one column on CJK and ASCII rows ($end_cjk, $end_ascii)" \
    test "$end_cjk" = "$end_ascii"
pre_cjk=$(cells "${row_cjk%%法務審核*}")
pre_ascii=$(cells "${row_ascii%%法務審核*}")
check "the step starts at one column on both ($pre_cjk, $pre_ascii)" test "$pre_cjk" = "$pre_ascii"
row_wait "the cursor is on the oldest" "香港貿易公司" ">"

# Reject: the reason is required.
tui_keys r
tui_wait "r asks for the reason" "Reject #1 香港貿易公司"
tui_keys Enter
tui_wait "an empty reason is refused" "a rejection says why"
tui_type "價格條款要寫稅率"
tui_keys Tab Right Right Right
tui_wait "the reason can be about one clause" "< 價格 Price >"
tui_keys Enter
tui_wait "the contract is rejected" "Rejected #1: back to chen.jing with your reason"
tui_gone "and leaves the inbox" "香港貿易公司"
tui_wait "the count follows" "1 awaiting your decision"
row_wait "the cursor moves to the next" "Acme Ltd" ">"

# The author fixes the price and resubmits: the contract comes back.
run $C contract clause 1 price "含稅價 50,000"
expect_rc "chen.jing fixes the price clause" 0
run $C contract submit 1
expect_out "and resubmits" "in review: 法務審核 Legal review"
tui_wait "the contract is back in the inbox within the refresh" "香港貿易公司"
row_wait "and the cursor stayed on the contract it was on" "Acme Ltd" ">"

# The details show what changed since legal's last look.
tui_keys g Enter
tui_wait "Enter opens the details" "Contract #1"
tui_wait "with the state and the step" "in review, awaiting 法務審核 Legal review (round 2)"
tui_wait "what legal may do" "You may     approve (a), reject (r)"
tui_wait "and why not the rest" "submit: only its author submits it"
tui_wait "what changed since the last look" "Changed since your last look (your decision in round 1): 1 clause"
tui_wait "the changed clause with its text" "* 價格 Price (round 2): 含稅價 50,000"
tui_wait "marked in the clauses too" "價格 Price  [changed since your last look]"
check "an unchanged clause is not marked" sh -c "! tmux -S '$SOCK' capture-pane -p | grep -q 'Rights and obligations  \[changed'"
tui_wait "the comment on the clause" "- sun.li, round 1: 價格條款要寫稅率"

# Approve from the details, with a comment.
tui_keys a
tui_wait "a asks for an optional comment" "Approve #1 香港貿易公司"
tui_type "稅率已寫明"
tui_keys Enter
tui_wait "approved on to finance" "Approved #1: it goes on to 財務審核 Finance review"
tui_wait "the details follow" "in review, awaiting 財務審核 Finance review"
tui_wait "legal may do nothing more" "one person decides one step"
tui_keys G
row_wait "the history has the rejection" "round 1  reject   法務審核 Legal review" "sun.li"
tui_wait "with its reason and clause" "\"價格條款要寫稅率\"  on 價格 Price"
row_wait "and the approval" "round 2  approve  法務審核 Legal review" "sun.li"
tui_keys q
tui_gone "q closes the details" "Contract #1"
tui_gone "the approved contract left the inbox" "香港貿易公司"

# Approve from the Inbox without a comment.
tui_keys a
tui_wait "a on the inbox row" "Approve #2 Acme Ltd"
tui_keys Enter
tui_wait "approved" "Approved #2: it goes on to 財務審核 Finance review"
tui_wait "the inbox is empty" "Nothing awaits your decision."

tui_keys '?'
tui_wait "? opens help" "Keys of this screen first"
tui_wait "with the Inbox keys first" "Inbox: everything awaiting your decision"
tui_wait "approve" "Approve selected items, or the current one"
tui_wait "reject" "Reject selected items, or the current one"
tui_wait "and the selection's keys" "Select all rows, or none when all are selected"
tui_keys q
tui_gone "q closes help" "Keys of this screen first"
tui_keys q
tui_wait "q quits with status 0" "[exited 0]"
tui_stop

# ---- Finance: approve; and a second process deciding meanwhile -------------
run --as admin user add qian.cai --name 錢財 --dept finance --role finance
expect_rc "a second finance user" 0
TUI_ENV="$TUI_ENV" tui_start --as zhao.min
tui_wait "finance opens on the Contracts tab" "[Contracts]"
tui_keys Tab Tab
tui_wait "finance's inbox" "Inbox  2 awaiting your decision"
row_wait "with the finance step" "香港貿易公司" "財務審核"
tui_keys a
tui_wait "a asks for a comment" "Approve #1 香港貿易公司"
tui_type "付款條件可以"
tui_keys Enter
tui_wait "below the leadership tier finance's approval is the last" "Approved #1: it is approved"
tui_gone "it leaves the inbox" "香港貿易公司"
row_wait "the cursor is on #2" "Acme Ltd" ">"
# The form is open on what the screen showed; another finance user decides
# it first, so the screen's own attempt must not decide it again.
tui_keys a
tui_wait "the approval form of #2" "Approve #2 Acme Ltd"
run --as qian.cai contract approve 2
expect_out "another process approves #2 meanwhile" "contract #2 is approved"
tui_keys Enter
tui_wait "the screen is told it moved on" "Error: contract #2 moved on while you looked"
tui_gone "and the row goes" "Acme Ltd"
tui_keys q
tui_wait "q quits" "[exited 0]"
tui_stop
check "one finance decision on #2, qian.cai's" \
    test "$(sql "SELECT group_concat(u.login) FROM approval_decisions d JOIN users u ON u.id = d.actor_id WHERE d.item_id = 2 AND d.step = 1")" = "qian.cai"

# ---- A deputy: the leader's deputy sees the leadership step "for" him -------
run $C contract draft --customer 6 --title "Platform" --amount 200,000 --start 2027-01-01 --end 2027-12-31
expect_out "a contract above the leadership tier" "drafted contract #3"
fill 3
run $C contract milestones 3 "all|2027-06-30|200,000"
run $C contract submit 3
run --as sun.li contract approve 3
run --as zhao.min contract approve 3
expect_out "it waits for leadership" "領導審批 Leadership approval"
run --as zhang.wei delegate li.na --from 2026-11-20 --to 2026-11-30 --module contracts
expect_rc "the leader names li.na his deputy" 0
TUI_ENV="$TUI_ENV" tui_start --as li.na
tui_wait "li.na opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab Tab
tui_wait "her inbox" "Inbox  1 awaiting your decision"
row_wait "as the leader's deputy" "香港貿易公司" "for zhang.wei"
row_wait "at the leadership step" "香港貿易公司" "領導審批"
tui_keys a
tui_wait "the form says for whom" "Approve #3 香港貿易公司 for zhang.wei"
tui_keys Enter
tui_wait "approved as the deputy" "Approved #3: it is approved"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

# ---- The author: the list, the details, submit, withdraw, a clause ----------
run $C contract draft --customer "$ACME" --title "Training" --amount 8,000 --start 2026-12-01 --end 2027-03-31
expect_out "a draft with an empty required clause" "drafted contract #4"
fill 4 breach
run $C contract milestones 4 "all|2027-01-31|8,000"
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "chen.jing opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab Tab
tui_wait "her inbox is empty" "Nothing awaits your decision."
tui_keys BTab BTab
tui_wait "the Contracts tab lists the contracts" "Contracts > Contracts  [state: all]"
tui_wait "with the view marked" "[1 Contracts] 2 Clock"
row_wait "#1 is approved" "香港貿易公司" "approved"
row_wait "#4 is a draft" "Training" "draft"
row_wait "with its amount" "Training" "8,000.00 CNY"
tui_keys f
tui_wait "f filters by the first state" "[state: draft]"
tui_gone "approved ones leave the list" "approved"
tui_wait "the draft stays" "Training"
tui_keys f f f
tui_wait "f cycles to approved" "[state: approved]"
tui_gone "the draft leaves" "Training"
tui_wait "approved ones show" "Acme support"
tui_keys f f f f f f
tui_wait "and back to all" "[state: all]"

tui_keys g Enter
tui_wait "the details of #1" "Contract #1"
tui_wait "state approved" "State       approved"
tui_wait "the author may sign it" "You may     sign (S)"
tui_keys G
row_wait "the history has legal's rejection" "round 1  reject   法務審核 Legal review" "sun.li"
row_wait "legal's approval" "round 2  approve  法務審核 Legal review" "sun.li"
row_wait "and finance's" "approve  財務審核 Finance review" "zhao.min"
tui_wait "with its comment" "\"付款條件可以\""
tui_keys a
tui_wait "a is refused on the status line" "Error: Cannot approve #1"
tui_wait "and with the reason in full in the details" \
    "Refused:    Cannot approve #1: it is approved, not waiting for a decision"
tui_keys q
tui_gone "q closes the details" "Contract #1"

# The deputy's decision is recorded as "li.na for zhang.wei".
tui_keys j j Enter
tui_wait "the details of #3" "Contract #3"
tui_keys G
row_wait "the deputy's approval" "approve  領導審批 Leadership approval" "li.na for zhang.wei"
tui_keys q

# Submit is refused while a required clause is empty; e edits it.
tui_keys G Enter
tui_wait "the details of the draft" "Contract #4"
tui_wait "the empty clause is named" "Empty       違約責任 Liability for breach"
tui_wait "the author may submit and edit" "You may     submit (s), edit clauses (e)"
tui_keys s
tui_wait "s asks first" "Submit #4 for review? It goes to 法務審核 Legal review."
tui_keys y
tui_wait "submission names the empty clause" \
    "Refused:    contract #4 cannot be submitted: empty required clauses: breach"
tui_keys e
tui_wait "e offers the first empty clause" "< 違約責任 Liability for breach >"
tui_keys Enter
tui_wait "and edits its text" "違約責任 Liability for breach of #4"
tui_type "逾期交付每日千分之一"
tui_keys Enter
tui_wait "the clause is saved" "Saved 違約責任 Liability for breach of #4"
tui_gone "the details no longer name it empty" "Empty       違約責任"
tui_keys PgDn
tui_wait "they show its text" "逾期交付每日千分之一"
tui_keys g
tui_keys s y
tui_wait "now it is submitted" "Submitted #4: it waits for 法務審核 Legal review"
tui_wait "the details follow" "in review, awaiting 法務審核 Legal review (round 1)"
tui_keys w
tui_wait "w asks first" "Withdraw #4 from review?"
tui_keys y
tui_wait "withdrawn" "Withdrew #4: it is a draft again"
tui_keys '?'
tui_wait "? in the details lists their keys first" "A contract's details"
tui_wait "submit" "Submit it for review"
tui_wait "withdraw" "Withdraw it from review"
tui_keys q
tui_wait "q closes help, back on the details" "Contract #4"
tui_keys q
row_wait "the list shows it a draft" "Training" "draft"

tui_keys '?'
tui_wait "help lists this view's keys first" "Contracts > Contracts"
tui_wait "with the state filter" "State filter changes in turn"
tui_keys q
tui_keys q
tui_wait "q quits with status 0" "[exited 0]"
tui_stop

run --as admin audit list --entity contract
expect_out "the UI's decisions are audited as the reviewers" "sun.li	reject	contract#1"
expect_out "the deputy's as for the leader" "li.na for zhang.wei	approve	contract#3"
expect_out "the author's withdrawal" "chen.jing	withdraw	contract#4"
run --as admin audit verify
expect_rc "the audit chain holds" 0

# The man page lists the Contracts keys (generated from actions.def).
man=$(dirname "$BIZDESK")/bizdesk.1
check "bizdesk(1) has the Inbox keys" grep -q "Inbox: everything awaiting your decision" "$man"
check "bizdesk(1) has the details' keys" grep -q "A contract's details" "$man"

finish
