#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/doc.h"
#include "model/project.h"
#include "model/selector.h"
#include "model/store.h"
#include "model/view.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

#define PROJECT_RANCHER_LABEL "field.cattle.io/projectId"
#define PROJECT_KUBESPHERE_LABEL "kubesphere.io/workspace"

const char *
project_source_name(enum project_source s)
{
	static const char *const names[] = { [PROJECT_FILE] = "file", [PROJECT_RANCHER] = "rancher",
		[PROJECT_KUBESPHERE] = "kubesphere", [PROJECT_OPENSHIFT] = "openshift" };
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "file";
}

static void
project_clear_members(struct project *p)
{
	for (size_t i = 0; i < p->nns; i++)
		free(p->ns[i]);
	free(p->ns);
	p->ns = NULL;
	p->nns = 0;
}

static void
project_release(struct project *p)
{
	project_clear_members(p);
	for (size_t i = 0; i < p->nlisted; i++)
		free(p->listed[i]);
	free(p->listed);
	selector_free(&p->sel);
	free(p->selector_text);
	free(p->context);
	for (size_t i = 0; i < p->ncontexts; i++)
		free(p->contexts[i]);
	free(p->contexts);
	free(p->display);
	free(p->name);
}

void
projects_free(struct projects **psp)
{
	struct projects *ps;
	if (psp == NULL || (ps = *psp) == NULL)
		return;
	for (size_t i = 0; i < ps->n; i++)
		project_release(&ps->v[i]);
	free(ps->v);
	free(ps);
	*psp = NULL;
}

static struct project *
projects_add(struct projects *ps, const char *name, enum project_source s)
{
	ps->v = xreallocarray(ps->v, ps->n + 1, sizeof *ps->v);
	struct project *p = &ps->v[ps->n++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(name);
	p->source = s;
	return p;
}

/* "NAME:LINE:COL: what" for a node of the file */
static struct projects *
projects_bad(struct projects *ps, const char *name, const struct doc_marks *marks, const cJSON *node,
    struct kd_err *err, const char *what)
{
	int line = 0, col = 0;
	if (doc_mark(marks, node, &line, &col) == 0)
		kd_err_set(err, KD_ERR_CONFIG, "%s:%d:%d: %s", name, line, col, what);
	else
		kd_err_set(err, KD_ERR_CONFIG, "%s: %s", name, what);
	projects_free(&ps);
	return NULL;
}

struct projects *
projects_parse(const char *text, size_t len, const char *name, struct kd_err *err)
{
	struct doc_marks *marks = NULL;
	cJSON *root = doc_from_yaml_marks(text, len, name, &marks, err);
	struct projects *ps = xcalloc(1, sizeof *ps), *ret = NULL;
	char what[700];

	if (root == NULL) {
		projects_free(&ps);
		goto done;
	}
	if (cJSON_IsNull(root)) {
		ret = ps;
		goto done;
	}
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "projects");
	if (!cJSON_IsObject(root) || list == NULL || !cJSON_IsObject(list)) {
		ret = projects_bad(ps, name, marks, list ? list : root, err,
		    "the file must hold a map \"projects:\" of NAME: {context(s), namespaces, selector}");
		goto done;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, list) {
		if (!cJSON_IsObject(it)) {
			snprintf(what, sizeof what, "project %s must be a map of context(s), namespaces, selector", it->string);
			ret = projects_bad(ps, name, marks, it, err, what);
			goto done;
		}
		struct project *p = projects_add(ps, it->string, PROJECT_FILE);
		const cJSON *f;
		cJSON_ArrayForEach(f, it) {
			if (strcmp(f->string, "context") == 0 && cJSON_IsString(f)) {
				free(p->context);
				p->context = xstrdup(f->valuestring);
			} else if (strcmp(f->string, "contexts") == 0 && cJSON_IsArray(f)) {
				const cJSON *n;
				cJSON_ArrayForEach(n, f) {
					if (!cJSON_IsString(n)) {
						snprintf(what, sizeof what, "project %s: contexts must be names", p->name);
						ret = projects_bad(ps, name, marks, n, err, what);
						goto done;
					}
					p->contexts = xreallocarray(p->contexts, p->ncontexts + 1, sizeof *p->contexts);
					p->contexts[p->ncontexts++] = xstrdup(n->valuestring);
				}
			} else if (strcmp(f->string, "namespaces") == 0 && cJSON_IsArray(f)) {
				const cJSON *n;
				cJSON_ArrayForEach(n, f) {
					if (!cJSON_IsString(n)) {
						snprintf(what, sizeof what, "project %s: namespaces must be names", p->name);
						ret = projects_bad(ps, name, marks, n, err, what);
						goto done;
					}
					p->listed = xreallocarray(p->listed, p->nlisted + 1, sizeof *p->listed);
					p->listed[p->nlisted++] = xstrdup(n->valuestring);
				}
			} else if (strcmp(f->string, "selector") == 0 && cJSON_IsString(f)) {
				struct kd_err se = { 0 };
				selector_free(&p->sel);
				p->sel = selector_parse(f->valuestring, &se);
				if (p->sel == NULL) {
					snprintf(what, sizeof what, "project %s: %s", p->name, se.msg);
					ret = projects_bad(ps, name, marks, f, err, what);
					goto done;
				}
				free(p->selector_text);
				p->selector_text = xstrdup(f->valuestring);
			} else {
				snprintf(what, sizeof what, "project %s: %s is not a project setting (context: NAME, contexts: [NAME, ...], "
				    "namespaces: [NS, ...], selector: LABELS)", p->name, f->string);
				ret = projects_bad(ps, name, marks, f, err, what);
				goto done;
			}
		}
		if (p->nlisted == 0 && p->sel == NULL) {
			snprintf(what, sizeof what, "project %s has neither namespaces nor a selector", p->name);
			ret = projects_bad(ps, name, marks, it, err, what);
			goto done;
		}
	}
	ret = ps;
done:
	cJSON_Delete(root);
	doc_marks_free(&marks);
	return ret;
}

