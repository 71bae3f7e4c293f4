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
 *              alignment); for a lane instruction (KN_IMM_LANE,
 *              KN_IMM_MEMARG_LANE) also the lane's width, so its lane
 *              index must be below 16 / ACCESS; 0 for the rest
 *
 * The decoder, validator, text parser, printer and interpreter all draw from
 * this table: adding an instruction touches this table and its semantics.
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
    KN_IMM_TABLE_COPY,     /* destination table, source table */
    KN_IMM_V128,           /* v128.const: 16 bytes little-endian */
    KN_IMM_SHUFFLE,        /* i8x16.shuffle: 16 lane-index bytes, each < 32 */
    KN_IMM_LANE,           /* extract/replace_lane: one lane-index byte */
    KN_IMM_MEMARG_LANE     /* load/store_lane: memarg, then a lane-index byte */
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
    X(I64_TRUNC_SAT_F64_U, 0xfc, 7, "i64.trunc_sat_f64_u", KN_IMM_NONE, "F:I", 0) \
    /* vector memory (spec 5.4.8) */ \
    X(V128_LOAD,         0xfd, 0,   "v128.load",         KN_IMM_MEMARG, "i:v", 16) \
    X(V128_LOAD8X8_S,    0xfd, 1,   "v128.load8x8_s",    KN_IMM_MEMARG, "i:v", 8) \
    X(V128_LOAD8X8_U,    0xfd, 2,   "v128.load8x8_u",    KN_IMM_MEMARG, "i:v", 8) \
    X(V128_LOAD16X4_S,   0xfd, 3,   "v128.load16x4_s",   KN_IMM_MEMARG, "i:v", 8) \
    X(V128_LOAD16X4_U,   0xfd, 4,   "v128.load16x4_u",   KN_IMM_MEMARG, "i:v", 8) \
    X(V128_LOAD32X2_S,   0xfd, 5,   "v128.load32x2_s",   KN_IMM_MEMARG, "i:v", 8) \
    X(V128_LOAD32X2_U,   0xfd, 6,   "v128.load32x2_u",   KN_IMM_MEMARG, "i:v", 8) \
    X(V128_LOAD8_SPLAT,  0xfd, 7,   "v128.load8_splat",  KN_IMM_MEMARG, "i:v", 1) \
    X(V128_LOAD16_SPLAT, 0xfd, 8,   "v128.load16_splat", KN_IMM_MEMARG, "i:v", 2) \
    X(V128_LOAD32_SPLAT, 0xfd, 9,   "v128.load32_splat", KN_IMM_MEMARG, "i:v", 4) \
    X(V128_LOAD64_SPLAT, 0xfd, 10,  "v128.load64_splat", KN_IMM_MEMARG, "i:v", 8) \
    X(V128_STORE,        0xfd, 11,  "v128.store",        KN_IMM_MEMARG, "iv:", 16) \
    X(V128_LOAD32_ZERO,  0xfd, 92,  "v128.load32_zero",  KN_IMM_MEMARG, "i:v", 4) \
    X(V128_LOAD64_ZERO,  0xfd, 93,  "v128.load64_zero",  KN_IMM_MEMARG, "i:v", 8) \
    X(V128_LOAD8_LANE,   0xfd, 84,  "v128.load8_lane",   KN_IMM_MEMARG_LANE, "iv:v", 1) \
    X(V128_LOAD16_LANE,  0xfd, 85,  "v128.load16_lane",  KN_IMM_MEMARG_LANE, "iv:v", 2) \
    X(V128_LOAD32_LANE,  0xfd, 86,  "v128.load32_lane",  KN_IMM_MEMARG_LANE, "iv:v", 4) \
    X(V128_LOAD64_LANE,  0xfd, 87,  "v128.load64_lane",  KN_IMM_MEMARG_LANE, "iv:v", 8) \
    X(V128_STORE8_LANE,  0xfd, 88,  "v128.store8_lane",  KN_IMM_MEMARG_LANE, "iv:", 1) \
    X(V128_STORE16_LANE, 0xfd, 89,  "v128.store16_lane", KN_IMM_MEMARG_LANE, "iv:", 2) \
    X(V128_STORE32_LANE, 0xfd, 90,  "v128.store32_lane", KN_IMM_MEMARG_LANE, "iv:", 4) \
    X(V128_STORE64_LANE, 0xfd, 91,  "v128.store64_lane", KN_IMM_MEMARG_LANE, "iv:", 8) \
    /* vector constant, shuffles, splats and lanes (5.4.8) */ \
    X(V128_CONST,        0xfd, 12,  "v128.const",        KN_IMM_V128,   ":v", 0) \
    X(I8X16_SHUFFLE,     0xfd, 13,  "i8x16.shuffle",     KN_IMM_SHUFFLE, "vv:v", 0) \
    X(I8X16_SWIZZLE,     0xfd, 14,  "i8x16.swizzle",     KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_SPLAT,       0xfd, 15,  "i8x16.splat",       KN_IMM_NONE,   "i:v", 0) \
    X(I16X8_SPLAT,       0xfd, 16,  "i16x8.splat",       KN_IMM_NONE,   "i:v", 0) \
    X(I32X4_SPLAT,       0xfd, 17,  "i32x4.splat",       KN_IMM_NONE,   "i:v", 0) \
    X(I64X2_SPLAT,       0xfd, 18,  "i64x2.splat",       KN_IMM_NONE,   "I:v", 0) \
    X(F32X4_SPLAT,       0xfd, 19,  "f32x4.splat",       KN_IMM_NONE,   "f:v", 0) \
    X(F64X2_SPLAT,       0xfd, 20,  "f64x2.splat",       KN_IMM_NONE,   "F:v", 0) \
    X(I8X16_EXTRACT_LANE_S, 0xfd, 21, "i8x16.extract_lane_s", KN_IMM_LANE, "v:i", 1) \
    X(I8X16_EXTRACT_LANE_U, 0xfd, 22, "i8x16.extract_lane_u", KN_IMM_LANE, "v:i", 1) \
    X(I8X16_REPLACE_LANE,   0xfd, 23, "i8x16.replace_lane",   KN_IMM_LANE, "vi:v", 1) \
    X(I16X8_EXTRACT_LANE_S, 0xfd, 24, "i16x8.extract_lane_s", KN_IMM_LANE, "v:i", 2) \
    X(I16X8_EXTRACT_LANE_U, 0xfd, 25, "i16x8.extract_lane_u", KN_IMM_LANE, "v:i", 2) \
    X(I16X8_REPLACE_LANE,   0xfd, 26, "i16x8.replace_lane",   KN_IMM_LANE, "vi:v", 2) \
    X(I32X4_EXTRACT_LANE,   0xfd, 27, "i32x4.extract_lane",   KN_IMM_LANE, "v:i", 4) \
    X(I32X4_REPLACE_LANE,   0xfd, 28, "i32x4.replace_lane",   KN_IMM_LANE, "vi:v", 4) \
    X(I64X2_EXTRACT_LANE,   0xfd, 29, "i64x2.extract_lane",   KN_IMM_LANE, "v:I", 8) \
    X(I64X2_REPLACE_LANE,   0xfd, 30, "i64x2.replace_lane",   KN_IMM_LANE, "vI:v", 8) \
    X(F32X4_EXTRACT_LANE,   0xfd, 31, "f32x4.extract_lane",   KN_IMM_LANE, "v:f", 4) \
    X(F32X4_REPLACE_LANE,   0xfd, 32, "f32x4.replace_lane",   KN_IMM_LANE, "vf:v", 4) \
    X(F64X2_EXTRACT_LANE,   0xfd, 33, "f64x2.extract_lane",   KN_IMM_LANE, "v:F", 8) \
    X(F64X2_REPLACE_LANE,   0xfd, 34, "f64x2.replace_lane",   KN_IMM_LANE, "vF:v", 8) \
    /* vector comparisons (5.4.8) */ \
    X(I8X16_EQ,          0xfd, 35,  "i8x16.eq",          KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_NE,          0xfd, 36,  "i8x16.ne",          KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_LT_S,        0xfd, 37,  "i8x16.lt_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_LT_U,        0xfd, 38,  "i8x16.lt_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_GT_S,        0xfd, 39,  "i8x16.gt_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_GT_U,        0xfd, 40,  "i8x16.gt_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_LE_S,        0xfd, 41,  "i8x16.le_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_LE_U,        0xfd, 42,  "i8x16.le_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_GE_S,        0xfd, 43,  "i8x16.ge_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_GE_U,        0xfd, 44,  "i8x16.ge_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_EQ,          0xfd, 45,  "i16x8.eq",          KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_NE,          0xfd, 46,  "i16x8.ne",          KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_LT_S,        0xfd, 47,  "i16x8.lt_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_LT_U,        0xfd, 48,  "i16x8.lt_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_GT_S,        0xfd, 49,  "i16x8.gt_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_GT_U,        0xfd, 50,  "i16x8.gt_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_LE_S,        0xfd, 51,  "i16x8.le_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_LE_U,        0xfd, 52,  "i16x8.le_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_GE_S,        0xfd, 53,  "i16x8.ge_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_GE_U,        0xfd, 54,  "i16x8.ge_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_EQ,          0xfd, 55,  "i32x4.eq",          KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_NE,          0xfd, 56,  "i32x4.ne",          KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_LT_S,        0xfd, 57,  "i32x4.lt_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_LT_U,        0xfd, 58,  "i32x4.lt_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_GT_S,        0xfd, 59,  "i32x4.gt_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_GT_U,        0xfd, 60,  "i32x4.gt_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_LE_S,        0xfd, 61,  "i32x4.le_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_LE_U,        0xfd, 62,  "i32x4.le_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_GE_S,        0xfd, 63,  "i32x4.ge_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_GE_U,        0xfd, 64,  "i32x4.ge_u",        KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_EQ,          0xfd, 214, "i64x2.eq",          KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_NE,          0xfd, 215, "i64x2.ne",          KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_LT_S,        0xfd, 216, "i64x2.lt_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_GT_S,        0xfd, 217, "i64x2.gt_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_LE_S,        0xfd, 218, "i64x2.le_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_GE_S,        0xfd, 219, "i64x2.ge_s",        KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_EQ,          0xfd, 65,  "f32x4.eq",          KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_NE,          0xfd, 66,  "f32x4.ne",          KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_LT,          0xfd, 67,  "f32x4.lt",          KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_GT,          0xfd, 68,  "f32x4.gt",          KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_LE,          0xfd, 69,  "f32x4.le",          KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_GE,          0xfd, 70,  "f32x4.ge",          KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_EQ,          0xfd, 71,  "f64x2.eq",          KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_NE,          0xfd, 72,  "f64x2.ne",          KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_LT,          0xfd, 73,  "f64x2.lt",          KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_GT,          0xfd, 74,  "f64x2.gt",          KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_LE,          0xfd, 75,  "f64x2.le",          KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_GE,          0xfd, 76,  "f64x2.ge",          KN_IMM_NONE,   "vv:v", 0) \
    /* vector bitwise and tests (5.4.8) */ \
    X(V128_NOT,          0xfd, 77,  "v128.not",          KN_IMM_NONE,   "v:v", 0) \
    X(V128_AND,          0xfd, 78,  "v128.and",          KN_IMM_NONE,   "vv:v", 0) \
    X(V128_ANDNOT,       0xfd, 79,  "v128.andnot",       KN_IMM_NONE,   "vv:v", 0) \
    X(V128_OR,           0xfd, 80,  "v128.or",           KN_IMM_NONE,   "vv:v", 0) \
    X(V128_XOR,          0xfd, 81,  "v128.xor",          KN_IMM_NONE,   "vv:v", 0) \
    X(V128_BITSELECT,    0xfd, 82,  "v128.bitselect",    KN_IMM_NONE,   "vvv:v", 0) \
    X(V128_ANY_TRUE,     0xfd, 83,  "v128.any_true",     KN_IMM_NONE,   "v:i", 0) \
    /* i8x16 arithmetic (5.4.8) */ \
    X(I8X16_ABS,         0xfd, 96,  "i8x16.abs",         KN_IMM_NONE,   "v:v", 0) \
    X(I8X16_NEG,         0xfd, 97,  "i8x16.neg",         KN_IMM_NONE,   "v:v", 0) \
    X(I8X16_POPCNT,      0xfd, 98,  "i8x16.popcnt",      KN_IMM_NONE,   "v:v", 0) \
    X(I8X16_ALL_TRUE,    0xfd, 99,  "i8x16.all_true",    KN_IMM_NONE,   "v:i", 0) \
    X(I8X16_BITMASK,     0xfd, 100, "i8x16.bitmask",     KN_IMM_NONE,   "v:i", 0) \
    X(I8X16_NARROW_I16X8_S, 0xfd, 101, "i8x16.narrow_i16x8_s", KN_IMM_NONE, "vv:v", 0) \
    X(I8X16_NARROW_I16X8_U, 0xfd, 102, "i8x16.narrow_i16x8_u", KN_IMM_NONE, "vv:v", 0) \
    X(I8X16_SHL,         0xfd, 107, "i8x16.shl",         KN_IMM_NONE,   "vi:v", 0) \
    X(I8X16_SHR_S,       0xfd, 108, "i8x16.shr_s",       KN_IMM_NONE,   "vi:v", 0) \
    X(I8X16_SHR_U,       0xfd, 109, "i8x16.shr_u",       KN_IMM_NONE,   "vi:v", 0) \
    X(I8X16_ADD,         0xfd, 110, "i8x16.add",         KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_ADD_SAT_S,   0xfd, 111, "i8x16.add_sat_s",   KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_ADD_SAT_U,   0xfd, 112, "i8x16.add_sat_u",   KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_SUB,         0xfd, 113, "i8x16.sub",         KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_SUB_SAT_S,   0xfd, 114, "i8x16.sub_sat_s",   KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_SUB_SAT_U,   0xfd, 115, "i8x16.sub_sat_u",   KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_MIN_S,       0xfd, 118, "i8x16.min_s",       KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_MIN_U,       0xfd, 119, "i8x16.min_u",       KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_MAX_S,       0xfd, 120, "i8x16.max_s",       KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_MAX_U,       0xfd, 121, "i8x16.max_u",       KN_IMM_NONE,   "vv:v", 0) \
    X(I8X16_AVGR_U,      0xfd, 123, "i8x16.avgr_u",      KN_IMM_NONE,   "vv:v", 0) \
    /* i16x8 arithmetic (5.4.8) */ \
    X(I16X8_EXTADD_PAIRWISE_I8X16_S, 0xfd, 124, "i16x8.extadd_pairwise_i8x16_s", KN_IMM_NONE, "v:v", 0) \
    X(I16X8_EXTADD_PAIRWISE_I8X16_U, 0xfd, 125, "i16x8.extadd_pairwise_i8x16_u", KN_IMM_NONE, "v:v", 0) \
    X(I16X8_ABS,         0xfd, 128, "i16x8.abs",         KN_IMM_NONE,   "v:v", 0) \
    X(I16X8_NEG,         0xfd, 129, "i16x8.neg",         KN_IMM_NONE,   "v:v", 0) \
    X(I16X8_Q15MULR_SAT_S, 0xfd, 130, "i16x8.q15mulr_sat_s", KN_IMM_NONE, "vv:v", 0) \
    X(I16X8_ALL_TRUE,    0xfd, 131, "i16x8.all_true",    KN_IMM_NONE,   "v:i", 0) \
    X(I16X8_BITMASK,     0xfd, 132, "i16x8.bitmask",     KN_IMM_NONE,   "v:i", 0) \
    X(I16X8_NARROW_I32X4_S, 0xfd, 133, "i16x8.narrow_i32x4_s", KN_IMM_NONE, "vv:v", 0) \
    X(I16X8_NARROW_I32X4_U, 0xfd, 134, "i16x8.narrow_i32x4_u", KN_IMM_NONE, "vv:v", 0) \
    X(I16X8_EXTEND_LOW_I8X16_S,  0xfd, 135, "i16x8.extend_low_i8x16_s",  KN_IMM_NONE, "v:v", 0) \
    X(I16X8_EXTEND_HIGH_I8X16_S, 0xfd, 136, "i16x8.extend_high_i8x16_s", KN_IMM_NONE, "v:v", 0) \
    X(I16X8_EXTEND_LOW_I8X16_U,  0xfd, 137, "i16x8.extend_low_i8x16_u",  KN_IMM_NONE, "v:v", 0) \
    X(I16X8_EXTEND_HIGH_I8X16_U, 0xfd, 138, "i16x8.extend_high_i8x16_u", KN_IMM_NONE, "v:v", 0) \
    X(I16X8_SHL,         0xfd, 139, "i16x8.shl",         KN_IMM_NONE,   "vi:v", 0) \
    X(I16X8_SHR_S,       0xfd, 140, "i16x8.shr_s",       KN_IMM_NONE,   "vi:v", 0) \
    X(I16X8_SHR_U,       0xfd, 141, "i16x8.shr_u",       KN_IMM_NONE,   "vi:v", 0) \
    X(I16X8_ADD,         0xfd, 142, "i16x8.add",         KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_ADD_SAT_S,   0xfd, 143, "i16x8.add_sat_s",   KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_ADD_SAT_U,   0xfd, 144, "i16x8.add_sat_u",   KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_SUB,         0xfd, 145, "i16x8.sub",         KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_SUB_SAT_S,   0xfd, 146, "i16x8.sub_sat_s",   KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_SUB_SAT_U,   0xfd, 147, "i16x8.sub_sat_u",   KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_MUL,         0xfd, 149, "i16x8.mul",         KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_MIN_S,       0xfd, 150, "i16x8.min_s",       KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_MIN_U,       0xfd, 151, "i16x8.min_u",       KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_MAX_S,       0xfd, 152, "i16x8.max_s",       KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_MAX_U,       0xfd, 153, "i16x8.max_u",       KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_AVGR_U,      0xfd, 155, "i16x8.avgr_u",      KN_IMM_NONE,   "vv:v", 0) \
    X(I16X8_EXTMUL_LOW_I8X16_S,  0xfd, 156, "i16x8.extmul_low_i8x16_s",  KN_IMM_NONE, "vv:v", 0) \
    X(I16X8_EXTMUL_HIGH_I8X16_S, 0xfd, 157, "i16x8.extmul_high_i8x16_s", KN_IMM_NONE, "vv:v", 0) \
    X(I16X8_EXTMUL_LOW_I8X16_U,  0xfd, 158, "i16x8.extmul_low_i8x16_u",  KN_IMM_NONE, "vv:v", 0) \
    X(I16X8_EXTMUL_HIGH_I8X16_U, 0xfd, 159, "i16x8.extmul_high_i8x16_u", KN_IMM_NONE, "vv:v", 0) \
    /* i32x4 arithmetic (5.4.8) */ \
    X(I32X4_EXTADD_PAIRWISE_I16X8_S, 0xfd, 126, "i32x4.extadd_pairwise_i16x8_s", KN_IMM_NONE, "v:v", 0) \
    X(I32X4_EXTADD_PAIRWISE_I16X8_U, 0xfd, 127, "i32x4.extadd_pairwise_i16x8_u", KN_IMM_NONE, "v:v", 0) \
    X(I32X4_ABS,         0xfd, 160, "i32x4.abs",         KN_IMM_NONE,   "v:v", 0) \
    X(I32X4_NEG,         0xfd, 161, "i32x4.neg",         KN_IMM_NONE,   "v:v", 0) \
    X(I32X4_ALL_TRUE,    0xfd, 163, "i32x4.all_true",    KN_IMM_NONE,   "v:i", 0) \
    X(I32X4_BITMASK,     0xfd, 164, "i32x4.bitmask",     KN_IMM_NONE,   "v:i", 0) \
    X(I32X4_EXTEND_LOW_I16X8_S,  0xfd, 167, "i32x4.extend_low_i16x8_s",  KN_IMM_NONE, "v:v", 0) \
    X(I32X4_EXTEND_HIGH_I16X8_S, 0xfd, 168, "i32x4.extend_high_i16x8_s", KN_IMM_NONE, "v:v", 0) \
    X(I32X4_EXTEND_LOW_I16X8_U,  0xfd, 169, "i32x4.extend_low_i16x8_u",  KN_IMM_NONE, "v:v", 0) \
    X(I32X4_EXTEND_HIGH_I16X8_U, 0xfd, 170, "i32x4.extend_high_i16x8_u", KN_IMM_NONE, "v:v", 0) \
    X(I32X4_SHL,         0xfd, 171, "i32x4.shl",         KN_IMM_NONE,   "vi:v", 0) \
    X(I32X4_SHR_S,       0xfd, 172, "i32x4.shr_s",       KN_IMM_NONE,   "vi:v", 0) \
    X(I32X4_SHR_U,       0xfd, 173, "i32x4.shr_u",       KN_IMM_NONE,   "vi:v", 0) \
    X(I32X4_ADD,         0xfd, 174, "i32x4.add",         KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_SUB,         0xfd, 177, "i32x4.sub",         KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_MUL,         0xfd, 181, "i32x4.mul",         KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_MIN_S,       0xfd, 182, "i32x4.min_s",       KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_MIN_U,       0xfd, 183, "i32x4.min_u",       KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_MAX_S,       0xfd, 184, "i32x4.max_s",       KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_MAX_U,       0xfd, 185, "i32x4.max_u",       KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_DOT_I16X8_S, 0xfd, 186, "i32x4.dot_i16x8_s", KN_IMM_NONE,   "vv:v", 0) \
    X(I32X4_EXTMUL_LOW_I16X8_S,  0xfd, 188, "i32x4.extmul_low_i16x8_s",  KN_IMM_NONE, "vv:v", 0) \
    X(I32X4_EXTMUL_HIGH_I16X8_S, 0xfd, 189, "i32x4.extmul_high_i16x8_s", KN_IMM_NONE, "vv:v", 0) \
    X(I32X4_EXTMUL_LOW_I16X8_U,  0xfd, 190, "i32x4.extmul_low_i16x8_u",  KN_IMM_NONE, "vv:v", 0) \
    X(I32X4_EXTMUL_HIGH_I16X8_U, 0xfd, 191, "i32x4.extmul_high_i16x8_u", KN_IMM_NONE, "vv:v", 0) \
    /* i64x2 arithmetic (5.4.8) */ \
    X(I64X2_ABS,         0xfd, 192, "i64x2.abs",         KN_IMM_NONE,   "v:v", 0) \
    X(I64X2_NEG,         0xfd, 193, "i64x2.neg",         KN_IMM_NONE,   "v:v", 0) \
    X(I64X2_ALL_TRUE,    0xfd, 195, "i64x2.all_true",    KN_IMM_NONE,   "v:i", 0) \
    X(I64X2_BITMASK,     0xfd, 196, "i64x2.bitmask",     KN_IMM_NONE,   "v:i", 0) \
    X(I64X2_EXTEND_LOW_I32X4_S,  0xfd, 199, "i64x2.extend_low_i32x4_s",  KN_IMM_NONE, "v:v", 0) \
    X(I64X2_EXTEND_HIGH_I32X4_S, 0xfd, 200, "i64x2.extend_high_i32x4_s", KN_IMM_NONE, "v:v", 0) \
    X(I64X2_EXTEND_LOW_I32X4_U,  0xfd, 201, "i64x2.extend_low_i32x4_u",  KN_IMM_NONE, "v:v", 0) \
    X(I64X2_EXTEND_HIGH_I32X4_U, 0xfd, 202, "i64x2.extend_high_i32x4_u", KN_IMM_NONE, "v:v", 0) \
    X(I64X2_SHL,         0xfd, 203, "i64x2.shl",         KN_IMM_NONE,   "vi:v", 0) \
    X(I64X2_SHR_S,       0xfd, 204, "i64x2.shr_s",       KN_IMM_NONE,   "vi:v", 0) \
    X(I64X2_SHR_U,       0xfd, 205, "i64x2.shr_u",       KN_IMM_NONE,   "vi:v", 0) \
    X(I64X2_ADD,         0xfd, 206, "i64x2.add",         KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_SUB,         0xfd, 209, "i64x2.sub",         KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_MUL,         0xfd, 213, "i64x2.mul",         KN_IMM_NONE,   "vv:v", 0) \
    X(I64X2_EXTMUL_LOW_I32X4_S,  0xfd, 220, "i64x2.extmul_low_i32x4_s",  KN_IMM_NONE, "vv:v", 0) \
    X(I64X2_EXTMUL_HIGH_I32X4_S, 0xfd, 221, "i64x2.extmul_high_i32x4_s", KN_IMM_NONE, "vv:v", 0) \
    X(I64X2_EXTMUL_LOW_I32X4_U,  0xfd, 222, "i64x2.extmul_low_i32x4_u",  KN_IMM_NONE, "vv:v", 0) \
    X(I64X2_EXTMUL_HIGH_I32X4_U, 0xfd, 223, "i64x2.extmul_high_i32x4_u", KN_IMM_NONE, "vv:v", 0) \
    /* f32x4 and f64x2 arithmetic (5.4.8) */ \
    X(F32X4_CEIL,        0xfd, 103, "f32x4.ceil",        KN_IMM_NONE,   "v:v", 0) \
    X(F32X4_FLOOR,       0xfd, 104, "f32x4.floor",       KN_IMM_NONE,   "v:v", 0) \
    X(F32X4_TRUNC,       0xfd, 105, "f32x4.trunc",       KN_IMM_NONE,   "v:v", 0) \
    X(F32X4_NEAREST,     0xfd, 106, "f32x4.nearest",     KN_IMM_NONE,   "v:v", 0) \
    X(F32X4_ABS,         0xfd, 224, "f32x4.abs",         KN_IMM_NONE,   "v:v", 0) \
    X(F32X4_NEG,         0xfd, 225, "f32x4.neg",         KN_IMM_NONE,   "v:v", 0) \
    X(F32X4_SQRT,        0xfd, 227, "f32x4.sqrt",        KN_IMM_NONE,   "v:v", 0) \
    X(F32X4_ADD,         0xfd, 228, "f32x4.add",         KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_SUB,         0xfd, 229, "f32x4.sub",         KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_MUL,         0xfd, 230, "f32x4.mul",         KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_DIV,         0xfd, 231, "f32x4.div",         KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_MIN,         0xfd, 232, "f32x4.min",         KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_MAX,         0xfd, 233, "f32x4.max",         KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_PMIN,        0xfd, 234, "f32x4.pmin",        KN_IMM_NONE,   "vv:v", 0) \
    X(F32X4_PMAX,        0xfd, 235, "f32x4.pmax",        KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_CEIL,        0xfd, 116, "f64x2.ceil",        KN_IMM_NONE,   "v:v", 0) \
    X(F64X2_FLOOR,       0xfd, 117, "f64x2.floor",       KN_IMM_NONE,   "v:v", 0) \
    X(F64X2_TRUNC,       0xfd, 122, "f64x2.trunc",       KN_IMM_NONE,   "v:v", 0) \
    X(F64X2_NEAREST,     0xfd, 148, "f64x2.nearest",     KN_IMM_NONE,   "v:v", 0) \
    X(F64X2_ABS,         0xfd, 236, "f64x2.abs",         KN_IMM_NONE,   "v:v", 0) \
    X(F64X2_NEG,         0xfd, 237, "f64x2.neg",         KN_IMM_NONE,   "v:v", 0) \
    X(F64X2_SQRT,        0xfd, 239, "f64x2.sqrt",        KN_IMM_NONE,   "v:v", 0) \
    X(F64X2_ADD,         0xfd, 240, "f64x2.add",         KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_SUB,         0xfd, 241, "f64x2.sub",         KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_MUL,         0xfd, 242, "f64x2.mul",         KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_DIV,         0xfd, 243, "f64x2.div",         KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_MIN,         0xfd, 244, "f64x2.min",         KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_MAX,         0xfd, 245, "f64x2.max",         KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_PMIN,        0xfd, 246, "f64x2.pmin",        KN_IMM_NONE,   "vv:v", 0) \
    X(F64X2_PMAX,        0xfd, 247, "f64x2.pmax",        KN_IMM_NONE,   "vv:v", 0) \
    /* vector conversions (5.4.8) */ \
    X(I32X4_TRUNC_SAT_F32X4_S,      0xfd, 248, "i32x4.trunc_sat_f32x4_s",      KN_IMM_NONE, "v:v", 0) \
    X(I32X4_TRUNC_SAT_F32X4_U,      0xfd, 249, "i32x4.trunc_sat_f32x4_u",      KN_IMM_NONE, "v:v", 0) \
    X(F32X4_CONVERT_I32X4_S,        0xfd, 250, "f32x4.convert_i32x4_s",        KN_IMM_NONE, "v:v", 0) \
    X(F32X4_CONVERT_I32X4_U,        0xfd, 251, "f32x4.convert_i32x4_u",        KN_IMM_NONE, "v:v", 0) \
    X(I32X4_TRUNC_SAT_F64X2_S_ZERO, 0xfd, 252, "i32x4.trunc_sat_f64x2_s_zero", KN_IMM_NONE, "v:v", 0) \
    X(I32X4_TRUNC_SAT_F64X2_U_ZERO, 0xfd, 253, "i32x4.trunc_sat_f64x2_u_zero", KN_IMM_NONE, "v:v", 0) \
    X(F64X2_CONVERT_LOW_I32X4_S,    0xfd, 254, "f64x2.convert_low_i32x4_s",    KN_IMM_NONE, "v:v", 0) \
    X(F64X2_CONVERT_LOW_I32X4_U,    0xfd, 255, "f64x2.convert_low_i32x4_u",    KN_IMM_NONE, "v:v", 0) \
    X(F32X4_DEMOTE_F64X2_ZERO,      0xfd, 94,  "f32x4.demote_f64x2_zero",      KN_IMM_NONE, "v:v", 0) \
    X(F64X2_PROMOTE_LOW_F32X4,      0xfd, 95,  "f64x2.promote_low_f32x4",      KN_IMM_NONE, "v:v", 0)

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

