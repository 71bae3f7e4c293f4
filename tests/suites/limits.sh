#!/bin/sh
# tests/suites/limits.sh -- limits and faults from the command line, and the
# explicit-bounds-check build:
#   - kiln run --fuel, --timeout, --max-memory, --max-call-depth,
#     --max-code-size and --max-table-elements stop runaway modules with
#     their own trap or -1;
#   - with guard pages, running out of address space (ulimit -v) is a clean
#     error, never a crash;
#   - $BUILD/explicit/ (exec.c and memory.c compiled with
#     KN_BOUNDS_EXPLICIT, as `make BOUNDS=explicit` builds them) passes the
#     spec's memory scripts and the limits unit tests.
BUILD=${BUILD:-build}
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_err NAME STATUS PATTERN -- kiln ARGS...: the exit status is STATUS
# and stderr (alone, unlike lib.sh's expect) matches the extended regular
# expression PATTERN.
expect_err() {
    name=$1 want=$2 pattern=$3
    shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ] && grep -Eq "$pattern" "$tmp/err"; then
        ok
    else
        fail "$name: exit $got (want $want), stderr: $(head -c 300 "$tmp/err")"
    fi
}

# expect_out NAME OUTPUT -- kiln ARGS...: succeeds and prints OUTPUT.
expect_out() {
    name=$1 want=$2
    shift 3
    got=$("$@" 2>"$tmp/err")
    if [ $? -eq 0 ] && [ "$got" = "$want" ]; then
        ok
    else
        fail "$name: printed '$got' (want '$want'), stderr: $(head -c 300 "$tmp/err")"
    fi
}

cat >"$tmp/runaway.wat" <<'EOF'
(module
  (memory 1)
  (table 1 funcref)
  (func (export "spin") (loop $l (br $l)))
  (func $nop)
  (func (export "spin_calls") (loop $l (call $nop) (br $l)))
  (func $r (export "recurse") (call $r))
  (func (export "grow_memory") (result i32)
    (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (memory.size))
  (func (export "grow_table") (result i32)
    (loop $l (br_if $l (i32.ne (table.grow (ref.null func) (i32.const 1)) (i32.const -1))))
    (table.size))
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func $start (loop $l (br $l)))
)
EOF
m=$tmp/runaway.wat

expect_err "fuel stops a loop" 134 "trap: all fuel consumed" -- \
    "$KILN" run --fuel 1000000 --invoke spin "$m"
expect_err "fuel stops a loop of calls" 134 "trap: all fuel consumed" -- \
    "$KILN" run --fuel=1000000 --invoke spin_calls "$m"
# count(n) costs 2 + 8n: its loop body is 8 instructions, the rest 2
expect_out "enough fuel" 1000 -- "$KILN" run --fuel 8002 --invoke count "$m" 1000
expect_err "one unit short" 134 "all fuel consumed" -- "$KILN" run --fuel 8001 --invoke count "$m" 1000
expect_err "timeout stops a loop" 134 "trap: interrupted" -- \
    "$KILN" run --timeout 300ms --invoke spin "$m"
expect_err "timeout stops a loop of calls" 134 "the --timeout of 200ms ran out" -- \
    "$KILN" run --timeout=200ms --invoke spin_calls "$m"
expect_out "a timeout that never comes" 100 -- "$KILN" run --timeout 1h --invoke count "$m" 100
expect_err "call depth" 134 "trap: call stack exhausted" -- \
    "$KILN" run --max-call-depth 1000 --invoke recurse "$m"
expect_err "default call depth" 134 "trap: call stack exhausted" -- "$KILN" run --invoke recurse "$m"
expect_out "memory cap in MiB" 1024 -- "$KILN" run --max-memory 64MiB --invoke grow_memory "$m"
expect_out "memory cap in pages" 3 -- "$KILN" run --max-memory=3pages --invoke grow_memory "$m"
expect_out "memory cap in bytes, rounded down" 3 -- \
    "$KILN" run --max-memory 200000 --invoke grow_memory "$m"
expect_out "table cap" 50 -- "$KILN" run --max-table-elements 50 --invoke grow_table "$m"
sed 's/(memory 1)/(memory 2)/' "$m" >"$tmp/two.wat"
expect_err "minimum over the cap" 1 "cannot allocate a memory" -- \
    "$KILN" run --max-memory 1pages --invoke count "$tmp/two.wat" 1
expect_err "less than a page" 2 "less than one 64 KiB page" -- \
    "$KILN" run --max-memory 65535 --invoke count "$m" 1
expect_err "bad duration" 2 "not a valid amount" -- "$KILN" run --timeout 2x --invoke spin "$m"
# 0 is no way of saying "no limit": a timeout of 0 is refused, a table cap
# of 0 is one.
expect_err "zero timeout" 2 "timeout must be more than 0" -- \
    "$KILN" run --timeout 0 --invoke count "$m" 1
