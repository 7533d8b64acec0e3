# The Reports tab in tmux: the sales manager (li.na) sees every report she
# may run, and the audit extract dimmed with the permission it needs; opens
# the pipeline report's form and sets its page length; previews it in the
# pager (the company's name, the report's title, a CJK row, the page
# footers and a line at each form feed; the temporary file is gone);
# writes it to the default name in the current folder (the status line
# names the path; the file starts with the company's name); writing again
# asks before replacing, and "no" keeps the file as it was while "yes"
# replaces it; a bad period in the sales report's form is refused in the
# form, naming the period.  A rep (wang.fang) has the tab for the
# pipeline report, with the audit extract and the sales report dimmed and
# refused with the reason.  Help lists the tab's keys; a resize.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

export BIZDESK_NOW=2026-11-24T09:00:00Z
mkdir -p "$T/tmp"
TUI_ENV="BIZDESK_NOW=$BIZDESK_NOW TMPDIR=$T/tmp"
# Wide enough for the status line to hold the path written and the
# database's path.
TUI_COLS=140

run init --demo
expect_rc "demo database" 0
F="$T/pipeline-2026-11.txt"

# tui_dim TEXT: the screen line holding TEXT is drawn dimmed (SGR 2).  The
# line is captured alone: a capture sets attributes only where they
# change, so a line drawn like the one above it would show none.
tui_dim() {
    n=$(tui_screen | grep -nF -- "$1" | head -1 | cut -d: -f1)
    [ -n "$n" ] && tmux_ capture-pane -p -e -S $((n - 1)) -E $((n - 1)) |
        grep -q "^$(printf '\033')\[[0-9;]*2[;m]"
}
not_dim() { ! tui_dim "$1"; }

TUI_ENV="$TUI_ENV" TUI_COLS=$TUI_COLS tui_start --as li.na
tui_wait "li.na opens bizdesk" "[Pipeline]"
tui_keys BTab
tui_wait "Shift-Tab from the first tab reaches Reports, the last" "[Reports]"
tui_wait "the title counts the reports she may run" "Reports  13 you may run, of 14"
row_wait "the pipeline report with its title" "Pipeline by stage and owner" "pipeline"
row_wait "its parameters" "Pipeline by stage and owner" "as of today"
row_wait "and its output" "Pipeline by stage and owner" "txt 80"
row_wait "the sales report runs for this month" "Sales by rep" "period 2026-11"
row_wait "the audit extract names the permission it needs" "Audit trail extract" "needs audit.read"
check "and is dimmed" tui_dim "Audit trail extract"
check "a report she may run is not dimmed" not_dim "Sales by rep"
row_wait "the cursor is on the first report" "Pipeline by stage and owner" ">pipeline"
tui_wait "the panel says what it runs with" "as of today; txt 80 columns, 66 lines"

# The form: the page length, so that the preview has several pages.
tui_keys Enter
tui_wait "Enter opens the report's form" "pipeline: Pipeline by stage and owner"
tui_wait "with the format" "Format >< txt >"
tui_wait "the width" "Width (txt)  < 80 >"
tui_wait "and the lines of a page" "Lines (txt)  66"
tui_keys Tab Tab C-u
tui_type "20"
tui_keys Enter
tui_wait "saved, the status line says how it runs" "pipeline: as of today, txt 80; p previews it"
row_wait "and the panel" "as of today; txt" "20 lines"

# Preview.
tui_keys p
tui_wait "p previews it in the pager" "Preview: Pipeline by stage and owner, 4 pages as printed"
tui_wait "headed by the company's name" "│ 示例軟件有限公司"
tui_wait "the report's title" "│ Pipeline by stage and owner"
tui_wait "and who ran it" "Run by li.na (李娜; scope: department) at 2026-11-24 09:00 UTC"
row_wait "a CJK row, aligned" "需求分析 Needs analysis" "      40      1        0.00"
tui_wait "the first page's footer" "Page 1 of 4"
tui_wait "a form feed shows as a line where the next page starts" "- page break: page 2 of 4 -"
check "the preview's temporary file is already gone" [ -z "$(ls -A "$T/tmp")" ]
tui_keys G
tui_wait "the last page's footer" "Page 4 of 4"
tui_keys q
tui_wait "q closes the preview, which is counted on the status line" "Previewed pipeline: 4 pages"
check "and no temporary file is left" [ -z "$(ls -A "$T/tmp")" ]

