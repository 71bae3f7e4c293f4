/*
 * kiln.c -- include/kiln.h: engines, modules, stores and their limits,
 * linking, calls with typed values, memory and global access, errors.
 *
 * Everything here is conversion and bookkeeping over the runtime
 * (runtime.h) and the interpreter (kn_call); see kiln_impl.h for what the
 * public types are.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../aot/aot.h"
#include "../interp/interp.h"
#include "../jit/jit.h"
#include "../wasi/command.h"
#include "../interp/numeric.h"
#include "kiln_impl.h"

/* The public codes are the runtime's, by value. */
_Static_assert(KILN_TRAP_CODE_LIMIT == (int)KN_TRAP_CODE_LIMIT, "trap codes");
_Static_assert(KILN_TRAP_EXIT == (int)KN_TRAP_EXIT, "trap codes");
_Static_assert(KILN_EXTERN_GLOBAL == (int)KN_EXTERN_GLOBAL, "extern kinds");
_Static_assert((int)KILN_I32 == (int)KN_I32 && (int)KILN_EXTERNREF == (int)KN_EXTERNREF, "value types");

/* Small argument and result arrays live on the C stack. */
enum { INLINE_VALUES = 16, MAX_FRAMES = 32 };

#define INSTANCE(p) ((kn_instance *)(p))
#define FUNC(p) ((kn_funcinst *)(p))
#define MEMORY(p) ((kn_meminst *)(p))
#define GLOBAL(p) ((kn_globalinst *)(p))

/* ---- errors ---- */

struct kiln_error {
    kiln_errkind kind;
    kiln_trap_code trap;
    int exit_code;
    char message[512];
    uint32_t nframes;
    struct {
        uint32_t func;
        char name[64];
    } frames[MAX_FRAMES];
};

/* When even an error cannot be allocated, this one is returned; it is
 * never written, and kiln_error_delete does not free it. */
static const kiln_error oom_error = {KILN_ERROR_LIMIT, KILN_TRAP_NONE, 0, "out of memory", 0,
                                     {{0, ""}}};

static kiln_error *error_alloc(kiln_errkind kind)
{
    kiln_error *e = calloc(1, sizeof *e);
    if (e)
        e->kind = kind;
    return e;
}

static kiln_error *or_oom(kiln_error *e)
{
    return e ? e : (kiln_error *)&oom_error;
}

static __attribute__((format(printf, 3, 0))) kiln_error *
error_vnew(kiln_errkind kind, kiln_trap_code trap, const char *fmt, va_list ap)
{
    kiln_error *e = error_alloc(kind);
    if (e) {
        e->trap = trap;
        vsnprintf(e->message, sizeof e->message, fmt, ap);
    }
    return or_oom(e);
}

kiln_error *ka_error_usage(kiln_errkind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kiln_error *e = error_vnew(kind, KILN_TRAP_NONE, fmt, ap);
    va_end(ap);
    return e;
}

KILN_API kiln_error *kiln_error_new(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kiln_error *e = error_vnew(KILN_ERROR_TRAP, KILN_TRAP_HOST, fmt, ap);
    va_end(ap);
    return e;
}

kiln_error *ka_error_from(const kn_error *err)
{
    static const kiln_errkind kinds[] = {
        [KN_ERR_NONE] = KILN_ERROR_USAGE,
        [KN_ERR_MALFORMED] = KILN_ERROR_MALFORMED,
        [KN_ERR_INVALID] = KILN_ERROR_INVALID,
        [KN_ERR_LINK] = KILN_ERROR_LINK,
        [KN_ERR_TRAP] = KILN_ERROR_TRAP,
        [KN_ERR_EXHAUSTION] = KILN_ERROR_TRAP,
        [KN_ERR_LIMIT] = KILN_ERROR_LIMIT,
        [KN_ERR_IO] = KILN_ERROR_IO,
        [KN_ERR_USAGE] = KILN_ERROR_USAGE,
    };
    kiln_error *e = error_alloc(kinds[err->kind]);
    if (e) {
        kn_error_format(err, NULL, e->message, sizeof e->message);
        if (e->kind == KILN_ERROR_TRAP)
            e->trap = (kiln_trap_code)err->trap;
    }
    return or_oom(e);
}

