/* The templates of folders, one a name, the first folder's winning; see template.h. */
#define _POSIX_C_SOURCE 200809L
#include "model/template.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct tmpl_entry {
	struct tmpl *t;
	size_t origin;
};

static int
tmpl_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tmpl_entry *)a)->t->name, ((const struct tmpl_entry *)b)->t->name);
}

static int
tmpl_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
tmpl_list(const char *const *dirs, struct tmpl ***out, size_t **origin, size_t *broken, struct kd_err *err)
{
	struct tmpl_entry *all = NULL;
	size_t n = 0, nbroken = 0;
	kd_err_clear(err);
	for (size_t d = 0; dirs != NULL && dirs[d] != NULL; d++) {
		DIR *dir = opendir(dirs[d]);
		if (dir == NULL)
			continue;
		char **files = NULL;
		size_t nfiles = 0;
		struct dirent *de;
		while ((de = readdir(dir)) != NULL) {
			size_t l = strlen(de->d_name);
			if (de->d_name[0] == '.' || l <= 5 || strcmp(de->d_name + l - 5, ".yaml") != 0)
				continue;
			files = xreallocarray(files, nfiles + 1, sizeof *files);
			files[nfiles++] = xstrdup(de->d_name);
		}
		closedir(dir);
		qsort(files, nfiles, sizeof *files, tmpl_str_cmp);
		for (size_t f = 0; f < nfiles; f++) {
			char *path = xasprintf("%s/%s", dirs[d], files[f]);
			struct kd_err e = { 0 };
			struct tmpl *t = tmpl_load(path, &e);
			free(path);
			free(files[f]);
			if (t == NULL) {
				if (nbroken++ == 0 && err != NULL)
					*err = e;
				continue;
			}
			int dup = 0;
			for (size_t i = 0; i < n && !dup; i++)
				dup = strcmp(all[i].t->name, t->name) == 0;
			if (dup) {   /* a folder before this one has it */
				tmpl_free(&t);
				continue;
			}
			all = xreallocarray(all, n + 1, sizeof *all);
			all[n++] = (struct tmpl_entry){ t, d };
		}
		free(files);
	}
	if (n > 1)
		qsort(all, n, sizeof *all, tmpl_entry_cmp);
	*out = xcalloc(n ? n : 1, sizeof **out);
	if (origin != NULL)
		*origin = xcalloc(n ? n : 1, sizeof **origin);
	for (size_t i = 0; i < n; i++) {
		(*out)[i] = all[i].t;
		if (origin != NULL)
			(*origin)[i] = all[i].origin;
	}
	free(all);
	if (broken != NULL)
		*broken = nbroken;
	return n;
}

void
tmpl_list_free(struct tmpl ***list, size_t n)
{
	if (list == NULL || *list == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		tmpl_free(&(*list)[i]);
	free(*list);
	*list = NULL;
}
