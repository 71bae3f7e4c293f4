/*
 * native.c -- what compiled code of any tier calls for what it does not do
 * inline: raising a trap, charging fuel, calls that leave its own code,
 * and call_indirect's checks. The JIT's machine code (jit/) and the
 * ahead-of-time compiler's C (aot/) both call these, so every tier that
 * runs native code on the value stack keeps exec.h's frame protocol the
 * same way.
 */
#include "native.h"

_Noreturn void kn_native_trap(kn_activation *act, uint32_t code, uint32_t detail)
{
    kn_trap(act, (kn_trap_code)code, act->fn, NULL, detail);
    kn_trap_unwind(act);
}

void kn_native_charge(kn_activation *act, uint64_t cost)
{
    kn_trap_code trap = kn_charge(act, cost);
    if (trap != KN_TRAP_NONE)
        kn_native_trap(act, trap, 0);
}

void kn_native_call(kn_activation *act, kn_funcinst *callee, kn_slot *fp, kn_slot *nfp,
                    const void *pc)
{
    kn_store *s = act->store;
    kn_exec_state *st = act->state;
    kn_trap_code trap;
    if (callee->host) {
        if (kn_charge_needed(act))
            kn_native_charge(act, 1);
        if ((trap = kn_call_host(act, callee, nfp)) != KN_TRAP_NONE)
            kn_native_trap(act, trap, 0);
        return;
    }
    const kn_code *code = kn_code_of(s, callee, &trap);
    if (!code) {
        kn_trap_uncompiled(act, trap, act->fn, fp, pc, callee);
        kn_trap_unwind(act);
    }
    kn_funcinst *caller = act->fn;
    if (!kn_push_frame(st, caller, fp, pc))
        kn_native_trap(act, KN_TRAP_STACK_EXHAUSTED, 0);
    act->fn = callee;
    /* The callee's room is its own to lack, as in every tier's entry (the
     * interpreter's calls, the compiled prologues): the trap names it. */
    if (code->frame_size > (size_t)(st->stack_end - nfp))
        kn_native_trap(act, KN_TRAP_STACK_EXHAUSTED, 0);
    trap = code->tier->run(act, callee, nfp);
    if (trap != KN_TRAP_NONE)   /* recorded, and the frames dropped */
        kn_trap_unwind(act);
    st->depth--;
    act->fn = caller;
}

kn_funcinst *kn_native_indirect(kn_activation *act, kn_instance *inst, uint32_t table,
                                uint32_t type, uint32_t index)
{
    const kn_tableinst *tab = inst->tables[table];
    if (index >= tab->size)
        kn_native_trap(act, KN_TRAP_UNDEFINED_ELEMENT, 0);
    kn_funcinst *f = tab->elems[index];
    if (!f)
        kn_native_trap(act, KN_TRAP_UNINITIALIZED_ELEMENT, index);
    if (f->type_id != inst->type_ids[type])
        kn_native_trap(act, KN_TRAP_INDIRECT_CALL_MISMATCH, 0);
    return f;
}
