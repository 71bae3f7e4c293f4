/*
 * instance.c -- instantiation (spec 4.5.4) and exports.
 *
 * Instantiation follows the 2.0 order: match imports against the module's
 * import types, allocate functions, tables, memories and globals (global
 * initialisers see the imported globals and every function), evaluate the
 * element segments' items, apply the active element segments and then the
 * active data segments in order (each as table.init / memory.init, then
 * dropped), drop declarative segments. The start function is run by
 * kn_instantiate (exec/), which calls this.
 *
 * The module must have passed kn_validate: constant expressions are then
 * well typed and their indices in range, so evaluation needs no checks.
 * Everything is allocated in the store, which keeps it when a later step
 * traps: writes made to imported tables and memories before the trap stay,
 * and references they received to this instance's functions remain valid.
 */
#include <string.h>

#include "../binary/reader.h"
#include "internal.h"

/* ---- import matching (spec 4.5.2) ---- */

/* Limits {min n1, max m1?} match {min n2, max m2?} when n1 >= n2 and, if m2
 * exists, m1 exists and m1 <= m2 (spec 4.5.2.1). `actual_min` is the
 * object's current size, not the minimum it was created with. */
static bool limits_match(uint64_t actual_min, const kn_limits *actual,
                         const kn_limits *wanted)
{
    if (actual_min < wanted->min)
        return false;
    return !wanted->has_max || (actual->has_max && actual->max <= wanted->max);
}

static bool import_matches(kn_store *s, const kn_module *m, const kn_import *imp,
                           const kn_extern *ex)
{
    if (ex->kind != imp->kind)
        return false;
    switch (imp->kind) {
    case KN_EXTERN_FUNC:
        return ex->of.func &&
               ex->of.func->type_id == kn_engine_type_id(s->engine, &m->types[imp->desc.func]);
    case KN_EXTERN_TABLE: {
        const kn_tableinst *t = ex->of.table;
        return t && t->type.elem == imp->desc.table.elem &&
               limits_match(t->size, &t->type.limits, &imp->desc.table.limits);
    }
    case KN_EXTERN_MEMORY: {
        const kn_meminst *mem = ex->of.memory;
        return mem && limits_match(mem->pages, &mem->type.limits,
                                   &imp->desc.memory.limits);
    }
    case KN_EXTERN_GLOBAL: {
        const kn_globalinst *g = ex->of.global;
        return g && g->type.type == imp->desc.global.type &&
               g->type.mutable_ == imp->desc.global.mutable_;
    }
    }
    return false;
}

/* ---- constant expressions (spec 4.4.9 evaluation of 3.3.10) ---- */

static kn_value eval_const(const kn_instance *inst, kn_expr e)
{
    const kn_module *m = inst->module;
    kn_reader r;
    kn_instr in;
    kn_value v;
    memset(&v, 0, sizeof v);
    kn_reader_init(&r, m->bytes, e.offset, (size_t)e.offset + e.len, NULL);
    while (kn_read_instr(&r, &in)) {
        switch (in.op) {
        case KN_OP_I32_CONST: v.i32 = in.imm.i32; break;
        case KN_OP_I64_CONST: v.i64 = in.imm.i64; break;
        case KN_OP_F32_CONST: v.f32 = in.imm.f32; break;
        case KN_OP_F64_CONST: v.f64 = in.imm.f64; break;
        case KN_OP_V128_CONST: memcpy(v.v128, in.imm.bytes, 16); break;
        case KN_OP_REF_NULL: v.ref = NULL; break;
        case KN_OP_REF_FUNC: v.ref = inst->funcs[in.imm.index]; break;
        case KN_OP_GLOBAL_GET: v = inst->globals[in.imm.index]->value; break;
        default: return v;   /* `end`: validation admits nothing else */
        }
    }
    return v;
}

/* ---- allocation (spec 4.5.3) ---- */

static bool alloc_failed(kn_error *err, const char *what)
{
    return kn_error_set(err, KN_ERR_LIMIT, "cannot allocate %s: out of memory", what);
}

