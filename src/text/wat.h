/*
 * wat.h -- the text format (spec 6) to the binary format.
 *
 * kiln parses text straight into binary bytes: the text format is an
 * alternative syntax for the binary, and the binary decoder is then the one
 * path into kn_module. The parser resolves identifiers, expands every
 * abbreviation (inline imports/exports, inline type uses, folded
 * instructions, inline elem/data) and encodes. It does not validate: a
 * module that parses but is ill-typed encodes fine and fails in
 * valid/validate.c, as the spec's assert_invalid tests expect.
 *
 * Errors are KN_ERR_MALFORMED with line:column and the spec's wording
 * ("unknown operator", "unexpected token", "unknown label", "alignment",
 * "i32 constant out of range", "inline function type", ...).
 */
#ifndef KN_WAT_H
#define KN_WAT_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/buf.h"
#include "../base/error.h"
#include "lexer.h"

/* Options of the conversion. A NULL pointer means the defaults (all false).
 *
 * debug_names appends a `name` custom section (spec 7.4.1) built from the
 * text's identifiers, without their `$`, byte for byte as wabt 1.0.32's
 * `wat2wasm --debug-names` writes it: the module name, the function names,
 * the local names of every function, then the type, table, memory, global,
 * elem and data names (subsections 4 to 9 of the extended name section
 * proposal). A subsection without any name is omitted, except the local
 * names, which list every function. */
typedef struct kn_wat_options {
    bool debug_names;
} kn_wat_options;

/* A whole .wat text: either one `(module ...)` or a bare sequence of module
 * fields (as inside `module quote`). Appends the binary to `out`. */
bool kn_wat_to_wasm(const char *text, size_t len, const kn_wat_options *opts,
                    kn_buf *out, kn_error *err);

/* Parses the fields of a module from `lx`, positioned just after
 * `(module $id?`, through the closing `)`, which it consumes. Used by the
 * script parser. The caller has consumed the module's identifier, so with
 * debug_names no module name is written. */
bool kn_wat_parse_module_fields(kn_lexer *lx, const kn_wat_options *opts,
                                kn_buf *out, kn_error *err);

#endif
