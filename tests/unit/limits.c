/*
 * limits.c -- every limit ends runaway code with its own trap and leaves
 * the store healthy: fuel, interrupt (from another thread), timeout, call
 * depth, the memory and table caps; and out-of-bounds accesses trap at
 * exactly the spec's boundary (spec 4.4.7: ea + N > size) for every access
 * width and offset, whether guard pages or explicit checks catch them.
 */
#define _DEFAULT_SOURCE 1   /* nanosleep */

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "binary/decode.h"
#include "interp/interp.h"
#include "jit/jit.h"
#include "runtime/guard.h"
#include "runtime/runtime.h"
#include "runtime/watchdog.h"
#include "text/wat.h"
#include "valid/validate.h"
#include "check.h"

/* The engine every store of this program is made from. */
static kn_engine *engine;

/* A module of text `wat`, instantiated in a store of its own. */
typedef struct fixture {
    kn_module *m;
    kn_store *s;
    kn_instance *inst;
    kn_error err;
} fixture;

static kn_module *compile(const char *wat, kn_error *err)
{
    kn_buf b;
    kn_buf_init(&b);
    kn_module *m = NULL;
    kn_error_clear(err);
    if (kn_wat_to_wasm(wat, strlen(wat), NULL, &b, err))
        m = kn_decode(b.data, b.len, err);
    kn_buf_free(&b);
    if (m && !kn_validate(m, err)) {
        kn_module_delete(m);
        m = NULL;
    }
    return m;
}

/* `limits` (may be NULL) are set before instantiation; `imports` too. */
static bool setup(fixture *f, const char *wat, const kn_store_limits *limits,
                  const kn_extern *imports)
{
    memset(f, 0, sizeof *f);
    f->m = compile(wat, &f->err);
    f->s = kn_store_new(engine);
    if (!f->m || !f->s)
        return false;
    if (limits)
        f->s->limits = *limits;
    f->inst = kn_instantiate(f->s, f->m, imports, &f->err);
    return f->inst != NULL;
}

static void teardown(fixture *f)
{
    kn_store_delete(f->s);
    kn_module_delete(f->m);
}

static kn_funcinst *func(const fixture *f, const char *name)
{
    kn_extern ex;
    if (!f->inst || !kn_instance_export(f->inst, name, strlen(name), &ex) ||
        ex.kind != KN_EXTERN_FUNC)
        return NULL;
    return ex.of.func;
}

/* Calls export `name` with up to two i32 arguments; the i32 result, if
 * any, goes to *result. */
static kn_trap_code call(const fixture *f, const char *name, uint32_t a, uint32_t b,
                         uint32_t *result)
{
    kn_funcinst *fn = func(f, name);
    if (!fn)
        return KN_TRAP_COUNT;
    kn_value args[2] = {{.i32 = a}, {.i32 = b}}, res[1] = {{0}};
    kn_trap_code t = kn_call(f->s, fn, args, res);
    if (result)
        *result = res[0].i32;
    return t;
}

static const char spin_wat[] =
    "(module\n"
    "  (func (export \"spin\") (loop $l (br $l)))\n"
    "  (func $nop)\n"
    "  (func (export \"spin_calls\") (loop $l (call $nop) (br $l)))\n"
    "  (func (export \"add\") (param i32 i32) (result i32)\n"
    "    (i32.add (local.get 0) (local.get 1)))\n"
    "  (func (export \"count\") (param $n i32) (local $i i32)\n"
    "    (loop $l\n"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
    "      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))\n";

/* Fuel: about one unit per instruction, charged per loop iteration and per
 * call; `count`'s loop body is 8 instructions and its body outside the
 * loop 1, so count(n) costs exactly 1 + 8n. */
