#!/bin/sh
# tests/suites/spec.sh -- every official spec script of core-2.0, SIMD
# included, run by `kiln wast`. (spec-portable.sh runs the simd_*.wast
# scripts again on the portable SIMD build.)
suite="$WASM_TESTSUITE/core-2.0"
if [ ! -d "$suite" ]; then
    echo "spec: $suite not found: set WASM_TESTSUITE to the official test suite"
    echo "0 passed, 1 failed"
    exit 1
fi
scripts=$(ls "$suite"/*.wast)
echo "spec: $suite: $(echo "$scripts" | wc -l) scripts"
# shellcheck disable=SC2086
"$KILN" wast $scripts
