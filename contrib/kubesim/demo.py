"""The demo world: namespaces, workloads, pods an SRE meets, Helm releases, projects.

Interface (called by the `kubesim` entry point):
    populate(store, state, pods=0, namespaces=0, cluster_name="kubesim", nodes=0)
        state is "demo" or "empty"; pods/namespaces > 0 add that many generated
        realistic pods spread over that many namespaces (the --pods/--namespaces scale mode);
        nodes > 0 gives the empty state that many Ready nodes (--nodes).

The demo is not a fixture: its history is replayed. Users' actions (create, set image, pause,
scale, delete) happen at times in the past on a fixed clock and the controllers
(controllers.py, world_pods.py) react as they would have, so ReplicaSets, revisions,
ControllerRevisions, pods, restarts, events and conditions are what a real cluster would show.
The live controller manager then takes over the replayed state.
"""
import base64
import copy
import time

import controllers
import errors
import helm
import world_util as U

HOUR = 3600.0
DAY = 86400.0


def populate(store, state, pods=0, namespaces=0, cluster_name="kubesim", nodes=0):
    if state == "demo":
        Demo(store, cluster_name).build()
    elif nodes > 0:
        add_nodes(store, nodes, cluster_name)
    if pods > 0:
        import world_scale
        world_scale.build(store, pods, max(1, namespaces or 1), cluster_name)


def node(name, i, cluster, now, t, ready=True):
    """A kind-like Node: node-1 is the control plane, the others workers; a node that is not
    ready has stopped posting status two hours before now and carries the unreachable taints."""
    ts = U.rfc3339
    hb = ts(now - 20) if ready else ts(now - 2 * HOUR)
    labels = {"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
              "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
              "topology.kubernetes.io/zone": "zone-%s" % "abc"[(i - 1) % 3]}
    if i == 1:
        labels["node-role.kubernetes.io/control-plane"] = ""
    else:
        labels["node-role.kubernetes.io/worker"] = ""
    cap = {"cpu": "4", "ephemeral-storage": "102626232Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
           "memory": "16384256Ki", "pods": "110"}
    conds = []
    for typ, reason, msg in (("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                             ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                             ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available")):
        if ready:
            conds.append({"type": typ, "status": "False", "lastHeartbeatTime": hb,
                          "lastTransitionTime": ts(t), "reason": reason, "message": msg})
        else:
            conds.append({"type": typ, "status": "Unknown", "lastHeartbeatTime": hb,
                          "lastTransitionTime": ts(now - 2 * HOUR + 40), "reason": "NodeStatusUnknown",
                          "message": "Kubelet stopped posting node status."})
    if ready:
        conds.append({"type": "Ready", "status": "True", "lastHeartbeatTime": hb, "lastTransitionTime": ts(t + 30),
                      "reason": "KubeletReady", "message": "kubelet is posting ready status"})
    else:
        conds.append({"type": "Ready", "status": "Unknown", "lastHeartbeatTime": hb,
                      "lastTransitionTime": ts(now - 2 * HOUR + 40), "reason": "NodeStatusUnknown",
                      "message": "Kubelet stopped posting node status."})
    spec = {"podCIDR": "10.244.%d.0/24" % (i - 1), "podCIDRs": ["10.244.%d.0/24" % (i - 1)],
            "providerID": "kind://docker/%s/%s" % (cluster, name)}
    if not ready:
        spec["taints"] = [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule",
                           "timeAdded": ts(now - 2 * HOUR + 40)},
                          {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute",
                           "timeAdded": ts(now - 2 * HOUR + 45)}]
    return {"apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": labels,
                         "annotations": {"kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
                                         "node.alpha.kubernetes.io/ttl": "0",
                                         "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
            "spec": spec,
            "status": {"capacity": cap, "allocatable": dict(cap), "conditions": conds,
                       "addresses": [{"type": "InternalIP", "address": "172.18.0.%d" % (i + 1)},
                                     {"type": "Hostname", "address": name}],
                       "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                       "nodeInfo": {"machineID": U.fnv32a(name.encode()).to_bytes(4, "big").hex() * 4,
                                    "systemUUID": "4c4c4544-0047-3910-8052-%012x" % U.fnv32a(name.encode()),
                                    "bootID": "b0a7%028x" % U.fnv32(name.encode()),
                                    "kernelVersion": "6.1.0-28-amd64", "osImage": "Debian GNU/Linux 12 (bookworm)",
                                    "containerRuntimeVersion": "containerd://1.7.24", "kubeletVersion": "v1.32.2",
                                    "kubeProxyVersion": "v1.32.2", "operatingSystem": "linux", "architecture": "amd64"}}}


