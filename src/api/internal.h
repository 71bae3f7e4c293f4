/*
 * internal.h -- what the implementations of the public APIs (kiln.h,
 * wasm.h, wasi.h) share: modules owned by reference count, the growable
 * array, and a pointer-keyed hash map.
 *
 * The public headers are include/; everything here is built on the layers
 * below (runtime, interpreter, WASI) and adds only bookkeeping: who owns
 * what, and how a public handle finds its runtime object.
 */
#ifndef KN_API_INTERNAL_H
#define KN_API_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/vec.h"
#include "../binary/module.h"
#include "../runtime/runtime.h"

/* Public functions: the only symbols libkiln.so exports (the library is
 * compiled with -fvisibility=hidden). */
#define KA_API __attribute__((visibility("default")))

/*
 * A decoded, validated module shared by every handle, store and thread that
 * uses it. It is immutable, so threads share it freely; only the count is
 * written, atomically. A store that instantiated it holds a reference until
 * the store is deleted, because its instances point into the module.
 */
typedef struct ka_module {
    kn_module *m;
    atomic_size_t refs;
    bool precompiled;        /* from a .cwasm (aot/aot.h): freed its way */
} ka_module;

/* Loads a .cwasm (aot/aot.h's kn_aot_load). NULL with `err` filled. */
ka_module *ka_module_load_precompiled(const uint8_t *bytes, size_t len, kn_error *err);

/* Decodes `len` bytes, binary or (when `text` and they lack the binary's
 * magic number) the text format, and validates. NULL with `err` filled. */
ka_module *ka_module_new(const uint8_t *bytes, size_t len, bool text, kn_error *err);
ka_module *ka_module_retain(ka_module *m);
void ka_module_release(ka_module *m);

/* The modules a store keeps alive: pushes a reference unless `m` is the
 * most recent one (a store usually instantiates one module many times). */
bool ka_retain_module(kn_vec *modules, ka_module *m);
void ka_release_modules(kn_vec *modules);

/* Open-addressing map from a non-NULL pointer to a pointer; the slot count
 * is a power of two kept at least twice the number of entries. */
typedef struct ka_map {
    struct ka_map_slot { const void *key; void *value; } *slots;
    size_t nslots, len;
} ka_map;

void *ka_map_get(const ka_map *map, const void *key);
bool ka_map_put(ka_map *map, const void *key, void *value);
void ka_map_free(ka_map *map);

/* A function's name for backtraces: from the module's name section, else
 * "func[N]", or "<host>" for a host function. */
void ka_func_name(const kn_funcinst *f, char *out, size_t size);

#endif
