/*
 * aot_load.c -- libFuzzer target: the .cwasm loader's checks (aot/load.c).
 *
 * Property: any byte string is either a .cwasm this build made, intact, or
 * refused with a filled kn_error before any of it is mapped or run; never
 * a crash, a leak or undefined behaviour. Inputs that keep the magic
 * number get past the first check, so the fuzzer reaches the length and
 * hash checks of every part. (A file whose hashes all match is trusted
 * code by design, aot/aot.h: past the checks there is nothing to fuzz.)
 */
#include <stdlib.h>
#include <string.h>

#include "aot/aot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* half the inputs get the magic number, so most reach the deeper checks */
    uint8_t *copy = malloc(size + 8);
    if (!copy)
        return 0;
    size_t n = size;
    memcpy(copy, data, size);
    if (size && (data[0] & 1)) {
        memcpy(copy, "KILN-AOT", 8);
        memcpy(copy + 8, data, size);
        n = size + 8;
    }
    kn_error err;
    kn_error_clear(&err);
    kn_module *m = kn_aot_load(copy, n, &err);
    if (m)
        kn_aot_module_free(m);
    else if (err.kind == KN_ERR_NONE || err.message[0] == '\0')
        abort();
    free(copy);
    return 0;
}
