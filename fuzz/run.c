/*
 * run.c -- libFuzzer target: instantiate a module and call every exported
 * function.
 *
 * A module that decodes and validates is instantiated against stand-in
 * imports (functions that return zeros; tables, memories and globals made
 * to the import's type), then each exported function is called once with
 * zero arguments of its parameter types. Fuel ends every loop, small store
 * limits keep each input cheap. Property: whatever the module does, each
 * call returns normally or with a trap code and the process stays healthy:
 * no crash, leak, undefined behaviour or hang.
 */
#include <stdlib.h>
#include <string.h>

#include "binary/decode.h"
#include "interp/interp.h"
#include "runtime/runtime.h"
#include "valid/validate.h"
#include "stand_in.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Fuel is charged per instruction, not per byte of a bulk operation, so a
 * loop of memory.fill does up to MAX_PAGES * 64 KiB of work per unit: the
 * two are kept small together to keep every input fast. */
enum {
    FUEL = 10000,           /* per call: about as many instructions */
    MAX_PAGES = 16,         /* 1 MiB per memory */
    MAX_TABLE = 100000,
    MAX_DEPTH = 500,
    MAX_VALUES = 2 * 1000 + 2   /* KN_MAX_PARAMS + KN_MAX_RESULTS, and room */
};

/* The stand-in for every imported function: results are zeros. */
static kn_trap_code zeros(kn_store *s, void *env, const kn_value *args,
                          kn_value *results)
{
    const kn_functype *type = env;
    (void)s, (void)args;
    memset(results, 0, type->nresults * sizeof *results);
    return KN_TRAP_NONE;
}

static bool make_import(kn_store *s, const kn_module *m, const kn_import *imp,
                        kn_extern *out)
{
    if (imp->kind != KN_EXTERN_FUNC)
        return stand_in_data(s, imp, out);
    const kn_functype *type = &m->types[imp->desc.func];
    out->kind = KN_EXTERN_FUNC;
    out->of.func = kn_func_new_host(s, type, zeros, (void *)type);
    return out->of.func != NULL;
}

static void call_exports(kn_store *s, const kn_instance *inst)
{
    kn_value *vals = calloc(MAX_VALUES, sizeof *vals);
    if (!vals)
        return;
    const kn_module *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        kn_extern ex;
        const kn_export *e = &m->exports[i];
        if (e->kind != KN_EXTERN_FUNC ||
            !kn_instance_export(inst, e->name.data, e->name.len, &ex))
            continue;
        const kn_functype *type = ex.of.func->type;
        if (type->nparams + type->nresults > MAX_VALUES)
            continue;
        memset(vals, 0, (type->nparams + type->nresults) * sizeof *vals);
        s->fuel = FUEL;
        kn_call(s, ex.of.func, vals, vals + type->nparams);
    }
    free(vals);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kn_error err;
    kn_error_clear(&err);
    kn_module *m = kn_decode(data, size, &err);
    if (!m)
        return 0;
    kn_engine *e = NULL;
    kn_store *s = NULL;
    kn_extern *imports = NULL;
    if (!kn_validate(m, &err))
        goto done;
    e = kn_engine_new(&kn_interp_tier);
    s = e ? kn_store_new(e) : NULL;
    imports = calloc(m->nimports + 1, sizeof *imports);
    if (!s || !imports)
        goto done;
    s->limits.max_call_depth = MAX_DEPTH;
    s->limits.max_memory_pages = MAX_PAGES;
    s->limits.max_table_elems = MAX_TABLE;
    s->fuel_enabled = true;
    s->fuel = FUEL;   /* for the start function */
    for (uint32_t i = 0; i < m->nimports; i++)
        if (!make_import(s, m, &m->imports[i], &imports[i]))
            goto done;
    kn_instance *inst = kn_instantiate(s, m, imports, &err);
    if (inst)
        call_exports(s, inst);
done:
    free(imports);
    kn_store_delete(s);
    kn_engine_delete(e);
    kn_module_delete(m);
    return 0;
}
