/*
 * codegen.c -- the interpreter's code of one function to x86-64 code.
 *
 * The input is the interpreter's register code (interp/internal.h): its
 * operands are already frame slots, its jumps resolved, its peephole
 * fusions made and its fuel costs counted, so the compiler is one walk
 * over it after two cheap passes:
 *
 *   1. Scan: every operation's operands (by its format), the jump targets,
 *      and how often each slot is used, weighted by the depth of the loops
 *      around the use (a backward jump closes a loop).
 *   2. Homes: the most used slots get registers for the whole function,
 *      general ones or xmm by the kind of value most of their uses see
 *      (internal.h). A slot has one home everywhere, so no two paths ever
 *      disagree where a value is: the code needs no moves at joins.
 *   3. Emit: each operation in turn (numeric and memory ones in ops.c),
 *      then the out-of-line stubs.
 *
 * An operation without machine code of its own (SIMD, bulk memory, tables,
 * the saturating truncations) is run by the interpreter in place
 * (kj_step): its operands are written to the frame, the interpreter runs a
 * copy of it, its results are read back. A function with an operation that
 * can be neither (none today) stays in the interpreter.
 *
 * Fuel and interrupts are charged where the interpreter charges them, with
 * its costs: on entry (the function's cost), at each LOOP and on each back
 * edge (the loop's), so fuel means the same in both tiers.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../base/vec.h"
#include "../runtime/guard.h"
#include "gen.h"

/* The general registers that may be homes, callee-saved first. */
static const int gpr_pool[] = {X64_RBX, X64_R12, X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10};
enum { NGPR_POOL = sizeof gpr_pool / sizeof gpr_pool[0], NXMM_POOL = 14, XMM_FIRST = 2 };

static bool callee_saved(int r)
{
    return r == X64_RBX || r == X64_R12;
}

/* ---- slots in registers ---- */

int iget(gen *g, int w, uint32_t s, int scratch)
{
    int r = gpr_home(g, s);
    if (r >= 0)
        return r;
    iload(g, w, scratch, s);
    return scratch;
}

void iload(gen *g, int w, int r, uint32_t s)
{
    int h = gpr_home(g, s), x = xmm_home(g, s);
    if (h >= 0) {
        if (h != r)
            x64_mov_rr(&g->a, w, r, h);
    } else if (is_const(g, s)) {
        x64_mov_ri(&g->a, w, r, const_of(g, s));
    } else if (x >= 0) {
        x64_movd_rx(&g->a, w, r, x);
    } else {
        x64_load(&g->a, w, r, slot_mem(s));
    }
}

isrc isrc_of(gen *g, int w, uint32_t s, int scratch)
{
    int h = gpr_home(g, s);
    if (h >= 0)
        return (isrc){SRC_REG, h, 0, {0}};
    if (is_const(g, s)) {
        uint64_t v = const_of(g, s);
        if (w == 4 || (int64_t)v == (int32_t)v)
            return (isrc){SRC_IMM, -1, (int32_t)v, {0}};
    } else if (xmm_home(g, s) < 0) {
        return (isrc){SRC_MEM, -1, 0, slot_mem(s)};
    }
    iload(g, w, scratch, s);
    return (isrc){SRC_REG, scratch, 0, {0}};
}

int idst(const gen *g, uint32_t d, int scratch)
{
    int h = gpr_home(g, d);
    return h >= 0 ? h : scratch;
}

void iput(gen *g, int w, uint32_t d, int r)
{
    int h = gpr_home(g, d), x = xmm_home(g, d);
    if (h >= 0) {
        if (h != r)
            x64_mov_rr(&g->a, w, h, r);
    } else if (x >= 0) {
        x64_movd_xr(&g->a, w, x, r);
    } else {
        x64_store(&g->a, w, slot_mem(d), r);
    }
}

int fget(gen *g, bool dbl, uint32_t s, int scratch)
{
    int x = xmm_home(g, s), h = gpr_home(g, s);
    if (x >= 0)
        return x;
    if (h >= 0) {
        x64_movd_xr(&g->a, dbl ? 8 : 4, scratch, h);
    } else if (is_const(g, s)) {
        x64_mov_ri(&g->a, 8, SR, const_of(g, s));
        x64_movd_xr(&g->a, 8, scratch, SR);
    } else {
        x64_movs_load(&g->a, dbl, scratch, slot_mem(s));
    }
    return scratch;
}

int fdst(const gen *g, uint32_t d, int scratch)
{
    int x = xmm_home(g, d);
    return x >= 0 ? x : scratch;
}

void fput(gen *g, bool dbl, uint32_t d, int x)
{
    int hx = xmm_home(g, d), h = gpr_home(g, d);
    if (hx >= 0) {
        if (hx != x)
            x64_movs_xx(&g->a, dbl, hx, x);
    } else if (h >= 0) {
        x64_movd_rx(&g->a, dbl ? 8 : 4, h, x);
    } else {
        x64_movs_store(&g->a, dbl, slot_mem(d), x);
    }
}

/* A slot's whole 64 bits from slot a to slot d, whatever they hold. */
static void copy_slot(gen *g, uint32_t d, uint32_t a)
{
    if (xmm_home(g, d) >= 0 && gpr_home(g, a) < 0 && !is_const(g, a)) {
        fput(g, true, d, fget(g, true, a, XA));
        return;
    }
    if (gpr_home(g, d) < 0 && xmm_home(g, d) < 0 && xmm_home(g, a) >= 0) {
        x64_movs_store(&g->a, true, slot_mem(d), xmm_home(g, a));
        return;
    }
    int r = idst(g, d, SA);
    iload(g, 8, r, a);
    iput(g, 8, d, r);
}

/* Writes every register home in `pool` (callee-saved or not) to the
 * frame, or reads it back: around code that reads or writes the frame,
 * or clobbers the caller-saved registers. */
