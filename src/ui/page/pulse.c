#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/discovery.h"
#include "kube/informer.h"
#include "kube/metrics.h"
#include "loop.h"
#include "model/store.h"
#include "model/view.h"
#include "kube/cluster.h"
#include "ui/page/page_resource.h"
#include "ui/page/page_text.h"
#include "ui/widget/pager.h"
#include "ui/page/pulse.h"
#include "ui/widget/screen.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

enum { PU_NODES, PU_PODS, PU_DEPLOY, PU_STS, PU_DS, PU_JOBS, PU_EVENTS, PU_N };
static const char *const pu_res[PU_N] = { "nodes", "pods", "deployments", "statefulsets",
	"daemonsets", "jobs", "events" };

#define PU_TOP 5           /* pods listed by CPU and by memory */
#define PU_CHECK_MS 1000   /* how often new metrics are looked for */
#define PU_LINES 30        /* failing workloads listed */
#define PU_WARNINGS 10     /* warning events listed */
#define PU_WIDE 60         /* columns are padded to at most this width */
#define PU_NODES_NAMED 8   /* nodes named in a status's line */

/* What a line names, and so what Enter on it opens. */
enum pu_open {
	PU_OPEN_LIST,       /* the table of pu_res[k] */
	PU_OPEN_STATUS,     /* its rows in ns whose STATUS (an event's TYPE) is status */
	PU_OPEN_ROW,        /* its table in ns, at the row ns/name */
	PU_OPEN_DESCRIBE,   /* the describe of ns/name */
};

struct pu_target {
	enum pu_open how;
	int k;
	char ns[254], name[254], status[64];
};

struct pulse {
	struct page *pg;
	struct pu_target *t;       /* what the named lines name, rebuilt with the text */
	size_t nt, capt;
	struct informer *inf[PU_N];
	int narrowed[PU_N];        /* listed in ns only: the cluster-wide list was forbidden */
	char *ns;
	struct metrics *metrics;   /* the cluster's, borrowed */
	unsigned long metrics_gen;
	struct loop_timer *timer;
};

long
pulse_duration(const char *s)
{
	long total = 0, n = 0;
	int digits = 0;
	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			n = n * 10 + (*s - '0');
			digits = 1;
			continue;
		}
		if (!digits)
			return -1;
		switch (*s) {
		case 's': total += n; break;
		case 'm': total += n * 60; break;
		case 'h': total += n * 3600; break;
		case 'd': total += n * 86400; break;
		case 'y': total += n * 365 * 86400; break;
		default: return -1;
		}
		n = 0;
		digits = 0;
	}
	return digits ? -1 : total;
}

struct pu_count {
	char name[64];
	size_t n;
};

static void
pu_add(struct pu_count *c, size_t *nc, size_t max, const char *name)
{
	for (size_t i = 0; i < *nc; i++)
		if (strcmp(c[i].name, name) == 0) {
			c[i].n++;
			return;
		}
	if (*nc < max) {
		snprintf(c[*nc].name, sizeof c[*nc].name, "%s", name);
		c[(*nc)++].n = 1;
	}
}

static const char *
pu_cell(struct store *s, const struct store_row *r, const char *col)
{
	int c = view_col_index(store_view(s), col);
	return c >= 0 ? store_row_cell(r, c) : "";
}

static void
pu_target_set(struct pu_target *t, enum pu_open how, int k, const char *ns, const char *name,
    const char *status)
{
	t->how = how;
	t->k = k;
	snprintf(t->ns, sizeof t->ns, "%.253s", ns ? ns : "");
	snprintf(t->name, sizeof t->name, "%.253s", name ? name : "");
	snprintf(t->status, sizeof t->status, "%.63s", status ? status : "");
}

/* What the pager knows t by: the cursor stays on its line while the text is rebuilt. */
static void
pu_key(const struct pu_target *t, char *buf, size_t len)
{
	snprintf(buf, len, "%d %d %s/%s %s", t->how, t->k, t->ns, t->name, t->status);
}

