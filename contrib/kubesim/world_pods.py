"""Pods' side of the world: the scheduler, a kubelet per Ready node (container states,
restarts, image pulls, probes, ephemeral containers, events), metrics for `kubectl top`,
churn, and cron schedules.

How a container behaves comes from what a real one would do, plus a few markers:
  image tag `broken` (or a repository named does-not-exist)    ErrImagePull / ImagePullBackOff
  image tag `crashloop`, or annotation kubesim.kdeck.io/scenario: crashloop   CrashLoopBackOff
  annotation kubesim.kdeck.io/scenario: oomkill                 runs, is OOMKilled, restarts
  annotation kubesim.kdeck.io/scenario: fail                     exits 1 (Jobs: Failed pods)
  pods owned by a Job (or scenario: complete)                    run a few seconds, Completed
  annotation kubesim.kdeck.io/scenario: run                      runs until deleted (a Job's too)
  a secret/configMap/PVC volume that does not exist             ContainerCreating, FailedMount
  an env or envFrom reference to a missing configMap/secret/key CreateContainerConfigError
  `kubesim.kdeck.io/scenario-<container>` sets one container's behaviour.
"""
import bisect
import calendar
import collections
import copy
import hashlib
import math
import random
import time

import errors
import world_util as U

SCEN = "kubesim.kdeck.io/scenario"
SCALE_NS = set()         # namespaces of --pods scale mode (filled by world_scale)
SCALE_NODES = set()      # and its nodes

AUTO_DS_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
]


# ---- scheduling predicates -----------------------------------------------------------------

def tolerates(tols, taint):
    for t in tols or []:
        if t.get("effect") and t.get("effect") != taint.get("effect"):
            continue
        op = t.get("operator", "Equal")
        if not t.get("key") and op == "Exists":
            return True
        if t.get("key") != taint.get("key"):
            continue
        if op == "Exists" or t.get("value", "") == taint.get("value", ""):
            return True
    return False


def node_ready(node):
    for c in (node.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


def _expr_match(e, labels, fields):
    k, op, vals = e.get("key"), e.get("operator"), e.get("values") or []
    v = (fields if fields is not None else labels).get(k)
    if op == "In":
        return v in vals
    if op == "NotIn":
        return v not in vals
    if op == "Exists":
        return k in (fields if fields is not None else labels)
    if op == "DoesNotExist":
        return k not in (fields if fields is not None else labels)
    return True


def affinity_match(spec, node):
    labels = node["metadata"].get("labels") or {}
    for k, v in (spec.get("nodeSelector") or {}).items():
        if labels.get(k) != v:
            return False
    req = ((((spec.get("affinity") or {}).get("nodeAffinity") or {})
            .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms"))
    if not req:
        return True
    fields = {"metadata.name": node["metadata"]["name"]}
    for term in req:
        if all(_expr_match(e, labels, None) for e in term.get("matchExpressions") or []) and \
                all(_expr_match(e, labels, fields) for e in term.get("matchFields") or []):
            return True
    return False


def ds_should_run(ds, node):
    spec = (ds["spec"].get("template") or {}).get("spec") or {}
    tols = (spec.get("tolerations") or []) + AUTO_DS_TOLERATIONS
    for t in (node.get("spec") or {}).get("taints") or []:
        if t.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(tols, t):
            return False
    return affinity_match({"nodeSelector": spec.get("nodeSelector"), "affinity": spec.get("affinity")}, node)


def ds_pin(pod, node_name):
    spec = pod["spec"]
    aff = spec.setdefault("affinity", {})
    aff["nodeAffinity"] = {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}]}}
    tols = spec.get("tolerations") or []
    for t in AUTO_DS_TOLERATIONS:
        if t not in tols:
            tols.append(dict(t))
    spec["tolerations"] = tols


