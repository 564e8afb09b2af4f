/* The engine of an edit's save; see editapply.h. */
#define _POSIX_C_SOURCE 200809L
#include "ops/editapply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kube/api.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "loop.h"
#include "model/doc.h"
#include "model/docmap.h"
#include "model/jsonkey.h"
#include "model/jsonread.h"
#include "model/merge3.h"
#include "model/smpatch.h"
#include "ops/editobj.h"
#include "ops/lastchange.h"
#include "ops/op.h"
#include "ops/restart.h"
#include "ops/revert.h"
#include "util/xmalloc.h"

/* Times a 409 of hidden changes only is sent again before the engine gives up. */
#define EDITAPPLY_MAX_RETRIES 5

/* The API groups of kubectl's scheme (client-go's kubernetes scheme): the strategic merge
 * patch knows their types. */
static const char *const editapply_groups[] = {
	"", "admissionregistration.k8s.io", "apps", "authentication.k8s.io",
	"authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io",
	"coordination.k8s.io", "discovery.k8s.io", "events.k8s.io", "extensions",
	"flowcontrol.apiserver.k8s.io", "internal.apiserver.k8s.io", "networking.k8s.io",
	"node.k8s.io", "policy", "rbac.authorization.k8s.io", "resource.k8s.io",
	"scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io", NULL,
};

int
editapply_builtin(const char *group)
{
	if (group == NULL)
		group = "";
	for (int i = 0; editapply_groups[i] != NULL; i++)
		if (strcmp(group, editapply_groups[i]) == 0)
			return 1;
	return 0;
}

enum api_patch
editapply_patch_type(const struct kres *res)
{
	return res != NULL && editapply_builtin(res->group) ? API_PATCH_STRATEGIC : API_PATCH_MERGE;
}

cJSON *
editapply_patch(const cJSON *from, const cJSON *to, enum api_patch type, const char *rv)
{
	cJSON *p = type == API_PATCH_STRATEGIC ? smpatch_strategic(from, to) : smpatch_merge(from, to);
	if (p == NULL || (cJSON_IsObject(p) && p->child == NULL)) {
		cJSON_Delete(p);
		return NULL;
	}
	if (rv != NULL && cJSON_IsObject(p)) {
		cJSON *meta = cJSON_GetObjectItemCaseSensitive(p, "metadata");
		if (!cJSON_IsObject(meta)) {
			cJSON_DeleteItemFromObjectCaseSensitive(p, "metadata");
			meta = cJSON_AddObjectToObject(p, "metadata");
		}
		cJSON_DeleteItemFromObjectCaseSensitive(meta, "resourceVersion");
		cJSON_AddStringToObject(meta, "resourceVersion", rv);
	}
	return p;
}

static const char *
editapply_str(const cJSON *obj, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static const char *
editapply_meta_str(const cJSON *obj, const char *key)
{
	return editapply_str(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), key);
}

