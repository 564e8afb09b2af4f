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
#   tmux_pid                       the program's process id (empty once it ended)
#   tmux_signal SIG                send SIG to the program, which is to end with 128+N
#   tmux_expect_exit STATUS        the exit status the program is to end with (default 0)
#   tmux_exit_status               the program's exit status (empty while it runs)
#   tmux_fail NAME WHY             FAIL line followed by the captured screen
# Everything runs on a private server (tmux -L kdeck-test-$$) killed on exit.
#
# Each run is checked when it ends: at quit_kdeck once the program has gone, at the next
# tmux_start, and at finish (or exit). Its exit status must be the expected one; a program
# still running then is sent SIGHUP, as a dropped connection would, and is to end with
# 129 unless told otherwise. The pane's ASAN_OPTIONS and UBSAN_OPTIONS get a log_path
# (the screen is curses: a sanitizer's stderr would be lost), and any report a run left
# is a FAIL naming the file, kept in $KDECK_BUILD/e2e-reports/, with its first lines.
TMUX_SOCK=kdeck-test-$$
_tmux() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
_tmux_dir=
_tmux_n=0 _tmux_checked=1 _tmux_want= _tmux_what= _tmux_seen=
_tmux_cleanup() {
	_tmux_end_run
	_tmux kill-server >/dev/null 2>&1 || true
	if [ -n "$_tmux_dir" ]; then
		rm -f "$_tmux_dir"/status.*
		rmdir "$_tmux_dir" 2>/dev/null || true
	fi
}
trap _tmux_cleanup EXIT
at_finish _tmux_end_run
# the run in the pane: dash runs it as a child (a command follows) and writes its status;
# a SIGHUP to the wrapper waits for the child (a trapped signal is not inherited by it)
_tmux_wrap='trap : HUP; "$@"; echo $? >"$0"'

tmux_start() {
	local cols=$1 rows=$2
	shift 2
	_tmux_end_run
	_tmux kill-server >/dev/null 2>&1 || true
	if [ -z "$_tmux_dir" ]; then
		local base=${KDECK_BUILD:-${TMPDIR:-/tmp}}/e2e-reports
		mkdir -p "$base" && _tmux_dir=$(mktemp -d "$base/$(basename "$0").XXXXXX") || return 1
	fi
	# a server is killed asynchronously: a new one on the same socket can meet the old one
	# going away ("server exited unexpectedly"), so each start has a socket of its own
	_tmux_n=$((_tmux_n + 1))
	TMUX_SOCK=kdeck-test-$$-$_tmux_n
	_tmux_checked=0 _tmux_want= _tmux_what="$*"
	rm -f "$_tmux_dir/status.$_tmux_n"
	# remain-on-exit keeps the pane so the last screen can be read.
	local cmd
	printf -v cmd '%q ' env TERM="${TMUX_TERM:-xterm-256color}" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$_tmux_dir/asan" \
		UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$_tmux_dir/asan" \
		sh -c "$_tmux_wrap" "$_tmux_dir/status.$_tmux_n" "$@"
	_tmux new-session -d -s t -x "$cols" -y "$rows" "exec $cmd" || return 1
	_tmux set-option -t t remain-on-exit on >/dev/null
	_tmux set-option -t t status off >/dev/null
	_tmux resize-window -t t -x "$cols" -y "$rows" >/dev/null 2>&1 || true
}
# A lone Escape is paced as a person's: kdeck reads Escape then a key within 25 ms
# (ESCDELAY) as alt-KEY, and on a loaded machine the next send-keys can arrive that soon.
tmux_keys() {
	_tmux send-keys -t t "$@"
	case "${!#}" in Escape | Esc) sleep 0.1 ;; esac
}
tmux_type() { _tmux send-keys -t t -l -- "$1"; }
tmux_screen() { _tmux capture-pane -p -t t; }
tmux_screen_colours() { _tmux capture-pane -p -e -t t; }
_tmux_child() { pgrep -P "$(_tmux display-message -p -t t '#{pane_pid}' 2>/dev/null)" 2>/dev/null | head -1; }
# the wrapper forks the program a moment after the pane starts
tmux_pid() {
	local i p
	for i in $(seq 100); do
		p=$(_tmux_child)
		[ -n "$p" ] && { echo "$p"; return 0; }
		[ -s "$_tmux_dir/status.$_tmux_n" ] && return 1
		sleep 0.05
	done
	return 1
}
# ended: the wrapper wrote the status (a pane that died before remain-on-exit was set is
# gone with its server), or the pane is dead (the wrapper killed)
tmux_dead() {
	[ -s "$_tmux_dir/status.$_tmux_n" ] ||
		[ "$(_tmux display-message -p -t t '#{pane_dead}' 2>/dev/null)" = 1 ] ||
		! _tmux has-session -t t 2>/dev/null
}
tmux_exit_status() { cat "$_tmux_dir/status.$_tmux_n" 2>/dev/null; }
tmux_expect_exit() { _tmux_want=$1; }
tmux_signal() {
	local p
	p=$(tmux_pid) || return 1
	_tmux_want=$((128 + $(kill -l "${1#SIG}")))
	kill -"${1#SIG}" "$p"
}
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
		tmux_dead && { _tmux_end_run; return 0; }
		tmux_screen | tail -n 1 | grep -q '<' || break
		tmux_keys q
		wait_for 1 tmux_dead && { _tmux_end_run; return 0; }
	done
	tmux_wait_exit "${1:-5}" || return 1
	_tmux_end_run
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

# The end of a run, once: its exit status, then the sanitizer reports it left.
_tmux_end_run() {
	[ "$_tmux_checked" = 0 ] || return 0
	_tmux_checked=1
	local f=$_tmux_dir/status.$_tmux_n want=${_tmux_want:-0} how= name=run_${_tmux_n}_exit_status
	local what=${_tmux_what:0:160}
	if ! tmux_dead; then
		local p g
		p=$(_tmux_child)
		g=$(ps -o pgid= -p "$(_tmux display-message -p -t t '#{pane_pid}')" 2>/dev/null | tr -d ' ')
		want=${_tmux_want:-129} how=" (still running at the end of the run: sent SIGHUP)"
		# the pane's process group (a program's children too), and the program when it
		# has a group of its own (a shell's job control)
		[ -n "$g" ] && kill -HUP -- "-$g" 2>/dev/null
		[ -n "$p" ] && [ "$(ps -o pgid= -p "$p" | tr -d ' ')" != "$g" ] && kill -HUP "$p" 2>/dev/null
		if ! wait_for 5 test -s "$f"; then
			tmux_fail "$name" "still running 5 s after SIGHUP: $what"
			[ -n "$g" ] && kill -KILL -- "-$g" 2>/dev/null
			[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
			return 0
		fi
	fi
	local st
	st=$(cat "$f" 2>/dev/null)
	if [ -z "$st" ]; then
		bad "$name" "the program ended without an exit status (its wrapper was killed): $what"
	elif [ "$st" != "$want" ]; then
		tmux_fail "$name" "exit status $st, want $want$how: $what"
	fi
	local r
	for r in "$_tmux_dir"/asan.*; do
		[ -f "$r" ] || continue
		case " $_tmux_seen " in *" $r "*) continue ;; esac
		_tmux_seen="$_tmux_seen $r"
		bad "run_${_tmux_n}_sanitizers" "a sanitizer report, $r: $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$r" || head -n 1 "$r"): $what"
		echo "--- $r ---"
		grep -v '^ *$' "$r" | head -n 20 | sed 's/^/| /'
		echo "--------------"
	done
}
