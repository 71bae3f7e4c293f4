#!/bin/sh
# tests/suites/wasi_sandbox.sh -- the WASI capability sandbox under attack,
# and the parts of WASI whose details are easy to get wrong (fd_readdir's
# cookies and truncation, wasi_unstable's layouts).
#
# Builds tests/wasi/sandbox/*.c with clang --target=wasm32-wasi into
# $BUILD/tests/wasi/sandbox/, makes a real tree with real symbolic links
# (below), runs each program under `kiln run --dir` and adds up the
# "name: N passed, M failed" lines they print. After the attacks the host
# checks that nothing outside the preopened directory changed.
#
#   $tmp/outside/        secret.txt "SECRET", dir/, link -> secret.txt
#   $tmp/root/           the preopen: file.txt "inside", sub/inner.txt,
#                        sub/deeper/, and links inside and out (see below)
BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
out=$BUILD/tests/wasi/sandbox
mkdir -p "$out"
tmp=$(mktemp -d)
swapper=
cleanup() {
    [ -n "$swapper" ] && kill "$swapper" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
. tests/lib.sh

# Fewer rounds and files under the sanitizers, which are slower.
rounds=20000 nfiles=5000
if [ "${KILN_SAN:-0}" = 1 ]; then
    rounds=3000 nfiles=1000
    echo "sanitizer build: race rounds $rounds, directory of $nfiles files"
fi

for src in tests/wasi/sandbox/*.c; do
    name=$(basename "$src" .c)
    if [ ! "$out/$name.wasm" -nt "$src" ] || [ ! "$out/$name.wasm" -nt tests/wasi/check.h ]; then
        clang --target=wasm32-wasi -O2 -Wall -Werror -Wno-unused-function -o "$out/$name.wasm" "$src" ||
            fail "$name: does not build"
    fi
done

# run NAME ARGS...: runs $out/NAME.wasm with `kiln run ARGS` and counts the
# checks it reports; a crash or a missing result line is a failure.
run() {
    name=$1
    shift
    "$KILN" run "$@" >"$tmp/log" 2>&1
    status=$?
    cat "$tmp/log"
    if ! add_result "$tmp/log" "$name: "; then
        fail "$name printed no result (exit $status)"
        return
    fi
    [ "$f" -eq 0 ] && [ "$status" -ne 0 ] && fail "$name: exit status $status"
}

# --- the tree -------------------------------------------------------------
mkdir -p "$tmp/root/sub/deeper" "$tmp/outside/dir"
printf 'inside\n' >"$tmp/root/file.txt"
printf 'inner\n' >"$tmp/root/sub/inner.txt"
printf 'SECRET\n' >"$tmp/outside/secret.txt"
ln -s secret.txt "$tmp/outside/link"
(
    cd "$tmp/root" || exit 1
    ln -s file.txt link_in                       # inside: fine
    ln -s sub/inner.txt link_sub_in
    ln -s sub/../file.txt link_dotdot_in
    ln -s sub link_subdir
    ln -s .. sub/link_up_ok
    ln -s "$tmp/outside/secret.txt" link_abs     # out: absolute
    ln -s ../outside/secret.txt link_rel_out     # out: relative
    ln -s link_chain2 link_chain1                # out: chained
    ln -s link_rel_out link_chain2
    ln -s ../outside link_dir_out                # out: a directory mid-path
    ln -s "$tmp/outside" link_dir_abs
    ln -s ../.. sub/link_up
    ln -s sub/../../outside/secret.txt link_dotdot_out
    ln -s ../outside/created.txt dangling_out    # creating through it
    ln -s loop2 loop1
    ln -s loop1 loop2
    ln -s nonexistent dangling
)
snapshot() { (cd "$tmp/outside" && find . -exec ls -ld {} + | awk '{print $1, $5, $NF}' | sort && cat secret.txt); }
snapshot >"$tmp/before"

run sandbox_escape --dir "$tmp/root" "$out/sandbox_escape.wasm"
snapshot >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then
    ok
else
    fail "outside/ changed during the attacks:"
    diff "$tmp/before" "$tmp/after"
fi

# --- the race: names swapped by a host process during resolution ----------
mkdir -p "$tmp/race/root/swap" "$tmp/race/outside"
printf 'inside\n' >"$tmp/race/root/swap/target.txt"
printf 'inside\n' >"$tmp/race/root/file_src"
printf 'SECRET\n' >"$tmp/race/outside/target.txt"
printf 'SECRET\n' >"$tmp/race/outside/secret.txt"
cp "$tmp/race/root/file_src" "$tmp/race/root/swapf"
perl -e '
    chdir $ARGV[0] or die;
    for (;;) {
        rename "swap", "swap_d";
        symlink "../outside", "swap";
        unlink "swap";
        rename "swap_d", "swap";
        symlink "../outside/secret.txt", "tmp_l";
        rename "tmp_l", "swapf";
        link "file_src", "tmp_f";
        rename "tmp_f", "swapf";
    }' "$tmp/race/root" &
swapper=$!
run sandbox_race --dir "$tmp/race/root" "$out/sandbox_race.wasm" "$rounds"
kill "$swapper" 2>/dev/null
wait "$swapper" 2>/dev/null
swapper=

# --- fd_readdir over a large directory -------------------------------------
mkdir -p "$tmp/dirs/big"
(cd "$tmp/dirs/big" && seq -f 'f%05g' 1 "$nfiles" | xargs touch)
run readdir_cookies --dir "$tmp/dirs" "$out/readdir_cookies.wasm" "$nfiles"

# --- wasi_unstable's layouts -----------------------------------------------
run unstable_layouts --dir "$tmp/root" "$out/unstable_layouts.wasm"
grep -q '^unstable hello$' "$tmp/log" && ok ||
    fail "unstable_layouts: no 'unstable hello' on stdout"

total
