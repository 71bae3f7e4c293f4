/*
 * load.c -- the .cwasm file, loading its code, and the aot tier.
 *
 * A .cwasm is a header, the module's bytes and a shared object:
 *
 *   0   8  magic "KILN-AOT"            72   8  build fingerprint
 *   8   4  format version (1)          80   8  module length
 *   12  4  KN_AOT_ABI                  88   8  object length
 *   16  4  build flags (guard pages)   96   8  hash of the module
 *   20  4  opt level                   104  8  hash of the object
 *   24 16  kiln's version              112  8  hash of bytes 0-111
 *   40 16  target ("x86_64-linux")     120     the module, then the object
 *   56 16  CPU level ("x86-64-v3")
 *
 * all integers little-endian. The build fingerprint is a hash of what the
 * generated code assumes of this kiln (its prelude, with the structure
 * offsets, and the interpreter's operation numbers), so a file from
 * another build of the same version is refused too.
 *
 * The object is loaded with the system's dynamic loader from an anonymous
 * memory file (memfd_create, then dlopen of /proc/self/fd/N): nothing is
 * written to disk, and the loader does the relocations and symbol binding
 * (libc, libm) a hand-written ELF loader would have to repeat. It exports
 * one function, kiln_aot_module, which takes the runtime table and returns
 * the entries.
 *
 * The tier: a module's code objects point into its object, which stays
 * mapped while its module or any code object refers to it (a count).
 */
#define _GNU_SOURCE 1   /* memfd_create */

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../binary/decode.h"
#include "../exec/native.h"
#include "../interp/internal.h"
#include "../interp/interp.h"
#include "../jit/jit.h"
#include "../valid/validate.h"
#include "internal.h"

enum { HEADER = 120, FORMAT = 1 };
static const char magic[8] = "KILN-AOT";

/* ---- hashes ---- */

uint64_t kn_aot_hash(const uint8_t *p, size_t n, uint64_t seed)
{
    const uint64_t k = 0x9e3779b97f4a7c15u;
    uint64_t h = seed ^ (n * k);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    memcpy(&w, p + i, n - i);
    h = (h ^ w) * k;
    h ^= h >> 32;
    return h * k ^ (h >> 29);
}

static pthread_once_t fingerprint_once = PTHREAD_ONCE_INIT;
static uint64_t fingerprint_value;   /* set once, then only read */

static void make_fingerprint(void)
{
    kn_buf b;
    kn_buf_init(&b);
    kn_aot_emit_prelude(&b, true);
    kn_aot_printf(&b, "%d %d %d %d %d", KN_IOP_STOP, KN_IOP_COUNT, KN_TRAP_COUNT, KN_AOT_ABI,
                  (int)sizeof(kn_code));
    fingerprint_value = kn_aot_hash(b.data, b.len, 0x6b696c6e);
    kn_buf_free(&b);
}

static uint64_t fingerprint(void)
{
    pthread_once(&fingerprint_once, make_fingerprint);
    return fingerprint_value;
}

/* ---- the file ---- */

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void put_text(uint8_t *p, const char *s)
{
    memset(p, 0, 16);
    memcpy(p, s, strlen(s) < 15 ? strlen(s) : 15);
}

bool kn_aot_pack(const uint8_t *wasm, size_t wasm_len, const uint8_t *obj, size_t obj_len,
                 int opt, kn_buf *out)
{
    uint8_t h[HEADER];
    memcpy(h, magic, 8);
    put32(h + 8, FORMAT);
    put32(h + 12, KN_AOT_ABI);
    put32(h + 16, kn_aot_build_flags());
    put32(h + 20, (uint32_t)opt);
    put_text(h + 24, KN_AOT_VERSION);
    put_text(h + 40, kn_aot_target());
    put_text(h + 56, kn_aot_features());
    put64(h + 72, fingerprint());
    put64(h + 80, wasm_len);
    put64(h + 88, obj_len);
    put64(h + 96, kn_aot_hash(wasm, wasm_len, 1));
    put64(h + 104, kn_aot_hash(obj, obj_len, 2));
    put64(h + 112, kn_aot_hash(h, 112, 3));
    kn_buf_push(out, h, HEADER);
    kn_buf_push(out, wasm, wasm_len);
    kn_buf_push(out, obj, obj_len);
    return !out->failed;
}

