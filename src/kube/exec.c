/* Exec and attach sessions over the channel protocol; see exec.h. */
#define _POSIX_C_SOURCE 200809L
#include "kube/exec.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kube/api.h"
#include "kube/kubeconfig.h"
#include "kube/ws.h"
#include "log.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

struct exec {
	struct loop *loop;
	struct kconn *conn;
	struct exec_cbs cbs;
	void *arg;
	char *path;
	char *protocols;
	struct ws *ws;
	int open, v5, ended, retried;
	char protocol[64];
	int cols, rows;          /* the size to send (0: none yet) */
	int sent_cols, sent_rows;
	int got_status;
	struct exec_end end;
};

char *
exec_path(const struct exec_opts *o)
{
	struct sbuf q = { 0 };
	if (!o->attach && o->argv != NULL)
		for (size_t i = 0; o->argv[i] != NULL; i++)
			api_query_add(&q, "command", o->argv[i]);
	if (o->container != NULL && *o->container)
		api_query_add(&q, "container", o->container);
	api_query_add(&q, "stdin", o->in ? "true" : "false");
	api_query_add(&q, "stdout", "true");
	api_query_add(&q, "stderr", o->tty ? "false" : "true");
	api_query_add(&q, "tty", o->tty ? "true" : "false");
	struct api_ref ref = { .resource = "pods", .ns = o->ns, .name = o->pod,
		.subresource = o->attach ? "attach" : "exec" };
	char *p = api_path(&ref, q.s);
	free(q.s);
	return p;
}

unsigned char *
exec_frame(int channel, const void *data, size_t len, size_t *outlen)
{
	unsigned char *b = xmalloc(len + 1);
	b[0] = (unsigned char)channel;
	if (len > 0)
		memcpy(b + 1, data, len);
	*outlen = len + 1;
	return b;
}

int
exec_resize_json(char *buf, size_t len, int cols, int rows)
{
	return snprintf(buf, len, "{\"Width\":%d,\"Height\":%d}", cols, rows);
}

char *
exec_default_container(const char *pod_json, size_t len)
{
	cJSON *pod = cJSON_ParseWithLength(pod_json, len);
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(pod, "spec");
	cJSON *cs = cJSON_GetObjectItemCaseSensitive(spec, "containers"), *c;
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod, "metadata"),
	    "annotations");
	const char *want = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ann,
	    "kubectl.kubernetes.io/default-container"));
	char *out = NULL;
	cJSON_ArrayForEach(c, cs) {
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "name"));
		if (name == NULL)
			continue;
		if (out == NULL)
			out = xstrdup(name);
		if (want != NULL && strcmp(want, name) == 0) {
			free(out);
			out = xstrdup(name);
			break;
		}
	}
	cJSON_Delete(pod);
	return out;
}

