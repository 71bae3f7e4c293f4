/*
 * translate.c -- wasm function bodies to the internal register code
 * (internal.h), once per function of a module, on its first call.
 *
 * This file is the back end of the translation: the wasm walker (walk.h)
 * reads the body once with its model of the operand stack, whose entries
 * are virtual (still in a local's or a constant's slot) until made real,
 * and of the control stack; for each instruction it meets, this file
 * emits the register code, choosing accumulator forms and fusing pairs.
 *
 * Branches carry their values to the label's homes with COPYs (only where
 * source and destination differ) and jump; a conditional branch that needs
 * copies jumps around a small trampoline, and a br_table has one per label
 * that needs copies, shared by all its targets naming that label. A label
 * of more than MAX_BRANCH_COPIES values has them made real before a br_if
 * or br_table and moved by one MOVE, so that no branch emits code in
 * proportion to its label's arity: the code stays linear in the body.
 * Forward jumps are chained through their own operand words and patched
 * at the label's `end`. Jump targets are stored relative to the operand
 * word that holds them.
 *
 * Peephole rules, all valid only when no label lies between the two
 * instructions (every control instruction forgets the last one):
 *   - `local.set x` right after the instruction that computed the value
 *     rewrites that instruction's destination to x, so
 *     `local.get a; local.get b; i32.add; local.set c` is one `add c a b`;
 *   - an integer comparison followed by `br_if` or `if` becomes one
 *     compare-and-branch instruction;
 *   - an i32.add computing the address of the load or store right after
 *     it is fused into the access, which then adds its two operands.
 *
 * The module was validated, so the body is well typed; the translator still
 * checks what it relies on and fails rather than crash.
 */
#include <stdlib.h>
#include <string.h>

#include "../base/vec.h"
#include "../binary/effect.h"
#include "../binary/reader.h"
#include "internal.h"
#include "walk.h"

enum { NONE = KN_WALK_NONE };

/* A branch carrying at most this many values copies each from wherever it
 * is; one carrying more has them made real first and moves them as one
 * block (MOVE). Either way a branch emits a bounded number of instructions,
 * whatever its label's arity: the code stays linear in the body's size. */
enum { MAX_BRANCH_COPIES = 2 };

/* A value that is also in an accumulator: its slot and the class of the
 * accumulator (numops.h: I, F or D; NO_CLASS when none holds it). */
enum { NO_CLASS, CLASS_I, CLASS_F, CLASS_D };
typedef struct accum {
    uint32_t slot;
    uint8_t cls;
} accum;

static const accum no_acc = {UINT32_MAX, NO_CLASS};

/* An instruction emitted: where it starts, its operation (NONE: forgotten;
 * not the accumulator form), which word holds its destination (NONE: none,
 * or it may not be rewritten) and the accumulator after it. */
typedef struct emitted {
    uint32_t start, op, dst;
    accum acc;
} emitted;

/* The walk (first, so that the walker's calls find the rest: walk.h) and
 * the code emitted so far. */
typedef struct tr {
    kn_walk w;

    uint32_t *code;
    uint32_t ncode, capcode;

    /* The last emitted instruction, for the peephole rules, and the one
     * before it, for taking the last back. */
    emitted last, before;

    uint32_t br_tables;       /* br_tables translated, numbering them */
} tr;

/* ---- the accumulator forms ---- */

/*
 * For each operation that has accumulator forms (exec.c): the forms taking
 * operand a and operand b from the accumulator (0: none), the classes of
 * those operands, and the class of the result the operation leaves in an
 * accumulator (NO_CLASS: it leaves none). Operand a of a load is its
 * address, of a branch its condition; operand b of a store its value.
 */
typedef struct acc_form {
    uint16_t a, b;
    uint8_t ca, cb, result;
} acc_form;

