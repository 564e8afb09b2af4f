/* The objects kdeck deleted, kept for :audit; see deleted.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/doc.h"
#include "ops/deleted.h"
#include "util/file.h"
#include "util/fsname.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

int
deleted_keeps(const char *group, const char *resource)
{
	return !((group == NULL || group[0] == '\0') && resource != NULL && strcmp(resource, "secrets") == 0);
}

/* One path segment, its name made safe (fsname_add); "" is "_". */
static void
deleted_segment(struct sbuf *b, const char *s)
{
	sbuf_str(b, "/");
	fsname_add(b, s == NULL || *s == '\0' ? "_" : s);
}

char *
deleted_path(const char *dir, const char *context, const char *group, const char *resource,
    const char *ns, const char *name)
{
	struct sbuf b = { 0 };
	sbuf_str(&b, dir);
	deleted_segment(&b, context);
	deleted_segment(&b, group && group[0] ? group : "core");
	deleted_segment(&b, resource);
	deleted_segment(&b, ns);
	deleted_segment(&b, name);
	sbuf_str(&b, ".yaml");
	return b.s;
}

char *
deleted_dir(void)
{
	char *dir = file_user_dir("XDG_STATE_HOME", ".local/state");
	char *d = xasprintf("%s/deleted", dir ? dir : "./.local/state/kdeck");
	free(dir);
	return d;
}

int
deleted_can_keep(const char *context, struct kd_err *err)
{
	struct sbuf b = { 0 };
	char *dir = deleted_dir();
	sbuf_str(&b, dir);
	deleted_segment(&b, context);
	free(dir);
	/* the folder itself, else the nearest one above it that is there: it must be a
	 * folder that can be written in (what is missing below it is made then) */
	char *p = xstrdup(b.s);
	struct stat st;
	int rc = 0;
	while (stat(p, &st) != 0 && errno == ENOENT) {
		char *slash = strrchr(p, '/');
		if (slash == NULL || slash == p)
			break;
		*slash = '\0';
	}
	if (stat(p, &st) != 0)
		rc = kd_err_set(err, KD_ERR_IO, "cannot create %s: %s", b.s, strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc = kd_err_set(err, KD_ERR_IO, "cannot create %s: %s", b.s, strerror(ENOTDIR));
	else if (access(p, W_OK | X_OK) != 0)
		rc = kd_err_set(err, KD_ERR_IO, "cannot write in %s: %s", p, strerror(errno));
	free(p);
	free(b.s);
	return rc;
}

static const char *
deleted_meta_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int
deleted_save(const char *context, const char *group, const char *resource, const cJSON *obj,
    struct kd_err *err)
{
	const char *name = deleted_meta_str(obj, "name"), *ns = deleted_meta_str(obj, "namespace");
	if (!deleted_keeps(group, resource))
		return kd_err_set(err, KD_ERR_INVALID, "a Secret's values are not kept");
	if (name == NULL)
		return kd_err_set(err, KD_ERR_INVALID, "the object has no name");
	char *dir = deleted_dir();
	char *path = deleted_path(dir, context, group, resource, ns, name);
	char *folder = xstrdup(path);
	*strrchr(folder, '/') = '\0';
	int rc = -1;
	char *yaml = doc_to_yaml(obj, 0);
	if (file_private_dir(folder) != 0)
		kd_err_set(err, KD_ERR_IO, "cannot create %s: %s", folder, strerror(errno));
	else if (yaml == NULL || file_write_private(path, yaml, strlen(yaml)) != 0)
		kd_err_set(err, KD_ERR_IO, "cannot write %s: %s", path, strerror(errno));
	else
		rc = 0;
	free(yaml);
	free(folder);
	free(path);
	free(dir);
	return rc;
}

void
deleted_strip(cJSON *obj)
{
	static const char *const meta[] = { "uid", "resourceVersion", "creationTimestamp", "managedFields",
		"ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink",
		NULL };
	cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	for (size_t i = 0; m != NULL && meta[i]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(m, meta[i]);
	cJSON_DeleteItemFromObjectCaseSensitive(obj, "status");
}

cJSON *
deleted_load(const char *context, const char *group, const char *resource, const char *ns,
    const char *name, struct kd_err *err)
{
	if (!deleted_keeps(group, resource)) {
		kd_err_set(err, KD_ERR_INVALID, "a Secret's values are not kept: it cannot be re-created from here");
		return NULL;
	}
	char *dir = deleted_dir();
	char *path = deleted_path(dir, context, group, resource, ns, name);
	size_t len = 0;
	char *text = file_read(path, 1 << 24, &len);
	cJSON *obj = NULL;
	if (text == NULL)
		kd_err_set(err, KD_ERR_NOTFOUND, "no YAML of %s %s kept (%s)", resource, name,
		    errno == ENOENT ? "it was not deleted by kdeck here" : strerror(errno));
	else if ((obj = doc_from_yaml(text, len, path, err)) != NULL)
		deleted_strip(obj);
	free(text);
	free(path);
	free(dir);
	return obj;
}
