/*
 * decode.c -- the binary format (spec 5): bytes to kn_module.
 *
 * The module is read as one stream, as the spec's reference interpreter
 * reads it: a section's or a function body's declared size is compared
 * with what its contents took once they are read ("section size
 * mismatch"), and reads are bounded by the end of the module, not by the
 * declared size. That is what gives a truncated or overlong section the
 * error the test suite expects: "length out of bounds" for a count or size
 * that runs past the module, "unexpected end" when the bytes run out, "END
 * opcode expected" when a body's last instruction is not `end`.
 *
 * Memory stays proportional to the input: every count is checked against
 * the bytes left before anything is allocated for it (kn_read_len), and
 * every entry takes at least one byte. The one expansion, of run-length
 * encoded locals, is capped per function and per module.
 */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "names.h"
#include "reader.h"

/* Section ids (spec 5.5.2) and the rank each must appear in: the data
 * count section (12) comes between the element (9) and code (10)
 * sections. Custom sections (0) may appear anywhere. */
enum { SEC_CUSTOM, SEC_TYPE, SEC_IMPORT, SEC_FUNC, SEC_TABLE, SEC_MEMORY,
       SEC_GLOBAL, SEC_EXPORT, SEC_START, SEC_ELEM, SEC_CODE, SEC_DATA,
       SEC_DATACOUNT, SEC_COUNT };

static const uint8_t section_rank[SEC_COUNT] = {
    [SEC_TYPE] = 1, [SEC_IMPORT] = 2, [SEC_FUNC] = 3, [SEC_TABLE] = 4,
    [SEC_MEMORY] = 5, [SEC_GLOBAL] = 6, [SEC_EXPORT] = 7, [SEC_START] = 8,
    [SEC_ELEM] = 9, [SEC_DATACOUNT] = 10, [SEC_CODE] = 11, [SEC_DATA] = 12
};

/* What scan_expr keeps per open block. */
enum { OPEN_BLOCK, OPEN_IF };

typedef struct decoder {
    kn_reader r;              /* the whole module */
    kn_module *m;
    kn_error *err;
    kn_buf open;              /* scan_expr's stack of open blocks */
    kn_buf customs;           /* kn_custom records, moved to the arena last */
    bool space_ready[4];      /* index space of a kn_externkind allocated */
    uint32_t nfunc_decls;     /* entries of the function section */
    uint32_t ncodes;          /* entries of the code section */
    bool needs_datacount;     /* a body uses memory.init or data.drop */
    uint64_t module_locals;   /* declared locals of all bodies so far */
} decoder;

static const char EOF_MESSAGE[] = "unexpected end of section or function";

static size_t here(const decoder *d)
{
    return kn_reader_offset(&d->r);
}

static bool malformed(decoder *d, size_t offset, const char *msg)
{
    return kn_error_at_offset(d->err, KN_ERR_MALFORMED, offset, "%s", msg);
}

static bool too_many(decoder *d, size_t offset, const char *what)
{
    return kn_error_at_offset(d->err, KN_ERR_LIMIT, offset, "too many %s", what);
}

static void *alloc(decoder *d, size_t count, size_t size)
{
    void *p = kn_arena_alloc(&d->m->arena, count, size);
    if (!p)
        kn_error_set(d->err, KN_ERR_LIMIT, "out of memory");
    return p;
}

/* A vector's length, within the bytes left and within kiln's `max`. */
static bool read_count(decoder *d, uint32_t max, const char *what, uint32_t *n)
{
    size_t at = here(d);
    if (!kn_read_len(&d->r, n))
        return false;
    if (*n > max)
        return too_many(d, at, what);
    return true;
}

/* A name, copied to the arena with a terminating NUL. */
static bool read_name(decoder *d, kn_name *out)
{
    const uint8_t *p;
    if (!kn_read_name(&d->r, &p, &out->len))
        return false;
    out->data = kn_arena_strndup(&d->m->arena, (const char *)p, out->len);
    if (!out->data)
        return kn_error_set(d->err, KN_ERR_LIMIT, "out of memory");
    return true;
}

