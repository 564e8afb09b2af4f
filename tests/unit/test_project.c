#include "t.h"
/* Projects: projects.yaml (good and broken), Rancher and KubeSphere labels, a context's
 * projects only on that context (or those contexts), members resolved again when namespaces
 * change; OpenShift's projects, one per namespace with its display name, kept across a
 * resolve from namespaces and replaced when the project list changes. */
#include "model/project.h"
#include "util/xmalloc.h"

static const char file_ok[] =
    "projects:\n"
    "  storefront:\n"
    "    context: prod\n"
    "    namespaces: [shop, payments, gone]\n"
    "  gold:\n"
    "    selector: tier=gold\n";

static const char *const names[] = { "shop", "payments", "team-a", "team-b", "kube-system" };
static const char *const labels[] = {
	"field.cattle.io/projectId\0p-sh0p1\0kubesphere.io/workspace\0shop\0",
	"field.cattle.io/projectId\0c-abc:p-pay9z\0",
	"field.cattle.io/projectId\0p-7xk2q\0tier\0gold\0",
	"field.cattle.io/projectId\0p-7xk2q\0",
	NULL,
};

T_CASE(project_file_and_labels)
{
	struct kd_err err = { 0 };
	struct projects *ps = projects_parse(file_ok, sizeof file_ok - 1, "projects.yaml", &err);
	T_ASSERT_MSG(ps != NULL, "%s", err.msg);
	projects_resolve(ps, "prod", 5, names, labels);

	const struct project *p = projects_find(ps, "storefront", PROJECT_FILE);
	T_ASSERT(p != NULL);
	T_EQ_INT(p->nns, 2);   /* "gone" is not a namespace there */
	T_EQ_STR(p->ns[0], "payments");
	T_EQ_STR(p->ns[1], "shop");
	p = projects_find(ps, "gold", PROJECT_FILE);
	T_ASSERT(p != NULL && p->nns == 1);
	T_EQ_STR(p->ns[0], "team-a");
	p = projects_find(ps, "p-7xk2q", PROJECT_RANCHER);
	T_ASSERT(p != NULL && p->nns == 2);
	T_EQ_STR(p->ns[0], "team-a");
	T_EQ_STR(p->ns[1], "team-b");
	/* the annotation's "cluster:project" form names the project */
	p = projects_find(ps, "p-pay9z", PROJECT_RANCHER);
	T_ASSERT(p != NULL && p->nns == 1 && project_has(p, "payments"));
	p = projects_find(ps, "shop", PROJECT_KUBESPHERE);
	T_ASSERT(p != NULL && project_has(p, "shop") && !project_has(p, "payments"));
	T_EQ_STR(project_source_name(PROJECT_KUBESPHERE), "kubesphere");

	/* another context: storefront is prod's; gold has no context and applies */
	projects_resolve(ps, "staging", 5, names, labels);
	T_EQ_INT(projects_find(ps, "storefront", PROJECT_FILE)->nns, 0);
	T_EQ_INT(projects_find(ps, "gold", PROJECT_FILE)->nns, 1);

	/* namespaces change: label projects follow, none is left over */
	projects_resolve(ps, "prod", 1, names, labels);
	T_ASSERT(projects_find(ps, "p-7xk2q", PROJECT_RANCHER) == NULL);
	T_EQ_INT(projects_find(ps, "storefront", PROJECT_FILE)->nns, 1);
	projects_free(&ps);
	T_ASSERT(ps == NULL);
	projects_free(&ps);
}

