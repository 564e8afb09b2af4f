#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ui/objview.h"
#include "ui/widget/pager.h"
#include "util/base64.h"
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

struct objview {
	struct pager *p;
	int reveal;
	int secret;
};

/* How a member's value is a Secret's: not at all, base64 (data), or as written (stringData,
 * and the last-applied annotation, which holds what was applied: stringData or data). */
enum objview_hide { OBJVIEW_SHOWN, OBJVIEW_BASE64, OBJVIEW_TEXT };

int
objview_hidden_key(const char *key)
{
	return key != NULL && strcmp(key, OBJVIEW_LAST_APPLIED) == 0;
}

/* The hidden form of a Secret's value: its decoded size, never its text. */
static char *
objview_mask(const cJSON *v, enum objview_hide how)
{
	size_t n = strlen(v->valuestring);
	char *dec = how == OBJVIEW_BASE64 ? base64_decode(v->valuestring, &n) : NULL;
	char *s;

	if (how == OBJVIEW_BASE64 && dec == NULL)
		s = xstrdup("'********' # hidden (not base64; x reveals)");
	else
		s = xasprintf("'********' # hidden (%zu bytes; x reveals)", n);
	if (dec != NULL)
		memset(dec, 0, n);
	free(dec);
	return s;
}

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
    enum pager_fold fold, int dash, enum objview_hide hide)
{
	if (ov->secret && hide == OBJVIEW_SHOWN && objview_hidden_key(key))
		hide = OBJVIEW_TEXT;
	if (hide != OBJVIEW_SHOWN && cJSON_IsString(v) && !ov->reveal) {
		char *shown = objview_mask(v, hide);
		objview_line(ov, indent, key, shown, fold, dash);
		free(shown);
		return;
	}
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
	if (hide == OBJVIEW_BASE64 && cJSON_IsString(v)) {
		size_t n = 0;
		char *dec = base64_decode(v->valuestring, &n);
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
		if (dec != NULL && strchr(dec, '\n') == NULL && memchr(dec, '\0', n) == NULL)
			shown = objview_quote(dec);
		else
			shown = dec ? xasprintf("# %zu bytes of binary or multi-line data", n) :
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
			objview_member(ov, c->string, c, indent, fold, 0, OBJVIEW_SHOWN);
	} else if (cJSON_IsArray(v)) {
		for (c = v->child; c; c = c->next) {
			if (cJSON_IsObject(c) && c->child != NULL) {
				/* "- first: x" then the other members under it */
				const cJSON *m = c->child;
				objview_member(ov, m->string, m, indent, fold, 1, OBJVIEW_SHOWN);
				for (m = m->next; m; m = m->next)
					objview_member(ov, m->string, m, indent + 2, fold, 0, OBJVIEW_SHOWN);
			} else
				objview_member(ov, NULL, c, indent, fold, 1, OBJVIEW_SHOWN);
		}
	}
}

/* A Secret's values in a copy for JSON: masked, or decoded when revealed */
static void
objview_json_hide(cJSON *copy, int reveal)
{
	static const char *const parts[] = { "data", "stringData", NULL };
	for (int i = 0; parts[i]; i++) {
		cJSON *m = cJSON_GetObjectItemCaseSensitive(copy, parts[i]);
		for (cJSON *d = m ? m->child : NULL; d; d = d->next) {
			if (!cJSON_IsString(d))
				continue;
			char *dec = reveal && i == 0 ? base64_decode(d->valuestring, NULL) : NULL;
			if (!reveal)
				cJSON_SetValuestring(d, "********");
			else if (dec != NULL)
				cJSON_SetValuestring(d, dec);
			free(dec);
		}
	}
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(copy, "metadata"),
	    "annotations");
	for (cJSON *a = ann ? ann->child : NULL; a && !reveal; a = a->next)
		if (cJSON_IsString(a) && objview_hidden_key(a->string))
			cJSON_SetValuestring(a, "********");
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
		if (ov.secret)
			objview_json_hide(copy, reveal);
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
	for (const cJSON *c = obj ? obj->child : NULL; c; c = c->next) {
		int data = ov.secret && c->string != NULL && strcmp(c->string, "data") == 0;
		int text = ov.secret && c->string != NULL && strcmp(c->string, "stringData") == 0;
		if ((data || text) && cJSON_IsObject(c) && c->child != NULL) {
			objview_line(&ov, 0, c->string, NULL, PAGER_PLAIN, 0);
			for (const cJSON *d = c->child; d; d = d->next)
				objview_member(&ov, d->string, d, 2, PAGER_PLAIN, 0,
				    data ? OBJVIEW_BASE64 : OBJVIEW_TEXT);
		} else
			objview_member(&ov, c->string, c, 0, PAGER_PLAIN, 0, OBJVIEW_SHOWN);
	}
}
