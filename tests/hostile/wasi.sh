# A guest that waits in a WASI call, and one that moves huge amounts
# through WASI calls (tests/suites/hostile.sh).
#
# Every call that can block waits beside the store's wake-up pipe, so
# --timeout ends it with the trap "interrupted" as it ends a loop: a poll
# for an hour, a read of an idle pipe, a write to a pipe nobody reads,
# opening a FIFO in a preopen, and sock_accept, sock_recv and sock_send with
# no client, or one that never speaks or reads. Each export of block.wat
# is one of these waits; it traps (unreachable) if its call fails instead.
# An idle pipe is a FIFO held open by the test's shell (exec 3<>), so that
# nothing has to end a writer when kiln is done.

cat >"$tmp/block.wat" <<'EOF'
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "\01")                        ;; 0: the monotonic clock,
  (data (i32.const 24) "\00\a0\b8\30\46\03\00\00")   ;;    for an hour
  (data (i32.const 56) "\01")                        ;; 48: fd_read of fd 0
  (data (i32.const 300) "fifo")
  (data (i32.const 400) "\00\04\00\00\00\00\01\00")  ;; an iovec: 64 KiB at 1024
  (func $ok (param i32) (if (local.get 0) (then unreachable)))
  (func (export "sleep")
    (call $ok (call $poll (i32.const 0) (i32.const 200) (i32.const 1) (i32.const 100))))
  (func (export "poll_stdin")
    (call $ok (call $poll (i32.const 48) (i32.const 200) (i32.const 1) (i32.const 100))))
  (func (export "read_stdin")
    (call $ok (call $read (i32.const 0) (i32.const 400) (i32.const 1) (i32.const 100))))
  (func (export "write_stdout")
    (loop $l
      (call $ok (call $write (i32.const 1) (i32.const 400) (i32.const 1) (i32.const 100)))
      (br $l)))
  (func $open_fifo (param $rights i64) (result i32)
    (call $ok (call $open (i32.const 3) (i32.const 0) (i32.const 300) (i32.const 4)
      (i32.const 0) (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 100)))
    (i32.load (i32.const 100)))
  (func (export "open_read")   ;; fd_read: 2
    (call $ok (call $read (call $open_fifo (i64.const 2)) (i32.const 400) (i32.const 1)
      (i32.const 104))))
  (func (export "open_write")  ;; fd_write: 64
    (call $ok (call $write (call $open_fifo (i64.const 64)) (i32.const 400) (i32.const 1)
      (i32.const 104))))
  (func $accept1 (result i32)
    (call $ok (call $accept (i32.const 3) (i32.const 0) (i32.const 100)))
    (i32.load (i32.const 100)))
  (func (export "accept") (drop (call $accept1)))
  (func (export "recv")
    (call $ok (call $recv (call $accept1) (i32.const 400) (i32.const 1) (i32.const 0)
      (i32.const 104) (i32.const 108))))
  (func (export "send") (local $c i32)
    (local.set $c (call $accept1))
    (loop $l
      (call $ok (call $send (local.get $c) (i32.const 400) (i32.const 1) (i32.const 0)
        (i32.const 104)))
      (br $l))))
EOF
b=$tmp/block.wat
mkfifo "$tmp/idle"
mkdir "$tmp/fifodir"
mkfifo "$tmp/fifodir/fifo"

# wait_case NAME EXPORT OPTIONS REDIRECTIONS: kiln run --timeout 1s OPTIONS
# --invoke EXPORT, with the shell's REDIRECTIONS, ends within 5 s with the
# trap "interrupted".
wait_case() {
    bounded "wasi: --timeout ends $1" 134 "trap: interrupted" "$(mib 64)" 5 \
        sh -c "exec 3<>'$tmp/idle'; exec '$KILN' run --timeout 1s $3 --invoke $2 '$b' $4"
}
wait_case "poll_oneoff on a clock an hour away" sleep "" ""
wait_case "poll_oneoff on an idle stdin" poll_stdin "" "<'$tmp/idle'"
wait_case "fd_read of an idle pipe" read_stdin "" "<'$tmp/idle'"
wait_case "fd_write to a pipe nobody reads" write_stdout "" ">'$tmp/idle'"
wait_case "path_open of a FIFO for writing, no reader" open_write "--dir '$tmp/fifodir'" ""
wait_case "fd_read of a FIFO in a preopen, no writer" open_read "--dir '$tmp/fifodir'" ""
wait_case "sock_accept with no client" accept "--tcplisten 127.0.0.1:0" ""

# sock_recv from a client that never speaks, sock_send to one that never
# reads: node connects (again and again until kiln listens) and idles.
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1",
    () => { console.log(s.address().port); s.close(); })')
for e in recv send; do
    node -e 'const net = require("net");
        const go = () => net.connect(+process.argv[1], "127.0.0.1")
            .on("error", () => setTimeout(go, 20)).on("connect", function () { this.pause(); });
        go();
        setTimeout(() => process.exit(0), 20000);' "$port" &
    client=$!
    wait_case "sock_$e with an idle client" "$e" "--tcplisten 127.0.0.1:$port" ""
    kill "$client" 2>/dev/null
    wait "$client" 2>/dev/null
done

# Fuel: a WASI call that moves bytes costs fuel by the byte, as bulk
# memory does; 256 MiB of random_get in a loop once ran half a minute (and
# touched all 256 MiB) under --fuel 200. Now the first call has too little.
cat >"$tmp/random.wat" <<'EOF'
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory (export "memory") 4097)
  (func (export "_start")
    (loop $l (drop (call $random (i32.const 0) (i32.const 0x10000000))) (br $l))))
EOF
bounded "wasi: random_get of 256 MiB in a loop under --fuel 200" 134 "all fuel consumed" \
    "$(mib 64)" 5 "$KILN" run --fuel 200 "$tmp/random.wat"