# Write to the default name, in the folder bizdesk was started in.
tui_keys w
tui_wait "w asks for the file" "Write pipeline (txt)"
tui_wait "with a default name" "File: >pipeline-2026-11.txt"
tui_keys Enter
tui_wait "the status line names the path written" "Wrote $F (4 pages)"
check "the file exists" [ -f "$F" ]
check "it starts with the company's name" [ "$(head -1 "$F")" = "示例軟件有限公司" ]
check "it has the pages of the preview" grep -q "Page 4 of 4" "$F"
tui_wait "the panel keeps the last path" "Last written: $F"

# Again with one page of 66 lines: the same name asks before replacing.
cp "$F" "$T/first.txt"
tui_keys Enter Tab Tab C-u
tui_type "66"
tui_keys Enter
tui_wait "the page length is back to 66" "as of today; txt 80 columns, 66 lines"
tui_keys w Enter
tui_wait "an existing file is not replaced without asking" "pipeline-2026-11.txt exists. Replace it?"
tui_keys n
tui_wait "no keeps it" "Not written: pipeline-2026-11.txt is kept as it was"
check "the file is unchanged" cmp -s "$F" "$T/first.txt"
tui_keys w Enter
tui_wait "asked again" "pipeline-2026-11.txt exists. Replace it?"
tui_keys y
tui_wait "yes replaces it" "Wrote $F (1 page)"
check "with the report of one page" grep -q "Page 1 of 1" "$F"

# A bad period is refused in the form, on the period.
tui_keys j
row_wait "j moves to the sales report" "Sales by rep" ">sales"
tui_keys Enter
tui_wait "its form has the period" "Period >2026-11"
tui_wait "and from and to" "From"
tui_keys C-u
tui_type "2026-13"
tui_keys Enter
tui_wait "a bad period is refused naming it" "period: '2026-13' is not a month (2026-10), a quarter"
tui_wait "the form stays open" "sales: Sales by rep"
tui_wait "with the cursor on the period" "Period >2026-13"
tui_wait "and the status line says it too" "Error: period: '2026-13'"
tui_keys C-u
tui_type "2026-Q4"
tui_keys Enter
tui_wait "a quarter is taken" "sales: period 2026-Q4, txt 80"
row_wait "and shown in the list" "Sales by rep" "period 2026-Q4"

# Help and a resize.
tui_keys '?'
tui_wait "help starts with the tab's keys" "Set parameters of the selected report in a form"
tui_keys q
tui_resize 80 24
tui_wait "at 80x24 the list is still drawn" "Reports  13 you may run, of 14"
row_wait "with the reports" "Sales by rep" "period 2026-Q4"
tui_keys q
tui_wait "q quits" "[exited 0]"
tui_stop

# A rep: the pipeline report (her own pipeline), the others dimmed.
TUI_ENV="$TUI_ENV" TUI_COLS=$TUI_COLS tui_start --as wang.fang
tui_wait "wang.fang opens bizdesk" "[Pipeline]"
tui_keys BTab
tui_wait "a rep has the Reports tab" "[Reports]"
tui_wait "with the reports she may run" "Reports  5 you may run, of 14"
row_wait "the pipeline report is hers to run" "Pipeline by stage and owner" "as of today"
check "a report she may run is not dimmed" not_dim "Churn risk: quiet customers"
row_wait "the audit extract needs audit.read" "Audit trail extract" "needs audit.read"
check "and is dimmed" tui_dim "Audit trail extract"
row_wait "the sales report needs reports.use" "Sales by rep" "needs reports.use"
check "and is dimmed too" tui_dim "Sales by rep"
tui_keys G
row_wait "G goes to the audit extract" "Audit trail extract" ">audit"
tui_wait "the panel says why not" "Not for you: report audit: your role 'rep' lacks the permission 'audit.read'"
tui_keys p
tui_wait "p on it is refused with the reason" "Error: report audit: your role 'rep' lacks the permission 'audit.read'"
tui_keys w
tui_wait "so is w" "Error: report audit: your role 'rep' lacks"
check "and nothing was written" [ ! -e "$T/audit-2026-11.txt" ]
tui_keys g p
tui_wait "her pipeline preview" "Preview: Pipeline by stage and owner"
tui_wait "is her own" "Run by wang.fang (王芳; scope: own)"
check "without another rep's" not_shown "tom.baker"
tui_keys q
tui_keys q

finish