#define VIEW_u32 CLASS_I
#define VIEW_i32 CLASS_I
#define VIEW_u64 CLASS_I
#define VIEW_i64 CLASS_I
#define VIEW_f32 CLASS_F
#define VIEW_f64 CLASS_D
#define UNOP_FORM(op, t, r, e) \
    [KN_OP_##op] = {KN_IOP_##op##_A, 0, VIEW_##t, NO_CLASS, CLASS_##r},
#define BINOP_FORM(op, t, r, e) \
    [KN_OP_##op] = {KN_IOP_##op##_A, KN_IOP_##op##_B, VIEW_##t, VIEW_##t, CLASS_##r},
#define LOAD_FORM(op, r) \
    [KN_OP_##op] = {KN_IOP_##op##_A, 0, CLASS_I, NO_CLASS, CLASS_##r}, \
    [KN_IOP_##op##_X] = {0, 0, NO_CLASS, NO_CLASS, CLASS_##r}, \
    [KN_IOP_ADD_##op] = {KN_IOP_ADD_##op##_A, KN_IOP_ADD_##op##_B, CLASS_I, CLASS_I, CLASS_##r},
#define STORE_FORM(op, r) \
    [KN_OP_##op] = {0, KN_IOP_##op##_V, NO_CLASS, CLASS_##r, NO_CLASS}, \
    [KN_IOP_##op##_X] = {0, KN_IOP_##op##_X_V, NO_CLASS, CLASS_##r, NO_CLASS},
#define BRCMP_FORM(op, format) \
    [KN_IOP_##op] = {KN_IOP_##op##_A, KN_IOP_##op##_B, CLASS_I, CLASS_I, NO_CLASS},
#define LOADOP_FORM(op, r) \
    [KN_IOP_##op##_M] = {KN_IOP_##op##_M_A, 0, CLASS_##r, NO_CLASS, CLASS_##r}, \
    [KN_IOP_##op##_MX] = {KN_IOP_##op##_MX_A, 0, CLASS_##r, NO_CLASS, CLASS_##r}, \
    [KN_IOP_##op##_U] = {KN_IOP_##op##_U_A, 0, CLASS_##r, NO_CLASS, NO_CLASS},

#define PAIR_FORM(unused, id, first, second, e) \
    [KN_IOP_##id] = {KN_IOP_##id##_A, KN_IOP_##id##_B, CLASS_I, CLASS_I, CLASS_I},

static const acc_form acc_forms[KN_IOP_COUNT] = {
    KN_NUM_UNOPS(UNOP_FORM)
    KN_NUM_BINOPS(BINOP_FORM)
    LOAD_FORM(I32_LOAD, I) LOAD_FORM(I64_LOAD, I)
    LOAD_FORM(F32_LOAD, F) LOAD_FORM(F64_LOAD, D)
    LOAD_FORM(I32_LOAD8_S, I) LOAD_FORM(I32_LOAD8_U, I)
    LOAD_FORM(I32_LOAD16_S, I) LOAD_FORM(I32_LOAD16_U, I)
    LOAD_FORM(I64_LOAD8_S, I) LOAD_FORM(I64_LOAD8_U, I)
    LOAD_FORM(I64_LOAD16_S, I) LOAD_FORM(I64_LOAD16_U, I)
    LOAD_FORM(I64_LOAD32_S, I) LOAD_FORM(I64_LOAD32_U, I)
    STORE_FORM(I32_STORE, I) STORE_FORM(I64_STORE, I)
    STORE_FORM(F32_STORE, F) STORE_FORM(F64_STORE, D)
    STORE_FORM(I32_STORE8, I) STORE_FORM(I32_STORE16, I)
    STORE_FORM(I64_STORE8, I) STORE_FORM(I64_STORE16, I) STORE_FORM(I64_STORE32, I)
    KN_BRCMP_OPS(BRCMP_FORM, )
    [KN_OP_BR_IF] = {KN_IOP_BR_IF_A, 0, CLASS_I, NO_CLASS, NO_CLASS},
    [KN_IOP_BR_UNLESS] = {KN_IOP_BR_UNLESS_A, 0, CLASS_I, NO_CLASS, NO_CLASS},
    [KN_IOP_BR_I64_EQZ] = {KN_IOP_BR_I64_EQZ_A, 0, CLASS_I, NO_CLASS, NO_CLASS},
    [KN_IOP_BR_I64_NEZ] = {KN_IOP_BR_I64_NEZ_A, 0, CLASS_I, NO_CLASS, NO_CLASS},
    LOADOP_FORM(I32_ADD, I)
    LOADOP_FORM(F32_ADD, F) LOADOP_FORM(F32_SUB, F) LOADOP_FORM(F32_MUL, F)
    LOADOP_FORM(F64_ADD, D) LOADOP_FORM(F64_SUB, D) LOADOP_FORM(F64_MUL, D)
    KN_PAIR_OPS(PAIR_FORM, 0)
    [KN_IOP_I32_ADD2] = {0, 0, NO_CLASS, NO_CLASS, CLASS_I},   /* the second sum */
};

/* ---- emitting code ---- */

static void emit(tr *t, uint32_t word)
{
    if (t->ncode == t->capcode &&
        !kn_grow((void **)&t->code, &t->capcode, t->ncode + 1, sizeof *t->code)) {
        t->w.failed = true;
        return;
    }
    t->code[t->ncode++] = word;
}

/* Starts the instruction `op`, emitted as `word`: op itself or one of its
 * accumulator forms. */
static void begin_as(tr *t, uint32_t op, uint32_t word)
{
    t->before = t->last;
    t->last = (emitted){t->ncode, op, NONE, no_acc};
    emit(t, word);
}

static void begin(tr *t, uint32_t op)
{
    begin_as(t, op, op);
}

/* Starts `op` whose operands a and b (slots, or NONE) are those named in
 * acc_forms: in the accumulator form that reads the one the instruction
 * before left in an accumulator, if there is one. */
static void begin_acc(tr *t, uint32_t op, uint32_t a, uint32_t b)
{
    const acc_form *f = &acc_forms[op];
    uint32_t word = op;
    if (t->last.acc.cls != NO_CLASS) {
        if (f->a && a == t->last.acc.slot && f->ca == t->last.acc.cls)
            word = f->a;
        else if (f->b && b == t->last.acc.slot && f->cb == t->last.acc.cls)
            word = f->b;
    }
    begin_as(t, op, word);
}

/* The result of the instruction just begun goes to `slot`, and also to an
 * accumulator if the operation leaves it there. */
static void emit_dst(tr *t, uint32_t slot)
{
    emit(t, slot);
    t->last.dst = t->w.failed ? NONE : t->ncode - 1;
    if (acc_forms[t->last.op].result != NO_CLASS)
        t->last.acc = (accum){slot, acc_forms[t->last.op].result};
}

/* Takes the last instruction back, to emit a fused one in its place: the
 * one before it is the last again. */
static void take_back(tr *t)
{
    t->ncode = t->last.start;
    t->last = t->before;
    t->before = (emitted){0, NONE, NONE, no_acc};
}

/* Whether the result of the last instruction emitted, real in its home, is
 * the operand e (just popped, so the last instruction's only reader): the
 * condition of every rule that fuses the last instruction into the one
 * consuming its result. */
static bool is_last_result(const tr *t, kn_walk_entry e)
{
    return t->last.dst != NONE && t->last.dst == t->last.start + 1 &&
           e.slot == e.home && t->code[t->last.dst] == e.home;
}

/* A label is bound here or control flow merges: no peephole across it,
 * and no accumulator holds a known value. */
static void forget_last(tr *t)
{
    t->last.op = NONE;
    t->last.dst = NONE;
    t->last.acc = no_acc;
}

/* A jump word to the code index `target`, already known. */
static void emit_target(tr *t, uint32_t target)
{
    emit(t, target - t->ncode);
}

/* A jump word to a place not known yet: linked into the chain `*head`. */
static void emit_patch(tr *t, uint32_t *head)
{
    uint32_t at = t->ncode;
    emit(t, *head);
    if (!t->w.failed)
        *head = at;
}

/* Points every word of the chain at the current code index. */
static void bind(tr *t, uint32_t head)
{
    if (t->w.failed)
        return;
    while (head != NONE) {
        uint32_t next = t->code[head];
        t->code[head] = t->ncode - head;
        head = next;
    }
}

/* Makes the last instruction, of `len` words, the first half of the pair
 * `op` (COPY2, I32_ADD2), if it is a `single`: the caller emits the
 * second half's operands. False when it is not. */
static bool pair_with_last(tr *t, uint32_t single, uint32_t len, uint32_t op)
{
    if (t->last.op != single || t->last.start + len != t->ncode)
        return false;
    if (!t->w.failed)
        t->code[t->last.start] = op;
    t->last.op = op;
    return true;
}

static void copy(tr *t, uint32_t dst, uint32_t src, kn_valtype type)
{
    /* A run of moves (a loop rotating its variables) goes in pairs. */
    if (kn_slot_width(type) == 1 && pair_with_last(t, KN_IOP_COPY, 3, KN_IOP_COPY2)) {
        emit_dst(t, dst);
        emit(t, src);
        return;
    }
    begin(t, kn_slot_width(type) == 2 ? KN_IOP_COPY128 : KN_IOP_COPY);
    emit_dst(t, dst);
    emit(t, src);
}

/* ---- control ---- */

/* Whether the n entries from `first` on are all real, in their homes. */
static bool all_real(const kn_walk_entry *first, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (first[i].slot != first[i].home)
            return false;
    return true;
}

/* Before a branch to `c` whose values stay on the stack (br_if) or are
 * shared by several targets (br_table): the values of a label wider than
 * MAX_BRANCH_COPIES are made real here, once, so that each branch moves
 * them with one MOVE. */
static void ready_values(tr *t, const kn_walk_ctrl *c)
{
    const kn_valtype *types;
    uint32_t n = kn_walk_label_arity(c, &types);
    if (n > MAX_BRANCH_COPIES)
        kn_walk_materialize_top(&t->w, n);
}

/* Would a branch to `c` have to move values? */
static bool branch_needs_copies(const tr *t, const kn_walk_ctrl *c)
{
    const kn_valtype *types;
    uint32_t n = kn_walk_label_arity(c, &types);
    uint32_t dst = c->label_home;
    for (uint32_t i = 0; i < n; i++) {
        const kn_walk_entry *e = &t->w.stack[t->w.nstack - n + i];
        if (e->slot != dst)
            return true;
        dst += kn_slot_width(types[i]);
    }
    return false;
}

/* Returns from the function with the top entries as results. Emits copies
 * without changing the model, as it may run on one path only. */
static void emit_return(tr *t)
{
    uint32_t n = t->w.type->nresults;
    if (t->w.nstack < n) {
        t->w.failed = true;
        return;
    }
    if (n == 0) {
        begin(t, KN_IOP_RETURN0);
        return;
    }
    const kn_walk_entry *first = &t->w.stack[t->w.nstack - n];
    if (n == 1 && kn_slot_width(first->type) == 1) {
        begin(t, KN_IOP_RETURN1);
        emit(t, first->slot);
        return;
    }
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++) {
        const kn_walk_entry *e = &first[i];
        if (e->slot != e->home)
            copy(t, e->home, e->slot, e->type);
        slots += kn_slot_width(e->type);
    }
    begin(t, KN_IOP_RETURNN);
    emit(t, first->home);
    emit(t, slots);
}

/* An unconditional jump to the label `depth` levels out, values moved.
 * Like emit_return, it leaves the model alone. */
static void emit_branch(tr *t, uint32_t depth)
{
    if (depth >= t->w.nctrls) {
        t->w.failed = true;
        return;
    }
    kn_walk_ctrl *c = &t->w.ctrls[t->w.nctrls - 1 - depth];
    if (c == t->w.ctrls) {   /* the function body's label: a return */
        emit_return(t);
        return;
    }
    const kn_valtype *types;
    uint32_t n = kn_walk_label_arity(c, &types);
    if (t->w.nstack < n) {
        t->w.failed = true;
        return;
    }
    if (n > MAX_BRANCH_COPIES && all_real(&t->w.stack[t->w.nstack - n], n)) {
        uint32_t src = t->w.stack[t->w.nstack - n].home;
        if (src != c->label_home) {
            begin(t, KN_IOP_MOVE);
            emit(t, c->label_home);
            emit(t, src);
            emit(t, kn_walk_slots(n, types));
        }
    } else {
        /* Forward order is safe: a destination is never above its source,
         * and never a later source (sources sit at or above their homes). */
        uint32_t dst = c->label_home;
        for (uint32_t i = 0; i < n; i++) {
            const kn_walk_entry *e = &t->w.stack[t->w.nstack - n + i];
            if (e->slot != dst)
                copy(t, dst, e->slot, types[i]);
            dst += kn_slot_width(types[i]);
        }
    }
    begin(t, KN_OP_BR);
    if (c->kind == KN_OP_LOOP)
        emit_target(t, c->loop_start);
    else
        emit_patch(t, &c->patches);
}

/* The fused compare-and-branch for a comparison, branching when the
 * comparison holds (or, `negate`d, when it does not); 0 when there is none.
 * Only integer comparisons negate exactly (a float comparison is false for
 * NaN both ways). */
static uint32_t fused_branch(uint32_t cmp, bool negate)
{
    static const struct { uint16_t cmp, br, neg; } table[] = {
        {KN_OP_I32_EQ,   KN_IOP_BR_I32_EQ,   KN_IOP_BR_I32_NE},
        {KN_OP_I32_NE,   KN_IOP_BR_I32_NE,   KN_IOP_BR_I32_EQ},
        {KN_OP_I32_LT_S, KN_IOP_BR_I32_LT_S, KN_IOP_BR_I32_GE_S},
        {KN_OP_I32_LT_U, KN_IOP_BR_I32_LT_U, KN_IOP_BR_I32_GE_U},
        {KN_OP_I32_GT_S, KN_IOP_BR_I32_GT_S, KN_IOP_BR_I32_LE_S},
        {KN_OP_I32_GT_U, KN_IOP_BR_I32_GT_U, KN_IOP_BR_I32_LE_U},
        {KN_OP_I32_LE_S, KN_IOP_BR_I32_LE_S, KN_IOP_BR_I32_GT_S},
        {KN_OP_I32_LE_U, KN_IOP_BR_I32_LE_U, KN_IOP_BR_I32_GT_U},
        {KN_OP_I32_GE_S, KN_IOP_BR_I32_GE_S, KN_IOP_BR_I32_LT_S},
        {KN_OP_I32_GE_U, KN_IOP_BR_I32_GE_U, KN_IOP_BR_I32_LT_U},
        {KN_OP_I64_EQ,   KN_IOP_BR_I64_EQ,   KN_IOP_BR_I64_NE},
        {KN_OP_I64_NE,   KN_IOP_BR_I64_NE,   KN_IOP_BR_I64_EQ},
        {KN_OP_I64_LT_S, KN_IOP_BR_I64_LT_S, KN_IOP_BR_I64_GE_S},
        {KN_OP_I64_LT_U, KN_IOP_BR_I64_LT_U, KN_IOP_BR_I64_GE_U},
        {KN_OP_I64_GT_S, KN_IOP_BR_I64_GT_S, KN_IOP_BR_I64_LE_S},
        {KN_OP_I64_GT_U, KN_IOP_BR_I64_GT_U, KN_IOP_BR_I64_LE_U},
        {KN_OP_I64_LE_S, KN_IOP_BR_I64_LE_S, KN_IOP_BR_I64_GT_S},
        {KN_OP_I64_LE_U, KN_IOP_BR_I64_LE_U, KN_IOP_BR_I64_GT_U},
        {KN_OP_I64_GE_S, KN_IOP_BR_I64_GE_S, KN_IOP_BR_I64_LT_S},
        {KN_OP_I64_GE_U, KN_IOP_BR_I64_GE_U, KN_IOP_BR_I64_LT_U},
        {KN_OP_I32_EQZ,  KN_IOP_BR_UNLESS,   KN_OP_BR_IF},
        {KN_OP_I64_EQZ,  KN_IOP_BR_I64_EQZ,  KN_IOP_BR_I64_NEZ},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].cmp == cmp)
            return negate ? table[i].neg : table[i].br;
    return 0;
}

_Static_assert(KN_IOP_ADD_BR_I32_GE_U - KN_IOP_ADD_BR_I32_EQ ==
               KN_IOP_BR_I32_GE_U - KN_IOP_BR_I32_EQ, "add-and-branch operations");

/* Emits the i32 compare-and-branch `op` on a and b with the i32.add that
 * computed a fused in, if that add is the last instruction emitted (a loop
 * counter stepped and tested), up to but not including the target word.
 * The add still writes its result. False when there is no such add. */
static bool fuse_add_branch(tr *t, uint32_t op, uint32_t a, uint32_t b)
{
    if (op < KN_IOP_BR_I32_EQ || op > KN_IOP_BR_I32_GE_U ||
        t->last.op != KN_OP_I32_ADD || t->last.start + 4 != t->ncode ||
        t->code[t->last.start + 1] != a)
        return false;
    uint32_t x = t->code[t->last.start + 2], y = t->code[t->last.start + 3];
    take_back(t);
    begin(t, KN_IOP_ADD_BR_I32_EQ + (op - KN_IOP_BR_I32_EQ));
    emit(t, a);
    emit(t, x);
    emit(t, y);
    emit(t, b);
    forget_last(t);
    return true;
}

/* Emits a conditional jump on the i32 `cond` (just popped), taken when it is
 * non-zero (zero when `negate`), up to but not including its target word.
 * A comparison emitted just before, whose result `cond` is, is fused. */
static void emit_cond_jump(tr *t, kn_walk_entry cond, bool negate)
{
    uint32_t op = is_last_result(t, cond) ? fused_branch(t->last.op, negate) : 0;
    if (op) {
        bool unary = t->last.op == KN_OP_I32_EQZ || t->last.op == KN_OP_I64_EQZ;
        if (t->last.start + (unary ? 3u : 4u) == t->ncode) {
            uint32_t a = t->code[t->last.start + 2];
            uint32_t b = unary ? 0 : t->code[t->last.start + 3];
            take_back(t);   /* the comparison's result is not needed */
            if (fuse_add_branch(t, op, a, b))
                return;
            begin_acc(t, op, a, b);
            emit(t, a);
            if (!unary)
                emit(t, b);
            forget_last(t);
            return;
        }
    }
    begin_acc(t, negate ? KN_IOP_BR_UNLESS : KN_OP_BR_IF, cond.slot, NONE);
    emit(t, cond.slot);
    forget_last(t);
}

static void br_if(tr *t, uint32_t depth)
{
    kn_walk_entry cond = kn_walk_pop(&t->w);
    if (depth >= t->w.nctrls) {
        t->w.failed = true;
        return;
    }
    kn_walk_ctrl *c = &t->w.ctrls[t->w.nctrls - 1 - depth];
    ready_values(t, c);
    if (c != t->w.ctrls && !branch_needs_copies(t, c)) {
        emit_cond_jump(t, cond, false);
        if (c->kind == KN_OP_LOOP)
            emit_target(t, c->loop_start);
        else
            emit_patch(t, &c->patches);
        return;
    }
    /* Jump around a trampoline that moves the values and branches. */
    uint32_t skip = NONE;
    emit_cond_jump(t, cond, true);
    emit_patch(t, &skip);
    emit_branch(t, depth);
    bind(t, skip);
    forget_last(t);
}

/*
 * [BR_TABLE][index][n][T0..Tn]: first the table, with the direct targets;
 * then one trampoline per label whose branch must move values, which all
 * the targets naming that label share. The work and the code are the
 * targets plus the moves of each distinct label, never targets times
 * values.
 */
static void br_table(tr *t, const kn_instr *ins)
{
    kn_walk_entry index = kn_walk_pop(&t->w);
    uint32_t n = ins->imm.br_table.count, stamp = ++t->br_tables;
    uint32_t fallback = ins->imm.br_table.default_label;
    if (fallback >= t->w.nctrls) {
        t->w.failed = true;
        return;
    }
    ready_values(t, &t->w.ctrls[t->w.nctrls - 1 - fallback]);   /* all have its arity */
    begin(t, KN_OP_BR_TABLE);
    emit(t, index.slot);
    emit(t, n);
    uint32_t table = t->ncode;
    for (int pass = 0; pass < 2 && !t->w.failed; pass++) {
        const uint8_t *cursor = ins->imm.br_table.labels;
        for (uint32_t i = 0; i <= n && !t->w.failed; i++) {
            uint32_t depth = i < n ? kn_br_table_label(&cursor) : fallback;
            if (depth >= t->w.nctrls) {
                t->w.failed = true;
                return;
            }
            kn_walk_ctrl *c = &t->w.ctrls[t->w.nctrls - 1 - depth];
            if (c->br_table != stamp) {   /* the label's first target */
                c->br_table = stamp;
                c->table_direct = c != t->w.ctrls && !branch_needs_copies(t, c);
                c->trampoline = NONE;
            }
            if (pass == 0 && c->table_direct && c->kind == KN_OP_LOOP) {
                emit_target(t, c->loop_start);
            } else if (pass == 0 && c->table_direct) {
                emit_patch(t, &c->patches);
            } else if (pass == 0) {
                emit(t, NONE);   /* filled in pass 1 */
            } else if (!c->table_direct) {
                if (c->trampoline == NONE) {
                    c->trampoline = t->ncode;
                    emit_branch(t, depth);
                }
                t->code[table + i] = c->trampoline - (table + i);
            }
        }
    }
}

/* An unconditional transfer: the walker marks the rest of the block dead,
 * and no peephole rule reaches across it. */
static void set_unreachable(tr *t)
{
    kn_walk_set_unreachable(&t->w);
    forget_last(t);
}

/* Opens a block (the walker's), with no jump waiting for it yet. */
static kn_walk_ctrl *open_block(tr *t, kn_opcode kind, const kn_functype *bt)
{
    kn_walk_ctrl *c = kn_walk_push_ctrl(&t->w, kind, bt->nparams, bt->params,
                                        bt->nresults, bt->results);
    if (c) {
        c->loop_start = t->ncode;
        c->patches = c->else_patch = NONE;
    }
    return c;
}

static void do_else(tr *t)
{
    kn_walk_ctrl *c = &t->w.ctrls[t->w.nctrls - 1];
    if (c->kind != KN_OP_IF) {
        t->w.failed = true;
        return;
    }
    if (!c->unreachable) {
        kn_walk_materialize_top(&t->w, c->nresults);
        begin(t, KN_OP_BR);
        emit_patch(t, &c->patches);
    }
    bind(t, c->else_patch);
    c->else_patch = NONE;
    c->kind = KN_OP_ELSE;
    c->unreachable = false;
    kn_walk_pop_to(&t->w, c->height);
    kn_walk_push_types(&t->w, c->nparams, c->params);   /* real, as they were at the if */
    forget_last(t);
}

/* The `end` of a block; true at the end of the function. */
static bool do_end(tr *t)
{
    kn_walk_ctrl *c = &t->w.ctrls[t->w.nctrls - 1];
    if (!c->unreachable)
        kn_walk_materialize_top(&t->w, c->nresults);
    if (c == t->w.ctrls) {
        if (!c->unreachable)
            emit_return(t);
        return true;
    }
    /* An if without else passes its parameters, which validation made
     * the same as its results, already in their homes. */
    bind(t, c->else_patch);
    bind(t, c->patches);
    if (c->kind == KN_OP_LOOP) {
        uint32_t cost = kn_walk_loop_end(&t->w, c);
        if (!t->w.failed)
            t->code[c->cost_word] = cost;
    }
    kn_walk_pop_to(&t->w, c->height);
    t->w.nctrls--;
    kn_walk_push_types(&t->w, c->nresults, c->results);
    forget_last(t);
    return false;
}

/* ---- instructions ---- */

/*
 * Binary operations that take an operand straight from memory: the load
 * emitted just before them (plain or indexed) is fused in when its result
 * is one of the operands (the peephole rule of the header). The operation,
 * the load, and the fused form (the indexed form follows it).
 */
static const struct { uint16_t op, load, fused; } load_ops[] = {
    {KN_OP_I32_ADD, KN_OP_I32_LOAD, KN_IOP_I32_ADD_M},
    {KN_OP_F32_ADD, KN_OP_F32_LOAD, KN_IOP_F32_ADD_M},
    {KN_OP_F32_SUB, KN_OP_F32_LOAD, KN_IOP_F32_SUB_M},
    {KN_OP_F32_MUL, KN_OP_F32_LOAD, KN_IOP_F32_MUL_M},
    {KN_OP_F64_ADD, KN_OP_F64_LOAD, KN_IOP_F64_ADD_M},
    {KN_OP_F64_SUB, KN_OP_F64_LOAD, KN_IOP_F64_SUB_M},
    {KN_OP_F64_MUL, KN_OP_F64_LOAD, KN_IOP_F64_MUL_M},
};

/* Emits `op` (binary, result home d) with the load that computed b -- or,
 * for i32.add, a -- fused in, if that load is the last instruction emitted
 * and wrote the operand's home. The operand kn_walk_entry, popped, was the load's
 * only reader. Float operands keep their order: which NaN payload wins may
 * depend on it. False when there is no such load. */
static bool fuse_load(tr *t, kn_opcode op, kn_walk_entry a, kn_walk_entry b, uint32_t d)
{
    size_t i = 0, n = sizeof load_ops / sizeof load_ops[0];
    while (i < n && load_ops[i].op != op)
        i++;
    if (i == n)
        return false;
    uint32_t load = load_ops[i].load, last = t->last.op;
    uint32_t indexed = KN_IOP_I32_LOAD_X + (load - KN_OP_I32_LOAD);
    uint32_t len = last == load ? 4 : last == indexed ? 5 : 0;
    if (len == 0 || t->last.start + len != t->ncode)
        return false;
    kn_walk_entry other;
    if (is_last_result(t, b))
        other = a;
    else if (op == KN_OP_I32_ADD && is_last_result(t, a))
        other = b;
    else
        return false;
    uint32_t addr[3];
    memcpy(addr, &t->code[t->last.start + 2], (len - 2) * sizeof addr[0]);
    take_back(t);
    begin_acc(t, load_ops[i].fused + (len == 5), other.slot, NONE);
    emit_dst(t, d);
    emit(t, other.slot);
    for (uint32_t k = 0; k < len - 2; k++)
        emit(t, addr[k]);
    return true;
}

/* The fused pairs of numops.h: the operation, the one before it whose
 * result it takes, and the fused one. */
static const struct { uint16_t fused, first, second; } pairs[] = {
#define PAIR_ROW(unused, id, first, second, e) \
    {KN_IOP_##id, KN_OP_##first, KN_OP_##second},
    KN_PAIR_OPS(PAIR_ROW, 0)
#undef PAIR_ROW
};

/* Emits `op` (binary, result home d) fused with the last instruction
 * emitted if that computed one of its operands and the two form a pair of
 * numops.h: the first's result must be operand a, or either operand when
 * `op` is commutative. False when they do not. */
static bool fuse_pair(tr *t, kn_opcode op, kn_walk_entry a, kn_walk_entry b, uint32_t d)
{
    size_t i = 0, n = sizeof pairs / sizeof pairs[0];
    while (i < n && (pairs[i].second != op || pairs[i].first != t->last.op))
        i++;
    if (i == n || t->last.start + 4 != t->ncode)
        return false;
    bool commutative = op == KN_OP_I32_XOR || op == KN_OP_I32_AND || op == KN_OP_I32_ADD;
    kn_walk_entry o;
    if (is_last_result(t, a))
        o = b;
    else if (commutative && is_last_result(t, b))
        o = a;
    else
        return false;
    uint32_t x = t->code[t->last.start + 2], y = t->code[t->last.start + 3];
    take_back(t);
    begin_acc(t, pairs[i].fused, x, o.slot);
    emit_dst(t, d);
    emit(t, x);
    emit(t, y);
    emit(t, o.slot);
    return true;
}

/* A numeric instruction ("ii:i" and the like in the opcode table): the
 * result's home, then the operands' slots. */
static void numeric(tr *t, kn_opcode op)
{
    const char *sig = kn_opinfo_table[op].sig;
    const char *colon = sig ? strchr(sig, ':') : NULL;
    uint32_t nargs = colon ? (uint32_t)(colon - sig) : 0;
    if (!colon || nargs < 1 || nargs > 2 || colon[1] == '\0') {
        t->w.failed = true;   /* not a numeric instruction: not after validation */
        return;
    }
    kn_valtype result = kn_sig_valtype(colon[1]);
    switch (op) {
    case KN_OP_I32_REINTERPRET_F32:
    case KN_OP_I64_REINTERPRET_F64:
    case KN_OP_F32_REINTERPRET_I32:
    case KN_OP_F64_REINTERPRET_I64:
        /* The same bits in the same slot, now seen with another type. */
        if (t->w.nstack > t->w.ctrls[t->w.nctrls - 1].height)
            t->w.stack[t->w.nstack - 1].type = result;
        return;
    default:
        break;
    }
    kn_walk_entry b = kn_walk_pop(&t->w);
    kn_walk_entry a = nargs == 2 ? kn_walk_pop(&t->w) : b;
    uint32_t d = kn_walk_push(&t->w, result);
    if (nargs == 2 && fuse_load(t, op, a, b, d))
        return;
    if (nargs == 2 && fuse_pair(t, op, a, b, d))
        return;
    /* Two independent sums in a row (addresses stepped together) go in one
     * instruction. It leaves the second sum in the accumulator, so what
     * the next instruction could have fused with the second add it reads
     * from there: no dispatch is lost. */
    if (op == KN_OP_I32_ADD && pair_with_last(t, KN_OP_I32_ADD, 4, KN_IOP_I32_ADD2)) {
        emit_dst(t, d);
        emit(t, a.slot);
        emit(t, b.slot);
        return;
    }
    begin_acc(t, op, a.slot, nargs == 2 ? b.slot : NONE);
    emit_dst(t, d);
    emit(t, a.slot);
    if (nargs == 2)
        emit(t, b.slot);
}

/* The general shape [op][result home?][immediates][operand slots]. */
static void simple(tr *t, uint32_t op, kn_valtype result, uint32_t nimm,
                   uint32_t imm0, uint32_t imm1, uint32_t npop)
{
    uint32_t slots[3];
    for (uint32_t i = npop; i-- > 0;)
        slots[i] = kn_walk_pop(&t->w).slot;
    uint32_t d = result ? kn_walk_push(&t->w, result) : 0;
    begin(t, op);
    if (result)
        emit_dst(t, d);
    if (nimm > 0)
        emit(t, imm0);
    if (nimm > 1)
        emit(t, imm1);
    for (uint32_t i = 0; i < npop; i++)
        emit(t, slots[i]);
}

/* The stack effect of an instruction typed by its immediates (effect.h);
 * false, the translation failed, where validation should have refused. */
static bool effect(tr *t, const kn_instr *ins, kn_effect *e)
{
    if (!kn_effect_of(t->w.m, t->w.type, NULL, ins, e, NULL))
        t->w.failed = true;
    return !t->w.failed;
}

/* `simple` for an instruction of effect e: its pops, and one result. */
static void simple_effect(tr *t, uint32_t op, const kn_effect *e, uint32_t nimm,
                          uint32_t imm0, uint32_t imm1)
{
    simple(t, op, e->npushes ? e->pushes[0] : 0, nimm, imm0, imm1,
           e->npops + (e->last != KN_ANY));
}

static void local_set(tr *t, uint32_t x, bool tee)
{
    if (x >= t->w.nlocals) {
        t->w.failed = true;
        return;
    }
    kn_walk_entry e = kn_walk_pop(&t->w);
    uint32_t slot = t->w.local_slot[x];
    kn_walk_materialize_local(&t->w, x);   /* emits only if needed, and then forgets */
    accum acc = no_acc;
    if (e.slot == slot) {
        /* local.get x; local.set x */
    } else if (e.slot == e.home && t->last.dst != NONE &&
               t->code[t->last.dst] == e.home) {
        /* Compute straight into the local. Every instruction with a
         * destination writes the whole value there; a v128 select is two
         * SELECTs, the second writing home + 1, so it never matches. */
        t->code[t->last.dst] = slot;
        if (t->last.acc.slot == e.home)
            acc = (accum){slot, t->last.acc.cls};
    } else {
        copy(t, slot, e.slot, e.type);
    }
    if (tee)
        kn_walk_push_at(&t->w, e.type, slot, x);
    t->last.dst = NONE;   /* no second local.set may take the value away */
    t->last.acc = acc;         /* the local holds the accumulator's value */
}

/* The typed access to a global of `type`. */
static uint32_t global_op(kn_valtype type, bool set)
{
    switch (type) {
    case KN_I32:
    case KN_F32: return set ? KN_IOP_GLOBAL_SET32 : KN_IOP_GLOBAL_GET32;
    case KN_I64:
    case KN_F64: return set ? KN_OP_GLOBAL_SET : KN_OP_GLOBAL_GET;
    case KN_V128: return set ? KN_IOP_GLOBAL_SET128 : KN_IOP_GLOBAL_GET128;
    default:     return set ? KN_IOP_GLOBAL_SET_REF : KN_IOP_GLOBAL_GET_REF;
    }
}

/* Arguments in their homes, contiguous; the callee's frame starts at the
 * first and its results replace them. */
static void call(tr *t, const kn_instr *ins, const kn_effect *e)
{
    bool indirect = ins->op == KN_OP_CALL_INDIRECT;
    kn_walk_entry index = indirect ? kn_walk_pop(&t->w) : (kn_walk_entry){0, 0, NONE, NONE, KN_I32};
    if (t->w.nstack < e->npops) {
        t->w.failed = true;
        return;
    }
    kn_walk_materialize_top(&t->w, e->npops);
    uint32_t argslot = e->npops ? t->w.stack[t->w.nstack - e->npops].home : kn_walk_next_home(&t->w);
    kn_walk_pop_to(&t->w, t->w.nstack - e->npops);
    kn_walk_push_types(&t->w, e->npushes, e->pushes);
    if (indirect) {
        begin(t, KN_OP_CALL_INDIRECT);
        emit(t, ins->imm.call_indirect.type);
        emit(t, ins->imm.call_indirect.table);
        emit(t, index.slot);
    } else {
        begin(t, KN_OP_CALL);
        emit(t, ins->imm.index);
    }
    emit(t, argslot);
    forget_last(t);
}

_Static_assert(KN_IOP_I64_STORE32_X - KN_IOP_I32_LOAD_X ==
               KN_OP_I64_STORE32 - KN_OP_I32_LOAD, "indexed memory operations");

/*
 * A scalar load or store whose address is the result of an i32.add emitted
 * just before (the peephole rule of the header): the add is taken back,
 * its operands are returned in a and b, and the access becomes the
 * operation's indexed form. Valid because the address kn_walk_entry, real in its
 * home, was the add's only reader: popped, it is gone from the stack.
 */
static bool take_add(tr *t, kn_opcode op, kn_walk_entry addr, uint32_t *a, uint32_t *b)
{
    if (op < KN_OP_I32_LOAD || op > KN_OP_I64_STORE32 ||
        t->last.op != KN_OP_I32_ADD || t->last.start + 4 != t->ncode ||
        !is_last_result(t, addr))
        return false;
    *a = t->code[t->last.start + 2];
    *b = t->code[t->last.start + 3];
    take_back(t);
    return true;
}

_Static_assert(KN_IOP_ADD_I64_LOAD32_U - KN_IOP_ADD_I32_LOAD ==
               KN_OP_I64_LOAD32_U - KN_OP_I32_LOAD, "add-and-load operations");

/*
 * A load from the result of the i32.add emitted just before, when that
 * result is kept (local.tee p; p[0]: a pointer or index stepped, then
 * read): the add-and-load form [op][d][sum][x][y][off] does both. False
 * when the last instruction is no such add.
 */
static bool fuse_add_load(tr *t, const kn_instr *ins, kn_walk_entry addr, kn_valtype result)
{
    if (ins->op < KN_OP_I32_LOAD || ins->op > KN_OP_I64_LOAD32_U ||
        t->last.op != KN_OP_I32_ADD || t->last.start + 4 != t->ncode ||
        t->code[t->last.start + 1] != addr.slot)
        return false;   /* v128 loads have no such form */
    uint32_t x = t->code[t->last.start + 2], y = t->code[t->last.start + 3];
    take_back(t);
    uint32_t d = kn_walk_push(&t->w, result);
    begin_acc(t, KN_IOP_ADD_I32_LOAD + (ins->op - KN_OP_I32_LOAD), x, y);
    emit_dst(t, d);
    emit(t, addr.slot);
    emit(t, x);
    emit(t, y);
    emit(t, (uint32_t)ins->imm.memarg.offset);
    return true;
}

/* [op][d][addr][off], or indexed [op][d][a][b][off]. */
static void load(tr *t, const kn_instr *ins, kn_valtype result)
{
    kn_walk_entry addr = kn_walk_pop(&t->w);
    uint32_t a = addr.slot, b = 0;
    bool indexed = take_add(t, ins->op, addr, &a, &b);
    if (!indexed && fuse_add_load(t, ins, addr, result))
        return;
    uint32_t d = kn_walk_push(&t->w, result);
    begin_acc(t, indexed ? KN_IOP_I32_LOAD_X + (ins->op - KN_OP_I32_LOAD) : ins->op,
              indexed ? NONE : a, NONE);
    emit_dst(t, d);
    emit(t, a);
    if (indexed)
        emit(t, b);
    emit(t, (uint32_t)ins->imm.memarg.offset);
}

/* [op][addr][value][off], or indexed [op][a][b][value][off]. */
_Static_assert(KN_IOP_F64_MUL_U - KN_IOP_I32_ADD_U == 6 &&
               KN_IOP_F64_MUL_M - KN_IOP_I32_ADD_M == 12, "update operations");

/*
 * A store of the value the last instruction emitted computed, if that is
 * a binary operation with a loaded operand (BINOP_M) reading where the
 * store writes, c[i] += x: the two become one update, [op_U][a][addr][off].
 * The value, popped, was the operation's only reader. False otherwise.
 */
static bool fuse_update(tr *t, const kn_instr *ins, kn_walk_entry addr, kn_walk_entry value)
{
    uint32_t op = t->last.op;
    if (op < KN_IOP_I32_ADD_M || op > KN_IOP_F64_MUL_M || (op - KN_IOP_I32_ADD_M) % 2 ||
        t->last.start + 5 != t->ncode || !is_last_result(t, value) ||
        t->code[t->last.start + 3] != addr.slot ||
        t->code[t->last.start + 4] != (uint32_t)ins->imm.memarg.offset)
        return false;
    uint32_t update = KN_IOP_I32_ADD_U + (op - KN_IOP_I32_ADD_M) / 2;
    kn_opcode want = update == KN_IOP_I32_ADD_U ? KN_OP_I32_STORE
                   : update <= KN_IOP_F32_MUL_U ? KN_OP_F32_STORE : KN_OP_F64_STORE;
    if (ins->op != want)
        return false;
    uint32_t a = t->code[t->last.start + 2];
    take_back(t);
    begin_acc(t, update, a, NONE);
    emit(t, a);
    emit(t, addr.slot);
    emit(t, (uint32_t)ins->imm.memarg.offset);
    return true;
}

static void store(tr *t, const kn_instr *ins)
{
    kn_walk_entry value = kn_walk_pop(&t->w);
    kn_walk_entry addr = kn_walk_pop(&t->w);
    if (fuse_update(t, ins, addr, value))
        return;
    uint32_t a = addr.slot, b = 0;
    bool indexed = take_add(t, ins->op, addr, &a, &b);
    begin_acc(t, indexed ? KN_IOP_I32_LOAD_X + (ins->op - KN_OP_I32_LOAD) : ins->op,
              NONE, value.slot);
    emit(t, a);
    if (indexed)
        emit(t, b);
    emit(t, value.slot);
    emit(t, (uint32_t)ins->imm.memarg.offset);
}

/* i8x16.shuffle: [op][d][a][b] then the 16 lane bytes in 4 words. */
static void shuffle(tr *t, const kn_instr *ins)
{
    uint32_t w[4];
    kn_walk_entry b = kn_walk_pop(&t->w);
    kn_walk_entry a = kn_walk_pop(&t->w);
    uint32_t d = kn_walk_push(&t->w, KN_V128);
    memcpy(w, ins->imm.bytes, 16);
    begin(t, ins->op);
    emit_dst(t, d);
    emit(t, a.slot);
    emit(t, b.slot);
    for (int k = 0; k < 4; k++)
        emit(t, w[k]);
}

/* extract_lane "v:X": [op][d][a][lane]; replace_lane "vX:v":
 * [op][d][a][x][lane]. */
static void lane(tr *t, const kn_instr *ins)
{
    const char *sig = kn_opinfo_table[ins->op].sig;
    if (sig[1] == ':') {
        kn_walk_entry a = kn_walk_pop(&t->w);
        uint32_t d = kn_walk_push(&t->w, kn_sig_valtype(sig[2]));
        begin(t, ins->op);
        emit_dst(t, d);
        emit(t, a.slot);
    } else {
        kn_walk_entry x = kn_walk_pop(&t->w);
        kn_walk_entry a = kn_walk_pop(&t->w);
        uint32_t d = kn_walk_push(&t->w, KN_V128);
        begin(t, ins->op);
        emit_dst(t, d);
        emit(t, a.slot);
        emit(t, x.slot);
    }
    emit(t, ins->lane);
}

/* load_lane "iv:v": [op][d][addr][v][offset][lane]; store_lane "iv:":
 * [op][addr][v][offset][lane]. */
static void memory_lane(tr *t, const kn_instr *ins)
{
    bool is_load = kn_opinfo_table[ins->op].sig[3] == 'v';
    kn_walk_entry v = kn_walk_pop(&t->w);
    kn_walk_entry addr = kn_walk_pop(&t->w);
    uint32_t d = is_load ? kn_walk_push(&t->w, KN_V128) : 0;
    begin(t, ins->op);
    if (is_load)
        emit_dst(t, d);
    emit(t, addr.slot);
    emit(t, v.slot);
    emit(t, (uint32_t)ins->imm.memarg.offset);
    emit(t, ins->lane);
}

/* One reachable instruction other than else and end. */
static void instr(tr *t, const kn_instr *ins)
{
    const kn_module *m = t->w.m;
    kn_effect e;
    kn_opcode op = ins->op;
    uint32_t x = ins->imm.index;
    switch (op) {
    case KN_OP_NOP:
        return;
    case KN_OP_UNREACHABLE:
        begin(t, KN_OP_UNREACHABLE);
        set_unreachable(t);
        return;
    case KN_OP_BLOCK:
    case KN_OP_LOOP:
    case KN_OP_IF: {
        kn_functype bt;
        if (!kn_block_type(m, ins->imm.block, &bt)) {
            t->w.failed = true;
            return;
        }
        kn_walk_entry cond = op == KN_OP_IF ? kn_walk_pop(&t->w) : (kn_walk_entry){0, 0, NONE, NONE, KN_I32};
        kn_walk_materialize_all(&t->w);
        kn_walk_ctrl *c = open_block(t, op, &bt);
        if (c && op == KN_OP_IF) {
            emit_cond_jump(t, cond, true);
            emit_patch(t, &t->w.ctrls[t->w.nctrls - 1].else_patch);
        }
        if (c && op == KN_OP_LOOP) {
            /* LOOP charges the first iteration; the branches to the label
             * jump just past it and charge the others (exec.c, JUMP). The
             * cost is known at the loop's end. */
            begin(t, KN_IOP_LOOP);
            emit(t, 0);
            c->cost_word = t->ncode - 1;
            c->loop_start = t->ncode;
            kn_walk_loop_begin(&t->w, c);
        }
        forget_last(t);
        return;
    }
    case KN_OP_BR:
        emit_branch(t, x);
        set_unreachable(t);
        return;
    case KN_OP_BR_IF:
        br_if(t, x);
        return;
    case KN_OP_BR_TABLE:
        br_table(t, ins);
        set_unreachable(t);
        return;
    case KN_OP_RETURN:
        emit_return(t);
        set_unreachable(t);
        return;
    case KN_OP_CALL:
    case KN_OP_CALL_INDIRECT:
        if (!effect(t, ins, &e))
            return;
        call(t, ins, &e);
        return;
    case KN_OP_DROP:
        kn_walk_pop(&t->w);
        return;
    case KN_OP_SELECT:
    case KN_OP_SELECT_T: {
        kn_valtype type = t->w.nstack >= 3 ? t->w.stack[t->w.nstack - 3].type : KN_I32;
        if (kn_slot_width(type) == 1) {
            simple(t, KN_OP_SELECT, type, 0, 0, 0, 3);
            return;
        }
        /* A v128: one SELECT per slot. The result's home is the first
         * operand's, below the others' homes, so the first SELECT
         * overwrites no slot the second reads. */
        kn_walk_entry c = kn_walk_pop(&t->w), b = kn_walk_pop(&t->w), a = kn_walk_pop(&t->w);
        uint32_t d = kn_walk_push(&t->w, type);
        for (uint32_t i = 0; i < 2; i++) {
            begin(t, KN_OP_SELECT);
            emit_dst(t, d + i);
            emit(t, a.slot + i);
            emit(t, b.slot + i);
            emit(t, c.slot);
        }
        return;
    }
    case KN_OP_LOCAL_GET:
        if (x >= t->w.nlocals) {
            t->w.failed = true;
            return;
        }
        kn_walk_push_at(&t->w, t->w.local_types[x], t->w.local_slot[x], x);
        return;
    case KN_OP_LOCAL_SET:
    case KN_OP_LOCAL_TEE:
        local_set(t, x, op == KN_OP_LOCAL_TEE);
        return;
    case KN_OP_GLOBAL_GET:
    case KN_OP_GLOBAL_SET: {
        bool set = op == KN_OP_GLOBAL_SET;
        if (!effect(t, ins, &e))
            return;
        kn_valtype type = set ? e.pops[0] : e.pushes[0];
        simple_effect(t, global_op(type, set), &e, 1, x, 0);
        if (!set && (type == KN_I32 || type == KN_I64) && t->last.dst != NONE)
            t->last.acc = (accum){t->code[t->last.dst], CLASS_I};   /* exec.c sets iacc */
        return;
    }
    case KN_OP_REF_NULL:
        kn_walk_push_const(&t->w, ins->imm.type, 0);
        return;
    case KN_OP_REF_IS_NULL:
        if (effect(t, ins, &e))
            simple_effect(t, op, &e, 0, 0, 0);
        return;
    case KN_OP_REF_FUNC:
    case KN_OP_TABLE_GET:
    case KN_OP_TABLE_SET:
    case KN_OP_TABLE_SIZE:
    case KN_OP_TABLE_GROW:
    case KN_OP_TABLE_FILL:
        if (effect(t, ins, &e))
            simple_effect(t, op, &e, 1, x, 0);
        return;
    case KN_OP_TABLE_COPY:
    case KN_OP_TABLE_INIT:   /* immediates: table, then the other table or segment */
        if (effect(t, ins, &e))
            simple_effect(t, op, &e, 2, op == KN_OP_TABLE_COPY ? ins->imm.pair.a : ins->imm.pair.b,
                          op == KN_OP_TABLE_COPY ? ins->imm.pair.b : ins->imm.pair.a);
        return;
    case KN_OP_ELEM_DROP:   simple(t, op, 0, 1, x, 0, 0); return;
    case KN_OP_MEMORY_SIZE: simple(t, op, KN_I32, 0, 0, 0, 0); return;
    case KN_OP_MEMORY_GROW: simple(t, op, KN_I32, 0, 0, 0, 1); return;
    case KN_OP_MEMORY_FILL:
    case KN_OP_MEMORY_COPY: simple(t, op, 0, 0, 0, 0, 3); return;
    case KN_OP_MEMORY_INIT: simple(t, op, 0, 1, ins->imm.pair.a, 0, 3); return;
    case KN_OP_DATA_DROP:   simple(t, op, 0, 1, x, 0, 0); return;
    case KN_OP_I32_CONST: kn_walk_push_const(&t->w, KN_I32, ins->imm.i32); return;
    case KN_OP_I64_CONST: kn_walk_push_const(&t->w, KN_I64, ins->imm.i64); return;
    case KN_OP_F32_CONST: kn_walk_push_const(&t->w, KN_F32, ins->imm.f32); return;
    case KN_OP_F64_CONST: kn_walk_push_const(&t->w, KN_F64, ins->imm.f64); return;
    case KN_OP_V128_CONST: kn_walk_push_v128(&t->w, ins->imm.bytes); return;
    case KN_OP_V128_BITSELECT: simple(t, op, KN_V128, 0, 0, 0, 3); return;
    default:
        break;
    }
    switch (kn_opinfo_table[op].imm) {
    case KN_IMM_SHUFFLE:
        shuffle(t, ins);
        return;
    case KN_IMM_LANE:
        lane(t, ins);
        return;
    case KN_IMM_MEMARG_LANE:
        memory_lane(t, ins);
        return;
    default:
        break;
    }
    if (kn_opinfo_table[op].imm == KN_IMM_MEMARG) {
        const char *sig = kn_opinfo_table[op].sig;
        if (sig[1] == ':')   /* "i:X": a load */
            load(t, ins, kn_sig_valtype(sig[2]));
        else
            store(t, ins);
        return;
    }
    numeric(t, op);
}

/* ---- the function ---- */

/* ---- the function ---- */

/* The walker's calls (walk.h); the walk is the first member of tr. */
static void be_move(kn_walk *w, uint32_t dst, uint32_t src, kn_valtype type)
{
    copy((tr *)w, dst, src, type);
}

/* A constant the full pool has no place for: I32_CONST, I64_CONST (the
 * 64-bit ones) or V128_CONST sets it. */
static void be_constant(kn_walk *w, uint32_t dst, kn_valtype type, const uint8_t *bytes)
{
    tr *t = (tr *)w;
    uint32_t words[4];
    uint32_t n = type == KN_V128 ? 4 : type == KN_I64 || type == KN_F64 ? 2 : 1;
    memcpy(words, bytes, n * sizeof *words);
    begin(t, n == 4 ? KN_OP_V128_CONST : n == 2 ? KN_OP_I64_CONST : KN_OP_I32_CONST);
    emit_dst(t, dst);
    for (uint32_t k = 0; k < n; k++)
        emit(t, words[k]);
}

static void be_instr(kn_walk *w, const kn_instr *ins)
{
    instr((tr *)w, ins);
}

static void be_else(kn_walk *w)
{
    do_else((tr *)w);
}

static bool be_end(kn_walk *w)
{
    return do_end((tr *)w);
}

static const kn_walk_backend backend = {be_move, be_constant, be_instr, be_else, be_end};

kn_code *kn_translate(const kn_module *m, uint32_t func)
{
    if (func >= m->nfuncs || m->funcs[func].imported || m->funcs[func].type >= m->ntypes)
        return NULL;
    const kn_func *fn = &m->funcs[func];
    tr t = {.w = {.m = m, .type = &m->types[fn->type], .be = &backend}};
    forget_last(&t);
    t.before = t.last;
    bool ok = kn_walk_body(&t.w, fn);

    /* One block: the kn_icode, the frame's initial locals and constants,
     * the instructions. */
    kn_icode *code = NULL;
    uint32_t nparams = kn_walk_slots(t.w.type->nparams, t.w.type->params);
    uint32_t nresults = kn_walk_slots(t.w.type->nresults, t.w.type->results);
    uint32_t ninit = ok ? t.w.stack_base - nparams : 0;
    size_t size = sizeof *code + (size_t)ninit * sizeof(kn_slot) +
                  (size_t)t.ncode * sizeof(uint32_t);
    if (ok)
        code = malloc(size);
    if (code) {
        kn_slot *init = (kn_slot *)(code + 1);
        uint32_t *ops = (uint32_t *)(init + ninit);
        uint32_t nzero = t.w.nlocal_slots - nparams;
        memset(init, 0, nzero * sizeof *init);
        memcpy(init + nzero, t.w.pool, t.w.npool * sizeof *init);
        memcpy(ops, t.code, t.ncode * sizeof *ops);
        *code = (kn_icode){
            .base = {
                .tier = &kn_interp_tier, .nparams = nparams,
                .frame_size = t.w.frame_size > nresults ? t.w.frame_size : nresults,
                .cost = t.w.cost ? t.w.cost : 1, .size = size,
            },
            .ninit = ninit, .pool = t.w.nlocal_slots, .len = t.ncode,
            .init = init, .ops = ops,
        };
    }
    free(t.code);
    kn_walk_free(&t.w);
#ifdef KN_CHECK_CODE
    if (code && !kn_icode_check(code))
        abort();   /* the translator emitted what its formats do not say */
#endif
    return code ? &code->base : NULL;
}
