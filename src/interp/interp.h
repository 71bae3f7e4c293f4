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

#include "../exec/exec.h"

extern const kn_tier kn_interp_tier;

#endif
