/* Applying a file of manifests to one or several clusters, as kubectl apply --server-side
 * does it, with a plan first. The file holds YAML documents ("---") or JSON, a List
 * expanded into its items. For each cluster and each object: its resource from apiVersion
 * and kind through the cluster's discovery, its namespace from the object or the one
 * given for the cluster; then, at once and side by side, a server-side apply dry run
 * (field manager kdeck) and a GET of the live object, which say what the apply will do:
 * create it, change it (with the diff of the live object and the dry run's answer),
 * nothing, or conflict with the fields another field manager owns (409: the causes name
 * the fields and the manager), or fail (403, 422 with its causes, no answer). Applied for
 * real on the caller's word; conflicts only with force (take over). Every request goes
 * through kube/api, and so into the audit journal, dry runs marked as such. No curses. */
#ifndef KD_APPLYFILE_H
#define KD_APPLYFILE_H

#include <stddef.h>

#include "util/err.h"

struct cJSON;
struct cluster;
struct applyfile;

enum applyfile_state {
	AF_PLANNING,     /* the dry run or the GET is out */
	AF_CREATED,      /* will be created (the GET said 404) */
	AF_CHANGED,      /* exists and the apply changes it */
	AF_UNCHANGED,    /* exists and the apply changes nothing */
	AF_CONFLICT,     /* another field manager owns a field the apply sets to another value */
	AF_ERROR,        /* the dry run was refused or not answered: why says why */
	AF_APPLYING,     /* the apply is out */
	AF_APPLIED,
	AF_FAILED,       /* the apply was refused: why says why */
};

/* One object of the file, as read (no cluster yet). */
struct applyfile_obj {
	struct cJSON *obj;       /* the object as written */
	int line;                /* where its document starts in the file (1-based) */
	char *group, *version, *kind, *ns, *name;   /* ns NULL when the object names none */
};

/* One object on one cluster: a row of the plan. */
struct applyfile_item {
	struct cluster *cluster;             /* borrowed */
	const struct applyfile_obj *obj;
	char *resource;                      /* plural, NULL when the kind is unknown there */
	char *ns;                            /* "" for a cluster-scoped kind */
	int namespaced;
	enum applyfile_state state;
	enum applyfile_state planned;        /* what the plan said (kept while applying) */
	char *live, *result;                 /* YAML of the live object and of the dry run's
	                                      * answer, status and server-written fields left
	                                      * out; NULL when there is none */
	size_t added, removed;               /* lines of their diff */
	char *managers;                      /* a conflict's managers: "other, kubectl" */
	char *fields;                        /* and what each owns: "\"other\": .spec.replicas" */
	char *why;                           /* an error's or a failure's sentence */
};

/* Reads path into *objs (a new array of *n, free with applyfile_objs_free): every
 * document, a List's items each on its own. 0, or -1 with err saying "FILE:LINE: what"
 * (a syntax error, a document without apiVersion, kind or metadata.name, nothing to
 * apply). */
int applyfile_read(const char *path, struct applyfile_obj **objs, size_t *n, struct kd_err *err);
/* The same of text (len bytes), errors naming name. */
int applyfile_parse(const char *text, size_t len, const char *name, struct applyfile_obj **objs,
    size_t *n, struct kd_err *err);
void applyfile_objs_free(struct applyfile_obj **objs, size_t n);

/* Something changed (an answer arrived); the plan is drawn again. */
typedef void (*applyfile_cb)(struct applyfile *af, void *arg);

/* The plan of path on clusters[0..ncl) (ready ones), ns[i] the namespace a namespaced
 * object without one goes to on clusters[i]; starts every dry run and GET now. NULL
 * with err when the file cannot be read (applyfile_read). A read-only cluster's rows are
 * errors, nothing sent. changed runs on the loop as answers arrive, never before this
 * returns. */
struct applyfile *applyfile_new(const char *path, struct cluster *const *clusters,
    const char *const *ns, size_t ncl, applyfile_cb changed, void *arg, struct kd_err *err);
/* Cancels what is still out (no callbacks); accepts NULL; sets *af = NULL. */
void applyfile_free(struct applyfile **af);

const char *applyfile_path(const struct applyfile *af);
size_t applyfile_count(const struct applyfile *af);
const struct applyfile_item *applyfile_at(const struct applyfile *af, size_t i);
/* Requests still out (0: the plan, or the apply, is complete). */
size_t applyfile_pending(const struct applyfile *af);
/* How many rows are in state s. */
size_t applyfile_count_state(const struct applyfile *af, enum applyfile_state s);
/* A row's plan as the PLAN column says it: "created", "changed +3 -1", "unchanged",
 * "conflict with other", "error: ...", "applied", "failed: ...". */
void applyfile_plan_word(const struct applyfile_item *it, char *buf, size_t len);

/* The question before an apply: "Apply 2 objects on prod and 1 on staging (3 created,
 * 0 changed)?"; take_over: the conflicts instead, naming which manager loses which
 * fields. NULL when there is nothing to do (why says so). A new string. */
char *applyfile_question(const struct applyfile *af, int take_over, char *why, size_t len);
/* Whether the apply may be sent: 1; 0 with why when a cluster is read-only or RBAC says
 * no (patch, and create for what is created); -1 with why while the server is still
 * being asked. */
int applyfile_check(const struct applyfile *af, int take_over, char *why, size_t len);
/* Applies every created and changed row (take_over: every conflict, with force). Each
 * row becomes AF_APPLYING, then AF_APPLIED or AF_FAILED. Returns how many were sent. */
size_t applyfile_apply(struct applyfile *af, int take_over);

#endif