static void sync_homes(gen *g, bool to_frame, bool volatile_only)
{
    for (uint32_t i = 0; i < g->nhomed; i++) {
        uint32_t s = g->homed[i];
        int h = gpr_home(g, s), x = xmm_home(g, s);
        if (h >= 0 && !(volatile_only && callee_saved(h))) {
            if (to_frame)
                x64_store(&g->a, 8, slot_mem(s), h);
            else
                x64_load(&g->a, 8, h, slot_mem(s));
        } else if (x >= 0) {
            if (to_frame)
                x64_movs_store(&g->a, true, slot_mem(s), x);
            else
                x64_movs_load(&g->a, true, x, slot_mem(s));
        }
    }
}

/* Reloads memory 0's base after something may have moved it: only a
 * memory without guard pages moves when it grows. */
static void reload_memory(gen *g)
{
#if !KN_GUARD_PAGES
    if (g->m->nmemories == 0)
        return;
    x64_load(&g->a, 8, X64_R15, x64_at(X64_R14, offsetof(kn_instance, memories)));
    x64_load(&g->a, 8, X64_R15, x64_at(X64_R15, 0));
    x64_load(&g->a, 8, X64_R15, x64_at(X64_R15, offsetof(kn_meminst, data)));
#else
    (void)g;
#endif
}

/* Calls C function `fn` (arguments set); rsp is aligned throughout a
 * function's body. */
static void call_c(gen *g, const void *fn)
{
    x64_mov_ri(&g->a, 8, SA, (uint64_t)(uintptr_t)fn);
    x64_call_r(&g->a, SA);
}

void jump_trap(gen *g, x64_cc cc, kn_trap_code code)
{
    x64_jcc(&g->a, cc, &g->traps[code]);
}

/* ---- out-of-line material ---- */

static bool push_step(gen *g, uint32_t pc, uint32_t len, x64_label **at)
{
    if (g->nsteps == g->capsteps &&
        !kn_grow((void **)&g->steps, &g->capsteps, g->nsteps + 1, sizeof *g->steps))
        return false;
    g->steps[g->nsteps] = (struct step){x64_label_new(), pc, len};
    *at = &g->steps[g->nsteps++].at;
    return true;
}

/*
 * The operation at pc, of `len` words, run by the interpreter: its frame
 * must hold every operand, and the register homes are read back after.
 * The interpreter gets a copy of the operation in its base form (it would
 * take an accumulator form's operand from its own register, not the slot),
 * followed by STOP; the copies sit after the function's code.
 */
void step_op(gen *g, uint32_t pc, uint32_t len)
{
    x64_label *at;
    if (!push_step(g, pc, len, &at)) {
        g->a.code.failed = true;
        return;
    }
    sync_homes(g, true, false);
    const char *f = kn_iop_format(g->ops[pc]);
    /* Constants are immediates elsewhere: the frame gets the ones this
     * operation reads, with the slot after each (a v128 constant's half). */
    for (uint32_t k = pc + 1; *f; f++, k++) {
        for (uint32_t s = g->ops[k]; *f == 's' && s <= g->ops[k] + 1 && is_const(g, s); s++) {
            x64_mov_ri(&g->a, 8, SA, const_of(g, s));
            x64_store(&g->a, 8, slot_mem(s), SA);
        }
        if (*f == 'V')
            k += 3;
    }
    x64_mov_rr(&g->a, 8, X64_RDI, X64_R13);
    x64_mov_rr(&g->a, 8, X64_RSI, X64_RBP);
    x64_lea_label(&g->a, X64_RDX, at);
    call_c(g, kj_step);
    sync_homes(g, false, false);
    reload_memory(g);
}

/* ---- fuel and interrupts ---- */

/* Charges `cost` when fuel or an interrupt is pending: the test of the
 * activation's poll word inline, the charge in a stub after the code
 * (charge_stub), so that a loop's body stays contiguous. */
static void charge(gen *g, uint32_t cost)
{
    if (g->ncharges == g->capcharges &&
        !kn_grow((void **)&g->charges, &g->capcharges, g->ncharges + 1, sizeof *g->charges)) {
        g->a.code.failed = true;
        return;
    }
    struct charge *c = &g->charges[g->ncharges++];
    *c = (struct charge){x64_label_new(), x64_label_new(), cost};
    _Static_assert(sizeof(((kn_activation *)0)->poll) == 4, "poll is tested as 32 bits");
    x64_alu_mi(&g->a, X64_CMP, 4, x64_at(X64_R13, offsetof(kn_activation, poll)), 0);
    x64_jcc(&g->a, X64_NE, &c->at);
    x64_bind(&g->a, &c->back);
}

/* The charge itself: it calls C, so it saves the caller-saved homes
 * around it. */
static void charge_stub(gen *g, struct charge *c)
{
    x64_bind(&g->a, &c->at);
    sync_homes(g, true, true);
    x64_mov_rr(&g->a, 8, X64_RDI, X64_R13);
    x64_mov_ri(&g->a, 8, X64_RSI, c->cost);
    call_c(g, kn_native_charge);
    sync_homes(g, false, true);
    x64_jmp(&g->a, &c->back);
}

/* ---- control ---- */

/* The target of the jump word at code index `at`. */
static uint32_t target_of(const gen *g, uint32_t at)
{
    return at + g->ops[at];
}

/* Jumps (on cc, or always for cc < 0) to the target of the jump word at
 * `at`; a backward jump is a loop's back edge and charges the loop's cost,
 * the word before its target (interp/exec.c's JUMP). */
