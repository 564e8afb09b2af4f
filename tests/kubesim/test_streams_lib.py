"""Helpers for the streams suites (imported, not run): a kubesim to talk to, pods to use, and
polling with deadlines.

start_server() starts the real contrib/kubesim/kubesim when it exists (with --port-file and
--kubeconfig-out); otherwise a minimal stand-in speaking just enough API (discovery, pods,
and the streaming subresources through streams.handle) over plain HTTP, with its own pods.
"""

import copy
import datetime
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

TOP = os.environ.get("KDECK_TOP") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SIM = os.path.join(TOP, "contrib", "kubesim")
sys.path.insert(0, SIM)

import streams  # noqa: E402


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def wait_for(fn, secs=10.0, step=0.05):
    deadline = time.monotonic() + secs
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() > deadline:
            return v
        time.sleep(step)


def make_pods(t0):
    def pod(name, containers, statuses, phase="Running", node="node-1", ann=None, eph=None, eph_st=None):
        p = {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": name, "namespace": "default", "uid": "uid-" + name, "resourceVersion": "1",
                          "creationTimestamp": iso(t0 - 3600), "annotations": ann or {}},
             "spec": {"containers": containers, "restartPolicy": "Always"},
             "status": {"phase": phase, "containerStatuses": statuses, "podIP": "10.244.0.9"}}
        if node:
            p["spec"]["nodeName"] = node
        if eph:
            p["spec"]["ephemeralContainers"] = eph
        if eph_st:
            p["status"]["ephemeralContainerStatuses"] = eph_st
        return p

    def running(name, started, restarts=0, last=None):
        s = {"name": name, "ready": True, "restartCount": restarts, "image": "x",
             "state": {"running": {"startedAt": iso(started)}}, "lastState": {}}
        if last:
            s["lastState"] = {"terminated": last}
        return s

    c = lambda n, img, **kw: dict({"name": n, "image": img, "env": [{"name": "GREETING", "value": "hello"}]}, **kw)
    pods = [
        pod("web", [c("web", "nginx:1.25")], [running("web", t0 - 600)]),
        pod("api", [c("api", "ghcr.io/acme/api:v2"), c("sidecar", "envoyproxy/envoy:v1.29")],
            [running("api", t0 - 300), running("sidecar", t0 - 300)],
            ann={"kubectl.kubernetes.io/default-container": "api"}),
        pod("crash", [c("app", "ghcr.io/acme/worker:v1")],
            [{"name": "app", "ready": False, "restartCount": 4, "image": "x",
              "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 1m20s"}},
              "lastState": {"terminated": {"exitCode": 2, "reason": "Error", "startedAt": iso(t0 - 90),
                                           "finishedAt": iso(t0 - 60)}}}]),
        pod("flappy", [c("app", "ghcr.io/acme/api:v2")],
            [running("app", t0 - 120, 2, {"exitCode": 1, "reason": "Error", "startedAt": iso(t0 - 400),
                                          "finishedAt": iso(t0 - 121)})]),
        pod("creating", [c("app", "nginx")],
            [{"name": "app", "ready": False, "restartCount": 0, "image": "nginx",
              "state": {"waiting": {"reason": "ContainerCreating"}}, "lastState": {}}], phase="Pending"),
        pod("unscheduled", [c("app", "nginx")], [], phase="Pending", node=None),
        pod("distroless", [c("app", "gcr.io/distroless/static:nonroot")], [running("app", t0 - 500)]),
        pod("debugme", [c("app", "gcr.io/distroless/static:nonroot")], [running("app", t0 - 500)],
            eph=[{"name": "debugger", "image": "busybox", "targetContainerName": "app", "stdin": True,
                  "tty": True}],
            eph_st=[{"name": "debugger", "image": "busybox", "restartCount": 0, "ready": False,
                     "state": {"running": {"startedAt": iso(t0 - 5)}}, "lastState": {}}]),
    ]
    return {p["metadata"]["name"]: p for p in pods}


class FakeStore:
    def __init__(self, pods):
        self.pods = pods
        self.lock = threading.RLock()

    def get(self, kind, ns, name):
        with self.lock:
            p = self.pods.get(name) if kind == "pods" and ns == "default" else None
            return copy.deepcopy(p)

    def now(self):
        return time.time()


class StandIn(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def _json(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.do_GET()

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        parts = [p for p in u.path.split("/") if p]
        store = self.server.store
        if u.path == "/version":
            return self._json(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.0"})
        if u.path == "/api":
            return self._json(200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]})
        if u.path == "/apis":
            return self._json(200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": []})
        if u.path == "/api/v1":
            res = [{"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod",
                    "verbs": ["get", "list"], "shortNames": ["po"]}]
            for s in ("log", "exec", "attach", "portforward"):
                res.append({"name": "pods/" + s, "singularName": "", "namespaced": True, "kind": "Pod",
                            "verbs": ["get"] if s == "log" else ["create", "get"]})
            return self._json(200, {"kind": "APIResourceList", "groupVersion": "v1", "resources": res})
        if u.path in ("/api/v1/pods", "/api/v1/namespaces/default/pods"):
            with store.lock:
                items = [copy.deepcopy(p) for p in store.pods.values()]
            return self._json(200, {"kind": "PodList", "apiVersion": "v1", "metadata": {"resourceVersion": "1"},
                                    "items": items})
        if len(parts) >= 6 and parts[:3] == ["api", "v1", "namespaces"] and parts[4] == "pods":
            ns, name = parts[3], parts[5]
            if len(parts) == 7:
                if streams.handle(self, "admin", ns, name, parts[6], q):
                    return
            elif len(parts) == 6:
                p = store.get("pods", ns, name)
                if p:
                    return self._json(200, p)
                return self._json(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                        "message": 'pods "%s" not found' % name, "reason": "NotFound", "code": 404})
        self._json(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": "not found",
                         "reason": "NotFound", "code": 404})


