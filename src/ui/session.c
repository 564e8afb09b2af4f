/* Shell sessions; see session.h. */
#define _POSIX_C_SOURCE 200809L
#include "ui/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/api.h"
#include "kube/audit.h"
#include "kube/exec.h"
#include "kube/kubeconfig.h"
#include "kube/record.h"
#include "log.h"
#include "ops/task.h"
#include "ui/widget/term.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

struct session {
	struct loop *loop;
	struct kconn *conn;
	char *context, *ns, *pod, *container, *title, *record_path_opt, *protocols;
	char **argv;
	int attach, shell, typed, no_shell;
	struct exec *x;
	struct term *t;
	struct record *rec;
	int rows, cols;
	enum session_state state;
	int exit_code;
	char message[600];
	char protocol[64];
	unsigned long long bytes;
	void (*changed)(struct session *s, void *arg);
	void *arg;
	struct task *task;            /* its place in the registry of tasks */
};

static int session_live(void *obj);

/* Sessions are the registry's "shell" tasks (ops/task.h): the list is its, in order. */
static const struct task_ops session_task = { "shell", session_live };

static void
session_changed(struct session *s)
{
	if (s->changed != NULL)
		s->changed(s, s->arg);
}

static void
session_term_output(const char *buf, size_t len, void *arg)
{
	struct session *s = arg;
	if (s->x != NULL && s->state == SESSION_RUNNING) {
		s->typed = 1;
		exec_write(s->x, buf, len);
	}
}

/* OSC 52 from the program: pass it on to the outer terminal (through SSH and tmux). */
static void
session_term_clipboard(const char *b64, size_t len, void *arg)
{
	(void)arg;
	printf("\033]52;c;%.*s\a", (int)len, b64);
	fflush(stdout);
}

static void
session_term_damage(void *arg)
{
	session_changed(arg);
}

static const struct term_cbs session_term_cbs = {
	.output = session_term_output,
	.clipboard = session_term_clipboard,
	.damage = session_term_damage,
};

static void
session_on_open(struct exec *x, const char *protocol, void *arg)
{
	(void)x;
	struct session *s = arg;
	s->state = SESSION_RUNNING;
	snprintf(s->protocol, sizeof(s->protocol), "%s", protocol);
	session_changed(s);
}

static void
session_on_output(struct exec *x, int ch, const unsigned char *buf, size_t len, void *arg)
{
	(void)x;
	(void)ch;
	struct session *s = arg;
	s->bytes += len;
	term_write(s->t, (const char *)buf, len);
	if (s->rec != NULL)
		record_output(s->rec, (const char *)buf, len);
}

static void
session_on_end(struct exec *x, const struct exec_end *end, void *arg)
{
	(void)x;
	struct session *s = arg;
	switch (end->how) {
	case EXEC_EXITED:
		s->state = SESSION_EXITED;
		s->exit_code = end->exit_code;
		snprintf(s->message, sizeof(s->message), "exited with code %d", end->exit_code);
		break;
	case EXEC_DROPPED:
		s->state = SESSION_DROPPED;
		snprintf(s->message, sizeof(s->message), "connection lost: %s", end->err.msg);
		break;
	default:
		s->state = SESSION_FAILED;
		snprintf(s->message, sizeof(s->message), "%s", end->err.msg);
		break;
	}
	s->no_shell = s->shell && ((s->state == SESSION_FAILED && (strstr(end->err.msg, "not found in $PATH") != NULL ||
	    strstr(end->err.msg, "\"sh\": stat") != NULL)) || (s->state == SESSION_EXITED && !s->typed &&
	    (end->exit_code == 126 || end->exit_code == 127)));
	if (s->no_shell) {
		log_info("shell %s: %s", s->title, s->state == SESSION_FAILED ? end->err.msg : s->message);
		s->state = SESSION_FAILED;
		snprintf(s->message, sizeof(s->message), "%s has no shell (sh, bash not found in the image)", s->pod);
	}
	log_info("audit: shell %s ended: %s", s->title, s->message);
	if (s->state != SESSION_EXITED) {
		/* the whole sentence in the pane, wrapped; the status line may cut it */
		char *line = xasprintf("\r\n\033[1m[kdeck] %s\033[m\r\n", s->message);
		term_write(s->t, line, strlen(line));
		free(line);
	}
	session_changed(s);
}

