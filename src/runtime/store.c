/*
 * store.c -- the store (spec 4.2.3): ownership of every runtime object,
 * interning of function types, the store's limits.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/arena.h"
#include "../base/vec.h"
#include "../interp/interp.h"
#include "internal.h"

/* A block of function instances allocated together (one per instance). */
typedef struct funcblock {
    kn_funcinst *funcs;
    uint32_t n;
} funcblock;


/*
 * Type interning: `types[id]` is the canonical copy of each distinct
 * function type seen by this store; `slots` is an open-addressing hash
 * table of ids + 1 (0 marks an empty slot), its size a power of two kept
 * at least twice the number of types, so probing always ends.
 */
struct kn_store_objects {
    kn_arena arena;
    kn_vec funcblocks;   /* funcblock */
    kn_vec tables;       /* kn_tableinst * */
    kn_vec memories;     /* kn_meminst * */
    kn_vec types;        /* const kn_functype * */
    uint32_t *slots;
    size_t nslots;
};

kn_store *kn_store_new(void)
{
    kn_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->objects = calloc(1, sizeof *s->objects);
    if (!s->objects) {
        free(s);
        return NULL;
    }
    kn_arena_init(&s->objects->arena);
    /* Deep enough for every recursion of the spec tests many times over,
     * shallow enough that runaway recursion ends in well under a second. */
    s->limits.max_call_depth = 10000;
    s->limits.max_memory_pages = KN_MAX_PAGES;
    s->limits.max_table_elems = 10000000;
    s->wake_read = -1;
    s->wake_write = -1;
    return s;
}

void kn_store_delete(kn_store *s)
{
    if (!s)
        return;
    struct kn_store_objects *o = s->objects;
    const funcblock *blocks = o->funcblocks.items;
    for (size_t i = 0; i < o->funcblocks.len; i++)
        for (uint32_t j = 0; j < blocks[i].n; j++)
            if (blocks[i].funcs[j].code)
                kn_interp_code_free(blocks[i].funcs[j].code);
    kn_tableinst **tables = o->tables.items;
    for (size_t i = 0; i < o->tables.len; i++)
        kn_table_release(tables[i]);
    kn_meminst **memories = o->memories.items;
    for (size_t i = 0; i < o->memories.len; i++)
        kn_memory_release(memories[i]);
    if (s->interp)
        kn_interp_state_free(s->interp);
    kn_vec_free(&o->funcblocks);
    kn_vec_free(&o->tables);
    kn_vec_free(&o->memories);
    kn_vec_free(&o->types);
    free(o->slots);
    kn_arena_free(&o->arena);
    free(o);
    if (s->wake_read >= 0) {
        close(s->wake_read);
        close(s->wake_write);
    }
    free(s);
}

void *kn_store_alloc(kn_store *s, size_t count, size_t size)
{
    return kn_arena_alloc(&s->objects->arena, count, size);
}

kn_funcinst *kn_store_new_funcs(kn_store *s, uint32_t n)
{
    funcblock b = {kn_store_alloc(s, n, sizeof(kn_funcinst)), n};
    if (!b.funcs || !kn_vec_push(&s->objects->funcblocks, sizeof b, &b))
        return NULL;
    return b.funcs;
}

bool kn_store_own_table(kn_store *s, kn_tableinst *t)
{
    return kn_vec_push(&s->objects->tables, sizeof t, &t);
}

bool kn_store_own_memory(kn_store *s, kn_meminst *m)
{
    return kn_vec_push(&s->objects->memories, sizeof m, &m);
}

/* ---- type interning ---- */

static uint32_t type_hash(const kn_functype *t)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    h = (h ^ t->nparams) * 16777619u;
    for (uint32_t i = 0; i < t->nparams; i++)
        h = (h ^ t->params[i]) * 16777619u;
    h = (h ^ t->nresults) * 16777619u;
    for (uint32_t i = 0; i < t->nresults; i++)
        h = (h ^ t->results[i]) * 16777619u;
    return h;
}

static bool type_equal(const kn_functype *a, const kn_functype *b)
{
    return a->nparams == b->nparams && a->nresults == b->nresults &&
           (a->nparams == 0 || memcmp(a->params, b->params, a->nparams) == 0) &&
           (a->nresults == 0 || memcmp(a->results, b->results, a->nresults) == 0);
}

/* Rebuilds the hash table with `nslots` slots (a power of two). */
static bool rehash(struct kn_store_objects *o, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return false;
    const kn_functype **types = o->types.items;
    for (size_t id = 0; id < o->types.len; id++) {
        size_t i = type_hash(types[id]) & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)id + 1;
    }
    free(o->slots);
    o->slots = slots;
    o->nslots = nslots;
    return true;
}

/* A copy of `t` in the store's arena, its type vectors included. */
static kn_functype *copy_type(kn_store *s, const kn_functype *t)
{
    kn_functype *c = kn_store_alloc(s, 1, sizeof *c);
    kn_valtype *v = kn_store_alloc(s, (size_t)t->nparams + t->nresults, 1);
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

uint32_t kn_store_type_id(kn_store *s, const kn_functype *type)
{
    struct kn_store_objects *o = s->objects;
    const kn_functype **types = o->types.items;
    uint32_t h = type_hash(type);
    if (o->nslots) {
        for (size_t i = h & (o->nslots - 1); o->slots[i]; i = (i + 1) & (o->nslots - 1))
            if (type_equal(types[o->slots[i] - 1], type))
                return o->slots[i] - 1;
    }
    if (o->types.len >= UINT32_MAX - 1)
        return UINT32_MAX;
    if ((o->types.len + 1) * 2 > o->nslots &&
        !rehash(o, o->nslots ? o->nslots * 2 : 64))
        return UINT32_MAX;
    const kn_functype *c = copy_type(s, type);
    if (!c || !kn_vec_push(&o->types, sizeof c, &c))
        return UINT32_MAX;
    uint32_t id = (uint32_t)o->types.len - 1;
    size_t i = h & (o->nslots - 1);
    while (o->slots[i])
        i = (i + 1) & (o->nslots - 1);
    o->slots[i] = id + 1;
    return id;
}

/* ---- host objects (spec 4.5.3) ---- */

kn_funcinst *kn_func_new_host(kn_store *s, const kn_functype *type,
                              kn_host_fn fn, void *env)
{
    uint32_t id = kn_store_type_id(s, type);
    if (id == UINT32_MAX)
        return NULL;
    kn_funcinst *f = kn_store_new_funcs(s, 1);
    if (!f)
        return NULL;
    f->type = ((const kn_functype **)s->objects->types.items)[id];
    f->type_id = id;
    f->host = fn;
    f->host_env = env;
    return f;
}

kn_globalinst *kn_global_new(kn_store *s, const kn_globaltype *type, kn_value v)
{
    kn_globalinst *g = kn_store_alloc(s, 1, sizeof *g);
    if (g) {
        g->type = *type;
        g->value = v;
    }
    return g;
}