def add_nodes(store, n, cluster_name="kubesim"):
    """n Ready nodes node-1..node-n (--nodes, for --state empty)."""
    now = time.time()
    for i in range(1, n + 1):
        obj = node("node-%d" % i, i, cluster_name, now, now - 60)
        obj["metadata"]["creationTimestamp"] = U.rfc3339(now - 60)
        store.create("nodes", obj)


def _c(name, image, cpu="50m", mem="64Mi", port=None, probe=True, env=None, extra=None):
    c = {"name": name, "image": image,
         "resources": {"requests": {"cpu": cpu, "memory": mem}, "limits": {"memory": _double(mem)}}}
    if port:
        c["ports"] = [{"name": "http", "containerPort": port, "protocol": "TCP"}]
        if probe:
            c["readinessProbe"] = {"httpGet": {"path": "/healthz", "port": port, "scheme": "HTTP"},
                                   "initialDelaySeconds": 2, "periodSeconds": 10, "timeoutSeconds": 1,
                                   "successThreshold": 1, "failureThreshold": 3}
    if env:
        c["env"] = [{"name": k, "value": v} for k, v in env.items()]
    if extra:
        c.update(extra)
    return c


def _double(mem):
    q = U.quantity(mem) * 2
    return "%dMi" % int(q / 1024 / 1024)


