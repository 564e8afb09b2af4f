#!/usr/bin/env bash
# Stops the control plane start.sh started in DIR, by the PIDs in DIR/pids: SIGTERM to each
# process (and its process group), then SIGKILL to whatever is left after the deadline.
# Removes the hollow kubelets' folders under /tmp and releases the claimed ports; keeps
# DIR/logs (and the rest of DIR) for a post-mortem unless --clean is given.
# Usage: tests/realkube/stop.sh DIR [--clean]     Safe to call twice, or from a trap.
# Environment: KDECK_REALKUBE_STOP_TIMEOUT (seconds per stage before SIGKILL, default 10).
set -u
[ $# -ge 1 ] || { echo "usage: $0 DIR [--clean]" >&2; exit 2; }
dir=$1
clean=0
[ "${2:-}" = --clean ] && clean=1
[ -d "$dir" ] || exit 0
dir=$(cd "$dir" && pwd)
timeout=${KDECK_REALKUBE_STOP_TIMEOUT:-10}

ours() { # PID: still the process we started (not a reused PID): its command line names DIR
	local cmd
	cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
	case $cmd in *"$dir"*) return 0 ;; esac
	return 1
}
# In stages, clients first, so that the API server is not left retrying a stopped etcd:
# hollow nodes, scheduler and controller manager; then kube-apiserver; then etcd.
stop_stage() { # NAME-PATTERN...
	local name pid pat pids=() deadline=$((SECONDS + timeout))
	[ -f "$dir/pids" ] || return 0
	while read -r name pid; do
		[ -n "${pid:-}" ] || continue
		for pat in "$@"; do
			case $name in $pat) ;; *) continue ;; esac
			if ours "$pid"; then
				pids+=("$pid")
				# each was started with setsid: its PID is its process group
				kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
			fi
		done
	done <"$dir/pids"
	for pid in "${pids[@]}"; do
		while kill -0 "$pid" 2>/dev/null && ours "$pid"; do
			if [ $SECONDS -ge $deadline ]; then
				echo "stop.sh: pid $pid did not stop within ${timeout}s; SIGKILL" >&2
				kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
				break
			fi
			sleep 0.05
		done
	done
}
stop_stage 'hollow-node-*' kube-scheduler kube-controller-manager
stop_stage kube-apiserver
stop_stage etcd '*'
# the hollow kubelets make their root folders in /tmp whatever TMPDIR says
for f in "$dir"/logs/hollow-node-*.log; do
	[ -f "$f" ] || continue
	for d in $(grep -o 'Using /tmp/hollow-kubelet\.[0-9]* as root dir' "$f" | awk '{print $2}'); do
		case $d in /tmp/hollow-kubelet.*) rm -rf "$d" ;; esac
	done
done
claims=${TMPDIR:-/tmp}/kdeck-realkube-ports
if [ -f "$dir/ports" ]; then
	while read -r p; do
		[ -n "$p" ] && [ "$(cat "$claims/$p/owner" 2>/dev/null)" = "$dir" ] && rm -rf "${claims:?}/$p"
	done <"$dir/ports"
fi
: >"$dir/pids" 2>/dev/null
if [ $clean = 1 ]; then
	rm -rf "$dir/etcd" "$dir/pki" "$dir/kubeconfigs" "$dir/kubeconfig" "$dir/env" "$dir/ports" "$dir/logs" "$dir/pids"
	rmdir "$dir" 2>/dev/null
fi
exit 0
