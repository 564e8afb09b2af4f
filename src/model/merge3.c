/* The three-way merge of an object by field path; see merge3.h.
 *
 * The three trees are walked together. Maps are recursed into (keys in MINE's order, then
 * THEIRS', then BASE's); a list with a merge key (smpatch_list_key, the table the patches
 * use) pairs its items by key, and an item on every side is recursed into, while an item
 * missing on one side (added or removed) is one field whole. Anything else is a field
 * whole. A field's path names a keyed item by its index in MINE (as the editor's text and
 * docmap_find see it), or in THEIRS, or in BASE when MINE lacks it; map keys are written
 * ".key" when they are a plain name and "[key]" otherwise (labels[app.kubernetes.io/name]).
 *
 * merge3_result walks the trees again in the same order, so its n-th field is the n-th of
 * merge3_make, and applies MINE's side of each field to THEIRS, copied only along the paths
 * it changes: every other node of the result is a reference to THEIRS' (a 12k-entry list
 * THEIRS and the result both hold is held once). */
#define _POSIX_C_SOURCE 200809L
#include "model/merge3.h"

#include <stdlib.h>
#include <string.h>

#include "model/jsonshare.h"
#include "model/listindex.h"
#include "model/smpatch.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* One step of a path: a map key, or a list item by its merge key's value. */
struct m3_seg {
	const char *key;
	const char *mkey;       /* NULL for a map key */
	const cJSON *mval;
	size_t index;           /* as printed */
};

struct m3_walk {
	struct m3_seg *segs;
	size_t depth, cap;
	struct merge3 *out;     /* merge3_make: the fields found */
	const struct merge3 *picks;   /* merge3_result: the picks, by field */
	cJSON *result;
	const cJSON *mine;      /* merge3_result: MINE, for what it lacks */
	size_t next;            /* merge3_result: the field being applied */
	int oom;
};

static void
m3_push(struct m3_walk *w, struct m3_seg s)
{
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->segs = xreallocarray(w->segs, w->cap, sizeof *w->segs);
	}
	w->segs[w->depth++] = s;
}

