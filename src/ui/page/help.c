#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "ui/page/help.h"
#include "ui/widget/pager.h"
#include "ui/shell.h"

/* The bindings of a section, an action a line in the order of the actions. */
static void
help_section(struct pager *p, const struct keymap *km, enum keymap_section sec)
{
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[128], line[512];
		keymap_keys_of(km, sec, a, keys, sizeof keys);
		if (keys[0] == '\0' && action_info(a)->section != sec)
			continue;   /* a general action not bound here */
		snprintf(line, sizeof line, "  %-22s %-16s %s", keys[0] ? keys : "(unbound)", action_info(a)->name,
		    action_info(a)->help);
		pager_add(p, line, 24, THEME_HINT_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
	}
}

/* The history page's keys and the diff page's, which are the keys above used there. */
static void
help_history(struct pager *p, const struct keymap *km)
{
	char hist[64], enter[64], desc[64], mark[64], diff[64], back[64], rb[64];
	keymap_keys_of(km, KEYMAP_KEYS, ACT_HISTORY, hist, sizeof hist);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_ENTER, enter, sizeof enter);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_DESCRIBE, desc, sizeof desc);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_MARK, mark, sizeof mark);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_DIFF, diff, sizeof diff);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_ROLLBACK, rb, sizeof rb);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_BACK, back, sizeof back);
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In a rollout history (%s or :history on a deployment, statefulset or daemonset)",
	    hist[0] ? hist : ":history");
	pager_addf(p, THEME_YAML_VALUE, "  %s or %s: the revision's pod template; %s marks one, then %s diffs it against the",
	    enter[0] ? enter : "(unbound)", desc[0] ? desc : "(unbound)", mark[0] ? mark : "(unbound)",
	    diff[0] ? diff : "(unbound)");
	pager_addf(p, THEME_YAML_VALUE, "  selected one (nothing marked: the current one against it); %s rolls back to the selected one",
	    rb[0] ? rb : "(unbound)");
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In a diff (a history's, a rollback's): scrolled and searched as every viewer");
	pager_addf(p, THEME_YAML_VALUE, "  - removed, + added, @@ where; with a question on its last line: y yes, n, q or %s no",
	    back[0] ? back : "esc");
}

/* The Helm releases page and a release's history. */
static void
help_helm(struct pager *p, const struct keymap *km)
{
	char helm[64], enter[64], yaml[64], mark[64], diff[64], rb[64], del[64];
	keymap_keys_of(km, KEYMAP_KEYS, ACT_HELM, helm, sizeof helm);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_ROLLBACK, rb, sizeof rb);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_DELETE, del, sizeof del);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_ENTER, enter, sizeof enter);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_YAML, yaml, sizeof yaml);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_MARK, mark, sizeof mark);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_DIFF, diff, sizeof diff);
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In the Helm releases (%s or :helm [NS]) and a release's history",
	    helm[0] ? helm : ":helm");
	pager_addf(p, THEME_YAML_VALUE, "  %s on a release: its history; failed and stuck (pending-*) releases stand out",
	    enter[0] ? enter : "(unbound)");
	pager_addf(p, THEME_YAML_VALUE, "  %s on a revision: its manifest, values (user-supplied or all), notes or hooks; %s the manifest;",
	    enter[0] ? enter : "(unbound)", yaml[0] ? yaml : "(unbound)");
	pager_addf(p, THEME_YAML_VALUE, "  %s marks one, then %s diffs it against the selected one (nothing marked: the one before it)",
	    mark[0] ? mark : "(unbound)", diff[0] ? diff : "(unbound)");
	pager_addf(p, THEME_YAML_VALUE, "  %s rolls back to the selected revision (the list: to the one before), %s uninstalls;",
	    rb[0] ? rb : "(unbound)", del[0] ? del : "(unbound)");
	pager_addf(p, THEME_YAML_VALUE, "  each shows its plan first (hooks are not run) and asks; h keeps an uninstall's history");
}

