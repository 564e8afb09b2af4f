/* scale: `kubectl scale` of Deployments, StatefulSets, ReplicaSets and any resource whose
 * discovery lists a scale subresource (custom resources included). The current count is
 * read from the scale subresource for the question; what is sent is kubectl's request, a
 * merge patch {"spec":{"replicas":N}} to .../NAME/scale. A count may be typed as it is
 * wanted (5) or relative to each object's own (+1, -1). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/op.h"
#include "ops/scale.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static const char *const scale_kinds[] = { "deployments", "statefulsets", "replicasets", NULL };

int
scale_parse(const char *arg, long from, long *to, char *why, size_t len)
{
	const char *p = arg ? arg : "";
	char *end;
	int sign = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		sign = *p++ == '+' ? 1 : -1;
	if (!isdigit((unsigned char)*p)) {
		snprintf(why, len, "scale takes a count: N, +N or -N, not \"%s\"", arg ? arg : "");
		return -1;
	}
	errno = 0;
	long n = strtol(p, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' || errno != 0 || n > 1000000) {
		snprintf(why, len, "scale takes a count: N, +N or -N, not \"%s\"", arg);
		return -1;
	}
	if (sign != 0 && from < 0) {
		snprintf(why, len, "the current count is not known: give the count itself");
		return -1;
	}
	long v = sign == 0 ? n : from + sign * n;
	if (v < 0) {
		snprintf(why, len, "cannot scale below 0 (%ld %s %ld)", from, sign < 0 ? "-" : "+", n);
		return -1;
	}
	*to = v;
	return 0;
}

int
scale_goes_first(long from, long to)
{
	return to > from;
}

char *
scale_patch(long replicas)
{
	return xasprintf("{\"spec\":{\"replicas\":%ld}}", replicas);
}

/* "web" or "shop/web" when the targets' namespaces differ */
static void
scale_name(struct sbuf *b, const struct op_req *req, size_t i, int qualify)
{
	if (qualify && req->targets[i].ns[0]) {
		sbuf_str(b, req->targets[i].ns);
		sbuf_str(b, "/");
	}
	sbuf_str(b, req->targets[i].name);
}

static int
scale_mixed_ns(const struct op_req *req)
{
	for (size_t i = 1; i < req->n; i++)
		if (strcmp(req->targets[i].ns, req->targets[0].ns) != 0)
			return 1;
	return 0;
}

/* "Scale deployment web in shop on prod", "Scale 2 deployments in shop on prod" */
static void
scale_head(struct sbuf *b, const struct op_req *req)
{
	char kbuf[64], num[32];
	const char *kind = op_kind_word(req->res, req->n, kbuf, sizeof kbuf);
	int mixed = scale_mixed_ns(req);
	sbuf_str(b, "Scale ");
	if (req->n == 1) {
		sbuf_str(b, kind);
		sbuf_str(b, " ");
		sbuf_str(b, req->targets[0].name);
	} else {
		snprintf(num, sizeof num, "%zu ", req->n);
		sbuf_str(b, num);
		sbuf_str(b, kind);
	}
	if (mixed)
		sbuf_str(b, " in several namespaces");
	else if (req->n && req->targets[0].ns[0]) {
		sbuf_str(b, " in ");
		sbuf_str(b, req->targets[0].ns);
	}
	sbuf_str(b, " on ");
	sbuf_str(b, req->cluster && req->cluster->context ? req->cluster->context : "?");
}

static char *
scale_plan(const struct op_req *req)
{
	struct sbuf b = { 0 };
	char num[64];
	int mixed = scale_mixed_ns(req), zero = 0;
	scale_head(&b, req);
	if (req->n == 1) {
		snprintf(num, sizeof num, " from %ld to %ld?", req->from[0], req->to[0]);
		sbuf_str(&b, num);
		zero = req->to[0] == 0;
		if (zero)
			sbuf_str(&b, " All its pods will stop.");
		return b.s;
	}
	sbuf_str(&b, ":");
	for (size_t i = 0; i < req->n; i++) {
		sbuf_str(&b, i ? ", " : " ");
		scale_name(&b, req, i, mixed);
		snprintf(num, sizeof num, " from %ld to %ld", req->from[i], req->to[i]);
		sbuf_str(&b, num);
		zero |= req->to[i] == 0;
	}
	sbuf_str(&b, "?");
	if (zero)
		sbuf_str(&b, " The pods of those scaled to 0 will stop.");
	return b.s;
}