static void test_fuel(void)
{
    fixture f;
    CHECK(setup(&f, spin_wat, NULL, NULL));
    f.s->fuel_enabled = true;
    f.s->fuel = 1000000;
    CHECK(call(&f, "spin", 0, 0, NULL) == KN_TRAP_OUT_OF_FUEL);
    CHECK(f.s->fuel == 0);
    CHECK(strcmp(kn_trap_message(f.s, KN_TRAP_OUT_OF_FUEL), "all fuel consumed") == 0);
    CHECK(f.s->trap.nframes == 1 && f.s->trap.frames[0] == func(&f, "spin"));

    f.s->fuel = 1000000;
    CHECK(call(&f, "spin_calls", 0, 0, NULL) == KN_TRAP_OUT_OF_FUEL);

    /* Refuelled, the same store runs again. */
    uint32_t r = 0;
    f.s->fuel = 8001;
    CHECK(call(&f, "count", 1000, 0, NULL) == KN_TRAP_NONE);
    CHECK(f.s->fuel == 0);
    f.s->fuel = 8000;
    CHECK(call(&f, "count", 1000, 0, NULL) == KN_TRAP_OUT_OF_FUEL);
    f.s->fuel = 100;
    CHECK(call(&f, "add", 2, 3, &r) == KN_TRAP_NONE && r == 5);
    CHECK(f.s->fuel == 100 - 3);   /* local.get, local.get, i32.add */

    /* Without fuel nothing is counted. */
    f.s->fuel_enabled = false;
    CHECK(call(&f, "count", 100000, 0, NULL) == KN_TRAP_NONE);
    CHECK(f.s->fuel == 97);
    teardown(&f);
}

/* Bulk memory operations pay for their length: a loop filling 4 MiB per
 * iteration runs out of a million units of fuel within a few iterations,
 * not after a hundred thousand of them. */
static const char fill_wat[] =
    "(module\n"
    "  (memory 64)\n"
    "  (global $rounds (export \"rounds\") (mut i32) (i32.const 0))\n"
    "  (func (export \"fill\")\n"
    "    (loop $l\n"
    "      (memory.fill (i32.const 0) (i32.const 7) (i32.const 0x400000))\n"
    "      (global.set $rounds (i32.add (global.get $rounds) (i32.const 1)))\n"
    "      (br $l))))\n";

static void test_bulk_fuel(void)
{
    fixture f;
    CHECK(setup(&f, fill_wat, NULL, NULL));
    f.s->fuel_enabled = true;
    f.s->fuel = 1000000;
    CHECK(call(&f, "fill", 0, 0, NULL) == KN_TRAP_OUT_OF_FUEL);
    kn_extern ex;
    CHECK(f.inst && kn_instance_export(f.inst, "rounds", 6, &ex) &&
          ex.kind == KN_EXTERN_GLOBAL);
    if (f.inst && ex.kind == KN_EXTERN_GLOBAL) {
        /* 4 MiB at one unit per 64 bytes is 65,536 units a round. */
        CHECK(ex.of.global->value.i32 >= 14 && ex.of.global->value.i32 <= 16);
    }
    teardown(&f);
}

typedef struct interrupter {
    kn_store *s;
    long delay_ns;
} interrupter;

static void *interrupt_later(void *arg)
{
    const interrupter *i = arg;
    struct timespec ts = {0, i->delay_ns};
    nanosleep(&ts, NULL);
    kn_store_interrupt(i->s);
    return NULL;
}

/* An interrupt from another thread stops an infinite loop whenever it
 * comes: before the call starts, the call's first loop header takes it. */
static void test_interrupt(void)
{
    fixture f;
    CHECK(setup(&f, spin_wat, NULL, NULL));
    const char *loops[] = {"spin", "spin_calls"};
    for (int k = 0; k < 2; k++) {
        interrupter i = {f.s, 20 * 1000 * 1000};
        pthread_t th;
        CHECK(pthread_create(&th, NULL, interrupt_later, &i) == 0);
        CHECK(call(&f, loops[k], 0, 0, NULL) == KN_TRAP_INTERRUPTED);
        pthread_join(th, NULL);
        CHECK(atomic_load(&f.s->interrupt) == 0);   /* taken, so cleared */
        CHECK(strcmp(kn_trap_message(f.s, KN_TRAP_INTERRUPTED), "interrupted") == 0);
        uint32_t r = 0;
        CHECK(call(&f, "add", 40, 2, &r) == KN_TRAP_NONE && r == 42);
    }
    kn_store_interrupt(f.s);
    CHECK(call(&f, "count", 10, 0, NULL) == KN_TRAP_INTERRUPTED);
    CHECK(call(&f, "count", 10, 0, NULL) == KN_TRAP_NONE);
    teardown(&f);
}

