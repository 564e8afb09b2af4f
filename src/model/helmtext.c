#include "model/helmtext.h"

#include <cjson/cJSON.h>

#include "model/helmrel.h"
#include "model/helmvalues.h"
#include "util/sbuf.h"
#include "util/xmalloc.h"

static const char *const helmtext_words[HELMTEXT_COUNT] = { "manifest", "values (user-supplied)",
	"values (all, with the chart's defaults)", "notes", "hooks" };
static const char *const helmtext_heads[HELMTEXT_COUNT] = { "MANIFEST:", "USER-SUPPLIED VALUES:",
	"COMPUTED VALUES:", "NOTES:", "HOOKS:" };

const char *
helmtext_word(enum helmtext what)
{
	return (unsigned)what < HELMTEXT_COUNT ? helmtext_words[what] : "";
}

const char *
helmtext_head(enum helmtext what)
{
	return (unsigned)what < HELMTEXT_COUNT ? helmtext_heads[what] : "";
}

char *
helmtext_of(const struct helmrel *r, enum helmtext what)
{
	struct sbuf b = { 0 };
	const cJSON *hook;
	switch (what) {
	case HELMTEXT_MANIFEST: return xstrdup(r->manifest ? r->manifest : "");
	case HELMTEXT_VALUES: return helmvalues_user_yaml(r->json);
	case HELMTEXT_ALL: return helmvalues_all_yaml(r->json);
	case HELMTEXT_NOTES: return xstrdup(r->notes ? r->notes : "");
	case HELMTEXT_HOOKS:
		cJSON_ArrayForEach(hook, cJSON_GetObjectItemCaseSensitive(r->json, "hooks")) {
			const cJSON *path = cJSON_GetObjectItemCaseSensitive(hook, "path");
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(hook, "manifest");
			sbuf_str(&b, "---\n# Source: ");
			sbuf_str(&b, cJSON_IsString(path) ? path->valuestring : "");
			sbuf_str(&b, "\n");
			sbuf_str(&b, cJSON_IsString(m) ? m->valuestring : "");
			sbuf_str(&b, "\n");
		}
		return b.s ? b.s : xstrdup("");
	default:
		return xstrdup("");
	}
}
