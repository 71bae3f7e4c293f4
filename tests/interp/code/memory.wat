;; tests/interp/code/memory.wat -- patterns of the translator's fusions and
;; forms that tests/interp/fusions.wast does not run, pinned by their code
;; (memory.code) through tests/suites/interp.sh. Each function is named for
;; what its code should show.
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (global $d (mut f64) (f64.const 0))
  (table 2 funcref)
  (type $t (func (param i32) (result i32)))

  ;; an i32.add folded into the address of a load and of a store: _X
  (func $indexed_load (param i32 i32) (result i32)
    (i32.load offset=8 (i32.add (local.get 0) (local.get 1))))
  (func $indexed_store (param i32 i32 i32)
    (i32.store16 offset=4 (i32.add (local.get 0) (local.get 1)) (local.get 2)))

  ;; a load folded into the arithmetic that uses it: _M, indexed _MX
  (func $load_op (param i32 f64) (result f64)
    (f64.mul (local.get 1) (f64.load (local.get 0))))
  (func $load_op_indexed (param i32 i32 f32) (result f32)
    (f32.sub (local.get 2) (f32.load (i32.add (local.get 0) (local.get 1)))))

  ;; comparisons fused into the branch that tests them, and their negations
  (func $cmp_branch (param i64 i32) (result i32)
    (block $b
      (br_if $b (i64.eqz (local.get 0)))
      (br_if $b (i32.eqz (local.get 1)))
      (if (i32.ge_u (local.get 1) (i32.const 10)) (then (return (i32.const 2)))))
    (i32.const 1))

  ;; br_table, select, globals, call_indirect
  (func $dispatch (param i32) (result i32)
    (block $c (block $b (block $a
      (br_table $a $b $c (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 20)))
    (i32.const 30))
  (func $choose (param i32 i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (local.get 2)))
  (func $globals (param f64) (result i32)
    (global.set $d (f64.add (global.get $d) (local.get 0)))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g))
  (func $indirect (param i32) (result i32)
    (call_indirect (type $t) (local.get 0) (i32.const 1))))
