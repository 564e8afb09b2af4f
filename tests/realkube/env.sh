# Source this file to point tests at a control plane started by start.sh:
#   . tests/realkube/env.sh DIR
# It exports what start.sh wrote to DIR/env:
#   KDECK_TARGET=real                 tests/run and the suites use the real control plane
#   KDECK_REAL_KUBECONFIG=DIR/kubeconfig   contexts admin (current), viewer, dev (namespace team-a)
#   KDECK_REAL_SERVER=https://127.0.0.1:PORT
#   KDECK_REAL_DIR=DIR                the state folder (logs in DIR/logs, PIDs in DIR/pids)
#   KDECK_REAL_VERSION=v1.20.2        kube-apiserver --version
# Returns non-zero (and exports nothing) when DIR holds no ready control plane.
if [ -z "${1:-}" ] || [ ! -s "$1/env" ]; then
	echo "env.sh: ${1:-DIR} has no ready control plane (tests/realkube/start.sh DIR)" >&2
	return 1 2>/dev/null || exit 1
fi
while IFS= read -r _kd_line; do
	case $_kd_line in KDECK_*=*) export "$_kd_line" ;; esac
done <"$1/env"
unset _kd_line
