"""Kubernetes API errors as meta/v1 Status bodies.

ApiError carries the HTTP code, the Status reason and message, optional field causes
(for 422 Invalid) and details, extra response headers (Retry-After for 429) and the Status'
list metadata (the continue token of a 410 for an expired continue token).
"""

REASONS = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    409: "Conflict",
    410: "Expired",
    415: "UnsupportedMediaType",
    422: "Invalid",
    429: "TooManyRequests",
    500: "InternalError",
    503: "ServiceUnavailable",
    504: "Timeout",
}


class ApiError(Exception):
    def __init__(self, code, reason, message, causes=None, details=None, headers=None):
        super().__init__(message)
        self.code = code
        self.reason = reason if reason is not None else REASONS.get(code, "")
        self.message = message
        self.causes = causes
        self.details = dict(details or {})
        if causes:
            self.details["causes"] = causes
        self.headers = headers or {}
        self.list_meta = None    # ListMeta of the Status (a 410's fresh continue token)

    def status(self):
        body = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": dict(self.list_meta or {}),
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if not self.reason:
            del body["reason"]
        if self.details:
            body["details"] = self.details
        return body


def _details(res, name):
    d = {}
    if name:
        d["name"] = name
    if res is not None:
        if res.group:
            d["group"] = res.group
        d["kind"] = res.plural
    return d


def _qualified(res):
    return res.plural + ("." + res.group if res.group else "")


def not_found(res, name):
    return ApiError(404, "NotFound", '%s "%s" not found' % (_qualified(res), name), details=_details(res, name))


def already_exists(res, name):
    return ApiError(409, "AlreadyExists", '%s "%s" already exists' % (_qualified(res), name),
                    details=_details(res, name))


def conflict(res, name, why="the object has been modified; please apply your changes to the latest version and try again"):
    return ApiError(409, "Conflict", 'Operation cannot be fulfilled on %s "%s": %s' % (_qualified(res), name, why),
                    details=_details(res, name))


def bad_request(message):
    return ApiError(400, "BadRequest", message)


def method_not_allowed(verb, res):
    msg = "the server does not allow this method on the requested resource"
    return ApiError(405, "MethodNotAllowed", msg, details=_details(res, None))


def invalid(res, name, causes):
    """causes: list of (field, message, reason) where message is the text after 'field: '."""
    kind = res.kind + ("." + res.group if res.group else "")
    parts = ["%s: %s" % (f, m) if f else m for f, m, _ in causes]
    joined = parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]"
    body_causes = [{"reason": r, "message": m, "field": f} for f, m, r in causes]
    d = {"kind": res.kind}
    if name:
        d["name"] = name
    if res.group:
        d["group"] = res.group
    return ApiError(422, "Invalid", '%s "%s" is invalid: %s' % (kind, name or "", joined),
                    causes=body_causes, details=d)


def gone_expired(message):
    return ApiError(410, "Expired", message)


def too_many_requests(retry_after=1, message="Too many requests, please try again later."):
    return ApiError(429, "TooManyRequests", message,
                    details={"causes": [{"message": message}], "retryAfterSeconds": retry_after},
                    headers={"Retry-After": str(retry_after)})


def internal(message="Internal error occurred: injected fault"):
    return ApiError(500, "InternalError", message, details={"causes": [{"message": message}]})


def unauthorized():
    return ApiError(401, "Unauthorized", "Unauthorized")


def forbidden(user, verb, res_plural, group, subresource, ns, name=None, cluster_msg=None):
    what = res_plural + ("/" + subresource if subresource else "")
    q = res_plural + ("." + group if group else "")
    where = ('in the namespace "%s"' % ns) if ns else "at the cluster scope"
    prefix = '%s "%s" is forbidden' % (q, name) if name else "%s is forbidden" % q
    msg = '%s: User "%s" cannot %s resource "%s" in API group "%s" %s' % (prefix, user, verb, what, group, where)
    d = {"kind": res_plural}
    if name:
        d["name"] = name
    if group:
        d["group"] = group
    return ApiError(403, "Forbidden", msg, details=d)


def options_invalid(kind, field, message, reason):
    """422 for a bad query parameter, which the apiserver validates as meta.k8s.io options
    (CreateOptions, ListOptions...) with no object name."""
    return ApiError(422, "Invalid", '%s.meta.k8s.io "" is invalid: %s: %s' % (kind, field, message),
                    causes=[{"reason": reason, "message": message, "field": field}],
                    details={"group": "meta.k8s.io", "kind": kind})
