# Modules whose decoding, validation or translation once cost far more than
# their size (tests/suites/hostile.sh): the code of a function must stay
# linear in its body, whatever the arity of the labels its branches carry.

# A type of 1,000 i32 results ($t), and a function returning 1,000 values
# ($many), for the cases below.
wide_type() {
    printf '(type $t (func (result'
    i=0
    while [ $i -lt 1000 ]; do printf ' i32'; i=$((i + 1)); done
    echo ')))'
}
wide_type >"$tmp/type.wat"
awk 'BEGIN { printf "(func $many (type $t)"; for (i = 0; i < 1000; i++) printf " i32.const %d", i
             print ")" }' >"$tmp/many.wat"
# module FILE: FILE.body between the module's header and end.
module() {
    { echo '(module'; cat "$tmp/type.wat" "$tmp/many.wat" "$tmp/$1.body"; echo ')'; } >"$tmp/$1.wat"
}
# The sum of the 1,000 results (999 i32.adds).
adds() {
    awk 'BEGIN { for (i = 0; i < 999; i++) printf " i32.add"; print "" }'
}

# br_table: 65,520 targets (V8's limit), all to one label of 1,000 values.
# Each target once emitted the label's 1,000 moves: 1.3 GB for 70 KB.
{
    echo '(func (export "f") (param i32) (result i32) block (type $t)'
    awk 'BEGIN { for (i = 0; i < 1000; i++) printf " local.get 0"
                 printf " local.get 0 br_table"; for (i = 0; i < 65520; i++) printf " 0"
                 print " 0 end" }'
    echo ' drop'; awk 'BEGIN { for (i = 0; i < 998; i++) printf " drop"; print ")" }'
} >"$tmp/brtable.body"
module brtable
bounded "module: br_table of 65,520 targets to a 1,000-value label" 0 "^3$" \
    "$(mib 64)" 10 "$KILN" run --invoke f "$tmp/brtable.wat" 3

# One more target is over the limit: refused where the br_table is.
sed 's/ br_table/ br_table 0/' "$tmp/brtable.wat" >"$tmp/brtable1.wat"
bounded "module: br_table of 65,521 targets" 1 "offset 0x[0-9a-f]+: too many br_table targets" \
    "$(mib 64)" 10 "$KILN" run --invoke f "$tmp/brtable1.wat" 3

# Validating br_tables cost targets times arity: 100 of them (dead code
# after the first) to the 1,000-value label took 7 s for 6.5 MB.
{
    echo '(func (export "f") (param i32) (result i32) block (type $t)'
    awk 'BEGIN { for (i = 0; i < 1000; i++) printf " local.get 0"
                 for (b = 0; b < 100; b++) {
                     printf " local.get 0 br_table"; for (i = 0; i < 65520; i++) printf " 0"
                     print " 0" }
                 print " end" }'
    adds; echo ')'
} >"$tmp/validate.body"
module validate
"$KILN" wat2wasm "$tmp/validate.wat" -o "$tmp/validate.wasm" 2>"$tmp/out" ||
    fail "module: wat2wasm of the br_tables to validate: $(cat "$tmp/out")"
bounded "module: validating 100 br_tables of 65,520 targets" 0 "" \
    "$(mib 64)" 3 "$KILN" validate "$tmp/validate.wasm"

# br_if: 20,000 of them to the 1,000-value label, each with a trampoline of
# 1,000 moves once (380 MB for 84 KB). The values are read at the first
# br_if taken.
{
    echo '(func (export "f") (param i32) (result i32) block (type $t)'
    awk 'BEGIN { for (i = 0; i < 1000; i++) printf " local.get 0"
                 for (i = 0; i < 20000; i++) printf " local.get 0 br_if 0"
                 print " end" }'
    adds; echo ')'
} >"$tmp/brif.body"
module brif
bounded "module: 20,000 br_ifs to a 1,000-value label" 0 "^5000$" \
    "$(mib 64)" 10 "$KILN" run --invoke f "$tmp/brif.wat" 5

# The same with the values one slot further up at each br_if: no two
# branches move them alike. Taken at the 6th, the label gets 6...1005.
{
    echo '(func (export "f") (param i32) (result i32) block (type $t)'
    awk 'BEGIN { for (i = 0; i < 1000; i++) printf " i32.const %d", i
                 for (i = 0; i < 20000; i++)
                     printf " i32.const %d local.get 0 i32.const %d i32.eq br_if 0", 1000 + i, i
                 for (i = 0; i < 20000; i++) printf " drop"
                 print " end" }'
    adds; echo ')'
} >"$tmp/shift.body"
module shift
bounded "module: 20,000 br_ifs moving 1,000 values, each by another distance" 0 "^505500$" \
    "$(mib 64)" 10 "$KILN" run --invoke f "$tmp/shift.wat" 5

# br: 999 nested blocks, each ending with a br that moves the 1,000 results
# of the block inside one slot down (below them, one more value): once
# 1,000 copies per br, 10 MB of code per 12 KB function. 12 functions.
{
    awk 'BEGIN {
        for (f = 0; f < 12; f++) {
            printf "(func $nest%d (result i32)", f
            for (i = 0; i < 999; i++) printf " block (type $t) i32.const 0"
            printf " call $many br 0 end"; for (i = 1; i < 999; i++) printf " br 0 end"
            for (i = 0; i < 999; i++) printf " i32.add"
            print ")" }
        printf "(func (export \"f\") (result i32) i32.const 0"
        for (f = 0; f < 12; f++) printf " call $nest%d i32.add", f
        print ")" }'
} >"$tmp/br.body"
module br
bounded "module: br of 1,000 values out of 999 nested blocks, 12 functions" 0 "^5994000$" \
    "$(mib 64)" 10 "$KILN" run --invoke f "$tmp/br.wat"

# local.tee under a deep stack: the translator once searched the whole
# stack for the entries showing the local, so 30,000 tees, each over half a
# million values, took a minute.
{
    echo '(func (export "f") (param i32) (result i32) (local'
    awk 'BEGIN { for (i = 0; i < 30000; i++) printf " i32"; print ")"
                 for (i = 1; i <= 30000; i++) printf " local.get %d", i
                 for (i = 0; i < 500; i++) printf " call $many"
                 for (i = 1; i <= 30000; i++) printf " local.tee %d", i
                 print " local.get 0 return)" }'
} >"$tmp/tee.body"
module tee
bounded "module: 30,000 local.tees over 530,000 values" 0 "^7$" \
    "$(mib 128)" 5 "$KILN" run --invoke f "$tmp/tee.wat" 7

# V8's limits on the number of tables and memories.
awk 'BEGIN { printf "(module"; for (i = 0; i < 100001; i++) printf " (table 0 funcref)"
             print ")" }' >"$tmp/ntables.wat"
bounded "module: 100,001 tables" 1 "offset 0x[0-9a-f]+: too many tables" \
    "$(mib 64)" 10 "$KILN" validate "$tmp/ntables.wat"
awk 'BEGIN { printf "(module"; for (i = 0; i < 100001; i++) printf " (memory 0)"
             print ")" }' >"$tmp/nmemories.wat"
bounded "module: 100,001 memories" 1 "offset 0x[0-9a-f]+: too many memories" \
    "$(mib 64)" 10 "$KILN" validate "$tmp/nmemories.wat"
