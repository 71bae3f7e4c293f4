#!/bin/sh
# fuzz/run.sh -- runs libFuzzer targets, each for a while, from its corpus.
#
#   sh fuzz/run.sh BUILD SECONDS [TARGET...]     (default: every target)
#
# BUILD is where `make fuzz-build` put the targets (build-fuzz). Each target
# starts from its committed corpus fuzz/corpus/TARGET/, read only: inputs
# that add coverage go to BUILD/fuzz/new/TARGET/ (merge them into the corpus
# with -merge=1, see fuzz/README.md). A finding (crash, leak, timeout,
# sanitizer report) stops that target and leaves its input in
# BUILD/fuzz/artifacts/TARGET/. Prints executions per second per target and
# exits 1 if any target found something.
build=${1:?usage: fuzz/run.sh BUILD SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD SECONDS [TARGET...]}
shift 2
targets=${*:-$(for f in fuzz/*.c; do basename "$f" .c; done)}
. fuzz/options.sh
status=0
for t in $targets; do
    new=$build/fuzz/new/$t
    art=$build/fuzz/artifacts/$t
    log=$build/fuzz/$t.log
    mkdir -p "$new" "$art" fuzz/corpus/"$t"
    opts=$(fuzz_options "$t")
    # shellcheck disable=SC2086
    "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$art/" $opts \
        "$new" fuzz/corpus/"$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "$t: ${seconds}s, ${execs:-?} executions, ${rate:-?}/s, $cov: no finding"
    else
        status=1
        echo "$t: FINDING (exit $rc), input in $art/, log $log:"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5 | sed 's/^/    /'
    fi
done
exit $status
