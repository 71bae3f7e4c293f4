# kiln -- build with `make`, test with `make test`, try it with `make demo`.
#
#   make                 build/kiln, build/libkiln.a, build/libkiln.so
#   make test            installs test dependencies if missing (tests/setup.sh),
#                        then unit, CLI and spec tests (suite: WASM_TESTSUITE)
#   make SAN=1 test      the same under AddressSanitizer + UBSan (build-san/)
#   make SAN=thread tsan-test   the API's threaded tests under ThreadSanitizer
#   make CC=clang        another GNU C compiler (GCC or Clang; kiln uses GNU C
#                        extensions); builds in build-clang/
#   make DISPATCH=switch the interpreter's portable dispatch (default: goto);
#                        builds in build-switch/
#   make BOUNDS=explicit every memory access bounds-checked, no guard pages
#                        (default on 64-bit hosts: guard pages, src/runtime/guard.h);
#                        builds in build-explicit/
#   make SIMD=portable   v128 lanes in portable C, not the compiler's vector
#                        extensions (default: vector); builds in build-portable/
#                        (make build/kiln-portable: only those lanes portable)
#   make WERROR=         warnings are not errors (a newer compiler's new warnings)
#   make bench           the benchmark: kiln (JIT and interpreter) and node
#                        (26 and 20) against native code; start-up, compile speed
#   make bench-wasi      SQLite and flite as whole processes, kiln against node
#   make bench-aot       the ahead-of-time compiler: -O2 spec suite, compile
#                        times, the benchmark precompiled, cache start-up
#   make bench-simd      the SIMD benchmark: clang -msimd128 against scalar
#   make oci             build/kiln-oci, the OCI runtime for WebAssembly containers
#                        (needs json-c: libjson-c-dev), and build/kiln-static
#   make static          build/kiln-static, kiln linked statically (for images
#                        without a libc; not with SAN=)
#   make clean           removes every build directory
#
# CFLAGS (default -O2 -g) may be set on the command line; kiln's own flags
# (-std=c11, -fPIC, visibility, warnings) are added to it all the same. The
# build directory's name encodes every option above, the compiler included,
# and the objects depend on the whole compile command ($(BUILD)/cflags), so
# a build never mixes objects made with different options.

CC       ?= cc
SAN      ?=
DISPATCH ?= goto
BOUNDS   ?= guard
SIMD     ?= vector
WERROR   ?= -Werror
WASM_TESTSUITE ?= ../shared/testsuite

CC_NAME  := $(notdir $(firstword $(CC)))
SAN_NAME := $(if $(filter thread,$(SAN)),-tsan,$(if $(SAN),-san))
BUILD    ?= build$(if $(filter-out cc gcc,$(CC_NAME)),-$(CC_NAME))$(SAN_NAME)$(if $(filter portable,$(SIMD)),-portable)$(if $(filter explicit,$(BOUNDS)),-explicit)$(if $(filter switch,$(DISPATCH)),-switch)
# clang 14 writes DWARF 5 by default, which Debian 12's valgrind cannot
# read (the text suite runs kiln under valgrind).
CFLAGS   ?= -O2 $(if $(filter clang%,$(CC_NAME)),-gdwarf-4,-g)
override CFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wundef $(WERROR) -fPIC \
            -fvisibility=hidden -MMD -MP
ifeq ($(DISPATCH),switch)
override CFLAGS += -DKN_DISPATCH_SWITCH
endif
ifeq ($(BOUNDS),explicit)
override CFLAGS += -DKN_BOUNDS_EXPLICIT
endif
ifeq ($(SIMD),portable)
override CFLAGS += -DKN_SIMD_PORTABLE
endif
ifeq ($(SAN),thread)
override CFLAGS += -O1 -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=thread
else ifneq ($(SAN),)
override CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined -DKN_CHECK_CODE
LDFLAGS  += -fsanitize=address,undefined
endif
LDLIBS   += -lm -pthread -ldl

