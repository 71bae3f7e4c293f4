/*
 * ops.c -- machine code for the numeric and memory operations, with the
 * interpreter's semantics bit for bit (interp/numops.h, numeric.h): the
 * same IEEE operations (SSE computes exactly what C's float arithmetic
 * compiles to), the same NaN choices, the same traps.
 *
 * Integers: an i32 in a register is the low half, and every 32-bit
 * operation zero-extends its result; what the high half of an i32 slot in
 * the frame holds is not meaningful (interp/internal.h), so an address is
 * zero-extended where it is used, and nothing else reads the high half.
 */
#include <stddef.h>
#include <string.h>

#include "../runtime/guard.h"
#include "gen.h"

/* A register holding integer slot s that is not `avoid` (which the caller
 * is about to overwrite): s's home, or `scratch` loaded. */
static int iget_apart(gen *g, int w, uint32_t s, int scratch, int avoid)
{
    int h = gpr_home(g, s);
    if (h >= 0 && h != avoid)
        return h;
    iload(g, w, scratch, s);
    return scratch;
}

/* ---- integers ---- */

enum { MUL = -1 };

/* d = a op b, op an ALU operation or MUL. */
static void int_binop(gen *g, int w, int op, bool commutative, uint32_t d, uint32_t a,
                      uint32_t b)
{
    x64_asm *as = &g->a;
    int r = idst(g, d, SA);
    if (commutative && gpr_home(g, b) == r && gpr_home(g, a) != r) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    isrc src = isrc_of(g, w, b, SC);
    if (src.kind == SRC_REG && src.reg == r && gpr_home(g, a) != r) {
        x64_mov_rr(as, 8, SC, r);
        src.reg = SC;
    }
    if (op == MUL && src.kind == SRC_IMM) {
        int ra = iget(g, w, a, r);
        x64_imul_rri(as, w, r, ra, src.imm);
        iput(g, w, d, r);
        return;
    }
    if (op == MUL && src.kind == SRC_MEM) {
        x64_load(as, w, SC, src.mem);
        src = (isrc){SRC_REG, SC, 0, {0}};
    }
    iload(g, w, r, a);
    if (op == MUL)
        x64_imul_rr(as, w, r, src.reg);
    else if (src.kind == SRC_IMM)
        x64_alu_ri(as, (x64_alu)op, w, r, src.imm);
    else if (src.kind == SRC_MEM)
        x64_alu_rm(as, (x64_alu)op, w, r, src.mem);
    else
        x64_alu_rr(as, (x64_alu)op, w, r, src.reg);
    iput(g, w, d, r);
}

/* d = a shifted or rotated by b (taken modulo the width, as x86 does). */
static void int_shift(gen *g, int w, x64_shift op, uint32_t d, uint32_t a, uint32_t b)
{
    int r = idst(g, d, SA);
    if (is_const(g, b)) {
        iload(g, w, r, a);
        x64_shift_ri(&g->a, op, w, r, (uint8_t)(const_of(g, b) & (uint64_t)(w * 8 - 1)));
    } else {
        iload(g, w, SC, b);
        iload(g, w, r, a);
        x64_shift_cl(&g->a, op, w, r);
    }
    iput(g, w, d, r);
}

/* Division and remainder (spec 4.3.2): a zero divisor traps, so does the
 * signed quotient MIN / -1; the signed remainder MIN % -1 is 0, which x86
 * would trap on. */
static void int_div(gen *g, int w, bool is_signed, bool rem, uint32_t d, uint32_t a,
                    uint32_t b)
{
    x64_asm *as = &g->a;
    iload(g, w, SC, b);
    iload(g, w, SA, a);
    x64_test_rr(as, w, SC, SC);
    jump_trap(g, X64_E, KN_TRAP_DIV_BY_ZERO);
    x64_label go = x64_label_new(), done = x64_label_new();
    if (is_signed) {
        x64_alu_ri(as, X64_CMP, w, SC, -1);
        x64_jcc(as, X64_NE, &go);
        if (rem) {
            x64_alu_rr(as, X64_XOR, 4, SD, SD);
            x64_jmp(as, &done);
        } else {   /* MIN / -1 overflows: MIN - 1 sets the overflow flag */
            x64_mov_rr(as, w, SD, SA);
            x64_alu_ri(as, X64_SUB, w, SD, 1);
            jump_trap(g, X64_O, KN_TRAP_INT_OVERFLOW);
        }
        x64_bind(as, &go);
        x64_sign_extend_rax(as, w);
    } else {
        x64_alu_rr(as, X64_XOR, 4, SD, SD);
    }
    x64_div(as, w, is_signed, SC);
    x64_bind(as, &done);
    iput(g, w, d, rem ? SD : SA);
}

/* d = (a cc b): 1 or 0. */
static void int_compare(gen *g, int w, x64_cc cc, uint32_t d, uint32_t a, uint32_t b)
{
    x64_asm *as = &g->a;
    int ra = iget(g, w, a, SA);
    isrc src = isrc_of(g, w, b, SC);
    if (src.kind == SRC_IMM)
        x64_alu_ri(as, X64_CMP, w, ra, src.imm);
    else if (src.kind == SRC_MEM)
        x64_alu_rm(as, X64_CMP, w, ra, src.mem);
    else
        x64_alu_rr(as, X64_CMP, w, ra, src.reg);
    x64_setcc(as, cc, SD);
    x64_movzx_rr(as, SD, SD, 1);
    iput(g, 4, d, SD);
}

