/* libFuzzer target: a port-forward stream's framing, the messages the server sends cut
 * from the input (a length byte, then the message: the channel byte, the two-byte port
 * that opens each channel, then data or the error channel's text), written to a local
 * client (/dev/null). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kube/portforward.h"
#include "loop.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct loop *fz_loop;
static struct pfwd *fz_pf;
static char fz_dir[] = "/tmp/kdeck-fuzz-pf.XXXXXX";

static void
fz_cleanup(void)
{
	pfwd_free(&fz_pf);
	loop_free(&fz_loop);
	char cmd[64];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_portforward: could not remove %s\n", fz_dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the forward's journal entry goes to a private folder, never the user's */
	if (mkdtemp(fz_dir) == NULL)
		abort();
	atexit(fz_cleanup);
	setenv("HOME", fz_dir, 1);
	setenv("XDG_STATE_HOME", fz_dir, 1);
	setenv("XDG_CACHE_HOME", fz_dir, 1);
	fz_loop = loop_new();
	struct kd_err err = { 0 };
	fz_pf = pfwd_new(fz_loop, NULL, "ns", "pod", 80, 0, &err);
	if (fz_pf == NULL) {
		fprintf(stderr, "fuzz_portforward: %s\n", err.msg);
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = open("/dev/null", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		abort();
	unsigned before = pfwd_active(fz_pf);
	struct pfconn *c = pfwd_conn_fake(fz_pf, fd);
	size_t off = 0;
	while (off < size) {
		size_t len = data[off++];
		if (len > size - off)
			len = size - off;
		unsigned char *m = malloc(len ? len : 1);
		memcpy(m, data + off, len);
		pfwd_conn_message(c, m, len);
		free(m);
		off += len;
		if (pfwd_active(fz_pf) == before) {
			c = NULL;   /* the stream ended in that message */
			break;
		}
	}
	pfwd_conn_free(&c);
	if (pfwd_active(fz_pf) != before)
		abort();
	return 0;
}
