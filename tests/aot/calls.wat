;; tests/aot/calls.wat -- what tests/suites/aot.sh runs compiled ahead of
;; time: direct, recursive and indirect calls, memory, traps with names,
;; fuel, the call depth and memory.grow.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (memory 1)
  (table funcref (elem $add $store))
  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
      (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $store (type $binop) (i32.store (local.get 0) (local.get 1)) (local.get 1))
  ;; stores 1..n to memory through table entry 1, then sums them back
  ;; through entry 0
  (func (export "sum_via_table") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $fill
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (drop (call_indirect (type $binop) (i32.mul (local.get $i) (i32.const 4)) (local.get $i)
                           (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $i) (local.get $n))))
    (loop $sum
      (local.set $s (call_indirect (type $binop) (local.get $s)
                                   (i32.load (i32.mul (local.get $i) (i32.const 4)))
                                   (i32.const 0)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $sum (local.get $i)))
    (local.get $s))
  (func $divide (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
  (func $outer (export "outer") (param i32) (result i32)
    (i32.add (call $divide (local.get 0)) (i32.const 1)))
  (func (export "spin") (loop $l (br $l)))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
)
