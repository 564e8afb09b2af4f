# kdeck: `make` builds build/kdeck; `make check` runs every suite; `make help` lists targets.
# Everything is built from src/**/*.c, so a new source file needs no edit here; the
# built-in views are generated from views/*.yaml into $(BUILD)/gen/.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
# WERROR=-Werror makes a warning fatal at once (objects are rebuilt when flags change).
# make check does not pass it: it fails on the warnings kept beside the objects
# (check-warnings), so check, demo, bench and a plain make share build/ and switching
# between them compiles nothing.
WERROR ?=
CHECK_WERROR = -Werror
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1)

PKGS = ncursesw libcurl yaml-0.1 libcjson vterm libwebsockets
# Most files name the feature macros they need themselves; ncursesw's own -D flags
# (_XOPEN_SOURCE for wide characters) go only to the files that use curses.
PKG_CFLAGS := $(filter-out -D%,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
CURSES_DFLAGS := $(filter -D%,$(shell pkg-config --cflags ncursesw 2>/dev/null))
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

KD_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -Isrc $(PKG_CFLAGS) \
	-DKDECK_PREFIX='"$(PREFIX)"' $(CFLAGS) $(EXTRA_CFLAGS)
KD_LIBS = $(PKG_LIBS) -lpthread -lm

SRCS := $(shell find src -name '*.c' | sort)
VIEWS := $(sort $(wildcard views/*.yaml))
GEN_OBJS := $(BUILD)/gen/view_builtin.o
OBJS := $(SRCS:%.c=$(BUILD)/obj/%.o) $(GEN_OBJS)
LIBOBJS := $(filter-out $(BUILD)/obj/src/main.o,$(OBJS))
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TESTS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
CURSES_SRCS := $(shell grep -l -e '<curses.h>' -e '"ui/' -e '"app.h"' $(SRCS) $(TEST_SRCS) /dev/null)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)
WARNS := $(OBJS:.o=.warn) $(TEST_SRCS:tests/unit/%.c=$(BUILD)/obj/tests/unit/%.warn)

DEBS = libncurses-dev libcurl4-openssl-dev libyaml-dev libcjson-dev libvterm-dev \
	libwebsockets-dev pkg-config tmux openssl python3

.PHONY: all check check-layers check-warnings check-real demo deps deps-fuzz install uninstall \
	asan fuzz fuzz-build bench clean help tests FORCE

all: $(BUILD)/kdeck

# objects of tests are intermediate files to make; keep them so nothing rebuilds twice
.SECONDARY:

help:
	@echo 'make [all]      build $(BUILD)/kdeck'
	@echo 'make check      deps, check-layers, a build without warnings, unit tests, then every suite'
	@echo 'make check-layers  which folder may include or call what, and 800 lines a file at most'
	@echo 'make check-real the suites again against a real control plane (tests/realkube)'
	@echo 'make demo       two simulated clusters (kubesim) and kdeck on them'
	@echo 'make deps       install missing Debian packages; deps-fuzz adds clang'
	@echo 'make asan       the whole suite under ASan and UBSan (build-asan/)'
	@echo 'make fuzz       libFuzzer targets (tests/fuzz/fuzz_*.c), a minute each'
	@echo 'make bench      every bench in tests/bench (tests/bench/run): minutes, asserts nothing'
	@echo 'make install    PREFIX=$(PREFIX) DESTDIR=$(DESTDIR); uninstall removes it again'

# Objects are rebuilt when the flags change (a -Werror or sanitizer build over a plain one).
# Every object waits for this, so a machine without the libraries hears it in one line
# before anything compiles.
$(BUILD)/flags: FORCE
	@if ! command -v pkg-config >/dev/null 2>&1; then \
		echo 'kdeck: pkg-config is not installed; run: make deps' >&2; exit 1; fi; \
	if ! pkg-config --exists $(PKGS); then m=; \
		for p in $(PKGS); do pkg-config --exists $$p || m="$$m $$p"; done; \
		echo "kdeck: missing libraries ($${m# }); run: make deps" >&2; exit 1; fi
	@mkdir -p $(BUILD)
	@echo '$(CC) $(KD_CFLAGS) $(CURSES_DFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(KD_CFLAGS) $(CURSES_DFLAGS) $(LDFLAGS)' >$@

# The version goes into main.o alone, so a commit or an edit (-dirty) recompiles one file.
$(BUILD)/version: FORCE
	@mkdir -p $(BUILD)
	@echo '$(VERSION)' | cmp -s - $@ || echo '$(VERSION)' >$@

# private: not inherited by the prerequisites ($(BUILD)/flags is the same for every object)
$(CURSES_SRCS:%.c=$(BUILD)/obj/%.o): private KD_CFLAGS += $(CURSES_DFLAGS)
$(BUILD)/obj/src/main.o: private KD_CFLAGS += -DKDECK_VERSION='"$(VERSION)"'
$(BUILD)/obj/src/main.o: $(BUILD)/version

# The compiler's warnings are shown and kept in a .warn beside the object (check-warnings).
$(BUILD)/obj/%.o: %.c $(BUILD)/flags
	@mkdir -p $(@D)
	@echo '$(CC) $(KD_CFLAGS) -MMD -MP -c -o $@ $<'; \
	$(CC) $(KD_CFLAGS) -MMD -MP -c -o $@ $< 2>$(@:.o=.warn); s=$$?; cat $(@:.o=.warn) >&2; exit $$s

# The built-in views (model/view.h): the files in views/, as C strings. The list of files
# is kept too, so that removing a view regenerates them.
$(BUILD)/gen/views: FORCE | $(BUILD)/flags
	@mkdir -p $(@D)
	@echo '$(VIEWS)' | cmp -s - $@ || echo '$(VIEWS)' >$@

$(BUILD)/gen/view_builtin.c: views/gen-builtin $(VIEWS) $(BUILD)/gen/views
	views/gen-builtin $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/flags
	@echo '$(CC) $(KD_CFLAGS) -MMD -MP -c -o $@ $<'; \
	$(CC) $(KD_CFLAGS) -MMD -MP -c -o $@ $< 2>$(@:.o=.warn); s=$$?; cat $(@:.o=.warn) >&2; exit $$s

$(BUILD)/kdeck: $(OBJS)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(KD_LIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBOBJS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJS) $(KD_LIBS)

tests: $(BUILD)/kdeck $(TESTS)

-include $(OBJS:.o=.d) $(TEST_SRCS:tests/unit/%.c=$(BUILD)/obj/tests/unit/%.d)

# check: a fresh machine needs only `make check`. The fuzz targets are built when clang is
# there (tests/fuzz/test_fuzz runs each briefly, or reports a SKIP).
check: deps
	@$(MAKE) --no-print-directory check-layers
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory check-warnings
	@if command -v clang >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory fuzz-build || exit 1; fi
	KDECK_BUILD=$(abspath $(BUILD)) tests/run

# No warning in kdeck or the unit tests: each object's, kept from when it was compiled.
check-warnings:
	@w=0; for f in $(WARNS); do if [ -s $$f ]; then cat $$f >&2; w=1; fi; done; \
	if [ $$w = 1 ]; then echo 'kdeck: make check wants a build without warnings (above)' >&2; exit 1; fi

# The layers (no curses below ui/, no network calls or API paths in
# ui/, no kube/ in model/, 800 lines a file); exceptions in contrib/check-layers.allow.
check-layers:
	@contrib/check-layers

# The real control plane (tests/realkube): built once (minutes), started in a temporary
# folder, always stopped, even when a suite fails or on Ctrl-C.
check-real: deps
	@$(MAKE) --no-print-directory tests
	@$(MAKE) --no-print-directory check-warnings
	@export KDECK_BUILD=$(abspath $(BUILD)); \
	if [ -x tests/realkube/check-real.sh ]; then exec tests/realkube/check-real.sh; fi; \
	tests/realkube/build.sh || exit 1; \
	d=$$(mktemp -d "$${TMPDIR:-/tmp}/kdeck-real.XXXXXX"); \
	trap 'tests/realkube/stop.sh "$$d" --clean' EXIT; trap 'exit 130' INT TERM; \
	tests/realkube/start.sh "$$d" || exit 1; \
	KDECK_TARGET=real KDECK_REAL_KUBECONFIG="$$d/kubeconfig" tests/run --real

# The sanitizers' settings for every suite; the full-screen runs in tmux add a log_path
# (tests/lib/tmux.sh) and fail on any report found there.
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan WERROR="$(CHECK_WERROR)" CFLAGS='-O1 -g' \
		EXTRA_CFLAGS='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' tests
	$(ASAN_ENV) KDECK_BUILD=$(abspath build-asan) tests/run

# libFuzzer targets live in build-fuzz/fuzz/, built with clang over the same sources.
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS='-O1 -g' \
		EXTRA_CFLAGS='-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer' fuzz-bins

fuzz-bins: $(FUZZ_BINS)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIBOBJS) $(BUILD)/flags
	@mkdir -p $(@D)
	$(CC) $(KD_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBOBJS) $(KD_LIBS)

fuzz: deps-fuzz fuzz-build
	KDECK_FUZZ_TIME=$${KDECK_FUZZ_TIME:-60} tests/fuzz/test_fuzz

deps:
	@contrib/deps.sh $(DEBS)

deps-fuzz: deps
	@contrib/deps.sh clang

demo: deps all
	contrib/demo.sh $(BUILD)/kdeck

# every bench in tests/bench/ (shell_bench drives $(BUILD)/tests/test_exec)
bench: tests
	KDECK_BUILD=$(abspath $(BUILD)) KDECK_BIN=$(abspath $(BUILD))/kdeck tests/bench/run

# the data kdeck reads at run time, installed to share/kdeck/NAME (a checkout's own are
# found in place: config.h)
DATADIRS = views themes keymaps contrib/templates
# where bash-completion, zsh and fish look for completions of installed programs
COMPLETIONS_BASH ?= $(PREFIX)/share/bash-completion/completions
COMPLETIONS_ZSH ?= $(PREFIX)/share/zsh/vendor-completions
COMPLETIONS_FISH ?= $(PREFIX)/share/fish/vendor_completions.d

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BUILD)/kdeck $(DESTDIR)$(PREFIX)/bin/kdeck
	for s in 1 5; do for f in man/*.$$s; do [ -f "$$f" ] || continue; \
		install -d $(DESTDIR)$(PREFIX)/share/man/man$$s; \
		install -m 644 $$f $(DESTDIR)$(PREFIX)/share/man/man$$s/; done; done
	for d in $(DATADIRS); do [ -d $$d ] || continue; n=$${d##*/}; \
		install -d $(DESTDIR)$(PREFIX)/share/kdeck/$$n; \
		for f in $$d/*; do [ -f "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/kdeck/$$n/; done; \
	done; true
	install -D -m 644 contrib/completions/kdeck.bash $(DESTDIR)$(COMPLETIONS_BASH)/kdeck
	install -D -m 644 contrib/completions/_kdeck $(DESTDIR)$(COMPLETIONS_ZSH)/_kdeck
	install -D -m 644 contrib/completions/kdeck.fish $(DESTDIR)$(COMPLETIONS_FISH)/kdeck.fish

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kdeck
	for s in 1 5; do for f in man/*.$$s; do rm -f $(DESTDIR)$(PREFIX)/share/man/man$$s/$${f#man/}; done; done
	rm -rf $(DESTDIR)$(PREFIX)/share/kdeck
	rm -f $(DESTDIR)$(COMPLETIONS_BASH)/kdeck $(DESTDIR)$(COMPLETIONS_ZSH)/_kdeck \
		$(DESTDIR)$(COMPLETIONS_FISH)/kdeck.fish

clean:
	rm -rf build build-asan build-fuzz
