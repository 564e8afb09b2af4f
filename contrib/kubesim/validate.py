"""Validation of objects on create and update: 422 Invalid with field causes.

validate(res, obj, old=None) returns a list of (field, message, reason) causes.
"""
import re

_SUB = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_LABEL1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_LABEL1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_LKEY = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                   r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
_LVAL = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")

MSG_SUB = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
           "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
           "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
MSG_1123 = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
            "start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
            "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
MSG_1035 = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
            "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
            "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")

# Name rules per resource key: 'label' (RFC 1123 label), 'dns1035', default subdomain.
NAME_RULE = {"namespaces": "label", "services": "dns1035",
             "clusterroles.rbac.authorization.k8s.io": "path", "clusterrolebindings.rbac.authorization.k8s.io": "path",
             "roles.rbac.authorization.k8s.io": "path", "rolebindings.rbac.authorization.k8s.io": "path"}


def _q(v):
    if isinstance(v, str):
        return '"%s"' % v
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    return str(v)


def _type_name(v):
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return "null"


class _V:
    def __init__(self):
        self.causes = []

    def invalid(self, field, value, why):
        self.causes.append((field, "Invalid value: %s: %s" % (_q(value), why), "FieldValueInvalid"))

    def required(self, field, detail=None):
        self.causes.append((field, "Required value" + (": " + detail if detail else ""), "FieldValueRequired"))

    def typ(self, field, value, want):
        self.causes.append((field, 'Invalid value: "%s": %s in body must be of type %s: "%s"'
                            % (_type_name(value), field, want, _type_name(value)), "FieldValueTypeInvalid"))

    def check_type(self, field, value, want):
        """True when value is of type want (or absent)."""
        if value is None:
            return True
        ok = {"integer": isinstance(value, int) and not isinstance(value, bool),
              "string": isinstance(value, str),
              "boolean": isinstance(value, bool),
              "object": isinstance(value, dict),
              "array": isinstance(value, list)}[want]
        if not ok:
            self.typ(field, value, want)
        return ok

    def name(self, field, value, rule):
        if rule == "path":
            if value in (".", ".."):
                self.invalid(field, value, 'may not be \'%s\'' % value)
            elif "/" in value or "%" in value:
                self.invalid(field, value, "may not contain '/'" if "/" in value else "may not contain '%'")
        elif rule == "label":
            if not _LABEL1123.match(value) or len(value) > 63:
                self.invalid(field, value, MSG_1123 if len(value) <= 63 else "must be no more than 63 characters")
        elif rule == "dns1035":
            if not _LABEL1035.match(value) or len(value) > 63:
                self.invalid(field, value, MSG_1035 if len(value) <= 63 else "must be no more than 63 characters")
        else:
            if not _SUB.match(value) or len(value) > 253:
                self.invalid(field, value, MSG_SUB if len(value) <= 253 else "must be no more than 253 characters")


