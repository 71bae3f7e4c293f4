/*
 * opcodes.h -- the one table of WebAssembly instructions.
 *
 * Every instruction is one line of KN_OPCODES:
 *
 *   X(ID, PREFIX, CODE, "text name", IMMEDIATE, "signature", ACCESS)
 *
 *   ID         enum name (KN_OP_ID) used throughout kiln
 *   PREFIX     0 for single-byte opcodes, else the prefix byte (0xFC, 0xFD)
 *   CODE       the opcode byte, or the LEB128 sub-opcode after the prefix
 *   IMMEDIATE  what follows the opcode in the binary (enum kn_imm)
 *   signature  operand types popped and pushed, "params:results", one letter
 *              a value: i=i32 I=i64 f=f32 F=f64 v=v128; NULL when the typing
 *              depends on immediates or context (control, locals, calls,
 *              parametric and reference instructions) and the validator
 *              handles the instruction itself
 *   ACCESS     bytes accessed by a memory instruction (its natural
 *              alignment), 0 for the rest
 *
 * The decoder, validator, text parser, printer and interpreter all draw from
 * this table: adding an instruction touches this table and its semantics.
 * SIMD (prefix 0xFD) joins the table with issue 6.
 */
#ifndef KN_OPCODES_H
#define KN_OPCODES_H

#include <stdint.h>

typedef enum kn_imm {
    KN_IMM_NONE,
    KN_IMM_BLOCK,          /* blocktype: empty, a value type, or a type index (s33) */
    KN_IMM_LABEL,          /* br, br_if: label index */
    KN_IMM_BR_TABLE,       /* vec(label) then the default label */
    KN_IMM_FUNC,           /* call, ref.func: function index */
    KN_IMM_CALL_INDIRECT,  /* type index, then table index */
    KN_IMM_LOCAL,
    KN_IMM_GLOBAL,
    KN_IMM_TABLE,          /* table.get/set/grow/size/fill: table index */
    KN_IMM_MEMARG,         /* align (log2), offset */
    KN_IMM_MEMORY,         /* memory.size/grow/fill: memory index (a 0x00 byte in 2.0) */
    KN_IMM_I32,            /* signed LEB128, 32-bit */
    KN_IMM_I64,            /* signed LEB128, 64-bit */
    KN_IMM_F32,            /* 4 bytes little-endian */
    KN_IMM_F64,            /* 8 bytes little-endian */
    KN_IMM_SELECT_T,       /* vec(valtype), exactly one in 2.0 */
    KN_IMM_REFTYPE,        /* ref.null: a reference type */
    KN_IMM_TABLE_INIT,     /* elem index, then table index */
    KN_IMM_ELEM,           /* elem.drop: elem index */
    KN_IMM_MEMORY_INIT,    /* data index, then memory index (0x00) */
    KN_IMM_DATA,           /* data.drop: data index */
    KN_IMM_MEMORY_COPY,    /* destination memory, source memory (0x00 0x00) */
    KN_IMM_TABLE_COPY      /* destination table, source table */
} kn_imm;

