/*
 * cmd_inspect.c -- `kiln inspect FILE`: a readable summary of a module in
 * the manner of `wasm-objdump -x`: the sections with their offsets, sizes
 * and counts, then every item of the index spaces and segments, with
 * function names from the `name` section.
 *
 * It decodes but does not validate, so invalid modules can be inspected;
 * a malformed one is reported as `kiln validate` would.
 *
 * `kiln inspect --code FILE [FUNC...]` instead prints the interpreter's
 * internal code of the functions (all defined ones, or those named by
 * index or name), which needs a valid module.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../binary/decode.h"
#include "../binary/reader.h"
#include "../interp/interp.h"
#include "cli.h"

static const char *const SECTION_NAMES[] = {
    "Custom", "Type", "Import", "Function", "Table", "Memory", "Global",
    "Export", "Start", "Elem", "Code", "Data", "DataCount"};

static const char *const KIND_NAMES[] = {"func", "table", "memory", "global"};

/* A name the module chose, escaped (cli.h); `quotes` when printed between
 * double quotes. */
static void name(const char *text, size_t len, bool quotes)
{
    kn_cli_print_escaped(stdout, text, len, quotes);
}

static void func_name(const kn_module *m, uint32_t index)
{
    if (m->func_names && index < m->nfuncs && m->func_names[index]) {
        printf(" <");
        name(m->func_names[index], strlen(m->func_names[index]), false);
        printf(">");
    }
}

static void limits(const kn_limits *l)
{
    printf("initial=%" PRIu64, l->min);
    if (l->has_max)
        printf(" max=%" PRIu64, l->max);
}

static void functype(const kn_module *m, uint32_t index)
{
    if (index >= m->ntypes) {
        printf("<invalid type %" PRIu32 ">", index);
        return;
    }
    const kn_functype *t = &m->types[index];
    printf("(");
    for (uint32_t i = 0; i < t->nparams; i++)
        printf("%s%s", i ? ", " : "", kn_valtype_name(t->params[i]));
    printf(") -> ");
    if (t->nresults == 0)
        printf("nil");
    for (uint32_t i = 0; i < t->nresults; i++)
        printf("%s%s", i ? ", " : "", kn_valtype_name(t->results[i]));
}

/* " - init i32=16": the first instruction of a constant expression. */
static void init_expr(const kn_module *m, kn_expr e)
{
    kn_reader r;
    kn_instr in;
    float f;
    double d;
    kn_reader_init(&r, m->bytes, e.offset, (size_t)e.offset + e.len, NULL);
    if (!kn_read_instr(&r, &in))
        return;
    printf(" - init ");
    switch (in.op) {
    case KN_OP_I32_CONST: printf("i32=%" PRId32, (int32_t)in.imm.i32); break;
    case KN_OP_I64_CONST: printf("i64=%" PRId64, (int64_t)in.imm.i64); break;
    case KN_OP_F32_CONST:
        memcpy(&f, &in.imm.f32, sizeof f);
        printf("f32=%g", (double)f);
        break;
    case KN_OP_F64_CONST:
        memcpy(&d, &in.imm.f64, sizeof d);
        printf("f64=%g", d);
        break;
    case KN_OP_GLOBAL_GET: printf("global=%" PRIu32, in.imm.index); break;
    case KN_OP_REF_FUNC:
        printf("ref.func=%" PRIu32, in.imm.index);
        func_name(m, in.imm.index);
        break;
    case KN_OP_REF_NULL: printf("ref.null %s", kn_valtype_name(in.imm.type)); break;
    default: printf("%s", kn_opinfo_table[in.op].name); break;
    }
}

/* The section headers, read straight from the bytes, and the code
 * section's body offsets and sizes (locals included), which kn_module does
 * not keep. */
static void sections(const kn_module *m, uint32_t *body_offset, uint32_t *body_size)
{
    kn_reader r;
    uint8_t id;
    uint32_t size, count;
    const uint8_t *contents;

    printf("Sections:\n\n");
    kn_reader_init(&r, m->bytes, 8, m->size, NULL);
    while (!kn_reader_at_end(&r) && kn_read_byte(&r, &id) && kn_read_u32(&r, &size) &&
           kn_read_bytes(&r, size, &contents)) {
        size_t start = (size_t)(contents - m->bytes);
        printf("%9s start=0x%08zx end=0x%08zx (size=0x%08" PRIx32 ")",
               id < 13 ? SECTION_NAMES[id] : "Unknown", start, start + size, size);
        kn_reader s;
        kn_reader_init(&s, m->bytes, start, start + size, NULL);
        if (id == 0) {
            const uint8_t *text;
            uint32_t len;
            if (kn_read_name(&s, &text, &len)) {
                printf(" \"");
                name((const char *)text, len, true);
                printf("\"");
            }
        } else if (id == 8) {
            if (kn_read_u32(&s, &count))
                printf(" start: %" PRIu32, count);
        } else if (kn_read_u32(&s, &count)) {
            printf(" count: %" PRIu32, count);
            for (uint32_t i = 0; id == 10 && i < count; i++) {
                uint32_t n;
                const uint8_t *body;
                if (!kn_read_u32(&s, &n) || !kn_read_bytes(&s, n, &body))
                    break;
                if (i < m->nfuncs - m->nfuncs_imported) {
                    body_offset[i] = (uint32_t)(body - m->bytes);
                    body_size[i] = n;
                }
            }
        }
        printf("\n");
    }
    printf("\n");
}