static void interrupt_store(void *s)
{
    kn_store_interrupt(s);
}

static void test_timeout(void)
{
    fixture f;
    CHECK(setup(&f, spin_wat, NULL, NULL));
    kn_watchdog *w = kn_watchdog_start(50 * 1000 * 1000, interrupt_store, f.s);
    CHECK(w != NULL);
    CHECK(call(&f, "spin", 0, 0, NULL) == KN_TRAP_INTERRUPTED);
    CHECK(w && kn_watchdog_stop(w));

    /* A watchdog stopped before its time never fires. */
    w = kn_watchdog_start(UINT64_C(3600) * 1000000000, interrupt_store, f.s);
    uint32_t r = 0;
    CHECK(call(&f, "add", 1, 2, &r) == KN_TRAP_NONE && r == 3);
    CHECK(w && !kn_watchdog_stop(w));
    CHECK(call(&f, "count", 10, 0, NULL) == KN_TRAP_NONE);
    teardown(&f);
}

static const char recurse_wat[] =
    "(module\n"
    "  (func $down (export \"down\") (param i32) (result i32)\n"
    "    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))\n"
    "      (else (i32.add (i32.const 1)\n"
    "              (call $down (i32.sub (local.get 0) (i32.const 1)))))))\n"
    "  (func $forever (export \"forever\") (call $forever)))\n";

/* Unbounded recursion ends at the store's call depth: at most
 * max_call_depth frames. down(n) runs n + 1 frames. */
static void test_call_depth(void)
{
    fixture f;
    CHECK(setup(&f, recurse_wat, NULL, NULL));
    uint32_t r = 0;
    CHECK(call(&f, "forever", 0, 0, NULL) == KN_TRAP_STACK_EXHAUSTED);
    CHECK(call(&f, "down", 5000, 0, &r) == KN_TRAP_NONE && r == 5000);
    f.s->limits.max_call_depth = 100;
    CHECK(call(&f, "down", 99, 0, &r) == KN_TRAP_NONE && r == 99);
    CHECK(call(&f, "down", 100, 0, &r) == KN_TRAP_STACK_EXHAUSTED);
    CHECK(call(&f, "forever", 0, 0, NULL) == KN_TRAP_STACK_EXHAUSTED);
    CHECK(call(&f, "down", 98, 0, &r) == KN_TRAP_NONE && r == 98);
    teardown(&f);
}

static const char grow_wat[] =
    "(module\n"
    "  (memory (export \"mem\") 1)\n"
    "  (table 1 funcref)\n"
    "  (func (export \"grow_memory\") (param i32) (result i32)\n"
    "    (memory.grow (local.get 0)))\n"
    "  (func (export \"grow_table\") (param i32) (result i32)\n"
    "    (table.grow (ref.null func) (local.get 0)))\n"
    "  ;; grows one page (element) at a time until refused; returns the size\n"
    "  (func (export \"grow_memory_all\") (result i32)\n"
    "    (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))\n"
    "    (memory.size))\n"
    "  (func (export \"grow_table_all\") (result i32)\n"
    "    (loop $l (br_if $l (i32.ne (table.grow (ref.null func) (i32.const 1))\n"
    "                               (i32.const -1))))\n"
    "    (table.size))\n"
    "  (func (export \"load\") (param i32) (result i32) (i32.load (local.get 0))))\n";

