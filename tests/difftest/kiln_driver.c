/*
 * kiln_driver.c -- kiln's side of the differential tester (difftest.js).
 *
 *   difftest-kiln TIER MODULE.wasm [DUMP] < PLAN
 *
 * TIER is the compiler that runs the module: interp, jit, or aot0, aot1,
 * aot2 (compiled ahead of time at that opt level, tests/suites/aot.sh).
 * Loads the module, instantiates it with the logging imports that
 * binaryen's generated modules use ("fuzzing-support" "log-*": each call
 * prints its arguments), then runs the PLAN: one line per call, the index
 * of an exported function in the export section followed by the bit
 * patterns of its arguments in hex. It prints what happened in the format
 * v8_run.js prints for V8, so the two outputs compare line by line:
 *
 *   module valid | module invalid
 *   instantiate ok | instantiate trap MESSAGE | instantiate error
 *   call NAME, then its logs (`log VALUE...`), then `result VALUE...` or
 *     `trap MESSAGE` (the spec's words)
 *   at the end, per exported memory, global and table:
 *     `memory NAME PAGES HASH`, `global NAME VALUE`, `table NAME SIZE`
 *
 * A VALUE is TYPE:BITS in hex (f32:3f800000), `nan:BITS` for a float NaN
 * (whose bits the spec leaves open: difftest.js compares them between
 * kiln's tiers, not with V8), `null` or `ref` for a reference.
 *
 * Lines that start with `#` are details that only kiln's tiers are
 * compared on, bit for bit: after each trap, its message and backtrace
 * (`# trap MESSAGE in fN fM...`, innermost function first), and at the
 * end every memory, global and table of the instance, exported or not
 * (`# memory IDX PAGES HASH`, `# global IDX VALUE`, `# table IDX SIZE
 * HASH`, the table's hash over the function index of each element).
 *
 * On stderr, the last line says how many of the functions that ran did so
 * in machine code (`ran N functions, M compiled`), the measure of what
 * the JIT's side of a comparison covered. With DUMP, the final contents of
 * the exported memories are also written to that file, for investigating
 * a disagreement.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aot/aot.h"
#include "base/buf.h"
#include "binary/decode.h"
#include "interp/interp.h"
#include "jit/jit.h"
#include "runtime/runtime.h"
#include "valid/validate.h"

/* The engine every store of this program is made from. */
static kn_engine *engine;

enum { MAX_VALUES = 2048 };   /* params + results of a call: KN_MAX_PARAMS + KN_MAX_RESULTS */

static void print_value(kn_valtype t, const kn_value *v)
{
    switch (t) {
    case KN_I32: printf(" i32:%08" PRIx32, v->i32); break;
    case KN_I64: printf(" i64:%016" PRIx64, v->i64); break;
    case KN_F32:
        printf(" f32:%s%08" PRIx32,
               (v->f32 & 0x7f800000) == 0x7f800000 && (v->f32 & 0x007fffff) ? "nan:" : "",
               v->f32);
        break;
    case KN_F64:
        printf(" f64:%s%016" PRIx64,
               (v->f64 & 0x7ff0000000000000) == 0x7ff0000000000000 &&
                       (v->f64 & 0x000fffffffffffff)
                   ? "nan:"
                   : "",
               v->f64);
        break;
    case KN_FUNCREF: printf(" funcref:%s", v->ref ? "ref" : "null"); break;
    case KN_EXTERNREF: printf(" externref:%s", v->ref ? "ref" : "null"); break;
    default: printf(" %s:?", kn_valtype_name(t)); break;
    }
}

static void print_values(const char *what, uint32_t n, const kn_valtype *types,
                         const kn_value *vals)
{
    printf("%s", what);
    for (uint32_t i = 0; i < n; i++)
        print_value(types[i], &vals[i]);
    printf("\n");
}

/* A "fuzzing-support" "log-*" import: prints its arguments. */
static kn_trap_code log_values(kn_store *s, void *env, const kn_value *args,
                               kn_value *results)
{
    const kn_functype *type = env;
    (void)s;
    print_values("log", type->nparams, type->params, args);
    memset(results, 0, type->nresults * sizeof *results);
    return KN_TRAP_NONE;
}

/* The spec's words for a trap; V8's are mapped to them by v8_run.js. */
static const char *trap_words(kn_trap_code code)
{
    switch (code) {
    case KN_TRAP_UNREACHABLE: return "unreachable";
    case KN_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case KN_TRAP_INT_OVERFLOW: return "integer overflow";
    case KN_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case KN_TRAP_OOB_MEMORY: return "out of bounds memory access";
    case KN_TRAP_OOB_TABLE: return "out of bounds table access";
    case KN_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    case KN_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
    case KN_TRAP_INDIRECT_CALL_MISMATCH: return "indirect call type mismatch";
    case KN_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
    default: return "other";   /* not expected from a generated module */
    }
}

