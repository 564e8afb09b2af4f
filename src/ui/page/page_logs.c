/* The log view; see page_logs.h. */
#define _GNU_SOURCE
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "config.h"
#include "kube/logs.h"
#include "model/logring.h"
#include "loop.h"
#include "kube/cluster.h"
#include "ui/page/page_choice.h"
#include "ui/page/page_logs.h"
#include "ui/widget/screen.h"
#include "util/file.h"
#include "util/xmalloc.h"

#define LV_MAX_BYTES (256u << 20)

static const long lv_tails[] = { 100, 1000, 10000, -1 };
static const long lv_sinces[] = { 0, 60, 300, 900, 3600, 21600, 86400 };

struct lvsrc {
	char *pod, *container, *label;
	struct logs *l;
	struct page_logs *lv;
	int index;
};

struct page_logs {
	struct page base;
	struct cluster *c;
	char *ns, *title;
	struct lvsrc *src;
	size_t n;
	char **containers;          /* one pod's containers (c picks), else NULL */
	size_t ncontainers;
	char *pod;                  /* the pod when the view is of one pod */
	struct logring *ring;
	int follow, wrap, ts, previous, prefix;
	int tail_i, since_i;
	uint64_t top;               /* paused: the absolute index of the first line shown */
	/* several streams: lines wait a moment and go into the ring in time order, so the
	 * backlogs that arrive one stream after the other come out interleaved */
	struct lvstage *stage;
	size_t nstage, capstage, seq;
	struct loop_timer *flush;
	uint64_t connected_at;
	int rows;                   /* of the last draw */
	char search[256];
	/* where "/" started: following, it looks back from the bottom (the newest match);
	 * paused, forward from the top line */
	uint64_t search_at;
	int search_back;
};

struct lvstage {
	char ts[40];
	char *text;
	size_t len, seq;
	int source;
};

#define LV_STAGE_MAX 100000   /* lines that may wait before they go in at once */

static void lv_connect(struct page_logs *lv);

/* RFC 3339 times with a fraction of any length (servers drop trailing zeros): the
 * seconds as text, then the fraction as nanoseconds. */
static int
lv_ts_cmp(const char *a, const char *b)
{
	/* "YYYY-MM-DDTHH:MM:SS" is 19 characters; the fraction, if any, follows */
	size_t la = strlen(a) >= 19 ? 19 : strlen(a), lb = strlen(b) >= 19 ? 19 : strlen(b);
	int c = strncmp(a, b, la < lb ? lb : la);
	if (c != 0)
		return c;
	long fa = 0, fb = 0;
	const char *p;
	int n;
	for (p = a + la, n = 0, p += *p == '.'; n < 9; n++)
		fa = fa * 10 + (*p >= '0' && *p <= '9' ? *p++ - '0' : 0);
	for (p = b + lb, n = 0, p += *p == '.'; n < 9; n++)
		fb = fb * 10 + (*p >= '0' && *p <= '9' ? *p++ - '0' : 0);
	return fa < fb ? -1 : fa > fb;
}

