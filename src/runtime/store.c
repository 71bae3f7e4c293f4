/*
 * store.c -- the store (spec 4.2.3): ownership of every runtime object and
 * the store's limits (what tables and memories may still take; table.c and
 * memory.c keep the counts).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/arena.h"
#include "../base/vec.h"
#include "internal.h"

struct kn_store_objects {
    kn_arena arena;
    kn_vec tables;       /* kn_tableinst * */
    kn_vec memories;     /* kn_meminst * */
};

kn_store *kn_store_new(kn_engine *e)
{
    kn_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->objects = calloc(1, sizeof *s->objects);
    if (!s->objects) {
        free(s);
        return NULL;
    }
    s->engine = e;
    kn_arena_init(&s->objects->arena);
    s->limits = kn_store_default_limits;
    s->wake_read = -1;
    s->wake_write = -1;
    return s;
}

void kn_store_delete(kn_store *s)
{
    if (!s)
        return;
    struct kn_store_objects *o = s->objects;
    kn_tableinst **tables = o->tables.items;
    for (size_t i = 0; i < o->tables.len; i++)
        kn_table_release(tables[i]);
    kn_meminst **memories = o->memories.items;
    for (size_t i = 0; i < o->memories.len; i++)
        kn_memory_release(memories[i]);
    if (s->exec)
        s->exec_free(s->exec);
    kn_vec_free(&o->tables);
    kn_vec_free(&o->memories);
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

uint64_t kn_store_table_room(const kn_store *s)
{
    return s->table_elems < s->limits.max_table_elems
               ? s->limits.max_table_elems - s->table_elems : 0;
}

uint64_t kn_store_memory_room(const kn_store *s)
{
    return s->memory_pages < s->limits.max_memory_pages
               ? s->limits.max_memory_pages - s->memory_pages : 0;
}

bool kn_store_own_table(kn_store *s, kn_tableinst *t)
{
    return kn_vec_push(&s->objects->tables, sizeof t, &t);
}

bool kn_store_own_memory(kn_store *s, kn_meminst *m)
{
    return kn_vec_push(&s->objects->memories, sizeof m, &m);
}

/* ---- host objects (spec 4.5.3) ---- */

kn_funcinst *kn_func_new_host(kn_store *s, const kn_functype *type,
                              kn_host_fn fn, void *env)
{
    uint32_t id = kn_engine_type_id(s->engine, type);
    if (id == UINT32_MAX)
        return NULL;
    kn_funcinst *f = kn_store_alloc(s, 1, sizeof *f);
    if (!f)
        return NULL;
    f->type = kn_engine_type(s->engine, id);
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
