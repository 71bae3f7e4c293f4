/*
 * wasm_types.c -- wasm.h's vectors and type descriptions: value, function,
 * global, table, memory, extern, import and export types.
 *
 * Type descriptions are plain heap objects the caller owns. The four
 * extern types begin with a struct wasm_externtype_t, so converting to and
 * from wasm_externtype_t is a cast after a kind check.
 */
#include <stdlib.h>
#include <string.h>

#include "wasm_impl.h"

/* ---- vectors ---- */

/* Element operations of each vector kind: how one element is copied and
 * deleted. Byte vectors copy bytes; value vectors copy values; the others
 * hold owned pointers. */
#define COPY_BYTE(dst, src) (*(dst) = *(src), true)
#define DELETE_BYTE(e) ((void)(e))
#define COPY_VAL(dst, src) (wasm_val_copy((dst), (src)), true)
#define DELETE_VAL(e) wasm_val_delete(e)
#define COPY_PTR(n) (*(dst) = *(src) ? wasm_##n##_copy(*(src)) : NULL, !*(src) || *(dst))

#define DEFINE_VEC(n, elem, COPY, DELETE) \
    KA_API void wasm_##n##_vec_new_empty(wasm_##n##_vec_t *out) \
    { \
        out->size = 0; \
        out->data = NULL; \
    } \
    KA_API void wasm_##n##_vec_new_uninitialized(wasm_##n##_vec_t *out, size_t size) \
    { \
        out->data = size && size <= SIZE_MAX / sizeof(elem) ? calloc(size, sizeof(elem)) : NULL; \
        out->size = out->data ? size : 0; \
    } \
    KA_API void wasm_##n##_vec_new(wasm_##n##_vec_t *out, size_t size, elem const src[]) \
    { \
        wasm_##n##_vec_new_uninitialized(out, size); \
        if (out->size) \
            memcpy(out->data, src, size * sizeof(elem)); \
    } \
    KA_API void wasm_##n##_vec_copy(wasm_##n##_vec_t *out, const wasm_##n##_vec_t *v) \
    { \
        wasm_##n##_vec_new_uninitialized(out, v->size); \
        for (size_t i = 0; i < out->size; i++) { \
            elem *dst = &out->data[i]; \
            elem const *src = &v->data[i]; \
            if (!(COPY)) { \
                out->size = i; \
                wasm_##n##_vec_delete(out); \
                return; \
            } \
        } \
    } \
    KA_API void wasm_##n##_vec_delete(wasm_##n##_vec_t *v) \
    { \
        for (size_t i = 0; i < v->size; i++) { \
            elem *e = &v->data[i]; \
            DELETE; \
        } \
        free(v->data); \
        v->size = 0; \
        v->data = NULL; \
    }

#define PTR_DELETE(n) if (*e) wasm_##n##_delete(*e)

DEFINE_VEC(byte, wasm_byte_t, COPY_BYTE(dst, src), DELETE_BYTE(e))
DEFINE_VEC(val, wasm_val_t, COPY_VAL(dst, src), DELETE_VAL(e))
DEFINE_VEC(valtype, wasm_valtype_t *, COPY_PTR(valtype), PTR_DELETE(valtype))
DEFINE_VEC(functype, wasm_functype_t *, COPY_PTR(functype), PTR_DELETE(functype))
DEFINE_VEC(globaltype, wasm_globaltype_t *, COPY_PTR(globaltype), PTR_DELETE(globaltype))
DEFINE_VEC(tabletype, wasm_tabletype_t *, COPY_PTR(tabletype), PTR_DELETE(tabletype))
DEFINE_VEC(memorytype, wasm_memorytype_t *, COPY_PTR(memorytype), PTR_DELETE(memorytype))
DEFINE_VEC(externtype, wasm_externtype_t *, COPY_PTR(externtype), PTR_DELETE(externtype))
DEFINE_VEC(importtype, wasm_importtype_t *, COPY_PTR(importtype), PTR_DELETE(importtype))
DEFINE_VEC(exporttype, wasm_exporttype_t *, COPY_PTR(exporttype), PTR_DELETE(exporttype))
DEFINE_VEC(frame, wasm_frame_t *, COPY_PTR(frame), PTR_DELETE(frame))
DEFINE_VEC(extern, wasm_extern_t *, COPY_PTR(extern), PTR_DELETE(extern))

