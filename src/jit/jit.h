/*
 * jit.h -- the compiler to machine code: a tier (exec/exec.h) that compiles
 * each function's interpreter code further into x86-64 code.
 *
 * The tiers a store can run: kn_interp_tier (interp/interp.h) everywhere,
 * kn_jit_tier where kn_jit_available(); kn_tier_default() is the one kiln
 * uses when not told otherwise.
 */
#ifndef KN_JIT_H
#define KN_JIT_H

#include <stdbool.h>

#include "../exec/exec.h"

extern const kn_tier kn_jit_tier;

/* Whether this build and CPU run compiled code (x86-64, SSE4.1 and the bit
 * count instructions, executable memory). */
bool kn_jit_available(void);

/* The JIT where it is available, else the interpreter. */
const kn_tier *kn_tier_default(void);

/* The tier named `name` ("interp", "jit"); NULL if there is none by that
 * name or it is not available here. */
const kn_tier *kn_tier_find(const char *name);

#endif
