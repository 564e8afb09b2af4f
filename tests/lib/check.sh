# Shell helpers for test suites: source this file.
#   ok NAME / bad NAME WHY / skip NAME WHY   report one test case
#   check NAME CMD...                         PASS when CMD succeeds, FAIL otherwise
#   wait_for SECONDS CMD...                   poll CMD until it succeeds or the deadline passes
#   at_finish CMD                             run CMD in finish, before the exit status is taken
#   finish                                    exit non-zero when anything failed
_kd_failed=0
_kd_at_finish=()
ok() { echo "PASS $1"; }
bad() { echo "FAIL $1: ${2:-failed}"; _kd_failed=1; }
skip() { echo "SKIP $1: ${2:-skipped}"; }
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name" "command failed: $*"; fi
}
wait_for() {
	local secs=$1
	shift
	local deadline=$((SECONDS + secs))
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.05
	done
}
at_finish() { _kd_at_finish+=("$1"); }
finish() {
	local h
	for h in "${_kd_at_finish[@]}"; do "$h"; done
	exit $_kd_failed
}
