# Terminals the UI must refuse or cope with.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"

run init --demo
TUI_ENV="TERM=no-such-terminal" tui_start --as admin
tui_wait "an unknown TERM is named" "unknown terminal type 'no-such-terminal'"
tui_wait "and exits with status 2" "[exited 2]"
tui_stop

TUI_COLS=70 TUI_LINES=20 tui_start --as admin
tui_wait "starting small shows the notice" "Terminal too small: 70x20"
tui_keys q
tui_wait "q quits from the notice" "[exited 0]"
tui_stop

# A terminal only 40x12: the notice fits, and q still quits.
TUI_COLS=40 TUI_LINES=12 tui_start --as admin
tui_wait "40x12 shows the notice" "Terminal too small: 40x12."
tui_wait "40x12: the notice says what is needed" "bizdesk needs at least 80x24."
tui_wait "40x12: and how to leave" "Enlarge the window, or press q to quit."
tui_keys q
tui_wait "q quits from the 40x12 notice" "[exited 0]"
tui_stop

# TERM unset, and TERM=dumb (no cursor addressing: curses would print the
# screens one after another): a clear message and status 2, never garbage.
TUI_ENV="-u TERM" tui_start --as admin
tui_wait "TERM unset is named" "TERM is not set"
tui_wait "TERM unset exits with status 2" "[exited 2]"
tui_stop
TUI_ENV="TERM=dumb" tui_start --as admin
tui_wait "TERM=dumb is refused with the reason" "the terminal type 'dumb' cannot move the cursor"
tui_wait "TERM=dumb exits with status 2" "[exited 2]"
check "TERM=dumb draws no screen" not_shown "Pipeline"
tui_stop

# TERM=vt100: no colours, but a working screen: the current tab and the
# cursor row are marked without colour, a form opens, Chinese shows.
TUI_ENV="TERM=vt100" tui_start --as wang.fang
tui_wait "vt100: the Pipeline opens with its tab marked" "[Pipeline]"
tui_wait "vt100: a Chinese name shows" "王芳 (rep)"
tui_keys 2
tui_wait "vt100: the list" "Pipeline > Opportunities"
tui_wait "vt100: the cursor row is marked" ">    3"
tui_keys a
tui_wait "vt100: a form opens, its box drawn with lines" "┌─ Add lead ─"
tui_type "終端公司"
row_wait "vt100: Chinese is typed into it" "Company >" "終端公司"
tui_keys Escape
tui_wait "vt100: leaving asks" "Discard your changes?"
tui_keys y
tui_gone "vt100: the form closes" "─ Add lead ─"
tui_keys q
tui_wait "vt100: quit" "[exited 0]"
tui_stop

# Locales.  The UI draws UTF-8 text measured by wcwidth: a locale of
# another character set would show question marks or mojibake, so it is
# refused with what to set; a UTF-8 locale that is not installed falls
# back to C.UTF-8 and works.
TUI_ENV="-u LANG -u LC_ALL -u LC_CTYPE TERM=xterm" tui_start --as admin
tui_wait "no locale at all is named" "the UI needs a UTF-8 locale, and LANG and LC_ALL are not set"
tui_wait "no locale: what to set" "export LANG=C.UTF-8"
tui_wait "no locale: status 2" "[exited 2]"
tui_stop
TUI_ENV="-u LC_ALL LANG=C" tui_start --as admin
tui_wait "LANG=C is refused with its character set" "LANG=C gives the character set ANSI_X3.4-1968"
tui_wait "LANG=C: status 2" "[exited 2]"
tui_stop
TUI_ENV="LC_ALL=POSIX" tui_start --as admin
tui_wait "LC_ALL=POSIX names LC_ALL as the one to change" "export LC_ALL=C.UTF-8"
tui_wait "LC_ALL=POSIX: status 2" "[exited 2]"
tui_stop
TUI_ENV="-u LC_ALL LANG=de_DE.ISO-8859-1" tui_start --as admin
tui_wait "a locale that is not installed is named" "LANG=de_DE.ISO-8859-1 is not installed on this host"
tui_wait "not installed: status 2" "[exited 2]"
tui_stop
TUI_ENV="-u LC_ALL LANG=xx_XX.UTF-8" tui_start --as wang.fang
tui_wait "a UTF-8 locale that is not installed still shows Chinese" "王芳 (rep)"
tui_wait "and the Today list" "Pipeline > Today"
tui_keys q
tui_wait "quit from the fallback locale" "[exited 0]"
tui_stop
# An ISO-8859-1 locale, built for the test when localedef can.
if localedef -i en_US -f ISO-8859-1 "$T/locale/en_US.ISO-8859-1" >/dev/null 2>&1 ||
    { mkdir -p "$T/locale" && localedef -i en_US -f ISO-8859-1 "$T/locale/en_US.ISO-8859-1" >/dev/null 2>&1; }; then
    TUI_ENV="-u LC_ALL LOCPATH=$T/locale LANG=en_US.ISO-8859-1" tui_start --as wang.fang
    tui_wait "ISO-8859-1 is refused with its character set" "gives the character set ISO-8859-1"
    tui_wait "ISO-8859-1: status 2" "[exited 2]"
    check "ISO-8859-1: no mojibake of a Chinese name" not_shown "ç"
    tui_stop
else
    echo "SKIP: no ISO-8859-1 locale (localedef could not build one)"
fi

TUI_ENV="NO_COLOR=1" tui_start --as admin
tui_wait "NO_COLOR still marks the current tab" "[Claims]"
tui_keys BTab
tui_wait "NO_COLOR: the cursor row is marked without colour" ">admin"
tui_keys q
tui_wait "quit" "[exited 0]"

finish
