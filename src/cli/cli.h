/*
 * cli.h -- the `kiln` command: shared helpers of its subcommands.
 */
#ifndef KN_CLI_H
#define KN_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../base/error.h"
#include "../binary/module.h"

/* Reads FILE ("-" for stdin), text or binary (told apart by the binary's
 * magic number, not the file name), decodes and, if `validate`, validates
 * it. On failure prints "kiln: FILE:LINE:COL: message" (or the byte offset)
 * and returns NULL. */
kn_module *kn_cli_load(const char *path, bool validate);

/* Reads FILE and gives its WebAssembly binary: the bytes themselves, or the
 * encoding of a text file, with a `name` section from its identifiers when
 * `debug_names`. Prints the error and returns false on failure. */
bool kn_cli_read_binary(const char *path, bool debug_names, uint8_t **bytes,
                        size_t *len);

/* Decodes the binary read from FILE and, if `validate`, validates it; on
 * failure prints the error as kn_cli_load does and returns NULL. */
kn_module *kn_cli_decode(const char *path, const uint8_t *bytes, size_t len,
                         bool validate);

/* Prints "kiln: FILE:LINE:COL: message" (or the byte offset) to stderr,
 * escaped as kn_cli_print_escaped does without `quotes`: a message may
 * quote a module's names. */
void kn_cli_report(const char *path, const kn_error *err);

/* The compiler settings of -C (codegen.c). */
typedef struct kn_cli_codegen {
    const struct kn_tier *tier;   /* compiler=: the tier stores run on */
    bool aot;                     /* compiler=aot (tier: aot/aot.h's eager tier) */
    int opt_level;                /* opt-level=: the ahead-of-time compiler's -O */
    bool cache;                   /* cache=y: run precompiled code from the cache */
} kn_cli_codegen;

/* The defaults: the JIT where it is available (jit/jit.h). */
void kn_cli_codegen_init(kn_cli_codegen *c);

/* Parses one -C argument of command `cmd` ("run"); prints the error and
 * returns false for a setting it does not know. */
bool kn_cli_codegen_parse(kn_cli_codegen *c, const char *cmd, const char *arg);

/* Prints one option of a command's --help: "  LABEL", then HELP from
 * column `column` (on the next line when LABEL reaches it), each of its
 * lines indented to that column. */
void kn_cli_print_option(const char *label, const char *help, int column);

/* -C's line of a command's --help. */
#define KN_CLI_CODEGEN_HELP \
    "compiler settings, wasmtime's spelling: compiler=jit (machine code; the\n" \
    "default where the CPU has it: x86-64), compiler=interp (the interpreter)\n" \
    "or compiler=aot (each module compiled ahead of time by the system's C\n" \
    "compiler before it runs); opt-level=0|1|2 (aot's; default 2); cache=y\n" \
    "(kiln run: compile ahead of time once, keep the code under\n" \
    "$XDG_CACHE_HOME/kiln and reuse it)"

/* Prints text[0, len), which holds bytes a module chose (its names, or a
 * message quoting them), to `out` so that it can neither drive the
 * terminal nor forge a line of kiln's output: control characters, bytes
 * that are not UTF-8 and bidirectional overrides as \xNN, a backslash as
 * \\ and, with `quotes` (for text printed between double quotes), a double
 * quote as \". */
void kn_cli_print_escaped(FILE *out, const char *text, size_t len, bool quotes);

int kn_cmd_run(int argc, char **argv);
int kn_cmd_wast(int argc, char **argv);
int kn_cmd_validate(int argc, char **argv);
int kn_cmd_wat2wasm(int argc, char **argv);
int kn_cmd_wasm2wat(int argc, char **argv);
int kn_cmd_inspect(int argc, char **argv);
int kn_cmd_compile(int argc, char **argv);

/* The module `kiln run` runs (cmd_compile.c): FILE loaded as kn_cli_load
 * does, or a precompiled .cwasm when `allow_precompiled` (refused with an
 * error without it), or FILE's code from the cache with -C cache=y. Sets
 * *precompiled when the module has precompiled code: it then runs on
 * aot/aot.h's tier and is freed with kn_cli_module_free. NULL after
 * printing the error. */
kn_module *kn_cli_load_run(const char *path, bool allow_precompiled, const kn_cli_codegen *c,
                           bool *precompiled);
void kn_cli_module_free(kn_module *m, bool precompiled);

#endif
