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
 * The fault becomes a trap in the execution layer (exec/fault.c), whose
 * SIGSEGV/SIGBUS handler knows which wasm function is running and so which
 * reservations a fault may hit; this file only makes and releases them.
 *
 * `make BOUNDS=explicit` (KN_BOUNDS_EXPLICIT) turns all this off: memories
 * are plain heap blocks and the interpreter checks every access, as on a
 * host without virtual memory.
 */
#ifndef KN_RUNTIME_GUARD_H
#define KN_RUNTIME_GUARD_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime.h"

/* 1 or 0, tested with #if: a file that forgets this header is then an
 * error under -Wundef, not silently the other memory model. */
#if !defined(KN_BOUNDS_EXPLICIT) && UINTPTR_MAX > 0xffffffffu && defined(__unix__)
#define KN_GUARD_PAGES 1
#else
#define KN_GUARD_PAGES 0
#endif

/* Bytes reserved per memory: 2^33 covers index + offset, one more page
 * the widest access (16 bytes) starting just below 2^33. */
#define KN_GUARD_RESERVE (((uint64_t)1 << 33) + KN_PAGE_SIZE)

#if KN_GUARD_PAGES
/* A reservation of KN_GUARD_RESERVE inaccessible bytes; NULL when the
 * address space is not available. */
uint8_t *kn_guard_reserve(void);

/* Makes bytes [from, to) of a reservation readable and writable (zero, as
 * never touched before). False when the host refuses. */
bool kn_guard_commit(uint8_t *base, uint64_t from, uint64_t to);

void kn_guard_release(uint8_t *base);
#endif

#endif