static bool alloc_funcs(kn_store *s, kn_instance *inst)
{
    const kn_module *m = inst->module;
    uint32_t ndefined = m->nfuncs - m->nfuncs_imported;
    kn_funcinst *defined = kn_store_alloc(s, ndefined, sizeof *defined);
    if (!defined)
        return false;
    for (uint32_t i = 0; i < ndefined; i++) {
        kn_funcinst *f = &defined[i];
        uint32_t index = m->nfuncs_imported + i;
        f->type = &m->types[m->funcs[index].type];
        f->type_id = inst->type_ids[m->funcs[index].type];
        f->instance = inst;
        f->index = index;
        inst->funcs[index] = f;
    }
    return true;
}

/* Imports take the first slots of their index spaces, in import order. */
static void bind_imports(kn_instance *inst, const kn_extern *imports)
{
    const kn_module *m = inst->module;
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        switch (m->imports[i].kind) {
        case KN_EXTERN_FUNC: inst->funcs[nf++] = imports[i].of.func; break;
        case KN_EXTERN_TABLE: inst->tables[nt++] = imports[i].of.table; break;
        case KN_EXTERN_MEMORY: inst->memories[nm++] = imports[i].of.memory; break;
        case KN_EXTERN_GLOBAL: inst->globals[ng++] = imports[i].of.global; break;
        }
    }
}

/* Table or memory `index` (`what`) has a minimum of more `units` than the
 * store's limit leaves for all its `whats`. */
static bool over_limit(kn_error *err, const char *what, const char *whats, uint32_t index,
                       uint64_t min, const char *units, uint64_t room, uint32_t limit)
{
    return kn_error_set(err, KN_ERR_LIMIT,
                        "cannot allocate a %s: %s %u needs %llu %s, more than the store's "
                        "limit leaves (%llu of %u for all its %s)",
                        what, what, index, (unsigned long long)min, units,
                        (unsigned long long)room, limit, whats);
}

static bool alloc_objects(kn_store *s, kn_instance *inst, kn_error *err)
{
    const kn_module *m = inst->module;
    for (uint32_t i = m->ntables_imported; i < m->ntables; i++) {
        uint64_t min = m->tables[i].limits.min, room = kn_store_table_room(s);
        if (min > room)
            return over_limit(err, "table", "tables", i, min, "elements", room,
                              s->limits.max_table_elems);
        if (!(inst->tables[i] = kn_table_new(s, &m->tables[i], NULL)))
            return alloc_failed(err, "a table");
    }
    for (uint32_t i = m->nmemories_imported; i < m->nmemories; i++) {
        uint64_t min = m->memories[i].limits.min, room = kn_store_memory_room(s);
        if (min > room)
            return over_limit(err, "memory", "memories", i, min, "pages", room,
                              s->limits.max_memory_pages);
        if (!(inst->memories[i] = kn_memory_new(s, &m->memories[i])))
            return alloc_failed(err, "a memory");
    }
    uint32_t ndefined = m->nglobals - m->nglobals_imported;
    kn_globalinst *globals = kn_store_alloc(s, ndefined, sizeof *globals);
    if (!globals)
        return alloc_failed(err, "globals");
    for (uint32_t i = 0; i < ndefined; i++) {
        const kn_global *g = &m->globals[m->nglobals_imported + i];
        globals[i].type = g->type;
        globals[i].value = eval_const(inst, g->init);
        inst->globals[m->nglobals_imported + i] = &globals[i];
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        const kn_elem *seg = &m->elems[i];
        void **refs = kn_store_alloc(s, seg->nitems, sizeof *refs);
        if (!refs)
            return alloc_failed(err, "an element segment");
        for (uint32_t j = 0; j < seg->nitems; j++)
            refs[j] = seg->func_indices ? (void *)inst->funcs[seg->func_indices[j]]
                                        : eval_const(inst, seg->exprs[j]).ref;
        inst->elems[i] = (kn_elemseg){seg->nitems, refs};
    }
    return true;
}

/* ---- segment initialisation ---- */

static bool trap(kn_store *s, kn_trap_code code, kn_error *err)
{
    kn_trap_to_error(s, kn_trap_set(s, code, 0), err);
    return false;
}

/* Active element segments as `table.init i` then `elem.drop i`; declarative
 * ones are just dropped (spec 4.5.4 steps 14-15). As with table.init, a
 * segment that does not fit traps before writing anything. */