/* The line added last names t: the cursor stops on it, Enter opens t. */
static void
pu_name(struct pulse *pu, struct pager *p, const struct pu_target *t)
{
	char key[700];
	if (pu->nt == pu->capt) {
		pu->capt = pu->capt ? pu->capt * 2 : 32;
		pu->t = xreallocarray(pu->t, pu->capt, sizeof *pu->t);
	}
	pu->t[pu->nt++] = *t;
	pu_key(t, key, sizeof key);
	pager_name_last(p, key);
}

static void
pu_name_as(struct pulse *pu, struct pager *p, enum pu_open how, int k, const char *ns,
    const char *name, const char *status)
{
	struct pu_target t;
	pu_target_set(&t, how, k, ns, name, status);
	pu_name(pu, p, &t);
}

/* Lines of up to four cells in columns as wide as their widest cell, so a section's lines
 * line up whatever the names; padding stops at PU_WIDE (a longer cell pushes only its own
 * line on). */
struct pu_lines {
	char cell[PU_LINES][4][PU_WIDE * 4 + 1];
	enum theme_el el[PU_LINES];
	struct pu_target tg[PU_LINES];   /* what each line names */
	size_t n;
};

static void
pu_line(struct pu_lines *l, const struct pu_target *tg, enum theme_el el, const char *a, const char *b,
    const char *c, const char *d)
{
	if (l->n >= PU_LINES)
		return;
	l->tg[l->n] = *tg;
	const char *in[4] = { a, b, c, d };
	for (int i = 0; i < 4; i++)
		snprintf(l->cell[l->n][i], sizeof l->cell[l->n][i], "%s", in[i] ? in[i] : "");
	l->el[l->n++] = el;
}

static void
pu_lines_emit(struct pulse *pu, const struct pu_lines *l, struct pager *p)
{
	int w[4] = { 0 };
	for (size_t i = 0; i < l->n; i++)
		for (int j = 0; j < 4; j++) {
			int n = screen_width(l->cell[i][j]);
			if (n > w[j])
				w[j] = n < PU_WIDE ? n : PU_WIDE;
		}
	for (size_t i = 0; i < l->n; i++) {
		int last = 3;   /* no padding after a line's last cell */
		while (last > 0 && l->cell[i][last][0] == '\0')
			last--;
		struct sbuf line = { 0 };
		sbuf_str(&line, " ");
		for (int j = 0; j <= last; j++) {
			sbuf_str(&line, " ");
			sbuf_str(&line, l->cell[i][j]);
			for (int pad = screen_width(l->cell[i][j]); j < last && pad <= w[j]; pad++)
				sbuf_str(&line, " ");
		}
		pager_addf(p, l->el[i], "%s", line.s);
		pu_name(pu, p, &l->tg[i]);
		free(line.s);
	}
}

static int
pu_ready(struct pulse *pu, int k)
{
	return pu->inf[k] != NULL && informer_synced(pu->inf[k]);
}

/* The busiest pods, as kubectl top pods --sort-by would list them. */
static void
pu_top(struct pulse *pu, struct pager *p)
{
	struct metrics *m = pu->metrics;
	const struct metrics_pod *top[PU_TOP];

	switch (metrics_state(m)) {
	case METRICS_UNKNOWN:
		pager_addf(p, THEME_PENDING, "Top pods: asking the metrics API ...");
		return;
	case METRICS_ABSENT: case METRICS_FAILED:
		pager_addf(p, THEME_HINT, "Top pods: %s", metrics_error(m)->msg);
		return;
	case METRICS_SERVED:
		break;
	}
	if (metrics_pod_count(m) == 0) {
		pager_addf(p, THEME_PENDING, "Top pods: waiting for pod metrics ...");
		return;
	}
	for (int by_mem = 0; by_mem <= 1; by_mem++) {
		size_t n = metrics_top(m, by_mem, top, PU_TOP);
		pager_addf(p, THEME_TITLE, "Top pods by %s:", by_mem ? "memory" : "CPU");
		for (size_t i = 0; i < n; i++) {
			char mem[32], who[300];
			metrics_mem_format(top[i]->mem, mem, sizeof mem);
			snprintf(who, sizeof who, "%s/%s", top[i]->ns, top[i]->name);
			pager_addf(p, THEME_ROW, "  %-50s %6ldm %9s", who, top[i]->cpu_m, mem);
			pu_name_as(pu, p, PU_OPEN_DESCRIBE, PU_PODS, top[i]->ns, top[i]->name, NULL);
		}
	}
}

