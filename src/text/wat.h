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

/* A whole .wat text: either one `(module ...)` or a bare sequence of module
 * fields (as inside `module quote`). Appends the binary to `out`. */
bool kn_wat_to_wasm(const char *text, size_t len, kn_buf *out, kn_error *err);

/* Parses the fields of a module from `lx`, positioned just after
 * `(module $id?`, through the closing `)`, which it consumes. Used by the
 * script parser. */
bool kn_wat_parse_module_fields(kn_lexer *lx, kn_buf *out, kn_error *err);

#endif
