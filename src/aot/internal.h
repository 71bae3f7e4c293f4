/*
 * internal.h -- what the ahead-of-time compiler's files share (aot.h is
 * what the rest of kiln sees).
 *
 * The compiled form of a module is C (emit.c): each defined function
 * becomes one C function with the interpreter's frame protocol, compiled
 * by the system's C compiler (compile.c) into a shared object, which
 * loads without a compiler (load.c). The generated code reaches kiln's
 * runtime through a table of function pointers (kn_aot_rt) that the
 * loader hands the object, and kiln's structures through field offsets
 * written into the code as numbers: both are facts of this build of
 * kiln, which is why a .cwasm records kiln's version and build
 * (kn_aot_build) and loads only into the same.
 */
#ifndef KN_AOT_INTERNAL_H
#define KN_AOT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/buf.h"
#include "../exec/exec.h"
#include "../../include/kiln.h"
#include "aot.h"

/* The version a .cwasm records (with a fingerprint of the build: load.c). */
#define KN_AOT_VERSION KILN_VERSION

/* What the generated code calls (load.c fills it): the functions of
 * exec/native.h, an interpreter step, and the lookup of a function's code
 * before a direct call (so that every frame on the frame stack has code,
 * which the trap recorder reads). The emitter prints the same struct. */
typedef struct kn_aot_rt {
    void (*trap)(kn_activation *act, uint32_t code, uint32_t detail);
    void (*charge)(kn_activation *act, uint64_t cost);
    void (*call)(kn_activation *act, kn_funcinst *callee, kn_slot *fp, kn_slot *nfp,
                 const void *pc);
    void (*step)(kn_activation *act, kn_slot *fp, const uint32_t *ip);
    void (*resolve)(kn_activation *act, kn_funcinst *f);
} kn_aot_rt;

/* The signature of every generated function: the activation, the
 * instance, the frame (parameters set) and memory 0's base. */
typedef void (*kn_aot_fn)(kn_activation *act, kn_instance *inst, kn_slot *fp, uint8_t *mbase);

/* What the object's one exported function, kiln_aot_module, returns: per
 * defined function its entry and its frame's facts (nparams, frame_size,
 * cost: kn_code's), after it stored the runtime table. */
typedef struct kn_aot_desc {
    uint32_t abi;            /* KN_AOT_ABI */
    uint32_t nfuncs;         /* defined functions */
    const kn_aot_fn *funcs;
    const uint32_t *info;    /* 3 words per function */
} kn_aot_desc;

/* Changes whenever the generated code's view of kiln changes. */
enum { KN_AOT_ABI = 1 };

/* ---- emit.c ---- */

/* The text every C file of a module starts with: the numeric and vector
 * helpers of the interpreter (interp/numeric.h, simd.h, embedded at build
 * time: headers.c; simd.h only with `simd`), kiln's offsets and the
 * runtime table. */
void kn_aot_emit_prelude(kn_buf *out, bool simd);

/* Whether the module's code may use vectors (the v128 type, or a byte
 * 0xfd, the vector prefix, in a body): when not, its C does without
 * simd.h, which is most of the prelude. */
bool kn_aot_needs_simd(const kn_module *m);

/* Appends the C function of defined function `func` of `m` (its C name
 * F<func>), compiled from the interpreter's translation, and sets `info`
 * to its kn_code facts (nparams, frame_size, cost); false with `err` set
 * when it cannot (out of memory). */
bool kn_aot_emit_func(const kn_module *m, uint32_t func, kn_buf *out, uint32_t info[3],
                      kn_error *err);

/* Appends the declarations of functions [from, to), which the functions
 * of one C file may call. */
void kn_aot_emit_decls(const kn_module *m, uint32_t from, uint32_t to, kn_buf *out);

/* Appends the object's tables and its one exported function,
 * kiln_aot_module: every defined function's entry and `info` (3 words
 * each, kn_aot_emit_func's). */
bool kn_aot_emit_table(const kn_module *m, const uint32_t *info, kn_buf *out, kn_error *err);

/* The embedded headers (headers.c, generated from interp/numeric.h and
 * interp/simd.h by the Makefile). */
extern const char kn_aot_numeric_h[];
extern const char kn_aot_simd_h[];

/* ---- the file (load.c) ---- */

/* A 64-bit hash of bytes, for the file's checks (not against tampering:
 * a .cwasm is trusted, see aot.h). */
uint64_t kn_aot_hash(const uint8_t *p, size_t n, uint64_t seed);

/* The facts of this build a .cwasm must match, and the C compiler flags
 * its object was made with (compile.c). */
const char *kn_aot_target(void);
const char *kn_aot_features(void);
const char *kn_aot_march(void);
uint32_t kn_aot_build_flags(void);

/* Packs module bytes and an object into a .cwasm. */
bool kn_aot_pack(const uint8_t *wasm, size_t wasm_len, const uint8_t *obj, size_t obj_len,
                 int opt, kn_buf *out);

/* printf into a buffer. */
void kn_aot_printf(kn_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
