/*
 * internal.h -- what the module-level checks (validate.c) share with the
 * function-body checks (code.c). Not part of the validator's interface.
 */
#ifndef KN_VALID_INTERNAL_H
#define KN_VALID_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/error.h"
#include "../binary/module.h"

/* An implementation limit: operand stack slots one function body may hold
 * at once. Without it, a body of 7 MB of calls to a function with 1000
 * results would make the validator allocate gigabytes. */
enum { KN_MAX_OPERANDS = 1 << 20 };

/* The validation context C of spec 3.1.6 that function bodies see. Types,
 * functions, tables, memories, globals, elems and datas are read straight
 * from the module; only C.refs needs computing. */
typedef struct kn_vctx {
    const kn_module *m;
    /* C.refs as a bit set over the function index space: the functions
     * that appear in element segments, exports and constant expressions,
     * the only ones `ref.func` in a body may name (spec 3.4.10). */
    const uint8_t *refs;
    kn_error *err;
} kn_vctx;

static inline bool kn_vctx_declared(const kn_vctx *c, uint32_t func)
{
    return (c->refs[func >> 3] >> (func & 7)) & 1;
}

/* Validates every defined function's body (spec 3.4.1); the module-level
 * checks must have run first, so that every function's type index is
 * known to be in range. */
bool kn_valid_code(const kn_vctx *c);

#endif
