#include "opcodes.h"

#include "types.h"

#include <stddef.h>

const kn_opinfo kn_opinfo_table[KN_OP_COUNT] = {
#define KN_OP_INFO(id, prefix, code, name, imm, sig, access) \
    [KN_OP_##id] = {prefix, code, name, imm, sig, access},
    KN_OPCODES(KN_OP_INFO)
#undef KN_OP_INFO
};

uint8_t kn_sig_valtype(char letter)
{
    switch (letter) {
    case 'i': return KN_I32;
    case 'I': return KN_I64;
    case 'f': return KN_F32;
    case 'F': return KN_F64;
    case 'v': return KN_V128;
    default: return 0;
    }
}

#define FITS(id, prefix, code, name, imm, sig, access) \
    &&((prefix) == 0 ? (code) < 256 : (prefix) == 0xfc ? (code) < KN_FC_COUNT \
                                    : (prefix) == 0xfd && (code) < KN_FD_COUNT)
_Static_assert(1 KN_OPCODES(FITS), "every encoding has a place in kn_opcode_by_encoding");
#undef FITS
_Static_assert(KN_OP_COUNT < UINT16_MAX, "opcodes fit kn_opcode_by_encoding's entries");

const uint16_t kn_opcode_by_encoding[KN_FD_FIRST + KN_FD_COUNT] = {
#define KN_OP_ENCODING(id, prefix, code, name, imm, sig, access)                     \
    [(prefix) == 0 ? (code) : (prefix) == 0xfc ? KN_FC_FIRST + (code) : KN_FD_FIRST + (code)] = \
        KN_OP_##id + 1,
    KN_OPCODES(KN_OP_ENCODING)
#undef KN_OP_ENCODING
};
