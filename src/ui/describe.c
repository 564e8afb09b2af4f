#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "model/expr.h"
#include "ui/describe.h"
#include "ui/objview.h"
#include "ui/widget/pager.h"
#include "util/base64.h"
#include "util/xmalloc.h"

static const cJSON *
describe_get(const cJSON *o, const char *path)
{
	char buf[256], *save = NULL;
	const cJSON *v = o;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = cJSON_GetObjectItemCaseSensitive(v, k);
	return v;
}

static const char *
describe_str(const cJSON *o, const char *path)
{
	const cJSON *v = describe_get(o, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "Key:          value" with the key in the key colour */
static void
describe_kv(struct pager *p, int indent, const char *key, const char *value)
{
	char *line = xasprintf("%*s%-*s %s", indent, "", 20 - indent > 8 ? 20 - indent : 8,
	    key, value ? value : "<none>");
	pager_add(p, line, indent + (int)strlen(key), THEME_YAML_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
	free(line);
}

static void
describe_scalar(const cJSON *v, char *out, size_t len)
{
	if (cJSON_IsString(v))
		snprintf(out, len, "%s", v->valuestring);
	else if (cJSON_IsBool(v))
		snprintf(out, len, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v))
		snprintf(out, len, "%g", v->valuedouble);
	else if (cJSON_IsNull(v) || v == NULL)
		snprintf(out, len, "<none>");
	else {
		char *s = cJSON_PrintUnformatted(v);
		snprintf(out, len, "%s", s);
		free(s);
	}
}

/* secret: m is a Secret's annotations, where the last-applied one holds its values */
static void
describe_map(struct pager *p, const char *key, const cJSON *m, int secret)
{
	char buf[1024];
	if (m == NULL || m->child == NULL) {
		describe_kv(p, 0, key, "<none>");
		return;
	}
	int first = 1;
	for (const cJSON *c = m->child; c; c = c->next) {
		char v[800];
		if (secret && cJSON_IsString(c) && objview_hidden_key(c->string))
			snprintf(v, sizeof v, "(hidden: %zu bytes)", strlen(c->valuestring));
		else
			describe_scalar(c, v, sizeof v);
		snprintf(buf, sizeof buf, "%s=%s", c->string, v);
		describe_kv(p, 0, first ? key : "", buf);
		first = 0;
	}
}

static void
describe_title(struct pager *p, const char *t)
{
	pager_addf(p, THEME_TITLE, "%s", t);
}

static void
describe_age(const char *ts, char *out, size_t len)
{
	long long t = ts ? expr_parse_time(ts) : -1;
	if (t < 0) {
		snprintf(out, len, "<unknown>");
		return;
	}
	expr_human_duration((long long)time(NULL) - t, out, len);
}

static void
describe_conditions(struct pager *p, const cJSON *conds)
{
	if (!cJSON_IsArray(conds) || cJSON_GetArraySize(conds) == 0)
		return;
	describe_title(p, "Conditions:");
	pager_addf(p, THEME_TABLE_HEADER, "  %-28s %-8s %s", "Type", "Status", "Reason");
	for (const cJSON *c = conds->child; c; c = c->next) {
		const char *reason = describe_str(c, "reason");
		const char *msg = describe_str(c, "message");
		pager_addf(p, THEME_YAML_VALUE, "  %-28s %-8s %s%s%s", describe_str(c, "type") ?: "",
		    describe_str(c, "status") ?: "", reason ?: "", msg ? "  " : "", msg ?: "");
	}
}

/* "Optional: false" as kubectl writes it after a reference */
static const char *
describe_optional(const cJSON *ref)
{
	return cJSON_IsTrue(describe_get(ref, "optional")) ? "Optional: true" : "Optional: false";
}

/* A container's environment as kubectl describe writes it: a value from a Secret or a
 * ConfigMap is named by its reference, never read. pod: resolves fieldRef paths (NULL in a
 * template). */
static void
describe_env(struct pager *p, const cJSON *c, const cJSON *pod)
{
	char buf[1024];
	const cJSON *from = describe_get(c, "envFrom");
	if (cJSON_IsArray(from) && from->child != NULL) {
		describe_kv(p, 4, "Environment Variables from:", "");
		for (const cJSON *e = from->child; e; e = e->next) {
			const cJSON *ref = describe_get(e, "secretRef");
			const char *what = "Secret";
			if (ref == NULL) {
				ref = describe_get(e, "configMapRef");
				what = "ConfigMap";
			}
			const char *prefix = describe_str(e, "prefix");
			if (prefix != NULL && *prefix != '\0')
				snprintf(buf, sizeof buf, "%s with prefix '%s'  %s", what, prefix, describe_optional(ref));
			else
				snprintf(buf, sizeof buf, "%s  %s", what, describe_optional(ref));
			describe_kv(p, 6, describe_str(ref, "name") ?: "", buf);
		}
	}
	const cJSON *env = describe_get(c, "env");
	if (!cJSON_IsArray(env) || env->child == NULL) {
		describe_kv(p, 4, "Environment:", "<none>");
		return;
	}
	describe_kv(p, 4, "Environment:", "");
	for (const cJSON *e = env->child; e; e = e->next) {
		char key[256];
		const cJSON *vf = describe_get(e, "valueFrom"), *ref;
		snprintf(key, sizeof key, "%s:", describe_str(e, "name") ?: "?");
		if (vf == NULL) {
			const char *v = describe_str(e, "value") ?: "";
			const char *nl = strchr(v, '\n');
			snprintf(buf, sizeof buf, "%.*s", nl ? (int)(nl - v) : (int)strlen(v), v);
			describe_kv(p, 6, key, buf);
			for (; nl != NULL; nl = strchr(v, '\n')) {
				v = nl + 1;
				const char *end = strchr(v, '\n');
				snprintf(buf, sizeof buf, "%.*s", end ? (int)(end - v) : (int)strlen(v), v);
				describe_kv(p, 6, "", buf);
			}
		} else if ((ref = describe_get(vf, "secretKeyRef")) != NULL) {
			snprintf(buf, sizeof buf, "<set to the key '%s' in secret '%s'>  %s",
			    describe_str(ref, "key") ?: "", describe_str(ref, "name") ?: "", describe_optional(ref));
			describe_kv(p, 6, key, buf);
		} else if ((ref = describe_get(vf, "configMapKeyRef")) != NULL) {
			snprintf(buf, sizeof buf, "<set to the key '%s' of config map '%s'>  %s",
			    describe_str(ref, "key") ?: "", describe_str(ref, "name") ?: "", describe_optional(ref));
			describe_kv(p, 6, key, buf);
		} else if ((ref = describe_get(vf, "fieldRef")) != NULL) {
			const char *path = describe_str(ref, "fieldPath") ?: "";
			const char *val = pod != NULL && strchr(path, '[') == NULL ? describe_str(pod, path) : NULL;
			snprintf(buf, sizeof buf, "%s (%s:%s)", val ?: "", describe_str(ref, "apiVersion") ?: "v1", path);
			describe_kv(p, 6, key, buf);
		} else if ((ref = describe_get(vf, "resourceFieldRef")) != NULL) {
			snprintf(buf, sizeof buf, " (%s)", describe_str(ref, "resource") ?: "");
			describe_kv(p, 6, key, buf);
		} else
			describe_kv(p, 6, key, "");
	}
}

static void
describe_pod(struct pager *p, const cJSON *o)
{
	char buf[256];
	describe_kv(p, 0, "Node:", describe_str(o, "spec.nodeName"));
	describe_kv(p, 0, "Status:", describe_str(o, "status.phase"));
	describe_kv(p, 0, "IP:", describe_str(o, "status.podIP"));
	describe_kv(p, 0, "Service Account:", describe_str(o, "spec.serviceAccountName"));
	const cJSON *owners = describe_get(o, "metadata.ownerReferences");
	if (cJSON_IsArray(owners) && owners->child) {
		snprintf(buf, sizeof buf, "%s/%s", describe_str(owners->child, "kind") ?: "",
		    describe_str(owners->child, "name") ?: "");
		describe_kv(p, 0, "Controlled By:", buf);
	}
	describe_title(p, "Containers:");
	const cJSON *statuses = describe_get(o, "status.containerStatuses");
	const cJSON *cs = describe_get(o, "spec.containers");
	for (const cJSON *c = cs ? cs->child : NULL; c; c = c->next) {
		const char *name = describe_str(c, "name");
		pager_addf(p, THEME_YAML_KEY, "  %s:", name ?: "?");
		describe_kv(p, 4, "Image:", describe_str(c, "image"));
		for (const cJSON *s = statuses ? statuses->child : NULL; s; s = s->next) {
			if (name == NULL || describe_str(s, "name") == NULL || strcmp(describe_str(s, "name"), name))
				continue;
			const cJSON *st = describe_get(s, "state");
			const char *state = st && st->child ? st->child->string : "unknown";
			const char *reason = st && st->child ? describe_str(st->child, "reason") : NULL;
			snprintf(buf, sizeof buf, "%s%s%s", state, reason ? " (" : "", reason ? reason : "");
			if (reason)
				strncat(buf, ")", sizeof buf - strlen(buf) - 1);
			buf[0] = (char)(buf[0] >= 'a' && buf[0] <= 'z' ? buf[0] - 32 : buf[0]);
			describe_kv(p, 4, "State:", buf);
			const cJSON *ready = describe_get(s, "ready");
			describe_kv(p, 4, "Ready:", cJSON_IsTrue(ready) ? "True" : "False");
			describe_scalar(describe_get(s, "restartCount"), buf, sizeof buf);
			describe_kv(p, 4, "Restart Count:", buf);
		}
		const cJSON *ports = describe_get(c, "ports");
		for (const cJSON *pt = ports ? ports->child : NULL; pt; pt = pt->next) {
			describe_scalar(describe_get(pt, "containerPort"), buf, sizeof buf);
			strncat(buf, "/", sizeof buf - strlen(buf) - 1);
			strncat(buf, describe_str(pt, "protocol") ?: "TCP", sizeof buf - strlen(buf) - 1);
			describe_kv(p, 4, "Port:", buf);
		}
		describe_env(p, c, o);
	}
	describe_conditions(p, describe_get(o, "status.conditions"));
}

static int
describe_int(const cJSON *o, const char *path, int dflt)
{
	const cJSON *v = describe_get(o, path);
	return cJSON_IsNumber(v) ? v->valueint : dflt;
}

static void
describe_deployment(struct pager *p, const cJSON *o)
{
	char buf[256];
	/* as kubectl: a count the status leaves out is 0 */
	int want = describe_int(o, "spec.replicas", 1), upd = describe_int(o, "status.updatedReplicas", 0);
	int tot = describe_int(o, "status.replicas", 0), av = describe_int(o, "status.availableReplicas", 0);
	int unav = describe_int(o, "status.unavailableReplicas", 0);
	snprintf(buf, sizeof buf, "%d desired | %d updated | %d total | %d available | %d unavailable",
	    want, upd, tot, av, unav);
	describe_kv(p, 0, "Replicas:", buf);
	describe_map(p, "Selector:", describe_get(o, "spec.selector.matchLabels"), 0);
	describe_kv(p, 0, "StrategyType:", describe_str(o, "spec.strategy.type"));
	const cJSON *cs = describe_get(o, "spec.template.spec.containers");
	describe_title(p, "Pod Template:");
	for (const cJSON *x = cs ? cs->child : NULL; x; x = x->next) {
		pager_addf(p, THEME_YAML_KEY, "  %s:", describe_str(x, "name") ?: "?");
		describe_kv(p, 4, "Image:", describe_str(x, "image"));
		describe_env(p, x, NULL);
	}
	describe_conditions(p, describe_get(o, "status.conditions"));
}

static void
describe_service(struct pager *p, const cJSON *o)
{
	char buf[256];
	describe_kv(p, 0, "Type:", describe_str(o, "spec.type"));
	describe_kv(p, 0, "IP:", describe_str(o, "spec.clusterIP"));
	describe_map(p, "Selector:", describe_get(o, "spec.selector"), 0);
	const cJSON *ports = describe_get(o, "spec.ports");
	for (const cJSON *pt = ports ? ports->child : NULL; pt; pt = pt->next) {
		char port[32], target[32];
		describe_scalar(describe_get(pt, "port"), port, sizeof port);
		describe_scalar(describe_get(pt, "targetPort"), target, sizeof target);
		snprintf(buf, sizeof buf, "%s %s/%s -> %s", describe_str(pt, "name") ?: "<unset>", port,
		    describe_str(pt, "protocol") ?: "TCP", target);
		describe_kv(p, 0, "Port:", buf);
	}
}

static void
describe_node(struct pager *p, const cJSON *o)
{
	describe_conditions(p, describe_get(o, "status.conditions"));
	describe_title(p, "Capacity:");
	const cJSON *cap = describe_get(o, "status.capacity");
	for (const cJSON *c = cap ? cap->child : NULL; c; c = c->next) {
		char v[64];
		describe_scalar(c, v, sizeof v);
		describe_kv(p, 2, c->string, v);
	}
	const cJSON *ni = describe_get(o, "status.nodeInfo");
	describe_title(p, "System Info:");
	for (const cJSON *c = ni ? ni->child : NULL; c; c = c->next) {
		char v[256];
		describe_scalar(c, v, sizeof v);
		describe_kv(p, 2, c->string, v);
	}
}

/* As kubectl describe secret: the type, then each key with the size of its decoded value. */
static void
describe_secret(struct pager *p, const cJSON *o)
{
	describe_kv(p, 0, "Type:", describe_str(o, "type"));
	describe_title(p, "Data");
	describe_title(p, "====");
	const cJSON *data = describe_get(o, "data");
	int width = 0;
	for (const cJSON *c = data ? data->child : NULL; c; c = c->next)
		if ((int)strlen(c->string) + 1 > width)
			width = (int)strlen(c->string) + 1;
	for (const cJSON *c = data ? data->child : NULL; c; c = c->next) {
		size_t n = 0;
		char *dec = cJSON_IsString(c) ? base64_decode(c->valuestring, &n) : NULL;
		char *key = xasprintf("%s:", c->string);
		if (dec != NULL)
			pager_addf(p, THEME_YAML_VALUE, "%-*s  %zu bytes", width, key, n);
		else
			pager_addf(p, THEME_YAML_VALUE, "%-*s  (not base64)", width, key);
		if (dec != NULL)
			memset(dec, 0, n);
		free(dec);
		free(key);
	}
}

/* Other kinds: the top-level scalar fields of spec and status. */
static void
describe_generic(struct pager *p, const cJSON *o)
{
	static const char *const parts[] = { "spec", "status", "data", NULL };
	for (int i = 0; parts[i]; i++) {
		const cJSON *s = describe_get(o, parts[i]);
		if (!cJSON_IsObject(s) || s->child == NULL)
			continue;
		char title[64];
		snprintf(title, sizeof title, "%c%s:", parts[i][0] - 32, parts[i] + 1);
		describe_title(p, title);
		for (const cJSON *c = s->child; c; c = c->next) {
			char v[512];
			if (cJSON_IsObject(c) || cJSON_IsArray(c))
				snprintf(v, sizeof v, "(%d %s)", cJSON_GetArraySize(c),
				    cJSON_IsArray(c) ? "items" : "fields");
			else
				describe_scalar(c, v, sizeof v);
			describe_kv(p, 2, c->string, v);
		}
	}
	describe_conditions(p, describe_get(o, "status.conditions"));
}

void
describe_render(struct pager *p, const cJSON *o, const char *page_kind, const cJSON *events)
{
	char age[32];
	/* the kind the page asked for wins: list items and some answers carry none */
	const char *kind = page_kind && *page_kind ? page_kind : describe_str(o, "kind");
	const char *uid = describe_str(o, "metadata.uid");

	describe_kv(p, 0, "Name:", describe_str(o, "metadata.name"));
	if (describe_str(o, "metadata.namespace"))
		describe_kv(p, 0, "Namespace:", describe_str(o, "metadata.namespace"));
	describe_kv(p, 0, "Kind:", kind);
	describe_map(p, "Labels:", describe_get(o, "metadata.labels"), 0);
	describe_map(p, "Annotations:", describe_get(o, "metadata.annotations"),
	    kind != NULL && strcmp(kind, "Secret") == 0);
	const char *created = describe_str(o, "metadata.creationTimestamp");
	describe_age(created, age, sizeof age);
	char buf[128];
	snprintf(buf, sizeof buf, "%s (%s ago)", created ? created : "<unknown>", age);
	describe_kv(p, 0, "Created:", buf);
	if (kind && strcmp(kind, "Pod") == 0)
		describe_pod(p, o);
	else if (kind && (strcmp(kind, "Deployment") == 0 || strcmp(kind, "StatefulSet") == 0 ||
	    strcmp(kind, "ReplicaSet") == 0))
		describe_deployment(p, o);
	else if (kind && strcmp(kind, "Service") == 0)
		describe_service(p, o);
	else if (kind && strcmp(kind, "Node") == 0)
		describe_node(p, o);
	else if (kind && strcmp(kind, "Secret") == 0)
		describe_secret(p, o);
	else
		describe_generic(p, o);

	describe_title(p, "Events:");
	const cJSON *items = describe_get(events, "items");
	int n = 0;
	for (const cJSON *e = items ? items->child : NULL; e; e = e->next) {
		const char *euid = describe_str(e, "involvedObject.uid");
		const char *ekind = describe_str(e, "involvedObject.kind");
		if ((uid && euid && strcmp(uid, euid) != 0) || (kind && ekind && strcmp(kind, ekind) != 0))
			continue;
		if (n++ == 0)
			pager_addf(p, THEME_TABLE_HEADER, "  %-8s %-20s %-8s %-20s %s", "Type", "Reason", "Age",
			    "From", "Message");
		const char *type = describe_str(e, "type") ?: "Normal";
		const char *last = describe_str(e, "lastTimestamp") ?: describe_str(e, "eventTime") ?:
		    describe_str(e, "metadata.creationTimestamp");
		describe_age(last, age, sizeof age);
		pager_addf(p, strcmp(type, "Warning") == 0 ? THEME_WARNING : THEME_YAML_VALUE,
		    "  %-8s %-20s %-8s %-20s %s", type, describe_str(e, "reason") ?: "", age,
		    describe_str(e, "source.component") ?: describe_str(e, "reportingComponent") ?: "",
		    describe_str(e, "message") ?: "");
	}
	if (n == 0)
		pager_addf(p, THEME_YAML_VALUE, "  <none>");
}
