# tests/tui/lib.sh - drive the real bizdesk in tmux (after tests/lib.sh).
#
# tui_start ARGS...   start bizdesk ARGS in a detached 100x30 tmux session
#                     ($TUI_ENV: extra VAR=value words; TUI_COLS, TUI_LINES)
# tui_keys KEYS...    tmux send-keys (key names such as Enter, Tab, F1, C-l)
# tui_type TEXT       type TEXT literally (UTF-8 welcome)
# tui_wait NAME TEXT  PASS when TEXT shows on screen within the deadline
# tui_gone NAME TEXT  PASS when TEXT is no longer on screen within the deadline
# row_wait NAME ROW TEXT  PASS when the line holding ROW also holds TEXT in time
# Polls capture-pane every 50 ms up to $TUI_DEADLINE seconds; never fixed sleeps.

TUI_DEADLINE=${TUI_DEADLINE:-10}
TUI_N=0
SOCK="$T/tmux.0.sock"
tmux_() { tmux -u -S "$SOCK" -f /dev/null "$@"; }

tui_start() {
    # Each session gets its own server socket: a killed server may take a
    # moment to go away, and must not swallow the next session.
    TUI_N=$((TUI_N + 1))
    SOCK="$T/tmux.$TUI_N.sock"
    # The pane runs a script that starts bizdesk, then prints its exit
    # status and waits, so a crash or an early exit shows on screen instead
    # of killing the session.  A script file keeps the quoting simple.
    {
        printf 'cd %s || exit 1\n' "'$T'"
        printf 'env %s %s' "${TUI_ENV:-}" "'$BIZDESK'"
        for a in "$@"; do printf " '%s'" "$a"; done
        printf '\necho "[exited $?]"\nexec sleep 600\n'
    } > "$T/pane.sh"
    tmux_ new-session -d -x "${TUI_COLS:-100}" -y "${TUI_LINES:-30}" \
        -e "HOME=$HOME" -e "LANG=C.UTF-8" -e "LC_ALL=C.UTF-8" -e "TZ=UTC" \
        -e "BIZDESK_DB=$BIZDESK_DB" -e "BIZDESK_CONFIG=$BIZDESK_CONFIG" \
        -e "ASAN_OPTIONS=$ASAN_OPTIONS" -e "UBSAN_OPTIONS=$UBSAN_OPTIONS" \
        -e "LSAN_OPTIONS=$LSAN_OPTIONS" \
        "sh '$T/pane.sh'"
}

tui_stop() { tmux_ kill-server 2>/dev/null; }

# Every server this script started goes when it ends, however it ends: a
# pane left waiting would otherwise keep its server for ten minutes.
tui_cleanup() {
    i=1
    while [ "$i" -le "$TUI_N" ]; do
        tmux -u -S "$T/tmux.$i.sock" -f /dev/null kill-server 2>/dev/null
        i=$((i + 1))
    done
}
trap 'tui_cleanup; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
tui_keys() { tmux_ send-keys "$@"; }
tui_type() { tmux_ send-keys -l "$1"; }
tui_screen() { tmux_ capture-pane -p; }
tui_resize() { tmux_ resize-window -x "$1" -y "$2"; }

# now_ms: milliseconds, for deadlines.
now_ms() { date +%s%3N; }

_tui_poll() { # _tui_poll want(1|0) TEXT -> 0 when the screen has (or lacks) TEXT in time
    end=$(( $(now_ms) + TUI_DEADLINE * 1000 ))
    while :; do
        if tui_screen | grep -qF -- "$2"; then has=1; else has=0; fi
        [ "$has" = "$1" ] && return 0
        [ "$(now_ms)" -ge "$end" ] && return 1
        sleep 0.05
    done
}

tui_wait() {
    if _tui_poll 1 "$2"; then pass "$1"; else
        fail "$1 (never saw: $2)"
        tui_screen | sed 's/^/    | /'
    fi
}

tui_gone() {
    if _tui_poll 0 "$2"; then pass "$1"; else
        fail "$1 (still shows: $2)"
        tui_screen | sed 's/^/    | /'
    fi
}

# tui_line_with TEXT: the screen line holding TEXT.
tui_line_with() { tui_screen | grep -F -- "$1" | head -1; }

# row_wait NAME ROW TEXT: PASS when the screen line holding ROW also holds
# TEXT within the deadline (checks look at the row they are about).
row_wait() {
    end=$(( $(now_ms) + TUI_DEADLINE * 1000 ))
    while :; do
        if tui_line_with "$2" | grep -qF -- "$3"; then pass "$1"; return 0; fi
        if [ "$(now_ms)" -ge "$end" ]; then
            fail "$1 (the row of $2 never showed: $3)"
            tui_screen | sed 's/^/    | /'
            return 1
        fi
        sleep 0.05
    done
}

# not_shown TEXT: the screen does not hold TEXT now.
not_shown() { ! tui_screen | grep -qF -- "$1"; }

# tui_bold TEXT: the screen line holding TEXT starts in bold (its first
# escape sets bold; a line drawn like the one above it has none, so ask
# about a line that differs from the one above).
tui_bold() {
    tmux_ capture-pane -p -e | grep -F -- "$1" | head -1 |
        grep -q "^$(printf '\033')\[\(0;\)\{0,1\}1[;m]"
}

# cells STR: the display width of STR in terminal cells (coreutils wc -L
# measures with the locale's wcwidth, so CJK counts two).
cells() { printf '%s' "$1" | LC_ALL=C.UTF-8 wc -L; }
