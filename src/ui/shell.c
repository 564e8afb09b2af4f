/* The shell pane and `kdeck --exec`; see shell.h. */
#define _POSIX_C_SOURCE 200809L
#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "config.h"
#include "kube/api.h"
#include "kube/debug.h"
#include "kube/exec.h"
#include "kube/http.h"
#include "kube/kubeconfig.h"
#include "kube/record.h"
#include "kube/ws.h"
#include "log.h"
#include "loop.h"
#include "opts.h"
#include "ui/widget/keymap.h"
#include "ui/widget/screen.h"
#include "ui/session.h"
#include "ui/shell.h"
#include "ui/widget/term.h"
#include "util/base64.h"
#include "util/proc.h"
#include "util/xmalloc.h"

enum pane_mode { PANE_LIVE, PANE_PREFIX, PANE_SCROLL, PANE_SEARCH };

struct shellpane {
	int prefix;
	const struct keymap *km;     /* its shell-prefix: section: the keys after the prefix */
	enum pane_mode mode, back;   /* back: the mode a search prompt returns to */
	char search[256];
	size_t searchlen;
	char last_search[256];
	char flash[256];
	uint64_t flash_until;
	int in_paste;
	int had_line;
	int debug_key;               /* the keymap's debug key when the owner offers it, else -1 */
};

int
shell_parse_prefix(const char *s)
{
	if (s == NULL)
		return -1;
	const char *k = NULL;
	if (strncmp(s, "C-", 2) == 0 || strncmp(s, "c-", 2) == 0)
		k = s + 2;
	else if (strncmp(s, "ctrl-", 5) == 0 || strncmp(s, "Ctrl-", 5) == 0)
		k = s + 5;
	else if (s[0] == '^')
		k = s + 1;
	if (k == NULL || k[0] == '\0' || k[1] != '\0')
		return -1;
	int c = (unsigned char)k[0];
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 1;
	if (c >= '@' && c <= '_')
		return c - '@';
	return -1;
}

struct shellpane *
shellpane_new(const char *prefix, const struct keymap *km)
{
	struct shellpane *p = xcalloc(1, sizeof(*p));
	p->prefix = shell_parse_prefix(prefix);
	if (p->prefix < 0)
		p->prefix = 0x1d;   /* Ctrl-] as telnet: free in tmux, screen, shells and vi */
	p->km = km;
	p->debug_key = -1;
	return p;
}

void
shellpane_offer_debug(struct shellpane *p)
{
	p->debug_key = keymap_key_for_in(p->km, KEYMAP_KEYS, ACT_DEBUG);
}

void
shellpane_free(struct shellpane **pp)
{
	free(*pp);
	*pp = NULL;
}

int
shellpane_prefix(const struct shellpane *p)
{
	return p->prefix;
}

void
shellpane_flash(struct shellpane *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->flash, sizeof(p->flash), fmt, ap);
	va_end(ap);
	p->flash_until = loop_now_ms() + 4000;
}

static void
shellpane_copy(struct shellpane *p, struct session *s)
{
	char *text = term_copy_text(session_term(s));
	size_t n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		text[--n] = '\0';
	char *b64 = base64_encode(text, n);
	/* OSC 52 reaches the local clipboard through SSH; tmux passes it on with
	 * set-clipboard on (its default is "external", which takes it from us) */
	printf("\033]52;c;%s\a", b64);
	fflush(stdout);
	shellpane_flash(p, "copied %zu bytes to the clipboard (OSC 52)", n);
	free(b64);
	free(text);
}

static void
shellpane_do_search(struct shellpane *p, struct session *s, int dir)
{
	if (p->last_search[0] == '\0')
		return;
	if (!term_search(session_term(s), p->last_search, dir))
		shellpane_flash(p, "\"%s\" not found", p->last_search);
}

