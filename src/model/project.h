/* Projects: namespaces grouped the way the platform around a cluster groups them.
 *   Rancher     the label field.cattle.io/projectId (Rancher writes it beside the
 *               annotation of the same name, "c-xxxxx:p-xxxxx") -> project p-xxxxx
 *   KubeSphere  the label kubesphere.io/workspace -> workspace NAME
 *   OpenShift   project.openshift.io/v1 projects, when the server has that API: a project
 *               per namespace the user may see, with its display name
 *   projects.yaml beside config.yaml, for everything else:
 *     projects:
 *       storefront:
 *         context: prod            # optional: only on this context
 *         namespaces: [shop, payments]
 *       web:
 *         contexts: [prod, staging]  # on these contexts; its page shows them all
 *       gold:
 *         selector: tier=gold      # namespaces whose labels match
 * A namespace may belong to several (one per source). No curses, no network: the
 * caller feeds the namespaces it knows (names and packed labels) to projects_resolve. */
#ifndef KD_PROJECT_H
#define KD_PROJECT_H

#include <stddef.h>

#include "util/err.h"

enum project_source { PROJECT_FILE, PROJECT_RANCHER, PROJECT_KUBESPHERE, PROJECT_OPENSHIFT };

struct selector;
struct store;

struct project {
	char *name;
	char *display;              /* OpenShift's openshift.io/display-name, or NULL */
	enum project_source source;
	char *context;              /* from the file; NULL: every context */
	char **contexts;            /* from the file: several contexts, one page over them all */
	size_t ncontexts;
	char **listed;              /* from the file: namespace names */
	size_t nlisted;
	struct selector *sel;       /* from the file: a label selector, or NULL */
	char *selector_text;
	char **ns;                  /* the members after projects_resolve, sorted */
	size_t nns;
};

struct projects {
	struct project *v;
	size_t n;
};

/* The projects of path (projects.yaml). A missing file is no projects, not an error;
 * NULL with err "projects.yaml:LINE:COL: what is wrong" when it cannot be used. */
struct projects *projects_load(const char *path, struct kd_err *err);
/* From a YAML text (name for messages). */
struct projects *projects_parse(const char *text, size_t len, const char *name, struct kd_err *err);
void projects_free(struct projects **ps);
/* Fills every project's members from the namespaces of context: names[i] with its
 * labels packed "k\0v\0...\0" (labels[i], may be NULL). Rancher and KubeSphere
 * projects are made (again) from the labels; file projects of another context get none. */
void projects_resolve(struct projects *ps, const char *context, size_t n, const char *const *names,
    const char *const *labels);
/* Replaces the OpenShift projects with these: names[i], its display name displays[i] (may
 * be NULL or ""), a project of one namespace of the same name. Call after projects_resolve,
 * which drops them; works without it when the user may list projects but not namespaces. */
void projects_resolve_openshift(struct projects *ps, size_t n, const char *const *names,
    const char *const *displays);
/* projects_resolve from a namespaces store, then projects_resolve_openshift from a store
 * of project.openshift.io projects; either may be NULL (not served, not listed, not
 * allowed). Clears the stores' filters. */
void projects_resolve_stores(struct projects *ps, const char *context, struct store *namespaces,
    struct store *openshift);
/* "file", "rancher", "kubesphere", "openshift" */
const char *project_source_name(enum project_source s);
/* The project called name of that source, or NULL. */
const struct project *projects_find(const struct projects *ps, const char *name, enum project_source s);
int project_has(const struct project *p, const char *ns);
/* Whether p (a file project) is on context: its context, one of its contexts, or any. */
int project_on(const struct project *p, const char *context);

#endif
