#!/bin/sh
# bench/startup.sh -- `make bench-wasi`: how long `kiln run` takes from process
# start to exit, against node's node:wasi in the same run, on
#   hello   a WASI hello in C (start-up: load, validate, instantiate, run);
#   sqlite  SQLite inserting ROWS rows into a database file, indexing and
#           querying it (tests/wasi/sqlite/sqlite_test.c): start-up plus work.
# Each figure is the mean of RUNS runs, wall-clock and CPU (user + system,
# which a busy machine disturbs less; node's includes its compiler threads).
# Reported as ratios: node's time over kiln's (above 1: kiln is faster).
# Needs /usr/bin/time (Debian's `time`) for the CPU figures.
BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
W=$BUILD/tests/wasi
RUNS=${RUNS:-20}
ROWS=${ROWS:-100000}
NODE_RUN="node --no-warnings --no-turbo-fast-api-calls tests/wasi/node_run.mjs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in "$KILN" "$W/hello.wasm" "$W/sqlite_test.wasm"; do
    [ -e "$f" ] || { echo "startup: $f missing: run make bench-wasi"; exit 1; }
done

# mean N CMD...: "WALL CPU", the mean wall-clock and CPU time of N runs of
# CMD in milliseconds, measured around all N (so /usr/bin/time's 10 ms
# resolution is divided by N); a run that fails ends the benchmark.
mean() {
    n=$1
    shift
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" sh -c '
        n=$1; shift; i=0
        while [ $i -lt "$n" ]; do "$@" >/dev/null 2>&1 || exit 1; i=$((i + 1)); done' \
        sh "$n" "$@" || { echo "startup: failed: $*" >&2; exit 1; }
    awk -v n="$n" '{ printf "%.2f %.2f\n", $1 * 1000 / n, ($2 + $3) * 1000 / n }' "$tmp/time"
}

# report NAME "KILN_WALL KILN_CPU" "NODE_WALL NODE_CPU"
report() {
    echo "$1 $2 $3" | awk '{
        printf "%-7s wall: kiln %8.1f ms, node %8.1f ms, node/kiln %6.2fx   " \
               "cpu: kiln %8.1f ms, node %8.1f ms, node/kiln %6.2fx\n",
               $1, $2, $4, $4 / ($2 > 0 ? $2 : 1), $3, $5, $5 / ($3 > 0 ? $3 : 1) }'
}

[ -x /usr/bin/time ] || { echo "startup: /usr/bin/time is missing (Debian package time)"; exit 1; }
mkdir "$tmp/db"
sruns=$(( (RUNS + 9) / 10 ))
echo "startup: mean of $RUNS runs of hello, of $sruns of sqlite ($ROWS rows)"
k=$(mean "$RUNS" "$KILN" run "$W/hello.wasm") || exit 1
n=$(mean "$RUNS" $NODE_RUN "$W/hello.wasm") || exit 1
report hello "$k" "$n"
k=$(mean "$sruns" "$KILN" run --env SQLITE_TMPDIR=/db --dir "$tmp/db::/db" \
    "$W/sqlite_test.wasm" /db "$ROWS") || exit 1
n=$(mean "$sruns" $NODE_RUN --env SQLITE_TMPDIR=/db --dir "$tmp/db::/db" \
    "$W/sqlite_test.wasm" /db "$ROWS") || exit 1
report sqlite "$k" "$n"
