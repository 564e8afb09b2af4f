"""Helm 3 releases for tests/integration/test_helm_ops, written and read from helm's
documented storage format with the Python standard library only (not kdeck's code): a
Secret sh.helm.release.v1.NAME.vN of type helm.sh/release.v1 with labels name, owner=helm,
status and version, whose data.release is base64(base64(gzip(JSON release))) as served.

  helm_release.py fixture NS        the objects and release Secrets to create (a JSON List)
  helm_release.py decode            reads `kubectl get secrets -o json` on stdin: one line
                                    per record, "NAME VERSION STATUS LABEL-STATUS CHART-VER
                                    | DESCRIPTION", by name and version
  helm_release.py manifest REL N    the same input: the images of release REL's revision N's
                                    manifest's Deployments, "NAME=IMAGE" sorted
  helm_release.py field REL N PATH  the same input: that revision's JSON at PATH (a.b) as JSON
"""
import base64
import gzip
import json
import sys

HOOKS = [{"name": "shop-test", "kind": "Pod", "path": "shop/templates/tests/test.yaml",
          "manifest": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: shop-test\n",
          "events": ["test"], "last_run": {"started_at": "", "completed_at": "", "phase": ""}, "weight": 0,
          "delete_policies": ["before-hook-creation"]}]


def deploy(name, image, replicas=1):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": {"app": name}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "app", "image": image}]}}}}


def cm(name, data, keep=False):
    md = {"name": name, "labels": {"app": name}}
    if keep:
        md["annotations"] = {"helm.sh/resource-policy": "keep"}
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": md, "data": data}


def svc(name):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
            "spec": {"selector": {"app": name}, "ports": [{"port": 80, "targetPort": 8080, "protocol": "TCP"}]}}


def manifest(chart, objs):
    # JSON is YAML: each document as helm writes it, with its "# Source:" line
    return "".join("---\n# Source: %s/templates/%s.yaml\n%s\n" % (chart, o["metadata"]["name"], json.dumps(o))
                   for o in objs)


def release(name, ns, version, status, chart, chart_version, app, objs, desc, hooks=None):
    t = "2026-12-0%dT10:00:00.%09dZ" % (1 + version % 3, version)
    rel = {"name": name,
           "info": {"first_deployed": "2026-12-01T10:00:00.000000001Z", "last_deployed": t,
                    "deleted": "", "description": desc, "status": status, "notes": "notes of %d" % version},
           "chart": {"metadata": {"name": chart, "version": chart_version, "appVersion": app, "apiVersion": "v2"},
                     "lock": None, "templates": [], "values": {"image": {"tag": app}}, "schema": None, "files": None},
           "config": {"image": {"tag": app}, "rev": version},
           "manifest": manifest(chart, objs), "version": version, "namespace": ns}
    if hooks:
        rel["hooks"] = hooks
    payload = base64.b64encode(gzip.compress(json.dumps(rel).encode())).decode()
    return {"apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
            "metadata": {"name": "sh.helm.release.v1.%s.v%d" % (name, version), "namespace": ns,
                         "labels": {"name": name, "owner": "helm", "status": status, "version": str(version),
                                    "createdAt": "1764583200", "team": "shop-team"}},
            "data": {"release": base64.b64encode(payload.encode()).decode()}}


def live(objs, rel, ns):
    out = []
    for o in objs:
        o = json.loads(json.dumps(o))
        md = o["metadata"]
        md["namespace"] = ns
        md.setdefault("labels", {})["app.kubernetes.io/managed-by"] = "Helm"
        md.setdefault("annotations", {}).update({"meta.helm.sh/release-name": rel,
                                                 "meta.helm.sh/release-namespace": ns})
        out.append(o)
    return out


def fixture(ns):
    items = []
    shop = []
    for v, image in ((1, "1.0"), (2, "1.1"), (3, "1.2")):
        objs = [cm("shop-config", {"v": str(v)}), cm("shop-keep", {"k": "1"}, keep=True), svc("shop"),
                deploy("shop", "registry.example/shop:" + image)]
        if v > 1:
            objs += [cm("shop-extra", {"e": "1"}), cm("shop-cache", {"c": "1"}, keep=True)]
        shop.append(objs)
        items.append(release("shop", ns, v, "deployed" if v == 3 else "superseded", "shop", "1.%d.0" % (v - 1),
                             image, objs, "Install complete" if v == 1 else "Upgrade complete",
                             HOOKS if v == 1 else None))
    items += live(shop[2], "shop", ns)
    for v in range(1, 11):
        objs = [cm("big", {"rev": str(v)})]
        items.append(release("big", ns, v, "deployed" if v == 10 else "superseded", "big", "0.%d.0" % v, "0.%d" % v,
                             objs, "Upgrade complete"))
    items += live(objs, "big", ns)
    bad = [[deploy("bad", "registry.example/bad:1", replicas=-1)], [deploy("bad", "registry.example/bad:2")]]
    for v in (1, 2):
        items.append(release("bad", ns, v, "deployed" if v == 2 else "superseded", "bad", "0.%d.0" % v, "0.%d" % v,
                             bad[v - 1], "Upgrade complete"))
    items += live(bad[1], "bad", ns)
    json.dump({"apiVersion": "v1", "kind": "List", "items": items}, sys.stdout)


def records():
    out = []
    for s in json.load(sys.stdin)["items"]:
        if s.get("type") != "helm.sh/release.v1":
            continue
        raw = base64.b64decode(base64.b64decode(s["data"]["release"]))
        if raw[:3] == b"\x1f\x8b\x08":
            raw = gzip.decompress(raw)
        out.append((json.loads(raw), s["metadata"].get("labels") or {}))
    out.sort(key=lambda r: (r[0]["name"], r[0]["version"]))
    return out


def main():
    cmd = sys.argv[1]
    if cmd == "fixture":
        fixture(sys.argv[2])
    elif cmd == "decode":
        for rel, labels in records():
            md = rel["chart"]["metadata"]
            print("%s %d %s %s %s-%s %s | %s" % (rel["name"], rel["version"], rel["info"]["status"],
                                                 labels.get("status"), md["name"], md["version"],
                                                 ",".join(sorted(k for k in labels if k not in
                                                                 ("name", "owner", "status", "version"))),
                                                 rel["info"].get("description", "")))
    elif cmd == "manifest":
        for rel, _ in records():
            if rel["name"] != sys.argv[2] or rel["version"] != int(sys.argv[3]):
                continue
            images = []
            for doc in rel["manifest"].split("\n---"):
                body = "\n".join(l for l in doc.splitlines() if l.strip() and not l.startswith("#")
                                 and l.strip() != "---")
                if body:
                    o = json.loads(body)
                    if o["kind"] == "Deployment":
                        images.append("%s=%s" % (o["metadata"]["name"],
                                                 o["spec"]["template"]["spec"]["containers"][0]["image"]))
            print(" ".join(sorted(images)))
    elif cmd == "field":
        for rel, _ in records():
            if rel["name"] == sys.argv[2] and rel["version"] == int(sys.argv[3]):
                v = rel
                for k in sys.argv[4].split("."):
                    v = v.get(k) if isinstance(v, dict) else None
                print(json.dumps(v, sort_keys=True))


if __name__ == "__main__":
    main()