static void jump(gen *g, int cc, uint32_t at)
{
    uint32_t t = target_of(g, at);
    if (t > at) {
        if (cc < 0)
            x64_jmp(&g->a, &g->labels[t]);
        else
            x64_jcc(&g->a, (x64_cc)cc, &g->labels[t]);
        return;
    }
    x64_label skip = x64_label_new();
    if (cc >= 0)
        x64_jcc(&g->a, x64_cc_not((x64_cc)cc), &skip);
    charge(g, g->ops[t - 1]);
    x64_jmp(&g->a, &g->labels[t]);
    x64_bind(&g->a, &skip);
}

/* Compares slots a and b (width w) for a conditional jump. */
static void compare(gen *g, int w, uint32_t a, uint32_t b)
{
    int ra = iget(g, w, a, SA);
    isrc src = isrc_of(g, w, b, SC);
    if (src.kind == SRC_IMM)
        x64_alu_ri(&g->a, X64_CMP, w, ra, src.imm);
    else if (src.kind == SRC_MEM)
        x64_alu_rm(&g->a, X64_CMP, w, ra, src.mem);
    else
        x64_alu_rr(&g->a, X64_CMP, w, ra, src.reg);
}

/* The condition of each compare-and-branch, signed and unsigned. */
static x64_cc brcmp_cc(uint32_t op, int *w)
{
    static const x64_cc cc[10] = {X64_E, X64_NE, X64_L, X64_B, X64_G, X64_A,
                                  X64_LE, X64_BE, X64_GE, X64_AE};
    if (op >= KN_IOP_BR_I32_EQ && op <= KN_IOP_BR_I32_GE_U) {
        *w = 4;
        return cc[op - KN_IOP_BR_I32_EQ];
    }
    *w = 8;
    return cc[op - KN_IOP_BR_I64_EQ];
}
_Static_assert(KN_IOP_BR_I32_GE_U - KN_IOP_BR_I32_EQ == 9 &&
               KN_IOP_BR_I64_GE_U - KN_IOP_BR_I64_EQ == 9, "compare-and-branch rows");

/* br_table [op][a][n][T0..Tn]: a table of 32-bit offsets after the code;
 * a backward entry goes through a stub that charges the loop. */
static void br_table(gen *g, uint32_t pc)
{
    const uint32_t *ip = g->ops + pc;
    uint32_t n = ip[2];
    if (g->ntables == g->captables &&
        !kn_grow((void **)&g->tables, &g->captables, g->ntables + 1, sizeof *g->tables)) {
        g->a.code.failed = true;
        return;
    }
    struct table *t = &g->tables[g->ntables++];
    *t = (struct table){x64_label_new(), pc};
    int r = iget(g, 4, ip[1], SA);
    x64_mov_rr(&g->a, 4, SA, r);   /* zero-extended */
    x64_mov_ri(&g->a, 4, SC, n);
    x64_alu_rr(&g->a, X64_CMP, 4, SA, SC);
    x64_cmov(&g->a, X64_A, 4, SA, SC);   /* past the end: the default */
    x64_lea_label(&g->a, SC, &t->at);
    x64_load_sx(&g->a, 8, SA, (x64_mem){X64_RCX, X64_RAX, 4, 0}, 4);
    x64_alu_rr(&g->a, X64_ADD, 8, SA, SC);
    x64_jmp_r(&g->a, SA);
}

/* Copies n slots from `from` down to `to` (to < from, so upward is right)
 * in the frame, the homes first written to it: machine code in proportion
 * to the code only for a few slots. */
enum { INLINE_MOVES = 8 };
static void frame_move(gen *g, uint32_t to, uint32_t from, uint32_t n)
{
    sync_homes(g, true, false);
    x64_lea(&g->a, 8, X64_RSI, slot_mem(from));
    x64_lea(&g->a, 8, X64_RDI, slot_mem(to));
    x64_mov_ri(&g->a, 4, X64_RCX, n);
    x64_rep_movsq(&g->a);
}

/* Moves the results to fp[0...], where the caller reads them, and returns. */
static void ret(gen *g, uint32_t from, uint32_t n)
{
    if (n > INLINE_MOVES) {
        frame_move(g, 0, from, n);
        x64_jmp(&g->a, &g->epilogue);
        return;
    }
    for (uint32_t k = 0; k < n; k++) {
        uint32_t s = from + k;
        int h = gpr_home(g, s), x = xmm_home(g, s);
        if (s == k && h < 0 && x < 0 && !is_const(g, s))
            continue;
        if (x >= 0) {
            x64_movs_store(&g->a, true, slot_mem(k), x);
        } else {
            iload(g, 8, SA, s);
            x64_store(&g->a, 8, slot_mem(k), SA);
        }
    }
    x64_jmp(&g->a, &g->epilogue);
}

/* ---- calls ---- */

/* The slots a call to a function of type `ft` passes and gets back. */
static uint32_t type_slots(uint32_t n, const kn_valtype *types)
{
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++)
        slots += kn_slot_width(types[i]);
    return slots;
}

/*
 * Calls the function in rax with its frame at argslot, after the
 * arguments are in the frame and the caller-saved homes saved. A
 * compiled callee of this instance is called directly: the caller's frame
 * pushed (exec.h's protocol), the activation's function set, rbp moved to
 * the callee's frame; anything else goes through kn_native_call.
 */
