/*
 * vec.h -- growable arrays: kn_vec, a list of fixed-size items a store, a
 * script runner or an embedder keeps (objects to free, bindings), and
 * kn_grow for the typed arrays with 32-bit counts of the translator and
 * the printer.
 */
#ifndef KN_VEC_H
#define KN_VEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kn_vec {
    void *items;
    size_t len, cap;   /* in items */
} kn_vec;

/* Appends a copy of the `size` bytes at `item`; false when out of memory
 * (the vector is unchanged). Every push to one vector uses the same size. */
bool kn_vec_push(kn_vec *v, size_t size, const void *item);
void kn_vec_free(kn_vec *v);

/* Makes room for `need` items of `size` bytes in the array *items of
 * capacity *cap, doubling it (from 64); false when out of memory or past
 * 2^31 items (the array is unchanged). */
bool kn_grow(void **items, uint32_t *cap, uint32_t need, size_t size);

#endif