/* A trap of the store's last call, with its backtrace. */
static kiln_error *trap_error(kiln_store *s, kn_trap_code code)
{
    kiln_error *e = error_alloc(KILN_ERROR_TRAP);
    if (!e)
        return or_oom(e);
    const kn_trap_info *info = &s->kn->trap;
    e->trap = (kiln_trap_code)code;
    e->exit_code = code == KN_TRAP_EXIT ? info->exit_code : 0;
    snprintf(e->message, sizeof e->message, "%s", kn_trap_message(s->kn, code));
    for (uint32_t i = 0; i < info->nframes && i < MAX_FRAMES; i++) {
        e->frames[i].func = info->frames[i]->index;
        ka_func_name(info->frames[i], e->frames[i].name, sizeof e->frames[i].name);
    }
    e->nframes = info->nframes < MAX_FRAMES ? info->nframes : MAX_FRAMES;
    return e;
}

KILN_API kiln_errkind kiln_error_kind(const kiln_error *e) { return e->kind; }
KILN_API const char *kiln_error_message(const kiln_error *e) { return e->message; }
KILN_API kiln_trap_code kiln_error_trap(const kiln_error *e) { return e->trap; }
KILN_API int kiln_error_exit_code(const kiln_error *e) { return e->exit_code; }
KILN_API size_t kiln_error_frame_count(const kiln_error *e) { return e->nframes; }

KILN_API uint32_t kiln_error_frame_func(const kiln_error *e, size_t i)
{
    return i < e->nframes ? e->frames[i].func : 0;
}

KILN_API const char *kiln_error_frame_name(const kiln_error *e, size_t i)
{
    return i < e->nframes ? e->frames[i].name : NULL;
}

KILN_API void kiln_error_delete(kiln_error *e)
{
    if (e != &oom_error)
        free(e);
}

/* ---- engine and modules ---- */

KILN_API kiln_engine *kiln_engine_new(const kiln_config *config)
{
    const kn_tier *tier = kn_tier_default();
    if (config && config->compiler == KILN_COMPILER_INTERP)
        tier = &kn_interp_tier;
    else if (config && config->compiler == KILN_COMPILER_JIT)
        tier = kn_tier_find("jit");
    if (!tier)
        return NULL;
    kiln_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    /* a compiling engine runs precompiled code where a module has it
     * (aot/aot.h's tier, which compiles the rest with the JIT) */
    if (!(e->kn = kn_engine_new(tier == &kn_interp_tier ? tier : &kn_aot_tier))) {
        free(e);
        return NULL;
    }
    if (config)
        e->config = *config;
    e->config.compiler = tier == &kn_interp_tier ? KILN_COMPILER_INTERP : KILN_COMPILER_JIT;
    if (!e->config.max_call_depth)
        e->config.max_call_depth = kn_store_default_limits.max_call_depth;
    if (!e->config.max_memory_pages)
        e->config.max_memory_pages = kn_store_default_limits.max_memory_pages;
    if (!e->config.max_table_elems)
        e->config.max_table_elems = kn_store_default_limits.max_table_elems;
    if (!e->config.max_code_bytes)
        e->config.max_code_bytes = KN_DEFAULT_MAX_CODE_BYTES;
    kn_engine_set_max_code(e->kn, e->config.max_code_bytes);
    return e;
}

KILN_API kiln_compiler kiln_engine_compiler(const kiln_engine *e)
{
    return e->config.compiler;
}

KILN_API void kiln_engine_delete(kiln_engine *e)
{
    if (!e)
        return;
    kn_engine_delete(e->kn);
    free(e);
}

KILN_API kiln_error *kiln_module_new(kiln_engine *engine, const void *bytes, size_t len,
                                     kiln_module **out)
{
    (void)engine;
    kn_error err;
    kn_error_clear(&err);
    *out = (kiln_module *)ka_module_new(bytes, len, true, &err);
    return *out ? NULL : ka_error_from(&err);
}

KILN_API kiln_error *kiln_module_validate(kiln_engine *engine, const void *bytes, size_t len)
{
    kiln_module *m;
    kiln_error *e = kiln_module_new(engine, bytes, len, &m);
    if (!e)
        kiln_module_delete(m);
    return e;
}

KILN_API void kiln_module_delete(kiln_module *m) { ka_module_release((ka_module *)m); }

