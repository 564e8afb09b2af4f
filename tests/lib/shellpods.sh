# Pods for the shell, logs and port-forward suites, in their own namespace so they do not
# depend on kubesim's demo world: source after kubesim.sh, then `shellpods_create`.
#   kdeck-shell/web   containers sidecar (busybox) and app (nginx, port 80), default
#                     container app by the kubectl.kubernetes.io/default-container annotation
#   kdeck-shell/dl    one distroless container (no shell: for debug containers)
# On kubesim's demo world the pods go to a Ready node and its simulated kubelet runs them
# (ephemeral containers too); on an empty kubesim a node is made up and the pods are marked
# Running through the status subresource, as a kubelet would.
SHELLPODS_NS=kdeck-shell

shellpods_create() {
	local kc=${1:-$KS_KUBECONFIG} t node
	t=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	node=$(kubectl --kubeconfig "$kc" get nodes --no-headers 2>/dev/null | awk '$2 == "Ready" { print $1; exit }')
	if [ -z "$node" ]; then
		node=shell-node
		printf 'apiVersion: v1\nkind: Node\nmetadata:\n  name: shell-node\n' |
			kubectl --kubeconfig "$kc" apply -f - >/dev/null || return 1
		SHELLPODS_FAKE=1
	fi
	kubectl --kubeconfig "$kc" apply -f - >/dev/null <<YAML || return 1
apiVersion: v1
kind: Namespace
metadata:
  name: $SHELLPODS_NS
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: $SHELLPODS_NS
  labels: {app: web}
  annotations:
    kubectl.kubernetes.io/default-container: app
spec:
  nodeName: $node
  containers:
  - name: sidecar
    image: busybox
  - name: app
    image: nginx
    ports:
    - containerPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: dl
  namespace: $SHELLPODS_NS
spec:
  nodeName: $node
  containers:
  - name: app
    image: gcr.io/distroless/static
YAML
	if [ -z "${SHELLPODS_FAKE:-}" ]; then
		kubectl --kubeconfig "$kc" -n $SHELLPODS_NS wait --for=condition=Ready pod/web pod/dl --timeout=60s >/dev/null
		return
	fi
	local run="{\"running\":{\"startedAt\":\"$t\"}}"
	kubectl --kubeconfig "$kc" -n $SHELLPODS_NS patch pod web --subresource=status --type=merge -p \
		"{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.244.9.9\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":true,\"restartCount\":0,\"image\":\"nginx\",\"state\":$run},{\"name\":\"sidecar\",\"ready\":true,\"restartCount\":0,\"image\":\"busybox\",\"state\":$run}]}}" >/dev/null || return 1
	kubectl --kubeconfig "$kc" -n $SHELLPODS_NS patch pod dl --subresource=status --type=merge -p \
		"{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.244.9.10\",\"containerStatuses\":[{\"name\":\"app\",\"ready\":true,\"restartCount\":0,\"image\":\"gcr.io/distroless/static\",\"state\":$run}]}}" >/dev/null
}
