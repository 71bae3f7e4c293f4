/*
 * tiers.c -- libFuzzer target: the JIT against the interpreter.
 *
 * A module that decodes and validates is instantiated twice, in a store of
 * an engine of each tier (jit/jit.h: kn_jit_tier, interp/interp.h:
 * kn_interp_tier), against the same stand-in imports: functions that log a
 * hash of their arguments and return values derived from them, and
 * tables, memories and globals made to the import's type. Each exported
 * function is then called in both, in export order, with the same
 * arguments (boundary values and NaNs with payloads, chosen by the
 * function's index), under the same fuel and store limits.
 *
 * Property: the two tiers do the same, bit for bit. After instantiation
 * and after each call: the same outcome (results, including a NaN's bits;
 * or the trap: its code, message and backtrace), the same fuel left and
 * the same calls of the imports; and at the end the same memories, globals
 * and tables, imported or not. A difference is printed and aborts. When
 * this machine has no JIT (jit.h: kn_jit_available), every input passes.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binary/decode.h"
#include "exec/exec.h"
#include "interp/interp.h"
#include "jit/jit.h"
#include "runtime/runtime.h"
#include "valid/validate.h"
#include "stand_in.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* As in run.c: fuel ends every loop, small limits keep each input cheap. */
enum {
    FUEL = 10000,           /* per call: about as many instructions */
    MAX_PAGES = 16,         /* 1 MiB per memory */
    MAX_TABLE = 100000,
    MAX_DEPTH = 500,
    MAX_VALUES = KN_MAX_PARAMS + KN_MAX_RESULTS
};

enum { FNV_START = 2166136261u };

static uint32_t fnv1a(uint32_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 16777619u;
    return h;
}

/* One tier's side: its engine, store, instance, and what its imported
 * functions were called with. */
typedef struct side {
    kn_engine *engine;
    kn_store *store;
    kn_instance *inst;
    kn_extern *imports;
    uint32_t host_calls;
    uint32_t host_hash;     /* over every call: the import's index, its arguments */
} side;

/* The environment of a stand-in import function. */
typedef struct host_env {
    side *side;
    const kn_functype *type;
    uint32_t index;         /* of the import */
} host_env;

/* A value's bits as the slot holds them, by type. */
static uint64_t value_bits(kn_valtype t, const kn_value *v)
{
    switch (t) {
    case KN_I32: case KN_F32: return v->i32;
    case KN_I64: case KN_F64: return v->i64;
    case KN_V128: {
        uint64_t lo, hi;
        memcpy(&lo, v->v128, 8);
        memcpy(&hi, v->v128 + 8, 8);
        return lo ^ (hi * 0x9e3779b97f4a7c15u);
    }
    default: return v->ref != NULL;   /* references: whether null */
    }
}

/* The stand-in for every imported function: notes the call and returns
 * values of its result types made from a hash of the arguments (null
 * references), so both tiers see the same. */
static kn_trap_code stand_in(kn_store *s, void *env, const kn_value *args,
                             kn_value *results)
{
    host_env *h = env;
    (void)s;
    uint32_t hash = fnv1a(FNV_START, &h->index, sizeof h->index);
    for (uint32_t i = 0; i < h->type->nparams; i++) {
        uint64_t bits = value_bits(h->type->params[i], &args[i]);
        hash = fnv1a(hash, &bits, sizeof bits);
    }
    h->side->host_calls++;
    h->side->host_hash = fnv1a(h->side->host_hash, &hash, sizeof hash);
    for (uint32_t i = 0; i < h->type->nresults; i++) {
        memset(&results[i], 0, sizeof results[i]);
        uint64_t bits = (uint64_t)hash * 0x9e3779b97f4a7c15u + i;
        switch (h->type->results[i]) {
        case KN_I32: case KN_F32: results[i].i32 = (uint32_t)bits; break;
        case KN_I64: case KN_F64: results[i].i64 = bits; break;
        case KN_V128:
            memcpy(results[i].v128, &bits, 8);
            memcpy(results[i].v128 + 8, &bits, 8);
            break;
        default: break;
        }
    }
    return KN_TRAP_NONE;
}

