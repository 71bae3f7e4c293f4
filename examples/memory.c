/*
 * memory.c -- sharing memory with a guest: the host writes a string into
 * guest memory, the guest transforms it in place and hands a pointer back
 * to a host function, which checks the guest's pointer and length before
 * reading.
 *
 *   build/examples/memory
 */
#include <stdio.h>
#include <string.h>

#include "kiln.h"

static const char wat[] =
    "(module\n"
    "  (import \"env\" \"print\" (func $print (param i32 i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  ;; upper(ptr, len): ASCII lower case to upper case in place, then print\n"
    "  (func (export \"upper\") (param $p i32) (param $n i32) (local $i i32) (local $c i32)\n"
    "    (block $done (loop $next\n"
    "      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))\n"
    "      (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $i))))\n"
    "      (if (i32.and (i32.ge_u (local.get $c) (i32.const 97))\n"
    "                   (i32.le_u (local.get $c) (i32.const 122)))\n"
    "        (then (i32.store8 (i32.add (local.get $p) (local.get $i))\n"
    "                          (i32.sub (local.get $c) (i32.const 32)))))\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br $next)))\n"
    "    (call $print (local.get $p) (local.get $n)))\n"
    "  (func (export \"bad_print\") (call $print (i32.const 65530) (i32.const 100))))";

/* A guest pointer is only an offset: kiln_memory_ptr checks that all
 * [ptr, ptr + len) lies inside the caller's memory before the host touches
 * it. */
static kiln_error *print(kiln_caller *caller, void *data, const kiln_val *args, kiln_val *results)
{
    (void)data, (void)results;
    uint32_t ptr = (uint32_t)args[0].of.i32, len = (uint32_t)args[1].of.i32;
    const char *s = kiln_memory_ptr(kiln_caller_memory(caller), ptr, len);
    if (!s)
        return kiln_error_new("print: [%u, %u + %u) is outside the guest's memory", ptr, ptr, len);
    printf("guest says: %.*s\n", (int)len, s);
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
    const kiln_valtype two_i32[] = {KILN_I32, KILN_I32};
    const kiln_functype print_type = {2, 0, two_i32, NULL};
    kiln_linker *linker = kiln_linker_new(engine);
    kiln_linker_define_func(linker, "env", "print", &print_type, print, NULL);
    kiln_store *store = kiln_store_new(engine);
    kiln_instance *inst;
    if ((e = kiln_linker_instantiate(linker, store, module, &inst))) {
        fprintf(stderr, "%s\n", kiln_error_message(e));
        return 1;
    }

    /* The host writes into guest memory (checked), the guest works on it. */
    kiln_memory *mem = kiln_instance_memory(inst, "memory");
    const char msg[] = "hello from the host";
    kiln_memory_write(mem, 1024, msg, strlen(msg));
    kiln_val args[2] = {kiln_i32(1024), kiln_i32((int32_t)strlen(msg))};
    if ((e = kiln_call(store, kiln_instance_func(inst, "upper"), args, 2, NULL, 0)))
        fprintf(stderr, "%s\n", kiln_error_message(e));

    /* The host reads the result back. */
    char back[sizeof msg] = {0};
    kiln_memory_read(mem, 1024, back, strlen(msg));
    printf("host reads: %s\n", back);

    /* A guest pointer past the end is refused, not followed. */
    e = kiln_call(store, kiln_instance_func(inst, "bad_print"), NULL, 0, NULL, 0);
    printf("bad pointer: %s\n", e ? kiln_error_message(e) : "accepted?!");
    kiln_error_delete(e);

    kiln_store_delete(store);
    kiln_linker_delete(linker);
    kiln_module_delete(module);
    kiln_engine_delete(engine);
    return 0;
}