struct projects *
projects_load(const char *path, struct kd_err *err)
{
	FILE *f = fopen(path, "re");
	if (f == NULL) {
		if (errno == ENOENT)
			return xcalloc(1, sizeof(struct projects));
		kd_err_set(err, KD_ERR_IO, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	struct sbuf b = { 0 };
	(void)sbuf_fread(&b, f, SIZE_MAX);
	fclose(f);
	struct projects *ps = projects_parse(b.s, b.len, path, err);
	free(b.s);
	return ps;
}

static int
project_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
project_member(struct project *p, const char *ns)
{
	if (project_has(p, ns))
		return;
	p->ns = xreallocarray(p->ns, p->nns + 1, sizeof *p->ns);
	p->ns[p->nns++] = xstrdup(ns);
}

void
projects_resolve(struct projects *ps, const char *context, size_t n, const char *const *names,
    const char *const *labels)
{
	/* label projects are rebuilt: keep only the file's */
	size_t k = 0;
	for (size_t i = 0; i < ps->n; i++) {
		if (ps->v[i].source == PROJECT_FILE)
			ps->v[k++] = ps->v[i];
		else
			project_release(&ps->v[i]);
	}
	ps->n = k;
	for (size_t i = 0; i < ps->n; i++)
		project_clear_members(&ps->v[i]);
	for (size_t j = 0; j < n; j++) {
		const char *lab = labels ? labels[j] : NULL;
		for (size_t i = 0; i < ps->n; i++) {
			struct project *p = &ps->v[i];
			if (p->source != PROJECT_FILE || !project_on(p, context))
				continue;
			int in = 0;
			for (size_t l = 0; l < p->nlisted && !in; l++)
				in = strcmp(p->listed[l], names[j]) == 0;
			if (!in && p->sel != NULL && lab != NULL)
				in = selector_match_packed(p->sel, lab) == 1;
			if (in)
				project_member(p, names[j]);
		}
		static const struct { const char *label; enum project_source s; } by[] = {
			{ PROJECT_RANCHER_LABEL, PROJECT_RANCHER }, { PROJECT_KUBESPHERE_LABEL, PROJECT_KUBESPHERE },
		};
		for (size_t b = 0; b < sizeof by / sizeof by[0] && lab != NULL; b++) {
			const char *v = selector_packed_get(lab, by[b].label);
			if (v == NULL || *v == '\0')
				continue;
			/* the annotation's form, "c-xxxxx:p-xxxxx", names the same project */
			const char *colon = strrchr(v, ':');
			if (colon != NULL)
				v = colon + 1;
			struct project *p = (struct project *)projects_find(ps, v, by[b].s);
			if (p == NULL)
				p = projects_add(ps, v, by[b].s);
			project_member(p, names[j]);
		}
	}
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].nns > 1)
			qsort(ps->v[i].ns, ps->v[i].nns, sizeof *ps->v[i].ns, project_cmp_str);
}

