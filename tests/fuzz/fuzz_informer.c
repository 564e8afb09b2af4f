/* libFuzzer target: the informer's parse path without a network. The input, cut in two
 * by its first byte, is the answer to a list request (a Table or List page) and then a
 * watch stream; the rows go into the store through the view's columns. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kube/discovery.h"
#include "kube/http.h"
#include "kube/informer.h"
#include "loop.h"
#include "model/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz_req {
	int live;
	int stream;
	http_data_cb on_data;
	http_done_cb on_done;
	void *arg;
};

static struct fz_req fz_reqs[16];
static int fz_n;

static struct http_req *
fz_request(void *ctx, const struct http_opts *o, http_data_cb on_data, http_done_cb on_done, void *arg)
{
	(void)ctx;
	struct fz_req *r = &fz_reqs[fz_n++ % 16];
	r->live = 1;
	r->stream = o->stream;
	r->on_data = on_data;
	r->on_done = on_done;
	r->arg = arg;
	return (struct http_req *)r;
}

static void
fz_cancel(void *ctx, struct http_req **r)
{
	(void)ctx;
	if (*r != NULL)
		((struct fz_req *)*r)->live = 0;
	*r = NULL;
}

static struct fz_req *
fz_last(void)
{
	struct fz_req *r = &fz_reqs[(fz_n - 1) % 16];
	return fz_n > 0 && r->live ? r : NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t cut = 1 + (size > 1 ? data[0] * (size - 1) / 255 : 0);
	if (cut > size)
		cut = size;
	memset(fz_reqs, 0, sizeof fz_reqs);
	fz_n = 0;
	struct loop *l = loop_new();
	struct informer_io io = { fz_request, fz_cancel, NULL };
	struct informers *set = informers_new_io(l, &io, NULL);
	struct kres pods = { .group = "", .version = "v1", .resource = "pods", .singular = "pod",
	    .kind = "Pod", .namespaced = 1, .verbs = KRES_LIST | KRES_WATCH };
	struct informer *inf = informer_acquire(set, &pods, NULL, NULL);

	struct fz_req *r = fz_last();
	if (r != NULL && !r->stream) {
		/* the list page, NUL-terminated and changeable in place as http gives it */
		struct http_result res = { 0 };
		res.status = 200;
		res.body = malloc(cut);
		memcpy(res.body, data + 1, cut - 1);
		res.body[cut - 1] = '\0';
		res.body_len = cut - 1;
		r->live = 0;
		r->on_done((struct http_req *)r, &res, r->arg);
		free(res.body);
	}
	for (int i = 0; i < 3; i++)
		loop_run_once(l, 0);
	r = fz_last();
	if (r != NULL && r->stream && r->on_data != NULL) {
		r->on_data((struct http_req *)r, NULL, 0, r->arg);
		size_t rest = size - cut, half = rest / 2;
		if (r->live && r->on_data((struct http_req *)r, (const char *)data + cut, half, r->arg) == 0 &&
		    r->live)
			r->on_data((struct http_req *)r, (const char *)data + cut + half, rest - half, r->arg);
	}
	(void)store_size(informer_store(inf));
	informer_release(&inf);
	informers_free(&set);
	loop_free(&l);
	return 0;
}
