/*
 * decode.c -- libFuzzer target: the binary decoder and the validator.
 *
 * Property: any byte string either decodes and validates, or is refused
 * with a filled kn_error; never a crash, a leak, undefined behaviour or a
 * hang (both passes are linear in the input, decode.h and validate.h).
 */
#include <stdlib.h>

#include "binary/decode.h"
#include "valid/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A refusal must say what went wrong: every fallible function fills its
 * kn_error (error.h). */
static void check_error(const kn_error *err)
{
    if (err->kind == KN_ERR_NONE || err->message[0] == '\0')
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kn_error err;
    kn_error_clear(&err);
    kn_module *m = kn_decode(data, size, &err);
    if (!m) {
        check_error(&err);
        return 0;
    }
    if (!kn_validate(m, &err))
        check_error(&err);
    kn_module_delete(m);
    return 0;
}
