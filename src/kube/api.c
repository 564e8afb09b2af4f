#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/api.h"
#include "kube/audit.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "log.h"
#include "loop.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

struct api {
	struct http *h;
	char *context, *server, *kuser;
	char *user;                   /* from the SelfSubjectReview, NULL until it answered */
	int whoami;                   /* 0 not asked, 1 asking, 2 done */
	int whoami_try;
	struct http_req *whoami_req;
	struct api_call *calls;
};

struct api_call {
	struct api *a;
	struct http_req *req;
	struct loop_timer *refused;   /* the journal refused: cb runs from here */
	struct kd_err pre;
	api_cb cb;
	void *arg;
	int journal;
	/* what the journal records, copied */
	char *verb, *patch;
	char *group, *version, *resource, *ns, *name, *sub;
	int dry_run, force;
	int raw;                      /* a 2xx answer is handed over unparsed */
	char *body;
	size_t body_len;
	const struct http_result *hr; /* during the callback: the answer api_result_take_raw takes */
	struct api_call *prev, *next;
};

static const char *const api_patch_types[][2] = {
	[API_PATCH_STRATEGIC] = { "application/strategic-merge-patch+json", "strategic" },
	[API_PATCH_MERGE] = { "application/merge-patch+json", "merge" },
	[API_PATCH_JSON] = { "application/json-patch+json", "json" },
	[API_PATCH_APPLY] = { "application/apply-patch+yaml", "apply" },
};

const char *
api_patch_content_type(enum api_patch type)
{
	return api_patch_types[type][0];
}

const char *
api_patch_name(enum api_patch type)
{
	return api_patch_types[type][1];
}

static char *
api_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct api *
api_new(struct http *h, const char *context, const struct kconn *conn)
{
	struct api *a = xcalloc(1, sizeof *a);
	a->h = h;
	a->context = xstrdup(context ? context : "");
	a->server = xstrdup(conn && conn->server ? conn->server : (h ? http_server(h) : ""));
	a->kuser = xstrdup(conn && conn->user ? conn->user : "");
	return a;
}

static void
api_call_unlink(struct api_call *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else if (c->a->calls == c)
		c->a->calls = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
}

static void
api_call_free(struct api_call *c)
{
	api_call_unlink(c);
	free(c->verb);
	free(c->patch);
	free(c->group);
	free(c->version);
	free(c->resource);
	free(c->ns);
	free(c->name);
	free(c->sub);
	free(c->body);
	free(c);
}

static void
api_journal(struct api_call *c, long code, const char *message)
{
	struct api *a = c->a;
	struct api_ref ref = { c->group, c->version, c->resource, c->ns, c->name, c->sub };
	struct audit_entry e = { .context = a->context, .server = a->server, .user = api_user(a),
		.verb = c->verb, .patch = c->patch, .ref = &ref, .dry_run = c->dry_run,
		.force = c->force,
		.body = c->body, .body_len = c->body_len, .code = code, .message = message };
	struct kd_err err;
	if (audit_write(&e, &err) != 0)
		log_warn("%s", err.msg);
}

/* A change in flight whose answer will not be awaited is still recorded: it was sent. */
static void
api_call_abandon(struct api_call *c)
{
	if (c->req != NULL && c->journal)
		api_journal(c, 0, "kdeck stopped waiting for the answer: it may have been applied");
	http_cancel(&c->req);
	loop_timer_cancel(http_loop(c->a->h), &c->refused);
	api_call_free(c);
}

void
api_free(struct api **ap)
{
	struct api *a;
	if (ap == NULL || (a = *ap) == NULL)
		return;
	while (a->calls != NULL)
		api_call_abandon(a->calls);
	http_cancel(&a->whoami_req);
	free(a->context);
	free(a->server);
	free(a->kuser);
	free(a->user);
	free(a);
	*ap = NULL;
}

struct http *
api_http(const struct api *a)
{
	return a->h;
}

const char *
api_context(const struct api *a)
{
	return a->context;
}

const char *
api_server(const struct api *a)
{
	return a->server;
}

const char *
api_user(const struct api *a)
{
	return a->user != NULL ? a->user : a->kuser;
}

