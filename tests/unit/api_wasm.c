/*
 * api_wasm.c -- the standard C API (include/wasm.h) as kiln implements it:
 * vectors and types, modules (validate, imports/exports, serialize, share),
 * host functions with environments and finalizers, calls and traps with
 * traces, globals, tables, memories, references and host info, and stores
 * in threads sharing one module.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text/wat.h"
#include "wasm.h"

static wasm_engine_t *engine;

/* The binary of a text module, as a byte vector the caller deletes. */
static wasm_byte_vec_t binary(const char *wat)
{
    kn_buf out;
    kn_error err;
    kn_buf_init(&out);
    kn_error_clear(&err);
    bool ok = kn_wat_to_wasm(wat, strlen(wat), NULL, &out, &err);
    CHECK(ok);
    wasm_byte_vec_t v;
    wasm_byte_vec_new(&v, out.len, (const char *)out.data);
    kn_buf_free(&out);
    return v;
}

static wasm_module_t *module(wasm_store_t *store, const char *wat)
{
    wasm_byte_vec_t b = binary(wat);
    wasm_module_t *m = wasm_module_new(store, &b);
    CHECK(m != NULL);
    wasm_byte_vec_delete(&b);
    return m;
}

static void test_vectors_and_types(void)
{
    wasm_name_t name;
    wasm_name_new_from_string_nt(&name, "abc");
    CHECK(name.size == 4 && name.data[3] == '\0');
    wasm_name_t copy;
    wasm_name_copy(&copy, &name);
    CHECK(copy.size == 4 && memcmp(copy.data, "abc", 4) == 0 && copy.data != name.data);
    wasm_name_delete(&name);
    wasm_name_delete(&copy);
    CHECK(name.size == 0 && name.data == NULL);

    wasm_functype_t *ft = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                                                wasm_valtype_new(WASM_FUNCREF));
    CHECK(wasm_functype_params(ft)->size == 2 && wasm_functype_results(ft)->size == 1);
    CHECK(wasm_valtype_kind(wasm_functype_params(ft)->data[1]) == WASM_F64);
    CHECK(wasm_valtype_is_ref(wasm_functype_results(ft)->data[0]));
    wasm_externtype_t *et = wasm_functype_as_externtype(ft);
    CHECK(wasm_externtype_kind(et) == WASM_EXTERN_FUNC);
    CHECK(wasm_externtype_as_functype(et) == ft && wasm_externtype_as_globaltype(et) == NULL);
    wasm_externtype_t *et2 = wasm_externtype_copy(et);
    CHECK(wasm_functype_params(wasm_externtype_as_functype(et2))->size == 2);
    wasm_externtype_delete(et2);
    wasm_functype_delete(ft);

    wasm_limits_t lim = {1, wasm_limits_max_default};
    wasm_tabletype_t *tt = wasm_tabletype_new(wasm_valtype_new(WASM_EXTERNREF), &lim);
    CHECK(wasm_tabletype_limits(tt)->max == 0xffffffff);
    CHECK(wasm_valtype_kind(wasm_tabletype_element(tt)) == WASM_EXTERNREF);
    wasm_tabletype_delete(tt);

    wasm_valtype_t *vs[2] = {wasm_valtype_new_i64(), wasm_valtype_new_f32()};
    wasm_valtype_vec_t v1, v2;
    wasm_valtype_vec_new(&v1, 2, vs);
    wasm_valtype_vec_copy(&v2, &v1);
    CHECK(v2.size == 2 && v2.data[0] != v1.data[0] && wasm_valtype_kind(v2.data[1]) == WASM_F32);
    wasm_valtype_vec_delete(&v1);
    wasm_valtype_vec_delete(&v2);
}

