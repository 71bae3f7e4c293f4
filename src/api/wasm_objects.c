/*
 * wasm_objects.c -- wasm.h's runtime objects: functions (host functions
 * and calls), globals, tables, memories, externals and instances.
 *
 * Each is a store-owned kn object reached through its canonical handle
 * (wasm_impl.h). Calls convert values at the boundary and nothing else:
 * kn_call does the work.
 */
#include <stdlib.h>
#include <string.h>

#include "../exec/exec.h"
#include "wasm_impl.h"

/* Arguments and results of a call pass through arrays on the C stack when
 * they are few. */
enum { INLINE_VALUES = 16 };

/* ---- host functions ---- */

typedef struct ka_hostfn {
    wasm_store_t *store;
    const kn_functype *type;
    wasm_func_callback_t cb;
    wasm_func_callback_with_env_t cb_env;
    void *env;
} ka_hostfn;

/* kiln's host-function interface in front of the standard's: values to
 * wasm_val_t and back; a trap the callback returns becomes the store's
 * pending trap, which wasm_func_call hands back to its caller. */
static kn_trap_code host_call(kn_store *ks, void *data, const kn_value *args, kn_value *results)
{
    ka_hostfn *h = data;
    const kn_functype *ft = h->type;
    size_t n = (size_t)ft->nparams + ft->nresults;
    wasm_val_t inline_vals[INLINE_VALUES];
    wasm_val_t *vals = n <= INLINE_VALUES ? inline_vals : calloc(n, sizeof *vals);
    if (!vals)
        return kn_trap_host(ks, "out of memory");
    for (uint32_t i = 0; i < ft->nparams; i++)
        ka_val_out(h->store, args[i], ft->params[i], &vals[i]);
    wasm_val_t *res = vals + ft->nparams;
    for (uint32_t i = 0; i < ft->nresults; i++) {
        memset(&res[i], 0, sizeof res[i]);
        res[i].kind = ka_valkind(ft->results[i]);
    }
    wasm_val_vec_t argv = {ft->nparams, vals}, resv = {ft->nresults, res};
    wasm_trap_t *trap = h->cb ? h->cb(&argv, &resv) : h->cb_env(h->env, &argv, &resv);
    kn_trap_code code = KN_TRAP_NONE;
    if (trap) {
        wasm_trap_delete(h->store->pending);
        h->store->pending = trap;
        code = kn_trap_host(ks, "%s", trap->message.size ? trap->message.data : "");
    } else {
        for (uint32_t i = 0; i < ft->nresults && code == KN_TRAP_NONE; i++)
            if (!ka_val_in(h->store, &res[i], ft->results[i], &results[i]))
                code = kn_trap_host(ks, "host function result %u has the wrong type",
                                    (unsigned)i);
    }
    if (vals != inline_vals)
        free(vals);
    return code;
}

static wasm_func_t *func_new(wasm_store_t *s, const wasm_functype_t *type, ka_hostfn h,
                             void (*finalizer)(void *))
{
    kn_functype kt;
    kn_valtype *types;
    if (!ka_functype_to(type, &kt, &types))
        return NULL;
    ka_hostfn *data = kn_arena_alloc(&s->arena, 1, sizeof *data);
    kn_funcinst *f = data ? kn_func_new_host(s->kn, &kt, host_call, data) : NULL;
    free(types);
    if (!f || (finalizer && !ka_store_add_finalizer(s, h.env, finalizer)))
        return NULL;
    *data = h;
    data->store = s;
    data->type = f->type;
    return (wasm_func_t *)ka_handle(s, KA_REF_FUNC, f);
}

KA_API wasm_func_t *wasm_func_new(wasm_store_t *s, const wasm_functype_t *type,
                                  wasm_func_callback_t cb)
{
    ka_hostfn h = {NULL, NULL, cb, NULL, NULL};
    return func_new(s, type, h, NULL);
}

KA_API wasm_func_t *wasm_func_new_with_env(wasm_store_t *s, const wasm_functype_t *type,
                                           wasm_func_callback_with_env_t cb, void *env,
                                           void (*finalizer)(void *))
{
    ka_hostfn h = {NULL, NULL, NULL, cb, env};
    return func_new(s, type, h, finalizer);
}

static const kn_funcinst *func_of(const wasm_func_t *f) { return CREF(f)->obj; }

