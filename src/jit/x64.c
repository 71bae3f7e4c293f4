/*
 * x64.c -- the x86-64 instruction encoder (x64.h).
 *
 * Every instruction is: optional legacy prefix (66, F2, F3), optional REX
 * (0100WRXB: W the 64-bit width, R/X/B the fourth bit of the ModRM reg,
 * the SIB index and the ModRM rm or SIB base), the opcode, then ModRM with
 * SIB and displacement for a memory operand. A REX without any bit is
 * still needed to reach the low bytes of RSP, RBP, RSI and RDI.
 *
 * Each instruction is written through a cursor into room made for the
 * longest one (begin), and the buffer's length set once after it (end):
 * the JIT emits millions of instructions, and a buffer check per byte,
 * each reloading the buffer after a byte store that may alias it, was the
 * largest part of compiling. The parts below take the cursor and return
 * it advanced.
 */
#include "x64.h"

#include <string.h>

_Static_assert(sizeof ((x64_asm *)0)->scratch >= 15, "room for the longest instruction");

/* Where the next instruction goes: the end of the code with room for any
 * instruction, or the scratch room once the buffer has failed (the code
 * is discarded then, and labels stop patching). */
static inline uint8_t *begin(x64_asm *a)
{
    kn_buf *c = &a->code;
    if (c->cap - c->len >= sizeof a->scratch || kn_buf_reserve(c, sizeof a->scratch))
        return c->data + c->len;
    return a->scratch;
}

/* Ends the instruction that began at begin(a) and ends before p. */
static inline void end(x64_asm *a, uint8_t *p)
{
    if (!a->code.failed)
        a->code.len = (size_t)(p - a->code.data);
}

static inline uint8_t *u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
    return p + 4;
}

static bool fits8(int32_t v)
{
    return v >= -128 && v <= 127;
}

/* An immediate: one byte when it fits the 0x83 / 0x6b form, else four. */
static inline uint8_t *imm8_32(uint8_t *p, int32_t imm)
{
    if (fits8(imm)) {
        *p++ = (uint8_t)(int8_t)imm;
        return p;
    }
    return u32(p, (uint32_t)imm);
}

/* REX for a register-register form: `reg` in ModRM.reg, `rm` in ModRM.rm.
 * `byte_rm` says `rm` is a byte register, which needs a REX to be SPL,
 * BPL, SIL or DIL rather than AH, CH, DH or BH. (The byte forms emitted,
 * setcc, movzx and movsx, have their byte register in rm; a REX for a
 * full-width `reg` of 4-7 would be a byte for nothing.) */
static inline uint8_t *rex_rr(uint8_t *p, int w, int reg, int rm, bool byte_rm)
{
    uint8_t rex = (uint8_t)(0x40 | (w == 8) << 3 | (reg >> 3 & 1) << 2 | (rm >> 3 & 1));
    if (rex != 0x40 || (byte_rm && rm >= 4 && rm < 8))
        *p++ = rex;
    return p;
}

static inline uint8_t *rex_mem(uint8_t *p, int w, int reg, x64_mem m, bool byte_reg)
{
    uint8_t rex = (uint8_t)(0x40 | (w == 8) << 3 | (reg >> 3 & 1) << 2);
    if (m.index != X64_NOREG)
        rex |= (uint8_t)((m.index >> 3 & 1) << 1);
    if (m.base != X64_NOREG)
        rex |= (uint8_t)(m.base >> 3 & 1);
    if (rex != 0x40 || (byte_reg && reg >= 4 && reg < 8))
        *p++ = rex;
    return p;
}

static inline uint8_t *modrm_rr(uint8_t *p, int reg, int rm)
{
    *p++ = (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7));
    return p;
}

/* ModRM, SIB and displacement of [base + index * scale + disp]. RSP and R12
 * as a base need a SIB byte; RBP and R13 have no form without a
 * displacement. */
static inline uint8_t sib(x64_mem m, int base)
{
    uint8_t ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
    return (uint8_t)(ss << 6 | (m.index == X64_NOREG ? 4 : (m.index & 7)) << 3 | base);
}