/* After a trap's line: its message (a more precise one than the spec's
 * words, where kiln has one) and its backtrace. */
static void print_trap_detail(const kn_store *s, kn_trap_code code)
{
    printf("# trap %s in", kn_trap_message(s, code));
    for (uint32_t i = 0; i < s->trap.nframes; i++) {
        const kn_funcinst *f = s->trap.frames[i];
        if (f)
            printf(" f%" PRIu32, f->index);
        else
            printf(" ?");
    }
    printf("\n");
}

static uint32_t fnv1a(uint32_t h, const uint8_t *p, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

enum { FNV_START = 2166136261u };

/* What a table element is, as a number: the index of a function of this
 * instance, or one of these. */
enum { ELEM_NULL = 0xffffffff, ELEM_HOST = 0xfffffffe, ELEM_EXTERN = 0xfffffffd };

static uint32_t table_hash(const kn_instance *inst, const kn_tableinst *t)
{
    uint32_t h = FNV_START;
    for (uint32_t i = 0; i < t->size; i++) {
        const kn_funcinst *f = t->elems[i];
        uint32_t v = !f ? ELEM_NULL
                     : t->type.elem != KN_FUNCREF ? ELEM_EXTERN
                     : f->instance == inst ? f->index
                                           : ELEM_HOST;
        uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
        h = fnv1a(h, b, 4);
    }
    return h;
}

static void print_exports(const kn_instance *inst, FILE *dump)
{
    const kn_module *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const kn_export *e = &m->exports[i];
        kn_extern ex;
        kn_instance_export(inst, e->name.data, e->name.len, &ex);
        switch (e->kind) {
        case KN_EXTERN_MEMORY:
            printf("memory %s %" PRIu32 " %08" PRIx32 "\n", e->name.data,
                   ex.of.memory->pages, fnv1a(FNV_START, ex.of.memory->data, ex.of.memory->size));
            if (dump)
                fwrite(ex.of.memory->data, 1, ex.of.memory->size, dump);
            break;
        case KN_EXTERN_GLOBAL:
            printf("global %s", e->name.data);
            print_value(ex.of.global->type.type, &ex.of.global->value);
            printf("\n");
            break;
        case KN_EXTERN_TABLE:
            printf("table %s %" PRIu32 "\n", e->name.data, ex.of.table->size);
            break;
        case KN_EXTERN_FUNC:
            break;
        }
    }
}

/* Every memory, global and table of the instance, for the comparison of
 * kiln's tiers. */
static void print_state(const kn_instance *inst)
{
    const kn_module *m = inst->module;
    for (uint32_t i = 0; i < m->nmemories; i++) {
        const kn_meminst *mem = inst->memories[i];
        printf("# memory %" PRIu32 " %" PRIu32 " %08" PRIx32 "\n", i, mem->pages,
               fnv1a(FNV_START, mem->data, mem->size));
    }
    for (uint32_t i = 0; i < m->nglobals; i++) {
        const kn_globalinst *g = inst->globals[i];
        printf("# global %" PRIu32, i);
        if (g->type.type == KN_FUNCREF && g->value.ref) {
            const kn_funcinst *f = g->value.ref;
            printf(" funcref:f%" PRIu32 "\n", f->instance == inst ? f->index : ELEM_HOST);
        } else {
            print_value(g->type.type, &g->value);
            printf("\n");
        }
    }
    for (uint32_t i = 0; i < m->ntables; i++) {
        const kn_tableinst *t = inst->tables[i];
        printf("# table %" PRIu32 " %" PRIu32 " %08" PRIx32 "\n", i, t->size,
               table_hash(inst, t));
    }
}

/* On stderr: how many functions ran, and how many of them in machine code
 * (a JIT's function it could not compile runs in the interpreter). */
static void print_coverage(const kn_instance *inst)
{
    uint32_t ran = 0, compiled = 0;
    for (uint32_t i = 0; i < inst->module->nfuncs; i++) {
        const kn_funcinst *f = inst->funcs[i];
        if (f->instance != inst || !f->code)
            continue;
        ran++;
        compiled += f->code->entry != NULL;
    }
    fprintf(stderr, "ran %" PRIu32 " functions, %" PRIu32 " compiled\n", ran, compiled);
}

