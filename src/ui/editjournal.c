/* The journal of the edits open on screen; see editjournal.h.
 *
 * A touch only sets a flag and, when none is pending, a timer: the text is joined when
 * the timer fires, a second after the first touch since the last write. Then, on the
 * loop, the text is prepared for the signal handlers (recovery_prepare: no fsync, a copy)
 * and handed to one worker thread that writes it durably (recovery_save: write, fsync,
 * rename, fsync), so that a slow disk never stalls the keys. A journal has one write in
 * the worker at the most, and its prepared text is the one being written, so a signal
 * arriving meanwhile writes the same bytes or newer ones. Closing waits for its write. */
#define _GNU_SOURCE
#include "ui/editjournal.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "loop.h"
#include "util/xmalloc.h"

#define EJ_DELAY_MS 1000     /* at most this behind the keystrokes */
#define EJ_BUSY_MS 50        /* again this soon when the last write is still going */
#define EJ_SLOTS 64          /* journals the signal handlers know of */

struct editjournal {
	struct loop *loop;
	char *dir;                   /* NULL: the default folder */
	struct recovery_meta meta;   /* copies */
	editjournal_text_fn text;
	void *arg;
	int dirty;                   /* touched since the text was last taken */
	uint64_t due;                /* when the timer fires (loop_now_ms); 0: none */
	struct loop_timer *timer;
	int slot;                    /* in ej_slots, or -1 */
	struct recovery_signal sig;
	struct editjournal *next;    /* ej_all */
	/* under ej_lock: */
	int busy;                    /* a write queued or in the worker */
	int failed;                  /* the last write failed, with why */
	struct kd_err err;
};

struct ej_job {
	struct editjournal *j;
	char *dir;
	struct recovery_meta meta;
	char *text;
	size_t len;
	struct ej_job *next;
};

/* The loop's thread only. */
static struct editjournal *ej_all;

/* What the fatal signal handlers write. */
static _Atomic(struct recovery_signal *) ej_slots[EJ_SLOTS];
static atomic_int ej_in_handler;

static pthread_mutex_t ej_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ej_work = PTHREAD_COND_INITIALIZER;   /* a job queued */
static pthread_cond_t ej_done = PTHREAD_COND_INITIALIZER;   /* a job written */
static struct ej_job *ej_jobs, **ej_jobs_tail = &ej_jobs;
static int ej_worker;

static const int ej_fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGQUIT };
static struct sigaction ej_fatal_old[sizeof ej_fatal / sizeof ej_fatal[0]];
static int ej_fatal_installed;

