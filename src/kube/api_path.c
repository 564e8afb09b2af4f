/* Paths and query strings of the API, built and escaped in this one place. */
#include <stdlib.h>
#include <string.h>

#include "kube/api.h"
#include "kube/discovery.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

struct api_ref
api_ref_kres(const struct kres *r, const char *ns, const char *name)
{
	struct api_ref ref = { r->group, r->version, r->resource, r->namespaced ? ns : NULL,
		name, NULL };
	return ref;
}

static void
api_path_escape_into(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			sbuf_add(b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			sbuf_add(b, e, 3);
		}
	}
}

char *
api_escape(const char *s)
{
	struct sbuf b = { 0 };
	sbuf_add(&b, "", 0);
	api_path_escape_into(&b, s);
	return b.s != NULL ? b.s : xstrdup("");
}

void
api_query_add(struct sbuf *q, const char *key, const char *value)
{
	if (q->len > 0)
		sbuf_str(q, "&");
	api_path_escape_into(q, key);
	sbuf_str(q, "=");
	api_path_escape_into(q, value != NULL ? value : "");
}

static void
api_path_segment(struct sbuf *b, const char *lead, const char *s)
{
	if (s == NULL || s[0] == '\0')
		return;
	sbuf_str(b, lead);
	/* "." and ".." are no object's name, but a URL would read them as steps up the path */
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		sbuf_str(b, s[1] ? "%2E%2E" : "%2E");
	else
		api_path_escape_into(b, s);
}

char *
api_path(const struct api_ref *ref, const char *query)
{
	struct sbuf b = { 0 };
	const char *v = ref->version != NULL && ref->version[0] ? ref->version : "v1";
	if (ref->group != NULL && ref->group[0] != '\0') {
		api_path_segment(&b, "/apis/", ref->group);
		api_path_segment(&b, "/", v);
	} else {
		api_path_segment(&b, "/api/", v);
	}
	api_path_segment(&b, "/namespaces/", ref->ns);
	api_path_segment(&b, "/", ref->resource);
	api_path_segment(&b, "/", ref->name);
	api_path_segment(&b, "/", ref->subresource);
	if (query != NULL && query[0] != '\0') {
		sbuf_str(&b, "?");
		sbuf_str(&b, query);
	}
	return b.s;
}
