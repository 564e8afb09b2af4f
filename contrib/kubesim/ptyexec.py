"""Real processes for exec and attach: in a pty (tty=true) or on pipes, inside a container's
private temporary directory (working directory and HOME), with a container-like environment.

Sandboxes are created on first use and removed when kubesim exits (shutdown(), also atexit).
Attach sessions keep one process per container running while the container runs; every
attached client gets its output through its own pipe.
"""

import atexit
import errno
import fcntl
import os
import secrets
import shutil
import signal
import struct
import subprocess
import tempfile
import termios
import threading

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

_lock = threading.Lock()
_base = None
_sandboxes = {}
_procs = set()
_sessions = {}


class ExecError(Exception):
    """The runtime could not start the command (the OCI runtime's message)."""


def sandbox(key):
    """The container's private directory, created on first use. key: (uid-or-ns/pod, container)."""
    global _base
    with _lock:
        d = _sandboxes.get(key)
        if d and os.path.isdir(d):
            return d
        if _base is None:
            _base = tempfile.mkdtemp(prefix="kubesim-containers-")
        d = tempfile.mkdtemp(prefix="c-", dir=_base)
        _sandboxes[key] = d
        return d


def container_env(pod, container, tty, home):
    env = {"PATH": PATH, "HOSTNAME": pod.get("metadata", {}).get("name", ""), "HOME": home,
           "KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443",
           "KUBERNETES_SERVICE_PORT_HTTPS": "443", "KUBERNETES_PORT": "tcp://10.96.0.1:443",
           "KUBERNETES_PORT_443_TCP": "tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP_PROTO": "tcp",
           "KUBERNETES_PORT_443_TCP_PORT": "443", "KUBERNETES_PORT_443_TCP_ADDR": "10.96.0.1"}
    if tty:
        env["TERM"] = "xterm-256color"
    meta, spec, status = pod.get("metadata", {}), pod.get("spec", {}), pod.get("status", {})
    fields = {"metadata.name": meta.get("name"), "metadata.namespace": meta.get("namespace"),
              "metadata.uid": meta.get("uid"), "spec.nodeName": spec.get("nodeName"),
              "spec.serviceAccountName": spec.get("serviceAccountName"), "status.podIP": status.get("podIP"),
              "status.hostIP": status.get("hostIP")}
    for e in (container or {}).get("env") or []:
        name = e.get("name")
        if not name:
            continue
        if "value" in e:
            env[name] = str(e.get("value") or "")
        else:
            ref = (e.get("valueFrom") or {}).get("fieldRef") or {}
            v = fields.get(ref.get("fieldPath"))
            if v is not None:
                env[name] = str(v)
    return env


def _runtime_error(detail):
    return ExecError("OCI runtime exec failed: exec failed: unable to start container process: %s: unknown" % detail)


def resolve(argv, env, refuse=False):
    """The executable for argv[0] as the runtime looks it up, or ExecError with runc's text.
    refuse: the image has no such file (distroless)."""
    if not argv or not argv[0]:
        raise _runtime_error('exec: "": executable file not found in $PATH')
    cmd = argv[0]
    if "/" in cmd:
        if refuse or not os.path.exists(cmd):
            raise _runtime_error("exec: \"%s\": stat %s: no such file or directory" % (cmd, cmd))
        if os.path.isdir(cmd) or not os.access(cmd, os.X_OK):
            raise _runtime_error("exec: \"%s\": permission denied" % cmd)
        return cmd
    if not refuse:
        for d in env.get("PATH", PATH).split(":"):
            p = os.path.join(d or ".", cmd)
            if os.path.isfile(p) and os.access(p, os.X_OK):
                return p
    raise _runtime_error('exec: "%s": executable file not found in $PATH' % cmd)


def exec_id():
    return secrets.token_hex(32)


def _set_ctty():
    # In the child after setsid (start_new_session): the pty on fd 0 becomes the controlling tty.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def set_winsize(fd, cols, rows):
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", max(0, rows), max(0, cols), 0, 0))
    except OSError:
        pass


def _nonblock(fd):
    fl = fcntl.fcntl(fd, fcntl.F_GETFL)
    fcntl.fcntl(fd, fcntl.F_SETFL, fl | os.O_NONBLOCK)