expect_err "zero timeout with a unit" 2 "timeout must be more than 0" -- \
    "$KILN" run --timeout=0ms --invoke count "$m" 1
expect_err "table minimum over a zero cap" 1 "cannot allocate a table" -- \
    "$KILN" run --max-table-elements 0 --invoke count "$m" 1
sed 's/(table 1 funcref)/(table 0 funcref)/' "$m" >"$tmp/table0.wat"
expect_out "zero table cap" 0 -- "$KILN" run --max-table-elements 0 --invoke grow_table "$tmp/table0.wat"
# The code cap counts every tier's code: the few hundred bytes of count's
# are more than 100 (the hostile suite has modules that reach it).
for tier in $(tiers "$KILN"); do
    expect_err "code cap ($tier)" 134 "trap: code size limit exceeded" -- \
        "$KILN" run -C compiler=$tier --max-code-size 100 --invoke count "$m" 1
done
expect_out "code cap in MiB" 100 -- "$KILN" run --max-code-size 1MiB --invoke count "$m" 100
expect_err "zero code cap" 2 "max-code-size must be more than 0" -- \
    "$KILN" run --max-code-size 0 --invoke count "$m" 1

# WASI calls take fuel by the bytes they move, one unit per 64 as bulk
# memory does: random_get of 1 MiB costs 16384 units and a few more for the
# instructions. A read gives back what it did not fill: a hundred reads of
# an empty stdin into 1 MiB cost only the instructions. A path costs its
# bytes too: 64 KiB of "./" is 1024 units.
awk 'BEGIN {
    printf "(module\n"
    printf "  (import \"wasi_snapshot_preview1\" \"random_get\" (func $random (param i32 i32) (result i32)))\n"
    printf "  (import \"wasi_snapshot_preview1\" \"fd_read\" (func $read (param i32 i32 i32 i32) (result i32)))\n"
    printf "  (import \"wasi_snapshot_preview1\" \"path_filestat_get\"\n"
    printf "    (func $stat (param i32 i32 i32 i32 i32) (result i32)))\n"
    printf "  (memory (export \"memory\") 18)\n"
    printf "  (data (i32.const 0) \"\\10\\00\\00\\00\\00\\00\\10\\00\")\n"   # an iovec: 1 MiB at 16
    printf "  (data (i32.const 0x100010) \""
    for (i = 0; i < 32768; i++) printf "./"
    printf "\")\n"
    printf "  (func (export \"random\") (param i32) (result i32) (call $random (i32.const 16) (local.get 0)))\n"
    printf "  (func (export \"read\") (param $n i32) (result i32)\n"
    printf "    (loop $l (drop (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))\n"
    printf "      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))\n"
    printf "    (i32.load (i32.const 8)))\n"
    printf "  (func (export \"stat\") (result i32)\n"
    printf "    (call $stat (i32.const 3) (i32.const 0) (i32.const 0x100010) (i32.const 65536) (i32.const 8))))\n"
}' >"$tmp/wasi_fuel.wat"
f=$tmp/wasi_fuel.wat
expect_out "fuel for 1 MiB of random_get" 0 -- "$KILN" run --fuel 17000 --invoke random "$f" 1048576
expect_err "too little fuel for 1 MiB of random_get" 134 "all fuel consumed" -- \
    "$KILN" run --fuel 16000 --invoke random "$f" 1048576
expect_out "reads give back what they did not fill" 0 -- \
    sh -c "'$KILN' run --fuel 20000 --invoke read '$f' 100 </dev/null"
expect_out "fuel for a 64 KiB path" 0 -- "$KILN" run --fuel 2000 --dir "$tmp" --invoke stat "$f"
expect_err "too little fuel for a 64 KiB path" 134 "all fuel consumed" -- \
    "$KILN" run --fuel 1000 --dir "$tmp" --invoke stat "$f"
expect_err "bad size" 2 "not a valid amount" -- "$KILN" run --max-memory 5TiB --invoke spin "$m"

# A start function that never returns is stopped too: instantiation runs it.
sed 's/^)$/  (start $start))/' "$m" >"$tmp/start.wat"
expect_err "fuel stops a start function" 134 "all fuel consumed" -- \
    "$KILN" run --fuel 100000 --invoke count "$tmp/start.wat" 1
expect_err "timeout stops a start function" 134 "interrupted" -- \
    "$KILN" run --timeout 100ms --invoke count "$tmp/start.wat" 1