#define KN_OPCODES(X) \
    /* control (spec 5.4.1) */ \
    X(UNREACHABLE,   0, 0x00, "unreachable",   KN_IMM_NONE,   NULL, 0) \
    X(NOP,           0, 0x01, "nop",           KN_IMM_NONE,   ":", 0) \
    X(BLOCK,         0, 0x02, "block",         KN_IMM_BLOCK,  NULL, 0) \
    X(LOOP,          0, 0x03, "loop",          KN_IMM_BLOCK,  NULL, 0) \
    X(IF,            0, 0x04, "if",            KN_IMM_BLOCK,  NULL, 0) \
    X(ELSE,          0, 0x05, "else",          KN_IMM_NONE,   NULL, 0) \
    X(END,           0, 0x0b, "end",           KN_IMM_NONE,   NULL, 0) \
    X(BR,            0, 0x0c, "br",            KN_IMM_LABEL,  NULL, 0) \
    X(BR_IF,         0, 0x0d, "br_if",         KN_IMM_LABEL,  NULL, 0) \
    X(BR_TABLE,      0, 0x0e, "br_table",      KN_IMM_BR_TABLE, NULL, 0) \
    X(RETURN,        0, 0x0f, "return",        KN_IMM_NONE,   NULL, 0) \
    X(CALL,          0, 0x10, "call",          KN_IMM_FUNC,   NULL, 0) \
    X(CALL_INDIRECT, 0, 0x11, "call_indirect", KN_IMM_CALL_INDIRECT, NULL, 0) \
    /* reference (5.4.2) */ \
    X(REF_NULL,      0, 0xd0, "ref.null",      KN_IMM_REFTYPE, NULL, 0) \
    X(REF_IS_NULL,   0, 0xd1, "ref.is_null",   KN_IMM_NONE,   NULL, 0) \
    X(REF_FUNC,      0, 0xd2, "ref.func",      KN_IMM_FUNC,   NULL, 0) \
    /* parametric (5.4.3) */ \
    X(DROP,          0, 0x1a, "drop",          KN_IMM_NONE,   NULL, 0) \
    X(SELECT,        0, 0x1b, "select",        KN_IMM_NONE,   NULL, 0) \
    X(SELECT_T,      0, 0x1c, "select",        KN_IMM_SELECT_T, NULL, 0) \
    /* variable (5.4.4) */ \
    X(LOCAL_GET,     0, 0x20, "local.get",     KN_IMM_LOCAL,  NULL, 0) \
    X(LOCAL_SET,     0, 0x21, "local.set",     KN_IMM_LOCAL,  NULL, 0) \
    X(LOCAL_TEE,     0, 0x22, "local.tee",     KN_IMM_LOCAL,  NULL, 0) \
    X(GLOBAL_GET,    0, 0x23, "global.get",    KN_IMM_GLOBAL, NULL, 0) \
    X(GLOBAL_SET,    0, 0x24, "global.set",    KN_IMM_GLOBAL, NULL, 0) \
    /* table (5.4.5) */ \
    X(TABLE_GET,     0, 0x25, "table.get",     KN_IMM_TABLE,  NULL, 0) \
    X(TABLE_SET,     0, 0x26, "table.set",     KN_IMM_TABLE,  NULL, 0) \
    X(TABLE_INIT, 0xfc, 12,   "table.init",    KN_IMM_TABLE_INIT, NULL, 0) \
    X(ELEM_DROP,  0xfc, 13,   "elem.drop",     KN_IMM_ELEM,   ":", 0) \
    X(TABLE_COPY, 0xfc, 14,   "table.copy",    KN_IMM_TABLE_COPY, NULL, 0) \
    X(TABLE_GROW, 0xfc, 15,   "table.grow",    KN_IMM_TABLE,  NULL, 0) \
    X(TABLE_SIZE, 0xfc, 16,   "table.size",    KN_IMM_TABLE,  NULL, 0) \
    X(TABLE_FILL, 0xfc, 17,   "table.fill",    KN_IMM_TABLE,  NULL, 0) \
    /* memory (5.4.6) */ \
    X(I32_LOAD,      0, 0x28, "i32.load",      KN_IMM_MEMARG, "i:i", 4) \
    X(I64_LOAD,      0, 0x29, "i64.load",      KN_IMM_MEMARG, "i:I", 8) \
    X(F32_LOAD,      0, 0x2a, "f32.load",      KN_IMM_MEMARG, "i:f", 4) \
    X(F64_LOAD,      0, 0x2b, "f64.load",      KN_IMM_MEMARG, "i:F", 8) \
    X(I32_LOAD8_S,   0, 0x2c, "i32.load8_s",   KN_IMM_MEMARG, "i:i", 1) \
    X(I32_LOAD8_U,   0, 0x2d, "i32.load8_u",   KN_IMM_MEMARG, "i:i", 1) \
    X(I32_LOAD16_S,  0, 0x2e, "i32.load16_s",  KN_IMM_MEMARG, "i:i", 2) \
    X(I32_LOAD16_U,  0, 0x2f, "i32.load16_u",  KN_IMM_MEMARG, "i:i", 2) \
    X(I64_LOAD8_S,   0, 0x30, "i64.load8_s",   KN_IMM_MEMARG, "i:I", 1) \
    X(I64_LOAD8_U,   0, 0x31, "i64.load8_u",   KN_IMM_MEMARG, "i:I", 1) \
    X(I64_LOAD16_S,  0, 0x32, "i64.load16_s",  KN_IMM_MEMARG, "i:I", 2) \
    X(I64_LOAD16_U,  0, 0x33, "i64.load16_u",  KN_IMM_MEMARG, "i:I", 2) \
    X(I64_LOAD32_S,  0, 0x34, "i64.load32_s",  KN_IMM_MEMARG, "i:I", 4) \
    X(I64_LOAD32_U,  0, 0x35, "i64.load32_u",  KN_IMM_MEMARG, "i:I", 4) \
    X(I32_STORE,     0, 0x36, "i32.store",     KN_IMM_MEMARG, "ii:", 4) \
    X(I64_STORE,     0, 0x37, "i64.store",     KN_IMM_MEMARG, "iI:", 8) \
    X(F32_STORE,     0, 0x38, "f32.store",     KN_IMM_MEMARG, "if:", 4) \
    X(F64_STORE,     0, 0x39, "f64.store",     KN_IMM_MEMARG, "iF:", 8) \
    X(I32_STORE8,    0, 0x3a, "i32.store8",    KN_IMM_MEMARG, "ii:", 1) \
    X(I32_STORE16,   0, 0x3b, "i32.store16",   KN_IMM_MEMARG, "ii:", 2) \
    X(I64_STORE8,    0, 0x3c, "i64.store8",    KN_IMM_MEMARG, "iI:", 1) \
    X(I64_STORE16,   0, 0x3d, "i64.store16",   KN_IMM_MEMARG, "iI:", 2) \
    X(I64_STORE32,   0, 0x3e, "i64.store32",   KN_IMM_MEMARG, "iI:", 4) \
    X(MEMORY_SIZE,   0, 0x3f, "memory.size",   KN_IMM_MEMORY, ":i", 0) \
    X(MEMORY_GROW,   0, 0x40, "memory.grow",   KN_IMM_MEMORY, "i:i", 0) \
    X(MEMORY_INIT,0xfc, 8,    "memory.init",   KN_IMM_MEMORY_INIT, "iii:", 0) \
    X(DATA_DROP,  0xfc, 9,    "data.drop",     KN_IMM_DATA,   ":", 0) \
    X(MEMORY_COPY,0xfc, 10,   "memory.copy",   KN_IMM_MEMORY_COPY, "iii:", 0) \
    X(MEMORY_FILL,0xfc, 11,   "memory.fill",   KN_IMM_MEMORY, "iii:", 0) \
    /* numeric (5.4.7) */ \
    X(I32_CONST,     0, 0x41, "i32.const",     KN_IMM_I32,    ":i", 0) \
    X(I64_CONST,     0, 0x42, "i64.const",     KN_IMM_I64,    ":I", 0) \
    X(F32_CONST,     0, 0x43, "f32.const",     KN_IMM_F32,    ":f", 0) \
    X(F64_CONST,     0, 0x44, "f64.const",     KN_IMM_F64,    ":F", 0) \
    X(I32_EQZ,       0, 0x45, "i32.eqz",       KN_IMM_NONE,   "i:i", 0) \
    X(I32_EQ,        0, 0x46, "i32.eq",        KN_IMM_NONE,   "ii:i", 0) \
    X(I32_NE,        0, 0x47, "i32.ne",        KN_IMM_NONE,   "ii:i", 0) \
    X(I32_LT_S,      0, 0x48, "i32.lt_s",      KN_IMM_NONE,   "ii:i", 0) \
    X(I32_LT_U,      0, 0x49, "i32.lt_u",      KN_IMM_NONE,   "ii:i", 0) \
    X(I32_GT_S,      0, 0x4a, "i32.gt_s",      KN_IMM_NONE,   "ii:i", 0) \
    X(I32_GT_U,      0, 0x4b, "i32.gt_u",      KN_IMM_NONE,   "ii:i", 0) \
    X(I32_LE_S,      0, 0x4c, "i32.le_s",      KN_IMM_NONE,   "ii:i", 0) \
    X(I32_LE_U,      0, 0x4d, "i32.le_u",      KN_IMM_NONE,   "ii:i", 0) \
    X(I32_GE_S,      0, 0x4e, "i32.ge_s",      KN_IMM_NONE,   "ii:i", 0) \
    X(I32_GE_U,      0, 0x4f, "i32.ge_u",      KN_IMM_NONE,   "ii:i", 0) \
    X(I64_EQZ,       0, 0x50, "i64.eqz",       KN_IMM_NONE,   "I:i", 0) \
    X(I64_EQ,        0, 0x51, "i64.eq",        KN_IMM_NONE,   "II:i", 0) \
    X(I64_NE,        0, 0x52, "i64.ne",        KN_IMM_NONE,   "II:i", 0) \
    X(I64_LT_S,      0, 0x53, "i64.lt_s",      KN_IMM_NONE,   "II:i", 0) \
    X(I64_LT_U,      0, 0x54, "i64.lt_u",      KN_IMM_NONE,   "II:i", 0) \
    X(I64_GT_S,      0, 0x55, "i64.gt_s",      KN_IMM_NONE,   "II:i", 0) \
    X(I64_GT_U,      0, 0x56, "i64.gt_u",      KN_IMM_NONE,   "II:i", 0) \
    X(I64_LE_S,      0, 0x57, "i64.le_s",      KN_IMM_NONE,   "II:i", 0) \
    X(I64_LE_U,      0, 0x58, "i64.le_u",      KN_IMM_NONE,   "II:i", 0) \
    X(I64_GE_S,      0, 0x59, "i64.ge_s",      KN_IMM_NONE,   "II:i", 0) \
    X(I64_GE_U,      0, 0x5a, "i64.ge_u",      KN_IMM_NONE,   "II:i", 0) \
    X(F32_EQ,        0, 0x5b, "f32.eq",        KN_IMM_NONE,   "ff:i", 0) \
    X(F32_NE,        0, 0x5c, "f32.ne",        KN_IMM_NONE,   "ff:i", 0) \
    X(F32_LT,        0, 0x5d, "f32.lt",        KN_IMM_NONE,   "ff:i", 0) \
    X(F32_GT,        0, 0x5e, "f32.gt",        KN_IMM_NONE,   "ff:i", 0) \
    X(F32_LE,        0, 0x5f, "f32.le",        KN_IMM_NONE,   "ff:i", 0) \
    X(F32_GE,        0, 0x60, "f32.ge",        KN_IMM_NONE,   "ff:i", 0) \
    X(F64_EQ,        0, 0x61, "f64.eq",        KN_IMM_NONE,   "FF:i", 0) \
    X(F64_NE,        0, 0x62, "f64.ne",        KN_IMM_NONE,   "FF:i", 0) \
    X(F64_LT,        0, 0x63, "f64.lt",        KN_IMM_NONE,   "FF:i", 0) \
    X(F64_GT,        0, 0x64, "f64.gt",        KN_IMM_NONE,   "FF:i", 0) \
    X(F64_LE,        0, 0x65, "f64.le",        KN_IMM_NONE,   "FF:i", 0) \
    X(F64_GE,        0, 0x66, "f64.ge",        KN_IMM_NONE,   "FF:i", 0) \
    X(I32_CLZ,       0, 0x67, "i32.clz",       KN_IMM_NONE,   "i:i", 0) \
    X(I32_CTZ,       0, 0x68, "i32.ctz",       KN_IMM_NONE,   "i:i", 0) \
    X(I32_POPCNT,    0, 0x69, "i32.popcnt",    KN_IMM_NONE,   "i:i", 0) \
    X(I32_ADD,       0, 0x6a, "i32.add",       KN_IMM_NONE,   "ii:i", 0) \
    X(I32_SUB,       0, 0x6b, "i32.sub",       KN_IMM_NONE,   "ii:i", 0) \
    X(I32_MUL,       0, 0x6c, "i32.mul",       KN_IMM_NONE,   "ii:i", 0) \
    X(I32_DIV_S,     0, 0x6d, "i32.div_s",     KN_IMM_NONE,   "ii:i", 0) \
    X(I32_DIV_U,     0, 0x6e, "i32.div_u",     KN_IMM_NONE,   "ii:i", 0) \
    X(I32_REM_S,     0, 0x6f, "i32.rem_s",     KN_IMM_NONE,   "ii:i", 0) \
    X(I32_REM_U,     0, 0x70, "i32.rem_u",     KN_IMM_NONE,   "ii:i", 0) \
    X(I32_AND,       0, 0x71, "i32.and",       KN_IMM_NONE,   "ii:i", 0) \
    X(I32_OR,        0, 0x72, "i32.or",        KN_IMM_NONE,   "ii:i", 0) \
    X(I32_XOR,       0, 0x73, "i32.xor",       KN_IMM_NONE,   "ii:i", 0) \
    X(I32_SHL,       0, 0x74, "i32.shl",       KN_IMM_NONE,   "ii:i", 0) \
    X(I32_SHR_S,     0, 0x75, "i32.shr_s",     KN_IMM_NONE,   "ii:i", 0) \
    X(I32_SHR_U,     0, 0x76, "i32.shr_u",     KN_IMM_NONE,   "ii:i", 0) \
    X(I32_ROTL,      0, 0x77, "i32.rotl",      KN_IMM_NONE,   "ii:i", 0) \
    X(I32_ROTR,      0, 0x78, "i32.rotr",      KN_IMM_NONE,   "ii:i", 0) \
    X(I64_CLZ,       0, 0x79, "i64.clz",       KN_IMM_NONE,   "I:I", 0) \
    X(I64_CTZ,       0, 0x7a, "i64.ctz",       KN_IMM_NONE,   "I:I", 0) \
    X(I64_POPCNT,    0, 0x7b, "i64.popcnt",    KN_IMM_NONE,   "I:I", 0) \
    X(I64_ADD,       0, 0x7c, "i64.add",       KN_IMM_NONE,   "II:I", 0) \
    X(I64_SUB,       0, 0x7d, "i64.sub",       KN_IMM_NONE,   "II:I", 0) \
    X(I64_MUL,       0, 0x7e, "i64.mul",       KN_IMM_NONE,   "II:I", 0) \
    X(I64_DIV_S,     0, 0x7f, "i64.div_s",     KN_IMM_NONE,   "II:I", 0) \
    X(I64_DIV_U,     0, 0x80, "i64.div_u",     KN_IMM_NONE,   "II:I", 0) \
    X(I64_REM_S,     0, 0x81, "i64.rem_s",     KN_IMM_NONE,   "II:I", 0) \
    X(I64_REM_U,     0, 0x82, "i64.rem_u",     KN_IMM_NONE,   "II:I", 0) \
    X(I64_AND,       0, 0x83, "i64.and",       KN_IMM_NONE,   "II:I", 0) \
    X(I64_OR,        0, 0x84, "i64.or",        KN_IMM_NONE,   "II:I", 0) \
    X(I64_XOR,       0, 0x85, "i64.xor",       KN_IMM_NONE,   "II:I", 0) \
    X(I64_SHL,       0, 0x86, "i64.shl",       KN_IMM_NONE,   "II:I", 0) \
    X(I64_SHR_S,     0, 0x87, "i64.shr_s",     KN_IMM_NONE,   "II:I", 0) \
    X(I64_SHR_U,     0, 0x88, "i64.shr_u",     KN_IMM_NONE,   "II:I", 0) \
    X(I64_ROTL,      0, 0x89, "i64.rotl",      KN_IMM_NONE,   "II:I", 0) \
    X(I64_ROTR,      0, 0x8a, "i64.rotr",      KN_IMM_NONE,   "II:I", 0) \
    X(F32_ABS,       0, 0x8b, "f32.abs",       KN_IMM_NONE,   "f:f", 0) \
    X(F32_NEG,       0, 0x8c, "f32.neg",       KN_IMM_NONE,   "f:f", 0) \
    X(F32_CEIL,      0, 0x8d, "f32.ceil",      KN_IMM_NONE,   "f:f", 0) \
    X(F32_FLOOR,     0, 0x8e, "f32.floor",     KN_IMM_NONE,   "f:f", 0) \
    X(F32_TRUNC,     0, 0x8f, "f32.trunc",     KN_IMM_NONE,   "f:f", 0) \
    X(F32_NEAREST,   0, 0x90, "f32.nearest",   KN_IMM_NONE,   "f:f", 0) \
    X(F32_SQRT,      0, 0x91, "f32.sqrt",      KN_IMM_NONE,   "f:f", 0) \
    X(F32_ADD,       0, 0x92, "f32.add",       KN_IMM_NONE,   "ff:f", 0) \
    X(F32_SUB,       0, 0x93, "f32.sub",       KN_IMM_NONE,   "ff:f", 0) \
    X(F32_MUL,       0, 0x94, "f32.mul",       KN_IMM_NONE,   "ff:f", 0) \
    X(F32_DIV,       0, 0x95, "f32.div",       KN_IMM_NONE,   "ff:f", 0) \
    X(F32_MIN,       0, 0x96, "f32.min",       KN_IMM_NONE,   "ff:f", 0) \
    X(F32_MAX,       0, 0x97, "f32.max",       KN_IMM_NONE,   "ff:f", 0) \
    X(F32_COPYSIGN,  0, 0x98, "f32.copysign",  KN_IMM_NONE,   "ff:f", 0) \
    X(F64_ABS,       0, 0x99, "f64.abs",       KN_IMM_NONE,   "F:F", 0) \
    X(F64_NEG,       0, 0x9a, "f64.neg",       KN_IMM_NONE,   "F:F", 0) \
    X(F64_CEIL,      0, 0x9b, "f64.ceil",      KN_IMM_NONE,   "F:F", 0) \
    X(F64_FLOOR,     0, 0x9c, "f64.floor",     KN_IMM_NONE,   "F:F", 0) \
    X(F64_TRUNC,     0, 0x9d, "f64.trunc",     KN_IMM_NONE,   "F:F", 0) \
    X(F64_NEAREST,   0, 0x9e, "f64.nearest",   KN_IMM_NONE,   "F:F", 0) \
    X(F64_SQRT,      0, 0x9f, "f64.sqrt",      KN_IMM_NONE,   "F:F", 0) \
    X(F64_ADD,       0, 0xa0, "f64.add",       KN_IMM_NONE,   "FF:F", 0) \
    X(F64_SUB,       0, 0xa1, "f64.sub",       KN_IMM_NONE,   "FF:F", 0) \
    X(F64_MUL,       0, 0xa2, "f64.mul",       KN_IMM_NONE,   "FF:F", 0) \
    X(F64_DIV,       0, 0xa3, "f64.div",       KN_IMM_NONE,   "FF:F", 0) \
    X(F64_MIN,       0, 0xa4, "f64.min",       KN_IMM_NONE,   "FF:F", 0) \
    X(F64_MAX,       0, 0xa5, "f64.max",       KN_IMM_NONE,   "FF:F", 0) \
    X(F64_COPYSIGN,  0, 0xa6, "f64.copysign",  KN_IMM_NONE,   "FF:F", 0) \
    X(I32_WRAP_I64,        0, 0xa7, "i32.wrap_i64",        KN_IMM_NONE, "I:i", 0) \
    X(I32_TRUNC_F32_S,     0, 0xa8, "i32.trunc_f32_s",     KN_IMM_NONE, "f:i", 0) \
    X(I32_TRUNC_F32_U,     0, 0xa9, "i32.trunc_f32_u",     KN_IMM_NONE, "f:i", 0) \
    X(I32_TRUNC_F64_S,     0, 0xaa, "i32.trunc_f64_s",     KN_IMM_NONE, "F:i", 0) \
    X(I32_TRUNC_F64_U,     0, 0xab, "i32.trunc_f64_u",     KN_IMM_NONE, "F:i", 0) \
    X(I64_EXTEND_I32_S,    0, 0xac, "i64.extend_i32_s",    KN_IMM_NONE, "i:I", 0) \
    X(I64_EXTEND_I32_U,    0, 0xad, "i64.extend_i32_u",    KN_IMM_NONE, "i:I", 0) \
    X(I64_TRUNC_F32_S,     0, 0xae, "i64.trunc_f32_s",     KN_IMM_NONE, "f:I", 0) \
    X(I64_TRUNC_F32_U,     0, 0xaf, "i64.trunc_f32_u",     KN_IMM_NONE, "f:I", 0) \
    X(I64_TRUNC_F64_S,     0, 0xb0, "i64.trunc_f64_s",     KN_IMM_NONE, "F:I", 0) \
    X(I64_TRUNC_F64_U,     0, 0xb1, "i64.trunc_f64_u",     KN_IMM_NONE, "F:I", 0) \
    X(F32_CONVERT_I32_S,   0, 0xb2, "f32.convert_i32_s",   KN_IMM_NONE, "i:f", 0) \
    X(F32_CONVERT_I32_U,   0, 0xb3, "f32.convert_i32_u",   KN_IMM_NONE, "i:f", 0) \
    X(F32_CONVERT_I64_S,   0, 0xb4, "f32.convert_i64_s",   KN_IMM_NONE, "I:f", 0) \
    X(F32_CONVERT_I64_U,   0, 0xb5, "f32.convert_i64_u",   KN_IMM_NONE, "I:f", 0) \
    X(F32_DEMOTE_F64,      0, 0xb6, "f32.demote_f64",      KN_IMM_NONE, "F:f", 0) \
    X(F64_CONVERT_I32_S,   0, 0xb7, "f64.convert_i32_s",   KN_IMM_NONE, "i:F", 0) \
    X(F64_CONVERT_I32_U,   0, 0xb8, "f64.convert_i32_u",   KN_IMM_NONE, "i:F", 0) \
    X(F64_CONVERT_I64_S,   0, 0xb9, "f64.convert_i64_s",   KN_IMM_NONE, "I:F", 0) \
    X(F64_CONVERT_I64_U,   0, 0xba, "f64.convert_i64_u",   KN_IMM_NONE, "I:F", 0) \
    X(F64_PROMOTE_F32,     0, 0xbb, "f64.promote_f32",     KN_IMM_NONE, "f:F", 0) \
    X(I32_REINTERPRET_F32, 0, 0xbc, "i32.reinterpret_f32", KN_IMM_NONE, "f:i", 0) \
    X(I64_REINTERPRET_F64, 0, 0xbd, "i64.reinterpret_f64", KN_IMM_NONE, "F:I", 0) \
    X(F32_REINTERPRET_I32, 0, 0xbe, "f32.reinterpret_i32", KN_IMM_NONE, "i:f", 0) \
    X(F64_REINTERPRET_I64, 0, 0xbf, "f64.reinterpret_i64", KN_IMM_NONE, "I:F", 0) \
    X(I32_EXTEND8_S,       0, 0xc0, "i32.extend8_s",       KN_IMM_NONE, "i:i", 0) \
    X(I32_EXTEND16_S,      0, 0xc1, "i32.extend16_s",      KN_IMM_NONE, "i:i", 0) \
    X(I64_EXTEND8_S,       0, 0xc2, "i64.extend8_s",       KN_IMM_NONE, "I:I", 0) \
    X(I64_EXTEND16_S,      0, 0xc3, "i64.extend16_s",      KN_IMM_NONE, "I:I", 0) \
    X(I64_EXTEND32_S,      0, 0xc4, "i64.extend32_s",      KN_IMM_NONE, "I:I", 0) \
    X(I32_TRUNC_SAT_F32_S, 0xfc, 0, "i32.trunc_sat_f32_s", KN_IMM_NONE, "f:i", 0) \
    X(I32_TRUNC_SAT_F32_U, 0xfc, 1, "i32.trunc_sat_f32_u", KN_IMM_NONE, "f:i", 0) \
    X(I32_TRUNC_SAT_F64_S, 0xfc, 2, "i32.trunc_sat_f64_s", KN_IMM_NONE, "F:i", 0) \
    X(I32_TRUNC_SAT_F64_U, 0xfc, 3, "i32.trunc_sat_f64_u", KN_IMM_NONE, "F:i", 0) \
    X(I64_TRUNC_SAT_F32_S, 0xfc, 4, "i64.trunc_sat_f32_s", KN_IMM_NONE, "f:I", 0) \
    X(I64_TRUNC_SAT_F32_U, 0xfc, 5, "i64.trunc_sat_f32_u", KN_IMM_NONE, "f:I", 0) \
    X(I64_TRUNC_SAT_F64_S, 0xfc, 6, "i64.trunc_sat_f64_s", KN_IMM_NONE, "F:I", 0) \
    X(I64_TRUNC_SAT_F64_U, 0xfc, 7, "i64.trunc_sat_f64_u", KN_IMM_NONE, "F:I", 0)

typedef enum kn_opcode {
#define KN_OP_ENUM(id, prefix, code, name, imm, sig, access) KN_OP_##id,
    KN_OPCODES(KN_OP_ENUM)
#undef KN_OP_ENUM
    KN_OP_COUNT
} kn_opcode;

/* One row of the table, for code that looks instructions up at run time. */
typedef struct kn_opinfo {
    uint8_t prefix;
    uint32_t code;
    const char *name;
    kn_imm imm;
    const char *sig;
    uint8_t access;
} kn_opinfo;

extern const kn_opinfo kn_opinfo_table[KN_OP_COUNT];

/* The opcode for a byte (prefix 0) or a prefixed sub-opcode, or -1 when the
 * encoding names no instruction. */
int kn_opcode_lookup(uint8_t prefix, uint32_t code);

#endif
