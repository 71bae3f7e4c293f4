/*
 * wat.c -- libFuzzer target: the text parser (kn_wat_to_wasm), then the
 * decoder and validator on what it encodes.
 *
 * Properties: any text either converts or is refused with a filled
 * kn_error; and what the parser encodes is well-formed binary, since the
 * parser rejects everything the text format calls malformed (wat.h) and
 * leaves only validation to valid/. A KN_ERR_LIMIT from the decoder (an
 * implementation limit, decode.h) is allowed: the text can ask for more
 * locals than kiln accepts.
 */
#include <stdlib.h>

#include "binary/decode.h"
#include "text/wat.h"
#include "valid/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(const kn_error *err)
{
    if (err->kind == KN_ERR_NONE || err->message[0] == '\0')
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kn_buf out;
    kn_error err;
    kn_buf_init(&out);
    kn_error_clear(&err);
    if (!kn_wat_to_wasm((const char *)data, size, NULL, &out, &err)) {
        check_error(&err);
        kn_buf_free(&out);
        return 0;
    }
    kn_module *m = kn_decode(out.data, out.len, &err);
    if (!m) {
        check_error(&err);
        if (err.kind == KN_ERR_MALFORMED)
            abort();   /* the parser encoded bytes its own decoder refuses */
    } else {
        if (!kn_validate(m, &err))
            check_error(&err);
        kn_module_delete(m);
    }
    kn_buf_free(&out);
    return 0;
}