KILN_API kiln_error *kiln_module_precompile(kiln_engine *engine, const void *bytes, size_t len,
                                            int opt_level, void **out, size_t *out_len)
{
    (void)engine;
    kn_error err;
    kn_error_clear(&err);
    *out = NULL;
    *out_len = 0;
    if (opt_level < 0 || opt_level > 2) {
        kn_error_set(&err, KN_ERR_USAGE, "opt_level %d: the levels are 0, 1 and 2", opt_level);
        return ka_error_from(&err);
    }
    ka_module *km = ka_module_new(bytes, len, true, &err);
    if (!km)
        return ka_error_from(&err);
    kn_buf file;
    kn_buf_init(&file);
    kn_aot_options o = {.opt = opt_level};
    bool ok = kn_aot_compile(km->m, &o, &file, &err);
    ka_module_release(km);
    if (!ok) {
        kn_buf_free(&file);
        return ka_error_from(&err);
    }
    *out = kn_buf_take(&file, out_len);
    return NULL;
}

KILN_API kiln_error *kiln_module_deserialize(kiln_engine *engine, const void *bytes, size_t len,
                                             kiln_module **out)
{
    (void)engine;
    kn_error err;
    kn_error_clear(&err);
    *out = (kiln_module *)ka_module_load_precompiled(bytes, len, &err);
    return *out ? NULL : ka_error_from(&err);
}

static const kn_module *module_of(const kiln_module *m) { return ((const ka_module *)m)->m; }

KILN_API size_t kiln_module_import_count(const kiln_module *m) { return module_of(m)->nimports; }
KILN_API size_t kiln_module_export_count(const kiln_module *m) { return module_of(m)->nexports; }

static void functype_out(const kn_functype *t, kiln_functype *out)
{
    out->nparams = t->nparams;
    out->nresults = t->nresults;
    out->params = t->params;
    out->results = t->results;
}

KILN_API bool kiln_module_import(const kiln_module *module, size_t i, kiln_extern_info *out)
{
    const kn_module *m = module_of(module);
    if (i >= m->nimports)
        return false;
    const kn_import *imp = &m->imports[i];
    memset(out, 0, sizeof *out);
    out->module = imp->module.data;
    out->module_len = imp->module.len;
    out->name = imp->name.data;
    out->name_len = imp->name.len;
    out->kind = (kiln_externkind)imp->kind;
    if (imp->kind == KN_EXTERN_FUNC)
        functype_out(&m->types[imp->desc.func], &out->func);
    return true;
}

KILN_API bool kiln_module_export(const kiln_module *module, size_t i, kiln_extern_info *out)
{
    const kn_module *m = module_of(module);
    if (i >= m->nexports)
        return false;
    const kn_export *ex = &m->exports[i];
    memset(out, 0, sizeof *out);
    out->name = ex->name.data;
    out->name_len = ex->name.len;
    out->kind = (kiln_externkind)ex->kind;
    if (ex->kind == KN_EXTERN_FUNC)
        functype_out(&m->types[m->funcs[ex->index].type], &out->func);
    return true;
}

/* ---- stores ---- */

KILN_API kiln_store *kiln_store_new(kiln_engine *engine)
{
    kiln_store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (!(s->kn = kn_store_new(engine->kn))) {
        free(s);
        return NULL;
    }
    s->engine = engine;
    kn_arena_init(&s->arena);
    s->kn->limits.max_call_depth = engine->config.max_call_depth;
    s->kn->limits.max_memory_pages = engine->config.max_memory_pages;
    s->kn->limits.max_table_elems = engine->config.max_table_elems;
    s->max_instances = engine->config.max_instances;
    return s;
}

KILN_API void kiln_store_delete(kiln_store *s)
{
    if (!s)
        return;
    kn_store_delete(s->kn);
    ka_wasi_delete(s->wasi);
    ka_release_modules(&s->modules);
    kn_arena_free(&s->arena);
    free(s);
}

KILN_API void kiln_store_set_limits(kiln_store *s, const kiln_limits *l)
{
    kn_store_limits *k = &s->kn->limits;
    if (l->max_memory_pages)   /* for all memories: may exceed one memory's 4 GiB */
        k->max_memory_pages = l->max_memory_pages;
    if (l->max_table_elems)
        k->max_table_elems = l->max_table_elems;
    if (l->max_call_depth)
        k->max_call_depth = l->max_call_depth;
    if (l->max_instances)
        s->max_instances = l->max_instances;
}

