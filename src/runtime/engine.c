/*
 * engine.c -- the engine (engine.h): its tier, its code account and its
 * registry of function types.
 *
 * The registry: `types[id]` is the engine's copy of each distinct function
 * type seen so far; `slots` is an open-addressing hash table of ids + 1 (0
 * marks an empty slot), its size a power of two kept at least twice the
 * number of types, so probing always ends. Ids are never reused, so a
 * store may keep one for as long as the engine lives. One lock guards it
 * all: interning happens when instances and host functions are made, never
 * while wasm runs.
 */
#include "engine.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/hash.h"
#include "../base/vec.h"

/* Held by the engine and by each code object counted in it. */
struct kn_code_account {
    _Atomic uint64_t bytes;
    _Atomic uint64_t max;
    _Atomic size_t holds;
};

struct kn_engine {
    const struct kn_tier *tier;
    kn_code_account *code;
    pthread_mutex_t lock;
    kn_arena arena;     /* the types' copies */
    kn_vec types;       /* const kn_functype * */
    uint32_t *slots;
    size_t nslots;
};

kn_engine *kn_engine_new(const struct kn_tier *tier)
{
    kn_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    if (pthread_mutex_init(&e->lock, NULL) != 0) {
        free(e);
        return NULL;
    }
    e->code = malloc(sizeof *e->code);
    if (!e->code) {
        pthread_mutex_destroy(&e->lock);
        free(e);
        return NULL;
    }
    atomic_init(&e->code->bytes, 0);
    atomic_init(&e->code->max, KN_DEFAULT_MAX_CODE_BYTES);
    atomic_init(&e->code->holds, 1);
    e->tier = tier;
    kn_arena_init(&e->arena);
    return e;
}

void kn_engine_delete(kn_engine *e)
{
    if (!e)
        return;
    pthread_mutex_destroy(&e->lock);
    kn_code_account_give(e->code, 0);
    kn_vec_free(&e->types);
    free(e->slots);
    kn_arena_free(&e->arena);
    free(e);
}

const struct kn_tier *kn_engine_tier(const kn_engine *e)
{
    return e->tier;
}

kn_code_account *kn_engine_code_account(kn_engine *e)
{
    return e->code;
}

void kn_engine_set_max_code(kn_engine *e, uint64_t bytes)
{
    atomic_store(&e->code->max, bytes);
}

uint64_t kn_engine_max_code(const kn_engine *e)
{
    return atomic_load(&e->code->max);
}

uint64_t kn_engine_code_bytes(const kn_engine *e)
{
    return atomic_load(&e->code->bytes);
}

bool kn_code_account_take(kn_code_account *a, uint64_t bytes)
{
    uint64_t max = atomic_load(&a->max);
    uint64_t have = atomic_load(&a->bytes);
    do {
        if (have > max || bytes > max - have)
            return false;
    } while (!atomic_compare_exchange_weak(&a->bytes, &have, have + bytes));
    atomic_fetch_add(&a->holds, 1);
    return true;
}

void kn_code_account_give(kn_code_account *a, uint64_t bytes)
{
    atomic_fetch_sub(&a->bytes, bytes);
    if (atomic_fetch_sub(&a->holds, 1) == 1)
        free(a);
}

/* Each vector's hash has its length in it, so (i32 i32) -> () and
 * (i32) -> (i32) differ. */
static uint64_t type_hash(const kn_functype *t)
{
    return kn_hash(t->params, t->nparams) * 31 + kn_hash(t->results, t->nresults);
}

static bool type_equal(const kn_functype *a, const kn_functype *b)
{
    return a->nparams == b->nparams && a->nresults == b->nresults &&
           (a->nparams == 0 || memcmp(a->params, b->params, a->nparams) == 0) &&
           (a->nresults == 0 || memcmp(a->results, b->results, a->nresults) == 0);
}

/* Rebuilds the hash table with `nslots` slots (a power of two). */
static bool rehash(kn_engine *e, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return false;
    const kn_functype **types = e->types.items;
    for (size_t id = 0; id < e->types.len; id++) {
        size_t i = type_hash(types[id]) & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)id + 1;
    }
    free(e->slots);
    e->slots = slots;
    e->nslots = nslots;
    return true;
}

/* A copy of `t` in the engine's arena, its type vectors included. */
static kn_functype *copy_type(kn_engine *e, const kn_functype *t)
{
    kn_functype *c = kn_arena_alloc(&e->arena, 1, sizeof *c);
    kn_valtype *v = kn_arena_alloc(&e->arena, (size_t)t->nparams + t->nresults, 1);
    if (!c || !v)
        return NULL;
    if (t->nparams)
        memcpy(v, t->params, t->nparams);
    if (t->nresults)
        memcpy(v + t->nparams, t->results, t->nresults);
    c->nparams = t->nparams;
    c->nresults = t->nresults;
    c->params = v;
    c->results = v + t->nparams;
    return c;
}

static uint32_t intern(kn_engine *e, const kn_functype *type)
{
    const kn_functype **types = e->types.items;
    uint64_t h = type_hash(type);
    if (e->nslots) {
        for (size_t i = h & (e->nslots - 1); e->slots[i]; i = (i + 1) & (e->nslots - 1))
            if (type_equal(types[e->slots[i] - 1], type))
                return e->slots[i] - 1;
    }
    if (e->types.len >= UINT32_MAX - 1)
        return UINT32_MAX;
    if ((e->types.len + 1) * 2 > e->nslots &&
        !rehash(e, e->nslots ? e->nslots * 2 : 64))
        return UINT32_MAX;
    const kn_functype *c = copy_type(e, type);
    if (!c || !kn_vec_push(&e->types, sizeof c, &c))
        return UINT32_MAX;
    uint32_t id = (uint32_t)e->types.len - 1;
    size_t i = h & (e->nslots - 1);
    while (e->slots[i])
        i = (i + 1) & (e->nslots - 1);
    e->slots[i] = id + 1;
    return id;
}

uint32_t kn_engine_type_id(kn_engine *e, const kn_functype *type)
{
    pthread_mutex_lock(&e->lock);
    uint32_t id = intern(e, type);
    pthread_mutex_unlock(&e->lock);
    return id;
}

const kn_functype *kn_engine_type(kn_engine *e, uint32_t id)
{
    pthread_mutex_lock(&e->lock);
    const kn_functype *t = ((const kn_functype **)e->types.items)[id];
    pthread_mutex_unlock(&e->lock);
    return t;
}
