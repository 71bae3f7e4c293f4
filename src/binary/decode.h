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

/* Implementation limits: V8's (src/wasm/wasm-limits.h, agreed on with other
 * engines) except where noted. They keep an absurd module from exhausting
 * the host; exceeding one is a KN_ERR_LIMIT naming what was too large, at
 * its offset. Counts of an index space include its imports. */
enum {
    KN_MAX_MODULE_SIZE = 1 << 30, /* bytes of a binary module */
    KN_MAX_TYPES = 1000000,
    KN_MAX_FUNCS = 1000000,       /* imports included (V8: defined ones) */
    KN_MAX_IMPORTS = 100000,
    KN_MAX_EXPORTS = 100000,
    KN_MAX_GLOBALS = 1000000,
    KN_MAX_TABLES = 100000,
    KN_MAX_MEMORIES = 100000,     /* validation allows one (2.0) */
    KN_MAX_SEGMENTS = 100000,     /* data segments, and element segments
                                     (for which V8 allows 10,000,000) */
    KN_MAX_ELEM_ITEMS = 10000000, /* items of one element segment */
    KN_MAX_PARAMS = 1000,
    KN_MAX_RESULTS = 1000,
    KN_MAX_LOCALS = 50000,        /* declared locals of one function */
    KN_MAX_MODULE_LOCALS = 1 << 24, /* kiln's: declared locals of all functions
                                       together: their expansion (kn_func.locals)
                                       takes a byte each, and a function can
                                       declare KN_MAX_LOCALS in a few bytes */
    KN_MAX_FUNC_SIZE = 7654321,   /* bytes of one function body */
    KN_MAX_BR_TABLE = 65520,      /* targets of one br_table, the default
                                     excluded */
    KN_MAX_NESTING = 100000       /* kiln's: nested blocks in one body (checked
                                     by the validator) */
};

/* Decodes `len` bytes (copied; the caller keeps its buffer). Returns NULL
 * and fills `err` on malformed input or when out of memory. */
kn_module *kn_decode(const uint8_t *bytes, size_t len, kn_error *err);

void kn_module_delete(kn_module *m);

#endif
