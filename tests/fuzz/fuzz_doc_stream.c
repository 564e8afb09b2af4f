/* libFuzzer target: JSON text written as YAML without a tree (model/doc_stream.h) is
 * byte for byte the YAML of cJSON's tree of it, with and without the editor's view; what
 * the stream refuses may be anything, what it writes must be what the tree gives. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/doc.h"
#include "model/doc_stream.h"
#include "model/editview.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	for (int view = 0; view < 2; view++) {
		char *s = doc_stream_yaml(json, size, view ? editview_stream_filter : NULL, NULL);
		if (s == NULL)
			continue;
		cJSON *t = cJSON_ParseWithLength(json, size);
		if (t == NULL)
			abort();   /* written what cJSON does not read */
		char *y;
		if (view) {
			struct editview_hidden h;
			cJSON *v = editview_borrow(t, &h);
			y = doc_to_yaml(v, 0);
			cJSON_Delete(v);
			editview_hidden_free(&h);
		} else
			y = doc_to_yaml(t, 0);
		if (strcmp(s, y) != 0)
			abort();   /* not the tree's YAML */
		free(y);
		free(s);
		cJSON_Delete(t);
	}
	return 0;
}
