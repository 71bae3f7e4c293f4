/*
 * walk.c -- the wasm walker (walk.h): the operand-stack model, the
 * constant pool, the control stack, unreachable code and costs.
 */
#include "walk.h"

#include <stdlib.h>
#include <string.h>

#include "../base/vec.h"

uint32_t kn_walk_slots(uint32_t n, const kn_valtype *types)
{
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++)
        slots += kn_slot_width(types[i]);
    return slots;
}

uint32_t kn_walk_next_home(const kn_walk *w)
{
    if (w->nstack == 0)
        return w->stack_base;
    const kn_walk_entry *top = &w->stack[w->nstack - 1];
    return top->home + kn_slot_width(top->type);
}

/* Pushes an entry whose value is in `slot` (its home when real). */
kn_walk_entry *kn_walk_push_at(kn_walk *w, kn_valtype type, uint32_t slot, uint32_t local)
{
    if (w->nstack == w->capstack &&
        !kn_grow((void **)&w->stack, &w->capstack, w->nstack + 1, sizeof *w->stack)) {
        w->failed = true;
        return NULL;
    }
    uint32_t home = kn_walk_next_home(w);
    uint32_t end = home + kn_slot_width(type);
    if (end < home) {   /* cannot happen within the function size limit */
        w->failed = true;
        return NULL;
    }
    if (end > w->frame_size)
        w->frame_size = end;
    if (slot == KN_WALK_NONE)
        slot = home;
    if (slot != home)
        w->nvirtual++;
    uint32_t below = KN_WALK_NONE;
    if (local != KN_WALK_NONE) {
        below = w->local_top[local];
        w->local_top[local] = w->nstack;
    }
    kn_walk_entry *e = &w->stack[w->nstack++];
    *e = (kn_walk_entry){slot, home, local, below, type};
    return e;
}

/* Pushes the result of an instruction: real, in its home. */
uint32_t kn_walk_push(kn_walk *w, kn_valtype type)
{
    kn_walk_entry *e = kn_walk_push_at(w, type, KN_WALK_NONE, KN_WALK_NONE);
    return e ? e->home : 0;
}

kn_walk_entry kn_walk_pop(kn_walk *w)
{
    if (w->nstack == 0 || w->nstack <= w->ctrls[w->nctrls - 1].height) {
        w->failed = true;   /* not after validation */
        return (kn_walk_entry){0, 0, KN_WALK_NONE, KN_WALK_NONE, KN_I32};
    }
    kn_walk_entry e = w->stack[--w->nstack];
    if (e.slot != e.home)
        w->nvirtual--;
    if (e.local != KN_WALK_NONE)   /* the top entry is the topmost showing its local */
        w->local_top[e.local] = e.below;
    return e;
}

/* Copies entry i to its home. Entries are made real from the top down,
 * so one showing a local is always the topmost showing it. */
static void materialize(kn_walk *w, uint32_t i)
{
    kn_walk_entry *e = &w->stack[i];
    if (e->slot == e->home)
        return;
    if (e->local != KN_WALK_NONE) {
        if (w->local_top[e->local] != i) {
            w->failed = true;   /* not from the top down: a bug */
            return;
        }
        w->local_top[e->local] = e->below;
    }
    w->be->move(w, e->home, e->slot, e->type);
    w->nvirtual--;
    e->slot = e->home;
    e->local = e->below = KN_WALK_NONE;
}

/* All entries real. Scans down only as far as virtual entries remain. */
void kn_walk_materialize_all(kn_walk *w)
{
    for (uint32_t i = w->nstack; i-- > 0 && w->nvirtual > 0;)
        materialize(w, i);
}

/* The top n entries real, as calls and block ends need them. */
void kn_walk_materialize_top(kn_walk *w, uint32_t n)
{
    for (uint32_t i = 0; i < n && i < w->nstack; i++)
        materialize(w, w->nstack - 1 - i);
}

/* No entry shows local x any more: about to be overwritten. Follows the
 * chain of the entries showing x, so the cost is theirs, not the stack's
 * height. */
void kn_walk_materialize_local(kn_walk *w, uint32_t x)
{
    while (w->local_top[x] != KN_WALK_NONE && !w->failed)
        materialize(w, w->local_top[x]);
}

