# Claims > My claims and Pre-approvals in tmux: a rep's empty list says
# how to start; n asks for a title (an empty one is refused in the form)
# and opens the new claim's details; the claim is listed with its total
# and state, follows a line added and a submission from the command line
# within the refresh (in review, with its step), and the state filter
# shows and hides it; o shows everyone's in reach.  A pre-approval made in
# the form (refusals keep the form open on the field) is listed, with a
# customer, and waits in the supervisor's `bizdesk inbox`; Enter shows its
# details; w withdraws one's own, and is refused on someone else's.  Help,
# a resize.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

run init --demo
expect_rc "demo database" 0
CUST=$(sql "SELECT id FROM customers WHERE name = '東海貿易有限公司'")
check "the demo has wang.fang's customer 東海貿易有限公司" test -n "$CUST"

TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "wang.fang opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab
tui_wait "the Claims tab opens on My claims" "Claims > My claims  [yours] [state: all]"
tui_wait "the view bar names her three views" "[1 My claims] 2 Pre-approvals  3 Budget"
tui_wait "an empty list says so" "No claims here yet."
tui_wait "and how to start" "n: new claim. Give it a title, then add its lines and submit it."

# n: a title, then the details.
tui_keys n
tui_wait "n asks for the title" "New claim"
tui_keys Enter
tui_wait "an empty title is refused in the form" "title: say what the claim is for"
tui_type "北京展會 Beijing fair"
tui_keys Enter
tui_wait "the new claim's details open" "Claim #1"
tui_wait "with its title" "北京展會 Beijing fair"
tui_keys q
tui_gone "q closes them" "Claim #1 "
tui_wait "the list's columns" \
    "    ID Title                                                      Total State     Step / submitted"
tui_wait "the claim is listed, a draft of 0.00 not yet submitted" \
    ">   #1 北京展會 Beijing fair                                       0.00 draft     -"
check "it is hers in the database" \
    test "$(sql "SELECT u.login || ' ' || c.state FROM claims c JOIN users u ON u.id = c.author_id")" = "wang.fang draft"

# Another process adds a line and submits it: the list follows.
run --as wang.fang claim add-line 1 --date 2026-11-20 --place 北京 --category travel \
    --reason 展位運輸 --amount 1,300
expect_out "a line from the command line" "claim #1 line 1: travel 1,300.00"
run --as wang.fang claim submit 1
expect_out "submitted from the command line" "claim #1 in_review: 銷售主管 Supervisor"
tui_wait "the list shows it in review at the supervisor's step" \
    ">   #1 北京展會 Beijing fair                                1,300.00 in review 銷售主管 Supervisor"

# The state filter.
tui_keys f
tui_wait "f: drafts only" "[state: draft]"
tui_wait "which hides it" "No draft claims here (f changes the state filter)."
tui_keys f
tui_wait "f: in review" "[state: in review]"
row_wait "shows it" "#1 北京展會" "in review"
tui_keys f
tui_wait "f: rejected" "[state: rejected]"
tui_wait "hides it" "No claims rejected here"
tui_keys f f
tui_wait "f f: paid" "[state: paid]"
check "hidden" not_shown "北京展會"
tui_keys f
tui_wait "f: every state again" "[state: all]"
row_wait "it is back" "#1 北京展會" "1,300.00"
tui_keys o
tui_wait "o: every claim in her reach (a rep's are her own)" "[all in your reach]"
row_wait "with the claimant" "#1 北京展會" "wang.fang"
tui_keys o
tui_wait "o again: hers" "[yours]"

