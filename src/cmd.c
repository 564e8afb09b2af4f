/* The command engine; see cmd.h. The commands themselves are in src/cmd/. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "app.h"
#include "cmd.h"
#include "config.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "model/store.h"
#include "model/template.h"
#include "ui/page/page.h"
#include "util/xmalloc.h"

#define CMD_MAX_ARGS 16

extern const struct cmd_entry cmd_resource_entry;
extern const struct cmd_entry cmd_ctx_entry;
extern const struct cmd_entry cmd_ns_entry;
extern const struct cmd_entry cmd_clusters_entry;
extern const struct cmd_entry cmd_pulse_entry;
extern const struct cmd_entry cmd_workloads_entry;
extern const struct cmd_entry cmd_projects_entry;
extern const struct cmd_entry cmd_exec_entry;
extern const struct cmd_entry cmd_sessions_entry;
extern const struct cmd_entry cmd_port_forward_entry;
extern const struct cmd_entry cmd_forwards_entry;
extern const struct cmd_entry cmd_restart_entry;
extern const struct cmd_entry cmd_delete_entry;
extern const struct cmd_entry cmd_history_entry;
extern const struct cmd_entry cmd_canary_entry;
extern const struct cmd_entry cmd_rollback_entry;
extern const struct cmd_entry cmd_recover_entry;
extern const struct cmd_entry cmd_edit_entry;
extern const struct cmd_entry cmd_apply_entry;
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_new_entry;
extern const struct cmd_entry cmd_scale_entry;
extern const struct cmd_entry cmd_size_entry;
extern const struct cmd_entry cmd_pause_entry;
extern const struct cmd_entry cmd_resume_entry;
extern const struct cmd_entry cmd_undo_entry;
extern const struct cmd_entry cmd_cordon_entry;
extern const struct cmd_entry cmd_uncordon_entry;
extern const struct cmd_entry cmd_drain_entry;
extern const struct cmd_entry cmd_rollouts_entry;
extern const struct cmd_entry cmd_helm_entry;
extern const struct cmd_entry cmd_theme_entry;
extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_quit_entry;

/* The resource list is an entry like the others (its usage and help are listed, its
 * argument completes), flagged CMD_FALLBACK: cmd_run gives it every line whose first
 * word no entry is called. */
const struct cmd_entry *const cmd_table[] = {
	&cmd_resource_entry,
	&cmd_ctx_entry,
	&cmd_ns_entry,
	&cmd_clusters_entry,
	&cmd_pulse_entry,
	&cmd_workloads_entry,
	&cmd_projects_entry,
	&cmd_exec_entry,
	&cmd_sessions_entry,
	&cmd_port_forward_entry,
	&cmd_forwards_entry,
	&cmd_restart_entry,
	&cmd_delete_entry,
	&cmd_history_entry,
	&cmd_canary_entry,
	&cmd_rollback_entry,
	&cmd_recover_entry,
	&cmd_edit_entry,
	&cmd_apply_entry,
	&cmd_audit_entry,
	&cmd_new_entry,
	&cmd_scale_entry,
	&cmd_size_entry,
	&cmd_pause_entry,
	&cmd_resume_entry,
	&cmd_undo_entry,
	&cmd_cordon_entry,
	&cmd_uncordon_entry,
	&cmd_drain_entry,
	&cmd_rollouts_entry,
	&cmd_helm_entry,
	&cmd_theme_entry,
	&cmd_help_entry,
	&cmd_quit_entry,
	NULL,
};

static char *cmd_pending;    /* a line waiting for its cluster */

/* The current cluster's namespaces are kept listed, so that the first Tab after a
 * command has them; one watch, moved when the current cluster changes. */
static struct {
	struct cluster *c;
	struct informer *inf;
} cmd_ns_watch;

static void cmd_watch_namespaces(struct app *app);

const struct cmd_entry *
cmd_find(const char *name)
{
	for (int i = 0; cmd_table[i] != NULL; i++) {
		const struct cmd_entry *e = cmd_table[i];
		if (e->flags & CMD_FALLBACK)
			continue;
		if (strcmp(e->name, name) == 0)
			return e;
		for (int k = 0; e->alias != NULL && e->alias[k] != NULL; k++)
			if (strcmp(e->alias[k], name) == 0)
				return e;
	}
	return NULL;
}

