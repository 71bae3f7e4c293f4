/*
 * cmd_compile.c -- `kiln compile`: a module compiled ahead of time to a
 * .cwasm (aot/aot.h); and how `kiln run` gets precompiled modules: a
 * .cwasm given with --allow-precompiled, or -C cache=y.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../aot/aot.h"
#include "../binary/decode.h"
#include "cli.h"

static void help(void)
{
    puts("usage: kiln compile [-O0|-O1|-O2] [-j N] FILE [-o OUT]\n"
         "\n"
         "Compiles FILE (.wasm or .wat) ahead of time to native code for this\n"
         "machine (x86-64 Linux, this CPU's level) and writes it with the module\n"
         "to OUT (default: FILE with .cwasm for its extension). The system's C\n"
         "compiler does the work ($CC, else cc, gcc or clang on the PATH); running\n"
         "the result needs none: kiln run --allow-precompiled OUT.\n"
         "\n"
         "A .cwasm is native code that kiln runs as it is: whoever runs it trusts\n"
         "whoever compiled it, as with any program they built. kiln refuses a\n"
         "file made by another kiln build or for another target or CPU, and a\n"
         "damaged one, but cannot tell a malicious one.\n"
         "\n"
         "  -O0, -O1, -O2   the C compiler's optimization (default -O2)\n"
         "  -j N            run at most N compilers at once (default: one per core)\n"
         "  -o OUT          where to write the .cwasm\n"
         "  -h, --help      show this help");
}

/* FILE's name with its extension replaced by .cwasm. */
static char *default_output(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
    char *out = malloc(stem + 7);
    if (out) {
        memcpy(out, path, stem);
        memcpy(out + stem, ".cwasm", 7);
    }
    return out;
}

static bool write_all(const char *path, const kn_buf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
        fprintf(stderr, "kiln compile: cannot write %s: %s\n", path, strerror(errno));
        if (f)
            fclose(f);
        return false;
    }
    return true;
}

int kn_cmd_compile(int argc, char **argv)
{
    kn_aot_options o = {.opt = 2, .progress = true};
    const char *path = NULL, *out = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return 0;
        } else if (strcmp(a, "-O0") == 0 || strcmp(a, "-O1") == 0 || strcmp(a, "-O2") == 0) {
            o.opt = a[2] - '0';
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(a, "-j") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 1024) {
                fprintf(stderr, "kiln compile: -j %s: a number of compilers, 1 to 1024\n", argv[i]);
                return 2;
            }
            o.jobs = (unsigned)n;
        } else if ((a[0] != '-' || strcmp(a, "-") == 0) && !path) {
            path = a;
        } else {
            fprintf(stderr, "kiln compile: unexpected argument '%s' (see kiln compile --help)\n", a);
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "kiln compile: no module file given (see kiln compile --help)\n");
        return 2;
    }
    kn_module *m = kn_cli_load(path, true);
    if (!m)
        return 1;
    char *made = out ? NULL : default_output(path);
    if (!out)
        out = made;
    kn_buf file;
    kn_buf_init(&file);
    kn_error err;
    kn_error_clear(&err);
    int status = 1;
    if (!out)
        fprintf(stderr, "kiln compile: out of memory\n");
    else if (!kn_aot_compile(m, &o, &file, &err))
        fprintf(stderr, "kiln compile: %s: %s\n", path, err.message);
    else if (write_all(out, &file))
        status = 0;
    kn_buf_free(&file);
    free(made);
    kn_module_delete(m);
    return status;
}

kn_module *kn_cli_load_run(const char *path, bool allow_precompiled, const kn_cli_codegen *c,
                           bool *precompiled)
{
    *precompiled = false;
    kn_buf file;
    kn_buf_init(&file);
    if (strcmp(path, "-") != 0 && kn_buf_read_file(&file, path) &&
        kn_aot_is_cwasm(file.data, file.len)) {
        kn_module *m = NULL;
        kn_error err;
        kn_error_clear(&err);
        if (!allow_precompiled)
            fprintf(stderr, "kiln: %s is precompiled native code, which kiln runs as it is: "
                            "pass --allow-precompiled if you trust whoever compiled it\n", path);
        else if (!(m = kn_aot_load(file.data, file.len, &err)))
            fprintf(stderr, "kiln: %s: %s\n", path, err.message);
        kn_buf_free(&file);
        *precompiled = m != NULL;
        return m;
    }
    kn_buf_free(&file);
    kn_module *m = kn_cli_load(path, true);
    if (!m || !c->cache)
        return m;
    kn_aot_options o = {.opt = c->opt_level, .progress = true};
    kn_error err;
    kn_error_clear(&err);
    kn_module *cached = kn_aot_cached(m, &o, &err);
    kn_module_delete(m);
    if (!cached)
        fprintf(stderr, "kiln: %s: -C cache=y: %s\n", path, err.message);
    *precompiled = cached != NULL;
    return cached;
}

void kn_cli_module_free(kn_module *m, bool precompiled)
{
    if (precompiled)
        kn_aot_module_free(m);
    else
        kn_module_delete(m);
}
