/* The action registry; see action.h. */
#include <string.h>

#include "ui/widget/action.h"

static const struct action_info action_infos[ACT_COUNT] = {
	[ACT_NONE] = { "none", "does nothing (unbinds a key)", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_QUIT] = { "quit", "go back as less does; on the first screen quit kdeck (asking when shells or forwards would end)", "quit", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_INTERRUPT] = { "interrupt", "ask before quitting (Ctrl-C)", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_HELP] = { "help", "this help, generated from the active keymap", "help", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_BACK] = { "back", "drop a list's filter, else go back to the previous screen; close a prompt or viewer", "back", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_ENTER] = { "enter", "open the selected row (drill down: a cluster to its namespaces, a namespace to its workloads, a workload, service or node to its pods); on pulse, what the line names", "open", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_UP] = { "up", "move up", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_DOWN] = { "down", "move down", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_LEFT] = { "left", "scroll left", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_RIGHT] = { "right", "scroll right", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_PAGE_UP] = { "page-up", "one page up", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_PAGE_DOWN] = { "page-down", "one page down", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_TOP] = { "top", "go to the first row", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_BOTTOM] = { "bottom", "go to the last row", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_COMMAND] = { "command", "the : prompt (resources, ctx, ns, clusters, projects, pulse)", "cmd", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_FILTER] = { "filter", "filter rows (text, regex, -l selector, ! inverts); search forward in viewers", "filter", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_SEARCH_NEXT] = { "search-next", "next match in a viewer", "next", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_SEARCH_PREV] = { "search-prev", "previous match in a viewer", "prev", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_SEARCH_BACK] = { "search-back", "search backward in a viewer (as ? in less)", "search back", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_DESCRIBE] = { "describe", "describe the object, with its events", "describe", "get", NULL, 0, KEYMAP_KEYS },
	[ACT_YAML] = { "yaml", "the object as YAML", "yaml", "get", NULL, 0, KEYMAP_KEYS },
	[ACT_JSON] = { "json", "the object as JSON", NULL, "get", NULL, 0, KEYMAP_KEYS },
	[ACT_FOLD] = { "fold", "fold or unfold managedFields in a viewer", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_ALL_NAMESPACES] = { "all-namespaces", "all namespaces; again: back to the namespace left", "all-ns", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_REFRESH] = { "refresh", "list again from the server", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_WIDE] = { "wide", "toggle the wide columns", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_MARK] = { "mark", "mark or unmark the row (multi-select)", "mark", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_MARK_CLEAR] = { "mark-clear", "clear every mark", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_SORT_NEXT] = { "sort-next", "sort by the next column", "sort", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_SORT_PREV] = { "sort-prev", "sort by the previous column", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_SORT_REVERSE] = { "sort-reverse", "reverse the sort order", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_SORT_NAME] = { "sort-name", "sort by name", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_SORT_AGE] = { "sort-age", "sort by age", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_REVEAL] = { "reveal", "show a secret's decoded values, from its list or its YAML (asks first)", NULL, "get", NULL, 0, KEYMAP_KEYS },
	[ACT_THEME_NEXT] = { "theme-next", "switch to the next theme", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_CLUSTERS] = { "clusters", "every kubeconfig context", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_PROJECTS] = { "projects", "namespaces grouped into projects (Rancher, KubeSphere, OpenShift, projects.yaml)", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_PULSE] = { "pulse", "the cluster at a glance", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_CONTEXTS] = { "contexts", "switch context", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_NAMESPACES] = { "namespaces", "the namespaces", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	/* an operation's verb and subresource are its descriptor's (ops/, ui/perm.c) */
	[ACT_DELETE] = { "delete", "delete the selected or marked objects (asks first)", "delete", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_EDIT] = { "edit", "edit the object", "edit", "update", NULL, 1, KEYMAP_KEYS },
	[ACT_EDIT_EXTERNAL] = { "edit-external", "edit the object in $KUBE_EDITOR, else $EDITOR, else vi, as kubectl edit does; saved as the editor saves (checked, diffed, confirmed)", NULL, "patch", NULL, 1, KEYMAP_KEYS },
	[ACT_SCALE] = { "scale", "scale a workload", NULL, "patch", "scale", 1, KEYMAP_KEYS },
	[ACT_RESTART] = { "restart", "rollout restart the selected or marked workloads (asks first)", "restart", NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_LOGS] = { "logs", "follow the logs of a pod or workload", "logs", "get", "log", 0, KEYMAP_KEYS },
	[ACT_SHELL] = { "shell", "a shell in the pod's container (a workload: one of its pods); an image without one offers a debug container", "shell", "create", "exec", 1, KEYMAP_KEYS },
	[ACT_DEBUG] = { "debug", "add an ephemeral debug container (config debugImage) and attach to it", NULL, "patch", "ephemeralcontainers", 1, KEYMAP_KEYS },
	[ACT_PORT_FORWARD] = { "port-forward", "forward a local port to a pod or service (127.0.0.1; asks for another when it needs root or is in use)", NULL, "create", "portforward", 0, KEYMAP_KEYS },
	[ACT_SESSIONS] = { "sessions", "the shell sessions (they go on streaming while hidden)", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_FORWARDS] = { "forwards", "the port-forwards, to stop one", NULL, NULL, NULL, 0, KEYMAP_KEYS },
	[ACT_LOG_FOLLOW] = { "log-follow", "follow on/off (scrolling up pauses it; bottom follows again)", "follow", NULL, NULL, 0, KEYMAP_LOGS },
	[ACT_LOG_PREVIOUS] = { "log-previous", "the previous container's logs (after a restart), or the current ones again", "previous", NULL, NULL, 0, KEYMAP_LOGS },
	[ACT_LOG_TIMESTAMPS] = { "log-timestamps", "timestamps on/off", "timestamps", NULL, NULL, 0, KEYMAP_LOGS },
	[ACT_LOG_WRAP] = { "log-wrap", "wrap long lines on/off", "wrap", NULL, NULL, 0, KEYMAP_LOGS },
	[ACT_LOG_CONTAINER] = { "log-container", "another container of the pod, or all of them", "container", NULL, NULL, 0, KEYMAP_LOGS },
	[ACT_LOG_TAIL] = { "log-tail", "tail: the last 100, 1000, 10000 lines or all, then follow", "tail", NULL, NULL, 0, KEYMAP_LOGS },
	[ACT_LOG_SINCE] = { "log-since", "since: 1m, 5m, 15m, 1h, 6h, 24h ago, or from the start", "since", NULL, NULL, 0, KEYMAP_LOGS },
	[ACT_LOG_SAVE] = { "log-save", "save the lines kept to a file (state folder, mode 0600)", "save", NULL, NULL, 0, KEYMAP_LOGS },
	[ACT_SHELL_LEAVE] = { "shell-leave", "back to the browser (the session goes on streaming)", "leave", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_END] = { "shell-end", "end the session", "end", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_NEXT] = { "shell-next", "the next session", "next", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_PREV] = { "shell-prev", "the previous session", "prev", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_LIST] = { "shell-list", "the session list", "sessions", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_SCROLL] = { "shell-scroll", "scroll back (arrows, pgup/pgdn, g/G, / ? search, n/N, y copy, q back)", "scroll", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_SEARCH] = { "shell-search", "search the scrollback", "search", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_COPY] = { "shell-copy", "copy the screen or the match (OSC 52)", "copy", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_RECONNECT] = { "shell-reconnect", "reconnect", "reconnect", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
	[ACT_SHELL_RECORD] = { "shell-record", "start or stop recording (asciicast v2)", "record", NULL, NULL, 0, KEYMAP_SHELL_PREFIX },
};

const struct action_info *
action_info(enum action a)
{
	return (unsigned)a < ACT_COUNT ? &action_infos[a] : &action_infos[ACT_NONE];
}

int
action_find(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (strcmp(action_infos[i].name, name) == 0)
			return i;
	return -1;
}
