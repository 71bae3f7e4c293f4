/*
 * compile.c -- compile speed, for bench/run.sh: decodes and validates each
 * module, then compiles every function it defines with one tier, on one
 * thread, as `kiln run` would if every function were called.
 *
 *   compile [-n RUNS] [-c cpu|wall] TIER FILE.wasm...
 *
 * TIER is a tier's name (jit, interp: jit/jit.h). Prints one line per file:
 *
 *   FILE CODE_BYTES FUNCS OWN DECODE VALIDATE COMPILE
 *
 * the size of the code section in bytes; the functions the module defines;
 * how many of them TIER compiled itself (the JIT leaves a function with an
 * operation it lacks to the interpreter); and the seconds decoding,
 * validating and compiling them all took, each the least of RUNS runs
 * (default 3), by the clock -c names: the thread's CPU time (default: what
 * one core spends, which other processes disturb little) or wall time.
 * The JIT's compile is the interpreter's translation and then the
 * compilation of its code into machine code (jit/runtime.c), so it
 * includes the interpreter's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "binary/decode.h"
#include "jit/jit.h"
#include "valid/validate.h"

static clockid_t clock_id = CLOCK_THREAD_CPUTIME_ID;

static double now(void)
{
    struct timespec t;
    clock_gettime(clock_id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void keep_least(double *best, double t)
{
    if (*best < 0 || t < *best)
        *best = t;
}

/* Reads an unsigned LEB128 of at most 32 bits at *p (before end); false
 * when it runs past end or is longer than 5 bytes. */
static bool read_u32(const uint8_t **p, const uint8_t *end, uint32_t *out)
{
    uint32_t v = 0;
    for (int shift = 0; shift < 35 && *p < end; shift += 7) {
        uint8_t b = *(*p)++;
        v |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

/* The size of the code section (id 10) of a module that decoded, which
 * makes the walk safe; 0 when it has none. */
static uint32_t code_section_size(const kn_module *m)
{
    const uint8_t *p = m->bytes + 8, *end = m->bytes + m->size;
    while (p < end) {
        uint8_t id = *p++;
        uint32_t size;
        if (!read_u32(&p, end, &size) || size > (size_t)(end - p))
            return 0;
        if (id == 10)
            return size;
        p += size;
    }
    return 0;
}

/* One file, RUNS times; false when it does not load. */
static bool measure(const kn_tier *tier, const char *path, int runs)
{
    kn_buf file;
    kn_buf_init(&file);
    if (!kn_buf_read_file(&file, path)) {
        perror(path);
        kn_buf_free(&file);
        return false;
    }
    double decode = -1, validate = -1, compile = -1;
    uint32_t code_bytes = 0, nfuncs = 0, own = 0;
    bool ok = true;
    for (int r = 0; r < runs && ok; r++) {
        kn_error err;
        kn_error_clear(&err);
        double t0 = now();
        kn_module *m = kn_decode(file.data, file.len, &err);
        double t1 = now();
        if (!m || !kn_validate(m, &err)) {
            char text[512];
            kn_error_format(&err, path, text, sizeof text);
            fprintf(stderr, "compile: %s\n", text);
            kn_module_delete(m);
            ok = false;
            break;
        }
        double t2 = now();
        nfuncs = m->nfuncs - m->nfuncs_imported;
        kn_code **codes = calloc(nfuncs ? nfuncs : 1, sizeof *codes);
        if (!codes) {
            fprintf(stderr, "compile: out of memory\n");
            kn_module_delete(m);
            ok = false;
            break;
        }
        double t3 = now();
        for (uint32_t i = 0; i < nfuncs && ok; i++) {
            codes[i] = tier->compile(m, m->nfuncs_imported + i);
            if (!codes[i]) {
                fprintf(stderr, "compile: %s: function %u: out of memory\n", path,
                        m->nfuncs_imported + i);
                ok = false;
            }
        }
        double t4 = now();
        own = 0;
        for (uint32_t i = 0; i < nfuncs; i++) {
            if (codes[i]) {
                own += codes[i]->tier == tier;
                codes[i]->tier->free(codes[i]);
            }
        }
        free(codes);
        code_bytes = code_section_size(m);
        kn_module_delete(m);
        keep_least(&decode, t1 - t0);
        keep_least(&validate, t2 - t1);
        keep_least(&compile, t4 - t3);
    }
    kn_buf_free(&file);
    if (ok)
        printf("%s %u %u %u %.6f %.6f %.6f\n", path, code_bytes, nfuncs, own, decode,
               validate, compile);
    return ok;
}

int main(int argc, char **argv)
{
    int runs = 3;
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "-n") == 0)
            runs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-c") == 0 && strcmp(argv[i + 1], "cpu") == 0)
            clock_id = CLOCK_THREAD_CPUTIME_ID;
        else if (strcmp(argv[i], "-c") == 0 && strcmp(argv[i + 1], "wall") == 0)
            clock_id = CLOCK_MONOTONIC;
        else
            break;
    }
    if (argc - i < 2 || runs < 1 || runs > 1000) {
        fprintf(stderr, "usage: compile [-n RUNS] [-c cpu|wall] TIER FILE.wasm...\n");
        return 2;
    }
    const kn_tier *tier = kn_tier_find(argv[i]);
    if (!tier) {
        fprintf(stderr, "compile: no tier %s here\n", argv[i]);
        return 1;
    }
    int status = 0;
    for (i++; i < argc; i++)
        if (!measure(tier, argv[i], runs))
            status = 1;
    return status;
}
