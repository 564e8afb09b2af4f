# Reading kdeck's screens in tmux suites: source this file (after check.sh and tmux.sh).
#   cmd TEXT                  type TEXT at the : prompt and run it
#   filt TEXT                 type TEXT at the / prompt and apply it
#   rows                      the table's rows: lines between the column header and the
#                             first empty line (the flash line), the hint line left out
#   names NS_COLUMN(0|1)      the NAME cells on screen, sorted (the second word when there is
#                             a NAMESPACE column), marks dropped
#   same_names NAME WANT GOT  PASS when equal and not empty, else FAIL with the screen
#   wait_names NS_COLUMN WANT [SECONDS]  wait until the names on screen are WANT
#   same_as NAME NS_COLUMN CMD...        PASS once the names on screen are CMD's output
cmd() { tmux_keys ':'; tmux_type "$1"; tmux_keys Enter; }
filt() { tmux_keys '/'; tmux_type "$1"; tmux_keys Enter; }
rows() { tmux_screen | awk 'h && !NF {exit} h && !/^</ {print} /^ *(NAMESPACE +)?NAME/ {h=1}'; }
names() {
	rows | awk -v c="$1" '{ print (c ? $2 : $1) }' | sed 's/^✓//' | sort
}
same_names() {
	if [ -n "$2" ] && [ "$2" = "$3" ]; then ok "$1"
	else tmux_fail "$1" "want [$(echo $2)] got [$(echo $3)]"; fi
}
wait_names() {
	local _wn_want=$2
	wait_for "${3:-10}" eval '[ "$(names '"$1"')" = "$_wn_want" ]'
}
# CMD is asked again each time (a list may move meanwhile); FAIL after 15 s with the screen
same_as() {
	local name=$1 c=$2 want got deadline=$((SECONDS + 15))
	shift 2
	while :; do
		want=$("$@" 2>/dev/null)
		got=$(names "$c")
		if [ -n "$want" ] && [ "$want" = "$got" ]; then ok "$name"; return 0; fi
		[ $SECONDS -lt $deadline ] || break
		sleep 0.2
	done
	tmux_fail "$name" "want [$(echo $want)] got [$(echo $got)]"
	return 1
}
