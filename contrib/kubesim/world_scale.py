"""The --pods N --namespaces M scale mode: realistic pods (3-6 KB of JSON: labels, an owning
ReplicaSet, several containers with env, ports, resources, probes, volume mounts, a full
status) built from one template with names, uids and IPs varied, loaded with bulk_insert."""
import copy
import hashlib
import time
import uuid

import world_pods
import world_util as U

PODS_PER_RS = 10
PODS_PER_NODE = 100


def _container(name, image, port, i):
    c = {"name": name, "image": image, "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "http" if port != 9090 else "metrics", "containerPort": port, "protocol": "TCP"}],
            "env": [{"name": "APP_ENV", "value": "production"}, {"name": "LOG_LEVEL", "value": "info"},
                    {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                    {"name": "POD_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}}],
            "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": port, "scheme": "HTTP"}, "initialDelaySeconds": 5,
                               "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
            "livenessProbe": {"httpGet": {"path": "/live", "port": port, "scheme": "HTTP"}, "initialDelaySeconds": 15,
                              "periodSeconds": 20, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
            "volumeMounts": [{"name": "config", "mountPath": "/etc/app", "readOnly": True},
                             {"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                              "readOnly": True}],
            "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}
    if i > 0:
        del c["livenessProbe"]
        c["env"] = c["env"][:2]
        c["volumeMounts"] = c["volumeMounts"][1:]
    return c


def _suffix(i):
    out = []
    n = i * 7919 + 104729
    for _ in range(5):
        out.append(U.SAFE[n % 27])
        n //= 27
    return "".join(out)


def _uid(seed, i):
    h = "%032x" % ((seed + i * 0x9E3779B97F4A7C15) & ((1 << 128) - 1))
    return "%s-%s-4%s-a%s-%s" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])


def build(store, pods, namespaces, cluster):
    t = time.time() - 3600
    ts = U.rfc3339(t)
    nnodes = max(3, (pods + PODS_PER_NODE - 1) // PODS_PER_NODE)
    nodes = []
    for i in range(nnodes):
        name = "scale-node-%04d" % i
        cap = {"cpu": "32", "memory": "131072Mi", "pods": str(PODS_PER_NODE + 10), "ephemeral-storage": "100Gi"}
        nodes.append({"apiVersion": "v1", "kind": "Node",
                      "metadata": {"name": name, "creationTimestamp": ts,
                                   "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                                              "kubernetes.io/arch": "amd64", "node-role.kubernetes.io/worker": ""}},
                      "spec": {"podCIDR": "10.%d.%d.0/24" % (100 + i // 256, i % 256)},
                      "status": {"capacity": cap, "allocatable": dict(cap),
                                 "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                                                 "message": "kubelet is posting ready status",
                                                 "lastHeartbeatTime": ts, "lastTransitionTime": ts}],
                                 "addresses": [{"type": "InternalIP", "address": "172.20.%d.%d" % (i // 250, i % 250 + 1)},
                                               {"type": "Hostname", "address": name}],
                                 "nodeInfo": {"kubeletVersion": "v1.32.2", "containerRuntimeVersion": "containerd://1.7.24",
                                              "osImage": "Ubuntu 22.04.4 LTS", "kernelVersion": "5.15.0-105-generic",
                                              "operatingSystem": "linux", "architecture": "amd64"}}})
    store.bulk_insert("nodes", nodes)
    nsnames = ["scale-%03d" % i for i in range(namespaces)]
    with store.lock:
        for ns in nsnames:
            if store.entry("namespaces", "", ns) is None:
                store.create("namespaces", {"metadata": {"name": ns, "creationTimestamp": ts,
                                                         "labels": {"kubesphere.io/workspace": "scale"},
                                                         "annotations": {"field.cattle.io/projectId": "%s:p-scale" % cluster}}})
    world_pods.SCALE_NS.update(nsnames)
    spec = {"containers": [_container("app", "ghcr.io/kdeck/scale-app:1.4.2", 8080, 0),
                           _container("metrics", "quay.io/prometheus/statsd-exporter:v0.26.0", 9090, 1),
                           _container("log-shipper", "fluent/fluent-bit:2.2.2", 2020, 2)],
            "volumes": [{"name": "config", "configMap": {"name": "app-config", "defaultMode": 420}},
                        {"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [
                            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}}]}}],
            "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
            "serviceAccountName": "default", "serviceAccount": "default", "securityContext": {},
            "schedulerName": "default-scheduler", "enableServiceLinks": True, "priority": 0,
            "preemptionPolicy": "PreemptLowerPriority",
            "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                             "tolerationSeconds": 300},
                            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                             "tolerationSeconds": 300}]}
    rs_objs, pod_objs = [], []
    images = [(c["name"], U.full_image(c["image"]), U.image_id(c["image"])) for c in spec["containers"]]
    running = {"running": {"startedAt": ts}}
    seed = uuid.uuid4().int
    nrs = (pods + PODS_PER_RS - 1) // PODS_PER_RS
    per_ns = max(1, (nrs + namespaces - 1) // namespaces)
    made = 0
    for r in range(nrs):
        ns = nsnames[min(r // per_ns, namespaces - 1)]
        app = "svc-%05d" % r
        h = U.safe_encode(str(U.fnv32a(app.encode())))
        rsname = "%s-%s" % (app, h)
        rs_uid = str(uuid.uuid4())
        labels = {"app": app, "pod-template-hash": h, "team": "team-%d" % (r % 7), "tier": "backend"}
        n = min(PODS_PER_RS, pods - made)
        rs_objs.append({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                        "metadata": {"name": rsname, "namespace": ns, "uid": rs_uid, "labels": dict(labels),
                                     "annotations": {"deployment.kubernetes.io/revision": "1"}, "generation": 1,
                                     "creationTimestamp": ts},
                        "spec": {"replicas": n, "selector": {"matchLabels": {"app": app, "pod-template-hash": h}},
                                 "template": {"metadata": {"labels": dict(labels), "creationTimestamp": None},
                                              "spec": spec}},
                        "status": {"replicas": n, "fullyLabeledReplicas": n, "readyReplicas": n, "availableReplicas": n,
                                   "observedGeneration": 1}})
        owner = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rsname, "uid": rs_uid,
                  "controller": True, "blockOwnerDeletion": True}]
        for k in range(n):
            i = made
            made += 1
            node = i // PODS_PER_NODE
            nodename = "scale-node-%04d" % node
            pname = "%s-%s" % (rsname, _suffix(i))
            uid = _uid(seed, i)
            ip = "10.%d.%d.%d" % (100 + node // 256, node % 256, i % PODS_PER_NODE + 2)
            host = "172.20.%d.%d" % (node // 250, node % 250 + 1)
            css = []
            cid = uid.replace("-", "")
            for c, img, iid in images:
                css.append({"name": c, "state": running, "lastState": {}, "ready": True,
                            "restartCount": 0, "image": img, "imageID": iid,
                            "containerID": "containerd://%s%s" % (cid, c[:1] * 32), "started": True})
            conds = [{"type": t_, "status": "True", "lastProbeTime": None, "lastTransitionTime": ts}
                     for t_ in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")]
            pod_objs.append({"apiVersion": "v1", "kind": "Pod",
                             "metadata": {"name": pname, "generateName": rsname + "-", "namespace": ns, "uid": uid,
                                          "labels": labels, "ownerReferences": owner, "creationTimestamp": ts,
                                          "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "9090"}},
                             "spec": dict(spec, nodeName=nodename),
                             "status": {"phase": "Running", "conditions": conds, "hostIP": host, "hostIPs": [{"ip": host}],
                                        "podIP": ip, "podIPs": [{"ip": ip}], "startTime": ts, "containerStatuses": css,
                                        "qosClass": "Burstable"}})
    store.bulk_insert("replicasets.apps", rs_objs)
    store.bulk_insert("pods", pod_objs)