static char *
scale_ask(const struct op_req *req, char **text)
{
	struct sbuf b = { 0 };
	char num[64];
	scale_head(&b, req);
	if (req->n == 1) {
		snprintf(num, sizeof num, " (now %ld) to (N, +N, -N): ", req->from[0]);
		sbuf_str(&b, num);
		*text = xasprintf("%ld", req->from[0]);
	} else {
		int mixed = scale_mixed_ns(req);
		sbuf_str(&b, " (now");
		for (size_t i = 0; i < req->n; i++) {
			sbuf_str(&b, i ? ", " : " ");
			scale_name(&b, req, i, mixed);
			snprintf(num, sizeof num, " %ld", req->from[i]);
			sbuf_str(&b, num);
		}
		sbuf_str(&b, ") to (N, +N, -N): ");
		*text = xstrdup("");
	}
	return b.s;
}

static int
scale_take(struct op_req *req, const char *arg, char *why, size_t len)
{
	if (req->from == NULL)
		return snprintf(why, len, "the current count was not read"), -1;
	for (size_t i = 0; i < req->n; i++)
		if (scale_parse(arg, req->from[i], &req->to[i], why, len) != 0)
			return -1;
	snprintf(req->opts.arg, sizeof req->opts.arg, "%s", arg);
	return 0;
}

static int
scale_confirm(const struct op_req *req)
{
	return req->n != 1 || req->to[0] == 0;
}

/* The scale subresource of target i. */
static struct op_call *
scale_call_new(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct op_call *oc = op_call_new(req, i, cb, arg);
	oc->ref.subresource = "scale";
	return oc;
}

static void
scale_on_read(struct api_call *c, const struct api_result *res, void *arg)
{
	struct op_call *oc = arg;
	(void)c;
	if (res->err.code != KD_OK) {
		op_call_end(oc, &res->err);
		return;
	}
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(res->body, "spec"),
	    "replicas");
	/* a Scale without spec.replicas is at 0 (Go's zero value, as kubectl reads it) */
	oc->req->from[oc->i] = cJSON_IsNumber(n) ? (long)n->valuedouble : 0;
	op_call_end(oc, NULL);
}

static void
scale_prepare(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct op_call *oc = scale_call_new(req, i, cb, arg);
	api_get(req->cluster->api, &oc->ref, scale_on_read, oc);
}

static void
scale_apply(const struct op_req *req, size_t i, op_done_cb cb, void *arg)
{
	struct op_call *oc = scale_call_new(req, i, cb, arg);
	if (req->from != NULL && req->from[i] >= 0) {
		/* undone by the count it had, to the same subresource */
		oc->back = scale_patch(req->from[i]);
		oc->back_type = API_PATCH_MERGE;
		oc->back_sub = "scale";
		oc->back_path = "/spec/replicas";
	}
	char *patch = scale_patch(req->to[i]);
	op_call_patch(oc, API_PATCH_MERGE, patch);
	free(patch);
}

const struct op op_scale = {
	.name = "scale",
	.action = "scale",
	.kinds = scale_kinds,
	.kinds_subres = KRES_SUB_SCALE,
	.verb = "patch",
	.subresource = "scale",
	.mutates = 1,
	.done = "scaled",
	.plan = scale_plan,
	.apply = scale_apply,
	.prepare = scale_prepare,
	.ask = scale_ask,
	.take = scale_take,
	.confirm = scale_confirm,
	.progress = 1,
};
