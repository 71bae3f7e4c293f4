/*
 * effect.h -- what an instruction takes from the operand stack and puts on
 * it (spec 3.3), said once for the validator, the interpreter's translator
 * and the printer.
 *
 * The opcode table states the effect of every instruction of fixed type:
 * its signature. This file states the rest: the instructions whose types
 * come from their immediates -- calls, references, parametric ones,
 * variables, tables -- and block types. Control instructions (blocks,
 * branches, return), whose effect is the control stack's, stay with their
 * users, as do the checks that are validation's alone (a global's
 * mutability, a select's operand kinds, declared function references).
 */
#ifndef KN_BINARY_EFFECT_H
#define KN_BINARY_EFFECT_H

#include <stdbool.h>
#include <stdint.h>

#include "../base/error.h"
#include "module.h"
#include "reader.h"

/* A value of any type: what drop, select and ref.is_null pop, and the type
 * of a variable whose index is out of range. */
enum { KN_ANY = 0 };

typedef struct kn_effect {
    const kn_valtype *pops;     /* popped, bottom first */
    uint32_t npops;
    kn_valtype last;            /* then, when not KN_ANY, this one too, on
                                   top of them: call_indirect's index */
    const kn_valtype *pushes;   /* pushed, bottom first */
    uint32_t npushes;
    kn_valtype buf[4];          /* what pops and pushes point at when they
                                   are not a function type's */
} kn_effect;

/* The effect of `in`, an instruction of function `func` (whose type is
 * `type`; both NULL when the locals are not known: local.* then take and
 * give KN_ANY) of module m. The counts are filled whatever happens, with
 * KN_ANY for a type an index out of range hides; the result is false, and
 * `err` filled (KN_ERR_INVALID at the instruction's offset, in the spec's
 * words: "unknown global 3"), for such an index, and for an instruction
 * that is not one of those this file states. */
bool kn_effect_of(const kn_module *m, const kn_functype *type, const kn_func *func,
                  const kn_instr *in, kn_effect *e, kn_error *err);

/* Block type `bt` (spec 3.2.2, 5.4.1): empty, one value type (the s33's
 * byte), or the module's type bt, as a function type whose arrays live as
 * long as the module. False for a type index out of range (then empty)
 * or a byte that is no value type (then that byte as the one result, for
 * printers of invalid modules). */
bool kn_block_type(const kn_module *m, int64_t bt, kn_functype *out);

#endif