/* " in team-a (the cluster's are not allowed)" for a part narrowed to a namespace, else "". */
static const char *
pu_where(struct pulse *pu, int k)
{
	static char buf[300];
	if (!pu->narrowed[k])
		return "";
	snprintf(buf, sizeof buf, " in %s (the whole cluster's are not allowed)", pu->ns);
	return buf;
}

/* A part not listed yet: still listing, or why it cannot be (not allowed, unreachable). */
static void
pu_waiting(struct pulse *pu, int k, struct pager *p, const char *what)
{
	if (pu->inf[k] != NULL && informer_state(pu->inf[k]) == INFORMER_FAILED)
		pager_addf(p, THEME_ERROR, "%s: %s", what, informer_error(pu->inf[k])->msg);
	else if (pu->inf[k] == NULL)
		pager_addf(p, THEME_HINT, "%s: the server does not serve %s", what, pu_res[k]);
	else
		pager_addf(p, THEME_PENDING, "%s: listing ...", what);
}

/* The nodes that are not Ready, by status as kubectl get nodes writes it ("NotReady",
 * "Ready,SchedulingDisabled"): "  NotReady  node-3, node-7". */
static void
pu_nodes_not_ready(struct pulse *pu, struct store *s, struct pager *p)
{
	struct pu_count c[8];
	size_t nc = 0, n = store_visible(s);

	for (size_t i = 0; i < n; i++) {
		const char *st = pu_cell(s, store_at(s, i), "STATUS");
		if (strcmp(st, "Ready") != 0)
			pu_add(c, &nc, 8, st);
	}
	for (size_t k = 0; k < nc; k++) {
		char line[1024];
		size_t named = 0, l;
		const char *one = NULL;
		snprintf(line, sizeof line, "  %-28.80s ", c[k].name);
		for (size_t i = 0; i < n; i++) {
			const struct store_row *r = store_at(s, i);
			if (strcmp(pu_cell(s, r, "STATUS"), c[k].name) != 0 || named++ >= PU_NODES_NAMED)
				continue;
			one = store_row_name(r);
			l = strlen(line);
			snprintf(line + l, sizeof line - l, "%s%.80s", named > 1 ? ", " : "", store_row_name(r));
		}
		l = strlen(line);
		if (named > PU_NODES_NAMED)
			snprintf(line + l, sizeof line - l, " and %zu more", named - PU_NODES_NAMED);
		pager_addf(p, THEME_ERROR, "%s", line);
		/* one node: its describe; several: the nodes of that status */
		if (named == 1)
			pu_name_as(pu, p, PU_OPEN_DESCRIBE, PU_NODES, "", one, NULL);
		else
			pu_name_as(pu, p, PU_OPEN_STATUS, PU_NODES, "", NULL, c[k].name);
	}
}