/* Keys in scroll-back mode. */
static enum shell_verdict
shellpane_scroll_key(struct shellpane *p, struct session *s, uint32_t ch, int fn)
{
	struct term *t = session_term(s);
	int rows, cols;
	term_size(t, &rows, &cols);
	if (fn) {
		switch (ch) {
		case KEY_UP: term_scroll(t, 1); break;
		case KEY_DOWN: term_scroll(t, -1); break;
		case KEY_PPAGE: term_scroll(t, rows - 1); break;
		case KEY_NPAGE: term_scroll(t, -(rows - 1)); break;
		case KEY_HOME: term_scroll(t, 1 << 30); break;
		case KEY_END: term_scroll(t, -(1 << 30)); break;
		default: break;
		}
		return SHELL_STAY;
	}
	switch (ch) {
	case 'k': term_scroll(t, 1); break;
	case 'j': term_scroll(t, -1); break;
	case 'b': case 2: term_scroll(t, rows - 1); break;
	case ' ': case 'f': case 6: term_scroll(t, -(rows - 1)); break;
	case 'g': term_scroll(t, 1 << 30); break;
	case 'G': term_scroll(t, -(1 << 30)); break;
	case '/': case '?':
		p->back = PANE_SCROLL;
		p->mode = PANE_SEARCH;
		p->searchlen = 0;
		p->search[0] = '\0';
		break;
	case 'n': shellpane_do_search(p, s, -1); break;
	case 'N': shellpane_do_search(p, s, 1); break;
	case 'y': shellpane_copy(p, s); break;
	case 'q': case 27: case '\r':
		term_scroll(t, -(1 << 30));
		p->mode = PANE_LIVE;
		break;
	default:
		break;
	}
	return SHELL_STAY;
}

static void
shellpane_search_key(struct shellpane *p, struct session *s, uint32_t ch, int fn)
{
	if (!fn && (ch == '\r' || ch == '\n')) {
		snprintf(p->last_search, sizeof(p->last_search), "%s", p->search);
		p->mode = PANE_SCROLL;
		shellpane_do_search(p, s, -1);
		return;
	}
	if (!fn && (ch == 27 || ch == 3)) {
		p->mode = p->back;
		return;
	}
	if ((fn && ch == KEY_BACKSPACE) || (!fn && (ch == 127 || ch == 8))) {
		while (p->searchlen > 0 && ((unsigned char)p->search[p->searchlen - 1] & 0xc0) == 0x80)
			p->searchlen--;
		if (p->searchlen > 0)
			p->searchlen--;
		p->search[p->searchlen] = '\0';
		return;
	}
	if (fn || ch < 32 || p->searchlen + 5 >= sizeof(p->search))
		return;
	char u[5];
	int n = 0;
	if (ch < 0x80) u[n++] = (char)ch;
	else if (ch < 0x800) { u[n++] = (char)(0xc0 | ch >> 6); u[n++] = (char)(0x80 | (ch & 0x3f)); }
	else if (ch < 0x10000) { u[n++] = (char)(0xe0 | ch >> 12); u[n++] = (char)(0x80 | ((ch >> 6) & 0x3f));
		u[n++] = (char)(0x80 | (ch & 0x3f)); }
	else { u[n++] = (char)(0xf0 | ch >> 18); u[n++] = (char)(0x80 | ((ch >> 12) & 0x3f));
		u[n++] = (char)(0x80 | ((ch >> 6) & 0x3f)); u[n++] = (char)(0x80 | (ch & 0x3f)); }
	memcpy(p->search + p->searchlen, u, (size_t)n);
	p->searchlen += (size_t)n;
	p->search[p->searchlen] = '\0';
}

