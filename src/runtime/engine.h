/*
 * engine.h -- what the stores of one engine share: how their code is
 * compiled and run (the tier, exec/exec.h), the account of the code they
 * compiled, and the canonical ids of function types.
 *
 * An engine is shared by threads: its type registry takes a lock. Stores
 * are created from an engine, which must outlive them.
 */
#ifndef KN_RUNTIME_ENGINE_H
#define KN_RUNTIME_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "../binary/module.h"

struct kn_tier;
typedef struct kn_engine kn_engine;

/* NULL when out of memory. `tier` is not copied. */
kn_engine *kn_engine_new(const struct kn_tier *tier);
void kn_engine_delete(kn_engine *e);

const struct kn_tier *kn_engine_tier(const kn_engine *e);

/*
 * The code account. Code belongs to modules, which stores of several
 * engines may share (exec/code.c), so it is counted against the engine
 * whose store compiled it: from its publication until its module is freed,
 * which may be after that engine is gone. The account therefore lives
 * apart from the engine, until the engine and every code object counted
 * in it are gone. A limit bounds what all the modules the engine's stores
 * ran together hold, however many stores and instances share them. The
 * default, 1 GiB, is 64 times SQLite's code with every function compiled
 * by the JIT (16 MB), and the size of one of V8's code spaces on x86-64.
 */
typedef struct kn_code_account kn_code_account;

#define KN_DEFAULT_MAX_CODE_BYTES ((uint64_t)1 << 30)

kn_code_account *kn_engine_code_account(kn_engine *e);

/* The limit (KN_DEFAULT_MAX_CODE_BYTES until set), and the bytes counted
 * now. Lowering the limit below what is counted refuses all new code and
 * frees none. */
void kn_engine_set_max_code(kn_engine *e, uint64_t bytes);
uint64_t kn_engine_max_code(const kn_engine *e);
uint64_t kn_engine_code_bytes(const kn_engine *e);

/* Counts `bytes` more against `a`, which the code counted then keeps
 * alive; false, counting nothing, when that would pass the limit. Safe
 * from any thread. */
bool kn_code_account_take(kn_code_account *a, uint64_t bytes);

/* Gives back `bytes` that kn_code_account_take counted, with the hold on
 * the account it took. */
void kn_code_account_give(kn_code_account *a, uint64_t bytes);

/* The canonical id of a function type (interned): equal ids <=> equal
 * types, in every store of the engine. UINT32_MAX when out of memory. */
uint32_t kn_engine_type_id(kn_engine *e, const kn_functype *type);

/* The engine's copy of the type with canonical id `id`; it lives as long
 * as the engine. */
const kn_functype *kn_engine_type(kn_engine *e, uint32_t id);

#endif
