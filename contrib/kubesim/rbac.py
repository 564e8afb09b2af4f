"""RBAC: the roles and bindings describing kubesim's users, and an authorizer that evaluates
every request against the Role/ClusterRole/Binding objects in the store, as the real RBAC
authorizer does (rule matching on verbs, apiGroups, resources incl. subresources,
resourceNames and nonResourceURLs)."""
import errors

RBAC = "rbac.authorization.k8s.io"
K_CR, K_CRB, K_R, K_RB = ("clusterroles." + RBAC, "clusterrolebindings." + RBAC, "roles." + RBAC,
                          "rolebindings." + RBAC)
READ = ["get", "list", "watch"]
DISCOVERY_URLS = ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/readyz", "/version",
                  "/version/", "/openapi", "/openapi/*"]


def _cr(name, rules, labels=None):
    return {"apiVersion": RBAC + "/v1", "kind": "ClusterRole",
            "metadata": {"name": name, "labels": labels or {"kubernetes.io/bootstrapping": "rbac-defaults"}},
            "rules": rules}


def _crb(name, role, subjects):
    return {"apiVersion": RBAC + "/v1", "kind": "ClusterRoleBinding",
            "metadata": {"name": name, "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"}},
            "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": role}, "subjects": subjects}


def _user(name):
    return {"apiGroup": RBAC, "kind": "User", "name": name}


def _group(name):
    return {"apiGroup": RBAC, "kind": "Group", "name": name}