def ds_target_node(pod):
    terms = ((((pod["spec"].get("affinity") or {}).get("nodeAffinity") or {})
              .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms")) or []
    for t in terms:
        for f in t.get("matchFields") or []:
            if f.get("key") == "metadata.name" and f.get("values"):
                return f["values"][0]
    return pod["spec"].get("nodeName")


# ---- cron ------------------------------------------------------------------------------------

class Cron:
    MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
              "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
    NAMES = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
             "oct": 10, "nov": 11, "dec": 12, "sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

    def __init__(self, text):
        text = self.MACROS.get(text.strip(), text.strip())
        if text.startswith("TZ=") or text.startswith("CRON_TZ="):
            text = text.split(None, 1)[1]
        f = text.split()
        if len(f) != 5:
            raise ValueError("bad schedule")
        self.star_dom = f[2] in ("*", "?")
        self.star_dow = f[4] in ("*", "?")
        self.minute = self._field(f[0], 0, 59)
        self.hour = self._field(f[1], 0, 23)
        self.dom = self._field(f[2], 1, 31)
        self.month = self._field(f[3], 1, 12)
        self.dow = {d % 7 for d in self._field(f[4], 0, 7)}

    def _num(self, s):
        s = s.lower()
        return self.NAMES[s] if s in self.NAMES else int(s)

    def _field(self, text, lo, hi):
        out = set()
        for part in text.split(","):
            step = 1
            if "/" in part:
                part, st = part.split("/", 1)
                step = int(st)
            if part in ("*", "?"):
                a, b = lo, hi
            elif "-" in part:
                a, b = (self._num(x) for x in part.split("-", 1))
            else:
                a = self._num(part)
                b = hi if step > 1 else a
            out.update(range(a, b + 1, step))
        if not out:
            raise ValueError("bad field")
        return out

    def _day_ok(self, tm):
        dow = (tm.tm_wday + 1) % 7
        dom_ok = tm.tm_mday in self.dom
        dow_ok = dow in self.dow
        if self.star_dom or self.star_dow:
            return dom_ok and dow_ok
        return dom_ok or dow_ok

    def next_after(self, t):
        t = (int(t) // 60 + 1) * 60
        for _ in range(200000):
            tm = time.gmtime(t)
            if tm.tm_mon not in self.month or not self._day_ok(tm):
                t = calendar.timegm((tm.tm_year, tm.tm_mon, tm.tm_mday, 0, 0, 0)) + 86400
                continue
            if tm.tm_hour not in self.hour:
                t = calendar.timegm((tm.tm_year, tm.tm_mon, tm.tm_mday, tm.tm_hour, 0, 0)) + 3600
                continue
            if tm.tm_min not in self.minute:
                t += 60
                continue
            return t
        return None


# ---- pods -------------------------------------------------------------------------------------

def _cond(status, type_):
    for c in status.get("conditions") or []:
        if c.get("type") == type_:
            return c
    return None


def _set_cond(status, type_, value, ts, reason=None, message=None):
    conds = status.setdefault("conditions", [])
    c = _cond(status, type_)
    if c is None:
        c = {"type": type_}
        conds.append(c)
    if c.get("status") != value:
        c["lastTransitionTime"] = ts
    c["status"] = value
    c["lastProbeTime"] = None
    c.setdefault("lastTransitionTime", ts)
    for k, v in (("reason", reason), ("message", message)):
        if v:
            c[k] = v
        else:
            c.pop(k, None)
    order = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
    conds.sort(key=lambda x: order.index(x["type"]) if x["type"] in order else 99)


class PodWorld:
    RUN_FOR = {"crashloop": 2.0, "oomkill": 45.0, "complete": 4.0, "fail": 3.0}

    def __init__(self, m):
        self.m = m
        self.state = {}                  # pod uid -> {"due": {container: sim time}, ...}
        self.nodes = {}                  # name -> node object
        self.used = collections.defaultdict(lambda: [0.0, 0.0, 0])
        self.placed = {}                 # pod uid -> (node, cpu, mem)
        self.pending = set()             # (ns, name) of unschedulable pods
        self.waiting = set()             # (ns, name) of pods waiting for a volume
        self.ip_next = {}
        self.metrics_seen = set()
        self.rng = random.Random(7)
        self._caps = {}                  # id(node) -> (node, its allocatable cpu, memory, pods)

    # ---- bookkeeping from store changes ---------------------------------------------------------
    def on_node(self, type_, node):
        name = node["metadata"]["name"]
        if type_ == "DELETED":
            self.nodes.pop(name, None)
        else:
            self.nodes[name] = node
        for k in list(self.pending):
            self.m.enqueue(("pod",) + k)
        if type_ != "DELETED" and node_ready(node):
            # a kubelet came back: its pods continue
            pass

    def on_pod(self, type_, pod, old):
        uid = pod["metadata"]["uid"]
        prev = self.placed.pop(uid, None)
        if prev is not None:
            u = self.used[prev[0]]
            u[0] -= prev[1]
            u[1] -= prev[2]
            u[2] -= 1
        if type_ == "DELETED":
            self.state.pop(uid, None)
            k = (pod["metadata"].get("namespace", ""), pod["metadata"]["name"])
            self.pending.discard(k)
            self.waiting.discard(k)
            self._drop_metrics(pod)
            if k[0] in SCALE_NS:
                self._drop_scale_metrics(k)
            return
        if pod["metadata"].get("namespace") in SCALE_NS and (pod.get("status") or {}).get("phase") == "Running":
            # scale pods' metrics are read at answer time (world_scale.MetricsEntry), not scraped
            st = self.m.store
            k = (pod["metadata"]["namespace"], pod["metadata"]["name"])
            if st.entry("pods.metrics.k8s.io", k[0], k[1]) is None:
                import world_scale
                st.bulk_insert_entries("pods.metrics.k8s.io", [(k, world_scale.metrics_for(pod), None)],
                                       compact=False)
        node = (pod.get("spec") or {}).get("nodeName")
        if node and (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
            cpu, mem = U.pod_requests(pod.get("spec"))
            self.placed[uid] = (node, cpu, mem)
            u = self.used[node]
            u[0] += cpu
            u[1] += mem
            u[2] += 1

    def retry_waiting(self, ns):
        for k in list(self.waiting):
            if k[0] == ns:
                self.m.enqueue(("pod",) + k)

    def initial_scan(self):
        st = self.m.store
        with st.lock:
            self.nodes = {}
            for (_, n) in st.order.get("nodes", ()):
                e = st.entry("nodes", "", n)
                if e is not None:
                    self.nodes[n] = e.obj
            self.used.clear()
            self.placed.clear()
            for k in list(st.order.get("pods", ())):
                e = st.objs["pods"].get(k)
                if e is None:
                    continue
                place = getattr(e, "placement", None)
                if place is not None:          # a compact scale pod: Running on its node
                    uid, pl = place()
                    self.placed[uid] = pl
                    u = self.used[pl[0]]
                    u[0] += pl[1]
                    u[1] += pl[2]
                    u[2] += 1
                    continue
                p = e.obj
                self.on_pod("ADDED", p, None)
                if k[0] in SCALE_NS:
                    continue
                if p["metadata"]["uid"] in self.state and not self.state[p["metadata"]["uid"]].get("due"):
                    continue
                self.m.enqueue(("pod",) + k)

    def adopted(self, end):
        for ks in self.state.values():
            ks["due"] = {c: t - end for c, t in ks.get("due", {}).items()}

    # ---- scheduler -----------------------------------------------------------------------------------
    def _node_capacity(self, node):
        # parsed once per node object (a scheduling pass over a thousand nodes parsed them all)
        c = self._caps.get(id(node))
        if c is not None and c[0] is node:
            return c[1]
        alloc = (node.get("status") or {}).get("allocatable") or {}
        cap = U.quantity(alloc.get("cpu", "4")), U.quantity(alloc.get("memory", "16Gi")), int(U.quantity(alloc.get("pods", "110")))
        if len(self._caps) > 4 * len(self.nodes) + 100:
            self._caps.clear()
        self._caps[id(node)] = (node, cap)
        return cap

    def schedule(self, pod):
        spec = pod["spec"]
        if spec.get("schedulerName", "default-scheduler") != "default-scheduler":
            return
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        cpu, mem = U.pod_requests(spec)
        reasons = collections.Counter()
        preempt = collections.Counter()
        best = None
        anti = self._anti_terms(pod)
        for nn in sorted(self.nodes):
            node = self.nodes[nn]
            nspec = node.get("spec") or {}
            taints = list(nspec.get("taints") or [])
            bad_taint = next((t for t in taints if t.get("effect") in ("NoSchedule", "NoExecute") and
                              not tolerates(spec.get("tolerations"), t)), None)
            if nspec.get("unschedulable") and not tolerates(spec.get("tolerations"), {
                    "key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}):
                reasons["node(s) were unschedulable"] += 1
                preempt["Preemption is not helpful for scheduling"] += 1
                continue
            if bad_taint is not None:
                reasons["node(s) had untolerated taint {%s: %s}" % (bad_taint.get("key"), bad_taint.get("value", ""))] += 1
                preempt["Preemption is not helpful for scheduling"] += 1
                continue
            if not affinity_match(spec, node):
                reasons["node(s) didn't match Pod's node affinity/selector"] += 1
                preempt["Preemption is not helpful for scheduling"] += 1
                continue
            if anti and self._anti_conflict(pod, anti, nn):
                reasons["node(s) didn't match pod anti-affinity rules"] += 1
                preempt["Preemption is not helpful for scheduling"] += 1
                continue
            ccpu, cmem, cpods = self._node_capacity(node)
            u = self.used[nn]
            short = False
            if u[2] + 1 > cpods:
                reasons["Too many pods"] += 1
                short = True
            if cpu and u[0] + cpu > ccpu + 1e-9:
                reasons["Insufficient cpu"] += 1
                short = True
            if mem and u[1] + mem > cmem:
                reasons["Insufficient memory"] += 1
                short = True
            if short:
                preempt["No preemption victims found for incoming pod"] += 1
                continue
            score = (u[0] / ccpu if ccpu else 0) + (u[1] / cmem if cmem else 0) + u[2] * 0.01
            if best is None or score < best[0]:
                best = (score, nn)
        ts = self.m.clock.ts()
        if best is None:
            total = len(self.nodes)
            parts = sorted("%d %s" % (n, r) for r, n in reasons.items())
            pparts = sorted("%d %s" % (n, r) for r, n in preempt.items())
            msg = "0/%d nodes are available: %s." % (total, ", ".join(parts)) if parts else \
                "0/%d nodes are available." % total
            if pparts:
                msg += " preemption: 0/%d nodes are available: %s." % (total, ", ".join(pparts))
            status = copy.deepcopy(pod.get("status") or {})
            status["phase"] = "Pending"
            _set_cond(status, "PodScheduled", "False", ts, "Unschedulable", msg)
            self._write_status(pod, status)
            self.m.rec.event(pod, "FailedScheduling", msg, "Warning", "default-scheduler")
            self.pending.add((ns, name))
            self.m.after(60.0, ("pod", ns, name))
            return
        self.pending.discard((ns, name))
        p2 = copy.deepcopy(pod)
        p2["spec"]["nodeName"] = best[1]
        p2 = self.m.store.update("pods", p2)
        status = copy.deepcopy(p2.get("status") or {})
        status["phase"] = "Pending"
        _set_cond(status, "PodScheduled", "True", ts)
        self._write_status(p2, status)
        self.m.rec.event(pod, "Scheduled", "Successfully assigned %s/%s to %s" % (ns, name, best[1]),
                         "Normal", "default-scheduler")
        self.m.after(0.3, ("pod", ns, name))

    def _anti_terms(self, pod):
        aff = ((pod["spec"].get("affinity") or {}).get("podAntiAffinity") or {})
        return [t for t in aff.get("requiredDuringSchedulingIgnoredDuringExecution") or []
                if t.get("topologyKey") == "kubernetes.io/hostname"]

    def _anti_conflict(self, pod, terms, nn):
        import controllers
        ns = pod["metadata"]["namespace"]
        for p in self.m._ns_pods(ns):
            if p["spec"].get("nodeName") != nn or p["metadata"]["uid"] == pod["metadata"]["uid"]:
                continue
            if p["metadata"].get("deletionTimestamp") or (p.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
                continue
            for t in terms:
                if controllers.match_selector(t.get("labelSelector"), p["metadata"].get("labels")):
                    return True
        return False

    # ---- kubelet -----------------------------------------------------------------------------------------
    def _write_status(self, pod, status):
        if status == (pod.get("status") or {}):
            return pod
        p2 = copy.deepcopy(pod)
        p2["status"] = status
        return self.m.store.update("pods", p2, subresource="status")

    def behavior(self, pod, c, kind="containers"):
        ann = pod["metadata"].get("annotations") or {}
        image = c.get("image") or ""
        tag = U.image_tag(image)
        if tag == "broken" or "does-not-exist" in image:
            return "pullfail"
        b = ann.get(SCEN + "-" + c.get("name", "")) or ann.get(SCEN)
        if b in ("crashloop", "oomkill", "complete", "fail", "run", "pullfail"):
            return b
        if tag == "crashloop":
            return "crashloop"
        if kind == "ephemeralContainers":
            return "run"
        import controllers
        ref = controllers.controller_ref(pod)
        if ref and ref.get("kind") == "Job":
            return "complete"
        return "run"

    def _missing_volume(self, pod):
        st = self.m.store
        ns = pod["metadata"]["namespace"]
        for v in pod["spec"].get("volumes") or []:
            if "secret" in v and not v["secret"].get("optional"):
                if st.entry("secrets", ns, v["secret"].get("secretName", "")) is None:
                    return v["name"], 'secret "%s" not found' % v["secret"].get("secretName", "")
            if "configMap" in v and not v["configMap"].get("optional"):
                if st.entry("configmaps", ns, v["configMap"].get("name", "")) is None:
                    return v["name"], 'configmap "%s" not found' % v["configMap"].get("name", "")
        return None

    def _missing_env(self, pod, c):
        """Why the kubelet cannot build a container's environment (a configMap, secret or key
        it names is missing and not optional), as the kubelet words it; None when it can."""
        st = self.m.store
        ns = pod["metadata"]["namespace"]
        for f in c.get("envFrom") or []:
            for key, kind in (("configMapRef", "configmap"), ("secretRef", "secret")):
                ref = f.get(key)
                if ref and not ref.get("optional") and st.get(kind + "s", ns, ref.get("name", "")) is None:
                    return '%s "%s" not found' % (kind, ref.get("name", ""))
        for e in c.get("env") or []:
            vf = e.get("valueFrom") or {}
            for key, kind, title in (("configMapKeyRef", "configmap", "ConfigMap"), ("secretKeyRef", "secret", "Secret")):
                ref = vf.get(key)
                if not ref or ref.get("optional"):
                    continue
                o = st.get(kind + "s", ns, ref.get("name", ""))
                if o is None:
                    return '%s "%s" not found' % (kind, ref.get("name", ""))
                if ref.get("key", "") not in (o.get("data") or {}) and ref.get("key", "") not in (o.get("binaryData") or {}):
                    return "couldn't find key %s in %s %s/%s" % (ref.get("key", ""), title, ns, ref.get("name", ""))
        return None

    def _pod_ip(self, node):
        cidr = ((node.get("spec") or {}).get("podCIDR") or "10.244.0.0/24").split("/")[0].split(".")
        n = self.ip_next.get(node["metadata"]["name"], 1) + 1
        self.ip_next[node["metadata"]["name"]] = n
        return "%s.%s.%d.%d" % (cidr[0], cidr[1], (int(cidr[2]) + n // 250) % 256, n % 250 + 2)

    def _fmt_pod(self, pod):
        m = pod["metadata"]
        return "%s_%s(%s)" % (m["name"], m["namespace"], m["uid"])

    def _cs(self, c, pod, state, ready=False, restarts=0, last=None, started=None, cid_seed=None):
        image = c.get("image", "")
        s = {"name": c["name"], "state": state, "lastState": last or {}, "ready": ready, "restartCount": restarts,
             "image": U.full_image(image), "imageID": "", "started": bool(started)}
        if cid_seed is not None:
            s["containerID"] = U.container_id(cid_seed)
            s["imageID"] = U.image_id(image)
        if "resources" in c and c["resources"]:
            pass
        return s

    def sync(self, ns, name):
        st = self.m.store
        pod = st.get("pods", ns, name)
        if pod is None:
            return
        meta = pod["metadata"]
        if meta.get("deletionTimestamp"):
            return
        spec = pod["spec"]
        if not spec.get("nodeName"):
            return self.schedule(pod)
        node = self.nodes.get(spec["nodeName"])
        if node is None or not node_ready(node):
            return
        status = copy.deepcopy(pod.get("status") or {})
        if status.get("phase") in ("Succeeded", "Failed"):
            return
        uid = meta["uid"]
        clock = self.m.clock
        now = clock.sim()
        ts = clock.ts()
        ks = self.state.setdefault(uid, {"due": {}, "pulls": {}})
        due = ks["due"]
        events = []
        host = spec["nodeName"]

        def ev(reason, msg, cname, type_="Normal", kind="containers"):
            fp = "spec.%s{%s}" % (kind, cname) if cname else None
            events.append((reason, msg, type_, fp))

        if not status.get("containerStatuses"):
            # the sandbox: Pending, ContainerCreating
            status["phase"] = "Pending"
            status["hostIP"] = self._node_ip(node)
            status["hostIPs"] = [{"ip": status["hostIP"]}]
            status.setdefault("startTime", ts)
            _set_cond(status, "PodScheduled", "True", ts)
            _set_cond(status, "PodReadyToStartContainers", "False", ts)
            _set_cond(status, "Initialized", "True", ts)
            names = [c["name"] for c in spec.get("containers") or []]
            _set_cond(status, "ContainersReady", "False", ts, "ContainersNotReady",
                      "containers with unready status: [%s]" % " ".join(names))
            _set_cond(status, "Ready", "False", ts, "ContainersNotReady",
                      "containers with unready status: [%s]" % " ".join(names))
            status["containerStatuses"] = [self._cs(c, pod, {"waiting": {"reason": "ContainerCreating"}})
                                           for c in spec.get("containers") or []]
            if spec.get("initContainers"):
                status["initContainerStatuses"] = [self._cs(c, pod, {"waiting": {"reason": "PodInitializing"}})
                                                   for c in spec["initContainers"]]
            for c in spec.get("containers") or []:
                due[c["name"]] = now + 1.2 + self.rng.random() * 0.6
            self._write_status(pod, status)
            self.m.after(1.2, ("pod", ns, name))
            return
        missing = self._missing_volume(pod)
        if missing and all((s.get("state") or {}).get("waiting", {}).get("reason") == "ContainerCreating"
                           for s in status["containerStatuses"]):
            self.waiting.add((ns, name))
            self.m.rec.event(pod, "FailedMount", "MountVolume.SetUp failed for volume \"%s\" : %s" % missing,
                             "Warning", "kubelet", host)
            self.m.after(120.0, ("pod", ns, name))
            return
        self.waiting.discard((ns, name))
        if not status.get("podIP"):
            ip = self._pod_ip(node) if not spec.get("hostNetwork") else status.get("hostIP")
            status["podIP"] = ip
            status["podIPs"] = [{"ip": ip}]
            _set_cond(status, "PodReadyToStartContainers", "True", ts)
        for s in status.get("initContainerStatuses") or []:
            if "terminated" not in (s.get("state") or {}):
                s["state"] = {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": ts, "finishedAt": ts,
                                             "containerID": U.container_id(uid + s["name"])}}
                s["containerID"] = U.container_id(uid + s["name"])
                s["imageID"] = U.image_id(s.get("image", ""))
                s["started"] = False
                s["ready"] = True
        restart_policy = spec.get("restartPolicy", "Always")
        by_name = {s["name"]: s for s in status["containerStatuses"]}
        next_due = []
        for c in spec.get("containers") or []:
            cname = c["name"]
            s = by_name.get(cname)
            if s is None:
                s = self._cs(c, pod, {"waiting": {"reason": "ContainerCreating"}})
                status["containerStatuses"].append(s)
            b = self.behavior(pod, c)
            d = due.get(cname)
            state = s.get("state") or {}
            if d is None:
                d = self._first_due(pod, c, s, b, now)
                if d is not None:
                    due[cname] = d
            if d is not None and d > now:
                next_due.append(d)
                continue
            due.pop(cname, None)
            nd = self._step(pod, c, s, b, now, ts, ev, restart_policy, ks)
            if nd is not None:
                due[cname] = now + nd
                next_due.append(now + nd)
        self._ephemeral(pod, status, ts, ev)
        self._phase(pod, status, ts, restart_policy)
        self._write_status(pod, status)
        for reason, msg, type_, fp in events:
            self.m.rec.event(pod, reason, msg, type_, "kubelet", host, fp)
        if next_due:
            self.m.after(max(0.05, min(next_due) - now), ("pod", ns, name))

    def _node_ip(self, node):
        for a in (node.get("status") or {}).get("addresses") or []:
            if a.get("type") == "InternalIP":
                return a["address"]
        return "172.18.0.2"

    def _first_due(self, pod, c, s, b, now):
        """When a container first seen in this state next changes (None: it does not)."""
        state = s.get("state") or {}
        if "waiting" in state:
            reason = state["waiting"].get("reason")
            if reason == "ContainerCreating":
                return now
            if reason == "CrashLoopBackOff":
                return now + self.rng.random() * self._backoff(s.get("restartCount") or 0)
            if reason in ("ImagePullBackOff", "ErrImagePull"):
                return now + 5 + self.rng.random() * 20
            return now + 1
        if "running" in state:
            if not s.get("ready"):
                return now + self._ready_delay(c)
            if b in self.RUN_FOR:
                ran = self.m.clock.age(state["running"].get("startedAt"))
                return now + max(0.5, self.RUN_FOR[b] - ran)
            return None
        if "terminated" in state:
            return now + 1
        return None

    @staticmethod
    def _backoff(restarts):
        if restarts <= 0:
            return 0.0
        return float(min(10 * 2 ** (restarts - 1), 300))

    @staticmethod
    def _ready_delay(c):
        rp = c.get("readinessProbe")
        if not rp:
            return 0.0
        return float(rp.get("initialDelaySeconds") or 0) + float(rp.get("periodSeconds") or 10) * 0.2 + 0.5

    def _start(self, pod, c, s, ts, ev, restarted):
        image = c.get("image", "")
        cname = c["name"]
        if restarted:
            ev("Pulled", 'Container image "%s" already present on machine' % image, cname)
        elif c.get("imagePullPolicy") == "Always" or U.image_tag(image) == "latest":
            ev("Pulling", 'Pulling image "%s"' % image, cname)
            secs = 0.8 + (int(hashlib.md5(image.encode()).hexdigest()[:4], 16) % 4000) / 1000.0
            size = 10000000 + int(hashlib.md5(image.encode()).hexdigest()[4:10], 16) % 90000000
            ev("Pulled", 'Successfully pulled image "%s" in %.3fs (%.3fs including waiting). Image size: %d bytes.'
               % (image, secs, secs, size), cname)
        else:
            ev("Pulled", 'Container image "%s" already present on machine' % image, cname)
        ev("Created", "Created container: %s" % cname, cname)
        ev("Started", "Started container %s" % cname, cname)
        n = s.get("restartCount") or 0
        s["state"] = {"running": {"startedAt": ts}}
        s["started"] = True
        s["containerID"] = U.container_id("%s/%s/%d" % (pod["metadata"]["uid"], cname, n))
        s["imageID"] = U.image_id(image)
        s["ready"] = not c.get("readinessProbe")

    def _step(self, pod, c, s, b, now, ts, ev, restart_policy, ks):
        """Advance one container by one transition; the delay to its next one or None."""
        state = s.get("state") or {}
        image = c.get("image", "")
        cname = c["name"]
        if "waiting" in state:
            reason = state["waiting"].get("reason")
            if reason in ("ContainerCreating", "ImagePullBackOff") and b == "pullfail":
                full = U.full_image(image)
                ev("Pulling", 'Pulling image "%s"' % image, cname)
                msg = ('rpc error: code = NotFound desc = failed to pull and unpack image "%s": failed to resolve '
                       'reference "%s": %s: not found' % (full, full, full))
                ev("Failed", 'Failed to pull image "%s": %s' % (image, msg), cname, "Warning")
                ev("Failed", "Error: ErrImagePull", cname, "Warning")
                s["state"] = {"waiting": {"reason": "ErrImagePull", "message": msg}}
                s["ready"] = False
                return 2.0
            if reason == "ErrImagePull":
                ev("BackOff", 'Back-off pulling image "%s"' % image, cname)
                ev("Failed", "Error: ImagePullBackOff", cname, "Warning")
                s["state"] = {"waiting": {"reason": "ImagePullBackOff", "message": 'Back-off pulling image "%s"' % image}}
                n = ks["pulls"].get(cname, 0) + 1
                ks["pulls"][cname] = n
                return float(min(10 * 2 ** (n - 1), 300))
            why = self._missing_env(pod, c)
            if why:
                ev("Failed", "Error: %s" % why, cname, "Warning")
                s["state"] = {"waiting": {"reason": "CreateContainerConfigError", "message": why}}
                s["ready"] = False
                return 10.0
            if reason == "CrashLoopBackOff":
                s["restartCount"] = (s.get("restartCount") or 0) + 1
                self._start(pod, c, s, ts, ev, True)
            else:
                self._start(pod, c, s, ts, ev, s.get("restartCount", 0) > 0)
            if not s["ready"]:
                return self._ready_delay(c)
            return self.RUN_FOR.get(b)
        if "running" in state:
            if not s.get("ready") and b not in ("crashloop",):
                s["ready"] = True
                if b in self.RUN_FOR:
                    return max(0.5, self.RUN_FOR[b] - self.m.clock.age(state["running"].get("startedAt")))
                return None
            if b in self.RUN_FOR:
                code, reason = {"crashloop": (1, "Error"), "oomkill": (137, "OOMKilled"), "complete": (0, "Completed"),
                                "fail": (1, "Error")}[b]
                term = {"exitCode": code, "reason": reason, "startedAt": state["running"].get("startedAt"),
                        "finishedAt": ts, "containerID": s.get("containerID")}
                s["ready"] = False
                s["started"] = False
                if restart_policy == "Never" or (restart_policy == "OnFailure" and code == 0):
                    s["state"] = {"terminated": term}
                    return None
                s["lastState"] = {"terminated": term}
                delay = self._backoff(s.get("restartCount") or 0)
                if delay <= 0:
                    s["state"] = {"terminated": term}
                    return 1.0
                s["state"] = {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off %ds restarting failed "
                                          "container=%s pod=%s" % (delay, cname, self._fmt_pod(pod))}}
                ev("BackOff", "Back-off restarting failed container %s in pod %s" % (cname, self._fmt_pod(pod)),
                   cname, "Warning")
                return delay
            return None
        if "terminated" in state:
            if restart_policy == "Never" or (restart_policy == "OnFailure" and state["terminated"].get("exitCode") == 0):
                return None
            s["lastState"] = {"terminated": state["terminated"]}
            s["restartCount"] = (s.get("restartCount") or 0) + 1
            self._start(pod, c, s, ts, ev, True)
            return self.RUN_FOR.get(b) if s["ready"] else self._ready_delay(c)
        return None

    def _ephemeral(self, pod, status, ts, ev):
        eph = pod["spec"].get("ephemeralContainers") or []
        if not eph:
            return
        have = {s["name"]: s for s in status.get("ephemeralContainerStatuses") or []}
        out = []
        for c in eph:
            s = have.get(c["name"])
            if s is None:
                s = self._cs(c, pod, {"waiting": {"reason": "ContainerCreating"}})
                image = c.get("image", "")
                ev("Pulling", 'Pulling image "%s"' % image, c["name"], kind="ephemeralContainers")
                ev("Pulled", 'Successfully pulled image "%s" in 1.012s (1.012s including waiting). Image size: '
                   '2160406 bytes.' % image, c["name"], kind="ephemeralContainers")
                ev("Created", "Created container: %s" % c["name"], c["name"], kind="ephemeralContainers")
                ev("Started", "Started container %s" % c["name"], c["name"], kind="ephemeralContainers")
                s["state"] = {"running": {"startedAt": ts}}
                s["containerID"] = U.container_id(pod["metadata"]["uid"] + "/eph/" + c["name"])
                s["imageID"] = U.image_id(image)
                s.pop("started", None)
                s["ready"] = False
            out.append(s)
        status["ephemeralContainerStatuses"] = out

    def _phase(self, pod, status, ts, restart_policy):
        css = status.get("containerStatuses") or []
        states = [s.get("state") or {} for s in css]
        names_unready = [s["name"] for s in css if not s.get("ready")]
        if css and all("terminated" in st for st in states) and restart_policy != "Always":
            ok = all(st["terminated"].get("exitCode") == 0 for st in states)
            status["phase"] = "Succeeded" if ok else "Failed"
            _set_cond(status, "ContainersReady", "False", ts, "PodCompleted")
            _set_cond(status, "Ready", "False", ts, "PodCompleted")
            _set_cond(status, "PodReadyToStartContainers", "False", ts)
            return
        started = any("running" in st or "terminated" in st or (s.get("restartCount") or 0) > 0 or s.get("lastState")
                      for s, st in zip(css, states))
        status["phase"] = "Running" if started else "Pending"
        if names_unready:
            msg = "containers with unready status: [%s]" % " ".join(names_unready)
            _set_cond(status, "ContainersReady", "False", ts, "ContainersNotReady", msg)
            _set_cond(status, "Ready", "False", ts, "ContainersNotReady", msg)
        else:
            _set_cond(status, "ContainersReady", "True", ts)
            _set_cond(status, "Ready", "True", ts)

    # ---- metrics -----------------------------------------------------------------------------------------
    def _usage(self, pod, c, t):
        h = int(hashlib.md5((pod["metadata"]["uid"] + c["name"]).encode()).hexdigest()[:8], 16)
        r = (c.get("resources") or {})
        req = r.get("requests") or {}
        lim = r.get("limits") or {}
        base_cpu = U.quantity(req.get("cpu")) or U.quantity(lim.get("cpu")) * 0.5 or 0.02
        base_mem = U.quantity(req.get("memory")) or U.quantity(lim.get("memory")) * 0.5 or 48 * 1024 * 1024
        f = 0.15 + (h % 1000) / 1000.0 * 0.7
        wob = 1.0 + 0.15 * math.sin(t / 37.0 + h % 17)
        cpu = max(0.0005, base_cpu * f * wob)
        mem = max(4 * 1024 * 1024, base_mem * (0.35 + (h >> 10) % 500 / 1000.0) * (1.0 + 0.03 * math.sin(t / 91.0 + h % 7)))
        lm = U.quantity(lim.get("memory"))
        if lm:
            mem = min(mem, lm * 0.97)
        return cpu, mem

    def update_metrics(self):
        st = self.m.store
        t = time.time()
        ts = U.rfc3339(t)
        node_use = collections.defaultdict(lambda: [0.0, 0.0])
        with st.lock:
            keys = [k for k in st.order.get("pods", ()) if k[0] not in SCALE_NS]
            pods = [st.objs["pods"][k].obj for k in keys if k in st.objs["pods"]]
        seen = set()
        for p in pods:
            status = p.get("status") or {}
            if status.get("phase") != "Running":
                continue
            running = {s["name"] for s in status.get("containerStatuses") or [] if "running" in (s.get("state") or {})}
            if not running:
                continue
            conts = []
            for c in p["spec"].get("containers") or []:
                if c["name"] not in running:
                    continue
                cpu, mem = self._usage(p, c, t)
                node_use[p["spec"].get("nodeName")][0] += cpu
                node_use[p["spec"].get("nodeName")][1] += mem
                conts.append({"name": c["name"], "usage": {"cpu": "%dn" % int(cpu * 1e9), "memory": "%dKi" % int(mem / 1024)}})
            ns, name = p["metadata"]["namespace"], p["metadata"]["name"]
            seen.add((ns, name))
            obj = {"apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics",
                   "metadata": {"name": name, "namespace": ns, "labels": dict(p["metadata"].get("labels") or {}),
                                "creationTimestamp": ts},
                   "timestamp": ts, "window": "15.012s", "containers": conts}
            self._put_metrics("pods.metrics.k8s.io", ns, name, obj)
        for k in list(self.metrics_seen - seen):
            try:
                st.delete("pods.metrics.k8s.io", k[0], k[1])
            except errors.ApiError:
                pass
        self.metrics_seen = seen
        for nn, node in list(self.nodes.items()):
            if nn in SCALE_NODES:
                continue            # read at answer time (world_scale.NodeMetricsEntry)
            if not node_ready(node):
                try:
                    st.delete("nodes.metrics.k8s.io", "", nn)
                except errors.ApiError:
                    pass
                continue
            cpu, mem = node_use.get(nn, [0.0, 0.0])
            h = int(hashlib.md5(nn.encode()).hexdigest()[:6], 16)
            cpu += 0.12 + (h % 100) / 1000.0
            mem += (900 + h % 400) * 1024 * 1024
            obj = {"apiVersion": "metrics.k8s.io/v1beta1", "kind": "NodeMetrics",
                   "metadata": {"name": nn, "labels": dict(node["metadata"].get("labels") or {}), "creationTimestamp": ts},
                   "timestamp": ts, "window": "20.05s",
                   "usage": {"cpu": "%dn" % int(cpu * 1e9), "memory": "%dKi" % int(mem / 1024)}}
            self._put_metrics("nodes.metrics.k8s.io", "", nn, obj)

    def _put_metrics(self, key, ns, name, obj):
        st = self.m.store
        with st.lock:
            cur = st.get(key, ns, name)
            try:
                if cur is None:
                    st.create(key, obj)
                else:
                    obj["metadata"]["resourceVersion"] = cur["metadata"]["resourceVersion"]
                    st.update(key, obj)
            except errors.ApiError:
                pass

    def _drop_scale_metrics(self, k):
        """A scale pod's PodMetrics goes with it (no event: metrics.k8s.io has no watch)."""
        st = self.m.store
        with st.lock:
            if st.objs["pods.metrics.k8s.io"].pop(k, None) is not None:
                order = st.order["pods.metrics.k8s.io"]
                i = bisect.bisect_left(order, k)
                if i < len(order) and order[i] == k:
                    del order[i]

    def _drop_metrics(self, pod):
        k = (pod["metadata"].get("namespace", ""), pod["metadata"]["name"])
        if k in self.metrics_seen:
            self.metrics_seen.discard(k)
            try:
                self.m.store.delete("pods.metrics.k8s.io", k[0], k[1])
            except errors.ApiError:
                pass

    # ---- churn ----------------------------------------------------------------------------------------------
    def churn(self, n):
        st = self.m.store
        with st.lock:
            order = st.order.get("pods", [])
            if not order:
                return
            pool = [k for k in (order[self.rng.randrange(len(order))] for _ in range(n * 3))
                    if not SCALE_NS or k[0] in SCALE_NS][:n]
            for k in pool:
                e = st.objs["pods"].get(k)
                if e is None:
                    continue
                pod = e.copy()
                if pod["metadata"].get("deletionTimestamp"):
                    continue
                r = self.rng.random()
                try:
                    if r < 0.5:
                        self._churn_flip(pod)
                    elif r < 0.75:
                        self._churn_restart(pod)
                    else:
                        st.delete("pods", k[0], k[1], grace_seconds=0 if r < 0.85 else None)
                except errors.ApiError:
                    pass

    def _churn_flip(self, pod):
        status = pod.get("status") or {}
        css = status.get("containerStatuses") or []
        if status.get("phase") != "Running" or not css:
            return
        ts = self.m.clock.ts()
        c = self.rng.choice(css)
        c["ready"] = not c.get("ready")
        self._phase(pod, status, ts, pod["spec"].get("restartPolicy", "Always"))
        pod["status"] = status
        self.m.store.update("pods", pod, subresource="status")

    def _churn_restart(self, pod):
        status = pod.get("status") or {}
        css = status.get("containerStatuses") or []
        if status.get("phase") != "Running" or not css:
            return
        ts = self.m.clock.ts()
        c = self.rng.choice(css)
        prev = (c.get("state") or {}).get("running") or {}
        oom = self.rng.random() < 0.3
        c["lastState"] = {"terminated": {"exitCode": 137 if oom else 1, "reason": "OOMKilled" if oom else "Error",
                                         "startedAt": prev.get("startedAt", ts), "finishedAt": ts,
                                         "containerID": c.get("containerID")}}
        c["restartCount"] = (c.get("restartCount") or 0) + 1
        c["containerID"] = U.container_id("%s/%s/%d" % (pod["metadata"]["uid"], c["name"], c["restartCount"]))
        c["state"] = {"running": {"startedAt": ts}}
        pod["status"] = status
        self.m.store.update("pods", pod, subresource="status")
