"""Streaming subresources of pods: log, exec, attach (WebSocket channel protocols).

Interface (called by the server's router for pods/NAME/{log,exec,attach,portforward}):
    handle(handler, user, ns, name, subresource, query) -> bool
        handler: the BaseHTTPRequestHandler of the request (its rfile/wfile/headers);
        user: the authenticated user name; query: dict of lists (urllib.parse.parse_qs).
        Returns True when it answered the request, False when the subresource is unknown.
    configure(store)   the store to read pods from (otherwise handler.server.store)
    shutdown()         kill exec/attach processes, remove container sandboxes (at exit)

Authorization is the router's: log is `get` on pods/log; exec, attach and portforward are
`create` on pods/exec, pods/attach, pods/portforward, also when they arrive as a GET with a
WebSocket upgrade (as a real API server with AuthorizePodWebsocketUpgradeCreatePermission).

Fidelity notes (what a real 1.32 API server + kubelet + containerd answer):
  * errors the API server finds itself (pod missing, container name invalid or ambiguous,
    no node) are HTTP Status answers before any upgrade;
  * v5.channel.k8s.io goes through the API server's stream translator: errors the kubelet or
    the runtime finds (container not running, executable missing) arrive on the error channel
    as InternalError after the upgrade, wrapped once more, and exit codes read
    "command terminated with non-zero exit code: command terminated with exit code N";
  * v4.channel.k8s.io (and older) is the kubelet's own WebSocket server: a kubelet error is
    the HTTP answer, exit codes read "... error executing command [argv], exit code N".
"""

import base64
import json
import os
import select
import socket
import threading
import time

try:
    from . import podlogs, ptyexec, wsconn  # type: ignore
except ImportError:
    import podlogs
    import ptyexec
    import wsconn

V5 = "v5.channel.k8s.io"
V4 = "v4.channel.k8s.io"
V4_B64 = "v4.base64.channel.k8s.io"
V1 = "channel.k8s.io"
V1_B64 = "base64.channel.k8s.io"
EXEC_PROTOCOLS = [V5, V4, V4_B64, V1, V1_B64, ""]

_store = None


def configure(store=None):
    global _store
    _store = store


def shutdown():
    ptyexec.shutdown()


# -- helpers --------------------------------------------------------------------------------

def _get_store(handler):
    return _store if _store is not None else getattr(handler.server, "store", None)


def _now_ns(store):
    fn = getattr(store, "now", None)
    if fn is not None:
        try:
            v = fn()
            if isinstance(v, (int, float)):
                return int(v * podlogs.NS)
            if hasattr(v, "timestamp"):
                return int(v.timestamp() * podlogs.NS)
            if isinstance(v, str):
                # a wall-clock string to the second: the clock itself is finer
                return time.time_ns()
        except Exception:
            pass
    return time.time_ns()


def _register(obj):
    try:
        import faults  # noqa
    except ImportError:
        try:
            from . import faults  # type: ignore
        except ImportError:
            return
    try:
        faults.register_stream(obj)
    except Exception:
        pass


def _unregister(obj):
    try:
        import faults  # noqa
    except ImportError:
        try:
            from . import faults  # type: ignore
        except ImportError:
            return
    try:
        faults.unregister_stream(obj)
    except Exception:
        pass


class StreamError(Exception):
    def __init__(self, code, reason, message, details=None):
        super().__init__(message)
        self.code, self.reason, self.message, self.details = code, reason, message, details


def _status_body(code, reason, message, details=None):
    try:
        import errors  # noqa
        return errors.ApiError(code, reason, message, details=details).status()
    except Exception:
        pass
    st = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
          "reason": reason}
    if details:
        st["details"] = details
    st["code"] = code
    return st


def _send_json(handler, code, obj):
    body = json.dumps(obj).encode()
    handler.send_response(code)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    try:
        handler.wfile.write(body)
        handler.wfile.flush()
    except OSError:
        handler.close_connection = True


def _send_error(handler, err):
    _send_json(handler, err.code, _status_body(err.code, err.reason, err.message, err.details))


