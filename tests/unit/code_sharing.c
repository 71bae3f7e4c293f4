/*
 * code_sharing.c -- code belongs to the module: a function is compiled
 * once, on its first call, and every later instance of the module runs the
 * same code, in the same store, in another store and in another thread.
 * Instances stay apart all the same: each has its own globals and memory,
 * and call_indirect checks types against the calling instance's ids.
 */
#include <pthread.h>
#include <string.h>

#include "base/buf.h"
#include "binary/decode.h"
#include "interp/interp.h"
#include "text/wat.h"
#include "valid/validate.h"
#include "check.h"

static kn_engine *engine;

/* Three functions: `bump` adds its argument to the instance's global and
 * returns it, through `add` by call_indirect; `peek` reads memory. */
static const char wat[] =
    "(module\n"
    "  (type $bin (func (param i32 i32) (result i32)))\n"
    "  (global $g (mut i32) (i32.const 0))\n"
    "  (memory 1)\n"
    "  (table funcref (elem $add))\n"
    "  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))\n"
    "  (func (export \"bump\") (param i32) (result i32)\n"
    "    (global.set $g (call_indirect (type $bin) (global.get $g) (local.get 0)\n"
    "                                  (i32.const 0)))\n"
    "    (i32.store (i32.const 8) (global.get $g))\n"
    "    (global.get $g))\n"
    "  (func (export \"peek\") (result i32) (i32.load (i32.const 8))))\n";

static kn_module *compile(void)
{
    kn_buf b;
    kn_error err;
    kn_buf_init(&b);
    kn_error_clear(&err);
    kn_module *m = NULL;
    if (kn_wat_to_wasm(wat, sizeof wat - 1, NULL, &b, &err))
        m = kn_decode(b.data, b.len, &err);
    kn_buf_free(&b);
    if (m && !kn_validate(m, &err)) {
        kn_module_delete(m);
        m = NULL;
    }
    return m;
}

static uint32_t call(kn_store *s, kn_instance *inst, const char *name, uint32_t arg)
{
    kn_extern ex;
    kn_value a = {.i32 = arg}, r = {0};
    if (!kn_instance_export(inst, name, strlen(name), &ex) ||
        kn_call(s, ex.of.func, &a, &r) != KN_TRAP_NONE)
        return UINT32_MAX;
    return r.i32;
}

/* Instantiates `m` `n` times in store `s` and checks each instance keeps
 * its own state; returns the number of failed checks. */
static unsigned run_instances(const kn_module *m, kn_store *s, int n)
{
    unsigned bad = 0;
    for (int i = 0; i < n; i++) {
        kn_error err;
        kn_error_clear(&err);
        kn_instance *inst = kn_instantiate(s, m, NULL, &err);
        bad += inst == NULL;
        if (!inst)
            continue;
        bad += call(s, inst, "bump", 5) != 5;
        bad += call(s, inst, "bump", (uint32_t)i) != 5 + (uint32_t)i;
        bad += call(s, inst, "peek", 0) != 5 + (uint32_t)i;
    }
    return bad;
}

typedef struct job {
    const kn_module *m;
    unsigned bad;
} job;

static void *thread_main(void *arg)
{
    job *j = arg;
    kn_store *s = kn_store_new(engine);
    j->bad = s ? run_instances(j->m, s, 20) : 1;
    kn_store_delete(s);
    return NULL;
}

int main(void)
{
    engine = kn_engine_new(&kn_interp_tier);
    kn_module *m = compile();
    CHECK(engine && m);
    if (!engine || !m)
        return check_report();

    /* One store, many instances: the three functions compiled once. */
    kn_store *s1 = kn_store_new(engine);
    CHECK(run_instances(m, s1, 10) == 0);
    CHECK(kn_code_compiled(m, &kn_interp_tier) == 3);

    /* A second store of the same engine compiles nothing again. */
    kn_store *s2 = kn_store_new(engine);
    CHECK(run_instances(m, s2, 10) == 0);
    CHECK(kn_code_compiled(m, &kn_interp_tier) == 3);

    /* Nor do two threads, each with a store of its own, at once. */
    pthread_t t[2];
    job jobs[2] = {{m, 0}, {m, 0}};
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, thread_main, &jobs[i]) == 0);
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        CHECK(jobs[i].bad == 0);
    }
    CHECK(kn_code_compiled(m, &kn_interp_tier) == 3);

    /* A new module of the same bytes is a new module: its own code. */
    kn_module *m2 = compile();
    CHECK(m2 && run_instances(m2, s1, 1) == 0);
    CHECK(m2 && kn_code_compiled(m2, &kn_interp_tier) == 3);

    kn_store_delete(s1);
    kn_store_delete(s2);
    kn_module_delete(m2);
    kn_module_delete(m);
    kn_engine_delete(engine);
    return check_report();
}
