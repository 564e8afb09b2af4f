/* The pure parts of s/l/D/F from the browser: a service port to the pod's port (a number,
 * a named container port, none), the :port-forward target forms, :exec's command. */
#include "t.h"

#include <cjson/cJSON.h>

#include "model/podref.h"

static const char t_svc[] = "{\"metadata\":{\"name\":\"checkout\"},\"spec\":{\"ports\":["
	"{\"port\":443,\"targetPort\":8443},{\"port\":80,\"targetPort\":\"http\"},{\"port\":9090},"
	"{\"port\":81,\"targetPort\":\"nope\"}]}}";
static const char t_pod[] = "{\"metadata\":{\"name\":\"checkout-1\"},\"spec\":{\"containers\":["
	"{\"name\":\"side\"},{\"name\":\"app\",\"ports\":[{\"name\":\"metrics\",\"containerPort\":9100},"
	"{\"name\":\"http\",\"containerPort\":8080}]}]}}";

T_CASE(podref_service_ports)
{
	cJSON *svc = cJSON_Parse(t_svc), *pod = cJSON_Parse(t_pod);
	char why[300] = "";
	T_EQ_INT(podref_service_target(svc, pod, 443, why, sizeof why), 8443);
	T_EQ_INT(podref_service_target(svc, pod, 80, why, sizeof why), 8080);
	T_EQ_INT(podref_service_target(svc, pod, 9090, why, sizeof why), 9090);
	T_EQ_INT(podref_service_target(svc, pod, 81, why, sizeof why), -1);
	T_EQ_STR(why, "pod checkout-1 has no port named \"nope\" (service checkout's targetPort)");
	T_EQ_INT(podref_service_target(svc, pod, 1234, why, sizeof why), -1);
	T_EQ_STR(why, "service checkout has no port 1234");
	cJSON_Delete(svc);
	cJSON_Delete(pod);
}

static void
t_target(const char *t, const char *ns, const char *kind, const char *name)
{
	char *n = NULL, *k = NULL, *m = NULL;
	int r = podref_parse_target(t, "dflt", &n, &k, &m);
	if (ns == NULL) {
		T_EQ_INT(r, -1);
		return;
	}
	T_EQ_INT(r, 0);
	T_EQ_STR(n, ns);
	T_EQ_STR(k, kind);
	T_EQ_STR(m, name);
	free(n);
	free(k);
	free(m);
}

T_CASE(podref_targets)
{
	t_target("payments/svc/checkout", "payments", "services", "checkout");
	t_target("shop/pod/web-1", "shop", "pods", "web-1");
	t_target("svc/checkout", "dflt", "services", "checkout");
	t_target("po/web-1", "dflt", "pods", "web-1");
	t_target("shop/web-1", "shop", "pods", "web-1");
	t_target("web-1", "dflt", "pods", "web-1");
	t_target("shop/deploy/web", NULL, NULL, NULL);
	t_target("a/b/c/d", NULL, NULL, NULL);
	t_target("", NULL, NULL, NULL);
}

static void
t_argv_free(char **v)
{
	for (char **a = v; *a; a++)
		free(*a);
	free(v);
}

T_CASE(podref_exec_words_or_sh)
{
	char **v = podref_exec_argv("ls  -la /tmp");
	T_EQ_STR(v[0], "ls");
	T_EQ_STR(v[1], "-la");
	T_EQ_STR(v[2], "/tmp");
	T_ASSERT(v[3] == NULL);
	t_argv_free(v);
	v = podref_exec_argv("echo $((6*7)) | tee /tmp/x");
	T_EQ_STR(v[0], "sh");
	T_EQ_STR(v[1], "-c");
	T_EQ_STR(v[2], "echo $((6*7)) | tee /tmp/x");
	T_ASSERT(v[3] == NULL);
	t_argv_free(v);
}

int
main(void)
{
	T_RUN(podref_service_ports);
	T_RUN(podref_targets);
	T_RUN(podref_exec_words_or_sh);
	return t_done();
}
