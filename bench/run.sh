#!/bin/sh
# bench/run.sh -- the benchmark, run by `make bench` once it has built the
# programs (bench/programs/*.c, bench/hello.c, bench/sqlite.c) natively with
# gcc -O2 into $BUILD/bench/native/ and to WASI with clang -O2 into
# $BUILD/bench/wasm/, and the compile-speed tool ($BUILD/bench/compile,
# bench/compile.c).
#
# The engines (bench/engines.sh): kiln's JIT, kiln's interpreter, node 26
# and node 20 (V8 through node:wasi), and any BENCH_ENGINES. In order:
#   1. every program on native code and on every engine in the same run;
#      each engine must print exactly what the native build prints (each
#      program ends with a checksum). Each engine's time as a multiple of
#      native per program, the geometric mean and the worst program; the
#      JIT's speedup over kiln's interpreter per program; peak RSS.
#   2. start-up: process start to exit of a WASI hello, the fastest of 20
#      (wall clock whatever BENCH_CLOCK says), and its peak RSS.
#   3. compile speed: decoding, validating and compiling every function of
#      a module on one thread (bench/compile.c), for SQLite compiled to WASI
#      and for the programs: MB/s of code section.
#   4. SQLite compiled to WASI: the time to load and prepare the module
#      (main returns at once), then an in-memory workload.
#   5. kiln-jit against the targets of issue 14.
#
# Environment:
#   BUILD          the build directory (build)
#   KILN           the kiln binary ($BUILD/kiln)
#   NODE26, NODE   node 26 and node 20 (bench/engines.sh)
#   BENCH_RUNS     runs per measurement, the fastest counts (1)
#   BENCH_CLOCK    wall (default) or cpu: user + system time of the engine
#                  process, which a busy machine disturbs less (but which
#                  counts every thread: node's compiler and GC threads too)
#   BENCH_ONLY     the programs to run, e.g. "coremark lz" (all of them)
#   BENCH_ENGINES  more engines to measure, as words NAME=PATH; each is run
#                  as `PATH PROG.wasm ARGS`
#
# Exit status 1 when an engine failed or printed something else.

BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
RUNS=${BENCH_RUNS:-1}
CLOCK=${BENCH_CLOCK:-wall}
DIR=$BUILD/bench
TIMER=$DIR/timer

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

. bench/engines.sh
engines "$tmp/engines"
for e in $BENCH_ENGINES; do
    echo "${e%%=*} ${e#*=}" >>"$tmp/engines"
done

# measure N OUT CMD...: runs CMD N times; sets t (the fastest, seconds, by
# CLOCK), med (the median wall time), cpu (the least CPU time), rss (the
# largest peak RSS, KiB) and rc (exit status).
measure() {
    n=$1 out=$2
    shift 2
    set -- $("$TIMER" -n "$n" -o "$out" -- "$@")
    t=$1 med=$2 rss=$3 rc=$4 cpu=$5
    [ "$CLOCK" = cpu ] && t=$5
}

# ms SECONDS: in milliseconds, for printf.
ms() {
    awk -v t="$1" 'BEGIN { print t * 1000 }'
}

# ---- the programs ----

