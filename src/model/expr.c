#define _DEFAULT_SOURCE
#include "model/expr.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "util/sbuf.h"
#include "util/time.h"
#include "util/xmalloc.h"

enum node_type { N_PATH, N_CALL, N_STR, N_NUM, N_ALT };
enum step_type { S_FIELD, S_INDEX, S_ALL };

struct step {
	enum step_type type;
	char *name;
	long index;
};

struct expr {
	enum node_type type;
	struct step *steps;      /* N_PATH */
	int nsteps;
	int fn;                  /* N_CALL */
	struct expr **args;      /* N_CALL args, N_ALT alternatives */
	int nargs;
	char *str;               /* N_STR */
	double num;              /* N_NUM */
};

enum {
	F_AGE, F_COUNT, F_JOIN, F_SUM, F_READY, F_RESTARTS, F_PODSTATUS, F_PORTS, F_FIRST,
	F_TABLE,
};
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

/* ---- values -------------------------------------------------------------------- */

enum vkind { V_NULL, V_NODES, V_STR, V_NUM, V_TIME };

struct val {
	enum vkind kind;
	const cJSON **nodes;
	int n, cap;
	char *str;
	double num;
};

static void
val_clear(struct val *v)
{
	free(v->nodes);
	free(v->str);
	memset(v, 0, sizeof *v);
}

static void
val_push(struct val *v, const cJSON *node)
{
	if (node == NULL || cJSON_IsNull(node))
		return;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->nodes = xreallocarray(v->nodes, (size_t)v->cap, sizeof *v->nodes);
	}
	v->nodes[v->n++] = node;
	v->kind = V_NODES;
}

static int
val_empty(const struct val *v)
{
	switch (v->kind) {
	case V_NULL: return 1;
	case V_NODES:
		if (v->n == 0)
			return 1;
		if (v->n == 1 && cJSON_IsString(v->nodes[0]) && v->nodes[0]->valuestring[0] == '\0')
			return 1;
		return 0;
	case V_STR: return v->str == NULL || v->str[0] == '\0';
	default: return 0;
	}
}

long long
expr_parse_time(const char *s)
{
	time_t t;
	return time_parse_rfc3339(s, &t) == 0 ? (long long)t : -1;
}

void
expr_human_duration(long long s, char *out, size_t outlen)
{
	if (s < -1) {
		snprintf(out, outlen, "<invalid>");
		return;
	}
	if (s < 0)
		s = 0;
	long long mins = s / 60, hours = s / 3600;
	if (s < 120)
		snprintf(out, outlen, "%llds", s);
	else if (mins < 10)
		(s % 60) ? snprintf(out, outlen, "%lldm%llds", mins, s % 60) :
		    snprintf(out, outlen, "%lldm", mins);
	else if (mins < 180)
		snprintf(out, outlen, "%lldm", mins);
	else if (hours < 8)
		(mins % 60) ? snprintf(out, outlen, "%lldh%lldm", hours, mins % 60) :
		    snprintf(out, outlen, "%lldh", hours);
	else if (hours < 48)
		snprintf(out, outlen, "%lldh", hours);
	else if (hours < 24 * 8)
		(hours % 24) ? snprintf(out, outlen, "%lldd%lldh", hours / 24, hours % 24) :
		    snprintf(out, outlen, "%lldd", hours / 24);
	else if (hours < 24 * 365 * 2)
		snprintf(out, outlen, "%lldd", hours / 24);
	else if (hours < 24 * 365 * 8)
		((hours / 24) % 365) ? snprintf(out, outlen, "%lldy%lldd", hours / 24 / 365,
		    (hours / 24) % 365) : snprintf(out, outlen, "%lldy", hours / 24 / 365);
	else
		snprintf(out, outlen, "%lldy", hours / 24 / 365);
}

static void
fmt_num(double d, char *out, size_t outlen)
{
	if (d == floor(d) && fabs(d) < 1e15)
		snprintf(out, outlen, "%lld", (long long)d);
	else
		snprintf(out, outlen, "%g", d);
}

