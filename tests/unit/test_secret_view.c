#include "t.h"
/* A Secret's values stay hidden in YAML, JSON and describe, also when the object carries no
 * kind (list items from an API server have none); revealing shows them decoded. */
#include <cjson/cJSON.h>
#include "ui/describe.h"
#include "ui/objview.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

static const char secret_json[] =
    "{\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\"},\"type\":\"Opaque\","
    "\"data\":{\"password\":\"aHVudGVyMg==\"}}";   /* hunter2 */

static char *
render(int what, const char *kind, int reveal)
{
	cJSON *o = cJSON_Parse(secret_json);
	struct pager *p = pager_new("t");
	if (what == 2)
		describe_render(p, o, kind, NULL, NULL);
	else
		objview_render(p, o, kind, what == 1 ? OBJVIEW_JSON : OBJVIEW_YAML, reveal);
	char *text = pager_text(p);
	pager_free(&p);
	cJSON_Delete(o);
	return text;
}

T_CASE(secret_hidden_without_own_kind)
{
	for (int what = 0; what < 3; what++) {
		char *t = render(what, "Secret", 0);
		T_ASSERT_MSG(strstr(t, "aHVudGVyMg") == NULL && strstr(t, "hunter2") == NULL, "view %d: %s", what, t);
		T_CONTAINS(t, "password");
		free(t);
	}
}

T_CASE(secret_revealed_decoded)
{
	char *t = render(0, "Secret", 1);
	T_CONTAINS(t, "hunter2");
	free(t);
}

T_CASE(other_kinds_shown)
{
	char *t = render(0, "ConfigMap", 0);
	T_CONTAINS(t, "aHVudGVyMg==");
	free(t);
}

/* kubectl apply of a Secret with stringData: the server stores data, and the annotation
 * keeps what was applied, the value in the clear. "czNjcjN0LWFwcGxpZWQ=" is s3cr3t-applied,
 * 14 bytes (20 characters of base64, which once counted as 15). */
static const char applied_json[] =
    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"applied\",\"namespace\":\"shop\","
    "\"annotations\":{\"team\":\"payments\",\"kubectl.kubernetes.io/last-applied-configuration\":"
    "\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Secret\\\",\\\"metadata\\\":{\\\"name\\\":\\\"applied\\\"},"
    "\\\"stringData\\\":{\\\"password\\\":\\\"s3cr3t-applied\\\"}}\\n\"}},"
    "\"type\":\"Opaque\",\"data\":{\"password\":\"czNjcjN0LWFwcGxpZWQ=\"}}";

static char *
render_doc(const char *doc, int what, const char *kind, int reveal)
{
	cJSON *o = cJSON_Parse(doc);
	if (o == NULL)
		return xstrdup("(the test's document does not parse)");
	struct pager *p = pager_new("t");
	if (what == 2)
		describe_render(p, o, kind, NULL, NULL);
	else
		objview_render(p, o, kind, what == 1 ? OBJVIEW_JSON : OBJVIEW_YAML, reveal);
	char *text = pager_text(p);
	pager_free(&p);
	cJSON_Delete(o);
	return text;
}

T_CASE(last_applied_hidden)
{
	for (int what = 0; what < 3; what++) {
		/* also when the page's kind is not given: the object's own says Secret */
		for (int k = 0; k < 2; k++) {
			char *t = render_doc(applied_json, what, k ? "Secret" : NULL, 0);
			T_ASSERT_MSG(strstr(t, "s3cr3t-applied") == NULL && strstr(t, "czNjcjN0") == NULL,
			    "view %d: %s", what, t);
			T_CONTAINS(t, "kubectl.kubernetes.io/last-applied-configuration");
			T_CONTAINS(t, "payments");   /* other annotations stay */
			free(t);
		}
	}
	char *t = render_doc(applied_json, 0, "Secret", 0);
	T_CONTAINS(t, "last-applied-configuration: '********' # hidden");
	free(t);
}

T_CASE(last_applied_revealed)
{
	for (int what = 0; what < 2; what++) {
		char *t = render_doc(applied_json, what, "Secret", 1);
		T_CONTAINS(t, "s3cr3t-applied");
		T_LACKS(t, "********");
		free(t);
	}
}

