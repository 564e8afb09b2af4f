/* The editor on a 1 MB object (KDECK_EDITOR_BENCH=1, tests/bench/editor_bench): figures,
 * no asserts. Two objects: a ConfigMap whose data holds a 1 MB file, and a Deployment
 * whose last-applied annotation is 50k lines. For each, in a child process of its own so
 * that its peak memory is its own:
 *   first paint   from the object's bytes (as the server sent them) to the editor's
 *                 first frame on the terminal: the view's text (status and managedFields
 *                 hidden, last-applied folded) written from the bytes as the load does
 *                 (editobj_adopt_raw: no tree), the buffer (which takes the text as
 *                 loaded, as the editor page has it), draw, doupdate
 *   keys          1000 keys (typing, arrows, Enter, Backspace, page moves), each timed
 *                 from the key to its frame on the terminal: median, p99, max
 *   check         the idle syntax check as the editor page runs it: the editor's lines
 *                 parsed (docmap_check_lines)
 *   save          as the editor page saves (ui/editsave.c, ops/editapply.c): the page's
 *                 copy of the text, the edited object and its patch's JSON, what the engine
 *                 keeps while the server's dry run is out (the text and the patch; its
 *                 answer, the whole object, is dropped as it arrives), then the diff's two
 *                 texts and the diff page's hunks; after a 409 the server's
 *                 newer object read as the save reads it (against the object as
 *                 loaded, sharing what it did not change), the three-way merge and its
 *                 result; without one, the patch's answer read the same way, the object
 *                 as loaded from then on
 *   memory        peak RSS over the RSS before the object arrived (its bytes, which the
 *                 editor keeps, counted), against the text and
 *                 against the object's bytes: to open it (open, draw, the idle check), with
 *                 the save, with a 409's merge, and with the patch's answer (each the
 *                 highest RSS from the stage's start, what was freed before it given back
 *                 first)
 * The terminal is the one it runs on (the bench script gives it a pty of 200x50);
 * figures go to $KDECK_BENCH_OUT. */
#define _GNU_SOURCE
#include "t.h"

#include <curses.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/wait.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "kube/discovery.h"
#include "model/docmap.h"
#include "model/jsonread.h"
#include "model/linediff.h"
#include "model/merge3.h"
#include "model/textbuf.h"
#include "model/smpatch.h"
#include "ops/editapply.h"
#include "ops/editobj.h"
#include "ui/widget/editor.h"
#include "ui/widget/keymap.h"
#include "ui/widget/screen.h"
#include "ui/widget/theme.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static FILE *out;

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A figure of /proc/self/status in KiB: "VmRSS" now, "VmHWM" its peak. */
static long
status_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t n = strlen(field);
	long kib = 0;
	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':' && sscanf(line + n + 1, "%ld", &kib) == 1)
			break;
	if (f != NULL)
		fclose(f);
	return kib;
}

/* The memory now, made the start of the peak: what was freed goes back to the system
 * (else what follows reuses it and seems to cost nothing), and the peak restarts from
 * here (else it is what came before's). */
