# tests/tui/lib.sh - drive the real bizdesk in tmux (after tests/lib.sh).
#
# tui_start ARGS...   start bizdesk ARGS in a detached 100x30 tmux session
#                     ($TUI_ENV: extra VAR=value words; TUI_COLS, TUI_LINES)
# tui_keys KEYS...    tmux send-keys (key names such as Enter, Tab, F1, C-l)
# tui_type TEXT       type TEXT literally (UTF-8 welcome)
# tui_wait NAME TEXT  PASS when TEXT shows on screen within the deadline
# tui_gone NAME TEXT  PASS when TEXT is no longer on screen within the deadline
# Polls capture-pane every 50 ms up to $TUI_DEADLINE seconds; never fixed sleeps.

TUI_DEADLINE=${TUI_DEADLINE:-10}
SOCK="$T/tmux.sock"
tmux_() { tmux -u -S "$SOCK" -f /dev/null "$@"; }

tui_start() {
    # The pane runs bizdesk, then prints its exit status and waits, so a
    # crash or an early exit shows on screen instead of killing the session.
    cmd="cd '$T' && env ${TUI_ENV:-} '$BIZDESK'"
    for a in "$@"; do cmd="$cmd '$a'"; done
    cmd="$cmd; echo \"[exited \$?]\"; sleep 600"
    tmux_ new-session -d -x "${TUI_COLS:-100}" -y "${TUI_LINES:-30}" \
        -e "HOME=$HOME" -e "LANG=C.UTF-8" -e "LC_ALL=C.UTF-8" -e "TZ=UTC" \
        -e "BIZDESK_DB=$BIZDESK_DB" -e "BIZDESK_CONFIG=$BIZDESK_CONFIG" \
        -e "ASAN_OPTIONS=$ASAN_OPTIONS" -e "UBSAN_OPTIONS=$UBSAN_OPTIONS" \
        "sh -c \"$cmd\""
}

tui_stop() { tmux_ kill-server 2>/dev/null; }
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

# cells STR: the display width of STR in terminal cells (python-free:
# counts characters, CJK ideographs and fullwidth forms as two).
cells() {
    printf '%s' "$1" | LC_ALL=C.UTF-8 awk '{
        n = 0
        for (i = 1; i <= length($0); i++) {
            c = substr($0, i, 1)
            n += (c ~ /[一-鿿㐀-䶿＀-｠　-〿]/) ? 2 : 1
        }
        print n
    }'
}

trap 'tui_stop; rm -rf "$T"' EXIT INT TERM