static int
m3_plain(const char *k)
{
	if (*k == '\0')
		return 0;
	for (const char *p = k; *p != '\0'; p++)
		if (!(*p == '_' || *p == '-' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

static char *
m3_path(const struct m3_walk *w)
{
	struct sbuf b = { 0 };
	sbuf_str(&b, "");
	for (size_t i = 0; i < w->depth; i++) {
		const struct m3_seg *s = &w->segs[i];
		char buf[32];
		if (s->mkey != NULL) {
			snprintf(buf, sizeof buf, "[%zu]", s->index);
			sbuf_str(&b, buf);
		} else if (m3_plain(s->key)) {
			if (i > 0)
				sbuf_str(&b, ".");
			sbuf_str(&b, s->key);
		} else {
			sbuf_str(&b, "[");
			sbuf_str(&b, s->key);
			sbuf_str(&b, "]");
		}
	}
	return b.s;
}

static int
m3_hidden(const struct m3_walk *w)
{
	if (w->depth == 0 || w->segs[0].mkey != NULL)
		return 0;
	if (strcmp(w->segs[0].key, "status") == 0)
		return 1;
	if (w->depth < 2 || strcmp(w->segs[0].key, "metadata") != 0 || w->segs[1].mkey != NULL)
		return 0;
	const char *k = w->segs[1].key;
	return strcmp(k, "resourceVersion") == 0 || strcmp(k, "generation") == 0 ||
	    strcmp(k, "managedFields") == 0;
}

static int
m3_eq(const cJSON *a, const cJSON *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return cJSON_Compare(a, b, 1);
}

/* A value's JSON text as the conflict page shows it: at most M3_TEXT_MAX bytes of it, and
 * then its size ("..." (1064425 bytes): a string's, or a map's or list's text), so that a 1 MB value changed on both sides is not
 * held three more times for a column that shows its start. A long string is cut before it
 * is written. */
#define M3_TEXT_MAX 4096

static char *
m3_text(struct m3_walk *w, const cJSON *v)
{
	if (v == NULL)
		return NULL;
	char *s = NULL;
	size_t full = 0;   /* the whole text's length, when it was cut before it was written */
	if (cJSON_IsString(v) && strlen(v->valuestring) > M3_TEXT_MAX) {
		full = strlen(v->valuestring);
		size_t n = M3_TEXT_MAX;
		while (n > 0 && ((unsigned char)v->valuestring[n] & 0xc0) == 0x80)
			n--;   /* not inside a character */
		char *cut = xstrndup(v->valuestring, n);
		cJSON *c = cJSON_CreateStringReference(cut);
		s = c != NULL ? cJSON_PrintUnformatted(c) : NULL;
		cJSON_Delete(c);
		free(cut);
	} else
		s = cJSON_PrintUnformatted(v);
	if (s == NULL) {
		w->oom = 1;
		return NULL;
	}
	if (full == 0 && (full = strlen(s)) <= M3_TEXT_MAX)
		return s;
	s[M3_TEXT_MAX < strlen(s) ? M3_TEXT_MAX : strlen(s)] = '\0';
	char *t = xasprintf("%s... (%zu bytes)", s, full);
	free(s);
	return t;
}

/* A reference to THEIRS' node (model/jsonshare.h). */
static cJSON *
m3_ref(struct m3_walk *w, const cJSON *node)
{
	cJSON *r = jsonshare_ref(node);
	if (r == NULL)
		w->oom = 1;
	return r;
}

/* node, a reference to one of THEIRS' maps or lists, made the result's own before it is
 * changed. */
static void
m3_own(struct m3_walk *w, cJSON *node)
{
	if (jsonshare_own(node) != 0)
		w->oom = 1;
}

/* The parent of the field the path names in the result (created where it is missing),
 * or NULL when a step is not there; each map and list on the way the result's own. */
static cJSON *
m3_parent(struct m3_walk *w)
{
	cJSON *cur = w->result;
	m3_own(w, cur);
	for (size_t i = 0; i + 1 < w->depth && cur != NULL; i++) {
		const struct m3_seg *s = &w->segs[i];
		if (s->mkey != NULL) {
			cJSON *it, *found = NULL;
			cJSON_ArrayForEach(it, cur)
				if (m3_eq(cJSON_GetObjectItemCaseSensitive(it, s->mkey), s->mval))
					found = it;
			cur = found;
			m3_own(w, cur);
			continue;
		}
		cJSON *next = cJSON_GetObjectItemCaseSensitive(cur, s->key);
		if (next == NULL && cJSON_IsObject(cur)) {
			next = cJSON_AddObjectToObject(cur, s->key);
			if (next == NULL)
				w->oom = 1;
		}
		cur = next;
		m3_own(w, cur);
	}
	return cur;
}

/* The node the first depth steps of the path name in root, or NULL. */
static const cJSON *
m3_lookup(const struct m3_walk *w, const cJSON *root, size_t depth)
{
	const cJSON *cur = root;
	for (size_t i = 0; i < depth && cur != NULL; i++) {
		const struct m3_seg *s = &w->segs[i];
		if (s->mkey == NULL) {
			cur = cJSON_GetObjectItemCaseSensitive(cur, s->key);
			continue;
		}
		const cJSON *it, *found = NULL;
		cJSON_ArrayForEach(it, cur)
			if (m3_eq(cJSON_GetObjectItemCaseSensitive(it, s->mkey), s->mval))
				found = it;
		cur = found;
	}
	return cur;
}

/* A map left empty by MINE's removals goes too when MINE has no such map (the user
 * removed metadata.annotations whole): the maps the path goes through, innermost first. */
static void
m3_prune(struct m3_walk *w)
{
	for (size_t d = w->depth - 1; d > 0; d--) {
		const struct m3_seg *s = &w->segs[d - 1];
		cJSON *node = (cJSON *)m3_lookup(w, w->result, d);
		if (s->mkey != NULL || !cJSON_IsObject(node) || node->child != NULL ||
		    m3_lookup(w, w->mine, d) != NULL)
			return;
		cJSON *parent = (cJSON *)m3_lookup(w, w->result, d - 1);
		cJSON_DeleteItemFromObjectCaseSensitive(parent, s->key);
	}
}

/* The result takes MINE's value of the field (mine NULL: the field removed); prev is the
 * item before it in MINE's list, for where a new item goes. */
static void
m3_apply(struct m3_walk *w, const cJSON *mine, const cJSON *prev)
{
	if (w->depth == 0) {
		cJSON *v = mine ? cJSON_Duplicate(mine, 1) : cJSON_CreateNull();
		if (v == NULL) {
			w->oom = 1;
			return;
		}
		cJSON_Delete(w->result);
		w->result = v;
		return;
	}
	cJSON *parent = m3_parent(w);
	const struct m3_seg *s = &w->segs[w->depth - 1];
	if (parent == NULL)
		return;
	cJSON *v = NULL;
	if (mine != NULL && (v = cJSON_Duplicate(mine, 1)) == NULL) {
		w->oom = 1;
		return;
	}
	if (s->mkey == NULL) {
		if (!cJSON_IsObject(parent)) {
			cJSON_Delete(v);
			return;
		}
		if (v == NULL) {
			cJSON_DeleteItemFromObjectCaseSensitive(parent, s->key);
			m3_prune(w);
		} else if (cJSON_GetObjectItemCaseSensitive(parent, s->key) != NULL)
			cJSON_ReplaceItemInObjectCaseSensitive(parent, s->key, v);
		else if (!cJSON_AddItemToObject(parent, s->key, v))
			cJSON_Delete(v), w->oom = 1;
		return;
	}
	if (!cJSON_IsArray(parent)) {
		cJSON_Delete(v);
		return;
	}
	cJSON *it, *found = NULL, *after = NULL;
	int i = 0, at = 0;
	const cJSON *pkey = prev ? cJSON_GetObjectItemCaseSensitive(prev, s->mkey) : NULL;
	cJSON_ArrayForEach(it, parent) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(it, s->mkey);
		i++;
		if (m3_eq(k, s->mval))
			found = it;
		else if (pkey != NULL && m3_eq(k, pkey))
			after = it, at = i;
	}
	if (found != NULL) {
		if (v == NULL)
			cJSON_Delete(cJSON_DetachItemViaPointer(parent, found));
		else
			cJSON_ReplaceItemViaPointer(parent, found, v);
		return;
	}
	if (v == NULL)
		return;
	/* a new item goes after the one before it in MINE, or first when it is MINE's first */
	if (after != NULL && after->next != NULL) {
		if (!cJSON_InsertItemInArray(parent, at, v))
			cJSON_Delete(v), w->oom = 1;
	} else if (after == NULL && prev == NULL && parent->child != NULL) {
		if (!cJSON_InsertItemInArray(parent, 0, v))
			cJSON_Delete(v), w->oom = 1;
	} else if (!cJSON_AddItemToArray(parent, v)) {
		cJSON_Delete(v), w->oom = 1;
	}
}

static void
m3_field(struct m3_walk *w, const cJSON *b, const cJSON *t, const cJSON *m, const cJSON *prev)
{
	int tc = !m3_eq(b, t), mc = !m3_eq(b, m);
	if (!tc && !mc)
		return;
	enum merge3_side side = tc && mc ? (m3_eq(t, m) ? MERGE3_SAME : MERGE3_BOTH) :
	    tc ? MERGE3_THEIRS : MERGE3_MINE;
	if (w->out != NULL) {
		struct merge3 *o = w->out;
		o->fields = xreallocarray(o->fields, o->n + 1, sizeof *o->fields);
		struct merge3_field *f = &o->fields[o->n++];
		*f = (struct merge3_field){ m3_path(w), side, m3_text(w, b), m3_text(w, t),
			m3_text(w, m), m3_hidden(w), MERGE3_MINE };
		if (side == MERGE3_BOTH)
			o->conflicts++;
		if (side != MERGE3_MINE && !f->hidden)
			o->hidden_only = 0;
		return;
	}
	size_t i = w->next++;
	int pick = MERGE3_MINE;
	if (w->picks != NULL && i < w->picks->n)
		pick = w->picks->fields[i].pick;
	if (side == MERGE3_MINE || (side == MERGE3_BOTH && pick == MERGE3_MINE))
		m3_apply(w, m, prev);
}

static const cJSON *
m3_item(const cJSON *list, const char *key, const cJSON *val, size_t *index)
{
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, list) {
		if (m3_eq(cJSON_GetObjectItemCaseSensitive(it, key), val)) {
			if (index != NULL)
				*index = i;
			return it;
		}
		i++;
	}
	return NULL;
}

static void m3_node(struct m3_walk *w, const cJSON *b, const cJSON *t, const cJSON *m,
    const cJSON *prev);

/* The item of list whose key is kv: through its index, or for an item without the key
 * (which pairs with the first keyless one) by a walk. */
static const cJSON *
m3_find(const struct listindex *ix, const cJSON *list, const char *key, const cJSON *kv,
    size_t *index)
{
	if (kv == NULL)
		return m3_item(list, key, kv, index);
	return listindex_find(ix, kv, index);
}

/* A list merged by key: every key of the three lists, MINE's first. Each list is indexed
 * by its key once, so that lists of thousands of items merge in n log n. */
static void
m3_list(struct m3_walk *w, const char *key, const cJSON *b, const cJSON *t, const cJSON *m)
{
	const cJSON *order[3] = { m, t, b }, *it;
	struct listindex ix[3];
	for (int l = 0; l < 3; l++)
		listindex_make(&ix[l], order[l], key);
	for (int l = 0; l < 3; l++) {
		const cJSON *prev = NULL;
		cJSON_ArrayForEach(it, order[l]) {
			const cJSON *kv = cJSON_GetObjectItemCaseSensitive(it, key);
			int seen = 0;
			for (int e = 0; e < l; e++)
				seen |= m3_find(&ix[e], order[e], key, kv, NULL) != NULL;
			if (!seen) {
				size_t index = 0;
				m3_find(&ix[l], order[l], key, kv, &index);
				m3_push(w, (struct m3_seg){ NULL, key, kv, index });
				m3_node(w, m3_find(&ix[2], b, key, kv, NULL), m3_find(&ix[1], t, key, kv, NULL),
				    m3_find(&ix[0], m, key, kv, NULL), l == 0 ? prev : NULL);
				w->depth--;
			}
			prev = it;
		}
	}
	for (int l = 0; l < 3; l++)
		listindex_free(&ix[l]);
}

static void
m3_node(struct m3_walk *w, const cJSON *b, const cJSON *t, const cJSON *m, const cJSON *prev)
{
	const cJSON *v[3] = { m, t, b };
	int objects = 1, arrays = 1, filled = 0, present = 0;
	for (int i = 0; i < 3; i++) {
		if (v[i] == NULL)
			continue;
		present++;
		objects &= cJSON_IsObject(v[i]);
		arrays &= cJSON_IsArray(v[i]);
		filled |= v[i]->child != NULL;
	}
	/* a keyed item added or removed on a side is a field whole */
	int item = w->depth > 0 && w->segs[w->depth - 1].mkey != NULL;
	if (objects && filled && (!item || present == 3)) {
		for (int l = 0; l < 3; l++) {
			const cJSON *it;
			cJSON_ArrayForEach(it, v[l]) {
				int seen = 0;
				for (int e = 0; e < l; e++)
					seen |= cJSON_GetObjectItemCaseSensitive(v[e], it->string) != NULL;
				if (seen)
					continue;
				m3_push(w, (struct m3_seg){ it->string, NULL, NULL, 0 });
				m3_node(w, cJSON_GetObjectItemCaseSensitive(b, it->string),
				    cJSON_GetObjectItemCaseSensitive(t, it->string),
				    cJSON_GetObjectItemCaseSensitive(m, it->string), NULL);
				w->depth--;
			}
		}
		return;
	}
	if (arrays && filled && present == 3 && w->depth > 0 && w->segs[w->depth - 1].mkey == NULL) {
		const cJSON *lists[3] = { b, t, m };
		const char *key = smpatch_list_key(w->segs[w->depth - 1].key, lists, 3);
		if (key != NULL) {
			m3_list(w, key, b, t, m);
			return;
		}
	}
	m3_field(w, b, t, m, prev);
}

int
merge3_make(const cJSON *base, const cJSON *theirs, const cJSON *mine, struct merge3 *out)
{
	*out = (struct merge3){ .hidden_only = 1 };
	struct m3_walk w = { .out = out };
	m3_node(&w, base, theirs, mine, NULL);
	free(w.segs);
	if (w.oom) {
		merge3_free(out);
		return -1;
	}
	return 0;
}

cJSON *
merge3_result(const struct merge3 *m, const cJSON *base, const cJSON *theirs,
    const cJSON *mine)
{
	struct m3_walk w = { .picks = m, .mine = mine };
	w.result = theirs != NULL ? m3_ref(&w, theirs) : NULL;
	if (w.result == NULL && theirs != NULL)
		return NULL;
	m3_node(&w, base, theirs, mine, NULL);
	free(w.segs);
	if (w.oom) {
		cJSON_Delete(w.result);
		return NULL;
	}
	return w.result;
}

void
merge3_free(struct merge3 *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->fields[i].path);
		free(m->fields[i].base);
		free(m->fields[i].theirs);
		free(m->fields[i].mine);
	}
	free(m->fields);
	*m = (struct merge3){ 0 };
}
