;; tests/interp/branches.wast -- branches carrying more than two values
;; (src/interp/translate.c, MAX_BRANCH_COPIES): their values are made real
;; first and moved as one block (MOVE), and a br_table's targets share one
;; trampoline per label; each on the values' way in and out, taken or not.
;; The expected results were checked against wabt's spectest-interp. Run by
;; tests/suites/interp.sh.

(module
  (func $three (result i32 i32 i32) (i32.const 1) (i32.const 2) (i32.const 3))

  ;; br_if with a value below its three: taken, they move down a slot; not
  ;; taken, they stay where they are, real
  (func (export "br_if_shifted") (param i32) (result i32 i32 i32)
    (block (result i32 i32 i32)
      (i32.const 10)
      (local.get 0) (i32.const 20) (i32.add (local.get 0) (i32.const 1))
      (br_if 0 (local.get 0))
      (i32.add)))

  ;; the values showed local 0, which is set after a br_if not taken
  (func (export "br_if_then_set") (param i32) (result i32 i32 i32)
    (block (result i32 i32 i32)
      (local.get 0) (local.get 0) (local.get 0)
      (br_if 0 (i32.eqz (local.get 0)))
      (local.set 0 (i32.const 77))
      (drop) (local.get 0)))

  ;; to the function's label: a return
  (func (export "br_if_return") (param i32) (result i32 i32 i32)
    (i32.const 5)
    (i32.const 1) (local.get 0) (i32.const 3)
    (br_if 0 (local.get 0))
    (i32.add))

  ;; v128 values take two slots each
  (func (export "br_if_v128") (param i32) (result i32)
    (local v128 i32 v128)
    (block (result v128 i32 v128)
      (i32.const 9)
      (v128.const i32x4 1 2 3 4) (local.get 0) (v128.const i32x4 5 6 7 8)
      (br_if 0 (local.get 0))
      (local.set 1) (local.set 2) (local.set 3) (drop)
      (local.get 1) (local.get 2) (local.get 3))
    (local.set 3) (local.set 2) (local.set 1)
    (i32.add (i32.add (i32x4.extract_lane 0 (local.get 1))
                      (i32x4.extract_lane 3 (local.get 1)))
             (i32.add (i32.mul (local.get 2) (i32.const 100))
                      (i32.mul (i32x4.extract_lane 2 (local.get 3)) (i32.const 10000)))))

  ;; to a loop: its three parameters, computed above a value of the body
  (func (export "loop_params") (param i32) (result i32)
    (local $s i32) (local $c i32) (local $n i32)
    (i32.const 0) (i32.const 0) (local.get 0)
    (loop $l (param i32 i32 i32) (result i32 i32 i32)
      (local.set $n) (local.set $c) (local.set $s)
      (i32.const 42)
      (i32.add (local.get $s) (local.get $n))
      (i32.add (local.get $c) (i32.const 1))
      (i32.sub (local.get $n) (i32.const 1))
      (br_if $l (i32.gt_s (local.get $n) (i32.const 1)))
      (local.set $n) (local.set $c) (local.set $s) (drop)
      (local.get $s) (local.get $c) (local.get $n))
    (local.set $n) (local.set $c) (local.set $s)
    (i32.add (i32.mul (local.get $s) (i32.const 1000))
             (i32.add (i32.mul (local.get $c) (i32.const 10)) (local.get $n))))

  ;; br of computed values, one slot down
  (func (export "br_real") (result i32 i32 i32)
    (block (result i32 i32 i32)
      (i32.const 9)
      (call $three)
      (br 0)))

  ;; br_table to three labels at two homes, each named twice: $b0 and $b1
  ;; take the values where they are, $b2 one slot down
  (func (export "br_table_shared") (param i32) (result i32 i32 i32)
    (local $x i32) (local $y i32) (local $z i32)
    (block $b2 (result i32 i32 i32)
      (i32.const 7)
      (block $b1 (result i32 i32 i32)
        (block $b0 (result i32 i32 i32)
          (i32.const 100) (local.get 0) (i32.const 300)
          (br_table $b0 $b1 $b2 $b1 $b0 $b2 (local.get 0)))
        (i32.add (i32.const 1000)))
      (local.set $z) (local.set $y) (local.set $x) (drop)
      (local.get $x) (local.get $y) (i32.add (local.get $z) (i32.const 20000))))
)

(assert_return (invoke "br_if_shifted" (i32.const 0)) (i32.const 10) (i32.const 0) (i32.const 21))
(assert_return (invoke "br_if_shifted" (i32.const 5)) (i32.const 5) (i32.const 20) (i32.const 6))
(assert_return (invoke "br_if_then_set" (i32.const 0)) (i32.const 0) (i32.const 0) (i32.const 0))
(assert_return (invoke "br_if_then_set" (i32.const 3)) (i32.const 3) (i32.const 3) (i32.const 77))
(assert_return (invoke "br_if_return" (i32.const 0)) (i32.const 5) (i32.const 1) (i32.const 3))
(assert_return (invoke "br_if_return" (i32.const 4)) (i32.const 1) (i32.const 4) (i32.const 3))
(assert_return (invoke "br_if_v128" (i32.const 0)) (i32.const 30013))
(assert_return (invoke "br_if_v128" (i32.const 2)) (i32.const 70205))
(assert_return (invoke "loop_params" (i32.const 10)) (i32.const 55100))
(assert_return (invoke "loop_params" (i32.const 1)) (i32.const 1010))
(assert_return (invoke "br_real") (i32.const 1) (i32.const 2) (i32.const 3))
(assert_return (invoke "br_table_shared" (i32.const 0)) (i32.const 100) (i32.const 0) (i32.const 21300))
(assert_return (invoke "br_table_shared" (i32.const 1)) (i32.const 100) (i32.const 1) (i32.const 20300))
(assert_return (invoke "br_table_shared" (i32.const 2)) (i32.const 100) (i32.const 2) (i32.const 300))
(assert_return (invoke "br_table_shared" (i32.const 3)) (i32.const 100) (i32.const 3) (i32.const 20300))
(assert_return (invoke "br_table_shared" (i32.const 4)) (i32.const 100) (i32.const 4) (i32.const 21300))
(assert_return (invoke "br_table_shared" (i32.const 5)) (i32.const 100) (i32.const 5) (i32.const 300))
(assert_return (invoke "br_table_shared" (i32.const 99)) (i32.const 100) (i32.const 99) (i32.const 300))
