"""Container logs that grow over time without being stored.

Each container instance (one start of a container) has a deterministic sequence of lines:
line k is written at start + k*interval + jitter(k), and its text depends only on the
instance's seed and k. Any time window, the last N lines and a follow from any point are
computed by arithmetic and binary search, so memory stays flat however long kubesim runs.
An instance that ended (crashed, OOM-killed, completed) ends with the lines its death wrote.
"""

import datetime
import hashlib

NS = 1_000_000_000
MASK64 = (1 << 64) - 1


def _h(seed, k):
    """splitmix64 of (seed, k): a fast deterministic 64-bit hash."""
    z = (seed + (k + 1) * 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def seed_of(*parts):
    return int.from_bytes(hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()[:8], "big")


def parse_time(s):
    """RFC 3339 (with or without fractional seconds) to integer nanoseconds since the epoch."""
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return int(s * NS)
    s = s.strip()
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    frac_ns = 0
    if "." in s:
        head, rest = s.split(".", 1)
        digits = ""
        i = 0
        while i < len(rest) and rest[i].isdigit():
            digits += rest[i]
            i += 1
        tz = rest[i:]
        frac_ns = int((digits + "000000000")[:9]) if digits else 0
        s = head + tz
    dt = datetime.datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return int(dt.timestamp()) * NS + frac_ns


def rfc3339nano(t_ns):
    """Go's time.RFC3339Nano in UTC: trailing zeros of the fraction removed."""
    sec, frac = divmod(t_ns, NS)
    base = datetime.datetime.fromtimestamp(sec, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    if frac:
        base += "." + ("%09d" % frac).rstrip("0")
    return base + "Z"


# -- what apps write ----------------------------------------------------------------------

PATHS = ["/", "/healthz", "/readyz", "/api/v1/items", "/api/v1/items/%d", "/api/v1/users/%d",
         "/api/v1/orders", "/api/v1/orders/%d", "/static/app.%x.js", "/login", "/metrics",
         "/api/v1/search?q=term%d", "/favicon.ico", "/api/v1/cart/%d/checkout"]
METHODS = ["GET"] * 8 + ["POST", "POST", "PUT", "DELETE", "PATCH"]
AGENTS = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
          "kube-probe/1.32", "curl/8.5.0", "Go-http-client/1.1", "python-requests/2.31.0",
          "Prometheus/2.51.0"]
STATUSES = [200] * 20 + [201, 204, 301, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _pick(seq, r):
    return seq[r % len(seq)]


def _path(r):
    p = _pick(PATHS, r)
    return p % ((r >> 20) % 9000 + 1) if "%" in p else p


def _ip(r):
    return "10.244.%d.%d" % ((r >> 8) % 4, (r >> 16) % 250 + 2)


def _clf_time(t_ns):
    d = datetime.datetime.fromtimestamp(t_ns // NS, datetime.timezone.utc)
    return "%02d/%s/%04d:%02d:%02d:%02d +0000" % (d.day, MONTHS[d.month - 1], d.year, d.hour, d.minute, d.second)


def _iso_ms(t_ns):
    d = datetime.datetime.fromtimestamp(t_ns // NS, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ((t_ns % NS) // 1_000_000)


def profile_of(image, name):
    s = ("%s %s" % (image or "", name or "")).lower()
    for key in ("nginx", "redis", "postgres", "mysql", "busybox", "envoy", "prometheus", "kafka"):
        if key in s:
            return {"mysql": "postgres", "envoy": "nginx"}.get(key, key)
    if any(k in s for k in ("job", "migrat", "backup", "batch", "cron")):
        return "job"
    return "app"


def regular_line(profile, seed, k, t_ns, name):
    r = _h(seed, k)
    if k < 3:
        return _startup(profile, k, t_ns, name, r)
    if profile == "nginx":
        st = _pick(STATUSES, r >> 3)
        return '%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" "-"' % (
            _ip(r), _clf_time(t_ns), _pick(METHODS, r >> 7), _path(r >> 11), st,
            0 if st in (204, 304) else (r >> 13) % 48000 + 120, _pick(AGENTS, r >> 29))
    if profile == "redis":
        msgs = ["* 1 changes in 3600 seconds. Saving...", "* Background saving started by pid %d" % (r % 900 + 20),
                "* DB saved on disk", "* Fork CoW for RDB: current 1 MB, peak 1 MB, average 0 MB",
                "* Background saving terminated with success",
                "# Client id=%d addr=%s:%d closed: idle timeout" % (r % 5000, _ip(r), 40000 + r % 20000)]
        d = datetime.datetime.fromtimestamp(t_ns // NS, datetime.timezone.utc)
        return "1:M %02d %s %04d %02d:%02d:%02d.%03d %s" % (d.day, MONTHS[d.month - 1], d.year, d.hour, d.minute,
                                                            d.second, (t_ns % NS) // 1_000_000, _pick(msgs, r >> 9))
    if profile == "postgres":
        msgs = ["LOG:  checkpoint starting: time",
                "LOG:  checkpoint complete: wrote %d buffers (0.%d%%); 0 WAL file(s) added, 0 removed, 1 recycled" % (r % 300, r % 9),
                "LOG:  duration: %d.%03d ms  statement: SELECT * FROM orders WHERE id = %d" % (r % 900, r % 1000, r % 100000),
                "LOG:  connection received: host=%s port=%d" % (_ip(r), 40000 + r % 20000),
                "LOG:  connection authorized: user=app database=app application_name=web",
                "ERROR:  duplicate key value violates unique constraint \"users_email_key\"",
                "LOG:  disconnection: session time: 0:00:0%d.%03d user=app database=app host=%s" % (r % 10, r % 1000, _ip(r))]
        d = datetime.datetime.fromtimestamp(t_ns // NS, datetime.timezone.utc)
        return "%s.%03d UTC [%d] %s" % (d.strftime("%Y-%m-%d %H:%M:%S"), (t_ns % NS) // 1_000_000, 50 + r % 400,
                                        _pick(msgs, r >> 9))
    if profile == "job":
        return "%s INFO processed batch %d: %d records in %dms" % (_iso_ms(t_ns), k, (r % 5000) + 10, r % 2000)
    if profile == "busybox":
        return "%s heartbeat %d" % (_iso_ms(t_ns), k)
    # a Go/JSON service
    lvl_r = (r >> 5) % 100
    st = _pick(STATUSES, r >> 3)
    if lvl_r < 4:
        return ('{"level":"error","ts":"%s","caller":"server/handler.go:%d","msg":"upstream request failed",'
                '"error":"dial tcp 10.96.%d.%d:5432: connect: connection refused","request_id":"%016x"}'
                % (_iso_ms(t_ns), 80 + r % 200, (r >> 9) % 255, (r >> 17) % 255, r))
    if lvl_r < 10:
        return ('{"level":"warn","ts":"%s","caller":"cache/redis.go:%d","msg":"slow cache lookup","key":"session:%x",'
                '"duration_ms":%d}' % (_iso_ms(t_ns), 40 + r % 90, r >> 24, 250 + r % 900))
    return ('{"level":"info","ts":"%s","caller":"server/http.go:%d","msg":"request completed","method":"%s",'
            '"path":"%s","status":%d,"duration_ms":%d,"bytes":%d,"remote":"%s"}'
            % (_iso_ms(t_ns), 100 + r % 50, _pick(METHODS, r >> 7), _path(r >> 11), st, r % 250, (r >> 13) % 30000,
               _ip(r)))


def _startup(profile, k, t_ns, name, r):
    if profile == "nginx":
        return ["/docker-entrypoint.sh: Configuration complete; ready for start up",
                "%s [notice] 1#1: nginx/1.25.4" % _iso_ms(t_ns).replace("T", " ")[:19].replace("-", "/"),
                "%s [notice] 1#1: start worker processes" % _iso_ms(t_ns).replace("T", " ")[:19].replace("-", "/")][k]
    if profile == "redis":
        return ["1:C 01 Jan 2024 00:00:00.000 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
                "1:M 01 Jan 2024 00:00:00.001 * Running mode=standalone, port=6379.",
                "1:M 01 Jan 2024 00:00:00.002 * Ready to accept connections tcp"][k]
    if profile == "postgres":
        return ["PostgreSQL init process complete; ready for start up.",
                "LOG:  starting PostgreSQL 16.2 on x86_64-pc-linux-gnu",
                "LOG:  database system is ready to accept connections"][k]
    if profile == "job":
        return ["%s INFO starting %s" % (_iso_ms(t_ns), name), "%s INFO connected to database" % _iso_ms(t_ns),
                "%s INFO found 4096 pending records" % _iso_ms(t_ns)][k]
    if profile == "busybox":
        return "%s heartbeat %d" % (_iso_ms(t_ns), k)
    return ['{"level":"info","ts":"%s","msg":"starting %s","version":"v1.%d.%d","commit":"%07x"}'
            % (_iso_ms(t_ns), name, r % 9, r % 20, r >> 36),
            '{"level":"info","ts":"%s","msg":"loaded configuration","path":"/etc/%s/config.yaml"}' % (_iso_ms(t_ns), name),
            '{"level":"info","ts":"%s","msg":"listening","addr":":8080"}' % _iso_ms(t_ns)][k]


def death_lines(profile, exit_code, reason, name, t_end_ns):
    """What an instance writes as it ends."""
    if reason == "OOMKilled" or exit_code == 137:
        return ['{"level":"info","ts":"%s","msg":"loading cache snapshot","entries":1843221}' % _iso_ms(t_end_ns)]
    if exit_code == 0:
        if profile == "job":
            return ["%s INFO all records processed" % _iso_ms(t_end_ns),
                    "%s INFO job finished successfully" % _iso_ms(t_end_ns)]
        return ['{"level":"info","ts":"%s","msg":"received SIGTERM, shutting down gracefully"}' % _iso_ms(t_end_ns),
                '{"level":"info","ts":"%s","msg":"server stopped"}' % _iso_ms(t_end_ns)]
    return ['{"level":"error","ts":"%s","caller":"store/postgres.go:88","msg":"failed to connect to database",'
            '"error":"dial tcp 10.96.14.7:5432: connect: connection refused"}' % _iso_ms(t_end_ns),
            "panic: runtime error: invalid memory address or nil pointer dereference",
            "[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x6f3b2a]",
            "",
            "goroutine 1 [running]:",
            "main.(*Server).Start(0x0)",
            "\t/src/cmd/%s/server.go:57 +0x2a" % name,
            "main.main()",
            "\t/src/cmd/%s/main.go:31 +0x1c5" % name,
            "exit status %d" % (exit_code or 2)]


class Instance:
    """One run of a container: lines from start_ns on; if end_ns is set it ended then."""

    def __init__(self, key, name, image, start_ns, end_ns=None, exit_code=None, reason=None, interval_s=None):
        self.seed = seed_of(*key)
        self.name = name
        self.profile = profile_of(image, name)
        self.start_ns = start_ns
        self.end_ns = end_ns
        if interval_s is None:
            interval_s = [1, 2, 2, 3, 5][self.seed % 5]
        self.interval = int(interval_s * NS)
        self.death = []
        self.n_regular = None
        if end_ns is not None:
            self.death = death_lines(self.profile, exit_code, reason, name, end_ns)
            self.n_regular = max(0, (end_ns - start_ns - 1) // self.interval + 1)
            while self.n_regular > 0 and self.time(self.n_regular - 1) >= end_ns:
                self.n_regular -= 1

    def time(self, k):
        if self.n_regular is not None and k >= self.n_regular:
            return self.end_ns + (k - self.n_regular)  # a nanosecond apart
        jitter = _h(self.seed ^ 0x5A5A, k) % (self.interval * 8 // 10 + 1)
        return self.start_ns + k * self.interval + jitter

    def text(self, k):
        if self.n_regular is not None and k >= self.n_regular:
            return self.death[k - self.n_regular]
        return regular_line(self.profile, self.seed, k, self.time(k), self.name)

    def total(self):
        """Number of lines the instance will ever write; None while it runs."""
        return None if self.n_regular is None else self.n_regular + len(self.death)

    def count_until(self, t_ns):
        """Number of lines written at or before t_ns."""
        hi = self.total()
        if hi is None:
            if t_ns < self.start_ns:
                return 0
            hi = (t_ns - self.start_ns) // self.interval + 2
        lo = 0
        while lo < hi:  # first k with time(k) > t_ns
            mid = (lo + hi) // 2
            if self.time(mid) <= t_ns:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def first_at_or_after(self, t_ns):
        return self.count_until(t_ns - 1)
