"""Server-side apply (PATCH application/apply-patch+yaml) as the apiserver's field manager does it.

The applied configuration's fields (its leaves and the list items it names; the maps holding
them are not members of their own) are the applier's set. A field of that set that another
manager owns and whose value the apply would change is a conflict: 409 "Apply failed with N
conflict(s)", one FieldManagerConflict cause per field, unless force=true, which takes the
fields over. The same value is not a conflict: the field is then shared. Fields the applier
applied before and leaves out now are removed from the object unless another manager owns
them too. The applier's entry in metadata.managedFields is exactly its applied set
(operation Apply); the store records the entries computed here instead of tracking the write
as an update (managedfields.set_result).
"""
import copy
import json
import time

import managedfields as mf
import patch as patchlib
from errors import ApiError

MISSING = object()


def applied_set(res, body):
    """{path: leaf value or mf._NODE} of the fields an applied configuration sets."""
    with_status = "status" not in res.subresources
    flat = mf._fields(body, with_status, mf.structs_of(res))
    return {p: v for p, v in flat.items() if v is not mf._NODE or p[-1][:2] in ("k:", "v:")}


def path_string(p):
    """.spec.template.spec.containers[name="web"].image, as fieldpath.Path prints it."""
    out = []
    for el in p:
        kind, rest = el[:2], el[2:]
        if kind == "f:":
            out.append("." + rest)
        elif kind == "k:":
            keys = json.loads(rest)
            out.append("[" + ",".join("%s=%s" % (k, json.dumps(keys[k], separators=(",", ":")))
                                      for k in sorted(keys)) + "]")
        elif kind == "v:":
            out.append("[=" + rest + "]")
        else:
            out.append("[" + rest + "]")
    return "".join(out)


def _manager_id(e):
    return json.dumps({"manager": e.get("manager"), "operation": e.get("operation"),
                       "apiVersion": e.get("apiVersion")}, separators=(",", ":"))


def _print_manager(e):
    if e.get("operation") == "Update":
        return '"%s" using %s' % (e.get("manager"), e.get("apiVersion"))
    return '"%s"' % e.get("manager")


def conflict_error(conflicts):
    """conflicts: [(entry, path)] -> the apiserver's 409."""
    causes = [{"reason": "FieldManagerConflict", "message": "conflict with " + _print_manager(e),
               "field": path_string(p)} for e, p in conflicts]
    if len(conflicts) == 1:
        e, p = conflicts[0]
        msg = "conflict with %s: %s" % (_print_manager(e), path_string(p))
    else:
        by = {}
        for e, p in conflicts:
            by.setdefault(_manager_id(e), (e, []))[1].append(p)
        lines = []
        for mid in sorted(by):
            e, ps = by[mid]
            lines.append("conflicts with %s:" % _print_manager(e))
            lines.extend("- " + path_string(p) for p in ps)
        msg = "\n".join(lines)
    n = len(conflicts)
    return ApiError(409, "Conflict", "Apply failed with %d conflict%s: %s" % (n, "" if n == 1 else "s", msg),
                    causes=causes)


def _remove(obj, p):
    """Delete the member at path p (f: keys, k: list items) from obj, if it is there."""
    o = obj
    for i, el in enumerate(p):
        last = i == len(p) - 1
        if el.startswith("f:"):
            if not isinstance(o, dict) or el[2:] not in o:
                return
            if last:
                del o[el[2:]]
                return
            o = o[el[2:]]
        elif el.startswith("k:") or el.startswith("v:"):
            if not isinstance(o, list):
                return
            want = json.loads(el[2:])
            for j, item in enumerate(o):
                hit = item == want if el.startswith("v:") else (
                    isinstance(item, dict) and all(item.get(k) == v for k, v in want.items()))
                if hit:
                    if last:
                        del o[j]
                        return
                    o = item
                    break
            else:
                return
        else:
            return


def apply(res, cur, body, manager, force):
    """(new object, managedFields entries) for body applied by manager over cur (None: a create);
    raises the 409 of the conflicts unless force."""
    if not body.get("kind"):
        raise ApiError(500, "", "failed to create typed patch object: no corresponding type for %s, Kind=%s"
                       % (body.get("apiVersion", ""), body.get("kind", "")))
    mine_id = (manager, "Apply")
    applied = applied_set(res, body)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    if cur is None:
        new = copy.deepcopy(body)
        entry = {"manager": manager, "operation": "Apply", "apiVersion": res.api_version, "time": now,
                 "fieldsType": "FieldsV1", "fieldsV1": mf._to_v1(set(applied))}
        return new, [entry]
    prev = [e for e in (cur.get("metadata") or {}).get("managedFields") or [] if isinstance(e, dict)]
    current = mf._fields(cur, True, mf.structs_of(res))
    conflicts = []
    taken = {}
    old_mine = None
    for i, e in enumerate(prev):
        if (e.get("manager"), e.get("operation")) == mine_id:
            old_mine = e
            continue
        had = mf._from_v1(e.get("fieldsV1"))
        for p in sorted(set(applied) & had):
            v = applied[p]
            if v is mf._NODE:
                continue
            if current.get(p, MISSING) != v:
                conflicts.append((e, p))
                taken.setdefault(i, set()).add(p)
    if conflicts and not force:
        raise conflict_error(conflicts)
    others = set()
    for i, e in enumerate(prev):
        if e is not old_mine:
            others |= mf._from_v1(e.get("fieldsV1")) - taken.get(i, set())
    new = copy.deepcopy(cur)
    if old_mine is not None:
        # what this manager applied before and leaves out now goes, unless somebody else has it
        for p in sorted(mf._from_v1(old_mine.get("fieldsV1")) - set(applied) - others, key=len, reverse=True):
            _remove(new, p)
    if res.crd is not None:
        new = patchlib.merge_patch(new, body)
    else:
        new = patchlib.strategic_merge(new, body)
    entries = []
    mine_v1 = mf._to_v1(set(applied))
    for i, e in enumerate(prev):
        if e is old_mine:
            t = e.get("time", now) if e.get("fieldsV1") == mine_v1 else now
            entries.append(dict(e, apiVersion=res.api_version, time=t, fieldsV1=mine_v1))
        elif i in taken:
            left = mf._from_v1(e.get("fieldsV1")) - taken[i]
            if left:
                entries.append(dict(e, fieldsV1=mf._to_v1(left)))
        else:
            entries.append(e)
    if old_mine is None and applied:
        entries.append({"manager": manager, "operation": "Apply", "apiVersion": res.api_version, "time": now,
                        "fieldsType": "FieldsV1", "fieldsV1": mine_v1})
    return new, entries