static int
editapply_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The mark of path in text (its nearest ancestor's line when text lacks it). */
static void
editapply_mark_path(const struct docmap *m, const char *path, struct editapply_mark *mk)
{
	struct docmap_hit hit = { 0 };
	mk->line = 1;
	mk->col = 0;
	if (m != NULL && path != NULL && path[0] != '\0' && docmap_find(m, path, &hit) == 0 &&
	    hit.line >= 1) {
		mk->line = hit.line;
		mk->col = hit.exact ? hit.col : 0;
	}
	free(hit.found);
}

static void
editapply_refuse(struct editapply_prep *p, const char *text, size_t len, const char *path,
    const char *sentence)
{
	struct docmap *m = docmap_new(text, len, NULL);
	p->outcome = EDITAPPLY_REFUSED;
	editapply_mark_path(m, path, &p->mark);
	docmap_free(&m);
	snprintf(p->mark.msg, sizeof p->mark.msg, "%s", sentence);
	snprintf(p->sentence, sizeof p->sentence, "%s", sentence);
}

void
editapply_prepare(const struct editobj *o, const char *text, size_t len, struct editapply_prep *p)
{
	memset(p, 0, sizeof *p);
	struct docmap_err derr;
	cJSON *tree = editobj_tree(o, text, len, &derr);
	if (tree == NULL) {
		p->outcome = EDITAPPLY_REFUSED;
		p->mark.line = derr.line > 0 ? derr.line : 1;
		p->mark.col = derr.col;
		snprintf(p->mark.msg, sizeof p->mark.msg, "%s", derr.msg);
		snprintf(p->sentence, sizeof p->sentence, "Not saved: line %d: %s", p->mark.line, derr.msg);
		return;
	}
	if (cJSON_IsNull(tree)) {
		cJSON_Delete(tree);
		p->outcome = EDITAPPLY_CANCELLED;
		snprintf(p->sentence, sizeof p->sentence, "Edit cancelled, saved file was empty.");
		return;
	}
	if (!cJSON_IsObject(tree)) {
		cJSON_Delete(tree);
		editapply_refuse(p, text, len, NULL,
		    "Not saved: the text must be one object, a map with apiVersion, kind and metadata.");
		return;
	}
	const cJSON *loaded = editobj_loaded(o);
	if (loaded == NULL && !editobj_is_new(o)) {
		cJSON_Delete(tree);
		p->outcome = EDITAPPLY_REFUSED;
		p->mark.line = 1;
		snprintf(p->sentence, sizeof p->sentence, "Not saved: out of memory reading the object as loaded.");
		snprintf(p->mark.msg, sizeof p->mark.msg, "out of memory");
		return;
	}
	if (loaded == NULL) {
		const char *miss = editapply_str(tree, "apiVersion") == NULL ? "apiVersion" :
		    editapply_str(tree, "kind") == NULL ? "kind" :
		    editapply_meta_str(tree, "name") == NULL &&
		    editapply_meta_str(tree, "generateName") == NULL ? "metadata.name" : NULL;
		if (miss != NULL) {
			char s[160];
			snprintf(s, sizeof s, "Not created: the object needs %s.", miss);
			editapply_refuse(p, text, len, strcmp(miss, "metadata.name") == 0 ? "metadata" : NULL, s);
			cJSON_Delete(tree);
			return;
		}
		p->outcome = EDITAPPLY_SEND;
		p->tree = tree;
		return;
	}
	static const struct { const char *path, *key; int meta; } ids[] = {
		{ "apiVersion", "apiVersion", 0 }, { "kind", "kind", 0 }, { "metadata.name", "name", 1 },
	};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		const char *was = ids[i].meta ? editapply_meta_str(loaded, ids[i].key) :
		    editapply_str(loaded, ids[i].key);
		const char *now = ids[i].meta ? editapply_meta_str(tree, ids[i].key) :
		    editapply_str(tree, ids[i].key);
		if (!editapply_same(was, now)) {
			editapply_refuse(p, text, len, now != NULL ? ids[i].path :
			    ids[i].meta ? "metadata" : NULL,
			    "Not saved: at least one of apiVersion, kind and name was changed.");
			cJSON_Delete(tree);
			return;
		}
	}
	const char *ns_was = editapply_meta_str(loaded, "namespace");
	const char *ns_now = editapply_meta_str(tree, "namespace");
	if (ns_now != NULL && !editapply_same(ns_was, ns_now)) {
		char s[300];
		snprintf(s, sizeof s, "Not saved: the namespace may not change (it is %.100s).",
		    ns_was ? ns_was : "none");
		editapply_refuse(p, text, len, "metadata.namespace", s);
		cJSON_Delete(tree);
		return;
	}
	p->type = editapply_patch_type(o->res);
	p->patch = editapply_patch(loaded, tree, p->type, o->resource_version);
	if (p->patch == NULL) {
		cJSON_Delete(tree);
		p->outcome = EDITAPPLY_UNCHANGED;
		snprintf(p->sentence, sizeof p->sentence, "No changes: nothing was sent.");
		return;
	}
	p->outcome = EDITAPPLY_SEND;
	p->tree = tree;
}

void
editapply_prep_clear(struct editapply_prep *p)
{
	cJSON_Delete(p->tree);
	cJSON_Delete(p->patch);
	memset(p, 0, sizeof *p);
}

size_t
editapply_marks(const char *text, size_t len, const struct api_result *res,
    struct editapply_mark *out, size_t cap)
{
	size_t n = 0;
	struct docmap *m = docmap_new(text, len, NULL);
	for (int i = 0; i < res->ncauses && n < cap; i++, n++) {
		const struct api_cause *c = &res->causes[i];
		editapply_mark_path(m, c->field, &out[n]);
		if (c->field[0] != '\0')
			snprintf(out[n].msg, sizeof out[n].msg, "%.120s: %.130s", c->field, c->message);
		else
			snprintf(out[n].msg, sizeof out[n].msg, "%.250s", c->message);
	}
	if (n == 0 && cap > 0) {
		out[0].line = 1;
		out[0].col = 0;
		snprintf(out[0].msg, sizeof out[0].msg, "%.250s", res->err.msg);
		n = 1;
	}
	docmap_free(&m);
	return n;
}