/*
 * Reads instructions through the `end` that closes the expression, be it a
 * function body or a constant expression (whose instructions the validator
 * checks: here only their encoding matters). `open` holds one byte per
 * open block: OPEN_IF for an `if` that may still take its `else`. An
 * `else` anywhere else stands where the grammar wants an `end` (spec
 * 5.4.1).
 */
static bool scan_expr(decoder *d, bool in_body, kn_expr *out)
{
    kn_buf *open = &d->open;
    size_t start = here(d);
    kn_instr in;

    open->len = 0;
    for (;;) {
        if (!kn_read_instr(&d->r, &in))
            return false;
        switch (in.op) {
        case KN_OP_BLOCK:
        case KN_OP_LOOP:
            kn_buf_byte(open, OPEN_BLOCK);
            break;
        case KN_OP_IF:
            kn_buf_byte(open, OPEN_IF);
            break;
        case KN_OP_ELSE:
            if (open->len == 0 || open->data[open->len - 1] != OPEN_IF)
                return malformed(d, in.offset, "END opcode expected");
            open->data[open->len - 1] = OPEN_BLOCK;
            break;
        case KN_OP_END:
            if (open->len == 0) {
                if (out) {
                    out->offset = (uint32_t)start;
                    out->len = (uint32_t)(here(d) - start);
                }
                return true;
            }
            open->len--;
            break;
        case KN_OP_BR_TABLE:
            if (in.imm.br_table.count > KN_MAX_BR_TABLE)
                return too_many(d, in.offset, "br_table targets");
            break;
        case KN_OP_MEMORY_INIT:
        case KN_OP_DATA_DROP:
            /* Spec 5.5.13: these need the data count section, so that a
             * one-pass validator knows the number of data segments. */
            if (in_body)
                d->needs_datacount = true;
            break;
        default:
            break;
        }
        if (open->failed)
            return kn_error_set(d->err, KN_ERR_LIMIT, "out of memory");
    }
}

/* ---- types (spec 5.3) ---- */

static bool read_valtypes(decoder *d, uint32_t max, const char *what,
                          uint32_t *n, const kn_valtype **out)
{
    kn_valtype *types;
    if (!read_count(d, max, what, n) || !(types = alloc(d, *n, 1)))
        return false;
    for (uint32_t i = 0; i < *n; i++) {
        if (!kn_read_valtype(&d->r, &types[i]))
            return false;
    }
    *out = types;
    return true;
}

/* The limits flag is read as a 1-bit LEB128, as the reference interpreter
 * reads it: 0x02 is "integer too large", 0x81 "integer representation too
 * long". */
static bool read_limits(decoder *d, kn_limits *out)
{
    uint8_t flag;
    uint32_t min, max = 0;
    if (!kn_read_byte(&d->r, &flag))
        return false;
    if ((flag & 0x7f) > 1)   /* 2, 3: shared (threads); 4-7: 64-bit (memory64) */
        return malformed(d, here(d) - 1,
                         (flag & 0x7f) <= 3 ? "integer too large (a shared memory: the "
                                              "threads proposal, which kiln does not implement)"
                         : (flag & 0x7f) <= 7 ? "integer too large (64-bit limits: the "
                                                "memory64 proposal, which kiln does not implement)"
                                              : "integer too large");
    if (flag & 0x80)
        return malformed(d, here(d), "integer representation too long");
    if (!kn_read_u32(&d->r, &min) || (flag && !kn_read_u32(&d->r, &max)))
        return false;
    out->min = min;
    out->max = max;
    out->has_max = flag != 0;
    return true;
}

static bool read_tabletype(decoder *d, kn_tabletype *out)
{
    return kn_read_reftype(&d->r, &out->elem) && read_limits(d, &out->limits);
}

static bool read_globaltype(decoder *d, kn_globaltype *out)
{
    uint8_t mut;
    if (!kn_read_valtype(&d->r, &out->type) || !kn_read_byte(&d->r, &mut))
        return false;
    if (mut > 1)
        return malformed(d, here(d) - 1, "malformed mutability");
    out->mutable_ = mut == 1;
    return true;
}

