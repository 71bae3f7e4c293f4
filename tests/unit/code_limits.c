/*
 * code_limits.c -- what code may cost (exec/exec.h): an engine counts the
 * code its stores compiled, once per function however many instances and
 * stores share it, until the module frees it, and refuses to compile past
 * its limit with the trap "code size limit exceeded", on every tier and
 * whether the call comes from the host or from compiled code, the trap's
 * innermost frame the function refused; and no function's code passes the
 * bound linear in its size.
 */
#include <string.h>

#include "base/buf.h"
#include "binary/decode.h"
#include "interp/interp.h"
#include "jit/jit.h"
#include "text/wat.h"
#include "valid/validate.h"
#include "check.h"

/* `f` calls `g` (a body of some size, so its code is not tiny). */
static const char wat[] =
    "(module\n"
    "  (func $g (param i32) (result i32)\n"
    "    (i32.add (i32.mul (local.get 0) (i32.const 3))\n"
    "             (i32.xor (local.get 0) (i32.const 0x55)))\n"
    "    (i32.rotl (i32.const 7)) (i32.popcnt) (i32.const 1) (i32.add))\n"
    "  (func (export \"f\") (param i32) (result i32) (call $g (local.get 0))))\n";

enum { G = 0, F = 1 };   /* function indices */

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

/* Calls export `f` of a new instance of `m` in `s`: its trap, or
 * KN_TRAP_COUNT when the call could not be made; *result its result. */
static kn_trap_code call_f(kn_store *s, const kn_module *m, uint32_t *result)
{
    kn_error err;
    kn_error_clear(&err);
    kn_instance *inst = kn_instantiate(s, m, NULL, &err);
    kn_extern ex;
    if (!inst || !kn_instance_export(inst, "f", 1, &ex))
        return KN_TRAP_COUNT;
    kn_value a = {.i32 = 2}, r = {0};
    kn_trap_code trap = kn_call(s, ex.of.func, &a, &r);
    *result = r.i32;
    return trap;
}

/* The bytes `tier` makes of function `func` of `m`. */
static size_t code_size(const kn_tier *tier, const kn_module *m, uint32_t func)
{
    kn_code *c = tier->compile(m, func);
    size_t size = c ? c->size : 0;
    if (c)
        c->tier->free(c);
    return size;
}

/* (2 * 3 + (2 ^ 0x55)) rotl 7, popcnt, + 1 */
static uint32_t expected(void)
{
    uint32_t x = 2 * 3 + (2 ^ 0x55);
    x = (x << 7) | (x >> 25);
    return (uint32_t)__builtin_popcount(x) + 1;
}

/* The account on `tier`: counted once, given back, and the limit. */
static void account(const kn_tier *tier)
{
    kn_module *m = compile();
    kn_engine *e = kn_engine_new(tier);
    CHECK(m && e);
    if (!m || !e)
        return;
    size_t f_size = code_size(tier, m, F), g_size = code_size(tier, m, G);
    CHECK(f_size > 0 && g_size > 0);
    CHECK(kn_engine_max_code(e) == KN_DEFAULT_MAX_CODE_BYTES);

    /* Two stores, three instances: each function counted once. */
    kn_store *s1 = kn_store_new(e), *s2 = kn_store_new(e);
    uint32_t r = 0;
    CHECK(s1 && call_f(s1, m, &r) == KN_TRAP_NONE && r == expected());
    CHECK(s1 && call_f(s1, m, &r) == KN_TRAP_NONE);
    CHECK(s2 && call_f(s2, m, &r) == KN_TRAP_NONE);
    CHECK(kn_engine_code_bytes(e) == f_size + g_size);
    kn_store_delete(s1);
    kn_store_delete(s2);
    CHECK(kn_engine_code_bytes(e) == f_size + g_size);   /* the module holds it */
    kn_module_delete(m);
    CHECK(kn_engine_code_bytes(e) == 0);

    /* A limit that leaves room for f but not g: f compiles, and its call
     * of g -- from compiled code, on the JIT -- traps; the store runs
     * again once the limit allows g. */
    m = compile();
    kn_store *s = kn_store_new(e);
    CHECK(m && s);
    if (!m || !s) {
        kn_store_delete(s);
        kn_module_delete(m);
        kn_engine_delete(e);
        return;
    }
    kn_engine_set_max_code(e, f_size + g_size - 1);
    CHECK(call_f(s, m, &r) == KN_TRAP_CODE_LIMIT);
    CHECK(strcmp(kn_trap_message(s, KN_TRAP_CODE_LIMIT), "code size limit exceeded") == 0);
    /* The backtrace names the function refused, g, then its caller. */
    CHECK(s->trap.nframes == 2 && s->trap.frames[0]->index == G &&
          s->trap.frames[1]->index == F);
    CHECK(kn_engine_code_bytes(e) == f_size);
    /* Nor is f compiled when there is no room for it: the call from the
     * host traps, naming f. */
    kn_engine_set_max_code(e, f_size);
    kn_module *m2 = compile();
    CHECK(m2 && call_f(s, m2, &r) == KN_TRAP_CODE_LIMIT);
    CHECK(s->trap.nframes == 1 && s->trap.frames[0]->index == F);
    CHECK(kn_engine_code_bytes(e) == f_size);
    kn_engine_set_max_code(e, 2 * (f_size + g_size));
    CHECK(call_f(s, m, &r) == KN_TRAP_NONE && r == expected());
    CHECK(kn_engine_code_bytes(e) == f_size + g_size);

    /* The engine goes first: the modules still give their code back, to
     * an account that outlives the engine (a leak or a use after free here
     * is the sanitizers' to find). */
    kn_store_delete(s);
    kn_engine_delete(e);
    kn_module_delete(m2);
    kn_module_delete(m);
}

/* A tier whose code claims one byte more than the bound on one function
 * allows: the interpreter's code, its size inflated. */
static kn_code *inflated_compile(const kn_module *m, uint32_t func)
{
    kn_code *c = kn_interp_tier.compile(m, func);
    if (c) {
        const kn_func *fn = &m->funcs[func];
        c->size = (size_t)KN_CODE_PER_BODY_BYTE * fn->code_len +
                  (size_t)KN_CODE_PER_LOCAL * fn->nlocals + KN_CODE_PER_FUNC + 1;
    }
    return c;
}

static const kn_tier inflated_tier = {
    .name = "inflated", .id = 3, .compile = inflated_compile,
};

static void per_function_bound(void)
{
    kn_module *m = compile();
    kn_engine *e = kn_engine_new(&inflated_tier);
    kn_store *s = e ? kn_store_new(e) : NULL;
    CHECK(m && s);
    uint32_t r;
    if (m && s) {
        CHECK(call_f(s, m, &r) == KN_TRAP_CODE_LIMIT);
        CHECK(kn_engine_code_bytes(e) == 0);
    }
    kn_store_delete(s);
    kn_engine_delete(e);
    kn_module_delete(m);
}

int main(void)
{
    account(&kn_interp_tier);
    if (kn_jit_available())
        account(&kn_jit_tier);
    else
        printf("note: no JIT on this machine: the interpreter alone is tested\n");
    per_function_bound();
    return check_report();
}