/* clz, ctz, popcnt: the instructions of their own (kn_jit_available
 * requires them), which give the width for 0 as the spec does. */
static void int_count(gen *g, int w, int op, uint32_t d, uint32_t a)
{
    int ra = iget(g, w, a, SC);
    int r = idst(g, d, SA);
    x64_bitcount(&g->a, op, w, r, ra);
    iput(g, w, d, r);
}

/* Sign or zero extension from `from` bytes into width w. */
static void int_extend(gen *g, int w, bool is_signed, int from, uint32_t d, uint32_t a)
{
    int ra = iget(g, 8, a, SC);
    int r = idst(g, d, SA);
    if (is_signed)
        x64_movsx_rr(&g->a, w, r, ra, from);
    else
        x64_mov_rr(&g->a, 4, r, ra);   /* from 4: a 32-bit move clears the rest */
    iput(g, w, d, r);
}

/* ---- floats ---- */

/* d = a op b, an SSE scalar operation: b straight from the frame when it
 * is there. */
static void float_binop(gen *g, bool dbl, x64_sse op, uint32_t d, uint32_t a, uint32_t b)
{
    x64_asm *as = &g->a;
    int x = fdst(g, d, XA);
    bool b_in_frame = xmm_home(g, b) < 0 && gpr_home(g, b) < 0 && !is_const(g, b);
    int xb = b_in_frame ? -1 : fget(g, dbl, b, XB);
    if (xb == x && xmm_home(g, a) != x) {
        x64_movs_xx(as, dbl, XB, xb);
        xb = XB;
    }
    int xa = fget(g, dbl, a, x);
    if (xa != x)
        x64_movs_xx(as, dbl, x, xa);
    if (b_in_frame)
        x64_sse_xm(as, op, dbl, x, slot_mem(b));
    else
        x64_sse_xx(as, op, dbl, x, xb);
    fput(g, dbl, d, x);
}

/* fmin and fmax of spec 4.3.3, as numeric.h: NaN if either is (their sum,
 * which keeps the first NaN's payload, quieted), -0 below +0 (for equal
 * operands the bits or'd for min, and'ed for max), else the smaller or
 * larger, which is exactly what minss/maxss give for ordered unequal
 * operands. */
static void float_minmax(gen *g, bool dbl, bool max, uint32_t d, uint32_t a, uint32_t b)
{
    x64_asm *as = &g->a;
    int x = fdst(g, d, XA);
    int xb = fget(g, dbl, b, XB);
    if (xb == x && xmm_home(g, a) != x) {
        x64_movs_xx(as, dbl, XB, xb);
        xb = XB;
    }
    int xa = fget(g, dbl, a, x);
    if (xa != x)
        x64_movs_xx(as, dbl, x, xa);
    x64_label nan = x64_label_new(), unequal = x64_label_new(), done = x64_label_new();
    x64_ucomis(as, dbl, x, xb);
    x64_jcc(as, X64_P, &nan);
    x64_jcc(as, X64_NE, &unequal);
    x64_sse_xx(as, max ? X64_ANDP : X64_ORP, dbl, x, xb);
    x64_jmp(as, &done);
    x64_bind(as, &unequal);
    x64_sse_xx(as, max ? X64_MAXS : X64_MINS, dbl, x, xb);
    x64_jmp(as, &done);
    x64_bind(as, &nan);
    x64_sse_xx(as, X64_ADDS, dbl, x, xb);
    x64_bind(as, &done);
    fput(g, dbl, d, x);
}

/* abs, neg, copysign touch only the sign bit, NaN or not: done on the
 * bits in general registers. */
static void float_sign(gen *g, bool dbl, uint32_t op, uint32_t d, uint32_t a, uint32_t b)
{
    x64_asm *as = &g->a;
    int w = dbl ? 8 : 4;
    uint64_t sign = dbl ? 0x8000000000000000u : 0x80000000u;
    iload(g, w, SA, a);
    x64_mov_ri(as, w, SD, sign);
    if (op == KN_OP_F32_NEG || op == KN_OP_F64_NEG) {
        x64_alu_rr(as, X64_XOR, w, SA, SD);
    } else {
        x64_mov_ri(as, w, SC, ~sign & (dbl ? UINT64_MAX : UINT32_MAX));
        x64_alu_rr(as, X64_AND, w, SA, SC);
        if (op == KN_OP_F32_COPYSIGN || op == KN_OP_F64_COPYSIGN) {
            iload(g, w, SC, b);
            x64_alu_rr(as, X64_AND, w, SC, SD);
            x64_alu_rr(as, X64_OR, w, SA, SC);
        }
    }
    iput(g, w, d, SA);
}

/* sqrt, and rounding to integral values (SSE4.1 round: 1 floor, 2 ceil,
 * 3 trunc, 0 nearest even; +8 keeps the inexact flag quiet). A NaN comes
 * back quiet with its payload, as the interpreter's a + a gives it. */
