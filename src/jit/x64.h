/*
 * x64.h -- an x86-64 assembler: the instructions the JIT emits, encoded
 * into a growable byte buffer.
 *
 * Registers are numbered as the hardware numbers them (RAX = 0 ... R15 =
 * 15, XMM0 = 0 ... XMM15 = 15); a function that takes a register of each
 * file says which by its name (_rr: two general registers, _xx: two xmm
 * registers, _xr/_rx: mixed). `w` is the operand width in bytes: 4 (the
 * 32-bit form, which zero-extends its result into the whole register) or
 * 8 (REX.W). A memory operand is base + index * scale + displacement, the
 * one addressing form the JIT needs.
 *
 * Jumps go to labels: a label is bound once, at a position in the code;
 * jumps to a label not yet bound are chained through their own 32-bit
 * displacement fields and patched when it is. Every jump takes a 32-bit
 * displacement, so a label bound late never needs a longer jump.
 *
 * Like kn_buf, an allocation failure latches `code.failed`; the emitters
 * keep going and the caller checks once at the end.
 */
#ifndef KN_JIT_X64_H
#define KN_JIT_X64_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/buf.h"

enum {
    X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
    X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
    X64_NOREG = -1
};

/* Condition codes, in the encoding's order (jcc = 0x70 + cc). */
typedef enum x64_cc {
    X64_O, X64_NO, X64_B, X64_AE, X64_E, X64_NE, X64_BE, X64_A,
    X64_S, X64_NS, X64_P, X64_NP, X64_L, X64_GE, X64_LE, X64_G
} x64_cc;

static inline x64_cc x64_cc_not(x64_cc cc)
{
    return (x64_cc)(cc ^ 1);
}

/* The two-operand integer operations of the 0x00-0x3f block, numbered as
 * their /digit in the 0x81 immediate form. */
typedef enum x64_alu {
    X64_ADD = 0, X64_OR = 1, X64_AND = 4, X64_SUB = 5, X64_XOR = 6, X64_CMP = 7
} x64_alu;

/* Shifts and rotates, numbered as their /digit in 0xc1 / 0xd3. */
typedef enum x64_shift {
    X64_ROL = 0, X64_ROR = 1, X64_SHL = 4, X64_SHR = 5, X64_SAR = 7
} x64_shift;

/* Scalar SSE arithmetic: the second opcode byte after 0x0f. */
typedef enum x64_sse {
    X64_SQRT = 0x51, X64_ANDP = 0x54, X64_ORP = 0x56, X64_XORP = 0x57,
    X64_ADDS = 0x58, X64_MULS = 0x59, X64_SUBS = 0x5c, X64_MINS = 0x5d,
    X64_DIVS = 0x5e, X64_MAXS = 0x5f
} x64_sse;

typedef struct x64_mem {
    int8_t base;       /* a register, or X64_NOREG */
    int8_t index;      /* a register other than RSP, or X64_NOREG */
    uint8_t scale;     /* 1, 2, 4 or 8 */
    int32_t disp;
} x64_mem;

static inline x64_mem x64_at(int base, int32_t disp)
{
    return (x64_mem){(int8_t)base, X64_NOREG, 1, disp};
}

static inline x64_mem x64_at_index(int base, int index, int32_t disp)
{
    return (x64_mem){(int8_t)base, (int8_t)index, 1, disp};
}

/* A label: its position once bound (-1 before), and the chain of jump
 * displacements waiting for it (the position of the last, -1 for none). */
typedef struct x64_label {
    int32_t pos;
    int32_t chain;
} x64_label;

static inline x64_label x64_label_new(void)
{
    return (x64_label){-1, -1};
}

typedef struct x64_asm {
    kn_buf code;
    uint8_t scratch[16];   /* where instructions go once `code` has failed */
} x64_asm;

static inline uint32_t x64_pos(const x64_asm *a)
{
    return (uint32_t)a->code.len;
}

/* ---- integer ---- */
void x64_mov_rr(x64_asm *a, int w, int dst, int src);
void x64_mov_ri(x64_asm *a, int w, int dst, uint64_t imm);   /* the shortest form */
void x64_load(x64_asm *a, int w, int dst, x64_mem m);        /* mov r, [m] */
void x64_store(x64_asm *a, int w, x64_mem m, int src);       /* mov [m], r; w 1, 2, 4, 8 */
void x64_store_i(x64_asm *a, int w, x64_mem m, int32_t imm); /* w 4 or 8 (sign-extended) */
/* Zero- or sign-extending loads of `from` bytes (1, 2, or 4 signed) into a
 * register of width w. */