static bool type_section(decoder *d)
{
    kn_module *m = d->m;
    uint8_t form;

    if (!read_count(d, KN_MAX_TYPES, "types", &m->ntypes) ||
        !(m->types = alloc(d, m->ntypes, sizeof *m->types)))
        return false;
    for (uint32_t i = 0; i < m->ntypes; i++) {
        kn_functype *t = &m->types[i];
        if (!kn_read_byte(&d->r, &form))
            return false;
        /* The form is a one-byte s7 (-0x20) to the reference interpreter:
         * a continuation bit makes it too long, not a wrong form. */
        if (form & 0x80)
            return malformed(d, here(d), "integer representation too long");
        if (form != 0x60)
            return malformed(d, here(d) - 1, "malformed function type");
        if (!read_valtypes(d, KN_MAX_PARAMS, "parameters", &t->nparams, &t->params) ||
            !read_valtypes(d, KN_MAX_RESULTS, "results", &t->nresults, &t->results))
            return false;
    }
    return true;
}

/* ---- imports and the index spaces (spec 2.5.1, 5.5.5) ---- */

static bool import_section(decoder *d)
{
    kn_module *m = d->m;
    uint8_t kind;

    if (!read_count(d, KN_MAX_IMPORTS, "imports", &m->nimports) ||
        !(m->imports = alloc(d, m->nimports, sizeof *m->imports)))
        return false;
    for (uint32_t i = 0; i < m->nimports; i++) {
        kn_import *im = &m->imports[i];
        if (!read_name(d, &im->module) || !read_name(d, &im->name) ||
            !kn_read_byte(&d->r, &kind))
            return false;
        im->kind = (kn_externkind)kind;
        switch (kind) {
        case KN_EXTERN_FUNC:
            if (!kn_read_u32(&d->r, &im->desc.func))
                return false;
            m->nfuncs_imported++;
            break;
        case KN_EXTERN_TABLE:
            if (!read_tabletype(d, &im->desc.table))
                return false;
            m->ntables_imported++;
            break;
        case KN_EXTERN_MEMORY:
            if (!read_limits(d, &im->desc.memory.limits))
                return false;
            m->nmemories_imported++;
            break;
        case KN_EXTERN_GLOBAL:
            if (!read_globaltype(d, &im->desc.global))
                return false;
            m->nglobals_imported++;
            break;
        default:
            return malformed(d, here(d) - 1, "malformed import kind");
        }
    }
    return true;
}

/*
 * Allocates the index space of `kind` for its imports and `ndefined`
 * definitions, and fills in the imports. Called by the section that
 * defines the kind, or at the end when that section is absent.
 */
static bool define_space(decoder *d, kn_externkind kind, uint32_t ndefined)
{
    kn_module *m = d->m;
    uint32_t j = 0;

    d->space_ready[kind] = true;
    switch (kind) {
    case KN_EXTERN_FUNC:
        m->nfuncs = m->nfuncs_imported + ndefined;
        if (!(m->funcs = alloc(d, m->nfuncs, sizeof *m->funcs)))
            return false;
        break;
    case KN_EXTERN_TABLE:
        m->ntables = m->ntables_imported + ndefined;
        if (!(m->tables = alloc(d, m->ntables, sizeof *m->tables)))
            return false;
        break;
    case KN_EXTERN_MEMORY:
        m->nmemories = m->nmemories_imported + ndefined;
        if (!(m->memories = alloc(d, m->nmemories, sizeof *m->memories)))
            return false;
        break;
    case KN_EXTERN_GLOBAL:
        m->nglobals = m->nglobals_imported + ndefined;
        if (!(m->globals = alloc(d, m->nglobals, sizeof *m->globals)))
            return false;
        break;
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        const kn_import *im = &m->imports[i];
        if (im->kind != kind)
            continue;
        switch (kind) {
        case KN_EXTERN_FUNC:
            m->funcs[j].type = im->desc.func;
            m->funcs[j].imported = true;
            break;
        case KN_EXTERN_TABLE:
            m->tables[j] = im->desc.table;
            break;
        case KN_EXTERN_MEMORY:
            m->memories[j] = im->desc.memory;
            break;
        case KN_EXTERN_GLOBAL:
            m->globals[j].type = im->desc.global;
            m->globals[j].imported = true;
            break;
        }
        j++;
    }
    return true;
}

