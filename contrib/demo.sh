#!/usr/bin/env bash
# make demo: two simulated clusters (kubesim --state demo --tls, named prod and staging),
# one kubeconfig with a context per cluster and user, and kdeck on it. Quitting kdeck
# stops both clusters.
#   contrib/demo.sh [KDECK_BINARY] [kdeck arguments...]
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
python3 - "$work/kubeconfig" "$work/prod/kubeconfig" "$work/staging/kubeconfig" <<'PY'
import re, sys
out, files = sys.argv[1], sys.argv[2:]
sections = {"clusters": [], "contexts": [], "users": []}
for path in files:
    prefix = path.split("/")[-2]
    section = None
    for line in open(path).read().splitlines():
        top = re.match(r"^([a-z-]+):(.*)$", line)
        if top:
            section = top.group(1) if top.group(1) in sections else None
            continue
        if section is None:
            continue
        m = re.match(r"^(- name: |    user: )(.*)$", line)
        if m and section in ("contexts", "users"):
            name = m.group(2).strip('"')
            if section == "contexts" and m.group(1) == "- name: ":
                name = prefix if name == "admin" else prefix + "-" + name
            else:
                name = prefix + "-" + name
            line = m.group(1) + name
        sections[section].append(line)
with open(out, "w") as f:
    f.write("apiVersion: v1\nkind: Config\ncurrent-context: prod\n")
    for s in ("clusters", "contexts", "users"):
        f.write(s + ":\n" + "\n".join(sections[s]) + "\n")
PY
chmod 600 "$work/kubeconfig"
echo "demo: clusters prod and staging are up; kubeconfig $work/kubeconfig"
status=0
"$bin" --kubeconfig "$work/kubeconfig" "$@" || status=$?
exit $status