static void test_caps(void)
{
    kn_store_limits lim = {.max_call_depth = 10000, .max_memory_pages = 16,
                           .max_table_elems = 100};
    fixture f;
    uint32_t r = 0;
    CHECK(setup(&f, grow_wat, &lim, NULL));
    CHECK(call(&f, "grow_memory", 65536, 0, &r) == KN_TRAP_NONE && r == UINT32_MAX);
    CHECK(call(&f, "grow_memory_all", 0, 0, &r) == KN_TRAP_NONE && r == 16);
    CHECK(call(&f, "grow_memory", 1, 0, &r) == KN_TRAP_NONE && r == UINT32_MAX);
    CHECK(call(&f, "grow_memory", 0, 0, &r) == KN_TRAP_NONE && r == 16);
    CHECK(call(&f, "load", 16 * 65536 - 4, 0, &r) == KN_TRAP_NONE && r == 0);
    CHECK(call(&f, "load", 16 * 65536 - 3, 0, &r) == KN_TRAP_OOB_MEMORY);
    CHECK(call(&f, "grow_table_all", 0, 0, &r) == KN_TRAP_NONE && r == 100);
    CHECK(call(&f, "grow_table", 1, 0, &r) == KN_TRAP_NONE && r == UINT32_MAX);
    teardown(&f);

    /* A module whose minimum is over the cap does not instantiate. */
    lim.max_memory_pages = 0;
    CHECK(!setup(&f, grow_wat, &lim, NULL));
    CHECK(f.err.kind == KN_ERR_LIMIT);
    teardown(&f);
}

/* ---- the exact boundary of every access ---- */

typedef struct mem_access {
    const char *op;     /* "i64.load16_s" */
    const char *type;   /* the value's type */
    uint32_t width;
    bool store;
} mem_access;

static const mem_access accesses[] = {
    {"i32.load", "i32", 4, false},     {"i64.load", "i64", 8, false},
    {"f32.load", "f32", 4, false},     {"f64.load", "f64", 8, false},
    {"i32.load8_s", "i32", 1, false},  {"i32.load8_u", "i32", 1, false},
    {"i32.load16_s", "i32", 2, false}, {"i32.load16_u", "i32", 2, false},
    {"i64.load8_s", "i64", 1, false},  {"i64.load8_u", "i64", 1, false},
    {"i64.load16_s", "i64", 2, false}, {"i64.load16_u", "i64", 2, false},
    {"i64.load32_s", "i64", 4, false}, {"i64.load32_u", "i64", 4, false},
    {"i32.store", "i32", 4, true},     {"i64.store", "i64", 8, true},
    {"f32.store", "f32", 4, true},     {"f64.store", "f64", 8, true},
    {"i32.store8", "i32", 1, true},    {"i32.store16", "i32", 2, true},
    {"i64.store8", "i64", 1, true},    {"i64.store16", "i64", 2, true},
    {"i64.store32", "i64", 4, true},
};
enum { NACCESSES = sizeof accesses / sizeof accesses[0] };

static const uint32_t offsets[] = {0, 1, 3, 7, 8, 65535, 65536, 131071, 0x7fffffff,
                                   0xfffffff0u, 0xffffffffu};
enum { NOFFSETS = sizeof offsets / sizeof offsets[0] };

/* All ones, in each type. */
static const char *ones(const char *type)
{
    return type[0] == 'i' ? "-1" : type[1] == '3' ? "-nan:0x7fffff" : "-nan:0xfffffffffffff";
}

/* One function per access and offset, "a<i>_<j>", taking the address;
 * stores write all ones. */
static char *bounds_module(uint32_t pages)
{
    kn_buf b;
    kn_buf_init(&b);
    char line[256];
    int n = snprintf(line, sizeof line,
                     "(module (memory (export \"mem\") %u)\n"
                     "  (func (export \"grow\") (param i32) (result i32)"
                     " (memory.grow (local.get 0)))\n", pages);
    kn_buf_push(&b, line, (size_t)n);
    for (int i = 0; i < NACCESSES; i++) {
        const mem_access *a = &accesses[i];
        for (int j = 0; j < NOFFSETS; j++) {
            if (a->store)
                n = snprintf(line, sizeof line,
                             "  (func (export \"a%d_%d\") (param i32)"
                             " (%s offset=%u (local.get 0) (%s.const %s)))\n",
                             i, j, a->op, offsets[j], a->type, ones(a->type));
            else
                n = snprintf(line, sizeof line,
                             "  (func (export \"a%d_%d\") (param i32)"
                             " (drop (%s offset=%u (local.get 0))))\n",
                             i, j, a->op, offsets[j]);
            kn_buf_push(&b, line, (size_t)n);
        }
    }
    kn_buf_push(&b, ")", 2);
    return (char *)b.data;
}

