/* Two-way patches between versions of an object: strategic merge and JSON merge; see
 * smpatch.h. The strategic patch follows apimachinery's CreateTwoWayMergePatch (diffMaps,
 * diffLists, isOrderSame): deletions of merge-keyed items come after the changes, and the
 * "$setElementOrder" list is sent whenever a merge list changed or was reordered. The
 * diff of two maps takes diffMaps' options (smpatch_priv.h): the three-way patch
 * (smpatch3.c) is made of two such diffs. */
#define _POSIX_C_SOURCE 200809L
#include "model/smpatch.h"

#include <stdlib.h>
#include <string.h>

#include "model/jsonkey.h"
#include "model/listindex.h"
#include "model/smpatch_priv.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* The built-in types' lists merged by key, by field name, as kubesim's patch.py
 * (MERGE_KEYS) applies them. "ports" is keyed by containerPort or port (_port_key). */
static const struct {
	const char *field, *key;
} smpatch_keys[] = {
	{ "containers", "name" }, { "initContainers", "name" }, { "ephemeralContainers", "name" },
	{ "env", "name" }, { "volumes", "name" }, { "volumeMounts", "mountPath" },
	{ "volumeDevices", "devicePath" }, { "imagePullSecrets", "name" }, { "hostAliases", "ip" },
	{ "conditions", "type" }, { "ownerReferences", "uid" },
	{ "topologySpreadConstraints", "topologyKey" }, { "resourceClaims", "name" },
	{ "containerStatuses", "name" }, { "initContainerStatuses", "name" },
	{ "readinessGates", "conditionType" },
};

/* Lists of scalars merged as sets (PRIMITIVE_MERGE). */
static int
smpatch_primitive(const char *field)
{
	return strcmp(field, "finalizers") == 0;
}

void
smpatch_add(struct smpatch_ctx *x, cJSON *obj, const char *key, cJSON *v)
{
	/* a list's thousand items have the same few keys: held once */
	const char *shared = jsonkey_get(key);
	if (v == NULL || !(shared != NULL ? cJSON_AddItemToObjectCS(obj, shared, v) :
	    cJSON_AddItemToObject(obj, key, v))) {
		cJSON_Delete(v);
		x->oom = 1;
	}
}

void
smpatch_push(struct smpatch_ctx *x, cJSON *arr, cJSON *v)
{
	if (v == NULL || !cJSON_AddItemToArray(arr, v)) {
		cJSON_Delete(v);
		x->oom = 1;
	}
}

cJSON *
smpatch_dup(struct smpatch_ctx *x, const cJSON *v)
{
	cJSON *d = cJSON_IsString(v) && !x->copy ? cJSON_CreateStringReference(v->valuestring) :
	    cJSON_Duplicate(v, 1);
	if (d == NULL)
		x->oom = 1;
	return d;
}

static int
smpatch_port_key_in(const cJSON *items, const char **key)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		if (!cJSON_IsObject(it))
			continue;
		if (cJSON_GetObjectItemCaseSensitive(it, "containerPort") != NULL) {
			*key = "containerPort";
			return 1;
		}
		if (cJSON_GetObjectItemCaseSensitive(it, "port") != NULL) {
			*key = "port";
			return 1;
		}
	}
	return 0;
}

const char *
smpatch_list_key(const char *field, const cJSON *const *lists, int n)
{
	const char *key = NULL;
	if (strcmp(field, "ports") == 0) {
		for (int l = n - 1; l >= 0 && key == NULL; l--)
			smpatch_port_key_in(lists[l], &key);
	} else {
		for (size_t i = 0; i < sizeof smpatch_keys / sizeof smpatch_keys[0]; i++)
			if (strcmp(field, smpatch_keys[i].field) == 0)
				key = smpatch_keys[i].key;
	}
	if (key == NULL)
		return NULL;
	const cJSON *it;
	for (int l = 0; l < n; l++)
		cJSON_ArrayForEach(it, lists[l])
			if (!cJSON_IsObject(it) || cJSON_GetObjectItemCaseSensitive(it, key) == NULL)
				return NULL;
	return key;
}