static void float_unop(gen *g, bool dbl, int mode, uint32_t d, uint32_t a)
{
    int x = fdst(g, d, XA);
    int xa = fget(g, dbl, a, XB);
    if (mode < 0)
        x64_sse_xx(&g->a, X64_SQRT, dbl, x, xa);
    else
        x64_rounds(&g->a, dbl, x, xa, (uint8_t)(mode | 8));
    fput(g, dbl, d, x);
}

/* d = (a cc b) for floats: false whenever either is NaN. ucomis sets
 * ZF, PF and CF all for unordered: `above` and `above or equal` of a
 * against b are false then, so lt and le compare b with a. */
static void float_compare(gen *g, bool dbl, uint32_t op, uint32_t d, uint32_t a, uint32_t b)
{
    x64_asm *as = &g->a;
    uint32_t rel = op - (dbl ? KN_OP_F64_EQ : KN_OP_F32_EQ);   /* eq ne lt gt le ge */
    bool swap = rel == 2 || rel == 4;
    int xa = fget(g, dbl, swap ? b : a, XA);
    int xb = fget(g, dbl, swap ? a : b, XB);
    x64_ucomis(as, dbl, xa, xb);
    if (rel == 0) {        /* equal and ordered */
        x64_setcc(as, X64_E, SD);
        x64_setcc(as, X64_NP, SC);
        x64_alu_rr(as, X64_AND, 4, SD, SC);
    } else if (rel == 1) { /* unequal or unordered */
        x64_setcc(as, X64_NE, SD);
        x64_setcc(as, X64_P, SC);
        x64_alu_rr(as, X64_OR, 4, SD, SC);
    } else {
        x64_setcc(as, rel == 2 || rel == 3 ? X64_A : X64_AE, SD);
    }
    x64_movzx_rr(as, SD, SD, 1);
    iput(g, 4, d, SD);
}
_Static_assert(KN_OP_F32_GE - KN_OP_F32_EQ == 5 && KN_OP_F64_GE - KN_OP_F64_EQ == 5,
               "float comparisons: eq ne lt gt le ge");

/* Integer to float: signed directly; an unsigned i32 as the signed i64 it
 * fits; an unsigned i64 at or above 2^63 halved with its lowest bit kept
 * (so rounding stays right), converted and doubled -- what C compiles the
 * interpreter's casts to. */
static void float_convert(gen *g, bool dbl, int w, bool is_signed, uint32_t d, uint32_t a)
{
    x64_asm *as = &g->a;
    int x = fdst(g, d, XA);
    iload(g, w, SA, a);   /* before x is cleared: it may be a's home too */
    x64_sse_xx(as, X64_XORP, false, x, x);   /* no false dependency on x's old value */
    if (is_signed || w == 4) {
        x64_cvtsi2s(as, dbl, is_signed ? w : 8, x, SA);   /* a u32 fits an i64 */
    } else {
        x64_label big = x64_label_new(), done = x64_label_new();
        x64_test_rr(as, 8, SA, SA);
        x64_jcc(as, X64_S, &big);
        x64_cvtsi2s(as, dbl, 8, x, SA);
        x64_jmp(as, &done);
        x64_bind(as, &big);
        x64_mov_rr(as, 8, SC, SA);
        x64_shift_ri(as, X64_SHR, 8, SC, 1);
        x64_alu_ri(as, X64_AND, 4, SA, 1);
        x64_alu_rr(as, X64_OR, 8, SC, SA);
        x64_cvtsi2s(as, dbl, 8, x, SC);
        x64_sse_xx(as, X64_ADDS, dbl, x, x);
        x64_bind(as, &done);
    }
    fput(g, dbl, d, x);
}

/* A double constant in xmm register x. */
static void double_const(gen *g, int x, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    x64_mov_ri(&g->a, 8, SR, bits);
    x64_movd_xr(&g->a, 8, x, SR);
}

/*
 * Float to integer, trapping (numeric.h's kn_trunc_*): the value as a
 * double (exact for every f32), NaN "invalid conversion to integer", out
 * of the range lo < x < hi (or lo <= x for i64's exact -2^63) "integer
 * overflow", else cvtt. An unsigned i64 at or above 2^63 is converted
 * less 2^63, then has its top bit set.
 */