/* The count of a section that defines entities of `kind`, with kiln's
 * limit on the whole index space, imports included. */
static bool read_definitions(decoder *d, kn_externkind kind, uint32_t nimported,
                             uint32_t max, const char *what, uint32_t *n)
{
    size_t at = here(d);
    if (!kn_read_len(&d->r, n))
        return false;
    if ((uint64_t)nimported + *n > max)
        return too_many(d, at, what);
    return define_space(d, kind, *n);
}

static bool func_section(decoder *d)
{
    kn_module *m = d->m;
    if (!read_definitions(d, KN_EXTERN_FUNC, m->nfuncs_imported, KN_MAX_FUNCS,
                          "functions", &d->nfunc_decls))
        return false;
    for (uint32_t i = 0; i < d->nfunc_decls; i++) {
        if (!kn_read_u32(&d->r, &m->funcs[m->nfuncs_imported + i].type))
            return false;
    }
    return true;
}

static bool table_section(decoder *d)
{
    kn_module *m = d->m;
    uint32_t n;
    if (!read_definitions(d, KN_EXTERN_TABLE, m->ntables_imported, KN_MAX_TABLES,
                          "tables", &n))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!read_tabletype(d, &m->tables[m->ntables_imported + i]))
            return false;
    }
    return true;
}

static bool memory_section(decoder *d)
{
    kn_module *m = d->m;
    uint32_t n;
    if (!read_definitions(d, KN_EXTERN_MEMORY, m->nmemories_imported, KN_MAX_MEMORIES,
                          "memories", &n))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        if (!read_limits(d, &m->memories[m->nmemories_imported + i].limits))
            return false;
    }
    return true;
}

static bool global_section(decoder *d)
{
    kn_module *m = d->m;
    uint32_t n;
    if (!read_definitions(d, KN_EXTERN_GLOBAL, m->nglobals_imported, KN_MAX_GLOBALS,
                          "globals", &n))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        kn_global *g = &m->globals[m->nglobals_imported + i];
        if (!read_globaltype(d, &g->type) || !scan_expr(d, false, &g->init))
            return false;
    }
    return true;
}

static bool export_section(decoder *d)
{
    kn_module *m = d->m;
    uint8_t kind;

    if (!read_count(d, KN_MAX_EXPORTS, "exports", &m->nexports) ||
        !(m->exports = alloc(d, m->nexports, sizeof *m->exports)))
        return false;
    for (uint32_t i = 0; i < m->nexports; i++) {
        kn_export *ex = &m->exports[i];
        if (!read_name(d, &ex->name) || !kn_read_byte(&d->r, &kind))
            return false;
        if (kind > KN_EXTERN_GLOBAL)
            return malformed(d, here(d) - 1, "malformed export kind");
        ex->kind = (kn_externkind)kind;
        if (!kn_read_u32(&d->r, &ex->index))
            return false;
    }
    return true;
}

static bool start_section(decoder *d)
{
    d->m->has_start = true;
    return kn_read_u32(&d->r, &d->m->start);
}

/* ---- segments (spec 5.5.12, 5.5.14) ---- */

/*
 * The eight forms of an element segment are the bits of its flags:
 * bit 0 passive or declarative (else active), bit 1 declarative when not
 * active, else an explicit table index; bit 2 items are expressions (else
 * function indices). Forms 0 and 4 omit the type: funcref.
 */