class Server:
    """.port, .kubeconfig, .store (stand-in only), .real, .stop()"""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="kubesim-streams-test-")
        self.kubeconfig = os.path.join(self.tmp, "kubeconfig")
        self.proc = None
        self.httpd = None
        self.real = False
        self.store = None
        self.scheme = "http"

    def start_standin(self):
        self.store = FakeStore(make_pods(time.time()))
        streams.configure(self.store)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
        self.httpd.daemon_threads = True
        self.httpd.store = self.store
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        with open(self.kubeconfig, "w") as f:
            f.write(KUBECONFIG % {"port": self.port})
        return self

    def stop(self):
        if self.httpd:
            self.httpd.shutdown()
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        import shutil
        shutil.rmtree(self.tmp, ignore_errors=True)


KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- name: standin
  cluster:
    server: http://127.0.0.1:%(port)d
contexts:
- name: admin
  context: {cluster: standin, user: admin, namespace: default}
current-context: admin
users:
- name: admin
  user: {token: standin}
"""


class Report:
    def __init__(self):
        self.failed = False

    def ok(self, name):
        print("PASS " + name, flush=True)

    def bad(self, name, why):
        print("FAIL %s: %s" % (name, str(why).replace("\n", "\\n")[:600]), flush=True)
        self.failed = True

    def skip(self, name, why):
        print("SKIP %s: %s" % (name, why), flush=True)

    def check(self, name, cond, why=""):
        (self.ok(name) if cond else self.bad(name, why or "check failed"))

    def run(self, name, fn):
        try:
            fn()
            self.ok(name)
        except AssertionError as e:
            self.bad(name, e)
        except Exception as e:
            self.bad(name, "%s: %s" % (type(e).__name__, e))


# -- the real kubesim ---------------------------------------------------------------------------

def start_real(extra=()):
    """Start contrib/kubesim/kubesim with the demo world over HTTPS (plain HTTP acts as the
    old insecure port, where every client is admin); None when it is not there (yet)."""
    exe = os.path.join(SIM, "kubesim")
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        return None
    s = Server()
    s.real = True
    port_file = os.path.join(s.tmp, "port")
    s.proc = subprocess.Popen([exe, "--port", "0", "--port-file", port_file, "--kubeconfig-out", s.kubeconfig,
                               "--state", "demo", "--tls"] + list(extra),
                              stdout=subprocess.DEVNULL, stderr=open(os.path.join(s.tmp, "stderr"), "w"))
    ok = wait_for(lambda: os.path.exists(port_file) and open(port_file).read().strip()
                  and os.path.exists(s.kubeconfig), 15)
    if not ok:
        s.stop()
        raise RuntimeError("kubesim did not start: " + open(os.path.join(s.tmp, "stderr")).read()[-2000:])
    s.port = int(open(port_file).read().strip())
    return s


def conn_info(kubeconfig, context=None):
    """(host, port, ssl context or None, headers) for raw requests as the kubeconfig's user."""
    import base64 as b64
    import ssl
    args = ["kubectl", "--kubeconfig", kubeconfig, "config", "view", "--raw", "--minify", "-o", "json"]
    if context:
        args += ["--context", context]
    cfg = json.loads(subprocess.check_output(args))
    cluster = cfg["clusters"][0]["cluster"]
    user = cfg["users"][0]["user"] if cfg.get("users") else {}
    u = urllib.parse.urlsplit(cluster["server"])
    headers = {}
    ctx = None
    tmp = tempfile.mkdtemp(prefix="kubesim-conn-")
    import atexit
    import shutil
    atexit.register(shutil.rmtree, tmp, True)

    def materialize(data_key, file_key, src):
        if src.get(data_key):
            path = os.path.join(tmp, data_key)
            with open(path, "wb") as f:
                f.write(b64.b64decode(src[data_key]))
            return path
        return src.get(file_key)

    if u.scheme == "https":
        ctx = ssl.create_default_context()
        ca = materialize("certificate-authority-data", "certificate-authority", cluster)
        if ca:
            ctx.load_verify_locations(ca)
        if cluster.get("insecure-skip-tls-verify"):
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        cert = materialize("client-certificate-data", "client-certificate", user)
        key = materialize("client-key-data", "client-key", user)
        if cert and key:
            ctx.load_cert_chain(cert, key)
    if user.get("token"):
        headers["Authorization"] = "Bearer " + user["token"]
    return u.hostname, u.port or (443 if u.scheme == "https" else 80), ctx, headers


def http_get(info, path):
    """(status, body bytes) of a plain GET."""
    import http.client
    host, port, ctx, headers = info
    c = (http.client.HTTPSConnection(host, port, context=ctx, timeout=10) if ctx
         else http.client.HTTPConnection(host, port, timeout=10))
    c.request("GET", path, headers=headers)
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, body