bool kn_aot_is_cwasm(const uint8_t *bytes, size_t len)
{
    return len >= 8 && memcmp(bytes, magic, 8) == 0;
}

/* The 16-byte text field at p, printable, for messages. */
static const char *text_of(const uint8_t *p, char out[16])
{
    for (int i = 0; i < 15; i++)
        out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : p[i] ? '?' : '\0';
    out[15] = '\0';
    return out;
}

/* Whether this CPU runs code compiled for `level`. */
static bool cpu_runs(const char *level)
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    bool v2 = __builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt");
    if (strcmp(level, "x86-64-v2") == 0)
        return v2;
    if (strcmp(level, "x86-64-v3") == 0)
        return v2 && strcmp(kn_aot_march(), "x86-64-v3") == 0;
#endif
    (void)level;
    return false;
}

/* Checks a .cwasm and finds its parts; false with `err` saying why not. */
static bool check(const uint8_t *p, size_t len, const uint8_t **wasm, size_t *wasm_len,
                  const uint8_t **obj, size_t *obj_len, kn_error *err)
{
    char a[16], b[16];
    if (!kn_aot_is_cwasm(p, len))
        return kn_error_set(err, KN_ERR_MALFORMED, "not a precompiled module (.cwasm)");
    if (len < HEADER)
        return kn_error_set(err, KN_ERR_MALFORMED,
                            "precompiled module truncated: %zu bytes, its header alone is %d",
                            len, HEADER);
    if (get64(p + 112) != kn_aot_hash(p, 112, 3))
        return kn_error_set(err, KN_ERR_MALFORMED, "precompiled module damaged: its header's hash does not match");
    if (get32(p + 8) != FORMAT || get32(p + 12) != KN_AOT_ABI ||
        strncmp((const char *)p + 24, KN_AOT_VERSION, 16) != 0)
        return kn_error_set(err, KN_ERR_MALFORMED,
                            "precompiled module made by kiln %s (format %" PRIu32 "), this is kiln "
                            KN_AOT_VERSION ": compile it again", text_of(p + 24, a), get32(p + 8));
    if (strncmp((const char *)p + 40, kn_aot_target(), 16) != 0)
        return kn_error_set(err, KN_ERR_MALFORMED,
                            "precompiled module for %s, this machine is %s", text_of(p + 40, a),
                            kn_aot_target());
    if (get64(p + 72) != fingerprint() || get32(p + 16) != kn_aot_build_flags())
        return kn_error_set(err, KN_ERR_MALFORMED,
                            "precompiled module made by another build of kiln " KN_AOT_VERSION
                            "%s: compile it again",
                            get32(p + 16) != kn_aot_build_flags() ? " (other memory bounds checks)" : "");
    if (!cpu_runs(text_of(p + 56, a)))
        return kn_error_set(err, KN_ERR_MALFORMED,
                            "precompiled module needs a %s CPU, this one is not: compile it here",
                            text_of(p + 56, b));
    uint64_t wl = get64(p + 80), ol = get64(p + 88);
    if (wl > len - HEADER || ol != len - HEADER - wl)
        return kn_error_set(err, KN_ERR_MALFORMED,
                            "precompiled module truncated or padded: %zu bytes, its header says %" PRIu64,
                            len, wl > UINT64_MAX - HEADER - ol ? UINT64_MAX : HEADER + wl + ol);
    *wasm = p + HEADER;
    *wasm_len = (size_t)wl;
    *obj = p + HEADER + wl;
    *obj_len = (size_t)ol;
    if (get64(p + 96) != kn_aot_hash(*wasm, *wasm_len, 1))
        return kn_error_set(err, KN_ERR_MALFORMED, "precompiled module damaged: its module's hash does not match");
    if (get64(p + 104) != kn_aot_hash(*obj, *obj_len, 2))
        return kn_error_set(err, KN_ERR_MALFORMED, "precompiled module damaged: its code's hash does not match");
    return true;
}