static bool elem_segment(decoder *d, kn_elem *e)
{
    uint32_t flags;
    uint8_t kind;

    if (!kn_read_u32(&d->r, &flags))
        return false;
    if (flags > 7)
        return malformed(d, here(d) - 1, "malformed elements segment kind");
    e->type = KN_FUNCREF;
    if (flags & 1) {
        e->mode = (flags & 2) ? KN_SEG_DECLARATIVE : KN_SEG_PASSIVE;
    } else {
        e->mode = KN_SEG_ACTIVE;
        if ((flags & 2) && !kn_read_u32(&d->r, &e->table))
            return false;
        if (!scan_expr(d, false, &e->offset))
            return false;
    }
    if (flags & 3) {
        if (flags & 4) {
            if (!kn_read_reftype(&d->r, &e->type))
                return false;
        } else {
            if (!kn_read_byte(&d->r, &kind))
                return false;
            if (kind != 0x00)   /* elemkind: funcref only */
                return malformed(d, here(d) - 1, "malformed element kind");
        }
    }
    if (!read_count(d, KN_MAX_ELEM_ITEMS, "elements in a segment", &e->nitems))
        return false;
    if (flags & 4) {
        kn_expr *exprs = alloc(d, e->nitems, sizeof *exprs);
        if (!exprs)
            return false;
        for (uint32_t i = 0; i < e->nitems; i++) {
            if (!scan_expr(d, false, &exprs[i]))
                return false;
        }
        e->exprs = exprs;
    } else {
        uint32_t *funcs = alloc(d, e->nitems, sizeof *funcs);
        if (!funcs)
            return false;
        for (uint32_t i = 0; i < e->nitems; i++) {
            if (!kn_read_u32(&d->r, &funcs[i]))
                return false;
        }
        e->func_indices = funcs;
    }
    return true;
}

static bool elem_section(decoder *d)
{
    kn_module *m = d->m;
    if (!read_count(d, KN_MAX_SEGMENTS, "element segments", &m->nelems) ||
        !(m->elems = alloc(d, m->nelems, sizeof *m->elems)))
        return false;
    for (uint32_t i = 0; i < m->nelems; i++) {
        if (!elem_segment(d, &m->elems[i]))
            return false;
    }
    return true;
}

/* Flags 0: active in memory 0; 1: passive; 2: active, memory index given. */
static bool data_segment(decoder *d, kn_data *s)
{
    uint32_t flags;
    const uint8_t *bytes;

    if (!kn_read_u32(&d->r, &flags))
        return false;
    if (flags > 2)
        return malformed(d, here(d) - 1, "malformed data segment kind");
    s->mode = flags == 1 ? KN_SEG_PASSIVE : KN_SEG_ACTIVE;
    if (flags == 2 && !kn_read_u32(&d->r, &s->memory))
        return false;
    if (flags != 1 && !scan_expr(d, false, &s->offset))
        return false;
    if (!kn_read_len(&d->r, &s->data_len) || !kn_read_bytes(&d->r, s->data_len, &bytes))
        return false;
    s->data_offset = (uint32_t)(bytes - d->m->bytes);
    return true;
}

static bool data_section(decoder *d)
{
    kn_module *m = d->m;
    if (!read_count(d, KN_MAX_SEGMENTS, "data segments", &m->ndatas) ||
        !(m->datas = alloc(d, m->ndatas, sizeof *m->datas)))
        return false;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        if (!data_segment(d, &m->datas[i]))
            return false;
    }
    return true;
}

static bool datacount_section(decoder *d)
{
    d->m->has_datacount = true;
    return kn_read_u32(&d->r, &d->m->datacount);
}

/* ---- code (spec 5.5.13) ---- */

/* Expands the local declarations that read_locals accepted, starting at
 * `offset`, into `out`. */
static void expand_locals(const kn_module *m, size_t offset, kn_valtype *out)
{
    kn_reader r;
    uint32_t nentries, count;
    kn_valtype t;

    kn_reader_init(&r, m->bytes, offset, m->size, NULL);
    kn_read_u32(&r, &nentries);
    for (uint32_t i = 0; i < nentries; i++) {
        kn_read_u32(&r, &count);
        kn_read_valtype(&r, &t);
        memset(out, t, count);
        out += count;
    }
}

/*
 * The local declarations of a body, counted before anything is expanded:
 * 2^32 or more locals are malformed (the spec's limit), more than
 * KN_MAX_LOCALS are kiln's limit.
 */
