# lc: build, test, bench, install.  See README.md.
#
# Every common/**/*.cc (except *_test.cc) goes into lib/liblc.a; every
# cmd/lc-*/main.cc becomes bin/lc-*; every common/**/*_test.cc, with the test
# doubles of testing/, is linked into bin/unit_tests (never into a tool).
# Adding a file or a folder needs no change here.

CXX      ?= g++
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++17 -Wall -Wextra -Wno-unused-parameter -pthread -I. -MMD -MP
# No -lcurl: common/base/lazy_curl.cc loads libcurl at its first call
# (lazy_curl.h says why); the headers still come from libcurl's -dev package.
LDLIBS   += -larchive -lzstd -lz -lpcre2-8 -lfmt $(shell cat deps/*.ldlibs 2>/dev/null) -pthread
PREFIX   ?= /usr/local

ALL_SRCS  := $(shell find common testing -name '*.cc' | sort)
LIB_SRCS  := $(filter common/%,$(filter-out %_test.cc,$(ALL_SRCS)))
LIB_OBJS  := $(LIB_SRCS:%.cc=build/%.o)
TEST_SRCS := $(filter %_test.cc testing/%,$(ALL_SRCS))
TEST_OBJS := $(TEST_SRCS:%.cc=build/%.o)
TOOLS     := $(patsubst cmd/%/main.cc,bin/%,$(wildcard cmd/lc-*/main.cc))
BENCH_BIN := $(patsubst bench/%.cc,bin/bench/%,$(wildcard bench/*.cc))

all: $(TOOLS) bin/lc-agent bin/lc-agent-status bin/unit_tests

# lc-agent is a script (the supervisor of the tools, man lc-agent(8)).
# `lc-agent status` execs lc-agent-status, installed beside it.
bin/lc-agent bin/lc-agent-status: bin/%: cmd/lc-agent/%
	@mkdir -p bin
	install -m 755 $< $@

build/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

lib/liblc.a: $(LIB_OBJS)
	@mkdir -p lib
	rm -f $@ && ar rcs $@ $^

bin/lc-%: build/cmd/lc-%/main.o lib/liblc.a
	@mkdir -p bin
	$(CXX) $(CXXFLAGS) $^ -o $@ $(LDLIBS)

bin/unit_tests: $(TEST_OBJS) lib/liblc.a
	@mkdir -p bin
	$(CXX) $(CXXFLAGS) $^ -o $@ -lgtest -lgtest_main $(LDLIBS)

# --- make asan: the library, the tools and the unit tests built with
# AddressSanitizer and UBSan into build/asan, lib/asan and bin/asan (beside
# the normal build, never instead of it).  `make asan-test` runs the unit
# tests and tests/lc-tail.bats against them (tests/run_sanitized.sh).
# -O0 -g1: a third of the build time of -O1 -g (it runs in CI); ASan checks
# every access either way, and -g1 keeps file:line in its reports.
ASAN_CXXFLAGS := $(filter-out -O2 -O3 -g,$(CXXFLAGS)) -O0 -g1 -fno-omit-frame-pointer \
                 -fsanitize=address,undefined -fno-sanitize-recover=undefined
ASAN_LIB_OBJS  := $(LIB_SRCS:%.cc=build/asan/%.o)
ASAN_TEST_OBJS := $(TEST_SRCS:%.cc=build/asan/%.o)
ASAN_TOOLS     := $(patsubst bin/%,bin/asan/%,$(TOOLS))

asan: $(ASAN_TOOLS) bin/asan/unit_tests

build/asan/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(ASAN_CXXFLAGS) -c $< -o $@

lib/asan/liblc.a: $(ASAN_LIB_OBJS)
	@mkdir -p lib/asan
	rm -f $@ && ar rcs $@ $^

bin/asan/lc-%: build/asan/cmd/lc-%/main.o lib/asan/liblc.a
	@mkdir -p bin/asan
	$(CXX) $(ASAN_CXXFLAGS) $^ -o $@ $(LDLIBS)

bin/asan/unit_tests: $(ASAN_TEST_OBJS) lib/asan/liblc.a
	@mkdir -p bin/asan
	$(CXX) $(ASAN_CXXFLAGS) $^ -o $@ -lgtest -lgtest_main $(LDLIBS)

asan-test: asan
	tests/run_sanitized.sh

# --- make fuzz: one libFuzzer target per parser of outside input, fuzz/<name>.cc,
# built with clang (libFuzzer + ASan + UBSan) into build/fuzz and bin/fuzz
# from the parsers' own sources (lib/fuzz/liblc.a: common/ without ship/).
# Seeds: fuzz/corpus/<name>/.  `make fuzz-run FUZZ_SECONDS=20` runs each
# target for that long on a scratch copy of its corpus; fuzz/run.sh prints
# one "ok"/"FAILED" line per target.
FUZZ_CXX      ?= clang++
FUZZ_CXXFLAGS := -O1 -g -fno-omit-frame-pointer -std=c++17 -pthread -I. -MMD -MP \
                 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_LIB_OBJS := $(patsubst %.cc,build/fuzz/%.o,$(filter-out common/ship/%,$(LIB_SRCS)))
# FUZZ_SKIP: targets fuzz-run leaves out (by hand: FUZZ_SKIP=bin/fuzz/json).
FUZZ_TARGETS  := $(filter-out $(FUZZ_SKIP),$(patsubst fuzz/%.cc,bin/fuzz/%,$(wildcard fuzz/*.cc)))
FUZZ_SECONDS  ?= 20

fuzz: $(FUZZ_TARGETS)

build/fuzz/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@

lib/fuzz/liblc.a: $(FUZZ_LIB_OBJS)
	@mkdir -p lib/fuzz
	rm -f $@ && ar rcs $@ $^

bin/fuzz/%: build/fuzz/fuzz/%.o lib/fuzz/liblc.a
	@mkdir -p bin/fuzz
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer $^ -o $@ $(LDLIBS)

# Kept, not deleted as intermediates, so a rebuild is incremental.
.SECONDARY: $(patsubst bin/fuzz/%,build/fuzz/fuzz/%.o,$(FUZZ_TARGETS)) \
            $(patsubst bin/asan/%,build/asan/cmd/%/main.o,$(ASAN_TOOLS))

fuzz-run: fuzz
	fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Debian packages for building, testing and benchmarking.
# Each deps/<part>.txt lists packages one per line; deps/*.ldlibs add link flags;
# deps/*.npm list npm packages that tests run (real servers), installed under
# .node (not tracked).
DEPS := $(shell cat deps/*.txt 2>/dev/null)
NPM_DEPS := $(shell cat deps/*.npm 2>/dev/null)
deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEPS)
	# npm: NodeSource's nodejs (on these machines) carries it and conflicts with Debian's npm package.
	command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm
	$(if $(NPM_DEPS),npm install --prefix .node --no-audit --no-fund --loglevel=error $(NPM_DEPS))

test: all
	tests/run_all.sh

# Plants one-line bugs in a copy of the tree and checks that tests catch each
# (tests/mutants.sh; not part of CI: it builds once per bug).
mutants: all
	tests/mutants.sh

bin/bench/%: bench/%.cc lib/liblc.a
	@mkdir -p bin/bench
	$(CXX) $(CXXFLAGS) $< -o $@ lib/liblc.a $(LDLIBS)

bench: all lib/liblc.a $(BENCH_BIN)
	bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 755 $(TOOLS) bin/lc-agent bin/lc-agent-status $(DESTDIR)$(PREFIX)/bin/
	for f in man/*.1; do install -m 644 $$f $(DESTDIR)$(PREFIX)/share/man/man1/; done
	install -d $(DESTDIR)$(PREFIX)/share/man/man8 && install -m 644 man/lc-agent.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	for f in man/*.5; do [ -e $$f ] && install -m 644 $$f $(DESTDIR)$(PREFIX)/share/man/man5/; done; true
	for f in man/*.7; do [ -e $$f ] && install -m 644 $$f $(DESTDIR)$(PREFIX)/share/man/man7/; done; true
	for f in completions/bash/*; do install -m 644 $$f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/; done
	for f in completions/zsh/*; do install -m 644 $$f $(DESTDIR)$(PREFIX)/share/zsh/site-functions/; done

# The agent's container image (image/build.sh: docker import of a root
# filesystem with bin/, bash, busybox, their libraries and CA certificates).
# IMAGE_TAG overrides lctk/lc-agent:<version>; the engine is $DOCKER_HOST's.
image: all
	image/build.sh $(IMAGE_TAG)

clean:
	rm -rf build lib bin

.PHONY: all deps test bench install image clean mutants asan asan-test fuzz fuzz-run
-include $(LIB_OBJS:.o=.d) $(TEST_OBJS:.o=.d) $(patsubst bin/%,build/cmd/%/main.d,$(TOOLS))
-include $(wildcard build/asan/*/*.d build/asan/*/*/*.d build/asan/*/*/*/*.d build/fuzz/*/*.d build/fuzz/*/*/*.d build/fuzz/*/*/*/*.d)
