/* The Kubernetes API as kdeck speaks it: typed, asynchronous calls on the loop over one
 * cluster's HTTP client (kube/http.h). Paths and query strings are built and escaped here
 * and nowhere else (api_path.c); every mutating call goes through the audit journal
 * (kube/audit.h) and is refused before it is sent when the journal cannot be written.
 * Errors are values: struct api_result carries the status, the server's Status sentence,
 * its reason and its causes. */
#ifndef KD_API_H
#define KD_API_H

#include <stddef.h>

#include "util/err.h"

struct cJSON;
struct sbuf;
struct http;
struct kconn;
struct kres;
struct api;
struct api_call;

/* What a call is about. NULL or "" fields are left out: no ns is cluster-wide or a
 * cluster-scoped resource, no name is the collection. group "" is the core group;
 * version NULL is "v1". Strings are borrowed for the duration of the call that takes it. */
struct api_ref {
	const char *group, *version, *resource, *ns, *name, *subresource;
};

/* A ref for resource r (ns dropped when r is cluster-scoped); the strings stay r's. */
struct api_ref api_ref_kres(const struct kres *r, const char *ns, const char *name);
/* Percent-encodes s for a path segment or a query value (RFC 3986 unreserved kept).
 * Returns a new string. */
char *api_escape(const char *s);
/* Appends "key=value" (with "&" when q is not empty), the value escaped. */
void api_query_add(struct sbuf *q, const char *key, const char *value);
/* "/apis/G/V/namespaces/NS/RESOURCE/NAME/SUB?query" with every segment escaped; query
 * (NULL: none) is used as given (build it with api_query_add). Returns a new string. */
char *api_path(const struct api_ref *ref, const char *query);

#define API_MAX_CAUSES 8

struct api_cause {
	char field[128];
	char reason[64];
	char message[256];
};

struct api_result {
	long status;                 /* HTTP status; 0 when there was no answer */
	const struct cJSON *body;    /* the parsed answer, borrowed during the callback; NULL
	                              * when it is not JSON */
	const char *raw;             /* the answer as sent, borrowed */
	size_t raw_len;
	struct kd_err err;           /* KD_OK on 2xx; 409 is KD_ERR_CONFLICT */
	char reason[64];             /* the Status reason ("Conflict", "Invalid"), or "" */
	struct api_cause causes[API_MAX_CAUSES];   /* Status details.causes, in order */
	int ncauses;
	struct cJSON *owned;         /* body, until api_result_take takes it */
};

/* The parsed answer, the caller's from now on (cJSON_Delete it): for an object kept after
 * the callback, without a copy of it. NULL when there is none or it was taken. Call it
 * during the callback only. */
struct cJSON *api_result_take(const struct api_result *res);

/* Fills res's err, reason and causes from an answer (status and a Status body). */
void api_result_parse(struct api_result *res, long status, const struct cJSON *body,
    const char *raw, size_t raw_len);

/* The call ended; the call is freed when this returns (forget the handle). */
typedef void (*api_cb)(struct api_call *c, const struct api_result *res, void *arg);

enum api_patch { API_PATCH_STRATEGIC, API_PATCH_MERGE, API_PATCH_JSON, API_PATCH_APPLY };
enum api_propagation { API_PROPAGATE_DEFAULT, API_PROPAGATE_BACKGROUND,
	API_PROPAGATE_FOREGROUND, API_PROPAGATE_ORPHAN };

/* Options of a write; NULL means all defaults. */
struct api_write_opts {
	int dry_run;                         /* dryRun=All: checked, not persisted */
	int force;                           /* API_PATCH_APPLY: take over conflicting fields */
	enum api_propagation propagation;    /* delete */
	long grace_seconds;                  /* delete: gracePeriodSeconds; < 0 unset (use -1) */
	int once;                            /* a 429 is the answer, not tried again: the caller
	                                      * retries itself (an eviction a budget blocks) */
	int raw;                             /* a 2xx answer handed over as sent, as api_get_raw
	                                      * does (res->body NULL): a large object's answer
	                                      * read without a tree */
	int unread;                          /* a 2xx answer's body not even kept (res->body
	                                      * NULL, res->raw_len 0): a dry run whose object is
	                                      * not looked at */
};
#define API_WRITE_DEFAULT { 0, 0, API_PROPAGATE_DEFAULT, -1, 0, 0, 0 }

