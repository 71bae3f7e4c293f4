/*
 * native.h -- the runtime functions native code calls (native.c): compiled
 * code of the JIT (jit/) and of the ahead-of-time compiler (aot/), which
 * run on the store's value stack with exec.h's frames.
 */
#ifndef KN_EXEC_NATIVE_H
#define KN_EXEC_NATIVE_H

#include "exec.h"

/* A trap raised in compiled code: records it (kn_trap, in act->fn) and
 * unwinds the activation; never returns. */
_Noreturn void kn_native_trap(kn_activation *act, uint32_t code, uint32_t detail);

/* Charges `cost` units of fuel, or takes an interrupt (kn_charge); traps
 * when it must. */
void kn_native_charge(kn_activation *act, uint64_t cost);

/* Calls `callee` with its frame at `nfp`, from the running function, whose
 * frame is `fp` and which resumes at `pc`: any function of any tier, a
 * host function, one of another instance. Traps when the call does. */
void kn_native_call(kn_activation *act, kn_funcinst *callee, kn_slot *fp, kn_slot *nfp,
                    const void *pc);

/* call_indirect's checks (spec 4.4.8.8): the function at `index` of table
 * `table` of `inst`, if its type is the module's type `type`; traps
 * otherwise. */
kn_funcinst *kn_native_indirect(kn_activation *act, kn_instance *inst, uint32_t table,
                                uint32_t type, uint32_t index);

#endif
