"""Helm 3 releases stored as Helm's secrets driver stores them (pkg/storage/driver/secrets.go,
util.go): Secret sh.helm.release.v1.NAME.vN, type helm.sh/release.v1, labels name, owner=helm,
status, version (and createdAt/modifiedAt as recent Helm writes), data.release holding
base64(gzip(JSON release)); the Secret's data is base64 again on the wire."""
import base64
import gzip
import io
import json
import time


def yaml_dump(obj, indent=0):
    """A small YAML emitter for manifests (maps, lists, scalars)."""
    pad = "  " * indent
    out = []
    if isinstance(obj, dict):
        if not obj:
            return pad + "{}\n"
        for k, v in obj.items():
            if isinstance(v, (dict, list)) and v:
                out.append("%s%s:\n%s" % (pad, k, yaml_dump(v, indent + 1 if isinstance(v, dict) else indent)))
            else:
                out.append("%s%s: %s\n" % (pad, k, _scalar(v)))
        return "".join(out)
    if isinstance(obj, list):
        if not obj:
            return pad + "[]\n"
        for v in obj:
            if isinstance(v, dict) and v:
                body = yaml_dump(v, indent + 1)
                out.append(pad + "- " + body[len(pad) + 2:])
            elif isinstance(v, list) and v:
                out.append(pad + "-\n" + yaml_dump(v, indent + 1))
            else:
                out.append("%s- %s\n" % (pad, _scalar(v)))
        return "".join(out)
    return pad + _scalar(obj) + "\n"


def _scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    s = str(v)
    if s == "" or s[0] in "!&*{}[]|>@`\"'%#-?:,0123456789. " or s.lower() in ("true", "false", "null", "yes", "no", "on", "off") \
            or ": " in s or " #" in s or "\n" in s or s != s.strip():
        return json.dumps(s)
    return s


def manifest(objs, chart):
    docs = []
    for tpl, obj in objs:
        docs.append("---\n# Source: %s/templates/%s\n%s" % (chart, tpl, yaml_dump(obj)))
    return "".join(docs)


def go_time(t):
    frac = int((t % 1) * 1e9)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%09dZ" % frac


def encode(release):
    """Helm's encodeRelease: base64(gzip(json)). The Secret's data value is base64 of this."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as g:
        g.write(json.dumps(release, separators=(",", ":")).encode())
    return base64.b64encode(buf.getvalue()).decode()


def decode(secret_data_value):
    """Inverse: the Secret's data.release as served -> the release dict."""
    helm_payload = base64.b64decode(secret_data_value)
    return json.loads(gzip.decompress(base64.b64decode(helm_payload)))


def release(name, namespace, version, status, chart_name, chart_version, app_version, values, manifest_text,
            first, last, description, notes=""):
    return {
        "name": name,
        "info": {"first_deployed": go_time(first), "last_deployed": go_time(last), "deleted": "",
                 "description": description, "status": status, "notes": notes},
        "chart": {"metadata": {"name": chart_name, "version": chart_version, "description": "A Helm chart for %s" % chart_name,
                               "apiVersion": "v2", "appVersion": app_version, "type": "application"},
                  "lock": None,
                  "templates": [{"name": "templates/NOTES.txt", "data": base64.b64encode(notes.encode()).decode()}],
                  "values": values, "schema": None, "files": None},
        "config": values,
        "manifest": manifest_text,
        "version": version,
        "namespace": namespace,
    }


def secret(rel, created, modified=None):
    labels = {"name": rel["name"], "owner": "helm", "status": rel["info"]["status"], "version": str(rel["version"]),
              "createdAt": str(int(created))}
    if modified:
        labels["modifiedAt"] = str(int(modified))
    return {"apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
            "metadata": {"name": "sh.helm.release.v1.%s.v%d" % (rel["name"], rel["version"]),
                         "namespace": rel["namespace"], "labels": labels,
                         "creationTimestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(created))},
            "data": {"release": base64.b64encode(encode(rel).encode()).decode()}}


def populate_scale(st, releases, revisions, now=None, namespaces=10):
    """releases Helm releases of revisions revisions each over namespaces helm-0... (a bench):
    every revision superseded but the last, deployed; each manifest a Deployment and a
    Service, its image tag the revision's."""
    now = now or time.time()
    for k in range(min(namespaces, releases)):
        if st.entry("namespaces", "", "helm-%d" % k) is None:
            st.create("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "helm-%d" % k}})
    for i in range(releases):
        name, ns = "rel-%04d" % i, "helm-%d" % (i % namespaces)
        first = now - (revisions + 1) * 3600
        for v in range(1, revisions + 1):
            tag = "1.%d.%d" % (i % 7, v)
            labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name,
                      "app.kubernetes.io/managed-by": "Helm", "helm.sh/chart": "app-0.%d.0" % v}
            sel = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": name}
            objs = [("service.yaml", {"apiVersion": "v1", "kind": "Service",
                                      "metadata": {"name": name, "namespace": ns, "labels": labels},
                                      "spec": {"selector": sel, "ports": [{"name": "http", "port": 80, "targetPort": 8080}]}}),
                    ("deployment.yaml", {"apiVersion": "apps/v1", "kind": "Deployment",
                                         "metadata": {"name": name, "namespace": ns, "labels": labels},
                                         "spec": {"replicas": 2, "selector": {"matchLabels": sel},
                                                  "template": {"metadata": {"labels": sel},
                                                               "spec": {"containers": [{"name": "app", "image": "registry.example.com/app:" + tag,
                                                                                        "ports": [{"containerPort": 8080}]}]}}}})]
            t = first + v * 3600
            last = v == revisions
            rel = release(name, ns, v, "deployed" if last else "superseded", "app", "0.%d.0" % v, tag,
                          {"replicaCount": 2, "image": {"tag": tag}}, manifest(objs, "app"), first, t,
                          "Install complete" if v == 1 else "Upgrade complete")
            obj = secret(rel, t, None if last else t + 3600)
            st.create("secrets", obj)