void x64_load_zx(x64_asm *a, int w, int dst, x64_mem m, int from);
void x64_load_sx(x64_asm *a, int w, int dst, x64_mem m, int from);
void x64_movsx_rr(x64_asm *a, int w, int dst, int src, int from);  /* from 1, 2, 4 */
void x64_movzx_rr(x64_asm *a, int dst, int src, int from);         /* from 1, 2 */
void x64_lea(x64_asm *a, int w, int dst, x64_mem m);
void x64_alu_rr(x64_asm *a, x64_alu op, int w, int dst, int src);
void x64_alu_ri(x64_asm *a, x64_alu op, int w, int dst, int32_t imm);
void x64_alu_rm(x64_asm *a, x64_alu op, int w, int dst, x64_mem m);
void x64_alu_mi(x64_asm *a, x64_alu op, int w, x64_mem m, int32_t imm);
void x64_test_rr(x64_asm *a, int w, int r1, int r2);
void x64_imul_rr(x64_asm *a, int w, int dst, int src);
void x64_imul_rri(x64_asm *a, int w, int dst, int src, int32_t imm);
void x64_neg(x64_asm *a, int w, int r);
/* RDX:RAX (EDX:EAX) divided by `src`: quotient in RAX, remainder in RDX. */
void x64_div(x64_asm *a, int w, bool is_signed, int src);
void x64_sign_extend_rax(x64_asm *a, int w);   /* cdq / cqo */
void x64_shift_cl(x64_asm *a, x64_shift op, int w, int r);
void x64_shift_ri(x64_asm *a, x64_shift op, int w, int r, uint8_t imm);
/* lzcnt, tzcnt, popcnt (0xbd, 0xbc, 0xb8 after F3 0F) and bsr, bsf. */
enum { X64_LZCNT = 0xbd, X64_TZCNT = 0xbc, X64_POPCNT = 0xb8 };
void x64_bitcount(x64_asm *a, int op, int w, int dst, int src);
void x64_bsr(x64_asm *a, int w, int dst, int src);
void x64_bsf(x64_asm *a, int w, int dst, int src);
void x64_setcc(x64_asm *a, x64_cc cc, int r);      /* the low byte of r */
void x64_cmov(x64_asm *a, x64_cc cc, int w, int dst, int src);
void x64_push(x64_asm *a, int r);
void x64_pop(x64_asm *a, int r);

/* ---- control ---- */
void x64_jmp(x64_asm *a, x64_label *l);
void x64_jcc(x64_asm *a, x64_cc cc, x64_label *l);
void x64_bind(x64_asm *a, x64_label *l);
void x64_call_r(x64_asm *a, int r);
void x64_call_m(x64_asm *a, x64_mem m);
void x64_jmp_r(x64_asm *a, int r);
/* Loads the label's absolute address once the code is placed: a lea of
 * the RIP-relative address into `dst`. */
void x64_lea_label(x64_asm *a, int dst, x64_label *l);
void x64_ret(x64_asm *a);
void x64_ud2(x64_asm *a);
void x64_rep_movsq(x64_asm *a);   /* rcx qwords from [rsi] to [rdi], upward */
void x64_align(x64_asm *a, uint32_t n);   /* pads to a multiple of n */

/* ---- scalar floating point (sd: double, ss: single) ---- */
/* One SSE scalar operation: `dbl` picks sd/pd over ss/ps. For the packed
 * bitwise ones (ANDP, ORP, XORP) the register is used whole. */
void x64_sse_xx(x64_asm *a, x64_sse op, bool dbl, int dst, int src);
void x64_sse_xm(x64_asm *a, x64_sse op, bool dbl, int dst, x64_mem m);
void x64_movs_xx(x64_asm *a, bool dbl, int dst, int src);     /* movaps: the whole register */
void x64_movs_load(x64_asm *a, bool dbl, int dst, x64_mem m); /* movss/movsd */
void x64_movs_store(x64_asm *a, bool dbl, x64_mem m, int src);
void x64_movd_xr(x64_asm *a, int w, int dst, int src);        /* movd/movq xmm <- r */
void x64_movd_rx(x64_asm *a, int w, int dst, int src);        /* movd/movq r <- xmm */
void x64_ucomis(x64_asm *a, bool dbl, int x1, int x2);
void x64_cvtsi2s(x64_asm *a, bool dbl, int w, int dst, int src);   /* int (w) -> float */
void x64_cvtts2si(x64_asm *a, bool dbl, int w, int dst, int src);  /* float -> int, truncating */
void x64_cvts2s(x64_asm *a, bool to_dbl, int dst, int src);        /* ss <-> sd */
/* SSE4.1 roundss/roundsd: mode 1 floor, 2 ceil, 3 trunc, 0 nearest even;
 * +8 suppresses the precision exception. */
void x64_rounds(x64_asm *a, bool dbl, int dst, int src, uint8_t mode);

/* ---- vectors (whole 128-bit registers) ---- */
void x64_movdqu_load(x64_asm *a, int dst, x64_mem m);
void x64_movdqu_store(x64_asm *a, x64_mem m, int src);

#endif
