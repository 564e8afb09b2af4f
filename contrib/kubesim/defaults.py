"""Defaulting on create, as the apiserver's defaulters and PrepareForCreate strategies do."""
import itertools
import random

_svc_ip = itertools.count(10)
_node_port = itertools.count(30000)


def _container(c):
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    image = c.get("image", "")
    tagless = ":" not in image.rsplit("/", 1)[-1] and "@" not in image
    c.setdefault("imagePullPolicy", "Always" if tagless or image.endswith(":latest") else "IfNotPresent")
    c.setdefault("resources", {})
    for p in c.get("ports") or []:
        if isinstance(p, dict):
            p.setdefault("protocol", "TCP")


def pod_spec(spec, pod=False):
    for c in spec.get("containers") or []:
        if isinstance(c, dict):
            _container(c)
    for c in spec.get("initContainers") or []:
        if isinstance(c, dict):
            _container(c)
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    if not pod:
        return
    spec.setdefault("enableServiceLinks", True)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    spec.setdefault("priority", 0)
    spec.setdefault("serviceAccountName", spec.get("serviceAccount") or "default")
    spec["serviceAccount"] = spec["serviceAccountName"]
    _service_account_volume(spec)
    spec.setdefault("tolerations", [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
         "tolerationSeconds": 300},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
         "tolerationSeconds": 300}])


SA_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"


def _service_account_volume(spec):
    """The ServiceAccount admission plugin: a projected token volume (kube-api-access-xxxxx)
    mounted read-only in every container, unless the pod opts out or mounts that path itself."""
    if spec.get("automountServiceAccountToken") is False:
        return
    conts = [c for k in ("initContainers", "containers") for c in spec.get(k) or [] if isinstance(c, dict)]
    if any(isinstance(m, dict) and m.get("mountPath") == SA_MOUNT
           for c in conts for m in c.get("volumeMounts") or []):
        return
    if not isinstance(spec.setdefault("volumes", []), list):
        return
    name = "kube-api-access-" + "".join(random.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
    spec["volumes"].append({"name": name, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1",
                                                                       "fieldPath": "metadata.namespace"}}]}}]}})
    for c in conts:
        if isinstance(c.setdefault("volumeMounts", []), list):
            c["volumeMounts"].append({"name": name, "readOnly": True, "mountPath": SA_MOUNT})


def _template(tpl):
    if isinstance(tpl, dict):
        tpl.setdefault("metadata", {}).setdefault("creationTimestamp", None)
        spec = tpl.setdefault("spec", {})
        if isinstance(spec, dict):
            pod_spec(spec)


def qos(spec):
    req = lim = 0
    total = 0
    for c in spec.get("containers") or []:
        r = (c.get("resources") or {})
        total += 1
        if r.get("requests"):
            req += 1
        if r.get("limits") and set(("cpu", "memory")) <= set(r["limits"]):
            if not r.get("requests") or r["requests"] == {k: r["limits"][k] for k in r["requests"]}:
                lim += 1
    if total and lim == total:
        return "Guaranteed"
    if req or lim:
        return "Burstable"
    return "BestEffort"


# apps/v1 keeps the DaemonSet's spec.templateGeneration in this annotation
DS_TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"
WORKLOAD_STATUS = {
    "replicasets.apps": {"replicas": 0},
    "statefulsets.apps": {"replicas": 0, "availableReplicas": 0},
    "daemonsets.apps": {"currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0,
                        "numberReady": 0},
}


def _int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


def daemonset_update(new, old):
    """PrepareForUpdate: a changed pod template is a new template generation."""
    if (new.get("spec") or {}).get("template") != (old.get("spec") or {}).get("template"):
        gen = _int(((old["metadata"].get("annotations") or {}).get(DS_TEMPLATE_GENERATION))) + 1
        new["metadata"].setdefault("annotations", {})[DS_TEMPLATE_GENERATION] = str(gen)