static void test_module_reflection(void)
{
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t bad = binary("(module (func (result i32) (f32.const 0)))");
    CHECK(!wasm_module_validate(store, &bad));
    CHECK(wasm_module_new(store, &bad) == NULL);
    wasm_byte_vec_delete(&bad);

    const char *wat = "(module (import \"m\" \"f\" (func (param i32)))"
                      "  (import \"m\" \"g\" (global (mut i64)))"
                      "  (import \"m\" \"t\" (table 2 funcref))"
                      "  (memory (export \"mem\") 1 5)"
                      "  (global (export \"c\") f32 (f32.const 1.5)))";
    wasm_byte_vec_t b = binary(wat);
    CHECK(wasm_module_validate(store, &b));
    wasm_module_t *m = wasm_module_new(store, &b);
    wasm_importtype_vec_t imports;
    wasm_module_imports(m, &imports);
    CHECK(imports.size == 3);
    CHECK(imports.size == 3 && wasm_importtype_name(imports.data[1])->size == 1 &&
          wasm_importtype_name(imports.data[1])->data[0] == 'g');
    const wasm_globaltype_t *gt =
        wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[1]));
    CHECK(gt && wasm_globaltype_mutability(gt) == WASM_VAR &&
          wasm_valtype_kind(wasm_globaltype_content(gt)) == WASM_I64);
    const wasm_tabletype_t *tt =
        wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[2]));
    CHECK(tt && wasm_tabletype_limits(tt)->min == 2);
    wasm_importtype_vec_delete(&imports);

    wasm_exporttype_vec_t exports;
    wasm_module_exports(m, &exports);
    CHECK(exports.size == 2);
    const wasm_memorytype_t *mt =
        wasm_externtype_as_memorytype_const(wasm_exporttype_type(exports.data[0]));
    CHECK(mt && wasm_memorytype_limits(mt)->min == 1 && wasm_memorytype_limits(mt)->max == 5);
    wasm_exporttype_vec_delete(&exports);

    /* Serialized, a module is a .cwasm holding its binary (or, without a
     * C compiler, the binary); shared, it is the same module. */
    wasm_byte_vec_t ser;
    wasm_module_serialize(m, &ser);
    CHECK((ser.size == b.size && memcmp(ser.data, b.data, b.size) == 0) ||
          (ser.size > 120 + b.size && memcmp(ser.data, "KILN-AOT", 8) == 0 &&
           memcmp(ser.data + 120, b.data, b.size) == 0));
    wasm_module_t *m2 = wasm_module_deserialize(store, &ser);
    CHECK(m2 != NULL);
    wasm_shared_module_t *sh = wasm_module_share(m);
    wasm_module_t *m3 = wasm_module_obtain(store, sh);
    CHECK(wasm_module_same(m, m3) && !wasm_module_same(m, m2));
    wasm_shared_module_delete(sh);
    wasm_module_delete(m3);
    wasm_module_delete(m2);
    wasm_byte_vec_delete(&ser);
    wasm_module_delete(m);
    wasm_byte_vec_delete(&b);
    wasm_store_delete(store);
}

static int finalized;

static void finalize(void *p)
{
    finalized += (int)(intptr_t)p;
}

static void *env_finalized;

static void env_finalize(void *env)
{
    env_finalized = env;
}

static wasm_trap_t *scale(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    CHECK(args->size == 2 && results->size == 1 && results->data[0].kind == WASM_I64);
    results->data[0].kind = WASM_I64;
    results->data[0].of.i64 = args->data[0].of.i32 * *(int *)env + (int64_t)args->data[1].of.f64;
    return NULL;
}

static wasm_trap_t *abort_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args, (void)results;
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "host says no");
    wasm_trap_t *t = wasm_trap_new(env, &msg);
    wasm_name_delete(&msg);
    wasm_trap_set_host_info(t, (void *)0x5);
    return t;
}

