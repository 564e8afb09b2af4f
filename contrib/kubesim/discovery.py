"""Discovery documents: /version, /api, /api/v1, /apis, /apis/G/V (legacy, unaggregated form)."""
import resources

VERSION = {"major": "1", "minor": "32", "gitVersion": "v1.32.2", "gitCommit": "67a30c0adcf52bd3f56ff0893ce19966be12991f",
           "gitTreeState": "clean", "buildDate": "2025-02-12T21:19:47Z", "goVersion": "go1.23.6",
           "compiler": "gc", "platform": "linux/amd64"}


def api_versions(addr):
    return {"kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": addr}]}


def api_groups():
    groups = []
    for g, v in resources.groups():
        gv = {"groupVersion": "%s/%s" % (g, v), "version": v}
        groups.append({"name": g, "versions": [gv], "preferredVersion": gv})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def api_group(group):
    for g, v in resources.groups():
        if g == group:
            gv = {"groupVersion": "%s/%s" % (g, v), "version": v}
            return {"kind": "APIGroup", "apiVersion": "v1", "name": g, "versions": [gv], "preferredVersion": gv}
    return None


def resource_list(group, version):
    out = []
    for r in sorted((r for r in resources.ALL if r.group == group and r.version == version),
                    key=lambda r: r.plural):
        d = {"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced, "kind": r.kind,
             "verbs": r.verbs}
        if r.short_names:
            d["shortNames"] = r.short_names
        if r.categories:
            d["categories"] = r.categories
        out.append(d)
        for sub in sorted(r.subresources):
            verbs, g, v, kind = resources.SUBRESOURCE_INFO.get(sub, (["get"], None, None, None))
            s = {"name": "%s/%s" % (r.plural, sub), "singularName": "", "namespaced": r.namespaced,
                 "kind": kind or r.kind, "verbs": verbs}
            if g is not None and (g, v) != (group, version):
                s["group"] = g
                s["version"] = v
            out.append(s)
    if not out:
        return None
    gv = "%s/%s" % (group, version) if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": out}
