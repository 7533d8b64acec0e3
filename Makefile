# bizdesk - build, test, demo, bench, install.
#
#   make            build build/bizdesk (installs missing Debian packages first)
#   make demo       build, create demo.db and open the UI on it
#   make check      every test: unit (cmocka), CLI and tmux UI tests, on the
#                   normal build and again on an ASan+UBSan build
#   make check-valgrind  the CLI tests with every bizdesk run in valgrind's
#                   memcheck (slow; not part of check)
#   make install    PREFIX=/usr/local DESTDIR= STATEDIR=/var/lib/bizdesk BIZDESK_GROUP=bizdesk
#                   (as root: the setgid multi-user mode, scripts/install.sh)
#
# Sources are found by wildcard: a new file in src/<layer>/ or a new
# tests/unit/test_*.c needs no edit here.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
STATEDIR   ?= /var/lib/bizdesk
# The group that owns the database; the installed binary is setgid to it.
BIZDESK_GROUP ?= bizdesk
DESTDIR    ?=

CC      ?= cc
BUILD   ?= build
SAN     ?=
VERSION := 0.1.0

PKG_CORE := sqlite3 yaml-0.1
PKG_UI   := ncursesw

WARN    := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral -Wvla
CFLAGS  ?= -O2 -g
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ifeq ($(SAN),1)
CFLAGS  := -O1 -g $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
endif

SRCDIR_ABS := $(abspath .)
DEFS := -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE \
        -DBD_VERSION='"$(VERSION)"' \
        -DBD_SRCDIR='"$(SRCDIR_ABS)"' \
        -DBD_SYSCONFDIR='"$(SYSCONFDIR)/bizdesk"' \
        -DBD_STATEDIR='"$(STATEDIR)"'
BASE_CFLAGS := -std=c17 $(WARN) $(DEFS) -Iinclude -I$(BUILD)/gen -Isrc/store

# pkg-config is asked once per make run, and only when building.
pc = $(shell pkg-config $(1) $(2) 2>/dev/null)
CORE_CFLAGS := $(call pc,--cflags,$(PKG_CORE))
CORE_LIBS   := $(call pc,--libs,$(PKG_CORE)) -lcsv
# ncursesw's .pc defines _XOPEN_SOURCE=600; DEFS already asks for 700.
UI_CFLAGS   := $(filter-out -D_XOPEN_SOURCE% -D_DEFAULT_SOURCE,$(call pc,--cflags,$(PKG_UI)))
UI_LIBS     := $(call pc,--libs,$(PKG_UI))
CMOCKA_LIBS := $(call pc,--libs,cmocka)