static void float_trunc(gen *g, bool from_dbl, int w, bool is_signed, uint32_t d, uint32_t a)
{
    x64_asm *as = &g->a;
    int xa = fget(g, from_dbl, a, XA);
    if (!from_dbl) {
        x64_cvts2s(as, true, XA, xa);
        xa = XA;
    }
    x64_ucomis(as, true, xa, xa);
    jump_trap(g, X64_P, KN_TRAP_INVALID_CONVERSION);
    double lo = is_signed ? (w == 4 ? -2147483649.0 : -9223372036854775808.0) : -1.0;
    double hi = is_signed ? (w == 4 ? 2147483648.0 : 9223372036854775808.0)
                          : (w == 4 ? 4294967296.0 : 18446744073709551616.0);
    double_const(g, XB, lo);
    x64_ucomis(as, true, xa, XB);   /* x against lo */
    jump_trap(g, is_signed && w == 8 ? X64_B : X64_BE, KN_TRAP_INT_OVERFLOW);
    double_const(g, XB, hi);
    x64_ucomis(as, true, XB, xa);   /* hi against x */
    jump_trap(g, X64_BE, KN_TRAP_INT_OVERFLOW);
    int r = idst(g, d, SA);
    if (is_signed || w == 4) {
        x64_cvtts2si(as, true, is_signed ? w : 8, r, xa);
    } else {
        x64_label big = x64_label_new(), done = x64_label_new();
        double_const(g, XB, 9223372036854775808.0);
        x64_ucomis(as, true, xa, XB);
        x64_jcc(as, X64_AE, &big);
        x64_cvtts2si(as, true, 8, r, xa);
        x64_jmp(as, &done);
        x64_bind(as, &big);
        if (xa != XA)
            x64_movs_xx(as, true, XA, xa);
        x64_sse_xx(as, X64_SUBS, true, XA, XB);
        x64_cvtts2si(as, true, 8, r, XA);
        x64_mov_ri(as, 8, SC, 0x8000000000000000u);
        x64_alu_rr(as, X64_XOR, 8, r, SC);
        x64_bind(as, &done);
    }
    iput(g, w, d, r);
}

/* ---- memory ---- */

/* Bounds: with guard pages an access outside the memory faults (guard.h);
 * without, ea + width is compared with the memory's size. `SA` holds the
 * zero-extended index, the displacement is the offset when it fits. */
static x64_mem access(gen *g, uint32_t offset, int width)
{
    x64_asm *as = &g->a;
    int32_t disp = (int32_t)offset;
    if (offset > INT32_MAX - 16) {   /* so that disp + width fits too */
        x64_mov_ri(as, 4, SC, offset);
        x64_alu_rr(as, X64_ADD, 8, SA, SC);
        disp = 0;
    }
#if !KN_GUARD_PAGES
    x64_lea(as, 8, SC, x64_at(SA, disp + width));
    x64_load(as, 8, SD, x64_at(X64_R14, offsetof(kn_instance, memories)));
    x64_load(as, 8, SD, x64_at(SD, 0));
    x64_alu_rm(as, X64_CMP, 8, SC, x64_at(SD, offsetof(kn_meminst, size)));
    jump_trap(g, X64_A, KN_TRAP_OOB_MEMORY);
#else
    (void)width;
#endif
    return (x64_mem){X64_R15, X64_RAX, 1, disp};
}

x64_mem mem_at(gen *g, uint32_t addr, uint32_t addr2, uint32_t offset, int width)
{
    x64_asm *as = &g->a;
    int ra = iget(g, 4, addr, SA);
    if (addr2 == NO_SLOT) {
        x64_mov_rr(as, 4, SA, ra);   /* zero-extends */
    } else {
        isrc b = isrc_of(g, 4, addr2, SC);
        if (b.kind == SRC_MEM) {
            x64_load(as, 4, SC, b.mem);
            b = (isrc){SRC_REG, SC, 0, {0}};
        }
        if (b.kind == SRC_IMM)
            x64_lea(as, 4, SA, x64_at(ra, b.imm));
        else
            x64_lea(as, 4, SA, x64_at_index(ra, b.reg, 0));
    }
    return access(g, offset, width);
}

/* How each wasm load and store sees memory: bytes, sign, and the value's
 * register file. */
typedef struct access_kind {
    uint8_t bytes;
    bool is_signed, is_float;
    uint8_t w;   /* the width of the value's register */
} access_kind;

static access_kind kind_of(uint32_t op)
{
    switch (op) {
    case KN_OP_I32_LOAD: case KN_OP_I32_STORE: return (access_kind){4, false, false, 4};
    case KN_OP_I64_LOAD: case KN_OP_I64_STORE: return (access_kind){8, false, false, 8};
    case KN_OP_F32_LOAD: case KN_OP_F32_STORE: return (access_kind){4, false, true, 4};
    case KN_OP_F64_LOAD: case KN_OP_F64_STORE: return (access_kind){8, false, true, 8};
    case KN_OP_I32_LOAD8_S: return (access_kind){1, true, false, 4};
    case KN_OP_I32_LOAD8_U: case KN_OP_I32_STORE8: return (access_kind){1, false, false, 4};
    case KN_OP_I32_LOAD16_S: return (access_kind){2, true, false, 4};
    case KN_OP_I32_LOAD16_U: case KN_OP_I32_STORE16: return (access_kind){2, false, false, 4};
    case KN_OP_I64_LOAD8_S: return (access_kind){1, true, false, 8};
    case KN_OP_I64_LOAD8_U: case KN_OP_I64_STORE8: return (access_kind){1, false, false, 8};
    case KN_OP_I64_LOAD16_S: return (access_kind){2, true, false, 8};
    case KN_OP_I64_LOAD16_U: case KN_OP_I64_STORE16: return (access_kind){2, false, false, 8};
    case KN_OP_I64_LOAD32_S: return (access_kind){4, true, false, 8};
    default: return (access_kind){4, false, false, 8};   /* i64.load32_u, i64.store32 */
    }
}

