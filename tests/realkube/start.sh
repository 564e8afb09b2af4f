#!/usr/bin/env bash
# Starts a real Kubernetes v1.20 control plane on loopback with all state in DIR:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and two hollow nodes
# (kubemark --morph=kubelet), the last four once the server answers /readyz. Waits for two
# Ready nodes, creates the namespaces team-a and team-b and the RBAC for the users, and writes:
#   DIR/kubeconfig   contexts admin, viewer, dev (dev: namespace team-a); current: admin
#   DIR/pids         "NAME PID" per process, for stop.sh
#   DIR/env          shell assignments: KDECK_TARGET=real KDECK_REAL_KUBECONFIG=... (see env.sh)
#   DIR/ports        the ports claimed for this run
#   DIR/logs/*.log   one log per process
# Users: admin   client certificate, O=system:masters (cluster-admin)
#        viewer  client certificate; ClusterRole kubesim:viewer = get, list, watch on everything
#        dev     bearer token; Role kubesim:dev = everything in namespace team-a
# Usage: tests/realkube/start.sh DIR     (DIR is created; it must not hold a running cluster)
# Environment: KDECK_REALKUBE_BIN (folder with the binaries; default: build.sh --print-bin),
#   KDECK_REALKUBE_TIMEOUT (seconds to wait for readiness, default 60).
# Exits 0 when ready; otherwise prints the reason and the tail of the logs, stops what it
# started and exits 1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# = 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1"
dir=$(cd "$1" && pwd)
t0=$(date +%s%N)
elapsed() { echo $((($(date +%s%N) - t0) / 1000000)); }
say() { printf '[realkube start %5.1fs] %s\n' "$(echo "$(elapsed)" | awk '{print $1/1000}')" "$*"; }

if [ -s "$dir/pids" ]; then
	while read -r _ pid; do
		if kill -0 "$pid" 2>/dev/null; then echo "start.sh: $dir already has a running cluster (pid $pid); run stop.sh first" >&2; exit 1; fi
	done <"$dir/pids"
fi
bin=${KDECK_REALKUBE_BIN:-}
if [ -z "$bin" ]; then
	bin=$("$here/build.sh" --print-bin) || { echo "start.sh: no build; run tests/realkube/build.sh" >&2; exit 1; }
fi
for b in kube-apiserver kube-controller-manager kube-scheduler kubemark; do
	[ -x "$bin/$b" ] || { echo "start.sh: $bin/$b missing" >&2; exit 1; }
done
etcd_bin=$(command -v etcd || echo /usr/bin/etcd)
[ -x "$etcd_bin" ] || { echo "start.sh: etcd missing (apt-get install etcd-server)" >&2; exit 1; }
kubectl=${KUBECTL:-$(command -v kubectl || echo /usr/bin/kubectl)}
timeout=${KDECK_REALKUBE_TIMEOUT:-60}

rm -rf "$dir/etcd" "$dir/pki" "$dir/logs" "$dir/kubeconfigs" "$dir/kubeconfig" "$dir/pids" "$dir/env" "$dir/ports"
mkdir -p "$dir/pki" "$dir/logs" "$dir/kubeconfigs" "$dir/etcd"
chmod 700 "$dir/pki" "$dir/kubeconfigs" "$dir/etcd"
: >"$dir/pids"
: >"$dir/ports"

