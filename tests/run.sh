#!/bin/sh
# tests/run.sh -- every test suite of kiln, with one total line at the end.
#
#   BUILD           the build directory (build, or build-san for sanitizers)
#   WASM_TESTSUITE  the official test suite (default ../shared/testsuite)
#
# Suites: each program of tests/unit/*.c (built into $BUILD/tests/), then each
# script tests/suites/*.sh. Every suite ends its output with the line
# "N passed, M failed"; a suite that prints no such line counts as one
# failure. Suites see BUILD, KILN (the kiln binary), WASM_TESTSUITE and
# KILN_SAN (1 in the sanitizer build, where a suite may run a smaller
# workload and must say so).

BUILD=${BUILD:-build}
WASM_TESTSUITE=${WASM_TESTSUITE:-../shared/testsuite}
KILN=$BUILD/kiln
KILN_SAN=0
case "$BUILD" in *san*) KILN_SAN=1 ;; esac
export BUILD WASM_TESTSUITE KILN KILN_SAN
passed=0
failed=0

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# count NAME: adds the last "N passed, M failed" line of $out to the totals.
count() {
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "   $1: printed no result line: counted as one failure"
        failed=$((failed + 1))
        return
    fi
    p=$(echo " $line" | sed -E 's/.*[^0-9]([0-9]+) passed, ([0-9]+) failed.*/\1/')
    f=$(echo " $line" | sed -E 's/.*[^0-9]([0-9]+) passed, ([0-9]+) failed.*/\2/')
    passed=$((passed + p))
    failed=$((failed + f))
}

for t in "$BUILD"/tests/*; do
    [ -f "$t" ] && [ -x "$t" ] || continue   # not build/tests/wasi/, the WASI programs
    echo "== unit: $(basename "$t")"
    "$t" >"$out" 2>&1
    cat "$out"
    count "$(basename "$t")"
done

for s in tests/suites/*.sh; do
    echo "== $(basename "$s" .sh)"
    sh "$s" >"$out" 2>&1
    cat "$out"
    count "$(basename "$s")"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