def _labels(v, field, labels):
    if not v.check_type(field, labels, "object") or not labels:
        return
    for k, val in labels.items():
        if not _LKEY.match(k):
            v.invalid(field, k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
                      "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
                      "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
        if not isinstance(val, str):
            v.typ("%s.%s" % (field, k), val, "string")
        elif len(val) > 63 or not _LVAL.match(val):
            v.invalid(field, val, "a valid label must be an empty string or consist of alphanumeric "
                      "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                      "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


def _containers(v, field, cs, required=True):
    if not v.check_type(field, cs, "array"):
        return
    if not cs:
        if required:
            v.required(field)
        return
    seen = set()
    for i, c in enumerate(cs):
        f = "%s[%d]" % (field, i)
        if not v.check_type(f, c, "object"):
            continue
        n = c.get("name")
        if not n:
            v.required(f + ".name")
        elif v.check_type(f + ".name", n, "string"):
            if not _LABEL1123.match(n):
                v.invalid(f + ".name", n, MSG_1123)
            elif n in seen:
                v.causes.append((f + ".name", "Duplicate value: %s" % _q(n), "FieldValueDuplicate"))
            seen.add(n)
        if not c.get("image") and "ephemeral" not in field:
            v.required(f + ".image")
        else:
            v.check_type(f + ".image", c.get("image"), "string")
        for j, p in enumerate(c.get("ports") or []):
            pf = "%s.ports[%d].containerPort" % (f, j)
            cp = p.get("containerPort") if isinstance(p, dict) else None
            if cp is None:
                v.required(pf)
            elif v.check_type(pf, cp, "integer") and not 0 < cp < 65536:
                v.invalid(pf, cp, "must be between 1 and 65535, inclusive")
        v.check_type(f + ".env", c.get("env"), "array")
        v.check_type(f + ".command", c.get("command"), "array")
        v.check_type(f + ".args", c.get("args"), "array")


def _pod_spec(v, field, spec):
    if not v.check_type(field, spec, "object"):
        return
    _containers(v, field + ".containers", spec.get("containers"))
    _containers(v, field + ".initContainers", spec.get("initContainers"), required=False)
    rp = spec.get("restartPolicy")
    if rp is not None and rp not in ("Always", "OnFailure", "Never"):
        v.causes.append((field + ".restartPolicy", 'Unsupported value: %s: supported values: "Always", '
                         '"OnFailure", "Never"' % _q(rp), "FieldValueNotSupported"))


def _replicas(v, field, n):
    if v.check_type(field, n, "integer") and n is not None and n < 0:
        v.invalid(field, n, "must be greater than or equal to 0")


def _template(v, field, tpl, selector_labels=None):
    if tpl is None:
        v.required(field)
        return
    if not v.check_type(field, tpl, "object"):
        return
    meta = tpl.get("metadata") or {}
    _labels(v, field + ".metadata.labels", meta.get("labels"))
    _pod_spec(v, field + ".spec", tpl.get("spec") or {})


def _selector_matches(sel, labels):
    for k, val in (sel.get("matchLabels") or {}).items():
        if (labels or {}).get(k) != val:
            return False
    return True


def validate(res, obj, old=None):
    v = _V()
    meta = obj.get("metadata")
    if not v.check_type("metadata", meta, "object"):
        return v.causes
    meta = meta or {}
    name = meta.get("name")
    if not name and not meta.get("generateName"):
        v.required("metadata.name", "name or generateName is required")
    elif name and v.check_type("metadata.name", name, "string"):
        v.name("metadata.name", name, NAME_RULE.get(res.key, "subdomain"))
    _labels(v, "metadata.labels", meta.get("labels"))
    v.check_type("metadata.annotations", meta.get("annotations"), "object")
    for k, val in (meta.get("annotations") or {}).items() if isinstance(meta.get("annotations"), dict) else []:
        v.check_type("metadata.annotations.%s" % k, val, "string")
    spec = obj.get("spec")
    if spec is not None and not v.check_type("spec", spec, "object"):
        return v.causes
    spec = spec or {}
    key = res.key
    if key == "pods":
        _pod_spec(v, "spec", spec)
        if old is not None:
            for f in ("nodeName", "restartPolicy", "serviceAccountName"):
                if (old.get("spec") or {}).get(f) and spec.get(f) != old["spec"].get(f) and f != "nodeName":
                    v.causes.append(("spec", "Forbidden: pod updates may not change fields other than "
                                     "`spec.containers[*].image`,`spec.initContainers[*].image`,"
                                     "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
                                     "existing tolerations),`spec.terminationGracePeriodSeconds` "
                                     "(allow it to be set to 1 if it was previously negative)", "FieldValueForbidden"))
                    break
    elif key in ("deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps"):
        if key != "daemonsets.apps":
            _replicas(v, "spec.replicas", spec.get("replicas"))
        sel = spec.get("selector")
        if sel is None:
            v.required("spec.selector")
        elif v.check_type("spec.selector", sel, "object"):
            tpl = spec.get("template")
            _template(v, "spec.template", tpl)
            if isinstance(tpl, dict) and not _selector_matches(sel, (tpl.get("metadata") or {}).get("labels")):
                labels = (tpl.get("metadata") or {}).get("labels") or {}
                shown = "map[string]string{%s}" % ", ".join('"%s":"%s"' % kv for kv in sorted(labels.items()))
                v.causes.append(("spec.template.metadata.labels", "Invalid value: %s: `selector` does not match "
                                 "template `labels`" % shown, "FieldValueInvalid"))
            if old is not None and (old.get("spec") or {}).get("selector") not in (None, sel):
                v.invalid("spec.selector", sel, "field is immutable")
        for f in ("minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"):
            if v.check_type("spec." + f, spec.get(f), "integer") and isinstance(spec.get(f), int) and spec[f] < 0:
                v.invalid("spec." + f, spec[f], "must be greater than or equal to 0")
    elif key == "jobs.batch":
        for f in ("parallelism", "completions", "backoffLimit"):
            n = spec.get(f)
            if v.check_type("spec." + f, n, "integer") and n is not None and n < 0:
                v.invalid("spec." + f, n, "must be greater than or equal to 0")
        _template(v, "spec.template", spec.get("template"))
    elif key == "cronjobs.batch":
        if not spec.get("schedule"):
            v.required("spec.schedule")
        jt = spec.get("jobTemplate")
        if jt is None:
            v.required("spec.jobTemplate")
        elif v.check_type("spec.jobTemplate", jt, "object"):
            _template(v, "spec.jobTemplate.spec.template", (jt.get("spec") or {}).get("template"))
    elif key == "services":
        for i, p in enumerate(spec.get("ports") or []):
            f = "spec.ports[%d].port" % i
            if not isinstance(p, dict):
                continue
            port = p.get("port")
            if port is None:
                v.required(f)
            elif v.check_type(f, port, "integer") and not 0 < port < 65536:
                v.invalid(f, port, "must be between 1 and 65535, inclusive")
        t = spec.get("type")
        if t is not None and t not in ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"):
            v.causes.append(("spec.type", 'Unsupported value: %s: supported values: "ClusterIP", '
                             '"ExternalName", "LoadBalancer", "NodePort"' % _q(t), "FieldValueNotSupported"))
    elif key in ("configmaps", "secrets"):
        for f in ("data", "binaryData", "stringData"):
            d = obj.get(f)
            if v.check_type(f, d, "object") and d:
                for k, val in d.items():
                    if not re.match(r"^[-._a-zA-Z0-9]+$", k):
                        v.invalid("%s[%s]" % (f, k), k, "a valid config key must consist of alphanumeric characters, '-', '_' "
                                  "or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
                                  "validation is '[-._a-zA-Z0-9]+')")
                    v.check_type("%s[%s]" % (f, k), val, "string")
        if key == "secrets" and old is not None and obj.get("type") != old.get("type"):
            v.causes.append(("type", "Invalid value: %s: field is immutable" % _q(obj.get("type")),
                             "FieldValueInvalid"))
    elif key in _RBAC_ROLES:
        _rbac_rules(v, obj.get("rules"), key == _RBAC_ROLES[0])
    elif key in _RBAC_BINDINGS:
        _rbac_binding(v, obj, old, key == _RBAC_BINDINGS[0])
    elif key == "poddisruptionbudgets.policy":
        if spec.get("minAvailable") is not None and spec.get("maxUnavailable") is not None:
            v.invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set")
    elif res.crd is not None:
        schema = _crd_schema(res)
        if schema:
            prune(obj, schema, root=True)
        _schema(v, "", obj, schema)
        _scale_spec(v, res, obj)
    return v.causes


def prune(value, schema, root=False):
    """Drop the fields a structural schema does not specify, in place (apiextensions pruning);
    x-kubernetes-preserve-unknown-fields keeps them. The root keeps apiVersion, kind, metadata."""
    if not isinstance(schema, dict) or schema.get("x-kubernetes-preserve-unknown-fields"):
        return
    if isinstance(value, dict):
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        for k in list(value):
            if root and k in ("apiVersion", "kind", "metadata"):
                continue
            if props is not None and k in props:
                prune(value[k], props[k])
            elif isinstance(extra, dict):
                prune(value[k], extra)
            elif extra is not True:
                del value[k]
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for x in value:
            prune(x, schema["items"])


def _go_type(v):
    return {bool: "bool", int: "int64", float: "float64", str: "string", list: "[]interface {}",
            dict: "map[string]interface {}"}.get(type(v), "<nil>")


def _scale_spec(v, res, obj):
    """The scale subresource's spec replicas path must hold a non-negative integer."""
    for ver in (res.crd.get("spec") or {}).get("versions") or []:
        sc = (ver.get("subresources") or {}).get("scale") if ver.get("name") == res.version else None
        if not sc or not sc.get("specReplicasPath"):
            continue
        path = sc["specReplicasPath"]
        cur = obj
        for k in path.strip(".").split("."):
            cur = cur.get(k) if isinstance(cur, dict) else None
        if cur is None:
            return
        if not isinstance(cur, int) or isinstance(cur, bool):
            shown = cur if not isinstance(cur, bool) else str(cur).lower()
            v.causes.append((path, "Invalid value: 0: %s accessor error: %s is of the type %s, expected int64"
                             % (path, shown, _go_type(cur)), "FieldValueInvalid"))
        elif cur < 0:
            v.invalid(path, cur, "should be a non-negative integer")
        elif cur > 2147483647:
            v.invalid(path, cur, "should be less than or equal to 2147483647")


_RBAC = "rbac.authorization.k8s.io"
_RBAC_ROLES = ("roles." + _RBAC, "clusterroles." + _RBAC)
_RBAC_BINDINGS = ("rolebindings." + _RBAC, "clusterrolebindings." + _RBAC)


def _go_strings(vals):
    return "[]string{%s}" % ", ".join('"%s"' % x for x in vals)


def _rbac_rules(v, rules, namespaced):
    """ValidatePolicyRule of the RBAC registry."""
    if not v.check_type("rules", rules, "array"):
        return
    for i, r in enumerate(rules or []):
        f = "rules[%d]" % i
        if not v.check_type(f, r, "object"):
            continue
        if not r.get("verbs"):
            v.required(f + ".verbs", "verbs must contain at least one value")
        urls = r.get("nonResourceURLs") or []
        if urls:
            if namespaced:
                v.causes.append((f + ".nonResourceURLs", "Invalid value: %s: namespaced rules cannot apply to "
                                 "non-resource URLs" % _go_strings(urls), "FieldValueInvalid"))
            if r.get("apiGroups") or r.get("resources") or r.get("resourceNames"):
                v.causes.append((f + ".nonResourceURLs", "Invalid value: %s: rules cannot apply to both regular "
                                 "resources and non-resource URLs" % _go_strings(urls), "FieldValueInvalid"))
            continue
        if not r.get("apiGroups"):
            v.required(f + ".apiGroups", "resource rules must supply at least one api group")
        if not r.get("resources"):
            v.required(f + ".resources", "resource rules must supply at least one resource")


def _unsupported(v, field, value, supported):
    v.causes.append((field, "Unsupported value: %s: supported values: %s" % (
        _q(value), ", ".join('"%s"' % s for s in supported)), "FieldValueNotSupported"))


def _rbac_binding(v, obj, old, namespaced):
    import defaults
    defaults.rbac_binding(obj)            # defaulted on decode, before validation (create and update)
    ref = obj.get("roleRef") or {}
    if not v.check_type("roleRef", obj.get("roleRef"), "object"):
        return
    if ref.get("apiGroup") != _RBAC:
        _unsupported(v, "roleRef.apiGroup", ref.get("apiGroup") or "", [_RBAC])
    kinds = ["Role", "ClusterRole"] if namespaced else ["ClusterRole"]
    if ref.get("kind") not in kinds:
        _unsupported(v, "roleRef.kind", ref.get("kind") or "", kinds)
    if not ref.get("name"):
        v.required("roleRef.name")
    for i, sub in enumerate(obj.get("subjects") or []):
        f = "subjects[%d]" % i
        if not v.check_type(f, sub, "object"):
            continue
        if not sub.get("name"):
            v.required(f + ".name")
        k = sub.get("kind")
        if k == "ServiceAccount":
            if sub.get("apiGroup"):
                _unsupported(v, f + ".apiGroup", sub["apiGroup"], [""])
            if not sub.get("namespace") and not namespaced:
                v.required(f + ".namespace")
        elif k in ("User", "Group"):
            if sub.get("apiGroup") != _RBAC:
                _unsupported(v, f + ".apiGroup", sub.get("apiGroup") or "", [_RBAC])
        else:
            _unsupported(v, f + ".kind", k or "", ["ServiceAccount", "User", "Group"])
    if old is not None and old.get("roleRef") != obj.get("roleRef"):
        v.causes.append(("roleRef", 'Invalid value: rbac.RoleRef{APIGroup:"%s", Kind:"%s", Name:"%s"}: cannot '
                         "change roleRef" % (ref.get("apiGroup", ""), ref.get("kind", ""), ref.get("name", "")),
                         "FieldValueInvalid"))


def _crd_schema(res):
    for ver in (res.crd.get("spec") or {}).get("versions") or []:
        if ver.get("name") == res.version:
            return (ver.get("schema") or {}).get("openAPIV3Schema")
    return None


def _schema(v, path, value, schema):
    """A small OpenAPI v3 structural schema check: types, required, minimum, enum."""
    if not schema or value is None:
        return
    t = schema.get("type")
    p = path or "<root>"
    if t and not (t == "number" and isinstance(value, (int, float)) and not isinstance(value, bool)):
        if t in ("integer", "string", "boolean", "object", "array") and not v.check_type(p, value, t):
            path_, msg, _ = v.causes[-1]
            v.causes[-1] = (path_, msg, "FieldValueInvalid")      # the schema validator's reason
            return
    if "minimum" in schema and isinstance(value, (int, float)) and value < schema["minimum"]:
        v.invalid(p, value, "%s in body should be greater than or equal to %s" % (p, schema["minimum"]))
    if "maximum" in schema and isinstance(value, (int, float)) and value > schema["maximum"]:
        v.invalid(p, value, "%s in body should be less than or equal to %s" % (p, schema["maximum"]))
    if "enum" in schema and value not in schema["enum"]:
        v.causes.append((p, "Unsupported value: %s: supported values: %s"
                         % (_q(value), ", ".join(_q(e) for e in schema["enum"])), "FieldValueNotSupported"))
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for r in schema.get("required") or []:
            if r not in value:
                v.required((path + "." if path else "") + r)
        for k, sub in props.items():
            if k in value and k not in ("metadata", "apiVersion", "kind") or (path and k in value):
                _schema(v, (path + "." if path else "") + k, value[k], sub)
    elif isinstance(value, list) and schema.get("items"):
        for i, item in enumerate(value):
            _schema(v, "%s[%d]" % (path, i), item, schema["items"])
