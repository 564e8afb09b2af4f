#include "t.h"
/* A release Secret as contrib/kubesim/helm.py writes it (helm's encoding: dynamic Huffman
 * gzip at level 9) is decoded into its fields; helmrel_secret writes what helm writes, and
 * Python's base64, gzip and json read it back; old uncompressed releases, and Secrets that
 * are cut short or not a release, are refused with the Secret's name. */
#include <stdint.h>
#include <sys/wait.h>

#include "model/helmrel.h"
#include "util/base64.h"
#include "util/gzip.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

/* Runs python3 on script with contrib/kubesim importable; its standard output, or NULL. */
static char *
py(const char *script)
{
	const char *path = t_write("gen.py", script, 0);
	char cmd[1024];
	const char *top = getenv("KDECK_TOP");
	snprintf(cmd, sizeof cmd, "PYTHONPATH=%s/contrib/kubesim python3 %s", top && *top ? top : ".", path);
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		return NULL;
	struct sbuf b = { 0 };
	sbuf_fread(&b, p, SIZE_MAX);
	int rc = pclose(p);
	if (rc != 0 || b.s == NULL) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static const char kubesim_release[] =
    "import json, helm\n"
    "m = helm.manifest([('deployment.yaml', {'apiVersion': 'apps/v1', 'kind': 'Deployment',"
    " 'metadata': {'name': 'web'}, 'spec': {'replicas': 2}})], 'web')\n"
    "r = helm.release('web', 'shop', 3, 'pending-upgrade', 'web', '1.2.0', '2.0.1',"
    " {'replicas': 2, 'image': {'tag': '2.0.1'}}, m, 1700000000.25, 1700003600.5,"
    " 'Upgrade in progress', notes='visit http://web\\n')\n"
    "print(json.dumps(helm.secret(r, 1700003600)))\n";

T_CASE(helmrel_decodes_kubesim_secret)
{
	char *out = py(kubesim_release);
	if (out == NULL)
		T_SKIP("python3 is not there");
	cJSON *s = cJSON_Parse(out);
	free(out);
	T_ASSERT(s != NULL);
	struct helmrel r;
	struct kd_err err = { 0 };
	int rc = helmrel_from_secret(&r, s, &err);
	cJSON_Delete(s);
	T_ASSERT_MSG(rc == 0, "%s", err.msg);
	T_EQ_STR(r.name, "web");
	T_EQ_STR(r.ns, "shop");
	T_EQ_INT(r.version, 3);
	T_EQ_STR(r.status, "pending-upgrade");
	T_ASSERT(helmrel_pending(r.status));
	T_EQ_STR(r.chart, "web");
	T_EQ_STR(r.chart_version, "1.2.0");
	T_EQ_STR(r.app_version, "2.0.1");
	T_EQ_STR(r.description, "Upgrade in progress");
	T_EQ_INT(r.first_deployed, 1700000000);
	T_EQ_INT(r.last_deployed, 1700003600);
	T_CONTAINS(r.manifest, "# Source: web/templates/deployment.yaml");
	T_CONTAINS(r.manifest, "kind: Deployment");
	T_EQ_STR(r.notes, "visit http://web\n");
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(r.json, "config");
	T_EQ_INT(cJSON_GetObjectItemCaseSensitive(cfg, "replicas")->valuedouble, 2);
	helmrel_free(&r);
	helmrel_free(&r);   /* twice is harmless */
}

/* The Secret we write, read by Python's stdlib as helm documents the format. */
T_CASE(helmrel_secret_as_helm_writes)
{
	cJSON *rel = cJSON_Parse("{\"name\":\"web\",\"info\":{\"first_deployed\":\"2023-11-14T22:13:20Z\","
	    "\"last_deployed\":\"2023-11-14T23:13:20.5+01:00\",\"deleted\":\"\",\"description\":\"Rollback to 1\","
	    "\"status\":\"deployed\",\"notes\":\"\"},\"chart\":{\"metadata\":{\"name\":\"web\",\"version\":\"1.0.0\"}},"
	    "\"config\":{\"a\":1},\"manifest\":\"---\\nkind: Service\\n\",\"version\":4,\"namespace\":\"shop\","
	    "\"labels\":{\"team\":\"payments\",\"owner\":\"someone\"}}");
	T_ASSERT(rel != NULL);
	cJSON *s = helmrel_secret(rel, 1700000000);
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(s, "metadata");
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(meta, "labels");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(meta, "name")->valuestring, "sh.helm.release.v1.web.v4");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(meta, "namespace")->valuestring, "shop");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(s, "type")->valuestring, "helm.sh/release.v1");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(labels, "name")->valuestring, "web");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(labels, "owner")->valuestring, "helm");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(labels, "status")->valuestring, "deployed");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(labels, "version")->valuestring, "4");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(labels, "createdAt")->valuestring, "1700000000");
	T_EQ_STR(cJSON_GetObjectItemCaseSensitive(labels, "team")->valuestring, "payments");

	/* decoded again by our own reader */
	struct helmrel r;
	struct kd_err err = { 0 };
	T_ASSERT_MSG(helmrel_from_secret(&r, s, &err) == 0, "%s", err.msg);
	T_EQ_STR(r.description, "Rollback to 1");
	T_EQ_INT(r.version, 4);
	T_EQ_INT(r.last_deployed, 1700000000);
	T_EQ_STR(r.app_version, "");
	helmrel_free(&r);

	/* and by Python's stdlib: base64, base64, gzip, json */
	char *wire = cJSON_PrintUnformatted(s);
	const char *path = t_write("secret.json", wire, 0);
	cJSON_free(wire);
	char script[1024];
	snprintf(script, sizeof script,
	    "import base64, gzip, json\n"
	    "s = json.load(open('%s'))\n"
	    "raw = base64.b64decode(base64.b64decode(s['data']['release']))\n"
	    "assert raw[:3] == b'\\x1f\\x8b\\x08'\n"
	    "r = json.loads(gzip.decompress(raw))\n"
	    "print(r['name'], r['version'], r['info']['description'], r['config']['a'], r['manifest'].split()[-1])\n",
	    path);
	char *out = py(script);
	cJSON_Delete(s);
	cJSON_Delete(rel);
	if (out == NULL)
		T_SKIP("python3 is not there");
	T_EQ_STR(out, "web 4 Rollback to 1 1 Service\n");
	free(out);
}

