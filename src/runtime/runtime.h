/*
 * runtime.h -- the runtime structure of WebAssembly (spec 4.2): the store
 * and the instances, functions, tables, memories and globals that live in
 * it; instantiation (spec 4.5.4) and traps.
 *
 * Ownership: a store owns every object created in it and frees them all in
 * kn_store_delete. An instance refers to its module, and a store to its
 * engine (engine.h), which must outlive the store. A store is used by one
 * thread at a time.
 *
 * Execution itself (kn_call, and kn_instantiate, which runs the start
 * function) is exec/exec.h's.
 */
#ifndef KN_RUNTIME_H
#define KN_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/types.h"
#include "../binary/module.h"
#include "engine.h"

enum { KN_PAGE_SIZE = 65536 };   /* bytes; KN_MAX_PAGES is module.h's */

/* Why execution stopped. The messages (kn_trap_message) are the spec's. */
typedef enum kn_trap_code {
    KN_TRAP_NONE = 0,
    KN_TRAP_UNREACHABLE,             /* "unreachable" */
    KN_TRAP_DIV_BY_ZERO,             /* "integer divide by zero" */
    KN_TRAP_INT_OVERFLOW,            /* "integer overflow" */
    KN_TRAP_INVALID_CONVERSION,      /* "invalid conversion to integer" */
    KN_TRAP_OOB_MEMORY,              /* "out of bounds memory access" */
    KN_TRAP_OOB_TABLE,               /* "out of bounds table access" */
    KN_TRAP_UNDEFINED_ELEMENT,       /* "undefined element" */
    KN_TRAP_UNINITIALIZED_ELEMENT,   /* "uninitialized element" */
    KN_TRAP_INDIRECT_CALL_MISMATCH,  /* "indirect call type mismatch" */
    KN_TRAP_STACK_EXHAUSTED,         /* "call stack exhausted" */
    KN_TRAP_OUT_OF_MEMORY,           /* "out of memory": the host could not allocate */
    KN_TRAP_HOST,                    /* a host function failed: see kn_trap_info.message */
    KN_TRAP_EXIT,                    /* "exit": a host function (WASI proc_exit) ended the
                                        program with kn_trap_info.exit_code; not an error */
    KN_TRAP_OUT_OF_FUEL,             /* "all fuel consumed": store->fuel ran out */
    KN_TRAP_INTERRUPTED,             /* "interrupted": kn_store_interrupt() was called */
    KN_TRAP_CODE_LIMIT,              /* "code size limit exceeded": compiling a function
                                        would pass a limit on code (exec/exec.h) */
    KN_TRAP_COUNT
} kn_trap_code;

typedef struct kn_store kn_store;
typedef struct kn_instance kn_instance;
typedef struct kn_code kn_code;   /* compiled code: exec/exec.h */

/* A host function: reads its arguments, writes its results (both in the
 * order of its type) and returns KN_TRAP_NONE, or a trap code (for
 * KN_TRAP_HOST after kn_trap_host() set a message). */
typedef kn_trap_code (*kn_host_fn)(kn_store *s, void *env,
                                   const kn_value *args, kn_value *results);

/* A function instance (spec 4.2.6). */
typedef struct kn_funcinst {
    const kn_functype *type;
    uint32_t type_id;        /* the engine's canonical id: equal ids <=> equal types,
                                so call_indirect compares one integer */
    kn_instance *instance;   /* defining instance; NULL for a host function */
    uint32_t index;          /* function index within instance->module */
    kn_host_fn host;         /* host functions only */
    void *host_env;
    const kn_code *code;     /* compiled on first call (exec/exec.h); the
                                module owns it, this caches it */
} kn_funcinst;

typedef struct kn_tableinst {
    kn_tabletype type;       /* limits.min is the current size */
    kn_store *store;         /* whose max_table_elems its elements count against */
    uint32_t size;
    uint32_t max;            /* type.limits.max, or UINT32_MAX without one */
    void **elems;            /* size references: kn_funcinst * or externref */
} kn_tableinst;

typedef struct kn_meminst {
    kn_memtype type;         /* limits.min is the current size in pages */
    kn_store *store;         /* whose max_memory_pages its pages count against */
    uint8_t *data;
    uint64_t size;           /* bytes: pages * KN_PAGE_SIZE */
    uint32_t pages;
    uint32_t max_pages;      /* from the type, capped at KN_MAX_PAGES */
} kn_meminst;

