# A contract through its whole life with the demo users: draft from a won
# opportunity, clauses and milestones, review with a rejection, the changes
# since the reviewer's last look, signing with a number, payments, aging,
# delegation, termination; and two reviewers approving at once.
. "$(dirname "$0")/../lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
run init --demo
C="--as chen.jing"
run $C contract draft --opportunity 4 --start 2026-12-01 --end 2027-11-30
expect_rc "an opportunity that is not won is refused" 1
expect_err "saying so" "is not won"
run $C contract draft --opportunity 6 --start 2026-12-01 --end 2027-11-30
expect_out "a contract is drafted from the won opportunity" "drafted contract #1 (香港貿易公司)"
run $C contract draft --customer 6 --title "Support" --amount 10,000 --start 2027-01-01 --end 2026-12-01
expect_err "dates out of order name the field" "end: 2026-12-01 is before the start 2027-01-01"
run $C contract draft --customer 6 --title "Support" --amount 10,000 --currency XYZ --start 2027-01-01 --end 2027-12-31
expect_err "an unknown currency is named" "currency: 'XYZ'"
run $C contract draft --customer 6 --title "Support" --amount 99999999999999999 --start 2027-01-01 --end 2027-12-31
expect_err "an amount that overflows is refused" "amount:"

run $C contract submit 1
expect_rc "submission with empty clauses is refused" 1
expect_err "naming the empty required clauses" "empty required clauses: rights"
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    run $C contract clause 1 $cl "約定 $cl"
done
run $C contract milestones 1 "首付|2026-12-15|20,000" "驗收|2027-03-01|20000"
expect_err "milestones must add up to the amount" "milestones add up to 40,000.00; the contract is for 50,000.00"
run $C contract milestones 1 "首付|2026-12-15|20,000" "驗收|2027-12-31|30000"
expect_err "a milestone after the end is refused" "milestone 2: due 2027-12-31 is outside the contract"
run $C contract milestones 1 "首付|2026-12-15|20,000" "驗收|2027-03-01|30000"
expect_rc "milestones that add up" 0
run $C contract submit 1
expect_out "submitted to the first step" "in review: 法務審核 Legal review"
run $C contract approve 1
expect_err "nobody approves their own request" "nobody decides their own request"
run --as zhao.min contract approve 1
expect_err "finance waits for legal" "Legal review is for role legal"
run --as sun.li inbox
expect_out "legal's inbox shows it" "法務審核 Legal review asked by chen.jing"
run --as zhao.min inbox
expect_out "finance's inbox is empty for now" "nothing waits for your decision"
run --as sun.li contract reject 1 --clause price
expect_err "a rejection needs a reason" "says why"
run --as sun.li contract reject 1 --clause price --comment "價格條款要寫稅率"
expect_out "rejected back to the author" "contract #1 is rejected"
run $C contract clause 1 price "含稅價 50,000"
run $C contract submit 1
run --as sun.li contract changed 1
expect_out "the reviewer sees what changed since their last look" "price          (round 2) 含稅價 50,000"
expect_no_out "and only that" "rights"

# Two legal reviewers press approve at the same moment: one decision stands.
run --as admin user add qian.fa --name 錢法 --dept legal --role legal
"$BIZDESK" --as sun.li contract approve 1 > "$T/a1" 2>&1 &
p1=$!
"$BIZDESK" --as qian.fa contract approve 1 > "$T/a2" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "exactly one of two simultaneous approvals wins ($r1, $r2)" test $(( (r1 == 0) + (r2 == 0) )) = 1
check "the other is told the item moved on" grep -qE "moved on|Finance review is for role finance|busy" "$T/a1" "$T/a2"
check "one legal decision is recorded for round 2" \
    test "$(sql "SELECT count(*) FROM approval_decisions WHERE round = 2 AND step = 0 AND action = 'approve'")" = 1
run --as zhao.min contract approve 1 --comment "付款條件可以"
expect_out "finance approves below the leadership tier" "contract #1 is approved"