/* Appends node's text to b. */
static void
sb_node(struct sbuf *b, const cJSON *n, const char *sep)
{
	char tmp[64];
	if (cJSON_IsString(n)) {
		sbuf_str(b, n->valuestring);
	} else if (cJSON_IsNumber(n)) {
		fmt_num(n->valuedouble, tmp, sizeof tmp);
		sbuf_str(b, tmp);
	} else if (cJSON_IsBool(n)) {
		sbuf_str(b, cJSON_IsTrue(n) ? "true" : "false");
	} else if (cJSON_IsObject(n) || cJSON_IsArray(n)) {
		/* a list: v,v; a map (labels, selectors): k=v,k=v as kubectl prints them */
		const cJSON *c;
		int first = 1;
		cJSON_ArrayForEach(c, n) {
			if (!first)
				sbuf_str(b, sep);
			first = 0;
			if (cJSON_IsArray(n)) {
				sb_node(b, c, sep);
				continue;
			}
			sbuf_str(b, c->string ? c->string : "");
			if (cJSON_IsString(c) || cJSON_IsNumber(c) || cJSON_IsBool(c)) {
				sbuf_str(b, "=");
				sb_node(b, c, sep);
			}
		}
	}
}

static char *
val_text(const struct val *v, const char *sep)
{
	char tmp[64];
	switch (v->kind) {
	case V_NULL: return xstrdup("");
	case V_STR: return xstrdup(v->str ? v->str : "");
	case V_NUM: fmt_num(v->num, tmp, sizeof tmp); return xstrdup(tmp);
	case V_TIME: snprintf(tmp, sizeof tmp, "%lld", (long long)v->num); return xstrdup(tmp);
	case V_NODES: break;
	}
	struct sbuf b = { 0 };
	sbuf_add(&b, "", 0);
	for (int i = 0; i < v->n; i++) {
		if (i > 0)
			sbuf_str(&b, sep);
		sb_node(&b, v->nodes[i], sep);
	}
	return b.s;
}

static double
node_num(const cJSON *n)
{
	if (cJSON_IsNumber(n))
		return n->valuedouble;
	if (cJSON_IsString(n))
		return strtod(n->valuestring, NULL);
	if (cJSON_IsTrue(n))
		return 1;
	return 0;
}

static double
val_num(const struct val *v)
{
	switch (v->kind) {
	case V_NUM: case V_TIME: return v->num;
	case V_STR: return v->str ? strtod(v->str, NULL) : 0;
	case V_NODES: return v->n > 0 ? node_num(v->nodes[0]) : 0;
	default: return 0;
	}
}

static const cJSON *
jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *
jstr(const cJSON *o, const char *k)
{
	const cJSON *v = jget(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- pods as kubectl prints them ----------------------------------------------- */

static int
pod_restartable_init(const cJSON *pod, const char *name)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, jget(jget(pod, "spec"), "initContainers")) {
		const char *n = jstr(c, "name");
		const char *rp = jstr(c, "restartPolicy");
		if (n && name && strcmp(n, name) == 0)
			return rp && strcmp(rp, "Always") == 0;
	}
	return 0;
}

struct pod_summary {
	char reason[128];
	long restarts;
	long long last_restart;   /* epoch, 0 when none */
	int ready, total;
};

static void
pod_last(long long *last, const cJSON *cs)
{
	const char *fin = jstr(jget(jget(cs, "lastState"), "terminated"), "finishedAt");
	long long t = expr_parse_time(fin);
	if (t > *last)
		*last = t;
}