static bool read_locals(decoder *d, uint32_t *nlocals)
{
    size_t at = here(d);
    uint32_t nentries, count;
    uint64_t total = 0;
    kn_valtype t;

    if (!kn_read_len(&d->r, &nentries))
        return false;
    for (uint32_t i = 0; i < nentries; i++) {
        if (!kn_read_u32(&d->r, &count) || !kn_read_valtype(&d->r, &t))
            return false;
        total += count;
    }
    if (total > UINT32_MAX)
        return malformed(d, at, "too many locals");
    if (total > KN_MAX_LOCALS)
        return too_many(d, at, "locals");
    d->module_locals += total;
    if (d->module_locals > KN_MAX_MODULE_LOCALS)
        return too_many(d, at, "locals in the module");
    *nlocals = (uint32_t)total;
    return true;
}

static bool code_entry(decoder *d, uint32_t index)
{
    kn_module *m = d->m;
    size_t at = here(d), start, locals_at, body;
    uint32_t size, nlocals = 0;

    if (!kn_read_len(&d->r, &size))
        return false;
    if (size > KN_MAX_FUNC_SIZE)
        return kn_error_at_offset(d->err, KN_ERR_LIMIT, at, "function body too large");
    start = locals_at = here(d);
    if (!read_locals(d, &nlocals))
        return false;
    body = here(d);
    if (!scan_expr(d, true, NULL))
        return false;
    if (here(d) != start + size)
        return malformed(d, start, "section size mismatch");
    /* A body without a declaration is kept for nothing: the counts'
     * mismatch is reported once the whole module is read. */
    if (index < d->nfunc_decls) {
        kn_func *f = &m->funcs[m->nfuncs_imported + index];
        kn_valtype *locals = alloc(d, nlocals, 1);
        if (!locals)
            return false;
        expand_locals(m, locals_at, locals);
        f->nlocals = nlocals;
        f->locals = locals;
        f->code_offset = (uint32_t)body;
        f->code_len = (uint32_t)(here(d) - body);
    }
    return true;
}

static bool code_section(decoder *d)
{
    if (!d->space_ready[KN_EXTERN_FUNC] && !define_space(d, KN_EXTERN_FUNC, 0))
        return false;
    if (!kn_read_len(&d->r, &d->ncodes))
        return false;
    for (uint32_t i = 0; i < d->ncodes; i++) {
        if (!code_entry(d, i))
            return false;
    }
    return true;
}

/* ---- sections (spec 5.5.2) ---- */

/* A custom section (5.5.3): a name, then bytes kept uninterpreted. */
static bool custom_section(decoder *d, size_t start, uint32_t size)
{
    kn_custom c;
    size_t used;
    const uint8_t *rest;

    if (!read_name(d, &c.name))
        return false;
    used = here(d) - start;
    if (used > size)   /* the name ran past the section */
        return malformed(d, d->m->size, EOF_MESSAGE);
    if (!kn_read_bytes(&d->r, size - used, &rest))
        return false;
    c.data_offset = (uint32_t)(rest - d->m->bytes);
    c.data_len = (uint32_t)(size - used);
    kn_buf_push(&d->customs, &c, sizeof c);
    if (d->customs.failed)
        return kn_error_set(d->err, KN_ERR_LIMIT, "out of memory");
    return true;
}

/* The readers of the non-custom sections, by id. */
static bool (*const section_readers[SEC_COUNT])(decoder *) = {
    [SEC_TYPE] = type_section, [SEC_IMPORT] = import_section,
    [SEC_FUNC] = func_section, [SEC_TABLE] = table_section,
    [SEC_MEMORY] = memory_section, [SEC_GLOBAL] = global_section,
    [SEC_EXPORT] = export_section, [SEC_START] = start_section,
    [SEC_ELEM] = elem_section, [SEC_CODE] = code_section,
    [SEC_DATA] = data_section, [SEC_DATACOUNT] = datacount_section
};

