"""Time-stepped controllers: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs,
CronJobs, Endpoints, PodDisruptionBudgets, pods' lifecycle (world_pods), events, metrics and churn.

Interface (called by the `kubesim` entry point):
    ControllerManager(store, speed=1.0, churn=0)
        .start()   run on a background thread
        .stop()    stop and join

The controllers follow kubernetes/pkg/controller (deployment sync/rolling/recreate/progress,
replicaset, statefulset, daemonset, job, cronjob, endpoint, disruption): same names, labels,
annotations, conditions, messages and events, driven by a work queue fed by store changes and
timers in simulated seconds (--speed X makes X simulated seconds pass per real second).

The demo world is built by replaying history with the same controllers on a fixed clock
(replay_until); the live manager then takes over the replayed state.
"""
import bisect
import collections
import copy
import heapq
import random
import threading
import time
import traceback

import defaults
import errors
import faults
import world_pods
import world_util as U

REV = "deployment.kubernetes.io/revision"
REV_HIST = "deployment.kubernetes.io/revision-history"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAXREP = "deployment.kubernetes.io/max-replicas"
SKIP_COPY = {"kubectl.kubernetes.io/last-applied-configuration", REV, REV_HIST, DESIRED, MAXREP,
             "deprecated.deployment.rollback.to"}

_replayed = {}      # id(store) -> the manager that built the demo world


class Clock:
    """sim(): simulated seconds (timers); wall(): epoch seconds written into objects."""

    def __init__(self, speed):
        self.speed = speed if speed > 0 else 1.0
        self.m0 = time.monotonic()
        self.fixed = None            # replay: the wall time, which is also the sim time
        self.stamps = {}

    def sim(self):
        if self.fixed is not None:
            return self.fixed
        return (time.monotonic() - self.m0) * self.speed

    def wall(self):
        return self.fixed if self.fixed is not None else time.time()

    def ts(self):
        t = U.rfc3339(self.wall())
        if self.fixed is None and t not in self.stamps:
            self.stamps[t] = self.sim()
        return t

    def age(self, ts):
        """Simulated seconds since the wall timestamp ts."""
        if not ts:
            return 0.0
        if self.fixed is not None:
            return self.fixed - (U.parse_time(ts) or self.fixed)
        s = self.stamps.get(ts)
        if s is not None:
            return self.sim() - s
        p = U.parse_time(ts)
        return (time.time() - p) * self.speed if p else 0.0


def controller_ref(obj):
    for r in (obj.get("metadata") or {}).get("ownerReferences") or []:
        if r.get("controller"):
            return r
    return None


def owner_ref(obj):
    m = obj["metadata"]
    return {"apiVersion": obj["apiVersion"], "kind": obj["kind"], "name": m["name"], "uid": m["uid"],
            "controller": True, "blockOwnerDeletion": True}


