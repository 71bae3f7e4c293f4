/*
 * api_kiln.c -- kiln.h: modules and their errors, linking, typed calls,
 * traps and backtraces, host functions, memory and global access, the
 * store's limits, fuel and interrupt.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "kiln.h"

static kiln_engine *engine;

/* A module from text; NULL (with the error checked as a failure) if it
 * does not load. */
static kiln_module *load(const char *wat)
{
    kiln_module *m = NULL;
    kiln_error *e = kiln_module_new(engine, wat, strlen(wat), &m);
    CHECK(e == NULL);
    if (e) {
        fprintf(stderr, "load: %s\n", kiln_error_message(e));
        kiln_error_delete(e);
    }
    return m;
}

static kiln_instance *instantiate(kiln_linker *l, kiln_store *s, kiln_module *m)
{
    kiln_instance *inst = NULL;
    kiln_error *e = kiln_linker_instantiate(l, s, m, &inst);
    CHECK(e == NULL && inst != NULL);
    if (e) {
        fprintf(stderr, "instantiate: %s\n", kiln_error_message(e));
        kiln_error_delete(e);
    }
    return inst;
}

/* Checks that e is an error of `kind` whose message contains `text`, and
 * frees it. */
static void expect_error(kiln_error *e, kiln_errkind kind, const char *text)
{
    CHECK(e != NULL);
    if (!e)
        return;
    CHECK(kiln_error_kind(e) == kind);
    CHECK(strstr(kiln_error_message(e), text) != NULL);
    if (kiln_error_kind(e) != kind || !strstr(kiln_error_message(e), text))
        fprintf(stderr, "  got %d \"%s\"\n", kiln_error_kind(e), kiln_error_message(e));
    kiln_error_delete(e);
}

static void test_module_errors(void)
{
    kiln_module *m;
    static const unsigned char bad_magic[] = {0, 'a', 's', 'x', 1, 0, 0, 0};
    expect_error(kiln_module_new(engine, bad_magic, sizeof bad_magic, &m), KILN_ERROR_MALFORMED,
                 "magic header not detected");
    static const unsigned char truncated[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1};
    expect_error(kiln_module_new(engine, truncated, sizeof truncated, &m), KILN_ERROR_MALFORMED,
                 "offset");
    const char *syntax = "(module\n  (func (i32.bogus)))";
    expect_error(kiln_module_new(engine, syntax, strlen(syntax), &m), KILN_ERROR_MALFORMED,
                 "2:");
    const char *invalid = "(module (func (result i32) (i64.const 1)))";
    expect_error(kiln_module_validate(engine, invalid, strlen(invalid)), KILN_ERROR_INVALID,
                 "type mismatch");
    const char *valid = "(module)";
    CHECK(kiln_module_validate(engine, valid, strlen(valid)) == NULL);
}

static void test_module_info(void)
{
    kiln_module *m = load("(module (import \"env\" \"f\" (func (param i32 f64) (result i64)))"
                          "  (import \"env\" \"mem\" (memory 1))"
                          "  (func (export \"g\") (result i32) (i32.const 7))"
                          "  (global (export \"counter\") (mut i32) (i32.const 0)))");
    if (!m)
        return;
    CHECK(kiln_module_import_count(m) == 2);
    CHECK(kiln_module_export_count(m) == 2);
    kiln_extern_info info;
    CHECK(kiln_module_import(m, 0, &info));
    CHECK(strcmp(info.module, "env") == 0 && strcmp(info.name, "f") == 0);
    CHECK(info.kind == KILN_EXTERN_FUNC && info.func.nparams == 2 && info.func.nresults == 1);
    CHECK(info.func.params[1] == KILN_F64 && info.func.results[0] == KILN_I64);
    CHECK(kiln_module_import(m, 1, &info) && info.kind == KILN_EXTERN_MEMORY);
    CHECK(!kiln_module_import(m, 2, &info));
    CHECK(kiln_module_export(m, 1, &info));
    CHECK(strcmp(info.name, "counter") == 0 && info.kind == KILN_EXTERN_GLOBAL);
    kiln_module_delete(m);
}