static inline uint8_t *modrm_mem(uint8_t *p, int reg, x64_mem m)
{
    uint8_t r = (uint8_t)((reg & 7) << 3);
    if (m.base == X64_NOREG) {   /* [index * scale + disp32] or [disp32] */
        *p++ = r | 0x04;
        *p++ = sib(m, 5);
        return u32(p, (uint32_t)m.disp);
    }
    uint8_t mod = m.disp == 0 && (m.base & 7) != X64_RBP ? 0x00 : fits8(m.disp) ? 0x40 : 0x80;
    if (m.index != X64_NOREG || (m.base & 7) == X64_RSP) {
        *p++ = mod | r | 0x04;
        *p++ = sib(m, m.base & 7);
    } else {
        *p++ = (uint8_t)(mod | r | (m.base & 7));
    }
    if (mod == 0x40)
        *p++ = (uint8_t)(int8_t)m.disp;
    else if (mod == 0x80)
        p = u32(p, (uint32_t)m.disp);
    return p;
}

/* op r/m(rm), r(reg) with an optional 0x0f escape. */
static inline uint8_t *op_rr(uint8_t *p, int w, bool esc, uint8_t op, int reg, int rm)
{
    p = rex_rr(p, w, reg, rm, false);
    if (esc)
        *p++ = 0x0f;
    *p++ = op;
    return modrm_rr(p, reg, rm);
}

static inline uint8_t *op_rm(uint8_t *p, int w, bool esc, uint8_t op, int reg, x64_mem m)
{
    p = rex_mem(p, w, reg, m, false);
    if (esc)
        *p++ = 0x0f;
    *p++ = op;
    return modrm_mem(p, reg, m);
}

/* The one-part instructions, register-register and memory: most of the
 * public functions are one of these, and inline in each (a call more per
 * instruction was a twentieth of compiling). */
static inline void emit_rr(x64_asm *a, int w, bool esc, uint8_t op, int reg, int rm)
{
    end(a, op_rr(begin(a), w, esc, op, reg, rm));
}

static inline void emit_rm(x64_asm *a, int w, bool esc, uint8_t op, int reg, x64_mem m)
{
    end(a, op_rm(begin(a), w, esc, op, reg, m));
}

/* The same after a legacy prefix byte. */
static inline void emit_prr(x64_asm *a, uint8_t prefix, int w, bool esc, uint8_t op, int reg,
                            int rm)
{
    uint8_t *p = begin(a);
    *p++ = prefix;
    end(a, op_rr(p, w, esc, op, reg, rm));
}

static inline void emit_prm(x64_asm *a, uint8_t prefix, int w, bool esc, uint8_t op, int reg,
                            x64_mem m)
{
    uint8_t *p = begin(a);
    *p++ = prefix;
    end(a, op_rm(p, w, esc, op, reg, m));
}

/* ---- integer ---- */

void x64_mov_rr(x64_asm *a, int w, int dst, int src)
{
    emit_rr(a, w, false, 0x89, src, dst);
}

void x64_mov_ri(x64_asm *a, int w, int dst, uint64_t imm)
{
    uint8_t *p = begin(a);
    if (w == 4 || imm <= UINT32_MAX) {   /* mov r32, imm32 zero-extends */
        p = rex_rr(p, 4, 0, dst, false);
        *p++ = (uint8_t)(0xb8 | (dst & 7));
        p = u32(p, (uint32_t)imm);
    } else if ((int64_t)imm >= INT32_MIN && (int64_t)imm <= INT32_MAX) {
        p = rex_rr(p, 8, 0, dst, false);   /* mov r/m64, imm32 sign-extends */
        *p++ = 0xc7;
        p = modrm_rr(p, 0, dst);
        p = u32(p, (uint32_t)imm);
    } else {
        p = rex_rr(p, 8, 0, dst, false);
        *p++ = (uint8_t)(0xb8 | (dst & 7));
        p = u32(p, (uint32_t)imm);
        p = u32(p, (uint32_t)(imm >> 32));
    }
    end(a, p);
}

void x64_load(x64_asm *a, int w, int dst, x64_mem m)
{
    emit_rm(a, w, false, 0x8b, dst, m);
}

