/*
 * validate.c -- validation of a module's structure (spec 3.4): types of
 * imports and definitions, limits, constant expressions, segments, exports
 * and the start function. Function bodies are checked by code.c.
 *
 * Each index space of kn_module already holds its imports first, so the
 * rules for imports and for definitions are applied in one pass over each
 * space. Every check is a bounds test or a constant-time lookup, so the
 * whole is linear in the size of the module.
 */
#include "validate.h"

#include <stdlib.h>
#include <string.h>

#include "../base/hash.h"
#include "../binary/reader.h"
#include "internal.h"

/* An error at a byte offset, and one where kn_module keeps no offset
 * (imports, exports, limits, the start function). */
#define INVALID_AT(c, off, ...) \
    kn_error_at_offset((c)->err, KN_ERR_INVALID, (off), __VA_ARGS__)
#define INVALID(c, ...) kn_error_set((c)->err, KN_ERR_INVALID, __VA_ARGS__)

/* Spec 3.2.1: min <= max, both within `range`. The message wording for the
 * range is the caller's, since tables and memories word it differently. */
static bool check_limits(const kn_vctx *c, const kn_limits *l, uint64_t range,
                         const char *range_msg)
{
    if (l->min > range || (l->has_max && l->max > range))
        return INVALID(c, "%s", range_msg);
    if (l->has_max && l->min > l->max)
        return INVALID(c, "size minimum must not be greater than maximum");
    return true;
}

static void declare(uint8_t *refs, uint32_t func)
{
    refs[func >> 3] |= (uint8_t)(1u << (func & 7));
}

/*
 * A constant expression (spec 3.3.10) of result type `want`. In 2.0 the
 * constant instructions are t.const, ref.null, ref.func and global.get of
 * an imported immutable global (the context C' of spec 3.4 holds only the
 * imported globals). None of them pops, so the stack is summarised by its
 * height and its top. Every function named by ref.func joins C.refs.
 */
static bool const_expr(const kn_vctx *c, uint8_t *refs, kn_expr e,
                       kn_valtype want)
{
    const kn_module *m = c->m;
    kn_reader r;
    kn_instr in;
    size_t height = 0;
    kn_valtype top = 0;

    kn_reader_init(&r, m->bytes, e.offset, (size_t)e.offset + e.len, c->err);
    for (;;) {
        if (!kn_read_instr(&r, &in))
            return false;
        switch (in.op) {
        case KN_OP_I32_CONST: top = KN_I32; break;
        case KN_OP_I64_CONST: top = KN_I64; break;
        case KN_OP_F32_CONST: top = KN_F32; break;
        case KN_OP_F64_CONST: top = KN_F64; break;
        case KN_OP_V128_CONST: top = KN_V128; break;
        case KN_OP_REF_NULL: top = in.imm.type; break;
        case KN_OP_REF_FUNC:
            if (in.imm.index >= m->nfuncs)
                return INVALID_AT(c, in.offset, "unknown function %u", in.imm.index);
            declare(refs, in.imm.index);
            top = KN_FUNCREF;
            break;
        case KN_OP_GLOBAL_GET:
            if (in.imm.index >= m->nglobals_imported)
                return INVALID_AT(c, in.offset, "unknown global %u", in.imm.index);
            if (m->globals[in.imm.index].type.mutable_)
                return INVALID_AT(c, in.offset, "constant expression required");
            top = m->globals[in.imm.index].type.type;
            break;
        case KN_OP_END:
            if (height != 1 || top != want)
                return INVALID_AT(c, in.offset, "type mismatch: constant "
                                  "expression must produce one %s",
                                  kn_valtype_name(want));
            return true;
        default:
            return INVALID_AT(c, in.offset, "constant expression required");
        }
        height++;
    }
}

/* Spec 3.4.10: export names are unique. An open-addressing hash set of
 * export indices, sized to twice the exports, keeps the check linear
 * (the hash keyed: base/hash.h). */

static bool check_export_names(const kn_vctx *c)
{
    const kn_module *m = c->m;
    size_t cap = 16;
    uint32_t *slots;            /* export index + 1; 0 is empty */

    while (cap < (size_t)m->nexports * 2)
        cap *= 2;
    slots = calloc(cap, sizeof *slots);
    if (!slots)
        return kn_error_set(c->err, KN_ERR_LIMIT, "out of memory");
    for (uint32_t i = 0; i < m->nexports; i++) {
        kn_name n = m->exports[i].name;
        size_t s = kn_hash(n.data, n.len) & (cap - 1);
        for (; slots[s]; s = (s + 1) & (cap - 1)) {
            kn_name o = m->exports[slots[s] - 1].name;
            if (o.len == n.len && memcmp(o.data, n.data, n.len) == 0) {
                free(slots);
                return INVALID(c, "duplicate export name \"%.*s\"",
                               (int)(n.len > 64 ? 64 : n.len), n.data);
            }
        }
        slots[s] = i + 1;
    }
    free(slots);
    return true;
}

