"""Helpers shared by the controllers and the demo world: hashes as the controllers compute
them, quantities, timestamps, images and the event recorder."""
import copy
import hashlib
import json
import re
import time

import defaults
import errors

SAFE = "bcdfghjklmnpqrstvwxz2456789"


def fnv32a(data):
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def fnv32(data):
    h = 0x811C9DC5
    for b in data:
        h = (h * 0x01000193) & 0xFFFFFFFF
        h ^= b
    return h


def safe_encode(s):
    """k8s.io/apimachinery/pkg/util/rand.SafeEncodeString."""
    return "".join(SAFE[ord(c) % len(SAFE)] for c in s)


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def normal_template(tpl):
    """A pod template with the apiserver's defaults, without pod-template-hash: the form
    templates are compared and hashed in (EqualIgnoreHash)."""
    t = copy.deepcopy(tpl or {})
    defaults._template(t)
    labels = (t.get("metadata") or {}).get("labels")
    if labels and "pod-template-hash" in labels:
        labels = dict(labels)
        del labels["pod-template-hash"]
        t["metadata"]["labels"] = labels
        if not labels:
            del t["metadata"]["labels"]
    return t


def template_hash(tpl, collision=None):
    """controller.ComputeHash: FNV-32a over the template, safe-encoded decimal."""
    data = canonical(normal_template(tpl))
    if collision:
        data += str(collision).encode()
    return safe_encode(str(fnv32a(data)))


def equal_ignore_hash(a, b):
    return normal_template(a) == normal_template(b)


def revision_data(tpl):
    """ControllerRevision data of StatefulSets and DaemonSets, keys sorted as Go's json does."""
    t = copy.deepcopy(tpl)
    t["$patch"] = "replace"
    return {"spec": {"template": t}}


def revision_hash(data, collision=None):
    """controller.HashControllerRevision: FNV-32 over the raw data."""
    raw = canonical(data)
    if collision:
        raw += str(collision).encode()
    return safe_encode(str(fnv32(raw)))


# ---- time ----------------------------------------------------------------------------------

def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def parse_time(s):
    if not s:
        return None
    try:
        import calendar
        return calendar.timegm(time.strptime(s[:19], "%Y-%m-%dT%H:%M:%S"))
    except ValueError:
        return None


# ---- quantities ----------------------------------------------------------------------------

_SUFFIX = {"Ki": 1024, "Mi": 1024 ** 2, "Gi": 1024 ** 3, "Ti": 1024 ** 4, "Pi": 1024 ** 5,
           "k": 1000, "M": 1000 ** 2, "G": 1000 ** 3, "T": 1000 ** 4, "P": 1000 ** 5, "E": 1000 ** 6,
           "m": 0.001, "u": 1e-6, "n": 1e-9, "": 1}


def quantity(q):
    """A resource quantity -> float (cores for cpu, bytes for memory)."""
    if q is None:
        return 0.0
    if isinstance(q, (int, float)):
        return float(q)
    m = re.match(r"^([0-9.]+)([a-zA-Z]*)$", str(q).strip())
    if not m:
        return 0.0
    return float(m.group(1)) * _SUFFIX.get(m.group(2), 1)


def pod_requests(spec):
    cpu = mem = 0.0
    for c in (spec or {}).get("containers") or []:
        r = (c.get("resources") or {})
        req = r.get("requests") or r.get("limits") or {}
        cpu += quantity(req.get("cpu"))
        mem += quantity(req.get("memory"))
    return cpu, mem


def int_or_percent(v, total, round_up):
    if v is None:
        return 0
    if isinstance(v, str) and v.endswith("%"):
        try:
            p = float(v[:-1])
        except ValueError:
            return 0
        x = p * total / 100.0
        import math
        return int(math.ceil(x)) if round_up else int(math.floor(x))
    try:
        return int(v)
    except (TypeError, ValueError):
        return 0


# ---- images ----------------------------------------------------------------------------------

def full_image(image):
    """The image reference as the container runtime reports it (docker.io/library/nginx:1.25)."""
    name = image or ""
    if "@" not in name and ":" not in name.rsplit("/", 1)[-1]:
        name += ":latest"
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = "docker.io/library/" + name
    elif "." not in first and ":" not in first and first != "localhost":
        name = "docker.io/" + name
    return name


def image_tag(image):
    last = (image or "").rsplit("/", 1)[-1]
    if "@" in last:
        return ""
    return last.split(":", 1)[1] if ":" in last else "latest"


def image_id(image):
    full = full_image(image)
    repo = full.split("@", 1)[0]
    last = repo.rsplit("/", 1)
    if ":" in last[-1]:
        repo = repo[:repo.rfind(":")]
    return "%s@sha256:%s" % (repo, hashlib.sha256(full.encode()).hexdigest())


def container_id(seed):
    return "containerd://" + hashlib.sha256(seed.encode()).hexdigest()


# ---- events ----------------------------------------------------------------------------------

class Recorder:
    """Writes core/v1 Events as client-go's recorder does, aggregating repeats (count++)."""

    def __init__(self, store, clock, limit=3000):
        self.store = store
        self.clock = clock            # .wall() -> epoch seconds
        self.index = {}               # (uid, reason, message, fieldPath, component) -> (ns, name)
        self.order = []
        self.limit = limit
        self.seq = 0

    def event(self, obj, reason, message, type_="Normal", component="kubelet", host=None, field_path=None):
        meta = obj.get("metadata") or {}
        ns = meta.get("namespace") or "default"
        uid = meta.get("uid", "")
        key = (uid, reason, message, field_path, component)
        now = self.clock.wall()
        ts = rfc3339(now)
        st = self.store
        with st.lock:
            ref = self.index.get(key)
            if ref is not None:
                ev = st.get("events", ref[0], ref[1])
                if ev is not None:
                    ev["count"] = int(ev.get("count") or 1) + 1
                    ev["lastTimestamp"] = ts
                    try:
                        st.update("events", ev)
                        return
                    except errors.ApiError:
                        pass
            self.seq += 1
            name = "%s.%x" % (meta.get("name", "obj"), int(now * 1e9) + self.seq)
            inv = {"kind": obj.get("kind", ""), "namespace": meta.get("namespace", ""), "name": meta.get("name", ""),
                   "uid": uid, "apiVersion": obj.get("apiVersion", ""), "resourceVersion": meta.get("resourceVersion", "")}
            if not meta.get("namespace"):
                inv.pop("namespace")
            if field_path:
                inv["fieldPath"] = field_path
            src = {"component": component}
            if host:
                src["host"] = host
            ev = {"apiVersion": "v1", "kind": "Event",
                  "metadata": {"name": name, "namespace": ns, "creationTimestamp": ts},
                  "involvedObject": inv, "reason": reason, "message": message, "source": src,
                  "firstTimestamp": ts, "lastTimestamp": ts, "count": 1, "type": type_,
                  "eventTime": None, "reportingComponent": component if component != "kubelet" else "kubelet",
                  "reportingInstance": host or ""}
            try:
                st.create("events", ev)
            except errors.ApiError:
                return
            self.index[key] = (ns, name)
            self.order.append((key, ns, name))
            if len(self.order) > self.limit:
                old_key, ons, oname = self.order.pop(0)
                self.index.pop(old_key, None)
                try:
                    st.delete("events", ons, oname)
                except errors.ApiError:
                    pass
