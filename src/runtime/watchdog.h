/*
 * watchdog.h -- wall-clock timeouts: a thread that acts when time is up
 * (kiln run --timeout).
 *
 * What it does then is the caller's: usually kn_store_interrupt, which
 * ends the running call with KN_TRAP_INTERRUPTED at its next loop header
 * or call, or in a blocking WASI call at once; nothing is killed, and the
 * store can run again.
 */
#ifndef KN_RUNTIME_WATCHDOG_H
#define KN_RUNTIME_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct kn_watchdog kn_watchdog;

/* Starts a watchdog that calls fire(arg), from its own thread, once `ns`
 * nanoseconds (CLOCK_MONOTONIC) have passed. NULL when no thread could be
 * started. */
kn_watchdog *kn_watchdog_start(uint64_t ns, void (*fire)(void *arg), void *arg);

/* Stops and frees the watchdog, after a fire(arg) under way has returned;
 * true when it had fired. */
bool kn_watchdog_stop(kn_watchdog *w);

#endif
