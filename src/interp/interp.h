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

/* Appends the internal code of function `func` (defined) of the validated
 * module `m` as text, one operation a line (`kiln inspect --code`); false
 * when out of memory. */
bool kn_interp_dump(const kn_module *m, uint32_t func, kn_buf *out);

#endif