/* The delete question's choices and the typed confirms. */
static void
help_delete(struct pager *p, const struct keymap *km)
{
	char del[64], undo[64];
	keymap_keys_of(km, KEYMAP_KEYS, ACT_DELETE, del, sizeof del);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_UNDO, undo, sizeof undo);
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In a delete's question (%s or :delete)", del[0] ? del : ":delete");
	pager_addf(p, THEME_YAML_VALUE, "  b, f, o: propagation Background (the default), Foreground, Orphan; on pods k: kill now");
	pager_addf(p, THEME_YAML_VALUE, "  (grace period 0); y yes. A namespace, more than five objects and every change on a");
	pager_addf(p, THEME_YAML_VALUE, "  production context want the name (or \"6 pods\") typed after y");
	pager_addf(p, THEME_YAML_VALUE, "  A delete cannot be undone (%s says so): in :audit, Enter on its line, then %s re-creates it",
	    undo[0] ? undo : ":undo", undo[0] ? undo : "(unbound)");
	pager_addf(p, THEME_YAML_VALUE, "  from its last YAML (a new uid; a Secret's values are never kept). When that copy cannot be");
	pager_addf(p, THEME_YAML_VALUE, "  written (the state folder not writable), the question, the outcome and %s say no copy is kept",
	    undo[0] ? undo : ":undo");
}

/* The drain view's question and keys. */
static void
help_drain(struct pager *p, const struct keymap *km)
{
	char drain[64], unc[64];
	keymap_keys_of(km, KEYMAP_KEYS, ACT_DRAIN, drain, sizeof drain);
	keymap_keys_of(km, KEYMAP_KEYS, ACT_UNCORDON, unc, sizeof unc);
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In the drain view (%s or :drain on a node)", drain[0] ? drain : ":drain");
	pager_addf(p, THEME_YAML_VALUE, "  the plan: what is evicted, what stays, what is refused and why, in kubectl's words; the");
	pager_addf(p, THEME_YAML_VALUE, "  question takes d --ignore-daemonsets, e --delete-emptydir-data, f --force; y cordons,");
	pager_addf(p, THEME_YAML_VALUE, "  lists the node's pods again as kubectl does (pods that arrived since the plan: named in");
	pager_addf(p, THEME_YAML_VALUE, "  a second question, y evicts them too, n stops with nothing evicted; one refused stops");
	pager_addf(p, THEME_YAML_VALUE, "  the drain, the node cordoned; %s asks again), then evicts (a PodDisruptionBudget's",
	    drain[0] ? drain : ":drain");
	pager_addf(p, THEME_YAML_VALUE, "  429 is tried again every 5 s); esc or q while it");
	pager_addf(p, THEME_YAML_VALUE, "  runs asks to stop (the node stays cordoned); %s uncordons, %s drains again",
	    unc[0] ? unc : ":uncordon", drain[0] ? drain : ":drain");
}