KILN_API void kiln_store_get_limits(const kiln_store *s, kiln_limits *out)
{
    out->max_memory_pages = s->kn->limits.max_memory_pages;
    out->max_table_elems = s->kn->limits.max_table_elems;
    out->max_call_depth = s->kn->limits.max_call_depth;
    out->max_instances = s->max_instances;
}

KILN_API void kiln_store_set_fuel(kiln_store *s, uint64_t fuel)
{
    s->kn->fuel = fuel;
    s->kn->fuel_enabled = true;
}

KILN_API uint64_t kiln_store_fuel(const kiln_store *s)
{
    return s->kn->fuel_enabled ? s->kn->fuel : UINT64_MAX;
}

KILN_API void kiln_store_disable_fuel(kiln_store *s) { s->kn->fuel_enabled = false; }

KILN_API void kiln_store_interrupt(kiln_store *s) { kn_store_interrupt(s->kn); }

/* ---- values ---- */

static bool val_in(const kiln_val *v, kn_valtype t, kn_value *out)
{
    memset(out, 0, sizeof *out);
    if (v->kind != t)
        return false;
    switch (t) {
    case KN_I32: out->i32 = (uint32_t)v->of.i32; break;
    case KN_I64: out->i64 = (uint64_t)v->of.i64; break;
    case KN_F32: out->f32 = (uint32_t)kn_f32_bits(v->of.f32); break;
    case KN_F64: out->f64 = kn_f64_bits(v->of.f64); break;
    case KN_V128: memcpy(out->v128, v->of.v128, 16); break;
    default: out->ref = v->of.ref; break;
    }
    return true;
}

static void val_out(kn_value v, kn_valtype t, kiln_val *out)
{
    memset(out, 0, sizeof *out);
    out->kind = t;
    switch (t) {
    case KN_I32: out->of.i32 = (int32_t)v.i32; break;
    case KN_I64: out->of.i64 = (int64_t)v.i64; break;
    case KN_F32: out->of.f32 = kn_f32(v.f32); break;
    case KN_F64: out->of.f64 = kn_f64(v.f64); break;
    case KN_V128: memcpy(out->of.v128, v.v128, 16); break;
    default: out->of.ref = v.ref; break;
    }
}

/* ---- host functions ---- */

/* The runtime's host-function interface in front of kiln_host_func. */
static kn_trap_code host_call(kn_store *ks, void *env, const kn_value *args, kn_value *results)
{
    kiln_caller *c = env;
    const kn_functype *ft = c->type;
    size_t n = (size_t)ft->nparams + ft->nresults;
    kiln_val inline_vals[INLINE_VALUES];
    kiln_val *vals = n <= INLINE_VALUES ? inline_vals : calloc(n, sizeof *vals);
    if (!vals)
        return kn_trap_host(ks, "out of memory");
    kiln_val *res = vals + ft->nparams;
    for (uint32_t i = 0; i < ft->nparams; i++)
        val_out(args[i], ft->params[i], &vals[i]);
    for (uint32_t i = 0; i < ft->nresults; i++)
        val_out((kn_value){0}, ft->results[i], &res[i]);
    kiln_error *e = c->fn(c, c->data, vals, res);
    kn_trap_code code = KN_TRAP_NONE;
    if (e) {
        if (e->kind == KILN_ERROR_TRAP && e->trap == KILN_TRAP_EXIT) {
            ks->trap.exit_code = e->exit_code;
            ks->trap.code = code = KN_TRAP_EXIT;
            ks->trap.message[0] = '\0';
        } else {
            code = kn_trap_host(ks, "%s", e->message);
        }
        kiln_error_delete(e);
    } else {
        for (uint32_t i = 0; i < ft->nresults && code == KN_TRAP_NONE; i++)
            if (!val_in(&res[i], ft->results[i], &results[i]))
                code = kn_trap_host(ks, "host function result %u has the wrong type",
                                    (unsigned)i);
    }
    if (vals != inline_vals)
        free(vals);
    return code;
}

KILN_API kiln_store *kiln_caller_store(kiln_caller *c) { return c->store; }
KILN_API kiln_instance *kiln_caller_instance(kiln_caller *c) { return (kiln_instance *)c->instance; }

KILN_API kiln_memory *kiln_caller_memory(kiln_caller *c)
{
    return c->instance ? kiln_instance_memory((kiln_instance *)c->instance, "memory") : NULL;
}