const struct project *
projects_find(const struct projects *ps, const char *name, enum project_source s)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].source == s && strcmp(ps->v[i].name, name) == 0)
			return &ps->v[i];
	return NULL;
}

int
project_has(const struct project *p, const char *ns)
{
	for (size_t i = 0; i < p->nns; i++)
		if (strcmp(p->ns[i], ns) == 0)
			return 1;
	return 0;
}

int
project_on(const struct project *p, const char *context)
{
	if (context == NULL)
		return 1;
	if (p->context != NULL && strcmp(p->context, context) != 0)
		return 0;
	if (p->ncontexts == 0)
		return 1;
	for (size_t i = 0; i < p->ncontexts; i++)
		if (strcmp(p->contexts[i], context) == 0)
			return 1;
	return 0;
}

void
projects_resolve_openshift(struct projects *ps, size_t n, const char *const *names, const char *const *displays)
{
	size_t k = 0;
	for (size_t i = 0; i < ps->n; i++) {
		if (ps->v[i].source != PROJECT_OPENSHIFT)
			ps->v[k++] = ps->v[i];
		else
			project_release(&ps->v[i]);
	}
	ps->n = k;
	for (size_t j = 0; j < n; j++) {
		if (names[j] == NULL || *names[j] == '\0' || projects_find(ps, names[j], PROJECT_OPENSHIFT) != NULL)
			continue;
		struct project *p = projects_add(ps, names[j], PROJECT_OPENSHIFT);
		if (displays != NULL && displays[j] != NULL && *displays[j] != '\0')
			p->display = xstrdup(displays[j]);
		project_member(p, names[j]);
	}
}

void
projects_resolve_stores(struct projects *ps, const char *context, struct store *namespaces,
    struct store *openshift)
{
	if (namespaces != NULL) {
		store_set_filter(namespaces, "", NULL);
		size_t n = store_visible(namespaces);
		const char **names = xcalloc(n ? n : 1, sizeof *names), **labels = xcalloc(n ? n : 1, sizeof *labels);
		for (size_t i = 0; i < n; i++) {
			names[i] = store_row_name(store_at(namespaces, i));
			labels[i] = store_row_labels(store_at(namespaces, i));
		}
		projects_resolve(ps, context, n, names, labels);
		free(names);
		free(labels);
	}
	if (openshift != NULL) {
		store_set_filter(openshift, "", NULL);
		size_t n = store_visible(openshift);
		int dc = view_col_index(store_view(openshift), "DISPLAY NAME");
		const char **names = xcalloc(n ? n : 1, sizeof *names), **disp = xcalloc(n ? n : 1, sizeof *disp);
		for (size_t i = 0; i < n; i++) {
			names[i] = store_row_name(store_at(openshift, i));
			disp[i] = dc >= 0 ? store_row_cell(store_at(openshift, i), dc) : NULL;
		}
		projects_resolve_openshift(ps, n, names, disp);
		free(names);
		free(disp);
	}
}
