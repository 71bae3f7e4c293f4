# What a module says through the command line, and how long it may keep it
# busy before it runs (tests/suites/hostile.sh).
#
# Names a module chooses are printed escaped (\xNN for control characters),
# so they can neither drive the terminal nor forge a line of kiln's own
# output. Each case checks the escaped form is there and no raw escape
# character or forged line is.

# no_forgery NAME: the output of the last case has no ESC or BEL byte and
# no line "kiln: trap: forged".
no_forgery() {
    if grep -q "$(printf '[\033\007]')" "$tmp/out" || grep -q '^kiln: trap: forged' "$tmp/out"; then
        fail "$1: a raw escape or a forged line got through:"
        sed 's/^/    /' "$tmp/out" | cat -v
    else
        ok
    fi
}

# A function named "x\nkiln: trap: forged\e[2J" in the name section
# (written byte by byte: text identifiers cannot hold such names), called
# by _start, traps: the backtrace shows the name escaped.
printf '\000asm\001\000\000\000\001\004\001\140\000\000\003\002\001\000\007\012\001\006_start\000\000\012\005\001\003\000\000\013\000\042\004name\001\033\001\000\030x\012kiln: trap: forged\033[2J' \
    >"$tmp/forged.wasm"
bounded "cli: a function name in a backtrace" 134 '0: x\\x0akiln: trap: forged\\x1b\[2J$' \
    "$(mib 64)" 10 "$KILN" run "$tmp/forged.wasm"
no_forgery "cli: a function name in a backtrace"

# An import and an export named with escapes, a newline and a quote.
cat >"$tmp/names.wat" <<'EOF'
(module
  (import "env\n\1b[31mkiln: trap: forged" "f\"q" (func))
  (func (export "x\1b]0;title\07\n\"y") unreachable))
EOF
bounded "cli: an unknown import's names" 1 \
    'unknown import "env\\x0a\\x1b\[31mkiln: trap: forged" "f\\"q"' \
    "$(mib 64)" 10 "$KILN" run "$tmp/names.wat"
no_forgery "cli: an unknown import's names"
bounded "cli: names in kiln inspect" 0 '-> "x\\x1b\]0;title\\x07\\x0a\\"y"' \
    "$(mib 64)" 10 "$KILN" inspect "$tmp/names.wat"
no_forgery "cli: names in kiln inspect"

# --timeout covers loading too: a module read from a FIFO nobody writes
# (or from an idle stdin) never arrives, and kiln ends when time is up.
mkfifo "$tmp/module.fifo"
bounded "cli: --timeout while reading the module" 134 \
    "the --timeout of 500ms ran out while loading" \
    "$(mib 64)" 5 "$KILN" run --timeout 500ms "$tmp/module.fifo"
bounded "cli: --timeout while reading the module from stdin" 134 \
    "the --timeout of 500ms ran out while loading -" \
    "$(mib 64)" 5 sh -c "exec 3<>'$tmp/module.fifo'; exec '$KILN' run --timeout 500ms - <'$tmp/module.fifo'"