def seed(store, dev_namespace="team-a"):
    """Create the roles and bindings unless they exist (called after the world is built)."""
    objs = [
        (K_CR, _cr("cluster-admin", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
                                     {"nonResourceURLs": ["*"], "verbs": ["*"]}])),
        (K_CR, _cr("kubesim:viewer", [{"apiGroups": ["*"], "resources": ["*"], "verbs": READ},
                                      {"nonResourceURLs": ["*"], "verbs": ["get"]}],
                   {"kubesim.kdeck.io/user": "viewer"})),
        (K_CR, _cr("system:basic-user", [{"apiGroups": ["authorization.k8s.io"],
                                          "resources": ["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
                                          "verbs": ["create"]},
                                         {"apiGroups": ["authentication.k8s.io"],
                                          "resources": ["selfsubjectreviews"], "verbs": ["create"]}])),
        (K_CR, _cr("system:discovery", [{"nonResourceURLs": DISCOVERY_URLS, "verbs": ["get"]}])),
        (K_CR, _cr("system:public-info-viewer", [{"nonResourceURLs": ["/healthz", "/livez", "/readyz",
                                                                      "/version", "/version/"],
                                                  "verbs": ["get"]}])),
        (K_CRB, _crb("cluster-admin", "cluster-admin", [_group("system:masters")])),
        (K_CRB, _crb("kubesim:admin", "cluster-admin", [_user("admin")])),
        (K_CRB, _crb("kubesim:plugin", "cluster-admin", [_user("plugin")])),
        (K_CRB, _crb("kubesim:viewer", "kubesim:viewer", [_user("viewer")])),
        (K_CRB, _crb("system:basic-user", "system:basic-user", [_group("system:authenticated")])),
        (K_CRB, _crb("system:discovery", "system:discovery", [_group("system:authenticated")])),
        (K_CRB, _crb("system:public-info-viewer", "system:public-info-viewer",
                     [_group("system:authenticated"), _group("system:unauthenticated")])),
        (K_R, {"apiVersion": RBAC + "/v1", "kind": "Role",
               "metadata": {"name": "kubesim:dev", "namespace": dev_namespace},
               "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}),
        (K_RB, {"apiVersion": RBAC + "/v1", "kind": "RoleBinding",
                "metadata": {"name": "kubesim:dev", "namespace": dev_namespace},
                "roleRef": {"apiGroup": RBAC, "kind": "Role", "name": "kubesim:dev"},
                "subjects": [_user("dev")]}),
    ]
    with store.lock:
        if store.entry("namespaces", "", dev_namespace) is None:
            store.create("namespaces", {"metadata": {"name": dev_namespace}})
        for key, obj in objs:
            m = obj["metadata"]
            if store.entry(key, m.get("namespace", ""), m["name"]) is None:
                store.create(key, obj)


def add_cluster_role(store, name, rules, group):
    """A ClusterRole and its binding to group, unless they exist (an optional API's defaults)."""
    with store.lock:
        for key, obj in ((K_CR, _cr(name, rules)), (K_CRB, _crb(name, name, [_group(group)]))):
            if store.entry(key, "", name) is None:
                store.create(key, obj)


def _subject_matches(s, user, groups):
    k = s.get("kind")
    if k == "User":
        return s.get("name") == user
    if k == "Group":
        return s.get("name") in groups
    if k == "ServiceAccount":
        return user == "system:serviceaccount:%s:%s" % (s.get("namespace"), s.get("name"))
    return False


def _has(lst, v):
    return "*" in lst or v in lst


def _rule_allows(rule, a):
    if not _has(rule.get("verbs") or [], a["verb"]):
        return False
    if a.get("path") is not None:
        for u in rule.get("nonResourceURLs") or []:
            if u == "*" or u == a["path"] or (u.endswith("*") and a["path"].startswith(u[:-1])):
                return True
        return False
    if rule.get("nonResourceURLs"):
        return False
    if not _has(rule.get("apiGroups") or [], a["group"]):
        return False
    res = a["resource"] + ("/" + a["subresource"] if a.get("subresource") else "")
    rs = rule.get("resources") or []
    ok = "*" in rs or res in rs or (a.get("subresource") and "*/" + a["subresource"] in rs) or \
        (not a.get("subresource") and False)
    if not ok:
        return False
    names = rule.get("resourceNames") or []
    return not names or a.get("name") in names


class Authorizer:
    def __init__(self, store):
        self.store = store

    def _role_rules(self, kind, ns, name):
        key = K_CR if kind == "ClusterRole" else K_R
        e = self.store.entry(key, "" if kind == "ClusterRole" else ns, name)
        return (e.obj.get("rules") or []) if e else []

    def bindings(self, user, groups, ns):
        """[(binding kind, binding name, role kind, role name, rules, subject)] that apply in ns ('' = cluster)."""
        out = []
        with self.store.lock:
            for e in self.store.objs[K_CRB].values():
                b = e.obj
                subj = next((s for s in b.get("subjects") or [] if _subject_matches(s, user, groups)), None)
                if subj is not None:
                    ref = b.get("roleRef") or {}
                    out.append(("ClusterRoleBinding", b["metadata"]["name"], "ClusterRole", ref.get("name"),
                                self._role_rules("ClusterRole", "", ref.get("name")), subj))
            if ns:
                for (bns, _), e in self.store.objs[K_RB].items():
                    if bns != ns:
                        continue
                    b = e.obj
                    subj = next((s for s in b.get("subjects") or [] if _subject_matches(s, user, groups)), None)
                    if subj is not None:
                        ref = b.get("roleRef") or {}
                        # the apiserver names a RoleBinding "name/namespace"
                        out.append(("RoleBinding", "%s/%s" % (b["metadata"]["name"], bns), ref.get("kind"),
                                    ref.get("name"), self._role_rules(ref.get("kind"), ns, ref.get("name")), subj))
        return out

    def decide(self, user, groups, attrs):
        """(allowed, reason) for attrs: verb, group, resource, subresource, namespace, name | path."""
        if "system:masters" in (groups or []):
            return True, ""   # the apiserver's privileged-group authorizer, before RBAC, gives no reason
        for bkind, bname, rkind, rname, rules, subj in self.bindings(user, groups, attrs.get("namespace") or ""):
            for r in rules:
                if _rule_allows(r, attrs):
                    who = subj.get("name")
                    if subj.get("kind") == "ServiceAccount":
                        who = "%s/%s" % (subj.get("namespace"), who)
                    return True, 'RBAC: allowed by %s "%s" of %s "%s" to %s "%s"' % (
                        bkind, bname, rkind, rname, subj.get("kind"), who)
        return False, ""

    def check(self, user, groups, attrs):
        ok, _ = self.decide(user, groups, attrs)
        if ok:
            return
        if attrs.get("path") is not None:
            raise errors.ApiError(403, "Forbidden", 'forbidden: User "%s" cannot %s path "%s"'
                                  % (user, attrs["verb"], attrs["path"]))
        raise errors.forbidden(user, attrs["verb"], attrs["resource"], attrs["group"], attrs.get("subresource"),
                               attrs.get("namespace"), attrs.get("name"))

    def rules(self, user, groups, ns):
        res_rules, non_res = [], []
        for _, _, _, _, rules, _ in self.bindings(user, groups, ns):
            for r in rules:
                if r.get("nonResourceURLs"):
                    non_res.append({"verbs": r.get("verbs", []), "nonResourceURLs": r["nonResourceURLs"]})
                else:
                    rr = {"verbs": r.get("verbs", []), "apiGroups": r.get("apiGroups", []),
                          "resources": r.get("resources", [])}
                    if r.get("resourceNames"):
                        rr["resourceNames"] = r["resourceNames"]
                    res_rules.append(rr)
        return res_rules, non_res


def _atoms(rule):
    """The (verb, group, resource, name) or (verb, url) a rule grants, one per combination."""
    verbs = rule.get("verbs") or []
    if rule.get("nonResourceURLs"):
        return [(v, u) for v in verbs for u in rule["nonResourceURLs"]]
    names = rule.get("resourceNames") or [None]
    return [(v, g, r, n) for v in verbs for g in rule.get("apiGroups") or [] for r in rule.get("resources") or []
            for n in names]


def _covers(rule, atom):
    if not _has(rule.get("verbs") or [], atom[0]):
        return False
    if len(atom) == 2:
        return any(u == "*" or u == atom[1] or (u.endswith("*") and atom[1].startswith(u[:-1]))
                   for u in rule.get("nonResourceURLs") or [])
    if rule.get("nonResourceURLs") or not _has(rule.get("apiGroups") or [], atom[1]):
        return False
    rs = rule.get("resources") or []
    r = atom[2]
    if not ("*" in rs or r in rs or ("/" in r and "*/" + r.split("/", 1)[1] in rs)):
        return False
    names = rule.get("resourceNames") or []
    return not names or atom[3] in names


def _show(atom):
    if len(atom) == 2:
        return '{NonResourceURLs:["%s"], Verbs:["%s"]}' % (atom[1], atom[0])
    s = '{APIGroups:["%s"], Resources:["%s"]' % (atom[1], atom[2])
    if atom[3] is not None:
        s += ', ResourceNames:["%s"]' % atom[3]
    return s + ', Verbs:["%s"]}' % atom[0]


def check_escalation(authz, user, groups, res, obj, ns):
    """Writing a role or binding may grant only what the writer holds (or has escalate/bind for),
    as the apiserver's RBAC registry enforces; raises 403 Forbidden otherwise."""
    kind = res.plural
    meta = obj.get("metadata") or {}
    name = meta.get("name") or ""
    ns = ns or ""
    if kind in ("roles", "clusterroles"):
        if authz.decide(user, groups, {"verb": "escalate", "group": RBAC, "resource": kind, "subresource": None,
                                       "namespace": ns, "name": name})[0]:
            return
        wanted = obj.get("rules") or []
    elif kind in ("rolebindings", "clusterrolebindings"):
        ref = obj.get("roleRef") or {}
        rkind = ref.get("kind")
        target = "roles" if rkind == "Role" else "clusterroles"
        if authz.decide(user, groups, {"verb": "bind", "group": RBAC, "resource": target, "subresource": None,
                                       "namespace": ns if rkind == "Role" else "", "name": ref.get("name")})[0]:
            return
        wanted = authz._role_rules(rkind, ns, ref.get("name"))
    else:
        return
    held = [r for _, _, _, _, rules, _ in authz.bindings(user, groups, ns) for r in rules]
    missing = [a for r in wanted if isinstance(r, dict) for a in _atoms(r)
               if not any(_covers(h, a) for h in held)]
    if missing:
        d = {"name": name, "kind": kind, "group": RBAC}
        raise errors.ApiError(403, "Forbidden", '%s.%s "%s" is forbidden: user "%s" (groups=[%s]) is attempting '
                              "to grant RBAC permissions not currently held:\n%s" % (
                                  kind, RBAC, name, user, " ".join('"%s"' % g for g in groups),
                                  "\n".join(_show(a) for a in missing)), details=d)
