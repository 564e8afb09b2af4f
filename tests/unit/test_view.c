#define _POSIX_C_SOURCE 200809L
/* View expressions (paths, functions, alternatives, kubectl's pod STATUS and ages), view
 * files (errors as file:line:col, the built-in fallback) and server Table views. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/expr.h"
#include "model/view.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

static char out[4096];

static const char *
ev(const char *text, const cJSON *obj, const cJSON *cells, const char *const *cols, int ncols)
{
	struct kd_err err = { 0 };
	int pos = -1;
	struct expr *e = expr_parse(text, &pos, &err);
	if (e == NULL) {
		snprintf(out, sizeof out, "PARSE ERROR at %d: %s", pos, err.msg);
		return out;
	}
	struct expr_ctx ctx = { obj, cells, cols, ncols, 1700000000 };
	expr_eval(e, &ctx, out, sizeof out);
	expr_free(&e);
	return out;
}

static const char *pod_json =
    "{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"team-a\",\"creationTimestamp\":\"2023-11-14T22:00:00Z\","
    "\"labels\":{\"app\":\"web\",\"app.kubernetes.io/name\":\"shop\"}},"
    "\"spec\":{\"nodeName\":\"node-1\",\"containers\":[{\"name\":\"a\",\"image\":\"nginx:1\"},{\"name\":\"b\",\"image\":\"redis:7\"}]},"
    "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.1.2.3\",\"containerStatuses\":["
    "{\"name\":\"a\",\"ready\":true,\"restartCount\":2,\"state\":{\"running\":{}},"
    "\"lastState\":{\"terminated\":{\"finishedAt\":\"2023-11-14T22:03:20Z\"}}},"
    "{\"name\":\"b\",\"ready\":false,\"restartCount\":3,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]}}";

static void
test_status(const char *name, const char *json, const char *want)
{
	cJSON *p = cJSON_Parse(json);
	const char *got = ev("podstatus(.)", p, NULL, NULL, 0);
	char tname[128];
	snprintf(tname, sizeof tname, "expr_podstatus_%s", name);
	if (strcmp(got, want) == 0)
		printf("PASS %s\n", tname);
	else {
		printf("FAIL %s: got \"%s\", want \"%s\"\n", tname, got, want);
		failed = 1;
	}
	cJSON_Delete(p);
}

static void
test_exprs(void)
{
	cJSON *pod = cJSON_Parse(pod_json);
	CHECK("expr_path", strcmp(ev(".metadata.name", pod, NULL, NULL, 0), "web-1") == 0);
	CHECK("expr_index", strcmp(ev(".spec.containers[1].image", pod, NULL, NULL, 0), "redis:7") == 0);
	CHECK("expr_negative_index", strcmp(ev(".spec.containers[-1].name", pod, NULL, NULL, 0), "b") == 0);
	CHECK("expr_wildcard", strcmp(ev(".spec.containers[*].name", pod, NULL, NULL, 0), "a,b") == 0);
	CHECK("expr_quoted_key", strcmp(ev(".metadata.labels[\"app.kubernetes.io/name\"]", pod, NULL, NULL, 0), "shop") == 0);
	CHECK("expr_missing_is_empty", strcmp(ev(".spec.nothing.here", pod, NULL, NULL, 0), "") == 0);
	CHECK("expr_count", strcmp(ev("count(.spec.containers)", pod, NULL, NULL, 0), "2") == 0);
	CHECK("expr_count_missing", strcmp(ev("count(.spec.volumes)", pod, NULL, NULL, 0), "0") == 0);
	CHECK("expr_join_sep", strcmp(ev("join(.spec.containers[*].image, \" \")", pod, NULL, NULL, 0), "nginx:1 redis:7") == 0);
	CHECK("expr_join_map", strcmp(ev("join(.metadata.labels)", pod, NULL, NULL, 0), "app=web,app.kubernetes.io/name=shop") == 0);
	CHECK("expr_sum", strcmp(ev("sum(.status.containerStatuses[*].restartCount)", pod, NULL, NULL, 0), "5") == 0);
	CHECK("expr_ready_list", strcmp(ev("ready(.status.containerStatuses)", pod, NULL, NULL, 0), "1/2") == 0);
	CHECK("expr_ready_numbers", strcmp(ev("ready(.status.none, 3)", pod, NULL, NULL, 0), "0/3") == 0);
	CHECK("expr_restarts_with_last", strcmp(ev("restarts(.)", pod, NULL, NULL, 0), "5 (10m ago)") == 0);
	CHECK("expr_age_is_time", strcmp(ev("age(.metadata.creationTimestamp)", pod, NULL, NULL, 0), "1699999200") == 0);
	CHECK("expr_alternative", strcmp(ev(".spec.nope // .spec.nodeName", pod, NULL, NULL, 0), "node-1") == 0);
	CHECK("expr_alternative_literal", strcmp(ev(".spec.nope // \"<none>\"", pod, NULL, NULL, 0), "<none>") == 0);
	CHECK("expr_first", strcmp(ev("first(.spec.containers[*].name)", pod, NULL, NULL, 0), "a") == 0);
	cJSON *svc = cJSON_Parse("{\"spec\":{\"ports\":[{\"port\":80,\"protocol\":\"TCP\"},{\"port\":443,\"nodePort\":30443,\"protocol\":\"TCP\"}]}}");
	CHECK("expr_ports", strcmp(ev("ports(.spec.ports)", svc, NULL, NULL, 0), "80/TCP,443:30443/TCP") == 0);
	cJSON_Delete(svc);

	cJSON *cells = cJSON_Parse("[\"web-1\",\"1/2\",\"CrashLoopBackOff\",\"5 (3m ago)\"]");
	const char *cols[] = { "Name", "Ready", "Status", "Restarts" };
	CHECK("expr_table_cell", strcmp(ev("table(\"Status\")", pod, cells, cols, 4), "CrashLoopBackOff") == 0);
	CHECK("expr_table_case_insensitive", strcmp(ev("table(\"ready\")", pod, cells, cols, 4), "1/2") == 0);
	CHECK("expr_table_missing_falls_back", strcmp(ev("table(\"IP\") // .status.podIP", pod, cells, cols, 4), "10.1.2.3") == 0);
	CHECK("expr_table_without_table", strcmp(ev("table(\"Ready\") // ready(.status.containerStatuses)", pod, NULL, NULL, 0), "1/2") == 0);
	cJSON_Delete(cells);

	struct kd_err err;
	int pos = -1;
	struct expr *e = expr_parse("join(.spec.containers[*].name", &pos, &err);
	CHECK("expr_parse_unclosed_call", e == NULL && pos == 29);
	e = expr_parse("readdy(.status)", &pos, &err);
	CHECK("expr_parse_unknown_function", e == NULL && pos == 0 && strstr(err.msg, "readdy") != NULL);
	e = expr_parse(".a.b extra", &pos, &err);
	CHECK("expr_parse_trailing_text", e == NULL && pos == 5);
	e = expr_parse(".a[", &pos, &err);
	CHECK("expr_parse_bad_index", e == NULL && pos == 3);
	e = expr_parse("count()", &pos, &err);
	CHECK("expr_parse_wrong_arity", e == NULL);
	e = expr_parse("table(.x)", &pos, &err);
	CHECK("expr_parse_table_needs_string", e == NULL);
	e = expr_parse("", &pos, &err);
	CHECK("expr_parse_empty", e == NULL);

	e = expr_parse("table(\"Ready\") // ready(.status.containerStatuses)", NULL, NULL);
	CHECK("expr_needs_table", e && expr_needs(e) == EXPR_NEEDS_TABLE && strcmp(expr_table_column(e), "Ready") == 0);
	expr_free(&e);
	e = expr_parse("age(.metadata.creationTimestamp)", NULL, NULL);
	CHECK("expr_needs_meta", e && expr_needs(e) == EXPR_NEEDS_META && expr_is_time(e));
	expr_free(&e);
	e = expr_parse(".spec.nodeName", NULL, NULL);
	CHECK("expr_needs_object", e && expr_needs(e) == EXPR_NEEDS_OBJECT);
	expr_free(&e);
	expr_free(&e);
	cJSON_Delete(pod);
}

static void
test_pod_status(void)
{
	test_status("running", "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"ready\":true,\"state\":{\"running\":{}}}]}}", "Running");
	test_status("crashloop", "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}}]}}", "CrashLoopBackOff");
	test_status("oomkilled", "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"state\":{\"terminated\":{\"reason\":\"OOMKilled\",\"exitCode\":137}}}]}}", "OOMKilled");
	test_status("exitcode", "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Failed\",\"containerStatuses\":[{\"state\":{\"terminated\":{\"exitCode\":3}}}]}}", "ExitCode:3");
	test_status("completed", "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Succeeded\",\"containerStatuses\":[{\"state\":{\"terminated\":{\"reason\":\"Completed\",\"exitCode\":0}}}]}}", "Completed");
	test_status("pending_unschedulable", "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\"}]}}", "Pending");
	test_status("terminating", "{\"metadata\":{\"deletionTimestamp\":\"2024-01-01T00:00:00Z\"},\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"ready\":true,\"state\":{\"running\":{}}}]}}", "Terminating");
	test_status("evicted", "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\"}}", "Evicted");
	test_status("init_waiting", "{\"spec\":{\"initContainers\":[{\"name\":\"i\"}],\"containers\":[{}]},\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"i\",\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}}", "Init:ImagePullBackOff");
	test_status("init_progress", "{\"spec\":{\"initContainers\":[{\"name\":\"i\"},{\"name\":\"j\"}],\"containers\":[{}]},\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"i\",\"state\":{\"terminated\":{\"exitCode\":0}}},{\"name\":\"j\",\"state\":{\"running\":{}}}]}}", "Init:1/2");
	test_status("init_failed", "{\"spec\":{\"initContainers\":[{\"name\":\"i\"}],\"containers\":[{}]},\"status\":{\"phase\":\"Pending\",\"initContainerStatuses\":[{\"name\":\"i\",\"state\":{\"terminated\":{\"exitCode\":2}}}]}}", "Init:ExitCode:2");
	test_status("image_pull", "{\"spec\":{\"containers\":[{}]},\"status\":{\"phase\":\"Pending\",\"containerStatuses\":[{\"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\"}}}]}}", "ImagePullBackOff");
}

static void
test_durations(void)
{
	static const struct { long long s; const char *want; } cases[] = {
		{ -5, "<invalid>" }, { -1, "0s" }, { 0, "0s" }, { 119, "119s" }, { 120, "2m" },
		{ 125, "2m5s" }, { 599, "9m59s" }, { 600, "10m" }, { 10799, "179m" }, { 10800, "3h" },
		{ 11000, "3h3m" }, { 8 * 3600, "8h" }, { 47 * 3600 + 59, "47h" }, { 48 * 3600, "2d" },
		{ 50 * 3600, "2d2h" }, { 8 * 86400, "8d" }, { 729 * 86400LL, "729d" },
		{ 730 * 86400LL, "2y" }, { 731 * 86400LL, "2y1d" }, { 8 * 365 * 86400LL, "8y" },
	};
	int ok = 1;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char buf[32];
		expr_human_duration(cases[i].s, buf, sizeof buf);
		if (strcmp(buf, cases[i].want) != 0) {
			printf("FAIL expr_human_duration: %lld gives %s, want %s\n", cases[i].s, buf, cases[i].want);
			ok = 0;
			failed = 1;
		}
	}
	if (ok)
		printf("PASS expr_human_duration\n");
	CHECK("expr_parse_time_utc", expr_parse_time("1970-01-02T00:00:00Z") == 86400);
	CHECK("expr_parse_time_offset", expr_parse_time("1970-01-02T01:00:00+01:00") == 86400);
	CHECK("expr_parse_time_fraction", expr_parse_time("1970-01-02T00:00:00.123456Z") == 86400);
	CHECK("expr_parse_time_bad", expr_parse_time("yesterday") == -1);

	/* the step is when the text next changes: never later (an age that stops), never
	 * earlier below 8y (a paint that changes nothing) */
	int late = 0, early = 0;
	for (long long t = 0; t < 9 * 365 * 86400LL; t += t < 20000 ? 1 : t < 800000 ? 97 : 86399) {
		char a[32], b[32], c[32];
		long long step = expr_duration_step(t);
		expr_human_duration(t, a, sizeof a);
		expr_human_duration(t + step - 1, b, sizeof b);
		expr_human_duration(t + step, c, sizeof c);
		late += strcmp(a, b) != 0;
		early += t < 8 * 365 * 86400LL && strcmp(a, c) == 0;
	}
	CHECK("expr_duration_step_never_late", late == 0);
	CHECK("expr_duration_step_never_early", early == 0);
	expr_durations_begin();
	CHECK("expr_durations_none", expr_durations_next() == -1);
	char d[32];
	expr_human_duration(3 * 3600 + 30, d, sizeof d);   /* 3h0m30s: next at 3h1m */
	CHECK("expr_durations_one", expr_durations_next() == 30);
	expr_human_duration(90, d, sizeof d);
	CHECK("expr_durations_smallest", expr_durations_next() == 1);
	expr_durations_begin();
	CHECK("expr_durations_begin_resets", expr_durations_next() == -1);

	CHECK("expr_parse_duration_s", expr_parse_duration("85s", 3) == 85);
	CHECK("expr_parse_duration_ms", expr_parse_duration("3m16s", 5) == 196);
	CHECK("expr_parse_duration_dh", expr_parse_duration("2d3h", 4) == 2 * 86400 + 3 * 3600);
	CHECK("expr_parse_duration_y", expr_parse_duration("2y30d", 5) == 760 * 86400LL);
	CHECK("expr_parse_duration_order", expr_parse_duration("16s3m", 5) == -1);
	CHECK("expr_parse_duration_no_unit", expr_parse_duration("85", 2) == -1);
	CHECK("expr_parse_duration_empty", expr_parse_duration("", 0) == -1);
	CHECK("expr_parse_duration_unit_only", expr_parse_duration("s", 1) == -1);
}

