/* describe of a Pod, section by section in the order and wording of kubectl describe pod:
 * what a crash loop needs (Last State's reason and exit code, restarts, limits and
 * requests, probes, QoS) is where an SRE looks for it. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "model/expr.h"
#include "ui/describe_priv.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

/* "Optional: false" as kubectl writes it after a reference */
static const char *
describe_optional(const cJSON *ref)
{
	return cJSON_IsTrue(describe_get(ref, "optional")) ? "Optional: true" : "Optional: false";
}

/* A container's environment as kubectl describe writes it: a value from a Secret or a
 * ConfigMap is named by its reference, never read. pod: resolves fieldRef paths (NULL in a
 * template). */
void
describe_env(struct pager *p, const cJSON *c, const cJSON *pod)
{
	char buf[1024];
	const cJSON *from = describe_get(c, "envFrom");
	if (cJSON_IsArray(from) && from->child != NULL) {
		describe_head(p, 4, "Environment Variables from:");
		for (const cJSON *e = from->child; e; e = e->next) {
			const cJSON *ref = describe_get(e, "secretRef");
			const char *what = "Secret";
			if (ref == NULL) {
				ref = describe_get(e, "configMapRef");
				what = "ConfigMap";
			}
			const char *prefix = describe_str(e, "prefix");
			if (prefix != NULL && *prefix != '\0')
				snprintf(buf, sizeof buf, "%s with prefix '%s'\t%s", what, prefix, describe_optional(ref));
			else
				snprintf(buf, sizeof buf, "%s\t%s", what, describe_optional(ref));
			describe_kv(p, 6, describe_str(ref, "name") ?: "", buf);
		}
	}
	const cJSON *env = describe_get(c, "env");
	if (!cJSON_IsArray(env) || env->child == NULL) {
		describe_kv(p, 4, "Environment:", "<none>");
		return;
	}
	describe_head(p, 4, "Environment:");
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

/* a container's state (State: or Last State:) with its details below it */
static void
describe_pod_state(struct pager *p, const char *key, const cJSON *st)
{
	char buf[128];
	const cJSON *s = st ? st->child : NULL;
	if (s == NULL || s->string == NULL) {
		describe_kv(p, 4, key, "");
		return;
	}
	snprintf(buf, sizeof buf, "%c%s", s->string[0] - (s->string[0] >= 'a' ? 32 : 0), s->string + 1);
	describe_kv(p, 4, key, buf);
	if (describe_str(s, "reason"))
		describe_kv(p, 6, "Reason:", describe_str(s, "reason"));
	if (describe_str(s, "message") && strcmp(s->string, "waiting") != 0)   /* kubectl: a reason only */
		describe_kv(p, 6, "Message:", describe_str(s, "message"));
	if (cJSON_IsNumber(describe_get(s, "exitCode"))) {
		snprintf(buf, sizeof buf, "%d", describe_get(s, "exitCode")->valueint);
		describe_kv(p, 6, "Exit Code:", buf);
	}
	if (cJSON_IsNumber(describe_get(s, "signal")) && describe_get(s, "signal")->valueint > 0) {
		snprintf(buf, sizeof buf, "%d", describe_get(s, "signal")->valueint);
		describe_kv(p, 6, "Signal:", buf);
	}
	if (describe_str(s, "startedAt")) {
		describe_time(describe_str(s, "startedAt"), buf, sizeof buf);
		describe_kv(p, 6, "Started:", buf);
	}
	if (describe_str(s, "finishedAt")) {
		describe_time(describe_str(s, "finishedAt"), buf, sizeof buf);
		describe_kv(p, 6, "Finished:", buf);
	}
}

/* Limits: and Requests: with one line a resource */
static void
describe_pod_resources(struct pager *p, const char *key, const cJSON *m)
{
	if (!cJSON_IsObject(m) || m->child == NULL)
		return;
	describe_head(p, 4, key);
	for (const cJSON *c = m->child; c; c = c->next) {
		char k[128], v[128];
		snprintf(k, sizeof k, "%s:", c->string);
		describe_scalar(c, v, sizeof v);
		/* as kubectl, which reads the quantity and writes it back in its canonical form */
		long long milli = cJSON_IsString(c) ? describe_quantity_milli(c->valuestring) : -1;
		if (milli >= 0)
			describe_quantity_format(milli, strchr(c->valuestring, 'i') != NULL, v, sizeof v);
		describe_kv(p, 6, k, v);
	}
}

/* "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3" */
static void
describe_pod_probe(struct pager *p, const char *key, const cJSON *pr)
{
	char how[512] = "unknown", port[64];
	const cJSON *h;
	if (pr == NULL)
		return;
	if ((h = describe_get(pr, "httpGet")) != NULL) {
		describe_scalar(describe_get(h, "port"), port, sizeof port);
		snprintf(how, sizeof how, "http-get %s://%s:%s%s", describe_str(h, "scheme") ? 
		    (strcmp(describe_str(h, "scheme"), "HTTPS") ? "http" : "https") : "http",
		    describe_str(h, "host") ?: "", port, describe_str(h, "path") ?: "");
	} else if ((h = describe_get(pr, "tcpSocket")) != NULL) {
		describe_scalar(describe_get(h, "port"), port, sizeof port);
		snprintf(how, sizeof how, "tcp-socket %s:%s", describe_str(h, "host") ?: "", port);
	} else if ((h = describe_get(pr, "exec.command")) != NULL) {
		size_t n = (size_t)snprintf(how, sizeof how, "exec [");
		for (const cJSON *c = h->child; c && n < sizeof how; c = c->next)
			n += (size_t)snprintf(how + n, sizeof how - n, "%s%s", c == h->child ? "" : " ",
			    cJSON_IsString(c) ? c->valuestring : "");
		if (n < sizeof how)
			snprintf(how + n, sizeof how - n, "]");
	}
	const cJSON *d = describe_get(pr, "initialDelaySeconds"), *t = describe_get(pr, "timeoutSeconds");
	const cJSON *pe = describe_get(pr, "periodSeconds"), *su = describe_get(pr, "successThreshold");
	const cJSON *fa = describe_get(pr, "failureThreshold");
	char *line = xasprintf("%s delay=%ds timeout=%ds period=%ds #success=%d #failure=%d", how,
	    cJSON_IsNumber(d) ? d->valueint : 0, cJSON_IsNumber(t) ? t->valueint : 1,
	    cJSON_IsNumber(pe) ? pe->valueint : 10, cJSON_IsNumber(su) ? su->valueint : 1,
	    cJSON_IsNumber(fa) ? fa->valueint : 3);
	describe_kv(p, 4, key, line);
	free(line);
}

/* Command: and Args: with one line a word */
static void
describe_pod_words(struct pager *p, const char *key, const cJSON *a)
{
	if (!cJSON_IsArray(a) || a->child == NULL)
		return;
	describe_head(p, 4, key);
	for (const cJSON *c = a->child; c; c = c->next)
		pager_addf(p, THEME_YAML_VALUE, "      %s", cJSON_IsString(c) ? c->valuestring : "");
}

void
describe_container(struct pager *p, const cJSON *c, const cJSON *statuses, const cJSON *pod)
{
	char buf[256];
	const char *name = describe_str(c, "name");
	const cJSON *s = NULL;
	for (const cJSON *x = statuses ? statuses->child : NULL; x; x = x->next)
		if (name && describe_str(x, "name") && strcmp(describe_str(x, "name"), name) == 0)
			s = x;
	pager_addf(p, THEME_YAML_KEY, "%s%s:", pod == NULL && statuses == NULL ? "   " : "  ", name ?: "?");
	if (s != NULL)
		describe_kv(p, 4, "Container ID:", describe_str(s, "containerID") ?: "");
	describe_kv(p, 4, "Image:", describe_str(c, "image"));
	if (s != NULL)
		describe_kv(p, 4, "Image ID:", describe_str(s, "imageID") ?: "");
	const cJSON *ports = describe_get(c, "ports");
	if (!cJSON_IsArray(ports) || ports->child == NULL) {
		describe_kv(p, 4, "Port:", "<none>");
		describe_kv(p, 4, "Host Port:", "<none>");
	}
	for (const cJSON *pt = ports ? ports->child : NULL; pt; pt = pt->next) {
		const char *proto = describe_str(pt, "protocol") ?: "TCP";
		const cJSON *cp = describe_get(pt, "containerPort"), *hp = describe_get(pt, "hostPort");
		snprintf(buf, sizeof buf, "%d/%s", cJSON_IsNumber(cp) ? cp->valueint : 0, proto);
		describe_kv(p, 4, "Port:", buf);
		snprintf(buf, sizeof buf, "%d/%s", cJSON_IsNumber(hp) ? hp->valueint : 0, proto);
		describe_kv(p, 4, "Host Port:", buf);
	}
	describe_pod_words(p, "Command:", describe_get(c, "command"));
	describe_pod_words(p, "Args:", describe_get(c, "args"));
	if (s != NULL) {
		describe_pod_state(p, "State:", describe_get(s, "state"));
		const cJSON *last = describe_get(s, "lastState");
		if (last != NULL && last->child != NULL)
			describe_pod_state(p, "Last State:", last);
		describe_kv(p, 4, "Ready:", cJSON_IsTrue(describe_get(s, "ready")) ? "True" : "False");
		describe_scalar(describe_get(s, "restartCount"), buf, sizeof buf);
		describe_kv(p, 4, "Restart Count:", buf);
	}
	describe_pod_resources(p, "Limits:", describe_get(c, "resources.limits"));
	describe_pod_resources(p, "Requests:", describe_get(c, "resources.requests"));
	describe_pod_probe(p, "Liveness:", describe_get(c, "livenessProbe"));
	describe_pod_probe(p, "Readiness:", describe_get(c, "readinessProbe"));
	describe_pod_probe(p, "Startup:", describe_get(c, "startupProbe"));
	describe_env(p, c, pod);
	const cJSON *mounts = describe_get(c, "volumeMounts");
	if (!cJSON_IsArray(mounts) || mounts->child == NULL) {
		describe_kv(p, 4, "Mounts:", "<none>");
		return;
	}
	describe_head(p, 4, "Mounts:");
	for (const cJSON *m = mounts->child; m; m = m->next) {
		const char *sub = describe_str(m, "subPath");
		pager_addf(p, THEME_YAML_VALUE, "      %s from %s (%s%s%s%s)", describe_str(m, "mountPath") ?: "",
		    describe_str(m, "name") ?: "", cJSON_IsTrue(describe_get(m, "readOnly")) ? "ro" : "rw",
		    sub && *sub ? ",path=\"" : "", sub && *sub ? sub : "", sub && *sub ? "\"" : "");
	}
}

/* kubectl's sentence for each kind of volume, and the field it names */
static const struct {
	const char *field, *type, *key, *path;
} describe_pod_volumes[] = {
	{ "emptyDir", "EmptyDir (a temporary directory that shares a pod's lifetime)", "Medium:", "medium" },
	{ "configMap", "ConfigMap (a volume populated by a ConfigMap)", "Name:", "name" },
	{ "secret", "Secret (a volume populated by a Secret)", "SecretName:", "secretName" },
	{ "persistentVolumeClaim", "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
	    "ClaimName:", "claimName" },
	{ "hostPath", "HostPath (bare host directory volume)", "Path:", "path" },
	{ "projected", "Projected (a volume that contains injected data from multiple sources)", NULL, NULL },
	{ "downwardAPI", "DownwardAPI (a volume populated by information about the pod)", NULL, NULL },
};

/* a pointer to a bool as kubectl prints it: <nil> when it is not set */
static const char *
describe_pod_optional_set(const cJSON *ref)
{
	const cJSON *o = describe_get(ref, "optional");
	return cJSON_IsBool(o) ? (cJSON_IsTrue(o) ? "true" : "false") : "<nil>";
}

/* what each source of a projected volume brings */
static void
describe_pod_projected(struct pager *p, const cJSON *sources)
{
	for (const cJSON *s = cJSON_IsArray(sources) ? sources->child : NULL; s; s = s->next) {
		const cJSON *src;
		char buf[64];
		if ((src = describe_get(s, "secret")) != NULL) {
			describe_kv(p, 4, "SecretName:", describe_str(src, "name") ?: "");
			describe_kv(p, 4, "SecretOptionalName:", describe_pod_optional_set(src));
		} else if (describe_get(s, "downwardAPI") != NULL)
			describe_kv(p, 4, "DownwardAPI:", "true");
		else if ((src = describe_get(s, "configMap")) != NULL) {
			describe_kv(p, 4, "ConfigMapName:", describe_str(src, "name") ?: "");
			describe_kv(p, 4, "ConfigMapOptional:", describe_pod_optional_set(src));
		} else if ((src = describe_get(s, "serviceAccountToken")) != NULL) {
			const cJSON *secs = describe_get(src, "expirationSeconds");
			snprintf(buf, sizeof buf, "%d", cJSON_IsNumber(secs) ? secs->valueint : 3607);
			describe_kv(p, 4, "TokenExpirationSeconds:", buf);
		}
	}
}

void
describe_volumes(struct pager *p, int in, const cJSON *vols)
{
	if (!cJSON_IsArray(vols) || vols->child == NULL) {
		describe_kv(p, in, "Volumes:", "<none>");
		return;
	}
	describe_head(p, in, "Volumes:");
	for (const cJSON *v = vols->child; v; v = v->next) {
		pager_addf(p, THEME_YAML_KEY, "%s%s:", in ? "   " : "  ", describe_str(v, "name") ?: "?");
		size_t i, n = sizeof describe_pod_volumes / sizeof describe_pod_volumes[0];
		for (i = 0; i < n && describe_get(v, describe_pod_volumes[i].field) == NULL; i++)
			;
		if (i == n) {
			describe_kv(p, 4, "Type:", "<unknown>");
			continue;
		}
		const cJSON *src = describe_get(v, describe_pod_volumes[i].field);
		describe_kv(p, 4, "Type:", describe_pod_volumes[i].type);
		if (strcmp(describe_pod_volumes[i].field, "projected") == 0)
			describe_pod_projected(p, describe_get(src, "sources"));
		if (describe_pod_volumes[i].key != NULL)
			describe_kv(p, 4, describe_pod_volumes[i].key, describe_str(src, describe_pod_volumes[i].path) ?: "");
		if (strcmp(describe_pod_volumes[i].field, "persistentVolumeClaim") == 0)
			describe_kv(p, 4, "ReadOnly:", cJSON_IsTrue(describe_get(src, "readOnly")) ? "true" : "false");
		if (describe_get(src, "optional") != NULL || strcmp(describe_pod_volumes[i].field, "secret") == 0 ||
		    strcmp(describe_pod_volumes[i].field, "configMap") == 0)
			describe_kv(p, 4, "Optional:", cJSON_IsTrue(describe_get(src, "optional")) ? "true" : "false");
	}
}

/* "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s" */
void
describe_tolerations(struct pager *p, const char *title, const cJSON *tol)
{
	if (!cJSON_IsArray(tol) || tol->child == NULL) {
		describe_kv(p, 0, title, "<none>");
		return;
	}
	/* kubectl's order: by key, the spec's order among equals */
	int n = cJSON_GetArraySize(tol), k = 0;
	const cJSON **by = xcalloc((size_t)n + 1, sizeof *by);
	for (const cJSON *t = tol->child; t && k < n; t = t->next) {
		int i = k++;
		for (; i > 0 && strcmp(describe_str(by[i - 1], "key") ?: "", describe_str(t, "key") ?: "") > 0; i--)
			by[i] = by[i - 1];
		by[i] = t;
	}
	for (int i = 0; i < k; i++) {
		char buf[512];
		const cJSON *t = by[i];
		const char *key = describe_str(t, "key") ?: "", *val = describe_str(t, "value") ?: "";
		const char *eff = describe_str(t, "effect") ?: "", *op = describe_str(t, "operator") ?: "";
		int len = snprintf(buf, sizeof buf, "%s%s%s%s%s", key, *val ? "=" : "", val, *eff ? ":" : "", eff);
		if (strcmp(op, "Exists") == 0 && *val == '\0')
			len += snprintf(buf + len, sizeof buf - (size_t)len, "%sop=Exists", *key ? " " : "");
		const cJSON *secs = describe_get(t, "tolerationSeconds");
		if (cJSON_IsNumber(secs) && len < (int)sizeof buf)
			snprintf(buf + len, sizeof buf - (size_t)len, " for %llds", (long long)secs->valuedouble);
		describe_kv(p, 0, i == 0 ? title : "", buf);
	}
	free(by);
}

/* status.qosClass, or as the kubelet would class it when the status lacks it */
static const char *
describe_pod_qos(const cJSON *o)
{
	const char *q = describe_str(o, "status.qosClass");
	if (q != NULL)
		return q;
	int any = 0, guaranteed = 1;
	const cJSON *cs = describe_get(o, "spec.containers");
	for (const cJSON *c = cs ? cs->child : NULL; c; c = c->next) {
		const cJSON *lim = describe_get(c, "resources.limits"), *req = describe_get(c, "resources.requests");
		if ((lim && lim->child) || (req && req->child))
			any = 1;
		if (describe_get(lim, "cpu") == NULL || describe_get(lim, "memory") == NULL)
			guaranteed = 0;
		for (const cJSON *r = req ? req->child : NULL; r; r = r->next) {
			const cJSON *l = describe_get(lim, r->string);
			if (!cJSON_IsString(l) || !cJSON_IsString(r) || strcmp(l->valuestring, r->valuestring) != 0)
				guaranteed = 0;
		}
	}
	return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
}

void
describe_pod(struct pager *p, const cJSON *o)
{
	char buf[256];
	describe_kv(p, 0, "Name:", describe_str(o, "metadata.name"));
	describe_kv(p, 0, "Namespace:", describe_str(o, "metadata.namespace"));
	const cJSON *prio = describe_get(o, "spec.priority");
	if (cJSON_IsNumber(prio)) {
		snprintf(buf, sizeof buf, "%d", prio->valueint);
		describe_kv(p, 0, "Priority:", buf);
	}
	if (describe_str(o, "spec.priorityClassName"))
		describe_kv(p, 0, "Priority Class Name:", describe_str(o, "spec.priorityClassName"));
	describe_kv(p, 0, "Service Account:", describe_str(o, "spec.serviceAccountName") ?: "default");
	const char *node = describe_str(o, "spec.nodeName");
	const char *hostip = describe_str(o, "status.hostIP");
	if (node != NULL && hostip != NULL)
		snprintf(buf, sizeof buf, "%s/%s", node, hostip);
	else
		snprintf(buf, sizeof buf, "%s", node ?: "<none>");
	describe_kv(p, 0, "Node:", buf);
	if (describe_str(o, "status.startTime")) {
		describe_time(describe_str(o, "status.startTime"), buf, sizeof buf);
		describe_kv(p, 0, "Start Time:", buf);
	}
	describe_map(p, "Labels:", describe_get(o, "metadata.labels"), 0);
	describe_map(p, "Annotations:", describe_get(o, "metadata.annotations"), 0);
	const char *del = describe_str(o, "metadata.deletionTimestamp");
	if (del != NULL) {
		describe_age(del, buf, sizeof buf);
		char *t = xasprintf("Terminating (lasts %s)", buf);
		describe_kv(p, 0, "Status:", t);
		free(t);
		const cJSON *grace = describe_get(o, "metadata.deletionGracePeriodSeconds");
		if (cJSON_IsNumber(grace)) {
			snprintf(buf, sizeof buf, "%llds", (long long)grace->valuedouble);
			describe_kv(p, 0, "Termination Grace Period:", buf);
		}
	} else
		describe_kv(p, 0, "Status:", describe_str(o, "status.phase"));
	if (describe_str(o, "status.reason"))
		describe_kv(p, 0, "Reason:", describe_str(o, "status.reason"));
	if (describe_str(o, "status.message"))
		describe_kv(p, 0, "Message:", describe_str(o, "status.message"));
	describe_kv(p, 0, "IP:", describe_str(o, "status.podIP") ?: "");
	const cJSON *ips = describe_get(o, "status.podIPs");
	if (!cJSON_IsArray(ips) || ips->child == NULL)
		describe_kv(p, 0, "IPs:", "<none>");
	else {
		describe_head(p, 0, "IPs:");
		for (const cJSON *ip = ips->child; ip; ip = ip->next)
			describe_kv(p, 2, "IP:", describe_str(ip, "ip") ?: "");
	}
	const cJSON *owners = describe_get(o, "metadata.ownerReferences");
	for (const cJSON *ow = owners ? owners->child : NULL; ow; ow = ow->next) {
		if (!cJSON_IsTrue(describe_get(ow, "controller")) && ow != owners->child)
			continue;
		snprintf(buf, sizeof buf, "%s/%s", describe_str(ow, "kind") ?: "", describe_str(ow, "name") ?: "");
		describe_kv(p, 0, "Controlled By:", buf);
		break;
	}
	const cJSON *inits = describe_get(o, "spec.initContainers");
	if (cJSON_IsArray(inits) && inits->child != NULL) {
		describe_title(p, "Init Containers:");
		for (const cJSON *c = inits->child; c; c = c->next)
			describe_container(p, c, describe_get(o, "status.initContainerStatuses"), o);
	}
	describe_title(p, "Containers:");
	const cJSON *cs = describe_get(o, "spec.containers");
	for (const cJSON *c = cs ? cs->child : NULL; c; c = c->next)
		describe_container(p, c, describe_get(o, "status.containerStatuses"), o);
	const cJSON *conds = describe_get(o, "status.conditions");
	if (cJSON_IsArray(conds) && conds->child != NULL) {
		describe_title(p, "Conditions:");
		pager_addf(p, THEME_TABLE_HEADER, "  Type\tStatus");
		for (const cJSON *c = conds->child; c; c = c->next)
			pager_addf(p, THEME_YAML_VALUE, "  %s \t%s ", describe_str(c, "type") ?: "",
			    describe_str(c, "status") ?: "");
	}
	describe_volumes(p, 0, describe_get(o, "spec.volumes"));
	describe_kv(p, 0, "QoS Class:", describe_pod_qos(o));
	describe_map(p, "Node-Selectors:", describe_get(o, "spec.nodeSelector"), 0);
	describe_tolerations(p, "Tolerations:", describe_get(o, "spec.tolerations"));
}
