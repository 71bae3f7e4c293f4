/*
 * compile.c -- a module to a .cwasm: its functions as C (emit.c) in
 * pieces, each compiled by the system's C compiler in a process of its
 * own, as many at once as there are cores, then linked into one shared
 * object and packed with the module (load.c reads it back).
 *
 * Memory stays bounded whatever the module's size: a piece's C is written
 * to a temporary file as soon as it is emitted and freed, and at most one
 * piece per running compiler waits. The C compiler is needed here only,
 * never to load or run the result.
 */
#define _GNU_SOURCE 1   /* mkdtemp, environ */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../runtime/guard.h"
#include "internal.h"

extern char **environ;

/* ---- the build's facts ---- */

const char *kn_aot_target(void)
{
#if defined(__x86_64__) && defined(__linux__)
    return "x86_64-linux";
#else
    return NULL;
#endif
}

/* The CPU level the code is compiled for, and what loading checks: the
 * x86-64-v3 level (AVX2, BMI1/2, FMA, LZCNT, MOVBE) where this CPU has it,
 * else x86-64-v2 (SSE4.2, POPCNT). */
static bool has_v3(void)
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
           __builtin_cpu_supports("bmi2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("avx");
#else
    return false;
#endif
}

const char *kn_aot_march(void)
{
    return has_v3() ? "x86-64-v3" : "x86-64-v2";
}

const char *kn_aot_features(void)
{
    return kn_aot_march();
}

uint32_t kn_aot_build_flags(void)
{
#if KN_GUARD_PAGES
    return 1;
#else
    return 0;
#endif
}

/* ---- the C compiler ---- */

/* The C compiler: $CC (one program, no arguments), else the first of cc,
 * gcc, clang on the PATH. */
static bool find_cc(char *out, size_t size)
{
    const char *env = getenv("CC");
    const char *names[] = {env && *env ? env : NULL, "cc", "gcc", "clang"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *name = names[i];
        if (!name)
            continue;
        if (strchr(name, '/')) {
            if (access(name, X_OK) == 0 && (size_t)snprintf(out, size, "%s", name) < size)
                return true;
            continue;
        }
        const char *path = getenv("PATH");
        if (!path)
            path = "/usr/local/bin:/usr/bin:/bin";
        while (*path) {
            const char *colon = strchr(path, ':');
            size_t len = colon ? (size_t)(colon - path) : strlen(path);
            int n = snprintf(out, size, "%.*s/%s", (int)len, path, name);
            if (n > 0 && (size_t)n < size && access(out, X_OK) == 0)
                return true;
            path += len + (colon ? 1 : 0);
        }
    }
    return false;
}

/* A running compiler: its process and the piece it compiles. */
typedef struct job {
    pid_t pid;
    uint32_t piece;
} job;

typedef struct build {
    const kn_module *m;
    const kn_aot_options *o;
    kn_error *err;
    char cc[4096];
    char dir[4096];
    char opt[8], march[32];
    job *jobs;
    unsigned njobs, maxjobs;
    uint32_t pieces, done;
    struct timespec start;
    bool progress_shown;
} build;

static double elapsed(const build *b)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - b->start.tv_sec) + (now.tv_nsec - b->start.tv_nsec) / 1e9;
}

/* The progress line, on a terminal, once compiling takes more than a
 * second and a half. */
static void progress(build *b, uint32_t total_known)
{
    if (!b->o->progress || !isatty(STDERR_FILENO) || elapsed(b) < 1.5)
        return;
    fprintf(stderr, "\rkiln compile: %" PRIu32 "/%" PRIu32 " pieces compiled, %.0f s",
            b->done, total_known, elapsed(b));
    b->progress_shown = true;
}

static bool path_of(const build *b, char *out, size_t size, const char *fmt, uint32_t n)
{
    char name[64];
    snprintf(name, sizeof name, fmt, n);
    return (size_t)snprintf(out, size, "%s/%s", b->dir, name) < size;
}

/* Runs argv with stderr to `errpath`; the process id, or -1. */
static pid_t spawn(char *const argv[], const char *errpath)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, errpath, O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
}

