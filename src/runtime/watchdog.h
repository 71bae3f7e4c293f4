/*
 * watchdog.h -- wall-clock timeouts: a thread that interrupts a store's
 * running call when time is up (kiln run --timeout).
 *
 * The call ends with KN_TRAP_INTERRUPTED at its next loop header or call
 * (kn_store_interrupt); nothing is killed, and the store can run again.
 * Time spent inside a host function (a blocking read) is counted but not
 * interrupted: the trap comes when control is back in wasm.
 */
#ifndef KN_RUNTIME_WATCHDOG_H
#define KN_RUNTIME_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime.h"

typedef struct kn_watchdog kn_watchdog;

/* Starts a watchdog that calls kn_store_interrupt(s) once `ns`
 * nanoseconds (CLOCK_MONOTONIC) have passed. NULL when no thread could
 * be started. */
kn_watchdog *kn_watchdog_start(kn_store *s, uint64_t ns);

/* Stops and frees the watchdog; true when it had fired. An interrupt it
 * raised that no call took is withdrawn, so the store's next call runs. */
bool kn_watchdog_stop(kn_watchdog *w);

#endif