def _send_text(handler, code, text):
    body = text.encode()
    handler.send_response(code)
    handler.send_header("Content-Type", "text/plain; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    try:
        handler.wfile.write(body)
    except OSError:
        handler.close_connection = True


def _q1(query, key, default=None):
    v = query.get(key)
    if not v:
        return default
    return v[0] if isinstance(v, list) else v


def _qbool(query, key):
    return str(_q1(query, key, "")).lower() in ("1", "true", "t", "yes", "y")


def _qint(query, key, name):
    v = _q1(query, key)
    if v is None or v == "":
        return None
    try:
        return int(v)
    except ValueError:
        raise StreamError(400, "BadRequest", 'unable to parse query parameter "%s": invalid value "%s"' % (name, v))


def _all_containers(pod):
    spec = pod.get("spec") or {}
    out = []
    for kind in ("initContainers", "containers", "ephemeralContainers"):
        for c in spec.get(kind) or []:
            out.append((kind, c))
    return out


def _validate_container(pod, container):
    """The API server's validateContainer: the named container, or the only one."""
    name = pod["metadata"]["name"]
    spec = pod.get("spec") or {}
    if not container:
        cs = spec.get("containers") or []
        if len(cs) == 1:
            return cs[0]["name"]
        if not cs:
            raise StreamError(400, "BadRequest", "a container name must be specified for pod %s" % name)
        names = [c.get("name") for _, c in _all_containers(pod)]
        raise StreamError(400, "BadRequest", "a container name must be specified for pod %s, choose one of: [%s]"
                          % (name, " ".join(names)))
    if not any(c.get("name") == container for _, c in _all_containers(pod)):
        raise StreamError(400, "BadRequest", "container %s is not valid for pod %s" % (container, name))
    return container


def _container_spec(pod, container):
    for kind, c in _all_containers(pod):
        if c.get("name") == container:
            return kind, c
    return None, {}


def _container_status(pod, container):
    st = pod.get("status") or {}
    for key in ("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"):
        for s in st.get(key) or []:
            if s.get("name") == container:
                return s
    return None


def _get_pod(store, ns, name):
    pod = store.get("pods", ns, name) if store is not None else None
    if pod is None:
        raise StreamError(404, "NotFound", 'pods "%s" not found' % name, {"name": name, "kind": "pods"})
    return pod


# -- entry ----------------------------------------------------------------------------------

def handle(handler, user, ns, name, subresource, query):
    if subresource not in ("log", "exec", "attach", "portforward"):
        return False
    store = _get_store(handler)
    try:
        if subresource == "log":
            _logs(handler, store, ns, name, query)
        elif subresource == "portforward":
            _portforward(handler, store, ns, name, query)
        else:
            _remote(handler, store, ns, name, subresource, query)
    except StreamError as e:
        _send_error(handler, e)
    return True


# -- logs -----------------------------------------------------------------------------------

def _instance(pod, container, previous, store):
    """The container instance whose lines a log request reads (the kubelet's
    validateContainerLogStatus), or StreamError 400 with the kubelet's sentence."""
    pname = pod["metadata"]["name"]
    ns = pod["metadata"].get("namespace", "")
    uid = pod["metadata"].get("uid", "")
    _, spec = _container_spec(pod, container)
    image = spec.get("image", "")
    cs = _container_status(pod, container)
    now = _now_ns(store)

    def bad(msg):
        return StreamError(400, "BadRequest", msg)

    if cs is None:
        if (pod.get("status") or {}).get("phase", "Pending") == "Pending":
            raise bad('container "%s" in pod "%s" is waiting to start: ContainerCreating' % (container, pname))
        raise bad('container "%s" in pod "%s" is not available' % (container, pname))
    restarts = int(cs.get("restartCount") or 0)
    state = cs.get("state") or {}
    last = (cs.get("lastState") or {}).get("terminated")

    def ended(t, n):
        end = podlogs.parse_time(t.get("finishedAt")) or now
        start = podlogs.parse_time(t.get("startedAt")) or end - 30 * podlogs.NS
        return podlogs.Instance((ns, pname, uid, container, n), container, image, start, min(end, max(start, now)),
                                t.get("exitCode"), t.get("reason"))

    if previous:
        if not last:
            raise bad('previous terminated container "%s" in pod "%s" not found' % (container, pname))
        return ended(last, max(0, restarts - 1)), ("prev", restarts)
    if state.get("running") is not None:
        r = state["running"]
        start = (podlogs.parse_time(r.get("startedAt")) or
                 podlogs.parse_time(pod["metadata"].get("creationTimestamp")) or now - 60 * podlogs.NS)
        return podlogs.Instance((ns, pname, uid, container, restarts), container, image, start), ("run", restarts)
    if state.get("terminated") is not None:
        return ended(state["terminated"], restarts), ("term", restarts)
    if last:
        return ended(last, max(0, restarts - 1)), ("last", restarts)
    w = state.get("waiting")
    if w is not None:
        reason = w.get("reason") or ""
        if reason == "ErrImagePull":
            raise bad('container "%s" in pod "%s" is waiting to start: image can\'t be pulled' % (container, pname))
        if reason == "ImagePullBackOff":
            raise bad('container "%s" in pod "%s" is waiting to start: trying and failing to pull image'
                      % (container, pname))
        raise bad('container "%s" in pod "%s" is waiting to start: %s' % (container, pname, reason))
    raise bad('container "%s" in pod "%s" is waiting to start - no logs yet' % (container, pname))


class LogStream:
    """A log answer being written; close() ends it abruptly (the kill-streams fault)."""

    def __init__(self, handler, chunked, limit):
        self.handler = handler
        self.chunked = chunked
        self.left = limit
        self.stop = threading.Event()
        self.failed = False

    def write_lines(self, lines):
        data = "".join(l + "\n" for l in lines).encode("utf-8", "replace")
        if self.left is not None:
            data = data[:self.left]
            self.left -= len(data)
        if not data:
            return not self.exhausted()
        try:
            if self.chunked:
                self.handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            else:
                self.handler.wfile.write(data)
            self.handler.wfile.flush()
        except (OSError, ValueError):
            self.failed = True
        return not (self.failed or self.exhausted())

    def exhausted(self):
        return self.left is not None and self.left <= 0

    def end(self):
        if self.chunked and not self.failed and not self.stop.is_set():
            try:
                self.handler.wfile.write(b"0\r\n\r\n")
                self.handler.wfile.flush()
            except (OSError, ValueError):
                pass

    def close(self):
        self.stop.set()
        self.failed = True
        try:
            socket.socket.shutdown(self.handler.connection, socket.SHUT_RDWR)
        except (OSError, ValueError, TypeError):
            pass


def _logs(handler, store, ns, name, q):
    pod = _get_pod(store, ns, name)
    container = _validate_container(pod, _q1(q, "container"))
    follow = _qbool(q, "follow")
    previous = _qbool(q, "previous")
    timestamps = _qbool(q, "timestamps")
    tail = _qint(q, "tailLines", "tailLines")
    since_s = _qint(q, "sinceSeconds", "sinceSeconds")
    limit = _qint(q, "limitBytes", "limitBytes")
    since_time = _q1(q, "sinceTime")
    causes = []
    if tail is not None and tail < 0:
        causes.append(("tailLines", "Invalid value: %d: must be greater than or equal to 0" % tail))
    if limit is not None and limit < 1:
        causes.append(("limitBytes", "Invalid value: %d: must be greater than 0" % limit))
    if since_s is not None and since_s < 1:
        causes.append(("sinceSeconds", "Invalid value: %d: must be greater than 0" % since_s))
    if since_s is not None and since_time:
        causes.append(("sinceSeconds", "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"))
    if causes:
        raise StreamError(422, "Invalid", 'PodLogOptions "%s" is invalid: %s' % (
            name, ", ".join("%s: %s" % c for c in causes)),
            {"name": name, "kind": "PodLogOptions",
             "causes": [{"reason": "FieldValueInvalid", "message": m, "field": f} for f, m in causes]})
    since_ns = None
    if since_time:
        try:
            since_ns = podlogs.parse_time(since_time)
        except ValueError:
            raise StreamError(400, "BadRequest", 'unable to parse query parameter "sinceTime": invalid value "%s"'
                              % since_time)
    if since_s is not None:
        since_ns = _now_ns(store) - since_s * podlogs.NS

    chunked = handler.request_version != "HTTP/1.0"
    if not (pod.get("spec") or {}).get("nodeName"):
        # Not scheduled: the API server has no kubelet to ask and answers an empty log.
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return
    inst, ident = _instance(pod, container, previous, store)

    now = _now_ns(store)
    n_now = inst.count_until(now)
    k = 0
    if since_ns is not None:
        k = inst.first_at_or_after(since_ns)
    if tail is not None:
        k = max(k, n_now - tail)

    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    if chunked:
        handler.send_header("Transfer-Encoding", "chunked")
    else:
        handler.close_connection = True
    handler.end_headers()
    out = LogStream(handler, chunked, limit)

    def emit(upto):
        nonlocal k
        while k < upto:
            batch = []
            stop = min(upto, k + 512)
            for i in range(k, stop):
                line = inst.text(i)
                batch.append(podlogs.rfc3339nano(inst.time(i)) + " " + line if timestamps else line)
            k = stop
            if not out.write_lines(batch):
                return False
        return True

    if not follow:
        emit(n_now)
        out.end()
        return
    _register(out)
    try:
        if not emit(n_now):
            return
        next_check = time.monotonic() + 1.0
        while not out.stop.is_set():
            total = inst.total()
            if total is not None and k >= total:
                break
            now = _now_ns(store)
            if inst.time(k) <= now:
                if not emit(inst.count_until(now)):
                    return
                continue
            if time.monotonic() >= next_check:
                next_check = time.monotonic() + 1.0
                if _log_ident_changed(store, ns, name, container, ident, pod):
                    break
            out.stop.wait(min(0.25, max(0.01, (inst.time(k) - now) / podlogs.NS)))
        out.end()
    finally:
        _unregister(out)
        handler.close_connection = True


def _log_ident_changed(store, ns, name, container, ident, pod):
    try:
        p = store.get("pods", ns, name)
    except Exception:
        return False
    if p is None or p["metadata"].get("uid") != pod["metadata"].get("uid"):
        return True
    cs = _container_status(p, container) or {}
    if int(cs.get("restartCount") or 0) != ident[1]:
        return True
    if ident[0] == "run" and (cs.get("state") or {}).get("running") is None:
        return True
    return False


# -- exec and attach --------------------------------------------------------------------------

def _go_list(argv):
    return "[" + " ".join(argv) + "]"


def _internal(message_inner):
    """apierrors.NewInternalError(err) as json.Marshal writes it (no kind/apiVersion)."""
    return {"metadata": {}, "status": "Failure", "message": "Internal error occurred: " + message_inner,
            "reason": "InternalError", "details": {"causes": [{"message": message_inner}]}, "code": 500}


class RemoteSession:
    """One exec/attach WebSocket; close() drops it (the kill-streams fault)."""

    def __init__(self, ws):
        self.ws = ws

    def close(self):
        self.ws.abort()


def _remote(handler, store, ns, name, sub, q):
    pod = _get_pod(store, ns, name)
    container = _validate_container(pod, _q1(q, "container"))
    if not (pod.get("spec") or {}).get("nodeName"):
        raise StreamError(400, "BadRequest", "pod %s does not have a host assigned" % name)
    stdin, stdout, stderr, tty = (_qbool(q, "stdin"), _qbool(q, "stdout"), _qbool(q, "stderr"), _qbool(q, "tty"))
    if tty and stderr:
        stderr = False  # the kubelet bypasses stderr with a tty
    command = q.get("command") or []
    if isinstance(command, str):
        command = [command]
    if sub == "exec" and not command:
        raise StreamError(400, "BadRequest", "you must specify at least 1 command")
    if not (stdin or stdout or stderr):
        raise StreamError(400, "BadRequest", "you must specify at least 1 of stdin, stdout, stderr")
    if not wsconn.is_websocket_request(handler.headers):
        if handler.headers.get("Upgrade"):
            raise StreamError(400, "BadRequest", "unable to upgrade: kubesim serves %s over WebSocket "
                              "(v5.channel.k8s.io, v4.channel.k8s.io), not %s" % (sub, handler.headers.get("Upgrade")))
        raise StreamError(400, "BadRequest", "Upgrade request required")
    requested = wsconn.requested_protocols(handler.headers)
    protocol = wsconn.negotiate(requested, EXEC_PROTOCOLS)
    if protocol is None:
        raise StreamError(400, "BadRequest", "unable to upgrade: requested protocol(s) are not supported: [%s]; "
                          "supports [%s]" % (" ".join(requested), " ".join(p for p in EXEC_PROTOCOLS if p)))

    kind, cspec = _container_spec(pod, container)
    cs = _container_status(pod, container) or {}
    running = (cs.get("state") or {}).get("running") is not None
    kubelet_err = None if running else 'container not found ("%s")' % container
    if kubelet_err and protocol != V5:
        # The kubelet's own WebSocket server refuses before upgrading; its text passes through.
        _send_text(handler, 500, kubelet_err)
        return

    ws = wsconn.server_handshake(handler, protocol)
    sess = RemoteSession(ws)
    _register(sess)
    try:
        b64 = protocol in (V4_B64, V1_B64)
        io = _ChannelIO(ws, protocol, b64)
        # An empty message on the lowest writable channel tells the client the streams are ready.
        io.send(1 if stdout else 2 if stderr else 3, b"")
        if kubelet_err:
            io.status(_internal("unable to upgrade connection: " + kubelet_err))
            io.finish()
            return
        if sub == "exec":
            _do_exec(io, pod, container, cspec, command, stdin, stdout, stderr, tty)
        else:
            _do_attach(io, store, pod, container, kind, cspec, stdin, stdout, stderr, tty)
        io.finish()
    finally:
        _unregister(sess)
        ws.finish()


class _ChannelIO:
    def __init__(self, ws, protocol, b64):
        self.ws, self.protocol, self.b64 = ws, protocol, b64
        self.v4 = protocol in (V5, V4, V4_B64)
        self.client_gone = False
        self.resize_buf = ""

    def send(self, ch, data):
        if self.b64:
            return self.ws.send_text((chr(ord("0") + ch) + base64.b64encode(data).decode()).encode())
        return self.ws.send_binary(bytes([ch]) + data)

    def status(self, st):
        if self.v4:
            self.send(3, json.dumps(st).encode())
        elif st.get("status") != "Success":
            self.send(3, st.get("message", "").encode())

    def decode(self, op, payload):
        """(channel, data) of a client message, or None."""
        if not payload:
            return None
        if self.b64 or op == wsconn.OP_TEXT:
            try:
                ch = payload[0] - ord("0")
                return ch, base64.b64decode(payload[1:])
            except (ValueError, base64.binascii.Error):
                return None
        return payload[0], payload[1:]

    def finish(self):
        """Close normally and give the client a moment to answer the close."""
        if self.ws.dead:
            return
        self.ws.send_close(1000)
        deadline = time.monotonic() + 2.0
        while not self.ws.peer_closed and not self.ws.dead:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if not self.ws.has_buffered():
                r, _, _ = select.select([self.ws.fileno()], [], [], left)
                if not r:
                    break
            if not self.ws.read_available():
                break
            try:
                self.ws.messages()
            except wsconn.ProtocolError:
                break
        try:
            socket.socket.shutdown(self.ws.sock, socket.SHUT_RDWR)
        except (OSError, ValueError):
            pass


def _pump(io, outs, stdin_fd_fn, on_stdin_close, on_resize, exited, want_stdin):
    """Move bytes between the WebSocket and the process until the process ended and its
    output is drained (True), or the client went away / the stream was killed (False).
    outs: {fd: channel}. stdin_fd_fn() -> fd or None. exited() -> bool."""
    ws = io.ws
    outs = dict(outs)
    pending = bytearray()
    exit_seen_at = None
    while True:
        if ws.dead:
            return False
        in_fd = stdin_fd_fn()
        rl = [ws.fileno(), ws.wake_fd()] + list(outs)
        wl = [in_fd] if (pending and in_fd is not None) else []
        if exit_seen_at is None and exited():
            exit_seen_at = time.monotonic()
        if exit_seen_at is not None:
            if not outs or time.monotonic() - exit_seen_at > 1.0:
                return True
        timeout = 0 if ws.has_buffered() else (0.05 if exit_seen_at is not None else 0.5)
        try:
            r, w, _ = select.select(rl, wl, [], timeout)
        except (OSError, ValueError):
            return False
        if ws.dead:
            return False
        if ws.fileno() in r or ws.has_buffered():
            if not ws.read_available():
                io.client_gone = True
                return False
            try:
                msgs = ws.messages()
            except wsconn.ProtocolError:
                ws.send_close(1002)
                io.client_gone = True
                return False
            for op, payload in msgs:
                if op == "close":
                    io.client_gone = True
                    return False
                m = io.decode(op, payload)
                if m is None:
                    continue
                ch, data = m
                if ch == 0 and want_stdin:
                    pending += data
                elif ch == 4:
                    on_resize(data)
                elif ch == 255 and io.protocol == V5 and data[:1] == b"\x00":
                    if pending and in_fd is not None:
                        _flush_stdin(in_fd, pending, block=True)
                    on_stdin_close()
                    pending.clear()
        for fd in list(outs):
            if fd in r:
                try:
                    data = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    del outs[fd]
                    continue
                # what else is already there goes in the same frame (up to 64 KB), as a
                # kubelet's copy buffer does: a flood costs one frame per buffer, not per pty read
                eof = False
                while len(data) < 65536:
                    try:
                        more = os.read(fd, 65536 - len(data))
                    except BlockingIOError:
                        break
                    except OSError:
                        more = b""
                    if not more:
                        eof = True
                        break
                    data += more
                if not io.send(outs[fd], data):
                    return False
                if eof:
                    del outs[fd]
        if in_fd is not None and in_fd in w:
            _flush_stdin(in_fd, pending)


def _flush_stdin(fd, pending, block=False):
    deadline = time.monotonic() + 2.0
    while pending:
        try:
            n = os.write(fd, bytes(pending[:65536]))
            del pending[:n]
        except BlockingIOError:
            if not block or time.monotonic() > deadline:
                return
            select.select([], [fd], [], 0.1)
        except OSError:
            pending.clear()
            return
        if not block:
            return


def _resize_handler(io, target):
    def on_resize(data):
        io.resize_buf += data.decode("utf-8", "replace")
        dec = json.JSONDecoder()
        while True:
            s = io.resize_buf.lstrip()
            if not s:
                io.resize_buf = ""
                return
            try:
                obj, end = dec.raw_decode(s)
            except ValueError:
                io.resize_buf = s
                return
            io.resize_buf = s[end:]
            if isinstance(obj, dict):
                try:
                    target(int(obj.get("Width") or 0), int(obj.get("Height") or 0))
                except (TypeError, ValueError):
                    pass
    return on_resize


def _is_distroless(image):
    image = (image or "").lower()
    return "distroless" in image and ":debug" not in image


def _sandbox_key(pod, container):
    m = pod["metadata"]
    return (m.get("namespace"), m.get("name"), m.get("uid"), container)


def _do_exec(io, pod, container, cspec, command, stdin, stdout, stderr, tty):
    home = ptyexec.sandbox(_sandbox_key(pod, container))
    env = ptyexec.container_env(pod, cspec, tty, home)
    try:
        exe = ptyexec.resolve(command, env, refuse=_is_distroless(cspec.get("image")))
        proc = ptyexec.Proc(command, exe, home, env, tty, stdin, stdout, stderr)
    except (ptyexec.ExecError, OSError) as e:
        msg = str(e) if isinstance(e, ptyexec.ExecError) else "OCI runtime exec failed: %s: unknown" % e
        inner = ("error executing command in container: failed to exec in container: failed to start exec "
                 "\"%s\": %s" % (ptyexec.exec_id(), msg))
        st = _internal(inner)
        if io.protocol == V5:
            st = _internal(st["message"])
        io.status(st)
        return
    try:
        done = _pump(io, proc.out_fds, lambda: proc.in_fd, proc.close_stdin,
                     _resize_handler(io, proc.resize), lambda: proc.poll() is not None, stdin)
        if not done:
            return
        proc.p.wait()
        rc = proc.returncode()
        if rc == 0:
            io.status({"metadata": {}, "status": "Success"})
        else:
            if io.protocol == V5:
                msg = "command terminated with non-zero exit code: command terminated with exit code %d" % rc
            else:
                msg = ("command terminated with non-zero exit code: error executing command %s, exit code %d"
                       % (_go_list(command), rc))
            io.status({"metadata": {}, "status": "Failure", "message": msg, "reason": "NonZeroExitCode",
                       "details": {"causes": [{"reason": "ExitCode", "message": str(rc)}]}})
    finally:
        proc.close()


def _do_attach(io, store, pod, container, kind, cspec, stdin, stdout, stderr, tty):
    interactive = bool(cspec.get("stdin") or cspec.get("tty")) or kind == "ephemeralContainers"
    if interactive:
        ctty = bool(cspec.get("tty"))
        home = ptyexec.sandbox(_sandbox_key(pod, container))
        env = ptyexec.container_env(pod, cspec, ctty, home)
        argv = list(cspec.get("command") or []) + list(cspec.get("args") or []) or ["sh"]

        def start():
            try:
                exe = ptyexec.resolve(argv, env, refuse=_is_distroless(cspec.get("image")))
            except ptyexec.ExecError:
                exe = ptyexec.resolve(["sh"], env)
                argv[:] = ["sh"]
            return ptyexec.Proc(argv, exe, home, env, ctty, True, True, True)

        sess, rfd = ptyexec.attach_session(_sandbox_key(pod, container), start)
        proc = sess.proc
        try:
            done = _pump(io, {rfd: 1}, lambda: proc.in_fd if stdin else None,
                         lambda: None, _resize_handler(io, proc.resize), lambda: sess.done, stdin)
        finally:
            sess.unsubscribe(rfd)
        if done:
            io.status({"metadata": {}, "status": "Success"})
        return
    # A non-interactive container: attach shows what it writes from now on.
    inst, _ = _instance(pod, container, False, store)
    r, w = os.pipe()
    stop = threading.Event()

    def feed():
        k = inst.count_until(_now_ns(store))
        try:
            while not stop.is_set():
                now = _now_ns(store)
                n = inst.count_until(now)
                if k < n:
                    data = "".join(inst.text(i) + "\n" for i in range(k, n)).encode()
                    k = n
                    os.write(w, data)
                total = inst.total()
                if total is not None and k >= total:
                    break
                stop.wait(0.25)
        except OSError:
            pass
        finally:
            os.close(w)

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    try:
        done = _pump(io, {r: 1 if stdout else 2}, lambda: None, lambda: None, lambda d: None,
                     lambda: not t.is_alive(), False)
    finally:
        stop.set()
        t.join(2)
        os.close(r)
    if done:
        io.status({"metadata": {}, "status": "Success"})


# -- port-forward -----------------------------------------------------------------------------
#
# The kubelet's WebSocket port-forward protocol: for the i-th requested port, channel 2i
# carries data both ways and channel 2i+1 carries error text from the server; the first
# message the server writes on each of them is the port as 2 bytes, little-endian. Each port
# is one TCP connection to the pod, here to a small HTTP responder kubesim runs for the pod
# on 127.0.0.1 (one per pod, answering for every port the pod's containers declare).

PF_PROTOCOLS = ["v4.channel.k8s.io", "portforward.k8s.io", "channel.k8s.io", "v4.base64.channel.k8s.io",
                "base64.channel.k8s.io", ""]
_responders = {}
_responders_lock = threading.Lock()


def _responder(pod):
    import http.server
    uid = pod["metadata"].get("uid") or pod["metadata"]["name"]
    with _responders_lock:
        srv = _responders.get(uid)
        if srv:
            return srv
        meta = pod["metadata"]
        images = [c.get("image", "") for c in (pod.get("spec") or {}).get("containers") or []]

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "nginx/1.25.4" if any("nginx" in i for i in images) else "kubesim-pod"

            def log_message(self, *a):
                pass

            def version_string(self):
                return self.server_version

            def do_GET(self):
                port = self.headers.get("X-Forwarded-Port") or ""
                if self.path.startswith("/bytes/") and self.path[7:].isdigit():
                    # a large answer for tests of a slow local client (at most 64 MiB)
                    n = min(int(self.path[7:]), 64 << 20)
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(n))
                    self.end_headers()
                    chunk = b"0123456789abcdef" * 4096
                    while n > 0 and self.command != "HEAD":
                        self.wfile.write(chunk[:min(n, len(chunk))])
                        n -= min(n, len(chunk))
                    return
                if any("nginx" in i for i in images):
                    body = ("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n"
                            "<h1>Welcome to nginx!</h1>\n<p>Served by pod %s in namespace %s.</p>\n</body>\n</html>\n"
                            % (meta.get("name"), meta.get("namespace"))).encode()
                    ctype = "text/html"
                else:
                    body = (json.dumps({"pod": meta.get("name"), "namespace": meta.get("namespace"),
                                        "path": self.path, "method": self.command, "port": port}) + "\n").encode()
                    ctype = "application/json"
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_HEAD = do_GET
            do_POST = do_GET

        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        srv.daemon_threads = True
        threading.Thread(target=srv.serve_forever, name="pod-responder-" + meta["name"], daemon=True).start()
        _responders[uid] = srv
        return srv