typedef struct kn_globalinst {
    kn_globaltype type;
    kn_value value;
} kn_globalinst;

typedef struct kn_extern {
    kn_externkind kind;
    union {
        kn_funcinst *func;
        kn_tableinst *table;
        kn_meminst *memory;
        kn_globalinst *global;
    } of;
} kn_extern;

/* An element segment as instantiated: its references, evaluated once; a
 * dropped segment has length 0. */
typedef struct kn_elemseg {
    uint32_t len;
    void **refs;
} kn_elemseg;

/* A module instance (spec 4.2.5). Index spaces mirror the module's. */
struct kn_instance {
    const kn_module *module;
    kn_store *store;
    kn_funcinst **funcs;
    kn_tableinst **tables;
    kn_meminst **memories;
    kn_globalinst **globals;
    uint32_t *type_ids;      /* canonical id of each of module->types, which
                                call_indirect compares at run time */
    kn_elemseg *elems;       /* module->nelems */
    bool *data_dropped;      /* module->ndatas; set by data.drop and after
                                an active segment is applied */
};

/* Details of the last trap of a store. */
typedef struct kn_trap_info {
    kn_trap_code code;
    char message[256];       /* for KN_TRAP_HOST; for another trap a more
                                precise message when not empty (the
                                interpreter's "uninitialized element 2") */
    uint32_t nframes;        /* backtrace, innermost first */
    kn_funcinst *frames[32];
    int exit_code;           /* for KN_TRAP_EXIT */
} kn_trap_info;

/* Limits of what a store's guests may take. The memory and table limits
 * are for the whole store: all its memories' pages together (imported,
 * host-made and every instance's), all its tables' elements together. */
typedef struct kn_store_limits {
    uint32_t max_call_depth;     /* wasm frames */
    uint32_t max_memory_pages;
    uint32_t max_table_elems;
} kn_store_limits;

/* A new store's limits: 10,000 frames (deep enough for every recursion of
 * the spec tests many times over, shallow enough that runaway recursion
 * ends in well under a second), KN_MAX_PAGES (4 GiB) of memory, 10,000,000
 * table elements. */
static const kn_store_limits kn_store_default_limits = {10000, KN_MAX_PAGES, 10000000};

/* Work in proportion to a length -- bulk memory and table operations, host
 * calls that move a number of bytes the guest chose -- takes one more unit
 * of fuel per 2^KN_BULK_FUEL_SHIFT bytes, so that a loop of huge ones runs
 * out of fuel (and sees an interrupt) after a few rounds. */
#define KN_BULK_FUEL_SHIFT 6

struct kn_exec_state;            /* execution's per-store state: exec/exec.h */

struct kn_store {
    kn_engine *engine;
    kn_store_limits limits;
    uint64_t memory_pages;           /* held by its memories, and */
    uint64_t table_elems;            /* by its tables, against the limits */
    kn_trap_info trap;
    /* Fuel: when fuel_enabled, execution consumes `fuel` (about one unit per
     * instruction, charged at loop headers and calls) and traps with
     * KN_TRAP_OUT_OF_FUEL at zero; an embedder may refill it and call again. */
    bool fuel_enabled;
    uint64_t fuel;
    /* Set from any thread (kn_store_interrupt) to stop the running call at
     * its next loop header or call with KN_TRAP_INTERRUPTED; cleared when
     * that trap is taken. */
    _Atomic int interrupt;
    /* The poll flag of the innermost running activation (exec/exec.h),
     * NULL when none runs: kn_store_interrupt raises it as well, so that
     * compiled code tests one word. `interrupting` counts the interrupters
     * between reading `poll` and raising it; an activation that ends waits
     * until there are none, so that none writes to it once it is gone. */
    _Atomic(_Atomic int *) poll;
    _Atomic int interrupting;
    /* Created by the execution layer on the first call, freed with the
     * store through exec_free. */
    struct kn_exec_state *exec;
    void (*exec_free)(struct kn_exec_state *);
    /* The wake-up pipe (kn_store_wake_fd): made on first use, -1 until
     * then. kn_store_interrupt writes a byte to wake_write, so that a host
     * function blocked in poll() on wake_read returns. */
    int wake_read;
    _Atomic int wake_write;
    struct kn_store_objects *objects;/* everything to free: store.c */
};

