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
#include "kube/access.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "kube/informer.h"
#include "model/store.h"
#include "model/template.h"
#include "ui/page/page.h"
#include "ui/perm.h"
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
extern const struct cmd_entry cmd_edit_external_entry;
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
	&cmd_edit_external_entry,
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

/* Lines waiting for their cluster, run in order once it is ready: the first page's, and
 * at most one change (CMD_ON_ROWS) asked while the cluster of its rows connects or while
 * the server is still asked whether it is allowed. A change keeps the page it was asked
 * on and its rows: it is run on those rows only, found again by cluster, kind, namespace
 * and name, and dropped when the screen changed meanwhile. */
struct cmd_wait {
	char *line;
	struct cluster *c;          /* what it waits for; NULL: the current cluster */
	int change;                 /* an operation on rows */
	enum action act;            /* the change's action, for its permission */
	struct page *pg;            /* the page the change was asked on, NULL: none yet */
	struct cmd_row {
		char *context, *group, *resource, *ns, *name;
	} *rows;                    /* the rows it was asked on */
	size_t nrows;
};

#define CMD_MAX_WAITS 4

static struct cmd_wait cmd_waits[CMD_MAX_WAITS];
static size_t cmd_nwaits;
static const struct cmd_wait *cmd_resumed;   /* the wait cmd_run runs again (cmd_run_pending) */

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
cmd_wait_clear(struct cmd_wait *w)
{
	for (size_t i = 0; i < w->nrows; i++) {
		struct cmd_row *r = &w->rows[i];
		free(r->context);
		free(r->group);
		free(r->resource);
		free(r->ns);
		free(r->name);
	}
	free(w->rows);
	free(w->line);
	memset(w, 0, sizeof *w);
}

static void
cmd_wait_remove(size_t i)
{
	cmd_wait_clear(&cmd_waits[i]);
	memmove(&cmd_waits[i], &cmd_waits[i + 1], (cmd_nwaits - i - 1) * sizeof cmd_waits[0]);
	memset(&cmd_waits[--cmd_nwaits], 0, sizeof cmd_waits[0]);
}

/* Forgets every waiting line (NULL), or keeps line alone waiting for the current cluster. */
static void
cmd_set_pending(const char *line)
{
	while (cmd_nwaits > 0)
		cmd_wait_remove(cmd_nwaits - 1);
	if (line != NULL) {
		cmd_waits[0].line = xstrdup(line);
		cmd_nwaits = 1;
	}
}

static int
cmd_row_is(const struct cmd_row *r, const struct page_target *t)
{
	return strcmp(r->context, t->cluster->context) == 0 && strcmp(r->group, t->res->group) == 0 &&
	    strcmp(r->resource, t->res->resource) == 0 && strcmp(r->ns, t->ns ? t->ns : "") == 0 &&
	    strcmp(r->name, t->name) == 0;
}

/* Keeps line waiting for c (a change: on the rows of pg, those of the wait it resumes when
 * it had some). A change waiting already gives way to it. */
