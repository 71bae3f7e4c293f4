/*
 * wasi.h -- WASI preview 1 (`wasi_snapshot_preview1` and the older
 * `wasi_unstable`) as host functions, with capability security.
 *
 * A kn_wasi is one guest program's view of the world: its arguments and
 * environment, its stdio, the host directories preopened for it (file
 * descriptors 3, 4, ... in the order given) and listening sockets handed
 * over by the host. It sees nothing else: every path a guest names is
 * resolved beneath the preopen it starts from, component by component from
 * directory descriptors (see path.c), never by string concatenation.
 */
#ifndef KN_WASI_H
#define KN_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../runtime/runtime.h"

typedef struct kn_wasi kn_wasi;

typedef struct kn_wasi_preopen {
    const char *host_path;   /* a host directory */
    const char *guest_path;  /* the name the guest sees it by */
    bool readonly;
} kn_wasi_preopen;

typedef struct kn_wasi_config {
    int argc;
    const char *const *argv;      /* argv[0] is the program name */
    int envc;
    const char *const *envp;      /* "NAME=VALUE" strings */
    uint32_t npreopens;
    const kn_wasi_preopen *preopens;
    int stdin_fd, stdout_fd, stderr_fd;  /* host descriptors for fds 0-2 (dup'ed) */
    uint32_t nlisteners;
    const int *listener_fds;      /* listening sockets (--tcplisten), after the preopens */
    /* Added for the embedding API (include/wasi.h: output to a memory
     * buffer or a callback). When stdout_write (stderr_write) is set, the
     * guest's fd 1 (2) is a character device whose fd_write hands each
     * iovec's bytes to it, with stdout_data (stderr_data), instead of
     * writing a host descriptor; stdout_fd (stderr_fd) is then ignored. It
     * returns false to fail the write with EIO. */
    bool (*stdout_write)(void *data, const uint8_t *bytes, size_t len);
    void *stdout_data;
    bool (*stderr_write)(void *data, const uint8_t *bytes, size_t len);
    void *stderr_data;
} kn_wasi_config;

/* A "NAME=VALUE" entry of kn_wasi_config's environment, malloc'd; NULL
 * when out of memory. */
char *kn_wasi_env_entry(const char *name, const char *value);

/* Opens the preopened directories; a directory that cannot be opened is an
 * error naming it (KN_ERR_IO). The config's strings are copied. */
kn_wasi *kn_wasi_new(const kn_wasi_config *config, kn_error *err);
void kn_wasi_delete(kn_wasi *w);

/* If `imp` is a function of wasi_snapshot_preview1 or wasi_unstable that
 * kiln provides, creates it in `s` (a new function instance per call) and
 * returns true with `*out` set. Returns false for other imports. A known
 * module with an unknown function name also returns false (the caller
 * reports "unknown import"). */
bool kn_wasi_resolve(kn_wasi *w, kn_store *s, const kn_import *imp, kn_extern *out);

/* Whether `imp` names wasi_snapshot_preview1 or wasi_unstable, whatever
 * its function: for telling the two kinds of unknown import apart. */
bool kn_wasi_is_module(const kn_import *imp);

/* The memory WASI functions read and write: the instance's export
 * "memory", set after instantiation and before _start runs. */
void kn_wasi_set_memory(kn_wasi *w, kn_meminst *memory);

#endif
