/*
 * x64_encode.c -- the JIT's instruction encoder (src/jit/x64.c) against
 * GNU objdump's disassembler: x86_64-linux-gnu-objdump, Debian's
 * binutils-x86-64-linux-gnu (installed by tests/setup.sh), which is the
 * x86-64 objdump on any host.
 *
 * Every emitter is called over every register of each operand (RSP, RBP,
 * R12 and R13 are where ModRM and SIB have exceptions, R8-R15 and the byte
 * registers SPL-DIL need REX) and over memory operands of every base, with
 * and without an index, at displacements of no, 8 and 32 bits; the SSE and
 * vector forms over all sixteen XMM registers. Each call is one case: the
 * instructions it should be, written in objdump's Intel syntax from the
 * operands (tables of names below, not from the encoder). All cases go
 * into one buffer that objdump decodes once; a case passes when the
 * instructions decoded from its bytes, and no more, are the expected ones
 * and the last ends where the case ends.
 *
 * objdump's text is compared with single spaces, and "+0x0]" read as "]":
 * [rbp] and [r13] have only a form with a displacement (x64.c modrm_mem),
 * and that is the encoder's business as long as the operand is the same.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jit/x64.h"
#include "check.h"

static const char *const r64[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                  "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const r32[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                                  "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"};
static const char *const r16[] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
                                  "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w"};
static const char *const r8[] = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
                                 "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b"};
static const char *const cc_name[] = {"o", "no", "b", "ae", "e", "ne", "be", "a",
                                      "s", "ns", "p", "np", "l", "ge", "le", "g"};

static const char *reg(int w, int r)
{
    return w == 8 ? r64[r] : w == 4 ? r32[r] : w == 2 ? r16[r] : r8[r];
}

static const char *ptr(int w)
{
    return w == 16 ? "XMMWORD PTR " : w == 8 ? "QWORD PTR " : w == 4 ? "DWORD PTR "
                   : w == 2 ? "WORD PTR " : "BYTE PTR ";
}

/* ---- the cases ---- */

/* Text made comparable, objdump's and the expected: single spaces,
 * "+0x0]" as "]". */
static void normalize(char *s)
{
    char *out = s;
    for (const char *p = s; *p;) {
        if (strncmp(p, "+0x0]", 5) == 0) {
            *out++ = ']';
            p += 5;
        } else if (*p == ' ' || *p == '\t') {
            while (*p == ' ' || *p == '\t')
                p++;
            if (out != s && *p)
                *out++ = ' ';
        } else {
            *out++ = *p++;
        }
    }
    *out = 0;
}

typedef struct test_case {
    uint32_t start, end;   /* its bytes in the buffer */
    char *expect;          /* its instructions, "; " between them */
} test_case;

static x64_asm as;
static test_case *cases;
static size_t ncases, cap;
static uint32_t case_start;

static void begin(void)
{
    case_start = x64_pos(&as);
}