static void
pu_refill(struct page *pg, struct pager *p, void *arg)
{
	struct pulse *pu = arg;
	struct store *s;
	(void)pg;

	pu->nt = 0;
	pager_addf(p, THEME_TITLE, "Pulse of %s", pg->cluster->context);
	pager_addf(p, THEME_ROW, "%s", "");
	if (pu_ready(pu, PU_NODES)) {
		s = informer_store(pu->inf[PU_NODES]);
		store_set_filter(s, "", NULL);
		size_t n = store_visible(s), ready = 0;
		for (size_t i = 0; i < n; i++)
			ready += strcmp(pu_cell(s, store_at(s, i), "STATUS"), "Ready") == 0;
		pager_addf(p, ready == n ? THEME_OK : THEME_WARNING, "Nodes ready: %zu/%zu", ready, n);
		pu_name_as(pu, p, PU_OPEN_LIST, PU_NODES, "", NULL, NULL);
		pu_nodes_not_ready(pu, s, p);
	} else
		pu_waiting(pu, PU_NODES, p, "Nodes");
	if (pu_ready(pu, PU_PODS)) {
		struct pu_count c[32];
		size_t nc = 0;
		s = informer_store(pu->inf[PU_PODS]);
		store_set_filter(s, "", NULL);
		size_t n = store_visible(s);
		for (size_t i = 0; i < n; i++)
			pu_add(c, &nc, 32, pu_cell(s, store_at(s, i), "STATUS"));
		pager_addf(p, THEME_TITLE, "Pods%s: %zu", pu_where(pu, PU_PODS), n);
		pu_name_as(pu, p, PU_OPEN_LIST, PU_PODS, pu->narrowed[PU_PODS] ? pu->ns : "", NULL, NULL);
		for (size_t i = 0; i < nc; i++) {
			char line[700];
			const struct store_row *one = NULL;
			/* a status of one pod names it, and Enter describes it */
			for (size_t j = 0; j < n && c[i].n == 1 && one == NULL; j++)
				if (strcmp(pu_cell(s, store_at(s, j), "STATUS"), c[i].name) == 0)
					one = store_at(s, j);
			if (one != NULL)
				snprintf(line, sizeof line, "  %-28.80s %zu  %.200s/%.200s", c[i].name, c[i].n,
				    store_row_namespace(one), store_row_name(one));
			else
				snprintf(line, sizeof line, "  %-28.80s %zu", c[i].name, c[i].n);
			enum theme_el el = !strcmp(c[i].name, "Running") ? THEME_OK :
			    !strcmp(c[i].name, "Completed") ? THEME_TERMINATED :
			    !strcmp(c[i].name, "Pending") || !strcmp(c[i].name, "ContainerCreating") ? THEME_PENDING :
			    THEME_ERROR;
			pager_add(p, line, 0, el, el, PAGER_PLAIN);
			if (one != NULL)
				pu_name_as(pu, p, PU_OPEN_DESCRIBE, PU_PODS, store_row_namespace(one),
				    store_row_name(one), NULL);
			else
				pu_name_as(pu, p, PU_OPEN_STATUS, PU_PODS, pu->narrowed[PU_PODS] ? pu->ns : "", NULL,
				    c[i].name);
		}
	} else
		pu_waiting(pu, PU_PODS, p, "Pods");
	pager_addf(p, THEME_TITLE, "Failing workloads%s:", pu_where(pu, PU_DEPLOY));
	struct pu_lines *l = xcalloc(1, sizeof *l);
	size_t failing = 0;
	for (int k = PU_DEPLOY; k <= PU_JOBS; k++) {
		if (!pu_ready(pu, k))
			continue;
		s = informer_store(pu->inf[k]);
		store_set_filter(s, "", NULL);
		for (size_t i = 0; i < store_visible(s); i++) {
			const struct store_row *r = store_at(s, i);
			char who[300], state[64];
			int a, b;
			if (k == PU_JOBS) {
				/* a Job that gave up (backoff limit, deadline): it will not try again */
				if (strcmp(pu_cell(s, r, "STATUS"), "Failed") != 0)
					continue;
				snprintf(state, sizeof state, "failed, %s complete", pu_cell(s, r, "COMPLETIONS"));
			} else {
				if (k == PU_DS) {
					a = atoi(pu_cell(s, r, "READY"));
					b = atoi(pu_cell(s, r, "DESIRED"));
				} else if (sscanf(pu_cell(s, r, "READY"), "%d/%d", &a, &b) != 2)
					continue;
				if (a >= b)
					continue;
				snprintf(state, sizeof state, "%d/%d ready", a, b);
			}
			snprintf(who, sizeof who, "%s/%s", store_row_namespace(r), store_row_name(r));
			struct pu_target tg;
			pu_target_set(&tg, PU_OPEN_ROW, k, store_row_namespace(r), store_row_name(r), NULL);
			pu_line(l, &tg, THEME_ERROR, pu_res[k], who, state, NULL);
			failing++;
		}
	}
	pu_lines_emit(pu, l, p);
	if (failing > l->n)
		pager_addf(p, THEME_ERROR, "  ... and %zu more", failing - l->n);
	int unknown = 0;
	for (int k = PU_DEPLOY; k <= PU_JOBS; k++)
		if (pu->inf[k] != NULL && informer_state(pu->inf[k]) == INFORMER_FAILED && !unknown++)
			pu_waiting(pu, k, p, "  Workloads");
	if (failing == 0 && !unknown)
		pager_addf(p, THEME_OK, "  none");
	if (pu_ready(pu, PU_EVENTS)) {
		s = informer_store(pu->inf[PU_EVENTS]);
		store_set_filter(s, "", NULL);
		size_t warn = 0;
		for (size_t i = 0; i < store_visible(s); i++) {
			const struct store_row *r = store_at(s, i);
			long age = pulse_duration(pu_cell(s, r, "LAST SEEN"));
			if (strcmp(pu_cell(s, r, "TYPE"), "Warning") == 0 && age >= 0 && age <= 3600)
				warn++;
		}
		pager_addf(p, warn ? THEME_WARNING : THEME_OK, "Warning events in the last hour%s: %zu",
		    pu_where(pu, PU_EVENTS), warn);
		pu_name_as(pu, p, PU_OPEN_STATUS, PU_EVENTS, pu->narrowed[PU_EVENTS] ? pu->ns : "", NULL,
		    "Warning");
		l->n = 0;
		for (size_t i = 0; i < store_visible(s) && l->n < PU_WARNINGS; i++) {
			const struct store_row *r = store_at(s, i);
			long age = pulse_duration(pu_cell(s, r, "LAST SEEN"));
			if (strcmp(pu_cell(s, r, "TYPE"), "Warning") != 0 || age < 0 || age > 3600)
				continue;
			struct pu_target tg;
			pu_target_set(&tg, PU_OPEN_ROW, PU_EVENTS, store_row_namespace(r), store_row_name(r), NULL);
			pu_line(l, &tg, THEME_WARNING, pu_cell(s, r, "LAST SEEN"), pu_cell(s, r, "REASON"),
			    pu_cell(s, r, "OBJECT"), pu_cell(s, r, "MESSAGE"));
		}
		pu_lines_emit(pu, l, p);
	} else
		pu_waiting(pu, PU_EVENTS, p, "Warning events");
	free(l);
	pu_top(pu, p);
}