/* A server's "(85s ago)" is kept as the time it names and shown relative to the clock. */
static void
test_ago_cells(void)
{
	struct view *v = view_fallback("pods", "", "Pod");
	char cell[64], buf[64];
	time_t t0 = 1700000000;

	snprintf(cell, sizeof cell, "16 (85s ago)");
	view_cell_stamp(cell, sizeof cell, t0);
	CHECK("view_stamp_changes_cell", strstr(cell, "85s") == NULL && strtol(cell, NULL, 10) == 16);
	view_cell_render(v, 0, cell, t0, buf, sizeof buf);
	CHECK("view_stamp_renders_as_sent", strcmp(buf, "16 (85s ago)") == 0);
	view_cell_render(v, 0, cell, t0 + 3, buf, sizeof buf);
	CHECK("view_stamp_moves_with_clock", strcmp(buf, "16 (88s ago)") == 0);
	view_cell_render(v, 0, cell, t0 + 111, buf, sizeof buf);
	CHECK("view_stamp_as_kubectl_later", strcmp(buf, "16 (3m16s ago)") == 0);

	snprintf(cell, sizeof cell, "3 (5m ago), 1 (2d4h ago)");
	view_cell_stamp(cell, sizeof cell, t0);
	view_cell_render(v, 0, cell, t0 + 60, buf, sizeof buf);
	CHECK("view_stamp_every_ago", strcmp(buf, "3 (6m ago), 1 (2d4h ago)") == 0);

	static const char *kept[] = { "seen long ago", "x85s ago", "(85 ago)", "85s", "ago", "",
		"restarted 5m ago", "(5m ago", "5m ago)", "(x5m ago)" };
	int ok = 1;
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		snprintf(cell, sizeof cell, "%s", kept[i]);
		view_cell_stamp(cell, sizeof cell, t0);
		ok &= strcmp(cell, kept[i]) == 0;
	}
	CHECK("view_stamp_leaves_other_text", ok);

	/* no room for the stamp: the server's text stays */
	char small[14] = "16 (85s ago)";
	view_cell_stamp(small, sizeof small, t0);
	CHECK("view_stamp_no_room_keeps_text", strcmp(small, "16 (85s ago)") == 0);

	/* a plain cell is cut to the room there is, as snprintf would cut it */
	char tiny[6];
	view_cell_render(v, 0, "Running", t0, tiny, sizeof tiny);
	CHECK("view_render_cuts_to_room", strcmp(tiny, "Runni") == 0);
	view_cell_render(v, 0, "", t0, tiny, sizeof tiny);
	CHECK("view_render_empty_is_none", strcmp(tiny, "<none") == 0);
	view_cell_render(v, 0, "Running", t0, buf, 1);
	CHECK("view_render_no_room", buf[0] == '\0');
	view_free(&v);
}

