#!/bin/sh
# tests/suites/spec-portable.sh -- every spec script of core-2.0, and the
# interpreter's own (tests/interp/), on $BUILD/kiln-portable: this build
# with the portable interpreter, a switch instead of computed goto
# (KN_DISPATCH_SWITCH) and the v128 lanes of src/interp/simd.h in plain C
# (KN_SIMD_PORTABLE), as `make DISPATCH=switch SIMD=portable` builds them,
# so that both dispatch loops and both lane implementations pass the
# spec's tests. Only exec.c is compiled again (Makefile).
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
scripts="$(ls "$suite"/*.wast) $(ls tests/interp/*.wast)"
echo "spec-portable: $kiln (switch dispatch, portable SIMD lanes): $(echo "$scripts" | wc -w) scripts"
# shellcheck disable=SC2086
"$kiln" wast -C compiler=interp $scripts