void
api_result_parse(struct api_result *res, long status, const struct cJSON *body,
    const char *raw, size_t raw_len)
{
	res->status = status;
	res->body = body;
	res->owned = NULL;
	res->raw = raw;
	res->raw_len = raw_len;
	res->reason[0] = '\0';
	res->ncauses = 0;
	if (status >= 200 && status < 300) {
		kd_err_clear(&res->err);
		return;
	}
	if (status != 0)
		http_status_error(status, raw, raw_len, &res->err);
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(body, "kind");
	if (!cJSON_IsString(kind) || strcmp(kind->valuestring, "Status") != 0)
		return;
	const cJSON *reason = cJSON_GetObjectItemCaseSensitive(body, "reason");
	if (cJSON_IsString(reason))
		snprintf(res->reason, sizeof res->reason, "%s", reason->valuestring);
	const cJSON *det = cJSON_GetObjectItemCaseSensitive(body, "details");
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(det, "causes")) {
		if (res->ncauses >= API_MAX_CAUSES)
			break;
		struct api_cause *k = &res->causes[res->ncauses++];
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(c, "field");
		const cJSON *r = cJSON_GetObjectItemCaseSensitive(c, "reason");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(c, "message");
		snprintf(k->field, sizeof k->field, "%s", cJSON_IsString(f) ? f->valuestring : "");
		snprintf(k->reason, sizeof k->reason, "%s", cJSON_IsString(r) ? r->valuestring : "");
		snprintf(k->message, sizeof k->message, "%s", cJSON_IsString(m) ? m->valuestring : "");
	}
}

static void
api_on_done(struct http_req *r, const struct http_result *hr, void *arg)
{
	struct api_call *c = arg;
	(void)r;
	c->req = NULL;
	int raw = c->raw && hr->status >= 200 && hr->status < 300;
	cJSON *body = hr->body_len > 0 && !raw ? cJSON_ParseWithLength(hr->body, hr->body_len) : NULL;
	struct api_result res;
	res.err = hr->err;
	api_result_parse(&res, hr->status, body, hr->body, hr->body_len);
	res.owned = body;
	if (hr->status == 0)
		res.err = hr->err;
	if (c->journal)
		api_journal(c, hr->status, res.err.code == KD_OK ? NULL : res.err.msg);
	c->hr = hr;
	if (c->cb != NULL)
		c->cb(c, &res, c->arg);
	c->hr = NULL;
	cJSON_Delete(res.owned);   /* unless the callback took it */
	api_call_free(c);
}

struct cJSON *
api_result_take(const struct api_result *res)
{
	/* every api_result handed to a callback is the caller's own, not const */
	struct api_result *r = (struct api_result *)res;
	cJSON *b = r->owned;
	r->owned = NULL;
	return b;
}

static void
api_on_refused(void *arg)
{
	struct api_call *c = arg;
	c->refused = NULL;
	struct api_result res = { 0 };
	res.err = c->pre;
	if (c->cb != NULL)
		c->cb(c, &res, c->arg);
	api_call_free(c);
}

/* A create names its object in the body: the journal records that name. */
static char *
api_body_name(const char *body)
{
	cJSON *j = cJSON_Parse(body);
	const cJSON *md = cJSON_GetObjectItemCaseSensitive(j, "metadata");
	const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(md, "name"));
	if (n == NULL)
		n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(md, "generateName"));
	char *out = n != NULL ? xstrdup(n) : NULL;
	cJSON_Delete(j);
	return out;
}

struct api_send {
	const char *method, *verb, *patch, *content_type, *body;
	const struct api_ref *ref;
	const char *query;
	int dry_run, force, journal, timeout_ms;
	int once;            /* no retry on 429 (http_opts.retries -1) */
	int raw;             /* a 2xx answer is not parsed (api_get_raw) */
	int unread;          /* a 2xx answer's body is dropped as it arrives */
};

static struct api_call *
api_send(struct api *a, const struct api_send *s, api_cb cb, void *arg)
{
	struct api_call *c = xcalloc(1, sizeof *c);
	c->a = a;
	c->cb = cb;
	c->arg = arg;
	c->journal = s->journal;
	c->raw = s->raw;
	c->next = a->calls;
	if (a->calls != NULL)
		a->calls->prev = c;
	a->calls = c;
	if (s->journal) {
		const struct api_ref *r = s->ref;
		c->verb = api_dup(s->verb);
		c->patch = api_dup(s->patch);
		c->group = api_dup(r->group);
		c->version = api_dup(r->version);
		c->resource = api_dup(r->resource);
		c->ns = api_dup(r->ns);
		c->name = api_dup(r->name);
		c->sub = api_dup(r->subresource);
		if (c->name == NULL && s->body != NULL)
			c->name = api_body_name(s->body);
		c->dry_run = s->dry_run;
		c->force = s->force;
		c->body = api_dup(s->body);
		c->body_len = s->body ? strlen(s->body) : 0;
		api_whoami(a);
		/* an empty name would make the path the whole collection's */
		if (strcmp(s->method, "POST") != 0 && (r->name == NULL || r->name[0] == '\0')) {
			kd_err_set(&c->pre, KD_ERR_INVALID, "not sent: a %s needs the name of one %s "
			    "(kdeck never changes a whole collection)", s->verb, r->resource ? r->resource : "object");
			c->refused = loop_timer_add(http_loop(a->h), 0, api_on_refused, c);
			return c;
		}
		/* checked before sending: a change that cannot be recorded is not made */
		if (audit_check(&c->pre) != 0) {
			c->refused = loop_timer_add(http_loop(a->h), 0, api_on_refused, c);
			return c;
		}
	}
	char *path = api_path(s->ref, s->query);
	struct http_opts o = { .method = s->method, .path = path, .content_type = s->content_type,
		.body = s->body, .body_len = s->body ? strlen(s->body) : 0,
		.timeout_ms = s->timeout_ms, .retries = s->once ? -1 : 0, .discard = s->unread };
	c->req = http_request(a->h, &o, NULL, api_on_done, c);
	free(path);
	return c;
}