/* The compiler's first lines of complaint, for the error message. */
static void complaint(const char *errpath, char *out, size_t size)
{
    out[0] = '\0';
    FILE *f = fopen(errpath, "r");
    if (!f)
        return;
    size_t n = fread(out, 1, size - 1, f);
    out[n] = '\0';
    fclose(f);
    for (char *p = out; *p; p++)
        if (*p == '\n')
            *p = ' ';
}

/* Waits for one compiler; false (err set) when it failed. */
static bool reap(build *b)
{
    int status;
    pid_t pid;
    do
        pid = waitpid(-1, &status, 0);
    while (pid < 0 && errno == EINTR);
    for (unsigned i = 0; i < b->njobs; i++) {
        if (b->jobs[i].pid != pid)
            continue;
        uint32_t piece = b->jobs[i].piece;
        b->jobs[i] = b->jobs[--b->njobs];
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            char errpath[4200], text[160];
            path_of(b, errpath, sizeof errpath, "p%" PRIu32 ".err", piece);
            complaint(errpath, text, sizeof text);
            kn_error_set(b->err, KN_ERR_LIMIT, "the C compiler %s failed on piece %" PRIu32 ": %s",
                         b->cc, piece, text[0] ? text : "(no message)");
            return false;
        }
        b->done++;
        return true;
    }
    kn_error_set(b->err, KN_ERR_LIMIT, "lost a C compiler process");
    return false;
}

/* Starts compiling piece n (its C written), waiting for a free core
 * first. */
static bool compile_piece(build *b, uint32_t n, bool whole)
{
    while (b->njobs >= b->maxjobs)
        if (!reap(b))
            return false;
    char src[4200], obj[4200], errpath[4200];
    path_of(b, src, sizeof src, "p%" PRIu32 ".c", n);
    path_of(b, obj, sizeof obj, "p%" PRIu32 ".o", n);
    path_of(b, errpath, sizeof errpath, "p%" PRIu32 ".err", n);
    if (whole)   /* the only piece: compiled and linked at once */
        snprintf(obj, sizeof obj, "%s/out.so", b->dir);
    char *argv[] = {b->cc, "-std=gnu11", b->opt, b->march, "-fPIC", "-fvisibility=hidden",
                    "-fwrapv", "-fno-strict-aliasing", "-ffp-contract=off", "-fno-math-errno", "-fsignaling-nans",
                    "-fno-asynchronous-unwind-tables", "-fno-stack-protector", "-w",
                    whole ? "-shared" : "-c", src, "-o", obj, whole ? "-lm" : NULL, NULL};
    pid_t pid = spawn(argv, errpath);
    if (pid < 0)
        return kn_error_set(b->err, KN_ERR_LIMIT, "cannot run the C compiler %s: %s", b->cc,
                            strerror(errno));
    b->jobs[b->njobs++] = (job){pid, n};
    return true;
}

static bool write_file(build *b, const char *path, const kn_buf *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fwrite(text->data, 1, text->len, f) != text->len || fclose(f) != 0) {
        if (f)
            fclose(f);
        return kn_error_set(b->err, KN_ERR_IO, "cannot write %s: %s", path, strerror(errno));
    }
    return true;
}

/* Removes the temporary directory and what is in it. */
static void remove_dir(const build *b)
{
    char path[4200];
    for (uint32_t n = 0; n <= b->pieces; n++) {
        static const char *const kinds[] = {"p%" PRIu32 ".c", "p%" PRIu32 ".o", "p%" PRIu32 ".err"};
        for (size_t k = 0; k < 3; k++) {
            path_of(b, path, sizeof path, kinds[k], n);
            unlink(path);
        }
    }
    static const char *const others[] = {"objs", "out.so", "link.err"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/%s", b->dir, others[k]);
        unlink(path);
    }
    rmdir(b->dir);
}

/* A piece is this many bytes of function bodies, or fewer: small enough
 * that the pieces keep every core busy, large enough that each
 * compiler's start and the prelude it reads stay small beside its work. */
