/* :undo of the last change on a cluster; see revert.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/access.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "ops/revert.h"
#include "ops/scale.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* ---- the pure parts ---- */

/* The next token of a JSON pointer into buf (~1 is /, ~0 is ~); the rest after it. */
static const char *
revert_token(const char *p, char *buf, size_t len)
{
	size_t o = 0;
	if (*p == '/')
		p++;
	for (; *p && *p != '/'; p++) {
		char ch = *p;
		if (ch == '~' && (p[1] == '0' || p[1] == '1'))
			ch = *++p == '0' ? '~' : '/';
		if (o + 1 < len)
			buf[o++] = ch;
	}
	buf[o] = '\0';
	return p;
}

const cJSON *
revert_pointer(const cJSON *obj, const char *path)
{
	char tok[256];
	const cJSON *v = obj;
	if (path == NULL)
		return NULL;
	for (const char *p = path; v != NULL && *p;) {
		p = revert_token(p, tok, sizeof tok);
		if (cJSON_IsArray(v)) {
			char *end;
			long i = strtol(tok, &end, 10);
			v = *end == '\0' && tok[0] ? cJSON_GetArrayItem(v, (int)i) : NULL;
		} else
			v = cJSON_GetObjectItemCaseSensitive(v, tok);
	}
	return v;
}

cJSON *
revert_patch_value(const struct lastchange_step *s)
{
	cJSON *p = cJSON_Parse(s->patch ? s->patch : "");
	const cJSON *v = NULL;
	if (s->path == NULL || p == NULL) {
		cJSON_Delete(p);
		return NULL;
	}
	if (s->patch_type == API_PATCH_JSON) {
		const cJSON *op;
		cJSON_ArrayForEach(op, p) {
			const cJSON *path = cJSON_GetObjectItemCaseSensitive(op, "path");
			if (cJSON_IsString(path) && strcmp(path->valuestring, s->path) == 0)
				v = cJSON_GetObjectItemCaseSensitive(op, "value");
		}
	} else
		v = revert_pointer(p, s->path);
	cJSON *r = v ? cJSON_Duplicate(v, 1) : NULL;
	cJSON_Delete(p);
	return r;
}

/* "deployment web in shop on prod" */
static void
revert_object(struct sbuf *b, const struct lastchange_step *s, const char *context)
{
	char kbuf[64];
	sbuf_str(b, op_kind_word(s->res, 1, kbuf, sizeof kbuf));
	sbuf_str(b, " ");
	sbuf_str(b, s->name);
	if (s->ns && s->ns[0]) {
		sbuf_str(b, " in ");
		sbuf_str(b, s->ns);
	}
	if (context != NULL) {
		sbuf_str(b, " on ");
		sbuf_str(b, context);
	}
}

/* A value as a sentence shows it: 5, true, "text", and "nothing" for none. */
static char *
revert_value_word(const cJSON *v)
{
	if (v == NULL || cJSON_IsNull(v))
		return xstrdup("nothing");
	return cJSON_PrintUnformatted(v);
}

/* A size's step: /spec/template/spec/containers/N/resources (or initContainers). */
static int
revert_is_resources(const char *path)
{
	size_t n = strlen(path);
	return strncmp(path, "/spec/template/spec/", 20) == 0 && n > 10 && strcmp(path + n - 10, "/resources") == 0;
}

char *
revert_step_say(const struct lastchange_step *s, const char *context)
{
	struct sbuf b = { 0 };
	cJSON *v = revert_patch_value(s);
	const char *path = s->path ? s->path : "";
	if (strcmp(path, "/spec/replicas") == 0) {
		sbuf_str(&b, "scale ");
		revert_object(&b, s, context);
		char *w = revert_value_word(v);
		sbuf_str(&b, " back to ");
		sbuf_str(&b, w);
		free(w);
	} else if (strcmp(path, "/spec/paused") == 0) {
		sbuf_str(&b, cJSON_IsTrue(v) ? "pause " : "resume ");
		revert_object(&b, s, context);
	} else if (strcmp(path, "/spec/template") == 0) {
		sbuf_str(&b, "roll ");
		revert_object(&b, s, context);
		sbuf_str(&b, " back to the pod template it had before");
	} else if (strcmp(path, "/spec/unschedulable") == 0) {
		sbuf_str(&b, cJSON_IsTrue(v) ? "cordon " : "uncordon ");
		revert_object(&b, s, context);
	} else if (revert_is_resources(path)) {
		sbuf_str(&b, "put back the container resources of ");
		revert_object(&b, s, context);
		sbuf_str(&b, " as they were");
	} else {
		char *w = revert_value_word(v);
		sbuf_str(&b, "set ");
		sbuf_str(&b, path[0] ? path : "the object");
		sbuf_str(&b, " of ");
		revert_object(&b, s, context);
		sbuf_str(&b, " back to ");
		sbuf_str(&b, w);
		free(w);
	}
	cJSON_Delete(v);
	return b.s;
}

