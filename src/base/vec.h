/*
 * vec.h -- a growable array of fixed-size items, for the lists a store, a
 * script runner or an embedder keeps (objects to free, bindings).
 */
#ifndef KN_VEC_H
#define KN_VEC_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kn_vec {
    void *items;
    size_t len, cap;   /* in items */
} kn_vec;

/* Appends a copy of the `size` bytes at `item`; false when out of memory
 * (the vector is unchanged). Every push to one vector uses the same size. */
bool kn_vec_push(kn_vec *v, size_t size, const void *item);
void kn_vec_free(kn_vec *v);

#endif
