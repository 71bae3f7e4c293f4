/*
 * call.c -- entering and leaving the interpreter: kn_call, host calls, the
 * per-store interpreter state.
 *
 * kn_call places the arguments at the first free slot of the store's value
 * stack (`top`) and runs the function there. A host function that calls
 * back into wasm starts a nested activation above everything in use, so
 * activations nest on the one stack; each nesting costs C stack, which
 * KN_MAX_REENTRY bounds.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static struct kn_interp_state *state(kn_store *s)
{
    if (s->interp)
        return s->interp;
    struct kn_interp_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->stack = malloc(KN_STACK_SLOTS * sizeof *st->stack);
    if (!st->stack) {
        free(st);
        return NULL;
    }
    st->stack_end = st->stack + KN_STACK_SLOTS;
    st->top = st->stack;
    s->interp = st;
    return st;
}

void kn_interp_state_free(struct kn_interp_state *st)
{
    if (!st)
        return;
    free(st->stack);
    free(st->frames);
    free(st);
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

/* Records a trap raised outside the dispatch loop. A host trap keeps the
 * message its function set; any other clears a stale one. */
static kn_trap_code fail(kn_store *s, kn_trap_code code, kn_funcinst *f)
{
    s->trap.code = code;
    if (code != KN_TRAP_HOST)
        s->trap.message[0] = '\0';
    s->trap.frames[0] = f;
    s->trap.nframes = 1;
    return code;
}

/* Arguments and results of a host call pass through kn_value arrays; small
 * ones on the C stack. */
enum { HOST_INLINE_VALUES = 16 };

kn_trap_code kn_call_host(kn_store *s, kn_funcinst *f, kn_slot *slots)
{
    struct kn_interp_state *st = s->interp;
    const kn_functype *ft = f->type;
    uint32_t nargs = slot_count(ft->nparams, ft->params);
    uint32_t nres = slot_count(ft->nresults, ft->results);
    uint32_t n = ft->nparams + ft->nresults;
    kn_value inline_vals[HOST_INLINE_VALUES];
    kn_value *vals = n <= HOST_INLINE_VALUES ? inline_vals : malloc(n * sizeof *vals);
    if (!vals)
        return fail(s, KN_TRAP_OUT_OF_MEMORY, f);
    kn_value *args = vals, *results = vals + ft->nparams;
    from_slots(ft->nparams, ft->params, slots, args);
    memset(results, 0, ft->nresults * sizeof *results);

    /* A nested kn_call starts above the arguments and results. */
    kn_slot *saved_top = st->top;
    st->top = slots + (nargs > nres ? nargs : nres);
    kn_trap_code code = f->host(s, f->host_env, args, results);
    st->top = saved_top;
    if (code == KN_TRAP_NONE)
        to_slots(ft->nresults, ft->results, results, slots);
    if (vals != inline_vals)
        free(vals);
    return code;
}

kn_trap_code kn_call(kn_store *s, kn_funcinst *f, const kn_value *args,
                     kn_value *results)
{
    struct kn_interp_state *st = state(s);
    if (!st)
        return fail(s, KN_TRAP_OUT_OF_MEMORY, f);
    const kn_functype *ft = f->type;
    if (f->host) {
        kn_trap_code code = f->host(s, f->host_env, args, results);
        return code == KN_TRAP_NONE ? code : fail(s, code, f);
    }
    if (st->reentry >= KN_MAX_REENTRY)
        return fail(s, KN_TRAP_STACK_EXHAUSTED, f);
    if (!f->code && !kn_translate(f))
        return fail(s, KN_TRAP_OUT_OF_MEMORY, f);
    const kn_code *code = f->code;
    kn_slot *fp = st->top;
    if (code->frame_size > (size_t)(st->stack_end - fp))
        return fail(s, KN_TRAP_STACK_EXHAUSTED, f);

    /* The frame is not claimed by moving top: a host function the code
     * calls moves it above its own arguments (kn_call_host) and back. */
    to_slots(ft->nparams, ft->params, args, fp);
    st->reentry++;
    kn_trap_code trap = kn_exec(s, f, fp);
    st->reentry--;
    if (trap == KN_TRAP_NONE)
        from_slots(ft->nresults, ft->results, fp, results);
    return trap;
}