LIB_SRC  := $(sort $(wildcard src/base/*.c src/binary/*.c src/valid/*.c \
              src/text/*.c src/print/*.c src/runtime/*.c src/exec/*.c src/interp/*.c \
              src/wast/*.c src/wasi/*.c src/api/*.c src/jit/*.c src/aot/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
OCI_SRC  := $(sort $(wildcard src/oci/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/src/aot/headers.o
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
OCI_OBJ  := $(OCI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Defined here, before `test` names it: make expands prerequisites as it reads.
EXAMPLE_BIN := $(patsubst examples/%.c,$(BUILD)/examples/%,$(wildcard examples/*.c))

all: $(BUILD)/kiln $(BUILD)/libkiln.a $(BUILD)/libkiln.so

# The compile command as last used: rewritten only when it changes, so
# every object is rebuilt when an option or CFLAGS changes.
COMPILE := $(CC) $(CFLAGS)
$(BUILD)/cflags: FORCE
	@mkdir -p $(dir $@)
	@echo '$(COMPILE)' | cmp -s - $@ || echo '$(COMPILE)' >$@

$(BUILD)/%.o: %.c $(BUILD)/cflags
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

# The interpreter's numeric and vector helpers as C strings: the
# ahead-of-time compiler's generated code embeds them (src/aot/emit.c).
$(BUILD)/src/aot/headers.c: src/interp/numeric.h src/interp/simd.h
	@mkdir -p $(dir $@)
	{ echo '/* generated from src/interp/numeric.h and simd.h by the Makefile */'; \
	  for h in numeric simd; do \
	    echo "const char kn_aot_$${h}_h[] ="; \
	    sed -e '/^#include "numeric.h"/d' -e 's/\\/\\\\/g' -e 's/"/\\"/g' \
	        -e 's/^/    "/' -e 's/$$/\\n"/' src/interp/$$h.h; \
	    echo '    ;'; \
	  done; } >$@
$(BUILD)/src/aot/headers.o: $(BUILD)/src/aot/headers.c $(BUILD)/cflags
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libkiln.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libkiln.so: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/kiln: $(CLI_OBJ) $(BUILD)/libkiln.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libkiln.a $(LDLIBS)

# kiln-oci (src/oci/, docs/containers.md): an OCI runtime over runc or crun
# that runs WebAssembly containers with a static kiln, bind-mounted into
# them. It is a program of its own: it needs a JSON library (json-c) and no
# WebAssembly engine, and kiln needs neither of its jobs. json-c is linked
# into it alone, never into libkiln or kiln. kiln-static is kiln linked
# statically, which runs in an image FROM scratch; the sanitizers' runtime
# cannot be linked statically, so a SAN= build has no kiln-static.
OCI_BIN := $(BUILD)/kiln-oci $(if $(SAN),,$(BUILD)/kiln-static)
oci: $(OCI_BIN)
static: $(BUILD)/kiln-static

$(BUILD)/kiln-oci: $(OCI_OBJ)
	$(CC) $(LDFLAGS) -o $@ $(OCI_OBJ) -ljson-c

$(BUILD)/kiln-static: $(CLI_OBJ) $(BUILD)/libkiln.a
	$(CC) -static $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libkiln.a $(LDLIBS)

# `make test` installs json-c's headers (tests/setup.sh) before compiling.
ifneq ($(filter test,$(MAKECMDGOALS)),)
$(OCI_OBJ): | setup
endif

# kiln with the portable interpreter: switch dispatch and the plain-C SIMD
# lanes (as DISPATCH=switch SIMD=portable build them), the rest of this
# build's objects: both are choices inside exec.c alone.
# tests/suites/spec-portable.sh runs the whole spec suite on it.
PORTABLE_OBJ := $(filter-out $(BUILD)/src/interp/exec.o,$(LIB_OBJ)) \
                $(BUILD)/src/interp/exec-portable.o
$(BUILD)/src/interp/exec-portable.o: src/interp/exec.c $(BUILD)/cflags
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DKN_SIMD_PORTABLE -DKN_DISPATCH_SWITCH -c $< -o $@

$(BUILD)/kiln-portable: $(CLI_OBJ) $(PORTABLE_OBJ)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(PORTABLE_OBJ) $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libkiln.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -Iinclude $(LDFLAGS) -o $@ $< $(BUILD)/libkiln.a $(LDLIBS)

# Allocation failure injection (tests/unit/limits_alloc.c): kiln's calls to
# the allocators go to the test's wrappers, which fail the Nth.
WRAP_ALLOC := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=mmap,--wrap=mprotect
$(BUILD)/tests/limits_alloc: private LDFLAGS += $(WRAP_ALLOC)

# This build with explicit bounds checks (as BOUNDS=explicit builds it), in
# $(BUILD)/explicit/: only the files that choose by KN_GUARD_PAGES
# (runtime/guard.h) are compiled again.
# tests/suites/limits.sh runs the memory scripts and the limits tests on it.
EXPLICIT_SRC := src/interp/exec.c src/runtime/memory.c src/runtime/guard.c \
                src/exec/fault.c src/jit/codegen.c src/jit/ops.c \
                src/aot/compile.c src/aot/emit.c
EXPLICIT_OBJ := $(filter-out $(EXPLICIT_SRC:%.c=$(BUILD)/%.o),$(LIB_OBJ)) \
                $(EXPLICIT_SRC:%.c=$(BUILD)/explicit/%.o)
$(BUILD)/explicit/%.o: %.c $(BUILD)/cflags
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DKN_BOUNDS_EXPLICIT -c $< -o $@

$(BUILD)/explicit/libkiln.a: $(EXPLICIT_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/explicit/kiln: $(CLI_OBJ) $(BUILD)/explicit/libkiln.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/explicit/libkiln.a $(LDLIBS)

$(BUILD)/explicit/tests/%: tests/unit/%.c $(BUILD)/explicit/libkiln.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -DKN_BOUNDS_EXPLICIT -Isrc -Iinclude $(LDFLAGS) -o $@ $< \
	    $(BUILD)/explicit/libkiln.a $(LDLIBS)
$(BUILD)/explicit/tests/limits_alloc: private LDFLAGS += $(WRAP_ALLOC)

# The text tools' test helper (tests/suites/text.sh): every module of the
# spec scripts through kiln's printer and parser.
$(BUILD)/text/modules: tests/text/modules.c $(BUILD)/libkiln.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(BUILD)/libkiln.a $(LDLIBS)

# kiln's wat2wasm/wasm2wat against wabt's on SQLite compiled to WASI.
bench-text: $(BUILD)/kiln
	sh bench/text.sh $(BUILD)

# Installs the Debian and npm packages the tests need, when missing.
setup:
	@sh tests/setup.sh

# setup runs to its end first: some prerequisites (SQLite's amalgamation)
# are files it installs, which a parallel make would look for too early.
test: setup
	@$(MAKE) --no-print-directory test-run

test-run: all $(OCI_BIN) $(UNIT_BIN) $(BUILD)/text/modules $(EXAMPLE_BIN) wasi-tests \
          $(BUILD)/difftest-kiln $(BUILD)/bench/compile
	@BUILD=$(BUILD) WASM_TESTSUITE=$(WASM_TESTSUITE) sh tests/run.sh

# The API's threaded tests under ThreadSanitizer: make SAN=thread tsan-test.
TSAN_TESTS := api_kiln api_wasm code_sharing
tsan-test: $(TSAN_TESTS:%=$(BUILD)/tests/%)
	@sh tests/tsan.sh $(BUILD) $(TSAN_TESTS)

demo: $(BUILD)/kiln
	$(BUILD)/kiln run --invoke fac examples/fac.wat 20

# WASI test programs (tests/wasi/NAME.c, one per area, run by
# tests/suites/wasi.sh) and SQLite with its test driver, compiled by clang
# to wasm32-wasi into $(BUILD)/tests/wasi/. The sandbox programs
# (tests/wasi/sandbox/) are built by their own suite; `make bench-wasi`
# times that SQLite workload (below, with the benchmark).
WASI_TEST_CC  ?= clang --target=wasm32-wasi
WASI_TEST_DIR := $(BUILD)/tests/wasi
WASI_SQLITE   := tests/npm/node_modules/better-sqlite3/deps/sqlite3
WASI_TEST_BIN := $(patsubst tests/wasi/%.c,$(WASI_TEST_DIR)/%.wasm,$(wildcard tests/wasi/*.c)) \
                 $(WASI_TEST_DIR)/sqlite_test.wasm

wasi-tests: $(WASI_TEST_BIN)

$(WASI_TEST_DIR)/%.wasm: tests/wasi/%.c tests/wasi/check.h | setup
	@mkdir -p $(dir $@)
	$(WASI_TEST_CC) -O2 -Wall -Wextra -Werror -o $@ $<

# SQLite detects __wasi__ itself (no WAL, no locks, no threads); its
# temporary files go where SQLITE_TMPDIR says, a preopened directory.
$(WASI_TEST_DIR)/sqlite3.o: $(WASI_SQLITE)/sqlite3.c | setup
	@mkdir -p $(dir $@)
	$(WASI_TEST_CC) -O2 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -c -o $@ $<

$(WASI_TEST_DIR)/sqlite_test.wasm: tests/wasi/sqlite/sqlite_test.c tests/wasi/check.h \
                                   $(WASI_TEST_DIR)/sqlite3.o
	$(WASI_TEST_CC) -O2 -Wall -Wextra -Werror -I$(WASI_SQLITE) -o $@ $< $(WASI_TEST_DIR)/sqlite3.o

.PHONY: wasi-tests

# Fuzzing (fuzz/README.md): libFuzzer targets fuzz/*.c, built with clang and
# ASan+UBSan into build-fuzz/; `make fuzz` runs each for FUZZ_TIME seconds.
FUZZ_TIME ?= 600
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_BIN := $(patsubst fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard fuzz/*.c))

fuzz-build:
	CFLAGS='$(FUZZ_CFLAGS)' $(MAKE) CC=clang BUILD=build-fuzz fuzz-targets

fuzz-targets: $(FUZZ_BIN)

# clang needs minutes to optimise the interpreter's dispatch function under
# ASan; in the fuzz build it stays unoptimised.
build-fuzz/src/interp/exec.o: override CFLAGS += -O0

$(BUILD)/fuzz/%: fuzz/%.c fuzz/stand_in.h $(BUILD)/libkiln.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -fsanitize=fuzzer,address,undefined -o $@ $< \
	    $(BUILD)/libkiln.a $(LDLIBS)

fuzz: fuzz-build
	sh fuzz/run.sh build-fuzz $(FUZZ_TIME)

# Differential testing three ways (tests/difftest/difftest.js): N generated
# modules, from seed SEED, on kiln's JIT, kiln's interpreter and V8 (node 26),
# JOBS at a time. `make test` runs 300 (tests/suites/difftest.sh);
# difftest-10k is the long series: 20 to 35 minutes with JOBS=1 on a
# 2-core machine other jobs kept busy.
N    ?= 1000
SEED ?= 1
JOBS ?= 2
difftest: $(BUILD)/difftest-kiln
	sh tests/difftest/run.sh --kiln $(BUILD)/difftest-kiln --n $(N) --seed $(SEED) \
	    --jobs $(JOBS) --out $(BUILD)/difftest

difftest-10k: N = 10000
difftest-10k: difftest

$(BUILD)/difftest-kiln: tests/difftest/kiln_driver.c $(BUILD)/libkiln.a
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(BUILD)/libkiln.a $(LDLIBS)

# The benchmark (bench/run.sh, issues 7 and 14): each program natively
# (gcc -O2) and to WASI (clang -O2) into $(BUILD)/bench/, then timed on
# kiln's JIT and interpreter and on node 26 and node 20 side by side; the
# compile-speed tool. Not part of `make test`, which runs the programs at tiny
# sizes and the compile tool on them (tests/suites/bench-smoke.sh).
BENCH_CC    ?= gcc
WASI_CC     ?= clang --target=wasm32-wasi
BENCH_DIR   := $(BUILD)/bench
BENCH_PROGS := $(patsubst bench/programs/%.c,%,$(wildcard bench/programs/*.c)) \
               hello sqlite
SQLITE_DIR  := tests/npm/node_modules/better-sqlite3/deps/sqlite3
SQLITE_OPTS := -I$(SQLITE_DIR) -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION \
               -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_GEOPOLY \
               -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_DBSTAT_VTAB \
               -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK \
               -DSQLITE_ENABLE_STAT4

bench: setup all bench-build
	BUILD=$(BUILD) sh bench/run.sh

bench-wasi: setup all wasi-tests $(BENCH_DIR)/timer
	BUILD=$(BUILD) sh bench/wasi.sh

bench-build: $(BENCH_DIR)/timer $(BENCH_DIR)/compile $(BENCH_PROGS:%=$(BENCH_DIR)/native/%) \
             $(BENCH_PROGS:%=$(BENCH_DIR)/wasm/%.wasm)

$(BENCH_DIR)/timer: bench/timer.c
	@mkdir -p $(dir $@)
	$(BENCH_CC) -O2 -o $@ $<

# Compile speed: every function of a module through one tier (bench/compile.c).
$(BENCH_DIR)/compile: bench/compile.c $(BUILD)/libkiln.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(BUILD)/libkiln.a $(LDLIBS)

$(BENCH_DIR)/native/sqlite: bench/sqlite.c $(SQLITE_DIR)/sqlite3.c
	@mkdir -p $(dir $@)
	$(BENCH_CC) -O2 $(SQLITE_OPTS) -o $@ $^ -lm

$(BENCH_DIR)/wasm/sqlite.wasm: bench/sqlite.c $(SQLITE_DIR)/sqlite3.c
	@mkdir -p $(dir $@)
	$(WASI_CC) -O2 $(SQLITE_OPTS) -o $@ $^

$(BENCH_DIR)/native/%: bench/programs/%.c
	@mkdir -p $(dir $@)
	$(BENCH_CC) -O2 -o $@ $< -lm

$(BENCH_DIR)/native/%: bench/%.c
	@mkdir -p $(dir $@)
	$(BENCH_CC) -O2 -o $@ $< -lm

$(BENCH_DIR)/wasm/%.wasm: bench/programs/%.c
	@mkdir -p $(dir $@)
	$(WASI_CC) -O2 -o $@ $<

$(BENCH_DIR)/wasm/%.wasm: bench/%.c
	@mkdir -p $(dir $@)
	$(WASI_CC) -O2 -o $@ $<

.PHONY: bench bench-build bench-wasi

# The ahead-of-time compiler's numbers (tests/aot/bench.sh): the spec suite
# at -O2, compile times, the benchmark with precompiled programs, cache-hit
# start-up. Not part of `make test`.
bench-aot: setup all bench-build $(BUILD)/difftest-kiln
	BUILD=$(BUILD) WASM_TESTSUITE=$(WASM_TESTSUITE) sh tests/aot/bench.sh
.PHONY: bench-aot

# The embedding API (include/kiln.h, wasm.h, wasi.h): the example programs
# (built for `make test`, run by tests/suites/api.sh), `make install
# PREFIX=...` (headers, libraries, kiln.pc for pkg-config) and the call
# overhead benchmark.
PREFIX       ?= /usr/local
KILN_VERSION := $(shell sed -n 's/^\#define KILN_VERSION "\(.*\)"/\1/p' include/kiln.h)

$(BUILD)/examples/%: examples/%.c $(BUILD)/libkiln.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude $(LDFLAGS) -pthread -o $@ $< $(BUILD)/libkiln.a $(LDLIBS)

examples: $(EXAMPLE_BIN)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BUILD)/kiln $(DESTDIR)$(PREFIX)/bin/
	install -m 644 include/kiln.h include/wasm.h include/wasi.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(BUILD)/libkiln.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(BUILD)/libkiln.so $(DESTDIR)$(PREFIX)/lib/
	printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$${prefix}/include' \
	    'libdir=$${prefix}/lib' '' 'Name: kiln' \
	    'Description: WebAssembly runtime: kiln.h, the standard wasm.h, wasi.h' \
	    'Version: $(KILN_VERSION)' 'Libs: -L$${libdir} -lkiln' \
	    'Libs.private: -lm -pthread' 'Cflags: -I$${includedir}' \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/kiln.pc

bench-api: $(BUILD)/bench/api $(BUILD)/kiln
	BUILD=$(BUILD) sh bench/api.sh

$(BUILD)/bench/api: bench/api.c $(BUILD)/libkiln.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Iinclude $(LDFLAGS) -o $@ $< $(BUILD)/libkiln.a $(LDLIBS)

.PHONY: examples install bench-api

# The SIMD benchmark (bench/simd.sh, issue 6): bench/simd.c compiled with
# and without -msimd128, both timed on kiln, the ratio printed.
bench-simd: $(BUILD)/kiln
	BUILD=$(BUILD) sh bench/simd.sh

clean:
	rm -rf build build-*

.PHONY: bench-simd
FORCE:
.PHONY: FORCE all oci static setup test test-run tsan-test demo clean bench-text fuzz fuzz-build fuzz-targets difftest difftest-10k
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(OCI_OBJ:.o=.d) $(BUILD)/src/interp/exec-portable.d \
         $(EXPLICIT_SRC:%.c=$(BUILD)/explicit/%.d)