/* Spec 3.4.8 (exports): the index exists in its space. Exported functions
 * join C.refs. */
static bool check_exports(const kn_vctx *c, uint8_t *refs)
{
    const kn_module *m = c->m;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const kn_export *x = &m->exports[i];
        switch (x->kind) {
        case KN_EXTERN_FUNC:
            if (x->index >= m->nfuncs)
                return INVALID(c, "unknown function %u", x->index);
            declare(refs, x->index);
            break;
        case KN_EXTERN_TABLE:
            if (x->index >= m->ntables)
                return INVALID(c, "unknown table %u", x->index);
            break;
        case KN_EXTERN_MEMORY:
            if (x->index >= m->nmemories)
                return INVALID(c, "unknown memory %u", x->index);
            break;
        case KN_EXTERN_GLOBAL:
            if (x->index >= m->nglobals)
                return INVALID(c, "unknown global %u", x->index);
            break;
        }
    }
    return check_export_names(c);
}

/* Spec 3.4.5 (element segments): the items have the segment's type; an
 * active segment names a table of that type and has an i32 offset. Items
 * join C.refs. */
static bool check_elems(const kn_vctx *c, uint8_t *refs)
{
    const kn_module *m = c->m;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const kn_elem *s = &m->elems[i];
        if (s->mode == KN_SEG_ACTIVE) {
            if (s->table >= m->ntables)
                return INVALID_AT(c, s->offset.offset, "unknown table %u", s->table);
            if (m->tables[s->table].elem != s->type)
                return INVALID_AT(c, s->offset.offset, "type mismatch: %s "
                                  "segment for a %s table",
                                  kn_valtype_name(s->type),
                                  kn_valtype_name(m->tables[s->table].elem));
            if (!const_expr(c, refs, s->offset, KN_I32))
                return false;
        }
        for (uint32_t j = 0; j < s->nitems; j++) {
            if (s->exprs) {
                if (!const_expr(c, refs, s->exprs[j], s->type))
                    return false;
                continue;
            }
            if (s->func_indices[j] >= m->nfuncs)
                return INVALID(c, "unknown function %u", s->func_indices[j]);
            declare(refs, s->func_indices[j]);
        }
    }
    return true;
}

/* Spec 3.4.6 (data segments): an active one names a memory and has an i32
 * offset. */
static bool check_datas(const kn_vctx *c, uint8_t *refs)
{
    const kn_module *m = c->m;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const kn_data *d = &m->datas[i];
        if (d->mode != KN_SEG_ACTIVE)
            continue;
        if (d->memory >= m->nmemories)
            return INVALID_AT(c, d->offset.offset, "unknown memory %u", d->memory);
        if (!const_expr(c, refs, d->offset, KN_I32))
            return false;
    }
    return true;
}

/* Everything but the function bodies and the export names, in the order of
 * the module's sections. */
static bool check_module(const kn_vctx *c, uint8_t *refs)
{
    const kn_module *m = c->m;

    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (m->funcs[i].type >= m->ntypes)
            return INVALID(c, "unknown type %u (function %u)", m->funcs[i].type, i);
    for (uint32_t i = 0; i < m->ntables; i++)
        if (!check_limits(c, &m->tables[i].limits, UINT32_MAX,
                          "table size must be at most 2^32-1"))
            return false;
    if (m->nmemories > 1)
        return INVALID(c, "multiple memories");
    for (uint32_t i = 0; i < m->nmemories; i++)
        if (!check_limits(c, &m->memories[i].limits, KN_MAX_PAGES,
                          "memory size must be at most 65536 pages (4GiB)"))
            return false;
    for (uint32_t i = m->nglobals_imported; i < m->nglobals; i++)
        if (!const_expr(c, refs, m->globals[i].init, m->globals[i].type.type))
            return false;
    if (!check_exports(c, refs))
        return false;
    if (m->has_start) {   /* spec 3.4.7 */
        const kn_functype *t;
        if (m->start >= m->nfuncs)
            return INVALID(c, "unknown function %u", m->start);
        t = &m->types[m->funcs[m->start].type];
        if (t->nparams || t->nresults)
            return INVALID(c, "start function must have type [] -> []");
    }
    return check_elems(c, refs) && check_datas(c, refs);
}

bool kn_validate(const kn_module *m, kn_error *err)
{
    kn_vctx c;
    uint8_t *refs = calloc((size_t)m->nfuncs / 8 + 1, 1);
    bool ok;

    if (!refs)
        return kn_error_set(err, KN_ERR_LIMIT, "out of memory");
    c.m = m;
    c.refs = refs;
    c.err = err;
    ok = check_module(&c, refs) && kn_valid_code(&c);
    free(refs);
    return ok;
}
