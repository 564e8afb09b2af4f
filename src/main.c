/* kdeck: the command line, the configuration and the log, then the screen (app_run) or
 * one printed table (print_run). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit_print.h"
#include "config.h"
#include "kube/audit.h"
#include "kube/webhook.h"
#include "kube/logs.h"
#include "kube/ws.h"
#include "log.h"
#include "ops/lastchange.h"
#include "opts.h"
#include "print.h"
#include "ui/shell.h"
#include "util/file.h"
#include "util/proc.h"
#include "util/xmalloc.h"

#ifndef KDECK_VERSION
#define KDECK_VERSION "0.1"
#endif

static const char main_usage[] =
    "usage: kdeck [--kubeconfig F] [--context C] [-n NS | -A] [--readonly] [--theme T]\n"
    "             [--keymap K] [--command :VIEW] [--log-file F] [--log-level L]\n"
    "       kdeck --print VIEW [-n NS | -A] [-l SEL] [-o wide] [--context C]\n"
    "       kdeck --exec [NS/]POD [-c C] [--debug] [--record] [-- CMD...]\n"
    "       kdeck --replay FILE\n"
    "       kdeck --audit [--since 1h] [--context C] [-o json]\n"
    "       kdeck --version | --help\n";

static const char main_help[] =
    "A full-screen terminal console for Kubernetes.\n"
    "\n"
    "  --kubeconfig F     read F instead of KUBECONFIG or ~/.kube/config\n"
    "  --context C        start on context C instead of the current context\n"
    "  -n, --namespace NS start in namespace NS\n"
    "  -A, --all-namespaces\n"
    "                     start in all namespaces\n"
    "  --readonly         disable every action that changes a cluster\n"
    "  --theme T          dark (default), light, high-contrast, solarized, mono or your own\n"
    "  --keymap K         default, vim, emacs or your own\n"
    "  --command :VIEW    the first screen, as typed after : (for example :deploy team-a)\n"
    "  --print VIEW       print the table of VIEW (pods, deploy, ...) and exit\n"
    "  -l, --selector SEL with --print: only objects whose labels match SEL\n"
    "  -o, --output wide  with --print: the wide columns too\n"
    "  --exec [NS/]POD    a shell (or CMD after --) in POD, full screen; Ctrl-] then d leaves;\n"
    "                     with CMD, kdeck exits with its exit code (no terminal needed)\n"
    "  -c, --container C  with --exec: the container (default: the pod's default container)\n"
    "  --debug            with --exec: attach to a new debug container (debugImage,\n"
    "                     default busybox) sharing the container's processes\n"
    "  --record           with --exec: record the session (asciicast v2, state folder)\n"
    "  --replay FILE      play a recorded session and exit\n"
    "  --audit            print the audit journal of changes and sessions and exit\n"
    "  --since D          with --audit: only the last D (90s, 15m, 1h, 2d)\n"
    "  -o, --output json  with --audit: the journal's JSON lines as they are\n"
    "  --log-file F       append a log to F (secrets are never logged)\n"
    "  --log-level L      error, warn, info (default) or debug\n"
    "  --version          print the version and exit\n"
    "  -h, --help         print this help and exit\n"
    "\n"
    "Configuration: $XDG_CONFIG_HOME/kdeck/config.yaml (default ~/.config/kdeck/), with\n"
    "views/, themes/ and keymaps/ beside it; see kdeck(1) and kdeck(5).\n";

enum {
	OPT_KUBECONFIG = 256, OPT_CONTEXT, OPT_READONLY, OPT_THEME, OPT_KEYMAP, OPT_COMMAND,
	OPT_PRINT, OPT_LOG_FILE, OPT_LOG_LEVEL, OPT_VERSION, OPT_EXEC, OPT_RECORD, OPT_RECORD_FILE, OPT_REPLAY, OPT_DEBUG,
	OPT_AUDIT, OPT_SINCE,
};

static const struct option main_options[] = {
	{ "kubeconfig", required_argument, NULL, OPT_KUBECONFIG },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "namespace", required_argument, NULL, 'n' },
	{ "all-namespaces", no_argument, NULL, 'A' },
	{ "readonly", no_argument, NULL, OPT_READONLY },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "keymap", required_argument, NULL, OPT_KEYMAP },
	{ "command", required_argument, NULL, OPT_COMMAND },
	{ "print", required_argument, NULL, OPT_PRINT },
	{ "selector", required_argument, NULL, 'l' },
	{ "output", required_argument, NULL, 'o' },
	{ "exec", required_argument, NULL, OPT_EXEC },
	{ "container", required_argument, NULL, 'c' },
	{ "record", no_argument, NULL, OPT_RECORD },
	{ "debug", no_argument, NULL, OPT_DEBUG },
	{ "record-file", required_argument, NULL, OPT_RECORD_FILE },
	{ "replay", required_argument, NULL, OPT_REPLAY },
	{ "audit", no_argument, NULL, OPT_AUDIT },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "log-file", required_argument, NULL, OPT_LOG_FILE },
	{ "log-level", required_argument, NULL, OPT_LOG_LEVEL },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Prints a usage error and returns the exit status for it. */
static int
main_bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "kdeck: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", main_usage);
	return 2;
}