/* Every access at every offset, at addresses around the end of memory and
 * at the far end of the address space: traps exactly when
 * addr + offset + width > size; a store that traps writes nothing. */
static void check_boundaries(const fixture *f, kn_meminst *mem)
{
    uint64_t size = mem->size;
    unsigned wrong = 0, calls = 0;
    uint8_t *before = malloc(64);
    for (int i = 0; i < NACCESSES && before; i++) {
        const mem_access *a = &accesses[i];
        for (int j = 0; j < NOFFSETS; j++) {
            char name[32];
            snprintf(name, sizeof name, "a%d_%d", i, j);
            kn_funcinst *fn = func(f, name);
            if (!fn) {
                wrong++;
                continue;
            }
            uint64_t end = size - (offsets[j] < size ? offsets[j] : size);
            uint64_t addrs[16];
            int na = 0;
            for (int64_t d = -(int64_t)a->width - 2; d <= 2; d++)
                if ((int64_t)end + d >= 0 && (int64_t)end + d <= UINT32_MAX)
                    addrs[na++] = (uint64_t)((int64_t)end + d);
            addrs[na++] = 0;
            addrs[na++] = UINT32_MAX;
            addrs[na++] = UINT32_MAX - 7;
            for (int k = 0; k < na; k++) {
                uint64_t ea = addrs[k] + offsets[j];
                bool oob = ea + a->width > size;
                /* the bytes a trapping store must leave alone */
                uint64_t tail = size < 64 ? size : 64;
                if (tail)
                    memcpy(before, mem->data + size - tail, tail);
                kn_value arg = {.i32 = (uint32_t)addrs[k]};
                kn_trap_code t = kn_call(f->s, fn, &arg, NULL);
                calls++;
                if (t != (oob ? KN_TRAP_OOB_MEMORY : KN_TRAP_NONE)) {
                    if (wrong++ < 5)
                        fprintf(stderr, "  %s offset=%u addr=%llu size=%llu: trap %d\n",
                                a->op, offsets[j], (unsigned long long)addrs[k],
                                (unsigned long long)size, (int)t);
                }
                if (oob && tail && memcmp(before, mem->data + size - tail, tail) != 0)
                    wrong++;
                if (!oob && a->store && mem->data[ea] != 0xff)
                    wrong++;
            }
        }
    }
    free(before);
    CHECK(calls > 1000);
    CHECK(wrong == 0);
}

static void test_bounds(void)
{
    uint32_t pages[] = {0, 1, 3};
    for (int p = 0; p < 3; p++) {
        char *wat = bounds_module(pages[p]);
        fixture f;
        CHECK(wat && setup(&f, wat, NULL, NULL));
        kn_extern ex;
        if (f.inst && kn_instance_export(f.inst, "mem", 3, &ex)) {
            check_boundaries(&f, ex.of.memory);
            /* after growth the boundary moves with the size */
            uint32_t r = 0;
            CHECK(call(&f, "grow", 2, 0, &r) == KN_TRAP_NONE && r == pages[p]);
            check_boundaries(&f, ex.of.memory);
        }
        teardown(&f);
        free(wat);
    }
}

/* A memory of the full 4 GiB: the last bytes are reachable, one past is
 * not, and the largest effective address (2^33 - 2) traps. */
static void test_bounds_4gib(void)
{
    static const char wat[] =
        "(module (memory 65536)\n"
        "  (func (export \"store\") (param i32 i32) (i32.store (local.get 0) (local.get 1)))\n"
        "  (func (export \"load\") (param i32) (result i32) (i32.load (local.get 0)))\n"
        "  (func (export \"load_far\") (param i32) (result i32)\n"
        "    (i32.load offset=0xffffffff (local.get 0))))\n";
    fixture f;
    if (!setup(&f, wat, NULL, NULL)) {
        /* A host may refuse 4 GiB: that must be a clean error. */
        CHECK(f.err.kind == KN_ERR_LIMIT);
        printf("limits: the host refused a 4 GiB memory (%s): boundary at 4 GiB not tested\n",
               f.err.message);
        teardown(&f);
        return;
    }
    uint32_t r = 0;
    CHECK(call(&f, "store", 0xfffffffcu, 0x12345678, NULL) == KN_TRAP_NONE);
    CHECK(call(&f, "load", 0xfffffffcu, 0, &r) == KN_TRAP_NONE && r == 0x12345678);
    CHECK(call(&f, "load", 0xfffffffdu, 0, &r) == KN_TRAP_OOB_MEMORY);
    CHECK(call(&f, "store", 0xffffffffu, 1, NULL) == KN_TRAP_OOB_MEMORY);
    CHECK(call(&f, "load_far", 0xffffffffu, 0, &r) == KN_TRAP_OOB_MEMORY);
    CHECK(call(&f, "load_far", 0, 0, &r) == KN_TRAP_OOB_MEMORY);
    teardown(&f);
}

