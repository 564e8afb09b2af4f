"""WebSocket (RFC 6455) for kubesim's streaming subresources: the server side of an upgraded
HTTP request, and a small client used by the tests.

The server side is driven from ONE thread (the request's thread): it polls the socket together
with the process's file descriptors, so a TLS socket is never read and written concurrently.
Other threads stop a connection only through WSConn.abort(), which shuts the socket down at the
operating-system level and wakes the loop.
"""

import base64
import hashlib
import os
import socket
import ssl
import struct
import threading

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA

MAX_MESSAGE = 16 << 20
WRITE_TIMEOUT = 60.0


class ProtocolError(Exception):
    pass


def accept_key(key):
    return base64.b64encode(hashlib.sha1((key.strip() + GUID).encode()).digest()).decode()


def is_websocket_request(headers):
    if (headers.get("Upgrade") or "").strip().lower() != "websocket":
        return False
    tokens = [t.strip().lower() for t in (headers.get("Connection") or "").split(",")]
    return "upgrade" in tokens


def requested_protocols(headers):
    out = []
    for value in headers.get_all("Sec-WebSocket-Protocol") or []:
        out.extend(p.strip() for p in value.split(",") if p.strip())
    return out


def negotiate(requested, supported):
    """The first protocol the client listed that the server supports (as apimachinery's
    wsstream does); "" when the client listed none and "" is supported; None on no match."""
    if not requested:
        return "" if "" in supported else None
    for p in requested:
        if p in supported:
            return p
    return None


def encode_frame(opcode, payload, mask=False, fin=True):
    n = len(payload)
    head = bytearray([(0x80 if fin else 0) | opcode])
    mbit = 0x80 if mask else 0
    if n < 126:
        head.append(mbit | n)
    elif n < 65536:
        head.append(mbit | 126)
        head += struct.pack("!H", n)
    else:
        head.append(mbit | 127)
        head += struct.pack("!Q", n)
    if mask:
        key = os.urandom(4)
        head += key
        payload = _mask(payload, key)
    return bytes(head) + bytes(payload)


