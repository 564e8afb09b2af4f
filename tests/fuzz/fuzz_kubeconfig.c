/* libFuzzer target: kubeconfig files (YAML typing, merging, every context resolved),
 * and the YAML printer on whatever parsed. Plugins are never run: resolving does not
 * start them. */
#define _DEFAULT_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kube/kubeconfig.h"
#include "model/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/kdeck-fuzz-kubeconfig.%d", (int)getpid());
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);

	struct kd_err err;
	struct kcfg *cfg = kcfg_load(path, &err);
	if (cfg != NULL) {
		for (size_t i = 0; i < kcfg_context_count(cfg) && i < 16; i++) {
			struct kconn *c = kcfg_resolve(cfg, kcfg_context_name(cfg, i), &err);
			kconn_free(&c);
		}
		struct kconn *c = kcfg_resolve(cfg, NULL, &err);
		kconn_free(&c);
		kcfg_free(&cfg);
	}
	cJSON *d = doc_from_yaml((const char *)data, size, "fuzz.yaml", &err);
	if (d != NULL) {
		char *y = doc_to_yaml(d, DOC_SORT_KEYS);
		cJSON *back = doc_from_yaml(y, strlen(y), "back.yaml", &err);
		if (back == NULL || !cJSON_Compare(d, back, 1)) {
			fprintf(stderr, "YAML printed from a parsed document does not read back the same:\n%s\n", y);
			abort();
		}
		cJSON_Delete(back);
		free(y);
		cJSON_Delete(d);
	}
	unlink(path);
	return 0;
}
