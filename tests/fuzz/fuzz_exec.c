/* libFuzzer target: an exec session's channel framing, the messages the server sends cut
 * from the input (a length byte, then the message: the channel byte, then its bytes),
 * with the error channel's Status parsed. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/exec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t fz_out;

static void
fz_output(struct exec *x, int ch, const unsigned char *buf, size_t len, void *arg)
{
	(void)x;
	(void)arg;
	if (ch != EXEC_STDOUT && ch != EXEC_STDERR)
		abort();
	if (len == 0)
		abort();
	fz_out += len;
	(void)buf[len - 1];
}

static const struct exec_cbs fz_cbs = { NULL, fz_output, NULL };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exec *x = exec_new_detached(&fz_cbs, NULL);
	size_t off = 0;
	while (off < size) {
		size_t len = data[off++];
		if (len > size - off)
			len = size - off;
		/* a copy of exactly the message: reading past it is an error ASan sees */
		unsigned char *m = malloc(len ? len : 1);
		memcpy(m, data + off, len);
		exec_feed(x, m, len);
		free(m);
		off += len;
	}
	const struct exec_end *end = exec_status_seen(x);
	if (end != NULL && end->how == EXEC_FAILED && end->err.msg[0] == '\0')
		abort();
	exec_free(&x);
	return 0;
}
