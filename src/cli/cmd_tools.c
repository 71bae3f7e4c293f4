/*
 * cmd_tools.c -- `kiln validate` and `kiln wat2wasm`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../binary/decode.h"
#include "cli.h"

int kn_cmd_validate(int argc, char **argv)
{
    if (argc == 0) {
        fputs("usage: kiln validate FILE...\n", stderr);
        return 2;
    }
    int status = 0;
    for (int i = 0; i < argc; i++) {
        kn_module *m = kn_cli_load(argv[i], true);
        if (!m)
            status = 1;
        kn_module_delete(m);
    }
    return status;
}

/* Writes through a temporary file renamed into place, so a failure never
 * leaves a half-written output. */
static bool write_output(const char *path, const uint8_t *bytes, size_t len)
{
    if (!path)
        return fwrite(bytes, 1, len, stdout) == len && fflush(stdout) == 0;
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return false;
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    if (ok) {
        FILE *f = fdopen(fd, "wb");
        ok = f && fwrite(bytes, 1, len, f) == len;
        ok = f && fclose(f) == 0 && ok;
        ok = ok && rename(tmp, path) == 0;
        if (!ok)
            unlink(tmp);
    }
    if (!ok)
        fprintf(stderr, "kiln: %s: %s\n", path, strerror(errno));
    free(tmp);
    return ok;
}

int kn_cmd_wat2wasm(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (!in)
            in = argv[i];
        else {
            fprintf(stderr, "kiln wat2wasm: unexpected argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!in) {
        fputs("usage: kiln wat2wasm FILE [-o OUT]\n", stderr);
        return 2;
    }
    uint8_t *bytes;
    size_t len;
    if (!kn_cli_read_binary(in, false, &bytes, &len))
        return 1;
    bool ok = write_output(out, bytes, len);
    free(bytes);
    return ok ? 0 : 1;
}
