/*
 * fault.c -- activations, and the fault handler that turns an access in a
 * memory's guard region into the trap "out of bounds memory access"
 * (runtime/guard.h makes the reservations).
 *
 * kn_call registers an *activation* per entry into wasm (kn_fault_enter)
 * with a sigsetjmp buffer and the wasm function running, which every tier
 * keeps up to date as it calls and returns (kn_activation.fn). The
 * SIGSEGV/SIGBUS handler, on an alternate signal stack, siglongjmps to that
 * buffer only when the thread has an activation, the activation is running
 * wasm code (not a host function), and the faulting address lies in the
 * inaccessible part of a reservation of one of the running function's
 * instance's memories. Any other fault goes to the handler that was
 * installed before kiln's, or takes the default action.
 */
#define _DEFAULT_SOURCE 1   /* MAP_ANONYMOUS, sigaltstack */

#include "internal.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#include "../runtime/guard.h"

#if KN_GUARD_PAGES

/* The alternate signal stack kiln gives a thread that has none. */
enum { ALTSTACK_SIZE = 64 * 1024 };

/* Under AddressSanitizer a siglongjmp from an alternate stack back to the
 * thread's stack costs about 40 times more than from the thread's stack
 * itself (measured: 6.6 s against 0.17 s for tests/unit/limits.c's 25,000
 * boundary accesses), which would slow fuzzing wherever traps abound; the
 * handler then runs on the thread's stack. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KN_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(KN_ASAN)
#define KN_ONSTACK 0
#else
#define KN_ONSTACK SA_ONSTACK
#endif

/*
 * Process-wide state. Signal dispositions are process-wide, so this is
 * too: set once under install_once, then only read. `old_segv`/`old_bus`
 * are the handlers kiln's replaced, which get every fault that is not
 * kiln's; `altstack_key`'s destructor frees a thread's alternate stack
 * when the thread exits.
 */
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static bool installed;
static struct sigaction old_segv, old_bus;
static pthread_key_t altstack_key;

/*
 * Per-thread state, read by the handler on the faulting thread: the
 * innermost activation, and whether this thread's alternate stack was set
 * up. The initial-exec model makes the handler's access a plain load,
 * never a lazy allocation, even in libkiln.so.
 */
#define KN_TLS _Thread_local __attribute__((tls_model("initial-exec")))
static KN_TLS kn_activation *current;
static KN_TLS bool altstack_tried;

/* A fault at `addr` is a wasm out-of-bounds access when it lies past the
 * accessible bytes of a memory of the running function's instance. */
static bool is_guard_fault(const kn_activation *a, const siginfo_t *info)
{
    if (!a || info->si_code <= 0)   /* no wasm running; or sent, not a fault */
        return false;
    const kn_funcinst *fn = a->fn;
    if (!fn || !fn->instance)
        return false;
    const kn_instance *inst = fn->instance;
    uintptr_t addr = (uintptr_t)info->si_addr;
    for (uint32_t i = 0; i < inst->module->nmemories; i++) {
        const kn_meminst *m = inst->memories[i];
        uintptr_t base = (uintptr_t)m->data;
        if (addr >= base + m->size && addr - base < KN_GUARD_RESERVE)
            return true;
    }
    return false;
}

/* Hands a fault that is not kiln's to the handler installed before, or
 * takes the default action: a fault recurs when the handler returns, now
 * with the default disposition; a signal sent by kill() is sent again. */
static void pass_on(int sig, siginfo_t *info, void *uctx)
{
    const struct sigaction *old = sig == SIGBUS ? &old_bus : &old_segv;
    if (old->sa_flags & SA_SIGINFO) {
        old->sa_sigaction(sig, info, uctx);
        return;
    }
    if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
        old->sa_handler(sig);
        return;
    }
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    if (info->si_code <= 0)
        raise(sig);
}

static void on_fault(int sig, siginfo_t *info, void *uctx)
{
    kn_activation *a = current;
    if (is_guard_fault(a, info))
        siglongjmp(a->env, UNWIND_FAULT);
    pass_on(sig, info, uctx);
}

static void free_altstack(void *mem)
{
    stack_t cur;
    if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == mem) {
        stack_t off = {.ss_flags = SS_DISABLE};
        sigaltstack(&off, NULL);
    }
    munmap(mem, ALTSTACK_SIZE);
}

/*
 * SA_NODEFER: the handler leaves by siglongjmp to a buffer saved without
 * the signal mask (saving it would cost a system call per kn_call), so the
 * signal must not be blocked while the handler runs, or it would stay
 * blocked and the next fault would kill the process.
 */
static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | KN_ONSTACK | SA_NODEFER;
    installed = pthread_key_create(&altstack_key, free_altstack) == 0 &&
                sigaction(SIGSEGV, &sa, &old_segv) == 0 &&
                sigaction(SIGBUS, &sa, &old_bus) == 0;
}

/* Gives this thread an alternate signal stack unless it has one (its
 * embedder's or a sanitizer's). Without one the handler runs on the
 * thread's stack, which works for every fault kiln turns into a trap. */
static void setup_altstack(void)
{
    altstack_tried = true;
    stack_t cur;
    if (sigaltstack(NULL, &cur) != 0 || !(cur.ss_flags & SS_DISABLE))
        return;
    void *mem = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return;
    stack_t ss = {.ss_sp = mem, .ss_size = ALTSTACK_SIZE};
    if (sigaltstack(&ss, NULL) != 0 || pthread_setspecific(altstack_key, mem) != 0) {
        free_altstack(mem);
        return;
    }
}

/* The fences keep the compiler from moving the store of `current` across
 * the code it brackets: the handler reads it on this thread. */
bool kn_fault_enter(kn_activation *a)
{
    pthread_once(&install_once, install);
    if (!installed)
        return false;
    if (KN_ONSTACK && !altstack_tried)
        setup_altstack();
    a->prev = current;
    current = a;
    atomic_signal_fence(memory_order_seq_cst);
    return true;
}

void kn_fault_leave(kn_activation *a)
{
    atomic_signal_fence(memory_order_seq_cst);
    current = a->prev;
}

#else

bool kn_fault_enter(kn_activation *a)
{
    (void)a;
    return true;
}

void kn_fault_leave(kn_activation *a)
{
    (void)a;
}

#endif