static const char *
smpatch_key(const char *field, const cJSON *from, const cJSON *to)
{
	const cJSON *lists[2] = { from, to };
	return smpatch_list_key(field, lists, 2);
}

static int
smpatch_has(const cJSON *list, const cJSON *v)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, list)
		if (cJSON_Compare(it, v, 1))
			return 1;
	return 0;
}

static void
smpatch_directive(struct smpatch_ctx *x, cJSON *patch, const char *prefix, const char *field,
    cJSON *v)
{
	char *name = xasprintf("%s/%s", prefix, field);
	smpatch_add(x, patch, name, v);
	free(name);
}

/* finalizers (diffListsOfScalars): the added items, the removed ones in a parallel list,
 * and the new order. */
static void
smpatch_primitive_list(struct smpatch_ctx *x, const char *field, const cJSON *from,
    const cJSON *to, cJSON *patch)
{
	cJSON *add = cJSON_CreateArray(), *del = cJSON_CreateArray();
	if (add == NULL || del == NULL) {
		cJSON_Delete(add);
		cJSON_Delete(del);
		x->oom = 1;
		return;
	}
	const cJSON *it;
	if (!x->no_changes)
		cJSON_ArrayForEach(it, to)
			if (!smpatch_has(from, it))
				smpatch_push(x, add, smpatch_dup(x, it));
	if (!x->no_deletions)
		cJSON_ArrayForEach(it, from)
			if (!smpatch_has(to, it))
				smpatch_push(x, del, smpatch_dup(x, it));
	int dels = del->child != NULL;
	if (add->child != NULL)
		smpatch_add(x, patch, field, add);
	else
		cJSON_Delete(add);
	if (dels)
		smpatch_directive(x, patch, "$deleteFromPrimitiveList", field, del);
	else
		cJSON_Delete(del);
	/* the lists differ (smpatch_list): the order goes with any change said */
	if ((dels || !x->no_changes) && to->child != NULL)
		smpatch_directive(x, patch, "$setElementOrder", field, smpatch_dup(x, to));
}

/* The order of the list's items, [{KEY: v}, ...], as cJSON writes it, in a raw node. */
static cJSON *
smpatch_order_text(struct smpatch_ctx *x, const cJSON *list, const char *key)
{
	cJSON *k = cJSON_CreateStringReference(key);
	char *kt = k != NULL ? cJSON_PrintUnformatted(k) : NULL;
	cJSON_Delete(k);
	if (kt == NULL) {
		x->oom = 1;
		return NULL;
	}
	struct sbuf b = { 0 };
	sbuf_add(&b, "[", 1);
	const cJSON *it;
	cJSON_ArrayForEach(it, list) {
		char *v = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(it, key));
		if (v == NULL) {
			x->oom = 1;
			break;
		}
		sbuf_str(&b, it == list->child ? "{" : ",{");
		sbuf_str(&b, kt);
		sbuf_str(&b, ":");
		sbuf_str(&b, v);
		sbuf_str(&b, "}");
		free(v);
	}
	sbuf_add(&b, "]", 1);
	free(kt);
	cJSON *raw = x->oom ? NULL : cJSON_CreateRaw("");
	if (raw == NULL) {
		free(b.s);
		x->oom = 1;
		return NULL;
	}
	cJSON_free(raw->valuestring);   /* the text itself, not a copy of it */
	char *t = realloc(b.s, b.len + 1);
	raw->valuestring = t != NULL ? t : b.s;
	return raw;
}

/* A list merged by key (diffListsOfMaps, then the order directive): changed items as
 * their patch with the key, new ones whole, removed ones as {KEY: v, "$patch": "delete"}
 * at the end, and "$setElementOrder". */
