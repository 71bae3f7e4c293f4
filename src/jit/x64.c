/*
 * x64.c -- the x86-64 instruction encoder (x64.h).
 *
 * Every instruction is: optional legacy prefix (66, F2, F3), optional REX
 * (0100WRXB: W the 64-bit width, R/X/B the fourth bit of the ModRM reg,
 * the SIB index and the ModRM rm or SIB base), the opcode, then ModRM with
 * SIB and displacement for a memory operand. A REX without any bit is
 * still needed to reach the low bytes of RSP, RBP, RSI and RDI.
 */
#include "x64.h"

#include <string.h>

static void byte(x64_asm *a, uint8_t b)
{
    kn_buf_byte(&a->code, b);
}

static void u32(x64_asm *a, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    kn_buf_push(&a->code, b, 4);
}

static bool fits8(int32_t v)
{
    return v >= -128 && v <= 127;
}

/* REX for a register-register form: `reg` in ModRM.reg, `rm` in ModRM.rm.
 * `byte_rm` says `rm` is a byte register, which needs a REX to be SPL,
 * BPL, SIL or DIL rather than AH, CH, DH or BH. (The byte forms emitted,
 * setcc, movzx and movsx, have their byte register in rm; a REX for a
 * full-width `reg` of 4-7 would be a byte for nothing.) */
static void rex_rr(x64_asm *a, int w, int reg, int rm, bool byte_rm)
{
    uint8_t rex = (uint8_t)(0x40 | (w == 8) << 3 | (reg >> 3 & 1) << 2 | (rm >> 3 & 1));
    if (rex != 0x40 || (byte_rm && rm >= 4 && rm < 8))
        byte(a, rex);
}

static void rex_mem(x64_asm *a, int w, int reg, x64_mem m, bool byte_reg)
{
    uint8_t rex = (uint8_t)(0x40 | (w == 8) << 3 | (reg >> 3 & 1) << 2);
    if (m.index != X64_NOREG)
        rex |= (uint8_t)((m.index >> 3 & 1) << 1);
    if (m.base != X64_NOREG)
        rex |= (uint8_t)(m.base >> 3 & 1);
    if (rex != 0x40 || (byte_reg && reg >= 4 && reg < 8))
        byte(a, rex);
}