# ---- Pre-approvals ---------------------------------------------------------------
tui_keys 2
tui_wait "2 shows the pre-approvals" "Claims > Pre-approvals  0"
tui_wait "none yet, and how to start" "n: new pre-approval."
tui_keys n
tui_wait "n opens the form" "New pre-approval for business entertainment"
tui_wait "dated today" "Date  2026-11-24"
tui_keys Enter
tui_wait "a reason is required" "reason: say why the entertainment is needed"
tui_type "宴請客戶"
tui_keys Tab C-u
tui_type "2026-11-28"
tui_keys Tab
tui_type "北京飯店"
tui_keys Tab
tui_type "客戶 2 人, 王芳"
tui_keys Tab
tui_type "lots"
tui_keys Enter
tui_wait "a bad estimate is refused, naming it" "estimate:"
tui_keys C-u
tui_type "1,200"
tui_keys Enter
tui_wait "the pre-approval goes to the supervisor" "Pre-approval #1 is in review: 上級 Superior"
row_wait "it is listed with its date, estimate and step" "宴請客戶" \
    "1 2026-11-28 宴請客戶"
row_wait "no customer, 1,200.00 estimated, nothing claimed" "宴請客戶" \
    "-        1,200.00     0.00 in review: 上級   wang.fang"
run --as chen.jing inbox
expect_out "it waits in the supervisor's inbox" "pre-approval #1"
row=$(printf '%s\n' "$OUT" | grep -F "pre-approval #1")
check "with its reason and estimate" sh -c "echo '$row' | grep -q '宴請客戶.*1,200.00'"
tui_keys Enter
tui_wait "Enter shows its details" "Pre-approval #1"
tui_wait "with the participants" "Participants:  客戶 2 人, 王芳"
tui_wait "and the step" "in review, waiting for 上級 Superior (round 1)"
tui_keys q
tui_gone "q closes them" "Participants:"

# A second one for a customer, then withdrawn.
tui_keys n
tui_type "拜訪晚宴"
tui_keys Tab Tab
tui_type "杭州"
tui_keys Tab
tui_type "客戶 3 人"
tui_keys Tab
tui_type "800"
tui_keys Tab
tui_type "x"
tui_keys Enter
tui_wait "a customer that is not a number is refused" "customer: give the customer's number"
tui_keys C-u
tui_type "$CUST"
tui_keys Enter
tui_wait "the second pre-approval is made" "Pre-approval #2 is in review"
row_wait "with its customer" "拜訪晚宴" "東海貿易有限公司"
row_wait "the newest first, with the cursor" "拜訪晚宴" ">   2"
tui_keys w
tui_wait "w asks first" "Withdraw pre-approval #2 (拜訪晚宴)?"
tui_keys y
tui_wait "withdrawn" "Withdrew pre-approval #2"
row_wait "the row says so" "拜訪晚宴" "withdrawn"
tui_keys w
tui_wait "a withdrawn one is not withdrawn again" \
    "Error: Pre-approval #2 is withdrawn; only one in review is withdrawn"
run --as chen.jing inbox
expect_no_out "the withdrawn one left the supervisor's inbox" "pre-approval #2"

tui_keys '?'
tui_wait "help lists the pre-approval keys" "Claims > Pre-approvals"
tui_wait "and the views of the module" "Views of the Claims module"
tui_keys q
tui_keys 1 '?'
tui_wait "help on My claims lists its keys" "New claim (asks for its title, then opens it"
tui_keys q
tui_resize 80 24
tui_wait "at 80x24 the claim is still listed" "#1 北京展會 Beijing fair"
row_wait "with its total and state" "#1 北京展會" "1,300.00 in review"
tui_keys q
tui_wait "q quits" "[exited 0]"
tui_stop

# ---- The supervisor sees the pre-approval, and cannot withdraw it -------------------
TUI_ENV="$TUI_ENV" tui_start --as chen.jing
tui_wait "chen.jing opens on the Pipeline" "[Pipeline]"
tui_keys Tab Tab
tui_wait "her Claims tab" "Claims > My claims  [yours]"
tui_wait "her own claims: none" "No claims here yet."
tui_keys o
row_wait "o shows her team's claim" "#1 北京展會" "wang.fang"
tui_keys 2
row_wait "her team's pre-approval is listed" "宴請客戶" "wang.fang"
tui_keys j
row_wait "the cursor on it" "宴請客戶" ">"
tui_keys w
tui_wait "she cannot withdraw wang.fang's" \
    "Error: Pre-approval #1 is wang.fang's; only the one who asked withdraws it"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

finish
