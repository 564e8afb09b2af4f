#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "util/kvfile.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static void
kvfile_add(struct kvfile *kf, const char *prefix, const char *key, const char *value, int line)
{
	struct kv *kv;

	kf->kv = xreallocarray(kf->kv, kf->n + 1, sizeof *kf->kv);
	kv = &kf->kv[kf->n++];
	kv->key = *prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
	kv->value = xstrdup(value);
	kv->line = line;
}

struct kvfile *
kvfile_parse(const char *text, size_t len, const char *name, struct kd_err *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct kvfile *kf = xcalloc(1, sizeof *kf);
	char prefix[256] = "", key[256] = "";
	int depth = 0, have_key = 0, done = 0, ok = 0, keyline = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			kd_err_set(err, KD_ERR_INVALID, "%s:%zu:%zu: %s", name,
			    p.problem_mark.line + 1, p.problem_mark.column + 1,
			    p.problem ? p.problem : "not YAML");
			goto done;
		}
		int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
			if (depth == 1 && have_key) {
				snprintf(prefix, sizeof prefix, "%s", key);
				have_key = 0;
			} else if (depth != 0) {
				kd_err_set(err, KD_ERR_INVALID,
				    "%s:%d:%d: nested too deep; expected \"key: value\"", name, line, col);
				yaml_event_delete(&ev);
				goto done;
			}
			depth++;
			break;
		case YAML_MAPPING_END_EVENT:
			depth--;
			if (depth == 1)
				prefix[0] = '\0';
			break;
		case YAML_SEQUENCE_START_EVENT:
			kd_err_set(err, KD_ERR_INVALID, "%s:%d:%d: a list is not expected here", name,
			    line, col);
			yaml_event_delete(&ev);
			goto done;
		case YAML_SCALAR_EVENT:
			if (depth == 0) {
				kd_err_set(err, KD_ERR_INVALID, "%s:%d:%d: expected a mapping", name,
				    line, col);
				yaml_event_delete(&ev);
				goto done;
			}
			if (!have_key) {
				snprintf(key, sizeof key, "%s", (const char *)ev.data.scalar.value);
				have_key = 1;
				keyline = line;
			} else {
				kvfile_add(kf, prefix, key, (const char *)ev.data.scalar.value, keyline);
				have_key = 0;
			}
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	ok = 1;
done:
	yaml_parser_delete(&p);
	if (!ok)
		kvfile_free(&kf);
	return kf;
}

struct kvfile *
kvfile_load(const char *path, struct kd_err *err)
{
	FILE *f = fopen(path, "re");
	struct sbuf b = { 0 };
	struct kvfile *kf;

	if (f == NULL) {
		kd_err_set(err, KD_ERR_IO, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	(void)sbuf_fread(&b, f, SIZE_MAX);
	fclose(f);
	kf = kvfile_parse(b.s, b.len, path, err);
	free(b.s);
	return kf;
}

void
kvfile_free(struct kvfile **kf)
{
	if (kf == NULL || *kf == NULL)
		return;
	for (size_t i = 0; i < (*kf)->n; i++) {
		free((*kf)->kv[i].key);
		free((*kf)->kv[i].value);
	}
	free((*kf)->kv);
	free(*kf);
	*kf = NULL;
}

const char *
kvfile_get(const struct kvfile *kf, const char *key)
{
	for (size_t i = 0; kf != NULL && i < kf->n; i++)
		if (strcmp(kf->kv[i].key, key) == 0)
			return kf->kv[i].value;
	return NULL;
}

char *
kvfile_find(const char *const *dirs, const char *name)
{
	for (size_t i = 0; dirs != NULL && dirs[i] != NULL; i++) {
		char *p = xasprintf("%s/%s.yaml", dirs[i], name);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}
