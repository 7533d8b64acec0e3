# Pipeline > Import in tmux: a rep without pipeline.import is told who may
# import; the sales manager picks a GB18030 file and a UTF-8 one, sees the
# detected encoding and delimiter and each column's field beside its first
# values, changes a column's field (and is told when a change cannot be
# made), makes a dry run, imports, and sees the counts and the reject
# file; the CLI then lists the imported leads.  Files that cannot be read
# are refused in the form with their message.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW"

run init --demo --no-sample
expect_rc "demo database without sample data" 0

# Simplified Chinese in GB18030; 客户需求 is a header pipeline.yaml does not know.
printf '公司名称,联系人,电话,客户需求\n北京科技有限公司,张伟,010-12345678,五十个席位\n上海贸易有限公司,王芳,021-87654321,报表\n' |
    iconv -f UTF-8 -t GB18030 > "$T/gb.csv"
check "the GB18030 file is not UTF-8" sh -c "! iconv -f UTF-8 -t UTF-8 '$T/gb.csv' >/dev/null 2>&1"
cp "$SRC/tests/data/leads/leads.csv" "$T/leads.csv"
printf 'a\0b\n' > "$T/binary.csv"

# A rep may not import: the view says who may.
TUI_ENV="$TUI_ENV" tui_start --as wang.fang
tui_wait "the rep's Pipeline opens" "Pipeline > Today"
tui_keys 4
tui_wait "4 shows Import" "Pipeline > Import"
tui_wait "which needs pipeline.import" "Importing leads needs the pipeline.import permission."
tui_wait "that the rep's role lacks" "Your role, 銷售代表 Sales rep, does not have it."
tui_wait "and names the roles that may" \
    "Roles that may import: 銷售主管 Sales supervisor, 銷售經理 Sales manager."
tui_keys i
tui_wait "i is refused" "Error: your role may not import leads"
tui_keys q
tui_wait "quit" "[exited 0]"
tui_stop

TUI_ENV="$TUI_ENV" tui_start --as li.na
tui_wait "the manager's Pipeline opens" "Pipeline > Today"
tui_keys 4
tui_wait "the Import view asks for a file" "o chooses a CSV file of leads"

# Files that cannot be read are refused in the form, with the reason.
tui_keys o
tui_wait "o opens the file form" "Import leads from a CSV file"
tui_type "missing.csv"
tui_keys Enter
tui_wait "a missing file is named" "missing.csv: cannot open"
tui_keys C-u
tui_type "binary.csv"
tui_keys Enter
tui_wait "a binary file is refused" "binary"
tui_keys C-u
tui_type "gb.csv"
tui_keys Tab Right
tui_wait "an encoding can be chosen" "Encoding >< UTF-8 >"
tui_keys Enter
tui_wait "a file not in it is refused, naming the place" "gb.csv:1:1: record 1: not valid UTF-8"
tui_keys Tab Left
tui_wait "back to detection" "Encoding >< detect >"
tui_keys Enter
tui_gone "a readable file closes the form" "Import leads from a CSV file"

# The preview: encoding, delimiter, each column's field and first values.
tui_wait "the encoding is detected" "Encoding      GB18030 (detected)"
tui_wait "the delimiter too" "Delimiter  comma (,) (detected)"
tui_wait "with the policy's default for duplicates" "On duplicates skip (u changes it)"
tui_wait "a synonym maps the company" "公司名称             company"
tui_wait "the first rows show beside it" "北京科技有限公司 | 上海贸易有限公司"
tui_wait "an unknown header is left out" "客户需求             - (left out)"

# A column's form offers to leave it out; Esc keeps it as it was.
tui_keys e
tui_wait "e opens the column's form" "Column 1: 公司名称"
tui_keys Left
tui_wait "the first choice leaves it out" "< (leave out) >"
tui_keys Escape
tui_gone "Esc leaves it as it was" "Column 1: 公司名称"

# Map the unknown column to needs.
tui_keys G
tui_keys e
tui_wait "the last column's form" "Column 4: 客户需求"
tui_keys Left
tui_wait "Left wraps to the last field" "< needs >"
tui_keys Enter
tui_wait "the change is confirmed" "Column 客户需求 fills needs"
tui_wait "and marked in the table" "needs *"

# Dry run, then import.
tui_keys d
tui_wait "d makes a dry run" "Dry run of gb.csv: 2 rows: 2 would be added, 0 updated, 0 skipped, 0 flagged, 0 rejected"
tui_wait "with its plan file" "Plan: $T/gb.csv.plan-"
run --as li.na lead list
expect_no_out "the dry run changed nothing" "北京科技有限公司"
tui_keys i
tui_wait "i asks first" "Import the leads of gb.csv? On duplicates: skip."
tui_keys y
tui_wait "the import's counts" "Imported gb.csv: 2 rows: 2 added, 0 updated, 0 skipped, 0 flagged, 0 rejected"
tui_wait "and on the status line" "Imported 2 of 2 rows"
run --as li.na lead list
expect_out "the CLI lists the imported leads" "北京科技有限公司"
expect_out "both of them" "上海贸易有限公司"
id=$(printf '%s\n' "$OUT" | grep -F 北京科技有限公司 | awk '{print $1}' | tr -d '#')
run --as li.na lead show "$id"
expect_out "the changed mapping filled the needs (#$id)" "五十个席位"