static kiln_error *add_host(kiln_caller *c, void *data, const kiln_val *args, kiln_val *results)
{
    CHECK(kiln_caller_store(c) != NULL);
    *(int *)data += 1;
    results[0] = kiln_i64(args[0].of.i64 + (int64_t)args[1].of.f64);
    return NULL;
}

static kiln_error *fail_host(kiln_caller *c, void *data, const kiln_val *args, kiln_val *results)
{
    (void)c, (void)data, (void)results;
    return kiln_error_new("refused %d", args[0].of.i32);
}

/* Writes its argument's decimal digits to the caller's memory at 0. */
static kiln_error *write_host(kiln_caller *c, void *data, const kiln_val *args, kiln_val *results)
{
    (void)data;
    kiln_memory *mem = kiln_caller_memory(c);
    CHECK(mem != NULL && kiln_caller_instance(c) != NULL);
    char text[16];
    int n = snprintf(text, sizeof text, "%d", args[0].of.i32);
    results[0] = kiln_i32(mem && kiln_memory_write(mem, 0, text, (size_t)n) ? n : -1);
    return NULL;
}

static void test_calls_and_traps(void)
{
    kiln_module *m = load(
        "(module (import \"env\" \"add\" (func $add (param i64 f64) (result i64)))"
        "  (import \"env\" \"fail\" (func $fail (param i32)))"
        "  (import \"env\" \"write\" (func $write (param i32) (result i32)))"
        "  (memory (export \"memory\") 1)"
        "  (func (export \"add\") (param i64 f64) (result i64) (call $add (local.get 0) (local.get 1)))"
        "  (func $inner (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))"
        "  (func $outer (export \"div\") (param i32) (result i32) (call $inner (local.get 0)))"
        "  (func (export \"fail\") (call $fail (i32.const 9)))"
        "  (func (export \"write\") (param i32) (result i32) (call $write (local.get 0)))"
        "  (func (export \"multi\") (param f32) (result f32 i32) (local.get 0) (i32.const -1)))");
    if (!m)
        return;
    kiln_linker *l = kiln_linker_new(engine);
    kiln_store *s = kiln_store_new(engine);
    int calls = 0;
    const kiln_valtype p_add[] = {KILN_I64, KILN_F64}, r_add[] = {KILN_I64};
    const kiln_valtype i32[] = {KILN_I32};
    const kiln_functype t_add = {2, 1, p_add, r_add}, t_fail = {1, 0, i32, NULL},
                        t_write = {1, 1, i32, i32};
    CHECK(kiln_linker_define_func(l, "env", "add", &t_add, add_host, &calls) == NULL);
    CHECK(kiln_linker_define_func(l, "env", "fail", &t_fail, fail_host, NULL) == NULL);
    CHECK(kiln_linker_define_func(l, "env", "write", &t_write, write_host, NULL) == NULL);
    const kiln_valtype bad[] = {0x55};
    const kiln_functype t_bad = {1, 1, i32, bad};
    expect_error(kiln_linker_define_func(l, "env", "bad", &t_bad, write_host, NULL),
                 KILN_ERROR_USAGE, "result 0: not a value type");
    kiln_instance *inst = instantiate(l, s, m);
    if (!inst)
        return;

    kiln_val args[2] = {kiln_i64(40), kiln_f64(2.9)}, res[2];
    CHECK(kiln_call(s, kiln_instance_func(inst, "add"), args, 2, res, 1) == NULL);
    CHECK(res[0].kind == KILN_I64 && res[0].of.i64 == 42 && calls == 1);

    /* Wrong use is an error, not a crash. */
    expect_error(kiln_call(s, kiln_instance_func(inst, "add"), args, 1, res, 1), KILN_ERROR_USAGE,
                 "expected 2 arguments");
    args[1] = kiln_i32(2);
    expect_error(kiln_call(s, kiln_instance_func(inst, "add"), args, 2, res, 1), KILN_ERROR_USAGE,
                 "argument 1: expected f64");
    expect_error(kiln_call(s, kiln_instance_func(inst, "nope"), NULL, 0, NULL, 0),
                 KILN_ERROR_USAGE, "no such function");
    CHECK(kiln_instance_memory(inst, "add") == NULL);

    /* A trap: its code, message and backtrace, innermost first. */
    args[0] = kiln_i32(0);
    kiln_error *e = kiln_call(s, kiln_instance_func(inst, "div"), args, 1, res, 1);
    CHECK(e && kiln_error_kind(e) == KILN_ERROR_TRAP);
    CHECK(e && kiln_error_trap(e) == KILN_TRAP_DIV_BY_ZERO);
    CHECK(e && strcmp(kiln_error_message(e), "integer divide by zero") == 0);
    CHECK(e && kiln_error_frame_count(e) == 2);
    CHECK(e && strcmp(kiln_error_frame_name(e, 0), "inner") == 0);
    CHECK(e && strcmp(kiln_error_frame_name(e, 1), "outer") == 0);
    CHECK(e && kiln_error_frame_func(e, 0) == 4 && kiln_error_frame_func(e, 1) == 5);
    kiln_error_delete(e);

    /* The store runs on after a trap. */
    args[0] = kiln_i32(2);
    CHECK(kiln_call(s, kiln_instance_func(inst, "div"), args, 1, res, 1) == NULL);
    CHECK(res[0].of.i32 == 0);

    /* A host function's error is a host trap with its message. */
    e = kiln_call(s, kiln_instance_func(inst, "fail"), NULL, 0, NULL, 0);
    CHECK(e && kiln_error_trap(e) == KILN_TRAP_HOST);
    CHECK(e && strcmp(kiln_error_message(e), "refused 9") == 0);
    kiln_error_delete(e);

    /* A host function writes into its caller's memory. */
    args[0] = kiln_i32(1234);
    CHECK(kiln_call(s, kiln_instance_func(inst, "write"), args, 1, res, 1) == NULL);
    CHECK(res[0].of.i32 == 4);
    kiln_memory *mem = kiln_instance_memory(inst, "memory");
    CHECK(mem && memcmp(kiln_memory_data(mem), "1234", 4) == 0);

    /* Multiple results; floats keep their bits. */
    args[0] = kiln_f32(-0.0f);
    CHECK(kiln_call(s, kiln_instance_func(inst, "multi"), args, 1, res, 2) == NULL);
    uint32_t bits;
    memcpy(&bits, &res[0].of.f32, 4);
    CHECK(bits == 0x80000000u && res[1].of.i32 == -1);

    kiln_store_delete(s);
    kiln_linker_delete(l);
    kiln_module_delete(m);
}