/* kubectl's printPod (pkg/printers/internalversion/printers.go), reason and counts. */
static void
pod_summarize(const cJSON *pod, struct pod_summary *ps)
{
	memset(ps, 0, sizeof *ps);
	const cJSON *spec = jget(pod, "spec"), *st = jget(pod, "status");
	const char *phase = jstr(st, "phase");
	const char *sreason = jstr(st, "reason");
	snprintf(ps->reason, sizeof ps->reason, "%s", sreason && *sreason ? sreason : phase ? phase : "");
	ps->total = cJSON_GetArraySize(jget(spec, "containers"));
	const cJSON *c;
	cJSON_ArrayForEach(c, jget(st, "conditions")) {
		const char *t = jstr(c, "type"), *r = jstr(c, "reason");
		if (t && r && strcmp(t, "PodScheduled") == 0 && strcmp(r, "SchedulingGated") == 0)
			snprintf(ps->reason, sizeof ps->reason, "SchedulingGated");
	}
	cJSON_ArrayForEach(c, jget(spec, "initContainers")) {
		const char *rp = jstr(c, "restartPolicy");
		if (rp && strcmp(rp, "Always") == 0)
			ps->total++;
	}
	int initializing = 0, ninit = cJSON_GetArraySize(jget(spec, "initContainers"));
	long sidecar_restarts = 0;
	long long sidecar_last = 0;
	int i = 0;
	cJSON_ArrayForEach(c, jget(st, "initContainerStatuses")) {
		long rc = (long)node_num(jget(c, "restartCount"));
		ps->restarts += rc;
		pod_last(&ps->last_restart, c);
		const cJSON *state = jget(c, "state");
		const cJSON *term = jget(state, "terminated"), *wait = jget(state, "waiting");
		if (pod_restartable_init(pod, jstr(c, "name"))) {
			sidecar_restarts += rc;
			pod_last(&sidecar_last, c);
			if (cJSON_IsTrue(jget(c, "started")))
				ps->ready++;
			i++;
			continue;
		}
		if (term != NULL && node_num(jget(term, "exitCode")) == 0) {
			i++;
			continue;
		}
		if (term != NULL) {
			const char *r = jstr(term, "reason");
			if (r == NULL || *r == '\0') {
				if (node_num(jget(term, "signal")) != 0)
					snprintf(ps->reason, sizeof ps->reason, "Init:Signal:%d", (int)node_num(jget(term, "signal")));
				else
					snprintf(ps->reason, sizeof ps->reason, "Init:ExitCode:%d", (int)node_num(jget(term, "exitCode")));
			} else {
				snprintf(ps->reason, sizeof ps->reason, "Init:%s", r);
			}
		} else if (wait != NULL && jstr(wait, "reason") && *jstr(wait, "reason") &&
		    strcmp(jstr(wait, "reason"), "PodInitializing") != 0) {
			snprintf(ps->reason, sizeof ps->reason, "Init:%s", jstr(wait, "reason"));
		} else {
			snprintf(ps->reason, sizeof ps->reason, "Init:%d/%d", i, ninit);
		}
		initializing = 1;
		break;
	}
	int initialized = 0;
	cJSON_ArrayForEach(c, jget(st, "conditions")) {
		const char *t = jstr(c, "type"), *s = jstr(c, "status");
		if (t && s && strcmp(t, "Initialized") == 0 && strcmp(s, "True") == 0)
			initialized = 1;
	}
	if (!initializing || initialized) {
		ps->restarts = sidecar_restarts;
		ps->last_restart = sidecar_last;
		int has_running = 0;
		const cJSON *css = jget(st, "containerStatuses");
		for (int k = cJSON_GetArraySize(css) - 1; k >= 0; k--) {
			const cJSON *cs = cJSON_GetArrayItem(css, k);
			ps->restarts += (long)node_num(jget(cs, "restartCount"));
			pod_last(&ps->last_restart, cs);
			const cJSON *state = jget(cs, "state");
			const cJSON *term = jget(state, "terminated"), *wait = jget(state, "waiting");
			const char *wr = jstr(wait, "reason"), *tr = jstr(term, "reason");
			if (wait && wr && *wr)
				snprintf(ps->reason, sizeof ps->reason, "%s", wr);
			else if (term && tr && *tr)
				snprintf(ps->reason, sizeof ps->reason, "%s", tr);
			else if (term) {
				if (node_num(jget(term, "signal")) != 0)
					snprintf(ps->reason, sizeof ps->reason, "Signal:%d", (int)node_num(jget(term, "signal")));
				else
					snprintf(ps->reason, sizeof ps->reason, "ExitCode:%d", (int)node_num(jget(term, "exitCode")));
			} else if (cJSON_IsTrue(jget(cs, "ready")) && jget(state, "running")) {
				has_running = 1;
				ps->ready++;
			}
		}
		if (strcmp(ps->reason, "Completed") == 0 && has_running) {
			int ready_cond = 0;
			cJSON_ArrayForEach(c, jget(st, "conditions")) {
				const char *t = jstr(c, "type"), *s = jstr(c, "status");
				if (t && s && strcmp(t, "Ready") == 0 && strcmp(s, "True") == 0)
					ready_cond = 1;
			}
			snprintf(ps->reason, sizeof ps->reason, "%s", ready_cond ? "Running" : "NotReady");
		}
	}
	const char *del = jstr(jget(pod, "metadata"), "deletionTimestamp");
	if (del != NULL && sreason != NULL && strcmp(sreason, "NodeLost") == 0)
		snprintf(ps->reason, sizeof ps->reason, "Unknown");
	else if (del != NULL && !(phase && (strcmp(phase, "Succeeded") == 0 || strcmp(phase, "Failed") == 0)))
		snprintf(ps->reason, sizeof ps->reason, "Terminating");
}