T_CASE(helmrel_encode_round_trip)
{
	cJSON *rel = cJSON_Parse("{\"name\":\"api\",\"namespace\":\"b\",\"version\":1,"
	    "\"info\":{\"status\":\"failed\",\"description\":\"Upgrade \\\"api\\\" failed: timed out\"},"
	    "\"chart\":{\"metadata\":{\"name\":\"api\",\"version\":\"0.1.0\",\"appVersion\":\"1.16.0\"}}}");
	char *v = helmrel_encode(rel);
	struct helmrel r;
	struct kd_err err = { 0 };
	T_ASSERT_MSG(helmrel_decode(&r, v, &err) == 0, "%s", err.msg);
	T_EQ_STR(r.status, "failed");
	T_ASSERT(!helmrel_pending(r.status));
	T_EQ_STR(r.description, "Upgrade \"api\" failed: timed out");
	T_EQ_STR(r.app_version, "1.16.0");
	T_EQ_STR(r.manifest, "");
	T_EQ_STR(r.notes, "");
	T_EQ_INT(r.first_deployed, 0);
	char *a = cJSON_PrintUnformatted(rel), *b = cJSON_PrintUnformatted(r.json);
	T_EQ_STR(b, a);
	cJSON_free(a);
	cJSON_free(b);
	helmrel_free(&r);
	free(v);
	cJSON_Delete(rel);
}

