#!/bin/sh
# tests/aot/bench.sh -- `make bench-aot`: the ahead-of-time compiler's
# numbers, outside `make test`: the spec suite compiled at -O2; each
# benchmark program's compile time and peak memory at -O2; the benchmark
# (bench/run.sh) with the precompiled programs as one more engine beside
# kiln's JIT and node; and the start-up of `kiln run -C cache=y` on a
# cached hello against plain `kiln run`.
BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
export KILN
AOT_DIR=$BUILD/bench/aot
export AOT_DIR
mkdir -p "$AOT_DIR"
status=0

echo "== the spec suite compiled at -O2"
AOT_OPT=2 AOT_DIFF_N=${AOT_DIFF_N:-200} BUILD=$BUILD KILN=$KILN sh tests/suites/aot.sh || status=1

echo "== compile times (-O2, every core)"
for w in "$BUILD"/bench/wasm/*.wasm; do
    p=$(basename "$w" .wasm)
    /usr/bin/time -f "$p: %e s, peak %M KiB, $(wc -c <"$w") bytes of wasm" \
        "$KILN" compile -O2 "$w" -o "$AOT_DIR/$p.cwasm" || status=1
done

echo "== the benchmark"
BENCH_ENGINES="aot=tests/aot/engine.sh ${BENCH_ENGINES:-}" BUILD=$BUILD sh bench/run.sh || status=1

echo "== start-up: a WASI hello, the fastest of 20 runs"
cache=$(mktemp -d)
XDG_CACHE_HOME=$cache "$KILN" run -C cache=y "$BUILD/bench/wasm/hello.wasm" >/dev/null
for how in "run" "run -C cache=y" "run --allow-precompiled"; do
    file=$BUILD/bench/wasm/hello.wasm
    [ "$how" = "run --allow-precompiled" ] && file=$AOT_DIR/hello.cwasm
    best=
    for i in $(seq 20); do
        t=$( { XDG_CACHE_HOME=$cache /usr/bin/time -f "%e" $KILN $how "$file" >/dev/null; } 2>&1)
        best=$(echo "$best $t" | awk '{ print ($1 == "" || $2 < $1) ? $2 : $1 }')
    done
    echo "kiln $how hello: $best s"
done
rm -rf "$cache"
exit $status