static const struct cmd_entry *
cmd_fallback(void)
{
	for (int i = 0; cmd_table[i] != NULL; i++)
		if (cmd_table[i]->flags & CMD_FALLBACK)
			return cmd_table[i];
	return NULL;
}

int
cmd_ready(struct cmd_args *a, struct cluster *c)
{
	if (c == NULL)
		return CMD_RETURN_ERROR;
	if (c->state == CLUSTER_READY)
		return CMD_RETURN_NORMAL;
	if (c->state == CLUSTER_FAILED) {
		app_flash(a->app, 1, "%s: %s", c->context, c->err.msg);
		return CMD_RETURN_ERROR;
	}
	a->wait = c;
	return CMD_RETURN_WAIT;
}

int
cmd_one_target(struct cmd_args *a, const char *what, struct page_target **t)
{
	struct page *pg = app_page(a->app, 0);
	const char *name = a->entry->name;
	char why[256];
	size_t n;

	*t = NULL;
	/* a command that takes words (":rollback [N]") has read them already */
	if (a->argc > 1 && strchr(a->entry->usage, ' ') == NULL) {
		app_flash(a->app, 1, "usage: %s (on the selected %s)", a->entry->usage, what);
		return -1;
	}
	if (pg == NULL || pg->ops->targets == NULL) {
		app_flash(a->app, 1, "%s is not available on this screen: it takes the selected %s", name, what);
		return -1;
	}
	if (a->entry->action != ACT_NONE && !app_allowed(a->app, pg, a->entry->action, why, sizeof why)) {
		app_flash(a->app, 1, "%s is disabled: %s", name, why);
		return -1;
	}
	if ((n = pg->ops->targets(pg, t)) == 0) {
		app_flash(a->app, 1, "%s takes the selected %s: select a row", name, what);
		page_targets_free(t, 0);
		return -1;
	}
	if (n > 1) {
		app_flash(a->app, 1, "%s takes one %s at a time: %zu are marked", name, what, n);
		page_targets_free(t, n);
		return -1;
	}
	return 0;
}

static void
cmd_set_pending(const char *line)
{
	free(cmd_pending);
	cmd_pending = line != NULL ? xstrdup(line) : NULL;
}

int
cmd_run(struct app *app, const char *line)
{
	char buf[1024], *argv[CMD_MAX_ARGS], *save = NULL;
	struct cmd_args a = { .app = app, .line = line, .argv = argv };

	snprintf(buf, sizeof buf, "%s", line);
	for (char *t = strtok_r(buf, " \t", &save); t && a.argc < CMD_MAX_ARGS; t = strtok_r(NULL, " \t", &save))
		argv[a.argc++] = t;
	if (a.argc == 0)
		return 0;
	if (argv[0][0] == ':')
		argv[0]++;
	/* the text after the name, as typed (":exec sh -c 'a  b'") */
	a.rest = line;
	while (isspace((unsigned char)*a.rest) || *a.rest == ':')
		a.rest++;
	while (*a.rest && !isspace((unsigned char)*a.rest))
		a.rest++;
	while (isspace((unsigned char)*a.rest))
		a.rest++;

	const struct cmd_entry *e = cmd_find(argv[0]);
	if (e == NULL)
		e = cmd_fallback();
	a.entry = e;
	struct cluster *cur = app_current_cluster(app);
	if ((e->flags & CMD_MUTATES) && (app_readonly(app) || (cur != NULL && cur->readonly))) {
		app_flash(app, 1, "%s is disabled: read-only%s", e->name,
		    app_readonly(app) ? " (--readonly)" : " (this context)");
		return -1;
	}
	int r = CMD_RETURN_NORMAL;
	if (e->flags & CMD_NEEDS_CLUSTER)
		r = cmd_ready(&a, cur);
	if (r == CMD_RETURN_NORMAL) {
		if (e->flags & CMD_CLEARS_STACK) {
			/* a first page the user chose: a first page still waiting gives way to it */
			cmd_set_pending(NULL);
			app_clear_stack(app);
		}
		r = e->exec(&a);
	}
	if (r == CMD_RETURN_WAIT) {
		cmd_set_pending(line);
		if (a.wait != NULL)
			app_flash(app, 0, "connecting to %s ...", a.wait->context);
		return 0;
	}
	return r < 0 ? -1 : 0;
}