char *
revert_say(const struct lastchange *lc)
{
	struct sbuf b = { 0 };
	for (size_t i = 0; i < lc->n; i++) {
		char *s = revert_step_say(&lc->steps[i], lc->context);
		if (i > 0)
			sbuf_str(&b, "; ");
		sbuf_str(&b, s);
		free(s);
	}
	return b.s;
}

int
revert_since(const struct lastchange_step *s, const cJSON *now, char *why, size_t len)
{
	if (s->path == NULL || s->set == NULL)
		return 0;
	cJSON *set = cJSON_Parse(s->set);
	cJSON *null = cJSON_CreateNull();
	const cJSON *a = now ? now : null, *b = set ? set : null;
	int same = cJSON_Compare(a, b, 1);
	char kbuf[64];
	const char *kind = op_kind_word(s->res, 1, kbuf, sizeof kbuf);
	if (!same) {
		char *w = revert_value_word(now);
		char *was = revert_value_word(set);
		if (strcmp(s->path, "/spec/replicas") == 0)
			snprintf(why, len, "%s %s was scaled to %s by someone else since", kind, s->name, w);
		else if (strcmp(s->path, "/spec/paused") == 0)
			snprintf(why, len, "%s %s was %s by someone else since", kind, s->name,
			    cJSON_IsTrue(now) ? "paused" : "resumed");
		else if (strcmp(s->path, "/spec/template") == 0)
			snprintf(why, len, "%s %s's pod template was changed by someone else since", kind, s->name);
		else if (revert_is_resources(s->path))
			snprintf(why, len, "%s %s's container resources were changed by someone else since", kind,
			    s->name);
		else if (strcmp(s->path, "/spec/unschedulable") == 0)
			snprintf(why, len, "%s %s was %s by someone else since", kind, s->name,
			    cJSON_IsTrue(now) ? "cordoned" : "uncordoned");
		else
			snprintf(why, len, "%s %s's %s is %.40s now, not %.40s as kdeck left it", kind, s->name,
			    s->path, w, was);
		free(w);
		free(was);
	}
	cJSON_Delete(set);
	cJSON_Delete(null);
	return !same;
}

char *
revert_ask(const struct lastchange *lc, const cJSON *const *now)
{
	struct sbuf b = { 0 };
	int changed = 0;
	char why[512];
	for (size_t i = 0; i < lc->n; i++)
		if (revert_since(&lc->steps[i], now ? now[i] : NULL, why, sizeof why)) {
			if (changed++)
				sbuf_str(&b, "; ");
			sbuf_str(&b, why);
		}
	char *say = lc->undo ? xstrdup(lc->undo) : revert_say(lc);
	if (changed) {
		sbuf_str(&b, "; ");
		sbuf_str(&b, say ? say : "undo");
		sbuf_str(&b, " anyway?");
	} else {
		sbuf_str(&b, "Undo: ");
		sbuf_str(&b, say ? say : "nothing");
		sbuf_str(&b, "?");
	}
	free(say);
	return b.s;
}

char *
revert_redo_patch(const struct lastchange_step *s, const cJSON *value, int *type)
{
	cJSON *v = value ? cJSON_Duplicate(value, 1) : cJSON_CreateNull();
	char tok[256];
	if (s->patch_type == API_PATCH_JSON || cJSON_IsObject(v) || cJSON_IsArray(v)) {
		/* a whole template is put back as it was, not merged into what is there */
		cJSON *ops = cJSON_CreateArray(), *op = cJSON_CreateObject();
		cJSON_AddStringToObject(op, "op", "replace");
		cJSON_AddStringToObject(op, "path", s->path ? s->path : "");
		cJSON_AddItemToObject(op, "value", v);
		cJSON_AddItemToArray(ops, op);
		char *r = cJSON_PrintUnformatted(ops);
		cJSON_Delete(ops);
		*type = API_PATCH_JSON;
		return r;
	}
	/* {"spec":{"replicas":5}}: the tokens from the last, inwards out */
	const char *path = s->path ? s->path : "";
	size_t ntok = 0;
	char **toks = NULL;
	for (const char *p = path; *p;) {
		p = revert_token(p, tok, sizeof tok);
		toks = xreallocarray(toks, ntok + 1, sizeof *toks);
		toks[ntok++] = xstrdup(tok);
	}
	while (ntok > 0) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, toks[ntok - 1], v);
		free(toks[--ntok]);
		v = o;
	}
	free(toks);
	char *r = cJSON_PrintUnformatted(v);
	cJSON_Delete(v);
	*type = s->patch_type;
	return r;
}