/* ---- evaluation ---------------------------------------------------------------- */

static void eval(const struct expr *e, const struct expr_ctx *ctx, struct val *out);

static void
eval_path(const struct expr *e, const struct expr_ctx *ctx, struct val *out)
{
	struct val cur = { 0 };
	val_push(&cur, ctx->obj);
	for (int i = 0; i < e->nsteps && cur.n > 0; i++) {
		const struct step *s = &e->steps[i];
		struct val next = { 0 };
		for (int k = 0; k < cur.n; k++) {
			const cJSON *n = cur.nodes[k];
			if (s->type == S_FIELD) {
				val_push(&next, cJSON_IsObject(n) ? jget(n, s->name) : NULL);
			} else if (s->type == S_INDEX && cJSON_IsArray(n)) {
				int sz = cJSON_GetArraySize(n);
				long idx = s->index < 0 ? sz + s->index : s->index;
				if (idx >= 0 && idx < sz)
					val_push(&next, cJSON_GetArrayItem(n, (int)idx));
			} else if (s->type == S_ALL && (cJSON_IsArray(n) || cJSON_IsObject(n))) {
				const cJSON *c;
				cJSON_ArrayForEach(c, n)
					val_push(&next, c);
			}
		}
		val_clear(&cur);
		cur = next;
	}
	*out = cur;
}

/* The items of a value: the elements of a single array node, else the nodes. */
static void
val_items(const struct val *v, struct val *items)
{
	memset(items, 0, sizeof *items);
	if (v->kind == V_NODES && v->n == 1 && cJSON_IsArray(v->nodes[0])) {
		const cJSON *c;
		cJSON_ArrayForEach(c, v->nodes[0])
			val_push(items, c);
	} else if (v->kind == V_NODES) {
		for (int i = 0; i < v->n; i++)
			val_push(items, v->nodes[i]);
	}
}