T_CASE(project_file_broken)
{
	struct kd_err err = { 0 };
	static const char no_map[] = "projects: [a, b]\n";
	T_ASSERT(projects_parse(no_map, sizeof no_map - 1, "projects.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "projects.yaml:1:");
	static const char unknown[] = "projects:\n  a:\n    namespace: [x]\n";
	T_ASSERT(projects_parse(unknown, sizeof unknown - 1, "projects.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "projects.yaml:3:");
	T_CONTAINS(err.msg, "namespace is not a project setting");
	static const char empty_project[] = "projects:\n  a:\n    context: prod\n";
	T_ASSERT(projects_parse(empty_project, sizeof empty_project - 1, "projects.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "neither namespaces nor a selector");
	static const char bad_sel[] = "projects:\n  a:\n    selector: 'a in (b'\n";
	T_ASSERT(projects_parse(bad_sel, sizeof bad_sel - 1, "projects.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "project a:");
	static const char bad_yaml[] = "projects:\n  a: [\n";
	T_ASSERT(projects_parse(bad_yaml, sizeof bad_yaml - 1, "projects.yaml", &err) == NULL);
	/* an empty or missing file: no projects */
	struct projects *ps = projects_parse("", 0, "projects.yaml", &err);
	T_ASSERT(ps != NULL && ps->n == 0);
	projects_free(&ps);
	ps = projects_load("/nonexistent/kdeck/projects.yaml", &err);
	T_ASSERT(ps != NULL && ps->n == 0);
	projects_free(&ps);
}

T_CASE(project_contexts)
{
	struct kd_err err = { 0 };
	static const char file[] = "projects:\n  web:\n    contexts: [prod, staging]\n    namespaces: [shop]\n";
	struct projects *ps = projects_parse(file, sizeof file - 1, "projects.yaml", &err);
	T_ASSERT_MSG(ps != NULL, "%s", err.msg);
	const struct project *p = projects_find(ps, "web", PROJECT_FILE);
	T_ASSERT(p != NULL && p->ncontexts == 2);
	T_EQ_STR(p->contexts[1], "staging");
	T_ASSERT(project_on(p, "prod") && project_on(p, "staging") && !project_on(p, "dev"));
	projects_resolve(ps, "staging", 5, names, labels);
	T_EQ_INT(projects_find(ps, "web", PROJECT_FILE)->nns, 1);
	projects_resolve(ps, "dev", 5, names, labels);
	T_EQ_INT(projects_find(ps, "web", PROJECT_FILE)->nns, 0);
	projects_free(&ps);
	static const char bad[] = "projects:\n  a:\n    contexts: [prod, {x: 1}]\n    namespaces: [shop]\n";
	T_ASSERT(projects_parse(bad, sizeof bad - 1, "projects.yaml", &err) == NULL);
	T_CONTAINS(err.msg, "contexts must be names");
}

T_CASE(project_openshift)
{
	struct kd_err err = { 0 };
	struct projects *ps = projects_parse(file_ok, sizeof file_ok - 1, "projects.yaml", &err);
	T_ASSERT_MSG(ps != NULL, "%s", err.msg);
	static const char *const os_names[] = { "shop", "team-a", "shop", "" };
	static const char *const os_disp[] = { "Store front", "", "dup", NULL };
	projects_resolve(ps, "prod", 5, names, labels);
	size_t before = ps->n;
	projects_resolve_openshift(ps, 4, os_names, os_disp);
	T_EQ_INT(ps->n, before + 2);   /* the duplicate and the empty name are not projects */
	const struct project *p = projects_find(ps, "shop", PROJECT_OPENSHIFT);
	T_ASSERT(p != NULL && p->nns == 1);
	T_EQ_STR(p->ns[0], "shop");
	T_EQ_STR(p->display, "Store front");
	T_EQ_STR(project_source_name(p->source), "openshift");
	p = projects_find(ps, "team-a", PROJECT_OPENSHIFT);
	T_ASSERT(p != NULL && p->display == NULL);
	/* the other sources stay */
	T_ASSERT(projects_find(ps, "storefront", PROJECT_FILE) != NULL);
	T_ASSERT(projects_find(ps, "p-sh0p1", PROJECT_RANCHER) != NULL);
	/* a new list replaces the old one; a resolve from namespaces drops them until fed again */
	projects_resolve_openshift(ps, 1, os_names + 1, NULL);
	T_ASSERT(projects_find(ps, "shop", PROJECT_OPENSHIFT) == NULL);
	T_ASSERT(projects_find(ps, "team-a", PROJECT_OPENSHIFT) != NULL);
	projects_resolve(ps, "prod", 5, names, labels);
	T_ASSERT(projects_find(ps, "team-a", PROJECT_OPENSHIFT) == NULL);
	T_EQ_INT(ps->n, before);
	/* without namespaces (a user who may list projects only) */
	struct projects *only = xcalloc(1, sizeof *only);
	projects_resolve_openshift(only, 2, os_names, os_disp);
	T_EQ_INT(only->n, 2);
	projects_free(&only);
	projects_free(&ps);
}

int
main(void)
{
	T_RUN(project_file_and_labels);
	T_RUN(project_file_broken);
	T_RUN(project_contexts);
	T_RUN(project_openshift);
	return t_done();
}