static void test_linking(void)
{
    kiln_module *lib = load("(module (func (export \"twice\") (param i32) (result i32)"
                            "  (i32.mul (local.get 0) (i32.const 2)))"
                            "  (global (export \"g\") (mut i32) (i32.const 5)))");
    kiln_module *app = load("(module (import \"lib\" \"twice\" (func $t (param i32) (result i32)))"
                            "  (import \"lib\" \"g\" (global $g (mut i32)))"
                            "  (func (export \"run\") (result i32)"
                            "    (global.set $g (call $t (global.get $g))) (global.get $g)))");
    kiln_module *wrong = load("(module (import \"lib\" \"twice\" (func (param i64))))");
    kiln_module *missing = load("(module (import \"lib\" \"thrice\" (func)))");
    if (!lib || !app || !wrong || !missing)
        return;
    kiln_linker *l = kiln_linker_new(engine);
    kiln_store *s = kiln_store_new(engine);
    kiln_instance *li = instantiate(l, s, lib);
    CHECK(kiln_linker_define_instance(l, "lib", li) == NULL);
    kiln_instance *ai = instantiate(l, s, app);
    kiln_val r;
    CHECK(ai && kiln_call(s, kiln_instance_func(ai, "run"), NULL, 0, &r, 1) == NULL);
    CHECK(r.of.i32 == 10);
    kiln_global *g = kiln_instance_global(li, "g");
    CHECK(g && kiln_global_get(g).of.i32 == 10);
    CHECK(g && kiln_global_set(g, kiln_i32(21)) == NULL);
    expect_error(kiln_global_set(g, kiln_i64(1)), KILN_ERROR_USAGE, "i32");
    CHECK(ai && kiln_call(s, kiln_instance_func(ai, "run"), NULL, 0, &r, 1) == NULL);
    CHECK(r.of.i32 == 42);

    kiln_instance *x;
    expect_error(kiln_linker_instantiate(l, s, wrong, &x), KILN_ERROR_LINK, "incompatible import");
    expect_error(kiln_linker_instantiate(l, s, missing, &x), KILN_ERROR_LINK,
                 "unknown import \"lib\" \"thrice\"");

    /* An instance of another store does not satisfy imports. */
    kiln_store *other = kiln_store_new(engine);
    expect_error(kiln_linker_instantiate(l, other, app, &x), KILN_ERROR_LINK, "unknown import");
    expect_error(kiln_call(other, kiln_instance_func(ai, "run"), NULL, 0, &r, 1), KILN_ERROR_USAGE,
                 "another store");
    kiln_store_delete(other);

    /* Modules may go before the store: it keeps its own reference. */
    kiln_module_delete(lib);
    kiln_module_delete(app);
    CHECK(kiln_call(s, kiln_instance_func(ai, "run"), NULL, 0, &r, 1) == NULL);
    CHECK(r.of.i32 == 84);
    kiln_store_delete(s);
    kiln_linker_delete(l);
    kiln_module_delete(wrong);
    kiln_module_delete(missing);
}

