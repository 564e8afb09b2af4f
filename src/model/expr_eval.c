/* The evaluation of a parsed expression on an object: values, the built-in functions,
 * and a pod summarised as kubectl prints it. */
#define _DEFAULT_SOURCE
#include "model/expr.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "util/sbuf.h"
#include "util/time.h"
#include "util/xmalloc.h"

#include "model/expr_priv.h"

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

/* The smallest expr_duration_step of the durations drawn in this frame (-1: none). Only
 * the UI thread draws, so one per process. */
static long long expr_durations_min = -1;

void
expr_durations_begin(void)
{
	expr_durations_min = -1;
}

long long
expr_durations_next(void)
{
	return expr_durations_min;
}

long long
expr_duration_step(long long s)
{
	long long step;
	if (s < 0)
		return 1 - s;
	if (s < 600)
		step = 1;                 /* "45s", "3m20s" */
	else if (s < 3 * 3600)
		step = 60;                /* "42m" */
	else if (s < 8 * 3600)
		step = 60;                /* "5h12m" */
	else if (s < 48 * 3600)
		step = 3600;              /* "20h" */
	else if (s < 8 * 86400)
		step = 3600;              /* "3d4h" */
	else
		step = 86400;             /* "30d", "2y30d" */
	return step - s % step;
}

long long
expr_parse_duration(const char *s, size_t len)
{
	static const struct { char unit; long long secs; } units[] = {
		{ 'y', 365 * 86400LL }, { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	long long total = 0;
	size_t i = 0, u = 0;
	if (len == 0)
		return -1;
	while (i < len) {
		long long n = 0;
		size_t start = i;
		while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 12)
			n = n * 10 + (s[i++] - '0');
		if (i == start || i == len)
			return -1;
		/* units come largest first, each once: "3m16s", never "16s3m" */
		while (u < sizeof units / sizeof units[0] && units[u].unit != s[i])
			u++;
		if (u == sizeof units / sizeof units[0])
			return -1;
		total += n * units[u++].secs;
		i++;
	}
	return total;
}

void
expr_human_duration(long long s, char *out, size_t outlen)
{
	long long step = expr_duration_step(s);
	if (expr_durations_min < 0 || step < expr_durations_min)
		expr_durations_min = step;
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