int
cmd_run_action(struct app *app, enum action act)
{
	for (int i = 0; cmd_table[i] != NULL; i++) {
		const struct cmd_entry *e = cmd_table[i];
		if (act == ACT_NONE || e->action != act)
			continue;
		if (e->on_action != NULL)
			e->on_action(app);
		else
			cmd_run(app, e->name);
		return 1;
	}
	return 0;
}

static void
cmd_run_pending(struct app *app)
{
	struct cluster *cur = app_current_cluster(app);
	/* a ready cluster being discovered again (a type asked for that it did not know)
	 * answers the pending line when discovery does */
	if (cmd_pending == NULL || cur == NULL || cur->state == CLUSTER_CONNECTING || cur->refreshing)
		return;
	char *line = cmd_pending;
	cmd_pending = NULL;
	cmd_run(app, line);
	free(line);
}

void
cmd_defer(struct app *app, const char *line)
{
	cmd_set_pending(line != NULL ? line : "pods");
	cmd_run_pending(app);
}

void
cmd_cluster_changed(struct app *app, struct cluster *c)
{
	if (c == app_current_cluster(app) && c->state == CLUSTER_FAILED && cmd_pending != NULL)
		app_flash(app, 1, "%s: %s", c->context, c->err.msg);
	cmd_watch_namespaces(app);
	cmd_run_pending(app);
}

void
cmd_shutdown(void)
{
	cmd_set_pending(NULL);
	informer_release(&cmd_ns_watch.inf);
	cmd_ns_watch.c = NULL;
}

/* ---- completion for the : prompt ---- */

static void
cmd_cand(char **cands, size_t *n, size_t max, const char *word, const char *s)
{
	if (*n >= max || strncasecmp(s, word, strlen(word)) != 0)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(cands[i], s) == 0)
			return;
	cands[(*n)++] = xstrdup(s);
}

static void
cmd_complete_namespaces(struct app *app, const char *word, char **cands, size_t *n, size_t max)
{
	struct cluster *cur = app_current_cluster(app);
	if (cur == NULL || cur->state != CLUSTER_READY)
		return;
	/* from the namespaces informer (started on demand) */
	const struct kres *nsres = discovery_find(cur->disc, "namespaces");
	if (nsres == NULL)
		return;
	struct informer *inf = informer_acquire(cur->infs, nsres, NULL, NULL);
	struct store *s = informer_store(inf);
	store_set_filter(s, "", NULL);
	for (size_t i = 0; i < store_visible(s); i++)
		cmd_cand(cands, n, max, word, store_row_name(store_at(s, i)));
	cmd_cand(cands, n, max, word, "-A");
	informer_release(&inf);   /* lingers: the next Tab is instant */
}

size_t
cmd_complete_name(const struct discovery *d, const char *word, char **cands, size_t max)
{
	size_t n = 0;

	/* what the word names exactly comes first, by its full name: "po" is the pods
	 * before it is the start of "port-forward" */
	const struct cmd_entry *e = cmd_find(word);
	const struct kres *r = d != NULL ? discovery_find(d, word) : NULL;
	if (e != NULL && strcasecmp(e->name, word) == 0)
		cmd_cand(cands, &n, max, word, e->name);
	if (r != NULL && strncasecmp(r->resource, word, strlen(word)) == 0)
		cmd_cand(cands, &n, max, word, r->resource);
	if (e != NULL && strncasecmp(e->name, word, strlen(word)) == 0)
		cmd_cand(cands, &n, max, word, e->name);
	for (int i = 0; cmd_table[i] != NULL; i++) {
		e = cmd_table[i];
		if (e->flags & CMD_FALLBACK)
			continue;
		cmd_cand(cands, &n, max, word, e->name);
		for (int k = 0; e->alias != NULL && e->alias[k] != NULL; k++)
			cmd_cand(cands, &n, max, word, e->alias[k]);
	}
	for (size_t i = 0; d != NULL && i < discovery_count(d); i++) {
		r = discovery_at(d, i);
		cmd_cand(cands, &n, max, word, r->resource);
		for (int k = 0; k < r->nshort; k++)
			cmd_cand(cands, &n, max, word, r->short_names[k]);
	}
	return n;
}