static void test_funcs_and_traps(void)
{
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *m = module(store,
        "(module (import \"\" \"scale\" (func $s (param i32 f64) (result i64)))"
        "  (import \"\" \"abort\" (func $a))"
        "  (func (export \"run\") (param i32) (result i64) (call $s (local.get 0) (f64.const 0.5)))"
        "  (func $deep (call $a))"
        "  (func (export \"host_trap\") (call $deep))"
        "  (func (export \"oob\") (drop (i32.load (i32.const 99999))))"
        "  (memory 1))");
    int factor = 3;
    wasm_functype_t *st = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                                                wasm_valtype_new_i64());
    wasm_func_t *sf = wasm_func_new_with_env(store, st, scale, &factor, env_finalize);
    wasm_functype_delete(st);
    wasm_functype_t *at = wasm_functype_new_0_0();
    wasm_func_t *af = wasm_func_new_with_env(store, at, abort_cb, store, NULL);
    wasm_functype_delete(at);
    CHECK(wasm_func_param_arity(sf) == 2 && wasm_func_result_arity(sf) == 1);

    /* The host function called directly. */
    wasm_val_t a[2] = {WASM_I32_VAL(5), WASM_F64_VAL(1.0)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(sf, &args, &results) == NULL && r[0].of.i64 == 16);

    wasm_extern_t *imps[] = {wasm_func_as_extern(sf), wasm_func_as_extern(af)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);
    wasm_instance_t *inst = wasm_instance_new(store, m, &imports, NULL);
    CHECK(inst != NULL);
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    CHECK(ex.size == 3);
    wasm_func_t *run = wasm_extern_as_func(ex.data[0]);
    wasm_val_t a1[1] = {WASM_I32_VAL(7)};
    wasm_val_vec_t args1 = WASM_ARRAY_VEC(a1);
    CHECK(wasm_func_call(run, &args1, &results) == NULL && r[0].of.i64 == 21);

    /* Wrong arguments trap instead of crashing. */
    wasm_val_t wrong[1] = {WASM_F32_VAL(1)};
    wasm_val_vec_t wargs = WASM_ARRAY_VEC(wrong);
    wasm_trap_t *t = wasm_func_call(run, &wargs, &results);
    CHECK(t != NULL);
    wasm_trap_delete(t);
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    CHECK((t = wasm_func_call(run, &none, &results)) != NULL);
    wasm_trap_delete(t);

    /* A host trap comes back as the host's trap object, with the trace of
     * the wasm frames that led to it. */
    t = wasm_func_call(wasm_extern_as_func(ex.data[1]), &none, &none);
    CHECK(t && wasm_trap_get_host_info(t) == (void *)0x5);
    wasm_message_t msg;
    if (t) {
        wasm_trap_message(t, &msg);
        CHECK(msg.size == 13 && strcmp(msg.data, "host says no") == 0);
        wasm_name_delete(&msg);
        wasm_frame_vec_t trace;
        wasm_trap_trace(t, &trace);
        CHECK(trace.size == 2);
        CHECK(trace.size == 2 && wasm_frame_func_index(trace.data[0]) == 3 &&
              wasm_frame_func_index(trace.data[1]) == 4);
        CHECK(trace.size && wasm_frame_instance(trace.data[0]) == inst);
        wasm_frame_vec_delete(&trace);
        wasm_frame_t *origin = wasm_trap_origin(t);
        CHECK(origin && wasm_frame_func_index(origin) == 3);
        wasm_frame_delete(origin);
        wasm_trap_delete(t);
    }
    t = wasm_func_call(wasm_extern_as_func(ex.data[2]), &none, &none);
    CHECK(t != NULL);
    if (t) {
        wasm_trap_message(t, &msg);
        CHECK(strcmp(msg.data, "out of bounds memory access") == 0);
        wasm_name_delete(&msg);
        wasm_trap_delete(t);
    }
    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(inst);

    /* A trap of the start function is the instantiation's trap. */
    wasm_module_t *sm = module(store, "(module (func $s (unreachable)) (start $s))");
    wasm_extern_vec_t noimports = WASM_EMPTY_VEC;
    wasm_trap_t *st_trap = NULL;
    CHECK(wasm_instance_new(store, sm, &noimports, &st_trap) == NULL && st_trap != NULL);
    if (st_trap) {
        wasm_trap_message(st_trap, &msg);
        CHECK(strcmp(msg.data, "unreachable") == 0);
        wasm_name_delete(&msg);
        wasm_trap_delete(st_trap);
    }
    /* Too few imports is a trap too. */
    CHECK(wasm_instance_new(store, m, &noimports, &st_trap) == NULL && st_trap != NULL);
    wasm_trap_delete(st_trap);
    wasm_module_delete(sm);
    wasm_module_delete(m);

    CHECK(env_finalized == NULL);
    wasm_store_delete(store);
    CHECK(env_finalized == &factor);
}