static size_t piece_bytes(const kn_module *m, unsigned jobs, size_t *total_out)
{
    size_t total = 0;
    for (uint32_t f = m->nfuncs_imported; f < m->nfuncs; f++)
        total += m->funcs[f].code_len;
    *total_out = total;
    size_t want = total / (4 * (size_t)jobs) + 1;
    return want < 8192 ? 8192 : want > 65536 ? 65536 : want;
}

/* Emits and compiles the pieces; a module that makes one piece is
 * compiled and linked by one run of the compiler (*linked). */
static bool emit_pieces(build *b, uint32_t *info, bool *linked)
{
    const kn_module *m = b->m;
    size_t total;
    size_t limit = piece_bytes(m, b->maxjobs, &total);
    bool simd = kn_aot_needs_simd(m);
    *linked = total <= limit;
    kn_buf c;
    kn_buf_init(&c);
    bool ok = true;
    if (*linked) {
        kn_aot_emit_prelude(&c, simd);
        for (uint32_t f = m->nfuncs_imported; f < m->nfuncs && ok; f++)
            ok = kn_aot_emit_func(m, f, &c, info + 3 * (f - m->nfuncs_imported), b->err);
        char src[4200];
        path_of(b, src, sizeof src, "p%" PRIu32 ".c", 0);
        ok = ok && kn_aot_emit_table(m, info, &c, b->err) && write_file(b, src, &c) &&
             compile_piece(b, 0, true);
        b->pieces = 1;
        kn_buf_free(&c);
        while (b->njobs > 0)
            if (!reap(b))
                ok = false;
        return ok;
    }
    for (uint32_t f = m->nfuncs_imported; f < m->nfuncs && ok;) {
        c.len = 0;
        kn_aot_emit_prelude(&c, simd);
        size_t bytes = 0;
        for (; f < m->nfuncs && (bytes == 0 || bytes + m->funcs[f].code_len <= limit); f++) {
            bytes += m->funcs[f].code_len;
            if (!kn_aot_emit_func(m, f, &c, info + 3 * (f - m->nfuncs_imported), b->err)) {
                ok = false;
                break;
            }
        }
        char src[4200];
        path_of(b, src, sizeof src, "p%" PRIu32 ".c", b->pieces);
        ok = ok && write_file(b, src, &c) && compile_piece(b, b->pieces, false);
        b->pieces++;
        progress(b, b->pieces);
    }
    /* the tables, last: they need every function's facts */
    if (ok) {
        c.len = 0;
        kn_aot_emit_prelude(&c, false);
        char src[4200];
        path_of(b, src, sizeof src, "p%" PRIu32 ".c", b->pieces);
        ok = kn_aot_emit_table(m, info, &c, b->err) && write_file(b, src, &c) &&
             compile_piece(b, b->pieces, false);
        b->pieces++;
    }
    kn_buf_free(&c);
    while (b->njobs > 0) {
        if (!reap(b) && ok)
            ok = false;
        progress(b, b->pieces);
    }
    return ok;
}

/* Links the pieces' objects into out.so (unless `linked`: done) and reads
 * it into `obj`. */