/* ---- linker ---- */

KILN_API kiln_linker *kiln_linker_new(kiln_engine *engine)
{
    kiln_linker *l = calloc(1, sizeof *l);
    if (l)
        l->engine = engine;
    return l;
}

static void def_free(ka_def *d)
{
    free(d->module);
    free(d->name);
    free((void *)d->type.params);
}

KILN_API void kiln_linker_delete(kiln_linker *l)
{
    if (!l)
        return;
    ka_def *defs = l->defs.items;
    for (size_t i = 0; i < l->defs.len; i++)
        def_free(&defs[i]);
    kn_vec_free(&l->defs);
    free(l);
}

static kiln_error *add_def(kiln_linker *l, ka_def *d)
{
    if (!d->module || (!d->instance && !d->name) || !kn_vec_push(&l->defs, sizeof *d, d)) {
        def_free(d);
        return ka_error_usage(KILN_ERROR_LIMIT, "out of memory");
    }
    return NULL;
}

KILN_API kiln_error *kiln_linker_define_func(kiln_linker *l, const char *module,
                                             const char *name, const kiln_functype *type,
                                             kiln_host_func fn, void *data)
{
    if (!module || !name || !type || !fn)
        return ka_error_usage(KILN_ERROR_USAGE, "kiln_linker_define_func: NULL argument");
    for (uint32_t i = 0; i < type->nparams; i++)
        if (!kn_is_valtype(type->params[i]))
            return ka_error_usage(KILN_ERROR_USAGE, "parameter %u: not a value type", i);
    for (uint32_t i = 0; i < type->nresults; i++)
        if (!kn_is_valtype(type->results[i]))
            return ka_error_usage(KILN_ERROR_USAGE, "result %u: not a value type", i);
    /* The definition owns a copy of the types: params then results, one
     * block. */
    size_t n = (size_t)type->nparams + type->nresults;
    kn_valtype *v = malloc(n ? n * sizeof *v : 1);
    if (!v)
        return ka_error_usage(KILN_ERROR_LIMIT, "out of memory");
    for (size_t i = 0; i < n; i++)
        v[i] = i < type->nparams ? type->params[i] : type->results[i - type->nparams];
    ka_def d = {strdup(module), strdup(name), {type->nparams, type->nresults, v, v + type->nparams},
                fn, data, NULL};
    return add_def(l, &d);
}

KILN_API kiln_error *kiln_linker_define_instance(kiln_linker *l, const char *module,
                                                 kiln_instance *instance)
{
    if (!module || !instance)
        return ka_error_usage(KILN_ERROR_USAGE, "kiln_linker_define_instance: NULL argument");
    ka_def d = {strdup(module), NULL, {0, 0, NULL, NULL}, NULL, NULL, INSTANCE(instance)};
    return add_def(l, &d);
}

static bool name_is(const char *s, const kn_name *n)
{
    return strlen(s) == n->len && memcmp(s, n->data, n->len) == 0;
}

/* Resolves one import: the latest definition by that name wins; then the
 * store's WASI context. A host function gets a binding to this store and
 * (after instantiation) this instance. */
static kiln_error *resolve(kiln_linker *l, kiln_store *s, const kn_import *imp, kn_extern *out,
                           kiln_caller **binding, bool *used_wasi)
{
    const ka_def *defs = l->defs.items;
    *binding = NULL;
    for (size_t i = l->defs.len; i-- > 0;) {
        const ka_def *d = &defs[i];
        if (!name_is(d->module, &imp->module))
            continue;
        if (d->instance) {
            if (d->instance->store == s->kn &&
                kn_instance_export(d->instance, imp->name.data, imp->name.len, out))
                return NULL;
            continue;
        }
        if (!name_is(d->name, &imp->name))
            continue;
        kiln_caller *c = kn_arena_alloc(&s->arena, 1, sizeof *c);
        kn_funcinst *f = c ? kn_func_new_host(s->kn, &d->type, host_call, c) : NULL;
        if (!f)
            return ka_error_usage(KILN_ERROR_LIMIT, "out of memory");
        *c = (kiln_caller){s, NULL, d->fn, d->data, f->type};
        out->kind = KN_EXTERN_FUNC;
        out->of.func = f;
        *binding = c;
        return NULL;
    }
    if (l->wasi && s->wasi && kn_wasi_resolve(s->wasi->w, s->kn, imp, out)) {
        *used_wasi = true;
        return NULL;
    }
    bool wasi_module = name_is("wasi_snapshot_preview1", &imp->module) ||
                       name_is("wasi_unstable", &imp->module);
    return ka_error_usage(KILN_ERROR_LINK, "unknown import \"%s\" \"%s\"%s", imp->module.data,
                          imp->name.data,
                          wasi_module && !(l->wasi && s->wasi)
                              ? " (WASI: see kiln_store_set_wasi and kiln_linker_define_wasi)"
                              : "");
}

