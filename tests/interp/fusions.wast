;; tests/interp/fusions.wast -- the interpreter's fused instructions and
;; accumulator forms (src/interp/translate.c), each on the wasm pattern that
;; produces it; the expected results were checked against wabt's
;; spectest-interp. Run by tests/suites/interp.sh.

(module
  (memory 1)

  ;; accumulator forms: operand a, operand b, both classes
  (func (export "f64_chain") (param f64 f64) (result f64)
    (f64.div (local.get 0)
      (f64.sub (local.get 1) (f64.mul (f64.add (local.get 0) (f64.const 1.5)) (local.get 1)))))
  (func (export "i32_chain") (param i32 i32 i32) (result i32)
    (i32.sub (local.get 0) (i32.shl (i32.mul (local.get 1) (local.get 2)) (i32.const 3))))
  (func (export "f32_chain") (param f32 f32) (result f32)
    (f32.sub (local.get 1) (f32.sqrt (f32.mul (local.get 0) (local.get 0)))))

  ;; a reinterpretation changes the class: the i32.add must not read the
  ;; integer accumulator, which still holds the i32.mul
  (func (export "reinterpret") (param i32) (result i32)
    (i32.add
      (i32.reinterpret_f32
        (f32.add (f32.convert_i32_s (i32.mul (local.get 0) (i32.const 3)))
                 (f32.const 0.5)))
      (i32.const 1)))

  ;; local.tee moves the accumulator's value into the local
  (func (export "tee") (param i32) (result i32) (local i32)
    (i32.mul (local.tee 1 (i32.add (local.get 0) (i32.const 7))) (local.get 1)))

  ;; a load's address from the accumulator, a store's value from it
  (func (export "load_store") (param i32 i32) (result i32)
    (i32.store (i32.const 64) (i32.add (local.get 1) (i32.const 5)))
    (i32.store (i32.mul (local.get 0) (i32.const 4)) (i32.const 1000))
    (i32.add (i32.load (i32.mul (local.get 0) (i32.const 4))) (i32.load (i32.const 64))))

  ;; paired moves, where the second reads what the first wrote
  (func (export "moves") (param i32 i32) (result i32) (local i32 i32)
    local.get 0  local.set 2
    local.get 2  local.set 3
    ;; swap 0 and 1 through 2
    local.get 0  local.set 2
    local.get 1  local.set 0
    local.get 2  local.set 1
    (i32.add (i32.mul (local.get 0) (i32.const 1000))
             (i32.add (i32.mul (local.get 1) (i32.const 10)) (local.get 3))))

  ;; add-and-branch: a counted loop, and a comparison of the sum with
  ;; the addend's own local (the comparison reads the new value)
  (func (export "count") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 2 (i32.add (local.get 2) (local.get 1)))
      (br_if $l (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1)))
                        (local.get 0))))
    (local.get 2))
  (func (export "add_self") (param i32) (result i32)
    (block $b
      (br_if $b (i32.lt_s (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
                          (local.get 0)))
      (return (i32.const 1)))
    (i32.const 2))

  ;; the pairs of numops.h, in both operand orders where they commute
  (func (export "xor_rotl") (param i32 i32) (result i32)
    (i32.rotl (i32.xor (local.get 0) (local.get 1)) (i32.const 7)))
  (func (export "rotl_xor") (param i32 i32) (result i32)
    (i32.xor (local.get 1) (i32.rotl (local.get 0) (i32.const 13))))
  (func (export "sigma") (param i32) (result i32)
    (i32.xor
      (i32.xor (i32.rotl (local.get 0) (i32.const 26)) (i32.rotl (local.get 0) (i32.const 21)))
      (i32.rotl (local.get 0) (i32.const 7))))
  (func (export "shr_and") (param i32) (result i32)
    (i32.store (i32.const 0) (i32.const 0xabcd))
    (i32.add (i32.and (i32.shr_u (local.get 0) (i32.const 4)) (i32.const 15))
             (i32.and (i32.const 0xf0) (i32.shr_u (i32.load (i32.const 0)) (i32.const 8)))))

  (func (export "sum3") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.add (i32.add (local.get 0) (local.get 1)) (i32.const 5))))

  ;; two sums in a row, the second reading the first's local
  (func (export "add2") (param i32 i32) (result i32) (local i32 i32)
    (local.set 2 (i32.add (local.get 0) (i32.const 10)))
    (local.set 3 (i32.add (local.get 2) (local.get 1)))
    (i32.add (i32.mul (local.get 2) (i32.const 1000)) (local.get 3)))

  ;; add-and-load: a pointer stepped and read, the sum kept; then the
  ;; loaded value goes into the same local as the sum
  (func (export "step_load") (param i32) (result i32) (local i32)
    (i32.store8 (i32.const 300) (i32.const 7))
    (i32.store8 (i32.const 301) (i32.const 9))
    (local.set 1 (i32.load8_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))))
    (i32.add (i32.mul (local.get 0) (i32.const 100)) (local.get 1)))
  (func (export "step_v128") (param i32) (result i32)
    (i32x4.extract_lane 0
      (v128.load (local.tee 0 (i32.add (local.get 0) (i32.const 4))))))
  (func (export "step_self") (param i32) (result i32)
    (i32.store8 (i32.const 302) (i32.const 42))
    (local.set 0 (i32.load8_u offset=1 (local.tee 0 (i32.add (local.get 0) (i32.const 1)))))
    (local.get 0))

  ;; updates: c[i] += x in each type, and one that traps before it writes
  (func (export "update") (param i32 f64) (result f64)
    (f64.store (i32.const 128) (f64.const 2.25))
    (f32.store (i32.const 136) (f32.const 1.5))
    (i32.store (i32.const 140) (i32.const 40))
    (f64.store (local.get 0) (f64.add (f64.mul (local.get 1) (local.get 1)) (f64.load (local.get 0))))
    (f32.store (i32.const 136) (f32.mul (f32.const 3) (f32.load (i32.const 136))))
    (i32.store (i32.const 140) (i32.add (i32.const 2) (i32.load (i32.const 140))))
    (f64.add (f64.load (i32.const 128))
      (f64.add (f64.promote_f32 (f32.load (i32.const 136)))
               (f64.convert_i32_s (i32.load (i32.const 140))))))
  (func (export "update_oob") (param i32)
    (i32.store (local.get 0) (i32.add (i32.const 1) (i32.load (local.get 0)))))
  ;; the load and the store at different offsets: no update
  (func (export "update_offset") (param i32) (result i32)
    (i32.store (local.get 0) (i32.const 5))
    (i32.store offset=4 (local.get 0) (i32.const 100))
    (i32.store offset=4 (local.get 0) (i32.add (i32.const 1) (i32.load (local.get 0))))
    (i32.add (i32.mul (i32.load (local.get 0)) (i32.const 1000))
             (i32.load offset=4 (local.get 0))))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
)

