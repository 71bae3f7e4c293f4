/*
 * internal.h -- what the files of the runtime share and nobody else needs:
 * how objects are handed to the store that owns them.
 *
 * Objects of a fixed size (instances and their index arrays, function
 * instances, globals, evaluated element segments) come from the store's
 * arena and die with it. Objects that grow (tables, memories) are also
 * listed, so kn_store_delete can release what they hold.
 */
#ifndef KN_RUNTIME_INTERNAL_H
#define KN_RUNTIME_INTERNAL_H

#include "runtime.h"

/* Zeroed store-lifetime memory, or NULL when out of memory. */
void *kn_store_alloc(kn_store *s, size_t count, size_t size);

/* Hands a table or memory to the store; false when out of memory (the
 * caller then releases it itself). */
bool kn_store_own_table(kn_store *s, kn_tableinst *t);
bool kn_store_own_memory(kn_store *s, kn_meminst *m);

/* Release what a table's or memory's contents hold (not the struct, which
 * is the arena's). */
void kn_table_release(kn_tableinst *t);
void kn_memory_release(kn_meminst *m);

#endif
