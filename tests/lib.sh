# tests/lib.sh -- the counting helpers of the suites, sourced by
# tests/suites/*.sh (it lives outside tests/suites/, whose every script
# tests/run.sh runs as a suite). Sourcing it zeroes the totals; a suite that
# calls expect sets tmp, its scratch directory, first.
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "FAIL: $*"
}

# expect NAME STATUS PATTERN CMD...: CMD exits with STATUS and its output
# (stdout and stderr) matches the extended regex PATTERN.
expect() {
    name=$1 status=$2 pattern=$3
    shift 3
    "$@" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" -eq "$status" ] && { [ -z "$pattern" ] || grep -qE -- "$pattern" "$tmp/out"; }; then
        ok
    else
        fail "$name: exit $got (want $status), output:"
        sed 's/^/    /' "$tmp/out"
    fi
}

# add_result FILE [PREFIX]: adds the last "PREFIXN passed, M failed" line of
# FILE to the totals, and sets line to it and f to its M; returns 1, adding
# nothing, when FILE has no such line.
add_result() {
    line=$(grep -E "^$2[0-9]+ passed, [0-9]+ failed" "$1" | tail -n 1)
    [ -n "$line" ] || return 1
    set -- ${line#"$2"}
    f=$3
    passed=$((passed + $1))
    failed=$((failed + f))
}

# total: the suite's result line; fails if any check failed.
total() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