static void call_rax(gen *g, uint32_t argslot, bool same_instance)
{
    x64_asm *a = &g->a;
    x64_label slow = x64_label_new(), done = x64_label_new(), back = x64_label_new();
    x64_load(a, 8, SC, x64_at(SA, offsetof(kn_funcinst, code)));
    x64_test_rr(a, 8, SC, SC);
    x64_jcc(a, X64_E, &slow);
    x64_load(a, 8, SC, x64_at(SC, offsetof(kn_code, entry)));
    x64_test_rr(a, 8, SC, SC);
    x64_jcc(a, X64_E, &slow);
    if (!same_instance) {
        x64_alu_rm(a, X64_CMP, 8, X64_R14, x64_at(SA, offsetof(kn_funcinst, instance)));
        x64_jcc(a, X64_NE, &slow);
    }
    /* frames[depth] = {pc, fp, fn}, depth + 1 < max_depth */
    x64_load(a, 8, SD, x64_at(X64_R13, offsetof(kn_activation, state)));
    x64_load(a, 4, SR, x64_at(SD, offsetof(kn_exec_state, depth)));
    x64_lea(a, 4, SR, x64_at(SR, 1));
    x64_alu_rm(a, X64_CMP, 4, SR, x64_at(SD, offsetof(kn_exec_state, max_depth)));
    jump_trap(g, X64_AE, KN_TRAP_STACK_EXHAUSTED);
    x64_store(a, 4, x64_at(SD, offsetof(kn_exec_state, depth)), SR);
    x64_imul_rri(a, 8, SR, SR, (int32_t)sizeof(kn_frame));
    x64_alu_rm(a, X64_ADD, 8, SR, x64_at(SD, offsetof(kn_exec_state, frames)));
    x64_store(a, 8, x64_at(SR, (int32_t)(offsetof(kn_frame, fp) - sizeof(kn_frame))), X64_RBP);
    x64_lea_label(a, SD, &back);
    x64_store(a, 8, x64_at(SR, (int32_t)(offsetof(kn_frame, pc) - sizeof(kn_frame))), SD);
    x64_load(a, 8, SD, x64_at(X64_R13, offsetof(kn_activation, fn)));
    x64_store(a, 8, x64_at(SR, (int32_t)(offsetof(kn_frame, func) - sizeof(kn_frame))), SD);
    x64_store(a, 8, x64_at(X64_R13, offsetof(kn_activation, fn)), SA);
    x64_lea(a, 8, X64_RBP, x64_at(X64_RBP, (int32_t)(argslot * 8)));
    x64_call_r(a, SC);
    x64_bind(a, &back);
    x64_lea(a, 8, X64_RBP, x64_at(X64_RBP, -(int32_t)(argslot * 8)));
    x64_load(a, 8, SD, x64_at(X64_R13, offsetof(kn_activation, state)));
    x64_alu_mi(a, X64_SUB, 4, x64_at(SD, offsetof(kn_exec_state, depth)), 1);
    x64_load(a, 8, SD, x64_at(X64_R14, offsetof(kn_instance, funcs)));
    x64_load(a, 8, SD, x64_at(SD, (int32_t)(g->func * 8)));
    x64_store(a, 8, x64_at(X64_R13, offsetof(kn_activation, fn)), SD);
    x64_jmp(a, &done);

    x64_bind(a, &slow);
    x64_mov_rr(a, 8, X64_RSI, SA);
    x64_mov_rr(a, 8, X64_RDI, X64_R13);
    x64_mov_rr(a, 8, X64_RDX, X64_RBP);
    x64_lea(a, 8, X64_RCX, x64_at(X64_RBP, (int32_t)(argslot * 8)));
    x64_label slow_back = x64_label_new();
    x64_lea_label(a, X64_R8, &slow_back);
    call_c(g, kn_native_call);
    x64_bind(a, &slow_back);
    x64_bind(a, &done);
}

/*
 * The frame around a call whose callee's frame starts at `argslot`, with
 * `nslots` slots of arguments (before) or results (after): those go
 * through the frame whatever their homes; the slots above them are dead
 * (the operand stack ends there); below, a home in a register the callee
 * preserves needs nothing, one in a caller-saved register is saved before
 * and read back after.
 */
static void sync_call(gen *g, bool to_frame, uint32_t argslot, uint32_t nslots)
{
    for (uint32_t i = 0; i < g->nhomed; i++) {
        uint32_t s = g->homed[i];
        int h = gpr_home(g, s), x = xmm_home(g, s);
        if (s >= argslot + nslots || (s < argslot && h >= 0 && callee_saved(h)))
            continue;
        if (h >= 0) {
            if (to_frame)
                x64_store(&g->a, 8, slot_mem(s), h);
            else
                x64_load(&g->a, 8, h, slot_mem(s));
        } else if (to_frame) {
            x64_movs_store(&g->a, true, slot_mem(s), x);
        } else {
            x64_movs_load(&g->a, true, x, slot_mem(s));
        }
    }
}

/* A call of the function in rax, of type `ft`, around sync_call. */
static void call(gen *g, const kn_functype *ft, uint32_t argslot, bool same_instance)
{
    sync_call(g, true, argslot, type_slots(ft->nparams, ft->params));
    call_rax(g, argslot, same_instance);
    sync_call(g, false, argslot, type_slots(ft->nresults, ft->results));
    reload_memory(g);
}

/* ---- the walk ---- */

/* Whether an operation may run as an interpreter step: anything but what
 * moves control. */
static bool steppable(uint32_t op)
{
    switch (op) {
    case KN_OP_UNREACHABLE: case KN_OP_BR: case KN_OP_BR_IF: case KN_OP_BR_TABLE:
    case KN_OP_CALL: case KN_OP_CALL_INDIRECT: case KN_IOP_LOOP: case KN_IOP_BR_UNLESS:
    case KN_IOP_RETURN0: case KN_IOP_RETURN1: case KN_IOP_RETURNN: case KN_IOP_STOP:
        return false;
    default:
        return !kn_iop_shapes()[op].jumps;
    }
}

/* The number of words of the operation at pc; 0 if it is not one. */
static inline uint32_t op_length(const gen *g, uint32_t pc)
{
    return kn_iop_length(g->shapes, g->ops, g->len, pc);
}

