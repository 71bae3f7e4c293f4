#!/bin/sh
# tests/suites/api.sh -- libkiln as an embedder meets it: the example
# programs (examples/*.c) run and print what they should; libkiln.so exports
# the public API and nothing else; `make install` gives headers, libraries
# and a kiln.pc with which pkg-config builds a program, statically and
# against the shared library. (The API's own tests are tests/unit/api_*.c.)
BUILD=${BUILD:-build}
EX=$BUILD/examples
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_lines NAME PATTERNS CMD...: CMD exits with 0 and its output (stdout
# and stderr) matches every line of PATTERNS (extended regexes, one per line).
expect_lines() {
    name=$1 patterns=$2
    shift 2
    "$@" >"$tmp/out" 2>&1
    status=$?
    ok=1
    [ "$status" -eq 0 ] || ok=0
    echo "$patterns" | while IFS= read -r p; do
        [ -z "$p" ] || grep -qE -- "$p" "$tmp/out" || { echo "    missing: $p"; exit 1; }
    done || ok=0
    if [ "$ok" -eq 1 ]; then
        ok
    else
        fail "$name (exit $status), output:"
        sed 's/^/    /' "$tmp/out"
    fi
}

# check NAME CONDITION-COMMAND...
check() {
    name=$1
    shift
    if "$@"; then
        ok
    else
        fail "$name"
    fi
}

expect_lines "embed" '^2432902008176640000$' "$EX/embed" examples/fac.wat 20
expect_lines "host function" '^sum 1\.\.100 = 5050$
^trap: negative value -5$
0: validate' "$EX/host_func"
expect_lines "memory" '^guest says: HELLO FROM THE HOST$
^host reads: HELLO FROM THE HOST$
^bad pointer: print: \[65530, 65530 \+ 100\) is outside' "$EX/memory"
mkdir "$tmp/data"
echo "greetings from the host's disk" >"$tmp/data/greeting.txt"
expect_lines "wasi" "^greetings from the host's disk$
^exit status 76 " "$EX/wasi" "$tmp/data"
check "wasi: read-only preopen wrote nothing" test ! -e "$tmp/data/new.txt"
expect_lines "fuel and interrupt" '^spin with fuel: stopped by fuel \(all fuel consumed\)$
^fuel left: 0$
^after refuelling: answer = 42$
^spin without fuel: stopped by interrupt \(interrupted\)$
^after the interrupt: answer = 42$' "$EX/fuel"

# Exports: the public prefixes only, and the headers' functions all there.
nm -D --defined-only "$BUILD/libkiln.so" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | sort >"$tmp/exported"
grep -vE '^(kiln|wasm|wasi)_' "$tmp/exported" >"$tmp/foreign"
check "libkiln.so exports only the public API" test ! -s "$tmp/foreign"
[ -s "$tmp/foreign" ] && sed 's/^/    not public: /' "$tmp/foreign" | head -20
sed -n 's/^KILN_API [^(]*[ *]\([a-z_0-9]*\)(.*/\1/p' include/kiln.h include/wasi.h | sort -u >"$tmp/declared"
check "every kiln.h/wasi.h function is exported" \
    sh -c "comm -23 '$tmp/declared' '$tmp/exported' | grep -q . && exit 1 || exit 0"
check "the standard API is exported" \
    sh -c "for f in wasm_engine_new wasm_func_call wasm_instance_new wasm_module_share \
            wasm_trap_trace wasm_foreign_new wasm_table_grow wasm_memory_grow \
            wasm_valtype_vec_copy wasm_ref_as_func_const; do
               grep -qx \$f '$tmp/exported' || exit 1; done"

# make install, then pkg-config builds the embed example against it.
san=
[ "${KILN_SAN:-0}" = 1 ] && san=SAN=1
if make -s install $san BUILD="$BUILD" PREFIX="$tmp/prefix" >"$tmp/install.log" 2>&1; then
    ok
    for f in include/kiln.h include/wasm.h include/wasi.h lib/libkiln.a lib/libkiln.so \
             lib/pkgconfig/kiln.pc bin/kiln; do
        check "installed $f" test -f "$tmp/prefix/$f"
    done
    export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
    cflags=$(pkg-config --cflags kiln)
    check "pkg-config --cflags" test "$(echo $cflags)" = "-I$tmp/prefix/include"
    # shellcheck disable=SC2046
    if cc $cflags -o "$tmp/embed-shared" examples/embed.c $(pkg-config --libs kiln) \
            $( [ "${KILN_SAN:-0}" = 1 ] && echo -fsanitize=address,undefined ) 2>"$tmp/cc.log"; then
        expect_lines "shared libkiln via pkg-config" '^3628800$' \
            env LD_LIBRARY_PATH="$tmp/prefix/lib" "$tmp/embed-shared" examples/fac.wat 10
    else
        fail "build against the installed shared library"
        cat "$tmp/cc.log"
    fi
    if cc $cflags -o "$tmp/embed-static" examples/embed.c "$tmp/prefix/lib/libkiln.a" \
            $(pkg-config --static --libs-only-l kiln | sed 's/-lkiln//') \
            $( [ "${KILN_SAN:-0}" = 1 ] && echo -fsanitize=address,undefined ) 2>"$tmp/cc.log"; then
        expect_lines "static libkiln via pkg-config" '^3628800$' "$tmp/embed-static" examples/fac.wat 10
    else
        fail "build against the installed static library"
        cat "$tmp/cc.log"
    fi
else
    fail "make install"
    cat "$tmp/install.log"
fi

total
