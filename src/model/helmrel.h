/* A Helm 3 release revision as helm's secrets driver stores it (pkg/storage/driver): a
 * Secret sh.helm.release.v1.NAME.vN of type helm.sh/release.v1, labels name, owner=helm,
 * status and version, whose data.release is base64(gzip(JSON release)) (and base64 again as
 * every Secret value on the wire). Decoded here into what kdeck shows and what a rollback
 * copies; encoded back exactly as helm writes it. No I/O. */
#ifndef KD_HELMREL_H
#define KD_HELMREL_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "util/err.h"

#define HELMREL_SECRET_TYPE "helm.sh/release.v1"
#define HELMREL_SELECTOR "owner=helm"

struct helmrel {
	char *name, *ns;
	long version;
	char *status;          /* deployed, superseded, failed, uninstalling, uninstalled,
	                        * pending-install, pending-upgrade, pending-rollback */
	char *chart;           /* chart.metadata.name */
	char *chart_version;   /* chart.metadata.version */
	char *app_version;     /* chart.metadata.appVersion, "" when none */
	char *description;     /* info.description */
	time_t first_deployed, last_deployed;   /* 0 when absent */
	const char *manifest;  /* in json, "" when none */
	const char *notes;     /* info.notes, "" when none */
	cJSON *json;           /* the whole release as decoded (config, chart.values, hooks...) */
};

/* Decodes a release Secret (as the API serves it, with data.release base64) into r.
 * Returns 0, or -1 with err saying why ("sh.helm.release.v1.web.v3: data.release is not
 * gzip"). */
int helmrel_from_secret(struct helmrel *r, const cJSON *secret, struct kd_err *err);
/* The same from data.release's value as served (base64 of base64 of gzip). */
int helmrel_decode(struct helmrel *r, const char *data_release, struct kd_err *err);
void helmrel_free(struct helmrel *r);

/* data.release's value (as sent in a Secret's data) for the release JSON rel. A new string. */
char *helmrel_encode(const cJSON *rel);
/* The Secret helm writes for rel (name, type, labels name/owner/status/version, and
 * createdAt/modifiedAt seconds as recent helm writes them; created: when the record is
 * made). A new object. */
cJSON *helmrel_secret(const cJSON *rel, time_t created);

/* Whether status is pending-install/-upgrade/-rollback (what blocks `helm upgrade`). */
int helmrel_pending(const char *status);

#endif