/* Ends the case begun last: what it emitted should be `fmt`. */
static void expect(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void expect(const char *fmt, ...)
{
    char text[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    normalize(text);
    if (ncases == cap) {
        cap = cap ? cap * 2 : 1024;
        cases = realloc(cases, cap * sizeof *cases);
        if (!cases)
            abort();
    }
    cases[ncases++] = (test_case){case_start, x64_pos(&as), strdup(text)};
}

/* objdump's text of a memory operand (without its size). */
static const char *mem_text(x64_mem m)
{
    static char text[64];
    int n = snprintf(text, sizeof text, "[");
    if (m.base != X64_NOREG)
        n += snprintf(text + n, sizeof text - (size_t)n, "%s", r64[m.base]);
    if (m.index != X64_NOREG)
        n += snprintf(text + n, sizeof text - (size_t)n, "%s%s*%u",
                      m.base != X64_NOREG ? "+" : "", r64[m.index], m.scale);
    if (m.disp > 0)
        n += snprintf(text + n, sizeof text - (size_t)n, "+0x%" PRIx32, (uint32_t)m.disp);
    else if (m.disp < 0)
        n += snprintf(text + n, sizeof text - (size_t)n, "-0x%" PRIx32, -(uint32_t)m.disp);
    snprintf(text + n, sizeof text - (size_t)n, "]");
    return text;
}

/* An immediate as objdump shows it: sign-extended to the operand width. */
static uint64_t imm_w(int w, int32_t imm)
{
    return w == 8 ? (uint64_t)(int64_t)imm : (uint64_t)(uint32_t)imm;
}

/* Memory operands: every base with no displacement, an 8-bit and a
 * 32-bit one, with and without an index (every index but RSP, which
 * cannot be one, at each scale), and an index without a base. */
static x64_mem mems[16 * 3 * 3 + 15 * 4 + 1];
static size_t nmems;

static void make_mems(void)
{
    static const int32_t disps[] = {0, -0x80, 0x12345678};
    static const int indexes[] = {X64_NOREG, X64_RBP, X64_R13};
    for (int b = 0; b < 16; b++)
        for (int d = 0; d < 3; d++)
            for (int i = 0; i < 3; i++)
                mems[nmems++] = (x64_mem){(int8_t)b, (int8_t)indexes[i], 1, disps[d]};
    for (int i = 0; i < 16; i++)
        if (i != X64_RSP)
            for (uint8_t s = 1; s <= 8; s *= 2)
                mems[nmems++] = (x64_mem){X64_RBX, (int8_t)i, s, 0x7f};
    mems[nmems++] = (x64_mem){X64_NOREG, X64_R9, 8, 0x40};
}

/* ---- integer ---- */

static const char *alu_name(x64_alu op)
{
    switch (op) {
    case X64_ADD: return "add";
    case X64_OR: return "or";
    case X64_AND: return "and";
    case X64_SUB: return "sub";
    case X64_XOR: return "xor";
    case X64_CMP: return "cmp";
    }
    return "?";
}

static const x64_alu alus[] = {X64_ADD, X64_OR, X64_AND, X64_SUB, X64_XOR, X64_CMP};

static void integer_rr(void)
{
    for (int w = 4; w <= 8; w += 4)
        for (int d = 0; d < 16; d++)
            for (int s = 0; s < 16; s++) {
                begin(); x64_mov_rr(&as, w, d, s);
                expect("mov %s,%s", reg(w, d), reg(w, s));
                for (size_t i = 0; i < sizeof alus / sizeof alus[0]; i++) {
                    begin(); x64_alu_rr(&as, alus[i], w, d, s);
                    expect("%s %s,%s", alu_name(alus[i]), reg(w, d), reg(w, s));
                }
                begin(); x64_test_rr(&as, w, d, s);
                expect("test %s,%s", reg(w, d), reg(w, s));
                begin(); x64_imul_rr(&as, w, d, s);
                expect("imul %s,%s", reg(w, d), reg(w, s));
                begin(); x64_imul_rri(&as, w, d, s, 3);
                expect("imul %s,%s,0x3", reg(w, d), reg(w, s));
                begin(); x64_imul_rri(&as, w, d, s, -1000);
                expect("imul %s,%s,0x%" PRIx64, reg(w, d), reg(w, s), imm_w(w, -1000));
                begin(); x64_bsr(&as, w, d, s);
                expect("bsr %s,%s", reg(w, d), reg(w, s));
                begin(); x64_bsf(&as, w, d, s);
                expect("bsf %s,%s", reg(w, d), reg(w, s));
                begin(); x64_bitcount(&as, X64_LZCNT, w, d, s);
                expect("lzcnt %s,%s", reg(w, d), reg(w, s));
                begin(); x64_bitcount(&as, X64_TZCNT, w, d, s);
                expect("tzcnt %s,%s", reg(w, d), reg(w, s));
                begin(); x64_bitcount(&as, X64_POPCNT, w, d, s);
                expect("popcnt %s,%s", reg(w, d), reg(w, s));
                begin(); x64_cmov(&as, (x64_cc)((d + s) % 16), w, d, s);
                expect("cmov%s %s,%s", cc_name[(d + s) % 16], reg(w, d), reg(w, s));
                begin(); x64_movsx_rr(&as, w, d, s, 1);
                expect("movsx %s,%s", reg(w, d), reg(1, s));
                begin(); x64_movsx_rr(&as, w, d, s, 2);
                expect("movsx %s,%s", reg(w, d), reg(2, s));
                if (w == 8) {
                    begin(); x64_movsx_rr(&as, w, d, s, 4);
                    expect("movsxd %s,%s", reg(8, d), reg(4, s));
                }
                if (w == 4) {
                    begin(); x64_movzx_rr(&as, d, s, 1);
                    expect("movzx %s,%s", reg(4, d), reg(1, s));
                    begin(); x64_movzx_rr(&as, d, s, 2);
                    expect("movzx %s,%s", reg(4, d), reg(2, s));
                }
            }
}

static void integer_r(void)
{
    static const x64_shift shifts[] = {X64_ROL, X64_ROR, X64_SHL, X64_SHR, X64_SAR};
    static const char *const shift_names[] = {"rol", "ror", "shl", "shr", "sar"};
    static const int32_t imms[] = {0, 1, 0x7f, -0x80, 0x80, -0x81, 0x7fffffff, INT32_MIN};
    for (int r = 0; r < 16; r++) {
        for (int w = 4; w <= 8; w += 4) {
            begin(); x64_neg(&as, w, r);
            expect("neg %s", reg(w, r));
            begin(); x64_div(&as, w, true, r);
            expect("idiv %s", reg(w, r));
            begin(); x64_div(&as, w, false, r);
            expect("div %s", reg(w, r));
            for (int i = 0; i < 5; i++) {
                begin(); x64_shift_cl(&as, shifts[i], w, r);
                expect("%s %s,cl", shift_names[i], reg(w, r));
                begin(); x64_shift_ri(&as, shifts[i], w, r, (uint8_t)(w * 8 - 1));
                expect("%s %s,0x%x", shift_names[i], reg(w, r), w * 8 - 1);
            }
            for (size_t i = 0; i < sizeof imms / sizeof imms[0]; i++)
                for (size_t o = 0; o < sizeof alus / sizeof alus[0]; o++) {
                    begin(); x64_alu_ri(&as, alus[o], w, r, imms[i]);
                    expect("%s %s,0x%" PRIx64, alu_name(alus[o]), reg(w, r),
                           imm_w(w, imms[i]));
                }
        }
        /* The shortest form of each: 32-bit moves zero-extend, so a 64-bit
         * value that fits 32 bits unsigned takes the 32-bit move. */
        static const uint64_t values[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff,
                                          0x100000000, 0xffffffff80000000,
                                          0xffffffffffffffff, 0x123456789abcdef0};
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
            uint64_t v = values[i];
            begin(); x64_mov_ri(&as, 8, r, v);
            if (v <= UINT32_MAX)
                expect("mov %s,0x%" PRIx64, reg(4, r), v);
            else if ((int64_t)v >= INT32_MIN && (int64_t)v <= INT32_MAX)
                expect("mov %s,0x%" PRIx64, reg(8, r), v);
            else
                expect("movabs %s,0x%" PRIx64, reg(8, r), v);
            if (v <= UINT32_MAX) {
                begin(); x64_mov_ri(&as, 4, r, v);
                expect("mov %s,0x%" PRIx64, reg(4, r), v);
            }
        }
        for (int cc = 0; cc < 16; cc++) {
            begin(); x64_setcc(&as, (x64_cc)cc, r);
            expect("set%s %s", cc_name[cc], reg(1, r));
        }
        begin(); x64_push(&as, r);
        expect("push %s", reg(8, r));
        begin(); x64_pop(&as, r);
        expect("pop %s", reg(8, r));
        begin(); x64_call_r(&as, r);
        expect("call %s", reg(8, r));
        begin(); x64_jmp_r(&as, r);
        expect("jmp %s", reg(8, r));
    }
    begin(); x64_sign_extend_rax(&as, 4);
    expect("cdq");
    begin(); x64_sign_extend_rax(&as, 8);
    expect("cqo");
    begin(); x64_ret(&as);
    expect("ret");
    begin(); x64_ud2(&as);
    expect("ud2");
    begin(); x64_rep_movsq(&as);
    expect("rep movs QWORD PTR es:[rdi],QWORD PTR ds:[rsi]");
}

/* The memory forms, each with every register and every memory operand. */
static void integer_mem(void)
{
    for (size_t k = 0; k < nmems; k++) {
        x64_mem m = mems[k];
        char mt[64];
        snprintf(mt, sizeof mt, "%s", mem_text(m));
        for (int r = 0; r < 16; r++) {
            for (int w = 4; w <= 8; w += 4) {
                begin(); x64_load(&as, w, r, m);
                expect("mov %s,%s%s", reg(w, r), ptr(w), mt);
                begin(); x64_lea(&as, w, r, m);
                expect("lea %s,%s", reg(w, r), mt);
                begin(); x64_alu_rm(&as, alus[r % 6], w, r, m);
                expect("%s %s,%s%s", alu_name(alus[r % 6]), reg(w, r), ptr(w), mt);
                begin(); x64_load_zx(&as, w, r, m, 1);
                expect("movzx %s,%s%s", reg(w, r), ptr(1), mt);
                begin(); x64_load_zx(&as, w, r, m, 2);
                expect("movzx %s,%s%s", reg(w, r), ptr(2), mt);
                begin(); x64_load_sx(&as, w, r, m, 1);
                expect("movsx %s,%s%s", reg(w, r), ptr(1), mt);
                begin(); x64_load_sx(&as, w, r, m, 2);
                expect("movsx %s,%s%s", reg(w, r), ptr(2), mt);
            }
            begin(); x64_load_zx(&as, 8, r, m, 4);
            expect("mov %s,%s%s", reg(4, r), ptr(4), mt);
            begin(); x64_load_sx(&as, 8, r, m, 4);
            expect("movsxd %s,%s%s", reg(8, r), ptr(4), mt);
            for (int w = 1; w <= 8; w *= 2) {
                begin(); x64_store(&as, w, m, r);
                expect("mov %s%s,%s", ptr(w), mt, reg(w, r));
            }
        }
        for (int w = 4; w <= 8; w += 4) {
            begin(); x64_store_i(&as, w, m, -2);
            expect("mov %s%s,0x%" PRIx64, ptr(w), mt, imm_w(w, -2));
            begin(); x64_alu_mi(&as, alus[k % 6], w, m, 0x100);
            expect("%s %s%s,0x100", alu_name(alus[k % 6]), ptr(w), mt);
            begin(); x64_alu_mi(&as, alus[(k + 1) % 6], w, m, -1);
            expect("%s %s%s,0x%" PRIx64, alu_name(alus[(k + 1) % 6]), ptr(w), mt, imm_w(w, -1));
        }
        begin(); x64_call_m(&as, m);
        expect("call %s%s", ptr(8), mt);
    }
}

/* ---- control: labels bound before and after their jumps ---- */

/* objdump's RIP-relative operand to `target` of an instruction that ends
 * at `end`: the displacement sign-extended to 64 bits. */
static const char *rip_text(uint32_t target, uint32_t end)
{
    static char text[48];
    snprintf(text, sizeof text, "[rip+0x%" PRIx64 "]", (uint64_t)((int64_t)target - end));
    return text;
}

static void control(void)
{
    /* backward: short (8-bit) and, past 127 bytes, long */
    x64_label back = x64_label_new();
    x64_bind(&as, &back);
    uint32_t target = x64_pos(&as);
    for (int cc = 0; cc < 16; cc++) {
        begin(); x64_jcc(&as, (x64_cc)cc, &back);
        expect("j%s 0x%" PRIx32, cc_name[cc], target);
    }
    begin(); x64_jmp(&as, &back);
    expect("jmp 0x%" PRIx32, target);
    begin(); x64_lea_label(&as, X64_R12, &back);
    expect("lea r12,%s # 0x%" PRIx32, rip_text(target, x64_pos(&as)), target);
    while (x64_pos(&as) - target < 200)   /* out of reach of 8 bits; not a case */
        x64_ud2(&as);
    for (int cc = 0; cc < 16; cc++) {
        begin(); x64_jcc(&as, (x64_cc)cc, &back);
        expect("j%s 0x%" PRIx32, cc_name[cc], target);
    }
    begin(); x64_jmp(&as, &back);
    expect("jmp 0x%" PRIx32, target);

    /* forward: jumps chained until the label is bound */
    x64_label fwd = x64_label_new();
    size_t first = ncases;
    for (int r = 0; r < 16; r++) {
        begin(); x64_jcc(&as, (x64_cc)r, &fwd);
        expect("j%s", cc_name[r]);
        begin(); x64_jmp(&as, &fwd);
        expect("jmp");
        begin(); x64_lea_label(&as, r, &fwd);
        expect("lea %s", reg(8, r));
    }
    x64_bind(&as, &fwd);
    target = x64_pos(&as);
    for (size_t i = first; i < ncases; i++) {   /* now that the target is known */
        char text[256];
        if (strncmp(cases[i].expect, "lea", 3) == 0)
            snprintf(text, sizeof text, "%s,%s # 0x%" PRIx32, cases[i].expect,
                     rip_text(target, cases[i].end), target);
        else
            snprintf(text, sizeof text, "%s 0x%" PRIx32, cases[i].expect, target);
        normalize(text);
        free(cases[i].expect);
        cases[i].expect = strdup(text);
    }
    begin(); x64_align(&as, 16);
    char pad[256] = "";
    for (uint32_t i = case_start; i < x64_pos(&as); i++)
        strcat(pad, i == case_start ? "int3" : "; int3");
    if (x64_pos(&as) > case_start)
        expect("%s", pad);
    CHECK(x64_pos(&as) % 16 == 0);
}

/* ---- scalar floating point and vectors ---- */

static void sse(void)
{
    static const struct { x64_sse op; const char *name; bool packed; } ops[] = {
        {X64_SQRT, "sqrt", false}, {X64_ANDP, "and", true}, {X64_ORP, "or", true},
        {X64_XORP, "xor", true}, {X64_ADDS, "add", false}, {X64_MULS, "mul", false},
        {X64_SUBS, "sub", false}, {X64_MINS, "min", false}, {X64_DIVS, "div", false},
        {X64_MAXS, "max", false},
    };
    for (int d = 0; d < 16; d++)
        for (int s = 0; s < 16; s++) {
            for (int dbl = 0; dbl <= 1; dbl++) {
                for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
                    begin(); x64_sse_xx(&as, ops[i].op, dbl, d, s);
                    expect("%s%s%s xmm%d,xmm%d", ops[i].name, ops[i].packed ? "p" : "s",
                           dbl ? "d" : "s", d, s);
                }
                begin(); x64_ucomis(&as, dbl, d, s);
                expect("ucomis%s xmm%d,xmm%d", dbl ? "d" : "s", d, s);
                begin(); x64_rounds(&as, dbl, d, s, 9);
                expect("rounds%s xmm%d,xmm%d,0x9", dbl ? "d" : "s", d, s);
                for (int w = 4; w <= 8; w += 4) {
                    begin(); x64_cvtsi2s(&as, dbl, w, d, s);
                    expect("cvtsi2s%s xmm%d,%s", dbl ? "d" : "s", d, reg(w, s));
                    begin(); x64_cvtts2si(&as, dbl, w, d, s);
                    expect("cvtts%s2si %s,xmm%d", dbl ? "d" : "s", reg(w, d), s);
                }
            }
            begin(); x64_movs_xx(&as, true, d, s);
            expect("movaps xmm%d,xmm%d", d, s);
            begin(); x64_cvts2s(&as, true, d, s);
            expect("cvtss2sd xmm%d,xmm%d", d, s);
            begin(); x64_cvts2s(&as, false, d, s);
            expect("cvtsd2ss xmm%d,xmm%d", d, s);
            begin(); x64_movd_xr(&as, 4, d, s);
            expect("movd xmm%d,%s", d, reg(4, s));
            begin(); x64_movd_xr(&as, 8, d, s);
            expect("movq xmm%d,%s", d, reg(8, s));
            begin(); x64_movd_rx(&as, 4, d, s);
            expect("movd %s,xmm%d", reg(4, d), s);
            begin(); x64_movd_rx(&as, 8, d, s);
            expect("movq %s,xmm%d", reg(8, d), s);
        }
    for (size_t k = 0; k < nmems; k++) {
        x64_mem m = mems[k];
        char mt[64];
        snprintf(mt, sizeof mt, "%s", mem_text(m));
        for (int x = 0; x < 16; x++) {
            for (int dbl = 0; dbl <= 1; dbl++) {
                size_t i = (k + (size_t)x) % (sizeof ops / sizeof ops[0]);
                begin(); x64_sse_xm(&as, ops[i].op, dbl, x, m);
                expect("%s%s%s xmm%d,%s%s", ops[i].name, ops[i].packed ? "p" : "s",
                       dbl ? "d" : "s", x, ops[i].packed ? ptr(16) : ptr(dbl ? 8 : 4), mt);
                begin(); x64_movs_load(&as, dbl, x, m);
                expect("movs%s xmm%d,%s%s", dbl ? "d" : "s", x, ptr(dbl ? 8 : 4), mt);
                begin(); x64_movs_store(&as, dbl, m, x);
                expect("movs%s %s%s,xmm%d", dbl ? "d" : "s", ptr(dbl ? 8 : 4), mt, x);
            }
            begin(); x64_movdqu_load(&as, x, m);
            expect("movdqu xmm%d,%s%s", x, ptr(16), mt);
            begin(); x64_movdqu_store(&as, m, x);
            expect("movdqu %s%s,xmm%d", ptr(16), mt, x);
        }
    }
}

