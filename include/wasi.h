/*
 * wasi.h -- running WASI programs (wasi_snapshot_preview1 and the older
 * wasi_unstable) under kiln.h: what the guest sees of the world.
 *
 * A wasi_config_t describes it -- arguments, environment, standard streams,
 * preopened directories -- in the style of wasmtime's C API. Attach it to a
 * store with kiln_store_set_wasi, let a linker resolve WASI imports with
 * kiln_linker_define_wasi, instantiate and call "_start":
 *
 *     wasi_config_t *wasi = wasi_config_new();
 *     const char *argv[] = {"prog", "input.txt"};
 *     wasi_config_set_argv(wasi, 2, argv);
 *     wasi_config_inherit_stdout(wasi);
 *     wasi_config_preopen_dir(wasi, "./data", "/data", WASI_PERMS_READ);
 *     kiln_store_set_wasi(store, wasi);          // takes the config
 *     kiln_linker_define_wasi(linker);
 *     kiln_linker_instantiate(linker, store, module, &inst);
 *     int status;
 *     kiln_error *e = kiln_wasi_run(store, inst, &status);   // _start, as `kiln run`
 *
 * The guest sees nothing else: no host file beyond its preopens (paths are
 * resolved beneath them, never escaping through `..` or symlinks), no
 * environment variable or stream it was not given. By default its streams
 * are closed, its argv is empty and its environment too.
 */
#ifndef KILN_WASI_H
#define KILN_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiln.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasi_config_t wasi_config_t;

KILN_API wasi_config_t *wasi_config_new(void);
KILN_API void wasi_config_delete(wasi_config_t *config);

/* argv[0] is the program's name as the guest sees it. Strings are copied. */
KILN_API bool wasi_config_set_argv(wasi_config_t *config, int argc, const char *const argv[]);
/* NAME=VALUE pairs. */
KILN_API bool wasi_config_set_env(wasi_config_t *config, int envc, const char *const names[],
                                  const char *const values[]);
/* The host process's whole environment. */
KILN_API bool wasi_config_inherit_env(wasi_config_t *config);

/* Standard input: the host's, a file, or bytes in memory (copied). */
KILN_API void wasi_config_inherit_stdin(wasi_config_t *config);
KILN_API bool wasi_config_set_stdin_file(wasi_config_t *config, const char *path);
KILN_API bool wasi_config_set_stdin_bytes(wasi_config_t *config, const void *bytes, size_t len);

/* Standard output and error: the host's, a file (created or truncated), a
 * memory buffer (read it with kiln_store_wasi_output), or a callback
 * called with the bytes of every write; it returns false to fail the
 * write. */
typedef bool (*wasi_output_fn)(void *data, const uint8_t *bytes, size_t len);

KILN_API void wasi_config_inherit_stdout(wasi_config_t *config);
KILN_API bool wasi_config_set_stdout_file(wasi_config_t *config, const char *path);
KILN_API void wasi_config_capture_stdout(wasi_config_t *config);
KILN_API void wasi_config_set_stdout_callback(wasi_config_t *config, wasi_output_fn fn,
                                              void *data);
KILN_API void wasi_config_inherit_stderr(wasi_config_t *config);
KILN_API bool wasi_config_set_stderr_file(wasi_config_t *config, const char *path);
KILN_API void wasi_config_capture_stderr(wasi_config_t *config);
KILN_API void wasi_config_set_stderr_callback(wasi_config_t *config, wasi_output_fn fn,
                                              void *data);

/* Preopens host directory `path` as `guest_path` (descriptors 3, 4, ... in
 * the order given). WASI_PERMS_READ alone makes it and everything beneath
 * it read-only to the guest. */
typedef enum wasi_perms {
    WASI_PERMS_READ = 1,
    WASI_PERMS_WRITE = 2
} wasi_perms;

KILN_API bool wasi_config_preopen_dir(wasi_config_t *config, const char *path,
                                      const char *guest_path, int perms);

/* Gives the store its WASI context, built from `config`, which the store
 * takes (even on error): KILN_ERROR_IO names a file or directory that
 * cannot be opened. One context per store. */
KILN_API kiln_error *kiln_store_set_wasi(kiln_store *store, wasi_config_t *config);

/* Runs an instance as a WASI command, as `kiln run` does: calls its
 * "_start"; NULL when that returned (*status 0) or the program called
 * proc_exit (*status its code), else the error: a trap (with its backtrace),
 * or KILN_ERROR_LINK when the instance has no "_start" of type [] -> []. */
KILN_API kiln_error *kiln_wasi_run(kiln_store *store, kiln_instance *instance, int *status);

/* Makes the linker resolve imports of wasi_snapshot_preview1 and
 * wasi_unstable from the WASI context of the store instantiated in.
 * Functions the linker defines by name take precedence. */
KILN_API kiln_error *kiln_linker_define_wasi(kiln_linker *linker);

/* What the guest wrote to a captured stdout (fd 1) or stderr (fd 2) so
 * far; NULL with *len 0 when nothing was captured. Valid until the next
 * call into the store. */
KILN_API const uint8_t *kiln_store_wasi_output(kiln_store *store, int fd, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
