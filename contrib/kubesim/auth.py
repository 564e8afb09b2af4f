"""Authentication: bearer tokens (static per user, and expiring tokens minted for the exec
credential plugin) and client certificates (CN = user, O = groups)."""
import secrets
import threading
import time

USERS = ("admin", "viewer", "dev", "plugin")


class Authenticator:
    def __init__(self, token_ttl=300.0):
        self.lock = threading.Lock()
        self.static = {}                 # token -> user
        self.expiring = {}               # token -> (user, expiry epoch seconds)
        self.token_ttl = token_ttl
        self.mint_secret = secrets.token_hex(16)
        for u in ("admin", "viewer", "dev"):
            self.static["%s-%s" % (u, secrets.token_hex(12))] = u

    def token_of(self, user):
        for t, u in self.static.items():
            if u == user:
                return t
        return None

    def mint(self, user, ttl=None):
        ttl = self.token_ttl if ttl is None else float(ttl)
        tok = "%s-x-%s" % (user, secrets.token_hex(16))
        exp = time.time() + ttl
        with self.lock:
            self.expiring[tok] = (user, exp)
        return tok, exp

    def expire_all(self):
        with self.lock:
            n = len(self.expiring)
            self.expiring.clear()
        return n

    def from_token(self, tok):
        u = self.static.get(tok)
        if u:
            return u, []
        with self.lock:
            v = self.expiring.get(tok)
            if v is None:
                return None, None
            if v[1] <= time.time():
                del self.expiring[tok]
                return None, None
            return v[0], []

    @staticmethod
    def from_cert(peercert):
        if not peercert:
            return None, None
        cn, groups = None, []
        for rdn in peercert.get("subject", ()):
            for k, v in rdn:
                if k == "commonName":
                    cn = v
                elif k == "organizationName":
                    groups.append(v)
        return cn, groups

    def authenticate(self, headers, peercert):
        """(user, groups) or (None, None)."""
        h = headers.get("Authorization", "")
        if h[:7].lower() == "bearer ":
            u, g = self.from_token(h[7:].strip())
            if u is None:
                return None, None          # a bad token is 401 even with a certificate
            return u, g + ["system:authenticated"]
        u, g = self.from_cert(peercert)
        if u:
            return u, g + ["system:authenticated"]
        return None, None