static void load_into(gen *g, access_kind k, uint32_t d, x64_mem m)
{
    if (k.is_float) {
        int x = fdst(g, d, XA);
        x64_movs_load(&g->a, k.bytes == 8, x, m);
        fput(g, k.bytes == 8, d, x);
        return;
    }
    int r = idst(g, d, SC);
    if (k.bytes == k.w)
        x64_load(&g->a, k.w, r, m);
    else if (k.is_signed)
        x64_load_sx(&g->a, k.w, r, m, k.bytes);
    else
        x64_load_zx(&g->a, k.w, r, m, k.bytes);
    iput(g, k.w, d, r);
}

static void store_from(gen *g, access_kind k, x64_mem m, uint32_t v)
{
    if (k.is_float) {
        x64_movs_store(&g->a, k.bytes == 8, m, fget(g, k.bytes == 8, v, XA));
        return;
    }
    x64_store(&g->a, k.bytes, m, iget(g, k.w, v, SC));
}

/* The binary operation of a load-op or update form on x (a register of
 * the operation's file) and memory operand m. */
static void op_with_memory(gen *g, uint32_t fused, int x, x64_mem m)
{
    static const x64_sse sse[] = {X64_ADDS, X64_SUBS, X64_MULS};
    if (fused == KN_IOP_I32_ADD_M || fused == KN_IOP_I32_ADD_MX || fused == KN_IOP_I32_ADD_U) {
        x64_alu_rm(&g->a, X64_ADD, 4, x, m);
        return;
    }
    bool dbl;
    int which;
    if (fused >= KN_IOP_F32_ADD_U) {
        uint32_t i = fused - KN_IOP_F32_ADD_U;
        dbl = i >= 3;
        which = (int)(i % 3);
    } else {
        uint32_t i = (fused - KN_IOP_F32_ADD_M) / 2;
        dbl = i >= 3;
        which = (int)(i % 3);
    }
    x64_sse_xm(&g->a, sse[which], dbl, x, m);
}
_Static_assert(KN_IOP_F64_MUL_U - KN_IOP_F32_ADD_U == 5 &&
               KN_IOP_F64_MUL_MX - KN_IOP_F32_ADD_M == 11,
               "load-op and update forms: add sub mul of f32, then of f64");

static bool is_f64_fused(uint32_t fused)
{
    return (fused >= KN_IOP_F64_ADD_M && fused <= KN_IOP_F64_MUL_MX) ||
           (fused >= KN_IOP_F64_ADD_U && fused <= KN_IOP_F64_MUL_U);
}

/* d = a op (memory): [op][d][a][addr][off] or indexed [op][d][a][x][y][off]. */
static void load_op(gen *g, uint32_t op, const uint32_t *ip, bool indexed)
{
    uint32_t d = ip[1], a = ip[2];
    int width = is_f64_fused(op) ? 8 : 4;
    x64_mem m = indexed ? mem_at(g, ip[3], ip[4], ip[5], width)
                        : mem_at(g, ip[3], NO_SLOT, ip[4], width);
    if (op == KN_IOP_I32_ADD_M || op == KN_IOP_I32_ADD_MX) {
        int r = idst(g, d, SC);
        iload(g, 4, r, a);
        op_with_memory(g, op, r, m);
        iput(g, 4, d, r);
        return;
    }
    bool dbl = is_f64_fused(op);
    int x = fdst(g, d, XA);
    int xa = fget(g, dbl, a, x);
    if (xa != x)
        x64_movs_xx(&g->a, dbl, x, xa);
    op_with_memory(g, op, x, m);
    fput(g, dbl, d, x);
}

/* memory = a op memory: [op][a][addr][off]. */
static void update(gen *g, uint32_t op, const uint32_t *ip)
{
    x64_mem m = mem_at(g, ip[2], NO_SLOT, ip[3], is_f64_fused(op) ? 8 : 4);
    if (op == KN_IOP_I32_ADD_U) {
        iload(g, 4, SC, ip[1]);
        op_with_memory(g, op, SC, m);
        x64_store(&g->a, 4, m, SC);
        return;
    }
    bool dbl = is_f64_fused(op);
    int xa = fget(g, dbl, ip[1], XA);
    if (xa != XA)
        x64_movs_xx(&g->a, dbl, XA, xa);
    op_with_memory(g, op, XA, m);
    x64_movs_store(&g->a, dbl, m, XA);
}

