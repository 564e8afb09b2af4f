/* JSON text to a tree that shares with another; see jsonread.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/jsonread.h"

#include <stdlib.h>
#include <string.h>

#include "model/jsonkey.h"
#include "model/jsonlex.h"
#include "model/jsonshare.h"
#include "util/sbuf.h"

#define JR_MAX_DEPTH 512   /* cJSON's limit is 1000 */
#define JR_TAKE (64u << 10)   /* a string this long keeps the scratch's room, not a copy */

struct jr {
	const unsigned char *p, *end;
	struct sbuf s;   /* a string as it is decoded */
	int depth;
};

static cJSON *jr_value(struct jr *r, const cJSON *like, int *same);

static void
jr_ws(struct jr *r)
{
	r->p = jsonlex_ws(r->p, r->end);
}

static int
jr_at(struct jr *r, char c)
{
	return r->p < r->end && *r->p == (unsigned char)c;
}

static cJSON *
jr_string(struct jr *r)
{
	if (jsonlex_string(&r->p, r->end, &r->s) < 0)
		return NULL;
	if (r->s.len < JR_TAKE)
		return cJSON_CreateString(r->s.s);
	cJSON *node = cJSON_CreateString("");
	if (node == NULL)
		return NULL;
	char *v = realloc(r->s.s, r->s.len + 1);
	cJSON_free(node->valuestring);
	node->valuestring = v != NULL ? v : r->s.s;
	r->s = (struct sbuf){ 0 };
	return node;
}

static int
jr_add(cJSON *obj, const char *key, cJSON *v)
{
	/* a list's thousand items have the same few keys: held once */
	const char *shared = jsonkey_get(key);
	return shared != NULL ? cJSON_AddItemToObjectCS(obj, shared, v) : cJSON_AddItemToObject(obj, key, v);
}

static cJSON *
jr_object(struct jr *r, const cJSON *like, int *same)
{
	struct jsonshare sh;
	jsonshare_open(&sh, like, 1);
	cJSON *obj = cJSON_CreateObject();
	struct sbuf key = { 0 };
	if (obj == NULL)
		return NULL;
	r->p++;
	jr_ws(r);
	if (jr_at(r, '}')) {
		r->p++;
		return jsonshare_close(&sh, obj, same);
	}
	for (;;) {
		jr_ws(r);
		if (jsonlex_string(&r->p, r->end, &key) < 0)
			break;
		jr_ws(r);
		if (!jr_at(r, ':'))
			break;
		r->p++;
		jr_ws(r);
		int vsame = 0;
		cJSON *v = jr_value(r, jsonshare_member(&sh, key.s), &vsame);
		if (v == NULL)
			break;
		jsonshare_took(&sh, vsame);
		if (!jr_add(obj, key.s, v)) {
			cJSON_Delete(v);
			break;
		}
		jr_ws(r);
		if (jr_at(r, ',')) {
			r->p++;
			continue;
		}
		if (jr_at(r, '}')) {
			r->p++;
			free(key.s);
			return jsonshare_close(&sh, obj, same);
		}
		break;
	}
	free(key.s);
	cJSON_Delete(obj);
	return NULL;
}

static cJSON *
jr_array(struct jr *r, const cJSON *like, int *same)
{
	struct jsonshare sh;
	jsonshare_open(&sh, like, 0);
	cJSON *arr = cJSON_CreateArray();
	if (arr == NULL)
		return NULL;
	r->p++;
	jr_ws(r);
	if (jr_at(r, ']')) {
		r->p++;
		return jsonshare_close(&sh, arr, same);
	}
	for (;;) {
		jr_ws(r);
		int vsame = 0;
		cJSON *v = jr_value(r, jsonshare_member(&sh, NULL), &vsame);
		if (v == NULL)
			break;
		jsonshare_took(&sh, vsame);
		if (!cJSON_AddItemToArray(arr, v)) {
			cJSON_Delete(v);
			break;
		}
		jr_ws(r);
		if (jr_at(r, ',')) {
			r->p++;
			continue;
		}
		if (jr_at(r, ']')) {
			r->p++;
			return jsonshare_close(&sh, arr, same);
		}
		break;
	}
	cJSON_Delete(arr);
	return NULL;
}

static cJSON *
jr_literal(struct jr *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return NULL;
	r->p += n;
	return word[0] == 'n' ? cJSON_CreateNull() : cJSON_CreateBool(word[0] == 't');
}

static cJSON *
jr_value(struct jr *r, const cJSON *like, int *same)
{
	*same = 0;
	if (r->p >= r->end || r->depth >= JR_MAX_DEPTH)
		return NULL;
	cJSON *v = NULL;
	double num;
	switch (*r->p) {
	case '{':
		r->depth++;
		v = jr_object(r, like, same);
		r->depth--;
		return v;
	case '[':
		r->depth++;
		v = jr_array(r, like, same);
		r->depth--;
		return v;
	case '"':
		v = jr_string(r);
		break;
	case 'n':
		v = jr_literal(r, "null");
		break;
	case 't':
		v = jr_literal(r, "true");
		break;
	case 'f':
		v = jr_literal(r, "false");
		break;
	default:
		if ((*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) &&
		    jsonlex_number(&r->p, r->end, &num) == 0)
			v = cJSON_CreateNumber(num);
		break;
	}
	return jsonshare_scalar(v, like, same);
}

cJSON *
jsonread_like(const char *json, size_t len, const cJSON *like)
{
	if (json == NULL || !jsonlex_locale_ok())
		return NULL;
	struct jr r = { .p = (const unsigned char *)json, .end = (const unsigned char *)json + len };
	jr_ws(&r);
	int same;
	cJSON *tree = jr_value(&r, like, &same);
	free(r.s.s);
	jr_ws(&r);
	if (tree != NULL && (r.p != r.end || jsonshare_own(tree) != 0)) {
		cJSON_Delete(tree);
		return NULL;
	}
	return tree;
}
