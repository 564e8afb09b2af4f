/* The three-way strategic merge patch; see smpatch3.h. As apimachinery's
 * CreateThreeWayMergePatch: deltas = diffMaps(current, modified) ignoring deletions,
 * deletions = diffMaps(original, modified) ignoring changes and additions, each with
 * "$setElementOrder" lists, and the patch is the two merged (mergeMap of two patches:
 * maps recursively, merge-keyed lists item by item, an order directive once). */
#define _POSIX_C_SOURCE 200809L
#include "model/smpatch3.h"

#include "model/smpatch.h"
#include "model/smpatch_priv.h"

static void sp3_merge(struct smpatch_ctx *x, cJSON *into, const cJSON *from);

/* Two patches' versions of one merge-keyed list: items of the same key merged. */
static void
sp3_merge_list(struct smpatch_ctx *x, cJSON *into, const cJSON *from, const char *key)
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
			smpatch_push(x, into, smpatch_dup(x, it));
	}
}

/* mergeMap of two patches (MergeParallelList off): what from adds goes into into. */
static void
sp3_merge(struct smpatch_ctx *x, cJSON *into, const cJSON *from)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, from) {
		cJSON *cur = cJSON_GetObjectItemCaseSensitive(into, p->string);
		if (cur == NULL) {
			smpatch_add(x, into, p->string, smpatch_dup(x, p));
		} else if (cJSON_IsObject(cur) && cJSON_IsObject(p)) {
			sp3_merge(x, cur, p);
		} else if (cJSON_IsArray(cur) && cJSON_IsArray(p) && p->string[0] != '$') {
			const cJSON *lists[2] = { cur, p };
			const char *key = smpatch_list_key(p->string, lists, 2);
			if (key != NULL)
				sp3_merge_list(x, cur, p, key);
			else
				cJSON_ReplaceItemInObjectCaseSensitive(into, p->string, smpatch_dup(x, p));
		} else if (p->string[0] != '$') {
			cJSON_ReplaceItemInObjectCaseSensitive(into, p->string, smpatch_dup(x, p));
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
	/* the patch outlives the live object: its strings are its own */
	struct smpatch_ctx delta = { .no_deletions = 1, .copy = 1, .removed_first = 1 };
	struct smpatch_ctx dels = { .no_changes = 1, .copy = 1, .removed_first = 1 };
	cJSON *d = smpatch_maps(&delta, current, modified);
	cJSON *patch = smpatch_maps(&dels, original, modified);
	struct smpatch_ctx m = { .copy = 1 };
	if (d != NULL && patch != NULL)
		sp3_merge(&m, patch, d);
	cJSON_Delete(d);
	if (patch == NULL || d == NULL || delta.oom || dels.oom || m.oom) {
		cJSON_Delete(patch);
		return NULL;
	}
	return patch;
}
