/*
 * reader.c -- the primitive encodings of the binary format (spec 5.1-5.2)
 * and single instructions (5.4).
 *
 * Error wording follows the spec's reference interpreter, whose messages
 * the test suite's assert_malformed commands carry: running out of input is
 * always "unexpected end of section or function" (which contains the
 * shorter "unexpected end" that other tests expect).
 */
#include "reader.h"

#include <stdio.h>
#include <string.h>

static const char EOF_MESSAGE[] = "unexpected end of section or function";

void kn_reader_init(kn_reader *r, const uint8_t *base, size_t start, size_t end,
                    kn_error *err)
{
    r->base = base;
    r->pos = base + start;
    r->end = base + end;
    r->err = err;
    r->failed = false;
}

/* Records the first error only: after a failure every read fails, so a
 * caller may chain reads and test once. */
static bool fail(kn_reader *r, size_t offset, const char *msg)
{
    if (!r->failed) {
        r->failed = true;
        kn_error_at_offset(r->err, KN_ERR_MALFORMED, offset, "%s", msg);
    }
    return false;
}

static bool fail_eof(kn_reader *r)
{
    return fail(r, (size_t)(r->end - r->base), EOF_MESSAGE);
}

bool kn_read_byte(kn_reader *r, uint8_t *out)
{
    if (r->failed)
        return false;
    if (r->pos >= r->end)
        return fail_eof(r);
    *out = *r->pos++;
    return true;
}

bool kn_read_bytes(kn_reader *r, size_t n, const uint8_t **out)
{
    if (r->failed)
        return false;
    if ((size_t)(r->end - r->pos) < n)
        return fail_eof(r);
    *out = r->pos;
    r->pos += n;
    return true;
}

/*
 * LEB128 of at most `bits` bits (spec 5.2.2): at most ceil(bits/7) bytes
 * ("integer representation too long"), and the unused bits of the last
 * byte must be zero, or for a signed number copies of the sign bit
 * ("integer too large"). The too-large test looks at the last permitted
 * byte before its continuation bit, as the reference interpreter does, so
 * that "\80\80\80\80\10" is too large and "\80\80\80\80\80\00" too long.
 */
static bool read_leb(kn_reader *r, int bits, bool is_signed, uint64_t *out)
{
    uint64_t result = 0;
    unsigned shift = 0;
    uint8_t b;

    if (r->failed)
        return false;
    for (int left = bits;; left -= 7) {
        if (left <= 0)
            return fail(r, kn_reader_offset(r), "integer representation too long");
        if (r->pos >= r->end)
            return fail_eof(r);
        b = *r->pos;
        if (left < 7) {
            unsigned payload = b & 0x7fu;
            if (is_signed) {
                unsigned mask = (0x7fu << (left - 1)) & 0x7fu;
                if ((payload & mask) != 0 && (payload & mask) != mask)
                    return fail(r, kn_reader_offset(r), "integer too large");
            } else if (payload >> left) {
                return fail(r, kn_reader_offset(r), "integer too large");
            }
        }
        r->pos++;
        result |= (uint64_t)(b & 0x7f) << shift;   /* shift <= 63 here */
        shift += 7;
        if (!(b & 0x80))
            break;
    }
    if (is_signed && shift < 64 && (b & 0x40))
        result |= ~(uint64_t)0 << shift;
    *out = result;
    return true;
}

