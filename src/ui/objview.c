#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ui/objview.h"
#include "ui/widget/pager.h"
#include "util/xmalloc.h"

int
objview_needs_quotes(const char *s)
{
	static const char *const words[] = { "true", "false", "yes", "no", "on", "off", "null",
		"~", "True", "False", "Yes", "No", "On", "Off", "Null", "NULL", "TRUE", "FALSE", NULL };
	size_t n = strlen(s);
	char *end;

	if (n == 0)
		return 1;
	for (int i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	strtod(s, &end);
	if (*end == '\0')
		return 1;   /* looks like a number */
	if (strchr("!&*-?{}[],#|>@`\"'%: ", s[0]) != NULL && !(s[0] == '-' && n > 1 && s[1] != ' '))
		return 1;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return 1;
	if (strstr(s, ": ") || strstr(s, " #") || strchr(s, '\n') || strchr(s, '\t'))
		return 1;
	return 0;
}

static char *
objview_quote(const char *s)
{
	cJSON *str = cJSON_CreateString(s);
	char *q = cJSON_PrintUnformatted(str);
	cJSON_Delete(str);
	return q;
}

char *
objview_base64_decode(const char *in, unsigned long *len)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(in);
	char *out = xmalloc(n / 4 * 3 + 4);
	unsigned long o = 0;
	unsigned v = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		if (in[i] == '=' || in[i] == '\n' || in[i] == '\r')
			continue;
		const char *p = strchr(tbl, in[i]);
		if (p == NULL || in[i] == '\0') {
			free(out);
			return NULL;
		}
		v = v << 6 | (unsigned)(p - tbl);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(v >> bits & 0xff);
		}
	}
	out[o] = '\0';
	*len = o;
	return out;
}

struct objview {
	struct pager *p;
	int reveal;
	int secret;
};

static void
objview_line(struct objview *ov, int indent, const char *key, const char *value,
    enum pager_fold fold, int dash)
{
	char *line;
	int split;
	const char *pre = dash ? "- " : "";

	if (key != NULL) {
		line = xasprintf("%*s%s%s:%s%s", indent, "", pre, key, value ? " " : "", value ? value : "");
		split = indent + (int)strlen(pre) + (int)strlen(key) + 1;
	} else {
		line = xasprintf("%*s%s%s", indent, "", pre, value ? value : "");
		split = indent + (int)strlen(pre);
	}
	pager_add(ov->p, line, split, THEME_YAML_KEY, THEME_YAML_VALUE, fold);
	free(line);
}

static char *
objview_scalar(const cJSON *v)
{
	if (cJSON_IsString(v))
		return objview_needs_quotes(v->valuestring) ? objview_quote(v->valuestring) :
		    xstrdup(v->valuestring);
	if (cJSON_IsNull(v))
		return xstrdup("null");
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
	return cJSON_PrintUnformatted(v);
}

static void objview_yaml(struct objview *ov, const cJSON *v, int indent, enum pager_fold fold);

/* key: value, or key: then the nested block */
static void
objview_member(struct objview *ov, const char *key, const cJSON *v, int indent,
    enum pager_fold fold, int dash, int secret_data)
{
	if ((cJSON_IsObject(v) || cJSON_IsArray(v)) && v->child != NULL) {
		if (key != NULL && strcmp(key, "managedFields") == 0 && fold == PAGER_PLAIN) {
			char *ph = xasprintf("%*smanagedFields: # %d entries folded (z unfolds)", indent, "",
			    cJSON_GetArraySize(v));
			pager_add(ov->p, ph, indent + 14, THEME_YAML_KEY, THEME_YAML_COMMENT, PAGER_PLACEHOLDER);
			free(ph);
			fold = PAGER_FOLDED;
		}
		objview_line(ov, indent, key, NULL, fold, dash);
		objview_yaml(ov, v, indent + 2 + (dash ? 2 : 0), fold);
		return;
	}
	if (secret_data && cJSON_IsString(v)) {
		unsigned long n = 0;
		char *dec = ov->reveal ? objview_base64_decode(v->valuestring, &n) : NULL;
		char *shown;
		if (dec != NULL && memchr(dec, '\0', n) == NULL && strchr(dec, '\n') != NULL) {
			/* a certificate, a config file: a block, as kubectl would want it back */
			objview_line(ov, indent, key, "|", fold, dash);
			char *save = NULL;
			for (char *l = strtok_r(dec, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
				char *line = xasprintf("%*s%s", indent + 2 + (dash ? 2 : 0), "", l);
				pager_add(ov->p, line, 0, THEME_YAML_VALUE, THEME_YAML_VALUE, fold);
				free(line);
			}
			free(dec);
			return;
		}
		if (!ov->reveal)
			shown = xasprintf("'********' # hidden (%zu bytes base64; x reveals)",
			    strlen(v->valuestring));
		else if (dec != NULL && strchr(dec, '\n') == NULL && memchr(dec, '\0', n) == NULL)
			shown = objview_quote(dec);
		else
			shown = dec ? xasprintf("# %lu bytes of binary or multi-line data", n) :
			    xstrdup(v->valuestring);
		objview_line(ov, indent, key, shown, fold, dash);
		free(shown);
		free(dec);
		return;
	}
	char *s = (cJSON_IsObject(v) ? xstrdup("{}") : cJSON_IsArray(v) ? xstrdup("[]") : objview_scalar(v));
	if (cJSON_IsString(v) && strchr(v->valuestring, '\n') != NULL) {
		objview_line(ov, indent, key, "|", fold, dash);
		char *copy = xstrdup(v->valuestring), *save = NULL;
		for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char *line = xasprintf("%*s%s", indent + 2 + (dash ? 2 : 0), "", l);
			pager_add(ov->p, line, 0, THEME_YAML_VALUE, THEME_YAML_VALUE, fold);
			free(line);
		}
		free(copy);
	} else
		objview_line(ov, indent, key, s, fold, dash);
	free(s);
}

