#!/bin/sh
# tests/suites/cli.sh -- the kiln command as a user meets it: help, errors with
# positions, running exports, traps with backtraces.
KILN=${KILN:-build/kiln}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh

expect "help"            0 "usage: kiln"                "$KILN" --help
expect "version"         0 "^kiln [0-9]+\.[0-9]+"      "$KILN" --version
expect "no args"         2 "usage: kiln"                "$KILN"
expect "bad option"      2 "unknown option"             "$KILN" --frobnicate
expect "fac"             0 "^2432902008176640000$"      "$KILN" run --invoke fac examples/fac.wat 20
expect "fac_loop"        0 "^2432902008176640000$"      "$KILN" run --invoke fac_loop examples/fac.wat 20
expect "shorthand"       0 "^120$"                      "$KILN" --invoke fac examples/fac.wat 5
expect "bad argument"    1 "not a valid i64"            "$KILN" run --invoke fac examples/fac.wat x
expect "arity"           1 "takes 1 arguments, 0 given" "$KILN" run --invoke fac examples/fac.wat
expect "no export"       1 "no exported function \"nope\"" "$KILN" run --invoke nope examples/fac.wat
expect "missing file"    1 "nosuch.wasm: No such file"  "$KILN" run nosuch.wasm
expect "trap"          134 "trap: integer divide by zero" "$KILN" run --invoke outer tests/data/trap.wat 0
expect "backtrace"     134 "0: inner"                   "$KILN" run --invoke outer tests/data/trap.wat 0
expect "backtrace outer" 134 "1: middle"                  "$KILN" run --invoke outer tests/data/trap.wat 0
expect "no trap"         0 "^1$"                        "$KILN" run --invoke outer tests/data/trap.wat 1
expect "exhaustion"    134 "trap: call stack exhausted" "$KILN" run --invoke recurse tests/data/trap.wat
expect "invalid"         1 "invalid.wat: offset 0x[0-9a-f]+: type mismatch" "$KILN" validate tests/data/invalid.wat
expect "malformed text"  1 "malformed.wat:3:6: unknown operator" "$KILN" validate tests/data/malformed.wat
expect "valid"           0 ""                           "$KILN" validate examples/fac.wat
printf 'not wasm at all' >"$tmp/junk.wasm"
expect "junk"            1 "junk.wasm: offset 0x0: magic header not detected" "$KILN" validate "$tmp/junk.wasm"
printf '(module (func $f) (func $f))' >"$tmp/dup.wat"
expect "text error"      1 "dup.wat:1:[0-9]+: duplicate func" "$KILN" validate "$tmp/dup.wat"
printf '\0asm\1\0\0\0\1\5' >"$tmp/short.wasm"
expect "truncated"       1 "short.wasm: offset 0x[0-9a-f]+: (unexpected end|length out of bounds)" "$KILN" validate "$tmp/short.wasm"
expect "wat2wasm"        0 ""                           "$KILN" wat2wasm examples/fac.wat -o "$tmp/fac.wasm"
expect "run binary"      0 "^6$"                        "$KILN" run --invoke fac "$tmp/fac.wasm" 3
expect "stdin"           0 "^24$"                       sh -c "\"$KILN\" run --invoke fac - 4 <examples/fac.wat"

total