enum shell_verdict
shellpane_key(struct shellpane *p, struct session *s, uint32_t ch, int fn)
{
	if (fn && (ch == SHELL_KEY_PASTE_BEGIN || ch == SHELL_KEY_PASTE_END)) {
		p->in_paste = ch == SHELL_KEY_PASTE_BEGIN;
		if (p->mode == PANE_LIVE && session_state(s) == SESSION_RUNNING)
			session_paste(s, p->in_paste);
		return SHELL_STAY;
	}
	switch (p->mode) {
	case PANE_SEARCH:
		shellpane_search_key(p, s, ch, fn);
		return SHELL_STAY;
	case PANE_SCROLL:
		return shellpane_scroll_key(p, s, ch, fn);
	case PANE_PREFIX:
		p->mode = PANE_LIVE;
		if (!fn && (int)ch == p->prefix) {
			session_key(s, ch, 0);
			return SHELL_STAY;
		}
		switch (keymap_lookup_in(p->km, KEYMAP_SHELL_PREFIX, fn ? KEYMAP_FN + (int)ch : (int)ch)) {
		case ACT_SHELL_LEAVE: return SHELL_LEAVE;
		case ACT_SHELL_END: return SHELL_END;
		case ACT_SHELL_NEXT: return SHELL_NEXT;
		case ACT_SHELL_PREV: return SHELL_PREV;
		case ACT_SHELL_LIST: return SHELL_LIST;
		case ACT_SHELL_SCROLL:
			p->mode = PANE_SCROLL;
			return SHELL_STAY;
		case ACT_SHELL_SEARCH:
			p->back = PANE_SCROLL;
			p->mode = PANE_SEARCH;
			p->searchlen = 0;
			p->search[0] = '\0';
			return SHELL_STAY;
		case ACT_SHELL_COPY: shellpane_copy(p, s); return SHELL_STAY;
		case ACT_SHELL_RECONNECT: session_reconnect(s); return SHELL_STAY;
		case ACT_SHELL_RECORD: {
			char msg[600];
			session_toggle_record(s, msg, sizeof(msg));
			shellpane_flash(p, "%s", msg);
			return SHELL_STAY;
		}
		default:
			return SHELL_STAY;
		}
	case PANE_LIVE:
		break;
	}
	if (!fn && (int)ch == p->prefix && !p->in_paste) {
		p->mode = PANE_PREFIX;
		return SHELL_STAY;
	}
	enum session_state st = session_state(s);
	if (st == SESSION_EXITED || st == SESSION_FAILED || st == SESSION_DROPPED) {
		if (!fn && p->debug_key >= 0 && (int)ch == p->debug_key && session_no_shell(s))
			return SHELL_DEBUG;
		if (!fn && ch == 'r')
			session_reconnect(s);
		else if (!fn && (ch == 'q' || ch == '\r'))
			return SHELL_LEAVE;
		return SHELL_STAY;
	}
	if (st == SESSION_RUNNING)
		session_key(s, ch, fn);
	return SHELL_STAY;
}

/* " ctrl-]: d leave  x end ...  ctrl-] send it ", from the keymap's shell-prefix: section. */
static void
shellpane_prefix_line(const struct shellpane *p, char *line, size_t len)
{
	char pk[32];
	size_t l;
	keymap_key_name(p->prefix, pk, sizeof pk);
	snprintf(line, len, " %s:", pk);
	for (int a = ACT_SHELL_LEAVE; a <= ACT_SHELL_RECORD; a++) {
		int k = keymap_key_for_in(p->km, KEYMAP_SHELL_PREFIX, a);
		char name[32];
		if (k < 0)
			continue;
		keymap_key_name(k, name, sizeof name);
		l = strlen(line);
		snprintf(line + l, len - l, " %s %s ", name, action_info(a)->hint);
	}
	l = strlen(line);
	snprintf(line + l, len - l, " %s send it ", pk);
}