static void
smpatch_keyed_list(struct smpatch_ctx *x, const char *field, const char *key, const cJSON *from,
    const cJSON *to, cJSON *patch)
{
	cJSON *list = cJSON_CreateArray();
	if (list == NULL) {
		x->oom = 1;
		return;
	}
	struct listindex in_from, in_to;
	listindex_make(&in_from, from, key);
	listindex_make(&in_to, to, key);
	const cJSON *it;
	cJSON_ArrayForEach(it, to) {
		const cJSON *kv = cJSON_GetObjectItemCaseSensitive(it, key);
		const cJSON *old = listindex_find(&in_from, kv, NULL);
		if (old == NULL) {
			if (!x->no_changes)
				smpatch_push(x, list, smpatch_dup(x, it));
			continue;
		}
		cJSON *sub = smpatch_maps(x, old, it);
		if (sub == NULL || sub->child == NULL) {
			cJSON_Delete(sub);
			continue;
		}
		smpatch_add(x, sub, key, smpatch_dup(x, kv));
		/* kubesim (and a port's identity) pairs ports by port and protocol; TCP is the
		 * default both sides assume */
		const cJSON *proto = cJSON_GetObjectItemCaseSensitive(it, "protocol");
		if (x->port_protocol && strcmp(field, "ports") == 0 && cJSON_IsString(proto) &&
		    strcmp(proto->valuestring, "TCP") != 0 &&
		    cJSON_GetObjectItemCaseSensitive(sub, "protocol") == NULL)
			smpatch_add(x, sub, "protocol", smpatch_dup(x, proto));
		smpatch_push(x, list, sub);
	}
	if (!x->no_deletions)
		cJSON_ArrayForEach(it, from) {
			const cJSON *kv = cJSON_GetObjectItemCaseSensitive(it, key);
			if (listindex_find(&in_to, kv, NULL) != NULL)
				continue;
			cJSON *del = cJSON_CreateObject();
			if (del == NULL) {
				x->oom = 1;
				continue;
			}
			smpatch_add(x, del, key, smpatch_dup(x, kv));
			smpatch_add(x, del, "$patch", cJSON_CreateString("delete"));
			smpatch_push(x, list, del);
		}
	listindex_free(&in_from);
	listindex_free(&in_to);
	int same = cJSON_GetArraySize(from) == cJSON_GetArraySize(to);
	for (const cJSON *a = from->child, *b = to->child; same && a != NULL && b != NULL;
	    a = a->next, b = b->next)
		same = cJSON_Compare(cJSON_GetObjectItemCaseSensitive(a, key),
		    cJSON_GetObjectItemCaseSensitive(b, key), 1);
	int changed = list->child != NULL;
	if (changed)
		smpatch_add(x, patch, field, list);
	else
		cJSON_Delete(list);
	/* the order goes with anything said of the list; a reordering alone is a change */
	int order = (!x->no_changes && (changed || !same)) || (!x->no_deletions && changed);
	if (order && to->child != NULL && x->order_text && cJSON_GetArraySize(to) > SMPATCH_ORDER_TEXT) {
		smpatch_directive(x, patch, "$setElementOrder", field, smpatch_order_text(x, to, key));
		return;
	}
	if (order && to->child != NULL) {
		cJSON *o = cJSON_CreateArray();
		if (o == NULL) {
			x->oom = 1;
			return;
		}
		cJSON_ArrayForEach(it, to) {
			cJSON *e = cJSON_CreateObject();
			if (e != NULL)
				smpatch_add(x, e, key,
				    smpatch_dup(x, cJSON_GetObjectItemCaseSensitive(it, key)));
			smpatch_push(x, o, e);
		}
		smpatch_directive(x, patch, "$setElementOrder", field, o);
	}
}

static void
smpatch_list(struct smpatch_ctx *x, const char *field, const cJSON *from, const cJSON *to,
    cJSON *patch)
{
	if (cJSON_Compare(from, to, 1))
		return;
	const char *key = x->whole_lists ? NULL : smpatch_key(field, from, to);
	if (key != NULL) {
		smpatch_keyed_list(x, field, key, from, to, patch);
		return;
	}
	int scalars = 1;
	const cJSON *lists[2] = { from, to }, *it;
	for (int l = 0; l < 2; l++)
		cJSON_ArrayForEach(it, lists[l])
			scalars &= !cJSON_IsObject(it) && !cJSON_IsArray(it);
	if (smpatch_primitive(field) && scalars && !x->whole_lists)
		smpatch_primitive_list(x, field, from, to, patch);
	else if (!x->no_changes)
		smpatch_add(x, patch, field, smpatch_dup(x, to));
}

