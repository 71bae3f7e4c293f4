/*
 * internal.h -- what the JIT's files share: its code object, the runtime
 * functions its machine code calls, and the register conventions.
 *
 * Machine code runs on the store's value stack with the interpreter's frame
 * layout (interp/internal.h), so the tiers call each other with nothing to
 * convert. While it runs:
 *
 *   rbp  the frame (slot 0)          r13  the activation (exec/exec.h)
 *   r14  the instance                r15  the base of its memory 0
 *   rax rcx rdx r11, xmm0 xmm1       scratch, within one operation
 *   rbx r12 rsi rdi r8 r9 r10        slots' homes (rbx, r12 callee-saved)
 *   xmm2 ... xmm15                   slots' homes
 *
 * Each slot of a function has one home for the whole function: a register
 * chosen for the slots used most (weighted by loop depth), or its place in
 * the frame. The register is the value; the frame's copy is written only
 * where other code reads the frame (arguments, results, the interpreter's
 * steps) and reloaded after it. rbp, r13, r14 and r15 are preserved across
 * calls between compiled functions; the callee saves rbx and r12.
 */
#ifndef KN_JIT_INTERNAL_H
#define KN_JIT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../exec/native.h"
#include "jit.h"

/* A compiled function: the interpreter's code it was compiled from (which
 * it owns: the steps it runs point into nothing else), and the machine
 * code, in a mapping of its own (runtime.c). */
typedef struct kj_code {
    kn_code base;            /* base.entry: the machine code */
    kn_code *icode;
    void *mem;
    size_t mem_size;
} kj_code;

/* Compiles `icode` (the interpreter's code of function `func` of `m`);
 * NULL when an operation has no machine code yet or memory runs out (the
 * function then runs in the interpreter). */
kj_code *kj_compile(const kn_module *m, uint32_t func, kn_code *icode);

/* Executable memory, W^X: kj_code_map copies `len` bytes of code into a new
 * read-write mapping, then makes it read-execute before anyone runs it.
 * NULL when the host refuses. */
void *kj_code_map(const uint8_t *code, size_t len, size_t *mapped);
void kj_code_unmap(void *mem, size_t mapped);

/* ---- called from machine code (runtime.c) ---- */

/* The tier-neutral ones (kn_native_trap, kn_native_charge, kn_native_call,
 * kn_native_indirect) are in exec/native.h. */

/* Runs the operations at `ip` up to a STOP in the interpreter (kn_interp_step)
 * on the running function's frame `fp`; traps when they do. */
void kj_step(kn_activation *act, kn_slot *fp, const uint32_t *ip);

/* Enters machine code `entry` of a function of `inst` on frame `fp`
 * (made at run time: runtime.c). */
typedef void (*kj_enter_fn)(kn_activation *act, kn_instance *inst, kn_slot *fp,
                            const void *entry, uint8_t *mbase);
kj_enter_fn kj_enter(void);

/* CPU features the code may use, read once. */
typedef struct kj_cpu {
    bool sse41, popcnt, lzcnt, bmi1;
} kj_cpu;
const kj_cpu *kj_cpu_features(void);

#endif
