/*
 * command.h -- running a WASI command: what `kiln run` does, below the
 * command line, for everything that runs one (the CLI, the embedding API,
 * a container runtime): a store of the given compiler and limits, WASI as
 * configured, every import linked to WASI's functions, the module
 * instantiated (its start function run), then `_start` -- or the call of
 * one export, after `_initialize` when the module is a reactor -- and the
 * outcome as a value, never printed.
 */
#ifndef KN_WASI_COMMAND_H
#define KN_WASI_COMMAND_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/error.h"
#include "../runtime/runtime.h"
#include "../runtime/watchdog.h"
#include "wasi.h"

struct kn_tier;

typedef struct kn_command {
    const kn_module *module;      /* validated; outlives the run */
    const struct kn_tier *tier;   /* exec/exec.h */
    kn_store_limits limits;       /* kn_store_default_limits, or the caller's */
    uint64_t max_code_bytes;      /* the engine's limit on code (engine.h);
                                     0: KN_DEFAULT_MAX_CODE_BYTES */
    bool fuel_enabled;
    uint64_t fuel;
    const kn_wasi_config *wasi;
    const char *invoke;           /* an export to call instead of _start */
    const kn_value *args;         /* its arguments, of its parameter types */
    uint32_t nargs;
    /* Where the store is published while it exists, for a watchdog or a
     * signal handler to interrupt (kn_store_interrupt); NULL: nowhere. The
     * runner sets it to NULL again before the store goes. */
    _Atomic(kn_store *) *running;
    /* A watchdog that may interrupt the store from its own thread, or
     * NULL. The runner stops and frees it before the store goes, since
     * its thread may have read `running` just before it was cleared. */
    kn_watchdog *watchdog;
} kn_command;

typedef enum kn_command_end {
    KN_COMMAND_RETURNED,   /* _start returned, or the export did: `results` */
    KN_COMMAND_EXITED,     /* proc_exit: `exit_code` */
    KN_COMMAND_TRAPPED,    /* a trap, in the start function or a call: `trap` */
    KN_COMMAND_FAILED      /* never ran: `error` (link, instantiation, an
                              export missing or of the wrong type, memory) */
} kn_command_end;

typedef struct kn_command_result {
    kn_command_end end;
    bool watchdog_fired;          /* kn_command.watchdog had fired */
    int exit_code;
    kn_error error;
    const kn_import *import;      /* FAILED for an import nothing provides:
                                     which (its names may need escaping) */
    /* A trap: its code, message (the spec's, or the host's), and where:
     * each frame's function index in the module, innermost first
     * (UINT32_MAX for a host function). */
    struct {
        kn_trap_code code;
        char message[256];
        uint32_t nframes;
        uint32_t frames[32];
    } trap;
    /* The export's results, of its result types; malloc'd. */
    const kn_functype *type;      /* the export's type, when one was called */
    kn_value *results;
} kn_command_result;

/* Why nothing provides import `imp`, for the message after its names:
 * "(not a WASI preview 1 function)" or "(kiln provides only ...)". */
const char *kn_command_unknown_import(const kn_import *imp);

/* Runs the command; `r` says how it ended. kn_command_result_free frees
 * what it holds. */
void kn_command_run(const kn_command *c, kn_command_result *r);
void kn_command_result_free(kn_command_result *r);

/* The command's last step on an instance already made (the embedding API
 * makes its own, with its linker): `_start`, or the export `invoke` with
 * `args` after `_initialize`; `r` says how it ended. */
void kn_command_call(kn_store *s, kn_instance *inst, const char *invoke,
                     const kn_value *args, uint32_t nargs, kn_command_result *r);

#endif
