/* The diff of two revisions' 1 MB manifests as the history page makes it
 * (KDECK_HELM_BENCH=1, tests/bench/helm_bench): figures, no asserts. Two revisions of a
 * release whose manifest is 1 MB (20000 lines, 40 of them changed), compressed as helm
 * compresses them (Python's gzip at level 9, dynamic Huffman blocks; ours with stored
 * blocks when python3 is missing); timed from the two Secrets' data to every line of the
 * diff page written: both decoded (base64, gzip, JSON), the manifests, the line diff with
 * its hunks, each line with its gutter. The median of 7 runs goes to $KDECK_BENCH_OUT. */
#define _GNU_SOURCE
#include "t.h"

#include <stdint.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "model/helmrel.h"
#include "model/helmtext.h"
#include "model/linediff.h"
#include "ui/page/page_diff.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char *
manifest(int rev)
{
	struct sbuf b = { 0 };
	char line[200];
	for (int i = 0; i < 20000; i++) {
		int changed = rev > 1 && i % 500 == 7;
		snprintf(line, sizeof line, i % 40 == 0 ? "---\n# Source: big/templates/cm-%d.yaml\n" :
		    "  key-%05d: value-%d-registry.example.com/team/app:%d.%d\n", i, i * 7 % 1000, changed ? rev : 1, i % 9);
		sbuf_str(&b, line);
	}
	return b.s;
}

/* data.release of revision rev, compressed as helm does when python3 is there. */
static char *
secret_data(int rev, int *helm_like)
{
	cJSON *rel = cJSON_CreateObject();
	cJSON_AddStringToObject(rel, "name", "big");
	cJSON_AddStringToObject(rel, "namespace", "bench");
	cJSON_AddNumberToObject(rel, "version", rev);
	cJSON *info = cJSON_AddObjectToObject(rel, "info");
	cJSON_AddStringToObject(info, "status", "deployed");
	char *m = manifest(rev);
	cJSON_AddStringToObject(rel, "manifest", m);
	free(m);
	char *json = cJSON_PrintUnformatted(rel);
	const char *path = t_write("rel.json", json, 0);
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "python3 -c 'import base64, gzip, sys; d = open(sys.argv[1], \"rb\").read(); "
	    "sys.stdout.write(base64.b64encode(base64.b64encode(gzip.compress(d, 9))).decode())' %s 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	struct sbuf b = { 0 };
	if (p != NULL) {
		sbuf_fread(&b, p, SIZE_MAX);
		if (pclose(p) != 0) {
			free(b.s);
			b.s = NULL;
		}
	}
	*helm_like = b.s != NULL && b.len > 0;
	char *out = *helm_like ? b.s : helmrel_encode(rel);
	cJSON_free(json);
	cJSON_Delete(rel);
	return out;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

T_CASE(bench_helm_diff_1mb)
{
	if (getenv("KDECK_HELM_BENCH") == NULL)
		T_SKIP("KDECK_HELM_BENCH is not set (tests/bench/helm_bench)");
	const char *path = getenv("KDECK_BENCH_OUT");
	FILE *out = path ? fopen(path, "a") : stderr;
	T_ASSERT(out != NULL);
	int helm_like;
	char *da = secret_data(1, &helm_like), *db = secret_data(2, &helm_like);
	double dec[7], dif[7], lin[7], tot[7];
	size_t mlen = 0, nlines = 0, changed = 0;
	for (int run = 0; run < 7; run++) {
		struct helmrel ra, rb;
		struct kd_err err = { 0 };
		double t0 = now_ms();
		T_ASSERT_MSG(helmrel_decode(&ra, da, &err) == 0, "%s", err.msg);
		T_ASSERT_MSG(helmrel_decode(&rb, db, &err) == 0, "%s", err.msg);
		char *ta = helmtext_of(&ra, HELMTEXT_MANIFEST), *tb = helmtext_of(&rb, HELMTEXT_MANIFEST);
		double t1 = now_ms();
		struct linediff d;
		T_ASSERT(linediff_make(ta, strlen(ta), tb, strlen(tb), 3, &d) == 0);
		double t2 = now_ms();
		for (size_t i = 0; i < d.n; i++) {
			char *line;
			page_diff_line(&d.lines[i], 6, 6, &line);
			free(line);
		}
		double t3 = now_ms();
		mlen = strlen(ta);
		nlines = d.n;
		changed = d.added + d.removed;
		linediff_free(&d);
		free(ta);
		free(tb);
		helmrel_free(&ra);
		helmrel_free(&rb);
		dec[run] = t1 - t0;
		dif[run] = t2 - t1;
		lin[run] = t3 - t2;
		tot[run] = t3 - t0;
	}
	qsort(dec, 7, sizeof dec[0], cmp_double);
	qsort(dif, 7, sizeof dif[0], cmp_double);
	qsort(lin, 7, sizeof lin[0], cmp_double);
	qsort(tot, 7, sizeof tot[0], cmp_double);
	fprintf(out, "1 MB manifest diff (%zu bytes, %zu lines changed, %zu lines shown, %s): %.1f ms "
	    "(decode both %.1f, line diff %.1f, lines %.1f; median of 7; target 100 ms)\n", mlen, changed, nlines,
	    helm_like ? "gzip level 9 as helm writes" : "stored blocks", tot[3], dec[3], dif[3], lin[3]);
	if (out != stderr)
		fclose(out);
	free(da);
	free(db);
}

int
main(void)
{
	T_RUN(bench_helm_diff_1mb);
	return t_done();
}
