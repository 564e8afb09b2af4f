#define _DEFAULT_SOURCE
#include "model/expr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"
#include "util/xmalloc.h"

#include "model/expr_priv.h"

static const struct {
	const char *name;
	int min, max;
} expr_funcs[] = {
	[F_AGE] = { "age", 1, 1 },
	[F_COUNT] = { "count", 1, 1 },
	[F_JOIN] = { "join", 1, 2 },
	[F_SUM] = { "sum", 1, 1 },
	[F_READY] = { "ready", 1, 2 },
	[F_RESTARTS] = { "restarts", 1, 1 },
	[F_PODSTATUS] = { "podstatus", 1, 1 },
	[F_PORTS] = { "ports", 1, 1 },
	[F_FIRST] = { "first", 1, 1 },
	[F_TABLE] = { "table", 1, 1 },
};
#define EXPR_NFUNCS ((int)(sizeof expr_funcs / sizeof expr_funcs[0]))

void
expr_free(struct expr **ep)
{
	struct expr *e = ep ? *ep : NULL;
	if (e == NULL)
		return;
	for (int i = 0; i < e->nsteps; i++)
		free(e->steps[i].name);
	free(e->steps);
	for (int i = 0; i < e->nargs; i++)
		expr_free(&e->args[i]);
	free(e->args);
	free(e->str);
	free(e);
	*ep = NULL;
}

/* ---- parsing ------------------------------------------------------------------- */

struct parser {
	const char *text, *p;
	struct kd_err *err;
	int failed;
	int errpos;
	int depth;
};

static void
px_fail(struct parser *ps, const char *at, const char *fmt, const char *arg)
{
	if (ps->failed)
		return;
	ps->failed = 1;
	ps->errpos = (int)(at - ps->text);
	kd_err_set(ps->err, KD_ERR_INVALID, fmt, arg);
}

static void
px_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int
px_identchar(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '$' || c == '@';
}

static char *
px_string(struct parser *ps)
{
	char q = *ps->p++;
	struct sbuf s = { 0 };
	sbuf_add(&s, "", 0);
	while (*ps->p && *ps->p != q) {
		char c = *ps->p++;
		if (c == '\\' && *ps->p)
			c = *ps->p++;
		sbuf_add(&s, &c, 1);
	}
	if (*ps->p != q) {
		px_fail(ps, ps->p, "the string is not closed%s", "");
		free(s.s);
		return NULL;
	}
	ps->p++;
	return s.s;
}

static struct expr *px_alt(struct parser *ps);

static void
px_add_step(struct expr *e, enum step_type t, char *name, long index)
{
	e->steps = xreallocarray(e->steps, (size_t)e->nsteps + 1, sizeof *e->steps);
	e->steps[e->nsteps].type = t;
	e->steps[e->nsteps].name = name;
	e->steps[e->nsteps].index = index;
	e->nsteps++;
}

static struct expr *
px_path(struct parser *ps)
{
	struct expr *e = xcalloc(1, sizeof *e);
	e->type = N_PATH;
	int first = 1;
	for (;;) {
		if (*ps->p == '.') {
			ps->p++;
			if (*ps->p == '[' )
				continue;
			if (*ps->p == '"' || *ps->p == '\'') {
				char *s = px_string(ps);
				if (s == NULL)
					break;
				px_add_step(e, S_FIELD, s, 0);
			} else if (px_identchar((unsigned char)*ps->p)) {
				const char *s = ps->p;
				while (px_identchar((unsigned char)*ps->p))
					ps->p++;
				px_add_step(e, S_FIELD, xstrndup(s, (size_t)(ps->p - s)), 0);
			} else if (!first) {
				px_fail(ps, ps->p, "a field name is expected after '.'%s", "");
				break;
			}
		} else if (*ps->p == '[') {
			ps->p++;
			px_ws(ps);
			if (*ps->p == '*') {
				ps->p++;
				px_add_step(e, S_ALL, NULL, 0);
			} else if (*ps->p == '"' || *ps->p == '\'') {
				char *s = px_string(ps);
				if (s == NULL)
					break;
				px_add_step(e, S_FIELD, s, 0);
			} else if (*ps->p == '-' || isdigit((unsigned char)*ps->p)) {
				char *end;
				long v = strtol(ps->p, &end, 10);
				if (end == ps->p) {
					px_fail(ps, ps->p, "an index is expected%s", "");
					break;
				}
				ps->p = end;
				px_add_step(e, S_INDEX, NULL, v);
			} else {
				px_fail(ps, ps->p, "expected an index, * or a quoted key inside [ ]%s", "");
				break;
			}
			px_ws(ps);
			if (*ps->p != ']') {
				px_fail(ps, ps->p, "expected ']'%s", "");
				break;
			}
			ps->p++;
		} else {
			break;
		}
		first = 0;
	}
	if (ps->failed)
		expr_free(&e);
	return e;
}

/* Appends argument a (already parsed) to *ep and skips the blanks after it. When a is
 * NULL (its parse failed) frees *ep and returns -1. */
static int
px_arg(struct parser *ps, struct expr **ep, struct expr *a)
{
	struct expr *e = *ep;

	if (a == NULL) {
		expr_free(ep);
		return -1;
	}
	e->args = xreallocarray(e->args, (size_t)e->nargs + 1, sizeof *e->args);
	e->args[e->nargs++] = a;
	px_ws(ps);
	return 0;
}

