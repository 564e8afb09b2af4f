#include <stdio.h>
#include <string.h>

#include "ui/help.h"
#include "ui/page_logs.h"
#include "ui/pager.h"

void
help_render(struct pager *p, const struct keymap *km, help_allowed_fn allowed, void *arg)
{
	pager_addf(p, THEME_TITLE, "Keys of the %s keymap (kdeck(5) tells how to change them)", keymap_name(km));
	pager_addf(p, THEME_TABLE_HEADER, "  %-22s %-16s %s", "KEYS", "ACTION", "WHAT IT DOES");
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[128] = "", name[32], why[200] = "";
		enum action b;
		int k;
		for (size_t i = 0; (k = keymap_binding(km, i, &b)) >= 0; i++) {
			if (b != (enum action)a)
				continue;
			keymap_key_name(k, name, sizeof name);
			size_t l = strlen(keys);
			snprintf(keys + l, sizeof keys - l, "%s%s", l ? " " : "", name);
		}
		int ok = allowed == NULL || allowed(a, why, sizeof why, arg);
		char line[512];
		snprintf(line, sizeof line, "  %-22s %-16s %s%s%s%s", keys[0] ? keys : "(unbound)",
		    action_info(a)->name, action_info(a)->help, ok ? "" : "  [disabled: ", ok ? "" : why,
		    ok ? "" : "]");
		pager_add(p, line, 24, THEME_HINT_KEY, ok ? THEME_YAML_VALUE : THEME_HINT_DISABLED, PAGER_PLAIN);
	}
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "Commands (after :)");
	static const char *const cmds[][2] = {
		{ ":RESOURCE [NS|-A] [@CTX,...]", "list a resource: pods, deploy, svc, no, a CRD; several clusters with @" },
		{ ":ctx [NAME]", "switch context, or list them" },
		{ ":ns [NAME]", "switch namespace, or list them" },
		{ ":clusters", "every context: reachability, latency, version, auth, nodes, pods" },
		{ ":pulse", "the cluster at a glance; the busiest pods when metrics are served" },
		{ ":workloads [NS|-A]", "deployments, statefulsets, daemonsets, cronjobs: ready, restarts, failing pods (wl)" },
		{ ":projects", "namespaces grouped into projects (Rancher, KubeSphere, OpenShift, projects.yaml; across clusters): Enter its workloads, d its namespaces" },
		{ ":exec CMD", "run CMD in the selected pod (a workload: one of its pods), in a terminal" },
		{ ":sessions", "the shell sessions: Enter shows one, delete ends it" },
		{ ":port-forward T [L:]P", "T: [NS/]pod/NAME or [NS/]svc/NAME; L 0 a free port, none the same" },
		{ ":forwards", "the port-forwards: delete stops one" },
		{ ":theme NAME", "switch theme live (dark, light, high-contrast, solarized, mono)" },
		{ ":help", "this screen" },
		{ ":q", "quit" },
	};
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		char line[300];
		snprintf(line, sizeof line, "  %-30s %s", cmds[i][0], cmds[i][1]);
		pager_add(p, line, 32, THEME_HINT_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
	}
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In the log view (before the keymap)");
	for (size_t i = 0; page_logs_keys[i][0] != NULL; i++) {
		char line[300];
		snprintf(line, sizeof line, "  %-22s %s", page_logs_keys[i][0], page_logs_keys[i][1]);
		pager_add(p, line, 24, THEME_HINT_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
	}
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In a shell: every key is the shell's; after the prefix key (ctrl-], or shellPrefixKey)");
	static const char *const shk[][2] = {
		{ "d q", "back to the browser (the session goes on streaming)" },
		{ "n p", "next / previous session" }, { "s", "the session list" }, { "x", "end the session" },
		{ "[ /", "scroll back, search the scrollback" }, { "y", "copy the screen or the match (OSC 52)" },
		{ "r R", "reconnect; start or stop recording (asciicast v2)" }, { "the prefix", "sends it to the shell" },
	};
	for (size_t i = 0; i < sizeof shk / sizeof shk[0]; i++) {
		char line[300];
		snprintf(line, sizeof line, "  %-22s %s", shk[i][0], shk[i][1]);
		pager_add(p, line, 24, THEME_HINT_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
	}
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "Filter (after /)");
	pager_addf(p, THEME_YAML_VALUE, "  text: substring; a regex when it has regex characters; -l app=web: labels; !x: rows NOT matching");
}
