/*
 * exec.h -- executing WebAssembly, whatever runs it: the code a function
 * runs, calls into wasm and out to the host, the frames every tier pushes,
 * traps, and what execution costs.
 *
 * Layering: runtime/ (stores, instances and their objects) lies below;
 * above lie the tiers (interp/: the interpreter; jit/: machine code; aot/:
 * code compiled ahead of time by the C compiler), each a kn_tier that
 * compiles a module's function into a kn_code and runs it. Everything that
 * calls wasm -- the APIs, the CLI, the spec runner, WASI -- calls kn_call
 * and kn_instantiate here, never a tier.
 *
 * Code belongs to the module (code.c): a function is compiled once, on its
 * first call in any store, by the tier of that store's engine, and every
 * instance of the module in every store and thread shares it. Code holds
 * nothing of an instance or a store: what it needs of them (functions,
 * globals, memory, canonical type ids) it reads through the instance at
 * run time.
 *
 * The frame protocol. All wasm frames of a store live on its value stack
 * (kn_exec_state.stack): a frame is its function's slots -- parameters,
 * locals, the rest its tier's -- and a call passes its arguments in place,
 * the callee's frame starting at the caller's first argument slot, its
 * results coming back in the same slots. A call pushes a kn_frame for the
 * caller (function, frame, where it resumes) on the store's frame stack;
 * a return pops it. The trap recorder walks that stack for backtraces and
 * the unwinder to find a handler, whichever tier pushed the frames.
 *
 * An activation is one entry from the host into wasm (kn_call): it notes
 * the frame depth it started at and a sigsetjmp buffer. A trap unwinds the
 * frames of its activation, never further: a host function that called
 * wasm sees the trap as kn_call's result.
 */
#ifndef KN_EXEC_H
#define KN_EXEC_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "../runtime/runtime.h"

/* A slot of a frame: i32/f32 in its low 32 bits (the high bits are not
 * meaningful), i64/f64 in all 64, floats as bit patterns (a NaN's payload
 * survives every move), references as uintptr_t (0 is null); a v128 takes
 * two consecutive slots. */
typedef uint64_t kn_slot;

static inline uint32_t kn_slot_width(kn_valtype t)
{
    return t == KN_V128 ? 2 : 1;
}

/* ---- code ---- */

/* A function's compiled code. A tier embeds this header first in its own
 * code object; the module owns it (code.c) and frees it with its tier. */
struct kn_code {
    const struct kn_tier *tier;
    const void *entry;     /* machine code's entry, for a tier that makes
                              it; NULL for the interpreter's */
    uint32_t nparams;      /* slots of the parameters */
    uint32_t frame_size;   /* slots of the whole frame; at least the results' */
    uint32_t cost;         /* fuel charged per call (see kn_charge) */
    size_t size;           /* bytes the object holds, all it owns included
                              (machine code as mapped): what counts against
                              the code limits (code.c) */
    struct kn_code_account *account;   /* whose limit it counts against:
                                          set by code.c, NULL for code
                                          made outside it */
};

typedef struct kn_activation kn_activation;

/* A way of compiling and running code. */
typedef struct kn_tier {
    const char *name;
    unsigned id;           /* small and distinct per tier: the index of its
                              code in a module's table (code.c) */
    /* Compiles function `func` (defined, not imported) of the validated
     * module `m`; NULL when out of memory. */
    kn_code *(*compile)(const kn_module *m, uint32_t func);
    void (*free)(kn_code *code);
    /* Runs `f`, whose code is this tier's, on the frame at `fp` (its
     * parameters set, room for frame_size slots) to its return; the
     * results are then at fp[0...]. A trap is recorded (kn_trap) and
     * returned. */
    kn_trap_code (*run)(kn_activation *act, kn_funcinst *f, kn_slot *fp);
    /* Unwinding: whether `code` handles the unwinding of a frame stopped at
     * `pc` (a position in it). No tier handles one yet; exception handling
     * will. */
    bool (*handles)(const kn_code *code, const void *pc);
} kn_tier;