# The UTF-8 file: a column no field takes, rejected rows and a duplicate.
tui_keys o
tui_wait "the form holds the last file" "File >$T/gb.csv"
tui_keys C-u
tui_type "leads.csv"
tui_keys Enter
tui_wait "UTF-8 is detected" "Encoding      UTF-8 (detected)"
tui_wait "Chinese headers map" "預估金額             value"
tui_wait "a quoted comma stays in its field, a quoted line break shows as a space" "CRM, 50 seats | line one  line two"
tui_wait "Fax fills nothing" "Fax                  - (left out)"
tui_keys u
tui_wait "u changes what duplicates do" "On duplicates: update"
tui_keys u u
tui_wait "and cycles back" "On duplicates: skip"
tui_keys d
tui_wait "a dry run counts every row" "Dry run of leads.csv: 7 rows: 4 would be added, 0 updated, 1 skipped, 0 flagged, 2 rejected"
tui_wait "and names its reject file" "Rows not taken, with the reason: $T/leads.csv.rejects-"
tui_keys Enter
tui_wait "Enter asks too" "Import the leads of leads.csv?"
tui_keys y
# The side files are named by the (pinned) clock; the import's reject file
# does not take the dry run's name.
tui_wait "the summary counts every row" "Imported leads.csv: 7 rows: 4 added, 0 updated, 1 skipped, 0 flagged, 2 rejected"
tui_wait "and names the reject file" "Rows not taken, with the reason: $T/leads.csv.rejects-"
check "the reject file is there" sh -c "ls '$T'/leads.csv.rejects-*.csv >/dev/null"
run --as li.na lead list
expect_out "the CLI lists the UTF-8 leads" "華南科技有限公司"
expect_out "with the quoted one" "Acme Ltd"

# Help lists the Import keys.
tui_keys '?'
tui_wait "help lists the Import view's keys" "Pipeline > Import"
tui_wait "with the dry run" "Dry run (writes the plan"
tui_keys q
tui_keys q
tui_wait "q quits with status 0" "[exited 0]"

run --as admin audit list --entity import
expect_out "the UI's imports are audited as li.na" "li.na	import	import#"

# `bizdesk import leads` on a terminal draws a progress line, and once
# every row of a bulk-size file is read it says what takes the time next
# (nothing to count, and Ctrl-C no longer stops it).
awk 'BEGIN { print "公司名稱,聯繫人,電話,郵箱"
             for (i = 0; i < 200000; i++) printf "大宗%d,聯繫人%d,135%08d,b%d@x.cn\n", i, i, i, i }' \
    > "$T/bulk.csv"
TUI_ENV="$TUI_ENV" tui_start --as li.na import leads "$T/bulk.csv"
tui_wait "the import shows its progress on a terminal" "rows/s"
tui_wait "then says it builds the list indexes" "building the list indexes..."
tui_wait "and the counts when done" "200000 rows: 200000 inserted"
tui_wait "its progress line ends full" "100%  200000 rows"
tui_wait "and the last step under it was saving" "saving..."
check "the bar was drawn in place, on one line" test "$(tui_screen | grep -c 'rows/s')" = 1
tui_wait "the command exits 0" "[exited 0]"
tui_stop

# The Import view says the same in its progress box.
awk 'BEGIN { print "公司名稱,聯繫人,電話,郵箱"
             for (i = 0; i < 200000; i++) printf "屏幕%d,聯繫人%d,133%08d,s%d@x.cn\n", i, i, i, i }' \
    > "$T/bulk2.csv"
TUI_ENV="$TUI_ENV" tui_start --as li.na
tui_wait "the Pipeline opens again" "Pipeline > Today"
tui_keys 4
tui_keys o
tui_wait "the file form" "Import leads from a CSV file"
tui_type "bulk2.csv"
tui_keys Enter
tui_wait "the large file's preview" "屏幕0"
tui_keys i
tui_wait "i asks first" "Import the leads of bulk2.csv?"
tui_keys y
TUI_DEADLINE=120
tui_wait "the box says the indexes are built and Esc no longer stops it" \
    "Now building the list indexes; Esc no longer stops it"
tui_wait "then the counts" "Imported bulk2.csv: 200000 rows: 200000 added"
TUI_DEADLINE=10
tui_keys q
tui_keys q
tui_wait "q quits" "[exited 0]"

finish