def apply(key, obj):
    spec = obj.get("spec")
    if key == "pods":
        if isinstance(spec, dict):
            pod_spec(spec, pod=True)
            st = obj.setdefault("status", {})
            st.setdefault("phase", "Pending")
            st.setdefault("qosClass", qos(spec))
    elif key in ("deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps"):
        if isinstance(spec, dict):
            if key != "daemonsets.apps":
                spec.setdefault("replicas", 1)
            spec.setdefault("revisionHistoryLimit", 10)
            if key == "deployments.apps":
                spec.setdefault("strategy", {"type": "RollingUpdate",
                                             "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}})
                spec.setdefault("progressDeadlineSeconds", 600)
            elif key == "statefulsets.apps":
                spec.setdefault("podManagementPolicy", "OrderedReady")
                spec.setdefault("updateStrategy", {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
                spec.setdefault("persistentVolumeClaimRetentionPolicy",
                                {"whenDeleted": "Retain", "whenScaled": "Retain"})
            elif key == "daemonsets.apps":
                spec.setdefault("updateStrategy", {"type": "RollingUpdate",
                                                   "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}})
            if key == "replicasets.apps":
                spec.pop("revisionHistoryLimit", None)
            for f in ("minReadySeconds", "paused"):      # omitempty
                if f in spec and not spec[f]:
                    del spec[f]
            _template(spec.get("template"))
        # the status fields without omitempty
        obj.setdefault("status", dict(WORKLOAD_STATUS.get(key, {})))
        if key == "daemonsets.apps":
            ann = obj["metadata"].setdefault("annotations", {})
            if _int(ann.get(DS_TEMPLATE_GENERATION)) < 1:
                ann[DS_TEMPLATE_GENERATION] = "1"
    elif key == "jobs.batch":
        if isinstance(spec, dict):
            spec.setdefault("parallelism", 1)
            spec.setdefault("completions", 1)
            spec.setdefault("backoffLimit", 6)
            spec.setdefault("completionMode", "NonIndexed")
            spec.setdefault("suspend", False)
            spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")
            tpl = spec.get("template")
            _template(tpl)
            if isinstance(tpl, dict) and isinstance(tpl.get("spec"), dict):
                tpl["spec"].setdefault("restartPolicy", "Never")
        obj.setdefault("status", {})
    elif key == "cronjobs.batch":
        if isinstance(spec, dict):
            spec.setdefault("concurrencyPolicy", "Allow")
            spec.setdefault("suspend", False)
            spec.setdefault("successfulJobsHistoryLimit", 3)
            spec.setdefault("failedJobsHistoryLimit", 1)
            jt = spec.get("jobTemplate")
            if isinstance(jt, dict) and isinstance(jt.get("spec"), dict):
                jt.setdefault("metadata", {}).setdefault("creationTimestamp", None)
                jt["spec"].setdefault("backoffLimit", 6)
                _template(jt["spec"].get("template"))
        obj.setdefault("status", {})
    elif key == "services":
        if isinstance(spec, dict):
            t = spec.setdefault("type", "ClusterIP")
            if t != "ExternalName":
                if not spec.get("clusterIP"):
                    n = next(_svc_ip)
                    spec["clusterIP"] = "10.96.%d.%d" % (n // 250, n % 250 + 1)
                spec.setdefault("clusterIPs", [spec["clusterIP"]] if spec["clusterIP"] != "None" else ["None"])
                spec.setdefault("ipFamilies", ["IPv4"])
                spec.setdefault("ipFamilyPolicy", "SingleStack")
                spec.setdefault("internalTrafficPolicy", "Cluster")
            spec.setdefault("sessionAffinity", "None")
            for p in spec.get("ports") or []:
                if isinstance(p, dict):
                    p.setdefault("protocol", "TCP")
                    p.setdefault("targetPort", p.get("port"))
                    if t in ("NodePort", "LoadBalancer") and not p.get("nodePort"):
                        p["nodePort"] = next(_node_port)
            if t in ("NodePort", "LoadBalancer"):
                spec.setdefault("externalTrafficPolicy", "Cluster")
        obj.setdefault("status", {"loadBalancer": {}})
    elif key == "namespaces":
        meta = obj["metadata"]
        meta.setdefault("labels", {})["kubernetes.io/metadata.name"] = meta["name"]
        obj.setdefault("spec", {"finalizers": ["kubernetes"]})
        obj.setdefault("status", {}).setdefault("phase", "Active")
    elif key == "secrets":
        obj.setdefault("type", "Opaque")
        sd = obj.pop("stringData", None)
        if isinstance(sd, dict):
            import base64
            data = obj.setdefault("data", {})
            for k, v in sd.items():
                data[k] = base64.b64encode(str(v).encode()).decode()
    elif key == "persistentvolumeclaims":
        if isinstance(spec, dict):
            spec.setdefault("volumeMode", "Filesystem")
        obj.setdefault("status", {"phase": "Pending"})
    elif key == "persistentvolumes":
        if isinstance(spec, dict):
            spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
            spec.setdefault("volumeMode", "Filesystem")
        obj.setdefault("status", {"phase": "Available"})
    elif key == "ingresses.networking.k8s.io":
        obj.setdefault("status", {"loadBalancer": {}})
    elif key == "poddisruptionbudgets.policy":
        obj.setdefault("status", {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                                  "expectedPods": 0})
    elif key == "nodes":
        obj.setdefault("status", {})
    elif key in ("rolebindings.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io"):
        rbac_binding(obj)
    elif key == "customresourcedefinitions.apiextensions.k8s.io":
        names = (spec or {}).get("names", {})
        names.setdefault("singular", names.get("kind", "").lower())
        names.setdefault("listKind", names.get("kind", "") + "List")
        if isinstance(spec, dict):
            spec.setdefault("conversion", {"strategy": "None"})
        # accepted and established a moment later, by the CRD controllers (world.py)
        obj["status"] = {
            "conditions": None, "acceptedNames": {"plural": "", "kind": ""},
            "storedVersions": [v.get("name") for v in (spec or {}).get("versions", []) if v.get("storage")]}


def crd_established(crd, now):
    """The status the naming and establishing controllers give a new CRD."""
    names = (crd.get("spec") or {}).get("names", {})
    return dict(crd.get("status") or {}, acceptedNames=dict(names), conditions=[
        {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
         "message": "no conflicts found", "lastTransitionTime": now},
        {"type": "Established", "status": "True", "reason": "InitialNamesAccepted",
         "message": "the initial names have been accepted", "lastTransitionTime": now}])


def rbac_binding(obj):
    """A binding's roleRef and User/Group subjects default to the rbac.authorization.k8s.io group."""
    ref = obj.get("roleRef")
    if isinstance(ref, dict) and not ref.get("apiGroup"):
        ref["apiGroup"] = "rbac.authorization.k8s.io"
    for sub in obj.get("subjects") or []:
        if isinstance(sub, dict) and not sub.get("apiGroup") and sub.get("kind") in ("User", "Group"):
            sub["apiGroup"] = "rbac.authorization.k8s.io"


def omitempty(key, obj):
    """Drop the empty maps the apiserver's JSON encoding omits (omitempty)."""
    meta = obj.get("metadata")
    if isinstance(meta, dict):
        for f in ("labels", "annotations"):
            if meta.get(f) == {}:
                del meta[f]
    if key in ("configmaps", "secrets"):
        for f in ("data", "binaryData"):
            if obj.get(f) == {}:
                del obj[f]