/* Releases written before helm compressed them: base64 of plain JSON. */
T_CASE(helmrel_uncompressed)
{
	const char *json = "{\"name\":\"old\",\"version\":2,\"info\":{\"status\":\"superseded\"}}";
	char *inner = base64_encode(json, strlen(json));
	char *wire = base64_encode(inner, strlen(inner));
	struct helmrel r;
	struct kd_err err = { 0 };
	T_ASSERT_MSG(helmrel_decode(&r, wire, &err) == 0, "%s", err.msg);
	T_EQ_STR(r.name, "old");
	T_EQ_INT(r.version, 2);
	T_EQ_STR(r.status, "superseded");
	T_EQ_STR(r.chart, "");
	helmrel_free(&r);
	free(inner);
	free(wire);
}

static cJSON *
secret_with(const char *value)
{
	cJSON *s = cJSON_CreateObject();
	cJSON *m = cJSON_AddObjectToObject(s, "metadata");
	cJSON_AddStringToObject(m, "name", "sh.helm.release.v1.web.v3");
	if (value) {
		cJSON *d = cJSON_AddObjectToObject(s, "data");
		cJSON_AddStringToObject(d, "release", value);
	}
	return s;
}

T_CASE(helmrel_refuses_broken)
{
	struct helmrel r;
	struct kd_err err = { 0 };
	cJSON *s = secret_with(NULL);
	T_EQ_INT(helmrel_from_secret(&r, s, &err), -1);
	T_EQ_STR(err.msg, "sh.helm.release.v1.web.v3: the Secret has no data.release");
	cJSON_Delete(s);

	s = secret_with("%%%not base64");
	T_EQ_INT(helmrel_from_secret(&r, s, &err), -1);
	T_CONTAINS(err.msg, "sh.helm.release.v1.web.v3: data.release is not base64");
	cJSON_Delete(s);

	/* gzip cut short inside the two base64 layers */
	size_t n;
	char *gz = gzip_deflate("{\"name\":\"web\"}", 14, &n);
	char *inner = base64_encode(gz, n - 4);
	char *wire = base64_encode(inner, strlen(inner));
	s = secret_with(wire);
	T_EQ_INT(helmrel_from_secret(&r, s, &err), -1);
	T_EQ_STR(err.msg, "sh.helm.release.v1.web.v3: the gzip data is cut short");
	cJSON_Delete(s);
	free(gz);
	free(inner);
	free(wire);

	/* gzip of something that is not JSON */
	gz = gzip_deflate("name: web", 9, &n);
	inner = base64_encode(gz, n);
	wire = base64_encode(inner, strlen(inner));
	s = secret_with(wire);
	T_EQ_INT(helmrel_from_secret(&r, s, &err), -1);
	T_EQ_STR(err.msg, "sh.helm.release.v1.web.v3: the release is not JSON");
	cJSON_Delete(s);
	free(gz);
	free(inner);
	free(wire);

	/* JSON, but not an object */
	inner = base64_encode("[1,2]", 5);
	wire = base64_encode(inner, strlen(inner));
	T_EQ_INT(helmrel_decode(&r, wire, &err), -1);
	T_CONTAINS(err.msg, "not a JSON object");
	free(inner);
	free(wire);
	helmrel_free(&r);
}

T_CASE(helmrel_pending_statuses)
{
	T_ASSERT(helmrel_pending("pending-install"));
	T_ASSERT(helmrel_pending("pending-upgrade"));
	T_ASSERT(helmrel_pending("pending-rollback"));
	T_ASSERT(!helmrel_pending("deployed"));
	T_ASSERT(!helmrel_pending("uninstalling"));
	T_ASSERT(!helmrel_pending(NULL));
}

int
main(void)
{
	T_RUN(helmrel_decodes_kubesim_secret);
	T_RUN(helmrel_secret_as_helm_writes);
	T_RUN(helmrel_encode_round_trip);
	T_RUN(helmrel_uncompressed);
	T_RUN(helmrel_refuses_broken);
	T_RUN(helmrel_pending_statuses);
	return t_done();
}
