/*
 * memory.c -- memory instances (spec 4.2.8): allocation and growth.
 *
 * Invariant: `data` always points to `size` zero-initialised or written
 * bytes, and is never NULL, so the interpreter may form `data + addr` for
 * any in-bounds access.
 *
 * With guard pages (guard.h) `data` is the base of a reservation of the
 * whole index space that never moves: growth makes more of it accessible.
 *
 * Without them (KN_BOUNDS_EXPLICIT, 32-bit hosts) `data` is a zeroed heap
 * block of capacity() bytes: the size rounded up to a power of two (at
 * least a page, at most the maximum), so that growing page by page copies
 * each byte a bounded number of times, not once per growth. Growth past
 * the capacity allocates a fresh zeroed block and copies the old contents:
 * a large calloc is mapped lazily, so untouched pages cost nothing, where
 * realloc + memset would touch them all. Bytes past `size` are never
 * written (every access is checked), so they stay zero for growth.
 *
 * Either way the host saying no (mmap, mprotect or calloc failing) is a
 * NULL memory or a memory.grow of -1, never a crash.
 *
 * Every page counts against the store's max_memory_pages, which bounds all
 * its memories together (store->memory_pages is their sum), so no number
 * of memories or instances takes more.
 */
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "internal.h"

#if KN_GUARD_PAGES

static uint8_t *alloc_data(const kn_meminst *m, uint64_t size)
{
    (void)m;
    uint8_t *base = kn_guard_reserve();
    if (base && !kn_guard_commit(base, 0, size)) {
        kn_guard_release(base);
        return NULL;
    }
    return base;
}

static bool grow_data(kn_meminst *m, uint64_t size)
{
    return kn_guard_commit(m->data, m->size, size);
}

void kn_memory_release(kn_meminst *m)
{
    if (m->data)
        kn_guard_release(m->data);
    m->data = NULL;
}

#else

static uint64_t capacity(const kn_meminst *m, uint64_t size)
{
    uint64_t max = (uint64_t)m->max_pages * KN_PAGE_SIZE, cap = KN_PAGE_SIZE;
    while (cap < size)
        cap *= 2;
    return cap < max ? cap : max > size ? max : size;
}

static uint8_t *alloc_data(const kn_meminst *m, uint64_t size)
{
    uint64_t cap = capacity(m, size);
    if (cap > SIZE_MAX)
        return NULL;
    return calloc(cap ? (size_t)cap : 1, 1);
}

static bool grow_data(kn_meminst *m, uint64_t size)
{
    if (size <= capacity(m, m->size))
        return true;
    uint8_t *data = alloc_data(m, size);
    if (!data)
        return false;
    memcpy(data, m->data, m->size);
    free(m->data);
    m->data = data;
    return true;
}

void kn_memory_release(kn_meminst *m)
{
    free(m->data);
    m->data = NULL;
}

#endif

kn_meminst *kn_memory_new(kn_store *s, const kn_memtype *type)
{
    uint64_t max = type->limits.has_max ? type->limits.max : KN_MAX_PAGES;
    if (max > KN_MAX_PAGES)
        max = KN_MAX_PAGES;
    if (type->limits.min > max || type->limits.min > kn_store_memory_room(s))
        return NULL;   /* the store's limit forbids even the minimum */

    kn_meminst *m = kn_store_alloc(s, 1, sizeof *m);
    if (!m)
        return NULL;
    m->type = *type;
    m->store = s;
    m->pages = (uint32_t)type->limits.min;
    m->max_pages = (uint32_t)max;
    m->size = (uint64_t)m->pages * KN_PAGE_SIZE;
    m->data = alloc_data(m, m->size);
    if (!m->data)
        return NULL;
    if (!kn_store_own_memory(s, m)) {
        kn_memory_release(m);
        return NULL;
    }
    s->memory_pages += m->pages;
    return m;
}

bool kn_memory_can_grow(const kn_meminst *m, uint32_t delta_pages)
{
    return delta_pages <= m->max_pages - m->pages &&
           delta_pages <= kn_store_memory_room(m->store);
}

uint32_t kn_memory_grow(kn_meminst *m, uint32_t delta_pages)
{
    uint32_t old = m->pages;
    if (!kn_memory_can_grow(m, delta_pages))
        return UINT32_MAX;
    if (delta_pages == 0)
        return old;
    uint64_t size = (uint64_t)(old + delta_pages) * KN_PAGE_SIZE;
    if (!grow_data(m, size))
        return UINT32_MAX;
    m->size = size;
    m->pages = old + delta_pages;
    m->type.limits.min = m->pages;
    m->store->memory_pages += delta_pages;
    return old;
}
