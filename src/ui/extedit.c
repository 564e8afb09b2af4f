/* The external editor; see extedit.h. */
#define _GNU_SOURCE
#include "ui/extedit.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "kube/cluster.h"
#include "kube/discovery.h"
#include "log.h"
#include "loop.h"
#include "ops/editobj.h"
#include "ui/editsave.h"
#include "ui/page/page.h"
#include "util/file.h"
#include "util/proc.h"
#include "util/recovery.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

#define EXTEDIT_POLL_MS 50   /* how often the editor's exit is looked for */

enum extedit_state { EXT_LOADING, EXT_EDITING, EXT_SAVING };

/* The one external edit: the terminal is one. */
static struct extedit {
	struct app *app;
	enum extedit_state state;
	struct api_call *load;
	struct editobj *o;
	char *dir, *path;         /* the private folder and the file in it */
	char *what;               /* "deployments.apps/front" */
	char *saved;              /* the stripped text last handed to the save flow */
	size_t savedlen;
	pid_t pid;
	int failfd;               /* reads the child's errno when its exec failed */
	int exec_errno;
	char *editor;             /* the setting, for messages */
	struct loop_timer *timer;
} *ext;

/* ---- the edit's life ---- */

static void
ext_free(void)
{
	struct extedit *e = ext;
	if (e == NULL)
		return;
	ext = NULL;
	if (e->app != NULL)
		loop_timer_cancel(app_loop(e->app), &e->timer);
	editobj_load_cancel(&e->load);
	if (e->state == EXT_SAVING && e->o != NULL)
		editsave_cancel(e->app, e->o);
	if (e->path != NULL)
		unlink(e->path);
	if (e->dir != NULL)
		rmdir(e->dir);
	if (e->failfd >= 0)
		close(e->failfd);
	editobj_free(&e->o);
	free(e->dir);
	free(e->path);
	free(e->what);
	free(e->saved);
	free(e->editor);
	free(e);
}

/* Writes the file (kubectl's header, the reasons, text): 0, or -1 with the flash. */
static int
ext_write(struct extedit *e, const char *sentence, const char *const *reasons, size_t nreasons,
    const char *text, size_t len)
{
	size_t n;
	char *body = extedit_file_text(sentence, reasons, nreasons, text, len, &n);
	int rc = file_write_private(e->path, body, n);
	int err = errno;
	free(body);
	if (rc != 0)
		app_flash(e->app, 1, "cannot write %s: %s", e->path, strerror(err));
	return rc;
}

static void ext_on_poll(void *arg);

/* Runs the editor on the file with the terminal lent to it: 0, or -1 with the flash. */
static int
ext_run(struct extedit *e)
{
	int failp[2];
	if (pipe2(failp, O_CLOEXEC) != 0) {
		app_flash(e->app, 1, "cannot start the editor: %s", strerror(errno));
		return -1;
	}
	char **argv = extedit_argv(e->editor, e->path);
	app_terminal_lend(e->app);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		/* the child: async-signal-safe calls only */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		static const int dfl[] = { SIGPIPE, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU,
			SIGHUP, SIGTERM, SIGWINCH, SIGCHLD };
		for (size_t i = 0; i < sizeof dfl / sizeof dfl[0]; i++)
			signal(dfl[i], SIG_DFL);
		close(failp[0]);
		if (failp[1] != 3) {
			if (dup2(failp[1], 3) < 0)
				_exit(127);
			close(failp[1]);
		}
		fcntl(3, F_SETFD, FD_CLOEXEC);
		proc_child_close_fds_from(4);
		execvp(argv[0], argv);
		int err = errno;
		ssize_t w = write(3, &err, sizeof err);
		(void)w;
		_exit(127);
	}
	int err = errno;
	close(failp[1]);
	extedit_argv_free(&argv);
	if (pid < 0) {
		close(failp[0]);
		app_terminal_back(e->app);
		app_flash(e->app, 1, "cannot start the editor: %s", strerror(err));
		return -1;
	}
	proc_child_add(pid);
	log_info("edit-external: %s runs on %s (pid %d)", e->editor, e->path, (int)pid);
	fcntl(failp[0], F_SETFL, fcntl(failp[0], F_GETFL) | O_NONBLOCK);
	e->pid = pid;
	e->failfd = failp[0];
	e->exec_errno = 0;
	e->state = EXT_EDITING;
	e->timer = loop_timer_add(app_loop(e->app), EXTEDIT_POLL_MS, ext_on_poll, e);
	return 0;
}

static void ext_saved(struct app *app, const struct editsave_result *r, void *arg);

/* The text (n bytes) into the recovery folder, as the embedded editor's journal keeps its
 * own: 0, or -1 (logged). */