static void details(const kn_module *m, const uint32_t *body_offset,
                    const uint32_t *body_size)
{
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    uint32_t ndefined = m->nfuncs - m->nfuncs_imported;

    printf("Section Details:\n\n");
    if (m->ntypes)
        printf("Type[%" PRIu32 "]:\n", m->ntypes);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        printf(" - type[%" PRIu32 "] ", i);
        functype(m, i);
        printf("\n");
    }
    if (m->nimports)
        printf("Import[%" PRIu32 "]:\n", m->nimports);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const kn_import *im = &m->imports[i];
        switch (im->kind) {
        case KN_EXTERN_FUNC:
            printf(" - func[%" PRIu32 "] sig=%" PRIu32, nf, im->desc.func);
            func_name(m, nf++);
            break;
        case KN_EXTERN_TABLE:
            printf(" - table[%" PRIu32 "] type=%s ", nt++, kn_valtype_name(im->desc.table.elem));
            limits(&im->desc.table.limits);
            break;
        case KN_EXTERN_MEMORY:
            printf(" - memory[%" PRIu32 "] pages: ", nm++);
            limits(&im->desc.memory.limits);
            break;
        case KN_EXTERN_GLOBAL:
            printf(" - global[%" PRIu32 "] %s mutable=%d", ng++,
                   kn_valtype_name(im->desc.global.type), im->desc.global.mutable_);
            break;
        }
        printf(" <- ");
        name(im->module.data, im->module.len, false);
        printf(".");
        name(im->name.data, im->name.len, false);
        printf("\n");
    }
    if (ndefined)
        printf("Function[%" PRIu32 "]:\n", ndefined);
    for (uint32_t i = m->nfuncs_imported; i < m->nfuncs; i++) {
        printf(" - func[%" PRIu32 "] sig=%" PRIu32, i, m->funcs[i].type);
        func_name(m, i);
        printf("\n");
    }
    if (m->ntables > m->ntables_imported)
        printf("Table[%" PRIu32 "]:\n", m->ntables - m->ntables_imported);
    for (uint32_t i = m->ntables_imported; i < m->ntables; i++) {
        printf(" - table[%" PRIu32 "] type=%s ", i, kn_valtype_name(m->tables[i].elem));
        limits(&m->tables[i].limits);
        printf("\n");
    }
    if (m->nmemories > m->nmemories_imported)
        printf("Memory[%" PRIu32 "]:\n", m->nmemories - m->nmemories_imported);
    for (uint32_t i = m->nmemories_imported; i < m->nmemories; i++) {
        printf(" - memory[%" PRIu32 "] pages: ", i);
        limits(&m->memories[i].limits);
        printf("\n");
    }
    if (m->nglobals > m->nglobals_imported)
        printf("Global[%" PRIu32 "]:\n", m->nglobals - m->nglobals_imported);
    for (uint32_t i = m->nglobals_imported; i < m->nglobals; i++) {
        const kn_global *g = &m->globals[i];
        printf(" - global[%" PRIu32 "] %s mutable=%d", i, kn_valtype_name(g->type.type),
               g->type.mutable_);
        init_expr(m, g->init);
        printf("\n");
    }
    if (m->nexports)
        printf("Export[%" PRIu32 "]:\n", m->nexports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        const kn_export *e = &m->exports[i];
        printf(" - %s[%" PRIu32 "]", KIND_NAMES[e->kind], e->index);
        if (e->kind == KN_EXTERN_FUNC)
            func_name(m, e->index);
        printf(" -> \"");
        name(e->name.data, e->name.len, true);
        printf("\"\n");
    }
    if (m->has_start) {
        printf("Start:\n - start function: %" PRIu32, m->start);
        func_name(m, m->start);
        printf("\n");
    }
    if (m->nelems)
        printf("Elem[%" PRIu32 "]:\n", m->nelems);
    for (uint32_t i = 0; i < m->nelems; i++) {
        const kn_elem *e = &m->elems[i];
        static const char *const modes[] = {"active", "passive", "declarative"};
        printf(" - segment[%" PRIu32 "] %s type=%s", i, modes[e->mode],
               kn_valtype_name(e->type));
        if (e->mode == KN_SEG_ACTIVE)
            printf(" table=%" PRIu32, e->table);
        printf(" count=%" PRIu32, e->nitems);
        if (e->mode == KN_SEG_ACTIVE)
            init_expr(m, e->offset);
        printf("\n");
        for (uint32_t k = 0; k < e->nitems; k++) {
            printf("  - elem[%" PRIu32 "]", k);
            if (e->func_indices) {
                printf(" = func[%" PRIu32 "]", e->func_indices[k]);
                func_name(m, e->func_indices[k]);
            } else {
                init_expr(m, e->exprs[k]);
            }
            printf("\n");
        }
    }
    if (ndefined)
        printf("Code[%" PRIu32 "]:\n", ndefined);
    for (uint32_t i = 0; i < ndefined; i++) {
        printf(" - func[%" PRIu32 "] offset=0x%08" PRIx32 " size=%" PRIu32 " locals=%" PRIu32,
               m->nfuncs_imported + i, body_offset[i], body_size[i],
               m->funcs[m->nfuncs_imported + i].nlocals);
        func_name(m, m->nfuncs_imported + i);
        printf("\n");
    }
    if (m->ndatas)
        printf("Data[%" PRIu32 "]:\n", m->ndatas);
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const kn_data *d = &m->datas[i];
        printf(" - segment[%" PRIu32 "]", i);
        if (d->mode == KN_SEG_ACTIVE)
            printf(" memory=%" PRIu32, d->memory);
        else
            printf(" passive");
        printf(" offset=0x%08" PRIx32 " size=%" PRIu32, d->data_offset, d->data_len);
        if (d->mode == KN_SEG_ACTIVE)
            init_expr(m, d->offset);
        printf("\n");
    }
    if (m->ncustoms)
        printf("Custom[%" PRIu32 "]:\n", m->ncustoms);
    for (uint32_t i = 0; i < m->ncustoms; i++) {
        printf(" - \"");
        name(m->customs[i].name.data, m->customs[i].name.len, true);
        printf("\" offset=0x%08" PRIx32 " size=%" PRIu32 "\n", m->customs[i].data_offset,
               m->customs[i].data_len);
    }
}

