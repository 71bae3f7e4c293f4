/*
 * embed.c -- the smallest embedding: load a module, call an export.
 *
 *   build/examples/embed examples/fac.wat 20      prints 2432902008176640000
 *
 * kiln_module_new takes a binary module or, as here, its text.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kiln.h"

/* Reads a whole file; NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n == cap) {
            char *p = realloc(buf, cap = cap ? cap * 2 : 4096);
            if (!p)
                break;
            buf = p;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

/* Every kiln function that can fail returns NULL or an error to free. */
static int fail(kiln_error *e)
{
    fprintf(stderr, "embed: %s\n", kiln_error_message(e));
    kiln_error_delete(e);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: embed FILE.wat N\n");
        return 2;
    }
    size_t len;
    char *text = read_file(argv[1], &len);
    if (!text) {
        perror(argv[1]);
        return 1;
    }

    kiln_engine *engine = kiln_engine_new(NULL);
    kiln_module *module;
    kiln_error *e = kiln_module_new(engine, text, len, &module);
    free(text);
    if (e)
        return fail(e);

    /* A store holds the instances; a linker would supply imports (fac
     * has none). */
    kiln_store *store = kiln_store_new(engine);
    kiln_linker *linker = kiln_linker_new(engine);
    kiln_instance *instance;
    if ((e = kiln_linker_instantiate(linker, store, module, &instance)))
        return fail(e);

    /* Typed call: fac takes an i64 and returns one. */
    kiln_val args[1] = {kiln_i64(strtoll(argv[2], NULL, 10))};
    kiln_val results[1];
    if ((e = kiln_call(store, kiln_instance_func(instance, "fac"), args, 1, results, 1)))
        return fail(e);
    printf("%lld\n", (long long)results[0].of.i64);

    kiln_store_delete(store);
    kiln_linker_delete(linker);
    kiln_module_delete(module);
    kiln_engine_delete(engine);
    return 0;
}
