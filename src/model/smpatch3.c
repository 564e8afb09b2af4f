/* The three-way strategic merge patch; see smpatch3.h. As apimachinery's
 * CreateThreeWayMergePatch: deltas = diffMaps(current, modified) ignoring deletions,
 * deletions = diffMaps(original, modified) ignoring changes and additions, each with
 * "$setElementOrder" lists, and the patch is the two merged (mergeMap of two patches:
 * maps recursively, merge-keyed lists item by item, an order directive once). */
#define _POSIX_C_SOURCE 200809L
#include "model/smpatch3.h"

#include <stdlib.h>
#include <string.h>

#include "model/listindex.h"
#include "model/smpatch.h"
#include "util/xmalloc.h"

struct sp3 {
	int oom;
	int no_deletions;     /* IgnoreDeletions */
	int no_changes;       /* IgnoreChangesAndAdditions */
};

static void
sp3_add(struct sp3 *x, cJSON *obj, const char *key, cJSON *v)
{
	if (v == NULL || !cJSON_AddItemToObject(obj, key, v)) {
		cJSON_Delete(v);
		x->oom = 1;
	}
}

static void
sp3_push(struct sp3 *x, cJSON *arr, cJSON *v)
{
	if (v == NULL || !cJSON_AddItemToArray(arr, v)) {
		cJSON_Delete(v);
		x->oom = 1;
	}
}

static cJSON *
sp3_dup(struct sp3 *x, const cJSON *v)
{
	cJSON *d = cJSON_Duplicate(v, 1);
	if (d == NULL)
		x->oom = 1;
	return d;
}

static void
sp3_directive(struct sp3 *x, cJSON *patch, const char *prefix, const char *field, cJSON *v)
{
	char *name = xasprintf("%s/%s", prefix, field);
	sp3_add(x, patch, name, v);
	free(name);
}

static int
sp3_has(const cJSON *list, const cJSON *v)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, list)
		if (cJSON_Compare(it, v, 1))
			return 1;
	return 0;
}

static cJSON *sp3_maps(struct sp3 *x, const cJSON *from, const cJSON *to);

/* A merge-keyed list (diffListsOfMaps, then the order directive). */
static void
sp3_keyed(struct sp3 *x, const char *field, const char *key, const cJSON *from, const cJSON *to,
    cJSON *patch)
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
				sp3_push(x, list, sp3_dup(x, it));
			continue;
		}
		cJSON *sub = sp3_maps(x, old, it);
		if (sub == NULL || sub->child == NULL) {
			cJSON_Delete(sub);
			continue;
		}
		sp3_add(x, sub, key, sp3_dup(x, kv));
		sp3_push(x, list, sub);
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
			sp3_add(x, del, key, sp3_dup(x, kv));
			sp3_add(x, del, "$patch", cJSON_CreateString("delete"));
			sp3_push(x, list, del);
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
		sp3_add(x, patch, field, list);
	else
		cJSON_Delete(list);
	int order = (!x->no_changes && (changed || !same)) || (!x->no_deletions && changed);
	if (order && to->child != NULL) {
		cJSON *o = cJSON_CreateArray();
		if (o == NULL) {
			x->oom = 1;
			return;
		}
		cJSON_ArrayForEach(it, to) {
			cJSON *e = cJSON_CreateObject();
			if (e != NULL)
				sp3_add(x, e, key, sp3_dup(x, cJSON_GetObjectItemCaseSensitive(it, key)));
			sp3_push(x, o, e);
		}
		sp3_directive(x, patch, "$setElementOrder", field, o);
	}
}

/* finalizers: a set (diffListsOfScalars). */
static void
sp3_primitive(struct sp3 *x, const char *field, const cJSON *from, const cJSON *to, cJSON *patch)
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
			if (!sp3_has(from, it))
				sp3_push(x, add, sp3_dup(x, it));
	if (!x->no_deletions)
		cJSON_ArrayForEach(it, from)
			if (!sp3_has(to, it))
				sp3_push(x, del, sp3_dup(x, it));
	int dels = del->child != NULL;
	if (add->child != NULL)
		sp3_add(x, patch, field, add);
	else
		cJSON_Delete(add);
	if (dels)
		sp3_directive(x, patch, "$deleteFromPrimitiveList", field, del);
	else
		cJSON_Delete(del);
	if ((dels || (!x->no_changes && !cJSON_Compare(from, to, 1))) && to->child != NULL)
		sp3_directive(x, patch, "$setElementOrder", field, sp3_dup(x, to));
}

