/*
 * table.c -- table instances (spec 4.2.7): allocation and growth.
 *
 * Invariant: `elems` holds `size` references and is never NULL (a table of
 * 0 elements holds a 1-slot allocation). Every element counts against the
 * store's max_table_elems, which bounds all its tables together
 * (store->table_elems is their sum), so no number of tables or instances
 * takes more. A table whose elements start null is a calloc: the host
 * commits its pages only when they are written.
 */
#include <stdlib.h>

#include "internal.h"

static void **alloc_elems(uint64_t n, void *init)
{
    if (n > SIZE_MAX / sizeof(void *))
        return NULL;
    void **elems = calloc(n ? (size_t)n : 1, sizeof(void *));
    for (uint64_t i = 0; elems && init && i < n; i++)
        elems[i] = init;
    return elems;
}

kn_tableinst *kn_table_new(kn_store *s, const kn_tabletype *type, void *init)
{
    uint64_t max = type->limits.has_max ? type->limits.max : UINT32_MAX;
    if (type->limits.min > max || type->limits.min > kn_store_table_room(s))
        return NULL;   /* the store's limit forbids even the minimum */

    kn_tableinst *t = kn_store_alloc(s, 1, sizeof *t);
    if (!t)
        return NULL;
    t->type = *type;
    t->store = s;
    t->size = (uint32_t)type->limits.min;
    t->max = (uint32_t)max;
    t->elems = alloc_elems(t->size, init);
    if (!t->elems)
        return NULL;
    if (!kn_store_own_table(s, t)) {
        kn_table_release(t);
        return NULL;
    }
    s->table_elems += t->size;
    return t;
}

bool kn_table_can_grow(const kn_tableinst *t, uint32_t delta)
{
    return delta <= t->max - t->size && delta <= kn_store_table_room(t->store);
}

uint32_t kn_table_grow(kn_tableinst *t, uint32_t delta, void *init)
{
    uint32_t old = t->size;
    if (!kn_table_can_grow(t, delta))
        return UINT32_MAX;
    uint64_t size = (uint64_t)old + delta;
    if (size > SIZE_MAX / sizeof(void *))
        return UINT32_MAX;
    void **elems = realloc(t->elems, (size ? (size_t)size : 1) * sizeof(void *));
    if (!elems)
        return UINT32_MAX;
    for (uint64_t i = old; i < size; i++)
        elems[i] = init;
    t->elems = elems;
    t->size = (uint32_t)size;
    t->type.limits.min = size;
    t->store->table_elems += delta;
    return old;
}

void kn_table_release(kn_tableinst *t)
{
    free(t->elems);
    t->elems = NULL;
}
