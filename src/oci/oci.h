/*
 * oci.h -- kiln-oci, an OCI runtime for WebAssembly containers that is a
 * thin layer over an installed runc or crun.
 *
 * kiln-oci speaks runc's command line. Every command goes to the real
 * runtime unchanged (its argv with argv[0] replaced), so namespaces,
 * cgroups, rlimits, mounts, seccomp, consoles, pid files and the state of
 * containers stay the real runtime's. The one thing kiln-oci adds is done
 * before `create` and `run`: when the bundle's container is WebAssembly
 * (bundle.c says when), it rewrites config.json so that the container's
 * process is a statically linked kiln, bind-mounted read-only into the
 * container, running the module. Nothing else of config.json changes, and
 * other containers' files are not touched.
 *
 * Module prefix: ko_.
 */
#ifndef KO_OCI_H
#define KO_OCI_H

#include <stdbool.h>
#include <stddef.h>

/* The command: runc's command line (runtime.c). Returns the exit status
 * when it fails; on success the real runtime has replaced the process. */
int ko_main(int argc, char **argv);

/* Where errors go: runc's --log file, in runc's --log-format (json or
 * text), and stderr in any case (podman reads stderr, containerd's shim
 * the log file's last error). */
typedef struct ko_log {
    const char *path;   /* NULL: stderr only */
    bool json;
} ko_log;

/* Reports one error, formatted as printf does. */
void ko_error(const ko_log *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prepares the bundle in directory `bundle` for the real runtime: a
 * WebAssembly container's config.json is rewritten to run `kiln` (the path
 * of a static kiln on the host); any other is left as it is. Returns false
 * after reporting why the container cannot be created. */
bool ko_prepare_bundle(const ko_log *log, const char *bundle, const char *kiln);

/* Entrypoint resolution (resolve.c). */

/* How process.args[0] resolves in the container's root. */
typedef struct ko_entry {
    char *path;           /* as kiln will open it inside the container (malloc'ed) */
    bool found;           /* a regular file */
    bool wasm;            /* ... that starts with WebAssembly's magic bytes */
    char why[256];        /* when not found: what failed */
} ko_entry;

/* Resolves `arg0` as execvp would inside the container whose root is the
 * directory `rootfd`, with working directory `cwd` and search path `path`
 * (NULL: the default), never leaving the root: absolute symbolic links and
 * `..` stay inside it, as they do for the container itself (openat2's
 * RESOLVE_IN_ROOT). Returns false only when out of memory. */
bool ko_resolve_entry(int rootfd, const char *cwd, const char *path, const char *arg0,
                      ko_entry *out);

/* Checks that `file` is an ELF executable without a program interpreter,
 * which is what runs in an image that has no libc. Returns false with the
 * reason in why[0, size). */
bool ko_is_static_elf(const char *file, char *why, size_t size);

#endif
