# Shell helpers to run kubesim in tests: source this file (after check.sh).
#   kubesim_start DIR [ARGS...]   start one in the background (--port 0, port/pid files and a
#                                 kubeconfig in DIR), wait until it listens; exports KS_PORT KS_PID
#                                 KS_KUBECONFIG KS_DIR KS_URL. Returns non-zero if it did not start.
#   kubesim_stop                  SIGTERM it and wait (SIGKILL after 10 s)
#   kubesim_fault JSON            POST JSON to its /kubesim/faults endpoint, print the answer
#   kubesim_kubectl ARGS...       kubectl with KS_KUBECONFIG
# Several instances may run side by side: save the KS_* variables of one before starting another.
_ks_top=${KDECK_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
KUBESIM_BIN=${KUBESIM_BIN:-$_ks_top/contrib/kubesim/kubesim}

kubesim_start() {
	local dir=$1
	shift
	mkdir -p "$dir"
	rm -f "$dir/port" "$dir/pid"
	"$KUBESIM_BIN" --port 0 --port-file "$dir/port" --pid-file "$dir/pid" \
		--kubeconfig-out "$dir/kubeconfig" "$@" >>"$dir/kubesim.out" 2>&1 &
	KS_PID=$!
	local deadline=$((SECONDS + 120))
	while [ ! -s "$dir/port" ]; do
		if ! kill -0 "$KS_PID" 2>/dev/null; then
			echo "kubesim exited early; its output:" >&2
			cat "$dir/kubesim.out" >&2
			return 1
		fi
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.02
	done
	KS_PORT=$(cat "$dir/port")
	KS_DIR=$dir
	KS_KUBECONFIG=$dir/kubeconfig
	KS_URL=$(sed -n 's/^ *server: "\(.*\)"$/\1/p' "$KS_KUBECONFIG" | head -n 1)
	export KS_PORT KS_PID KS_KUBECONFIG KS_DIR KS_URL
}

kubesim_stop() {
	[ -n "${KS_PID:-}" ] || return 0
	kill -TERM "$KS_PID" 2>/dev/null
	local deadline=$((SECONDS + 10))
	while kill -0 "$KS_PID" 2>/dev/null; do
		if [ $SECONDS -ge $deadline ]; then
			kill -KILL "$KS_PID" 2>/dev/null
			break
		fi
		sleep 0.05
	done
	wait "$KS_PID" 2>/dev/null
	KS_PID=
}

kubesim_fault() {
	python3 - "$KS_URL" "$1" <<'PY'
import ssl, sys, urllib.request
ctx = ssl._create_unverified_context()
req = urllib.request.Request(sys.argv[1] + "/kubesim/faults", data=sys.argv[2].encode(),
                             headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(req, context=ctx if sys.argv[1].startswith("https") else None, timeout=10) as r:
    print(r.read().decode())
PY
}

kubesim_kubectl() { kubectl --kubeconfig "$KS_KUBECONFIG" "$@"; }