run $C contract sign 1 --date 2026-11-25 --version 1
expect_err "signing what the person did not see is refused" "moved on while you looked"
run $C contract sign 1 --date 2026-11-25
expect_out "signing assigns the number" "signed as HT-2026-0001 on 2026-11-25"
run $C contract clause 1 price "改價"
expect_err "a signed contract is not edited" "a signed contract changes by amendment"
run --as tom.baker contract show 1
expect_rc "another rep cannot see it" 1
run --as zhao.min ar list
expect_out "receivables come from the milestones" "HT-2026-0001"
run $C ar pay 1 100 --method transfer
expect_err "a rep may not record payments" "receivables.record"
run --as zhao.min ar pay 1 5,000 --method transfer --ref TX1
expect_out "a partial payment" "paid 5,000.00 of 20,000.00, open"
run --as zhao.min ar pay 1 50000 --method transfer
expect_err "an overpayment is refused" "more than the 15,000.00 still open"
export BIZDESK_NOW=2027-02-20T09:00:00Z
run --as zhao.min ar collect 1 phone --date 2027-02-21
expect_out "an overdue receivable gets a collection plan" "receivable #1: phone planned for 2027-02-21"
run --as zhao.min ar collect 1 phone --date 2027-02-21 --done 2027-02-21
expect_err "a done action needs its outcome" "outcome: say what came of it"
run --as zhao.min ar collect 1 phone --date 2027-02-21 --done 2027-02-21 --outcome "答應月底付款"
run --as zhao.min ar collect 1 lawsuit --date 2027-03-01
expect_err "an unknown collection kind is named" "kind: 'lawsuit'"
run --as zhao.min ar show 1
expect_out "the collection log" "2027-02-21  phone  2027-02-21 zhao.min: 答應月底付款"
run --as zhao.min ar aging
expect_out "aging puts 15,000 in 61-90 days" "香港貿易公司               30,000.00            0.00            0.00       15,000.00"

# Amendments: a signed contract is never edited; a price change goes
# through legal, finance (and leadership above its tier) and makes version 2.
run $C contract amend 1 --kind price --content "加一年維護" --reason "客戶要求" --effective 2027-01-01 --amount 60,000
expect_out "an amendment goes to review" "amendment #1 of contract #1 is in review"
run $C amendment approve 1
expect_err "not by its author" "nobody decides their own request"
run --as sun.li inbox
expect_out "the amendment waits in legal's inbox" "amend #1 (price): 加一年        60,000.00 CNY  法務審核 Legal review asked by chen.jing"
run --as sun.li amendment approve 1
run --as zhao.min amendment approve 1 --comment "同意"
expect_out "approved through its flow" "amendment #1 is approved"
run $C contract show 1
expect_out "the contract has its new amount" "amount:    60,000.00 CNY"
expect_out "and is version 2" "version:   2"
run $C contract history 1
expect_out "the old version is kept" '"amount":"50000.00"'
run $C contract amend 1 --kind dates --content "延後" --reason "r" --effective 2026-01-01
expect_err "an effective date outside the contract is refused" "effective: 2026-01-01 is outside the contract"
run $C contract amend 1 --kind colour --content x --reason r --effective 2027-01-01
expect_err "an unknown amendment kind is named" "kind: 'colour'"
run $C contract amend 1 --kind dates --content "延長" --reason "r" --effective 2027-06-01 --end 2028-06-30
run --as sun.li amendment reject 2
expect_err "a rejection needs a reason" "says why"
run --as sun.li amendment reject 2 --comment "需要客戶簽字"
expect_out "a rejected amendment ends" "amendment #2 is rejected"
run $C contract show 1
expect_out "and changes nothing" "dates:     2026-12-01 to 2027-11-30"

run $C contract clock --days 400
expect_out "the clock has the payment due" "2026-12-15  payment due     HT-2026-0001"
expect_out "the renewal talks" "2027-10-01  renewal talks   HT-2026-0001"
expect_out "the last day for notice" "2027-10-31  notice by       HT-2026-0001"
expect_out "and the expiry" "2027-11-30  expires         HT-2026-0001"
run --as tom.baker contract clock
expect_out "another rep's clock is empty" "no contract dates"