static const struct exec_cbs session_exec_cbs = { session_on_open, session_on_output, session_on_end };

static void
session_connect(struct session *s)
{
	struct exec_opts o = {
		.ns = s->ns, .pod = s->pod, .container = s->container,
		.argv = (const char *const *)s->argv, .attach = s->attach, .tty = 1, .in = 1,
		.protocols = s->protocols,
	};
	struct kd_err err = { 0 };
	s->state = SESSION_CONNECTING;
	s->message[0] = '\0';
	s->typed = s->no_shell = 0;
	s->x = exec_new(s->loop, s->conn, &o, &session_exec_cbs, s, &err);
	if (s->x == NULL) {
		s->state = SESSION_FAILED;
		snprintf(s->message, sizeof(s->message), "%s", err.msg);
		return;
	}
	exec_resize(s->x, s->cols, s->rows);
}

static void
session_start_record(struct session *s, const char *path)
{
	struct kd_err err = { 0 };
	s->rec = record_new(path, s->cols, s->rows, s->title, &err);
	if (s->rec == NULL) {
		log_warn("recording %s: %s", s->title, err.msg);
		snprintf(s->message, sizeof(s->message), "not recording: %s", err.msg);
	}
}

/* The journal's line for the session: what runs where (the command, the container). */
static void
session_journal(struct session *s)
{
	struct sbuf d = { 0 };
	sbuf_str(&d, s->container ? s->container : "");
	for (size_t i = 0; s->argv != NULL && s->argv[i] != NULL; i++) {
		sbuf_str(&d, i == 0 ? ": " : " ");
		sbuf_str(&d, s->argv[i]);
	}
	if (s->rec != NULL) {
		sbuf_str(&d, d.len ? "; recorded to " : "recorded to ");
		sbuf_str(&d, record_path(s->rec));
	}
	struct api_ref ref = { .resource = "pods", .ns = s->ns, .name = s->pod,
		.subresource = s->attach ? "attach" : "exec" };
	audit_session(s->context, s->conn, s->attach ? "attach" : "exec", &ref, d.s ? d.s : "");
	free(d.s);
}

struct session *
session_new(struct loop *l, const struct session_opts *o, int rows, int cols,
    void (*changed)(struct session *s, void *arg), void *arg)
{
	struct session *s = xcalloc(1, sizeof(*s));
	s->loop = l;
	s->conn = o->conn;
	s->context = xstrdup(o->context ? o->context : "");
	s->ns = xstrdup(o->ns);
	s->pod = xstrdup(o->pod);
	s->container = o->container ? xstrdup(o->container) : NULL;
	s->attach = o->attach;
	s->shell = o->shell && !o->attach;
	s->protocols = o->protocols ? xstrdup(o->protocols) : NULL;
	if (o->argv != NULL) {
		size_t n = 0;
		while (o->argv[n] != NULL)
			n++;
		s->argv = xcalloc(n + 1, sizeof(char *));
		for (size_t i = 0; i < n; i++)
			s->argv[i] = xstrdup(o->argv[i]);
	}
	s->title = xasprintf("%s/%s%s%s", s->ns, s->pod, s->container ? "/" : "",
	    s->container ? s->container : "");
	s->rows = rows;
	s->cols = cols;
	s->changed = changed;
	s->arg = arg;
	s->t = term_new(rows, cols, 0, &session_term_cbs, s);
	if (o->record)
		session_start_record(s, o->record_path);
	log_info("audit: shell %s context %s user %s%s%s", s->title, s->context,
	    s->conn && s->conn->user ? s->conn->user : "?", s->rec ? " recorded to " : "",
	    s->rec ? record_path(s->rec) : "");
	session_journal(s);
	s->task = task_add(&session_task, s, s->context, s->title);
	session_connect(s);
	return s;
}

