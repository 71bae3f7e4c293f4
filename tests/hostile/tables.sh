# Tables and memories that once took the host's memory or time past any
# limit (tests/suites/hostile.sh): the store's limits bound all its tables'
# elements and all its memories' pages together, whatever the number of
# tables, memories or instances, and growth costs fuel like the bulk
# operations.

# 1,000 tables of 10,000,000 elements in 6 KB: every element was committed
# on creation, 80 GB. The store's 10,000,000 elements are spent on the
# first table.
awk 'BEGIN { printf "(module"; for (i = 0; i < 1000; i++) printf " (table 10000000 funcref)"
             print " (func (export \"f\")))" }' >"$tmp/tables.wat"
bounded "tables: 1,000 tables of 10,000,000 elements" 1 \
    "cannot allocate a table: table 1 needs 10000000 elements, more than the store's limit leaves \(0 of 10000000" \
    "$(mib 64)" 10 "$KILN" run --invoke f "$tmp/tables.wat"

# One such table is allowed, and costs nothing until its elements are set.
echo '(module (table 10000000 funcref) (func (export "f") (result i32) (table.size 0)))' \
    >"$tmp/table.wat"
bounded "tables: a table of 10,000,000 null elements is not committed" 0 "^10000000$" \
    "$(mib 32)" 10 "$KILN" run --invoke f "$tmp/table.wat"

# Growth does work in proportion to what it adds: it takes fuel for it, as
# table.fill and memory.fill do (one unit per 8 elements or 64 bytes), so
# it cannot run on for one unit after the fuel is gone.
cat >"$tmp/grow.wat" <<'EOF'
(module
  (memory 1)
  (table 0 funcref)
  (func (export "grow_table") (param i32) (result i32)
    (table.grow (ref.null func) (local.get 0)))
  (func (export "grow_memory") (param i32) (result i32)
    (memory.grow (local.get 0))))
EOF
bounded "tables: table.grow of 10,000,000 elements with 100,000 fuel" 134 "all fuel consumed" \
    "$(mib 32)" 10 "$KILN" run --fuel 100000 --invoke grow_table "$tmp/grow.wat" 10000000
bounded "tables: table.grow of 10,000,000 elements with 2,000,000 fuel" 0 "^0$" \
    "$(mib 160)" 10 "$KILN" run --fuel 2000000 --invoke grow_table "$tmp/grow.wat" 10000000
bounded "tables: memory.grow of 100 pages with 100,000 fuel" 134 "all fuel consumed" \
    "$(mib 32)" 10 "$KILN" run --fuel 100000 --invoke grow_memory "$tmp/grow.wat" 100
bounded "tables: refused growth takes no fuel for it" 0 "^-1$" \
    "$(mib 32)" 10 "$KILN" run --fuel 10 --invoke grow_table "$tmp/grow.wat" 10000001

# The limits are the store's, not each table's or memory's: `kiln wast`
# instantiates every module of a script in one store.
printf '(module (memory 40000))\n(module (memory 40000))\n' >"$tmp/memories.wast"
bounded "tables: two memories of 40,000 pages in one store" 1 \
    "memories.wast:2: .*memory 0 needs 40000 pages, more than the store's limit leaves \(25535 of 65536" \
    "$(mib 32)" 10 "$KILN" wast "$tmp/memories.wast"
printf '(module (table 6000000 funcref))\n(module (table 6000000 funcref))\n' >"$tmp/tables.wast"
bounded "tables: two tables of 6,000,000 elements in one store" 1 \
    "tables.wast:2: .*table 0 needs 6000000 elements, more than the store's limit leaves \(3999990 of 10000000" \
    "$(mib 32)" 10 "$KILN" wast "$tmp/tables.wast"
