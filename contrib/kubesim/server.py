"""The HTTP(S) front: authentication, RBAC, routing of API paths to the store, watches,
Tables, subresources, the admin endpoint (/kubesim/...) and the request log.

Routing of pods/NAME/{log,exec,attach,portforward}: streams.handle(handler, user, ns, name,
subresource, query) after authentication and RBAC (log: get; the others: create).
"""
import copy
import json
import os
import select
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import apply as applylib
import controllers
import discovery
import errors
import faults
import managedfields
import openshift
import patch as patchlib
import pb
import rbac
import resources
import selection
import streams
import tables
from errors import ApiError
from store import Entry

JSON = "application/json"
PATCH_TYPES = {
    "application/merge-patch+json": "merge",
    "application/json-patch+json": "json",
    "application/strategic-merge-patch+json": "strategic",
    "application/apply-patch+yaml": "apply",
}
BOOKMARK_SECONDS = 5.0
STREAM_ITEMS = 2000          # lists with more items are written chunked as they are made
NAMESPACE_SUBRESOURCES = ("status", "finalize")
NO_AUTH_PATHS = ("/healthz", "/readyz", "/livez", "/version", "/version/")


class RequestInfo:
    __slots__ = ("group", "version", "namespace", "resource", "name", "subresource", "verb", "res", "parts")

    def __init__(self):
        self.group = self.version = self.namespace = self.resource = self.name = self.subresource = None
        self.verb = None
        self.res = None
        self.parts = []


SCALE = resources.Resource("autoscaling", "v1", "scale", "scale", "Scale", True)


def scale_resource(res):
    """The scale subresource names itself deployments/scale in its NotFound."""
    return resources.Resource(res.group, res.version, res.plural + "/scale", res.singular, res.kind,
                              res.namespaced)


def parse_api_path(path):
    """RequestInfo for /api/v1/... and /apis/G/V/... paths, or None for other paths."""
    parts = [urllib.parse.unquote(p) for p in path.strip("/").split("/")]
    info = RequestInfo()
    if parts[0] == "api" and len(parts) >= 2:
        info.group, info.version, rest = "", parts[1], parts[2:]
    elif parts[0] == "apis" and len(parts) >= 3:
        info.group, info.version, rest = parts[1], parts[2], parts[3:]
    else:
        return None
    if not rest:
        return info
    if rest[0] == "namespaces" and len(rest) > 1:
        info.namespace = rest[1]
        if len(rest) > 2 and rest[2] not in NAMESPACE_SUBRESOURCES:
            rest = rest[2:]
    info.resource = rest[0]
    if len(rest) > 1:
        info.name = rest[1]
    if len(rest) > 2:
        info.subresource = rest[2]
    info.parts = rest
    return info


def _q1(query, name, default=None):
    v = query.get(name)
    return v[0] if v else default