bool kn_read_u32(kn_reader *r, uint32_t *out)
{
    uint64_t v;
    if (!read_leb(r, 32, false, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool kn_read_u64(kn_reader *r, uint64_t *out)
{
    return read_leb(r, 64, false, out);
}

bool kn_read_s32(kn_reader *r, int32_t *out)
{
    uint64_t v;
    if (!read_leb(r, 32, true, &v))
        return false;
    *out = (int32_t)(int64_t)v;   /* in range: read_leb checked the bits */
    return true;
}

bool kn_read_s33(kn_reader *r, int64_t *out)
{
    uint64_t v;
    if (!read_leb(r, 33, true, &v))
        return false;
    *out = (int64_t)v;
    return true;
}

bool kn_read_s64(kn_reader *r, int64_t *out)
{
    uint64_t v;
    if (!read_leb(r, 64, true, &v))
        return false;
    *out = (int64_t)v;
    return true;
}

/*
 * The immediates of instructions are mostly one-byte LEB128s, and every
 * body is read several times (decoder, validator, translator), so the
 * readers below take a byte under 0x80 at once and leave everything else,
 * errors included, to read_leb. A one-byte LEB128 is never too long or too
 * large for any width.
 */
static inline bool leb_u32(kn_reader *r, uint32_t *out)
{
    if (r->pos < r->end && *r->pos < 0x80 && !r->failed) {
        *out = *r->pos++;
        return true;
    }
    return kn_read_u32(r, out);
}

/* A signed one: bit 6 of the byte is the sign. */
static inline bool leb_s64(kn_reader *r, int bits, uint64_t *out)
{
    if (r->pos < r->end && *r->pos < 0x80 && !r->failed) {
        uint8_t b = *r->pos++;
        *out = b & 0x40 ? (uint64_t)b | ~(uint64_t)0x7f : b;
        return true;
    }
    return read_leb(r, bits, true, out);
}

bool kn_read_len(kn_reader *r, uint32_t *out)
{
    size_t at = kn_reader_offset(r);
    size_t left = (size_t)(r->end - r->pos);
    if (!kn_read_u32(r, out))
        return false;
    if (*out > left)
        return fail(r, at, "length out of bounds");
    return true;
}

/* Well-formed UTF-8 (Unicode 3.9, table 3-7): shortest forms only, no
 * surrogates (U+D800-DFFF), nothing above U+10FFFF. */
static bool utf8_valid(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = p[i];
        unsigned need;
        uint8_t lo = 0x80, hi = 0xbf;   /* range of the second byte */
        if (b < 0x80) {
            i++;
            continue;
        } else if (b >= 0xc2 && b <= 0xdf) {
            need = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
            need = 2;
            if (b == 0xe0)
                lo = 0xa0;   /* else overlong */
            else if (b == 0xed)
                hi = 0x9f;   /* else a surrogate */
        } else if (b >= 0xf0 && b <= 0xf4) {
            need = 3;
            if (b == 0xf0)
                lo = 0x90;   /* else overlong */
            else if (b == 0xf4)
                hi = 0x8f;   /* else above U+10FFFF */
        } else {
            return false;
        }
        if (n - i - 1 < need || p[i + 1] < lo || p[i + 1] > hi)
            return false;
        for (unsigned k = 2; k <= need; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return false;
        }
        i += need + 1;
    }
    return true;
}

bool kn_read_name(kn_reader *r, const uint8_t **data, uint32_t *len)
{
    size_t at = kn_reader_offset(r);
    if (!kn_read_len(r, len) || !kn_read_bytes(r, *len, data))
        return false;
    if (!utf8_valid(*data, *len))
        return fail(r, at, "malformed UTF-8 encoding");
    return true;
}

uint32_t kn_br_table_label(const uint8_t **cursor)
{
    const uint8_t *p = *cursor;
    uint32_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
        b = *p++;
        if (shift < 32)
            v |= (uint32_t)(b & 0x7f) << shift;
        shift += 7;
    } while (b & 0x80);
    *cursor = p;
    return v;
}

/* A byte that must be 0x00: the memory index of 2.0's memory instructions,
 * reserved for multiple memories (spec 5.4.6). */
static bool read_zero(kn_reader *r)
{
    uint8_t b;
    if (!kn_read_byte(r, &b))
        return false;
    if (b != 0)
        return fail(r, kn_reader_offset(r) - 1, "zero byte expected");
    return true;
}

bool kn_read_valtype(kn_reader *r, kn_valtype *out)
{
    if (!kn_read_byte(r, out))
        return false;
    if (!kn_is_valtype(*out))
        return fail(r, kn_reader_offset(r) - 1, "malformed value type");
    return true;
}

bool kn_read_reftype(kn_reader *r, kn_valtype *out)
{
    if (!kn_read_byte(r, out))
        return false;
    if (!kn_is_reftype(*out))
        return fail(r, kn_reader_offset(r) - 1, "malformed reference type");
    return true;
}

/*
 * blocktype (spec 5.4.1): 0x40, a value type as one byte, or a type index
 * as a non-negative s33. The first two are negative as s33, which is how
 * kn_instr tells them apart: 0x40 is -64, 0x7f (i32) is -1. Any other
 * negative s33 is no block type.
 */
static bool read_blocktype(kn_reader *r, int64_t *out)
{
    size_t at = kn_reader_offset(r);
    if (r->failed)
        return false;
    if (r->pos < r->end && (*r->pos == 0x40 || kn_is_valtype(*r->pos))) {
        *out = (int64_t)*r->pos++ - 0x80;
        return true;
    }
    if (!kn_read_s33(r, out))
        return false;
    if (*out < 0)
        return fail(r, at, "malformed value type");
    return true;
}

static bool read_memarg(kn_reader *r, kn_instr *in)
{
    uint32_t align, offset;
    if (!leb_u32(r, &align))
        return false;
    /* An exponent of 32 or more can describe no alignment, so the spec's
     * tests call it malformed; a merely too large one is invalid. */
    if (align >= 32)
        return fail(r, kn_reader_offset(r) - 1, "malformed memop flags");
    if (!leb_u32(r, &offset))
        return false;
    in->imm.memarg.align = align;
    in->imm.memarg.memory = 0;
    in->imm.memarg.offset = offset;
    return true;
}

static bool read_br_table(kn_reader *r, kn_instr *in)
{
    uint32_t count, label;
    if (!kn_read_len(r, &count))
        return false;
    in->imm.br_table.count = count;
    in->imm.br_table.labels = r->pos;
    for (uint32_t i = 0; i < count; i++) {
        if (!leb_u32(r, &label))
            return false;
    }
    return leb_u32(r, &in->imm.br_table.default_label);
}

static bool read_select_t(kn_reader *r, kn_instr *in)
{
    kn_valtype t = 0;
    if (!kn_read_len(r, &in->select_arity))
        return false;
    for (uint32_t i = 0; i < in->select_arity; i++) {
        if (!kn_read_valtype(r, i == 0 ? &in->imm.type : &t))
            return false;
    }
    return true;
}

static bool read_float_bits(kn_reader *r, unsigned n, uint64_t *out)
{
    const uint8_t *p;
    if (!kn_read_bytes(r, n, &p))
        return false;
    *out = 0;
    for (unsigned i = 0; i < n; i++)   /* little-endian (spec 5.2.3) */
        *out |= (uint64_t)p[i] << (8 * i);
    return true;
}

/* The immediates of `in->op`, by its row of the opcode table. */
static bool read_immediates(kn_reader *r, kn_instr *in)
{
    uint64_t bits;
    const uint8_t *p;

    switch (kn_opinfo_table[in->op].imm) {
    case KN_IMM_NONE:
        return true;
    case KN_IMM_BLOCK:
        return read_blocktype(r, &in->imm.block);
    case KN_IMM_LABEL:
    case KN_IMM_FUNC:
    case KN_IMM_LOCAL:
    case KN_IMM_GLOBAL:
    case KN_IMM_TABLE:
    case KN_IMM_ELEM:
    case KN_IMM_DATA:
        return leb_u32(r, &in->imm.index);
    case KN_IMM_BR_TABLE:
        return read_br_table(r, in);
    case KN_IMM_CALL_INDIRECT:
        return leb_u32(r, &in->imm.call_indirect.type) &&
               leb_u32(r, &in->imm.call_indirect.table);
    case KN_IMM_MEMARG:
        return read_memarg(r, in);
    case KN_IMM_MEMORY:
        in->imm.index = 0;
        return read_zero(r);
    case KN_IMM_I32:
        if (!leb_s64(r, 32, &bits))
            return false;
        in->imm.i32 = (uint32_t)bits;   /* read_leb checked the bits */
        return true;
    case KN_IMM_I64:
        return leb_s64(r, 64, &in->imm.i64);
    case KN_IMM_F32:
        if (!read_float_bits(r, 4, &bits))
            return false;
        in->imm.f32 = (uint32_t)bits;
        return true;
    case KN_IMM_F64:
        return read_float_bits(r, 8, &in->imm.f64);
    case KN_IMM_SELECT_T:
        return read_select_t(r, in);
    case KN_IMM_REFTYPE:
        return kn_read_reftype(r, &in->imm.type);
    case KN_IMM_TABLE_INIT:   /* elem index, then table index */
    case KN_IMM_TABLE_COPY:   /* destination, then source */
        return kn_read_u32(r, &in->imm.pair.a) && kn_read_u32(r, &in->imm.pair.b);
    case KN_IMM_MEMORY_INIT:
        in->imm.pair.b = 0;
        return kn_read_u32(r, &in->imm.pair.a) && read_zero(r);
    case KN_IMM_MEMORY_COPY:
        in->imm.pair.a = in->imm.pair.b = 0;
        return read_zero(r) && read_zero(r);
    case KN_IMM_V128:
    case KN_IMM_SHUFFLE:
        if (!kn_read_bytes(r, 16, &p))
            return false;
        memcpy(in->imm.bytes, p, 16);
        return true;
    case KN_IMM_LANE:
        return kn_read_byte(r, &in->lane);
    case KN_IMM_MEMARG_LANE:
        return read_memarg(r, in) && kn_read_byte(r, &in->lane);
    }
    return fail(r, in->offset, "illegal opcode");
}

/* The post-2.0 proposal an unknown opcode belongs to, so that a module
 * built for it learns what kiln lacks rather than only "illegal opcode"
 * (the spec's words stay first: its scripts match them as a prefix). */
static const char *proposal_of(uint8_t byte, uint32_t code)
{
    switch (byte) {
    case 0x06: case 0x07: case 0x08: case 0x09: case 0x0a: case 0x18: case 0x19:
    case 0x1f:
        return "exception handling";
    case 0x12: case 0x13:
        return "tail calls";
    case 0x14: case 0x15: case 0xd4: case 0xd5: case 0xd6:
        return "typed function references";
    case 0xfb:
        return "garbage collection";
    case 0xfd:
        return code >= 0x100 ? "relaxed SIMD" : NULL;
    case 0xfe:
        return "threads";
    default:
        return NULL;
    }
}

/* The failure of an encoding that names no instruction: out of line, so
 * that its message buffers stay off the path of every other instruction. */
static __attribute__((noinline, cold)) bool illegal_opcode(kn_reader *r, size_t at,
                                                           uint8_t byte, bool prefixed,
                                                           uint32_t code)
{
    const char *p = proposal_of(byte, code);
    char sub[16] = "", msg[128];
    if (prefixed)
        snprintf(sub, sizeof sub, " %u", code);
    snprintf(msg, sizeof msg, "illegal opcode %02x%s%s%s%s", byte, sub, p ? " (" : "",
             p ? p : "", p ? ": a proposal kiln does not implement)" : "");
    return fail(r, at, msg);
}

bool kn_read_instr(kn_reader *r, kn_instr *out)
{
    size_t at = kn_reader_offset(r);
    uint8_t byte;

    if (r->failed)
        return false;
    if (r->pos >= r->end)
        return fail_eof(r);
    byte = *r->pos++;
    memset(&out->imm, 0, sizeof out->imm);
    out->select_arity = 0;
    out->lane = 0;
    out->offset = (uint32_t)at;
    /* 0xFC and 0xFD prefix a LEB128 sub-opcode (spec 5.4). */
    bool prefixed = byte == 0xfc || byte == 0xfd;
    uint32_t code = byte;
    if (prefixed && !leb_u32(r, &code))
        return false;
    int op = kn_opcode_lookup(prefixed ? byte : 0, code);
    if (op < 0)
        return illegal_opcode(r, at, byte, prefixed, code);
    out->op = (kn_opcode)op;
    return read_immediates(r, out);
}
