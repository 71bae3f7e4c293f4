# kiln -- build with `make`, test with `make test`, try it with `make demo`.
#
#   make                 build/kiln, build/libkiln.a, build/libkiln.so
#   make test            installs test dependencies if missing (tests/setup.sh),
#                        then unit, CLI and spec tests (suite: WASM_TESTSUITE)
#   make SAN=1 test      the same under AddressSanitizer + UBSan (build-san/)
#   make CC=clang        any C11 compiler; warnings are errors
#   make DISPATCH=switch the interpreter's portable dispatch (default: goto)

CC       ?= cc
SAN      ?=
DISPATCH ?= goto
WASM_TESTSUITE ?= ../shared/testsuite

BUILD    ?= build$(if $(SAN),-san)
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -fPIC \
            -fvisibility=hidden -MMD -MP
ifeq ($(DISPATCH),switch)
CFLAGS   += -DKN_DISPATCH_SWITCH
endif
ifneq ($(SAN),)
CFLAGS   += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
endif
LDLIBS   += -lm

LIB_SRC  := $(sort $(wildcard src/base/*.c src/binary/*.c src/valid/*.c \
              src/text/*.c src/runtime/*.c src/interp/*.c src/wast/*.c))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

all: $(BUILD)/kiln $(BUILD)/libkiln.a $(BUILD)/libkiln.so

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libkiln.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/libkiln.so: $(LIB_OBJ)
	$(CC) -shared $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/kiln: $(CLI_OBJ) $(BUILD)/libkiln.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libkiln.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libkiln.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(BUILD)/libkiln.a $(LDLIBS)

# Installs the Debian and npm packages the tests need, when missing.
setup:
	@sh tests/setup.sh

test: setup all $(UNIT_BIN)
	@BUILD=$(BUILD) WASM_TESTSUITE=$(WASM_TESTSUITE) sh tests/run.sh

demo: $(BUILD)/kiln
	$(BUILD)/kiln run --invoke fac examples/fac.wat 20

clean:
	rm -rf build build-san build-clang

.PHONY: all setup test demo clean
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
