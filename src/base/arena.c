#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct kn_arena_block {
    kn_arena_block *next;
    max_align_t data[];
};

enum { ARENA_BLOCK_SIZE = 16 * 1024 };

void kn_arena_init(kn_arena *a)
{
    a->head = NULL;
    a->used = a->capacity = 0;
}

void kn_arena_free(kn_arena *a)
{
    kn_arena_block *b = a->head;
    while (b) {
        kn_arena_block *next = b->next;
        free(b);
        b = next;
    }
    kn_arena_init(a);
}

void *kn_arena_alloc(kn_arena *a, size_t count, size_t size)
{
    const size_t align = sizeof(max_align_t);
    if (size && count > SIZE_MAX / size)
        return NULL;
    size_t n = count * size;
    if (n > SIZE_MAX - align)
        return NULL;
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    if (!a->head || a->capacity - a->used < n) {
        /* Large requests get a block of their own, so a block's slack never
         * exceeds ARENA_BLOCK_SIZE. */
        size_t cap = n > ARENA_BLOCK_SIZE ? n : ARENA_BLOCK_SIZE;
        kn_arena_block *b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        if (a->head && n > ARENA_BLOCK_SIZE) {
            /* Keep the current head's free space for small requests. */
            b->next = a->head->next;
            a->head->next = b;
            memset(b->data, 0, n);
            return b->data;
        }
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->capacity = cap;
    }
    void *p = (char *)a->head->data + a->used;
    a->used += n;
    memset(p, 0, n);
    return p;
}

char *kn_arena_strndup(kn_arena *a, const char *s, size_t len)
{
    char *p = kn_arena_alloc(a, len + 1, 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}