static void
objview_yaml(struct objview *ov, const cJSON *v, int indent, enum pager_fold fold)
{
	const cJSON *c;

	if (cJSON_IsObject(v)) {
		for (c = v->child; c; c = c->next)
			objview_member(ov, c->string, c, indent, fold, 0, 0);
	} else if (cJSON_IsArray(v)) {
		for (c = v->child; c; c = c->next) {
			if (cJSON_IsObject(c) && c->child != NULL) {
				/* "- first: x" then the other members under it */
				const cJSON *m = c->child;
				objview_member(ov, m->string, m, indent, fold, 1, 0);
				for (m = m->next; m; m = m->next)
					objview_member(ov, m->string, m, indent + 2, fold, 0, 0);
			} else
				objview_member(ov, NULL, c, indent, fold, 1, 0);
		}
	}
}

void
objview_render(struct pager *p, const cJSON *obj, const char *kind, int format, int reveal)
{
	struct objview ov = { .p = p, .reveal = reveal };
	const cJSON *own = cJSON_GetObjectItemCaseSensitive(obj, "kind");

	ov.secret = (kind != NULL && strcmp(kind, "Secret") == 0) ||
	    (cJSON_IsString(own) && strcmp(own->valuestring, "Secret") == 0);
	if (format == OBJVIEW_JSON) {
		cJSON *copy = cJSON_Duplicate(obj, 1);
		cJSON *meta = cJSON_GetObjectItemCaseSensitive(copy, "metadata");
		if (meta != NULL && pager_folded(p) && cJSON_HasObjectItem(meta, "managedFields"))
			cJSON_ReplaceItemInObjectCaseSensitive(meta, "managedFields",
			    cJSON_CreateString("(folded: z unfolds)"));
		if (ov.secret) {
			cJSON *data = cJSON_GetObjectItemCaseSensitive(copy, "data");
			for (cJSON *d = data ? data->child : NULL; d; d = d->next) {
				if (!cJSON_IsString(d))
					continue;
				unsigned long n;
				char *dec = reveal ? objview_base64_decode(d->valuestring, &n) : NULL;
				cJSON_SetValuestring(d, reveal ? (dec ? dec : d->valuestring) : "********");
				free(dec);
			}
		}
		char *text = cJSON_Print(copy), *save = NULL;
		for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			for (char *t = l; *t; t++)
				if (*t == '\t')
					*t = ' ';
			char *colon = strstr(l, "\":");
			pager_add(p, l, colon ? (int)(colon - l) + 2 : 0, THEME_YAML_KEY, THEME_YAML_VALUE,
			    PAGER_PLAIN);
		}
		free(text);
		cJSON_Delete(copy);
		return;
	}
	for (const cJSON *c = obj ? obj->child : NULL; c; c = c->next)
		objview_member(&ov, c->string, c, 0, PAGER_PLAIN, 0, 0);
	if (ov.secret) {
		/* redo data: with hidden values (the plain pass above showed base64) */
		pager_clear(p);
		for (const cJSON *c = obj->child; c; c = c->next) {
			if (strcmp(c->string, "data") == 0 || strcmp(c->string, "stringData") == 0) {
				objview_line(&ov, 0, c->string, NULL, PAGER_PLAIN, 0);
				for (const cJSON *d = c->child; d; d = d->next)
					objview_member(&ov, d->string, d, 2, PAGER_PLAIN, 0,
					    strcmp(c->string, "data") == 0);
			} else
				objview_member(&ov, c->string, c, 0, PAGER_PLAIN, 0, 0);
		}
	}
}