programs=${BENCH_ONLY:-$(ls bench/programs/*.c | sed 's|.*/||; s|\.c$||')}
echo "kiln: $KILN; $CLOCK-clock time, the fastest of $RUNS run(s); load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
while read -r name cmd; do
    echo "  $name: $cmd"
done <"$tmp/engines"
# results: one line per program and engine: PROGRAM ENGINE SECONDS RSS_KIB OK
: >"$tmp/results"
for p in $programs; do
    measure "$RUNS" "$tmp/want" "$DIR/native/$p"
    echo "$p native $t $rss $([ "$rc" = 0 ] && echo 1 || echo 0)" >>"$tmp/results"
    echo "  $p: $(cat "$tmp/want")"
    while read -r name cmd; do
        measure "$RUNS" "$tmp/got" $cmd "$DIR/wasm/$p.wasm"
        ok=1
        if [ "$rc" != 0 ]; then
            echo "    $name: failed with status $rc"
            ok=0
        elif ! cmp -s "$tmp/want" "$tmp/got"; then
            echo "    $name: printed a different checksum: $(head -c 200 "$tmp/got")"
            ok=0
        fi
        [ $ok = 1 ] || status=1
        echo "$p $name $t $rss $ok" >>"$tmp/results"
    done <"$tmp/engines"
done

# The table; the JIT's figures go to $tmp/targets as "KEY VALUE...".
echo
echo "time as a multiple of native (gcc -O2); checksums agree unless marked;"
echo "interp/jit: kiln-interp's time over kiln-jit's (worst: the least)"
: >"$tmp/targets"
awk -v targets="$tmp/targets" '
    { t[$1, $2] = $3; rss[$1, $2] = $4; ok[$1, $2] = $5
      if (!($1 in seenp)) { seenp[$1] = 1; prog[np++] = $1 }
      if (!($2 in seene)) { seene[$2] = 1; eng[ne++] = $2 } }
    END {
        both = ("kiln-jit" in seene) && ("kiln-interp" in seene)
        printf "%-10s %8s", "program", "native"
        for (j = 1; j < ne; j++) printf " %16s", eng[j]
        if (both) printf " %16s", "interp/jit"
        printf "\n"
        for (i = 0; i < np; i++) {
            p = prog[i]; n = t[p, "native"]
            printf "%-10s %7.3fs", p, n
            for (j = 1; j < ne; j++) {
                e = eng[j]
                if (!ok[p, "native"] || !ok[p, e]) { printf " %16s", "FAILED"; continue }
                x = t[p, e] / n
                printf " %7.3fs %6.2fx", t[p, e], x
                lsum[e] += log(x); cnt[e]++
                if (x > worst[e]) { worst[e] = x; wp[e] = p }
            }
            if (both) {
                if (ok[p, "kiln-jit"] && ok[p, "kiln-interp"] && t[p, "kiln-jit"] > 0) {
                    s = t[p, "kiln-interp"] / t[p, "kiln-jit"]
                    printf " %8s %6.2fx", "", s
                    ssum += log(s); scnt++
                    if (!sleast || s < sleast) { sleast = s; sp = p }
                    if (s < 3) below = below " " p
                } else
                    printf " %16s", "-"
            }
            printf "\n"
        }
        printf "%-10s %8s", "geomean", ""
        for (j = 1; j < ne; j++) {
            e = eng[j]
            if (cnt[e]) printf " %8s %6.2fx", "", exp(lsum[e] / cnt[e])
            else printf " %16s", "-"
        }
        if (both && scnt) printf " %8s %6.2fx", "", exp(ssum / scnt)
        printf "\n%-10s %8s", "worst", ""
        for (j = 1; j < ne; j++) {
            e = eng[j]
            if (cnt[e]) printf " %8s %6.2fx", wp[e], worst[e]
            else printf " %16s", "-"
        }
        if (both && scnt) printf " %8s %6.2fx", sp, sleast
        printf "\n"
        printf "\npeak RSS, MiB\n%-10s", "program"
        for (j = 0; j < ne; j++) printf " %11s", eng[j]
        printf "\n"
        for (i = 0; i < np; i++) {
            printf "%-10s", prog[i]
            for (j = 0; j < ne; j++) printf " %11.1f", rss[prog[i], eng[j]] / 1024
            printf "\n"
        }
        if (cnt["kiln-jit"] && cnt["kiln-jit"] == np) {
            printf "geomean %.2f\n", exp(lsum["kiln-jit"] / cnt["kiln-jit"]) >>targets
            printf "worst %.2f %s\n", worst["kiln-jit"], wp["kiln-jit"] >>targets
        }
        if (scnt && scnt == np)
            printf "speedup %.2f %s%s\n", sleast, sp, below >>targets
    }' "$tmp/results"

# ---- start-up and peak RSS ----

echo
echo "start-up: process start to exit of a WASI hello, wall clock, 20 runs; peak RSS"
printf '  %-11s %9s %9s %9s\n' "" fastest median "RSS MiB"
# startup NAME: prints the line of the last measurement, and notes it.
startup() {
    printf '  %-11s %6.2f ms %6.2f ms %9.1f\n' "$1" "$(ms "$t")" "$(ms "$med")" \
        "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')"
    echo "$1 $t $rss" >>"$tmp/startup"
}
: >"$tmp/startup"
CLOCK=wall
measure 20 "$tmp/want" "$DIR/native/hello"
startup native
while read -r name cmd; do
    measure 20 "$tmp/got" $cmd "$DIR/wasm/hello.wasm"
    if [ "$rc" != 0 ] || ! cmp -s "$tmp/want" "$tmp/got"; then
        echo "  $name: failed (status $rc)"
        status=1
        continue
    fi
    startup "$name"
done <"$tmp/engines"
CLOCK=${BENCH_CLOCK:-wall}

# ---- compile speed ----

sqlite=$DIR/wasm/sqlite.wasm
echo
echo "compile speed: decode, validate, then compile every function of the module,"
echo "one thread, $CLOCK clock, the least of 3 runs (bench/compile.c); MB = 10^6 bytes"
echo "of code section; kiln-jit's compile includes the interpreter's translation"
printf '  %-10s %8s %6s %9s %22s %22s\n' module "code MB" funcs "decode+" kiln-jit kiln-interp
printf '  %-10s %8s %6s %9s %22s %22s\n' "" "" "" validate "compile" "(translate only)"
for tier in jit interp; do
    # shellcheck disable=SC2046
    "$DIR/compile" -c "$CLOCK" $tier "$sqlite" $(for p in $programs; do
        echo "$DIR/wasm/$p.wasm"; done) >"$tmp/compile.$tier" 2>"$tmp/compile.err" ||
        { echo "  $tier: $(head -n 1 "$tmp/compile.err")"; : >"$tmp/compile.$tier"; }
done
# FILE CODE_BYTES FUNCS OWN DECODE VALIDATE COMPILE, from each tier's run
awk -v targets="$tmp/targets" '
    FILENAME ~ /jit$/ { jit[$1] = $7; own[$1] = $4 }
    FILENAME ~ /interp$/ { itp[$1] = $7 }
    { if (!($1 in seen)) { seen[$1] = 1; file[n++] = $1 }
      code[$1] = $2; funcs[$1] = $3; dv[$1] = $5 + $6 }
    function speed(bytes, s) { return s > 0 ? bytes / s / 1e6 : 0 }
    function line(name, b, f, d, j, i, o) {
        printf "  %-10s %8.3f %6d %6.1f ms", name, b / 1e6, f, d * 1000
        if (j != "") printf " %8.1f ms %6.1f MB/s", j * 1000, speed(b, j)
        else printf " %22s", "-"
        if (i != "") printf " %8.1f ms %6.1f MB/s", i * 1000, speed(b, i)
        else printf " %22s", "-"
        if (o != "" && o < f) printf "  (%d left to the interpreter)", f - o
        printf "\n"
    }
    END {
        for (k = 0; k < n; k++) {
            f = file[k]; name = f; sub(/.*\//, "", name); sub(/\.wasm$/, "", name)
            line(name, code[f], funcs[f], dv[f], jit[f], itp[f], own[f])
            if (k == 0) {
                if (jit[f] != "") printf "compile %.1f\n", speed(code[f], jit[f]) >>targets
                continue
            }
            tb += code[f]; tf += funcs[f]; td += dv[f]; to += own[f]
            if (jit[f] != "") tj += jit[f]; else nj = 1
            if (itp[f] != "") ti += itp[f]; else ni = 1
        }
        if (n > 1)
            line("programs", tb, tf, td, nj ? "" : tj, ni ? "" : ti, nj ? "" : to)
    }' "$tmp/compile.jit" "$tmp/compile.interp"

# ---- SQLite: preparing a large module, and running it ----

echo
echo "SQLite ($(wc -c <"$sqlite" | tr -d ' ') bytes of wasm): load and prepare (main returns at once,"
echo "the fastest of 5, wall and CPU), then a workload ($CLOCK clock) as a multiple of native"
measure "$RUNS" "$tmp/want" "$DIR/native/sqlite"
native=$t
printf '  %-11s %24s %9.3fs          %s\n' native "" "$native" "$(cat "$tmp/want")"
while read -r name cmd; do
    CLOCK=wall
    measure 5 "$tmp/got" $cmd "$sqlite" 0
    prep=$t prep_cpu=$cpu prc=$rc
    CLOCK=${BENCH_CLOCK:-wall}
    measure "$RUNS" "$tmp/got" $cmd "$sqlite"
    if [ "$prc" != 0 ] || [ "$rc" != 0 ] || ! cmp -s "$tmp/want" "$tmp/got"; then
        echo "  $name: failed (status $prc, $rc) or printed a different checksum"
        status=1
        continue
    fi
    printf '  %-11s %7.1f ms, cpu %7.1f ms %9.3fs %6.2fx\n' "$name" "$(ms "$prep")" \
        "$(ms "$prep_cpu")" "$t" "$(awk -v a="$t" -v b="$native" 'BEGIN { print a / b }')"
done <"$tmp/engines"

# ---- issue 14's targets ----

echo
echo "kiln-jit against issue 14's targets"
awk -v startup="$tmp/startup" '
    function verdict(ok) { return ok ? "met" : "NOT MET" }
    FILENAME == startup { st[$1] = $2; rss[$1] = $3; next }
    { v[$1] = $2; what[$1] = $3; below[$1] = "" ; for (i = 4; i <= NF; i++) below[$1] = below[$1] " " $i }
    END {
        if ("geomean" in v)
            printf "  geomean at most 2.5x native:                %6.2fx          %s\n",
                   v["geomean"], verdict(v["geomean"] <= 2.5)
        if ("worst" in v)
            printf "  no program above 5x native:                 %6.2fx %-8s %s\n",
                   v["worst"], what["worst"], verdict(v["worst"] <= 5)
        if ("speedup" in v)
            printf "  every program 3x faster than kiln-interp:   %6.2fx %-8s %s%s\n",
                   v["speedup"], what["speedup"], verdict(v["speedup"] >= 3),
                   below["speedup"] != "" ? " (below:" below["speedup"] ")" : ""
        if ("compile" in v)
            printf "  compile 20 MB/s of code section (SQLite):   %6.1f MB/s      %s\n",
                   v["compile"], verdict(v["compile"] >= 20)
        if (("kiln-jit" in st) && ("kiln-interp" in st)) {
            printf "  hello start-up under 2 ms:                  %6.2f ms        %s\n",
                   st["kiln-jit"] * 1000, verdict(st["kiln-jit"] < 0.002)
            x = st["kiln-jit"] / st["kiln-interp"]
            printf "  hello start-up within 1.2x of kiln-interp:  %6.2fx          %s\n",
                   x, verdict(x <= 1.2)
            mb = rss["kiln-jit"] * 1024 / 1e6
            printf "  hello peak RSS under 4 MB:                  %6.2f MB        %s\n",
                   mb, verdict(mb < 4)
        }
    }' "$tmp/startup" "$tmp/targets"

exit $status
