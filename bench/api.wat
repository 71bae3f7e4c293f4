;; api.wat -- the module of the call-overhead benchmark (bench/api.sh).
(module
  (import "env" "nop" (func $nop))
  ;; host -> wasm: the cost of calling this is the cost of a call
  (func (export "empty"))
  ;; wasm -> host: n calls of the host's empty function...
  (func (export "call_host") (param $n i32)
    (loop $next
      (call $nop)
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; ...less the same loop without them
  (func (export "loop") (param $n i32)
    (loop $next
      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