static struct view *
vp(const char *text, struct kd_err *err)
{
	return view_parse(text, strlen(text), "views/x.yaml", err);
}

static void
test_view_files(void)
{
	struct kd_err err = { 0 };
	struct view *v = vp("resource: pods\ngroup: \"\"\nkind: Pod\ncolumns:\n"
	    "  - name: NAME\n    expr: .metadata.name\n"
	    "  - name: IP\n    expr: .status.podIP\n    wide: true\n    width: 15\n    align: right\n"
	    "  - name: AGE\n    expr: age(.metadata.creationTimestamp)\n", &err);
	CHECK("view_parse_ok", v != NULL && v->ncols == 3 && strcmp(v->kind, "Pod") == 0);
	CHECK("view_parse_attrs", v && v->cols[1].wide && v->cols[1].width == 15 && v->cols[1].align == VIEW_RIGHT);
	CHECK("view_parse_time_column", v && v->cols[2].time && v->cols[2].sort == VIEW_SORT_TIME);
	CHECK("view_needs_object", v && (v->needs & EXPR_NEEDS_OBJECT));
	char buf[64];
	view_cell_render(v, 2, "1700000000", 1700000000 + 3 * 86400, buf, sizeof buf);
	CHECK("view_render_age", strcmp(buf, "3d") == 0);
	view_cell_render(v, 1, "", 0, buf, sizeof buf);
	CHECK("view_render_empty_is_none", strcmp(buf, "<none>") == 0);
	view_free(&v);

	v = vp("resource: pods\ncolumns:\n  - name: X\n    expr: count(.spec\n", &err);
	CHECK("view_error_in_expr_has_line_col", v == NULL && strstr(err.msg, "views/x.yaml:4:22:") != NULL);
	v = vp("resource: pods\ncolumns:\n  - name: X\n    expr: 'readdy(.a)'\n", &err);
	CHECK("view_error_quoted_expr_col", v == NULL && strstr(err.msg, "views/x.yaml:4:12:") != NULL);
	v = vp("resource: pods\ncolumns:\n  - name: X\n    exp: .a\n", &err);
	CHECK("view_error_unknown_key", v == NULL && strstr(err.msg, "views/x.yaml:4:5:") != NULL && strstr(err.msg, "exp") != NULL);
	v = vp("resource: pods\ncolumns:\n  - name: X\n    expr: .a\n    sort: sideways\n", &err);
	CHECK("view_error_bad_sort", v == NULL && strstr(err.msg, ":5:11:") != NULL);
	v = vp("resource: pods\ncolumns: [\n", &err);
	CHECK("view_error_yaml_syntax", v == NULL && strstr(err.msg, "views/x.yaml:") != NULL);
	v = vp("resource: pods\n", &err);
	CHECK("view_error_no_columns", v == NULL && strstr(err.msg, "no columns") != NULL);
	v = vp("- a\n- b\n", &err);
	CHECK("view_error_not_mapping", v == NULL && strstr(err.msg, "views/x.yaml:1:1:") != NULL);
	v = vp("resource: pods\ncolumns:\n  - name: X\n", &err);
	CHECK("view_error_column_without_expr", v == NULL && strstr(err.msg, "no expr") != NULL);
}

