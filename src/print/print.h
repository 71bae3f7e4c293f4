/*
 * print.h -- the binary format back to the text format (spec 6): what
 * `kiln wasm2wat` prints.
 *
 * The printer sits above binary/: it walks a decoded kn_module and reads
 * function bodies and constant expressions with kn_read_instr, drawing
 * instruction names and immediate kinds from the one opcode table. Its
 * output is meant to be interchangeable with wabt's `wasm2wat` (1.0.32):
 * the same layout byte for byte (one instruction per line, two spaces of
 * indentation per level, `(;N;)` index comments, `;; label = @N` block
 * comments, floats in hexadecimal with their decimal value in a comment),
 * and the same names taken from the `name` section.
 *
 * The printer does not validate; a caller that wants only valid modules
 * validates first. An invalid module still prints (indices out of range
 * are printed as they are), which is what `wasm2wat --no-check` is for.
 */
#ifndef KN_PRINT_H
#define KN_PRINT_H

#include <stdbool.h>

#include "../base/buf.h"
#include "../base/error.h"
#include "../binary/module.h"

typedef struct kn_print_options {
    bool fold_exprs;      /* folded form: (i32.add (local.get 0) (i32.const 1)) */
    bool no_names;        /* ignore the `name` section */
    bool inline_exports;  /* (func $f (export "f") ...) instead of (export ...) fields */
} kn_print_options;

/* Takes the text in pieces, in order; false when it cannot (the printer
 * then stops, with a KN_ERR_IO error). */
typedef bool (*kn_print_write)(void *ctx, const uint8_t *bytes, size_t len);

/* Writes the text of `m` through `write`, in pieces of about 64 KiB, so the
 * printer holds a piece of the text, never all of it: a text can be far
 * larger than its module (each level of a folded tree n deep is indented,
 * n^2 bytes in all). Fails when out of memory, when `write` fails, or on a
 * function body that is not properly nested (possible only in a module the
 * decoder did not build), with `err` set; the pieces written before stay
 * written. `opts` may be NULL. */
bool kn_print_module_to(const kn_module *m, const kn_print_options *opts,
                        kn_print_write write, void *ctx, kn_error *err);

/* The same, appending the whole text to `out`. */
bool kn_print_module(const kn_module *m, const kn_print_options *opts,
                     kn_buf *out, kn_error *err);

#endif
