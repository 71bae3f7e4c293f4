/*
 * api.c -- call overhead through kiln's embedding APIs (bench/api.sh):
 * host->wasm, the time of one call of an empty export, and wasm->host, the
 * time of one call of an empty host function from a wasm loop less the
 * loop alone; through kiln.h and through the standard wasm.h.
 *
 *   api FILE.wasm N      prints "name ns-per-call" lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kiln.h"
#include "wasm.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static kiln_error *nop(kiln_caller *c, void *data, const kiln_val *args, kiln_val *results)
{
    (void)c, (void)data, (void)args, (void)results;
    return NULL;
}

static wasm_trap_t *wasm_nop(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args, (void)results;
    return NULL;
}

static int die(const char *what)
{
    fprintf(stderr, "api: %s\n", what);
    return 1;
}

/* kiln.h: returns 0 and prints the two figures. */
static int bench_kiln(const char *bytes, size_t len, int n)
{
    kiln_engine *engine = kiln_engine_new(NULL);
    kiln_module *module;
    kiln_error *e = kiln_module_new(engine, bytes, len, &module);
    if (e)
        return die(kiln_error_message(e));
    kiln_linker *linker = kiln_linker_new(engine);
    const kiln_functype void_void = {0, 0, NULL, NULL};
    kiln_linker_define_func(linker, "env", "nop", &void_void, nop, NULL);
    kiln_store *store = kiln_store_new(engine);
    kiln_instance *inst;
    if ((e = kiln_linker_instantiate(linker, store, module, &inst)))
        return die(kiln_error_message(e));
    kiln_func *empty = kiln_instance_func(inst, "empty");
    double t0 = now();
    for (int i = 0; i < n; i++)
        if ((e = kiln_call(store, empty, NULL, 0, NULL, 0)))
            return die(kiln_error_message(e));
    double t1 = now();
    kiln_val arg = kiln_i32(n);
    if ((e = kiln_call(store, kiln_instance_func(inst, "call_host"), &arg, 1, NULL, 0)))
        return die(kiln_error_message(e));
    double t2 = now();
    if ((e = kiln_call(store, kiln_instance_func(inst, "loop"), &arg, 1, NULL, 0)))
        return die(kiln_error_message(e));
    double t3 = now();
    printf("kiln.h host->wasm %.1f\n", (t1 - t0) / n);
    printf("kiln.h wasm->host %.1f\n", ((t2 - t1) - (t3 - t2)) / n);
    kiln_store_delete(store);
    kiln_linker_delete(linker);
    kiln_module_delete(module);
    kiln_engine_delete(engine);
    return 0;
}

static int bench_wasm(const char *bytes, size_t len, int n)
{
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t binary = {len, (char *)bytes};
    wasm_module_t *module = wasm_module_new(store, &binary);
    if (!module)
        return die("wasm_module_new failed");
    wasm_functype_t *type = wasm_functype_new_0_0();
    wasm_func_t *host = wasm_func_new(store, type, wasm_nop);
    wasm_functype_delete(type);
    wasm_extern_t *externs[] = {wasm_func_as_extern(host)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
    wasm_instance_t *inst = wasm_instance_new(store, module, &imports, NULL);
    if (!inst)
        return die("wasm_instance_new failed");
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    const wasm_func_t *empty = wasm_extern_as_func(exports.data[0]);
    const wasm_func_t *call_host = wasm_extern_as_func(exports.data[1]);
    const wasm_func_t *loop = wasm_extern_as_func(exports.data[2]);
    wasm_val_vec_t none = WASM_EMPTY_VEC;
    double t0 = now();
    for (int i = 0; i < n; i++)
        if (wasm_func_call(empty, &none, &none))
            return die("wasm_func_call trapped");
    double t1 = now();
    wasm_val_t a[1] = {WASM_I32_VAL(n)};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a);
    if (wasm_func_call(call_host, &args, &none))
        return die("call_host trapped");
    double t2 = now();
    if (wasm_func_call(loop, &args, &none))
        return die("loop trapped");
    double t3 = now();
    printf("wasm.h host->wasm %.1f\n", (t1 - t0) / n);
    printf("wasm.h wasm->host %.1f\n", ((t2 - t1) - (t3 - t2)) / n);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return die("usage: api FILE.wasm N");
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return die("cannot open the module");
    static char bytes[4096];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    int n = atoi(argv[2]);
    return bench_kiln(bytes, len, n) || bench_wasm(bytes, len, n);
}
