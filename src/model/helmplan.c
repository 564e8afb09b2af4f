/* A release's objects and what helm does to each; see helmplan.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/helmplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/doc.h"
#include "model/smpatch.h"
#include "model/smpatch3.h"
#include "util/xmalloc.h"

static const char *
hp_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

int
helmplan_parse(const char *manifest, const char *ns, struct helmplan_obj **objs, size_t *n,
    struct kd_err *err)
{
	*objs = NULL;
	*n = 0;
	cJSON *docs = doc_from_yaml_all(manifest ? manifest : "", manifest ? strlen(manifest) : 0,
	    "the manifest", err);
	if (docs == NULL)
		return -1;
	size_t cap = (size_t)cJSON_GetArraySize(docs);
	struct helmplan_obj *out = xcalloc(cap ? cap : 1, sizeof *out);
	size_t k = 0;
	while (docs->child != NULL) {
		cJSON *doc = cJSON_DetachItemViaPointer(docs, docs->child);
		const cJSON *md = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
		const char *av = hp_str(doc, "apiVersion"), *kind = hp_str(doc, "kind");
		const char *name = hp_str(md, "name");
		if (!cJSON_IsObject(doc) || (!*av && !*kind && md == NULL)) {   /* empty, comments */
			cJSON_Delete(doc);
			continue;
		}
		if (!*av || !*kind || !*name) {
			kd_err_set(err, KD_ERR_INVALID, "the manifest's document %zu has no %s", k + 1,
			    !*av ? "apiVersion" : !*kind ? "kind" : "metadata.name");
			cJSON_Delete(doc);
			cJSON_Delete(docs);
			helmplan_free(&out, k);
			return -1;
		}
		struct helmplan_obj *o = &out[k++];
		const char *slash = strchr(av, '/');
		o->group = slash ? xstrndup(av, (size_t)(slash - av)) : xstrdup("");
		o->version = xstrdup(slash ? slash + 1 : av);
		o->kind = xstrdup(kind);
		o->name = xstrdup(name);
		const char *own = hp_str(md, "namespace");
		o->ns = xstrdup(*own ? own : ns ? ns : "");
		if (!*own && o->ns[0])   /* as helm's builder sets it on namespaced objects */
			cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(doc, "metadata"), "namespace", o->ns);
		o->obj = doc;
	}
	cJSON_Delete(docs);
	*objs = out;
	*n = k;
	return 0;
}

void
helmplan_free(struct helmplan_obj **objs, size_t n)
{
	if (objs == NULL || *objs == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		struct helmplan_obj *o = &(*objs)[i];
		cJSON_Delete(o->obj);
		cJSON_Delete(o->patch);
		free(o->group);
		free(o->version);
		free(o->kind);
		free(o->name);
		free(o->ns);
	}
	free(*objs);
	*objs = NULL;
}

void
helmplan_cluster_scoped(struct helmplan_obj *o)
{
	o->ns[0] = '\0';
	cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(o->obj, "metadata"),
	    "namespace");
}

struct helmplan_obj *
helmplan_find(struct helmplan_obj *objs, size_t n, const struct helmplan_obj *o)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(objs[i].name, o->name) == 0 && strcmp(objs[i].ns, o->ns) == 0 &&
		    strcmp(objs[i].kind, o->kind) == 0 && strcmp(objs[i].group, o->group) == 0)
			return &objs[i];
	return NULL;
}

static cJSON *
hp_object(cJSON *parent, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(parent, key);
	if (cJSON_IsObject(v))
		return v;
	if (v != NULL)
		cJSON_DeleteItemFromObjectCaseSensitive(parent, key);
	return cJSON_AddObjectToObject(parent, key);
}