static void test_objects_and_refs(void)
{
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *m = module(store,
        "(module (table (export \"t\") 2 4 externref)"
        "  (table (export \"ft\") 1 funcref)"
        "  (memory (export \"m\") 1 2)"
        "  (global (export \"g\") (mut externref) (ref.null extern))"
        "  (func (export \"get\") (param i32) (result externref) (table.get 0 (local.get 0)))"
        "  (func (export \"f\") (result i32) (i32.const 11))"
        "  (func (export \"callf\") (result i32) (call_indirect 1 (result i32) (i32.const 0))))");
    wasm_extern_vec_t none_ext = WASM_EMPTY_VEC;
    wasm_instance_t *inst = wasm_instance_new(store, m, &none_ext, NULL);
    wasm_module_delete(m);   /* the store keeps what its instances need */
    CHECK(inst != NULL);
    if (!inst)
        return;
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    wasm_table_t *t = wasm_extern_as_table(ex.data[0]);
    wasm_table_t *ft = wasm_extern_as_table(ex.data[1]);
    wasm_memory_t *mem = wasm_extern_as_memory(ex.data[2]);
    wasm_global_t *g = wasm_extern_as_global(ex.data[3]);
    wasm_func_t *get = wasm_extern_as_func(ex.data[4]);
    wasm_func_t *f = wasm_extern_as_func(ex.data[5]);
    wasm_func_t *callf = wasm_extern_as_func(ex.data[6]);
    CHECK(t && ft && mem && g && get && f && callf);
    CHECK(wasm_extern_kind(ex.data[2]) == WASM_EXTERN_MEMORY);

    /* One handle per object: the same export twice is the same handle. */
    wasm_extern_vec_t ex2;
    wasm_instance_exports(inst, &ex2);
    CHECK(ex2.data[5] == ex.data[5] && wasm_func_same(f, wasm_extern_as_func(ex2.data[5])));
    wasm_extern_vec_delete(&ex2);

    /* Foreign references through a table and back, identity and host info
     * intact; the finalizer runs with the store. */
    wasm_foreign_t *fo = wasm_foreign_new(store);
    wasm_foreign_set_host_info_with_finalizer(fo, (void *)40, finalize);
    wasm_ref_t *fr = wasm_foreign_as_ref(fo);
    CHECK(wasm_table_set(t, 1, fr));
    CHECK(!wasm_table_set(t, 2, fr));
    wasm_val_t a[1] = {WASM_I32_VAL(1)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(get, &args, &results) == NULL);
    CHECK(r[0].kind == WASM_EXTERNREF && wasm_ref_same(r[0].of.ref, fr));
    CHECK(r[0].of.ref && wasm_ref_get_host_info(r[0].of.ref) == (void *)40);
    wasm_val_delete(&r[0]);
    wasm_ref_t *got = wasm_table_get(t, 0);
    CHECK(got == NULL);
    CHECK(wasm_table_grow(t, 2, fr) && wasm_table_size(t) == 4 && !wasm_table_grow(t, 1, NULL));
    got = wasm_table_get(t, 3);
    CHECK(got && wasm_ref_same(got, fr));
    wasm_ref_delete(got);

    /* A function reference into a funcref table; a foreign one is refused. */
    CHECK(wasm_table_set(ft, 0, wasm_func_as_ref(f)));
    CHECK(!wasm_table_set(ft, 0, fr));
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(callf, &none, &results) == NULL && r[0].of.i32 == 11);
    got = wasm_table_get(ft, 0);
    CHECK(got && wasm_ref_as_func(got) == f);

    /* Globals: host sets, wasm sees. */
    wasm_val_t v = {.kind = WASM_EXTERNREF, .of = {.ref = fr}}, out;
    wasm_global_set(g, &v);
    wasm_global_get(g, &out);
    CHECK(out.kind == WASM_EXTERNREF && out.of.ref == fr);
    wasm_globaltype_t *gt = wasm_global_type(g);
    CHECK(wasm_globaltype_mutability(gt) == WASM_VAR);
    wasm_globaltype_delete(gt);
    wasm_globaltype_t *ct = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t seven = WASM_I32_VAL(7), eight = WASM_I32_VAL(8);
    wasm_global_t *cg = wasm_global_new(store, ct, &seven);
    wasm_global_set(cg, &eight);   /* immutable: ignored */
    wasm_global_get(cg, &out);
    CHECK(out.of.i32 == 7);
    wasm_val_t wrong = WASM_F32_VAL(1);
    CHECK(wasm_global_new(store, ct, &wrong) == NULL);
    wasm_globaltype_delete(ct);

    /* Memory: host-side growth, data, type. */
    CHECK(wasm_memory_size(mem) == 1 && wasm_memory_data_size(mem) == MEMORY_PAGE_SIZE);
    wasm_memory_data(mem)[65535] = 9;
    CHECK(wasm_memory_grow(mem, 1) && wasm_memory_size(mem) == 2 && !wasm_memory_grow(mem, 1));
    CHECK(wasm_memory_data(mem)[65535] == 9 && wasm_memory_data(mem)[65536] == 0);
    wasm_memorytype_t *mt = wasm_memory_type(mem);
    CHECK(wasm_memorytype_limits(mt)->min == 2 && wasm_memorytype_limits(mt)->max == 2);
    wasm_memorytype_delete(mt);
    wasm_limits_t bad = {3, 2};
    wasm_memorytype_t *bt = wasm_memorytype_new(&bad);
    CHECK(wasm_memory_new(store, bt) == NULL);
    wasm_memorytype_delete(bt);

    /* Host info on an instance, finalized with the store. */
    wasm_instance_set_host_info_with_finalizer(inst, (void *)100, finalize);
    wasm_instance_set_host_info_with_finalizer(inst, (void *)200, finalize);
    CHECK(wasm_instance_get_host_info(inst) == (void *)200);
    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(inst);
    finalized = 0;
    wasm_store_delete(store);
    CHECK(finalized == 240);
}

