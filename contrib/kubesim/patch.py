"""PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch.

Strategic merge follows apimachinery/pkg/util/strategicpatch for the built-in kinds: lists
with a patch merge key are merged element by element, `$patch: replace|delete|merge`,
`$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>` and `$retainKeys` directives.
"""
import copy

from errors import ApiError

# Field name -> merge key, for lists merged by key in the built-in types.
MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
    "volumes": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath",
    "imagePullSecrets": "name", "hostAliases": "ip", "conditions": "type",
    "ownerReferences": "uid", "topologySpreadConstraints": "topologyKey", "resourceClaims": "name",
    "containerStatuses": "name", "initContainerStatuses": "name", "readinessGates": "conditionType",
}
# Lists of primitives merged as sets.
PRIMITIVE_MERGE = {"finalizers"}


def _port_key(items):
    for it in items:
        if isinstance(it, dict):
            if "containerPort" in it:
                return "containerPort"
            if "port" in it:
                return "port"
    return None


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def _bad(msg):
    return ApiError(400, "BadRequest", msg)


def _unescape(tok):
    return tok.replace("~1", "/").replace("~0", "~")


def _walk(doc, path):
    if path == "":
        return None, None
    if not path.startswith("/"):
        raise _bad('the server rejected our request due to an error in our request')
    toks = [_unescape(t) for t in path[1:].split("/")]
    cur = doc
    for t in toks[:-1]:
        if isinstance(cur, dict):
            if t not in cur:
                raise ApiError(422, "Invalid", "doc is missing path: \"%s\": missing value" % path)
            cur = cur[t]
        elif isinstance(cur, list):
            try:
                cur = cur[int(t)]
            except (ValueError, IndexError):
                raise ApiError(422, "Invalid", "doc is missing path: \"%s\": missing value" % path)
        else:
            raise ApiError(422, "Invalid", "doc is missing path: \"%s\": missing value" % path)
    return cur, toks[-1]


def _get_path(doc, path):
    parent, last = _walk(doc, path)
    if parent is None:
        return doc
    try:
        return parent[int(last)] if isinstance(parent, list) else parent[last]
    except (KeyError, ValueError, IndexError):
        raise ApiError(422, "Invalid", "doc is missing path: \"%s\": missing value" % path)