T_CASE(last_applied_of_other_kinds_shown)
{
	static const char cm[] = "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"annotations\":"
	    "{\"kubectl.kubernetes.io/last-applied-configuration\":\"{\\\"data\\\":{\\\"color\\\":\\\"blue\\\"}}\"}},"
	    "\"data\":{\"color\":\"blue\"}}";
	for (int what = 0; what < 3; what++) {
		char *t = render_doc(cm, what, "ConfigMap", 0);
		/* YAML and JSON quote the annotation's text, describe shows it as it is */
		T_CONTAINS(t, what == 2 ? "{\"data\":{\"color\"" : "{\\\"data\\\":{\\\"color\\\"");
		T_LACKS(t, "hidden");
		free(t);
	}
}

T_CASE(string_data_hidden)
{
	static const char sd[] = "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},"
	    "\"stringData\":{\"token\":\"plain-t0ken\"}}";
	for (int what = 0; what < 3; what++) {
		char *t = render_doc(sd, what, "Secret", 0);
		T_LACKS(t, "plain-t0ken");
		free(t);
	}
	char *t = render_doc(sd, 0, "Secret", 1);
	T_CONTAINS(t, "token: plain-t0ken");
	free(t);
}

/* sizes are of the decoded value, as kubectl describe secret prints them */
T_CASE(sizes_decoded)
{
	char *t = render_doc(applied_json, 2, "Secret", 0);
	T_CONTAINS(t, "password:  14 bytes");
	T_LACKS(t, "15 bytes");
	T_CONTAINS(t, "Type:");
	T_CONTAINS(t, "Opaque");
	free(t);
	t = render_doc(applied_json, 0, "Secret", 0);
	T_CONTAINS(t, "password: '********' # hidden (14 bytes; x reveals)");
	free(t);
	t = render_doc(secret_json, 2, "Secret", 0);   /* hunter2: 7 bytes, "aHVudGVyMg==" */
	T_CONTAINS(t, "password:  7 bytes");
	free(t);
}

/* a pod's env from a Secret is its reference, in describe and YAML; never the value */
T_CASE(env_from_secret_is_reference)
{
	static const char pod[] = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\"},"
	    "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:1\",\"env\":["
	    "{\"name\":\"DB_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"creds\",\"key\":\"password\"}}},"
	    "{\"name\":\"COLOR\",\"valueFrom\":{\"configMapKeyRef\":{\"name\":\"settings\",\"key\":\"color\",\"optional\":true}}},"
	    "{\"name\":\"MODE\",\"value\":\"fast\"},"
	    "{\"name\":\"POD_IP\",\"valueFrom\":{\"fieldRef\":{\"apiVersion\":\"v1\",\"fieldPath\":\"status.podIP\"}}}],"
	    "\"envFrom\":[{\"secretRef\":{\"name\":\"all-creds\"}}]}]},"
	    "\"status\":{\"podIP\":\"10.0.0.7\"}}";
	char *t = render_doc(pod, 2, "Pod", 0);
	T_CONTAINS(t, "Environment:");
	T_CONTAINS(t, "DB_PASSWORD:");
	T_CONTAINS(t, "<set to the key 'password' in secret 'creds'>  Optional: false");
	T_CONTAINS(t, "<set to the key 'color' of config map 'settings'>  Optional: true");
	T_CONTAINS(t, "fast");
	T_CONTAINS(t, "10.0.0.7 (v1:status.podIP)");
	T_CONTAINS(t, "Environment Variables from:");
	T_CONTAINS(t, "all-creds");
	T_CONTAINS(t, "Secret  Optional: false");
	free(t);
	/* the same env in a Deployment's template */
	static const char dep[] = "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"template\":"
	    "{\"spec\":{\"containers\":[{\"name\":\"web\",\"env\":[{\"name\":\"DB_PASSWORD\",\"valueFrom\":"
	    "{\"secretKeyRef\":{\"name\":\"creds\",\"key\":\"password\"}}}]}]}}}}";
	t = render_doc(dep, 2, "Deployment", 0);
	T_CONTAINS(t, "<set to the key 'password' in secret 'creds'>");
	free(t);
}

int
main(void)
{
	T_RUN(secret_hidden_without_own_kind);
	T_RUN(secret_revealed_decoded);
	T_RUN(other_kinds_shown);
	T_RUN(last_applied_hidden);
	T_RUN(last_applied_revealed);
	T_RUN(last_applied_of_other_kinds_shown);
	T_RUN(string_data_hidden);
	T_RUN(sizes_decoded);
	T_RUN(env_from_secret_is_reference);
	return t_done();
}