struct api_list_opts {
	const char *label_selector, *field_selector;
	const char *cont;                    /* continue token */
	unsigned limit;                      /* 0: none */
	int timeout_ms;                      /* 0: the client's default */
};

/* The question of a SelfSubjectAccessReview. */
struct api_access {
	const char *verb, *group, *resource, *subresource, *ns, *name;
};

/* The API of one cluster: h (borrowed, must outlive it), the kubeconfig context and its
 * connection (borrowed; the server and user name are copied). */
struct api *api_new(struct http *h, const char *context, const struct kconn *conn);
/* Cancels outstanding calls (no callbacks; mutations in flight are journalled as such). */
void api_free(struct api **a);
struct http *api_http(const struct api *a);
const char *api_context(const struct api *a);
const char *api_server(const struct api *a);
/* The user as the server knows them (SelfSubjectReview), else the kubeconfig user. */
const char *api_user(const struct api *a);
/* Asks the server who the user is (once; later calls do nothing). Best effort. */
void api_whoami(struct api *a);

/* Every call returns a handle (never NULL: failures arrive through cb). */
struct api_call *api_get(struct api *a, const struct api_ref *ref, api_cb cb, void *arg);
/* The same, a 2xx answer handed over as sent (res->body NULL, res->raw its bytes): for a
 * large object the caller reads without a tree. An error's Status is parsed as always. */
struct api_call *api_get_raw(struct api *a, const struct api_ref *ref, api_cb cb, void *arg);
/* The answer's bytes (res->raw, *len of them, NUL-terminated past them), the caller's
 * from now on (free it): kept after the callback without a copy. NULL when there are none
 * or they were taken. c and res are the callback's; call it during the callback only. */
char *api_result_take_raw(struct api_call *c, const struct api_result *res, size_t *len);
struct api_call *api_list(struct api *a, const struct api_ref *ref, const struct api_list_opts *o,
    api_cb cb, void *arg);
/* POST of body (JSON) to ref's collection (or to ref's subresource, e.g. eviction). */
struct api_call *api_create(struct api *a, const struct api_ref *ref, const char *body,
    const struct api_write_opts *o, api_cb cb, void *arg);
/* PUT of body to ref; a stale resourceVersion answers KD_ERR_CONFLICT. */
struct api_call *api_update(struct api *a, const struct api_ref *ref, const char *body,
    const struct api_write_opts *o, api_cb cb, void *arg);
/* PATCH; API_PATCH_APPLY sends fieldManager=kdeck (and force=true with o->force). */
struct api_call *api_patch(struct api *a, const struct api_ref *ref, enum api_patch type,
    const char *patch, const struct api_write_opts *o, api_cb cb, void *arg);
/* DELETE with a DeleteOptions body (propagationPolicy, gracePeriodSeconds, dryRun). */
struct api_call *api_delete(struct api *a, const struct api_ref *ref,
    const struct api_write_opts *o, api_cb cb, void *arg);
/* A SelfSubjectAccessReview; the answer's status.allowed is in res->body. Not a change:
 * not journalled. */
struct api_call *api_access_review(struct api *a, const struct api_access *q, api_cb cb,
    void *arg);
/* Stops a call; no callback follows. Accepts NULL; sets *c = NULL. */
void api_cancel(struct api_call **c);

/* The content type of a patch type ("application/merge-patch+json"). */
const char *api_patch_content_type(enum api_patch type);
/* The journal's word for a patch type ("strategic", "merge", "json", "apply"). */
const char *api_patch_name(enum api_patch type);

#endif
