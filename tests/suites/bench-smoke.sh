#!/bin/sh
# tests/suites/bench-smoke.sh -- the benchmark programs (bench/programs/*.c)
# at a tiny size: each, compiled natively (cc -O2) and to WASI (clang -O2),
# must print the same line, its checksum, under kiln as natively, on each
# compiler `make bench` times; and the compile-speed tool ($BUILD/bench/compile,
# bench/compile.c) must compile every function of each with each compiler.
# Times are not looked at. The sizes are small enough for the sanitizer
# build too.
BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
dir=$BUILD/bench-smoke
mkdir -p "$dir"
. tests/lib.sh
compilers=$(tiers "$KILN")
wasms=

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
    for c in $compilers; do
        got=$("$KILN" run -C compiler="$c" "$dir/$p.wasm" "$arg" 2>&1)
        if [ -n "$want" ] && [ "$want" = "$got" ]; then
            ok
        else
            fail "$p $arg: native printed \"$want\", kiln ($c) \"$got\""
        fi
    done
    wasms="$wasms $dir/$p.wasm"
done

# compile: FILE CODE_BYTES FUNCS OWN DECODE VALIDATE COMPILE per module, every
# function compiled (OWN of them by the compiler itself, the JIT leaving the
# rest to the interpreter).
for c in $compilers; do
    # shellcheck disable=SC2086
    if "$BUILD/bench/compile" -n 1 "$c" $wasms >"$dir/compile.$c" 2>&1 &&
       [ "$(wc -l <"$dir/compile.$c")" -eq "$(echo $wasms | wc -w)" ] &&
       awk 'NF != 7 || $2 <= 0 || $3 <= 0 || $4 > $3 || ($4 < $3 && c == "interp") ||
            $5 < 0 || $6 < 0 || $7 < 0 { exit 1 }' c="$c" "$dir/compile.$c"; then
        ok
    else
        fail "compile $c:"
        sed 's/^/    /' "$dir/compile.$c"
    fi
done
total