static bool make_import(side *sd, const kn_module *m, uint32_t index, host_env *envs,
                        kn_extern *out)
{
    const kn_import *imp = &m->imports[index];
    if (imp->kind != KN_EXTERN_FUNC)
        return stand_in_data(sd->store, imp, out);
    envs[index] = (host_env){sd, &m->types[imp->desc.func], index};
    out->kind = KN_EXTERN_FUNC;
    out->of.func = kn_func_new_host(sd->store, envs[index].type, stand_in, &envs[index]);
    return out->of.func != NULL;
}

/* ---- what is compared ---- */

/* Where the comparison is, for the message of a difference. */
static char where[64];

static _Noreturn void differ(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static _Noreturn void differ(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "tiers: jit and interp differ %s: ", where);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

/* What a function reference is, as a number: the index of a function of
 * the instance `inst` (the same index in both sides' instances), or one
 * of these. */
enum { REF_NULL = 0xffffffff, REF_OTHER = 0xfffffffe };

static uint32_t func_id(const kn_instance *inst, const kn_funcinst *f)
{
    if (!f)
        return REF_NULL;
    for (uint32_t i = 0; i < inst->module->nfuncs; i++)
        if (inst->funcs[i] == f)
            return i;
    return REF_OTHER;
}

static uint32_t ref_id(const side *sd, kn_valtype t, const void *ref)
{
    if (!ref)
        return REF_NULL;
    return t == KN_FUNCREF ? func_id(sd->inst, ref) : REF_OTHER;
}

static void compare_values(const side *a, const side *b, uint32_t n, const kn_valtype *types,
                           const kn_value *va, const kn_value *vb)
{
    for (uint32_t i = 0; i < n; i++) {
        kn_valtype t = types[i];
        bool same;
        if (t == KN_V128)
            same = memcmp(va[i].v128, vb[i].v128, 16) == 0;
        else if (t == KN_FUNCREF || t == KN_EXTERNREF)
            same = ref_id(a, t, va[i].ref) == ref_id(b, t, vb[i].ref);
        else
            same = value_bits(t, &va[i]) == value_bits(t, &vb[i]);
        if (!same)
            differ("value %" PRIu32 " (%s): %016" PRIx64 " and %016" PRIx64, i,
                   kn_valtype_name(t), value_bits(t, &va[i]), value_bits(t, &vb[i]));
    }
}

static void compare_traps(const side *a, const side *b, kn_trap_code ta, kn_trap_code tb)
{
    if (ta != tb)
        differ("trap %d (%s) and %d (%s)", (int)ta, kn_trap_message(a->store, ta), (int)tb,
               kn_trap_message(b->store, tb));
    if (ta == KN_TRAP_NONE)
        return;
    const kn_trap_info *ia = &a->store->trap, *ib = &b->store->trap;
    if (strcmp(kn_trap_message(a->store, ta), kn_trap_message(b->store, tb)) != 0)
        differ("trap message \"%s\" and \"%s\"", kn_trap_message(a->store, ta),
               kn_trap_message(b->store, tb));
    if (ia->nframes != ib->nframes)
        differ("backtrace of %" PRIu32 " and %" PRIu32 " frames", ia->nframes, ib->nframes);
    for (uint32_t i = 0; i < ia->nframes; i++)
        if (func_id(a->inst, ia->frames[i]) != func_id(b->inst, ib->frames[i]))
            differ("backtrace frame %" PRIu32 ": function %" PRIu32 " and %" PRIu32, i,
                   func_id(a->inst, ia->frames[i]), func_id(b->inst, ib->frames[i]));
}

static void compare_effects(const side *a, const side *b)
{
    if (a->store->fuel != b->store->fuel)
        differ("fuel left %" PRIu64 " and %" PRIu64, a->store->fuel, b->store->fuel);
    if (a->host_calls != b->host_calls || a->host_hash != b->host_hash)
        differ("imports called %" PRIu32 " times (hash %08" PRIx32 ") and %" PRIu32
               " (%08" PRIx32 ")", a->host_calls, a->host_hash, b->host_calls, b->host_hash);
}

/* Every memory, global and table of the two instances. */
static void compare_state(const side *a, const side *b)
{
    const kn_module *m = a->inst->module;
    for (uint32_t i = 0; i < m->nmemories; i++) {
        const kn_meminst *ma = a->inst->memories[i], *mb = b->inst->memories[i];
        if (ma->pages != mb->pages)
            differ("memory %" PRIu32 ": %" PRIu32 " and %" PRIu32 " pages", i, ma->pages,
                   mb->pages);
        if (memcmp(ma->data, mb->data, ma->size) == 0)
            continue;
        uint64_t at = 0;
        while (ma->data[at] == mb->data[at])
            at++;
        differ("memory %" PRIu32 " at %" PRIu64 ": %02x and %02x", i, at, ma->data[at],
               mb->data[at]);
    }
    for (uint32_t i = 0; i < m->nglobals; i++) {
        const kn_globalinst *ga = a->inst->globals[i], *gb = b->inst->globals[i];
        snprintf(where, sizeof where, "in global %" PRIu32, i);
        compare_values(a, b, 1, &ga->type.type, &ga->value, &gb->value);
    }
    for (uint32_t i = 0; i < m->ntables; i++) {
        const kn_tableinst *ta = a->inst->tables[i], *tb = b->inst->tables[i];
        if (ta->size != tb->size)
            differ("table %" PRIu32 ": %" PRIu32 " and %" PRIu32 " elements", i, ta->size,
                   tb->size);
        for (uint32_t e = 0; e < ta->size; e++)
            if (ref_id(a, ta->type.elem, ta->elems[e]) != ref_id(b, tb->type.elem, tb->elems[e]))
                differ("table %" PRIu32 " element %" PRIu32, i, e);
    }
}

/* ---- running ---- */

/* An argument of type t for parameter i of export `idx`: boundary values
 * and NaNs (quiet, signalling, with payloads and signs), the same in both
 * tiers, which must keep every bit of them. Parameters next to each other
 * take values next to each other in the tables, so that some exports (idx
 * 2 and 5 modulo 10) get two different NaNs in a row: which NaN an
 * operation on two of them gives is where the tiers once differed
 * (tests/interp/nan_payloads.wast). */
static void make_arg(kn_valtype t, uint32_t idx, uint32_t i, kn_value *v)
{
    static const uint64_t bits32[] = {0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 0x7fc00000,
                                      0xffa00001, 0x7f800001, 0x3f800000, 0x4f000000};
    static const uint64_t bits64[] = {0, 1, 0xffffffffffffffff, 0x8000000000000000,
                                      0x7fffffffffffffff, 0x7ff8000000000000,
                                      0xfff4000000000001, 0x7ff0000000000001,
                                      0x3ff0000000000000, 0x43e0000000000000};
    uint32_t pick = (idx * 3 + i) % 10;
    memset(v, 0, sizeof *v);
    switch (t) {
    case KN_I32: case KN_F32: v->i32 = (uint32_t)bits32[pick]; break;
    case KN_I64: case KN_F64: v->i64 = bits64[pick]; break;
    case KN_V128:
        memcpy(v->v128, &bits64[pick], 8);
        memcpy(v->v128 + 8, &bits64[(pick + 1) % 10], 8);
        break;
    default: break;   /* references: null */
    }
}

static bool side_new(side *sd, const kn_tier *tier, const kn_module *m, host_env *envs)
{
    sd->host_hash = FNV_START;
    sd->engine = kn_engine_new(tier);
    sd->store = sd->engine ? kn_store_new(sd->engine) : NULL;
    sd->imports = calloc(m->nimports + 1, sizeof *sd->imports);
    if (!sd->store || !sd->imports)
        return false;
    kn_store *s = sd->store;
    s->limits.max_call_depth = MAX_DEPTH;
    s->limits.max_memory_pages = MAX_PAGES;
    s->limits.max_table_elems = MAX_TABLE;
    s->fuel_enabled = true;
    s->fuel = FUEL;   /* for the start function */
    for (uint32_t i = 0; i < m->nimports; i++)
        if (!make_import(sd, m, i, envs, &sd->imports[i]))
            return false;
    return true;
}

static void side_free(side *sd)
{
    free(sd->imports);
    kn_store_delete(sd->store);
    kn_engine_delete(sd->engine);
}

/* Instantiates the module on both sides; false when neither got an
 * instance (alike: both failed the same way). */
static bool instantiate(side *a, side *b, const kn_module *m)
{
    kn_error ea, eb;
    kn_error_clear(&ea);
    kn_error_clear(&eb);
    a->inst = kn_instantiate(a->store, m, a->imports, &ea);
    b->inst = kn_instantiate(b->store, m, b->imports, &eb);
    snprintf(where, sizeof where, "instantiating");
    if (!a->inst != !b->inst || ea.kind != eb.kind || strcmp(ea.message, eb.message) != 0)
        differ("\"%s\" and \"%s\"", a->inst ? "ok" : ea.message, b->inst ? "ok" : eb.message);
    compare_effects(a, b);
    return a->inst != NULL;
}

static void call_exports(side *a, side *b)
{
    kn_value *va = calloc(MAX_VALUES, sizeof *va), *vb = calloc(MAX_VALUES, sizeof *vb);
    const kn_module *m = a->inst->module;
    for (uint32_t i = 0; va && vb && i < m->nexports; i++) {
        const kn_export *e = &m->exports[i];
        kn_extern xa, xb;
        if (e->kind != KN_EXTERN_FUNC ||
            !kn_instance_export(a->inst, e->name.data, e->name.len, &xa) ||
            !kn_instance_export(b->inst, e->name.data, e->name.len, &xb))
            continue;
        const kn_functype *type = xa.of.func->type;
        if (type->nparams + type->nresults > MAX_VALUES)
            continue;
        for (uint32_t p = 0; p < type->nparams; p++) {
            make_arg(type->params[p], i, p, &va[p]);
            vb[p] = va[p];
        }
        a->store->fuel = b->store->fuel = FUEL;
        kn_trap_code ta = kn_call(a->store, xa.of.func, va, va + type->nparams);
        kn_trap_code tb = kn_call(b->store, xb.of.func, vb, vb + type->nparams);
        snprintf(where, sizeof where, "in a call of export %" PRIu32, i);
        compare_traps(a, b, ta, tb);
        if (ta == KN_TRAP_NONE)
            compare_values(a, b, type->nresults, type->results, va + type->nparams,
                           vb + type->nparams);
        compare_effects(a, b);
    }
    free(va);
    free(vb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!kn_jit_available())
        return 0;
    kn_error err;
    kn_error_clear(&err);
    kn_module *m = kn_decode(data, size, &err);
    if (!m)
        return 0;
    side jit = {0}, interp = {0};
    host_env *envs = NULL;
    if (!kn_validate(m, &err))
        goto done;
    envs = calloc(2 * (size_t)m->nimports + 1, sizeof *envs);
    if (!envs || !side_new(&jit, &kn_jit_tier, m, envs) ||
        !side_new(&interp, &kn_interp_tier, m, envs + m->nimports))
        goto done;
    if (instantiate(&jit, &interp, m))
        call_exports(&jit, &interp);
    if (jit.inst && interp.inst) {
        snprintf(where, sizeof where, "at the end");
        compare_state(&jit, &interp);
    }
done:
    side_free(&jit);
    side_free(&interp);
    free(envs);
    kn_module_delete(m);
    return 0;
}
