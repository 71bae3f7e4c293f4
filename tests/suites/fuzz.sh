#!/bin/sh
# tests/suites/fuzz.sh -- the fuzz targets (fuzz/) in CI: builds them
# (clang, libFuzzer, ASan+UBSan, into build-fuzz/), replays every committed
# corpus input, every input that once found a bug (tests/data/fuzz/TARGET/)
# and the inputs at the limits too big to commit or to fuzz from
# (fuzz/limits.js writes them into build-fuzz/limits/TARGET/), then fuzzes
# each target for a short while. The regression and limit inputs of the
# decoder and text targets are also run through `kiln validate` of the
# build under test.
. tests/lib.sh
secs=10
if [ "${KILN_SAN:-0}" = 1 ]; then
    secs=0
    echo "KILN_SAN=1: replay only; the short fuzzing runs in the plain build"
fi

log=build-fuzz/build.log
mkdir -p build-fuzz
if ! make -s -j2 fuzz-build >"$log" 2>&1; then
    fail "make fuzz-build (see $log)"
    tail -n 20 "$log"
    total
    exit
fi
targets=$(for f in fuzz/*.c; do basename "$f" .c; done)

# The heavy limit inputs; the light ones it writes again are the committed
# corpus's, into a directory thrown away.
rm -rf build-fuzz/limits build-fuzz/limits-light
if ! node fuzz/limits.js build-fuzz/limits-light build-fuzz/limits >build-fuzz/limits.log 2>&1; then
    fail "node fuzz/limits.js (see build-fuzz/limits.log)"
fi
rm -rf build-fuzz/limits-light
. fuzz/options.sh

for t in $targets; do
    bin=build-fuzz/fuzz/$t
    # Replay: libFuzzer runs each input of the directories once (-runs=0).
    dirs=fuzz/corpus/$t
    [ -d tests/data/fuzz/$t ] && dirs="$dirs tests/data/fuzz/$t"
    [ -d build-fuzz/limits/$t ] && dirs="$dirs build-fuzz/limits/$t"
    # shellcheck disable=SC2086
    if "$bin" -runs=0 -rss_limit_mb=2048 $(fuzz_options "$t") $dirs \
        >build-fuzz/replay-$t.log 2>&1; then
        n=$(grep -oE 'INITED cov: [0-9]+' build-fuzz/replay-$t.log | tail -n 1)
        echo "$t: replayed $(cat fuzz/corpus/$t/* tests/data/fuzz/$t/* build-fuzz/limits/$t/* 2>/dev/null | wc -c) bytes of inputs ($n)"
        ok
    else
        fail "$t: replaying its corpus and regression inputs (build-fuzz/replay-$t.log)"
        grep -E 'ERROR|SUMMARY|runtime error' build-fuzz/replay-$t.log | head -n 5
    fi
done

# The regression inputs of the decoder and the text parser, through the CLI:
# an error, never a crash; and text is refused by the parser (an error at
# line:column), never handed on as bytes the decoder finds malformed.
for f in tests/data/fuzz/decode/* tests/data/fuzz/wat/* build-fuzz/limits/decode/* build-fuzz/limits/wat/*; do
    [ -f "$f" ] || continue
    out=$("$KILN" validate "$f" 2>&1)
    rc=$?
    if [ "$rc" -gt 1 ]; then
        fail "kiln validate $f: exit $rc"
    elif [ "${f%.wat}" != "$f" ] && [ "$rc" -ne 0 ] &&
         ! echo "$out" | grep -qE '\.wat:[0-9]+:[0-9]+: '; then
        fail "kiln validate $f: not a text error: $out"
    else
        ok
    fi
done

if [ "$secs" -gt 0 ]; then
    for t in $targets; do
        if sh fuzz/run.sh build-fuzz "$secs" "$t"; then ok; else fail "fuzzing $t"; fi
    done
fi
total
