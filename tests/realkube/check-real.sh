#!/usr/bin/env bash
# Everything `make check-real` needs in one command: build (or reuse) the binaries, start the
# control plane in a temporary folder, run tests/run --real with the given arguments, and
# stop the control plane whatever happens (also on Ctrl-C or a failing suite).
# Usage: tests/realkube/check-real.sh [tests/run arguments, e.g. PATTERN...] (default: the
# suites that run against the real control plane: the realkube suites, kdeck's data path, and
# the browse screens in tmux, tests/e2e/test_screen_cluster, compared with kubectl there, the
# operations, tests/e2e/test_ops, test_scale, test_history and test_delete, :apply,
# tests/e2e/test_apply, the editor, tests/e2e/test_edit, test_edit_conflict, test_recover
# and test_extedit, the drain, tests/e2e/test_drain, and the canary view, tests/e2e/test_canary)
# Environment: everything build.sh and start.sh read; KDECK_REALKUBE_KEEP=1 keeps the state
# folder (logs) after stopping. Exit status: tests/run's, or 1 when build or start failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
"$here/build.sh" || { echo "FAIL realkube: build.sh failed (log: ${KDECK_REALKUBE_CACHE:-$HOME/.cache/kdeck-realkube}/build.log)"; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/kdeck-realkube.XXXXXX")
cleanup() {
	"$here/stop.sh" "$dir" $([ "${KDECK_REALKUBE_KEEP:-0}" = 1 ] || echo --clean)
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$here/start.sh" "$dir" || { echo "FAIL realkube: start.sh failed"; exit 1; }
. "$here/env.sh" "$dir" || exit 1
# The suites that talk to a cluster and know KDECK_TARGET=real; the others (unit tests, kubesim's
# own suites, exec/logs which the hollow nodes cannot serve) already ran in make check; the
# screens that need no exec or logs run here too.
[ $# -gt 0 ] || set -- realkube/ integration/test_data_path integration/test_edit e2e/test_screen_cluster e2e/test_ops \
	e2e/test_apply e2e/test_edit e2e/test_edit_conflict e2e/test_recover e2e/test_extedit e2e/test_scale \
	e2e/test_history e2e/test_delete e2e/test_drain e2e/test_canary
"$top/tests/run" --real "$@"
