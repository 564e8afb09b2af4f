#define _POSIX_C_SOURCE 200809L
#include "print.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/informer.h"
#include "kube/kubeconfig.h"
#include "loop.h"
#include "model/store.h"
#include "model/view.h"
#include "opts.h"
#include "util/proc.h"
#include "util/xmalloc.h"

struct print_run {
	const struct kd_opts *opts;
	struct loop *loop;
	struct kconn *conn;
	struct http *http;
	struct discovery *disc;
	struct informers *infs;
	struct informer *inf;
	const char *ns;
	int retried_discovery;
	int status;
	int signalled;            /* the signal that ended it, 0: none */
	const char *follow;
	struct loop_timer *follow_timer;
	uint64_t t0, t_synced;
};

/* Display width of UTF-8 text (one column per code point; good enough for names). */
static size_t
print_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

void
print_table(FILE *out, struct store *s, int ns_column, int wide)
{
	const struct view *v = store_view(s);
	size_t n = store_visible(s);
	int ncols = v->ncols + 1;
	int show[ncols];
	size_t width[ncols];
	time_t now = time(NULL);
	char buf[4096];
	show[0] = ns_column;
	width[0] = strlen("NAMESPACE");
	for (int c = 0; c < v->ncols; c++) {
		show[c + 1] = wide || !v->cols[c].wide;
		width[c + 1] = print_width(v->cols[c].name);
	}
	for (size_t i = 0; i < n; i++) {
		const struct store_row *r = store_at(s, i);
		size_t w = print_width(store_row_namespace(r));
		if (w > width[0])
			width[0] = w;
		for (int c = 0; c < v->ncols; c++) {
			if (!show[c + 1])
				continue;
			view_cell_render(v, c, store_row_cell(r, c), now, buf, sizeof buf);
			w = print_width(buf);
			if (w > width[c + 1])
				width[c + 1] = w;
		}
	}
	int last = ncols - 1;
	while (last > 0 && !show[last])
		last--;
	/* header, then rows */
	for (size_t i = 0; i <= n; i++) {
		const struct store_row *r = i ? store_at(s, i - 1) : NULL;
		for (int c = 0; c < ncols; c++) {
			if (!show[c])
				continue;
			const char *text;
			if (c == 0)
				text = r ? store_row_namespace(r) : "NAMESPACE";
			else if (r == NULL)
				text = v->cols[c - 1].name;
			else {
				view_cell_render(v, c - 1, store_row_cell(r, c - 1), now, buf, sizeof buf);
				text = buf;
			}
			size_t pad = width[c] - print_width(text);
			if (c > 0 && v->cols[c - 1].align == VIEW_RIGHT && r != NULL)
				fprintf(out, "%*s", (int)pad, "");
			fputs(text, out);
			if (c == last)
				break;
			if (!(c > 0 && v->cols[c - 1].align == VIEW_RIGHT && r != NULL))
				fprintf(out, "%*s", (int)pad, "");
			fputs("   ", out);
		}
		fputc('\n', out);
	}
}

static void
print_follow_write(void *arg)
{
	struct print_run *pr = arg;
	pr->follow_timer = NULL;
	char *tmp = xasprintf("%s.tmp", pr->follow);
	FILE *f = fopen(tmp, "we");
	if (f != NULL) {
		print_table(f, informer_store(pr->inf), pr->ns == NULL && pr->opts->all_namespaces,
		    pr->opts->wide);
		fclose(f);
		rename(tmp, pr->follow);
	}
	free(tmp);
	char *st = xasprintf("%s.state", pr->follow);
	char *sttmp = xasprintf("%s.state.tmp", pr->follow);
	f = fopen(sttmp, "we");
	if (f != NULL) {
		static const char *names[] = { "listing", "synced", "relisting", "reconnecting", "failed" };
		char line[600];
		struct informer_stats is;
		informer_status(pr->inf, line, sizeof line);
		informer_get_stats(pr->inf, &is);
		fprintf(f, "%s lists=%lu relists=%lu watches=%lu reconnects=%lu events=%lu %s\n",
		    names[informer_state(pr->inf)], is.lists, is.relists, is.watches, is.reconnects,
		    is.events, line);
		fclose(f);
		rename(sttmp, st);
	}
	free(st);
	free(sttmp);
}

static void
print_filter_bench(struct print_run *pr, const char *text)
{
	struct store *s = informer_store(pr->inf);
	size_t len = strlen(text);
	char *prefix = xmalloc(len + 1);
	double worst = 0;
	for (size_t i = 1; i <= len; i++) {
		memcpy(prefix, text, i);
		prefix[i] = '\0';
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		store_set_filter(s, prefix, NULL);
		size_t n = store_visible(s);
		/* a screen then reads the first screenful */
		for (size_t k = 0; k < n && k < 80; k++)
			(void)store_row_name(store_at(s, k));
		clock_gettime(CLOCK_MONOTONIC, &b);
		double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
		if (ms > worst)
			worst = ms;
		fprintf(stderr, "filter \"%s\": %zu of %zu rows in %.2f ms\n", prefix, n, store_size(s), ms);
	}
	fprintf(stderr, "filter worst keystroke: %.2f ms\n", worst);
	store_set_filter(s, "", NULL);
	free(prefix);
}

static void
print_stats(struct print_run *pr)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	unsigned long reqs = 0;
	unsigned long long bytes = 0;
	http_stats(pr->http, &reqs, &bytes);
	struct informer_stats st;
	informer_get_stats(pr->inf, &st);
	struct store *s = informer_store(pr->inf);
	fprintf(stderr, "rows %zu, list %.3f s, %lu requests, %llu bytes received, %lu pages, "
	    "store %.1f MiB, peak RSS %.1f MiB, %s, %s\n", store_size(s),
	    (double)(pr->t_synced - pr->t0) / 1e3, reqs, bytes, st.pages,
	    (double)store_memory(s) / 1048576.0, (double)ru.ru_maxrss / 1024.0,
	    st.as_table ? "server Table rows" : "objects",
	    st.mode_object ? "whole objects" : "metadata only");
}