static void
eval_call(const struct expr *e, const struct expr_ctx *ctx, struct val *out)
{
	struct val a = { 0 }, b = { 0 }, items = { 0 };
	char tmp[160];
	memset(out, 0, sizeof *out);
	if (e->fn == F_TABLE) {
		const char *col = e->args[0]->str;
		for (int i = 0; i < ctx->ncols && ctx->cells; i++) {
			if (strcasecmp(ctx->colnames[i], col) != 0)
				continue;
			const cJSON *c = cJSON_GetArrayItem(ctx->cells, i);
			if (c != NULL && !cJSON_IsNull(c))
				val_push(out, c);
			break;
		}
		return;
	}
	eval(e->args[0], ctx, &a);
	if (e->nargs > 1)
		eval(e->args[1], ctx, &b);
	switch (e->fn) {
	case F_AGE: {
		char *s = val_text(&a, ",");
		long long t = expr_parse_time(s);
		free(s);
		if (t >= 0) {
			out->kind = V_TIME;
			out->num = (double)t;
		}
		break;
	}
	case F_COUNT:
		if (a.kind == V_NODES && a.n == 1 && (cJSON_IsArray(a.nodes[0]) || cJSON_IsObject(a.nodes[0])))
			out->num = cJSON_GetArraySize(a.nodes[0]);
		else
			out->num = a.kind == V_NODES ? a.n : !val_empty(&a);
		out->kind = V_NUM;
		break;
	case F_JOIN: {
		char *sep = e->nargs > 1 ? val_text(&b, ",") : xstrdup(",");
		val_items(&a, &items);
		out->kind = V_STR;
		out->str = items.n > 0 ? val_text(&items, sep) : (a.kind == V_NODES ? val_text(&a, sep) : val_text(&a, sep));
		free(sep);
		break;
	}
	case F_SUM:
		val_items(&a, &items);
		out->kind = V_NUM;
		for (int i = 0; i < items.n; i++)
			out->num += node_num(items.nodes[i]);
		if (a.kind == V_NUM || a.kind == V_STR)
			out->num = val_num(&a);
		break;
	case F_READY:
		if (e->nargs == 2) {
			snprintf(tmp, sizeof tmp, "%lld/%lld", (long long)val_num(&a), (long long)val_num(&b));
		} else {
			val_items(&a, &items);
			int r = 0;
			for (int i = 0; i < items.n; i++)
				r += cJSON_IsTrue(jget(items.nodes[i], "ready"));
			snprintf(tmp, sizeof tmp, "%d/%d", r, items.n);
		}
		out->kind = V_STR;
		out->str = xstrdup(tmp);
		break;
	case F_RESTARTS:
	case F_PODSTATUS:
		if (a.kind == V_NODES && a.n == 1 && cJSON_IsObject(a.nodes[0])) {
			struct pod_summary ps;
			pod_summarize(a.nodes[0], &ps);
			out->kind = V_STR;
			if (e->fn == F_PODSTATUS) {
				out->str = xstrdup(ps.reason);
			} else if (ps.restarts != 0 && ps.last_restart > 0) {
				char ago[32];
				expr_human_duration((long long)ctx->now - ps.last_restart, ago, sizeof ago);
				snprintf(tmp, sizeof tmp, "%ld (%s ago)", ps.restarts, ago);
				out->str = xstrdup(tmp);
			} else {
				snprintf(tmp, sizeof tmp, "%ld", ps.restarts);
				out->str = xstrdup(tmp);
			}
		}
		break;
	case F_PORTS: {
		/* services: 80/TCP, 80:30080/TCP; containers: 8080/TCP */
		struct sbuf sb = { 0 };
		sbuf_add(&sb, "", 0);
		val_items(&a, &items);
		for (int i = 0; i < items.n; i++) {
			const cJSON *p = items.nodes[i];
			const cJSON *port = jget(p, "port");
			if (port == NULL)
				port = jget(p, "containerPort");
			const cJSON *np = jget(p, "nodePort");
			const char *proto = jstr(p, "protocol");
			if (np != NULL && node_num(np) != 0)
				snprintf(tmp, sizeof tmp, "%s%d:%d/%s", i ? "," : "", (int)node_num(port),
				    (int)node_num(np), proto ? proto : "TCP");
			else
				snprintf(tmp, sizeof tmp, "%s%d/%s", i ? "," : "", (int)node_num(port),
				    proto ? proto : "TCP");
			sbuf_str(&sb, tmp);
		}
		out->kind = V_STR;
		out->str = sb.s;
		break;
	}
	case F_FIRST:
		val_items(&a, &items);
		if (items.n > 0)
			val_push(out, items.nodes[0]);
		break;
	}
	val_clear(&a);
	val_clear(&b);
	val_clear(&items);
}

static void
eval(const struct expr *e, const struct expr_ctx *ctx, struct val *out)
{
	memset(out, 0, sizeof *out);
	switch (e->type) {
	case N_PATH:
		eval_path(e, ctx, out);
		break;
	case N_CALL:
		eval_call(e, ctx, out);
		break;
	case N_STR:
		out->kind = V_STR;
		out->str = xstrdup(e->str);
		break;
	case N_NUM:
		out->kind = V_NUM;
		out->num = e->num;
		break;
	case N_ALT:
		for (int i = 0; i < e->nargs; i++) {
			val_clear(out);
			eval(e->args[i], ctx, out);
			if (!val_empty(out))
				break;
		}
		break;
	}
}

enum expr_kind
expr_eval(const struct expr *e, const struct expr_ctx *ctx, char *out, size_t outlen)
{
	struct val v;
	eval(e, ctx, &v);
	enum expr_kind k = v.kind == V_TIME ? EXPR_TIME : EXPR_TEXT;
	char *s = val_text(&v, ",");
	snprintf(out, outlen, "%s", s);
	free(s);
	val_clear(&v);
	return k;
}