class Demo:
    def __init__(self, store, cluster):
        self.st = store
        self.cluster = cluster
        self.now = time.time()
        self.t0 = self.now - 3 * DAY

    # ---- small writers -----------------------------------------------------------------------
    def ts(self, t):
        return U.rfc3339(t)

    def create(self, key, obj, t):
        obj.setdefault("metadata", {})["creationTimestamp"] = self.ts(t)
        try:
            return self.st.create(key, obj)
        except errors.ApiError as e:
            if e.code == 409:
                return self.st.get(key, obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
            raise

    def edit(self, key, ns, name, fn):
        with self.st.lock:
            obj = self.st.get(key, ns, name)
            fn(obj)
            return self.st.update(key, obj)

    def deployment(self, ns, name, containers, replicas=2, labels=None, ann=None, pod_ann=None, t=None,
                   strategy=None, extra_spec=None, tpl_labels=None):
        lab = {"app": name}
        lab.update(labels or {})
        tl = dict(lab)
        tl.update(tpl_labels or {})
        d = {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": name, "namespace": ns, "labels": dict(lab)},
             "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                      "template": {"metadata": {"labels": tl}, "spec": {"containers": containers}}}}
        if ann:
            d["metadata"]["annotations"] = dict(ann)
        if pod_ann:
            d["spec"]["template"]["metadata"]["annotations"] = dict(pod_ann)
        if strategy:
            d["spec"]["strategy"] = strategy
        if extra_spec:
            d["spec"]["template"]["spec"].update(extra_spec)
        return self.create("deployments.apps", d, t)

    def set_image(self, ns, name, container, image, cause=None, key="deployments.apps"):
        def fn(d):
            for c in d["spec"]["template"]["spec"]["containers"]:
                if c["name"] == container:
                    c["image"] = image
            if cause:
                d["metadata"].setdefault("annotations", {})["kubernetes.io/change-cause"] = cause
        self.edit(key, ns, name, fn)

    def service(self, ns, name, port, target=None, selector=None, headless=False, labels=None, t=None, type_=None):
        s = {"apiVersion": "v1", "kind": "Service",
             "metadata": {"name": name, "namespace": ns, "labels": labels or {"app": name}},
             "spec": {"selector": selector or {"app": name},
                      "ports": [{"name": "http" if port != 5432 else "postgres", "port": port,
                                 "targetPort": target or port, "protocol": "TCP"}]}}
        if headless:
            s["spec"]["clusterIP"] = "None"
        if type_:
            s["spec"]["type"] = type_
        return self.create("services", s, t)

    # ---- the world ------------------------------------------------------------------------------
    def build(self):
        st = self.st
        t0 = self.t0
        self.nodes()
        self.namespaces()
        self.m = controllers.replay(st, t0)
        m = self.m
        self.config(t0 + 60)
        timeline = sorted(self.timeline(), key=lambda x: x[0])
        for t, fn in timeline:
            m.replay_until(t)
            fn(t)
        m.replay_until(self.now - 1)
        try:
            self.st.delete("pods", "team-b", "legacy-batch", grace_seconds=30)
        except errors.ApiError:
            pass
        m.end_replay()

    def nodes(self):
        for i in range(1, 5):
            t = self.t0 - 600
            self.create("nodes", node("node-%d" % i, i, self.cluster, self.now, t, ready=i < 4), t)

    def namespaces(self):
        c = self.cluster
        projects = {"default": ("p-d3fau", None), "kube-system": ("p-sys7m", "system-workspace"),
                    "team-a": ("p-7xk2q", "teams"), "team-b": ("p-7xk2q", "teams"),
                    "shop": ("p-sh0p1", "shop"),
                    "monitoring": ("p-m0n1t", "platform"), "payments": ("p-pay9z", "payments")}
        for ns, (proj, ws) in projects.items():
            def fn(o, proj=proj, ws=ws):
                o["metadata"].setdefault("annotations", {})["field.cattle.io/projectId"] = "%s:%s" % (c, proj)
                o["metadata"].setdefault("labels", {})["field.cattle.io/projectId"] = proj
                if ws:
                    o["metadata"]["labels"]["kubesphere.io/workspace"] = ws
                    o["metadata"]["labels"]["kubesphere.io/namespace"] = o["metadata"]["name"]
            if self.st.get("namespaces", "", ns) is None:
                self.create("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}},
                            self.t0 + 30)
            self.edit("namespaces", "", ns, fn)

    def config(self, t):
        st = self.st
        cm = [("shop", "web-config", {"nginx.conf": "server {\n  listen 8080;\n  location / { root /usr/share/nginx/html; }\n}\n"}),
              ("shop", "api-settings", {"LOG_LEVEL": "info", "FEATURE_FLAGS": "search,checkout-v2"}),
              ("team-b", "orders-config", {"DB_HOST": "postgres-0.postgres.team-b.svc", "POOL_SIZE": "20"}),
              ("monitoring", "prometheus-rules", {"alerts.yaml": "groups:\n- name: kube\n  rules: []\n"}),
              ("payments", "checkout-config", {"CURRENCY": "EUR", "TIMEOUT": "5s"})]
        for ns, name, data in cm:
            self.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                       "metadata": {"name": name, "namespace": ns}, "data": data}, t)
        b64 = lambda s: base64.b64encode(s.encode()).decode()
        cert = ("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUKdeckDEMOcertificate0000000000wCgYIKoZIzj0EAwIw\n"
                "-----END CERTIFICATE-----\n")
        key = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIDEMOkeyDEMOkeyDEMOkey000000000000000000oAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n"
        secrets = [("default", "db-credentials", "Opaque", {"username": b64("app"), "password": b64("s3cr3t-demo")}),
                   ("shop", "web-tls", "kubernetes.io/tls", {"tls.crt": b64(cert), "tls.key": b64(key)}),
                   ("default", "registry-pull", "kubernetes.io/dockerconfigjson",
                    {".dockerconfigjson": b64('{"auths":{"ghcr.io":{"username":"kdeck","password":"demo","auth":"%s"}}}'
                                              % b64("kdeck:demo"))}),
                   ("payments", "stripe-api", "Opaque", {"api-key": b64("sk_test_demo_0000000000")}),
                   ("payments", "payments-tls", "kubernetes.io/tls", {"tls.crt": b64(cert), "tls.key": b64(key)}),
                   ("team-b", "postgres-auth", "Opaque", {"POSTGRES_PASSWORD": b64("demo-pg")})]
        for ns, name, typ, data in secrets:
            self.create("secrets", {"apiVersion": "v1", "kind": "Secret", "type": typ,
                                    "metadata": {"name": name, "namespace": ns}, "data": data}, t)
        for ns, name in (("shop", "web"), ("team-b", "orders"), ("payments", "checkout"), ("monitoring", "grafana")):
            self.create("serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount",
                                            "metadata": {"name": name, "namespace": ns}}, t)
        # a statically provisioned volume and its claim
        self.create("persistentvolumes", {
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": "nfs-shared", "labels": {"type": "nfs"}},
            "spec": {"capacity": {"storage": "50Gi"}, "accessModes": ["ReadWriteMany"],
                     "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "nfs",
                     "nfs": {"server": "10.0.0.20", "path": "/exports/shared"},
                     "claimRef": {"kind": "PersistentVolumeClaim", "namespace": "default", "name": "shared-data",
                                  "apiVersion": "v1"}},
            "status": {"phase": "Bound"}}, t)
        pvc = self.create("persistentvolumeclaims", {
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "shared-data", "namespace": "default"},
            "spec": {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "50Gi"}},
                     "storageClassName": "nfs", "volumeName": "nfs-shared"}}, t)
        pvc["status"] = {"phase": "Bound", "accessModes": ["ReadWriteMany"], "capacity": {"storage": "50Gi"}}
        st.update("persistentvolumeclaims", pvc, subresource="status")
        self.create("persistentvolumeclaims", {
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "scratch", "namespace": "team-b"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "5Gi"}},
                     "storageClassName": "fast-ssd"}}, t)

    def timeline(self):
        t0, now = self.t0, self.now
        return [
            (t0 + 120, self.system),
            (t0 + 600, self.web_v1),
            (t0 + 900, self.api_v1),
            (t0 + 1200, self.team_a),
            (t0 + 1500, self.monitoring),
            (t0 + 1800, self.payments),
            (now - 2 * DAY, lambda t: self.set_image("shop", "api", "app", "ghcr.io/kdeck/demo-api:2.4.0",
                                                     "kubectl set image deployment/api app=ghcr.io/kdeck/demo-api:2.4.0")),
            (now - 1 * DAY, lambda t: self.set_image("shop", "web", "nginx", "nginx:1.25.3",
                                                     "upgrade nginx to 1.25.3")),
            (now - 1 * DAY + 600, lambda t: self.set_image("team-b", "postgres", "postgres", "postgres:16.2",
                                                           key="statefulsets.apps")),
            (now - 20 * HOUR, lambda t: self.set_image("monitoring", "node-exporter", "node-exporter",
                                                       "quay.io/prometheus/node-exporter:v1.8.2", key="daemonsets.apps")),
            (now - 6 * HOUR, lambda t: self.set_image("shop", "api", "app", "ghcr.io/kdeck/demo-api:2.4.1",
                                                      "hotfix: connection pool leak (2.4.1)")),
            (now - 3 * HOUR, self.frontend),
            (now - 2 * HOUR - 30, self.cart),
            (now - 2 * HOUR - 60, self.team_b),
            (now - 2 * HOUR, lambda t: self.edit("deployments.apps", "team-b", "orders",
                                                 lambda d: d["spec"].__setitem__("paused", True))),
            (now - 90 * 60, lambda t: self.set_image("team-b", "orders", "orders", "ghcr.io/kdeck/orders:1.5.0",
                                                     "orders 1.5.0 (waiting for the DB migration)")),
            (now - 60 * 60, self.troubled),
            (now - 40 * 60, lambda t: self.set_image("shop", "frontend", "frontend", "ghcr.io/kdeck/frontend:broken",
                                                     "frontend 2.0 (broken tag)")),
            (now - 25 * 60, self.crashers),
            (now - 5 * 60, self.helm_releases),
            (now - 3 * HOUR, self.terminating),
        ]

    # ---- workloads ---------------------------------------------------------------------------------
    def system(self, t):
        self.deployment("kube-system", "coredns", [_c("coredns", "registry.k8s.io/coredns/coredns:v1.11.3", "100m", "70Mi",
                                                      8181, extra={"args": ["-conf", "/etc/coredns/Corefile"]})],
                        2, labels={"k8s-app": "kube-dns"}, t=t)
        self.service("kube-system", "kube-dns", 53, selector={"app": "coredns"}, labels={"k8s-app": "kube-dns"}, t=t)
        ds = {"apiVersion": "apps/v1", "kind": "DaemonSet",
              "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"k8s-app": "kube-proxy"}},
              "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
                       "template": {"metadata": {"labels": {"k8s-app": "kube-proxy"}},
                                    "spec": {"hostNetwork": True, "priorityClassName": "system-node-critical",
                                             "containers": [{"name": "kube-proxy", "image": "registry.k8s.io/kube-proxy:v1.32.2",
                                                             "command": ["/usr/local/bin/kube-proxy",
                                                                         "--config=/var/lib/kube-proxy/config.conf"],
                                                             "securityContext": {"privileged": True}}]}}}}
        self.create("daemonsets.apps", ds, t)

    def web_v1(self, t):
        self.deployment("shop", "web", [_c("nginx", "nginx:1.24.0", "100m", "128Mi", 8080,
                                              extra={"volumeMounts": [{"name": "config", "mountPath": "/etc/nginx/conf.d"}]})],
                        3, labels={"tier": "frontend"}, ann={"kubernetes.io/change-cause": "initial deploy"},
                        extra_spec={"volumes": [{"name": "config", "configMap": {"name": "web-config"}}],
                                    "serviceAccountName": "web"}, t=t)
        self.service("shop", "web", 80, 8080, t=t)
        self.create("ingresses.networking.k8s.io", {
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": "web", "namespace": "shop",
                         "annotations": {"nginx.ingress.kubernetes.io/rewrite-target": "/"}},
            "spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["web.demo.kdeck.io"], "secretName": "web-tls"}],
                     "rules": [{"host": "web.demo.kdeck.io", "http": {"paths": [
                         {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}},
                         {"path": "/api", "pathType": "Prefix", "backend": {"service": {"name": "api", "port": {"number": 8080}}}}]}}]},
            "status": {"loadBalancer": {"ingress": [{"ip": "172.18.0.100"}]}}}, t)
        self.create("poddisruptionbudgets.policy", {
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}}}, t)

    def api_v1(self, t):
        self.deployment("shop", "api", [
            _c("app", "ghcr.io/kdeck/demo-api:2.3.0", "200m", "256Mi", 8080,
               env={"LOG_LEVEL": "info", "DB_HOST": "postgres.team-b.svc"},
               extra={"envFrom": [{"configMapRef": {"name": "api-settings"}}]}),
            _c("envoy", "envoyproxy/envoy:v1.29.1", "50m", "64Mi", 9901, probe=False)],
            2, labels={"tier": "backend"}, ann={"kubernetes.io/change-cause": "kubectl create -f api.yaml"},
            pod_ann={"kubectl.kubernetes.io/default-container": "app", "prometheus.io/scrape": "true"}, t=t)
        self.service("shop", "api", 8080, t=t)
        self.create("poddisruptionbudgets.policy", {
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": "api", "namespace": "shop"},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "api"}}}}, t)

    def team_a(self, t):
        self.deployment("team-b", "orders", [_c("orders", "ghcr.io/kdeck/orders:1.4.2", "100m", "128Mi", 8080)], 2,
                        ann={"kubernetes.io/change-cause": "orders 1.4.2"},
                        extra_spec={"serviceAccountName": "orders"}, t=t)
        self.service("team-b", "orders", 8080, t=t)
        self.service("team-b", "postgres", 5432, headless=True, t=t)
        sts = {"apiVersion": "apps/v1", "kind": "StatefulSet",
               "metadata": {"name": "postgres", "namespace": "team-b", "labels": {"app": "postgres"}},
               "spec": {"serviceName": "postgres", "replicas": 3, "selector": {"matchLabels": {"app": "postgres"}},
                        "template": {"metadata": {"labels": {"app": "postgres"}},
                                     "spec": {"affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                                         {"labelSelector": {"matchLabels": {"app": "postgres"}},
                                          "topologyKey": "kubernetes.io/hostname"}]}},
                                              "containers": [_c("postgres", "postgres:16.1", "250m", "512Mi", 5432, extra={
                                                  "env": [{"name": "POSTGRES_PASSWORD", "valueFrom": {"secretKeyRef": {
                                                      "name": "postgres-auth", "key": "POSTGRES_PASSWORD"}}},
                                                      {"name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata"}],
                                                  "volumeMounts": [{"name": "data", "mountPath": "/var/lib/postgresql/data"}]})]}},
                        "volumeClaimTemplates": [{"metadata": {"name": "data"},
                                                  "spec": {"accessModes": ["ReadWriteOnce"],
                                                           "resources": {"requests": {"storage": "10Gi"}}}}]}}
        self.create("statefulsets.apps", sts, t)
        # every replica must stay: a drain of a node running one waits on this budget for ever
        # (the kind of budget that blocks node maintenance until someone lowers it)
        self.create("poddisruptionbudgets.policy", {
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": "postgres", "namespace": "team-b"},
            "spec": {"minAvailable": 3, "selector": {"matchLabels": {"app": "postgres"}}}}, t)

    def monitoring(self, t):
        ds = {"apiVersion": "apps/v1", "kind": "DaemonSet",
              "metadata": {"name": "node-exporter", "namespace": "monitoring", "labels": {"app": "node-exporter"}},
              "spec": {"selector": {"matchLabels": {"app": "node-exporter"}},
                       "template": {"metadata": {"labels": {"app": "node-exporter"}},
                                    "spec": {"hostNetwork": True, "hostPID": True,
                                             "containers": [_c("node-exporter", "quay.io/prometheus/node-exporter:v1.7.0",
                                                               "10m", "32Mi", 9100, probe=False,
                                                               extra={"args": ["--path.rootfs=/host"]})]}}}}
        self.create("daemonsets.apps", ds, t)
        cj = {"apiVersion": "batch/v1", "kind": "CronJob",
              "metadata": {"name": "log-rotate", "namespace": "monitoring"},
              "spec": {"schedule": "*/15 * * * *", "successfulJobsHistoryLimit": 3,
                       "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure", "containers": [
                           {"name": "rotate", "image": "busybox:1.36", "command": ["sh", "-c", "find /logs -mtime +7 -delete"]}]}}}}}}
        self.create("cronjobs.batch", cj, self.now - 65 * 60)

    def payments(self, t):
        self.deployment("payments", "checkout", [
            _c("checkout", "gcr.io/distroless/static:nonroot", "100m", "64Mi", 8443, probe=False,
               extra={"command": ["/checkout"], "args": ["--listen=:8443"],
                      "securityContext": {"runAsNonRoot": True, "readOnlyRootFilesystem": True,
                                          "allowPrivilegeEscalation": False}})],
            2, extra_spec={"serviceAccountName": "checkout"}, t=t)
        self.service("payments", "checkout", 443, 8443, t=t)
        self.create("jobs.batch", {
            "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "db-migrate-v42", "namespace": "payments"},
            "spec": {"backoffLimit": 2, "template": {"spec": {"restartPolicy": "Never", "containers": [
                {"name": "migrate", "image": "ghcr.io/kdeck/payments-migrate:42", "command": ["/migrate", "up"]}]}}}}, t)
        self.create("cronjobs.batch", {
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly-settlement", "namespace": "payments"},
            "spec": {"schedule": "30 2 * * *", "concurrencyPolicy": "Forbid",
                     "jobTemplate": {"spec": {"backoffLimit": 1, "template": {"spec": {"restartPolicy": "Never", "containers": [
                         {"name": "settle", "image": "ghcr.io/kdeck/settlement:3.1", "args": ["--date=yesterday"]}]}}}}}}, t)

    def frontend(self, t):
        self.deployment("shop", "frontend", [_c("frontend", "ghcr.io/kdeck/frontend:1.8.0", "50m", "64Mi", 3000)], 3,
                        ann={"kubernetes.io/change-cause": "frontend 1.8.0"}, t=t)
        self.service("shop", "frontend", 80, 3000, t=t)

    def cart(self, t):
        # a gray release: cart-canary beside cart, one Service selecting both (kdeck's K)
        for name, track, image, n in (("cart", "stable", "ghcr.io/kdeck/cart:3.1.0", 3),
                                      ("cart-canary", "canary", "ghcr.io/kdeck/cart:3.2.0", 1)):
            lab = {"app": "cart", "track": track}
            self.create("deployments.apps", {
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": name, "namespace": "shop", "labels": dict(lab)},
                "spec": {"replicas": n, "selector": {"matchLabels": dict(lab)},
                         "template": {"metadata": {"labels": dict(lab)},
                                      "spec": {"containers": [_c("cart", image, "50m", "64Mi", 8080)]}}}}, t)
        self.service("shop", "cart", 80, 8080, selector={"app": "cart"}, t=t)

    def team_b(self, t):
        self.deployment("team-b", "ml-trainer", [_c("trainer", "ghcr.io/kdeck/trainer:0.9", "64", "200Gi")], 1,
                        labels={"team": "ml"}, t=t)
        self.deployment("team-b", "search", [_c("search", "docker.elastic.co/elasticsearch/elasticsearch:8.12.0",
                                                 "500m", "1Gi", 9200)], 1, t=t)
        self.create("pods", {"apiVersion": "v1", "kind": "Pod",
                             "metadata": {"name": "report-gen", "namespace": "team-b", "labels": {"app": "report-gen"}},
                             "spec": {"containers": [_c("report", "ghcr.io/kdeck/report:2.0", "100m", "128Mi")],
                                      "volumes": [{"name": "creds", "secret": {"secretName": "report-credentials"}}]}}, t)
        self.create("pods", {"apiVersion": "v1", "kind": "Pod",
                             "metadata": {"name": "toolbox", "namespace": "team-b", "labels": {"app": "toolbox"}},
                             "spec": {"containers": [{"name": "toolbox", "image": "busybox:1.36",
                                                      "command": ["sleep", "infinity"], "stdin": True, "tty": True}]}}, t)

    def troubled(self, t):
        self.deployment("team-b", "image-resizer", [_c("resizer", "ghcr.io/kdeck/image-resizer:1.2", "100m", "64Mi")], 1,
                        pod_ann={"kubesim.kdeck.io/scenario": "oomkill"}, t=t)
        self.create("jobs.batch", {
            "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "invoice-export", "namespace": "payments"},
            "spec": {"backoffLimit": 2, "template": {"metadata": {"annotations": {"kubesim.kdeck.io/scenario": "fail"}},
                                                     "spec": {"restartPolicy": "Never", "containers": [
                                                         {"name": "export", "image": "ghcr.io/kdeck/invoice-export:1.0",
                                                          "args": ["--bucket=s3://invoices"]}]}}}}, t)

    def crashers(self, t):
        self.deployment("payments", "ledger-sync", [_c("ledger", "ghcr.io/kdeck/ledger-sync:0.7.3", "50m", "64Mi",
                                                       env={"LEDGER_URL": "https://ledger.internal:8443"})], 1,
                        pod_ann={"kubesim.kdeck.io/scenario": "crashloop"}, t=t)

    def terminating(self, t):
        p = self.create("pods", {"apiVersion": "v1", "kind": "Pod",
                                 "metadata": {"name": "legacy-batch", "namespace": "team-b", "labels": {"app": "legacy-batch"},
                                              "finalizers": ["batch.example.com/drain-queue"]},
                                 "spec": {"nodeName": "node-2", "containers": [{"name": "batch", "image": "busybox:1.36",
                                                                                "command": ["sleep", "3600"]}]}},
                        t)

    # ---- Helm ------------------------------------------------------------------------------------------
    def helm_releases(self, t):
        now = self.now
        # grafana in monitoring: three upgrades, the last deployed
        objs = self._grafana("10.2.3", t)
        values = [{"replicas": 1, "image": {"tag": "10.1.5"}}, {"replicas": 1, "image": {"tag": "10.2.2"}},
                  {"replicas": 1, "image": {"tag": "10.2.3"}, "persistence": {"enabled": False}}]
        times = [now - 2.5 * DAY, now - 1.5 * DAY, t]
        self._release("grafana", "monitoring", "grafana", ["7.0.8", "7.0.17", "7.0.19"], ["10.1.5", "10.2.2", "10.2.3"],
                      values, times, ["superseded", "superseded", "deployed"],
                      ["Install complete", "Upgrade complete", "Upgrade complete"], objs)
        # payments-api: install, failed upgrade, rollback
        objs = self._payments_api(t)
        values = [{"replicaCount": 2, "image": {"tag": "1.9.0"}}, {"replicaCount": 2, "image": {"tag": "2.0.0-rc1"}},
                  {"replicaCount": 2, "image": {"tag": "1.9.0"}}]
        times = [now - 2 * DAY, now - 4 * HOUR, now - 3.5 * HOUR]
        self._release("payments-api", "payments", "payments-api", ["1.9.0", "2.0.0", "1.9.0"], ["1.9.0", "2.0.0-rc1", "1.9.0"],
                      values, times, ["superseded", "failed", "deployed"],
                      ["Install complete",
                       'Upgrade "payments-api" failed: context deadline exceeded', "Rollback to 1"], objs)
        # redis in team-b: installed, then an upgrade that never finished (its client was
        # killed): stuck in pending-upgrade, which blocks the next `helm upgrade`
        objs = self._redis(t)
        self._release("redis", "team-b", "redis", ["18.6.1", "18.6.2"], ["7.2.4", "7.2.4"],
                      [{"architecture": "standalone", "auth": {"enabled": True}},
                       {"architecture": "standalone", "auth": {"enabled": True}, "master": {"persistence": {"size": "8Gi"}}}],
                      [now - 2 * DAY, now - 20 * 60], ["deployed", "pending-upgrade"],
                      ["Install complete", "Preparing upgrade"], objs)

    def _release(self, name, ns, chart, versions, apps, values, times, statuses, descs, objs):
        first = times[0]
        text = helm.manifest(objs, chart)
        for i, (v, a, val, t, s, d) in enumerate(zip(versions, apps, values, times, statuses, descs)):
            # each revision's manifest names its own image tag (the objects run the last one)
            rtext = text.replace(":" + apps[-1] + "\n", ":" + a + "\n") if a != apps[-1] else text
            rel = helm.release(name, ns, i + 1, s, chart, v, a, val, rtext, first, t, d,
                               notes="1. Get the application URL by running:\n  kubectl -n %s port-forward svc/%s 8080:80\n"
                               % (ns, name))
            modified = times[i + 1] if i + 1 < len(times) else None
            self.create("secrets", helm.secret(rel, t, modified), t)

    def _helm_meta(self, name, release, ns, chart, app_version):
        return {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": release,
                "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/version": app_version,
                "helm.sh/chart": chart}

    def _owned_by_helm(self, obj, release, ns):
        obj["metadata"].setdefault("annotations", {}).update({"meta.helm.sh/release-name": release,
                                                              "meta.helm.sh/release-namespace": ns})
        return obj

    def _apply_objs(self, objs, t):
        for key, obj in objs:
            self.create(key, copy.deepcopy(obj), t)

    def _grafana(self, app, t):
        labels = self._helm_meta("grafana", "grafana", "monitoring", "grafana-7.0.19", app)
        sel = {"app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "grafana"}
        return self._install("monitoring", "grafana", [
            ("configmap.yaml", "configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                              "metadata": {"name": "grafana", "namespace": "monitoring", "labels": labels},
                                              "data": {"grafana.ini": "[server]\ndomain = grafana.demo.kdeck.io\n"}}),
            ("service.yaml", "services", {"apiVersion": "v1", "kind": "Service",
                                          "metadata": {"name": "grafana", "namespace": "monitoring", "labels": labels},
                                          "spec": {"type": "ClusterIP", "selector": sel,
                                                   "ports": [{"name": "service", "port": 80, "targetPort": 3000,
                                                              "protocol": "TCP"}]}}),
            ("deployment.yaml", "deployments.apps", {
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "grafana", "namespace": "monitoring", "labels": labels},
                "spec": {"replicas": 1, "selector": {"matchLabels": sel},
                         "template": {"metadata": {"labels": dict(sel)},
                                      "spec": {"serviceAccountName": "grafana",
                                               "containers": [_c("grafana", "docker.io/grafana/grafana:" + app, "100m",
                                                                 "128Mi", 3000)]}}}})], t)

    def _payments_api(self, t):
        labels = self._helm_meta("payments-api", "payments-api", "payments", "payments-api-1.9.0", "1.9.0")
        sel = {"app.kubernetes.io/name": "payments-api", "app.kubernetes.io/instance": "payments-api"}
        return self._install("payments", "payments-api", [
            ("service.yaml", "services", {"apiVersion": "v1", "kind": "Service",
                                          "metadata": {"name": "payments-api", "namespace": "payments", "labels": labels},
                                          "spec": {"selector": sel, "ports": [{"name": "http", "port": 80,
                                                                               "targetPort": 8080, "protocol": "TCP"}]}}),
            ("deployment.yaml", "deployments.apps", {
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": "payments-api", "namespace": "payments", "labels": labels},
                "spec": {"replicas": 2, "selector": {"matchLabels": sel},
                         "template": {"metadata": {"labels": dict(sel)},
                                      "spec": {"containers": [_c("payments-api", "ghcr.io/kdeck/payments-api:1.9.0",
                                                                 "100m", "128Mi", 8080,
                                                                 extra={"envFrom": [{"secretRef": {"name": "stripe-api"}}]})]}}}})],
            t)

    def _redis(self, t):
        labels = self._helm_meta("redis", "redis", "team-b", "redis-18.6.1", "7.2.4")
        sel = {"app.kubernetes.io/name": "redis", "app.kubernetes.io/instance": "redis"}
        return self._install("team-b", "redis", [
            ("master/service.yaml", "services", {"apiVersion": "v1", "kind": "Service",
                                                 "metadata": {"name": "redis-master", "namespace": "team-b", "labels": labels},
                                                 "spec": {"selector": sel, "ports": [{"name": "tcp-redis", "port": 6379,
                                                                                      "targetPort": 6379, "protocol": "TCP"}]}}),
            ("master/application.yaml", "statefulsets.apps", {
                "apiVersion": "apps/v1", "kind": "StatefulSet",
                "metadata": {"name": "redis-master", "namespace": "team-b", "labels": labels},
                "spec": {"replicas": 1, "serviceName": "redis-headless", "selector": {"matchLabels": sel},
                         "template": {"metadata": {"labels": dict(sel)},
                                      "spec": {"containers": [_c("redis", "docker.io/bitnami/redis:7.2.4", "100m",
                                                                 "128Mi", 6379, probe=False)]}}}})], t)

    def _install(self, ns, release, items, t):
        out = []
        for tpl, key, obj in items:
            self._owned_by_helm(obj, release, ns)
            self.create(key, copy.deepcopy(obj), t)
            out.append((tpl, obj))
        return out
