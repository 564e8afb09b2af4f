/* libFuzzer target: a log stream cut anywhere into lines (with a small bound, so long
 * lines are cut too), each split into its timestamp and text and passed through the
 * dedup that skips what a reconnect sends again. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	struct logs_dedup dedup;
	size_t max, bytes;
};

static void
fz_line(const char *line, size_t len, void *arg)
{
	struct fz *f = arg;
	if (len > f->max + sizeof(LOGS_CUT_MARK) || memchr(line, '\n', len) != NULL)
		abort();   /* over the bound, or not split */
	char ts[40];
	size_t off = logs_split_ts(line, len, ts);
	if (off > len || strlen(ts) >= sizeof ts)
		abort();
	(void)logs_dedup_keep(&f->dedup, ts);
	f->bytes += len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	struct fz f = { .max = 1 + data[0] % 200 };
	struct logs_split s = { .max = f.max };
	size_t step = 1 + data[1] % 64;
	/* every step-th piece after a reconnect, as a drop would */
	int resume_every = data[2] % 8;
	data += 3;
	size -= 3;
	int n = 0;
	for (size_t off = 0; off < size; off += step) {
		size_t len = size - off < step ? size - off : step;
		logs_split_feed(&s, (const char *)data + off, len, fz_line, &f);
		if (s.len > f.max)
			abort();
		if (resume_every > 0 && ++n % resume_every == 0) {
			logs_split_reset(&s);
			logs_dedup_resume(&f.dedup);
		}
	}
	logs_split_free(&s);
	return 0;
}