static void emit_one(gen *g, uint32_t pc, uint32_t len)
{
    const uint32_t *ip = g->ops + pc;
    uint32_t op = kn_iop_base(ip[0]);
    x64_asm *a = &g->a;
    int w;
    switch (op) {
    case KN_IOP_COPY:
        copy_slot(g, ip[1], ip[2]);
        return;
    case KN_IOP_COPY2:
        copy_slot(g, ip[1], ip[2]);
        copy_slot(g, ip[3], ip[4]);
        return;
    case KN_IOP_MOVE:   /* d a n, d below a: upward, each slot read before written */
        if (ip[3] > INLINE_MOVES) {
            frame_move(g, ip[1], ip[2], ip[3]);
            sync_homes(g, false, false);
            return;
        }
        for (uint32_t k = 0; k < ip[3]; k++)
            copy_slot(g, ip[1] + k, ip[2] + k);
        return;
    case KN_IOP_LOOP:
        charge(g, ip[1]);
        return;
    case KN_OP_BR:
        jump(g, -1, pc + 1);
        return;
    case KN_OP_BR_IF:
    case KN_IOP_BR_UNLESS: {
        int r = iget(g, 4, ip[1], SA);
        x64_test_rr(a, 4, r, r);
        jump(g, op == KN_OP_BR_IF ? X64_NE : X64_E, pc + 2);
        return;
    }
    case KN_IOP_BR_I64_EQZ:
    case KN_IOP_BR_I64_NEZ: {
        int r = iget(g, 8, ip[1], SA);
        x64_test_rr(a, 8, r, r);
        jump(g, op == KN_IOP_BR_I64_EQZ ? X64_E : X64_NE, pc + 2);
        return;
    }
    case KN_OP_BR_TABLE:
        br_table(g, pc);
        return;
    case KN_OP_UNREACHABLE:
        x64_jmp(a, &g->traps[KN_TRAP_UNREACHABLE]);
        return;
    case KN_IOP_RETURN0:
        x64_jmp(a, &g->epilogue);
        return;
    case KN_IOP_RETURN1:
        ret(g, ip[1], 1);
        return;
    case KN_IOP_RETURNN:
        ret(g, ip[1], ip[2]);
        return;
    case KN_OP_CALL: {
        uint32_t f = ip[1];
        const kn_functype *ft = &g->m->types[g->m->funcs[f].type];
        x64_load(a, 8, SA, x64_at(X64_R14, offsetof(kn_instance, funcs)));
        x64_load(a, 8, SA, x64_at(SA, (int32_t)(f * 8)));
        call(g, ft, ip[2], f >= g->m->nfuncs_imported);
        return;
    }
    case KN_OP_CALL_INDIRECT: {   /* [op][type][table][index][argslot] */
        const kn_functype *ft = &g->m->types[ip[1]];
        iload(g, 4, SR, ip[3]);
        sync_call(g, true, ip[4], type_slots(ft->nparams, ft->params));
        x64_mov_rr(a, 4, X64_R8, SR);
        x64_mov_rr(a, 8, X64_RDI, X64_R13);
        x64_mov_rr(a, 8, X64_RSI, X64_R14);
        x64_mov_ri(a, 4, X64_RDX, ip[2]);
        x64_mov_ri(a, 4, X64_RCX, ip[1]);
        call_c(g, kn_native_indirect);
        call_rax(g, ip[4], false);
        sync_call(g, false, ip[4], type_slots(ft->nresults, ft->results));
        reload_memory(g);
        return;
    }
    case KN_OP_I32_CONST:
    case KN_OP_I64_CONST: {
        int r = idst(g, ip[1], SA);
        uint64_t v = op == KN_OP_I32_CONST ? ip[2] : ip[2] | (uint64_t)ip[3] << 32;
        x64_mov_ri(a, 8, r, v);
        iput(g, 8, ip[1], r);
        return;
    }
    case KN_OP_SELECT: {   /* d a b c: c ? a : b, whole slots */
        iload(g, 4, SC, ip[4]);
        int r = idst(g, ip[1], SA);
        if (gpr_home(g, ip[2]) == r) {   /* d is a's home: b when c is zero */
            int rb = iget(g, 8, ip[3], SD);
            x64_test_rr(a, 4, SC, SC);
            x64_cmov(a, X64_E, 8, r, rb);
        } else {
            iload(g, 8, r, ip[3]);
            int ra = iget(g, 8, ip[2], SR);
            x64_test_rr(a, 4, SC, SC);
            x64_cmov(a, X64_NE, 8, r, ra);
        }
        iput(g, 8, ip[1], r);
        return;
    }
    case KN_OP_REF_IS_NULL: {
        int r = iget(g, 8, ip[2], SA);
        x64_test_rr(a, 8, r, r);
        x64_setcc(a, X64_E, SC);
        x64_movzx_rr(a, SC, SC, 1);
        iput(g, 4, ip[1], SC);
        return;
    }
    case KN_OP_REF_FUNC:
        x64_load(a, 8, SA, x64_at(X64_R14, offsetof(kn_instance, funcs)));
        x64_load(a, 8, SA, x64_at(SA, (int32_t)(ip[2] * 8)));
        iput(g, 8, ip[1], SA);
        return;
    case KN_OP_GLOBAL_GET:
    case KN_IOP_GLOBAL_GET32:
    case KN_IOP_GLOBAL_GET_REF: {
        w = op == KN_IOP_GLOBAL_GET32 ? 4 : 8;
        x64_load(a, 8, SA, x64_at(X64_R14, offsetof(kn_instance, globals)));
        x64_load(a, 8, SA, x64_at(SA, (int32_t)(ip[2] * 8)));
        x64_mem v = x64_at(SA, offsetof(kn_globalinst, value));
        int x = xmm_home(g, ip[1]);
        if (x >= 0) {
            x64_movs_load(a, w == 8, x, v);
        } else {
            int r = idst(g, ip[1], SC);
            x64_load(a, w, r, v);
            iput(g, w, ip[1], r);
        }
        return;
    }
    case KN_OP_GLOBAL_SET:
    case KN_IOP_GLOBAL_SET32:
    case KN_IOP_GLOBAL_SET_REF: {
        w = op == KN_IOP_GLOBAL_SET32 ? 4 : 8;
        x64_load(a, 8, SA, x64_at(X64_R14, offsetof(kn_instance, globals)));
        x64_load(a, 8, SA, x64_at(SA, (int32_t)(ip[1] * 8)));
        x64_mem v = x64_at(SA, offsetof(kn_globalinst, value));
        int x = xmm_home(g, ip[2]);
        if (x >= 0) {
            x64_movs_store(a, w == 8, v, x);
        } else {
            int r = iget(g, w, ip[2], SC);
            x64_store(a, w, v, r);
        }
        return;
    }
    case KN_IOP_COPY128:
        if (is_const(g, ip[2])) {   /* a constant: immediates, not the frame */
            for (uint32_t k = 0; k < 2; k++) {
                x64_mov_ri(a, 8, SA, const_of(g, ip[2] + k));
                x64_store(a, 8, slot_mem(ip[1] + k), SA);
            }
            return;
        }
        x64_movdqu_load(a, XA, slot_mem(ip[2]));
        x64_movdqu_store(a, slot_mem(ip[1]), XA);
        return;
    default:
        break;
    }
    if ((op >= KN_IOP_BR_I32_EQ && op <= KN_IOP_BR_I32_GE_U) ||
        (op >= KN_IOP_BR_I64_EQ && op <= KN_IOP_BR_I64_GE_U)) {
        x64_cc cc = brcmp_cc(op, &w);
        compare(g, w, ip[1], ip[2]);
        jump(g, cc, pc + 3);
        return;
    }
    if (op >= KN_IOP_ADD_BR_I32_EQ && op <= KN_IOP_ADD_BR_I32_GE_U) {
        /* [op][d][x][y][b][T]: d = x + y, then the comparison of d with b */
        x64_cc cc = brcmp_cc(KN_IOP_BR_I32_EQ + (op - KN_IOP_ADD_BR_I32_EQ), &w);
        int r = idst(g, ip[1], SA);
        int rx = iget(g, 4, ip[2], SC);
        isrc y = isrc_of(g, 4, ip[3], SD);
        if (y.kind == SRC_IMM) {
            x64_lea(a, 4, r, x64_at(rx, y.imm));
        } else {
            int ry = y.kind == SRC_REG ? y.reg : (iload(g, 4, SD, ip[3]), SD);
            x64_lea(a, 4, r, x64_at_index(rx, ry, 0));
        }
        iput(g, 4, ip[1], r);
        isrc b = isrc_of(g, 4, ip[4], SC);
        if (b.kind == SRC_IMM)
            x64_alu_ri(a, X64_CMP, 4, r, b.imm);
        else if (b.kind == SRC_MEM)
            x64_alu_rm(a, X64_CMP, 4, r, b.mem);
        else
            x64_alu_rr(a, X64_CMP, 4, r, b.reg);
        jump(g, cc, pc + 5);
        return;
    }
    if (emit_op(g, op, ip, len))
        return;
    if (steppable(op))
        step_op(g, pc, len);
    else
        g->unsupported = true;
}

