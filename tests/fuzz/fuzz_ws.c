/* libFuzzer target: the WebSocket buffers between the two threads. Fragments cut from the
 * input (a byte: its length, and whether it ends a message) are gathered under a small
 * bound as the lws thread gathers them, framed into the batch, and walked as ws_deliver
 * walks it: every message comes out whole, in order, and none is over the bound. The
 * input as raw bytes is walked too: a frame cut short stops the walk, never a read past
 * the buffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/ws_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t max = 1 + data[0] * 4;
	struct ws_buf msg = { 0 }, rx = { 0 };
	struct kd_err err = { 0 };
	size_t nmsgs = 0, bytes = 0;
	size_t off = 1;
	while (off < size) {
		size_t len = data[off] & 0x7f;
		int final = data[off] & 0x80;
		off++;
		if (len > size - off)
			len = size - off;
		if (ws_rxmsg_add(&msg, data + off, len, max, &err) != 0) {
			if (err.msg[0] == '\0' || msg.len > max)
				abort();
			msg.len = 0;   /* the connection would close here; go on with the next */
		} else if (final) {
			ws_buf_put(&rx, msg.p, msg.len, 1);
			nmsgs++;
			bytes += msg.len;
			msg.len = 0;
		}
		off += len;
	}
	const unsigned char *m;
	size_t n, seen = 0, seenbytes = 0;
	while (ws_buf_take(&rx, &m, &n)) {
		if (n > max)
			abort();
		if (n > 0)
			(void)m[n - 1];
		seen++;
		seenbytes += n;
	}
	if (seen != nmsgs || seenbytes != bytes || rx.off != rx.len)
		abort();
	ws_buf_free(&msg);
	ws_buf_free(&rx);

	/* the input itself as a batch (exactly its size: ASan sees any read past it) */
	struct ws_buf raw = { 0 };
	raw.p = malloc(size);
	memcpy(raw.p, data, size);
	raw.len = raw.cap = size;
	while (ws_buf_take(&raw, &m, &n))
		if (n > 0)
			(void)m[n - 1];
	if (raw.off > raw.len)
		abort();
	ws_buf_free(&raw);
	return 0;
}