static void
test_view_load(void)
{
	char dir[] = "/tmp/kdeck-view-XXXXXX";
	if (mkdtemp(dir) == NULL) {
		printf("SKIP view_load: no temporary folder\n");
		return;
	}
	const char *dirs[] = { dir, NULL };
	struct kd_err warn;
	struct view *v = view_load(dirs, "pods", "", "Pod", &warn);
	CHECK("view_load_builtin", v && strcmp(v->origin, "built-in") == 0 && warn.code == KD_OK &&
	    view_col_index(v, "STATUS") >= 0);
	view_free(&v);

	char path[256];
	snprintf(path, sizeof path, "%s/pods.yaml", dir);
	FILE *f = fopen(path, "w");
	fputs("resource: pods\ngroup: \"\"\ncolumns:\n  - name: JUST\n    expr: .metadata.name\n", f);
	fclose(f);
	v = view_load(dirs, "pods", "", "Pod", &warn);
	CHECK("view_load_user_file_wins", v && v->ncols == 1 && strcmp(v->cols[0].name, "JUST") == 0);
	view_free(&v);

	f = fopen(path, "w");
	fputs("resource: pods\ncolumns:\n  - name: BAD\n    expr: .a[\n", f);
	fclose(f);
	v = view_load(dirs, "pods", "", "Pod", &warn);
	char want[300];
	snprintf(want, sizeof want, "%s:4:14:", path);
	CHECK("view_load_broken_file_warns_with_position", warn.code != KD_OK && strstr(warn.msg, want) != NULL);
	CHECK("view_load_broken_file_uses_builtin", v && strcmp(v->origin, "built-in") == 0);
	view_free(&v);
	unlink(path);

	v = view_load(dirs, "widgets", "example.com", "Widget", &warn);
	CHECK("view_load_unknown_kind_fallback", v && v->from_server && v->ncols == 2 &&
	    strcmp(v->cols[0].name, "NAME") == 0 && strcmp(v->cols[1].name, "AGE") == 0);
	view_free(&v);
	rmdir(dir);

	cJSON *defs = cJSON_Parse("[{\"name\":\"Name\",\"type\":\"string\",\"priority\":0},"
	    "{\"name\":\"Color\",\"type\":\"string\",\"priority\":0},"
	    "{\"name\":\"Size\",\"type\":\"integer\",\"priority\":1}]");
	v = view_from_table(defs, "widgets", "example.com", "Widget");
	CHECK("view_from_table", v && v->ncols == 3 && strcmp(v->cols[1].name, "COLOR") == 0 &&
	    v->cols[2].wide && v->cols[2].sort == VIEW_SORT_NUMBER);
	view_free(&v);
	cJSON_Delete(defs);
}

