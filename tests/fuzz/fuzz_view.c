/* libFuzzer target: view files (YAML and the column expressions inside), and evaluating
 * what parses against a small object. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/expr.h"
#include "model/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cJSON *obj;
	if (obj == NULL)
		obj = cJSON_Parse("{\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"b\"},\"creationTimestamp\":"
		    "\"2024-01-01T00:00:00Z\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]},"
		    "\"status\":{\"containerStatuses\":[{\"ready\":true,\"restartCount\":2,\"state\":{\"running\":{}}}]}}");
	struct kd_err err;
	struct view *v = view_parse((const char *)data, size, "fuzz.yaml", &err);
	if (v != NULL) {
		char out[256];
		struct expr_ctx ctx = { obj, NULL, NULL, 0, 1700000000 };
		for (int i = 0; i < v->ncols; i++)
			expr_eval(v->cols[i].expr, &ctx, out, sizeof out);
		view_free(&v);
	}
	return 0;
}
