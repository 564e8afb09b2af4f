/* What a tree being read has in common with another, shared; see jsonshare.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/jsonshare.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/jsonkey.h"
#include "util/xmalloc.h"

/* How far past the expected member a map's member is looked for: a few keys added or
 * moved are found, a map of thousands of new keys is not searched a thousand times. */
#define JSONSHARE_SEEK 64
/* A string shorter than this costs about what a reference does. */
#define JSONSHARE_LONG 256

static int
jsonshare_type(const cJSON *v)
{
	return v->type & 0xff;
}

void
jsonshare_open(struct jsonshare *s, const cJSON *like, int object)
{
	if (like != NULL && !(object ? cJSON_IsObject(like) : cJSON_IsArray(like)))
		like = NULL;
	*s = (struct jsonshare){ .like = like, .next = like ? like->child : NULL, .same = like != NULL };
}

const cJSON *
jsonshare_member(struct jsonshare *s, const char *key)
{
	if (s->like == NULL)
		return NULL;
	if (key == NULL) {
		const cJSON *c = s->next;
		if (c == NULL)
			s->same = 0;
		else
			s->next = c->next;
		return c;
	}
	if (s->next != NULL && s->next->string != NULL && strcmp(s->next->string, key) == 0) {
		const cJSON *c = s->next;
		s->next = c->next;
		return c;
	}
	/* out of the other's order: it may be shared below, the map is not */
	s->same = 0;
	int n = 0;
	for (const cJSON *c = s->next; c != NULL && n < JSONSHARE_SEEK; c = c->next, n++)
		if (c->string != NULL && strcmp(c->string, key) == 0)
			return c;
	return NULL;
}

void
jsonshare_took(struct jsonshare *s, int same)
{
	if (!same)
		s->same = 0;
}

void
jsonshare_spoil(struct jsonshare *s)
{
	s->same = 0;
}

cJSON *
jsonshare_close(struct jsonshare *s, cJSON *node, int *same)
{
	*same = s->like != NULL && s->same && s->next == NULL && node != NULL &&
	    jsonshare_type(node) == jsonshare_type(s->like);
	if (!*same || s->like->child == NULL)
		return node;   /* an empty map or list is one node either way */
	cJSON *r = cJSON_IsObject(s->like) ? cJSON_CreateObjectReference(s->like->child) :
	    cJSON_CreateArrayReference(s->like->child);
	if (r == NULL)
		return node;
	cJSON_Delete(node);
	return r;
}

cJSON *
jsonshare_scalar(cJSON *v, const cJSON *like, int *same)
{
	*same = 0;
	if (v == NULL || like == NULL || jsonshare_type(v) != jsonshare_type(like))
		return v;
	switch (jsonshare_type(v)) {
	case cJSON_NULL:
	case cJSON_True:
	case cJSON_False:
		*same = 1;
		break;
	case cJSON_Number:   /* -0 is not 0: it is written "-0" */
		*same = v->valuedouble == like->valuedouble && !signbit(v->valuedouble) == !signbit(like->valuedouble);
		break;
	case cJSON_String:
	case cJSON_Raw:
		*same = v->valuestring != NULL && like->valuestring != NULL &&
		    strcmp(v->valuestring, like->valuestring) == 0;
		break;
	default:
		break;
	}
	if (*same && cJSON_IsString(v) && strlen(v->valuestring) >= JSONSHARE_LONG) {
		cJSON *r = cJSON_CreateStringReference(like->valuestring);
		if (r != NULL) {
			cJSON_Delete(v);
			return r;
		}
	}
	return v;
}

cJSON *
jsonshare_ref(const cJSON *node)
{
	cJSON *r = cJSON_IsObject(node) ? cJSON_CreateObjectReference(node->child) :
	    cJSON_IsArray(node) ? cJSON_CreateArrayReference(node->child) :
	    cJSON_IsString(node) ? cJSON_CreateStringReference(node->valuestring) :
	    cJSON_Duplicate(node, 0);
	if (r == NULL)
		return NULL;
	if (r->string != NULL && !(r->type & cJSON_StringIsConst))
		cJSON_free(r->string);
	r->string = NULL;
	r->type &= ~cJSON_StringIsConst;
	if (node->string != NULL) {
		const char *k = (node->type & cJSON_StringIsConst) ? node->string : jsonkey_get(node->string);
		if (k != NULL) {
			r->string = (char *)k;
			r->type |= cJSON_StringIsConst;
		} else if ((r->string = xstrdup(node->string)) == NULL) {
			cJSON_Delete(r);
			return NULL;
		}
	}
	return r;
}

