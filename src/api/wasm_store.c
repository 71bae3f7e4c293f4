/*
 * wasm_store.c -- wasm.h's engine, store, modules, references (the
 * operations every reference kind shares), foreign objects, traps and
 * frames, and the conversion of values at the boundary.
 *
 * See wasm_impl.h for the object model: store-owned canonical handles, heap
 * traps and module handles.
 */
#include <stdlib.h>
#include <string.h>

#include "../aot/aot.h"
#include "../jit/jit.h"
#include "../interp/numeric.h"
#include "wasm_impl.h"

/* ---- engine and store ---- */

KA_API wasm_config_t *wasm_config_new(void) { return calloc(1, sizeof(wasm_config_t)); }
KA_API void wasm_config_delete(wasm_config_t *c) { free(c); }

KA_API wasm_engine_t *wasm_engine_new(void)
{
    wasm_engine_t *e = calloc(1, sizeof *e);
    /* the aot tier: precompiled code where a module has it, else the
     * default tier's */
    if (e && !(e->kn = kn_engine_new(&kn_aot_tier))) {
        free(e);
        return NULL;
    }
    return e;
}

KA_API wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *config)
{
    wasm_config_delete(config);
    return wasm_engine_new();
}

KA_API void wasm_engine_delete(wasm_engine_t *e)
{
    if (!e)
        return;
    kn_engine_delete(e->kn);
    free(e);
}

KA_API wasm_store_t *wasm_store_new(wasm_engine_t *engine)
{
    wasm_store_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (!(s->kn = kn_store_new(engine->kn))) {
        free(s);
        return NULL;
    }
    s->engine = engine;
    kn_arena_init(&s->arena);
    return s;
}

/* Finalizers first, in the order they were registered, while every object
 * still exists; then the objects go with the kn_store, and the modules
 * their instances used. */
KA_API void wasm_store_delete(wasm_store_t *s)
{
    if (!s)
        return;
    const struct ka_env_fin *fins = s->finalizers.items;
    for (size_t i = 0; i < s->finalizers.len; i++) {
        if (!fins[i].ref)
            fins[i].finalizer(fins[i].env);
        else if (fins[i].ref->finalizer)
            fins[i].ref->finalizer(fins[i].ref->host_info);
    }
    wasm_trap_delete(s->pending);
    kn_store_delete(s->kn);
    ka_release_modules(&s->modules);
    ka_map_free(&s->handles);
    kn_vec_free(&s->finalizers);
    kn_arena_free(&s->arena);
    free(s);
}

bool ka_store_add_finalizer(wasm_store_t *s, void *env, void (*fin)(void *))
{
    struct ka_env_fin f = {NULL, env, fin};
    return kn_vec_push(&s->finalizers, sizeof f, &f);
}

struct wasm_ref_t *ka_handle(wasm_store_t *s, enum ka_refkind kind, void *obj)
{
    struct wasm_ref_t *r = obj ? ka_map_get(&s->handles, obj) : NULL;
    if (r)
        return r;
    r = kn_arena_alloc(&s->arena, 1, sizeof *r);
    if (!r)
        return NULL;
    r->kind = (uint8_t)kind;
    r->store = s;
    r->obj = obj ? obj : r;
    if (!ka_map_put(&s->handles, r->obj, r))
        return NULL;
    return r;
}

/* ---- the operations of every reference ---- */

static void ref_delete(struct wasm_ref_t *r)
{
    if (!r || r->store)
        return;   /* store-owned: lives until the store is deleted */
    if (r->finalizer)
        r->finalizer(r->host_info);
    if (r->kind == KA_REF_TRAP) {
        wasm_trap_t *t = (wasm_trap_t *)r;
        wasm_name_delete(&t->message);
        wasm_frame_vec_delete(&t->trace);
        free(t);
    } else {
        wasm_module_t *m = (wasm_module_t *)r;
        ka_module_release(m->shared);
        free(m);
    }
}

static struct wasm_ref_t *ref_copy(const struct wasm_ref_t *r)
{
    if (!r || r->store)
        return (struct wasm_ref_t *)r;
    if (r->kind == KA_REF_TRAP) {
        const wasm_trap_t *t = (const wasm_trap_t *)r;
        wasm_trap_t *c = ka_trap_new(t->message.data, t->message.size ? t->message.size - 1 : 0);
        if (c)
            wasm_frame_vec_copy(&c->trace, &t->trace);
        return &c->r;
    }
    const wasm_module_t *m = (const wasm_module_t *)r;
    wasm_module_t *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->r.kind = KA_REF_MODULE;
    c->shared = ka_module_retain(m->shared);
    return &c->r;
}

