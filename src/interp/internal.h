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
 *   br_if     [op][cond][target]     target: relative to the target word
 *
 * so `local.get`, `local.set` and constants mostly vanish into operands.
 *
 * Frame layout (slot indices from the frame pointer fp; the parameters
 * first, as every tier's frames begin, exec/exec.h):
 *
 *   [0, nparams)                 parameters, then on return the results
 *   [nparams, stack_base)        declared locals (zeroed on entry), then
 *                                the constant pool (copied on entry)
 *   [stack_base, frame_size)     the operand stack, one home slot per entry
 *
 * A call passes its arguments where the caller's operand stack holds them:
 * the callee's frame starts at the caller's first argument slot, so
 * arguments are never copied, and the results come back in the same slots.
 * What a slot holds is exec.h's kn_slot.
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
 *   CALL f argslot   CALL_INDIRECT type table idx argslot (type: the
 *   module's type index, checked against the callee's canonical id)
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
/*
 * The translator's own operations, one X(name, format) each. The format
 * spells the operand words, for the code dumper (dump.c) and anything
 * else that walks the code: d a destination slot, s a source slot, i an
 * immediate word (an index, an offset, a count, a lane), T a jump target
 * (relative to its own word), V four words of v128 bytes.
 *
 * Families come in several forms: the lists below paste a prefix p and a
 * suffix s on every name and give all one format f.
 */
#define KN_BRCMP32_OPS(X, p, s, f) \
    X(p##BR_I32_EQ##s, f) X(p##BR_I32_NE##s, f) X(p##BR_I32_LT_S##s, f) \
    X(p##BR_I32_LT_U##s, f) X(p##BR_I32_GT_S##s, f) X(p##BR_I32_GT_U##s, f) \
    X(p##BR_I32_LE_S##s, f) X(p##BR_I32_LE_U##s, f) X(p##BR_I32_GE_S##s, f) \
    X(p##BR_I32_GE_U##s, f)
#define KN_BRCMP_OPS(X, s) \
    KN_BRCMP32_OPS(X, , s, "ssT") \
    X(BR_I64_EQ##s, "ssT") X(BR_I64_NE##s, "ssT") X(BR_I64_LT_S##s, "ssT") \
    X(BR_I64_LT_U##s, "ssT") X(BR_I64_GT_S##s, "ssT") X(BR_I64_GT_U##s, "ssT") \
    X(BR_I64_LE_S##s, "ssT") X(BR_I64_LE_U##s, "ssT") X(BR_I64_GE_S##s, "ssT") \
    X(BR_I64_GE_U##s, "ssT")
#define KN_LOAD_OPS(X, p, s, f) \
    X(p##I32_LOAD##s, f) X(p##I64_LOAD##s, f) X(p##F32_LOAD##s, f) X(p##F64_LOAD##s, f) \
    X(p##I32_LOAD8_S##s, f) X(p##I32_LOAD8_U##s, f) X(p##I32_LOAD16_S##s, f) \
    X(p##I32_LOAD16_U##s, f) X(p##I64_LOAD8_S##s, f) X(p##I64_LOAD8_U##s, f) \
    X(p##I64_LOAD16_S##s, f) X(p##I64_LOAD16_U##s, f) X(p##I64_LOAD32_S##s, f) \
    X(p##I64_LOAD32_U##s, f)
#define KN_STORE_OPS(X, s, f) \
    X(I32_STORE##s, f) X(I64_STORE##s, f) X(F32_STORE##s, f) X(F64_STORE##s, f) \
    X(I32_STORE8##s, f) X(I32_STORE16##s, f) X(I64_STORE8##s, f) X(I64_STORE16##s, f) \
    X(I64_STORE32##s, f)
#define KN_LOADOP_OPS(X, s) \
    X(I32_ADD_M##s, "dssi") X(I32_ADD_MX##s, "dsssi") \
    X(F32_ADD_M##s, "dssi") X(F32_ADD_MX##s, "dsssi") \
    X(F32_SUB_M##s, "dssi") X(F32_SUB_MX##s, "dsssi") \
    X(F32_MUL_M##s, "dssi") X(F32_MUL_MX##s, "dsssi") \
    X(F64_ADD_M##s, "dssi") X(F64_ADD_MX##s, "dsssi") \
    X(F64_SUB_M##s, "dssi") X(F64_SUB_MX##s, "dsssi") \
    X(F64_MUL_M##s, "dssi") X(F64_MUL_MX##s, "dsssi")
#define KN_UPDATE_OPS(X, s) \
    X(I32_ADD_U##s, "ssi") X(F32_ADD_U##s, "ssi") X(F32_SUB_U##s, "ssi") \
    X(F32_MUL_U##s, "ssi") X(F64_ADD_U##s, "ssi") X(F64_SUB_U##s, "ssi") \
    X(F64_MUL_U##s, "ssi")

#define KN_IOPS(X) \
    X(COPY, "ds")            /* d a: one slot */ \
    X(COPY128, "ds")         /* d a: a v128, two slots */ \
    X(COPY2, "dsds")         /* d a d2 a2: two COPYs, in order */ \
    X(MOVE, "dsi")           /* d a n: n contiguous slots from a down to d */ \
    X(I32_ADD2, "dssdss")    /* d a b d2 a2 b2: two i32.adds, in order */ \
    X(LOOP, "i")             /* cost: a loop header (fuel, interrupt) */ \
    X(BR_UNLESS, "sT")       /* c T: jump when the i32 in c is zero */ \
    X(RETURN0, "")           /* */ \
    X(RETURN1, "s")          /* a: fp[0] = fp[a] */ \
    X(RETURNN, "si")         /* a n: n contiguous slots from a to fp[0] */ \
    X(STOP, "")              /* ends kn_interp_step; never in a function */ \
    X(GLOBAL_GET32, "di")    /* d g */ \
    X(GLOBAL_SET32, "is")    /* g a */ \
    X(GLOBAL_GET_REF, "di")  /* d g */ \
    X(GLOBAL_SET_REF, "is")  /* g a */ \
    X(GLOBAL_GET128, "di")   /* d g: a v128, two slots */ \
    X(GLOBAL_SET128, "is")   /* g a */ \
    /* compare-and-branch, fused from a comparison and br_if/if: a b T */ \
    KN_BRCMP_OPS(X, ) \
    X(BR_I64_EQZ, "sT") X(BR_I64_NEZ, "sT")   /* a T */ \
    /* loads and stores with an i32.add fused into the address, which is \
     * (a + b) mod 2^32: d a b off and a b val off; in the order of \
     * KN_OP_I32_LOAD ... KN_OP_I64_STORE32 (translate.c relies on it) */ \
    KN_LOAD_OPS(X, , _X, "dssi") KN_STORE_OPS(X, _X, "sssi") \
    /* a load from the sum of the i32.add before it, which also writes \
     * the sum (p = p + 1; *p): d sum x y off */ \
    KN_LOAD_OPS(X, ADD_, , "ddssi") \
    /* binary operations whose second operand is loaded from memory, a \
     * load fused in: d a addr off, and indexed (_MX) d a x y off */ \
    KN_LOADOP_OPS(X, ) \
    /* the same storing its result back where b came from, when that \
     * is where the store after it writes (c[i] += x): a addr off */ \
    KN_UPDATE_OPS(X, ) \
    /* two i32 operations, the second on the first's result (numops.h, \
     * KN_PAIR_OPS): d x y o */ \
    KN_PAIR_OPS(KN_PAIR_NAME, X, , "dsss") \
    /* an i32.add whose result is compared by the branch after it (a loop \
     * counter): d x y b T, fp[d] = x + y, then as BR_I32_* with d and b */ \
    KN_BRCMP32_OPS(X, ADD_, , "dsssT") \
    /* accumulator forms (exec.c): the same operands, but the one named \
     * is taken from the accumulator, which holds the result of the \
     * instruction just before: _A operand a (a load's address, a \
     * branch's condition), _B operand b, _V a store's value */ \
    KN_BRCMP_OPS(X, _A) KN_BRCMP_OPS(X, _B) \
    X(BR_I64_EQZ_A, "sT") X(BR_I64_NEZ_A, "sT") X(BR_IF_A, "sT") X(BR_UNLESS_A, "sT") \
    KN_LOAD_OPS(X, , _A, "dsi") KN_STORE_OPS(X, _V, "ssi") KN_STORE_OPS(X, _X_V, "sssi") \
    KN_LOAD_OPS(X, ADD_, _A, "ddssi") KN_LOAD_OPS(X, ADD_, _B, "ddssi") \
    KN_LOADOP_OPS(X, _A) KN_UPDATE_OPS(X, _A) \
    KN_PAIR_OPS(KN_PAIR_NAME, X, _A, "dsss") KN_PAIR_OPS(KN_PAIR_NAME, X, _B, "dsss")
#define KN_PAIR_NAME(X, s, f, id, first, second, expr) X(id##s, f)

enum {
    KN_IOP_FIRST_ = KN_OP_COUNT - 1,
#define KN_IOP_ENUM(id, format) KN_IOP_##id,
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

/* The name of operation `op` (a wasm instruction's text name, or the
 * translator's own in capitals: "COPY2", "I32_ADD_A") and its operand
 * format (the letters of KN_IOPS); NULL, NULL past the last. */
const char *kn_iop_name(uint32_t op);
const char *kn_iop_format(uint32_t op);

/* An operation's format and what walking the code needs of it: its words
 * (the operation's own and its operands', br_table's table not counted)
 * and whether an operand is a jump target (a T). */
typedef struct kn_iop_shape {
    const char *format;
    uint8_t words;
    bool jumps;
} kn_iop_shape;

/* The operation that accumulator form `op` is a form of, or `op` itself.
 * An accumulator form takes an operand from a register of the
 * interpreter's loop, but every producer also writes its slot, so the
 * compiled tiers read the slot and compile each form as its base. */
uint32_t kn_iop_base(uint32_t op);

/* The shapes of all KN_IOP_COUNT operations, made from the formats once:
 * the code is walked several times per function (the JIT, the AOT
 * emitter, the checker), which then read a table, not a string. */
const kn_iop_shape *kn_iop_shapes(void);

/* The words of the operation at pc of `ops` (len words) by its shape,
 * br_table's table included; 0 when the word there is no operation or the
 * operation runs past the end. */
static inline uint32_t kn_iop_length(const kn_iop_shape *shapes, const uint32_t *ops,
                                     uint32_t len, uint32_t pc)
{
    uint32_t op = ops[pc];
    if (op >= KN_IOP_COUNT)
        return 0;
    uint64_t n = shapes[op].words;
    if (op == KN_OP_BR_TABLE)   /* n, then n + 1 targets */
        n += pc + 2 < len ? (uint64_t)ops[pc + 2] + 2 : len;
    return pc + n <= len ? (uint32_t)n : 0;
}

/* A function's translation: the tier-neutral header (nparams, frame_size:
 * parameters, locals, constants, stack, at least the results'; cost: the
 * body's instructions outside loops, each LOOP charging its own), then
 * what the dispatch loop needs. One allocation. */
typedef struct kn_icode {
    kn_code base;
    uint32_t ninit;        /* slots from nparams set from init[] on entry:
                              the locals (zeros), then the constant pool */
    uint32_t pool;         /* the first slot of the constant pool, whose
                              slots up to nparams + ninit no code writes */
    uint32_t len;          /* words of ops */
    const kn_slot *init;
    const uint32_t *ops;
} kn_icode;

/* Whether the code walks by the operations' formats: every word belongs to
 * an operation, every jump lands on one. Builds with KN_CHECK_CODE (the
 * sanitizer build) check every translation with it; the JIT and the code
 * dumper read the code by the same formats. */
bool kn_icode_check(const kn_icode *c);

/* Translates function `func` (defined) of the validated module `m`; NULL
 * when out of memory. The kn_tier's compile. */
kn_code *kn_translate(const kn_module *m, uint32_t func);

/* Runs `f`, translated, on the frame at `fp` (kn_tier's run). */
kn_trap_code kn_interp_run(kn_activation *act, kn_funcinst *f, kn_slot *fp);

#endif