KA_API wasm_functype_t *wasm_func_type(const wasm_func_t *f)
{
    return ka_functype_from(func_of(f)->type);
}

KA_API size_t wasm_func_param_arity(const wasm_func_t *f) { return func_of(f)->type->nparams; }
KA_API size_t wasm_func_result_arity(const wasm_func_t *f) { return func_of(f)->type->nresults; }

static wasm_trap_t *usage_trap(const char *message)
{
    return ka_trap_new(message, strlen(message));
}

/* Results beyond results->size are dropped: the standard's own examples
 * call a function with results and an empty vector when they expect a
 * trap. */
KA_API wasm_trap_t *wasm_func_call(const wasm_func_t *func, const wasm_val_vec_t *args,
                                   wasm_val_vec_t *results)
{
    wasm_store_t *s = CREF(func)->store;
    kn_funcinst *f = CREF(func)->obj;
    const kn_functype *ft = f->type;
    if (args->size != ft->nparams)
        return usage_trap("wrong number of arguments");
    size_t n = (size_t)ft->nparams + ft->nresults;
    kn_value inline_vals[INLINE_VALUES];
    kn_value *vals = n <= INLINE_VALUES ? inline_vals : calloc(n, sizeof *vals);
    if (!vals)
        return usage_trap("out of memory");
    kn_value *res = vals + ft->nparams;
    wasm_trap_t *trap = NULL;
    for (uint32_t i = 0; i < ft->nparams && !trap; i++)
        if (!ka_val_in(s, &args->data[i], ft->params[i], &vals[i]))
            trap = usage_trap("argument type mismatch");
    if (!trap) {
        kn_trap_code code = kn_call(s->kn, f, vals, res);
        if (code != KN_TRAP_NONE)
            trap = ka_trap_from_store(s, code);
        else
            for (uint32_t i = 0; i < ft->nresults && i < results->size; i++)
                ka_val_out(s, res[i], ft->results[i], &results->data[i]);
    }
    if (vals != inline_vals)
        free(vals);
    return trap;
}

/* ---- globals ---- */

static kn_globalinst *global_of(const wasm_global_t *g) { return CREF(g)->obj; }

KA_API wasm_global_t *wasm_global_new(wasm_store_t *s, const wasm_globaltype_t *type,
                                      const wasm_val_t *val)
{
    kn_globaltype gt = {ka_valtype(type->content->kind), type->mutability == WASM_VAR};
    kn_value v;
    if (!ka_val_in(s, val, gt.type, &v))
        return NULL;
    kn_globalinst *g = kn_global_new(s->kn, &gt, v);
    return g ? (wasm_global_t *)ka_handle(s, KA_REF_GLOBAL, g) : NULL;
}

KA_API wasm_globaltype_t *wasm_global_type(const wasm_global_t *g)
{
    return ka_globaltype_from(&global_of(g)->type);
}

KA_API void wasm_global_get(const wasm_global_t *g, wasm_val_t *out)
{
    const kn_globalinst *gi = global_of(g);
    ka_val_out(CREF(g)->store, gi->value, gi->type.type, out);
}

KA_API void wasm_global_set(wasm_global_t *g, const wasm_val_t *val)
{
    kn_globalinst *gi = global_of(g);
    kn_value v;
    if (gi->type.mutable_ && ka_val_in(CREF(g)->store, val, gi->type.type, &v))
        gi->value = v;
}

/* ---- tables ---- */

static kn_tableinst *table_of(const wasm_table_t *t) { return CREF(t)->obj; }

/* A reference as an element of a table of `elem` type; false when it
 * cannot be one. */
static bool table_ref(wasm_store_t *s, kn_valtype elem, wasm_ref_t *ref, void **out)
{
    wasm_val_t v = {.kind = ka_valkind(elem), .of = {.ref = ref}};
    kn_value kv;
    if (!ka_val_in(s, &v, elem, &kv))
        return false;
    *out = kv.ref;
    return true;
}

KA_API wasm_table_t *wasm_table_new(wasm_store_t *s, const wasm_tabletype_t *type,
                                    wasm_ref_t *init)
{
    kn_tabletype tt = {ka_valtype(type->element->kind), ka_limits_to(&type->limits)};
    void *ref;
    if (!kn_is_reftype(tt.elem) || !table_ref(s, tt.elem, init, &ref))
        return NULL;
    kn_tableinst *t = kn_table_new(s->kn, &tt, ref);
    return t ? (wasm_table_t *)ka_handle(s, KA_REF_TABLE, t) : NULL;
}