# Every layer but ui/ goes into libbizdesk.a; ui/ and main.c are the only
# objects compiled with curses flags, and the unit tests link the library
# without curses, so curses leaking below ui/ fails the test build.
LIB_SRC  := $(wildcard src/core/*.c src/store/*.c src/policy/*.c src/io/*.c src/app/*.c src/cli/*.c)
UI_SRC   := $(wildcard src/ui/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
UI_OBJ   := $(UI_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MIGRATIONS := $(sort $(wildcard data/migrations/*.sql))

.PHONY: all build deps test-deps demo check check-fast check-valgrind unit san clean install uninstall
.DEFAULT_GOAL := all

# The public targets install missing packages first, then build in a fresh
# make, so pkg-config is asked after the packages are there.
all: deps
	@$(MAKE) --no-print-directory build
build: $(BUILD)/bizdesk $(BUILD)/bizdesk.1

deps:
	@sh scripts/deps.sh build
test-deps:
	@sh scripts/deps.sh test

$(BUILD)/bizdesk: $(UI_OBJ) $(BUILD)/libbizdesk.a
	$(CC) $(LDFLAGS) -o $@ $(UI_OBJ) $(BUILD)/libbizdesk.a $(UI_LIBS) $(CORE_LIBS)

$(BUILD)/libbizdesk.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/src/ui/%.o $(BUILD)/src/main.o: BASE_CFLAGS += $(UI_CFLAGS)
$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CORE_CFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# The installed folders are compiled into src/app/paths.c: the stamp
# changes when they do (`make install STATEDIR=...` after `make`), and the
# file is rebuilt.
$(BUILD)/gen/paths.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(SYSCONFDIR) $(STATEDIR) $(SRCDIR_ABS)' | cmp -s - $@ 2>/dev/null || \
	    echo '$(SYSCONFDIR) $(STATEDIR) $(SRCDIR_ABS)' > $@
$(BUILD)/src/app/paths.o: $(BUILD)/gen/paths.stamp
.PHONY: FORCE
FORCE:

# Schema migrations are compiled into the binary from data/migrations.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -Wall -Wextra -o $@ $<
$(BUILD)/gen/migrations.c: $(BUILD)/tools/embed $(MIGRATIONS)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $(MIGRATIONS) > $@.tmp && mv $@.tmp $@
$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -c -o $@ $<

# The key list of the man page comes from the UI's action table.
$(BUILD)/tools/keydoc: tools/keydoc.c src/ui/actions.def src/ui/contexts.def
	@mkdir -p $(@D)
	$(CC) -std=c17 -O1 -Wall -Wextra -Isrc/ui -o $@ tools/keydoc.c
$(BUILD)/bizdesk.1: man/bizdesk.1.in $(BUILD)/tools/keydoc
	$(BUILD)/tools/keydoc man/bizdesk.1.in > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(wildcard tests/unit/unit_*.h) $(BUILD)/libbizdesk.a
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CORE_CFLAGS) $(CFLAGS) -Itests/unit -Isrc/policy $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libbizdesk.a $(CORE_LIBS) $(CMOCKA_LIBS)

unit: $(UNIT_BIN)

demo: all
	@test -f demo.db || $(BUILD)/bizdesk --db demo.db init --demo
	$(BUILD)/bizdesk --db demo.db

# Every test, on the normal build and on the sanitizer build.
check: test-deps
	@$(MAKE) --no-print-directory build unit BUILD=build
	@$(MAKE) --no-print-directory build unit BUILD=build/san SAN=1
	@sh tests/run.sh build build/san

# Only the normal build: quicker while working.
check-fast: test-deps
	@$(MAKE) --no-print-directory build unit BUILD=build
	@sh tests/run.sh build

# The CLI tests on the normal build with every bizdesk in valgrind's
# memcheck (tests/valgrind/): any memory error or leak fails the script.
check-valgrind:
	@sh scripts/deps.sh valgrind
	@$(MAKE) --no-print-directory build unit BUILD=build
	@sh tests/run.sh --valgrind build

san: test-deps
	@$(MAKE) --no-print-directory build unit BUILD=build/san SAN=1

# Speed and memory of lead import and list queries on a million generated
# leads, against sqlite3's own .import (a few minutes; not part of check).
# See bench/bench.sh; BENCH_ROWS and BENCH_RUNS make it smaller.
.PHONY: bench
bench: all
	@sh scripts/deps.sh test
	@$(MAKE) --no-print-directory $(BUILD)/bench/gen_leads $(BUILD)/bench/rss $(BUILD)/bench/query
	@sh bench/bench.sh $(BUILD)
$(BUILD)/bench/gen_leads $(BUILD)/bench/rss: $(BUILD)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) -std=c17 $(WARN) $(DEFS) $(CFLAGS) $(LDFLAGS) -o $@ $<
$(BUILD)/bench/query: bench/query.c $(BUILD)/libbizdesk.a
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CORE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libbizdesk.a $(CORE_LIBS)

# The multi-user mode (group, setgid binary, database folder, root's
# policy) is set up by scripts/install.sh; see its header.
install: build
	@BUILD=$(BUILD) DESTDIR=$(DESTDIR) BINDIR=$(BINDIR) MANDIR=$(MANDIR) \
	    SYSCONFDIR=$(SYSCONFDIR) STATEDIR=$(STATEDIR) GROUP=$(BIZDESK_GROUP) sh scripts/install.sh

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bizdesk $(DESTDIR)$(MANDIR)/man1/bizdesk.1 \
	    $(DESTDIR)$(MANDIR)/man5/bizdesk-policy.5

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- Fuzzing ---------------------------------------------------------------
# tests/fuzz/fuzz_*.c are libFuzzer targets (see tests/fuzz/README).  Each
# is also linked with tests/fuzz/replay.c by the normal compiler into
# $(BUILD)/tests/fuzz_*, built with `unit`, so `make check` replays every
# seed and every crash input of tests/fuzz/<target>/ on the normal and the
# sanitizer build (tests/cli/test_fuzz.sh).
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="fuzz_parse ..."]
#
# builds the targets with clang -fsanitize=fuzzer,address,undefined in
# build/fuzz and runs them one after the other, FUZZ_SECONDS each, on a
# copy of their corpus in build/fuzz/corpus; what they find is left in
# build/fuzz/artifacts.  The repository's corpus grows only by hand.
FUZZ_ALL     := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_ALL     := $(filter-out fuzz_util,$(FUZZ_ALL))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_BUILD   := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_INC     := -Itests/fuzz -Isrc/app -Isrc/policy
FUZZ_SHARED  := tests/fuzz/fuzz_util.c tests/fuzz/fuzz.h
FUZZ_REPLAY  := $(FUZZ_ALL:%=$(BUILD)/tests/%)

.PHONY: fuzz fuzz-build
unit: $(FUZZ_REPLAY)

$(FUZZ_REPLAY): $(BUILD)/tests/%: tests/fuzz/%.c tests/fuzz/replay.c $(FUZZ_SHARED) \
                $(BUILD)/libbizdesk.a
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CORE_CFLAGS) $(CFLAGS) $(FUZZ_INC) $(LDFLAGS) -o $@ $< \
	    tests/fuzz/fuzz_util.c tests/fuzz/replay.c $(BUILD)/libbizdesk.a $(CORE_LIBS)

fuzz:
	@sh scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The library is built again by clang with coverage for libFuzzer (the
# rules above, in build/fuzz); each target links it with libFuzzer's main.
fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	    $(FUZZ_ALL:%=$(FUZZ_BUILD)/%)

$(FUZZ_ALL:%=$(FUZZ_BUILD)/%): $(FUZZ_BUILD)/%: tests/fuzz/%.c $(FUZZ_SHARED) \
                                $(FUZZ_BUILD)/libbizdesk.a
	$(FUZZ_CC) $(BASE_CFLAGS) $(CORE_CFLAGS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) $(FUZZ_INC) \
	    -o $@ $< tests/fuzz/fuzz_util.c $(FUZZ_BUILD)/libbizdesk.a $(CORE_LIBS)
