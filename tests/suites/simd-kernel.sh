#!/bin/sh
# tests/suites/simd-kernel.sh -- clang's own v128 code on kiln: the SIMD
# benchmark kernel (bench/simd.c) built natively (cc -O2) and to wasm with
# clang -O2, with and without -msimd128, must give the native checksum on
# kiln for several repetition counts. Small sizes: fine under sanitizers.
BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
dir=$BUILD/simd-kernel
mkdir -p "$dir"
. tests/lib.sh

if ! cc -O2 -o "$dir/native" bench/simd.c ||
   ! clang --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry \
         -o "$dir/scalar.wasm" bench/simd.c ||
   ! clang --target=wasm32-wasi -O2 -msimd128 -nostdlib -Wl,--no-entry \
         -o "$dir/simd.wasm" bench/simd.c; then
    echo "simd-kernel: bench/simd.c does not build"
    echo "0 passed, 1 failed"
    exit 1
fi
# The vectorised module really is vector code.
if wasm-objdump -d "$dir/simd.wasm" | grep -q 'i16x8\.add'; then
    ok
else
    fail "simd.wasm has no i16x8.add: clang did not vectorise"
fi
for reps in 1 2 7; do
    want=$("$dir/native" $reps)
    for m in scalar simd; do
        got=$("$KILN" run --invoke run "$dir/$m.wasm" $reps 2>&1)
        if [ -n "$want" ] && [ "$got" = "$want" ]; then
            ok
        else
            fail "$m.wasm, $reps repetitions: kiln printed '$got', native '$want'"
        fi
    done
done
total