void
help_render(struct pager *p, const struct keymap *km, help_allowed_fn allowed, void *arg)
{
	char shell_prefix[32];
	int pk = shell_parse_prefix(config_shell_prefix_key());
	keymap_key_name(pk > 0 ? pk : 0x1d, shell_prefix, sizeof shell_prefix);
	pager_addf(p, THEME_TITLE, "Keys of the %s keymap (kdeck(5) tells how to change them)", keymap_name(km));
	pager_addf(p, THEME_TABLE_HEADER, "  %-22s %-16s %s", "KEYS", "ACTION", "WHAT IT DOES");
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[128], why[200] = "";
		if (action_info(a)->section != KEYMAP_KEYS)
			continue;
		keymap_keys_of(km, KEYMAP_KEYS, a, keys, sizeof keys);
		int ok = allowed == NULL || allowed(a, why, sizeof why, arg);
		char line[512];
		snprintf(line, sizeof line, "  %-22s %-16s %s%s%s%s", keys[0] ? keys : "(unbound)",
		    action_info(a)->name, action_info(a)->help, ok ? "" : "  [disabled: ", ok ? "" : why,
		    ok ? "" : "]");
		pager_add(p, line, 24, THEME_HINT_KEY, ok ? THEME_YAML_VALUE : THEME_HINT_DISABLED, PAGER_PLAIN);
	}
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "Commands (after :)");
	/* from the command table, so a command is never missing here */
	for (int i = 0; cmd_table[i] != NULL; i++) {
		const struct cmd_entry *e = cmd_table[i];
		char line[600], also[100] = "";
		size_t l = 0;
		for (int k = 0; e->alias != NULL && e->alias[k] != NULL && l < sizeof also; k++)
			l += (size_t)snprintf(also + l, sizeof also - l, "%s:%s", k ? ", " : " (also ", e->alias[k]);
		if (l > 0 && l < sizeof also - 1)
			snprintf(also + l, sizeof also - l, ")");
		snprintf(line, sizeof line, "  %-30s %s%s", e->usage, e->help, also);
		pager_add(p, line, 32, THEME_HINT_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
	}
	char back[64];
	keymap_keys_of(km, KEYMAP_KEYS, ACT_BACK, back, sizeof back);
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "A change asked while its cluster connects (delete, restart, rollback, scale, size, an edit, ...)");
	pager_addf(p, THEME_YAML_VALUE, "  waits for it, as a command does (\"scale waits for prod to connect ...\"), and for the server's");
	pager_addf(p, THEME_YAML_VALUE, "  answer on whether you may; then it is asked, as always, on the rows it was asked on (one gone");
	pager_addf(p, THEME_YAML_VALUE, "  since: nothing asked, the flash says so). A connection that fails drops it with its reason;");
	pager_addf(p, THEME_YAML_VALUE, "  %s or another screen cancels it", back[0] ? back : "esc");
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "Unsaved edits");
	pager_addf(p, THEME_YAML_VALUE, "  every open edit is kept in $XDG_STATE_HOME/kdeck/recovery/ (0600) a second behind the keys,");
	pager_addf(p, THEME_YAML_VALUE, "  and on SIGHUP, SIGTERM, the terminal closing and a crash; removed once saved or discarded.");
	pager_addf(p, THEME_YAML_VALUE, "  :recover lists them: Enter reopens one against the object as it is now, delete discards it.");
	pager_addf(p, THEME_YAML_VALUE, "  The external editor (edit-external) is $KUBE_EDITOR, else $EDITOR, else vi; not for Secrets.");
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In every viewer: YAML, describe, this help, logs (the keymap's viewer:, then the keys above)");
	help_section(p, km, KEYMAP_VIEWER);
	{
		char up[64], down[64], enter[64];
		keymap_keys_of(km, KEYMAP_KEYS, ACT_UP, up, sizeof up);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_DOWN, down, sizeof down);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_ENTER, enter, sizeof enter);
		pager_addf(p, THEME_TITLE, "%s", "");
		pager_addf(p, THEME_TITLE, "On pulse (:pulse): a cursor on the lines that name something");
		pager_addf(p, THEME_YAML_VALUE, "  %s / %s move it to the previous / next such line; %s opens what it names:",
		    up[0] ? up : "(unbound)", down[0] ? down : "(unbound)", enter[0] ? enter : "(unbound)");
		pager_addf(p, THEME_YAML_VALUE, "  a status's pods or nodes (one of them: its describe), a failing workload's");
		pager_addf(p, THEME_YAML_VALUE, "  table at its row, the warning events, an event's row, a busy pod's describe");
	}
	help_history(p, km);
	help_helm(p, km);
	{
		char enter[64], ap[64], take[64];
		keymap_keys_of(km, KEYMAP_KEYS, ACT_ENTER, enter, sizeof enter);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_APPLY, ap, sizeof ap);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_TAKE_OVER, take, sizeof take);
		pager_addf(p, THEME_TITLE, "%s", "");
		pager_addf(p, THEME_TITLE, "On the plan of :apply FILE [@CTX,...]: a row per object and cluster, from a server-side dry run");
		pager_addf(p, THEME_YAML_VALUE, "  PLAN: created, changed +N -M (lines), unchanged, conflict with MANAGER (its fields), error");
		pager_addf(p, THEME_YAML_VALUE, "  %s shows a row's diff (or why); %s applies what is created or changed, asking first;",
		    enter[0] ? enter : "(unbound)", ap[0] ? ap : "(unbound)");
		pager_addf(p, THEME_YAML_VALUE, "  %s takes the conflicting fields over from their managers (force), naming them first",
		    take[0] ? take : "(unbound)");
	}
	{
		char k[64], more[64], less[64], prom[64], ab[64], un[64];
		keymap_keys_of(km, KEYMAP_KEYS, ACT_CANARY, k, sizeof k);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_CANARY_MORE, more, sizeof more);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_CANARY_LESS, less, sizeof less);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_CANARY_PROMOTE, prom, sizeof prom);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_CANARY_ABORT, ab, sizeof ab);
		pager_addf(p, THEME_TITLE, "%s", "");
		pager_addf(p, THEME_TITLE, "In the canary view (%s or :canary on a deployment or its NAME-canary / track: canary partner)",
		    k[0] ? k : ":canary");
		pager_addf(p, THEME_YAML_VALUE, "  %s / %s shift the share a step (canaryStep, 10 %%) to / from the canary, keeping the total;",
		    more[0] ? more : "(unbound)", less[0] ? less : "(unbound)");
		pager_addf(p, THEME_YAML_VALUE, "  %s promotes (the stable takes the canary's template, rolls out, then the canary goes to 0);",
		    prom[0] ? prom : "(unbound)");
		pager_addf(p, THEME_YAML_VALUE, "  %s aborts (the canary to 0, the stable to the total). Each asks on its plan; one waits for the last to be ready",
		    ab[0] ? ab : "(unbound)");
		keymap_keys_of(km, KEYMAP_KEYS, ACT_UNDO, un, sizeof un);
		pager_addf(p, THEME_YAML_VALUE, "  %s undoes the last step as a step is sent: the side that grows first, the other once it is done",
		    un[0] ? un : ":undo");
	}
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In a form (:new's parameters): typing edits the field, as at the : prompt");
	pager_addf(p, THEME_YAML_VALUE, "  up / down, tab / btab   the previous / next field; pgup / pgdn the first / last");
	pager_addf(p, THEME_YAML_VALUE, "  enter                   the next field; on the last one, goes on (a wrong value stops it there)");
	pager_addf(p, THEME_YAML_VALUE, "  ctrl-s                  goes on from any field; esc cancels (:new: back to its list)");
	help_delete(p, km);
	help_drain(p, km);
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In the log view (the keymap's logs:, then viewer:, then the keys above)");
	help_section(p, km, KEYMAP_LOGS);
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In a shell: every key is the shell's; after the prefix key (%s, config shellPrefixKey)",
	    shell_prefix);
	help_section(p, km, KEYMAP_SHELL_PREFIX);
	char line[300];
	snprintf(line, sizeof line, "  %-22s %-16s %s", shell_prefix, "", "the prefix again sends it to the shell");
	pager_add(p, line, 24, THEME_HINT_KEY, THEME_YAML_VALUE, PAGER_PLAIN);
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "In the editor (e): other keys type text (the keymap's editor:; alt is esc then the key)");
	help_section(p, km, KEYMAP_EDITOR);
	pager_addf(p, THEME_YAML_VALUE, "  arrows, home, end, pgup, pgdn move; shift with them selects; enter keeps the indent");
	pager_addf(p, THEME_YAML_VALUE, "  (one level more after a YAML key that ends with :); tab is two spaces (no tabs in YAML),");
	pager_addf(p, THEME_YAML_VALUE, "  with a selection it indents it; a paste from the terminal is one undo step, its tabs spaces.");
	pager_addf(p, THEME_YAML_VALUE, "  Syntax errors are marked (>) on their line when typing pauses; the status line says why.");
	{
		char left[64], right[64], enter[64], edit[64], back[64];
		keymap_keys_of(km, KEYMAP_KEYS, ACT_LEFT, left, sizeof left);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_RIGHT, right, sizeof right);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_ENTER, enter, sizeof enter);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_EDIT, edit, sizeof edit);
		keymap_keys_of(km, KEYMAP_KEYS, ACT_BACK, back, sizeof back);
		pager_addf(p, THEME_TITLE, "%s", "");
		pager_addf(p, THEME_TITLE, "When a save finds the object changed on the server: its fields, BASE, THEIRS, MINE");
		pager_addf(p, THEME_YAML_VALUE, "  (a value over 4 KiB shown by its start and its size)");
		pager_addf(p, THEME_YAML_VALUE, "  on a conflict %s takes theirs, %s yours; %s sends the merged object, %s edits it,",
		    left[0] ? left : "(unbound)", right[0] ? right : "(unbound)", enter[0] ? enter : "(unbound)",
		    edit[0] ? edit : "(unbound)");
		pager_addf(p, THEME_YAML_VALUE, "  %s sends nothing. Changes only to status and the like are merged without asking.",
		    back[0] ? back : "(unbound)");
	}
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "Filter (after /)");
	pager_addf(p, THEME_YAML_VALUE, "  text: substring; a regex when it has regex characters; -l app=web: labels; !x: rows NOT matching");
	pager_addf(p, THEME_TITLE, "%s", "");
	pager_addf(p, THEME_TITLE, "The audit journal (:audit; kdeck --audit prints it)");
	pager_addf(p, THEME_YAML_VALUE, "  every change and session, newest first; :audit @CONTEXT ns=NS verb=V resource=R name=N chooses");
	pager_addf(p, THEME_YAML_VALUE, "  lines, / filters, enter shows one whole. config auditWebhook: URL POSTs each line there;");
	pager_addf(p, THEME_YAML_VALUE, "  the header says \"audit: N lines behind\" while the receiver is down (kdeck(1), AUDIT JOURNAL)");
}
