#!/bin/sh
# tests/suites/hostile.sh -- hostile inputs against the resource model
# (docs/architecture.md, "Limits and faults"): for each way a module file
# or a guest can make kiln spend memory or time, a small input that tries,
# and the clean outcome it must get -- an error or trap with the right
# message, no signal, within a stated time and peak memory (lib.sh's
# bounded, in a memory cgroup). The cases are grouped by class in
# tests/hostile/*.sh; each writes its inputs into $tmp.
KILN=${KILN:-build/kiln}
KILN_SAN=${KILN_SAN:-0}
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Memory bounds are for the plain build; the sanitizers' shadow memory and
# quarantine take several times more.
mib() { echo $(( KILN_SAN == 1 ? $1 * 4 : $1 )); }

for f in tests/hostile/*.sh; do
    . "$f"
done
total
