#!/bin/sh
# tests/suites/aot.sh -- ahead-of-time compilation (src/aot/): the spec
# suite compiled AOT, `kiln compile` and `kiln run --allow-precompiled`,
# the refusal of foreign, truncated and damaged .cwasm files, the cache,
# and a differential run against V8 of modules binaryen generates.
#
# Within CI's time the spec suite is compiled at -O1 (every module of every
# script, each by one C compiler run); `make bench-aot` runs it at -O2.
KILN=${KILN:-build/kiln}
BUILD=${BUILD:-build}
AOT_OPT=${AOT_OPT:-1}
suite="$WASM_TESTSUITE/core-2.0"
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v "${CC:-cc}" >/dev/null 2>&1; then
    echo "aot: no C compiler"
    echo "0 passed, 1 failed"
    exit 1
fi

# ---- the spec suite, every module compiled ahead of time ----
if [ -d "$suite" ]; then
    echo "aot: $suite, -C compiler=aot,opt-level=$AOT_OPT"
    # shellcheck disable=SC2046
    "$KILN" wast -C compiler=aot,opt-level=$AOT_OPT $(ls "$suite"/*.wast) >"$tmp/out" 2>"$tmp/err"
    grep -v " 0 failed$" "$tmp/out"
    wast_total "$tmp/out"
    # a module the C compiler failed on would run on the JIT: a failure
    if grep "ahead-of-time compilation failed" "$tmp/err" | head -5 | grep .; then
        fail "a module of the spec suite did not compile ahead of time"
    else
        ok
    fi
fi

# ---- kiln compile, kiln run --allow-precompiled ----
expect "compile a module" 0 "" "$KILN" compile -O1 tests/aot/calls.wat -o "$tmp/calls.cwasm"
expect "run it" 0 "2432902008176640000" \
    "$KILN" run --allow-precompiled --invoke fac "$tmp/calls.cwasm" 20
expect "indirect calls and memory" 0 "55" \
    "$KILN" run --allow-precompiled --invoke sum_via_table "$tmp/calls.cwasm" 10
expect "a trap: message and backtrace with names" 134 "1: outer" "$KILN" run --allow-precompiled --invoke outer "$tmp/calls.cwasm" 0
# Each function's code object counts against the engine's code limit:
# outer's fits in 100 bytes, divide's does not, and the trap names it.
expect "the code limit names the function refused" 134 "0: divide" \
    "$KILN" run --allow-precompiled --max-code-size 100 --invoke outer "$tmp/calls.cwasm" 1
expect "fuel ends a loop" 134 "all fuel consumed" \
    "$KILN" run --allow-precompiled --fuel 1000 --invoke spin "$tmp/calls.cwasm"
expect "call depth" 134 "call stack exhausted" \
    "$KILN" run --allow-precompiled --max-call-depth 100 --invoke deep "$tmp/calls.cwasm" 1000
expect "out of bounds" 134 "out of bounds memory access" \
    "$KILN" run --allow-precompiled --invoke load "$tmp/calls.cwasm" 70000
expect "memory.grow" 0 "1" \
    "$KILN" run --allow-precompiled --invoke grow "$tmp/calls.cwasm"
expect "refused without --allow-precompiled" 1 "pass --allow-precompiled" \
    "$KILN" run --invoke fac "$tmp/calls.cwasm" 3
expect "a WASI program" 0 "hello from wasi" sh -c \
    "'$KILN' compile -O0 tests/aot/hello.wat -o '$tmp/hello.cwasm' && '$KILN' run --allow-precompiled '$tmp/hello.cwasm'"
expect "no C compiler: said so" 1 "no C compiler" \
    env PATH=/nonexistent CC= "$KILN" compile tests/aot/calls.wat -o "$tmp/x.cwasm"

# ---- bad files are refused, never loaded ----
size=$(wc -c <"$tmp/calls.cwasm")
head -c $((size - 1)) "$tmp/calls.cwasm" >"$tmp/trunc.cwasm"
expect "truncated" 1 "truncated" \
    "$KILN" run --allow-precompiled --invoke fac "$tmp/trunc.cwasm" 3
head -c 100 "$tmp/calls.cwasm" >"$tmp/short.cwasm"
expect "truncated in the header" 1 "truncated" \
    "$KILN" run --allow-precompiled --invoke fac "$tmp/short.cwasm" 3
# flip one byte: in the header (kiln's version), the module, the code
for at in 30 130 $((size - 100)); do
    cp "$tmp/calls.cwasm" "$tmp/bad.cwasm"
    printf '\377' | dd of="$tmp/bad.cwasm" bs=1 seek=$at conv=notrunc 2>/dev/null
    expect "a damaged byte at $at" 1 "damaged" \
        "$KILN" run --allow-precompiled --invoke fac "$tmp/bad.cwasm" 3
done
{ printf 'KILN-AOT'; head -c 300 /dev/zero; } >"$tmp/zero.cwasm"
expect "a header of zeros" 1 "damaged" \
    "$KILN" run --allow-precompiled --invoke fac "$tmp/zero.cwasm" 3

# ---- the cache ----
export XDG_CACHE_HOME="$tmp/cache"
expect "cache: first run compiles" 0 "2432902008176640000" \
    "$KILN" run -C cache=y --invoke fac tests/aot/calls.wat 20
expect "cache: an entry is written" 0 "" sh -c "ls '$tmp/cache/kiln/'*.cwasm"
expect "cache: second run hits" 0 "2432902008176640000" \
    env PATH=/nonexistent CC= "$KILN" run -C cache=y --invoke fac tests/aot/calls.wat 20
for f in "$tmp/cache/kiln/"*.cwasm; do printf '\377' | dd of="$f" bs=1 seek=200 conv=notrunc 2>/dev/null; done
expect "cache: a damaged entry is compiled again" 0 "2432902008176640000" \
    "$KILN" run -C cache=y --invoke fac tests/aot/calls.wat 20
unset XDG_CACHE_HOME

# ---- the C API ----
if [ -x "$BUILD/tests/aot_api" ]; then
    expect "kiln.h and wasm.h: precompile, deserialize, run" 0 "" "$BUILD/tests/aot_api"
fi

# ---- differential: AOT code against V8 on generated modules ----
if [ -x "$BUILD/difftest-kiln" ] && command -v node >/dev/null 2>&1; then
    n=${AOT_DIFF_N:-40}
    expect "difftest: $n generated modules compiled AOT (-O$AOT_OPT) against V8" 0 "" \
        env KILN_DIFFTEST_AOT=$AOT_OPT node --experimental-wasm-type-reflection \
        tests/difftest/difftest.js --kiln "$BUILD/difftest-kiln" --n "$n" --seed 7 \
        --out "$BUILD/difftest-aot"
fi
total