def json_patch(doc, ops):
    if not isinstance(ops, list):
        raise _bad("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    doc = copy.deepcopy(doc)
    for op in ops:
        kind = op.get("op")
        path = op.get("path", "")
        if kind == "test":
            if _get_path(doc, path) != op.get("value"):
                raise ApiError(422, "Invalid", "testing value %s failed: test failed" % path)
            continue
        if kind in ("move", "copy"):
            val = copy.deepcopy(_get_path(doc, op.get("from", "")))
            if kind == "move":
                doc = json_patch(doc, [{"op": "remove", "path": op.get("from", "")}])
            doc = json_patch(doc, [{"op": "add", "path": path, "value": val}])
            continue
        if kind not in ("add", "remove", "replace"):
            raise _bad("Unexpected kind: %s" % kind)
        parent, last = _walk(doc, path)
        if parent is None:
            if kind == "remove":
                raise _bad("unable to remove the root")
            doc = copy.deepcopy(op.get("value"))
            continue
        if isinstance(parent, dict):
            if kind == "remove" or kind == "replace":
                if last not in parent:
                    raise ApiError(422, "Invalid", "%s operation does not apply: doc is missing key: %s"
                                   % (kind, path) if kind == "replace" else
                                   "Unable to remove nonexistent key: %s: missing value" % last)
            if kind == "remove":
                del parent[last]
            else:
                parent[last] = copy.deepcopy(op.get("value"))
        elif isinstance(parent, list):
            if last == "-" and kind == "add":
                parent.append(copy.deepcopy(op.get("value")))
                continue
            try:
                i = int(last)
            except ValueError:
                raise ApiError(422, "Invalid", "doc is missing path: \"%s\": missing value" % path)
            if kind == "add":
                if not 0 <= i <= len(parent):
                    raise ApiError(422, "Invalid", "add operation does not apply: doc is missing path: \"%s\": "
                                   "missing value" % path)
                parent.insert(i, copy.deepcopy(op.get("value")))
            else:
                if not 0 <= i < len(parent):
                    raise ApiError(422, "Invalid", "doc is missing path: \"%s\": missing value" % path)
                if kind == "remove":
                    del parent[i]
                else:
                    parent[i] = copy.deepcopy(op.get("value"))
        else:
            raise ApiError(422, "Invalid", "doc is missing path: \"%s\": missing value" % path)
    return doc


def strategic_merge(target, patch):
    """Two-way strategic merge of patch onto target (neither is modified)."""
    return _smp_map(copy.deepcopy(target) if isinstance(target, dict) else {}, patch)


def _smp_map(out, patch):
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    directive = patch.get("$patch")
    if directive == "replace":
        p = {k: v for k, v in patch.items() if k != "$patch"}
        return _strip(p)
    if directive == "delete":
        return None
    retain = patch.get("$retainKeys")
    for k, v in patch.items():
        if k in ("$patch", "$retainKeys"):
            continue
        if k.startswith("$setElementOrder/"):
            continue
        if k.startswith("$deleteFromPrimitiveList/"):
            field = k.split("/", 1)[1]
            if isinstance(out.get(field), list):
                out[field] = [x for x in out[field] if x not in (v or [])]
            continue
        if v is None:
            out.pop(k, None)
            continue
        cur = out.get(k)
        if isinstance(v, dict):
            if v.get("$patch") == "delete":
                out.pop(k, None)
                continue
            merged = _smp_map(cur if isinstance(cur, dict) else {}, v)
            if merged is None:
                out.pop(k, None)
            else:
                out[k] = merged
        elif isinstance(v, list):
            out[k] = _smp_list(k, cur if isinstance(cur, list) else [], v)
        else:
            out[k] = v
    if isinstance(retain, list):
        for k in list(out.keys()):
            if k not in retain:
                del out[k]
    order_keys = [k for k in patch if k.startswith("$setElementOrder/")]
    for ok in order_keys:
        field = ok.split("/", 1)[1]
        _apply_order(out, field, patch[ok])
    return out


def _apply_order(out, field, order):
    items = out.get(field)
    if not isinstance(items, list) or not isinstance(order, list):
        return
    mk = MERGE_KEYS.get(field) or (_port_key(items) if field == "ports" else None)
    if mk is None:
        return
    pos = {}
    for i, o in enumerate(order):
        if isinstance(o, dict) and mk in o:
            pos[o[mk]] = i
    known = [x for x in items if isinstance(x, dict) and x.get(mk) in pos]
    known.sort(key=lambda x: pos[x.get(mk)])
    rest = [x for x in items if not (isinstance(x, dict) and x.get(mk) in pos)]
    out[field] = known + rest


def _strip(v):
    """Remove directives from a value being put in place whole."""
    if isinstance(v, dict):
        return {k: _strip(x) for k, x in v.items() if not k.startswith("$")}
    if isinstance(v, list):
        return [_strip(x) for x in v if not (isinstance(x, dict) and x.get("$patch"))]
    return v


def _smp_list(field, cur, patch):
    if any(isinstance(x, dict) and x.get("$patch") == "replace" for x in patch):
        return _strip([x for x in patch if not (isinstance(x, dict) and x.get("$patch") == "replace")])
    if field in PRIMITIVE_MERGE:
        out = list(cur)
        for x in patch:
            if x not in out:
                out.append(x)
        return out
    mk = MERGE_KEYS.get(field)
    if field == "ports":
        mk = _port_key(patch) or _port_key(cur)
    if mk is None or not all(isinstance(x, dict) for x in patch):
        return _strip(copy.deepcopy(patch))
    out = copy.deepcopy(cur)
    for item in patch:
        if item.get("$patch") == "delete":
            key = item.get(mk)
            out = [x for x in out if not (isinstance(x, dict) and x.get(mk) == key)]
            continue
        key = item.get(mk)
        if field == "ports":
            proto = item.get("protocol", "TCP")
            idx = next((i for i, x in enumerate(out) if isinstance(x, dict) and x.get(mk) == key
                        and x.get("protocol", "TCP") == proto), None)
        else:
            idx = next((i for i, x in enumerate(out) if isinstance(x, dict) and x.get(mk) == key), None)
        if idx is None:
            out.append(_strip(copy.deepcopy(item)))
        else:
            merged = _smp_map(out[idx], item)
            if merged is None:
                del out[idx]
            else:
                out[idx] = merged
    return out
