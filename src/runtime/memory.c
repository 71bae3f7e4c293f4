/*
 * memory.c -- memory instances (spec 4.2.8): allocation and growth.
 *
 * Invariant: `data` always points to `size` zero-initialised or written
 * bytes, and is never NULL (a memory of 0 pages holds a 1-byte allocation),
 * so the interpreter may form `data + addr` for any in-bounds access.
 * Growth allocates a fresh zeroed block and copies the old contents: a
 * large calloc is mapped lazily, so untouched new pages cost nothing, where
 * realloc + memset would touch them all.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static uint8_t *alloc_bytes(uint64_t size)
{
    if (size > SIZE_MAX)
        return NULL;
    return calloc(size ? (size_t)size : 1, 1);
}

kn_meminst *kn_memory_new(kn_store *s, const kn_memtype *type)
{
    uint64_t max = type->limits.has_max ? type->limits.max : KN_MAX_PAGES;
    if (max > KN_MAX_PAGES)
        max = KN_MAX_PAGES;
    if (max > s->limits.max_memory_pages)
        max = s->limits.max_memory_pages;
    if (type->limits.min > max)
        return NULL;   /* the store's limit forbids even the minimum */

    kn_meminst *m = kn_store_alloc(s, 1, sizeof *m);
    if (!m)
        return NULL;
    m->type = *type;
    m->pages = (uint32_t)type->limits.min;
    m->max_pages = (uint32_t)max;
    m->size = (uint64_t)m->pages * KN_PAGE_SIZE;
    m->data = alloc_bytes(m->size);
    if (!m->data)
        return NULL;
    if (!kn_store_own_memory(s, m)) {
        kn_memory_release(m);
        return NULL;
    }
    return m;
}

uint32_t kn_memory_grow(kn_meminst *m, uint32_t delta_pages)
{
    uint32_t old = m->pages;
    if (delta_pages > m->max_pages - old)
        return UINT32_MAX;
    if (delta_pages == 0)
        return old;
    uint64_t size = (uint64_t)(old + delta_pages) * KN_PAGE_SIZE;
    uint8_t *data = alloc_bytes(size);
    if (!data)
        return UINT32_MAX;
    memcpy(data, m->data, m->size);
    free(m->data);
    m->data = data;
    m->size = size;
    m->pages = old + delta_pages;
    m->type.limits.min = m->pages;
    return old;
}

void kn_memory_release(kn_meminst *m)
{
    free(m->data);
    m->data = NULL;
}