/* ---- scan and homes ---- */

/* What kind of value an operation's slot operands hold, in format order:
 * 'i' integer, 'f' float, 'v' part of a v128, '?' any (a move). */
static char operand_kind(uint32_t op, int k)
{
    switch (op) {
    case KN_IOP_COPY: case KN_IOP_COPY2: case KN_OP_SELECT:
    case KN_IOP_RETURN1: case KN_OP_GLOBAL_GET: case KN_OP_GLOBAL_SET:
    case KN_IOP_GLOBAL_GET32: case KN_IOP_GLOBAL_SET32:
        return op == KN_OP_SELECT && k == 3 ? 'i' : '?';
    case KN_IOP_COPY128: case KN_IOP_GLOBAL_GET128: case KN_IOP_GLOBAL_SET128:
    case KN_OP_V128_CONST: case KN_OP_I8X16_SHUFFLE:
        return 'v';
    default:
        break;
    }
    if (op < KN_OP_COUNT) {
        const char *sig = kn_opinfo_table[op].sig;
        const char *colon = sig ? strchr(sig, ':') : NULL;
        if (!colon)
            return 'i';
        /* the format lists the result (d) first, then the operands */
        char c;
        if (colon[1] && k == 0)
            c = colon[1];
        else {
            int i = colon[1] ? k - 1 : k;
            c = i < colon - sig ? sig[i] : 'i';
        }
        return c == 'f' || c == 'F' ? 'f' : c == 'v' ? 'v' : 'i';
    }
    /* load-op d a addr..., update a addr: a float one's d and a are floats */
    if (op >= KN_IOP_F32_ADD_M && op <= KN_IOP_F64_MUL_MX)
        return k <= 1 ? 'f' : 'i';
    if (op >= KN_IOP_F32_ADD_U && op <= KN_IOP_F64_MUL_U)
        return k == 0 ? 'f' : 'i';
    /* indexed and add-and-load loads and stores: the value as the wasm op */
    if (op >= KN_IOP_I32_LOAD_X && op <= KN_IOP_I64_STORE32_X) {
        uint32_t w = KN_OP_I32_LOAD + (op - KN_IOP_I32_LOAD_X);
        bool value = w <= KN_OP_I64_LOAD32_U ? k == 0 : k == 2;
        return value ? operand_kind(w, w <= KN_OP_I64_LOAD32_U ? 0 : 1) : 'i';
    }
    if (op >= KN_IOP_ADD_I32_LOAD && op <= KN_IOP_ADD_I64_LOAD32_U)
        return k == 0 ? operand_kind(KN_OP_I32_LOAD + (op - KN_IOP_ADD_I32_LOAD), 0) : 'i';
    return 'i';
}
_Static_assert(KN_IOP_I64_STORE32_X - KN_IOP_I32_LOAD_X == KN_OP_I64_STORE32 - KN_OP_I32_LOAD &&
               KN_IOP_ADD_I64_LOAD32_U - KN_IOP_ADD_I32_LOAD == KN_OP_I64_LOAD32_U - KN_OP_I32_LOAD,
               "fused memory operations in the order of the wasm ones");

