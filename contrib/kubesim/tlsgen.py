"""A throwaway CA, a server certificate (SAN 127.0.0.1, localhost) and client certificates,
made with the openssl command into a folder."""
import os
import subprocess

KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def _run(args, cwd):
    subprocess.run(["openssl"] + args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make(folder, users=(("admin", "system:masters"), ("viewer", None), ("dev", None))):
    """Writes ca.crt/ca.key, server.crt/server.key and USER.crt/USER.key; returns the paths.
    Those already in the folder (a --state-dir kept from an earlier run) are used again, as a
    restarted API server keeps its CA: a client's kubeconfig stays valid."""
    os.makedirs(folder, exist_ok=True)
    paths = {n: (os.path.join(folder, n + ".crt"), os.path.join(folder, n + ".key"))
             for n in ["ca", "server"] + [u for u, _ in users]}
    if all(os.path.exists(c) and os.path.exists(k) for c, k in paths.values()):
        return paths
    _run(["req", "-x509"] + KEY + ["-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
                                   "-subj", "/CN=kubesim-ca",
                                   "-addext", "basicConstraints=critical,CA:TRUE",
                                   "-addext", "keyUsage=critical,keyCertSign,cRLSign"], folder)
    with open(os.path.join(folder, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n")
    with open(os.path.join(folder, "client.ext"), "w") as f:
        f.write("extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
    certs = [("server", "/CN=kube-apiserver", "server.ext")]
    for u, org in users:
        certs.append((u, "/O=%s/CN=%s" % (org, u) if org else "/CN=%s" % u, "client.ext"))
    for name, subj, ext in certs:
        _run(["req"] + KEY + ["-keyout", name + ".key", "-out", name + ".csr", "-subj", subj], folder)
        _run(["x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
              "-out", name + ".crt", "-days", "365", "-extfile", ext], folder)
    return {n: (os.path.join(folder, n + ".crt"), os.path.join(folder, n + ".key"))
            for n in ["ca", "server"] + [u for u, _ in users]}
