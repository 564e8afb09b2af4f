/* libFuzzer target: an HTTP failure's status and body (a Kubernetes Status, HTML from a
 * proxy, anything) turned into the user's sentence. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	/* the first two bytes are the status, 0 to 1023: 2xx, 4xx, 5xx and nonsense */
	long status = (data[0] | data[1] << 8) % 1024;
	char *body = malloc(size - 2 + 1);
	memcpy(body, data + 2, size - 2);
	body[size - 2] = '\0';
	struct kd_err err = { 0 };
	int rc = http_status_error(status, body, size - 2, &err);
	if (rc != 0 && (err.code == KD_OK || err.msg[0] == '\0'))
		abort();   /* a failure always has a code and a sentence */
	if (memchr(err.msg, '\0', sizeof err.msg) == NULL)
		abort();
	free(body);
	return 0;
}