void x64_store(x64_asm *a, int w, x64_mem m, int src)
{
    uint8_t *p = begin(a);
    if (w == 2)
        *p++ = 0x66;
    p = rex_mem(p, w, src, m, w == 1);
    *p++ = w == 1 ? 0x88 : 0x89;
    end(a, modrm_mem(p, src, m));
}

void x64_store_i(x64_asm *a, int w, x64_mem m, int32_t imm)
{
    end(a, u32(op_rm(begin(a), w, false, 0xc7, 0, m), (uint32_t)imm));
}

void x64_load_zx(x64_asm *a, int w, int dst, x64_mem m, int from)
{
    if (from == 4)
        emit_rm(a, 4, false, 0x8b, dst, m);   /* a 32-bit load zero-extends */
    else
        emit_rm(a, w, true, from == 1 ? 0xb6 : 0xb7, dst, m);
}

void x64_load_sx(x64_asm *a, int w, int dst, x64_mem m, int from)
{
    if (from == 4)
        emit_rm(a, 8, false, 0x63, dst, m);   /* movsxd */
    else
        emit_rm(a, w, true, from == 1 ? 0xbe : 0xbf, dst, m);
}

void x64_movsx_rr(x64_asm *a, int w, int dst, int src, int from)
{
    if (from == 4) {
        emit_rr(a, 8, false, 0x63, dst, src);
        return;
    }
    uint8_t *p = rex_rr(begin(a), w, dst, src, from == 1);
    *p++ = 0x0f;
    *p++ = from == 1 ? 0xbe : 0xbf;
    end(a, modrm_rr(p, dst, src));
}

void x64_movzx_rr(x64_asm *a, int dst, int src, int from)
{
    uint8_t *p = rex_rr(begin(a), 4, dst, src, from == 1);
    *p++ = 0x0f;
    *p++ = from == 1 ? 0xb6 : 0xb7;
    end(a, modrm_rr(p, dst, src));
}

void x64_lea(x64_asm *a, int w, int dst, x64_mem m)
{
    emit_rm(a, w, false, 0x8d, dst, m);
}

void x64_alu_rr(x64_asm *a, x64_alu op, int w, int dst, int src)
{
    emit_rr(a, w, false, (uint8_t)(op << 3 | 1), src, dst);
}

void x64_alu_ri(x64_asm *a, x64_alu op, int w, int dst, int32_t imm)
{
    end(a, imm8_32(op_rr(begin(a), w, false, fits8(imm) ? 0x83 : 0x81, op, dst), imm));
}

void x64_alu_rm(x64_asm *a, x64_alu op, int w, int dst, x64_mem m)
{
    emit_rm(a, w, false, (uint8_t)(op << 3 | 3), dst, m);
}

void x64_alu_mi(x64_asm *a, x64_alu op, int w, x64_mem m, int32_t imm)
{
    end(a, imm8_32(op_rm(begin(a), w, false, fits8(imm) ? 0x83 : 0x81, op, m), imm));
}

void x64_test_rr(x64_asm *a, int w, int r1, int r2)
{
    emit_rr(a, w, false, 0x85, r2, r1);
}

void x64_imul_rr(x64_asm *a, int w, int dst, int src)
{
    emit_rr(a, w, true, 0xaf, dst, src);
}

void x64_imul_rri(x64_asm *a, int w, int dst, int src, int32_t imm)
{
    end(a, imm8_32(op_rr(begin(a), w, false, fits8(imm) ? 0x6b : 0x69, dst, src), imm));
}

void x64_neg(x64_asm *a, int w, int r)
{
    emit_rr(a, w, false, 0xf7, 3, r);
}

void x64_div(x64_asm *a, int w, bool is_signed, int src)
{
    emit_rr(a, w, false, 0xf7, is_signed ? 7 : 6, src);
}

void x64_sign_extend_rax(x64_asm *a, int w)
{
    uint8_t *p = begin(a);
    if (w == 8)
        *p++ = 0x48;
    *p++ = 0x99;
    end(a, p);
}

void x64_shift_cl(x64_asm *a, x64_shift op, int w, int r)
{
    emit_rr(a, w, false, 0xd3, op, r);
}

void x64_shift_ri(x64_asm *a, x64_shift op, int w, int r, uint8_t imm)
{
    uint8_t *p = op_rr(begin(a), w, false, 0xc1, op, r);
    *p++ = imm;
    end(a, p);
}