/* Drops entries down to `height`. */
void kn_walk_pop_to(kn_walk *w, uint32_t height)
{
    while (w->nstack > height)
        kn_walk_pop(w);
}

/* ---- constants ---- */

static uint32_t pool_find(const kn_walk *w, kn_slot v)
{
    for (uint32_t i = 0; i < w->npool; i++)
        if (w->pool[i] == v)
            return i;
    return KN_WALK_NONE;
}

static void pool_add(kn_walk *w, kn_slot v)
{
    if (w->npool < KN_WALK_MAX_POOL && pool_find(w, v) == KN_WALK_NONE)
        w->pool[w->npool++] = v;
}

/* A v128 constant takes two consecutive pool slots. */
static uint32_t pool_find_v128(const kn_walk *w, const uint8_t bytes[16])
{
    for (uint32_t i = 0; i + 1 < w->npool; i++)
        if (memcmp(&w->pool[i], bytes, 16) == 0)
            return i;
    return KN_WALK_NONE;
}

static void pool_add_v128(kn_walk *w, const uint8_t bytes[16])
{
    if (w->npool + 2 <= KN_WALK_MAX_POOL && pool_find_v128(w, bytes) == KN_WALK_NONE) {
        memcpy(&w->pool[w->npool], bytes, 16);
        w->npool += 2;
    }
}

/* A constant: a virtual entry on its pool slot, or when the pool is full a
 * real one the back end sets. */
void kn_walk_push_const(kn_walk *w, kn_valtype type, kn_slot v)
{
    uint32_t i = pool_find(w, v);
    if (i != KN_WALK_NONE) {
        kn_walk_push_at(w, type, w->nlocal_slots + i, KN_WALK_NONE);
        return;
    }
    uint32_t d = kn_walk_push(w, type);
    uint8_t bytes[8];
    memcpy(bytes, &v, sizeof bytes);
    w->be->constant(w, d, type, bytes);
}

/* A v128 constant: virtual on its pool slots, or set by the back end. */
void kn_walk_push_v128(kn_walk *w, const uint8_t bytes[16])
{
    uint32_t i = pool_find_v128(w, bytes);
    if (i != KN_WALK_NONE) {
        kn_walk_push_at(w, KN_V128, w->nlocal_slots + i, KN_WALK_NONE);
        return;
    }
    w->be->constant(w, kn_walk_push(w, KN_V128), KN_V128, bytes);
}

/* First pass: the constants of the body, in order of appearance. */
static bool collect_constants(kn_walk *w, const kn_func *fn)
{
    kn_reader r;
    kn_instr ins;
    kn_reader_init(&r, w->m->bytes, fn->code_offset, fn->code_offset + fn->code_len, NULL);
    while (!kn_reader_at_end(&r) && w->npool < KN_WALK_MAX_POOL) {
        if (!kn_read_instr(&r, &ins))
            return false;
        switch (ins.op) {
        case KN_OP_I32_CONST: pool_add(w, ins.imm.i32); break;
        case KN_OP_I64_CONST: pool_add(w, ins.imm.i64); break;
        case KN_OP_F32_CONST: pool_add(w, ins.imm.f32); break;
        case KN_OP_F64_CONST: pool_add(w, ins.imm.f64); break;
        case KN_OP_REF_NULL:  pool_add(w, 0); break;
        case KN_OP_V128_CONST: pool_add_v128(w, ins.imm.bytes); break;
        default: break;
        }
    }
    return true;
}


kn_walk_ctrl *kn_walk_push_ctrl(kn_walk *w, kn_opcode kind, uint32_t nparams, const kn_valtype *params,
                       uint32_t nresults, const kn_valtype *results)
{
    if (w->nctrls == w->capctrls &&
        !kn_grow((void **)&w->ctrls, &w->capctrls, w->nctrls + 1, sizeof *w->ctrls)) {
        w->failed = true;
        return NULL;
    }
    if (w->nstack < nparams) {
        w->failed = true;
        return NULL;
    }
    kn_walk_ctrl *c = &w->ctrls[w->nctrls++];
    uint32_t height = w->nstack - nparams;
    *c = (kn_walk_ctrl){
        .kind = kind, .height = height,
        .label_home = height < w->nstack ? w->stack[height].home : kn_walk_next_home(w),
        .nparams = nparams, .nresults = nresults,
        .params = params, .results = results,
    };
    return c;
}


