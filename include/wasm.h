/*
 * wasm.h -- the standard WebAssembly C API (github.com/WebAssembly/wasm-c-api),
 * as implemented by kiln.
 *
 * Written for kiln from the specification of that API: the type names,
 * function names, signatures, struct layouts (wasm_val_t, wasm_limits_t,
 * the vectors) and ownership rules are the standard's, so programs written
 * against it compile unchanged and link against libkiln. kiln's own,
 * richer API is kiln.h; both can be used in one program.
 *
 * Ownership, as the standard defines it:
 *  - a function named *_new, *_copy, or documented "own" below returns an
 *    object the caller owns and releases with the matching *_delete;
 *  - an own vector owns its elements: wasm_xxx_vec_delete deletes them too;
 *  - an "out" parameter receives an owned result;
 *  - deleting a reference (func, global, table, memory, extern, instance,
 *    foreign, ref) only says that this owner no longer uses it.
 *
 * kiln's object model: every runtime object (function, global, table,
 * memory, instance, foreign) lives in its store until the store is deleted,
 * whatever handles say; handles are canonical (one per object, so *_copy
 * returns the same pointer and *_same compares pointers) and deleting one is
 * a no-op. Host-info finalizers run when the store is deleted. Traps and
 * frames are plain heap objects: delete them. A module is independent of
 * stores (it is the engine's) and is freed when its last handle is deleted
 * and no instance of it remains.
 *
 * Threads: an engine and a module (via wasm_module_share/obtain, or just
 * the same wasm_module_t) may be used from any number of threads at once;
 * a store and everything in it is used by one thread at a time.
 *
 * Frames: kiln's interpreter reports which functions were active, not the
 * instruction within them; wasm_frame_func_offset is 0 and
 * wasm_frame_module_offset is the offset of the function's body.
 */
#ifndef WASM_H
#define WASM_H

#include <assert.h>   /* the standard header provides these; programs rely on it */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef WASM_API_EXTERN
#define WASM_API_EXTERN __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

/* ---- declaration helpers ---------------------------------------------- */

/* An opaque type with its destructor. */
#define KN_WASM_OPAQUE(n) \
    typedef struct wasm_##n##_t wasm_##n##_t; \
    WASM_API_EXTERN void wasm_##n##_delete(wasm_##n##_t *);

/* A vector {size, data} of `elem` (a value type, or a pointer type). */
#define KN_WASM_VEC(n, elem) \
    typedef struct wasm_##n##_vec_t { \
        size_t size; \
        elem *data; \
    } wasm_##n##_vec_t; \
    WASM_API_EXTERN void wasm_##n##_vec_new_empty(wasm_##n##_vec_t *out); \
    WASM_API_EXTERN void wasm_##n##_vec_new_uninitialized(wasm_##n##_vec_t *out, size_t); \
    WASM_API_EXTERN void wasm_##n##_vec_new(wasm_##n##_vec_t *out, size_t, elem const[]); \
    WASM_API_EXTERN void wasm_##n##_vec_copy(wasm_##n##_vec_t *out, const wasm_##n##_vec_t *); \
    WASM_API_EXTERN void wasm_##n##_vec_delete(wasm_##n##_vec_t *);