static void modrm_rr(x64_asm *a, int reg, int rm)
{
    byte(a, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

/* ModRM, SIB and displacement of [base + index * scale + disp]. RSP and R12
 * as a base need a SIB byte; RBP and R13 have no form without a
 * displacement. */
static void modrm_mem(x64_asm *a, int reg, x64_mem m)
{
    uint8_t r = (uint8_t)((reg & 7) << 3);
    uint8_t ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
    if (m.base == X64_NOREG) {   /* [index * scale + disp32] or [disp32] */
        byte(a, r | 0x04);
        byte(a, (uint8_t)(ss << 6 | (m.index == X64_NOREG ? 4 : (m.index & 7)) << 3 | 5));
        u32(a, (uint32_t)m.disp);
        return;
    }
    uint8_t mod = m.disp == 0 && (m.base & 7) != X64_RBP ? 0x00 : fits8(m.disp) ? 0x40 : 0x80;
    if (m.index != X64_NOREG || (m.base & 7) == X64_RSP) {
        byte(a, mod | r | 0x04);
        byte(a, (uint8_t)(ss << 6 | (m.index == X64_NOREG ? 4 : (m.index & 7)) << 3 |
                          (m.base & 7)));
    } else {
        byte(a, (uint8_t)(mod | r | (m.base & 7)));
    }
    if (mod == 0x40)
        byte(a, (uint8_t)(int8_t)m.disp);
    else if (mod == 0x80)
        u32(a, (uint32_t)m.disp);
}

/* op r/m(rm), r(reg) with an optional 0x0f escape. */
static void op_rr(x64_asm *a, int w, bool esc, uint8_t op, int reg, int rm)
{
    rex_rr(a, w, reg, rm, false);
    if (esc)
        byte(a, 0x0f);
    byte(a, op);
    modrm_rr(a, reg, rm);
}

static void op_rm(x64_asm *a, int w, bool esc, uint8_t op, int reg, x64_mem m)
{
    rex_mem(a, w, reg, m, false);
    if (esc)
        byte(a, 0x0f);
    byte(a, op);
    modrm_mem(a, reg, m);
}

/* ---- integer ---- */

void x64_mov_rr(x64_asm *a, int w, int dst, int src)
{
    op_rr(a, w, false, 0x89, src, dst);
}

void x64_mov_ri(x64_asm *a, int w, int dst, uint64_t imm)
{
    if (w == 4 || imm <= UINT32_MAX) {   /* mov r32, imm32 zero-extends */
        rex_rr(a, 4, 0, dst, false);
        byte(a, (uint8_t)(0xb8 | (dst & 7)));
        u32(a, (uint32_t)imm);
    } else if ((int64_t)imm >= INT32_MIN && (int64_t)imm <= INT32_MAX) {
        rex_rr(a, 8, 0, dst, false);   /* mov r/m64, imm32 sign-extends */
        byte(a, 0xc7);
        modrm_rr(a, 0, dst);
        u32(a, (uint32_t)imm);
    } else {
        rex_rr(a, 8, 0, dst, false);
        byte(a, (uint8_t)(0xb8 | (dst & 7)));
        u32(a, (uint32_t)imm);
        u32(a, (uint32_t)(imm >> 32));
    }
}

void x64_load(x64_asm *a, int w, int dst, x64_mem m)
{
    op_rm(a, w, false, 0x8b, dst, m);
}

void x64_store(x64_asm *a, int w, x64_mem m, int src)
{
    if (w == 2)
        byte(a, 0x66);
    rex_mem(a, w, src, m, w == 1);
    byte(a, w == 1 ? 0x88 : 0x89);
    modrm_mem(a, src, m);
}

void x64_store_i(x64_asm *a, int w, x64_mem m, int32_t imm)
{
    op_rm(a, w, false, 0xc7, 0, m);
    u32(a, (uint32_t)imm);
}

void x64_load_zx(x64_asm *a, int w, int dst, x64_mem m, int from)
{
    if (from == 4)
        op_rm(a, 4, false, 0x8b, dst, m);   /* a 32-bit load zero-extends */
    else
        op_rm(a, w, true, from == 1 ? 0xb6 : 0xb7, dst, m);
}

void x64_load_sx(x64_asm *a, int w, int dst, x64_mem m, int from)
{
    if (from == 4)
        op_rm(a, 8, false, 0x63, dst, m);   /* movsxd */
    else
        op_rm(a, w, true, from == 1 ? 0xbe : 0xbf, dst, m);
}

void x64_movsx_rr(x64_asm *a, int w, int dst, int src, int from)
{
    if (from == 4) {
        op_rr(a, 8, false, 0x63, dst, src);
        return;
    }
    rex_rr(a, w, dst, src, from == 1);
    byte(a, 0x0f);
    byte(a, from == 1 ? 0xbe : 0xbf);
    modrm_rr(a, dst, src);
}

void x64_movzx_rr(x64_asm *a, int dst, int src, int from)
{
    rex_rr(a, 4, dst, src, from == 1);
    byte(a, 0x0f);
    byte(a, from == 1 ? 0xb6 : 0xb7);
    modrm_rr(a, dst, src);
}

void x64_lea(x64_asm *a, int w, int dst, x64_mem m)
{
    op_rm(a, w, false, 0x8d, dst, m);
}

void x64_alu_rr(x64_asm *a, x64_alu op, int w, int dst, int src)
{
    op_rr(a, w, false, (uint8_t)(op << 3 | 1), src, dst);
}

void x64_alu_ri(x64_asm *a, x64_alu op, int w, int dst, int32_t imm)
{
    rex_rr(a, w, 0, dst, false);
    byte(a, fits8(imm) ? 0x83 : 0x81);
    modrm_rr(a, op, dst);
    if (fits8(imm))
        byte(a, (uint8_t)(int8_t)imm);
    else
        u32(a, (uint32_t)imm);
}

void x64_alu_rm(x64_asm *a, x64_alu op, int w, int dst, x64_mem m)
{
    op_rm(a, w, false, (uint8_t)(op << 3 | 3), dst, m);
}

void x64_alu_mi(x64_asm *a, x64_alu op, int w, x64_mem m, int32_t imm)
{
    op_rm(a, w, false, fits8(imm) ? 0x83 : 0x81, op, m);
    if (fits8(imm))
        byte(a, (uint8_t)(int8_t)imm);
    else
        u32(a, (uint32_t)imm);
}

void x64_test_rr(x64_asm *a, int w, int r1, int r2)
{
    op_rr(a, w, false, 0x85, r2, r1);
}

void x64_imul_rr(x64_asm *a, int w, int dst, int src)
{
    op_rr(a, w, true, 0xaf, dst, src);
}

void x64_imul_rri(x64_asm *a, int w, int dst, int src, int32_t imm)
{
    op_rr(a, w, false, fits8(imm) ? 0x6b : 0x69, dst, src);
    if (fits8(imm))
        byte(a, (uint8_t)(int8_t)imm);
    else
        u32(a, (uint32_t)imm);
}

void x64_neg(x64_asm *a, int w, int r)
{
    op_rr(a, w, false, 0xf7, 3, r);
}

void x64_div(x64_asm *a, int w, bool is_signed, int src)
{
    op_rr(a, w, false, 0xf7, is_signed ? 7 : 6, src);
}

void x64_sign_extend_rax(x64_asm *a, int w)
{
    if (w == 8)
        byte(a, 0x48);
    byte(a, 0x99);
}

void x64_shift_cl(x64_asm *a, x64_shift op, int w, int r)
{
    op_rr(a, w, false, 0xd3, op, r);
}

void x64_shift_ri(x64_asm *a, x64_shift op, int w, int r, uint8_t imm)
{
    op_rr(a, w, false, 0xc1, op, r);
    byte(a, imm);
}

void x64_bitcount(x64_asm *a, int op, int w, int dst, int src)
{
    byte(a, 0xf3);
    op_rr(a, w, true, (uint8_t)op, dst, src);
}

void x64_bsr(x64_asm *a, int w, int dst, int src)
{
    op_rr(a, w, true, 0xbd, dst, src);
}

void x64_bsf(x64_asm *a, int w, int dst, int src)
{
    op_rr(a, w, true, 0xbc, dst, src);
}

void x64_setcc(x64_asm *a, x64_cc cc, int r)
{
    rex_rr(a, 4, 0, r, true);
    byte(a, 0x0f);
    byte(a, (uint8_t)(0x90 | cc));
    modrm_rr(a, 0, r);
}

void x64_cmov(x64_asm *a, x64_cc cc, int w, int dst, int src)
{
    op_rr(a, w, true, (uint8_t)(0x40 | cc), dst, src);
}

void x64_push(x64_asm *a, int r)
{
    rex_rr(a, 4, 0, r, false);
    byte(a, (uint8_t)(0x50 | (r & 7)));
}

void x64_pop(x64_asm *a, int r)
{
    rex_rr(a, 4, 0, r, false);
    byte(a, (uint8_t)(0x58 | (r & 7)));
}

/* ---- control ---- */

static int32_t read32(const x64_asm *a, uint32_t pos)
{
    int32_t v;
    memcpy(&v, a->code.data + pos, 4);
    return v;
}

static void write32(x64_asm *a, uint32_t pos, int32_t v)
{
    memcpy(a->code.data + pos, &v, 4);
}

/* The 32-bit displacement of a jump (or RIP-relative operand) that ends
 * right after it: to the label if bound, else linked into its chain. */
static void target32(x64_asm *a, x64_label *l)
{
    uint32_t at = x64_pos(a);
    if (l->pos >= 0) {
        u32(a, (uint32_t)(l->pos - (int32_t)(at + 4)));
    } else {
        u32(a, (uint32_t)l->chain);
        if (!a->code.failed)
            l->chain = (int32_t)at;
    }
}

void x64_jmp(x64_asm *a, x64_label *l)
{
    if (l->pos >= 0 && fits8(l->pos - (int32_t)(x64_pos(a) + 2))) {
        byte(a, 0xeb);
        byte(a, (uint8_t)(int8_t)(l->pos - (int32_t)(x64_pos(a) + 1)));
        return;
    }
    byte(a, 0xe9);
    target32(a, l);
}

void x64_jcc(x64_asm *a, x64_cc cc, x64_label *l)
{
    if (l->pos >= 0 && fits8(l->pos - (int32_t)(x64_pos(a) + 2))) {
        byte(a, (uint8_t)(0x70 | cc));
        byte(a, (uint8_t)(int8_t)(l->pos - (int32_t)(x64_pos(a) + 1)));
        return;
    }
    byte(a, 0x0f);
    byte(a, (uint8_t)(0x80 | cc));
    target32(a, l);
}

void x64_bind(x64_asm *a, x64_label *l)
{
    l->pos = (int32_t)x64_pos(a);
    if (a->code.failed)
        return;
    for (int32_t at = l->chain; at >= 0;) {
        int32_t next = read32(a, (uint32_t)at);
        write32(a, (uint32_t)at, l->pos - (at + 4));
        at = next;
    }
    l->chain = -1;
}

void x64_call_r(x64_asm *a, int r)
{
    op_rr(a, 4, false, 0xff, 2, r);
}

void x64_call_m(x64_asm *a, x64_mem m)
{
    op_rm(a, 4, false, 0xff, 2, m);
}

void x64_jmp_r(x64_asm *a, int r)
{
    op_rr(a, 4, false, 0xff, 4, r);
}

void x64_lea_label(x64_asm *a, int dst, x64_label *l)
{
    rex_rr(a, 8, dst, 0, false);
    byte(a, 0x8d);
    byte(a, (uint8_t)((dst & 7) << 3 | 5));   /* mod 00, rm 101: [rip + disp32] */
    target32(a, l);
}

void x64_ret(x64_asm *a)
{
    byte(a, 0xc3);
}

void x64_ud2(x64_asm *a)
{
    byte(a, 0x0f);
    byte(a, 0x0b);
}

void x64_rep_movsq(x64_asm *a)
{
    byte(a, 0xf3);
    byte(a, 0x48);
    byte(a, 0xa5);
}

void x64_align(x64_asm *a, uint32_t n)
{
    while (x64_pos(a) % n && !a->code.failed)
        byte(a, 0xcc);   /* int3: never run, it pads data */
}

/* ---- scalar floating point ---- */

/* The prefix of a scalar operation (F2 double, F3 single), or of a packed
 * bitwise one (66 double, none single). */
static void sse_prefix(x64_asm *a, x64_sse op, bool dbl)
{
    bool packed = op == X64_ANDP || op == X64_ORP || op == X64_XORP;
    if (packed) {
        if (dbl)
            byte(a, 0x66);
    } else {
        byte(a, dbl ? 0xf2 : 0xf3);
    }
}

void x64_sse_xx(x64_asm *a, x64_sse op, bool dbl, int dst, int src)
{
    sse_prefix(a, op, dbl);
    op_rr(a, 4, true, (uint8_t)op, dst, src);
}

void x64_sse_xm(x64_asm *a, x64_sse op, bool dbl, int dst, x64_mem m)
{
    sse_prefix(a, op, dbl);
    op_rm(a, 4, true, (uint8_t)op, dst, m);
}

void x64_movs_xx(x64_asm *a, bool dbl, int dst, int src)
{
    (void)dbl;
    op_rr(a, 4, true, 0x28, dst, src);
}

void x64_movs_load(x64_asm *a, bool dbl, int dst, x64_mem m)
{
    byte(a, dbl ? 0xf2 : 0xf3);
    op_rm(a, 4, true, 0x10, dst, m);
}

void x64_movs_store(x64_asm *a, bool dbl, x64_mem m, int src)
{
    byte(a, dbl ? 0xf2 : 0xf3);
    op_rm(a, 4, true, 0x11, src, m);
}

void x64_movd_xr(x64_asm *a, int w, int dst, int src)
{
    byte(a, 0x66);
    op_rr(a, w, true, 0x6e, dst, src);
}

void x64_movd_rx(x64_asm *a, int w, int dst, int src)
{
    byte(a, 0x66);
    op_rr(a, w, true, 0x7e, src, dst);
}

void x64_ucomis(x64_asm *a, bool dbl, int x1, int x2)
{
    if (dbl)
        byte(a, 0x66);
    op_rr(a, 4, true, 0x2e, x1, x2);
}

void x64_cvtsi2s(x64_asm *a, bool dbl, int w, int dst, int src)
{
    byte(a, dbl ? 0xf2 : 0xf3);
    op_rr(a, w, true, 0x2a, dst, src);
}

void x64_cvtts2si(x64_asm *a, bool dbl, int w, int dst, int src)
{
    byte(a, dbl ? 0xf2 : 0xf3);
    op_rr(a, w, true, 0x2c, dst, src);
}

void x64_cvts2s(x64_asm *a, bool to_dbl, int dst, int src)
{
    byte(a, to_dbl ? 0xf3 : 0xf2);
    op_rr(a, 4, true, 0x5a, dst, src);
}

void x64_rounds(x64_asm *a, bool dbl, int dst, int src, uint8_t mode)
{
    byte(a, 0x66);
    rex_rr(a, 4, dst, src, false);
    byte(a, 0x0f);
    byte(a, 0x3a);
    byte(a, dbl ? 0x0b : 0x0a);
    modrm_rr(a, dst, src);
    byte(a, mode);
}

/* ---- vectors ---- */

void x64_movdqu_load(x64_asm *a, int dst, x64_mem m)
{
    byte(a, 0xf3);
    op_rm(a, 4, true, 0x6f, dst, m);
}

void x64_movdqu_store(x64_asm *a, x64_mem m, int src)
{
    byte(a, 0xf3);
    op_rm(a, 4, true, 0x7f, src, m);
}