static bool read_sections(decoder *d)
{
    unsigned last = 0;   /* rank of the last non-custom section */
    uint8_t id;
    uint32_t size;

    while (!kn_reader_at_end(&d->r)) {
        size_t at = here(d);
        if (!kn_read_byte(&d->r, &id))
            return false;
        if (id >= SEC_COUNT)   /* 13 is the tag section of exception handling */
            return malformed(d, at, id == 13 ? "malformed section id 13 (tags: the exception "
                                               "handling proposal, which kiln does not implement)"
                                             : "malformed section id");
        /* A section out of order, or a second one of a kind, ends the
         * sequence the grammar allows (5.5.16). */
        if (id != SEC_CUSTOM) {
            if (section_rank[id] <= last)
                return malformed(d, at, "unexpected content after last section");
            last = section_rank[id];
        }
        if (!kn_read_len(&d->r, &size))
            return false;
        size_t start = here(d);
        if (!(id == SEC_CUSTOM ? custom_section(d, start, size)
                               : section_readers[id](d)))
            return false;
        if (here(d) != start + size)
            return malformed(d, start, "section size mismatch");
    }
    return true;
}

/* The rules that tie sections together (5.5.16), checked once all are
 * read, in the order the spec's tests expect them reported. */
static bool check_module(decoder *d)
{
    kn_module *m = d->m;
    if (d->nfunc_decls != d->ncodes)
        return malformed(d, m->size,
                         "function and code section have inconsistent lengths");
    if (m->has_datacount && m->datacount != m->ndatas)
        return malformed(d, m->size,
                         "data count and data section have inconsistent lengths");
    if (!m->has_datacount && d->needs_datacount)
        return malformed(d, m->size, "data count section required");
    return true;
}

static bool decode_module(decoder *d)
{
    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};   /* "\0asm" */
    static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
    kn_module *m = d->m;
    const uint8_t *p;

    if (!kn_read_bytes(&d->r, 4, &p))
        return false;
    if (memcmp(p, magic, 4) != 0)
        return malformed(d, 0, "magic header not detected");
    if (!kn_read_bytes(&d->r, 4, &p))
        return false;
    if (memcmp(p, version, 4) != 0)
        return malformed(d, 4, "unknown binary version");
    if (!read_sections(d) || !check_module(d))
        return false;
    for (int kind = KN_EXTERN_FUNC; kind <= KN_EXTERN_GLOBAL; kind++) {
        if (!d->space_ready[kind] && !define_space(d, (kn_externkind)kind, 0))
            return false;
    }
    m->ncustoms = (uint32_t)(d->customs.len / sizeof(kn_custom));
    if (!(m->customs = alloc(d, m->ncustoms, sizeof(kn_custom))))
        return false;
    if (m->ncustoms)
        memcpy(m->customs, d->customs.data, d->customs.len);
    kn_names_decode(m);
    return true;
}

kn_module *kn_decode(const uint8_t *bytes, size_t len, kn_error *err)
{
    decoder d;
    bool ok;

    if (err)
        kn_error_clear(err);
    /* Also keeps offsets into the binary within uint32_t. */
    if (len > KN_MAX_MODULE_SIZE) {
        kn_error_set(err, KN_ERR_LIMIT, "module too large");
        return NULL;
    }
    memset(&d, 0, sizeof d);
    d.err = err;
    d.m = calloc(1, sizeof *d.m);
    if (!d.m || !(d.m->bytes = malloc(len ? len : 1))) {
        free(d.m);
        kn_error_set(err, KN_ERR_LIMIT, "out of memory");
        return NULL;
    }
    kn_arena_init(&d.m->arena);
    if (len)
        memcpy(d.m->bytes, bytes, len);
    d.m->size = len;
    kn_reader_init(&d.r, d.m->bytes, 0, len, err);
    kn_buf_init(&d.open);
    kn_buf_init(&d.customs);
    ok = decode_module(&d);
    kn_buf_free(&d.open);
    kn_buf_free(&d.customs);
    if (!ok) {
        kn_module_delete(d.m);
        return NULL;
    }
    return d.m;
}

void kn_module_delete(kn_module *m)
{
    if (!m)
        return;
    kn_module_code *code = atomic_load(&m->code);
    if (code)
        code->free(code);
    kn_arena_free(&m->arena);
    free(m->bytes);
    free(m);
}
