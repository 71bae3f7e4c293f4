/*
 * host_func.c -- wasm calling the host: a host function with user data,
 * and a host function that fails, which traps the wasm call.
 *
 *   build/examples/host_func
 */
#include <stdio.h>

#include "kiln.h"

static const char wat[] =
    "(module\n"
    "  (import \"env\" \"add_to_total\" (func $add (param i32)))\n"
    "  (import \"env\" \"check\" (func $check (param i32)))\n"
    "  (func (export \"sum\") (param $n i32)\n"
    "    (loop $next\n"
    "      (call $add (local.get $n))\n"
    "      (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))\n"
    "  (func $validate (export \"validate\") (param i32) (call $check (local.get 0))))";

/* The user-data pointer given at definition reaches every call. */
static kiln_error *add_to_total(kiln_caller *caller, void *data, const kiln_val *args,
                                kiln_val *results)
{
    (void)caller, (void)results;
    *(long *)data += args[0].of.i32;
    return NULL;
}

/* Returning an error ends the wasm call with a KILN_TRAP_HOST trap. */
static kiln_error *check(kiln_caller *caller, void *data, const kiln_val *args, kiln_val *results)
{
    (void)caller, (void)data, (void)results;
    if (args[0].of.i32 < 0)
        return kiln_error_new("negative value %d", args[0].of.i32);
    return NULL;
}

int main(void)
{
    kiln_engine *engine = kiln_engine_new(NULL);
    kiln_module *module;
    kiln_error *e = kiln_module_new(engine, wat, sizeof wat - 1, &module);
    if (e) {
        fprintf(stderr, "%s\n", kiln_error_message(e));
        return 1;
    }

    /* Host functions are defined by module and name, with their type. */
    long total = 0;
    const kiln_valtype one_i32[] = {KILN_I32};
    const kiln_functype i32_to_void = {1, 0, one_i32, NULL};
    kiln_linker *linker = kiln_linker_new(engine);
    kiln_linker_define_func(linker, "env", "add_to_total", &i32_to_void, add_to_total, &total);
    kiln_linker_define_func(linker, "env", "check", &i32_to_void, check, NULL);

    kiln_store *store = kiln_store_new(engine);
    kiln_instance *inst;
    if ((e = kiln_linker_instantiate(linker, store, module, &inst))) {
        fprintf(stderr, "%s\n", kiln_error_message(e));
        return 1;
    }

    kiln_val n = kiln_i32(100);
    if ((e = kiln_call(store, kiln_instance_func(inst, "sum"), &n, 1, NULL, 0))) {
        fprintf(stderr, "%s\n", kiln_error_message(e));
        return 1;
    }
    printf("sum 1..100 = %ld\n", total);

    /* The failing host call comes back as a trap with a backtrace. */
    n = kiln_i32(-5);
    e = kiln_call(store, kiln_instance_func(inst, "validate"), &n, 1, NULL, 0);
    if (e && kiln_error_trap(e) == KILN_TRAP_HOST) {
        printf("trap: %s\n", kiln_error_message(e));
        for (size_t i = 0; i < kiln_error_frame_count(e); i++)
            printf("  %zu: %s\n", i, kiln_error_frame_name(e, i));
    }
    kiln_error_delete(e);

    kiln_store_delete(store);
    kiln_linker_delete(linker);
    kiln_module_delete(module);
    kiln_engine_delete(engine);
    return 0;
}