static void
cmd_wait_add(const char *line, struct cluster *c, const struct cmd_entry *change, struct page *pg,
    const struct cmd_wait *resumed)
{
	struct cmd_wait w = { .line = xstrdup(line), .c = c, .change = change != NULL,
		.act = change != NULL ? change->action : ACT_NONE };
	if (change && resumed != NULL) {
		/* still waiting (for its permission, its rows): what it was asked on stays */
		w.pg = resumed->pg;
		w.rows = xreallocarray(NULL, resumed->nrows ? resumed->nrows : 1, sizeof *w.rows);
		for (size_t i = 0; i < resumed->nrows; i++) {
			const struct cmd_row *r = &resumed->rows[i];
			w.rows[i] = (struct cmd_row){ xstrdup(r->context), xstrdup(r->group),
				xstrdup(r->resource), xstrdup(r->ns), xstrdup(r->name) };
		}
		w.nrows = resumed->nrows;
	} else if (change && pg != NULL && pg->ops->targets != NULL) {
		struct page_target *t = NULL;
		size_t n = pg->ops->targets(pg, &t);
		w.pg = n > 0 ? pg : NULL;   /* none listed yet: those it finds, asked first */
		w.rows = xreallocarray(NULL, n ? n : 1, sizeof *w.rows);
		for (size_t i = 0; i < n; i++)
			w.rows[i] = (struct cmd_row){ xstrdup(t[i].cluster->context), xstrdup(t[i].res->group),
				xstrdup(t[i].res->resource), xstrdup(t[i].ns ? t[i].ns : ""), xstrdup(t[i].name) };
		w.nrows = n;
		page_targets_free(&t, n);
	}
	for (size_t i = 0; change && i < cmd_nwaits; i++)
		if (cmd_waits[i].change) {
			cmd_wait_remove(i);
			break;
		}
	if (cmd_nwaits == CMD_MAX_WAITS)
		cmd_wait_remove(0);
	cmd_waits[cmd_nwaits++] = w;
}

/* A change run again once its cluster is ready: on the rows it was asked on, or not at
 * all. 0 when the page's rows now are those rows, else -1 and the flash says why. */
static int
cmd_refind(struct cmd_args *a, const struct cmd_wait *w)
{
	struct page *pg = app_page(a->app, 0);
	struct page_target *t = NULL;
	size_t n = 0;
	if (w->pg == NULL)
		return 0;   /* asked before any row was on screen: the rows it finds now, asked first */
	if (pg != w->pg || pg->ops->targets == NULL) {
		app_flash(a->app, 1, "%s is dropped: the screen it was asked on is gone", a->entry->name);
		return -1;
	}
	n = pg->ops->targets(pg, &t);
	for (size_t i = 0; i < w->nrows; i++) {
		size_t k = 0;
		while (k < n && !cmd_row_is(&w->rows[i], &t[k]))
			k++;
		if (k == n) {
			const struct cmd_row *r = &w->rows[i];
			app_flash(a->app, 1, "%s is dropped: %s %s%s%s is no longer listed on %s", a->entry->name,
			    r->resource, r->ns, r->ns[0] ? "/" : "", r->name, r->context);
			page_targets_free(&t, n);
			return -1;
		}
	}
	page_targets_free(&t, n);
	if (n != w->nrows || w->nrows == 0) {
		app_flash(a->app, 1, "%s is dropped: the marked rows changed while it waited", a->entry->name);
		return -1;
	}
	return 0;
}

/* Whether a page still lists its first rows. */
static int
cmd_listing(struct page *pg)
{
	char st[512] = "";
	struct page_target *t = NULL;
	size_t n;
	if (pg == NULL || pg->ops->targets == NULL || pg->ops->status == NULL)
		return 0;
	if ((n = pg->ops->targets(pg, &t)) > 0) {
		page_targets_free(&t, n);
		return 0;
	}
	pg->ops->status(pg, st, sizeof st);
	return strncmp(st, "listing ", 8) == 0;
}

/* An access answer: a change waiting for its permission is looked at again. */
static void
cmd_on_access(void *arg)
{
	cmd_news();
	app_dirty(arg);
}

/* Whether a change on pg's rows can be asked now: as cmd_ready for the cluster of the
 * rows (c NULL: there is none, the change says why), then CMD_RETURN_WAIT (*why says
 * for what) while the page lists its first rows, none having been on screen when it was
 * asked, or while the server is still asked whether it is allowed. */
