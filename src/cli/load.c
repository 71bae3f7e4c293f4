#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/buf.h"
#include "../binary/decode.h"
#include "../text/wat.h"
#include "../valid/validate.h"

static const uint8_t wasm_magic[4] = {0x00, 0x61, 0x73, 0x6d};

void kn_cli_report(const char *path, const kn_error *err)
{
    char text[512];
    kn_error_format(err, path, text, sizeof text);
    fputs("kiln: ", stderr);
    kn_cli_print_escaped(stderr, text, strlen(text), false);
    fputc('\n', stderr);
}

bool kn_cli_read_binary(const char *path, bool debug_names, uint8_t **bytes,
                        size_t *len)
{
    kn_buf file;
    kn_buf_init(&file);
    if (!kn_buf_read_file(&file, path)) {
        fprintf(stderr, "kiln: %s: %s\n", path, strerror(errno));
        kn_buf_free(&file);
        return false;
    }
    /* The magic number decides; a file named .wasm without it goes to the
     * decoder too, which then says "magic header not detected" rather than
     * reporting a text syntax error in binary garbage. */
    size_t n = strlen(path);
    bool named_wasm = n >= 5 && strcmp(path + n - 5, ".wasm") == 0;
    if ((file.len >= 4 && memcmp(file.data, wasm_magic, 4) == 0) || named_wasm) {
        *bytes = kn_buf_take(&file, len);
        return true;
    }
    kn_buf wasm;
    kn_error err;
    kn_buf_init(&wasm);
    kn_error_clear(&err);
    const kn_wat_options opts = {.debug_names = debug_names};
    bool ok = kn_wat_to_wasm((const char *)file.data, file.len, &opts, &wasm, &err);
    kn_buf_free(&file);
    if (!ok) {
        kn_cli_report(path, &err);
        kn_buf_free(&wasm);
        return false;
    }
    *bytes = kn_buf_take(&wasm, len);
    return true;
}

kn_module *kn_cli_decode(const char *path, const uint8_t *bytes, size_t len,
                         bool validate)
{
    kn_error err;
    kn_error_clear(&err);
    kn_module *m = kn_decode(bytes, len, &err);
    if (m && validate && !kn_validate(m, &err)) {
        kn_module_delete(m);
        m = NULL;
    }
    if (!m)
        kn_cli_report(path, &err);
    return m;
}

kn_module *kn_cli_load(const char *path, bool validate)
{
    uint8_t *bytes;
    size_t len;
    /* Names make trap backtraces of text modules readable. */
    if (!kn_cli_read_binary(path, true, &bytes, &len))
        return NULL;
    kn_module *m = kn_cli_decode(path, bytes, len, validate);
    free(bytes);
    return m;
}