const struct kres *
editapply_find_kind(const struct discovery *d, const cJSON *tree)
{
	const char *av = editapply_str(tree, "apiVersion");
	const char *kind = editapply_str(tree, "kind");
	if (d == NULL || av == NULL || kind == NULL)
		return NULL;
	const char *slash = strchr(av, '/');
	size_t glen = slash ? (size_t)(slash - av) : 0;
	for (size_t i = 0; i < discovery_count(d); i++) {
		const struct kres *r = discovery_at(d, i);
		const char *g = r->group ? r->group : "";
		if (r->kind == NULL || strcmp(r->kind, kind) != 0 || strlen(g) != glen ||
		    strncmp(g, av, glen) != 0)
			continue;
		if (strchr(r->resource, '/') != NULL)
			continue;   /* a subresource */
		return r;
	}
	return NULL;
}

char *
editapply_normal_text(const char *text, size_t len)
{
	struct kd_err e;
	cJSON *t = doc_from_yaml(text, len, "text", &e);
	if (t == NULL)
		return NULL;
	char *s = doc_to_yaml(t, 0);
	cJSON_Delete(t);
	return s;
}

/* ---- on the loop ---- */

enum editapply_stage { EA_IDLE, EA_DRY, EA_CONFIRM, EA_REAL, EA_REGET, EA_CONFLICT };

struct editapply {
	struct editobj *o;
	struct editapply_cbs cbs;
	void *arg;
	char *text;                 /* the edited text, for marks */
	size_t len;
	cJSON *mine;                /* the object to reach; NULL: editobj_tree of text (a
	                             * loaded object's until a 409 needs it: not kept twice) */
	cJSON *theirs;              /* the server's object after a 409 */
	struct merge3 m;
	int have_m;
	enum api_patch type;
	char *body;                 /* the patch, or the new object, as JSON */
	struct kres *res;           /* what is written: o's, or the new object's */
	char *ns, *name;
	int create;
	int confirmed;              /* the user has seen and accepted what is sent */
	int retries;
	enum editapply_stage stage;
	struct api_call *call;
	struct loop_timer *timer;
	struct loop *loop;
	struct editapply_end end;
	struct editapply_mark marks[API_MAX_CAUSES + 1];
	char sentence[640];
	char rv[128];
	char *retext;
};

struct editobj *
editapply_obj(const struct editapply *ea)
{
	return ea->o;
}

void
editapply_target(const struct editapply *ea, const struct kres **res, const char **ns,
    const char **name)
{
	*res = ea->res;
	*ns = ea->ns;
	*name = ea->name;
}

const cJSON *
editapply_theirs(const struct editapply *ea)
{
	return ea->theirs;
}

static void
editapply_free(struct editapply *ea)
{
	api_cancel(&ea->call);
	if (ea->timer != NULL)
		loop_timer_cancel(ea->loop, &ea->timer);
	free(ea->text);
	cJSON_Delete(ea->mine);
	cJSON_Delete(ea->theirs);
	if (ea->have_m)
		merge3_free(&ea->m);
	free(ea->body);
	editobj_kres_free(&ea->res);
	free(ea->ns);
	free(ea->name);
	free(ea->retext);
	free(ea);
}

static void
editapply_finish(struct editapply *ea)
{
	ea->end.sentence = ea->sentence;
	if (ea->end.outcome == EDITAPPLY_REFUSED)
		ea->end.marks = ea->marks;
	else
		ea->end.nmarks = 0;
	if (ea->end.outcome == EDITAPPLY_APPLIED)
		ea->end.rv = ea->rv;
	if (ea->end.outcome == EDITAPPLY_RETEXT) {
		ea->end.text = ea->retext;
		ea->end.len = ea->retext ? strlen(ea->retext) : 0;
	}
	ea->cbs.done(ea, &ea->end, ea->arg);
	editapply_free(ea);
}

static void
editapply_on_timer(void *arg)
{
	struct editapply *ea = arg;
	ea->timer = NULL;
	editapply_finish(ea);
}

