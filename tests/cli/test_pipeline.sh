# The pipeline through the CLI: leads, stage moves, owners, activities,
# the Today list, complaints and satisfaction scores, and who sees what.
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-09-01T09:00:00Z
run init --demo --no-sample
W="--as wang.fang"
run $W lead add --company 華南科技有限公司 --contact 陳大文 --phone "+86 138 0013 8000" --source 展會 --value 120,000
expect_rc "a rep adds a lead" 0
expect_out "and gets its number" "added lead #1 (華南科技有限公司) for wang.fang"
export BIZDESK_NOW=2026-11-20T09:00:00Z
run $W lead add --company "Late Co" --contact Bob --followup 2026-11-21
run $W lead add --company "Fresh Co" --contact Ann --followup 2026-11-24 --class key
run --as tom.baker lead add --company "Tom's Co" --contact Tim
run $W lead add --company "Bad" --email nobody@
expect_rc "a bad e-mail is refused" 1
expect_err "naming the field" "email: 'nobody@' is not an e-mail address"
run $W lead add --company "Bad" --close 2026-13-01
expect_err "a bad date names the field" "close_date:"
run $W lead add --company "Bad" --owner tom.baker
expect_rc "a rep cannot give a lead to someone else" 1
expect_err "and is told why" "pipeline.reassign"

export BIZDESK_NOW=2026-11-24T09:00:00Z
run $W lead list
expect_out "the rep's list has their lead" "華南科技有限公司"
expect_no_out "and not another rep's" "Tom's Co"
expect_out "totals for the list" "3 opportunities, value 120,000.00, weighted 12,000.00 CNY"
run --as chen.jing lead list
expect_out "the supervisor sees the team" "Tom's Co"
run --as tom.baker lead show 1
expect_rc "another rep cannot open it" 1
expect_err "it does not exist for them" "no opportunity #1 that you may see"
run --as zhao.min lead list
expect_rc "finance has no pipeline" 1

run $W lead list --search 大文
expect_out "a two-character Chinese search finds the contact" "陳大文"
run $W lead list --search 大明
expect_no_out "and only that" "陳大文"

run $W lead move 1 proposal
expect_rc "moving past the required fields is refused" 1
expect_err "naming every missing field" "without: needs (the needs notes), budget (the customer's budget)"
run $W lead move 1 proposal --needs "CRM, 50 seats" --budget 100,000
expect_rc "with the fields it moves" 0
run $W lead show 1
expect_out "the stage shows with its probability" "stage:       方案報價 Proposal (60%) since 2026-11-24"
run $W lead move 1 lost
expect_err "lost needs a reason" "lost_reason"
run $W lead move 1 lost --reason "price too high"
run $W lead move 1 negotiation
expect_err "a lost opportunity stays closed" "is closed"

run $W activity add 2 --kind visit --summary "拜訪客戶" --next 2026-12-01
expect_out "an activity is logged" "logged visit on #2 (2026-11-24)"
run $W activity add 2 --kind party --summary x
expect_err "an unknown kind is named" "kind: 'party'"
run $W lead show 2
expect_out "the activity shows on the lead" "visit       wang.fang    拜訪客戶"
expect_out "and schedules the next follow-up" "follow-up:   2026-12-01"

run --as chen.jing lead assign 4 wang.fang
expect_rc "the supervisor reassigns" 0
run $W lead list
expect_out "and the new owner sees it" "Tom's Co"
run --as admin audit list --entity opportunity --limit 1
expect_out "reassigning is audited" "chen.jing	reassign	opportunity#4"

run $W today
expect_out "Today: a follow-up due today" "due today   2026-11-24  Fresh Co"
expect_no_out "a follow-up moved on by a visit is not due" "Late Co"

run $W complaint add 3 --summary "安裝延誤"
expect_out "a complaint is recorded" "complaint #1 (Fresh Co) is open"
run $W complaint step 1 resolved
expect_err "it is routed before it is resolved" "routed to a department first"
run $W complaint step 1 routed --dept aftersales
run $W complaint step 1 open
expect_err "complaints only move forward" "only move forward"
run $W complaint step 1 closed --resolution "engineer sent"
expect_out "closing with a resolution" "is closed"
run $W complaint add 1 --summary "x"
export BIZDESK_NOW=2026-11-26T09:00:00Z
run $W today
expect_out "Today: yesterday's follow-up is overdue" "overdue     2026-11-24  Fresh Co"
expect_out "Today lists open complaints" "complaint #2 (open): x"
run $W survey add 3 --survey 2026-Q4 --score 4
expect_rc "a satisfaction score" 0
run $W survey add 3 --survey 2026-Q4 --score 5
expect_err "one score per survey" "already has a score"
run $W survey add 3 --survey 2026-Q4 --score 7
expect_rc "a score outside 1-5 is a usage error" 2

run $W customer show 3
expect_out "a customer card shows its contacts" "Ann"
expect_out "its satisfaction" "satisfaction: 4.00 of 5 (1 surveys)"
expect_out "and its complaints" "closed        安裝延誤"
run --as tom.baker customer show 3
expect_rc "another rep cannot open the customer" 1

run $W lead add --company "No Contact Co"
run $W lead move 5 qualified
expect_err "a stage that needs a contact says so" "without: contact"
run $W lead move 5 qualified --contact 黃小姐 --contact-phone "138 1111 2222"
expect_rc "a contact given on the way in" 0
run $W lead list --search 黃小
expect_out "is searchable at once" "No Contact Co"

export BIZDESK_NOW=2027-03-01T09:00:00Z
run $W today
expect_out "a key customer quiet for 30 days is a churn risk" "churn risk"
run --as admin audit verify
expect_rc "the audit chain holds" 0
# A demo database made without --no-sample has leads for each role to see.
export BIZDESK_DB="$T/sample.db"
run init --demo
run --as wang.fang lead list
expect_out "the demo has sample leads" "華南科技有限公司"
run --as tom.baker lead list
expect_out "each rep their own" "Acme Ltd"
expect_no_out "and not the others'" "華南科技有限公司"
run --as wang.fang today
expect_out "and something to do today" "due today"
finish