static long
rss_start(void)
{
	malloc_trim(0);
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (f != NULL) {
		fputs("5", f);
		fclose(f);
	}
	return status_kib("VmRSS");
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* A ConfigMap of about 1 MB: one data key holding a 20k-line configuration file. */
static char *
big_configmap(void)
{
	struct sbuf file = { 0 };
	for (int i = 0; file.len < (1u << 20); i++) {
		char line[128];
		int n = snprintf(line, sizeof line,
		    "upstream_%05d = http://backend-%05d.shop.svc:8080/api/v1 # weight %d\n", i, i, i % 7);
		sbuf_add(&file, line, (size_t)n);
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "apiVersion", "v1");
	cJSON_AddStringToObject(o, "kind", "ConfigMap");
	cJSON *m = cJSON_AddObjectToObject(o, "metadata");
	cJSON_AddStringToObject(m, "name", "routes");
	cJSON_AddStringToObject(m, "namespace", "shop");
	cJSON_AddStringToObject(m, "resourceVersion", "4711");
	cJSON *d = cJSON_AddObjectToObject(o, "data");
	cJSON_AddStringToObject(d, "routes.conf", file.s);
	free(file.s);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* A Deployment whose last-applied annotation is a 50k-line JSON of itself with a large env. */
static char *
big_deployment(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "apiVersion", "apps/v1");
	cJSON_AddStringToObject(o, "kind", "Deployment");
	cJSON *m = cJSON_AddObjectToObject(o, "metadata");
	cJSON_AddStringToObject(m, "name", "web");
	cJSON_AddStringToObject(m, "namespace", "shop");
	cJSON_AddStringToObject(m, "resourceVersion", "4712");
	cJSON *spec = cJSON_AddObjectToObject(o, "spec");
	cJSON_AddNumberToObject(spec, "replicas", 3);
	cJSON *tpl = cJSON_AddObjectToObject(spec, "template");
	cJSON *ps = cJSON_AddObjectToObject(tpl, "spec");
	cJSON *cs = cJSON_AddArrayToObject(ps, "containers");
	cJSON *c = cJSON_CreateObject();
	cJSON_AddItemToArray(cs, c);
	cJSON_AddStringToObject(c, "name", "web");
	cJSON_AddStringToObject(c, "image", "registry.example/web:1");
	cJSON *env = cJSON_AddArrayToObject(c, "env");
	for (int i = 0; i < 12500; i++) {   /* 4 lines each, pretty-printed */
		char k[32], v[64];
		snprintf(k, sizeof k, "SETTING_%05d", i);
		snprintf(v, sizeof v, "value-%05d", i);
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", k);
		cJSON_AddStringToObject(e, "value", v);
		cJSON_AddItemToArray(env, e);
	}
	char *applied = cJSON_Print(o);   /* tabs and newlines: the 50k lines */
	cJSON *ann = cJSON_AddObjectToObject(m, "annotations");
	cJSON_AddStringToObject(ann, "kubectl.kubernetes.io/last-applied-configuration", applied);
	free(applied);
	cJSON *st = cJSON_AddObjectToObject(o, "status");
	cJSON_AddNumberToObject(st, "replicas", 3);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static const char *
line_of(void *arg, size_t i, size_t *len)
{
	return textbuf_line(arg, i, len);
}

static int
frame(struct editor *ed)
{
	int cy, cx;
	erase();
	editor_draw(ed, 0, 0, LINES - 1, COLS, &cy, &cx);
	move(cy, cx);
	return doupdate();
}

/* The key of step i: mostly typing at the end of the value lines of the object's big
 * field (so that the text stays valid YAML), with moves among it. */
static int
key_at(int i)
{
	static const int moves[] = { KEYMAP_FN + KEY_DOWN, KEYMAP_FN + KEY_END, KEYMAP_FN + KEY_BACKSPACE,
		KEYMAP_FN + KEY_NPAGE, KEYMAP_FN + KEY_PPAGE, KEYMAP_FN + KEY_END, KEYMAP_FN + KEY_LEFT,
		KEYMAP_FN + KEY_RIGHT, KEYMAP_FN + KEY_DOWN, KEYMAP_FN + KEY_END };
	if (i % 5 == 4)
		return moves[(i / 5) % (sizeof moves / sizeof moves[0])];
	return 'a' + i % 26;
}

static void
bench_object(const char *label, const char *resource, const char *kind, const char *group,
    const char *start)
{
	char *raw = strcmp(kind, "ConfigMap") == 0 ? big_configmap() : big_deployment();
	size_t rawlen = strlen(raw);
	/* the server's newer version, as it will arrive after a 409: made before, so that the
	 * figures are the editor's and not this generator's */
	char *theirs_raw = NULL;
	{
		cJSON *t = cJSON_Parse(raw);
		cJSON *tm = cJSON_GetObjectItemCaseSensitive(t, "metadata");
		cJSON *labels = cJSON_AddObjectToObject(tm, "labels");
		cJSON_AddStringToObject(labels, "changed", "elsewhere");
		theirs_raw = cJSON_PrintUnformatted(t);
		cJSON_Delete(t);
	}

	struct kres res = { .group = (char *)group, .version = (char *)"v1",
		.resource = (char *)resource, .kind = (char *)kind, .namespaced = 1 };
	long rss0 = rss_start();
	/* the answer's bytes arrive: the load keeps them (the object as loaded, until a save
	 * needs its tree), so they are counted */
	char *answer = xstrndup(raw, rawlen);

	/* the object's arrival to its first frame */
	double t0 = now_ms();
	struct editobj *o = editobj_adopt_raw(NULL, &res, answer, rawlen);   /* as the load does */
	double tv = now_ms();
	struct editor *ed = editor_new();
	editor_load_take(ed, o->text, o->len, EDITOR_YAML);   /* as the editor page does */
	o->text = NULL;
	double tl = now_ms();
	frame(ed);
	double t1 = now_ms();

	/* the idle check of the text as loaded (valid: parsed to its end) */
	double v0 = now_ms();
	struct docmap_err derr;
	struct textbuf *tb = editor_buf(ed);
	int vok = docmap_check_lines(line_of, tb, textbuf_line_count(tb), &derr);
	double v1 = now_ms();

	/* keys to frames */
	enum { NKEYS = 1000 };
	static double lat[NKEYS];
	int64_t typed = 1000;
	struct kd_err kerr = { 0 };
	editor_search(ed, start, &kerr);
	editor_key(ed, KEYMAP_FN + KEY_END, typed);
	long rss_open = status_kib("VmHWM");
	for (int i = 0; i < NKEYS; i++) {
		double a = now_ms();
		editor_key(ed, key_at(i), typed);
		frame(ed);
		lat[i] = now_ms() - a;
		typed += 30;
	}
	qsort(lat, NKEYS, sizeof lat[0], cmp_double);

	/* the idle check after the keys (which leave it invalid somewhere) */
	double c0 = now_ms();
	int ok = docmap_check_lines(line_of, tb, textbuf_line_count(tb), &derr);
	double c1 = now_ms();

	/* the save up to the dry run: the page's copy of the text (page_edit.c), the edited
	 * object and its patch's JSON, then what the engine keeps (the text, the patch) */
	rss_start();
	double s0 = now_ms();
	size_t len;
	char *text = editor_text_dup(ed, &len);
	struct editapply_prep p;
	editapply_prepare(o, text, len, &p);
	char *body = p.patch != NULL ? cJSON_PrintUnformatted(p.patch) : NULL;
	size_t body_len = body != NULL ? strlen(body) : 0;
	enum editapply_outcome pout = p.outcome;
	editapply_prep_clear(&p);
	char *held = xstrndup(text, len);
	free(text);
	/* (the dry run's answer, the whole object as it would be, is dropped as it arrives) */
	double s1 = now_ms();
	/* the dry run passed: the diff's texts and the diff page's hunks (3 lines around) */
	char *a, *b;
	editapply_diff_of(o, NULL, held, len, &a, &b);
	struct linediff d;
	int dok = linediff_make(a, strlen(a), b, strlen(b), 3, &d);
	double s2 = now_ms();
	long rss_save = status_kib("VmHWM");
	free(a);
	free(b);
	/* a 409: the server changed a label meanwhile; the three-way merge and its result (the
	 * patch refused is let go, as the save does) */
	free(body);
	body = NULL;
	rss_start();
	double s3 = now_ms();
	/* as the save reads the answer: against the object as loaded */
	cJSON *theirs = jsonread_like(theirs_raw, strlen(theirs_raw), editobj_loaded(o));
	free(theirs_raw);
	theirs_raw = NULL;
	cJSON *edited = editobj_tree(o, held, len, &derr);
	struct merge3 m3;
	const cJSON *base = editobj_loaded(o);
	int mok = edited ? merge3_make(base, theirs, edited, &m3) : -1;
	cJSON *merged = mok == 0 ? merge3_result(&m3, base, theirs, edited) : NULL;
	double s4 = now_ms();
	long rss_merge = status_kib("VmHWM");
	size_t m3n = mok == 0 ? m3.n : 0, m3c = mok == 0 ? m3.conflicts : 0;
	if (mok == 0)
		merge3_free(&m3);
	cJSON_Delete(merged);
	cJSON_Delete(theirs);
	cJSON_Delete(edited);

	/* no 409: the patch's answer, the object as saved (made first), read as the save reads
	 * it (against the object as loaded, which it then replaces) */
	cJSON *as_saved = editobj_tree(o, held, len, NULL);
	char *answer_raw = as_saved != NULL ? cJSON_PrintUnformatted(as_saved) : xstrdup("{}");
	cJSON_Delete(as_saved);
	size_t text_len = o->len;
	rss_start();
	double s5 = now_ms();
	char *got = xstrdup(answer_raw);   /* its bytes as they arrive */
	free(answer_raw);
	cJSON *now = jsonread_like(got, strlen(got), editobj_loaded(o));
	free(got);
	if (now != NULL)
		editobj_reload_take(o, now);
	double s6 = now_ms();
	long rss_answer = status_kib("VmHWM");

	fprintf(out, "%s: %.1f MB from the server, %.1f MB of text in %zu lines\n", label,
	    rawlen / 1048576.0, o->len / 1048576.0, textbuf_line_count(editor_buf(ed)));
	fprintf(out, "  first paint:   %.1f ms after the object's bytes arrived (its text %.1f, "
	    "the buffer %.1f, the frame %.1f)\n", t1 - t0, tv - t0, tl - tv, t1 - tl);
	fprintf(out, "  key to frame:  median %.3f ms, p99 %.3f ms, max %.3f ms over %d keys\n",
	    lat[NKEYS / 2], lat[NKEYS * 99 / 100], lat[NKEYS - 1], NKEYS);
	fprintf(out, "  syntax check:  %.1f ms on the text as loaded%s; %.1f ms after the keys (its lines "
	    "parsed to %s)\n", v1 - v0, vok == 0 ? "" : " (an error?)", c1 - c0,
	    ok == 0 ? "the end" : "the first error");
	fprintf(out, "  save:          %.1f ms to the object and its patch (%s, %zu bytes), %.1f ms to the "
	    "diff (+%zu -%zu); after a 409, %.1f ms to merge three ways (%zu fields, %zu conflicts)\n",
	    s1 - s0, pout == EDITAPPLY_SEND ? "sent" : "not sent", body_len, s2 - s1,
	    dok == 0 ? d.added : 0, dok == 0 ? d.removed : 0, s4 - s3, m3n,
	    m3c);
	fprintf(out, "  saved:         %.1f ms to read the patch's answer against the object as loaded%s\n",
	    s6 - s5, now != NULL ? "" : " (not read)");
	const struct { const char *what; long kib; } peaks[] = {
		{ "peak to open", rss_open }, { "peak with save", rss_save }, { "peak with merge", rss_merge },
		{ "peak with answer", rss_answer },
	};
	for (size_t i = 0; i < sizeof peaks / sizeof peaks[0]; i++)
		fprintf(out, "  %-17s%.1f MB over %.1f MB before it came: %.1fx its text (%.1fx the object's "
		    "bytes)\n", peaks[i].what, (peaks[i].kib - rss0) / 1024.0, rss0 / 1024.0,
		    (peaks[i].kib - rss0) * 1024.0 / (double)text_len,
		    (peaks[i].kib - rss0) * 1024.0 / (double)rawlen);
	fflush(out);
	if (dok == 0)
		linediff_free(&d);
	free(body);
	free(held);
	editor_free(&ed);
	editobj_free(&o);
	free(raw);
}

T_CASE(bench_editor_1mb)
{
	if (getenv("KDECK_EDITOR_BENCH") == NULL)
		T_SKIP("KDECK_EDITOR_BENCH is not set (tests/bench/editor_bench)");
	const char *path = getenv("KDECK_BENCH_OUT");
	out = path ? fopen(path, "a") : stderr;
	T_ASSERT(out != NULL);
	xmalloc_tune();   /* kdeck's allocator, as main sets it */
	struct theme *th = theme_builtin("dark");
	struct {
		const char *label, *resource, *kind, *group, *start;
	} objs[] = {
		{ "ConfigMap with a 1 MB data field", "configmaps", "ConfigMap", "", "upstream_00100" },
		{ "Deployment with a 50k-line last-applied annotation", "deployments", "Deployment", "apps",
		    "value-00100" },
	};
	for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
		fflush(out);
		pid_t pid = fork();
		if (pid == 0) {
			/* the terminal is the one the bench runs on, whatever stdout is */
			int tty = open("/dev/tty", O_RDWR);
			if (tty < 0 || dup2(tty, 0) < 0 || dup2(tty, 1) < 0)
				_exit(3);
			if (screen_open(th, "dark") != 0)
				_exit(2);
			bench_object(objs[i].label, objs[i].resource, objs[i].kind, objs[i].group, objs[i].start);
			screen_close();
			_exit(0);
		}
		int st;
		waitpid(pid, &st, 0);
		T_ASSERT_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the bench of %s failed: status %#x", objs[i].label, st);
	}
	theme_free(&th);
	if (out != stderr)
		fclose(out);
}

int
main(void)
{
	T_RUN(bench_editor_1mb);
	return t_done();
}