/* Ends on the next turn of the loop (never inside editapply_start). */
static void
editapply_end_later(struct editapply *ea)
{
	ea->timer = loop_timer_add(ea->loop, 0, editapply_on_timer, ea);
}

/* "deployment shop/web" */
static void
editapply_what(const struct editapply *ea, char *buf, size_t len)
{
	const char *kind = ea->res && ea->res->singular && ea->res->singular[0] ? ea->res->singular :
	    ea->res && ea->res->kind ? ea->res->kind : "object";
	if (ea->ns && ea->ns[0] && ea->res && ea->res->namespaced)
		snprintf(buf, len, "%s %s/%s", kind, ea->ns, ea->name ? ea->name : "");
	else
		snprintf(buf, len, "%s %s", kind, ea->name ? ea->name : "");
}

/* An answer that is not a success, as the end it makes. */
static void
editapply_failed(struct editapply *ea, const struct api_result *res)
{
	char what[300];
	editapply_what(ea, what, sizeof what);
	ea->end.outcome = EDITAPPLY_FAILED;
	if (res->status == 422 || (res->err.code == KD_ERR_INVALID && res->ncauses > 0)) {
		ea->end.outcome = EDITAPPLY_REFUSED;
		ea->end.nmarks = editapply_marks(ea->text, ea->len, res, ea->marks,
		    sizeof ea->marks / sizeof ea->marks[0]);
		snprintf(ea->sentence, sizeof ea->sentence, "Not saved: the server refused %s: %s%s",
		    what, ea->marks[0].msg, ea->end.nmarks > 1 ? " (and more, marked)" : "");
	} else if (res->status == 0) {
		snprintf(ea->sentence, sizeof ea->sentence, "No answer from %s (%.300s): %s; the text "
		    "is kept.", api_context(ea->o->cluster->api), res->err.msg,
		    ea->stage == EA_REAL ? "the change may or may not have been saved" : "nothing was saved");
	} else if (res->status == 404 && !ea->create) {
		snprintf(ea->sentence, sizeof ea->sentence, "%s was deleted meanwhile: nothing was saved; "
		    "the text is kept.", what);
	} else if (res->status == 403) {
		snprintf(ea->sentence, sizeof ea->sentence, "%s was not %s: %.300s", what,
		    ea->create ? "created" : "saved", res->err.msg);
	} else if (res->status == 409 && ea->create) {
		snprintf(ea->sentence, sizeof ea->sentence, "%s already exists: nothing was created.", what);
	} else {
		snprintf(ea->sentence, sizeof ea->sentence, "Not saved: %.500s", res->err.msg);
	}
	editapply_finish(ea);
}

/* A workload's pod template changed by the save: the template before is what :undo puts
 * back (ops/revert.h), as a rollback's is. */
static void
editapply_note_change(const struct editapply *ea, const cJSON *now)
{
	const cJSON *before = ea->theirs ? ea->theirs : editobj_loaded(ea->o);
	/* the kinds whose pod template a restart changes, and so undoes */
	const struct op *restart = op_find("restart");
	int workload = ea->res != NULL && restart != NULL && op_applies_to(restart, ea->res->resource) &&
	    ea->res->group != NULL && strcmp(ea->res->group, "apps") == 0;
	const cJSON *t0 = revert_pointer(before, "/spec/template"), *t1 = revert_pointer(now, "/spec/template");
	if (!workload || t0 == NULL || t1 == NULL || cJSON_Compare(t0, t1, 1))
		return;
	char *back = restart_undo_patch(before);
	char *set = cJSON_PrintUnformatted(t1);
	const char *ctx = api_context(ea->o->cluster->api);
	struct lastchange *lc = lastchange_new(ctx);
	lastchange_add(lc, ea->res, ea->ns, ea->name, NULL, API_PATCH_JSON, back, "/spec/template", set);
	char what[300];
	editapply_what(ea, what, sizeof what);
	lc->what = xasprintf("saved %s on %s (its pod template changed)", what, ctx ? ctx : "");
	lc->undo = revert_say(lc);
	lastchange_note(lc);
	free(back);
	free(set);
}

static void editapply_on_answer(struct api_call *c, const struct api_result *res, void *arg);
static void editapply_merged(struct editapply *ea, enum editapply_choice how, int silent);

