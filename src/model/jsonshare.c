/* What a tree being read has in common with another, shared; see jsonshare.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/jsonshare.h"

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
	case cJSON_Number:
		*same = v->valuedouble == like->valuedouble;
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