KA_API wasm_tabletype_t *wasm_table_type(const wasm_table_t *t)
{
    return ka_tabletype_from(&table_of(t)->type);   /* limits.min: the current size */
}

KA_API wasm_ref_t *wasm_table_get(const wasm_table_t *t, wasm_table_size_t index)
{
    const kn_tableinst *ti = table_of(t);
    if (index >= ti->size)
        return NULL;
    wasm_val_t v;
    kn_value kv = {.ref = ti->elems[index]};
    ka_val_out(CREF(t)->store, kv, ti->type.elem, &v);
    return v.of.ref;
}

KA_API bool wasm_table_set(wasm_table_t *t, wasm_table_size_t index, wasm_ref_t *ref)
{
    kn_tableinst *ti = table_of(t);
    void *r;
    if (index >= ti->size || !table_ref(CREF(t)->store, ti->type.elem, ref, &r))
        return false;
    ti->elems[index] = r;
    return true;
}

KA_API wasm_table_size_t wasm_table_size(const wasm_table_t *t) { return table_of(t)->size; }

KA_API bool wasm_table_grow(wasm_table_t *t, wasm_table_size_t delta, wasm_ref_t *init)
{
    kn_tableinst *ti = table_of(t);
    void *r;
    return table_ref(CREF(t)->store, ti->type.elem, init, &r) &&
           kn_table_grow(ti, delta, r) != UINT32_MAX;
}

/* ---- memories ---- */

static kn_meminst *memory_of(const wasm_memory_t *m) { return CREF(m)->obj; }

KA_API wasm_memory_t *wasm_memory_new(wasm_store_t *s, const wasm_memorytype_t *type)
{
    kn_memtype mt = {ka_limits_to(&type->limits)};
    if (mt.limits.min > KN_MAX_PAGES || (mt.limits.has_max && mt.limits.max < mt.limits.min))
        return NULL;
    kn_meminst *m = kn_memory_new(s->kn, &mt);
    return m ? (wasm_memory_t *)ka_handle(s, KA_REF_MEMORY, m) : NULL;
}

KA_API wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *m)
{
    wasm_limits_t l = ka_limits_from(&memory_of(m)->type.limits);   /* min: the current size */
    return wasm_memorytype_new(&l);
}

KA_API byte_t *wasm_memory_data(wasm_memory_t *m) { return (byte_t *)memory_of(m)->data; }
KA_API size_t wasm_memory_data_size(const wasm_memory_t *m) { return (size_t)memory_of(m)->size; }
KA_API wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *m) { return memory_of(m)->pages; }

KA_API bool wasm_memory_grow(wasm_memory_t *m, wasm_memory_pages_t delta)
{
    return kn_memory_grow(memory_of(m), delta) != UINT32_MAX;
}

/* ---- externals ---- */