static void
editapply_send(struct editapply *ea, int dry)
{
	struct api_write_opts o = API_WRITE_DEFAULT;
	o.dry_run = dry;
	/* a patch's answer is the whole object: a dry run's is not kept, the real one's is
	 * read against the object as loaded (editapply_on_answer) */
	o.raw = !ea->create;
	o.unread = dry;
	ea->stage = dry ? EA_DRY : EA_REAL;
	struct api_ref ref = api_ref_kres(ea->res, ea->ns, ea->create ? NULL : ea->name);
	if (ea->create)
		ea->call = api_create(ea->o->cluster->api, &ref, ea->body, &o, editapply_on_answer, ea);
	else
		ea->call = api_patch(ea->o->cluster->api, &ref, ea->type, ea->body, &o,
		    editapply_on_answer, ea);
}

/* The server's version of the object in the len bytes at raw, read against the object as
 * loaded: what it did not change is that one's, not a second copy (the merge's result, and
 * the object this one becomes, live no longer than that one). NULL when it is not JSON. */
static cJSON *
editapply_read(const struct editapply *ea, const char *raw, size_t len)
{
	if (raw == NULL)
		return NULL;
	cJSON *t = jsonread_like(raw, len, editobj_loaded(ea->o));
	if (t == NULL) {
		t = cJSON_ParseWithLength(raw, len);
		jsonkey_share(t);   /* its many keys held once, as the object as loaded's */
	}
	return t;
}

static void
editapply_on_reget(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	struct editapply *ea = arg;
	ea->call = NULL;
	if (res->err.code != KD_OK) {
		editapply_failed(ea, res);
		return;
	}
	cJSON *theirs = editapply_read(ea, res->raw, res->raw_len);
	if (!cJSON_IsObject(theirs)) {
		cJSON_Delete(theirs);
		editapply_failed(ea, res);
		return;
	}
	cJSON_Delete(ea->theirs);
	ea->theirs = theirs;
	if (ea->have_m)
		merge3_free(&ea->m);
	if (ea->mine == NULL)
		ea->mine = editobj_tree(ea->o, ea->text, ea->len, NULL);
	ea->have_m = ea->mine != NULL && merge3_make(editobj_loaded(ea->o), ea->theirs, ea->mine, &ea->m) == 0;
	if (!ea->have_m) {
		ea->end.outcome = EDITAPPLY_FAILED;
		snprintf(ea->sentence, sizeof ea->sentence, "Not saved: out of memory merging the changes.");
		editapply_finish(ea);
		return;
	}
	if (ea->m.hidden_only && ea->m.conflicts == 0 && ea->retries < EDITAPPLY_MAX_RETRIES) {
		ea->retries++;
		editapply_merged(ea, EDITAPPLY_SEND_MERGED, 1);
		return;
	}
	ea->stage = EA_CONFLICT;
	ea->cbs.conflict(ea, &ea->m, ea->arg);
}

static void
editapply_reget(struct editapply *ea)
{
	ea->stage = EA_REGET;
	/* the patch refused is made again from the merge: not held while the merge is made */
	free(ea->body);
	ea->body = NULL;
	struct api_ref ref = api_ref_kres(ea->res, ea->ns, ea->name);
	ea->call = api_get_raw(ea->o->cluster->api, &ref, editapply_on_reget, ea);
}

static void
editapply_on_answer(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	struct editapply *ea = arg;
	ea->call = NULL;
	if (res->err.code == KD_OK) {
		if (ea->stage == EA_DRY && !ea->confirmed) {
			ea->stage = EA_CONFIRM;
			ea->cbs.confirm(ea, ea->arg);
			return;
		}
		if (ea->stage == EA_DRY) {
			editapply_send(ea, 0);
			return;
		}
		/* a patch's answer, the object now, comes as its bytes (editapply_send): read
		 * against the object as loaded, it costs what the save changed */
		cJSON *read = res->body == NULL ? editapply_read(ea, res->raw, res->raw_len) : NULL;
		const cJSON *body = read != NULL ? read : res->body;
		char what[300];
		const char *rv = editapply_meta_str(body, "resourceVersion");
		snprintf(ea->rv, sizeof ea->rv, "%s", rv ? rv : "");
		if (ea->create) {
			const char *name = editapply_meta_str(body, "name");
			if (name != NULL) {
				free(ea->name);
				ea->name = xstrdup(name);
			}
		}
		if (!ea->create)
			editapply_note_change(ea, body);
		/* the answer is the object now: the next save goes from it */
		if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(body, "metadata")) && rv != NULL) {
			if (ea->create)
				editobj_created(ea->o, ea->res, body);
			else {
				cJSON *now = read != NULL ? read : api_result_take(res);   /* rv stays valid: o holds it */
				read = NULL;
				/* what the version it replaces keeps is what the answer shares of it: the
				 * edited object, which shares more, goes first */
				cJSON_Delete(ea->mine);
				ea->mine = NULL;
				editobj_reload_take(ea->o, now != NULL ? now : cJSON_Duplicate(body, 1));
			}
		}
		cJSON_Delete(read);
		editapply_what(ea, what, sizeof what);
		ea->end.outcome = EDITAPPLY_APPLIED;
		snprintf(ea->sentence, sizeof ea->sentence, "%s %s%s%s.", what,
		    ea->create ? "created" : "saved", rv ? ": resourceVersion " : "", rv ? rv : "");
		editapply_finish(ea);
		return;
	}
	if (res->status == 409 && !ea->create) {
		editapply_reget(ea);
		return;
	}
	editapply_failed(ea, res);
}

