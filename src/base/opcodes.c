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

/* The table inverted as a switch: the compiler turns it into jump tables. */
int kn_opcode_lookup(uint8_t prefix, uint32_t code)
{
    switch (((uint64_t)prefix << 32) | code) {
#define KN_OP_CASE(id, prefix, code, name, imm, sig, access) \
    case ((uint64_t)(prefix) << 32) | (code): return KN_OP_##id;
        KN_OPCODES(KN_OP_CASE)
#undef KN_OP_CASE
    default:
        return -1;
    }
}