/* ---- faults that are not wasm's ---- */

static kn_funcinst *reenter_target;

/* A host function that calls back into wasm, which traps. */
static kn_trap_code reenter(kn_store *s, void *env, const kn_value *args, kn_value *results)
{
    (void)env;
    kn_value a = {.i32 = args[0].i32};
    results[0].i32 = (uint32_t)kn_call(s, reenter_target, &a, NULL);
    return KN_TRAP_NONE;
}

/* The guard fault handler serves nested activations: the inner trap is
 * the inner call's, and the outer call goes on, and its own out-of-bounds
 * access names the right function in the backtrace. */
static void test_nested(void)
{
    static const char wat[] =
        "(module (import \"host\" \"reenter\" (func $reenter (param i32) (result i32)))\n"
        "  (memory 1)\n"
        "  (func $poke (export \"poke\") (param i32) (i32.store8 (local.get 0) (i32.const 7)))\n"
        "  (func (export \"outer\") (param i32) (result i32)\n"
        "    (i32.add (call $reenter (local.get 0)) (i32.load8_u (i32.const 100))))\n"
        "  (func (export \"poke_via\") (param i32) (call $poke (local.get 0))))\n";
    static const kn_valtype i32 = KN_I32;
    kn_functype type = {1, 1, &i32, &i32};
    fixture f;
    memset(&f, 0, sizeof f);
    f.s = kn_store_new(engine);
    kn_extern imp = {.kind = KN_EXTERN_FUNC};
    imp.of.func = f.s ? kn_func_new_host(f.s, &type, reenter, NULL) : NULL;
    f.m = compile(wat, &f.err);
    f.inst = imp.of.func && f.m ? kn_instantiate(f.s, f.m, &imp, &f.err) : NULL;
    CHECK(f.inst != NULL);
    reenter_target = func(&f, "poke");
    uint32_t r = 0;
    CHECK(call(&f, "poke", 100, 0, NULL) == KN_TRAP_NONE);
    CHECK(call(&f, "outer", 65536, 0, &r) == KN_TRAP_NONE && r == KN_TRAP_OOB_MEMORY + 7);
    CHECK(call(&f, "outer", 5, 0, &r) == KN_TRAP_NONE && r == 7);
    CHECK(call(&f, "poke_via", 65536, 0, NULL) == KN_TRAP_OOB_MEMORY);
    CHECK(f.s->trap.nframes == 2 && f.s->trap.frames[0] == func(&f, "poke") &&
          f.s->trap.frames[1] == func(&f, "poke_via"));
    teardown(&f);
}

static void *trap_many(void *arg)
{
    fixture *f = arg;
    long wrong = 0;
    for (int i = 0; i < 2000; i++)
        if (call(f, "load", 65536 + (uint32_t)i, 0, NULL) != KN_TRAP_OOB_MEMORY)
            wrong++;
    return (void *)wrong;
}

/* Threads trap independently, each in its own store. */
static void test_threads(void)
{
    fixture f[2];
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        CHECK(setup(&f[i], grow_wat, NULL, NULL));
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&th[i], NULL, trap_many, &f[i]) == 0);
    for (int i = 0; i < 2; i++) {
        void *wrong = (void *)1;
        pthread_join(th[i], &wrong);
        CHECK(wrong == NULL);
        teardown(&f[i]);
    }
}

#if KN_GUARD_PAGES
static uint8_t *host_poke_at;