/* Values a branch to `c` carries: a loop's parameters, else the results. */
uint32_t kn_walk_label_arity(const kn_walk_ctrl *c, const kn_valtype **types)
{
    if (c->kind == KN_OP_LOOP) {
        *types = c->params;
        return c->nparams;
    }
    *types = c->results;
    return c->nresults;
}


/* After an unconditional transfer: the rest of the block is dead. */
void kn_walk_set_unreachable(kn_walk *w)
{
    kn_walk_ctrl *c = &w->ctrls[w->nctrls - 1];
    kn_walk_pop_to(w, c->height);
    c->unreachable = true;
}

void kn_walk_push_types(kn_walk *w, uint32_t n, const kn_valtype *types)
{
    for (uint32_t i = 0; i < n; i++)
        kn_walk_push(w, types[i]);
}


static bool setup_locals(kn_walk *w, const kn_func *fn)
{
    const kn_functype *ft = w->type;
    w->nlocals = ft->nparams + fn->nlocals;
    size_t n = w->nlocals ? w->nlocals : 1;
    w->local_types = malloc(n * sizeof *w->local_types);
    w->local_slot = malloc(n * sizeof *w->local_slot);
    w->local_top = malloc(n * sizeof *w->local_top);
    if (!w->local_types || !w->local_slot || !w->local_top)
        return false;
    memset(w->local_top, 0xff, n * sizeof *w->local_top);   /* all KN_WALK_NONE */
    uint32_t slot = 0;
    for (uint32_t i = 0; i < w->nlocals; i++) {
        kn_valtype type = i < ft->nparams ? ft->params[i] : fn->locals[i - ft->nparams];
        w->local_types[i] = type;
        w->local_slot[i] = slot;
        slot += kn_slot_width(type);
    }
    w->nlocal_slots = slot;
    return true;
}

/* Translates the body; the code is then in w->code. */
bool kn_walk_body(kn_walk *w, const kn_func *fn)
{
    if (!setup_locals(w, fn) || !collect_constants(w, fn))
        return false;
    w->stack_base = w->nlocal_slots + w->npool;
    w->frame_size = w->stack_base;
    if (!kn_walk_push_ctrl(w, KN_OP_END, 0, NULL, w->type->nresults, w->type->results))
        return false;

    kn_reader r;
    kn_instr ins;
    uint32_t skip = 0;   /* blocks opened inside unreachable code */
    kn_reader_init(&r, w->m->bytes, fn->code_offset, fn->code_offset + fn->code_len, NULL);
    while (!w->failed) {
        if (kn_reader_at_end(&r) || !kn_read_instr(&r, &ins))
            return false;   /* a body ends with its `end` */
        if (w->ctrls[w->nctrls - 1].unreachable) {
            switch (ins.op) {
            case KN_OP_BLOCK:
            case KN_OP_LOOP:
            case KN_OP_IF:
                skip++;
                continue;
            case KN_OP_ELSE:
                if (skip == 0)
                    w->be->do_else(w);
                continue;
            case KN_OP_END:
                if (skip > 0) {
                    skip--;
                    continue;
                }
                break;
            default:
                continue;
            }
        }
        if (ins.op == KN_OP_ELSE)
            w->be->do_else(w);
        else if (ins.op == KN_OP_END) {
            if (w->be->do_end(w))
                return !w->failed;
        } else {
            w->cost += w->cost < UINT32_MAX;
            w->be->instr(w, &ins);
        }
    }
    return false;
}

void kn_walk_loop_begin(kn_walk *w, kn_walk_ctrl *c)
{
    c->outer_cost = w->cost;
    w->cost = 0;
}

uint32_t kn_walk_loop_end(kn_walk *w, const kn_walk_ctrl *c)
{
    uint32_t cost = w->cost ? w->cost : 1;
    w->cost = c->outer_cost;
    return cost;
}

void kn_walk_free(kn_walk *w)
{
    free(w->stack);
    free(w->ctrls);
    free(w->local_types);
    free(w->local_slot);
    free(w->local_top);
}
