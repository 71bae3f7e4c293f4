#!/bin/sh
# tests/suites/text.sh -- the text tools: wat2wasm, wasm2wat, validate,
# inspect, and their agreement with wabt's tools over every module of the
# core-2.0 spec scripts.
#
#   1. $BUILD/text/modules (tests/text/modules.c) takes every module of every
#      script through kiln's printer and parser in process: round trips
#      (text -> binary -> text -> binary is the identity on binaries), the
#      folded form, names; and assert_malformed modules are rejected with a
#      position. It leaves each module's files in a directory.
#   2. wabt's wat2wasm and wasm2wat run over those files, in parallel.
#   3. The helper compares: kiln's wat2wasm with wabt's, wabt's wat2wasm of
#      kiln's wasm2wat output with kiln's binary, kiln's wasm2wat (flat and
#      folded) with wabt's. Differences kept are listed, with reasons, in
#      tests/text/known-differences.txt; any other one fails.
#   4. The CLI as a user meets it.
KILN=${KILN:-build/kiln}
BUILD=${BUILD:-build}
WASM_TESTSUITE=${WASM_TESTSUITE:-../shared/testsuite}
HELPER=$BUILD/text/modules
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh

# add OUTPUT_FILE: adds its "N passed, M failed" line to the totals; no such
# line is one failure.
add() { add_result "$1" || failed=$((failed + 1)); }

if ! command -v wat2wasm >/dev/null || ! command -v wasm2wat >/dev/null; then
    echo "FAIL: wabt's wat2wasm/wasm2wat not installed (tests/setup.sh installs them)"
    echo "0 passed, 1 failed"
    exit 1
fi

