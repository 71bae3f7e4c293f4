#!/bin/sh
# tests/aot/engine.sh PROG.wasm ARGS... -- bench/run.sh's engine for the
# ahead-of-time compiler: runs the PROG.cwasm tests/aot/bench.sh compiled
# beside it in $AOT_DIR.
p=$(basename "$1" .wasm)
shift
exec "${KILN:-build/kiln}" run --allow-precompiled "$AOT_DIR/$p.cwasm" "$@"
