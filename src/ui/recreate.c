/* Re-creating a deleted object; see recreate.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app.h"
#include "config.h"
#include "kube/access.h"
#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "ops/deleted.h"
#include "ops/op.h"
#include "ui/guard.h"
#include "ui/recreate.h"
#include "util/xmalloc.h"

struct recreate {
	struct app *app;
	struct cluster *c;
	char *group, *version, *resource, *ns, *name, *what;
	char *body;
};

/* The one asked about, until answered or replaced by the next (a "no" leaves it). */
static struct recreate *recreate_pending;

static void
recreate_free(struct recreate *rc)
{
	if (rc == recreate_pending)
		recreate_pending = NULL;
	free(rc->group);
	free(rc->version);
	free(rc->resource);
	free(rc->ns);
	free(rc->name);
	free(rc->what);
	free(rc->body);
	free(rc);
}

int
recreate_kept(const struct recreate_ref *r, char *why, unsigned long len)
{
	struct kd_err err = { 0 };
	cJSON *obj = deleted_load(r->context, r->group, r->resource, r->ns, r->name, &err);
	if (obj == NULL)
		snprintf(why, len, "%s", err.msg);
	cJSON_Delete(obj);
	return obj != NULL;
}

static void
recreate_on_created(struct api_call *c, const struct api_result *res, void *arg)
{
	struct recreate *rc = arg;
	(void)c;
	if (res->err.code != KD_OK)
		app_flash(rc->app, 1, "%s not re-created: %s", rc->what, res->err.msg);
	else {
		const cJSON *uid = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(res->body,
		    "metadata"), "uid");
		app_flash(rc->app, 0, "re-created %s (uid %s)", rc->what, cJSON_IsString(uid) ? uid->valuestring : "new");
	}
	app_dirty(rc->app);
	recreate_free(rc);
}

static void
recreate_go(struct app *app, void *arg)
{
	struct recreate *rc = arg;
	(void)app;
	if (rc != recreate_pending)
		return;
	recreate_pending = NULL;   /* it ends with its answer */
	struct api_ref ref = { rc->group, rc->version, rc->resource, rc->ns[0] ? rc->ns : NULL, NULL, NULL };
	api_create(rc->c->api, &ref, rc->body, NULL, recreate_on_created, rc);
}

static void
recreate_no(struct app *app, void *arg)
{
	(void)app;
	if (arg == recreate_pending)
		recreate_free(arg);
}

/* Read-only, then what RBAC says of create there. 1, or 0 with why. */
static int
recreate_allowed(struct cluster *c, const char *group, const char *resource, const char *ns, char *why,
    size_t len)
{
	if (c->readonly) {
		snprintf(why, len, "re-create is disabled: read-only (%s)", c->context);
		return 0;
	}
	if (c->access == NULL)
		return 1;
	struct api_access q = { "create", group, resource, NULL, ns && ns[0] ? ns : NULL, NULL };
	switch (access_answer(c->access, &q, NULL, 0)) {
	case ACCESS_NO:
		snprintf(why, len, "re-create is disabled: not allowed to create %s%s%s", resource,
		    ns && ns[0] ? " in " : "", ns && ns[0] ? ns : "");
		return 0;
	case ACCESS_NOT_ASKED:
		access_ask(c->access, &q, NULL, NULL);
		/* FALLTHROUGH */
	case ACCESS_PENDING:
		snprintf(why, len, "still asking %s whether you may create %s (try again in a moment)", c->context,
		    resource);
		return 0;
	default:
		return 1;
	}
}

void
recreate_prefetch(struct app *app, const struct recreate_ref *r)
{
	struct cluster *c = app_cluster(app, r->context);
	if (c == NULL || c->access == NULL)
		return;
	struct api_access q = { "create", r->group, r->resource, NULL, r->ns && r->ns[0] ? r->ns : NULL, NULL };
	if (access_answer(c->access, &q, NULL, 0) == ACCESS_NOT_ASKED)
		access_ask(c->access, &q, NULL, NULL);
}

int
recreate_ask(struct app *app, const struct recreate_ref *r)
{
	char why[512];
	struct kd_err err = { 0 };
	if (app_readonly(app)) {
		app_flash(app, 1, "re-create is disabled: read-only (--readonly)");
		return -1;
	}
	struct cluster *c = app_cluster(app, r->context);
	if (c == NULL) {
		app_flash(app, 1, "%s is not a context of this kubeconfig", r->context);
		return -1;
	}
	if (!recreate_allowed(c, r->group, r->resource, r->ns, why, sizeof why)) {
		app_flash(app, 1, "%s", why);
		return -1;
	}
	if (c->state != CLUSTER_READY) {
		app_flash(app, 1, "%s is not connected (try again in a moment)", c->context);
		return -1;
	}
	cJSON *obj = deleted_load(r->context, r->group, r->resource, r->ns, r->name, &err);
	if (obj == NULL) {
		app_flash(app, 1, "%s", err.msg);
		return -1;
	}
	if (recreate_pending != NULL)
		recreate_free(recreate_pending);
	struct recreate *rc = xcalloc(1, sizeof *rc);
	recreate_pending = rc;
	rc->app = app;
	rc->c = c;
	rc->group = xstrdup(r->group ? r->group : "");
	rc->version = xstrdup(r->version && r->version[0] ? r->version : "v1");
	rc->resource = xstrdup(r->resource);
	rc->ns = xstrdup(r->ns ? r->ns : "");
	rc->name = xstrdup(r->name);
	rc->body = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	char kbuf[64];
	const struct kres *k = c->disc ? discovery_find(c->disc, r->resource) : NULL;
	rc->what = xasprintf("%s %s%s%s on %s", k ? op_kind_word(k, 1, kbuf, sizeof kbuf) : r->resource, r->name,
	    rc->ns[0] ? " in " : "", rc->ns, c->context);
	char *q = xasprintf("Re-create %s from its last YAML? Its uid, status and owner references will be new.",
	    rc->what);
	if (config_production(c->context)) {
		char *w = xasprintf("%s %s is a production context", q, c->context);
		guard_type_or(app, w, rc->name, recreate_go, recreate_no, rc);
		free(w);
	} else
		app_confirm(app, q, recreate_go, rc);
	free(q);
	return 0;
}
