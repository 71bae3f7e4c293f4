/*
 * guard.h -- guard-page memories: out-of-bounds accesses that fault instead
 * of being checked.
 *
 * On a 64-bit POSIX host every linear memory reserves KN_GUARD_RESERVE
 * bytes of address space with no access, and only its first `size` bytes
 * are made readable and writable (memory.grow extends that with
 * mprotect). A wasm load or store reaches at most 32-bit index + 32-bit
 * offset + access width - 1 < 2^33 + 16 bytes past the base, so every
 * access lands inside the reservation: an in-bounds one in the accessible
 * part, an out-of-bounds one in the inaccessible rest, where it faults.
 * The interpreter then needs no bounds check on loads and stores.
 *
 * The fault becomes a trap: the interpreter registers an *activation* per
 * running dispatch loop (kn_guard_enter) with a sigsetjmp buffer and the
 * function it is running. The SIGSEGV/SIGBUS handler (guard.c), on an
 * alternate signal stack, siglongjmps to that buffer only when the thread
 * has an activation, that activation is running wasm code (not a host
 * function), and the faulting address lies in the inaccessible part of
 * the running function's memory reservation. Any other fault goes to the
 * handler that was installed before kiln's, or takes the default action.
 *
 * `make BOUNDS=explicit` (KN_BOUNDS_EXPLICIT) turns all this off: memories
 * are plain heap blocks and the interpreter checks every access, as on a
 * host without virtual memory.
 */
#ifndef KN_RUNTIME_GUARD_H
#define KN_RUNTIME_GUARD_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "runtime.h"

#if !defined(KN_BOUNDS_EXPLICIT) && UINTPTR_MAX > 0xffffffffu && defined(__unix__)
#define KN_GUARD_PAGES 1
#endif

/* Bytes reserved per memory: 2^33 covers index + offset, one more page
 * the widest access (16 bytes) starting just below 2^33. */
#define KN_GUARD_RESERVE (((uint64_t)1 << 33) + KN_PAGE_SIZE)

/* One running dispatch loop of this thread. `fn` is volatile because it is
 * read after a siglongjmp into the function that called sigsetjmp. */
typedef struct kn_guard_activation {
    sigjmp_buf env;
    kn_funcinst *volatile fn;   /* the wasm function running; NULL while a
                                   host function runs */
    struct kn_guard_activation *prev;
} kn_guard_activation;

#ifdef KN_GUARD_PAGES
/* A reservation of KN_GUARD_RESERVE inaccessible bytes, with the fault
 * handler installed; NULL when the address space or the handler is not
 * available. */
uint8_t *kn_guard_reserve(void);

/* Makes bytes [from, to) of a reservation readable and writable (zero, as
 * never touched before). False when the host refuses. */
bool kn_guard_commit(uint8_t *base, uint64_t from, uint64_t to);

void kn_guard_release(uint8_t *base);

/* Brackets a dispatch loop: after kn_guard_enter(a), a guard fault of this
 * thread siglongjmps to a->env with value 1 while a->fn is set. Nested
 * activations (a host function calling back into wasm) stack. */
void kn_guard_enter(kn_guard_activation *a);
void kn_guard_leave(kn_guard_activation *a);
#endif

#endif