void
exec_status_parse(const char *buf, size_t len, struct exec_end *end)
{
	memset(end, 0, sizeof(*end));
	cJSON *st = cJSON_ParseWithLength(buf, len);
	if (st == NULL || !cJSON_IsObject(st)) {
		/* not a Status: its text as the reason, without control bytes (they would reach
		 * the terminal) and never an empty sentence */
		char text[401];
		size_t n = len > 400 ? 400 : len, k = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];
			text[k++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
		}
		while (k > 0 && text[k - 1] == ' ')
			k--;
		text[k] = '\0';
		const char *t = text + strspn(text, " ");
		end->how = EXEC_FAILED;
		kd_err_set(&end->err, KD_ERR_INTERNAL, "%s", *t != '\0' ? t :
		    "the server reported an error it did not explain");
		cJSON_Delete(st);
		return;
	}
	const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(st, "status"));
	const char *reason = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(st, "reason"));
	const char *message = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(st, "message"));
	if (status != NULL && strcmp(status, "Success") == 0) {
		end->how = EXEC_EXITED;
		end->exit_code = 0;
		cJSON_Delete(st);
		return;
	}
	if (reason != NULL && strcmp(reason, "NonZeroExitCode") == 0) {
		cJSON *details = cJSON_GetObjectItemCaseSensitive(st, "details");
		cJSON *causes = cJSON_GetObjectItemCaseSensitive(details, "causes"), *c;
		cJSON_ArrayForEach(c, causes) {
			const char *r = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "reason"));
			const char *m = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "message"));
			char *e;
			if (r != NULL && strcmp(r, "ExitCode") == 0 && m != NULL) {
				long n = strtol(m, &e, 10);
				if (e != m && *e == '\0') {
					end->how = EXEC_EXITED;
					end->exit_code = (int)n;
					cJSON_Delete(st);
					return;
				}
			}
		}
	}
	end->how = EXEC_FAILED;
	/* the API server's stream translator wraps kubelet errors once more */
	static const char wrap[] = "Internal error occurred: ";
	while (message != NULL && strncmp(message, wrap, sizeof(wrap) - 1) == 0 &&
	    message[sizeof(wrap) - 1] != '\0')
		message += sizeof(wrap) - 1;
	kd_err_set(&end->err, KD_ERR_INTERNAL, "%s", message && *message ? message
	    : "the command failed and the server gave no reason");
	cJSON_Delete(st);
}

static void exec_connect(struct exec *x);

static void
exec_send(struct exec *x, int channel, const void *data, size_t len)
{
	size_t n;
	unsigned char *f = exec_frame(channel, data, len, &n);
	ws_send(x->ws, f, n);
	free(f);
}

static void
exec_send_size(struct exec *x)
{
	if (!x->open || x->cols <= 0 || x->rows <= 0 ||
	    (x->cols == x->sent_cols && x->rows == x->sent_rows))
		return;
	char j[64];
	int n = exec_resize_json(j, sizeof(j), x->cols, x->rows);
	exec_send(x, EXEC_RESIZE, j, (size_t)n);
	x->sent_cols = x->cols;
	x->sent_rows = x->rows;
}

static void
exec_on_open(struct ws *w, const char *protocol, void *arg)
{
	(void)w;
	struct exec *x = arg;
	x->open = 1;
	snprintf(x->protocol, sizeof(x->protocol), "%s", protocol);
	x->v5 = strcmp(protocol, "v5.channel.k8s.io") == 0;
	log_info("exec: %s open (%s)", x->path, protocol[0] ? protocol : "no subprotocol");
	exec_send_size(x);
	if (x->cbs.on_open != NULL)
		x->cbs.on_open(x, protocol, x->arg);
}

static void
exec_finish(struct exec *x, const struct exec_end *end)
{
	if (x->ended)
		return;
	x->ended = 1;
	x->end = *end;
	if (x->cbs.on_end != NULL)
		x->cbs.on_end(x, end, x->arg);
}

static void
exec_on_message(struct ws *w, const unsigned char *buf, size_t len, void *arg)
{
	(void)w;
	struct exec *x = arg;
	if (len == 0 || x->ended)
		return;
	switch (buf[0]) {
	case EXEC_STDOUT:
	case EXEC_STDERR:
		if (len > 1 && x->cbs.on_output != NULL)
			x->cbs.on_output(x, buf[0], buf + 1, len - 1, x->arg);
		break;
	case EXEC_ERROR:
		if (len > 1) {
			/* the Status arrives before the close; report it when the socket ends so
			 * the last output is in first */
			exec_status_parse((const char *)buf + 1, len - 1, &x->end);
			x->got_status = 1;
		}
		break;
	default:
		break;   /* 4 from the server or unknown channels: ignored, as client-go does */
	}
}