#define EXTERN_CASTS(n, KIND) \
    KA_API wasm_extern_t *wasm_##n##_as_extern(wasm_##n##_t *x) { return (wasm_extern_t *)x; } \
    KA_API const wasm_extern_t *wasm_##n##_as_extern_const(const wasm_##n##_t *x) \
    { \
        return (const wasm_extern_t *)x; \
    } \
    KA_API wasm_##n##_t *wasm_extern_as_##n(wasm_extern_t *e) \
    { \
        return e && REF(e)->kind == KIND ? (wasm_##n##_t *)e : NULL; \
    } \
    KA_API const wasm_##n##_t *wasm_extern_as_##n##_const(const wasm_extern_t *e) \
    { \
        return e && CREF(e)->kind == KIND ? (const wasm_##n##_t *)e : NULL; \
    }

EXTERN_CASTS(func, KA_REF_FUNC)
EXTERN_CASTS(global, KA_REF_GLOBAL)
EXTERN_CASTS(table, KA_REF_TABLE)
EXTERN_CASTS(memory, KA_REF_MEMORY)

KA_API wasm_externkind_t wasm_extern_kind(const wasm_extern_t *e) { return CREF(e)->kind; }

KA_API wasm_externtype_t *wasm_extern_type(const wasm_extern_t *e)
{
    switch (CREF(e)->kind) {
    case KA_REF_FUNC: return (wasm_externtype_t *)wasm_func_type((const wasm_func_t *)e);
    case KA_REF_GLOBAL: return (wasm_externtype_t *)wasm_global_type((const wasm_global_t *)e);
    case KA_REF_TABLE: return (wasm_externtype_t *)wasm_table_type((const wasm_table_t *)e);
    default: return (wasm_externtype_t *)wasm_memory_type((const wasm_memory_t *)e);
    }
}

/* ---- instances ---- */

static const enum ka_refkind ref_kind_of[] = {
    [KN_EXTERN_FUNC] = KA_REF_FUNC,
    [KN_EXTERN_TABLE] = KA_REF_TABLE,
    [KN_EXTERN_MEMORY] = KA_REF_MEMORY,
    [KN_EXTERN_GLOBAL] = KA_REF_GLOBAL,
};

static const kn_externkind kn_kind_of[] = {
    [KA_REF_FUNC] = KN_EXTERN_FUNC,
    [KA_REF_TABLE] = KN_EXTERN_TABLE,
    [KA_REF_MEMORY] = KN_EXTERN_MEMORY,
    [KA_REF_GLOBAL] = KN_EXTERN_GLOBAL,
};

static wasm_instance_t *instance_fail(wasm_trap_t **trap, wasm_trap_t *t)
{
    if (trap)
        *trap = t;
    else
        wasm_trap_delete(t);
    return NULL;
}

KA_API wasm_instance_t *wasm_instance_new(wasm_store_t *s, const wasm_module_t *module,
                                          const wasm_extern_vec_t *imports, wasm_trap_t **trap)
{
    if (trap)
        *trap = NULL;
    const kn_module *m = module->shared->m;
    if (imports->size < m->nimports)
        return instance_fail(trap, usage_trap("unknown import: too few imports given"));
    kn_extern *ext = calloc(m->nimports ? m->nimports : 1, sizeof *ext);
    if (!ext || !ka_retain_module(&s->modules, module->shared)) {
        free(ext);
        return instance_fail(trap, usage_trap("out of memory"));
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        const struct wasm_ref_t *r = CREF(imports->data[i]);
        if (!r || r->store != s || r->kind > KA_REF_MEMORY) {
            free(ext);
            return instance_fail(trap, usage_trap("unknown import: not an external of this store"));
        }
        ext[i].kind = kn_kind_of[r->kind];
        switch (r->kind) {
        case KA_REF_FUNC: ext[i].of.func = r->obj; break;
        case KA_REF_TABLE: ext[i].of.table = r->obj; break;
        case KA_REF_MEMORY: ext[i].of.memory = r->obj; break;
        default: ext[i].of.global = r->obj; break;
        }
    }
    kn_error err;
    kn_error_clear(&err);
    kn_instance *inst = kn_instantiate(s->kn, m, ext, &err);
    free(ext);
    if (!inst) {
        bool trapped = err.kind == KN_ERR_TRAP || err.kind == KN_ERR_EXHAUSTION;
        return instance_fail(trap, trapped ? ka_trap_from_store(s, (kn_trap_code)err.trap)
                                           : usage_trap(err.message));
    }
    wasm_instance_t *h = (wasm_instance_t *)ka_handle(s, KA_REF_INSTANCE, inst);
    return h ? h : instance_fail(trap, usage_trap("out of memory"));
}

KA_API void wasm_instance_exports(const wasm_instance_t *instance, wasm_extern_vec_t *out)
{
    wasm_store_t *s = CREF(instance)->store;
    const kn_instance *inst = CREF(instance)->obj;
    const kn_module *m = inst->module;
    wasm_extern_vec_new_uninitialized(out, m->nexports);
    for (uint32_t i = 0; i < out->size; i++) {
        const kn_export *ex = &m->exports[i];
        void *obj = NULL;
        switch (ex->kind) {
        case KN_EXTERN_FUNC: obj = inst->funcs[ex->index]; break;
        case KN_EXTERN_TABLE: obj = inst->tables[ex->index]; break;
        case KN_EXTERN_MEMORY: obj = inst->memories[ex->index]; break;
        case KN_EXTERN_GLOBAL: obj = inst->globals[ex->index]; break;
        }
        out->data[i] = (wasm_extern_t *)ka_handle(s, ref_kind_of[ex->kind], obj);
    }
}