struct editapply *
editapply_start(struct editobj *o, const char *text, size_t len, const struct editapply_cbs *cbs,
    void *arg)
{
	struct editapply *ea = xcalloc(1, sizeof *ea);
	ea->o = o;
	ea->cbs = *cbs;
	ea->arg = arg;
	ea->loop = http_loop(api_http(o->cluster->api));
	struct editapply_prep p;
	editapply_prepare(o, text, len, &p);
	ea->len = len;
	if (p.outcome != EDITAPPLY_SEND) {
		ea->text = xstrndup(text, len);
		ea->end.outcome = p.outcome;
		snprintf(ea->sentence, sizeof ea->sentence, "%s", p.sentence);
		if (p.outcome == EDITAPPLY_REFUSED) {
			ea->marks[0] = p.mark;
			ea->end.nmarks = 1;
		}
		editapply_prep_clear(&p);
		editapply_end_later(ea);
		return ea;
	}
	ea->mine = p.tree;
	p.tree = NULL;
	if (!editobj_is_new(o)) {
		ea->res = editobj_kres_dup(o->res);
		ea->ns = xstrdup(o->ns ? o->ns : "");
		ea->name = xstrdup(o->name ? o->name : "");
		ea->type = p.type;
		ea->body = cJSON_PrintUnformatted(p.patch);
		editapply_prep_clear(&p);
		/* the text makes it again when it is needed (a diff, a 409): a large object's
		 * second tree is not kept while the save waits on the server and the user */
		cJSON_Delete(ea->mine);
		ea->mine = NULL;
		/* copied once the edited object is gone: the two are not held at once */
		ea->text = xstrndup(text, len);
		editapply_send(ea, 1);
		return ea;
	}
	editapply_prep_clear(&p);
	ea->text = xstrndup(text, len);
	ea->create = 1;
	const struct kres *r = editapply_find_kind(o->cluster->disc, ea->mine);
	if (r == NULL && o->res != NULL && o->res->kind != NULL &&
	    editapply_same(o->res->kind, editapply_str(ea->mine, "kind")))
		r = o->res;
	if (r == NULL) {
		struct editapply_prep q = { 0 };
		char s[300];
		snprintf(s, sizeof s, "Not created: %s does not serve %.80s in %.80s.",
		    api_context(o->cluster->api), editapply_str(ea->mine, "kind"),
		    editapply_str(ea->mine, "apiVersion"));
		editapply_refuse(&q, text, len, "kind", s);
		ea->end.outcome = EDITAPPLY_REFUSED;
		ea->marks[0] = q.mark;
		ea->end.nmarks = 1;
		snprintf(ea->sentence, sizeof ea->sentence, "%s", s);
		editapply_end_later(ea);
		return ea;
	}
	ea->res = editobj_kres_dup(r);
	/* the version the text names, which need not be the preferred one */
	const char *av = editapply_str(ea->mine, "apiVersion");
	const char *slash = strchr(av, '/');
	free(ea->res->version);
	ea->res->version = xstrdup(slash ? slash + 1 : av);
	const char *ns = editapply_meta_str(ea->mine, "namespace");
	ea->ns = xstrdup(ns && ns[0] ? ns : o->ns && o->ns[0] ? o->ns : "default");
	const char *name = editapply_meta_str(ea->mine, "name");
	ea->name = xstrdup(name ? name : "");
	ea->body = cJSON_PrintUnformatted(ea->mine);
	editapply_send(ea, 1);
	return ea;
}