/* A type description: opaque, copyable, with a vector of pointers. */
#define KN_WASM_TYPE(n) \
    KN_WASM_OPAQUE(n) \
    KN_WASM_VEC(n, wasm_##n##_t *) \
    WASM_API_EXTERN wasm_##n##_t *wasm_##n##_copy(const wasm_##n##_t *);

/* A reference: copy, identity, host info (a pointer the embedder attaches,
 * with an optional finalizer run when the object dies). */
#define KN_WASM_REF_BASE(n) \
    KN_WASM_OPAQUE(n) \
    WASM_API_EXTERN wasm_##n##_t *wasm_##n##_copy(const wasm_##n##_t *); \
    WASM_API_EXTERN bool wasm_##n##_same(const wasm_##n##_t *, const wasm_##n##_t *); \
    WASM_API_EXTERN void *wasm_##n##_get_host_info(const wasm_##n##_t *); \
    WASM_API_EXTERN void wasm_##n##_set_host_info(wasm_##n##_t *, void *); \
    WASM_API_EXTERN void wasm_##n##_set_host_info_with_finalizer( \
        wasm_##n##_t *, void *, void (*)(void *));

/* A reference of a specific kind, convertible to and from wasm_ref_t. */
#define KN_WASM_REF(n) \
    KN_WASM_REF_BASE(n) \
    WASM_API_EXTERN wasm_ref_t *wasm_##n##_as_ref(wasm_##n##_t *); \
    WASM_API_EXTERN wasm_##n##_t *wasm_ref_as_##n(wasm_ref_t *); \
    WASM_API_EXTERN const wasm_ref_t *wasm_##n##_as_ref_const(const wasm_##n##_t *); \
    WASM_API_EXTERN const wasm_##n##_t *wasm_ref_as_##n##_const(const wasm_ref_t *);

/* ---- byte vectors and names -------------------------------------------- */

typedef byte_t wasm_byte_t;
KN_WASM_VEC(byte, wasm_byte_t)

typedef wasm_byte_vec_t wasm_name_t;

#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

static inline void wasm_name_new_from_string(wasm_name_t *out, const char *s)
{
    wasm_name_new(out, strlen(s), s);
}

/* The same with the terminating NUL included in the name's size. */
static inline void wasm_name_new_from_string_nt(wasm_name_t *out, const char *s)
{
    wasm_name_new(out, strlen(s) + 1, s);
}

/* ---- engine and store -------------------------------------------------- */

KN_WASM_OPAQUE(config)
WASM_API_EXTERN wasm_config_t *wasm_config_new(void);

KN_WASM_OPAQUE(engine)
WASM_API_EXTERN wasm_engine_t *wasm_engine_new(void);
/* Takes ownership of the config. */
WASM_API_EXTERN wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *);

KN_WASM_OPAQUE(store)
WASM_API_EXTERN wasm_store_t *wasm_store_new(wasm_engine_t *);

/* ---- types ------------------------------------------------------------- */

typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum { WASM_CONST, WASM_VAR };

/* Sizes in pages (memories) or elements (tables); max is
 * wasm_limits_max_default when there is none. */
typedef struct wasm_limits_t {
    uint32_t min;
    uint32_t max;
} wasm_limits_t;

static const uint32_t wasm_limits_max_default = 0xffffffff;

KN_WASM_TYPE(valtype)

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
    WASM_I32,
    WASM_I64,
    WASM_F32,
    WASM_F64,
    WASM_EXTERNREF = 128,
    WASM_FUNCREF
};

WASM_API_EXTERN wasm_valtype_t *wasm_valtype_new(wasm_valkind_t);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) { return k < WASM_EXTERNREF; }
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) { return k >= WASM_EXTERNREF; }
static inline bool wasm_valtype_is_num(const wasm_valtype_t *t)
{
    return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t *t)
{
    return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

KN_WASM_TYPE(functype)
/* Takes ownership of both vectors. */
WASM_API_EXTERN wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params,
                                                   wasm_valtype_vec_t *results);
WASM_API_EXTERN const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *);
WASM_API_EXTERN const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *);

KN_WASM_TYPE(globaltype)
/* Takes ownership of the value type. */
WASM_API_EXTERN wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *, wasm_mutability_t);
WASM_API_EXTERN const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *);

KN_WASM_TYPE(tabletype)
/* Takes ownership of the element type. */
WASM_API_EXTERN wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *, const wasm_limits_t *);
WASM_API_EXTERN const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *);
WASM_API_EXTERN const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *);

KN_WASM_TYPE(memorytype)
WASM_API_EXTERN wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *);
WASM_API_EXTERN const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *);

/* The four type kinds above are all extern types: the conversions below are
 * casts (no allocation) and give NULL for the wrong kind. */
