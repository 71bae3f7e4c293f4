/*
 * trap.c -- the one exit of a trap raised in wasm, with its backtrace and
 * the unwinding of its activation's frames; and what execution costs.
 */
#include "internal.h"

#include <sched.h>
#include <stdlib.h>

kn_trap_code kn_trap(kn_activation *act, kn_trap_code code, kn_funcinst *fn,
                     const void *pc, uint32_t detail)
{
    kn_store *s = act->store;
    kn_exec_state *st = act->state;
    kn_trap_info *info = &s->trap;
    uint32_t max = sizeof info->frames / sizeof info->frames[0];
    kn_trap_set(s, code, detail);
    info->frames[0] = fn;
    info->nframes = 1;
    for (uint32_t d = st->depth; d > act->entry_depth && info->nframes < max; d--)
        info->frames[info->nframes++] = st->frames[d - 1].func;

    /* Unwinding: the innermost frame first, then each suspended caller,
     * is asked whether its code handles the trap. None does (traps are
     * not catchable; exceptions will be), so the activation ends. */
    bool handled = fn && fn->code && fn->code->tier->handles(fn->code, pc);
    for (uint32_t d = st->depth; !handled && d > act->entry_depth; d--) {
        const kn_frame *fr = &st->frames[d - 1];
        handled = fr->func->code->tier->handles(fr->func->code, fr->pc);
    }
    st->depth = act->entry_depth;
    return code;
}

/* Only raised here, never cleared: an interrupter may have raised it since
 * the store was read. */
void kn_poll_refresh(_Atomic int *poll, const kn_store *s)
{
    if (s->fuel_enabled | atomic_load(&s->interrupt))
        atomic_store(poll, 1);
}

/* Published before the store's interrupt is read, so that an interrupter
 * either is seen here or sees this flag (kn_store_interrupt). */
void kn_poll_begin(kn_activation *act)
{
    kn_store *s = act->store;
    act->outer_poll = atomic_load(&s->poll);
    atomic_init(&act->poll, 0);
    atomic_store(&s->poll, &act->poll);
    kn_poll_refresh(&act->poll, s);
}

void kn_poll_end(kn_activation *act)
{
    kn_store *s = act->store;
    atomic_store(&s->poll, act->outer_poll);
    while (atomic_load(&s->interrupting))   /* a few instructions' wait */
        sched_yield();
    if (act->outer_poll)
        kn_poll_refresh(act->outer_poll, s);
}

kn_trap_code kn_trap_uncompiled(kn_activation *act, kn_trap_code why, kn_funcinst *caller,
                                kn_slot *fp, const void *pc, kn_funcinst *callee)
{
    if (!kn_push_frame(act->state, caller, fp, pc))
        return kn_trap(act, KN_TRAP_STACK_EXHAUSTED, caller, pc, 0);
    return kn_trap(act, why, callee, NULL, 0);
}

kn_trap_code kn_charge(kn_activation *act, uint64_t cost)
{
    kn_store *s = act->store;
    atomic_store(&act->poll, s->fuel_enabled);
    if (atomic_exchange_explicit(&s->interrupt, 0, memory_order_relaxed))
        return KN_TRAP_INTERRUPTED;
    if (s->fuel_enabled) {
        if (s->fuel < cost) {
            s->fuel = 0;
            return KN_TRAP_OUT_OF_FUEL;
        }
        s->fuel -= cost;
    }
    return KN_TRAP_NONE;
}