static bool init_tables(kn_store *s, kn_instance *inst, kn_error *err)
{
    const kn_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const kn_elem *seg = &m->elems[i];
        if (seg->mode == KN_SEG_PASSIVE)
            continue;
        if (seg->mode == KN_SEG_ACTIVE) {
            kn_tableinst *t = inst->tables[seg->table];
            uint32_t offset = eval_const(inst, seg->offset).i32;
            if ((uint64_t)offset + seg->nitems > t->size)
                return trap(s, KN_TRAP_OOB_TABLE, err);
            if (seg->nitems)
                memcpy(t->elems + offset, inst->elems[i].refs,
                       seg->nitems * sizeof(void *));
        }
        inst->elems[i].len = 0;
    }
    return true;
}

/* Active data segments as `memory.init i` then `data.drop i` (step 16). */
static bool init_memories(kn_store *s, kn_instance *inst, kn_error *err)
{
    const kn_module *m = inst->module;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const kn_data *seg = &m->datas[i];
        if (seg->mode != KN_SEG_ACTIVE)
            continue;
        kn_meminst *mem = inst->memories[seg->memory];
        uint32_t offset = eval_const(inst, seg->offset).i32;
        if ((uint64_t)offset + seg->data_len > mem->size)
            return trap(s, KN_TRAP_OOB_MEMORY, err);
        if (seg->data_len)
            memcpy(mem->data + offset, m->bytes + seg->data_offset, seg->data_len);
        inst->data_dropped[i] = true;
    }
    return true;
}

/* ---- instantiation ---- */

static kn_instance *alloc_instance(kn_store *s, const kn_module *m)
{
    kn_instance *inst = kn_store_alloc(s, 1, sizeof *inst);
    if (!inst)
        return NULL;
    inst->module = m;
    inst->store = s;
    inst->funcs = kn_store_alloc(s, m->nfuncs, sizeof *inst->funcs);
    inst->tables = kn_store_alloc(s, m->ntables, sizeof *inst->tables);
    inst->memories = kn_store_alloc(s, m->nmemories, sizeof *inst->memories);
    inst->globals = kn_store_alloc(s, m->nglobals, sizeof *inst->globals);
    inst->type_ids = kn_store_alloc(s, m->ntypes, sizeof *inst->type_ids);
    inst->elems = kn_store_alloc(s, m->nelems, sizeof *inst->elems);
    inst->data_dropped = kn_store_alloc(s, m->ndatas, sizeof *inst->data_dropped);
    if (!inst->funcs || !inst->tables || !inst->memories || !inst->globals ||
        !inst->type_ids || !inst->elems || !inst->data_dropped)
        return NULL;
    for (uint32_t i = 0; i < m->ntypes; i++)
        if ((inst->type_ids[i] = kn_engine_type_id(s->engine, &m->types[i])) == UINT32_MAX)
            return NULL;
    return inst;
}

kn_instance *kn_instance_new(kn_store *s, const kn_module *m,
                             const kn_extern *imports, kn_error *err)
{
    for (uint32_t i = 0; i < m->nimports; i++) {
        if (!import_matches(s, m, &m->imports[i], &imports[i])) {
            kn_error_set(err, KN_ERR_LINK, "incompatible import type for \"%s\" \"%s\"",
                         m->imports[i].module.data, m->imports[i].name.data);
            return NULL;
        }
    }
    kn_instance *inst = alloc_instance(s, m);
    if (!inst || !alloc_funcs(s, inst)) {
        alloc_failed(err, "an instance");
        return NULL;
    }
    bind_imports(inst, imports);
    if (!alloc_objects(s, inst, err) || !init_tables(s, inst, err) ||
        !init_memories(s, inst, err))
        return NULL;
    return inst;
}

bool kn_instance_export(const kn_instance *inst, const char *name, size_t len,
                        kn_extern *out)
{
    const kn_module *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const kn_export *ex = &m->exports[i];
        if (ex->name.len != len || (len && memcmp(ex->name.data, name, len) != 0))
            continue;
        out->kind = ex->kind;
        switch (ex->kind) {
        case KN_EXTERN_FUNC: out->of.func = inst->funcs[ex->index]; break;
        case KN_EXTERN_TABLE: out->of.table = inst->tables[ex->index]; break;
        case KN_EXTERN_MEMORY: out->of.memory = inst->memories[ex->index]; break;
        case KN_EXTERN_GLOBAL: out->of.global = inst->globals[ex->index]; break;
        }
        return true;
    }
    return false;
}