/* ---- the requests ---- */

int
revert_access(struct cluster *c, const struct lastchange *lc, char *why, size_t len)
{
	if (c->readonly) {
		snprintf(why, len, "undo is disabled: read-only (%s)", c->context);
		return 0;
	}
	if (c->access == NULL)
		return 1;
	for (size_t i = 0; i < lc->n; i++) {
		const struct lastchange_step *s = &lc->steps[i];
		struct api_access q = { "patch", s->res->group, s->res->resource, s->subresource, s->ns, NULL };
		int ok = access_may(c->access, &q, "undo", why, len);
		if (ok != 1)
			return ok;
	}
	return 1;
}

struct revert_req {
	struct revert *rv;
	size_t i;
	struct api_call *call;
};

struct revert {
	struct cluster *c;
	struct lastchange *lc;       /* the copy being undone */
	struct lastchange *redo;     /* what puts the undo back, gathered as patches answer */
	cJSON **now;                 /* each step's value as read (NULL: none) */
	struct revert_req *reqs;
	size_t left;
	int round;                   /* revert_apply's: 0 the counts that grow, 1 the rest */
	size_t failed;
	size_t changed;
	struct kd_err err;
	char *question;
	revert_cb cb;
	void *arg;
};

static struct api_ref
revert_ref(const struct lastchange_step *s)
{
	struct api_ref r = api_ref_kres(s->res, s->ns, s->name);
	r.subresource = s->subresource;
	return r;
}

static void revert_send_round(struct revert *rv, int round);

/* One answer (or the loop that sent them) less; after the last, the question (a read),
 * the second round of patches, or the redo noted (the patches), then the callback. */
static void
revert_end(struct revert *rv)
{
	if (--rv->left > 0)
		return;
	if (rv->redo != NULL && rv->round == 0 && rv->failed == 0) {
		revert_send_round(rv, 1);
		return;
	}
	if (rv->redo == NULL && rv->failed == 0) {
		free(rv->question);
		rv->question = revert_ask(rv->lc, (const cJSON *const *)rv->now);
	} else if (rv->redo != NULL && rv->redo->n > 0) {
		const char *was = rv->lc->undo ? rv->lc->undo : "the last change";
		rv->redo->what = xasprintf("undid: %s", was);
		rv->redo->undo = revert_say(rv->redo);
		struct lastchange *redo = rv->redo;
		rv->redo = NULL;
		lastchange_note(redo);
	} else if (rv->redo != NULL) {
		/* nothing was undone: the change is still the last, for another try */
		lastchange_free(&rv->redo);
		lastchange_note(lastchange_copy(rv->lc));
	}
	rv->cb(rv, rv->failed ? &rv->err : NULL, rv->arg);
}

static void
revert_on_read(struct api_call *c, const struct api_result *res, void *arg)
{
	struct revert_req *q = arg;
	struct revert *rv = q->rv;
	(void)c;
	q->call = NULL;
	if (res->err.code != KD_OK) {
		rv->failed++;
		rv->err = res->err;
		if (res->status == 404) {
			char obj[256];
			struct sbuf b = { 0 };
			revert_object(&b, &rv->lc->steps[q->i], NULL);
			snprintf(obj, sizeof obj, "%s", b.s ? b.s : "");
			free(b.s);
			snprintf(rv->err.msg, sizeof rv->err.msg, "%s is gone: nothing to undo", obj);
		}
	} else {
		const cJSON *v = revert_pointer(res->body, rv->lc->steps[q->i].path);
		rv->now[q->i] = v ? cJSON_Duplicate(v, 1) : NULL;
		char why[8];
		rv->changed += (size_t)revert_since(&rv->lc->steps[q->i], rv->now[q->i], why, sizeof why);
	}
	revert_end(rv);
}