def match_selector(sel, labels):
    labels = labels or {}
    if not sel:
        return False
    for k, v in (sel.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in sel.get("matchExpressions") or []:
        k, op, vals = e.get("key"), e.get("operator"), e.get("values") or []
        if op == "In" and labels.get(k) not in vals:
            return False
        if op == "NotIn" and k in labels and labels[k] in vals:
            return False
        if op == "Exists" and k not in labels:
            return False
        if op == "DoesNotExist" and k in labels:
            return False
    return True


def pod_ready(pod):
    for c in (pod.get("status") or {}).get("conditions") or []:
        if c.get("type") == "Ready":
            return c.get("status") == "True"
    return False


def pod_active(pod):
    return not pod["metadata"].get("deletionTimestamp") and \
        (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed")


def _omit_zero(status, fields):
    for f in fields:
        if not status.get(f):
            status.pop(f, None)
    return status


def rev_of(rs):
    try:
        return int(((rs["metadata"].get("annotations") or {}).get(REV)) or 0)
    except ValueError:
        return 0


KIND_ITEM = {"ReplicaSet": "rs", "Deployment": "deploy", "StatefulSet": "sts", "DaemonSet": "ds", "Job": "job",
             "CronJob": "cron"}
KEY_ITEM = {"deployments.apps": "deploy", "replicasets.apps": "rs", "statefulsets.apps": "sts",
            "daemonsets.apps": "ds", "jobs.batch": "job", "cronjobs.batch": "cron", "services": "svc",
            "poddisruptionbudgets.policy": "pdb"}


class ControllerManager:
    def __init__(self, store, speed=1.0, churn=0):
        self.store = store
        self.speed = speed
        self.churn = churn
        self.thread = None
        self.stopping = threading.Event()
        self.wake = threading.Condition(threading.Lock())
        prev = _replayed.pop(id(store), None)
        if prev is not None:
            self._adopt(prev)
            return
        self.clock = Clock(speed)
        self.rec = U.Recorder(store, self.clock)
        self.queue = collections.OrderedDict()
        self.timers = []
        self.seq = 0
        self.progress = {}          # deployment uid -> lastUpdateTime string of Progressing we set
        self.pods = world_pods.PodWorld(self)
        self.subscribed = False

    def _adopt(self, prev):
        """Take over the manager that replayed the demo's history: shift its timers from the
        replay clock to this one."""
        self.clock = prev.clock
        end = prev.clock.fixed or time.time()
        prev.clock.fixed = None
        self.clock.speed = self.speed if self.speed > 0 else 1.0
        self.clock.m0 = time.monotonic()
        self.rec = prev.rec
        self.queue = prev.queue
        self.seq = prev.seq
        self.timers = [(max(0.0, t - end), s, item) for (t, s, item) in prev.timers]
        heapq.heapify(self.timers)
        self.progress = prev.progress
        self.pods = prev.pods
        self.pods.m = self
        self.pods.adopted(end)
        self.subscribed = prev.subscribed

    # ---- queue ---------------------------------------------------------------------------------
    def enqueue(self, item):
        with self.wake:
            self.queue[item] = True
            self.queue.move_to_end(item)
            self.wake.notify()

    def after(self, delay, item):
        """Enqueue item after delay simulated seconds."""
        with self.wake:
            self.seq += 1
            heapq.heappush(self.timers, (self.clock.sim() + max(0.0, delay), self.seq, item))
            self.wake.notify()

    def _on_change(self, type_, key, obj, old):
        meta = obj.get("metadata") or {}
        ns, name = meta.get("namespace", ""), meta.get("name", "")
        item = KEY_ITEM.get(key)
        if item:
            self.enqueue((item, ns, name))
        if key == "pods":
            self.pods.on_pod(type_, obj, old)
            if type_ != "DELETED":
                self.enqueue(("pod", ns, name))
            self._touch_ns(ns)
        if key in ("pods", "replicasets.apps", "jobs.batch", "controllerrevisions.apps"):
            ref = controller_ref(obj) or (controller_ref(old) if old else None)
            if ref and ref.get("kind") in KIND_ITEM:
                self.enqueue((KIND_ITEM[ref["kind"]], ns, ref.get("name")))
        if key == "nodes":
            self.pods.on_node(type_, obj)
            if type_ != "DELETED":
                self.enqueue(("node", "", name))
            for (dns, dname) in list(self.store.order.get("daemonsets.apps", ())):
                self.enqueue(("ds", dns, dname))
        if key in ("secrets", "configmaps", "persistentvolumeclaims") and type_ == "ADDED":
            self.pods.retry_waiting(ns)

    def _touch_ns(self, ns):
        st = self.store
        for key, item in (("services", "svc"), ("poddisruptionbudgets.policy", "pdb")):
            order = st.order.get(key)
            if not order:
                continue
            i = bisect.bisect_left(order, (ns, ""))
            while i < len(order) and order[i][0] == ns:
                self.enqueue((item, ns, order[i][1]))
                i += 1

    # ---- lifecycle -------------------------------------------------------------------------------
    def _subscribe(self):
        if not self.subscribed:
            self.store.subscribe(self._on_change)
            self.subscribed = True

    def start(self):
        self._subscribe()
        with self.store.lock:
            for key, item in KEY_ITEM.items():
                for (ns, name) in list(self.store.order.get(key, ())):
                    # the --pods scale world is made consistent: its ReplicaSets sync when their pods change
                    if ns not in world_pods.SCALE_NS:
                        self.enqueue((item, ns, name))
        self.pods.initial_scan()
        self.thread = threading.Thread(target=self._run, name="controllers", daemon=True)
        self.thread.start()

    def stop(self):
        self.stopping.set()
        with self.wake:
            self.wake.notify()
        if self.thread is not None:
            self.thread.join(5)

    def _run(self):
        last_metrics = 0.0
        last_churn = time.monotonic()
        while not self.stopping.is_set():
            try:
                # held (a fault): what a slow controller manager does, nothing for now
                if not faults.hold_controllers:
                    self._drain(budget=0.25)
                now = time.monotonic()
                if now - last_metrics >= 10.0:
                    last_metrics = now
                    self.pods.update_metrics()
                if self.churn > 0:
                    dt = now - last_churn
                    n = int(dt * self.churn)
                    if n > 0:
                        last_churn += n / float(self.churn)
                        self.pods.churn(n)
            except Exception:
                traceback.print_exc()
            with self.wake:
                if self.queue and not faults.hold_controllers:
                    continue
                delay = 0.5
                if self.timers:
                    delay = min(delay, max(0.0, (self.timers[0][0] - self.clock.sim()) / self.clock.speed))
                if self.churn > 0:
                    delay = min(delay, 0.05)
                if delay > 0:
                    self.wake.wait(delay)

    def _due(self):
        now = self.clock.sim()
        with self.wake:
            while self.timers and self.timers[0][0] <= now:
                _, _, item = heapq.heappop(self.timers)
                self.queue[item] = True

    def _drain(self, budget=None, limit=None):
        t0 = time.monotonic()
        n = 0
        self._due()
        while True:
            with self.wake:
                if not self.queue:
                    return n
                item, _ = self.queue.popitem(last=False)
            try:
                self.sync(item)
            except errors.ApiError as e:
                if e.code in (409, 404):
                    self.after(0.2, item)
            except Exception:
                traceback.print_exc()
            n += 1
            if budget is not None and time.monotonic() - t0 > budget:
                return n
            if limit is not None and n >= limit:
                return n

    # ---- replay (the demo's history) ---------------------------------------------------------------
    def begin_replay(self, wall):
        self.clock.fixed = float(wall)
        self._subscribe()
        self.pods.initial_scan()

    def replay_until(self, wall, max_steps=200000):
        steps = 0
        while steps < max_steps:
            steps += self._drain(limit=5000)
            with self.wake:
                if self.queue:
                    continue
                if not self.timers or self.timers[0][0] > wall:
                    break
                self.clock.fixed = max(self.clock.fixed, self.timers[0][0])
            self._due()
            steps += 1
        self.clock.fixed = max(self.clock.fixed, float(wall))

    def end_replay(self):
        _replayed[id(self.store)] = self

    # ---- dispatch ----------------------------------------------------------------------------------
    def sync(self, item):
        kind, ns, name = item
        st = self.store
        with st.lock:
            if kind == "deploy":
                self.sync_deployment(ns, name)
            elif kind == "rs":
                self.sync_replicaset(ns, name)
            elif kind == "sts":
                self.sync_statefulset(ns, name)
            elif kind == "ds":
                self.sync_daemonset(ns, name)
            elif kind == "job":
                self.sync_job(ns, name)
            elif kind == "cron":
                self.sync_cronjob(ns, name)
            elif kind == "svc":
                self.sync_endpoints(ns, name)
            elif kind == "pdb":
                self.sync_pdb(ns, name)
            elif kind == "pod":
                self.pods.sync(ns, name)
            elif kind == "node":
                self.sync_node_taints(name)

    # ---- helpers ---------------------------------------------------------------------------------------
    def owned(self, owner, key):
        st = self.store
        uid = owner["metadata"]["uid"]
        out = []
        for (k, ns, name) in list(st.owners.get(uid, ())):
            if k != key:
                continue
            e = st.entry(k, ns, name)
            if e is None:
                continue
            ref = controller_ref(e.obj)
            if ref and ref.get("uid") == uid:
                out.append(e.copy())
        out.sort(key=lambda o: (o["metadata"].get("creationTimestamp") or "", o["metadata"]["name"]))
        return out

    def update(self, key, obj, status=False):
        return self.store.update(key, obj, subresource="status" if status else None)

    def create_pod(self, owner, template, name=None, extra_labels=None, mutate=None):
        tpl = copy.deepcopy(template)
        tm = tpl.get("metadata") or {}
        meta = {"namespace": owner["metadata"]["namespace"], "labels": dict(tm.get("labels") or {}),
                "ownerReferences": [owner_ref(owner)], "creationTimestamp": self.clock.ts()}
        if tm.get("annotations"):
            meta["annotations"] = dict(tm["annotations"])
        if extra_labels:
            meta["labels"].update(extra_labels)
        if name:
            meta["name"] = name
        else:
            meta["generateName"] = owner["metadata"]["name"] + "-"
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": tpl.get("spec") or {}}
        if mutate:
            mutate(pod)
        return self.store.create("pods", pod)

    def delete_pod(self, pod):
        try:
            # while replaying history the kubelet's graceful stop is instant
            self.store.delete("pods", pod["metadata"]["namespace"], pod["metadata"]["name"],
                              grace_seconds=0 if self.clock.fixed is not None else None)
        except errors.ApiError:
            pass

    def event(self, obj, reason, message, type_="Normal", component="deployment-controller"):
        self.rec.event(obj, reason, message, type_, component)

    # ================= Deployments (pkg/controller/deployment) ========================================
    def sync_deployment(self, ns, name):
        st = self.store
        d = st.get("deployments.apps", ns, name)
        if d is None or d["metadata"].get("deletionTimestamp"):
            return
        rss = self.owned(d, "replicasets.apps")
        spec = d["spec"]
        if spec.get("paused"):
            return self._dep_sync(d, rss)
        if self._is_scaling_event(d, rss):
            return self._dep_sync(d, rss)
        if (spec.get("strategy") or {}).get("type") == "Recreate":
            return self._dep_recreate(d, rss)
        return self._dep_rolling(d, rss)

    def _replicas(self, d):
        r = d["spec"].get("replicas")
        return 1 if r is None else int(r)

    def _surge_unavail(self, d):
        strat = d["spec"].get("strategy") or {}
        if strat.get("type") == "Recreate":
            return 0, 0
        ru = strat.get("rollingUpdate") or {}
        n = self._replicas(d)
        surge = U.int_or_percent(ru.get("maxSurge", "25%"), n, True)
        unavail = U.int_or_percent(ru.get("maxUnavailable", "25%"), n, False)
        if surge == 0 and unavail == 0:
            unavail = 1
        return surge, unavail

    def _max_unavailable(self, d):
        n = self._replicas(d)
        if n == 0:
            return 0
        return min(self._surge_unavail(d)[1], n)

    def _split(self, d, rss):
        tpl = d["spec"].get("template")
        new = None
        for rs in rss:
            if U.equal_ignore_hash(rs["spec"].get("template"), tpl):
                new = rs
                break
        old = [rs for rs in rss if new is None or rs["metadata"]["uid"] != new["metadata"]["uid"]]
        return new, old

    def _is_scaling_event(self, d, rss):
        new, old = self._split(d, rss)
        active = [rs for rs in rss if (rs["spec"].get("replicas") or 0) > 0]
        if not active:
            return False
        for rs in active:
            want = (rs["metadata"].get("annotations") or {}).get(DESIRED)
            if want is None:
                continue
            if int(want) != self._replicas(d):
                return True
        return False

    def _get_new_rs(self, d, rss, create):
        """getNewReplicaSet: the RS matching the template with its revision synced; created when
        create is true. Returns (new_rs, old_rss, d)."""
        new, old = self._split(d, rss)
        max_old = max([rev_of(rs) for rs in old] or [0])
        new_revision = max_old + 1
        if new is not None:
            rs = copy.deepcopy(new)
            changed = self._set_new_rs_annotations(d, rs, new_revision, True)
            mrs = d["spec"].get("minReadySeconds", 0) or 0
            if (rs["spec"].get("minReadySeconds") or 0) != mrs:
                rs["spec"]["minReadySeconds"] = mrs
                changed = True
            if not mrs and "minReadySeconds" in rs["spec"]:
                del rs["spec"]["minReadySeconds"]      # omitempty
                changed = True
            if changed:
                rs = self.update("replicasets.apps", rs)
            d = self._set_dep_revision(d, (rs["metadata"].get("annotations") or {}).get(REV))
            if self._has_deadline(d) and self._cond(d, "Progressing") is None:
                c = self._new_cond("Progressing", "True", "FoundNewReplicaSet",
                                   'Found new replica set "%s"' % rs["metadata"]["name"])
                d = self._write_dep_status(d, self._set_cond(copy.deepcopy(d.get("status") or {}), c))
            return rs, old, d
        if not create:
            return None, old, d
        tpl = copy.deepcopy(d["spec"]["template"])
        collision = (d.get("status") or {}).get("collisionCount")
        h = U.template_hash(tpl, collision)
        tpl.setdefault("metadata", {}).setdefault("labels", {})["pod-template-hash"] = h
        sel = copy.deepcopy(d["spec"].get("selector") or {})
        sel.setdefault("matchLabels", {})["pod-template-hash"] = h
        rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": "%s-%s" % (d["metadata"]["name"], h), "namespace": d["metadata"]["namespace"],
                           "labels": dict(tpl["metadata"]["labels"]), "annotations": {},
                           "ownerReferences": [owner_ref(d)], "creationTimestamp": self.clock.ts()},
              "spec": {"replicas": 0, "selector": sel, "template": tpl}}
        if d["spec"].get("minReadySeconds"):
            rs["spec"]["minReadySeconds"] = d["spec"]["minReadySeconds"]
        all_rss = rss
        if (d["spec"].get("strategy") or {}).get("type") == "Recreate":
            n = self._replicas(d)
        else:
            n = self._new_rs_new_replicas(d, all_rss, rs)
        rs["spec"]["replicas"] = n
        self._set_new_rs_annotations(d, rs, new_revision, False)
        surge = self._surge_unavail(d)[0]
        rs["metadata"]["annotations"][DESIRED] = str(self._replicas(d))
        rs["metadata"]["annotations"][MAXREP] = str(self._replicas(d) + surge)
        try:
            created = self.store.create("replicasets.apps", rs)
        except errors.ApiError as e:
            if e.code != 409:
                raise
            cur = self.store.get("replicasets.apps", rs["metadata"]["namespace"], rs["metadata"]["name"])
            ref = controller_ref(cur or {}) or {}
            if cur is not None and ref.get("uid") == d["metadata"]["uid"] and \
                    U.equal_ignore_hash(cur["spec"]["template"], d["spec"]["template"]):
                return cur, old, d
            status = copy.deepcopy(d.get("status") or {})
            status["collisionCount"] = (status.get("collisionCount") or 0) + 1
            self._write_dep_status(d, status)
            raise errors.ApiError(409, "Conflict", "hash collision")
        if n > 0:
            self.event(d, "ScalingReplicaSet", "Scaled up replica set %s from 0 to %d" % (created["metadata"]["name"], n))
        d = self._set_dep_revision(d, str(new_revision))
        if self._has_deadline(d):
            c = self._new_cond("Progressing", "True", "NewReplicaSetCreated",
                               'Created new replica set "%s"' % created["metadata"]["name"])
            d = self._write_dep_status(d, self._set_cond(copy.deepcopy(d.get("status") or {}), c))
        return created, old, d

    def _set_new_rs_annotations(self, d, rs, new_revision, exists):
        ann = rs["metadata"].setdefault("annotations", {})
        changed = False
        for k, v in (d["metadata"].get("annotations") or {}).items():
            if k in SKIP_COPY:
                continue
            if ann.get(k) != v:
                ann[k] = v
                changed = True
        old_rev = ann.get(REV)
        try:
            old_int = int(old_rev) if old_rev else 0
        except ValueError:
            old_int = 0
        if old_int < new_revision:
            ann[REV] = str(new_revision)
            changed = True
            if old_rev:
                hist = ann.get(REV_HIST, "")
                ann[REV_HIST] = (hist + "," + old_rev) if hist else old_rev
        if not exists:
            changed = True
        return changed

    def _set_dep_revision(self, d, revision):
        if not revision:
            return d
        ann = d["metadata"].get("annotations") or {}
        if ann.get(REV) == revision:
            return d
        d = copy.deepcopy(d)
        d["metadata"].setdefault("annotations", {})[REV] = revision
        return self.update("deployments.apps", d)

    def _new_rs_new_replicas(self, d, all_rss, new_rs):
        n = self._replicas(d)
        surge = self._surge_unavail(d)[0]
        current = sum(rs["spec"].get("replicas") or 0 for rs in all_rss
                      if rs["metadata"].get("uid") != new_rs["metadata"].get("uid")) + \
            (new_rs["spec"].get("replicas") or 0)
        max_total = n + surge
        if current >= max_total:
            return new_rs["spec"].get("replicas") or 0
        up = min(max_total - current, n - (new_rs["spec"].get("replicas") or 0))
        return (new_rs["spec"].get("replicas") or 0) + max(0, up)

    def _scale_rs(self, rs, n, d):
        """scaleReplicaSetAndRecordEvent."""
        cur = rs["spec"].get("replicas") or 0
        surge = self._surge_unavail(d)[0]
        ann = rs["metadata"].get("annotations") or {}
        want_desired, want_max = str(self._replicas(d)), str(self._replicas(d) + surge)
        if cur == n and ann.get(DESIRED) == want_desired and ann.get(MAXREP) == want_max:
            return False, rs
        rs = copy.deepcopy(rs)
        rs["spec"]["replicas"] = n
        rs["metadata"].setdefault("annotations", {})[DESIRED] = want_desired
        rs["metadata"]["annotations"][MAXREP] = want_max
        rs = self.update("replicasets.apps", rs)
        if cur != n:
            self.event(d, "ScalingReplicaSet", "Scaled %s replica set %s from %d to %d"
                       % ("up" if n > cur else "down", rs["metadata"]["name"], cur, n))
            return True, rs
        return False, rs

    def _dep_rolling(self, d, rss):
        new, old, d = self._get_new_rs(d, rss, True)
        all_rss = old + [new]
        # reconcileNewReplicaSet
        n = self._replicas(d)
        nr = new["spec"].get("replicas") or 0
        scaled = False
        if nr > n:
            scaled, new = self._scale_rs(new, n, d)
        elif nr < n:
            want = self._new_rs_new_replicas(d, all_rss, new)
            scaled, new = self._scale_rs(new, want, d)
        if scaled:
            return self._sync_rollout_status(d, new, old)
        # reconcileOldReplicaSets
        old_count = sum(rs["spec"].get("replicas") or 0 for rs in old)
        if old_count > 0:
            all_count = old_count + (new["spec"].get("replicas") or 0)
            min_avail = n - self._max_unavailable(d)
            new_unavail = (new["spec"].get("replicas") or 0) - ((new.get("status") or {}).get("availableReplicas") or 0)
            max_down = all_count - min_avail - new_unavail
            if max_down > 0:
                did = 0
                # cleanupUnhealthyReplicas
                for i, rs in enumerate(old):
                    if did >= max_down:
                        break
                    r = rs["spec"].get("replicas") or 0
                    avail = (rs.get("status") or {}).get("availableReplicas") or 0
                    if r == 0 or r == avail:
                        continue
                    k = min(max_down - did, r - avail)
                    _, old[i] = self._scale_rs(rs, r - k, d)
                    did += k
                # scaleDownOldReplicaSetsForRollingUpdate
                available = sum((rs.get("status") or {}).get("availableReplicas") or 0 for rs in old + [new])
                total_down = min(available - min_avail, max_down - did)
                for i, rs in enumerate(old):
                    if total_down <= 0:
                        break
                    r = rs["spec"].get("replicas") or 0
                    if r == 0:
                        continue
                    k = min(r, total_down)
                    _, old[i] = self._scale_rs(rs, r - k, d)
                    total_down -= k
                    did += k
                if did > 0:
                    return self._sync_rollout_status(d, new, old)
        if self._complete(d, self._calc_status(d, new, old)):
            self._cleanup(d, old)
        return self._sync_rollout_status(d, new, old)

    def _dep_recreate(self, d, rss):
        new, old, d = self._get_new_rs(d, rss, False)
        scaled = False
        for i, rs in enumerate(old):
            if (rs["spec"].get("replicas") or 0) > 0:
                s, old[i] = self._scale_rs(rs, 0, d)
                scaled = scaled or s
        if scaled:
            return self._sync_rollout_status(d, new, old)
        for rs in old:
            for p in self.owned(rs, "pods"):
                if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
                    return self._sync_rollout_status(d, new, old)
        if new is None:
            new, old, d = self._get_new_rs(d, self.owned(d, "replicasets.apps"), True)
        s, new = self._scale_rs(new, self._replicas(d), d)
        if s:
            return self._sync_rollout_status(d, new, old)
        if self._complete(d, self._calc_status(d, new, old)):
            self._cleanup(d, old)
        return self._sync_rollout_status(d, new, old)

    def _dep_sync(self, d, rss):
        """sync: scaling events and paused deployments (no new ReplicaSet)."""
        new, old, d = self._get_new_rs(d, rss, False)
        self._dep_scale(d, new, old)
        new, old = self._split(d, self.owned(d, "replicasets.apps"))
        if d["spec"].get("paused"):
            self._cleanup(d, old)
        status = self._calc_status(d, new, old)
        status = self._paused_conditions(d, status)
        self._write_dep_status(d, status)

    def _dep_scale(self, d, new, old):
        n = self._replicas(d)
        all_rss = ([new] if new else []) + old
        active = [rs for rs in all_rss if (rs["spec"].get("replicas") or 0) > 0]
        target = None
        if not active:
            target = new or (old[-1] if old else None)
        elif len(active) == 1:
            target = active[0]
        if target is not None or not active:
            if target is not None:
                self._scale_rs(target, n, d)
            return
        if new is not None and (new["spec"].get("replicas") or 0) == n and \
                ((new.get("status") or {}).get("availableReplicas") or 0) == n:
            for rs in old:
                if (rs["spec"].get("replicas") or 0) > 0:
                    self._scale_rs(rs, 0, d)
            return
        surge = self._surge_unavail(d)[0]
        allowed = n + surge if n > 0 else 0
        all_count = sum(rs["spec"].get("replicas") or 0 for rs in all_rss)
        to_add = allowed - all_count
        if to_add > 0:
            active.sort(key=lambda r: (-(r["spec"].get("replicas") or 0), r["metadata"].get("creationTimestamp") or ""),
                        reverse=False)
            active.sort(key=lambda r: r["metadata"].get("creationTimestamp") or "", reverse=True)
            active.sort(key=lambda r: -(r["spec"].get("replicas") or 0))
        else:
            active.sort(key=lambda r: r["metadata"].get("creationTimestamp") or "")
            active.sort(key=lambda r: -(r["spec"].get("replicas") or 0))
        added = 0
        sizes = {}
        for rs in active:
            r = rs["spec"].get("replicas") or 0
            if to_add == 0 or added == to_add:
                prop = 0
            else:
                ann = rs["metadata"].get("annotations") or {}
                try:
                    annotated = int(ann.get(MAXREP) or 0) or (d.get("status") or {}).get("replicas") or 1
                except ValueError:
                    annotated = 1
                frac = (-r if n == 0 else int(round(r * float(allowed) / annotated)) - r)
                left = to_add - added
                prop = min(frac, left) if to_add > 0 else max(frac, left)
            sizes[rs["metadata"]["uid"]] = r + prop
            added += prop
        if active and added < to_add or (to_add < 0 and added > to_add):
            first = active[0]["metadata"]["uid"]
            sizes[first] += to_add - added
        for rs in active:
            self._scale_rs(rs, max(0, sizes[rs["metadata"]["uid"]]), d)

    def _cleanup(self, d, old):
        limit = d["spec"].get("revisionHistoryLimit")
        if limit is None:
            limit = 10
        cleanable = [rs for rs in old if (rs["spec"].get("replicas") or 0) == 0 and
                     ((rs.get("status") or {}).get("replicas") or 0) == 0 and not rs["metadata"].get("deletionTimestamp")]
        diff = len(cleanable) - int(limit)
        if diff <= 0:
            return
        cleanable.sort(key=lambda rs: (rev_of(rs), rs["metadata"].get("creationTimestamp") or ""))
        for rs in cleanable[:diff]:
            try:
                self.store.delete("replicasets.apps", rs["metadata"]["namespace"], rs["metadata"]["name"])
            except errors.ApiError:
                pass

    def _calc_status(self, d, new, old):
        all_rss = ([new] if new else []) + old

        def s(rs, f):
            return (rs.get("status") or {}).get(f) or 0
        avail = sum(s(rs, "availableReplicas") for rs in all_rss)
        total_spec = sum(rs["spec"].get("replicas") or 0 for rs in all_rss)
        status = copy.deepcopy(d.get("status") or {})
        status["observedGeneration"] = d["metadata"].get("generation", 1)
        status["replicas"] = sum(s(rs, "replicas") for rs in all_rss)
        status["updatedReplicas"] = s(new, "replicas") if new else 0
        status["readyReplicas"] = sum(s(rs, "readyReplicas") for rs in all_rss)
        status["availableReplicas"] = avail
        status["unavailableReplicas"] = max(0, total_spec - avail)
        _omit_zero(status, ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas",
                            "unavailableReplicas", "collisionCount"))
        n = self._replicas(d)
        if avail >= n - self._max_unavailable(d):
            c = self._new_cond("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
        else:
            c = self._new_cond("Available", "False", "MinimumReplicasUnavailable",
                               "Deployment does not have minimum availability.")
        return self._set_cond(status, c)

    def _complete(self, d, status):
        n = self._replicas(d)
        return (status.get("updatedReplicas") or 0) == n and (status.get("replicas") or 0) == n and \
            (status.get("availableReplicas") or 0) == n and \
            (status.get("observedGeneration") or 0) >= d["metadata"].get("generation", 1)

    def _has_deadline(self, d):
        p = d["spec"].get("progressDeadlineSeconds")
        return p is not None and p != 2147483647

    def _new_cond(self, type_, status, reason, message):
        t = self.clock.ts()
        return {"type": type_, "status": status, "lastUpdateTime": t, "lastTransitionTime": t,
                "reason": reason, "message": message}

    @staticmethod
    def _cond(obj_or_status, type_):
        st = obj_or_status.get("status", obj_or_status) if "status" in obj_or_status and \
            isinstance(obj_or_status.get("status"), dict) else obj_or_status
        for c in (st or {}).get("conditions") or []:
            if c.get("type") == type_:
                return c
        return None

    @staticmethod
    def _set_cond(status, c):
        """SetDeploymentCondition: same status and reason -> unchanged; same status keeps lastTransitionTime."""
        conds = status.get("conditions") or []
        cur = next((x for x in conds if x.get("type") == c["type"]), None)
        if cur is not None and cur.get("status") == c["status"] and cur.get("reason") == c["reason"]:
            return status
        if cur is not None and cur.get("status") == c["status"]:
            c = dict(c, lastTransitionTime=cur.get("lastTransitionTime"))
        status["conditions"] = [x for x in conds if x.get("type") != c["type"]] + [c]
        return status

    def _paused_conditions(self, d, status):
        if not self._has_deadline(d):
            return status
        cur = self._cond(status, "Progressing")
        paused = bool(d["spec"].get("paused"))
        reason = (cur or {}).get("reason")
        if paused and reason != "DeploymentPaused":
            status = self._set_cond(status, self._new_cond("Progressing", "Unknown", "DeploymentPaused",
                                                           "Deployment is paused"))
        elif not paused and reason == "DeploymentPaused":
            status = self._set_cond(status, self._new_cond("Progressing", "Unknown", "DeploymentResumed",
                                                           "Deployment is resumed"))
        return status

    def _write_dep_status(self, d, status):
        if status == (d.get("status") or {}):
            return d
        d2 = copy.deepcopy(d)
        d2["status"] = status
        return self.update("deployments.apps", d2, status=True)

    def _sync_rollout_status(self, d, new, old):
        d = self.store.get("deployments.apps", d["metadata"]["namespace"], d["metadata"]["name"]) or d
        if new is not None:
            new = self.store.get("replicasets.apps", new["metadata"]["namespace"], new["metadata"]["name"]) or new
        old = [self.store.get("replicasets.apps", rs["metadata"]["namespace"], rs["metadata"]["name"]) or rs
               for rs in old]
        status = self._calc_status(d, new, old)
        status = self._paused_conditions(d, status)
        requeue = None
        if self._has_deadline(d) and not d["spec"].get("paused"):
            cur = self._cond(d.get("status") or {}, "Progressing")
            complete_already = status.get("replicas") == status.get("updatedReplicas") and cur is not None and \
                cur.get("reason") == "NewReplicaSetAvailable"
            if not complete_already:
                old_st = d.get("status") or {}
                rsname = new["metadata"]["name"] if new else None
                if self._complete(d, status):
                    msg = ('ReplicaSet "%s" has successfully progressed.' % rsname) if rsname else \
                        ('Deployment "%s" has successfully progressed.' % d["metadata"]["name"])
                    status = self._set_cond(status, self._new_cond("Progressing", "True", "NewReplicaSetAvailable", msg))
                elif self._progressing(old_st, status):
                    msg = ('ReplicaSet "%s" is progressing.' % rsname) if rsname else \
                        ('Deployment "%s" is progressing.' % d["metadata"]["name"])
                    c = self._new_cond("Progressing", "True", "ReplicaSetUpdated", msg)
                    if cur is not None and cur.get("status") == "True":
                        c["lastTransitionTime"] = cur.get("lastTransitionTime")
                    status["conditions"] = [x for x in status.get("conditions") or [] if x["type"] != "Progressing"] + [c]
                elif self._timed_out(d, cur):
                    msg = ('ReplicaSet "%s" has timed out progressing.' % rsname) if rsname else \
                        ('Deployment "%s" has timed out progressing.' % d["metadata"]["name"])
                    status = self._set_cond(status, self._new_cond("Progressing", "False", "ProgressDeadlineExceeded", msg))
                    self.event(d, "ProgressDeadlineExceeded", msg, "Warning") if False else None
                pc = self._cond(status, "Progressing")
                if pc is not None and pc.get("reason") not in ("NewReplicaSetAvailable", "ProgressDeadlineExceeded") \
                        and not self._complete(d, status):
                    left = d["spec"]["progressDeadlineSeconds"] - self.clock.age(pc.get("lastUpdateTime"))
                    requeue = max(0.5, left + 0.5)
        self._write_dep_status(d, status)
        if requeue is not None:
            self.after(requeue, ("deploy", d["metadata"]["namespace"], d["metadata"]["name"]))

    @staticmethod
    def _progressing(old, new):
        o_old = (old.get("replicas") or 0) - (old.get("updatedReplicas") or 0)
        n_old = (new.get("replicas") or 0) - (new.get("updatedReplicas") or 0)
        return (new.get("updatedReplicas") or 0) > (old.get("updatedReplicas") or 0) or n_old < o_old or \
            (new.get("readyReplicas") or 0) > (old.get("readyReplicas") or 0) or \
            (new.get("availableReplicas") or 0) > (old.get("availableReplicas") or 0)

    def _timed_out(self, d, cur):
        if cur is None:
            return False
        if cur.get("reason") == "ProgressDeadlineExceeded":
            return True
        if cur.get("reason") == "NewReplicaSetAvailable":
            return False
        return self.clock.age(cur.get("lastUpdateTime")) > d["spec"]["progressDeadlineSeconds"]

    # ================= ReplicaSets ================================================================
    def sync_replicaset(self, ns, name):
        rs = self.store.get("replicasets.apps", ns, name)
        if rs is None or rs["metadata"].get("deletionTimestamp"):
            return
        pods = [p for p in self.owned(rs, "pods") if pod_active(p)]
        want = rs["spec"].get("replicas")
        want = 1 if want is None else want
        diff = len(pods) - want
        if diff < 0:
            for _ in range(min(-diff, 500)):
                p = self.create_pod(rs, rs["spec"]["template"])
                self.event(rs, "SuccessfulCreate", "Created pod: %s" % p["metadata"]["name"],
                           component="replicaset-controller")
                pods.append(p)
        elif diff > 0:
            rank = {"Pending": 0, "Unknown": 1, "Running": 2}
            pods.sort(key=lambda p: (bool(p["spec"].get("nodeName")), rank.get((p.get("status") or {}).get("phase"), 1),
                                     pod_ready(p), self._restarts(p) * -1,
                                     tuple(-ord(ch) for ch in (p["metadata"].get("creationTimestamp") or ""))))
            for p in pods[:diff]:
                self.delete_pod(p)
                self.event(rs, "SuccessfulDelete", "Deleted pod: %s" % p["metadata"]["name"],
                           component="replicaset-controller")
            pods = pods[diff:]
        self._rs_status(rs, pods)

    @staticmethod
    def _restarts(p):
        return sum(c.get("restartCount") or 0 for c in (p.get("status") or {}).get("containerStatuses") or [])

    def _available(self, pod, min_ready):
        if not pod_ready(pod):
            return False
        if not min_ready:
            return True
        for c in (pod.get("status") or {}).get("conditions") or []:
            if c.get("type") == "Ready":
                return self.clock.age(c.get("lastTransitionTime")) >= min_ready
        return False

    def _rs_status(self, rs, pods):
        sel_labels = ((rs["spec"].get("template") or {}).get("metadata") or {}).get("labels") or {}
        mrs = rs["spec"].get("minReadySeconds") or 0
        status = copy.deepcopy(rs.get("status") or {})
        status["replicas"] = len(pods)
        status["fullyLabeledReplicas"] = sum(1 for p in pods if all(
            (p["metadata"].get("labels") or {}).get(k) == v for k, v in sel_labels.items()))
        status["readyReplicas"] = sum(1 for p in pods if pod_ready(p))
        status["availableReplicas"] = sum(1 for p in pods if self._available(p, mrs))
        status["observedGeneration"] = rs["metadata"].get("generation", 1)
        _omit_zero(status, ("fullyLabeledReplicas", "readyReplicas", "availableReplicas"))
        if mrs and status.get("readyReplicas", 0) > status.get("availableReplicas", 0):
            self.after(mrs, ("rs", rs["metadata"]["namespace"], rs["metadata"]["name"]))
        if status != (rs.get("status") or {}):
            rs = copy.deepcopy(rs)
            rs["status"] = status
            self.update("replicasets.apps", rs, status=True)

    # ================= StatefulSets ====================================================================
    def _revisions(self, owner):
        return sorted(self.owned(owner, "controllerrevisions.apps"), key=lambda r: r.get("revision") or 0)

    def _sync_revision(self, owner, revs, label_hash_only):
        """The ControllerRevision for the owner's current template (created or renumbered)."""
        data = U.revision_data(owner["spec"]["template"])
        latest = max([r.get("revision") or 0 for r in revs] or [0])
        for r in revs:
            if U.canonical(r.get("data")) == U.canonical(data):
                if (r.get("revision") or 0) < latest:
                    r = copy.deepcopy(r)
                    r["revision"] = latest + 1
                    r = self.store.update("controllerrevisions.apps", r)
                return r
        collision = (owner.get("status") or {}).get("collisionCount")
        h = U.revision_hash(data, collision)
        labels = dict(((owner["spec"].get("template") or {}).get("metadata") or {}).get("labels") or {})
        # the DaemonSet controller labels its revisions with the pods' label; the StatefulSet
        # controller uses history.ControllerRevisionHashLabel. Both copy the owner's annotations.
        labels["controller-revision-hash" if label_hash_only else "controller.kubernetes.io/hash"] = h
        cr = {"apiVersion": "apps/v1", "kind": "ControllerRevision",
              "metadata": {"name": "%s-%s" % (owner["metadata"]["name"], h), "namespace": owner["metadata"]["namespace"],
                           "labels": labels, "ownerReferences": [owner_ref(owner)], "creationTimestamp": self.clock.ts()},
              "data": data, "revision": latest + 1}
        if owner["metadata"].get("annotations"):
            cr["metadata"]["annotations"] = dict(owner["metadata"]["annotations"])
        try:
            return self.store.create("controllerrevisions.apps", cr)
        except errors.ApiError as e:
            if e.code != 409:
                raise
            cur = self.store.get("controllerrevisions.apps", cr["metadata"]["namespace"], cr["metadata"]["name"])
            if cur is not None and U.canonical(cur.get("data")) == U.canonical(data):
                cur["revision"] = latest + 1
                return self.store.update("controllerrevisions.apps", cur)
            raise

    def _template_of(self, rev, fallback):
        t = copy.deepcopy(((rev or {}).get("data") or {}).get("spec", {}).get("template") or fallback)
        t.pop("$patch", None)
        return t

    def _prune_revisions(self, owner, revs, live):
        limit = owner["spec"].get("revisionHistoryLimit")
        limit = 10 if limit is None else limit
        dead = [r for r in revs if r["metadata"]["name"] not in live]
        for r in dead[:max(0, len(dead) - limit)]:
            try:
                self.store.delete("controllerrevisions.apps", r["metadata"]["namespace"], r["metadata"]["name"])
            except errors.ApiError:
                pass

    def sync_statefulset(self, ns, name):
        sts = self.store.get("statefulsets.apps", ns, name)
        if sts is None or sts["metadata"].get("deletionTimestamp"):
            return
        spec = sts["spec"]
        revs = self._revisions(sts)
        upd = self._sync_revision(sts, revs, False)
        revs = self._revisions(sts)
        status = copy.deepcopy(sts.get("status") or {})
        cur_name = status.get("currentRevision") or upd["metadata"]["name"]
        cur = next((r for r in revs if r["metadata"]["name"] == cur_name), None) or upd
        upd_name = upd["metadata"]["name"]
        n = spec.get("replicas")
        n = 1 if n is None else n
        pods = {p["metadata"]["name"]: p for p in self.owned(sts, "pods")}
        ordered = (spec.get("podManagementPolicy") or "OrderedReady") == "OrderedReady"
        partition = ((spec.get("updateStrategy") or {}).get("rollingUpdate") or {}).get("partition") or 0
        rolling = (spec.get("updateStrategy") or {}).get("type", "RollingUpdate") == "RollingUpdate"

        def ordinal(pname):
            try:
                return int(pname.rsplit("-", 1)[1])
            except (IndexError, ValueError):
                return -1
        busy = False
        # replace failed pods, create missing ones in order
        for i in range(n):
            pname = "%s-%d" % (name, i)
            p = pods.get(pname)
            if p is not None and (p.get("status") or {}).get("phase") in ("Failed", "Succeeded"):
                self.delete_pod(p)
                busy = True
                break
            if p is None:
                rev = upd if (i >= partition or not rolling) and (rolling or cur is None) else cur
                if not rolling:
                    rev = cur
                self._sts_pvcs(sts, pname)
                tpl = self._template_of(rev, spec["template"])

                def mut(pod, pname=pname):
                    pod["spec"]["hostname"] = pname
                    if spec.get("serviceName"):
                        pod["spec"]["subdomain"] = spec["serviceName"]
                    for vct in spec.get("volumeClaimTemplates") or []:
                        vn = vct["metadata"]["name"]
                        vols = [v for v in pod["spec"].get("volumes") or [] if v.get("name") != vn]
                        vols.append({"name": vn, "persistentVolumeClaim": {"claimName": "%s-%s" % (vn, pname)}})
                        pod["spec"]["volumes"] = vols
                self.create_pod(sts, tpl, name=pname, mutate=mut, extra_labels={
                    "controller-revision-hash": rev["metadata"]["name"],
                    "statefulset.kubernetes.io/pod-name": pname,
                    "apps.kubernetes.io/pod-index": str(i)})
                self.event(sts, "SuccessfulCreate", "create Pod %s in StatefulSet %s successful" % (pname, name),
                           component="statefulset-controller")
                busy = True
                if ordered:
                    break
                continue
            if ordered and (p["metadata"].get("deletionTimestamp") or not pod_ready(p)):
                busy = True
                break
        # scale down: highest ordinal first
        if not busy:
            extra = sorted((p for p in pods.values() if ordinal(p["metadata"]["name"]) >= n),
                           key=lambda p: -ordinal(p["metadata"]["name"]))
            for p in extra:
                if p["metadata"].get("deletionTimestamp"):
                    busy = True
                    break
                self.delete_pod(p)
                self.event(sts, "SuccessfulDelete", "delete Pod %s in StatefulSet %s successful"
                           % (p["metadata"]["name"], name), component="statefulset-controller")
                busy = True
                if ordered:
                    break
        # rolling update: highest ordinal not at the update revision, one at a time
        if not busy and rolling:
            live = [pods.get("%s-%d" % (name, i)) for i in range(n)]
            if all(p is not None and pod_ready(p) and not p["metadata"].get("deletionTimestamp") for p in live):
                for i in range(n - 1, partition - 1, -1):
                    p = live[i]
                    if (p["metadata"].get("labels") or {}).get("controller-revision-hash") != upd_name:
                        self.delete_pod(p)
                        self.event(sts, "SuccessfulDelete", "delete Pod %s in StatefulSet %s successful"
                                   % (p["metadata"]["name"], name), component="statefulset-controller")
                        break
        # status
        pods = [p for p in self.owned(sts, "pods") if not p["metadata"].get("deletionTimestamp") or True]
        counted = [p for p in pods if (p.get("status") or {}).get("phase") not in ("Failed", "Succeeded")]
        status["observedGeneration"] = sts["metadata"].get("generation", 1)
        status["replicas"] = len(counted)
        status["readyReplicas"] = sum(1 for p in counted if pod_ready(p))
        status["availableReplicas"] = status["readyReplicas"]
        status["currentReplicas"] = sum(1 for p in counted if (p["metadata"].get("labels") or {}).get(
            "controller-revision-hash") == cur["metadata"]["name"])
        status["updatedReplicas"] = sum(1 for p in counted if (p["metadata"].get("labels") or {}).get(
            "controller-revision-hash") == upd_name)
        status["currentRevision"] = cur["metadata"]["name"]
        status["updateRevision"] = upd_name
        status.setdefault("collisionCount", 0)
        if rolling and status["updatedReplicas"] == status["replicas"] == n and status["readyReplicas"] == n:
            status["currentReplicas"] = status["updatedReplicas"]
            status["currentRevision"] = upd_name
        _omit_zero(status, ("readyReplicas", "currentReplicas", "updatedReplicas"))
        status.setdefault("availableReplicas", 0)
        if status != (sts.get("status") or {}):
            sts2 = copy.deepcopy(sts)
            sts2["status"] = status
            self.update("statefulsets.apps", sts2, status=True)
        self._prune_revisions(sts, self._revisions(sts), {status["currentRevision"], upd_name})

    def _sts_pvcs(self, sts, pname):
        for vct in sts["spec"].get("volumeClaimTemplates") or []:
            cname = "%s-%s" % (vct["metadata"]["name"], pname)
            ns = sts["metadata"]["namespace"]
            if self.store.get("persistentvolumeclaims", ns, cname) is not None:
                continue
            pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                   "metadata": {"name": cname, "namespace": ns,
                                "labels": dict((sts["spec"]["selector"] or {}).get("matchLabels") or {}),
                                "annotations": {"pv.kubernetes.io/bind-completed": "yes",
                                                "pv.kubernetes.io/bound-by-controller": "yes",
                                                "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"},
                                "finalizers": ["kubernetes.io/pvc-protection"], "creationTimestamp": self.clock.ts()},
                   "spec": copy.deepcopy(vct.get("spec") or {})}
            pvc["spec"].setdefault("storageClassName", "standard")
            pvc["spec"].setdefault("volumeMode", "Filesystem")
            try:
                made = self.store.create("persistentvolumeclaims", pvc)
            except errors.ApiError:
                continue
            pv_name = "pvc-" + made["metadata"]["uid"]
            size = ((pvc["spec"].get("resources") or {}).get("requests") or {}).get("storage", "1Gi")
            try:
                self.store.create("persistentvolumes", {
                    "apiVersion": "v1", "kind": "PersistentVolume",
                    "metadata": {"name": pv_name, "annotations": {"pv.kubernetes.io/provisioned-by": "rancher.io/local-path"},
                                 "finalizers": ["kubernetes.io/pv-protection"], "creationTimestamp": self.clock.ts()},
                    "spec": {"capacity": {"storage": size}, "accessModes": pvc["spec"].get("accessModes") or ["ReadWriteOnce"],
                             "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": ns,
                                          "name": cname, "uid": made["metadata"]["uid"]},
                             "persistentVolumeReclaimPolicy": "Delete", "storageClassName": pvc["spec"]["storageClassName"],
                             "volumeMode": "Filesystem", "hostPath": {"path": "/var/local-path-provisioner/" + pv_name, "type": "DirectoryOrCreate"}},
                    "status": {"phase": "Bound"}})
                made["spec"]["volumeName"] = pv_name
                made = self.store.update("persistentvolumeclaims", made)
                made["status"] = {"phase": "Bound", "accessModes": pvc["spec"].get("accessModes") or ["ReadWriteOnce"],
                                  "capacity": {"storage": size}}
                self.store.update("persistentvolumeclaims", made, subresource="status")
            except errors.ApiError:
                pass

    # ================= DaemonSets ======================================================================
    def sync_daemonset(self, ns, name):
        ds = self.store.get("daemonsets.apps", ns, name)
        if ds is None or ds["metadata"].get("deletionTimestamp"):
            return
        revs = self._revisions(ds)
        upd = self._sync_revision(ds, revs, True)
        h = (upd["metadata"].get("labels") or {}).get("controller-revision-hash") or upd["metadata"]["name"].rsplit("-", 1)[-1]
        gen = (ds["metadata"].get("annotations") or {}).get(defaults.DS_TEMPLATE_GENERATION) or \
            str(ds["metadata"].get("generation", 1))
        nodes = [e.obj for e in (self.store.entry("nodes", "", n) for (_, n) in self.store.order.get("nodes", ())) if e]
        want_nodes = [n for n in nodes if world_pods.ds_should_run(ds, n)]
        pods = [p for p in self.owned(ds, "pods")]
        by_node = collections.defaultdict(list)
        for p in pods:
            by_node[world_pods.ds_target_node(p)].append(p)
        want_names = {n["metadata"]["name"] for n in want_nodes}
        for node in want_nodes:
            nn = node["metadata"]["name"]
            live = [p for p in by_node.get(nn, []) if not p["metadata"].get("deletionTimestamp")]
            if not live:
                tpl = self._template_of(upd, ds["spec"]["template"])

                def mut(pod, nn=nn):
                    world_pods.ds_pin(pod, nn)
                p = self.create_pod(ds, tpl, mutate=mut, extra_labels={"controller-revision-hash": h,
                                                                         "pod-template-generation": gen})
                self.event(ds, "SuccessfulCreate", "Created pod: %s" % p["metadata"]["name"],
                           component="daemonset-controller")
            elif len(live) > 1:
                for p in live[1:]:
                    self.delete_pod(p)
        for nn, ps in by_node.items():
            if nn not in want_names:
                for p in ps:
                    if not p["metadata"].get("deletionTimestamp"):
                        self.delete_pod(p)
                        self.event(ds, "SuccessfulDelete", "Deleted pod: %s" % p["metadata"]["name"],
                                   component="daemonset-controller")
        # rolling update, maxUnavailable at a time
        pods = [p for p in self.owned(ds, "pods") if not p["metadata"].get("deletionTimestamp")]
        strat = ds["spec"].get("updateStrategy") or {}
        if strat.get("type", "RollingUpdate") == "RollingUpdate":
            mu = U.int_or_percent(((strat.get("rollingUpdate") or {}).get("maxUnavailable", 1)), len(want_nodes), True) or 1
            unavailable = sum(1 for p in pods if not pod_ready(p)) + \
                sum(1 for node in want_nodes if not any(world_pods.ds_target_node(p) == node["metadata"]["name"] for p in pods))
            for p in pods:
                if (p["metadata"].get("labels") or {}).get("controller-revision-hash") == h:
                    continue
                # an old pod that is not available is replaced at once; available ones while
                # fewer than maxUnavailable are down
                if pod_ready(p):
                    if unavailable >= mu:
                        continue
                    unavailable += 1
                self.delete_pod(p)
                self.event(ds, "SuccessfulDelete", "Deleted pod: %s" % p["metadata"]["name"],
                           component="daemonset-controller")
        pods = [p for p in self.owned(ds, "pods") if not p["metadata"].get("deletionTimestamp")]
        status = copy.deepcopy(ds.get("status") or {})
        on_wanted = [p for p in pods if world_pods.ds_target_node(p) in want_names]
        status["currentNumberScheduled"] = len({world_pods.ds_target_node(p) for p in on_wanted})
        status["numberMisscheduled"] = sum(1 for p in pods if world_pods.ds_target_node(p) not in want_names)
        status["desiredNumberScheduled"] = len(want_nodes)
        status["numberReady"] = sum(1 for p in on_wanted if pod_ready(p))
        status["observedGeneration"] = ds["metadata"].get("generation", 1)
        status["updatedNumberScheduled"] = sum(1 for p in on_wanted if (p["metadata"].get("labels") or {}).get(
            "controller-revision-hash") == h)
        status["numberAvailable"] = status["numberReady"]
        status["numberUnavailable"] = max(0, len(want_nodes) - status["numberAvailable"])
        _omit_zero(status, ("updatedNumberScheduled", "numberAvailable", "numberUnavailable"))
        if status != (ds.get("status") or {}):
            ds2 = copy.deepcopy(ds)
            ds2["status"] = status
            self.update("daemonsets.apps", ds2, status=True)
        self._prune_revisions(ds, self._revisions(ds), {upd["metadata"]["name"]})

    # ================= Jobs and CronJobs ===================================================================
    def sync_job(self, ns, name):
        job = self.store.get("jobs.batch", ns, name)
        if job is None or job["metadata"].get("deletionTimestamp"):
            return
        spec = job["spec"]
        status = copy.deepcopy(job.get("status") or {})
        done = any(c.get("type") in ("Complete", "Failed") and c.get("status") == "True"
                   for c in status.get("conditions") or [])
        pods = self.owned(job, "pods")
        active = [p for p in pods if pod_active(p)]
        succeeded = sum(1 for p in pods if (p.get("status") or {}).get("phase") == "Succeeded")
        failed = sum(1 for p in pods if (p.get("status") or {}).get("phase") == "Failed")
        completions = spec.get("completions")
        parallelism = spec.get("parallelism", 1)
        if parallelism is None:
            parallelism = 1
        backoff = spec.get("backoffLimit", 6)
        now = self.clock.ts()
        if not done and not spec.get("suspend"):
            status.setdefault("startTime", now)
            deadline = spec.get("activeDeadlineSeconds")
            left = deadline - self.clock.age(status["startTime"]) if deadline is not None else None
            if left is not None and left > 0:
                self.after(left, ("job", ns, name))
            give_up = None
            if failed > (backoff if backoff is not None else 6):
                give_up = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
            elif left is not None and left <= 0:
                give_up = ("DeadlineExceeded", "Job was active longer than specified deadline")
            if give_up is not None:
                for p in active:
                    self.delete_pod(p)
                active = []
                t = now
                reason, msg = give_up
                status["conditions"] = (status.get("conditions") or []) + [
                    {"type": "FailureTarget", "status": "True", "reason": reason,
                     "message": msg, "lastProbeTime": t, "lastTransitionTime": t},
                    {"type": "Failed", "status": "True", "reason": reason,
                     "message": msg, "lastProbeTime": t, "lastTransitionTime": t}]
                self.event(job, reason, msg, "Warning", component="job-controller")
            elif (completions is not None and succeeded >= completions) or \
                    (completions is None and succeeded > 0 and not active):
                t = now
                status["conditions"] = (status.get("conditions") or []) + [
                    {"type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached",
                     "message": "Reached expected number of succeeded pods", "lastProbeTime": t, "lastTransitionTime": t},
                    {"type": "Complete", "status": "True", "reason": "CompletionsReached",
                     "message": "Reached expected number of succeeded pods", "lastProbeTime": t, "lastTransitionTime": t}]
                status["completionTime"] = t
                self.event(job, "Completed", "Job completed", component="job-controller")
            else:
                want = parallelism if completions is None else min(parallelism, completions - succeeded)
                for _ in range(max(0, want - len(active))):
                    uid = job["metadata"]["uid"]
                    p = self.create_pod(job, spec["template"], extra_labels={
                        "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name,
                        "controller-uid": uid, "job-name": name})
                    self.event(job, "SuccessfulCreate", "Created pod: %s" % p["metadata"]["name"],
                               component="job-controller")
                    active.append(p)
        status["active"] = len(active)
        status["succeeded"] = succeeded
        status["failed"] = failed
        status["ready"] = sum(1 for p in active if pod_ready(p))
        status["terminating"] = sum(1 for p in pods if p["metadata"].get("deletionTimestamp"))
        status.setdefault("uncountedTerminatedPods", {})
        _omit_zero(status, ("active", "succeeded", "failed", "terminating"))
        if spec.get("completionMode") == "Indexed" and succeeded:
            status["completedIndexes"] = "0" if succeeded == 1 else "0-%d" % (succeeded - 1)
        if status != (job.get("status") or {}):
            j2 = copy.deepcopy(job)
            j2["status"] = status
            self.update("jobs.batch", j2, status=True)

    def sync_cronjob(self, ns, name):
        cj = self.store.get("cronjobs.batch", ns, name)
        if cj is None or cj["metadata"].get("deletionTimestamp"):
            return
        spec = cj["spec"]
        status = copy.deepcopy(cj.get("status") or {})
        jobs = self.owned(cj, "jobs.batch")

        def finished(j):
            for c in (j.get("status") or {}).get("conditions") or []:
                if c.get("type") in ("Complete", "Failed") and c.get("status") == "True":
                    return c["type"]
            return None
        active = [j for j in jobs if not finished(j)]
        for j in jobs:
            if finished(j) == "Complete":
                ct = (j.get("status") or {}).get("completionTime")
                if ct and (status.get("lastSuccessfulTime") or "") < ct:
                    status["lastSuccessfulTime"] = ct
                    self.event(cj, "SawCompletedJob", "Saw completed job: %s, condition: Complete" % j["metadata"]["name"],
                               component="cronjob-controller")
        try:
            sched = world_pods.Cron(spec.get("schedule", ""))
        except ValueError:
            return
        now = self.clock.wall()
        last = U.parse_time(status.get("lastScheduleTime")) or U.parse_time(cj["metadata"].get("creationTimestamp")) or now
        due = sched.next_after(last)
        if due is not None and due <= now and not spec.get("suspend"):
            # only the most recent missed time runs
            t = due
            while True:
                nx = sched.next_after(t)
                if nx is None or nx > now:
                    break
                t = nx
            policy = spec.get("concurrencyPolicy", "Allow")
            if policy == "Forbid" and active:
                pass
            else:
                if policy == "Replace":
                    for j in active:
                        self.store.delete("jobs.batch", ns, j["metadata"]["name"], propagation="Background")
                        active = []
                jt = spec.get("jobTemplate") or {}
                jname = "%s-%d" % (name, int(t // 60))
                jm = copy.deepcopy(jt.get("metadata") or {})
                jm.pop("creationTimestamp", None)
                jm.update({"name": jname, "namespace": ns, "ownerReferences": [owner_ref(cj)],
                           "creationTimestamp": self.clock.ts()})
                jm.setdefault("annotations", {})["batch.kubernetes.io/cronjob-scheduled-timestamp"] = U.rfc3339(t)
                try:
                    j = self.store.create("jobs.batch", {"apiVersion": "batch/v1", "kind": "Job", "metadata": jm,
                                                         "spec": copy.deepcopy(jt.get("spec") or {})})
                    self.event(cj, "SuccessfulCreate", "Created job %s" % jname, component="cronjob-controller")
                    active.append(j)
                except errors.ApiError:
                    pass
            status["lastScheduleTime"] = U.rfc3339(t)
        status["active"] = [{"kind": "Job", "namespace": ns, "name": j["metadata"]["name"], "uid": j["metadata"]["uid"],
                             "apiVersion": "batch/v1", "resourceVersion": j["metadata"].get("resourceVersion")}
                            for j in active]
        if not status["active"]:
            del status["active"]
        # history limits
        for kind, limit in (("Complete", spec.get("successfulJobsHistoryLimit", 3)),
                            ("Failed", spec.get("failedJobsHistoryLimit", 1))):
            done = [j for j in jobs if finished(j) == kind]
            done.sort(key=lambda j: (j.get("status") or {}).get("startTime") or j["metadata"].get("creationTimestamp") or "")
            for j in done[:max(0, len(done) - (limit if limit is not None else 3))]:
                try:
                    self.store.delete("jobs.batch", ns, j["metadata"]["name"], propagation="Background")
                    self.event(cj, "SuccessfulDelete", "Deleted job %s" % j["metadata"]["name"],
                               component="cronjob-controller")
                except errors.ApiError:
                    pass
        if status != (cj.get("status") or {}):
            c2 = copy.deepcopy(cj)
            c2["status"] = status
            self.update("cronjobs.batch", c2, status=True)
        nx = sched.next_after(max(now, U.parse_time(status.get("lastScheduleTime")) or now))
        if nx is not None:
            delay = nx - now + 0.5
            if self.clock.fixed is None:
                delay *= self.clock.speed
            self.after(delay, ("cron", ns, name))

    # ================= the node lifecycle controller's unschedulable taint ====================================
    def sync_node_taints(self, name):
        """A cordoned node carries node.kubernetes.io/unschedulable:NoSchedule, an uncordoned one not
        (the node lifecycle controller's TaintNodesByCondition)."""
        node = self.store.get("nodes", "", name)
        if node is None:
            return
        spec = node.get("spec") or {}
        taints = list(spec.get("taints") or [])
        key = "node.kubernetes.io/unschedulable"
        has = any(t.get("key") == key and t.get("effect") == "NoSchedule" for t in taints)
        want = bool(spec.get("unschedulable"))
        if has == want:
            return
        n2 = copy.deepcopy(node)
        if want:
            taints.append({"key": key, "effect": "NoSchedule", "timeAdded": self.clock.ts()})
        else:
            taints = [t for t in taints if not (t.get("key") == key and t.get("effect") == "NoSchedule")]
        if taints:
            n2["spec"]["taints"] = taints
        else:
            n2["spec"].pop("taints", None)
        self.update("nodes", n2)

    # ================= Endpoints and PodDisruptionBudgets ===================================================
    def _ns_pods(self, ns):
        st = self.store
        order = st.order.get("pods", [])
        i = bisect.bisect_left(order, (ns, ""))
        out = []
        while i < len(order) and order[i][0] == ns:
            e = st.objs["pods"].get(order[i])
            if e is not None:
                out.append(e.obj)
            i += 1
        return out

    def sync_endpoints(self, ns, name):
        svc = self.store.get("services", ns, name)
        if svc is None:
            return
        sel = (svc.get("spec") or {}).get("selector")
        if not sel:
            return
        ready, notready = [], []
        pods = [p for p in self._ns_pods(ns) if match_selector({"matchLabels": sel}, p["metadata"].get("labels"))]
        for p in pods:
            ip = (p.get("status") or {}).get("podIP")
            if not ip or p["metadata"].get("deletionTimestamp") or (p.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
                continue
            addr = {"ip": ip, "nodeName": p["spec"].get("nodeName"),
                    "targetRef": {"kind": "Pod", "namespace": ns, "name": p["metadata"]["name"], "uid": p["metadata"]["uid"]}}
            (ready if pod_ready(p) else notready).append(addr)
        ports = []
        for sp in (svc.get("spec") or {}).get("ports") or []:
            tp = sp.get("targetPort", sp.get("port"))
            port = tp
            if isinstance(tp, str) and not tp.isdigit():
                port = None
                for p in pods:
                    for c in p["spec"].get("containers") or []:
                        for cp in c.get("ports") or []:
                            if cp.get("name") == tp:
                                port = cp.get("containerPort")
                if port is None:
                    continue
            ep = {"port": int(port), "protocol": sp.get("protocol", "TCP")}
            if sp.get("name"):
                ep["name"] = sp["name"]
            ports.append(ep)
        key = lambda a: a["ip"]
        subsets = []
        if ready or notready:
            sub = {}
            if ready:
                sub["addresses"] = sorted(ready, key=key)
            if notready:
                sub["notReadyAddresses"] = sorted(notready, key=key)
            sub["ports"] = ports
            subsets.append(sub)
        cur = self.store.get("endpoints", ns, name)
        labels = dict(svc["metadata"].get("labels") or {})
        if cur is None:
            ep = {"apiVersion": "v1", "kind": "Endpoints",
                  "metadata": {"name": name, "namespace": ns, "creationTimestamp": self.clock.ts()}}
            if labels:
                ep["metadata"]["labels"] = labels
            if subsets:
                ep["subsets"] = subsets
            self.store.create("endpoints", ep)
            return
        new = copy.deepcopy(cur)
        if subsets:
            new["subsets"] = subsets
        else:
            new.pop("subsets", None)
        if new != cur:
            new["metadata"].setdefault("annotations", {})["endpoints.kubernetes.io/last-change-trigger-time"] = self.clock.ts()
            self.store.update("endpoints", new)

    def sync_pdb(self, ns, name):
        pdb = self.store.get("poddisruptionbudgets.policy", ns, name)
        if pdb is None:
            return
        spec = pdb.get("spec") or {}
        pods = [p for p in self._ns_pods(ns) if pod_active(p) and match_selector(spec.get("selector"), p["metadata"].get("labels"))]
        expected = len(pods)
        healthy = sum(1 for p in pods if pod_ready(p))
        if spec.get("minAvailable") is not None:
            desired = U.int_or_percent(spec["minAvailable"], expected, True)
        elif spec.get("maxUnavailable") is not None:
            desired = max(0, expected - U.int_or_percent(spec["maxUnavailable"], expected, True))
        else:
            desired = expected
        allowed = max(0, healthy - desired)
        status = copy.deepcopy(pdb.get("status") or {})
        status.update({"observedGeneration": pdb["metadata"].get("generation", 1), "disruptionsAllowed": allowed,
                       "currentHealthy": healthy, "desiredHealthy": desired, "expectedPods": expected})
        cond = {"type": "DisruptionAllowed", "status": "True" if allowed > 0 else "False",
                "reason": "SufficientPods" if allowed > 0 else "InsufficientPods", "message": "",
                "observedGeneration": pdb["metadata"].get("generation", 1)}
        old = next((c for c in status.get("conditions") or [] if c.get("type") == "DisruptionAllowed"), None)
        if old is None or old.get("status") != cond["status"]:
            cond["lastTransitionTime"] = self.clock.ts()
            status["conditions"] = [cond]
        if status != (pdb.get("status") or {}):
            p2 = copy.deepcopy(pdb)
            p2["status"] = status
            self.update("poddisruptionbudgets.policy", p2, status=True)


def replay(store, start_wall):
    """A manager on a fixed clock for building the demo world's history (see demo.py)."""
    m = ControllerManager(store)
    m.begin_replay(start_wall)
    return m


def random_suffix(rng, n=5):
    return "".join(rng.choice(U.SAFE) for _ in range(n))
