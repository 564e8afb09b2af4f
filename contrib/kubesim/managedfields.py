"""metadata.managedFields as the apiserver records them for Update and Apply operations.

Each entry names a manager (the fieldManager parameter, else the User-Agent up to its first
'/'), the operation, the object's apiVersion, the time and the fields it set (FieldsV1: nested
"f:<field>", "k:<merge key JSON>" for list items, "v:<JSON>" for set members and "." for a
map, list or list item that the manager set as a whole).

An update gives the writer the fields it added or changed and takes them from the other
managers; fields that disappeared leave every entry; entries left empty are dropped.

The writer of the current thread: set_request() while the server handles a request; other
threads are the simulated control plane (kube-controller-manager; the kubelet for pod and node
status). The world kubesim starts with (the main thread's writes before it serves: the demo,
--pods N) carries none, and writes that are not requests skip objects carrying none, so
start-up and scale mode stay cheap (deep copies of objects with managedFields cost twice as
much).
"""
import copy
import json
import threading
import time

from patch import MERGE_KEYS, PRIMITIVE_MERGE

_local = threading.local()
_NODE = object()                 # a member that is a map, list or list item set as a whole
# metadata fields the apiserver owns itself, never recorded
_META_SKIP = {"name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
              "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"}
# fields of struct type that an empty object already has: no "." member of their own
_STRUCTS = {"metadata", "spec", "status", "template", "strategy", "updateStrategy", "jobTemplate"}
_CR_STRUCTS = {"metadata"}       # a custom resource's schema objects are maps
_LABEL_SELECTOR = {"matchLabels", "matchExpressions"}    # a LabelSelector is atomic
# spec fields that admission plugins and the registry set on a create after the field manager
# has run: nobody owns them unless the request set them
_LATE = {"pods": ("preemptionPolicy", "priority", "serviceAccount", "serviceAccountName", "tolerations",
                  "volumes"),
         "services": ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"),
         "namespaces": ("finalizers",)}
_CONTAINERS = ("containers", "initContainers")      # their volumeMounts get the token volume
_ATOMIC_LISTS = {"containers"}   # required lists: present (null) in an empty object


def set_request(manager, operation="Update"):
    _local.writer = (manager[:128], operation)


def clear_request():
    _local.writer = None
    _local.result = None


def set_result(entries):
    """The managedFields a server-side apply computed (apply.py): the next write of this thread
    records them instead of tracking its change."""
    _local.result = entries


def take_result():
    r = getattr(_local, "result", None)
    _local.result = None
    return r


def manager_from(user_agent, field_manager=None):
    if field_manager:
        return field_manager
    return (user_agent or "").split("/")[0]


def _writer():
    w = getattr(_local, "writer", None)
    if w is not None:
        return w, True
    if threading.current_thread() is threading.main_thread():
        return None, False                     # the starting world: none recorded
    return ("kube-controller-manager", "Update"), False


def snapshot(key, obj):
    """What a create request set of the fields set later (_LATE); None for other kinds.
    Call before defaulting and admission, pass to track()."""
    spec = obj.get("spec")
    if key not in _LATE:
        return None
    if not isinstance(spec, dict):
        return (key, None)
    snap = {k: copy.deepcopy(spec[k]) for k in _LATE[key] if k in spec}
    if key == "pods":
        snap["#mounts"] = {f: [copy.deepcopy(c.get("volumeMounts")) if isinstance(c, dict) else None
                               for c in spec.get(f) or []] for f in _CONTAINERS}
    return (key, snap)


def _as_requested(obj, snap):
    """obj with the late fields as the request had them."""
    key, snap = snap
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return obj
    view = {k: v for k, v in spec.items() if k not in _LATE[key]}
    if snap is None:                           # the request had no spec
        return dict(obj, spec=view) if view else {k: v for k, v in obj.items() if k != "spec"}
    view.update((k, v) for k, v in snap.items() if not k.startswith("#"))
    for f, mounts in snap.get("#mounts", {}).items():
        cs = []
        for c, m in zip(spec.get(f) or [], mounts):
            if isinstance(c, dict):
                c = {k: v for k, v in c.items() if k != "volumeMounts"}
                if m is not None:
                    c["volumeMounts"] = m
            cs.append(c)
        if f in spec:
            view[f] = cs
    return dict(obj, spec=view)


def _list_key(field, item):
    if not isinstance(item, dict):
        return None
    if field == "ports":
        for k in ("containerPort", "port"):
            if k in item:
                return "k:" + json.dumps({k: item[k], "protocol": item.get("protocol", "TCP")},
                                         separators=(",", ":"), sort_keys=True)
        return None
    mk = MERGE_KEYS.get(field)
    if mk and mk in item:
        return "k:" + json.dumps({mk: item[mk]}, separators=(",", ":"))
    return None


def structs_of(res):
    return _CR_STRUCTS if getattr(res, "crd", None) is not None else _STRUCTS


