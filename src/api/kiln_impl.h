/*
 * kiln_impl.h -- the structures behind include/kiln.h's opaque types,
 * shared by kiln.c (engine, modules, stores, linking, calls) and
 * kiln_wasi.c (include/wasi.h).
 *
 * Runtime objects are the runtime's own: a kiln_instance is a kn_instance,
 * a kiln_func a kn_funcinst, a kiln_memory a kn_meminst, a kiln_global a
 * kn_globalinst, all owned by the store's kn_store (the public types stay
 * incomplete; the API converts pointers). A kiln_module is a ka_module.
 */
#ifndef KN_API_KILN_IMPL_H
#define KN_API_KILN_IMPL_H

#include "../../include/kiln.h"
#include "../base/arena.h"
#include "../base/buf.h"
#include "../wasi/wasi.h"
#include "internal.h"

struct kiln_engine {
    kiln_config config;     /* zeros replaced by the defaults */
    kn_engine *kn;
};

/* A store's WASI context (kiln_wasi.c): the program's view of the world,
 * and the output it wrote to captured streams. */
typedef struct ka_wasi {
    kn_wasi *w;
    kn_buf captured[2];     /* stdout, stderr */
} ka_wasi;

struct kiln_store {
    kiln_engine *engine;
    kn_store *kn;
    uint32_t max_instances; /* 0: unlimited */
    uint32_t ninstances;
    kn_vec modules;         /* ka_module *, kept alive for the instances */
    kn_arena arena;         /* host function bindings (struct kiln_caller) */
    ka_wasi *wasi;          /* NULL until kiln_store_set_wasi */
};

/* One host function as imported by one instance: what its trampoline
 * needs, and the caller a host function sees. */
struct kiln_caller {
    kiln_store *store;
    kn_instance *instance;  /* set once instantiation has returned */
    kiln_host_func fn;
    void *data;
    const kn_functype *type;
};

/* A linker's definition: a host function, or an instance's exports. */
typedef struct ka_def {
    char *module, *name;    /* name NULL for an instance */
    kn_functype type;       /* a function's; owns its value arrays */
    kiln_host_func fn;
    void *data;
    kn_instance *instance;
} ka_def;

struct kiln_linker {
    kiln_engine *engine;
    kn_vec defs;            /* ka_def, later ones win */
    bool wasi;              /* resolve WASI imports from the store's context */
};

/* Errors (kiln.c). */
kiln_error *ka_error_usage(kiln_errkind kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
kiln_error *ka_error_from(const kn_error *err);

void ka_wasi_delete(ka_wasi *w);

#endif
