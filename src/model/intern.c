#define _POSIX_C_SOURCE 200809L
#include "model/intern.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct intern_entry {
	struct intern_entry *next;
	uint32_t hash;
	uint32_t refs;
	size_t len;
	char str[];
};

struct intern {
	struct intern_entry **buckets;
	size_t nbuckets, count, bytes;
};

static uint32_t
intern_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

struct intern *
intern_new(void)
{
	struct intern *p = xcalloc(1, sizeof *p);
	p->nbuckets = 256;
	p->buckets = xcalloc(p->nbuckets, sizeof *p->buckets);
	return p;
}

void
intern_free(struct intern **pp)
{
	struct intern *p = pp ? *pp : NULL;
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nbuckets; i++) {
		struct intern_entry *e = p->buckets[i], *n;
		for (; e; e = n) {
			n = e->next;
			free(e);
		}
	}
	free(p->buckets);
	free(p);
	*pp = NULL;
}

static void
intern_grow(struct intern *p)
{
	size_t nb = p->nbuckets * 2;
	struct intern_entry **b = xcalloc(nb, sizeof *b);
	for (size_t i = 0; i < p->nbuckets; i++) {
		struct intern_entry *e = p->buckets[i], *n;
		for (; e; e = n) {
			n = e->next;
			e->next = b[e->hash & (nb - 1)];
			b[e->hash & (nb - 1)] = e;
		}
	}
	free(p->buckets);
	p->buckets = b;
	p->nbuckets = nb;
}

const char *
intern_get(struct intern *p, const char *s, size_t len)
{
	uint32_t h = intern_hash(s, len);
	for (struct intern_entry *e = p->buckets[h & (p->nbuckets - 1)]; e; e = e->next) {
		if (e->hash == h && e->len == len && memcmp(e->str, s, len) == 0) {
			e->refs++;
			return e->str;
		}
	}
	if (p->count >= p->nbuckets)
		intern_grow(p);
	struct intern_entry *e = xmalloc(sizeof *e + len + 1);
	e->hash = h;
	e->refs = 1;
	e->len = len;
	memcpy(e->str, s, len);
	e->str[len] = '\0';
	e->next = p->buckets[h & (p->nbuckets - 1)];
	p->buckets[h & (p->nbuckets - 1)] = e;
	p->count++;
	p->bytes += sizeof *e + len + 1;
	return e->str;
}

void
intern_put(struct intern *p, const char *s)
{
	if (s == NULL)
		return;
	struct intern_entry *e = (struct intern_entry *)(void *)(s - offsetof(struct intern_entry, str));
	if (--e->refs > 0)
		return;
	struct intern_entry **pp = &p->buckets[e->hash & (p->nbuckets - 1)];
	while (*pp != e)
		pp = &(*pp)->next;
	*pp = e->next;
	p->count--;
	p->bytes -= sizeof *e + e->len + 1;
	free(e);
}

size_t
intern_bytes(const struct intern *p)
{
	return p->bytes;
}
