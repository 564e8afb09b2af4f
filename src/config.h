/* kdeck's own configuration: $XDG_CONFIG_HOME/kdeck/config.yaml (default
 * ~/.config/kdeck/config.yaml) and where views, themes and keymaps are found.
 *
 * config.yaml (every key optional):
 *   theme: dark                 # like --theme
 *   keymap: default             # like --keymap
 *   readOnly: false             # like --readonly, for every context
 *   logFile: ~/kdeck.log        # like --log-file
 *   logLevel: info              # like --log-level
 *   shellPrefixKey: C-b         # the key that leads shell/exec pane commands
 *   record: false               # record every shell session (asciicast v2, state folder)
 *   debugImage: busybox         # the image of `D` debug containers
 *   canaryStep: 10              # percent a canary's share moves a step (1-100)
 *   logRingLines: 100000        # lines a log view keeps (older ones are dropped)
 *   maxWebSocketMessageMiB: 64  # the largest message a shell or forward takes (1-4095)
 *   maxLogLineKiB: 1024         # a longer log line is shown cut into marked lines
 *   auditRequired: true         # false: changes go out even when the journal cannot be written
 *   auditWebhook: https://audit.example/kdeck   # POST each journal line there (kube/webhook.h)
 *   auditWebhookSpoolMax: 10000 # lines waiting for the webhook at most
 *   contexts:
 *     prod: {readOnly: true, production: true}   # per kubeconfig context; production
 *                               # colours the header of its screens and asks for
 *                               # the name typed before every change
 *   productionContexts: ["prod-*", "*-live"]   # contexts marked production by name
 *                               # (glob patterns, fnmatch)
 *
 * The configuration is read once by main.c and is then read-only, so it is global. */
#ifndef KD_CONFIG_H
#define KD_CONFIG_H

#include "util/err.h"

/* Loads path (NULL: the XDG default; a missing default file is not an error). A broken
 * file leaves the defaults in place and returns -1 with err saying file:line:col. */
int config_load(const char *path, struct kd_err *err);
void config_free(void);

/* Folders to look for kind ("views", "themes", "keymaps", "templates") in, highest
 * priority first, NULL-terminated; only folders that exist are listed:
 *   $XDG_CONFIG_HOME/kdeck/KIND (the user's), then the data dir's KIND, where the data dir
 *   is $KDECK_DATA_DIR, else the checkout the binary was built in (found from
 *   /proc/self/exe: BIN/.. or BIN/../.. holding views/), else PREFIX/share/kdeck; a
 *   checkout's templates are in contrib/templates (installed to share/kdeck/templates).
 * Owned by config; valid until config_free. */
const char **config_search_path(const char *kind);

/* $XDG_CONFIG_HOME/kdeck (no check that it exists); owned by config. */
const char *config_dir(void);

/* Values from config.yaml; NULL or 0 when unset. Borrowed. */
const char *config_theme(void);
const char *config_keymap(void);
const char *config_log_file(void);
const char *config_log_level(void);
const char *config_shell_prefix_key(void);
int config_record(void);
const char *config_debug_image(void);      /* "busybox" when unset */
long config_canary_step(void);             /* 10 when unset */
long config_log_ring_lines(void);          /* 0 when unset */
long config_max_ws_message_mib(void);      /* 0 when unset */
long config_max_log_line_kib(void);        /* 0 when unset */
/* Whether context (a kubeconfig context name; NULL: none) is read-only by config.yaml:
 * contexts.NAME.readOnly, else the top-level readOnly. */
int config_readonly(const char *context);
/* Whether context is marked production (contexts.NAME.production, or its name matches a
 * productionContexts pattern): the header of every screen of that context is drawn in the
 * theme's header-production, and every change asks for the name typed (ui/guard.h). */
int config_production(const char *context);
/* Whether a change may be sent only once the audit journal can be written (auditRequired,
 * true when unset). */
int config_audit_required(void);
/* auditWebhook (an http:// or https:// URL checked on load), NULL when unset; and
 * auditWebhookSpoolMax, 10000 when unset. */
const char *config_audit_webhook(void);
long config_audit_webhook_spool_max(void);

#endif