/* ---- the object ---- */

typedef struct object {
    void *dl;
    const kn_aot_desc *desc;
    _Atomic uint32_t refs;
} object;

static void release(object *o)
{
    if (o && atomic_fetch_sub_explicit(&o->refs, 1, memory_order_acq_rel) == 1) {
        dlclose(o->dl);
        free(o);
    }
}

static void step(kn_activation *act, kn_slot *fp, const uint32_t *ip)
{
    if (kn_interp_step(act, act->fn, fp, ip) != KN_TRAP_NONE)
        kn_trap_unwind(act);
}

/* Makes the code of `f`, which compiled code has just entered (pushed its
 * caller's frame, made `f` the running function): a trap here has `f` as
 * its innermost frame, naming the function whose code could not be made. */
static void resolve(kn_activation *act, kn_funcinst *f)
{
    kn_trap_code why;
    if (!kn_code_of(act->store, f, &why))
        kn_native_trap(act, why, 0);
}

static const kn_aot_rt runtime = {
    .trap = kn_native_trap,
    .charge = kn_native_charge,
    .call = kn_native_call,
    .step = step,
    .resolve = resolve,
};

/* Maps the object `bytes` for module `m`; NULL with `err` set. */
static object *load_object(const kn_module *m, const uint8_t *bytes, size_t len, kn_error *err)
{
    int fd = memfd_create("kiln-aot", MFD_CLOEXEC);
    if (fd < 0) {
        kn_error_set(err, KN_ERR_IO, "cannot make a memory file for the code: %s", strerror(errno));
        return NULL;
    }
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, bytes + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            kn_error_set(err, KN_ERR_IO, "cannot write the code to memory: %s", strerror(errno));
            close(fd);
            return NULL;
        }
        done += (size_t)n;
    }
    /* The dynamic loader takes a path it loaded before for the object
     * loaded then, and fd numbers are reused: so each load gets a path of
     * its own, the same file spelled with a count in "./" and "//". */
    static _Atomic uint32_t loads;
    uint32_t k = atomic_fetch_add_explicit(&loads, 1, memory_order_relaxed);
    char path[128] = "/proc/self/fd";
    size_t at = strlen(path);
    for (int bit = 31; bit >= 0; bit--, at += 2)
        memcpy(path + at, k >> bit & 1 ? "/." : "//", 2);
    snprintf(path + at, sizeof path - at, "/%d", fd);
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    close(fd);
    if (!dl) {
        const char *why = dlerror();
        kn_error_set(err, KN_ERR_MALFORMED, "cannot load the precompiled code: %s",
                     why ? why : "unknown reason");
        return NULL;
    }
    const kn_aot_desc *(*entry)(const kn_aot_rt *);
    void *sym = dlsym(dl, "kiln_aot_module");
    memcpy(&entry, &sym, sizeof entry);   /* object to function pointer */
    const kn_aot_desc *d = sym ? entry(&runtime) : NULL;
    uint32_t n = m->nfuncs - m->nfuncs_imported;
    bool ok = d && d->abi == KN_AOT_ABI && d->nfuncs == n;
    for (uint32_t i = 0; ok && i < n; i++)
        ok = d->funcs[i] && d->info[3 * i] <= d->info[3 * i + 1];
    object *o = ok ? calloc(1, sizeof *o) : NULL;
    if (!o) {
        kn_error_set(err, KN_ERR_MALFORMED, ok ? "out of memory"
                                               : "the precompiled code does not match its module");
        dlclose(dl);
        return NULL;
    }
    o->dl = dl;
    o->desc = d;
    atomic_init(&o->refs, 1);
    return o;
}

/* ---- which module has which object ---- */

/* A module's object. An entry the eager tier made keeps a copy of the
 * module's bytes: its module is not freed through kn_aot_module_free, so
 * a later module at the same address must have the same bytes to match. */