failed() {
	say "FAILED: $*"
	for f in "$dir"/logs/*.log; do
		[ -f "$f" ] || continue
		echo "---- tail $f"
		tail -n 15 "$f"
	done
	"$here/stop.sh" "$dir" || true
	exit 1
}
trap 'failed "interrupted"' INT TERM

# ---- ports: random, bind-tested, and claimed under a shared folder so concurrent runs never
# pick the same one (stop.sh releases the claims; stale claims of dead runs are taken over)
claims=${TMPDIR:-/tmp}/kdeck-realkube-ports
mkdir -p "$claims"
chmod 1777 "$claims" 2>/dev/null || true
port_free() {
	python3 - "$1" <<'EOF'
import socket, sys
p = int(sys.argv[1])
for host in ("127.0.0.1", "0.0.0.0"):
    s = socket.socket()
    try:
        s.bind((host, p))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
EOF
}
claim_stale() { # PORT: the claim's owner has no live process
	local owner pid
	owner=$(cat "$claims/$1/owner" 2>/dev/null) || return 0
	[ -f "$owner/pids" ] || return 0
	while read -r _ pid; do kill -0 "$pid" 2>/dev/null && return 1; done <"$owner/pids"
	return 0
}
pick_port() {
	local p n
	for n in $(seq 200); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 12000))
		if ! mkdir "$claims/$p" 2>/dev/null; then
			# taken over only when its owner has gone for over a minute
			if [ -n "$(find "$claims/$p" -maxdepth 0 -mmin +1 2>/dev/null)" ] && claim_stale "$p"; then
				rm -rf "$claims/$p"
				mkdir "$claims/$p" 2>/dev/null || continue
			else
				continue
			fi
		fi
		echo "$dir" >"$claims/$p/owner"
		if port_free "$p"; then
			echo "$p" >>"$dir/ports"
			echo "$p"
			return 0
		fi
		rm -rf "$claims/$p"
	done
	echo "start.sh: no free port found" >&2
	return 1
}
etcd_port=$(pick_port)
peer_port=$(pick_port)
api_port=$(pick_port)
kl1=$(pick_port) ro1=$(pick_port) kl2=$(pick_port) ro2=$(pick_port)
server=https://127.0.0.1:$api_port

# ---- certificates: a CA, the serving certificate, client certificates, service-account keys
pki=$dir/pki
(
	cd "$pki"
	ossl() { openssl "$@" 2>>"$dir/logs/openssl.log" >/dev/null; }
	ecparam() { ossl ecparam -name prime256v1 -genkey -noout -out "$1"; }
	ecparam ca.key
	ossl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=kdeck-realkube-ca" -out ca.crt \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature"
	sign() { # NAME SUBJECT EXT
		ecparam "$1.key"
		ossl req -new -key "$1.key" -subj "$2" -out "$1.csr"
		printf '%s\n' "$3" >"$1.ext"
		ossl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -sha256 -extfile "$1.ext" -out "$1.crt"
		rm -f "$1.csr" "$1.ext"
	}
	sign apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.0.0.1"
	client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
	sign admin "/O=system:masters/CN=admin" "$client"
	sign viewer "/CN=viewer" "$client"
	ossl genrsa -out sa.key 2048
	ossl rsa -in sa.key -pubout -out sa.pub
) || failed "openssl (see $dir/logs/openssl.log)"
chmod 600 "$pki"/*.key

tok() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
dev_tok=$(tok) kcm_tok=$(tok) sched_tok=$(tok) n1_tok=$(tok) n2_tok=$(tok)
cat >"$pki/tokens.csv" <<EOF
$dev_tok,dev,uid-dev
$kcm_tok,system:kube-controller-manager,uid-kcm
$sched_tok,system:kube-scheduler,uid-scheduler
$n1_tok,system:node:hollow-node-1,uid-node-1,"system:nodes"
$n2_tok,system:node:hollow-node-2,uid-node-2,"system:nodes"
EOF
chmod 600 "$pki/tokens.csv"

kc_component() { # FILE TOKEN
	cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: realkube
  cluster:
    server: $server
    certificate-authority: $pki/ca.crt
contexts:
- name: default
  context: {cluster: realkube, user: component}
current-context: default
users:
- name: component
  user:
    token: $2
EOF
	chmod 600 "$1"
}
kc_component "$dir/kubeconfigs/controller-manager" "$kcm_tok"
kc_component "$dir/kubeconfigs/scheduler" "$sched_tok"
kc_component "$dir/kubeconfigs/hollow-node-1" "$n1_tok"
kc_component "$dir/kubeconfigs/hollow-node-2" "$n2_tok"

b64() { base64 -w0 "$1"; }
cat >"$dir/kubeconfig.tmp" <<EOF
apiVersion: v1
kind: Config
preferences: {}
clusters:
- name: realkube
  cluster:
    server: $server
    certificate-authority-data: $(b64 "$pki/ca.crt")
contexts:
- name: admin
  context:
    cluster: realkube
    user: admin
- name: viewer
  context:
    cluster: realkube
    user: viewer
- name: dev
  context:
    cluster: realkube
    user: dev
    namespace: team-a
current-context: admin
users:
- name: admin
  user:
    client-certificate-data: $(b64 "$pki/admin.crt")
    client-key-data: $(b64 "$pki/admin.key")
- name: viewer
  user:
    client-certificate-data: $(b64 "$pki/viewer.crt")
    client-key-data: $(b64 "$pki/viewer.key")
- name: dev
  user:
    token: $dev_tok
EOF
chmod 600 "$dir/kubeconfig.tmp"
say "certificates and kubeconfigs written; ports api $api_port etcd $etcd_port"

# ---- processes
launch() { # NAME CMD...: in its own session, output to logs/NAME.log, pid recorded
	local name=$1
	shift
	setsid "$@" </dev/null >"$dir/logs/$name.log" 2>&1 &
	echo "$name $!" >>"$dir/pids"
}
launch etcd "$etcd_bin" --name realkube --data-dir "$dir/etcd" \
	--listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
	--listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
	--initial-cluster "realkube=http://127.0.0.1:$peer_port" --initial-cluster-state new \
	--unsafe-no-fsync --quota-backend-bytes 2147483648 --log-level warn --logger zap

launch kube-apiserver "$bin/kube-apiserver" \
	--etcd-servers "http://127.0.0.1:$etcd_port" \
	--bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" --insecure-port 0 \
	--cert-dir "$pki" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
	--client-ca-file "$pki/ca.crt" --token-auth-file "$pki/tokens.csv" \
	--authorization-mode Node,RBAC --anonymous-auth=false \
	--service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
	--service-account-issuer https://kubernetes.default.svc.cluster.local \
	--service-cluster-ip-range 10.0.0.0/24 --allow-privileged=true \
	--enable-priority-and-fairness=false --profiling=false --v 1

say "started etcd, kube-apiserver"

alive() {
	local name pid
	while read -r name pid; do
		kill -0 "$pid" 2>/dev/null || failed "$name (pid $pid) exited"
	done <"$dir/pids"
}
deadline=$(($(date +%s) + timeout))
k() { "$kubectl" --kubeconfig "$dir/kubeconfig.tmp" --request-timeout 5s "$@"; }
until [ "$(curl -s --max-time 2 --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "$server/readyz" 2>/dev/null)" = ok ]; do
	alive
	[ "$(date +%s)" -lt $deadline ] || failed "kube-apiserver not ready after ${timeout}s"
	sleep 0.1
done
say "kube-apiserver ready"

# the others once the server is ready: the controller manager gives up after 10 s without
# /healthz, which it may not read before the server has made its RBAC roles (slow under load)
launch kube-controller-manager "$bin/kube-controller-manager" \
	--kubeconfig "$dir/kubeconfigs/controller-manager" \
	--service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
	--use-service-account-credentials=true --leader-elect=false \
	--port 0 --secure-port 0 --profiling=false \
	--concurrent-deployment-syncs 2 --v 1

launch kube-scheduler "$bin/kube-scheduler" \
	--kubeconfig "$dir/kubeconfigs/scheduler" \
	--leader-elect=false --port 0 --secure-port 0 --profiling=false --v 1

launch hollow-node-1 "$bin/kubemark" --morph kubelet --name hollow-node-1 \
	--kubeconfig "$dir/kubeconfigs/hollow-node-1" --kubelet-port "$kl1" --kubelet-read-only-port "$ro1" \
	--kube-api-content-type application/json --v 1
launch hollow-node-2 "$bin/kubemark" --morph kubelet --name hollow-node-2 \
	--kubeconfig "$dir/kubeconfigs/hollow-node-2" --kubelet-port "$kl2" --kubelet-read-only-port "$ro2" \
	--kube-api-content-type application/json --v 1
say "started kube-controller-manager, kube-scheduler, hollow-node-1, hollow-node-2"

# ---- namespaces and RBAC
k apply -f - >"$dir/logs/setup.log" 2>&1 <<'EOF' || failed "creating namespaces and RBAC ($(tail -3 "$dir/logs/setup.log"))"
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Namespace
  metadata: {name: team-a}
- apiVersion: v1
  kind: Namespace
  metadata: {name: team-b}
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: "kubesim:viewer"}
  rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: [get, list, watch]
  - nonResourceURLs: ["*"]
    verbs: [get]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata: {name: "kubesim:viewer"}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "kubesim:viewer"}
  subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: viewer}
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata: {name: "kubesim:dev", namespace: team-a}
  rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: {name: "kubesim:dev", namespace: team-a}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "kubesim:dev"}
  subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: dev}
EOF
say "namespaces team-a, team-b and RBAC for viewer and dev created"

# ---- two Ready nodes, and a default ServiceAccount with its token (pods need it to be admitted)
ready_nodes() {
	k get nodes -o 'jsonpath={range .items[*]}{.metadata.name}={range .status.conditions[?(@.type=="Ready")]}{.status}{end}{"\n"}{end}' 2>/dev/null |
		grep -c '=True$' || true
}
until [ "$(ready_nodes)" -ge 2 ]; do
	alive
	[ "$(date +%s)" -lt $deadline ] || failed "fewer than 2 Ready nodes after ${timeout}s"
	sleep 0.2
done
say "2 nodes Ready"
sa_ready() {
	local ns
	for ns in default team-a team-b; do
		[ -n "$(k -n "$ns" get serviceaccount default -o 'jsonpath={.secrets[0].name}' 2>/dev/null)" ] || return 1
	done
}
until sa_ready; do
	alive
	[ "$(date +%s)" -lt $deadline ] || failed "no default ServiceAccount tokens after ${timeout}s"
	sleep 0.2
done

mv "$dir/kubeconfig.tmp" "$dir/kubeconfig"
cat >"$dir/env" <<EOF
KDECK_TARGET=real
KDECK_REAL_KUBECONFIG=$dir/kubeconfig
KDECK_REAL_SERVER=$server
KDECK_REAL_DIR=$dir
KDECK_REAL_VERSION=$("$bin/kube-apiserver" --version 2>/dev/null | awk '{print $2}')
EOF
trap - INT TERM
say "ready: KDECK_REAL_KUBECONFIG=$dir/kubeconfig (server $server) in $(elapsed) ms"
