/*
 * decode.h -- the binary format (spec 5): bytes to kn_module.
 *
 * kn_decode checks everything the spec calls *malformed*: the magic and
 * version, section ids, order and sizes, LEB128 encodings (overlong or out
 * of range), UTF-8 names, every instruction of every function body (known
 * opcode, well-formed immediates, `end` where the body ends), the data count
 * rules. It does not check types or indices: that is validation
 * (valid/validate.h). Errors are KN_ERR_MALFORMED with the byte offset and
 * the spec's wording ("unexpected end", "integer too large", ...), or
 * KN_ERR_LIMIT where kiln's implementation limits (below) are exceeded.
 */
#ifndef KN_DECODE_H
#define KN_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "module.h"

/* Implementation limits, as in other engines (V8's are similar). They keep
 * an absurd module from exhausting the host. */
enum {
    KN_MAX_TYPES = 1000000,
    KN_MAX_FUNCS = 1000000,
    KN_MAX_IMPORTS = 100000,
    KN_MAX_EXPORTS = 100000,
    KN_MAX_GLOBALS = 1000000,
    KN_MAX_SEGMENTS = 100000,
    KN_MAX_PARAMS = 1000,
    KN_MAX_RESULTS = 1000,
    KN_MAX_LOCALS = 50000,        /* declared locals of one function */
    KN_MAX_MODULE_LOCALS = 1 << 24, /* declared locals of all functions together:
                                       their expansion (kn_func.locals) takes a
                                       byte each, and a function can declare
                                       KN_MAX_LOCALS in a few bytes */
    KN_MAX_FUNC_SIZE = 7654321,   /* bytes of one function body */
    KN_MAX_NESTING = 100000       /* nested blocks in one body (checked by the validator) */
};

/* Decodes `len` bytes (copied; the caller keeps its buffer). Returns NULL
 * and fills `err` on malformed input or when out of memory. */
kn_module *kn_decode(const uint8_t *bytes, size_t len, kn_error *err);

void kn_module_delete(kn_module *m);

#endif