static bool link_object(build *b, bool linked, kn_buf *obj)
{
    char list[4200], out[4200], errpath[4200], path[4200];
    snprintf(list, sizeof list, "%s/objs", b->dir);
    snprintf(out, sizeof out, "%s/out.so", b->dir);
    snprintf(errpath, sizeof errpath, "%s/link.err", b->dir);
    if (linked) {
        if (!kn_buf_read_file(obj, out))
            return kn_error_set(b->err, KN_ERR_IO, "cannot read %s: %s", out, strerror(errno));
        return true;
    }
    kn_buf names;
    kn_buf_init(&names);
    for (uint32_t n = 0; n < b->pieces; n++) {
        path_of(b, path, sizeof path, "p%" PRIu32 ".o", n);
        kn_aot_printf(&names, "%s\n", path);
    }
    bool ok = !names.failed && write_file(b, list, &names);
    kn_buf_free(&names);
    if (!ok)
        return false;
    char at[4300];
    snprintf(at, sizeof at, "@%s", list);
    char *argv[] = {b->cc, "-shared", "-Wl,-z,noexecstack", "-o", out, at,
                    "-lm", NULL};
    pid_t pid = spawn(argv, errpath);
    if (pid < 0)
        return kn_error_set(b->err, KN_ERR_LIMIT, "cannot run the C compiler %s: %s", b->cc,
                            strerror(errno));
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return kn_error_set(b->err, KN_ERR_LIMIT, "lost the linker process");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char text[160];
        complaint(errpath, text, sizeof text);
        return kn_error_set(b->err, KN_ERR_LIMIT, "linking with %s failed: %s", b->cc, text);
    }
    if (!kn_buf_read_file(obj, out))
        return kn_error_set(b->err, KN_ERR_IO, "cannot read %s: %s", out, strerror(errno));
    return true;
}

bool kn_aot_compile(const kn_module *m, const kn_aot_options *o, kn_buf *out, kn_error *err)
{
    if (!kn_aot_target())
        return kn_error_set(err, KN_ERR_LIMIT,
                            "ahead-of-time compilation targets x86-64 Linux only");
    build *b = calloc(1, sizeof *b);
    uint32_t *info = calloc(3 * (size_t)(m->nfuncs - m->nfuncs_imported) + 1, sizeof *info);
    if (!b || !info) {
        free(b);
        free(info);
        return kn_error_set(err, KN_ERR_LIMIT, "out of memory");
    }
    b->m = m;
    b->o = o;
    b->err = err;
    clock_gettime(CLOCK_MONOTONIC, &b->start);
    bool ok = false;
    if (!find_cc(b->cc, sizeof b->cc)) {
        kn_error_set(err, KN_ERR_LIMIT,
                     "no C compiler: kiln compile needs one (cc, gcc or clang on the PATH, "
                     "or $CC); running the result needs none");
        goto out;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    b->maxjobs = o->jobs ? o->jobs : cores > 0 ? (unsigned)cores : 1;
    b->jobs = calloc(b->maxjobs, sizeof *b->jobs);
    snprintf(b->opt, sizeof b->opt, "-O%d", o->opt < 0 ? 0 : o->opt > 2 ? 2 : o->opt);
    snprintf(b->march, sizeof b->march, "-march=%s", kn_aot_march());
    const char *tmp = getenv("TMPDIR");
    if ((size_t)snprintf(b->dir, sizeof b->dir, "%s/kiln-aot-XXXXXX",
                         tmp && *tmp ? tmp : "/tmp") >= sizeof b->dir - 64 ||
        !b->jobs || !mkdtemp(b->dir)) {
        kn_error_set(err, KN_ERR_IO, "cannot make a temporary directory: %s", strerror(errno));
        b->dir[0] = '\0';
        goto out;
    }
    kn_buf obj;
    kn_buf_init(&obj);
    bool linked;
    ok = emit_pieces(b, info, &linked) && link_object(b, linked, &obj) &&
         kn_aot_pack(m->bytes, m->size, obj.data, obj.len, o->opt, out);
    if (ok && out->failed)
        ok = kn_error_set(err, KN_ERR_LIMIT, "out of memory");
    kn_buf_free(&obj);
out:
    if (b->progress_shown)
        fprintf(stderr, "\r\033[K");
    while (b->njobs > 0) {   /* after a failure: the others' results are not wanted */
        kill(b->jobs[0].pid, SIGTERM);
        waitpid(b->jobs[0].pid, NULL, 0);
        b->jobs[0] = b->jobs[--b->njobs];
    }
    /* KILN_AOT_KEEP=1 keeps the C and the objects, for reading them */
    const char *keep = getenv("KILN_AOT_KEEP");
    if (b->dir[0] && keep && *keep)
        fprintf(stderr, "kiln compile: kept %s\n", b->dir);
    else if (b->dir[0])
        remove_dir(b);
    free(b->jobs);
    free(b);
    free(info);
    return ok;
}
