/* libFuzzer target: an exec credential plugin's stdout read as an ExecCredential (kind,
 * apiVersion, token or certificate and key, expirationTimestamp). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/kauth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = malloc(size + 1);
	memcpy(out, data, size);
	out[size] = '\0';
	struct kauth_cred c;
	struct kd_err err = { 0 };
	if (kauth_parse_credential(out, "client.authentication.k8s.io/v1", "fuzz", "plugin", &c, &err) == 0) {
		/* a success has something to authenticate with, and a key with a certificate */
		if (c.token == NULL && c.cert == NULL)
			abort();
		if ((c.cert == NULL) != (c.key == NULL))
			abort();
		kauth_cred_clear(&c);
	} else if (err.msg[0] == '\0') {
		abort();   /* a failure always says why */
	}
	free(out);
	return 0;
}
