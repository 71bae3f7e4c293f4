/*
 * common.c -- the bookkeeping both public APIs share: shared modules,
 * arrays, the pointer map, backtrace names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../aot/aot.h"
#include "../base/buf.h"
#include "../binary/decode.h"
#include "../text/wat.h"
#include "../valid/validate.h"
#include "internal.h"

static const uint8_t wasm_magic[4] = {0x00, 0x61, 0x73, 0x6d};

ka_module *ka_module_new(const uint8_t *bytes, size_t len, bool text, kn_error *err)
{
    kn_buf wat;
    kn_buf_init(&wat);
    /* Text never starts with a NUL byte, so such bytes go to the decoder,
     * whose "magic header not detected" says more than a syntax error. */
    bool binary = (len >= 4 && memcmp(bytes, wasm_magic, 4) == 0) || (len && bytes[0] == 0);
    if (text && !binary) {
        /* Names from the text's identifiers make backtraces readable. */
        const kn_wat_options opts = {.debug_names = true};
        if (!kn_wat_to_wasm((const char *)bytes, len, &opts, &wat, err)) {
            kn_buf_free(&wat);
            return NULL;
        }
        bytes = wat.data;
        len = wat.len;
    }
    kn_module *m = kn_decode(bytes, len, err);
    kn_buf_free(&wat);
    if (!m)
        return NULL;
    if (!kn_validate(m, err)) {
        kn_module_delete(m);
        return NULL;
    }
    ka_module *km = malloc(sizeof *km);
    if (!km) {
        kn_module_delete(m);
        kn_error_set(err, KN_ERR_LIMIT, "out of memory");
        return NULL;
    }
    km->m = m;
    km->precompiled = false;
    atomic_init(&km->refs, 1);
    return km;
}

ka_module *ka_module_load_precompiled(const uint8_t *bytes, size_t len, kn_error *err)
{
    kn_module *m = kn_aot_load(bytes, len, err);
    if (!m)
        return NULL;
    ka_module *km = malloc(sizeof *km);
    if (!km) {
        kn_aot_module_free(m);
        kn_error_set(err, KN_ERR_LIMIT, "out of memory");
        return NULL;
    }
    km->m = m;
    km->precompiled = true;
    atomic_init(&km->refs, 1);
    return km;
}

ka_module *ka_module_retain(ka_module *m)
{
    atomic_fetch_add_explicit(&m->refs, 1, memory_order_relaxed);
    return m;
}

/* The last release frees; acquire/release ordering makes every other
 * thread's use of the module happen before the free. */
void ka_module_release(ka_module *m)
{
    if (m && atomic_fetch_sub_explicit(&m->refs, 1, memory_order_acq_rel) == 1) {
        if (m->precompiled)
            kn_aot_module_free(m->m);
        else
            kn_module_delete(m->m);
        free(m);
    }
}

bool ka_retain_module(kn_vec *modules, ka_module *m)
{
    ka_module **items = modules->items;
    if (modules->len && items[modules->len - 1] == m)
        return true;
    if (!kn_vec_push(modules, sizeof m, &m))
        return false;
    ka_module_retain(m);
    return true;
}

void ka_release_modules(kn_vec *modules)
{
    ka_module **items = modules->items;
    for (size_t i = 0; i < modules->len; i++)
        ka_module_release(items[i]);
    kn_vec_free(modules);
}

/* ---- pointer map ---- */

static size_t hash_ptr(const void *p, size_t nslots)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15u;   /* Fibonacci hashing */
    return (size_t)(h >> 32) & (nslots - 1);
}

void *ka_map_get(const ka_map *map, const void *key)
{
    if (!map->nslots)
        return NULL;
    for (size_t i = hash_ptr(key, map->nslots); map->slots[i].key;
         i = (i + 1) & (map->nslots - 1))
        if (map->slots[i].key == key)
            return map->slots[i].value;
    return NULL;
}

static bool map_grow(ka_map *map)
{
    size_t nslots = map->nslots ? map->nslots * 2 : 64;
    struct ka_map_slot *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return false;
    for (size_t j = 0; j < map->nslots; j++) {
        if (!map->slots[j].key)
            continue;
        size_t i = hash_ptr(map->slots[j].key, nslots);
        while (slots[i].key)
            i = (i + 1) & (nslots - 1);
        slots[i] = map->slots[j];
    }
    free(map->slots);
    map->slots = slots;
    map->nslots = nslots;
    return true;
}

bool ka_map_put(ka_map *map, const void *key, void *value)
{
    if ((map->len + 1) * 2 > map->nslots && !map_grow(map))
        return false;
    size_t i = hash_ptr(key, map->nslots);
    while (map->slots[i].key && map->slots[i].key != key)
        i = (i + 1) & (map->nslots - 1);
    if (!map->slots[i].key)
        map->len++;
    map->slots[i].key = key;
    map->slots[i].value = value;
    return true;
}

void ka_map_free(ka_map *map)
{
    free(map->slots);
    map->slots = NULL;
    map->nslots = map->len = 0;
}

/* ---- backtraces ---- */

void ka_func_name(const kn_funcinst *f, char *out, size_t size)
{
    const kn_module *m = f->instance ? f->instance->module : NULL;
    if (m && m->func_names && m->func_names[f->index])
        snprintf(out, size, "%s", m->func_names[f->index]);
    else if (m)
        snprintf(out, size, "func[%u]", (unsigned)f->index);
    else
        snprintf(out, size, "<host>");
}