/* Whether `arg` names function `i`: its index, or its name. */
static bool names_func(const kn_module *m, uint32_t i, const char *arg)
{
    char *end;
    unsigned long n = strtoul(arg, &end, 10);
    if (*arg && !*end)
        return n == i;
    return m->func_names && m->func_names[i] && strcmp(m->func_names[i], arg) == 0;
}

static int inspect_code(int argc, char **argv)
{
    kn_module *m = kn_cli_load(argv[0], true);
    if (!m)
        return 1;
    int status = 0;
    kn_buf out;
    kn_buf_init(&out);
    for (uint32_t i = m->nfuncs_imported; i < m->nfuncs && status == 0; i++) {
        bool wanted = argc == 1;
        for (int k = 1; k < argc && !wanted; k++)
            wanted = names_func(m, i, argv[k]);
        if (!wanted)
            continue;
        out.len = 0;
        printf("func[%" PRIu32 "]", i);
        func_name(m, i);
        printf(":\n");
        if (!kn_interp_dump(m, i, &out) || out.failed) {
            fputs("kiln: out of memory\n", stderr);
            status = 1;
        }
        fwrite(out.data, 1, out.len, stdout);
    }
    kn_buf_free(&out);
    kn_module_delete(m);
    return status;
}

int kn_cmd_inspect(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[0], "--code") == 0)
        return inspect_code(argc - 1, argv + 1);
    if (argc != 1 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0) {
        fputs("usage: kiln inspect FILE\n"
              "       kiln inspect --code FILE [FUNC...]\n"
              "Summarizes a module (.wasm or .wat, `-` for stdin) like `wasm-objdump -x`:\n"
              "sections with offsets and sizes, types, imports, functions with their\n"
              "body sizes and names, tables, memories, globals, exports, start,\n"
              "element and data segments, custom sections.\n"
              "With --code, prints the interpreter's internal code of each defined\n"
              "function (or of the FUNCs given by index or name) instead: one\n"
              "operation a line, wasm instructions in lower case, the translator's\n"
              "own (moves, fusions, accumulator forms) in capitals; sN is frame\n"
              "slot N (dN a destination), @N a jump target.\n",
              argc == 1 ? stdout : stderr);
        return argc == 1 ? 0 : 2;
    }
    kn_module *m = kn_cli_load(argv[0], false);
    if (!m)
        return 1;
    uint32_t n = m->nfuncs - m->nfuncs_imported;
    uint32_t *offsets = calloc(n ? n : 1, sizeof *offsets);
    uint32_t *sizes = calloc(n ? n : 1, sizeof *sizes);
    if (!offsets || !sizes) {
        fputs("kiln: out of memory\n", stderr);
        free(offsets);
        free(sizes);
        kn_module_delete(m);
        return 1;
    }
    printf("%s: wasm version 1", argv[0]);
    if (m->module_name) {
        printf(", module name <");
        name(m->module_name, strlen(m->module_name), false);
        printf(">");
    }
    printf("\n\n");
    sections(m, offsets, sizes);
    details(m, offsets, sizes);
    free(offsets);
    free(sizes);
    kn_module_delete(m);
    return 0;
}