/* A fused pair of i32 operations (numops.h KN_PAIR_OPS): [op][d][x][y][o]. */
static void pair(gen *g, uint32_t op, const uint32_t *ip)
{
    x64_asm *as = &g->a;
    uint32_t d = ip[1], x = ip[2], y = ip[3], o = ip[4];
    int r = idst(g, d, SA);
    switch (op) {
    case KN_IOP_I32_XOR_ROTL: {   /* rotl(x ^ y, o) */
        iload(g, 4, SC, o);
        int ry = iget_apart(g, 4, y, SD, r);
        iload(g, 4, r, x);
        x64_alu_rr(as, X64_XOR, 4, r, ry);
        x64_shift_cl(as, X64_ROL, 4, r);
        break;
    }
    case KN_IOP_I32_ROTL_XOR:     /* rotl(x, y) ^ o */
    case KN_IOP_I32_SHR_U_AND: {  /* (x >> (y & 31)) & o */
        iload(g, 4, SC, y);
        int ro = iget_apart(g, 4, o, SD, r);
        iload(g, 4, r, x);
        if (op == KN_IOP_I32_ROTL_XOR) {
            x64_shift_cl(as, X64_ROL, 4, r);
            x64_alu_rr(as, X64_XOR, 4, r, ro);
        } else {
            x64_shift_cl(as, X64_SHR, 4, r);
            x64_alu_rr(as, X64_AND, 4, r, ro);
        }
        break;
    }
    default: {                    /* I32_ADD_ADD: x + y + o */
        int ry = iget_apart(g, 4, y, SC, r);
        int ro = iget_apart(g, 4, o, SD, r);
        iload(g, 4, r, x);
        x64_alu_rr(as, X64_ADD, 4, r, ry);
        x64_alu_rr(as, X64_ADD, 4, r, ro);
        break;
    }
    }
    iput(g, 4, d, r);
}

/* ---- the operations ---- */

static bool wasm_access(uint32_t op)
{
    return op >= KN_OP_I32_LOAD && op <= KN_OP_I64_STORE32;
}

static bool is_load(uint32_t wasm_op)
{
    return wasm_op <= KN_OP_I64_LOAD32_U;
}

