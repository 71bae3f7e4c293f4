;; A trap three calls deep, for the CLI's backtrace.
(module
  (func $inner (param i32) (result i32)
    (i32.div_s (i32.const 1) (local.get 0)))
  (func $middle (param i32) (result i32)
    (call $inner (local.get 0)))
  (func (export "outer") (param i32) (result i32)
    (call $middle (local.get 0)))
  (func $recurse (export "recurse") (result i32)
    (i32.add (call $recurse) (i32.const 1))))
