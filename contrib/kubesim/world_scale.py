"""The --pods N --namespaces M scale mode: realistic pods (3-6 KB of JSON: labels, an owning
ReplicaSet, several containers with env, ports, resources, probes, volume mounts, a full
status) made from three templates with names, uids and IPs varied, loaded with
bulk_insert_entries as compact entries (see PodEntry), with their metrics.k8s.io PodMetrics."""
import collections
import hashlib
import json
import math
import time
import uuid
import zlib

import store as store_mod
import tables
import world_pods
import world_util as U

PODS_PER_RS = 10
PODS_PER_NODE = 100
# The scale nodes are a dedicated pool: the demo's DaemonSets and pods stay off them (a
# DaemonSet pod on each of a thousand nodes would keep the controllers busy for a minute).
TAINT = {"key": "kdeck.io/scale-pool", "value": "true", "effect": "NoSchedule"}


def _container(name, image, port, i):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "http" if port != 9090 else "metrics", "containerPort": port, "protocol": "TCP"}],
            "env": [{"name": "APP_ENV", "value": "production"}, {"name": "LOG_LEVEL", "value": "info"},
                    {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                    {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}}],
            "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": port, "scheme": "HTTP"}, "initialDelaySeconds": 5,
                               "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
            "livenessProbe": {"httpGet": {"path": "/live", "port": port, "scheme": "HTTP"}, "initialDelaySeconds": 15,
                              "periodSeconds": 20, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
            "volumeMounts": [{"name": "config", "mountPath": "/etc/app", "readOnly": True},
                             {"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                              "readOnly": True}],
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}
    if i > 0:
        del c["livenessProbe"]
        c["env"] = c["env"][:2]
        c["volumeMounts"] = c["volumeMounts"][1:]
    return c


def _suffix(i):
    out = []
    n = i * 7919 + 104729
    for _ in range(5):
        out.append(U.SAFE[n % 27])
        n //= 27
    return "".join(out)


def _uid(seed, i):
    h = "%032x" % ((seed + i * 0x9E3779B97F4A7C15) & ((1 << 128) - 1))
    return "%s-%s-4%s-a%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])


def build(store, pods, namespaces, cluster):
    t = time.time() - 3600
    ts = U.rfc3339(t)
    nnodes = max(3, (pods + PODS_PER_NODE - 1) // PODS_PER_NODE)
    nodes = []
    for i in range(nnodes):
        name = "scale-node-%04d" % i
        cap = {"cpu": "32", "memory": "131072Mi", "pods": str(PODS_PER_NODE + 10), "ephemeral-storage": "100Gi"}
        nodes.append({"apiVersion": "v1", "kind": "Node",
                      "metadata": {"name": name, "creationTimestamp": ts,
                                   "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                                              "kubernetes.io/arch": "amd64", "node-role.kubernetes.io/worker": ""}},
                      "spec": {"podCIDR": "10.%d.%d.0/24" % (100 + i // 256, i % 256), "taints": [TAINT]},
                      "status": {"capacity": cap, "allocatable": dict(cap),
                                 "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                                 "message": "kubelet is posting ready status",
                                                 "lastHeartbeatTime": ts, "lastTransitionTime": ts}],
                                 "addresses": [{"type": "InternalIP", "address": "172.20.%d.%d" % (i // 250, i % 250 + 1)},
                                               {"type": "Hostname", "address": name}],
                                 "nodeInfo": {"kubeletVersion": "v1.32.2", "containerRuntimeVersion": "containerd://1.7.24",
                                              "osImage": "Ubuntu 22.04.4 LTS", "kernelVersion": "5.15.0-105-generic",
                                              "operatingSystem": "linux", "architecture": "amd64"}}})
    store.bulk_insert("nodes", nodes)
    world_pods.SCALE_NODES.update(n["metadata"]["name"] for n in nodes)
    nsnames = ["scale-%03d" % i for i in range(namespaces)]
    with store.lock:
        for ns in nsnames:
            if store.entry("namespaces", "", ns) is None:
                store.create("namespaces", {"metadata": {"name": ns, "creationTimestamp": ts,
                                                         "labels": {"kubesphere.io/workspace": "scale"},
                                                         "annotations": {"field.cattle.io/projectId": "%s:p-scale" % cluster}}})
    world_pods.SCALE_NS.update(nsnames)
    seed = uuid.uuid4().int
    shapes = [Shape(spec, ts) for spec in _specs()]
    rs_objs, pods_in, metrics_in = [], [], []
    nrs = (pods + PODS_PER_RS - 1) // PODS_PER_RS
    per_ns = max(1, (nrs + namespaces - 1) // namespaces)
    made = 0
    for r in range(nrs):
        ns = nsnames[min(r // per_ns, namespaces - 1)]
        shape = shapes[r % len(shapes)]
        app = "svc-%05d" % r
        h = U.safe_encode(str(U.fnv32a(app.encode())))
        rsname = "%s-%s" % (app, h)
        rs_uid = str(uuid.uuid4())
        labels = {"app": app, "pod-template-hash": h, "team": "team-%d" % (r % 7), "tier": "backend"}
        n = min(PODS_PER_RS, pods - made)
        rs_objs.append({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                        "metadata": {"name": rsname, "namespace": ns, "uid": rs_uid, "labels": dict(labels),
                                     "annotations": {"deployment.kubernetes.io/revision": "1"}, "generation": 1,
                                     "creationTimestamp": ts},
                        "spec": {"replicas": n, "selector": {"matchLabels": {"app": app, "pod-template-hash": h}},
                                 "template": {"metadata": {"labels": dict(labels), "creationTimestamp": None},
                                              "spec": shape.spec}},
                        "status": {"replicas": n, "fullyLabeledReplicas": n, "readyReplicas": n, "availableReplicas": n,
                                   "observedGeneration": 1}})
        rs = RS(shape, seed, ns, rsname, rs_uid, labels)
        for _ in range(n):
            i = made
            made += 1
            name = "%s-%s" % (rsname, _suffix(i))
            pods_in.append(((ns, name), PodEntry(rs, i, name), rs_uid))
            metrics_in.append(((ns, name), MetricsEntry(ns, name, _uid(seed, i), labels, shape.usage), None))
    store.bulk_insert("replicasets.apps", rs_objs)
    store.bulk_insert_entries("pods", pods_in)
    store.pack = _pack
    store.bulk_insert_entries("pods.metrics.k8s.io", metrics_in)
    per_node = collections.Counter(_where(i)[0] for i in range(0, pods, PODS_PER_NODE))
    mean = (sum(sh.mean_use[0] for sh in shapes) / len(shapes), sum(sh.mean_use[1] for sh in shapes) / len(shapes))
    store.bulk_insert_entries("nodes.metrics.k8s.io", [
        (("", n["metadata"]["name"]), NodeMetricsEntry(n["metadata"]["name"], n["metadata"]["labels"],
                                                       PODS_PER_NODE if n["metadata"]["name"] in per_node else 0,
                                                       mean), None) for n in nodes])


# ---- pods from templates ---------------------------------------------------------------------------
# A scale pod is a PodEntry: its ReplicaSet (RS, shared by ten pods), its index and its name. Its
# JSON is its shape's template with the names, uid, resourceVersion, node and IPs put in (one
# bytes %-format), its object is built on each use from dicts the shape shares, and its Table
# cells likewise: nothing of size is kept per pod. A write stores an ordinary entry in its place.

_HOLES = ("NS", "RS", "APP", "HASH", "TEAM", "RSUID", "NAME", "UID", "RV", "NODE", "IP", "HOST", "CID")


def _specs():
    """The pod specs of the templates: three containers, two, one (6, 4.5 and 3.5 KB of JSON)."""
    conts = [_container("app", "ghcr.io/kdeck/scale-app:1.4.2", 8080, 0),
             _container("metrics", "quay.io/prometheus/statsd-exporter:v0.26.0", 9090, 1),
             _container("log-shipper", "fluent/fluent-bit:2.2.2", 2020, 2)]
    out = []
    for k in (3, 2, 1):
        out.append({"containers": conts[:k],
                    "volumes": [{"name": "config", "configMap": {"name": "app-config", "defaultMode": 420}},
                                {"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
                                    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                                    {"configMap": {"name": "kube-root-ca.crt",
                                                   "items": [{"key": "ca.crt", "path": "ca.crt"}]}}]}}],
                    "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                    "serviceAccountName": "default", "serviceAccount": "default", "securityContext": {},
                    "schedulerName": "default-scheduler", "enableServiceLinks": True, "priority": 0,
                    "preemptionPolicy": "PreemptLowerPriority",
                    "tolerations": [{"key": TAINT["key"], "operator": "Exists", "effect": "NoSchedule"},
                                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                                     "effect": "NoExecute", "tolerationSeconds": 300},
                                    {"key": "node.kubernetes.io/unreachable", "operator": "Exists",
                                     "effect": "NoExecute", "tolerationSeconds": 300}]})
    return out


def _fmt(text):
    """JSON text with @@HOLE@@ placeholders -> a bytes %-format with %(HOLE)s."""
    text = text.replace("%", "%%")
    for h in _HOLES:
        text = text.replace("@@%s@@" % h, "%%(%s)s" % h)
    assert "@@" not in text
    return text.encode()


class Shape:
    """One pod template: its spec, the JSON formats of the pod, its list item and its metadata,
    its Table cells, and its containers' requests for the scheduler and metrics."""

    def __init__(self, spec, ts):
        self.spec = spec
        self.ts = ts
        self.images = [(c["name"], U.full_image(c["image"]), U.image_id(c["image"])) for c in spec["containers"]]
        self.running = {"running": {"startedAt": ts}}
        self.conds = [{"type": t_, "status": "True", "lastProbeTime": None, "lastTransitionTime": ts}
                      for t_ in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")]
        self.specs = {}                 # node name -> spec with nodeName (shared by the node's pods)
        self.annotations = {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"}
        ph = RS(self, 0, "@@NS@@", "@@RS@@", "@@RSUID@@",
                {"app": "@@APP@@", "pod-template-hash": "@@HASH@@", "team": "@@TEAM@@", "tier": "backend"})
        proto = self.build(ph, "@@NAME@@", "@@UID@@", "@@RV@@", "@@NODE@@", "@@IP@@", "@@HOST@@", "@@CID@@")
        self.raw_fmt = _fmt(json.dumps(proto, separators=(",", ":")))
        body = {k: v for k, v in proto.items() if k not in ("kind", "apiVersion")}
        self.body_fmt = _fmt(json.dumps(body, separators=(",", ":")))
        self.meta_fmt = _fmt(json.dumps(tables._meta_partial(proto, None), separators=(",", ":")))
        self.cells = tables.pod_cells(proto)
        self.cpu, self.mem = U.pod_requests(spec)
        self.placements = {}
        self.usage = _conts_usage(spec)
        # a pod's mean use (cpu, memory) as usage() gives it on average, for its node's metrics
        self.mean_use = (sum(c[1] for c in self.usage) * 0.5, sum(c[2] for c in self.usage) * 0.6)

    def build(self, rs, name, uid, rv, node, ip, host, cid):
        ts = self.ts
        css = [{"name": c, "state": self.running, "lastState": {}, "ready": True, "restartCount": 0, "image": img,
                "imageID": iid, "containerID": "containerd://%s%s" % (cid, c[:1] * 32), "started": True}
               for c, img, iid in self.images]
        spec = self.specs.get(node)
        if spec is None:
            spec = self.specs[node] = dict(self.spec, nodeName=node)
        return {"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": name, "generateName": rs.name + "-", "namespace": rs.ns, "uid": uid,
                             "resourceVersion": rv, "labels": rs.labels, "ownerReferences": rs.owner,
                             "creationTimestamp": ts, "annotations": self.annotations},
                "spec": spec,
                "status": {"phase": "Running", "conditions": self.conds, "hostIP": host, "hostIPs": [{"ip": host}],
                           "podIP": ip, "podIPs": [{"ip": ip}], "startTime": ts, "containerStatuses": css,
                           "qosClass": "Burstable"}}


class RS:
    """What the pods of one ReplicaSet share."""
    __slots__ = ("shape", "seed", "ns", "name", "uid", "labels", "owner", "vals")

    def __init__(self, shape, seed, ns, name, uid, labels):
        self.shape = shape
        self.seed = seed
        self.ns = ns
        self.name = name
        self.uid = uid
        self.labels = labels
        self.owner = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": name, "uid": uid,
                       "controller": True, "blockOwnerDeletion": True}]
        self.vals = {b"NS": ns.encode(), b"RS": name.encode(), b"APP": labels["app"].encode(),
                     b"HASH": labels["pod-template-hash"].encode(), b"TEAM": labels["team"].encode(),
                     b"RSUID": uid.encode()}


def _where(i):
    """-> node name, pod IP, host IP of pod i."""
    node = i // PODS_PER_NODE
    return ("scale-node-%04d" % node, "10.%d.%d.%d" % (100 + node // 256, node % 256, i % PODS_PER_NODE + 2),
            "172.20.%d.%d" % (node // 250, node % 250 + 1))


class PodEntry(store_mod.Entry):
    """A store entry for a generated pod (see above); the store's Entry contract, read-only."""
    __slots__ = ("rs", "i", "name")

    def __init__(self, rs, i, name):
        self.rs = rs
        self.i = i
        self.name = name
        self.rv = 0

    def _vals(self):
        node, ip, host = _where(self.i)
        uid = _uid(self.rs.seed, self.i)
        d = dict(self.rs.vals)
        d[b"NAME"] = self.name.encode()
        d[b"UID"] = uid.encode()
        d[b"RV"] = b"%d" % self.rv
        d[b"NODE"] = node.encode()
        d[b"IP"] = ip.encode()
        d[b"HOST"] = host.encode()
        d[b"CID"] = uid.replace("-", "").encode()
        return d

    @property
    def obj(self):
        rs = self.rs
        node, ip, host = _where(self.i)
        uid = _uid(rs.seed, self.i)
        return rs.shape.build(rs, self.name, uid, str(self.rv), node, ip, host, uid.replace("-", ""))

    @property
    def raw(self):
        return self.rs.shape.raw_fmt % self._vals()

    @property
    def body(self):
        return self.rs.shape.body_fmt % self._vals()

    def _get_mraw(self):
        return self.rs.shape.meta_fmt % self._vals()

    def _get_row(self):
        node, ip, _ = _where(self.i)
        c = list(self.rs.shape.cells)
        c[0], c[5], c[6] = self.name, ip, node
        return c

    def _ignore(self, v):
        pass

    mraw = property(_get_mraw, _ignore)
    row = property(_get_row, _ignore)
    row_conditions = None           # tables.row_bytes: a Running pod has none

    def placement(self):
        """-> (uid, node, cpu, mem) for the simulated scheduler's bookkeeping."""
        sh = self.rs.shape
        node = _where(self.i)[0]
        p = sh.placements.get(node)
        if p is None:
            p = sh.placements[node] = (node, sh.cpu, sh.mem)
        return _uid(self.rs.seed, self.i), p


_POD_RES = None


def _pack(key, k, entry):
    """store.pack: a scale pod that was written is kept as a PackedEntry."""
    global _POD_RES
    if key != "pods" or k[0] not in world_pods.SCALE_NS or isinstance(entry, PackedEntry):
        return None
    if _POD_RES is None:
        import resources
        _POD_RES = resources.lookup("pods")
    return PackedEntry(entry, _POD_RES)


class PackedEntry(store_mod.Entry):
    """A scale pod after a write (churn, the kubelet, a user): its bytes (zlib, 6 KB -> 1.8 KB;
    8 us to unpack), Table cells and metadata bytes, about 3 KB in all, its object parsed on
    use; an ordinary entry keeps the object too (20 KB and more), which over 100k pods under
    churn is gigabytes."""
    __slots__ = ("_z", "_row", "_m", "_cond")

    def __init__(self, entry, res):
        self._z = zlib.compress(entry.body, 1)
        self._row = tables.row_cells(res, entry)
        self._m = tables.meta_bytes(entry)
        self._cond = tables.pod_conditions(entry.obj)
        self.rv = entry.rv

    @property
    def obj(self):
        o = json.loads(self.body)
        return dict({"kind": "Pod", "apiVersion": "v1"}, **o)

    @property
    def body(self):
        return zlib.decompress(self._z)

    @property
    def raw(self):
        return b'{"kind":"Pod","apiVersion":"v1",' + self.body[1:]

    def _get_row(self):
        return self._row

    def _get_mraw(self):
        return self._m

    def _get_cond(self):
        return self._cond

    def _ignore(self, v):
        pass

    row = property(_get_row, _ignore)
    mraw = property(_get_mraw, _ignore)
    row_conditions = property(_get_cond)


# ---- metrics.k8s.io for scale pods ------------------------------------------------------------------

def usage(uid, cname, base_cpu, base_mem, lim_mem, t):
    """A container's cpu (cores) and memory (bytes) at time t: steady per container, a slow wobble."""
    h = int(hashlib.md5((uid + cname).encode()).hexdigest()[:8], 16)
    cpu = max(0.0005, base_cpu * (0.15 + (h % 1000) / 1000.0 * 0.7) * (1.0 + 0.15 * math.sin(t / 37.0 + h % 17)))
    mem = max(4 << 20, base_mem * (0.35 + (h >> 10) % 500 / 1000.0) * (1.0 + 0.03 * math.sin(t / 91.0 + h % 7)))
    if lim_mem:
        mem = min(mem, lim_mem * 0.97)
    return cpu, mem


class MetricsEntry(store_mod.Entry):
    """PodMetrics of a scale pod, read at answer time like metrics-server's (nothing is written
    every scrape): conts is [(container, base cpu, base memory, memory limit)]."""
    __slots__ = ("ns", "name", "uid", "labels", "conts")

    def __init__(self, ns, name, uid, labels, conts):
        self.ns = ns
        self.name = name
        self.uid = uid
        self.labels = labels
        self.conts = conts
        self.rv = 0

    @property
    def obj(self):
        t = time.time()
        t -= t % 15
        ts = U.rfc3339(t)
        conts = []
        for c, cpu, mem, lim in self.conts:
            u, m = usage(self.uid, c, cpu, mem, lim, t)
            conts.append({"name": c, "usage": {"cpu": "%dn" % int(u * 1e9), "memory": "%dKi" % int(m / 1024)}})
        return {"apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics",
                "metadata": {"name": self.name, "namespace": self.ns, "labels": self.labels, "creationTimestamp": ts},
                "timestamp": ts, "window": "15.012s", "containers": conts}

    @property
    def raw(self):
        return json.dumps(self.obj, separators=(",", ":")).encode()

    @property
    def body(self):
        o = self.obj
        del o["kind"], o["apiVersion"]
        return json.dumps(o, separators=(",", ":")).encode()

    def _none(self):
        return None

    def _ignore(self, v):
        pass

    mraw = property(_none, _ignore)
    row = property(_none, _ignore)


def _conts_usage(spec):
    """-> [(container, base cpu, base memory, memory limit)] as usage() takes them."""
    out = []
    for c in (spec or {}).get("containers") or []:
        r = c.get("resources") or {}
        req, lim = r.get("requests") or {}, r.get("limits") or {}
        out.append((c["name"], U.quantity(req.get("cpu")) or U.quantity(lim.get("cpu")) * 0.5 or 0.02,
                    U.quantity(req.get("memory")) or U.quantity(lim.get("memory")) * 0.5 or 48 << 20,
                    U.quantity(lim.get("memory"))))
    return out


def metrics_for(pod):
    """A MetricsEntry for a pod object (a scale pod that a controller created or changed)."""
    m = pod["metadata"]
    return MetricsEntry(m["namespace"], m["name"], m["uid"], dict(m.get("labels") or {}),
                        _conts_usage(pod.get("spec")))


class NodeMetricsEntry(MetricsEntry):
    """NodeMetrics of a scale node, read at answer time: the system's share plus its pods'."""
    __slots__ = ("pods", "mean")

    def __init__(self, name, labels, pods, mean):
        MetricsEntry.__init__(self, "", name, name, labels, ())
        self.pods = pods
        self.mean = mean

    @property
    def obj(self):
        t = time.time()
        t -= t % 15
        ts = U.rfc3339(t)
        h = int(hashlib.md5(self.name.encode()).hexdigest()[:6], 16)
        wob = 1.0 + 0.1 * math.sin(t / 53.0 + h % 11)
        cpu = 0.12 + (h % 100) / 1000.0 + self.pods * self.mean[0] * wob
        mem = (900 + h % 400) * 1024 * 1024 + self.pods * self.mean[1]
        return {"apiVersion": "metrics.k8s.io/v1beta1", "kind": "NodeMetrics",
                "metadata": {"name": self.name, "labels": self.labels, "creationTimestamp": ts},
                "timestamp": ts, "window": "20.05s",
                "usage": {"cpu": "%dn" % int(cpu * 1e9), "memory": "%dKi" % int(mem / 1024)}}