static void
pu_listen(struct informer *inf, void *arg)
{
	struct pulse *pu = arg;
	(void)inf;
	page_text_refill_now(pu->pg);
}

/* A user allowed some namespaces only (RBAC): a cluster-wide list that is forbidden
 * becomes the list of the namespace on screen. Not from an informer's callback: the
 * informer is released here. */
static void
pu_narrow(struct pulse *pu)
{
	struct app *app = pu->pg->app;
	struct cluster *c = pu->pg->cluster;
	int changed = 0;

	if (app_namespace(app)[0] == '\0')
		return;
	for (int k = 0; k < PU_N; k++) {
		if (pu->inf[k] == NULL || pu->narrowed[k] || informer_state(pu->inf[k]) != INFORMER_FAILED ||
		    informer_error(pu->inf[k])->code != KD_ERR_FORBIDDEN)
			continue;
		const struct kres *res = discovery_find(c->disc, pu_res[k]);
		if (res == NULL || !res->namespaced)
			continue;
		informer_unlisten(pu->inf[k], pu_listen, pu);
		informer_release(&pu->inf[k]);
		pu->inf[k] = informer_acquire(c->infs, res, app_namespace(app), NULL);
		informer_listen(pu->inf[k], pu_listen, pu);
		pu->narrowed[k] = 1;
		changed = 1;
	}
	if (changed) {
		free(pu->ns);
		pu->ns = xstrdup(app_namespace(app));
		page_text_refill_now(pu->pg);
	}
}

static void
pu_check(void *arg)
{
	struct pulse *pu = arg;
	pu->timer = loop_timer_add(app_loop(pu->pg->app), PU_CHECK_MS, pu_check, pu);
	pu_narrow(pu);
	if (metrics_generation(pu->metrics) != pu->metrics_gen) {
		pu->metrics_gen = metrics_generation(pu->metrics);
		page_text_refill_now(pu->pg);
	}
}

