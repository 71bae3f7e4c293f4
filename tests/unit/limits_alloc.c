/*
 * limits_alloc.c -- the host running out of memory, at every allocation:
 * parsing, decoding, validating, instantiating, translating, calling and
 * growing each fail cleanly (an error, a trap, memory.grow -1), never
 * crash, and (under the sanitizers) never leak.
 *
 * Failure injection: this program is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=mmap,--wrap=mprotect
 * (Makefile), so every call kiln makes to those lands in the __wrap_
 * functions below, which fail the allocation numbered `fail_at`. One run
 * counts the allocations of the whole scenario; then the scenario runs
 * once per allocation, failing that one.
 */
#define _DEFAULT_SOURCE 1   /* mmap's declaration with its MAP_ flags */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/buf.h"
#include "binary/decode.h"
#include "interp/interp.h"
#include "jit/jit.h"
#include "runtime/guard.h"
#include "runtime/runtime.h"
#include "text/wat.h"
#include "valid/validate.h"
#include "check.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEAK_CHECK 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LEAK_CHECK 1
#endif
#ifdef LEAK_CHECK
#include <sanitizer/lsan_interface.h>
#endif

/* The injection: allocation number `fail_at` fails (-1: none does);
 * `count` numbers them. Test-only mutable state. */
static long fail_at = -1;
static long count;
static long mem_refused, table_refused;   /* growths that returned -1 */
static const kn_tier *tier;               /* the scenario's compiler */

static bool fail_now(void)
{
    return count++ == fail_at;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __real_mprotect(void *addr, size_t len, int prot);

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    if (fail_now()) {
        errno = ENOMEM;
        return MAP_FAILED;
    }
    return __real_mmap(addr, len, prot, flags, fd, off);
}

int __wrap_mprotect(void *addr, size_t len, int prot)
{
    if (fail_now()) {
        errno = ENOMEM;
        return -1;
    }
    return __real_mprotect(addr, len, prot);
}

static const char wat[] =
    "(module\n"
    "  (memory 1 100)\n"
    "  (table 2 funcref)\n"
    "  (global $t (mut i32) (i32.const 0))\n"
    "  (elem (i32.const 0) $double)\n"
    "  (data (i32.const 16) \"kiln\")\n"
    "  (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))\n"
    "  ;; memory.grow(2) * 1000 + table.grow(3), each 1 or -1 (as 0xffffffff)\n"
    "  (func (export \"grow\") (result i32)\n"
    "    (i32.add (i32.mul (memory.grow (i32.const 2)) (i32.const 1000))\n"
    "             (table.grow (ref.null func) (i32.const 3))))\n"
    "  (func (export \"work\") (param i32) (result i32)\n"
    "    (i32.add (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0))\n"
    "             (i32.load8_u (i32.const 16)))))\n";

/* How a run of the scenario ended. */
typedef enum outcome {
    OK,          /* everything ran, results right */
    CLEAN,       /* stopped by a clean error, trap or -1 at the failure */
    WRONG        /* a wrong result, or an error of the wrong kind */
} outcome;

static outcome call_export(kn_store *s, kn_instance *inst, const char *name, uint32_t arg,
                           uint32_t *result)
{
    kn_extern ex;
    if (!kn_instance_export(inst, name, strlen(name), &ex))
        return WRONG;
    kn_value a = {.i32 = arg}, r = {0};
    kn_trap_code t = kn_call(s, ex.of.func, &a, &r);
    *result = r.i32;
    if (t == KN_TRAP_OUT_OF_MEMORY)
        return CLEAN;
    return t == KN_TRAP_NONE ? OK : WRONG;
}

static outcome scenario(void)
{
    outcome o = WRONG;
    kn_error err;
    kn_error_clear(&err);
    kn_buf b;
    kn_buf_init(&b);
    kn_module *m = NULL;
    kn_engine *e = NULL;
    kn_store *s = NULL;
    if (!kn_wat_to_wasm(wat, sizeof wat - 1, NULL, &b, &err) ||
        !(m = kn_decode(b.data, b.len, &err)) || !kn_validate(m, &err)) {
        o = err.kind == KN_ERR_LIMIT ? CLEAN : WRONG;
        goto done;
    }
    if (!(e = kn_engine_new(tier)) || !(s = kn_store_new(e))) {
        o = CLEAN;
        goto done;
    }
    kn_instance *inst = kn_instantiate(s, m, NULL, &err);
    if (!inst) {
        o = err.kind == KN_ERR_LIMIT || err.kind == KN_ERR_EXHAUSTION ? CLEAN : WRONG;
        goto done;
    }
    uint32_t r = 0;
    o = call_export(s, inst, "work", 20, &r);
    if (o != OK)
        goto done;
    if (r != 40 + 'k') {
        o = WRONG;
        goto done;
    }
    /* Growth refused by the host is -1, and leaves the memory or table as
     * it was (its contents too); the other growth still happens. */
    o = call_export(s, inst, "grow", 0, &r);
    if (o != OK)
        goto done;
    bool grew = r == 1000 + 2;
    if (!grew && r != (uint32_t)-998 && r != 999) {
        o = WRONG;
        goto done;
    }
    mem_refused += r == (uint32_t)-998;
    table_refused += r == 999;
    o = call_export(s, inst, "work", 1, &r);
    if (o == OK && r != 2 + 'k')
        o = WRONG;
    if (o == OK && !grew)
        o = CLEAN;
done:
    kn_store_delete(s);
    kn_engine_delete(e);
    kn_module_delete(m);
    kn_buf_free(&b);
    return o;
}

/* Runs the scenario with every allocation failing once, for `tier`. */
static void fail_each(void)
{
    fail_at = -1;
    count = 0;
    CHECK(scenario() == OK);
    long total = count;
    CHECK(total > 50);

    long clean = 0, ok = 0, wrong = 0;
    for (long n = 0; n < total; n++) {
        fail_at = n;
        count = 0;
        switch (scenario()) {
        case OK: ok++; break;
        case CLEAN: clean++; break;
        case WRONG:
            if (wrong++ < 5)
                fprintf(stderr, "limits_alloc: failing allocation %ld: wrong outcome\n", n);
            break;
        }
    }
    fail_at = -1;
    CHECK(wrong == 0);
    CHECK(clean > total / 2);
    CHECK(mem_refused > 0 && table_refused > 0);
#if KN_GUARD_PAGES
    printf("limits_alloc: -C compiler=%s: %ld allocations (malloc, calloc, realloc, mmap, "
           "mprotect), each failed once: %ld clean failures, %ld runs that needed no retry\n",
           tier->name, total, clean, ok);
#else
    printf("limits_alloc: -C compiler=%s: %ld allocations (malloc, calloc, realloc), each "
           "failed once: %ld clean failures, %ld runs that needed no retry\n",
           tier->name, total, clean, ok);
#endif
}

int main(void)
{
    /* The JIT is set up before the counting starts: its first use makes
     * the entry code, once per process, which a failure would turn off. */
    const kn_tier *tiers[] = {&kn_interp_tier, kn_tier_find("jit")};
    for (size_t t = 0; t < sizeof tiers / sizeof tiers[0] && tiers[t]; t++) {
        tier = tiers[t];
        mem_refused = table_refused = 0;
        fail_each();
    }
#ifdef LEAK_CHECK
    CHECK(__lsan_do_recoverable_leak_check() == 0);
#endif
    return check_report();
}
