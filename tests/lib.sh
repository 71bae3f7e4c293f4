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

# bounded NAME STATUS PATTERN MIB SECONDS CMD...: CMD exits with STATUS (a
# signal counts as 128 + its number, never a pass unless STATUS says so),
# its output (stdout and stderr) matches the extended regex PATTERN, its
# peak memory stays within MIB MiB and it ends within SECONDS of wall
# time. It runs in a memory cgroup of its own capped at twice MIB plus
# 64 MiB, so a regression is measured and killed there instead of taking
# the machine down; SECONDS is a hang detector (timeout kills at twice
# it), not a speed test. Without a cgroup (not root, no memory
# controller) the memory bound is not checked and `cgroup` says so once.
cgroup_root=
if [ -w /sys/fs/cgroup/memory ] && [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] ||
   [ -f /sys/fs/cgroup/memory/memory.usage_in_bytes ]; then
    cgroup_root=/sys/fs/cgroup/memory cgroup_v=1
elif [ -w /sys/fs/cgroup ] && grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    cgroup_root=/sys/fs/cgroup cgroup_v=2
fi
cgroup_told=
bounded() {
    name=$1 want=$2 pattern=$3 mib=$4 secs=$5
    shift 5
    cg=
    if [ -n "$cgroup_root" ]; then
        cg=$cgroup_root/kiln-bounded-$$
        mkdir "$cg" 2>/dev/null || cg=
    fi
    if [ -n "$cg" ]; then
        cap=$(( (mib * 2 + 64) * 1048576 ))
        if [ "$cgroup_v" = 1 ]; then
            echo "$cap" >"$cg/memory.limit_in_bytes"
            echo "$cap" >"$cg/memory.memsw.limit_in_bytes" 2>/dev/null
        else
            echo "$cap" >"$cg/memory.max"
            echo 0 >"$cg/memory.swap.max" 2>/dev/null
        fi
    elif [ -z "$cgroup_told" ]; then
        cgroup_told=1
        echo "note: no memory cgroup here (root with a memory controller needed): peak memory not checked"
    fi
    start=$(date +%s%N)
    sh -c '[ -z "$1" ] || echo $$ >"$1/cgroup.procs"; shift; exec timeout -s KILL "$@"' \
        sh "$cg" $((secs * 2)) "$@" >"$tmp/out" 2>&1
    got=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    peak=
    if [ -n "$cg" ]; then
        if [ "$cgroup_v" = 1 ]; then
            peak=$(cat "$cg/memory.max_usage_in_bytes")
        else
            peak=$(cat "$cg/memory.peak" 2>/dev/null)
        fi
        rmdir "$cg" 2>/dev/null
    fi
    why=
    [ "$got" -eq "$want" ] || why="; exit $got (want $want)"
    [ -z "$pattern" ] || grep -qE -- "$pattern" "$tmp/out" || why="$why; output does not match /$pattern/"
    [ "$ms" -le $((secs * 1000)) ] || why="$why; took $ms ms (bound $secs s)"
    [ -z "$peak" ] || [ "$peak" -le $((mib * 1048576)) ] ||
        why="$why; peak memory $((peak / 1048576)) MiB (bound $mib MiB)"
    why=${why#; }
    if [ -z "$why" ]; then
        ok
    else
        fail "$name: $why; output:"
        head -c 2000 "$tmp/out" | sed 's/^/    /'
    fi
}

# tiers KILN: the compilers (-C compiler=) that KILN runs here: interp, and
# jit where the machine has one; says so when it has none.
tiers() {
    if "$1" wast -C compiler=jit /dev/null >/dev/null 2>&1; then
        echo "interp jit"
    else
        echo "note: no JIT on this machine: the interpreter alone is tested" >&2
        echo "interp"
    fi
}

# wast_total FILE: adds the "total: N files, P passed, F failed" line of a
# `kiln wast` run saved in FILE to the totals; a run without one fails.
wast_total() {
    sed -n 's/^total: [0-9]* files, //p' "$1" >"$1.total"
    add_result "$1.total" || fail "kiln wast printed no total: $(tail -n 3 "$1")"
}
