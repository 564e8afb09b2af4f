/* Small YAML files as flat key/value pairs: themes and keymaps are mappings of scalars,
 * at most one level deep ("keys:" then "j: down"), read as "keys.j" = "down" with the
 * line each came from, so a mistake is reported as file:line. */
#ifndef KD_KVFILE_H
#define KD_KVFILE_H

#include <stddef.h>

#include "util/err.h"

struct kv {
	char *key;     /* "name", "keys.j" */
	char *value;
	int line;      /* 1-based */
};

struct kvfile {
	struct kv *kv;
	size_t n;
};

/* Parses text (name is used in messages). Returns a new kvfile, or NULL with err
 * "name:line:col: what is wrong". */
struct kvfile *kvfile_parse(const char *text, size_t len, const char *name, struct kd_err *err);
/* Reads and parses path; NULL with err when it cannot be read or parsed. */
struct kvfile *kvfile_load(const char *path, struct kd_err *err);
void kvfile_free(struct kvfile **kf);
/* The value of key, or NULL. Borrowed. */
const char *kvfile_get(const struct kvfile *kf, const char *key);

/* The first dirs[i]/name.yaml that exists, or NULL. Owned by the caller. */
char *kvfile_find(const char *const *dirs, const char *name);

#endif