static int
lv_stage_cmp(const void *a, const void *b)
{
	const struct lvstage *x = a, *y = b;
	int c = lv_ts_cmp(x->ts, y->ts);
	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
lv_flush(void *arg)
{
	struct page_logs *lv = arg;
	lv->flush = NULL;
	qsort(lv->stage, lv->nstage, sizeof *lv->stage, lv_stage_cmp);
	for (size_t i = 0; i < lv->nstage; i++) {
		logring_push(lv->ring, lv->stage[i].ts, lv->stage[i].text, lv->stage[i].len, lv->stage[i].source);
		free(lv->stage[i].text);
	}
	lv->nstage = 0;
	app_dirty(lv->base.app);
}

static void
lv_stage_drop(struct page_logs *lv)
{
	loop_timer_cancel(app_loop(lv->base.app), &lv->flush);
	for (size_t i = 0; i < lv->nstage; i++)
		free(lv->stage[i].text);
	lv->nstage = 0;
}

static void
lv_on_line(const char *ts, const char *text, size_t len, int source, void *arg)
{
	struct lvsrc *s = arg;
	struct page_logs *lv = s->lv;
	if (lv->n <= 1) {
		logring_push(lv->ring, ts, text, len, source);
		app_dirty(lv->base.app);
		return;
	}
	if (lv->nstage == lv->capstage) {
		lv->capstage = lv->capstage ? lv->capstage * 2 : 256;
		lv->stage = xreallocarray(lv->stage, lv->capstage, sizeof *lv->stage);
	}
	struct lvstage *st = &lv->stage[lv->nstage++];
	snprintf(st->ts, sizeof st->ts, "%s", ts ? ts : "");
	st->text = xstrndup(text, len);
	st->len = len;
	st->source = source;
	st->seq = lv->seq++;
	if (lv->nstage >= LV_STAGE_MAX) {
		loop_timer_cancel(app_loop(lv->base.app), &lv->flush);
		lv_flush(lv);
	} else if (lv->flush == NULL) {
		/* the first second: wait for every backlog; then a short wait for live lines */
		int first = loop_now_ms() - lv->connected_at < 1000;
		lv->flush = loop_timer_add(app_loop(lv->base.app), first ? 500 : 100, lv_flush, lv);
	}
}

static void
lv_on_state(enum logs_state st, const struct kd_err *err, void *arg)
{
	struct lvsrc *s = arg;
	struct page_logs *lv = s->lv;
	if (st == LOGS_FAILED && err != NULL) {
		if (err->code == KD_ERR_FORBIDDEN)
			app_flash(lv->base.app, 1, "reading logs is not allowed for you in %s (it needs get on pods/log): %s",
			    lv->ns, err->msg);
		else
			app_flash(lv->base.app, 1, "%s%s%s: %s", s->pod, s->container ? "/" : "",
			    s->container ? s->container : "", err->msg);
	} else if (st == LOGS_ENDED && err != NULL && err->msg[0])
		app_flash(lv->base.app, 0, "%s%s%s ended: %s", s->pod, s->container ? "/" : "",
		    s->container ? s->container : "", err->msg);
	app_dirty(lv->base.app);
}

static const struct logs_cbs lv_cbs = { lv_on_line, lv_on_state };

static void
lv_disconnect(struct page_logs *lv)
{
	for (size_t i = 0; i < lv->n; i++)
		logs_free(&lv->src[i].l);
	lv_stage_drop(lv);
}

static void
lv_connect(struct page_logs *lv)
{
	lv_disconnect(lv);
	logring_clear(lv->ring);
	lv->follow = 1;
	lv->connected_at = loop_now_ms();
	for (size_t i = 0; i < lv->n; i++) {
		struct logs_opts o = {
			.ns = lv->ns, .pod = lv->src[i].pod, .container = lv->src[i].container,
			.follow = !lv->previous, .previous = lv->previous,
			.tail_lines = lv_tails[lv->tail_i], .since_seconds = lv_sinces[lv->since_i],
			.source = (int)i,
		};
		lv->src[i].l = logs_new(lv->c->http, &o, &lv_cbs, &lv->src[i]);
	}
}

static void
lv_set_sources(struct page_logs *lv, const struct logsrc *srcs, size_t n)
{
	lv_disconnect(lv);
	for (size_t i = 0; i < lv->n; i++) {
		free(lv->src[i].pod);
		free(lv->src[i].container);
		free(lv->src[i].label);
	}
	free(lv->src);
	lv->src = xcalloc(n ? n : 1, sizeof *lv->src);
	lv->n = n;
	int multipod = 0;
	for (size_t i = 1; i < n; i++)
		multipod |= strcmp(srcs[i].pod, srcs[0].pod) != 0;
	for (size_t i = 0; i < n; i++) {
		struct lvsrc *s = &lv->src[i];
		s->pod = xstrdup(srcs[i].pod);
		s->container = srcs[i].container ? xstrdup(srcs[i].container) : NULL;
		s->lv = lv;
		s->index = (int)i;
		if (multipod)
			s->label = xasprintf("%s", s->pod);
		else
			s->label = xstrdup(s->container ? s->container : s->pod);
	}
	lv->prefix = n > 1;
}

/* ---- drawing ---- */

/* Lays out one line from row y (rows [y, ymax) drawn when draw): the prefix, the time, the
 * text with matches highlighted; wrapped at w or cut. Returns the rows it takes. */
static int
lv_line(struct page_logs *lv, const struct logline *ll, int y, int ymax, int w, int draw)
{
	char head[400] = "";
	size_t headlen = 0, prelen = 0;
	if (lv->prefix && (size_t)ll->source < lv->n) {
		headlen = (size_t)snprintf(head, sizeof head, "%s ", lv->src[ll->source].label);
		prelen = headlen;
	}
	if (lv->ts && ll->ts[0] && headlen < sizeof head)
		headlen += (size_t)snprintf(head + headlen, sizeof head - headlen, "%s ", ll->ts);
	if (headlen >= sizeof head)
		headlen = sizeof head - 1;
	size_t total = headlen + ll->len;
	const char *q = lv->search;
	size_t qlen = strlen(q);
	attr_t pre_a = screen_source_attr((size_t)ll->source);
	attr_t ts_a = screen_attr(THEME_LOG_TIMESTAMP), tx_a = screen_attr(THEME_DEFAULT),
	    hi_a = screen_attr(THEME_SEARCH_MATCH);
	int row = 0, col = 0;
	size_t hl_end = 0;
	for (size_t i = 0; i < total;) {
		const char *p = i < headlen ? head + i : ll->text + (i - headlen);
		size_t left = i < headlen ? headlen - i : total - i;
		if (i >= headlen && qlen > 0 && i >= hl_end && (size_t)(total - i) >= qlen &&
		    strncasecmp(p, q, qlen) == 0)
			hl_end = i + qlen;
		wchar_t wc = L' ';
		int cw = 1;
		size_t k = *p == '\t' ? 1 : (size_t)screen_decode(p, left, &wc, &cw);
		if (wc < L' ' || wc == 0x7f)
			wc = L'?', cw = 1;
		if (col + cw > w) {
			if (!lv->wrap)
				break;
			row++;
			col = 0;
		}
		if (draw && y + row >= y && y + row < ymax) {
			attr_t a = i < prelen ? pre_a : i < headlen ? ts_a : i < hl_end ? hi_a : tx_a;
			cchar_t cc;
			wchar_t str[2] = { wc, 0 };
			setcchar(&cc, str, a, PAIR_NUMBER(a), NULL);
			mvwadd_wch(stdscr, y + row, col, &cc);
		}
		col += cw;
		i += k;
	}
	return row + 1;
}

static uint64_t
lv_end(const struct page_logs *lv)
{
	return logring_dropped(lv->ring) + logring_count(lv->ring);
}

static const struct logline *
lv_get(const struct page_logs *lv, uint64_t abs)
{
	uint64_t d = logring_dropped(lv->ring);
	return abs < d ? NULL : logring_get(lv->ring, (size_t)(abs - d));
}

/* The first line shown when following: as many of the last lines as fit in h rows. */
static uint64_t
lv_follow_top(struct page_logs *lv, int h, int w)
{
	uint64_t first = logring_dropped(lv->ring), i = lv_end(lv);
	int used = 0;
	while (i > first) {
		int r = lv->wrap ? lv_line(lv, lv_get(lv, i - 1), 0, 0, w, 0) : 1;
		if (used + r > h)
			break;
		used += r;
		i--;
	}
	return i;
}

static void
lv_draw(struct page *pg, int y, int h, int w)
{
	struct page_logs *lv = (struct page_logs *)pg;
	lv->rows = h;
	for (int r = 0; r < h; r++)
		screen_fill(y + r, 0, w, screen_attr(THEME_DEFAULT));
	if (lv->follow)
		lv->top = lv_follow_top(lv, h, w);
	if (lv->top < logring_dropped(lv->ring))
		lv->top = logring_dropped(lv->ring);
	if (logring_count(lv->ring) == 0) {
		int streaming = 0;
		for (size_t i = 0; i < lv->n; i++)
			streaming |= lv->src[i].l && logs_state(lv->src[i].l) == LOGS_STREAMING;
		screen_put(y + 1, 2, w - 4, streaming ? "no lines yet (following)" : "connecting ...",
		    screen_attr(THEME_PENDING), 1);
		return;
	}
	int row = 0;
	for (uint64_t i = lv->top; i < lv_end(lv) && row < h; i++)
		row += lv_line(lv, lv_get(lv, i), y + row, y + h, w, 1);
}

/* ---- keys ---- */

static void
lv_scroll(struct page_logs *lv, long delta)
{
	uint64_t first = logring_dropped(lv->ring), end = lv_end(lv);
	uint64_t top = lv->top;
	if (delta < 0)
		top = (uint64_t)-delta > top - first ? first : top + (uint64_t)delta;
	else
		top += (uint64_t)delta;
	int h = lv->rows > 0 ? lv->rows : 20;
	/* at or past the last page: following again */
	if (end < (uint64_t)h || top + (uint64_t)h >= end) {
		if (delta > 0) {
			lv->follow = 1;
			return;
		}
		if (top + (uint64_t)h > end)
			top = end > (uint64_t)h ? end - (uint64_t)h : first;
	}
	lv->follow = 0;
	lv->top = top;
}

static int
lv_has(struct page_logs *lv, uint64_t i)
{
	const struct logline *ll = lv_get(lv, i);
	size_t q = strlen(lv->search);
	for (size_t k = 0; ll && k + q <= ll->len; k++)
		if (strncasecmp(ll->text + k, lv->search, q) == 0)
			return 1;
	return 0;
}

/* The first match from line i (itself included) going dir: paused on it at the top. */
static int
lv_seek(struct page_logs *lv, uint64_t i, int dir)
{
	uint64_t first = logring_dropped(lv->ring), end = lv_end(lv);
	/* i - 1 below the first (or below 0) ends the walk as past the end does */
	for (; i >= first && i < end; i += (uint64_t)(int64_t)dir)
		if (lv_has(lv, i)) {
			lv->follow = 0;
			lv->top = i;
			return 1;
		}
	app_flash(lv->base.app, 0, "\"%s\" not found %s", lv->search, dir < 0 ? "above" : "below");
	return 0;
}

/* n and N: the next match below or above the top line; following, N looks back from the
 * bottom and n finds nothing below. */
static int
lv_find(struct page_logs *lv, int dir)
{
	if (!lv->search[0])
		return 0;
	if (lv->follow)
		return lv_seek(lv, dir < 0 ? lv_end(lv) - 1 : lv_end(lv), dir);
	return lv_seek(lv, lv->top + (uint64_t)(int64_t)dir, dir);
}

static void
lv_save(struct page_logs *lv)
{
	char *state = file_user_dir("XDG_STATE_HOME", ".local/state");
	if (state == NULL) {
		app_flash(lv->base.app, 1, "neither XDG_STATE_HOME nor HOME is set: nowhere to save logs");
		return;
	}
	char *dir = xasprintf("%s/logs", state);
	free(state);
	file_mkdirs(dir, NULL);   /* else the open below says why */
	char stamp[32], name[200];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(name, sizeof name, "%s-%s", lv->ns, lv->title);
	for (char *c = name; *c; c++)
		if (*c == '/' || *c == ' ' || *c == '(' || *c == ')')
			*c = '_';
	char *path = xasprintf("%s/%s-%s.log", dir, name, stamp);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f == NULL) {
		app_flash(lv->base.app, 1, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else {
		size_t n = logring_count(lv->ring);
		for (size_t i = 0; i < n; i++) {
			const struct logline *ll = logring_get(lv->ring, i);
			if (lv->prefix && (size_t)ll->source < lv->n)
				fprintf(f, "%s ", lv->src[ll->source].label);
			if (lv->ts && ll->ts[0])
				fprintf(f, "%s ", ll->ts);
			fwrite(ll->text, 1, ll->len, f);
			fputc('\n', f);
		}
		if (fclose(f) != 0)
			app_flash(lv->base.app, 1, "writing %s: %s", path, strerror(errno));
		else
			app_flash(lv->base.app, 0, "saved %zu lines to %s", n, path);
	}
	free(path);
	free(dir);
}

static void
lv_on_container(struct app *app, int index, void *arg)
{
	struct page_logs *lv = arg;
	(void)app;
	if (index < 0)
		return;
	size_t n = index == 0 ? lv->ncontainers : 1;
	struct logsrc *srcs = xcalloc(n, sizeof *srcs);
	for (size_t i = 0; i < n; i++) {
		srcs[i].pod = lv->pod;
		srcs[i].container = lv->containers[index == 0 ? i : (size_t)index - 1];
	}
	lv_set_sources(lv, srcs, n);
	free(srcs);
	lv_connect(lv);
}

static int lv_action(struct page *pg, enum action a);

/* The log view's own keys (the keymap's logs: section), before the keys: section. */
static int
lv_key(struct page *pg, int key)
{
	struct page_logs *lv = (struct page_logs *)pg;
	enum action a = keymap_lookup_in(app_keymap(pg->app), KEYMAP_LOGS, key);
	switch (a) {
	case ACT_LOG_FOLLOW:
		lv->follow = !lv->follow;
		app_flash(pg->app, 0, "follow %s", lv->follow ? "on" : "off (paused)");
		return APP_REDRAW;
	case ACT_LOG_PREVIOUS:
		lv->previous = !lv->previous;
		lv_connect(lv);
		app_flash(pg->app, 0, "%s", lv->previous ? "the previous container's logs" : "the current logs, followed");
		return APP_REDRAW;
	case ACT_LOG_TIMESTAMPS: lv->ts = !lv->ts; return APP_REDRAW;
	case ACT_LOG_WRAP: lv->wrap = !lv->wrap; return APP_REDRAW;
	case ACT_LOG_TAIL:
		lv->tail_i = (lv->tail_i + 1) % (int)(sizeof lv_tails / sizeof lv_tails[0]);
		lv_connect(lv);
		if (lv_tails[lv->tail_i] < 0)
			app_flash(pg->app, 0, "tail: every line");
		else
			app_flash(pg->app, 0, "tail: the last %ld lines", lv_tails[lv->tail_i]);
		return APP_REDRAW;
	case ACT_LOG_SINCE:
		lv->since_i = (lv->since_i + 1) % (int)(sizeof lv_sinces / sizeof lv_sinces[0]);
		lv_connect(lv);
		if (lv_sinces[lv->since_i] == 0)
			app_flash(pg->app, 0, "since: the start (tail %ld)", lv_tails[lv->tail_i]);
		else
			app_flash(pg->app, 0, "since: %ld minutes ago", lv_sinces[lv->since_i] / 60);
		return APP_REDRAW;
	case ACT_LOG_SAVE:
		lv_save(lv);
		return APP_REDRAW;
	case ACT_LOG_CONTAINER:
		if (lv->containers == NULL || lv->ncontainers < 2) {
			app_flash(pg->app, 1, "one container here%s", lv->containers ? "" : " per stream");
			return APP_REDRAW;
		}
		{
			const char **items = xcalloc(lv->ncontainers + 1, sizeof *items);
			items[0] = "all containers";
			for (size_t i = 0; i < lv->ncontainers; i++)
				items[i + 1] = lv->containers[i];
			app_push(pg->app, page_choice_new(pg->app, "container", "Logs of which container?", items,
			    lv->ncontainers + 1, 0, lv_on_container, lv));
			free(items);
		}
		return APP_FULL;
	case ACT_NONE:
		return APP_UNHANDLED;   /* the keys: section decides */
	default:                    /* a move bound under logs: (search-next, page-down, ...) */
		return lv_action(pg, a);
	}
}

static int
lv_action(struct page *pg, enum action a)
{
	struct page_logs *lv = (struct page_logs *)pg;
	int page = lv->rows > 2 ? lv->rows - 1 : 1;
	switch (a) {
	case ACT_UP: lv_scroll(lv, -1); return APP_REDRAW;
	case ACT_DOWN: lv_scroll(lv, 1); return APP_REDRAW;
	case ACT_PAGE_UP: lv_scroll(lv, -page); return APP_REDRAW;
	case ACT_PAGE_DOWN: lv_scroll(lv, page); return APP_REDRAW;
	case ACT_TOP: lv->follow = 0; lv->top = logring_dropped(lv->ring); return APP_REDRAW;
	case ACT_BOTTOM: lv->follow = 1; return APP_REDRAW;
	case ACT_SEARCH_NEXT: lv_find(lv, 1); return APP_REDRAW;
	case ACT_SEARCH_PREV: lv_find(lv, -1); return APP_REDRAW;
	case ACT_FILTER:   /* the app opens the prompt; the search starts from here */
	case ACT_SEARCH_BACK:
		lv->search_back = lv->follow || a == ACT_SEARCH_BACK;
		lv->search_at = lv->follow ? lv_end(lv) - 1 : lv->top;
		return APP_UNHANDLED;
	default: return APP_UNHANDLED;
	}
}

static int
lv_filter(struct page *pg, const char *text, char *err, size_t errlen)
{
	struct page_logs *lv = (struct page_logs *)pg;
	(void)err;
	(void)errlen;
	snprintf(lv->search, sizeof lv->search, "%s", text);
	/* as it is typed, from where "/" was pressed */
	if (lv->search[0])
		lv_seek(lv, lv->search_at, lv->search_back ? -1 : 1);
	return 0;
}

static void
lv_crumb(struct page *pg, char *buf, size_t len)
{
	struct page_logs *lv = (struct page_logs *)pg;
	snprintf(buf, len, "logs %s%s", lv->title, lv->previous ? " (previous)" : "");
}

static void
lv_status(struct page *pg, char *buf, size_t len)
{
	struct page_logs *lv = (struct page_logs *)pg;
	unsigned streaming = 0, recon = 0, failed = 0, ended = 0;
	for (size_t i = 0; i < lv->n; i++) {
		if (lv->src[i].l == NULL)
			continue;
		enum logs_state st = logs_state(lv->src[i].l);
		streaming += st == LOGS_STREAMING;
		recon += st == LOGS_RECONNECTING || st == LOGS_CONNECTING;
		failed += st == LOGS_FAILED;
		ended += st == LOGS_ENDED;
	}
	char extra[300] = "";
	if (lv->n > 1 && (recon || streaming))
		snprintf(extra, sizeof extra, " of %zu streams", lv->n);
	else if (lv->n == 1 && ended && lv->src[0].l != NULL && *logs_ended_why(lv->src[0].l))
		snprintf(extra, sizeof extra, ": %s", logs_ended_why(lv->src[0].l));
	snprintf(buf, len, "%s%s%s  %zu lines%s%s%s", lv->follow ? "following" : "paused",
	    recon ? "  reconnecting" : streaming ? "  streaming" : ended ? "  ended" : "", extra,
	    logring_count(lv->ring), failed ? "  failed: " : "", failed ? "see the flash" : "",
	    lv->wrap ? "  wrap" : "");
}

static void
lv_free(struct page *pg)
{
	struct page_logs *lv = (struct page_logs *)pg;
	lv_set_sources(lv, NULL, 0);
	free(lv->src);
	for (size_t i = 0; i < lv->ncontainers; i++)
		free(lv->containers[i]);
	free(lv->containers);
	free(lv->stage);
	logring_free(&lv->ring);
	free(lv->pod);
	free(lv->ns);
	free(lv->title);
	free(lv);
}

static struct cluster *
lv_cluster(struct page *pg)
{
	return ((struct page_logs *)pg)->c;
}

static const struct page_ops page_logs_ops = {
	.kind = "logs",
	.cluster = lv_cluster,
	.hints = &page_hints_logs,
	.draw = lv_draw,
	.action = lv_action,
	.crumb = lv_crumb,
	.filter = lv_filter,
	.status = lv_status,
	.free = lv_free,
	.key = lv_key,
};

struct page *
page_logs_new(struct app *app, struct cluster *c, const char *ns, const char *title,
    const struct logsrc *srcs, size_t n, const char *const *containers, size_t ncontainers)
{
	struct page_logs *lv = xcalloc(1, sizeof *lv);
	lv->base.ops = &page_logs_ops;
	lv->base.app = app;
	lv->c = c;
	lv->ns = xstrdup(ns);
	lv->title = xstrdup(title);
	long ring = config_log_ring_lines();
	lv->ring = logring_new(ring > 0 ? (size_t)ring : 100000, LV_MAX_BYTES);
	lv->tail_i = 1;   /* the last 1000 lines, then follow */
	lv->search_back = 1;
	if (containers != NULL && n > 0) {
		lv->pod = xstrdup(srcs[0].pod);
		lv->containers = xcalloc(ncontainers ? ncontainers : 1, sizeof *lv->containers);
		for (size_t i = 0; i < ncontainers; i++)
			lv->containers[i] = xstrdup(containers[i]);
		lv->ncontainers = ncontainers;
	}
	lv_set_sources(lv, srcs, n);
	lv_connect(lv);
	return &lv->base;
}
