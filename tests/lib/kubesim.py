"""Python helpers to run kubesim in tests.

    with Kubesim(tmpdir, "--tls") as ks:        # starts it, waits until it listens
        ks.port, ks.url, ks.kubeconfig, ks.dir
        ks.fault({"dropWatches": True})
        code, headers, body = ks.request("GET", "/api/v1/pods", user="viewer")
        ks.kubectl("get", "pods", context="dev")  -> CompletedProcess
Several instances may run side by side.
"""
import base64
import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import tempfile
import time

TOP = os.environ.get("KDECK_TOP") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("KUBESIM_BIN") or os.path.join(TOP, "contrib", "kubesim", "kubesim")


class Kubesim:
    def __init__(self, dir=None, *args):
        self.dir = dir or tempfile.mkdtemp(prefix="ks-test-")
        self.args = list(args)
        self.proc = None
        self.port = None
        self.url = None
        self.kubeconfig = os.path.join(self.dir, "kubeconfig")
        self._users = {}

    def start(self, timeout=120):
        os.makedirs(self.dir, exist_ok=True)
        pf = os.path.join(self.dir, "port")
        if os.path.exists(pf):
            os.unlink(pf)
        out = open(os.path.join(self.dir, "kubesim.out"), "ab")
        self.proc = subprocess.Popen([BIN, "--port", "0", "--port-file", pf, "--pid-file",
                                      os.path.join(self.dir, "pid"), "--kubeconfig-out", self.kubeconfig]
                                     + self.args, stdout=out, stderr=out)
        deadline = time.monotonic() + timeout
        while not (os.path.exists(pf) and os.path.getsize(pf) > 0):
            if self.proc.poll() is not None:
                raise RuntimeError("kubesim exited with %s: %s" % (
                    self.proc.returncode, open(os.path.join(self.dir, "kubesim.out")).read()))
            if time.monotonic() > deadline:
                raise RuntimeError("kubesim did not start")
            time.sleep(0.02)
        self.port = int(open(pf).read())
        self._read_kubeconfig()
        return self

    def _read_kubeconfig(self):
        text = open(self.kubeconfig).read()
        self.url = re.search(r'server: "([^"]+)"', text).group(1)
        users = text.split("\nusers:\n", 1)[1]
        for block in re.split(r"\n- name: ", "\n" + users)[1:]:
            name = block.split("\n", 1)[0].strip()
            u = {}
            m = re.search(r'token: "([^"]+)"', block)
            if m:
                u["token"] = m.group(1)
            m = re.search(r"client-certificate-data: (\S+)", block)
            if m:
                u["cert"] = base64.b64decode(m.group(1))
                u["key"] = base64.b64decode(re.search(r"client-key-data: (\S+)", block).group(1))
            self._users[name] = u

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def connection(self, user="admin", timeout=30):
        host = "127.0.0.1"
        if self.url.startswith("https"):
            ctx = ssl._create_unverified_context()
            u = self._users.get(user, {})
            if "cert" in u:
                d = tempfile.mkdtemp(prefix="ks-cred-")
                c, k = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
                open(c, "wb").write(u["cert"])
                open(k, "wb").write(u["key"])
                ctx.load_cert_chain(c, k)
            return http.client.HTTPSConnection(host, self.port, context=ctx, timeout=timeout)
        return http.client.HTTPConnection(host, self.port, timeout=timeout)

    def headers_for(self, user):
        u = self._users.get(user, {})
        return {"Authorization": "Bearer " + u["token"]} if "token" in u else {}

    def request(self, method, path, body=None, user="admin", headers=None, timeout=30):
        """(status, headers dict, parsed JSON body or raw bytes)."""
        c = self.connection(user, timeout)
        h = self.headers_for(user) if user else {}
        h.update(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            h.setdefault("Content-Type", "application/json")
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        try:
            data = json.loads(data)
        except ValueError:
            pass
        return r.status, dict(r.getheaders()), data

    def fault(self, spec):
        c = self.connection(None)
        c.request("POST", "/kubesim/faults", body=json.dumps(spec), headers={"Content-Type": "application/json"})
        r = c.getresponse()
        return json.loads(r.read())

    def kubectl(self, *args, context=None, input=None, timeout=60, env=None):
        cmd = ["kubectl", "--kubeconfig", self.kubeconfig] + (["--context", context] if context else []) + list(args)
        e = dict(os.environ)
        e.update(env or {})
        return subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=timeout, env=e)

    def request_log(self):
        """Parsed lines of --request-log, when it was given as DIR/requests.log."""
        p = os.path.join(self.dir, "requests.log")
        if not os.path.exists(p):
            return []
        return [json.loads(line) for line in open(p) if line.strip()]
