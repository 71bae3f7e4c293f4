/*
 * reader.h -- reading the primitive encodings of the binary format
 * (spec 5.1-5.2) and single instructions (5.4), with bounds checks.
 *
 * Shared by the decoder, which uses it to find malformed input, and by the
 * validator and the interpreter's translator, which re-read function bodies
 * the decoder has already accepted. Every read checks the end of input; on
 * failure it records the error (once) and returns false, so callers may
 * chain reads and test at the end.
 */
#ifndef KN_READER_H
#define KN_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/opcodes.h"
#include "../base/types.h"

typedef struct kn_reader {
    const uint8_t *base;   /* start of the whole module: offsets are from here */
    const uint8_t *pos, *end;
    kn_error *err;         /* may be NULL when the input is known good */
    bool failed;           /* a read failed and recorded its error: every
                              later read fails at once without a new one */
} kn_reader;

void kn_reader_init(kn_reader *r, const uint8_t *base, size_t start, size_t end,
                    kn_error *err);

static inline size_t kn_reader_offset(const kn_reader *r)
{
    return (size_t)(r->pos - r->base);
}

static inline bool kn_reader_at_end(const kn_reader *r)
{
    return r->pos >= r->end;
}

/* Each reports "unexpected end of section or function", "integer
 * representation too long" or "integer too large" as the spec's tests word
 * them. */
bool kn_read_byte(kn_reader *r, uint8_t *out);
bool kn_read_u32(kn_reader *r, uint32_t *out);
bool kn_read_u64(kn_reader *r, uint64_t *out);
bool kn_read_s32(kn_reader *r, int32_t *out);
bool kn_read_s33(kn_reader *r, int64_t *out);   /* block types */
bool kn_read_s64(kn_reader *r, int64_t *out);
bool kn_read_bytes(kn_reader *r, size_t n, const uint8_t **out);

/* A vector length or byte count (u32): one greater than the bytes left,
 * counted from the length's own first byte, is "length out of bounds", as
 * the spec's reference interpreter words it. Checked before anything is
 * allocated for the vector. */
bool kn_read_len(kn_reader *r, uint32_t *out);

/* A name (spec 5.2.4): a length, then that many bytes of UTF-8, else
 * "malformed UTF-8 encoding". `*data` points into the input. */
bool kn_read_name(kn_reader *r, const uint8_t **data, uint32_t *len);

/* A value type (spec 5.3.1), else "malformed value type"; a reference type
 * (5.3.3), else "malformed reference type". One byte each. */
bool kn_read_valtype(kn_reader *r, kn_valtype *out);
bool kn_read_reftype(kn_reader *r, kn_valtype *out);

/* One decoded instruction: its opcode and immediates (by kn_opinfo.imm). */
typedef struct kn_instr {
    kn_opcode op;
    uint32_t offset;              /* of the first opcode byte, from base */
    union {
        int64_t block;            /* KN_IMM_BLOCK: -64 (0x40) for no result,
                                     a negative valtype (e.g. -1 for i32) for
                                     one result, else a type index */
        uint32_t index;           /* LABEL FUNC LOCAL GLOBAL TABLE MEMORY ELEM DATA */
        struct { uint32_t type, table; } call_indirect;
        struct { uint32_t align, memory; uint64_t offset; } memarg;
        struct {
            uint32_t count;       /* labels before the default */
            const uint8_t *labels;/* their LEB128s: read with kn_br_table_label */
            uint32_t default_label;
        } br_table;
        uint32_t i32;
        uint64_t i64;
        uint32_t f32;             /* bits */
        uint64_t f64;             /* bits */
        kn_valtype type;          /* REFTYPE; SELECT_T's single type */
        struct { uint32_t a, b; } pair;   /* TABLE_INIT elem,table; MEMORY_INIT data,memory;
                                              TABLE_COPY dst,src; MEMORY_COPY dst,src */
        uint8_t bytes[16];        /* V128: the constant; SHUFFLE: the lane indices */
    } imm;
    uint8_t lane;                 /* LANE, MEMARG_LANE: the lane index, which
                                     the validator checks against the shape */
    uint32_t select_arity;        /* SELECT_T: length of its type vector, whose
                                     first type is imm.type; the binary allows
                                     any length, the validator requires 1
                                     ("invalid result arity") */
} kn_instr;

/* Reads one instruction. Malformed encodings give "illegal opcode", "zero
 * byte expected", "malformed reference type", "malformed value type",
 * "malformed memop flags" (alignment exponent of 32 or more), LEB errors,
 * "unexpected end". The SELECT_T vector's types are checked here, its
 * length is left to the validator (select_arity). */
bool kn_read_instr(kn_reader *r, kn_instr *out);

/* The i-th label of a br_table that kn_read_instr accepted: reads LEB128s
 * from `*cursor` (start it at instr.imm.br_table.labels), advancing it. */
uint32_t kn_br_table_label(const uint8_t **cursor);

#endif