static int
cmd_ready_change(struct cmd_args *a, struct page *pg, struct cluster *c,
    const struct cmd_wait *resumed, const char **why)
{
	int r = CMD_RETURN_NORMAL;
	*why = NULL;
	/* what is refused anyway (a read-only context) is refused now, by the change */
	if (c == NULL || c->readonly || (pg != NULL && pg->cluster != NULL && pg->cluster->readonly))
		return CMD_RETURN_NORMAL;
	if (c->state == CLUSTER_CONNECTING || c->state == CLUSTER_FAILED)
		r = cmd_ready(a, c);
	if (r != CMD_RETURN_NORMAL)
		return r;
	if ((resumed == NULL || resumed->pg == NULL) && cmd_listing(pg)) {
		*why = "rows";
		return CMD_RETURN_WAIT;
	}
	if (a->entry->action != ACT_NONE && perm_pending(pg, a->entry->action)) {
		/* the answer is news whoever asked the question first (an operation's check
		 * asks without telling anyone) */
		access_wake(pg->cluster->access, cmd_on_access, pg->app);
		*why = "permission";
		return CMD_RETURN_WAIT;
	}
	return CMD_RETURN_NORMAL;
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
	/* a change on rows waits for the cluster of the rows on screen (none: the first page's) */
	const struct cmd_wait *resumed = cmd_resumed;
	const char *why = NULL;
	struct page *pg = app_page(app, 0);
	struct cluster *wc = e->flags & CMD_ON_ROWS && page_cluster(pg) != NULL ? page_cluster(pg) : cur;
	cmd_resumed = NULL;
	if (e->flags & CMD_ON_ROWS)
		r = cmd_ready_change(&a, pg, wc, resumed, &why);
	else if (e->flags & CMD_NEEDS_CLUSTER)
		r = cmd_ready(&a, cur);
	if (r == CMD_RETURN_NORMAL && (e->flags & CMD_ON_ROWS) && resumed != NULL &&
	    cmd_refind(&a, resumed) != 0)
		return -1;
	if (r == CMD_RETURN_NORMAL) {
		if (e->flags & CMD_CLEARS_STACK) {
			/* a first page the user chose: a first page still waiting gives way to it */
			cmd_set_pending(NULL);
			app_clear_stack(app);
		}
		r = e->exec(&a);
	}
	if (r == CMD_RETURN_WAIT && (e->flags & CMD_ON_ROWS)) {
		cmd_wait_add(line, a.wait != NULL ? a.wait : wc, e, pg, resumed);
		if (a.wait != NULL)
			app_flash(app, 0, "%s waits for %s to connect ... (Esc cancels)", e->name, a.wait->context);
		else if (why != NULL && strcmp(why, "permission") == 0)
			app_flash(app, 0, "%s waits for the server to say whether you may %s ... (Esc cancels)",
			    e->name, perm_need(e->action).verb);
		else
			app_flash(app, 0, "%s waits for the first rows ... (Esc cancels)", e->name);
		return 0;
	}
	if (r == CMD_RETURN_WAIT) {
		/* a first page waiting gives way to the one asked now, and so does a change:
		 * another screen is asked for */
		char was[128] = "";
		for (size_t i = 0; resumed == NULL && i < cmd_nwaits; i++)
			if (cmd_waits[i].change) {
				snprintf(was, sizeof was, "%s is cancelled; ", cmd_waits[i].line);
				cmd_wait_remove(i);
				break;
			}
		for (size_t i = cmd_nwaits; i-- > 0;)
			if (!cmd_waits[i].change)
				cmd_wait_remove(i);
		cmd_wait_add(line, NULL, 0, NULL, NULL);
		if (a.wait != NULL)
			app_flash(app, 0, "%sconnecting to %s ...", was, a.wait->context);
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

/* Whether a change whose cluster is ready still waits: for the server's answer on its
 * permission, or for the first rows of the page that came after it was asked. */
static int
cmd_change_waits(struct app *app, const struct cmd_wait *w)
{
	struct page *pg = app_page(app, 0);
	return (w->act != ACT_NONE && perm_pending(pg, w->act)) || (w->pg == NULL && cmd_listing(pg));
}

static void
cmd_run_pending(struct app *app)
{
	struct cluster *cur = app_current_cluster(app);
	/* in order, each once: what runs may wait again (a change, for its permission) */
	struct cmd_wait w[CMD_MAX_WAITS];
	size_t n = cmd_nwaits;
	memcpy(w, cmd_waits, sizeof w);
	memset(cmd_waits, 0, sizeof cmd_waits);
	cmd_nwaits = 0;
	for (size_t i = 0; i < n; i++) {
		struct cluster *c = w[i].c != NULL ? w[i].c : cur;
		/* a ready cluster being discovered again (a type asked for that it did not know)
		 * answers the pending line when discovery does */
		if (c == NULL || c->state == CLUSTER_CONNECTING || c->refreshing ||
		    (w[i].change && c->state == CLUSTER_READY && cmd_change_waits(app, &w[i]))) {
			if (cmd_nwaits < CMD_MAX_WAITS) {
				cmd_waits[cmd_nwaits++] = w[i];
				continue;
			}
		} else {
			cmd_resumed = &w[i];
			cmd_run(app, w[i].line);
			cmd_resumed = NULL;   /* cmd_run took it */
		}
		cmd_wait_clear(&w[i]);
	}
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
	for (size_t i = 0; c->state == CLUSTER_FAILED && i < cmd_nwaits; i++)
		if (cmd_waits[i].c == c || (cmd_waits[i].c == NULL && c == app_current_cluster(app))) {
			app_flash(app, 1, "%s: %s", c->context, c->err.msg);
			break;
		}
	cmd_watch_namespaces(app);
	cmd_run_pending(app);
}

/* What a waiting change was last looked at after: the news (cmd_news) and the status of
 * the page on top (a list says "listing ..." until its first rows, whichever way they
 * come), and how many times it was looked at. */
static struct {
	unsigned long news, seen, looks;
	char status[256];
} cmd_woke;

void
cmd_news(void)
{
	cmd_woke.news++;
}

unsigned long
cmd_wake_looks(void)
{
	return cmd_woke.looks;
}

void
cmd_wake(struct app *app)
{
	struct page *pg = app_page(app, 0);
	char st[sizeof cmd_woke.status] = "";
	size_t i = 0;
	while (i < cmd_nwaits && !cmd_waits[i].change)
		i++;
	if (i == cmd_nwaits)
		return;
	/* its page's rows are not copied again until something it waits for can have changed */
	if (pg != NULL && pg->ops->status != NULL)
		pg->ops->status(pg, st, sizeof st);
	if (cmd_woke.seen == cmd_woke.news && strcmp(cmd_woke.status, st) == 0)
		return;
	cmd_woke.seen = cmd_woke.news;
	memcpy(cmd_woke.status, st, sizeof st);
	cmd_woke.looks++;
	cmd_run_pending(app);
}

int
cmd_cancel_change(struct app *app, int first_page)
{
	for (size_t i = 0; i < cmd_nwaits; i++) {
		if (!cmd_waits[i].change || (first_page && cmd_waits[i].pg == NULL))
			continue;
		app_flash(app, 0, "%s is cancelled: it waited for %s", cmd_waits[i].line,
		    cmd_waits[i].c != NULL ? cmd_waits[i].c->context : "its cluster");
		cmd_wait_remove(i);
		return 1;
	}
	return 0;
}

int
cmd_change_key(struct app *app, struct page *pg, enum action act)
{
	const struct cmd_entry *e = NULL;
	for (int i = 0; e == NULL && cmd_table[i] != NULL; i++)
		if (act != ACT_NONE && cmd_table[i]->action == act && (cmd_table[i]->flags & CMD_ON_ROWS))
			e = cmd_table[i];
	/* a page that lists no rows (a history, a rollout) has its own ways with the key */
	if (e == NULL || (pg != NULL && pg->ops->targets == NULL))
		return 0;
	struct cluster *c = page_cluster(pg) != NULL ? page_cluster(pg) : app_current_cluster(app);
	if (c == NULL || c->readonly ||
	    (c->state != CLUSTER_CONNECTING && !(c->state == CLUSTER_READY && perm_pending(pg, act))))
		return 0;
	cmd_run(app, e->name);
	return 1;
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