static struct expr *
px_term(struct parser *ps)
{
	px_ws(ps);
	const char *at = ps->p;
	if (*ps->p == '.')
		return px_path(ps);
	if (*ps->p == '"' || *ps->p == '\'') {
		char *s = px_string(ps);
		if (s == NULL)
			return NULL;
		struct expr *e = xcalloc(1, sizeof *e);
		e->type = N_STR;
		e->str = s;
		return e;
	}
	if (isdigit((unsigned char)*ps->p) || (*ps->p == '-' && isdigit((unsigned char)ps->p[1]))) {
		char *end;
		double v = strtod(ps->p, &end);
		ps->p = end;
		struct expr *e = xcalloc(1, sizeof *e);
		e->type = N_NUM;
		e->num = v;
		return e;
	}
	if (isalpha((unsigned char)*ps->p)) {
		while (isalnum((unsigned char)*ps->p) || *ps->p == '_')
			ps->p++;
		char name[32];
		size_t n = (size_t)(ps->p - at);
		snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), at);
		int fn = -1;
		for (int i = 0; i < EXPR_NFUNCS; i++)
			if (strcmp(expr_funcs[i].name, name) == 0 && n < 31)
				fn = i;
		if (fn < 0) {
			px_fail(ps, at, "unknown function \"%s\" (known: age, count, join, sum, "
			    "ready, restarts, podstatus, ports, first, table)", name);
			return NULL;
		}
		px_ws(ps);
		if (*ps->p != '(') {
			px_fail(ps, ps->p, "expected '(' after %s", name);
			return NULL;
		}
		ps->p++;
		struct expr *e = xcalloc(1, sizeof *e);
		e->type = N_CALL;
		e->fn = fn;
		px_ws(ps);
		if (*ps->p != ')') {
			for (;;) {
				if (px_arg(ps, &e, px_alt(ps)) != 0)
					return NULL;
				if (*ps->p == ',') {
					ps->p++;
					continue;
				}
				break;
			}
		}
		if (*ps->p != ')') {
			px_fail(ps, ps->p, "expected ',' or ')' in the call of %s", name);
			expr_free(&e);
			return NULL;
		}
		ps->p++;
		if (e->nargs < expr_funcs[fn].min || e->nargs > expr_funcs[fn].max) {
			px_fail(ps, at, "%s() is given the wrong number of arguments", name);
			expr_free(&e);
			return NULL;
		}
		if (fn == F_TABLE && e->args[0]->type != N_STR) {
			px_fail(ps, at, "table() takes a quoted column name%s", "");
			expr_free(&e);
			return NULL;
		}
		return e;
	}
	px_fail(ps, at, *at ? "expected a path (.field), a function or a literal%s" :
	    "the expression is empty or ends too early%s", "");
	return NULL;
}

static struct expr *
px_alt(struct parser *ps)
{
	if (++ps->depth > 32) {
		px_fail(ps, ps->p, "the expression nests too deeply%s", "");
		return NULL;
	}
	struct expr *t = px_term(ps);
	if (t == NULL)
		return NULL;
	px_ws(ps);
	if (!(ps->p[0] == '/' && ps->p[1] == '/')) {
		ps->depth--;
		return t;
	}
	struct expr *e = xcalloc(1, sizeof *e);
	e->type = N_ALT;
	e->args = xmalloc(sizeof *e->args);
	e->args[e->nargs++] = t;
	while (ps->p[0] == '/' && ps->p[1] == '/') {
		ps->p += 2;
		if (px_arg(ps, &e, px_term(ps)) != 0)
			return NULL;
	}
	ps->depth--;
	return e;
}

struct expr *
expr_parse(const char *text, int *errpos, struct kd_err *err)
{
	struct parser ps = { text, text, err, 0, 0, 0 };
	struct expr *e = px_alt(&ps);
	if (e != NULL && !ps.failed) {
		px_ws(&ps);
		if (*ps.p != '\0')
			px_fail(&ps, ps.p, "unexpected text after the expression%s", "");
	}
	if (ps.failed) {
		expr_free(&e);
		if (errpos)
			*errpos = ps.errpos;
		return NULL;
	}
	return e;
}

static const struct expr *
expr_first(const struct expr *e)
{
	return e->type == N_ALT ? e->args[0] : e;
}

static int
expr_needs_one(const struct expr *e)
{
	int n = 0;
	switch (e->type) {
	case N_PATH:
		if (e->nsteps >= 1 && e->steps[0].type == S_FIELD &&
		    (strcmp(e->steps[0].name, "metadata") == 0 || strcmp(e->steps[0].name, "kind") == 0 ||
		    strcmp(e->steps[0].name, "apiVersion") == 0))
			return EXPR_NEEDS_META;
		return EXPR_NEEDS_OBJECT;
	case N_CALL:
		if (e->fn == F_TABLE)
			return EXPR_NEEDS_TABLE;
		for (int i = 0; i < e->nargs; i++)
			n |= expr_needs_one(e->args[i]);
		return n;
	case N_ALT:
		return expr_needs_one(e->args[0]);
	default:
		return 0;
	}
}

int
expr_needs(const struct expr *e)
{
	return expr_needs_one(e);
}

int
expr_is_time(const struct expr *e)
{
	const struct expr *f = expr_first(e);
	return f->type == N_CALL && f->fn == F_AGE;
}

const char *
expr_table_column(const struct expr *e)
{
	const struct expr *f = expr_first(e);
	return (f->type == N_CALL && f->fn == F_TABLE) ? f->args[0]->str : NULL;
}