void x64_bitcount(x64_asm *a, int op, int w, int dst, int src)
{
    emit_prr(a, 0xf3, w, true, (uint8_t)op, dst, src);
}

void x64_bsr(x64_asm *a, int w, int dst, int src)
{
    emit_rr(a, w, true, 0xbd, dst, src);
}

void x64_bsf(x64_asm *a, int w, int dst, int src)
{
    emit_rr(a, w, true, 0xbc, dst, src);
}

void x64_setcc(x64_asm *a, x64_cc cc, int r)
{
    uint8_t *p = rex_rr(begin(a), 4, 0, r, true);
    *p++ = 0x0f;
    *p++ = (uint8_t)(0x90 | cc);
    end(a, modrm_rr(p, 0, r));
}

void x64_cmov(x64_asm *a, x64_cc cc, int w, int dst, int src)
{
    emit_rr(a, w, true, (uint8_t)(0x40 | cc), dst, src);
}

void x64_push(x64_asm *a, int r)
{
    uint8_t *p = rex_rr(begin(a), 4, 0, r, false);
    *p++ = (uint8_t)(0x50 | (r & 7));
    end(a, p);
}

void x64_pop(x64_asm *a, int r)
{
    uint8_t *p = rex_rr(begin(a), 4, 0, r, false);
    *p++ = (uint8_t)(0x58 | (r & 7));
    end(a, p);
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

/* Ends an instruction begun at `start` (at position `pos`) with the 32-bit
 * displacement at p, of a jump (or RIP-relative operand) that ends right
 * after it: to the label if bound, else linked into its chain. */
static void end_target32(x64_asm *a, const uint8_t *start, uint32_t pos, uint8_t *p,
                         x64_label *l)
{
    uint32_t at = pos + (uint32_t)(p - start);
    if (l->pos >= 0) {
        p = u32(p, (uint32_t)(l->pos - (int32_t)(at + 4)));
    } else {
        p = u32(p, (uint32_t)l->chain);
        if (!a->code.failed)
            l->chain = (int32_t)at;
    }
    end(a, p);
}

void x64_jmp(x64_asm *a, x64_label *l)
{
    uint32_t pos = x64_pos(a);
    uint8_t *start = begin(a), *p = start;
    if (l->pos >= 0 && fits8(l->pos - (int32_t)(pos + 2))) {
        *p++ = 0xeb;
        *p++ = (uint8_t)(int8_t)(l->pos - (int32_t)(pos + 2));
        end(a, p);
        return;
    }
    *p++ = 0xe9;
    end_target32(a, start, pos, p, l);
}

void x64_jcc(x64_asm *a, x64_cc cc, x64_label *l)
{
    uint32_t pos = x64_pos(a);
    uint8_t *start = begin(a), *p = start;
    if (l->pos >= 0 && fits8(l->pos - (int32_t)(pos + 2))) {
        *p++ = (uint8_t)(0x70 | cc);
        *p++ = (uint8_t)(int8_t)(l->pos - (int32_t)(pos + 2));
        end(a, p);
        return;
    }
    *p++ = 0x0f;
    *p++ = (uint8_t)(0x80 | cc);
    end_target32(a, start, pos, p, l);
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
    emit_rr(a, 4, false, 0xff, 2, r);
}

void x64_call_m(x64_asm *a, x64_mem m)
{
    emit_rm(a, 4, false, 0xff, 2, m);
}

void x64_jmp_r(x64_asm *a, int r)
{
    emit_rr(a, 4, false, 0xff, 4, r);
}

void x64_lea_label(x64_asm *a, int dst, x64_label *l)
{
    uint32_t pos = x64_pos(a);
    uint8_t *start = begin(a);
    uint8_t *p = rex_rr(start, 8, dst, 0, false);
    *p++ = 0x8d;
    *p++ = (uint8_t)((dst & 7) << 3 | 5);   /* mod 00, rm 101: [rip + disp32] */
    end_target32(a, start, pos, p, l);
}

void x64_ret(x64_asm *a)
{
    uint8_t *p = begin(a);
    *p++ = 0xc3;
    end(a, p);
}

void x64_ud2(x64_asm *a)
{
    uint8_t *p = begin(a);
    *p++ = 0x0f;
    *p++ = 0x0b;
    end(a, p);
}

void x64_rep_movsq(x64_asm *a)
{
    uint8_t *p = begin(a);
    *p++ = 0xf3;
    *p++ = 0x48;
    *p++ = 0xa5;
    end(a, p);
}

void x64_align(x64_asm *a, uint32_t n)
{
    while (x64_pos(a) % n && !a->code.failed)
        kn_buf_byte(&a->code, 0xcc);   /* int3: never run, it pads data */
}

/* ---- scalar floating point ---- */

/* The prefix of a scalar operation (F2 double, F3 single), or of a packed
 * bitwise one (66 double, none single). */
static uint8_t *sse_prefix(uint8_t *p, x64_sse op, bool dbl)
{
    bool packed = op == X64_ANDP || op == X64_ORP || op == X64_XORP;
    if (packed) {
        if (dbl)
            *p++ = 0x66;
    } else {
        *p++ = dbl ? 0xf2 : 0xf3;
    }
    return p;
}

void x64_sse_xx(x64_asm *a, x64_sse op, bool dbl, int dst, int src)
{
    end(a, op_rr(sse_prefix(begin(a), op, dbl), 4, true, (uint8_t)op, dst, src));
}

void x64_sse_xm(x64_asm *a, x64_sse op, bool dbl, int dst, x64_mem m)
{
    end(a, op_rm(sse_prefix(begin(a), op, dbl), 4, true, (uint8_t)op, dst, m));
}

void x64_movs_xx(x64_asm *a, bool dbl, int dst, int src)
{
    (void)dbl;
    emit_rr(a, 4, true, 0x28, dst, src);
}

void x64_movs_load(x64_asm *a, bool dbl, int dst, x64_mem m)
{
    emit_prm(a, dbl ? 0xf2 : 0xf3, 4, true, 0x10, dst, m);
}

void x64_movs_store(x64_asm *a, bool dbl, x64_mem m, int src)
{
    emit_prm(a, dbl ? 0xf2 : 0xf3, 4, true, 0x11, src, m);
}

void x64_movd_xr(x64_asm *a, int w, int dst, int src)
{
    emit_prr(a, 0x66, w, true, 0x6e, dst, src);
}

void x64_movd_rx(x64_asm *a, int w, int dst, int src)
{
    emit_prr(a, 0x66, w, true, 0x7e, src, dst);
}

void x64_ucomis(x64_asm *a, bool dbl, int x1, int x2)
{
    if (dbl)
        emit_prr(a, 0x66, 4, true, 0x2e, x1, x2);
    else
        emit_rr(a, 4, true, 0x2e, x1, x2);
}

void x64_cvtsi2s(x64_asm *a, bool dbl, int w, int dst, int src)
{
    emit_prr(a, dbl ? 0xf2 : 0xf3, w, true, 0x2a, dst, src);
}

void x64_cvtts2si(x64_asm *a, bool dbl, int w, int dst, int src)
{
    emit_prr(a, dbl ? 0xf2 : 0xf3, w, true, 0x2c, dst, src);
}

void x64_cvts2s(x64_asm *a, bool to_dbl, int dst, int src)
{
    emit_prr(a, to_dbl ? 0xf3 : 0xf2, 4, true, 0x5a, dst, src);
}

void x64_rounds(x64_asm *a, bool dbl, int dst, int src, uint8_t mode)
{
    uint8_t *p = begin(a);
    *p++ = 0x66;
    p = rex_rr(p, 4, dst, src, false);
    *p++ = 0x0f;
    *p++ = 0x3a;
    *p++ = dbl ? 0x0b : 0x0a;
    p = modrm_rr(p, dst, src);
    *p++ = mode;
    end(a, p);
}

/* ---- vectors ---- */

void x64_movdqu_load(x64_asm *a, int dst, x64_mem m)
{
    emit_prm(a, 0xf3, 4, true, 0x6f, dst, m);
}

void x64_movdqu_store(x64_asm *a, x64_mem m, int src)
{
    emit_prm(a, 0xf3, 4, true, 0x7f, src, m);
}