def _mask(data, key):
    if not data:
        return b""
    n = len(data)
    k = int.from_bytes((key * (n // 4 + 1))[:n], "big")
    return (int.from_bytes(data, "big") ^ k).to_bytes(n, "big")


class FrameParser:
    """Incremental frame parser. feed() bytes, then next_message() returns complete messages
    as (opcode, payload) with fragments joined; control frames come out as they arrive."""

    def __init__(self, expect_masked):
        self.buf = bytearray()
        self.expect_masked = expect_masked
        self.frag_op = None
        self.frag = bytearray()

    def feed(self, data):
        self.buf += data

    def next_message(self):
        while True:
            f = self._frame()
            if f is None:
                return None
            fin, op, payload = f
            if op >= 0x8:
                if not fin or len(payload) > 125:
                    raise ProtocolError("bad control frame")
                return op, payload
            if op == OP_CONT:
                if self.frag_op is None:
                    raise ProtocolError("continuation without a start")
                self.frag += payload
                if len(self.frag) > MAX_MESSAGE:
                    raise ProtocolError("message too big")
                if fin:
                    op, data = self.frag_op, bytes(self.frag)
                    self.frag_op, self.frag = None, bytearray()
                    return op, data
                continue
            if self.frag_op is not None:
                raise ProtocolError("new message inside a fragmented one")
            if fin:
                return op, payload
            self.frag_op, self.frag = op, bytearray(payload)

    def _frame(self):
        b = self.buf
        if len(b) < 2:
            return None
        fin = bool(b[0] & 0x80)
        if b[0] & 0x70:
            raise ProtocolError("reserved bits set")
        op = b[0] & 0x0F
        masked = bool(b[1] & 0x80)
        n = b[1] & 0x7F
        pos = 2
        if n == 126:
            if len(b) < 4:
                return None
            n = struct.unpack_from("!H", b, 2)[0]
            pos = 4
        elif n == 127:
            if len(b) < 10:
                return None
            n = struct.unpack_from("!Q", b, 2)[0]
            pos = 10
        if n > MAX_MESSAGE:
            raise ProtocolError("frame too big")
        if masked != self.expect_masked:
            raise ProtocolError("client frames must be masked" if self.expect_masked else "server frames must not be masked")
        key = b""
        if masked:
            if len(b) < pos + 4:
                return None
            key = bytes(b[pos:pos + 4])
            pos += 4
        if len(b) < pos + n:
            return None
        payload = bytes(b[pos:pos + n])
        del b[:pos + n]
        if masked:
            payload = _mask(payload, key)
        return fin, op, payload


class WSConn:
    """The server end of an upgraded connection (after the 101 answer was written)."""

    def __init__(self, sock):
        self.sock = sock
        self.parser = FrameParser(expect_masked=True)
        self.is_tls = isinstance(sock, ssl.SSLSocket)
        self.closed = False  # a close frame was sent
        self.peer_closed = False
        self.dead = False  # the socket is unusable
        self._wake_r, self._wake_w = os.pipe()
        self._lock = threading.Lock()

    # -- reading (loop thread only) -------------------------------------------------------
    def fileno(self):
        return self.sock.fileno()

    def wake_fd(self):
        return self._wake_r

    def has_buffered(self):
        return self.is_tls and not self.dead and self.sock.pending() > 0

    def read_available(self):
        """Read what the socket has without blocking. False on end of stream."""
        if self.dead:
            return False
        try:
            self.sock.setblocking(False)
            while True:
                try:
                    data = self.sock.recv(65536)
                except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                    return True
                if not data:
                    return False
                self.parser.feed(data)
                if not (self.is_tls and self.sock.pending()):
                    return True
        except (OSError, ValueError):
            return False
        finally:
            self._blocking()

    def _blocking(self):
        try:
            self.sock.settimeout(WRITE_TIMEOUT)
        except (OSError, ValueError):
            pass

    def messages(self):
        """Complete data messages, answering pings; ('close', code) ends the stream."""
        out = []
        while True:
            m = self.parser.next_message()
            if m is None:
                return out
            op, payload = m
            if op == OP_PING:
                self.send_frame(OP_PONG, payload)
            elif op == OP_PONG:
                pass
            elif op == OP_CLOSE:
                self.peer_closed = True
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                if not self.closed:
                    self.send_close(code if code not in (1005, 1006) else 1000)
                out.append(("close", code))
                return out
            else:
                out.append((op, payload))

    # -- writing --------------------------------------------------------------------------
    def send_frame(self, opcode, payload):
        if self.dead:
            return False
        data = encode_frame(opcode, payload)
        with self._lock:
            try:
                self._blocking()
                self.sock.sendall(data)
                return True
            except (OSError, ValueError):
                self.dead = True
                return False

    def send_binary(self, payload):
        return self.send_frame(OP_BINARY, payload)

    def send_text(self, payload):
        return self.send_frame(OP_TEXT, payload)

    def send_close(self, code=1000, reason=b""):
        if self.closed:
            return
        self.closed = True
        self.send_frame(OP_CLOSE, struct.pack("!H", code) + reason[:120])

    # -- ending ---------------------------------------------------------------------------
    def abort(self):
        """Drop the connection now (callable from any thread): the peer sees it reset."""
        self.dead = True
        try:
            socket.socket.shutdown(self.sock, socket.SHUT_RDWR)
        except (OSError, ValueError):
            pass
        try:
            os.write(self._wake_w, b"x")
        except OSError:
            pass

    def finish(self):
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass
        self._wake_r = self._wake_w = -1


def server_handshake(handler, protocol):
    """Write the 101 answer for handler's request. protocol "" means no subprotocol header."""
    key = handler.headers.get("Sec-WebSocket-Key") or ""
    handler.send_response(101, "Switching Protocols")
    handler.send_header("Upgrade", "websocket")
    handler.send_header("Connection", "Upgrade")
    handler.send_header("Sec-WebSocket-Accept", accept_key(key))
    if protocol:
        handler.send_header("Sec-WebSocket-Protocol", protocol)
    handler.end_headers()
    try:
        handler.wfile.flush()
    except (OSError, ValueError):
        pass
    handler.close_connection = True
    return WSConn(handler.connection)


class Client:
    """A small blocking WebSocket client for tests: Client(host, port, path, protocols,
    headers=None, tls_context=None). .protocol is the negotiated subprotocol."""

    def __init__(self, host, port, path, protocols=(), headers=None, tls_context=None, timeout=10):
        raw = socket.create_connection((host, port), timeout=timeout)
        self.sock = tls_context.wrap_socket(raw, server_hostname=host) if tls_context else raw
        key = base64.b64encode(os.urandom(16)).decode()
        lines = ["GET %s HTTP/1.1" % path, "Host: %s:%d" % (host, port), "Upgrade: websocket",
                 "Connection: Upgrade", "Sec-WebSocket-Key: " + key, "Sec-WebSocket-Version: 13"]
        if protocols:
            lines.append("Sec-WebSocket-Protocol: " + ", ".join(protocols))
        for k, v in (headers or {}).items():
            lines.append("%s: %s" % (k, v))
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("connection closed during the handshake: %r" % buf)
            buf += chunk
        head, rest = buf.split(b"\r\n\r\n", 1)
        status_line, *hdrs = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers = {}
        for h in hdrs:
            k, _, v = h.partition(":")
            self.headers[k.strip().lower()] = v.strip()
        self.body = rest
        self.protocol = self.headers.get("sec-websocket-protocol", "")
        self.parser = FrameParser(expect_masked=False)
        if self.status == 101:
            if self.headers.get("sec-websocket-accept") != accept_key(key):
                raise ConnectionError("bad Sec-WebSocket-Accept")
            self.parser.feed(rest)
            self.body = b""
        self.close_code = None

    def send(self, opcode, payload, fin=True):
        self.sock.sendall(encode_frame(opcode, payload, mask=True, fin=fin))

    def send_channel(self, channel, data):
        self.send(OP_BINARY, bytes([channel]) + data)

    def recv(self):
        """The next message (opcode, payload); None at the end of the stream."""
        while True:
            m = self.parser.next_message()
            if m is not None:
                if m[0] == OP_PING:
                    self.send(OP_PONG, m[1])
                    continue
                if m[0] == OP_CLOSE:
                    self.close_code = struct.unpack("!H", m[1][:2])[0] if len(m[1]) >= 2 else 1005
                return m
            try:
                data = self.sock.recv(65536)
            except (ConnectionError, OSError):
                return None
            if not data:
                return None
            self.parser.feed(data)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