void
session_free(struct session **sp)
{
	struct session *s = *sp;
	if (s == NULL)
		return;
	*sp = NULL;
	task_remove(&s->task);
	exec_free(&s->x);
	term_free(&s->t);
	record_free(&s->rec);
	if (s->argv != NULL)
		for (size_t i = 0; s->argv[i] != NULL; i++)
			free(s->argv[i]);
	free(s->argv);
	free(s->context);
	free(s->ns);
	free(s->pod);
	free(s->container);
	free(s->title);
	free(s->protocols);
	free(s->record_path_opt);
	free(s);
}

void
session_key(struct session *s, uint32_t ch, int fn)
{
	if (term_scrolled(s->t))
		term_scroll(s->t, -term_scrolled(s->t));   /* typing returns to the live screen */
	term_key(s->t, ch, fn);
}

void
session_paste(struct session *s, int begin)
{
	if (begin)
		term_paste_begin(s->t);
	else
		term_paste_end(s->t);
}

void
session_resize(struct session *s, int rows, int cols)
{
	if (rows == s->rows && cols == s->cols)
		return;
	s->rows = rows;
	s->cols = cols;
	term_resize(s->t, rows, cols);
	if (s->x != NULL)
		exec_resize(s->x, cols, rows);
	if (s->rec != NULL)
		record_resize(s->rec, cols, rows);
}

void
session_reconnect(struct session *s)
{
	if (s->state == SESSION_RUNNING || s->state == SESSION_CONNECTING)
		return;
	exec_free(&s->x);
	log_info("audit: shell %s reconnecting", s->title);
	session_journal(s);   /* a new exec: a line of its own */
	term_write(s->t, "\r\n", 2);
	session_connect(s);
	session_changed(s);
}

int
session_toggle_record(struct session *s, char *msg, size_t msglen)
{
	if (s->rec != NULL) {
		snprintf(msg, msglen, "recording stopped: %s", record_path(s->rec));
		log_info("audit: shell %s recording stopped: %s", s->title, record_path(s->rec));
		record_free(&s->rec);
		return 0;
	}
	session_start_record(s, NULL);
	if (s->rec == NULL) {
		snprintf(msg, msglen, "%s", s->message);
		return 0;
	}
	log_info("audit: shell %s recorded to %s", s->title, record_path(s->rec));
	snprintf(msg, msglen, "recording to %s", record_path(s->rec));
	return 1;
}

enum session_state session_state(const struct session *s) { return s->state; }
int session_exit_code(const struct session *s) { return s->exit_code; }
const char *session_message(const struct session *s) { return s->message; }
const char *session_title(const struct session *s) { return s->title; }
const char *session_ns(const struct session *s) { return s->ns; }
const char *session_pod(const struct session *s) { return s->pod; }
const char *session_container(const struct session *s) { return s->container; }
int session_no_shell(const struct session *s) { return s->no_shell; }
const char *session_context(const struct session *s) { return s->context; }
const char *session_protocol(const struct session *s) { return s->protocol; }
struct term *session_term(struct session *s) { return s->t; }
unsigned long long session_bytes(const struct session *s) { return s->bytes; }

const char *
session_record_path(const struct session *s)
{
	return s->rec ? record_path(s->rec) : NULL;
}

void
session_status(const struct session *s, char *buf, size_t len)
{
	switch (s->state) {
	case SESSION_CONNECTING:
		snprintf(buf, len, "connecting ...");
		break;
	case SESSION_RUNNING:
		snprintf(buf, len, "running (%s)%s", s->protocol[0] ? s->protocol : "no subprotocol",
		    s->rec ? " recording" : "");
		break;
	case SESSION_EXITED:
		snprintf(buf, len, "exited with code %d", s->exit_code);
		break;
	case SESSION_DROPPED:
		snprintf(buf, len, "%s", s->message);
		break;
	case SESSION_FAILED:
		snprintf(buf, len, "failed: %s", s->message);
		break;
	}
}

size_t
session_count(void)
{
	return task_count(session_task.kind);
}

struct session *
session_at(size_t i)
{
	struct task *t = task_at(session_task.kind, i);
	return t != NULL ? task_object(t) : NULL;
}

static int
session_live(void *obj)
{
	enum session_state st = ((struct session *)obj)->state;
	return st == SESSION_CONNECTING || st == SESSION_RUNNING;
}