KN_WASM_TYPE(externtype)

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
    WASM_EXTERN_FUNC,
    WASM_EXTERN_GLOBAL,
    WASM_EXTERN_TABLE,
    WASM_EXTERN_MEMORY
};

WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *);

WASM_API_EXTERN wasm_externtype_t *wasm_functype_as_externtype(wasm_functype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_globaltype_as_externtype(wasm_globaltype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_tabletype_as_externtype(wasm_tabletype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_memorytype_as_externtype(wasm_memorytype_t *);
WASM_API_EXTERN wasm_functype_t *wasm_externtype_as_functype(wasm_externtype_t *);
WASM_API_EXTERN wasm_globaltype_t *wasm_externtype_as_globaltype(wasm_externtype_t *);
WASM_API_EXTERN wasm_tabletype_t *wasm_externtype_as_tabletype(wasm_externtype_t *);
WASM_API_EXTERN wasm_memorytype_t *wasm_externtype_as_memorytype(wasm_externtype_t *);

WASM_API_EXTERN const wasm_externtype_t *wasm_functype_as_externtype_const(const wasm_functype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_globaltype_as_externtype_const(const wasm_globaltype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_tabletype_as_externtype_const(const wasm_tabletype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_memorytype_as_externtype_const(const wasm_memorytype_t *);
WASM_API_EXTERN const wasm_functype_t *wasm_externtype_as_functype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_globaltype_t *wasm_externtype_as_globaltype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_tabletype_t *wasm_externtype_as_tabletype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_memorytype_t *wasm_externtype_as_memorytype_const(const wasm_externtype_t *);

KN_WASM_TYPE(importtype)
/* Takes ownership of the names and the type. */
WASM_API_EXTERN wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name,
                                                       wasm_externtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *);

KN_WASM_TYPE(exporttype)
/* Takes ownership of the name and the type. */
WASM_API_EXTERN wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *, wasm_externtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *);

/* ---- values ------------------------------------------------------------ */

struct wasm_ref_t;

typedef struct wasm_val_t {
    wasm_valkind_t kind;
    union {
        int32_t i32;
        int64_t i64;
        float32_t f32;
        float64_t f64;
        struct wasm_ref_t *ref;   /* NULL is the null reference */
    } of;
} wasm_val_t;

WASM_API_EXTERN void wasm_val_delete(wasm_val_t *v);
WASM_API_EXTERN void wasm_val_copy(wasm_val_t *out, const wasm_val_t *);

KN_WASM_VEC(val, wasm_val_t)

/* ---- references -------------------------------------------------------- */

KN_WASM_REF_BASE(ref)

/* ---- frames and traps -------------------------------------------------- */

KN_WASM_OPAQUE(frame)
KN_WASM_VEC(frame, wasm_frame_t *)
WASM_API_EXTERN wasm_frame_t *wasm_frame_copy(const wasm_frame_t *);

WASM_API_EXTERN struct wasm_instance_t *wasm_frame_instance(const wasm_frame_t *);
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t *);
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t *);
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t *);

typedef wasm_name_t wasm_message_t;   /* NUL-terminated; the NUL is counted in size */

KN_WASM_REF(trap)

WASM_API_EXTERN wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t *, wasm_message_t *out);
/* The innermost wasm frame, or NULL; the trace lists them innermost first. */
WASM_API_EXTERN wasm_frame_t *wasm_trap_origin(const wasm_trap_t *);
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t *, wasm_frame_vec_t *out);

/* ---- foreign objects: host references wasm code can hold as externref ---- */

KN_WASM_REF(foreign)
WASM_API_EXTERN wasm_foreign_t *wasm_foreign_new(wasm_store_t *);

/* ---- modules ----------------------------------------------------------- */

KN_WASM_REF(module)
KN_WASM_OPAQUE(shared_module)
WASM_API_EXTERN wasm_shared_module_t *wasm_module_share(const wasm_module_t *);
WASM_API_EXTERN wasm_module_t *wasm_module_obtain(wasm_store_t *, const wasm_shared_module_t *);