def _bool(v):
    return v in ("1", "true", "True")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kubesim"
    sys_version = ""

    # ---- connection ------------------------------------------------------------------------
    def setup(self):
        self.peercert = None
        ctx = self.server.ssl_context
        if ctx is not None:
            # wrap_socket detaches the plain socket: track the wrapped one, which an outage
            # can shut down and finish() removes
            self.request.settimeout(10)
            try:
                self.request = ctx.wrap_socket(self.request, server_side=True)
            except (ssl.SSLError, OSError):
                raise ConnectionAbortedError()
            self.request.settimeout(None)
            self.peercert = self.request.getpeercert()
        self.server.track(self.request, True)
        super().setup()

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.track(self.request, False)

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, ssl.SSLError, OSError):
            pass

    def log_message(self, fmt, *args):
        pass

    # ---- answers ---------------------------------------------------------------------------
    def send_response(self, code, message=None):
        self._code = code
        self.server.log_request_line(self, code)
        super().send_response(code, message)

    def send_bytes(self, code, body, ctype=JSON, headers=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache, private")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_chunked(self):
        parts = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline().strip():     # trailers up to the empty line
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def send_chunked(self, code, chunks, ctype=JSON):
        """An answer in Transfer-Encoding: chunked, written piece by piece from an iterable."""
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache, private")
        self.end_headers()
        if self.command == "HEAD":
            return
        for c in chunks:
            if c:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
        self.wfile.write(b"0\r\n\r\n")

    def send_json(self, code, obj, headers=None):
        self.send_bytes(code, json.dumps(obj, separators=(",", ":")).encode(), headers=headers)

    def send_error_status(self, err):
        self.send_json(err.code, err.status(), headers=err.headers)

    # ---- dispatch --------------------------------------------------------------------------
    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def dispatch(self):
        self._code = None
        self.user = ""
        managedfields.clear_request()
        self.groups = []
        url = urllib.parse.urlsplit(self.path)
        self.url_path = url.path
        self.query_string = url.query
        self.query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        self.body = b""
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.body = self.rfile.read(n)
        elif "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            self.body = self.read_chunked()      # kubectl --raw -f streams the file
        sv = self.server
        try:
            if self.url_path.startswith("/kubesim/"):
                return sv.admin(self)
            if faults.delay_ms:
                time.sleep(faults.delay_ms / 1000.0)
            code = faults.take_failure()
            if code == 429:
                raise errors.too_many_requests(faults.retry_after)
            if code:
                raise ApiError(code, errors.REASONS.get(code, "InternalError"),
                               "Internal error occurred: kubesim fault injection",
                               details={"causes": [{"message": "kubesim fault injection"}]})
            user, groups = sv.auth.authenticate(self.headers, self.peercert)
            if user is None and sv.ssl_context is None and "Authorization" not in self.headers:
                # Plain HTTP is the old insecure port: kubectl sends no credentials over it
                # (client-go applies auth info only with TLS), so it acts as admin.
                user, groups = "admin", ["system:masters", "system:authenticated"]
            if user is None and "Authorization" not in self.headers and sv.anonymous_auth:
                # --anonymous-auth: no credentials is the anonymous user, whom RBAC decides about
                user, groups = "system:anonymous", ["system:unauthenticated"]
            if user is None:
                raise errors.unauthorized()
            if self.url_path in NO_AUTH_PATHS:
                return self.non_resource()   # system:public-info-viewer: every user
            self.user, self.groups = user, groups
            managedfields.set_request(managedfields.manager_from(self.headers.get("User-Agent"),
                                                                 _q1(self.query, "fieldManager")))
            info = parse_api_path(self.url_path)
            if info is None or info.resource is None:
                sv.authz.check(user, groups, {"verb": self.command.lower() if self.command != "HEAD" else "get",
                                              "path": self.url_path})
                return self.non_resource()
            return self.resource_request(info)
        except ApiError as e:
            if self._code is None:
                self.send_error_status(e)
        except (ConnectionError, ssl.SSLError, BrokenPipeError):
            self.close_connection = True
        except Exception as e:  # a bug: answer as the apiserver would, and say where
            import traceback
            traceback.print_exc()
            if self._code is None:
                self.send_error_status(ApiError(500, "InternalError", "Internal error occurred: %s" % e))
            else:
                self.close_connection = True

    # ---- non-resource paths ------------------------------------------------------------------
    def non_resource(self):
        p = self.url_path.rstrip("/") or "/"
        if p in ("/healthz", "/readyz", "/livez"):
            return self.send_bytes(200, b"ok", "text/plain; charset=utf-8")
        if p == "/version":
            return self.send_json(200, discovery.VERSION)
        if p == "/openapi/v2":
            # An empty document: kubectl then skips client-side schema checks (the server validates)
            # and computes strategic merge patches from its compiled-in types.
            if "protobuf" in (self.headers.get("Accept") or ""):
                return self.send_bytes(200, b"", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
            return self.send_json(200, {"swagger": "2.0", "info": {"title": "Kubernetes (kubesim)",
                                                                    "version": discovery.VERSION["gitVersion"]},
                                        "paths": {}, "definitions": {}})
        if p == "/api":
            return self.send_json(200, discovery.api_versions(self.headers.get("Host", "127.0.0.1")))
        if p == "/apis":
            return self.send_json(200, discovery.api_groups())
        parts = p.strip("/").split("/")
        if parts[0] == "api" and len(parts) == 2:
            doc = discovery.resource_list("", parts[1])
            if doc:
                return self.send_json(200, doc)
        if parts[0] == "apis" and len(parts) == 2:
            doc = discovery.api_group(parts[1])
            if doc:
                return self.send_json(200, doc)
        if parts[0] == "apis" and len(parts) == 3:
            doc = discovery.resource_list(parts[1], parts[2])
            if doc:
                return self.send_json(200, doc)
        if p == "/":
            return self.send_json(200, {"paths": ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz",
                                                  "/version"] + ["/apis/%s/%s" % gv for gv in resources.groups()]})
        raise ApiError(404, "NotFound", "the server could not find the requested resource", details={})

    # ---- resources ---------------------------------------------------------------------------
    def verb_of(self, info):
        m = self.command
        if m in ("GET", "HEAD"):
            if info.name is None:
                return "watch" if _bool(_q1(self.query, "watch")) else "list"
            return "get"
        if m == "POST":
            return "create"
        if m == "PUT":
            return "update"
        if m == "PATCH":
            return "patch"
        if m == "DELETE":
            return "delete" if info.name is not None else "deletecollection"
        raise ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")

    def resource_request(self, info):
        sv = self.server
        res = resources.served(info.group, info.version, info.resource)
        if res is None:
            raise ApiError(404, "NotFound", "the server could not find the requested resource", details={})
        info.res = res
        if res.namespaced and info.namespace is None and info.name is not None and info.resource != "namespaces":
            raise ApiError(404, "NotFound", "the server could not find the requested resource", details={})
        if not res.namespaced and info.resource != "namespaces" and info.namespace is not None:
            raise ApiError(404, "NotFound", "the server could not find the requested resource", details={})
        verb = self.verb_of(info)
        sub = info.subresource
        if sub in ("exec", "attach", "portforward") and res.key == "pods":
            authz_verb = "create"
        else:
            authz_verb = verb
        if sub and sub not in res.subresources:
            raise ApiError(404, "NotFound", "the server could not find the requested resource", details={})
        attrs = {"verb": authz_verb, "group": res.group, "resource": res.plural, "subresource": sub,
                 "namespace": info.namespace or "", "name": info.name}
        sv.authz.check(self.user, self.groups, attrs)
        info.verb = verb
        if not res.namespaced:
            info.namespace = None
        if sub in ("log", "exec", "attach", "portforward") and res.key == "pods":
            with sv.store.lock:
                if sv.store.entry("pods", info.namespace, info.name) is None:
                    raise errors.not_found(res, info.name)
            if not streams.handle(self, self.user, info.namespace, info.name, sub, self.query):
                raise ApiError(404, "NotFound", "the server could not find the requested resource", details={})
            return
        if sub is None and verb not in res.verbs:
            raise errors.method_not_allowed(verb, res)
        if sub is None and verb in ("create", "deletecollection", "list", "watch") and info.name is not None:
            raise errors.method_not_allowed(verb, res)
        h = getattr(self, "do_" + verb)
        return h(info, res)

    # ---- reads ---------------------------------------------------------------------------------
    def table_mode(self):
        """None, ('Table', include) or ('Partial', None) from the Accept header."""
        acc = self.headers.get("Accept", "") or ""
        for part in acc.split(","):
            params = {}
            for p in part.split(";")[1:]:
                k, _, v = p.strip().partition("=")
                params[k] = v
            if params.get("as") == "Table":
                return "Table"
            if params.get("as") in ("PartialObjectMetadata", "PartialObjectMetadataList"):
                return "Partial"
            if part.strip().split(";")[0] in ("application/json", "*/*", "application/*") and "as" not in params:
                return None
        return None

    def include_object(self):
        inc = _q1(self.query, "includeObject", "Metadata") or "Metadata"
        if inc not in ("None", "Metadata", "Object"):
            raise errors.bad_request('includeObject: Unsupported value: "%s": supported values: "Metadata", '
                                     '"None", "Object"' % inc)
        return inc

    def do_get(self, info, res):
        sv = self.server
        sub = info.subresource
        with sv.store.lock:
            e = sv.store.entry(res.key, info.namespace, info.name)
            if res.key == openshift.KEY and not openshift.may_see(sv.authz, self.user, self.groups, info.name):
                # OpenShift answers 403 for a project the user may not see, whether it exists or not
                raise errors.forbidden(self.user, "get", res.plural, res.group, None, info.name, info.name)
            if e is None:
                raise errors.not_found(scale_resource(res) if sub == "scale" else res, info.name)
        if sub == "scale":
            return self.send_json(200, self.scale_of(res, e.obj))
        mode = self.table_mode()
        if mode == "Table":
            meta = {"resourceVersion": e.obj["metadata"].get("resourceVersion", "")}
            return self.send_bytes(200, tables.table_bytes(res, [e], self.include_object(), meta))
        if mode == "Partial":
            return self.send_json(200, tables._meta_partial(e.obj, res))
        return self.send_bytes(200, e.raw)

    def selectors(self, res):
        lm = selection.parse_labels(_q1(self.query, "labelSelector"))
        fm = selection.parse_fields(res, _q1(self.query, "fieldSelector"))
        return lm, fm

    def do_list(self, info, res):
        sv = self.server
        lm, fm = self.selectors(res)
        try:
            limit = int(_q1(self.query, "limit", "0") or 0)
        except ValueError:
            raise errors.bad_request("limit: Invalid value")
        cont = _q1(self.query, "continue") or None
        rv_param = _q1(self.query, "resourceVersion")
        if cont and rv_param not in (None, ""):
            raise errors.bad_request('specifying resource version is not allowed when using continue')
        self.check_rv_match(rv_param, cont)
        entries, rv, token, remaining = sv.store.list_entries(res.key, info.namespace, lm, fm, limit, cont)
        if res.key == openshift.KEY:
            entries = [e for e in entries if openshift.visible(sv.authz, self.user, self.groups, e)]
        meta = {"resourceVersion": rv}
        if token:
            meta["continue"] = token
            if remaining is not None:
                meta["remainingItemCount"] = remaining
        mode = self.table_mode()
        if mode == "Table":
            chunks = tables.table_chunks(res, entries, self.include_object(), meta)
            if len(entries) > STREAM_ITEMS:
                return self.send_chunked(200, chunks)
            return self.send_bytes(200, b"".join(chunks))
        if mode == "Partial":
            items = [tables._meta_partial(e.obj, res) for e in entries]
            return self.send_json(200, {"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1",
                                        "metadata": meta, "items": items})
        head = json.dumps({"kind": res.kind + "List", "apiVersion": res.api_version, "metadata": meta},
                          separators=(",", ":")).encode()
        if len(entries) > STREAM_ITEMS:
            # a big list is written as it is made (chunked, as the apiserver does), not held whole
            def chunks():
                yield head[:-1] + b',"items":['
                for i in range(0, len(entries), 500):
                    part = b",".join(e.body for e in entries[i:i + 500])
                    yield b"," + part if i else part
                yield b"]}"
            return self.send_chunked(200, chunks())
        body = head[:-1] + b',"items":[' + b",".join(e.body for e in entries) + b"]}"
        return self.send_bytes(200, body)

    def check_rv_match(self, rv_param, cont):
        rvm = _q1(self.query, "resourceVersionMatch")
        if not rvm:
            return
        if rvm not in ("Exact", "NotOlderThan"):
            raise errors.options_invalid("ListOptions", "resourceVersionMatch", 'Unsupported value: "%s": '
                                         'supported values: "Exact", "NotOlderThan", ""' % rvm,
                                         "FieldValueNotSupported")
        if not rv_param:
            raise errors.options_invalid("ListOptions", "resourceVersionMatch", "Forbidden: resourceVersionMatch "
                                         "is forbidden unless resourceVersion is provided", "FieldValueForbidden")
        if rvm == "Exact" and rv_param == "0":
            raise errors.options_invalid("ListOptions", "resourceVersionMatch", "Forbidden: resourceVersionMatch "
                                         '"exact" is forbidden for resourceVersion "0"', "FieldValueForbidden")

    def do_watch(self, info, res):
        sv = self.server
        lm, fm = self.selectors(res)
        try:
            timeout = float(_q1(self.query, "timeoutSeconds", "0") or 0)
        except ValueError:
            raise errors.bad_request("timeoutSeconds: Invalid value")
        if timeout <= 0:
            timeout = 1800.0
        bookmarks = _bool(_q1(self.query, "allowWatchBookmarks"))
        mode = self.table_mode()
        include = self.include_object() if mode == "Table" else None
        rv = _q1(self.query, "resourceVersion")
        gone = None
        try:
            w, backlog = sv.store.watch(res.key, info.namespace, rv)
        except ApiError as e:
            if e.code != 410:
                raise
            w, backlog, gone = None, [], e
        self.send_response(200)
        self.send_header("Content-Type", JSON)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache, private")
        self.end_headers()
        sv.track_watch(self, True)
        first = [True]
        now = [time.time()]

        def chunk(data):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        def matches(entry):
            if entry is None:
                return False
            o = entry.obj
            if lm is not None and not lm((o.get("metadata") or {}).get("labels")):
                return False
            if fm is not None and not fm(o):
                return False
            return True

        def send_event(type_, entry):
            if mode == "Table":
                cols = tables.printer(res)[0] if first[0] else []
                first[0] = False
                obj = b'{"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"' + \
                    str(entry.rv).encode() + b'"},"columnDefinitions":' + \
                    json.dumps(cols, separators=(",", ":")).encode() + b',"rows":[' + \
                    tables.row_bytes(res, entry, include, time.time()) + b"]}"
            elif mode == "Partial":
                obj = json.dumps(tables._meta_partial(entry.obj, res), separators=(",", ":")).encode()
            else:
                obj = entry.raw
            chunk(b'{"type":"' + type_.encode() + b'","object":' + obj + b"}\n")

        def deliver(ev):
            if res.key == openshift.KEY and not openshift.visible(sv.authz, self.user, self.groups, ev.entry):
                return
            if lm is None and fm is None:
                return send_event(ev.type, ev.entry)
            now_m = matches(ev.entry)
            if ev.type == "ADDED":
                if now_m:
                    send_event("ADDED", ev.entry)
            elif ev.type == "DELETED":
                if matches(ev.old) or now_m:
                    send_event("DELETED", ev.entry)
            else:
                was = matches(ev.old)
                if was and now_m:
                    send_event("MODIFIED", ev.entry)
                elif now_m:
                    send_event("ADDED", ev.entry)
                elif was:
                    # the object left the selection: the watch cache sends the version it last
                    # matched, at this event's resourceVersion
                    o = ev.old.obj
                    o = dict(o, metadata=dict(o.get("metadata") or {}, resourceVersion=str(ev.rv)))
                    send_event("DELETED", Entry(o, ev.rv))

        try:
            if gone is not None:
                chunk(json.dumps({"type": "ERROR", "object": gone.status()}, separators=(",", ":")).encode()
                      + b"\n")
                return
            deadline = time.monotonic() + timeout
            next_bookmark = time.monotonic() + BOOKMARK_SECONDS
            for ev in backlog:
                deliver(ev)
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    ev = w.next(min(left, max(0.05, next_bookmark - time.monotonic())))
                except EOFError:
                    break
                if ev is not None:
                    deliver(ev)
                    continue
                if time.monotonic() >= next_bookmark:
                    next_bookmark = time.monotonic() + BOOKMARK_SECONDS
                    if bookmarks:
                        with sv.store.lock:
                            if w.queue:
                                continue
                            cur = sv.store.rv
                        bm = {"kind": res.kind, "apiVersion": res.api_version,
                              "metadata": {"resourceVersion": str(cur), "creationTimestamp": None}}
                        if mode == "Table":
                            bm = {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
                                  "metadata": {"resourceVersion": str(cur)}, "columnDefinitions": None,
                                  "rows": None}
                        chunk(json.dumps({"type": "BOOKMARK", "object": bm}, separators=(",", ":")).encode()
                              + b"\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (OSError, ValueError):
            self.close_connection = True
        finally:
            now[0] = 0
            if w is not None:
                w.close()
            sv.track_watch(self, False)
        if w is not None and w.closed and time.monotonic() < deadline - 0.01:
            self.close_connection = True

    # ---- writes --------------------------------------------------------------------------------
    def dry_run(self):
        dr = self.query.get("dryRun") or []
        if any(v != "All" for v in dr):
            opts = {"POST": "CreateOptions", "PUT": "UpdateOptions", "PATCH": "PatchOptions"}.get(
                self.command, "DeleteOptions")
            msg = "Unsupported value: []string{%s}: supported values: \"All\"" % ", ".join('"%s"' % v for v in dr)
            raise errors.options_invalid(opts, "dryRun", msg, "FieldValueNotSupported")
        return bool(dr)

    def read_body(self):
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if ctype == "application/vnd.kubernetes.protobuf":
            try:
                return pb.decode(self.body)
            except (ValueError, IndexError, UnicodeDecodeError) as e:
                raise errors.bad_request("unable to decode the protobuf body: %s" % e)
        try:
            obj = json.loads(self.body or b"null")
        except ValueError as e:
            raise errors.bad_request("the object provided is unrecognized (must be of type %s): couldn't get "
                                     "version/kind; json parse error: %s" % ("object", e))
        return obj

    def check_field_validation(self):
        fv = _q1(self.query, "fieldValidation")
        if fv not in (None, "", "Ignore", "Warn", "Strict"):
            raise errors.bad_request('fieldValidation: Unsupported value: "%s": supported values: "Ignore", '
                                     '"Strict", "Warn"' % fv)

    def do_create(self, info, res):
        sv = self.server
        self.check_field_validation()
        sub = info.subresource
        if sub is not None:
            return self.create_subresource(info, res, sub)
        obj = self.read_body()
        if not isinstance(obj, dict):
            raise errors.bad_request("the object provided is unrecognized (must be of type %s)" % res.kind)
        if res.key.startswith("selfsubject"):
            return self.review(res, obj)
        self.check_kind(res, obj)
        meta = obj.setdefault("metadata", {})
        if not isinstance(meta, dict):
            meta = obj["metadata"] = {}
        if res.namespaced:
            ns = meta.get("namespace")
            if ns and info.namespace and ns != info.namespace:
                raise errors.bad_request("the namespace of the provided object does not match the namespace sent "
                                         "on the request")
            meta["namespace"] = info.namespace or ns or "default"
        if res.group == rbac.RBAC:
            rbac.check_escalation(sv.authz, self.user, self.groups, res, obj, info.namespace)
        if "status" in res.subresources and res.key not in ("nodes", "persistentvolumes", "namespaces",
                                                              "customresourcedefinitions.apiextensions.k8s.io"):
            obj.pop("status", None)
        out = sv.store.create(res.key, obj, dry_run=self.dry_run())
        self.send_json(201, out)

    def check_kind(self, res, obj):
        k, av = obj.get("kind"), obj.get("apiVersion")
        other = resources.by_kind(av or res.api_version, k) if k else None
        if k and k != res.kind and other is not None and res.crd is None and other.crd is None:
            # a kind the scheme knows but cannot convert into this one
            def pkg(r, internal):
                return (r.group.split(".")[0] or "core") if internal else r.version
            raise errors.bad_request('%s in version "%s" cannot be handled as a %s: converting (%s.%s) to '
                                     '(%s.%s): unknown conversion' % (k, other.version, res.kind, pkg(other, False),
                                                                      k, pkg(res, True), res.kind))
        if k and k != res.kind:
            raise errors.bad_request('%s in version "%s" cannot be handled as a %s: no kind "%s" is registered '
                                     'for version "%s" in scheme "pkg/runtime/scheme.go:100"'
                                     % (res.kind, res.version, res.kind, k, av))

    def do_update(self, info, res):
        sv = self.server
        self.check_field_validation()
        obj = self.read_body()
        if not isinstance(obj, dict):
            raise errors.bad_request("the object provided is unrecognized")
        sub = info.subresource
        if sub == "scale":
            self.check_kind(SCALE, obj)
            return self.write_scale(info, res, obj)
        self.check_kind(res, obj)
        meta = obj.setdefault("metadata", {})
        if meta.get("name") and meta["name"] != info.name:
            raise errors.bad_request("the name of the object (%s) does not match the name on the URL (%s)"
                                     % (meta["name"], info.name))
        meta["name"] = info.name
        if res.namespaced:
            if meta.get("namespace") and meta["namespace"] != info.namespace:
                raise errors.bad_request("the namespace of the provided object does not match the namespace "
                                         "sent on the request")
            meta["namespace"] = info.namespace
        if sub == "ephemeralcontainers":
            with sv.store.lock:
                cur = sv.store.get(res.key, info.namespace, info.name)
                if cur is None:
                    raise errors.not_found(res, info.name)
                cur["spec"]["ephemeralContainers"] = (obj.get("spec") or {}).get("ephemeralContainers") or []
                cur["metadata"]["resourceVersion"] = meta.get("resourceVersion") or cur["metadata"]["resourceVersion"]
                out = sv.store.update(res.key, cur, subresource=sub, dry_run=self.dry_run())
            return self.send_json(200, out)
        if res.group == rbac.RBAC:
            rbac.check_escalation(sv.authz, self.user, self.groups, res, obj, info.namespace)
        out = sv.store.update(res.key, obj, subresource=sub, dry_run=self.dry_run())
        self.send_json(200, out)

    def do_patch(self, info, res):
        sv = self.server
        self.check_field_validation()
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        kind = PATCH_TYPES.get(ctype)
        accepted = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
        if res.crd is None:
            accepted.append("application/strategic-merge-patch+json")
        if kind is None or (kind == "strategic" and res.crd is not None):
            if kind is None:
                raise ApiError(415, "UnsupportedMediaType", "415: Unsupported Media Type")
            raise ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                           "accepted media types include: " + ", ".join(accepted))
        try:
            body = json.loads(self.body or b"null")
        except ValueError as e:
            if kind == "apply":
                body = self.yaml_body()
            elif kind == "merge":       # the merge patch library's error becomes a reasonless 500
                raise ApiError(500, "", "Invalid JSON Patch")
            elif getattr(e, "pos", 0) >= len((self.body or b"").rstrip()):
                raise errors.bad_request("unexpected end of JSON input" if kind == "json" else "unexpected EOF")
            else:
                raise errors.bad_request("invalid character looking for beginning of value")
        sub = info.subresource
        manager = _q1(self.query, "fieldManager")
        if kind == "apply" and not manager:
            raise errors.options_invalid("PatchOptions", "fieldManager", "Required value: is required for apply "
                                         "patch", "FieldValueRequired")
        if kind == "apply" and not isinstance(body, dict):
            raise errors.bad_request("error decoding YAML: the applied configuration is not an object")
        force = _q1(self.query, "force")
        if kind == "apply":
            managedfields.set_request(manager, "Apply")
        dry = self.dry_run()
        with sv.store.lock:
            cur = sv.store.get(res.key, info.namespace, info.name)
            if cur is None:
                if kind == "apply" and sub is None:
                    obj, fields = applylib.apply(res, None, body, manager, force == "true")
                    obj.setdefault("metadata", {})["name"] = info.name
                    if res.namespaced:
                        obj["metadata"]["namespace"] = info.namespace
                    managedfields.set_result(fields)
                    return self.send_json(201, sv.store.create(res.key, obj, dry_run=dry))
                raise errors.not_found(scale_resource(res) if sub == "scale" else res, info.name)
            if sub == "scale":
                target = self.scale_of(res, cur)
            else:
                target = cur
            if kind == "apply" and sub is None:
                new, fields = applylib.apply(res, cur, body, manager, force == "true")
                managedfields.set_result(fields)
            elif kind == "merge" or kind == "apply":
                if not isinstance(body, dict):
                    raise errors.bad_request("json: cannot unmarshal into Go value of type map[string]interface {}")
                new = patchlib.merge_patch(target, body)
            elif kind == "json":
                try:
                    new = patchlib.json_patch(target, body)
                except ApiError as e:
                    if e.code != 422:
                        raise
                    # the apiserver answers every failed operation without saying which
                    raise ApiError(422, "Invalid", "the server rejected our request due to an error in our "
                                   "request")
            else:
                if not isinstance(body, dict):
                    raise errors.bad_request("json: cannot unmarshal into Go value of type map[string]interface {}")
                new = patchlib.strategic_merge(target, body)
            if not isinstance(new, dict):
                raise errors.bad_request("the patch did not produce an object")
            if sub == "scale":
                return self.write_scale(info, res, new, cur=cur)
            meta = new.setdefault("metadata", {}) if isinstance(new.get("metadata", {}), dict) else {}
            if meta.get("name") not in (None, info.name):
                raise errors.bad_request("the name of the object (%s) does not match the name on the URL (%s)"
                                         % (meta.get("name"), info.name))
            if isinstance(new.get("metadata"), dict):
                new["metadata"]["name"] = info.name
                if res.namespaced:
                    new["metadata"]["namespace"] = info.namespace
            if sub == "ephemeralcontainers":
                eph = (new.get("spec") or {}).get("ephemeralContainers") or []
                new = copy.deepcopy(cur)
                new["spec"]["ephemeralContainers"] = eph
            if res.group == rbac.RBAC:
                rbac.check_escalation(sv.authz, self.user, self.groups, res, new, info.namespace)
            out = sv.store.update(res.key, new, subresource=sub, dry_run=dry)
        self.send_json(200, out)

    def yaml_body(self):
        """An applied configuration in YAML (kubectl sends JSON, which is YAML too)."""
        try:
            import yaml
        except ImportError:
            raise errors.bad_request("error decoding YAML: YAML bodies need PyYAML in kubesim")
        try:
            return yaml.safe_load(self.body.decode("utf-8", "replace"))
        except yaml.YAMLError as e:
            raise errors.bad_request("error decoding YAML: %s" % str(e).replace("\n", " "))

    @staticmethod
    def scale_paths(res):
        """(spec replicas path, status replicas path, selector path or None) as key lists: the
        CRD's subresources.scale for custom resources."""
        if res.crd is not None:
            for v in (res.crd.get("spec") or {}).get("versions") or []:
                sc = (v.get("subresources") or {}).get("scale")
                if v.get("name") == res.version and sc:
                    def keys(p):
                        return [k for k in (p or "").split(".") if k] or None
                    return (keys(sc.get("specReplicasPath")) or ["spec", "replicas"],
                            keys(sc.get("statusReplicasPath")) or ["status", "replicas"],
                            keys(sc.get("labelSelectorPath")))
        return ["spec", "replicas"], ["status", "replicas"], None

    def scale_of(self, res, obj):
        def at(keys):
            o = obj
            for k in keys:
                o = o.get(k) if isinstance(o, dict) else None
            return o
        spec_p, status_p, sel_p = self.scale_paths(res)
        m = obj["metadata"]
        st = {"replicas": at(status_p) or 0}
        if res.crd is None:
            sel = ((obj.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
            st["selector"] = ",".join("%s=%s" % kv for kv in sorted(sel.items()))
        elif sel_p and at(sel_p):
            st["selector"] = at(sel_p)
        return {"kind": "Scale", "apiVersion": "autoscaling/v1",
                "metadata": {"name": m["name"], "namespace": m.get("namespace"), "uid": m.get("uid"),
                             "resourceVersion": m.get("resourceVersion"),
                             "creationTimestamp": m.get("creationTimestamp")},
                "spec": {"replicas": at(spec_p) or 0},
                "status": st}

    def write_scale(self, info, res, scale, cur=None):
        sv = self.server
        with sv.store.lock:
            if cur is None:
                cur = sv.store.get(res.key, info.namespace, info.name)
                if cur is None:
                    raise errors.not_found(res, info.name)
            n = (scale.get("spec") or {}).get("replicas")
            causes = []
            if not isinstance(n, int) or isinstance(n, bool):
                causes.append(("spec.replicas", 'Invalid value: "%s": spec.replicas in body must be of type '
                               'integer' % type(n).__name__, "FieldValueTypeInvalid"))
            elif n < 0:
                causes.append(("spec.replicas", "Invalid value: %d: must be greater than or equal to 0" % n,
                               "FieldValueInvalid"))
            if causes:
                raise errors.invalid(SCALE, info.name, causes)
            rv = (scale.get("metadata") or {}).get("resourceVersion")
            if rv and rv != cur["metadata"]["resourceVersion"]:
                raise errors.conflict(res, info.name)
            o = cur
            spec_p = self.scale_paths(res)[0]
            for k in spec_p[:-1]:
                o = o.setdefault(k, {})
            o[spec_p[-1]] = n
            out = sv.store.update(res.key, cur, dry_run=self.dry_run())
        self.send_json(200, self.scale_of(res, out))

    def delete_options(self):
        opts = {}
        if self.body:
            try:
                opts = json.loads(self.body) or {}
            except ValueError:
                raise errors.bad_request("the body of the request was not valid DeleteOptions")
        prop = opts.get("propagationPolicy") or _q1(self.query, "propagationPolicy")
        if opts.get("orphanDependents") is True or _q1(self.query, "orphanDependents") == "true":
            prop = prop or "Orphan"
        grace = opts.get("gracePeriodSeconds")
        if grace is None and _q1(self.query, "gracePeriodSeconds") not in (None, ""):
            grace = int(_q1(self.query, "gracePeriodSeconds"))
        pre = opts.get("preconditions") or {}
        dry = bool(opts.get("dryRun")) or self.dry_run()
        return prop, grace, pre, dry

    def do_delete(self, info, res):
        sv = self.server
        if info.subresource:
            raise errors.method_not_allowed("delete", res)
        prop, grace, pre, dry = self.delete_options()
        out = sv.store.delete(res.key, info.namespace, info.name, propagation=prop, dry_run=dry,
                              grace_seconds=grace, uid=pre.get("uid"), resource_version=pre.get("resourceVersion"))
        with sv.store.lock:
            still = sv.store.entry(res.key, info.namespace, info.name)
        if res.key in ("pods", "namespaces"):
            return self.send_json(200, out if dry or still is None else still.copy())
        if out["metadata"].get("deletionTimestamp"):
            return self.send_json(200, out)      # waits for finalizers: the apiserver answers the object
        d = {"name": info.name, "kind": res.plural, "uid": out["metadata"].get("uid")}
        if res.group:
            d["group"] = res.group
        self.send_json(200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                             "details": d})

    def do_deletecollection(self, info, res):
        sv = self.server
        lm, fm = self.selectors(res)
        prop, grace, pre, dry = self.delete_options()
        entries, rv, _, _ = sv.store.list_entries(res.key, info.namespace, lm, fm)
        items = []
        for e in entries:
            m = e.obj["metadata"]
            try:
                items.append(sv.store.delete(res.key, m.get("namespace"), m["name"], propagation=prop,
                                             dry_run=dry, grace_seconds=grace))
            except ApiError as err:
                if err.code != 404:
                    raise
        self.send_json(200, {"kind": res.kind + "List", "apiVersion": res.api_version,
                             "metadata": {"resourceVersion": str(sv.store.rv)}, "items": items})

    # ---- subresources that create ----------------------------------------------------------
    def create_subresource(self, info, res, sub):
        sv = self.server
        obj = self.read_body() or {}
        if res.key == "pods" and sub == "eviction":
            return self.evict(info, res, obj)
        if res.key == "pods" and sub == "binding":
            with sv.store.lock:
                cur = sv.store.get("pods", info.namespace, info.name)
                if cur is None:
                    raise errors.not_found(res, info.name)
                if cur["spec"].get("nodeName"):
                    raise errors.conflict(res, info.name, "pod %s is already assigned to node \"%s\""
                                          % (info.name, cur["spec"]["nodeName"]))
                cur["spec"]["nodeName"] = (obj.get("target") or {}).get("name")
                # spec.nodeName is otherwise immutable; binding is the one way to set it
                sv.store.update("pods", cur, subresource="binding", dry_run=self.dry_run())
            return self.send_json(201, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                                        "code": 201})
        raise errors.method_not_allowed("create", res)

    def evict(self, info, res, obj):
        """pods/NAME/eviction as the apiserver's eviction REST (pkg/registry/core/pod/storage/eviction.go):
        a policy/v1 or policy/v1beta1 Eviction; a pod covered by a PodDisruptionBudget goes only while
        the budget allows a disruption (429 otherwise, with the budget's counts), and takes one from it."""
        sv = self.server
        if obj.get("kind") != "Eviction" or obj.get("apiVersion") not in ("policy/v1", "policy/v1beta1"):
            raise ApiError(400, "BadRequest", "the body of the request was in an unknown format - accepted "
                           "media types include: application/json, application/yaml, "
                           "application/vnd.kubernetes.protobuf")
        name = (obj.get("metadata") or {}).get("name")
        if name != info.name:
            raise ApiError(400, "BadRequest", "name in URL does not match name in Eviction object")
        dry = self.dry_run() or "All" in ((obj.get("deleteOptions") or {}).get("dryRun") or [])
        with sv.store.lock:
            pod = sv.store.get("pods", info.namespace, info.name)
            if pod is None:
                raise errors.not_found(res, info.name)
            labels = pod["metadata"].get("labels") or {}
            pdbs, _ = sv.store.list("poddisruptionbudgets.policy", info.namespace)
            phase = (pod.get("status") or {}).get("phase")
            # a finished, pending or deleted pod goes without asking a budget
            ignore = phase in ("Succeeded", "Failed", "Pending") or pod["metadata"].get("deletionTimestamp")
            covering = []
            for pdb in pdbs:
                sel = (pdb.get("spec") or {}).get("selector")
                if not sel or not controllers.match_selector(sel, labels):
                    continue
                covering.append(pdb)
            if len(covering) > 1 and not ignore:
                raise ApiError(500, "InternalError", "This pod has more than one PodDisruptionBudget, which the "
                               "eviction subresource does not support.")
            for pdb in covering if not ignore else []:
                st = pdb.get("status") or {}
                pname = pdb["metadata"]["name"]
                if st.get("observedGeneration", 0) < pdb["metadata"].get("generation", 1):
                    raise ApiError(429, "TooManyRequests",
                                   "Cannot evict pod as it would violate the pod's disruption budget.",
                                   details={"causes": [{"reason": "DisruptionBudget", "message":
                                            "The disruption budget %s is still being processed by the server." % pname}]})
                if st.get("disruptionsAllowed", 0) < 1:
                    msg = "The disruption budget %s needs %d healthy pods and has %d currently" % (
                        pname, st.get("desiredHealthy", 0), st.get("currentHealthy", 0))
                    raise ApiError(429, "TooManyRequests",
                                   "Cannot evict pod as it would violate the pod's disruption budget.",
                                   details={"causes": [{"reason": "DisruptionBudget", "message": msg}]})
                if not dry:
                    p2 = copy.deepcopy(pdb)
                    p2["status"]["disruptionsAllowed"] = st.get("disruptionsAllowed", 0) - 1
                    sv.store.update("poddisruptionbudgets.policy", p2, subresource="status")
            opts = obj.get("deleteOptions") or {}
            sv.store.delete("pods", info.namespace, info.name, dry_run=dry,
                            grace_seconds=opts.get("gracePeriodSeconds"))
        self.send_json(201, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                             "code": 201})

    def review(self, res, obj):
        sv = self.server
        spec = obj.get("spec") or {}
        out = {"kind": res.kind, "apiVersion": res.api_version, "metadata": {"creationTimestamp": None},
               "spec": spec}
        if res.plural == "selfsubjectaccessreviews":
            ra = spec.get("resourceAttributes")
            nra = spec.get("nonResourceAttributes")
            for a in (ra, nra):
                if isinstance(a, dict):      # the echoed attributes omit empty strings
                    for k in [k for k, v in a.items() if v == ""]:
                        del a[k]
            if ra:
                attrs = {"verb": ra.get("verb", ""), "group": ra.get("group", ""), "resource": ra.get("resource", ""),
                         "subresource": ra.get("subresource") or None, "namespace": ra.get("namespace", ""),
                         "name": ra.get("name") or None}
                if attrs["resource"] == "namespaces" and attrs["name"] and not attrs["namespace"]:
                    attrs["namespace"] = attrs["name"]
            elif nra:
                attrs = {"verb": nra.get("verb", ""), "path": nra.get("path", "")}
            else:
                # the review's validation names neither kind nor object
                msg = ('Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes '
                       "must be specified")
                raise ApiError(422, "Invalid", '.%s "" is invalid: spec.resourceAttributes: %s' % (res.group, msg),
                               causes=[{"reason": "FieldValueInvalid", "message": msg,
                                        "field": "spec.resourceAttributes"}], details={"group": res.group})
            ok, reason = sv.authz.decide(self.user, self.groups, attrs)
            out["status"] = {"allowed": ok}
            if reason:
                out["status"]["reason"] = reason
        else:
            rr, nrr = sv.authz.rules(self.user, self.groups, spec.get("namespace", ""))
            out["status"] = {"resourceRules": rr, "nonResourceRules": nrr, "incomplete": False}
        self.send_json(201, out)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, addr, store, auth, authz, ssl_context=None, request_log=None, anonymous_auth=False):
        self.store = store
        self.auth = auth
        self.authz = authz
        self.ssl_context = ssl_context
        self.stopping = False
        self.conns = set()
        self.watch_handlers = set()
        self.conn_lock = threading.Lock()
        self.log_lock = threading.Lock()
        self.request_log = open(request_log, "a", buffering=1) if request_log else None
        self.log_bodies = False
        self.token_ttl = auth.token_ttl
        self.anonymous_auth = anonymous_auth
        super().__init__(addr, Handler)

    # connection tracking, for outages
    def track(self, sock, add):
        with self.conn_lock:
            (self.conns.add if add else self.conns.discard)(sock)

    def track_watch(self, h, add):
        with self.conn_lock:
            (self.watch_handlers.add if add else self.watch_handlers.discard)(h)

    def drop_connections(self):
        with self.conn_lock:
            socks = list(self.conns)
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def log_request_line(self, h, code):
        if self.request_log is None:
            return
        rec = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "method": h.command,
               "path": getattr(h, "url_path", h.path), "query": getattr(h, "query_string", ""),
               "contentType": h.headers.get("Content-Type", "") if h.headers else "",
               "accept": h.headers.get("Accept", "") if h.headers else "",
               "bodySize": len(getattr(h, "body", b"") or b""), "user": getattr(h, "user", ""),
               "userAgent": h.headers.get("User-Agent", "") if h.headers else "", "code": code}
        body = getattr(h, "body", b"") or b""
        if self.log_bodies and body and h.command in ("POST", "PUT", "PATCH", "DELETE") and \
                ("json" in rec["contentType"] or "yaml" in rec["contentType"]):
            rec["body"] = body.decode("utf-8", "replace")
        with self.log_lock:
            self.request_log.write(json.dumps(rec) + "\n")

    # the accept loop, which can close and reopen the listening socket (outage fault)
    def run(self):
        listening = True
        while not self.stopping:
            if faults.in_outage():
                if listening:
                    self.socket.close()
                    listening = False
                    self.drop_connections()
                time.sleep(0.02)
                continue
            if not listening:
                self.socket = socket.socket(self.address_family, self.socket_type)
                self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                self.socket.bind(self.server_address)
                self.socket.listen(128)
                listening = True
            try:
                r, _, _ = select.select([self.socket], [], [], 0.1)
            except (OSError, ValueError):
                continue
            if r:
                self._handle_request_noblock()
        try:
            self.socket.close()
        except OSError:
            pass

    def shutdown_now(self):
        self.stopping = True

    # ---- /kubesim admin endpoint ----------------------------------------------------------
    def admin(self, h):
        p = h.url_path
        try:
            body = json.loads(h.body or b"{}") if h.command == "POST" else {}
        except ValueError:
            return h.send_json(400, {"error": "body is not JSON"})
        if p == "/kubesim/token" and h.command == "POST":
            if h.headers.get("X-Kubesim-Mint") != self.auth.mint_secret:
                return h.send_json(403, {"error": "wrong or missing X-Kubesim-Mint"})
            tok, exp = self.auth.mint(body.get("user", "plugin"), body.get("ttlSeconds"))
            return h.send_json(200, {"token": tok, "expiration": exp})
        if p == "/kubesim/faults":
            if h.command == "POST":
                unknown = sorted(set(body) - FAULT_KEYS) if isinstance(body, dict) else ["(not an object)"]
                if unknown:
                    return h.send_json(400, {"error": "unknown fault keys: %s; known: %s"
                                             % (", ".join(unknown), ", ".join(sorted(FAULT_KEYS)))})
                done = self.apply_faults(body)
                return h.send_json(200, {"applied": done, "state": faults.state()})
            return h.send_json(200, faults.state())
        if p == "/kubesim/state":
            with self.store.lock:
                counts = {k: len(v) for k, v in self.store.objs.items() if v}
                rv = self.store.rv
                snaps = self.store.snapshot_stats()
            with self.conn_lock:
                nw = len(self.watch_handlers)
            return h.send_json(200, {"resourceVersion": rv, "objects": counts, "openWatches": nw,
                                     "pagedListSnapshots": snaps, "faults": faults.state()})
        return h.send_json(404, {"error": "unknown admin path %s" % p})

    def apply_faults(self, body):
        done = {}
        if body.get("reset"):
            faults.reset()
            done["reset"] = True
        if "fail" in body:
            f = body["fail"] or {}
            faults.set_failures(f.get("count", 1), f.get("code", 500), f.get("retryAfterSeconds", 1))
            done["fail"] = f
        if "delayMs" in body:
            faults.delay_ms = max(0, int(body["delayMs"]))
            done["delayMs"] = faults.delay_ms
        if body.get("dropWatches"):
            done["dropWatches"] = self.store.close_watches()
        if body.get("forgetHistory"):
            self.store.forget_history()
            done["forgetHistory"] = True
        if body.get("killStreams"):
            done["killStreams"] = faults.kill_streams()
        if body.get("expireTokens"):
            done["expireTokens"] = self.auth.expire_all()
        if "tokenTTLSeconds" in body:
            self.auth.token_ttl = float(body["tokenTTLSeconds"])
            done["tokenTTLSeconds"] = self.auth.token_ttl
        if "outageSeconds" in body:
            faults.start_outage(body["outageSeconds"])
            done["outageSeconds"] = body["outageSeconds"]
        if "holdControllers" in body:
            faults.hold_controllers = bool(body["holdControllers"])
            done["holdControllers"] = faults.hold_controllers
        return done


FAULT_KEYS = {"reset", "fail", "delayMs", "dropWatches", "forgetHistory", "killStreams",
              "expireTokens", "tokenTTLSeconds", "outageSeconds", "holdControllers"}


def make_ssl_context(cert, key, ca):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.load_verify_locations(ca)
    ctx.verify_mode = ssl.CERT_OPTIONAL
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx
