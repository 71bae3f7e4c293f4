/*
 * call.c -- entering and leaving wasm: kn_call, host calls, instantiation
 * with its start function, and each store's execution state.
 *
 * kn_call places the arguments at the first free slot of the store's value
 * stack (`top`) and runs the function there. A host function that calls
 * back into wasm starts a nested activation above everything in use, so
 * activations nest on the one stack; each nesting costs C stack, which
 * KN_MAX_REENTRY bounds.
 */
#define _GNU_SOURCE 1   /* pthread_getattr_np */

#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Room for the store's call depth: frames are pushed without a check of
 * their own (kn_push_frame). Allocated as the limit grows, and touched only
 * as deep as calls go. */
static bool reserve_frames(kn_store *s, kn_exec_state *st)
{
    uint32_t max = s->limits.max_call_depth;
    if (max > st->max_depth) {
        if (st->depth)   /* frames in use: a host function raised the limit */
            max = st->max_depth;
        else {
            kn_frame *frames = realloc(st->frames, (size_t)(max ? max : 1) * sizeof *frames);
            if (!frames)
                return false;
            st->frames = frames;
        }
    }
    st->max_depth = max;
    return true;
}

static void state_free(kn_exec_state *st)
{
    free(st->stack);
    free(st->frames);
    free(st);
}

static kn_exec_state *state(kn_store *s)
{
    if (s->exec)
        return s->exec;
    kn_exec_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->stack = malloc(KN_STACK_SLOTS * sizeof *st->stack);
    if (!st->stack) {
        free(st);
        return NULL;
    }
    st->stack_end = st->stack + KN_STACK_SLOTS;
    st->top = st->stack;
    s->exec = st;
    s->exec_free = state_free;
    return st;
}

/* Values of the given types between the API's kn_value and frame slots. */
static void to_slots(uint32_t n, const kn_valtype *types, const kn_value *vals,
                     kn_slot *slots)
{
    for (uint32_t i = 0; i < n; i++) {
        switch (types[i]) {
        case KN_I32:
        case KN_F32:
            *slots++ = vals[i].i32;
            break;
        case KN_I64:
        case KN_F64:
            *slots++ = vals[i].i64;
            break;
        case KN_V128:
            memcpy(slots, vals[i].v128, 16);
            slots += 2;
            break;
        default:
            *slots++ = (uintptr_t)vals[i].ref;
            break;
        }
    }
}

static void from_slots(uint32_t n, const kn_valtype *types, const kn_slot *slots,
                       kn_value *vals)
{
    for (uint32_t i = 0; i < n; i++) {
        memset(&vals[i], 0, sizeof vals[i]);
        switch (types[i]) {
        case KN_I32:
        case KN_F32:
            vals[i].i32 = (uint32_t)*slots++;
            break;
        case KN_I64:
        case KN_F64:
            vals[i].i64 = *slots++;
            break;
        case KN_V128:
            memcpy(vals[i].v128, slots, 16);
            slots += 2;
            break;
        default:
            vals[i].ref = (void *)(uintptr_t)*slots++;
            break;
        }
    }
}

static uint32_t slot_count(uint32_t n, const kn_valtype *types)
{
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++)
        slots += kn_slot_width(types[i]);
    return slots;
}

/* A trap raised on the way into `f`, before any of its code ran. */
static kn_trap_code fail(kn_store *s, kn_trap_code code, kn_funcinst *f)
{
    kn_trap_set(s, code, 0);
    s->trap.frames[0] = f;
    s->trap.nframes = 1;
    return code;
}

/* Arguments and results of a host call pass through kn_value arrays; small
 * ones on the C stack. */
enum { HOST_INLINE_VALUES = 16 };

kn_trap_code kn_call_host(kn_activation *act, kn_funcinst *f, kn_slot *slots)
{
    kn_store *s = act->store;
    kn_exec_state *st = act->state;
    const kn_functype *ft = f->type;
    uint32_t nargs = slot_count(ft->nparams, ft->params);
    uint32_t nres = slot_count(ft->nresults, ft->results);
    uint32_t n = ft->nparams + ft->nresults;
    kn_value inline_vals[HOST_INLINE_VALUES];
    kn_value *vals = n <= HOST_INLINE_VALUES ? inline_vals : malloc(n * sizeof *vals);
    if (!vals)
        return KN_TRAP_OUT_OF_MEMORY;
    kn_value *args = vals, *results = vals + ft->nparams;
    from_slots(ft->nparams, ft->params, slots, args);
    memset(results, 0, ft->nresults * sizeof *results);

    /* A nested kn_call starts above the arguments and results. A fault
     * while the host function runs is not wasm's (fault.c). */
    kn_slot *saved_top = st->top;
    kn_funcinst *running = act->fn;
    st->top = slots + (nargs > nres ? nargs : nres);
    act->fn = NULL;
    kn_trap_code code = f->host(s, f->host_env, args, results);
    act->fn = running;
    st->top = saved_top;
    kn_poll_refresh(&act->poll, s);
    if (code == KN_TRAP_NONE)
        to_slots(ft->nresults, ft->results, results, slots);
    if (vals != inline_vals)
        free(vals);
    return code;
}