/* Decodes and validates; NULL when the binary is malformed or invalid. */
WASM_API_EXTERN wasm_module_t *wasm_module_new(wasm_store_t *, const wasm_byte_vec_t *binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t *, const wasm_byte_vec_t *binary);

WASM_API_EXTERN void wasm_module_imports(const wasm_module_t *, wasm_importtype_vec_t *out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t *, wasm_exporttype_vec_t *out);

/* kiln serializes a module as a .cwasm: its native code, compiled ahead of
 * time by the system's C compiler (kiln compile -O2), with the module; where
 * there is no C compiler, as its binary. Deserializing takes either; a
 * .cwasm's code is run as it is, so deserialize only what you trust (a
 * .cwasm from another kiln build, target or CPU, or damaged, is refused). */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t *, wasm_byte_vec_t *out);
WASM_API_EXTERN wasm_module_t *wasm_module_deserialize(wasm_store_t *, const wasm_byte_vec_t *);

/* ---- functions --------------------------------------------------------- */

KN_WASM_REF(func)

/* A host function writes its results (already sized to the type) and
 * returns NULL, or returns a trap it owns, which passes to the caller. */
typedef wasm_trap_t *(*wasm_func_callback_t)(const wasm_val_vec_t *args,
                                             wasm_val_vec_t *results);
typedef wasm_trap_t *(*wasm_func_callback_with_env_t)(void *env, const wasm_val_vec_t *args,
                                                      wasm_val_vec_t *results);

WASM_API_EXTERN wasm_func_t *wasm_func_new(wasm_store_t *, const wasm_functype_t *,
                                           wasm_func_callback_t);
/* The finalizer (may be NULL) is called with env when the store is deleted. */
WASM_API_EXTERN wasm_func_t *wasm_func_new_with_env(wasm_store_t *, const wasm_functype_t *type,
                                                    wasm_func_callback_with_env_t, void *env,
                                                    void (*finalizer)(void *));

WASM_API_EXTERN wasm_functype_t *wasm_func_type(const wasm_func_t *);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t *);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t *);

/* Returns NULL, or the trap (owned by the caller). A wrong number or kind
 * of arguments, or too small a results vector, is a trap too. */
WASM_API_EXTERN wasm_trap_t *wasm_func_call(const wasm_func_t *, const wasm_val_vec_t *args,
                                            wasm_val_vec_t *results);

/* ---- globals, tables, memories ------------------------------------------ */

KN_WASM_REF(global)
WASM_API_EXTERN wasm_global_t *wasm_global_new(wasm_store_t *, const wasm_globaltype_t *,
                                               const wasm_val_t *);
WASM_API_EXTERN wasm_globaltype_t *wasm_global_type(const wasm_global_t *);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t *, wasm_val_t *out);
/* Ignored when the global is immutable or the value's kind is wrong. */
WASM_API_EXTERN void wasm_global_set(wasm_global_t *, const wasm_val_t *);

KN_WASM_REF(table)
typedef uint32_t wasm_table_size_t;
WASM_API_EXTERN wasm_table_t *wasm_table_new(wasm_store_t *, const wasm_tabletype_t *,
                                             wasm_ref_t *init);
WASM_API_EXTERN wasm_tabletype_t *wasm_table_type(const wasm_table_t *);
/* NULL for a null reference or an index out of bounds. */
WASM_API_EXTERN wasm_ref_t *wasm_table_get(const wasm_table_t *, wasm_table_size_t index);
WASM_API_EXTERN bool wasm_table_set(wasm_table_t *, wasm_table_size_t index, wasm_ref_t *);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t *);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t *, wasm_table_size_t delta, wasm_ref_t *init);

KN_WASM_REF(memory)
typedef uint32_t wasm_memory_pages_t;
static const size_t MEMORY_PAGE_SIZE = 0x10000;
WASM_API_EXTERN wasm_memory_t *wasm_memory_new(wasm_store_t *, const wasm_memorytype_t *);
WASM_API_EXTERN wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *);
/* The bytes; valid until the memory grows. */
WASM_API_EXTERN byte_t *wasm_memory_data(wasm_memory_t *);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t *);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *);
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t *, wasm_memory_pages_t delta);