/* Fills o from argv. Returns -1 to go on, else the exit status. */
static int
main_parse(int argc, char **argv, struct kd_opts *o)
{
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:Al:o:c:h", main_options, NULL)) != -1) {
		switch (c) {
		case OPT_KUBECONFIG: o->kubeconfig = optarg; break;
		case OPT_CONTEXT: o->context = optarg; break;
		case 'n': o->namespace = optarg; break;
		case 'A': o->all_namespaces = 1; break;
		case OPT_READONLY: o->readonly = 1; break;
		case OPT_THEME: o->theme = optarg; break;
		case OPT_KEYMAP: o->keymap = optarg; break;
		case OPT_COMMAND: o->command = optarg; break;
		case OPT_PRINT: o->print_view = optarg; break;
		case 'l': o->selector = optarg; break;
		case 'o':
			if (strcmp(optarg, "json") == 0) {
				o->json = 1;
				break;
			}
			if (strcmp(optarg, "wide") != 0)
				return main_bad("-o %s is not supported; use -o wide (--print) or -o json (--audit)", optarg);
			o->wide = 1;
			break;
		case OPT_EXEC: o->exec_target = optarg; break;
		case 'c': o->exec_container = optarg; break;
		case OPT_RECORD: o->record = 1; break;
		case OPT_DEBUG: o->exec_debug = 1; break;
		case OPT_RECORD_FILE: o->record_file = optarg; o->record = 1; break;
		case OPT_REPLAY: o->replay = optarg; break;
		case OPT_AUDIT: o->audit = 1; break;
		case OPT_SINCE: o->since = optarg; break;
		case OPT_LOG_FILE: o->log_file = optarg; break;
		case OPT_LOG_LEVEL: o->log_level = optarg; break;
		case OPT_VERSION:
			printf("kdeck %s\n", KDECK_VERSION);
			return 0;
		case 'h':
			printf("%s\n%s", main_usage, main_help);
			return 0;
		case ':':
			return main_bad("%s needs a value", argv[optind - 1]);
		default:
			return main_bad("%s is not an option", argv[optind - 1]);
		}
	}
	if (o->exec_target != NULL && optind < argc) {
		o->exec_argv = argv + optind;
		optind = argc;
	}
	if (optind < argc)
		return main_bad("unexpected argument \"%s\" (options start with -)", argv[optind]);
	if (o->namespace != NULL && o->all_namespaces)
		return main_bad("%s", "-n and -A exclude each other; give one");
	if (!o->audit && (o->since != NULL || o->json))
		return main_bad("%s", "--since and -o json go with --audit");
	if (o->audit && (o->print_view != NULL || o->exec_target != NULL || o->replay != NULL || o->wide))
		return main_bad("%s", "--audit prints the journal and exits; give it alone (with --since, --context, -o json)");
	if (o->print_view == NULL && (o->selector != NULL || o->wide))
		return main_bad("%s", "-l and -o wide go with --print VIEW");
	if (o->print_view != NULL && o->command != NULL)
		return main_bad("%s", "--command opens a screen and --print prints one table; give one");
	if (o->command != NULL && o->command[0] == '\0')
		return main_bad("%s", "--command needs a view, for example --command :pods");
	enum log_level l;
	if (o->log_level != NULL && log_level_parse(o->log_level, &l) != 0)
		return main_bad("--log-level %s is not a level; use error, warn, info or debug", o->log_level);
	return -1;
}

int
main(int argc, char **argv)
{
	/* before anything can start a plugin: a signal then ends it with kdeck */
	proc_signals_init();
	struct kd_opts opts = { 0 };
	xmalloc_tune();
	int rc = main_parse(argc, argv, &opts);
	if (rc >= 0)
		return rc;

	struct kd_err err = { 0 };
	int config_broken = config_load(NULL, &err) != 0;
	if (config_broken)
		fprintf(stderr, "kdeck: %s\n", err.msg);
	if (opts.theme == NULL)
		opts.theme = config_theme();
	if (opts.keymap == NULL)
		opts.keymap = config_keymap();
	if (opts.log_file == NULL)
		opts.log_file = config_log_file();
	if (opts.log_level == NULL)
		opts.log_level = config_log_level();
	if (!opts.readonly)
		opts.readonly = config_readonly(NULL);
	audit_set_required(config_audit_required());
	ws_set_max_message((size_t)config_max_ws_message_mib() << 20);
	logs_set_max_line((size_t)config_max_log_line_kib() << 10);

	struct kd_err lerr = { 0 };
	if (log_open(opts.log_file, opts.log_level, &lerr) != 0) {
		fprintf(stderr, "kdeck: %s\n", lerr.msg);
		config_free();
		return 2;
	}
	log_info("kdeck %s starting%s", KDECK_VERSION, opts.print_view ? " (--print)" : "");
	if (config_broken)
		log_warn("%s", err.msg);

	if (opts.audit)
		rc = audit_print(stdout, stderr, opts.since, opts.context, opts.json);
	else if (opts.replay != NULL || opts.exec_target != NULL) {
		/* a session's line waits in the webhook's spool for the next full screen */
		if (opts.exec_target != NULL && config_audit_webhook() != NULL &&
		    webhook_spool_only(config_audit_webhook_spool_max(), &lerr) != 0)
			log_warn("%s", lerr.msg);
		rc = opts.replay ? shell_replay(opts.replay) : shell_run(&opts);
		webhook_stop();
	}
	else if (opts.print_view != NULL)
		rc = print_run(&opts);
	else {
		/* the last change on each cluster outlives this run: :undo after a restart */
		char *state = file_user_dir("XDG_STATE_HOME", ".local/state");
		char *dir = xasprintf("%s/lastchange", state ? state : "./.local/state/kdeck");
		lastchange_persist(dir);
		free(dir);
		free(state);
		rc = app_run(&opts);
		lastchange_clear();
		lastchange_persist(NULL);
	}

	proc_children_kill();
	log_info("kdeck exits with status %d", rc);
	log_close();
	config_free();
	return rc;
}