static void test_memory_helpers(void)
{
    kiln_module *m = load("(module (memory (export \"m\") 1 3))");
    if (!m)
        return;
    kiln_linker *l = kiln_linker_new(engine);
    kiln_store *s = kiln_store_new(engine);
    kiln_instance *inst = instantiate(l, s, m);
    kiln_memory *mem = inst ? kiln_instance_memory(inst, "m") : NULL;
    CHECK(mem != NULL);
    if (mem) {
        CHECK(kiln_memory_size(mem) == 65536);
        CHECK(kiln_memory_ptr(mem, 0, 65536) == kiln_memory_data(mem));
        CHECK(kiln_memory_ptr(mem, 65536, 0) != NULL);
        CHECK(kiln_memory_ptr(mem, 65536, 1) == NULL);
        CHECK(kiln_memory_ptr(mem, 65535, 2) == NULL);
        CHECK(kiln_memory_ptr(mem, UINT64_MAX, 2) == NULL);
        CHECK(kiln_memory_ptr(mem, 1, UINT64_MAX) == NULL);
        char buf[4] = "abc";
        CHECK(kiln_memory_write(mem, 65532, buf, 4));
        CHECK(!kiln_memory_write(mem, 65533, buf, 4));
        CHECK(!kiln_memory_read(mem, 4294967295u, buf, 4));
        CHECK(kiln_memory_grow(mem, 2) && kiln_memory_size(mem) == 3 * 65536);
        CHECK(!kiln_memory_grow(mem, 1));
        CHECK(kiln_memory_read(mem, 65532, buf, 4) && strcmp(buf, "abc") == 0);
    }
    kiln_store_delete(s);
    kiln_linker_delete(l);
    kiln_module_delete(m);
}