/*
 * What code may cost (code.c checks both when a function is compiled, for
 * every tier, and refuses with KN_TRAP_CODE_LIMIT):
 *
 *   - one function's code, kn_code.size, is at most KN_CODE_PER_BODY_BYTE
 *     bytes per byte of its body, KN_CODE_PER_LOCAL per declared local,
 *     plus KN_CODE_PER_FUNC: linear in what the module file spends on it.
 *     Measured over every function of the spec suite, SQLite, flite and
 *     the benchmark programs (docs/architecture.md, "Limits and faults"):
 *     the interpreter's code is 3.4 bytes per body byte, at most 36 on
 *     adversarial bodies; the JIT's (which includes the interpreter's) 10
 *     to 24 per program, 31 for one function, 226 on a body of calls
 *     under 21 register homes; a local takes up to 16 bytes of the
 *     interpreter's code and 22 more of the JIT's; a small function's
 *     machine code fills a 4 KiB page. Each term of the bound is at least
 *     twice the worst of these (real code uses at most a quarter of it),
 *     so only a translation that stopped being linear meets it;
 *   - all code counted against the engine's account (engine.h) stays
 *     within its limit.
 */
enum {
    KN_CODE_PER_BODY_BYTE = 512,
    KN_CODE_PER_LOCAL = 128,
    KN_CODE_PER_FUNC = 16384
};

/* Finds the code of `f` (a wasm function) in its module, compiling it with
 * the store's tier if no instance ran it before, and caches it in `f`.
 * NULL with *why set when it cannot: KN_TRAP_OUT_OF_MEMORY, or
 * KN_TRAP_CODE_LIMIT when the code would pass a limit above. */
const kn_code *kn_code_find(kn_store *s, kn_funcinst *f, kn_trap_code *why);

static inline const kn_code *kn_code_of(kn_store *s, kn_funcinst *f, kn_trap_code *why)
{
    return f->code ? f->code : kn_code_find(s, f, why);
}

/* How many times `tier` compiled a function of module `m` (two threads
 * compiling one function at the same moment count twice): for tests that
 * code is shared, and for `kiln inspect`. */
uint32_t kn_code_compiled(const kn_module *m, const kn_tier *tier);

/* ---- frames and activations ---- */

/* A suspended caller: where its code resumes (a position of its tier),
 * its frame, and the function. */
typedef struct kn_frame {
    const void *pc;
    kn_slot *fp;
    kn_funcinst *func;
} kn_frame;

/* A store's execution state: its value stack, on which frames live, and
 * the stack of suspended callers. Created on the store's first call. */
typedef struct kn_exec_state {
    kn_slot *stack, *stack_end;  /* the value stack */
    kn_slot *top;                /* first free slot: where kn_call starts */
    kn_frame *frames;            /* suspended callers, oldest first, room for
                                    max_depth of them */
    uint32_t depth;              /* frames in use */
    uint32_t max_depth;          /* store->limits.max_call_depth, as of the
                                    latest kn_call */
    uint32_t reentry;            /* nested activations (each takes C stack) */
} kn_exec_state;

/* The value stack holds this many slots (8 MiB); it is allocated once per
 * store and touched only as deep as execution goes. */
enum { KN_STACK_SLOTS = 1 << 20 };

/* Nested kn_call activations (a host function calling back into wasm) each
 * take C stack; past this depth the call traps as stack exhaustion. */
enum { KN_MAX_REENTRY = 100 };

/* One entry from the host into wasm (kn_call). `fn` is volatile because it
 * is read after a siglongjmp into the function that called sigsetjmp. */
struct kn_activation {
    sigjmp_buf env;              /* a guard-page fault siglongjmps here */
    kn_store *store;
    kn_exec_state *state;
    kn_funcinst *volatile fn;    /* the wasm function running; NULL while a
                                    host function runs (fault.c) */
    uint32_t entry_depth;        /* the frame depth it started at */
    const void *stack_limit;     /* compiled code, which calls on the C
                                    stack, traps "call stack exhausted"
                                    rather than go below it */
    kn_activation *prev;         /* the enclosing activation of this thread */
    /* Nonzero when the code must charge at its next loop header or call:
     * fuel is on, or an interrupt may be pending (kn_poll_begin). Compiled
     * code tests this one word instead of the store's two. Cleared only by
     * kn_native_charge, before it looks at the store. */
    _Atomic int poll;
    _Atomic int *outer_poll;     /* the store's poll before this activation */
};

/* Pushes the frame of the caller `fn` at `fp`, resuming at `pc`, before a
 * call: false when the callee would exceed the call depth (the call then
 * traps "call stack exhausted"). */