static void
sp3_list(struct sp3 *x, const char *field, const cJSON *from, const cJSON *to, cJSON *patch)
{
	if (cJSON_Compare(from, to, 1))
		return;
	const cJSON *lists[2] = { from, to }, *it;
	const char *key = smpatch_list_key(field, lists, 2);
	if (key != NULL) {
		sp3_keyed(x, field, key, from, to, patch);
		return;
	}
	int scalars = 1;
	for (int l = 0; l < 2; l++)
		cJSON_ArrayForEach(it, lists[l])
			scalars &= !cJSON_IsObject(it) && !cJSON_IsArray(it);
	if (strcmp(field, "finalizers") == 0 && scalars)
		sp3_primitive(x, field, from, to, patch);
	else if (!x->no_changes)
		sp3_add(x, patch, field, sp3_dup(x, to));
}

/* diffMaps(from, to) under x's options, or NULL when memory ran out. */
static cJSON *
sp3_maps(struct sp3 *x, const cJSON *from, const cJSON *to)
{
	cJSON *patch = cJSON_CreateObject();
	if (patch == NULL) {
		x->oom = 1;
		return NULL;
	}
	const cJSON *f, *t;
	if (!x->no_deletions)
		cJSON_ArrayForEach(f, from)
			if (cJSON_GetObjectItemCaseSensitive(to, f->string) == NULL)
				sp3_add(x, patch, f->string, cJSON_CreateNull());
	cJSON_ArrayForEach(t, to) {
		f = cJSON_GetObjectItemCaseSensitive(from, t->string);
		if (f == NULL) {
			if (!x->no_changes)
				sp3_add(x, patch, t->string, sp3_dup(x, t));
		} else if (cJSON_IsObject(f) && cJSON_IsObject(t)) {
			cJSON *sub = sp3_maps(x, f, t);
			if (sub != NULL && sub->child != NULL)
				sp3_add(x, patch, t->string, sub);
			else
				cJSON_Delete(sub);
		} else if (cJSON_IsArray(f) && cJSON_IsArray(t)) {
			sp3_list(x, t->string, f, t, patch);
		} else if (!cJSON_Compare(f, t, 1) && !x->no_changes) {
			sp3_add(x, patch, t->string, sp3_dup(x, t));
		}
	}
	return patch;
}

static void sp3_merge(struct sp3 *x, cJSON *into, const cJSON *from);

/* Two patches' versions of one merge-keyed list: items of the same key merged. */
static void
sp3_merge_list(struct sp3 *x, cJSON *into, const cJSON *from, const char *key)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, from) {
		const cJSON *kv = cJSON_GetObjectItemCaseSensitive(it, key);
		cJSON *same = NULL, *c;
		cJSON_ArrayForEach(c, into)
			if (same == NULL && cJSON_Compare(cJSON_GetObjectItemCaseSensitive(c, key), kv, 1))
				same = c;
		if (same != NULL && cJSON_IsObject(same) && cJSON_IsObject(it))
			sp3_merge(x, same, it);
		else
			sp3_push(x, into, sp3_dup(x, it));
	}
}

/* mergeMap of two patches (MergeParallelList off): what from adds goes into into. */
static void
sp3_merge(struct sp3 *x, cJSON *into, const cJSON *from)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, from) {
		cJSON *cur = cJSON_GetObjectItemCaseSensitive(into, p->string);
		if (cur == NULL) {
			sp3_add(x, into, p->string, sp3_dup(x, p));
		} else if (cJSON_IsObject(cur) && cJSON_IsObject(p)) {
			sp3_merge(x, cur, p);
		} else if (cJSON_IsArray(cur) && cJSON_IsArray(p) && p->string[0] != '$') {
			const cJSON *lists[2] = { cur, p };
			const char *key = smpatch_list_key(p->string, lists, 2);
			if (key != NULL)
				sp3_merge_list(x, cur, p, key);
			else
				cJSON_ReplaceItemInObjectCaseSensitive(into, p->string, sp3_dup(x, p));
		} else if (p->string[0] != '$') {
			cJSON_ReplaceItemInObjectCaseSensitive(into, p->string, sp3_dup(x, p));
		}
	}
}

cJSON *
smpatch3_make(const cJSON *original, const cJSON *modified, const cJSON *current)
{
	static const cJSON empty = { .type = cJSON_Object };
	if (!cJSON_IsObject(original))
		original = &empty;
	if (!cJSON_IsObject(current))
		current = &empty;
	if (!cJSON_IsObject(modified))
		return cJSON_CreateObject();
	struct sp3 delta = { .no_deletions = 1 }, dels = { .no_changes = 1 };
	cJSON *d = sp3_maps(&delta, current, modified);
	cJSON *patch = sp3_maps(&dels, original, modified);
	struct sp3 m = { 0 };
	if (d != NULL && patch != NULL)
		sp3_merge(&m, patch, d);
	cJSON_Delete(d);
	if (patch == NULL || d == NULL || delta.oom || dels.oom || m.oom) {
		cJSON_Delete(patch);
		return NULL;
	}
	return patch;
}