static kn_trap_code host_poke(kn_store *s, void *env, const kn_value *args, kn_value *results)
{
    (void)s, (void)env, (void)args, (void)results;
    *(volatile uint8_t *)host_poke_at = 1;
    return KN_TRAP_NONE;
}

/* Runs `child` in a child process; true when the child died of its fault
 * (by the signal, or by a sanitizer's report) rather than going on. */
static bool dies(void (*child)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);   /* a sanitizer's report */
        if (null >= 0)
            dup2(null, 2);
        child();
        _exit(0);   /* survived: wrong */
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return false;
    return WIFSIGNALED(status) ? WTERMSIG(status) == SIGSEGV || WTERMSIG(status) == SIGBUS
                               : WEXITSTATUS(status) != 0;
}

static void child_null_fault(void)
{
    fixture f;
    setup(&f, grow_wat, NULL, NULL);   /* installs the handler */
    call(&f, "load", 65536, 0, NULL);  /* a wasm trap first */
    volatile uintptr_t bad = 16;   /* opaque to the compiler */
    *(volatile int *)bad = 1;
}

static void child_host_fault(void)
{
    static const char wat[] =
        "(module (import \"host\" \"poke\" (func $poke)) (memory (export \"mem\") 1)\n"
        "  (func (export \"run\") (call $poke)))\n";
    kn_functype type = {0, 0, NULL, NULL};
    fixture f;
    memset(&f, 0, sizeof f);
    f.s = kn_store_new(engine);
    kn_extern imp = {.kind = KN_EXTERN_FUNC};
    imp.of.func = kn_func_new_host(f.s, &type, host_poke, NULL);
    f.m = compile(wat, &f.err);
    f.inst = kn_instantiate(f.s, f.m, &imp, &f.err);
    kn_extern ex;
    kn_instance_export(f.inst, "mem", 3, &ex);
    host_poke_at = ex.of.memory->data + ex.of.memory->size;   /* a guard page */
    call(&f, "run", 0, 0, NULL);
}

/* Faults outside wasm's own accesses are not traps: a bad pointer of the
 * host, and a host function touching a guard page, still crash. */
static void test_foreign_faults(void)
{
    CHECK(dies(child_null_fault));
    CHECK(dies(child_host_fault));
}
#endif

/* ---- the store's limits are for all its tables and memories ---- */

/* Three instances of grow_wat (a page and an element each) in a store of
 * 5 pages and 30 elements: what one takes, the others cannot. */
static void test_store_wide_caps(void)
{
    kn_store_limits lim = {.max_call_depth = 10000, .max_memory_pages = 5,
                           .max_table_elems = 30};
    fixture a, b;
    uint32_t r = 0;
    CHECK(setup(&a, grow_wat, &lim, NULL));
    memset(&b, 0, sizeof b);
    b.s = a.s;
    b.inst = kn_instantiate(a.s, a.m, NULL, &b.err);
    CHECK(b.inst != NULL);
    CHECK(a.s->memory_pages == 2 && a.s->table_elems == 2);

    CHECK(call(&a, "grow_memory", 3, 0, &r) == KN_TRAP_NONE && r == 1);
    CHECK(call(&b, "grow_memory", 1, 0, &r) == KN_TRAP_NONE && r == UINT32_MAX);
    CHECK(call(&b, "grow_memory", 0, 0, &r) == KN_TRAP_NONE && r == 1);
    CHECK(call(&a, "grow_table", 27, 0, &r) == KN_TRAP_NONE && r == 1);
    CHECK(call(&b, "grow_table", 2, 0, &r) == KN_TRAP_NONE && r == UINT32_MAX);
    CHECK(call(&b, "grow_table", 1, 0, &r) == KN_TRAP_NONE && r == 1);
    CHECK(a.s->memory_pages == 5 && a.s->table_elems == 30);

    /* A third instance finds nothing left; neither does a host table. */
    kn_error err;
    kn_error_clear(&err);
    CHECK(kn_instantiate(a.s, a.m, NULL, &err) == NULL);
    CHECK(err.kind == KN_ERR_LIMIT &&
          strstr(err.message, "cannot allocate a table: table 0 needs 1 elements, "
                              "more than the store's limit leaves (0 of 30") != NULL);
    kn_tabletype tt = {KN_FUNCREF, {1, 0, false}};
    CHECK(kn_table_new(a.s, &tt, NULL) == NULL);
    tt.limits.min = 0;
    CHECK(kn_table_new(a.s, &tt, NULL) != NULL);
    a.s->limits.max_table_elems = 31;
    kn_error_clear(&err);
    CHECK(kn_instantiate(a.s, a.m, NULL, &err) == NULL);
    CHECK(err.kind == KN_ERR_LIMIT &&
          strstr(err.message, "memory 0 needs 1 pages, more than the store's "
                              "limit leaves (0 of 5") != NULL);

    /* A limit lowered below what the store holds takes nothing away. */
    a.s->limits.max_memory_pages = 2;
    CHECK(call(&a, "grow_memory", 0, 0, &r) == KN_TRAP_NONE && r == 4);
    CHECK(call(&a, "grow_memory", 1, 0, &r) == KN_TRAP_NONE && r == UINT32_MAX);
    CHECK(call(&a, "load", 4 * 65536 - 4, 0, &r) == KN_TRAP_NONE && r == 0);
    a.s->limits.max_memory_pages = 10;
    CHECK(call(&b, "grow_memory", 5, 0, &r) == KN_TRAP_NONE && r == 1);
    CHECK(a.s->memory_pages == 10);
    teardown(&a);
}