int
jsonshare_own(cJSON *node)
{
	if (node == NULL || !(node->type & cJSON_IsReference) || !(cJSON_IsObject(node) || cJSON_IsArray(node)))
		return 0;
	cJSON *own = cJSON_IsObject(node) ? cJSON_CreateObject() : cJSON_CreateArray();
	if (own == NULL)
		return -1;
	for (const cJSON *c = node->child; c != NULL; c = c->next) {
		cJSON *r = jsonshare_ref(c);
		if (r == NULL || !cJSON_AddItemToArray(own, r)) {
			cJSON_Delete(r);
			cJSON_Delete(own);
			return -1;
		}
	}
	node->child = own->child;
	own->child = NULL;
	cJSON_Delete(own);
	node->type &= ~cJSON_IsReference;
	return 0;
}

/* A set of pointers, open addressing: what a tree shares of another. */
struct jsonshare_set {
	const void **v;
	size_t n, cap;
};

static size_t
jsonshare_hash(const void *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= (uintptr_t)0x9e3779b97f4a7c15ull;
	return (size_t)(x >> 7) & (cap - 1);
}

static int
jsonshare_set_add(struct jsonshare_set *s, const void *p)
{
	if (p == NULL)
		return 0;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		const void **v = calloc(cap, sizeof *v);
		if (v == NULL)
			return -1;
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i] != NULL) {
				size_t h = jsonshare_hash(s->v[i], cap);
				while (v[h] != NULL)
					h = (h + 1) & (cap - 1);
				v[h] = s->v[i];
			}
		free(s->v);
		s->v = v;
		s->cap = cap;
	}
	size_t h = jsonshare_hash(p, s->cap);
	while (s->v[h] != NULL && s->v[h] != p)
		h = (h + 1) & (s->cap - 1);
	if (s->v[h] == NULL) {
		s->v[h] = p;
		s->n++;
	}
	return 0;
}

static int
jsonshare_set_has(const struct jsonshare_set *s, const void *p)
{
	if (s->cap == 0 || p == NULL)
		return 0;
	size_t h = jsonshare_hash(p, s->cap);
	while (s->v[h] != NULL) {
		if (s->v[h] == p)
			return 1;
		h = (h + 1) & (s->cap - 1);
	}
	return 0;
}

/* What the node n (and what is under it, never its siblings) holds of another tree: the
 * children of its references, their strings. */
static int
jsonshare_shared(const cJSON *n, struct jsonshare_set *s)
{
	if (n->type & cJSON_IsReference)
		return jsonshare_set_add(s, (cJSON_IsObject(n) || cJSON_IsArray(n)) ? (const void *)n->child :
		    (const void *)n->valuestring);
	for (const cJSON *c = n->child; c != NULL; c = c->next)
		if (jsonshare_shared(c, s) != 0)
			return -1;
	return 0;
}

/* Deletes what of node's members holds nothing s names; 1 when node itself holds
 * nothing then. */
static int
jsonshare_cut(cJSON *node, const struct jsonshare_set *s)
{
	if (node->child != NULL && jsonshare_set_has(s, node->child))
		return 0;   /* its children are shared: all of them stay */
	if (cJSON_IsString(node) || cJSON_IsRaw(node))
		return !jsonshare_set_has(s, node->valuestring);
	if (node->type & cJSON_IsReference)
		return 1;   /* another tree's children: not this one's to keep */
	cJSON *c = node->child;
	while (c != NULL) {
		cJSON *next = c->next;
		if (jsonshare_cut(c, s))
			cJSON_Delete(cJSON_DetachItemViaPointer(node, c));
		c = next;
	}
	return node->child == NULL;
}

int
jsonshare_prune(cJSON *old, const cJSON *const *now, size_t n)
{
	struct jsonshare_set s = { 0 };
	if (old == NULL)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (now[i] != NULL && jsonshare_shared(now[i], &s) != 0) {
			free(s.v);
			return -1;
		}
	int empty = jsonshare_cut(old, &s);
	free(s.v);
	return empty;
}