/* ---- objdump ---- */

typedef struct decoded {
    uint32_t addr;
    char *text;
} decoded;

/* Decodes `path` with objdump; the instructions in *out, their number
 * returned, or -1 when objdump could not be run. */
static long disassemble(const char *path, decoded **out)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "x86_64-linux-gnu-objdump -D -b binary -m i386:x86-64 -M intel --insn-width=16 "
             "'%s' 2>&1", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t n = 0, ncap = 0;
    decoded *list = NULL;
    char line[512];
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = 0;
        /* "   1f:\t48 89 c8   \tmov    rax,rcx" */
        char *colon = strchr(line, ':');
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!colon || !tab1 || !tab2 || tab1 != colon + 1)
            continue;
        char *end;
        unsigned long addr = strtoul(line, &end, 16);
        if (end != colon)
            continue;
        normalize(tab2 + 1);
        if (n == ncap) {
            ncap = ncap ? ncap * 2 : 4096;
            list = realloc(list, ncap * sizeof *list);
            if (!list)
                abort();
        }
        list[n++] = (decoded){(uint32_t)addr, strdup(tab2 + 1)};
    }
    if (pclose(p) != 0 || n == 0) {
        free(list);
        return -1;
    }
    *out = list;
    return (long)n;
}

int main(void)
{
    kn_buf_init(&as.code);
    make_mems();
    integer_rr();
    integer_r();
    integer_mem();
    control();
    sse();
    CHECK(!as.code.failed);

    char path[] = "/tmp/kiln-x64-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, as.code.data, as.code.len) == (ssize_t)as.code.len);
    if (fd >= 0)
        close(fd);
    decoded *list = NULL;
    long n = disassemble(path, &list);
    unlink(path);
    if (n < 0) {
        fprintf(stderr, "x64_encode: x86_64-linux-gnu-objdump did not run: `make test` "
                        "installs it (binutils-x86-64-linux-gnu, tests/setup.sh)\n");
        CHECK(n >= 0);
        return check_report();
    }

    /* Walks the cases and the decoded instructions side by side. */
    long at = 0;
    unsigned shown = 0;
    for (size_t c = 0; c < ncases; c++) {
        const test_case *tc = &cases[c];
        char got[1024] = "";
        while (at < n && list[at].addr < tc->start)   /* a previous case ran over */
            at++;
        bool aligned = at < n && list[at].addr == tc->start;
        while (at < n && list[at].addr < tc->end) {
            if (got[0])
                strncat(got, "; ", sizeof got - strlen(got) - 1);
            strncat(got, list[at].text, sizeof got - strlen(got) - 1);
            at++;
        }
        bool ends = at == n ? tc->end == as.code.len : list[at].addr == tc->end;
        bool ok = aligned && ends && strcmp(got, tc->expect) == 0;
        CHECK(ok);
        if (!ok && shown++ < 20) {
            fprintf(stderr, "  at 0x%" PRIx32 ":", tc->start);
            for (uint32_t i = tc->start; i < tc->end; i++)
                fprintf(stderr, " %02x", as.code.data[i]);
            fprintf(stderr, "\n    expected %s\n    objdump  %s%s\n", tc->expect, got,
                    ends ? "" : " (and past the case's end)");
        }
    }
    printf("x64_encode: %zu cases, %" PRIu32 " bytes, %ld instructions decoded\n", ncases,
           (uint32_t)as.code.len, n);
    for (long i = 0; i < n; i++)
        free(list[i].text);
    free(list);
    for (size_t c = 0; c < ncases; c++)
        free(cases[c].expect);
    free(cases);
    kn_buf_free(&as.code);
    return check_report();
}