struct revert *
revert_check(struct cluster *c, const struct lastchange *lc, revert_cb cb, void *arg)
{
	struct revert *rv = xcalloc(1, sizeof *rv);
	rv->c = c;
	rv->lc = lastchange_copy(lc);
	rv->cb = cb;
	rv->arg = arg;
	rv->now = xcalloc(lc->n ? lc->n : 1, sizeof *rv->now);
	rv->reqs = xcalloc(lc->n ? lc->n : 1, sizeof *rv->reqs);
	rv->left = rv->lc->n + 1;
	for (size_t i = 0; i < rv->lc->n; i++) {
		struct api_ref ref = revert_ref(&rv->lc->steps[i]);
		rv->reqs[i].rv = rv;
		rv->reqs[i].i = i;
		rv->reqs[i].call = api_get(c->api, &ref, revert_on_read, &rv->reqs[i]);
	}
	revert_end(rv);
	return rv;
}

const char *
revert_question(const struct revert *rv)
{
	return rv->question ? rv->question : "";
}

size_t
revert_changed(const struct revert *rv)
{
	return rv->changed;
}

const struct lastchange *
revert_change(const struct revert *rv)
{
	return rv->lc;
}

static void
revert_on_patched(struct api_call *c, const struct api_result *res, void *arg)
{
	struct revert_req *q = arg;
	struct revert *rv = q->rv;
	const struct lastchange_step *s = &rv->lc->steps[q->i];
	(void)c;
	q->call = NULL;
	if (res->err.code != KD_OK) {
		rv->failed++;
		rv->err = res->err;
	} else {
		/* the redo: what was there before the undo, checked against what the undo left */
		int type = s->patch_type;
		char *patch = revert_redo_patch(s, rv->now[q->i], &type);
		const cJSON *after = revert_pointer(res->body, s->path);
		char *set = after ? cJSON_PrintUnformatted(after) : xstrdup("null");
		lastchange_add(rv->redo, s->res, s->ns, s->name, s->subresource, type, patch, s->path, set);
		free(patch);
		free(set);
	}
	revert_end(rv);
}

/* Whether step i goes in the first round of the patches: a count that grows, as read
 * before the undo (scale_goes_first), so that one shrinking beside it waits for it. */
static int
revert_first(const struct revert *rv, size_t i)
{
	const struct lastchange_step *s = &rv->lc->steps[i];
	const cJSON *now = rv->now[i];
	if (s->path == NULL || strcmp(s->path, "/spec/replicas") != 0 || !cJSON_IsNumber(now))
		return 0;
	cJSON *to = revert_patch_value(s);
	int first = cJSON_IsNumber(to) && scale_goes_first((long)now->valuedouble, (long)to->valuedouble);
	cJSON_Delete(to);
	return first;
}

/* Sends round's patches (0: the counts that grow; 1: the rest, once round 0 is done). */
static void
revert_send_round(struct revert *rv, int round)
{
	rv->round = round;
	rv->left = 1;
	for (size_t i = 0; i < rv->lc->n; i++) {
		const struct lastchange_step *s = &rv->lc->steps[i];
		if (revert_first(rv, i) != (round == 0))
			continue;
		struct api_ref ref = revert_ref(s);
		rv->left++;
		rv->reqs[i].call = api_patch(rv->c->api, &ref, (enum api_patch)s->patch_type, s->patch, NULL,
		    revert_on_patched, &rv->reqs[i]);
	}
	revert_end(rv);
}

void
revert_apply(struct revert *rv, revert_cb cb, void *arg)
{
	rv->cb = cb;
	rv->arg = arg;
	rv->failed = 0;
	rv->redo = lastchange_new(rv->lc->context);
	/* the change is being undone: a second :undo meanwhile is not this one again */
	lastchange_forget(rv->lc->context);
	revert_send_round(rv, 0);
}

void
revert_free(struct revert **rvp)
{
	if (rvp == NULL || *rvp == NULL)
		return;
	struct revert *rv = *rvp;
	for (size_t i = 0; i < rv->lc->n; i++) {
		api_cancel(&rv->reqs[i].call);
		cJSON_Delete(rv->now[i]);
	}
	free(rv->reqs);
	free(rv->now);
	lastchange_free(&rv->redo);
	lastchange_free(&rv->lc);
	free(rv->question);
	free(rv);
	*rvp = NULL;
}
