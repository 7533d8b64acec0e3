# bizdesk - build, test, demo, bench, install.
#
#   make            build build/bizdesk (installs missing Debian packages first)
#   make demo       build, create demo.db and open the UI on it
#   make check      every test: unit (cmocka), CLI and tmux UI tests, on the
#                   normal build and again on an ASan+UBSan build
#   make check-valgrind  the CLI tests with every bizdesk run in valgrind's
#                   memcheck (slow; not part of check)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Sources are found by wildcard: a new file in src/<layer>/ or a new
# tests/unit/test_*.c needs no edit here.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
STATEDIR   ?= /var/lib/bizdesk
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

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h $(BUILD)/libbizdesk.a
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
	@$(MAKE) --no-print-directory build BUILD=build
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

install: build
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(SYSCONFDIR)/bizdesk
	install -m 0755 $(BUILD)/bizdesk $(DESTDIR)$(BINDIR)/bizdesk
	install -m 0644 $(BUILD)/bizdesk.1 $(DESTDIR)$(MANDIR)/man1/bizdesk.1
	install -m 0644 man/bizdesk-policy.5 $(DESTDIR)$(MANDIR)/man5/bizdesk-policy.5
	for f in config/*.yaml; do \
	    t=$(DESTDIR)$(SYSCONFDIR)/bizdesk/$${f##*/}; \
	    if [ -e "$$t" ]; then echo "kept existing $$t"; else install -m 0644 "$$f" "$$t"; fi; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bizdesk $(DESTDIR)$(MANDIR)/man1/bizdesk.1 \
	    $(DESTDIR)$(MANDIR)/man5/bizdesk-policy.5

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