typedef struct entry {
    const kn_module *m;
    object *o;               /* NULL: compiling failed, use the default tier */
    uint8_t *bytes;
    size_t size;             /* of bytes */
    struct entry *next;
} entry;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t eager_lock = PTHREAD_MUTEX_INITIALIZER;
static entry *registry;   /* under registry_lock */

static bool matches(const entry *e, const kn_module *m)
{
    return e->m == m && (!e->bytes || (e->size == m->size &&
                                       memcmp(e->bytes, m->bytes, m->size) == 0));
}

/* The entry of m, with a reference to its object taken; NULL if none. */
static entry *find(const kn_module *m, object **o)
{
    pthread_mutex_lock(&registry_lock);
    entry *e = registry;
    while (e && !matches(e, m))
        e = e->next;
    *o = e ? e->o : NULL;
    if (*o)
        atomic_fetch_add_explicit(&(*o)->refs, 1, memory_order_relaxed);
    pthread_mutex_unlock(&registry_lock);
    return e;
}

static bool add(const kn_module *m, object *o, bool eager)
{
    entry *e = calloc(1, sizeof *e);
    if (!e)
        return false;
    e->m = m;
    e->o = o;
    if (eager) {
        e->bytes = malloc(m->size ? m->size : 1);
        if (!e->bytes) {
            free(e);
            return false;
        }
        memcpy(e->bytes, m->bytes, m->size);
        e->size = m->size;
    }
    pthread_mutex_lock(&registry_lock);
    /* a stale entry of a freed module at this address goes */
    for (entry **p = &registry; *p;) {
        if ((*p)->m == m) {
            entry *old = *p;
            *p = old->next;
            release(old->o);
            free(old->bytes);
            free(old);
        } else {
            p = &(*p)->next;
        }
    }
    e->next = registry;
    registry = e;
    pthread_mutex_unlock(&registry_lock);
    return true;
}

bool kn_aot_has_code(const kn_module *m)
{
    object *o;
    entry *e = find(m, &o);
    release(o);
    return e && o;
}

kn_module *kn_aot_load(const uint8_t *bytes, size_t len, kn_error *err)
{
    const uint8_t *wasm, *obj;
    size_t wasm_len, obj_len;
    if (!kn_aot_target())
        return kn_error_set(err, KN_ERR_MALFORMED, "precompiled modules run on x86-64 Linux only"),
               NULL;
    if (!check(bytes, len, &wasm, &wasm_len, &obj, &obj_len, err))
        return NULL;
    kn_module *m = kn_decode(wasm, wasm_len, err);
    if (!m)
        return NULL;
    if (!kn_validate(m, err)) {
        kn_module_delete(m);
        return NULL;
    }
    object *o = load_object(m, obj, obj_len, err);
    if (!o || !add(m, o, false)) {
        if (o) {
            release(o);
            kn_error_set(err, KN_ERR_LIMIT, "out of memory");
        }
        kn_module_delete(m);
        return NULL;
    }
    return m;
}

void kn_aot_module_free(kn_module *m)
{
    if (!m)
        return;
    object *o = NULL;
    pthread_mutex_lock(&registry_lock);
    for (entry **p = &registry; *p; p = &(*p)->next) {
        if ((*p)->m == m) {
            entry *e = *p;
            *p = e->next;
            o = e->o;
            free(e->bytes);
            free(e);
            break;
        }
    }
    pthread_mutex_unlock(&registry_lock);
    kn_module_delete(m);   /* its code objects release their references */
    release(o);
}

/* ---- the tier ---- */

typedef struct aot_code {
    kn_code base;
    object *o;
} aot_code;

static kn_code *code_from(const kn_module *m, uint32_t func, object *o)
{
    aot_code *c = calloc(1, sizeof *c);
    if (!c) {
        release(o);
        return NULL;
    }
    uint32_t i = func - m->nfuncs_imported;
    const kn_aot_fn *funcs = o->desc->funcs;
    const void *entry;
    memcpy(&entry, &funcs[i], sizeof entry);   /* function to object pointer */
    c->base = (kn_code){
        .tier = &kn_aot_tier, .entry = entry, .nparams = o->desc->info[3 * i],
        .frame_size = o->desc->info[3 * i + 1], .cost = o->desc->info[3 * i + 2],
        /* The machine code is the module's object, mapped once and as
         * large as the .cwasm that brought it: what a function adds is
         * this object. */
        .size = sizeof *c,
    };
    c->o = o;
    return &c->base;
}

