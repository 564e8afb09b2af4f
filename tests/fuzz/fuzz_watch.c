/* libFuzzer target: a watch stream cut into pieces anywhere, each line parsed as an event,
 * with managedFields removed first. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/watch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
on_line(const char *line, size_t len, void *arg)
{
	(void)arg;
	struct watch_event ev;
	struct kd_err err;
	if (watch_parse(line, len, &ev, &err) == 0) {
		(void)watch_event_rv(&ev);
		(void)watch_event_code(&ev);
		watch_event_clear(&ev);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	/* the first byte says where the stream is cut */
	size_t cut = data[0] % (size);
	struct watch_lines *wl = watch_lines_new(1 << 16);
	watch_lines_feed(wl, (const char *)data + 1, cut > 0 ? cut - 1 : 0, on_line, NULL);
	watch_lines_feed(wl, (const char *)data + (cut > 0 ? cut : 1), size - (cut > 0 ? cut : 1), on_line, NULL);
	watch_lines_reset(wl);
	watch_lines_free(&wl);
	char *copy = malloc(size);
	memcpy(copy, data, size);
	size_t n = watch_strip_managed_fields(copy, size);
	if (n > size)
		abort();
	free(copy);
	return 0;
}