void
editapply_confirm(struct editapply *ea, int yes)
{
	if (ea->stage != EA_CONFIRM)
		return;
	if (!yes) {
		ea->end.outcome = EDITAPPLY_CANCELLED;
		snprintf(ea->sentence, sizeof ea->sentence, "Edit cancelled: nothing was sent.");
		editapply_finish(ea);
		return;
	}
	ea->confirmed = 1;
	editapply_send(ea, 0);
}

/* The merge's result made the new state (how), from the conflict page or, silent, after
 * a 409 of hidden changes only. */
static void
editapply_merged(struct editapply *ea, enum editapply_choice how, int silent)
{
	if (how == EDITAPPLY_GIVE_UP) {
		ea->end.outcome = EDITAPPLY_CANCELLED;
		snprintf(ea->sentence, sizeof ea->sentence, "Nothing was sent: the object changed on "
		    "the server meanwhile; the text is kept.");
		editapply_finish(ea);
		return;
	}
	cJSON *merged = merge3_result(&ea->m, editobj_loaded(ea->o), ea->theirs, ea->mine);
	cJSON_Delete(ea->mine);
	ea->mine = merged;   /* shares the server's object's nodes: lives no longer than it */
	/* the server's object becomes the one the patch goes from: given, not copied */
	editobj_reload_take(ea->o, ea->theirs);
	ea->theirs = NULL;
	if (how == EDITAPPLY_EDIT_MERGED) {
		ea->retext = editobj_text_for(ea->o, merged);
		ea->end.outcome = EDITAPPLY_RETEXT;
		snprintf(ea->sentence, sizeof ea->sentence, "The merged text is in the editor: the object "
		    "changed on the server meanwhile.");
		editapply_finish(ea);
		return;
	}
	cJSON *patch = editapply_patch(editobj_loaded(ea->o), merged, ea->type, ea->o->resource_version);
	if (patch == NULL) {
		ea->end.outcome = EDITAPPLY_UNCHANGED;
		snprintf(ea->sentence, sizeof ea->sentence, "No changes: the server's object already "
		    "holds what was chosen; nothing was sent.");
		editapply_finish(ea);
		return;
	}
	free(ea->body);
	ea->body = cJSON_PrintUnformatted(patch);
	cJSON_Delete(patch);
	/* the conflict page showed what is sent: it is the question; silent, the change is
	 * the one the user saw (or is yet to see: the dry run comes first then) */
	if (!silent)
		ea->confirmed = 1;
	editapply_send(ea, !(silent && ea->confirmed));
}

void
editapply_resolve(struct editapply *ea, enum editapply_choice how)
{
	if (!ea->have_m || ea->theirs == NULL || ea->stage != EA_CONFLICT)
		return;
	editapply_merged(ea, how, 0);
}

/* A text editobj_text_for made, as the diff compares it: the writer's own output reads
 * back to itself, so only a Secret's (whose notes are comments) is written again. */
static char *
editapply_diff_side(const struct editobj *o, char *text)
{
	if (text == NULL || !o->secret)
		return text;
	char *s = editapply_normal_text(text, strlen(text));
	xfree_secret(&text);
	return s;
}

void
editapply_diff_of(const struct editobj *o, const cJSON *mine, const char *text, size_t len,
    char **a, char **b)
{
	/* what is sent first: the edited object made for it is gone before the loaded one's
	 * text is made */
	cJSON *made = mine == NULL && text != NULL ? editobj_tree(o, text, len, NULL) : NULL;
	if (mine == NULL)
		mine = made;
	*b = mine != NULL ? editapply_diff_side(o, editobj_text_for(o, mine)) : NULL;
	cJSON_Delete(made);
	*a = !editobj_is_new(o) ? editapply_diff_side(o, editobj_text_dup(o, NULL)) : NULL;
	if (*a == NULL)
		*a = xstrdup("");
	if (*b == NULL)
		*b = xstrdup("");
}

void
editapply_diff_texts(const struct editapply *ea, char **a, char **b)
{
	editapply_diff_of(ea->o, ea->mine, ea->text, ea->len, a, b);
}

const char *
editapply_text(const struct editapply *ea, size_t *len)
{
	if (len != NULL)
		*len = ea->len;
	return ea->text;
}

void
editapply_cancel(struct editapply **eap)
{
	if (eap == NULL || *eap == NULL)
		return;
	editapply_free(*eap);
	*eap = NULL;
}