/* Compiled code calls on the C stack; it stops this far above the bottom
 * of the thread's stack, which leaves room for the C functions it calls and
 * for the signal handler. */
enum { STACK_MARGIN = 128 * 1024, STACK_GUESS = 256 * 1024 };

/* The lowest address compiled code may take this thread's C stack to,
 * found once per thread (a fact about the thread, so a thread-local cache:
 * finding it reads /proc for the main thread). */
static const void *stack_limit(void)
{
    static _Thread_local uintptr_t limit;
    if (!limit) {
        uintptr_t low = 0;
#ifdef __linux__
        pthread_attr_t attr;
        void *addr;
        size_t size;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            if (pthread_attr_getstack(&attr, &addr, &size) == 0)
                low = (uintptr_t)addr;
            pthread_attr_destroy(&attr);
        }
#endif
        if (!low)   /* unknown: a modest depth below here */
            low = (uintptr_t)__builtin_frame_address(0) - STACK_GUESS;
        limit = low + STACK_MARGIN;
    }
    return (const void *)limit;
}

/* Runs `f` in activation `act`; a guard-page fault in wasm code
 * (fault.c) siglongjmps back here and becomes the trap. Nothing but `act`,
 * which lives in memory, is used after the jump. */
static kn_trap_code run_guarded(kn_activation *act, const kn_code *code, kn_funcinst *f,
                                kn_slot *fp)
{
    switch (sigsetjmp(act->env, 0)) {
    case 0:
        return code->tier->run(act, f, fp);
    case UNWIND_FAULT:
        return kn_trap(act, KN_TRAP_OOB_MEMORY, act->fn, NULL, 0);
    default:   /* UNWIND_TRAP: kn_trap recorded it */
        return act->store->trap.code;
    }
}

_Noreturn void kn_trap_unwind(kn_activation *act)
{
    siglongjmp(act->env, UNWIND_TRAP);
}

kn_trap_code kn_call(kn_store *s, kn_funcinst *f, const kn_value *args,
                     kn_value *results)
{
    kn_exec_state *st = state(s);
    if (!st)
        return fail(s, KN_TRAP_OUT_OF_MEMORY, f);
    const kn_functype *ft = f->type;
    if (f->host) {
        kn_trap_code code = f->host(s, f->host_env, args, results);
        return code == KN_TRAP_NONE ? code : fail(s, code, f);
    }
    if (st->reentry >= KN_MAX_REENTRY)
        return fail(s, KN_TRAP_STACK_EXHAUSTED, f);
    if (!reserve_frames(s, st))
        return fail(s, KN_TRAP_OUT_OF_MEMORY, f);
    kn_trap_code why;
    const kn_code *code = kn_code_of(s, f, &why);
    if (!code)
        return fail(s, why, f);
    kn_slot *fp = st->top;
    if (code->frame_size > (size_t)(st->stack_end - fp))
        return fail(s, KN_TRAP_STACK_EXHAUSTED, f);

    /* The frame is not claimed by moving top: a host function the code
     * calls moves it above its own arguments (kn_call_host) and back. */
    to_slots(ft->nparams, ft->params, args, fp);
    kn_activation act = {.store = s, .state = st, .fn = f, .entry_depth = st->depth,
                         .stack_limit = stack_limit()};
    if (!kn_fault_enter(&act))
        return kn_trap_host(s, "cannot install the guard-page fault handler");
    st->reentry++;
    kn_poll_begin(&act);
    kn_trap_code trap = run_guarded(&act, code, f, fp);
    kn_poll_end(&act);
    kn_fault_leave(&act);
    st->reentry--;
    if (trap == KN_TRAP_NONE)
        from_slots(ft->nresults, ft->results, fp, results);
    return trap;
}

kn_instance *kn_instantiate(kn_store *s, const kn_module *m,
                            const kn_extern *imports, kn_error *err)
{
    kn_instance *inst = kn_instance_new(s, m, imports, err);
    if (inst && m->has_start) {
        kn_value none;
        kn_trap_code code = kn_call(s, inst->funcs[m->start], &none, &none);
        if (code != KN_TRAP_NONE) {
            kn_trap_to_error(s, code, err);
            return NULL;
        }
    }
    return inst;
}