static int
cmd_cand_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
cmd_complete_file(const char *word, char **cands, size_t max)
{
	const char *slash = strrchr(word, '/');
	const char *base = slash ? slash + 1 : word;
	size_t dlen = slash ? (size_t)(slash - word) + 1 : 0, n = 0;
	char dir[4096];
	const char *home = getenv("HOME");

	/* the folder to list, as the file system knows it: "~/" is HOME's */
	if (dlen == 0)
		snprintf(dir, sizeof dir, ".");
	else if (strncmp(word, "~/", 2) == 0 && home != NULL)
		snprintf(dir, sizeof dir, "%s/%.*s", home, (int)dlen - 2, word + 2);
	else
		snprintf(dir, sizeof dir, "%.*s", (int)dlen, word);
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	struct dirent *e;
	while (n < max && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (e->d_name[0] == '.' && base[0] != '.')
			continue;
		if (strncmp(e->d_name, base, strlen(base)) != 0)
			continue;
		char full[8192];
		struct stat st;
		snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
		int isdir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
		cands[n++] = xasprintf("%.*s%s%s", (int)dlen, word, e->d_name, isdir ? "/" : "");
	}
	closedir(d);
	qsort(cands, n, sizeof *cands, cmd_cand_cmp);
	return n;
}

static void
cmd_watch_namespaces(struct app *app)
{
	struct cluster *cur = app_current_cluster(app);
	if (cur == NULL || cur->state != CLUSTER_READY || cur == cmd_ns_watch.c)
		return;
	const struct kres *nsres = discovery_find(cur->disc, "namespaces");
	if (nsres == NULL)
		return;
	informer_release(&cmd_ns_watch.inf);
	cmd_ns_watch.c = cur;
	cmd_ns_watch.inf = informer_acquire(cur->infs, nsres, NULL, NULL);
}

void
cmd_prompt_opened(struct app *app)
{
	cmd_watch_namespaces(app);
}

size_t
cmd_complete(const char *text, size_t *word_start, char **cands, size_t max, void *arg)
{
	struct app *app = arg;
	struct cluster *cur = app_current_cluster(app);
	const char *sp = strrchr(text, ' ');
	const char *word = sp ? sp + 1 : text;
	size_t n = 0;
	char first[64] = "";

	*word_start = (size_t)(word - text);
	if (sp == NULL)
		return cmd_complete_name(cur != NULL && discovery_ready(cur->disc) ? cur->disc : NULL,
		    word, cands, max);
	sscanf(text, "%63s", first);
	const struct cmd_entry *e = cmd_find(first);
	enum cmd_argkind kind = e != NULL ? e->args : cmd_fallback()->args;
	if (kind == CMD_ARG_CONTEXT || word[0] == '@') {
		for (size_t i = 0; i < app_cluster_count(app); i++) {
			char at[300];
			snprintf(at, sizeof at, "%s%s", word[0] == '@' ? "@" : "", app_cluster_at(app, i)->context);
			cmd_cand(cands, &n, max, word, at);
		}
	} else if (kind == CMD_ARG_THEME) {
		for (int i = 0; cmd_theme_names[i]; i++)
			cmd_cand(cands, &n, max, word, cmd_theme_names[i]);
	} else if (kind == CMD_ARG_NAMESPACE)
		cmd_complete_namespaces(app, word, cands, &n, max);
	else if (kind == CMD_ARG_FILE)
		n = cmd_complete_file(word, cands, max);
	else if (kind == CMD_ARG_TEMPLATE) {
		struct tmpl **list = NULL;
		size_t nt = tmpl_list(config_search_path("templates"), &list, NULL, NULL, NULL);
		for (size_t i = 0; i < nt; i++)
			cmd_cand(cands, &n, max, word, list[i]->name);
		tmpl_list_free(&list, nt);
	}
	return n;
}
