# Text that nests past the parser's limit (tests/suites/hostile.sh).

# Folded plain instructions 1,001 deep: the limit refuses the innermost
# before its state existed, which the error path once freed anyway.
awk 'BEGIN { printf "(module (func"; for (i = 0; i < 1001; i++) printf " (nop";
             for (i = 0; i < 1001; i++) printf ")"; print "))" }' >"$tmp/nest.wat"
for cmd in validate wat2wasm; do
    bounded "text: folded nesting past the limit ($cmd)" 1 "nest.wat:1:[0-9]+: nesting too deep" \
        "$(mib 64)" 10 "$KILN" "$cmd" "$tmp/nest.wat"
done
bounded "text: folded nesting past the limit (run)" 1 "nesting too deep" \
    "$(mib 64)" 10 "$KILN" run "$tmp/nest.wat"

# One function with 32,769 named locals (a locals table of 131,072 slots),
# then 200,000 functions with one named parameter each: the table was wiped
# whole for each of them (minutes of memset), now it is freed and regrows.
awk 'BEGIN { printf "(module (func"; for (i = 0; i < 32769; i++) printf " (local $l%d i32)", i;
             print ")"; for (i = 0; i < 200000; i++) print "(func (param $p i32))"; print ")" }' \
    >"$tmp/locals.wat"
bounded "text: many functions after one with many named locals" 0 "" \
    "$(mib 64)" 10 "$KILN" validate "$tmp/locals.wat"
bounded "text: the same with the name section" 0 "" \
    "$(mib 64)" 10 "$KILN" wat2wasm --debug-names "$tmp/locals.wat" -o "$tmp/locals.wasm"

# Error paths that once encoded a value its failed parse never set (a
# br_table label, a select type, an imported function's type index).
# Valgrind sees such a read where it steers a branch (it cannot run a
# sanitizer build).
error_path() {
    printf '%s' "$2" >"$tmp/$1.wat"
    bounded "text: error path of $1" 1 "$3" "$(mib 64)" 10 "$KILN" validate "$tmp/$1.wat"
    if [ "$KILN_SAN" != 1 ] && command -v valgrind >/dev/null; then
        bounded "text: error path of $1 (valgrind)" 1 "$3" "$(mib 256)" 60 \
            valgrind -q --error-exitcode=99 "$KILN" validate "$tmp/$1.wat"
    fi
}
error_path br_table '(module (func (block (br_table $nope))))' 'unknown label [$]nope'
error_path select '(module (func (select (result i32 bad))))' 'unknown operator bad'
error_path import '(module (import "m" "f" (func (type $nope))))' 'unknown type [$]nope'
