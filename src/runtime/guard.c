/*
 * guard.c -- guard-page memories: their reservations (see guard.h; the
 * fault handler is the execution layer's, exec/fault.c).
 */
#define _DEFAULT_SOURCE 1   /* MAP_ANONYMOUS, MAP_NORESERVE */

#include "guard.h"

#if KN_GUARD_PAGES

#include <sys/mman.h>

uint8_t *kn_guard_reserve(void)
{
    void *p = mmap(NULL, KN_GUARD_RESERVE, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

bool kn_guard_commit(uint8_t *base, uint64_t from, uint64_t to)
{
    return from == to ||
           mprotect(base + from, (size_t)(to - from), PROT_READ | PROT_WRITE) == 0;
}

void kn_guard_release(uint8_t *base)
{
    munmap(base, KN_GUARD_RESERVE);
}

#endif
