#!/bin/sh
# tests/suites/spec-portable.sh -- the simd_*.wast scripts of core-2.0 on
# $BUILD/kiln-portable: this build with the v128 lanes of src/interp/simd.h
# in plain C (KN_SIMD_PORTABLE, as `make SIMD=portable` builds them) instead
# of vector extensions, so that both lane implementations pass the spec's
# tests. Only exec.c is compiled again (Makefile).
suite="$WASM_TESTSUITE/core-2.0"
if [ ! -d "$suite" ]; then
    echo "spec-portable: $suite not found: set WASM_TESTSUITE to the official test suite"
    echo "0 passed, 1 failed"
    exit 1
fi
BUILD=${BUILD:-build}
kiln=$BUILD/kiln-portable
san=
[ "$KILN_SAN" = 1 ] && san="SAN=1"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086
if ! make -s $san BUILD="$BUILD" "$kiln" >"$log" 2>&1; then
    cat "$log"
    echo "spec-portable: $kiln does not build"
    echo "0 passed, 1 failed"
    exit 1
fi
scripts=$(ls "$suite"/simd_*.wast)
echo "spec-portable: $kiln (portable SIMD lanes): $(echo "$scripts" | wc -l) simd_*.wast scripts"
# shellcheck disable=SC2086
"$kiln" wast $scripts