/* "POD has no shell (...): press D for a debug container   q leave" */
static void
shellpane_no_shell_line(const struct shellpane *p, struct session *s, char *line, size_t len)
{
	char k[32];
	if (p->debug_key >= 0) {
		keymap_key_name(p->debug_key, k, sizeof k);
		snprintf(line, len, " %s: press %s for a debug container   q leave ", session_message(s), k);
	} else {
		snprintf(line, len, " %s: kdeck --exec %s/%s --debug adds a debug container   q leave ",
		    session_message(s), session_ns(s), session_pod(s));
	}
}

int
shellpane_draw(struct shellpane *p, struct session *s, int y, int x, int rows, int cols, int full)
{
	struct term *t = session_term(s);
	int trows, tcols;
	term_size(t, &trows, &tcols);
	if (trows != rows || tcols != cols) {
		session_resize(s, rows, cols);
		full = 1;
	}
	if (p->had_line)   /* the status line covered the last row: draw it again */
		full = 1;
	int cursor = term_draw(t, y, x, full);
	int cy, cx;
	getyx(stdscr, cy, cx);
	char line[600] = "";
	enum session_state st = session_state(s);
	char status[512];
	session_status(s, status, sizeof(status));
	int error = 0;
	if (p->mode == PANE_SEARCH)
		snprintf(line, sizeof(line), "search: %s", p->search);
	else if (p->flash[0] && loop_now_ms() < p->flash_until)
		snprintf(line, sizeof(line), " %s ", p->flash);
	else if (st == SESSION_EXITED)
		snprintf(line, sizeof(line), " %s: exited with code %d   r reconnect  q leave ", session_title(s),
		    session_exit_code(s)), error = session_exit_code(s) != 0;
	else if (st == SESSION_DROPPED)
		snprintf(line, sizeof(line), " %s: %s   r reconnect  q leave ", session_title(s), status), error = 1;
	else if (st == SESSION_FAILED && session_no_shell(s))
		shellpane_no_shell_line(p, s, line, sizeof line), error = 1;
	else if (st == SESSION_FAILED)
		snprintf(line, sizeof(line), " %s: %s   r retry  q leave ", session_title(s), session_message(s)), error = 1;
	else if (st == SESSION_CONNECTING)
		snprintf(line, sizeof(line), " connecting to %s ... ", session_title(s));
	else if (p->mode == PANE_PREFIX)
		shellpane_prefix_line(p, line, sizeof line);
	else if (p->mode == PANE_SCROLL)
		snprintf(line, sizeof(line), " scrollback %d/%zu lines   / search  n/N next/prev  y copy  q back ",
		    term_scrolled(t), term_scrollback_lines(t));
	if (p->flash[0] && loop_now_ms() >= p->flash_until)
		p->flash[0] = '\0';
	if (line[0]) {
		/* over the last row; the terminal redraws it when the line goes */
		screen_fill(y + rows - 1, x, cols, screen_attr(error ? THEME_ERROR : THEME_FLASH));
		screen_put(y + rows - 1, x, cols, line, screen_attr(error ? THEME_ERROR : THEME_FLASH) | A_REVERSE, 1);
		p->had_line = 1;
		if (p->mode == PANE_SEARCH) {
			move(y + rows - 1, x + screen_width(line) < x + cols ? x + screen_width(line) : x + cols - 1);
			return 1;
		}
		return 0;
	}
	p->had_line = 0;
	move(cy, cx);
	return cursor && st == SESSION_RUNNING && p->mode == PANE_LIVE;
}

void
shell_keys_init(void)
{
	define_key("\033[200~", SHELL_KEY_PASTE_BEGIN);
	define_key("\033[201~", SHELL_KEY_PASTE_END);
	printf("\033[?2004h");
	fflush(stdout);
}

void
shell_keys_done(void)
{
	printf("\033[?2004l");
	fflush(stdout);
}

/* ---- kdeck --exec ---- */

struct shell_run {
	struct loop *loop;
	struct session *s;
	struct shellpane *p;
	struct loop_timer *frame;
	uint64_t last_draw;
	int full, quit, status, empty_reads;
	int command;   /* a command after --: kdeck ends with it, as kubectl exec does */
};

