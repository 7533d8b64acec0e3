# tests/tui/contracts.sh - contracts made through the command line for the
# Contracts module's UI tests (after tests/lib.sh; not a test itself).
#
# fill ID [LEAVE]     chen.jing fills every required clause of contract ID
#                     but LEAVE
# signed_contracts    on a new demo database, as of 2026-11-24, two of
#                     chen.jing's contracts through the whole review and
#                     signed (see below)

fill() {
    for cl in rights product_spec price delivery acceptance payment_terms breach; do
        [ "$cl" = "${2:-}" ] && continue
        run --as chen.jing contract clause "$1" $cl "約定 $cl"
    done
}

# #1 HT-2026-0001 for 香港貿易公司 (from opportunity 6): 50,000.00 from
# 2026-12-01 to 2027-11-30, notice 30 days; milestones 首付 20,000.00 due
# 2026-12-15 and 驗收 30,000.00 due 2027-03-01 (receivables #1 and #2).
# #2 HT-2026-0002 for Acme Ltd: 12,000.00 from 2026-12-01 to 2027-05-31;
# one milestone "all" due 2027-01-15 (receivable #3).
signed_contracts() {
    BIZDESK_NOW=2026-11-24T09:00:00Z
    export BIZDESK_NOW
    run init --demo
    expect_rc "demo database" 0
    run --as chen.jing contract draft --opportunity 6 --start 2026-12-01 --end 2027-11-30
    expect_out "chen.jing drafts #1 from the won opportunity" "drafted contract #1 (香港貿易公司)"
    fill 1
    run --as chen.jing contract milestones 1 "首付|2026-12-15|20,000" "驗收|2027-03-01|30000"
    expect_rc "with two milestones" 0
    run --as chen.jing lead show 4
    acme=$(printf '%s\n' "$OUT" | sed -n 's/^customer: *#\([0-9]*\).*/\1/p')
    run --as chen.jing contract draft --customer "$acme" --title "Acme support" --amount 12,000 \
        --start 2026-12-01 --end 2027-05-31
    expect_out "and #2 for an ASCII customer" "drafted contract #2 (Acme support)"
    fill 2
    run --as chen.jing contract milestones 2 "all|2027-01-15|12,000"
    expect_rc "with one milestone" 0
    for id in 1 2; do
        run --as chen.jing contract submit $id
        run --as sun.li contract approve $id
        run --as zhao.min contract approve $id
        expect_out "#$id approved by legal and finance" "contract #$id is approved"
        run --as chen.jing contract sign $id
        expect_out "#$id signed" "signed as HT-2026-000$id"
    done
}
