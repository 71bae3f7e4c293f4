# How long a module may keep the command line busy before it runs
# (tests/suites/hostile.sh).

# --timeout covers loading too: a module read from a FIFO nobody writes
# (or from an idle stdin) never arrives, and kiln ends when time is up.
mkfifo "$tmp/module.fifo"
bounded "cli: --timeout while reading the module" 134 \
    "the --timeout of 500ms ran out while loading" \
    "$(mib 64)" 5 "$KILN" run --timeout 500ms "$tmp/module.fifo"
bounded "cli: --timeout while reading the module from stdin" 134 \
    "the --timeout of 500ms ran out while loading -" \
    "$(mib 64)" 5 sh -c "exec 3<>'$tmp/module.fifo'; exec '$KILN' run --timeout 500ms - <'$tmp/module.fifo'"