/* Threads: one module shared, a store per thread. */
static wasm_shared_module_t *shared;

static wasm_trap_t *add_one(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = args->data[0].of.i32 + 1;
    return NULL;
}

static void *thread_main(void *arg)
{
    int id = (int)(intptr_t)arg, ok = 1;
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *m = wasm_module_obtain(store, shared);
    wasm_functype_t *ft = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_func_t *h = wasm_func_new(store, ft, add_one);
    wasm_functype_delete(ft);
    wasm_extern_t *imps[] = {wasm_func_as_extern(h)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imps);
    for (int rep = 0; rep < 50 && ok; rep++) {
        wasm_instance_t *inst = wasm_instance_new(store, m, &imports, NULL);
        wasm_extern_vec_t ex;
        wasm_instance_exports(inst, &ex);
        wasm_val_t a[1] = {WASM_I32_VAL(id * 1000 + rep)}, r[1] = {WASM_INIT_VAL};
        wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
        ok = !wasm_func_call(wasm_extern_as_func(ex.data[0]), &args, &results) &&
             r[0].of.i32 == id * 1000 + rep + 2;
        wasm_extern_vec_delete(&ex);
        wasm_instance_delete(inst);
    }
    wasm_module_delete(m);
    wasm_store_delete(store);
    return (void *)(intptr_t)ok;
}

static void test_threads(void)
{
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *m = module(store,
        "(module (import \"\" \"inc\" (func $inc (param i32) (result i32)))"
        "  (func (export \"run\") (param i32) (result i32) (call $inc (call $inc (local.get 0)))))");
    shared = wasm_module_share(m);
    wasm_module_delete(m);
    wasm_store_delete(store);   /* the shared module outlives the store it came from */
    pthread_t t[8];
    for (intptr_t i = 0; i < 8; i++)
        CHECK(pthread_create(&t[i], NULL, thread_main, (void *)i) == 0);
    for (int i = 0; i < 8; i++) {
        void *ok;
        pthread_join(t[i], &ok);
        CHECK(ok == (void *)1);
    }
    wasm_shared_module_delete(shared);
}

int main(void)
{
    engine = wasm_engine_new();
    test_vectors_and_types();
    test_module_reflection();
    test_funcs_and_traps();
    test_objects_and_refs();
    test_threads();
    wasm_engine_delete(engine);
    return check_report();
}
