#!/bin/sh
# bench/text.sh BUILD -- kiln's wat2wasm and wasm2wat against wabt's, side by
# side, on a multi-megabyte real program: SQLite (the amalgamation from the
# better-sqlite3 npm package, tests/npm) compiled to WASI with a tiny main.
# (-O0: a bigger, 2-3 MB, module.) Each tool runs 3 times; the best wall time counts. `make bench-text`.
BUILD=${1:-build}
KILN=$BUILD/kiln
SQLITE=tests/npm/node_modules/better-sqlite3/deps/sqlite3
out=$BUILD/bench-text
mkdir -p "$out"

if [ ! -f "$out/sqlite.wasm" ] || [ "$SQLITE/sqlite3.c" -nt "$out/sqlite.wasm" ]; then
    cat >"$out/main.c" <<'C'
#include "sqlite3.h"
int main(void)
{
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return 1;
    int rc = sqlite3_exec(db, "create table t(x); insert into t values (42);", 0, 0, 0);
    sqlite3_close(db);
    return rc;
}
C
    echo "building $out/sqlite.wasm ..."
    clang --target=wasm32-wasi -O0 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION \
        -I"$SQLITE" "$SQLITE/sqlite3.c" "$out/main.c" -o "$out/sqlite.wasm" || exit 1
fi

# best NAME CMD...: runs CMD 3 times, prints the best wall time in ms.
best() {
    name=$1
    shift
    b=
    for i in 1 2 3; do
        t0=$(date +%s%N)
        "$@" || { echo "$name: failed"; exit 1; }
        t1=$(date +%s%N)
        t=$(((t1 - t0) / 1000000))
        [ -z "$b" ] || [ "$t" -lt "$b" ] && b=$t
    done
    printf '  %-28s %6d ms\n' "$name" "$b"
}

wasm=$out/sqlite.wasm
printf 'module: %s, %d bytes\n' "$wasm" "$(wc -c <"$wasm")"
echo "wasm2wat (binary to text):"
best "wabt wasm2wat" wasm2wat "$wasm" -o "$out/wabt.wat"
best "kiln wasm2wat" "$KILN" wasm2wat "$wasm" -o "$out/kiln.wat"
best "wabt wasm2wat --fold-exprs" wasm2wat --fold-exprs "$wasm" -o "$out/wabt-f.wat"
best "kiln wasm2wat --fold-exprs" "$KILN" wasm2wat --fold-exprs "$wasm" -o "$out/kiln-f.wat"
cmp -s "$out/wabt.wat" "$out/kiln.wat" && echo "  outputs identical ($(wc -c <"$out/kiln.wat") bytes)" ||
    echo "  OUTPUTS DIFFER"
cmp -s "$out/wabt-f.wat" "$out/kiln-f.wat" && echo "  folded outputs identical" ||
    echo "  FOLDED OUTPUTS DIFFER"
echo "wat2wasm (text to binary, of that text):"
best "wabt wat2wasm" wat2wasm "$out/wabt.wat" -o "$out/wabt.wasm"
best "kiln wat2wasm" "$KILN" wat2wasm "$out/wabt.wat" -o "$out/kiln.wasm"
cmp -s "$out/wabt.wasm" "$out/kiln.wasm" && echo "  outputs identical ($(wc -c <"$out/kiln.wasm") bytes)" ||
    echo "  OUTPUTS DIFFER"
