"""OpenShift's project API (project.openshift.io/v1), served with --openshift.

A Project is OpenShift's view of a namespace: same name, labels and annotations
(openshift.io/display-name, openshift.io/description, openshift.io/requester), its phase.
Every authenticated user may list and watch projects (OpenShift's basic-user role), and sees
only the projects whose namespace they may get, as OpenShift's project cache filters them.
Projects are kept as mirrors of the namespaces; they are created through namespaces here
(OpenShift's projectrequests are not served).
"""
import copy

import rbac
import resources

KEY = "projects.project.openshift.io"
GROUP = "project.openshift.io"


def _mirror(ns):
    m = ns.get("metadata") or {}
    meta = {"name": m.get("name")}
    for f in ("labels", "annotations"):
        if m.get(f):
            meta[f] = copy.deepcopy(m[f])
    return {"apiVersion": GROUP + "/v1", "kind": "Project", "metadata": meta,
            "spec": {"finalizers": list((ns.get("spec") or {}).get("finalizers") or ["kubernetes"])},
            "status": {"phase": (ns.get("status") or {}).get("phase") or "Active"}}


def _sync(store, ns_obj, deleted):
    name = (ns_obj.get("metadata") or {}).get("name")
    have = store.entry(KEY, "", name)
    if deleted:
        if have is not None:
            store.delete(KEY, "", name)
        return
    want = _mirror(ns_obj)
    if have is None:
        store.create(KEY, want)
        return
    old = have.obj
    if all(old.get(f) == want.get(f) for f in ("spec", "status")) and \
            all((old.get("metadata") or {}).get(f) == want["metadata"].get(f) for f in ("labels", "annotations")):
        return
    want["metadata"]["resourceVersion"] = old["metadata"]["resourceVersion"]
    for f in ("uid", "creationTimestamp"):
        want["metadata"][f] = old["metadata"].get(f)
    store.update(KEY, want)


def enable(store):
    """Serves the API on store: the resource, its RBAC for every user, a mirror of each namespace."""
    resources.register(resources.Resource(GROUP, "v1", "projects", "project", "Project", False, [], (),
                                          resources.RO, []))

    def on_change(type_, key, obj, old):
        if key == "namespaces":
            _sync(store, obj, type_ == "DELETED")
    with store.lock:
        store.subscribe(on_change)
        for e in store.list_entries("namespaces")[0]:
            _sync(store, e.obj, False)
        rbac.add_cluster_role(store, "basic-user", [{"apiGroups": [GROUP], "resources": ["projects"],
                                                     "verbs": ["get", "list", "watch"]}],
                              "system:authenticated")


def visible(authz, user, groups, entry):
    """Whether user sees this project (a store entry)."""
    return may_see(authz, user, groups, (entry.obj.get("metadata") or {}).get("name"))


def may_see(authz, user, groups, name):
    """Whether user sees the project called name: may they get its namespace."""
    ok, _ = authz.decide(user, groups, {"verb": "get", "group": "", "resource": "namespaces",
                                        "subresource": None, "namespace": name, "name": name})
    return ok