typedef struct usage {
    uint32_t weight;   /* uses, weighted by loop depth */
    uint32_t ints, floats;
    bool v128;
} usage;

/* Scans the code: its operations' lengths, jump targets and loops, and
 * the uses of each slot. False on code it cannot read. */
static bool scan(gen *g, usage *use)
{
    int32_t *depth = calloc(g->len + 1, sizeof *depth);
    if (!depth)
        return false;
    bool ok = true;
    for (uint32_t pc = 0; pc < g->len && ok;) {
        uint32_t n = op_length(g, pc);
        if (!n) {
            ok = false;
            break;
        }
        const char *f = g->shapes[g->ops[pc]].format;
        uint32_t k = pc + 1;
        for (; *f; f++, k++) {
            if (*f == 'T') {
                uint32_t t = target_of(g, k);
                if (t >= g->len) {
                    ok = false;
                    break;
                }
                g->is_target[t] = true;
                if (t <= k) {   /* a back edge: a loop from t to here */
                    depth[t]++;
                    depth[pc + n]--;
                }
            } else if (*f == 'V') {
                k += 3;
            }
        }
        if (g->ops[pc] == KN_OP_BR_TABLE) {
            for (uint32_t i = 0; i <= g->ops[pc + 2]; i++) {
                uint32_t t = target_of(g, pc + 3 + i);
                if (t >= g->len) {
                    ok = false;
                    break;
                }
                g->is_target[t] = true;
            }
        }
        pc += n;
    }
    /* Weights: 1, 8, 64, ... by loop depth. */
    int32_t d = 0;
    for (uint32_t pc = 0; pc < g->len && ok;) {
        uint32_t n = op_length(g, pc);
        for (uint32_t i = pc; i < pc + n; i++)
            d += depth[i];
        uint32_t weight = 1u << (3 * (d < 0 ? 0 : d > 5 ? 5 : d));
        uint32_t op = kn_iop_base(g->ops[pc]);
        const char *f = g->shapes[g->ops[pc]].format;
        uint32_t k = pc + 1;
        for (int i = 0; *f; f++, k++, i++) {
            if (*f == 'V')
                k += 3;
            if (*f != 'd' && *f != 's')
                continue;
            uint32_t s = g->ops[k];
            if (s >= g->frame_size) {
                ok = false;
                break;
            }
            char kind = operand_kind(op, i);
            use[s].weight += weight;
            use[s].ints += kind == 'i' ? weight : 0;
            use[s].floats += kind == 'f' ? weight : 0;
            if (kind == 'v') {
                use[s].v128 = true;
                if (s + 1 < g->frame_size)
                    use[s + 1].v128 = true;
            }
        }
        pc += n;
    }
    free(depth);
    return ok;
}

/* Gives the most used slots registers: integer-like ones the general
 * pool, float-like ones the xmm pool. Constants stay immediates, v128
 * halves in the frame. */
static void assign_homes(gen *g, const usage *use)
{
    uint32_t n = g->frame_size;
    for (uint32_t s = 0; s < n; s++)
        g->home[s] = HOME_MEM;
    for (int pool = 0; pool < 2; pool++) {
        int avail = pool == 0 ? NGPR_POOL : NXMM_POOL;
        for (int i = 0; i < avail; i++) {
            uint32_t best = UINT32_MAX, best_w = 1;   /* a slot used once gains nothing */
            for (uint32_t s = 0; s < n; s++) {
                const usage *u = &use[s];
                bool floaty = u->floats > u->ints;
                if (g->home[s] != HOME_MEM || u->v128 || is_const(g, s) ||
                    floaty != (pool == 1) || u->weight <= best_w)
                    continue;
                best = s;
                best_w = u->weight;
            }
            if (best == UINT32_MAX)
                break;
            g->home[best] = (int8_t)(pool == 0 ? gpr_pool[i] : HOME_XMM + XMM_FIRST + i);
            g->homed[g->nhomed++] = best;
        }
    }
}

/* ---- the function ---- */

static void prologue(gen *g)
{
    x64_asm *a = &g->a;
    x64_push(a, X64_RBX);
    x64_push(a, X64_R12);
    x64_alu_ri(a, X64_SUB, 8, X64_RSP, 8);   /* the body runs 16-byte aligned */
    /* the value stack has room for the frame, the C stack for a call */
    x64_lea(a, 8, SA, x64_at(X64_RBP, (int32_t)(g->frame_size * 8)));
    x64_load(a, 8, SC, x64_at(X64_R13, offsetof(kn_activation, state)));
    x64_alu_rm(a, X64_CMP, 8, SA, x64_at(SC, offsetof(kn_exec_state, stack_end)));
    jump_trap(g, X64_A, KN_TRAP_STACK_EXHAUSTED);
    x64_alu_rm(a, X64_CMP, 8, X64_RSP, x64_at(X64_R13, offsetof(kn_activation, stack_limit)));
    jump_trap(g, X64_B, KN_TRAP_STACK_EXHAUSTED);
    /* parameters to their homes, locals zeroed (constants are immediates,
     * written to the frame only for the interpreter's steps) */
    for (uint32_t s = 0; s < g->pool; s++) {
        int h = gpr_home(g, s), x = xmm_home(g, s);
        if (s < g->nparams) {
            if (h >= 0)
                x64_load(a, 8, h, slot_mem(s));
            else if (x >= 0)
                x64_movs_load(a, true, x, slot_mem(s));
        } else if (s < g->pool) {
            if (h >= 0)
                x64_alu_rr(a, X64_XOR, 4, h, h);
            else if (x >= 0)
                x64_sse_xx(a, X64_XORP, false, x, x);
            else
                x64_store_i(a, 8, slot_mem(s), 0);
        }
    }
    charge(g, g->cost);
}

