#!/bin/sh
# bench/run.sh -- the benchmark of issue 7, run by `make bench` once it has
# built the programs (bench/programs/*.c, bench/hello.c, bench/sqlite.c)
# natively with gcc -O2 into $BUILD/bench/native/ and to WASI with clang -O2
# into $BUILD/bench/wasm/.
#
# For every program it times the native build, kiln (`kiln run`) and node's
# node:wasi (V8 with its JIT) in the same run, checks that every engine
# prints exactly what the native build prints (each program ends with a
# checksum), and prints each engine's time as a multiple of native, per
# program and as a geometric mean. Then start-up (process start to exit of
# a WASI hello) and its peak RSS, and SQLite compiled to WASI: the time to
# load and prepare the module before the first instruction of real work,
# and a real workload.
#
# Environment:
#   BUILD          the build directory (build)
#   KILN           the kiln binary ($BUILD/kiln)
#   NODE           node (node)
#   BENCH_RUNS     runs per measurement, the fastest counts (1)
#   BENCH_CLOCK    wall (default) or cpu: user + system time of the engine
#                  process, which a busy machine disturbs less (but which
#                  counts every thread: node's compiler and GC threads too)
#   BENCH_ONLY     the programs to run, e.g. "coremark lz" (all of them)
#   BENCH_ENGINES  more engines to measure beside kiln and node, as words
#                  NAME=PATH; each is run as `PATH PROG.wasm ARGS`
#
# Exit status 1 when an engine failed or printed something else.

BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
NODE=${NODE:-node}
RUNS=${BENCH_RUNS:-1}
CLOCK=${BENCH_CLOCK:-wall}
DIR=$BUILD/bench
TIMER=$DIR/timer

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# The engines, one "NAME COMMAND..." line each; the command is followed by
# the module and its arguments.
cat >"$tmp/engines" <<EOF
kiln $KILN run
node $NODE --no-warnings --no-turbo-fast-api-calls bench/node-wasi.mjs
EOF
for e in $BENCH_ENGINES; do
    echo "${e%%=*} ${e#*=}" >>"$tmp/engines"
done

# measure N OUT CMD...: runs CMD N times; sets t (the fastest, seconds, by
# BENCH_CLOCK), med (the median wall time), rss (the largest peak RSS, KiB)
# and rc (exit status).
measure() {
    n=$1 out=$2
    shift 2
    set -- $("$TIMER" -n "$n" -o "$out" -- "$@")
    t=$1 med=$2 rss=$3 rc=$4
    [ "$CLOCK" = cpu ] && t=$5
}

# ---- the programs ----