static inline bool kn_push_frame(kn_exec_state *st, kn_funcinst *fn, kn_slot *fp,
                                 const void *pc)
{
    if (st->depth + 1 >= st->max_depth)
        return false;
    st->frames[st->depth++] = (kn_frame){pc, fp, fn};
    return true;
}

/* ---- traps ---- */

/* The one exit of a trap raised in wasm: records `code` in store->trap
 * (kn_trap_set: `detail` is the table index of an uninitialized element)
 * with the backtrace -- `fn`, stopped at `pc` (a position in its code, or
 * NULL when unknown), then the suspended callers of this activation,
 * innermost first -- then unwinds: asks each frame's code whether it
 * handles the trap (none does yet) and drops this activation's frames.
 * Returns code. */
kn_trap_code kn_trap(kn_activation *act, kn_trap_code code, kn_funcinst *fn,
                     const void *pc, uint32_t detail);

/* The trap of a call from `caller` (its frame `fp`, stopped at `pc`) to
 * `callee`, whose code kn_code_of could not make (`why`): the caller's
 * frame is pushed and `callee` is the innermost frame of the backtrace,
 * so the trap names the function kiln refused to compile, as a call from
 * the host does. Returns why (or KN_TRAP_STACK_EXHAUSTED when the caller's
 * frame does not fit). */
kn_trap_code kn_trap_uncompiled(kn_activation *act, kn_trap_code why, kn_funcinst *caller,
                                kn_slot *fp, const void *pc, kn_funcinst *callee);

/* Leaves the activation after kn_trap recorded a trap, from any depth of C
 * frames within it: a tier whose code does not return trap codes (machine
 * code) ends that way; kn_call then returns the trap. */
_Noreturn void kn_trap_unwind(kn_activation *act);

/* ---- costs ---- */

/* Fuel and interrupts: execution charges about one unit of fuel per wasm
 * instruction, at loop headers, back edges and calls (the costs the
 * translator counts per loop body and per function body), and bulk
 * operations one more unit per 2^KN_BULK_FUEL_SHIFT bytes they move; host
 * functions that move guest-sized data charge the same way. The test at
 * each point, in every tier, is kn_charge_needed: one load of the
 * activation's poll word and one predictable branch; kn_charge then takes
 * the fuel or the interrupt. */
static inline uint64_t kn_bulk_cost(uint64_t bytes)
{
    return bytes >> KN_BULK_FUEL_SHIFT;   /* runtime.h */
}

static inline bool kn_charge_needed(kn_activation *act)
{
    return __builtin_expect(atomic_load_explicit(&act->poll, memory_order_relaxed) != 0, 0);
}

/* Takes `cost` units of fuel from act's store, or takes an interrupt
 * (clearing it): KN_TRAP_NONE, KN_TRAP_OUT_OF_FUEL or KN_TRAP_INTERRUPTED.
 * The poll word is cleared first, before the store is read, so that an
 * interrupt from then on raises it again (kn_store_interrupt). */
kn_trap_code kn_charge(kn_activation *act, uint64_t cost);

/* The poll flag of activation `act` (kn_activation.poll): kn_poll_begin
 * makes it the store's running one and raises it if fuel is on or an
 * interrupt pending; kn_poll_end gives the store back the enclosing one
 * (raised if needed), after any interrupter that may still write this one
 * has finished. kn_poll_refresh raises it when fuel is on or an interrupt
 * pending: after host code, which may have turned fuel on. */
void kn_poll_begin(kn_activation *act);
void kn_poll_end(kn_activation *act);
void kn_poll_refresh(_Atomic int *poll, const kn_store *s);

/* ---- calls ---- */

/* Calls `f` with args (f->type->nparams values) and writes its results.
 * Returns KN_TRAP_NONE or the trap; store->trap has the details. A host
 * function may call kn_call again (re-entrancy is allowed). */
kn_trap_code kn_call(kn_store *s, kn_funcinst *f, const kn_value *args,
                     kn_value *results);

/* Calls host function `f` from wasm with its arguments in the slots at
 * `slots`; its results replace them. */
kn_trap_code kn_call_host(kn_activation *act, kn_funcinst *f, kn_slot *slots);

/* kn_instance_new (runtime.h), then the start function (spec 4.5.4). */
kn_instance *kn_instantiate(kn_store *s, const kn_module *m,
                            const kn_extern *imports, kn_error *err);

#endif