/* The stubs, step copies and tables after the code. */
static void out_of_line(gen *g)
{
    x64_asm *a = &g->a;
    x64_bind(a, &g->epilogue);
    x64_alu_ri(a, X64_ADD, 8, X64_RSP, 8);
    x64_pop(a, X64_R12);
    x64_pop(a, X64_RBX);
    x64_ret(a);
    for (int code = 1; code < KN_TRAP_COUNT; code++) {
        if (g->traps[code].chain < 0)
            continue;
        x64_bind(a, &g->traps[code]);
        x64_mov_rr(a, 8, X64_RDI, X64_R13);
        x64_mov_ri(a, 4, X64_RSI, (uint32_t)code);
        x64_alu_rr(a, X64_XOR, 4, X64_RDX, X64_RDX);
        call_c(g, kn_native_trap);
    }
    /* Tables first (4-byte entries; their backward entries charge), the
     * charges, then the step copies (words). */
    for (uint32_t i = 0; i < g->ntables; i++) {
        struct table *t = &g->tables[i];
        uint32_t n = g->ops[t->pc + 2];
        /* Backward entries go through a stub that charges their loop. */
        x64_label *stubs = calloc(n + 1, sizeof *stubs);
        if (!stubs) {
            a->code.failed = true;
            return;
        }
        for (uint32_t k = 0; k <= n; k++) {
            uint32_t at = t->pc + 3 + k, target = target_of(g, at);
            stubs[k] = x64_label_new();
            if (target > at)
                continue;
            x64_bind(a, &stubs[k]);
            charge(g, g->ops[target - 1]);
            x64_jmp(a, &g->labels[target]);
        }
        x64_align(a, 4);
        x64_bind(a, &t->at);
        for (uint32_t k = 0; k <= n; k++) {
            uint32_t at = t->pc + 3 + k, target = target_of(g, at);
            const x64_label *l = target > at ? &g->labels[target] : &stubs[k];
            uint32_t rel = (uint32_t)(l->pos - t->at.pos);
            kn_buf_push(&a->code, &rel, 4);
        }
        free(stubs);
    }
    for (uint32_t i = 0; i < g->ncharges; i++)
        charge_stub(g, &g->charges[i]);
    for (uint32_t i = 0; i < g->nsteps; i++) {
        struct step *s = &g->steps[i];
        x64_align(a, 4);
        x64_bind(a, &s->at);
        uint32_t words[16];
        uint32_t n = s->len < 15 ? s->len : 15;
        memcpy(words, g->ops + s->pc, n * sizeof *words);
        words[0] = kn_iop_base(words[0]);
        words[n] = KN_IOP_STOP;
        kn_buf_push(&a->code, words, (n + 1) * sizeof *words);
    }
}

kj_code *kj_compile(const kn_module *m, uint32_t func, kn_code *icode)
{
    gen g;
    memset(&g, 0, sizeof g);
    g.m = m;
    g.func = func;
    g.cpu = kj_cpu_features();
    g.shapes = kn_iop_shapes();
    g.ops = kn_interp_ops(icode, &g.len, &g.init, &g.ninit, &g.pool);
    g.nparams = icode->nparams;
    g.frame_size = icode->frame_size;
    g.cost = icode->cost;
    kn_buf_init(&g.a.code);
    g.epilogue = x64_label_new();
    for (int i = 0; i < KN_TRAP_COUNT; i++)
        g.traps[i] = x64_label_new();

    kj_code *code = NULL;
    usage *use = calloc(g.frame_size ? g.frame_size : 1, sizeof *use);
    g.home = calloc(g.frame_size ? g.frame_size : 1, sizeof *g.home);
    g.is_target = calloc(g.len + 1, sizeof *g.is_target);
    g.labels = malloc((g.len + (size_t)1) * sizeof *g.labels);   /* each set below */
    if (!use || !g.home || !g.is_target || !g.labels || !scan(&g, use))
        goto done;
    for (uint32_t i = 0; i <= g.len; i++)
        g.labels[i] = x64_label_new();
    assign_homes(&g, use);

    prologue(&g);
    for (uint32_t pc = 0; pc < g.len && !g.unsupported;) {
        uint32_t n = op_length(&g, pc);
        if (g.is_target[pc])
            x64_bind(&g.a, &g.labels[pc]);
        emit_one(&g, pc, n);
        pc += n;
    }
    x64_jmp(&g.a, &g.epilogue);   /* never reached: a body ends in a return */
    out_of_line(&g);
    if (g.unsupported || g.a.code.failed)
        goto done;

    code = calloc(1, sizeof *code);
    if (code)
        code->mem = kj_code_map(g.a.code.data, g.a.code.len, &code->mem_size);
    if (code && !code->mem) {
        free(code);
        code = NULL;
    }
    if (code) {
        code->base = (kn_code){
            .tier = &kn_jit_tier, .entry = code->mem, .nparams = icode->nparams,
            .frame_size = icode->frame_size, .cost = icode->cost,
        };
        code->icode = icode;
    }
done:
    free(use);
    free(g.home);
    free(g.is_target);
    free(g.labels);
    free(g.steps);
    free(g.tables);
    free(g.charges);
    kn_buf_free(&g.a.code);
    return code;
}