def _pod_ports(pod):
    ports = set()
    for _, c in _all_containers(pod):
        for p in c.get("ports") or []:
            if p.get("containerPort"):
                ports.add(int(p["containerPort"]))
    return ports


def _portforward(handler, store, ns, name, q):
    pod = _get_pod(store, ns, name)
    if not (pod.get("spec") or {}).get("nodeName"):
        raise StreamError(400, "BadRequest", "pod %s does not have a host assigned" % name)
    raw = (q.get("ports") or []) + (q.get("port") or [])
    ports = []
    try:
        for v in raw:
            for p in str(v).split(","):
                if p.strip():
                    n = int(p)
                    if not 0 < n < 65536:
                        raise ValueError
                    ports.append(n)
    except ValueError:
        raise StreamError(400, "BadRequest", "unable to parse port %r" % raw)
    if not wsconn.is_websocket_request(handler.headers):
        if handler.headers.get("Upgrade"):
            raise StreamError(400, "BadRequest", "unable to upgrade: kubesim serves portforward over WebSocket "
                              "(v4.channel.k8s.io, portforward.k8s.io), not %s" % handler.headers.get("Upgrade"))
        raise StreamError(400, "BadRequest", "Upgrade request required")
    if not ports:
        raise StreamError(400, "BadRequest", "query parameter \"port\" is required")
    requested = wsconn.requested_protocols(handler.headers)
    protocol = wsconn.negotiate(requested, PF_PROTOCOLS)
    if protocol is None:
        raise StreamError(400, "BadRequest", "unable to upgrade: requested protocol(s) are not supported: [%s]"
                          % " ".join(requested))
    if (pod.get("status") or {}).get("phase") != "Running":
        raise StreamError(400, "BadRequest", "unable to forward port because pod is not running. Current status=%s"
                          % (pod.get("status") or {}).get("phase", "Pending"))
    srv = _responder(pod)
    declared = _pod_ports(pod) or {80, 8080}
    ws = wsconn.server_handshake(handler, protocol)
    sess = RemoteSession(ws)
    _register(sess)
    io = _ChannelIO(ws, protocol, protocol in ("v4.base64.channel.k8s.io", "base64.channel.k8s.io"))
    socks = {}  # channel index -> socket
    try:
        for i, p in enumerate(ports):
            pb = bytes([p & 0xFF, p >> 8])
            io.send(2 * i, pb)
            io.send(2 * i + 1, pb)
            if p in declared:
                s = socket.create_connection(srv.server_address, timeout=5)
                s.setblocking(False)
                socks[i] = s
            else:
                io.send(2 * i + 1, (
                    "error forwarding port %d to pod %s, uid : failed to execute portforward in network namespace "
                    "\"/var/run/netns/cni-%s\": failed to connect to localhost:%d inside namespace: dial tcp4 "
                    "127.0.0.1:%d: connect: connection refused" % (p, pod["metadata"].get("uid", ""),
                                                                  pod["metadata"].get("uid", "")[:8], p, p)).encode())
        _pf_loop(io, socks)
        io.finish()
    finally:
        for s in socks.values():
            try:
                s.close()
            except OSError:
                pass
        _unregister(sess)
        ws.finish()