/* ---- externals: any of the four above ------------------------------------ */

KN_WASM_REF(extern)
KN_WASM_VEC(extern, wasm_extern_t *)

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_extern_type(const wasm_extern_t *);

WASM_API_EXTERN wasm_extern_t *wasm_func_as_extern(wasm_func_t *);
WASM_API_EXTERN wasm_extern_t *wasm_global_as_extern(wasm_global_t *);
WASM_API_EXTERN wasm_extern_t *wasm_table_as_extern(wasm_table_t *);
WASM_API_EXTERN wasm_extern_t *wasm_memory_as_extern(wasm_memory_t *);
WASM_API_EXTERN wasm_func_t *wasm_extern_as_func(wasm_extern_t *);
WASM_API_EXTERN wasm_global_t *wasm_extern_as_global(wasm_extern_t *);
WASM_API_EXTERN wasm_table_t *wasm_extern_as_table(wasm_extern_t *);
WASM_API_EXTERN wasm_memory_t *wasm_extern_as_memory(wasm_extern_t *);

WASM_API_EXTERN const wasm_extern_t *wasm_func_as_extern_const(const wasm_func_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_global_as_extern_const(const wasm_global_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_table_as_extern_const(const wasm_table_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_memory_as_extern_const(const wasm_memory_t *);
WASM_API_EXTERN const wasm_func_t *wasm_extern_as_func_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_global_t *wasm_extern_as_global_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_table_t *wasm_extern_as_table_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_memory_t *wasm_extern_as_memory_const(const wasm_extern_t *);

/* ---- instances --------------------------------------------------------- */

KN_WASM_REF(instance)

/* `imports` in the module's import order. On failure returns NULL and, if
 * `trap` is not NULL, sets *trap to a trap describing why (a trap of the
 * start function, or a link error) or to NULL. */
WASM_API_EXTERN wasm_instance_t *wasm_instance_new(wasm_store_t *, const wasm_module_t *,
                                                   const wasm_extern_vec_t *imports,
                                                   wasm_trap_t **trap);
/* In the module's export order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t *, wasm_extern_vec_t *out);

/* ---- convenience ------------------------------------------------------- */

#define WASM_EMPTY_VEC {0, NULL}
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

static inline wasm_valtype_t *wasm_valtype_new_i32(void) { return wasm_valtype_new(WASM_I32); }
static inline wasm_valtype_t *wasm_valtype_new_i64(void) { return wasm_valtype_new(WASM_I64); }
static inline wasm_valtype_t *wasm_valtype_new_f32(void) { return wasm_valtype_new(WASM_F32); }
static inline wasm_valtype_t *wasm_valtype_new_f64(void) { return wasm_valtype_new(WASM_F64); }
static inline wasm_valtype_t *wasm_valtype_new_externref(void)
{
    return wasm_valtype_new(WASM_EXTERNREF);
}
static inline wasm_valtype_t *wasm_valtype_new_funcref(void)
{
    return wasm_valtype_new(WASM_FUNCREF);
}

/* wasm_functype_new_P_R: a function type of P parameters and R results,
 * taking ownership of the value types given. */
static inline wasm_functype_t *kn_wasm_functype_of(size_t np, wasm_valtype_t *const *ps,
                                                   size_t nr, wasm_valtype_t *const *rs)
{
    wasm_valtype_vec_t params, results;
    wasm_valtype_vec_new(&params, np, ps);
    wasm_valtype_vec_new(&results, nr, rs);
    return wasm_functype_new(&params, &results);
}

static inline wasm_functype_t *wasm_functype_new_0_0(void)
{
    return kn_wasm_functype_of(0, NULL, 0, NULL);
}
static inline wasm_functype_t *wasm_functype_new_1_0(wasm_valtype_t *p)
{
    wasm_valtype_t *ps[1] = {p};
    return kn_wasm_functype_of(1, ps, 0, NULL);
}
static inline wasm_functype_t *wasm_functype_new_2_0(wasm_valtype_t *p1, wasm_valtype_t *p2)
{
    wasm_valtype_t *ps[2] = {p1, p2};
    return kn_wasm_functype_of(2, ps, 0, NULL);
}
static inline wasm_functype_t *wasm_functype_new_3_0(wasm_valtype_t *p1, wasm_valtype_t *p2,
                                                     wasm_valtype_t *p3)
{
    wasm_valtype_t *ps[3] = {p1, p2, p3};
    return kn_wasm_functype_of(3, ps, 0, NULL);
}
static inline wasm_functype_t *wasm_functype_new_0_1(wasm_valtype_t *r)
{
    wasm_valtype_t *rs[1] = {r};
    return kn_wasm_functype_of(0, NULL, 1, rs);
}
static inline wasm_functype_t *wasm_functype_new_1_1(wasm_valtype_t *p, wasm_valtype_t *r)
{
    wasm_valtype_t *ps[1] = {p}, *rs[1] = {r};
    return kn_wasm_functype_of(1, ps, 1, rs);
}
static inline wasm_functype_t *wasm_functype_new_2_1(wasm_valtype_t *p1, wasm_valtype_t *p2,
                                                     wasm_valtype_t *r)
{
    wasm_valtype_t *ps[2] = {p1, p2}, *rs[1] = {r};
    return kn_wasm_functype_of(2, ps, 1, rs);
}
static inline wasm_functype_t *wasm_functype_new_3_1(wasm_valtype_t *p1, wasm_valtype_t *p2,
                                                     wasm_valtype_t *p3, wasm_valtype_t *r)
{
    wasm_valtype_t *ps[3] = {p1, p2, p3}, *rs[1] = {r};
    return kn_wasm_functype_of(3, ps, 1, rs);
}
static inline wasm_functype_t *wasm_functype_new_0_2(wasm_valtype_t *r1, wasm_valtype_t *r2)
{
    wasm_valtype_t *rs[2] = {r1, r2};
    return kn_wasm_functype_of(0, NULL, 2, rs);
}
static inline wasm_functype_t *wasm_functype_new_1_2(wasm_valtype_t *p, wasm_valtype_t *r1,
                                                     wasm_valtype_t *r2)
{
    wasm_valtype_t *ps[1] = {p}, *rs[2] = {r1, r2};
    return kn_wasm_functype_of(1, ps, 2, rs);
}
static inline wasm_functype_t *wasm_functype_new_2_2(wasm_valtype_t *p1, wasm_valtype_t *p2,
                                                     wasm_valtype_t *r1, wasm_valtype_t *r2)
{
    wasm_valtype_t *ps[2] = {p1, p2}, *rs[2] = {r1, r2};
    return kn_wasm_functype_of(2, ps, 2, rs);
}
static inline wasm_functype_t *wasm_functype_new_3_2(wasm_valtype_t *p1, wasm_valtype_t *p2,
                                                     wasm_valtype_t *p3, wasm_valtype_t *r1,
                                                     wasm_valtype_t *r2)
{
    wasm_valtype_t *ps[3] = {p1, p2, p3}, *rs[2] = {r1, r2};
    return kn_wasm_functype_of(3, ps, 2, rs);
}

/* A host pointer as an integer value of the pointer's width. */
static inline void wasm_val_init_ptr(wasm_val_t *out, void *p)
{
#if UINTPTR_MAX == UINT32_MAX
    out->kind = WASM_I32;
    out->of.i32 = (int32_t)(intptr_t)p;
#else
    out->kind = WASM_I64;
    out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

static inline void *wasm_val_ptr(const wasm_val_t *val)
{
#if UINTPTR_MAX == UINT32_MAX
    return (void *)(intptr_t)val->of.i32;
#else
    return (void *)(intptr_t)val->of.i64;
#endif
}

#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#ifdef __cplusplus
}
#endif

#endif
