"""The resource kinds kubesim serves: one table, looked up by key or by kind.

A key is plural[.group]: 'pods', 'deployments.apps', 'pods.metrics.k8s.io'.
CRDs register their custom resources at runtime through register().
"""
import threading

RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
RO = ["get", "list", "watch"]
RW_ONE = [v for v in RW if v != "deletecollection"]    # no deletecollection (namespaces, services)


class Resource:
    def __init__(self, group, version, plural, singular, kind, namespaced, short_names=(),
                 categories=(), verbs=RW, subresources=(), crd=None, generation=False):
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = singular
        self.kind = kind
        self.namespaced = namespaced
        self.short_names = list(short_names)
        self.categories = list(categories)
        self.verbs = list(verbs)
        self.subresources = set(subresources)
        self.crd = crd                    # the CRD object for custom resources
        self.generation = generation      # metadata.generation tracks spec changes
        self.key = plural + ("." + group if group else "")
        self.api_version = (group + "/" + version) if group else version

    def __repr__(self):
        return "Resource(%s)" % self.key


_lock = threading.RLock()
ALL = []
_by_key = {}
_by_kind = {}


def register(res):
    with _lock:
        old = _by_key.get(res.key)
        if old is not None:
            ALL.remove(old)
        ALL.append(res)
        _by_key[res.key] = res
        _by_kind[(res.api_version, res.kind)] = res
    return res


def unregister(key):
    with _lock:
        res = _by_key.pop(key, None)
        if res is not None:
            ALL.remove(res)
            _by_kind.pop((res.api_version, res.kind), None)
        return res


def lookup(key):
    return _by_key.get(key)


def by_kind(api_version, kind):
    return _by_kind.get((api_version, kind))


def served(group, version, plural):
    res = _by_key.get(plural + ("." + group if group else ""))
    if res is not None and res.version == version:
        return res
    return None


def groups():
    """[(group, version)] in discovery order, core excluded."""
    seen = []
    for r in ALL:
        if r.group and (r.group, r.version) not in seen:
            seen.append((r.group, r.version))
    return seen


ALLCAT = ["all"]
_S = "status"
for args in [
    ("", "v1", "namespaces", "namespace", "Namespace", False, ["ns"], (), RW_ONE, [_S, "finalize"]),
    ("", "v1", "pods", "pod", "Pod", True, ["po"], ALLCAT, RW,
     [_S, "log", "exec", "attach", "portforward", "ephemeralcontainers", "eviction", "binding"]),
    ("", "v1", "services", "service", "Service", True, ["svc"], ALLCAT, RW_ONE, [_S, "proxy"]),
    ("", "v1", "endpoints", "endpoints", "Endpoints", True, ["ep"], (), RW, []),
    ("", "v1", "configmaps", "configmap", "ConfigMap", True, ["cm"], (), RW, []),
    ("", "v1", "secrets", "secret", "Secret", True, [], (), RW, []),
    ("", "v1", "events", "event", "Event", True, ["ev"], (), RW, []),
    ("", "v1", "nodes", "node", "Node", False, ["no"], (), RW, [_S, "proxy"]),
    ("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", True, ["sa"], (), RW, ["token"]),
    ("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", True, ["pvc"], (), RW, [_S]),
    ("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", False, ["pv"], (), RW, [_S]),
    ("apps", "v1", "deployments", "deployment", "Deployment", True, ["deploy"], ALLCAT, RW, [_S, "scale"]),
    ("apps", "v1", "replicasets", "replicaset", "ReplicaSet", True, ["rs"], ALLCAT, RW, [_S, "scale"]),
    ("apps", "v1", "statefulsets", "statefulset", "StatefulSet", True, ["sts"], ALLCAT, RW, [_S, "scale"]),
    ("apps", "v1", "daemonsets", "daemonset", "DaemonSet", True, ["ds"], ALLCAT, RW, [_S]),
    ("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", True, [], (), RW, []),
    ("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", True,
     ["hpa"], ALLCAT, RW, [_S]),
    ("batch", "v1", "jobs", "job", "Job", True, [], ALLCAT, RW, [_S]),
    ("batch", "v1", "cronjobs", "cronjob", "CronJob", True, ["cj"], ALLCAT, RW, [_S]),
    ("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", True, ["ing"], (), RW, [_S]),
    ("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", True, ["netpol"], (), RW, []),
    ("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", True, ["pdb"], (), RW, [_S]),
    ("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", False, [], (), RW, []),
    ("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", False, [], (), RW, []),
    ("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", True, [], (), RW, []),
    ("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", True, [], (), RW, []),
    ("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
     "CustomResourceDefinition", False, ["crd", "crds"], (), RW, [_S]),
    ("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
     "SelfSubjectAccessReview", False, [], (), ["create"], []),
    ("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview",
     "SelfSubjectRulesReview", False, [], (), ["create"], []),
    ("metrics.k8s.io", "v1beta1", "nodes", "", "NodeMetrics", False, [], (), ["get", "list"], []),
    ("metrics.k8s.io", "v1beta1", "pods", "", "PodMetrics", True, [], (), ["get", "list"], []),
]:
    g = args[0]
    # ControllerRevisions are immutable snapshots: their strategy keeps no generation
    register(Resource(*args, generation=g in ("apps", "batch", "networking.k8s.io", "policy", "apiextensions.k8s.io")
                      and args[2] != "controllerrevisions"))

# What discovery says about subresources: (verbs, group, version, kind)
SUBRESOURCE_INFO = {
    "status": (["get", "patch", "update"], None, None, None),
    "scale": (["get", "patch", "update"], "autoscaling", "v1", "Scale"),
    "log": (["get"], "", "v1", "Pod"),
    "exec": (["create", "get"], "", "v1", "PodExecOptions"),
    "attach": (["create", "get"], "", "v1", "PodAttachOptions"),
    "portforward": (["create", "get"], "", "v1", "PodPortForwardOptions"),
    "ephemeralcontainers": (["get", "patch", "update"], "", "v1", "Pod"),
    "eviction": (["create"], "policy", "v1", "Eviction"),
    "binding": (["create"], "", "v1", "Binding"),
    "proxy": (["create", "delete", "get", "patch", "update"], "", "v1", None),
    "finalize": (["update"], "", "v1", "Namespace"),
    "token": (["create"], "authentication.k8s.io", "v1", "TokenRequest"),
}


def crd_resource(crd):
    """The Resource served for a CustomResourceDefinition object (its storage version)."""
    spec = crd.get("spec", {})
    names = spec.get("names", {})
    versions = spec.get("versions") or [{"name": "v1", "served": True, "storage": True}]
    ver = next((v for v in versions if v.get("storage")), versions[0])
    subs = set()
    if (ver.get("subresources") or {}).get("status") is not None:
        subs.add("status")
    if (ver.get("subresources") or {}).get("scale") is not None:
        subs.add("scale")
    return Resource(spec.get("group", ""), ver.get("name", "v1"), names.get("plural", ""),
                    names.get("singular") or names.get("kind", "").lower(), names.get("kind", ""),
                    spec.get("scope", "Namespaced") == "Namespaced", names.get("shortNames") or [],
                    names.get("categories") or [], RW, subs, crd=crd, generation=True)
