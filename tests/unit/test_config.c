/* config.yaml, the search paths for views/themes/keymaps, and the log's redaction. */
#include "t.h"

#include "config.h"
#include "log.h"

static struct kd_err err;

T_CASE(config_values)
{
	const char *p = t_write("c1.yaml", "theme: light\nkeymap: vim\nreadOnly: false\nlogLevel: debug\n"
	    "logFile: /tmp/x.log\nshellPrefixKey: C-a\ncontexts:\n  prod: {readOnly: true}\n  dev:\n", 0);
	T_ASSERT_MSG(config_load(p, &err) == 0, "%s", err.msg);
	T_EQ_STR(config_theme(), "light");
	T_EQ_STR(config_keymap(), "vim");
	T_EQ_STR(config_log_level(), "debug");
	T_EQ_STR(config_log_file(), "/tmp/x.log");
	T_EQ_STR(config_shell_prefix_key(), "C-a");
	T_EQ_INT(config_readonly("prod"), 1);
	T_EQ_INT(config_readonly("dev"), 0);
	T_EQ_INT(config_readonly(NULL), 0);
	config_free();
}

T_CASE(config_bounds)
{
	const char *p = t_write("b1.yaml", "maxWebSocketMessageMiB: 256\nmaxLogLineKiB: 4096\n", 0);
	T_ASSERT_MSG(config_load(p, &err) == 0, "%s", err.msg);
	T_EQ_INT(config_max_ws_message_mib(), 256);
	T_EQ_INT(config_max_log_line_kib(), 4096);
	config_free();
	T_EQ_INT(config_max_ws_message_mib(), 0);
	p = t_write("b2.yaml", "maxWebSocketMessageMiB: 5000\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "maxWebSocketMessageMiB must be a whole number from 1 to 4095");
	config_free();
	T_EQ_INT(config_canary_step(), 10);
	p = t_write("b4.yaml", "canaryStep: 25\n", 0);
	T_ASSERT_MSG(config_load(p, &err) == 0, "%s", err.msg);
	T_EQ_INT(config_canary_step(), 25);
	config_free();
	T_EQ_INT(config_canary_step(), 10);
	p = t_write("b5.yaml", "canaryStep: 101\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "canaryStep must be a whole number from 1 to 100");
	config_free();
	p = t_write("b3.yaml", "maxLogLineKiB: lots\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "maxLogLineKiB must be a whole number");
	config_free();
}

T_CASE(config_webhook_url_and_bound)
{
	const char *p = t_write("w1.yaml", "auditWebhook: https://audit.example/kdeck\nauditWebhookSpoolMax: 50\n", 0);
	T_ASSERT_MSG(config_load(p, &err) == 0, "%s", err.msg);
	T_EQ_STR(config_audit_webhook(), "https://audit.example/kdeck");
	T_EQ_INT(config_audit_webhook_spool_max(), 50);
	config_free();
	T_ASSERT(config_audit_webhook() == NULL);
	T_EQ_INT(config_audit_webhook_spool_max(), 10000);
	/* only http and https, with a host */
	p = t_write("w2.yaml", "auditWebhook: file:///etc/passwd\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "w2.yaml:1:");
	T_CONTAINS(err.msg, "auditWebhook must be an http:// or https:// URL");
	T_ASSERT(config_audit_webhook() == NULL);
	config_free();
	p = t_write("w3.yaml", "auditWebhookSpoolMax: 0\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "auditWebhookSpoolMax must be a whole number from 1 to");
	config_free();
}

T_CASE(config_global_readonly)
{
	const char *p = t_write("c2.yaml", "readOnly: true\ncontexts: {lab: {readOnly: false}}\n", 0);
	T_ASSERT_MSG(config_load(p, &err) == 0, "%s", err.msg);
	T_EQ_INT(config_readonly("prod"), 1);
	T_EQ_INT(config_readonly("lab"), 0);
	config_free();
}

T_CASE(config_production_context)
{
	const char *p = t_write("c3.yaml", "contexts:\n  prod: {production: true, readOnly: true}\n"
	    "  staging: {production: false}\n  lab:\n", 0);
	T_ASSERT_MSG(config_load(p, &err) == 0, "%s", err.msg);
	T_EQ_INT(config_production("prod"), 1);
	T_EQ_INT(config_readonly("prod"), 1);
	T_EQ_INT(config_production("staging"), 0);
	T_EQ_INT(config_production("lab"), 0);
	T_EQ_INT(config_production("elsewhere"), 0);
	T_EQ_INT(config_production(NULL), 0);
	config_free();
	p = t_write("c4.yaml", "contexts:\n  prod: {production: sure}\n", 0);
	T_ASSERT(config_load(p, &err) != 0);
	T_CONTAINS(err.msg, "production must be true or false");
	config_free();
	p = t_write("c5.yaml", "contexts:\n  prod: {prod: true}\n", 0);
	T_ASSERT(config_load(p, &err) != 0);
	T_CONTAINS(err.msg, "readOnly, production");
	config_free();
}

T_CASE(config_production_patterns)
{
	const char *p = t_write("c6.yaml", "productionContexts: [\"prod-*\", \"*-live\"]\n"
	    "contexts:\n  marked: {production: true}\n", 0);
	T_ASSERT_MSG(config_load(p, &err) == 0, "%s", err.msg);
	T_EQ_INT(config_production("prod-eu"), 1);
	T_EQ_INT(config_production("shop-live"), 1);
	T_EQ_INT(config_production("marked"), 1);
	T_EQ_INT(config_production("staging"), 0);
	T_EQ_INT(config_production("preprod-eu"), 0);
	T_EQ_INT(config_production("shop-live-2"), 0);
	config_free();
	p = t_write("c7.yaml", "productionContexts: prod-*\n", 0);
	T_ASSERT(config_load(p, &err) != 0);
	T_CONTAINS(err.msg, "productionContexts must be a list");
	config_free();
	p = t_write("c8.yaml", "productionContexts: [3]\n", 0);
	T_ASSERT(config_load(p, &err) != 0);
	T_CONTAINS(err.msg, "must be a pattern");
	config_free();
	T_EQ_INT(config_production("prod-eu"), 0);
}

T_CASE(config_missing_default_is_fine)
{
	char dir[600];
	snprintf(dir, sizeof dir, "%s/xdg-empty", t_tmpdir());
	setenv("XDG_CONFIG_HOME", dir, 1);
	T_EQ_INT(config_load(NULL, &err), 0);
	T_ASSERT(config_theme() == NULL);
	config_free();
}

T_CASE(config_default_from_xdg)
{
	t_write("xdg/kdeck/config.yaml", "theme: solarized\n", 0);
	char dir[600];
	snprintf(dir, sizeof dir, "%s/xdg", t_tmpdir());
	setenv("XDG_CONFIG_HOME", dir, 1);
	T_ASSERT_MSG(config_load(NULL, &err) == 0, "%s", err.msg);
	T_EQ_STR(config_theme(), "solarized");
	config_free();
}

T_CASE(config_broken_yaml_uses_defaults)
{
	const char *p = t_write("broken.yaml", "theme: dark\nkeymap: [vim\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "broken.yaml:3:1: ");
	T_CONTAINS(err.msg, "kdeck uses its defaults until it is fixed");
	T_ASSERT(config_theme() == NULL);
	config_free();
}

T_CASE(config_wrong_types_name_the_key)
{
	const char *p = t_write("types.yaml", "theme: dark\nreadOnly: maybe\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "types.yaml:2:1: readOnly must be true or false");
	T_ASSERT(config_theme() == NULL);   /* a broken file counts as a whole */
	config_free();
	p = t_write("unknown.yaml", "theme: dark\n\nthme: light\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "unknown.yaml:3:1: \"thme\" is not a setting");
	config_free();
	p = t_write("ctx.yaml", "contexts:\n  prod: {readonly: true}\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "ctx.yaml:2:10: contexts.prod.readonly is not a context setting");
	config_free();
	p = t_write("level.yaml", "logLevel: loud\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "level.yaml:1:1: logLevel must be error, warn, info or debug");
	config_free();
	p = t_write("list.yaml", "- theme\n", 0);
	T_EQ_INT(config_load(p, &err), -1);
	T_CONTAINS(err.msg, "list.yaml:1:1: the file must be a map");
	config_free();
}

T_CASE(config_search_path_order)
{
	t_write("sp/user/kdeck/views/pods.yaml", "x: 1\n", 0);
	t_write("sp/data/views/pods.yaml", "x: 2\n", 0);
	t_write("sp/data/themes/dark.yaml", "x: 3\n", 0);
	char user[600], data[600];
	snprintf(user, sizeof user, "%s/sp/user", t_tmpdir());
	snprintf(data, sizeof data, "%s/sp/data", t_tmpdir());
	setenv("XDG_CONFIG_HOME", user, 1);
	setenv("KDECK_DATA_DIR", data, 1);
	const char **v = config_search_path("views");
	T_ASSERT(v[0] != NULL && v[1] != NULL && v[2] == NULL);
	T_CONTAINS(v[0], "sp/user/kdeck/views");
	T_CONTAINS(v[1], "sp/data/views");
	T_ASSERT(config_search_path("views") == v);   /* owned by config, stable */
	const char **t = config_search_path("themes");
	T_ASSERT(t[0] != NULL && t[1] == NULL);
	T_CONTAINS(t[0], "sp/data/themes");
	const char **k = config_search_path("keymaps");
	T_ASSERT(k[0] == NULL);
	config_free();
	/* a checkout keeps its templates in contrib/, an install in share/kdeck/templates */
	t_write("sp/data/contrib/templates/job.yaml", "x: 4\n", 0);
	const char **tp = config_search_path("templates");
	T_ASSERT(tp[0] != NULL && tp[1] == NULL);
	T_CONTAINS(tp[0], "sp/data/contrib/templates");
	config_free();
	t_write("sp/data/templates/job.yaml", "x: 5\n", 0);
	tp = config_search_path("templates");
	T_ASSERT(tp[0] != NULL && tp[1] == NULL);
	T_CONTAINS(tp[0], "sp/data/templates");
	T_LACKS(tp[0], "contrib");
	config_free();
	unsetenv("KDECK_DATA_DIR");
}

T_CASE(config_data_dir_from_checkout)
{
	/* this test binary lives in BUILD/tests/ of a checkout: its views/ are found */
	unsetenv("KDECK_DATA_DIR");
	char dir[600];
	snprintf(dir, sizeof dir, "%s/xdg-none", t_tmpdir());
	setenv("XDG_CONFIG_HOME", dir, 1);
	const char **v = config_search_path("views");
	struct stat st;
	if (stat("views", &st) != 0)
		T_SKIP("not run from the checkout");
	T_ASSERT(v[0] != NULL);
	char want[4200];
	char *cwd = getcwd(NULL, 0);
	snprintf(want, sizeof want, "%s/views", cwd);
	free(cwd);
	T_EQ_STR(v[0], want);
	config_free();
}

T_CASE(log_redacts)
{
	struct {
		const char *in, *out;
	} cases[] = {
		{ "Authorization: Bearer abc.def", "Authorization: Bearer <redacted>" },
		{ "authorization: basic dXNlcjpwdw==\r\nAccept: x", "authorization: basic <redacted>\r\nAccept: x" },
		{ "GET /api?watch=1&token=s3cret&limit=5", "GET /api?watch=1&token=<redacted>&limit=5" },
		{ "https://bob:hunter2@proxy:3128/", "https://bob:<redacted>@proxy:3128/" },
		{ "{\"status\":{\"token\":\"t0k\\\"en\",\"x\":1}}", "{\"status\":{\"token\":\"<redacted>\",\"x\":1}}" },
		{ "key -----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY----- done", "key <redacted key> done" },
		{ "labelSelector=app%3Dtoken", "labelSelector=app%3Dtoken" },
		{ "no secrets here", "no secrets here" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *r = log_redact(cases[i].in);
		int same = strcmp(r, cases[i].out) == 0;
		if (!same)
			t_fail(__FILE__, __LINE__, "log_redact(\"%s\") is \"%s\", want \"%s\"", cases[i].in, r, cases[i].out);
		free(r);
		if (!same)
			return;
	}
}

T_CASE(log_file_levels_and_redaction)
{
	char path[600];
	snprintf(path, sizeof path, "%s/kdeck.log", t_tmpdir());
	T_EQ_INT(log_open(path, "warn", &err), 0);
	log_info("not written");
	log_warn("sent Authorization: Bearer SECRET-TOKEN to %s", "https://h");
	log_error("boom");
	T_ASSERT(!log_enabled(LOG_LEVEL_DEBUG));
	log_close();
	FILE *f = fopen(path, "r");
	T_ASSERT(f != NULL);
	char buf[2048];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	T_LACKS(buf, "not written");
	T_LACKS(buf, "SECRET-TOKEN");
	T_CONTAINS(buf, " warn  sent Authorization: Bearer <redacted> to https://h\n");
	T_CONTAINS(buf, " error boom\n");
	T_EQ_INT(log_open(path, "loud", &err), -1);
	T_CONTAINS(err.msg, "--log-level loud is not a level");
	T_EQ_INT(log_open("/nonexistent/dir/kdeck.log", NULL, &err), -1);
	T_CONTAINS(err.msg, "/nonexistent/dir/kdeck.log: cannot open the log file");
	log_close();
}

int
main(void)
{
	T_RUN(config_values);
	T_RUN(config_bounds);
	T_RUN(config_webhook_url_and_bound);
	T_RUN(config_global_readonly);
	T_RUN(config_production_context);
	T_RUN(config_production_patterns);
	T_RUN(config_missing_default_is_fine);
	T_RUN(config_default_from_xdg);
	T_RUN(config_broken_yaml_uses_defaults);
	T_RUN(config_wrong_types_name_the_key);
	T_RUN(config_search_path_order);
	T_RUN(config_data_dir_from_checkout);
	T_RUN(log_redacts);
	T_RUN(log_file_levels_and_redaction);
	return t_done();
}
