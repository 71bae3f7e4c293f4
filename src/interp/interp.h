/*
 * interp.h -- the interpreter: a tier (exec/exec.h) that translates each
 * function, on its first call, into a register code and runs it in one
 * dispatch loop (see docs/architecture.md, "The interpreter").
 *
 * Wasm-to-wasm calls never recurse on the C stack: every frame of one
 * activation runs in one C call of the loop, and running past
 * store->limits.max_call_depth ends in the trap KN_TRAP_STACK_EXHAUSTED.
 */
#ifndef KN_INTERP_H
#define KN_INTERP_H

#include "../base/buf.h"
#include "../exec/exec.h"

extern const kn_tier kn_interp_tier;

/* Executes the operations at `ip` up to a STOP operation in the frame `fp`
 * of wasm function `f`, whose code is the interpreter's: how a compiler
 * runs an operation it does not compile itself (SIMD, bulk memory, tables)
 * with the interpreter's own semantics. The operations must not branch,
 * call or return. A trap is recorded (kn_trap) and returned. */
kn_trap_code kn_interp_step(kn_activation *act, kn_funcinst *f, kn_slot *fp,
                            const uint32_t *ip);

/* The internal code of `code` (the interpreter's), for a compiler that
 * compiles it further: the words, their number, and the frame's initial
 * slots from nparams on (locals, then constants from slot `*pool` on). */
const uint32_t *kn_interp_ops(const kn_code *code, uint32_t *len, const kn_slot **init,
                              uint32_t *ninit, uint32_t *pool);

/* Appends the internal code of function `func` (defined) of the validated
 * module `m` as text, one operation a line (`kiln inspect --code`); false
 * when out of memory. */
bool kn_interp_dump(const kn_module *m, uint32_t func, kn_buf *out);

#endif