programs=${BENCH_ONLY:-$(ls bench/programs/*.c | sed 's|.*/||; s|\.c$||')}
echo "kiln: $KILN; $CLOCK-clock time, the fastest of $RUNS run(s); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
# results: one line per program and engine: PROGRAM ENGINE SECONDS RSS_KIB OK
: >"$tmp/results"
for p in $programs; do
    measure "$RUNS" "$tmp/want" "$DIR/native/$p"
    echo "$p native $t $rss $([ "$rc" = 0 ] && echo 1 || echo 0)" >>"$tmp/results"
    echo "  $p: $(cat "$tmp/want")"
    while read -r name cmd; do
        measure "$RUNS" "$tmp/got" $cmd "$DIR/wasm/$p.wasm"
        ok=1
        if [ "$rc" != 0 ]; then
            echo "    $name: failed with status $rc"
            ok=0
        elif ! cmp -s "$tmp/want" "$tmp/got"; then
            echo "    $name: printed a different checksum: $(head -c 200 "$tmp/got")"
            ok=0
        fi
        [ $ok = 1 ] || status=1
        echo "$p $name $t $rss $ok" >>"$tmp/results"
    done <"$tmp/engines"
done

echo
echo "time as a multiple of native (gcc -O2); checksums agree unless marked"
awk '
    { t[$1, $2] = $3; rss[$1, $2] = $4; ok[$1, $2] = $5
      if (!($1 in seenp)) { seenp[$1] = 1; prog[np++] = $1 }
      if (!($2 in seene)) { seene[$2] = 1; eng[ne++] = $2 } }
    END {
        printf "%-10s %8s", "program", "native"
        for (j = 1; j < ne; j++) printf " %16s", eng[j]
        printf "   peak RSS MiB:"
        for (j = 0; j < ne; j++) printf " %s", eng[j]
        printf "\n"
        for (i = 0; i < np; i++) {
            p = prog[i]; n = t[p, "native"]
            printf "%-10s %7.3fs", p, n
            for (j = 1; j < ne; j++) {
                e = eng[j]
                if (!ok[p, "native"] || !ok[p, e]) { printf " %16s", "FAILED"; continue }
                x = t[p, e] / n
                printf " %7.3fs %6.2fx", t[p, e], x
                lsum[e] += log(x); cnt[e]++
                if (x > worst[e]) { worst[e] = x; wp[e] = p }
            }
            printf "  "
            for (j = 0; j < ne; j++) printf " %5.1f", rss[p, eng[j]] / 1024
            printf "\n"
        }
        printf "%-10s %8s", "geomean", ""
        for (j = 1; j < ne; j++) {
            e = eng[j]
            if (cnt[e]) printf " %8s %6.2fx", "", exp(lsum[e] / cnt[e])
            else printf " %16s", "-"
        }
        printf "\n%-10s %8s", "worst", ""
        for (j = 1; j < ne; j++) {
            e = eng[j]
            if (cnt[e]) printf " %8s %6.2fx", wp[e], worst[e]
            else printf " %16s", "-"
        }
        printf "\n"
    }' "$tmp/results"

# ---- start-up and peak RSS ----

echo
echo "start-up: process start to exit of a WASI hello, wall clock over 20 runs; peak RSS"
printf '  %-8s %9s %9s %9s\n' "" fastest median "RSS MiB"
# startup NAME: prints the line of the last measurement
startup() {
    printf '  %-8s %6.2f ms %6.2f ms %9.1f\n' "$1" "$(awk -v t="$t" 'BEGIN { print t * 1000 }')" \
        "$(awk -v t="$med" 'BEGIN { print t * 1000 }')" "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')"
}
CLOCK=wall
measure 20 "$tmp/want" "$DIR/native/hello"
startup native
while read -r name cmd; do
    measure 20 "$tmp/got" $cmd "$DIR/wasm/hello.wasm"
    if [ "$rc" != 0 ] || ! cmp -s "$tmp/want" "$tmp/got"; then
        echo "  $name: failed (status $rc)"
        status=1
        continue
    fi
    startup "$name"
done <"$tmp/engines"
CLOCK=${BENCH_CLOCK:-wall}

# ---- SQLite: preparing a large module, and running it ----

wasm=$DIR/wasm/sqlite.wasm
echo
echo "SQLite ($(wc -c <"$wasm" | tr -d ' ') bytes of wasm): load and prepare (main returns at once), then a workload"
measure "$RUNS" "$tmp/want" "$DIR/native/sqlite"
native=$t
printf '  %-8s %10s %9.3fs          %s\n' native "" "$native" "$(cat "$tmp/want")"
while read -r name cmd; do
    measure 5 "$tmp/got" $cmd "$wasm" 0
    prep=$med prc=$rc
    measure "$RUNS" "$tmp/got" $cmd "$wasm"
    if [ "$prc" != 0 ] || [ "$rc" != 0 ] || ! cmp -s "$tmp/want" "$tmp/got"; then
        echo "  $name: failed (status $prc, $rc) or printed a different checksum"
        status=1
        continue
    fi
    printf '  %-8s %7.1f ms %9.3fs %6.2fx  (preparing is %.1f%% of the run)\n' "$name" \
        "$(awk -v t="$prep" 'BEGIN { print t * 1000 }')" "$t" \
        "$(awk -v a="$t" -v b="$native" 'BEGIN { print a / b }')" \
        "$(awk -v a="$prep" -v b="$t" 'BEGIN { print 100 * a / b }')"
done <"$tmp/engines"

exit $status