# Execution tracking on the signed contract.
run $C contract log 1 delay "交付延後兩週"
expect_out "a delivery delay is logged" "event #1 (delay) logged on contract #1"
run $C contract log 1 party "x"
expect_err "an unknown kind is named" "kind: 'party'"
run $C contract resolve 1 "客戶同意新日期"
run $C contract resolve 1 "again"
expect_err "an event is resolved once" "resolved already"
run $C contract events 1
expect_out "the log shows it resolved" "delay          resolved   交付延後兩週 -> 客戶同意新日期"

# A bad debt: finance asks to write off receivable 2; another finance
# clerk and then leadership decide (contracts.yaml writeoff_flow).
run $C ar writeoff 2 --reason "客戶破產"
expect_err "a rep may not ask for a write-off" "receivables.record"
run --as zhao.min ar writeoff 2
expect_err "a write-off needs a reason" "reason: say why"
run --as zhao.min ar writeoff 2 --reason "客戶破產, 清算無財產"
expect_out "the request goes to review for the open balance" "write-off #1 of 30,000.00 for receivable #2 is in review"
run --as zhao.min writeoff approve 1
expect_err "the requester does not approve it" "nobody decides their own request"
run --as admin user add qian.cai --name 錢財 --dept finance --role finance
run --as qian.cai inbox
expect_out "the write-off waits in the other clerk's inbox" "write off receivable #2:        30,000.00 CNY  財務審核 Finance review asked by zhao.min"
run --as zhao.min inbox
expect_no_out "not in the requester's" "write-off #1"
run --as qian.cai writeoff approve 1
expect_out "another finance clerk approves" "write-off #1 is in review"
run --as zhang.wei writeoff approve 1 --comment "同意核銷"
expect_out "leadership approves it" "write-off #1 is approved"
run --as zhao.min ar list --all
expect_out "the receivable is written off" "30,000.00              0.00  written_off"
run --as zhao.min ar pay 2 100 --method transfer
expect_err "a written-off receivable takes no payment" "is written_off; it takes no payments"

# A second contract above the leadership tier, with a deputy for the leader.
export BIZDESK_NOW=2026-11-24T09:00:00Z
run --as tom.baker customer set 4 --credit-limit 100,000
expect_err "a rep may not set credit limits" "may not set credit limits"
run --as zhao.min customer set 6 --credit-limit 100,000
expect_out "finance sets the credit limit" "customer #6 changed"
run $C contract draft --customer 6 --title "Too much" --amount 200,000 --start 2027-01-01 --end 2027-12-31
expect_out "a contract past the credit limit warns" "warning: 香港貿易公司 owes 15,000.00 and this adds 200,000.00: past its credit limit of 100,000.00"
run $C contract log 2 dispute "x"
expect_err "only signed contracts are tracked" "execution is tracked on a signed"
run --as zhao.min customer set 6 --credit-limit 0
run $C contract draft --customer 6 --title "Platform" --amount 200,000 --start 2027-01-01 --end 2027-12-31
expect_no_out "no limit, no warning" "warning"
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    run $C contract clause 3 $cl "x"
done
run $C contract milestones 3 "all|2027-06-30|200,000"
run $C contract submit 3
run --as sun.li contract approve 3
run --as zhao.min contract approve 3
expect_out "above 100,000 it goes to leadership" "領導審批 Leadership approval"
run --as zhang.wei delegate huang.lei --from 2026-11-20 --to 2026-11-30 --module contracts --max 500,000
expect_out "the leader names a deputy" "huang.lei acts for you from 2026-11-20 to 2026-11-30"
run --as huang.lei contract show 3
expect_out "the deputy may approve, for the leader" "you may:  approve, reject (for zhang.wei)"
run --as huang.lei contract approve 3
expect_out "and does" "contract #3 is approved"
run --as admin audit list --entity contract --limit 1
expect_out "recorded as the deputy for the leader" "huang.lei for zhang.wei	approve	contract#3"

run $C contract sign 3
expect_out "numbers are never reused" "HT-2026-0002"
run $C contract state 3 terminated
expect_err "terminating needs a notice date" "notice: required"
run $C contract state 3 terminated --notice 2026-12-01 --note "客戶撤資, 退還首付"
expect_out "terminated with notice and settlement" "contract #3 is terminated"
run $C contract state 3 archived
run $C contract show 3
expect_out "archived with the retention end" "kept until 2036-11-24"
# ---- A contract in dollars is compared with the tiers in yuan ----------------
# contracts.yaml: 1 USD = 7.10 CNY.  20,000.00 USD is 142,000.00 CNY: above
# the 100,000.00 leadership tier, though the number itself is below it.
export BIZDESK_NOW=2026-11-24T09:00:00Z
run --as zhao.min customer set 6 --credit-limit 100,000
run $C contract draft --customer 6 --title "US support" --amount 20,000 --currency USD \
    --start 2027-01-01 --end 2027-12-31