static void
pu_free(void *arg)
{
	struct pulse *pu = arg;
	loop_timer_cancel(app_loop(pu->pg->app), &pu->timer);
	metrics_want_pods(pu->metrics, -1);
	for (int k = 0; k < PU_N; k++)
		if (pu->inf[k]) {
			informer_unlisten(pu->inf[k], pu_listen, pu);
			informer_release(&pu->inf[k]);
		}
	free(pu->ns);
	free(pu->t);
	free(pu);
}

/* Enter: what the line under the cursor names, on top of pulse (esc comes back). */
static int
pu_action(struct page *pg, enum action a, void *arg)
{
	struct pulse *pu = arg;
	struct cluster *c = pg->cluster;
	const char *key = pager_cursor_key(page_text_pager(pg));
	struct page *to = NULL;

	if (a != ACT_ENTER)
		return APP_UNHANDLED;
	const struct pu_target *t = NULL;
	for (size_t i = 0; key != NULL && i < pu->nt; i++) {
		char k[700];
		pu_key(&pu->t[i], k, sizeof k);
		if (strcmp(k, key) == 0)
			t = &pu->t[i];
	}
	if (t == NULL) {
		app_flash(pg->app, 0, "this line names nothing to open");
		return APP_REDRAW;
	}
	const struct kres *res = discovery_find(c->disc, pu_res[t->k]);
	if (res == NULL) {
		app_flash(pg->app, 1, "the server does not serve %s", pu_res[t->k]);
		return APP_REDRAW;
	}
	switch (t->how) {
	case PU_OPEN_LIST:
		to = page_resource_new(pg->app, c, res, t->ns, NULL, NULL);
		break;
	case PU_OPEN_STATUS:
		to = page_resource_where_new(pg->app, c, pu_res[t->k], t->ns,
		    t->k == PU_EVENTS ? "TYPE" : "STATUS", t->status);
		break;
	case PU_OPEN_ROW:
		to = page_resource_new(pg->app, c, res, t->ns, NULL, NULL);
		page_resource_select(to, t->ns, t->name);
		break;
	case PU_OPEN_DESCRIBE:
		to = page_object_new(pg->app, c, pu->inf[t->k], res->kind, t->ns, t->name, PAGE_OBJ_DESCRIBE, 0);
		break;
	}
	if (to != NULL)
		app_push(pg->app, to);
	return APP_REDRAW;
}

/* a viewer's keys, and enter: the cursor's line */
static const enum action pu_hint_actions[] = { ACT_BACK, ACT_ENTER, ACT_FILTER, ACT_SEARCH_BACK,
	ACT_SEARCH_NEXT, ACT_SEARCH_PREV, ACT_HELP, ACT_QUIT };
static const char *const pu_hint_words[] = { NULL, NULL, "search", NULL, NULL, NULL, NULL, NULL };
static const struct page_hints pu_hints = { pu_hint_actions,
	sizeof pu_hint_actions / sizeof pu_hint_actions[0], KEYMAP_VIEWER, pu_hint_words };

struct page *
pulse_page_new(struct app *app, struct cluster *c)
{
	struct page *pg = page_text_new(app, c, "pulse");
	struct pulse *pu = xcalloc(1, sizeof *pu);
	pu->pg = pg;
	page_text_set_refill(pg, pu_refill, pu, pu_free);
	page_text_set_action(pg, pu_action, &pu_hints);
	pager_set_cursor(page_text_pager(pg), 1);
	for (int k = 0; k < PU_N; k++) {
		const struct kres *res = discovery_find(c->disc, pu_res[k]);
		if (res == NULL)
			continue;
		pu->inf[k] = informer_acquire(c->infs, res, NULL, NULL);
		informer_listen(pu->inf[k], pu_listen, pu);
	}
	pu->metrics = c->metrics;
	pu->metrics_gen = metrics_generation(c->metrics);
	metrics_want_pods(c->metrics, 1);
	pu->timer = loop_timer_add(app_loop(app), PU_CHECK_MS, pu_check, pu);
	page_text_refill_now(pg);
	return pg;
}
