/*
 * validate.h -- validation (spec 3): is a decoded module well-typed?
 *
 * Checks every rule the spec calls *invalid*: index bounds ("unknown
 * function 3"), limits ("size minimum must not be greater than maximum",
 * "memory size must be at most 65536 pages (4GiB)"), constant expressions
 * ("constant expression required"), function bodies with the spec's
 * operand-stack algorithm (appendix A.3: stack-polymorphic after
 * unreachable/br/br_table/return, multi-value blocks), `ref.func` of
 * undeclared functions ("undeclared function reference"), duplicate export
 * names, the start function's type, alignment, data count use. Errors are
 * KN_ERR_INVALID with the byte offset and the spec's wording ("type
 * mismatch").
 *
 * Validation is linear in the size of the module.
 */
#ifndef KN_VALIDATE_H
#define KN_VALIDATE_H

#include <stdbool.h>

#include "../base/error.h"
#include "../binary/module.h"

bool kn_validate(const kn_module *m, kn_error *err);

#endif