/* Every built-in view parses, and equals its file in views/: make regenerates them
 * (views/gen-builtin into build/gen/view_builtin.c) whenever a view changes. */
static void
test_builtins(void)
{
	int n = 0, ok = 1;
	const char *top = getenv("KDECK_TOP");
	for (const struct view_builtin *b = view_builtins; b->name; b++, n++) {
		struct kd_err err = { 0 };
		struct view *v = view_parse(b->text, strlen(b->text), b->name, &err);
		if (v == NULL) {
			printf("FAIL view_builtin_%s: %s\n", b->name, err.msg);
			failed = 1;
			ok = 0;
		}
		view_free(&v);
		if (top == NULL)
			continue;
		char path[512];
		snprintf(path, sizeof path, "%s/views/%s.yaml", top, b->name);
		FILE *f = fopen(path, "r");
		char text[16384];
		size_t len = f ? fread(text, 1, sizeof text - 1, f) : 0;
		if (f)
			fclose(f);
		text[len] = '\0';
		if (strcmp(text, b->text) != 0) {
			printf("FAIL view_builtin_matches_file: %s differs from the built-in view (build/gen/view_builtin.c); "
			    "the Makefile did not regenerate it\n", path);
			failed = 1;
			ok = 0;
		}
	}
	if (ok)
		printf("PASS view_builtins_parse_and_match_files\n");
	CHECK("view_builtins_cover_kinds", n >= 25);
}

int
main(void)
{
	test_exprs();
	test_pod_status();
	test_durations();
	test_ago_cells();
	test_view_files();
	test_view_load();
	test_builtins();
	return failed;
}