# A trap on the way into a function is the same on every tier, backtrace
# included: each tier pushes the caller's frame, then checks the callee's
# room on the value stack and charges the callee's cost, so fuel that runs
# out there, the call depth and the value stack all stop the same call and
# name the callee. `deep` and `deeper` exhaust the value stack (1,048,576
# slots) with frames of 20,000 slots, 52 deep.
{
    echo '(module'
    echo '  (func $even (export "even") (param i32) (result i32)'
    echo '    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))'
    echo '      (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))'
    echo '  (func $odd (param i32) (result i32)'
    echo '    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))'
    echo '      (else (call $even (i32.sub (local.get 0) (i32.const 1))))))'
    locals=$(awk 'BEGIN { for (i = 0; i < 20000; i++) printf " i64" }')
    echo "  (func \$deep (export \"deep\") (local$locals) (call \$deeper))"
    echo "  (func \$deeper (local$locals) (call \$deep))"
    echo ')'
} >"$tmp/calls.wat"
tier_list=$(tiers "$KILN")
same_on_tiers() {
    name=$1
    shift
    first=
    for tier in $tier_list; do
        "$KILN" run -C compiler=$tier "$@" >/dev/null 2>"$tmp/err.$tier"
        [ -n "$first" ] || first=$tier
    done
    for tier in $tier_list; do
        if ! cmp -s "$tmp/err.$first" "$tmp/err.$tier"; then
            fail "$name: $first and $tier differ: $(tr '\n' ' ' <"$tmp/err.$first" | head -c 200) / $(tr '\n' ' ' <"$tmp/err.$tier" | head -c 200)"
            return
        fi
    done
    ok
}
fuel=1
while [ $fuel -le 60 ]; do
    same_on_tiers "fuel $fuel at calls" --fuel $fuel --max-call-depth 5 --invoke even \
        "$tmp/calls.wat" 100
    fuel=$((fuel + 1))
done
same_on_tiers "value stack exhausted" --invoke deep "$tmp/calls.wat"
grep -q "call stack exhausted" "$tmp/err.interp" && ok ||
    fail "value stack: $(head -c 200 "$tmp/err.interp")"

# Out of address space: each guard-page memory reserves 8 GiB, so under a
# 1 GiB address-space limit a module with a memory cannot be instantiated,
# cleanly; one without runs. (ASan needs terabytes of address space for its
# own shadow, so the sanitizer build cannot run under such a limit.)
if [ "$KILN_SAN" = 1 ]; then
    echo "limits: sanitizer build: the ulimit -v checks are left out"
else
    printf '(module (func (export "f") (result i32) (i32.const 7)))' >"$tmp/nomem.wat"
    (ulimit -v 1048576 && "$KILN" run --invoke count "$m" 3) >"$tmp/out" 2>"$tmp/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "cannot allocate a memory" "$tmp/err"; then
        ok
    elif [ $st -eq 0 ] && [ "$(cat "$tmp/out")" = 3 ]; then
        ok   # a build without guard pages fits in 1 GiB
    else
        fail "ulimit -v: exit $st: $(head -c 300 "$tmp/err")"
    fi
    (ulimit -v 1048576 && "$KILN" run --invoke f "$tmp/nomem.wat") >"$tmp/out" 2>"$tmp/err"
    if [ $? -eq 0 ] && [ "$(cat "$tmp/out")" = 7 ]; then ok; else fail "ulimit -v, no memory"; fi
fi

echo "limits: CLI: $passed passed, $failed failed"

# The explicit-bounds-check build.
suite="$WASM_TESTSUITE/core-2.0"
san=
[ "$KILN_SAN" = 1 ] && san="SAN=1"
explicit=$BUILD/explicit
# shellcheck disable=SC2086
if ! make -s $san BUILD="$BUILD" "$explicit/kiln" "$explicit/tests/limits" \
        "$explicit/tests/limits_alloc" >"$tmp/log" 2>&1; then
    cat "$tmp/log"
    fail "$explicit does not build"
elif [ ! -d "$suite" ]; then
    fail "$suite not found: set WASM_TESTSUITE to the official test suite"
else
    scripts=$(ls "$suite"/*.wast | grep -E '/(address|align|bulk|data|endianness|float_memory|load|store|traps|memory[a-z_]*|simd_(address|align|load[a-z0-9_]*|store[a-z0-9_]*))\.wast$')
    for tier in $(tiers "$explicit/kiln"); do
        echo "limits: $explicit (explicit bounds checks): $(echo "$scripts" | wc -l) memory scripts, -C compiler=$tier"
        # shellcheck disable=SC2086
        "$explicit/kiln" wast -C compiler=$tier $scripts >"$tmp/wast" 2>&1
        grep -v " 0 failed$" "$tmp/wast"
        wast_total "$tmp/wast"
    done
    for t in limits limits_alloc; do
        "$explicit/tests/$t" >"$tmp/unit" 2>&1
        cat "$tmp/unit"
        add_result "$tmp/unit" || fail "explicit/$t: no result line"
    done
fi

total
