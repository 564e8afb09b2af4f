/* libFuzzer target: the map of a document's text (paths, lines, the syntax check), the
 * YAML/JSON toggle and the line across it, on any text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/docmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct docmap_err e;
	int checked = docmap_check(text, size, &e);
	struct docmap *m = docmap_new(text, size, &e);
	if ((m == NULL) != (checked != 0))
		abort();   /* the check and the map must agree */
	if (m == NULL)
		return 0;
	struct kd_err err;
	char *json = docmap_convert(text, size, DOCMAP_JSON, &err);
	struct docmap *mj = json != NULL ? docmap_new(json, strlen(json), &e) : NULL;
	if (json != NULL && mj == NULL)
		abort();   /* what the toggle writes reads back */
	for (int line = 0; line < 64; line++) {
		char *p = docmap_path_at(m, line);
		struct docmap_hit h;
		if (p != NULL && docmap_find(m, p, &h) == 0)
			free(h.found);
		free(p);
		if (mj != NULL)
			docmap_line_across(m, line, mj);
	}
	/* the text as a path, too */
	char path[128];
	size_t n = size < sizeof path - 1 ? size : sizeof path - 1;
	memcpy(path, data, n);
	path[n] = '\0';
	struct docmap_hit h;
	if (docmap_find(m, path, &h) == 0)
		free(h.found);
	docmap_free(&mj);
	free(json);
	docmap_free(&m);
	return 0;
}