/* table.grow and memory.grow take fuel for what they add, like the bulk
 * operations, before adding it: out of fuel, nothing grew. A growth the
 * limits refuse takes none. */
static void test_grow_fuel(void)
{
    fixture f;
    uint32_t r = 0;
    CHECK(setup(&f, grow_wat, NULL, NULL));
    f.s->fuel_enabled = true;
    f.s->fuel = 1000;   /* 8,000 elements cost 1,000 units, a page 1,024 */
    CHECK(call(&f, "grow_table", 8000, 0, NULL) == KN_TRAP_OUT_OF_FUEL);
    f.s->fuel = 1000;
    CHECK(call(&f, "grow_memory", 1, 0, NULL) == KN_TRAP_OUT_OF_FUEL);
    f.s->fuel = 10;
    CHECK(call(&f, "grow_table", 0, 0, &r) == KN_TRAP_NONE && r == 1);
    CHECK(call(&f, "grow_memory", 0, 0, &r) == KN_TRAP_NONE && r == 1);
    CHECK(call(&f, "grow_table", UINT32_MAX, 0, &r) == KN_TRAP_NONE && r == UINT32_MAX);
    CHECK(call(&f, "grow_memory", 65536, 0, &r) == KN_TRAP_NONE && r == UINT32_MAX);
    f.s->fuel = 2000;
    CHECK(call(&f, "grow_table", 8000, 0, &r) == KN_TRAP_NONE && r == 1);
    CHECK(call(&f, "grow_memory", 0, 0, &r) == KN_TRAP_NONE && r == 1);
    f.s->fuel = 2000;
    CHECK(call(&f, "grow_memory", 1, 0, &r) == KN_TRAP_NONE && r == 1);
    teardown(&f);
}

int main(void)
{
    /* Every limit holds in every compiler. */
    const kn_tier *tiers[] = {&kn_interp_tier, kn_tier_find("jit")};
    for (size_t t = 0; t < sizeof tiers / sizeof tiers[0] && tiers[t]; t++) {
        engine = kn_engine_new(tiers[t]);
        printf("limits: -C compiler=%s\n", tiers[t]->name);
        test_fuel();
        test_bulk_fuel();
        test_interrupt();
        test_timeout();
        test_call_depth();
        test_caps();
        test_bounds();
        test_bounds_4gib();
        test_nested();
        test_threads();
        test_store_wide_caps();
        test_grow_fuel();
#if KN_GUARD_PAGES
        test_foreign_faults();
#endif
        kn_engine_delete(engine);
    }
#if KN_GUARD_PAGES
    printf("limits: guard-page memories\n");
#else
    printf("limits: explicit bounds checks\n");
#endif
    return check_report();
}