static char *
dup_or_empty(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

static void
meta_copy(struct recovery_meta *to, const struct recovery_meta *m)
{
	to->context = dup_or_empty(m->context);
	to->group = dup_or_empty(m->group);
	to->version = dup_or_empty(m->version);
	to->resource = dup_or_empty(m->resource);
	to->namespace_ = dup_or_empty(m->namespace_);
	to->name = dup_or_empty(m->name);
	to->resource_version = dup_or_empty(m->resource_version);
	to->secret = m->secret;
	to->saved = m->saved;
}

static void
text_free(char *text, size_t len, int secret)
{
	if (text == NULL)
		return;
	if (secret) {
		volatile char *p = text;
		for (size_t i = 0; i < len; i++)
			p[i] = 0;
	}
	free(text);
}

static void *
ej_worker_main(void *arg)
{
	(void)arg;
	/* a fault here is still a crash the handlers write the journals on (blocked, it would
	 * end the process without them) */
	sigset_t faults;
	sigemptyset(&faults);
	for (size_t i = 0; i < sizeof ej_fatal / sizeof ej_fatal[0]; i++)
		if (ej_fatal[i] != SIGQUIT)
			sigaddset(&faults, ej_fatal[i]);
	pthread_sigmask(SIG_UNBLOCK, &faults, NULL);
	for (;;) {
		pthread_mutex_lock(&ej_lock);
		while (ej_jobs == NULL)
			pthread_cond_wait(&ej_work, &ej_lock);
		struct ej_job *job = ej_jobs;
		ej_jobs = job->next;
		if (ej_jobs == NULL)
			ej_jobs_tail = &ej_jobs;
		pthread_mutex_unlock(&ej_lock);

		struct kd_err err = { 0 };
		int rc = recovery_save(job->dir, &job->meta, job->text, job->len, &err);
		text_free(job->text, job->len, job->meta.secret);

		pthread_mutex_lock(&ej_lock);
		job->j->busy = 0;
		job->j->failed = rc != 0;
		if (rc != 0)
			job->j->err = err;
		pthread_cond_broadcast(&ej_done);
		pthread_mutex_unlock(&ej_lock);
		free(job->dir);
		recovery_meta_clear(&job->meta);
		free(job);
	}
	return NULL;
}

/* A fork holds no worker: the child starts its own when it needs one (jobs it inherited
 * are the parent's to write). */
static void
ej_fork_prepare(void)
{
	pthread_mutex_lock(&ej_lock);
}

static void
ej_fork_parent(void)
{
	pthread_mutex_unlock(&ej_lock);
}

static void
ej_fork_child(void)
{
	ej_worker = 0;
	while (ej_jobs != NULL) {
		struct ej_job *job = ej_jobs;
		ej_jobs = job->next;
		text_free(job->text, job->len, job->meta.secret);
		free(job->dir);
		recovery_meta_clear(&job->meta);
		free(job);
	}
	ej_jobs_tail = &ej_jobs;
	for (struct editjournal *j = ej_all; j != NULL; j = j->next)
		j->busy = 0;
	pthread_mutex_unlock(&ej_lock);
}

/* The worker, started with every signal blocked so that they go to the loop's thread. */
static int
ej_worker_start(void)
{
	static int atfork;
	if (ej_worker)
		return 0;
	if (!atfork && pthread_atfork(ej_fork_prepare, ej_fork_parent, ej_fork_child) == 0)
		atfork = 1;
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_t t;
	int rc = pthread_create(&t, NULL, ej_worker_main, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -1;
	pthread_detach(t);
	ej_worker = 1;
	return 0;
}

/* Waits for j's write in the worker, if any. */
static void
ej_wait(struct editjournal *j)
{
	pthread_mutex_lock(&ej_lock);
	while (j->busy)
		pthread_cond_wait(&ej_done, &ej_lock);
	pthread_mutex_unlock(&ej_lock);
}

static void
ej_set_result(struct editjournal *j, int rc, const struct kd_err *err)
{
	pthread_mutex_lock(&ej_lock);
	j->failed = rc != 0;
	if (rc != 0 && err != NULL)
		j->err = *err;
	pthread_mutex_unlock(&ej_lock);
	if (rc != 0 && err != NULL)
		log_warn("%s", err->msg);
}

static void
ej_on_fatal(int sig)
{
	editjournal_write_all_signal_safe();
	for (size_t i = 0; i < sizeof ej_fatal / sizeof ej_fatal[0]; i++)
		if (ej_fatal[i] == sig)
			sigaction(sig, &ej_fatal_old[i], NULL);
	/* pending until the handler returns; a fault comes back by itself */
	raise(sig);
}

/* The handlers of the fatal signals, on a stack of their own (a stack overflow is a
 * SIGSEGV too); whatever handled them before (the default, a sanitizer) runs after. */
static void
ej_fatal_install(void)
{
	if (ej_fatal_installed)
		return;
	ej_fatal_installed = 1;
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
	stack_t cur;
	if (sigaltstack(NULL, &cur) == 0 && (cur.ss_flags & SS_DISABLE))
		(void)sigaltstack(&ss, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ej_on_fatal;
	sa.sa_flags = SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof ej_fatal / sizeof ej_fatal[0]; i++) {
		if (sigaction(ej_fatal[i], NULL, &ej_fatal_old[i]) != 0)
			continue;
		/* ignored by the parent (nohup): stays ignored */
		if (ej_fatal_old[i].sa_handler == SIG_IGN)
			continue;
		sigaction(ej_fatal[i], &sa, NULL);
	}
}

void
editjournal_write_all_signal_safe(void)
{
	atomic_fetch_add(&ej_in_handler, 1);
	for (int i = 0; i < EJ_SLOTS; i++) {
		struct recovery_signal *s = atomic_load(&ej_slots[i]);
		if (s != NULL)
			(void)recovery_write_now_signal_safe(s);
	}
	atomic_fetch_sub(&ej_in_handler, 1);
}

struct editjournal *
editjournal_open(struct loop *loop, const char *dir, const struct recovery_meta *m,
    editjournal_text_fn text, void *arg)
{
	struct editjournal *j = xcalloc(1, sizeof *j);
	j->loop = loop;
	j->dir = dir != NULL ? xstrdup(dir) : NULL;
	meta_copy(&j->meta, m);
	j->text = text;
	j->arg = arg;
	j->slot = -1;
	for (int i = 0; i < EJ_SLOTS && j->slot < 0; i++) {
		struct recovery_signal *none = NULL;
		if (atomic_compare_exchange_strong(&ej_slots[i], &none, &j->sig))
			j->slot = i;
	}
	if (j->slot < 0)
		log_warn("more than %d edits open: a crash would not keep the newest", EJ_SLOTS);
	j->next = ej_all;
	ej_all = j;
	ej_fatal_install();
	return j;
}

static void ej_on_timer(void *arg);

static void
ej_arm(struct editjournal *j, uint64_t ms)
{
	j->due = loop_now_ms() + ms;
	j->timer = loop_timer_add(j->loop, ms, ej_on_timer, j);
}

void
editjournal_touch(struct editjournal *j)
{
	if (j == NULL)
		return;
	j->dirty = 1;
	if (j->timer == NULL)
		ej_arm(j, EJ_DELAY_MS);
}

/* The text taken, stamped and prepared for the signal handlers: 0, or -1 with err (or
 * nothing to write: *text NULL). */
static int
ej_take(struct editjournal *j, char **text, size_t *len, struct kd_err *err)
{
	*len = 0;
	*text = j->text(j->arg, len);
	j->dirty = 0;
	if (*text == NULL)
		return 0;
	j->meta.saved = time(NULL);
	return recovery_prepare(&j->sig, j->dir, &j->meta, *text, *len, err);
}

static void
ej_on_timer(void *arg)
{
	struct editjournal *j = arg;
	j->timer = NULL;
	j->due = 0;
	if (!j->dirty)
		return;
	pthread_mutex_lock(&ej_lock);
	int busy = j->busy;
	pthread_mutex_unlock(&ej_lock);
	if (busy) {
		ej_arm(j, EJ_BUSY_MS);
		return;
	}
	char *text;
	size_t len;
	struct kd_err err = { 0 };
	if (ej_take(j, &text, &len, &err) != 0) {
		ej_set_result(j, -1, &err);
		text_free(text, len, j->meta.secret);
		return;
	}
	if (text == NULL)
		return;
	if (ej_worker_start() != 0) {
		/* no thread: written here */
		int rc = recovery_save(j->dir, &j->meta, text, len, &err);
		text_free(text, len, j->meta.secret);
		ej_set_result(j, rc, &err);
		return;
	}
	struct ej_job *job = xcalloc(1, sizeof *job);
	job->j = j;
	job->dir = j->dir != NULL ? xstrdup(j->dir) : NULL;
	meta_copy(&job->meta, &j->meta);
	job->text = text;
	job->len = len;
	pthread_mutex_lock(&ej_lock);
	j->busy = 1;
	*ej_jobs_tail = job;
	ej_jobs_tail = &job->next;
	pthread_cond_signal(&ej_work);
	pthread_mutex_unlock(&ej_lock);
}

int
editjournal_flush(struct editjournal *j, struct kd_err *err)
{
	if (j == NULL)
		return 0;
	loop_timer_cancel(j->loop, &j->timer);
	j->due = 0;
	ej_wait(j);
	char *text;
	size_t len;
	struct kd_err e = { 0 };
	int rc = ej_take(j, &text, &len, &e);
	if (rc == 0 && text != NULL)
		rc = recovery_save(j->dir, &j->meta, text, len, &e);
	text_free(text, len, j->meta.secret);
	ej_set_result(j, rc, &e);
	if (rc != 0 && err != NULL)
		*err = e;
	return rc;
}

void
editjournal_flush_all(void)
{
	for (struct editjournal *j = ej_all; j != NULL; j = j->next)
		(void)editjournal_flush(j, NULL);
}

void
editjournal_set_rv(struct editjournal *j, const char *rv)
{
	if (j == NULL)
		return;
	free(j->meta.resource_version);
	j->meta.resource_version = dup_or_empty(rv);
	editjournal_touch(j);
}

int
editjournal_failed(struct editjournal *j, struct kd_err *err)
{
	if (j == NULL)
		return 0;
	pthread_mutex_lock(&ej_lock);
	int failed = j->failed;
	if (failed && err != NULL)
		*err = j->err;
	pthread_mutex_unlock(&ej_lock);
	return failed;
}

uint64_t
editjournal_due_ms(const struct editjournal *j)
{
	return j != NULL ? j->due : 0;
}

int
editjournal_busy(struct editjournal *j)
{
	if (j == NULL)
		return 0;
	pthread_mutex_lock(&ej_lock);
	int busy = j->busy;
	pthread_mutex_unlock(&ej_lock);
	return busy;
}

void
editjournal_close(struct editjournal **jp, int discard)
{
	struct editjournal *j = jp != NULL ? *jp : NULL;
	if (j == NULL)
		return;
	*jp = NULL;
	loop_timer_cancel(j->loop, &j->timer);
	ej_wait(j);
	/* what was typed since the last write is kept too */
	if (!discard && j->dirty)
		(void)editjournal_flush(j, NULL);
	if (j->slot >= 0) {
		atomic_store(&ej_slots[j->slot], NULL);
		/* a handler on another thread may still be writing it: the process is ending */
		while (atomic_load(&ej_in_handler) > 0)
			;
	}
	for (struct editjournal **p = &ej_all; *p != NULL; p = &(*p)->next) {
		if (*p == j) {
			*p = j->next;
			break;
		}
	}
	recovery_signal_free(&j->sig);
	if (discard) {
		struct kd_err err = { 0 };
		if (recovery_remove(j->dir, &j->meta, &err) != 0)
			log_warn("%s", err.msg);
	}
	free(j->dir);
	recovery_meta_clear(&j->meta);
	free(j);
}