/* Two handles are the same object: one handle per store object; modules
 * by their shared module; traps only when they are one handle. */
static bool ref_same(const struct wasm_ref_t *a, const struct wasm_ref_t *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != KA_REF_MODULE || b->kind != KA_REF_MODULE)
        return false;
    return ((const wasm_module_t *)a)->shared == ((const wasm_module_t *)b)->shared;
}

/* A store-owned handle is finalized with its store: registered once, when
 * it first gets a finalizer (out of memory: the finalizer will not run). */
static void ref_set_info(struct wasm_ref_t *r, void *info, void (*fin)(void *))
{
    if (r->store && fin && !r->finalized_by_store) {
        struct ka_env_fin f = {r, NULL, NULL};
        if (!kn_vec_push(&r->store->finalizers, sizeof f, &f))
            fin = NULL;
        r->finalized_by_store = fin != NULL;
    }
    r->host_info = info;
    r->finalizer = fin;
}

#define DEFINE_REF_BASE(n) \
    KA_API void wasm_##n##_delete(wasm_##n##_t *r) { ref_delete(REF(r)); } \
    KA_API wasm_##n##_t *wasm_##n##_copy(const wasm_##n##_t *r) \
    { \
        return (wasm_##n##_t *)ref_copy(CREF(r)); \
    } \
    KA_API bool wasm_##n##_same(const wasm_##n##_t *a, const wasm_##n##_t *b) \
    { \
        return ref_same(CREF(a), CREF(b)); \
    } \
    KA_API void *wasm_##n##_get_host_info(const wasm_##n##_t *r) { return CREF(r)->host_info; } \
    KA_API void wasm_##n##_set_host_info(wasm_##n##_t *r, void *info) \
    { \
        ref_set_info(REF(r), info, NULL); \
    } \
    KA_API void wasm_##n##_set_host_info_with_finalizer(wasm_##n##_t *r, void *info, \
                                                        void (*fin)(void *)) \
    { \
        ref_set_info(REF(r), info, fin); \
    }

/* wasm_ref_as_xxx checks the kind; an extern is any of the four extern
 * kinds. */
