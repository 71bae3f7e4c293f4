/*
 * stand_in.h -- what the fuzz targets that instantiate (run.c, tiers.c)
 * link in place of an imported table, memory or global: a fresh one of
 * the import's type, zero-filled. Each target makes its own functions.
 */
#ifndef KN_FUZZ_STAND_IN_H
#define KN_FUZZ_STAND_IN_H

#include <string.h>

#include "runtime/runtime.h"

/* Fills `out` for import `imp`, which is not a function; false when out
 * of memory or past the store's limits. */
static bool stand_in_data(kn_store *s, const kn_import *imp, kn_extern *out)
{
    kn_value zero;
    memset(&zero, 0, sizeof zero);
    out->kind = imp->kind;
    switch (imp->kind) {
    case KN_EXTERN_TABLE:
        out->of.table = kn_table_new(s, &imp->desc.table, NULL);
        return out->of.table != NULL;
    case KN_EXTERN_MEMORY:
        out->of.memory = kn_memory_new(s, &imp->desc.memory);
        return out->of.memory != NULL;
    case KN_EXTERN_GLOBAL:
        out->of.global = kn_global_new(s, &imp->desc.global, zero);
        return out->of.global != NULL;
    case KN_EXTERN_FUNC:
        break;
    }
    return false;
}

#endif
