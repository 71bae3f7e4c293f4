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