/* ---- value types ---- */

KA_API wasm_valtype_t *wasm_valtype_new(wasm_valkind_t kind)
{
    wasm_valtype_t *t = malloc(sizeof *t);
    if (t)
        t->kind = kind;
    return t;
}

KA_API void wasm_valtype_delete(wasm_valtype_t *t) { free(t); }

KA_API wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t)
{
    return wasm_valtype_new(t->kind);
}

KA_API wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }

wasm_valkind_t ka_valkind(kn_valtype t)
{
    switch (t) {
    case KN_I32: return WASM_I32;
    case KN_I64: return WASM_I64;
    case KN_F32: return WASM_F32;
    case KN_F64: return WASM_F64;
    case KN_EXTERNREF: return WASM_EXTERNREF;
    case KN_FUNCREF: return WASM_FUNCREF;
    default: return 4;   /* v128 */
    }
}

kn_valtype ka_valtype(wasm_valkind_t k)
{
    switch (k) {
    case WASM_I32: return KN_I32;
    case WASM_I64: return KN_I64;
    case WASM_F32: return KN_F32;
    case WASM_F64: return KN_F64;
    case WASM_EXTERNREF: return KN_EXTERNREF;
    case WASM_FUNCREF: return KN_FUNCREF;
    default: return KN_V128;
    }
}

/* ---- function types ---- */

KA_API wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results)
{
    wasm_functype_t *t = malloc(sizeof *t);
    if (!t) {
        wasm_valtype_vec_delete(params);
        wasm_valtype_vec_delete(results);
        return NULL;
    }
    t->ext.kind = WASM_EXTERN_FUNC;
    t->params = *params;
    t->results = *results;
    return t;
}

KA_API void wasm_functype_delete(wasm_functype_t *t)
{
    if (!t)
        return;
    wasm_valtype_vec_delete(&t->params);
    wasm_valtype_vec_delete(&t->results);
    free(t);
}

KA_API wasm_functype_t *wasm_functype_copy(const wasm_functype_t *t)
{
    wasm_valtype_vec_t p, r;
    wasm_valtype_vec_copy(&p, &t->params);
    wasm_valtype_vec_copy(&r, &t->results);
    if (p.size != t->params.size || r.size != t->results.size) {
        wasm_valtype_vec_delete(&p);
        wasm_valtype_vec_delete(&r);
        return NULL;
    }
    return wasm_functype_new(&p, &r);
}

KA_API const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t)
{
    return &t->params;
}

KA_API const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t)
{
    return &t->results;
}

static bool valtypes_from(wasm_valtype_vec_t *out, uint32_t n, const kn_valtype *types)
{
    wasm_valtype_vec_new_uninitialized(out, n);
    if (out->size != n)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!(out->data[i] = wasm_valtype_new(ka_valkind(types[i])))) {
            wasm_valtype_vec_delete(out);
            return false;
        }
    }
    return true;
}

wasm_functype_t *ka_functype_from(const kn_functype *t)
{
    wasm_valtype_vec_t p, r;
    if (!valtypes_from(&p, t->nparams, t->params))
        return NULL;
    if (!valtypes_from(&r, t->nresults, t->results)) {
        wasm_valtype_vec_delete(&p);
        return NULL;
    }
    return wasm_functype_new(&p, &r);
}

bool ka_functype_to(const wasm_functype_t *t, kn_functype *out, kn_valtype **params)
{
    size_t n = t->params.size + t->results.size;
    if (t->params.size > UINT32_MAX || t->results.size > UINT32_MAX)
        return false;
    kn_valtype *v = malloc(n ? n : 1);
    if (!v)
        return false;
    for (size_t i = 0; i < t->params.size; i++)
        v[i] = ka_valtype(t->params.data[i]->kind);
    for (size_t i = 0; i < t->results.size; i++)
        v[t->params.size + i] = ka_valtype(t->results.data[i]->kind);
    out->nparams = (uint32_t)t->params.size;
    out->nresults = (uint32_t)t->results.size;
    out->params = v;
    out->results = v + t->params.size;
    *params = v;
    return true;
}

/* ---- global, table, memory types ---- */

