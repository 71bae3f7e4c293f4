/*
 * module.h -- a decoded WebAssembly module (spec 2.5), the form every layer
 * above the binary decoder works on.
 *
 * A module is immutable once decoded, so one module can be instantiated many
 * times and shared. It owns a copy of its binary: function bodies, constant
 * expressions and data segments are kept as byte ranges of `bytes`, not
 * copied again. Everything else lives in `arena` and is freed with the
 * module.
 *
 * Index spaces (functions, tables, memories, globals) are single arrays in
 * which the imports come first, in import order, exactly as the spec numbers
 * them; `n*_imported` tells where the module's own definitions start.
 */
#ifndef KN_MODULE_H
#define KN_MODULE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/types.h"

/* A name as it appears in the binary: UTF-8, not NUL-terminated in the
 * binary, but kiln stores a terminating NUL after `len` bytes for printing.
 * Names may contain NUL bytes, so compare with len. */
typedef struct kn_name {
    const char *data;
    uint32_t len;
} kn_name;

typedef struct kn_functype {
    uint32_t nparams, nresults;
    const kn_valtype *params;
    const kn_valtype *results;
} kn_functype;

/* Spec 3.2.5: a memory's limits are at most 2^16 pages (4 GiB). */
enum { KN_MAX_PAGES = 65536 };

/* Limits of a table (elements) or memory (64 KiB pages). */
typedef struct kn_limits {
    uint64_t min;
    uint64_t max;      /* meaningful only when has_max */
    bool has_max;
} kn_limits;

typedef struct kn_tabletype {
    kn_valtype elem;   /* KN_FUNCREF or KN_EXTERNREF */
    kn_limits limits;
} kn_tabletype;

typedef struct kn_memtype {
    kn_limits limits;
} kn_memtype;

typedef struct kn_globaltype {
    kn_valtype type;
    bool mutable_;
} kn_globaltype;

typedef enum kn_externkind {
    KN_EXTERN_FUNC = 0,
    KN_EXTERN_TABLE = 1,
    KN_EXTERN_MEMORY = 2,
    KN_EXTERN_GLOBAL = 3
} kn_externkind;

/* A constant expression (spec 3.3.10): the bytes [offset, offset + len) of
 * the module's binary, the final `end` (0x0b) included. It is validated by
 * the validator and evaluated by the runtime. */
typedef struct kn_expr {
    uint32_t offset, len;
} kn_expr;

typedef struct kn_import {
    kn_name module, name;
    kn_externkind kind;
    union {
        uint32_t func;          /* type index */
        kn_tabletype table;
        kn_memtype memory;
        kn_globaltype global;
    } desc;
} kn_import;

typedef struct kn_export {
    kn_name name;
    kn_externkind kind;
    uint32_t index;
} kn_export;

/* A function of the function index space. For an imported function only
 * `type` is meaningful. For a defined one, the body is the bytes
 * [code_offset, code_offset + code_len) of the binary: its instructions,
 * after the local declarations, ending with `end`. */
typedef struct kn_func {
    uint32_t type;              /* index into kn_module.types */
    bool imported;
    uint32_t nlocals;           /* declared locals, parameters not included */
    const kn_valtype *locals;   /* their types, run-length expanded */
    uint32_t code_offset, code_len;
} kn_func;

typedef struct kn_global {
    kn_globaltype type;
    bool imported;
    kn_expr init;               /* defined globals only */
} kn_global;

typedef enum kn_segmode {
    KN_SEG_ACTIVE,
    KN_SEG_PASSIVE,
    KN_SEG_DECLARATIVE
} kn_segmode;

/* An element segment (spec 5.5.12). The binary has two item forms: plain
 * function indices (flags 0-3) and constant expressions (flags 4-7); the
 * decoder keeps whichever was used, `func_indices` or `exprs`. */
typedef struct kn_elem {
    kn_segmode mode;
    kn_valtype type;            /* KN_FUNCREF or KN_EXTERNREF */
    uint32_t table;             /* active only */
    kn_expr offset;             /* active only */
    uint32_t nitems;
    const uint32_t *func_indices;  /* non-NULL for the index form */
    const kn_expr *exprs;          /* non-NULL for the expression form */
} kn_elem;

typedef struct kn_data {
    kn_segmode mode;            /* active or passive */
    uint32_t memory;            /* active only */
    kn_expr offset;             /* active only */
    uint32_t data_offset, data_len;   /* the bytes, within the binary */
} kn_data;

typedef struct kn_custom {
    kn_name name;
    uint32_t data_offset, data_len;   /* contents after the name */
} kn_custom;

/* The code compiled from a module's functions: the execution layer
 * attaches it on first use (exec/code.c) and it is freed with the module
 * through its own `free`. */
typedef struct kn_module_code {
    void (*free)(struct kn_module_code *);
} kn_module_code;

typedef struct kn_module {
    uint8_t *bytes;             /* owned copy of the binary */
    size_t size;

    uint32_t ntypes;
    kn_functype *types;

    uint32_t nimports;
    kn_import *imports;

    uint32_t nfuncs, nfuncs_imported;
    kn_func *funcs;

    uint32_t ntables, ntables_imported;
    kn_tabletype *tables;

    uint32_t nmemories, nmemories_imported;
    kn_memtype *memories;

    uint32_t nglobals, nglobals_imported;
    kn_global *globals;

    uint32_t nexports;
    kn_export *exports;

    bool has_start;
    uint32_t start;

    uint32_t nelems;
    kn_elem *elems;

    bool has_datacount;
    uint32_t datacount;
    uint32_t ndatas;
    kn_data *datas;

    uint32_t ncustoms;
    kn_custom *customs;

    /* From the `name` section when present and well-formed: the module's
     * name and one name per function (NULL where none); both may be NULL.
     * A malformed name section is ignored, as custom sections must be. */
    const char *module_name;
    const char **func_names;    /* nfuncs entries, or NULL */

    kn_arena arena;             /* owns everything above but `bytes` */

    /* Set once, by whichever thread compiles first; the only part of a
     * validated module that changes (exec/code.c). */
    _Atomic(kn_module_code *) code;
} kn_module;

#endif