void
api_cancel(struct api_call **cp)
{
	if (cp == NULL || *cp == NULL)
		return;
	api_call_abandon(*cp);
	*cp = NULL;
}

struct api_call *
api_get(struct api *a, const struct api_ref *ref, api_cb cb, void *arg)
{
	struct api_send s = { .ref = ref };
	return api_send(a, &s, cb, arg);
}

struct api_call *
api_get_raw(struct api *a, const struct api_ref *ref, api_cb cb, void *arg)
{
	struct api_send s = { .ref = ref, .raw = 1 };
	return api_send(a, &s, cb, arg);
}

char *
api_result_take_raw(struct api_call *c, const struct api_result *res, size_t *len)
{
	if (c == NULL || c->hr == NULL || res->raw == NULL || res->raw != c->hr->body)
		return NULL;
	*len = res->raw_len;
	char *b = http_result_take_body(c->hr);
	/* every api_result handed to a callback is the caller's own, not const */
	if (b != NULL)
		((struct api_result *)res)->raw = NULL;
	return b;
}

struct api_call *
api_list(struct api *a, const struct api_ref *ref, const struct api_list_opts *o, api_cb cb,
    void *arg)
{
	struct sbuf q = { 0 };
	if (o != NULL && o->label_selector != NULL && o->label_selector[0])
		api_query_add(&q, "labelSelector", o->label_selector);
	if (o != NULL && o->field_selector != NULL && o->field_selector[0])
		api_query_add(&q, "fieldSelector", o->field_selector);
	if (o != NULL && o->limit > 0) {
		char n[16];
		snprintf(n, sizeof n, "%u", o->limit);
		api_query_add(&q, "limit", n);
	}
	if (o != NULL && o->cont != NULL && o->cont[0])
		api_query_add(&q, "continue", o->cont);
	struct api_send s = { .ref = ref, .query = q.s, .timeout_ms = o ? o->timeout_ms : 0 };
	struct api_call *c = api_send(a, &s, cb, arg);
	free(q.s);
	return c;
}

static struct api_call *
api_write(struct api *a, const char *method, const char *verb, const struct api_ref *ref,
    const char *ctype, const char *body, const struct api_write_opts *o, enum api_patch pt,
    api_cb cb, void *arg)
{
	struct sbuf q = { 0 };
	int dry = o != NULL && o->dry_run, force = 0;
	if (dry)
		api_query_add(&q, "dryRun", "All");
	if (strcmp(verb, "patch") == 0 && pt == API_PATCH_APPLY) {
		api_query_add(&q, "fieldManager", "kdeck");
		if ((force = o != NULL && o->force))
			api_query_add(&q, "force", "true");
	}
	struct api_send s = { .method = method, .verb = verb, .ref = ref, .query = q.s,
		.content_type = ctype, .body = body, .dry_run = dry, .force = force, .journal = 1,
		.once = o != NULL && o->once, .raw = o != NULL && o->raw, .unread = o != NULL && o->unread,
		.patch = strcmp(verb, "patch") == 0 ? api_patch_name(pt) : NULL };
	struct api_call *c = api_send(a, &s, cb, arg);
	free(q.s);
	return c;
}

struct api_call *
api_create(struct api *a, const struct api_ref *ref, const char *body,
    const struct api_write_opts *o, api_cb cb, void *arg)
{
	return api_write(a, "POST", "create", ref, "application/json", body, o, 0, cb, arg);
}

struct api_call *
api_update(struct api *a, const struct api_ref *ref, const char *body,
    const struct api_write_opts *o, api_cb cb, void *arg)
{
	return api_write(a, "PUT", "update", ref, "application/json", body, o, 0, cb, arg);
}

struct api_call *
api_patch(struct api *a, const struct api_ref *ref, enum api_patch type, const char *patch,
    const struct api_write_opts *o, api_cb cb, void *arg)
{
	return api_write(a, "PATCH", "patch", ref, api_patch_content_type(type), patch, o, type,
	    cb, arg);
}