/* A store of engine `e`; NULL when out of memory. */
kn_store *kn_store_new(kn_engine *e);
void kn_store_delete(kn_store *s);

/* Spec 4.5.3 allocation of host-made objects. NULL when out of memory or,
 * for a table or memory, when its minimum is more than the store's limits
 * leave (kn_store_table_room, kn_store_memory_room). The type is copied
 * into the store. */
kn_funcinst *kn_func_new_host(kn_store *s, const kn_functype *type,
                              kn_host_fn fn, void *env);
kn_tableinst *kn_table_new(kn_store *s, const kn_tabletype *type, void *init);
kn_meminst *kn_memory_new(kn_store *s, const kn_memtype *type);
kn_globalinst *kn_global_new(kn_store *s, const kn_globaltype *type, kn_value v);

/* Spec 4.5.4 up to the start function, which kn_instantiate (exec/exec.h)
 * runs. `m` must have passed kn_validate. `imports` has module->nimports
 * entries in import order (the caller resolves names). Checks import types
 * against the module's ("incompatible import type", KN_ERR_LINK);
 * allocates (out of memory: KN_ERR_LIMIT); initialises globals, tables and
 * memories from the active segments in order. A trap (KN_ERR_TRAP,
 * err->trap set, message the trap's) returns NULL, but what was written
 * before it stays written, as the spec requires. */
kn_instance *kn_instance_new(kn_store *s, const kn_module *m,
                             const kn_extern *imports, kn_error *err);

/* The export named `name` (len bytes), or false. */
bool kn_instance_export(const kn_instance *inst, const char *name, size_t len,
                        kn_extern *out);

/* Grows by `delta`; returns the old size, or UINT32_MAX (the -1 of
 * memory.grow / table.grow) when the type's maximum, the store's limits or
 * the host say no. The can_grow functions tell whether the maximum and the
 * limits allow it (the host may still refuse). */
uint32_t kn_memory_grow(kn_meminst *m, uint32_t delta_pages);
uint32_t kn_table_grow(kn_tableinst *t, uint32_t delta, void *init);
bool kn_memory_can_grow(const kn_meminst *m, uint32_t delta_pages);
bool kn_table_can_grow(const kn_tableinst *t, uint32_t delta);

/* Elements that tables, and pages that memories, may still take in this
 * store: its limit less what its tables or memories hold (0 when a limit
 * was lowered below that). */
uint64_t kn_store_table_room(const kn_store *s);
uint64_t kn_store_memory_room(const kn_store *s);

/* Asks the store's running call, if any, to stop with KN_TRAP_INTERRUPTED,
 * waking a host function that waits in poll() beside kn_store_wake_fd.
 * Safe to call from any thread or a signal handler. */
void kn_store_interrupt(kn_store *s);

/* Records `code` as the store's last trap, without frames; `detail` is the
 * table index of an uninitialized element, for the spec's message. A host
 * trap keeps the message its function set (kn_trap_host). Returns code. */
kn_trap_code kn_trap_set(kn_store *s, kn_trap_code code, uint32_t detail);

/* For host functions that block (WASI's reads, writes, polls, accepts):
 * the read end of the store's wake-up pipe, made on first use by the
 * thread running the store; -1 with errno set when no pipe can be made.
 * A blocking call polls it beside what it waits for and, when it is
 * readable or before waiting, asks kn_store_take_interrupt. */
int kn_store_wake_fd(kn_store *s);

/* Takes a pending interrupt: true, and the request cleared, when
 * kn_store_interrupt was called since the last one was taken. Empties the
 * wake-up pipe, so a byte left by an interrupt taken elsewhere (at a loop
 * header) wakes no later wait. The caller then returns
 * KN_TRAP_INTERRUPTED. */
bool kn_store_take_interrupt(kn_store *s);

/* Records a host trap with a message; returns KN_TRAP_HOST. */
kn_trap_code kn_trap_host(kn_store *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The message for a trap code: the store's trap.message when `code` is the
 * store's last trap and that message is set, else the spec's words. */
const char *kn_trap_message(const kn_store *s, kn_trap_code code);

/* Fills `err` (KN_ERR_TRAP, or KN_ERR_EXHAUSTION for stack exhaustion) from
 * the store's last trap. */
void kn_trap_to_error(const kn_store *s, kn_trap_code code, kn_error *err);

#endif
