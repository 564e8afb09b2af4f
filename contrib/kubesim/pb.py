"""Decoding of Kubernetes protobuf request bodies (application/vnd.kubernetes.protobuf) for the
kinds kubectl's typed clients send: SelfSubjectAccessReview and SelfSubjectRulesReview
(`kubectl auth can-i`), Namespace, ConfigMap, Secret, ServiceAccount (`kubectl create ...`) and
Eviction (`kubectl drain`). Bodies are the 'k8s\\0' envelope around runtime.Unknown.
Responses stay JSON, which those clients accept."""
from errors import ApiError

MAGIC = b"k8s\x00"


def _varint(b, i):
    shift = n = 0
    while True:
        c = b[i]
        i += 1
        n |= (c & 0x7F) << shift
        if not c & 0x80:
            return n, i
        shift += 7


def fields(b):
    """[(field number, wire type, value)]: value is int for varints, bytes for length-delimited."""
    out, i = [], 0
    while i < len(b):
        key, i = _varint(b, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _varint(b, i)
        elif wt == 2:
            n, i = _varint(b, i)
            v, i = b[i:i + n], i + n
        elif wt == 1:
            v, i = b[i:i + 8], i + 8
        elif wt == 5:
            v, i = b[i:i + 4], i + 4
        else:
            raise ValueError("wire type %d" % wt)
        out.append((num, wt, v))
    return out


# Schemas: field number -> (name, type); type is 'str', 'bytes', 'int', 'bool', 'map', 'bmap',
# 'strs' (repeated string), or a nested schema dict (with 'rep:' prefix in the name for repeated).
TIME = {1: ("seconds", "int")}
OWNER = {1: ("kind", "str"), 3: ("name", "str"), 4: ("uid", "str"), 5: ("apiVersion", "str"),
         6: ("controller", "bool"), 7: ("blockOwnerDeletion", "bool")}
META = {1: ("name", "str"), 2: ("generateName", "str"), 3: ("namespace", "str"), 5: ("uid", "str"),
        6: ("resourceVersion", "str"), 11: ("labels", "map"), 12: ("annotations", "map"),
        13: ("rep:ownerReferences", OWNER), 14: ("finalizers", "strs")}
REF = {1: ("name", "str")}
SELECTOR = {1: ("matchLabels", "map"), 2: ("rep:matchExpressions", {
    1: ("key", "str"), 2: ("operator", "str"), 3: ("values", "strs")})}
QUANTITY = {1: ("string", "str")}
CONTAINER = {1: ("name", "str"), 2: ("image", "str"), 3: ("command", "strs"), 4: ("args", "strs"),
             5: ("workingDir", "str"),
             6: ("rep:ports", {1: ("name", "str"), 2: ("hostPort", "int"), 3: ("containerPort", "int"),
                               4: ("protocol", "str")}),
             7: ("rep:env", {1: ("name", "str"), 2: ("value", "str")}),
             9: ("rep:volumeMounts", {1: ("name", "str"), 2: ("readOnly", "bool"), 3: ("mountPath", "str"),
                                      4: ("subPath", "str")}),
             13: ("terminationMessagePath", "str"), 14: ("imagePullPolicy", "str"), 16: ("stdin", "bool"),
             17: ("stdinOnce", "bool"), 18: ("tty", "bool"), 20: ("terminationMessagePolicy", "str"),
             23: ("restartPolicy", "str")}
POD_SPEC = {2: ("rep:containers", CONTAINER), 3: ("restartPolicy", "str"),
            4: ("terminationGracePeriodSeconds", "int"), 5: ("activeDeadlineSeconds", "int"),
            6: ("dnsPolicy", "str"), 7: ("nodeSelector", "map"), 8: ("serviceAccountName", "str"),
            9: ("serviceAccount", "str"), 10: ("nodeName", "str"), 11: ("hostNetwork", "bool"),
            19: ("schedulerName", "str"), 20: ("rep:initContainers", CONTAINER)}
TEMPLATE = {1: ("metadata", META), 2: ("spec", POD_SPEC)}
JOB_SPEC = {1: ("parallelism", "int"), 2: ("completions", "int"), 3: ("activeDeadlineSeconds", "int"),
            4: ("selector", SELECTOR), 5: ("manualSelector", "bool"), 6: ("template", TEMPLATE),
            7: ("backoffLimit", "int"), 8: ("ttlSecondsAfterFinished", "int"), 10: ("suspend", "bool")}
INT_OR_STRING = {1: ("type", "int"), 2: ("intVal", "int"), 3: ("strVal", "str")}
SCHEMAS = {
    "Deployment": {1: ("metadata", META), 2: ("spec", {
        1: ("replicas", "int"), 2: ("selector", SELECTOR), 3: ("template", TEMPLATE),
        5: ("minReadySeconds", "int"), 6: ("revisionHistoryLimit", "int"), 7: ("paused", "bool"),
        9: ("progressDeadlineSeconds", "int")})},
    "Job": {1: ("metadata", META), 2: ("spec", JOB_SPEC)},
    "CronJob": {1: ("metadata", META), 2: ("spec", {
        1: ("schedule", "str"), 2: ("startingDeadlineSeconds", "int"), 3: ("concurrencyPolicy", "str"),
        4: ("suspend", "bool"), 5: ("jobTemplate", {1: ("metadata", META), 2: ("spec", JOB_SPEC)}),
        6: ("successfulJobsHistoryLimit", "int"), 7: ("failedJobsHistoryLimit", "int"), 8: ("timeZone", "str")})},
    "Service": {1: ("metadata", META), 2: ("spec", {
        1: ("rep:ports", {1: ("name", "str"), 2: ("protocol", "str"), 3: ("port", "int"),
                          4: ("targetPort", INT_OR_STRING), 5: ("nodePort", "int")}),
        2: ("selector", "map"), 3: ("clusterIP", "str"), 4: ("type", "str"), 5: ("externalIPs", "strs"),
        10: ("externalName", "str")})},
    "Pod": {1: ("metadata", META), 2: ("spec", POD_SPEC)},
    "SelfSubjectAccessReview": {1: ("metadata", META), 2: ("spec", {
        1: ("resourceAttributes", {1: ("namespace", "str"), 2: ("verb", "str"), 3: ("group", "str"),
                                   4: ("version", "str"), 5: ("resource", "str"), 6: ("subresource", "str"),
                                   7: ("name", "str")}),
        2: ("nonResourceAttributes", {1: ("path", "str"), 2: ("verb", "str")})})},
    "SelfSubjectRulesReview": {1: ("metadata", META), 2: ("spec", {1: ("namespace", "str")})},
    "Namespace": {1: ("metadata", META), 2: ("spec", {1: ("finalizers", "strs")})},
    "ConfigMap": {1: ("metadata", META), 2: ("data", "map"), 3: ("binaryData", "bmap"), 4: ("immutable", "bool")},
    "Secret": {1: ("metadata", META), 2: ("data", "bmap"), 3: ("type", "str"), 4: ("stringData", "map"),
               5: ("immutable", "bool")},
    "ServiceAccount": {1: ("metadata", META), 2: ("rep:secrets", REF), 3: ("rep:imagePullSecrets", REF),
                       4: ("automountServiceAccountToken", "bool")},
    "Eviction": {1: ("metadata", META), 2: ("deleteOptions", {
        1: ("gracePeriodSeconds", "int"), 4: ("propagationPolicy", "str"), 5: ("dryRun", "strs")})},
}


def _map_entry(b, bytes_value):
    k = v = ""
    for num, _, val in fields(b):
        if num == 1:
            k = val.decode()
        elif num == 2:
            v = val
    if bytes_value:
        import base64
        return k, base64.b64encode(v or b"").decode()
    return k, (v or b"").decode()


def decode_message(b, schema):
    out = {}
    for num, wt, val in fields(b):
        if num not in schema:
            continue
        name, typ = schema[num]
        rep = name.startswith("rep:")
        name = name[4:] if rep else name
        if isinstance(typ, dict):
            v = decode_message(val, typ)
            if rep:
                out.setdefault(name, []).append(v)
            else:
                out[name] = v
        elif typ == "str":
            out[name] = val.decode()
        elif typ == "bytes":
            out[name] = val
        elif typ == "int":
            out[name] = val - (1 << 64) if val >= 1 << 63 else val
        elif typ == "bool":
            out[name] = bool(val)
        elif typ == "strs":
            out.setdefault(name, []).append(val.decode())
        elif typ in ("map", "bmap"):
            k, v = _map_entry(val, typ == "bmap")
            out.setdefault(name, {})[k] = v
    return out


# Optional (pointer) integer fields: a zero is a value. Go encodes every non-pointer scalar even
# when empty, so other zero ints, empty strings and false bools mean "unset" (omitempty in JSON).
POINTER_INTS = {"replicas", "parallelism", "completions", "backoffLimit", "activeDeadlineSeconds",
                "terminationGracePeriodSeconds", "startingDeadlineSeconds", "successfulJobsHistoryLimit",
                "failedJobsHistoryLimit", "revisionHistoryLimit", "progressDeadlineSeconds",
                "ttlSecondsAfterFinished", "gracePeriodSeconds"}


def _fix(v):
    """IntOrString messages become ints or strings; unset scalars are dropped."""
    if isinstance(v, dict):
        if set(v) <= {"type", "intVal", "strVal"} and ("intVal" in v or "strVal" in v or "type" in v):
            return v.get("strVal") if v.get("type") == 1 else v.get("intVal", 0)
        out = {}
        for k, x in v.items():
            if x == "" or x is False or (x == 0 and not isinstance(x, bool) and k not in POINTER_INTS):
                continue
            out[k] = _fix(x)
        return out
    if isinstance(v, list):
        return [_fix(x) for x in v]
    return v


def decode(body):
    """A JSON-like dict for a protobuf body, or raises ApiError 415."""
    if not body.startswith(MAGIC):
        raise ApiError(400, "BadRequest", "provided data does not appear to be a protobuf message, expected "
                       "prefix [107 56 115 0]")
    api_version = kind = ""
    raw = b""
    for num, _, val in fields(body[4:]):
        if num == 1:
            for n2, _, v2 in fields(val):
                if n2 == 1:
                    api_version = v2.decode()
                elif n2 == 2:
                    kind = v2.decode()
        elif num == 2:
            raw = val
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                       "accepted media types include: application/json, application/yaml (kubesim decodes "
                       "protobuf only for %s)" % ", ".join(sorted(SCHEMAS)))
    obj = _fix(decode_message(raw, schema))
    obj["apiVersion"] = api_version
    obj["kind"] = kind
    return obj