/* The table inverted, for kn_opcode_lookup: an entry for each encoding,
 * single bytes first, then the 0xFC sub-opcodes, then the 0xFD ones; each
 * is the opcode plus one, so that 0 is an encoding without an instruction.
 * Every body is read several times, so this is a load, not a search. */
enum { KN_FC_FIRST = 256, KN_FC_COUNT = 32, KN_FD_FIRST = KN_FC_FIRST + KN_FC_COUNT,
       KN_FD_COUNT = 256 };
extern const uint16_t kn_opcode_by_encoding[KN_FD_FIRST + KN_FD_COUNT];

/* The opcode for a byte (prefix 0) or a prefixed sub-opcode, or -1 when the
 * encoding names no instruction. */
static inline int kn_opcode_lookup(uint8_t prefix, uint32_t code)
{
    uint32_t i;
    if (prefix == 0 && code < 256)
        i = code;
    else if (prefix == 0xfc && code < KN_FC_COUNT)
        i = KN_FC_FIRST + code;
    else if (prefix == 0xfd && code < KN_FD_COUNT)
        i = KN_FD_FIRST + code;
    else
        return -1;
    return (int)kn_opcode_by_encoding[i] - 1;
}

/* The value type a signature letter stands for (i I f F v), as its binary
 * encoding (types.h); 0 for any other character. */
uint8_t kn_sig_valtype(char letter);

#endif