expect_out "the credit warning converts the dollars" "this adds 142,000.00: past its credit limit of 100,000.00"
USD=$(printf '%s\n' "$OUT" | sed -n 's/^drafted contract #\([0-9]*\).*/\1/p')
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    run $C contract clause "$USD" $cl "x"
done
run $C contract milestones "$USD" "all|2027-06-30|20,000"
run $C contract submit "$USD"
run --as sun.li contract approve "$USD"
run --as zhao.min contract approve "$USD"
expect_out "20,000.00 USD goes to leadership" "領導審批 Leadership approval"
run $C contract draft --customer 6 --title "With cost" --amount 10,000 --cost 6,500 \
    --start 2027-01-01 --end 2027-12-31
COSTED=$(printf '%s\n' "$OUT" | sed -n 's/^drafted contract #\([0-9]*\).*/\1/p')
run $C contract show "$COSTED"
expect_out "a contract records what delivering it costs (for the profit KPI)" "cost:      6,500.00 CNY"
run $C contract draft --customer 6 --title "Bad cost" --amount 10,000 --cost -1 \
    --start 2027-01-01 --end 2027-12-31
expect_err "a negative cost names the field" "cost: negative"
run $C contract draft --customer 6 --title "US small" --amount 10,000 --currency USD \
    --start 2027-01-01 --end 2027-12-31
SMALL=$(printf '%s\n' "$OUT" | sed -n 's/^drafted contract #\([0-9]*\).*/\1/p')
for cl in rights product_spec price delivery acceptance payment_terms breach; do
    run $C contract clause "$SMALL" $cl "x"
done
run $C contract milestones "$SMALL" "all|2027-06-30|10,000"
run $C contract submit "$SMALL"
run --as sun.li contract approve "$SMALL"
run --as zhao.min contract approve "$SMALL"
expect_out "10,000.00 USD (71,000.00 CNY) does not" "contract #$SMALL is approved"

# Its receivable is in dollars: shown so, and counted in yuan by the credit
# check and the aging (1,000.00 paid leaves 9,000.00 USD = 63,900.00 CNY).
run $C contract sign "$SMALL" --date 2026-11-25
expect_out "the dollar contract is signed" "signed as"
run --as zhao.min ar list --customer 6
row=$(printf '%s\n' "$OUT" | grep "10,000.00 USD")
check "ar list shows the receivable's currency" test -n "$row"
RID=$(printf '%s\n' "$row" | awk '{ print $1 }')
run --as zhao.min ar pay "$RID" 1,000 --method transfer
expect_out "a payment in the receivable's currency" "paid 1,000.00 of 10,000.00 USD, open"
OWED=$(sqlite3 "$BIZDESK_DB" "SELECT coalesce(sum(r.amount - r.paid), 0) FROM receivables r
    JOIN contracts c ON c.id = r.contract_id
    WHERE r.customer_id = 6 AND r.state = 'open' AND c.currency = 'CNY'")
# minor units as bizdesk prints them: 7890000 -> 78,900.00
WANT=$(echo $((OWED + 6390000)) | awk '{ u = int($1 / 100); c = $1 % 100; s = ""
    while (u >= 1000) { s = sprintf(",%03d", u % 1000) s; u = int(u / 1000) }
    printf "%d%s.%02d\n", u, s, c }')
run $C contract draft --customer 6 --title "After dollars" --amount 50,000 \
    --start 2027-01-01 --end 2027-12-31
expect_out "the credit check counts the dollars owed in yuan" \
    "owes $WANT and this adds 50,000.00: past its credit limit of 100,000.00"
run --as zhao.min ar aging
expect_out "the aging counts them in yuan" "$WANT"

run --as admin audit verify
expect_rc "the audit chain holds" 0
finish