static void
shell_run_draw(struct shell_run *r)
{
	int full = r->full;
	r->full = 0;
	if (full)
		erase();
	int cursor = shellpane_draw(r->p, r->s, 0, 0, LINES, COLS, full);
	curs_set(cursor ? 1 : 0);
	refresh();
	r->last_draw = loop_now_ms();
}

static void
shell_run_frame(void *arg)
{
	struct shell_run *r = arg;
	r->frame = NULL;
	shell_run_draw(r);
}

/* Draws at most every 8 ms: a keystroke's echo goes out at once, a flood of output is
 * drawn ~120 times a second whatever its rate. */
static void
shell_run_changed(struct session *s, void *arg)
{
	struct shell_run *r = arg;
	enum session_state st = session_state(s);
	if (r->command && (st == SESSION_EXITED || st == SESSION_FAILED || st == SESSION_DROPPED)) {
		r->quit = 1;
		loop_quit(r->loop);
		return;
	}
	if (r->frame != NULL)
		return;
	uint64_t now = loop_now_ms(), next = r->last_draw + 8;
	r->frame = loop_timer_add(r->loop, next > now ? next - now : 0, shell_run_frame, r);
}

static void
shell_run_key(struct shell_run *r, uint32_t ch, int fn)
{
	enum shell_verdict v = shellpane_key(r->p, r->s, ch, fn);
	if (v == SHELL_LEAVE || v == SHELL_END) {
		r->quit = 1;
		loop_quit(r->loop);
		return;
	}
	if (v == SHELL_NEXT || v == SHELL_PREV || v == SHELL_LIST || v == SHELL_DEBUG)
		shellpane_flash(r->p, "one session here; the browser (kdeck) holds several");
	shell_run_changed(r->s, r);
}

static void
shell_run_tty(int fd, int events, void *arg)
{
	struct shell_run *r = arg;
	(void)events;
	wint_t wc;
	int rc, got = 0;
	while ((rc = get_wch(&wc)) != ERR) {
		got = 1;
		if (rc == KEY_CODE_YES && wc == KEY_RESIZE)
			continue;
		shell_run_key(r, (uint32_t)wc, rc == KEY_CODE_YES);
		if (r->quit)
			return;
	}
	if (got) {
		r->empty_reads = 0;
		return;
	}
	int avail = 0;
	if (ioctl(fd, FIONREAD, &avail) < 0 || avail == 0) {
		if (++r->empty_reads >= 3) {   /* the terminal went away */
			r->status = 1;
			r->quit = 1;
			loop_quit(r->loop);
		}
	}
}

static void
shell_run_signal(int sig, void *arg)
{
	struct shell_run *r = arg;
	if (sig == SIGWINCH) {
		struct winsize ws;
		if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
			resize_term(ws.ws_row, ws.ws_col);
		session_resize(r->s, LINES, COLS);
		r->full = 1;
		shell_run_draw(r);
		return;
	}
	if (sig == SIGTSTP || sig == SIGCONT) {
		if (sig == SIGTSTP)   /* from outside: Ctrl-Z is the remote shell's */
			screen_stop();
		else
			screen_resume();
		r->full = 1;
		shell_run_changed(r->s, r);
		return;
	}
	r->status = proc_exit_status(sig);
	r->quit = 1;
	loop_quit(r->loop);
}

static const char *const shell_default_argv[] = {
	"sh", "-c", "command -v bash >/dev/null && exec bash || exec sh", NULL,
};

/* Before the screen opens: which container (the pod's default when none was named) or a
 * new debug container. Runs the loop until the answer is in. Returns 0 or -1 with err. */
struct shell_prep {
	int done;
	char *container;
	struct kd_err err;
};

