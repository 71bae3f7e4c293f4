#!/bin/sh
# tests/suites/spec.sh -- every official spec script of core-2.0, SIMD
# included, run by `kiln wast` on each compiler: the interpreter and, where
# the machine has it, the JIT. (spec-portable.sh runs them again on the
# portable interpreter.)
KILN=${KILN:-build/kiln}
suite="$WASM_TESTSUITE/core-2.0"
. tests/lib.sh
if [ ! -d "$suite" ]; then
    echo "spec: $suite not found: set WASM_TESTSUITE to the official test suite"
    echo "0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts=$(ls "$suite"/*.wast)
for tier in $(tiers "$KILN"); do
    echo "spec: $suite: $(echo "$scripts" | wc -l) scripts, -C compiler=$tier"
    # shellcheck disable=SC2086
    "$KILN" wast -C compiler=$tier $scripts >"$tmp/out" 2>&1
    grep -v " 0 failed$" "$tmp/out"
    wast_total "$tmp/out"
done
total