static int
ext_keep(struct extedit *e, const char *text, size_t n)
{
	if (e->o == NULL || e->o->res == NULL || extedit_blank(text, n))
		return -1;
	struct recovery_meta m = {
		.context = e->o->cluster->context, .group = e->o->res->group,
		.version = e->o->res->version, .resource = e->o->res->resource,
		.namespace_ = e->o->ns, .name = e->o->name,
		.resource_version = e->o->resource_version, .saved = time(NULL),
	};
	struct kd_err err = { 0 };
	if (recovery_save(NULL, &m, text, n, &err) != 0) {
		log_warn("%s", err.msg);
		return -1;
	}
	return 0;
}

/* The editor exited 0: the file read back and saved, or the edit cancelled. */
static void
ext_after_edit(struct extedit *e)
{
	size_t len = 0, n = 0;
	char *raw = file_read(e->path, SIZE_MAX, &len);
	if (raw == NULL) {
		app_flash(e->app, 1, "cannot read %s back: %s", e->path, strerror(errno));
		ext_free();
		return;
	}
	char *text = extedit_strip_header(raw, len, &n);
	free(raw);
	if (extedit_blank(text, n)) {
		free(text);
		app_flash(e->app, 0, "Edit cancelled, saved file was empty.");
		ext_free();
		return;
	}
	if (n == e->o->len && memcmp(text, e->o->text, n) == 0) {
		free(text);
		app_flash(e->app, 0, "Edit cancelled, no changes made.");
		ext_free();
		return;
	}
	if (e->saved != NULL && n == e->savedlen && memcmp(text, e->saved, n) == 0) {
		/* reopened with the reasons and left as it was: as kubectl, nothing more is
		 * tried, and the text is kept where :recover finds it */
		int kept = ext_keep(e, text, n) == 0;
		free(text);
		app_flash(e->app, 1, "Edit cancelled, no valid changes were saved.%s",
		    kept ? " The text is kept: :recover" : "");
		ext_free();
		return;
	}
	free(e->saved);
	e->saved = text;
	e->savedlen = n;
	e->state = EXT_SAVING;
	editsave_start(e->app, e->o, e->saved, e->savedlen, ext_saved, e);
}

static void
ext_on_poll(void *arg)
{
	struct extedit *e = arg;
	e->timer = NULL;
	if (e->failfd >= 0) {
		int err = 0;
		ssize_t k = read(e->failfd, &err, sizeof err);
		if (k == (ssize_t)sizeof err)
			e->exec_errno = err;
		if (k >= 0 || errno != EAGAIN) {   /* an errno, or the exec closed it */
			close(e->failfd);
			e->failfd = -1;
		}
	}
	int st = 0;
	pid_t w;
	do
		w = waitpid(e->pid, &st, WNOHANG);
	while (w < 0 && errno == EINTR);
	if (w == 0) {
		e->timer = loop_timer_add(app_loop(e->app), EXTEDIT_POLL_MS, ext_on_poll, e);
		return;
	}
	proc_child_remove(e->pid);
	log_info("edit-external: the editor %d ended (status %#x, exec errno %d)", (int)e->pid, st,
	    e->exec_errno);
	e->pid = 0;
	app_terminal_back(e->app);
	if (e->exec_errno != 0) {
		app_flash(e->app, 1, "cannot run the editor \"%s\": %s (set KUBE_EDITOR or EDITOR)",
		    e->editor, strerror(e->exec_errno));
		ext_free();
		return;
	}
	if (w < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		/* as kubectl: the edit is not saved */
		app_flash(e->app, 1, "there was a problem with the editor \"%s\" (%s %d): nothing saved",
		    e->editor, w > 0 && WIFSIGNALED(st) ? "signal" : "exit status",
		    w > 0 && WIFSIGNALED(st) ? WTERMSIG(st) : w > 0 ? WEXITSTATUS(st) : -1);
		ext_free();
		return;
	}
	ext_after_edit(e);
}