static void
shell_prep_pod(struct api_call *c, const struct api_result *res, void *arg)
{
	(void)c;
	struct shell_prep *p = arg;
	p->done = 1;
	if (res->err.code != KD_OK) {
		p->err = res->err;
		return;
	}
	p->container = exec_default_container(res->raw, res->raw_len);
	if (p->container == NULL)
		kd_err_set(&p->err, KD_ERR_INVALID, "the pod has no containers");
}

static void
shell_prep_debug(const char *name, const struct kd_err *err, void *arg)
{
	struct shell_prep *p = arg;
	p->done = 1;
	if (name != NULL)
		p->container = xstrdup(name);
	else
		p->err = *err;
}

static int
shell_prepare(struct loop *l, struct kconn *conn, const char *ns, const char *pod,
    const struct kd_opts *opts, char **container, struct kd_err *err)
{
	struct http *h = http_new(l, conn, err);
	if (h == NULL)
		return -1;
	struct api *a = api_new(h, conn->context, conn);
	struct shell_prep p = { 0 };
	struct debug *d = NULL;
	if (opts->exec_debug) {
		fprintf(stderr, "kdeck: adding a debug container (%s) to %s/%s ...\n", config_debug_image(), ns, pod);
		d = debug_start(a, ns, pod, opts->exec_container, config_debug_image(), shell_prep_debug, &p);
	} else {
		struct api_ref ref = { .resource = "pods", .ns = ns, .name = pod };
		api_get(a, &ref, shell_prep_pod, &p);
	}
	while (!p.done)
		loop_run_once(l, 200);
	debug_free(&d);
	api_free(&a);
	http_free(&h);
	if (p.container == NULL) {
		*err = p.err;
		return -1;
	}
	*container = p.container;
	return 0;
}