/* from's keys that to has not, as null. */
static void
smpatch_removed(struct smpatch_ctx *x, const cJSON *from, const cJSON *to, cJSON *patch)
{
	if (x->no_deletions)
		return;
	const cJSON *f;
	cJSON_ArrayForEach(f, from)
		if (cJSON_GetObjectItemCaseSensitive(to, f->string) == NULL)
			smpatch_add(x, patch, f->string, cJSON_CreateNull());
}

cJSON *
smpatch_maps(struct smpatch_ctx *x, const cJSON *from, const cJSON *to)
{
	cJSON *patch = cJSON_CreateObject();
	if (patch == NULL) {
		x->oom = 1;
		return NULL;
	}
	if (x->removed_first)
		smpatch_removed(x, from, to, patch);
	const cJSON *t;
	cJSON_ArrayForEach(t, to) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(from, t->string);
		if (f == NULL) {
			if (!x->no_changes)
				smpatch_add(x, patch, t->string, smpatch_dup(x, t));
		} else if (cJSON_IsObject(f) && cJSON_IsObject(t)) {
			cJSON *sub = smpatch_maps(x, f, t);
			if (sub != NULL && sub->child != NULL)
				smpatch_add(x, patch, t->string, sub);
			else
				cJSON_Delete(sub);
		} else if (cJSON_IsArray(f) && cJSON_IsArray(t)) {
			smpatch_list(x, t->string, f, t, patch);
		} else if (!cJSON_Compare(f, t, 1) && !x->no_changes) {
			smpatch_add(x, patch, t->string, smpatch_dup(x, t));
		}
	}
	if (!x->removed_first)
		smpatch_removed(x, from, to, patch);
	return patch;
}

/* from -> to at the top: two objects are diffed, anything else is replaced. */
static cJSON *
smpatch_top(const cJSON *from, const cJSON *to, int strategic)
{
	/* a JSON merge patch is the strategic one without merge keys: every list whole */
	struct smpatch_ctx x = { .whole_lists = !strategic, .port_protocol = 1, .order_text = 1 };
	cJSON *patch;
	if (!cJSON_IsObject(from) || !cJSON_IsObject(to))
		patch = cJSON_Compare(from, to, 1) ? cJSON_CreateObject() : cJSON_Duplicate(to, 1);
	else
		patch = smpatch_maps(&x, from, to);
	if (patch == NULL || x.oom) {
		cJSON_Delete(patch);
		return NULL;
	}
	return patch;
}

cJSON *
smpatch_strategic(const cJSON *from, const cJSON *to)
{
	return smpatch_top(from, to, 1);
}

cJSON *
smpatch_merge(const cJSON *from, const cJSON *to)
{
	return smpatch_top(from, to, 0);
}

cJSON *
smpatch_merge_apply(const cJSON *target, const cJSON *patch)
{
	if (!cJSON_IsObject(patch))
		return cJSON_Duplicate(patch, 1);
	cJSON *out = cJSON_IsObject(target) ? cJSON_Duplicate(target, 1) : cJSON_CreateObject();
	if (out == NULL)
		return NULL;
	const cJSON *p;
	cJSON_ArrayForEach(p, patch) {
		if (cJSON_IsNull(p)) {
			cJSON_DeleteItemFromObjectCaseSensitive(out, p->string);
			continue;
		}
		cJSON *cur = cJSON_GetObjectItemCaseSensitive(out, p->string);
		cJSON *v = smpatch_merge_apply(cur, p);
		if (v == NULL) {
			cJSON_Delete(out);
			return NULL;
		}
		if (cur != NULL)
			cJSON_ReplaceItemInObjectCaseSensitive(out, p->string, v);
		else if (!cJSON_AddItemToObject(out, p->string, v)) {
			cJSON_Delete(v);
			cJSON_Delete(out);
			return NULL;
		}
	}
	return out;
}