KA_API wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mut)
{
    wasm_globaltype_t *t = malloc(sizeof *t);
    if (!t) {
        wasm_valtype_delete(content);
        return NULL;
    }
    t->ext.kind = WASM_EXTERN_GLOBAL;
    t->content = content;
    t->mutability = mut;
    return t;
}

KA_API void wasm_globaltype_delete(wasm_globaltype_t *t)
{
    if (t) {
        wasm_valtype_delete(t->content);
        free(t);
    }
}

KA_API wasm_globaltype_t *wasm_globaltype_copy(const wasm_globaltype_t *t)
{
    wasm_valtype_t *c = wasm_valtype_copy(t->content);
    return c ? wasm_globaltype_new(c, t->mutability) : NULL;
}

KA_API const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t)
{
    return t->content;
}

KA_API wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t)
{
    return t->mutability;
}

KA_API wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *elem, const wasm_limits_t *limits)
{
    wasm_tabletype_t *t = malloc(sizeof *t);
    if (!t) {
        wasm_valtype_delete(elem);
        return NULL;
    }
    t->ext.kind = WASM_EXTERN_TABLE;
    t->element = elem;
    t->limits = *limits;
    return t;
}

KA_API void wasm_tabletype_delete(wasm_tabletype_t *t)
{
    if (t) {
        wasm_valtype_delete(t->element);
        free(t);
    }
}

KA_API wasm_tabletype_t *wasm_tabletype_copy(const wasm_tabletype_t *t)
{
    wasm_valtype_t *e = wasm_valtype_copy(t->element);
    return e ? wasm_tabletype_new(e, &t->limits) : NULL;
}

KA_API const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t)
{
    return t->element;
}

KA_API const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t)
{
    return &t->limits;
}

KA_API wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits)
{
    wasm_memorytype_t *t = malloc(sizeof *t);
    if (t) {
        t->ext.kind = WASM_EXTERN_MEMORY;
        t->limits = *limits;
    }
    return t;
}

KA_API void wasm_memorytype_delete(wasm_memorytype_t *t) { free(t); }

KA_API wasm_memorytype_t *wasm_memorytype_copy(const wasm_memorytype_t *t)
{
    return wasm_memorytype_new(&t->limits);
}

KA_API const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t)
{
    return &t->limits;
}

wasm_limits_t ka_limits_from(const kn_limits *l)
{
    wasm_limits_t out;
    out.min = l->min > UINT32_MAX ? UINT32_MAX : (uint32_t)l->min;
    out.max = l->has_max && l->max < UINT32_MAX ? (uint32_t)l->max : wasm_limits_max_default;
    return out;
}

kn_limits ka_limits_to(const wasm_limits_t *l)
{
    kn_limits out = {l->min, l->max, l->max != wasm_limits_max_default};
    return out;
}

wasm_globaltype_t *ka_globaltype_from(const kn_globaltype *t)
{
    wasm_valtype_t *c = wasm_valtype_new(ka_valkind(t->type));
    return c ? wasm_globaltype_new(c, t->mutable_ ? WASM_VAR : WASM_CONST) : NULL;
}

wasm_tabletype_t *ka_tabletype_from(const kn_tabletype *t)
{
    wasm_valtype_t *e = wasm_valtype_new(ka_valkind(t->elem));
    wasm_limits_t l = ka_limits_from(&t->limits);
    return e ? wasm_tabletype_new(e, &l) : NULL;
}

/* ---- extern types ---- */

KA_API wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

KA_API void wasm_externtype_delete(wasm_externtype_t *t)
{
    if (!t)
        return;
    switch (t->kind) {
    case WASM_EXTERN_FUNC: wasm_functype_delete((wasm_functype_t *)t); break;
    case WASM_EXTERN_GLOBAL: wasm_globaltype_delete((wasm_globaltype_t *)t); break;
    case WASM_EXTERN_TABLE: wasm_tabletype_delete((wasm_tabletype_t *)t); break;
    default: wasm_memorytype_delete((wasm_memorytype_t *)t); break;
    }
}

