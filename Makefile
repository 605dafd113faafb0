# htlvpvl -- one GNU Makefile, no configure step.
#   make                 build ./htlvpvl (htslib via pkg-config, zlib, OpenMP)
#   make asan=1 test     AddressSanitizer + UBSan build in build-asan/, then the test suite
#   make OPENMP=0        build without OpenMP
#   make test            unit, command-line and end-to-end tests; ends with "N passed, N failed"
#   make install prefix=/usr/local DESTDIR=    (make uninstall with the same variables)
#   make dist            htlvpvl-VERSION.tar.gz (git archive of HEAD) and its sha256
#   make BUILD=dir BIN=dir/htlvpvl   build elsewhere (parallel work in one checkout)

CC       ?= cc
CFLAGS   ?= -O2 -g
CPPFLAGS ?=
LDFLAGS  ?=
prefix   ?= /usr/local
bindir   ?= $(prefix)/bin
mandir   ?= $(prefix)/share/man
datadir  ?= $(prefix)/share
docdir   ?= $(datadir)/doc/htlvpvl
DESTDIR  ?=
OPENMP   ?= 1
asan     ?= 0

ifeq ($(asan),1)
BUILD    ?= build-asan
BIN      ?= $(BUILD)/htlvpvl
CFLAGS   += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
else ifeq ($(OPENMP),0)
BUILD    ?= build-noomp
else
BUILD    ?= build
endif
BIN      ?= htlvpvl

# The version lives in the file VERSION only; the sources get it as HTLVPVL_VERSION.
VERSION   := $(shell cat VERSION)
HTS_CFLAGS := $(shell pkg-config --cflags htslib 2>/dev/null)
HTS_LIBS   := $(shell pkg-config --libs htslib 2>/dev/null || echo -lhts)
ifeq ($(OPENMP),1)
OMP_FLAGS := -fopenmp
endif

WARN      := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wformat=2
ALL_CPPFLAGS := -Iinclude -DHTLVPVL_VERSION='"$(VERSION)"' $(HTS_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   := -std=gnu11 $(WARN) $(OMP_FLAGS) $(CFLAGS)
LIBS      := $(HTS_LIBS) -lz -lm -lpthread

LIB_SRC   := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ   := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ  := $(BUILD)/obj/main.o
LIBA      := $(BUILD)/libhtlvpvl.a
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test test-unit test-pipelines install uninstall dist clean bench test-data FORCE
all: $(BIN)

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIB_OBJ) $(MAIN_OBJ): VERSION

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

# Always relinked (cheap), so switching asan/OPENMP builds never leaves a stale binary.
$(BIN): $(MAIN_OBJ) $(LIBA) FORCE
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(LIBA) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBA) tests/unit/tap.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

test-unit: $(UNIT_BIN)

# The test tools (samtools, bcftools, rsvg-convert, snakemake, multiqc) are installed through
# apt-get when missing; SKIP_DEPS=1 skips that step.
test: $(BIN) $(UNIT_BIN) fuzz-replay
	@[ "$(SKIP_DEPS)" = 1 ] || bash scripts/install-deps.sh --test
	HTLVPVL=$(abspath $(BIN)) UNIT_DIR=$(abspath $(BUILD)/tests) bash tests/run.sh

test-pipelines: $(BIN)
	@[ "$(SKIP_DEPS)" = 1 ] || bash scripts/install-deps.sh --test
	HTLVPVL=$(abspath $(BIN)) bash tests/run.sh --pipelines

bench: $(BIN)
	HTLVPVL=$(abspath $(BIN)) bash bench/run.sh
	HTLVPVL=$(abspath $(BIN)) bash bench/validate_pvl.sh
	HTLVPVL=$(abspath $(BIN)) bash bench/validate_art.sh

test-data: $(BIN)
	HTLVPVL=$(abspath $(BIN)) bash test-data/make.sh

# Fuzzing (tests/fuzz): `make fuzz FUZZ_TIME=60` builds each libFuzzer harness with clang
# (ASan+UBSan) in build-fuzz/ and runs it FUZZ_TIME seconds on its committed corpus;
# `make fuzz-replay` builds the same harnesses with gcc, ASan+UBSan and a plain main() in
# build-asan/fuzz/ (the test suite replays the corpus and the reproducers through them).
FUZZ_NAMES := bam fastq sheet summary sim
FUZZ_TIME  ?= 60
FUZZ_CC    ?= clang
FUZZ_DEF   := -DFUZZ_DATA='"$(abspath tests/data/repro/F09_compare_overwrites_input)"'
.PHONY: fuzz fuzz-build fuzz-replay
fuzz-replay:
	$(MAKE) asan=1 $(FUZZ_NAMES:%=build-asan/fuzz/replay_%)
$(BUILD)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c tests/fuzz/fuzz_common.h $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(FUZZ_DEF) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay_main.c \
	    $(LIBA) $(LIBS)
fuzz-build:
	$(MAKE) BUILD=build-fuzz OPENMP=0 CC=$(FUZZ_CC) \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=fuzzer,address,undefined" $(FUZZ_NAMES:%=build-fuzz/fuzz/fuzz_%)
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(FUZZ_DEF) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS)
fuzz: fuzz-build
	FUZZ_TIME=$(FUZZ_TIME) bash tests/fuzz/run.sh $(FUZZ_NAMES)


# The binary, the man page (its MultiQC example names the installed multiqc_config.yaml), the
# documentation and the MultiQC configuration.
DOCS := README.md CHANGELOG.md LICENSE docs/formats.md docs/exit-codes.md docs/pipelines.md
install: $(BIN)
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(docdir) \
	    $(DESTDIR)$(datadir)/htlvpvl
	install -m 755 $(BIN) $(DESTDIR)$(bindir)/htlvpvl
	sed -e 's|/usr/local/share/htlvpvl/|$(datadir)/htlvpvl/|g' \
	    -e 's|/usr/local/share/doc/htlvpvl/|$(docdir)/|g' docs/htlvpvl.1 \
	    > $(DESTDIR)$(mandir)/man1/htlvpvl.1
	chmod 644 $(DESTDIR)$(mandir)/man1/htlvpvl.1
	install -m 644 $(DOCS) $(DESTDIR)$(docdir)/
	install -m 644 pipelines/multiqc_config.yaml $(DESTDIR)$(datadir)/htlvpvl/

uninstall:
	rm -f $(DESTDIR)$(bindir)/htlvpvl $(DESTDIR)$(mandir)/man1/htlvpvl.1
	rm -f $(addprefix $(DESTDIR)$(docdir)/,$(notdir $(DOCS)))
	rm -f $(DESTDIR)$(datadir)/htlvpvl/multiqc_config.yaml
	rmdir $(DESTDIR)$(docdir) $(DESTDIR)$(datadir)/htlvpvl 2>/dev/null || true

# The release tarball (what the bioconda recipe's url points at, as GitHub makes it from the tag)
# and its sha256 for the recipe.
dist:
	git archive --format=tar.gz --prefix=htlvpvl-$(VERSION)/ -o htlvpvl-$(VERSION).tar.gz HEAD
	sha256sum htlvpvl-$(VERSION).tar.gz

clean:
	rm -rf build build-asan build-noomp build-fuzz build-tsan htlvpvl

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