struct api_call *
api_delete(struct api *a, const struct api_ref *ref, const struct api_write_opts *o,
    api_cb cb, void *arg)
{
	static const char *const policies[] = { NULL, "Background", "Foreground", "Orphan" };
	char *body = NULL;
	/* DeleteOptions as kubectl sends them; none at all when everything is the default */
	if (o != NULL && (o->dry_run || o->propagation != API_PROPAGATE_DEFAULT ||
	    o->grace_seconds >= 0)) {
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "kind", "DeleteOptions");
		cJSON_AddStringToObject(d, "apiVersion", "v1");
		if (o->grace_seconds >= 0)
			cJSON_AddNumberToObject(d, "gracePeriodSeconds", (double)o->grace_seconds);
		if (o->propagation != API_PROPAGATE_DEFAULT)
			cJSON_AddStringToObject(d, "propagationPolicy", policies[o->propagation]);
		if (o->dry_run) {
			cJSON *dr = cJSON_AddArrayToObject(d, "dryRun");
			cJSON_AddItemToArray(dr, cJSON_CreateString("All"));
		}
		body = cJSON_PrintUnformatted(d);
		cJSON_Delete(d);
	}
	struct api_call *c = api_write(a, "DELETE", "delete", ref, body ? "application/json" : NULL,
	    body, o, 0, cb, arg);
	free(body);
	return c;
}

struct api_call *
api_access_review(struct api *a, const struct api_access *q, api_cb cb, void *arg)
{
	cJSON *body = cJSON_CreateObject(), *spec, *ra;
	cJSON_AddStringToObject(body, "apiVersion", "authorization.k8s.io/v1");
	cJSON_AddStringToObject(body, "kind", "SelfSubjectAccessReview");
	spec = cJSON_AddObjectToObject(body, "spec");
	ra = cJSON_AddObjectToObject(spec, "resourceAttributes");
	cJSON_AddStringToObject(ra, "verb", q->verb);
	cJSON_AddStringToObject(ra, "group", q->group ? q->group : "");
	cJSON_AddStringToObject(ra, "resource", q->resource);
	if (q->subresource && q->subresource[0])
		cJSON_AddStringToObject(ra, "subresource", q->subresource);
	if (q->ns && q->ns[0])
		cJSON_AddStringToObject(ra, "namespace", q->ns);
	if (q->name && q->name[0])
		cJSON_AddStringToObject(ra, "name", q->name);
	char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	struct api_ref ref = { "authorization.k8s.io", "v1", "selfsubjectaccessreviews", NULL, NULL, NULL };
	struct api_send s = { .method = "POST", .ref = &ref, .content_type = "application/json",
		.body = text, .timeout_ms = 10000 };
	api_whoami(a);
	struct api_call *c = api_send(a, &s, cb, arg);
	free(text);
	return c;
}

static const char *const api_whoami_versions[] = { "v1", "v1beta1", "v1alpha1", NULL };

static void api_whoami_send(struct api *a);

static void
api_on_whoami(struct http_req *r, const struct http_result *res, void *arg)
{
	struct api *a = arg;
	(void)r;
	a->whoami_req = NULL;
	if (res->status == 404 && api_whoami_versions[a->whoami_try + 1] != NULL) {
		a->whoami_try++;
		api_whoami_send(a);
		return;
	}
	a->whoami = 2;
	if (res->status < 200 || res->status >= 300)
		return;
	cJSON *doc = cJSON_ParseWithLength(res->body, res->body_len);
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "status");
	const cJSON *ui = cJSON_GetObjectItemCaseSensitive(st, "userInfo");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(ui, "username");
	if (cJSON_IsString(u) && u->valuestring[0]) {
		free(a->user);
		a->user = xstrdup(u->valuestring);
		audit_set_user(a->context, a->user);
	}
	cJSON_Delete(doc);
}

static void
api_whoami_send(struct api *a)
{
	const char *v = api_whoami_versions[a->whoami_try];
	struct api_ref ref = { "authentication.k8s.io", v, "selfsubjectreviews", NULL, NULL, NULL };
	char *path = api_path(&ref, NULL);
	char *body = xasprintf("{\"apiVersion\":\"authentication.k8s.io/%s\",\"kind\":"
	    "\"SelfSubjectReview\"}", v);
	struct http_opts o = { .method = "POST", .path = path, .content_type = "application/json",
		.body = body, .body_len = strlen(body), .timeout_ms = 10000 };
	a->whoami_req = http_request(a->h, &o, NULL, api_on_whoami, a);
	free(path);
	free(body);
}

void
api_whoami(struct api *a)
{
	if (a->whoami != 0 || a->h == NULL)
		return;
	a->whoami = 1;
	api_whoami_send(a);
}
