"""Label and field selectors with the apiserver's grammar and errors (not named selectors.py: that is a stdlib module).

parse_labels(text) -> matcher(labels_dict) -> bool, or raises ApiError 400.
parse_fields(res, text) -> matcher(obj) -> bool, 400 for fields the resource does not index.
"""
import re

from errors import bad_request

_KEY = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                  r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


_SPECIAL = "=!(),<>"
_TOKENS = {")": "CLOSE", ",": "COMMA", "!": "NOT", "==": "==", "=": "=", ">": ">", "in": "in", "<": "<",
           "!=": "!=", "notin": "notin", "(": "OPEN"}
_BINARY = "in, notin, =, ==, !=, gt, lt"
_MSG_NAME = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
             "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
             "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
_MSG_VALUE = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
              "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
              "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


class _SelectorError(Exception):
    pass


def _lex(text):
    """[(token, literal)] ending with ('END', ''), as apimachinery's labels lexer scans."""
    out, i, n = [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            out.append(("END", ""))
            return out
        if text[i] in _SPECIAL:
            buf, last = "", None
            while i < n and text[i] in _SPECIAL:
                buf += text[i]
                if buf in _TOKENS:
                    last = (_TOKENS[buf], buf)
                elif last is not None:
                    break
                i += 1
            if last is None:
                out.append(("ERROR", "error expected: keyword found '%s'" % buf))
            else:
                out.append(last)
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
            j += 1
        word = text[i:j]
        i = j
        out.append((_TOKENS[word], word) if word in ("in", "notin") else ("ID", word))


def _check_key(k):
    name = k.rsplit("/", 1)[-1]
    errs = []
    if not name:
        errs.append("name part must be non-empty")
    elif len(name) > 63:
        errs.append("name part must be no more than 63 characters")
    if name and not re.match(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$", name):
        errs.append(_MSG_NAME)
    if "/" in k and not re.match(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                                 k.rsplit("/", 1)[0]):
        errs.append("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
                    "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]"
                    "([-a-z0-9]*[a-z0-9])?)*')")
    if errs:
        raise _SelectorError('invalid label key "%s": %s' % (k, "; ".join(errs)))


def _check_value(v, k):
    errs = []
    if len(v) > 63:
        errs.append("must be no more than 63 characters")
    if not _VALUE.match(v):
        errs.append(_MSG_VALUE)
    if errs:
        raise _SelectorError('invalid label value: "%s": at key: "%s": %s' % (v, k, "; ".join(errs)))


class _Parser:
    def __init__(self, text):
        self.items = _lex(text)
        self.pos = 0

    def look(self):
        t, lit = self.items[self.pos]
        return ("ID" if t in ("in", "notin") else t), lit

    def take(self, values=True):
        t, lit = self.items[self.pos]
        if self.pos < len(self.items) - 1:
            self.pos += 1
        if values and t in ("in", "notin"):
            t = "ID"
        return t, lit

    def parse(self):
        reqs = []
        while True:
            t, lit = self.look()
            if t in ("ID", "NOT"):
                try:
                    reqs.append(self.requirement())
                except _SelectorError as e:
                    raise _SelectorError("unable to parse requirement: %s" % e)
                t, lit = self.take()
                if t == "END":
                    return reqs
                if t == "COMMA":
                    t2, l2 = self.look()
                    if t2 not in ("ID", "NOT"):
                        raise _SelectorError("found '%s', expected: identifier after ','" % l2)
                    continue
                raise _SelectorError("found '%s', expected: ',' or 'end of string'" % lit)
            if t == "END":
                return reqs
            raise _SelectorError("found '%s', expected: !, identifier, or 'end of string'" % lit)

    def requirement(self):
        op = None
        t, lit = self.take()
        if t == "NOT":
            op = "!exists"
            t, lit = self.take()
        if t != "ID":
            raise _SelectorError("found '%s', expected: identifier" % lit)
        key = lit
        _check_key(key)
        if self.look()[0] in ("END", "COMMA"):
            op = op or "exists"
        if op in ("exists", "!exists"):
            return key, op, None
        t, lit = self.take(values=False)
        if t not in ("==", "=", ">", "<", "in", "notin", "!="):
            raise _SelectorError("found '%s', expected: %s" % (lit, _BINARY))
        op = t
        if op in ("in", "notin"):
            vals = self.values()
        else:
            vals = self.exact()
        if op in ("<", ">"):
            try:
                int(next(iter(vals)))
            except ValueError:
                raise _SelectorError("for 'Gt', 'Lt' operators, the value must be an integer")
        for v in sorted(vals):
            _check_value(v, key)
        if op == "==":
            op = "="
        return key, op, (vals if op in ("in", "notin") else next(iter(vals)))

    def values(self):
        t, lit = self.take()
        if t != "OPEN":
            raise _SelectorError("found '%s' expected: '('" % lit)
        t, lit = self.look()
        if t in ("ID", "COMMA"):
            s = self.identifiers()
            if self.take()[0] != "CLOSE":
                raise _SelectorError("found '%s', expected: ')'" % lit)
            return s
        if t == "CLOSE":
            self.take()
            return {""}
        raise _SelectorError("found '%s', expected: ',', ')' or identifier" % lit)

    def identifiers(self):
        s = set()
        while True:
            t, lit = self.take()
            if t == "ID":
                s.add(lit)
                t2, l2 = self.look()
                if t2 == "COMMA":
                    continue
                if t2 == "CLOSE":
                    return s
                raise _SelectorError("found '%s', expected: ',' or ')'" % l2)
            if t == "COMMA":
                if not s:
                    s.add("")
                t2, _ = self.look()
                if t2 == "CLOSE":
                    s.add("")
                    return s
                if t2 == "COMMA":
                    self.take()
                    s.add("")
                continue
            raise _SelectorError("found '%s', expected: ',', or identifier" % lit)

    def exact(self):
        t, lit = self.look()
        if t in ("END", "COMMA"):
            return {""}
        t, lit = self.take()
        if t == "ID":
            return {lit}
        raise _SelectorError("found '%s', expected: identifier" % lit)


def parse_labels(text):
    """A matcher for a label selector, parsed as apimachinery's labels.Parse does (its messages)."""
    if text is None or text.strip() == "":
        return None
    try:
        reqs = _Parser(text).parse()
    except _SelectorError as e:
        raise bad_request(str(e))

    def match(labels):
        labels = labels or {}
        for k, op, v in reqs:
            have = k in labels
            val = labels.get(k)
            if op == "=":
                if not have or val != v:
                    return False
            elif op == "!=":
                if have and val == v:
                    return False
            elif op == "in":
                if not have or val not in v:
                    return False
            elif op == "notin":
                if have and val in v:
                    return False
            elif op == "exists":
                if not have:
                    return False
            elif op == "!exists":
                if have:
                    return False
            elif op in ("<", ">"):
                try:
                    n = int(val)
                except (TypeError, ValueError):
                    return False
                if (op == "<" and not n < int(v)) or (op == ">" and not n > int(v)):
                    return False
        return True
    return match


def _get(obj, path):
    cur = obj
    for p in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(p)
    return cur


def _s(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


# Extra fields each resource indexes, beyond metadata.name and metadata.namespace.
FIELDS = {
    "pods": ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
             "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
    "events": ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
               "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
               "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
    "secrets": ["type"],
    "namespaces": ["status.phase"],
    "nodes": ["spec.unschedulable"],
    "replicasets.apps": ["status.replicas"],
    "jobs.batch": ["status.successful"],
    "persistentvolumeclaims": [],
}


def _field_value(res_key, obj, field):
    if field == "metadata.name":
        return _s(_get(obj, "metadata.name"))
    if field == "metadata.namespace":
        return _s(_get(obj, "metadata.namespace"))
    if field == "source" and res_key == "events":
        return _s(_get(obj, "source.component") or obj.get("reportingComponent"))
    if field == "spec.hostNetwork":
        return "true" if _get(obj, "spec.hostNetwork") else "false"
    if field == "spec.unschedulable":
        return "true" if _get(obj, "spec.unschedulable") else "false"
    if field == "status.successful":
        return _s(_get(obj, "status.succeeded") or 0)
    if field == "status.replicas":
        return _s(_get(obj, "status.replicas") or 0)
    return _s(_get(obj, field))


def parse_fields(res, text):
    if text is None or text.strip() == "":
        return None
    reqs = []
    for part in text.split(","):
        p = part.strip()
        if not p:
            continue
        m = re.match(r"^([^=!]+?)\s*(==|=|!=)\s*(.*)$", p)
        if not m:
            raise bad_request("invalid selector: '%s'; can't understand '%s'" % (text, p))
        field, op, val = m.group(1).strip(), m.group(2), m.group(3).strip()
        allowed = ["metadata.name", "metadata.namespace"] + FIELDS.get(res.key, [])
        if field not in allowed:
            if res.key in FIELDS:
                raise bad_request("field label not supported: %s" % field)
            raise bad_request('"%s" is not a known field selector: only "metadata.name", "metadata.namespace"'
                              % field)
        reqs.append((field, op != "!=", val))

    key = res.key

    def match(obj):
        for field, eq, val in reqs:
            if (_field_value(key, obj, field) == val) != eq:
                return False
        return True
    return match
