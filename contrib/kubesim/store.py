"""The object store: every object kubesim serves, a global resourceVersion, watch history and
the snapshots that paged lists are read from.

Objects are kept as immutable entries (the dict is never changed after it is stored; an
update stores a new entry), each with its JSON bytes and its Table row cached on first use,
so lists of 100k pods are served by joining cached bytes.

Contract (used by the server, the demo world and the controllers):
    store.lock                          RLock; hold it for read-modify-write sequences
    get(key, ns, name) -> dict|None     a deep copy
    list(key, ns=None, label_selector=None, field_selector=None) -> (dicts, rv)
    create(key, obj, dry_run=False)     uid, resourceVersion, creationTimestamp, generation,
                                        generateName, defaults, validation (422), 409 AlreadyExists
    update(key, obj, subresource=None, dry_run=False)
                                        409 on a stale metadata.resourceVersion; 'status' changes only
                                        .status; the main resource keeps .status of kinds with a status
                                        subresource; generation += 1 when spec changes
                                        (both record metadata.managedFields, also in a dry run: the
                                        entries of managedfields.set_result() when a server-side
                                        apply computed them, else the tracked change)
    delete(key, ns, name, propagation=None, dry_run=False, grace_seconds=None)
                                        ownerReference garbage collection (Background, Foreground, Orphan)
    subscribe(fn)                       fn(event_type, key, obj, old_obj) after each committed change,
                                        under the lock; obj/old_obj are copies the callee may keep
    bulk_insert(key, objs)              fast load for the --pods scale mode: fills uid, resourceVersion,
                                        creationTimestamp and namespace, takes ownership of the dicts,
                                        no validation, no defaults, no subscriber calls and no watch
                                        events (watchers that started before it see nothing); JSON and
                                        Table cells are cached by a background thread (wait_warm())
    now() -> str                        RFC 3339 timestamp with 'Z'
"""
import base64
import bisect
import collections
import copy
import json
import random
import threading
import time
import uuid

import defaults
import errors
import managedfields
import resources
import selection
import validate

_GEN_CHARS = "bcdfghjklmnpqrstvwxz2456789"