def _pf_loop(io, socks):
    ws = io.ws
    by_fd = {s.fileno(): i for i, s in socks.items()}
    pending = {i: bytearray() for i in socks}
    while by_fd and not ws.dead:
        wl = [socks[i].fileno() for i in socks if pending[i] and socks[i].fileno() in by_fd]
        try:
            r, w, _ = select.select([ws.fileno(), ws.wake_fd()] + list(by_fd), wl, [],
                                    0 if ws.has_buffered() else 1.0)
        except (OSError, ValueError):
            return
        if ws.dead:
            return
        if ws.fileno() in r or ws.has_buffered():
            if not ws.read_available():
                return
            try:
                msgs = ws.messages()
            except wsconn.ProtocolError:
                return
            for op, payload in msgs:
                if op == "close":
                    return
                m = io.decode(op, payload)
                if m is None:
                    continue
                ch, data = m
                if ch % 2 == 0 and ch // 2 in pending:
                    pending[ch // 2] += data
        for fd in list(by_fd):
            i = by_fd[fd]
            if fd in w and pending[i]:
                try:
                    n = socks[i].send(bytes(pending[i][:65536]))
                    del pending[i][:n]
                except BlockingIOError:
                    pass
                except OSError:
                    del by_fd[fd]
                    continue
            if fd in r:
                try:
                    data = socks[i].recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""
                if not data:
                    del by_fd[fd]
                    continue
                if not io.send(2 * i, data):
                    return
