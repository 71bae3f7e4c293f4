#!/bin/sh
# bench/simd.sh -- the SIMD benchmark of issue 6, run by `make bench-simd`.
#
# bench/simd.c (a 16-bit dot product and an 8-bit image blur) is compiled
# twice with clang --target=wasm32-wasi -O2 into $BUILD/bench-simd/: as
# scalar code, and with -msimd128, where clang vectorises both loops into
# v128 instructions. Both run on kiln (`kiln run --invoke run M.wasm
# REPS`); they must print the same checksum. The CPU time (user + system)
# of the faster of RUNS runs counts: it does not depend on how busy the
# machine is, as wall-clock time does. Printed: both times and the ratio.
#
# Environment:
#   BUILD  the build directory (build)     KILN  the kiln binary ($BUILD/kiln)
#   REPS   repetitions of the kernel (300) RUNS  runs of each module (3)

BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
REPS=${REPS:-300}
RUNS=${RUNS:-3}
dir=$BUILD/bench-simd
mkdir -p "$dir" || exit 1
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.out"' EXIT

for m in scalar simd; do
    flags=
    [ $m = simd ] && flags=-msimd128
    if [ ! "$dir/$m.wasm" -nt bench/simd.c ]; then
        # shellcheck disable=SC2086
        clang --target=wasm32-wasi -O2 $flags -nostdlib -Wl,--no-entry \
            -o "$dir/$m.wasm" bench/simd.c || exit 1
    fi
done

# Sets $now to the children's CPU seconds so far. `times` must run in this
# shell, not in a subshell as $(...) makes, to count them.
cpu() {
    times >"$tmp"
    now=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/);
                         printf "%.3f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$tmp")
}

# best MODULE: runs it RUNS times; sets $best (seconds) and $sum (checksum).
# The interval also holds one awk of cpu(), about a millisecond.
best() {
    best=
    for _ in $(seq "$RUNS"); do
        cpu
        t0=$now
        "$KILN" run --invoke run "$dir/$1.wasm" "$REPS" >"$tmp.out" || {
            echo "simd: $1.wasm failed on kiln"
            exit 1
        }
        cpu
        best=$(awk -v a="$t0" -v b="$now" -v m="$best" \
                   'BEGIN { t = b - a; if (m != "" && m < t) t = m; printf "%.3f", t }')
    done
    sum=$(cat "$tmp.out")
}

best scalar
t_scalar=$best sum_scalar=$sum
best simd
t_simd=$best sum_simd=$sum
if [ "$sum_scalar" != "$sum_simd" ]; then
    echo "simd: checksums differ: scalar $sum_scalar, simd $sum_simd"
    exit 1
fi
echo "simd benchmark: bench/simd.c, $REPS repetitions, checksum $sum_simd, best CPU time of $RUNS runs on $KILN"
echo "  clang -O2             $t_scalar s"
echo "  clang -O2 -msimd128   $t_simd s"
awk -v a="$t_scalar" -v b="$t_simd" \
    'BEGIN { if (b > 0) printf "  speedup               %.2fx\n", a / b }'
