/*
 * wasm_impl.h -- the structures behind the opaque types of include/wasm.h,
 * shared by wasm_types.c (type descriptions), wasm_store.c (engine, store,
 * modules, references) and wasm_objects.c (functions, globals, tables,
 * memories, instances, traps).
 *
 * Object model. Every runtime object is a kn_* object of the store's
 * kn_store. Its handle (func, global, table, memory, instance; a foreign
 * object is its own handle) is a `struct wasm_ref_t` allocated in the
 * store's arena and entered in the store's map under the kn object, so
 * each object has exactly one handle: copies return it, `same` compares
 * pointers, deleting it does nothing, and host info set through any path
 * is found through every other. Handles die with the store.
 *
 * Traps, frames and module handles are heap objects owned by whoever holds
 * them; a trap's `base.store` is NULL, which marks a handle that is not
 * store-owned (and so cannot travel into wasm as an externref).
 *
 * Values inside wasm: a funcref is the kn_funcinst; an externref is the
 * wasm_ref_t handle itself, which lives as long as the store.
 */
#ifndef KN_API_WASM_IMPL_H
#define KN_API_WASM_IMPL_H

#include "../../include/wasm.h"
#include "../base/arena.h"
#include "internal.h"

enum ka_refkind {
    KA_REF_FUNC = WASM_EXTERN_FUNC,
    KA_REF_GLOBAL = WASM_EXTERN_GLOBAL,
    KA_REF_TABLE = WASM_EXTERN_TABLE,
    KA_REF_MEMORY = WASM_EXTERN_MEMORY,
    KA_REF_INSTANCE,
    KA_REF_FOREIGN,
    KA_REF_TRAP,
    KA_REF_MODULE
};

struct wasm_ref_t {
    uint8_t kind;                 /* enum ka_refkind */
    bool finalized_by_store;      /* entered in store->finalizers */
    wasm_store_t *store;          /* NULL: a heap object (trap, module) */
    void *obj;                    /* the kn object; for a foreign, itself */
    void *host_info;
    void (*finalizer)(void *);    /* of host_info */
};

/* The store-owned reference kinds (func, global, table, memory, extern,
 * instance, foreign) are all a struct wasm_ref_t: their public types stay
 * incomplete and a handle is always accessed through REF(). */
#define REF(p) ((struct wasm_ref_t *)(p))
#define CREF(p) ((const struct wasm_ref_t *)(p))

struct wasm_frame_t {
    wasm_instance_t *instance;
    uint32_t func_index;
    size_t module_offset;
};

struct wasm_trap_t {
    struct wasm_ref_t r;
    wasm_message_t message;       /* NUL-terminated, the NUL counted */
    wasm_frame_vec_t trace;       /* innermost first */
};

struct wasm_module_t {
    struct wasm_ref_t r;
    ka_module *shared;
};

struct wasm_shared_module_t {
    ka_module *shared;
};

struct wasm_config_t {
    int unused;   /* the standard defines no options; C needs a member */
};

struct wasm_engine_t {
    kn_engine *kn;   /* modules are independent of it; stores are not */
};

struct wasm_store_t {
    wasm_engine_t *engine;
    kn_store *kn;
    kn_arena arena;          /* handles and host-function records */
    ka_map handles;          /* kn object (or foreign) -> struct wasm_ref_t * */
    kn_vec modules;          /* ka_module *: kept alive for the instances */
    kn_vec finalizers;       /* struct ka_env_fin */
    wasm_trap_t *pending;    /* a host function's trap on its way to the caller */
};

/* ---- types (wasm_types.c) ---- */

struct wasm_valtype_t {
    wasm_valkind_t kind;
};

struct wasm_externtype_t {
    wasm_externkind_t kind;
};

struct wasm_functype_t {
    struct wasm_externtype_t ext;
    wasm_valtype_vec_t params, results;
};

struct wasm_globaltype_t {
    struct wasm_externtype_t ext;
    wasm_valtype_t *content;
    wasm_mutability_t mutability;
};

struct wasm_tabletype_t {
    struct wasm_externtype_t ext;
    wasm_valtype_t *element;
    wasm_limits_t limits;
};

struct wasm_memorytype_t {
    struct wasm_externtype_t ext;
    wasm_limits_t limits;
};

struct wasm_importtype_t {
    wasm_name_t module, name;
    wasm_externtype_t *type;
};

struct wasm_exporttype_t {
    wasm_name_t name;
    wasm_externtype_t *type;
};

/* kiln's value types and the standard's value kinds. v128, which the
 * standard lacks, is kind 4. */
wasm_valkind_t ka_valkind(kn_valtype t);
kn_valtype ka_valtype(wasm_valkind_t k);

/* Standard types from kiln's and back. The kn_functype's arrays are
 * allocated together with *params; free it. NULL when out of memory. */
wasm_functype_t *ka_functype_from(const kn_functype *t);
bool ka_functype_to(const wasm_functype_t *t, kn_functype *out, kn_valtype **params);
wasm_limits_t ka_limits_from(const kn_limits *l);
kn_limits ka_limits_to(const wasm_limits_t *l);
wasm_globaltype_t *ka_globaltype_from(const kn_globaltype *t);
wasm_tabletype_t *ka_tabletype_from(const kn_tabletype *t);
wasm_externtype_t *ka_externtype_from(const kn_module *m, kn_externkind kind, uint32_t index);

/* ---- references (wasm_store.c) ---- */

/* Something to finalize with the store, in the order registered: a
 * handle's host info (`ref` set: its finalizer at that time), or a host
 * function's environment. */
struct ka_env_fin {
    struct wasm_ref_t *ref;
    void *env;
    void (*finalizer)(void *);
};

bool ka_store_add_finalizer(wasm_store_t *s, void *env, void (*fin)(void *));

/* The one handle of a kn object of `kind` in the store, made on first use;
 * NULL when out of memory. */
struct wasm_ref_t *ka_handle(wasm_store_t *s, enum ka_refkind kind, void *obj);

/* A new trap: message (len bytes, no NUL needed) and no trace. */
wasm_trap_t *ka_trap_new(const char *message, size_t len);

/* The trap a failed kn_call or instantiation left in the store: a host
 * function's own trap object when it caused it, with the trace of wasm
 * frames filled in. */
wasm_trap_t *ka_trap_from_store(wasm_store_t *s, kn_trap_code code);

/* Value conversion for a value of kiln type `t`. ka_val_in fails (false)
 * on a kind mismatch or a reference that cannot enter wasm of store s. */
bool ka_val_in(wasm_store_t *s, const wasm_val_t *v, kn_valtype t, kn_value *out);
void ka_val_out(wasm_store_t *s, kn_value v, kn_valtype t, wasm_val_t *out);

#endif