static void test_limits(void)
{
    kiln_module *big = load("(module (memory 4))");
    kiln_module *grow = load("(module (memory 1) (func (export \"grow\") (param i32) (result i32)"
                             "  (memory.grow (local.get 0))))");
    kiln_module *rec = load("(module (func $f (export \"f\") (call $f)))");
    kiln_module *tab = load("(module (table (export \"t\") 10 funcref))");
    if (!big || !grow || !rec || !tab)
        return;
    kiln_linker *l = kiln_linker_new(engine);
    kiln_store *s = kiln_store_new(engine);
    kiln_limits lim = {.max_memory_pages = 3, .max_table_elems = 5, .max_instances = 3,
                       .max_call_depth = 100};
    kiln_store_set_limits(s, &lim);
    kiln_limits got;
    kiln_store_get_limits(s, &got);
    CHECK(got.max_memory_pages == 3 && got.max_instances == 3 && got.max_call_depth == 100);
    kiln_instance *x;
    expect_error(kiln_linker_instantiate(l, s, big, &x), KILN_ERROR_LIMIT, "memory");
    expect_error(kiln_linker_instantiate(l, s, tab, &x), KILN_ERROR_LIMIT, "table");
    kiln_instance *g = instantiate(l, s, grow);
    kiln_val a = kiln_i32(2), r;
    CHECK(g && kiln_call(s, kiln_instance_func(g, "grow"), &a, 1, &r, 1) == NULL && r.of.i32 == 1);
    a = kiln_i32(1);
    CHECK(g && kiln_call(s, kiln_instance_func(g, "grow"), &a, 1, &r, 1) == NULL && r.of.i32 == -1);
    kiln_instance *ri = instantiate(l, s, rec);
    kiln_error *e = ri ? kiln_call(s, kiln_instance_func(ri, "f"), NULL, 0, NULL, 0) : NULL;
    CHECK(e && kiln_error_trap(e) == KILN_TRAP_STACK_EXHAUSTED);
    kiln_error_delete(e);
    /* The memory limit is the store's: the first grow instance took all 3 pages. */
    expect_error(kiln_linker_instantiate(l, s, grow, &x), KILN_ERROR_LIMIT, "memory");
    CHECK(instantiate(l, s, rec) != NULL);
    expect_error(kiln_linker_instantiate(l, s, rec, &x), KILN_ERROR_LIMIT, "too many instances");
    kiln_store_delete(s);
    kiln_linker_delete(l);
    kiln_module_delete(big);
    kiln_module_delete(grow);
    kiln_module_delete(rec);
    kiln_module_delete(tab);
}

static void *interrupt_later(void *store)
{
    struct timespec t = {0, 20 * 1000 * 1000};
    nanosleep(&t, NULL);
    kiln_store_interrupt(store);
    return NULL;
}

/* Fuel and interrupt stop an infinite loop with traps of their own, and
 * the same store runs again afterwards. */