def _dumps(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


class Entry:
    """One stored object version. obj must never be mutated once wrapped.

    Only the bytes without kind and apiVersion are cached (body): that is how a list carries
    its items; raw (a get, a watch event) puts kind and apiVersion in front of them."""
    __slots__ = ("obj", "_body", "row", "mraw", "rv")

    def __init__(self, obj, rv):
        self.obj = obj
        self._body = None
        self.row = None      # cached table row cells (tables.py)
        self.mraw = None     # cached PartialObjectMetadata bytes (tables.py)
        self.rv = rv

    @property
    def body(self):
        b = self._body
        if b is None:
            o = self.obj
            if "kind" in o or "apiVersion" in o:
                o = {k: v for k, v in o.items() if k != "kind" and k != "apiVersion"}
            b = self._body = _dumps(o)
        return b

    @property
    def raw(self):
        o = self.obj
        head = []
        for k in ("kind", "apiVersion"):
            if k in o:
                head.append(b'"%s":%s' % (k.encode(), _dumps(o[k])))
        b = self.body
        if not head:
            return b
        if b == b"{}":
            return b"{" + b",".join(head) + b"}"
        return b"{" + b",".join(head) + b"," + b[1:]

    def copy(self):
        return json.loads(self.raw)


class Event:
    """One committed change; old is the previous entry (None for ADDED)."""
    __slots__ = ("type", "key", "ns", "entry", "rv", "time", "old")

    def __init__(self, type_, key, ns, entry, rv, old=None):
        self.type = type_
        self.key = key
        self.ns = ns
        self.entry = entry
        self.rv = rv
        self.old = old
        self.time = time.monotonic()


class Snapshot:
    """The rest of a paged list at its first page's resourceVersion: sorted keys, their entries."""
    __slots__ = ("keys", "entries", "rv")

    def __init__(self, keys, entries, rv):
        self.keys = keys
        self.entries = entries
        self.rv = rv


class Watcher:
    """A registered watch; the server's watch loop reads .queue (Event, or None when closed)."""

    def __init__(self, store, key, ns):
        self.store = store
        self.key = key
        self.ns = ns
        self.queue = collections.deque()
        self.cond = threading.Condition(threading.Lock())
        self.closed = False

    def push(self, ev):
        with self.cond:
            self.queue.append(ev)
            self.cond.notify()

    def next(self, timeout):
        """The next event, None on timeout, or raises EOFError when closed."""
        with self.cond:
            if not self.queue and not self.closed:
                self.cond.wait(timeout)
            if self.queue:
                return self.queue.popleft()
            if self.closed:
                raise EOFError()
            return None

    def close(self):
        with self.cond:
            self.closed = True
            self.cond.notify()
        self.store.unwatch(self)


class Store:
    def __init__(self, history_size=20000, history_seconds=300.0):
        self.lock = threading.RLock()
        self.rv = 1
        self.objs = collections.defaultdict(dict)        # key -> {(ns, name): Entry}
        self.order = collections.defaultdict(list)       # key -> sorted [(ns, name)]
        self.owners = collections.defaultdict(set)       # owner uid -> {(key, ns, name)}
        self.history = collections.deque()
        self.history_size = history_size
        self.history_seconds = history_seconds
        # Like etcd's 5-minute compaction and the apiserver's watch cache: continue tokens expire
        # when their resourceVersion is history_seconds old (token_floor); a watch can start from
        # the events kept, at most history_seconds of them and at most history_size (compacted).
        self.compacted = 0          # watches must be at or after this rv
        self.token_floor = 0        # continue tokens must be at or after this rv
        self._rv_times = collections.deque()     # (monotonic time, rv), about one a second
        self.watchers = collections.defaultdict(list)
        self.subscribers = []
        self.pod_termination_seconds = 1.0
        self._warmers = []
        # pack(key, (ns, name), entry) -> a smaller entry to keep instead, or None (world_scale)
        self.pack = None
        # (key, namespace or "", rv) -> Snapshot of a paged list, least recently read first
        self.snapshots = collections.OrderedDict()
        self.snapshot_count = 256
        self.snapshot_items = 4000000
        self._snapshot_items = 0

    # ---- time and identity -------------------------------------------------------------
    @staticmethod
    def now():
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    def _next_rv(self):
        self.rv += 1
        return self.rv

    def resource(self, key):
        res = resources.lookup(key)
        if res is None:
            raise errors.ApiError(404, "NotFound", "the server could not find the requested resource")
        return res

    # ---- reads -------------------------------------------------------------------------
    def entry(self, key, ns, name):
        return self.objs[key].get((ns or "", name))

    def get(self, key, ns, name):
        e = self.objs[key].get((ns or "", name))
        return e.copy() if e is not None else None

    def list(self, key, ns=None, label_selector=None, field_selector=None):
        res = self.resource(key)
        lm = selection.parse_labels(label_selector) if isinstance(label_selector, str) else label_selector
        fm = selection.parse_fields(res, field_selector) if isinstance(field_selector, str) else field_selector
        with self.lock:
            entries, rv, _, _ = self.list_entries(key, ns, lm, fm)
            return [e.copy() for e in entries], rv

    def list_entries(self, key, ns=None, label_match=None, field_match=None, limit=0, cont=None):
        """Entries in key order -> (entries, rv, continue_token or '', remaining or None).

        A first page that has more after it keeps the rest of the list as it is at that page's
        resourceVersion (a Snapshot); its continue token reads from that snapshot, so every page of
        one list shows the same resourceVersion, as the apiserver reads them from etcd's history."""
        with self.lock:
            if cont:
                tok = self._decode_continue(cont)
                self._trim_history()
                ns_s, _, name_s = tok["start"].rstrip("\x00").partition("/")
                if tok["rv"] == -1:
                    # the token of a 410: the rest of the list as it is now
                    snap = None
                    list_rv = self.rv
                else:
                    list_rv = tok["rv"]
                    snap = self.snapshots.get((key, ns or "", list_rv))
                    if list_rv < self.token_floor or snap is None:
                        raise self._expired_continue(tok["start"])
                    self.snapshots.move_to_end((key, ns or "", list_rv))
            else:
                snap = None
                list_rv = self.rv
                ns_s = name_s = None
            if snap is not None:
                keys, entries = snap.keys, snap.entries
                i = bisect.bisect_right(keys, (ns_s, name_s))
                end = len(keys)
            else:
                keys, objs = self.order[key], self.objs[key]
                entries = None
                begin = bisect.bisect_left(keys, (ns, "")) if ns else 0
                end = bisect.bisect_left(keys, (ns + "\x00", "")) if ns else len(keys)
                i = bisect.bisect_right(keys, (ns_s, name_s)) if ns_s is not None else begin
            out = []
            last = None
            while i < end:
                k = keys[i]
                e = entries[i] if entries is not None else objs[k]
                i += 1
                if label_match is not None and not label_match((e.obj.get("metadata") or {}).get("labels")):
                    continue
                if field_match is not None and not field_match(e.obj):
                    continue
                out.append(e)
                last = k
                if limit and len(out) >= limit:
                    break
            token = ""
            remaining = None
            if limit and len(out) >= limit and i < end:
                token = self._encode_continue(list_rv, last)
                if label_match is None and field_match is None:
                    remaining = end - i
                if snap is None:
                    self._snapshot(key, ns or "", list_rv, keys, begin, end, objs)
            elif snap is not None:
                self.snapshots.move_to_end((key, ns or "", list_rv), last=False)    # read to its end
            return out, str(list_rv), token, remaining

    def _snapshot(self, key, ns, rv, order, begin, end, objs):
        """Keeps the keys order[begin:end] with their entries at rv. Entries are immutable,
        so a snapshot is references: memory grows only by the entries written over or deleted
        since, and snapshots are dropped with their tokens (token_floor) or, past snapshot_items
        references or snapshot_count snapshots, least recently read first (their tokens get 410)."""
        sk = (key, ns, rv)
        if sk in self.snapshots:
            self.snapshots.move_to_end(sk)      # the same list at the same resourceVersion
            return
        keys = order[begin:end]
        snap = Snapshot(keys, list(map(objs.__getitem__, keys)), rv)
        self.snapshots[sk] = snap
        self._snapshot_items += len(keys)
        while len(self.snapshots) > 1 and (len(self.snapshots) > self.snapshot_count or
                                           self._snapshot_items > self.snapshot_items):
            _, s = self.snapshots.popitem(last=False)
            self._snapshot_items -= len(s.keys)

    def snapshot_stats(self):
        """-> {"lists": snapshots kept, "items": references they hold} (GET /kubesim/state)."""
        with self.lock:
            return {"lists": len(self.snapshots), "items": self._snapshot_items}

    def _drop_snapshots(self, below):
        """Forgets the snapshots whose resourceVersion is below a new token floor."""
        for sk in [sk for sk, s in self.snapshots.items() if s.rv < below]:
            self._snapshot_items -= len(self.snapshots.pop(sk).keys)

    def _encode_continue(self, rv, last):
        return self._token(rv, "%s/%s\x00" % last)

    @staticmethod
    def _token(rv, start):
        tok = {"v": "meta.k8s.io/v1", "rv": rv, "start": start}
        return base64.urlsafe_b64encode(json.dumps(tok).encode()).decode().rstrip("=")

    def _decode_continue(self, text):
        try:
            pad = "=" * (-len(text) % 4)
            tok = json.loads(base64.urlsafe_b64decode(text + pad))
            if not isinstance(tok["start"], str) or not isinstance(tok["rv"], int) or tok["rv"] == 0 or \
                    tok["rv"] < -1:
                raise ValueError()
            return tok
        except Exception:
            raise errors.bad_request("continue key is not valid: incorrect encoded start resourceVersion "
                                     "(version meta.k8s.io/v1)")

    def _expired_continue(self, start):
        """410 for a token older than the history kept: its Status carries a token that goes on from
        the same key at the current resourceVersion (rv -1), as the apiserver's does."""
        e = errors.gone_expired(
            "The provided continue parameter is too old to display a consistent list result. You can start "
            "a new list without the continue parameter, or use the continue token in this response to "
            "retrieve the remainder of the results. Continuing with the provided token results in an "
            "inconsistent list - objects that were created, modified, or deleted between the time the first "
            "chunk was returned and now may show up in the list.")
        e.list_meta = {"continue": self._token(-1, start)}
        return e

    # ---- watch ---------------------------------------------------------------------------
    def watch(self, key, ns=None, resource_version=None):
        """Register a watcher -> (watcher, backlog events). Raises ApiError 410 for a compacted rv."""
        with self.lock:
            self._trim_history()
            w = Watcher(self, key, ns)
            backlog = []
            if resource_version in (None, "", "0"):
                for k in self.order[key]:
                    if ns and k[0] != ns:
                        continue
                    e = self.objs[key][k]
                    backlog.append(Event("ADDED", key, k[0], e, e.rv))
            else:
                try:
                    rv = int(resource_version)
                except ValueError:
                    raise errors.bad_request('invalid resource version "%s"' % resource_version)
                if rv < self.compacted:
                    raise errors.gone_expired("too old resource version: %d (%d)" % (rv, self.compacted + 1))
                for ev in self.history:
                    if ev.rv > rv and ev.key == key and (not ns or ev.ns == ns):
                        backlog.append(ev)
            self.watchers[key].append(w)
            return w, backlog

    def unwatch(self, w):
        with self.lock:
            lst = self.watchers.get(w.key)
            if lst and w in lst:
                lst.remove(w)

    def close_watches(self):
        """Ends every open watch (the drop-watches fault and shutdown)."""
        with self.lock:
            ws = [w for lst in self.watchers.values() for w in lst]
        for w in ws:
            w.close()
        return len(ws)

    def forget_history(self):
        """Compacts everything: older watches and continue tokens get 410."""
        with self.lock:
            self.history.clear()
            self.compacted = self.token_floor = self._next_rv()
            self._drop_snapshots(self.token_floor)

    def _trim_history(self):
        h = self.history
        now = time.monotonic()
        limit = now - self.history_seconds
        while h and (len(h) > self.history_size or h[0].time < limit):
            ev = h.popleft()
            self.compacted = max(self.compacted, ev.rv)
        t = self._rv_times
        if not t or now - t[-1][0] >= 1.0:
            t.append((now, self.rv))
        floor = self.token_floor
        while t and t[0][0] < limit:
            self.token_floor = max(self.token_floor, t.popleft()[1])
        if self.token_floor != floor and self.snapshots:
            self._drop_snapshots(self.token_floor)

    # ---- commits -------------------------------------------------------------------------
    def subscribe(self, fn):
        with self.lock:
            self.subscribers.append(fn)

    def _index(self, key, k, obj, add):
        for ref in (obj.get("metadata") or {}).get("ownerReferences") or []:
            uid = ref.get("uid")
            if uid:
                if add:
                    self.owners[uid].add((key, k[0], k[1]))
                else:
                    s = self.owners.get(uid)
                    if s:
                        s.discard((key, k[0], k[1]))
                        if not s:
                            del self.owners[uid]

    def _put(self, key, k, entry, type_, old):
        objs = self.objs[key]
        if old is not None:
            self._index(key, k, old.obj, False)
        if type_ == "DELETED":
            del objs[k]
            order = self.order[key]
            i = bisect.bisect_left(order, k)
            if i < len(order) and order[i] == k:
                del order[i]
        else:
            if k not in objs:
                bisect.insort(self.order[key], k)
            objs[k] = entry
            self._index(key, k, entry.obj, True)
        ev = Event(type_, key, k[0], entry, entry.rv, old)
        self.history.append(ev)
        self._trim_history()
        for w in list(self.watchers.get(key, ())):
            if w.ns and w.ns != k[0]:
                continue    # a namespaced watch sees only its namespace
            w.push(ev)
        if key == "customresourcedefinitions.apiextensions.k8s.io":
            self._crd_changed(entry.obj, type_)
        if self.subscribers:
            new = entry.copy()
            oldc = old.copy() if old is not None else None
            for fn in list(self.subscribers):
                try:
                    fn(type_, key, new, oldc)
                except Exception:
                    import traceback
                    traceback.print_exc()
        if self.pack is not None and type_ != "DELETED":
            p = self.pack(key, k, entry)
            if p is not None and objs.get(k) is entry:
                objs[k] = ev.entry = p

    def _crd_changed(self, crd, type_):
        res = resources.crd_resource(crd)
        if type_ == "DELETED":
            resources.unregister(res.key)
            for k in list(self.order.get(res.key, ())):
                e = self.objs[res.key][k]
                self._remove(res.key, k, e)
        else:
            resources.register(res)

    def _remove(self, key, k, old):
        obj = copy.deepcopy(old.obj)
        obj["metadata"]["resourceVersion"] = str(self._next_rv())
        entry = Entry(obj, self.rv)
        self._put(key, k, entry, "DELETED", old)
        return entry

    # ---- create ------------------------------------------------------------------------------
    def create(self, key, obj, dry_run=False):
        res = self.resource(key)
        applied = managedfields.take_result()    # a server-side apply's managedFields, or None
        with self.lock:
            obj = copy.deepcopy(obj)
            if not isinstance(obj.get("metadata", {}), dict):
                raise errors.invalid(res, "", validate.validate(res, obj))
            meta = obj.setdefault("metadata", {})
            obj["apiVersion"] = res.api_version
            obj["kind"] = res.kind
            if res.namespaced:
                meta["namespace"] = meta.get("namespace") or "default"
            else:
                meta.pop("namespace", None)
            ns = meta.get("namespace", "")
            if not meta.get("name") and meta.get("generateName"):
                for _ in range(20):
                    name = meta["generateName"] + "".join(random.choice(_GEN_CHARS) for _ in range(5))
                    if (ns, name) not in self.objs[key]:
                        break
                meta["name"] = name
            if res.namespaced:
                # NamespaceLifecycle admission comes before validation
                name = meta.get("name")
                nse = self.objs["namespaces"].get(("", ns))
                if nse is None:
                    raise errors.not_found(resources.lookup("namespaces"), ns)
                if nse.obj.get("metadata", {}).get("deletionTimestamp"):
                    raise errors.ApiError(
                        403, "Forbidden", '%s "%s" is forbidden: unable to create new content in namespace %s '
                        "because it is being terminated" % (res.plural, name, ns),
                        details={"name": name, "kind": res.plural, "causes": [{
                            "reason": "NamespaceTerminating", "field": "metadata.namespace",
                            "message": "namespace %s is being terminated" % ns}]})
            causes = validate.validate(res, obj)
            if causes:
                raise errors.invalid(res, meta.get("name") or meta.get("generateName"), causes)
            name = meta["name"]
            if (ns, name) in self.objs[key]:
                raise errors.already_exists(res, name)
            for f in ("resourceVersion", "uid", "deletionTimestamp", "deletionGracePeriodSeconds"):
                meta.pop(f, None)
            meta["uid"] = str(uuid.uuid4())
            if not meta.get("creationTimestamp"):
                meta["creationTimestamp"] = self.now()
            if res.generation:
                meta["generation"] = 1
            else:
                meta.pop("generation", None)
            snap = managedfields.snapshot(key, obj)
            defaults.apply(key, obj)
            defaults.omitempty(key, obj)
            if applied is not None:
                meta["managedFields"] = applied
            else:
                managedfields.track(res, None, obj, snap=snap)
            if dry_run:
                return obj
            rv = self._next_rv()
            meta["resourceVersion"] = str(rv)
            entry = Entry(obj, rv)
            self._put(key, (ns, name), entry, "ADDED", None)
            return entry.copy()

    def bulk_insert(self, key, objs):
        res = self.resource(key)
        with self.lock:
            store = self.objs[key]
            keys = []
            now = self.now()
            for obj in objs:
                meta = obj.setdefault("metadata", {})
                obj.setdefault("apiVersion", res.api_version)
                obj.setdefault("kind", res.kind)
                if res.namespaced:
                    meta["namespace"] = meta.get("namespace") or "default"
                ns = meta.get("namespace", "") if res.namespaced else ""
                meta.setdefault("uid", str(uuid.uuid4()))
                meta.setdefault("creationTimestamp", now)
                rv = self._next_rv()
                meta["resourceVersion"] = str(rv)
                k = (ns, meta["name"])
                if k not in store:
                    keys.append(k)
                store[k] = Entry(obj, rv)
                self._index(key, k, obj, True)
            order = self.order[key]
            order.extend(keys)
            order.sort()
            fresh = [store[k] for k in keys]
        # Serialize in the background so the first full list is as fast as the next ones.
        t = threading.Thread(target=self._warm, args=(key, fresh), name="warm-" + key, daemon=True)
        t.start()
        self._warmers.append(t)
        with self.lock:
            # Watches and continue tokens from before the load cannot be served consistently.
            if self.history:
                self.compacted = self.token_floor = max(self.compacted, self.rv - 1)
                self._drop_snapshots(self.token_floor)

    def bulk_insert_entries(self, key, items, compact=True):
        """Like bulk_insert for entries that make their object and bytes themselves (the compact
        pods of world_scale): items are ((ns, name), entry, owner uid or None); each entry gets
        its .rv here, and nothing needs warming. compact=False keeps the history (for kinds
        nobody can watch, such as metrics)."""
        with self.lock:
            store = self.objs[key]
            keys = []
            for k, e, owner in items:
                e.rv = self._next_rv()
                if k not in store:
                    keys.append(k)
                store[k] = e
                if owner:
                    self.owners[owner].add((key, k[0], k[1]))
            order = self.order[key]
            order.extend(keys)
            order.sort()
            if compact and self.history:
                self.compacted = self.token_floor = max(self.compacted, self.rv - 1)
                self._drop_snapshots(self.token_floor)

    def wait_warm(self, timeout=120):
        """Wait until objects loaded by bulk_insert have their bytes and table cells cached."""
        for t in list(self._warmers):
            t.join(timeout)
        self._warmers = [t for t in self._warmers if t.is_alive()]

    def _warm(self, key, entries):
        import tables
        res = resources.lookup(key)
        for i, e in enumerate(entries):
            e.body
            try:
                tables.row_cells(res, e)
                tables.meta_bytes(e)
            except Exception:
                pass
            if i % 500 == 0:
                time.sleep(0.001)

    # ---- update ------------------------------------------------------------------------------
    def update(self, key, obj, subresource=None, dry_run=False):
        res = self.resource(key)
        applied = managedfields.take_result()    # a server-side apply's managedFields, or None
        with self.lock:
            meta = obj.get("metadata") or {}
            ns = meta.get("namespace", "") if res.namespaced else ""
            if res.namespaced and not ns:
                ns = "default"
            name = meta.get("name", "")
            old = self.objs[key].get((ns, name))
            if old is None:
                raise errors.not_found(res, name)
            given = meta.get("resourceVersion")
            if given and given != old.obj["metadata"]["resourceVersion"]:
                raise errors.conflict(res, name)
            oldobj = old.obj
            if subresource == "status":
                new = copy.deepcopy(oldobj)
                if "status" in obj:
                    new["status"] = copy.deepcopy(obj["status"])
                else:
                    new.pop("status", None)
            else:
                new = copy.deepcopy(obj)
                new["apiVersion"] = res.api_version
                new["kind"] = res.kind
                if "status" in res.subresources and subresource is None:
                    if "status" in oldobj:
                        new["status"] = copy.deepcopy(oldobj["status"])
                    else:
                        new.pop("status", None)
            nm = new.setdefault("metadata", {})
            if not isinstance(nm, dict):
                raise errors.invalid(res, name, validate.validate(res, new, oldobj))
            om = oldobj["metadata"]
            for f in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                      "generation", "namespace", "name", "managedFields"):
                if f in om:
                    nm[f] = om[f]
                else:
                    nm.pop(f, None)
            if applied:
                nm["managedFields"] = applied
            elif applied is not None:
                nm.pop("managedFields", None)
            causes = validate.validate(res, new, oldobj)
            if causes:
                raise errors.invalid(res, name, causes)
            if res.generation and subresource is None and new.get("spec") != oldobj.get("spec"):
                nm["generation"] = om.get("generation", 1) + 1
            if key == "daemonsets.apps" and subresource is None:
                defaults.daemonset_update(new, oldobj)
            if key == "secrets":
                defaults.apply(key, new) if "stringData" in new else None
            defaults.omitempty(key, new)
            nm["resourceVersion"] = om["resourceVersion"]
            if new == oldobj:
                return old.copy()          # a no-op update keeps the resourceVersion
            if applied is None:
                managedfields.track(res, oldobj, new, subresource)
            if dry_run:
                return new
            if om.get("deletionTimestamp") and not nm.get("finalizers"):
                self._remove(key, (ns, name), old)
                return new
            rv = self._next_rv()
            nm["resourceVersion"] = str(rv)
            entry = Entry(new, rv)
            self._put(key, (ns, name), entry, "MODIFIED", old)
            return entry.copy()

    # ---- delete ------------------------------------------------------------------------------
    def delete(self, key, ns, name, propagation=None, dry_run=False, grace_seconds=None, uid=None,
               resource_version=None):
        res = self.resource(key)
        ns = (ns or "default") if res.namespaced else ""
        with self.lock:
            old = self.objs[key].get((ns, name))
            if old is None:
                raise errors.not_found(res, name)
            om = old.obj["metadata"]
            # the registry checks preconditions before storage does (rest.BeforeDelete): the
            # conflict names the kind, not the resource
            pre = None
            if uid and om.get("uid") != uid:
                pre = ("the UID in the precondition (%s) does not match the UID in record (%s). The object "
                       "might have been deleted and then recreated" % (uid, om.get("uid")))
            elif resource_version and om.get("resourceVersion") != resource_version:
                pre = ("the ResourceVersion in the precondition (%s) does not match the ResourceVersion in "
                       "record (%s). The object might have been modified" % (resource_version,
                                                                             om.get("resourceVersion")))
            if pre:
                d = {"name": name, "kind": res.kind}
                if res.group:
                    d["group"] = res.group
                raise errors.ApiError(409, "Conflict", 'Operation cannot be fulfilled on %s "%s": %s' % (
                    res.kind + ("." + res.group if res.group else ""), name, pre), details=d)
            if propagation not in (None, "Background", "Foreground", "Orphan"):
                raise errors.invalid(res, name, [("propagationPolicy", 'Unsupported value: "%s": supported '
                                                  'values: "Foreground", "Background", "Orphan"' % propagation,
                                                  "FieldValueNotSupported")])
            propagation = propagation or "Background"
            finalizers = list(om.get("finalizers") or [])
            # Orphan and Foreground: the apiserver only adds the garbage collector's finalizer and
            # answers the object; the collector orphans or deletes the dependents, then removes it
            gcf = None
            if key not in ("pods", "namespaces") and propagation in ("Orphan", "Foreground"):
                gcf = "orphan" if propagation == "Orphan" else "foregroundDeletion"
                if gcf not in finalizers:
                    finalizers.append(gcf)
            if dry_run:
                if finalizers and key not in ("pods", "namespaces") and not om.get("deletionTimestamp"):
                    obj = old.copy()
                    obj["metadata"].update(deletionTimestamp=self.now(), deletionGracePeriodSeconds=0,
                                           finalizers=finalizers)
                    return obj
                if key == "pods" and not om.get("deletionTimestamp") and self._graceful(old.obj, grace_seconds):
                    obj = old.copy()
                    g = grace_seconds if grace_seconds is not None else \
                        (obj.get("spec") or {}).get("terminationGracePeriodSeconds", 30)
                    obj["metadata"].update(deletionGracePeriodSeconds=g, deletionTimestamp=time.strftime(
                        "%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + (g or 0))))
                    return obj
                return old.copy()
            if key == "namespaces":
                return self._delete_namespace(old)
            if om.get("deletionTimestamp"):
                return old.copy()        # already terminating
            if gcf:
                marked = self._mark_deleting(key, (ns, name), old, finalizers)
                self._collect_later(key, (ns, name), om["uid"], gcf)
                return marked.copy()
            if propagation == "Orphan":
                self._orphan(om["uid"])
            if key == "pods" and self._graceful(old.obj, grace_seconds):
                return self._terminate_pod(old, grace_seconds)
            if finalizers:
                return self._mark_deleting(key, (ns, name), old, finalizers).copy()
            gone = self._remove(key, (ns, name), old)
            if propagation != "Orphan":
                self._delete_dependents(om["uid"], "Background")
            return gone.copy()

    def _mark_deleting(self, key, k, old, finalizers):
        obj = copy.deepcopy(old.obj)
        m = obj["metadata"]
        m.setdefault("deletionTimestamp", self.now())
        m.setdefault("deletionGracePeriodSeconds", 0)
        m["finalizers"] = finalizers
        m["resourceVersion"] = str(self._next_rv())
        entry = Entry(obj, self.rv)
        self._put(key, k, entry, "MODIFIED", old)
        return entry

    def _collect_later(self, key, k, uid, finalizer, delay=0.05):
        """The garbage collector's part of an Orphan or Foreground delete: orphan the dependents
        or wait until they are gone, then drop the finalizer (and the object with the last one)."""
        def run():
            with self.lock:
                e = self.objs[key].get(k)
                if e is None or e.obj["metadata"].get("uid") != uid or \
                        finalizer not in (e.obj["metadata"].get("finalizers") or []):
                    return
                if finalizer == "orphan":
                    self._orphan(uid)
                elif any(d[1:] in self.objs[d[0]] for d in self.owners.get(uid, ())):
                    self._delete_dependents(uid, "Foreground")
                    self._collect_later(key, k, uid, finalizer, 0.1)
                    return
                e = self.objs[key].get(k)
                fin = [f for f in e.obj["metadata"].get("finalizers") or [] if f != finalizer]
                if fin:
                    self._mark_deleting(key, k, e, fin)
                else:
                    self._remove(key, k, e)
        t = threading.Timer(delay, run)
        t.daemon = True
        t.start()

    def _orphan(self, uid):
        for key, ns, name in list(self.owners.get(uid, ())):
            e = self.objs[key].get((ns, name))
            if e is None:
                continue
            obj = copy.deepcopy(e.obj)
            refs = [r for r in obj["metadata"].get("ownerReferences", []) if r.get("uid") != uid]
            if refs:
                obj["metadata"]["ownerReferences"] = refs
            else:
                obj["metadata"].pop("ownerReferences", None)
            obj["metadata"]["resourceVersion"] = str(self._next_rv())
            self._put(key, (ns, name), Entry(obj, self.rv), "MODIFIED", e)

    def _delete_dependents(self, uid, propagation):
        for key, ns, name in sorted(self.owners.get(uid, ())):
            if (ns, name) in self.objs[key]:
                try:
                    self.delete(key, ns, name, propagation=propagation)
                except errors.ApiError:
                    pass

    def _graceful(self, pod, grace):
        if grace == 0:
            return False
        st = pod.get("status") or {}
        return bool((pod.get("spec") or {}).get("nodeName")) and st.get("phase") not in ("Succeeded", "Failed")

    def _terminate_pod(self, old, grace):
        g = grace if grace is not None else (old.obj.get("spec") or {}).get("terminationGracePeriodSeconds", 30)
        obj = copy.deepcopy(old.obj)
        m = obj["metadata"]
        ts = time.time() + (g or 0)
        m["deletionTimestamp"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
        m["deletionGracePeriodSeconds"] = g
        m["resourceVersion"] = str(self._next_rv())
        k = (m["namespace"], m["name"])
        entry = Entry(obj, self.rv)
        self._put("pods", k, entry, "MODIFIED", old)
        uid = m["uid"]

        def finish():
            with self.lock:
                e = self.objs["pods"].get(k)
                if e is not None and e.obj["metadata"]["uid"] == uid and not e.obj["metadata"].get("finalizers"):
                    self._remove("pods", k, e)
                    self._delete_dependents(uid, "Background")
        t = threading.Timer(min(g or 0, self.pod_termination_seconds), finish)
        t.daemon = True
        t.start()
        return entry.copy()

    def _delete_namespace(self, old):
        ns = old.obj["metadata"]["name"]
        if not old.obj["metadata"].get("deletionTimestamp"):
            obj = copy.deepcopy(old.obj)
            obj["metadata"]["deletionTimestamp"] = self.now()
            obj["metadata"]["deletionGracePeriodSeconds"] = 0
            obj["status"] = {"phase": "Terminating"}
            obj["metadata"]["resourceVersion"] = str(self._next_rv())
            marked = Entry(obj, self.rv)
            self._put("namespaces", ("", ns), marked, "MODIFIED", old)
        else:
            marked = old
        result = marked.copy()
        uid = marked.obj["metadata"].get("uid")
        wait = min(0.5, self.pod_termination_seconds)

        def finish():
            with self.lock:
                for key in list(self.order.keys()):
                    res = resources.lookup(key)
                    if res is None or not res.namespaced:
                        continue
                    order = self.order[key]
                    i = bisect.bisect_left(order, (ns, ""))
                    doomed = []
                    while i < len(order) and order[i][0] == ns:
                        doomed.append(order[i])
                        i += 1
                    for k in doomed:
                        e = self.objs[key].get(k)
                        if e is not None:
                            self._remove(key, k, e)
            # the namespace controller's last pass finds it empty and removes its finalizer (spec.
            # finalizers "kubernetes"); until then the namespace refuses new content (403)
            t2 = threading.Timer(2 * wait, finalize)
            t2.daemon = True
            t2.start()

        def finalize():
            with self.lock:
                e = self.objs["namespaces"].get(("", ns))
                if e is not None and e.obj["metadata"].get("uid") == uid:
                    self._remove("namespaces", ("", ns), e)
        t = threading.Timer(wait, finish)
        t.daemon = True
        t.start()
        return result
