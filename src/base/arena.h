/*
 * arena.h -- bump allocation for data that lives and dies together.
 *
 * A decoded module's types, imports, segments and names are allocated from
 * one arena and freed at once by kn_arena_free(). Allocation failure returns
 * NULL; callers turn it into an error, never a crash.
 */
#ifndef KN_ARENA_H
#define KN_ARENA_H

#include <stddef.h>

typedef struct kn_arena_block kn_arena_block;

typedef struct kn_arena {
    kn_arena_block *head;   /* newest block first */
    size_t used, capacity;  /* of the head block */
} kn_arena;

void kn_arena_init(kn_arena *a);
void kn_arena_free(kn_arena *a);

/* Zeroed memory aligned for any type, or NULL when out of memory (also when
 * count * size overflows). */
void *kn_arena_alloc(kn_arena *a, size_t count, size_t size);

/* A copy of `len` bytes plus a terminating NUL byte. */
char *kn_arena_strndup(kn_arena *a, const char *s, size_t len);

#endif