KILN_API kiln_error *kiln_linker_instantiate(kiln_linker *l, kiln_store *s, kiln_module *module,
                                             kiln_instance **out)
{
    *out = NULL;
    ka_module *km = (ka_module *)module;
    const kn_module *m = km->m;
    if (s->max_instances && s->ninstances >= s->max_instances)
        return ka_error_usage(KILN_ERROR_LIMIT, "too many instances (the store's limit is %u)",
                              (unsigned)s->max_instances);
    size_t n = m->nimports ? m->nimports : 1;
    kn_extern *ext = calloc(n, sizeof *ext);
    kiln_caller **bindings = calloc(n, sizeof *bindings);
    kiln_error *e = NULL;
    bool used_wasi = false;
    if (!ext || !bindings || !ka_retain_module(&s->modules, km))
        e = ka_error_usage(KILN_ERROR_LIMIT, "out of memory");
    for (uint32_t i = 0; !e && i < m->nimports; i++)
        e = resolve(l, s, &m->imports[i], &ext[i], &bindings[i], &used_wasi);
    if (!e) {
        kn_error err;
        kn_error_clear(&err);
        kn_instance *inst = kn_instantiate(s->kn, m, ext, &err);
        if (!inst) {
            e = err.kind == KN_ERR_TRAP || err.kind == KN_ERR_EXHAUSTION
                    ? trap_error(s, (kn_trap_code)err.trap)
                    : ka_error_from(&err);
        } else {
            for (uint32_t i = 0; i < m->nimports; i++)
                if (bindings[i])
                    bindings[i]->instance = inst;
            kn_extern mem;
            if (used_wasi && kn_instance_export(inst, "memory", 6, &mem) &&
                mem.kind == KN_EXTERN_MEMORY)
                kn_wasi_set_memory(s->wasi->w, mem.of.memory);
            s->ninstances++;
            *out = (kiln_instance *)inst;
        }
    }
    free(ext);
    free(bindings);
    return e;
}

KILN_API kiln_error *kiln_wasi_run(kiln_store *s, kiln_instance *inst, int *status)
{
    kn_command_result r;
    kn_command_call(s->kn, INSTANCE(inst), NULL, NULL, 0, &r);
    kiln_error *e = NULL;
    *status = r.end == KN_COMMAND_EXITED ? r.exit_code : 0;
    if (r.end == KN_COMMAND_TRAPPED)
        e = trap_error(s, r.trap.code);
    else if (r.end == KN_COMMAND_FAILED)
        e = ka_error_from(&r.error);
    kn_command_result_free(&r);
    return e;
}

/* ---- instances and calls ---- */

static void *export_of(kiln_instance *instance, const char *name, kn_externkind kind)
{
    kn_extern ex;
    if (!instance || !name || !kn_instance_export(INSTANCE(instance), name, strlen(name), &ex) ||
        ex.kind != kind)
        return NULL;
    switch (kind) {
    case KN_EXTERN_FUNC: return ex.of.func;
    case KN_EXTERN_MEMORY: return ex.of.memory;
    case KN_EXTERN_GLOBAL: return ex.of.global;
    default: return ex.of.table;
    }
}

KILN_API kiln_func *kiln_instance_func(kiln_instance *i, const char *name)
{
    return export_of(i, name, KN_EXTERN_FUNC);
}

KILN_API kiln_memory *kiln_instance_memory(kiln_instance *i, const char *name)
{
    return export_of(i, name, KN_EXTERN_MEMORY);
}

KILN_API kiln_global *kiln_instance_global(kiln_instance *i, const char *name)
{
    return export_of(i, name, KN_EXTERN_GLOBAL);
}

/* kiln_functype and kn_functype have the same members in the same order;
 * the conversion is checked member by member. */