static void
hp_set(cJSON *map, const char *key, const char *value)
{
	if (cJSON_GetObjectItemCaseSensitive(map, key) != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(map, key, cJSON_CreateString(value));
	else
		cJSON_AddStringToObject(map, key, value);
}

void
helmplan_set_owner(struct helmplan_obj *o, const char *release, const char *ns)
{
	cJSON *md = hp_object(o->obj, "metadata");
	hp_set(hp_object(md, "labels"), "app.kubernetes.io/managed-by", "Helm");
	cJSON *ann = hp_object(md, "annotations");
	hp_set(ann, "meta.helm.sh/release-name", release);
	hp_set(ann, "meta.helm.sh/release-namespace", ns);
}

int
helmplan_keep(const cJSON *obj)
{
	const cJSON *md = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *ann = cJSON_GetObjectItemCaseSensitive(md, "annotations");
	return strcmp(hp_str(ann, HELMPLAN_KEEP_ANNOTATION), "keep") == 0;
}

int
helmplan_builtin(const char *group, const char *version)
{
	/* the groups of client-go's scheme (kubernetes/scheme) and apiextensions v1: their
	 * objects convert to typed structs, which carry the patch strategies */
	static const char *const groups[] = {
		"", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "extensions",
		"rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io",
		"scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io",
		"node.k8s.io", "certificates.k8s.io", "flowcontrol.apiserver.k8s.io",
		"authentication.k8s.io", "authorization.k8s.io", "resource.k8s.io",
		"storagemigration.k8s.io", "internal.apiserver.k8s.io",
	};
	if (strcmp(group, "apiextensions.k8s.io") == 0)
		return strcmp(version, "v1beta1") != 0;
	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(group, groups[i]) == 0)
			return 1;
	return 0;
}

void
helmplan_decide(struct helmplan_obj *o, const cJSON *live, char *why, size_t len)
{
	cJSON_Delete(o->patch);
	o->patch = NULL;
	if (live == NULL) {
		o->action = HELMPLAN_CREATE;
		return;
	}
	if (o->original == NULL) {
		o->action = HELMPLAN_ERROR;
		snprintf(why, len, "no %s with the name \"%s\" found", o->kind, o->name);
		return;
	}
	o->strategic = helmplan_builtin(o->group, o->version);
	o->patch = o->strategic ? smpatch3_make(o->original, o->obj, live) :
	    smpatch_merge(o->original, o->obj);
	if (o->patch == NULL) {
		o->action = HELMPLAN_ERROR;
		snprintf(why, len, "out of memory computing the patch of %s %s", o->kind, o->name);
		return;
	}
	o->action = o->patch->child == NULL ? HELMPLAN_UNCHANGED : HELMPLAN_CHANGE;
}

static int
hp_rank(const char *kind)
{
	static const char *const order[] = {
		"APIService", "Ingress", "IngressClass", "Service", "CronJob", "Job", "StatefulSet",
		"HorizontalPodAutoscaler", "Deployment", "ReplicaSet", "ReplicationController", "Pod",
		"DaemonSet", "RoleBindingList", "RoleBinding", "RoleList", "Role",
		"ClusterRoleBindingList", "ClusterRoleBinding", "ClusterRoleList", "ClusterRole",
		"CustomResourceDefinition", "PersistentVolumeClaim", "PersistentVolume", "StorageClass",
		"ConfigMap", "SecretProviderClass", "SecretList", "Secret", "ServiceAccount",
		"PodDisruptionBudget", "PodSecurityPolicy", "LimitRange", "ResourceQuota",
		"NetworkPolicy", "Namespace", "PriorityClass",
	};
	int n = (int)(sizeof order / sizeof order[0]);
	for (int i = 0; i < n; i++)
		if (strcmp(kind, order[i]) == 0)
			return i;
	return n;
}

void
helmplan_uninstall_order(struct helmplan_obj *objs, size_t n)
{
	/* insertion sort: stable, and a release holds tens of objects */
	for (size_t i = 1; i < n; i++) {
		struct helmplan_obj t = objs[i];
		int r = hp_rank(t.kind);
		size_t j = i;
		while (j > 0 && hp_rank(objs[j - 1].kind) > r) {
			objs[j] = objs[j - 1];
			j--;
		}
		objs[j] = t;
	}
}

char *
helmplan_yaml(const cJSON *obj)
{
	cJSON *o = cJSON_Duplicate(obj, 1);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "status");
	cJSON *md = cJSON_GetObjectItemCaseSensitive(o, "metadata");
	if (cJSON_IsObject(md)) {
		cJSON_DeleteItemFromObjectCaseSensitive(md, "managedFields");
		cJSON_DeleteItemFromObjectCaseSensitive(md, "resourceVersion");
		cJSON_DeleteItemFromObjectCaseSensitive(md, "generation");
	}
	char *y = doc_to_yaml(o, DOC_SORT_KEYS);
	cJSON_Delete(o);
	return y;
}

const char *
helmplan_word(enum helmplan_action a)
{
	static const char *const words[] = { "pending", "created", "changed", "unchanged", "deleted",
		"kept", "gone", "error" };
	return a <= HELMPLAN_ERROR ? words[a] : "?";
}
