"""Server-side Tables (meta.k8s.io/v1 Table) with kubectl's printer columns.

Columns follow pkg/printers/internalversion/printers.go; kinds without a printer get
Name and Created At; custom resources use their CRD's additionalPrinterColumns.
Row cells are cached on the store entry; Age-like cells are resolved at answer time.
"""
import calendar
import json
import time

_NAME_DESC = ("Name must be unique within a namespace. Is required when creating resources, although some "
              "resources may allow a client to request the generation of an appropriate name automatically. "
              "Name is primarily intended for creation idempotence and configuration definition. Cannot be "
              "updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")
_AGE_DESC = ("CreationTimestamp is a timestamp representing the server time when this object was created. It "
             "is not guaranteed to be set in happens-before order across separate operations. Clients may not "
             "set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. "
             "Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-"
             "architecture/api-conventions.md#metadata")


def parse_time(ts):
    if not ts:
        return None
    try:
        return calendar.timegm(time.strptime(ts[:19], "%Y-%m-%dT%H:%M:%S"))
    except (ValueError, TypeError):
        return None


def human_duration(secs):
    """k8s.io/apimachinery/pkg/util/duration.HumanDuration."""
    s = int(secs)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return "%ds" % s
    m = s // 60
    if m < 10:
        return "%dm" % m if s % 60 == 0 else "%dm%ds" % (m, s % 60)
    if m < 180:
        return "%dm" % m
    h = s // 3600
    if h < 8:
        return "%dh" % h if m % 60 == 0 else "%dh%dm" % (h, m % 60)
    if h < 48:
        return "%dh" % h
    if h < 24 * 8:
        return "%dd" % (h // 24) if h % 24 == 0 else "%dd%dh" % (h // 24, h % 24)
    if h < 24 * 365 * 2:
        return "%dd" % (h // 24)
    if h < 24 * 365 * 8:
        dy = (h // 24) % 365
        return "%dy" % (h // 24 // 365) if dy == 0 else "%dy%dd" % (h // 24 // 365, dy)
    return "%dy" % (h // 24 // 365)


class Since:
    """A cell that reads 'how long ago' at answer time; fmt wraps it ('3 (5m ago)')."""
    __slots__ = ("t", "fmt", "default")

    def __init__(self, ts, fmt="%s", default="<unknown>"):
        self.t = parse_time(ts) if isinstance(ts, str) else ts
        self.fmt = fmt
        self.default = default

    def render(self, now):
        if self.t is None:
            return self.default
        return self.fmt % human_duration(now - self.t)


def age(obj):
    return Since((obj.get("metadata") or {}).get("creationTimestamp"))


def col(name, type_="string", desc="", priority=0, fmt=""):
    return {"name": name, "type": type_, "format": fmt, "description": desc, "priority": priority}


NAME = col("Name", "string", _NAME_DESC, 0, "name")
AGE = col("Age", "string", _AGE_DESC)


def _g(obj, *path, default=None):
    cur = obj
    for p in path:
        if isinstance(cur, dict):
            cur = cur.get(p)
        elif isinstance(cur, list) and isinstance(p, int) and -len(cur) <= p < len(cur):
            cur = cur[p]
        else:
            return default
        if cur is None:
            return default
    return cur


def _none(v):
    return v if v not in (None, "", []) else "<none>"


def _selector(sel):
    if not sel:
        return "<none>"
    parts = ["%s=%s" % (k, v) for k, v in sorted((sel.get("matchLabels") or {}).items())]
    for e in sel.get("matchExpressions") or []:
        op = e.get("operator")
        vals = ",".join(sorted(e.get("values") or []))
        if op == "In":
            parts.append("%s in (%s)" % (e.get("key"), vals))
        elif op == "NotIn":
            parts.append("%s notin (%s)" % (e.get("key"), vals))
        elif op == "Exists":
            parts.append(e.get("key"))
        elif op == "DoesNotExist":
            parts.append("!" + e.get("key"))
    return ",".join(parts) if parts else "<none>"


def _map_selector(sel):
    if not sel:
        return "<none>"
    return ",".join("%s=%s" % (k, v) for k, v in sorted(sel.items()))


def _containers_images(spec):
    cs = _g(spec, "containers", default=[])
    return ",".join(c.get("name", "") for c in cs), ",".join(c.get("image", "") for c in cs)


# ---- pods ------------------------------------------------------------------------------------
def _restartable(c):
    return bool(c) and c.get("restartPolicy") == "Always"


def _cond_true(st, type_):
    return any(c.get("type") == type_ and c.get("status") == "True" for c in st.get("conditions") or [])


def pod_cells(pod):
    spec = pod.get("spec") or {}
    st = pod.get("status") or {}
    meta = pod.get("metadata") or {}
    restarts = 0
    ri_restarts = 0
    total = len(spec.get("containers") or [])
    ready = 0
    last_restart = 0
    last_ri_restart = 0
    phase = st.get("phase") or ""
    reason = st.get("reason") or phase
    for c in st.get("conditions") or []:
        if c.get("type") == "PodScheduled" and c.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"
    inits = {c.get("name"): c for c in spec.get("initContainers") or []}
    for c in inits.values():
        if _restartable(c):
            total += 1
    initializing = False
    n_init = len(spec.get("initContainers") or [])
    for i, cs in enumerate(st.get("initContainerStatuses") or []):
        restarts += cs.get("restartCount", 0)
        lt = _g(cs, "lastState", "terminated", "finishedAt")
        t = parse_time(lt) or 0
        last_restart = max(last_restart, t)
        restartable = _restartable(inits.get(cs.get("name")))
        if restartable:
            ri_restarts += cs.get("restartCount", 0)
            last_ri_restart = max(last_ri_restart, t)
        state = cs.get("state") or {}
        term = state.get("terminated")
        wait = state.get("waiting")
        if term is not None and term.get("exitCode", 0) == 0:
            continue
        if restartable and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if term is not None:
            if not term.get("reason"):
                if term.get("signal"):
                    reason = "Init:Signal:%d" % term["signal"]
                else:
                    reason = "Init:ExitCode:%d" % term.get("exitCode", 0)
            else:
                reason = "Init:" + term["reason"]
        elif wait is not None and wait.get("reason") and wait.get("reason") != "PodInitializing":
            reason = "Init:" + wait["reason"]
        else:
            reason = "Init:%d/%d" % (i, n_init)
        initializing = True
        break
    if not initializing or _cond_true(st, "Initialized"):
        restarts = ri_restarts
        last_restart = last_ri_restart
        has_running = False
        for cs in reversed(st.get("containerStatuses") or []):
            restarts += cs.get("restartCount", 0)
            t = parse_time(_g(cs, "lastState", "terminated", "finishedAt")) or 0
            last_restart = max(last_restart, t)
            state = cs.get("state") or {}
            wait = state.get("waiting")
            term = state.get("terminated")
            if wait is not None and wait.get("reason"):
                reason = wait["reason"]
            elif term is not None and term.get("reason"):
                reason = term["reason"]
            elif term is not None:
                if term.get("signal"):
                    reason = "Signal:%d" % term["signal"]
                else:
                    reason = "ExitCode:%d" % term.get("exitCode", 0)
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if any(c.get("type") == "Ready" for c in st.get("conditions") or []) else "NotReady"
    if meta.get("deletionTimestamp") and st.get("reason") == "NodeLost":
        reason = "Unknown"
    elif meta.get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"
    if restarts and last_restart:
        rcell = Since(last_restart, "%d (%%s ago)" % restarts)
    else:
        rcell = str(restarts)
    ips = st.get("podIPs") or []
    ip = ips[0].get("ip") if ips else (st.get("podIP") or "<none>")
    gates = spec.get("readinessGates") or []
    if gates:
        conds = {c.get("type"): c.get("status") for c in st.get("conditions") or []}
        gcell = "%d/%d" % (sum(1 for g in gates if conds.get(g.get("conditionType")) == "True"), len(gates))
    else:
        gcell = "<none>"
    return [meta.get("name"), "%d/%d" % (ready, total), reason, rcell, age(pod), ip or "<none>",
            _none(spec.get("nodeName")), _none(st.get("nominatedNodeName")), gcell]


def pod_conditions(pod):
    phase = _g(pod, "status", "phase")
    if phase == "Succeeded":
        return [{"type": "Completed", "status": "True", "reason": "Succeeded",
                 "message": "The pod has completed successfully."}]
    if phase == "Failed":
        return [{"type": "Completed", "status": "True", "reason": "Failed",
                 "message": "The pod failed."}]
    return None


# ---- other kinds -----------------------------------------------------------------------------
def _ns_cells(o):
    return [o["metadata"]["name"], _g(o, "status", "phase", default=""), age(o)]


def _project_cells(o):
    ann = o["metadata"].get("annotations") or {}
    return [o["metadata"]["name"], ann.get("openshift.io/display-name", ""), _g(o, "status", "phase", default="")]


def _svc_ports(spec):
    out = []
    for p in spec.get("ports") or []:
        s = "%s/%s" % (p.get("port"), p.get("protocol", "TCP"))
        if p.get("nodePort"):
            s = "%s:%s/%s" % (p.get("port"), p["nodePort"], p.get("protocol", "TCP"))
        out.append(s)
    return ",".join(out) if out else "<none>"


def _svc_cells(o):
    spec = o.get("spec") or {}
    t = spec.get("type", "ClusterIP")
    ext = "<none>"
    if t == "ExternalName":
        ext = spec.get("externalName") or "<none>"
    elif t == "LoadBalancer":
        ing = _g(o, "status", "loadBalancer", "ingress", default=[])
        ips = [i.get("ip") or i.get("hostname") for i in ing] + (spec.get("externalIPs") or [])
        ext = ",".join(x for x in ips if x) or "<pending>"
    elif spec.get("externalIPs"):
        ext = ",".join(spec["externalIPs"])
    return [o["metadata"]["name"], t, spec.get("clusterIP") or "<none>", ext, _svc_ports(spec), age(o),
            _map_selector(spec.get("selector"))]


def _deploy_cells(o):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    c, i = _containers_images(_g(spec, "template", "spec", default={}))
    return [o["metadata"]["name"], "%d/%d" % (st.get("readyReplicas", 0), spec.get("replicas", 0)),
            st.get("updatedReplicas", 0), st.get("availableReplicas", 0), age(o), c, i,
            _selector(spec.get("selector"))]


def _rs_cells(o):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    c, i = _containers_images(_g(spec, "template", "spec", default={}))
    return [o["metadata"]["name"], spec.get("replicas", 0), st.get("replicas", 0), st.get("readyReplicas", 0),
            age(o), c, i, _selector(spec.get("selector"))]


def _sts_cells(o):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    c, i = _containers_images(_g(spec, "template", "spec", default={}))
    return [o["metadata"]["name"], "%d/%d" % (st.get("readyReplicas", 0), spec.get("replicas", 0)), age(o), c, i]


def _ds_cells(o):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    c, i = _containers_images(_g(spec, "template", "spec", default={}))
    return [o["metadata"]["name"], st.get("desiredNumberScheduled", 0), st.get("currentNumberScheduled", 0),
            st.get("numberReady", 0), st.get("updatedNumberScheduled", 0), st.get("numberAvailable", 0),
            _map_selector(_g(spec, "template", "spec", "nodeSelector")), age(o), c, i,
            _selector(spec.get("selector"))]


def _job_status(o):
    """The STATUS kubectl prints: the first of these that holds, in kubectl's order (a
    Job that gave up has FailureTarget before Failed in its list, and shows Failed)."""
    true = {c.get("type") for c in (_g(o, "status", "conditions", default=None) or [])
            if c.get("status") == "True"}
    if "Complete" in true:
        return "Complete"
    if "Failed" in true:
        return "Failed"
    if _g(o, "metadata", "deletionTimestamp"):
        return "Terminating"
    for t in ("Suspended", "FailureTarget", "SuccessCriteriaMet"):
        if t in true:
            return t
    return "Running"


def _job_cells(o):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    comp = spec.get("completions")
    if comp is not None:
        completions = "%d/%d" % (st.get("succeeded", 0), comp)
    else:
        par = spec.get("parallelism", 0)
        completions = "%d/1 of %d" % (st.get("succeeded", 0), par) if par > 1 else "%d/1" % st.get("succeeded", 0)
    start = parse_time(st.get("startTime"))
    end = parse_time(st.get("completionTime"))
    if start and end:
        duration = human_duration(end - start)
    elif start:
        duration = Since(start)
    else:
        duration = ""
    c, i = _containers_images(_g(spec, "template", "spec", default={}))
    return [o["metadata"]["name"], _job_status(o), completions, duration, age(o), c, i,
            _selector(spec.get("selector"))]


def _cj_cells(o):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    c, i = _containers_images(_g(spec, "jobTemplate", "spec", "template", "spec", default={}))
    last = st.get("lastScheduleTime")
    return [o["metadata"]["name"], spec.get("schedule", ""), spec.get("timeZone") or "<none>",
            "True" if spec.get("suspend") else "False", len(st.get("active") or []),
            Since(last) if last else "<none>", age(o), c, i, _selector(_g(spec, "jobTemplate", "spec", "selector"))]


def _node_cells(o):
    st = o.get("status") or {}
    spec = o.get("spec") or {}
    cond = "Unknown"
    for c in st.get("conditions") or []:
        if c.get("type") == "Ready":
            cond = "Ready" if c.get("status") == "True" else "NotReady"
    status = [cond]
    if spec.get("unschedulable"):
        status.append("SchedulingDisabled")
    roles = sorted(k.split("/", 1)[1] for k in (o["metadata"].get("labels") or {})
                   if k.startswith("node-role.kubernetes.io/") and k.split("/", 1)[1])
    addrs = st.get("addresses") or []
    internal = next((a.get("address") for a in addrs if a.get("type") == "InternalIP"), "<none>")
    external = next((a.get("address") for a in addrs if a.get("type") == "ExternalIP"), "<none>")
    info = st.get("nodeInfo") or {}
    return [o["metadata"]["name"], ",".join(status), ",".join(roles) or "<none>", age(o),
            info.get("kubeletVersion", ""), internal, external, info.get("osImage", "<unknown>"),
            info.get("kernelVersion", "<unknown>"), info.get("containerRuntimeVersion", "<unknown>")]


def _cm_cells(o):
    return [o["metadata"]["name"], len(o.get("data") or {}) + len(o.get("binaryData") or {}), age(o)]


def _secret_cells(o):
    return [o["metadata"]["name"], o.get("type", ""), len(o.get("data") or {}), age(o)]


def _sa_cells(o):
    return [o["metadata"]["name"], len(o.get("secrets") or []), age(o)]


def _ev_cells(o):
    inv = o.get("involvedObject") or {}
    first = o.get("firstTimestamp") or o.get("eventTime")
    last = o.get("lastTimestamp") or _g(o, "series", "lastObservedTime") or first
    count = o.get("count") or _g(o, "series", "count") or 1
    src = o.get("source") or {}
    source = src.get("component") or o.get("reportingComponent") or ""
    if src.get("host"):
        source += ", " + src["host"]
    obj = "%s/%s" % ((inv.get("kind") or "").lower(), inv.get("name", ""))
    return [Since(last), o.get("type", ""), o.get("reason", ""), obj, inv.get("fieldPath", ""), source,
            (o.get("message") or "").strip(), Since(first), count, o["metadata"]["name"]]


def _ep_cells(o):
    eps = []
    for s in o.get("subsets") or []:
        for a in s.get("addresses") or []:
            for p in s.get("ports") or [{}]:
                eps.append("%s:%s" % (a.get("ip"), p.get("port")) if p.get("port") else a.get("ip"))
    if not eps:
        cell = "<none>"
    elif len(eps) > 3:
        cell = ",".join(eps[:3]) + " + %d more..." % (len(eps) - 3)
    else:
        cell = ",".join(eps)
    return [o["metadata"]["name"], cell, age(o)]


_MODES = {"ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"}


def _modes(ms):
    return ",".join(_MODES.get(m, m) for m in ms or [])


def _pvc_cells(o):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    phase = st.get("phase", "")
    if _g(o, "metadata", "deletionTimestamp"):
        phase = "Terminating"
    cap = _g(st, "capacity", "storage", default="")
    return [o["metadata"]["name"], phase, spec.get("volumeName", ""), cap, _modes(st.get("accessModes")),
            spec.get("storageClassName") or "<unset>", spec.get("volumeAttributesClassName") or "<unset>",
            age(o), spec.get("volumeMode", "Filesystem")]


def _pv_cells(o):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    ref = spec.get("claimRef") or {}
    claim = "%s/%s" % (ref.get("namespace"), ref.get("name")) if ref else ""
    phase = st.get("phase", "")
    if _g(o, "metadata", "deletionTimestamp"):
        phase = "Terminating"
    return [o["metadata"]["name"], _g(spec, "capacity", "storage", default=""), _modes(spec.get("accessModes")),
            spec.get("persistentVolumeReclaimPolicy", ""), phase, claim, spec.get("storageClassName", ""),
            spec.get("volumeAttributesClassName") or "<unset>", st.get("reason", ""), age(o),
            spec.get("volumeMode", "Filesystem")]


def _ing_cells(o):
    spec = o.get("spec") or {}
    hosts = [r.get("host") for r in spec.get("rules") or [] if r.get("host")]
    addrs = [i.get("ip") or i.get("hostname") for i in _g(o, "status", "loadBalancer", "ingress", default=[])]
    ports = "80, 443" if spec.get("tls") else "80"
    return [o["metadata"]["name"], spec.get("ingressClassName") or "<none>", ",".join(hosts) or "*",
            ",".join(a for a in addrs if a), ports, age(o)]


def _pdb_cells(o):
    spec = o.get("spec") or {}
    mn = spec.get("minAvailable")
    mx = spec.get("maxUnavailable")
    return [o["metadata"]["name"], "N/A" if mn is None else str(mn), "N/A" if mx is None else str(mx),
            _g(o, "status", "disruptionsAllowed", default=0), age(o)]


def _hpa_cells(o):
    spec = o.get("spec") or {}
    ref = spec.get("scaleTargetRef") or {}
    # autoscaling/v2: the CPU utilization metric, as kubectl shows it
    want = cur = None
    for m in spec.get("metrics") or []:
        if m.get("type") == "Resource" and (m.get("resource") or {}).get("name") == "cpu":
            want = ((m.get("resource") or {}).get("target") or {}).get("averageUtilization")
    for m in _g(o, "status", "currentMetrics", default=[]) or []:
        if m.get("type") == "Resource" and (m.get("resource") or {}).get("name") == "cpu":
            cur = ((m.get("resource") or {}).get("current") or {}).get("averageUtilization")
    targets = "<none>" if want is None else "%s/%d%%" % ("<unknown>" if cur is None else "%d%%" % cur, want)
    mn = spec.get("minReplicas")
    return [o["metadata"]["name"], "%s/%s" % (ref.get("kind", ""), ref.get("name", "")), targets,
            "<unset>" if mn is None else mn, spec.get("maxReplicas", 0),
            _g(o, "status", "currentReplicas", default=0), age(o)]


def _cr_cells(o):
    ctrl = next((r for r in _g(o, "metadata", "ownerReferences", default=[]) if r.get("controller")), None)
    owner = "%s/%s" % (_kind_ref(ctrl), ctrl.get("name")) if ctrl else "<none>"
    return [o["metadata"]["name"], owner, o.get("revision", 0), age(o)]


def _kind_ref(ref):
    api = ref.get("apiVersion", "")
    g = api.split("/")[0] if "/" in api else ""
    return ref.get("kind", "").lower() + ("." + g if g else "")


def _rb_cells(o):
    ref = o.get("roleRef") or {}
    subs = o.get("subjects") or []

    def names(kind):
        out = []
        for s in subs:
            if s.get("kind") == kind:
                out.append("%s/%s" % (s.get("namespace", ""), s["name"]) if kind == "ServiceAccount" else s["name"])
        return ",".join(out)
    return [o["metadata"]["name"], "%s/%s" % (ref.get("kind"), ref.get("name")), age(o), names("User"),
            names("Group"), names("ServiceAccount")]


def _role_cells(o):
    # the creation time itself (RFC 3339), not an age
    return [o["metadata"]["name"], o["metadata"].get("creationTimestamp") or "<unknown>"]


def _default_cells(o):
    return [o["metadata"]["name"], Since(o["metadata"].get("creationTimestamp"), "%s", "<unknown>")]


_POD_COLS = [NAME, col("Ready", desc="The aggregate readiness state of this pod for accepting traffic."),
             col("Status", desc="The aggregate status of the containers in this pod."),
             col("Restarts", desc="The number of times the containers in this pod have been restarted and when "
                 "the last container in this pod has restarted."), AGE,
             col("IP", desc="IP address allocated to the pod. Routable at least within the cluster. Empty if "
                 "not yet allocated.", priority=1),
             col("Node", desc="NodeName is a request to schedule this pod onto a specific node.", priority=1),
             col("Nominated Node", desc="nominatedNodeName is set only when this pod preempts other pods on "
                 "the node.", priority=1),
             col("Readiness Gates", desc="If specified, all readiness gates will be evaluated for pod readiness.",
                 priority=1)]
_CI = [col("Containers", desc="Names of each container in the template.", priority=1),
       col("Images", desc="Images referenced by each container in the template.", priority=1)]
_SEL = col("Selector", desc="Label selector for pods.", priority=1)
_CREATED = col("Created At", "date", "", 0)

PRINTERS = {
    "pods": (_POD_COLS, pod_cells),
    "namespaces": ([NAME, col("Status", desc="The status of the namespace"), AGE], _ns_cells),
    "projects.project.openshift.io": ([NAME, col("Display Name"), col("Status")], _project_cells),
    "services": ([NAME, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), AGE,
                  col("Selector", priority=1)], _svc_cells),
    "deployments.apps": ([NAME, col("Ready"), col("Up-to-date", "string"), col("Available", "string"), AGE]
                         + _CI + [_SEL], _deploy_cells),
    "replicasets.apps": ([NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"),
                          AGE] + _CI + [_SEL], _rs_cells),
    "statefulsets.apps": ([NAME, col("Ready"), AGE] + _CI, _sts_cells),
    "daemonsets.apps": ([NAME, col("Desired", "integer"), col("Current", "integer"), col("Ready", "integer"),
                         col("Up-to-date", "integer"), col("Available", "integer"), col("Node Selector"), AGE]
                        + _CI + [_SEL], _ds_cells),
    "jobs.batch": ([NAME, col("Status"), col("Completions"), col("Duration"), AGE] + _CI + [_SEL], _job_cells),
    "cronjobs.batch": ([NAME, col("Schedule"), col("Timezone"), col("Suspend", "boolean"),
                        col("Active", "integer"), col("Last Schedule"), AGE] + _CI + [_SEL], _cj_cells),
    "nodes": ([NAME, col("Status"), col("Roles"), AGE, col("Version"), col("Internal-IP", priority=1),
               col("External-IP", priority=1), col("OS-Image", priority=1), col("Kernel-Version", priority=1),
               col("Container-Runtime", priority=1)], _node_cells),
    "configmaps": ([NAME, col("Data", "string"), AGE], _cm_cells),
    "secrets": ([NAME, col("Type"), col("Data", "string"), AGE], _secret_cells),
    "serviceaccounts": ([NAME, col("Secrets", "string"), AGE], _sa_cells),
    "events": ([col("Last Seen"), col("Type"), col("Reason"), col("Object"), col("Subobject", priority=1),
                col("Source", priority=1), col("Message"), col("First Seen", priority=1),
                col("Count", priority=1), col("Name", priority=1, fmt="name")], _ev_cells),
    "endpoints": ([NAME, col("Endpoints"), AGE], _ep_cells),
    "persistentvolumeclaims": ([NAME, col("Status"), col("Volume"), col("Capacity"), col("Access Modes"),
                                col("StorageClass"), col("VolumeAttributesClass"), AGE,
                                col("VolumeMode", priority=1)], _pvc_cells),
    "persistentvolumes": ([NAME, col("Capacity"), col("Access Modes"), col("Reclaim Policy"), col("Status"),
                           col("Claim"), col("StorageClass"), col("VolumeAttributesClass"), col("Reason"), AGE,
                           col("VolumeMode", priority=1)], _pv_cells),
    "ingresses.networking.k8s.io": ([NAME, col("Class"), col("Hosts"), col("Address"), col("Ports"), AGE],
                                    _ing_cells),
    "poddisruptionbudgets.policy": ([NAME, col("Min Available"), col("Max Unavailable"),
                                     col("Allowed Disruptions", "integer"), AGE], _pdb_cells),
    "horizontalpodautoscalers.autoscaling": ([NAME, col("Reference"), col("Targets"), col("MinPods"),
                                              col("MaxPods", "integer"), col("Replicas", "integer"), AGE],
                                             _hpa_cells),
    "controllerrevisions.apps": ([NAME, col("Controller"), col("Revision"), AGE], _cr_cells),
    "rolebindings.rbac.authorization.k8s.io": ([NAME, col("Role"), AGE, col("Users", priority=1),
                                                col("Groups", priority=1), col("ServiceAccounts", priority=1)],
                                               _rb_cells),
    "clusterrolebindings.rbac.authorization.k8s.io": ([NAME, col("Role"), AGE, col("Users", priority=1),
                                                       col("Groups", priority=1),
                                                       col("ServiceAccounts", priority=1)], _rb_cells),
    "roles.rbac.authorization.k8s.io": ([NAME, _CREATED], _role_cells),
    "clusterroles.rbac.authorization.k8s.io": ([NAME, _CREATED], _role_cells),
}
DEFAULT = ([NAME, col("Created At", "date", _AGE_DESC)], _default_cells)


def _jsonpath(obj, path):
    cur = obj
    for p in path.strip(".").split("."):
        if not p:
            continue
        idx = None
        if "[" in p:
            p, _, rest = p.partition("[")
            try:
                idx = int(rest.rstrip("]"))
            except ValueError:
                return None
        cur = cur.get(p) if isinstance(cur, dict) else None
        if idx is not None:
            cur = cur[idx] if isinstance(cur, list) and -len(cur) <= idx < len(cur) else None
        if cur is None:
            return None
    return cur


def _crd_printer(res):
    cols = None
    for v in (res.crd.get("spec") or {}).get("versions") or []:
        if v.get("name") == res.version:
            cols = v.get("additionalPrinterColumns")
    if not cols:
        return DEFAULT
    defs = [NAME] + [col(c["name"], c.get("type", "string"), c.get("description", ""), c.get("priority", 0),
                         c.get("format", "")) for c in cols]

    def cells(o):
        out = [o["metadata"]["name"]]
        for c in cols:
            v = _jsonpath(o, c.get("jsonPath", ""))
            if c.get("type") == "date":
                out.append(Since(v) if v else "<unknown>")
            elif v is None:
                out.append(None)
            elif isinstance(v, (dict, list)):
                out.append(json.dumps(v))
            else:
                out.append(v)
        return out
    return defs, cells


def printer(res):
    p = PRINTERS.get(res.key)
    if p is not None:
        return p
    if res.crd is not None:
        return _crd_printer(res)
    return DEFAULT


def row_cells(res, entry):
    """Cached cells for a store entry (entry.row), Since cells unresolved."""
    r = entry.row
    if r is None:
        r = entry.row = printer(res)[1](entry.obj)
    return r


def render_cells(cells, now):
    return [c.render(now) if isinstance(c, Since) else c for c in cells]


def _meta_partial(obj, res):
    m = dict(obj.get("metadata") or {})
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": m}


def meta_bytes(entry):
    b = entry.mraw
    if b is None:
        b = entry.mraw = json.dumps(_meta_partial(entry.obj, None), separators=(",", ":")).encode()
    return b


_UNSET = object()


def row_bytes(res, entry, include, now, conditions=True):
    """One serialized Table row; include is 'None', 'Metadata' or 'Object'."""
    cells = render_cells(row_cells(res, entry), now)
    parts = [b'{"cells":', json.dumps(cells, separators=(",", ":")).encode()]
    if res.key == "pods" and conditions:
        c = getattr(entry, "row_conditions", _UNSET)       # compact entries know theirs
        if c is _UNSET:
            c = pod_conditions(entry.obj)
        if c:
            parts += [b',"conditions":', json.dumps(c, separators=(",", ":")).encode()]
    if include == "Object":
        parts += [b',"object":', entry.raw]
    elif include == "Metadata":
        parts += [b',"object":', meta_bytes(entry)]
    else:
        parts.append(b',"object":null')
    parts.append(b"}")
    return b"".join(parts)


def table_bytes(res, entries, include, list_meta, with_columns=True):
    """A whole Table for a list (or a single object, entries of one)."""
    return b"".join(table_chunks(res, entries, include, list_meta, with_columns))


def table_chunks(res, entries, include, list_meta, with_columns=True, batch=500):
    """table_bytes in pieces of batch rows, for answers written as they are made."""
    now = time.time()
    cols = printer(res)[0] if with_columns else []
    yield b'{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":' + \
        json.dumps(list_meta, separators=(",", ":")).encode() + b',"columnDefinitions":' + \
        json.dumps(cols, separators=(",", ":")).encode() + b',"rows":['
    for i in range(0, len(entries), batch):
        rows = b",".join(row_bytes(res, e, include, now) for e in entries[i:i + batch])
        yield b"," + rows if i else rows
    yield b"]}"
