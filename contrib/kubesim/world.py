"""What every cluster has regardless of the demo: the system namespaces (created before
demo.populate runs), a default ServiceAccount in every namespace (kept up by a store
subscriber, as the serviceaccount controller does) and the demo CRD widgets.demo.kdeck.io."""

import threading

import defaults

CRD_KEY = "customresourcedefinitions.apiextensions.k8s.io"
SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")

WIDGET_CRD = {
    "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.demo.kdeck.io"},
    "spec": {
        "group": "demo.kdeck.io", "scope": "Namespaced",
        "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList",
                  "shortNames": ["wd"], "categories": ["kdeck"]},
        "versions": [{
            "name": "v1", "served": True, "storage": True,
            "subresources": {"status": {}},
            "additionalPrinterColumns": [
                {"name": "Color", "type": "string", "jsonPath": ".spec.color"},
                {"name": "Size", "type": "integer", "jsonPath": ".spec.size"},
                {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}],
            "schema": {"openAPIV3Schema": {
                "type": "object",
                "properties": {
                    "spec": {"type": "object", "properties": {
                        "color": {"type": "string", "enum": ["red", "green", "blue"]},
                        "size": {"type": "integer", "minimum": 0}}},
                    "status": {"type": "object", "properties": {"phase": {"type": "string"}}}}}}}]}}


def seed_system(store):
    with store.lock:
        for ns in SYSTEM_NAMESPACES:
            if store.entry("namespaces", "", ns) is None:
                store.create("namespaces", {"metadata": {"name": ns}})
        _ensure_sa_all(store)

        def on_change(type_, key, obj, old):
            if type_ == "ADDED" and key == "namespaces":
                _ensure_sa(store, obj["metadata"]["name"])
            if type_ == "ADDED" and key == CRD_KEY:
                _establish_later(store, obj)
        store.subscribe(on_change)


def _establish_later(store, crd):
    """The apiextensions controllers accept a new CRD's names and establish it shortly after
    its creation (the create answer has no conditions yet)."""
    name, uid = crd["metadata"]["name"], crd["metadata"].get("uid")

    def run():
        with store.lock:
            cur = store.get(CRD_KEY, "", name)
            if cur is None or cur["metadata"].get("uid") != uid:
                return
            cur["status"] = defaults.crd_established(cur, store.now())
            store.update(CRD_KEY, cur, subresource="status")
    t = threading.Timer(0.05, run)
    t.daemon = True
    t.start()


def _ensure_sa(store, ns):
    if store.entry("serviceaccounts", ns, "default") is None:
        store.create("serviceaccounts", {"metadata": {"name": "default", "namespace": ns}})


def _ensure_sa_all(store):
    for (_, ns) in list(store.order["namespaces"]):
        _ensure_sa(store, ns)


def ensure(store, state):
    with store.lock:
        _ensure_sa_all(store)
        key = "customresourcedefinitions.apiextensions.k8s.io"
        if store.entry(key, "", WIDGET_CRD["metadata"]["name"]) is None:
            store.create(key, WIDGET_CRD)
        if state == "demo" and not store.order.get("widgets.demo.kdeck.io"):
            for name, color, size in (("gizmo", "blue", 3), ("sprocket", "red", 7)):
                store.create("widgets.demo.kdeck.io", {
                    "apiVersion": "demo.kdeck.io/v1", "kind": "Widget",
                    "metadata": {"name": name, "namespace": "default", "labels": {"app": "widgets"}},
                    "spec": {"color": color, "size": size}})