class Proc:
    """A running command. tty: one pty (master is both input and output); otherwise pipes.
    out_fds: {fd: channel} to read from; in_fd: where stdin goes (None when not wanted)."""

    def __init__(self, argv, exe, cwd, env, tty, stdin, stdout=True, stderr=True, cols=80, rows=24):
        self.tty = tty
        self.master = None
        self.out_fds = {}
        self.in_fd = None
        if tty:
            master, slave = os.openpty()
            set_winsize(slave, cols, rows)
            try:
                self.p = subprocess.Popen([exe] + argv[1:], executable=exe, stdin=slave, stdout=slave,
                                          stderr=slave, cwd=cwd, env=env, start_new_session=True,
                                          preexec_fn=_set_ctty, close_fds=True)
            finally:
                os.close(slave)
            self.master = master
            _nonblock(master)
            self.out_fds = {master: 1}
            self.in_fd = master if stdin else None
        else:
            self.p = subprocess.Popen([exe] + argv[1:], executable=exe,
                                      stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                      stdout=subprocess.PIPE if stdout else subprocess.DEVNULL,
                                      stderr=subprocess.PIPE if stderr else subprocess.DEVNULL,
                                      cwd=cwd, env=env, start_new_session=True, close_fds=True)
            if stdout:
                self.out_fds[self.p.stdout.fileno()] = 1
            if stderr:
                self.out_fds[self.p.stderr.fileno()] = 2
            if stdin:
                self.in_fd = self.p.stdin.fileno()
                _nonblock(self.in_fd)
            for fd in self.out_fds:
                _nonblock(fd)
        with _lock:
            _procs.add(self)

    def resize(self, cols, rows):
        if self.master is not None:
            set_winsize(self.master, cols, rows)

    def close_stdin(self):
        if self.in_fd is None:
            return
        if self.tty:
            try:
                os.write(self.master, b"\x04")  # a pty cannot be half-closed: send EOF
            except OSError:
                pass
        else:
            try:
                self.p.stdin.close()
            except OSError:
                pass
        self.in_fd = None

    def read(self, fd):
        """Bytes from fd; b"" at the end (EIO on a pty whose slave side is gone); None if none now."""
        try:
            return os.read(fd, 65536)
        except BlockingIOError:
            return None
        except OSError as e:
            if e.errno == errno.EIO:
                return b""
            raise

    def poll(self):
        return self.p.poll()

    def returncode(self):
        rc = self.p.returncode
        if rc is None:
            return None
        return 128 - rc if rc < 0 else rc  # killed by signal N: 128+N as a shell reports it

    def kill(self):
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGHUP if self.tty else signal.SIGTERM)
            except OSError:
                pass
            try:
                self.p.wait(timeout=2)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.p.pid, signal.SIGKILL)
                except OSError:
                    pass
                try:
                    self.p.wait(timeout=2)
                except subprocess.TimeoutExpired:
                    pass

    def close(self):
        self.kill()
        if self.master is not None:
            try:
                os.close(self.master)
            except OSError:
                pass
            self.master = None
        for f in (self.p.stdin, self.p.stdout, self.p.stderr):
            if f:
                try:
                    f.close()
                except OSError:
                    pass
        with _lock:
            _procs.discard(self)


class AttachSession:
    """The main process of an interactive container (a debug container's shell), started on
    first attach and kept while it runs. Subscribers get output through their own pipes."""

    def __init__(self, key, proc):
        self.key = key
        self.proc = proc
        self.subs = {}  # read fd -> write fd
        self.lock = threading.Lock()
        self.done = False
        self.t = threading.Thread(target=self._pump, name="attach-%s" % "/".join(map(str, key)), daemon=True)
        self.started = False

    def start(self):
        with self.lock:
            if self.started:
                return
            self.started = True
        self.t.start()

    def _pump(self):
        import select
        fds = list(self.proc.out_fds)
        while fds:
            try:
                r, _, _ = select.select(fds, [], [], 1.0)
            except (OSError, ValueError):
                break
            for fd in r:
                data = self.proc.read(fd)
                if data is None:
                    continue
                if not data:
                    fds.remove(fd)
                    continue
                with self.lock:
                    for w in list(self.subs.values()):
                        try:
                            os.write(w, data)
                        except BlockingIOError:
                            pass  # a subscriber that does not read loses output, as on a real tty
                        except OSError:
                            pass
            if not r and self.proc.poll() is not None:
                break
        self.proc.p.wait()
        with self.lock:
            self.done = True
            for w in self.subs.values():
                try:
                    os.close(w)
                except OSError:
                    pass
            self.subs.clear()
        with _lock:
            if _sessions.get(self.key) is self:
                del _sessions[self.key]
        self.proc.close()

    def subscribe(self):
        r, w = os.pipe()
        _nonblock(w)
        _nonblock(r)
        with self.lock:
            if self.done:
                os.close(w)
            else:
                self.subs[r] = w
        return r

    def unsubscribe(self, r):
        with self.lock:
            w = self.subs.pop(r, None)
        for fd in (r, w):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass


def attach_session(key, start):
    """Subscribe to the running session for key, starting one from start() -> Proc when there
    is none. Returns (session, read fd); the subscription exists before the process's first
    output is read, so a new shell's first prompt is not lost."""
    with _lock:
        s = _sessions.get(key)
        if s and not s.done:
            r = s.subscribe()
            return s, r
    proc = start()
    with _lock:
        s = _sessions.get(key)
        if not s or s.done:
            s = _sessions[key] = AttachSession(key, proc)
            proc = None
    if proc is not None:  # another client started it meanwhile
        proc.close()
    r = s.subscribe()
    s.start()
    return s, r


def shutdown():
    """Kill every process and remove every sandbox (kubesim is exiting)."""
    global _base
    with _lock:
        procs = list(_procs)
        base = _base
        _base = None
        _sandboxes.clear()
    for p in procs:
        try:
            p.close()
        except Exception:
            pass
    if base:
        shutil.rmtree(base, ignore_errors=True)


atexit.register(shutdown)
