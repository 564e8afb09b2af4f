#define _POSIX_C_SOURCE 200809L
/* The store: rows from objects and Table cells, replace and remove, sort by each sort type,
 * filters (substring, regex, labels, inverted, narrowing), relist sweeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/expr.h"
#include "model/store.h"
#include "model/view.h"

static int failed;
#define CHECK(name, cond) do { if (cond) printf("PASS %s\n", name); else { \
	printf("FAIL %s: %s (line %d)\n", name, #cond, __LINE__); failed = 1; } } while (0)

static const char *view_text =
    "resource: pods\ngroup: \"\"\nkind: Pod\ncolumns:\n"
    "  - name: NAME\n    expr: .metadata.name\n"
    "  - name: READY\n    expr: table(\"Ready\")\n    sort: ratio\n"
    "  - name: STATUS\n    expr: table(\"Status\")\n"
    "  - name: RESTARTS\n    expr: table(\"Restarts\")\n    sort: number\n"
    "  - name: AGE\n    expr: age(.metadata.creationTimestamp)\n";
static const char *cols[] = { "Name", "Ready", "Status", "Restarts" };

static void
put(struct store *s, const char *ns, const char *name, const char *rv, const char *ready,
    const char *status, int restarts, const char *created, const char *labels_json)
{
	char json[1024];
	snprintf(json, sizeof json, "{\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\",\"uid\":\"u-%s\","
	    "\"resourceVersion\":\"%s\",\"creationTimestamp\":\"%s\",\"labels\":%s,"
	    "\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\"rs-uid\",\"controller\":true}]}}",
	    name, ns, name, rv, created, labels_json ? labels_json : "{}");
	char cells[256];
	snprintf(cells, sizeof cells, "[\"%s\",\"%s\",\"%s\",\"%d\"]", name, ready, status, restarts);
	cJSON *o = cJSON_Parse(json), *c = cJSON_Parse(cells);
	struct expr_ctx ctx = { o, c, cols, 4, 1700000000 };
	if (store_upsert(s, &ctx) != 0) {
		printf("FAIL store_upsert: %s/%s\n", ns, name);
		failed = 1;
	}
	cJSON_Delete(o);
	cJSON_Delete(c);
}

static char order[1024];

static const char *
names(struct store *s)
{
	order[0] = '\0';
	size_t n = store_visible(s);
	for (size_t i = 0; i < n; i++) {
		const struct store_row *r = store_at(s, i);
		if (i)
			strcat(order, " ");
		strcat(order, store_row_name(r));
	}
	return order;
}

int
main(void)
{
	struct kd_err err = { 0 };
	struct view *v = view_parse(view_text, strlen(view_text), "test", &err);
	struct store *s = store_new(v);
	put(s, "b", "web-2", "10", "1/1", "Running", 0, "2024-01-01T00:00:03Z", "{\"app\":\"web\",\"tier\":\"front\"}");
	put(s, "a", "db-0", "11", "0/1", "CrashLoopBackOff", 12, "2024-01-01T00:00:01Z", "{\"app\":\"db\"}");
	put(s, "a", "web-1", "12", "2/2", "Running", 3, "2024-01-01T00:00:02Z", "{\"app\":\"web\",\"tier\":\"front\"}");
	put(s, "c", "Job-x", "13", "0/1", "Completed", 0, "2024-01-01T00:00:04Z", "{\"job\":\"x\"}");
	CHECK("store_size", store_size(s) == 4);
	CHECK("store_default_order_ns_name", strcmp(names(s), "db-0 web-1 web-2 Job-x") == 0);
	const struct store_row *r = store_find(s, "a", "db-0");
	CHECK("store_find", r != NULL && strcmp(store_row_uid(r), "u-db-0") == 0 && strcmp(store_row_rv(r), "11") == 0);
	CHECK("store_row_cells", r && strcmp(store_row_cell(r, 2), "CrashLoopBackOff") == 0 &&
	    strcmp(store_row_cell(r, 4), "1704067201") == 0);
	CHECK("store_row_labels", r && strcmp(store_row_label(r, "app"), "db") == 0 && store_row_label(r, "tier") == NULL);
	CHECK("store_row_owner", r && store_row_owned_by(r, "rs-uid") && !store_row_owned_by(r, "other"));
	CHECK("store_row_cell_out_of_range", r && strcmp(store_row_cell(r, 99), "") == 0);
	CHECK("store_find_missing", store_find(s, "a", "nope") == NULL && store_find(s, "b", "db-0") == NULL);

	store_set_sort(s, 3, 0);
	CHECK("store_sort_number", strcmp(names(s), "web-2 Job-x web-1 db-0") == 0);
	store_set_sort(s, 3, 1);
	CHECK("store_sort_number_desc", strcmp(names(s), "db-0 web-1 Job-x web-2") == 0);
	store_set_sort(s, 4, 0);
	CHECK("store_sort_age_newest_first", strcmp(names(s), "Job-x web-2 web-1 db-0") == 0);
	store_set_sort(s, 1, 0);
	CHECK("store_sort_ratio", strcmp(names(s), "db-0 Job-x web-2 web-1") == 0);
	store_set_sort(s, 2, 0);
	CHECK("store_sort_text", strcmp(names(s), "Job-x db-0 web-1 web-2") == 0);

	/* an update moves the row in the kept order */
	put(s, "a", "web-1", "20", "2/2", "Terminating", 3, "2024-01-01T00:00:02Z", "{\"app\":\"web\"}");
	CHECK("store_update_keeps_order", strcmp(names(s), "Job-x db-0 web-2 web-1") == 0 && store_size(s) == 4);
	CHECK("store_update_replaces", strcmp(store_row_rv(store_find(s, "a", "web-1")), "20") == 0);
	store_set_sort(s, -1, 0);

	CHECK("store_filter_substring", store_set_filter(s, "web", &err) == 0 && strcmp(names(s), "web-1 web-2") == 0);
	CHECK("store_filter_case_insensitive", store_set_filter(s, "JOB", &err) == 0 && strcmp(names(s), "Job-x") == 0);
	CHECK("store_filter_cells", store_set_filter(s, "crashloop", &err) == 0 && strcmp(names(s), "db-0") == 0);
	CHECK("store_filter_namespace", store_set_filter(s, "c", &err) == 0 && strstr(names(s), "Job-x") != NULL);
	CHECK("store_filter_regex", store_set_filter(s, "^web-[0-9]$", &err) == 0 && strcmp(names(s), "web-1 web-2") == 0);
	CHECK("store_filter_invert", store_set_filter(s, "!web", &err) == 0 && strcmp(names(s), "db-0 Job-x") == 0);
	CHECK("store_filter_labels", store_set_filter(s, "-l app=web,tier", &err) == 0 && strcmp(names(s), "web-2") == 0);
	CHECK("store_filter_labels_inverted", store_set_filter(s, "!-l app", &err) == 0 && strcmp(names(s), "Job-x") == 0);
	CHECK("store_filter_bad_selector", store_set_filter(s, "-l app in (", &err) == -1 && err.code == KD_ERR_INVALID &&
	    strcmp(store_filter(s), "!-l app") == 0);
	CHECK("store_filter_bad_regex", store_set_filter(s, "web(", &err) == -1 && strstr(err.msg, "regular expression") != NULL);
	CHECK("store_filter_plain_dot", store_set_filter(s, "web-1.", &err) == 0 && store_visible(s) == 0);
	/* narrowing: typing one more letter searches what is shown */
	store_set_filter(s, "w", &err);
	size_t wide = store_visible(s);
	store_set_filter(s, "we", &err);
	CHECK("store_filter_narrowing", wide >= 2 && strcmp(names(s), "web-1 web-2") == 0);
	/* updates while a filter is on */
	put(s, "a", "web-3", "30", "1/1", "Running", 0, "2024-01-01T00:00:05Z", "{}");
	put(s, "a", "db-1", "31", "1/1", "Running", 0, "2024-01-01T00:00:05Z", "{}");
	CHECK("store_filter_sees_new_rows", strcmp(names(s), "web-1 web-3 web-2") == 0);
	CHECK("store_remove", store_remove(s, "a", "web-3") == 0 && strcmp(names(s), "web-1 web-2") == 0);
	CHECK("store_remove_missing", store_remove(s, "a", "web-3") == -1);
	store_set_filter(s, "", &err);
	CHECK("store_filter_cleared", store_visible(s) == 5);

	/* a relist that no longer has db-0 and Job-x */
	uint64_t ver = store_version(s);
	store_replace_begin(s);
	put(s, "a", "db-1", "40", "1/1", "Running", 0, "2024-01-01T00:00:05Z", "{}");
	put(s, "a", "web-1", "40", "1/1", "Running", 0, "2024-01-01T00:00:05Z", "{}");
	put(s, "b", "web-2", "40", "1/1", "Running", 0, "2024-01-01T00:00:05Z", "{}");
	CHECK("store_relist_keeps_rows_meanwhile", store_size(s) == 5);
	CHECK("store_relist_sweeps", store_replace_end(s) == 2 && strcmp(names(s), "db-1 web-1 web-2") == 0);
	CHECK("store_version_moves", store_version(s) > ver);
	CHECK("store_find_after_sweep", store_find(s, "a", "db-0") == NULL && store_find(s, "b", "web-2") != NULL);

	/* many rows: the map grows, tombstones go, the order holds */
	char name[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "p-%05d", (i * 7919) % 20000);
		put(s, "bulk", name, "1", "1/1", "Running", i % 5, "2024-01-01T00:00:05Z", "{\"app\":\"bulk\"}");
	}
	for (int i = 0; i < 20000; i += 2) {
		snprintf(name, sizeof name, "p-%05d", i);
		store_remove(s, "bulk", name);
	}
	int sorted = 1;
	size_t n = store_visible(s);
	for (size_t i = 1; i < n; i++) {
		const struct store_row *a = store_at(s, i - 1), *b = store_at(s, i);
		int c = strcmp(store_row_namespace(a), store_row_namespace(b));
		if (c > 0 || (c == 0 && strcmp(store_row_name(a), store_row_name(b)) >= 0))
			sorted = 0;
	}
	CHECK("store_bulk_sorted", sorted && n == 10003);
	CHECK("store_bulk_find", store_find(s, "bulk", "p-00001") && !store_find(s, "bulk", "p-00002"));
	CHECK("store_memory_compact", store_memory(s) < 10003 * 400);
	store_set_filter(s, "p-0000", &err);
	CHECK("store_bulk_filter", store_visible(s) == 5);

	/* watch updates under a sort and a filter: most keep their place (taken in place), some
	 * move or leave or join the filter; the result equals sorting and filtering anew */
	{
		static char got[200000], want[200000];
		store_set_filter(s, "", &err);
		store_set_sort(s, 3, 0);
		store_set_filter(s, "Running", &err);
		for (int round = 0; round < 3; round++)
			for (int i = 1; i < 20000; i += 98) {
				snprintf(name, sizeof name, "p-%05d", i);
				put(s, "bulk", name, "2", "1/1", (i + round) % 3 ? "Running" : "Pending",
				    round >= 1 && i % 5 == 0 ? i % 11 + round : i % 5, "2024-01-01T00:00:05Z", "{\"app\":\"bulk\"}");
				store_visible(s);   /* a paint between events: the store is sorted again */
			}
		size_t l = 0;
		for (size_t i = 0; i < store_visible(s) && l + 16 < sizeof got; i++)
			l += (size_t)snprintf(got + l, sizeof got - l, "%s ", store_row_name(store_at(s, i)));
		size_t nvis = store_visible(s);
		store_set_filter(s, "", &err);
		store_set_sort(s, -1, 0);
		store_set_sort(s, 3, 0);
		store_set_filter(s, "Running", &err);
		l = 0;
		for (size_t i = 0; i < store_visible(s) && l + 16 < sizeof want; i++)
			l += (size_t)snprintf(want + l, sizeof want - l, "%s ", store_row_name(store_at(s, i)));
		CHECK("store_updates_in_place_keep_order", nvis > 100 && nvis == store_visible(s) && strcmp(got, want) == 0);
		CHECK("store_updates_in_place_findable", store_find(s, "bulk", "p-00099") != NULL &&
		    store_size(s) == 10003);
		store_set_filter(s, "", &err);
		store_set_sort(s, -1, 0);
	}

	{
		/* the server's "(85s ago)" arrives once; the row keeps the time and moves */
		struct store *a = store_new(v);
		cJSON *o = cJSON_Parse("{\"metadata\":{\"name\":\"crash\",\"namespace\":\"a\",\"uid\":\"u-c\","
		    "\"resourceVersion\":\"1\",\"creationTimestamp\":\"2023-11-14T22:13:00Z\"}}");
		cJSON *c = cJSON_Parse("[\"crash\",\"0/1\",\"CrashLoopBackOff\",\"16 (85s ago)\"]");
		struct expr_ctx ctx = { o, c, cols, 4, 1700000000 };
		store_upsert(a, &ctx);
		cJSON_SetValuestring(cJSON_GetArrayItem(c, 3), "2 (5s ago)");
		cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "metadata"),
		    "name"), "other");
		cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "metadata"),
		    "uid"), "u-o");
		store_upsert(a, &ctx);
		const struct store_row *cr = store_find(a, "a", "crash");
		char b0[64], b3[64], b111[64];
		view_cell_render(v, 3, cr ? store_row_cell(cr, 3) : "", 1700000000, b0, sizeof b0);
		view_cell_render(v, 3, cr ? store_row_cell(cr, 3) : "", 1700000003, b3, sizeof b3);
		view_cell_render(v, 3, cr ? store_row_cell(cr, 3) : "", 1700000111, b111, sizeof b111);
		CHECK("store_ago_as_sent", strcmp(b0, "16 (85s ago)") == 0);
		CHECK("store_ago_moves_with_fake_clock", strcmp(b3, "16 (88s ago)") == 0);
		CHECK("store_ago_as_kubectl_says_later", strcmp(b111, "16 (3m16s ago)") == 0);
		store_set_sort(a, 3, 1);
		CHECK("store_ago_sorts_by_count", strcmp(names(a), "crash other") == 0);
		store_set_sort(a, 3, 0);
		CHECK("store_ago_sorts_by_count_up", strcmp(names(a), "other crash") == 0);
		cJSON_Delete(o);
		cJSON_Delete(c);
		store_free(&a);
	}

	struct view *v2 = view_fallback("pods", "", "Pod");
	store_set_view(s, v2);
	CHECK("store_set_view_clears", store_size(s) == 0 && store_view(s) == v2);
	store_free(&s);
	store_free(&s);
	CHECK("store_free_null", s == NULL);
	view_free(&v);
	view_free(&v2);
	return failed;
}
