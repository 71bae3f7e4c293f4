/*
 * runtime.c -- the JIT as a tier: compiling (the interpreter's translation,
 * then codegen.c), entering machine code, executable memory, and the
 * functions machine code calls for what it does not do inline.
 */
#define _DEFAULT_SOURCE 1   /* MAP_ANONYMOUS */

#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../interp/interp.h"
#include "x64.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

/* ---- executable memory ---- */

void *kj_code_map(const uint8_t *code, size_t len, size_t *mapped)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = (len + page - 1) / page * page;
    void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return NULL;
    memcpy(mem, code, len);
    if (mprotect(mem, size, PROT_READ | PROT_EXEC) != 0) {
        munmap(mem, size);
        return NULL;
    }
    *mapped = size;
    return mem;
}

void kj_code_unmap(void *mem, size_t mapped)
{
    munmap(mem, mapped);
}

/* ---- the processor and the entry ---- */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static kj_cpu cpu;              /* set once under init_once, then only read */
static kj_enter_fn enter_fn;    /* likewise; NULL when the JIT is not available */

/* The entry from C: saves what the SysV ABI says a callee saves, sets the
 * registers machine code expects (internal.h) and calls the function. */
static kj_enter_fn make_enter(void)
{
    x64_asm a;
    kn_buf_init(&a.code);
    static const int saved[] = {X64_RBP, X64_RBX, X64_R12, X64_R13, X64_R14, X64_R15};
    for (size_t i = 0; i < sizeof saved / sizeof saved[0]; i++)
        x64_push(&a, saved[i]);
    x64_alu_ri(&a, X64_SUB, 8, X64_RSP, 8);   /* aligned at the call */
    x64_mov_rr(&a, 8, X64_R13, X64_RDI);
    x64_mov_rr(&a, 8, X64_R14, X64_RSI);
    x64_mov_rr(&a, 8, X64_RBP, X64_RDX);
    x64_mov_rr(&a, 8, X64_R15, X64_R8);
    x64_call_r(&a, X64_RCX);
    x64_alu_ri(&a, X64_ADD, 8, X64_RSP, 8);
    for (size_t i = sizeof saved / sizeof saved[0]; i-- > 0;)
        x64_pop(&a, saved[i]);
    x64_ret(&a);
    size_t mapped;
    void *mem = a.code.failed ? NULL : kj_code_map(a.code.data, a.code.len, &mapped);
    kn_buf_free(&a.code);
    kj_enter_fn fn = NULL;
    if (mem)
        memcpy(&fn, &mem, sizeof fn);   /* object to function pointer */
    return fn;
}

static void init(void)
{
#if defined(__x86_64__) && defined(__linux__)
    unsigned eax, ebx, ecx, edx;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        cpu.sse41 = ecx & bit_SSE4_1;
        cpu.popcnt = ecx & bit_POPCNT;
    }
    if (__get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx))
        cpu.lzcnt = ecx & bit_LZCNT;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
        cpu.bmi1 = ebx & bit_BMI;
    if (cpu.sse41 && cpu.popcnt && cpu.lzcnt && cpu.bmi1)
        enter_fn = make_enter();
#endif
}

const kj_cpu *kj_cpu_features(void)
{
    pthread_once(&init_once, init);
    return &cpu;
}

kj_enter_fn kj_enter(void)
{
    pthread_once(&init_once, init);
    return enter_fn;
}

bool kn_jit_available(void)
{
    return kj_enter() != NULL;
}

/* ---- called from machine code ---- */

void kj_step(kn_activation *act, kn_slot *fp, const uint32_t *ip)
{
    if (kn_interp_step(act, act->fn, fp, ip) != KN_TRAP_NONE)
        kn_trap_unwind(act);
}

/* ---- the tier ---- */

/* The interpreter translates; the function is then compiled further, or,
 * when it cannot be, runs in the interpreter. */
static kn_code *jit_compile(const kn_module *m, uint32_t func)
{
    kn_code *icode = kn_interp_tier.compile(m, func);
    if (!icode || !kj_enter())
        return icode;
    kj_code *code = kj_compile(m, func, icode);
    if (!code)
        return icode;
    code->base.size = sizeof *code + code->mem_size + icode->size;
    return &code->base;
}

static void jit_free(kn_code *base)
{
    kj_code *code = (kj_code *)base;
    kj_code_unmap(code->mem, code->mem_size);
    code->icode->tier->free(code->icode);
    free(code);
}

static kn_trap_code jit_run(kn_activation *act, kn_funcinst *f, kn_slot *fp)
{
    kn_instance *inst = f->instance;
    uint8_t *mbase = inst->module->nmemories ? inst->memories[0]->data : NULL;
    kj_enter()(act, inst, fp, f->code->entry, mbase);
    return KN_TRAP_NONE;   /* a trap leaves by kn_trap_unwind */
}

/* Traps are not catchable, and no compiled code makes a handler. */
static bool jit_handles(const kn_code *code, const void *pc)
{
    (void)code;
    (void)pc;
    return false;
}

const kn_tier kn_jit_tier = {
    .name = "jit",
    .id = 1,
    .compile = jit_compile,
    .free = jit_free,
    .run = jit_run,
    .handles = jit_handles,
};

const kn_tier *kn_tier_default(void)
{
    return kn_jit_available() ? &kn_jit_tier : &kn_interp_tier;
}

const kn_tier *kn_tier_find(const char *name)
{
    if (strcmp(name, kn_interp_tier.name) == 0)
        return &kn_interp_tier;
    if (strcmp(name, kn_jit_tier.name) == 0 && kn_jit_available())
        return &kn_jit_tier;
    return NULL;
}
