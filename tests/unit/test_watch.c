#define _POSIX_C_SOURCE 200809L
/* Watch streams: lines split across pieces, CRLF, a line cut off, an event larger than
 * the limit, a 1 MB event, event parsing and managedFields removal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "kube/watch.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

static char got[8][256];
static int ngot;
static size_t biggest;

static int
on_line(const char *line, size_t len, void *arg)
{
	(void)arg;
	if (len > biggest)
		biggest = len;
	if (ngot < 8)
		snprintf(got[ngot], sizeof got[0], "%.*s", (int)(len < 200 ? len : 200), line);
	ngot++;
	return 0;
}

static void
feed(struct watch_lines *wl, const char *s)
{
	watch_lines_feed(wl, s, strlen(s), on_line, NULL);
}

static const char *
strip(const char *in)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s", in);
	size_t n = watch_strip_managed_fields(buf, strlen(buf));
	buf[n] = '\0';
	return buf;
}

int
main(void)
{
	struct watch_lines *wl = watch_lines_new(1024);
	feed(wl, "{\"a\":1}\n{\"b\"");
	CHECK("watch_lines_whole_line", ngot == 1 && strcmp(got[0], "{\"a\":1}") == 0);
	feed(wl, ":2}\r\n\n{\"c\":3}\n");
	CHECK("watch_lines_joined_crlf_blank", ngot == 3 && strcmp(got[1], "{\"b\":2}") == 0 && strcmp(got[2], "{\"c\":3}") == 0);
	feed(wl, "{\"cut");
	CHECK("watch_lines_reset_drops_partial", watch_lines_reset(wl) == 5);
	feed(wl, "{\"d\":4}\n");
	CHECK("watch_lines_after_reset", ngot == 4 && strcmp(got[3], "{\"d\":4}") == 0);
	char big[2048];
	memset(big, 'x', sizeof big);
	CHECK("watch_lines_too_long", watch_lines_feed(wl, big, sizeof big, on_line, NULL) == -1);
	watch_lines_free(&wl);
	watch_lines_free(&wl);
	CHECK("watch_lines_free_null", wl == NULL);

	/* a 1 MB object arriving in 4 KB pieces */
	wl = watch_lines_new(0);
	size_t n = 1 << 20;
	char *ev = malloc(n + 128);
	int k = snprintf(ev, 128, "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"big\"},\"data\":\"");
	memset(ev + k, 'y', n);
	strcpy(ev + k + n, "\"}}\n");
	size_t total = strlen(ev);
	ngot = 0;
	for (size_t off = 0; off < total; off += 4096)
		watch_lines_feed(wl, ev + off, total - off < 4096 ? total - off : 4096, on_line, NULL);
	CHECK("watch_lines_1mb_event", ngot == 1 && biggest == total - 1);
	struct watch_event we;
	struct kd_err err = { 0 };
	CHECK("watch_parse_1mb_event", watch_parse(ev, total - 1, &we, &err) == 0 && we.type == WATCH_ADDED &&
	    strlen(cJSON_GetObjectItem(we.object, "data")->valuestring) == n);
	watch_event_clear(&we);
	free(ev);
	watch_lines_free(&wl);

	const char *bm = "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"42\"}}}";
	CHECK("watch_parse_bookmark", watch_parse(bm, strlen(bm), &we, &err) == 0 && we.type == WATCH_BOOKMARK &&
	    strcmp(watch_event_rv(&we), "42") == 0);
	watch_event_clear(&we);
	const char *er = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\"}}";
	CHECK("watch_parse_error_410", watch_parse(er, strlen(er), &we, &err) == 0 && we.type == WATCH_ERROR &&
	    watch_event_code(&we) == 410);
	watch_event_clear(&we);
	const char *tb = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Table\",\"metadata\":{},\"rows\":[{\"cells\":[],"
	    "\"object\":{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"77\",\"managedFields\":[{\"a\":1}]}}}]}}";
	CHECK("watch_parse_table_rv", watch_parse(tb, strlen(tb), &we, &err) == 0 && we.type == WATCH_MODIFIED &&
	    strcmp(watch_event_rv(&we), "77") == 0);
	watch_event_clear(&we);
	CHECK("watch_parse_not_json", watch_parse("{\"type\":", 8, &we, &err) == -1 && err.code == KD_ERR_INVALID);
	CHECK("watch_parse_unknown_type", watch_parse("{\"type\":\"EXPLODED\",\"object\":{}}", 31, &we, &err) == -1 &&
	    strstr(err.msg, "EXPLODED") != NULL);
	CHECK("watch_parse_no_object", watch_parse("{\"type\":\"ADDED\"}", 16, &we, &err) == -1);

	CHECK("watch_strip_middle", strcmp(strip("{\"a\":1,\"managedFields\":[{\"x\":{\"y\":\"]}\"}}],\"b\":2}"), "{\"a\":1,\"b\":2}") == 0);
	CHECK("watch_strip_last", strcmp(strip("{\"a\":1, \"managedFields\" : [] }"), "{\"a\":1 }") == 0);
	CHECK("watch_strip_only", strcmp(strip("{\"managedFields\":[1,2]}"), "{}") == 0);
	CHECK("watch_strip_many", strcmp(strip("[{\"managedFields\":[],\"n\":1},{\"n\":2,\"managedFields\":[{}]}]"), "[{\"n\":1},{\"n\":2}]") == 0);
	CHECK("watch_strip_in_string_kept", strcmp(strip("{\"m\":\"a \\\"managedFields\\\": [1]\"}"), "{\"m\":\"a \\\"managedFields\\\": [1]\"}") == 0);
	CHECK("watch_strip_value_kept", strcmp(strip("{\"k\":[\"managedFields\",1]}"), "{\"k\":[\"managedFields\",1]}") == 0);
	CHECK("watch_strip_truncated_safe", strcmp(strip("{\"managedFields\":[{\"a\":"), "{\"managedFields\":[{\"a\":") == 0);
	return failed;
}
