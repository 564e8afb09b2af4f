/* Discovery: the API groups and resources one cluster serves (CRDs and aggregated APIs
 * included), from the aggregated discovery endpoint when the server has it, else group by
 * group. Cached on disk per server under $XDG_CACHE_HOME/kdeck/discovery/ with a TTL.
 * Resolves what a user types (":po", ":deploy", ":Deployment", ":deployments.apps") to a
 * resource. */
#ifndef KD_DISCOVERY_H
#define KD_DISCOVERY_H

#include <stddef.h>

#include "util/err.h"

struct http;
struct discovery;

enum {
	KRES_GET = 1, KRES_LIST = 2, KRES_WATCH = 4, KRES_CREATE = 8, KRES_UPDATE = 16,
	KRES_PATCH = 32, KRES_DELETE = 64, KRES_DELETECOLLECTION = 128,
};

/* Subresources discovery lists beside a resource ("deployments/scale"). */
enum { KRES_SUB_STATUS = 1, KRES_SUB_SCALE = 2 };

/* One resource as discovery describes it. */
struct kres {
	char *group;          /* "" for the core group */
	char *version;        /* the group's preferred version */
	char *resource;       /* plural: "deployments" */
	char *singular;       /* "deployment" */
	char *kind;           /* "Deployment" */
	char **short_names;   /* {"deploy"}, nshort entries */
	int nshort;
	int namespaced;
	unsigned verbs;       /* KRES_* */
	unsigned subres;      /* KRES_SUB_*: a CRD's scale subresource is known from here */
};

/* Frees r's strings and zeroes it (r itself is the caller's). */
void kres_clear(struct kres *r);
/* Fills d with a copy of s that owns its strings and short names; d's old content is not
 * freed. A string s lacks is "" (the version "v1"). kres_clear frees the copy. */
void kres_copy(struct kres *d, const struct kres *s);
/* A copy of s on the heap: kres_clear it, then free it. */
struct kres *kres_dup(const struct kres *s);

typedef void (*discovery_cb)(struct discovery *d, const struct kd_err *err, void *arg);

/* cache_dir NULL: $XDG_CACHE_HOME/kdeck (or ~/.cache/kdeck). ttl_s 0: 10 minutes. */
struct discovery *discovery_new(struct http *h, const char *cache_dir, int ttl_s);
void discovery_free(struct discovery **d);
/* Fills the resource table from a fresh cache or the server (force: always the server);
 * cb runs on the loop when done (err NULL on success). Never calls cb before returning. */
void discovery_load(struct discovery *d, int force, discovery_cb cb, void *arg);
int discovery_ready(const struct discovery *d);
/* "from cache" or "from server" (tests, logs). */
const char *discovery_origin(const struct discovery *d);
/* The server's version ("v1.31.2"), or NULL. */
const char *discovery_server_version(const struct discovery *d);

/* Resolves a name a user typed: plural, singular, short name or kind (case-insensitive),
 * optionally qualified with ".group" ("deployments.apps"). Core and well-known groups
 * win ties as kubectl's. NULL when unknown. Borrowed. */
const struct kres *discovery_find(const struct discovery *d, const char *alias);
size_t discovery_count(const struct discovery *d);
const struct kres *discovery_at(const struct discovery *d, size_t i);

/* Parses a discovery document (APIGroupDiscoveryList, or an APIResourceList with its
 * group version) into d's table. other: the list of a group's other version than its
 * preferred one, which only adds what the preferred one does not serve (whichever comes
 * first). Returns 0 or -1 with err. */
int discovery_add_json(struct discovery *d, const char *json, size_t len, const char *group_version,
    int other, struct kd_err *err);

#endif
