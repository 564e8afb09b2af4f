#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "model/expr.h"
#include "ui/describe.h"
#include "ui/describe_priv.h"
#include "ui/objview.h"
#include "ui/widget/pager.h"
#include "util/base64.h"
#include "util/tabwriter.h"
#include "util/xmalloc.h"

const cJSON *
describe_get(const cJSON *o, const char *path)
{
	char buf[256], *save = NULL;
	const cJSON *v = o;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = cJSON_GetObjectItemCaseSensitive(v, k);
	return v;
}

const char *
describe_str(const cJSON *o, const char *path)
{
	const cJSON *v = describe_get(o, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "Key:\tvalue" with the key in the key colour; the tab becomes kubectl's alignment */
void
describe_kv(struct pager *p, int indent, const char *key, const char *value)
{
	char *line = xasprintf("%*s%s\t%s", indent, "", key, value ? value : "<none>");
	pager_add(p, line, indent + (int)strlen(key), THEME_YAML_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
	free(line);
}

/* "Key:" alone on its line, as kubectl heads what follows it (it ends the alignment) */
void
describe_head(struct pager *p, int indent, const char *key)
{
	pager_addf(p, THEME_YAML_KEY, "%*s%s", indent, "", key);
}

/* a timestamp as kubectl prints it (RFC 1123 with a numeric zone) */
void
describe_time(const char *ts, char *out, size_t len)
{
	long long t = ts ? expr_parse_time(ts) : -1;
	if (t < 0) {
		snprintf(out, len, "%s", ts ? ts : "<unknown>");
		return;
	}
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(out, len, "%a, %d %b %Y %H:%M:%S %z", &tm);
}

void
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
void
describe_map(struct pager *p, const char *key, const cJSON *m, int secret)
{
	char buf[1024];
	if (m == NULL || m->child == NULL) {
		describe_kv(p, 0, key, "<none>");
		return;
	}
	/* kubectl's order: by key */
	int n = cJSON_GetArraySize(m), k = 0;
	const cJSON **by = xcalloc((size_t)n + 1, sizeof *by);
	for (const cJSON *c = m->child; c && k < n; c = c->next) {
		int i = k++;
		for (; i > 0 && strcmp(by[i - 1]->string, c->string) > 0; i--)
			by[i] = by[i - 1];
		by[i] = c;
	}
	int first = 1;
	for (int i = 0; i < k; i++) {
		const cJSON *c = by[i];
		char v[800];
		if (secret && cJSON_IsString(c) && objview_hidden_key(c->string))
			snprintf(v, sizeof v, "(hidden: %zu bytes)", strlen(c->valuestring));
		else
			describe_scalar(c, v, sizeof v);
		/* kubectl: labels are k=v, annotations k: v */
		snprintf(buf, sizeof buf, "%s%s%s", c->string, strstr(key, "Annotations:") != NULL ? ": " : "=", v);
		describe_kv(p, 0, first ? key : "", buf);
		first = 0;
	}
	free(by);
}

void
describe_title(struct pager *p, const char *t)
{
	pager_addf(p, THEME_TITLE, "%s", t);
}

void
describe_age(const char *ts, char *out, size_t len)
{
	long long t = ts ? expr_parse_time(ts) : -1;
	if (t < 0) {
		snprintf(out, len, "<unknown>");
		return;
	}
	expr_human_duration((long long)time(NULL) - t, out, len);
}

/* kubectl's table of a controller's conditions: type, status and reason */
void
describe_conditions(struct pager *p, const cJSON *conds)
{
	if (!cJSON_IsArray(conds) || cJSON_GetArraySize(conds) == 0)
		return;
	describe_title(p, "Conditions:");
	pager_addf(p, THEME_TABLE_HEADER, "  Type\tStatus\tReason");
	pager_addf(p, THEME_TABLE_HEADER, "  ----\t------\t------");
	for (const cJSON *c = conds->child; c; c = c->next)
		pager_addf(p, THEME_YAML_VALUE, "  %s \t%s\t%s", describe_str(c, "type") ?: "",
		    describe_str(c, "status") ?: "", describe_str(c, "reason") ?: "");
}

static int
describe_endpoint_port(const cJSON *pt)
{
	const cJSON *v = describe_get(pt, "port");
	return cJSON_IsNumber(v) ? v->valueint : 0;
}

/* "10.1.0.7:8080,10.1.0.8:8080 + 2 more..." for the port named port (NULL: every port), from
 * the service's Endpoints as kubectl writes them */
static void
describe_service_endpoints(struct pager *p, const struct describe_related *rel, const char *port)
{
	char buf[512];
	if (rel == NULL)   /* not asked for: no section rather than a wrong one */
		return;
	if (rel->obj == NULL && rel->err == NULL) {
		describe_kv(p, 0, "Endpoints:", "(fetching ...)");
		return;
	}
	if (rel->obj == NULL) {
		describe_kv(p, 0, "Endpoints:", rel->err);
		return;
	}
	size_t n = 0;
	int listed = 0, count = 0;
	buf[0] = '\0';
	const cJSON *subsets = describe_get(rel->obj, "subsets");
	for (const cJSON *ss = subsets ? subsets->child : NULL; ss; ss = ss->next) {
		const cJSON *addrs = describe_get(ss, "addresses"), *ports = describe_get(ss, "ports");
		int headless = !cJSON_IsArray(ports) || ports->child == NULL;
		for (const cJSON *pt = headless ? NULL : ports->child; headless || pt; pt = pt ? pt->next : NULL) {
			const char *pn = describe_str(pt, "name") ?: "";
			if (!headless && port != NULL && strcmp(pn, port) != 0)
				continue;
			for (const cJSON *a = addrs ? addrs->child : NULL; a; a = a->next) {
				const char *ip = describe_str(a, "ip") ?: "";
				count++;
				if (listed == 3 || n >= sizeof buf)
					continue;
				listed++;
				if (headless)
					n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "," : "", ip);
				else
					n += (size_t)snprintf(buf + n, sizeof buf - n, strchr(ip, ':') ? "%s[%s]:%d" : "%s%s:%d",
					    n ? "," : "", ip, describe_endpoint_port(pt));
			}
			if (headless)
				break;
		}
	}
	if (count > listed && n < sizeof buf)
		snprintf(buf + n, sizeof buf - n, " + %d more...", count - listed);
	describe_kv(p, 0, "Endpoints:", count ? buf : "<none>");
}

/* The finalizers, as kubectl describe pvc prints them, and once marked for deletion what
 * keeps the object: "Terminating: since T, waiting for finalizers a, b". */
static void
describe_deleting(struct pager *p, const cJSON *o)
{
	const cJSON *fin = describe_get(o, "metadata.finalizers");
	char list[512];
	size_t n = 0;
	list[0] = '\0';
	for (const cJSON *f = cJSON_IsArray(fin) ? fin->child : NULL; f && n < sizeof list; f = f->next)
		if (cJSON_IsString(f))
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", f->valuestring);
	if (n > 0) {
		char *t = xasprintf("[%s]", list);
		describe_kv(p, 0, "Finalizers:", t);
		free(t);
	}
	const char *del = describe_str(o, "metadata.deletionTimestamp");
	if (del == NULL)
		return;
	char *t = n ? xasprintf("since %s, waiting for finalizer%s %s", del, strchr(list, ',') ? "s" : "", list) :
	    xasprintf("since %s", del);
	describe_kv(p, 0, "Terminating:", t);
	free(t);
}

/* As kubectl describe service: its header, then type, IPs, each port with its target and
 * endpoints, and session affinity. */
static void
describe_service(struct pager *p, const cJSON *o, const struct describe_related *rel)
{
	char buf[512];
	describe_kv(p, 0, "Name:", describe_str(o, "metadata.name"));
	describe_kv(p, 0, "Namespace:", describe_str(o, "metadata.namespace"));
	describe_map(p, "Labels:", describe_get(o, "metadata.labels"), 0);
	describe_map(p, "Annotations:", describe_get(o, "metadata.annotations"), 0);
	size_t n = 0;
	buf[0] = '\0';
	const cJSON *sel = describe_get(o, "spec.selector");
	for (const cJSON *c = sel ? sel->child : NULL; c && n < sizeof buf; c = c->next)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s=%s", n ? "," : "", c->string,
		    cJSON_IsString(c) ? c->valuestring : "");
	describe_kv(p, 0, "Selector:", n ? buf : "<none>");
	describe_kv(p, 0, "Type:", describe_str(o, "spec.type"));
	if (describe_str(o, "spec.ipFamilyPolicy"))
		describe_kv(p, 0, "IP Family Policy:", describe_str(o, "spec.ipFamilyPolicy"));
	const cJSON *fam = describe_get(o, "spec.ipFamilies"), *ips = describe_get(o, "spec.clusterIPs");
	const cJSON *lists[] = { fam, ips };
	const char *keys[] = { "IP Families:", "IPs:" };
	for (int i = 0; i < 2; i++) {
		if (!cJSON_IsArray(lists[i]) || lists[i]->child == NULL)
			continue;
		n = 0;
		buf[0] = '\0';
		for (const cJSON *c = lists[i]->child; c && n < sizeof buf; c = c->next)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "," : "", cJSON_IsString(c) ? c->valuestring : "");
		if (i == 1)
			describe_kv(p, 0, "IP:", describe_str(o, "spec.clusterIP"));
		describe_kv(p, 0, keys[i], buf);
	}
	if (!cJSON_IsArray(ips) || ips->child == NULL)
		describe_kv(p, 0, "IP:", describe_str(o, "spec.clusterIP"));
	const cJSON *ports = describe_get(o, "spec.ports");
	for (const cJSON *pt = ports ? ports->child : NULL; pt; pt = pt->next) {
		char port[32], target[32];
		const char *proto = describe_str(pt, "protocol") ?: "TCP";
		describe_scalar(describe_get(pt, "port"), port, sizeof port);
		describe_scalar(describe_get(pt, "targetPort"), target, sizeof target);
		snprintf(buf, sizeof buf, "%s  %s/%s", describe_str(pt, "name") ?: "<unset>", port, proto);
		describe_kv(p, 0, "Port:", buf);
		snprintf(buf, sizeof buf, "%s/%s", target, proto);
		describe_kv(p, 0, "TargetPort:", buf);
		if (describe_get(pt, "nodePort") != NULL) {
			describe_scalar(describe_get(pt, "nodePort"), port, sizeof port);
			snprintf(buf, sizeof buf, "%s  %s/%s", describe_str(pt, "name") ?: "<unset>", port, proto);
			describe_kv(p, 0, "NodePort:", buf);
		}
		describe_service_endpoints(p, rel, describe_str(pt, "name") ?: "");
	}
	if (!cJSON_IsArray(ports) || ports->child == NULL)
		describe_service_endpoints(p, rel, NULL);
	describe_kv(p, 0, "Session Affinity:", describe_str(o, "spec.sessionAffinity") ?: "None");
	if (describe_str(o, "spec.externalTrafficPolicy"))
		describe_kv(p, 0, "External Traffic Policy:", describe_str(o, "spec.externalTrafficPolicy"));
	if (describe_str(o, "spec.internalTrafficPolicy"))
		describe_kv(p, 0, "Internal Traffic Policy:", describe_str(o, "spec.internalTrafficPolicy"));
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

int
describe_query_for(const cJSON *o, const char *page_kind, struct describe_query *q)
{
	const char *kind = page_kind && *page_kind ? page_kind : describe_str(o, "kind");
	const char *ns = describe_str(o, "metadata.namespace") ?: "", *name = describe_str(o, "metadata.name");
	memset(q, 0, sizeof *q);
	if (kind == NULL || name == NULL)
		return 0;
	snprintf(q->ns, sizeof q->ns, "%s", ns);
	q->group = "";
	q->version = "v1";
	q->resource = "pods";
	if (strcmp(kind, "Node") == 0) {
		/* kubectl's question: every namespace's pods on the node that have not ended */
		q->ns[0] = '\0';
		snprintf(q->field_selector, sizeof q->field_selector,
		    "spec.nodeName=%s,status.phase!=Succeeded,status.phase!=Failed", name);
		return 1;
	}
	if (strcmp(kind, "Service") == 0) {
		q->resource = "endpoints";
		snprintf(q->name, sizeof q->name, "%s", name);
		return 1;
	}
	if (strcmp(kind, "Deployment") == 0) {
		q->group = "apps";
		q->resource = "replicasets";
	} else if (strcmp(kind, "StatefulSet") != 0 && strcmp(kind, "DaemonSet") != 0 && strcmp(kind, "ReplicaSet") != 0)
		return 0;
	/* by the selector's labels; ownership is checked on what comes back */
	describe_selector_string(describe_get(o, "spec.selector"), q->label_selector, sizeof q->label_selector);
	return 1;
}

static void
describe_render_kind(struct pager *p, const cJSON *o, const char *page_kind, const cJSON *events,
    const struct describe_related *rel)
{
	char age[32];
	/* the kind the page asked for wins: list items and some answers carry none */
	const char *kind = page_kind && *page_kind ? page_kind : describe_str(o, "kind");

	static const char *const workloads[] = { "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", NULL };
	for (int i = 0; kind && workloads[i]; i++)
		if (strcmp(kind, workloads[i]) == 0) {
			describe_workload(p, o, kind, rel);
			describe_events(p, o, kind, events);
			return;
		}
	if (kind && strcmp(kind, "Service") == 0) {
		describe_service(p, o, rel);
		describe_events(p, o, kind, events);
		return;
	}
	if (kind && strcmp(kind, "Node") == 0) {
		describe_node(p, o, rel);
		describe_events(p, o, kind, events);
		return;
	}
	if (kind && strcmp(kind, "Pod") == 0) {
		describe_pod(p, o);
		describe_events(p, o, kind, events);
		return;
	}
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
	describe_deleting(p, o);
	if (kind && strcmp(kind, "Secret") == 0)
		describe_secret(p, o);
	else
		describe_generic(p, o);
	describe_events(p, o, kind, events);
}

/* The describers write cells ended by tabs; their lines then go to p aligned as kubectl's
 * tabwriter aligns them, each drawn as it was written. */
void
describe_render(struct pager *p, const cJSON *o, const char *page_kind, const cJSON *events,
    const struct describe_related *rel)
{
	struct pager *raw = pager_new("");
	describe_render_kind(raw, o, page_kind, events, rel);
	size_t n = pager_lines(raw);
	const char **lines = xcalloc(n ? n : 1, sizeof *lines);
	for (size_t i = 0; i < n; i++)
		lines[i] = pager_line(raw, i);
	char **aligned = tabwriter_align(lines, n, 2);
	for (size_t i = 0; i < n; i++) {
		int split = 0;
		enum theme_el el1 = THEME_YAML_VALUE, el2 = THEME_YAML_VALUE;
		pager_line_style(raw, i, &split, &el1, &el2);
		pager_add(p, aligned[i], split, el1, el2, PAGER_PLAIN);
		free(aligned[i]);
	}
	free(aligned);
	free(lines);
	pager_free(&raw);
}

/* An event's age as kubectl's Age column: "5m", or "5m (x3 over 2h)" for a repeated one */
static void
describe_event_age(const cJSON *e, char *out, size_t len)
{
	char first[32], last[32];
	const char *t0 = describe_str(e, "eventTime") ?: describe_str(e, "firstTimestamp");
	const cJSON *series = describe_get(e, "series"), *count = describe_get(e, "count");
	describe_age(t0, first, sizeof first);
	if (cJSON_IsObject(series)) {
		const cJSON *n = describe_get(series, "count");
		describe_age(describe_str(series, "lastObservedTime"), last, sizeof last);
		snprintf(out, len, "%s (x%d over %s)", last, cJSON_IsNumber(n) ? n->valueint : 0, first);
	} else if (cJSON_IsNumber(count) && count->valueint > 1) {
		describe_age(describe_str(e, "lastTimestamp"), last, sizeof last);
		snprintf(out, len, "%s (x%d over %s)", last, count->valueint, first);
	} else
		snprintf(out, len, "%s", first);
}

/* As kubectl: the events about o in a table, or <none> */
void
describe_events(struct pager *p, const cJSON *o, const char *kind, const cJSON *events)
{
	char age[96];
	const char *uid = describe_str(o, "metadata.uid");

	const cJSON *items = describe_get(events, "items");
	int n = 0, cap = cJSON_GetArraySize(items);
	const cJSON **ev = xcalloc((size_t)cap + 1, sizeof *ev);
	long long *at = xcalloc((size_t)cap + 1, sizeof *at);
	/* kubectl's order: by lastTimestamp, the list's order among equals (none: first) */
	for (const cJSON *e = items ? items->child : NULL; e && n < cap; e = e->next) {
		const char *euid = describe_str(e, "involvedObject.uid");
		const char *ekind = describe_str(e, "involvedObject.kind");
		if ((uid && euid && strcmp(uid, euid) != 0) || (kind && ekind && strcmp(kind, ekind) != 0))
			continue;
		const char *last = describe_str(e, "lastTimestamp");
		long long t = last ? expr_parse_time(last) : -1;
		int i = n++;
		for (; i > 0 && at[i - 1] > t; i--) {
			ev[i] = ev[i - 1];
			at[i] = at[i - 1];
		}
		ev[i] = e;
		at[i] = t;
	}
	for (int k = 0; k < n; k++) {
		const cJSON *e = ev[k];
		if (k == 0) {
			describe_title(p, "Events:");
			pager_addf(p, THEME_TABLE_HEADER, "  Type\tReason\tAge\tFrom\tMessage");
			pager_addf(p, THEME_TABLE_HEADER, "  ----\t------\t----\t----\t-------");
		}
		const char *type = describe_str(e, "type") ?: "";
		const char *from = describe_str(e, "source.component");
		if (from == NULL || *from == '\0')
			from = describe_str(e, "reportingComponent") ?: describe_str(e, "reportingController") ?: "";
		const char *msg = describe_str(e, "message") ?: "";
		size_t ml = strlen(msg);
		while (*msg == ' ' || *msg == '\n' || *msg == '\t')
			msg++, ml--;
		while (ml > 0 && (msg[ml - 1] == ' ' || msg[ml - 1] == '\n' || msg[ml - 1] == '\t'))
			ml--;
		describe_event_age(e, age, sizeof age);
		pager_addf(p, strcmp(type, "Warning") == 0 ? THEME_WARNING : THEME_YAML_VALUE,
		    "  %s\t%s\t%s\t%s\t%.*s", type, describe_str(e, "reason") ?: "", age, from, (int)ml, msg);
	}
	if (n == 0)
		describe_kv(p, 0, "Events:", "<none>");
	free(ev);
	free(at);
}
