#!/bin/sh
# tests/suites/interp.sh -- the interpreter's own tests: the wast scripts of
# tests/interp/ run its fused instructions and accumulator forms on the wasm
# patterns that produce them, and the golden files of tests/interp/code/
# pin the code those patterns translate to (`kiln inspect --code`), so a
# fusion that stops firing fails here even when every result stays right.
# A golden file NAME.code belongs to NAME.wat there, or to the module of
# tests/interp/NAME.wast. After a deliberate change of the translator,
# regenerate them with KILN_UPDATE_GOLDEN=1 and read the diff.
KILN=${KILN:-build/kiln}
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The patterns' results on each compiler: the JIT compiles the fused
# operations too.
for tier in $(tiers "$KILN"); do
    # shellcheck disable=SC2086
    "$KILN" wast -C compiler=$tier tests/interp/*.wast >"$tmp/wast" 2>&1
    cat "$tmp/wast"
    wast_total "$tmp/wast"
done

for golden in tests/interp/code/*.code; do
    name=$(basename "$golden" .code)
    wat=tests/interp/code/$name.wat
    if [ ! -f "$wat" ]; then   # the module of the script of that name
        wat=$tmp/$name.wat
        awk '/^\(module/ { p = 1 } /^\(assert/ { p = 0 } p' "tests/interp/$name.wast" >"$wat"
    fi
    "$KILN" inspect --code "$wat" >"$tmp/code" 2>&1
    if [ "${KILN_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$tmp/code" "$golden"
    fi
    if cmp -s "$tmp/code" "$golden"; then
        ok
    else
        fail "code of $name differs from $golden:"
        diff "$golden" "$tmp/code" | head -40 | sed 's/^/    /'
    fi
done
total
