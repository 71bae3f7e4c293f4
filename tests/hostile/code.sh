# Code that a small module makes kiln compile (tests/suites/hostile.sh):
# each function's code is linear in its body and its declared locals, and
# all code an engine's stores compiled counts against --max-code-size
# (default 1 GiB), past which a call traps (exec/exec.h).

# funcs N: a module of N functions, each declaring 50,000 v128 locals in
# a few bytes, and an export "f" calling them all. A local costs 16 bytes
# of the interpreter's code (its initial value) and 22 more of the JIT's
# (the code that sets it): 335 of them, the most the module-wide limit on
# locals allows, take 280 MB of the interpreter's code and 640 MB of the
# JIT's, from 4 KB.
funcs() {
    awk -v n="$1" 'BEGIN { L = ""; for (i = 0; i < 49999; i++) L = L " v128"
        printf "(module"
        for (f = 0; f < n; f++) printf " (func $f%d (local v128) (local%s) nop)", f, L
        printf " (func (export \"f\")"; for (f = 0; f < n; f++) printf " call $f%d", f
        print "))" }' >"$tmp/funcs$1.wat"
    "$KILN" wat2wasm --debug-names "$tmp/funcs$1.wat" -o "$tmp/funcs$1.wasm" 2>"$tmp/out" ||
        fail "code: wat2wasm of $1 functions: $(cat "$tmp/out")"
}
funcs 335
funcs 20
for tier in $(tiers "$KILN"); do
    # The backtrace names the function refused (f0 to f334), called by
    # the export.
    bounded "code: 335 functions of 50,000 locals under --max-code-size 64MiB ($tier)" 134 \
        "^  0: f[0-9]+$" "$(mib 128)" 10 \
        "$KILN" run -C compiler=$tier --max-code-size 64MiB --invoke f "$tmp/funcs335.wasm"
    # 20 of them fit (16 MB of code; 38 MB on the JIT).
    bounded "code: 20 functions of 50,000 locals under --max-code-size 64MiB ($tier)" 0 "" \
        "$(mib 128)" 10 \
        "$KILN" run -C compiler=$tier --max-code-size 64MiB --invoke f "$tmp/funcs20.wasm"
done