def _flatten(v, path, out, field=None, structs=_STRUCTS):
    """out[path] = leaf value, or _NODE for a member that has members below it."""
    if isinstance(v, dict):
        if not v or (field == "selector" and set(v) <= _LABEL_SELECTOR):
            out[path] = json.dumps(v, sort_keys=True)
            return
        if path and field not in structs:
            out[path] = _NODE
        for k, x in v.items():
            if x is not None:                  # null is absent (a zero creationTimestamp)
                _flatten(x, path + ("f:" + k,), out, k, structs)
    elif isinstance(v, list):
        if not v:
            out[path] = "[]"
            return
        if field in PRIMITIVE_MERGE and all(not isinstance(x, (dict, list)) for x in v):
            if field not in _ATOMIC_LISTS:
                out[path] = _NODE
            for x in v:
                out[path + ("v:" + json.dumps(x),)] = _NODE
            return
        keys = [_list_key(field, x) for x in v]
        if None in keys or len(set(keys)) != len(keys):
            out[path] = json.dumps(v, sort_keys=True)      # an atomic list
            return
        if field not in _ATOMIC_LISTS:
            out[path] = _NODE
        for k, x in zip(keys, v):
            out[path + (k,)] = _NODE
            for f, y in x.items():
                _flatten(y, path + (k, "f:" + f), out, f, structs)
    else:
        out[path] = v


def _fields(obj, with_status, structs=_STRUCTS):
    out = {}
    for k, v in obj.items():
        if k in ("apiVersion", "kind") or v is None or (k == "status" and not with_status):
            continue
        if k == "metadata" and isinstance(v, dict):
            v = {mk: mv for mk, mv in v.items() if mk not in _META_SKIP}
            if not v:
                continue
        _flatten(v, ("f:" + k,), out, k, structs)
    return out


def _to_v1(paths):
    root = {}
    for p in sorted(paths):
        d = root
        for el in p:
            d = d.setdefault(el, {})
    # a member that also has members below it carries "."
    def mark(d, members, prefix):
        for k, sub in d.items():
            if k == ".":
                continue
            p = prefix + (k,)
            if sub and p in members and "." not in sub:
                rest = list(sub.items())
                sub.clear()
                sub["."] = {}
                sub.update(rest)
            mark(sub, members, p)
    mark(root, paths, ())
    return root


def _from_v1(d, prefix=(), out=None):
    if out is None:
        out = set()
    for k, sub in (d or {}).items():
        if k == ".":
            out.add(prefix)
            continue
        p = prefix + (k,)
        if not sub:
            out.add(p)
        else:
            _from_v1(sub, p, out)
    return out


def track(res, old, new, subresource=None, snap=None):
    """Set new['metadata']['managedFields'] for a write of new over old (None: a create);
    snap: snapshot() of the create request."""
    meta = new.get("metadata")
    if not isinstance(meta, dict):
        return
    writer, request = _writer()
    if writer is None:
        meta.pop("managedFields", None)
        return
    manager, operation = writer
    prev = (old or {}).get("metadata", {}).get("managedFields") if old else None
    if subresource == "binding":               # the scheduler's binding records no manager
        if prev:
            meta["managedFields"] = prev
        return
    if not request and subresource == "status" and res.key in ("pods", "nodes"):
        manager = "kubelet"                    # the simulated kubelet reports status
    if old is not None and not prev and not request:
        meta.pop("managedFields", None)
        return
    with_status = subresource == "status" or "status" not in res.subresources or \
        (old is None and res.key == "namespaces")
    if subresource == "status" and old is not None:
        # a status write changes nothing else: compare the statuses only
        nf = _fields({"status": new.get("status")}, True, structs_of(res))
        of = _fields({"status": old.get("status")}, True, structs_of(res))
    else:
        nf = _fields(_as_requested(new, snap) if snap else new, with_status, structs_of(res))
        of = _fields(old, with_status, structs_of(res)) if old is not None else {}
    changed = {p for p, v in nf.items() if of.get(p, of) != v or (v is _NODE and p not in of)}
    gone = set(of) - set(nf)
    if not request and res.key == "pods" and changed == {("f:spec", "f:nodeName")} and not gone:
        meta["managedFields"] = prev           # scheduling is a binding: no manager
        return
    entries = []
    mine = None
    for e in prev or []:
        if not isinstance(e, dict):
            continue
        had = _from_v1(e.get("fieldsV1"))
        if e.get("manager") == manager and e.get("operation") == operation:
            mine = had - gone
            continue
        paths = had - gone - changed
        if paths == had:
            entries.append(e)                  # untouched
        elif paths:
            entries.append(dict(e, fieldsV1=_to_v1(paths)))
    own = (mine or set()) | changed
    if own:
        e = {"manager": manager, "operation": operation, "apiVersion": res.api_version,
             "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "fieldsType": "FieldsV1",
             "fieldsV1": _to_v1(own)}
        if mine is not None and not changed:
            old_e = next(x for x in prev if isinstance(x, dict) and x.get("manager") == manager
                         and x.get("operation") == operation)
            e["time"] = old_e.get("time", e["time"])
        entries.append(e)
    if entries:
        meta["managedFields"] = entries
    else:
        meta.pop("managedFields", None)
