/* YAML text to cJSON trees, typed as sigs.k8s.io/yaml reads them; see doc.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/doc.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "model/jsonkey.h"
#include "model/jsonshare.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* Guards against hostile input: nesting deep enough to exhaust the stack, and aliases
 * that multiply (a "billion laughs" document). */
#define DOC_MAX_DEPTH 256
#define DOC_MAX_NODES 2000000

struct doc_mark {
	const cJSON *node;
	int line, col;
};

struct doc_marks {
	struct doc_mark *v;
	size_t n, cap;
};

struct doc_anchor {
	char *name;
	cJSON *node;
};

struct doc_parser {
	yaml_parser_t p;
	const char *name;
	struct kd_err *err;
	struct doc_marks *marks;
	struct doc_anchor *anchors;
	size_t nanchors;
	cJSON *graveyard;   /* values replaced or merged: anchors may still point into them */
	size_t nodes;
	int depth;
};

static cJSON *doc_node(struct doc_parser *dp, yaml_event_t *ev, const cJSON *like, int *same);

static int
doc_fail(struct doc_parser *dp, yaml_mark_t m, const char *fmt, const char *arg)
{
	char what[384];
	snprintf(what, sizeof what, fmt, arg);
	return kd_err_set(dp->err, KD_ERR_INVALID, "%s:%zu:%zu: %s", dp->name, m.line + 1, m.column + 1, what);
}

/* The next event, or -1 with the parser's own description of what is wrong. */
static int
doc_next(struct doc_parser *dp, yaml_event_t *ev)
{
	if (yaml_parser_parse(&dp->p, ev))
		return 0;
	yaml_mark_t m = dp->p.problem_mark;
	const char *problem = dp->p.problem ? dp->p.problem : "not valid YAML";
	if (dp->p.context != NULL)
		return kd_err_set(dp->err, KD_ERR_INVALID, "%s:%zu:%zu: %s %s", dp->name, m.line + 1, m.column + 1,
		    problem, dp->p.context);
	return kd_err_set(dp->err, KD_ERR_INVALID, "%s:%zu:%zu: %s", dp->name, m.line + 1, m.column + 1, problem);
}

static void
doc_mark_add(struct doc_parser *dp, const cJSON *node, yaml_mark_t m)
{
	if (dp->marks == NULL)
		return;
	struct doc_marks *ms = dp->marks;
	if (ms->n == ms->cap) {
		ms->cap = ms->cap ? ms->cap * 2 : 64;
		ms->v = xreallocarray(ms->v, ms->cap, sizeof *ms->v);
	}
	ms->v[ms->n++] = (struct doc_mark){ node, (int)m.line + 1, (int)m.column + 1 };
}

int
doc_mark(const struct doc_marks *marks, const cJSON *node, int *line, int *col)
{
	if (marks == NULL || node == NULL)
		return -1;
	for (size_t i = marks->n; i-- > 0;) {
		if (marks->v[i].node == node) {
			*line = marks->v[i].line;
			*col = marks->v[i].col;
			return 0;
		}
	}
	return -1;
}

void
doc_marks_free(struct doc_marks **marks)
{
	if (*marks == NULL)
		return;
	free((*marks)->v);
	free(*marks);
	*marks = NULL;
}

/* ---- scalars, resolved as sigs.k8s.io/yaml (go-yaml v2) does ---- */

enum doc_kind { DOC_STR, DOC_NULL, DOC_TRUE, DOC_FALSE, DOC_NUM, DOC_BIGINT, DOC_INF, DOC_MERGE };

/* 2^53: integers up to it are exact in a double */
#define DOC_EXACT_INT 9007199254740992ULL