bool emit_op(gen *g, uint32_t op, const uint32_t *ip, uint32_t len)
{
    /* the first operands, where the operation has them */
    uint32_t d = len > 1 ? ip[1] : 0, a = len > 2 ? ip[2] : 0, b = len > 3 ? ip[3] : 0;
    switch (op) {
    /* integers */
    case KN_OP_I32_ADD: int_binop(g, 4, X64_ADD, true, d, a, b); return true;
    case KN_OP_I64_ADD: int_binop(g, 8, X64_ADD, true, d, a, b); return true;
    case KN_OP_I32_SUB: int_binop(g, 4, X64_SUB, false, d, a, b); return true;
    case KN_OP_I64_SUB: int_binop(g, 8, X64_SUB, false, d, a, b); return true;
    case KN_OP_I32_MUL: int_binop(g, 4, MUL, true, d, a, b); return true;
    case KN_OP_I64_MUL: int_binop(g, 8, MUL, true, d, a, b); return true;
    case KN_OP_I32_AND: int_binop(g, 4, X64_AND, true, d, a, b); return true;
    case KN_OP_I64_AND: int_binop(g, 8, X64_AND, true, d, a, b); return true;
    case KN_OP_I32_OR: int_binop(g, 4, X64_OR, true, d, a, b); return true;
    case KN_OP_I64_OR: int_binop(g, 8, X64_OR, true, d, a, b); return true;
    case KN_OP_I32_XOR: int_binop(g, 4, X64_XOR, true, d, a, b); return true;
    case KN_OP_I64_XOR: int_binop(g, 8, X64_XOR, true, d, a, b); return true;
    case KN_OP_I32_SHL: int_shift(g, 4, X64_SHL, d, a, b); return true;
    case KN_OP_I64_SHL: int_shift(g, 8, X64_SHL, d, a, b); return true;
    case KN_OP_I32_SHR_S: int_shift(g, 4, X64_SAR, d, a, b); return true;
    case KN_OP_I64_SHR_S: int_shift(g, 8, X64_SAR, d, a, b); return true;
    case KN_OP_I32_SHR_U: int_shift(g, 4, X64_SHR, d, a, b); return true;
    case KN_OP_I64_SHR_U: int_shift(g, 8, X64_SHR, d, a, b); return true;
    case KN_OP_I32_ROTL: int_shift(g, 4, X64_ROL, d, a, b); return true;
    case KN_OP_I64_ROTL: int_shift(g, 8, X64_ROL, d, a, b); return true;
    case KN_OP_I32_ROTR: int_shift(g, 4, X64_ROR, d, a, b); return true;
    case KN_OP_I64_ROTR: int_shift(g, 8, X64_ROR, d, a, b); return true;
    case KN_OP_I32_DIV_S: int_div(g, 4, true, false, d, a, b); return true;
    case KN_OP_I64_DIV_S: int_div(g, 8, true, false, d, a, b); return true;
    case KN_OP_I32_DIV_U: int_div(g, 4, false, false, d, a, b); return true;
    case KN_OP_I64_DIV_U: int_div(g, 8, false, false, d, a, b); return true;
    case KN_OP_I32_REM_S: int_div(g, 4, true, true, d, a, b); return true;
    case KN_OP_I64_REM_S: int_div(g, 8, true, true, d, a, b); return true;
    case KN_OP_I32_REM_U: int_div(g, 4, false, true, d, a, b); return true;
    case KN_OP_I64_REM_U: int_div(g, 8, false, true, d, a, b); return true;
    case KN_OP_I32_EQZ:
    case KN_OP_I64_EQZ: {
        int w = op == KN_OP_I32_EQZ ? 4 : 8;
        int r = iget(g, w, a, SA);
        x64_test_rr(&g->a, w, r, r);
        x64_setcc(&g->a, X64_E, SD);
        x64_movzx_rr(&g->a, SD, SD, 1);
        iput(g, 4, d, SD);
        return true;
    }
    case KN_OP_I32_CLZ: int_count(g, 4, X64_LZCNT, d, a); return true;
    case KN_OP_I64_CLZ: int_count(g, 8, X64_LZCNT, d, a); return true;
    case KN_OP_I32_CTZ: int_count(g, 4, X64_TZCNT, d, a); return true;
    case KN_OP_I64_CTZ: int_count(g, 8, X64_TZCNT, d, a); return true;
    case KN_OP_I32_POPCNT: int_count(g, 4, X64_POPCNT, d, a); return true;
    case KN_OP_I64_POPCNT: int_count(g, 8, X64_POPCNT, d, a); return true;
    case KN_OP_I32_WRAP_I64: int_extend(g, 4, false, 4, d, a); return true;
    case KN_OP_I64_EXTEND_I32_U: int_extend(g, 8, false, 4, d, a); return true;
    case KN_OP_I64_EXTEND_I32_S: int_extend(g, 8, true, 4, d, a); return true;
    case KN_OP_I32_EXTEND8_S: int_extend(g, 4, true, 1, d, a); return true;
    case KN_OP_I32_EXTEND16_S: int_extend(g, 4, true, 2, d, a); return true;
    case KN_OP_I64_EXTEND8_S: int_extend(g, 8, true, 1, d, a); return true;
    case KN_OP_I64_EXTEND16_S: int_extend(g, 8, true, 2, d, a); return true;
    case KN_OP_I64_EXTEND32_S: int_extend(g, 8, true, 4, d, a); return true;
    /* floats */
    case KN_OP_F32_ADD: float_binop(g, false, X64_ADDS, d, a, b); return true;
    case KN_OP_F64_ADD: float_binop(g, true, X64_ADDS, d, a, b); return true;
    case KN_OP_F32_SUB: float_binop(g, false, X64_SUBS, d, a, b); return true;
    case KN_OP_F64_SUB: float_binop(g, true, X64_SUBS, d, a, b); return true;
    case KN_OP_F32_MUL: float_binop(g, false, X64_MULS, d, a, b); return true;
    case KN_OP_F64_MUL: float_binop(g, true, X64_MULS, d, a, b); return true;
    case KN_OP_F32_DIV: float_binop(g, false, X64_DIVS, d, a, b); return true;
    case KN_OP_F64_DIV: float_binop(g, true, X64_DIVS, d, a, b); return true;
    case KN_OP_F32_MIN: float_minmax(g, false, false, d, a, b); return true;
    case KN_OP_F64_MIN: float_minmax(g, true, false, d, a, b); return true;
    case KN_OP_F32_MAX: float_minmax(g, false, true, d, a, b); return true;
    case KN_OP_F64_MAX: float_minmax(g, true, true, d, a, b); return true;
    case KN_OP_F32_ABS: case KN_OP_F32_NEG: case KN_OP_F32_COPYSIGN:
        float_sign(g, false, op, d, a, b);
        return true;
    case KN_OP_F64_ABS: case KN_OP_F64_NEG: case KN_OP_F64_COPYSIGN:
        float_sign(g, true, op, d, a, b);
        return true;
    case KN_OP_F32_SQRT: float_unop(g, false, -1, d, a); return true;
    case KN_OP_F64_SQRT: float_unop(g, true, -1, d, a); return true;
    case KN_OP_F32_FLOOR: float_unop(g, false, 1, d, a); return true;
    case KN_OP_F64_FLOOR: float_unop(g, true, 1, d, a); return true;
    case KN_OP_F32_CEIL: float_unop(g, false, 2, d, a); return true;
    case KN_OP_F64_CEIL: float_unop(g, true, 2, d, a); return true;
    case KN_OP_F32_TRUNC: float_unop(g, false, 3, d, a); return true;
    case KN_OP_F64_TRUNC: float_unop(g, true, 3, d, a); return true;
    case KN_OP_F32_NEAREST: float_unop(g, false, 0, d, a); return true;
    case KN_OP_F64_NEAREST: float_unop(g, true, 0, d, a); return true;
    case KN_OP_F32_CONVERT_I32_S: float_convert(g, false, 4, true, d, a); return true;
    case KN_OP_F32_CONVERT_I32_U: float_convert(g, false, 4, false, d, a); return true;
    case KN_OP_F32_CONVERT_I64_S: float_convert(g, false, 8, true, d, a); return true;
    case KN_OP_F32_CONVERT_I64_U: float_convert(g, false, 8, false, d, a); return true;
    case KN_OP_F64_CONVERT_I32_S: float_convert(g, true, 4, true, d, a); return true;
    case KN_OP_F64_CONVERT_I32_U: float_convert(g, true, 4, false, d, a); return true;
    case KN_OP_F64_CONVERT_I64_S: float_convert(g, true, 8, true, d, a); return true;
    case KN_OP_F64_CONVERT_I64_U: float_convert(g, true, 8, false, d, a); return true;
    case KN_OP_F32_DEMOTE_F64:
    case KN_OP_F64_PROMOTE_F32: {
        bool to_dbl = op == KN_OP_F64_PROMOTE_F32;
        int x = fdst(g, d, XA);
        x64_cvts2s(&g->a, to_dbl, x, fget(g, !to_dbl, a, XB));
        fput(g, to_dbl, d, x);
        return true;
    }
    case KN_OP_I32_TRUNC_F32_S: float_trunc(g, false, 4, true, d, a); return true;
    case KN_OP_I32_TRUNC_F32_U: float_trunc(g, false, 4, false, d, a); return true;
    case KN_OP_I32_TRUNC_F64_S: float_trunc(g, true, 4, true, d, a); return true;
    case KN_OP_I32_TRUNC_F64_U: float_trunc(g, true, 4, false, d, a); return true;
    case KN_OP_I64_TRUNC_F32_S: float_trunc(g, false, 8, true, d, a); return true;
    case KN_OP_I64_TRUNC_F32_U: float_trunc(g, false, 8, false, d, a); return true;
    case KN_OP_I64_TRUNC_F64_S: float_trunc(g, true, 8, true, d, a); return true;
    case KN_OP_I64_TRUNC_F64_U: float_trunc(g, true, 8, false, d, a); return true;
    /* fused */
    case KN_IOP_I32_ADD2:
        int_binop(g, 4, X64_ADD, true, d, a, b);
        int_binop(g, 4, X64_ADD, true, ip[4], ip[5], ip[6]);
        return true;
    case KN_IOP_I32_XOR_ROTL: case KN_IOP_I32_ROTL_XOR:
    case KN_IOP_I32_SHR_U_AND: case KN_IOP_I32_ADD_ADD:
        pair(g, op, ip);
        return true;
    default:
        break;
    }
    if (op >= KN_OP_I32_EQ && op <= KN_OP_I64_GE_U) {
        static const x64_cc cc[10] = {X64_E, X64_NE, X64_L, X64_B, X64_G, X64_A,
                                      X64_LE, X64_BE, X64_GE, X64_AE};
        bool i64 = op >= KN_OP_I64_EQ;
        int_compare(g, i64 ? 8 : 4, cc[op - (i64 ? KN_OP_I64_EQ : KN_OP_I32_EQ)], d, a, b);
        return true;
    }
    if ((op >= KN_OP_F32_EQ && op <= KN_OP_F32_GE) || (op >= KN_OP_F64_EQ && op <= KN_OP_F64_GE)) {
        float_compare(g, op >= KN_OP_F64_EQ, op, d, a, b);
        return true;
    }
    if (wasm_access(op)) {   /* [op][d][addr][off], [op][addr][v][off] */
        access_kind k = kind_of(op);
        if (is_load(op))
            load_into(g, k, d, mem_at(g, a, NO_SLOT, ip[3], k.bytes));
        else
            store_from(g, k, mem_at(g, ip[1], NO_SLOT, ip[3], k.bytes), ip[2]);
        return true;
    }
    if (op >= KN_IOP_I32_LOAD_X && op <= KN_IOP_I64_STORE32_X) {
        uint32_t w = KN_OP_I32_LOAD + (op - KN_IOP_I32_LOAD_X);
        access_kind k = kind_of(w);
        if (is_load(w))   /* [op][d][a][b][off] */
            load_into(g, k, d, mem_at(g, a, b, ip[4], k.bytes));
        else              /* [op][a][b][v][off] */
            store_from(g, k, mem_at(g, ip[1], ip[2], ip[4], k.bytes), ip[3]);
        return true;
    }
    if (op >= KN_IOP_ADD_I32_LOAD && op <= KN_IOP_ADD_I64_LOAD32_U) {
        /* [op][d][sum][x][y][off]: sum = x + y, then the load from it */
        access_kind k = kind_of(KN_OP_I32_LOAD + (op - KN_IOP_ADD_I32_LOAD));
        uint32_t sum = a;
        int r = idst(g, sum, SD);
        int rx = iget(g, 4, ip[3], SA);
        isrc y = isrc_of(g, 4, ip[4], SC);
        if (y.kind == SRC_MEM) {
            x64_load(&g->a, 4, SC, y.mem);
            y = (isrc){SRC_REG, SC, 0, {0}};
        }
        if (y.kind == SRC_IMM)
            x64_lea(&g->a, 4, r, x64_at(rx, y.imm));
        else
            x64_lea(&g->a, 4, r, x64_at_index(rx, y.reg, 0));
        iput(g, 4, sum, r);
        x64_mov_rr(&g->a, 4, SA, r);
        load_into(g, k, d, access(g, ip[5], k.bytes));
        return true;
    }
    if (op >= KN_IOP_I32_ADD_M && op <= KN_IOP_F64_MUL_MX) {
        load_op(g, op, ip, (op - KN_IOP_I32_ADD_M) % 2 == 1);
        return true;
    }
    if (op >= KN_IOP_I32_ADD_U && op <= KN_IOP_F64_MUL_U) {
        update(g, op, ip);
        return true;
    }
    return false;
}
