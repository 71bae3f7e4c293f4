(module (func
f64.const 0x1ffffffffffffffffffffffffffffffffffffffffp+900 drop))