static void test_fuel_and_interrupt(void)
{
    kiln_module *m = load("(module (func (export \"spin\") (loop $l (br $l)))"
                          "  (func (export \"count\") (param $n i32) (result i32)"
                          "    (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
                          "    (i32.const 7)))");
    if (!m)
        return;
    kiln_linker *l = kiln_linker_new(engine);
    kiln_store *s = kiln_store_new(engine);
    kiln_instance *inst = instantiate(l, s, m);
    if (!inst)
        return;
    kiln_func *spin = kiln_instance_func(inst, "spin"), *count = kiln_instance_func(inst, "count");
    CHECK(kiln_store_fuel(s) == UINT64_MAX);

    kiln_store_set_fuel(s, 100000);
    kiln_error *e = kiln_call(s, spin, NULL, 0, NULL, 0);
    CHECK(e && kiln_error_kind(e) == KILN_ERROR_TRAP && kiln_error_trap(e) == KILN_TRAP_OUT_OF_FUEL);
    kiln_error_delete(e);
    CHECK(kiln_store_fuel(s) == 0);

    /* Out of fuel, nothing that loops runs; refuelled, it does. */
    kiln_val a = kiln_i32(1000), r;
    e = kiln_call(s, count, &a, 1, &r, 1);
    CHECK(e && kiln_error_trap(e) == KILN_TRAP_OUT_OF_FUEL);
    kiln_error_delete(e);
    kiln_store_set_fuel(s, 1000000);
    CHECK(kiln_call(s, count, &a, 1, &r, 1) == NULL && r.of.i32 == 7);
    uint64_t left = kiln_store_fuel(s);
    CHECK(left < 1000000 - 1000 && left > 0);

    /* Again, many times: the store stays healthy. */
    for (int i = 0; i < 5; i++) {
        kiln_store_set_fuel(s, 5000);
        e = kiln_call(s, spin, NULL, 0, NULL, 0);
        CHECK(e && kiln_error_trap(e) == KILN_TRAP_OUT_OF_FUEL);
        kiln_error_delete(e);
    }

    /* Interrupt from another thread, fuel off. */
    kiln_store_disable_fuel(s);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, interrupt_later, s) == 0);
    e = kiln_call(s, spin, NULL, 0, NULL, 0);
    pthread_join(t, NULL);
    CHECK(e && kiln_error_trap(e) == KILN_TRAP_INTERRUPTED);
    CHECK(e && strcmp(kiln_error_message(e), "interrupted") == 0);
    kiln_error_delete(e);
    CHECK(kiln_call(s, count, &a, 1, &r, 1) == NULL && r.of.i32 == 7);

    /* An interrupt raised while nothing runs stops the next call. */
    kiln_store_interrupt(s);
    e = kiln_call(s, spin, NULL, 0, NULL, 0);
    CHECK(e && kiln_error_trap(e) == KILN_TRAP_INTERRUPTED);
    kiln_error_delete(e);
    CHECK(kiln_call(s, count, &a, 1, &r, 1) == NULL && r.of.i32 == 7);

    kiln_store_delete(s);
    kiln_linker_delete(l);
    kiln_module_delete(m);
}

/* What poke_host does before it returns: turn fuel on, interrupt, or
 * nothing, after calling back into wasm (a nested activation) or not. */
enum poke_action { POKE_INTERRUPT, POKE_FUEL, POKE_NOTHING };
struct poke { kiln_func *leaf; enum poke_action action; };

static kiln_error *poke_host(kiln_caller *c, void *data, const kiln_val *args, kiln_val *results)
{
    (void)args, (void)results;
    struct poke *p = data;
    kiln_store *s = kiln_caller_store(c);
    if (p->leaf) {
        kiln_val r;
        CHECK(kiln_call(s, p->leaf, NULL, 0, &r, 1) == NULL && r.of.i32 == 3);
    }
    if (p->action == POKE_FUEL)
        kiln_store_set_fuel(s, 1000);
    else if (p->action == POKE_INTERRUPT)
        kiln_store_interrupt(s);
    return NULL;
}

/* Fuel turned on and an interrupt raised by a host function stop the loop
 * that runs after it returns, also when it called back into wasm first; so
 * does an interrupt from another thread once the nested call is over.
 * Compiled code tests one flag of the running activation, which each of
 * these must raise (the loop is long, not endless: a flag not raised makes
 * the call return, and the test fail, rather than hang). Every tier tests
 * that flag: run on the engine's default and on the interpreter. */
