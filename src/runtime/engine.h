/*
 * engine.h -- what the stores of one engine share: how their code is
 * compiled and run (the tier, exec/exec.h), and the canonical ids of
 * function types.
 *
 * An engine is shared by threads: its type registry takes a lock. Stores
 * are created from an engine, which must outlive them.
 */
#ifndef KN_RUNTIME_ENGINE_H
#define KN_RUNTIME_ENGINE_H

#include <stdint.h>

#include "../binary/module.h"

struct kn_tier;
typedef struct kn_engine kn_engine;

/* NULL when out of memory. `tier` is not copied. */
kn_engine *kn_engine_new(const struct kn_tier *tier);
void kn_engine_delete(kn_engine *e);

const struct kn_tier *kn_engine_tier(const kn_engine *e);

/* The canonical id of a function type (interned): equal ids <=> equal
 * types, in every store of the engine. UINT32_MAX when out of memory. */
uint32_t kn_engine_type_id(kn_engine *e, const kn_functype *type);

/* The engine's copy of the type with canonical id `id`; it lives as long
 * as the engine. */
const kn_functype *kn_engine_type(kn_engine *e, uint32_t id);

#endif