#define DEFINE_REF(n, OK) \
    DEFINE_REF_BASE(n) \
    KA_API wasm_ref_t *wasm_##n##_as_ref(wasm_##n##_t *r) { return REF(r); } \
    KA_API const wasm_ref_t *wasm_##n##_as_ref_const(const wasm_##n##_t *r) { return CREF(r); } \
    KA_API wasm_##n##_t *wasm_ref_as_##n(wasm_ref_t *r) \
    { \
        return r && (OK) ? (wasm_##n##_t *)r : NULL; \
    } \
    KA_API const wasm_##n##_t *wasm_ref_as_##n##_const(const wasm_ref_t *r) \
    { \
        return r && (OK) ? (const wasm_##n##_t *)r : NULL; \
    }

DEFINE_REF_BASE(ref)
DEFINE_REF(func, r->kind == KA_REF_FUNC)
DEFINE_REF(global, r->kind == KA_REF_GLOBAL)
DEFINE_REF(table, r->kind == KA_REF_TABLE)
DEFINE_REF(memory, r->kind == KA_REF_MEMORY)
DEFINE_REF(extern, r->kind <= KA_REF_MEMORY)
DEFINE_REF(instance, r->kind == KA_REF_INSTANCE)
DEFINE_REF(foreign, r->kind == KA_REF_FOREIGN)
DEFINE_REF(trap, r->kind == KA_REF_TRAP)
DEFINE_REF(module, r->kind == KA_REF_MODULE)

KA_API wasm_foreign_t *wasm_foreign_new(wasm_store_t *s)
{
    return (wasm_foreign_t *)ka_handle(s, KA_REF_FOREIGN, NULL);
}

/* ---- modules ---- */

static wasm_module_t *module_handle(ka_module *shared)
{
    wasm_module_t *m = calloc(1, sizeof *m);
    if (!m) {
        ka_module_release(shared);
        return NULL;
    }
    m->r.kind = KA_REF_MODULE;
    m->shared = shared;
    return m;
}

KA_API wasm_module_t *wasm_module_new(wasm_store_t *s, const wasm_byte_vec_t *binary)
{
    (void)s;
    kn_error err;
    kn_error_clear(&err);
    ka_module *shared = ka_module_new((const uint8_t *)binary->data, binary->size, false, &err);
    return shared ? module_handle(shared) : NULL;
}

KA_API bool wasm_module_validate(wasm_store_t *s, const wasm_byte_vec_t *binary)
{
    (void)s;
    kn_error err;
    kn_error_clear(&err);
    ka_module *shared = ka_module_new((const uint8_t *)binary->data, binary->size, false, &err);
    ka_module_release(shared);
    return shared != NULL;
}

KA_API void wasm_module_imports(const wasm_module_t *module, wasm_importtype_vec_t *out)
{
    const kn_module *m = module->shared->m;
    uint32_t counts[4] = {0, 0, 0, 0};   /* next index of each kind */
    wasm_importtype_vec_new_uninitialized(out, m->nimports);
    for (uint32_t i = 0; i < out->size; i++) {
        const kn_import *imp = &m->imports[i];
        wasm_name_t module_name, name;
        wasm_name_new(&module_name, imp->module.len, imp->module.data);
        wasm_name_new(&name, imp->name.len, imp->name.data);
        wasm_externtype_t *type = ka_externtype_from(m, imp->kind, counts[imp->kind]++);
        out->data[i] = wasm_importtype_new(&module_name, &name, type);
    }
}

KA_API void wasm_module_exports(const wasm_module_t *module, wasm_exporttype_vec_t *out)
{
    const kn_module *m = module->shared->m;
    wasm_exporttype_vec_new_uninitialized(out, m->nexports);
    for (uint32_t i = 0; i < out->size; i++) {
        const kn_export *ex = &m->exports[i];
        wasm_name_t name;
        wasm_name_new(&name, ex->name.len, ex->name.data);
        out->data[i] = wasm_exporttype_new(&name, ka_externtype_from(m, ex->kind, ex->index));
    }
}

KA_API void wasm_module_serialize(const wasm_module_t *module, wasm_byte_vec_t *out)
{
    const kn_module *m = module->shared->m;
    kn_buf file;
    kn_buf_init(&file);
    kn_error err;
    kn_error_clear(&err);
    kn_aot_options o = {.opt = 2};
    if (kn_aot_compile(m, &o, &file, &err))
        wasm_byte_vec_new(out, file.len, (const wasm_byte_t *)file.data);
    else
        wasm_byte_vec_new(out, m->size, (const wasm_byte_t *)m->bytes);
    kn_buf_free(&file);
}

KA_API wasm_module_t *wasm_module_deserialize(wasm_store_t *s, const wasm_byte_vec_t *bytes)
{
    if (!kn_aot_is_cwasm((const uint8_t *)bytes->data, bytes->size))
        return wasm_module_new(s, bytes);
    kn_error err;
    kn_error_clear(&err);
    ka_module *shared = ka_module_load_precompiled((const uint8_t *)bytes->data, bytes->size, &err);
    return shared ? module_handle(shared) : NULL;
}

KA_API wasm_shared_module_t *wasm_module_share(const wasm_module_t *module)
{
    wasm_shared_module_t *sm = malloc(sizeof *sm);
    if (sm)
        sm->shared = ka_module_retain(module->shared);
    return sm;
}

KA_API wasm_module_t *wasm_module_obtain(wasm_store_t *s, const wasm_shared_module_t *sm)
{
    (void)s;
    return module_handle(ka_module_retain(sm->shared));
}

KA_API void wasm_shared_module_delete(wasm_shared_module_t *sm)
{
    if (sm) {
        ka_module_release(sm->shared);
        free(sm);
    }
}

/* ---- traps and frames ---- */

wasm_trap_t *ka_trap_new(const char *message, size_t len)
{
    wasm_trap_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->r.kind = KA_REF_TRAP;
    wasm_byte_vec_new_uninitialized(&t->message, len + 1);
    if (t->message.size) {
        if (len)
            memcpy(t->message.data, message, len);
        t->message.data[len] = '\0';
    }
    return t;
}

KA_API wasm_trap_t *wasm_trap_new(wasm_store_t *s, const wasm_message_t *message)
{
    (void)s;
    /* The message is NUL-terminated with the NUL counted; tolerate one
     * without. */
    size_t len = message->size;
    if (len && message->data[len - 1] == '\0')
        len--;
    return ka_trap_new(message->data, len);
}

KA_API void wasm_trap_message(const wasm_trap_t *t, wasm_message_t *out)
{
    wasm_byte_vec_copy(out, &t->message);
}

KA_API wasm_frame_t *wasm_trap_origin(const wasm_trap_t *t)
{
    return t->trace.size ? wasm_frame_copy(t->trace.data[0]) : NULL;
}

KA_API void wasm_trap_trace(const wasm_trap_t *t, wasm_frame_vec_t *out)
{
    wasm_frame_vec_copy(out, &t->trace);
}

KA_API wasm_frame_t *wasm_frame_copy(const wasm_frame_t *f)
{
    wasm_frame_t *c = malloc(sizeof *c);
    if (c)
        *c = *f;
    return c;
}

KA_API void wasm_frame_delete(wasm_frame_t *f) { free(f); }
KA_API wasm_instance_t *wasm_frame_instance(const wasm_frame_t *f) { return f->instance; }
KA_API uint32_t wasm_frame_func_index(const wasm_frame_t *f) { return f->func_index; }
KA_API size_t wasm_frame_func_offset(const wasm_frame_t *f) { (void)f; return 0; }
KA_API size_t wasm_frame_module_offset(const wasm_frame_t *f) { return f->module_offset; }

/* The trace is the wasm functions of the store's backtrace (host
 * functions have no frame in this API). */
static void fill_trace(wasm_store_t *s, wasm_trap_t *t)
{
    const kn_trap_info *info = &s->kn->trap;
    wasm_frame_vec_delete(&t->trace);
    wasm_frame_vec_new_uninitialized(&t->trace, info->nframes);
    size_t n = 0;
    for (uint32_t i = 0; i < t->trace.size; i++) {
        const kn_funcinst *f = info->frames[i];
        if (!f->instance)
            continue;
        wasm_frame_t *fr = malloc(sizeof *fr);
        if (!fr)
            break;
        fr->instance = (wasm_instance_t *)ka_handle(s, KA_REF_INSTANCE, f->instance);
        fr->func_index = f->index;
        fr->module_offset = f->instance->module->funcs[f->index].code_offset;
        t->trace.data[n++] = fr;
    }
    t->trace.size = n;
    if (!n)
        wasm_frame_vec_delete(&t->trace);
}

wasm_trap_t *ka_trap_from_store(wasm_store_t *s, kn_trap_code code)
{
    wasm_trap_t *t;
    if (code == KN_TRAP_HOST && s->pending) {
        t = s->pending;
        s->pending = NULL;
    } else {
        const char *msg = kn_trap_message(s->kn, code);
        t = ka_trap_new(msg, strlen(msg));
    }
    if (t)
        fill_trace(s, t);
    return t;
}

/* ---- values ---- */

KA_API void wasm_val_delete(wasm_val_t *v)
{
    if (wasm_valkind_is_ref(v->kind) && v->of.ref)
        wasm_ref_delete(v->of.ref);
    v->of.ref = NULL;
}

KA_API void wasm_val_copy(wasm_val_t *out, const wasm_val_t *v)
{
    *out = *v;
    if (wasm_valkind_is_ref(v->kind) && v->of.ref)
        out->of.ref = wasm_ref_copy(v->of.ref);
}

bool ka_val_in(wasm_store_t *s, const wasm_val_t *v, kn_valtype t, kn_value *out)
{
    memset(out, 0, sizeof *out);
    if (v->kind != ka_valkind(t))
        return false;
    switch (t) {
    case KN_I32: out->i32 = (uint32_t)v->of.i32; return true;
    case KN_I64: out->i64 = (uint64_t)v->of.i64; return true;
    case KN_F32: out->f32 = (uint32_t)kn_f32_bits(v->of.f32); return true;
    case KN_F64: out->f64 = kn_f64_bits(v->of.f64); return true;
    case KN_FUNCREF:
        if (v->of.ref && (v->of.ref->kind != KA_REF_FUNC || v->of.ref->store != s))
            return false;
        out->ref = v->of.ref ? v->of.ref->obj : NULL;
        return true;
    case KN_EXTERNREF:
        /* Only this store's handles: a trap or module handle, or another
         * store's object, could die while wasm holds it. */
        if (v->of.ref && v->of.ref->store != s)
            return false;
        out->ref = v->of.ref;
        return true;
    default:
        return false;
    }
}

void ka_val_out(wasm_store_t *s, kn_value v, kn_valtype t, wasm_val_t *out)
{
    out->kind = ka_valkind(t);
    switch (t) {
    case KN_I32: out->of.i32 = (int32_t)v.i32; break;
    case KN_I64: out->of.i64 = (int64_t)v.i64; break;
    case KN_F32: out->of.f32 = kn_f32(v.f32); break;
    case KN_F64: out->of.f64 = kn_f64(v.f64); break;
    case KN_FUNCREF:
        out->of.ref = v.ref ? ka_handle(s, KA_REF_FUNC, v.ref) : NULL;
        break;
    case KN_EXTERNREF: out->of.ref = v.ref; break;
    default: out->of.i64 = 0; break;
    }
}
