/* What a Helm rollback or uninstall does to each object of a release, decided as helm
 * decides it (pkg/kube/client.go Update, pkg/action/uninstall.go): the objects of a
 * manifest (multi-document YAML, as the release holds it), each paired by group, kind,
 * namespace and name with the other manifest's and with the live object; created when it
 * is not on the cluster, patched when it is (a three-way strategic merge patch for the
 * built-in kinds, a two-way JSON merge patch for the others), deleted when the new
 * manifest lacks it, kept when annotated helm.sh/resource-policy: keep. No I/O. */
#ifndef KD_HELMPLAN_H
#define KD_HELMPLAN_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "util/err.h"

#define HELMPLAN_KEEP_ANNOTATION "helm.sh/resource-policy"

enum helmplan_action {
	HELMPLAN_PENDING,     /* not decided yet (the live object is being read) */
	HELMPLAN_CREATE,      /* not on the cluster: created from the manifest */
	HELMPLAN_CHANGE,      /* patched */
	HELMPLAN_UNCHANGED,   /* the patch is empty: nothing is sent */
	HELMPLAN_DELETE,
	HELMPLAN_KEEP,        /* would be deleted but is annotated keep */
	HELMPLAN_GONE,        /* would be deleted but is not there */
	HELMPLAN_ERROR,       /* why says why */
};

struct helmplan_obj {
	cJSON *obj;                  /* as the manifest has it (and helm's metadata on a
	                              * rollback's target) */
	const cJSON *original;       /* the old manifest's object, borrowed; NULL when none */
	char *group, *version, *kind, *name;
	char *ns;                    /* the object's, else the release's; "" once the kind is
	                              * known to be cluster-scoped */
	enum helmplan_action action;
	cJSON *patch;                /* CHANGE: what is sent */
	int strategic;               /* the patch is a strategic merge patch (else JSON merge) */
};

/* The objects of manifest (new array of *n, free with helmplan_free), every namespaced
 * one without a namespace in ns. 0, or -1 with err ("the manifest: 3:1: ..."). */
int helmplan_parse(const char *manifest, const char *ns, struct helmplan_obj **objs, size_t *n,
    struct kd_err *err);
void helmplan_free(struct helmplan_obj **objs, size_t n);

/* o's kind is cluster-scoped: no namespace, in o->ns nor in the object. */
void helmplan_cluster_scoped(struct helmplan_obj *o);
/* The object of objs with o's group, kind, namespace and name; NULL when none. */
struct helmplan_obj *helmplan_find(struct helmplan_obj *objs, size_t n, const struct helmplan_obj *o);

/* What helm's setMetadataVisitor adds to a release's objects before an update: the label
 * app.kubernetes.io/managed-by=Helm, the annotations meta.helm.sh/release-name and
 * meta.helm.sh/release-namespace. */
void helmplan_set_owner(struct helmplan_obj *o, const char *release, const char *ns);
/* Whether obj (a manifest's or a live object) carries helm.sh/resource-policy: keep. */
int helmplan_keep(const cJSON *obj);
/* Whether helm patches group's kinds with a strategic merge patch (the types client-go
 * knows); the others get a JSON merge patch. */
int helmplan_builtin(const char *group, const char *version);

/* Decides o against the live object (NULL: not on the cluster), as helm's Update does for
 * an object of the new manifest: CREATE, an ERROR when the live object exists but the
 * old manifest has none ("no Deployment with the name "web" found"), else CHANGE with its
 * patch or UNCHANGED. */
void helmplan_decide(struct helmplan_obj *o, const cJSON *live, char *why, size_t len);

/* objs in the order helm uninstalls them (releaseutil.UninstallOrder by kind, unknown
 * kinds last, the manifest's order within a kind). */
void helmplan_uninstall_order(struct helmplan_obj *objs, size_t n);

/* An object as a plan's diff shows it: YAML with sorted keys, without status,
 * managedFields, resourceVersion and generation. A new string. */
char *helmplan_yaml(const cJSON *obj);

/* "created", "changed", "unchanged", "deleted", "kept", "gone", "error". */
const char *helmplan_word(enum helmplan_action a);

#endif
