/*
 * code.c -- code owned by the module: one code object per function and
 * tier, compiled on the function's first call in any store and then shared
 * by every instance of the module, in every store and thread.
 *
 * The table is attached to the module on first use, and each entry is
 * published once, both with a compare-and-swap: two threads may compile
 * the same function at the same moment, and the loser frees its copy and
 * takes the winner's. Code never refers to an instance or a store, which
 * is what makes sharing it right.
 *
 * Limits (exec.h): a function's new code is measured against its body
 * and counted against the account of the engine whose store compiled it
 * before it is published, and given back when the module frees it.
 */
#include "internal.h"

#include <stdlib.h>

/* Tiers a module can hold code for at once: each kn_tier has an index
 * below this (its `id`). */
enum { MAX_TIERS = 4 };

typedef struct module_code {
    kn_module_code base;     /* first: the module frees it through base.free */
    uint32_t nfuncs;
    _Atomic uint32_t compiled[MAX_TIERS];   /* compile calls, races included */
    _Atomic(kn_code *) *codes;              /* [tier][func] */
} module_code;

/* Frees `c`, giving back what it counted. */
static void code_free(kn_code *c)
{
    if (c->account)
        kn_code_account_give(c->account, c->size);
    c->tier->free(c);
}

static void module_code_free(kn_module_code *base)
{
    module_code *mc = (module_code *)base;
    for (size_t i = 0; i < (size_t)MAX_TIERS * mc->nfuncs; i++) {
        kn_code *c = atomic_load_explicit(&mc->codes[i], memory_order_relaxed);
        if (c)
            code_free(c);
    }
    free(mc->codes);
    free(mc);
}

/* The module's table, attached now if it has none; NULL when out of
 * memory. The module is const to everyone else: its code pointer is the
 * one field that changes after validation, atomically. */
static module_code *attach(const kn_module *m)
{
    _Atomic(kn_module_code *) *slot = &((kn_module *)m)->code;
    kn_module_code *have = atomic_load_explicit(slot, memory_order_acquire);
    if (have)
        return (module_code *)have;
    module_code *mc = calloc(1, sizeof *mc);
    if (!mc)
        return NULL;
    mc->codes = calloc((size_t)MAX_TIERS * (m->nfuncs ? m->nfuncs : 1), sizeof *mc->codes);
    if (!mc->codes) {
        free(mc);
        return NULL;
    }
    mc->base.free = module_code_free;
    mc->nfuncs = m->nfuncs;
    if (!atomic_compare_exchange_strong_explicit(slot, &have, &mc->base,
                                                 memory_order_acq_rel,
                                                 memory_order_acquire)) {
        module_code_free(&mc->base);
        return (module_code *)have;
    }
    return mc;
}

/* Whether `c`, the new code of `fn`, is within the per-function bound. */
static bool within_bound(const kn_code *c, const kn_func *fn)
{
    uint64_t bound = (uint64_t)KN_CODE_PER_BODY_BYTE * fn->code_len +
                     (uint64_t)KN_CODE_PER_LOCAL * fn->nlocals + KN_CODE_PER_FUNC;
    return c->size <= bound;
}

const kn_code *kn_code_find(kn_store *s, kn_funcinst *f, kn_trap_code *why)
{
    const kn_tier *tier = kn_engine_tier(s->engine);
    const kn_module *m = f->instance->module;
    *why = KN_TRAP_OUT_OF_MEMORY;
    module_code *mc = attach(m);
    if (!mc)
        return NULL;
    _Atomic(kn_code *) *slot = &mc->codes[(size_t)tier->id * mc->nfuncs + f->index];
    kn_code *c = atomic_load_explicit(slot, memory_order_acquire);
    if (!c) {
        atomic_fetch_add_explicit(&mc->compiled[tier->id], 1, memory_order_relaxed);
        kn_code *made = tier->compile(m, f->index);
        if (!made)
            return NULL;
        kn_code_account *account = kn_engine_code_account(s->engine);
        if (!within_bound(made, &m->funcs[f->index]) ||
            !kn_code_account_take(account, made->size)) {
            made->tier->free(made);
            *why = KN_TRAP_CODE_LIMIT;
            return NULL;
        }
        made->account = account;
        if (atomic_compare_exchange_strong_explicit(slot, &c, made, memory_order_acq_rel,
                                                    memory_order_acquire))
            c = made;
        else
            code_free(made);   /* another thread published first: take its code */
    }
    f->code = c;
    return c;
}

uint32_t kn_code_compiled(const kn_module *m, const kn_tier *tier)
{
    kn_module_code *base = atomic_load_explicit(&((kn_module *)m)->code,
                                                memory_order_acquire);
    if (!base)
        return 0;
    return atomic_load_explicit(&((module_code *)base)->compiled[tier->id],
                                memory_order_relaxed);
}
