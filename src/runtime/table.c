/*
 * table.c -- table instances (spec 4.2.7): allocation and growth.
 *
 * Invariant: `elems` holds `size` references and is never NULL (a table of
 * 0 elements holds a 1-slot allocation); `max` already folds in the
 * store's max_table_elems, so growth needs no store.
 */
#include <stdlib.h>

#include "internal.h"

/* (Re)allocates room for n elements; at least one, so NULL means failure. */
static void **resize_elems(void **elems, uint64_t n)
{
    if (n > SIZE_MAX / sizeof(void *))
        return NULL;
    return realloc(elems, (n ? (size_t)n : 1) * sizeof(void *));
}

kn_tableinst *kn_table_new(kn_store *s, const kn_tabletype *type, void *init)
{
    uint64_t max = type->limits.has_max ? type->limits.max : UINT32_MAX;
    if (max > s->limits.max_table_elems)
        max = s->limits.max_table_elems;
    if (type->limits.min > max)
        return NULL;   /* the store's limit forbids even the minimum */

    kn_tableinst *t = kn_store_alloc(s, 1, sizeof *t);
    if (!t)
        return NULL;
    t->type = *type;
    t->size = (uint32_t)type->limits.min;
    t->max = (uint32_t)max;
    t->elems = resize_elems(NULL, t->size);
    if (!t->elems)
        return NULL;
    for (uint32_t i = 0; i < t->size; i++)
        t->elems[i] = init;
    if (!kn_store_own_table(s, t)) {
        kn_table_release(t);
        return NULL;
    }
    return t;
}

uint32_t kn_table_grow(kn_tableinst *t, uint32_t delta, void *init)
{
    uint32_t old = t->size;
    if (delta > t->max - old)
        return UINT32_MAX;
    uint64_t size = (uint64_t)old + delta;
    void **elems = resize_elems(t->elems, size);
    if (!elems)
        return UINT32_MAX;
    for (uint64_t i = old; i < size; i++)
        elems[i] = init;
    t->elems = elems;
    t->size = (uint32_t)size;
    t->type.limits.min = size;
    return old;
}

void kn_table_release(kn_tableinst *t)
{
    free(t->elems);
    t->elems = NULL;
}
