/* The command line, parsed once by main.c and read everywhere else. */
#ifndef KD_OPTS_H
#define KD_OPTS_H

struct kd_opts {
	const char *kubeconfig;    /* --kubeconfig F, NULL: KUBECONFIG or ~/.kube/config */
	const char *context;       /* --context C, NULL: current-context */
	const char *namespace;     /* -n NS, NULL: the context's namespace */
	int all_namespaces;        /* -A */
	int readonly;              /* --readonly */
	const char *theme;         /* --theme T */
	const char *keymap;        /* --keymap K */
	const char *command;       /* --command :VIEW, the first screen */
	const char *print_view;    /* --print VIEW: print the table and exit */
	const char *selector;      /* -l SEL, with --print */
	int wide;                  /* -o wide, with --print */
	const char *log_file;      /* --log-file F */
	const char *log_level;     /* --log-level L: error, warn, info, debug */
	const char *exec_target;   /* --exec [NS/]POD: one shell full screen (ui/shell.c) */
	const char *exec_container;/* -c C, with --exec */
	char **exec_argv;          /* the command after --, with --exec (NULL: a shell) */
	int exec_debug;            /* --debug: attach to a new ephemeral debug container */
	int record;                /* --record: record the --exec session */
	const char *record_file;   /* --record-file F */
	const char *replay;        /* --replay FILE: play a recording and exit */
	int audit;                 /* --audit: print the audit journal and exit */
	const char *since;         /* --since DURATION, with --audit */
	int json;                  /* -o json, with --audit */
};

#endif
