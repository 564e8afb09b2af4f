"""Label and field selectors with the apiserver's grammar and errors (not named selectors.py: that is a stdlib module).

parse_labels(text) -> matcher(labels_dict) -> bool, or raises ApiError 400.
parse_fields(res, text) -> matcher(obj) -> bool, 400 for fields the resource does not index.
"""
import re

from errors import bad_request

_KEY = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                  r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


def _split_top(text):
    """Split on commas that are not inside parentheses."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _check_key(k, text):
    if not _KEY.match(k) or len(k.split("/")[-1]) > 63:
        raise bad_request('unable to parse requirement: values[0][%s]: Invalid value: "%s": name part must '
                          "consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
                          "an alphanumeric character" % (k, k))


def _check_value(v, k):
    if len(v) > 63 or not _VALUE.match(v):
        raise bad_request('unable to parse requirement: values[0][%s]: Invalid value: "%s": a valid label '
                          "must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                          "and must start and end with an alphanumeric character" % (k, v))


def parse_labels(text):
    if text is None or text.strip() == "":
        return None
    reqs = []
    for part in _split_top(text):
        p = part.strip()
        if not p:
            raise bad_request("unable to parse requirement: found '', expected: identifier")
        m = re.match(r"^(\S+?)\s+(in|notin)\s*\((.*)\)$", p)
        if m:
            k, op, vals = m.group(1), m.group(2), [v.strip() for v in m.group(3).split(",")]
            _check_key(k, text)
            for v in vals:
                _check_value(v, k)
            reqs.append((k, op, set(vals)))
            continue
        if p.startswith("!"):
            k = p[1:].strip()
            _check_key(k, text)
            reqs.append((k, "!exists", None))
            continue
        m = re.match(r"^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$", p)
        if m:
            k, op, v = m.group(1), m.group(2), m.group(3).strip()
            _check_key(k, text)
            if op in ("<", ">"):
                try:
                    int(v)
                except ValueError:
                    raise bad_request("unable to parse requirement: for 'Gt', 'Lt' operators, the value must "
                                      "be an integer")
            else:
                _check_value(v, k)
            reqs.append((k, {"==": "=", }.get(op, op), v))
            continue
        if re.match(r"^[^=!<>\s()]+$", p):
            _check_key(p, text)
            reqs.append((p, "exists", None))
            continue
        raise bad_request("unable to parse requirement: found '%s', expected: in, notin, =, ==, !=, gt, lt" % p)

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