KA_API wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t)
{
    switch (t->kind) {
    case WASM_EXTERN_FUNC:
        return (wasm_externtype_t *)wasm_functype_copy((const wasm_functype_t *)t);
    case WASM_EXTERN_GLOBAL:
        return (wasm_externtype_t *)wasm_globaltype_copy((const wasm_globaltype_t *)t);
    case WASM_EXTERN_TABLE:
        return (wasm_externtype_t *)wasm_tabletype_copy((const wasm_tabletype_t *)t);
    default:
        return (wasm_externtype_t *)wasm_memorytype_copy((const wasm_memorytype_t *)t);
    }
}

#define EXTERNTYPE_CASTS(n, KIND) \
    KA_API wasm_externtype_t *wasm_##n##_as_externtype(wasm_##n##_t *t) \
    { \
        return t ? &t->ext : NULL; \
    } \
    KA_API const wasm_externtype_t *wasm_##n##_as_externtype_const(const wasm_##n##_t *t) \
    { \
        return t ? &t->ext : NULL; \
    } \
    KA_API wasm_##n##_t *wasm_externtype_as_##n(wasm_externtype_t *t) \
    { \
        return t && t->kind == KIND ? (wasm_##n##_t *)t : NULL; \
    } \
    KA_API const wasm_##n##_t *wasm_externtype_as_##n##_const(const wasm_externtype_t *t) \
    { \
        return t && t->kind == KIND ? (const wasm_##n##_t *)t : NULL; \
    }

EXTERNTYPE_CASTS(functype, WASM_EXTERN_FUNC)
EXTERNTYPE_CASTS(globaltype, WASM_EXTERN_GLOBAL)
EXTERNTYPE_CASTS(tabletype, WASM_EXTERN_TABLE)
EXTERNTYPE_CASTS(memorytype, WASM_EXTERN_MEMORY)

/* The type of entry `index` of a module's index space of `kind`. */
wasm_externtype_t *ka_externtype_from(const kn_module *m, kn_externkind kind, uint32_t index)
{
    switch (kind) {
    case KN_EXTERN_FUNC:
        return (wasm_externtype_t *)ka_functype_from(&m->types[m->funcs[index].type]);
    case KN_EXTERN_TABLE:
        return (wasm_externtype_t *)ka_tabletype_from(&m->tables[index]);
    case KN_EXTERN_MEMORY: {
        wasm_limits_t l = ka_limits_from(&m->memories[index].limits);
        return (wasm_externtype_t *)wasm_memorytype_new(&l);
    }
    case KN_EXTERN_GLOBAL:
        return (wasm_externtype_t *)ka_globaltype_from(&m->globals[index].type);
    }
    return NULL;
}

/* ---- import and export types ---- */

KA_API wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name,
                                              wasm_externtype_t *type)
{
    wasm_importtype_t *t = malloc(sizeof *t);
    if (!t) {
        wasm_name_delete(module);
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    t->module = *module;
    t->name = *name;
    t->type = type;
    return t;
}

KA_API void wasm_importtype_delete(wasm_importtype_t *t)
{
    if (!t)
        return;
    wasm_name_delete(&t->module);
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    free(t);
}

KA_API wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t)
{
    wasm_name_t module, name;
    wasm_name_copy(&module, &t->module);
    wasm_name_copy(&name, &t->name);
    wasm_externtype_t *type = wasm_externtype_copy(t->type);
    if (module.size != t->module.size || name.size != t->name.size || !type) {
        wasm_name_delete(&module);
        wasm_name_delete(&name);
        wasm_externtype_delete(type);
        return NULL;
    }
    return wasm_importtype_new(&module, &name, type);
}

KA_API const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
KA_API const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }

KA_API const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t)
{
    return t->type;
}

KA_API wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type)
{
    wasm_exporttype_t *t = malloc(sizeof *t);
    if (!t) {
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    t->name = *name;
    t->type = type;
    return t;
}

KA_API void wasm_exporttype_delete(wasm_exporttype_t *t)
{
    if (!t)
        return;
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    free(t);
}

KA_API wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t)
{
    wasm_name_t name;
    wasm_name_copy(&name, &t->name);
    wasm_externtype_t *type = wasm_externtype_copy(t->type);
    if (name.size != t->name.size || !type) {
        wasm_name_delete(&name);
        wasm_externtype_delete(type);
        return NULL;
    }
    return wasm_exporttype_new(&name, type);
}

KA_API const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }

KA_API const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t)
{
    return t->type;
}