/* The save flow's answer. */
static void
ext_saved(struct app *app, const struct editsave_result *r, void *arg)
{
	struct extedit *e = arg;
	if (e != ext)
		return;
	switch (r->outcome) {
	case EDITSAVE_APPLIED:
	case EDITSAVE_UNCHANGED:
	case EDITSAVE_CANCELLED:
		if (r->sentence != NULL)
			app_flash(app, 0, "%s", r->sentence);
		ext_free();
		return;
	case EDITSAVE_RETEXT:
		/* the merged text, against the server's newer object, edited again */
		if (ext_write(e, r->sentence, NULL, 0, r->text, r->len) != 0 || ext_run(e) != 0)
			ext_free();
		return;
	case EDITSAVE_REFUSED:
	case EDITSAVE_FAILED: {
		/* as kubectl: the file again, the reasons at its top */
		char **reasons = xcalloc(r->nmarks + 1, sizeof *reasons);
		size_t header = extedit_header_lines();
		/* the header, the sentence, the reasons and the closing "#" come before the text */
		size_t shift = header + (r->sentence != NULL) + r->nmarks + 1;
		for (size_t i = 0; i < r->nmarks; i++) {
			const struct editsave_mark *m = &r->marks[i];
			if (m->line > 0)
				reasons[i] = xasprintf("%s (line %zu)", m->msg, (size_t)m->line + shift);
			else
				reasons[i] = xstrdup(m->msg);
		}
		int rc = ext_write(e, r->sentence != NULL ? r->sentence : "The edit was not saved:",
		    (const char *const *)reasons, r->nmarks, e->saved, e->savedlen);
		for (size_t i = 0; i < r->nmarks; i++)
			free(reasons[i]);
		free(reasons);
		if (rc != 0 || ext_run(e) != 0)
			ext_free();
		return;
	}
	}
}

static void
ext_loaded(struct editobj *o, const struct kd_err *err, void *arg)
{
	struct extedit *e = arg;
	e->load = NULL;
	if (o == NULL) {
		app_flash(e->app, 1, "cannot edit %s: %s", e->what, err != NULL ? err->msg : "no object");
		ext_free();
		return;
	}
	e->o = o;
	char tmpl[] = "kdeck-edit-XXXXXX";
	const char *tmp = getenv("TMPDIR");
	char *d = xasprintf("%s/%s", tmp != NULL && *tmp ? tmp : "/tmp", tmpl);
	if (mkdtemp(d) == NULL) {   /* 0700 */
		app_flash(e->app, 1, "cannot make a folder for the edit in %s: %s",
		    tmp != NULL && *tmp ? tmp : "/tmp", strerror(errno));
		free(d);
		ext_free();
		return;
	}
	e->dir = d;
	/* a name that says what it is, in the editor's title */
	char base[200];
	snprintf(base, sizeof base, "%s%s%s.yaml", o->ns[0] ? o->ns : "", o->ns[0] ? "-" : "",
	    o->name != NULL ? o->name : "object");
	for (char *p = base; *p; p++)
		if (*p == '/')
			*p = '_';
	e->path = xasprintf("%s/%s", e->dir, base);
	if (ext_write(e, NULL, NULL, 0, o->text, o->len) != 0 || ext_run(e) != 0)
		ext_free();
}

int
extedit_open(struct app *app, struct page *pg, struct cluster *c, const struct kres *res,
    const char *ns, const char *name)
{
	char why[256];
	if (ext != NULL) {
		app_flash(app, 1, "an external edit of %s is open already", ext->what);
		return -1;
	}
	if (!app_allowed(app, pg, ACT_EDIT_EXTERNAL, why, sizeof why) || (c->readonly &&
	    snprintf(why, sizeof why, "read-only (context %s)", c->context) > 0)) {
		app_flash(app, 1, "edit-external is disabled: %s", why);
		return -1;
	}
	if (res->group[0] == '\0' && strcmp(res->resource, "secrets") == 0) {
		app_flash(app, 1, "E does not edit Secrets: their values would be written decoded to a "
		    "file; e edits them in kdeck");
		return -1;
	}
	struct extedit *e = xcalloc(1, sizeof *e);
	e->app = app;
	e->failfd = -1;
	e->state = EXT_LOADING;
	e->editor = xstrdup(extedit_editor());
	e->what = xasprintf("%s%s%s/%s", res->resource, res->group[0] ? "." : "", res->group, name);
	ext = e;
	app_flash(app, 0, "loading %s for %s ...", e->what, e->editor);
	log_info("edit-external: loading %s for %s", e->what, e->editor);
	e->load = editobj_load(c, res, ns, name, ext_loaded, e);
	return 0;
}

void
extedit_shutdown(void)
{
	struct extedit *e = ext;
	if (e == NULL)
		return;
	/* what the file holds is kept where :recover finds it */
	if (e->state != EXT_LOADING && e->path != NULL && e->o != NULL && e->o->res != NULL) {
		size_t len = 0, n = 0;
		char *raw = file_read(e->path, SIZE_MAX, &len);
		if (raw != NULL) {
			char *text = extedit_strip_header(raw, len, &n);
			(void)ext_keep(e, text, n);
			free(text);
			free(raw);
		}
	}
	if (e->pid > 0) {
		/* still editing its file: the file stays (the editor gets SIGTERM as kdeck ends) */
		log_info("the external editor still edits %s", e->path);
		free(e->path);
		e->path = NULL;
		free(e->dir);
		e->dir = NULL;
	}
	ext_free();
}
