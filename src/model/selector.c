#define _POSIX_C_SOURCE 200809L
#include "model/selector.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

enum sel_op { SEL_EQ, SEL_NE, SEL_IN, SEL_NOTIN, SEL_EXISTS, SEL_NOTEXISTS };

struct sel_req {
	enum sel_op op;
	char *key;
	char **values;
	int nvalues;
};

struct selector {
	struct sel_req *reqs;
	int nreqs;
};

void
selector_free(struct selector **sp)
{
	struct selector *s = sp ? *sp : NULL;
	if (s == NULL)
		return;
	for (int i = 0; i < s->nreqs; i++) {
		free(s->reqs[i].key);
		for (int j = 0; j < s->reqs[i].nvalues; j++)
			free(s->reqs[i].values[j]);
		free(s->reqs[i].values);
	}
	free(s->reqs);
	free(s);
	*sp = NULL;
}

int
selector_count(const struct selector *s)
{
	return s ? s->nreqs : 0;
}

static int
sel_keychar(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/';
}

static int
sel_valchar(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

static void
sel_ws(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static char *
sel_word(const char **p, int (*ok)(int))
{
	const char *s = *p;
	while (**p && ok((unsigned char)**p))
		(*p)++;
	return xstrndup(s, (size_t)(*p - s));
}

static void
sel_add_value(struct sel_req *r, char *v)
{
	r->values = xreallocarray(r->values, (size_t)r->nvalues + 1, sizeof *r->values);
	r->values[r->nvalues++] = v;
}

static int
sel_fail(struct kd_err *err, const char *text, const char *p, const char *what)
{
	return kd_err_set(err, KD_ERR_INVALID, "The label selector \"%.200s\" is not valid at "
	    "column %d: %s.", text, (int)(p - text) + 1, what);
}

static int
sel_parse_req(const char *text, const char **pp, struct sel_req *r, struct kd_err *err)
{
	const char *p = *pp;
	sel_ws(&p);
	if (*p == '!') {
		p++;
		sel_ws(&p);
		r->op = SEL_NOTEXISTS;
		r->key = sel_word(&p, sel_keychar);
		if (r->key[0] == '\0')
			return sel_fail(err, text, p, "a label key must follow '!'");
		*pp = p;
		return 0;
	}
	r->key = sel_word(&p, sel_keychar);
	if (r->key[0] == '\0')
		return sel_fail(err, text, p, "a label key is expected here");
	if (strlen(r->key) > 317)
		return sel_fail(err, text, p, "the label key is too long");
	sel_ws(&p);
	if (*p == '\0' || *p == ',') {
		r->op = SEL_EXISTS;
		*pp = p;
		return 0;
	}
	if (p[0] == '=' || (p[0] == '!' && p[1] == '=')) {
		if (p[0] == '!') {
			r->op = SEL_NE;
			p += 2;
		} else {
			r->op = SEL_EQ;
			p += (p[1] == '=') ? 2 : 1;
		}
		sel_ws(&p);
		char *v = sel_word(&p, sel_valchar);
		if (strlen(v) > 63) {
			free(v);
			return sel_fail(err, text, p, "a label value is at most 63 characters");
		}
		sel_add_value(r, v);
		*pp = p;
		return 0;
	}
	if (strncmp(p, "in", 2) == 0 && !sel_keychar((unsigned char)p[2])) {
		r->op = SEL_IN;
		p += 2;
	} else if (strncmp(p, "notin", 5) == 0 && !sel_keychar((unsigned char)p[5])) {
		r->op = SEL_NOTIN;
		p += 5;
	} else {
		return sel_fail(err, text, p, "expected =, ==, !=, in or notin");
	}
	sel_ws(&p);
	if (*p != '(')
		return sel_fail(err, text, p, "expected '(' to start the list of values");
	p++;
	for (;;) {
		sel_ws(&p);
		char *v = sel_word(&p, sel_valchar);
		sel_add_value(r, v);
		sel_ws(&p);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == ')') {
			p++;
			break;
		}
		return sel_fail(err, text, p, *p ? "expected ',' or ')' in the list of values" :
		    "the list of values is not closed with ')'");
	}
	*pp = p;
	return 0;
}

struct selector *
selector_parse(const char *text, struct kd_err *err)
{
	struct selector *s = xcalloc(1, sizeof *s);
	const char *p = text ? text : "";
	sel_ws(&p);
	if (*p == '\0')
		return s;
	for (;;) {
		s->reqs = xreallocarray(s->reqs, (size_t)s->nreqs + 1, sizeof *s->reqs);
		struct sel_req *r = &s->reqs[s->nreqs++];
		memset(r, 0, sizeof *r);
		if (sel_parse_req(text, &p, r, err) != 0) {
			selector_free(&s);
			return NULL;
		}
		sel_ws(&p);
		if (*p == '\0')
			break;
		if (*p != ',') {
			sel_fail(err, text, p, "expected ',' between requirements");
			selector_free(&s);
			return NULL;
		}
		p++;
	}
	return s;
}

int
selector_match(const struct selector *s, selector_get_fn get, const void *labels)
{
	if (s == NULL)
		return 1;
	for (int i = 0; i < s->nreqs; i++) {
		const struct sel_req *r = &s->reqs[i];
		const char *v = get(labels, r->key);
		int in = 0;
		switch (r->op) {
		case SEL_EXISTS:
			if (v == NULL)
				return 0;
			break;
		case SEL_NOTEXISTS:
			if (v != NULL)
				return 0;
			break;
		case SEL_EQ:
		case SEL_IN:
			if (v == NULL)
				return 0;
			for (int j = 0; j < r->nvalues && !in; j++)
				in = strcmp(v, r->values[j]) == 0;
			if (!in)
				return 0;
			break;
		case SEL_NE:
		case SEL_NOTIN:
			/* as Kubernetes: an absent label satisfies != and notin */
			if (v == NULL)
				break;
			for (int j = 0; j < r->nvalues && !in; j++)
				in = strcmp(v, r->values[j]) == 0;
			if (in)
				return 0;
			break;
		}
	}
	return 1;
}

const char *
selector_packed_get(const void *packed, const char *key)
{
	const char *p = packed;
	if (p == NULL)
		return NULL;
	while (*p) {
		const char *v = p + strlen(p) + 1;
		if (strcmp(p, key) == 0)
			return v;
		p = v + strlen(v) + 1;
	}
	return NULL;
}

int
selector_match_packed(const struct selector *s, const char *packed)
{
	return selector_match(s, selector_packed_get, packed);
}
