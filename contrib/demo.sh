#!/usr/bin/env bash
# make demo: two simulated clusters (kubesim --state demo --tls, named prod and staging),
# one kubeconfig with a context per cluster and user, and kdeck on it. Quitting kdeck
# stops both clusters.
#   contrib/demo.sh [KDECK_BINARY] [kdeck arguments...]   (none: --all-namespaces)
# Environment: KDECK_DEMO_KEEP=1 keeps the folder (kubeconfig, kubesim logs) afterwards;
# KUBESIM_BIN another kubesim.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/kdeck}
[ $# -gt 0 ] && shift
[ -x "$bin" ] || { echo "demo: build kdeck first (make)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/kdeck-demo.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	if [ "${KDECK_DEMO_KEEP:-0}" = 1 ]; then echo "demo: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for c in prod staging; do
	mkdir -p "$work/$c"
	"${KUBESIM_BIN:-$top/contrib/kubesim/kubesim}" --port 0 --port-file "$work/$c/port" --state demo --tls \
		--cluster-name "$c" --state-dir "$work/$c/state" --kubeconfig-out "$work/$c/kubeconfig" \
		>"$work/$c/kubesim.log" 2>&1 </dev/null &
	pids+=($!)
done
for c in prod staging; do
	for _ in $(seq 600); do [ -s "$work/$c/port" ] && break; sleep 0.05; done
	if [ ! -s "$work/$c/port" ]; then
		echo "demo: kubesim for $c did not start; its log:" >&2
		cat "$work/$c/kubesim.log" >&2
		exit 1
	fi
done

# One kubeconfig: the admin context of each cluster is named after it (prod, staging), the
# other users' contexts and users are prefixed (prod-viewer, staging-dev, ...).
"$top/contrib/kubeconfig-merge" "$work/kubeconfig" prod="$work/prod/kubeconfig" staging="$work/staging/kubeconfig"
echo "demo: clusters prod and staging are up; kubeconfig $work/kubeconfig"
# With no arguments kdeck opens on every namespace's pods: the demo's workloads live in
# shop, payments, team-b and monitoring (the context's namespace, default, is empty), and
# an SRE's first question is what is failing anywhere: CrashLoopBackOff, Error, Pending and
# ImagePullBackOff rows across the teams. Arguments (-n shop, --command ...) replace that.
[ $# -gt 0 ] || set -- --all-namespaces
status=0
"$bin" --kubeconfig "$work/kubeconfig" "$@" || status=$?
exit $status