/* Reads the plan from stdin and makes its calls. */
static void run_plan(kn_store *s, const kn_instance *inst)
{
    const kn_module *m = inst->module;
    kn_value *vals = calloc(MAX_VALUES, sizeof *vals);   /* arguments, then results */
    char line[65536];
    while (vals && fgets(line, sizeof line, stdin)) {
        char *p = line, *end;
        unsigned long idx = strtoul(p, &end, 10);
        if (end == p || idx >= m->nexports || m->exports[idx].kind != KN_EXTERN_FUNC)
            continue;
        const kn_export *e = &m->exports[idx];
        kn_extern ex;
        kn_instance_export(inst, e->name.data, e->name.len, &ex);
        const kn_functype *type = ex.of.func->type;
        if (type->nparams + type->nresults > MAX_VALUES)
            continue;
        memset(vals, 0, MAX_VALUES * sizeof *vals);
        for (uint32_t i = 0; i < type->nparams; i++) {
            p = end;
            uint64_t bits = strtoull(p, &end, 16);
            switch (type->params[i]) {
            case KN_I32: case KN_F32: vals[i].i32 = (uint32_t)bits; break;
            case KN_I64: case KN_F64: vals[i].i64 = bits; break;
            default: vals[i].ref = NULL; break;   /* references are passed as null */
            }
        }
        printf("call %s\n", e->name.data);
        kn_trap_code trap = kn_call(s, ex.of.func, vals, vals + type->nparams);
        if (trap == KN_TRAP_NONE) {
            print_values("result", type->nresults, type->results, vals + type->nparams);
        } else {
            printf("trap %s\n", trap_words(trap));
            print_trap_detail(s, trap);
        }
    }
    free(vals);
}

/* The tier named on the command line; NULL when there is none by that
 * name here. */
static const kn_tier *tier_named(const char *name)
{
    if (strncmp(name, "aot", 3) == 0 && name[3] >= '0' && name[3] <= '2' && !name[4])
        return &kn_aot_tier_eager[name[3] - '0'];
    return kn_tier_find(name);
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: difftest-kiln interp|jit|aot0|aot1|aot2 MODULE.wasm [DUMP] < PLAN\n");
        return 2;
    }
    const kn_tier *tier = tier_named(argv[1]);
    if (!tier) {
        fprintf(stderr, "difftest-kiln: no compiler '%s' here\n", argv[1]);
        return 2;
    }
    engine = kn_engine_new(tier);
    kn_buf bytes;
    kn_buf_init(&bytes);
    if (!engine || !kn_buf_read_file(&bytes, argv[2])) {
        fprintf(stderr, "difftest-kiln: cannot read %s\n", argv[2]);
        return 2;
    }
    kn_error err;
    kn_error_clear(&err);
    kn_module *m = kn_decode(bytes.data, bytes.len, &err);
    kn_buf_free(&bytes);
    if (!m || !kn_validate(m, &err)) {
        printf("module invalid\n");
        fprintf(stderr, "difftest-kiln: %s\n", err.message);
        kn_module_delete(m);
        kn_engine_delete(engine);
        return 0;
    }
    printf("module valid\n");
    int status = 0;
    kn_store *s = kn_store_new(engine);
    kn_extern *imports = calloc(m->nimports + 1, sizeof *imports);
    if (!s || !imports) {
        status = 1;
        goto done;
    }
    for (uint32_t i = 0; i < m->nimports; i++) {
        const kn_import *imp = &m->imports[i];
        if (imp->kind != KN_EXTERN_FUNC || strcmp(imp->module.data, "fuzzing-support") != 0 ||
            strncmp(imp->name.data, "log-", 4) != 0) {
            printf("instantiate error\n");
            fprintf(stderr, "difftest-kiln: unknown import %s.%s\n", imp->module.data,
                    imp->name.data);
            goto done;
        }
        const kn_functype *type = &m->types[imp->desc.func];
        imports[i].kind = KN_EXTERN_FUNC;
        imports[i].of.func = kn_func_new_host(s, type, log_values, (void *)type);
        if (!imports[i].of.func) {
            status = 1;
            goto done;
        }
    }
    kn_instance *inst = kn_instantiate(s, m, imports, &err);
    if (!inst) {
        if (err.kind == KN_ERR_TRAP || err.kind == KN_ERR_EXHAUSTION) {
            printf("instantiate trap %s\n", trap_words((kn_trap_code)err.trap));
            printf("# trap %s\n", err.message);
        } else {
            printf("instantiate error\n");
        }
        goto done;
    }
    printf("instantiate ok\n");
    run_plan(s, inst);
    FILE *dump = argc == 4 ? fopen(argv[3], "wb") : NULL;
    print_exports(inst, dump);
    if (dump)
        fclose(dump);
    print_state(inst);
    print_coverage(inst);
done:
    free(imports);
    kn_store_delete(s);
    kn_module_delete(m);
    kn_engine_delete(engine);
    return status;
}