# 1. kiln alone
mkdir "$tmp/m"
"$HELPER" extract "$tmp/m" "$WASM_TESTSUITE"/core-2.0/*.wast >"$tmp/extract.out" 2>&1
grep -v '^[0-9]* passed' "$tmp/extract.out"
echo "in-process checks over $(wc -l <"$tmp/m/manifest") modules: $(tail -n 1 "$tmp/extract.out")"
add "$tmp/extract.out"

# 2. wabt over the same modules
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 4)
(cd "$tmp/m" && awk '{ print $1, $2, $3 }' manifest | xargs -P "$jobs" -n 60 sh -c '
    while [ $# -ge 3 ]; do
        id=$1 form=$2 validity=$3
        shift 3
        check=
        [ "$validity" = invalid ] && check=--no-check
        if [ "$form" = text ] && [ "$validity" = valid ] && [ -f "$id.wat" ]; then
            wat2wasm "$id.wat" -o "$id.wabt.wasm" 2>/dev/null
        fi
        wat2wasm $check "$id.print.wat" -o "$id.print.wabt.wasm" 2>/dev/null
        wasm2wat $check "$id.bin.wasm" -o "$id.wabt.wat" 2>/dev/null
        wasm2wat $check --fold-exprs "$id.bin.wasm" -o "$id.wabtf.wat" 2>/dev/null
    done' sh)

# 3. the comparisons
"$HELPER" compare "$tmp/m" tests/text/known-differences.txt >"$tmp/compare.out" 2>&1
cat "$tmp/compare.out"
add "$tmp/compare.out"

# 4. the command line
# same NAME FILE1 FILE2: the files are identical.
same() { cmp -s "$2" "$3" && ok || fail "$1: $2 and $3 differ"; }

ln -s "$(cd "$(dirname "$KILN")" && pwd)/$(basename "$KILN")" "$tmp/wat2wasm"
ln -s "$(cd "$(dirname "$KILN")" && pwd)/$(basename "$KILN")" "$tmp/wasm2wat"
ln -s "$(cd "$(dirname "$KILN")" && pwd)/$(basename "$KILN")" "$tmp/wasm-validate"
fac=examples/fac.wat
expect "wat2wasm"            0 "" "$KILN" wat2wasm $fac -o "$tmp/fac.wasm"
wat2wasm $fac -o "$tmp/fac.wabt.wasm"
same   "wat2wasm = wabt"        "$tmp/fac.wasm" "$tmp/fac.wabt.wasm"
expect "debug names"         0 "" "$KILN" wat2wasm --debug-names $fac -o "$tmp/facn.wasm"
wat2wasm --debug-names $fac -o "$tmp/facn.wabt.wasm"
same   "debug names = wabt"     "$tmp/facn.wasm" "$tmp/facn.wabt.wasm"
expect "as wat2wasm"         0 "" "$tmp/wat2wasm" -v --enable-simd --disable-threads $fac -o "$tmp/fac2.wasm"
same   "as wat2wasm output"     "$tmp/fac2.wasm" "$tmp/fac.wasm"
expect "stdin to stdout"     0 "" sh -c "\"$KILN\" wat2wasm - <$fac >\"$tmp/fac3.wasm\""
same   "stdin to stdout output" "$tmp/fac3.wasm" "$tmp/fac.wasm"
expect "wasm2wat"            0 "" "$KILN" wasm2wat "$tmp/facn.wasm" -o "$tmp/fac.wat"
wasm2wat "$tmp/facn.wasm" -o "$tmp/fac.wabt.wat"
same   "wasm2wat = wabt"        "$tmp/fac.wat" "$tmp/fac.wabt.wat"
expect "as wasm2wat folded"  0 "" "$tmp/wasm2wat" --fold-exprs "$tmp/facn.wasm" -o "$tmp/facf.wat"
wasm2wat --fold-exprs "$tmp/facn.wasm" -o "$tmp/facf.wabt.wat"
same   "wasm2wat -f = wabt"     "$tmp/facf.wat" "$tmp/facf.wabt.wat"
expect "wasm2wat stdin"      0 "^  \(func \\\$fac" sh -c "\"$KILN\" wasm2wat - <\"$tmp/facn.wasm\""
expect "wasm2wat of text"    0 "^\(module" "$KILN" wasm2wat $fac
expect "no debug names"      0 "\(func \(;0;\)" "$KILN" wasm2wat --no-debug-names "$tmp/facn.wasm"
expect "inline exports"      0 "\(func \\\$fac \(export \"fac\"\)" "$KILN" wasm2wat --inline-exports "$tmp/facn.wasm"
expect "unsupported option"  2 "unsupported option '--generate-names'" "$KILN" wasm2wat --generate-names "$tmp/fac.wasm"
expect "invalid rejected"    1 "offset 0x[0-9a-f]+: type mismatch" "$KILN" wasm2wat tests/data/invalid.wat
expect "--no-check prints"   0 "i64.const 1" "$KILN" wasm2wat --no-check tests/data/invalid.wat
expect "wat2wasm checks"     1 "type mismatch" "$KILN" wat2wasm tests/data/invalid.wat -o "$tmp/bad.wasm"
[ -e "$tmp/bad.wasm" ] && fail "failed wat2wasm left an output"
expect "wat2wasm --no-check" 0 "" "$KILN" wat2wasm --no-check tests/data/invalid.wat -o "$tmp/bad.wasm"
cp "$tmp/fac.wasm" "$tmp/keep.wasm"
expect "failure keeps file"  1 "malformed.wat:3:6: unknown operator" "$KILN" wat2wasm tests/data/malformed.wat -o "$tmp/keep.wasm"
same   "kept file unchanged"    "$tmp/keep.wasm" "$tmp/fac.wasm"
[ -z "$(ls "$tmp" | grep tmp)" ] || fail "a temporary file was left"
expect "as wasm-validate"    0 "" "$tmp/wasm-validate" "$tmp/fac.wasm" $fac
expect "validate several"    1 "invalid.wat: offset" "$KILN" validate $fac tests/data/invalid.wat
expect "inspect sections"    0 "Code start=0x[0-9a-f]+ end=0x[0-9a-f]+ \(size=0x[0-9a-f]+\) count: 2" "$KILN" inspect "$tmp/facn.wasm"
expect "inspect functions"   0 "func\[0\] offset=0x[0-9a-f]+ size=[0-9]+ locals=0 <fac>" "$KILN" inspect "$tmp/facn.wasm"
expect "inspect exports"     0 "func\[0\] <fac> -> \"fac\"" "$KILN" inspect "$tmp/facn.wasm"
expect "inspect custom"      0 "\"name\" offset=0x[0-9a-f]+ size=[0-9]+" "$KILN" inspect "$tmp/facn.wasm"
printf '\0asm\1\0\0\0\1\5' >"$tmp/short.wasm"
expect "inspect malformed"   1 "short.wasm: offset 0x[0-9a-f]+" "$KILN" inspect "$tmp/short.wasm"

total