_Static_assert(sizeof(kiln_functype) == sizeof(kn_functype), "functype layout");
_Static_assert(offsetof(kiln_functype, params) == offsetof(kn_functype, params), "layout");
_Static_assert(offsetof(kiln_functype, results) == offsetof(kn_functype, results), "layout");

KILN_API const kiln_functype *kiln_func_type(const kiln_func *f)
{
    return (const kiln_functype *)(const void *)((const kn_funcinst *)f)->type;
}

KILN_API kiln_error *kiln_call(kiln_store *s, kiln_func *func, const kiln_val *args,
                               size_t nargs, kiln_val *results, size_t nresults)
{
    if (!func)
        return ka_error_usage(KILN_ERROR_USAGE, "no such function");
    kn_funcinst *f = FUNC(func);
    const kn_functype *ft = f->type;
    if (f->instance && f->instance->store != s->kn)
        return ka_error_usage(KILN_ERROR_USAGE, "the function belongs to another store");
    if (nargs != ft->nparams || nresults != ft->nresults)
        return ka_error_usage(KILN_ERROR_USAGE, "expected %u arguments and %u results, got %zu and %zu",
                              (unsigned)ft->nparams, (unsigned)ft->nresults, nargs, nresults);
    size_t n = nargs + nresults;
    kn_value inline_vals[INLINE_VALUES];
    kn_value *vals = n <= INLINE_VALUES ? inline_vals : calloc(n, sizeof *vals);
    if (!vals)
        return ka_error_usage(KILN_ERROR_LIMIT, "out of memory");
    kiln_error *e = NULL;
    for (uint32_t i = 0; i < ft->nparams && !e; i++)
        if (!val_in(&args[i], ft->params[i], &vals[i]))
            e = ka_error_usage(KILN_ERROR_USAGE, "argument %u: expected %s", (unsigned)i,
                               kn_valtype_name(ft->params[i]));
    if (!e) {
        kn_trap_code code = kn_call(s->kn, f, vals, vals + nargs);
        if (code != KN_TRAP_NONE)
            e = trap_error(s, code);
        else
            for (uint32_t i = 0; i < ft->nresults; i++)
                val_out(vals[nargs + i], ft->results[i], &results[i]);
    }
    if (vals != inline_vals)
        free(vals);
    return e;
}

/* ---- memories and globals ---- */

KILN_API uint8_t *kiln_memory_data(kiln_memory *m) { return MEMORY(m)->data; }
KILN_API uint64_t kiln_memory_size(const kiln_memory *m) { return ((const kn_meminst *)m)->size; }

KILN_API bool kiln_memory_grow(kiln_memory *m, uint32_t delta_pages)
{
    return kn_memory_grow(MEMORY(m), delta_pages) != UINT32_MAX;
}

KILN_API void *kiln_memory_ptr(kiln_memory *m, uint64_t addr, uint64_t len)
{
    const kn_meminst *mi = MEMORY(m);
    if (addr > mi->size || len > mi->size - addr)
        return NULL;
    return mi->data + addr;
}

KILN_API bool kiln_memory_read(kiln_memory *m, uint64_t addr, void *dst, size_t len)
{
    const void *p = kiln_memory_ptr(m, addr, len);
    if (p && len)
        memcpy(dst, p, len);
    return p != NULL;
}

KILN_API bool kiln_memory_write(kiln_memory *m, uint64_t addr, const void *src, size_t len)
{
    void *p = kiln_memory_ptr(m, addr, len);
    if (p && len)
        memcpy(p, src, len);
    return p != NULL;
}

KILN_API kiln_val kiln_global_get(const kiln_global *g)
{
    const kn_globalinst *gi = (const kn_globalinst *)g;
    kiln_val v;
    val_out(gi->value, gi->type.type, &v);
    return v;
}

KILN_API kiln_error *kiln_global_set(kiln_global *g, kiln_val value)
{
    kn_globalinst *gi = GLOBAL(g);
    kn_value v;
    if (!gi->type.mutable_)
        return ka_error_usage(KILN_ERROR_USAGE, "global is immutable");
    if (!val_in(&value, gi->type.type, &v))
        return ka_error_usage(KILN_ERROR_USAGE, "global is of type %s",
                              kn_valtype_name(gi->type.type));
    gi->value = v;
    return NULL;
}