static void
exec_on_close(struct ws *w, const struct kd_err *err, void *arg)
{
	(void)w;
	struct exec *x = arg;
	if (!x->open && err->http_status == 401 && !x->retried && x->conn->auth != NULL) {
		x->retried = 1;
		kauth_invalidate(x->conn->auth);
		ws_free(&x->ws);
		exec_connect(x);
		return;
	}
	struct exec_end end = { 0 };
	if (x->got_status) {
		end = x->end;
	} else if (!x->open) {
		end.how = EXEC_FAILED;
		end.err = *err;
	} else {
		end.how = EXEC_DROPPED;
		if (err->code != KD_OK)
			end.err = *err;
		else
			kd_err_set(&end.err, KD_ERR_UNAVAILABLE, "the connection closed without an exit status");
	}
	exec_finish(x, &end);
}

static const struct ws_cbs exec_ws_cbs = { exec_on_open, exec_on_message, exec_on_close };

static void
exec_connect(struct exec *x)
{
	struct ws_opts wo = { .path = x->path, .protocols = x->protocols };
	struct kd_err err = { 0 };
	x->ws = ws_open(x->loop, x->conn, &wo, &exec_ws_cbs, x, &err);
	if (x->ws == NULL) {
		struct exec_end end = { .how = EXEC_FAILED, .err = err };
		exec_finish(x, &end);
	}
}

struct exec *
exec_new(struct loop *l, struct kconn *conn, const struct exec_opts *o, const struct exec_cbs *cbs,
    void *arg, struct kd_err *err)
{
	struct exec *x = xcalloc(1, sizeof(*x));
	x->loop = l;
	x->conn = conn;
	x->cbs = *cbs;
	x->arg = arg;
	x->path = exec_path(o);
	x->protocols = xstrdup(o->protocols ? o->protocols : EXEC_PROTOCOLS);
	struct ws_opts wo = { .path = x->path, .protocols = x->protocols };
	x->ws = ws_open(l, conn, &wo, &exec_ws_cbs, x, err);
	if (x->ws == NULL) {
		exec_free(&x);
		return NULL;
	}
	return x;
}

struct exec *
exec_new_detached(const struct exec_cbs *cbs, void *arg)
{
	struct exec *x = xcalloc(1, sizeof(*x));
	x->cbs = *cbs;
	x->arg = arg;
	return x;
}

void
exec_feed(struct exec *x, const unsigned char *buf, size_t len)
{
	exec_on_message(x->ws, buf, len, x);
}

const struct exec_end *
exec_status_seen(const struct exec *x)
{
	return x->got_status ? &x->end : NULL;
}

void
exec_free(struct exec **xp)
{
	struct exec *x = *xp;
	if (x == NULL)
		return;
	*xp = NULL;
	ws_free(&x->ws);
	free(x->path);
	free(x->protocols);
	free(x);
}

int
exec_write(struct exec *x, const void *buf, size_t len)
{
	if (x->ws == NULL || x->ended)
		return -1;
	/* large pastes go in pieces so a resize or Ctrl-C is not stuck behind them */
	const unsigned char *p = buf;
	while (len > 0) {
		size_t n = len > 32768 ? 32768 : len;
		size_t fl;
		unsigned char *f = exec_frame(EXEC_STDIN, p, n, &fl);
		int rc = ws_send(x->ws, f, fl);
		free(f);
		if (rc != 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

void
exec_resize(struct exec *x, int cols, int rows)
{
	x->cols = cols;
	x->rows = rows;
	if (x->ws != NULL && !x->ended)
		exec_send_size(x);
}

int
exec_close_stdin(struct exec *x)
{
	if (!x->open || !x->v5 || x->ended)
		return -1;
	unsigned char m[2] = { EXEC_CLOSE, EXEC_STDIN };
	return ws_send(x->ws, m, 2);
}

int
exec_is_open(const struct exec *x)
{
	return x->open && !x->ended;
}

const char *
exec_protocol(const struct exec *x)
{
	return x->protocol;
}

size_t
exec_pending(struct exec *x)
{
	return x->ws ? ws_pending(x->ws) : 0;
}
