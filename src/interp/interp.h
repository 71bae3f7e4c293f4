/*
 * interp.h -- executing WebAssembly code.
 *
 * kn_call runs a function instance (wasm or host) to completion. Wasm
 * functions are translated on their first call into the interpreter's
 * internal code (see docs/architecture.md, "The interpreter"). Wasm-to-wasm
 * calls never recurse on the C stack: frames live on the store's own stack,
 * and running past store->limits.max_call_depth ends in the trap
 * KN_TRAP_STACK_EXHAUSTED.
 */
#ifndef KN_INTERP_H
#define KN_INTERP_H

#include "../runtime/runtime.h"

/* Calls `f` with args (f->type->nparams values) and writes its results.
 * Returns KN_TRAP_NONE or the trap; store->trap has the details. A host
 * function may call kn_call again (re-entrancy is allowed). */
kn_trap_code kn_call(kn_store *s, kn_funcinst *f, const kn_value *args,
                     kn_value *results);

/* Frees what kn_call attached to a store or to a function instance. Called
 * by the store when it is deleted. */
void kn_interp_state_free(struct kn_interp_state *state);
void kn_interp_code_free(void *code);

#endif
