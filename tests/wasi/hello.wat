;; hello.wat -- the classic first WASI program in the text format, written
;; against the oldest module name, wasi_unstable: write one string to stdout
;; (descriptor 1) with fd_write and return from _start.
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param $fd i32) (param $iovs i32) (param $iovs_len i32)
                    (param $nwritten i32) (result i32)))
  (memory (export "memory") 1)
  ;; One iovec at address 0: { buf = 16, len = 13 }, then the text.
  (data (i32.const 0) "\10\00\00\00\0d\00\00\00")
  (data (i32.const 16) "hello, world\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
