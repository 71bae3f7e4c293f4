/*
 * internal.h -- the interpreter's internal code and frame layout, shared by
 * the translator (translate.c) and the dispatch loop (exec.c).
 *
 * The internal code is a register code. Every value a function touches --
 * parameter, local, constant, operand-stack entry -- lives in a 64-bit
 * *slot* of the function's frame, and every slot's index is fixed at
 * translation time, because the height of the wasm operand stack is static
 * at every instruction (spec 3.3). An instruction is one 32-bit word naming
 * the operation followed by 32-bit operand words, most of them slot indices:
 *
 *   i32.add   [op][dst][a][b]        fp[dst] = fp[a] + fp[b]
 *   br_if     [op][cond][target]     target: index into the code array
 *
 * so `local.get`, `local.set` and constants mostly vanish into operands.
 *
 * Frame layout (slot indices from the frame pointer fp):
 *
 *   [0, nparams)                 parameters, then on return the results
 *   [nparams, stack_base)        declared locals (zeroed on entry), then
 *                                the constant pool (copied on entry)
 *   [stack_base, frame_size)     the operand stack, one home slot per entry
 *
 * A call passes its arguments where the caller's operand stack holds them:
 * the callee's frame starts at the caller's first argument slot, so
 * arguments are never copied, and the results come back in the same slots.
 *
 * Slots hold i32/f32 in their low 32 bits (the high bits are not
 * meaningful), i64/f64 in all 64 bits, floats as bit patterns (a NaN's
 * payload survives every move) and references as uintptr_t (0 is null).
 * A v128 takes two consecutive slots (kn_slot_width), moved as one.
 */
#ifndef KN_INTERP_INTERNAL_H
#define KN_INTERP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/opcodes.h"
#include "interp.h"
#include "numops.h"

/*
 * The operations of the internal code: every wasm opcode keeps its number
 * (KN_OP_*) and, where it survives translation, its meaning with operands
 * as slots; the operations only the translator makes follow. Wasm opcodes
 * that translation turns into operands or slot bookkeeping (block, loop,
 * local.get, drop, f32.const, the reinterpretations, ...) never appear.
 *
 * Operand formats (d: destination slot, a/b/c: source slots, T: target
 * code index, imm: immediate word):
 *   numeric unary  d a          numeric binary  d a b
 *   loads          d addr off   stores          addr val off
 *   I32_CONST      d imm        I64_CONST       d lo hi
 *   BR T   BR_IF c T   BR_TABLE a n T0..Tn   UNREACHABLE
 *   CALL f argslot   CALL_INDIRECT typeid table idx argslot
 *   SELECT d a b c (c ? a : b)   REF_IS_NULL d a   REF_FUNC d f
 *   GLOBAL_GET d g (64-bit)      GLOBAL_SET g a (64-bit)
 *   TABLE_GET d t i   TABLE_SET t i v   TABLE_SIZE d t   TABLE_GROW d t v n
 *   TABLE_FILL t i v n   TABLE_COPY td ts d s n   TABLE_INIT t e d s n
 *   ELEM_DROP e   MEMORY_SIZE d   MEMORY_GROW d n   MEMORY_FILL d v n
 *   MEMORY_COPY d s n   MEMORY_INIT seg d s n   DATA_DROP seg
 *   vectors (a v128 operand is its first slot): numeric forms as above,
 *   V128_BITSELECT d a b c   V128_CONST d w0..w3   I8X16_SHUFFLE d a b w0..w3
 *   (w: 16 bytes in 4 words)   EXTRACT_LANE d a lane   REPLACE_LANE d a x lane
 *   LOAD_LANE d addr v off lane   STORE_LANE addr v off lane
 */
/* Lists of operation names with a suffix s pasted on (empty for the
 * plain ones), for the families that come in several forms. */
