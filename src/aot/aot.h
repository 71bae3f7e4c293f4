/*
 * aot.h -- ahead-of-time compilation (`kiln compile`, `kiln run
 * --allow-precompiled`, `-C cache=y`): a module's functions compiled to
 * native code once, by the system's C compiler, and packed with the module
 * into a .cwasm that loads and runs without any compiler.
 *
 * A .cwasm holds native code, which kiln runs as it is: loading one means
 * trusting whoever compiled it, exactly as much as running a program they
 * built. The checks on loading (kiln's version and build, the target, the
 * CPU features, hashes of the parts) refuse files made for something else
 * and files damaged in storage or transit; they are no defence against a
 * file crafted to do harm.
 *
 * Code of a precompiled module belongs to the tier kn_aot_tier: a store
 * whose engine has that tier runs the module's precompiled functions, and
 * every module that has none on the default tier (the JIT or the
 * interpreter), so one store can mix both.
 */
#ifndef KN_AOT_H
#define KN_AOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../base/error.h"
#include "../exec/exec.h"

extern const kn_tier kn_aot_tier;

/* The tier of `kiln wast -C compiler=aot` and the AOT tests: like
 * kn_aot_tier, but a module without precompiled code is compiled ahead of
 * time, whole, at the first call of one of its functions (at -O0, -O1,
 * -O2 by the index), packed and loaded as a .cwasm would be. A compiler
 * failure leaves the module on the default tier, with a message on
 * stderr. */
extern const kn_tier kn_aot_tier_eager[3];

typedef struct kn_aot_options {
    int opt;                 /* 0, 1, 2: the C compiler's -O */
    unsigned jobs;           /* C compilers at once; 0: one per core */
    bool progress;           /* a progress line on stderr after a second */
} kn_aot_options;

/* Compiles the validated module `m` (whose bytes it packs) to a .cwasm
 * appended to `out`. False with `err` set: no C compiler (kiln looks for
 * $CC, then cc, gcc, clang on the PATH), the compiler failed, out of
 * memory or temporary space. */
bool kn_aot_compile(const kn_module *m, const kn_aot_options *o, kn_buf *out, kn_error *err);

/* Whether `bytes` start like a .cwasm (its magic number), whatever else
 * they hold. */
bool kn_aot_is_cwasm(const uint8_t *bytes, size_t len);

/* Loads a .cwasm: checks it (a file for another kiln, build, target or
 * CPU, truncated or damaged, is refused with `err` saying which), decodes
 * and validates its module and maps its code. The module is freed with
 * kn_aot_module_free, never kn_module_free. */
kn_module *kn_aot_load(const uint8_t *bytes, size_t len, kn_error *err);

/* Frees a module kn_aot_load made, and its code once no store runs it. */
void kn_aot_module_free(kn_module *m);

/* Whether `m` has precompiled code (a module from kn_aot_load). */
bool kn_aot_has_code(const kn_module *m);

/* The cache (`kiln run -C cache=y`): the .cwasm of module `m` (validated)
 * compiled with `o`, from $XDG_CACHE_HOME/kiln (else ~/.cache/kiln) when
 * there, else compiled and stored there. Returns the loaded module (free
 * it with kn_aot_module_free), or NULL with `err` set. A cache that cannot
 * be written is not an error: the module is compiled and run all the
 * same. */
kn_module *kn_aot_cached(const kn_module *m, const kn_aot_options *o, kn_error *err);

#endif
