#!/bin/sh
# tests/suites/interp.sh -- the interpreter's own wast scripts
# (tests/interp/*.wast): its fused instructions and accumulator forms, on
# the wasm patterns that produce them.
# shellcheck disable=SC2086
"$KILN" wast tests/interp/*.wast