int
shell_run(const struct kd_opts *opts)
{
	int command = opts->exec_argv != NULL && opts->exec_argv[0] != NULL;
	int piped = !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO);
	if (piped && !command) {
		fprintf(stderr, "kdeck: --exec without a command needs a terminal (kdeck --exec POD -- CMD runs one without)\n");
		return 1;
	}
	struct kd_err err = { 0 };
	struct kcfg *cfg = kcfg_load(opts->kubeconfig, &err);
	if (cfg == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		return 1;
	}
	struct kconn *conn = kcfg_resolve(cfg, opts->context, &err);
	if (conn == NULL) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		kcfg_free(&cfg);
		return 1;
	}
	char *ns, *pod;
	const char *slash = strchr(opts->exec_target, '/');
	if (slash != NULL) {
		ns = xstrndup(opts->exec_target, (size_t)(slash - opts->exec_target));
		pod = xstrdup(slash + 1);
	} else {
		ns = xstrdup(opts->namespace ? opts->namespace : conn->namespace);
		pod = xstrdup(opts->exec_target);
	}
	struct loop *loop = loop_new();
	char *container = NULL;
	if ((opts->exec_container == NULL || opts->exec_debug) &&
	    shell_prepare(loop, conn, ns, pod, opts, &container, &err) != 0) {
		fprintf(stderr, "kdeck: %s/%s: %s\n", ns, pod, err.msg);
		loop_free(&loop);
		free(ns);
		free(pod);
		kconn_free(&conn);
		kcfg_free(&cfg);
		return 1;
	}
	if (piped) {
		int rc = shell_pipe_run(loop, conn, ns, pod, container ? container : opts->exec_container,
		    (const char *const *)opts->exec_argv);
		loop_free(&loop);
		free(container);
		free(ns);
		free(pod);
		kconn_free(&conn);
		kcfg_free(&cfg);
		return rc;
	}
	const char *tname = opts->theme ? opts->theme : "dark";
	struct theme *theme = theme_load(config_search_path("themes"), tname, &err);
	if (theme == NULL)
		theme = theme_builtin("dark");
	/* the keys after the prefix; a broken keymap file is the browser's to report */
	struct keymap *km = keymap_load(config_search_path("keymaps"), opts->keymap ? opts->keymap : "default", &err);
	if (km == NULL)
		km = keymap_builtin();
	signal(SIGPIPE, SIG_IGN);
	if (screen_open(theme, tname) != 0) {
		fprintf(stderr, "kdeck: cannot start the screen (TERM=%s)\n", getenv("TERM") ? getenv("TERM") : "");
		theme_free(&theme);
		keymap_free(&km);
		loop_free(&loop);
		free(container);
		free(ns);
		free(pod);
		kconn_free(&conn);
		kcfg_free(&cfg);
		return 1;
	}
	shell_keys_init();
	struct shell_run r = { .loop = loop, .full = 1, .command = command };
	r.p = shellpane_new(config_shell_prefix_key(), km);
	struct session_opts so = {
		.conn = conn, .context = conn->context, .ns = ns, .pod = pod,
		.container = container ? container : opts->exec_container, .attach = opts->exec_debug,
		.argv = opts->exec_argv && opts->exec_argv[0] ? (const char *const *)opts->exec_argv : shell_default_argv,
		.record = config_record() || opts->record, .record_path = opts->record_file,
		.shell = !command,
	};
	r.s = session_new(r.loop, &so, LINES, COLS, shell_run_changed, &r);
	loop_signal(r.loop, SIGWINCH, shell_run_signal, &r);
	loop_signal(r.loop, SIGHUP, shell_run_signal, &r);
	loop_signal(r.loop, SIGTERM, shell_run_signal, &r);
	loop_signal(r.loop, SIGINT, shell_run_signal, &r);   /* from outside: Ctrl-C is the remote shell's */
	loop_signal(r.loop, SIGCONT, shell_run_signal, &r);
	loop_signal(r.loop, SIGTSTP, shell_run_signal, &r);
	struct loop_fd *tty = loop_fd_add(r.loop, STDIN_FILENO, LOOP_IN, shell_run_tty, &r);
	shell_run_draw(&r);
	if (!r.command || session_state(r.s) != SESSION_FAILED)   /* it may fail before the loop */
		loop_run(r.loop);
	if (r.status == 0 && session_state(r.s) == SESSION_EXITED)
		r.status = session_exit_code(r.s);
	else if (r.status == 0 && session_state(r.s) != SESSION_RUNNING)
		r.status = 1;
	char *text = r.command && session_state(r.s) == SESSION_EXITED ? term_copy_text(session_term(r.s)) : NULL;
	shell_keys_done();
	screen_close();
	if (text != NULL && text[strspn(text, "\n")] != '\0') {   /* the command's output stays */
		size_t n = strlen(text);
		while (n > 0 && text[n - 1] == '\n')
			n--;
		printf("%.*s\n", (int)n, text);
		fflush(stdout);
	}
	free(text);
	const char *rec = session_record_path(r.s);
	char status[512];
	session_status(r.s, status, sizeof(status));
	fprintf(stderr, "kdeck: %s: %s%s%s\n", session_title(r.s), status, rec ? "; recorded to " : "",
	    rec ? rec : "");
	loop_timer_cancel(r.loop, &r.frame);
	loop_fd_del(r.loop, &tty);
	session_free(&r.s);
	shellpane_free(&r.p);
	ws_shutdown();
	loop_free(&r.loop);
	theme_free(&theme);
	keymap_free(&km);
	free(container);
	free(ns);
	free(pod);
	kconn_free(&conn);
	kcfg_free(&cfg);
	return r.status;
}

int
shell_replay(const char *path)
{
	struct kd_err err = { 0 };
	const char *speed = getenv("KDECK_REPLAY_SPEED");
	if (record_play(path, STDOUT_FILENO, speed ? atof(speed) : 1.0, 2000, &err) != 0) {
		fprintf(stderr, "kdeck: %s\n", err.msg);
		return 1;
	}
	return 0;
}