static int
doc_in(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* Go's strconv.ParseInt/ParseUint with base 0 (after YAML removed underscores):
 * [+-] then 0x, 0o, 0b, a leading 0 (octal) or decimal digits. An integer a double cannot
 * hold exactly is also written in decimal into big (big[0] stays NUL otherwise). */
static int
doc_goint(const char *s, double *out, char big[24])
{
	int neg = 0;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	int base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
		base = 8, s += 2;
	else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2, s += 2;
	else if (s[0] == '0' && s[1] != '\0')
		base = 8, s += 1;
	if (*s == '\0')
		return -1;
	uint64_t v = 0;
	for (; *s != '\0'; s++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -1;
		if (d >= base)
			return -1;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -1;   /* out of range: YAML then tries it as a float */
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (neg && v > (uint64_t)INT64_MAX + 1)
		return -1;
	*out = neg ? -(double)v : (double)v;
	if (v > DOC_EXACT_INT)
		snprintf(big, 24, "%s%llu", neg ? "-" : "", (unsigned long long)v);
	return 0;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static int
doc_yamlfloat(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	} else {
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
		if (*s == '.') {
			s++;
			while (*s >= '0' && *s <= '9')
				s++;
		}
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* What a plain scalar means. *num is set for DOC_NUM, big (when not NULL) for DOC_BIGINT. */
static enum doc_kind
doc_resolve(const char *s, double *num, char big[24])
{
	char spare[24];
	if (big == NULL)
		big = spare;
	big[0] = '\0';
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On",
		"ON", NULL };
	static const char *const falses[] = { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off",
		"Off", "OFF", NULL };
	static const char *const infs[] = { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
		"-.Inf", "-.INF", ".nan", ".NaN", ".NAN", NULL };
	char c = s[0];
	if (c == '\0' || c == '~' || c == 'n' || c == 'N') {
		if (doc_in(s, nulls))
			return DOC_NULL;
	}
	if (doc_in(s, trues))
		return DOC_TRUE;
	if (doc_in(s, falses))
		return DOC_FALSE;
	if (strcmp(s, "<<") == 0)
		return DOC_MERGE;
	if (!((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
		return DOC_STR;
	if (doc_in(s, infs))
		return DOC_INF;
	if (c == '.') {
		if (doc_yamlfloat(s)) {
			*num = strtod(s, NULL);
			return DOC_NUM;
		}
		return DOC_STR;
	}
	/* Timestamps (2006-01-02...) read as strings, so only numbers are left. */
	size_t n = strlen(s);
	char *plain = xmalloc(n + 1), *q = plain;
	for (const char *p = s; *p != '\0'; p++)
		if (*p != '_')
			*q++ = *p;
	*q = '\0';
	enum doc_kind k = DOC_STR;
	if (doc_goint(plain, num, big) == 0)
		k = big[0] != '\0' ? DOC_BIGINT : DOC_NUM;
	else if (doc_yamlfloat(plain)) {
		*num = strtod(plain, NULL);
		k = isinf(*num) ? DOC_INF : DOC_NUM;
	}
	free(plain);
	return k;
}

int
doc_plain_ok(const char *s)
{
	double d;
	return doc_resolve(s, &d, NULL) == DOC_STR;
}

static const char *
doc_tag_suffix(const yaml_char_t *tag)
{
	static const char std[] = "tag:yaml.org,2002:";
	if (tag == NULL)
		return NULL;
	if (strncmp((const char *)tag, std, sizeof std - 1) == 0)
		return (const char *)tag + sizeof std - 1;
	return (const char *)tag;
}

/* A string node of the event's value. A large value is taken from the event rather than
 * copied (libyaml's buffer, the room it grew by given back): a 1 MB data field read from
 * the editor's text is not held twice, nor three times with that room. */
static cJSON *
doc_string(yaml_event_t *ev)
{
	size_t n = ev->data.scalar.length;
	if (n < (64u << 10))
		return cJSON_CreateString((const char *)ev->data.scalar.value);
	cJSON *node = cJSON_CreateString("");
	if (node == NULL)
		return NULL;
	char *v = realloc(ev->data.scalar.value, n + 1);
	if (v == NULL)
		v = (char *)ev->data.scalar.value;
	ev->data.scalar.value = NULL;   /* the node's now; yaml_event_delete frees no NULL */
	cJSON_free(node->valuestring);
	node->valuestring = v;
	return node;
}

static cJSON *
doc_scalar(struct doc_parser *dp, yaml_event_t *ev, int *merge)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = doc_tag_suffix(ev->data.scalar.tag);
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (strlen(s) != ev->data.scalar.length) {
		doc_fail(dp, ev->start_mark, "%s", "a string holds a NUL character, which JSON text cannot carry here");
		return NULL;
	}
	if (tag != NULL && (strcmp(tag, "str") == 0 || strcmp(tag, "!") == 0 || strcmp(tag, "binary") == 0 ||
	    strcmp(tag, "timestamp") == 0))
		return doc_string(ev);
	int typed = tag != NULL && (strcmp(tag, "int") == 0 || strcmp(tag, "float") == 0 ||
	    strcmp(tag, "bool") == 0 || strcmp(tag, "null") == 0);
	if (!plain && !typed)
		return doc_string(ev);
	double num = 0;
	char big[24];
	enum doc_kind k = doc_resolve(s, &num, big);
	if (typed) {
		int ok = (strcmp(tag, "int") == 0 && ((k == DOC_NUM && floor(num) == num) || k == DOC_BIGINT)) ||
		    (strcmp(tag, "float") == 0 && (k == DOC_NUM || k == DOC_BIGINT || k == DOC_INF)) ||
		    (strcmp(tag, "bool") == 0 && (k == DOC_TRUE || k == DOC_FALSE)) ||
		    (strcmp(tag, "null") == 0 && k == DOC_NULL);
		if (!ok) {
			doc_fail(dp, ev->start_mark, "\"%s\" does not match its tag", s);
			return NULL;
		}
	}
	switch (k) {
	case DOC_NULL: return cJSON_CreateNull();
	case DOC_TRUE: return cJSON_CreateTrue();
	case DOC_FALSE: return cJSON_CreateFalse();
	case DOC_NUM: return cJSON_CreateNumber(num);
	case DOC_BIGINT: return cJSON_CreateRaw(big);
	case DOC_INF:
		doc_fail(dp, ev->start_mark, "%s is not a number JSON can hold; quote it to keep it as text", s);
		return NULL;
	case DOC_MERGE:
		if (merge != NULL)
			*merge = 1;
		return cJSON_CreateString(s);
	case DOC_STR: break;
	}
	return doc_string(ev);
}

static size_t
doc_count(const cJSON *n)
{
	size_t c = 1;
	for (const cJSON *k = n->child; k != NULL; k = k->next)
		c += doc_count(k);
	return c;
}

static void
doc_anchor_add(struct doc_parser *dp, const yaml_char_t *anchor, cJSON *node)
{
	if (anchor == NULL)
		return;
	dp->anchors = xreallocarray(dp->anchors, dp->nanchors + 1, sizeof *dp->anchors);
	dp->anchors[dp->nanchors++] = (struct doc_anchor){ xstrdup((const char *)anchor), node };
}

/* A map key as JSON has it: text. Scalars of other types become their text as
 * sigs.k8s.io/yaml writes them (true, 1, null). */
static char *
doc_key(struct doc_parser *dp, cJSON *k, yaml_mark_t m)
{
	if (cJSON_IsString(k))
		return xstrdup(k->valuestring);
	if (cJSON_IsTrue(k))
		return xstrdup("true");
	if (cJSON_IsFalse(k))
		return xstrdup("false");
	if (cJSON_IsNull(k))
		return xstrdup("null");
	if (cJSON_IsRaw(k))
		return xstrdup(k->valuestring);
	if (cJSON_IsNumber(k)) {
		char buf[64];
		double d = k->valuedouble;
		if (floor(d) == d && fabs(d) < 1e18)
			snprintf(buf, sizeof buf, "%.0f", d);
		else
			snprintf(buf, sizeof buf, "%.17g", d);
		return xstrdup(buf);
	}
	doc_fail(dp, m, "%s", "a map key must be text, not a map or a list");
	return NULL;
}

/* Adds the members of src that dst lacks (a "<<" merge). */
static int
doc_merge(struct doc_parser *dp, cJSON *dst, const cJSON *src, yaml_mark_t m)
{
	if (cJSON_IsArray(src)) {
		for (const cJSON *e = src->child; e != NULL; e = e->next)
			if (doc_merge(dp, dst, e, m) != 0)
				return -1;
		return 0;
	}
	if (!cJSON_IsObject(src))
		return doc_fail(dp, m, "%s", "<< merges maps only; its value here is not a map");
	for (const cJSON *e = src->child; e != NULL; e = e->next)
		if (!cJSON_HasObjectItem(dst, e->string))
			cJSON_AddItemToObject(dst, e->string, cJSON_Duplicate(e, 1));
	return 0;
}

/* A map, shared with like where equal to it (jsonshare.h); *same: whether it is. */
static cJSON *
doc_mapping(struct doc_parser *dp, yaml_event_t *start, const cJSON *like, int *same)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON *merges = NULL;
	struct jsonshare sh;
	jsonshare_open(&sh, like, 1);
	size_t anchors = dp->nanchors;   /* an anchor may point into it: then it is not shared */
	doc_anchor_add(dp, start->data.mapping_start.anchor, obj);
	for (;;) {
		yaml_event_t kev, vev;
		if (doc_next(dp, &kev) != 0)
			goto fail;
		if (kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			break;
		}
		int merge = 0;
		yaml_mark_t km = kev.start_mark;
		cJSON *k = kev.type == YAML_SCALAR_EVENT ? doc_scalar(dp, &kev, &merge) :
		    doc_node(dp, &kev, NULL, NULL);
		yaml_event_delete(&kev);
		if (k == NULL)
			goto fail;
		char *key = doc_key(dp, k, km);
		cJSON_Delete(k);
		if (key == NULL)
			goto fail;
		if (doc_next(dp, &vev) != 0) {
			free(key);
			goto fail;
		}
		int vsame = 0;
		cJSON *v = doc_node(dp, &vev, jsonshare_member(&sh, key), &vsame);
		yaml_event_delete(&vev);
		if (v == NULL) {
			free(key);
			goto fail;
		}
		jsonshare_took(&sh, vsame);
		if (merge) {
			jsonshare_spoil(&sh);
			if (merges == NULL)
				merges = cJSON_CreateArray();
			cJSON_AddItemToArray(merges, v);
			doc_mark_add(dp, v, km);
		} else {
			if (cJSON_HasObjectItem(obj, key)) {
				jsonshare_spoil(&sh);
				cJSON_AddItemToArray(dp->graveyard, cJSON_DetachItemFromObjectCaseSensitive(obj, key));
			}
			/* a list's thousand items have the same few keys: held once */
			const char *shared = jsonkey_get(key);
			if (shared != NULL)
				cJSON_AddItemToObjectCS(obj, shared, v);
			else
				cJSON_AddItemToObject(obj, key, v);
			doc_mark_add(dp, v, km);
		}
		free(key);
	}
	/* Keys written in the map win over merged ones, wherever the << stands. */
	if (merges != NULL) {
		jsonshare_spoil(&sh);
		for (const cJSON *src = merges->child; src != NULL; src = src->next) {
			int line = 0, col = 0;
			doc_mark(dp->marks, src, &line, &col);
			yaml_mark_t m = { 0, (size_t)(line > 0 ? line - 1 : 0), (size_t)(col > 0 ? col - 1 : 0) };
			if (doc_merge(dp, obj, src, m) != 0)
				goto fail;
		}
		cJSON_AddItemToArray(dp->graveyard, merges);
	}
	if (dp->nanchors != anchors)
		jsonshare_spoil(&sh);
	int eq;
	obj = jsonshare_close(&sh, obj, &eq);
	if (same != NULL)
		*same = eq;
	return obj;
fail:
	cJSON_Delete(merges);
	cJSON_Delete(obj);
	return NULL;
}

static cJSON *
doc_sequence(struct doc_parser *dp, yaml_event_t *start, const cJSON *like, int *same)
{
	cJSON *arr = cJSON_CreateArray();
	struct jsonshare sh;
	jsonshare_open(&sh, like, 0);
	size_t anchors = dp->nanchors;
	doc_anchor_add(dp, start->data.sequence_start.anchor, arr);
	for (;;) {
		yaml_event_t ev;
		if (doc_next(dp, &ev) != 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			if (dp->nanchors != anchors)
				jsonshare_spoil(&sh);
			int eq;
			arr = jsonshare_close(&sh, arr, &eq);
			if (same != NULL)
				*same = eq;
			return arr;
		}
		yaml_mark_t m = ev.start_mark;
		int vsame = 0;
		cJSON *v = doc_node(dp, &ev, jsonshare_member(&sh, NULL), &vsame);
		yaml_event_delete(&ev);
		if (v == NULL)
			goto fail;
		jsonshare_took(&sh, vsame);
		cJSON_AddItemToArray(arr, v);
		doc_mark_add(dp, v, m);
	}
fail:
	cJSON_Delete(arr);
	return NULL;
}

/* The node that ev starts (ev stays the caller's), shared with like (may be NULL) where
 * equal to it; *same (may be NULL): whether it is. */
static cJSON *
doc_node(struct doc_parser *dp, yaml_event_t *ev, const cJSON *like, int *same)
{
	cJSON *n = NULL;
	int scratch;
	if (same == NULL)
		same = &scratch;
	*same = 0;
	if (++dp->nodes > DOC_MAX_NODES) {
		doc_fail(dp, ev->start_mark, "%s", "the document is too large (more than 2 million values)");
		return NULL;
	}
	if (dp->depth >= DOC_MAX_DEPTH) {
		doc_fail(dp, ev->start_mark, "%s", "maps and lists are nested too deeply (more than 256 levels)");
		return NULL;
	}
	dp->depth++;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = doc_scalar(dp, ev, NULL);
		if (n != NULL && ev->data.scalar.anchor == NULL)
			n = jsonshare_scalar(n, like, same);
		else if (n != NULL)
			doc_anchor_add(dp, ev->data.scalar.anchor, n);
		break;
	case YAML_SEQUENCE_START_EVENT:
		n = doc_sequence(dp, ev, like, same);
		break;
	case YAML_MAPPING_START_EVENT:
		n = doc_mapping(dp, ev, like, same);
		break;
	case YAML_ALIAS_EVENT: {
		const char *a = (const char *)ev->data.alias.anchor;
		for (size_t i = dp->nanchors; i-- > 0;) {
			if (strcmp(dp->anchors[i].name, a) == 0) {
				size_t c = doc_count(dp->anchors[i].node);
				if (c > DOC_MAX_NODES - dp->nodes) {
					doc_fail(dp, ev->start_mark, "%s", "aliases expand the document beyond 2 million values");
					break;
				}
				dp->nodes += c;
				n = cJSON_Duplicate(dp->anchors[i].node, 1);
				break;
			}
		}
		if (n == NULL && dp->err != NULL && dp->err->code == KD_OK)
			doc_fail(dp, ev->start_mark, "*%s names no anchor defined before it", a);
		break;
	}
	default:
		doc_fail(dp, ev->start_mark, "%s", "unexpected YAML event");
		break;
	}
	dp->depth--;
	return n;
}

static void
doc_parser_done(struct doc_parser *dp)
{
	for (size_t i = 0; i < dp->nanchors; i++)
		free(dp->anchors[i].name);
	free(dp->anchors);
	dp->anchors = NULL;
	dp->nanchors = 0;
	cJSON_Delete(dp->graveyard);
	dp->graveyard = NULL;
	yaml_parser_delete(&dp->p);
}

/* Parses documents into an array; max: how many to keep (the rest are still checked). */
static cJSON *
doc_parse(const char *text, size_t len, const char *name, struct doc_marks **marks, int all,
    const cJSON *like, struct kd_err *err)
{
	struct kd_err local = { 0 };
	if (err == NULL)
		err = &local;
	kd_err_clear(err);
	struct doc_parser dp = { .name = name ? name : "<yaml>", .err = err, .graveyard = cJSON_CreateArray() };
	if (marks != NULL)
		*marks = dp.marks = xcalloc(1, sizeof *dp.marks);
	if (!yaml_parser_initialize(&dp.p)) {
		kd_err_set(err, KD_ERR_INTERNAL, "%s: cannot start the YAML parser", dp.name);
		goto fail;
	}
	yaml_parser_set_input_string(&dp.p, (const unsigned char *)text, len);
	cJSON *docs = cJSON_CreateArray();
	for (;;) {
		yaml_event_t ev;
		if (doc_next(&dp, &ev) != 0)
			goto fail_docs;
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (t != YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;   /* stream start, document end */
		}
		yaml_event_delete(&ev);
		if (doc_next(&dp, &ev) != 0)
			goto fail_docs;
		yaml_mark_t m = ev.start_mark;
		/* marks point at nodes: a shared tree has none of its own to mark */
		cJSON *d = doc_node(&dp, &ev, marks == NULL && docs->child == NULL ? like : NULL, NULL);
		yaml_event_delete(&ev);
		if (d == NULL)
			goto fail_docs;
		cJSON_AddItemToArray(docs, d);
		doc_mark_add(&dp, d, m);
		/* anchors do not cross documents */
		for (size_t i = 0; i < dp.nanchors; i++)
			free(dp.anchors[i].name);
		dp.nanchors = 0;
		if (!all)
			break;
	}
	doc_parser_done(&dp);
	return docs;
fail_docs:
	cJSON_Delete(docs);
fail:
	doc_parser_done(&dp);
	if (marks != NULL)
		doc_marks_free(marks);
	return NULL;
}

cJSON *
doc_from_yaml_all(const char *text, size_t len, const char *name, struct kd_err *err)
{
	return doc_parse(text, len, name, NULL, 1, NULL, err);
}

cJSON *
doc_from_yaml_marks(const char *text, size_t len, const char *name, struct doc_marks **marks,
    struct kd_err *err)
{
	cJSON *docs = doc_parse(text, len, name, marks, 0, NULL, err);
	if (docs == NULL)
		return NULL;
	cJSON *d = cJSON_DetachItemFromArray(docs, 0);
	cJSON_Delete(docs);
	return d != NULL ? d : cJSON_CreateNull();
}

cJSON *
doc_from_yaml(const char *text, size_t len, const char *name, struct kd_err *err)
{
	return doc_from_yaml_marks(text, len, name, NULL, err);
}

cJSON *
doc_from_yaml_like(const char *text, size_t len, const char *name, const cJSON *like,
    struct kd_err *err)
{
	cJSON *docs = doc_parse(text, len, name, NULL, 0, like, err);
	if (docs == NULL)
		return NULL;
	cJSON *d = cJSON_DetachItemFromArray(docs, 0);
	cJSON_Delete(docs);
	if (d != NULL && jsonshare_own(d) != 0) {   /* its top is its own, to add to */
		cJSON_Delete(d);
		kd_err_set(err, KD_ERR_INTERNAL, "%s: out of memory", name ? name : "<yaml>");
		return NULL;
	}
	return d != NULL ? d : cJSON_CreateNull();
}

cJSON *
doc_load_file(const char *path, int *errno_out, struct kd_err *err)
{
	if (errno_out != NULL)
		*errno_out = 0;
	FILE *f = fopen(path, "rbe");
	if (f == NULL) {
		int e = errno;
		if (errno_out != NULL)
			*errno_out = e;
		kd_err_set(err, KD_ERR_IO, "%s: cannot read it (%s)", path, strerror(e));
		return NULL;
	}
	struct sbuf b = { 0 };
	int bad = sbuf_fread(&b, f, SIZE_MAX);
	int e = errno;
	fclose(f);
	if (bad) {
		free(b.s);
		if (errno_out != NULL)
			*errno_out = e;
		kd_err_set(err, KD_ERR_IO, "%s: cannot read it (%s)", path, strerror(e));
		return NULL;
	}
	cJSON *d = doc_from_yaml(b.s, b.len, path, err);
	free(b.s);
	return d;
}
