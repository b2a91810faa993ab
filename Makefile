# hrtk: the harm-reduction text kit. See README.md; tunables are in config.mk.
.SUFFIXES:

include config.mk

# === LIST OF FILES ===

# Library modules: no printing, no exiting (but out-of-memory).
LIB_OBJS = \
	src/buf.o \
	src/clean.o \
	src/columns.o \
	src/conv.o \
	src/corpus.o \
	src/ctab.o \
	src/dehyph.o \
	src/dict.o \
	src/doc.o \
	src/embed.o \
	src/embedded.o \
	src/err.o \
	src/explain.o \
	src/extract.o \
	src/furniture.o \
	src/htab.o \
	src/html-charset.o \
	src/html-meta.o \
	src/html-score.o \
	src/html-text.o \
	src/html.o \
	src/jsonl.o \
	src/keyness.o \
	src/layout.o \
	src/markdown.o \
	src/minhash.o \
	src/mojibake.o \
	src/norm.o \
	src/pdftext.o \
	src/prose.o \
	src/report-html.o \
	src/report.o \
	src/rowfmt.o \
	src/rulelit.o \
	src/rules.o \
	src/score.o \
	src/stem.o \
	src/stop.o \
	src/svg.o \
	src/table.o \
	src/terms.o \
	src/tok.o \
	src/unicode.o \
	src/warc.o

# The command layer.
CMD_OBJS = \
	src/cli-table.o \
	src/cli-terms.o \
	src/cli.o \
	src/cmd-cat.o \
	src/cmd-clean.o \
	src/cmd-concepts.o \
	src/cmd-count.o \
	src/cmd-dedup.o \
	src/cmd-eval.o \
	src/cmd-extract.o \
	src/cmd-keyness.o \
	src/cmd-kwic.o \
	src/cmd-merge.o \
	src/cmd-norm.o \
	src/cmd-report.o \
	src/cmd-tok.o \
	src/cmd-warc.o \
	src/hrtk.o

HDRS = $(wildcard src/*.h)

# Default data compiled into the binary (scripts/gen-embed.sh).
EMBED_FILES = \
	$(wildcard stopwords/*.txt) \
	$(wildcard stopwords/wide/*.txt) \
	$(wildcard concepts/*.txt) \
	$(wildcard rules/*.rules)

UNIT_TESTS = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/t-*.c))

# Objects live in build/VARIANT/: "obj" for ./hrtk, "san" for the sanitizer build.
B = build/obj
ALL_CFLAGS = $(CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc -I$(B) -DHRTK_VERSION='"$(VERSION)"'
ALL_LIBS = $(PKG_LIBS) $(EXTRA_LIBS)

# === TARGETS ===

all: hrtk

hrtk: $(B)/hrtk
	cp $(B)/hrtk hrtk

$(B)/hrtk: $(addprefix $(B)/,$(CMD_OBJS)) $(B)/libhrtk.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(addprefix $(B)/,$(CMD_OBJS)) $(B)/libhrtk.a $(ALL_LIBS)

$(B)/libhrtk.a: $(addprefix $(B)/,$(LIB_OBJS))
	rm -f $@
	ar rcs $@ $(addprefix $(B)/,$(LIB_OBJS))

$(B)/src/%.o: src/%.c $(HDRS) config.mk
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/src/embedded.o: $(B)/src/embedded.c src/embed.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/src/embedded.c: scripts/gen-embed.sh $(EMBED_FILES)
	@mkdir -p $(@D)
	sh scripts/gen-embed.sh $(EMBED_FILES) > $@.tmp && mv $@.tmp $@

$(B)/tests/%: tests/unit/%.c tests/unit/check.h $(B)/libhrtk.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/libhrtk.a $(ALL_LIBS)

# Each fuzz harness, built without libFuzzer, replays its seeds as a unit test.
$(B)/tests/t-fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(B)/libhrtk.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DSEED_DIR='"$(CURDIR)/tests/fuzz/$*"' -o $@ tests/fuzz/replay.c $< $(B)/libhrtk.a $(ALL_LIBS)

units: $(addprefix $(B)/tests/,$(UNIT_TESTS)) $(patsubst tests/fuzz/%.c,$(B)/tests/t-%,$(wildcard tests/fuzz/fuzz-*.c))

# The sanitizer build: the same objects under build/san.
san:
	$(MAKE) B=build/san CFLAGS='$(CFLAGS) -O1 $(SANFLAGS)' LDFLAGS='$(LDFLAGS) $(SANFLAGS)' build/san/hrtk units

# make fuzz FUZZ_SECONDS=N [FUZZ_NAMES='dict html']: libFuzzer harnesses (clang),
# ASan+UBSan, N seconds each (all of them unless named).
FUZZ_SECONDS = 60
FUZZ_NAMES =
FUZZ_HARNESSES = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz-*.c))
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

fuzz:
	$(MAKE) B=build/fuzzlib CC=clang CFLAGS='-std=c11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined' build/fuzzlib/libhrtk.a
	@mkdir -p build/fuzz
	for h in $(FUZZ_HARNESSES); do \
		clang $(FUZZ_FLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -Isrc -o build/fuzz/$$h tests/fuzz/$$h.c \
			build/fuzzlib/libhrtk.a $(ALL_LIBS) || exit 1; \
	done
	sh tests/fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

bootstrap:
	@sh scripts/bootstrap

# make check: everything twice, plain and with ASan+UBSan; ends "N passed, N failed".
check: bootstrap
	@$(MAKE) --no-print-directory all units
	@$(MAKE) --no-print-directory san
	@sh tests/run.sh --hrtk ./hrtk --units build/obj/tests --label plain \
		--then --hrtk build/san/hrtk --units build/san/tests --label sanitizers

demo: bootstrap
	@$(MAKE) --no-print-directory all
	@sh scripts/demo

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1
	cp -f hrtk $(DESTDIR)$(PREFIX)/bin/hrtk
	chmod 755 $(DESTDIR)$(PREFIX)/bin/hrtk
	cp -f man/*.1 $(DESTDIR)$(MANPREFIX)/man1/

clean:
	rm -rf build hrtk

.PHONY: all units san fuzz bootstrap check demo install clean
