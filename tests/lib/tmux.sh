# Drive a full-screen program inside a private tmux server, as a person would: source this
# file (after tests/lib/check.sh).
#   tmux_start COLS ROWS CMD...    start CMD in a fresh pane of that size (env is inherited)
#   tmux_keys KEY...               send-keys (tmux key names: Enter Escape C-c Up ...)
#   tmux_type TEXT                 send TEXT literally
#   tmux_screen                    print the pane's text
#   tmux_screen_colours            print the pane with escape sequences (colours, attributes)
#   tmux_wait_text TEXT SECONDS    wait until TEXT is on screen; 1 after the deadline
#   tmux_wait_gone TEXT SECONDS    wait until TEXT is no longer on screen
#   tmux_wait_exit SECONDS         wait until the program ended; 1 after the deadline
#   tmux_resize COLS ROWS          resize the pane (the program gets SIGWINCH)
#   tmux_pid                       the program's process id
#   tmux_fail NAME WHY             FAIL line followed by the captured screen
# Everything runs on a private server (tmux -L kdeck-test-$$) killed on exit.
TMUX_SOCK=kdeck-test-$$
_tmux() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
_tmux_cleanup() { _tmux kill-server >/dev/null 2>&1 || true; }
trap _tmux_cleanup EXIT

tmux_start() {
	local cols=$1 rows=$2
	shift 2
	_tmux kill-server >/dev/null 2>&1 || true
	# a server is killed asynchronously: a new one on the same socket can meet the old one
	# going away ("server exited unexpectedly"), so each start has a socket of its own
	_tmux_n=$((${_tmux_n:-0} + 1))
	TMUX_SOCK=kdeck-test-$$-$_tmux_n
	# remain-on-exit keeps the pane so the last screen and the exit status can be read.
	local cmd
	printf -v cmd '%q ' "$@"
	_tmux new-session -d -s t -x "$cols" -y "$rows" \
		"exec env TERM=${TMUX_TERM:-xterm-256color} $cmd" || return 1
	_tmux set-option -t t remain-on-exit on >/dev/null
	_tmux set-option -t t status off >/dev/null
	_tmux resize-window -t t -x "$cols" -y "$rows" >/dev/null 2>&1 || true
}
tmux_keys() { _tmux send-keys -t t "$@"; }
tmux_type() { _tmux send-keys -t t -l -- "$1"; }
tmux_screen() { _tmux capture-pane -p -t t; }
tmux_screen_colours() { _tmux capture-pane -p -e -t t; }
tmux_pid() { _tmux display-message -p -t t '#{pane_pid}'; }
tmux_dead() { [ "$(_tmux display-message -p -t t '#{pane_dead}' 2>/dev/null)" = 1 ]; }
tmux_exit_status() { _tmux display-message -p -t t '#{pane_dead_status}'; }
tmux_resize() {
	_tmux resize-window -t t -x "$1" -y "$2" >/dev/null 2>&1 ||
		_tmux resize-pane -t t -x "$1" -y "$2"
}
_tmux_has() { tmux_screen | grep -qF -- "$1"; }
_tmux_lacks() { ! tmux_screen | grep -qF -- "$1"; }
tmux_wait_text() { wait_for "${2:-10}" _tmux_has "$1"; }
tmux_wait_gone() { wait_for "${2:-10}" _tmux_lacks "$1"; }
tmux_wait_exit() { wait_for "${1:-10}" tmux_dead; }
# quit_kdeck [SECONDS]: q until kdeck has gone (q goes back a screen, and quits on the first),
# while kdeck's hint line is on screen: 0 once the pane is dead, else 1
quit_kdeck() {
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do
		tmux_dead && return 0
		tmux_screen | tail -n 1 | grep -q '<' || break
		tmux_keys q
		wait_for 1 tmux_dead && return 0
	done
	tmux_wait_exit "${1:-5}"
}
tmux_fail() {
	bad "$1" "$2"
	echo "--- screen ---"
	tmux_screen | sed 's/^/| /'
	echo "--------------"
}
# expect NAME TEXT [SECONDS]: PASS when TEXT appears, else FAIL with the screen.
tmux_expect() {
	if tmux_wait_text "$2" "${3:-10}"; then ok "$1"; else tmux_fail "$1" "'$2' never appeared"; fi
}