(assert_return (invoke "f64_chain" (f64.const 2) (f64.const 4)) (f64.const -0.2))
(assert_return (invoke "i32_chain" (i32.const 100) (i32.const 3) (i32.const 5)) (i32.const -20))
(assert_return (invoke "f32_chain" (f32.const -3) (f32.const 10)) (f32.const 7))
(assert_return (invoke "reinterpret" (i32.const 2)) (i32.const 0x40d00001))
(assert_return (invoke "tee" (i32.const 5)) (i32.const 144))
(assert_return (invoke "load_store" (i32.const 3) (i32.const 10)) (i32.const 1015))
(assert_return (invoke "moves" (i32.const 4) (i32.const 9)) (i32.const 9044))
(assert_return (invoke "count" (i32.const 10)) (i32.const 45))
(assert_return (invoke "add_self" (i32.const 5)) (i32.const 1))
(assert_return (invoke "xor_rotl" (i32.const 0x12345678) (i32.const 0x0f0f0f0f)) (i32.const 0x9dacbb8e))
(assert_return (invoke "rotl_xor" (i32.const 0x12345678) (i32.const 0xff)) (i32.const 0x8acf02b9))
(assert_return (invoke "sigma" (i32.const 0x6a09e667)) (i32.const 0x55b65510))
(assert_return (invoke "shr_and" (i32.const 0x1234)) (i32.const 163))
(assert_return (invoke "sum3" (i32.const 0x7fffffff) (i32.const 3) (i32.const 10)) (i32.const 0x80000011))
(assert_return (invoke "add2" (i32.const 5) (i32.const 7)) (i32.const 15022))
(assert_return (invoke "step_load" (i32.const 300)) (i32.const 30109))
(assert_return (invoke "step_v128" (i32.const 296)) (i32.const 0x0907))
(assert_return (invoke "step_self" (i32.const 300)) (i32.const 42))
(assert_return (invoke "update" (i32.const 128) (f64.const 3)) (f64.const 57.75))
(assert_trap (invoke "update_oob" (i32.const 65534)) "out of bounds memory access")
(assert_return (invoke "update_offset" (i32.const 256)) (i32.const 5006))
(assert_return (invoke "peek" (i32.const 65532)) (i32.const 0))
