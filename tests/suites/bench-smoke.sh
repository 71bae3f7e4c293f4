#!/bin/sh
# tests/suites/bench-smoke.sh -- the benchmark programs (bench/programs/*.c)
# at a tiny size: each, compiled natively (cc -O2) and to WASI (clang -O2),
# must print the same line, its checksum, under kiln as natively. Times are
# not looked at. The sizes are small enough for the sanitizer build too.
BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
dir=$BUILD/bench-smoke
mkdir -p "$dir"
. tests/lib.sh

# program and its tiny argument
for pa in coremark:20 matmul:2 stencil:20 nbody:40 hashsort:1 recurse:18 \
          bytecode:3000 crypto:4 lz:1; do
    p=${pa%%:*} arg=${pa#*:}
    src=bench/programs/$p.c
    if [ ! -f "$src" ]; then
        fail "$p: $src is missing"
        continue
    fi
    if [ ! "$dir/$p" -nt "$src" ] || [ ! "$dir/$p.wasm" -nt "$src" ]; then
        if ! cc -O2 -o "$dir/$p" "$src" -lm ||
           ! clang --target=wasm32-wasi -O2 -o "$dir/$p.wasm" "$src"; then
            fail "$p: does not build"
            continue
        fi
    fi
    want=$("$dir/$p" "$arg")
    got=$("$KILN" run "$dir/$p.wasm" "$arg" 2>&1)
    if [ -n "$want" ] && [ "$want" = "$got" ]; then
        ok
    else
        fail "$p $arg: native printed \"$want\", kiln \"$got\""
    fi
done
total
