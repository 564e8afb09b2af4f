"""The kubeconfig kubesim writes: one context per user, current-context admin."""
import base64
import os


def _b64file(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()


def _q(s):
    return '"%s"' % str(s).replace("\\", "\\\\").replace('"', '\\"')


def write(path, cluster, server, ca_path, certs, tokens, plugin_cmd, plugin_env):
    """certs: {user: (crt, key)} for users authenticated by certificate; tokens: {user: token}."""
    lines = ["apiVersion: v1", "kind: Config", "preferences: {}", "clusters:", "- name: " + _q(cluster),
             "  cluster:", "    server: " + _q(server)]
    if ca_path:
        lines.append("    certificate-authority-data: " + _b64file(ca_path))
    lines.append("contexts:")
    users = ["admin", "viewer", "dev", "plugin"]
    for u in users:
        lines += ["- name: " + u, "  context:", "    cluster: " + _q(cluster), "    user: " + u]
        if u == "dev":
            lines.append("    namespace: team-a")
    lines += ["current-context: admin", "users:"]
    for u in users:
        lines += ["- name: " + u, "  user:"]
        if u == "plugin":
            lines += ["    exec:", "      apiVersion: client.authentication.k8s.io/v1",
                      "      command: " + _q(plugin_cmd), "      args:", "      - --user", "      - plugin",
                      "      env:"]
            for k, v in plugin_env.items():
                lines += ["      - name: " + k, "        value: " + _q(v)]
            lines += ["      interactiveMode: Never", "      provideClusterInfo: false"]
        elif u in certs:
            crt, key = certs[u]
            lines += ["    client-certificate-data: " + _b64file(crt), "    client-key-data: " + _b64file(key)]
        else:
            lines.append("    token: " + _q(tokens[u]))
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