static void fuel_and_interrupt_from_host(void)
{
    kiln_module *m = load("(module (import \"env\" \"poke\" (func $poke))"
                          "  (func (export \"leaf\") (result i32) (i32.const 3))"
                          "  (func (export \"run\") (param $n i32) (result i32)"
                          "    (call $poke)"
                          "    (loop $l (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))"
                          "    (i32.const 7)))");
    if (!m)
        return;
    struct poke poke = {0};
    const kiln_functype t_poke = {0, 0, NULL, NULL};
    kiln_linker *l = kiln_linker_new(engine);
    CHECK(kiln_linker_define_func(l, "env", "poke", &t_poke, poke_host, &poke) == NULL);
    for (int nested = 0; nested < 2; nested++)
        for (enum poke_action act = POKE_INTERRUPT; act <= POKE_NOTHING; act++) {
            kiln_store *s = kiln_store_new(engine);
            kiln_instance *inst = instantiate(l, s, m);
            if (!inst)
                return;
            poke = (struct poke){nested ? kiln_instance_func(inst, "leaf") : NULL, act};
            pthread_t t;
            if (act == POKE_NOTHING)
                CHECK(pthread_create(&t, NULL, interrupt_later, s) == 0);
            kiln_val a = kiln_i32(2000 * 1000 * 1000), r;
            kiln_error *e = kiln_call(s, kiln_instance_func(inst, "run"), &a, 1, &r, 1);
            if (act == POKE_NOTHING)
                pthread_join(t, NULL);
            CHECK(e && kiln_error_trap(e) == (act == POKE_FUEL ? KILN_TRAP_OUT_OF_FUEL
                                                                : KILN_TRAP_INTERRUPTED));
            if (!e)
                fprintf(stderr, "  nested %d, action %d: the loop ran to its end\n", nested, act);
            kiln_error_delete(e);
            kiln_store_delete(s);
        }
    kiln_linker_delete(l);
    kiln_module_delete(m);
}

static void test_fuel_and_interrupt_from_host(void)
{
    kiln_config interp = {.compiler = KILN_COMPILER_INTERP};
    kiln_engine *engines[2] = {engine, kiln_engine_new(&interp)};
    CHECK(engines[1] != NULL);
    for (int k = 0; k < 2 && engines[k]; k++) {
        kiln_engine *saved = engine;
        engine = engines[k];
        fuel_and_interrupt_from_host();
        engine = saved;
    }
    kiln_engine_delete(engines[1]);
}

/* Engines and modules are shared by threads, each with its own store. */
static kiln_module *shared_module;

static void *thread_main(void *arg)
{
    intptr_t id = (intptr_t)arg;
    kiln_store *s = kiln_store_new(engine);
    kiln_linker *l = kiln_linker_new(engine);
    kiln_instance *inst;
    kiln_error *e = kiln_linker_instantiate(l, s, shared_module, &inst);
    intptr_t ok = e == NULL;
    for (int i = 0; ok && i < 200; i++) {
        kiln_val a = kiln_i64(id + i), r;
        uint64_t want = 1;
        for (uint64_t k = 2; k <= (uint64_t)(id + i); k++)
            want *= k;
        ok = kiln_call(s, kiln_instance_func(inst, "fac"), &a, 1, &r, 1) == NULL &&
             (uint64_t)r.of.i64 == want;
    }
    kiln_error_delete(e);
    kiln_store_delete(s);
    kiln_linker_delete(l);
    return (void *)ok;
}

static void test_threads(void)
{
    shared_module = load("(module (func $fac (export \"fac\") (param i64) (result i64)"
                         "  (if (result i64) (i64.lt_u (local.get 0) (i64.const 2))"
                         "    (then (i64.const 1))"
                         "    (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))");
    if (!shared_module)
        return;
    pthread_t t[8];
    for (intptr_t i = 0; i < 8; i++)
        CHECK(pthread_create(&t[i], NULL, thread_main, (void *)i) == 0);
    for (int i = 0; i < 8; i++) {
        void *ok;
        pthread_join(t[i], &ok);
        CHECK(ok == (void *)1);
    }
    kiln_module_delete(shared_module);
}

int main(void)
{
    kiln_config config = {.max_call_depth = 5000};
    engine = kiln_engine_new(&config);
    test_module_errors();
    test_module_info();
    test_calls_and_traps();
    test_linking();
    test_memory_helpers();
    test_limits();
    test_fuel_and_interrupt();
    test_fuel_and_interrupt_from_host();
    test_threads();
    kiln_engine_delete(engine);
    return check_report();
}