static kn_code *aot_compile(const kn_module *m, uint32_t func)
{
    object *o;
    find(m, &o);
    return o ? code_from(m, func, o) : kn_tier_default()->compile(m, func);
}

/* The eager tiers: the whole module compiled at the first call of one of
 * its functions, once (eager_lock), packed and checked as a file is. */
static kn_code *eager_compile(const kn_module *m, uint32_t func, int opt)
{
    object *o;
    if (find(m, &o))
        return o ? code_from(m, func, o) : kn_tier_default()->compile(m, func);
    pthread_mutex_lock(&eager_lock);
    if (!find(m, &o)) {
        kn_error err;
        kn_error_clear(&err);
        kn_buf file;
        kn_buf_init(&file);
        kn_aot_options opts = {.opt = opt, .jobs = 1};
        const uint8_t *wasm, *obj;
        size_t wasm_len, obj_len;
        o = kn_aot_compile(m, &opts, &file, &err) &&
                    check(file.data, file.len, &wasm, &wasm_len, &obj, &obj_len, &err)
                ? load_object(m, obj, obj_len, &err)
                : NULL;
        kn_buf_free(&file);
        if (!o)
            fprintf(stderr, "kiln: ahead-of-time compilation failed, running on %s: %s\n",
                    kn_tier_default()->name, err.message);
        if (o)
            atomic_fetch_add_explicit(&o->refs, 1, memory_order_relaxed);
        if (!add(m, o, true))
            release(o);
    }
    pthread_mutex_unlock(&eager_lock);
    return o ? code_from(m, func, o) : kn_tier_default()->compile(m, func);
}

static kn_code *eager0(const kn_module *m, uint32_t func) { return eager_compile(m, func, 0); }
static kn_code *eager1(const kn_module *m, uint32_t func) { return eager_compile(m, func, 1); }
static kn_code *eager2(const kn_module *m, uint32_t func) { return eager_compile(m, func, 2); }

static void aot_free(kn_code *base)
{
    if (base->tier != &kn_aot_tier) {   /* a module without precompiled code */
        base->tier->free(base);
        return;
    }
    aot_code *c = (aot_code *)base;
    release(c->o);
    free(c);
}

static kn_trap_code aot_run(kn_activation *act, kn_funcinst *f, kn_slot *fp)
{
    kn_instance *inst = f->instance;
    uint8_t *mbase = inst->module->nmemories ? inst->memories[0]->data : NULL;
    kn_aot_fn fn;
    memcpy(&fn, &f->code->entry, sizeof fn);   /* object to function pointer */
    fn(act, inst, fp, mbase);
    return KN_TRAP_NONE;   /* a trap leaves by kn_trap_unwind */
}

/* Traps are not catchable, and no compiled code makes a handler. */
static bool aot_handles(const kn_code *code, const void *pc)
{
    (void)code;
    (void)pc;
    return false;
}

/* One id for all: a module's code is in one slot whichever made it. */
enum { AOT_TIER_ID = 2 };

const kn_tier kn_aot_tier = {
    .name = "aot", .id = AOT_TIER_ID, .compile = aot_compile, .free = aot_free,
    .run = aot_run, .handles = aot_handles,
};

const kn_tier kn_aot_tier_eager[3] = {
    {.name = "aot", .id = AOT_TIER_ID, .compile = eager0, .free = aot_free, .run = aot_run,
     .handles = aot_handles},
    {.name = "aot", .id = AOT_TIER_ID, .compile = eager1, .free = aot_free, .run = aot_run,
     .handles = aot_handles},
    {.name = "aot", .id = AOT_TIER_ID, .compile = eager2, .free = aot_free, .run = aot_run,
     .handles = aot_handles},
};