#define KN_BRCMP32_OPS(X, p, s) \
    X(p##BR_I32_EQ##s) X(p##BR_I32_NE##s) X(p##BR_I32_LT_S##s) X(p##BR_I32_LT_U##s) \
    X(p##BR_I32_GT_S##s) X(p##BR_I32_GT_U##s) X(p##BR_I32_LE_S##s) X(p##BR_I32_LE_U##s) \
    X(p##BR_I32_GE_S##s) X(p##BR_I32_GE_U##s)
#define KN_BRCMP_OPS(X, s) \
    KN_BRCMP32_OPS(X, , s) \
    X(BR_I64_EQ##s) X(BR_I64_NE##s) X(BR_I64_LT_S##s) X(BR_I64_LT_U##s) \
    X(BR_I64_GT_S##s) X(BR_I64_GT_U##s) X(BR_I64_LE_S##s) X(BR_I64_LE_U##s) \
    X(BR_I64_GE_S##s) X(BR_I64_GE_U##s)
#define KN_LOAD_OPS(X, p, s) \
    X(p##I32_LOAD##s) X(p##I64_LOAD##s) X(p##F32_LOAD##s) X(p##F64_LOAD##s) \
    X(p##I32_LOAD8_S##s) X(p##I32_LOAD8_U##s) X(p##I32_LOAD16_S##s) X(p##I32_LOAD16_U##s) \
    X(p##I64_LOAD8_S##s) X(p##I64_LOAD8_U##s) X(p##I64_LOAD16_S##s) X(p##I64_LOAD16_U##s) \
    X(p##I64_LOAD32_S##s) X(p##I64_LOAD32_U##s)
#define KN_STORE_OPS(X, s) \
    X(I32_STORE##s) X(I64_STORE##s) X(F32_STORE##s) X(F64_STORE##s) \
    X(I32_STORE8##s) X(I32_STORE16##s) X(I64_STORE8##s) X(I64_STORE16##s) \
    X(I64_STORE32##s)
#define KN_LOADOP_OPS(X, s) \
    X(I32_ADD_M##s) X(I32_ADD_MX##s) \
    X(F32_ADD_M##s) X(F32_ADD_MX##s) X(F32_SUB_M##s) X(F32_SUB_MX##s) \
    X(F32_MUL_M##s) X(F32_MUL_MX##s) \
    X(F64_ADD_M##s) X(F64_ADD_MX##s) X(F64_SUB_M##s) X(F64_SUB_MX##s) \
    X(F64_MUL_M##s) X(F64_MUL_MX##s)

#define KN_UPDATE_OPS(X, s) \
    X(I32_ADD_U##s) X(F32_ADD_U##s) X(F32_SUB_U##s) X(F32_MUL_U##s) \
    X(F64_ADD_U##s) X(F64_SUB_U##s) X(F64_MUL_U##s)

#define KN_IOPS(X) \
    X(COPY)           /* d a: one slot */ \
    X(COPY128)        /* d a: a v128, two slots */ \
    X(COPY2)          /* d a d2 a2: two COPYs, in order */ \
    X(MOVE)           /* d a n: n contiguous slots from a down to d */ \
    X(I32_ADD2)       /* d a b d2 a2 b2: two i32.adds, in order */ \
    X(LOOP)           /* cost: a loop header (fuel, interrupt) */ \
    X(BR_UNLESS)      /* c T: jump when the i32 in c is zero */ \
    X(RETURN0)        /* */ \
    X(RETURN1)        /* a: fp[0] = fp[a] */ \
    X(RETURNN)        /* a n: n contiguous slots from a to fp[0] */ \
    X(GLOBAL_GET32)   /* d g */ \
    X(GLOBAL_SET32)   /* g a */ \
    X(GLOBAL_GET_REF) /* d g */ \
    X(GLOBAL_SET_REF) /* g a */ \
    X(GLOBAL_GET128)  /* d g: a v128, two slots */ \
    X(GLOBAL_SET128)  /* g a */ \
    /* compare-and-branch, fused from a comparison and br_if/if: a b T */ \
    KN_BRCMP_OPS(X, ) \
    X(BR_I64_EQZ) X(BR_I64_NEZ)   /* a T */ \
    /* loads and stores with an i32.add fused into the address, which is \
     * (a + b) mod 2^32: d a b off and a b val off; in the order of \
     * KN_OP_I32_LOAD ... KN_OP_I64_STORE32 (translate.c relies on it) */ \
    KN_LOAD_OPS(X, , _X) KN_STORE_OPS(X, _X) \
    /* a load from the sum of the i32.add before it, which also writes \
     * the sum (p = p + 1; *p): d sum x y off */ \
    KN_LOAD_OPS(X, ADD_, ) \
    /* binary operations whose second operand is loaded from memory, a \
     * load fused in: d a addr off, and indexed (_MX) d a x y off */ \
    KN_LOADOP_OPS(X, ) \
    /* the same storing its result back where b came from, when that \
     * is where the store after it writes (c[i] += x): a addr off */ \
    KN_UPDATE_OPS(X, ) \
    /* two i32 operations, the second on the first's result (numops.h, \
     * KN_PAIR_OPS): d x y o */ \
    KN_PAIR_OPS(KN_PAIR_NAME, X, ) \
    /* an i32.add whose result is compared by the branch after it (a loop \
     * counter): d x y b T, fp[d] = x + y, then as BR_I32_* with d and b */ \
    KN_BRCMP32_OPS(X, ADD_, ) \
    /* accumulator forms (exec.c): the same operands, but the one named \
     * is taken from the accumulator, which holds the result of the \
     * instruction just before: _A operand a (a load's address, a \
     * branch's condition), _B operand b, _V a store's value */ \
    KN_BRCMP_OPS(X, _A) KN_BRCMP_OPS(X, _B) \
    X(BR_I64_EQZ_A) X(BR_I64_NEZ_A) X(BR_IF_A) X(BR_UNLESS_A) \
    KN_LOAD_OPS(X, , _A) KN_STORE_OPS(X, _V) KN_STORE_OPS(X, _X_V) \
    KN_LOAD_OPS(X, ADD_, _A) KN_LOAD_OPS(X, ADD_, _B) \
    KN_LOADOP_OPS(X, _A) KN_UPDATE_OPS(X, _A) \
    KN_PAIR_OPS(KN_PAIR_NAME, X, _A) KN_PAIR_OPS(KN_PAIR_NAME, X, _B)
#define KN_PAIR_NAME(X, s, id, first, second, expr) X(id##s)

enum {
    KN_IOP_FIRST_ = KN_OP_COUNT - 1,
#define KN_IOP_ENUM(id) KN_IOP_##id,
    KN_IOPS(KN_IOP_ENUM)
#undef KN_IOP_ENUM
    /* and the accumulator forms of the numeric operations (numops.h) */
#define KN_IOP_ENUM_A(id, view, result, expr) KN_IOP_##id##_A,
#define KN_IOP_ENUM_AB(id, view, result, expr) KN_IOP_##id##_A, KN_IOP_##id##_B,
    KN_NUM_UNOPS(KN_IOP_ENUM_A)
    KN_NUM_BINOPS(KN_IOP_ENUM_AB)
#undef KN_IOP_ENUM_A
#undef KN_IOP_ENUM_AB
    KN_IOP_COUNT
};

/* A slot of a frame. */
typedef uint64_t kn_slot;

/* A function's translation, kept in kn_funcinst.code. One allocation. */
typedef struct kn_code {
    uint32_t nparams;      /* slots of the parameters */
    uint32_t ninit;        /* slots from nparams set from init[] on entry:
                              the locals (zeros), then the constant pool */
    uint32_t frame_size;   /* slots: parameters, locals, constants, stack;
                              at least the results' */
    uint32_t cost;         /* fuel charged per call: the body's instructions
                              outside loops (each LOOP charges its own) */
    const kn_slot *init;
    const uint32_t *ops;
} kn_code;

/* Translates `f` (a wasm function of a validated module) and stores the
 * result in f->code. False when out of memory. */
bool kn_translate(kn_funcinst *f);

/* A call frame of the interpreter's own stack: where to resume the caller. */
typedef struct kn_frame {
    const uint32_t *ip;
    kn_slot *fp;
    kn_funcinst *func;
} kn_frame;

/* The interpreter's per-store state (store->interp). */
struct kn_interp_state {
    kn_slot *stack, *stack_end;  /* the value stack: frames live here */
    kn_slot *top;                /* first free slot: where kn_call starts */
    kn_frame *frames;            /* suspended callers, oldest first */
    uint32_t depth, frames_cap;  /* frames in use; allocated */
    uint32_t reentry;            /* nested kn_call activations (C stack) */
};

/* The value stack holds this many slots (8 MiB); it is allocated once per
 * store and touched only as deep as execution goes. */
enum { KN_STACK_SLOTS = 1 << 20 };

/* Nested kn_call activations (host function calling back into wasm) each
 * take C stack; past this depth the call traps as stack exhaustion. */
enum { KN_MAX_REENTRY = 100 };

/* Runs `f` (translated) on the frame at `fp`, whose parameters are set and
 * which has room for f's frame_size slots, to its return; the results are
 * then at fp[0...]. */
kn_trap_code kn_exec(kn_store *s, kn_funcinst *f, kn_slot *fp);

/* Calls a host function with arguments in the slots at `slots`; its results
 * replace them. */
kn_trap_code kn_call_host(kn_store *s, kn_funcinst *f, kn_slot *slots);

static inline uint32_t kn_slot_width(kn_valtype t)
{
    return t == KN_V128 ? 2 : 1;
}

#endif