static void
print_on_change(struct informer *inf, void *arg)
{
	struct print_run *pr = arg;
	enum informer_state st = informer_state(inf);
	if (!informer_synced(inf)) {
		if (st == INFORMER_FAILED || st == INFORMER_RECONNECTING) {
			fprintf(stderr, "kdeck: %s\n", informer_error(inf)->msg);
			pr->status = 1;
			loop_quit(pr->loop);
		}
		return;
	}
	if (pr->t_synced == 0) {
		pr->t_synced = loop_now_ms();
		const struct kd_err *w = informer_view_warning(inf);
		if (w != NULL)
			fprintf(stderr, "kdeck: %s\n", w->msg);
		if (pr->follow == NULL) {
			struct store *s = informer_store(inf);
			if (store_size(s) == 0) {
				if (pr->ns != NULL)
					fprintf(stderr, "No resources found in %s namespace.\n", pr->ns);
				else
					fprintf(stderr, "No resources found\n");
			} else {
				print_table(stdout, s, pr->ns == NULL && pr->opts->all_namespaces &&
				    strcmp(informer_view(inf)->resource, "namespaces") != 0 &&
				    store_row_namespace(store_at(s, 0))[0] != '\0', pr->opts->wide);
			}
			fflush(stdout);
			if (getenv("KDECK_PRINT_STATS") != NULL)
				print_stats(pr);
			const char *fb = getenv("KDECK_PRINT_FILTER");
			if (fb != NULL && fb[0] != '\0')
				print_filter_bench(pr, fb);
			loop_quit(pr->loop);
			return;
		}
	}
	if (pr->follow != NULL && pr->follow_timer == NULL)
		pr->follow_timer = loop_timer_add(pr->loop, 50, print_follow_write, pr);
}

static void
print_on_discovery(struct discovery *d, const struct kd_err *err, void *arg)
{
	struct print_run *pr = arg;
	if (err != NULL) {
		fprintf(stderr, "kdeck: %s\n", err->msg);
		pr->status = 1;
		loop_quit(pr->loop);
		return;
	}
	const struct kres *res = discovery_find(d, pr->opts->print_view);
	if (res == NULL && !pr->retried_discovery) {
		/* a CRD created since the cache was written */
		pr->retried_discovery = 1;
		discovery_load(d, 1, print_on_discovery, pr);
		return;
	}
	if (res == NULL) {
		fprintf(stderr, "kdeck: the server %s has no resource type \"%s\"; kdeck --print "
		    "takes a resource name, short name or kind, such as pods, deploy or Service.\n",
		    http_server(pr->http), pr->opts->print_view);
		pr->status = 1;
		loop_quit(pr->loop);
		return;
	}
	if (!(res->verbs & KRES_LIST) && res->verbs != 0) {
		fprintf(stderr, "kdeck: %s cannot be listed.\n", res->resource);
		pr->status = 1;
		loop_quit(pr->loop);
		return;
	}
	if (!res->namespaced || pr->opts->all_namespaces)
		pr->ns = NULL;
	pr->inf = informer_acquire(pr->infs, res, pr->ns, pr->opts->selector);
	informer_listen(pr->inf, print_on_change, pr);
}

static void
print_on_signal(int sig, void *arg)
{
	struct print_run *pr = arg;
	pr->status = proc_exit_status(sig);
	pr->signalled = sig;
	loop_quit(pr->loop);
}

int
print_run(const struct kd_opts *opts)
{
	struct print_run pr = { .opts = opts };
	struct kd_err err = { 0 };
	struct kcfg *cfg = kcfg_load(opts->kubeconfig, &err);
	if (cfg == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		return 1;
	}
	pr.conn = kcfg_resolve(cfg, opts->context, &err);
	if (pr.conn == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		kcfg_free(&cfg);
		return 1;
	}
	pr.loop = loop_new();
	pr.http = http_new(pr.loop, pr.conn, &err);
	if (pr.http == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		pr.status = 1;
		goto done;
	}
	pr.follow = getenv("KDECK_PRINT_FOLLOW");
	if (pr.follow != NULL && pr.follow[0] == '\0')
		pr.follow = NULL;
	pr.ns = opts->all_namespaces ? NULL : opts->namespace ? opts->namespace : pr.conn->namespace;
	pr.t0 = loop_now_ms();
	pr.infs = informers_new(pr.http, config_search_path("views"));
	pr.disc = discovery_new(pr.http, NULL, 0);
	loop_signal(pr.loop, SIGINT, print_on_signal, &pr);
	loop_signal(pr.loop, SIGTERM, print_on_signal, &pr);
	loop_signal(pr.loop, SIGHUP, print_on_signal, &pr);
	signal(SIGPIPE, SIG_IGN);
	discovery_load(pr.disc, 0, print_on_discovery, &pr);
	loop_run(pr.loop);
done:
	loop_timer_cancel(pr.loop, &pr.follow_timer);
	informer_release(&pr.inf);
	informers_free(&pr.infs);
	discovery_free(&pr.disc);
	http_free(&pr.http);
	kconn_free(&pr.conn);   /* before the loop: a credential plugin may still run on it */
	loop_free(&pr.loop);
	kcfg_free(&cfg);
	/* a signal ends it as the signal would, whatever failed after it (a credential plugin
	 * it took down with it) */
	return pr.signalled ? proc_exit_status(pr.signalled) : pr.status;
}
